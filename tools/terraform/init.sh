#!/usr/bin/env bash
# `terraform init` that is safe to run in parallel with other inits of this repository.
#
#   TF_CLI_CONFIG_FILE="$(bash tools/terraform/cli-config.sh)" bash tools/terraform/init.sh [init flags]
#
# Terraform's plugin cache is not safe for concurrent installs. The repo's CLI config uses no cache
# where a filesystem mirror exists (init then only symlinks the mirror); where the config does set
# plugin_cache_dir, the inits take turns on one lock file next to the config.
set -euo pipefail
config="${TF_CLI_CONFIG_FILE:-}"
if [ -n "$config" ] && grep -q '^plugin_cache_dir' "$config" 2>/dev/null; then
  exec flock "$(dirname "$config")/init.lock" terraform init "$@"
fi
exec terraform init "$@"
