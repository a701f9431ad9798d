"""Regenerate fixtures/expected/*.json from the current parser, for review.

    python tests/regenerate_expected.py [NAME ...]

Prints, per fixture, which fields changed, so that a reviewer reads the page against
exactly those fields before committing the new expectations.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.fixture_pages import EXPECTED, as_expected, load_fixtures


def main(names: list[str]) -> int:
    EXPECTED.mkdir(parents=True, exist_ok=True)
    fixtures = [f for f in load_fixtures() if not names or f.name in names]
    if names and len(fixtures) != len(set(names)):
        known = {f.name for f in fixtures}
        print(f"unknown fixtures: {', '.join(sorted(set(names) - known))}", file=sys.stderr)
        return 2
    for fixture in fixtures:
        new = as_expected(fixture.parse())
        old = fixture.expected() if fixture.expected_path.exists() else {}
        changed = sorted(k for k in set(new) | set(old) if new.get(k) != old.get(k))
        fixture.expected_path.write_text(
            json.dumps(new, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        status = "new" if not old else ("changed: " + ", ".join(changed) if changed else "same")
        print(f"{fixture.name}: {status}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
