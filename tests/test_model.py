"""Reference tables and value types: mechanisms, treaties, cycles, responses, SDGs."""

from __future__ import annotations

import datetime as dt

import pytest

import upr
from upr import cycles, mechanisms, sdgs, treaties
from upr.model import reviews


def test_mechanisms() -> None:
    assert [m.code for m in mechanisms.treaty_bodies()] == [
        "CCPR",
        "CESCR",
        "CERD",
        "CEDAW",
        "CAT",
        "SPT",
        "CRC",
        "CMW",
        "CRPD",
        "CED",
    ]
    assert mechanisms.get("ICCPR").name == "Human Rights Committee"
    assert mechanisms.get("Committee against Torture").code == "CAT"
    assert mechanisms.get("upr").kind is upr.MechanismKind.CHARTER_BASED
    sr = mechanisms.get("SR on torture")
    assert sr.kind is upr.MechanismKind.SPECIAL_PROCEDURE and sr.code == "SR on torture"
    with pytest.raises(
        upr.UnknownNameError, match="unknown mechanism 'CCRP'.*closest matches: .*CCPR"
    ):
        mechanisms.get("CCRP")


def test_treaties() -> None:
    assert len(treaties.core()) == 9 and len(treaties.protocols()) == 9
    cat = treaties.get("Convention against Torture")
    assert cat.adopted == dt.date(1984, 12, 10) and cat.monitoring_body.code == "CAT"
    opcat = treaties.get("OPCAT")
    assert opcat.parent == "CAT" and opcat.committee == "SPT" and opcat.is_protocol
    assert treaties.get("ICCPR-OP2").adopted == dt.date(1989, 12, 15)
    assert [t.code for t in treaties.monitored_by("ICCPR")] == ["ICCPR", "ICCPR-OP1", "ICCPR-OP2"]
    with pytest.raises(upr.UnknownNameError, match="unknown treaty 'Rome Statute'"):
        treaties.get("Rome Statute")


def test_cycles() -> None:
    assert [(c.start_year, c.end_year) for c in cycles.UPR_CYCLES] == [
        (2008, 2011),
        (2012, 2016),
        (2017, 2022),
        (2022, 2027),
    ]
    assert cycles.for_session(18).number == 2
    assert cycles.for_session(41).number == 4
    assert [c.number for c in cycles.for_year(2022)] == [3, 4]
    assert str(cycles.get("CAT", 2)) == "CAT report 2"
    with pytest.raises(upr.UnknownNameError):
        cycles.for_session(99)


def test_reviews_and_documents() -> None:
    review = upr.Review.upr("VNM", 18, hrc_session=26)
    assert review.id == "UPR-VNM-2" and review.cycle_info.start_year == 2012
    kinds = {
        "A/HRC/WG.6/18/VNM/1": upr.DocumentKind.NATIONAL_REPORT,
        "A/HRC/26/6": upr.DocumentKind.WORKING_GROUP_REPORT,
        "A/HRC/26/6/Add.1": upr.DocumentKind.ADDENDUM,
        "CAT/C/VNM/CO/1": upr.DocumentKind.CONCLUDING_OBSERVATIONS,
    }
    for symbol, kind in kinds.items():
        assert reviews.document_kind(symbol) is kind


@pytest.mark.parametrize(
    ("label", "value"),
    [
        ("Accepted", "supported"),
        ("Supported", "supported"),
        ("Noted", "noted"),
        ("Not Supported", "noted"),
        ("rejected", "noted"),
        ("Supported/Noted", "partially supported"),
        ("will be examined", "pending"),
        ("&#40;Unknown&#41;", "no clear position"),
    ],
)
def test_response_labels(label: str, value: str) -> None:
    response = upr.Response.parse(label, "A/HRC/26/6/Add.1")
    assert response.value.value == value
    assert response.raw == label and response.source == "A/HRC/26/6/Add.1"


def test_unknown_response_label() -> None:
    with pytest.raises(upr.UnknownNameError, match="unknown response label 'maybe'"):
        upr.Response.parse("maybe")


@pytest.mark.parametrize("raw", [5, "5", "Category 5", "5 - Specific action", "Specific action"])
def test_action_category(raw: str | int) -> None:
    assert upr.ActionCategory.parse(raw) is upr.ActionCategory.SPECIFIC


def test_action_category_unknown() -> None:
    with pytest.raises(upr.UnknownNameError, match="unknown action category '7'"):
        upr.ActionCategory.parse("7")


def test_sdgs() -> None:
    assert len(sdgs.goals()) == 17 and len(sdgs.targets()) == 169
    assert sdgs.goal(16).targets[-1] == "16.b"
    assert sdgs.goal_of("16.a") == 16
    assert sdgs.targets_for_number(4.1) == ("4.1",)  # goal 4 has no target 4.10
    assert sdgs.targets_for_number(16.1) == ("16.1", "16.10")
    assert sdgs.targets_for_number("8.1") == ("8.1", "8.10")
    with pytest.raises(upr.UnknownNameError):
        sdgs.target("18.1")


def test_public_api() -> None:
    for name in ("load", "read", "Dataset", "states", "treaties", "mechanisms", "__version__"):
        assert hasattr(upr, name)
    for name in ("fuse", "export", "Conflict", "ConflictKind", "FieldSource", "Lineage"):
        assert name in upr.__all__ and hasattr(upr, name)
    # modules of the layers are reached through them, not as attributes of upr
    for name in ("reviews", "recommendations", "importing", "frames"):
        assert not hasattr(upr, name), name
    assert upr.states.resolve("Viet Nam").code == "VNM"
