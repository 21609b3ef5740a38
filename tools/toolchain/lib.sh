# Shared helpers for setup.sh and env.sh (sourced, not executed).
# shellcheck shell=bash

PHI_REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PHI_STACK_CACHE="${PHI_STACK_CACHE:-$HOME/.cache/phi-stack}"
PHI_TF_CLI_CONFIG="${PHI_REPO_ROOT}/.terraform-cli/terraformrc"

phi_log() { printf '[toolchain] %s\n' "$*" >&2; }
phi_die() { printf '[toolchain] ERROR: %s\n' "$*" >&2; exit 1; }

# The checkov venv (tools/checkov/install.sh): one per pin, keyed by the hash of requirements.txt.
phi_checkov_venv() {
  local sum
  sum="$(sha256sum "${PHI_REPO_ROOT}/tools/checkov/requirements.txt")"
  printf '%s/checkov/%s\n' "$PHI_STACK_CACHE" "${sum:0:12}"
}

phi_docker_ready() { command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; }

# Print the environment contract on stdout (export lines only).
phi_print_env() {
  local tag
  tag="$(bash "${PHI_REPO_ROOT}/tools/emulator/image/tag.sh")"
  if [[ -f "$PHI_TF_CLI_CONFIG" ]]; then
    printf 'export TF_CLI_CONFIG_FILE=%q\n' "$PHI_TF_CLI_CONFIG"
  fi
  printf 'export PHI_STACK_EMULATOR_IMAGE=%q\n' "$tag"
  local checkov
  checkov="$(phi_checkov_venv)/bin/checkov"
  if [[ -x $checkov ]]; then
    printf 'export PHI_STACK_CHECKOV=%q\n' "$checkov"
  fi
  # Emulator ports are published on 127.0.0.1 only; inside a container (/.dockerenv) Testcontainers
  # would otherwise wait on the Docker gateway's address, where nothing answers.
  printf 'export TESTCONTAINERS_HOST_OVERRIDE=%q\n' "${TESTCONTAINERS_HOST_OVERRIDE:-127.0.0.1}"
  if ! phi_docker_ready || [[ -z "$(docker images -q 'testcontainers/ryuk' 2>/dev/null)" ]]; then
    echo 'export TESTCONTAINERS_RYUK_DISABLED=true'
  fi
}
