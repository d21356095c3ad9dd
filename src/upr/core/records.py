"""The one flat codec: a recommendation as one row of plain cells, and back.

Flat files (the ``upr-csv`` CSV, Parquet, DataFrames) hold one row per
recommendation with the columns :data:`RECORD_COLUMNS`; list-valued fields
are lists (or ``"; "``-joined strings in CSV). :func:`to_record` writes a row,
:func:`from_record` reads one back, checking every cell and naming the bad one.

What a row keeps: every field, and the sources as ``"source: location"`` texts
(:class:`~upr.model.provenance.FieldSource` printed); per-field provenance,
the source records behind a fused record and the conflicts are not kept (use
``upr`` JSON Lines for a lossless file).

>>> import upr
>>> rec = upr.datasets.viet_nam().recommendations[0]
>>> from_record(to_record(rec), upr.Location("x.csv", line=2)).text == rec.text
True
"""

from __future__ import annotations

import functools
import math
import numbers
import re
import sys
from collections.abc import Mapping
from typing import Any

import attrs

from upr.errors import DataError, Location, UprError
from upr.model.provenance import FieldSource
from upr.model.recommendations import (
    ActionCategory,
    Recommendation,
    RecommendationKind,
    Response,
    ResponseValue,
    parse_response_value,
    recommendation_id,
)
from upr.model.reviews import review_id

RECORD_COLUMNS: tuple[str, ...] = (
    "id",
    "text",
    "review",
    "mechanism",
    "state_under_review",
    "cycle",
    "session",
    "recommending_states",
    "response",
    "response_raw",
    "response_source",
    "action_category",
    "themes",
    "affected_persons",
    "sdg_targets",
    "treaties",
    "symbol",
    "paragraph",
    "kind",
    "sources",
)
"""The keys of :func:`to_record`, in order: the columns of every flat format."""

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

REQUIRED_COLUMNS: tuple[str, ...] = ("text", "mechanism", "state_under_review", "cycle")
"""Columns a row cannot do without; the others default to empty."""


def source_names(rec: Recommendation) -> list[str]:
    """The ``sources`` cell: each source and location once, as text, sorted."""
    return sorted({f"{p.source}: {p.location}" for p in rec.provenance})


def to_record(rec: Recommendation) -> dict[str, Any]:
    """A recommendation as a flat dict (the columns :data:`RECORD_COLUMNS`)."""
    response = rec.response
    return {
        "id": rec.id,
        "text": rec.text,
        "review": rec.review,
        "mechanism": rec.mechanism,
        "state_under_review": rec.state_under_review,
        "cycle": rec.cycle,
        "session": rec.session,
        "recommending_states": list(rec.recommending_states),
        "response": None if response is None else response.value.value,
        "response_raw": None if response is None else response.raw,
        "response_source": None if response is None else response.source,
        "action_category": None if rec.action_category is None else int(rec.action_category),
        "themes": list(rec.themes),
        "affected_persons": list(rec.affected_persons),
        "sdg_targets": list(rec.sdg_targets),
        "treaties": list(rec.treaties),
        "symbol": rec.symbol,
        "paragraph": rec.paragraph,
        "kind": rec.kind.value,
        "sources": source_names(rec),
    }


class _BadCell(ValueError):
    """A cell that cannot be read; the caller adds the location."""


def is_missing(value: Any) -> bool:
    """``None``, ``NaN``, and (once pandas is imported) ``pd.NA``/``pd.NaT``."""
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
    if is_missing(value):
        return None
    if not isinstance(value, str):
        raise _BadCell(f"expected text, got {_describe(value)}")
    return str(value) or None


_INTEGER = re.compile(r"\s*[+-]?\d{1,18}\s*")


def _integer(value: Any) -> int | None:
    if type(value) is int:
        return value
    if is_missing(value):
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
        if is_missing(value):
            return []
        if hasattr(value, "tolist"):
            value = value.tolist()  # numpy arrays (pandas.read_parquet gives them)
        if not isinstance(value, list | tuple):
            raise _BadCell(f"expected a list of text, got {_describe(value)}")
    items = []
    for item in value:
        if isinstance(item, str):
            if item.strip():  # blank items are dropped, as in the flat CSV
                items.append(str(item))
        elif not is_missing(item):
            raise _BadCell(f"expected a list of text, got an item {_describe(item)}")
    return items


_CONVERTERS: tuple[tuple[str, Any], ...] = (
    *((column, _text) for column in TEXT_COLUMNS),
    ("cycle", _integer),
    ("session", _integer),
    ("action_category", _category),
    *((column, _texts) for column in LIST_COLUMNS),
)


def from_record(row: Mapping[str, Any], where: Location) -> Recommendation:
    """One flat row (column -> cell) as a Recommendation; the inverse of :func:`to_record`.

    Cells may be missing (``None``, ``NaN``, ``pd.NA``); list cells may be
    lists, tuples, arrays or ``"; "``-joined strings; whole numbers may be
    floats such as ``5.0`` or strings. ``response`` accepts the canonical
    values and the published labels (without a ``response_raw``, a label other
    than the canonical value is kept as the raw label), ``action_category`` a
    number 1-5 or a label. A missing ``review`` is derived
    (:func:`~upr.model.reviews.review_id`), then a missing ``id``
    (:func:`~upr.model.recommendations.recommendation_id`). ``sources`` become
    provenance for every field. Bad cells raise :class:`~upr.errors.DataError`
    at ``where`` with the column as ``field``.
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
        provenance=tuple(FieldSource.parse(text) for text in clean["sources"]),
    )


def missing_columns(names: list[str] | tuple[str, ...]) -> list[str]:
    """The :data:`RECORD_COLUMNS` not among ``names``."""
    present = set(names)
    return [c for c in RECORD_COLUMNS if c not in present]


__all__ = [
    "INTEGER_COLUMNS",
    "LIST_COLUMNS",
    "RECORD_COLUMNS",
    "REQUIRED_COLUMNS",
    "TEXT_COLUMNS",
    "from_record",
    "is_missing",
    "missing_columns",
    "source_names",
    "to_record",
]
