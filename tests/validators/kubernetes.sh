#!/usr/bin/env bash
# The Kubernetes examples: the manifests against Kubernetes' OpenAPI schema and the migrate-Job
# checks (kubernetes.mjs); the Helm ConfigMap's shiftway.toml read by shiftway itself; and
# deploy.sh's ordering, driven against a stand-in kubectl that plays a Job that completes and one
# that fails.
# Usage: kubernetes.sh SHIFTWAY_BINARY SOURCE_DIR
set -euo pipefail
shiftway=$1
src=$2
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

node "$here/kubernetes.mjs" "$src" "$work/shiftway.toml" "$work/fleet.toml"
# The fleet Job's [fleet] is read by shiftway itself: an unknown key there would fail the Job.
(cd "$work" && "$shiftway" --config fleet.toml --url sqlite:probe.db info > fleet.out 2> fleet.err) || {
  echo "kubernetes.sh: shiftway refused the fleet Job's shiftway.toml:" >&2
  cat "$work/fleet.err" >&2
  exit 1
}
(cd "$work" && "$shiftway" --config shiftway.toml --url sqlite:probe.db info > info.out 2> info.err) || {
  echo "kubernetes.sh: shiftway refused the Helm chart's shiftway.toml:" >&2
  cat "$work/info.err" >&2
  exit 1
}

shellcheck "$src/packaging/kubernetes/deploy.sh"

# A kubectl that logs each call and reports the Job's conditions from $JOB_STATE.
mkdir -p "$work/bin"
cat > "$work/bin/kubectl" <<'KUBECTL'
#!/usr/bin/env bash
echo "kubectl $*" >> "$KUBECTL_LOG"
case "$1" in
  create) echo "job.batch/shop-migrate-abc12" ;;
  get) echo -n "$JOB_STATE " ;;
esac
KUBECTL
chmod +x "$work/bin/kubectl"
run_deploy() {
  local state=$1
  : > "$work/log"
  JOB_STATE=$state KUBECTL_LOG="$work/log" PATH="$work/bin:$PATH" bash "$src/packaging/kubernetes/deploy.sh" 60 \
    > "$work/out" 2>&1
}
run_deploy "SuccessCriteriaMet Complete"
expected="kubectl create -f migrate-job.yaml -o name
kubectl get job.batch/shop-migrate-abc12 -o jsonpath={range .status.conditions[?(@.status==\"True\")]}{.type}{\" \"}{end}
kubectl logs job.batch/shop-migrate-abc12 --tail=100
kubectl apply -f deployment.yaml
kubectl rollout status deployment/shop --timeout=10m"
if [[ "$(cat "$work/log")" != "$expected" ]]; then
  echo "kubernetes.sh: deploy.sh with a completed Job ran:" >&2
  cat "$work/log" >&2
  exit 1
fi
if run_deploy "FailureTarget Failed"; then
  echo "kubernetes.sh: deploy.sh exited 0 although the Job failed" >&2
  exit 1
fi
if grep -q "apply" "$work/log"; then
  echo "kubernetes.sh: deploy.sh applied the Deployment although the Job failed" >&2
  exit 1
fi
grep -q "failed; the Deployment was not applied" "$work/out"
echo "deploy.sh: applies the Deployment after Complete, stops on Failed"
