#!/usr/bin/env bash
# Asserts that nothing of the main job is left after `npm stop`: no emulator container (running or
# stopped, labelled by the harness or from our image), no terraform or provider process, and no
# recorded emulator. Used by .ci/run. Exits 1 listing what is left.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
left=()
if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
  while read -r line; do [ -n "$line" ] && left+=("container $line"); done < <(
    { docker ps -a --filter label=org.phi-stack.role=emulator --format '{{.ID}} {{.Image}} {{.Status}}'
      docker ps -a --filter label=org.testcontainers=true --format '{{.ID}} {{.Image}} {{.Status}}'
      docker ps -a --format '{{.ID}} {{.Image}} {{.Status}}' | grep -E ' phi-stack/(moto|localstack)' || true; } | sort -u)
fi
while read -r line; do [ -n "$line" ] && left+=("process $line"); done < <(pgrep -a -f '(^|/)terraform( |$)|terraform-provider-aws' || true)
[ -f "$root/.emulator/state.json" ] && left+=("record $root/.emulator/state.json")
if [ "${#left[@]}" -gt 0 ]; then
  printf 'assert-clean: left behind after npm stop:\n' >&2
  printf '  %s\n' "${left[@]}" >&2
  exit 1
fi
echo "assert-clean: no emulator container, no terraform process, no emulator record left"
