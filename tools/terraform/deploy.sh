#!/usr/bin/env bash
# Applies the plan saved by plan.sh, and nothing else.
# Usage: tools/terraform/deploy.sh apps/<region>/cdktf.out/stacks/<stack> [--confirm=<stack>]
#        (--confirm only for a destroy plan: npx nx run app-us-east-1:deploy --confirm=phi-us-east-1)
#
# Refuses (exit 2) when there is no saved plan, or when cdk.tf.json changed since it was planned:
# what gets applied is always what was reviewed. Terraform itself refuses a plan whose state
# changed since (another apply ran): that is reported the same way, with the way out.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=lib.sh
source "$root/tools/terraform/lib.sh"

phi_workdir deploy "${1:-}"
shift || true
phi_confirm_arg deploy "$@"

replan="run the plan target again (npx nx run-many -t plan), review it, then deploy"
if [ ! -f "$work/plan.bin" ] || [ ! -f "$work/plan.sha256" ]; then
  echo "deploy: no saved plan for $stack ($mode) in $work: $replan" >&2
  exit 2
fi
planned="$(cat "$work/plan.sha256")"
current="$(phi_sha256 "$stack_dir/cdk.tf.json")"
# A plan that arrived as an artifact (tools/plan-review/bin/plan-artifact.js unpack) lands in a
# working directory that was never planned in: give it the synth output and an initialized
# backend; the comparison below still refuses it unless the synth is the one that was planned.
fresh=false
if [ ! -f "$work/cdk.tf.json" ]; then phi_copy_stack "$stack_dir" "$work"; fresh=true; fi
copied="$(phi_sha256 "$work/cdk.tf.json")"
if [ "$planned" != "$current" ] || [ "$planned" != "$copied" ]; then
  echo "deploy: the saved plan for $stack ($mode) is stale: $stack_dir/cdk.tf.json changed since it was planned (planned sha256 $planned, now $current): $replan" >&2
  exit 2
fi

# A destroy plan (PHI_PLAN_DESTROY=true plan.sh) deletes every resource of the stack: applying it
# takes the same typed confirmation as destroy.sh.
kind="$(cat "$work/plan.kind" 2>/dev/null || echo apply)"
if [ "$kind" = destroy ] && [ "$confirmed" != "$stack" ]; then
  echo "deploy: the saved plan for $stack ($mode) is a destroy plan: refusing to apply it without --confirm=$stack (got '${confirmed:-nothing}'): every resource of the stack and the data in it would be deleted" >&2
  exit 2
fi

if [ "$fresh" = true ] || [ ! -d "$work/.terraform" ]; then phi_init deploy; fi
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
rm -f plan.bin plan.sha256 plan.json plan.kind
