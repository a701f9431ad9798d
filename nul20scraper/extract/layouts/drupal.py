"""Selectors shared by both Drupal layouts, written once for a field-class pattern.

Drupal 7 prints a field as `field-name-<name>`, Drupal 9/10 as `field--name-<name>`; the
machine names (`field-image`, `field-tags`, ...) are the site's own and survive a rebuild.
"""

from __future__ import annotations

from nul20scraper.extract.layouts.base import has_class


def any_field(pattern: str, *names: str) -> str:
    """XPath predicate: the element is one of the fields `names` (class pattern with {})."""
    return " or ".join(has_class(pattern.format(name)) for name in names)


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


def field_selectors(pattern: str, item_class: str) -> dict[str, str]:
    """The CMS-layer selectors of a Drupal layout whose field classes follow `pattern`."""

    def field(*names: str) -> str:
        return f"//*[{any_field(pattern, *names)}]"

    def items(*names: str) -> str:
        # The field's values, without its visible label.
        return f"{field(*names)}//*[{has_class(item_class)}]"

    return {
        "BODY": field(*BODY_FIELDS),
        "IMAGE": f"{field(*IMAGE_FIELDS)}//img",
        "IMAGE_CAPTION": items(*CAPTION_FIELDS),
        "IMAGE_CREDIT": items(*CREDIT_FIELDS),
        "TAG_LINKS": f"{field(*TAG_FIELDS)}//a[@href]",
        "AUTHORS": items(*AUTHOR_FIELDS),
        "ARTICLE_TYPE": items(*TYPE_FIELDS),
        "SECTION": items(*SECTION_FIELDS),
        "KICKER": items(*KICKER_FIELDS),
        "DATE": items(*DATE_FIELDS),
        "UPDATED": items(*UPDATED_FIELDS),
    }
