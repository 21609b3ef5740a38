#!/usr/bin/env bash
# Asserts that nothing of the main job is left after `npm stop`: no emulator container (running or
# stopped, labelled by the harness or from our image), no terraform or provider process, and no
# recorded emulator. Used by .ci/run. Exits 1 listing what is left.
#
# PHI_STACK_RUN_STARTED (epoch seconds, set by .ci/run when it starts) scopes the container check to
# this run: a container created before it was not left by this run. Such containers (for example
# ones a killed dockerd marked "Exited (255)" on a reused machine) are listed as pre-existing and
# left alone; they do not fail the check. Unset, every matching container counts.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
since="${PHI_STACK_RUN_STARTED:-0}"
[[ "$since" =~ ^[0-9]+$ ]] || { echo "assert-clean: PHI_STACK_RUN_STARTED must be epoch seconds, got '$since'" >&2; exit 2; }
left=()
older=()
if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
  while read -r id image status; do
    [ -n "$id" ] || continue
    created="$(docker inspect -f '{{.Created}}' "$id" 2>/dev/null || true)"
    created_s="$(date -d "$created" +%s 2>/dev/null || echo 0)"
    if [ "$since" -gt 0 ] && [ "$created_s" -gt 0 ] && [ "$created_s" -lt "$since" ]; then
      older+=("container $id $image $status (created $created, before this run)")
    else
      left+=("container $id $image $status")
    fi
  done < <(
    { docker ps -a --filter label=org.phi-stack.role=emulator --format '{{.ID}} {{.Image}} {{.Status}}'
      docker ps -a --filter label=org.testcontainers=true --format '{{.ID}} {{.Image}} {{.Status}}'
      docker ps -a --format '{{.ID}} {{.Image}} {{.Status}}' | grep -E ' phi-stack/(moto|localstack)' || true; } | sort -u)
fi
while read -r line; do [ -n "$line" ] && left+=("process $line"); done < <(pgrep -a -f '(^|/)terraform( |$)|terraform-provider-aws' || true)
[ -f "$root/.emulator/state.json" ] && left+=("record $root/.emulator/state.json")
if [ "${#older[@]}" -gt 0 ]; then
  printf 'assert-clean: pre-existing, not from this run (left alone; remove with docker rm):\n' >&2
  printf '  %s\n' "${older[@]}" >&2
fi
if [ "${#left[@]}" -gt 0 ]; then
  printf 'assert-clean: left behind after npm stop:\n' >&2
  printf '  %s\n' "${left[@]}" >&2
  exit 1
fi
echo "assert-clean: no emulator container, no terraform process, no emulator record left by this run"
