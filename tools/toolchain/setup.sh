#!/usr/bin/env bash
# Idempotent toolchain setup for machines without registry access (CI, air-gapped networks).
#
#   eval "$(bash tools/toolchain/setup.sh)"          # set up everything, export the env
#   bash tools/toolchain/setup.sh --no-image         # skip the emulator image build
#
# Steps (each skipped when already done):
#   1. apt-get install docker.io debootstrap hyperfine when a command is missing;
#   2. start dockerd in the background when no Docker engine answers;
#   3. build the emulator image (tools/emulator/image/build.sh) when its tag is missing;
#   4. install the pinned checkov into its venv (tools/checkov/install.sh) when it is missing;
#   5. write .terraform-cli/terraformrc (filesystem mirror for hashicorp/aws when one exists on
#      this machine and then no plugin cache; a plugin cache only where there is no mirror).
# stdout carries only `export NAME=value` lines (same as env.sh); all logs go to stderr.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

BUILD_IMAGE=1
for arg in "$@"; do
  case "$arg" in
    --print-env) ;; # default behaviour, accepted for readability
    --no-image) BUILD_IMAGE=0 ;;
    -h | --help) sed -n '2,17p' "$0" >&2; exit 0 ;;
    *) phi_die "unknown flag: $arg" ;;
  esac
done

DOCKERD_LOG="${PHI_STACK_DOCKERD_LOG:-/var/log/phi-stack-dockerd.log}"
DOCKERD_PID="${PHI_STACK_DOCKERD_PID:-/var/run/phi-stack-dockerd.pid}"
DOCKERD_TIMEOUT="${PHI_STACK_DOCKERD_TIMEOUT:-60}"

install_packages() {
  local missing=()
  command -v docker >/dev/null 2>&1 || missing+=(docker.io)
  command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
  command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
  command -v hyperfine >/dev/null 2>&1 || missing+=(hyperfine)
  [[ ${#missing[@]} -eq 0 ]] && return
  [[ $(id -u) == 0 ]] || phi_die "need root to apt-get install: ${missing[*]}"
  mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
  phi_log "installing ${missing[*]} (apt)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

start_docker() {
  phi_docker_ready && return
  command -v dockerd >/dev/null 2>&1 || phi_die "dockerd not installed"
  if [[ -f "$DOCKERD_PID" ]] && kill -0 "$(cat "$DOCKERD_PID")" 2>/dev/null; then
    phi_log "dockerd (pid $(cat "$DOCKERD_PID")) is starting; waiting"
  else
    phi_log "starting dockerd (log: $DOCKERD_LOG)"
    mkdir -p "$(dirname "$DOCKERD_LOG")" "$(dirname "$DOCKERD_PID")"
    nohup dockerd >>"$DOCKERD_LOG" 2>&1 </dev/null &
    echo $! >"$DOCKERD_PID"
  fi
  local i
  for ((i = 0; i < DOCKERD_TIMEOUT * 2; i++)); do
    phi_docker_ready && { phi_log "docker engine ready"; return; }
    kill -0 "$(cat "$DOCKERD_PID")" 2>/dev/null || phi_die "dockerd exited; see $DOCKERD_LOG"
    sleep 0.5
  done
  phi_die "docker engine not ready after ${DOCKERD_TIMEOUT}s; see $DOCKERD_LOG"
}

write_terraformrc() {
  # One writer for the Terraform CLI config: tools/terraform/cli-config.sh (validate uses it too).
  phi_log "terraform CLI config: $(bash "$PHI_REPO_ROOT/tools/terraform/cli-config.sh")"
}

install_packages
start_docker
if [[ $BUILD_IMAGE == 1 ]]; then
  bash "${PHI_REPO_ROOT}/tools/emulator/image/build.sh" >/dev/null
fi
bash "${PHI_REPO_ROOT}/tools/checkov/install.sh" >/dev/null
write_terraformrc
phi_print_env
