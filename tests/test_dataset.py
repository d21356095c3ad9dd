"""Dataset: lookup, indexed filters, merge with provenance and conflicts, records.

Texts and states are real: Working Group report A/HRC/26/6 (Viet Nam, UPR
cycle 2, Working Group session 18), paragraphs 143.10-143.13 and 143.198.
"""

from __future__ import annotations

import pytest

import upr
from upr import dataset as dataset_module
from upr.model.recommendations import recommendation_id

REVIEW = upr.Review.upr(
    "VNM", 18, hrc_session=26, documents=(upr.Document.from_symbol("A/HRC/26/6"),)
)
SYMBOL = "A/HRC/26/6"


def rec(
    paragraph: str | None,
    text: str,
    states: tuple[str, ...],
    response: str | None = "Accepted",
    source: str = "A/HRC/26/6",
    **extra: object,
) -> upr.Recommendation:
    symbol = SYMBOL if paragraph else None
    return upr.Recommendation(
        id=recommendation_id(symbol=symbol, paragraph=paragraph, review=REVIEW.id, text=text),
        text=text,
        review=REVIEW.id,
        mechanism="UPR",
        state_under_review="VNM",
        cycle=2,
        session=18,
        recommending_states=states,
        response=None if response is None else upr.Response.parse(response, source),
        symbol=symbol,
        paragraph=paragraph,
        provenance=(upr.FieldSource("*", source),),
        **extra,  # type: ignore[arg-type]
    )


P10 = rec(
    "143.10", "Take the necessary steps for timely ratification of CAT", ("DNK",), treaties=("CAT",)
)
P11 = rec("143.11", "Ensure prompt ratification of CAT", ("BEL",), treaties=("CAT",))
P13 = rec("143.13", "Ratify CAT as soon as possible", ("POL", "CHE"), treaties=("CAT",))
P198 = rec(
    "143.198",
    "Continue increasing investment in education and health through its successful social policies",
    ("VEN",),
    themes=("Right to education", "Right to health"),
)
DS = upr.Dataset([P10, P11, P13, P198], [REVIEW])


def test_len_iter_and_lookup() -> None:
    assert len(DS) == 4
    assert next(iter(DS)) is P10
    assert DS["A/HRC/26/6:143.13"] is P13
    assert "A/HRC/26/6:143.13" in DS
    assert DS.get("nope") is None
    with pytest.raises(KeyError, match="no recommendation with id 'nope'"):
        DS["nope"]
    assert DS.review("UPR-VNM-2") == REVIEW


@pytest.mark.parametrize(
    ("criteria", "expected"),
    [
        ({"state": "Viet Nam"}, 4),
        ({"state": "Vietnam", "treaty": "Convention against Torture"}, 3),
        ({"recommending_state": "Switzerland"}, 1),
        ({"recommending_state": ["Switzerland", "Denmark"]}, 2),
        ({"regional_group": "WEOG"}, 3),
        ({"regional_group": "GRULAC"}, 1),
        ({"cycle": 2, "mechanism": "UPR"}, 4),
        ({"mechanism": "ICCPR"}, 0),
        ({"response": "Supported"}, 4),
        ({"response": "noted"}, 0),
        ({"theme": "right to EDUCATION"}, 1),
        ({"review": "UPR-VNM-2"}, 4),
    ],
)
def test_filter_accepts_names_and_codes(criteria: dict[str, object], expected: int) -> None:
    assert len(DS.filter(**criteria)) == expected  # type: ignore[arg-type]


def test_filter_keeps_referenced_reviews() -> None:
    sub = DS.filter(treaty="CAT")
    assert sub.reviews == (REVIEW,)
    assert DS.filter(state="France").reviews == ()


def test_filter_unknown_name_is_a_clear_error() -> None:
    with pytest.raises(upr.UnknownNameError, match="unknown state 'Viet Man'.*Viet Nam"):
        DS.filter(state="Viet Man")


def test_filters_use_indexes_built_once(monkeypatch: pytest.MonkeyPatch) -> None:
    ds = upr.Dataset([P10, P11, P13, P198])
    calls = 0
    original = dataset_module._KEYS["treaty"]

    def counting(r: upr.Recommendation) -> object:
        nonlocal calls
        calls += 1
        return original(r)

    monkeypatch.setitem(dataset_module._KEYS, "treaty", counting)
    ds.filter(treaty="CAT")
    ds.filter(treaty="CAT")
    ds.filter(treaty="ICCPR")
    assert calls == 4  # one pass over the four recommendations, then dictionary lookups


def test_duplicate_ids_rejected() -> None:
    with pytest.raises(upr.dataset.DuplicateIdError):
        upr.Dataset([P10, P10])


def test_merge_same_paragraph_keeps_provenance_of_each_source() -> None:
    from_explorer = rec(
        "143.10",
        "Take the necessary steps for timely ratification of CAT",
        ("DNK",),
        "Supported",
        source="sdg-explorer:upr2.xlsx row 9",
        sdg_targets=("16.3",),
    )
    merged = DS.merge(upr.Dataset([from_explorer]))
    assert len(merged) == 4
    one = merged["A/HRC/26/6:143.10"]
    assert one.sdg_targets == ("16.3",)
    assert one.treaties == ("CAT",)
    assert set(one.sources("sdg_targets")) == {"A/HRC/26/6", "sdg-explorer:upr2.xlsx row 9"}
    assert merged.conflicts == ()  # Accepted and Supported are the same canonical response


def test_merge_matches_by_text_when_symbol_missing() -> None:
    uprinfo = rec(
        None, "Ratify CAT as soon as possible", ("POL", "CHE"), source="uprinfo:17-20.csv row 5"
    )
    merged = upr.Dataset([uprinfo]).merge(DS)
    assert len(merged) == 4
    assert "A/HRC/26/6:143.13" in merged  # the id with symbol and paragraph wins


def test_merge_reports_conflicts_instead_of_overwriting() -> None:
    noted = rec(
        "143.11",
        "Ensure prompt ratification of CAT",
        ("FRA",),
        "Noted",
        source="other.csv row 2",
    )
    merged = DS.merge(upr.Dataset([noted]))
    kept = merged["A/HRC/26/6:143.11"]
    assert kept.response is not None and kept.response.value is upr.ResponseValue.SUPPORTED
    fields = {c.field: c for c in merged.conflicts}
    assert set(fields) == {"response", "recommending_states"}
    assert "other.csv row 2" in str(fields["response"])
    assert kept.recommending_states == ("BEL", "FRA")


def test_a_part_of_a_paragraph_merges_into_it() -> None:
    """A/HRC/26/6 paragraph 143.15 joins three recommendations; UPR Info lists them apart."""
    paragraph = rec(
        "143.15",
        "Promptly ratify CAT and sign its Optional Protocol (France); Ensure speedy ratification"
        " of CAT and the Optional Protocol thereto (Czech Republic); Ratify CAT and its Optional"
        " Protocol (Austria, Uruguay)",
        ("FRA", "CZE", "AUT", "URY"),
        "will be examined",
    )
    parts = [
        rec(None, "Promptly ratify CAT and sign its Optional Protocol", ("FRA",), "Noted", "u r1"),
        rec(None, "Ratify CAT and its Optional Protocol", ("AUT",), "Noted", "u r2"),
        rec(None, "Ratify CAT and its Optional Protocol", ("URY",), "Noted", "u r3"),
    ]
    index = upr.dataset.RecommendationIndex([*parts, paragraph, P13])
    merged = index.records()
    assert len(merged) == 2
    one = merged[0]
    assert one.id == "A/HRC/26/6:143.15"
    assert one.text == paragraph.text
    assert one.recommending_states == ("AUT", "CZE", "FRA", "URY")
    assert one.response is not None
    assert one.response.value is upr.ResponseValue.NOTED
    assert index.conflicts == []


def test_to_records_are_flat() -> None:
    records = DS.to_records()
    assert records[2]["recommending_states"] == ["CHE", "POL"]
    assert records[2]["response"] == "supported"
    assert records[2]["response_raw"] == "Accepted"
    assert set(records[0]) == set(upr.dataset.RECORD_COLUMNS)
    assert upr.dataset.from_record(records[2]).recommending_states == P13.recommending_states


def test_dataset_is_immutable() -> None:
    with pytest.raises(AttributeError):
        DS.recommendations = ()  # type: ignore[misc]


def test_pending_response_is_superseded_by_the_final_one() -> None:
    pending = rec("143.12", "Ratify CAT", ("GAB", "MLI", "SVK"), "will be examined")
    final = rec(
        None, "Ratify CAT", ("GAB", "MLI", "SVK"), "Accepted", source="uprinfo:17-20.csv row 7"
    )
    merged = upr.Dataset([pending]).merge(upr.Dataset([final]))
    one = merged["A/HRC/26/6:143.12"]
    assert one.response is not None
    assert one.response.value is upr.ResponseValue.SUPPORTED
    assert merged.conflicts == ()
