#!/usr/bin/env bash
# npm stop: destroy every stack applied by npm start (lifting the deletion protection they keep, as
# the decommissioning runbook does), then stop the emulator.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
eval "$(bash tools/toolchain/env.sh)"
workdirs=()
for work in .terraform-work/local/*/; do
  [ -f "$work/terraform.tfstate" ] && workdirs+=("${work%/}")
done
if [ -f .emulator/state.json ] && [ "${#workdirs[@]}" -gt 0 ]; then
  npx tsx tools/emulator/src/cli.ts teardown "${workdirs[@]}"
  for work in "${workdirs[@]}"; do rm -f "$work/terraform.tfstate" "$work/terraform.tfstate.backup"; done
fi
npx tsx tools/emulator/src/cli.ts stop
