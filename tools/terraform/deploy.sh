#!/usr/bin/env bash
# Applies the plan saved by plan.sh, and nothing else.
# Usage: tools/terraform/deploy.sh apps/<region>/cdktf.out/stacks/<stack>
#
# Refuses (exit 2) when there is no saved plan, or when cdk.tf.json changed since it was planned:
# what gets applied is always what was reviewed. Terraform itself refuses a plan whose state
# changed since (another apply ran): that is reported the same way, with the way out.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=lib.sh
source "$root/tools/terraform/lib.sh"

phi_workdir deploy "$@"

replan="run the plan target again (npx nx run-many -t plan), review it, then deploy"
if [ ! -f "$work/plan.bin" ] || [ ! -f "$work/plan.sha256" ]; then
  echo "deploy: no saved plan for $stack ($mode) in $work: $replan" >&2
  exit 2
fi
planned="$(cat "$work/plan.sha256")"
current="$(phi_sha256 "$stack_dir/cdk.tf.json")"
copied="$(phi_sha256 "$work/cdk.tf.json")"
if [ "$planned" != "$current" ] || [ "$planned" != "$copied" ]; then
  echo "deploy: the saved plan for $stack ($mode) is stale: $stack_dir/cdk.tf.json changed since it was planned (planned sha256 $planned, now $current): $replan" >&2
  exit 2
fi

cd "$work"
status=0
terraform apply -input=false -no-color -lock-timeout=120s plan.bin 2>&1 | tee apply.log || status=$?
if [ "$status" -ne 0 ]; then
  if grep -q 'Saved plan is stale' apply.log; then
    echo "deploy: terraform refused the saved plan for $stack ($mode): the state changed since it was planned (another apply or destroy ran): $replan" >&2
    rm -f plan.bin plan.sha256
    exit 2
  fi
  echo "deploy: terraform apply failed for $stack ($mode); log: $work/apply.log" >&2
  exit 1
fi
# A saved plan applies once; keep plan.md as the record of what was applied.
rm -f plan.bin plan.sha256 plan.json
