"""Selectors shared by both Drupal layouts, written once for a field-class pattern.

Drupal 7 prints a field as `field-name-<name>`, Drupal 9/10 as `field--name-<name>`; the
machine names (`field-image`, `field-tags`, ...) are the site's own and survive a rebuild.
"""

from __future__ import annotations

from nul20scraper.extract.layouts.base import Selector

BODY_FIELDS = ("body", "field-body", "field-tekst", "field-text")
IMAGE_FIELDS = ("field-image", "field-afbeelding", "field-media-image", "field-lead-image",
                "field-foto", "field-main-image", "field-beeld")
CAPTION_FIELDS = ("field-caption", "field-bijschrift", "field-image-caption",
                  "field-onderschrift")
CREDIT_FIELDS = ("field-fotograaf", "field-credit", "field-image-credit", "field-copyright",
                 "field-foto-credit", "field-beeld-credit", "field-bron")
TAG_FIELDS = ("field-tags", "field-trefwoorden", "field-tag", "field-onderwerpen")
AUTHOR_FIELDS = ("field-auteur", "field-author", "field-authors", "field-auteurs",
                 "field-byline", "field-schrijver")
TYPE_FIELDS = ("field-type", "field-article-type", "field-artikeltype", "field-soort",
               "field-type-artikel")
SECTION_FIELDS = ("field-rubriek", "field-section", "field-sectie")
KICKER_FIELDS = ("field-kicker", "field-bovenkop", "field-subtitle", "field-ondertitel",
                 "field-subtitel")
DATE_FIELDS = ("field-date", "field-datum", "field-publicatiedatum", "field-publication-date",
               "created")
UPDATED_FIELDS = ("field-geactualiseerd", "field-updated", "field-actualisatie", "changed")


def field_selectors(pattern: str, item_class: str) -> dict[str, Selector]:
    """The field selectors of a Drupal layout whose field classes follow `pattern`."""

    def names(fields: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(pattern.format(name) for name in fields)

    return {
        "BODY": Selector(names(BODY_FIELDS)),
        "IMAGE": Selector(names(IMAGE_FIELDS), inner_tag="img"),
        "IMAGE_FIGCAPTION": Selector(names(IMAGE_FIELDS), inner_tag="figcaption"),
        "IMAGE_CAPTION": Selector(names(CAPTION_FIELDS), inner_class=item_class),
        "IMAGE_CREDIT": Selector(names(CREDIT_FIELDS), inner_class=item_class),
        "TAG_LINKS": Selector(names(TAG_FIELDS), inner_tag="a"),
        "AUTHORS": Selector(names(AUTHOR_FIELDS), inner_class=item_class),
        "ARTICLE_TYPE": Selector(names(TYPE_FIELDS), inner_class=item_class),
        "SECTION": Selector(names(SECTION_FIELDS), inner_class=item_class),
        "KICKER": Selector(names(KICKER_FIELDS), inner_class=item_class),
        "DATE": Selector(names(DATE_FIELDS), inner_class=item_class),
        "UPDATED": Selector(names(UPDATED_FIELDS), inner_class=item_class),
    }
