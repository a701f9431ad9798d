"""The site until early 2022: Drupal 7, `field-name-<x>` classes, RDFa, dates `dd.mm.yy`."""

from __future__ import annotations

from nul20scraper.extract.layouts.base import Layout, has_class
from nul20scraper.extract.layouts.drupal import field_selectors

_FIELDS = field_selectors("field-name-{}", "field-item")


class Drupal7Layout(Layout):
    name = "drupal7"
    version = 1
    MARKER = "//*[contains(@class, 'field-name-')] | //meta[@name='Generator'][starts-with(@content, 'Drupal 7')]"

    TITLE = f"//h1[@id='page-title' or {has_class('page-title')} or {has_class('title')}]"
    BODY = _FIELDS["BODY"]
    DATE = (
        _FIELDS["DATE"]
        + f" | //*[{has_class('node')}]//*[{has_class('submitted')}]"
        + f" | //*[{has_class('node')}]//*[{has_class('date-display-single')}]"
    )
    UPDATED = _FIELDS["UPDATED"]
    AUTHORS = (
        _FIELDS["AUTHORS"]
        + f" | //*[{has_class('node')}]//*[{has_class('submitted')}]//*[@rel='sioc:has_creator']"
    )
    ARTICLE_TYPE = _FIELDS["ARTICLE_TYPE"]
    SECTION = _FIELDS["SECTION"]
    KICKER = _FIELDS["KICKER"]
    IMAGE = _FIELDS["IMAGE"]
    IMAGE_CAPTION = _FIELDS["IMAGE_CAPTION"]
    IMAGE_CREDIT = _FIELDS["IMAGE_CREDIT"]
    TAG_LINKS = _FIELDS["TAG_LINKS"]
