#!/usr/bin/env bash
# The ordering recipe: create this release's migrate Job, wait until it completes (stop if it
# fails), then apply the Deployment. Run it from the pipeline, in this folder, with kubectl
# pointing at the cluster and namespace.
#   usage: deploy.sh [TIMEOUT_SECONDS]   (default 1800, the Job's activeDeadlineSeconds)
set -euo pipefail
cd "$(dirname "$0")"
timeout=${1:-1800}

# create, not apply: generateName makes a new Job for this release.
job=$(kubectl create -f migrate-job.yaml -o name)
echo "created $job"

deadline=$((SECONDS + timeout))
while true; do
  # The conditions that are true: Complete, or Failed (backoffLimit 0, activeDeadlineSeconds).
  state=$(kubectl get "$job" -o jsonpath='{range .status.conditions[?(@.status=="True")]}{.type}{" "}{end}')
  case " $state " in
    *" Complete "*) break ;;
    *" Failed "*)
      kubectl logs "$job" --tail=100 || true
      echo "error: $job failed; the Deployment was not applied" >&2
      exit 1
      ;;
  esac
  if ((SECONDS >= deadline)); then
    kubectl logs "$job" --tail=100 || true
    echo "error: $job did not finish within ${timeout} s; the Deployment was not applied" >&2
    exit 1
  fi
  sleep 5
done
kubectl logs "$job" --tail=100 || true
echo "$job completed; applying the Deployment"
kubectl apply -f deployment.yaml
kubectl rollout status deployment/shop --timeout=10m
