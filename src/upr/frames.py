"""DataFrames, Arrow tables and Parquet files of a :class:`~upr.dataset.Dataset`.

The columns are those of the flat CSV, :data:`upr.dataset.RECORD_COLUMNS`, in
that order: one row per recommendation, list-valued fields
(``recommending_states``, ``themes``, ``affected_persons``, ``sdg_targets``,
``treaties``, ``sources``) kept as lists.

* :func:`to_pandas` (``pandas`` extra): text columns use pandas' nullable
  ``string`` dtype (missing values are ``pd.NA``), ``cycle`` is ``int64``,
  ``session`` and ``action_category`` the nullable ``Int64``; list columns are
  ``object`` columns holding Python lists. ``long=True`` gives one row per
  recommendation x recommending state (see :data:`LONG_COLUMNS`).
* :func:`to_arrow` (``arrow`` extra): the schema :func:`arrow_schema`, with
  ``list<string>`` list columns and dictionary-encoded codes.
* :func:`to_parquet` writes that table atomically, with the dataset's reviews
  in the file's key-value metadata, so ``upr.load("x.parquet")`` (importer
  ``upr-parquet``) gives back the same recommendations and reviews.
* :func:`from_pandas` turns a frame (wide or long) back into a Dataset.

What a Parquet file keeps: every field of :func:`upr.dataset.to_record` and
the reviews. Per-field provenance collapses to the ``sources`` column (each
source then vouches for every field, field ``"*"``), exactly as in the flat
CSV; voluntary pledges, reported figures, ratifications, memberships,
implementation tracking and conflicts are not stored (use ``upr`` JSON Lines,
:meth:`~upr.dataset.Dataset.to_jsonl`, for a lossless file). As in the flat
CSV, empty strings in optional text fields and blank list items do not survive.

pandas and pyarrow are imported on first use, never when ``upr`` is imported.
"""

from __future__ import annotations

import functools
import json
import math
import numbers
import re
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from upr import jsonl, states
from upr._version import __version__
from upr.converter import from_data, to_data
from upr.dataset import RECORD_COLUMNS, Dataset, to_record
from upr.errors import DataError, Location, UprError
from upr.recommendations import (
    ActionCategory,
    FieldSource,
    Recommendation,
    RecommendationKind,
    Response,
    ResponseValue,
    parse_response_value,
    recommendation_id,
)
from upr.reviews import Review, derive_reviews, review_id

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

LIST_COLUMNS: tuple[str, ...] = (
    "recommending_states",
    "themes",
    "affected_persons",
    "sdg_targets",
    "treaties",
    "sources",
)
"""Columns holding lists of strings."""

INTEGER_COLUMNS: tuple[str, ...] = ("cycle", "session", "action_category")
"""Columns holding whole numbers (``cycle`` is never missing)."""

TEXT_COLUMNS: tuple[str, ...] = tuple(
    c for c in RECORD_COLUMNS if c not in LIST_COLUMNS and c not in INTEGER_COLUMNS
)
"""Columns holding one string (or a missing value)."""

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

REQUIRED_COLUMNS: tuple[str, ...] = ("text", "mechanism", "state_under_review", "cycle")
"""Columns :func:`from_pandas` cannot do without; the others default to empty."""

PARQUET_METADATA_KEY = b"upr"
"""Key of the Parquet (and Arrow schema) metadata entry written by :func:`to_parquet`."""

PARQUET_FORMAT_TAG = "recommendations"
"""Value of ``"upr"`` in the metadata header (what the file holds)."""

PARQUET_SCHEMA_VERSION = 1
"""Version of the Parquet layout (columns and metadata); bumped on incompatible changes."""

FRAME = "<DataFrame>"
"""The file name used in the locations of :func:`from_pandas` errors."""


# -- optional dependencies ------------------------------------------------------
def _pandas(feature: str) -> Any:
    try:
        import pandas  # noqa: PLC0415 - optional dependency, imported on use
    except ImportError as exc:
        raise ImportError(f"{feature} needs pandas: pip install 'upr[pandas]'") from exc
    return pandas


def _pyarrow(feature: str) -> tuple[Any, Any]:
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


def to_pandas(dataset: Dataset, *, long: bool = False) -> pd.DataFrame:
    """A DataFrame with one row per recommendation, columns :data:`RECORD_COLUMNS`.

    Values are those of :func:`upr.dataset.to_record`. Text columns have the
    nullable ``string`` dtype, ``cycle`` is ``int64``, ``session`` and
    ``action_category`` ``Int64``; list columns hold Python lists.

    ``long=True`` gives one row per recommendation x recommending state, the
    columns :data:`LONG_COLUMNS`: a scalar ``recommending_state`` and its
    ``regional_group`` (:func:`upr.states.group_of`: ``"Asia-Pacific"``, ...;
    missing for the Holy See and the State of Palestine). A recommendation
    without a recommending state keeps one row, with both missing, so counting
    distinct ``id`` still counts every recommendation.
    """
    pd = _pandas("upr.frames.to_pandas")
    records = [to_record(rec) for rec in dataset.recommendations]
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
    pa, _ = _pyarrow("upr.frames.arrow_schema")
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


def _metadata(dataset: Dataset) -> dict[bytes, bytes]:
    header = {
        "upr": PARQUET_FORMAT_TAG,
        "schema_version": PARQUET_SCHEMA_VERSION,
        "upr_version": __version__,
        "reviews": [to_data(review) for review in dataset.reviews],
    }
    return {PARQUET_METADATA_KEY: json.dumps(header, ensure_ascii=False).encode("utf-8")}


def to_arrow(dataset: Dataset) -> pa.Table:
    """A pyarrow Table of the recommendations (schema :func:`arrow_schema`).

    Built column by column from the model objects, without pandas. The
    schema metadata holds the reviews under :data:`PARQUET_METADATA_KEY`, so
    writing the table with ``pyarrow.parquet.write_table`` gives the same file
    as :func:`to_parquet` (which writes atomically).
    """
    pa, _ = _pyarrow("upr.frames.to_arrow")
    recs = dataset.recommendations
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
        "sources": [sorted({p.source for p in rec.provenance}) for rec in recs],
    }
    schema = arrow_schema(_metadata(dataset))
    arrays = []
    for field in schema:
        values = columns[field.name]
        if pa.types.is_dictionary(field.type):
            arrays.append(pa.array(values, type=pa.string()).dictionary_encode())
        else:
            arrays.append(pa.array(values, type=field.type))
    return pa.Table.from_arrays(arrays, schema=schema)


# -- parquet --------------------------------------------------------------------
PARQUET_ROW_GROUP_SIZE = 50_000
"""Rows per Parquet row group (a reader holds one row group in memory at a time)."""


def to_parquet(dataset: Dataset, path: str | Path) -> None:
    """Write the recommendations (:func:`to_arrow`) and reviews as Parquet, atomically.

    The file replaces ``path`` only once completely written; a failure leaves
    any previous file intact and no temporary file. ``upr.load(path)`` reads it
    back (see the module docstring for what survives). Compression: zstd.
    """
    _, pq = _pyarrow("upr.frames.to_parquet")
    table = to_arrow(dataset)
    with (
        jsonl.atomic_binary_writer(path) as stream,
        pq.ParquetWriter(stream, table.schema, compression="zstd") as writer,
    ):
        writer.write_table(table, row_group_size=PARQUET_ROW_GROUP_SIZE)


def parquet_header(metadata: Mapping[bytes, bytes] | None, file: str) -> dict[str, Any] | None:
    """The ``upr`` header stored in a Parquet file's key-value metadata, checked.

    ``None`` when the file has no such entry (a Parquet file written by other
    tools). A bad entry or another schema version raises
    :class:`~upr.errors.DataError` naming the metadata field.
    """
    raw = (metadata or {}).get(PARQUET_METADATA_KEY)
    if raw is None:
        return None
    where = Location(file, field="metadata:upr")
    try:
        header = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise DataError(where, f"metadata entry 'upr' is not JSON: {exc}") from None
    if not isinstance(header, dict) or header.get("upr") != PARQUET_FORMAT_TAG:
        raise DataError(where, "metadata entry 'upr' is not a upr Parquet header")
    version = header.get("schema_version")
    if version != PARQUET_SCHEMA_VERSION:
        raise DataError(
            Location(file, field="metadata:upr.schema_version"),
            f"schema version {version!r} is not supported (this upr reads "
            f"{PARQUET_SCHEMA_VERSION})",
        )
    if not isinstance(header.get("reviews", []), list):
        raise DataError(Location(file, field="metadata:upr.reviews"), "reviews must be a JSON list")
    return header


def header_reviews(header: Mapping[str, Any], file: str) -> tuple[Review, ...]:
    """The reviews of a :func:`parquet_header` (schema errors name review and field)."""
    found = []
    for number, data in enumerate(header.get("reviews", []), start=1):
        found.append(from_data(data, Review, Location(file, row=number, field="metadata:upr")))
    return tuple(found)


# -- from frames ----------------------------------------------------------------
class _BadCell(ValueError):
    """A cell that cannot be read; the caller adds the location."""


def _is_missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    if isinstance(value, str | list | tuple | dict):
        return False
    pandas = sys.modules.get("pandas")  # pd.NA and pd.NaT exist only once pandas is imported
    if pandas is not None and not hasattr(value, "__len__"):
        return bool(pandas.isna(value))
    return False


def _describe(value: Any) -> str:
    shown = repr(value)
    return f"{type(value).__name__} {shown[:60]}{'...' if len(shown) > 60 else ''}"


def _text(value: Any) -> str | None:
    if type(value) is str:
        return value or None
    if _is_missing(value):
        return None
    if not isinstance(value, str):
        raise _BadCell(f"expected text, got {_describe(value)}")
    return str(value) or None


_INTEGER = re.compile(r"\s*[+-]?\d{1,18}\s*")


def _integer(value: Any) -> int | None:
    if type(value) is int:
        return value
    if _is_missing(value):
        return None
    if isinstance(value, bool):
        raise _BadCell(f"expected a whole number, got {_describe(value)}")
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real) and float(value).is_integer():
        return int(float(value))
    if isinstance(value, str) and _INTEGER.fullmatch(value):
        return int(value)
    if isinstance(value, str) and not value.strip():
        return None
    raise _BadCell(f"expected a whole number, got {_describe(value)}")


@functools.lru_cache(maxsize=512)
def _category_label(label: str) -> int:
    try:
        return int(ActionCategory.parse(label))
    except UprError as exc:
        raise _BadCell(str(exc)) from None


def _category(value: Any) -> int | None:
    """An action category: a number 1-5, ``"5"``, ``"5 - Specific action"`` or a label."""
    if isinstance(value, str):
        return _category_label(value) if value.strip() else None
    number = _integer(value)
    if number is None:
        return None
    if not 1 <= number <= len(ActionCategory):
        raise _BadCell(f"action category {number} is not 1-{len(ActionCategory)}")
    return number


@functools.lru_cache(maxsize=512)
def _response(label: str) -> str:
    try:
        return parse_response_value(label).value
    except UprError as exc:
        raise _BadCell(str(exc)) from None


@functools.lru_cache(maxsize=64)
def _kind(label: str) -> str:
    try:
        return RecommendationKind(label.strip().lower()).value
    except ValueError:
        choices = ", ".join(k.value for k in RecommendationKind)
        raise _BadCell(f"unknown kind {label!r}; expected one of {choices}") from None


def _texts(value: Any) -> list[str]:
    """A list cell: a list (tuple, array) of strings or one ``"; "``-joined string."""
    if isinstance(value, str):
        return [part.strip() for part in value.split(";") if part.strip()]
    if not isinstance(value, list | tuple):
        if _is_missing(value):
            return []
        if hasattr(value, "tolist"):
            value = value.tolist()  # numpy arrays (pandas.read_parquet gives them)
        if not isinstance(value, list | tuple):
            raise _BadCell(f"expected a list of text, got {_describe(value)}")
    items = []
    for item in value:
        if type(item) is str or isinstance(item, str):
            if item.strip():  # blank items are dropped, as in the flat CSV
                items.append(str(item))
        elif not _is_missing(item):
            raise _BadCell(f"expected a list of text, got an item {_describe(item)}")
    return items


_CONVERTERS: tuple[tuple[str, Any], ...] = (
    *((column, _text) for column in TEXT_COLUMNS),
    ("cycle", _integer),
    ("session", _integer),
    ("action_category", _category),
    *((column, _texts) for column in LIST_COLUMNS),
)


def recommendation_from_row(row: Mapping[str, Any], where: Location) -> Recommendation:
    """One row of a frame or Parquet file (column -> cell) as a Recommendation.

    Cells may be missing (``None``, ``NaN``, ``pd.NA``); list cells may be
    lists, tuples, arrays or ``"; "``-joined strings; whole numbers may be
    floats such as ``5.0`` or strings. ``response`` accepts the canonical
    values and the published labels (:func:`~upr.recommendations.parse_response_value`;
    without a ``response_raw``, a label other than the canonical value is kept
    as the raw label), ``action_category`` a number 1-5 or a label. A missing ``review`` is
    derived (:func:`~upr.reviews.review_id`), then a missing ``id``
    (:func:`~upr.recommendations.recommendation_id`). Bad cells raise
    :class:`~upr.errors.DataError` at ``where`` with the column as ``field``.
    """
    clean: dict[str, Any] = {}
    column = ""
    try:
        for column, convert in _CONVERTERS:
            clean[column] = convert(row.get(column))
        for column in REQUIRED_COLUMNS:
            if clean[column] is None:
                raise _BadCell(f"{column} is required")
        column = "response"
        label = clean["response"]
        if label is not None:
            clean["response"] = _response(label)
            if clean["response_raw"] is None and label != clean["response"]:
                clean["response_raw"] = label  # a published label ("Accepted") is the raw one
        column = "kind"
        if clean["kind"] is not None:
            clean["kind"] = _kind(clean["kind"])
    except _BadCell as exc:
        raise DataError(attrs.evolve(where, field=column), str(exc)) from None
    if clean["review"] is None:
        clean["review"] = review_id(clean["mechanism"], clean["state_under_review"], clean["cycle"])
    if clean["id"] is None:
        clean["id"] = recommendation_id(
            symbol=clean["symbol"],
            paragraph=clean["paragraph"],
            review=clean["review"],
            text=clean["text"],
        )
    response = clean["response"]
    category = clean["action_category"]
    # the same record upr.dataset.from_record builds, from cells already checked
    return Recommendation(
        id=clean["id"],
        text=clean["text"],
        review=clean["review"],
        mechanism=clean["mechanism"],
        state_under_review=clean["state_under_review"],
        cycle=clean["cycle"],
        session=clean["session"],
        recommending_states=clean["recommending_states"],
        response=None
        if response is None
        else Response(
            ResponseValue(response), clean["response_raw"] or "", clean["response_source"]
        ),
        action_category=None if category is None else ActionCategory(category),
        themes=clean["themes"],
        affected_persons=clean["affected_persons"],
        sdg_targets=clean["sdg_targets"],
        treaties=clean["treaties"],
        symbol=clean["symbol"],
        paragraph=clean["paragraph"],
        kind=RecommendationKind(clean["kind"] or RecommendationKind.RECOMMENDATION),
        provenance=tuple(FieldSource("*", source) for source in clean["sources"]),
    )


def _record_fields(rec: Recommendation) -> dict[str, Any]:
    record = to_record(rec)
    del record["recommending_states"]
    return record


def from_pandas(frame: pd.DataFrame) -> Dataset:
    """The Dataset a DataFrame describes: the inverse of :func:`to_pandas`.

    Accepts :func:`to_pandas` output (lists as lists, missing values as
    ``None``/``NaN``/``pd.NA``) and frames whose list cells are ``"; "``-joined
    strings (a flat CSV read with ``pandas.read_csv(path, dtype=str)``).
    Columns :data:`REQUIRED_COLUMNS` are required, the other
    :data:`RECORD_COLUMNS` default to empty; other columns and the index are
    ignored. See :func:`recommendation_from_row` for the cell rules.

    A long frame (``to_pandas(long=True)``: a ``recommending_state`` column
    and no ``recommending_states``) is regrouped: rows with the same ``id``
    become one recommendation made by all their states; they must agree on
    every other column. ``regional_group`` is ignored (it is derived).

    Reviews are derived from the recommendations (:func:`upr.reviews.derive_reviews`);
    ``sources`` become provenance for every field (field ``"*"``).

    Errors are :class:`~upr.errors.DataError` located at file ``"<DataFrame>"``,
    ``row`` = the row's position (``frame.iloc[row]``; the index label is named
    in the reason when it differs) and ``field`` = the column.
    """
    _pandas("upr.frames.from_pandas")
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
            rec = recommendation_from_row(row, where)
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
    return Dataset(recommendations=recommendations, reviews=derive_reviews(recommendations))


def missing_columns(names: Sequence[str]) -> list[str]:
    """The :data:`RECORD_COLUMNS` not among ``names`` (what a upr Parquet file must have)."""
    present = set(names)
    return [c for c in RECORD_COLUMNS if c not in present]


__all__ = [
    "DICTIONARY_COLUMNS",
    "FRAME",
    "INTEGER_COLUMNS",
    "LIST_COLUMNS",
    "LONG_COLUMNS",
    "PARQUET_FORMAT_TAG",
    "PARQUET_METADATA_KEY",
    "PARQUET_ROW_GROUP_SIZE",
    "PARQUET_SCHEMA_VERSION",
    "REQUIRED_COLUMNS",
    "TEXT_COLUMNS",
    "arrow_schema",
    "from_pandas",
    "header_reviews",
    "missing_columns",
    "parquet_header",
    "recommendation_from_row",
    "to_arrow",
    "to_pandas",
    "to_parquet",
]
