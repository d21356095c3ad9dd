"""Metrics: named computations over a Dataset, registered by plugins.

A :class:`Metric` says what it counts (:class:`CountUnit`: recommendation
paragraphs, or recommendation x recommending-state rows: published figures use
both) and computes a :class:`Table`, optionally grouped ``by`` one or more
dimensions (:data:`DIMENSIONS`).

Metrics are plugins: ``upr.compute`` (:mod:`upr.api`) computes a registered one.

>>> import upr
>>> upr.compute(upr.datasets.viet_nam().filter(cycle=2), "count").rows
((227,),)
"""

from __future__ import annotations

import abc
import enum
import functools
import itertools
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from upr.core.dataset import Dataset
from upr.display import ShowsHtml
from upr.errors import UnknownNameError
from upr.model import states
from upr.model.recommendations import Recommendation

if TYPE_CHECKING:
    import pandas as pd


class CountUnit(enum.StrEnum):
    """What one unit of a count is."""

    PARAGRAPHS = "recommendation paragraphs"
    ROWS = "recommendation x recommending-state rows"
    RATIO = "ratio"
    OTHER = "other"


@attrs.frozen
class Table(ShowsHtml):
    """A metric's result: named columns (group keys first, then values) and rows."""

    metric: str
    unit: CountUnit
    by: tuple[str, ...]
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]

    def to_records(self) -> list[dict[str, Any]]:
        """One dict per row."""
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def to_pandas(self) -> pd.DataFrame:
        """A pandas DataFrame (needs the ``pandas`` extra: ``pip install upr[pandas]``)."""
        try:
            import pandas as pd  # noqa: PLC0415 - optional dependency
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise ImportError("Table.to_pandas needs pandas: pip install 'upr[pandas]'") from exc
        return pd.DataFrame.from_records(self.to_records(), columns=list(self.columns))

    def value(self, column: str, **group: Any) -> Any:
        """The value of ``column`` in the row whose group keys equal ``group``."""
        for record in self.to_records():
            if all(record.get(k) == v for k, v in group.items()):
                return record[column]
        raise KeyError(f"no row with {group} in metric {self.metric!r}")


class GroupingContext:
    """What a grouping key function may need besides the recommendation: the
    dataset, and the agencies each recommendation is assigned to (built once)."""

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset
        self._agencies: dict[str, set[str]] | None = None

    def agencies(self, rec_id: str) -> list[str]:
        """Ids of the agencies a recommendation is assigned to, sorted."""
        if self._agencies is None:
            self._agencies = {}
            for plan in self.dataset.plans:
                for assignment in plan.assignments:
                    self._agencies.setdefault(assignment.recommendation, set()).add(
                        assignment.agency
                    )
        return sorted(self._agencies.get(rec_id, ()))


def _regional_groups(rec: Recommendation) -> tuple[str, ...]:
    return _group_names(rec.recommending_states)


@functools.lru_cache(maxsize=65_536)
def _group_names(codes: tuple[str, ...]) -> tuple[str, ...]:
    # the table keys are the groups' names, sorted as before
    return tuple(sorted(group.value for group in states.groups_of(codes)))


Keyer = Callable[[Recommendation, GroupingContext], Iterable[Any]]

DIMENSIONS: dict[str, Keyer] = {
    "cycle": lambda r, _: (r.cycle,),
    "state": lambda r, _: (r.state_under_review,),
    "review": lambda r, _: (r.review,),
    "mechanism": lambda r, _: (r.mechanism,),
    "recommending_state": lambda r, _: r.recommending_states,
    "regional_group": lambda r, _: _regional_groups(r),
    "theme": lambda r, _: r.themes,
    "treaty": lambda r, _: r.treaties,
    "sdg_target": lambda r, _: r.sdg_targets,
    "action_category": lambda r, _: (
        (None,) if r.action_category is None else (int(r.action_category),)
    ),
    "response": lambda r, _: (None if r.response is None else r.response.value.value,),
    "agency": lambda r, ctx: ctx.agencies(r.id),
}
"""Grouping dimensions: each maps a recommendation to its group keys (several for
multi-valued fields: a recommendation made by three states falls in three
``recommending_state`` groups; one without any value falls in none)."""


def groups(dataset: Dataset, by: Sequence[str]) -> dict[tuple[Any, ...], list[Recommendation]]:
    """Recommendations grouped by the product of their keys on each dimension."""
    for name in by:
        if name not in DIMENSIONS:
            raise UnknownNameError("grouping dimension", name, sorted(DIMENSIONS))
    context = GroupingContext(dataset)
    keyers = [DIMENSIONS[name] for name in by]
    result: dict[tuple[Any, ...], list[Recommendation]] = {}
    for rec in dataset:
        for key in itertools.product(*[keyer(rec, context) for keyer in keyers]):
            found = result.get(key)
            if found is None:
                result[key] = [rec]
            else:
                found.append(rec)
    return result


class Metric(abc.ABC):
    """Base class of metrics; register instances from ``upr_register_metrics``.

    Subclasses set ``name``, ``description`` and ``unit`` and implement
    :meth:`compute`. Most metrics only need :meth:`values`: a function of one
    group's recommendations; the default :meth:`compute` groups and calls it.
    """

    name: str
    description: str = ""
    unit: CountUnit = CountUnit.PARAGRAPHS
    value_columns: tuple[str, ...] = ("value",)

    def values(self, recs: Sequence[Recommendation], dataset: Dataset) -> tuple[Any, ...]:
        """The value columns for one group (override this or :meth:`compute`)."""
        raise NotImplementedError(f"metric {self.name!r} implements neither values nor compute")

    def compute(self, dataset: Dataset, by: Sequence[str] = ()) -> Table:
        """The table of this metric over ``dataset`` grouped ``by`` dimensions."""
        grouped = groups(dataset, by)
        if not by:
            grouped = {(): list(dataset)}
        rows = tuple(
            (*key, *self.values(recs, dataset))
            for key, recs in sorted(grouped.items(), key=lambda kv: tuple(map(str, kv[0])))
        )
        return Table(self.name, self.unit, tuple(by), (*by, *self.value_columns), rows)
