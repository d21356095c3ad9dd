"""First-party metrics on a real slice (A/HRC/26/6 + UPR Info coding), values computed by hand.

The slice (tests/vnm2014.py): 143.10 DNK; 143.12 GAB MLI SVK; 143.13 POL CHE;
143.15 FRA CZE AUT URY (noted); 143.198 VEN. Four supported, one noted.
"""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

import upr
from upr import compute
from upr.analysis.metrics import CountUnit
from vnm2014 import DATASET, RECOMMENDATIONS, REVIEW


def test_every_first_party_metric_is_registered_through_entry_points() -> None:
    names = set(upr.plugins.default_manager().metrics())
    assert {
        "count",
        "rows",
        "responses",
        "recommending-states",
        "regional-groups",
        "action-categories",
        "themes",
        "sdg-targets",
        "treaty-coverage",
        "implementation",
        "agency-workload",
        "repeat-rate",
    } <= names


def test_count_and_rows_state_their_units() -> None:
    count = compute(DATASET, "count")
    assert count.to_records() == [{"recommendations": 5}]
    assert count.unit is CountUnit.PARAGRAPHS
    rows = compute(DATASET, "rows")
    assert rows.to_records() == [{"rows": 11, "recommending_states": 11}]
    assert rows.unit is CountUnit.ROWS


def test_responses_and_support_rate() -> None:
    record = compute(DATASET, "responses").to_records()[0]
    assert record["supported"] == 4
    assert record["noted"] == 1
    assert record["support_rate"] == 0.8
    by = compute(DATASET, "count", by="response").to_records()
    assert by == [
        {"response": "noted", "recommendations": 1},
        {"response": "supported", "recommendations": 4},
    ]


def test_regional_group_shares_count_rows() -> None:
    table = compute(DATASET, "regional-groups")
    got = {r["regional_group"]: (r["count"], r["share"]) for r in table.to_records()}
    assert got == {
        "African": (2, round(2 / 11, 4)),
        "Eastern European": (3, round(3 / 11, 4)),
        "GRULAC": (2, round(2 / 11, 4)),
        "WEOG": (4, round(4 / 11, 4)),
    }


def test_action_categories_and_themes() -> None:
    actions = {
        r["action_category"]: r["count"] for r in compute(DATASET, "action-categories").to_records()
    }
    assert actions == {2: 1, 4: 1, 5: 3}
    themes = {r["theme"]: r["count"] for r in compute(DATASET, "themes").to_records()}
    assert themes == {
        "Detention": 1,
        "International instruments": 4,
        "Right to education": 1,
        "Right to health": 1,
        "Torture and other CID treatment": 4,
    }


def test_recommending_states_by_response() -> None:
    table = compute(DATASET, "recommending-states", by="response")
    noted = sorted(r["recommending_state"] for r in table.to_records() if r["response"] == "noted")
    assert noted == ["AUT", "CZE", "FRA", "URY"]


def test_treaty_coverage_uses_ratification_status() -> None:
    """Viet Nam ratified CAT (2015) but not OP-CAT (package ratification table)."""
    assert upr.ratifications.status("VNM", "CAT") is upr.RatificationStatus.PARTY
    got = {r["treaty"]: r for r in compute(DATASET, "treaty-coverage").to_records()}
    assert (got["CAT"]["recommendations"], got["CAT"]["ratification"]) == (4, 4)
    assert got["CAT"]["ratification_not_party"] == 0
    assert (got["OP-CAT"]["recommendations"], got["OP-CAT"]["ratification_not_party"]) == (1, 1)


# Tracking records below are synthetic test input (no published assessment of
# these paragraphs exists in shared/data); they exercise the arithmetic only.
MPS = upr.Agency("VNM-MPS", "Ministry of Public Security", "VNM", upr.AgencyKind.MINISTRY)
MOJ = upr.Agency("VNM-MOJ", "Ministry of Justice", "VNM", upr.AgencyKind.MINISTRY)


def _tracked() -> upr.Dataset:
    ids = [r.id for r in RECOMMENDATIONS]
    plan = upr.ImplementationPlan(
        "plan",
        "VNM",
        REVIEW.id,
        "synthetic test plan",
        assignments=(
            upr.Assignment(ids[0], MPS.id, group="implementing CAT"),
            upr.Assignment(ids[1], MPS.id, group="implementing CAT"),
            upr.Assignment(ids[1], MOJ.id, upr.AssignmentRole.SUPPORTING),
            upr.Assignment(ids[4], MOJ.id),
        ),
    )
    day = dt.date(2016, 1, 1)
    status = upr.ImplementationStatus
    assessments = (
        upr.Assessment(ids[0], day, "test", status.IN_PROGRESS),
        upr.Assessment(ids[0], day.replace(year=2018), "test", status.FULLY_IMPLEMENTED),
        upr.Assessment(ids[1], day, "test", status.PARTIALLY_IMPLEMENTED),
        upr.Assessment(ids[4], day, "test", status.FULLY_IMPLEMENTED),
    )
    return upr.Dataset(
        RECOMMENDATIONS, [REVIEW], agencies=[MPS, MOJ], plans=[plan], assessments=assessments
    )


def test_implementation_uses_latest_assessment() -> None:
    record = compute(_tracked(), "implementation").to_records()[0]
    assert record["assessed"] == 3
    assert record["fully implemented"] == 2
    assert record["partially implemented"] == 1
    assert record["implemented_rate"] == round(2 / 3, 4)


def test_agency_workload_and_grouping_by_agency() -> None:
    rows = {r["agency"]: r for r in compute(_tracked(), "agency-workload").to_records()}
    assert (
        rows["Ministry of Public Security"]["lead"],
        rows["Ministry of Public Security"]["groups"],
    ) == (2, 1)
    assert (rows["Ministry of Justice"]["lead"], rows["Ministry of Justice"]["supporting"]) == (
        1,
        1,
    )
    by_agency = compute(_tracked(), "count", by="agency").to_records()
    assert by_agency == [
        {"agency": "VNM-MOJ", "recommendations": 2},
        {"agency": "VNM-MPS", "recommendations": 2},
    ]


def test_tables_convert_to_pandas() -> None:
    pytest.importorskip("pandas")
    frame = compute(DATASET, "count", by=["cycle", "response"]).to_pandas()
    assert list(frame.columns) == ["cycle", "response", "recommendations"]
    assert frame["recommendations"].sum() == 5


def test_unknown_metric_and_dimension() -> None:
    with pytest.raises(upr.UnknownNameError, match="unknown metric 'cuont'.*count"):
        compute(DATASET, "cuont")
    with pytest.raises(upr.UnknownNameError, match="unknown grouping dimension 'colour'"):
        compute(DATASET, "count", by="colour")


def test_sdg_targets() -> None:
    """The SDG explorer (upr2.xlsx) links 143.198 to target 10.4; the others to none."""
    recs = [
        attrs.evolve(r, sdg_targets=("10.4",)) if r.paragraph == "143.198" else r
        for r in RECOMMENDATIONS
    ]
    table = compute(upr.Dataset(recs), "sdg-targets")
    assert table.to_records() == [{"sdg_target": "10.4", "count": 1, "share": 0.2}]


def test_repeat_rate_across_cycles() -> None:
    """Cycle I (A/HRC/12/11 para 99.3, Australia and Sweden): "Accede to CAT in a timely
    manner". Of the five cycle II paragraphs, 143.10 ("timely ratification of CAT",
    cosine 0.51) and 143.12 ("Ratify CAT", 0.66) repeat it at the 0.5 threshold;
    143.13 (0.42), 143.15 (0.30) and 143.198 (education) do not."""
    earlier = attrs.evolve(
        RECOMMENDATIONS[0],
        id="UPR-VNM-1:99.3",
        text="Accede to CAT in a timely manner",
        review="UPR-VNM-1",
        cycle=1,
        session=5,
        recommending_states=("AUS", "SWE"),
        symbol=None,
        paragraph="99.3",
    )
    table = compute(upr.Dataset([earlier, *RECOMMENDATIONS]), "repeat-rate", by="cycle")
    assert table.to_records() == [
        {
            "cycle": 1,
            "recommendations": 1,
            "with_earlier_cycle": 0,
            "repeats": 0,
            "repeat_rate": None,
        },
        {
            "cycle": 2,
            "recommendations": 5,
            "with_earlier_cycle": 5,
            "repeats": 2,
            "repeat_rate": 0.4,
        },
    ]
