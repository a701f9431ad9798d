# Sourced by the scripts here: make .venv with the project installed (again when
# pyproject.toml, setup.py or the compiled walk changed), rebuild the compiled modules whose
# source changed, then put .venv first on PATH.
# Needs only python3 (3.11+), a C compiler for the compiled modules, and PyPI.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-python3}"
EXTRAS="${NUL20_EXTRAS:-test}"
# Reinstall when the build inputs change: the compiled page walk is built by the install.
STAMP=".venv/.installed-$(cat pyproject.toml setup.py nul20scraper/_compiled.py nul20scraper/extract/*.pyx | sha256sum | cut -c1-16)-${EXTRAS//,/-}"
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
# A module edited since its build would run as source (nul20scraper/_compiled.py): build it
# again, which compiles only what changed.
SOURCES="$(.venv/bin/python -c 'import runpy; print(*(m.replace(".", "/") + ".py" for m in runpy.run_path("nul20scraper/_compiled.py")["COMPILED_MODULES"]))')"
BUILT=".venv/.built-$(cat $SOURCES | sha256sum | cut -c1-16)"
if [ ! -f "$BUILT" ]; then
  echo "compiling the changed parser modules ..." >&2
  # Optional like the install's: a failed build leaves the source running.
  .venv/bin/python setup.py --quiet build_ext --inplace >/dev/null 2>&1 || true
  rm -f .venv/.built-*
  touch "$BUILT"
fi
export PATH="$ROOT/.venv/bin:$PATH"
