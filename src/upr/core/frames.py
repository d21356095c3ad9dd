"""DataFrames and Arrow tables of recommendations, and recommendations back from frames.

The columns are those of the flat codec, :data:`upr.core.records.RECORD_COLUMNS`,
in that order: one row per recommendation, list-valued fields
(``recommending_states``, ``themes``, ``affected_persons``, ``sdg_targets``,
``treaties``, ``sources``) kept as lists.

* :func:`to_pandas` (``pandas`` extra): text columns use pandas' nullable
  ``string`` dtype (missing values are ``pd.NA``), ``cycle`` is ``int64``,
  ``session`` and ``action_category`` the nullable ``Int64``; list columns are
  ``object`` columns holding Python lists. ``long=True`` gives one row per
  recommendation x recommending state (see :data:`LONG_COLUMNS`).
* :func:`to_arrow` (``arrow`` extra): the schema :func:`arrow_schema`, with
  ``list<string>`` list columns and dictionary-encoded codes, and the reviews
  in the schema metadata (:func:`metadata`); :mod:`upr.io.parquet` writes it.
* :func:`from_pandas` turns a frame (wide or long) back into recommendations.

What a frame keeps is what a flat row keeps (:mod:`upr.core.records`).
pandas and pyarrow are imported on first use, never when ``upr`` is imported.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from upr._version import __version__
from upr.core.converter import to_data
from upr.core.records import (
    INTEGER_COLUMNS,
    LIST_COLUMNS,
    RECORD_COLUMNS,
    REQUIRED_COLUMNS,
    from_record,
    source_names,
    to_record,
)
from upr.errors import DataError, Location
from upr.model import states
from upr.model.recommendations import Recommendation
from upr.model.reviews import Review, derive_reviews

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

DICTIONARY_COLUMNS: tuple[str, ...] = (
    "review",
    "mechanism",
    "state_under_review",
    "response",
    "kind",
)
"""Text columns with few distinct values, dictionary-encoded in Arrow and Parquet."""

LONG_COLUMNS: tuple[str, ...] = tuple(
    name
    for column in RECORD_COLUMNS
    for name in (
        ("recommending_state", "regional_group") if column == "recommending_states" else (column,)
    )
)
"""Columns of ``to_pandas(long=True)``: ``recommending_states`` is replaced by the
scalar ``recommending_state`` and its UN ``regional_group``."""

METADATA_KEY = b"upr"
"""Key of the Arrow schema (and Parquet) metadata entry holding the reviews."""

METADATA_TAG = "recommendations"
"""Value of ``"upr"`` in the metadata header (what the table holds)."""

METADATA_VERSION = 1
"""Version of the table layout (columns and metadata); bumped on incompatible changes."""

FRAME = "<DataFrame>"
"""The file name used in the locations of :func:`from_pandas` errors."""


# -- optional dependencies ------------------------------------------------------
def require_pandas(feature: str) -> Any:
    try:
        import pandas  # noqa: PLC0415 - optional dependency, imported on use
    except ImportError as exc:
        raise ImportError(f"{feature} needs pandas: pip install 'upr[pandas]'") from exc
    return pandas


def require_pyarrow(feature: str) -> tuple[Any, Any]:
    try:
        import pyarrow  # noqa: PLC0415 - optional dependency, imported on use
        import pyarrow.parquet  # noqa: PLC0415
    except ImportError as exc:
        raise ImportError(f"{feature} needs pyarrow: pip install 'upr[arrow]'") from exc
    return pyarrow, pyarrow.parquet


# -- pandas ---------------------------------------------------------------------
def _dtype(column: str) -> str:
    if column == "cycle":
        return "int64"
    if column in INTEGER_COLUMNS:
        return "Int64"
    return "string"


def to_pandas(recommendations: Sequence[Recommendation], *, long: bool = False) -> pd.DataFrame:
    """A DataFrame with one row per recommendation, columns :data:`RECORD_COLUMNS`.

    Values are those of :func:`upr.core.records.to_record`. Text columns have the
    nullable ``string`` dtype, ``cycle`` is ``int64``, ``session`` and
    ``action_category`` ``Int64``; list columns hold Python lists.

    ``long=True`` gives one row per recommendation x recommending state, the
    columns :data:`LONG_COLUMNS`: a scalar ``recommending_state`` and its
    ``regional_group`` (:func:`upr.states.group_of`: ``"Asia-Pacific"``, ...;
    missing for the Holy See and the State of Palestine). A recommendation
    without a recommending state keeps one row, with both missing, so counting
    distinct ``id`` still counts every recommendation.
    """
    pd = require_pandas("upr.core.frames.to_pandas")
    records = [to_record(rec) for rec in recommendations]
    if long:
        records = list(_long_records(records))
    columns = LONG_COLUMNS if long else RECORD_COLUMNS
    data: dict[str, Any] = {}
    for column in columns:
        values = [record[column] for record in records]
        if column in LIST_COLUMNS:
            data[column] = pd.Series(values, dtype=object)
        else:
            data[column] = pd.array(values, dtype=_dtype(column))
    return pd.DataFrame(data, columns=list(columns))


def _long_records(records: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for record in records:
        base = {k: v for k, v in record.items() if k != "recommending_states"}
        for code in record["recommending_states"] or [None]:
            group = None if code is None else states.group_of(code)
            yield {
                **base,
                "recommending_state": code,
                "regional_group": None if group is None else group.value,
            }


# -- arrow ----------------------------------------------------------------------
def arrow_schema(metadata: Mapping[bytes, bytes] | None = None) -> pa.Schema:
    """The schema of :func:`to_arrow`: ``list<string>`` for list columns,
    ``int64`` for whole numbers, ``dictionary<int32, string>`` for
    :data:`DICTIONARY_COLUMNS`, ``string`` otherwise; ``cycle`` is not nullable."""
    pa, _ = require_pyarrow("upr.core.frames.arrow_schema")
    fields = []
    for column in RECORD_COLUMNS:
        if column in LIST_COLUMNS:
            kind = pa.list_(pa.string())
        elif column in INTEGER_COLUMNS:
            kind = pa.int64()
        elif column in DICTIONARY_COLUMNS:
            kind = pa.dictionary(pa.int32(), pa.string())
        else:
            kind = pa.string()
        fields.append(pa.field(column, kind, nullable=column != "cycle"))
    return pa.schema(fields, metadata=metadata)


def metadata(reviews: Iterable[Review]) -> dict[bytes, bytes]:
    """The schema metadata of :func:`to_arrow`: a JSON header with the reviews."""
    header = {
        "upr": METADATA_TAG,
        "schema_version": METADATA_VERSION,
        "upr_version": __version__,
        "reviews": [to_data(review) for review in reviews],
    }
    return {METADATA_KEY: json.dumps(header, ensure_ascii=False).encode("utf-8")}


def to_arrow(recommendations: Sequence[Recommendation], reviews: Iterable[Review] = ()) -> pa.Table:
    """A pyarrow Table of the recommendations (schema :func:`arrow_schema`).

    Built column by column from the model objects, without pandas. The
    schema metadata holds the reviews under :data:`METADATA_KEY`, so
    writing the table with ``pyarrow.parquet.write_table`` gives the same file
    as :func:`upr.io.parquet.write` (which writes atomically).
    """
    pa, _ = require_pyarrow("upr.core.frames.to_arrow")
    recs = recommendations
    responses = [rec.response for rec in recs]
    columns: dict[str, list[Any]] = {
        "id": [rec.id for rec in recs],
        "text": [rec.text for rec in recs],
        "review": [rec.review for rec in recs],
        "mechanism": [rec.mechanism for rec in recs],
        "state_under_review": [rec.state_under_review for rec in recs],
        "cycle": [rec.cycle for rec in recs],
        "session": [rec.session for rec in recs],
        "recommending_states": [rec.recommending_states for rec in recs],
        "response": [None if r is None else r.value.value for r in responses],
        "response_raw": [None if r is None else r.raw for r in responses],
        "response_source": [None if r is None else r.source for r in responses],
        "action_category": [
            None if rec.action_category is None else int(rec.action_category) for rec in recs
        ],
        "themes": [rec.themes for rec in recs],
        "affected_persons": [rec.affected_persons for rec in recs],
        "sdg_targets": [rec.sdg_targets for rec in recs],
        "treaties": [rec.treaties for rec in recs],
        "symbol": [rec.symbol for rec in recs],
        "paragraph": [rec.paragraph for rec in recs],
        "kind": [rec.kind.value for rec in recs],
        "sources": [source_names(rec) for rec in recs],
    }
    schema = arrow_schema(metadata(reviews))
    arrays = []
    for field in schema:
        values = columns[field.name]
        if pa.types.is_dictionary(field.type):
            arrays.append(pa.array(values, type=pa.string()).dictionary_encode())
        else:
            arrays.append(pa.array(values, type=field.type))
    return pa.Table.from_arrays(arrays, schema=schema)


def _record_fields(rec: Recommendation) -> dict[str, Any]:
    record = to_record(rec)
    del record["recommending_states"]
    return record


def from_pandas(frame: pd.DataFrame) -> tuple[tuple[Recommendation, ...], tuple[Review, ...]]:
    """The recommendations (and the reviews they tell of) a DataFrame describes:
    the inverse of :func:`to_pandas`.

    Accepts :func:`to_pandas` output (lists as lists, missing values as
    ``None``/``NaN``/``pd.NA``) and frames whose list cells are ``"; "``-joined
    strings (a flat CSV read with ``pandas.read_csv(path, dtype=str)``).
    Columns :data:`REQUIRED_COLUMNS` are required, the other
    :data:`RECORD_COLUMNS` default to empty; other columns and the index are
    ignored. See :func:`upr.core.records.from_record` for the cell rules.

    A long frame (``to_pandas(long=True)``: a ``recommending_state`` column
    and no ``recommending_states``) is regrouped: rows with the same ``id``
    become one recommendation made by all their states; they must agree on
    every other column. ``regional_group`` is ignored (it is derived).

    Reviews are derived from the recommendations (:func:`upr.model.reviews.derive_reviews`);
    ``sources`` become provenance for every field (field ``"*"``).

    Errors are :class:`~upr.errors.DataError` located at file ``"<DataFrame>"``,
    ``row`` = the row's position (``frame.iloc[row]``; the index label is named
    in the reason when it differs) and ``field`` = the column.
    """
    require_pandas("upr.core.frames.from_pandas")
    names = list(frame.columns)
    for column in REQUIRED_COLUMNS:
        if column not in names:
            raise DataError(Location(FRAME, field=column), f"missing column {column!r}")
    long = "recommending_state" in names
    if long and "recommending_states" in names:
        raise DataError(
            Location(FRAME, field="recommending_state"),
            "both 'recommending_state' (long form) and 'recommending_states' columns given",
        )
    wanted = [c for c in (*RECORD_COLUMNS, "recommending_state") if c in names]
    for column in wanted:
        if names.count(column) > 1:
            raise DataError(Location(FRAME, field=column), "duplicate column name")
    cells = [frame[column].tolist() for column in wanted]
    labels = frame.index.tolist()
    recs: dict[str, Recommendation] = {}
    first_row: dict[str, int] = {}
    states_of: dict[str, list[str]] = {}
    for position, values in enumerate(zip(*cells, strict=True)):
        row = dict(zip(wanted, values, strict=True))
        label = labels[position]
        where = Location(FRAME, row=position)
        try:
            if long:
                row["recommending_states"] = row.pop("recommending_state")
            rec = from_record(row, where)
            known = recs.get(rec.id)
            if known is not None and not long:
                raise DataError(
                    attrs.evolve(where, field="id"),
                    f"duplicate id {rec.id!r} (first at row {first_row[rec.id]})",
                )
            if known is not None:
                mine, theirs = _record_fields(rec), _record_fields(known)
                for column in RECORD_COLUMNS:
                    if column in mine and mine[column] != theirs[column]:
                        raise DataError(
                            attrs.evolve(where, field=column),
                            f"differs from row {first_row[rec.id]} of the same recommendation"
                            f" {rec.id!r}: {mine[column]!r} != {theirs[column]!r}",
                        )
                states_of[rec.id].extend(rec.recommending_states)
                continue
        except DataError as exc:
            if label != position:
                raise DataError(exc.location, f"{exc.reason} (index label {label!r})") from None
            raise
        recs[rec.id] = rec
        first_row[rec.id] = position
        states_of[rec.id] = list(rec.recommending_states)
    if long:
        recs = {
            rec_id: attrs.evolve(rec, recommending_states=tuple(states_of[rec_id]))
            for rec_id, rec in recs.items()
        }
    recommendations = tuple(recs.values())
    return recommendations, derive_reviews(recommendations)


__all__ = [
    "DICTIONARY_COLUMNS",
    "FRAME",
    "LONG_COLUMNS",
    "METADATA_KEY",
    "METADATA_TAG",
    "METADATA_VERSION",
    "arrow_schema",
    "from_pandas",
    "metadata",
    "require_pandas",
    "require_pyarrow",
    "to_arrow",
    "to_pandas",
]
