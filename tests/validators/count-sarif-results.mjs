// Reads the multitool's own SARIF output and fails on any error or warning it reports, printing each.
// Usage: node count-sarif-results.mjs VALIDATION.sarif CONSOLE.txt
import { readFileSync, existsSync } from "node:fs";

const [log, consoleText] = process.argv.slice(2);
if (!existsSync(log)) {
  console.error(`the multitool wrote no ${log}:\n${readFileSync(consoleText, "utf8")}`);
  process.exit(1);
}
const doc = JSON.parse(readFileSync(log, "utf8"));
const results = doc.runs.flatMap((run) => run.results || []);
const notifications = doc.runs.flatMap((run) =>
  (run.invocations || []).flatMap((i) => [...(i.toolExecutionNotifications || []), ...(i.toolConfigurationNotifications || [])]));
const bad = results.filter((r) => (r.level || "warning") !== "note" && r.level !== "none");
for (const r of bad) console.error(`${r.level || "warning"} ${r.ruleId}: ${r.message.text || JSON.stringify(r.message)}`);
for (const n of notifications.filter((n) => n.level === "error")) console.error(`tool error: ${n.message.text}`);
const errors = bad.filter((r) => r.level === "error").length;
console.log(`sarif-multitool (GitHub and SARIF rules): ${errors} errors, ${bad.length - errors} warnings, ${results.length - bad.length} notes`);
process.exit(bad.length > 0 || notifications.some((n) => n.level === "error") ? 1 : 0);
