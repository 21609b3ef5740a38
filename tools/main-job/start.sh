#!/usr/bin/env bash
# npm start: synthesize every app (the regions and the state-bucket bootstrap) for the local
# emulator, start the emulator (http://localhost:4566, left running), apply them in parallel, and
# print their outputs.
#
# On failure nothing is left half-done: the stacks that were applied are destroyed again and the
# emulator is stopped (npm stop's own path), the failing stack's log is shown, and the message says
# how to retry. Set PHI_STACK_KEEP_ON_FAILURE=1 to keep the emulator and the stacks for debugging;
# the message then says so and how to stop them.
#
# PHI_STACK_MAIN_JOB_DIR (default .terraform-work/local) holds each stack's working directory and
# PHI_STACK_EMULATOR_STATE (default .emulator/state.json) records the emulator; npm stop reads both.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
export PHI_STACK_TARGET=local
export PHI_STACK_MAIN_JOB_DIR="${PHI_STACK_MAIN_JOB_DIR:-$root/.terraform-work/local}"
export PHI_STACK_EMULATOR_STATE="${PHI_STACK_EMULATOR_STATE:-$root/.emulator/state.json}"
started=$(date +%s)
phase="toolchain setup"
emulator_started=0

on_exit() {
  local rc=$?
  trap - EXIT INT TERM
  [ "$rc" = 0 ] && return 0
  echo >&2
  echo "npm start failed during $phase (exit $rc)." >&2
  if [ "$emulator_started" = 1 ]; then
    if [ "${PHI_STACK_KEEP_ON_FAILURE:-0}" = 1 ]; then
      echo "The emulator and whatever was applied are left running (PHI_STACK_KEEP_ON_FAILURE=1): 'npm stop' destroys them and stops the emulator." >&2
    else
      echo "Cleaning up: destroying what was applied and stopping the emulator (npm stop)..." >&2
      if bash "$root/tools/main-job/stop.sh" >&2; then
        echo "Cleaned up: no stack and no emulator are left running." >&2
      else
        echo "Clean-up failed: the emulator may still be running; run 'npm stop' to destroy the stacks and stop it." >&2
      fi
    fi
  fi
  echo "Fix the cause above, then run 'npm start' again (logs of each stack: $PHI_STACK_MAIN_JOB_DIR/<stack>/{init,apply}.log)." >&2
  exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

eval "$(bash tools/toolchain/setup.sh)"

phase="synth"
# PHI_STACK_SKIP_SYNTH=1 applies what the synth targets last wrote (the main job's failure test runs
# inside an Nx task, after the synth, and must not start a second Nx).
if [ "${PHI_STACK_SKIP_SYNTH:-0}" != 1 ]; then
  npx nx run-many -t synth --projects='app-*,bootstrap' --output-style=static >&2
fi

phase="emulator start"
emulator_started=1 # from here on a failure must stop what it started (a failed start leaves no container)
endpoint="$(npx tsx tools/emulator/src/cli.ts start --port "${PHI_STACK_EMULATOR_PORT:-4566}")"
export TF_VAR_emulator_endpoint="$endpoint"

apply_app() {
  local stack_dir="$1" stack work
  stack="$(basename "$stack_dir")"
  work="$PHI_STACK_MAIN_JOB_DIR/$stack"
  mkdir -p "$work"
  cp "$stack_dir/cdk.tf.json" "$work/cdk.tf.json"
  # The files the configuration names by relative path (cdktf assets: the rotation function's zip).
  rm -rf "$work/assets"
  if [ -d "$stack_dir/assets" ]; then cp -R "$stack_dir/assets" "$work/assets"; fi
  (
    cd "$work"
    bash "$root/tools/terraform/init.sh" -input=false -no-color >init.log 2>&1 || { echo "terraform init of $stack failed:" >&2; tail -40 init.log >&2; exit 1; }
    terraform apply -auto-approve -input=false -no-color >apply.log 2>&1 || { echo "terraform apply of $stack failed:" >&2; tail -40 apply.log >&2; exit 1; }
  )
}

phase="apply"
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
failed=()
for i in "${!pids[@]}"; do
  wait "${pids[$i]}" || failed+=("$(basename "${stacks[$i]}")")
done
if [ "${#failed[@]}" -gt 0 ]; then
  phase="apply of ${failed[*]}"
  exit 1
fi

phase="outputs"
for stack_dir in "${stacks[@]}"; do
  stack="$(basename "$stack_dir")"
  echo
  echo "== $stack =="
  (cd "$PHI_STACK_MAIN_JOB_DIR/$stack" && terraform output -no-color -json) |
    node -e 'const o=JSON.parse(require("fs").readFileSync(0,"utf8")); for (const [k,v] of Object.entries(o)) console.log(`${k.padEnd(28)} ${v.sensitive ? "(sensitive)" : typeof v.value === "string" ? v.value : JSON.stringify(v.value)}`)'
done
echo
echo "applied ${#stacks[@]} stacks in $(( $(date +%s) - started )) s; the emulator keeps running at $endpoint (npm stop destroys the stacks and stops it)"
