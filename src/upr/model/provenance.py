"""Provenance: which source gave which fields of a record, and where in it.

A :class:`FieldSource` names the source (the importer's format name, such as
``"uprinfo-csv"`` or ``"wg-report-txt"``), the :class:`~upr.errors.Location`
in it (file, UN symbol, sheet, line, row or paragraph) and the fields it
vouches for (``"*"``: every field it gives). A record read from one row carries
one FieldSource; a fused record carries one per source record behind each of
its fields (see :mod:`upr.core.fusion`).

>>> from upr.errors import Location
>>> wg = FieldSource("wg-report-txt", Location("vietnam2014.txt", paragraph="143.12"),
...                  ("text", "paragraph"))
>>> wg.gives("text"), wg.gives("response")
(True, False)
>>> str(wg)
'wg-report-txt: vietnam2014.txt, paragraph 143.12'
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from upr.errors import Location

EVERY_FIELD = "*"
"""The field name meaning "every field this source gives"."""


def _fields(values: Iterable[str]) -> tuple[str, ...]:
    found = tuple(sorted(set(values)))
    return found or (EVERY_FIELD,)


@attrs.frozen
class FieldSource:
    """One source of one or more fields of a record: ``source`` (the importer's
    format name), ``location`` in it, and the ``fields`` it gives (sorted)."""

    source: str
    location: Location = attrs.field(factory=Location)
    fields: tuple[str, ...] = attrs.field(default=(EVERY_FIELD,), converter=_fields)

    def gives(self, field: str) -> bool:
        """True when this source vouches for ``field``."""
        return EVERY_FIELD in self.fields or field in self.fields

    @property
    def file(self) -> str | None:
        """The file name of the location (``None`` when not read from a file)."""
        return self.location.file

    def with_fields(self, fields: Iterable[str]) -> FieldSource:
        """The same source and location, vouching for ``fields`` only."""
        return FieldSource(self.source, self.location, tuple(fields))

    def sort_key(self) -> tuple[object, ...]:
        """A total order: source, location, fields."""
        return (self.source, self.location.sort_key(), self.fields)

    def __str__(self) -> str:
        return f"{self.source}: {self.location}"

    @classmethod
    def parse(cls, text: str) -> FieldSource:
        """The inverse of ``str(entry)``, vouching for every field (flat files keep
        no per-field provenance).

        >>> FieldSource.parse("uprinfo-csv: 17-20.csv, row 12").location.row
        12
        """
        source, sep, where = text.partition(": ")
        if not sep:
            return cls(source)
        return cls(source, Location.parse(where))


def canonical(entries: Iterable[FieldSource]) -> tuple[FieldSource, ...]:
    """``entries`` without repeats, in :meth:`FieldSource.sort_key` order; entries of
    one source and location are joined into one with the union of their fields."""
    joined: dict[tuple[str, Location], set[str]] = {}
    for entry in entries:
        joined.setdefault((entry.source, entry.location), set()).update(entry.fields)
    merged = [
        FieldSource(source, location, (EVERY_FIELD,) if EVERY_FIELD in fields else fields)
        for (source, location), fields in joined.items()
    ]
    return tuple(sorted(merged, key=FieldSource.sort_key))


__all__ = ["EVERY_FIELD", "FieldSource", "canonical"]
