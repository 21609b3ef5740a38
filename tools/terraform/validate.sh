#!/usr/bin/env bash
# terraform validate of one synthesized stack against the real AWS provider schema.
# Usage: tools/terraform/validate.sh apps/<region>/cdktf.out/stacks/<stack>
# Works on a copy of cdk.tf.json, so the synth output (an Nx cache artifact) stays untouched.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
stack_dir="$1"
if [ ! -f "$stack_dir/cdk.tf.json" ]; then
  echo "validate: $stack_dir/cdk.tf.json does not exist: run the synth target first (nx run-many -t synth)" >&2
  exit 2
fi
stack="$(basename "$stack_dir")"
work="$root/.terraform-work/validate/$stack"
mkdir -p "$work"
cp "$stack_dir/cdk.tf.json" "$work/cdk.tf.json"
export TF_CLI_CONFIG_FILE="${TF_CLI_CONFIG_FILE_OVERRIDE:-$(bash "$root/tools/terraform/cli-config.sh")}"
export TF_IN_AUTOMATION=1
cd "$work"
bash "$root/tools/terraform/init.sh" -backend=false -input=false -no-color >init.log 2>&1 || { cat init.log >&2; exit 1; }
terraform validate -no-color
