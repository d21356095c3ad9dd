"""Dataset: lookup, indexed filters, merge with provenance and conflicts, records.

Texts and states are real: Working Group report A/HRC/26/6 (Viet Nam, UPR
cycle 2, Working Group session 18), paragraphs 143.10-143.13 and 143.198.
Records "read from the report" cite their own paragraph of it (the best
standing in fusion, see upr/core/fusion.py); the others cite a table row.
"""

from __future__ import annotations

import pytest

import upr
from upr.core import query
from upr.core.dataset import DuplicateIdError
from upr.core.records import RECORD_COLUMNS, from_record
from upr.model.recommendations import recommendation_id

REVIEW = upr.Review.upr(
    "VNM", 18, hrc_session=26, documents=(upr.Document.from_symbol("A/HRC/26/6"),)
)
SYMBOL = "A/HRC/26/6"
REPORT = "vietnam2014.txt"


def report(paragraph: str | None) -> upr.FieldSource:
    """The provenance of a record read from its paragraph of A/HRC/26/6."""
    return upr.FieldSource(
        "wg-report-txt", upr.Location(REPORT, symbol=SYMBOL, paragraph=paragraph)
    )


def row(source: str, file: str, number: int) -> upr.FieldSource:
    """The provenance of a record read from a table row."""
    return upr.FieldSource(source, upr.Location(file, row=number))


def rec(
    paragraph: str | None,
    text: str,
    states: tuple[str, ...],
    response: str | None = "Accepted",
    source: upr.FieldSource | None = None,
    **extra: object,
) -> upr.Recommendation:
    symbol = SYMBOL if paragraph else None
    source = source or report(paragraph)
    return upr.Recommendation(
        id=recommendation_id(symbol=symbol, paragraph=paragraph, review=REVIEW.id, text=text),
        text=text,
        review=REVIEW.id,
        mechanism="UPR",
        state_under_review="VNM",
        cycle=2,
        session=18,
        recommending_states=states,
        response=None if response is None else upr.Response.parse(response, str(source)),
        symbol=symbol,
        paragraph=paragraph,
        provenance=(source,),
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
    original = query.DIMENSIONS["treaty"]

    def counting(r: upr.Recommendation) -> object:
        nonlocal calls
        calls += 1
        return original(r)

    monkeypatch.setitem(query.DIMENSIONS, "treaty", counting)
    ds.filter(treaty="CAT")
    ds.filter(treaty="CAT")
    ds.filter(treaty="ICCPR")
    assert calls == 4  # one pass over the four recommendations, then dictionary lookups


def test_duplicate_ids_rejected() -> None:
    with pytest.raises(DuplicateIdError):
        upr.Dataset([P10, P10])


EXPLORER = row("sdg-explorer", "upr2.xlsx", 9)
UPR_INFO = row("uprinfo-csv", "17-20.csv", 5)


def test_merge_same_paragraph_keeps_provenance_of_each_source() -> None:
    from_explorer = rec(
        "143.10",
        "Take the necessary steps for timely ratification of CAT",
        ("DNK",),
        "Supported",
        source=EXPLORER,
        sdg_targets=("16.3",),
    )
    merged = DS.merge(upr.Dataset([from_explorer]))
    assert len(merged) == 4
    one = merged["A/HRC/26/6:143.10"]
    assert one.sdg_targets == ("16.3",)
    assert one.treaties == ("CAT",)
    # each field names the sources of its value: both gave the text and the response,
    # only the explorer the SDG targets, only the report the treaties
    wg = report("143.10")
    assert {s.location for s in one.sources("text")} == {wg.location, EXPLORER.location}
    assert {s.location for s in one.sources("response")} == {wg.location, EXPLORER.location}
    assert [s.location for s in one.sources("sdg_targets")] == [EXPLORER.location]
    assert [s.source for s in one.sources("treaties")] == ["wg-report-txt"]
    assert one.response is not None and one.response.raw == "Accepted"  # the report's label
    assert merged.source_records("A/HRC/26/6:143.10") == (P10, from_explorer)
    assert merged.conflicts == ()  # Accepted and Supported are the same canonical response
    assert upr.Dataset([from_explorer]).merge(DS) == merged


def test_merge_matches_by_text_when_symbol_missing() -> None:
    uprinfo = rec(None, "Ratify CAT as soon as possible", ("POL", "CHE"), source=UPR_INFO)
    merged = upr.Dataset([uprinfo]).merge(DS)
    assert len(merged) == 4
    assert "A/HRC/26/6:143.13" in merged  # the id with symbol and paragraph wins
    assert merged[uprinfo.id] is merged["A/HRC/26/6:143.13"]  # the row's own id still finds it
    assert merged.canonical_id(uprinfo.id) == "A/HRC/26/6:143.13"
    assert set(merged.source_records("A/HRC/26/6:143.13")) == {P13, uprinfo}
    assert DS.merge(upr.Dataset([uprinfo])) == merged


def test_merge_reports_conflicts_instead_of_overwriting() -> None:
    other = row("other-csv", "other.csv", 2)
    noted = rec("143.11", "Ensure prompt ratification of CAT", ("FRA",), "Noted", source=other)
    merged = DS.merge(upr.Dataset([noted]))
    kept = merged["A/HRC/26/6:143.11"]
    # the report's own paragraph outranks a table giving its number, in either order
    assert kept.response is not None and kept.response.value is upr.ResponseValue.SUPPORTED
    assert upr.Dataset([noted]).merge(DS) == merged
    fields = {c.field: c for c in merged.conflicts}
    assert set(fields) == {"response", "recommending_states"}
    response = fields["response"]
    assert response.kind is upr.ConflictKind.VALUES
    assert response.record == "A/HRC/26/6:143.11"
    assert response.kept == "supported"
    assert [(v.value, [str(s) for s in v.sources]) for v in response.values] == [
        ("supported", [f"wg-report-txt: {REPORT}, {SYMBOL}, paragraph 143.11"]),
        ("noted", ["other-csv: other.csv, row 2"]),
    ]
    assert "other.csv, row 2" in str(response)
    assert [v.value for v in fields["recommending_states"].values] == ["BEL", "FRA"]
    assert kept.recommending_states == ("BEL", "FRA")


def test_merge_of_sources_of_equal_standing_keeps_the_value_most_give() -> None:
    """Three tables give paragraph 143.11: two say noted, one supported; no report."""
    tables = [
        rec("143.11", P11.text, ("BEL",), label, source=row("sdg-explorer", f"t{n}.xlsx", n))
        for n, label in enumerate(["Supported", "Noted", "Noted"], start=1)
    ]
    merged = upr.fuse(tables)  # they share an id: source records, not a Dataset
    assert upr.Dataset(tables[:1]).merge(upr.fuse(tables[1:])) == merged
    kept = merged["A/HRC/26/6:143.11"]
    assert kept.response is not None and kept.response.value is upr.ResponseValue.NOTED
    (conflict,) = merged.conflicts
    assert [(v.value, len(v.sources)) for v in conflict.values] == [("noted", 2), ("supported", 1)]


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
        rec(
            None,
            "Promptly ratify CAT and sign its Optional Protocol",
            ("FRA",),
            "Noted",
            row("uprinfo-csv", "17-20.csv", 1),
        ),
        rec(
            None,
            "Ratify CAT and its Optional Protocol",
            ("AUT",),
            "Noted",
            row("uprinfo-csv", "17-20.csv", 2),
        ),
        rec(
            None,
            "Ratify CAT and its Optional Protocol",
            ("URY",),
            "Noted",
            row("uprinfo-csv", "17-20.csv", 3),
        ),
    ]
    merged = upr.fuse([*parts, paragraph, P13])
    assert len(merged) == 2
    assert [r.id for r in merged] == ["A/HRC/26/6:143.13", "A/HRC/26/6:143.15"]  # paragraph order
    one = merged["A/HRC/26/6:143.15"]
    assert one.text == paragraph.text
    assert one.recommending_states == ("AUT", "CZE", "FRA", "URY")
    assert one.response is not None
    assert one.response.value is upr.ResponseValue.NOTED
    assert set(merged.source_records(one.id)) == {paragraph, *parts}
    assert all(merged[p.id] is one for p in parts)
    assert merged.conflicts == ()
    assert upr.fuse([P13, paragraph, *reversed(parts)]) == merged


def test_to_records_are_flat() -> None:
    records = DS.to_records()
    assert records[2]["recommending_states"] == ["CHE", "POL"]
    assert records[2]["response"] == "supported"
    assert records[2]["response_raw"] == "Accepted"
    assert records[2]["sources"] == [f"wg-report-txt: {REPORT}, {SYMBOL}, paragraph 143.13"]
    assert set(records[0]) == set(RECORD_COLUMNS)
    back = from_record(records[2], upr.Location("flat.csv", line=4))
    assert back.recommending_states == P13.recommending_states
    assert back.provenance == (upr.FieldSource.parse(records[2]["sources"][0]),)
    assert back.provenance[0].location == P13.provenance[0].location


def test_dataset_is_immutable() -> None:
    with pytest.raises(AttributeError):
        DS.recommendations = ()  # type: ignore[misc]


def test_pending_response_is_superseded_by_the_final_one() -> None:
    pending = rec("143.12", "Ratify CAT", ("GAB", "MLI", "SVK"), "will be examined")
    final = rec(
        None, "Ratify CAT", ("GAB", "MLI", "SVK"), "Accepted", row("uprinfo-csv", "17-20.csv", 7)
    )
    merged = upr.Dataset([pending]).merge(upr.Dataset([final]))
    one = merged["A/HRC/26/6:143.12"]
    assert one.response is not None
    assert one.response.value is upr.ResponseValue.SUPPORTED
    # although the pending one comes from the report itself (the better standing)
    assert [s.source for s in one.sources("response")] == ["uprinfo-csv"]
    assert merged.conflicts == ()
    assert upr.Dataset([final]).merge(upr.Dataset([pending])) == merged
