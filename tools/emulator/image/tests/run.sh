#!/usr/bin/env bash
# Runs the in-process patch tests with a Python that has moto 5.2.1 and pytest.
# Candidates, in order: $PHI_STACK_PYTHON, the interpreter behind `moto_server`, python3 on PATH,
# pyenv's global python3. Task runners can reorder PATH, so the choice is made here explicitly.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
candidates=()
[ -n "${PHI_STACK_PYTHON:-}" ] && candidates+=("$PHI_STACK_PYTHON")
if command -v pyenv >/dev/null 2>&1; then candidates+=("$(pyenv which python3 2>/dev/null || true)"); fi
candidates+=("$(command -v python3 || true)" "${PYENV_ROOT:-$HOME/.pyenv}/shims/python3" /usr/local/bin/python3 /usr/bin/python3)
for py in "${candidates[@]}"; do
  [ -n "$py" ] && [ -x "$py" ] || continue
  if "$py" -c 'import moto, pytest, sys; sys.exit(0 if moto.__version__ == "5.2.1" else 1)' 2>/dev/null; then
    exec "$py" -m pytest -q "$here" "$@"
  fi
done
echo "test-patches: no python3 with moto 5.2.1 and pytest found (tried: ${candidates[*]}); set PHI_STACK_PYTHON, or pip install 'moto[server]==5.2.1' pytest" >&2
exit 2
