// Checks the Kubernetes examples: every document against Kubernetes' OpenAPI schema
// (kubernetes-models), then what the issue asks of a migrate Job that a team can copy.
// Usage: node kubernetes.mjs SOURCE_DIR [RENDERED_TOML [FLEET_TOML]]; the second argument receives the
// Helm ConfigMap's shiftway.toml and the third the fleet Job's, for shiftway itself to read.
// Helm templates are rendered here by substituting `{{ .Release.Name }}`, `{{ .Release.Revision }}`
// and `{{ .Values.KEY }}` (optionally `| quote`) from values.yaml; any other template construct is
// an error, so nothing passes unrendered.
import { readFileSync, writeFileSync } from "node:fs";
import YAML from "yaml";

const src = process.argv[2];
const errors = [];
const fail = (where, msg) => errors.push(`${where}: ${msg}`);

function renderHelm(text, values, where) {
  const release = { Name: "shop", Revision: "7" };
  return text.replace(/\{\{\s*([^}]*?)\s*\}\}/g, (all, expr) => {
    const m = /^\.(Release|Values)\.([A-Za-z]+)(\s*\|\s*quote)?$/.exec(expr);
    if (!m) {
      fail(where, `template construct this test cannot render: ${all}`);
      return "x";
    }
    const value = m[1] === "Release" ? release[m[2]] : values[m[2]];
    if (value === undefined) fail(where, `${all} has no value`);
    return m[3] ? JSON.stringify(String(value)) : String(value);
  });
}

async function schemaValidate(doc, where) {
  const [group, version] = doc.apiVersion.includes("/") ? doc.apiVersion.split("/") : [null, doc.apiVersion];
  const module = await import(`kubernetes-models/${group ? group + "/" : ""}${version}`);
  const Kind = module[doc.kind];
  if (!Kind) return fail(where, `no ${doc.kind} in ${doc.apiVersion}`);
  try {
    new Kind(doc).validate();
  } catch (e) {
    fail(where, `not a valid ${doc.apiVersion} ${doc.kind}: ${e.message}`);
  }
}

// Pod Security Standards, restricted profile (the parts a manifest decides).
function checkRestricted(pod, where) {
  const podCtx = pod.securityContext || {};
  for (const c of [...(pod.initContainers || []), ...pod.containers]) {
    const ctx = c.securityContext || {};
    const at = `${where}: container ${c.name}`;
    if ((ctx.runAsNonRoot ?? podCtx.runAsNonRoot) !== true) fail(at, "runAsNonRoot is not true");
    const seccomp = (ctx.seccompProfile || podCtx.seccompProfile || {}).type;
    if (seccomp !== "RuntimeDefault" && seccomp !== "Localhost") fail(at, "no RuntimeDefault seccompProfile");
    if (ctx.allowPrivilegeEscalation !== false) fail(at, "allowPrivilegeEscalation is not false");
    if (!(ctx.capabilities?.drop || []).includes("ALL")) fail(at, "capabilities do not drop ALL");
    if (ctx.privileged) fail(at, "privileged");
    for (const e of c.envFrom || []) if (e.secretRef?.optional) fail(at, "the Secret is optional");
  }
}

function checkMigrateJob(job, where, helm) {
  const s = job.spec;
  if (!job.metadata.generateName && !(helm && /-7$/.test(job.metadata.name))) {
    fail(where, "the Job name is the same every release (use generateName, or the release revision)");
  }
  for (const key of ["backoffLimit", "ttlSecondsAfterFinished", "activeDeadlineSeconds"]) {
    if (typeof s[key] !== "number") fail(where, `spec.${key} is not set`);
  }
  checkRestricted(s.template.spec, where);
  const refs = s.template.spec.containers.flatMap((c) => (c.envFrom || []).map((e) => e.secretRef?.name).filter(Boolean));
  if (refs.length === 0) fail(where, "the credentials do not come from a Secret by reference");
}

async function checkFile(path, { helm = false, values = {} } = {}) {
  let text = readFileSync(`${src}/${path}`, "utf8");
  if (helm) text = renderHelm(text, values, path);
  if (/change-me/i.test(text)) fail(path, "a placeholder secret value");
  const docs = YAML.parseAllDocuments(text).map((d) => d.toJS()).filter(Boolean);
  for (const doc of docs) {
    const where = `${path}: ${doc.kind} ${doc.metadata?.name || doc.metadata?.generateName}`;
    await schemaValidate(doc, where);
    if (doc.kind === "Secret") fail(where, "ships a Secret; reference an existing one instead");
  }
  return docs;
}

const job = await checkFile("packaging/kubernetes/migrate-job.yaml");
if (job.length !== 1 || job[0].kind !== "Job") fail("packaging/kubernetes/migrate-job.yaml", "must hold the Job alone");
else checkMigrateJob(job[0], "packaging/kubernetes/migrate-job.yaml", false);

// The fleet's Indexed Job: each pod one shard, N the same in completions and --shard auto/N.
const fleetPath = "packaging/kubernetes/fleet-job.yaml";
const fleet = await checkFile(fleetPath);
const fleetJob = fleet.find((d) => d.kind === "Job");
if (!fleetJob) fail(fleetPath, "holds no Job");
else {
  checkMigrateJob(fleetJob, fleetPath, false);
  const s = fleetJob.spec;
  if (s.completionMode !== "Indexed") fail(fleetPath, "completionMode is not Indexed, so JOB_COMPLETION_INDEX is not set");
  const args = s.template.spec.containers[0].args || [];
  const shard = args[args.indexOf("--shard") + 1];
  if (!args.includes("--fleet") || shard !== `auto/${s.completions}`) {
    fail(fleetPath, `the container must run --fleet --shard auto/${s.completions} (completions), got ${JSON.stringify(args)}`);
  }
  for (const v of s.template.spec.volumes || []) {
    if (v.configMap && !fleet.find((d) => d.kind === "ConfigMap" && d.metadata.name === v.configMap.name)) {
      fail(fleetPath, `mounts ConfigMap ${v.configMap.name}, which the file does not create`);
    }
  }
  const cm = fleet.find((d) => d.kind === "ConfigMap");
  if (process.argv[4] && cm) writeFileSync(process.argv[4], cm.data["shiftway.toml"]);
}

const deployment = await checkFile("packaging/kubernetes/deployment.yaml");
for (const d of deployment) {
  if (d.kind !== "Deployment") continue;
  checkRestricted(d.spec.template.spec, "packaging/kubernetes/deployment.yaml");
  const wait = (d.spec.template.spec.initContainers || []).find((c) => (c.args || []).includes("--wait-for-version"));
  if (!wait) fail("packaging/kubernetes/deployment.yaml", "no init container waits for the schema");
}

const chart = "packaging/helm/shiftway-migrate";
const values = YAML.parse(readFileSync(`${src}/${chart}/values.yaml`, "utf8"));
const hooks = [];
for (const t of ["migrate-config.yaml", "migrate-job.yaml"]) hooks.push(...(await checkFile(`${chart}/templates/${t}`, { helm: true, values })));
const helmJob = hooks.find((d) => d.kind === "Job");
checkMigrateJob(helmJob, `${chart}: Job`, true);
const weight = (d) => Number(d.metadata.annotations?.["helm.sh/hook-weight"] ?? 0);
const events = (d) => (d.metadata.annotations?.["helm.sh/hook"] || "").split(",").sort().join(",");
for (const v of helmJob.spec.template.spec.volumes || []) {
  const cm = v.configMap && hooks.find((d) => d.kind === "ConfigMap" && d.metadata.name === v.configMap.name);
  if (v.configMap && !cm) fail(`${chart}: Job`, `mounts ConfigMap ${v.configMap.name}, which the chart does not create`);
  if (!cm) continue;
  if (events(cm) !== events(helmJob)) fail(`${chart}: ConfigMap ${cm.metadata.name}`, "is not a hook of the Job's events");
  if (!(weight(cm) < weight(helmJob))) fail(`${chart}: ConfigMap ${cm.metadata.name}`, "is not ordered before the Job (hook-weight)");
}

const config = hooks.find((d) => d.kind === "ConfigMap");
if (process.argv[3] && config) writeFileSync(process.argv[3], config.data["shiftway.toml"]);

for (const e of errors) console.error(e);
console.log(`kubernetes: ${errors.length} errors`);
process.exit(errors.length ? 1 : 0);
