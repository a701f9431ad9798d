"""The date rules of NOTES.md, including the dateparser traps."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from nul20scraper.extract.dates import (
    infer_year,
    iso,
    parse_any_date,
    parse_day_month,
    parse_iso,
    parse_month_year,
    parse_named_date,
    parse_numeric_date,
)


@pytest.mark.parametrize(("text", "expected"), [
    ("05.07.21", date(2021, 7, 5)),  # dateparser without languages=['nl'] reads 7 May
    ("27.05.2022", date(2022, 5, 27)),
    ("22-03-2011", date(2011, 3, 22)),
    ("Geactualiseerd op: 03.01.22", date(2022, 1, 3)),
    ("31.02.21", None),
    ("20.12", None),  # no year: never a full date (dateparser reads the time 20:12)
])
def test_numeric_dates(text: str, expected: date | None) -> None:
    assert parse_numeric_date(text) == expected


def test_day_month_is_not_a_time() -> None:
    assert parse_day_month("20.12") == (20, 12)
    assert parse_day_month("13.12") == (13, 12)
    assert parse_day_month("32.12") is None


def test_named_dates() -> None:
    assert parse_named_date("update 8 juli:") == (8, 7, None)
    assert parse_named_date("maandag 5 juli 2021") == (5, 7, 2021)
    assert parse_named_date("update 6 februari (extra grafiek)") == (6, 2, None)
    assert parse_named_date("30 februari") is None


def test_update_year_is_on_or_after_the_article() -> None:
    assert infer_year(8, 7, on_or_after=date(2021, 7, 5)) == date(2021, 7, 8)
    assert infer_year(4, 1, on_or_after=date(2021, 12, 20)) == date(2022, 1, 4)
    assert infer_year(5, 7, on_or_after=date(2021, 7, 5)) == date(2021, 7, 5)


def test_teaser_years_from_the_seed() -> None:
    reference = date(2022, 1, 24)
    # `20.12` updated `03.01.22`: on or before both -> 2021-12-20.
    assert infer_year(20, 12, on_or_before=min(reference, date(2022, 1, 3))) == date(2021, 12, 20)
    assert infer_year(20, 1, on_or_before=reference) == date(2022, 1, 20)
    assert infer_year(22, 12, on_or_before=reference) == date(2021, 12, 22)
    assert infer_year(24, 1, on_or_before=reference) == date(2022, 1, 24)


def test_leap_day_takes_a_leap_year() -> None:
    assert infer_year(29, 2, on_or_after=date(2021, 3, 1)) == date(2024, 2, 29)
    assert infer_year(29, 2, on_or_before=date(2023, 1, 1)) == date(2020, 2, 29)


def test_iso_metadata_dates_come_back_in_amsterdam_time() -> None:
    value = parse_iso("2021-07-05T12:32:00Z")
    assert isinstance(value, datetime)
    assert iso(value) == "2021-07-05T14:32:00+02:00"
    assert iso(parse_iso("2022-01-10T09:00:00")) == "2022-01-10T09:00:00+01:00"
    assert parse_iso("2021-07-05") == date(2021, 7, 5)
    assert parse_iso("5 juli") is None


def test_month_precision() -> None:
    assert parse_month_year("Bron: AT5 (03-2009)") == "2009-03"
    assert parse_month_year("(13-2009)") is None


def test_free_text_needs_a_year() -> None:
    assert parse_any_date("dinsdag 14 september 2021") == date(2021, 9, 14)
    assert parse_any_date("14 september") is None
