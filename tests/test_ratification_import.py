"""Importers ``ratification-csv`` and ``ratification-xls`` (plugins/upr_plugins/ratification.py).

Slices of the real files are in ``tests/data/ratification`` (see SOURCE.md);
the full-file checks over ``../shared/data/ratification`` are marked
``shared_data``.
"""

from __future__ import annotations

import collections
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import upr
from importer_checks import read_robustly as check_robust
from upr.io.importing import Source, detect
from upr.io.sink import ImportResult
from upr.model.ratifications import Ratification, RatificationStatus
from upr.plugins import default_manager

HERE = Path(__file__).resolve().parent
DATA = HERE / "data" / "ratification"
XLS_NAME = "ohchr-export-ICESCR-2026-04-23.xls"
HEADER = "iso2,member,state party,year ratification or accession,signatory,no action,status,note"

PARTY = RatificationStatus.PARTY
SIGNATORY = RatificationStatus.SIGNATORY
NONE = RatificationStatus.NONE


def read(path: Path, fmt: str = "ratification-csv") -> ImportResult:
    """Read in collect mode and check the row invariant."""
    result = upr.read(path, format=fmt, errors="collect")
    assert result.report.balanced, result.report.summary()
    return result


def by_state(result: ImportResult) -> dict[str, Ratification]:
    """The records of one treaty, by state code."""
    return {r.state: r for r in result.dataset.ratifications}


def real_lines(name: str) -> list[bytes]:
    """The lines of a slice, with their original line ends."""
    return (DATA / name).read_bytes().splitlines(keepends=True)


def write(tmp: Path, name: str, lines: Iterable[bytes | str]) -> Path:
    """Write lines (str as UTF-8) to ``tmp/name``."""
    path = tmp / name
    path.write_bytes(b"".join(x.encode() if isinstance(x, str) else x for x in lines))
    return path


# -- the slices ------------------------------------------------------------------


def test_icescr_slice() -> None:
    result = read(DATA / "hr_status_icescr.csv")
    report = result.report
    assert (report.rows_read, report.created, report.merged, report.rejected) == (45, 45, 0, ())
    assert report.kinds == {"Ratification": 45}
    got = by_state(result)
    assert {r.treaty for r in got.values()} == {"ICESCR"}
    assert (got["AFG"].status, got["AFG"].year) == (PARTY, 1983)
    assert (got["AND"].status, got["AND"].year) == (NONE, None)
    assert got["AFG"].source == "hr_status_icescr.csv line 2"
    # 'Signature tied to the UK's': 1976 is the UK's ratification, Tuvalu is no party
    assert (got["TUV"].status, got["TUV"].year) == (NONE, None)
    assert "tied to the United Kingdom" in got["TUV"].source
    assert "note: Signature tied to the UK's" in got["TUV"].source
    # flags 0/0/0 but status 'state party' with a year: status kept, disagreement noted
    assert (got["MDA"].status, got["MDA"].year) == (PARTY, 1993)
    assert "flags (state party/signatory/no action) 0/0/0 disagree" in got["MDA"].source
    # iso2 'TP' is not ISO 3166: state from the member column
    assert got["TLS"].year == 2003
    assert "iso2 'TP' is not a known alpha-2 code" in got["TLS"].source
    assert got["CPV"].source.endswith("note: Found as Cabo Verde in the UN Treaty Collection")


def test_iccpr_op1_slice_denunciations() -> None:
    result = read(DATA / "hr_status_iccpr_op1.csv")
    assert result.report.created == 24
    got = by_state(result)
    assert {r.treaty for r in got.values()} == {"ICCPR-OP1"}
    for code in ("JAM", "TTO"):  # denounced the protocol: no longer parties
        assert (got[code].status, got[code].year) == (NONE, None)
        assert "denounced" in got[code].source
    assert (got["KAZ"].status, got["KAZ"].year) == (PARTY, 2009)  # party flag 0, year kept


def test_op_crc_ic_slice_non_member_rejected() -> None:
    result = read(DATA / "hr_status_op_crc_ic.csv")
    report = result.report
    assert (report.rows_read, report.created, len(report.rejected)) == (28, 27, 1)
    problem = report.rejected[0]
    assert problem.location.file is not None
    assert problem.location.file.endswith("hr_status_op_crc_ic.csv")
    assert (problem.location.line, problem.location.field) == (28, "member")
    assert "'MS'" in problem.reason
    assert "'Montserrat'" in problem.reason
    assert "hr_status_op_crc_ic.csv, line 28, field 'member'" in str(problem)
    got = by_state(result)
    assert got["SSD"].status is NONE  # iso2 'S'
    assert (got["ECU"].status, got["ECU"].year) == (PARTY, 2018)
    assert (got["ALB"].status, got["ALB"].year) == (PARTY, 2013)


def test_op_cedaw_slice_unknown_status_rejected() -> None:
    result = read(DATA / "hr_status_op_cedaw.csv")
    report = result.report
    assert (report.rows_read, report.created, len(report.rejected)) == (11, 10, 1)
    problem = report.rejected[0]
    assert (problem.location.line, problem.location.field) == (12, "status")
    assert "no year" in problem.reason
    assert "status is unknown" in problem.reason


def test_raise_mode_stops_at_first_bad_row() -> None:
    with pytest.raises(upr.DataError) as info:
        upr.read(DATA / "hr_status_op_cedaw.csv", format="ratification-csv")
    assert info.value.location.line == 12
    assert info.value.location.field == "status"


def test_all_eighteen_file_names_map_to_treaties() -> None:
    from upr_plugins.ratification import TREATY_BY_FILE_KEY, treaty_from_file_name

    assert sorted(TREATY_BY_FILE_KEY.values()) == sorted(upr.treaties.codes())
    for key, code in TREATY_BY_FILE_KEY.items():
        assert treaty_from_file_name(Source(Path(f"hr_status_{key}.csv"))) == code
    assert treaty_from_file_name(Source(Path("hr_status_OP-CAT.csv"))) == "OP-CAT"
    with pytest.raises(upr.DataError) as info:
        treaty_from_file_name(Source(Path("status.csv")))
    assert info.value.location.field == "file name"


def test_file_name_without_treaty_is_a_file_error(tmp_path: Path) -> None:
    path = write(tmp_path, "ratification.csv", real_lines("hr_status_icescr.csv")[:3])
    with pytest.raises(upr.DataError, match="cannot tell the treaty"):
        upr.read(path, format="ratification-csv")


def test_missing_column_names_the_column(tmp_path: Path) -> None:
    lines = real_lines("hr_status_icescr.csv")
    header = lines[0].replace(b",status,", b",state,")
    path = write(tmp_path, "hr_status_icescr.csv", [header, *lines[1:4]])
    with pytest.raises(upr.DataError) as info:
        upr.read(path, format="ratification-csv")
    assert (info.value.location.line, info.value.location.field) == (1, "status")
    assert "missing column(s): status" in str(info.value)
    # in collect mode the file-level error is the report's one problem
    report = read(path).report
    assert (report.rows_read, report.created, len(report.rejected)) == (1, 0, 1)
    assert report.rejected[0].location.field == "status"


def test_wrong_encoding_and_empty_file(tmp_path: Path) -> None:
    utf16 = tmp_path / "hr_status_icescr.csv"
    utf16.write_bytes((DATA / "hr_status_icescr.csv").read_text("utf-8").encode("utf-16"))
    with pytest.raises(upr.DataError):
        upr.read(utf16, format="ratification-csv")
    empty = write(tmp_path, "hr_status_cat.csv", [b""])
    with pytest.raises(upr.DataError, match="empty file"):
        upr.read(empty, format="ratification-csv")


@pytest.mark.parametrize(
    ("row", "field", "reason"),
    [
        ("VN,Viet Nam,1,1982,0,0,state party,\r\n", None, None),
        ("VN,Viet Nam,1,1982.0,0,0,state party,,\r\n", None, None),  # re-saved: 1982.0, extra ,
        ("VN,Viet Nam,2,1982,0,0,state party,\r\n", "state party", "flag must be 0, 1"),
        ("VN,Viet Nam,1,82,0,0,state party,\r\n", "year ratification or accession", "not a year"),
        ("VN,Viet Nam,1,1960,0,0,state party,\r\n", "year ratification or accession", "1966"),
        (
            "VN,Viet Nam,0,1982,1,0,signatory state,\r\n",
            "year ratification or accession",
            "parties",
        ),
        ("VN,Viet Nam,1,1982,0,0,ratified,\r\n", "status", "unknown status"),
        ("VN,China,1,1982,0,0,state party,\r\n", "iso2", "VNM"),
        ("XX,Atlantis,0,,0,1,no action,\r\n", "member", "neither iso2"),
        ("VN,Viet Nam,1,1982,0,0\r\n", "status", "missing value"),
        ("VN,Viet Nam,1,1982,0,0,state party,,extra\r\n", None, "the header has 8 columns"),
    ],
)
def test_row_errors_name_line_field_and_reason(
    tmp_path: Path, row: str, field: str | None, reason: str | None
) -> None:
    path = write(tmp_path, "hr_status_icescr.csv", [HEADER + "\r\n", row])
    result = read(path)
    if reason is None:
        assert result.report.created == 1
        assert by_state(result)["VNM"].year == 1982
        return
    (problem,) = result.report.rejected
    assert problem.location.line == 2
    assert problem.location.field == field
    assert reason in problem.reason


def test_shuffled_columns_read_the_same(tmp_path: Path) -> None:
    lines = (DATA / "hr_status_iccpr_op1.csv").read_text("utf-8").splitlines()
    import csv

    rows = list(csv.reader(lines))
    order = [6, 0, 7, 3, 1, 5, 2, 4]
    shuffled = tmp_path / "hr_status_iccpr_op1.csv"
    with shuffled.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        for row in rows:
            writer.writerow([row[i] for i in order])
    original = {
        (r.state, r.status, r.year)
        for r in read(DATA / "hr_status_iccpr_op1.csv").dataset.ratifications
    }
    again = {(r.state, r.status, r.year) for r in read(shuffled).dataset.ratifications}
    assert again == original
    assert default_manager().importer("ratification-csv").sniff(Source(shuffled)) == 0.7


def test_blank_lines_are_not_rows(tmp_path: Path) -> None:
    lines = real_lines("hr_status_icescr.csv")
    path = write(
        tmp_path, "hr_status_icescr.csv", [lines[0], lines[1], b"\r\n", b",,,,,,,\r\n", lines[2]]
    )
    assert read(path).report.rows_read == 2


# -- the OHCHR .xls export (the whole file is small, so it is kept in tests/data) --


def test_xls_export() -> None:
    result = read(DATA / XLS_NAME, "ratification-xls")
    report = result.report
    # 198 country rows: title, header, blank row and two note rows are not rows
    assert (report.rows_read, report.created, len(report.rejected)) == (198, 195, 3)
    rejected = {p.location.row or 0: p for p in report.rejected}
    assert sorted(rejected) == [42, 63, 132]  # Cook Islands, European Union, Niue
    for problem in rejected.values():
        assert problem.location.field == "Country"
        assert problem.location.sheet == "Underlying Data(0)"
        assert "not a UN member or observer state" in problem.reason
    assert "'European Union'" in rejected[63].reason
    got = by_state(result)
    assert {r.treaty for r in got.values()} == {"ICESCR"}
    assert (got["VNM"].status, got["VNM"].year) == (PARTY, 1982)
    assert got["VNM"].source == f"{XLS_NAME} row 197; ratification/accession 1982-09-24"
    assert (got["USA"].status, got["USA"].year) == (SIGNATORY, None)
    assert (got["BTN"].status, got["BTN"].year) == (NONE, None)
    assert (got["PSE"].status, got["PSE"].year) == (PARTY, 2014)  # observer state, kept
    assert got["VAT"].status is NONE
    assert got["PRT"].source == (
        f"{XLS_NAME} row 144; signature 1976-10-07; ratification/accession 1978-07-31;"
        " individual communications accepted 2013-01-28; inquiry procedure accepted 2014-01-28"
    )
    counts = collections.Counter(r.status for r in got.values())
    assert counts == {PARTY: 173, SIGNATORY: 5, NONE: 17}  # signed only: AND COM CUB PLW USA


def test_csv_and_xls_agree_on_icescr_slice() -> None:
    """Both sources agree except where the 2025 export is newer than the 2022 table."""
    csv_rows = by_state(read(DATA / "hr_status_icescr.csv"))
    xls_rows = by_state(read(DATA / XLS_NAME, "ratification-xls"))
    differ = {
        s: ((c.status, c.year), (xls_rows[s].status, xls_rows[s].year))
        for s, c in csv_rows.items()
        if (c.status, c.year) != (xls_rows[s].status, xls_rows[s].year)
    }
    assert differ == {
        "AND": ((NONE, None), (SIGNATORY, None)),  # signed 2025-09-23
        "KNA": ((NONE, None), (PARTY, 2024)),
        "SSD": ((NONE, None), (PARTY, 2024)),
    }


def test_xls_errors(tmp_path: Path) -> None:
    junk = tmp_path / "ohchr-export-CAT-2026-01-01.xls"
    junk.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    with pytest.raises(upr.DataError, match="cannot open"):
        upr.read(junk, format="ratification-xls")
    truncated = tmp_path / XLS_NAME
    truncated.write_bytes((DATA / XLS_NAME).read_bytes()[:9000])
    with pytest.raises(upr.DataError):
        upr.read(truncated, format="ratification-xls")
    xlsx = tmp_path / "book.xls"
    xlsx.write_bytes((HERE / "data" / "uhri" / "uhri-export.xlsx").read_bytes())
    with pytest.raises(upr.DataError):
        upr.read(xlsx, format="ratification-xls")


# -- detection -------------------------------------------------------------------


def scores(path: Path) -> dict[str, float]:
    """Every registered importer's sniff score for ``path``."""
    source = Source(path)
    return {n: float(i.sniff(source)) for n, i in default_manager().importers().items()}


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("hr_status_icescr.csv", "ratification-csv"),
        ("hr_status_iccpr_op1.csv", "ratification-csv"),
        ("hr_status_op_crc_ic.csv", "ratification-csv"),
        ("hr_status_op_cedaw.csv", "ratification-csv"),
        (XLS_NAME, "ratification-xls"),
    ],
)
def test_detection_picks_the_ratification_importers(name: str, fmt: str) -> None:
    path = DATA / name
    assert detect(Source(path), default_manager().importers()).name == fmt
    others = {n: s for n, s in scores(path).items() if n != fmt and s > 0}
    assert others == {}, f"other importers claim {name}: {others}"


def test_ratification_importers_do_not_claim_other_formats(tmp_path: Path) -> None:
    """Other formats kept in tests/data, and the native formats, are not claimed."""
    dataset = read(DATA / "hr_status_icescr.csv").dataset
    upr.export(dataset, tmp_path / "out.jsonl", format="upr-jsonl")
    upr.export(dataset, tmp_path / "out.csv", format="upr-csv")
    candidates = [p for p in (HERE / "data").rglob("*") if p.is_file() and p.parent != DATA]
    candidates += [tmp_path / "out.jsonl", tmp_path / "out.csv"]
    for path in candidates:
        got = scores(path)
        assert got["ratification-csv"] == 0, path
        assert got["ratification-xls"] == 0, path


# -- full files (../shared/data) -------------------------------------------------

EXPECTED_COUNTS: dict[str, tuple[str, int, int, int, int]] = {
    # file: (treaty, parties, signatories, no action, rejected)
    "hr_status_cat.csv": ("CAT", 171, 4, 18, 0),
    "hr_status_cedaw.csv": ("CEDAW", 187, 2, 4, 0),
    "hr_status_cped.csv": ("CPED", 68, 43, 82, 0),
    "hr_status_crc.csv": ("CRC", 192, 1, 0, 0),
    "hr_status_crpd.csv": ("CRPD", 181, 8, 4, 0),
    "hr_status_iccpr.csv": ("ICCPR", 172, 6, 15, 0),
    "hr_status_iccpr_op1.csv": ("ICCPR-OP1", 114, 4, 75, 0),
    "hr_status_iccpr_op2.csv": ("ICCPR-OP2", 89, 0, 104, 0),
    "hr_status_icerd.csv": ("ICERD", 180, 3, 10, 0),
    "hr_status_icescr.csv": ("ICESCR", 170, 4, 19, 0),
    "hr_status_icescr_op.csv": ("OP-ICESCR", 26, 23, 144, 0),
    "hr_status_icmw.csv": ("ICMW", 57, 11, 125, 0),
    "hr_status_op_cedaw.csv": ("OP-CEDAW", 112, 11, 69, 1),
    "hr_status_op_crc_ac.csv": ("OP-CRC-AC", 170, 8, 15, 0),
    "hr_status_op_crc_ic.csv": ("OP-CRC-IC", 46, 15, 131, 1),
    "hr_status_op_crc_sc.csv": ("OP-CRC-SC", 176, 7, 10, 0),
    "hr_status_op_crpd.csv": ("OP-CRPD", 97, 24, 72, 0),
    "hr_status_opcat.csv": ("OP-CAT", 89, 13, 91, 0),
}


@pytest.mark.shared_data
def test_full_csv_files(shared_data: Path) -> None:
    folder = shared_data / "ratification"
    assert sorted(p.name for p in folder.glob("hr_status_*.csv")) == sorted(EXPECTED_COUNTS)
    for name, (treaty, parties, signatories, none, rejected) in EXPECTED_COUNTS.items():
        path = folder / name
        assert detect(Source(path), default_manager().importers()).name == "ratification-csv"
        result = read(path)
        assert result.report.rows_read == 193, name
        counts = collections.Counter(r.status for r in result.dataset.ratifications)
        got = (counts[PARTY], counts[SIGNATORY], counts[NONE], len(result.report.rejected))
        assert got == (parties, signatories, none, rejected), name
        assert {r.treaty for r in result.dataset.ratifications} == {treaty}


@pytest.mark.shared_data
def test_full_csv_files_agree_with_package_data(shared_data: Path) -> None:
    """upr.ratifications is built from the same files: every record must agree."""
    paths = sorted((shared_data / "ratification").glob("hr_status_*.csv"))
    imported = {
        (r.state, r.treaty, r.status, r.year)
        for r in upr.read(paths, format="ratification-csv", errors="collect").dataset.ratifications
    }
    packaged = {(r.state, r.treaty, r.status, r.year) for r in upr.ratifications.all()}
    assert imported == packaged
    assert len(imported) == 3472


@pytest.mark.shared_data
def test_full_xls_agrees_with_full_csv(shared_data: Path) -> None:
    folder = shared_data / "ratification"
    assert (folder / XLS_NAME).read_bytes() == (DATA / XLS_NAME).read_bytes()
    csv_rows = by_state(read(folder / "hr_status_icescr.csv"))
    xls_rows = by_state(read(folder / XLS_NAME, "ratification-xls"))
    assert set(xls_rows) - set(csv_rows) == {"PSE", "VAT"}  # observers: not in the CSV
    assert set(csv_rows) <= set(xls_rows)
    differ = sorted(
        s
        for s, c in csv_rows.items()
        if (c.status, c.year) != (xls_rows[s].status, xls_rows[s].year)
    )
    assert differ == ["AND", "KNA", "SSD"]  # changes between 2022 and 2025


@pytest.mark.shared_data
def test_xls_communications_dates_against_op_icescr(shared_data: Path) -> None:
    """The export's 'individual communications' dates are OP-ICESCR acceptances: every
    one matches the OP-ICESCR table's year, but 8 OP-ICESCR parties have none."""
    folder = shared_data / "ratification"
    protocol = by_state(read(folder / "hr_status_icescr_op.csv"))
    xls = by_state(read(folder / XLS_NAME, "ratification-xls"))
    marker = "individual communications accepted "
    dated = {s: int(r.source.split(marker, 1)[1][:4]) for s, r in xls.items() if marker in r.source}
    for state, year in dated.items():
        assert (protocol[state].status, protocol[state].year) == (PARTY, year), state
    parties = {s for s, r in protocol.items() if r.status is PARTY}
    assert sorted(parties - set(dated)) == [
        "ARM", "CPV", "CRI", "GAB", "ITA", "LUX", "MDV", "NER"
    ]  # fmt: skip


@pytest.mark.shared_data
def test_ratification_importers_do_not_claim_other_shared_files(shared_data: Path) -> None:
    for path in sorted(shared_data.rglob("*")):
        if not path.is_file() or path.parent.name == "ratification":
            continue
        got = scores(path)
        assert got["ratification-csv"] == 0, path
        assert got["ratification-xls"] == 0, path


# -- fuzz ------------------------------------------------------------------------

FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def fuzz_file(name: str, data: bytes, fmt: str) -> None:
    """Write ``data`` to a temporary ``name`` and check the importer is robust on it."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        check_robust(path, fmt)


@FUZZ
@given(st.binary(max_size=2000))
def test_fuzz_random_bytes(data: bytes) -> None:
    fuzz_file("hr_status_icescr.csv", data, "ratification-csv")
    fuzz_file(XLS_NAME, data, "ratification-xls")


@FUZZ
@given(st.integers(min_value=0, max_value=2369))
def test_fuzz_truncated_csv(cut: int) -> None:
    fuzz_file(
        "hr_status_icescr.csv",
        (DATA / "hr_status_icescr.csv").read_bytes()[:cut],
        "ratification-csv",
    )


@FUZZ
@given(st.integers(min_value=0, max_value=26112))
def test_fuzz_truncated_xls(cut: int) -> None:
    fuzz_file(XLS_NAME, (DATA / XLS_NAME).read_bytes()[:cut], "ratification-xls")


@FUZZ
@given(st.sampled_from(["utf-16", "utf-32", "cp1252", "latin-1", "utf-8-sig", "mac_roman"]))
def test_fuzz_encodings(encoding: str) -> None:
    text = (DATA / "hr_status_icescr.csv").read_text("utf-8")
    fuzz_file("hr_status_icescr.csv", text.encode(encoding, errors="replace"), "ratification-csv")


@FUZZ
@given(
    st.permutations(list(range(8))),
    st.sets(st.integers(0, 7), max_size=3),
    st.lists(st.text(max_size=20), max_size=8),
)
def test_fuzz_shuffled_missing_columns_and_odd_cells(
    order: list[int], dropped: set[int], extra: list[str]
) -> None:
    import csv
    import io

    rows = list(csv.reader(io.StringIO((DATA / "hr_status_iccpr_op1.csv").read_text("utf-8"))))
    keep = [i for i in order if i not in dropped]
    out = io.StringIO()
    writer = csv.writer(out)
    for number, row in enumerate(rows):
        cells = [row[i] for i in keep if i < len(row)]
        if number == 3:
            cells = cells + extra
        if number == 5 and extra:
            cells = extra
        writer.writerow(cells)
    fuzz_file("hr_status_iccpr_op1.csv", out.getvalue().encode(), "ratification-csv")


@settings(max_examples=10, deadline=None)
@given(st.sampled_from([10, 1000, 200_000]))
def test_fuzz_huge_cells(size: int) -> None:
    row = f"VN,{'Viet Nam' * size},1,1982,0,0,state party,{'x' * size}\r\n"
    fuzz_file("hr_status_icescr.csv", (HEADER + "\r\n" + row).encode(), "ratification-csv")
