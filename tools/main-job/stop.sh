#!/usr/bin/env bash
# npm stop: destroy every stack applied by npm start, then stop the emulator.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
eval "$(bash tools/toolchain/env.sh)"
state=".emulator/state.json"
if [ -f "$state" ]; then
  export TF_VAR_emulator_endpoint="$(node -p "require('./$state').endpoint")"
  for work in .terraform-work/local/*/; do
    [ -f "$work/terraform.tfstate" ] || continue
    echo "destroying $(basename "$work")" >&2
    (cd "$work" && terraform destroy -auto-approve -input=false -no-color >destroy.log 2>&1) || { tail -20 "$work/destroy.log" >&2; exit 1; }
    rm -f "$work/terraform.tfstate" "$work/terraform.tfstate.backup"
  done
fi
npx tsx tools/emulator/src/cli.ts stop
