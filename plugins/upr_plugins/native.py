"""Native formats: upr JSON Lines (lossless) and the flat CSV of ``Dataset.to_records()``."""

from __future__ import annotations

import csv
from pathlib import Path

import upr
from upr import jsonl
from upr.core.records import RECORD_COLUMNS, from_record, to_record
from upr.errors import DataError
from upr.io import tables
from upr.io.importing import Confidence, Importer, ImportSink, Source, allow_large_csv_cells
from upr.io.safety import restore_cell
from upr.model.reviews import derive_reviews

LIST_SEPARATOR = "; "


class JsonlImporter(Importer):
    """upr JSON Lines, as written by ``upr.jsonl.write`` (``upr.export``)."""

    name = "upr-jsonl"
    description = "upr native JSON Lines (lossless, with schema version)"
    extensions = (".jsonl",)

    def sniff(self, source: Source) -> float:
        """Certain when the first line is a upr header."""
        first = source.head(4096).split(b"\n", 1)[0]
        if jsonl.is_native(first.decode("utf-8", errors="replace")):
            return Confidence.CERTAIN
        return Confidence.EXTENSION if source.suffix in self.extensions else Confidence.NONE

    def read(self, source: Source, sink: ImportSink) -> None:
        """Every record line is one row; schema errors name the line and field."""
        try:
            with source.path.open(encoding="utf-8") as stream:
                for line, kind, item in jsonl.iter_records(stream, source.name):
                    where = source.location(line=line)
                    if kind == "review":
                        sink.add_review(item)
                    elif kind == "conflict":
                        sink.add_conflict(item)
                    elif kind == jsonl.LINEAGE:
                        collection, of, record = item
                        sink.add_lineage(collection, of, record, where)
                    else:
                        sink.add(item, where, fuse=False)
        except UnicodeDecodeError as exc:
            raise DataError(source.location(), f"not UTF-8 text: {exc}") from None


class CsvImporter(Importer):
    """The flat CSV written by the ``upr-csv`` exporter (one row per recommendation).

    Cells the exporter neutralised against formula injection (a leading ``'``
    added, see :mod:`upr.io.safety`) are restored exactly: one leading apostrophe
    is removed from every cell, so round trips are lossless.
    """

    name = "upr-csv"
    description = "flat CSV of Dataset.to_records() (lists joined with '; ')"
    extensions = (".csv",)

    def sniff(self, source: Source) -> float:
        """Certain when the header is exactly the record columns."""
        first = source.head(4096).decode("utf-8", errors="replace").splitlines()[:1]
        header = next(csv.reader(first), []) if first else []
        if tuple(h.strip().lstrip("\ufeff") for h in header) == RECORD_COLUMNS:
            return Confidence.CERTAIN
        return Confidence.NONE

    def read(self, source: Source, sink: ImportSink) -> None:
        """Each data row becomes one recommendation; bad rows are rejected with their line."""
        try:
            allow_large_csv_cells()
            with source.path.open(encoding="utf-8-sig", newline="") as stream:
                reader = csv.DictReader(stream)
                missing = [c for c in RECORD_COLUMNS if c not in (reader.fieldnames or ())]
                if missing:
                    raise DataError(
                        source.location(line=1, field=missing[0]),
                        f"missing column(s): {', '.join(missing)}",
                    )
                for row in reader:
                    where = source.location(line=reader.line_num)
                    cells = {
                        k: restore_cell(v) if isinstance(v, str) else v for k, v in row.items()
                    }
                    try:
                        rec = from_record(cells, where)
                    except DataError as exc:
                        sink.reject(exc.location, exc.reason)
                        continue
                    sink.add(rec, where, fuse=False)
        except UnicodeDecodeError as exc:
            raise DataError(source.location(), f"not UTF-8 text: {exc}") from None
        except csv.Error as exc:
            raise DataError(source.location(), f"malformed CSV: {exc}") from None
        # The flat CSV has no review records: rebuild what the rows tell of them.
        for review in derive_reviews(sink.recommendations()):
            sink.add_review(review)


class JsonlExporter(upr.Exporter):
    """Writes upr JSON Lines (lossless)."""

    name = "upr-jsonl"
    description = "upr native JSON Lines"
    extensions = (".jsonl",)

    def write(self, dataset: upr.Dataset, path: Path) -> None:
        """Atomic write of every record."""
        jsonl.write(dataset, path)


class CsvExporter(upr.Exporter):
    """Writes one CSV row per recommendation (``Dataset.to_records()``).

    Text cells starting with ``=``, ``+``, ``-``, ``@``, tab, CR or ``'`` get a
    leading apostrophe (:func:`upr.io.safety.neutralise_cell`) so spreadsheets never
    run them as formulas; :class:`CsvImporter` removes it again.
    """

    name = "upr-csv"
    description = "flat CSV, one row per recommendation"
    extensions = (".csv",)

    def write(self, dataset: upr.Dataset, path: Path) -> None:
        """Atomic write through the one table writer; list cells joined with ``'; '``,
        text cells neutralised."""
        rows = (
            [LIST_SEPARATOR.join(v) if isinstance(v, list) else v for v in to_record(rec).values()]
            for rec in dataset
        )
        tables.write_csv(path, RECORD_COLUMNS, rows, excel=False)


@upr.hookimpl
def upr_register_importers(register: upr.hookspecs.Register[Importer]) -> None:
    """The native importers."""
    register(JsonlImporter())
    register(CsvImporter())


@upr.hookimpl
def upr_register_exporters(register: upr.hookspecs.Register[upr.Exporter]) -> None:
    """The native exporters."""
    register(JsonlExporter())
    register(CsvExporter())


__all__ = ["CsvExporter", "CsvImporter", "JsonlExporter", "JsonlImporter"]
