"""The importer contract: :class:`Importer`, the :class:`Source` it reads, and how one runs.

An importer turns one file into model objects. It does not build a Dataset
itself: it hands every row's outcome to an :class:`~upr.io.sink.ImportSink`
(:mod:`upr.io.sink`), which fuses rows of the same recommendation, counts,
and either raises at the first bad row or collects problems. This module only
states the contract and runs one importer on one file (:func:`run`); which
importers exist is the plugin manager's business, and ``upr.read`` (in
:mod:`upr.api`) is where the two meet.
"""

from __future__ import annotations

import abc
import csv
import enum
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import attrs

from upr.errors import DataError, FormatDetectionError, Location, UprError
from upr.io.sink import ErrorMode, ImportSink, Problem

MAX_ARCHIVE_BYTES = 512 * 1024 * 1024
"""Largest total uncompressed size accepted for an XLSX/DOCX (zip) file."""
MAX_COMPRESSION_RATIO = 200
"""Largest uncompressed/compressed ratio of one archive member (zip-bomb guard)."""


class ImporterCrash(DataError):
    """An importer raised something other than a ``upr`` error: a bug in the importer.

    The location is the last row the importer reported before failing.
    """


@attrs.frozen
class Source:
    """A file offered to importers: its path plus cheap access to its first bytes."""

    path: Path

    @property
    def name(self) -> str:
        """The file name, as shown in reports."""
        return str(self.path)

    @property
    def suffix(self) -> str:
        """Lower-case extension with the dot (``".csv"``)."""
        return self.path.suffix.lower()

    def head(self, size: int = 8192) -> bytes:
        """The first ``size`` bytes (empty for unreadable files)."""
        try:
            with self.path.open("rb") as stream:
                return stream.read(size)
        except OSError:
            return b""

    def location(self, **where: Any) -> Location:
        """A :class:`Location` in this file: ``source.location(row=3, field="To")``."""
        return Location(self.name, **where)


class Importer(abc.ABC):
    """Base class of importers. Subclass it and register an instance from the
    ``upr_register_importers`` hook.

    ``name`` is the format name users pass as ``format=``; ``extensions`` the
    file suffixes it usually reads (``(".csv",)``).
    """

    name: str
    description: str = ""
    extensions: tuple[str, ...] = ()

    @abc.abstractmethod
    def sniff(self, source: Source) -> float:
        """How confident this importer is that it reads ``source``: 0.0 (no) to 1.0 (sure).

        Look at the file name and :meth:`Source.head`; never read the whole file.
        """

    @abc.abstractmethod
    def read(self, source: Source, sink: ImportSink) -> None:
        """Read ``source``, calling ``sink.add`` or ``sink.reject`` once per row.

        Raise :class:`~upr.errors.DataError` (with a location) for a file that
        cannot be read at all (wrong encoding, missing columns).
        """


MAX_CSV_CELL = 64 * 2**20
"""Largest CSV cell the importers read (64 MiB): Python's :mod:`csv` refuses
cells over 131,072 characters by default, which a long recommendation text or
a concatenated note can exceed."""


def allow_large_csv_cells() -> None:
    """Raise :func:`csv.field_size_limit` to :data:`MAX_CSV_CELL` (never lower it).

    CSV importers call it before reading so that ``upr-csv`` reads back every
    text ``upr`` writes. The limit is process-wide; raising it is idempotent
    and safe to call from several threads.
    """
    if csv.field_size_limit() < MAX_CSV_CELL:
        csv.field_size_limit(MAX_CSV_CELL)


def check_archive(source: Source) -> None:
    """Refuse zip files (XLSX, DOCX) that are not zips or whose members would
    expand beyond :data:`MAX_ARCHIVE_BYTES` or :data:`MAX_COMPRESSION_RATIO`."""
    try:
        with zipfile.ZipFile(source.path) as archive:
            total = 0
            for info in archive.infolist():
                total += info.file_size
                ratio = info.file_size / max(info.compress_size, 1)
                if info.file_size > 1_000_000 and ratio > MAX_COMPRESSION_RATIO:
                    raise DataError(
                        source.location(field=info.filename),
                        f"archive member expands {ratio:.0f}x (limit {MAX_COMPRESSION_RATIO}x);"
                        " refusing a possible zip bomb",
                    )
            if total > MAX_ARCHIVE_BYTES:
                raise DataError(
                    source.location(),
                    f"archive expands to {total} bytes (limit {MAX_ARCHIVE_BYTES})",
                )
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise DataError(source.location(), f"not a valid zip-based file: {exc}") from None


class Confidence(float, enum.Enum):
    """Conventional sniff scores."""

    NONE = 0.0
    EXTENSION = 0.3
    LIKELY = 0.7
    CERTAIN = 1.0


def detect(
    source: Source,
    importers: Mapping[str, Importer],
    on_failure: Callable[[str, str], None] | None = None,
) -> Importer:
    """The importer of ``importers`` most confident about ``source``; ambiguity or
    none is a :class:`~upr.errors.FormatDetectionError`. An importer whose
    ``sniff`` raises is skipped and reported to ``on_failure(name, reason)``."""
    scores: list[tuple[float, str]] = []
    for name, importer in importers.items():
        try:
            score = float(importer.sniff(source))
        except Exception as exc:
            if on_failure is not None:
                on_failure(name, f"sniff failed: {exc!r}")
            continue
        if score > 0:
            scores.append((score, name))
    scores.sort(reverse=True)
    if not scores or scores[0][0] < Confidence.EXTENSION:
        raise FormatDetectionError(
            source.name, "no importer recognises this file", [n for _, n in scores]
        )
    ties = [n for s, n in scores if s == scores[0][0]]
    if len(ties) > 1:
        raise FormatDetectionError(
            source.name, "several importers claim this file equally; pass format=", ties
        )
    return importers[scores[0][1]]


SinkT = TypeVar("SinkT", bound=ImportSink)


def run(source: Source, importer: Importer, sink: SinkT) -> SinkT:
    """Run ``importer`` on ``source`` into ``sink``.

    A :class:`~upr.errors.DataError` for the whole file is raised in
    ``errors="raise"`` mode and counted as one rejected row otherwise; any
    exception that is not a ``upr`` error becomes :class:`ImporterCrash` at the
    last location the importer reported.
    """
    if not source.path.is_file():
        raise DataError(source.location(), "no such file")
    try:
        importer.read(source, sink)
    except DataError as exc:
        if sink.errors == "raise":
            raise
        sink.rejected.append(Problem(exc.location, exc.reason))
        sink.rows_read += 1
    except UprError:
        raise
    except Exception as exc:
        raise ImporterCrash(
            sink.last_location, f"importer {importer.name!r} failed: {type(exc).__name__}: {exc}"
        ) from exc
    return sink


__all__ = [
    "MAX_ARCHIVE_BYTES",
    "MAX_COMPRESSION_RATIO",
    "MAX_CSV_CELL",
    "Confidence",
    "ErrorMode",
    "ImportSink",
    "Importer",
    "ImporterCrash",
    "Source",
    "allow_large_csv_cells",
    "check_archive",
    "detect",
    "run",
]
