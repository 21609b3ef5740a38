#!/usr/bin/env bash
# Writes the Terraform CLI config this repo uses and prints its path.
#
# Where the AWS provider 5.100.0 is preinstalled as a filesystem mirror (offline machines, CI,
# air-gapped networks) the config installs hashicorp/aws from that mirror and everything else
# from the registry, with no plugin cache: `terraform init` symlinks the unpacked mirror into
# .terraform, so a cache saves nothing, and Terraform's plugin cache is not safe for concurrent
# installs (parallel inits failed with "mkdir ...: file exists"). Elsewhere the config sets a
# plugin cache and the registry stays the default for real users; callers that init in parallel
# then serialize their inits on $dir/init.lock (tools/terraform/init.sh and the emulator harness). The mirror is
# discovered, never assumed; set PHI_STACK_TF_MIRROR to skip the search.
#
# Usage: TF_CLI_CONFIG_FILE="$(bash tools/terraform/cli-config.sh)"
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dir="$root/.terraform-cli"
config="$dir/terraformrc"
provider_version="5.100.0"

find_mirror() {
  if [ -n "${PHI_STACK_TF_MIRROR:-}" ]; then
    printf '%s\n' "$PHI_STACK_TF_MIRROR"
    return
  fi
  local binary
  binary="$(find / -xdev -path /proc -prune -o -name "terraform-provider-aws_v${provider_version}*" -type f -print 2>/dev/null | head -n 1 || true)"
  [ -n "$binary" ] || return 0
  # <mirror>/registry.terraform.io/hashicorp/aws/<version>/<os_arch>/<binary>
  local rel="${binary%/registry.terraform.io/hashicorp/aws/*}"
  [ "$rel" != "$binary" ] && printf '%s\n' "$rel"
}

# Reuse the config while the mirror it names still exists (the search takes a few seconds) and
# it was written by this version of the script.
format="2"
if [ -f "$config" ] && grep -qx "# format: $format" "$config"; then
  recorded="$(sed -n 's/^# mirror: //p' "$config")"
  if [ -z "$recorded" ] || [ -d "$recorded/registry.terraform.io/hashicorp/aws/$provider_version" ]; then
    printf '%s\n' "$config"
    exit 0
  fi
fi

mkdir -p "$dir"
mirror="$(find_mirror)"
{
  echo "# Written by tools/terraform/cli-config.sh; safe to delete."
  echo "# format: $format"
  echo "# mirror: ${mirror}"
  if [ -z "$mirror" ]; then
    mkdir -p "$dir/plugin-cache"
    echo "plugin_cache_dir = \"$dir/plugin-cache\""
  else
    cat <<HCL
provider_installation {
  filesystem_mirror {
    path    = "$mirror"
    include = ["registry.terraform.io/hashicorp/aws"]
  }
  direct {
    exclude = ["registry.terraform.io/hashicorp/aws"]
  }
}
HCL
  fi
} > "$config.tmp.$$"
mv "$config.tmp.$$" "$config"
printf '%s\n' "$config"
