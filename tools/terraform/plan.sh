#!/usr/bin/env bash
# Plans one synthesized stack and writes a review of the plan.
# Usage: tools/terraform/plan.sh apps/<region>/cdktf.out/stacks/<stack>
#
# Works in .terraform-work/<mode>/<stack>/ (mode: PHI_STACK_TARGET, default local), on a copy of
# cdk.tf.json so that the synth output (an Nx cache artifact) stays untouched. Writes there:
#   plan.bin     the saved plan that deploy.sh applies
#   plan.json    `terraform show -json plan.bin` (holds secrets in clear text: never upload it)
#   plan.md      the plan-review Markdown (secrets masked, phi-guard waivers from the stack's
#                phi-guard.json), also printed on stdout
#   plan.sha256  sha256 of the cdk.tf.json that was planned, so deploy.sh can refuse a stale plan
# PHI_PLAN_FAIL_ON=destroy|replace|stateful (comma-separated) makes the review fail the target.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=lib.sh
source "$root/tools/terraform/lib.sh"

phi_workdir plan "$@"

rm -f "$work/plan.bin" "$work/plan.json" "$work/plan.md" "$work/plan.sha256"
cp "$stack_dir/cdk.tf.json" "$work/cdk.tf.json"
guard_report="$(cd "$stack_dir" && pwd)/phi-guard.json"
phi_init plan
cd "$work"
terraform plan -input=false -no-color -lock-timeout=120s -out=plan.bin >plan.log 2>&1 || { cat plan.log >&2; echo "plan: terraform plan failed for $stack ($mode); log: $work/plan.log" >&2; exit 1; }
terraform show -json plan.bin >plan.json
# Recorded last: a plan without its checksum is treated as missing by deploy.sh.
phi_sha256 "$stack_dir/cdk.tf.json" >plan.sha256

args=(plan.json --title "Terraform plan review: $stack ($mode)")
[ -n "${PHI_PLAN_FAIL_ON:-}" ] && args+=(--fail-on "$PHI_PLAN_FAIL_ON")
# The synth writes the phi-guard report next to cdk.tf.json: its waivers (which rules each opt-out
# tag waives, who asked, PhiGuard.suppress calls) go into the review's Waivers section.
[ -f "$guard_report" ] && args+=(--guard-report "$guard_report")
status=0
node "$root/tools/plan-review/bin/plan-review.js" "${args[@]}" >plan.md || status=$?
cat plan.md
exit "$status"
