"""The review report: reconciliation of reported figures, JSON schema, markdown, HTML, CLI."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

import upr
from upr import report
from upr.cli import main
from upr.model.figures import Qualifier, ReportedFigure, Unit
from vnm2014 import DATASET, REVIEW

# Real statements: A/HRC/26/6 para 6 (cycle I) and the seed article
# shared/data/seeds/001_437c9dafada3569e.txt (cycle III).
SEED = "thoidai.com.vn, '7 nhóm vấn đề khuyến nghị cho UPR chu kỳ III' (seeds/001)"
CYCLE3 = "UPR-VNM-3"
FIGURES = (
    ReportedFigure(REVIEW.id, "recommendations", 227, "press (shared/data/README.md)"),
    ReportedFigure(CYCLE3, "recommendations", 291, SEED),
    ReportedFigure(CYCLE3, "support_rate", 83, SEED, Unit.PERCENT, Qualifier.OVER),
)


CYCLE2_CAUSE = (
    "data gives 222 fewer: 5 paragraphs of A/HRC/26/6 (by paragraph: 143: 5), no record outside it"
)


def _dataset() -> upr.Dataset:
    cycle3 = upr.Review("UPR", "VNM", 3)
    return upr.Dataset(DATASET.recommendations, [REVIEW, cycle3], figures=FIGURES)


def test_sections_cover_reviews_known_only_by_figures() -> None:
    built = upr.build_report(_dataset())
    assert [s.figures.review for s in built.sections] == ["UPR-VNM-2", "UPR-VNM-3"]
    cycle2, cycle3 = built.sections
    assert cycle2.figures.recommendations == 5
    assert cycle2.figures.responses["supported"] == 4
    # the cause names what the data holds: the five paragraphs of the WG report (vnm2014.py)
    assert cycle2.figures.document == "A/HRC/26/6"
    assert cycle2.figures.sections == (("143", 5),)
    assert cycle2.figures.outside == ()
    assert cycle2.reconciliations[0].cause == CYCLE2_CAUSE
    assert cycle3.reconciliations[0].cause.startswith("no recommendation-level data")


def test_rounding_and_unit_causes() -> None:
    """241/291 = 82.8%: the seed's 'over 83%' rounds up; 'rows' explains unit mismatches."""
    figures = report.ReviewFigures(
        review=CYCLE3,
        state="VNM",
        mechanism="UPR",
        cycle=3,
        session=None,
        recommendations=291,
        rows=300,
        recommending_states=122,
        responses={"supported": 241, "noted": 50},
        support_rate=241 / 291,
        implemented_rate=None,
        partially_implemented_rate=None,
        sources=(),
    )
    over = report.reconcile(FIGURES[2], figures)
    assert over.computed == round(100 * 241 / 291, 4)
    assert "rounding up" in over.cause
    rows = report.reconcile(ReportedFigure(CYCLE3, "recommendations", 300, "x"), figures)
    assert rows.cause.startswith("unit: the reported figure counts recommendation x")


def test_json_is_stable_and_documented() -> None:
    data = json.loads(report.to_json(upr.build_report(_dataset())))
    assert data["upr_report"] == report.JSON_SCHEMA_VERSION
    assert data["units"] == {"recommendations": report.PARAGRAPHS, "rows": report.ROWS}
    first = data["reviews"][0]
    assert set(first) >= {
        "review",
        "state",
        "cycle",
        "recommendations",
        "rows",
        "recommending_states",
        "responses",
        "support_rate",
        "reported",
        "top_themes",
        "regional_groups",
        "sources",
    }
    assert first["reported"][0] == {
        "quantity": "recommendations",
        "reported": 227,
        "unit": "count",
        "qualifier": "exactly",
        "computed": 5,
        "difference": -222,
        "cause": CYCLE2_CAUSE,
        "source": "press (shared/data/README.md)",
        "text": None,
        "date": None,
    }


def test_markdown_and_html() -> None:
    built = upr.build_report(_dataset())
    markdown = report.to_markdown(built)
    assert "| Viet Nam | UPR cycle 2 | 18 | 5 | 11 | 4 | 1 | 80.0% | - |" in markdown
    assert "## Reported vs computed" in markdown
    page = report.to_html(built)
    assert page.startswith("<!DOCTYPE html>")
    assert "<svg" in page and "Support rate by review" in page
    assert "src=" not in page and "<link" not in page  # self-contained


def test_cli_report_on_a_source(tmp_path: Path) -> None:
    path = tmp_path / "vnm.jsonl"
    upr.export(_dataset(), path)
    out = tmp_path / "report.json"
    result = CliRunner().invoke(
        main, ["report", str(path), "--state", "Viet Nam", "--format", "json", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["filters"] == {"state": "Viet Nam"}
    assert data["reviews"][0]["recommendations"] == 5
    text = CliRunner().invoke(main, ["report", str(path)], terminal_width=200)
    assert text.exit_code == 0, text.output
    assert "Reported vs computed" in text.output


def test_filter_keeps_reviews_known_only_by_figures() -> None:
    filtered = _dataset().filter(state="Viet Nam")
    assert {r.id for r in filtered.reviews} == {"UPR-VNM-2", "UPR-VNM-3"}
    assert len(filtered.figures) == 3
    assert _dataset().filter(state="Viet Nam", cycle=3).figures == FIGURES[1:]
    assert _dataset().filter(state="Viet Nam", theme="Detention").reviews == (REVIEW,)
