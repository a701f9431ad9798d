# Sourced by the scripts here: make .venv with the project installed (again when
# pyproject.toml or the compiled walk changed), then put it first on PATH.
# Needs only python3 (3.11+), a C compiler for the compiled walk, and PyPI.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-python3}"
EXTRAS="${NUL20_EXTRAS:-test}"
# Reinstall when the build inputs change: the compiled page walk is built by the install.
STAMP=".venv/.installed-$(cat pyproject.toml setup.py nul20scraper/extract/*.pyx | sha256sum | cut -c1-16)-${EXTRAS//,/-}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
if [ ! -f "$STAMP" ]; then
  echo "setting up .venv (pip install -e '.[$EXTRAS]') ..." >&2
  .venv/bin/python -m pip install --quiet --upgrade pip >&2
  .venv/bin/python -m pip install --quiet -e ".[$EXTRAS]" >&2
  rm -f .venv/.installed-*
  touch "$STAMP"
fi
export PATH="$ROOT/.venv/bin:$PATH"
