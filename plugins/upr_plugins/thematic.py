"""OHCHR "Thematic list of recommendations" (the UPR matrix), DOCX.

After each review the High Commissioner sends the State a matrix of its
recommendations grouped by theme. Two table layouts are read:

Cycles II and III (``china-2013-matrix.docx``, ``china-2018-matrix.docx``)::

    Recommendation | Position | Full list of themes | Assessment/comments on level of implementation

Cycle IV::

    Recommendation and recommending State | Position of the State under review |
    Human rights themes and groups of persons | Relevant SDGs

Columns are found by their header text, so their order does not matter; a
table is read when its first row names a recommendation column and a position
column. Other tables are not thematic lists and are skipped.

Rows
    * The first row of a table is its header, not data.
    * A row whose first cell reads ``Theme: A12 Acceptance of international
      norms`` and whose other cells repeat it or are empty (one cell merged
      across the table) is a theme-group title, not
      data: it opens a group, and the group's theme (``Theme:`` removed) is
      added to the themes of every recommendation row under it.
    * A row whose cells are all empty, or that repeats the header, is not data.
    * Every other row is one data row: it is added (or rejected, naming table,
      row, column and reason). In the OHCHR layout a recommendation with themes
      in several groups is repeated once per group; the repetitions carry the
      same paragraph, get the same id and merge in the sink (counted as
      ``merged``), so the recommendation ends with the themes of all its
      groups. (The two shipped China matrices list each paragraph once: 252
      and 346 rows.)

Cells
    * Recommendation: ``186.2. Ratify as soon as possible ICCPR (Brazil);
      Speed up ... (Bulgaria); ... (Ghana);`` then a line
      ``Source of position: A/HRC/25/5/Add.1 - Para. 186.2.``; see
      :func:`parse_recommendation`. The leading number is the paragraph of the
      Working Group report; the report is the ``Source of position`` addendum
      without its ``/Add.N`` (an addendum is part of its report); the id is
      :func:`~upr.model.recommendations.recommendation_id` of both (``A/HRC/25/5:186.2``).
      A row without ``Source of position`` uses the report the other rows of
      the file name when they all name one.
    * Position (``Supported``/``Noted``) goes through
      :meth:`~upr.model.recommendations.Response.parse`; ``Response.source`` is the
      addendum and its paragraph (``"A/HRC/25/5/Add.1 para 186.2"``). An
      empty position gives no response.
    * Themes (cycles II-III): lines such as ``A12 Acceptance of international
      norms`` and ``S16 SDG 16 - peace, justice and strong institutions``,
      then ``Affected persons:`` and lines ``- women``. Themes are kept as they
      appear, **with their code** (the code is OHCHR's theme taxonomy and makes
      the label unambiguous); whitespace is normalised. Lines after
      ``Affected persons:`` become ``affected_persons`` (``- `` removed).
      Cycle IV themes have no codes and are kept the same way.
    * Relevant SDGs (cycle IV): lines ``- 16 - PEACE, JUSTICE AND STRONG
      INSTITUTIONS``. A goal becomes the theme ``"SDG 16 - Peace, justice and
      strong institutions"`` (title from :mod:`upr.sdgs`): the model stores SDG
      *targets* only, and cycle III lists the same goals as ``S16`` themes. A
      target (``16.3 - ...``) goes to ``sdg_targets``.
    * Assessment/comments: a template column the State fills in when it
      tracks implementation; empty in published lists, and not read (an
      :class:`~upr.tracking.Assessment` needs a date, an assessor and a status
      a free-text comment does not give).

The review
    The State, cycle and Working Group session are read from the document,
    whose page header says ``UPR of China (2nd Cycle – 17th session)`` (body
    paragraphs are searched too). The review is ``Review.upr(state, session)``
    with the Council session read from the report symbol (A/HRC/**25**/5) and
    the report and addendum as documents. A document that does not name the
    State reviewed cannot be read (:class:`~upr.errors.DataError` naming the
    ``header``).

Locations are ``Location(file, sheet="table N", row=R, field=column)`` with
``N`` and ``R`` counted from 1 (the header is row 1). Each record carries the
provenance ``FieldSource("ohchr-thematic", Location(<file>, sheet="table N", row=R))``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import attrs
import docx

import upr
from upr import mechanisms, sdgs, states
from upr.errors import DataError, Location, UnknownNameError, UprError
from upr.io.importing import Confidence, Importer, ImportSink, Source, check_archive
from upr.model.provenance import FieldSource
from upr.model.recommendations import Recommendation, Response, recommendation_id
from upr.model.reviews import Document, Review

FORMAT = "ohchr-thematic"

RECOMMENDATION_HEADERS = ("recommendation", "recommendation and recommending state")
POSITION_HEADERS = ("position", "position of the state under review")
THEME_HEADERS = ("full list of themes", "human rights themes and groups of persons")
SDG_HEADERS = ("relevant sdgs",)
ASSESSMENT_HEADERS = ("assessment/comments on level of implementation",)

PERSONS_MARKERS = ("affected persons", "groups of persons", "persons affected")
"""Lines of a theme cell after which groups of persons are listed."""

_WHITESPACE = re.compile(r"\s+")
_REVIEW_HEADER = re.compile(
    r"UPR of (?P<state>.+?)\s*\(\s*(?P<cycle>\d+)\s*(?:st|nd|rd|th)?\s+cycle\s*[-–—]+\s*"
    r"(?P<session>\d+)\s*(?:st|nd|rd|th)?\s+session\s*\)",
    re.IGNORECASE,
)
_SOURCE_LINE = re.compile(
    r"^Source of position:\s*(?P<symbol>A/HRC/[\w./]+?)\s*[-–—]\s*Para(?:graph)?s?\.?\s*"
    r"(?P<paragraph>[\w.]*?)\.?\s*$",
    re.IGNORECASE,
)
_PARAGRAPH = re.compile(r"^(?P<paragraph>\d+(?:\.\d+)+)\.?\s+(?P<body>.*)$", re.DOTALL)
_ADDENDUM = re.compile(r"/Add\.\d+$", re.IGNORECASE)
_HRC_SESSION = re.compile(r"^A/HRC/(\d+)/")
_SDG_LINE = re.compile(r"^(?P<code>\d{1,2}(?:\.[0-9a-zA-Z]{1,2})?)\s*(?:[-–—:]\s*(?P<title>.*))?$")
_MAX_NAME = 200


def clean(text: str) -> str:
    """Whitespace-normalised text (no-break spaces become spaces)."""
    return _WHITESPACE.sub(" ", text.replace("\xa0", " ")).strip()


def _lines(text: str) -> list[str]:
    return [line for line in (clean(raw) for raw in text.splitlines()) if line]


def _space_free_names() -> dict[str, str]:
    """State codes by name with all spaces removed ("Sierra Le one" in the 2013 list)."""
    table: dict[str, str] = {}
    for state in states.all():
        for name in (state.short_name, state.formal_name, *state.aliases):
            table.setdefault(states.lookup_key(name).replace(" ", ""), state.code)
    return table


_SPACE_FREE: dict[str, str] = {}


def resolve_state(name: str) -> str:
    """ISO code of a recommending State named in a matrix.

    Names are resolved by :func:`upr.states.resolve`; a name broken by stray
    spaces, as Word runs leave them (``"Sierra Le one"``, ``"Bolivia
    (Plurinational S tate of)"``), is matched with spaces removed.
    """
    if len(name) > _MAX_NAME:
        raise UnknownNameError("state", name[:40] + "...")
    found = states.try_resolve(name)
    if found is not None:
        return found.code
    if not _SPACE_FREE:
        _SPACE_FREE.update(_space_free_names())
    code = _SPACE_FREE.get(states.lookup_key(name).replace(" ", ""))
    if code is None:
        return states.resolve(name).code  # raises, with suggestions
    return code


def _top_level_groups(text: str) -> list[tuple[int, int]]:
    """(start, end) of every top-level parenthesised group; nested parentheses
    ("(Bolivia (Plurinational State of))") stay inside their group."""
    groups: list[tuple[int, int]] = []
    depth, start = 0, -1
    for index, char in enumerate(text):
        if char == "(":
            if depth == 0:
                start = index
            depth += 1
        elif char == ")" and depth > 0:
            depth -= 1
            if depth == 0:
                groups.append((start, index + 1))
    return groups


def _attribution(content: str) -> tuple[str, ...] | None:
    """State codes of ``"Italy, Poland"``, or None if not all parts are States."""
    codes: list[str] = []
    for raw in content.split(","):
        part = clean(raw)
        if not part:
            return None
        try:
            codes.append(resolve_state(part))
        except UnknownNameError:
            whole = states.try_resolve(clean(content))
            return (whole.code,) if whole is not None else None
    return tuple(codes)


@attrs.frozen
class RecommendationCell:
    """A parsed recommendation cell.

    ``text`` is what was recommended: the paragraph without its number,
    without the ``Source of position`` line and, for a paragraph of one
    recommending part, without its ``(State)`` attribution; a paragraph of
    several parts (``A (Brazil); B (Bulgaria)``) keeps its attributions, since
    they say which State asked for which part.
    """

    text: str
    paragraph: str | None
    recommending_states: tuple[str, ...]
    source_symbol: str | None = None
    source_paragraph: str | None = None


def parse_recommendation(cell: str) -> RecommendationCell:
    """Parse a recommendation cell (see :class:`RecommendationCell`).

    Raises :class:`~upr.errors.UnknownNameError` when the final attribution
    names no known State, ValueError when there is no attribution or no text.
    """
    body_lines: list[str] = []
    symbol = paragraph_of_source = None
    for line in _lines(cell):
        found = _SOURCE_LINE.match(line)
        if found:
            symbol = found["symbol"]
            paragraph_of_source = found["paragraph"] or None
        else:
            body_lines.append(line)
    body = " ".join(body_lines)
    numbered = _PARAGRAPH.match(body)
    paragraph = numbered["paragraph"] if numbered else None
    if numbered:
        body = numbered["body"]
    body = body.rstrip(" ;,")
    attributions: list[tuple[int, int, tuple[str, ...]]] = []
    groups = _top_level_groups(body)
    for last, (_, end) in enumerate(groups):
        after = body[end:].lstrip()
        if after and after[0] not in ";.":
            continue
        # "(Uruguay) (Mali);": a run of adjacent groups naming States, read backwards
        # until a group that names none ("Plan (2016–2020) (Kyrgyzstan)").
        run: tuple[str, ...] = ()
        run_start = None
        for index in range(last, -1, -1):
            start, stop = groups[index]
            if index < last and body[stop : groups[index + 1][0]].strip():
                break
            codes = _attribution(body[start + 1 : stop - 1])
            if codes is None:
                break
            run, run_start = codes + run, start
        if run_start is not None:
            attributions.append((run_start, end, run))
    if (
        groups
        and groups[-1][1] == len(body.rstrip(" ."))
        and (not attributions or attributions[-1][1] != groups[-1][1])
    ):
        start, end = groups[-1]
        name = clean(body[start + 1 : end - 1])
        resolve_state(name)  # raises UnknownNameError naming the closest States
    if not attributions:
        raise ValueError("no recommending State in parentheses, as in '... (Mongolia);'")
    recommending = tuple(code for *_, codes in attributions for code in codes)
    if len(attributions) == 1 and attributions[0][1] >= len(body.rstrip(" .")):
        text = body[: attributions[0][0]].rstrip(" ;,")
    else:
        text = body
    if not text:
        raise ValueError("no recommendation text")
    return RecommendationCell(text, paragraph, recommending, symbol, paragraph_of_source)


def parse_themes(cell: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Themes and groups of persons of a theme cell: ``(themes, persons)``."""
    themes: list[str] = []
    persons: list[str] = []
    target = themes
    for line in _lines(cell):
        key = line.rstrip(":").strip().lower()
        if key in PERSONS_MARKERS:
            target = persons
            continue
        item = line.lstrip("-•–· ").strip()
        if item:
            target.append(item)
    return tuple(themes), tuple(persons)


def parse_sdgs(cell: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Goals (as themes ``"SDG 16 - <title>"``) and targets of a Relevant SDGs cell.

    Raises :class:`~upr.errors.UnknownNameError` for an unknown goal or target.
    """
    goal_themes: list[str] = []
    targets: list[str] = []
    for line in _lines(cell):
        item = line.lstrip("-•–· ").strip()
        item = re.sub(r"^(?:SDG|Goal)\s*", "", item, flags=re.IGNORECASE)
        found = _SDG_LINE.match(item)
        if found is None:
            raise UnknownNameError("SDG", item[:60])
        code = found["code"]
        if "." in code:
            targets.append(sdgs.target(code))
        else:
            goal = sdgs.goal(int(code))
            goal_themes.append(f"SDG {goal.number} - {goal.title}")
    return tuple(goal_themes), tuple(targets)


@attrs.frozen
class ReviewHeader:
    """What the document says about its review: ``UPR of China (2nd Cycle – 17th session)``."""

    state: str
    cycle: int
    session: int


def find_review_header(texts: Iterable[str]) -> ReviewHeader | None:
    """The first ``UPR of <State> (<n>th Cycle – <m>th session)`` among ``texts``."""
    for text in texts:
        found = _REVIEW_HEADER.search(clean(text))
        if found:
            return ReviewHeader(clean(found["state"]), int(found["cycle"]), int(found["session"]))
    return None


def _document_texts(document: Any) -> Iterable[str]:
    """Header, then body paragraphs, of every section."""
    for section in document.sections:
        for part in (section.header, section.first_page_header, section.even_page_header):
            for paragraph in part.paragraphs:
                yield paragraph.text
            for table in part.tables:
                for row in table.rows:
                    for cell in row.cells:
                        yield cell.text
    for paragraph in document.paragraphs:
        yield paragraph.text


@attrs.frozen
class _Layout:
    """Column positions of a thematic-list table (``None``: column absent)."""

    names: tuple[str, ...]
    recommendation: int
    position: int
    themes: int | None
    sdgs: int | None


def table_layout(header: list[str]) -> _Layout | None:
    """The layout of a table from its first row, or None if it is no thematic list."""
    keys = [clean(h).lower() for h in header]

    def find(options: tuple[str, ...]) -> int | None:
        return next((i for i, k in enumerate(keys) if k in options), None)

    recommendation, position = find(RECOMMENDATION_HEADERS), find(POSITION_HEADERS)
    if recommendation is None or position is None:
        return None
    names = tuple(clean(h) for h in header)
    return _Layout(names, recommendation, position, find(THEME_HEADERS), find(SDG_HEADERS))


def _row_texts(row: Any) -> list[str]:
    return [cell.text for cell in row.cells]


class ThematicListImporter(Importer):
    """OHCHR thematic list of UPR recommendations (matrix), DOCX."""

    name = FORMAT
    description = "OHCHR thematic list of UPR recommendations / matrix (DOCX, cycles II-IV)"
    extensions = (".docx",)

    def sniff(self, source: Source) -> float:
        """Certain when a table's first row has thematic-list headers (and a
        theme column); likely with only recommendation and position columns."""
        if not source.head(4).startswith(b"PK"):
            return Confidence.NONE
        try:
            check_archive(source)
            document = docx.Document(str(source.path))
            headers = [_row_texts(t.rows[0]) for t in document.tables if len(t.rows)]
        except Exception:  # a sniffer must not raise on foreign files
            return Confidence.NONE
        best: float = Confidence.NONE
        for header in headers:
            layout = table_layout(header)
            if layout is not None:
                full = layout.themes is not None
                best = max(best, Confidence.CERTAIN if full else Confidence.LIKELY)
        return best

    def read(self, source: Source, sink: ImportSink) -> None:
        """Read every thematic-list table; see the module docstring."""
        check_archive(source)
        try:
            document = docx.Document(str(source.path))
        except Exception as exc:  # python-docx/lxml raise assorted errors on broken files
            raise DataError(
                source.location(), f"not a readable DOCX: {type(exc).__name__}: {exc}"
            ) from None
        try:
            tables = [
                (number, table, table_layout(_row_texts(table.rows[0])))
                for number, table in enumerate(document.tables, start=1)
                if len(table.rows)
            ]
            header = find_review_header(_document_texts(document))
        except (ValueError, KeyError, IndexError, AttributeError) as exc:
            raise DataError(
                source.location(), f"unreadable DOCX structure: {type(exc).__name__}: {exc}"
            ) from None
        lists = [(n, t, layout) for n, t, layout in tables if layout is not None]
        if not lists:
            raise DataError(
                source.location(sheet="table 1" if tables else None, row=1, field="header"),
                "no table with thematic-list headers (first row 'Recommendation | Position"
                " | Full list of themes' or 'Recommendation and recommending State |"
                " Position of the State under review | ...')",
            )
        if header is None:
            raise DataError(
                source.location(field="header"),
                "the document does not say which review it lists: expected a page header"
                " like 'UPR of China (2nd Cycle – 17th session)'",
            )
        review_state = self._review_state(header, source)
        cells = [self._cells(source, n, t) for n, t, _ in lists]
        symbols = {
            _ADDENDUM.sub("", found["symbol"])
            for table_cells in cells
            for _, row in table_cells
            for text in row[:2]
            for line in _lines(text)
            if (found := _SOURCE_LINE.match(line))
        }
        report = next(iter(symbols)) if len(symbols) == 1 else None
        reviews: dict[str | None, Review] = {}
        for (number, _, layout), table_cells in zip(lists, cells, strict=True):
            group: str | None = None
            header_keys = [k.lower() for k in layout.names]
            for row_number, texts in table_cells[1:]:
                location = source.location(sheet=f"table {number}", row=row_number)
                values = [clean(t) for t in texts]
                if not any(values):
                    continue
                if [v.lower() for v in values] == header_keys:
                    continue
                if values[0].lower().startswith("theme:") and all(
                    v in ("", values[0]) for v in values
                ):
                    group = clean(values[0][len("theme:") :])
                    continue
                where = sink.cite(location)
                try:
                    record = self._record(
                        texts, layout, location, where, group, review_state, report, reviews
                    )
                except DataError as exc:
                    sink.reject(exc.location, exc.reason)
                    continue
                except UprError as exc:
                    sink.reject(location, str(exc))
                    continue
                sink.add(record, location)
        for review in reviews.values():
            sink.add_review(review)

    @staticmethod
    def _review_state(header: ReviewHeader, source: Source) -> ReviewHeader:
        """The header with the State resolved and the session checked against the cycle."""
        where = source.location(field="header")
        try:
            code = states.resolve(header.state).code
            cycle = upr.cycles.for_session(header.session).number
        except UnknownNameError as exc:
            raise DataError(where, str(exc)) from None
        if cycle != header.cycle:
            raise DataError(
                where,
                f"Working Group session {header.session} belongs to cycle {cycle},"
                f" not to the cycle {header.cycle} the header states",
            )
        return ReviewHeader(code, cycle, header.session)

    @staticmethod
    def _cells(source: Source, number: int, table: Any) -> list[tuple[int, list[str]]]:
        """Cell texts of every row of a table, with 1-based row numbers."""
        out: list[tuple[int, list[str]]] = []
        for index, row in enumerate(table.rows, start=1):
            try:
                out.append((index, _row_texts(row)))
            except (ValueError, KeyError, IndexError, AttributeError) as exc:
                raise DataError(
                    source.location(sheet=f"table {number}", row=index),
                    f"unreadable table row: {type(exc).__name__}: {exc}",
                ) from None
        return out

    @staticmethod
    def _record(
        texts: list[str],
        layout: _Layout,
        location: Location,
        where: FieldSource,
        group: str | None,
        header: ReviewHeader,
        report: str | None,
        reviews: dict[str | None, Review],
    ) -> Recommendation:
        def cell(index: int | None) -> str:
            return texts[index] if index is not None and index < len(texts) else ""

        def fail(index: int, reason: str) -> DataError:
            return DataError(attrs.evolve(location, field=layout.names[index]), reason)

        try:
            parsed = parse_recommendation(cell(layout.recommendation))
        except (ValueError, UnknownNameError) as exc:
            raise fail(layout.recommendation, str(exc)) from None
        addendum = parsed.source_symbol
        symbol = _ADDENDUM.sub("", addendum) if addendum else report
        position = clean(cell(layout.position))
        response_source = (
            f"{addendum} para {parsed.source_paragraph}"
            if addendum and parsed.source_paragraph
            else addendum
        )
        try:
            response = Response.parse(position, response_source) if position else None
        except UnknownNameError as exc:
            raise fail(layout.position, str(exc)) from None
        themes, persons = parse_themes(cell(layout.themes))
        targets: tuple[str, ...] = ()
        if layout.sdgs is not None:
            try:
                goal_themes, targets = parse_sdgs(cell(layout.sdgs))
            except UnknownNameError as exc:
                raise fail(layout.sdgs, str(exc)) from None
            themes = (*themes, *goal_themes)
        if group:
            themes = (*themes, group)
        review = reviews.get(symbol)
        if review is None:
            hrc = _HRC_SESSION.match(symbol or "")
            documents = tuple(
                Document.from_symbol(s) for s in dict.fromkeys((symbol, addendum)) if s
            )
            review = Review.upr(
                header.state,
                header.session,
                hrc_session=int(hrc.group(1)) if hrc else None,
                documents=documents,
            )
            reviews[symbol] = review
        elif addendum and addendum not in {d.symbol for d in review.documents}:
            review = attrs.evolve(
                review, documents=(*review.documents, Document.from_symbol(addendum))
            )
            reviews[symbol] = review
        return Recommendation(
            id=recommendation_id(
                symbol=symbol, paragraph=parsed.paragraph, review=review.id, text=parsed.text
            ),
            text=parsed.text,
            review=review.id,
            mechanism=mechanisms.UPR_CODE,
            state_under_review=header.state,
            cycle=header.cycle,
            session=header.session,
            recommending_states=parsed.recommending_states,
            response=response,
            themes=themes,
            affected_persons=persons,
            sdg_targets=targets,
            symbol=symbol,
            paragraph=parsed.paragraph,
            provenance=(where,),
        )


@upr.hookimpl
def upr_register_importers(register: upr.hookspecs.Register[Importer]) -> None:
    """The OHCHR thematic list importer."""
    register(ThematicListImporter())


__all__ = [
    "RecommendationCell",
    "ReviewHeader",
    "ThematicListImporter",
    "clean",
    "find_review_header",
    "parse_recommendation",
    "parse_sdgs",
    "parse_themes",
    "resolve_state",
    "table_layout",
]
