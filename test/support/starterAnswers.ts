/**
 * Right and wrong answers to every item of `eval/starter.jsonl`, for the
 * scripted loopback models (scripts/eval-starter.ts) and for checking the
 * shipped dataset's checks (test/eval/starter.test.ts). A wrong answer is
 * the kind of slip a small model makes: an off-by-one, a wrong fact.
 */
export const STARTER_ANSWERS: Record<string, { right: string; wrong: string }> = {};

const math: [string, number, number][] = [
  ["gsm8k-1", 18, 22], ["gsm8k-2", 3, 4], ["gsm8k-3", 70000, 200000], ["gsm8k-4", 540, 180], ["gsm8k-5", 20, 40],
  ["gsm8k-6", 64, 80], ["gsm8k-7", 260, 160], ["gsm8k-8", 160, 120], ["gsm8k-9", 45, 135], ["gsm8k-10", 460, 450],
];
for (const [id, right, wrong] of math) {
  STARTER_ANSWERS[id] = { right: `Working it through step by step gives ${right}. The answer is ${right}.`, wrong: `Working it through step by step gives ${wrong}. The answer is ${wrong}.` };
}

const js = (body: string) => `\`\`\`js\n${body}\n\`\`\``;
const code: [string, string, string][] = [
  ["humaneval-0",
    "function hasCloseElements(numbers, threshold) {\n  for (let i = 0; i < numbers.length; i++)\n    for (let j = i + 1; j < numbers.length; j++)\n      if (Math.abs(numbers[i] - numbers[j]) < threshold) return true;\n  return false;\n}",
    "function hasCloseElements(numbers, threshold) {\n  for (let i = 1; i < numbers.length; i++) if (Math.abs(numbers[i] - numbers[i - 1]) < threshold) return true;\n  return false;\n}"],
  ["humaneval-2", "function truncateNumber(number) {\n  return number % 1;\n}", "function truncateNumber(number) {\n  return Math.floor(number);\n}"],
  ["humaneval-3",
    "function belowZero(operations) {\n  let balance = 0;\n  for (const op of operations) {\n    balance += op;\n    if (balance < 0) return true;\n  }\n  return false;\n}",
    "function belowZero(operations) {\n  return operations.reduce((a, b) => a + b, 0) < 0;\n}"],
  ["humaneval-4",
    "function meanAbsoluteDeviation(numbers) {\n  const mean = numbers.reduce((a, b) => a + b, 0) / numbers.length;\n  return numbers.reduce((sum, x) => sum + Math.abs(x - mean), 0) / numbers.length;\n}",
    "function meanAbsoluteDeviation(numbers) {\n  const mean = numbers.reduce((a, b) => a + b, 0) / numbers.length;\n  return numbers.reduce((sum, x) => sum + Math.abs(x - mean), 0) / (numbers.length - 1);\n}"],
  ["humaneval-5",
    "function intersperse(numbers, delimiter) {\n  return numbers.flatMap((n, i) => (i === 0 ? [n] : [delimiter, n]));\n}",
    "function intersperse(numbers, delimiter) {\n  return numbers.flatMap((n) => [n, delimiter]);\n}"],
  ["humaneval-7", "function filterBySubstring(strings, substring) {\n  return strings.filter((s) => s.includes(substring));\n}", "function filterBySubstring(strings, substring) {\n  return strings.filter((s) => s.startsWith(substring));\n}"],
  ["humaneval-8",
    "function sumProduct(numbers) {\n  return [numbers.reduce((a, b) => a + b, 0), numbers.reduce((a, b) => a * b, 1)];\n}",
    "function sumProduct(numbers) {\n  return [numbers.reduce((a, b) => a + b, 0), numbers.reduce((a, b) => a * b, 0)];\n}"],
  ["humaneval-9",
    "function rollingMax(numbers) {\n  let max = -Infinity;\n  return numbers.map((n) => (max = Math.max(max, n)));\n}",
    "function rollingMax(numbers) {\n  return numbers.map((n, i) => Math.max(...numbers.slice(0, i)));\n}"],
  ["humaneval-13",
    "function greatestCommonDivisor(a, b) {\n  while (b) [a, b] = [b, a % b];\n  return a;\n}",
    "function greatestCommonDivisor(a, b) {\n  for (let d = Math.min(a, b); d > 1; d--) if (a % d === 0) return d;\n  return 1;\n}"],
  ["humaneval-14",
    "function allPrefixes(string) {\n  return [...string].map((_, i) => string.slice(0, i + 1));\n}",
    "function allPrefixes(string) {\n  return [...string].map((_, i) => string.slice(0, i));\n}"],
  ["humaneval-15",
    "function stringSequence(n) {\n  return Array.from({ length: n + 1 }, (_, i) => i).join(' ');\n}",
    "function stringSequence(n) {\n  return Array.from({ length: n }, (_, i) => i).join(' ');\n}"],
  ["humaneval-16",
    "function countDistinctCharacters(string) {\n  return new Set(string.toLowerCase()).size;\n}",
    "function countDistinctCharacters(string) {\n  return new Set(string).size;\n}"],
  ["humaneval-18",
    "function howManyTimes(string, substring) {\n  let count = 0;\n  for (let i = 0; i + substring.length <= string.length; i++) if (string.slice(i, i + substring.length) === substring) count++;\n  return count;\n}",
    "function howManyTimes(string, substring) {\n  return string.split(substring).length - 1;\n}"],
  ["humaneval-25",
    "function factorize(n) {\n  const factors = [];\n  for (let p = 2; p * p <= n; p++) while (n % p === 0) { factors.push(p); n /= p; }\n  if (n > 1) factors.push(n);\n  return factors;\n}",
    "function factorize(n) {\n  const factors = [];\n  for (let p = 2; p <= n; p++) if (n % p === 0) factors.push(p);\n  return factors;\n}"],
  ["humaneval-27",
    "function flipCase(string) {\n  return [...string].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('');\n}",
    "function flipCase(string) {\n  return string.toUpperCase();\n}"],
];
for (const [id, right, wrong] of code) STARTER_ANSWERS[id] = { right: js(right), wrong: js(wrong) };

const facts: [string, string, string][] = [
  ["fact-gold", "The chemical symbol for gold is Au.", "The chemical symbol for gold is Ag."],
  ["fact-jupiter", "Jupiter is the largest planet in the Solar System.", "Saturn is the largest planet in the Solar System."],
  ["fact-austen", "Pride and Prejudice was written by Jane Austen.", "Pride and Prejudice was written by Charlotte Brontë."],
  ["fact-canberra", "The capital of Australia is Canberra.", "The capital of Australia is Sydney."],
  ["fact-apollo", "Apollo 11 landed on the Moon in 1969.", "Apollo 11 landed on the Moon in 1968."],
  ["fact-boiling", "Water boils at 100 °C at sea level.", "Water boils at 90 °C at sea level."],
  ["fact-hydrogen", "Hydrogen has atomic number 1.", "Helium has atomic number 1."],
  ["fact-amazon", "The Amazon is the longest river in South America.", "The Paraná is the longest river in South America."],
  ["fact-relativity", "Albert Einstein developed the general theory of relativity.", "Isaac Newton developed the general theory of relativity."],
  ["fact-prime", "The smallest prime number is 2. The answer is 2.", "The smallest prime number is 1. The answer is 1."],
  ["fact-light", "Light travels at about 300,000 km per second.", "Light travels at about 150,000 km per second."],
  ["fact-brazil", "Portuguese is the most widely spoken language in Brazil.", "Spanish is the most widely spoken language in Brazil."],
  ["fact-diamond", "Diamond is the hardest naturally occurring mineral.", "Quartz is the hardest naturally occurring mineral."],
  ["fact-insulin", "Insulin is produced by the pancreas.", "Insulin is produced by the liver."],
  ["fact-ottawa", "The capital of Canada is Ottawa.", "The capital of Canada is Toronto."],
];
for (const [id, right, wrong] of facts) STARTER_ANSWERS[id] = { right, wrong };
