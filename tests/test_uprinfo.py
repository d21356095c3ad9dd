"""The UPR Info importers: ``uprinfo-csv``, ``uprinfo-xlsx`` and ``uprinfo-sessions``.

Slices of the real export are in ``tests/data/uprinfo`` (see SOURCE.md); the
full-file checks over ``../shared/data/uprinfo`` skip when it is absent.
"""

from __future__ import annotations

import codecs
import collections
import csv
import datetime as dt
import io
import random
from pathlib import Path

import openpyxl  # type: ignore[import-untyped,unused-ignore]
import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # type: ignore[import-untyped,unused-ignore]

import shared_reads
import upr
from importer_checks import fuzz_settings
from importer_checks import read_robustly as check
from upr.errors import DataError
from upr.io import importing
from upr.io.importing import Source, detect
from upr.model.conflicts import ConflictKind, ConflictValue
from upr.model.recommendations import ActionCategory, ResponseValue, recommendation_id
from upr.plugins import default_manager
from upr_plugins.uprinfo import (
    COLUMNS,
    ISSUES,
    UprInfoCsvImporter,
    UprInfoSessionsImporter,
    UprInfoXlsxImporter,
    clean_text,
    split_issues,
)

DATA = Path(__file__).resolve().parent / "data" / "uprinfo"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
UPRINFO = SHARED / "uprinfo"

ARGENTINA = DATA / "1-5_argentina.csv"  # 1-5.csv lines 186-225
INDONESIA = DATA / "1-5_indonesia.csv"  # 1-5.csv lines 2494-2510
MACROMAN = DATA / "1-5_macroman.csv"  # 1-5.csv lines 3671, 4639, 4644
VIETNAM = DATA / "17-20_vietnam.csv"  # 17-20.csv lines 7545-7566
PLEDGES = DATA / "voluntary_head.csv"  # voluntary.csv lines 1-11
YEMEN = DATA / "voluntary_yemen.csv"  # voluntary.csv lines 925-940
SESSIONS = DATA / "sessions_head.csv"  # sessions.csv lines 1-31
WORKBOOK = DATA / "uprinfo_current_labels.xlsx"  # built by build_xlsx_fixture
CSV_SLICES = (ARGENTINA, INDONESIA, MACROMAN, VIETNAM, PLEDGES, YEMEN)

CURRENT_GROUPS = {
    "Africa": "African Group",
    "Asia": "Asia-Pacific Group",
    "EEG": "Eastern European Group",
    "GRULAC": "Latin American and Caribbean Group",
    "WEOG": "Western European and Others Group",
}

needs_shared = pytest.mark.skipif(
    not UPRINFO.is_dir(), reason="../shared/data not found: full-file check skipped"
)


def read(path: Path, fmt: str = "uprinfo-csv") -> upr.ImportResult:
    """Collect-mode import that must balance."""
    result = upr.read(path, format=fmt, errors="collect")
    assert result.report.balanced, result.report.summary()
    return result


def slice_rows(path: Path) -> list[list[str]]:
    """The records of a CSV slice, decoded as the export is (Mac Roman)."""
    with path.open(encoding="mac_roman", newline="") as stream:
        return list(csv.reader(stream))


def cited(file: str, row: int, *fields: str, sheet: str | None = None) -> upr.FieldSource:
    """The provenance of a UPR Info row (the format name is that of the file's importer)."""
    fmt = "uprinfo-xlsx" if file.endswith(".xlsx") else "uprinfo-csv"
    return upr.FieldSource(fmt, upr.Location(file, row=row, sheet=sheet), fields or ("*",))


def by_text(dataset: upr.Dataset, text: str) -> upr.Recommendation:
    """The single recommendation with this (cleaned) text."""
    found = [r for r in dataset if r.text == text]
    assert len(found) == 1, [r.text for r in dataset]
    return found[0]


def build_xlsx_fixture(path: Path) -> None:
    """Write ``uprinfo_current_labels.xlsx`` from the CSV slices.

    Sheet 1: the 22 Viet Nam rows of ``17-20_vietnam.csv``; the first 6 keep
    the 2014 labels, the others are relabelled the current way (Response
    Accepted -> Supported, Noted -> Noted / Not Supported alternately; Action
    ``5`` -> ``5 - Specific action`` / ``Category 5`` / the number 5; the
    regional groups by their long names). Session is a number cell.
    Sheet 2: the 3 Mac Roman rows of ``1-5_macroman.csv`` with the old labels,
    decoded to Unicode. Sheet 3: a note, without the UPR Info header.
    """
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Viet Nam 2014"
    header, *rows = slice_rows(VIETNAM)
    sheet.append(header)
    for i, row in enumerate(rows):
        cells: list[object] = list(row)
        if i >= 6:
            cells[1] = CURRENT_GROUPS[row[1]]
            cells[5] = CURRENT_GROUPS[row[5]]
            cells[7] = "Supported" if row[7] == "Accepted" else ("Noted", "Not Supported")[i % 2]
            action = int(row[8])
            cells[8] = (f"{action} - {ActionCategory(action).label}", f"Category {action}", action)[
                i % 3
            ]
        cells[10] = int(row[10])
        sheet.append(cells)
    second = book.create_sheet("Morocco Senegal")
    header, *rows = slice_rows(MACROMAN)
    second.append(header)
    for row in rows:
        second.append([*row[:10], int(row[10])])
    note = book.create_sheet("About")
    note.append(["Rows copied from the CSV slices in tests/data/uprinfo; see SOURCE.md"])
    book.save(path)


def sheet_values(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every sheet's cell values."""
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        return {s.title: list(s.iter_rows(values_only=True)) for s in book.worksheets}
    finally:
        book.close()


# -- registration and sniffing ----------------------------------------------------


def test_importers_are_registered() -> None:
    names = set(default_manager().importers())
    assert {"uprinfo-csv", "uprinfo-xlsx", "uprinfo-sessions"} <= names


@pytest.mark.parametrize("path", CSV_SLICES, ids=lambda p: p.name)
def test_csv_slices_are_detected(path: Path) -> None:
    assert UprInfoCsvImporter().sniff(Source(path)) == 1.0
    assert UprInfoSessionsImporter().sniff(Source(path)) == 0.0
    assert UprInfoXlsxImporter().sniff(Source(path)) == 0.0
    assert detect(Source(path), default_manager().importers()).name == "uprinfo-csv"


def test_sessions_and_workbook_are_detected() -> None:
    assert detect(Source(SESSIONS), default_manager().importers()).name == "uprinfo-sessions"
    assert UprInfoCsvImporter().sniff(Source(SESSIONS)) == 0.0
    assert detect(Source(WORKBOOK), default_manager().importers()).name == "uprinfo-xlsx"
    assert UprInfoCsvImporter().sniff(Source(WORKBOOK)) == 0.0


def test_shuffled_columns_are_likely_not_certain(tmp_path: Path) -> None:
    rows = slice_rows(VIETNAM)
    order = [10, 3, 0, 4, 7, 8, 9, 1, 2, 5, 6]
    path = tmp_path / "shuffled.csv"
    with path.open("w", encoding="mac_roman", newline="") as stream:
        csv.writer(stream, lineterminator="\r").writerows([r[i] for i in order] for r in rows)
    assert UprInfoCsvImporter().sniff(Source(path)) == 0.7
    shuffled = read(path).dataset
    original = read(VIETNAM).dataset
    assert {r.id for r in shuffled} == {r.id for r in original}


def test_native_files_are_not_claimed(tmp_path: Path) -> None:
    dataset = read(VIETNAM).dataset
    for name, fmt in (("x.jsonl", "upr-jsonl"), ("x.csv", "upr-csv")):
        path = tmp_path / name
        upr.export(dataset, path, format=fmt)
        for importer in (UprInfoCsvImporter(), UprInfoXlsxImporter(), UprInfoSessionsImporter()):
            assert importer.sniff(Source(path)) == 0.0, (name, importer.name)


def other_slices() -> list[Path]:
    """Test data of the other importers (UHRI, ratification, matrix, ...)."""
    root = DATA.parent
    return sorted(p for p in root.rglob("*") if p.is_file() and DATA not in p.parents)


@pytest.mark.parametrize("path", other_slices(), ids=lambda p: str(p.relative_to(DATA.parent)))
def test_other_test_data_is_not_claimed(path: Path) -> None:
    for importer in (UprInfoCsvImporter(), UprInfoXlsxImporter(), UprInfoSessionsImporter()):
        assert importer.sniff(Source(path)) == 0.0, importer.name


# -- row mapping --------------------------------------------------------------------


def test_argentina_slice_counts_and_three_state_recommendation() -> None:
    result = read(ARGENTINA)
    report = result.report
    assert report.rows_read == 40
    assert (report.created, report.merged, report.rejected) == (27, 13, ())
    rec = by_text(
        result.dataset, "Adopt measures to improve prison conditions, especially the overcrowding."
    )
    assert rec.recommending_states == ("CAN", "DEU", "SVN")
    assert rec.state_under_review == "ARG"
    assert (rec.review, rec.cycle, rec.session, rec.mechanism) == ("UPR-ARG-1", 1, 1, "UPR")
    assert rec.themes == ("Detention",)
    assert rec.action_category is ActionCategory.GENERAL
    # slice lines 8, 11 and 18 are 1-5.csv rows 192, 195 and 202
    assert {(s.source, s.location) for s in rec.sources("recommending_states")} == {
        (c.source, c.location) for c in (cited("1-5_argentina.csv", n) for n in (8, 11, 18))
    }
    assert rec.id == recommendation_id(
        symbol=None, paragraph=None, review="UPR-ARG-1", text=rec.text
    )
    assert result.dataset.review("UPR-ARG-1") == upr.Review.upr("ARG", 1)


def test_response_keeps_raw_label_and_source() -> None:
    rec = by_text(
        read(ARGENTINA).dataset,
        "Implement the national mechanism established in the Optional Protocol to the "
        "Convention against Torture.",
    )
    assert rec.response is not None
    assert rec.response.value is ResponseValue.SUPPORTED
    assert rec.response.raw == "Accepted"
    assert rec.response.source == "uprinfo-csv: 1-5_argentina.csv, row 2"
    assert rec.response.source == str(cited("1-5_argentina.csv", 2))
    assert rec.action_category is ActionCategory.SPECIFIC
    assert rec.themes == (
        "Detention",
        "International instruments",
        "Torture and other CID treatment",
    )


def test_same_text_with_different_action_category_is_a_conflict() -> None:
    # 1-5.csv rows 203, 215, 217 (slice lines 19, 31, 33): action 4, 2, 2
    # (Slovenia; Austria, Canada). The value most sources give is kept: 2.
    result = read(ARGENTINA)
    conflicts = result.dataset.conflicts
    assert {c.field for c in conflicts} == {"action_category"}
    (conflict,) = conflicts
    assert conflict.kind is ConflictKind.VALUES
    assert conflict.values == (
        ConflictValue(
            "2",
            (
                cited("1-5_argentina.csv", 31, "action_category"),
                cited("1-5_argentina.csv", 33, "action_category"),
            ),
        ),
        ConflictValue("4", (cited("1-5_argentina.csv", 19, "action_category"),)),
    )
    rec = result.dataset[conflict.record]
    assert rec.action_category is ActionCategory(int(conflict.kept))


def test_vietnam_slice() -> None:
    result = read(VIETNAM)
    report = result.report
    assert (report.rows_read, report.created, report.merged) == (22, 17, 5)
    ratify = by_text(result.dataset, "Ratify CAT")  # "Ratify CAT    " (Gabon) cleaned
    assert ratify.recommending_states == ("GAB", "MLI", "SVK")
    assert (ratify.review, ratify.cycle, ratify.session) == ("UPR-VNM-2", 2, 18)
    assert result.dataset.review("UPR-VNM-2") == upr.Review.upr("VNM", 18)
    counts = collections.Counter(r.response_value for r in result.dataset)
    assert counts == {ResponseValue.SUPPORTED: 8, ResponseValue.NOTED: 9}
    assert result.dataset.conflicts == ()


def test_unknown_sender_is_kept_without_recommending_state() -> None:
    result = read(INDONESIA)
    assert result.report.rows_read == 17
    unattributed = [r for r in result.dataset if not r.recommending_states]
    assert len(unattributed) == 9
    assert {r.state_under_review for r in unattributed} == {"IDN"}
    assert all(r.response_value is ResponseValue.SUPPORTED for r in unattributed)


def test_mac_roman_text_is_decoded() -> None:
    texts = [r.text for r in read(MACROMAN).dataset]
    assert any("Instance Equité - Reconciliation (IER)" in t for t in texts)
    assert sum("Hissène Habré" in t for t in texts) == 2


def test_utf8_copy_reads_like_the_original(tmp_path: Path) -> None:
    path = tmp_path / "utf8.csv"
    path.write_text(MACROMAN.read_bytes().decode("mac_roman"), encoding="utf-8", newline="")
    assert [r.text for r in read(path).dataset] == [r.text for r in read(MACROMAN).dataset]
    bom = tmp_path / "bom.csv"
    bom.write_bytes(codecs.BOM_UTF8 + path.read_bytes())
    assert UprInfoCsvImporter().sniff(Source(bom)) == 1.0
    assert len(read(bom).dataset) == 3


def test_html_entities_in_cells_are_decoded(tmp_path: Path) -> None:
    # A real row with its parentheses written as entities, as the export does in From.
    header, *rows = slice_rows(MACROMAN)
    row = list(rows[0])
    row[3] = row[3].replace("(", "&#40;").replace(")", "&#41;")
    row[9] = row[9].replace("'", "&#39;")
    path = tmp_path / "entities.csv"
    with path.open("w", encoding="mac_roman", newline="") as stream:
        csv.writer(stream, lineterminator="\r").writerows([header, row])
    (rec,) = read(path).dataset
    assert "Instance Equité - Reconciliation (IER)" in rec.text
    assert "&#" not in rec.text
    assert clean_text("  a&#40;b&#41;\t c ") == "a(b) c"


def test_split_issues() -> None:
    assert split_issues("Rights of the Child,Women's rights") == (
        "Rights of the Child",
        "Women's rights",
    )
    assert split_issues("Migrants, Trafficking ,Migrants") == ("Migrants", "Trafficking")
    assert split_issues("") == ()
    assert split_issues("rights of the child") == ("Rights of the Child",)  # canonical spelling
    assert split_issues("Business and human rights") == ("Business and human rights",)
    assert all(split_issues(name) == (name,) for name in ISSUES)
    assert len(ISSUES) == 54


def test_voluntary_pledges_are_not_recommendations() -> None:
    result = read(PLEDGES)
    report = result.report
    assert (report.rows_read, report.created, report.kinds) == (10, 10, {"VoluntaryPledge": 10})
    assert len(result.dataset) == 0
    pledges = result.dataset.pledges
    assert [p.id for p in pledges] == sorted(p.id for p in pledges)  # canonical order: by id
    (pledge,) = [p for p in pledges if p.provenance[0].location.row == 2]
    assert (pledge.state, pledge.review, pledge.cycle, pledge.session) == (
        "ALB",
        "UPR-ALB-2",
        2,
        19,
    )
    assert pledge.text.startswith("The Albanian Government is committed to implementing")
    assert pledge.provenance == (
        cited("voluntary_head.csv", 2, "text", "state", "session", "themes"),
    )


def test_duplicate_pledges_are_rejected_with_the_first_row() -> None:
    report = read(YEMEN).report
    assert (report.rows_read, report.created) == (16, 14)
    lines = [(p.location.line, p.location.field) for p in report.rejected]
    assert lines == [(16, "Text"), (17, "Text")]
    assert "duplicate voluntary pledge" in report.rejected[0].reason
    assert "line 6" in report.rejected[0].reason  # voluntary.csv lines 939 and 929


def test_sessions() -> None:
    result = read(SESSIONS, "uprinfo-sessions")
    report = result.report
    assert (report.rows_read, report.created, report.kinds) == (30, 30, {"Review": 30})
    review = result.dataset.review("UPR-DZA-1")
    assert review == upr.Review.upr("DZA", 1)
    assert {r.session for r in result.dataset.reviews} == {1, 2}


# -- errors -----------------------------------------------------------------------


def write_variant(tmp_path: Path, column: int, value: str, line: int = 4) -> Path:
    """A copy of the Viet Nam slice whose ``line`` (header = 1) has ``value`` in ``column``."""
    rows = slice_rows(VIETNAM)
    rows[line - 1][column] = value
    path = tmp_path / "variant.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:  # the slice is ASCII
        csv.writer(stream, lineterminator="\r").writerows(rows)
    return path


@pytest.mark.parametrize(
    ("column", "value", "field", "reason"),
    [
        (0, "Atlantis", "To", "unknown state 'Atlantis'"),
        (4, "Vietnamm", "From", "unknown state 'Vietnamm'; closest matches: Viet Nam"),
        (7, "Maybe", "Response", "unknown response label 'Maybe'"),
        (8, "9", "Action", "unknown action category '9'"),
        (10, "eighteen", "Session", "not a Working Group session number: 'eighteen'"),
        (10, "99", "Session", "unknown UPR Working Group session '99'"),
        (10, "\u0661\u0668", "Session", "not a Working Group session number: '\u0661\u0668'"),
        (10, "\u00b2", "Session", "not a Working Group session number: '\u00b2'"),
        (8, "9" * 5000, "Action", "not an action category: '9999"),
        (3, "  ", "Text", "empty recommendation text"),
    ],
)
def test_raise_names_file_line_field_and_reason(
    tmp_path: Path, column: int, value: str, field: str, reason: str
) -> None:
    path = write_variant(tmp_path, column, value)
    with pytest.raises(DataError) as info:
        upr.read(path, format="uprinfo-csv")
    assert info.value.location == upr.Location(str(path), line=4, field=field)
    assert str(info.value).startswith(f"{path}, line 4, field {field!r}: {reason}")
    report = read(path).report
    assert (report.rows_read, len(report.rejected)) == (22, 1)


def test_empty_response_and_action_are_none(tmp_path: Path) -> None:
    path = write_variant(tmp_path, 7, "", line=6)
    rec = by_text(read(path).dataset, "Consider ratifying the Optional Protocol to ICESCR")
    assert rec.response is None
    assert not rec.sources("response")
    path = write_variant(tmp_path, 8, "", line=6)
    rec = by_text(read(path).dataset, "Consider ratifying the Optional Protocol to ICESCR")
    assert rec.action_category is None


def test_group_label_disagreeing_with_state_is_a_conflict(tmp_path: Path) -> None:
    path = write_variant(tmp_path, 1, "African Group")
    result = read(path)
    (conflict,) = result.dataset.conflicts
    assert conflict.field == "To-Rgrp"
    assert conflict.kind is ConflictKind.SOURCE
    assert conflict.values == (
        ConflictValue("African Group", (cited("variant.csv", 4, "To-Rgrp"),)),
        ConflictValue("VNM: Asia-Pacific", (upr.FieldSource("upr.states"),)),
    )


def test_missing_column_and_empty_file(tmp_path: Path) -> None:
    rows = slice_rows(VIETNAM)
    path = tmp_path / "no_session.csv"
    with path.open("w", encoding="mac_roman", newline="") as stream:
        csv.writer(stream, lineterminator="\r").writerows(r[:10] for r in rows)
    with pytest.raises(DataError) as info:
        upr.read(path, format="uprinfo-csv")
    assert info.value.location == upr.Location(str(path), line=1, field="Session")
    assert "missing column(s): Session" in info.value.reason
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(DataError, match="empty file"):
        upr.read(empty, format="uprinfo-csv")
    assert read(empty).report.rejected[0].reason == "empty file: no header row"


def test_wrong_cell_count_is_rejected(tmp_path: Path) -> None:
    rows = slice_rows(VIETNAM)
    rows[2] = rows[2][:9]  # drop the Issue and Session cells of line 3
    path = tmp_path / "short.csv"
    with path.open("w", encoding="mac_roman", newline="") as stream:
        csv.writer(stream, lineterminator="\r").writerows(rows)
    report = read(path).report
    assert [(p.location.line, p.location.field) for p in report.rejected] == [(3, "Issue")]
    assert report.rejected[0].reason == "9 cells where the header has 11 columns"


# -- workbook -----------------------------------------------------------------------


def test_workbook_fixture_is_built_from_the_slices(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.xlsx"
    build_xlsx_fixture(fresh)
    assert sheet_values(fresh) == sheet_values(WORKBOOK)


def test_workbook_with_current_labels() -> None:
    result = read(WORKBOOK, "uprinfo-xlsx")
    report = result.report
    assert (report.rows_read, report.created, report.merged) == (25, 20, 5)
    assert result.dataset.conflicts == ()  # long group names agree with the states
    csv_vietnam = {r.id: r for r in read(VIETNAM).dataset}
    for rec in result.dataset:
        if rec.state_under_review != "VNM":
            continue
        twin = csv_vietnam[rec.id]
        assert (rec.response_value, rec.action_category) == (
            twin.response_value,
            twin.action_category,
        )
        assert rec.recommending_states == twin.recommending_states
        assert rec.themes == twin.themes
    raw = collections.Counter(r.response.raw for r in result.dataset if r.response)
    assert raw == {"Accepted": 2, "Supported": 7, "Noted": 8, "Not Supported": 3}
    protocol = by_text(result.dataset, "Ratify CAT and its Optional Protocol")
    assert protocol.response is not None
    assert (protocol.response.raw, protocol.response.value) == ("Not Supported", "noted")
    assert [(s.source, s.location) for s in protocol.sources("text")] == [
        (c.source, c.location)
        for c in (cited("uprinfo_current_labels.xlsx", n, sheet="Viet Nam 2014") for n in (21, 22))
    ]
    assert [str(s) for s in protocol.sources("text")] == [
        "uprinfo-xlsx: uprinfo_current_labels.xlsx, sheet 'Viet Nam 2014', row 21",
        "uprinfo-xlsx: uprinfo_current_labels.xlsx, sheet 'Viet Nam 2014', row 22",
    ]
    assert sum("Hissène Habré" in r.text for r in result.dataset) == 2


def test_workbook_errors_name_sheet_row_and_field(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(WORKBOOK)
    book["Viet Nam 2014"]["K5"] = "session 18"
    path = tmp_path / "bad.xlsx"
    book.save(path)
    with pytest.raises(DataError) as info:
        upr.read(path, format="uprinfo-xlsx")
    assert info.value.location == upr.Location(
        str(path), row=5, field="Session", sheet="Viet Nam 2014"
    )
    assert str(info.value) == (
        f"{path}, sheet 'Viet Nam 2014', row 5, field 'Session': "
        "not a Working Group session number: 'session 18'"
    )


def test_workbook_without_header(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.append(["Goals", "Recommendation", "Tekst"])
    path = tmp_path / "other.xlsx"
    book.save(path)
    assert UprInfoXlsxImporter().sniff(Source(path)) == 0.0
    with pytest.raises(DataError, match="missing column"):
        upr.read(path, format="uprinfo-xlsx")


# -- fuzzing ----------------------------------------------------------------------

FUZZ = fuzz_settings(60)


@FUZZ
@given(data=st.binary(max_size=2000), fmt=st.sampled_from(["uprinfo-csv", "uprinfo-sessions"]))
def test_fuzz_random_bytes(scratch: Path, data: bytes, fmt: str) -> None:
    path = scratch / "random.csv"
    path.write_bytes(data)
    check(path, fmt)


@FUZZ
@given(
    source=st.sampled_from([*CSV_SLICES, SESSIONS]),
    cut=st.floats(0, 1),
    fmt=st.sampled_from(["uprinfo-csv", "uprinfo-sessions"]),
)
def test_fuzz_truncated(scratch: Path, source: Path, cut: float, fmt: str) -> None:
    raw = source.read_bytes()
    path = scratch / "truncated.csv"
    path.write_bytes(raw[: int(len(raw) * cut)])
    check(path, fmt)


@FUZZ
@given(
    source=st.sampled_from(CSV_SLICES),
    encoding=st.sampled_from(["utf-16", "utf-32", "cp1252", "latin-1", "utf-8", "cp037"]),
)
def test_fuzz_encodings(scratch: Path, source: Path, encoding: str) -> None:
    text = source.read_bytes().decode("mac_roman")
    path = scratch / "encoded.csv"
    path.write_bytes(text.encode(encoding, errors="replace"))
    check(path, "uprinfo-csv")


@FUZZ
@given(
    source=st.sampled_from(CSV_SLICES),
    seed=st.integers(0, 2**32 - 1),
    keep=st.integers(1, len(COLUMNS)),
)
def test_fuzz_shuffled_and_missing_columns(
    scratch: Path, source: Path, seed: int, keep: int
) -> None:
    rows = slice_rows(source)
    order = random.Random(seed).sample(range(len(COLUMNS)), keep)
    path = scratch / "columns.csv"
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r").writerows([r[i] for i in order] for r in rows)
    path.write_bytes(out.getvalue().encode("mac_roman"))
    check(path, "uprinfo-csv")


@FUZZ
@given(
    column=st.integers(0, len(COLUMNS) - 1),
    cell=st.text(max_size=50) | st.just("x" * 200_000),
    line=st.integers(1, 22),
)
def test_fuzz_cells(scratch: Path, column: int, cell: str, line: int) -> None:
    rows = slice_rows(VIETNAM)
    rows[line][column] = cell
    path = scratch / "cells.csv"
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r").writerows(rows)
    path.write_bytes(out.getvalue().encode("utf-8"))
    check(path, "uprinfo-csv")


@FUZZ
@given(data=st.binary(max_size=3000), cut=st.floats(0, 1), mode=st.sampled_from(["cut", "rand"]))
def test_fuzz_workbooks(scratch: Path, data: bytes, cut: float, mode: str) -> None:
    raw = WORKBOOK.read_bytes()
    path = scratch / "fuzz.xlsx"
    path.write_bytes(raw[: int(len(raw) * cut)] if mode == "cut" else b"PK\x03\x04" + data)
    check(path, "uprinfo-xlsx")
    assert UprInfoXlsxImporter().sniff(Source(path)) in (0.0, 0.7, 1.0)


cell_values = (
    st.none()
    | st.text(max_size=30)
    | st.integers(-(10**6), 10**6)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.booleans()
    | st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2030, 1, 1))
)


@FUZZ
@given(
    cells=st.lists(st.lists(cell_values, min_size=0, max_size=13), max_size=6),
    header=st.permutations(COLUMNS),
)
def test_fuzz_workbook_cells(scratch: Path, cells: list[list[object]], header: list[str]) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(header))
    for row in cells:
        # openpyxl refuses control characters in strings
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", c) if isinstance(c, str) else c for c in row])
    path = scratch / "cells.xlsx"
    book.save(path)
    check(path, "uprinfo-xlsx")


def test_long_text_cell_is_kept_whole(tmp_path: Path) -> None:
    """A text beyond the csv module's default 131,072-character limit is read."""
    rows = slice_rows(VIETNAM)
    rows[5][3] = "x" * 200_000
    path = tmp_path / "huge.csv"
    with path.open("w", encoding="mac_roman", newline="") as stream:
        csv.writer(stream, lineterminator="\r").writerows(rows)
    result = read(path)
    assert result.report.rows_read == 22
    assert result.report.rejected == ()
    assert any(len(r.text) == 200_000 for r in result.dataset)


def test_cell_over_the_limit_is_one_rejected_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Over :data:`upr.io.importing.MAX_CSV_CELL` the row is rejected, located; others stay."""
    rows = slice_rows(VIETNAM)
    rows[5][3] = "x" * 200_000
    path = tmp_path / "huge.csv"
    with path.open("w", encoding="mac_roman", newline="") as stream:
        csv.writer(stream, lineterminator="\r").writerows(rows)
    previous = csv.field_size_limit(100_000)
    monkeypatch.setattr(importing, "MAX_CSV_CELL", 100_000)
    try:
        report = read(path).report
    finally:
        csv.field_size_limit(previous)
    assert report.rows_read == 22
    assert [p.location.line for p in report.rejected] == [6]
    assert "field larger than field limit" in report.rejected[0].reason


# -- full files ---------------------------------------------------------------------

FILES = ("1-5.csv", "6-9.csv", "10-13.csv", "14-17.csv", "17-20.csv")


def _balanced(result: upr.ImportResult) -> upr.ImportResult:
    """A read (shared by the tests, see shared_reads) whose every report balances."""
    for report in result.reports:
        assert report.balanced, report.summary()
    return result


@pytest.fixture(scope="module")
def full() -> dict[str, upr.ImportResult]:
    """Every UPR Info file of ../shared/data, imported once."""
    if not UPRINFO.is_dir():
        pytest.skip("../shared/data not found: full-file check skipped")
    results = {
        name: _balanced(shared_reads.read(UPRINFO / name, "uprinfo-csv"))
        for name in (*FILES, "voluntary.csv")
    }
    results["sessions.csv"] = _balanced(
        shared_reads.read(UPRINFO / "sessions.csv", "uprinfo-sessions")
    )
    return results


@pytest.mark.shared_data
@needs_shared
def test_full_files_balance_and_totals(full: dict[str, upr.ImportResult]) -> None:
    expected = {  # rows, created, merged, rejected
        "1-5.csv": (6094, 5626, 468, 0),
        "6-9.csv": (8343, 8176, 167, 0),
        "10-13.csv": (9047, 8892, 155, 0),
        "14-17.csv": (9598, 9382, 216, 0),
        "17-20.csv": (7984, 7794, 190, 0),
        "voluntary.csv": (947, 944, 0, 3),
        "sessions.csv": (305, 305, 0, 0),
    }
    for name, result in full.items():
        report = result.report
        assert report.balanced, report.summary()
        got = (report.rows_read, report.created, report.merged, len(report.rejected))
        assert got == expected[name], (name, got)
    assert sum(full[n].report.rows_read for n in FILES) == 41_066  # the data README's figure
    assert full["voluntary.csv"].report.kinds == {"VoluntaryPledge": 944}
    assert {p.reason.split(":")[0] for p in full["voluntary.csv"].report.rejected} == {
        "duplicate voluntary pledge"
    }
    sessions: collections.Counter[int] = collections.Counter()
    for name in FILES:
        sessions.update(r.session for r in full[name].dataset if r.session is not None)
    assert sorted(sessions) == list(range(1, 21))  # 17-20.csv holds sessions 18-20


@pytest.mark.shared_data
@needs_shared
def test_full_files_conflicts_are_real_disagreements(full: dict[str, upr.ImportResult]) -> None:
    conflicts = [c for n in FILES for c in full[n].dataset.conflicts]
    fields = collections.Counter(c.field for c in conflicts)
    # One conflict per record and field, naming every value given and the rows giving it
    # (three records of the export disagree with themselves); the value most rows give is kept.
    assert fields == {"action_category": 2, "response": 1}
    assert {
        c.record: [(v.value, [s.location.row for s in v.sources]) for v in c.values]
        for c in conflicts
    } == {
        "UPR-ARG-1#492816f85714": [("2", [215, 217]), ("4", [203])],  # 1-5.csv
        "UPR-SOM-1#f3e73fc3a57c": [("4", [6116]), ("5", [6117])],  # 10-13.csv
        "UPR-TON-2#6631159b7fde": [("noted", [8625, 8626]), ("supported", [8544])],  # 14-17.csv
    }


@pytest.mark.shared_data
@needs_shared
def test_full_files_unattributed_recommendations(full: dict[str, upr.ImportResult]) -> None:
    unattributed = [r for r in full["1-5.csv"].dataset if not r.recommending_states]
    assert len(unattributed) == 9
    assert {r.review for r in unattributed} == {"UPR-IDN-1"}


@pytest.mark.shared_data
@needs_shared
def test_vietnam_cycle_two(full: dict[str, upr.ImportResult]) -> None:
    """Viet Nam, session 18 (January 2014): what the export gives.

    Published (A/HRC/26/6 and addendum): 227 recommendations, 182 accepted, 45
    noted. The export has 256 rows, one per recommending state, which merge
    into 244 distinct texts: the report's 227 paragraphs group differently
    worded recommendations of several states (143.12 "Ratify CAT (Gabon,
    Mali, Slovakia); Accede to CAT (Togo)"), and UPR Info lists each wording
    as a recommendation of its own.
    """
    vietnam = [r for r in full["17-20.csv"].dataset if r.state_under_review == "VNM"]
    rows = sum(1 for row in slice_rows(UPRINFO / "17-20.csv")[1:] if row[0] == "Viet Nam")
    assert rows == 256
    assert len(vietnam) == 244
    assert {r.review for r in vietnam} == {"UPR-VNM-2"}
    counts = collections.Counter(r.response_value for r in vietnam)
    assert counts == {ResponseValue.SUPPORTED: 191, ResponseValue.NOTED: 53}
    assert len({s for r in vietnam for s in r.recommending_states}) == 101


@pytest.mark.shared_data
@needs_shared
@pytest.mark.parametrize("name", [*FILES, "voluntary.csv", "sessions.csv"])
def test_full_files_are_detected(name: str) -> None:
    expected = "uprinfo-sessions" if name == "sessions.csv" else "uprinfo-csv"
    assert detect(Source(UPRINFO / name), default_manager().importers()).name == expected


def other_formats() -> list[Path]:
    if not SHARED.is_dir():
        return []
    return sorted(p for p in SHARED.rglob("*") if p.is_file() and p.parent.name != "uprinfo")


@pytest.mark.shared_data
@needs_shared
@pytest.mark.parametrize("path", other_formats(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_other_formats_are_not_claimed(path: Path) -> None:
    for importer in (UprInfoCsvImporter(), UprInfoXlsxImporter(), UprInfoSessionsImporter()):
        assert importer.sniff(Source(path)) == 0.0, importer.name
