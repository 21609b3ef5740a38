#!/usr/bin/env bash
# npm test: every tier of every project.
#   1. lint, the workflow lint (action-validator), typecheck, unit tests, emulator patch tests, synth (phi-guard runs inside it),
#      terraform validate and checkov (pinned, against tools/checkov/skips.yaml) of every app, and the
#      generated props/outputs tables of the package READMEs checked against their sources;
#   2. emulator integration: each module's example and each regional app applied, verified,
#      re-planned and destroyed on the local emulator, four suites at a time (each has its own
#      container; they mostly wait on the provider's polling delays, not on CPU); the vpc-azs
#      example and the S3 part of s3-cloudfront also on LocalStack 4.14.0 (community edition).
# All targets are Nx-cached: a re-run only runs what changed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export PHI_STACK_TARGET=local
eval "$(bash tools/toolchain/setup.sh)"
rm -rf .test-results && mkdir -p .test-results

status=0
# The LocalStack image (LocalStack 4.14.0 from PyPI, built offline; only its suites use it) builds
# beside the static tier, which barely waits on the network; the integration tier waits for it.
( bash tools/emulator/localstack-image/build.sh >.test-results/localstack-image.log 2>&1; echo $? >.test-results/localstack-image.rc ) &
localstack_build=$!
npx nx run-many -t lint lint-workflows typecheck test test-patches validate checkov check-readmes --output-style=static || status=1
wait "$localstack_build" || true
if [ "$(cat .test-results/localstack-image.rc 2>/dev/null)" != 0 ]; then
  echo "test-all: the LocalStack image did not build (its suites will fail):" >&2
  tail -20 .test-results/localstack-image.log >&2
  status=1
fi
npx nx run-many -t integration --parallel="${PHI_STACK_INTEGRATION_PARALLEL:-4}" --output-style=static || status=1
node tools/test-summary.mjs || status=1
exit "$status"
