"""The rebuilt site from 2022: Drupal 9/10 `field--name-<x>` markup, Olivero-like theme.

Dates print as `dd.mm.yyyy`; a visible field label `Image` stands above the lead picture.
"""

from __future__ import annotations

from nul20scraper.extract.layouts.base import Layout, Selector
from nul20scraper.extract.layouts.drupal import field_selectors

_FIELDS = field_selectors("field--name-{}", "field__item")


class Drupal10Layout(Layout):
    name = "drupal10"
    version = 1
    CLASS_PREFIX = "field--name-"
    GENERATORS = ("Drupal 9", "Drupal 10", "Drupal 11")

    TITLE = Selector(("page-title", "title"), tag="h1")
    BODY = _FIELDS["BODY"]
    DATE = _FIELDS["DATE"] | Selector(("node__meta",), inner_tag="time")
    UPDATED = _FIELDS["UPDATED"]
    AUTHORS = _FIELDS["AUTHORS"] | Selector(("field--name-uid",))
    ARTICLE_TYPE = _FIELDS["ARTICLE_TYPE"]
    SECTION = _FIELDS["SECTION"]
    KICKER = _FIELDS["KICKER"]
    IMAGE = _FIELDS["IMAGE"]
    IMAGE_CAPTION = _FIELDS["IMAGE_CAPTION"] | _FIELDS["IMAGE_FIGCAPTION"]
    IMAGE_CREDIT = _FIELDS["IMAGE_CREDIT"]
    TAG_LINKS = _FIELDS["TAG_LINKS"]
