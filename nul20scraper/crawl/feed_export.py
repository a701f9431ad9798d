"""Scrapy's JSON feed exporters, with the fields of a plain dict item read in one pass.

For every field of every item Scrapy's exporters wrap the item in an ItemAdapter, look up the
field's metadata and call a serializer that, for a dict item, returns the value unchanged:
about as much CPU as encoding the JSON itself, in the crawl's busiest process. The nul20
spider yields plain dicts, so their fields are read directly; the output is byte for byte
what Scrapy's exporter writes. Any other item, or an exporter configured otherwise (no field
list, empty fields exported), takes Scrapy's path.

Set in FEED_EXPORTERS for the JSON Lines and JSON formats.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from scrapy.exporters import BaseItemExporter, JsonItemExporter, JsonLinesItemExporter


class PlainDictFields(BaseItemExporter):
    """get_serialized_fields in one comprehension for dict items (see module docstring)."""

    _plain_fields: tuple[str, ...] | None = None

    def _configure(self, options: dict[str, Any], dont_fail: bool = False) -> None:
        super()._configure(options, dont_fail=dont_fail)
        fields = self.fields_to_export
        plain = (
            isinstance(fields, (list, tuple))
            and all(isinstance(name, str) for name in fields)
            and not self.export_empty_fields
            and type(self).serialize_field is BaseItemExporter.serialize_field
        )
        self._plain_fields = tuple(fields) if plain else None  # type: ignore[arg-type]

    def get_serialized_fields(self, item: Any, default_value: Any = None,
                              include_empty: bool | None = None
                              ) -> Iterable[tuple[str, Any]]:
        fields = self._plain_fields
        if fields is None or type(item) is not dict or include_empty is not None:
            return super().get_serialized_fields(item, default_value, include_empty)
        # A dict field has no serializer: Scrapy's would give each value as it is.
        return [(name, item[name]) for name in fields if name in item]


class JsonLinesExporter(PlainDictFields, JsonLinesItemExporter):
    pass


class JsonExporter(PlainDictFields, JsonItemExporter):
    pass
