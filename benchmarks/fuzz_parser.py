"""Fuzz campaign against the parser: seeded mutations of every fixture page, large ones included.

    python benchmarks/fuzz_parser.py --cases 3000 [--seed 2026] [--large/--no-large]

Prints the count of cases by outcome (item, not-article, invalid-item, exception), the cases
over 5 s among pages below 5 MB, and each exception and schema violation with its case name
(`<mutation>/<fixture>/<number>`, replayable with the same seed). Exit status 1 when any case
raised, broke the schema or was slow.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import jsonschema  # noqa: E402

from tests.mutations import fuzz_cases, run_case  # noqa: E402

SLOW_SECONDS = 5.0
SMALL_PAGE = 5 * 1024 * 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--large", action=argparse.BooleanOptionalAction, default=True,
                        help="include pages grown to megabytes (default: yes)")
    args = parser.parse_args()
    schema = json.loads((ROOT / "nul20scraper/schema/article.schema.json").read_text("utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    counts: collections.Counter[str] = collections.Counter()
    kinds: collections.Counter[str] = collections.Counter()  # of the not-article verdicts
    problems: list[str] = []
    slow = 0
    started = time.perf_counter()
    for number, case in enumerate(fuzz_cases(args.cases, args.seed, large=args.large), 1):
        outcome = run_case(case, validator)
        counts[outcome.outcome] += 1
        if outcome.outcome == "not-article":
            kinds[outcome.detail] += 1
        if outcome.outcome in {"exception", "invalid-item"}:
            problems.append(f"{outcome.outcome}: {outcome.case}: {outcome.detail}")
        if outcome.seconds > SLOW_SECONDS and len(case.page) < SMALL_PAGE:
            slow += 1
            problems.append(f"slow: {outcome.case}: {outcome.seconds:.1f} s, "
                            f"{len(case.page) / 1e6:.1f} MB")
        if sys.stderr.isatty():
            print(f"\r{number}/{args.cases} cases", end="", file=sys.stderr, flush=True)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    for line in problems[:50]:
        print(line)
    if len(problems) > 50:
        print(f"... and {len(problems) - 50} more")
    print(f"cases: {args.cases} in {time.perf_counter() - started:.0f} s (seed {args.seed})")
    for outcome in ("item", "not-article", "invalid-item", "exception"):
        print(f"  {outcome:<13} {counts[outcome]}")
        if outcome == "not-article" and kinds:
            print("    " + ", ".join(f"{kind} {count}" for kind, count in kinds.most_common()))
    print(f"  slow (> {SLOW_SECONDS:.0f} s below 5 MB) {slow}")
    return 1 if counts["exception"] or counts["invalid-item"] or slow else 0


if __name__ == "__main__":
    sys.exit(main())
