#!/usr/bin/env bash
# Destroys one stack. Deliberately awkward: the exact stack name must be typed as confirmation.
# Usage: tools/terraform/destroy.sh apps/<region>/cdktf.out/stacks/<stack> --confirm=<stack>
# e.g.   npx nx run app-us-east-1:destroy --confirm=phi-us-east-1   (Nx passes the flag on)
# Resources with deletion protection (databases, caches) still refuse: turn it off first, on purpose.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=lib.sh
source "$root/tools/terraform/lib.sh"

phi_workdir destroy "${1:-}"
shift || true

phi_confirm_arg destroy "$@"
if [ "$confirmed" != "$stack" ]; then
  echo "destroy: refusing to destroy $stack ($mode) without --confirm=$stack (got '${confirmed:-nothing}'): every resource of the stack and the data in it would be deleted" >&2
  exit 2
fi

rm -f "$work/plan.bin" "$work/plan.sha256"
phi_copy_stack "$stack_dir" "$work"
phi_init destroy
cd "$work"
terraform destroy -auto-approve -input=false -no-color -lock-timeout=120s
