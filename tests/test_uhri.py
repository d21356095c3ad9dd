"""Importers ``uhri-xlsx`` and ``uhri-json`` (plugins/upr_plugins/uhri.py).

No real UHRI export is shipped: the fixtures in ``tests/data/uhri`` lay real
texts from ``../shared/data`` out in the export format the data README
describes (see SOURCE.md there). Rows built in these tests reuse those texts.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import upr
from importer_checks import read_robustly as check_robust
from upr.io.importing import Source, detect
from upr.io.sink import ImportResult
from upr.model.provenance import FieldSource
from upr.model.recommendations import RecommendationKind, ResponseValue
from upr.plugins import default_manager

HERE = Path(__file__).resolve().parent
DATA = HERE / "data" / "uhri"
XLSX = DATA / "uhri-export.xlsx"
JSON = DATA / "uhri-export.json"

HEADER = [
    "Text",
    "Countries Concerned",
    "Reccomending Body",
    "Document Symbol",
    "Themes",
    "Affected Persons",
    "Sdgs",
    "Document Publication Date",
    "UPR Reccomending States",
    "UPR Position",
    "Type",
    "OHCHR Annotation Id",
    "UPR Session",
    "Regions Concerned",
    "Recommending Regions",
    "Date of publication on UHRI",
]

Row = dict[str, Any]


def fixture_rows() -> list[Row]:
    """The fixture's data rows as header -> value dicts."""
    book = openpyxl.load_workbook(XLSX, read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    book.close()
    header = [str(h) for h in rows[0]]
    return [dict(zip(header, r, strict=False)) for r in rows[1:]]


ROWS = fixture_rows()
VNM_143_1, VNM_143_6 = ROWS[0], ROWS[1]
CHN_28_212 = ROWS[6]
CAT_ROW, CEDAW_ROW, OPSC_ROW, SR_ROW = ROWS[10:14]


def write_xlsx(path: Path, rows: Sequence[Row], header: Sequence[str] = HEADER) -> Path:
    """Write rows (header -> value) under ``header`` as a one-sheet workbook."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(header))
    for row in rows:
        sheet.append([row.get(h) for h in header])
    book.save(path)
    return path


def read(path: Path, fmt: str) -> ImportResult:
    """Read in collect mode and check the row invariant."""
    result = upr.read(path, format=fmt, errors="collect")
    assert result.report.balanced, result.report.summary()
    return result


def read_rows(tmp: Path, *rows: Row, header: Sequence[str] = HEADER) -> ImportResult:
    """Write rows to a workbook and read it."""
    return read(write_xlsx(tmp / "export.xlsx", rows, header), "uhri-xlsx")


def one(tmp: Path, row: Row) -> upr.Recommendation:
    """The recommendation one good row gives."""
    result = read_rows(tmp, row)
    assert result.report.rejected == (), result.report.rejected
    (rec,) = result.dataset.recommendations
    return rec


def rejected(tmp: Path, row: Row) -> upr.Problem:
    """The problem one bad row (sheet row 2) gives."""
    result = read_rows(tmp, row)
    (problem,) = result.report.rejected
    assert problem.location.row == 2
    return problem


def changed(row: Row, **cells: Any) -> Row:
    """A copy of ``row`` with cells replaced (keyword = header with spaces as _)."""
    out = dict(row)
    for key, value in cells.items():
        out[key.replace("_", " ")] = value
    return out


# -- the fixtures ----------------------------------------------------------------


def test_xlsx_fixture() -> None:
    result = read(XLSX, "uhri-xlsx")
    report = result.report
    assert (report.rows_read, report.created, report.merged) == (14, 13, 0)
    (problem,) = report.rejected  # the special-procedure row has no publication date
    assert (problem.location.row, problem.location.field) == (15, "Document Publication Date")
    assert "special procedures have no reporting cycle" in problem.reason
    assert "uhri-export.xlsx, row 15, field 'Document Publication Date'" in str(problem)
    recs = {r.id: r for r in result.dataset}

    first = recs["A/HRC/26/6:143.1"]
    assert first.text.startswith("Continue efforts to ratify international human rights")
    assert first.text.endswith("(Niger);")
    assert (first.mechanism, first.state_under_review, first.cycle, first.session) == (
        "UPR",
        "VNM",
        2,
        18,
    )
    assert first.review == "UPR-VNM-2"
    assert (first.symbol, first.paragraph) == ("A/HRC/26/6", "143.1")
    assert first.recommending_states == ("ALB", "AZE", "NER", "NIC")
    assert first.response is not None
    assert first.response.value is ResponseValue.SUPPORTED
    assert first.kind is RecommendationKind.RECOMMENDATION
    (origin,) = first.provenance
    assert (origin.source, origin.location.file, origin.location.row) == (
        "uhri-xlsx",
        "uhri-export.xlsx",
        2,
    )
    assert str(origin).startswith("uhri-xlsx: uhri-export.xlsx, row 2")
    assert recs["A/HRC/26/6:143.6"].response_value is ResponseValue.NOTED
    assert recs["A/HRC/26/6:143.64"].sdg_targets == ("16.3", "4.7")
    assert recs["A/HRC/26/6:143.41"].sdg_targets == ("16.a",)

    china = recs["A/HRC/40/6:28.264"]
    assert (china.review, china.session, china.recommending_states) == ("UPR-CHN-3", 31, ("SVN",))
    assert china.affected_persons == ("children",)
    assert china.sdg_targets == ()  # goal-level values are not expanded to targets...
    assert "SDG 4: Quality education" in china.themes  # ...but kept as themes
    assert "SDG 16: Peace, justice and strong institutions" in china.themes
    assert "E51 Right to education - General" in china.themes
    assert recs["A/HRC/40/6:28.219"].affected_persons == (
        "general",
        "judges, lawyers and prosecutors",
    )

    by_mechanism = {r.mechanism: r for r in result.dataset if r.mechanism != "UPR"}
    cat = by_mechanism["CAT"]
    assert (cat.kind, cat.cycle, cat.review, cat.treaties) == (
        RecommendationKind.CONCERN,
        1,
        "CAT-VNM-1",
        ("CAT",),
    )
    assert cat.session is None
    assert cat.id.startswith("CAT-VNM-1#")  # no paragraph: review id and text hash
    assert (by_mechanism["CEDAW"].cycle, by_mechanism["CEDAW"].treaties) == (8, ("CEDAW",))
    assert (by_mechanism["CRC"].cycle, by_mechanism["CRC"].treaties) == (1, ("OP-CRC-SC",))

    reviews = {r.id: r for r in result.dataset.reviews}
    assert set(reviews) == {"UPR-VNM-2", "UPR-CHN-3", "CAT-VNM-1", "CEDAW-VNM-8", "CRC-VNM-1"}
    (document,) = reviews["UPR-VNM-2"].documents
    assert (document.symbol, document.date) == ("A/HRC/26/6", dt.date(2014, 4, 2))
    assert document.kind is upr.DocumentKind.WORKING_GROUP_REPORT
    assert (reviews["UPR-VNM-2"].session, reviews["UPR-VNM-2"].hrc_session) == (18, 26)
    assert (reviews["UPR-CHN-3"].session, reviews["UPR-CHN-3"].hrc_session) == (31, 40)
    assert reviews["CAT-VNM-1"].hrc_session is None


def test_json_fixture() -> None:
    result = read(JSON, "uhri-json")
    report = result.report
    assert (report.rows_read, report.created, len(report.rejected)) == (14, 9, 5)
    problems = {p.location.row: p for p in report.rejected}
    # China's rows: no session key in the JSON export and no date in the fixture
    for row in (7, 8, 9, 10):
        assert problems[row].location.field == "UprSession"
        assert "the cycle is unknown" in problems[row].reason
    assert problems[14].location.field == "PublicationDate"
    first = result.dataset["A/HRC/26/6:143.1"]
    assert (first.cycle, first.session, first.review) == (2, None, "UPR-VNM-2")  # from 2014
    assert first.recommending_states == ()  # not part of the JSON export


def test_xlsx_and_json_give_the_same_ids() -> None:
    xlsx = {r.id for r in read(XLSX, "uhri-xlsx").dataset}
    from_json = {r.id for r in read(JSON, "uhri-json").dataset}
    assert from_json < xlsx
    assert xlsx - from_json == {
        "A/HRC/40/6:28.212",
        "A/HRC/40/6:28.346",
        "A/HRC/40/6:28.219",
        "A/HRC/40/6:28.264",
    }
    merged = upr.read([XLSX, JSON], errors="collect").dataset
    assert len(merged) == 13


# -- cell helpers ----------------------------------------------------------------


def test_split_values() -> None:
    from upr_plugins.uhri import single_value, split_values

    assert split_values("- Viet Nam") == ["Viet Nam"]
    assert split_values("- Women & girls\n- Children") == ["Women & girls", "Children"]
    assert split_values("- a_x000D_\n- b\r\n- c\r- d") == ["a", "b", "c", "d"]
    assert split_values(["- a", "b"]) == ["a", "b"]
    assert split_values(None) == split_values("") == split_values("\n- \n") == []
    assert split_values(18) == ["18"]
    with pytest.raises(TypeError):
        split_values([1])
    with pytest.raises(TypeError):
        split_values({"a": 1})
    assert single_value("- UPR") == "UPR"
    with pytest.raises(TypeError, match="2 values"):
        single_value("- CAT\n- SPT")


def test_excel_date() -> None:
    from upr_plugins.uhri import excel_date

    assert excel_date(41731) == dt.date(2014, 4, 2)
    assert excel_date(41731.75) == dt.date(2014, 4, 2)  # time of day dropped
    assert excel_date("41731") == dt.date(2014, 4, 2)
    assert excel_date("2014-04-02") == excel_date("2014-04-02T00:00:00Z") == dt.date(2014, 4, 2)
    assert excel_date(dt.datetime(2014, 4, 2, 10, 0)) == dt.date(2014, 4, 2)
    assert excel_date(None) is None
    assert excel_date("") is None
    for bad in ("2 April 2014", -5, 0, 1e12, float("nan"), True):
        with pytest.raises(ValueError, match="not a|out of range"):
            excel_date(bad)


# -- row mapping -----------------------------------------------------------------


@pytest.mark.parametrize("session", ["18", "- 18", "18th session", "Session 18", 18, 18.0])
def test_session_spellings(tmp_path: Path, session: object) -> None:
    rec = one(tmp_path, changed(VNM_143_1, UPR_Session=session))
    assert (rec.session, rec.cycle) == (18, 2)


def test_upr_cycle_from_publication_year(tmp_path: Path) -> None:
    row = changed(VNM_143_1, UPR_Session=None)
    assert one(tmp_path, row).cycle == 2  # 2 April 2014
    for when, cycles in (("2022-06-01", "3 and 4"), ("2017-02-10", "cycle 2")):
        problem = rejected(tmp_path, changed(row, Document_Publication_Date=when))
        assert problem.location.field == "UPR Session"
        assert "ambiguous" in problem.reason
        assert cycles in problem.reason
    assert one(tmp_path, changed(row, Document_Publication_Date="2017-08-01")).cycle == 3
    problem = rejected(tmp_path, changed(row, Document_Publication_Date=None))
    assert "cycle is unknown" in problem.reason
    problem = rejected(tmp_path, changed(VNM_143_1, UPR_Session="55"))
    assert problem.location.field == "UPR Session"
    assert "55" in problem.reason


def test_special_procedure_cycle_is_the_publication_year(tmp_path: Path) -> None:
    rec = one(tmp_path, changed(SR_ROW, Document_Publication_Date=41731))
    assert (rec.mechanism, rec.cycle, rec.state_under_review) == (
        "SR on freedom of religion or belief",
        2014,
        "VNM",
    )
    assert upr.mechanisms.get(rec.mechanism).kind is upr.MechanismKind.SPECIAL_PROCEDURE
    assert rec.treaties == ()


@pytest.mark.parametrize(
    ("symbol", "cycle"),
    [
        ("CRC/C/VNM/CO/5-6", 6),
        ("CRC/C/VNM/CO/3-4/Add.1", 4),
        ("E/C.12/VNM/CO/2-4", 4),
        ("CRC/C/OPAC/VNM/CO/1", 1),
    ],
)
def test_treaty_body_cycle_from_symbol(tmp_path: Path, symbol: str, cycle: int) -> None:
    rec = one(tmp_path, changed(CEDAW_ROW, Document_Symbol=symbol))
    assert rec.cycle == cycle


def test_treaty_body_without_report_number_is_rejected(tmp_path: Path) -> None:
    problem = rejected(tmp_path, changed(OPSC_ROW, Document_Symbol="CRC/C/15/Add.200"))
    assert problem.location.field == "Document Symbol"
    assert "no periodic report number" in problem.reason
    problem = rejected(tmp_path, changed(OPSC_ROW, Document_Symbol=None))
    assert "without a document symbol" in problem.reason


def test_spt_and_body_codes(tmp_path: Path) -> None:
    rec = one(tmp_path, changed(CAT_ROW, Reccomending_Body="- SPT", Document_Symbol="CAT/OP/VNM/1"))
    assert (rec.mechanism, rec.cycle, rec.treaties) == ("SPT", 1, ("OP-CAT",))
    for body, code, treaty in (
        ("- CCPR", "CCPR", "ICCPR"),
        ("- CERD", "CERD", "ICERD"),
        ("- CESCR", "CESCR", "ICESCR"),
        ("- CMW", "CMW", "ICMW"),
        ("- CED", "CED", "CPED"),
        ("- CRPD", "CRPD", "CRPD"),
        ("- CRC-OP-AC", "CRC", "OP-CRC-AC"),
        ("- Human Rights Committee", "CCPR", "ICCPR"),
    ):
        rec = one(tmp_path, changed(CAT_ROW, Reccomending_Body=body))
        assert (rec.mechanism, rec.treaties) == (code, (treaty,)), body


def test_paragraph_from_symbol_and_text(tmp_path: Path) -> None:
    rec = one(tmp_path, changed(VNM_143_1, Document_Symbol="A/HRC/26/6, para. 143.1"))
    assert (rec.symbol, rec.paragraph, rec.id) == ("A/HRC/26/6", "143.1", "A/HRC/26/6:143.1")
    problem = rejected(tmp_path, changed(VNM_143_1, Document_Symbol="A/HRC/26/6 - Para. 143.2"))
    assert problem.location.field == "Document Symbol"
    assert "disagrees" in problem.reason
    text = str(CAT_ROW["Text"])
    rec = one(tmp_path, changed(CAT_ROW, Text=f"12. {text}"))
    assert (rec.paragraph, rec.text, rec.id) == ("12", text, "CAT/C/VNM/CO/1:12")


@pytest.mark.parametrize(
    ("cells", "field", "reason"),
    [
        ({"Countries Concerned": None}, "Countries Concerned", "0 countries concerned"),
        ({"Countries Concerned": "- Viet Nam\n- China"}, "Countries Concerned", "several"),
        ({"Countries Concerned": "- Atlantis"}, "Countries Concerned", "unknown state"),
        ({"Reccomending Body": "- CAT\n- SPT"}, "Reccomending Body", "2 recommending bodies"),
        ({"Reccomending Body": "- Special Procedures"}, "Reccomending Body", "unknown mechanism"),
        ({"Type": "Good practices"}, "Type", "unknown type"),
        ({"Text": "   "}, "Text", "empty text"),
        ({"UPR Reccomending States": "- Atlantis"}, "UPR Reccomending States", "unknown state"),
        ({"UPR Position": "Maybe"}, "UPR Position", "unknown response label"),
        ({"Sdgs": "- 18.1 - no such goal"}, "Sdgs", "unknown SDG"),
        ({"Sdgs": "- 16.13 - no such target"}, "Sdgs", "unknown SDG target"),
        ({"Sdgs": "- Peace"}, "Sdgs", "no SDG goal or target code"),
        ({"Sdgs": 16.1}, "Sdgs", "stands for 2 SDG targets"),
        ({"Document Publication Date": "yesterday"}, "Document Publication Date", "not an"),
    ],
)
def test_row_errors_name_row_field_and_reason(
    tmp_path: Path, cells: Row, field: str, reason: str
) -> None:
    problem = rejected(tmp_path, {**VNM_143_1, **cells})
    assert problem.location.field == field
    assert reason in problem.reason
    assert problem.location.file is not None
    assert problem.location.file.endswith("export.xlsx")


def test_upr_fields_on_treaty_body_rows_are_rejected(tmp_path: Path) -> None:
    for cells in (
        {"UPR Position": "Supported"},
        {"UPR Reccomending States": "- France"},
        {"UPR Session": "18"},
    ):
        problem = rejected(tmp_path, {**CAT_ROW, **cells})
        assert problem.location.field == next(iter(cells))
        assert "CAT annotation" in problem.reason


def test_numeric_sdg_cell_and_annotation_id(tmp_path: Path) -> None:
    rec = one(
        tmp_path,
        changed(VNM_143_1, Sdgs=4.7, OHCHR_Annotation_Id="b4288060-6633-478d-9a9a-df1978d336c3"),
    )
    assert rec.sdg_targets == ("4.7",)
    # the annotation id is kept as the location's key: the provenance is the format,
    # the file name, the row and OHCHR's id of the annotation, vouching for every field
    key = "b4288060-6633-478d-9a9a-df1978d336c3"
    where = upr.Location("export.xlsx", row=2, key=key)
    assert rec.provenance == (FieldSource("uhri-xlsx", where),)
    assert rec.provenance[0].fields == ("*",)
    assert str(rec.provenance[0]) == f"uhri-xlsx: export.xlsx, row 2, id {key}"
    assert upr.FieldSource.parse(str(rec.provenance[0])).location == where


def test_duplicate_rows_merge(tmp_path: Path) -> None:
    result = read_rows(tmp_path, VNM_143_1, VNM_143_6, VNM_143_1)
    report = result.report
    assert (report.rows_read, report.created, report.merged) == (3, 2, 1)


def test_raise_mode(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "x.xlsx", [VNM_143_1, changed(VNM_143_6, Type="Other")])
    with pytest.raises(upr.DataError) as info:
        upr.read(path, format="uhri-xlsx")
    assert (info.value.location.row, info.value.location.field) == (3, "Type")


# -- layout ----------------------------------------------------------------------


def test_shuffled_columns_and_corrected_spelling(tmp_path: Path) -> None:
    header = list(reversed(HEADER))
    header[header.index("Reccomending Body")] = "Recommending Body"
    header[header.index("UPR Reccomending States")] = "UPR Recommending States"
    rows = [
        {("Recommending Body" if k == "Reccomending Body" else k): v for k, v in r.items()}
        for r in ROWS[:2]
    ]
    rows = [
        {
            ("UPR Recommending States" if k == "UPR Reccomending States" else k): v
            for k, v in r.items()
        }
        for r in rows
    ]
    result = read_rows(tmp_path, *rows, header=header)
    first = result.dataset["A/HRC/26/6:143.1"]
    assert first.recommending_states == ("ALB", "AZE", "NER", "NIC")


def test_missing_required_column(tmp_path: Path) -> None:
    header = [h for h in HEADER if h != "Reccomending Body"]
    path = write_xlsx(tmp_path / "x.xlsx", ROWS[:1], header)
    with pytest.raises(upr.DataError) as info:
        upr.read(path, format="uhri-xlsx")
    assert (info.value.location.row, info.value.location.field) == (1, "Reccomending Body")
    assert "missing column(s): Reccomending Body" in info.value.reason


def test_optional_columns_may_be_missing(tmp_path: Path) -> None:
    header = ["Text", "Countries Concerned", "Reccomending Body", "Document Symbol", "Type"]
    result = read_rows(tmp_path, CAT_ROW, header=header)
    assert result.report.created == 1


def test_blank_rows_are_not_rows(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "y.xlsx", [VNM_143_1, {}, {"Text": " "}, VNM_143_6])
    assert read(path, "uhri-xlsx").report.rows_read == 2


def test_empty_and_broken_workbooks(tmp_path: Path) -> None:
    empty = tmp_path / "empty.xlsx"
    openpyxl.Workbook().save(empty)
    with pytest.raises(upr.DataError, match="no header row"):
        upr.read(empty, format="uhri-xlsx")
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(XLSX.read_bytes()[:3000])
    with pytest.raises(upr.DataError):
        upr.read(broken, format="uhri-xlsx")
    text = tmp_path / "text.xlsx"
    text.write_text("Text,Countries Concerned\n")
    with pytest.raises(upr.DataError, match="not a valid zip"):
        upr.read(text, format="uhri-xlsx")


# -- json ------------------------------------------------------------------------


def json_records() -> list[dict[str, Any]]:
    """The JSON fixture's objects."""
    data: list[dict[str, Any]] = json.loads(JSON.read_text("utf-8"))
    return data


def write_json(path: Path, data: object) -> Path:
    """Write ``data`` as JSON."""
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_json_value_shapes(tmp_path: Path) -> None:
    record = json_records()[0] | {
        "Countries": "- Viet Nam",
        "PublicationDate": 41731,
        "UprSession": "18",
        "UprRecommendingStates": ["Nicaragua", "Albania"],
        "UprPosition": "Supported",
        "AffectedPersons": "- general",
        "AnnotationId": "b4288060-6633-478d-9a9a-df1978d336c3",
        "SomethingElse": 1,
    }
    result = read(write_json(tmp_path / "x.json", [record]), "uhri-json")
    (rec,) = result.dataset.recommendations
    assert (rec.session, rec.recommending_states, rec.affected_persons) == (
        18,
        ("ALB", "NIC"),
        ("general",),
    )
    assert rec.response_value is ResponseValue.SUPPORTED
    where = upr.Location("x.json", row=1, key="b4288060-6633-478d-9a9a-df1978d336c3")
    assert rec.provenance == (FieldSource("uhri-json", where),)


@pytest.mark.parametrize("session", [float("inf"), float("nan"), 1e300, 0, 18.5, True, [18]])
def test_json_bad_sessions(tmp_path: Path, session: object) -> None:
    record = json_records()[0] | {"UprSession": session}
    result = read(write_json(tmp_path / "x.json", [record]), "uhri-json")
    (problem,) = result.report.rejected
    assert problem.location.field == "UprSession"


def test_json_errors(tmp_path: Path) -> None:
    record = json_records()[0]
    without_body = {k: v for k, v in record.items() if k != "Body"}
    data = [record, 5, without_body, record | {"Text": ["a", 1]}]
    result = read(write_json(tmp_path / "x.json", data), "uhri-json")
    problems = {p.location.row: p for p in result.report.rejected}
    assert result.report.created == 1
    assert "expected an annotation object, got int" in problems[2].reason
    assert (problems[3].location.field, problems[3].reason) == ("Body", "missing key(s): Body")
    assert problems[4].location.field == "Text"
    with pytest.raises(upr.DataError, match="expected a JSON array"):
        upr.read(write_json(tmp_path / "o.json", {"data": data[:1]}), format="uhri-json")
    bad = tmp_path / "bad.json"
    bad.write_text('[\n{"Text": "a",\n', encoding="utf-8")
    with pytest.raises(upr.DataError, match="malformed JSON") as info:
        upr.read(bad, format="uhri-json")
    assert info.value.location.line == 3
    latin = tmp_path / "latin.json"
    latin.write_bytes(JSON.read_text("utf-8").encode("utf-16"))
    with pytest.raises(upr.DataError):
        upr.read(latin, format="uhri-json")


# -- detection -------------------------------------------------------------------


def scores(path: Path) -> dict[str, float]:
    """Every registered importer's sniff score for ``path``."""
    source = Source(path)
    return {n: float(i.sniff(source)) for n, i in default_manager().importers().items()}


@pytest.mark.parametrize(("path", "fmt"), [(XLSX, "uhri-xlsx"), (JSON, "uhri-json")])
def test_detection_picks_uhri(path: Path, fmt: str) -> None:
    assert detect(Source(path), default_manager().importers()).name == fmt
    others = {n: s for n, s in scores(path).items() if n != fmt and s > 0}
    assert others == {}, f"other importers claim {path.name}: {others}"


def test_uhri_importers_do_not_claim_other_formats(tmp_path: Path) -> None:
    dataset = read(XLSX, "uhri-xlsx").dataset
    upr.export(dataset, tmp_path / "out.jsonl", format="upr-jsonl")
    upr.export(dataset, tmp_path / "out.csv", format="upr-csv")
    (tmp_path / "countries.json").write_text('[{"name": {"common": "Viet Nam"}}]')
    plain = write_xlsx(tmp_path / "plain.xlsx", [{"a": 1}], header=["a", "b"])
    candidates = [p for p in (HERE / "data").rglob("*") if p.is_file() and p.parent != DATA]
    candidates += [tmp_path / "out.jsonl", tmp_path / "out.csv", tmp_path / "countries.json", plain]
    for path in candidates:
        got = scores(path)
        assert got["uhri-xlsx"] == 0, path
        assert got["uhri-json"] == 0, path


@pytest.mark.shared_data
def test_uhri_importers_do_not_claim_shared_files(shared_data: Path) -> None:
    for path in sorted(shared_data.rglob("*")):
        if path.is_file():
            got = scores(path)
            assert got["uhri-xlsx"] == 0, path
            assert got["uhri-json"] == 0, path


@pytest.mark.shared_data
def test_fixture_texts_are_copies_of_shared_data(shared_data: Path) -> None:
    """Rebuilding the fixture rows from ../shared/data gives the committed cells."""
    spec = importlib.util.spec_from_file_location("build_fixtures", DATA / "build_fixtures.py")
    assert spec is not None and spec.loader is not None
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    assert shared_data == builder.SHARED
    rebuilt = builder.vietnam_rows() + builder.china_rows() + builder.relaid_rows()
    assert [{h: r.get(h) or None for h in HEADER} for r in rebuilt] == ROWS


# -- fuzz ------------------------------------------------------------------------

FUZZ = settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def in_tmp(name: str, write: Callable[[Path], object], fmt: str) -> None:
    """Create a temporary ``name`` with ``write`` and check the importer is robust on it."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        write(path)
        check_robust(path, fmt)


@FUZZ
@given(st.binary(max_size=3000))
def test_fuzz_random_bytes(data: bytes) -> None:
    in_tmp("x.xlsx", lambda p: p.write_bytes(data), "uhri-xlsx")
    in_tmp("x.json", lambda p: p.write_bytes(data), "uhri-json")
    in_tmp("x.xlsx", lambda p: p.write_bytes(b"PK\x03\x04" + data), "uhri-xlsx")


@FUZZ
@given(st.integers(min_value=0, max_value=XLSX.stat().st_size))
def test_fuzz_truncated_xlsx(cut: int) -> None:
    in_tmp("x.xlsx", lambda p: p.write_bytes(XLSX.read_bytes()[:cut]), "uhri-xlsx")


@FUZZ
@given(st.integers(min_value=0, max_value=JSON.stat().st_size))
def test_fuzz_truncated_json(cut: int) -> None:
    in_tmp("x.json", lambda p: p.write_bytes(JSON.read_bytes()[:cut]), "uhri-json")


@FUZZ
@given(st.sampled_from(["utf-16", "utf-32", "cp1252", "latin-1", "mac_roman", "utf-8-sig"]))
def test_fuzz_json_encodings(encoding: str) -> None:
    data = JSON.read_text("utf-8").encode(encoding, errors="replace")
    in_tmp("x.json", lambda p: p.write_bytes(data), "uhri-json")


cell_values = st.one_of(
    st.none(),
    st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=40),
    st.integers(-(10**6), 10**7),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(["- UPR", "- CAT", "- SR x", "- Viet Nam\n- China", "- 16.3 - x", "18"]),
)


@FUZZ
@given(
    st.permutations(HEADER),
    st.sets(st.sampled_from(HEADER), max_size=4),
    st.lists(st.dictionaries(st.sampled_from(HEADER), cell_values, max_size=6), max_size=4),
)
def test_fuzz_xlsx_columns_and_cells(
    header: list[str], dropped: set[str], edits: list[dict[str, Any]]
) -> None:
    kept = [h for h in header if h not in dropped]
    rows = [ROWS[i % len(ROWS)] | edit for i, edit in enumerate(edits)] + ROWS[:2]
    in_tmp("x.xlsx", lambda p: write_xlsx(p, rows, kept), "uhri-xlsx")


JSON_KEY_NAMES = ["AnnotationId", "Text", "Symbol", "Body", "Countries", "Themes", "Sdgs"]
JSON_KEY_NAMES += ["AnnotationType", "PublicationDate", "UprSession", "UprPosition"]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)


@FUZZ
@given(
    st.lists(
        st.dictionaries(
            st.sampled_from([*JSON_KEY_NAMES]),
            json_values,
            max_size=9,
        )
        | json_values,
        max_size=5,
    )
)
def test_fuzz_json_records(items: list[Any]) -> None:
    records = [
        json_records()[i % 14] | item if isinstance(item, dict) else item
        for i, item in enumerate(items)
    ]
    in_tmp("x.json", lambda p: p.write_text(json.dumps(records)), "uhri-json")


@settings(max_examples=6, deadline=None)
@given(st.sampled_from([1000, 100_000, 1_000_000]))
def test_fuzz_huge_cells(size: int) -> None:
    row = changed(VNM_143_1, Text="143.1. " + "x" * size, Themes="- t\n" * (size // 100))
    in_tmp("x.xlsx", lambda p: write_xlsx(p, [row]), "uhri-xlsx")
