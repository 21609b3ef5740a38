#!/usr/bin/env bash
# npm stop: destroy every stack applied by npm start (lifting the deletion protection they keep, as
# the decommissioning runbook does), then stop the emulator.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
eval "$(bash tools/toolchain/env.sh)"
# Same locations as npm start (tools/main-job/start.sh).
export PHI_STACK_MAIN_JOB_DIR="${PHI_STACK_MAIN_JOB_DIR:-$root/.terraform-work/local}"
export PHI_STACK_EMULATOR_STATE="${PHI_STACK_EMULATOR_STATE:-$root/.emulator/state.json}"
workdirs=()
for work in "$PHI_STACK_MAIN_JOB_DIR"/*/; do
  [ -f "$work/terraform.tfstate" ] && workdirs+=("${work%/}")
done
if [ -f "$PHI_STACK_EMULATOR_STATE" ] && [ "${#workdirs[@]}" -gt 0 ]; then
  npx tsx tools/emulator/src/cli.ts teardown "${workdirs[@]}"
  for work in "${workdirs[@]}"; do rm -f "$work/terraform.tfstate" "$work/terraform.tfstate.backup"; done
fi
npx tsx tools/emulator/src/cli.ts stop
