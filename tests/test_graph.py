"""The recommendation graph: build, queries checked against hand-computed figures, exports.

The small graph is built from real Viet Nam recommendations: 13 paragraphs of
the 2009 Working Group report (A/HRC/12/11, cycle I) and 25 of the 2014 one
(A/HRC/26/6, cycle II), with UPR Info issues as themes, SDG explorer targets,
and Viet Nam's ratifications from the reference table (see
``tests/data/graph/SOURCE.md``). Every expected figure below was counted by
reading those paragraphs.
"""

from __future__ import annotations

import csv
import math
import time
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import shared_reads
import upr
import upr.graph as G
from strategies import recommendations
from upr.analysis import similarity
from upr.cli.graph import graph as graph_command
from upr.graph import EdgeKind, NodeKind
from upr.model.recommendations import Response, recommendation_id

DATA = Path(__file__).resolve().parent / "data" / "graph"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"

WG_2009 = "A/HRC/12/11"
WG_2014 = "A/HRC/26/6"
REPORT_FILES = {WG_2009: "vietnam2009.txt", WG_2014: "vietnam2014.txt"}


def rec(symbol: str, paragraph: str) -> G.Node:
    return G.recommendation_node(f"{symbol}:{paragraph}")


def r09(paragraph: str) -> G.Node:
    return rec(WG_2009, paragraph)


def r14(paragraph: str) -> G.Node:
    return rec(WG_2014, paragraph)


# The 2009 report lists supported recommendations in para 99 and noted ones in
# para 101; the 2014 report's para 143 lists those "examined" later (pending).
_SECTION_RESPONSE = {"99": "enjoy the support of", "101": "noted", "143": "will be examined"}


def viet_nam(*, agencies: bool = False, structured_treaties: bool = False) -> upr.Dataset:
    """The test dataset (see the module docstring)."""
    recs = []
    with (DATA / "viet-nam-wg.csv").open(encoding="utf-8", newline="") as stream:
        for row in csv.DictReader(stream):
            session = int(row["session"])
            review = upr.Review.upr("VNM", session)
            symbol, paragraph = row["symbol"], row["paragraph"]
            section = paragraph.split(".")[0]
            recs.append(
                upr.Recommendation(
                    id=recommendation_id(
                        symbol=symbol, paragraph=paragraph, review=review.id, text=row["text"]
                    ),
                    text=row["text"],
                    review=review.id,
                    mechanism="UPR",
                    state_under_review="VNM",
                    cycle=review.cycle,
                    session=session,
                    recommending_states=tuple(
                        c for c in row["recommending_states"].split(";") if c
                    ),
                    response=Response.parse(_SECTION_RESPONSE[section], f"{symbol} para {section}"),
                    themes=tuple(t for t in row["themes"].split(";") if t),
                    sdg_targets=tuple(
                        upr.sdgs.targets_for_number(t)[0]
                        for t in row["sdg_targets"].split(";")
                        if t
                    ),
                    treaties=("CAT",) if structured_treaties and paragraph == "143.9" else (),
                    symbol=symbol,
                    paragraph=paragraph,
                    provenance=(
                        upr.FieldSource(
                            "wg-report-txt",
                            upr.Location(REPORT_FILES[symbol], symbol=symbol, paragraph=paragraph),
                        ),
                    ),
                )
            )
    reviews = (
        upr.Review.upr("VNM", 5, hrc_session=12, documents=(upr.Document.from_symbol(WG_2009),)),
        upr.Review.upr("VNM", 18, hrc_session=26, documents=(upr.Document.from_symbol(WG_2014),)),
    )
    extra: dict[str, object] = {}
    if agencies:
        # A made-up plan (no real assignment data is shipped): it only exercises
        # the assigned_to edges and the agencies query; names say it is a fixture.
        extra["agencies"] = (
            upr.Agency("fixture-a", "Fixture agency A", "VNM", upr.AgencyKind.MINISTRY),
            upr.Agency("fixture-b", "Fixture agency B", "VNM", upr.AgencyKind.MINISTRY),
            upr.Agency("fixture-a1", "Fixture department A1", "VNM", parent="fixture-a"),
        )
        lead, supporting = upr.AssignmentRole.LEAD, upr.AssignmentRole.SUPPORTING
        extra["plans"] = (
            upr.ImplementationPlan(
                "fixture-plan",
                "VNM",
                "UPR-VNM-2",
                "Fixture plan",
                assignments=(
                    upr.Assignment(f"{WG_2014}:143.10", "fixture-a", lead),
                    upr.Assignment(f"{WG_2014}:143.11", "fixture-a", lead),
                    upr.Assignment(f"{WG_2014}:143.12", "fixture-a1", lead),
                    upr.Assignment(f"{WG_2014}:143.12", "fixture-b", supporting),
                    upr.Assignment(f"{WG_2014}:143.18", "fixture-b", lead),
                    upr.Assignment(f"{WG_2014}:143.99", "fixture-b", lead),  # not in the data
                ),
            ),
        )
    return upr.Dataset(
        recommendations=recs,
        reviews=reviews,
        ratifications=upr.ratifications.for_state("VNM"),
        **extra,  # type: ignore[arg-type]
    )


@pytest.fixture(scope="module")
def graph() -> nx.MultiDiGraph:
    return G.build(viet_nam(agencies=True))


# -- build -------------------------------------------------------------------------------


def test_counts(graph: nx.MultiDiGraph) -> None:
    counts = G.summary(graph)
    assert counts["nodes"]["recommendation"] == 38
    assert counts["nodes"]["review"] == 2
    assert counts["nodes"]["cycle"] == 2
    assert counts["nodes"]["treaty"] == 18
    assert counts["nodes"]["agency"] == 3
    assert counts["edges"]["addressed_to"] == 38
    # hand count of the recommending states listed in the 38 paragraphs
    assert counts["edges"]["recommends"] == sum(
        len(r.recommending_states) for r in viet_nam().recommendations
    )
    # 9 Viet Nam ratifications (party) in the reference table
    assert counts["edges"]["ratified"] == 9
    assert counts["edges"]["monitored_by"] == 18
    assert graph.graph["skipped_assignments"] == 1


def test_nodes_are_typed_with_kind_and_label(graph: nx.MultiDiGraph) -> None:
    for key, data in graph.nodes(data=True):
        assert isinstance(key, tuple)
        assert len(key) == 2
        assert key[0] in {k.value for k in NodeKind}
        assert data["kind"] == key[0]
        assert isinstance(data["label"], str)
        assert data["label"]
        assert all(isinstance(v, str | int | float | bool) for v in data.values())
    for _, _, key, data in graph.edges(keys=True, data=True):
        assert key == data["kind"]
        assert key in {k.value for k in EdgeKind}
    assert graph.nodes[("state", "VNM")]["label"] == "Viet Nam"
    assert graph.nodes[("state", "VNM")]["regional_group"] == "Asia-Pacific"
    assert graph.nodes[("treaty", "OP-CAT")]["parent"] == "CAT"
    assert graph.nodes[("cycle", "UPR-2")]["label"] == "UPR cycle 2 (2012-2016)"
    node = graph.nodes[r14("143.12")]
    assert node["text"] == "Ratify CAT (Gabon, Mali, Slovakia); Accede to CAT (Togo);"
    assert node["cycle"] == 2
    assert node["response"] == "pending"
    assert node["recommending_states"] == 4
    assert graph.nodes[r14("143.26")]["other_instruments"] == "Rome Statute"


def test_part_of_chain_and_committees(graph: nx.MultiDiGraph) -> None:
    assert graph.has_edge(r14("143.12"), ("review", "UPR-VNM-2"), "part_of")
    assert graph.has_edge(("review", "UPR-VNM-2"), ("cycle", "UPR-2"), "part_of")
    assert graph.has_edge(("cycle", "UPR-2"), ("mechanism", "UPR"), "part_of")
    assert graph.has_edge(("treaty", "OP-CAT"), ("mechanism", "SPT"), "monitored_by")
    assert graph.has_edge(("treaty", "ICCPR-OP2"), ("mechanism", "CCPR"), "monitored_by")
    assert graph.has_edge(("agency", "fixture-a1"), ("agency", "fixture-a"), "part_of")


def test_recommends_addressed_to_tagged_advances(graph: nx.MultiDiGraph) -> None:
    for code in ("GAB", "MLI", "SVK", "TGO"):
        assert graph.has_edge(("state", code), r14("143.12"), "recommends")
    assert graph.has_edge(r14("143.12"), ("state", "VNM"), "addressed_to")
    assert graph.has_edge(r14("143.12"), G.theme_node("Torture and other CID treatment"), "tagged")
    assert graph.has_edge(r09("99.42"), ("sdg_target", "16.3"), "advances")
    assert graph.nodes[("sdg_target", "16.3")]["goal"] == 16
    assert graph.has_edge(r14("143.17"), ("sdg_target", "4.7"), "advances")


def test_treaty_edges_from_text(graph: nx.MultiDiGraph) -> None:
    data = graph.get_edge_data(r14("143.12"), ("treaty", "CAT"), "concerns_treaty")
    assert data == {"kind": "concerns_treaty", "via": "text", "in_text": True, "ratification": True}
    # "Withdraw reservations to the International Convention on the Elimination of
    # All Forms of Racial Discrimination": concerns ICERD, not a ratification
    data = graph.get_edge_data(r14("143.17"), ("treaty", "ICERD"), "concerns_treaty")
    assert data["ratification"] is False
    # the Rome Statute is not a core treaty: no edge
    assert [t for t in graph.successors(r14("143.26")) if t[0] == "treaty"] == []


def test_treaty_edges_from_data() -> None:
    g = G.build(viet_nam(structured_treaties=True), repeats=False, overlaps=False)
    data = g.get_edge_data(r14("143.9"), ("treaty", "CAT"), "concerns_treaty")
    assert data["via"] == "data"
    assert data["in_text"] is True
    assert data["ratification"] is True
    assert G.concerning(g, "CAT", "VNM", via="data") == [r14("143.9")]


# -- queries -----------------------------------------------------------------------------

# Read from the paragraphs: CAT is named in A/HRC/12/11 para 99.3 and in
# A/HRC/26/6 paras 143.9-143.15, 143.21 and 143.30 (143.8 names its Optional Protocol).
CAT_2014 = ["143.10", "143.11", "143.12", "143.13", "143.14", "143.15", "143.21", "143.30", "143.9"]


def test_recommendations_concerning_a_treaty(graph: nx.MultiDiGraph) -> None:
    assert G.concerning(graph, "CAT", "VNM") == [r09("99.3")] + [r14(p) for p in CAT_2014]
    assert G.concerning(graph, "Convention against Torture", "Viet Nam", cycle=1) == [r09("99.3")]
    assert G.concerning(graph, "OP-CAT", "VNM") == [r14("143.15"), r14("143.30"), r14("143.8")]
    assert G.concerning(graph, "CPED", "VNM") == [
        r09("99.5"),
        r14("143.21"),
        r14("143.22"),
        r14("143.23"),
        r14("143.30"),
        r14("143.8"),
    ]
    assert G.concerning(graph, "ICCPR", "VNM") == [r09("101.4"), r09("99.42"), r09("99.45")]
    assert G.concerning(graph, "ICCPR-OP2", "VNM") == [r14("143.5"), r14("143.6")]
    assert G.treaty_timeline(graph, "CAT", "VNM") == {("UPR", 1): 1, ("UPR", 2): 9}
    assert G.treaty_timeline(graph, "ICMW", "VNM") == {("UPR", 1): 1, ("UPR", 2): 3}


def test_urged_to_ratify(graph: nx.MultiDiGraph) -> None:
    # Hand count of recommendations asking to ratify/accede/sign, per treaty:
    # CAT 10 (99.3 and nine 2014 paragraphs), CPED 6 (99.5, 143.8, .21, .22, .23, .30),
    # ICMW 4 (99.6, 143.18, .19, .21), CRPD 3 (99.2, 143.20, .21), OP-CAT 3 (143.8,
    # .15, .30), ICCPR-OP2 2 (143.5, .6), ICCPR-OP1 1 (143.8), OP-ICESCR 1 (143.7).
    # Viet Nam ratified CAT and CRPD in 2015 (reference table).
    assert G.urged_to_ratify(graph, "VNM") == [
        ("CPED", 6),
        ("ICMW", 4),
        ("OP-CAT", 3),
        ("ICCPR-OP2", 2),
        ("ICCPR-OP1", 1),
        ("OP-ICESCR", 1),
    ]
    assert G.urged_to_ratify(graph, "Viet Nam", as_of=2014) == [
        ("CAT", 10),
        ("CPED", 6),
        ("ICMW", 4),
        ("CRPD", 3),
        ("OP-CAT", 3),
        ("ICCPR-OP2", 2),
        ("ICCPR-OP1", 1),
        ("OP-ICESCR", 1),
    ]
    assert G.urged_to_ratify(graph, "VNM", cycle=1, as_of=2009) == [
        ("CAT", 1),
        ("ICMW", 1),
        ("CRPD", 1),
        ("CPED", 1),
    ]
    assert G.ratified(graph, "VNM", as_of=2014) == {
        "CEDAW": 1982,
        "CRC": 1990,
        "ICCPR": 1982,
        "ICERD": 1982,
        "ICESCR": 1982,
        "OP-CRC-AC": 2001,
        "OP-CRC-SC": 2001,
    }


def test_reference_ratifications_option() -> None:
    ds = viet_nam()
    bare = upr.Dataset(recommendations=ds.recommendations, reviews=ds.reviews)
    assert G.ratified(G.build(bare, repeats=False, overlaps=False), "VNM") == {}
    with_reference = G.build(bare, ratifications=True, repeats=False, overlaps=False)
    assert G.ratified(with_reference, "VNM")["CAT"] == 2015
    assert with_reference.graph["ratifications"] == "dataset+reference"
    # recommending states get their ratifications too (Gabon, a recommender)
    assert "CAT" in G.ratified(with_reference, "GAB")


def test_agencies_for_treaty(graph: nx.MultiDiGraph) -> None:
    assert G.agencies_for_treaty(graph, "CAT") == [
        (("agency", "fixture-a"), 2),
        (("agency", "fixture-a1"), 1),
        (("agency", "fixture-b"), 1),
    ]
    assert G.agencies_for_treaty(graph, "CAT", role="supporting") == [(("agency", "fixture-b"), 1)]
    assert G.agencies_for_treaty(graph, "ICMW", state="VNM") == [(("agency", "fixture-b"), 1)]
    assert G.agencies_for_treaty(graph, "CEDAW") == []


def test_recommending_network(graph: nx.MultiDiGraph) -> None:
    network = G.recommending_network(graph)
    assert isinstance(network, nx.DiGraph)
    # Azerbaijan: 143.1, 99.2, 99.6; Uruguay: 143.6, .15, .23, .26, .71;
    # Argentina: 143.22, 99.5, 99.42, 99.44 (three supported, in para 99)
    assert network["AZE"]["VNM"] == {"weight": 3, "supported": 2}
    assert network["URY"]["VNM"] == {"weight": 5, "supported": 0}
    assert network["ARG"]["VNM"] == {"weight": 4, "supported": 3}
    assert network.nodes["ARG"] == {"label": "Argentina", "regional_group": "GRULAC"}
    assert network.in_degree("VNM", weight="weight") == viet_nam_recommendations_by_state()
    cycle_1 = G.recommending_network(graph, cycle=1)
    assert cycle_1["ARG"]["VNM"]["weight"] == 3
    assert "URY" not in cycle_1


def viet_nam_recommendations_by_state() -> int:
    return sum(len(r.recommending_states) for r in viet_nam().recommendations)


def test_repeats_viet_nam_cycle_one_to_two(graph: nx.MultiDiGraph) -> None:
    repeats = {
        (s, t): round(d["score"], 4)
        for s, t, k, d in graph.edges(keys=True, data=True)
        if k == "repeats"
    }
    # Each checked by reading: the 2014 paragraph asks again what the 2009 one asked.
    assert set(repeats) == {
        (r14("143.12"), r09("99.3")),  # "Ratify CAT ...; Accede to CAT" <- "Accede to CAT ..."
        (
            r14("143.10"),
            r09("99.3"),
        ),  # "timely ratification of CAT" <- "Accede to CAT in a timely manner"
        (r14("143.18"), r09("99.6")),  # ICRMW, same words
        (r14("143.20"), r09("99.2")),  # CRPD
    }
    assert all(similarity.REPEAT_THRESHOLD <= s <= 1.0 for s in repeats.values())
    assert G.repeat_chain(graph, r14("143.12")) == [r09("99.3"), r14("143.12")]
    chains = G.repeat_chains(graph, state="VNM")
    assert len(chains) == 4
    assert all(len(c) == 2 and c[0][1].startswith(WG_2009) for c in chains)


def test_repeats_lower_threshold_links_more_cat_paragraphs() -> None:
    g = G.build(viet_nam(), repeat_threshold=0.3, overlaps=False)
    linked = {s for s, t, k in g.edges(keys=True) if k == "repeats" and t == r09("99.3")}
    assert {r14(p) for p in ("143.10", "143.11", "143.12", "143.13", "143.14")} <= linked


def test_subgraphs(graph: nx.MultiDiGraph) -> None:
    review = G.around_review(graph, "UPR-VNM-1")
    recs = [n for n in review if n[0] == "recommendation"]
    # the 13 cycle-I paragraphs and the 4 cycle-II paragraphs that repeat them
    assert len([n for n in recs if n[1].startswith(WG_2009)]) == 13
    assert len([n for n in recs if n[1].startswith(WG_2014)]) == 4
    assert ("cycle", "UPR-1") in review
    state = G.around_state(graph, "VNM", cycle=2)
    assert len([n for n in state if n[0] == "recommendation" and n[1].startswith(WG_2014)]) == 25
    assert ("treaty", "CAT") in state
    assert ("agency", "fixture-a") in state
    ego = G.around(graph, ("treaty", "ICCPR-OP2"))
    assert set(ego) == {("treaty", "ICCPR-OP2"), ("mechanism", "CCPR"), r14("143.5"), r14("143.6")}
    with pytest.raises(KeyError):
        G.around_review(graph, "UPR-VNM-9")


# -- overlaps ------------------------------------------------------------------------------


def test_overlaps_link_upr_to_treaty_body_on_the_same_subject() -> None:
    # The graph keeps overlaps between a UPR recommendation and treaty-body ones.
    # No treaty-body text is shipped, so the same real Viet Nam paragraphs are
    # given as if from a committee: only the matching is checked here.
    ds = viet_nam()
    chosen = {f"{WG_2009}:99.3", f"{WG_2009}:99.6"}
    as_body = [
        upr.Recommendation(
            id="CAT-VNM-1#" + r.id,
            text=r.text,
            review="CAT-VNM-1",
            mechanism="CAT",
            state_under_review="VNM",
            cycle=1,
        )
        for r in ds.recommendations
        if r.id in chosen
    ]
    upr_2014 = [r for r in ds.recommendations if r.cycle == 2]
    g = G.build(upr.Dataset(recommendations=(*upr_2014, *as_body)), repeats=False)
    overlaps = {(s[1], t[1]) for s, t, k in g.edges(keys=True) if k == "overlaps"}
    assert (f"{WG_2014}:143.12", f"CAT-VNM-1#{WG_2009}:99.3") in overlaps
    assert (f"{WG_2014}:143.18", f"CAT-VNM-1#{WG_2009}:99.6") in overlaps
    assert all(s.startswith(WG_2014) for s, _ in overlaps)
    assert G.overlapping(g, r14("143.18"))[0][0] == G.recommendation_node(
        f"CAT-VNM-1#{WG_2009}:99.6"
    )


def test_cross_mechanism_repeats_need_dates() -> None:
    earlier = upr.Recommendation(
        id="CAT-VNM-1#x",
        text="Accede to CAT in a timely manner (Australia, Sweden);",
        review="CAT-VNM-1",
        mechanism="CAT",
        state_under_review="VNM",
        cycle=1,
    )
    later = upr.Recommendation(
        id="UPR-VNM-2#y",
        text="Ratify CAT (Gabon, Mali, Slovakia); Accede to CAT (Togo);",
        review="UPR-VNM-2",
        mechanism="UPR",
        state_under_review="VNM",
        cycle=2,
    )
    undated = similarity.find_repeats([earlier, later])
    assert undated == []
    import datetime as dt

    dated = similarity.find_repeats(
        [earlier, later], dates={earlier.id: dt.date(2009, 1, 1), later.id: dt.date(2014, 1, 1)}
    )
    assert [(link.source, link.target) for link in dated] == [("UPR-VNM-2#y", "CAT-VNM-1#x")]


def test_similarity_terms() -> None:
    assert similarity.strip_attributions("Ratify CAT (Gabon, Mali, Slovakia);") == "Ratify CAT ;"
    assert similarity.strip_attributions("Ratify OP-CAT (a treaty)") == "Ratify OP-CAT (a treaty)"
    a = similarity.terms("Accede to CAT in a timely manner (Australia, Sweden);")
    b = similarity.terms(
        "Continue efforts to accede to international human rights treaties, particularly the"
        " Convention against Torture and Other Cruel, Inhuman or Degrading Treatment (CAT)"
        " (Kazakhstan);"
    )
    assert a["treaty:CAT"] == 1
    assert b["treaty:CAT"] == 2  # the name and its abbreviation
    assert "torture" not in b  # the treaty's words are replaced by its term
    assert "ratify" in a
    assert "ratify" in b


# -- export ---------------------------------------------------------------------------------


def _snapshot(g: nx.MultiDiGraph) -> tuple[object, ...]:
    nodes = sorted((k, sorted(d.items())) for k, d in g.nodes(data=True))
    edges = sorted((s, t, k, sorted(d.items())) for s, t, k, d in g.edges(keys=True, data=True))
    return nodes, edges


@pytest.mark.parametrize("suffix", [".graphml", ".gexf", ".json"])
def test_export_round_trip(graph: nx.MultiDiGraph, tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"viet-nam{suffix}"
    G.write(graph, path)
    back = G.read(path)
    assert _snapshot(back) == _snapshot(graph)
    for key, data in graph.nodes(data=True):
        for name, value in data.items():
            assert type(back.nodes[key][name]) is type(value), (key, name)
    for s, t, k, data in graph.edges(keys=True, data=True):
        for name, value in data.items():
            assert type(back.edges[s, t, k][name]) is type(value), (s, t, k, name)
    assert back.graph["upr_graph_version"] == G.GRAPH_VERSION
    assert back.graph["repeat_threshold"] == graph.graph["repeat_threshold"]
    # queries work on a graph read back
    assert G.urged_to_ratify(back, "VNM") == G.urged_to_ratify(graph, "VNM")


def test_read_rejects_other_files(tmp_path: Path) -> None:
    bad = tmp_path / "bad.graphml"
    bad.write_text("<graphml><broken", encoding="utf-8")
    with pytest.raises(upr.DataError) as info:
        G.read(bad)
    assert "bad.graphml" in str(info.value)
    plain = tmp_path / "plain.json"
    plain.write_text(
        '{"directed": true, "multigraph": true, "graph": {}, "nodes": [{"id": "x"}], "edges": []}',
        encoding="utf-8",
    )
    with pytest.raises(upr.DataError):
        G.read(plain)
    with pytest.raises(ValueError, match="graph format"):
        G.write(nx.MultiDiGraph(), tmp_path / "x.txt")


@settings(max_examples=40, deadline=None)
@given(st.lists(recommendations(), max_size=6, unique_by=lambda r: r.id))
def test_random_datasets_build_and_round_trip(recs: list[upr.Recommendation]) -> None:
    g = G.build(upr.Dataset(recommendations=recs), ratifications=True)
    assert len(G.nodes_of_kind(g, "recommendation")) == len(recs)
    assert _snapshot(G.from_json(G.to_json(g))) == _snapshot(g)
    from_xml = G.from_graphml(G.to_graphml(g))
    assert from_xml.number_of_nodes() <= g.number_of_nodes()
    assert from_xml.number_of_edges() <= g.number_of_edges()
    for data in from_xml.nodes.values():
        assert all(isinstance(v, str | int | float | bool) for v in data.values())


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(list(NodeKind)), st.text(min_size=0, max_size=40))
def test_node_ids_round_trip(kind: NodeKind, key: str) -> None:
    node = G.node(kind, key)
    assert G.node_from_string(G.node_to_string(node)) == node


# -- CLI ------------------------------------------------------------------------------------


def test_cli_graph(tmp_path: Path) -> None:
    source = tmp_path / "viet-nam.jsonl"
    upr.jsonl.write(viet_nam(), source)
    output = tmp_path / "viet-nam.gexf"
    result = CliRunner().invoke(graph_command, [str(source), "--output", str(output)])
    assert result.exit_code == 0, result.output
    assert "wrote" in result.output
    back = G.read(output)
    assert len(G.nodes_of_kind(back, "recommendation")) == 38
    assert G.ratified(back, "VNM")["CAT"] == 2015  # --ratifications is the default
    json_out = tmp_path / "out.data"
    result = CliRunner().invoke(
        graph_command, [str(source), "-o", str(json_out), "--format", "json", "--no-repeats"]
    )
    assert result.exit_code == 0, result.output
    assert G.summary(G.read(json_out, "json"))["edges"].get("repeats") is None
    result = CliRunner().invoke(graph_command, [str(source), "-o", str(tmp_path / "x.txt")])
    assert result.exit_code != 0


# -- repeat validation and full data -------------------------------------------------------


def test_repeat_validation_pairs_file() -> None:
    with (DATA / "repeat-pairs.csv").open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert len(rows) == 70
    above = [r for r in rows if float(r["score_at_sampling"]) >= similarity.REPEAT_THRESHOLD]
    precision = sum(r["same_request"] == "yes" for r in above) / len(above)
    print(
        f"repeat pairs at or above {similarity.REPEAT_THRESHOLD}: n={len(above)} "
        f"precision={precision:.2f}"
    )
    assert precision >= 0.9


def _uprinfo_files(root: Path) -> list[Path]:
    return [
        root / "uprinfo" / f for f in ("1-5.csv", "6-9.csv", "10-13.csv", "14-17.csv", "17-20.csv")
    ]


def _require(root: Path) -> None:
    if not root.is_dir():
        pytest.skip(f"{root} not found: full-file check skipped")


def _require_importer(name: str) -> None:
    if name not in upr.plugins.default_manager().importers():
        pytest.skip(f"importer {name!r} is not registered yet: full-data graph check skipped")


@pytest.mark.shared_data
@shared_reads.shared_group
def test_full_graph_uprinfo_and_sdg_explorer() -> None:
    _require(SHARED)
    _require_importer("uprinfo-csv")
    _require_importer("sdg-explorer")
    started = time.perf_counter()
    result = shared_reads.read_many(
        [
            *_uprinfo_files(SHARED),
            SHARED / "sdg-explorer" / "upr1.xlsx",
            SHARED / "sdg-explorer" / "upr2.xlsx",
        ]
    )
    read_time = time.perf_counter() - started
    started = time.perf_counter()
    g = G.build(result.dataset, ratifications=True)
    build_time = time.perf_counter() - started
    counts = G.summary(g)
    print(
        f"\nread {len(result.dataset)} recommendations in {read_time:.1f} s;"
        f" graph built in {build_time:.1f} s: {g.number_of_nodes()} nodes,"
        f" {g.number_of_edges()} edges"
    )
    print("nodes:", counts["nodes"])
    print("edges:", counts["edges"])
    assert counts["nodes"]["recommendation"] == len(result.dataset)
    assert counts["edges"]["addressed_to"] == len(result.dataset)
    assert counts["edges"]["concerns_treaty"] > 5000
    assert counts["edges"]["repeats"] > 1000
    assert counts["edges"]["advances"] > 10000
    # Viet Nam, cycle I -> II: "Accede to CAT" (Togo) and "Ratify CAT as soon as
    # possible" (A/HRC/26/6 para 143.13) repeat a 2009 recommendation on CAT
    asked = [
        n
        for n in G.concerning(g, "CAT", "VNM", cycle=2)
        if g.nodes[n]["text"].rstrip(". ") in ("Accede to CAT", "Ratify CAT as soon as possible")
    ]
    assert len(asked) == 2
    for node in asked:
        earliest = G.repeat_chain(g, node)[0]
        assert g.nodes[earliest]["cycle"] == 1
        assert "CAT" in g.nodes[earliest]["text"]
    assert G.urged_to_ratify(g, "VNM", as_of=2014)[0][0] == "CAT"
    network = G.recommending_network(g)
    assert network.number_of_nodes() > 150
    assert math.isclose(
        sum(d["weight"] for _, _, d in network.edges(data=True)),
        counts["edges"]["recommends"],
    )


@pytest.mark.shared_data
@shared_reads.shared_group
def test_repeat_pairs_rescored_on_uprinfo() -> None:
    _require(SHARED)
    _require_importer("uprinfo-csv")
    dataset = shared_reads.read_many(_uprinfo_files(SHARED), format="uprinfo-csv").dataset
    vectorizer = similarity.Vectorizer.fit(r.text for r in dataset)
    with (DATA / "repeat-pairs.csv").open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    kept = 0
    correct = 0
    for row in rows:
        score = similarity.cosine(
            vectorizer.vector(row["later_text"]), vectorizer.vector(row["earlier_text"])
        )
        assert math.isclose(score, float(row["score_at_sampling"]), abs_tol=0.02)
        if score >= similarity.REPEAT_THRESHOLD:
            kept += 1
            correct += row["same_request"] == "yes"
    assert correct / kept >= 0.9
