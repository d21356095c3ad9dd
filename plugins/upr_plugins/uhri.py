"""OHCHR Universal Human Rights Index (UHRI) bulk exports: ``.xlsx`` and ``.json``.

The UHRI (uhri.ohchr.org) indexes recommendations and concerns of the UPR,
the treaty bodies and the special procedures. Two importers:

``uhri-xlsx``
    The Excel export, one annotation per row under this header (the spelling
    ``Reccomending`` is the export's own; the corrected spelling is accepted
    too)::

        Text | Countries Concerned | Reccomending Body | Document Symbol | Themes |
        Affected Persons | Sdgs | Document Publication Date | UPR Reccomending States |
        UPR Position | Type | OHCHR Annotation Id | UPR Session | Regions Concerned |
        Recommending Regions | Date of publication on UHRI

    ``Text``, ``Countries Concerned``, ``Reccomending Body`` and ``Type`` are
    required; a file without one of them raises :class:`~upr.errors.DataError`
    naming the column. The header is the first non-empty row of the first
    worksheet; columns are found by name (any order); other columns are ignored.
``uhri-json``
    The JSON export: an array of objects with the keys ``AnnotationId, Text,
    Symbol, Body, Countries, Themes, Sdgs, AnnotationType, PublicationDate``.
    Keys for the other spreadsheet columns are read when present
    (``AffectedPersons``, ``UprRecommendingStates``, ``UprPosition``,
    ``UprSession``); unknown keys are ignored. Multi-valued keys may hold a
    list of strings or a ``"- "`` string as in the spreadsheet;
    ``PublicationDate`` an Excel serial number or an ISO date. Locations give
    ``row`` = the 1-based position of the object in the array.

Cell conventions (both formats): multi-valued cells hold one value per line,
each starting with ``"- "`` (``_x000D_`` and CR line ends are tolerated);
single-valued cells may carry the same prefix. Dates are Excel serial numbers
(days since 1899-12-30; a fraction is a time of day and is dropped).

Row mapping:

* ``Reccomending Body`` -> :func:`upr.mechanisms.get`: ``UPR``, a treaty body
  by its committee code (``CAT``, ``CCPR``, ``CRC-OP-AC`` -> CRC, ``SPT``...),
  or a special procedure (``SR ...``, ``IE ...``, ``WG ...``). A row must
  name exactly one body and concern exactly one country (``Countries
  Concerned`` -> :func:`upr.states.resolve`): annotations of several bodies
  (joint communications) or several or no countries (thematic reports) are
  rejected with that reason, since a :class:`~upr.model.recommendations.Recommendation`
  has one mechanism and one state under review.
* ``Type``: ``Recommendations`` -> :attr:`RecommendationKind.RECOMMENDATION`,
  ``Concerns/Observations`` -> :attr:`RecommendationKind.CONCERN`.
* ``Text``: a leading paragraph number (``28.212 Continue ...``, ``49. The
  Committee ...``) is moved to ``paragraph``; the rest is kept verbatim. A
  ``Document Symbol`` written with its paragraph (``A/HRC/26/6, para. 143.12``,
  ``A/HRC/40/6/Add.1 - Para. 2``) gives the paragraph too; the two must agree.
  A number after a heading (``Rural women 49.The Committee``) is not
  detected: the text is kept whole and the paragraph stays unknown.
  The id is :func:`~upr.model.recommendations.recommendation_id` of symbol and
  paragraph (review id and text hash when either is missing).
* UPR rows: ``UPR Session`` (the Working Group session: ``18``, ``- 31``,
  ``31st session``) gives the cycle through :func:`upr.cycles.for_session` and
  the review ``Review.upr(state, session)``. Without a session the cycle is the
  one running in the year of ``Document Publication Date``
  (:func:`upr.cycles.for_year`); a date in a year two cycles share (2022), or in
  the first four months of a cycle's first year (when the reports of the
  previous cycle's last session are still being published), is ambiguous and
  the row is rejected. A Working Group report symbol (``A/HRC/26/6``, or an
  addendum) gives the review's Human Rights Council session (26).
  ``UPR Reccomending States`` -> recommending states,
  ``UPR Position`` -> :meth:`~upr.model.recommendations.Response.parse`.
* Treaty-body rows: the cycle is the number of the periodic report the
  concluding observations are about, read from the symbol
  (``CAT/C/VNM/CO/1`` -> 1; combined reports ``CRC/C/VNM/CO/5-6`` -> 6, the
  latest report covered; SPT visit reports ``CAT/OP/MDV/1`` -> 1). A symbol
  without a report number (``CRC/C/15/Add.200``, older series) or no symbol
  leaves the cycle unknown and the row is rejected saying so: the review id
  ``<body>-<state>-<n>`` cannot be formed without it. ``treaties`` gets the
  instrument the body applies (``CRC-OP-AC`` -> ``OP-CRC-AC``, ``CAT`` ->
  ``CAT``, ``SPT`` -> ``OP-CAT``). UPR Position or recommending states on a
  treaty-body row reject it (they belong to UPR rows).
* Special procedures have no reporting cycle: the year of ``Document
  Publication Date`` stands for it (cycle 2015 = the mandate's 2015 report);
  without a date the row is rejected.
* ``Themes`` -> themes and ``Affected Persons`` -> affected persons, verbatim.
* ``Sdgs``: a target (``16.3 - Promote the rule of law ...``) -> its code in
  ``sdg_targets`` (validated with :func:`upr.sdgs.target`). A goal-level value
  (``16 - Peace, justice and strong institutions``) names no target, and the
  record has no field for goals, so it is *not* expanded to the goal's
  targets: it is kept as the theme ``"SDG 16: Peace, justice and strong
  institutions"`` (title from :mod:`upr.sdgs`). Unknown codes reject the row.
* ``Document Publication Date`` -> the date of the review's
  :class:`~upr.model.reviews.Document` (``Document.from_symbol``); the review is
  recorded with ``sink.add_review``.
* Not stored: ``Regions Concerned`` / ``Recommending Regions`` (a property of
  the states, see :mod:`upr.states`) and ``Date of publication on UHRI``
  (when OHCHR indexed the annotation). ``OHCHR Annotation Id`` is kept in the
  provenance, as the location's ``key``: every record carries the
  :class:`~upr.model.provenance.FieldSource`
  ``uhri-xlsx: <file>, row <n>, id <annotation id>`` (or the JSON record's
  position).

What is not a row: the header, and rows whose cells are all empty (Excel
keeps formatted empty rows). Every other row or array element is added or
rejected exactly once.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import zipfile
from collections.abc import Mapping, Sequence

import attrs

import upr
from upr import cycles, mechanisms, sdgs, states, treaties
from upr.errors import DataError, Location
from upr.io.importing import Confidence, Importer, ImportSink, Source
from upr.io.spreadsheets import open_workbook, sheet_rows
from upr.model.mechanisms import Mechanism, MechanismKind
from upr.model.provenance import FieldSource
from upr.model.recommendations import (
    Recommendation,
    RecommendationKind,
    Response,
    recommendation_id,
)
from upr.model.reviews import Document, Review
from upr.names import normalise

# Canonical field -> (xlsx header as exported, other accepted spellings).
XLSX_COLUMNS: dict[str, tuple[str, ...]] = {
    "text": ("Text",),
    "countries": ("Countries Concerned",),
    "body": ("Reccomending Body", "Recommending Body"),
    "symbol": ("Document Symbol",),
    "themes": ("Themes",),
    "persons": ("Affected Persons",),
    "sdgs": ("Sdgs", "SDGs"),
    "published": ("Document Publication Date",),
    "upr_states": ("UPR Reccomending States", "UPR Recommending States"),
    "position": ("UPR Position",),
    "type": ("Type",),
    "annotation": ("OHCHR Annotation Id",),
    "session": ("UPR Session",),
    "regions": ("Regions Concerned",),
    "recommending_regions": ("Recommending Regions",),
    "indexed": ("Date of publication on UHRI",),
}
"""The export's columns by canonical field; the first spelling is the export's."""

JSON_KEYS: dict[str, tuple[str, ...]] = {
    "annotation": ("AnnotationId",),
    "text": ("Text",),
    "symbol": ("Symbol",),
    "body": ("Body",),
    "countries": ("Countries",),
    "themes": ("Themes",),
    "sdgs": ("Sdgs",),
    "type": ("AnnotationType",),
    "published": ("PublicationDate",),
    "persons": ("AffectedPersons",),
    "upr_states": ("UprRecommendingStates",),
    "position": ("UprPosition",),
    "session": ("UprSession",),
}
"""The JSON export's keys by canonical field (the last four are optional extras)."""

REQUIRED_FIELDS: tuple[str, ...] = ("text", "countries", "body", "type")

_KINDS: dict[str, RecommendationKind] = {
    "recommendations": RecommendationKind.RECOMMENDATION,
    "recommendation": RecommendationKind.RECOMMENDATION,
    "concerns observations": RecommendationKind.CONCERN,
    "concerns": RecommendationKind.CONCERN,
    "concern": RecommendationKind.CONCERN,
    "observations": RecommendationKind.CONCERN,
}
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_MAX_SERIAL = 2958465  # 9999-12-31
_LEADING_PARAGRAPH = re.compile(r"^\s*(?:(\d{1,3}(?:\.\d{1,3})+)\.?|(\d{1,3})\.)\s+(?=\S)")
_SYMBOL_PARAGRAPH = re.compile(
    r"^(?P<symbol>.+?)\s*[,;-]?\s*para(?:graph)?s?\.?\s*(?P<paragraph>\d{1,3}(?:\.\d{1,3})*)\.?$",
    re.IGNORECASE,
)
_REPORT_NUMBER = re.compile(r"/CO/(\d{1,2})(?:\s*-\s*(\d{1,2}))?(?:/|\b|$)")
_HRC_SYMBOL = re.compile(r"^A/HRC/(\d{1,3})/\d+(?:/Add\.\d+)?$")
_SPT_VISIT = re.compile(r"^CAT/OP/[A-Z]{3}/(\d{1,2})(?:/|$)")
_SESSION = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\b", re.IGNORECASE)
_SDG_CODE = re.compile(r"^(?:SDG\s*)?(\d{1,2})(?:\.(\d{1,2}|[a-zA-Z]))?(?=\s|$|-|:)")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$")
_LINE_BREAKS = re.compile(r"_x000D_|\r\n?|\u2028")
_AMBIGUOUS_MONTHS = 4
_SNIFF_BYTES = 65536


# -- cell values -----------------------------------------------------------------


def split_values(raw: object) -> list[str]:
    """The values of a multi-valued cell: one per line, ``"- "`` prefixes removed.

    A list (JSON) is taken as the values; ``None`` and empty text give ``[]``.
    Raises ``TypeError`` for anything else that is not text.
    """
    if raw is None:
        return []
    if isinstance(raw, list):
        out: list[str] = []
        for item in raw:
            if not isinstance(item, str):
                raise TypeError(f"list item {item!r} is not text")
            out.extend(split_values(item))
        return out
    if isinstance(raw, bool) or not isinstance(raw, str | int | float):
        raise TypeError(f"expected text, got {type(raw).__name__}")
    text = _LINE_BREAKS.sub("\n", str(raw))
    values = []
    for line in text.split("\n"):
        value = line.strip()
        if value.startswith("-"):
            value = value[1:].strip()
        if value:
            values.append(value)
    return values


def excel_date(raw: object) -> dt.date | None:
    """A date from an Excel serial number (``41731`` -> 2014-04-02), an ISO date
    text, or a datetime; ``None`` for an empty cell. Raises ``ValueError``."""
    if raw is None or raw == "":
        return None
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, bool):
        raise ValueError(f"not a date: {raw!r}")
    if isinstance(raw, str):
        text = raw.strip().removeprefix("- ").strip()
        if not text:
            return None
        match = _ISO_DATE.match(text)
        if match:
            return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        try:
            serial = float(text)
        except ValueError:
            raise ValueError(f"not an Excel serial number or ISO date: {raw!r}") from None
    elif isinstance(raw, int | float):
        serial = float(raw)
    else:
        raise ValueError(f"not a date: {raw!r}")
    if not 1 <= serial <= _MAX_SERIAL:  # also refuses NaN
        raise ValueError(f"Excel serial number {raw!r} is out of range")
    return _EXCEL_EPOCH + dt.timedelta(days=int(serial))


def single_value(raw: object) -> str:
    """A single-valued cell as text, without a ``"- "`` prefix (``""`` if empty).

    Raises ``TypeError`` when the cell holds several values or no text.
    """
    values = split_values(raw)
    if len(values) > 1:
        raise TypeError(f"{len(values)} values where one is expected: {values!r}")
    return values[0] if values else ""


# -- one annotation --------------------------------------------------------------


@attrs.frozen
class _Annotation:
    """One exported annotation: canonical field -> raw cell value, and where it is."""

    cells: Mapping[str, object]
    columns: Mapping[str, str]  # canonical field -> the column/key name used in the file
    source: Source
    row: int

    def where(self, field: str | None = None) -> Location:
        name = None if field is None else self.columns.get(field, field)
        return self.source.location(row=self.row, field=name)

    def fail(self, field: str | None, reason: str) -> DataError:
        return DataError(self.where(field), reason)

    def raw(self, field: str) -> object:
        return self.cells.get(field)

    def values(self, field: str) -> list[str]:
        try:
            return split_values(self.raw(field))
        except TypeError as exc:
            raise self.fail(field, str(exc)) from None

    def value(self, field: str) -> str:
        try:
            return single_value(self.raw(field))
        except TypeError as exc:
            raise self.fail(field, str(exc)) from None

    def date(self, field: str) -> dt.date | None:
        try:
            return excel_date(self.raw(field))
        except (ValueError, OverflowError) as exc:
            raise self.fail(field, str(exc)) from None


def _text(note: _Annotation) -> tuple[str, str | None]:
    raw = note.raw("text")
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        raw = str(raw)
    if raw is not None and not isinstance(raw, str):
        raise note.fail("text", f"expected text, got {type(raw).__name__}")
    text = " ".join((raw or "").split())
    match = _LEADING_PARAGRAPH.match(text)
    paragraph = None
    if match:
        paragraph = match.group(1) or match.group(2)
        text = text[match.end() :]
    if not text:
        raise note.fail("text", "empty text")
    return text, paragraph


def _symbol(note: _Annotation, paragraph: str | None) -> tuple[str | None, str | None]:
    symbol = note.value("symbol")
    if not symbol:
        return None, paragraph
    match = _SYMBOL_PARAGRAPH.match(symbol)
    if match is None:
        return symbol, paragraph
    from_symbol = match.group("paragraph")
    if paragraph is not None and paragraph != from_symbol:
        raise note.fail(
            "symbol",
            f"paragraph {from_symbol} in the symbol disagrees with paragraph {paragraph}"
            " at the start of the text",
        )
    return match.group("symbol").strip(), from_symbol


def _one(note: _Annotation, field: str, what: str) -> str:
    values = note.values(field)
    if len(values) != 1:
        listed = f": {'; '.join(values)}" if values else ""
        raise note.fail(
            field,
            f"{len(values)} {what}{listed}; a recommendation needs exactly one"
            f" ({'no' if not values else 'several'} {what} cannot be modelled)",
        )
    return values[0]


def _state(note: _Annotation, field: str, name: str) -> str:
    try:
        return states.resolve(name).code
    except upr.UnknownNameError as exc:
        raise note.fail(field, str(exc)) from None


def _kind(note: _Annotation) -> RecommendationKind:
    label = note.value("type")
    kind = _KINDS.get(normalise(label))
    if kind is None:
        raise note.fail(
            "type", f"unknown type {label!r}; expected Recommendations or Concerns/Observations"
        )
    return kind


def _sdgs(note: _Annotation) -> tuple[list[str], list[str]]:
    """(target codes, goal themes) of the Sdgs cell."""
    raw = note.raw("sdgs")
    if isinstance(raw, float | int) and not isinstance(raw, bool):
        candidates = sdgs.targets_for_number(raw)
        if len(candidates) != 1:
            raise note.fail(
                "sdgs",
                f"the number {raw!r} stands for {len(candidates)} SDG targets"
                f" ({', '.join(candidates) or 'none'})",
            )
        return [candidates[0]], []
    targets: list[str] = []
    goals: list[str] = []
    for value in note.values("sdgs"):
        match = _SDG_CODE.match(value)
        if match is None:
            raise note.fail("sdgs", f"no SDG goal or target code at the start of {value!r}")
        goal_number, target_part = match.groups()
        try:
            if target_part is None:
                goal = sdgs.goal(int(goal_number))
                goals.append(f"SDG {goal.number}: {goal.title}")
            else:
                targets.append(sdgs.target(f"{goal_number}.{target_part}"))
        except upr.UnknownNameError as exc:
            raise note.fail("sdgs", f"{exc} in {value!r}") from None
    return targets, goals


def _session(note: _Annotation) -> int | None:
    raw = note.raw("session")
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        if not 1 <= raw <= 99 or raw != int(raw):  # range first: refuses NaN and infinities
            raise note.fail("session", f"not a Working Group session number: {raw!r}")
        return int(raw)
    text = note.value("session")
    if not text:
        return None
    match = _SESSION.search(text)
    if match is None:
        raise note.fail("session", f"no Working Group session number in {text!r}")
    return int(match.group(1))


def _upr_cycle(note: _Annotation, published: dt.date | None) -> int:
    """The UPR cycle of a row without a session, from the publication date."""
    if published is None:
        raise note.fail(
            "session",
            "UPR row without a Working Group session or a publication date: the cycle is unknown",
        )
    running = cycles.for_year(published.year)
    if len(running) != 1:
        names = " and ".join(str(c.number) for c in running) or "none"
        raise note.fail(
            "session",
            f"no Working Group session, and {published.year} belongs to UPR cycles {names}:"
            " the cycle is ambiguous",
        )
    cycle = running[0]
    early = published.year == cycle.start_year and published.month <= _AMBIGUOUS_MONTHS
    if cycle.number > 1 and early:
        raise note.fail(
            "session",
            f"no Working Group session, and a document published {published.isoformat()}"
            f" may belong to cycle {cycle.number - 1} (its last session's reports appear"
            f" early in {published.year}) or {cycle.number}: the cycle is ambiguous",
        )
    return cycle.number


def _treaty_body_cycle(note: _Annotation, code: str, symbol: str | None) -> int:
    if symbol is None:
        raise note.fail(
            "symbol",
            f"{code} annotation without a document symbol: the periodic report (cycle) is unknown",
        )
    numbers: list[int] = []
    match = _REPORT_NUMBER.search(symbol)
    if match:
        numbers = [int(g) for g in match.groups() if g]
    elif code == "SPT":
        visit = _SPT_VISIT.match(symbol)
        numbers = [int(visit.group(1))] if visit else []
    if not numbers or min(numbers) < 1:
        raise note.fail(
            "symbol",
            f"symbol {symbol!r} carries no periodic report number (expected .../CO/<n>):"
            f" the {code} cycle is unknown",
        )
    return max(numbers)


def _treaties_of(body: str, mechanism: Mechanism) -> tuple[str, ...]:
    try:
        return (treaties.get(body).code,)
    except upr.UnknownNameError:
        return mechanism.treaties[:1]


def _build(note: _Annotation, origin: FieldSource) -> tuple[Recommendation, Review]:
    """The recommendation and review of one annotation read at ``origin`` (see the
    module docstring).

    Raises :class:`~upr.errors.DataError` naming the field for a bad value.
    """
    text, paragraph = _text(note)
    symbol, paragraph = _symbol(note, paragraph)
    state = _state(note, "countries", _one(note, "countries", "countries concerned"))
    body = _one(note, "body", "recommending bodies")
    try:
        mechanism = mechanisms.get(body)
    except upr.UnknownNameError as exc:
        raise note.fail("body", str(exc)) from None
    kind = _kind(note)
    published = note.date("published")
    targets, goal_themes = _sdgs(note)
    session = _session(note)
    senders = note.values("upr_states")
    position = note.value("position")
    treaty_codes: tuple[str, ...] = ()
    if mechanism.code == mechanisms.UPR_CODE:
        try:
            cycle = (
                cycles.for_session(session).number
                if session is not None
                else _upr_cycle(note, published)
            )
        except upr.UnknownNameError as exc:
            raise note.fail("session", str(exc)) from None
    else:
        for field, present in (("position", position), ("upr_states", senders)):
            if present:
                raise note.fail(field, f"UPR field filled on a {mechanism.code} annotation")
        if session is not None:
            raise note.fail("session", f"UPR session given on a {mechanism.code} annotation")
        if mechanism.kind is MechanismKind.SPECIAL_PROCEDURE:
            if published is None:
                raise note.fail(
                    "published",
                    "special procedures have no reporting cycle; the publication year"
                    " stands for it, and the publication date is empty",
                )
            cycle = published.year
        else:
            cycle = _treaty_body_cycle(note, mechanism.code, symbol)
            treaty_codes = _treaties_of(body, mechanism)
    documents = (Document.from_symbol(symbol, published),) if symbol else ()
    hrc = _HRC_SYMBOL.match(symbol or "") if mechanism.code == mechanisms.UPR_CODE else None
    hrc_session = int(hrc.group(1)) if hrc else None
    if mechanism.code == mechanisms.UPR_CODE and session is not None:
        review = Review.upr(state, session, hrc_session=hrc_session, documents=documents)
    else:
        review = Review(mechanism.code, state, cycle, session, hrc_session, documents=documents)
    response = None
    if position:
        try:
            response = Response.parse(position)
        except upr.UnknownNameError as exc:
            raise note.fail("position", str(exc)) from None
    rec = Recommendation(
        id=recommendation_id(symbol=symbol, paragraph=paragraph, review=review.id, text=text),
        text=text,
        review=review.id,
        mechanism=mechanism.code,
        state_under_review=state,
        cycle=cycle,
        session=session if mechanism.code == mechanisms.UPR_CODE else None,
        recommending_states=tuple(_state(note, "upr_states", s) for s in senders),
        response=response,
        themes=(*note.values("themes"), *goal_themes),
        affected_persons=tuple(note.values("persons")),
        sdg_targets=tuple(targets),
        treaties=treaty_codes,
        symbol=symbol,
        paragraph=paragraph,
        kind=kind,
        provenance=(origin,),
    )
    return rec, review


def _import(note: _Annotation, sink: ImportSink) -> None:
    where = note.where()
    with sink.row(where):
        origin = sink.cite(attrs.evolve(where, key=note.value("annotation") or None))
        rec, review = _build(note, origin)
        sink.add_review(review)
        sink.add(rec, where)


def _is_empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value == []


# -- xlsx ------------------------------------------------------------------------

_XLSX_HEADER_KEYS: dict[str, str] = {
    normalise(name): field for field, names in XLSX_COLUMNS.items() for name in names
}
_SNIFF_MARKERS: tuple[bytes, ...] = (
    b"Reccomending Body",
    b"Countries Concerned",
    b"OHCHR Annotation Id",
    b"UPR Reccomending States",
    b"Date of publication on UHRI",
)


def _peek_xlsx(source: Source) -> bytes:
    """The first bytes of the shared strings and of the first worksheet (no full read)."""
    chunks: list[bytes] = []
    with zipfile.ZipFile(source.path) as archive:
        names = archive.namelist()
        wanted = [n for n in names if n == "xl/sharedStrings.xml"]
        wanted += sorted(n for n in names if n.startswith("xl/worksheets/sheet"))[:1]
        for name in wanted:
            with archive.open(name) as member:
                chunks.append(member.read(_SNIFF_BYTES))
    return b"".join(chunks)


def _header_fields(
    source: Source, row: int, values: Sequence[object]
) -> tuple[dict[str, int], dict[str, str]]:
    """Field -> position and field -> header text; raises for missing required columns."""
    positions: dict[str, int] = {}
    names: dict[str, str] = {}
    for position, value in enumerate(values):
        if not isinstance(value, str):
            continue
        field = _XLSX_HEADER_KEYS.get(normalise(value))
        if field is not None and field not in positions:
            positions[field] = position
            names[field] = value.strip()
    missing = [f for f in REQUIRED_FIELDS if f not in positions]
    if missing:
        raise DataError(
            source.location(row=row, field=XLSX_COLUMNS[missing[0]][0]),
            "missing column(s): " + ", ".join(XLSX_COLUMNS[f][0] for f in missing),
        )
    return positions, names


class UhriXlsxImporter(Importer):
    """The UHRI Excel export (one annotation per row)."""

    name = "uhri-xlsx"
    description = (
        "OHCHR Universal Human Rights Index export (.xlsx, UPR/treaty bodies/special procedures)"
    )
    extensions = (".xlsx",)

    def sniff(self, source: Source) -> float:
        """Certain when the first 64 KB of the shared strings / first sheet hold at
        least two of the export's own column names (``Reccomending Body``, ...)."""
        if not source.head(4).startswith(b"PK"):
            return Confidence.NONE
        try:
            data = _peek_xlsx(source)
        except Exception:  # zipfile/zlib raise many types on corrupt archives
            return Confidence.NONE
        hits = sum(marker in data for marker in _SNIFF_MARKERS)
        return Confidence.CERTAIN if hits >= 2 else Confidence.NONE

    def read(self, source: Source, sink: ImportSink) -> None:
        """Stream the first worksheet (read-only); one recommendation per non-empty row."""
        with open_workbook(source) as book:
            if not book.worksheets:
                raise DataError(source.location(), "workbook has no worksheet")
            sheet = book.worksheets[0]
            positions: dict[str, int] | None = None
            names: dict[str, str] = {}
            for number, values in sheet_rows(sheet, source):
                if all(_is_empty(v) for v in values):
                    continue  # an empty row is not a row
                if positions is None:
                    positions, names = _header_fields(source, number, values)
                    for field, spellings in XLSX_COLUMNS.items():
                        names.setdefault(field, spellings[0])
                    continue
                cells = {
                    field: values[at] if at < len(values) else None
                    for field, at in positions.items()
                }
                _import(_Annotation(cells, names, source, number), sink)
            if positions is None:
                raise DataError(source.location(row=1), "empty worksheet: no header row")


# -- json ------------------------------------------------------------------------

_JSON_KEY_FIELDS: dict[str, str] = {key: field for field, keys in JSON_KEYS.items() for key in keys}


class UhriJsonImporter(Importer):
    """The UHRI JSON export (an array of annotation objects)."""

    name = "uhri-json"
    description = "OHCHR Universal Human Rights Index export (.json array of annotations)"
    extensions = (".json",)

    def sniff(self, source: Source) -> float:
        """Certain when the file starts a JSON array whose first object has the
        ``AnnotationId`` key and another export key."""
        head = source.head(8192).lstrip(b"\xef\xbb\xbf \t\r\n")
        if not head.startswith(b"["):
            return Confidence.NONE
        if b'"AnnotationId"' not in head:
            return Confidence.NONE
        others = sum(f'"{k}"'.encode() in head for k in ("Text", "Symbol", "Body", "Countries"))
        return Confidence.CERTAIN if others >= 1 else Confidence.LIKELY

    def read(self, source: Source, sink: ImportSink) -> None:
        """Each object of the array is one row (``row`` = its 1-based position)."""
        try:
            with source.path.open(encoding="utf-8-sig") as stream:
                data = json.load(stream)
        except UnicodeDecodeError as exc:
            raise DataError(source.location(), f"not UTF-8 text: {exc}") from None
        except json.JSONDecodeError as exc:
            raise DataError(
                source.location(line=exc.lineno), f"malformed JSON: {exc.msg} (column {exc.colno})"
            ) from None
        except RecursionError:
            raise DataError(source.location(), "malformed JSON: nested too deeply") from None
        if not isinstance(data, list):
            raise DataError(
                source.location(line=1),
                f"expected a JSON array of annotation objects, got {type(data).__name__}",
            )
        for number, item in enumerate(data, start=1):
            if not isinstance(item, dict):
                sink.reject(
                    source.location(row=number),
                    f"expected an annotation object, got {type(item).__name__}",
                )
                continue
            cells: dict[str, object] = {}
            keys: dict[str, str] = {}
            for key, value in item.items():
                field = _JSON_KEY_FIELDS.get(key)
                if field is not None:
                    cells[field] = value
                    keys[field] = key
            missing = [f for f in REQUIRED_FIELDS if f not in cells]
            if missing:
                first = JSON_KEYS[missing[0]][0]
                sink.reject(
                    source.location(row=number, field=first),
                    "missing key(s): " + ", ".join(JSON_KEYS[f][0] for f in missing),
                )
                continue
            for field, names in JSON_KEYS.items():
                keys.setdefault(field, names[0])
            _import(_Annotation(cells, keys, source, number), sink)


@upr.hookimpl
def upr_register_importers(register: upr.hookspecs.Register[Importer]) -> None:
    """The UHRI importers."""
    register(UhriXlsxImporter())
    register(UhriJsonImporter())


__all__ = [
    "JSON_KEYS",
    "REQUIRED_FIELDS",
    "XLSX_COLUMNS",
    "UhriJsonImporter",
    "UhriXlsxImporter",
    "excel_date",
    "single_value",
    "split_values",
]
