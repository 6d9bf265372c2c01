// A module hook that fails any import of node-llama-cpp: proves a code path does not load it.
import { register } from "node:module";
register(
  "data:text/javascript," +
    encodeURIComponent(`export async function resolve(specifier, context, next) {
  if (specifier === "node-llama-cpp") throw Object.assign(new Error("Cannot find package 'node-llama-cpp'"), { code: "ERR_MODULE_NOT_FOUND" });
  return next(specifier, context);
}`),
);
