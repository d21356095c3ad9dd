"""The ``ohchr-thematic`` importer (OHCHR thematic list of recommendations, DOCX).

``tests/data/thematic-lists`` holds byte copies of the two real China lists
and a cycle-IV layout built from real rows (see SOURCE.md); the full-file
checks over ``../shared/data/thematic-lists`` skip when it is absent.
"""

from __future__ import annotations

import collections
import tempfile
from collections.abc import Sequence
from pathlib import Path

import docx
import pytest
from hypothesis import given
from hypothesis import strategies as st

import upr
from importer_checks import assert_balanced, fuzz_settings, other_test_files, read_robustly
from upr.errors import DataError, UnknownNameError
from upr.io.importing import Confidence, Source
from upr.model.recommendations import ResponseValue
from upr_plugins.thematic import (
    ThematicListImporter,
    find_review_header,
    parse_recommendation,
    parse_sdgs,
    parse_themes,
    resolve_state,
    table_layout,
)

DATA = Path(__file__).resolve().parent / "data"
LISTS = DATA / "thematic-lists"
CHINA_2013 = LISTS / "china-2013-matrix.docx"
CHINA_2018 = LISTS / "china-2018-matrix.docx"
CYCLE4 = LISTS / "china-2018-cycle4-layout.docx"
FORMAT = "ohchr-thematic"
IMPORTER = ThematicListImporter()

OLD_HEADER = [
    "Recommendation",
    "Position",
    "Full list of themes",
    "Assessment/comments on level of implementation",
]
NEW_HEADER = [
    "Recommendation and recommending State",
    "Position of the State under review",
    "Human rights themes and groups of persons",
    "Relevant SDGs",
]
PAGE_HEADER = "UPR of China (2nd Cycle – 17th session)\t\t\tThematic list of recommendations"

# Real cells of china-2013-matrix.docx (table row 11 and row 10).
REC_186_3 = (
    "186.3. Consider ratifying ICCPR (Cape Verde);\n"
    "Source of position: A/HRC/25/5/Add.1 - Para. 186.3. "
)
THEMES_186_3 = (
    "A12 Acceptance of international norms\n"
    "D1 Civil & political rights - general measures of implementation\n"
    "Affected persons:\n- general"
)
REC_186_2 = (
    "186.2. Ratify as soon as possible ICCPR (Brazil); Speed up the ratification of the"
    " ICCPR, which has been already signed by China (Bulgaria); Speed up the process of the"
    " ratification of the ICCPR (Estonia); Expedite the ratification of the ICCPR (Ghana);\n"
    "Source of position: A/HRC/25/5/Add.1 - Para. 186.2. "
)

Row = Sequence[str] | str  # a str is a theme-group title spanning the row


def write_docx(
    path: Path, header: Sequence[str], rows: Sequence[Row], page_header: str | None = PAGE_HEADER
) -> Path:
    """A DOCX with one table (``header`` then ``rows``) and a page header."""
    document = docx.Document()
    if page_header is not None:
        document.sections[0].header.paragraphs[0].text = page_header
    table = document.add_table(rows=1, cols=len(header))
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for row in rows:
        cells = table.add_row().cells
        if isinstance(row, str):
            cells[0].merge(cells[-1]).text = row
        else:
            for cell, text in zip(cells, row, strict=True):
                cell.text = text
    document.save(str(path))
    return path


def read(path: Path) -> upr.ImportResult:
    return upr.read(path, format=FORMAT, errors="collect")


@pytest.fixture(scope="module")
def china2013() -> upr.ImportResult:
    return read(CHINA_2013)


@pytest.fixture(scope="module")
def china2018() -> upr.ImportResult:
    return read(CHINA_2018)


# -- the real lists ---------------------------------------------------------------


def test_china_2013(china2013: upr.ImportResult) -> None:
    report = china2013.report
    assert_balanced(report)
    assert (report.rows_read, report.created, report.merged, report.rejected) == (252, 252, 0, ())
    responses = collections.Counter(r.response_value for r in china2013.dataset)
    assert responses == {ResponseValue.SUPPORTED: 204, ResponseValue.NOTED: 48}
    (review,) = china2013.dataset.reviews
    assert (review.id, review.session, review.hrc_session) == ("UPR-CHN-2", 17, 25)
    assert [d.symbol for d in review.documents] == ["A/HRC/25/5", "A/HRC/25/5/Add.1"]


def test_china_2018(china2018: upr.ImportResult) -> None:
    report = china2018.report
    assert_balanced(report)
    assert (report.rows_read, report.created, report.merged, report.rejected) == (346, 346, 0, ())
    responses = collections.Counter(r.response_value for r in china2018.dataset)
    assert responses == {ResponseValue.SUPPORTED: 284, ResponseValue.NOTED: 62}
    (review,) = china2018.dataset.reviews
    assert (review.id, review.cycle, review.session, review.hrc_session) == (
        "UPR-CHN-3",
        3,
        31,
        40,
    )


def test_a_multi_state_paragraph(china2013: upr.ImportResult) -> None:
    record = china2013.dataset["A/HRC/25/5:186.2"]
    assert record.recommending_states == ("BGR", "BRA", "EST", "GHA")
    assert record.text.startswith("Ratify as soon as possible ICCPR (Brazil); Speed up")
    assert record.text.endswith("Expedite the ratification of the ICCPR (Ghana)")
    assert record.response is not None
    assert record.response.value is ResponseValue.NOTED
    assert record.response.raw == "Noted"
    assert record.response.source == "A/HRC/25/5/Add.1 para 186.2"
    assert record.themes == (
        "A12 Acceptance of international norms",
        "D1 Civil & political rights - general measures of implementation",
    )
    assert record.affected_persons == ("general",)
    assert record.session == 17
    assert record.provenance == (
        upr.FieldSource(FORMAT, upr.Location("china-2013-matrix.docx", sheet="table 1", row=11)),
    )
    assert str(record.provenance[0]) == (
        "ohchr-thematic: china-2013-matrix.docx, sheet 'table 1', row 11"
    )


def test_names_broken_by_word_runs_resolve(china2013: upr.ImportResult) -> None:
    """186.1 ends '(Sierra Le one); Ratify the ICCPR (France)'."""
    assert "SLE" in china2013.dataset["A/HRC/25/5:186.1"].recommending_states


def test_adjacent_attributions(china2018: upr.ImportResult) -> None:
    record = china2018.dataset["A/HRC/40/6:28.5"]
    assert len(record.recommending_states) == 11
    assert record.text == "Ratify the International Covenant on Civil and Political Rights"
    assert china2018.dataset["A/HRC/40/6:28.4"].recommending_states == ("MLI", "NZL", "URY")
    plan = china2018.dataset["A/HRC/40/6:28.74"]
    assert plan.recommending_states == ("KGZ",)
    assert plan.text.endswith("National Human Rights Action Plan (2016–2020)")


def test_sdg_themes_of_cycle_three_keep_their_codes(china2018: upr.ImportResult) -> None:
    themes = {t for r in china2018.dataset for t in r.themes}
    assert "S16 SDG 16 - peace, justice and strong institutions" in themes
    assert "F14 Participation of women in political and public life" in themes  # nbsp cleaned


def test_cycle_four_layout() -> None:
    result = read(CYCLE4)
    report = result.report
    assert_balanced(report)
    assert (report.rows_read, report.created, report.merged, report.rejected) == (10, 8, 2, ())
    record = result.dataset["A/HRC/40/6:28.264"]
    assert "SDG 4 - Quality education" in record.themes
    assert "SDG 16 - Peace, justice and strong institutions" in record.themes
    assert "Right to education - General" in record.themes
    assert "Acceptance of international norms" in record.themes
    assert record.affected_persons == ("children",)
    assert len(record.provenance) == 2  # the row and its repetition
    assert result.dataset["A/HRC/40/6:28.14"].response_value is ResponseValue.NOTED


def test_repeated_rows_collapse_with_all_their_themes(tmp_path: Path) -> None:
    """OHCHR repeats a recommendation under each of its theme groups."""
    second = THEMES_186_3.replace("A12 Acceptance of international norms\n", "")
    path = write_docx(
        tmp_path / "repeated.docx",
        OLD_HEADER,
        [
            "Theme: A12 Acceptance of international norms",
            [REC_186_3, "Supported", "A12 Acceptance of international norms", "\n"],
            "Theme: D1 Civil & political rights - general measures of implementation",
            [REC_186_3, "Supported", second, "\n"],
            [REC_186_2, "Noted", THEMES_186_3, "\n"],
        ],
    )
    result = read(path)
    report = result.report
    assert_balanced(report)
    assert (report.rows_read, report.created, report.merged) == (3, 2, 1)
    record = result.dataset["A/HRC/25/5:186.3"]
    assert record.themes == (
        "A12 Acceptance of international norms",
        "D1 Civil & political rights - general measures of implementation",
    )
    assert record.recommending_states == ("CPV",)
    assert record.text == "Consider ratifying ICCPR"
    rows = [(p.source, p.location) for p in record.provenance]
    assert rows == [
        (FORMAT, upr.Location("repeated.docx", sheet="table 1", row=3)),
        (FORMAT, upr.Location("repeated.docx", sheet="table 1", row=5)),
    ]
    # each row vouches for the themes it lists
    assert [p.location.row for p in record.sources("themes")] == [3, 5]


def test_columns_found_by_name_and_other_tables_skipped(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph(PAGE_HEADER)
    cover = document.add_table(rows=1, cols=2)
    cover.rows[0].cells[0].text = "Prepared by"
    shuffled = document.add_table(rows=2, cols=3)
    for cell, text in zip(
        shuffled.rows[0].cells, ["Position", "Full list of themes", "Recommendation"], strict=True
    ):
        cell.text = text
    for cell, text in zip(
        shuffled.rows[1].cells, ["Supported", THEMES_186_3, REC_186_3], strict=True
    ):
        cell.text = text
    path = tmp_path / "two-tables.docx"
    document.save(str(path))
    result = read(path)
    assert result.report.created == 1
    record = result.dataset["A/HRC/25/5:186.3"]
    assert record.response_value is ResponseValue.SUPPORTED
    (source,) = next(iter(result.dataset)).provenance
    assert source == upr.FieldSource(
        FORMAT, upr.Location("two-tables.docx", sheet="table 2", row=2)
    )
    assert str(source).endswith("sheet 'table 2', row 2")


# -- unit tests of the mapping ------------------------------------------------------


def test_parse_recommendation_single_state() -> None:
    cell = parse_recommendation(REC_186_3)
    assert cell.paragraph == "186.3"
    assert cell.text == "Consider ratifying ICCPR"
    assert cell.recommending_states == ("CPV",)
    assert (cell.source_symbol, cell.source_paragraph) == ("A/HRC/25/5/Add.1", "186.3")


def test_parse_recommendation_cycle_three_numbering() -> None:
    cell = parse_recommendation(
        "28.13 Ratify the Optional Protocol to the Convention against Torture and Other Cruel,"
        " Inhuman or Degrading Treatment or Punishment (Denmark) (Estonia);\n"
        "Source of position: A/HRC/40/6/Add.1 - Para. 2"
    )
    assert cell.paragraph == "28.13"
    assert cell.recommending_states == ("DNK", "EST")
    assert cell.source_paragraph == "2"


def test_parse_recommendation_nested_and_broken_names() -> None:
    cell = parse_recommendation("1.1 Do something (Bolivia (Plurinational S tate of));")
    assert cell.recommending_states == ("BOL",)
    assert cell.text == "Do something"
    assert parse_recommendation("1.2 Act (Italy, Poland).").recommending_states == ("ITA", "POL")


def test_parse_recommendation_errors() -> None:
    with pytest.raises(ValueError, match="no recommending State"):
        parse_recommendation("186.9. Ratify ICCPR;")
    with pytest.raises(UnknownNameError, match="Atlantis"):
        parse_recommendation("186.9. Ratify ICCPR (Atlantis);")
    with pytest.raises(ValueError, match="no recommendation text"):
        parse_recommendation("186.9. (France);")


def test_parse_themes() -> None:
    assert parse_themes(THEMES_186_3) == (
        (
            "A12 Acceptance of international norms",
            "D1 Civil & political rights - general measures of implementation",
        ),
        ("general",),
    )
    assert parse_themes("- Right to education\nGroups of persons:\n- children") == (
        ("Right to education",),
        ("children",),
    )
    assert parse_themes("") == ((), ())


def test_parse_sdgs() -> None:
    assert parse_sdgs("- 16 - PEACE, JUSTICE AND STRONG INSTITUTIONS\n- 4 - QUALITY EDUCATION") == (
        ("SDG 16 - Peace, justice and strong institutions", "SDG 4 - Quality education"),
        (),
    )
    assert parse_sdgs("- 16.3 - Promote the rule of law") == ((), ("16.3",))
    with pytest.raises(UnknownNameError):
        parse_sdgs("- 18 - NOT A GOAL")


def test_find_review_header() -> None:
    found = find_review_header(["", PAGE_HEADER])
    assert found is not None
    assert (found.state, found.cycle, found.session) == ("China", 2, 17)
    assert find_review_header(["Thematic list of recommendations"]) is None


def test_table_layout() -> None:
    old = table_layout(OLD_HEADER)
    assert old is not None and (old.recommendation, old.position, old.themes, old.sdgs) == (
        0,
        1,
        2,
        None,
    )
    new = table_layout(NEW_HEADER)
    assert new is not None and new.sdgs == 3
    assert table_layout(["Prepared by", ""]) is None


def test_resolve_state() -> None:
    assert resolve_state("Sierra Le one") == "SLE"
    assert resolve_state("Czech Republic") == "CZE"
    with pytest.raises(UnknownNameError):
        resolve_state("Atlantis")


# -- errors ----------------------------------------------------------------------------


def test_bad_rows_name_file_table_row_field_and_reason(tmp_path: Path) -> None:
    path = write_docx(
        tmp_path / "bad.docx",
        NEW_HEADER,
        [
            "Theme: Acceptance of international norms",
            [REC_186_3, "Maybe", "Acceptance of international norms", ""],
            [REC_186_3.replace("Cape Verde", "Atlantis"), "Supported", "", ""],
            [REC_186_3, "Supported", "", "- 99 - NO SUCH GOAL"],
            [REC_186_2, "Noted", "", "- 16 - PEACE, JUSTICE AND STRONG INSTITUTIONS"],
        ],
    )
    report = read(path).report
    assert_balanced(report)
    assert (report.created, len(report.rejected)) == (1, 3)
    where = [(p.location.sheet, p.location.row, p.location.field) for p in report.rejected]
    assert where == [
        ("table 1", 3, "Position of the State under review"),
        ("table 1", 4, "Recommendation and recommending State"),
        ("table 1", 5, "Relevant SDGs"),
    ]
    assert "Maybe" in report.rejected[0].reason
    assert "Atlantis" in report.rejected[1].reason
    text = str(report.rejected[0])
    assert str(path) in text and "sheet 'table 1'" in text and "row 3" in text


def test_raise_mode(tmp_path: Path) -> None:
    path = write_docx(tmp_path / "bad.docx", OLD_HEADER, [[REC_186_3, "Maybe", "", ""]])
    with pytest.raises(DataError) as caught:
        upr.read(path, format=FORMAT)
    assert (caught.value.location.row, caught.value.location.field) == (2, "Position")


def test_docx_without_tables(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph(PAGE_HEADER)
    path = tmp_path / "no-table.docx"
    document.save(str(path))
    with pytest.raises(DataError, match="no table with thematic-list headers"):
        upr.read(path, format=FORMAT)
    assert IMPORTER.sniff(Source(path)) == Confidence.NONE


def test_docx_without_review_header(tmp_path: Path) -> None:
    path = write_docx(
        tmp_path / "anonymous.docx", OLD_HEADER, [[REC_186_3, "Supported", "", ""]], None
    )
    with pytest.raises(DataError) as caught:
        upr.read(path, format=FORMAT)
    assert caught.value.location.field == "header"
    assert "UPR of China" in caught.value.reason


def test_header_session_must_match_cycle(tmp_path: Path) -> None:
    path = write_docx(
        tmp_path / "wrong.docx",
        OLD_HEADER,
        [[REC_186_3, "Supported", "", ""]],
        "UPR of China (3rd Cycle – 17th session)",
    )
    with pytest.raises(DataError, match="belongs to cycle 2"):
        upr.read(path, format=FORMAT)


# -- detection ----------------------------------------------------------------------


def test_auto_detection_picks_this_importer() -> None:
    for path in (CHINA_2013, CHINA_2018, CYCLE4):
        assert IMPORTER.sniff(Source(path)) == Confidence.CERTAIN
        assert upr.read(path, errors="collect").report.format == FORMAT


def test_does_not_claim_other_formats() -> None:
    others = list(other_test_files(DATA, LISTS))
    assert others
    for path in others:
        assert IMPORTER.sniff(Source(path)) == Confidence.NONE, path


# -- fuzz ------------------------------------------------------------------------


FUZZ = fuzz_settings(50)


@FUZZ
@given(st.binary(max_size=2048))
def test_fuzz_random_bytes(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "random.docx"
        path.write_bytes(data)
        read_robustly(path, FORMAT)


@FUZZ
@given(st.integers(min_value=0, max_value=CHINA_2018.stat().st_size))
def test_fuzz_truncated_real_file(size: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "truncated.docx"
        path.write_bytes(CHINA_2018.read_bytes()[:size])
        read_robustly(path, FORMAT)


texts = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cc", "Cs")), max_size=80)


@FUZZ
@given(st.lists(st.lists(texts, min_size=4, max_size=4), max_size=5), st.booleans())
def test_fuzz_cells(rows: list[list[str]], cycle4: bool) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = write_docx(
            Path(folder) / "cells.docx",
            NEW_HEADER if cycle4 else OLD_HEADER,
            [*rows, [REC_186_3, "Supported", "", ""]],
        )
        read_robustly(path, FORMAT)


# -- full files ------------------------------------------------------------------------


@pytest.mark.shared_data
@pytest.mark.parametrize(
    ("name", "recommendations", "supported", "review"),
    [("china-2013-matrix", 252, 204, "UPR-CHN-2"), ("china-2018-matrix", 346, 284, "UPR-CHN-3")],
)
def test_full_file(
    shared_data: Path, name: str, recommendations: int, supported: int, review: str
) -> None:
    path = shared_data / "thematic-lists" / f"{name}.docx"
    result = upr.read(path, errors="collect")  # auto-detected
    report = result.report
    assert report.format == FORMAT
    assert_balanced(report)
    assert report.rejected == ()
    assert len(result.dataset) == recommendations
    assert sum(r.response is not None and r.response.supported for r in result.dataset) == supported
    assert {r.review for r in result.dataset} == {review}
    assert all(r.paragraph and r.symbol for r in result.dataset)
