// Validates JSON documents (or YAML ones, converted) against a JSON schema with ajv.
// Usage: node validate-json.mjs SCHEMA FILE...; exit 1 and every error on a failure.
import { readFileSync } from "node:fs";
import Ajv from "ajv";
import Ajv2019 from "ajv/dist/2019.js";
import AjvDraft04 from "ajv-draft-04";
import addFormats from "ajv-formats";
import YAML from "yaml";

const [schemaPath, ...files] = process.argv.slice(2);
const schema = JSON.parse(readFileSync(schemaPath, "utf8"));
const dialect = String(schema.$schema || "");
// The SARIF 2.1.0 schema is draft-04; GitLab's CI schema is draft-07.
// unicodeRegExp off: the SARIF schema has a language pattern that only non-unicode RegExp accepts.
const Validator = dialect.includes("draft-04") ? AjvDraft04 : dialect.includes("2019-09") ? Ajv2019 : Ajv;
const ajv = new Validator({ allErrors: true, strict: false, validateSchema: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(schema);
let failed = false;
for (const file of files) {
  const text = readFileSync(file, "utf8");
  const doc = /\.ya?ml$/.test(file) ? YAML.parse(text, { merge: true }) : JSON.parse(text);
  if (validate(doc)) {
    console.log(`${file}: valid against ${schemaPath.split("/").pop()}`);
  } else {
    failed = true;
    for (const e of validate.errors) console.error(`${file}: ${e.instancePath || "/"}: ${e.message} ${JSON.stringify(e.params)}`);
  }
}
process.exit(failed ? 1 : 0);
