"""The site until early 2022: Drupal 7, `field-name-<x>` classes, RDFa, dates `dd.mm.yy`."""

from __future__ import annotations

from nul20scraper.extract.layouts.base import Layout, Selector
from nul20scraper.extract.layouts.drupal import field_selectors

_FIELDS = field_selectors("field-name-{}", "field-item")


class Drupal7Layout(Layout):
    name = "drupal7"
    version = 1
    CLASS_PREFIX = "field-name-"
    GENERATORS = ("Drupal 7",)

    TITLE = Selector(("page-title", "title", "page__title"), tag="h1")
    BODY = _FIELDS["BODY"]
    DATE = _FIELDS["DATE"] | Selector(("date-display-single", "submitted"))
    UPDATED = _FIELDS["UPDATED"]
    AUTHORS = _FIELDS["AUTHORS"] | Selector(("username",), tag="span")
    ARTICLE_TYPE = _FIELDS["ARTICLE_TYPE"]
    SECTION = _FIELDS["SECTION"]
    KICKER = _FIELDS["KICKER"]
    IMAGE = _FIELDS["IMAGE"]
    IMAGE_CAPTION = _FIELDS["IMAGE_CAPTION"]
    IMAGE_CREDIT = _FIELDS["IMAGE_CREDIT"]
    TAG_LINKS = _FIELDS["TAG_LINKS"]
