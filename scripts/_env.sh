# Sourced by the scripts here: make .venv with the project installed (again when
# pyproject.toml changed), then put .venv first on PATH.
# Needs only python3 (3.11+) and PyPI: the package is pure Python, nothing is compiled.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-python3}"
# The tests of the datasette explorer and the coverage report need their extras too.
EXTRAS="${NUL20_EXTRAS:-test,explore,report}"
# Reinstall when the dependencies or the extras asked for change.
STAMP=".venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)-${EXTRAS//,/-}"
say() { echo "set-up: $*" >&2; }
if [ ! -x .venv/bin/python ]; then
  say "creating .venv with $("$PYTHON" --version 2>&1) ..."
  "$PYTHON" -m venv .venv
fi
if [ ! -f "$STAMP" ]; then
  say "installing nul20scraper and its dependencies into .venv (pip install -e '.[$EXTRAS]') ..."
  # pip's own lines (hundreds) go to a log, shown only if the install fails.
  if ! .venv/bin/python -m pip install --progress-bar off --disable-pip-version-check \
      -e ".[$EXTRAS]" > .venv/install.log 2>&1; then
    say "pip install failed; its output (also in .venv/install.log):"
    cat .venv/install.log >&2
    exit 1
  fi
  rm -f .venv/.installed-*
  touch "$STAMP"
  say "done; .venv is ready"
fi
export PATH="$ROOT/.venv/bin:$PATH"
