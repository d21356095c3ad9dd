"""The one table of record kinds a :class:`~upr.core.dataset.Dataset` holds.

Each :class:`RecordKind` says, for one model class: its tag in ``upr`` JSON
Lines, the Dataset attribute holding it, how one record is identified, what it
links to (so that a filtered dataset keeps the records tied to what it keeps),
and its merge policy (what :meth:`Dataset.merge` does with records of several
datasets). The Dataset, fusion, JSON Lines, the import sink, the CLI and the
HTML views all read this table; none lists the kinds again.

>>> [kind.tag for kind in KINDS][:3]
['recommendation', 'review', 'pledge']
>>> by_attribute("assessments").links
<Link.RECOMMENDATION: 'recommendation'>
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable
from typing import Any

import attrs

from upr.errors import Location, UnknownNameError
from upr.model.conflicts import Conflict
from upr.model.council import CouncilMembership
from upr.model.figures import ReportedFigure
from upr.model.provenance import FieldSource
from upr.model.ratifications import Ratification
from upr.model.recommendations import Recommendation, VoluntaryPledge
from upr.model.reviews import Review
from upr.model.tracking import Action, Agency, Assessment, ImplementationPlan


class Policy(enum.StrEnum):
    """What merging several datasets does with the records of a kind."""

    FUSE = "fuse"
    """Source records of the same recommendation become one (:mod:`upr.core.fusion`)."""
    FILL = "fill"
    """Records with the same id become one: empty fields filled, differences are conflicts."""
    SET = "set"
    """Equal records are kept once; the others are all kept."""
    DERIVE = "derive"
    """Recomputed from the other kinds (conflicts found by fusion); conflicts
    reported by sources are kept."""


class Link(enum.StrEnum):
    """What a record is tied to, for :meth:`Dataset.filter`."""

    RECOMMENDATION = "recommendation"
    REVIEW = "review"
    STATE = "state"
    RECORD = "record"
    """A recommendation or a review (conflicts)."""
    NONE = "none"
    """Nothing: a filtered dataset keeps every record of this kind."""


@attrs.frozen
class RecordKind:
    """One kind of record: class, JSON Lines tag, Dataset attribute, id, links, policy."""

    cls: type[Any]
    tag: str
    attribute: str
    identify: Callable[[Any], str] | None
    """The id of a record (``None``: records of this kind have no id of their own)."""
    links: Link
    keys: Callable[[Any], Iterable[str]]
    """The ids (or state codes) a record is tied to (empty for :attr:`Link.NONE`)."""
    policy: Policy
    label: str = ""
    """How people call the records (plural): ``"reported figures"``."""
    tracking: bool = False
    """A record of national implementation tracking (agencies, plans, actions, assessments)."""

    @property
    def name(self) -> str:
        """The class name (``"Recommendation"``)."""
        return self.cls.__name__


def _none(_: Any) -> tuple[str, ...]:
    return ()


KINDS: tuple[RecordKind, ...] = (
    RecordKind(
        Recommendation, "recommendation", "recommendations", lambda r: r.id,
        Link.REVIEW, lambda r: (r.review,), Policy.FUSE, "recommendations",
    ),
    RecordKind(
        Review, "review", "reviews", lambda r: r.id, Link.REVIEW, lambda r: (r.id,), Policy.FILL,
        "reviews",
    ),
    RecordKind(
        VoluntaryPledge, "pledge", "pledges", lambda p: p.id,
        Link.REVIEW, lambda p: (p.review,), Policy.FILL, "voluntary pledges",
    ),
    RecordKind(
        ReportedFigure, "figure", "figures", None, Link.REVIEW, lambda f: (f.review,), Policy.SET,
        "reported figures",
    ),
    RecordKind(
        Ratification, "ratification", "ratifications", None,
        Link.STATE, lambda r: (r.state,), Policy.SET, "ratifications",
    ),
    RecordKind(
        CouncilMembership, "membership", "memberships", None, Link.NONE, _none, Policy.SET,
        "Council memberships",
    ),
    RecordKind(
        Agency, "agency", "agencies", lambda a: a.id, Link.NONE, _none, Policy.SET,
        "agencies", tracking=True,
    ),
    RecordKind(
        ImplementationPlan, "plan", "plans", lambda p: p.id,
        Link.REVIEW, lambda p: (p.review,), Policy.SET, "plans", tracking=True,
    ),
    RecordKind(
        Action, "action", "actions", lambda a: a.id,
        Link.RECOMMENDATION, lambda a: a.recommendations, Policy.SET, "actions", tracking=True,
    ),
    RecordKind(
        Assessment, "assessment", "assessments", None,
        Link.RECOMMENDATION, lambda a: (a.recommendation,), Policy.SET, "assessments",
        tracking=True,
    ),
    RecordKind(
        Conflict, "conflict", "conflicts", None, Link.RECORD, lambda c: (c.record,), Policy.DERIVE,
        "conflicts",
    ),
)  # fmt: skip
"""Every record kind, in the order datasets list, write and show them."""

ATTRIBUTES: tuple[str, ...] = tuple(kind.attribute for kind in KINDS)
"""The Dataset attributes holding records, in :data:`KINDS` order."""

_BY_TAG = {kind.tag: kind for kind in KINDS}
_BY_ATTRIBUTE = {kind.attribute: kind for kind in KINDS}
_BY_CLASS = {kind.cls: kind for kind in KINDS}


def by_tag(tag: str) -> RecordKind:
    """The kind written as ``{"type": tag}`` in JSON Lines."""
    try:
        return _BY_TAG[tag]
    except KeyError:
        raise UnknownNameError("record type", tag, list(_BY_TAG)) from None


def by_attribute(attribute: str) -> RecordKind:
    """The kind held in the Dataset attribute ``attribute``."""
    try:
        return _BY_ATTRIBUTE[attribute]
    except KeyError:
        raise UnknownNameError("record collection", attribute, list(_BY_ATTRIBUTE)) from None


def of(record: Any) -> RecordKind:
    """The kind of a model object."""
    try:
        return _BY_CLASS[type(record)]
    except KeyError:
        raise UnknownNameError("record class", type(record).__name__, list(_BY_TAG)) from None


# -- a total order on records, for canonical output ----------------------------------------


def _key(value: Any) -> Any:
    """A sort key for any model value: ``None`` first, then by type, then by value."""
    if value is None:
        return (0,)
    if isinstance(value, enum.Enum):
        return (1, str(value.value))
    if isinstance(value, bool | int | float):
        return (2, float(value), str(value))
    if isinstance(value, str):
        return (3, value)
    if isinstance(value, dt.date):
        return (4, value.isoformat())
    if isinstance(value, tuple | list):
        return (5, tuple(_key(v) for v in value))
    if isinstance(value, FieldSource | Location | Conflict):
        return (6, value.sort_key())
    if attrs.has(type(value)):
        return (
            7,
            type(value).__name__,
            tuple(_key(getattr(value, f.name)) for f in attrs.fields(type(value))),
        )
    return (8, repr(value))


def canonical_key(record: Any) -> Any:
    """A key giving every record of one kind a place in one total order (all its
    fields, those not compared included), so canonical output never depends on
    the order records arrived in."""
    return _key(record)


def canonical(records: Iterable[Any]) -> tuple[Any, ...]:
    """``records`` without repeats (equal records kept once: the first in
    :func:`canonical_key` order), sorted by :func:`canonical_key`."""
    ordered = sorted(records, key=canonical_key)
    return tuple(dict.fromkeys(ordered))


__all__ = [
    "ATTRIBUTES",
    "KINDS",
    "Link",
    "Policy",
    "RecordKind",
    "by_attribute",
    "by_tag",
    "canonical",
    "canonical_key",
    "of",
]
