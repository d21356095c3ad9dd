"""National implementation tracking: as-of logic, disagreements, rates, follow-up
grades, validation, mid-term tables, the tracking-sheet importer/exporter and CLI.

Every tracking record here (assignments, actions, statuses, dates, assessors) is
SYNTHETIC test input; the recommendations are the real A/HRC/26/6 slice of
``vnm2014.py`` and the agency names come from the seed article (see
``tests/data/tracking/SOURCE.md``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import shutil
import tempfile
from pathlib import Path
from typing import Any

import attrs
import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import upr
from importer_checks import assert_balanced, other_test_files, read_robustly
from upr import tracking
from upr.errors import DataError
from upr.io.importing import Confidence, Source
from upr.io.safety import neutralise_cell, restore_cell
from upr.model.tracking import (
    Action,
    Agency,
    AgencyKind,
    Assessment,
    AssessorKind,
    Assignment,
    AssignmentRole,
    ImplementationPlan,
    ImplementationStatus,
)
from upr_plugins import tracking_sheet
from vnm2014 import DATASET, RECOMMENDATIONS, REVIEW

S = ImplementationStatus
LEAD, SUPPORTING = AssignmentRole.LEAD, AssignmentRole.SUPPORTING
R10, R12, R13, R15, R198 = (r.id for r in RECOMMENDATIONS)
DATA = Path(__file__).resolve().parent / "data"
FIXTURES = DATA / "tracking"
XLSX = FIXTURES / "vnm2-mps-tracking.xlsx"
CSV = FIXTURES / "vnm2-mps-tracking.csv"
FORMAT = "tracking-sheet"
IMPORTER = tracking_sheet.TrackingSheetImporter()

MPS = Agency(
    "VNM-MPS", "Ministry of Public Security", "VNM", AgencyKind.MINISTRY, None, ("Bo Cong an",)
)
FRD = Agency(
    "VNM-MPS-FRD",
    "Foreign Relations Department, Ministry of Public Security",
    "VNM",
    AgencyKind.DEPARTMENT,
    "VNM-MPS",
    ("Cuc Doi ngoai",),
)
MOFA = Agency(
    "VNM-MOFA", "Ministry of Foreign Affairs", "VNM", AgencyKind.MINISTRY, None, ("Bo Ngoai giao",)
)
GOV = "Ministry of Public Security"
NGO = "Example NGO (synthetic)"
CAT = "implementing CAT"
SYNTHETIC = "SYNTHETIC test fixture (tests/data/tracking/SOURCE.md)"
DOSSIER = "Prepare the dossier for the ratification of CAT (synthetic)"
D = dt.date

FUZZ = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def gov(rec: str, day: dt.date, status: ImplementationStatus, **kw: Any) -> Assessment:
    return Assessment(rec, day, GOV, status, **kw)


def ngo(rec: str, day: dt.date, status: ImplementationStatus, **kw: Any) -> Assessment:
    return Assessment(rec, day, NGO, status, AssessorKind.NGO, **kw)


# -- statuses and follow-up grades ---------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "status"),
    [
        ("Fully implemented", S.FULLY_IMPLEMENTED),
        ("implemented", S.FULLY_IMPLEMENTED),
        ("PARTIALLY IMPLEMENTED", S.PARTIALLY_IMPLEMENTED),
        ("in progress", S.IN_PROGRESS),
        ("ongoing", S.IN_PROGRESS),
        ("not implemented", S.NOT_STARTED),
        ("not started", S.NOT_STARTED),
        ("not assessed", S.NOT_ASSESSED),
        ("thực hiện một phần", S.PARTIALLY_IMPLEMENTED),
        ("đã thực hiện", S.FULLY_IMPLEMENTED),
        ("đang thực hiện", S.IN_PROGRESS),
        ("chưa thực hiện", S.NOT_STARTED),
    ],
)
def test_status_labels(label: str, status: ImplementationStatus) -> None:
    assert tracking.parse_status(label) is status


def test_unknown_status_lists_the_statuses() -> None:
    with pytest.raises(upr.UnknownNameError, match="unknown implementation status 'done-ish'"):
        tracking.parse_status("done-ish")


@pytest.mark.parametrize(
    ("grade", "status"),
    [
        ("A", S.FULLY_IMPLEMENTED),
        ("B", S.PARTIALLY_IMPLEMENTED),
        ("B1", S.PARTIALLY_IMPLEMENTED),
        ("B2", S.PARTIALLY_IMPLEMENTED),
        ("C", S.NOT_STARTED),
        ("C1", S.NOT_STARTED),
        ("C2", S.NOT_STARTED),
        ("D", S.NOT_ASSESSED),
        ("D1", S.NOT_ASSESSED),
        ("D2", S.NOT_ASSESSED),
        ("E", S.NOT_STARTED),
    ],
)
def test_follow_up_grades_map_to_statuses(grade: str, status: ImplementationStatus) -> None:
    assert tracking.parse_grade(grade).status is status
    assert tracking.parse_grade(grade).legacy is (len(grade) == 2)
    made = tracking.follow_up_assessment("CCPR/C/VNM/CO/3:12", D(2021, 3, 1), grade)
    assert (made.status, made.grade, made.assessor_kind) == (status, grade, AssessorKind.UN_BODY)
    assert made.assessor == "Human Rights Committee"


def test_grades_are_kept_verbatim_and_read_loosely() -> None:
    assert tracking.parse_grade("b 1").code == "B1"
    assert tracking.parse_grade("Grade C2").code == "C2"
    made = tracking.follow_up_assessment("x", D(2020, 1, 1), " b1 ")
    assert made.grade == "b1"
    assert tracking.parse_status_or_grade("B2") == (S.PARTIALLY_IMPLEMENTED, "B2")
    assert tracking.parse_status_or_grade("ongoing") == (S.IN_PROGRESS, None)


@pytest.mark.parametrize("bad", ["C3", "F", "A3", "", "B12"])
def test_unknown_grades(bad: str) -> None:
    with pytest.raises(upr.UnknownNameError, match="follow-up grade"):
        tracking.parse_grade(bad)
    with pytest.raises(upr.UnknownNameError, match="status or follow-up grade"):
        tracking.parse_status_or_grade(bad or "?")


def test_grades_take_part_in_the_as_of_logic() -> None:
    graded = [
        tracking.follow_up_assessment("r", D(2019, 7, 1), "C"),
        tracking.follow_up_assessment("r", D(2021, 7, 1), "B"),
    ]
    assert tracking.status_as_of(graded, "r", D(2020, 1, 1)).status is S.NOT_STARTED
    view = tracking.status_as_of(graded, "r")
    assert view.status is S.PARTIALLY_IMPLEMENTED
    assert view.describe() == "partially implemented"
    assert view.assessments[0].grade == "B"


# -- status as of a date -------------------------------------------------------------------


def test_latest_assessment_at_or_before_the_date() -> None:
    history = [
        gov("r", D(2015, 12, 31), S.FULLY_IMPLEMENTED),
        gov("r", D(2014, 12, 31), S.IN_PROGRESS),
    ]
    assert tracking.status_as_of(history, "r", D(2014, 12, 30)).status is S.NOT_ASSESSED
    assert tracking.status_as_of(history, "r", D(2014, 12, 31)).status is S.IN_PROGRESS
    assert tracking.status_as_of(history, "r", D(2015, 12, 30)).status is S.IN_PROGRESS
    assert tracking.status_as_of(history, "r", D(2015, 12, 31)).status is S.FULLY_IMPLEMENTED
    assert tracking.status_as_of(history, "r").assessments == (history[0],)
    assert tracking.status_as_of(history, "other").assessments == ()


def test_not_assessed_withdraws_an_assessors_judgement() -> None:
    history = [
        ngo("r", D(2016, 1, 1), S.PARTIALLY_IMPLEMENTED),
        ngo("r", D(2017, 1, 1), S.NOT_ASSESSED),
        gov("r", D(2016, 6, 1), S.FULLY_IMPLEMENTED),
    ]
    assert tracking.status_as_of(history, "r", D(2016, 12, 31)).disagreement
    later = tracking.status_as_of(history, "r", D(2017, 12, 31))
    assert not later.disagreement
    assert later.status is S.FULLY_IMPLEMENTED
    assert len(later.assessments) == 2  # the NGO's "not assessed" is still shown


def test_assessor_filter_and_dataset_input() -> None:
    history = (gov(R10, D(2015, 1, 1), S.IN_PROGRESS), ngo(R10, D(2015, 2, 1), S.NOT_STARTED))
    ds = upr.Dataset(RECOMMENDATIONS, assessments=history)
    assert tracking.status_as_of(ds, R10, assessor=NGO).status is S.NOT_STARTED
    assert tracking.status_as_of(ds, R10, assessor=GOV).status is S.IN_PROGRESS
    assert tracking.status_as_of(ds, R10).status is None


RECS = st.sampled_from(["r1", "r2", "r3"])
ASSESSORS = st.sampled_from(["gov", "nhri", "ngo"])
DATES = st.dates(min_value=D(2010, 1, 1), max_value=D(2030, 12, 31))
assessments = st.builds(
    Assessment,
    recommendation=RECS,
    date=DATES,
    assessor=ASSESSORS,
    status=st.sampled_from(ImplementationStatus),
)


@FUZZ
@given(st.lists(assessments, max_size=12), DATES, st.data())
def test_a_later_assessment_never_changes_the_status_as_of_an_earlier_date(
    history: list[Assessment], day: dt.date, data: st.DataObject
) -> None:
    later = data.draw(
        st.builds(
            Assessment,
            recommendation=RECS,
            date=st.dates(min_value=day + dt.timedelta(days=1), max_value=D(2031, 1, 1)),
            assessor=ASSESSORS,
            status=st.sampled_from(ImplementationStatus),
        )
    )
    for rec in ("r1", "r2", "r3"):
        assert tracking.status_as_of(history, rec, day) == tracking.status_as_of(
            [*history, later], rec, day
        )
    ids = ["r1", "r2", "r3"]
    assert tracking.implementation_rate(history, day, recommendations=ids) == (
        tracking.implementation_rate([*history, later], day, recommendations=ids)
    )
    assert tracking.disagreements(history, day) == tracking.disagreements([*history, later], day)


@FUZZ
@given(st.lists(assessments, max_size=12), st.none() | DATES, st.randoms(use_true_random=False))
def test_as_of_does_not_depend_on_order_and_bulk_equals_single(
    history: list[Assessment], day: dt.date | None, rnd: random.Random
) -> None:
    shuffled = list(history)
    rnd.shuffle(shuffled)
    bulk = tracking.statuses_as_of(history, day, recommendations=["r1", "r2", "r3"])
    assert bulk == tracking.statuses_as_of(shuffled, day, recommendations=["r1", "r2", "r3"])
    for rec, view in bulk.items():
        assert view == tracking.status_as_of(history, rec, day)
        assert all(day is None or a.date <= day for a in view.assessments)
        assert len({a.assessor for a in view.assessments}) == len(
            {(a.assessor, a.date) for a in view.assessments}
        )  # one date per assessor: its latest
        row = dict(zip(tracking.RATE_COLUMNS, tracking.rate_values([view]), strict=True))
        status_columns = ("fully implemented", "partially implemented", "in progress")
        assert row["assessed"] == sum(row[c] for c in (*status_columns, "not started", "disputed"))
        assert row["assessed"] + row["not assessed"] == row["recommendations"] == 1


def test_same_day_assessments_of_one_assessor_are_all_kept() -> None:
    day = D(2016, 1, 1)
    history = [gov("r", day, S.IN_PROGRESS), gov("r", day, S.PARTIALLY_IMPLEMENTED)]
    view = tracking.status_as_of(history, "r")
    assert len(view.assessments) == 2
    assert view.disagreement
    assert view.score == 0.25  # (0 + 0.5) / 2 within the assessor


# -- the disagreement rule -----------------------------------------------------------------


def test_disagreeing_assessors_are_all_kept_and_reported() -> None:
    history = [
        gov(R13, D(2015, 12, 31), S.FULLY_IMPLEMENTED),
        ngo(R13, D(2016, 6, 30), S.PARTIALLY_IMPLEMENTED),
    ]
    before = tracking.status_as_of(history, R13, D(2016, 1, 1))
    assert (before.status, before.disagreement) == (S.FULLY_IMPLEMENTED, False)
    view = tracking.status_as_of(history, R13, D(2016, 12, 31))
    assert view.status is None
    assert view.disagreement
    assert {a.assessor for a in view.assessments} == {GOV, NGO}
    assert view.describe() == (
        f"disputed: {NGO} says partially implemented (2016-06-30);"
        f" {GOV} says fully implemented (2015-12-31)"
    )
    assert view.score == 0.75
    found = tracking.disagreements(history, D(2016, 12, 31))
    assert [d.recommendation for d in found] == [R13]
    assert str(found[0]).startswith(f"{R13} (as of 2016-12-31): {NGO} says partially implemented")
    assert tracking.disagreements(history, D(2016, 1, 1)) == ()
    # the NGO comes round: the disagreement ends, nothing was overwritten
    settled = [*history, ngo(R13, D(2017, 6, 30), S.FULLY_IMPLEMENTED)]
    assert tracking.status_as_of(settled, R13).status is S.FULLY_IMPLEMENTED
    assert tracking.status_as_of(settled, R13, D(2016, 12, 31)).disagreement


# -- rates and the index, computed by hand --------------------------------------------------

PLAN = ImplementationPlan(
    "synthetic-plan",
    "VNM",
    REVIEW.id,
    "synthetic test plan",
    assignments=(
        Assignment(R10, MPS.id, LEAD, CAT),
        Assignment(R10, MOFA.id, SUPPORTING, CAT),
        Assignment(R12, MPS.id, LEAD, CAT),
        Assignment(R13, FRD.id, LEAD, CAT),
        Assignment(R198, MOFA.id, LEAD),
    ),
)
HISTORY = (
    gov(R10, D(2014, 12, 31), S.IN_PROGRESS),
    gov(R10, D(2015, 12, 31), S.FULLY_IMPLEMENTED),
    gov(R12, D(2015, 12, 31), S.FULLY_IMPLEMENTED),
    gov(R13, D(2015, 12, 31), S.FULLY_IMPLEMENTED),
    ngo(R13, D(2016, 6, 30), S.PARTIALLY_IMPLEMENTED),
    gov(R198, D(2016, 6, 30), S.NOT_STARTED),
    ngo(R198, D(2016, 6, 30), S.NOT_ASSESSED),
)
TRACKED = upr.Dataset(
    RECOMMENDATIONS,
    [REVIEW],
    agencies=[MPS, FRD, MOFA],
    plans=[PLAN],
    assessments=HISTORY,
    actions=[Action("a1", DOSSIER, (MPS.id, MOFA.id), (R10, R12))],
)


def rates(*values: Any) -> dict[str, Any]:
    return dict(zip(tracking.RATE_COLUMNS, values, strict=True))


#        recs assessed fully part prog not disp n/a  rate   p.rate index
LATEST = rates(5, 4, 2, 0, 0, 1, 1, 1, 0.5, 0.0, 0.6875)  # (1 + 1 + 0.75 + 0) / 4
MID_2015 = rates(5, 1, 0, 0, 1, 0, 0, 4, 0.0, 0.0, 0.0)


def test_rate_over_all_recommendations() -> None:
    assert tracking.implementation_rate(TRACKED).to_records() == [LATEST]
    assert tracking.implementation_rate(TRACKED, D(2015, 6, 30)).to_records() == [MID_2015]
    assert tracking.implementation_index(TRACKED) == 0.6875
    assert tracking.implementation_index(TRACKED, D(2015, 6, 30)) == 0.0
    assert tracking.implementation_index(TRACKED, D(2014, 1, 1)) is None


def test_rate_by_agency_lead_agency_group_assessor_review() -> None:
    def table(by: Any) -> list[dict[str, Any]]:
        return tracking.implementation_rate(TRACKED, by=by).to_records()

    assert table("agency") == [
        {"agency": MOFA.id, **rates(2, 2, 1, 0, 0, 1, 0, 0, 0.5, 0.0, 0.5)},
        {"agency": MPS.id, **rates(2, 2, 2, 0, 0, 0, 0, 0, 1.0, 0.0, 1.0)},
        {"agency": FRD.id, **rates(1, 1, 0, 0, 0, 0, 1, 0, 0.0, 0.0, 0.75)},
        {"agency": None, **rates(1, 0, 0, 0, 0, 0, 0, 1, None, None, None)},
    ]
    assert [(r["lead_agency"], r["recommendations"]) for r in table("lead_agency")] == [
        (MOFA.id, 1),
        (MPS.id, 2),
        (FRD.id, 1),
        (None, 1),
    ]
    assert table("group") == [
        {"group": CAT, **rates(3, 3, 2, 0, 0, 0, 1, 0, 0.6667, 0.0, 0.9167)},
        {"group": None, **rates(2, 1, 0, 0, 0, 1, 0, 1, 0.0, 0.0, 0.0)},
    ]
    assert table("assessor") == [
        {"assessor": NGO, **rates(2, 1, 0, 1, 0, 0, 0, 1, 0.0, 1.0, 0.5)},
        {"assessor": GOV, **rates(4, 4, 3, 0, 0, 1, 0, 0, 0.75, 0.0, 0.75)},
        {"assessor": None, **rates(1, 0, 0, 0, 0, 0, 0, 1, None, None, None)},
    ]
    assert table("review") == [{"review": REVIEW.id, **LATEST}]
    pairs = [(r["group"], r["agency"], r["recommendations"]) for r in table(("group", "agency"))]
    assert pairs == [
        (CAT, MOFA.id, 1),
        (CAT, MPS.id, 2),
        (CAT, FRD.id, 1),
        (None, MOFA.id, 1),
        (None, None, 1),
    ]


def test_rate_of_given_recommendations_and_of_bare_assessments() -> None:
    got = tracking.implementation_rate(TRACKED, recommendations=[R10, R12]).to_records()
    assert got == [rates(2, 2, 2, 0, 0, 0, 0, 0, 1.0, 0.0, 1.0)]
    bare = tracking.implementation_rate(HISTORY).to_records()[0]  # universe: assessed ids
    assert (bare["recommendations"], bare["assessed"], bare["disputed"]) == (4, 4, 1)


def test_unknown_dimension() -> None:
    with pytest.raises(upr.UnknownNameError, match="unknown tracking dimension 'colour'"):
        tracking.implementation_rate(TRACKED, by="colour")


def test_implementation_metric_uses_the_as_of_logic() -> None:
    table = upr.compute(TRACKED, "implementation")
    assert table.columns == tracking.RATE_COLUMNS
    assert table.to_records() == [LATEST]
    by_agency = upr.compute(TRACKED, "implementation", by="agency").to_records()
    assert by_agency[0] == {
        "agency": MOFA.id,
        **rates(2, 2, 1, 0, 0, 1, 0, 0, 0.5, 0.0, 0.5),
    }
    from upr_plugins.metrics import Implementation

    mid = Implementation(as_of=D(2015, 6, 30)).compute(TRACKED)
    assert mid.to_records() == [MID_2015]


# -- validation -------------------------------------------------------------------------------


def test_validate_reports_unknown_ids_agencies_second_leads_and_future_dates() -> None:
    bad_plan = ImplementationPlan(
        "p2",
        "VNM",
        REVIEW.id,
        "second plan",
        assignments=(
            Assignment(R10, MOFA.id, LEAD, provenance="sheet.xlsx row 9"),
            Assignment("A/HRC/26/6:143.999", MPS.id, LEAD),
            Assignment(R15, "VNM-NOPE", SUPPORTING),
        ),
    )
    ds = attrs.evolve(
        TRACKED,
        plans=(PLAN, bad_plan),
        assessments=(*HISTORY, gov(R12, D(2999, 1, 1), S.FULLY_IMPLEMENTED)),
        actions=(Action("a2", "x", ("VNM-NOPE",), ("A/HRC/26/6:1",)),),
    )
    problems = tracking.validate(ds, today=D(2020, 1, 1))
    assert [(p.record, p.field, p.reason, p.where) for p in problems] == [
        (
            f"assignment {R10} -> VNM-MOFA (plan p2)",
            "role",
            f"a second lead agency: 'VNM-MPS' already leads {R10}",
            "sheet.xlsx row 9",
        ),
        (
            "assignment A/HRC/26/6:143.999 -> VNM-MPS (plan p2)",
            "recommendation",
            "unknown recommendation id 'A/HRC/26/6:143.999'",
            None,
        ),
        (f"assignment {R15} -> VNM-NOPE (plan p2)", "agency", "unknown agency 'VNM-NOPE'", None),
        ("action a2", "recommendations", "unknown recommendation id 'A/HRC/26/6:1'", None),
        ("action a2", "agencies", "unknown agency 'VNM-NOPE'", None),
        (
            f"assessment {R12} by {GOV} on 2999-01-01",
            "date",
            "dated 2999-01-01, after today (2020-01-01)",
            None,
        ),
    ]
    assert str(problems[0]) == (
        f"assignment {R10} -> VNM-MOFA (plan p2) (sheet.xlsx row 9), field 'role':"
        f" a second lead agency: 'VNM-MPS' already leads {R10}"
    )
    assert tracking.validate(TRACKED) == ()


# -- mid-term report tables ------------------------------------------------------------------


def test_midterm_report_groups_by_thematic_group_and_agency(tmp_path: Path) -> None:
    report = tracking.midterm_report(TRACKED, REVIEW.id)
    detail = report.detail.to_records()
    assert [(r["thematic group"], r["agency"], r["recommendation id"]) for r in detail] == [
        (CAT, FRD.name, R13),
        (CAT, MOFA.name, R10),
        (CAT, MPS.name, R10),
        (CAT, MPS.name, R12),
        (tracking.NO_GROUP, MOFA.name, R198),
        (tracking.NO_GROUP, tracking.NOT_ASSIGNED, R15),
    ]
    assert detail[0]["status"].startswith("disputed: Example NGO (synthetic) says partially")
    assert detail[1]["role"] == "supporting"
    assert detail[1]["actions"] == DOSSIER
    assert detail[2]["status"] == "fully implemented"
    assert detail[2]["assessments"] == f"{GOV}: fully implemented (2015-12-31)"
    assert detail[5]["status"] == "not assessed"
    assert detail[5]["response"] == "noted"
    summary = [
        (r["thematic group"], r["agency"], *list(r.values())[2:])
        for r in report.summary.to_records()
    ]
    assert summary == [
        (CAT, FRD.name, "1", "1", "0", "0", "0", "0", "1", "0", "0", "0", "0.75"),
        (CAT, MOFA.name, "1", "1", "1", "0", "0", "0", "0", "0", "1", "0", "1"),
        (CAT, MPS.name, "2", "2", "2", "0", "0", "0", "0", "0", "1", "0", "1"),
        (tracking.NO_GROUP, MOFA.name, "1", "1", "0", "0", "0", "1", "0", "0", "0", "0", "0"),
        (
            tracking.NO_GROUP,
            tracking.NOT_ASSIGNED,
            "1",
            "0",
            "0",
            "0",
            "0",
            "0",
            "0",
            "1",
            "-",
            "-",
            "-",
        ),
    ]

    earlier = tracking.midterm_report(TRACKED, REVIEW.id, D(2015, 6, 30)).detail.to_records()
    assert earlier[2]["status"] == "in progress"

    markdown = report.to_markdown()
    assert markdown.startswith(f"# Implementation of the recommendations of {REVIEW.id}")
    assert f"## {CAT}\n\n### {FRD.name}\n\n| role | recommendation id |" in markdown
    assert "Status: latest assessments." in markdown

    report.write(tmp_path / "midterm.csv")
    raw = (tmp_path / "midterm.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert tuple(rows[0]) == tracking.DETAIL_COLUMNS
    # written through upr.io.tables: a cell starting with a formula trigger gets an apostrophe
    assert [tuple(r) for r in rows[1:]] == [
        tuple(neutralise_cell(c) for c in r) for r in report.detail.rows
    ]
    assert report.detail.rows[0][-1] == "-" and rows[1][-1] == "'-"
    assert [tuple(restore_cell(c) for c in r) for r in rows[1:]] == list(report.detail.rows)

    report.write(tmp_path / "midterm.xlsx")
    book = openpyxl.load_workbook(tmp_path / "midterm.xlsx", read_only=True)
    assert book.sheetnames == ["summary", "recommendations"]
    sheet_rows = list(book["recommendations"].iter_rows(values_only=True))
    assert sheet_rows[0] == tracking.DETAIL_COLUMNS
    assert sheet_rows[1:] == list(report.detail.rows)
    assert list(book["summary"].iter_rows(values_only=True))[1:] == list(report.summary.rows)
    book.close()

    report.write(tmp_path / "midterm.md")
    assert (tmp_path / "midterm.md").read_text(encoding="utf-8") == markdown
    with pytest.raises(upr.UprError, match=r"\.csv, \.xlsx or \.md"):
        report.write(tmp_path / "midterm.pdf")
    assert not list(tmp_path.glob(".*.tmp"))


def test_markdown_cells_are_escaped() -> None:
    table = tracking.TrackingTable("t", ("a", "b"), (("x|y", "line\nbreak"),))
    assert table.to_markdown().splitlines()[-1] == "| x\\|y | line<br>break |"


# -- the tracking sheet: the synthetic fixture -----------------------------------------------


def strip(records: Any) -> set[Any]:
    """Records without provenance (not part of the value anyway) and action ids."""
    return {
        attrs.evolve(item, id="", provenance=None) if isinstance(item, Action) else item
        for item in records
    }


EXPECTED_ASSIGNMENTS = {
    Assignment(R10, MPS.id, LEAD, CAT),
    Assignment(R10, MOFA.id, SUPPORTING, CAT),
    Assignment(R12, MPS.id, LEAD, CAT),
    Assignment(R13, FRD.id, LEAD, CAT),
}
EXPECTED_ACTIONS = {Action("", DOSSIER, (MOFA.id, MPS.id), (R10, R12))}
EXPECTED_ASSESSMENTS = {
    gov(R10, D(2014, 12, 31), S.IN_PROGRESS, source=SYNTHETIC),
    gov(R10, D(2015, 12, 31), S.FULLY_IMPLEMENTED, source=SYNTHETIC),
    gov(R12, D(2015, 12, 31), S.FULLY_IMPLEMENTED, source=SYNTHETIC),
    gov(R13, D(2015, 12, 31), S.FULLY_IMPLEMENTED, source=SYNTHETIC),
    ngo(
        R13,
        D(2016, 6, 30),
        S.PARTIALLY_IMPLEMENTED,
        source=SYNTHETIC,
        note="synthetic: implementing legislation pending",
    ),
}


@pytest.fixture(scope="module")
def sheet() -> upr.ImportResult:
    return upr.read(XLSX, format=FORMAT, errors="collect")


def test_fixture_workbook_reads_as_expected(sheet: upr.ImportResult) -> None:
    report, ds = sheet.report, sheet.dataset
    assert_balanced(report)
    assert report.rejected == ()
    # actions and assessments are side records of their rows (sink.add_side): not counted
    assert report.kinds == {"ImplementationPlan": 1, "Agency": 3, "Recommendation": 5}
    (plan,) = ds.plans
    assert (plan.id, plan.state, plan.review, plan.adopted) == (
        "SYNTHETIC-VNM-UPR2-MPS",
        "VNM",
        REVIEW.id,
        D(2014, 9, 1),
    )
    assert set(plan.assignments) == EXPECTED_ASSIGNMENTS
    assert strip(ds.actions) == EXPECTED_ACTIONS
    assert set(ds.assessments) == EXPECTED_ASSESSMENTS
    assert set(ds.agencies) == {MPS, FRD, MOFA}
    for rec in ds.recommendations:
        original = DATASET[rec.id]
        assert (rec.text, rec.review, rec.symbol, rec.paragraph) == (
            original.text,
            original.review,
            original.symbol,
            original.paragraph,
        )
        assert rec.recommending_states == original.recommending_states
        assert rec.response is not None and original.response is not None
        assert rec.response.value is original.response.value
    frd = next(a for a in plan.assignments if a.agency == FRD.id)
    assert frd.provenance == "tracking-sheet:vnm2-mps-tracking.xlsx, sheet 'tracking', row 4"
    # the sheet's recommendations fuse with the real records without conflicts
    fused = DATASET.merge(ds)
    assert len(fused) == 5
    assert fused.conflicts == ()
    assert tracking.validate(fused) == ()


def test_provenance_survives_jsonl_but_is_not_part_of_the_value(
    sheet: upr.ImportResult, tmp_path: Path
) -> None:
    path = tmp_path / "tracked.jsonl"
    upr.export(sheet.dataset, path)
    back = upr.load(path)
    assert back == sheet.dataset
    assert {a.provenance for a in back.assessments} == {
        a.provenance for a in sheet.dataset.assessments
    }
    item = back.assessments[0]
    assert attrs.evolve(item, provenance="elsewhere") == item


def test_fixture_csv_gives_the_same_tracking(sheet: upr.ImportResult) -> None:
    result = upr.read(CSV, format=FORMAT, errors="collect")
    assert_balanced(result.report)
    assert result.report.rejected == ()
    ds = result.dataset
    (plan,) = ds.plans
    assert (plan.id, plan.title) == (f"{REVIEW.id}/tracking", f"Tracking sheet for {REVIEW.id}")
    assert set(plan.assignments) == EXPECTED_ASSIGNMENTS
    assert strip(ds.actions) == strip(sheet.dataset.actions)
    assert set(ds.assessments) == EXPECTED_ASSESSMENTS  # DD/MM/YYYY and a Vietnamese label
    assert ds.recommendations == () and ds.agencies == ()


def test_fixture_figures(sheet: upr.ImportResult) -> None:
    """The figures docs/tracking.md quotes for the fixture."""
    ds = sheet.dataset
    assert tracking.implementation_rate(ds).to_records() == [
        rates(5, 3, 2, 0, 0, 0, 1, 2, 0.6667, 0.0, 0.9167)
    ]
    assert [d.recommendation for d in tracking.disagreements(ds)] == [R13]


class SideSink(upr.ImportSink):
    """A sink with the ``add_side`` the importer asks the core for (see the report)."""

    def __init__(self) -> None:
        super().__init__("fixture", FORMAT, "collect")
        self.side: list[Any] = []

    def add_side(self, record: Any) -> None:
        if record not in self.side:
            self.side.append(record)


def test_with_side_records_rows_read_is_the_sheets_row_count() -> None:
    sink = SideSink()
    IMPORTER.read(Source(XLSX), sink)
    report = sink.report()
    # plans 1 + agencies 3 + recommendations 5 + tracking 6 (2 unfilled template rows skipped)
    assert (report.rows_read, report.created, report.merged) == (15, 9, 6)
    assert report.balanced
    assert strip(x for x in sink.side if isinstance(x, Action)) == EXPECTED_ACTIONS
    assert {x for x in sink.side if isinstance(x, Assessment)} == EXPECTED_ASSESSMENTS


# -- template round trip -----------------------------------------------------------------------


def fill(path: Path, rows: list[dict[str, Any]]) -> None:
    """Type rows into a template: the first row of a recommendation goes on its
    template row, later ones are appended below (as people do)."""
    book = openpyxl.load_workbook(path)
    ws = book["tracking"]
    header = [c.value for c in ws[1]]
    template_rows = {ws.cell(r, 2).value: r for r in range(2, ws.max_row + 1)}
    used: set[int] = set()
    for cells in rows:
        target = template_rows[cells["recommendation id"]]
        if target in used:
            target = ws.max_row + 1
        used.add(target)
        for name, value in cells.items():
            ws.cell(target, header.index(name) + 1, value)
    book.save(path)


def test_template_round_trip(tmp_path: Path) -> None:
    source = upr.Dataset(DATASET.recommendations, [REVIEW], agencies=[MPS, FRD, MOFA])
    path = tmp_path / "template.xlsx"
    upr.export(source, path, format=FORMAT)
    empty = upr.read(path, errors="collect")  # auto-detected
    assert empty.report.format == FORMAT
    assert empty.report.rejected == ()
    assert empty.dataset.assessments == () and empty.dataset.actions == ()
    assert [r.id for r in empty.dataset.recommendations] == [r.id for r in RECOMMENDATIONS]
    (plan,) = empty.dataset.plans
    assert plan.assignments == ()
    book = openpyxl.load_workbook(path, read_only=True)
    assert book.sheetnames == ["tracking", "recommendations", "agencies", "plans", "read me"]
    template_rows = list(book["tracking"].iter_rows(values_only=True))
    assert template_rows[0] == tracking_sheet.TRACKING_COLUMNS
    assert [(r[0], r[1], r[2]) for r in template_rows[1:]] == [
        (REVIEW.id, r.id, r.text) for r in RECOMMENDATIONS
    ]
    book.close()

    fill(
        path,
        [
            {
                "recommendation id": R10,
                "agency": "Bo Cong an",  # an alias
                "role": "Lead",
                "group": CAT,
                "action": DOSSIER,
                "status": "in progress",
                "date": dt.datetime(2014, 12, 31),
                "assessor": GOV,
            },
            {
                "recommendation id": R10,
                "review": REVIEW.id,
                "agency": "VNM-MOFA",
                "role": "supporting",
                "action": DOSSIER,
            },
            {
                "recommendation id": R12,
                "agency": MPS.name,
                "role": "lead",
                "status": "B1",
                "date": "30/06/2016",
                "assessor": "Human Rights Committee (synthetic)",
                "assessor kind": "UN body",
                "source": SYNTHETIC,
            },
        ],
    )
    back = upr.read(path, errors="collect")
    assert_balanced(back.report)
    assert back.report.rejected == ()
    (plan,) = back.dataset.plans
    assert set(plan.assignments) == {
        Assignment(R10, MPS.id, LEAD, CAT),
        Assignment(R10, MOFA.id, SUPPORTING),
        Assignment(R12, MPS.id, LEAD),
    }
    assert strip(back.dataset.actions) == {Action("", DOSSIER, (MOFA.id, MPS.id), (R10,))}
    assert set(back.dataset.assessments) == {
        gov(R10, D(2014, 12, 31), S.IN_PROGRESS),
        Assessment(
            R12,
            D(2016, 6, 30),
            "Human Rights Committee (synthetic)",
            S.PARTIALLY_IMPLEMENTED,
            AssessorKind.UN_BODY,
            grade="B1",
            source=SYNTHETIC,
        ),
    }


def tracking_of(ds: upr.Dataset) -> tuple[Any, ...]:
    return (
        {(p.id, p.state, p.review, p.title, p.adopted, p.source) for p in ds.plans},
        {a for p in ds.plans for a in p.assignments},
        strip(ds.actions),
        set(ds.assessments),
        set(ds.agencies),
        {(r.id, r.text, r.review, r.paragraph) for r in ds.recommendations},
    )


def test_export_then_read_gives_the_same_records(sheet: upr.ImportResult, tmp_path: Path) -> None:
    path = tmp_path / "again.xlsx"
    upr.export(sheet.dataset, path)  # .xlsx -> the tracking-sheet exporter
    again = upr.read(path, errors="collect")
    assert again.report.rejected == ()
    assert tracking_of(again.dataset) == tracking_of(sheet.dataset)
    as_csv = tmp_path / "again.csv"
    upr.export(sheet.dataset, as_csv, format=FORMAT)
    from_csv = upr.read(as_csv, errors="collect")
    assert from_csv.report.format == FORMAT
    assert from_csv.report.rejected == ()
    assert tracking_of(from_csv.dataset)[1:4] == tracking_of(sheet.dataset)[1:4]


def test_text_that_looks_like_a_formula_or_holds_control_characters(tmp_path: Path) -> None:
    rec = attrs.evolve(RECOMMENDATIONS[0], text=RECOMMENDATIONS[0].text + "\x0c")
    ds = upr.Dataset(
        [rec],
        [REVIEW],
        assessments=[gov(rec.id, D(2016, 1, 1), S.IN_PROGRESS, note="=1+1 (not a formula)")],
    )
    path = tmp_path / "odd.xlsx"
    upr.export(ds, path, format=FORMAT)
    back = upr.read(path, format=FORMAT)
    assert back.report.rejected == ()
    (item,) = back.dataset.assessments
    assert item.note == "=1+1 (not a formula)"
    assert back.dataset.recommendations[0].text == RECOMMENDATIONS[0].text
    report = tracking.midterm_report(ds)
    report.write(tmp_path / "odd-midterm.xlsx")
    book = openpyxl.load_workbook(tmp_path / "odd-midterm.xlsx", read_only=True)
    (row,) = list(book["recommendations"].iter_rows(min_row=2, values_only=True))
    assert row[8] == f"{GOV}: in progress (2016-01-01)"
    assert row[5] == RECOMMENDATIONS[0].text
    book.close()


AGENCY_IDS = [MPS.id, FRD.id, MOFA.id]
GROUPS = st.sampled_from([None, CAT, "combating trafficking in persons"])
WORDS = ["Draft a decree", "Train officers", "Review the law", "Report to the Prime Minister"]
SOURCES = st.none() | st.sampled_from(["report A", "report B; annex", "Bộ Công an, 2016"])


@st.composite
def trackings(draw: st.DrawFn) -> upr.Dataset:
    """Random well-formed tracking of the five real recommendations."""
    ids = [r.id for r in RECOMMENDATIONS]
    assignments = []
    for rec in ids:
        agencies = draw(st.permutations(AGENCY_IDS))[: draw(st.integers(0, 3))]
        for position, agency in enumerate(agencies):
            role = LEAD if position == 0 and draw(st.booleans()) else SUPPORTING
            assignments.append(Assignment(rec, agency, role, draw(GROUPS)))
    actions = [
        Action(
            f"a{n}",
            description,
            tuple(sorted(draw(st.sets(st.sampled_from(AGENCY_IDS), max_size=2)))),
            tuple(sorted(draw(st.sets(st.sampled_from(ids), min_size=1, max_size=3)))),
            source=draw(SOURCES),
        )
        for n, description in enumerate(draw(st.sets(st.sampled_from(WORDS), max_size=3)))
    ]
    found: dict[tuple[str, str, dt.date], Assessment] = {}
    for _ in range(draw(st.integers(0, 8))):
        status, grade = draw(
            st.sampled_from(
                [(s, None) for s in ImplementationStatus]
                + [(g.status, g.code) for g in tracking.FOLLOW_UP_GRADES.values()]
            )
        )
        item = Assessment(
            draw(st.sampled_from(ids)),
            draw(st.dates(min_value=D(2014, 2, 1), max_value=D(2024, 12, 31))),
            draw(st.sampled_from([GOV, NGO, "Human Rights Committee"])),
            status,
            draw(st.sampled_from(AssessorKind)),
            grade,
            draw(SOURCES),
            draw(st.none() | st.sampled_from(["a note", "ghi chú"])),
        )
        found.setdefault((item.recommendation, item.assessor, item.date), item)
    plan = ImplementationPlan(
        "p", "VNM", REVIEW.id, "random plan", draw(st.none() | st.just(D(2014, 9, 1))),
        assignments=tuple(assignments),
    )  # fmt: skip
    return upr.Dataset(
        DATASET.recommendations,
        [REVIEW],
        agencies=[MPS, FRD, MOFA],
        plans=[plan],
        actions=actions,
        assessments=tuple(found.values()),
    )


@FUZZ
@given(trackings(), st.sampled_from([".xlsx", ".csv"]))
def test_any_tracking_survives_export_and_import(ds: upr.Dataset, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"sheet{suffix}"
        upr.export(ds, path, format=FORMAT)
        back = upr.read(path, format=FORMAT, errors="collect")
    assert back.report.rejected == ()
    assert_balanced(back.report)
    got, want = tracking_of(back.dataset), tracking_of(ds)
    assert got[1:4] == want[1:4]
    if suffix == ".xlsx":
        assert got == want


# -- bad rows ------------------------------------------------------------------------------------

FUTURE = D(2999, 1, 1)
GOOD = {"review": REVIEW.id, "recommendation id": R15}


def assessed(**cells: Any) -> dict[str, Any]:
    """A row with a status (by default: in progress, 2016-01-01, by the ministry)."""
    base = {**GOOD, "status": "in progress", "date": "2016-01-01", "assessor": GOV}
    return {**base, **{k.replace("_", " "): v for k, v in cells.items()}}


def assigned(**cells: Any) -> dict[str, Any]:
    """A row assigning a recommendation (by default 143.15 to the ministry, as lead)."""
    base = {**GOOD, "agency": MPS.id, "role": "lead"}
    return {**base, **{k.replace("_", " "): v for k, v in cells.items()}}


BAD_ROWS: list[tuple[dict[str, Any], str, str]] = [
    (
        assessed(recommendation_id="A/HRC/26/6:143.999"),
        "recommendation id",
        "unknown recommendation id 'A/HRC/26/6:143.999': not in sheet 'recommendations'",
    ),
    (
        assessed(status="kind of done"),
        "status",
        "unknown implementation status or follow-up grade 'kind of done'",
    ),
    (assessed(date=FUTURE), "date", "2999-01-01 is in the future"),
    (
        assigned(recommendation_id=R10, agency="VNM-MPS-FRD"),
        "role",
        f"duplicate lead agency: {R10} already has lead agency VNM-MPS (row 2)",
    ),
    (
        assigned(recommendation_id=R10, agency=MOFA.name),
        "role",
        f"VNM-MOFA is supporting for {R10} in row 7, not lead",
    ),
    (
        assigned(recommendation_id=R10, group="other"),
        "group",
        f"VNM-MPS works on {R10} in group 'implementing CAT' (row 2)",
    ),
    (
        assessed(recommendation_id=R10, status="not started", date="2015-12-31"),
        "status",
        f"{GOV} already gave {R10} the status fully implemented on 2015-12-31 (row 8)",
    ),
    (assigned(agency="Ministry of Magic"), "agency", "unknown agency 'Ministry of Magic'"),
    (assigned(role="boss"), "role", "unknown role 'boss'"),
    (
        assessed(assessor_kind="journalist"),
        "assessor kind",
        "unknown assessor kind 'journalist'",
    ),
    (assessed(date=None), "date", "a status needs the date it was assessed"),
    (assessed(assessor=None), "assessor", "a status needs the assessor"),
    ({**GOOD, "date": "2016-01-01"}, "date", "date without a status"),
    ({**GOOD, "assessor": GOV}, "assessor", "assessor without a status"),
    ({**GOOD, "note": "hello"}, "note", "note without a status"),
    ({**GOOD, "role": "lead"}, "role", "a role needs an agency"),
    ({**GOOD, "agency": MPS.id, "group": CAT}, "group", "a thematic group belongs"),
    ({**GOOD, "agency": MPS.id}, "role", "an agency needs a role"),
    ({**GOOD, "source": "x"}, "source", "a source belongs to a status or an action"),
    (assigned(recommendation="Ratify everything"), "recommendation", f"differs from {R15}"),
    (assigned(review="UPR-VNM-3"), "review", "review 'UPR-VNM-3' has no row in sheet 'plans'"),
    (assigned(review="cycle two"), "review", "'cycle two' is not a review id such as UPR-VNM-2"),
    (assessed(date=20160101), "date", "20160101 is a number, not a date"),
    (assessed(date="31/02/2016"), "date", "'31/02/2016' is not a date"),
    (
        assigned(recommendation_id=None),
        "recommendation id",
        "missing: a filled row needs the recommendation id",
    ),
]


def bad_copy(folder: Path, rows: list[dict[str, Any]]) -> Path:
    path = folder / "bad.xlsx"
    shutil.copy(XLSX, path)
    book = openpyxl.load_workbook(path)
    ws = book["tracking"]
    header = [c.value for c in ws[1]]
    for cells in rows:
        target = ws.max_row + 1
        for name, value in cells.items():
            ws.cell(target, header.index(name) + 1, value)
    book.save(path)
    return path


FIRST_FREE_ROW = 10  # the fixture's tracking sheet uses rows 1-9


@pytest.mark.parametrize(("cells", "field", "reason"), BAD_ROWS)
def test_bad_row_is_rejected_with_row_column_and_reason(
    tmp_path: Path, cells: dict[str, Any], field: str, reason: str
) -> None:
    result = upr.read(bad_copy(tmp_path, [cells]), format=FORMAT, errors="collect")
    assert_balanced(result.report)
    (problem,) = result.report.rejected
    assert problem.location.sheet == "tracking"
    assert problem.location.row == FIRST_FREE_ROW
    assert problem.location.field == field
    assert reason in problem.reason
    assert problem.location.file == str(tmp_path / "bad.xlsx")
    # nothing else was lost
    assert set(result.dataset.assessments) == EXPECTED_ASSESSMENTS
    assert {a for p in result.dataset.plans for a in p.assignments} == EXPECTED_ASSIGNMENTS


def test_every_bad_row_at_once_and_raise_mode(tmp_path: Path) -> None:
    rows = [cells for cells, _, _ in BAD_ROWS]
    path = bad_copy(tmp_path, rows)
    result = upr.read(path, format=FORMAT, errors="collect")
    assert_balanced(result.report)
    got = [(p.location.row, p.location.field) for p in result.report.rejected]
    assert got == [(FIRST_FREE_ROW + i, field) for i, (_, field, _) in enumerate(BAD_ROWS)]
    assert set(result.dataset.assessments) == EXPECTED_ASSESSMENTS
    with pytest.raises(DataError) as caught:
        upr.read(path, format=FORMAT)
    message = str(caught.value)
    assert f"sheet 'tracking', row {FIRST_FREE_ROW}, field 'recommendation id'" in message


def test_bad_rows_of_a_csv_name_the_line(tmp_path: Path) -> None:
    text = CSV.read_text(encoding="utf-8")
    text += "UPR-VNM-2,A/HRC/26/6:143.10,VNM-MPS-FRD,lead,,,,,,,,\r\n"
    text += "UPR-VNM-2,A/HRC/26/6:143.13,,,,,fully implemented,01/01/2999,x,,,\r\n"
    text += "UPR-VNM-2,A/HRC/26/6:143.13,,,,,,,,,,,stray\r\n"
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    result = upr.read(path, errors="collect")
    assert result.report.format == FORMAT
    assert_balanced(result.report)
    got = [(p.location.line, p.location.field, p.reason) for p in result.report.rejected]
    assert [g[:2] for g in got] == [(8, "role"), (9, "date"), (10, None)]
    assert got[0][2].startswith(f"duplicate lead agency: {R10} already has lead agency VNM-MPS")
    assert got[1][2].startswith("2999-01-01 is in the future")
    assert got[2][2] == "1 filled cell(s) beyond the last named column: 'stray'"


def add_sheet_rows(path: Path, sheet: str, rows: list[list[Any]]) -> None:
    book = openpyxl.load_workbook(path)
    for row in rows:
        book[sheet].append(row)
    book.save(path)


def test_bad_rows_of_the_other_sheets(tmp_path: Path) -> None:
    path = tmp_path / "bad.xlsx"
    shutil.copy(XLSX, path)
    add_sheet_rows(
        path,
        "agencies",
        [
            ["VNM-MPS", "Ministry of Public Security again", "VNM", "ministry", None, None],
            ["VNM-X", "Agency X", "Atlantis", None, None, None],
            ["VNM-Y", "Agency Y", "VNM", "guild", None, None],
            ["VNM-Z", "Agency Z", "VNM", None, "VNM-NONE", None],
            ["VNM-W", None, "VNM", None, None, None],
        ],
    )
    add_sheet_rows(
        path,
        "recommendations",
        [
            [REVIEW.id, R10, None, None, "Ratify CAT", None, None],
            [REVIEW.id, "A/HRC/26/6:143.2", None, None, "Some text", "Narnia", None],
            [REVIEW.id, "A/HRC/26/6:143.3", None, None, "Some text", None, "maybe"],
            ["UPR-VNM", "A/HRC/26/6:143.4", None, None, "Some text", None, None],
        ],
    )
    add_sheet_rows(path, "plans", [[REVIEW.id, "p2", "another plan", None, None, None]])
    result = upr.read(path, format=FORMAT, errors="collect")
    assert_balanced(result.report)
    got = {(p.location.sheet, p.location.row, p.location.field) for p in result.report.rejected}
    assert got == {
        ("plans", 3, "review"),
        ("agencies", 5, "agency id"),
        ("agencies", 6, "state"),
        ("agencies", 7, "kind"),
        ("agencies", 8, "parent"),
        ("agencies", 9, "name"),
        ("recommendations", 7, "recommendation id"),
        ("recommendations", 8, "recommending states"),
        ("recommendations", 9, "response"),
        ("recommendations", 10, "review"),
    }
    reasons = {(p.location.sheet, p.location.field): p.reason for p in result.report.rejected}
    assert reasons["plans", "review"] == "one plan per review: UPR-VNM-2 is already in row 2"
    assert "is not a review id" in reasons["recommendations", "review"]
    assert "unknown state 'Atlantis'" in reasons["agencies", "state"]
    assert "unknown parent agency 'VNM-NONE'" in reasons["agencies", "parent"]
    assert reasons["agencies", "agency id"] == "duplicate agency id 'VNM-MPS' (row 2)"
    assert "unknown response label 'maybe'" in reasons["recommendations", "response"]
    assert set(result.dataset.assessments) == EXPECTED_ASSESSMENTS


@pytest.mark.parametrize(
    ("make", "field", "reason"),
    [
        (lambda p: _drop_sheet(p, "tracking"), "sheet", "no sheet named 'tracking'"),
        (lambda p: _rename_header(p, "status", "state"), "status", "missing column(s) status"),
        (lambda p: p.write_bytes(b"not a zip at all"), None, "not a valid zip-based file"),
    ],
)
def test_unreadable_workbooks(tmp_path: Path, make: Any, field: str | None, reason: str) -> None:
    path = tmp_path / "broken.xlsx"
    shutil.copy(XLSX, path)
    make(path)
    with pytest.raises(DataError) as caught:
        upr.read(path, format=FORMAT)
    assert caught.value.location.field == field
    assert reason in caught.value.reason
    collected = upr.read(path, format=FORMAT, errors="collect")
    assert_balanced(collected.report)


def _drop_sheet(path: Path, name: str) -> None:
    book = openpyxl.load_workbook(path)
    del book[name]
    book.save(path)


def _rename_header(path: Path, old: str, new: str) -> None:
    book = openpyxl.load_workbook(path)
    ws = book["tracking"]
    for cell in ws[1]:
        if cell.value == old:
            cell.value = new
    book.save(path)


def test_unreadable_csv_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(DataError, match="empty file"):
        upr.read(empty, format=FORMAT)
    latin = tmp_path / "latin.csv"
    header = ",".join(tracking_sheet.TRACKING_COLUMNS)
    latin.write_bytes(f"{header}\r\nUPR-VNM-2,{R10},Ministère,,,,,,,,,,\r\n".encode("latin-1"))
    with pytest.raises(DataError, match="not UTF-8"):
        upr.read(latin, format=FORMAT)


# -- detection ------------------------------------------------------------------------------------


def test_auto_detection_picks_this_importer() -> None:
    for path in (XLSX, CSV):
        assert IMPORTER.sniff(Source(path)) == Confidence.CERTAIN
        assert upr.read(path, errors="collect").report.format == FORMAT


def test_does_not_claim_other_formats() -> None:
    others = list(other_test_files(DATA, FIXTURES))
    assert len(others) > 20
    for path in others:
        assert IMPORTER.sniff(Source(path)) == Confidence.NONE, path


def test_other_importers_do_not_claim_tracking_sheets() -> None:
    for name, importer in upr.plugins.default_manager().importers().items():
        if name == FORMAT:
            continue
        for path in (XLSX, CSV):
            assert importer.sniff(Source(path)) < Confidence.CERTAIN, (name, path)


# -- fuzz ------------------------------------------------------------------------------------------


@FUZZ
@given(st.binary(max_size=2048), st.sampled_from([".xlsx", ".csv"]))
def test_fuzz_random_bytes(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"random{suffix}"
        path.write_bytes(data)
        read_robustly(path, FORMAT)


@FUZZ
@given(st.integers(min_value=0, max_value=XLSX.stat().st_size))
def test_fuzz_truncated_workbook(size: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "truncated.xlsx"
        path.write_bytes(XLSX.read_bytes()[:size])
        read_robustly(path, FORMAT)


@FUZZ
@given(st.integers(min_value=0, max_value=CSV.stat().st_size))
def test_fuzz_truncated_csv(size: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "truncated.csv"
        path.write_bytes(CSV.read_bytes()[:size])
        read_robustly(path, FORMAT)


@FUZZ
@given(st.randoms(use_true_random=False), st.integers(min_value=0, max_value=5))
def test_fuzz_shuffled_and_missing_columns(rnd: random.Random, drop: int) -> None:
    rows = list(csv.reader(io.StringIO(CSV.read_text(encoding="utf-8"))))
    order = list(range(len(rows[0])))
    rnd.shuffle(order)
    order = order[drop:]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "shuffled.csv"
        with path.open("w", encoding="utf-8", newline="") as stream:
            csv.writer(stream).writerows([[row[i] for i in order] for row in rows])
        read_robustly(path, FORMAT)
        if drop == 0:
            result = upr.read(path, format=FORMAT)
            assert set(result.dataset.assessments) == EXPECTED_ASSESSMENTS


cell_values = st.one_of(
    st.none(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.dates(min_value=D(1900, 1, 1), max_value=D(9999, 1, 1)),
    st.sampled_from(["lead", "supporting", "B1", "in progress", R10, "VNM-MPS", REVIEW.id]),
    st.text(
        alphabet=st.characters(codec="utf-8", exclude_categories=("Cc", "Cs")), max_size=40
    ).filter(lambda s: not s.startswith("=")),
    st.builds(
        lambda piece, times: (piece * times)[:32_000],
        st.text(alphabet="ab (),;|.0123456789", min_size=1, max_size=12),
        st.integers(min_value=500, max_value=32_000),
    ),
)


@FUZZ
@given(st.lists(cell_values, min_size=13, max_size=13))
def test_fuzz_cells_including_huge_ones(values: list[Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = bad_copy(
            Path(folder), [dict(zip(tracking_sheet.TRACKING_COLUMNS, values, strict=True))]
        )
        read_robustly(path, FORMAT)


def test_huge_cells_are_kept(tmp_path: Path) -> None:
    text = "Strengthen the legal framework " * 1_000
    path = bad_copy(
        tmp_path,
        [assessed(note=text, action=text)],
    )
    result = upr.read(path, format=FORMAT)
    (note,) = [a.note for a in result.dataset.assessments if a.note and len(a.note) > 30_000]
    assert note == text.strip()


@pytest.mark.shared_data
def test_template_of_the_real_2014_report_reads_back(shared_data: Path, tmp_path: Path) -> None:
    """The whole Working Group report A/HRC/26/6 as a template: every paragraph
    comes back with its id and text, and fuses with the report without conflict."""
    source = upr.read(shared_data / "wg-reports" / "vietnam2014.txt", errors="collect").dataset
    assert len(source) == 227
    path = tmp_path / "vnm2.xlsx"
    upr.export(source, path, format=FORMAT)
    back = upr.read(path)
    assert_balanced(back.report)
    assert back.report.rejected == ()
    assert [(r.id, r.text) for r in back.dataset] == [(r.id, r.text) for r in source]
    fused = source.merge(back.dataset)
    assert (len(fused), fused.conflicts) == (227, ())


# -- the command line -----------------------------------------------------------------------------


@pytest.fixture
def source_file(tmp_path: Path) -> Path:
    path = tmp_path / "vnm2014.jsonl"
    upr.export(upr.Dataset(DATASET.recommendations, [REVIEW], agencies=[MPS, FRD, MOFA]), path)
    return path


def test_cli_template_status_and_midterm(tmp_path: Path, source_file: Path) -> None:
    from upr.cli.tracking import tracking as group

    runner = CliRunner()
    out = tmp_path / "template.xlsx"
    result = runner.invoke(
        group, ["template", "--review", REVIEW.id, str(source_file), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "5 recommendations of UPR-VNM-2, 3 agencies" in result.output
    assert upr.read(out).report.format == FORMAT
    supported = tmp_path / "supported.csv"
    result = runner.invoke(
        group,
        ["template", "--review", REVIEW.id, "--response", "supported", str(source_file),
         "-o", str(supported)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert len(supported.read_text(encoding="utf-8-sig").splitlines()) == 1 + 4  # 143.15 noted

    result = runner.invoke(group, ["status", str(XLSX), "--as-of", "2016-12-31"])
    assert result.exit_code == 0, result.output
    assert "0 rejected" in result.output
    assert f"assessors disagree: {R13} (as of 2016-12-31)" in result.output
    assert "| agency | recommendations | assessed |" in result.output
    assert "| Ministry of Public Security | 2 | 2 | 2 |" in result.output
    assert f"| {NGO} | 1 | 1 | 0 | 1 |" in result.output

    result = runner.invoke(group, ["status", str(CSV), str(source_file), "--by", "lead_agency"])
    assert result.exit_code == 0, result.output
    assert "| all" not in result.output
    assert "| Foreign Relations Department, Ministry of Public Security | 1 |" in result.output
    assert "| - | 2 | 0 |" in result.output  # 143.15 and 143.198 have no lead agency

    result = runner.invoke(group, ["midterm", str(XLSX), "--review", REVIEW.id])
    assert result.exit_code == 0, result.output
    assert f"## {CAT}" in result.output
    table = tmp_path / "midterm.xlsx"
    result = runner.invoke(group, ["midterm", str(XLSX), "-o", str(table)])
    assert result.exit_code == 0, result.output
    assert "wrote" in result.output and table.exists()


def test_cli_validates_a_csv_against_its_sources(tmp_path: Path, source_file: Path) -> None:
    """A CSV has no recommendations sheet: unknown ids are found against SOURCES,
    and the problem names the CSV line through the record's provenance."""
    from upr.cli.tracking import tracking as group

    path = tmp_path / "sheet.csv"
    text = CSV.read_text(encoding="utf-8")
    path.write_text(text + "UPR-VNM-2,A/HRC/26/6:143.999,VNM-MPS,lead,,,,,,,,\r\n", "utf-8")
    result = CliRunner().invoke(group, ["status", str(path), str(source_file)])
    assert result.exit_code == 0, result.output
    assert (
        "problem: assignment A/HRC/26/6:143.999 -> VNM-MPS (plan UPR-VNM-2/tracking)"
        " (tracking-sheet:sheet.csv, line 8), field 'recommendation':"
        " unknown recommendation id 'A/HRC/26/6:143.999'"
    ) in result.output


def test_cli_errors(tmp_path: Path, source_file: Path) -> None:
    from upr.cli.tracking import tracking as group

    runner = CliRunner()
    result = runner.invoke(
        group,
        ["template", "--review", "UPR-VNM-9", str(source_file), "-o", str(tmp_path / "t.xlsx")],
    )
    assert result.exit_code != 0
    assert "no recommendations of review 'UPR-VNM-9'" in result.output
    assert "UPR-VNM-2" in result.output
    result = runner.invoke(
        group, ["template", "--review", REVIEW.id, str(source_file), "-o", str(tmp_path / "t.pdf")]
    )
    assert result.exit_code != 0
    assert ".xlsx or .csv" in result.output
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK nothing")
    result = runner.invoke(group, ["status", str(broken)])
    assert result.exit_code != 0
    assert "not a valid zip-based file" in result.output


def test_cli_template_from_the_embedded_dossier(tmp_path: Path) -> None:
    from upr.cli.tracking import tracking as group

    result = CliRunner().invoke(
        group, ["template", "--review", REVIEW.id, "-o", str(tmp_path / "t.xlsx")]
    )
    try:
        upr.datasets.viet_nam()
    except OSError:
        assert result.exit_code != 0
        assert "embedded Viet Nam dossier is not available" in result.output
        return
    assert result.exit_code == 0, result.output
    back = upr.read(tmp_path / "t.xlsx")
    assert {a.id for a in back.dataset.agencies} >= {"VNM-MPS", "VNM-MPS-FRD"}
    assert len(back.dataset.recommendations) > 100
