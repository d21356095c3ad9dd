"""Tests of ``upr.plot`` on the embedded Viet Nam dossier (real data, shipped in
the package) and, when ``../shared/data`` is present, on the UPR Info export.

Bar sizes are compared with the figures of ``upr.compute``, and with the
dossier's own counts: cycle II (A/HRC/26/6, 2014) has 227 recommendations, 182
supported and 45 noted; cycle I (A/HRC/12/11, 2009) 146 recommendations, 99
supported and 47 noted (152, 101 and 51 before fusion became a function of the
set of source records: three SDG Explorer rows citing paragraphs 134.41, 134.67
and 134.167, which A/HRC/12/11 does not have, and three UPR Info rows are now
fused into the report's paragraphs, and 100.1 takes the response most of its
sources give, supported).
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

matplotlib = pytest.importorskip("matplotlib", reason="matplotlib is in the 'test' extra")
matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.collections import PathCollection  # noqa: E402
from matplotlib.container import BarContainer  # noqa: E402

import upr  # noqa: E402
import upr.graph as G  # noqa: E402
from upr import plot  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def vnm() -> upr.Dataset:
    return upr.datasets.viet_nam()


def sizes(ax: Axes, *, horizontal: bool = False) -> dict[str, list[float]]:
    """Bar lengths per container label (widths for horizontal bars)."""
    return {
        str(c.get_label()): [
            round(p.get_width() if horizontal else p.get_height(), 6) for p in c.patches
        ]
        for c in ax.containers
        if isinstance(c, BarContainer)
    }


def texts(ax: Axes) -> list[str]:
    return [t.get_text() for t in ax.texts]


def one(dataset: upr.Dataset, rec_id: str) -> upr.Dataset:
    return upr.Dataset(recommendations=[dataset[rec_id]])


# --- acceptance_by_cycle --------------------------------------------------------------------


def test_acceptance_by_cycle_bars_are_the_metric_counts(vnm: upr.Dataset) -> None:
    ax = plot.acceptance_by_cycle(vnm)
    assert isinstance(ax, Axes)
    table = upr.compute(vnm, "responses", by="cycle").to_records()
    bars = sizes(ax)
    assert bars["supported"] == [row["supported"] for row in table] == [99, 182]
    assert bars["noted"] == [row["noted"] for row in table] == [47, 45]
    assert set(bars) == {"supported", "noted"}  # no other response occurs
    assert [t.get_text() for t in ax.get_xticklabels()] == [
        "UPR cycle 1\n2008-2011",
        "UPR cycle 2\n2012-2016",
    ]
    assert "227\n80.2% supported" in texts(ax)
    assert "146\n67.8% supported" in texts(ax)  # 99 / 146, rounded once
    assert "Viet Nam" in ax.get_title()
    assert ax.get_legend() is not None


def test_acceptance_by_cycle_reported_figures_for_cycles_without_records(
    vnm: upr.Dataset,
) -> None:
    ax = plot.acceptance_by_cycle(vnm, reported=True)
    bars = sizes(ax)
    # UPR-VNM-3: 291 recommendations, 241 accepted; UPR-VNM-4: 320, 271 (dossier figures)
    assert bars["supported (reported figure)"] == [241, 271]
    assert bars["not supported (reported figure)"] == [50, 49]
    assert bars["supported"] == [99, 182]  # cycle I is drawn from records, not figures
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert labels[2:] == ["UPR cycle 3\n2017-2022", "UPR cycle 4\n2022-2027"]
    assert "291\n82.8% supported\n(reported)" in texts(ax)


def test_acceptance_by_cycle_from_figures_only(vnm: upr.Dataset) -> None:
    figures_only = upr.Dataset(reviews=vnm.reviews, figures=vnm.figures)
    ax = plot.acceptance_by_cycle(figures_only, reported=True)
    # A/HRC/26/6 para 6: cycle I "123 recommendations ..., 96 of which were accepted"
    assert sizes(ax)["supported (reported figure)"] == [96, 182, 241, 271]
    assert sizes(ax)["not supported (reported figure)"] == [27, 45, 50, 49]
    assert ax.get_title().startswith("Viet Nam:")


def test_acceptance_by_cycle_grouped(vnm: upr.Dataset) -> None:
    ax = plot.acceptance_by_cycle(vnm, stacked=False, by_mechanism=True)
    bars = sizes(ax)
    assert bars == {"supported": [99, 182], "noted": [47, 45]}
    supported, noted = ax.containers
    assert all(s.get_y() == 0 and n.get_y() == 0 for s, n in zip(supported, noted, strict=True))
    assert all(s.get_x() < n.get_x() for s, n in zip(supported, noted, strict=True))
    assert {"99", "182", "47", "45"} <= set(texts(ax))


# --- responses_by_group -----------------------------------------------------------------------


def test_responses_by_group_counts_each_recommending_state(vnm: upr.Dataset) -> None:
    ax = plot.responses_by_group(vnm)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    table = upr.compute(vnm, "regional-groups", by="response")
    keys = [g.value for g in upr.RegionalGroup] + ["none"]
    present = [k for k in keys if any(r["regional_group"] == k for r in table.to_records())]
    assert labels == [plot._GROUP_LABELS.get(k, k) for k in present]
    bars = sizes(ax, horizontal=True)
    for response in ("supported", "noted"):
        expected = []
        for group in present:
            found = [
                r["count"]
                for r in table.to_records()
                if r["regional_group"] == group and r["response"] == response
            ]
            expected.append(found[0] if found else 0)
        assert bars[response] == expected
    rows = sum(len(r.recommending_states) for r in vnm)
    assert sum(bars["supported"]) + sum(bars["noted"]) == rows
    assert "recommending-state rows" in ax.get_xaxis().get_label().get_text()


def test_responses_by_group_one_recommendation_three_states(vnm: upr.Dataset) -> None:
    # A/HRC/12/11 para 99.48, made by Australia, Switzerland and the Netherlands
    ax = plot.responses_by_group(one(vnm, "A/HRC/12/11:99.48"))
    assert [t.get_text() for t in ax.get_yticklabels()] == ["WEOG"]
    assert sizes(ax, horizontal=True)["supported"] == [3]
    # 143.12 "Ratify CAT": Gabon, Mali, Togo (African) and Slovakia (Eastern European)
    ax = plot.responses_by_group(one(vnm, "UPR-VNM-2:143.12"))
    assert [t.get_text() for t in ax.get_yticklabels()] == ["African", "Eastern European"]
    assert sizes(ax, horizontal=True)["supported"] == [3, 1]


def test_responses_by_group_reviewed_side(vnm: upr.Dataset) -> None:
    ax = plot.responses_by_group(vnm, side="reviewed")
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Asia-Pacific"]
    assert sizes(ax, horizontal=True) == {"supported": [281], "noted": [92]}  # 99+182, 47+45
    assert "373: 75.3% supported" in texts(ax)


def test_responses_by_group_normalized(vnm: upr.Dataset) -> None:
    ax = plot.responses_by_group(vnm, normalize=True)
    bars = sizes(ax, horizontal=True)
    for i in range(len(ax.get_yticklabels())):
        assert sum(values[i] for values in bars.values()) == pytest.approx(100)


def test_responses_by_group_rejects_an_unknown_side(vnm: upr.Dataset) -> None:
    with pytest.raises(ValueError, match="side must be"):
        plot.responses_by_group(vnm, side="recommended")  # type: ignore[arg-type]


# --- themes -----------------------------------------------------------------------------------


def test_themes_are_the_metric_counts_most_frequent_first(vnm: upr.Dataset) -> None:
    ax = plot.themes(vnm, top=5)
    table = upr.compute(vnm, "themes").to_records()
    ranked = sorted(table, key=lambda r: (-r["count"], r["theme"]))[:5]
    assert [t.get_text() for t in ax.get_yticklabels()] == [r["theme"] for r in ranked]
    assert sizes(ax, horizontal=True)["recommendations"] == [r["count"] for r in ranked]
    assert ranked[0]["theme"] == "International instruments"
    # 81 of 373 (82 of 379 before the fusion rewrite: the UPR Info row of 99.4 is now
    # part of that paragraph, and 134.41 of 90(a), which gains the theme)
    assert ranked[0]["count"] == 81
    assert "81 (21.7%)" in texts(ax)
    assert "top 5 of 45" in ax.get_title()


def test_themes_by_response_add_up(vnm: upr.Dataset) -> None:
    ax = plot.themes(vnm, top=15, by_response=True)
    bars = sizes(ax, horizontal=True)
    totals = sizes(plot.themes(vnm, top=15), horizontal=True)["recommendations"]
    assert set(bars) == {"supported", "noted"}
    assert [s + n for s, n in zip(bars["supported"], bars["noted"], strict=True)] == totals
    death_penalty = [t.get_text() for t in ax.get_yticklabels()].index("Death penalty")
    assert (bars["supported"][death_penalty], bars["noted"][death_penalty]) == (8, 27)


def test_themes_rejects_top_below_one(vnm: upr.Dataset) -> None:
    with pytest.raises(ValueError, match="top"):
        plot.themes(vnm, top=0)


# --- recommending_network ---------------------------------------------------------------------


def nodes_drawn(ax: Axes) -> int:
    return sum(
        len(np.asarray(c.get_offsets())) for c in ax.collections if isinstance(c, PathCollection)
    )


def test_recommending_network_from_a_dataset(vnm: upr.Dataset) -> None:
    ax = plot.recommending_network(vnm, top=10)
    assert isinstance(ax, Axes)
    assert nodes_drawn(ax) == 10
    network = G.recommending_network(G.build(vnm, repeats=False, overlaps=False))
    weights = {u: d["weight"] for u, _, d in network.in_edges("VNM", data=True)}
    top9 = sorted(weights, key=lambda c: (-weights[c], c))[:9]
    labels = set(texts(ax))
    assert {"VNM", *top9} <= labels
    assert top9[0] == "CAN"
    assert str(weights["CAN"]) == "14"
    assert "14" in labels  # edge labels: at most 30 edges
    assert "who recommends to whom" in ax.get_title()


def test_recommending_network_accepts_graphs(vnm: upr.Dataset) -> None:
    graph = G.build(vnm, repeats=False, overlaps=False)
    from_graph = plot.recommending_network(graph, top=8, cycle=2)
    from_network = plot.recommending_network(G.recommending_network(graph, cycle=2), top=8)
    assert nodes_drawn(from_graph) == nodes_drawn(from_network) == 8
    assert sorted(texts(from_graph)) == sorted(texts(from_network))
    with pytest.raises(TypeError, match="recommending_network needs"):
        plot.recommending_network([1, 2, 3], top=8)


def test_co_recommendation_network(vnm: upr.Dataset) -> None:
    ax = plot.recommending_network(vnm, kind="co-recommends", top=12, layout="spring")
    assert nodes_drawn(ax) == 12
    assert "same recommendations" in ax.get_title()
    # Ratify CAT (Gabon, Mali, Slovakia; Togo): four states, six pairs
    small = plot.recommending_network(one(vnm, "UPR-VNM-2:143.12"), kind="co-recommends")
    assert nodes_drawn(small) == 4
    assert sorted(t for t in texts(small) if t.isalpha()) == ["GAB", "MLI", "SVK", "TGO"]
    assert texts(small).count("1") == 6


def test_recommending_network_is_deterministic(vnm: upr.Dataset) -> None:
    first = plot.recommending_network(vnm, top=15, layout="spring", seed=3)
    second = plot.recommending_network(vnm, top=15, layout="spring", seed=3)
    offsets = [
        np.asarray(c.get_offsets()).tolist()
        for ax in (first, second)
        for c in ax.collections
        if isinstance(c, PathCollection)
    ]
    assert offsets[0] == offsets[1]


def test_recommending_network_min_weight_and_arguments(vnm: upr.Dataset) -> None:
    ax = plot.recommending_network(vnm, top=20, min_weight=100)
    assert nodes_drawn(ax) == 20
    assert "edges ≥ 100" in ax.get_title()
    with pytest.raises(ValueError, match="kind"):
        plot.recommending_network(vnm, kind="friends")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="layout"):
        plot.recommending_network(vnm, layout="grid")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="top"):
        plot.recommending_network(vnm, top=0)


# --- common behaviour -------------------------------------------------------------------------

EMPTY_CALLS: dict[str, Any] = {
    "acceptance_by_cycle": lambda ds, ax: plot.acceptance_by_cycle(ds, ax=ax, reported=True),
    "responses_by_group": lambda ds, ax: plot.responses_by_group(ds, ax=ax),
    "reviewed": lambda ds, ax: plot.responses_by_group(ds, ax=ax, side="reviewed"),
    "themes": lambda ds, ax: plot.themes(ds, ax=ax),
    "recommending_network": lambda ds, ax: plot.recommending_network(ds, ax=ax),
    "co-recommends": lambda ds, ax: plot.recommending_network(ds, ax=ax, kind="co-recommends"),
}


@pytest.mark.parametrize("name", sorted(EMPTY_CALLS))
def test_empty_dataset_gives_labelled_empty_axes(name: str) -> None:
    ax = EMPTY_CALLS[name](upr.Dataset(), None)
    assert isinstance(ax, Axes)
    assert ax.get_title()
    assert any(t.startswith("no recommend") for t in texts(ax))
    assert not ax.containers
    assert "0 states" not in ax.get_title()


@pytest.mark.parametrize("name", sorted(EMPTY_CALLS))
def test_draws_into_the_axes_given(name: str, vnm: upr.Dataset) -> None:
    figure, (left, right) = plt.subplots(1, 2, figsize=(12, 5))
    before = plt.get_fignums()
    ax = EMPTY_CALLS[name](vnm, right)
    assert ax is right
    assert plt.get_fignums() == before  # no new figure
    assert not left.has_data()
    assert right.has_data() or right.texts
    assert ax.figure is figure


def test_missing_matplotlib_names_the_extra(
    vnm: upr.Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    for call in EMPTY_CALLS.values():
        with pytest.raises(ImportError, match=r"pip install 'upr\[plot\]'"):
            call(vnm, None)


def test_import_upr_does_not_import_matplotlib() -> None:
    code = (
        "import sys, upr; from upr import plot; upr.datasets.viet_nam();"
        " print(sorted(m for m in ('matplotlib', 'networkx') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_render_script_draws_the_dossier_images(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location(
        "render_plots", ROOT / "scripts" / "render_plots.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    status = module.main(["--data", str(tmp_path / "absent"), "--output", str(tmp_path)])
    assert status == 1  # no UPR Info folder: only the dossier images
    written = sorted(p.name for p in tmp_path.glob("*.png"))
    assert written == ["vnm-cycles.png", "vnm-groups.png", "vnm-network.png", "vnm-themes.png"]
    assert all((tmp_path / n).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for n in written)


@pytest.mark.shared_data
def test_uprinfo_export_bars_are_the_metric_counts(shared_data: Path) -> None:
    ds = upr.load(shared_data / "uprinfo" / "1-5.csv", format="uprinfo-csv")
    ax = plot.acceptance_by_cycle(ds)
    row = upr.compute(ds, "responses").to_records()[0]
    assert sizes(ax) == {"supported": [row["supported"]], "noted": [row["noted"]]}
    ax = plot.responses_by_group(ds)
    rows = sum(len(r.recommending_states) for r in ds)
    assert sum(sum(v) for v in sizes(ax, horizontal=True).values()) == rows
    ax = plot.recommending_network(ds, top=25, min_weight=3)
    assert nodes_drawn(ax) == 25
