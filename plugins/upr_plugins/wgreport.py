"""Importers for the Report of the UPR Working Group: ``wg-report-txt`` and ``wg-report-pdf``.

The report (``A/HRC/26/6`` for Viet Nam's second review) ends with the section
"Conclusions and/or recommendations": numbered paragraphs (``143.12. Ratify CAT
(Gabon, Mali, Slovakia); Accede to CAT (Togo);``) grouped under paragraphs that
give the State's response ("enjoy the support of", "will be examined by",
"did not enjoy the support of", "... already implemented"). Each
recommendation paragraph is one row and becomes one
:class:`~upr.Recommendation` carrying every recommending State of the
paragraph; the review the report belongs to is added with
:meth:`~upr.ImportSink.add_review` (not a row).

What is read from the report itself: the document symbol (from the heading;
the shipped plain-text extractions often lost it, the PDFs keep it), the State
under review (the title), the Working Group session ("held its eighteenth
session", else the national report symbol ``A/HRC/WG.6/18/VNM/1``), the Human
Rights Council session (the symbol, else "Human Rights Council Twenty-sixth
session"), the document date, the date of the review (``start``) and of the
adoption of the report (``end``), and the national report, compilation and
summary symbols. Ids are ``A/HRC/26/6:143.12`` when the symbol is known,
otherwise :func:`~upr.model.recommendations.recommendation_id`'s review-and-text
hash; provenance names ``"A/HRC/26/6 para 143.12"`` (or the file name).

Not rows: the section's other top-level paragraphs (the group introductions,
the closing disclaimer "All conclusions and/or recommendations ...", comments
of the State under review, voluntary commitments), which list no recommendation.
A recommendation paragraph whose recommending States cannot be read is
rejected with its paragraph number, field and reason; nothing is dropped.

Cycle I reports sometimes list the recommendations the State did not support
only by their paragraph in the interactive dialogue ("The recommendations noted
in the report in paragraphs 27 (b), (c), 31 ... above did not enjoy the support
of China"): each reference is a row, numbered ``27(b)``, its text the item of
that dialogue paragraph and its recommending State the paragraph's speaker.

Text files: the shipped extractions are Mac Roman with CR line endings (the
data README says Latin-1/Windows-1252, but ``0xD5`` is their right quote);
UTF-8 and Windows-1252 are recognised too. PDFs: text from pypdf's layout
extraction (the plain extraction splits words), page headers and footers removed;
a PDF and its text twin give the same paragraphs and recommending States. PDF
locations carry the paragraph but no line (the extracted text has no stable
lines).
"""

from __future__ import annotations

import re
from pathlib import Path

import upr
from upr.errors import DataError, Location, UprError
from upr.io.importing import Confidence, Importer, ImportSink, Source
from upr.model.recommendations import Recommendation, Response, recommendation_id
from upr.model.reviews import Document, Review
from upr_plugins.wgreport_parse import (
    Paragraph,
    ParsedReport,
    decode,
    heading_state,
    parse_report,
)

_COMPACT_SPACES = re.compile(r"[ \t]+")
_SYMBOL_HINT = re.compile(r"A/HRC/")
_MAX_PDF_PAGES = 2000


def _title_score(text: str) -> float:
    """CERTAIN for a Working Group report heading (the title followed by a State)
    with an A/HRC symbol, LIKELY for the heading alone, NONE otherwise (a text
    that merely mentions the title)."""
    if heading_state(_COMPACT_SPACES.sub(" ", text)) is None:
        return Confidence.NONE
    return Confidence.CERTAIN if _SYMBOL_HINT.search(text) else Confidence.LIKELY


def _import(report: ParsedReport, source: Source, sink: ImportSink, *, lines: bool) -> None:
    """Add the review and one row per recommendation paragraph."""
    documents: list[Document] = []
    if report.symbol:
        documents.append(Document.from_symbol(report.symbol, report.date))
    documents.extend(Document.from_symbol(symbol) for symbol in report.documents)
    try:
        review = Review.upr(
            report.state,
            report.session,
            hrc_session=report.hrc_session,
            start=report.review_date,
            end=report.adoption_date,
            documents=tuple(documents),
        )
    except UprError as exc:
        raise DataError(source.location(field="session"), str(exc)) from None
    sink.add_review(review)
    cite = report.symbol or Path(source.name).name
    for paragraph in report.paragraphs:
        where = source.location(line=paragraph.line if lines else None, paragraph=paragraph.number)
        if paragraph.problem is not None:
            sink.reject(
                Location(
                    where.file,
                    line=where.line,
                    paragraph=where.paragraph,
                    field=paragraph.problem_field,
                ),
                paragraph.problem,
            )
            continue
        if not paragraph.text:
            sink.reject(
                Location(where.file, line=where.line, paragraph=where.paragraph, field="text"),
                "empty recommendation text",
            )
            continue
        with sink.row(where):
            origin = sink.cite(
                upr.Location(where.file, symbol=report.symbol, paragraph=paragraph.number)
            )
            sink.add(_recommendation(report, review, paragraph, cite, origin), where)


def _recommendation(
    report: ParsedReport,
    review: Review,
    paragraph: Paragraph,
    cite: str,
    origin: upr.FieldSource,
) -> Recommendation:
    """The record of one recommendation paragraph, read at ``origin``."""
    response = None
    fields = ["text", "recommending_states", "paragraph", "session"]
    if report.symbol:
        fields.append("symbol")
    if paragraph.response is not None:
        value = Response.parse(paragraph.response.disposition.value).value
        response = Response(
            value, paragraph.response.raw, f"{cite} para {paragraph.response.paragraph}"
        )
        fields.append("response")
    return Recommendation(
        id=recommendation_id(
            symbol=report.symbol, paragraph=paragraph.number, review=review.id, text=paragraph.text
        ),
        text=paragraph.text,
        review=review.id,
        mechanism=review.mechanism,
        state_under_review=report.state,
        cycle=review.cycle,
        session=report.session,
        recommending_states=paragraph.states,
        response=response,
        symbol=report.symbol,
        paragraph=paragraph.number,
        provenance=(origin.with_fields(fields),),
    )


class WgReportTxtImporter(Importer):
    """The Report of the UPR Working Group as plain text (one file per report)."""

    name = "wg-report-txt"
    description = "Report of the UPR Working Group, plain text (recommendations section)"
    extensions = (".txt",)

    def sniff(self, source: Source) -> float:
        """Certain when the first 16 KB read as a Working Group report with an A/HRC symbol."""
        head = source.head(16384)
        if not head or b"\x00" in head:
            return Confidence.NONE
        text, _ = decode(head)
        return _title_score(text)

    def read(self, source: Source, sink: ImportSink) -> None:
        """One row per recommendation paragraph; the review as side information."""
        try:
            data = source.path.read_bytes()
        except OSError as exc:
            raise DataError(source.location(), f"cannot read file: {exc}") from None
        if b"\x00" in data:
            raise DataError(
                source.location(line=data[: data.index(b"\x00")].count(b"\n") + 1),
                "binary data (NUL byte): not a text report",
            )
        text, _ = decode(data)
        _import(parse_report(text, source.name), source, sink, lines=True)


def pdf_text(source: Source, *, pages: int | None = None) -> str:
    """Text of a PDF (pypdf layout extraction, pages joined by newlines).

    ``pages`` limits the pages read (the sniff reads only the first). Any failure
    of the PDF parser on a damaged file is a :class:`~upr.errors.DataError`.
    """
    import pypdf  # noqa: PLC0415 - only needed for PDFs

    try:
        reader = pypdf.PdfReader(str(source.path))
        if reader.is_encrypted and not reader.decrypt(""):
            raise DataError(source.location(field="pdf"), "encrypted PDF")
        count = len(reader.pages)
        if count > _MAX_PDF_PAGES:
            raise DataError(source.location(field="pdf"), f"{count} pages (limit {_MAX_PDF_PAGES})")
        wanted = count if pages is None else min(pages, count)
        if pages is not None:  # the sniff: plain extraction is faster
            return "\n".join(reader.pages[index].extract_text() for index in range(wanted))
        return "\n".join(
            reader.pages[index].extract_text(extraction_mode="layout") for index in range(wanted)
        )
    except DataError:
        raise
    except Exception as exc:  # pypdf raises many exception types on damaged files
        raise DataError(
            source.location(field="pdf"), f"cannot read PDF: {type(exc).__name__}: {exc}"
        ) from None


class WgReportPdfImporter(Importer):
    """The Report of the UPR Working Group as published (PDF)."""

    name = "wg-report-pdf"
    description = "Report of the UPR Working Group, PDF (recommendations section)"
    extensions = (".pdf",)

    def sniff(self, source: Source) -> float:
        """Certain when the text of the first page reads as a Working Group report."""
        if not source.head(5).startswith(b"%PDF-"):
            return Confidence.NONE
        try:
            return _title_score(pdf_text(source, pages=1))
        except UprError:
            return Confidence.NONE

    def read(self, source: Source, sink: ImportSink) -> None:
        """One row per recommendation paragraph; the review as side information."""
        if not source.head(5).startswith(b"%PDF-"):
            raise DataError(source.location(line=1), "not a PDF (no %PDF- header)")
        _import(parse_report(pdf_text(source), source.name, lines=False), source, sink, lines=False)


@upr.hookimpl
def upr_register_importers(register: upr.hookspecs.Register[Importer]) -> None:
    """The Working Group report importers."""
    register(WgReportTxtImporter())
    register(WgReportPdfImporter())


__all__ = ["WgReportPdfImporter", "WgReportTxtImporter", "pdf_text"]
