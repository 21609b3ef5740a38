#!/usr/bin/env bash
# Provider-level test of the emulator: terraform init/apply/plan -detailed-exitcode/destroy of
# main.tf against a running emulator. Fails when apply or destroy fails or when the plan right
# after apply is not empty (attributes that do not round-trip through the emulator).
#
#   bash tools/emulator/image/tests/tf/run.sh
#
# Logs of the last run: ${PHI_STACK_CACHE:-~/.cache/phi-stack}/emulator-tf-test/*.log
# Env: PHI_EMULATOR_ENDPOINT  use an emulator that is already running (e.g. http://127.0.0.1:4566);
#                             otherwise a container of $PHI_STACK_EMULATOR_IMAGE (default: the
#                             current tag from tag.sh) is started on a free port and removed after.
#      TF_CLI_CONFIG_FILE     taken from tools/toolchain/env.sh when unset.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../../../.." && pwd)"
log() { printf '[emulator-tf-test] %s\n' "$*" >&2; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

if [[ -z "${TF_CLI_CONFIG_FILE:-}" || ! -f "${TF_CLI_CONFIG_FILE:-/nonexistent}" || -z "${PHI_STACK_EMULATOR_IMAGE:-}" ]]; then
  eval "$(bash "$repo/tools/toolchain/env.sh")"
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/phi-emulator-tf.XXXXXX")"
container=""
logs="${PHI_STACK_CACHE:-$HOME/.cache/phi-stack}/emulator-tf-test"
cleanup() {
  mkdir -p "$logs" && cp "$work"/*.log "$logs/" 2>/dev/null || true
  [[ -n "$container" ]] && docker logs "$container" >"$logs/emulator.log" 2>&1 || true
  [[ -n "$container" ]] && docker rm -f "$container" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

endpoint="${PHI_EMULATOR_ENDPOINT:-}"
if [[ -z "$endpoint" ]]; then
  image="${PHI_STACK_EMULATOR_IMAGE}"
  docker image inspect "$image" >/dev/null 2>&1 || { log "image $image missing: run tools/emulator/image/build.sh"; exit 1; }
  t0="$(now)"
  container="$(docker run -d -p 127.0.0.1::5000 "$image")"
  port="$(docker port "$container" 5000/tcp | head -n1 | sed 's/.*://')"
  endpoint="http://127.0.0.1:${port}"
  for _ in $(seq 1 120); do
    curl -fsS "$endpoint/moto-api/data.json" >/dev/null 2>&1 && break
    sleep 0.25
  done
  curl -fsS "$endpoint/moto-api/data.json" >/dev/null || { docker logs "$container" >&2; log "emulator did not become ready"; exit 1; }
  log "emulator $image ready at $endpoint in $(elapsed "$t0") s"
fi

cp "$here/main.tf" "$work/"
cd "$work"
export TF_IN_AUTOMATION=1 TF_INPUT=0 TF_VAR_endpoint="$endpoint"

run() {
  local name="$1" t0 rc=0
  shift
  t0="$(now)"
  if [[ "$1" == init ]]; then
    shift
    bash "$repo/tools/terraform/init.sh" "$@" >"$work/$name.log" 2>&1 || rc=$? # safe beside parallel inits
  else
    terraform "$@" >"$work/$name.log" 2>&1 || rc=$?
  fi
  log "terraform $name: rc=$rc in $(elapsed "$t0") s"
  return $rc
}

run init init -no-color || { cat "$work/init.log" >&2; exit 1; }
if ! run apply apply -auto-approve -no-color; then
  grep -A12 -E '^Error' "$work/apply.log" >&2 || tail -n 60 "$work/apply.log" >&2
  exit 1
fi
plan_rc=0
run plan plan -detailed-exitcode -no-color || plan_rc=$?
if [[ $plan_rc != 0 ]]; then
  log "plan after apply is not empty (rc=$plan_rc):"
  grep -E '^\s+[~+-]|# |Error' "$work/plan.log" >&2 || cat "$work/plan.log" >&2
fi
destroy_rc=0
run destroy destroy -auto-approve -no-color || destroy_rc=$?
[[ $destroy_rc == 0 ]] || grep -A12 -E '^Error' "$work/destroy.log" >&2 || true
[[ $plan_rc == 0 && $destroy_rc == 0 ]] || exit 1
log "PASS: apply, empty plan, destroy"
