"""Fusing one review from three published sources (issue: importers, acceptance test).

Viet Nam's second review (A/HRC/26/6): the Working Group report gives 227
paragraphs (all "will be examined"); the UPR Info export gives responses per
recommending state and wording; the SDG explorer gives SDG targets per
paragraph but lacks paragraph 143.12. Fused, they must give 227
recommendations, 182 supported and 45 noted: the figures Viet Nam published.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import upr

DATA = Path(__file__).parent / "data"


def _supported_noted(ds: upr.Dataset) -> tuple[int, int, int]:
    supported = len(ds.filter(response="supported"))
    noted = len(ds.filter(response="noted"))
    return len(ds), supported, noted


def test_slices_fuse_into_the_report_paragraphs() -> None:
    sources = [
        DATA / "wg-reports" / "vietnam2014.txt",
        DATA / "uprinfo" / "17-20_vietnam.csv",
        DATA / "sdg-explorer" / "upr2-slice.xlsx",
    ]
    result = upr.read(sources)
    assert [r.format for r in result.reports] == ["wg-report-txt", "uprinfo-csv", "sdg-explorer"]
    assert all(r.balanced for r in result.reports)
    vnm = result.dataset.filter(state="Viet Nam", cycle=2)
    assert len(vnm) == 227  # every UPR Info and SDG explorer row found its paragraph
    para = vnm["A/HRC/26/6:143.12"] if "A/HRC/26/6:143.12" in vnm else vnm["UPR-VNM-2:143.12"]
    assert para.recommending_states == ("GAB", "MLI", "SVK", "TGO")
    assert para.response is not None
    assert para.response.value is upr.ResponseValue.SUPPORTED  # from UPR Info, not "pending"
    sources_seen = {p.source.split(" ")[0].split(":")[0] for p in para.provenance}
    assert {"vietnam2014.txt", "uprinfo"} <= sources_seen


@pytest.mark.shared_data
def test_viet_nam_cycle_two_from_three_full_sources(shared_data: Path) -> None:
    sources = [
        shared_data / "wg-reports" / "vietnam2014.txt",
        shared_data / "uprinfo" / "17-20.csv",
        shared_data / "sdg-explorer" / "upr2.xlsx",
    ]
    fused = upr.load(sources).filter(state="Viet Nam", cycle=2)
    assert _supported_noted(fused) == (227, 182, 45)
    # the SDG explorer alone misses paragraph 143.12
    explorer = upr.load(sources[2]).filter(state="Viet Nam", cycle=2)
    assert "A/HRC/26/6:143.12" not in explorer
    assert len(explorer) == 226


def test_embedded_dossier_gives_the_published_cycle_two_figures() -> None:
    dossier = upr.datasets.viet_nam()
    assert _supported_noted(dossier.filter(cycle=2)) == (227, 182, 45)
    assert {r.id for r in dossier.reviews} >= {"UPR-VNM-1", "UPR-VNM-2", "UPR-VNM-3", "UPR-VNM-4"}
    assert {(m.start_year, m.end_year) for m in dossier.memberships} == {(2014, 2016), (2023, 2025)}
    assert any(f.quantity == "implemented_rate" and f.value == 86.7 for f in dossier.figures)
    assert len(dossier.ratifications) == 18


@pytest.mark.shared_data
def test_dossier_is_reproducible(shared_data: Path, tmp_path: Path) -> None:
    """scripts/build_dossier.py rebuilds the committed package data exactly."""
    import importlib.util
    import sys

    script = Path(__file__).resolve().parents[1] / "scripts" / "build_dossier.py"
    spec = importlib.util.spec_from_file_location("build_dossier", script)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_dossier"] = module
    spec.loader.exec_module(module)
    rebuilt = module.build(shared_data)
    assert rebuilt == upr.datasets.viet_nam()
