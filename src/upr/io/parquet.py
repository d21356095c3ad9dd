"""Parquet files of recommendations: writing, and the checked header of one being read.

:func:`write` stores :func:`upr.core.frames.to_arrow`'s table (one row per
recommendation, the reviews in the metadata) atomically, compressed with zstd.
The ``upr-parquet`` importer reads it back; :func:`header` and
:func:`header_reviews` check the metadata entry it finds. What survives is what
a flat row keeps (:mod:`upr.core.records`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from upr.core.converter import from_data
from upr.core.dataset import Dataset
from upr.core.frames import METADATA_KEY, METADATA_TAG, METADATA_VERSION, require_pyarrow, to_arrow
from upr.errors import DataError, Location
from upr.io.atomic import atomic_binary_writer
from upr.model.reviews import Review

ROW_GROUP_SIZE = 50_000
"""Rows per Parquet row group (a reader holds one row group in memory at a time)."""


def write(dataset: Dataset, path: str | Path) -> None:
    """Write the recommendations and reviews as Parquet, atomically.

    The file replaces ``path`` only once completely written; a failure leaves
    any previous file intact and no temporary file. ``upr.load(path)`` reads it
    back. Needs the ``arrow`` extra.
    """
    _, pq = require_pyarrow("upr.io.parquet.write")
    table = to_arrow(dataset.recommendations, dataset.reviews)
    with (
        atomic_binary_writer(path) as stream,
        pq.ParquetWriter(stream, table.schema, compression="zstd") as writer,
    ):
        writer.write_table(table, row_group_size=ROW_GROUP_SIZE)


def header(metadata: Mapping[bytes, bytes] | None, file: str) -> dict[str, Any] | None:
    """The ``upr`` header stored in a Parquet file's key-value metadata, checked.

    ``None`` when the file has no such entry (a Parquet file written by other
    tools). A bad entry or another schema version raises
    :class:`~upr.errors.DataError` naming the metadata field.
    """
    raw = (metadata or {}).get(METADATA_KEY)
    if raw is None:
        return None
    where = Location(file, field="metadata:upr")
    try:
        found = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise DataError(where, f"metadata entry 'upr' is not JSON: {exc}") from None
    if not isinstance(found, dict) or found.get("upr") != METADATA_TAG:
        raise DataError(where, "metadata entry 'upr' is not a upr Parquet header")
    version = found.get("schema_version")
    if version != METADATA_VERSION:
        raise DataError(
            Location(file, field="metadata:upr.schema_version"),
            f"schema version {version!r} is not supported (this upr reads {METADATA_VERSION})",
        )
    if not isinstance(found.get("reviews", []), list):
        raise DataError(Location(file, field="metadata:upr.reviews"), "reviews must be a JSON list")
    return found


def header_reviews(found: Mapping[str, Any], file: str) -> tuple[Review, ...]:
    """The reviews of a :func:`header` (schema errors name review and field)."""
    return tuple(
        from_data(data, Review, Location(file, row=number, field="metadata:upr"))
        for number, data in enumerate(found.get("reviews", []), start=1)
    )


__all__ = ["ROW_GROUP_SIZE", "header", "header_reviews", "write"]
