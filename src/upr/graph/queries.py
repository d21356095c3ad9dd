"""Queries over the recommendation graph: plain functions taking the graph.

Every function reads only node and edge attributes documented in
``docs/graph.md``, so they work on a graph loaded back from GraphML, GEXF or
JSON (:mod:`upr.graph.io`) as well as on one just built. States and treaties
may be given by code or name (``"Viet Nam"``, ``"Convention against Torture"``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator

import networkx as nx

from upr.graph.build import (
    EdgeKind,
    Node,
    NodeKind,
    review_node,
    state_node,
    treaty_node,
)
from upr.model import mechanisms, treaties
from upr.model.recommendations import ResponseValue


def nodes_of_kind(graph: nx.MultiDiGraph, kind: NodeKind | str) -> list[Node]:
    """Every node of one kind, sorted."""
    wanted = NodeKind(kind).value
    return sorted(n for n in graph if n[0] == wanted)


def _edges_out(
    graph: nx.MultiDiGraph, source: Node, kind: EdgeKind
) -> Iterator[tuple[Node, dict[str, object]]]:
    for _, target, key, data in graph.out_edges(source, keys=True, data=True):
        if key == kind.value:
            yield target, data


def _edges_in(
    graph: nx.MultiDiGraph, target: Node, kind: EdgeKind
) -> Iterator[tuple[Node, dict[str, object]]]:
    for source, _, key, data in graph.in_edges(target, keys=True, data=True):
        if key == kind.value:
            yield source, data


def _state_code(state: str) -> str:
    return state_node(state)[1]


def _sort_key(graph: nx.MultiDiGraph, rec: Node) -> tuple[str, int, str]:
    data = graph.nodes[rec]
    return (str(data.get("mechanism", "")), int(data.get("cycle", 0)), rec[1])


def recommendations_to(
    graph: nx.MultiDiGraph,
    state: str,
    *,
    cycle: int | None = None,
    mechanism: str | None = None,
) -> list[Node]:
    """Recommendations addressed to ``state`` (optionally one cycle, one mechanism)."""
    code = _state_code(state)
    wanted_mechanism = mechanisms.get(mechanism).code if mechanism else None
    out = []
    for rec, _ in _edges_in(graph, state_node(code), EdgeKind.ADDRESSED_TO):
        data = graph.nodes[rec]
        if cycle is not None and data.get("cycle") != cycle:
            continue
        if wanted_mechanism is not None and data.get("mechanism") != wanted_mechanism:
            continue
        out.append(rec)
    return sorted(out, key=lambda r: _sort_key(graph, r))


def concerning(
    graph: nx.MultiDiGraph,
    treaty: str,
    state: str | None = None,
    *,
    cycle: int | None = None,
    mechanism: str | None = None,
    via: str | None = None,
) -> list[Node]:
    """Recommendations concerning ``treaty`` (a ``concerns_treaty`` edge),
    optionally only those to ``state``, in one ``cycle``/``mechanism``, or
    found only through ``via="data"`` or ``via="text"``. Sorted by mechanism,
    cycle, id.
    """
    target = treaty_node(treaty)
    code = _state_code(state) if state else None
    wanted_mechanism = mechanisms.get(mechanism).code if mechanism else None
    out = []
    for rec, data in _edges_in(graph, target, EdgeKind.CONCERNS_TREATY):
        if via is not None and data.get("via") != via:
            continue
        attributes = graph.nodes[rec]
        if code is not None and attributes.get("state") != code:
            continue
        if cycle is not None and attributes.get("cycle") != cycle:
            continue
        if wanted_mechanism is not None and attributes.get("mechanism") != wanted_mechanism:
            continue
        out.append(rec)
    return sorted(out, key=lambda r: _sort_key(graph, r))


def treaty_timeline(graph: nx.MultiDiGraph, treaty: str, state: str) -> dict[tuple[str, int], int]:
    """How many recommendations to ``state`` concern ``treaty``, per (mechanism, cycle):
    ``{("UPR", 1): 1, ("UPR", 2): 9}``."""
    counts: Counter[tuple[str, int]] = Counter()
    for rec in concerning(graph, treaty, state):
        data = graph.nodes[rec]
        counts[(str(data["mechanism"]), int(data["cycle"]))] += 1
    return dict(sorted(counts.items()))


def ratified(
    graph: nx.MultiDiGraph, state: str, *, as_of: int | None = None
) -> dict[str, int | None]:
    """Treaties ``state`` is a party to, per the ``ratified`` edges: code -> year.

    With ``as_of``, only ratifications in or before that year (records without
    a year count as ratified).
    """
    out: dict[str, int | None] = {}
    for target, data in _edges_out(graph, state_node(state), EdgeKind.RATIFIED):
        year = data.get("year")
        year = int(year) if isinstance(year, int) else None
        if as_of is not None and year is not None and year > as_of:
            continue
        out[target[1]] = year
    return dict(sorted(out.items()))


def urged_to_ratify(
    graph: nx.MultiDiGraph,
    state: str,
    *,
    include_ratified: bool = False,
    as_of: int | None = None,
    cycle: int | None = None,
) -> list[tuple[str, int]]:
    """Treaties ``state`` is most often asked to ratify (accede to, sign, join)
    and has not ratified: ``[(treaty code, number of recommendations), ...]``,
    most frequent first, then in :func:`upr.treaties.codes` order.

    A recommendation counts once per treaty when its ``concerns_treaty`` edge
    has ``ratification=True``. "Not ratified" reads the graph's ``ratified``
    edges (build with ``ratifications=True`` for the reference table); with
    ``as_of`` a treaty ratified after that year still counts as not ratified.
    """
    code = _state_code(state)
    counts: Counter[str] = Counter()
    for rec in recommendations_to(graph, code, cycle=cycle):
        for target, data in _edges_out(graph, rec, EdgeKind.CONCERNS_TREATY):
            if data.get("ratification"):
                counts[target[1]] += 1
    done = set() if include_ratified else set(ratified(graph, code, as_of=as_of))
    order = {c: i for i, c in enumerate(treaties.codes())}
    return sorted(
        ((t, n) for t, n in counts.items() if t not in done),
        key=lambda item: (-item[1], order.get(item[0], len(order)), item[0]),
    )


def agencies_for_treaty(
    graph: nx.MultiDiGraph,
    treaty: str,
    *,
    state: str | None = None,
    role: str | None = None,
) -> list[tuple[Node, int]]:
    """Agencies assigned recommendations that concern ``treaty``:
    ``[(agency node, number of recommendations), ...]``, most first.

    ``role`` keeps only ``"lead"`` or ``"supporting"`` assignments.
    """
    counts: Counter[Node] = Counter()
    for rec in concerning(graph, treaty, state):
        for agency, data in _edges_out(graph, rec, EdgeKind.ASSIGNED_TO):
            if role is None or data.get("role") == role:
                counts[agency] += 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def recommending_network(
    graph: nx.MultiDiGraph,
    *,
    cycle: int | None = None,
    mechanism: str = mechanisms.UPR_CODE,
) -> nx.DiGraph:
    """Who recommends what to whom: a weighted ``DiGraph`` of states.

    Nodes are ISO alpha-3 codes with ``label`` and ``regional_group`` (absent
    for observer states); an edge ``A -> B`` has ``weight`` = number of
    recommendations A made to B and ``supported`` = how many of them B
    supported. Ready for :mod:`networkx` algorithms (centrality, communities).
    """
    wanted = mechanisms.get(mechanism).code
    network = nx.DiGraph(mechanism=wanted, cycle=cycle if cycle is not None else "all")
    for rec in nodes_of_kind(graph, NodeKind.RECOMMENDATION):
        data = graph.nodes[rec]
        if data.get("mechanism") != wanted or (cycle is not None and data.get("cycle") != cycle):
            continue
        target = data.get("state")
        if not isinstance(target, str):
            continue
        supported = data.get("response") == ResponseValue.SUPPORTED.value
        for source, _ in _edges_in(graph, rec, EdgeKind.RECOMMENDS):
            for code in (source[1], target):
                if code not in network:
                    network.add_node(code, **_state_attributes(graph, code))
            if network.has_edge(source[1], target):
                edge = network[source[1]][target]
                edge["weight"] += 1
                edge["supported"] += int(supported)
            else:
                network.add_edge(source[1], target, weight=1, supported=int(supported))
    return network


def _state_attributes(graph: nx.MultiDiGraph, code: str) -> dict[str, object]:
    data = graph.nodes.get(state_node(code), {})
    out: dict[str, object] = {"label": data.get("label", code)}
    if "regional_group" in data:
        out["regional_group"] = data["regional_group"]
    return out


def repeat_chain(graph: nx.MultiDiGraph, rec: Node) -> list[Node]:
    """``rec`` and the recommendations it repeats, following ``repeats`` edges:
    oldest first, ``rec`` last."""
    chain = [rec]
    seen = {rec}
    current = rec
    while True:
        earlier = [t for t, _ in _edges_out(graph, current, EdgeKind.REPEATS)]
        if not earlier or earlier[0] in seen:
            break
        current = earlier[0]
        seen.add(current)
        chain.append(current)
    return chain[::-1]


def repeat_chains(
    graph: nx.MultiDiGraph, *, state: str | None = None, min_length: int = 2
) -> list[list[Node]]:
    """Every maximal chain of repeated recommendations, oldest first.

    A chain starts at a recommendation no later recommendation repeats and
    follows ``repeats`` edges back in time; chains sharing their older part
    are listed separately. Longest first, then by the newest id.
    """
    code = _state_code(state) if state else None
    chains = []
    for rec in nodes_of_kind(graph, NodeKind.RECOMMENDATION):
        if code is not None and graph.nodes[rec].get("state") != code:
            continue
        if any(True for _ in _edges_in(graph, rec, EdgeKind.REPEATS)):
            continue  # repeated later: not the newest of a chain
        chain = repeat_chain(graph, rec)
        if len(chain) >= min_length:
            chains.append(chain)
    return sorted(chains, key=lambda c: (-len(c), c[-1]))


def overlapping(graph: nx.MultiDiGraph, rec: Node) -> list[tuple[Node, float]]:
    """Recommendations of the other kind of mechanism on the same subject
    (``overlaps`` edges, either direction), best first."""
    found = [(t, _score(d)) for t, d in _edges_out(graph, rec, EdgeKind.OVERLAPS)]
    found += [(s, _score(d)) for s, d in _edges_in(graph, rec, EdgeKind.OVERLAPS)]
    return sorted(found, key=lambda item: (-item[1], item[0]))


def _score(data: dict[str, object]) -> float:
    score = data.get("score", 0.0)
    return float(score) if isinstance(score, int | float) else 0.0


def _neighbourhood(graph: nx.MultiDiGraph, centres: Iterable[Node]) -> set[Node]:
    nodes: set[Node] = set()
    for centre in centres:
        nodes.add(centre)
        nodes.update(graph.successors(centre))
        nodes.update(graph.predecessors(centre))
    return nodes


def around(graph: nx.MultiDiGraph, centre: Node, radius: int = 1) -> nx.MultiDiGraph:
    """The subgraph of nodes within ``radius`` edges of ``centre`` (either direction)."""
    return nx.ego_graph(graph, centre, radius=radius, undirected=True).copy()


def around_state(
    graph: nx.MultiDiGraph, state: str, *, cycle: int | None = None
) -> nx.MultiDiGraph:
    """The state, the recommendations addressed to it (optionally one cycle)
    and everything they link to: recommending states, treaties, reviews,
    agencies, SDG targets, themes, repeated and overlapping recommendations."""
    recs = recommendations_to(graph, state, cycle=cycle)
    nodes = _neighbourhood(graph, recs) | {state_node(state)}
    return graph.subgraph(nodes).copy()


def around_review(graph: nx.MultiDiGraph, review_id: str) -> nx.MultiDiGraph:
    """The review, its recommendations and everything they link to."""
    centre = review_node(review_id)
    if centre not in graph:
        raise KeyError(f"no review {review_id!r} in the graph")
    recs = [
        r for r, _ in _edges_in(graph, centre, EdgeKind.PART_OF) if r[0] == NodeKind.RECOMMENDATION
    ]
    nodes = _neighbourhood(graph, recs) | _neighbourhood(graph, [centre])
    return graph.subgraph(nodes).copy()


def summary(graph: nx.MultiDiGraph) -> dict[str, dict[str, int]]:
    """Node counts per kind and edge counts per kind."""
    node_counts: Counter[str] = Counter(str(n[0]) for n in graph)
    edge_counts: Counter[str] = Counter(str(k) for _, _, k in graph.edges(keys=True))
    return {"nodes": dict(sorted(node_counts.items())), "edges": dict(sorted(edge_counts.items()))}


__all__ = [
    "agencies_for_treaty",
    "around",
    "around_review",
    "around_state",
    "concerning",
    "nodes_of_kind",
    "overlapping",
    "ratified",
    "recommendations_to",
    "recommending_network",
    "repeat_chain",
    "repeat_chains",
    "summary",
    "treaty_timeline",
    "urged_to_ratify",
]
