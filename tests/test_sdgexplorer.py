"""The ``sdg-explorer`` importer (DIHR SDG-Human Rights Data Explorer, XLSX).

Slices of the real exports are in ``tests/data/sdg-explorer`` (see SOURCE.md);
the full-file checks over ``../shared/data/sdg-explorer`` skip when it is absent.
"""

from __future__ import annotations

import collections
import io
import random
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl  # type: ignore[import-untyped,unused-ignore]
import pytest
from hypothesis import given
from hypothesis import strategies as st

import shared_reads
import upr
from importer_checks import assert_balanced, fuzz_settings, other_test_files, read_robustly
from upr.errors import DataError, UnknownNameError
from upr.io.importing import Confidence, Source
from upr.model.conflicts import ConflictKind
from upr.model.recommendations import RecommendationKind, ResponseValue
from upr_plugins.sdgexplorer import (
    COLUMNS,
    SdgExplorerImporter,
    parse_document,
    parse_field_year,
    parse_targets,
    report_state,
    split_keywords,
)

DATA = Path(__file__).resolve().parent / "data"
SLICES = DATA / "sdg-explorer"
UPR1 = SLICES / "upr1-slice.xlsx"  # 83 rows of upr1.xlsx, see SOURCE.md
UPR2 = SLICES / "upr2-slice.xlsx"  # 308 rows of upr2.xlsx incl. all of A/HRC/26/6
FORMAT = "sdg-explorer"
IMPORTER = SdgExplorerImporter()

# A real row (upr2.xlsx row 35221, Viet Nam 143.40), used to build test workbooks.
REAL_ROW: dict[str, Any] = {
    "Goals": "16. Peace, justice and strong institutions",
    "Recommendation": "Viet Nam",
    "Tekst": "Establish an independent national human rights institution in accordance"
    " with the Paris Principles",
    "Targets": "16.a",
    "Keywords": None,
    "Response": "Noted",
    "Recommending state": "Portugal",
    "Mechanism": "(Universal Periodic Review)",
    "Procedures": None,
    "Treaties": None,
    "Type": "Recommendation",
    "field_year": "2014 Cycle 2",
    "Document": "Source:A/HRC/26/6|143.40|",
}


def write_xlsx(path: Path, header: Sequence[Any], rows: Sequence[Sequence[Any]]) -> Path:
    """A one-sheet workbook with ``header`` then ``rows``."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Explorer"
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


def row_with(**changes: Any) -> list[Any]:
    """The real row with some cells changed (keys use ``_`` for spaces)."""
    values = dict(REAL_ROW)
    for key, value in changes.items():
        values[key.replace("_", " ") if key != "field_year" else key] = value
    return [values[c] for c in COLUMNS]


def read(path: Path, **kwargs: Any) -> upr.ImportResult:
    return upr.read(path, format=FORMAT, errors="collect", **kwargs)


@pytest.fixture(scope="module")
def upr1() -> upr.ImportResult:
    return read(UPR1)


@pytest.fixture(scope="module")
def upr2() -> upr.ImportResult:
    return read(UPR2)


# -- the slices ----------------------------------------------------------------


def test_slices_are_balanced_and_clean(upr1: upr.ImportResult, upr2: upr.ImportResult) -> None:
    for result, rows in ((upr1, 83), (upr2, 308)):
        report = result.report
        assert_balanced(report)
        assert report.rows_read == rows
        assert report.rejected == ()
        assert report.format == FORMAT


def test_viet_nam_second_review(upr2: upr.ImportResult) -> None:
    """A/HRC/26/6: 252 rows -> 226 paragraphs (143.12 is missing from the explorer)."""
    vietnam = [r for r in upr2.dataset if r.symbol == "A/HRC/26/6"]
    assert len(vietnam) == 226
    paragraphs = {r.paragraph for r in vietnam}
    assert "143.12" not in paragraphs
    assert {"143.1", "143.11", "143.13", "143.227"} <= paragraphs
    responses = collections.Counter(r.response_value for r in vietnam)
    assert responses == {ResponseValue.SUPPORTED: 181, ResponseValue.NOTED: 45}
    assert len({s for r in vietnam for s in r.recommending_states}) == 101
    review = upr2.dataset.review("UPR-VNM-2")
    assert review is not None
    assert review.cycle == 2
    assert review.session is None  # the row does not say which WG session
    assert review.hrc_session == 26
    assert [d.symbol for d in review.documents] == ["A/HRC/26/6"]
    assert review.documents[0].kind is upr.DocumentKind.WORKING_GROUP_REPORT


def test_rows_of_one_paragraph_merge_with_all_states(upr2: upr.ImportResult) -> None:
    record = upr2.dataset["A/HRC/26/6:143.41"]
    assert record.recommending_states == ("COG", "FRA", "MDG", "TGO")
    assert record.response_value is ResponseValue.NOTED
    assert record.sdg_targets == ("16.a",)
    assert record.state_under_review == "VNM"
    assert record.mechanism == "UPR"
    assert record.kind is RecommendationKind.RECOMMENDATION
    # upr2-slice.xlsx rows 114-117: Togo, France, Congo, Madagascar
    assert [(p.source, p.location) for p in record.provenance] == [
        (FORMAT, upr.Location("upr2-slice.xlsx", row=n, sheet="Explorer"))
        for n in (114, 115, 116, 117)
    ]
    assert record.sources("recommending_states") == record.provenance
    assert str(record.provenance[0]) == "sdg-explorer: upr2-slice.xlsx, sheet 'Explorer', row 114"
    # extra states of one paragraph are not conflicts
    assert not [
        c
        for c in upr2.report.conflicts
        if c.record == record.id and c.field == "recommending_states"
    ]


def test_different_wordings_and_responses_of_one_paragraph_are_conflicts(
    upr1: upr.ImportResult,
) -> None:
    """A/HRC/12/11 para 100.1: three States' parts, Noted for Mexico, Supported for two."""
    record = upr1.dataset["A/HRC/12/11:100.1"]
    assert record.recommending_states == ("BLR", "MEX", "MYS")
    fields = collections.Counter(c.field for c in upr1.report.conflicts if c.record == record.id)
    assert fields["response"] >= 1
    assert fields["text"] >= 1


def test_excel_number_ambiguity_is_recorded(upr2: upr.ImportResult) -> None:
    ambiguous = [
        c
        for c in upr2.report.conflicts
        if c.field == "sdg_targets" and c.values[0].value in ("16.1", "8.1")
    ]
    assert ambiguous
    for conflict in ambiguous:
        assert conflict.kind is ConflictKind.SOURCE
        literal, other = conflict.values[0].value, conflict.values[1].value
        assert other.startswith(literal + "0 ")
        (where,) = conflict.values[0].sources
        assert (where.source, where.file, where.fields) == (
            FORMAT,
            "upr2-slice.xlsx",
            ("sdg_targets",),
        )
        assert where.location.row is not None
        assert literal in upr2.dataset[conflict.record].sdg_targets


def test_goals_without_targets_are_recorded(upr2: upr.ImportResult) -> None:
    """upr2.xlsx row 31364: Goals 4 and 14, Targets only 14.4."""
    found = [c for c in upr2.report.conflicts if "Goals: 4. Quality education" in str(c)]
    assert len(found) == 1
    assert upr2.dataset[found[0].record].sdg_targets == ("14.4",)


def test_text_target_lists_and_upper_case_letters(upr2: upr.ImportResult) -> None:
    """upr2.xlsx row 23257: '11.4, 14.B, 2.3'."""
    record = upr2.dataset["A/HRC/27/3:131.184"]
    assert record.sdg_targets == ("11.4", "14.b", "2.3")


def test_old_marker_on_the_symbol(upr2: upr.ImportResult) -> None:
    saudi = sorted(r.id for r in upr2.dataset if r.state_under_review == "SAU")
    assert saudi == [
        "A/HRC/25/3:138.140",
        "A/HRC/25/3:138.174",
        "A/HRC/25/3:138.34",
        "A/HRC/25/3:138.54",
    ]


def test_bare_paragraph_numbers_are_not_ids(upr1: upr.ImportResult) -> None:
    """Cambodia A/HRC/13/4: '|46|' is shared by two different recommendations of Brazil."""
    cambodia = [r for r in upr1.dataset if r.state_under_review == "KHM"]
    assert len(cambodia) == 16
    assert all(r.paragraph is None and r.id.startswith("UPR-KHM-1#") for r in cambodia)
    assert all(r.symbol == "A/HRC/13/4" for r in cambodia)


def test_one_report_one_state(upr1: upr.ImportResult) -> None:
    """A/HRC/18/16 is Sudan's review; South Sudan rows keep their State, not the ids."""
    assert upr1.dataset["A/HRC/18/16:84.1"].state_under_review == "SDN"
    south = [r for r in upr1.dataset if r.state_under_review == "SSD"]
    assert len(south) == 6
    assert all(r.id.startswith("UPR-SSD-1#") and r.symbol == "A/HRC/18/16" for r in south)
    conflicts = [c for c in upr1.report.conflicts if c.field == "state_under_review"]
    assert len(conflicts) == 6
    assert conflicts[0].values[0].value == "SSD"
    assert conflicts[0].values[1].value == "SDN"
    # upr1-slice.xlsx rows 60-65 are the South Sudan rows of A/HRC/18/16
    assert {c.values[0].sources[0].location.row for c in conflicts} == set(range(60, 66))
    assert conflicts[0].values[1].sources == (
        upr.FieldSource(
            FORMAT,
            upr.Location("upr1-slice.xlsx", sheet="Explorer", symbol="A/HRC/18/16"),
            ("state_under_review",),
        ),
    )
    assert upr1.dataset.review("UPR-SSD-1") is not None


def test_identical_texts_of_different_paragraphs_are_never_silent(
    upr2: upr.ImportResult,
) -> None:
    """Albania A/HRC/27/4 122.107/122.108/122.112: the same words from three States.

    Either they stay three records, or the sink's text match fused them and a
    conflict on ``paragraph`` says so.
    """
    albania = {r.paragraph for r in upr2.dataset if r.state_under_review == "ALB"}
    fused = [
        c for c in upr2.report.conflicts if c.field == "paragraph" and "A/HRC/27/4" in c.record
    ]
    assert {"122.107", "122.108", "122.112"} <= albania or len(fused) >= 2


def test_keywords_are_affected_persons(upr2: upr.ImportResult) -> None:
    persons = {p for r in upr2.dataset for p in r.affected_persons}
    assert "Women and girls" in persons
    assert all(r.themes == () for r in upr2.dataset)


# -- unit tests of the mapping ------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "targets", "ambiguous"),
    [
        (16.1, ("16.1",), (("16.1", "16.10"),)),
        (8.1, ("8.1",), (("8.1", "8.10"),)),
        (17.1, ("17.1",), (("17.1", "17.10"),)),
        (4.1, ("4.1",), ()),  # goal 4 has no target 4.10
        (4.7, ("4.7",), ()),
        (17.18, ("17.18",), ()),
        ("16.10, 16.3", ("16.10", "16.3"), ()),  # text keeps the trailing zero
        ("16.1", ("16.1",), ()),
        ("11.4, 14.B, 2.3", ("11.4", "14.b", "2.3"), ()),
        ("16.a", ("16.a",), ()),
        (None, (), ()),
        ("", (), ()),
    ],
)
def test_parse_targets(value: Any, targets: tuple[str, ...], ambiguous: Any) -> None:
    reading = parse_targets(value)
    assert reading.targets == targets
    assert reading.ambiguous == ambiguous


@pytest.mark.parametrize("value", [4.8, 16, 18.1, "16.99", "sixteen", True])
def test_parse_targets_rejects_non_targets(value: Any) -> None:
    with pytest.raises(UnknownNameError):
        parse_targets(value)


@pytest.mark.parametrize(
    ("cell", "symbol", "paragraph"),
    [
        ("Source:A/HRC/26/6|143.1|", "A/HRC/26/6", "143.1"),
        ("Source:A/HRC/26/6|143.227|", "A/HRC/26/6", "143.227"),
        ("Source:A/HRC/13/4|46|", "A/HRC/13/4", None),
        ("Source:A/HRC/33/17|42.|", "A/HRC/33/17", None),
        ("Source:A/HRC/14/8", "A/HRC/14/8", None),
        ("Source:A/HRC/25/3OLD|138.34|", "A/HRC/25/3", "138.34"),
        ("A/HRC/26/6|143.1", "A/HRC/26/6", "143.1"),
    ],
)
def test_parse_document(cell: str, symbol: str, paragraph: str | None) -> None:
    ref = parse_document(cell)
    assert (ref.symbol, ref.paragraph) == (symbol, paragraph)


def test_parse_document_keeps_raw_parts() -> None:
    ref = parse_document("Source:A/HRC/25/3OLD|138.34|")
    assert ref.marker == "OLD"
    assert parse_document("Source:A/HRC/13/4|46|").raw_paragraph == "46"


@pytest.mark.parametrize("cell", ["", "CCPR/C/VNM/CO/3", "Source:A/HRC/26/6|abc|", "143.1"])
def test_parse_document_rejects(cell: str) -> None:
    with pytest.raises(ValueError, match="not"):
        parse_document(cell)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Women and girls", ("Women and girls",)),
        ("Women and girlsChildren", ("Women and girls", "Children")),
        (
            "Women and girlsLGBTIChildrenIndigenous peoples",
            ("Women and girls", "LGBTI", "Children", "Indigenous peoples"),
        ),
        ("LGBTIMembers of minorities", ("LGBTI", "Members of minorities")),
        ("MigrantsRefugees and asylum-seekers", ("Migrants", "Refugees and asylum-seekers")),
        ("Rural womenChildren", ("Rural women", "Children")),  # unknown labels are kept
        ("Children, Youth", ("Children", "Youth")),
        ("", ()),
    ],
)
def test_split_keywords(cell: str, expected: tuple[str, ...]) -> None:
    assert split_keywords(cell) == expected


def test_parse_field_year() -> None:
    assert parse_field_year("2014 Cycle 2") == (2014, 2)
    assert parse_field_year("2008 Cycle 1") == (2008, 1)
    assert parse_field_year(2014) == (2014, 2)
    with pytest.raises(ValueError, match="cycles"):
        parse_field_year("2022")  # cycles 3 and 4
    with pytest.raises(UnknownNameError):
        parse_field_year("2014 Cycle 9")


def test_report_state_majority_then_code() -> None:
    assert report_state(collections.Counter({"SDN": 198, "SSD": 33})) == "SDN"
    assert report_state(collections.Counter({"SSD": 2, "SDN": 2})) == "SDN"


# -- errors ----------------------------------------------------------------------------


def test_bad_rows_name_file_row_field_and_reason(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "bad.xlsx",
        COLUMNS,
        [
            row_with(),
            row_with(Recommendation="Atlantis"),
            row_with(Response="Maybe"),
            row_with(Targets=4.8),
            row_with(Document="A/HRC/26/6 para 143.40"),
            row_with(Tekst="  "),
            row_with(Mechanism="(Committee against Torture)"),
            row_with(Treaties="Convention on Everything"),
            row_with(field_year="last year"),
            row_with(Recommending_state="Narnia"),
        ],
    )
    result = read(path)
    report = result.report
    assert_balanced(report)
    assert (report.created, report.merged, len(report.rejected)) == (1, 0, 9)
    fields = [(p.location.row, p.location.field) for p in report.rejected]
    assert fields == [
        (3, "Recommendation"),
        (4, "Response"),
        (5, "Targets"),
        (6, "Document"),
        (7, "Tekst"),
        (8, "Mechanism"),
        (9, "Treaties"),
        (10, "field_year"),
        (11, "Recommending state"),
    ]
    first = report.rejected[0]
    assert first.location.file == str(path)
    assert first.location.sheet == "Explorer"
    assert "Atlantis" in first.reason
    text = str(first)
    assert str(path) in text and "row 3" in text and "'Recommendation'" in text


def test_raise_mode_stops_at_the_first_bad_row(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "bad.xlsx", COLUMNS, [row_with(), row_with(Response="Maybe")])
    with pytest.raises(DataError) as caught:
        upr.read(path, format=FORMAT)
    assert caught.value.location.row == 3
    assert caught.value.location.field == "Response"
    assert "Maybe" in caught.value.reason


def test_missing_column_is_a_file_error(tmp_path: Path) -> None:
    header = [c for c in COLUMNS if c != "Document"]
    path = write_xlsx(tmp_path / "no-document.xlsx", header, [row_with()[:-1]])
    with pytest.raises(DataError) as caught:
        upr.read(path, format=FORMAT, errors="raise")
    assert caught.value.location.row == 1
    assert caught.value.location.field == "Document"
    assert "missing column" in caught.value.reason


def test_not_a_zip_is_a_file_error(tmp_path: Path) -> None:
    path = tmp_path / "fake.xlsx"
    path.write_bytes(b"Goals,Recommendation\n")
    with pytest.raises(DataError, match="zip"):
        upr.read(path, format=FORMAT)


def test_empty_workbook_is_a_file_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.xlsx"
    openpyxl.Workbook().save(path)
    with pytest.raises(DataError, match="empty sheet|missing column"):
        upr.read(path, format=FORMAT)


def test_shuffled_columns_and_empty_rows(tmp_path: Path) -> None:
    order = list(reversed(COLUMNS))
    row = dict(zip(COLUMNS, row_with(), strict=True))
    path = write_xlsx(
        tmp_path / "shuffled.xlsx",
        order,
        [[row[c] for c in order], [None] * len(order), [row[c] for c in order]],
    )
    report = read(path).report
    assert (report.rows_read, report.created, report.merged) == (2, 1, 1)
    assert IMPORTER.sniff(Source(path)) == Confidence.CERTAIN


def test_optional_columns_may_be_absent(tmp_path: Path) -> None:
    keep = ["Recommendation", "Tekst", "Response", "Recommending state", "field_year", "Document"]
    row = dict(zip(COLUMNS, row_with(), strict=True))
    path = write_xlsx(tmp_path / "minimal.xlsx", keep, [[row[c] for c in keep]])
    result = read(path)
    assert result.report.created == 1
    record = result.dataset["A/HRC/26/6:143.40"]
    assert record.sdg_targets == ()
    assert record.mechanism == "UPR"


# -- detection ----------------------------------------------------------------------


def test_auto_detection_picks_this_importer() -> None:
    for path in (UPR1, UPR2):
        assert upr.read(path, errors="collect").report.format == FORMAT
        assert IMPORTER.sniff(Source(path)) == Confidence.CERTAIN


def test_does_not_claim_other_formats() -> None:
    others = list(other_test_files(DATA, SLICES))
    assert others
    for path in others:
        assert IMPORTER.sniff(Source(path)) == Confidence.NONE, path


# -- fuzz ------------------------------------------------------------------------


FUZZ = fuzz_settings(50)


@FUZZ
@given(st.binary(max_size=2048))
def test_fuzz_random_bytes(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "random.xlsx"
        path.write_bytes(b"PK\x03\x04" + data if data[:1] == b"\x00" else data)
        read_robustly(path, FORMAT)


@FUZZ
@given(st.integers(min_value=0, max_value=UPR1.stat().st_size))
def test_fuzz_truncated_real_file(size: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "truncated.xlsx"
        path.write_bytes(UPR1.read_bytes()[:size])
        read_robustly(path, FORMAT)


@FUZZ
@given(st.randoms(use_true_random=False), st.integers(min_value=0, max_value=len(COLUMNS)))
def test_fuzz_shuffled_and_missing_columns(rnd: random.Random, drop: int) -> None:
    columns = list(COLUMNS)
    rnd.shuffle(columns)
    columns = columns[drop:]
    row = dict(zip(COLUMNS, row_with(), strict=True))
    with tempfile.TemporaryDirectory() as folder:
        path = write_xlsx(Path(folder) / "shuffled.xlsx", columns, [[row[c] for c in columns]])
        read_robustly(path, FORMAT)


cell_values = st.one_of(
    st.none(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cc", "Cs")), max_size=60),
    # huge cells: a short random piece repeated up to Excel's 32,767-character limit
    st.builds(
        lambda piece, times: (piece * times)[:32_000],
        st.text(alphabet="ab (),;|.0123456789", min_size=1, max_size=12),
        st.integers(min_value=500, max_value=32_000),
    ),
)


@FUZZ
@given(st.lists(cell_values, min_size=len(COLUMNS), max_size=len(COLUMNS)))
def test_fuzz_cells_including_huge_ones(values: list[Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = write_xlsx(Path(folder) / "cells.xlsx", COLUMNS, [row_with(), values])
        read_robustly(path, FORMAT)


def test_huge_text_cell_is_kept(tmp_path: Path) -> None:
    text = "Ratify the Convention " * 1_400  # about 30,000 characters
    path = write_xlsx(tmp_path / "huge.xlsx", COLUMNS, [row_with(Tekst=text)])
    result = read(path)
    assert result.report.created == 1
    assert len(next(iter(result.dataset)).text) > 29_000


def test_in_memory_bytes_of_slice_unchanged() -> None:
    """The slices are real workbooks openpyxl reads (guards against LFS pointers)."""
    book = openpyxl.load_workbook(io.BytesIO(UPR2.read_bytes()), read_only=True)
    header = next(book.worksheets[0].iter_rows(max_row=1, values_only=True))
    assert tuple(header) == COLUMNS
    book.close()


# -- full files ------------------------------------------------------------------------


def _full(path: Path) -> upr.ImportResult:
    """Each full file is read once per test process (auto-detected, collecting problems)."""
    return shared_reads.read(path)


@pytest.mark.shared_data
@pytest.mark.parametrize(("name", "rows", "cycle"), [("upr1", 20_678, 1), ("upr2", 35_996, 2)])
def test_full_file(shared_data: Path, name: str, rows: int, cycle: int) -> None:
    path = shared_data / "sdg-explorer" / f"{name}.xlsx"
    assert IMPORTER.sniff(Source(path)) == Confidence.CERTAIN
    result = _full(path)
    report = result.report
    assert report.format == FORMAT
    assert_balanced(report)
    assert report.rows_read == rows
    assert report.rejected == ()
    assert {r.cycle for r in result.dataset} == {cycle}
    assert len(result.dataset.reviews) == 193
    ambiguous_rows = sum(
        len(c.values[0].sources)
        for c in report.conflicts
        if c.field == "sdg_targets"
        and c.values[1].value.endswith(f"(the same Excel number {c.values[0].value})")
    )
    assert ambiguous_rows == {1: 1_068, 2: 1_744}[cycle]


@pytest.mark.shared_data
def test_full_file_viet_nam_2014(shared_data: Path) -> None:
    result = _full(shared_data / "sdg-explorer" / "upr2.xlsx")
    vietnam = [r for r in result.dataset if r.symbol == "A/HRC/26/6"]
    assert len(vietnam) == 226
    responses = collections.Counter(r.response_value for r in vietnam)
    assert responses == {ResponseValue.SUPPORTED: 181, ResponseValue.NOTED: 45}
