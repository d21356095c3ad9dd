"""The Danish Institute for Human Rights' SDG-Human Rights Data Explorer, XLSX export.

The explorer (sdgdata.humanrights.dk) links recommendations to the
Sustainable Development Goals. Its export is one sheet (``Explorer``) with the
header::

    Goals | Recommendation | Tekst | Targets | Keywords | Response |
    Recommending state | Mechanism | Procedures | Treaties | Type | field_year | Document

What a row is
    One row per recommendation *and* recommending state, as in UPR Info:
    paragraph 143.41 of A/HRC/26/6 (four states) is four rows, each with the
    part of the paragraph's text that one state recommended. Rows of the same
    paragraph share the ``Document`` reference and become one
    :class:`~upr.model.recommendations.Recommendation` (id ``"A/HRC/26/6:143.41"``)
    whose ``recommending_states`` are unioned; the sink counts the extra rows
    as ``merged``. When the rows of one paragraph give different texts (each
    state's wording) or different responses (a cycle-I paragraph supported by
    some states' parts and noted for others), fusion keeps one value (by the
    rules of :mod:`upr.core.fusion`) and records a
    :class:`~upr.model.conflicts.Conflict` naming every value and its rows.

Column mapping
    * ``Recommendation`` is the State under review, ``Recommending state`` the
      recommending state; both are resolved to ISO alpha-3 codes (unknown
      names reject the row, naming the field).
    * ``Tekst`` is the text (whitespace-normalised; empty rejects the row).
    * ``Response`` (``Supported``/``Noted``) goes through
      :meth:`~upr.model.recommendations.Response.parse`; the explorer does not say
      which document published the response, so ``Response.source`` is empty.
    * ``Targets``: see :func:`parse_targets`. ``Goals`` repeats the goals of
      the targets (``"5. Gender equality ,16. Peace, ..."`` or ``"No SDG link
      identified"``); a goal listed there without a target of that goal (or the
      reverse) is recorded as a conflict on ``sdg_targets``.
    * ``Keywords`` are groups of persons ("Women and girls", "Children",
      "LGBTI", ...) concatenated without separator
      (``"Women and girlsLGBTIChildren"``); :func:`split_keywords` splits them
      and they become ``affected_persons`` (they are the UHRI's "Affected
      persons" vocabulary, not themes; the explorer has no theme column).
    * ``Treaties`` (empty in every row of the real cycle I and II files) is
      mapped to treaty codes with :func:`upr.treaties.get`; unknown names
      reject the row.
    * ``Mechanism`` is ``"(Universal Periodic Review)"``; rows of any other
      mechanism are rejected (a treaty-body or special-procedure row has no
      UPR cycle or Working Group report). An absent column or empty cell means
      UPR, which the ``A/HRC/<session>/<n>`` report symbol confirms.
    * ``Procedures`` names a special procedure and is empty on every UPR row;
      a UPR row with a value there is rejected as unexpected rather than
      silently losing the value.
    * ``Type`` ``Recommendation`` gives the recommendation kind, ``Concern``/
      ``Observation`` labels the concern kind; anything else rejects the row.
    * ``field_year`` (``"2014 Cycle 2"``) gives the cycle (the year alone is
      used, through :func:`upr.cycles.for_year`, only when the cycle is
      missing and the year falls in one cycle).
    * ``Document`` is ``Source:<symbol>|<paragraph>|``, see
      :func:`parse_document`.

Reviews and sessions
    ``<symbol>`` is the Working Group report ``A/HRC/<n>/<m>``, a document of
    Human Rights Council session ``<n>`` (the session that adopted the
    outcome), so each row's review is
    ``Review("UPR", state, cycle, hrc_session=n, documents=(report,))``. The
    Working Group session is **not** known: the report symbol names the
    Council session, whose distance to the Working Group session varies (WG 18
    -> HRC 26, WG 31 -> HRC 40) and the row gives only a year. So
    ``session`` is ``None`` on reviews and recommendations; another source
    (UPR Info, the report itself) fills it when datasets are merged.

One report, one State
    A Working Group report reviews one State. In the cycle I file, A/HRC/18/16
    (the 2011 review of Sudan, held just before South Sudan's independence) has
    198 rows for Sudan and 33 for South Sudan: the explorer, like UPR Info,
    attributes the recommendations addressed to South Sudan to South Sudan. Those
    rows keep South Sudan as State under review (review ``UPR-SSD-1``), but
    they cannot share the report's paragraph ids with Sudan's records, so a row
    whose State is not the one most rows of its report name gets a text-hash id
    (:func:`~upr.model.recommendations.recommendation_id` without symbol) and a
    conflict on ``state_under_review`` naming the report's State. Finding that
    State needs all rows of the report, so the records are built while the
    sheet streams and handed to the sink after the last row (memory grows with
    the dataset, not with the file).

SDG target ambiguity
    Recorded as conflicts, never decided silently: see :func:`parse_targets`.

What is not a row: the header, and rows whose cells are all empty (openpyxl
reports formatted but empty rows). Every other row is added or rejected
exactly once. Each record carries the provenance
``FieldSource("sdg-explorer", Location(<file>, row=<n>, sheet=...))`` (``n`` counts spreadsheet
rows, the header being row 1); the raw ``Document`` cell can be read there.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import attrs

import upr
from upr import cycles, mechanisms, sdgs, states, treaties
from upr.errors import DataError, Location, UnknownNameError, UprError
from upr.io.importing import Confidence, Importer, ImportSink, Source
from upr.io.spreadsheets import first_row, open_workbook, sheet_rows
from upr.model.conflicts import Conflict, ConflictValue
from upr.model.provenance import FieldSource
from upr.model.recommendations import (
    Recommendation,
    RecommendationKind,
    Response,
    recommendation_id,
)
from upr.model.reviews import Document, Review

FORMAT = "sdg-explorer"

COLUMNS: tuple[str, ...] = (
    "Goals",
    "Recommendation",
    "Tekst",
    "Targets",
    "Keywords",
    "Response",
    "Recommending state",
    "Mechanism",
    "Procedures",
    "Treaties",
    "Type",
    "field_year",
    "Document",
)
"""The export's header, in the order the explorer writes it."""

REQUIRED: tuple[str, ...] = (
    "Recommendation",
    "Tekst",
    "Response",
    "Recommending state",
    "field_year",
    "Document",
)
"""Columns without which no recommendation can be built (the others are optional)."""

AFFECTED_PERSONS: tuple[str, ...] = (
    "Women and girls",
    "Children",
    "Youth",
    "Older persons",
    "Persons with disabilities",
    "Members of minorities",
    "Indigenous peoples",
    "Migrants",
    "Refugees and asylum-seekers",
    "Internally displaced persons",
    "Human rights defenders",
    "LGBTI",
)
"""The explorer's ``Keywords`` vocabulary (every label met in the cycle I and II files)."""

MAX_NAME_LENGTH = 200
"""Longer cells are not looked up as names (fuzzy suggestions on huge cells are slow)."""

_WHITESPACE = re.compile(r"\s+")
_DOCUMENT = re.compile(
    r"^(?:Source:)?\s*(?P<symbol>A/HRC/\d+/\d+(?:/Add\.\d+)?)(?P<marker>[A-Za-z]*)"
    r"\s*(?:\|\s*(?P<paragraph>[^|]*?)\s*(?:\|\s*)?)?$"
)
_RECOMMENDATION_PARAGRAPH = re.compile(r"\d+\.\d+")
_OTHER_PARAGRAPH = re.compile(r"\d*\.?")
_FIELD_YEAR = re.compile(r"^(?P<year>\d{4})(?:\s*Cycle\s*(?P<cycle>\d+))?$", re.IGNORECASE)
_GOAL = re.compile(r"(?:^|,)\s*(\d{1,2})\s*\.")
_HRC_SESSION = re.compile(r"^A/HRC/(\d+)/")
_KEYWORD_BOUNDARY = re.compile(r"(?<=[a-z)])(?=[A-Z])|[,;\n]")


def _text(value: Any) -> str:
    """A cell as whitespace-normalised text (``""`` for an empty cell)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _WHITESPACE.sub(" ", str(value)).strip()


@attrs.frozen
class DocumentRef:
    """A parsed ``Document`` cell.

    ``symbol`` is the Working Group report; ``paragraph`` the recommendation's
    paragraph (``"143.12"``) or ``None`` when the cell gives none or gives
    something that is not a recommendation number; ``raw_paragraph`` is what
    stood between the bars; ``marker`` letters glued to the symbol (``OLD``).
    """

    symbol: str
    paragraph: str | None
    raw_paragraph: str = ""
    marker: str = ""


def parse_document(cell: str) -> DocumentRef:
    """Parse ``Source:A/HRC/26/6|143.1|``.

    Shapes met in the real files and how they are read:

    * ``Source:A/HRC/26/6|143.1|`` (50,121 rows): report and paragraph, the
      join key with the report and other sources.
    * ``Source:A/HRC/13/4|46|`` (3,592 rows) and ``Source:A/HRC/33/17|42.|``
      (3 rows): a bare number is not a recommendation number. In cycle I
      reports it is the interactive-dialogue paragraph where a state spoke
      (report paragraph 102 of A/HRC/12/11 lists noted recommendations as
      "paragraphs 35 (a), (b) ..."), shared by different recommendations of
      different states (Brazil's two recommendations to Cambodia are both
      ``|46|``); ``42.`` was read from a text quoting "Article 42.1". Such a
      row has no paragraph: its id is the review and a hash of its text.
    * ``Source:A/HRC/14/8`` (2,954 rows): no paragraph, same treatment.
    * ``Source:A/HRC/25/3OLD|138.34|`` (4 rows of Saudi Arabia): ``OLD`` is
      glued to the symbol; these rows fill the gaps of the A/HRC/25/3
      numbering (no other row has 138.34), so the symbol is A/HRC/25/3 and the
      paragraph is kept.

    Raises ValueError for anything else.
    """
    found = _DOCUMENT.match(_text(cell))
    if found is None:
        raise ValueError(
            f"not a 'Source:A/HRC/<session>/<number>|<paragraph>|' reference: {cell[:80]!r}"
        )
    raw = found["paragraph"] or ""
    if _RECOMMENDATION_PARAGRAPH.fullmatch(raw):
        paragraph: str | None = raw
    elif _OTHER_PARAGRAPH.fullmatch(raw):
        paragraph = None
    else:
        raise ValueError(f"paragraph {raw[:40]!r} is not a number like '143.12'")
    return DocumentRef(found["symbol"], paragraph, raw, found["marker"])


@attrs.frozen
class TargetReading:
    """SDG targets read from a ``Targets`` cell.

    ``targets`` are the codes kept; ``ambiguous`` pairs each kept literal code
    with another target the same spreadsheet number may stand for
    (``("16.1", "16.10")``).
    """

    targets: tuple[str, ...] = ()
    ambiguous: tuple[tuple[str, str], ...] = ()


def parse_targets(value: Any) -> TargetReading:
    """Read a ``Targets`` cell: a text list (``"16.10, 16.3"``) or an Excel number.

    Text cells are exact: ``"16.10"`` and ``"16.1"`` are told apart, lettered
    targets may be upper case (``"14.B"``). A cell with a single target is
    stored by Excel as a *number*, and ``16.10`` becomes ``16.1``:
    :func:`upr.sdgs.targets_for_number` lists what the number may be.

    The ambiguity rule: when a number has two readings (16.1/16.10, 8.1/8.10,
    17.1/17.10) the literal one is kept and the other is returned in
    ``ambiguous``; the importer records it as a conflict on ``sdg_targets``.
    Nothing in the row decides it: ``Goals`` names only the goal, which both
    readings share; the cell holds one target, so no sibling target hints at
    the numbering; guessing from the text would be a classification of our
    own. In the real files 1,068 cycle I rows (1,066 x 16.1, 2 x 8.1) and
    1,744 cycle II rows (1,733 x 16.1, 11 x 8.1) are ambiguous.

    Raises :class:`~upr.errors.UnknownNameError` for a value that is no target.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return TargetReading()
    if isinstance(value, bool):
        raise UnknownNameError("SDG target", str(value))
    if isinstance(value, int | float):
        readings = sdgs.targets_for_number(float(value))
        if not readings:
            raise UnknownNameError("SDG target", repr(value))
        return TargetReading((readings[0],), tuple((readings[0], r) for r in readings[1:]))
    text = str(value)
    if len(text) > 10_000:
        raise UnknownNameError("SDG target list", text[:40] + "...")
    codes = [sdgs.target(part) for part in re.split(r"[,;\s]+", text) if part.strip()]
    return TargetReading(tuple(codes))


def goals_named(cell: str) -> tuple[int, ...]:
    """Goal numbers a ``Goals`` cell lists (``"5. Gender equality ,16. Peace, ..."`` -> 5, 16)."""
    return tuple(sorted({int(g) for g in _GOAL.findall(cell)}))


def split_keywords(cell: str) -> tuple[str, ...]:
    """Split the concatenated ``Keywords`` cell into groups of persons.

    ``"Women and girlsLGBTIChildren"`` -> Women and girls, LGBTI, Children.
    Labels of :data:`AFFECTED_PERSONS` are matched first (longest first);
    anything else is cut at a lower-to-upper case boundary or a separator and
    kept verbatim, so an unknown label is kept rather than lost.
    """
    rest = _text(cell)
    found: list[str] = []
    labels = sorted(AFFECTED_PERSONS, key=len, reverse=True)
    while rest:
        label = next((lab for lab in labels if rest.startswith(lab)), None)
        if label is None:
            boundary = _KEYWORD_BOUNDARY.search(rest, 1)
            cut = boundary.start() if boundary else len(rest)
            for lab in labels:
                at = rest.find(lab, 1)
                if 0 < at < cut:
                    cut = at
            label = rest[:cut]
        found.append(label.strip())
        rest = rest[len(label) :].lstrip(" ,;\n")
    return tuple(f for f in found if f)


def parse_field_year(value: Any) -> tuple[int, int]:
    """``"2014 Cycle 2"`` -> ``(2014, 2)``; a bare year needs to fall in one cycle."""
    text = _text(value)
    found = _FIELD_YEAR.match(text)
    if found is None:
        raise ValueError(f"{text[:40]!r} is not like '2014 Cycle 2'")
    year = int(found["year"])
    if found["cycle"] is not None:
        return year, cycles.upr(int(found["cycle"])).number
    running = cycles.for_year(year)
    if len(running) != 1:
        raise ValueError(f"year {year} without a cycle belongs to {len(running)} UPR cycles")
    return year, running[0].number


def _treaty_codes(cell: str) -> tuple[str, ...]:
    codes: list[str] = []
    for raw in re.split(r"[;\n|]+", cell):
        piece = raw.strip(" -\u2022")
        if not piece:
            continue
        if len(piece) > MAX_NAME_LENGTH:
            raise UnknownNameError("treaty", piece[:40] + "...")
        try:
            codes.append(treaties.get(piece).code)
        except UnknownNameError:
            codes.extend(treaties.get(p).code for p in piece.split(",") if p.strip())
    return tuple(codes)


def _state(name: str) -> str:
    if len(name) > MAX_NAME_LENGTH:
        raise UnknownNameError("state", name[:40] + "...")
    return states.resolve(name).code


def _kind(cell: str) -> RecommendationKind:
    key = cell.lower()
    if not key or key.startswith("recommendation"):
        return RecommendationKind.RECOMMENDATION
    if key.startswith(("concern", "observation")):
        return RecommendationKind.CONCERN
    raise ValueError(f"type {cell[:40]!r} is neither 'Recommendation' nor 'Concern'")


@attrs.frozen
class _Pending:
    """A record built from one row, waiting for the end of the sheet."""

    record: Recommendation
    location: Location
    where: FieldSource
    ambiguous: tuple[tuple[str, str], ...]
    goal_mismatch: str | None


class SdgExplorerImporter(Importer):
    """DIHR SDG-Human Rights Data Explorer export (XLSX), UPR rows."""

    name = FORMAT
    description = "DIHR SDG-Human Rights Data Explorer export (XLSX): UPR recommendations"
    extensions = (".xlsx",)

    def sniff(self, source: Source) -> float:
        """Certain when the first row of the first sheet is the explorer header.

        Opens the workbook read-only and reads only its first row.
        """
        first = first_row(source)
        if first is None:
            return Confidence.NONE
        header = {_text(v) for v in first}
        if header >= set(COLUMNS):
            return Confidence.CERTAIN
        if header >= {"Tekst", "Recommending state", "Document"}:
            return Confidence.LIKELY
        return Confidence.NONE

    def read(self, source: Source, sink: ImportSink) -> None:
        """Stream the first sheet; see the module docstring for the mapping."""
        with open_workbook(source) as workbook:
            if not workbook.worksheets:
                raise DataError(source.location(), "workbook has no sheet")
            self._read_sheet(workbook.worksheets[0], source, sink)

    def _read_sheet(self, sheet: Any, source: Source, sink: ImportSink) -> None:
        title = str(sheet.title)
        rows = sheet_rows(sheet, source)
        first = next(rows, None)
        if first is None:
            raise DataError(source.location(sheet=title, row=1), "empty sheet: no header row")
        columns: dict[str, int] = {}
        for index, value in enumerate(first[1]):
            columns.setdefault(_text(value), index)
        missing = [c for c in REQUIRED if c not in columns]
        if missing:
            raise DataError(
                source.location(sheet=title, row=1, field=missing[0]),
                f"missing column(s): {', '.join(missing)}; an SDG explorer export has "
                f"{' | '.join(COLUMNS)}",
            )
        pending: list[_Pending] = []
        states_of_report: dict[str, Counter[str]] = {}
        for number, values in rows:
            if all(_text(v) == "" for v in values):
                continue
            location = source.location(sheet=title, row=number)
            where = sink.cite(location)
            try:
                item = self._row(values, columns, location, where, sink)
            except DataError as exc:
                sink.reject(exc.location, exc.reason)
                continue
            except UprError as exc:
                sink.reject(location, str(exc))
                continue
            pending.append(item)
            if item.record.symbol is not None:
                states_of_report.setdefault(item.record.symbol, Counter())[
                    item.record.state_under_review
                ] += 1
        _flush(pending, states_of_report, sink)

    def _row(
        self,
        values: tuple[Any, ...],
        columns: dict[str, int],
        location: Location,
        where: FieldSource,
        sink: ImportSink,
    ) -> _Pending:
        def cell(name: str) -> Any:
            index = columns.get(name)
            return values[index] if index is not None and index < len(values) else None

        def fail(name: str, reason: str) -> DataError:
            return DataError(attrs.evolve(location, field=name), reason)

        def required(name: str) -> str:
            text = _text(cell(name))
            if not text:
                raise fail(name, "empty cell")
            return text

        mechanism = _text(cell("Mechanism")).strip("() ")
        if mechanism:
            try:
                code = mechanisms.get(mechanism).code
            except UnknownNameError as exc:
                raise fail("Mechanism", str(exc)) from None
            if code != mechanisms.UPR_CODE:
                raise fail(
                    "Mechanism",
                    f"{mechanism!r} rows are not read: only UPR rows have a cycle and a"
                    " Working Group report",
                )
        procedures = _text(cell("Procedures"))
        if procedures:
            raise fail("Procedures", f"unexpected value {procedures[:60]!r} on a UPR row")
        try:
            ref = parse_document(required("Document"))
        except ValueError as exc:
            raise fail("Document", str(exc)) from None
        try:
            _year, cycle = parse_field_year(required("field_year"))
        except (ValueError, UprError) as exc:
            raise fail("field_year", str(exc)) from None
        try:
            state = _state(required("Recommendation"))
        except UnknownNameError as exc:
            raise fail("Recommendation", f"State under review: {exc}") from None
        try:
            recommending = _state(required("Recommending state"))
        except UnknownNameError as exc:
            raise fail("Recommending state", str(exc)) from None
        text = required("Tekst")
        try:
            response = Response.parse(required("Response"))
        except UnknownNameError as exc:
            raise fail("Response", str(exc)) from None
        try:
            reading = parse_targets(cell("Targets"))
        except UnknownNameError as exc:
            raise fail("Targets", str(exc)) from None
        try:
            treaty_codes = _treaty_codes(_text(cell("Treaties")))
        except UnknownNameError as exc:
            raise fail("Treaties", str(exc)) from None
        try:
            kind = _kind(_text(cell("Type")))
        except ValueError as exc:
            raise fail("Type", str(exc)) from None
        persons = split_keywords(_text(cell("Keywords")))
        hrc = _HRC_SESSION.match(ref.symbol)
        report = ref.symbol.split("/Add.")[0]
        review = Review(
            mechanism=mechanisms.UPR_CODE,
            state=state,
            cycle=cycle,
            hrc_session=int(hrc.group(1)) if hrc else None,
            documents=(Document.from_symbol(report),),
        )
        sink.add_review(review)
        record = Recommendation(
            id=recommendation_id(
                symbol=report, paragraph=ref.paragraph, review=review.id, text=text
            ),
            text=text,
            review=review.id,
            mechanism=mechanisms.UPR_CODE,
            state_under_review=state,
            cycle=cycle,
            recommending_states=(recommending,),
            response=response,
            affected_persons=persons,
            sdg_targets=reading.targets,
            treaties=treaty_codes,
            symbol=report,
            paragraph=ref.paragraph,
            kind=kind,
            provenance=(where,),
        )
        goals_cell = _text(cell("Goals"))
        mismatch = None
        if goals_cell and set(goals_named(goals_cell)) != {
            sdgs.goal_of(t) for t in reading.targets
        }:
            mismatch = goals_cell
        return _Pending(record, location, where, reading.ambiguous, mismatch)


def report_state(counts: Counter[str]) -> str:
    """The State a Working Group report reviews: the one most of its rows name
    (ties go to the alphabetically first code, so the choice does not depend on
    row order)."""
    best = max(counts.values())
    return min(code for code, n in counts.items() if n == best)


def _report_source(sink: ImportSink, item: _Pending, symbol: str | None) -> FieldSource:
    """The source of a report's State: the rows of report ``symbol`` in the sheet
    (most of them name it), located by file, sheet and symbol, giving
    ``state_under_review``."""
    where = item.where.location
    return sink.cite(
        Location(where.file, sheet=where.sheet, symbol=symbol), ("state_under_review",)
    )


def _flush(
    pending: list[_Pending], states_of_report: dict[str, Counter[str]], sink: ImportSink
) -> None:
    """Hand the built records to the sink, then record the ambiguities found.

    Each row keeps its own recommending state: the rows of one paragraph are
    fused by the sink (same paragraph), their states unioned there. A row's
    paragraph number can be one the report does not have (fusion then matches
    the row by its text, so each row must name only its own state).
    """
    owners = {symbol: report_state(counts) for symbol, counts in states_of_report.items()}
    records: list[Recommendation] = []
    for item in pending:
        record = item.record
        owner = owners.get(record.symbol or "", record.state_under_review)
        if owner != record.state_under_review:
            record = attrs.evolve(
                record,
                id=recommendation_id(
                    symbol=None, paragraph=None, review=record.review, text=record.text
                ),
            )
            sink.add_conflict(
                Conflict(
                    record.id,
                    "state_under_review",
                    (
                        ConflictValue(
                            record.state_under_review,
                            (item.where.with_fields(("state_under_review",)),),
                        ),
                        ConflictValue(owner, (_report_source(sink, item, record.symbol),)),
                    ),
                )
            )
        records.append(record)
    ambiguous: dict[tuple[str, str, str], list[FieldSource]] = {}
    for item, record in zip(pending, records, strict=True):
        sink.add(record, item.location)
        targets = item.where.with_fields(("sdg_targets",))
        for literal, other in item.ambiguous:
            ambiguous.setdefault((record.id, literal, other), []).append(targets)
        if item.goal_mismatch is not None:
            sink.add_conflict(
                Conflict(
                    record.id,
                    "sdg_targets",
                    (
                        ConflictValue(", ".join(record.sdg_targets) or "(none)", (targets,)),
                        ConflictValue(f"Goals: {item.goal_mismatch}", (targets,)),
                    ),
                )
            )
    for (record_id, literal, other), wheres in ambiguous.items():
        sink.add_conflict(
            Conflict(
                record_id,
                "sdg_targets",
                (
                    ConflictValue(literal, tuple(wheres)),
                    ConflictValue(f"{other} (the same Excel number {literal})", tuple(wheres)),
                ),
            )
        )


@upr.hookimpl
def upr_register_importers(register: upr.hookspecs.Register[Importer]) -> None:
    """The SDG explorer importer."""
    register(SdgExplorerImporter())


__all__ = [
    "AFFECTED_PERSONS",
    "COLUMNS",
    "REQUIRED",
    "DocumentRef",
    "SdgExplorerImporter",
    "TargetReading",
    "goals_named",
    "parse_document",
    "parse_field_year",
    "parse_targets",
    "report_state",
    "split_keywords",
]
