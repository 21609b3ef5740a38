#!/usr/bin/env bash
# Print the phi-stack toolchain environment without installing or starting anything:
#   eval "$(bash tools/toolchain/env.sh)"
# See tools/toolchain/README.md for the variables. Run setup.sh once first on a fresh machine.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
phi_print_env
