"""The recommendation graph: recommendations linked to states, treaties,
agencies, SDG targets, themes, reviews, cycles and each other (networkx).

>>> import upr, upr.graph
>>> g = upr.graph.build(upr.Dataset())
>>> g.nodes[("treaty", "OP-CAT")]["committee"]
'SPT'
>>> list(g.successors(("treaty", "ICCPR-OP2")))
[('mechanism', 'CCPR')]

:func:`build` makes a :class:`networkx.MultiDiGraph` whose node keys are typed
tuples (``("state", "VNM")``) and whose edges carry a ``kind``; the queries
(:mod:`upr.graph.queries`) are plain functions over such a graph; :func:`write`
and :func:`read` (:mod:`upr.graph.io`) export it as GraphML, GEXF or
node-link JSON and load it back. ``docs/graph.md`` documents every node and
edge kind and attribute.
"""

from upr.graph import io, queries
from upr.graph.build import (
    GRAPH_VERSION,
    EdgeKind,
    Node,
    NodeKind,
    agency_node,
    build,
    cycle_node,
    mechanism_node,
    node,
    node_from_string,
    node_to_string,
    recommendation_node,
    review_node,
    sdg_target_node,
    state_node,
    theme_node,
    treaty_node,
)
from upr.graph.io import (
    FORMATS,
    from_gexf,
    from_graphml,
    from_json,
    from_node_link,
    read,
    to_gexf,
    to_graphml,
    to_json,
    to_node_link,
    write,
)
from upr.graph.queries import (
    agencies_for_treaty,
    around,
    around_review,
    around_state,
    concerning,
    nodes_of_kind,
    overlapping,
    ratified,
    recommendations_to,
    recommending_network,
    repeat_chain,
    repeat_chains,
    summary,
    treaty_timeline,
    urged_to_ratify,
)

__all__ = [
    "FORMATS",
    "GRAPH_VERSION",
    "EdgeKind",
    "Node",
    "NodeKind",
    "agencies_for_treaty",
    "agency_node",
    "around",
    "around_review",
    "around_state",
    "build",
    "concerning",
    "cycle_node",
    "from_gexf",
    "from_graphml",
    "from_json",
    "from_node_link",
    "io",
    "mechanism_node",
    "node",
    "node_from_string",
    "node_to_string",
    "nodes_of_kind",
    "overlapping",
    "queries",
    "ratified",
    "read",
    "recommendation_node",
    "recommendations_to",
    "recommending_network",
    "repeat_chain",
    "repeat_chains",
    "review_node",
    "sdg_target_node",
    "state_node",
    "summary",
    "theme_node",
    "to_gexf",
    "to_graphml",
    "to_json",
    "to_node_link",
    "treaty_node",
    "treaty_timeline",
    "urged_to_ratify",
    "write",
]
