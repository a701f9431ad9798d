"""The rebuilt site from 2022: Drupal 9/10 `field--name-<x>` markup, Olivero-like theme.

Dates print as `dd.mm.yyyy`; a visible field label `Image` stands above the lead picture.
"""

from __future__ import annotations

from nul20scraper.extract.layouts.base import Layout, has_class
from nul20scraper.extract.layouts.drupal import field_selectors

_FIELDS = field_selectors("field--name-{}", "field__item")


class Drupal10Layout(Layout):
    name = "drupal10"
    version = 1
    MARKER = (
        "//*[contains(@class, 'field--name-')]"
        " | //meta[@name='Generator'][starts-with(@content, 'Drupal 9')"
        " or starts-with(@content, 'Drupal 10') or starts-with(@content, 'Drupal 11')]"
    )

    TITLE = f"//h1[{has_class('page-title')} or {has_class('title')}]"
    BODY = _FIELDS["BODY"]
    DATE = (
        _FIELDS["DATE"]
        + f" | //*[{has_class('node__meta')}]//time"
        + f" | //article[{has_class('node--view-mode-full')}]//time[@datetime]"
    )
    UPDATED = _FIELDS["UPDATED"]
    AUTHORS = (
        _FIELDS["AUTHORS"]
        + f" | //*[{has_class('node__meta')}]//*[{has_class('field--name-uid')}]"
    )
    ARTICLE_TYPE = _FIELDS["ARTICLE_TYPE"]
    SECTION = _FIELDS["SECTION"]
    KICKER = _FIELDS["KICKER"]
    IMAGE = _FIELDS["IMAGE"]
    IMAGE_CAPTION = _FIELDS["IMAGE_CAPTION"] + " | " + _FIELDS["IMAGE"].replace("//img", "//figcaption")
    IMAGE_CREDIT = _FIELDS["IMAGE_CREDIT"]
    TAG_LINKS = _FIELDS["TAG_LINKS"]
