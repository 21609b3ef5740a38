#!/usr/bin/env bash
# Print the emulator image tag for the current phi_moto sources:
#   phi-stack/moto-emulator:<moto version>-<12 hex chars of sha256 over phi_moto/**/*.py, Dockerfile.local,
#   requirements.txt (the pinned moto install) and engine-packages.txt (the pinned Debian engine packages)>
# Pure function of the files in this directory: no Docker, no Python needed.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
MOTO_VERSION="5.2.1"
hash="$(
  cd "$here"
  { find phi_moto -type f -name '*.py' -not -path '*/__pycache__/*' | LC_ALL=C sort; echo Dockerfile.local; echo requirements.txt; echo engine-packages.txt; } |
    while IFS= read -r f; do printf '%s\0' "$f"; cat "$f"; done | sha256sum | cut -c1-12
)"
echo "phi-stack/moto-emulator:${MOTO_VERSION}-${hash}"
