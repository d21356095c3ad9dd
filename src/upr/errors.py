"""Every error ``upr`` raises derives from :class:`UprError`.

Errors about input data carry a :class:`~upr.errors.Location` so that a user can
find the offending byte: the file, the line, row or paragraph, and the field.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs


@attrs.frozen
class Location:
    """Where a value was read: file, then the finest position known.

    ``line`` is a 1-based text line (JSONL, CSV), ``row`` a 1-based spreadsheet
    or table row (the header is row 1), ``paragraph`` a paragraph number of a UN
    document (``"143.12"``); ``field`` names the column, key or attribute;
    ``sheet`` a worksheet (or ``"table 2"`` of a document); ``symbol`` the UN
    symbol of the document read (``"A/HRC/26/6"``), when the file is one;
    ``key`` the source's own id of the record there (a UHRI annotation id).

    >>> str(Location("vietnam2014.txt", symbol="A/HRC/26/6", paragraph="143.12"))
    'vietnam2014.txt, A/HRC/26/6, paragraph 143.12'
    """

    file: str | None = None
    line: int | None = None
    row: int | None = None
    paragraph: str | None = None
    field: str | None = None
    sheet: str | None = None
    symbol: str | None = None
    key: str | None = None

    def sort_key(self) -> tuple[tuple[bool, str | int], ...]:
        """A total order on locations (missing parts first), for canonical output."""
        return (
            (self.file is not None, self.file or ""),
            (self.symbol is not None, self.symbol or ""),
            (self.sheet is not None, self.sheet or ""),
            (self.line is not None, self.line or 0),
            (self.row is not None, self.row or 0),
            (self.paragraph is not None, self.paragraph or ""),
            (self.field is not None, self.field or ""),
            (self.key is not None, self.key or ""),
        )

    @classmethod
    def parse(cls, text: str) -> Location:
        """The inverse of ``str(location)`` (for file names without ``", "``).

        >>> where = Location.parse("17-20.csv, sheet 'x', row 12, field 'To'")
        >>> where.file, where.sheet, where.row, where.field
        ('17-20.csv', 'x', 12, 'To')
        """
        pieces = text.split(", ")
        found: dict[str, Any] = {}
        file = pieces[0]
        found["file"] = None if file == "<input>" else file
        for piece in pieces[1:]:
            word, _, rest = piece.partition(" ")
            if word in ("line", "row") and rest.isdigit():
                found[word] = int(rest)
            elif word == "paragraph" and rest:
                found["paragraph"] = rest
            elif word in ("sheet", "field") and len(rest) >= 2 and rest[0] == rest[-1] == "'":
                found[word] = rest[1:-1]
            elif word == "id" and rest:
                found["key"] = rest
            elif "symbol" not in found and "/" in piece:
                found["symbol"] = piece
            else:
                found["file"] = f"{found['file']}, {piece}"
        return cls(**found)

    def __str__(self) -> str:
        parts = [self.file or "<input>"]
        if self.symbol is not None:
            parts.append(self.symbol)
        if self.sheet is not None:
            parts.append(f"sheet {self.sheet!r}")
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.paragraph is not None:
            parts.append(f"paragraph {self.paragraph}")
        if self.field is not None:
            parts.append(f"field {self.field!r}")
        if self.key is not None:
            parts.append(f"id {self.key}")
        return ", ".join(parts)


class UprError(Exception):
    """Base class of every error raised by ``upr``."""


class DataError(UprError):
    """Input data is malformed; ``location`` says where and ``reason`` why."""

    def __init__(self, location: Location, reason: str) -> None:
        self.location = location
        self.reason = reason
        super().__init__(f"{location}: {reason}")


class SchemaError(DataError):
    """A native ``upr`` file does not follow the schema (unknown key, bad type or value)."""


class UnknownNameError(UprError, LookupError):
    """A state, treaty or mechanism name could not be resolved.

    ``suggestions`` holds the closest known names, best first.
    """

    def __init__(self, kind: str, name: str, suggestions: Sequence[str] = ()) -> None:
        self.kind = kind
        self.name = name
        self.suggestions = tuple(suggestions)
        hint = f"; closest matches: {', '.join(self.suggestions)}" if self.suggestions else ""
        super().__init__(f"unknown {kind} {name!r}{hint}")


class FormatDetectionError(UprError):
    """No importer, or more than one, claims a source; ``candidates`` lists them."""

    def __init__(self, source: str, reason: str, candidates: Sequence[str] = ()) -> None:
        self.source = source
        self.candidates = tuple(candidates)
        extra = f" (candidates: {', '.join(self.candidates)})" if self.candidates else ""
        super().__init__(f"{source}: {reason}{extra}")


class PluginError(UprError):
    """A plugin failed to load, raised in a hook, or registered something invalid."""

    def __init__(self, plugin: str, reason: str) -> None:
        self.plugin = plugin
        self.reason = reason
        super().__init__(f"plugin {plugin!r}: {reason}")


class ConflictError(UprError):
    """Two sources give different values for the same field of the same record."""
