"""The native file format: JSON Lines with a schema version.

The first line is a header, ``{"upr": "dataset", "schema_version": 1, ...}``;
every other line is one record, ``{"type": "recommendation", ...fields}``, with
the fields of the model class (:mod:`upr.converter` defines the mapping).
Files are written atomically: to a temporary file in the same folder, then
renamed over the target, so a crash never leaves a half-written file.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from upr._version import __version__
from upr.council import CouncilMembership
from upr.dataset import Conflict, Dataset
from upr.errors import Location, SchemaError, UprError
from upr.figures import ReportedFigure
from upr.ratifications import Ratification
from upr.recommendations import Recommendation, VoluntaryPledge
from upr.reviews import Review
from upr.tracking import Action, Agency, Assessment, ImplementationPlan

SCHEMA_VERSION = 1
"""Version of the record layout; bumped on any incompatible change."""

FORMAT_TAG = "dataset"

# record type -> (model class, Dataset attribute)
RECORD_TYPES: dict[str, tuple[type[Any], str]] = {
    "review": (Review, "reviews"),
    "recommendation": (Recommendation, "recommendations"),
    "pledge": (VoluntaryPledge, "pledges"),
    "figure": (ReportedFigure, "figures"),
    "ratification": (Ratification, "ratifications"),
    "membership": (CouncilMembership, "memberships"),
    "agency": (Agency, "agencies"),
    "plan": (ImplementationPlan, "plans"),
    "action": (Action, "actions"),
    "assessment": (Assessment, "assessments"),
    "conflict": (Conflict, "conflicts"),
}


@contextmanager
def atomic_writer(path: str | Path, encoding: str = "utf-8") -> Iterator[IO[str]]:
    """Open a text file for writing that replaces ``path`` only on success.

    Any file format can use it: ``with atomic_writer(p) as f: f.write(...)``.
    A failure (an exception, a full disk) leaves any previous file intact and
    no temporary file behind.
    """
    with _atomic(path, "w", encoding) as stream:
        yield stream


@contextmanager
def atomic_binary_writer(path: str | Path) -> Iterator[IO[bytes]]:
    """:func:`atomic_writer` for binary formats (Parquet, XLSX)."""
    with _atomic(path, "wb", None) as stream:
        yield stream


@contextmanager
def _atomic(path: str | Path, mode: str, encoding: str | None) -> Iterator[Any]:
    target = Path(path)
    handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        newline = "" if encoding is not None else None
        with os.fdopen(handle, mode, encoding=encoding, newline=newline) as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        Path(temp).replace(target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def header() -> dict[str, Any]:
    """The header record written as the first line."""
    return {"upr": FORMAT_TAG, "schema_version": SCHEMA_VERSION, "upr_version": __version__}


def dumps_records(dataset: Dataset) -> Iterator[str]:
    """Every line of the file for ``dataset`` (without newlines), header first."""
    from upr import converter  # noqa: PLC0415 - cattrs is imported on first use

    yield json.dumps(header(), ensure_ascii=False)
    for kind, (_, attribute) in RECORD_TYPES.items():
        for item in getattr(dataset, attribute):
            yield json.dumps(
                {"type": kind, **converter.to_data(item)}, ensure_ascii=False, sort_keys=True
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


def iter_records(lines: Iterable[str], file: str = "<input>") -> Iterator[tuple[int, str, Any]]:
    """Parse upr JSON Lines lazily: ``(line number, record type, model object)``.

    The header is checked first; blank lines are skipped. Errors are
    :class:`~upr.errors.SchemaError` naming ``file``, the line and the field.
    """
    from upr import converter  # noqa: PLC0415 - cattrs is imported on first use

    number = 0
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        where = Location(file, line=number)
        try:
            data = json.loads(raw)
        except ValueError as exc:
            raise SchemaError(where, f"not valid JSON: {exc}") from None
        if not isinstance(data, dict):
            raise SchemaError(where, f"expected a JSON object, got {type(data).__name__}")
        if number == 1:
            _check_header(data, where)
            continue
        kind = data.pop("type", None)
        if not isinstance(kind, str) or kind not in RECORD_TYPES:
            raise SchemaError(
                Location(file, line=number, field="type"),
                f"unknown record type {kind!r}; expected one of {', '.join(RECORD_TYPES)}",
            )
        yield number, kind, converter.from_data(data, RECORD_TYPES[kind][0], where)
    if number == 0:
        raise SchemaError(Location(file, line=1), "empty file: no upr header line")


def read_lines(lines: Iterable[str], file: str = "<input>") -> Dataset:
    """Parse upr JSON Lines from an iterable of lines into a Dataset."""
    buckets: dict[str, list[Any]] = {attribute: [] for _, attribute in RECORD_TYPES.values()}
    for _, kind, item in iter_records(lines, file):
        buckets[RECORD_TYPES[kind][1]].append(item)
    try:
        return Dataset(**buckets)
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
            f"schema version {version!r} is not supported (this upr reads {SCHEMA_VERSION})",
        )


def read(path: str | Path) -> Dataset:
    """Read a upr JSON Lines file written by :func:`write` or :meth:`Dataset.to_jsonl`."""
    target = Path(path)
    try:
        with target.open(encoding="utf-8") as stream:
            return read_lines(stream, str(target))
    except UnicodeDecodeError as exc:
        raise SchemaError(Location(str(target)), f"not UTF-8 text: {exc}") from None
