"""The native file format: JSON Lines with a schema version, lossless.

The first line is a header, ``{"upr": "dataset", "schema_version": 2, ...}``;
every other line is one record, ``{"type": "recommendation", ...fields}``, with
the fields of the model class (:mod:`upr.core.converter` defines the mapping)
and the type tags of :data:`upr.core.kinds.KINDS`. The source records behind a
fused record follow as ``{"type": "lineage", "kind": "recommendation", "of":
"<fused id>", "record": {...}}``, so that a dataset read back merges with
others exactly as the one written would (:mod:`upr.core.fusion`).

Files are written atomically (:mod:`upr.io.atomic`) and in the dataset's
order, so equal datasets give byte-identical files.

>>> import io, upr
>>> text = io.StringIO()
>>> ds = upr.datasets.viet_nam()
>>> for line in dumps_records(ds):
...     _ = text.write(line + "\\n")
>>> read_lines(text.getvalue().splitlines()) == ds
True
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from upr._version import __version__
from upr.core import converter, kinds
from upr.core.dataset import Dataset, Lineage
from upr.errors import Location, SchemaError, UprError
from upr.io.atomic import atomic_writer

SCHEMA_VERSION = 2
"""Version of the record layout; bumped on any incompatible change (2: structured
provenance and conflicts, lineage lines)."""

FORMAT_TAG = "dataset"

LINEAGE = "lineage"
"""The type tag of a source-record line."""

_LINEAGE_KINDS = {"recommendation": "recommendations", "review": "reviews", "pledge": "pledges"}
_LINEAGE_TAGS = {attribute: tag for tag, attribute in _LINEAGE_KINDS.items()}


def header() -> dict[str, Any]:
    """The header record written as the first line."""
    return {"upr": FORMAT_TAG, "schema_version": SCHEMA_VERSION, "upr_version": __version__}


def _line(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def dumps_records(dataset: Dataset) -> Iterator[str]:
    """Every line of the file for ``dataset`` (without newlines), header first."""
    yield json.dumps(header(), ensure_ascii=False)
    for kind in kinds.KINDS:
        for item in getattr(dataset, kind.attribute):
            yield _line({"type": kind.tag, **converter.to_data(item)})
    for attribute, tag in _LINEAGE_TAGS.items():
        for of, records in getattr(dataset.lineage, attribute):
            for record in records:
                yield _line(
                    {"type": LINEAGE, "kind": tag, "of": of, "record": converter.to_data(record)}
                )


def write(dataset: Dataset, path: str | Path) -> None:
    """Write ``dataset`` to ``path`` as upr JSON Lines, atomically."""
    with atomic_writer(path) as stream:
        for line in dumps_records(dataset):
            stream.write(line + "\n")


def is_native(first_line: str) -> bool:
    """True if a file's first line is a upr JSON Lines header."""
    try:
        data = json.loads(first_line)
    except ValueError:
        return False
    return isinstance(data, dict) and data.get("upr") == FORMAT_TAG


def _lineage(data: dict[str, Any], file: str, number: int) -> tuple[str, str, Any]:
    tag, of, record = data.get("kind"), data.get("of"), data.get("record")
    if tag not in _LINEAGE_KINDS:
        raise SchemaError(
            Location(file, line=number, field="kind"),
            f"lineage of {tag!r}: expected one of {', '.join(_LINEAGE_KINDS)}",
        )
    if not isinstance(of, str) or not of:
        raise SchemaError(Location(file, line=number, field="of"), "expected the fused record's id")
    extra = set(data) - {"kind", "of", "record"}
    if extra:
        raise SchemaError(
            Location(file, line=number, field=sorted(extra)[0]), "unexpected key in a lineage line"
        )
    cls = kinds.by_tag(tag).cls
    item = converter.from_data(record, cls, Location(file, line=number, field="record"))
    return _LINEAGE_KINDS[tag], of, item


def iter_records(lines: Iterable[str], file: str = "<input>") -> Iterator[tuple[int, str, Any]]:
    """Parse upr JSON Lines lazily: ``(line number, record type, model object)``.

    Lineage lines give the type ``"lineage"`` and the object ``(collection,
    fused id, source record)``. The header is checked first; blank lines are
    skipped. Errors are :class:`~upr.errors.SchemaError` naming ``file``, the
    line and the field.
    """
    number = 0
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        where = Location(file, line=number)
        try:
            data = json.loads(raw)
        except ValueError as exc:
            raise SchemaError(where, f"not valid JSON: {exc}") from None
        except RecursionError:
            raise SchemaError(where, "JSON nested too deeply") from None
        if not isinstance(data, dict):
            raise SchemaError(where, f"expected a JSON object, got {type(data).__name__}")
        if number == 1:
            _check_header(data, where)
            continue
        tag = data.pop("type", None)
        if tag == LINEAGE:
            yield number, LINEAGE, _lineage(data, file, number)
            continue
        if not isinstance(tag, str) or tag not in {k.tag for k in kinds.KINDS}:
            raise SchemaError(
                Location(file, line=number, field="type"),
                f"unknown record type {tag!r}; expected one of "
                f"{', '.join(k.tag for k in kinds.KINDS)}, {LINEAGE}",
            )
        yield number, tag, converter.from_data(data, kinds.by_tag(tag).cls, where)
    if number == 0:
        raise SchemaError(Location(file, line=1), "empty file: no upr header line")


def read_lines(lines: Iterable[str], file: str = "<input>") -> Dataset:
    """Parse upr JSON Lines from an iterable of lines into a Dataset."""
    buckets: dict[str, list[Any]] = {attribute: [] for attribute in kinds.ATTRIBUTES}
    behind: dict[str, dict[str, list[Any]]] = {a: {} for a in _LINEAGE_TAGS}
    first_line: dict[tuple[str, str], int] = {}
    for number, tag, item in iter_records(lines, file):
        if tag == LINEAGE:
            attribute, of, record = item
            behind[attribute].setdefault(of, []).append(record)
            first_line.setdefault((attribute, of), number)
        else:
            buckets[kinds.by_tag(tag).attribute].append(item)
    for attribute, entries in behind.items():
        known = {item.id for item in buckets[attribute]}
        for of in entries:
            if of not in known:
                raise SchemaError(
                    Location(file, line=first_line[(attribute, of)], field="of"),
                    f"lineage of {of!r}, which is not a {_LINEAGE_TAGS[attribute]} of this file",
                )
    lineage = Lineage(
        **{a: [(of, records) for of, records in e.items()] for a, e in behind.items()}
    )
    try:
        return Dataset(lineage=lineage, **buckets)
    except UprError as exc:
        raise SchemaError(Location(file), str(exc)) from exc


def _check_header(data: dict[str, Any], where: Location) -> None:
    if data.get("upr") != FORMAT_TAG:
        raise SchemaError(
            Location(where.file, where.line, field="upr"),
            'not a upr dataset: the first line must be {"upr": "dataset", "schema_version": ...}',
        )
    version = data.get("schema_version")
    if version != SCHEMA_VERSION:
        raise SchemaError(
            Location(where.file, where.line, field="schema_version"),
            f"schema version {version!r} is not supported (this upr reads {SCHEMA_VERSION};"
            " import the original sources again to write it)",
        )


def read(path: str | Path) -> Dataset:
    """Read a upr JSON Lines file written by :func:`write`."""
    target = Path(path)
    try:
        with target.open(encoding="utf-8") as stream:
            return read_lines(stream, str(target))
    except UnicodeDecodeError as exc:
        raise SchemaError(Location(str(target)), f"not UTF-8 text: {exc}") from None


__all__ = [
    "FORMAT_TAG",
    "LINEAGE",
    "SCHEMA_VERSION",
    "dumps_records",
    "header",
    "is_native",
    "iter_records",
    "read",
    "read_lines",
    "write",
]
