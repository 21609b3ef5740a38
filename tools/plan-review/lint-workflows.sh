#!/usr/bin/env bash
# Validates every workflow in .github/workflows with action-validator (the pinned devDependency
# @action-validator/cli: the workflow JSON schema, offline), and records the result in
# .test-results/lint-workflows.txt. Exits 1 naming each invalid file.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
mkdir -p .test-results
shopt -s nullglob
files=(.github/workflows/*.yml .github/workflows/*.yaml)
[ "${#files[@]}" -gt 0 ] || { echo "lint-workflows: no workflow in .github/workflows" >&2; exit 1; }
bad=0
: >.test-results/lint-workflows.txt
for f in "${files[@]}"; do
  if out="$(node_modules/.bin/action-validator "$f" 2>&1)"; then
    echo "ok $f" | tee -a .test-results/lint-workflows.txt
  else
    echo "invalid $f" | tee -a .test-results/lint-workflows.txt >&2
    echo "$out" >&2
    bad=1
  fi
done
exit "$bad"
