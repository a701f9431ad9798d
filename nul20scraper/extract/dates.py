"""Dates as NUL20 prints them, and the year rules of NOTES.md.

Known shapes are parsed with explicit patterns: dateparser's free-text mode reads `20.12` as the
time 20:12 and, without `languages=['nl']`, `05.07.21` as 7 May, and costs ~20x more per call.
It is kept, imported lazily, for date text in no known shape.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")

MONTHS: dict[str, int] = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "maart": 3, "mrt": 3, "mar": 3,
    "april": 4, "apr": 4, "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7,
    "augustus": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10,
    "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))

# dd.mm.yy, dd.mm.yyyy, dd-mm-yyyy, dd/mm/yyyy (the first date in the text).
NUMERIC_DATE = re.compile(r"(?<![\d.])(\d{1,2})([.\-/])(\d{1,2})\2(\d{4}|\d{2})(?![\d])")
# A date's first separator: the month, the same separator and the year follow it. One pattern
# per separator, which begins with that character: the regex engine finds a literal in C, where
# a class of characters or `\d` it tests one character at a time (ten times slower on a page).
_DATE_TAILS = tuple(
    re.compile(rf"{re.escape(s)}(?=\d{{1,2}}{re.escape(s)}(?:\d{{4}}|\d{{2}})(?!\d))")
    for s in ".-/"
)
# dd.mm without a year (teasers).
DAY_MONTH_NUMERIC = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})(?![.\d])")
# `8 juli`, `8 juli 2021`, `maandag 8 juli 2021`, `3 mei '22`.
DAY_MONTH_NAME = re.compile(
    rf"(?<!\d)(\d{{1,2}})\s+({MONTH_NAMES})\.?(?:\s+(\d{{4}}|['\u2019]\d{{2}}(?!\d)))?(?![a-z])",
    re.IGNORECASE,
)
# A time of day as a date line writes it: `om 14:05 uur`, `14:05`, `om 14.05`, `14.05 uur`
# (a bare `14.05` is no time: it is how the site writes a day and month).
TIME_OF_DAY = re.compile(
    r"(?<![\d.:])(?:(\d{1,2}):(\d{2})(?![\d:])|(?<=om )(\d{1,2})\.(\d{2})(?![\d.])|"
    r"(\d{1,2})\.(\d{2})(?=\s*uur))", re.IGNORECASE)
# `(03-2009)`: video pages give only a month.
MONTH_YEAR = re.compile(r"\((\d{1,2})[-/.](\d{4})\)")
ISO_DATETIME = re.compile(
    r"^\s*(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?)?\s*$"
)


def expand_year(year: str) -> int:
    """Two-digit years: the site began in 2002, so 00-69 are 20xx."""
    value = int(year)
    if len(year) == 4:
        return value
    return 2000 + value if value < 70 else 1900 + value


def safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def latest_numeric_date(text: str) -> date | None:
    """The newest dd.mm.yy / dd.mm.yyyy / dd-mm-yyyy date in a long text (a page's) that is a
    real day. NUMERIC_DATE is tried only where a date can begin: one or two digits before a
    separator that a month and year follow."""
    starts: set[int] = set()
    for separator, pattern in zip(".-/", _DATE_TAILS, strict=True):
        if separator in text:
            for tail in pattern.finditer(text):
                starts.update((tail.start() - 2, tail.start() - 1))
    latest = None
    position = 0  # as in `finditer`: the next match begins after the last one
    for start in sorted(starts):
        match = NUMERIC_DATE.match(text, start) if start >= position else None
        if match is None:  # (its look-behind sees the text before `start`, as in `finditer`)
            continue
        position = match.end()
        found = _numeric_date(match)
        if found and (latest is None or found > latest):
            latest = found
    return latest


def _numeric_date(match: re.Match[str]) -> date | None:
    day, _, month, year = match.groups()
    return safe_date(expand_year(year), int(month), int(day))


def parse_numeric_date(text: str) -> date | None:
    """The first dd.mm.yy / dd.mm.yyyy / dd-mm-yyyy date in text."""
    for match in NUMERIC_DATE.finditer(text):
        found = _numeric_date(match)
        if found:
            return found
    return None


def parse_named_date(text: str) -> tuple[int, int, int | None] | None:
    """`8 juli` or `8 juli 2021` -> (day, month, year or None)."""
    match = DAY_MONTH_NAME.search(text)
    if not match:
        return None
    day, month_name, year = match.groups()
    month = MONTHS[month_name.lower()]
    if not safe_date(2000, month, int(day)):  # 2000 is a leap year: 29 februari passes
        return None
    return int(day), month, expand_year(year.lstrip("'\u2019")) if year else None


def with_time_of_day(day: date, text: str) -> date | datetime:
    """The day at the time of day its date line shows (Amsterdam time), else the day."""
    match = TIME_OF_DAY.search(text)
    if match is None:
        return day
    hour, minute = (int(n) for n in match.groups() if n is not None)
    if hour > 23 or minute > 59:
        return day
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=AMSTERDAM)


def parse_day_month(text: str) -> tuple[int, int] | None:
    """`20.12` -> (20, 12)."""
    match = DAY_MONTH_NUMERIC.search(text)
    if not match:
        return None
    day, month = int(match.group(1)), int(match.group(2))
    return (day, month) if safe_date(2000, month, day) else None


def infer_year(
    day: int, month: int, *, on_or_after: date | None = None, on_or_before: date | None = None
) -> date | None:
    """The date for a day and month without a year, by the rules of NOTES.md.

    `on_or_after` (update blocks): the first such date on or after the article's date.
    `on_or_before` (teasers): the latest such date on or before the reference date.
    """
    if on_or_after is not None:
        for year in range(on_or_after.year, on_or_after.year + 5):
            found = safe_date(year, month, day)
            if found and found >= on_or_after:
                return found
        return None
    if on_or_before is not None:
        # The reference date's year if the day is not past it, else the year before (a
        # 29 February goes further back, to a leap year): no date to build and compare first.
        latest = on_or_before.year - ((month, day) > (on_or_before.month, on_or_before.day))
        for year in range(latest, on_or_before.year - 5, -1):
            found = safe_date(year, month, day)
            if found:
                return found
    return None


def parse_iso(text: str) -> date | datetime | None:
    """An ISO 8601 date or datetime from metadata; datetimes come back in Europe/Amsterdam.

    A datetime without an offset is taken as Amsterdam time, as the site prints it.
    """
    match = ISO_DATETIME.match(text or "")
    if not match:
        return None
    year, month, day, hour, minute, second, zone = match.groups()
    try:
        if hour is None:
            return date(int(year), int(month), int(day))
        value = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0))
        if zone:
            return value.replace(tzinfo=_utc_offset(zone)).astimezone(AMSTERDAM)
        return value.replace(tzinfo=AMSTERDAM)
    except (ValueError, OverflowError):  # no such day; a moment past year 9999 in Amsterdam
        return None


@lru_cache(maxsize=64)  # (a page's dates share their offset, a site's pages two)
def _utc_offset(zone: str) -> timezone:
    """`Z`, `+02:00` or `+0200` as `datetime.fromisoformat` reads it, without a round trip
    through text: it takes minutes past 59, refuses 24 hours and digits other than ASCII."""
    if zone == "Z":
        return UTC
    if not zone.isascii():
        raise ValueError(f"offset in other than ASCII digits: {zone!r}")
    minutes = int(zone[1:3]) * 60 + int(zone[-2:])
    return timezone(timedelta(minutes=-minutes if zone[0] == "-" else minutes))


def parse_month_year(text: str) -> str | None:
    """`(03-2009)` -> `2009-03`."""
    match = MONTH_YEAR.search(text)
    if not match:
        return None
    month, year = int(match.group(1)), int(match.group(2))
    return f"{year:04d}-{month:02d}" if 1 <= month <= 12 else None


def parse_any_date(text: str) -> date | None:
    """A full date in known shapes, then in free text (dateparser, Dutch)."""
    found = parse_numeric_date(text)
    if found:
        return found
    named = parse_named_date(text)
    if named and named[2]:
        return safe_date(named[2], named[1], named[0])
    return parse_free_text_date(text)


def parse_free_text_date(text: str) -> date | None:
    """Free-text fallback; needs a year in the text (never guessed from today)."""
    if not re.search(r"\d{4}", text) or len(text) > 80:
        return None
    import dateparser  # imported here: costs ~0.3 s the first time

    parsed = dateparser.parse(
        text,
        languages=["nl"],
        settings={"DATE_ORDER": "DMY", "REQUIRE_PARTS": ["day", "month", "year"]},
    )
    return parsed.date() if parsed else None


_MINUTE = timedelta(minutes=1)


def iso(value: date | datetime | str | None) -> str | None:
    """ISO 8601 text. A datetime whose UTC offset is not whole minutes (Amsterdam kept its
    local mean time, +00:19:32, until 1937) is written in UTC: ISO 8601 and the item's schema
    have no seconds in an offset, and rounding the offset would move the moment."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, datetime):
        offset = value.utcoffset()
        if offset is not None and offset % _MINUTE:
            value = value.astimezone(UTC)
        return value.isoformat(timespec="seconds")
    return value.isoformat()


def as_date(value: date | datetime | str | None) -> date | None:
    """The calendar day of a value (Amsterdam time for datetimes)."""
    if isinstance(value, datetime):
        return (value.astimezone(AMSTERDAM) if value.tzinfo else value).date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return as_date(parse_iso(value))
    return None


def parse_fetched_at(
    value: datetime | str | None, warnings: list[str] | None = None
) -> datetime | None:
    """The fetch time as an aware datetime (naive values are UTC, as HTTP dates are).

    A time that cannot be read, or that lies so near the ends of the calendar that it has no
    Amsterdam date (9999-12-31T23:59 UTC), is None, with a warning in `warnings`: the item
    then has no fetch time rather than a made-up one.
    """
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            _warn(warnings, f"unreadable fetch time {value[:80]!r}: fetched_at left empty")
            return None
    else:
        parsed = value
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    try:
        parsed.astimezone(AMSTERDAM)  # teaser years are read in Amsterdam time
        parsed.astimezone(UTC)
    except (OverflowError, ValueError):
        _warn(warnings, f"fetch time {str(value)[:80]!r} is outside the calendar in Amsterdam "
                        "time: fetched_at left empty")
        return None
    return parsed


def _warn(warnings: list[str] | None, message: str) -> None:
    if warnings is not None:
        warnings.append(message)
