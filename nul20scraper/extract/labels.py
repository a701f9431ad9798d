"""The visible labels of NUL20 pages (NOTES.md), as patterns over block text."""

from __future__ import annotations

import re

from nul20scraper.extract.dates import MONTH_NAMES

# `Foto: Amaury Miller`, `Beeld: ...`: the lead picture's credit.
CREDIT_LABEL = re.compile(
    r"^(?:Foto(?:'s|s)?|Beeld|Fotografie|Illustratie|Credits?|Foto en tekst)\s*:\s*",
    re.IGNORECASE,
)
# `<caption> Foto: <credit>` in one line.
CREDIT_INLINE = re.compile(r"\s+(?:Foto|Beeld|Fotografie|Illustratie)\s*:\s*(?=\S)")
# `<caption> © <credit>`.
COPYRIGHT_SIGN = re.compile(r"\s*(?:©|\(c\)|&copy;)\s*", re.IGNORECASE)
# Whether a line holds either (as `_line_kind` asks): the same tests without the spaces around,
# which would have the regex engine start a match at every character of the line.
CREDIT_INLINE_WORD = re.compile(r"\s(?:Foto|Beeld|Fotografie|Illustratie)\s*:\s*(?=\S)")
COPYRIGHT_MARK = re.compile(r"©|\(c\)|&copy;", re.IGNORECASE)
# A caption that is only a credit: `Gemeente Amsterdam/Edwin van Eis`.
BARE_CREDIT = re.compile(r"^[^.!?:/]{2,60}/[^.!?:/]{2,60}$")
# `Bron: AT5` on video pages.
SOURCE_LABEL = re.compile(r"^Bron\s*:?\s+", re.IGNORECASE)

TAGS_LABEL = re.compile(r"^(?:Trefwoorden|Trefwoord|Tags|Onderwerpen)\s*:?\s*", re.IGNORECASE)
# What a text that TAGS_LABEL matches starts with (a test that spares most lines the pattern).
TAGS_LABEL_INITIALS = "TtOo"
# A teaser block's title that is also a link's text (`Lees verder »` after a summary): a title
# only as a heading.
TEASER_BLOCK_HEADING = re.compile(r"^(?:Lees verder|Verder lezen|Meer lezen)$", re.IGNORECASE)
TEASER_BLOCK_LABEL = re.compile(
    r"^(?:Laatste nummer|Laatste nieuws|Meer nieuws|Lees ook|Meer video(?:'s)?|Ook interessant|"
    r"Gerelateerd(?:e artikelen)?|Meer over dit onderwerp)$",
    re.IGNORECASE,
)
# Labels that end the article text on pages with no body markup.
BODY_END = re.compile(
    r"^(?:Trefwoorden|Trefwoord|Tags|Onderwerpen|Laatste nummer|Deel dit(?: artikel)?|"
    r"Delen|Reacties|Lees ook|Gerelateerd(?:e artikelen)?|Meer over dit onderwerp|"
    r"Laatste nieuws|Meer nieuws|Meer video(?:'s)?|Ook interessant)\b\s*:?",
    re.IGNORECASE,
)
# `Geactualiseerd op: 03.01.22`; other themes say `Laatst bijgewerkt op 08.07.2022`.
UPDATED_LABEL = re.compile(
    r"(?:Geactualiseerd|(?:Laatst\s+)?(?:bijgewerkt|gewijzigd))(?:\s+op)?\s*:?\s*", re.IGNORECASE)
# Fields as label/value pairs (a definition list, a two-column table): the label's field.
FIELD_PAIR_LABELS = {
    "gepubliceerd": "date", "gepubliceerd op": "date", "datum": "date", "publicatiedatum": "date",
    "geplaatst": "date", "geplaatst op": "date",
    "geactualiseerd": "updated", "geactualiseerd op": "updated", "bijgewerkt": "updated",
    "laatst bijgewerkt": "updated", "laatst bijgewerkt op": "updated", "gewijzigd": "updated",
    "laatst gewijzigd": "updated",
    "auteur": "byline", "auteurs": "byline", "door": "byline", "tekst": "byline",
    "rubriek": "section", "sectie": "section",
    "foto": "credit", "beeld": "credit", "fotografie": "credit", "fotograaf": "credit",
    "type": "type", "soort artikel": "type", "artikeltype": "type",
}
BYLINE = re.compile(r"^(?:Door|Tekst|Tekst en beeld|Auteur|Geschreven door)\s*:?\s+(.+)$",
                    re.IGNORECASE)
# WordPress's `posted-on` line: `Geplaatst op 15 juni 2022 door Jaap Kuiper`.
POSTED_ON = re.compile(r"^(?:Geplaatst|Gepubliceerd|Ingezonden)\s+op\s*:?\s+(?P<date>.+?)"
                       r"(?:\s+door\s+(?P<name>.+))?$", re.IGNORECASE)
SUBMITTED = re.compile(r"^(?:Ingezonden|Geplaatst) door\s+(.+?)(?:\s+op\s+.*)?$", re.IGNORECASE)
SIGNATURE_ROLE = re.compile(
    r"^(?:Hoofdredacteur|Hoofdredactie|Redacteur|Eindredacteur|Redactie|Hoofdredacteur NUL20)"
    r"(?: NUL20)?$",
    re.IGNORECASE,
)
# A field's label alone in its block (`Door:`, `Editie:`), its value in the next block.
LABEL_ONLY = re.compile(r"^[A-Z][\w'’ ]{1,25}:$")
# A visible field label of the rebuilt site's theme (`Image` above the lead picture).
FIELD_LABEL = re.compile(r"^(?:Image|Afbeelding|Body|Tags|Trefwoorden|Media)$", re.IGNORECASE)
FIELD_LABEL_CHARS = len("Trefwoorden")  # the longest: a longer text is no field label

# Update blocks: `update 8 juli:`, `update 6 februari (extra grafiek ...)`,
# `Zie update (22-03-2011): <title>`, `Update 12.03.2022:`.
UPDATE_NAMED = re.compile(
    rf"^(?P<label>update\s+(?:(?:[a-z]+dag|ma|di|wo|do|vr|za|zo)\.?,?\s+)?"
    rf"(?P<day>\d{{1,2}})\s+(?P<month>{MONTH_NAMES})\.?(?:\s+(?P<year>\d{{4}}))?"
    r"(?:,?\s+(?:om\s+)?\d{1,2}[:.]\d{2}(?:\s*uur)?)?"
    r"(?:\s*\([^)]*\))?)\s*:?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
UPDATE_NUMERIC = re.compile(
    r"^(?P<label>(?:zie\s+)?update\s*\(?(?P<date>\d{1,2}[.\-/]\d{1,2}[.\-/]\d{2,4})\)?"
    r"(?:\s*\([^)]*\))?)\s*:?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
UPDATE_BARE = re.compile(r"^(?P<label>update)\s*:\s*(?P<rest>.*)$", re.IGNORECASE)
# What all three begin with.
UPDATE_START = re.compile(r"(?:zie\s+)?update", re.IGNORECASE)

# The article types the site prints (in teasers and above articles).
ARTICLE_TYPES = (
    "Achtergrondartikel", "Boekbespreking", "Video", "Nieuws", "Nieuwsbericht", "Interview",
    "Column", "Opinie", "Reportage", "Recensie", "Dashboard", "Podcast", "Blog", "Essay",
    "Verslag", "Analyse", "Achtergrond", "Portret", "Infographic",
)
TYPE_NAMES = "|".join(ARTICLE_TYPES)
ARTICLE_TYPE_ONLY = re.compile(rf"^(?:{TYPE_NAMES})$")
# `Achtergrondartikel 20.12 Geactualiseerd op: 03.01.22`, `Video 22.12`,
# `Achtergrondartikel 27.05.2022`.
# (The dates' parts are groups too, so that a teaser's dates need no second pattern.)
TYPE_DATE_LINE = re.compile(
    rf"^(?P<type>{TYPE_NAMES}|[A-Z][a-z]{{3,}})\s+"
    r"(?P<date>(?P<day>\d{1,2})\.(?P<month>\d{1,2})(?:\.(?P<year>\d{4}|\d{2}))?)"
    r"(?:\s*\|?\s*Geactualiseerd op:?\s*(?P<updated>(?P<updated_day>\d{1,2})\."
    r"(?P<updated_month>\d{1,2})\.(?P<updated_year>\d{4}|\d{2})))?$"
)
# The day of the week before a date: `dinsdag`, or Drupal's `di,`.
WEEKDAY = r"(?i:[a-z]+dag|ma|di|wo|do|vr|za|zo)\.?,?\s+"
# A time of day after a date: `om 14:05 uur`, `, 14:05`, `- 09:30` (Drupal's medium date).
TIME_AFTER_DATE = (r"(?:\s*[,\-\u2013|·]?\s*(?i:(?:om\s+)?\d{1,2}:\d{2}(?:\s*uur)?|"
                   r"om\s+\d{1,2}[.:]\d{2}(?:\s*uur)?|\d{1,2}\.\d{2}\s*uur))?")
# A line that is only a date: `05.07.21`, `27.05.2022`, `22-03-2011`, `3-5-2022`, `(03-2009)`,
# perhaps with its day of the week and time of day.
DATE_ONLY = re.compile(
    rf"^(?:{WEEKDAY})?\(?\d{{1,2}}[.\-/]\d{{1,2}}[.\-/](?:\d{{4}}|\d{{2}})\)?{TIME_AFTER_DATE}$"
    r"|^\(\d{1,2}[-/.]\d{4}\)$"
)
# `12 mei 2022`, `dinsdag 3 mei 2022`, `3 mei '22`, `di 3 mei 2022, 14:05`.
NAMED_DATE = (rf"(?:{WEEKDAY})?\d{{1,2}}\s+(?i:{MONTH_NAMES})\.?\s+(?:\d{{4}}|['\u2019]\d{{2}})"
              rf"{TIME_AFTER_DATE}")
NAMED_DATE_ONLY = re.compile(rf"^{NAMED_DATE}$")
# Two dates in a row: WordPress writes a post's modified time after its publication time
# (`<time class="published">…</time><time class="updated">…</time>`; its stylesheet hides the
# second). The first is the publication date.
_ONE_DATE = rf"(?:{NAMED_DATE}|\d{{1,2}}[.\-/]\d{{1,2}}[.\-/](?:\d{{4}}|\d{{2}}))"
TWO_DATES = re.compile(rf"^(?P<first>{_ONE_DATE})\s*{_ONE_DATE}$")  # (no space between)

# Section labels of the printed magazine's pages.
SECTION_LABEL = re.compile(
    r"^(?P<section>(?:Eerste|Tweede|Derde|Vierde|Vijfde) verdieping|Redactioneel|Woonbarometer|"
    r"Dossier|Interview|Column|Boekbespreking|Achtergrond|Reportage|Portret|Opinie)"
    r"(?P<rest>(?::\s*|\s+).*)?$"
)
# Author pictures: Drupal 7's Dutch "picture of <name>".
AUTHOR_PICTURE_ALT = re.compile(r"^afbeelding van\s+(.+)$", re.IGNORECASE)
# A person's name: capitalised words with Dutch particles; no sentence punctuation.
PERSON_NAME = re.compile(
    r"^(?:[A-ZÀ-Ý][\w'’.-]*|van|de|der|den|het|ten|ter|te|op|in|'t|la|le|du|di|da|von|y)"
    r"(?:\s+(?:[A-ZÀ-Ý][\w'’.-]*|van|de|der|den|het|ten|ter|te|op|in|'t|la|le|du|di|da|von|y)){0,6}$"
)
NAME_SEPARATORS = re.compile(r"\s*(?:,|\ben\b|&)\s*")

# An author card in the header: the name, a role word, perhaps a link to the profile page
# (`Jaap Kuiper` `Redacteur` `Profiel`), in one line or in several elements.
AUTHOR_ROLES = ("Hoofdredacteur", "Eindredacteur", "Redacteur", "Journalist",
                "Freelance journalist", "Verslaggever", "Correspondent", "Columnist", "Fotograaf",
                "Medewerker", "Gastauteur")
AUTHOR_ROLE = "(?:" + "|".join(AUTHOR_ROLES) + ")(?: NUL20)?"
PROFILE_LINK = re.compile(r"^(?:Profiel|Bekijk profiel|Meer van deze auteur|Alle artikelen)$",
                          re.IGNORECASE)
# A byline of a bare name with the date beside it (`Jaap Kuiper dinsdag 15 maart 2022`,
# `Jaap Kuiper 15.03.2022`): a name of two words or more, so that a place is no author.
NAME_AND_DATE = re.compile(
    rf"^(?P<name>{PERSON_NAME.pattern[1:-1]})\s+"
    rf"(?P<date>{NAMED_DATE}|\d{{1,2}}[.\-/]\d{{1,2}}[.\-/](?:\d{{4}}|\d{{2}}){TIME_AFTER_DATE})$"
)
AUTHOR_CARD = re.compile(
    rf"^(?P<name>{PERSON_NAME.pattern[1:-1]})\s+{AUTHOR_ROLE}"
    r"(?:\s+(?:Profiel|Bekijk profiel|Meer van deze auteur|Alle artikelen))?$"
)

# A reading time beside the date (`4 min leestijd`, `Leestijd: 6 minuten`, Firefox's reader
# view's `4–5 minuten`): a line of the header or of a teaser, never text or summary.
_READING_TIME = (r"(?:leestijd\s*:?\s*)?(?:±\s*|ca\.?\s*)?\d{1,3}(?:\s*[-–]\s*\d{1,3})?\s*"
                 r"(?:minuten|minuut|min\.?)(?:\s+(?:leestijd|lezen|read))?")
READING_TIME = re.compile(rf"^{_READING_TIME}$", re.IGNORECASE)
# The same after a date on its line (`19 jan 2023 — 6 min leestijd`, `12 jan 2023 4 min`).
READING_TIME_TAIL = re.compile(rf"\s*(?:[—–·•|-]\s*)?{_READING_TIME}$", re.IGNORECASE)
# The first parts of the paths of the site's tag pages and of its authors' pages (Drupal's,
# and those of other systems that may serve it: WordPress, Ghost). `extract.kind` tells the
# pages by them, the header and tag layers the links.
TAG_PAGE_PATHS = ("trefwoorden", "tag", "tags", "taxonomy/term")
AUTHOR_PAGE_PATHS = ("auteur", "auteurs", "author", "authors")
# A link to a tag page; also the theme's subject pages, which list articles by tag.
TAG_PATH = re.compile(r"^(?:https?://[^/]+)?/(?:" + "|".join(
    (*TAG_PAGE_PATHS, "onderwerp", "onderwerpen")) + r")/[^/?#]", re.IGNORECASE)
# A link to an author's page; also a profile or a user's page that names a person.
AUTHOR_PATH = re.compile(r"^(?:https?://[^/]+)?/(?:(?:" + "|".join(
    (*AUTHOR_PAGE_PATHS, "profiel", "gebruiker")) + r")/[^/?#]|user/\d)", re.IGNORECASE)


# How far from a line's end its reading time may start (`— Leestijd: ± 12 minuten`).
READING_TIME_REACH = 40
# A number before `min`: what every reading time has (`minder` alone is none).
READING_TIME_HINT = re.compile(r"\d\s*(?:min|Min|MIN)")


def without_reading_time(line: str) -> str | None:
    """The line less a reading time at its end, when it ends in one (and has more); else
    None. (A test of its last characters spares other lines the pattern.)"""
    start = max(0, len(line) - READING_TIME_REACH)
    tail = line[start:]
    if ("min" not in tail and "Min" not in tail) or not READING_TIME_HINT.search(tail):
        return None
    # (Sought in the line's last characters only: a search from every position of a long
    # line costs more than the rest of its header tests.)
    match = READING_TIME_TAIL.search(line, start)
    if match is None or match.start() == 0:
        return None
    return line[: match.start()].rstrip()
