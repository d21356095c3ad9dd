"""Write and read the recommendation graph: GraphML, GEXF (Gephi), node-link JSON.

Node keys ``(kind, id)`` are written as ``"kind:id"`` strings
(:func:`~upr.graph.build.node_to_string`) and turned back into tuples on
reading; edge keys are the edge ``kind``. Attribute values are ``str``,
``int``, ``float`` or ``bool``, which all three formats declare, so a graph
read back has the same attributes with the same Python types (GraphML and GEXF being XML, the few
characters XML cannot hold, such as control characters, become U+FFFD there;
JSON keeps every string). Graph-level
attributes travel as GraphML graph data, as JSON ``graph``, and in GEXF (which
has no slot for them) as JSON in the graph's ``name``. Files are written
atomically (a crash never leaves half a file).

>>> import upr.graph
>>> g = upr.graph.build(upr.Dataset(), repeats=False, overlaps=False)
>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "empty.graphml"
>>> upr.graph.write(g, path)
>>> upr.graph.read(path).nodes[("treaty", "CAT")]["committee"]
'CAT'
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

import networkx as nx

from upr.errors import DataError, Location
from upr.graph.build import Node, node_from_string, node_to_string
from upr.io.atomic import atomic_writer

Format = Literal["graphml", "gexf", "json"]
FORMATS: tuple[str, ...] = ("graphml", "gexf", "json")
_SUFFIXES: dict[str, str] = {".graphml": "graphml", ".gexf": "gexf", ".json": "json"}
_GRAPH_NAME_PREFIX = "upr-graph "


def format_for(path: str | Path, format: str | None = None) -> str:
    """The format named, or the one the file suffix stands for.

    ``.graphml`` -> GraphML, ``.gexf`` -> GEXF, ``.json`` -> node-link JSON.
    """
    if format is not None:
        if format not in FORMATS:
            raise ValueError(
                f"unknown graph format {format!r}; expected one of {', '.join(FORMATS)}"
            )
        return format
    suffix = Path(path).suffix.lower()
    if suffix not in _SUFFIXES:
        raise ValueError(
            f"cannot tell the graph format of {str(path)!r}: use .graphml, .gexf or .json,"
            " or give the format"
        )
    return _SUFFIXES[suffix]


# Characters XML 1.0 cannot hold (controls other than tab/newline/return,
# surrogates, U+FFFE/U+FFFF): GraphML and GEXF get U+FFFD in their place.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_safe(value: Any) -> Any:
    return _NOT_XML.sub("\ufffd", value) if isinstance(value, str) else value


def _stringified(graph: nx.MultiDiGraph, xml: bool = False) -> nx.MultiDiGraph:
    """A copy with string node ids (``"treaty:CAT"``); ``xml`` replaces what XML cannot hold."""
    clean: Callable[[Any], Any] = _xml_safe if xml else (lambda value: value)

    def attributes(data: dict[str, Any]) -> dict[str, Any]:
        return {name: clean(value) for name, value in data.items()}

    out = nx.MultiDiGraph(**attributes(graph.graph))
    for key, data in graph.nodes(data=True):
        out.add_node(clean(node_to_string(key)), **attributes(data))
    for source, target, key, data in graph.edges(keys=True, data=True):
        out.add_edge(
            clean(node_to_string(source)),
            clean(node_to_string(target)),
            key=key,
            **attributes(data),
        )
    return out


def _typed(
    graph: nx.MultiGraph | nx.MultiDiGraph | nx.DiGraph, drop_edge: tuple[str, ...] = ()
) -> nx.MultiDiGraph:
    """Back to tuple node keys and kind-named edge keys."""
    out = nx.MultiDiGraph()
    for name, value in graph.graph.items():
        if name not in ("node_default", "edge_default", "mode", "name"):
            out.graph[name] = value
    for key, data in graph.nodes(data=True):
        out.add_node(_parse(str(key)), **data)
    if graph.is_multigraph():
        edges = graph.edges(keys=True, data=True)
    else:
        edges = ((s, t, None, d) for s, t, d in graph.edges(data=True))
    for source, target, _, data in edges:
        attributes = {k: v for k, v in data.items() if k not in drop_edge}
        kind = attributes.get("kind")
        if not isinstance(kind, str):
            raise DataError(Location(field="kind"), f"edge {source} -> {target} has no kind")
        out.add_edge(_parse(str(source)), _parse(str(target)), key=kind, **attributes)
    return out


def _parse(text: str) -> Node:
    try:
        return node_from_string(text)
    except ValueError as exc:
        raise DataError(Location(field="node id"), str(exc)) from None


# -- GraphML ------------------------------------------------------------------------


def to_graphml(graph: nx.MultiDiGraph) -> str:
    """The graph as a GraphML document."""
    return "\n".join(nx.generate_graphml(_stringified(graph, xml=True))) + "\n"


def from_graphml(text: str | bytes) -> nx.MultiDiGraph:
    """Read a GraphML document written by :func:`to_graphml`."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    return _typed(nx.read_graphml(io.BytesIO(data), force_multigraph=True))


# -- GEXF -----------------------------------------------------------------------------


def to_gexf(graph: nx.MultiDiGraph) -> str:
    """The graph as a GEXF 1.2 document (Gephi): node ``label`` is the GEXF label."""
    out = _stringified(graph, xml=True)
    out.graph = {"name": _GRAPH_NAME_PREFIX + json.dumps(graph.graph, sort_keys=True)}
    return "\n".join(nx.generate_gexf(out)) + "\n"


def from_gexf(text: str | bytes) -> nx.MultiDiGraph:
    """Read a GEXF document written by :func:`to_gexf`."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    raw = nx.read_gexf(io.BytesIO(data))
    out = _typed(raw, drop_edge=("id", "networkx_key"))
    name = str(raw.graph.get("name", ""))
    if name.startswith(_GRAPH_NAME_PREFIX):
        out.graph.update(json.loads(name[len(_GRAPH_NAME_PREFIX) :]))
    return out


# -- node-link JSON --------------------------------------------------------------------


# Edge endpoints and key use names no edge attribute has ("source" is one).
_LINK_NAMES: dict[str, str] = {
    "edges": "edges",
    "source": "from_node",
    "target": "to_node",
    "key": "edge_key",
}


def to_node_link(graph: nx.MultiDiGraph) -> dict[str, Any]:
    """The graph as node-link data (``networkx.node_link_data``) with string node ids.

    Edges are under ``"edges"``, with their ends in ``"from_node"`` and
    ``"to_node"`` and their key in ``"edge_key"``.
    """
    data: dict[str, Any] = nx.node_link_data(_stringified(graph), **_LINK_NAMES)
    return data


def from_node_link(data: dict[str, Any]) -> nx.MultiDiGraph:
    """Rebuild a graph from :func:`to_node_link` data."""
    raw = nx.node_link_graph(data, directed=True, multigraph=True, **_LINK_NAMES)
    return _typed(raw)


def to_json(graph: nx.MultiDiGraph) -> str:
    """Node-link data as a JSON document (ASCII, so that any string survives)."""
    return json.dumps(to_node_link(graph), indent=1) + "\n"


def from_json(text: str | bytes) -> nx.MultiDiGraph:
    """Read a JSON document written by :func:`to_json`."""
    return from_node_link(json.loads(text))


# -- files ------------------------------------------------------------------------------

_WRITERS: dict[str, Callable[[nx.MultiDiGraph], str]] = {
    "graphml": to_graphml,
    "gexf": to_gexf,
    "json": to_json,
}
_READERS: dict[str, Callable[[bytes], nx.MultiDiGraph]] = {
    "graphml": from_graphml,
    "gexf": from_gexf,
    "json": from_json,
}


def write(graph: nx.MultiDiGraph, path: str | Path, format: str | None = None) -> None:
    """Write ``graph`` to ``path`` (format from ``format`` or the suffix), atomically."""
    text = _WRITERS[format_for(path, format)](graph)
    with atomic_writer(path) as stream:
        stream.write(text)


def read(path: str | Path, format: str | None = None) -> nx.MultiDiGraph:
    """Read a graph written by :func:`write`.

    A file that is not such a graph raises :class:`~upr.errors.DataError`
    naming the file.
    """
    fmt = format_for(path, format)
    source = Path(path)
    try:
        return _READERS[fmt](source.read_bytes())
    except DataError as exc:
        raise DataError(Location(file=str(source), field=exc.location.field), exc.reason) from None
    except (ValueError, KeyError, TypeError, nx.NetworkXError) as exc:
        raise DataError(Location(file=str(source)), f"not a {fmt} upr graph: {exc}") from None
    except Exception as exc:  # XML parse errors of several libraries
        if type(exc).__name__ in ("ParseError", "XMLSyntaxError", "ExpatError"):
            raise DataError(Location(file=str(source)), f"not a {fmt} upr graph: {exc}") from None
        raise


__all__ = [
    "FORMATS",
    "Format",
    "format_for",
    "from_gexf",
    "from_graphml",
    "from_json",
    "from_node_link",
    "read",
    "to_gexf",
    "to_graphml",
    "to_json",
    "to_node_link",
    "write",
]
