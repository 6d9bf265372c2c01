#!/usr/bin/env node
// The installed `llmgenie` command: the compiled CLI (`npm run build` makes dist/).
// In a checkout without a build, use `npm run -s llmgenie -- <command>` instead.
import("../dist/cli/main.js").catch((error) => {
  if (error?.code === "ERR_MODULE_NOT_FOUND" && String(error.message).includes("dist/cli/main.js")) {
    process.stderr.write('llmgenie: dist/ is missing: run "npm run build" first, or "npm run -s llmgenie -- <command>"\n');
    process.exit(1);
  }
  throw error;
});
