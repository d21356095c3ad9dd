"""The Working Group report importers: ``wg-report-txt`` and ``wg-report-pdf``.

Whole real reports are in ``tests/data/wg-reports`` (see SOURCE.md); the
full-file checks over ``../shared/data/wg-reports`` and ``wg-reports-pdf`` and
the agreement with the UPR Info export skip when ``../shared/data`` is absent.
"""

from __future__ import annotations

import codecs
import collections
import csv
import datetime as dt
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import shared_reads
import upr
from importer_checks import fuzz_settings
from importer_checks import read_robustly as check
from upr.errors import DataError
from upr.io.importing import Source, detect
from upr.model.recommendations import ResponseValue
from upr.plugins import default_manager
from upr_plugins.wgreport import WgReportPdfImporter, WgReportTxtImporter
from upr_plugins.wgreport_parse import (
    Disposition,
    Listing,
    classify,
    decode,
    ordinal,
    parse_report,
    recommenders,
)

DATA = Path(__file__).resolve().parent / "data" / "wg-reports"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
TXT = SHARED / "wg-reports"
PDF = SHARED / "wg-reports-pdf"
UPRINFO = SHARED / "uprinfo"

VIETNAM_2014 = DATA / "vietnam2014.txt"  # A/HRC/26/6, cycle II
VIETNAM_2009 = DATA / "vietnam2009.txt"  # A/HRC/12/11, cycle I
AZERBAIJAN = DATA / "azerbaijan2009.txt"  # A/HRC/11/20, cycle I
SAINT_LUCIA_TXT = DATA / "saintlucia2011.txt"  # A/HRC/17/6, text twin
SAINT_LUCIA_PDF = DATA / "saintlucia2011.pdf"  # A/HRC/17/6 as published
CYCLE3 = DATA / "vietnam2014-cycle3-layout.txt"  # real text, cycle III/IV layout
TEXT_FILES = (VIETNAM_2014, VIETNAM_2009, AZERBAIJAN, SAINT_LUCIA_TXT, CYCLE3)

needs_shared = pytest.mark.skipif(
    not SHARED.is_dir(), reason="../shared/data not found: full-file check skipped"
)


def read(path: Path, fmt: str | None = None) -> upr.ImportResult:
    """Import with errors collected; every report must balance."""
    result = upr.read(path, format=fmt, errors="collect")
    report = result.report
    assert report.balanced, report.summary()
    assert report.rows_read == report.created + report.merged + len(report.rejected)
    return result


def by_paragraph(result: upr.ImportResult) -> dict[str, upr.Recommendation]:
    """Recommendations keyed by paragraph number."""
    return {rec.paragraph: rec for rec in result.dataset if rec.paragraph}


# -- registration and detection ------------------------------------------------------


def test_importers_are_registered() -> None:
    importers = default_manager().importers()
    assert isinstance(importers["wg-report-txt"], WgReportTxtImporter)
    assert isinstance(importers["wg-report-pdf"], WgReportPdfImporter)


@pytest.mark.parametrize("path", TEXT_FILES, ids=lambda p: p.name)
def test_text_reports_are_detected(path: Path) -> None:
    assert WgReportTxtImporter().sniff(Source(path)) == 1.0
    assert WgReportPdfImporter().sniff(Source(path)) == 0.0
    assert detect(Source(path), default_manager().importers()).name == "wg-report-txt"


def test_pdf_report_is_detected() -> None:
    assert WgReportPdfImporter().sniff(Source(SAINT_LUCIA_PDF)) == 1.0
    assert WgReportTxtImporter().sniff(Source(SAINT_LUCIA_PDF)) == 0.0
    assert detect(Source(SAINT_LUCIA_PDF), default_manager().importers()).name == "wg-report-pdf"


def test_title_without_symbol_is_only_likely(tmp_path: Path) -> None:
    path = tmp_path / "title.txt"
    path.write_text("Report of the Working Group on the Universal Periodic Review\nViet Nam\n")
    assert WgReportTxtImporter().sniff(Source(path)) == 0.7


def test_other_formats_are_not_claimed(tmp_path: Path) -> None:
    import openpyxl
    from docx import Document as Docx

    samples: dict[str, bytes] = {
        "uprinfo.csv": b"To,To-Rgrp,To-Org,Text,From,From-Rgrp,From-Org,Response,Action,"
        b"Issue,Session\rViet Nam,Asia,ASEAN,Ratify CAT ,Gabon,Africa,AU,Accepted,5,Torture,18\r",
        "ratification.csv": b"iso2,member,state party,year ratification or accession,"
        b"signatory,no action,status,note\nVN,Viet Nam,1,2015,0,0,,\n",
        "native.jsonl": b'{"upr": "dataset", "schema": 1}\n',
        "uhri.json": b'[{"AnnotationId": 1, "Text": "Ratify CAT", "Symbol": "A/HRC/26/6"}]',
        "notes.txt": b"Minutes of a meeting on the Universal Periodic Review.\n",
        "fake.pdf": b"%PDF-1.4\nnot really a PDF",
    }
    for name, data in samples.items():
        (tmp_path / name).write_bytes(data)
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Goals", "Recommendation", "Tekst"])
    book.save(tmp_path / "sdg.xlsx")
    document = Docx()
    document.add_paragraph("Thematic list of recommendations")
    document.save(str(tmp_path / "thematic.docx"))
    for path in tmp_path.iterdir():
        assert WgReportTxtImporter().sniff(Source(path)) == 0.0, path.name
        assert WgReportPdfImporter().sniff(Source(path)) == 0.0, path.name


@pytest.mark.parametrize(
    "path",
    sorted(p for p in (DATA.parent).glob("*/*") if p.parent.name != "wg-reports" and p.is_file()),
    ids=lambda p: f"{p.parent.name}/{p.name}",
)
def test_other_test_data_is_not_claimed(path: Path) -> None:
    assert WgReportTxtImporter().sniff(Source(path)) == 0.0
    assert WgReportPdfImporter().sniff(Source(path)) == 0.0


# -- Viet Nam, cycle II (A/HRC/26/6) -----------------------------------------------------


def test_vietnam_2014_review() -> None:
    result = read(VIETNAM_2014, "wg-report-txt")
    (review,) = result.dataset.reviews
    assert (review.id, review.state, review.cycle, review.session, review.hrc_session) == (
        "UPR-VNM-2",
        "VNM",
        2,
        18,
        26,
    )
    assert (review.start, review.end) == (dt.date(2014, 2, 5), dt.date(2014, 2, 7))
    # The text extraction lost the symbol A/HRC/26/6; the national report,
    # compilation and summary symbols are in paragraph 3.
    assert [d.symbol for d in review.documents] == [
        "A/HRC/WG.6/18/VNM/1",
        "A/HRC/WG.6/18/VNM/2",
        "A/HRC/WG.6/18/VNM/3",
    ]
    assert review.document(upr.DocumentKind.NATIONAL_REPORT) is not None


def test_vietnam_2014_has_227_paragraphs_all_pending() -> None:
    result = read(VIETNAM_2014, "wg-report-txt")
    report = result.report
    assert (report.rows_read, report.created, report.merged, report.rejected) == (227, 227, 0, ())
    paragraphs = by_paragraph(result)
    assert sorted(paragraphs, key=lambda n: int(n.split(".")[1])) == [
        f"143.{n}" for n in range(1, 228)
    ]
    assert {rec.response_value for rec in result.dataset} == {ResponseValue.PENDING}


def test_paragraph_143_12_carries_four_states() -> None:
    rec = by_paragraph(read(VIETNAM_2014))["143.12"]
    # "143.12.  Ratify CAT (Gabon, Mali, Slovakia); Accede to CAT (Togo);"
    assert rec.text == "Ratify CAT (Gabon, Mali, Slovakia); Accede to CAT (Togo)"
    assert rec.recommending_states == ("GAB", "MLI", "SVK", "TGO")
    assert (rec.state_under_review, rec.cycle, rec.session) == ("VNM", 2, 18)
    assert rec.review == "UPR-VNM-2"
    assert rec.symbol is None  # not in the text file
    assert rec.id == "UPR-VNM-2:143.12"  # no symbol in this extraction: review + paragraph
    assert rec.response is not None
    assert rec.response.value is ResponseValue.PENDING
    assert rec.response.raw.startswith("The following recommendations will be examined by Viet Nam")
    assert rec.response.source == "vietnam2014.txt para 143"
    assert rec.sources("recommending_states") == (
        upr.FieldSource(
            "wg-report-txt",
            upr.Location("vietnam2014.txt", paragraph="143.12"),
            ("paragraph", "recommending_states", "response", "session", "text"),
        ),
    )
    assert str(rec.sources("text")[0]) == "wg-report-txt: vietnam2014.txt, paragraph 143.12"


def test_several_groups_and_names_with_parentheses() -> None:
    paragraphs = by_paragraph(read(VIETNAM_2014))
    assert paragraphs["143.15"].recommending_states == ("AUT", "CZE", "FRA", "URY")
    assert paragraphs["143.71"].recommending_states == (
        "AUT",
        "CZE",
        "GBR",
        "GRC",
        "MNE",
        "URY",
    )
    assert paragraphs["143.57"].recommending_states == (
        "VEN",
    )  # Venezuela (Bolivarian Republic of)
    assert paragraphs["143.187"].recommending_states == ("IRN",)  # Islamic Republic of Iran
    assert paragraphs["143.52"].recommending_states == ("PRK",)  # People’s (curly apostrophe)
    assert paragraphs["143.185"].recommending_states == ("PSE",)  # State of Palestine


def test_line_breaks_footnotes_and_two_paragraphs_on_one_line() -> None:
    paragraphs = by_paragraph(read(VIETNAM_2014))
    # 143.98 is broken over two lines with a blank line between them.
    assert paragraphs["143.98"].text == (
        "Consider a moratorium on the death penalty with a view to its eventual abolition "
        "(Slovenia)"
    )
    # "** The conclusions and recommendations have not been edited." sits between 143.13 and 143.14.
    assert "edited" not in paragraphs["143.13"].text
    # 143.84 and 143.85 share one line of the text file.
    assert paragraphs["143.84"].recommending_states == ("SVN",)
    assert paragraphs["143.85"].recommending_states == ("CHN",)
    assert paragraphs["143.85"].text.startswith("Further implement relevant measures")


@pytest.mark.parametrize(
    ("text", "states"),
    [
        # wg-reports/albania2014.txt 105.11
        (
            "Increase efforts to tackle domestic violence, gender stereotypes and "
            "discrimination on that ground (the former Yugoslav Republic of Macedonia)",
            ("MKD",),
        ),
        # wg-reports/tajikistan2011.txt 90.3
        (
            "Sign and ratify the Optional Protocol to the CAT (Estonia); Consider ratifying the "
            "Optional Protocol to the CAT in the near future (United Kingdom of Great Britain "
            "and Northern Ireland)",
            ("EST", "GBR"),
        ),
        # wg-reports/algeria2012.txt 129.64
        (
            "Continue to consolidate its legislative reform as well as programmes aimed at "
            "improving the basic standard of living of its people (Zimbabwe) and promote social "
            "security and labour policy (Iran (Islamic Republic of))",
            ("ZWE", "IRN"),
        ),
        # wg-reports/albania2014.txt 104.3: adjacent groups
        (
            "Ratify the Optional Protocol of the CRPD (Austria) (Israel) (Rwanda)",
            ("AUT", "ISR", "RWA"),
        ),
        # wg-reports/philippines2012.txt 129.2: an inverted name cut at its comma
        (
            "Strengthen the role on the protection of fundamental rights of people, in particular "
            "the most vulnerable and marginalized groups (Venezuela, Bolivarian Republic of)",
            ("VEN",),
        ),
        # wg-reports/bosniaandherzegovina2014.txt 107.104: closing parenthesis missing
        ("Continue its efforts to promote human rights (Iran (Islamic Republic of);", ("IRN",)),
        # vietnam2014.pdf 143.23: a semicolon extracted as "/"
        ("Consider ratifying CPED (Uruguay)/Accede to CPED (Iraq)", ("URY", "IRQ")),
        # canada2009.txt 86.1 and india2008.txt 86.1 separators
        ("Ratify the Optional Protocol to ICESCR (Mexico; Egypt)", ("MEX", "EGY")),
        (
            "Expedite ratification of the Convention against Torture (United Kingdom France)",
            ("GBR", "FRA"),
        ),
    ],
)
def test_recommending_states_of_real_paragraphs(text: str, states: tuple[str, ...]) -> None:
    found = recommenders(text)
    assert found.problem is None
    assert found.codes == states


def test_pdf_slash_after_a_state_group_becomes_a_semicolon() -> None:
    found = recommenders("Consider ratifying CPED (Uruguay)/Accede to CPED (Iraq)")
    assert found.text == "Consider ratifying CPED (Uruguay);Accede to CPED (Iraq)"
    assert recommenders("Ratify/accede to the Rome Statute (Slovakia)").text.startswith("Ratify/")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        # wg-reports/solomonislands2011.txt 81.23: "NA" is not Namibia here
        ("Continue efforts to promote and protect the rights of women (NA)", "(NA)"),
        ("Ratify the Convention against Torture (CAT)", "no parenthesised group"),
        ("Ratify the Convention against Torture (Gabon, Atlantis)", "'Atlantis'"),
    ],
)
def test_paragraphs_without_states_have_a_problem(text: str, reason: str) -> None:
    found = recommenders(text)
    assert found.problem is not None
    assert reason in found.problem


# -- cycle I -------------------------------------------------------------------------------------


def test_vietnam_2009_response_groups() -> None:
    result = read(VIETNAM_2009, "wg-report-txt")
    (review,) = result.dataset.reviews
    assert (review.state, review.cycle, review.session, review.hrc_session) == ("VNM", 1, 5, 12)
    counts = collections.Counter(
        (rec.response.source, rec.response.value) for rec in result.dataset if rec.response
    )
    assert counts == {
        ("vietnam2009.txt para 99", ResponseValue.SUPPORTED): 93,
        ("vietnam2009.txt para 100", ResponseValue.PENDING): 2,
        ("vietnam2009.txt para 101", ResponseValue.SUPPORTED): 5,  # already implemented
        ("vietnam2009.txt para 102", ResponseValue.NOTED): 45,  # by dialogue paragraph
    }
    paragraphs = by_paragraph(result)
    implemented = paragraphs["101.1"].response
    assert implemented is not None
    assert implemented.raw.startswith("Viet Nam noted the following recommendations and indicated")
    # plain item numbers "1.", "2." are numbered <group>.<item>
    assert paragraphs["99.1"].recommending_states == ("DZA",)


def test_recommendations_referred_to_by_dialogue_paragraph() -> None:
    paragraphs = by_paragraph(read(VIETNAM_2009))
    # 102: "The recommendations noted in the report in paragraphs 35 (a), (b), (e) and (g) (i); ..."
    first = paragraphs["35(a)"]
    assert first.recommending_states == ("CAN",)
    assert first.text == (
        "increase the independence of media from the State, including by allowing "
        "privately-run media"
    )
    assert first.response_value is ResponseValue.NOTED
    # "(g) (i)": Canada's items (g) and (i), (g) having no sub-item
    assert paragraphs["35(i)"].text.startswith(
        "issue a standing invitation to all special procedures"
    )
    assert "35(g)" in paragraphs


def test_pending_response_given_by_the_next_paragraph() -> None:
    result = read(AZERBAIJAN, "wg-report-txt")
    paragraphs = by_paragraph(result)
    assert len(result.dataset) == 33
    first = paragraphs["96.1"]
    assert first.id == "A/HRC/11/20:96.1"  # the symbol survives in this extraction
    assert first.recommending_states == ("EGY", "ITA", "LIE")
    assert first.response is not None
    assert first.response.value is ResponseValue.PENDING
    assert first.response.source == "A/HRC/11/20 para 97"
    armenia = paragraphs[
        "74"
    ]  # 98: "... recommendations contained in paragraph 74 are not relevant"
    assert armenia.recommending_states == ("ARM",)
    assert armenia.response_value is ResponseValue.NOTED


@pytest.mark.parametrize(
    ("intro", "expected"),
    [
        (
            "The following recommendations will be examined by Viet Nam, which will provide "
            "responses in due time",
            Disposition.PENDING,
        ),
        (
            "The recommendations formulated during the interactive dialogue and listed below have "
            "been examined by Albania and enjoy the support of Albania",
            Disposition.SUPPORTED,
        ),
        (
            "The following recommendations enjoy the support of Costa Rica, which considers that "
            "they are already being implemented or are in the process of implementation",
            Disposition.IMPLEMENTED,
        ),
        (
            "The following recommendations are noted and China indicated that they are pertaining "
            "to measures already being implemented",
            Disposition.IMPLEMENTED,
        ),
        ("The recommendations below did not enjoy the support of Afghanistan", Disposition.NOTED),
        ("The recommendations listed below have been noted by San Marino", Disposition.NOTED),
        ("The following recommendation is rejected by Morocco", Disposition.NOTED),
        (
            "In the course of the discussion, the following recommendations were made to Canada",
            None,
        ),
        (
            "With regard to the other recommendations, the State under review offers the following "
            "comments",
            Listing.NOT_RECOMMENDATIONS,
        ),
    ],
)
def test_response_groups(intro: str, expected: Disposition | Listing | None) -> None:
    assert classify(intro) is expected


def test_already_implemented_maps_to_supported() -> None:
    assert upr.Response.parse(Disposition.IMPLEMENTED.value).value is ResponseValue.SUPPORTED
    assert upr.Response.parse(Disposition.NOTED.value).value is ResponseValue.NOTED
    assert upr.Response.parse(Disposition.PENDING.value).value is ResponseValue.PENDING


# -- cycle III/IV layout and PDF -----------------------------------------------------------------


def test_cycle3_layout() -> None:
    result = read(CYCLE3, "wg-report-txt")
    paragraphs = by_paragraph(result)
    assert len(paragraphs) == 30
    (review,) = result.dataset.reviews
    assert (review.state, review.session, review.hrc_session) == ("VNM", 18, 26)
    assert review.documents[0].symbol == "A/HRC/26/6"
    assert review.documents[0].date == dt.date(2014, 4, 2)
    rec = paragraphs["143.12"]
    assert rec.id == "A/HRC/26/6:143.12"
    assert rec.text == "Ratify CAT (Gabon) (Mali) (Slovakia); Accede to CAT (Togo)"
    assert rec.recommending_states == ("GAB", "MLI", "SVK", "TGO")
    assert rec.sources("text") == (
        upr.FieldSource(
            "wg-report-txt",
            upr.Location("vietnam2014-cycle3-layout.txt", symbol="A/HRC/26/6", paragraph="143.12"),
            ("paragraph", "recommending_states", "response", "session", "symbol", "text"),
        ),
    )
    assert {r.response_value for r in result.dataset} == {ResponseValue.PENDING}
    # the page break after 143.13 (footnote, page number, running header) is not text
    assert (
        paragraphs["143.14"].text == "Quickly ratify and implement CAT (United States of America)"
    )
    assert paragraphs["143.13"].recommending_states == ("CHE", "POL")
    # same words, same states as the original layout
    original = by_paragraph(read(VIETNAM_2014))
    for number, rec in paragraphs.items():
        assert rec.recommending_states == original[number].recommending_states


def test_pdf_and_its_text_twin_agree() -> None:
    pdf = read(SAINT_LUCIA_PDF, "wg-report-pdf")
    txt = read(SAINT_LUCIA_TXT, "wg-report-txt")
    assert pdf.report.rows_read == txt.report.rows_read == 116
    assert not pdf.report.rejected
    assert {(r.paragraph, r.recommending_states) for r in pdf.dataset} == {
        (r.paragraph, r.recommending_states) for r in txt.dataset
    }
    (review,) = pdf.dataset.reviews
    assert (review.state, review.session, review.hrc_session) == ("LCA", 10, 17)
    assert review.documents[0] == upr.Document.from_symbol("A/HRC/17/6", dt.date(2011, 3, 11))
    assert all(r.id.startswith("A/HRC/17/6:89.") for r in pdf.dataset)


def test_pdf_locations_carry_paragraph_not_line(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(SAINT_LUCIA_PDF.read_bytes())
    dataset = read(path).dataset
    assert len(dataset) == 116
    for rec in dataset:
        (source,) = rec.sources("text")
        assert source.source == "wg-report-pdf"
        assert source.location == upr.Location(
            "report.pdf", symbol="A/HRC/17/6", paragraph=rec.paragraph
        )
        assert str(source) == f"wg-report-pdf: report.pdf, A/HRC/17/6, paragraph {rec.paragraph}"


# -- errors ---------------------------------------------------------------------------------------


def _without_states(tmp_path: Path) -> Path:
    """vietnam2014.txt with "(Djibouti)" removed from paragraph 143.5."""
    data = VIETNAM_2014.read_bytes()
    marker = b"death penalty (Djibouti);"
    assert data.count(marker) == 1
    path = tmp_path / "vietnam2014.txt"
    path.write_bytes(data.replace(marker, b"death penalty;"))
    return path


def test_unreadable_paragraph_is_rejected_with_its_location(tmp_path: Path) -> None:
    path = _without_states(tmp_path)
    result = read(path)
    assert (result.report.rows_read, result.report.created, len(result.report.rejected)) == (
        227,
        226,
        1,
    )
    (problem,) = result.report.rejected
    assert problem.location == upr.Location(
        str(path), line=486, paragraph="143.5", field="recommending_states"
    )
    message = str(problem)
    assert str(path) in message
    assert "paragraph 143.5" in message
    assert "field 'recommending_states'" in message
    assert "no parenthesised group of recommending States" in message


def test_raise_mode_names_file_paragraph_field_and_reason(tmp_path: Path) -> None:
    path = _without_states(tmp_path)
    with pytest.raises(DataError) as caught:
        upr.read(path, format="wg-report-txt")
    assert caught.value.location.paragraph == "143.5"
    assert caught.value.location.field == "recommending_states"
    assert "line 486" in str(caught.value)


@pytest.mark.parametrize(
    ("content", "field", "reason"),
    [
        (b"", "title", "title not found"),
        (b"Minutes of a meeting\r", "title", "title not found"),
        (
            b"Report of the Working Group on the Universal Periodic Review\rAtlantis\r",
            "state under review",
            "State under review not found",
        ),
        (
            b"Report of the Working Group on the Universal Periodic Review\rViet Nam\r"
            b"1. The Working Group held its eighteenth session.\r",
            "Conclusions and/or recommendations",
            "section 'Conclusions and/or recommendations' not found",
        ),
        (
            b"Report of the Working Group on the Universal Periodic Review\rViet Nam\r",
            "session",
            "Working Group session not found",
        ),
        (b"Report\x00 of", None, "NUL byte"),
    ],
)
def test_unreadable_files(tmp_path: Path, content: bytes, field: str | None, reason: str) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(content)
    with pytest.raises(DataError) as caught:
        upr.read(path, format="wg-report-txt")
    assert caught.value.location.file == str(path)
    assert caught.value.location.field == field
    assert reason in caught.value.reason
    collected = upr.read(path, format="wg-report-txt", errors="collect").report
    assert collected.balanced
    assert len(collected.rejected) == 1


def test_damaged_pdf_is_a_data_error(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(SAINT_LUCIA_PDF.read_bytes()[:5000])
    with pytest.raises(DataError) as caught:
        upr.read(path, format="wg-report-pdf")
    assert caught.value.location.file == str(path)
    not_pdf = tmp_path / "text.pdf"
    not_pdf.write_bytes(b"Report of the Working Group")
    with pytest.raises(DataError, match="not a PDF"):
        upr.read(not_pdf, format="wg-report-pdf")


# -- small parts ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "number"),
    [("eighteenth", 18), ("Twenty-sixth", 26), ("twenty first", 21), ("26th", 26), ("first", 1)],
)
def test_ordinal(words: str, number: int) -> None:
    assert ordinal(words) == number


def test_ordinal_rejects_other_words() -> None:
    assert ordinal("special") is None
    assert ordinal("twenty twentieth") is None


def test_decode_recognises_the_encodings() -> None:
    text = "Côte d’Ivoire – “Bangkok Rules”"
    assert decode(text.encode("mac_roman")) == (text, "mac_roman")
    assert decode(text.encode("cp1252")) == (text, "cp1252")
    assert decode(text.encode("utf-8")) == (text, "utf-8")


def test_utf8_copy_reads_like_the_original(tmp_path: Path) -> None:
    path = tmp_path / "vietnam2014-utf8.txt"
    text = VIETNAM_2014.read_bytes().decode("mac_roman")
    path.write_bytes(text.replace("\r", "\r\n").encode("utf-8"))
    original = {(r.paragraph, r.text, r.recommending_states) for r in read(VIETNAM_2014).dataset}
    copy = {(r.paragraph, r.text, r.recommending_states) for r in read(path).dataset}
    assert copy == original


def test_parse_report_keeps_line_numbers() -> None:
    text, _ = decode(VIETNAM_2014.read_bytes())
    report = parse_report(text, "vietnam2014.txt")
    lines = {p.number: p.line for p in report.paragraphs}
    assert lines["143.1"] == 482  # line 481 of the file (0-based 480) is paragraph 143
    assert [n.number for n in report.notes] == ["144"]


# -- fuzz ----------------------------------------------------------------------------------

FUZZ = fuzz_settings(60)


@FUZZ
@given(data=st.binary(max_size=3000), fmt=st.sampled_from(["wg-report-txt", "wg-report-pdf"]))
def test_fuzz_random_bytes(scratch: Path, data: bytes, fmt: str) -> None:
    path = scratch / "random.bin"
    path.write_bytes(data)
    check(path, fmt)
    assert WgReportTxtImporter().sniff(Source(path)) in (0.0, 0.7, 1.0)


@FUZZ
@given(cut=st.floats(0, 1), source=st.sampled_from(TEXT_FILES))
def test_fuzz_truncated_text(scratch: Path, cut: float, source: Path) -> None:
    data = source.read_bytes()
    path = scratch / "truncated.txt"
    path.write_bytes(data[: int(len(data) * cut)])
    check(path, "wg-report-txt")


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cut=st.floats(0, 1), flip=st.integers(0, 2**31))
def test_fuzz_truncated_and_damaged_pdf(scratch: Path, cut: float, flip: int) -> None:
    data = bytearray(
        SAINT_LUCIA_PDF.read_bytes()[: max(5, int(len(SAINT_LUCIA_PDF.read_bytes()) * cut))]
    )
    position = flip % len(data)
    data[position] = (data[position] + 1 + flip % 255) % 256
    path = scratch / "damaged.pdf"
    path.write_bytes(bytes(data))
    check(path, "wg-report-pdf")
    WgReportPdfImporter().sniff(Source(path))


@FUZZ
@given(encoding=st.sampled_from(["utf-16", "utf-32", "cp1252", "latin-1", "utf-8", "cp500"]))
def test_fuzz_encodings(scratch: Path, encoding: str) -> None:
    text = VIETNAM_2014.read_bytes().decode("mac_roman")
    path = scratch / "encoded.txt"
    path.write_bytes(codecs.encode(text, encoding, errors="replace"))
    check(path, "wg-report-txt")


@FUZZ
@given(
    operations=st.lists(
        st.tuples(
            st.sampled_from(["delete", "shuffle", "garbage", "duplicate", "huge"]),
            st.integers(0, 10_000),
            st.text(max_size=80),
        ),
        min_size=1,
        max_size=6,
    ),
    source=st.sampled_from(TEXT_FILES),
)
def test_fuzz_text_mutations(
    scratch: Path, operations: list[tuple[str, int, str]], source: Path
) -> None:
    """Deleted lines, shuffled paragraphs, garbage and huge lines inserted in a real report."""
    text, _ = decode(source.read_bytes())
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for operation, where, garbage in operations:
        at = where % max(len(lines), 1)
        if operation == "delete" and lines:
            del lines[at : at + 1 + where % 5]
        elif operation == "shuffle":
            block = lines[at : at + 40]
            random.Random(where).shuffle(block)
            lines[at : at + 40] = block
        elif operation == "garbage":
            lines.insert(at, garbage)
        elif operation == "duplicate" and lines:
            lines.insert(at, lines[(at * 7) % len(lines)])
        elif operation == "huge":
            lines.insert(at, (garbage or "(") * 20_000)
    path = scratch / "mutated.txt"
    path.write_text("\r".join(lines), encoding="utf-8")
    check(path, "wg-report-txt")


@FUZZ
@given(text=st.text(max_size=400))
def test_fuzz_recommenders(text: str) -> None:
    found = recommenders(text)
    assert (found.problem is None) == bool(found.codes) or found.problem is not None


# -- full files (../shared/data) ------------------------------------------------------------------

# Paragraphs that are not recommendations by a State, with the reason (checked below).
KNOWN_REJECTED: dict[tuple[str, str], str] = {
    **{
        (
            "indonesia2008.txt",
            f"76.{n}",
        ): "(None)"  # "conclusions ... with the agreement of the State"
        for n in range(1, 4)
    },
    **{("indonesia2008.txt", f"77.{n}"): "(None)" for n in range(1, 8)},
    ("solomonislands2011.txt", "81.23"): "(NA)",  # recommending State "not available"
    # 82 lists "26 (e), 29, 49 (b), ..."; paragraph 24 prints no item (b)
    ("burundi2009.txt", "24(b)"): "item 24(b) not found",
    # 105 lists "47 (d)": paragraph 47 prints no letters and has two recommending sentences
    ("djibouti2009.txt", "47(d)"): "item 47(d) not found",
}


def _balanced(result: upr.ImportResult) -> upr.ImportResult:
    """A read (shared by the tests, see shared_reads) whose every report balances."""
    for report in result.reports:
        assert report.balanced, report.summary()
    return result


@pytest.fixture(scope="module")
def full_txt() -> dict[str, upr.ImportResult]:
    """Every text report of ../shared/data, imported once."""
    if not TXT.is_dir():
        pytest.skip("../shared/data not found: full-file check skipped")
    return {path.name: _balanced(shared_reads.read(path)) for path in sorted(TXT.glob("*.txt"))}


@pytest.fixture(scope="module")
def full_pdf() -> dict[str, upr.ImportResult]:
    """Every PDF report of ../shared/data, imported once."""
    if not PDF.is_dir():
        pytest.skip("../shared/data not found: full-file check skipped")
    return {path.name: _balanced(shared_reads.read(path)) for path in sorted(PDF.glob("*.pdf"))}


@pytest.mark.shared_data
@needs_shared
def test_full_text_reports(full_txt: dict[str, upr.ImportResult]) -> None:
    assert len(full_txt) == 132
    rows = sum(r.report.rows_read for r in full_txt.values())
    created = sum(r.report.created for r in full_txt.values())
    merged = sum(r.report.merged for r in full_txt.values())
    rejected = {
        (Path(p.location.file or "").name, p.location.paragraph or ""): p
        for r in full_txt.values()
        for p in r.report.rejected
    }
    print(
        f"\n132 text reports: {rows} paragraphs, {created} created, {merged} merged, "
        f"{len(rejected)} rejected"
    )
    for problem in rejected.values():
        print(f"  rejected: {problem}")
    assert set(rejected) == set(KNOWN_REJECTED)
    for key, problem in rejected.items():
        assert KNOWN_REJECTED[key] in problem.reason
    # australia2011.txt prints the same text as 86.83 and 86.134: two paragraphs, kept apart
    assert merged == 0
    assert rows == created + merged + len(rejected) == 15297


@pytest.mark.shared_data
@needs_shared
def test_full_text_reports_are_detected() -> None:
    if not TXT.is_dir():
        pytest.skip("../shared/data not found: full-file check skipped")
    manager = default_manager().importers()
    for path in sorted(TXT.glob("*.txt")):
        assert detect(Source(path), manager).name == "wg-report-txt", path.name
    for path in sorted(PDF.glob("*.pdf")):
        assert detect(Source(path), manager).name == "wg-report-pdf", path.name
    for folder in ("uprinfo", "sdg-explorer", "thematic-lists", "ratification", "reference"):
        for path in sorted((SHARED / folder).glob("*")):
            assert WgReportTxtImporter().sniff(Source(path)) == 0.0, path
            assert WgReportPdfImporter().sniff(Source(path)) == 0.0, path


@pytest.mark.shared_data
@needs_shared
def test_every_text_report_has_review_and_responses(full_txt: dict[str, upr.ImportResult]) -> None:
    for name, result in full_txt.items():
        (review,) = result.dataset.reviews
        assert review.session is not None and review.hrc_session is not None, name
        assert review.start is not None, name
        assert all(rec.response is not None for rec in result.dataset), name
        assert all(rec.recommending_states for rec in result.dataset), name


@pytest.mark.shared_data
@needs_shared
def test_vietnam_cycle2_figures(full_txt: dict[str, upr.ImportResult]) -> None:
    result = full_txt["vietnam2014.txt"]
    paragraphs = by_paragraph(result)
    print(
        f"\nA/HRC/26/6 (vietnam2014.txt): {len(paragraphs)} recommendation paragraphs "
        f"(published: 227); 143.12 carries {len(paragraphs['143.12'].recommending_states)} "
        f"states {paragraphs['143.12'].recommending_states}"
    )
    assert len(paragraphs) == 227
    assert len(paragraphs["143.12"].recommending_states) == 4


@pytest.mark.shared_data
@needs_shared
def test_full_pdf_reports_and_twins(
    full_pdf: dict[str, upr.ImportResult], full_txt: dict[str, upr.ImportResult]
) -> None:
    assert len(full_pdf) == 12
    for name, result in full_pdf.items():
        assert not result.report.rejected, name
        (review,) = result.dataset.reviews
        assert review.documents[0].kind is upr.DocumentKind.WORKING_GROUP_REPORT, name
        twin = full_txt[name.replace(".pdf", ".txt")]
        pdf_pairs = {(r.paragraph, r.recommending_states) for r in result.dataset}
        txt_pairs = {(r.paragraph, r.recommending_states) for r in twin.dataset}
        assert pdf_pairs == txt_pairs, name
        assert (review.state, review.session) == (
            twin.dataset.reviews[0].state,
            twin.dataset.reviews[0].session,
        )
    total = sum(r.report.rows_read for r in full_pdf.values())
    print(
        f"\n12 PDF reports: {total} paragraphs, identical (paragraph, states) with the text twins"
    )


def _uprinfo_states() -> dict[tuple[str, int], set[str]]:
    """Recommending states per (state under review, session) in the UPR Info export."""
    files = [
        p for p in sorted(UPRINFO.glob("*.csv")) if p.name not in ("sessions.csv", "voluntary.csv")
    ]
    found: dict[tuple[str, int], set[str]] = collections.defaultdict(set)
    if "uprinfo-csv" in default_manager().importers():
        for path in files:
            for rec in upr.read(path, format="uprinfo-csv", errors="collect").dataset:
                if rec.session is not None:
                    found[(rec.state_under_review, rec.session)].update(rec.recommending_states)
        return found
    for path in files:  # Latin-1 bytes, CR line endings
        with path.open(encoding="latin-1", newline="") as stream:
            for row in csv.DictReader(stream):
                to, sender = upr.states.try_resolve(row["To"]), upr.states.try_resolve(row["From"])
                if to is not None and sender is not None:
                    found[(to.code, int(row["Session"]))].add(sender.code)
    return found


@pytest.mark.shared_data
@needs_shared
def test_agreement_with_uprinfo(full_txt: dict[str, upr.ImportResult]) -> None:
    if not UPRINFO.is_dir():
        pytest.skip("../shared/data not found: full-file check skipped")
    uprinfo = _uprinfo_states()
    same = 0
    differing: list[str] = []
    for name, result in full_txt.items():
        (review,) = result.dataset.reviews
        assert review.session is not None
        ours = {code for rec in result.dataset for code in rec.recommending_states}
        theirs = uprinfo.get((review.state, review.session), set())
        if ours == theirs:
            same += 1
        else:
            differing.append(
                f"{name} ({review.state}, session {review.session}): only in the report "
                f"{sorted(ours - theirs)}, only in UPR Info {sorted(theirs - ours)}"
            )
    share = same / len(full_txt)
    print(
        f"\nUPR Info agreement: {same}/{len(full_txt)} reviews ({share:.1%}) have identical "
        "recommending-state sets"
    )
    for line in differing:
        print(f"  {line}")
    assert share >= 0.95
