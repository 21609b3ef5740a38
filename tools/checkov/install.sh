#!/usr/bin/env bash
# Install the pinned checkov (tools/checkov/requirements.txt, every package pinned with its hashes)
# into its own virtual environment, and print the path of its `checkov` on stdout.
#
#   bash tools/checkov/install.sh      # idempotent: a venv that already holds the pin is reused
#
# The venv lives under the toolchain cache, keyed by the hash of requirements.txt:
# $PHI_STACK_CACHE/checkov/<sha256[:12]>/ (a changed pin is a new venv; several work trees share one).
# It is installed from PyPI only (the machine's pip configuration, extra indexes and constraints
# are ignored) with --require-hashes --no-deps, into a temporary directory renamed at the end, so an
# interrupted install never leaves a half venv behind. Logs go to stderr.
set -euo pipefail
# shellcheck source=../toolchain/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../toolchain/lib.sh"

req="$PHI_REPO_ROOT/tools/checkov/requirements.txt"
venv="$(phi_checkov_venv)"
pin="$(sed -n 's/^checkov==\([0-9.]*\).*/\1/p' "$req")"
[[ -n $pin ]] || phi_die "no checkov==<version> line in $req"

if [[ -x $venv/bin/checkov && "$(cat "$venv/.phi-pin" 2>/dev/null)" == "$pin" ]]; then
  echo "$venv/bin/checkov"
  exit 0
fi

python="${PHI_STACK_PYTHON:-$(command -v python3 || true)}"
[[ -n $python ]] || phi_die "no python3 on PATH (checkov $pin needs Python 3.9 or later): apt-get install python3 python3-venv, or set PHI_STACK_PYTHON"
"$python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 9) else 1)' ||
  phi_die "$python is Python $("$python" -c 'import platform; print(platform.python_version())'); checkov $pin needs 3.9 or later: set PHI_STACK_PYTHON"
if ! "$python" -c 'import ensurepip, venv' 2>/dev/null; then
  [[ $(id -u) == 0 ]] || phi_die "$python has no venv module: apt-get install python3-venv (needs root)"
  phi_log "installing python3-venv (apt)"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-venv >&2
fi

mkdir -p "$(dirname "$venv")"
tmp="$(mktemp -d "$venv.tmp.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
log="$PHI_STACK_CACHE/checkov-install.log"
phi_log "installing checkov $pin into $venv (log: $log)"
started=$SECONDS
"$python" -m venv "$tmp" >&2
# The venv must not move after pip wrote its scripts' shebangs: build it at its final path's twin
# and fix the shebangs on rename (a venv is relocatable but for those).
if ! env -u PIP_FIND_LINKS -u PIP_CONSTRAINT -u PIP_EXTRA_INDEX_URL -u PIP_INDEX_URL PIP_CONFIG_FILE=/dev/null \
  "$tmp/bin/python" -m pip install --quiet --disable-pip-version-check --no-input \
  --require-hashes --no-deps --only-binary=:all: -r "$req" >"$log" 2>&1; then
  tail -n 20 "$log" >&2
  phi_die "pip install of checkov $pin failed; see $log"
fi
echo "$pin" >"$tmp/.phi-pin"
rm -rf "$venv"
grep -rlI --null "$tmp" "$tmp/bin" | xargs -0 -r sed -i "s#$tmp#$venv#g"
mv "$tmp" "$venv"
trap - EXIT
"$venv/bin/checkov" --version >/dev/null || phi_die "checkov in $venv does not start; remove the folder and re-run"
phi_log "checkov $pin installed in $((SECONDS - started)) s"
echo "$venv/bin/checkov"
