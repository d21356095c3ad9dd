"""Parquet files of recommendations: importer and exporter ``upr-parquet``.

The layout is :func:`upr.core.frames.to_arrow`'s: one row per recommendation, the
columns :data:`upr.core.records.RECORD_COLUMNS` (list columns as ``list<string>``
or ``"; "``-joined strings), and the dataset's reviews as JSON in the file's
key-value metadata under ``upr`` (see :mod:`upr.core.records` for what survives a
round trip). A Parquet file written by other tools with the same columns (say
``ds.to_pandas().to_parquet(path)``) is read too; its reviews are then derived
from the recommendations (:func:`upr.model.reviews.derive_reviews`).

Every table row is one data row: it becomes one already-fused recommendation
(``sink.add(..., fuse=False)``: a second row with the same id is rejected) or is
rejected with its row number (1-based: row 1 is the table's first row) and column. A file that is
not Parquet, is truncated, or lacks a column raises :class:`~upr.errors.DataError`.
Needs the ``arrow`` extra (pyarrow); without it reading raises
:class:`~upr.errors.PluginError` naming it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import upr
from upr.core.records import RECORD_COLUMNS, from_record, missing_columns
from upr.errors import DataError, PluginError
from upr.io import parquet
from upr.io.importing import Confidence, Importer, ImportSink, Source
from upr.model.reviews import derive_reviews

MAGIC = b"PAR1"
"""The 4 bytes a Parquet file starts and ends with."""

BATCH_ROWS = 4096
"""Rows converted to Python objects at a time (memory stays proportional to a batch)."""


def _pyarrow() -> tuple[Any, Any]:
    try:
        import pyarrow  # noqa: PLC0415 - optional dependency, imported on use
        import pyarrow.parquet  # noqa: PLC0415
    except ImportError:
        raise PluginError(
            "upr-parquet", "reading Parquet needs pyarrow: pip install 'upr[arrow]'"
        ) from None
    return pyarrow, pyarrow.parquet


def _tail(path: Path, size: int) -> bytes:
    try:
        with path.open("rb") as stream:
            stream.seek(0, 2)
            length = stream.tell()
            if length < 2 * len(MAGIC) + 4:
                return b""
            stream.seek(length - size)
            return stream.read(size)
    except OSError:
        return b""


class ParquetImporter(Importer):
    """Parquet with the record columns (``upr.io.parquet.write``, ``ds.to_pandas().to_parquet``)."""

    name = "upr-parquet"
    description = "Parquet of upr.io.parquet.write() (one row per recommendation, reviews kept)"
    extensions = (".parquet",)

    def sniff(self, source: Source) -> float:
        """Certain with the ``PAR1`` magic at both ends; likely with it only at the
        start (a truncated file: reading it says what is wrong)."""
        if source.head(len(MAGIC)) != MAGIC:
            return Confidence.EXTENSION if source.suffix in self.extensions else Confidence.NONE
        if _tail(source.path, len(MAGIC)) == MAGIC:
            return Confidence.CERTAIN
        return Confidence.LIKELY

    def read(self, source: Source, sink: ImportSink) -> None:
        """One recommendation per table row; bad cells reject the row (row and column named)."""
        pa, pq = _pyarrow()
        broken = (pa.ArrowException, OSError, ValueError, EOFError)
        try:
            table = pq.ParquetFile(source.path)
            schema = table.schema_arrow
        except broken as exc:
            raise DataError(source.location(), f"not a readable Parquet file: {exc}") from None
        missing = missing_columns(schema.names)
        if missing:
            hint = (
                " (a long frame, one row per recommending state? use upr.Dataset.from_pandas)"
                if "recommending_state" in schema.names
                else ""
            )
            raise DataError(
                source.location(field=missing[0]),
                f"missing column(s): {', '.join(missing)}: not a upr Parquet file{hint}",
            )
        header = parquet.header(schema.metadata, source.name)
        # reviews first: a bad metadata entry fails the file before any row is read
        reviews = None if header is None else parquet.header_reviews(header, source.name)
        row = 0
        try:
            for batch in table.iter_batches(batch_size=BATCH_ROWS, columns=list(RECORD_COLUMNS)):
                names = batch.schema.names
                cells = [column.to_pylist() for column in batch.columns]  # faster than by row
                for line in zip(*cells, strict=True):
                    values = dict(zip(names, line, strict=True))
                    row += 1
                    where = source.location(row=row)
                    try:
                        rec = from_record(values, where)
                    except DataError as exc:
                        sink.reject(exc.location, exc.reason)
                        continue
                    sink.add(rec, where, fuse=False)
        except broken as exc:
            raise DataError(
                source.location(row=row + 1), f"unreadable Parquet data: {exc}"
            ) from None
        if reviews is None:
            reviews = derive_reviews(sink.recommendations())
        for review in reviews:
            sink.add_review(review)


class ParquetExporter(upr.Exporter):
    """Writes :func:`upr.io.parquet.write` files (atomically; ``arrow`` extra)."""

    name = "upr-parquet"
    description = "Parquet, one row per recommendation, reviews in the metadata"
    extensions = (".parquet",)

    def write(self, dataset: upr.Dataset, path: Path) -> None:
        """Atomic write of the recommendations and reviews."""
        parquet.write(dataset, path)


@upr.hookimpl
def upr_register_importers(register: upr.hookspecs.Register[Importer]) -> None:
    """The Parquet importer."""
    register(ParquetImporter())


@upr.hookimpl
def upr_register_exporters(register: upr.hookspecs.Register[upr.Exporter]) -> None:
    """The Parquet exporter."""
    register(ParquetExporter())


__all__ = ["ParquetExporter", "ParquetImporter"]
