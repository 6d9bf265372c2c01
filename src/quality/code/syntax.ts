/**
 * Syntax check of JavaScript/TypeScript with the TypeScript compiler API
 * (`ts.createSourceFile` + syntactic diagnostics only: no type checking, no
 * lib files, so it is fast and does not reject code for using undeclared
 * globals).
 */
import type ts from "typescript";
import { typescript } from "./typescript.js";

export interface SyntaxResult {
  /** Number of syntax errors. */
  errors: number;
  /** First few messages, for the report. */
  messages: string[];
  /** An error sits at the very end of the code: it stops mid-construct. */
  endsMidConstruct: boolean;
}

/** One parsed source file per code string, shared by the criteria of one validation. */
const parsed = new Map<string, ts.SourceFile>();
const PARSE_CACHE_SIZE = 32;

function sourceFileOf(code: string): ts.SourceFile {
  const ts = typescript();
  let file = parsed.get(code);
  if (!file) {
    const jsx = /<([A-Z]\w*|div|span|p|button|ul|li|a|form|input)[\s>/]/u.test(code) && /\/>|<\/\w+>/u.test(code);
    file = ts.createSourceFile(jsx ? "answer.tsx" : "answer.ts", code, ts.ScriptTarget.Latest, true, jsx ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
    if (parsed.size >= PARSE_CACHE_SIZE) parsed.delete(parsed.keys().next().value!);
    parsed.set(code, file);
  }
  return file;
}

/**
 * Parse `code` as TypeScript (a superset of JavaScript syntax; TSX when it
 * contains JSX) and collect the syntactic diagnostics through a one-file
 * program (no lib, no module resolution: cheap, and nothing is read from disk).
 */
export function checkSyntax(code: string): SyntaxResult {
  const ts = typescript();
  const file = sourceFileOf(code);
  const host: ts.CompilerHost = {
    getSourceFile: (name) => (name === file.fileName ? file : undefined),
    writeFile: () => undefined,
    getDefaultLibFileName: () => "lib.d.ts",
    useCaseSensitiveFileNames: () => true,
    getCanonicalFileName: (name) => name,
    getCurrentDirectory: () => "",
    getNewLine: () => "\n",
    fileExists: (name) => name === file.fileName,
    readFile: () => undefined,
  };
  const program = ts.createProgram({ rootNames: [file.fileName], options: { noLib: true, noResolve: true, target: ts.ScriptTarget.Latest, jsx: ts.JsxEmit.Preserve }, host });
  const diagnostics = program.getSyntacticDiagnostics(file);
  const end = code.trimEnd().length;
  return {
    errors: diagnostics.length,
    messages: diagnostics.slice(0, 3).map((d) => ts.flattenDiagnosticMessageText(d.messageText, " ")),
    endsMidConstruct: diagnostics.some((d) => (d.start ?? 0) >= end - 1),
  };
}

/** Brackets left open at the end of the code, counted on real tokens (strings and comments skipped). */
export function openBrackets(code: string): number {
  const ts = typescript();
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, code);
  let depth = 0;
  for (let token = scanner.scan(); token !== ts.SyntaxKind.EndOfFileToken; token = scanner.scan()) {
    if (token === ts.SyntaxKind.OpenBraceToken || token === ts.SyntaxKind.OpenParenToken || token === ts.SyntaxKind.OpenBracketToken) depth++;
    else if (token === ts.SyntaxKind.CloseBraceToken || token === ts.SyntaxKind.CloseParenToken || token === ts.SyntaxKind.CloseBracketToken) depth = Math.max(0, depth - 1);
  }
  return depth;
}

/** Names declared at any level: functions, classes, variables, methods. */
export function declaredNames(code: string): Set<string> {
  const ts = typescript();
  const source = sourceFileOf(code);
  const names = new Set<string>();
  const visit = (node: ts.Node): void => {
    if ((ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node) || ts.isMethodDeclaration(node)) && node.name && ts.isIdentifier(node.name)) {
      names.add(node.name.text);
    } else if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name)) {
      names.add(node.name.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return names;
}

/** Functions whose body is an empty block (`{}`), the usual shape of an unimplemented stub. */
export function emptyFunctionBodies(code: string): number {
  const ts = typescript();
  const source = sourceFileOf(code);
  let count = 0;
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && "body" in node && node.body && ts.isBlock(node.body as ts.Node) && (node.body as ts.Block).statements.length === 0 && !ts.isConstructorDeclaration(node)) {
      count++;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return count;
}
