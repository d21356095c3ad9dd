"""The criteria of :meth:`Dataset.filter`: what each dimension keys a record by,
and how the values a user gives (names or codes) become keys.

>>> sorted(parse("state", ["Viet Nam", "China"]))
['CHN', 'VNM']
>>> sorted(DIMENSIONS)[:3]
['cycle', 'mechanism', 'recommending_state']
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from typing import Any

from upr.model import mechanisms, states, treaties
from upr.model.recommendations import Recommendation, ResponseValue, parse_response_value
from upr.model.reviews import Review
from upr.names import normalise

FilterValue = str | int | enum.Enum | Iterable[str | int | enum.Enum] | None
"""What a criterion accepts: one value, or several (any of them)."""


def _state_code(value: Any) -> str:
    return states.resolve(str(value)).code


def _response_value(value: Any) -> ResponseValue:
    if isinstance(value, ResponseValue):
        return value
    return parse_response_value(str(value))


def _group(value: Any) -> states.RegionalGroup:
    if isinstance(value, states.RegionalGroup):
        return value
    return states.RegionalGroup.parse(str(value))


PARSERS: dict[str, Callable[[Any], Any]] = {
    "state": _state_code,
    "cycle": int,
    "mechanism": lambda v: mechanisms.get(str(v)).code,
    "response": _response_value,
    "theme": lambda v: normalise(str(v)),
    "treaty": lambda v: treaties.get(str(v)).code,
    "recommending_state": _state_code,
    "regional_group": _group,
    "review": str,
}
"""How a user's value for each dimension becomes a key (names accepted where codes are stored)."""

DIMENSIONS: dict[str, Callable[[Recommendation], Iterable[Any]]] = {
    "state": lambda r: (r.state_under_review,),
    "cycle": lambda r: (r.cycle,),
    "mechanism": lambda r: (r.mechanism,),
    "response": lambda r: () if r.response is None else (r.response.value,),
    "theme": lambda r: {normalise(t) for t in r.themes},
    "treaty": lambda r: r.treaties,
    "recommending_state": lambda r: r.recommending_states,
    "regional_group": lambda r: states.groups_of(r.recommending_states),
    "review": lambda r: (r.review,),
}
"""The keys of a recommendation on each filter dimension."""

SINGLE_VALUED = frozenset({"state", "cycle", "mechanism", "response", "review"})
"""Dimensions with at most one key per recommendation (composite indexes combine them)."""

REVIEW_DIMENSIONS: dict[str, Callable[[Review], Any]] = {
    "state": lambda r: r.state,
    "cycle": lambda r: r.cycle,
    "mechanism": lambda r: r.mechanism,
    "review": lambda r: r.id,
}
"""The dimensions a review (known only through reported figures) can be selected by."""


def values(value: FilterValue) -> list[Any]:
    """One value or several, as a list."""
    if value is None:
        return []
    return [value] if isinstance(value, str | int | enum.Enum) else list(value)


def parse(dimension: str, value: FilterValue) -> set[Any]:
    """The keys a user's value selects on ``dimension``; unknown names raise
    :class:`~upr.errors.UnknownNameError` with suggestions."""
    parser = PARSERS[dimension]
    return {parser(v) for v in values(value)}


__all__ = [
    "DIMENSIONS",
    "PARSERS",
    "REVIEW_DIMENSIONS",
    "SINGLE_VALUED",
    "FilterValue",
    "parse",
    "values",
]
