// GitLab's own CI schema (https://gitlab.com/.gitlab-ci.yml, draft-07) as gitlab-ci-local bundles
// it: the bundle holds it as an object literal, which this cuts out (string-aware brace matching)
// and evaluates. Prints the schema as JSON on stdout.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const bundle = readFileSync(require.resolve("gitlab-ci-local/package.json").replace(/package\.json$/, "dist/index.js"), "utf8");
const marker = '{$schema:"http://json-schema.org/draft-07/schema#",$id:"https://gitlab.com/.gitlab-ci.yml"';
const start = bundle.indexOf(marker);
if (start < 0) {
  console.error("gitlab-ci-schema: the GitLab CI schema is not in gitlab-ci-local's bundle");
  process.exit(1);
}
let depth = 0;
let end = -1;
for (let i = start; i < bundle.length && end < 0; ++i) {
  const c = bundle[i];
  if (c === '"' || c === "'" || c === "`") {
    for (++i; bundle[i] !== c; ++i) if (bundle[i] === "\\") ++i;
  } else if (c === "{") {
    ++depth;
  } else if (c === "}" && --depth === 0) {
    end = i + 1;
  }
}
const schema = new Function(`return ${bundle.slice(start, end)};`)();
process.stdout.write(JSON.stringify(schema, null, 1) + "\n");
