"""Build the recommendation graph of a :class:`~upr.core.dataset.Dataset`.

Nodes are typed tuples ``(kind, id)``: ``("recommendation", "A/HRC/26/6:143.12")``,
``("state", "VNM")``, ``("treaty", "CAT")``, ``("mechanism", "CCPR")``,
``("agency", id)``, ``("sdg_target", "16.3")``, ``("theme", normalised name)``,
``("review", "UPR-VNM-2")``, ``("cycle", "UPR-2")``. Every node has the
attributes ``kind`` and ``label``; edges have ``kind`` and use it as their key
in the :class:`networkx.MultiDiGraph`, so there is at most one edge of each
kind between two nodes. ``docs/graph.md`` lists every attribute.

Attribute values are ``str``, ``int``, ``float`` or ``bool`` only (never
``None``: a missing value is a missing attribute), so that GraphML, GEXF and
JSON exports keep their types (:mod:`upr.graph.io`).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from typing import Any

import networkx as nx

from upr.analysis import similarity, treaty_mentions
from upr.core.dataset import Dataset
from upr.errors import UprError
from upr.model import cycles, mechanisms, sdgs, states, treaties
from upr.model import ratifications as reference_ratifications
from upr.model.ratifications import Ratification, RatificationStatus
from upr.model.recommendations import Recommendation
from upr.model.reviews import Review
from upr.names import normalise

GRAPH_VERSION = 1
"""Version of the node and edge layout described in ``docs/graph.md``."""

Node = tuple[str, str]
"""A node key: ``(kind, id)``."""


class NodeKind(enum.StrEnum):
    """The kinds of node (first element of a node key, and its ``kind`` attribute)."""

    RECOMMENDATION = "recommendation"
    STATE = "state"
    TREATY = "treaty"
    MECHANISM = "mechanism"
    AGENCY = "agency"
    SDG_TARGET = "sdg_target"
    THEME = "theme"
    REVIEW = "review"
    CYCLE = "cycle"


class EdgeKind(enum.StrEnum):
    """The kinds of edge (``kind`` attribute and edge key)."""

    RECOMMENDS = "recommends"
    """recommending state -> recommendation"""
    ADDRESSED_TO = "addressed_to"
    """recommendation -> state under review"""
    PART_OF = "part_of"
    """recommendation -> review -> cycle -> mechanism; agency -> parent agency"""
    CONCERNS_TREATY = "concerns_treaty"
    """recommendation -> treaty (``via`` "data" or "text")"""
    MONITORED_BY = "monitored_by"
    """treaty -> committee (mechanism)"""
    ASSIGNED_TO = "assigned_to"
    """recommendation -> agency (``role`` lead or supporting)"""
    ADVANCES = "advances"
    """recommendation -> SDG target"""
    TAGGED = "tagged"
    """recommendation -> theme"""
    RATIFIED = "ratified"
    """state -> treaty (``year``)"""
    REPEATS = "repeats"
    """recommendation -> most similar earlier recommendation to the same state (``score``)"""
    OVERLAPS = "overlaps"
    """UPR recommendation -> treaty-body recommendation on the same subject (``score``)"""


# -- node keys --------------------------------------------------------------------


def node(kind: NodeKind | str, key: str) -> Node:
    """The key of a node: ``node("treaty", "CAT") == ("treaty", "CAT")``."""
    return (NodeKind(kind).value, key)


def recommendation_node(rec_id: str) -> Node:
    """``("recommendation", id)``."""
    return (NodeKind.RECOMMENDATION.value, rec_id)


def state_node(state: str) -> Node:
    """``("state", "VNM")``; names and alpha-2 codes are resolved (``state_node("Viet Nam")``)."""
    found = states.try_resolve(state)
    return (NodeKind.STATE.value, found.code if found else state)


def treaty_node(treaty: str) -> Node:
    """``("treaty", "CAT")``; aliases and names are resolved (``treaty_node("OPCAT")``)."""
    return (NodeKind.TREATY.value, treaties.get(treaty).code)


def mechanism_node(mechanism: str) -> Node:
    """``("mechanism", "CCPR")``; aliases are resolved (``mechanism_node("ICCPR")``)."""
    return (NodeKind.MECHANISM.value, mechanisms.get(mechanism).code)


def agency_node(agency_id: str) -> Node:
    """``("agency", id)``."""
    return (NodeKind.AGENCY.value, agency_id)


def sdg_target_node(target: str) -> Node:
    """``("sdg_target", "16.3")``."""
    return (NodeKind.SDG_TARGET.value, target.strip().lower())


def theme_node(theme: str) -> Node:
    """``("theme", key)``: themes are keyed by :func:`upr.names.normalise`, so
    ``"Women's rights"`` and ``"women s rights"`` are one node."""
    return (NodeKind.THEME.value, normalise(theme))


def review_node(review_id: str) -> Node:
    """``("review", "UPR-VNM-2")``."""
    return (NodeKind.REVIEW.value, review_id)


def cycle_node(mechanism: str, number: int) -> Node:
    """``("cycle", "UPR-2")``."""
    return (NodeKind.CYCLE.value, f"{mechanism}-{number}")


def node_to_string(key: Node) -> str:
    """``"treaty:CAT"``: the form used as node id in exported files."""
    return f"{key[0]}:{key[1]}"


def node_from_string(text: str) -> Node:
    """Inverse of :func:`node_to_string` (the id may itself contain ``:``)."""
    kind, sep, key = text.partition(":")
    if not sep or kind not in NodeKind.__members__.values():
        raise ValueError(f"not a upr graph node id: {text!r}")
    return (kind, key)


# -- building ---------------------------------------------------------------------

_LABEL_LENGTH = 80


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _LABEL_LENGTH else text[: _LABEL_LENGTH - 1].rstrip() + "…"


def _clean(attributes: dict[str, Any]) -> dict[str, Any]:
    """Drop ``None`` values and turn enums and dates into plain values."""
    out: dict[str, Any] = {}
    for name, value in attributes.items():
        if value is None:
            continue
        if isinstance(value, enum.Enum):
            out[name] = value.value
        elif isinstance(value, dt.date):
            out[name] = value.isoformat()
        else:
            out[name] = value
    return out


class _Builder:
    def __init__(self, graph: nx.MultiDiGraph) -> None:
        self.graph = graph

    def node(self, key: Node, label: str, /, **attributes: Any) -> Node:
        if key not in self.graph:
            self.graph.add_node(key, kind=key[0], label=label, **_clean(attributes))
        return key

    def edge(self, u: Node, v: Node, kind: EdgeKind, /, **attributes: Any) -> None:
        if attributes:
            attributes = _clean(attributes)
        self.graph.add_edge(u, v, key=kind.value, kind=kind.value, **attributes)

    # -- reference nodes -----------------------------------------------------------
    def state(self, code: str) -> Node:
        key = (NodeKind.STATE.value, code)
        if key in self.graph:
            return key
        found = states.try_resolve(code)
        if found is None:
            return self.node(key, code, code=code)
        return self.node(
            key,
            found.short_name,
            code=found.code,
            regional_group=found.regional_group,
            member=found.is_member,
        )

    def mechanism(self, code: str) -> Node:
        key = (NodeKind.MECHANISM.value, code)
        if key in self.graph:
            return key
        found = mechanisms.by_code(code)
        if found is None:
            return self.node(key, code, code=code, mechanism_kind="special procedure")
        return self.node(key, found.name, code=found.code, mechanism_kind=found.kind)

    def treaty(self, code: str) -> Node:
        key = (NodeKind.TREATY.value, code)
        if key in self.graph:
            return key
        try:
            found = treaties.get(code)
        except UprError:
            return self.node(key, code, code=code, core=False)
        key = self.node(
            (NodeKind.TREATY.value, found.code),
            found.name,
            code=found.code,
            adopted=found.adopted,
            committee=found.committee,
            parent=found.parent,
            protocol=found.is_protocol,
            core=True,
        )
        self.edge(key, self.mechanism(found.committee), EdgeKind.MONITORED_BY)
        return key

    def cycle(self, mechanism: str, number: int) -> Node:
        key = cycle_node(mechanism, number)
        if key in self.graph:
            return key
        try:
            info = cycles.get(mechanism, number)
            label = info.label
            start, end = info.start_year, info.end_year
        except UprError:
            label, start, end = f"{mechanism} cycle {number}", None, None
        self.node(key, label, mechanism=mechanism, number=number, start_year=start, end_year=end)
        self.edge(key, self.mechanism(mechanism), EdgeKind.PART_OF)
        return key

    def review(self, review_id: str, review: Review | None, rec: Recommendation | None) -> Node:
        key = review_node(review_id)
        if key in self.graph:
            return key
        if review is not None:
            self.node(
                key,
                review_id,
                mechanism=review.mechanism,
                state=review.state,
                cycle=review.cycle,
                session=review.session,
                hrc_session=review.hrc_session,
                start=review.start,
                end=review.end,
                documents="; ".join(d.symbol for d in review.documents) or None,
            )
            mechanism, state, number = review.mechanism, review.state, review.cycle
        elif rec is not None:
            self.node(
                key,
                review_id,
                mechanism=rec.mechanism,
                state=rec.state_under_review,
                cycle=rec.cycle,
                session=rec.session,
            )
            mechanism, state, number = rec.mechanism, rec.state_under_review, rec.cycle
        else:  # pragma: no cover - callers always give one
            raise ValueError(review_id)
        self.edge(key, self.cycle(mechanism, number), EdgeKind.PART_OF)
        self.state(state)
        return key

    def sdg_target(self, code: str) -> Node:
        key = sdg_target_node(code)
        if key in self.graph:
            return key
        try:
            goal = sdgs.goal(sdgs.goal_of(code))
            return self.node(key, key[1], goal=goal.number, goal_title=goal.title)
        except (UprError, ValueError):
            return self.node(key, key[1])

    def theme(self, name: str) -> Node:
        return self.node(theme_node(name), name.strip())


def _review_date(review: Review | None) -> dt.date | None:
    if review is None:
        return None
    if review.start is not None:
        return review.start
    dated = [d.date for d in review.documents if d.date is not None]
    return min(dated) if dated else None


def build(
    dataset: Dataset,
    *,
    ratifications: bool = False,
    detect_treaties: bool = True,
    repeats: bool = True,
    overlaps: bool = True,
    repeat_threshold: float = similarity.REPEAT_THRESHOLD,
    overlap_threshold: float = similarity.OVERLAP_THRESHOLD,
) -> nx.MultiDiGraph:
    """The recommendation graph of ``dataset`` (see the module docstring and ``docs/graph.md``).

    ``ratifications=True`` adds the reference ratification table
    (:func:`upr.ratifications.all`) for every state in the graph, under the
    dataset's own ratification records (which win for the same state and
    treaty). ``detect_treaties`` links treaties named in the texts
    (:mod:`upr.treaty_mentions`); ``repeats``/``overlaps`` add the similarity
    edges of :mod:`upr.analysis.similarity` with the given thresholds.
    """
    graph = nx.MultiDiGraph(
        upr_graph_version=GRAPH_VERSION,
        ratifications="dataset+reference" if ratifications else "dataset",
        treaty_detection=detect_treaties,
        repeat_threshold=float(repeat_threshold) if repeats else -1.0,
        overlap_threshold=float(overlap_threshold) if overlaps else -1.0,
        similarity="tf-idf cosine, blocked by state under review",
    )
    b = _Builder(graph)
    for treaty in treaties.all():
        b.treaty(treaty.code)
    reviews = {r.id: r for r in dataset.reviews}
    for known in dataset.reviews:
        b.review(known.id, known, None)
    dates: dict[str, dt.date] = {}
    # The treaty analysis of every text is the costliest step: done only when
    # treaty detection or the similarity edges (whose terms use it) ask for it.
    analyses = (
        [treaty_mentions.analyse(r.text) for r in dataset.recommendations]
        if detect_treaties or repeats or overlaps
        else None
    )
    for position, rec in enumerate(dataset.recommendations):
        review = reviews.get(rec.review)
        when = _review_date(review)
        analysis = analyses[position] if analyses is not None and detect_treaties else None
        _add_recommendation(b, rec, review, analysis, when)
        if when is not None:
            dates[rec.id] = when
    _add_agencies(b, dataset)
    _add_ratifications(b, dataset.ratifications, ratifications)
    if repeats or overlaps:
        recs = dataset.recommendations
        vectors = similarity.vectorize([r.text for r in recs], analyses=analyses)
        if repeats:
            for link in similarity.find_repeats(
                recs, threshold=repeat_threshold, dates=dates, vectors=vectors
            ):
                later, earlier = dataset[link.source], dataset[link.target]
                b.edge(
                    recommendation_node(link.source),
                    recommendation_node(link.target),
                    EdgeKind.REPEATS,
                    score=link.score,
                    same_mechanism=later.mechanism == earlier.mechanism,
                )
        if overlaps:
            for link in similarity.find_overlaps(
                recs, threshold=overlap_threshold, vectors=vectors
            ):
                b.edge(
                    recommendation_node(link.source),
                    recommendation_node(link.target),
                    EdgeKind.OVERLAPS,
                    score=link.score,
                )
    return graph


def _add_recommendation(
    b: _Builder,
    rec: Recommendation,
    review: Review | None,
    analysis: treaty_mentions.Analysis | None,
    when: dt.date | None,
) -> None:
    other = (
        "; ".join(dict.fromkeys(m.instrument for m in analysis.mentions if not m.core))
        if analysis
        else ""
    )
    key = b.node(
        recommendation_node(rec.id),
        _short(rec.text),
        text=rec.text,
        mechanism=rec.mechanism,
        state=rec.state_under_review,
        cycle=rec.cycle,
        session=rec.session,
        review=rec.review,
        response=rec.response.value if rec.response else None,
        response_raw=rec.response.raw if rec.response else None,
        action_category=int(rec.action_category) if rec.action_category else None,
        symbol=rec.symbol,
        paragraph=rec.paragraph,
        record_kind=rec.kind,
        recommending_states=len(rec.recommending_states),
        date=when,
        other_instruments=other or None,
    )
    b.edge(key, b.state(rec.state_under_review), EdgeKind.ADDRESSED_TO)
    for code in rec.recommending_states:
        b.edge(b.state(code), key, EdgeKind.RECOMMENDS)
    b.edge(key, b.review(rec.review, review, rec), EdgeKind.PART_OF)
    in_text: dict[str, bool] = {}
    if analysis is not None:
        for mention in analysis.mentions:
            if mention.core:
                in_text[mention.instrument] = in_text.get(mention.instrument, False) or (
                    mention.ratification
                )
    for code in rec.treaties:
        treaty = b.treaty(code)
        found = treaty[1]
        b.edge(
            key,
            treaty,
            EdgeKind.CONCERNS_TREATY,
            via="data",
            in_text=found in in_text,
            ratification=(
                in_text[found] if found in in_text else treaty_mentions.asks_ratification(rec.text)
            ),
        )
        in_text.pop(found, None)
    for code, ratification in in_text.items():
        b.edge(
            key,
            b.treaty(code),
            EdgeKind.CONCERNS_TREATY,
            via="text",
            in_text=True,
            ratification=ratification,
        )
    for target in rec.sdg_targets:
        b.edge(key, b.sdg_target(target), EdgeKind.ADVANCES)
    for theme in rec.themes:
        if normalise(theme):
            b.edge(key, b.theme(theme), EdgeKind.TAGGED)


def _add_agencies(b: _Builder, dataset: Dataset) -> None:
    skipped = 0
    for agency in dataset.agencies:
        b.node(
            agency_node(agency.id),
            agency.name,
            state=agency.state,
            agency_kind=agency.kind,
            parent=agency.parent,
        )
        b.state(agency.state)
    for known in dataset.agencies:
        if known.parent is not None:
            parent = agency_node(known.parent)
            if parent not in b.graph:
                b.node(parent, known.parent)
            b.edge(agency_node(known.id), parent, EdgeKind.PART_OF)
    for plan in dataset.plans:
        for assignment in plan.assignments:
            rec = recommendation_node(assignment.recommendation)
            if rec not in b.graph:
                skipped += 1
                continue
            target = agency_node(assignment.agency)
            if target not in b.graph:
                b.node(target, assignment.agency, state=plan.state)
            existing = b.graph.get_edge_data(rec, target, EdgeKind.ASSIGNED_TO.value)
            if existing is not None and existing.get("role") == "lead":
                continue  # lead and supporting for one agency: lead is kept
            b.edge(
                rec,
                target,
                EdgeKind.ASSIGNED_TO,
                role=assignment.role,
                group=assignment.group,
                plan=plan.id,
            )
    b.graph.graph["skipped_assignments"] = skipped


def _add_ratifications(b: _Builder, records: Iterable[Ratification], reference: bool) -> None:
    given = list(records)
    known = {(r.state, r.treaty) for r in given}
    extra: list[Ratification] = []
    if reference:
        in_graph = {key[1] for key in b.graph if key[0] == NodeKind.STATE.value}
        extra = [
            r
            for r in reference_ratifications.all()
            if r.state in in_graph and (r.state, r.treaty) not in known
        ]
    for record in (*given, *extra):
        if record.status is not RatificationStatus.PARTY:
            continue
        b.edge(
            b.state(record.state),
            b.treaty(record.treaty),
            EdgeKind.RATIFIED,
            year=record.year,
            source=record.source or None,
        )


__all__ = [
    "GRAPH_VERSION",
    "EdgeKind",
    "Node",
    "NodeKind",
    "agency_node",
    "build",
    "cycle_node",
    "mechanism_node",
    "node",
    "node_from_string",
    "node_to_string",
    "recommendation_node",
    "review_node",
    "sdg_target_node",
    "state_node",
    "theme_node",
    "treaty_node",
]
