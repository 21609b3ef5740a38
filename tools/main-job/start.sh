#!/usr/bin/env bash
# npm start: synthesize every app (the regions and the state-bucket bootstrap) for the local
# emulator, start the emulator (http://localhost:4566, left running), apply them in parallel, and
# print their outputs.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
export PHI_STACK_TARGET=local
eval "$(bash tools/toolchain/setup.sh)"

started=$(date +%s)
npx nx run-many -t synth --projects='app-*,bootstrap' --output-style=static >&2
endpoint="$(npx tsx tools/emulator/src/cli.ts start --port "${PHI_STACK_EMULATOR_PORT:-4566}")"
export TF_VAR_emulator_endpoint="$endpoint"

apply_app() {
  local stack_dir="$1" stack work
  stack="$(basename "$stack_dir")"
  work="$root/.terraform-work/local/$stack"
  mkdir -p "$work"
  cp "$stack_dir/cdk.tf.json" "$work/cdk.tf.json"
  (
    cd "$work"
    terraform init -input=false -no-color >init.log 2>&1 || { cat init.log; exit 1; }
    terraform apply -auto-approve -input=false -no-color >apply.log 2>&1 || { tail -40 apply.log; exit 1; }
  )
}

pids=()
stacks=()
for app in apps/*/; do
  app="${app%/}"
  [ -f "$app/region.json" ] || [ "$app" = apps/bootstrap ] || continue
  stack_dir="$app/cdktf.out/stacks/phi-$(basename "$app")" # every app's one stack is phi-<folder>
  stacks+=("$stack_dir")
  echo "applying $(basename "$stack_dir") on $endpoint" >&2
  apply_app "$stack_dir" &
  pids+=($!)
done
failed=0
for i in "${!pids[@]}"; do
  wait "${pids[$i]}" || { echo "apply failed: ${stacks[$i]} (logs in .terraform-work/local/$(basename "${stacks[$i]}"))" >&2; failed=1; }
done
[ "$failed" = 0 ] || exit 1

for stack_dir in "${stacks[@]}"; do
  stack="$(basename "$stack_dir")"
  echo
  echo "== $stack =="
  (cd "$root/.terraform-work/local/$stack" && terraform output -no-color -json) |
    node -e 'const o=JSON.parse(require("fs").readFileSync(0,"utf8")); for (const [k,v] of Object.entries(o)) console.log(`${k.padEnd(28)} ${v.sensitive ? "(sensitive)" : typeof v.value === "string" ? v.value : JSON.stringify(v.value)}`)'
done
echo
echo "applied ${#stacks[@]} stacks in $(( $(date +%s) - started )) s; the emulator keeps running at $endpoint (npm stop destroys the stacks and stops it)"
