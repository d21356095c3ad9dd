"""The HTML Jupyter shows for datasets, reviews, recommendations and metric tables."""

from __future__ import annotations

import datetime as dt
from html import escape
from html.parser import HTMLParser
from typing import Any

import attrs
import pytest

import upr
from upr.analysis.metrics import CountUnit, Table
from upr.errors import Location
from upr.model.conflicts import Conflict, ConflictValue
from upr.model.provenance import FieldSource
from upr.model.recommendations import (
    ActionCategory,
    Recommendation,
    Response,
    recommendation_id,
)
from upr.model.reviews import Document, Review
from upr.model.tracking import Agency, Assessment, ImplementationStatus
from upr.render import html

VOID = {"br", "hr", "img", "col", "wbr", "input", "meta", "link", "source", "area", "base"}


class _Checker(HTMLParser):
    """Records tags and fails on unbalanced ones."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[str] = []
        self.attributes: list[str] = []
        self.text: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.extend(name for name, _ in attrs)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def check_fragment(fragment: str) -> _Checker:
    """Parse ``fragment``, assert its tags balance and nothing active is in it."""
    checker = _Checker()
    checker.feed(fragment)
    checker.close()
    assert not checker.errors, checker.errors
    assert not checker.stack, f"unclosed tags: {checker.stack}"
    assert checker.tags[0] == "div"
    forbidden = {"script", "style", "link", "iframe", "img", "object", "embed"} & set(checker.tags)
    assert not forbidden, forbidden
    lowered = fragment.lower()
    assert "http://" not in lowered
    assert "https://" not in lowered
    assert set(checker.attributes) <= {"style", "title", "scope"}, set(checker.attributes)
    return checker


def visible_text(fragment: str) -> str:
    """The text a reader sees (entities decoded), whitespace collapsed."""
    return " ".join(" ".join(check_fragment(fragment).text).split())


@pytest.fixture(scope="module")
def dossier() -> upr.Dataset:
    return upr.datasets.viet_nam()


def make_rec(text: str, **changes: Any) -> Recommendation:
    """A recommendation of Viet Nam's second review with the given text."""
    rec = Recommendation(
        id=recommendation_id(symbol=None, paragraph=None, review="UPR-VNM-2", text=text),
        text=text,
        review="UPR-VNM-2",
        mechanism="UPR",
        state_under_review="VNM",
        cycle=2,
        session=18,
    )
    return attrs.evolve(rec, **changes)


# -- dataset -------------------------------------------------------------------
def test_dataset_html_shows_real_counts(dossier: upr.Dataset) -> None:
    fragment = html.dataset_html(dossier)
    text = visible_text(fragment)
    assert "Viet Nam" in text
    assert f"{len(dossier):,} recommendations" in text
    supported = sum(1 for r in dossier if r.response is not None and r.response.supported)
    noted = sum(1 for r in dossier if r.response is not None and r.response.value.value == "noted")
    assert f"supported {supported} {100 * supported / len(dossier):.1f}%" in text
    assert f"noted {noted} {100 * noted / len(dossier):.1f}%" in text
    # cycles with years, per-cycle counts from the data
    cycle_2 = sum(1 for r in dossier if r.cycle == 2)
    assert f"UPR cycle 2 (2012-2016) {cycle_2}" in text
    assert f"conflicts {len(dossier.conflicts)}" in text
    assert f"reviews {len(dossier.reviews)}" in text
    recommending = {c for r in dossier for c in r.recommending_states}
    assert f"recommending states {len(recommending)}" in text
    # the first recommendations are listed, the rest counted
    first = dossier.recommendations[0]
    assert first.id in text
    assert f"{len(dossier) - html.DATASET_ROWS:,} more recommendations" in text


def test_dataset_html_lists_first_rows_only(dossier: upr.Dataset) -> None:
    fragment = html.dataset_html(dossier, rows=3)
    text = visible_text(fragment)
    for rec in dossier.recommendations[:3]:
        assert rec.id in text
    assert dossier.recommendations[3].id not in text
    assert f"{len(dossier) - 3:,} more recommendations" in text


def test_dataset_html_truncates_long_texts(dossier: upr.Dataset) -> None:
    long = next(r for r in dossier if len(r.text) > html.TEXT_CHARS + 20)
    subset = upr.Dataset(recommendations=[long])
    fragment = html.dataset_html(subset)
    text = visible_text(fragment)
    assert long.text not in text
    assert long.text[:60] in text
    assert "…" in text
    # the full text stays available as a tooltip
    assert escape(long.text) in fragment
    assert "more recommendations" not in text


def test_dataset_html_empty() -> None:
    fragment = html.dataset_html(upr.Dataset())
    text = visible_text(fragment)
    assert "empty" in text
    assert "recommendations 0" in text
    assert "<table" in fragment
    assert "more recommendations" not in text


def test_dataset_html_tracking_and_no_response() -> None:
    rec = make_rec("Ratify the Optional Protocol to the Convention against Torture")
    ds = upr.Dataset(
        recommendations=[rec],
        agencies=[Agency("MPS", "Ministry of Public Security", "VNM")],
        assessments=[
            Assessment(
                rec.id,
                dt.date(2016, 1, 1),
                "Government",
                ImplementationStatus.PARTIALLY_IMPLEMENTED,
            )
        ],
        conflicts=[
            Conflict(
                rec.id,
                "text",
                (
                    ConflictValue("a", (FieldSource("uprinfo-csv", Location("x.csv", row=2)),)),
                    ConflictValue("b", (FieldSource("wg-report-txt", Location("y.txt")),)),
                ),
            )
        ],
    )
    text = visible_text(html.dataset_html(ds))
    assert "tracking records 2 (1 agency, 1 assessment)" in text
    assert "no response 1 100.0%" in text
    assert "conflicts 1" in text


def test_repr_html_delegates(dossier: upr.Dataset) -> None:
    rec = dossier.recommendations[0]
    review = dossier.reviews[0]
    table = upr.compute(dossier, "count", by=["cycle"])
    assert dossier._repr_html_() == html.dataset_html(dossier)
    assert rec._repr_html_() == html.recommendation_html(rec)
    assert review._repr_html_() == html.review_html(review)
    assert table._repr_html_() == html.table_html(table)


def test_dataset_html_size_does_not_grow_with_the_dataset(dossier: upr.Dataset) -> None:
    """30 copies of the dossier (11k records): counts only, the listing stays capped.

    (Its speed is measured in benchmarks, not here: docs/performance.md.)"""
    recs = [
        attrs.evolve(r, id=f"{r.id}/{copy}", cycle=r.cycle + 2 * (copy % 2))
        for copy in range(30)
        for r in dossier
    ]
    big = upr.Dataset(recommendations=recs)
    fragment = html.dataset_html(big)
    assert f"{len(recs):,} recommendations" in visible_text(fragment)
    assert len(fragment) < 60_000


# -- review --------------------------------------------------------------------
def test_review_html_real_review(dossier: upr.Dataset) -> None:
    review = dossier.review("UPR-VNM-2")
    assert review is not None
    text = visible_text(html.review_html(review))
    assert "Viet Nam" in text
    assert "Universal Periodic Review" in text
    assert "UPR cycle 2 (2012-2016)" in text
    assert f"Working Group session {review.session}" in text
    assert f"Human Rights Council session {review.hrc_session}" in text
    assert review.start is not None
    assert review.start.isoformat() in text
    for document in review.documents:
        assert document.symbol in text
        assert document.kind.value in text


def test_review_html_without_details() -> None:
    review = Review("CAT", "VNM", 1, documents=(Document.from_symbol("CAT/C/VNM/CO/1"),))
    text = visible_text(html.review_html(review))
    assert "Committee against Torture" in text
    assert "CAT report 1" in text
    assert "CAT/C/VNM/CO/1" in text
    assert "concluding observations" in text


def test_review_html_unknown_codes_are_escaped() -> None:
    review = Review("SR <b>x</b>", "<i>", 1)
    fragment = html.review_html(review)
    check_fragment(fragment)
    assert "<b>" not in fragment
    assert "<i>" not in fragment
    assert "&lt;i&gt;" in fragment


# -- recommendation ------------------------------------------------------------
def test_recommendation_html_real_record(dossier: upr.Dataset) -> None:
    rec = dossier["A/HRC/12/11:99.37"]
    text = visible_text(html.recommendation_html(rec))
    assert " ".join(rec.text.split()) in text  # full text, not truncated
    assert "Viet Nam (VNM)" in text
    assert "Morocco (MAR)" in text
    assert "UPR cycle 1 (2008-2011)" in text
    assert rec.response is not None
    assert rec.response.raw[:40] in text
    assert "2 – Continuing action" in text
    assert "Goal 5 Gender equality: 5.2" in text
    assert text.index("Goal 5") < text.index("Goal 8") < text.index("Goal 16")
    assert "A/HRC/12/11 para 99.37" in text
    for entry in rec.provenance:  # each source, where in it, and the fields it gave
        assert f"{entry} {', '.join(entry.fields)}" in text
    for theme in rec.themes:
        assert escape(theme) in html.recommendation_html(rec)


def test_recommendation_html_treaties_and_no_response() -> None:
    rec = make_rec(
        "Ratify the Optional Protocol to the Convention against Torture",
        treaties=("OP-CAT",),
        recommending_states=("DNK", "FRA"),
        action_category=ActionCategory.SPECIFIC,
        provenance=(
            FieldSource("upr-jsonl", Location("test.jsonl", line=1)),
            FieldSource("uprinfo-csv", Location("17-20.csv", row=12), ("themes", "response")),
        ),
    )
    text = visible_text(html.recommendation_html(rec))
    assert "OP-CAT" in text
    assert "Denmark (DNK)" in text
    assert "France (FRA)" in text
    assert "no response" in text
    assert "5 – Specific action" in text
    assert "upr-jsonl: test.jsonl, line 1 all fields" in text
    assert "uprinfo-csv: 17-20.csv, row 12 response, themes" in text


# -- escaping ------------------------------------------------------------------
HOSTILE = '<script>alert("x")</script> & <img src=x onerror=alert(1)> "quoted"'


def test_hostile_text_is_escaped_everywhere() -> None:
    rec = make_rec(
        HOSTILE,
        themes=(HOSTILE,),
        recommending_states=("<b>bad</b>",),
        response=Response.parse("Supported", source=HOSTILE),
        provenance=(FieldSource(HOSTILE, Location(HOSTILE, symbol=HOSTILE), (HOSTILE,)),),
        symbol=HOSTILE,
        paragraph="1",
    )
    dataset = upr.Dataset(recommendations=[rec])
    table = Table("m<script>", CountUnit.OTHER, ("x",), ("x", "v"), ((HOSTILE, 1.5),))
    for fragment in (
        html.dataset_html(dataset),
        html.recommendation_html(rec),
        html.table_html(table),
    ):
        checker = check_fragment(fragment)
        assert "<script" not in fragment
        assert "<img" not in fragment
        assert "<b>bad" not in fragment
        assert "&lt;script&gt;" in fragment
        assert "script" not in checker.tags
    assert HOSTILE in visible_text(html.recommendation_html(rec))


def test_tooltips_cannot_break_out_of_attributes() -> None:
    text = 'x" onmouseover="alert(1)' * 20
    fragment = html.dataset_html(upr.Dataset(recommendations=[make_rec(text)]))
    check_fragment(fragment)
    assert 'onmouseover="' not in fragment


# -- metric tables -------------------------------------------------------------
def test_table_html_real_metric(dossier: upr.Dataset) -> None:
    table = upr.compute(dossier, "responses", by=["cycle"])
    text = visible_text(html.table_html(table))
    assert "responses" in text
    assert table.unit.value in text
    assert "by cycle" in text
    for column in table.columns:
        assert column in text
    row = table.to_records()[0]
    assert f"{row['recommendations']:,}" in text
    assert f"{row['support_rate']:.4f}" in text


def test_table_html_caps_rows(dossier: upr.Dataset) -> None:
    table = upr.compute(dossier, "count", by=["recommending_state"])
    assert len(table.rows) > html.TABLE_ROWS
    fragment = html.table_html(table)
    text = visible_text(fragment)
    assert fragment.count("<tr>") == html.TABLE_ROWS + 1  # header row
    assert f"{html.TABLE_ROWS} of {len(table.rows)} rows shown" in text
    assert str(table.rows[html.TABLE_ROWS][0]) not in text


def test_table_html_empty_and_ragged() -> None:
    empty = Table("count", CountUnit.PARAGRAPHS, (), ("recommendations",), ())
    assert "no rows" in visible_text(html.table_html(empty))
    ragged = Table("odd", CountUnit.OTHER, ("a",), ("a", "b", "c"), (("x",), ("y", 1, 2, 3)))
    text = visible_text(html.table_html(ragged))
    assert "x" in text
    assert "y 1 2" in text
    assert "3" not in text.split("y 1 2")[1]


def test_table_html_cells_are_truncated() -> None:
    table = Table("long", CountUnit.OTHER, (), ("v",), (("word " * 200,), (None,), ((1, 2),)))
    text = visible_text(html.table_html(table))
    assert "…" in text
    assert len(text) < 2 * html.CELL_CHARS + 200
    assert "1, 2" in text


# -- every real object renders -------------------------------------------------
def test_every_dossier_object_renders_valid_html(dossier: upr.Dataset) -> None:
    for rec in dossier:
        check_fragment(html.recommendation_html(rec))
    for review in dossier.reviews:
        check_fragment(html.review_html(review))
    for name in ("count", "responses", "themes", "sdg-targets", "action-categories"):
        check_fragment(html.table_html(upr.compute(dossier, name, by=["cycle"])))
    check_fragment(html.dataset_html(dossier))
