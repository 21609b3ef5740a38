#!/usr/bin/env bash
# Plans one synthesized stack and writes a review of the plan.
# Usage: tools/terraform/plan.sh apps/<region>/cdktf.out/stacks/<stack>
#
# Works in .terraform-work/<mode>/<stack>/ (mode: PHI_STACK_TARGET, default local), on a copy of
# cdk.tf.json so that the synth output (an Nx cache artifact) stays untouched. Writes there:
#   plan.bin        the saved plan that deploy.sh applies
#   plan.log.jsonl  the log of `terraform plan -json`: its errors and warnings go into the review
#   plan.json       `terraform show -json plan.bin` (holds secrets in clear text: never upload it)
#   plan.md         the plan-review Markdown (secrets masked, phi-guard waivers from the stack's
#                   phi-guard.json), also printed on stdout; written for a failed plan too, with
#                   Terraform's errors, so that a pull request shows why its plan failed
#   plan.sha256     sha256 of the cdk.tf.json that was planned, so deploy.sh can refuse a stale plan
#   plan.kind       apply or destroy: deploy.sh applies a destroy plan only with --confirm=<stack>
# Environment:
#   PHI_PLAN_FAIL_ON=destroy|replace|stateful|capacity (comma-separated) makes the review fail the target.
#   PHI_PLAN_DESTROY=true   plans the destruction of the stack (`terraform plan -destroy`), reviewed
#                           and applied like any other plan.
#   PHI_PLAN_REFRESH=false  plans without refreshing (`-refresh=false`): for the pull-request plan
#                           role, which may not read secret values (see tools/plan-review/README.md).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=lib.sh
source "$root/tools/terraform/lib.sh"

phi_workdir plan "$@"

destroy="${PHI_PLAN_DESTROY:-false}"
refresh="${PHI_PLAN_REFRESH:-true}"
case "$destroy" in true | false) ;; *) echo "plan: PHI_PLAN_DESTROY must be true or false (got '$destroy')" >&2; exit 2 ;; esac
case "$refresh" in true | false) ;; *) echo "plan: PHI_PLAN_REFRESH must be true or false (got '$refresh')" >&2; exit 2 ;; esac

rm -f "$work/plan.bin" "$work/plan.json" "$work/plan.md" "$work/plan.sha256" "$work/plan.kind" "$work/plan.log" "$work/plan.log.jsonl"
phi_copy_stack "$stack_dir" "$work"
guard_report="$(cd "$stack_dir" && pwd)/phi-guard.json"
phi_init plan
cd "$work"

kind=apply
tf_args=(plan -input=false -no-color -lock-timeout=120s -json -out=plan.bin)
[ "$destroy" = true ] && { tf_args+=(-destroy); kind=destroy; }
[ "$refresh" = false ] && tf_args+=(-refresh=false)
planned=0
terraform "${tf_args[@]}" >plan.log.jsonl 2>plan.stderr || planned=$?

title="Terraform plan review: $stack ($mode)"
[ "$kind" = destroy ] && title="Terraform destroy plan review: $stack ($mode)"
args=(plan.json --title "$title" --diagnostics plan.log.jsonl)
[ -n "${PHI_PLAN_FAIL_ON:-}" ] && args+=(--fail-on "$PHI_PLAN_FAIL_ON")
# The synth writes the phi-guard report next to cdk.tf.json: its waivers (which rules each opt-out
# tag waives, who asked, PhiGuard.suppress calls) go into the review's Waivers section.
[ -f "$guard_report" ] && args+=(--guard-report "$guard_report")

if [ "$planned" -ne 0 ]; then
  # Terraform saves a partial plan for some errors (a data source that cannot be read, a failed
  # precondition) and none for others (invalid configuration, no credentials). Either way the
  # review shows the errors from the -json log and fails; nothing here can be deployed.
  if [ -f plan.bin ]; then
    terraform show -json plan.bin >plan.json 2>>plan.stderr || true
    rm -f plan.bin
  fi
  if [ ! -s plan.json ]; then
    printf '{"format_version":"1.2","terraform_version":"%s","errored":true,"planned_values":{},"resource_changes":[]}\n' \
      "$(terraform version -json 2>/dev/null | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{try{console.log(JSON.parse(s).terraform_version)}catch{console.log("unknown")}})')" >plan.json
  fi
  node "$root/tools/plan-review/bin/plan-review.js" "${args[@]}" >plan.md 2>>plan.stderr || true
  cat plan.md
  cat plan.stderr >&2
  echo "plan: terraform plan failed for $stack ($mode) (exit $planned): its errors are in the review above and in $work/plan.log.jsonl" >&2
  exit 1
fi
terraform show -json plan.bin >plan.json
echo "$kind" >plan.kind
# Recorded last: a plan without its checksum is treated as missing by deploy.sh.
phi_sha256 "$stack_dir/cdk.tf.json" >plan.sha256

status=0
node "$root/tools/plan-review/bin/plan-review.js" "${args[@]}" >plan.md || status=$?
cat plan.md
exit "$status"
