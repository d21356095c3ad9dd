"""Fusion: one set of recommendations from the records of several sources.

Fusion is a function of the **set** of source records, never of the order in
which they arrive. That is what makes :meth:`Dataset.merge` commutative,
associative and idempotent, and ``upr.load`` give the same dataset for every
order of its files (the laws are stated and tested in ``tests/test_fusion_laws.py``).

A *source record* is a :class:`~upr.model.recommendations.Recommendation` as one
row or paragraph of one source gives it. Its *standing* says how it locates
itself:

* :attr:`Standing.DOCUMENT`: read from its own paragraph of the UN document
  (the Working Group report itself: its provenance location has that paragraph);
* :attr:`Standing.LOCATED`: it gives a paragraph number (the SDG explorer's
  ``Document`` column, an OHCHR thematic list) that the document has, or no
  record of the document itself is present;
* :attr:`Standing.UNLOCATED`: no paragraph (UPR Info), or a paragraph number the
  document itself does not have (the paragraph is then kept as a claim and
  reported as a conflict, not used to match).

Two source records are the same recommendation, in the same review
(mechanism, state under review, cycle), when

1. they have the same id (unless it was made from a paragraph number the
   document does not have); or
2. both are located at the same paragraph; or
3. neither is located, their normalised texts are equal, and they name a
   recommending state in common, or come from the same source (one row per
   recommending state), or one of them names no state;

and, in a second step, each group of unlocated records is fused with the
located paragraph it matches best:

4. a paragraph with the same normalised text (strength 0); else
5. a paragraph whose text contains it, or is contained in it (strength 1); else
6. a paragraph with a part (the text before each ``(States);``) worded almost
   the same, :data:`FUZZY_MATCH_RATIO`, and a recommending state in common
   (strength 2).

In 5 and 6 the two must share a recommending state when both name some; in 4
a paragraph with the same words by other states is taken only when no
paragraph by one of the group's states fits. Among paragraphs of the same
strength, the one sharing the most recommending states wins, then the shortest
(rule 5) or the most similar (rule 6), then the smallest id. Two different
located paragraphs are never fused. When an unlocated group matches several
paragraphs with the same strength, it is fused with the best and a
:attr:`~upr.model.conflicts.ConflictKind.MATCH` conflict names the others.

The fused record takes each field by :func:`merge_group`'s rules: the value
of the best standing wins (a paragraph as published beats a re-typed copy), a
final response beats "will be examined", then the value most sources give,
then the first in sort order; set-valued fields are unioned. Every other value
given is kept in a :class:`~upr.model.conflicts.Conflict`.
"""

from __future__ import annotations

import difflib
import enum
import functools
import re
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import Any

import attrs

from upr.core.kinds import canonical_key
from upr.model.conflicts import Conflict, ConflictKind, ConflictValue
from upr.model.provenance import EVERY_FIELD, FieldSource, canonical
from upr.model.recommendations import (
    Recommendation,
    Response,
    ResponseValue,
    VoluntaryPledge,
    recommendation_id,
)
from upr.model.reviews import Document, DocumentKind, Review
from upr.names import normalise

FUZZY_MATCH_RATIO = 0.85
"""Similarity (difflib ratio of normalised texts) above which an unlocated record
made by a state a paragraph names is taken to be a part of that paragraph reworded."""

MIN_PART_LENGTH = 10
"""Shortest normalised text that may be matched as a part of a longer paragraph."""

SCALAR_FIELDS: tuple[str, ...] = (
    "review",
    "mechanism",
    "state_under_review",
    "cycle",
    "session",
    "symbol",
    "paragraph",
    "action_category",
    "kind",
)
"""Single-valued fields: one value is kept, the others are conflicts."""

SET_FIELDS: tuple[str, ...] = (
    "recommending_states",
    "themes",
    "affected_persons",
    "sdg_targets",
    "treaties",
)
"""Set-valued fields: the values of every source are unioned (taxonomies differ)."""

CHECKED_SET_FIELDS: frozenset[str] = frozenset({"recommending_states"})
"""Set-valued fields where two located sources naming different sets is a conflict
(each source's rows together: a source with one row per recommending state
names the whole set only over all its rows)."""


class Standing(enum.IntEnum):
    """How a source record locates itself (lower is better)."""

    DOCUMENT = 0
    LOCATED = 1
    UNLOCATED = 2


ReviewKey = tuple[str, str, int]


def review_key(rec: Recommendation) -> ReviewKey:
    """The review a record belongs to, as fusion sees it: mechanism, state, cycle."""
    return (rec.mechanism, rec.state_under_review, rec.cycle)


def is_document_record(rec: Recommendation) -> bool:
    """True when ``rec`` was read from its own paragraph of the UN document."""
    paragraph = rec.paragraph
    return bool(paragraph) and any(p.location.paragraph == paragraph for p in rec.provenance)


_NUMBER = re.compile(r"\d+|\D+")


@functools.lru_cache(maxsize=1 << 16)
def paragraph_key(paragraph: str | None) -> tuple[Any, ...]:
    """Natural order of paragraph numbers: ``143.2`` before ``143.12``; none last."""
    if not paragraph:
        return (1,)
    return (
        0,
        tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in _NUMBER.findall(paragraph)),
    )


def record_order(rec: Recommendation) -> tuple[Any, ...]:
    """The order of fused records: by review, then paragraph, then id."""
    return (rec.mechanism, rec.state_under_review, rec.cycle, paragraph_key(rec.paragraph), rec.id)


_ATTRIBUTION = re.compile(r"\(([^()]{2,})\)\s*(?:[;.]|$)")


def parts(text: str) -> tuple[str, ...]:
    """The recommendations a paragraph joins, without their attributions.

    >>> parts("Ratify CAT (France); Ratify CAT and its Optional Protocol (Austria, Uruguay)")
    ('Ratify CAT', 'Ratify CAT and its Optional Protocol')
    """
    found: list[str] = []
    start = 0
    for match in _ATTRIBUTION.finditer(text):
        piece = text[start : match.start()].strip(" ;.")
        if piece:
            found.append(piece)
        start = match.end()
    tail = text[start:].strip(" ;.")
    if tail and found:
        found.append(tail)
    return tuple(found) or (text.strip(),)


def similarity(a: str, b: str) -> float:
    """difflib's ratio of two normalised texts, 0 when the quick bounds rule it out."""
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < FUZZY_MATCH_RATIO or matcher.quick_ratio() < FUZZY_MATCH_RATIO:
        return 0.0
    return matcher.ratio()


def _contains(big: str, small: str) -> bool:
    return len(small) >= MIN_PART_LENGTH and len(big) > len(small) and small in big


# -- the result ---------------------------------------------------------------------------


@attrs.frozen
class Fusion:
    """What :func:`fuse_recommendations` makes of a set of source records.

    ``records``: the fused recommendations in :func:`record_order`.
    ``lineage``: for each fused record made of several source records (or of one
    that differs from it), its id and those source records.
    ``conflicts``: what the sources disagree on (kinds values and match).
    ``aliases``: the id of every source record whose id is not its fused record's.
    """

    records: tuple[Recommendation, ...]
    lineage: tuple[tuple[str, tuple[Recommendation, ...]], ...]
    conflicts: tuple[Conflict, ...]
    aliases: dict[str, str]


class _Groups:
    """Union-find over record positions."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, item: int) -> int:
        parent = self.parent
        root = item
        while parent[root] != root:
            root = parent[root]
        while parent[item] != root:
            parent[item], item = root, parent[item]
        return root

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _join_equal(groups: _Groups, keys: Iterable[tuple[int, Hashable]]) -> None:
    first: dict[Hashable, int] = {}
    for position, key in keys:
        known = first.setdefault(key, position)
        if known != position:
            groups.union(known, position)


def _sources_of(rec: Recommendation) -> frozenset[str]:
    return frozenset(p.source for p in rec.provenance)


def _join_same_text(
    groups: _Groups,
    claims: Sequence[Recommendation],
    reviews: Sequence[ReviewKey],
    located: Sequence[bool],
) -> None:
    """Rule 3: unlocated records of one review with the same normalised text, when
    they name a recommending state in common, come from the same source (the
    rows of one recommendation, one per recommending state), or one names none."""
    buckets: dict[tuple[ReviewKey, str], list[int]] = {}
    for i, claim in enumerate(claims):
        if not located[i]:
            buckets.setdefault((reviews[i], claim.text_key), []).append(i)
    for members in buckets.values():
        if len(members) < 2:
            continue
        first: dict[str, int] = {}
        for i in members:
            keys = [f"state:{s}" for s in claims[i].recommending_states]
            keys += [f"source:{s}" for s in _sources_of(claims[i])]
            for key in keys:
                known = first.setdefault(key, i)
                if known != i:
                    groups.union(known, i)
        for i in members:
            if not claims[i].recommending_states:
                for j in members:
                    groups.union(i, j)


@attrs.define
class _Anchor:
    """A located group, as unlocated groups are matched against it."""

    root: int
    label: str
    keys: list[str]
    texts: list[str]
    states: frozenset[str]
    _parts: list[str] | None = None

    @property
    def parts(self) -> list[str]:
        """The normalised parts of the group's located texts (computed on first use)."""
        if self._parts is None:
            self._parts = [normalise(p) for text in self.texts for p in parts(text)]
        return self._parts


def fuse_recommendations(records: Iterable[Recommendation]) -> Fusion:
    """Fuse source records into recommendations (the rules: module docstring).

    The result depends only on the set of ``records``: equal records count
    once, and their order never matters.
    """
    claims = list(set(records))
    groups = _Groups(len(claims))
    reviews = [review_key(c) for c in claims]
    standing = _standings(claims, reviews)
    located = [s is not Standing.UNLOCATED for s in standing]
    # a paragraph number the document does not have identifies nothing: such a
    # record (and the id made from that number) is matched by its text alone
    demoted = [bool(c.paragraph) and not located[i] for i, c in enumerate(claims)]
    _join_equal(groups, ((i, c.id) for i, c in enumerate(claims) if not demoted[i]))
    _join_equal(
        groups,
        ((i, (reviews[i], c.paragraph)) for i, c in enumerate(claims) if located[i]),
    )
    _join_same_text(groups, claims, reviews, located)
    members: dict[int, list[int]] = {}
    for position in range(len(claims)):
        members.setdefault(groups.find(position), []).append(position)
    anchored = {root for root, group in members.items() if any(located[i] for i in group)}
    label = _labels(claims, members)
    assigned, match_conflicts = _assign(claims, reviews, located, members, anchored, label)
    final: dict[int, list[int]] = {root: list(members[root]) for root in anchored}
    for root, group in members.items():
        if root in anchored:
            continue
        target = assigned.get(root, root)
        final.setdefault(target, []).extend(group)
    fused: list[Recommendation] = []
    lineage: list[tuple[str, tuple[Recommendation, ...]]] = []
    conflicts: list[Conflict] = []
    aliases: dict[str, str] = {}
    fused_id: dict[int, str] = {}
    taken = {c.id for c in claims}
    used: set[str] = set()
    for root in sorted(final, key=label.__getitem__):
        group = final[root]
        if len(group) > 1:
            group.sort(key=lambda i: claim_key(claims[i]))
        sources = [claims[i] for i in group]
        record, found = merge_group(sources, [standing[i] for i in group], taken)
        if record.id in used:  # records with a paragraph number the document does not have
            record, found = _renamed(record, found, used)
        used.add(record.id)
        taken.add(record.id)
        fused.append(record)
        fused_id[root] = record.id
        conflicts.extend(found)
        if len(sources) > 1 or sources[0] is not record:
            lineage.append((record.id, tuple(sources)))
        for source in sources:
            if source.id != record.id:
                aliases.setdefault(source.id, record.id)
    for chosen, others, cited in match_conflicts:
        ids = [fused_id[chosen], *(fused_id[r] for r in others)]
        conflicts.append(
            Conflict(
                fused_id[chosen],
                "paragraph",
                tuple(ConflictValue(i, cited) for i in ids),
                ConflictKind.MATCH,
            )
        )
    fused.sort(key=record_order)
    lineage.sort(key=lambda item: item[0])
    return Fusion(
        tuple(fused), tuple(lineage), tuple(sorted(set(conflicts), key=Conflict.sort_key)), aliases
    )


def _labels(claims: Sequence[Recommendation], members: dict[int, list[int]]) -> dict[int, Any]:
    """A key per group, unique and independent of the order of the records: its
    smallest id (then, when groups share it, its smallest record in sort order)."""
    label: dict[int, Any] = {
        root: min(claims[i].id for i in group) for root, group in members.items()
    }
    counts = Counter(label.values())
    for root, group in members.items():
        first = label[root]
        if counts[first] > 1:
            label[root] = (first, min(claim_key(claims[i]) for i in group))
        else:
            label[root] = (first, ())
    return label


def _renamed(
    record: Recommendation, conflicts: tuple[Conflict, ...], used: set[str]
) -> tuple[Recommendation, tuple[Conflict, ...]]:
    """The record under an id no other record has: made from its review and text
    (then numbered), as for a record without paragraph."""
    base = recommendation_id(symbol=None, paragraph=None, review=record.review, text=record.text)
    new, number = base, 1
    while new in used:
        number += 1
        new = f"{base}-{number}"
    return (
        attrs.evolve(record, id=new),
        tuple(attrs.evolve(c, record=new) if c.record == record.id else c for c in conflicts),
    )


def _standings(claims: Sequence[Recommendation], reviews: Sequence[ReviewKey]) -> list[Standing]:
    documents: dict[ReviewKey, set[str]] = {}
    is_document = [is_document_record(c) for c in claims]
    for position, claim in enumerate(claims):
        if is_document[position] and claim.paragraph:
            documents.setdefault(reviews[position], set()).add(claim.paragraph)
    standing = []
    for position, claim in enumerate(claims):
        if is_document[position]:
            standing.append(Standing.DOCUMENT)
        elif not claim.paragraph:
            standing.append(Standing.UNLOCATED)
        else:
            known = documents.get(reviews[position])
            in_document = known is None or claim.paragraph in known
            standing.append(Standing.LOCATED if in_document else Standing.UNLOCATED)
    return standing


MatchConflict = tuple[int, list[int], tuple[FieldSource, ...]]
"""An unlocated group matched several located ones equally: the one chosen, the
others, and the unlocated group's sources."""


def _assign(
    claims: Sequence[Recommendation],
    reviews: Sequence[ReviewKey],
    located: Sequence[bool],
    members: dict[int, list[int]],
    anchored: set[int],
    label: dict[int, str],
) -> tuple[dict[int, int], list[MatchConflict]]:
    """Which located group each unlocated group joins (rules 4-6), and the ambiguities."""
    by_text: dict[tuple[ReviewKey, str], set[int]] = {}
    anchors: dict[int, _Anchor] = {}
    by_state: dict[tuple[ReviewKey, str], list[_Anchor]] = {}
    stateless: dict[ReviewKey, list[_Anchor]] = {}
    everything: dict[ReviewKey, list[_Anchor]] = {}
    wanted = {reviews[i] for root, group in members.items() if root not in anchored for i in group}
    for root in sorted(anchored):
        group = members[root]
        if not any(reviews[i] in wanted for i in group):
            continue  # no unlocated record to match in this review
        states = frozenset(s for i in group for s in claims[i].recommending_states)
        anchor = _Anchor(root, label[root], [], [], states)
        anchors[root] = anchor
        seen_reviews = set()
        for i in group:
            if not located[i]:
                continue
            key = claims[i].text_key
            by_text.setdefault((reviews[i], key), set()).add(root)
            anchor.keys.append(key)
            anchor.texts.append(claims[i].text)
            seen_reviews.add(reviews[i])
        for review in seen_reviews:
            everything.setdefault(review, []).append(anchor)
            if states:
                for state in states:
                    by_state.setdefault((review, state), []).append(anchor)
            else:
                stateless.setdefault(review, []).append(anchor)
    assigned: dict[int, int] = {}
    ambiguous: list[MatchConflict] = []
    for root, group in members.items():
        if root in anchored:
            continue
        texts = sorted({claims[i].text_key for i in group})
        states = frozenset(s for i in group for s in claims[i].recommending_states)
        group_reviews = sorted({reviews[i] for i in group})
        scores: dict[int, tuple[float, float, float, float]] = {}
        for review in group_reviews:
            for text in texts:
                for target in by_text.get((review, text), ()):
                    theirs = anchors[target].states
                    # the same words recommended by other states: only if nothing else fits
                    other_states = float(bool(states and theirs and not states & theirs))
                    scores[target] = (other_states, 0, -float(len(states & theirs)), 0.0)
        if not scores or min(scores.values())[0]:
            for review in group_reviews:
                if states:
                    pool = {id(a): a for s in states for a in by_state.get((review, s), ())}
                    pool.update({id(a): a for a in stateless.get(review, ())})
                    candidates = list(pool.values())
                else:
                    candidates = everything.get(review, [])
                for anchor in candidates:
                    score = _score(texts, states, anchor)
                    if score is not None and score < scores.get(anchor.root, (9, 9, 0.0, 0.0)):
                        scores[anchor.root] = score
        if not scores:
            continue
        ranked = sorted(scores, key=lambda r: (scores[r], label[r]))
        chosen = ranked[0]
        assigned[root] = chosen
        ties = [r for r in ranked[1:] if scores[r][:2] == scores[chosen][:2]]
        if ties:
            cited = canonical(p for i in group for p in claims[i].provenance)
            ambiguous.append((chosen, ties, cited))
    return assigned, ambiguous


def _score(
    texts: Sequence[str], states: frozenset[str], anchor: _Anchor
) -> tuple[float, float, float, float] | None:
    """How well unlocated texts match a located group (rules 5 and 6), or None:
    the rule, then the recommending states in common (more first), then the
    paragraph's length (shorter first) or the similarity (higher first)."""
    if states and anchor.states and not states & anchor.states:
        return None
    shared = -float(len(states & anchor.states))
    for key in anchor.keys:
        for text in texts:
            if _contains(key, text) or _contains(text, key):
                return (0, 1, shared, float(min(len(k) for k in anchor.keys)))
    if not (states & anchor.states):
        return None
    best = max(
        (similarity(text, part) for text in texts for part in anchor.parts if part), default=0.0
    )
    return (0, 2, shared, -best) if best >= FUZZY_MATCH_RATIO else None


# -- merging one group --------------------------------------------------------------------


def claim_key(rec: Recommendation) -> tuple[Any, ...]:
    """A total order on source records (every field), for canonical output."""
    r = rec.response
    return (
        rec.id,
        rec.text,
        rec.review,
        rec.mechanism,
        rec.state_under_review,
        rec.cycle,
        (rec.session is not None, rec.session or 0),
        rec.recommending_states,
        (
            r is not None,
            "" if r is None else r.value.value,
            "" if r is None else r.raw,
            (r is not None and r.source is not None, "" if r is None else r.source or ""),
        ),
        (rec.action_category is not None, int(rec.action_category or 0)),
        rec.themes,
        rec.affected_persons,
        rec.sdg_targets,
        rec.treaties,
        (rec.symbol is not None, rec.symbol or ""),
        (rec.paragraph is not None, rec.paragraph or ""),
        rec.kind.value,
        tuple(p.sort_key() for p in rec.provenance),
    )


def _value_text(value: Any) -> str:
    if isinstance(value, Response):
        return value.value.value
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, tuple):
        return ", ".join(map(str, value))
    return str(value)


def _empty(value: Any) -> bool:
    return value is None or value in ("", ())


def _sources(rec: Recommendation, field: str) -> tuple[FieldSource, ...]:
    return tuple(p.with_fields((field,)) for p in rec.provenance if p.gives(field))


Choice = tuple[Any, list[int]]


def _choose(
    values: Sequence[tuple[int, Any]],
    standing: Sequence[Standing],
    same: Callable[[Any], Hashable],
    order: Callable[[Any], Any],
) -> list[tuple[Hashable, list[int]]]:
    """Distinct values (by ``same``) with the positions giving each, best first:
    best standing, then most sources, then ``order`` (of the bucket's first value
    in that order). Each bucket's positions start with its first value in ``order``."""
    buckets: dict[Hashable, list[int]] = {}
    by_position = dict(values)
    for position, value in values:
        buckets.setdefault(same(value), []).append(position)
    for positions in buckets.values():
        positions.sort(key=lambda i: (order(by_position[i]), i))
    ranked = sorted(
        buckets,
        key=lambda k: (
            min(standing[i] for i in buckets[k]),
            -len(buckets[k]),
            order(by_position[buckets[k][0]]),
        ),
    )
    return [(k, buckets[k]) for k in ranked]


def _check_sets(
    field: str,
    records: Sequence[Recommendation],
    standing: Sequence[Standing],
    conflict: Callable[[str, list[tuple[Hashable, list[int]]], Callable[[int], str]], None],
) -> None:
    """A conflict when two located sources name sets of which neither holds the other."""
    by_source: dict[str, tuple[set[str], list[int]]] = {}
    for i, rec in enumerate(records):
        values = getattr(rec, field)
        if standing[i] is Standing.UNLOCATED or not values:
            continue
        for name in sorted({p.source for p in rec.provenance}) or [""]:
            union, positions = by_source.setdefault(name, (set(), []))
            union.update(values)
            positions.append(i)
    sets = {name: frozenset(union) for name, (union, _) in by_source.items()}
    if not any(not (a <= b or b <= a) for a in sets.values() for b in sets.values()):
        return
    ranked = sorted(
        by_source,
        key=lambda n: (min(standing[i] for i in by_source[n][1]), tuple(sorted(sets[n])), n),
    )
    shown = {by_source[n][1][0]: ", ".join(sorted(sets[n])) for n in ranked}
    conflict(field, [(sets[n], by_source[n][1]) for n in ranked], shown.__getitem__)


def merge_group(
    records: Sequence[Recommendation],
    standing: Sequence[Standing],
    taken: set[str] | None = None,
) -> tuple[Recommendation, tuple[Conflict, ...]]:
    """Fuse the source records of one recommendation into one record.

    ``standing[i]`` is that of ``records[i]``. Rules, field by field: the value
    given by the best standing wins, then the one most sources give, then the
    first in sort order; a final response beats a pending one ("will be
    examined"); texts equal after normalisation are one value and the longest
    spelling of the best standing is kept; set-valued fields are unioned. Every
    other value is kept in a conflict (values); the provenance names, for each
    field, the sources of the value kept.

    The id is made from the fused symbol and paragraph (``"A/HRC/26/6:143.12"``,
    see :func:`~upr.model.recommendations.recommendation_id`), unless another
    record already took it (``taken``); otherwise it is the smallest id of the
    best-standing records.
    """
    if len(records) == 1:
        return records[0], ()
    credit: list[set[str]] = [set() for _ in records]
    changes: dict[str, Any] = {}
    conflicts: list[Conflict] = []
    rid = min(range(len(records)), key=lambda i: (standing[i], records[i].id))
    record_id = records[rid].id
    if taken is None:
        taken = set()

    def conflict(
        field: str, ranked: list[tuple[Hashable, list[int]]], show: Callable[[int], str]
    ) -> None:
        conflicts.append(
            Conflict(
                record_id,
                field,
                tuple(
                    ConflictValue(
                        show(positions[0]),
                        canonical(s for i in positions for s in _sources(records[i], field)),
                    )
                    for _, positions in ranked
                ),
                ConflictKind.VALUES,
            )
        )

    for field in SCALAR_FIELDS:
        given = [(i, getattr(r, field)) for i, r in enumerate(records)]
        given = [(i, v) for i, v in given if not _empty(v)]
        if not given:
            continue
        first = given[0][1]
        if all(v == first for _, v in given):  # the usual case: every source agrees
            changes[field] = first
            for i, _ in given:
                credit[i].add(field)
            continue
        ranked = _choose(given, standing, lambda v: v, canonical_key)
        changes[field] = getattr(records[ranked[0][1][0]], field)
        for i in ranked[0][1]:
            credit[i].add(field)
        if len(ranked) > 1:
            conflict(field, ranked, lambda i, f=field: _value_text(getattr(records[i], f)))  # type: ignore[misc]

    # text: equal after normalisation is one value; the longest spelling of the best standing
    texts = [(i, r.text) for i, r in enumerate(records) if r.text]
    ranked_texts = _choose(texts, standing, normalise, lambda t: (-len(t), t))
    best_key, best_positions = ranked_texts[0]
    top = min(standing[i] for i in best_positions)
    keep = min(
        (i for i in best_positions if standing[i] == top),
        key=lambda i: (-len(records[i].text), records[i].text),
    )
    changes["text"] = records[keep].text
    for i in best_positions:
        credit[i].add("text")
    rivals = [
        (k, ps)
        for k, ps in ranked_texts[1:]
        if min(standing[i] for i in ps) == top
        and not (_contains(str(best_key), str(k)) or _contains(str(k), str(best_key)))
    ]
    if rivals:
        conflict("text", [ranked_texts[0], *rivals], lambda i: records[i].text)

    # response: a final position beats "will be examined"
    responses = [(i, r.response) for i, r in enumerate(records) if r.response is not None]
    if responses:
        finals = [(i, v) for i, v in responses if v.value is not ResponseValue.PENDING]
        pool = finals or responses
        ranked_responses = _choose(pool, standing, lambda v: v.value, lambda v: v.value.value)
        winners = ranked_responses[0][1]
        top = min(standing[i] for i in winners)
        keep = min(
            (i for i in winners if standing[i] == top),
            key=lambda i: (records[i].response.raw, records[i].response.source or ""),  # type: ignore[union-attr]
        )
        changes["response"] = records[keep].response
        for i in winners:
            credit[i].add("response")
        if len(ranked_responses) > 1:
            conflict("response", ranked_responses, lambda i: _value_text(records[i].response))

    for field in SET_FIELDS:
        union: set[str] = set()
        for i, rec in enumerate(records):
            values = getattr(rec, field)
            if values:
                union.update(values)
                credit[i].add(field)
        changes[field] = tuple(sorted(union))
        if field in CHECKED_SET_FIELDS:
            _check_sets(field, records, standing, conflict)

    if changes.get("paragraph"):
        derived = recommendation_id(
            symbol=changes.get("symbol"),
            paragraph=changes["paragraph"],
            review=changes.get("review", records[rid].review),
            text=changes["text"],
        )
        if derived not in taken or derived in {r.id for r in records}:
            record_id = derived
            conflicts = [attrs.evolve(c, record=derived) for c in conflicts]
    provenance: list[FieldSource] = []
    for i, rec in enumerate(records):
        credited = credit[i]
        for entry in rec.provenance:
            named = credited if EVERY_FIELD in entry.fields else credited & set(entry.fields)
            if named:
                provenance.append(entry.with_fields(named))
    merged = Recommendation(
        id=record_id,
        text=changes["text"],
        review=changes.get("review", records[rid].review),
        mechanism=changes.get("mechanism", records[rid].mechanism),
        state_under_review=changes.get("state_under_review", records[rid].state_under_review),
        cycle=changes.get("cycle", records[rid].cycle),
        session=changes.get("session"),
        recommending_states=changes["recommending_states"],
        response=changes.get("response"),
        action_category=changes.get("action_category"),
        themes=changes["themes"],
        affected_persons=changes["affected_persons"],
        sdg_targets=changes["sdg_targets"],
        treaties=changes["treaties"],
        symbol=changes.get("symbol"),
        paragraph=changes.get("paragraph"),
        kind=changes.get("kind", records[rid].kind),
        provenance=tuple(provenance),
    )
    return merged, tuple(conflicts)


# -- reviews and pledges ------------------------------------------------------------------

_REVIEW_FIELDS = ("session", "hrc_session", "start", "end")


def _fill(
    record_id: str, items: Sequence[Any], fields: Sequence[str]
) -> tuple[dict[str, Any], list[Conflict]]:
    """For each field: the value most records give (then the first in sort order), or None."""
    changes: dict[str, Any] = {}
    conflicts: list[Conflict] = []
    for field in fields:
        counts = Counter(getattr(item, field) for item in items)
        counts.pop(None, None)
        if not counts:
            changes[field] = None
            continue
        ranked = sorted(counts, key=lambda v: (-counts[v], canonical_key(v)))
        changes[field] = ranked[0]
        if len(ranked) > 1:
            conflicts.append(
                Conflict(
                    record_id,
                    field,
                    tuple(ConflictValue(_value_text(v)) for v in ranked),
                    ConflictKind.VALUES,
                )
            )
    return changes, conflicts


def merge_reviews(reviews: Sequence[Review]) -> tuple[Review, tuple[Conflict, ...]]:
    """Fuse records of the same review (same id): empty fields filled, documents
    joined by symbol; differing values are kept in conflicts."""
    distinct = list(dict.fromkeys(sorted(reviews, key=canonical_key)))
    if len(distinct) == 1:
        return distinct[0], ()
    first = distinct[0]
    changes, conflicts = _fill(first.id, distinct, _REVIEW_FIELDS)
    documents: dict[str, list[Document]] = {}
    for review in distinct:
        for document in review.documents:
            documents.setdefault(document.symbol, []).append(document)
    joined = []
    for symbol in sorted(documents):
        versions = documents[symbol]
        kinds: list[DocumentKind] = [d.kind for d in versions if d.kind is not DocumentKind.OTHER]
        kinds = kinds or [DocumentKind.OTHER]
        dates = sorted({d.date for d in versions if d.date is not None})
        joined.append(Document(symbol, min(kinds, key=str), dates[0] if dates else None))
        if len(dates) > 1:
            conflicts.append(
                Conflict(
                    first.id,
                    f"documents[{symbol}].date",
                    tuple(ConflictValue(d.isoformat()) for d in dates),
                    ConflictKind.VALUES,
                )
            )
    merged = attrs.evolve(first, documents=tuple(joined), **changes)
    return merged, tuple(conflicts)


_PLEDGE_FIELDS = ("text", "review", "state", "cycle", "session")


def merge_pledges(
    pledges: Sequence[VoluntaryPledge],
) -> tuple[VoluntaryPledge, tuple[Conflict, ...]]:
    """Fuse records of the same voluntary pledge (same id): one value per field
    (most sources, then sort order), themes and provenance unioned, differences
    kept in conflicts."""
    distinct = list(dict.fromkeys(sorted(pledges, key=canonical_key)))
    if len(distinct) == 1:
        return distinct[0], ()
    first = distinct[0]
    changes, conflicts = _fill(first.id, distinct, _PLEDGE_FIELDS)
    for conflict in conflicts:
        values = tuple(
            ConflictValue(
                v.value,
                canonical(
                    s.with_fields((conflict.field,))
                    for p in distinct
                    if _value_text(getattr(p, conflict.field)) == v.value
                    for s in p.provenance
                ),
            )
            for v in conflict.values
        )
        conflicts[conflicts.index(conflict)] = attrs.evolve(conflict, values=values)
    merged = attrs.evolve(
        first,
        themes=tuple(sorted({t for p in distinct for t in p.themes})),
        provenance=canonical(s for p in distinct for s in p.provenance),
        **{k: v for k, v in changes.items() if v is not None},
    )
    return merged, tuple(conflicts)


def fuse_by_id(
    items: Iterable[Any],
    identify: Callable[[Any], str],
    merge: Callable[[Sequence[Any]], tuple[Any, tuple[Conflict, ...]]],
) -> tuple[tuple[Any, ...], tuple[tuple[str, tuple[Any, ...]], ...], tuple[Conflict, ...]]:
    """Records with the same id merged by ``merge``: the records (by id), the
    lineage of those made of several, the conflicts."""
    grouped: dict[str, list[Any]] = {}
    for item in set(items):
        grouped.setdefault(identify(item), []).append(item)
    records: list[Any] = []
    lineage: list[tuple[str, tuple[Any, ...]]] = []
    conflicts: list[Conflict] = []
    for record_id in sorted(grouped):
        group = sorted(grouped[record_id], key=canonical_key)
        merged, found = merge(group)
        records.append(merged)
        conflicts.extend(found)
        if len(group) > 1:
            lineage.append((record_id, tuple(group)))
    return tuple(records), tuple(lineage), tuple(conflicts)


__all__ = [
    "CHECKED_SET_FIELDS",
    "FUZZY_MATCH_RATIO",
    "MIN_PART_LENGTH",
    "SCALAR_FIELDS",
    "SET_FIELDS",
    "Fusion",
    "Standing",
    "claim_key",
    "fuse_by_id",
    "fuse_recommendations",
    "is_document_record",
    "merge_group",
    "merge_pledges",
    "merge_reviews",
    "paragraph_key",
    "parts",
    "record_order",
    "review_key",
    "similarity",
]
