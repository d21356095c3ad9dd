"""The immutable :class:`Dataset` and how two datasets merge.

A Dataset holds recommendations with the reviews, reported figures,
ratifications and implementation-tracking records they refer to. It never
changes: :meth:`Dataset.filter` and :meth:`Dataset.merge` return new datasets.
Lookups by id and filters by indexed keys use dictionaries built once, on first
use, so they do not scan the dataset.

>>> import upr
>>> ds = upr.Dataset()
>>> len(ds)
0
"""

from __future__ import annotations

import difflib
import enum
import itertools
import operator
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from upr import mechanisms, states, treaties
from upr.council import CouncilMembership
from upr.errors import UprError
from upr.figures import ReportedFigure
from upr.names import normalise
from upr.ratifications import Ratification
from upr.recommendations import (
    ActionCategory,
    FieldSource,
    Recommendation,
    RecommendationKind,
    Response,
    ResponseValue,
    VoluntaryPledge,
    parse_response_value,
)
from upr.reviews import Review
from upr.tracking import Action, Agency, Assessment, ImplementationPlan

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa


class DuplicateIdError(UprError):
    """Two records with the same id were given to one Dataset."""


@attrs.frozen(order=True)
class Conflict:
    """Two sources gave different values for one field of one record.

    ``values`` pairs each value (as text) with the sources that gave it; the
    first pair is the value kept.
    """

    record: str
    field: str
    values: tuple[tuple[str, tuple[str, ...]], ...]

    def __str__(self) -> str:
        shown = "; ".join(f"{v!r} from {', '.join(s) or '?'}" for v, s in self.values)
        return f"{self.record}: field {self.field!r} differs: {shown}"


# Fields whose values add up across sources (taxonomies differ between sources).
_UNION_FIELDS = ("themes", "affected_persons", "sdg_targets", "treaties")
# Set-valued fields where a difference is worth reporting, then unioned.
_CHECKED_SET_FIELDS = ("recommending_states",)
_SCALAR_FIELDS = ("text", "response", "action_category", "symbol", "paragraph", "session", "kind")


def _value_text(field: str, value: Any) -> str:
    if isinstance(value, Response):
        return value.value.value
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, tuple):
        return ", ".join(map(str, value))
    return str(value)


def _is_pending(value: Any) -> bool:
    return isinstance(value, Response) and value.value is ResponseValue.PENDING


def _same(field: str, a: Any, b: Any) -> bool:
    if isinstance(a, Response) and isinstance(b, Response):
        return a.value is b.value
    if field == "text":
        return bool(normalise(a) == normalise(b))
    return bool(a == b)


def _provenance_order(entry: FieldSource) -> tuple[str, str]:
    # the order attrs would give, without its per-comparison tuple building
    return (entry.field, entry.source)


def merge_recommendations(
    first: Recommendation, second: Recommendation
) -> tuple[Recommendation, tuple[Conflict, ...]]:
    """Fuse two records of the same recommendation, field by field.

    Empty fields are filled from the other record, and a pending response
    ("will be examined") is superseded by a final one; set-valued fields are
    unioned; when both give different scalar values the first is kept and a
    :class:`Conflict` is returned. The id with a symbol and paragraph wins.
    Provenance of both records is kept.
    """
    changes: dict[str, Any] = {}
    conflicts: list[Conflict] = []
    kept_id = first.id if first.symbol and first.paragraph else second.id
    if not (second.symbol and second.paragraph):
        kept_id = first.id

    for field in _SCALAR_FIELDS:
        a, b = getattr(first, field), getattr(second, field)
        if b in (None, "", a) or _is_pending(b):
            continue
        if a is None or a == "" or _is_pending(a):
            # a pending response ("will be examined") is superseded by the final one
            changes[field] = b
        elif field == "text" and _contains(b, a):
            changes[field] = b  # the other record is the whole paragraph, this one a part
        elif field == "text" and _contains(a, b):
            continue
        elif not _same(field, a, b):
            conflicts.append(_conflict(kept_id, field, first, second))
    for field in (*_UNION_FIELDS, *_CHECKED_SET_FIELDS):
        a, b = getattr(first, field), getattr(second, field)
        if set(b) <= set(a):
            continue
        # Sources listing one row per recommending state (no paragraph) add states;
        # two paragraph-level sources naming different states conflict.
        both_located = bool(first.paragraph and second.paragraph)
        if field in _CHECKED_SET_FIELDS and a and both_located and not set(a) <= set(b):
            conflicts.append(_conflict(kept_id, field, first, second))
        changes[field] = (*a, *b)
    provenance = tuple(
        sorted(set(first.provenance) | set(second.provenance), key=_provenance_order)
    )
    merged = attrs.evolve(first, id=kept_id, provenance=provenance, **changes)
    return merged, tuple(conflicts)


def _contains(longer: str, shorter: str) -> bool:
    """True if ``shorter`` is a proper part of ``longer`` (after normalisation).

    Working Group reports join several recommendations in one paragraph
    (``143.15. Promptly ratify CAT ... (France); Ratify CAT and its Optional
    Protocol (Austria, Uruguay)``) that other sources list separately.
    """
    return _contains_normalised(normalise(longer), normalise(shorter))


def _contains_normalised(big: str, small: str) -> bool:
    return len(small) >= MIN_PART_LENGTH and len(big) > len(small) and small in big


def _similar(a: str, b: str) -> bool:
    """Near-identical wording ("Allow media to ..." / "allowing media to ...")."""
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return (
        matcher.real_quick_ratio() >= FUZZY_MATCH_RATIO
        and matcher.quick_ratio() >= FUZZY_MATCH_RATIO
        and matcher.ratio() >= FUZZY_MATCH_RATIO
    )


FUZZY_MATCH_RATIO = 0.85
"""Similarity (difflib ratio of normalised texts) above which an unlocated record
made by a state a paragraph names is taken to be that paragraph reworded."""

MIN_PART_LENGTH = 10
"""Shortest normalised text that may be matched as a part of a longer paragraph."""


def _conflict(record: str, field: str, first: Recommendation, second: Recommendation) -> Conflict:
    return Conflict(
        record,
        field,
        (
            (_value_text(field, getattr(first, field)), first.sources(field)),
            (_value_text(field, getattr(second, field)), second.sources(field)),
        ),
    )


def _located(rec: Recommendation) -> bool:
    """A recommendation whose paragraph in its review's report is known."""
    return bool(rec.paragraph)


def match_key(rec: Recommendation) -> tuple[str, str, int, str]:
    """Key used to match one recommendation across sources that lack a symbol:
    mechanism, state under review, cycle and normalised text."""
    return (rec.mechanism, rec.state_under_review, rec.cycle, rec.text_key)


class RecommendationIndex:
    """An ordered collection of recommendations that merges records of the same one.

    A new record is the same recommendation as a known one when

    1. it has the same id; else
    2. both give the same paragraph number in the same review (one source may
       know the report's symbol, the other not); else
    3. the same :func:`match_key` (review and normalised text), unless both
       give different paragraphs; else
    4. exactly one of the two gives a paragraph and the other's text is a part
       of it, or is worded almost the same (:data:`FUZZY_MATCH_RATIO`) and made
       by a state the paragraph names (see :meth:`_parts`).

    This is how :meth:`Dataset.merge` and the importers' sink fuse sources.
    """

    def __init__(self, recommendations: Iterable[Recommendation] = ()) -> None:
        self._recs: list[Recommendation | None] = []
        self._norm: list[str] = []  # normalised text of each position, computed once
        self._absorbed: dict[int, int] = {}
        self._by_id: dict[str, int] = {}
        self._by_key: dict[tuple[str, str, int, str], int] = {}
        self._by_paragraph: dict[tuple[str, str, int, str], int] = {}
        # (mechanism, state, cycle, located) -> positions (a dict as an ordered set):
        # containment only pairs located with unlocated records, so a sketch never
        # scans the records it could not match.
        self._by_review: dict[tuple[str, str, int, bool], dict[int, None]] = {}
        # Positions added with fuse=False whose text keys are not computed yet:
        # loading an already-fused (native) file never needs them.
        self._pending: list[int] = []
        self.conflicts: list[Conflict] = []
        for rec in recommendations:
            self.add(rec)

    def _live(self, position: int | None) -> int | None:
        while position is not None and position in self._absorbed:
            position = self._absorbed[position]
        return position

    def _parts(self, rec: Recommendation) -> list[int]:
        """Known records of the same review that are the same as ``rec`` by text
        containment (the third matching rule), best first.

        Containment only pairs a located paragraph (symbol and paragraph known)
        with an unlocated record: two paragraphs are different recommendations,
        and two unlocated texts ("Ratify CAT", "Ratify CAT as soon as possible")
        may be too. When both name recommending states they must share one;
        the shortest matching paragraph wins.
        """
        return self._parts_of(rec, rec.text_key)

    def _index_pending(self) -> None:
        """Compute the text keys of records added with ``fuse=False``."""
        for position in self._pending:
            rec = self._recs[position]
            if rec is not None:
                self._norm[position] = rec.text_key
                self._file_under_review(rec, position)
                self._remember(rec, position)
        self._pending.clear()

    def _file_under_review(self, rec: Recommendation, position: int) -> None:
        self._by_review.setdefault((*match_key(rec)[:3], _located(rec)), {})[position] = None

    def _parts_of(self, rec: Recommendation, key: str) -> list[int]:
        self._index_pending()
        located = _located(rec)
        states = set(rec.recommending_states)
        found = []
        for candidate in self._by_review.get((*match_key(rec)[:3], not located), ()):
            other = self._recs[candidate]
            if other is None or located == _located(other):
                continue
            other_key = self._norm[candidate]
            others = set(other.recommending_states)
            if states and others and not states & others:
                continue  # a part made by states the paragraph does not name
            if _contains_normalised(other_key, key) or _contains_normalised(key, other_key):
                found.append((0, len(other_key), candidate))
            elif states & others and _similar(key, other_key):
                found.append((1, len(other_key), candidate))
        return [candidate for *_, candidate in sorted(found)]

    def find(self, rec: Recommendation, *, fuse: bool = True) -> int | None:
        """Position of the known record ``rec`` is the same recommendation as
        (with ``fuse=False``: only a record with the same id)."""
        position = self._live(self._by_id.get(rec.id))
        if not fuse or position is not None:
            return position
        self._index_pending()
        if rec.paragraph:
            position = self._live(self._by_paragraph.get((*match_key(rec)[:3], rec.paragraph)))
            if position is not None:
                return position
        key = rec.text_key
        position = self._live(self._by_key.get((*match_key(rec)[:3], key)))
        if position is not None:
            other = self._recs[position]
            # two located paragraphs with the same wording are still two recommendations
            if other is not None and not (_located(rec) and _located(other)):
                return position
        parts = self._parts_of(rec, key)
        return parts[0] if parts else None

    def add(self, rec: Recommendation, *, fuse: bool = True) -> bool:
        """Add or merge ``rec``; True if it was new. Conflicts go to :attr:`conflicts`.

        A located paragraph arriving after several of its parts absorbs them
        all. ``fuse=False`` merges only on equal ids (records already fused, as
        in a native file).
        """
        position = self.find(rec, fuse=fuse)
        created = position is None
        if position is None:
            position = len(self._recs)
            self._recs.append(rec)
            self._norm.append("")
            self._by_id.setdefault(rec.id, position)
            self._pending.append(position)
            if fuse:
                self._index_pending()
        else:
            self._merge_into(position, rec)
        if fuse and rec.symbol and rec.paragraph:
            for part in self._parts(rec):
                self._absorb(part, position)
        return created

    def _merge_into(self, position: int, rec: Recommendation) -> None:
        self._index_pending()
        current = self._recs[position]
        assert current is not None
        merged, conflicts = merge_recommendations(current, rec)
        self.conflicts.extend(conflicts)
        self._recs[position] = merged
        self._norm[position] = merged.text_key
        self._file_under_review(merged, position)
        self._remember(merged, position)
        self._remember(rec, position)

    def _absorb(self, part: int, into: int) -> None:
        record = self._recs[part]
        if record is None or part == into:
            return
        target = self._recs[into]
        assert target is not None
        merged, conflicts = merge_recommendations(target, record)
        self.conflicts.extend(conflicts)
        self._recs[into] = merged
        self._norm[into] = merged.text_key
        self._recs[part] = None
        self._absorbed[part] = into
        self._file_under_review(merged, into)
        self._remember(merged, into)

    def _remember(self, rec: Recommendation, position: int) -> None:
        if rec.paragraph:
            self._by_paragraph.setdefault((*match_key(rec)[:3], rec.paragraph), position)
        self._by_id.setdefault(rec.id, position)
        self._by_key.setdefault(match_key(rec), position)

    def records(self) -> tuple[Recommendation, ...]:
        """The records, in order of first appearance."""
        return tuple(r for r in self._recs if r is not None)

    def __len__(self) -> int:
        return len(self._recs) - len(self._absorbed)


def merge_reviews(first: Review, second: Review) -> Review:
    """Fill a review's empty fields from another record of the same review."""
    changes: dict[str, Any] = {}
    for field in ("session", "hrc_session", "start", "end"):
        if getattr(first, field) is None and getattr(second, field) is not None:
            changes[field] = getattr(second, field)
    known = {d.symbol for d in first.documents}
    extra = tuple(d for d in second.documents if d.symbol not in known)
    if extra:
        changes["documents"] = (*first.documents, *extra)
    return attrs.evolve(first, **changes) if changes else first


def _as_tuple(values: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(values)


FilterValue = str | int | enum.Enum | Iterable[str | int | enum.Enum] | None


@attrs.frozen
class Dataset:
    """An immutable collection of recommendations and what they refer to.

    Iterating yields recommendations; ``len()`` counts them; ``ds[id]`` looks
    one up. ``conflicts`` lists disagreements found when sources were merged.
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
    _cache: dict[str, Any] = attrs.field(factory=dict, init=False, eq=False, repr=False, hash=False)

    def __attrs_post_init__(self) -> None:
        for name, items in (
            ("recommendation", self.recommendations),
            ("review", self.reviews),
            ("pledge", self.pledges),
        ):
            seen: set[str] = set()
            for item in items:
                if item.id in seen:
                    raise DuplicateIdError(f"duplicate {name} id {item.id!r} in one Dataset")
                seen.add(item.id)

    # -- collection protocol -------------------------------------------------
    def __len__(self) -> int:
        return len(self.recommendations)

    def __iter__(self) -> Iterator[Recommendation]:
        return iter(self.recommendations)

    def __contains__(self, rec_id: object) -> bool:
        return isinstance(rec_id, str) and rec_id in self._by_id()

    def __getitem__(self, rec_id: str) -> Recommendation:
        try:
            return self.recommendations[self._by_id()[rec_id]]
        except KeyError:
            raise KeyError(f"no recommendation with id {rec_id!r}") from None

    def get(self, rec_id: str) -> Recommendation | None:
        """The recommendation with this id, or ``None``."""
        index = self._by_id().get(rec_id)
        return None if index is None else self.recommendations[index]

    def review(self, review_id: str) -> Review | None:
        """The review with this id (``"UPR-VNM-2"``), or ``None``."""
        found: dict[str, Review] = self._cached("reviews", lambda: {r.id: r for r in self.reviews})
        return found.get(review_id)

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
            index: dict[Any, list[int]] = {}
            for position, rec in enumerate(self.recommendations):
                for key in _KEYS[dimension](rec):
                    index.setdefault(key, []).append(position)
            return index

        result: dict[Any, list[int]] = self._cached(f"index:{dimension}", build)
        return result

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
        Themes match case- and punctuation-insensitively.
        """
        criteria: dict[str, tuple[FilterValue, Callable[[Any], Any]]] = {
            "state": (state, _state_code),
            "cycle": (cycle, _cycle_number),
            "mechanism": (mechanism, lambda v: mechanisms.get(str(v)).code),
            "response": (response, _response_value),
            "theme": (theme, lambda v: normalise(str(v))),
            "treaty": (treaty, lambda v: treaties.get(str(v)).code),
            "recommending_state": (recommending_state, _state_code),
            "regional_group": (regional_group, _group),
            "review": (review, str),
        }
        wanted = {
            dimension: {parse(v) for v in _as_list(value)}
            for dimension, (value, parse) in criteria.items()
            if value is not None
        }
        if not wanted:
            return self
        # Start from the most selective index entries, then check the other
        # criteria on those candidates only: work proportional to the result.
        # Several single-valued criteria (state + cycle) use one composite index.
        hits: dict[tuple[str, ...], list[Sequence[int]]] = {
            (dimension,): [self._index(dimension).get(key, ()) for key in keys]
            for dimension, keys in wanted.items()
        }
        single = tuple(sorted(d for d in wanted if d in _SINGLE_VALUED))
        if len(single) > 1:
            composite = self._composite_index(single)
            hits[single] = [
                composite.get(key, ()) for key in itertools.product(*(wanted[d] for d in single))
            ]
        first = min(hits, key=lambda d: sum(map(len, hits[d])))
        selected: set[int] = set().union(*hits[first])
        for dimension, keys in wanted.items():
            if dimension not in first:
                key_of = _KEYS[dimension]
                selected = {
                    p for p in selected if not keys.isdisjoint(key_of(self.recommendations[p]))
                }
        extra_reviews: set[int] = set()
        if wanted.keys() <= _REVIEW_KEYS.keys():
            # reviews known only through reported figures match on their own fields
            extra_reviews = set.intersection(
                *(
                    {p for key in keys for p in self._review_index(dimension).get(key, ())}
                    for dimension, keys in wanted.items()
                )
            )
        return self._subset(sorted(selected), extra_reviews)

    def _composite_index(self, dimensions: tuple[str, ...]) -> dict[tuple[Any, ...], list[int]]:
        """Positions by the combined keys of several single-valued dimensions."""

        def build() -> dict[tuple[Any, ...], list[int]]:
            keyers = [_KEYS[d] for d in dimensions]
            index: dict[tuple[Any, ...], list[int]] = {}
            for position, rec in enumerate(self.recommendations):
                for key in itertools.product(*(keyer(rec) for keyer in keyers)):
                    index.setdefault(key, []).append(position)
            return index

        result: dict[tuple[Any, ...], list[int]] = self._cached(
            "composite:" + "+".join(dimensions), build
        )
        return result

    def _side_index(self, name: str) -> dict[Any, list[int]]:
        """Positions in one of the side collections (reviews, pledges, ...) by the key
        that ties its items to recommendations, reviews or states."""

        def build() -> dict[Any, list[int]]:
            index: dict[Any, list[int]] = {}
            for position, item in enumerate(getattr(self, name)):
                for key in _SIDE_KEYS[name](item):
                    index.setdefault(key, []).append(position)
            return index

        result: dict[Any, list[int]] = self._cached(f"side:{name}", build)
        return result

    def _review_index(self, dimension: str) -> dict[Any, list[int]]:
        def build() -> dict[Any, list[int]]:
            index: dict[Any, list[int]] = {}
            for position, review in enumerate(self.reviews):
                index.setdefault(_REVIEW_KEYS[dimension](review), []).append(position)
            return index

        result: dict[Any, list[int]] = self._cached(f"review:{dimension}", build)
        return result

    def _picked(self, name: str, keys: Iterable[Any]) -> tuple[Any, ...]:
        """The items of a side collection tied to any of ``keys``, in dataset order."""
        index = self._side_index(name)
        if not index:
            return ()
        positions = {p for key in keys for p in index.get(key, ())}
        items: tuple[Any, ...] = getattr(self, name)
        return tuple(items[i] for i in sorted(positions))

    def _subset(self, positions: list[int], extra_reviews: set[int] | None = None) -> Dataset:
        """The dataset restricted to the recommendations at ``positions`` (plus the
        reviews at ``extra_reviews``); work proportional to the result, not to self."""
        recs = tuple(map(self.recommendations.__getitem__, positions))
        tracked = self.plans or self.actions or self.assessments or self.conflicts
        rec_ids = set(map(_ID, recs)) if tracked else set()
        review_ids = set(map(_REVIEW, recs)) | {self.reviews[i].id for i in extra_reviews or ()}
        reviews = self._picked("reviews", review_ids)
        subject_states = set(map(_SUBJECT, recs)) | {r.state for r in reviews}
        # A part of a valid dataset is valid: no duplicate-id checks to repeat.
        return Dataset._trusted(
            recommendations=recs,
            reviews=reviews,
            pledges=self._picked("pledges", review_ids),
            figures=self._picked("figures", review_ids),
            ratifications=self._picked("ratifications", subject_states),
            memberships=self.memberships,
            agencies=self.agencies,
            plans=tuple(
                attrs.evolve(
                    p, assignments=tuple(a for a in p.assignments if a.recommendation in rec_ids)
                )
                for p in self._picked("plans", review_ids)
            ),
            actions=self._picked("actions", rec_ids),
            assessments=self._picked("assessments", rec_ids),
            conflicts=self._picked("conflicts", rec_ids),
        )

    @classmethod
    def _trusted(cls, **fields: tuple[Any, ...]) -> Dataset:
        """A Dataset from tuples already known valid (skips the converters and checks)."""
        dataset = object.__new__(cls)
        for field in attrs.fields(cls):
            value = fields[field.name] if field.init else {}
            object.__setattr__(dataset, field.name, value)
        return dataset

    # -- combining -------------------------------------------------------------
    def merge(self, *others: Dataset) -> Dataset:
        """Fuse this dataset with one or more others, in order.

        The same recommendation (same id, or same mechanism, state, session and
        normalised text) becomes one record with the provenance of each field;
        conflicting values are kept from the earlier dataset and listed in
        ``conflicts``. Reviews with the same id are fused; other records are
        unioned. ``a.merge(b, c)`` equals ``a.merge(b).merge(c)`` but fuses
        everything in one pass.
        """
        index = RecommendationIndex()
        for rec in self.recommendations:  # already fused: only equal ids could merge
            index.add(rec, fuse=False)
        reviews = {r.id: r for r in self.reviews}
        pledges = {p.id: p for p in self.pledges}
        for other in others:
            for rec in other.recommendations:
                index.add(rec)
            for review in other.reviews:
                known = reviews.get(review.id)
                reviews[review.id] = review if known is None else merge_reviews(known, review)
            for pledge in other.pledges:
                pledges.setdefault(pledge.id, pledge)
        everything = (self, *others)

        def union(name: str) -> tuple[Any, ...]:
            return tuple(dict.fromkeys(item for ds in everything for item in getattr(ds, name)))

        return Dataset(
            recommendations=index.records(),
            reviews=tuple(reviews.values()),
            pledges=tuple(pledges.values()),
            figures=union("figures"),
            ratifications=union("ratifications"),
            memberships=union("memberships"),
            agencies=union("agencies"),
            plans=union("plans"),
            actions=union("actions"),
            assessments=union("assessments"),
            conflicts=tuple(dict.fromkeys((*union("conflicts"), *index.conflicts))),
        )

    # -- export ----------------------------------------------------------------
    def to_records(self) -> list[dict[str, Any]]:
        """One plain dict per recommendation (flat: lists of strings, no nesting)."""
        return [to_record(r) for r in self.recommendations]

    def to_jsonl(self, path: str | Path) -> None:
        """Write the whole dataset as ``upr`` JSON Lines, atomically (see :mod:`upr.jsonl`)."""
        from upr import jsonl  # noqa: PLC0415 - jsonl imports this module

        jsonl.write(self, path)

    def to_pandas(self, *, long: bool = False) -> pd.DataFrame:
        """A pandas DataFrame, one row per recommendation (see :func:`upr.frames.to_pandas`).

        ``long=True`` gives one row per recommendation x recommending state.
        Needs the ``pandas`` extra.
        """
        from upr import frames  # noqa: PLC0415 - optional dependency, imported on use

        return frames.to_pandas(self, long=long)

    def to_arrow(self) -> pa.Table:
        """A pyarrow Table with list columns (see :func:`upr.frames.to_arrow`; ``arrow`` extra)."""
        from upr import frames  # noqa: PLC0415 - optional dependency, imported on use

        return frames.to_arrow(self)

    def to_parquet(self, path: str | Path) -> None:
        """Write the recommendations as Parquet, atomically; ``upr.load`` reads it back."""
        from upr import frames  # noqa: PLC0415 - optional dependency, imported on use

        frames.to_parquet(self, path)

    @classmethod
    def from_pandas(cls, frame: pd.DataFrame) -> Dataset:
        """The Dataset a :meth:`to_pandas` frame describes (:func:`upr.frames.from_pandas`)."""
        from upr import frames  # noqa: PLC0415 - optional dependency, imported on use

        return frames.from_pandas(frame)

    def _repr_html_(self) -> str:
        """Summary table shown by Jupyter (see :mod:`upr.html`)."""
        from upr import html  # noqa: PLC0415 - only needed in notebooks

        return html.dataset_html(self)


def _as_list(value: FilterValue) -> list[Any]:
    if value is None:
        return []
    return [value] if isinstance(value, str | int | enum.Enum) else list(value)


def to_record(rec: Recommendation) -> dict[str, Any]:
    """A recommendation as a flat dict (the columns of the native CSV)."""
    return {
        "id": rec.id,
        "text": rec.text,
        "review": rec.review,
        "mechanism": rec.mechanism,
        "state_under_review": rec.state_under_review,
        "cycle": rec.cycle,
        "session": rec.session,
        "recommending_states": list(rec.recommending_states),
        "response": None if rec.response is None else rec.response.value.value,
        "response_raw": None if rec.response is None else rec.response.raw,
        "response_source": None if rec.response is None else rec.response.source,
        "action_category": None if rec.action_category is None else int(rec.action_category),
        "themes": list(rec.themes),
        "affected_persons": list(rec.affected_persons),
        "sdg_targets": list(rec.sdg_targets),
        "treaties": list(rec.treaties),
        "symbol": rec.symbol,
        "paragraph": rec.paragraph,
        "kind": rec.kind.value,
        "sources": sorted({p.source for p in rec.provenance}),
    }


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
"""The keys of :func:`to_record`, in order: the columns of the flat CSV format."""


def from_record(record: dict[str, Any]) -> Recommendation:
    """Rebuild a recommendation from :func:`to_record` output.

    Lists may be given as lists or as ``"; "``-joined strings; numbers as
    strings. Per-field provenance is not in a record, so every listed source
    is attached to all fields (field ``"*"``). Raises ``ValueError``,
    ``KeyError`` or :class:`~upr.errors.UprError` for bad values; callers add
    the location.
    """

    def many(key: str) -> tuple[str, ...]:
        value = record.get(key) or ()
        if isinstance(value, str):
            value = [v.strip() for v in value.split(";")]
        return tuple(str(v) for v in value if str(v).strip())

    def optional(key: str) -> str | None:
        value = record.get(key)
        return None if value is None or value == "" else str(value)

    def number(key: str) -> int | None:
        value = optional(key)
        return None if value is None else int(value)

    response_value = optional("response")
    response = (
        None
        if response_value is None
        else Response(
            ResponseValue(response_value),
            optional("response_raw") or "",
            optional("response_source"),
        )
    )
    category = number("action_category")
    cycle = number("cycle")
    if cycle is None:
        raise ValueError("cycle is required")
    for key in ("id", "text", "review", "mechanism", "state_under_review"):
        if not optional(key):
            raise ValueError(f"{key} is required")
    return Recommendation(
        id=str(record["id"]),
        text=str(record["text"]),
        review=str(record["review"]),
        mechanism=str(record["mechanism"]),
        state_under_review=str(record["state_under_review"]),
        cycle=cycle,
        session=number("session"),
        recommending_states=many("recommending_states"),
        response=response,
        action_category=None if category is None else ActionCategory(category),
        themes=many("themes"),
        affected_persons=many("affected_persons"),
        sdg_targets=many("sdg_targets"),
        treaties=many("treaties"),
        symbol=optional("symbol"),
        paragraph=optional("paragraph"),
        kind=RecommendationKind(optional("kind") or "recommendation"),
        provenance=tuple(FieldSource("*", s) for s in many("sources")),
    )


def _state_code(value: Any) -> str:
    return states.resolve(str(value)).code


def _cycle_number(value: Any) -> int:
    return int(value)


def _response_value(value: Any) -> ResponseValue:
    if isinstance(value, ResponseValue):
        return value
    return parse_response_value(str(value))


def _group(value: Any) -> states.RegionalGroup:
    if isinstance(value, states.RegionalGroup):
        return value
    return states.RegionalGroup.parse(str(value))


_REVIEW_KEYS: dict[str, Callable[[Review], Any]] = {
    "state": lambda r: r.state,
    "cycle": lambda r: r.cycle,
    "mechanism": lambda r: r.mechanism,
    "review": lambda r: r.id,
}
_SIDE_KEYS: dict[str, Callable[[Any], Iterable[Any]]] = {
    "reviews": lambda r: (r.id,),
    "pledges": lambda p: (p.review,),
    "figures": lambda f: (f.review,),
    "ratifications": lambda r: (r.state,),
    "plans": lambda p: (p.review,),
    "actions": lambda a: a.recommendations,
    "assessments": lambda a: (a.recommendation,),
    "conflicts": lambda c: (c.record,),
}
_ID = operator.attrgetter("id")
_REVIEW = operator.attrgetter("review")
_SUBJECT = operator.attrgetter("state_under_review")
_SINGLE_VALUED = frozenset({"state", "cycle", "mechanism", "response", "review"})
"""Dimensions with at most one key per recommendation (composite indexes combine them)."""
_KEYS: dict[str, Callable[[Recommendation], Iterable[Any]]] = {
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

__all__ = [
    "RECORD_COLUMNS",
    "Conflict",
    "Dataset",
    "DuplicateIdError",
    "FieldSource",
    "RecommendationIndex",
    "from_record",
    "match_key",
    "merge_recommendations",
    "merge_reviews",
    "to_record",
]
