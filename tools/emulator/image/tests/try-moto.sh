#!/usr/bin/env bash
# Which phi_moto patches does another moto release make unnecessary?
#
#   bash tools/emulator/image/tests/try-moto.sh 5.2.5
#
# Installs moto[server]==<version> and pytest from PyPI into a scratch venv (the machine's pip
# configuration ignored), then runs the patch tests twice against it, in process:
#   1. without the patches: a test that passes shows a behaviour that release already has, so its
#      patch can go (a test that passes on 5.2.1 unpatched too only guards against a patch breaking it);
#   2. with the patches (their version check set to <version>): every test must pass, or a patch
#      no longer fits that release's internals.
# Prints both results and exits 0; it changes nothing in the repository.
set -euo pipefail
version="${1:?usage: try-moto.sh <moto version, e.g. 5.2.5>}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
image="$(dirname "$here")"
scratch="$(mktemp -d "${TMPDIR:-/tmp}/try-moto-${version}.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT
python3 -m venv "$scratch/venv"
PIP_CONFIG_FILE=/dev/null "$scratch/venv/bin/pip" install --quiet --disable-pip-version-check "moto[server]==${version}" pytest
for mode in unpatched patched; do
  mkdir -p "$scratch/$mode"
  cp "$here"/test_*.py "$here/conftest.py" "$scratch/$mode/"
  # The copied tests find phi_moto next to them; the apt-mirror tests read the image's lib/ by path.
  rm -f "$scratch/$mode/test_apt_mirror.py"
  cp -r "$image/phi_moto" "$scratch/$mode/"
  sed -i 's|parents\[1\]|parents[0]|' "$scratch/$mode/conftest.py"
  sed -i "s/^MOTO_VERSION = \".*\"/MOTO_VERSION = \"${version}\"/" "$scratch/$mode/phi_moto/__init__.py"
  [[ $mode == unpatched ]] && sed -i 's/^phi_moto.apply()$/pass  # unpatched run/' "$scratch/$mode/conftest.py"
  echo "== moto ${version}, ${mode}"
  (cd "$scratch/$mode" && "$scratch/venv/bin/python" -m pytest -q -p no:cacheprovider -rA . 2>&1 | grep -E '^(PASSED|FAILED|ERROR)|[0-9]+ (passed|failed)' || true)
done
