"""Seeded mutations of every fixture page: the parser never raises, and every item validates.

A few hundred cases that stay near a page's size; `benchmarks/fuzz_parser.py --cases N` runs
the long campaign, with the pages that grow to megabytes.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from tests.mutations import SMALL_MUTATIONS, fuzz_cases, load_seeds, run_case

SCHEMA = json.loads((Path(__file__).resolve().parent.parent / "nul20scraper" / "schema"
                     / "article.schema.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
CASES = 300
# A near-fixture-size page parses in milliseconds; seconds mean something went quadratic.
SLOW_SECONDS = 5.0


def test_cases_cover_every_mutation_and_differ_from_the_fixtures() -> None:
    seeds = {seed.page for seed in load_seeds()}
    cases = list(fuzz_cases(len(SMALL_MUTATIONS) * 3))
    assert {case.name.split("/")[0] for case in cases} == set(SMALL_MUTATIONS)
    changed = [case for case in cases
               if case.page not in seeds or (case.fetched_at is not None
               and case.name.startswith("bad-fetch-time"))]
    assert len(changed) == len(cases)


def test_same_seed_same_cases() -> None:
    first = [(c.name, c.page, c.url, c.fetched_at) for c in fuzz_cases(30)]
    again = [(c.name, c.page, c.url, c.fetched_at) for c in fuzz_cases(30)]
    assert first == again


@pytest.mark.parametrize("chunk", range(6))
def test_mutated_pages_never_raise_and_items_validate(chunk: int) -> None:
    cases = list(fuzz_cases(CASES))[chunk::6]
    outcomes = [run_case(case, VALIDATOR) for case in cases]
    bad = [o for o in outcomes
           if o.outcome in {"exception", "invalid-item"} or o.seconds > SLOW_SECONDS]
    assert not bad, "\n".join(f"{o.case}: {o.outcome} {o.seconds:.1f}s {o.detail}" for o in bad)
    # The mutations must leave most pages readable, or the test would be checking only refusals.
    assert sum(o.outcome == "item" for o in outcomes) >= len(outcomes) // 3
