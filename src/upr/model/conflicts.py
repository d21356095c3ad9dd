"""Conflicts: the places where sources disagree, kept as data.

Fusion never overwrites silently. When the sources of one record give
different values for one field, the dataset keeps one value (by the rules of
:mod:`upr.core.fusion`) and lists a :class:`Conflict` naming every value and
the sources behind each. ``Dataset.conflicts`` holds them; ``upr conflicts``
prints them.

>>> from upr.errors import Location
>>> from upr.model.provenance import FieldSource
>>> wg = FieldSource("wg-report-txt", Location("vietnam2014.txt", paragraph="143.12"))
>>> info = FieldSource("uprinfo-csv", Location("17-20.csv", row=3351))
>>> c = Conflict("A/HRC/26/6:143.12", "response",
...              (ConflictValue("supported", (wg,)), ConflictValue("noted", (info,))),
...              ConflictKind.VALUES)
>>> c.kept
'supported'
>>> print(c)  # doctest: +NORMALIZE_WHITESPACE
A/HRC/26/6:143.12: field 'response' differs:
'supported' from wg-report-txt: vietnam2014.txt, paragraph 143.12;
'noted' from uprinfo-csv: 17-20.csv, row 3351
"""

from __future__ import annotations

import enum

import attrs

from upr.model.provenance import FieldSource


class ConflictKind(enum.StrEnum):
    """Why a conflict was recorded."""

    VALUES = "values"
    """The sources of one record give different values for one field (found by fusion)."""
    MATCH = "match"
    """A source record matches several records equally well; it was fused with the first."""
    SOURCE = "source"
    """One source contradicts itself (reported by its importer)."""


@attrs.frozen
class ConflictValue:
    """One of the values given for the field, as text, and the sources that gave it."""

    value: str
    sources: tuple[FieldSource, ...] = ()


@attrs.frozen
class Conflict:
    """Sources disagree on ``field`` of the record ``record`` (a recommendation,
    review or pledge id). ``values`` lists each value with its sources; the
    first is the value kept.

    ``kind`` says who found it: fusion (:attr:`ConflictKind.VALUES`,
    :attr:`ConflictKind.MATCH`; recomputed whenever datasets are merged) or a
    source's importer (:attr:`ConflictKind.SOURCE`, the default for conflicts
    made by hand). A source conflict is reported on one source record;
    ``source_record`` keeps that record's id once ``record`` names the fused
    recommendation it became part of.
    """

    record: str
    field: str
    values: tuple[ConflictValue, ...]
    kind: ConflictKind = ConflictKind.SOURCE
    source_record: str | None = None

    @property
    def kept(self) -> str:
        """The value the dataset keeps."""
        return self.values[0].value if self.values else ""

    def sort_key(self) -> tuple[object, ...]:
        """A total order: record, field, kind, then the values and their sources."""
        return (
            self.record,
            self.field,
            self.kind.value,
            tuple((v.value, tuple(s.sort_key() for s in v.sources)) for v in self.values),
            self.source_record or "",
        )

    def __str__(self) -> str:
        shown = "; ".join(
            f"{v.value!r} from {', '.join(map(str, v.sources)) or 'an unnamed source'}"
            for v in self.values
        )
        verb = "matches several records" if self.kind is ConflictKind.MATCH else "differs"
        return f"{self.record}: field {self.field!r} {verb}: {shown}"


__all__ = ["Conflict", "ConflictKind", "ConflictValue"]
