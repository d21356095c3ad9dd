"""The immutable :class:`Dataset`: fused recommendations and what they refer to.

A Dataset holds recommendations with the reviews, reported figures,
ratifications and implementation-tracking records they refer to (the kinds are
listed once, in :mod:`upr.core.kinds`), the conflicts found between sources,
and the *lineage*: the source records each fused recommendation was made of.
It never changes: :meth:`Dataset.filter` and :meth:`Dataset.merge` return new
datasets. Lookups by id and filters by indexed keys use dictionaries built
once, on first use, so they do not scan the dataset.

Merging is fusion of the source records of every dataset (:mod:`upr.core.fusion`),
so it obeys laws: ``a.merge(b) == b.merge(a)``,
``a.merge(b).merge(c) == a.merge(b, c) == a.merge(b.merge(c))`` and, for a
dataset that came out of a merge or an import, ``a.merge(a) == a``.

>>> import upr
>>> ds = upr.Dataset()
>>> len(ds), ds.merge(ds) == ds
(0, True)
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from upr.core import frames, kinds, query
from upr.core.fusion import fuse_by_id, fuse_recommendations, merge_pledges, merge_reviews
from upr.core.kinds import KINDS, Link, Policy
from upr.core.query import FilterValue
from upr.core.records import to_record
from upr.display import ShowsHtml
from upr.errors import UprError
from upr.model.conflicts import Conflict, ConflictKind
from upr.model.council import CouncilMembership
from upr.model.figures import ReportedFigure
from upr.model.ratifications import Ratification
from upr.model.recommendations import Recommendation, VoluntaryPledge
from upr.model.reviews import Review
from upr.model.tracking import Action, Agency, Assessment, ImplementationPlan

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa


class DuplicateIdError(UprError):
    """Two records with the same id were given to one Dataset."""


Entries = tuple[tuple[str, tuple[Any, ...]], ...]


def _entries(values: Iterable[tuple[str, Iterable[Any]]]) -> Entries:
    return tuple((key, tuple(items)) for key, items in values)


@attrs.frozen
class Lineage:
    """The source records behind fused records: for each fused recommendation,
    review or voluntary pledge made of several (or of one that differs from
    it), its id and those records, sorted by id.

    Merging datasets fuses their source records again, so that the result never
    depends on how the sources were grouped (see :mod:`upr.core.fusion`).
    """

    recommendations: tuple[tuple[str, tuple[Recommendation, ...]], ...] = attrs.field(
        default=(), converter=_entries
    )
    reviews: tuple[tuple[str, tuple[Review, ...]], ...] = attrs.field(
        default=(), converter=_entries
    )
    pledges: tuple[tuple[str, tuple[VoluntaryPledge, ...]], ...] = attrs.field(
        default=(), converter=_entries
    )

    def __bool__(self) -> bool:
        return bool(self.recommendations or self.reviews or self.pledges)


def _as_tuple(values: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(values)


_ID = operator.attrgetter("id")
_REVIEW = operator.attrgetter("review")
_SUBJECT = operator.attrgetter("state_under_review")


@attrs.frozen
class Dataset(ShowsHtml):
    """An immutable collection of recommendations and what they refer to.

    Iterating yields recommendations; ``len()`` counts them; ``ds[id]`` looks
    one up (by its id, or by the id of a source record fused into it).
    ``conflicts`` lists what the sources disagree on; ``lineage`` keeps the
    source records behind each fused record (:meth:`source_records`).
    The constructor takes the records as given; :func:`fuse` and
    :meth:`merge` fuse them.
    """

    recommendations: tuple[Recommendation, ...] = attrs.field(default=(), converter=_as_tuple)
    reviews: tuple[Review, ...] = attrs.field(default=(), converter=_as_tuple)
    pledges: tuple[VoluntaryPledge, ...] = attrs.field(default=(), converter=_as_tuple)
    figures: tuple[ReportedFigure, ...] = attrs.field(default=(), converter=_as_tuple)
    ratifications: tuple[Ratification, ...] = attrs.field(default=(), converter=_as_tuple)
    memberships: tuple[CouncilMembership, ...] = attrs.field(default=(), converter=_as_tuple)
    agencies: tuple[Agency, ...] = attrs.field(default=(), converter=_as_tuple)
    plans: tuple[ImplementationPlan, ...] = attrs.field(default=(), converter=_as_tuple)
    actions: tuple[Action, ...] = attrs.field(default=(), converter=_as_tuple)
    assessments: tuple[Assessment, ...] = attrs.field(default=(), converter=_as_tuple)
    conflicts: tuple[Conflict, ...] = attrs.field(default=(), converter=_as_tuple)
    lineage: Lineage = attrs.field(factory=Lineage)
    _cache: dict[str, Any] = attrs.field(factory=dict, init=False, eq=False, repr=False, hash=False)

    def __attrs_post_init__(self) -> None:
        for kind in KINDS:
            identify = kind.identify
            if identify is None or kind.policy is Policy.SET:
                continue
            seen: set[str] = set()
            for item in getattr(self, kind.attribute):
                key = identify(item)
                if key in seen:
                    raise DuplicateIdError(f"duplicate {kind.tag} id {key!r} in one Dataset")
                seen.add(key)

    # -- collection protocol -------------------------------------------------
    def __len__(self) -> int:
        return len(self.recommendations)

    def __iter__(self) -> Iterator[Recommendation]:
        return iter(self.recommendations)

    def __contains__(self, rec_id: object) -> bool:
        return isinstance(rec_id, str) and self.get(rec_id) is not None

    def __getitem__(self, rec_id: str) -> Recommendation:
        found = self.get(rec_id)
        if found is None:
            raise KeyError(f"no recommendation with id {rec_id!r}")
        return found

    def get(self, rec_id: str) -> Recommendation | None:
        """The recommendation with this id, else the one a source record of this id
        was fused into (the first, for an id several source records share), or ``None``."""
        by_id = self._by_id()
        index = by_id.get(rec_id)
        if index is None:
            index = by_id.get(self.aliases.get(rec_id, rec_id))
        return None if index is None else self.recommendations[index]

    def review(self, review_id: str) -> Review | None:
        """The review with this id (``"UPR-VNM-2"``), or ``None``."""
        found: dict[str, Review] = self._cached("reviews", lambda: {r.id: r for r in self.reviews})
        return found.get(review_id)

    def source_records(self, rec_id: str) -> tuple[Recommendation, ...]:
        """The source records the recommendation ``rec_id`` was fused from (itself
        when it came from one source record); empty if there is no such record."""
        rec = self.get(rec_id)
        if rec is None:
            return ()
        found: dict[str, tuple[Recommendation, ...]] = self._cached(
            "lineage", lambda: dict(self.lineage.recommendations)
        )
        return found.get(rec.id, (rec,))

    @property
    def aliases(self) -> dict[str, str]:
        """The fused recommendation id of every source record whose own id differs."""

        def build() -> dict[str, str]:
            found: dict[str, str] = {}
            for rec_id, sources in self.lineage.recommendations:
                for source in sources:
                    if source.id != rec_id:
                        found.setdefault(source.id, rec_id)
            return found

        result: dict[str, str] = self._cached("aliases", build)
        return result

    def canonical_id(self, rec_id: str) -> str:
        """The id of the recommendation a source record of id ``rec_id`` is part of."""
        if rec_id in self._by_id():
            return rec_id
        return self.aliases.get(rec_id, rec_id)

    # -- indexes ---------------------------------------------------------------
    def _cached(self, key: str, build: Callable[[], Any]) -> Any:
        if key not in self._cache:
            self._cache[key] = build()
        return self._cache[key]

    def _by_id(self) -> dict[str, int]:
        result: dict[str, int] = self._cached(
            "by_id", lambda: {r.id: i for i, r in enumerate(self.recommendations)}
        )
        return result

    def _index(self, dimension: str) -> dict[Any, list[int]]:
        def build() -> dict[Any, list[int]]:
            keyer = query.DIMENSIONS[dimension]
            index: dict[Any, list[int]] = {}
            for position, rec in enumerate(self.recommendations):
                for key in keyer(rec):
                    index.setdefault(key, []).append(position)
            return index

        result: dict[Any, list[int]] = self._cached(f"index:{dimension}", build)
        return result

    def _composite_index(self, dimensions: tuple[str, ...]) -> dict[tuple[Any, ...], list[int]]:
        """Positions by the combined keys of several single-valued dimensions."""

        def build() -> dict[tuple[Any, ...], list[int]]:
            keyers = [query.DIMENSIONS[d] for d in dimensions]
            index: dict[tuple[Any, ...], list[int]] = {}
            for position, rec in enumerate(self.recommendations):
                for key in itertools.product(*(keyer(rec) for keyer in keyers)):
                    index.setdefault(key, []).append(position)
            return index

        result: dict[tuple[Any, ...], list[int]] = self._cached(
            "composite:" + "+".join(dimensions), build
        )
        return result

    def _link_index(self, kind: kinds.RecordKind) -> dict[str, list[int]]:
        """Positions of the records of ``kind`` by what they are tied to (the
        ids of recommendations resolved to the fused ones)."""

        def build() -> dict[str, list[int]]:
            resolve = self.canonical_id if kind.links is Link.RECOMMENDATION else str
            index: dict[str, list[int]] = {}
            for position, item in enumerate(getattr(self, kind.attribute)):
                for key in kind.keys(item):
                    index.setdefault(resolve(key), []).append(position)
            return index

        result: dict[str, list[int]] = self._cached(f"link:{kind.attribute}", build)
        return result

    def _review_index(self, dimension: str) -> dict[Any, list[int]]:
        def build() -> dict[Any, list[int]]:
            keyer = query.REVIEW_DIMENSIONS[dimension]
            index: dict[Any, list[int]] = {}
            for position, review in enumerate(self.reviews):
                index.setdefault(keyer(review), []).append(position)
            return index

        result: dict[Any, list[int]] = self._cached(f"review:{dimension}", build)
        return result

    def _picked(self, kind: kinds.RecordKind, keys: Iterable[str]) -> tuple[Any, ...]:
        """The records of ``kind`` tied to any of ``keys``, in dataset order."""
        items: tuple[Any, ...] = getattr(self, kind.attribute)
        if not items:
            return ()
        index = self._link_index(kind)
        positions = {p for key in keys for p in index.get(key, ())}
        return tuple(items[i] for i in sorted(positions))

    # -- queries ---------------------------------------------------------------
    def filter(
        self,
        *,
        state: FilterValue = None,
        cycle: FilterValue = None,
        mechanism: FilterValue = None,
        response: FilterValue = None,
        theme: FilterValue = None,
        treaty: FilterValue = None,
        recommending_state: FilterValue = None,
        regional_group: FilterValue = None,
        review: FilterValue = None,
    ) -> Dataset:
        """Recommendations matching every given criterion (each may be a list: any of).

        Names are accepted where codes are stored: ``state="Viet Nam"``,
        ``mechanism="ICCPR"``, ``treaty="Convention against Torture"``,
        ``response="Accepted"``, ``regional_group="Asia"``. ``regional_group``
        selects recommendations made by at least one state of that group.
        Themes match case- and punctuation-insensitively. The records tied to
        the recommendations kept (reviews, figures, tracking, conflicts, source
        records) are kept with them.
        """
        given = {
            "state": state,
            "cycle": cycle,
            "mechanism": mechanism,
            "response": response,
            "theme": theme,
            "treaty": treaty,
            "recommending_state": recommending_state,
            "regional_group": regional_group,
            "review": review,
        }
        wanted = {d: query.parse(d, v) for d, v in given.items() if v is not None}
        if not wanted:
            return self
        # Start from the most selective index entries, then check the other
        # criteria on those candidates only: work proportional to the result.
        # Several single-valued criteria (state + cycle) use one composite index.
        hits: dict[tuple[str, ...], list[Sequence[int]]] = {
            (dimension,): [self._index(dimension).get(key, ()) for key in keys]
            for dimension, keys in wanted.items()
        }
        single = tuple(sorted(d for d in wanted if d in query.SINGLE_VALUED))
        if len(single) > 1:
            composite = self._composite_index(single)
            hits[single] = [
                composite.get(key, ()) for key in itertools.product(*(wanted[d] for d in single))
            ]
        first = min(hits, key=lambda d: sum(map(len, hits[d])))
        selected: set[int] = set().union(*hits[first])
        for dimension, keys in wanted.items():
            if dimension not in first:
                key_of = query.DIMENSIONS[dimension]
                selected = {
                    p for p in selected if not keys.isdisjoint(key_of(self.recommendations[p]))
                }
        extra_reviews: set[int] = set()
        if wanted.keys() <= query.REVIEW_DIMENSIONS.keys():
            # reviews known only through reported figures match on their own fields
            extra_reviews = set.intersection(
                *(
                    {p for key in keys for p in self._review_index(dimension).get(key, ())}
                    for dimension, keys in wanted.items()
                )
            )
        return self._subset(sorted(selected), extra_reviews)

    def _subset(self, positions: list[int], extra_reviews: set[int] | None = None) -> Dataset:
        """The dataset restricted to the recommendations at ``positions`` (plus the
        reviews at ``extra_reviews``) and the records tied to them; work
        proportional to the result, not to self."""
        recs = tuple(map(self.recommendations.__getitem__, positions))
        rec_ids = set(map(_ID, recs))
        review_ids = set(map(_REVIEW, recs)) | {self.reviews[i].id for i in extra_reviews or ()}
        picked: dict[str, tuple[Any, ...]] = {"recommendations": recs}
        picked["reviews"] = self._picked(kinds.by_attribute("reviews"), review_ids)
        states = set(map(_SUBJECT, recs)) | {r.state for r in picked["reviews"]}
        keys = {
            Link.REVIEW: review_ids,
            Link.STATE: states,
            Link.RECOMMENDATION: rec_ids,
            Link.RECORD: rec_ids | review_ids,
        }
        for kind in KINDS[2:]:
            if kind.links is Link.NONE:
                picked[kind.attribute] = getattr(self, kind.attribute)
            else:
                picked[kind.attribute] = self._picked(kind, keys[kind.links])
        canonical_id = self.canonical_id
        picked["plans"] = tuple(
            attrs.evolve(
                plan,
                assignments=tuple(
                    a for a in plan.assignments if canonical_id(a.recommendation) in rec_ids
                ),
            )
            for plan in picked["plans"]
        )
        lineage = Lineage(
            recommendations=[e for e in self.lineage.recommendations if e[0] in rec_ids],
            reviews=[e for e in self.lineage.reviews if e[0] in review_ids],
            pledges=[e for e in self.lineage.pledges if e[1] and e[1][0].review in review_ids],
        )
        # A part of a valid dataset is valid: no duplicate-id checks to repeat.
        return Dataset._trusted(lineage=lineage, **picked)

    @classmethod
    def _trusted(cls, lineage: Lineage | None = None, **fields: tuple[Any, ...]) -> Dataset:
        """A Dataset from tuples already known valid (skips the converters and checks)."""
        dataset = object.__new__(cls)
        for field in attrs.fields(cls):
            if field.name == "lineage":
                value: Any = lineage or Lineage()
            elif field.init:
                value = fields.get(field.name, ())
            else:
                value = {}
            object.__setattr__(dataset, field.name, value)
        return dataset

    # -- combining -------------------------------------------------------------
    def merge(self, *others: Dataset) -> Dataset:
        """Fuse this dataset with others: the dataset of all their source records.

        The source records of the same recommendation become one record with the
        provenance of each field (the rules: :mod:`upr.core.fusion`); what they
        disagree on is listed in ``conflicts``. Reviews and voluntary pledges
        with the same id are fused; the other records are unioned. The result
        does not depend on the order or the grouping of the datasets, and
        ``ds.merge()`` is the fused form of ``ds``.
        """
        return fuse_datasets((self, *others))

    # -- views -------------------------------------------------------------------
    def to_records(self) -> list[dict[str, Any]]:
        """One flat dict per recommendation (:func:`upr.core.records.to_record`)."""
        return [to_record(r) for r in self.recommendations]

    def to_pandas(self, *, long: bool = False) -> pd.DataFrame:
        """A pandas DataFrame, one row per recommendation (see :func:`upr.core.frames.to_pandas`).

        ``long=True`` gives one row per recommendation x recommending state.
        Needs the ``pandas`` extra.
        """
        return frames.to_pandas(self.recommendations, long=long)

    def to_arrow(self) -> pa.Table:
        """A pyarrow Table with list columns and the reviews in its metadata
        (see :func:`upr.core.frames.to_arrow`; ``arrow`` extra)."""
        return frames.to_arrow(self.recommendations, self.reviews)

    @classmethod
    def from_pandas(cls, frame: pd.DataFrame) -> Dataset:
        """The Dataset a :meth:`to_pandas` frame describes (:func:`upr.core.frames.from_pandas`)."""
        recommendations, reviews = frames.from_pandas(frame)
        return cls(recommendations=recommendations, reviews=reviews)


def _source_records(dataset: Dataset, attribute: str) -> Iterator[Any]:
    """The source records behind a collection fused by id (recommendations,
    reviews, pledges): the lineage of each record, or the record itself."""
    behind = dict(getattr(dataset.lineage, attribute))
    for item in getattr(dataset, attribute):
        yield from behind.get(item.id, (item,))


def _fuse(
    recommendations: Iterable[Recommendation],
    reviews: Iterable[Review],
    pledges: Iterable[VoluntaryPledge],
    reported: Iterable[Conflict],
    others: dict[str, Iterable[Any]],
) -> Dataset:
    """The dataset of source records (see :func:`fuse`); ``reported``: conflicts
    found by sources (those found by fusion are found again)."""
    fusion = fuse_recommendations(recommendations)
    fused_reviews, review_lineage, review_conflicts = fuse_by_id(reviews, _ID, merge_reviews)
    fused_pledges, pledge_lineage, pledge_conflicts = fuse_by_id(pledges, _ID, merge_pledges)
    aliases = fusion.aliases
    repointed = []
    for conflict in reported:
        if conflict.kind is not ConflictKind.SOURCE:
            continue
        origin = conflict.source_record or conflict.record
        record = aliases.get(origin, origin)
        repointed.append(
            attrs.evolve(
                conflict, record=record, source_record=None if origin == record else origin
            )
        )
    fields: dict[str, tuple[Any, ...]] = {
        "recommendations": fusion.records,
        "reviews": fused_reviews,
        "pledges": fused_pledges,
        "conflicts": kinds.canonical(
            [*repointed, *fusion.conflicts, *review_conflicts, *pledge_conflicts]
        ),
    }
    for kind in KINDS:
        if kind.policy is Policy.SET:
            fields[kind.attribute] = kinds.canonical(others.get(kind.attribute, ()))
    lineage = Lineage(fusion.lineage, review_lineage, pledge_lineage)
    return Dataset._trusted(lineage=lineage, **fields)


def fuse_datasets(datasets: Sequence[Dataset]) -> Dataset:
    """The fused dataset of every source record of ``datasets`` (:meth:`Dataset.merge`)."""
    return _fuse(
        (r for ds in datasets for r in _source_records(ds, "recommendations")),
        (r for ds in datasets for r in _source_records(ds, "reviews")),
        (p for ds in datasets for p in _source_records(ds, "pledges")),
        (c for ds in datasets for c in ds.conflicts),
        {
            kind.attribute: [item for ds in datasets for item in getattr(ds, kind.attribute)]
            for kind in KINDS
            if kind.policy is Policy.SET
        },
    )


def fuse(
    recommendations: Iterable[Recommendation] = (),
    **records: Iterable[Any],
) -> Dataset:
    """The dataset of source records: recommendations fused (:mod:`upr.core.fusion`),
    reviews and pledges with the same id fused, other records unioned, the
    conflicts given kept (those found by fusion are found again).

    ``records`` are the other collections by Dataset attribute (``reviews=...``,
    ``figures=...``). Unlike the Dataset constructor, source records may share
    ids (a UPR Info row per recommending state is one source record each).

    >>> import upr
    >>> rec = upr.datasets.viet_nam().recommendations[0]
    >>> fuse([rec, rec]).recommendations == (rec,)
    True
    """
    unknown = set(records) - {k.attribute for k in KINDS}
    if unknown:
        raise TypeError(f"fuse() got unknown record collections: {', '.join(sorted(unknown))}")
    return _fuse(
        recommendations,
        records.get("reviews", ()),
        records.get("pledges", ()),
        records.get("conflicts", ()),
        records,
    )


__all__ = ["Dataset", "DuplicateIdError", "FilterValue", "Lineage", "fuse", "fuse_datasets"]
