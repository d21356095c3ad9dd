"""UPR Info database exports: recommendations, voluntary pledges and the session list.

UPR Info (upr-info.org) publishes its database of UPR recommendations as a
table with one row per recommendation *and* recommending state::

    To,To-Rgrp,To-Org,Text,From,From-Rgrp,From-Org,Response,Action,Issue,Session

``To`` is the state under review, ``From`` the recommending state, ``Response``
the position (``Accepted``/``Noted`` in the 2008-2014 exports, ``Supported``/
``Noted``/``Not Supported`` today; ``Voluntary Pledge`` for a commitment of the
state itself), ``Action`` UPR Info's action category (``5``, ``Category 5``,
``5 - Specific action``), ``Issue`` a comma-separated list of UPR Info issues
and ``Session`` the Working Group session.

Three importers:

``uprinfo-csv``
    The CSV export (``1-5.csv`` ... ``17-20.csv``, ``voluntary.csv`` of the
    public repository rochelleterman/uprs). These files use classic Mac
    conventions: CR-only line endings and **Mac Roman** bytes (``Habr\\x8e`` is
    "Habré", ``vis-\\x88-vis`` is "vis-à-vis"); HTML entities such as
    ``&#40;Unknown&#41;`` appear in cells. A file that is valid UTF-8 and
    contains non-ASCII text is read as UTF-8 (a re-saved copy), a file starting
    with a byte-order mark in the encoding it names (UTF-8, UTF-16, UTF-32);
    any other file is decoded as Mac Roman. UTF-16 without a byte-order mark
    is refused, saying so.
``uprinfo-xlsx``
    The same columns in an Excel workbook (every sheet whose first row carries
    them), including the current labels: ``Supported``/``Not Supported``,
    ``2 - Continuing action``/``Category 2``, ``African Group``,
    ``Western European and Others Group``.
``uprinfo-sessions``
    ``sessions.csv`` (``"","To","To_COW","Session"``): one row per review; each
    row becomes one :class:`~upr.model.reviews.Review` (``sink.add_review`` with the
    row's location, so it is counted).

Row mapping (``uprinfo-csv``, ``uprinfo-xlsx``):

* ``To`` and ``From`` are resolved to ISO alpha-3 codes; an unknown name rejects
  the row naming the field. ``From`` = ``(Unknown)`` (9 rows of Indonesia's
  first review, whose Working Group report A/HRC/8/23 does not attribute
  those recommendations) is kept as a recommendation with no recommending
  state.
* ``Text`` is HTML-unescaped and whitespace-normalised; empty text rejects.
* ``Response`` goes through :meth:`~upr.model.recommendations.Response.parse`
  (raw label kept, source = the row); an empty cell gives no response.
* ``Action`` goes through :meth:`~upr.model.recommendations.ActionCategory.parse`;
  empty gives none.
* ``Issue`` is split into themes by :func:`split_issues`.
* ``Session`` is the Working Group session (an integer); the review is
  ``Review.upr(state, session)`` and its cycle is derived from the session.
  (``17-20.csv`` holds sessions 18-20: the session column, not the file
  name, is what counts.)
* The record id is ``recommendation_id(symbol=None, paragraph=None,
  review=..., text=...)``: rows of the same text in the same review (one row
  per recommending state) merge in the sink and count as ``merged``; their
  recommending states are unioned. Identical texts recommended separately by
  several states are indistinguishable here and merge too. No row gives a
  paragraph, so fusion never joins two rows by text containment: a text that
  is part of another one ("Ratify CAT" and "Ratify CAT as soon as possible",
  paragraphs 143.12 and 143.13 of A/HRC/26/6) is a different recommendation.
  Fusion with paragraph-level sources (:mod:`upr.core.fusion`) finds the
  paragraph each row belongs to.
* Rows with Response ``Voluntary Pledge`` become
  :class:`~upr.model.recommendations.VoluntaryPledge` records (a pledge has no
  sender or action category: ``From`` repeats ``To`` and ``Action`` is not
  kept). A second row with the same state, session and text as an earlier
  pledge is rejected as a duplicate, naming the first one.
* ``To-Rgrp``/``From-Rgrp`` are not stored (the group is a property of the
  state, :mod:`upr.states`), but a label that names a group other than the
  state's own is recorded as a :class:`~upr.model.conflicts.Conflict` against
  ``upr.states``. ``To-Org``/``From-Org`` (EU, OIC, AU, ...) are not modelled.

What is not a row: the header, and in CSV a completely empty line, in XLSX a
row whose cells are all empty (openpyxl reports trailing formatted rows).
Every other record is added or rejected exactly once.

Every record carries a :class:`~upr.model.provenance.FieldSource` naming the
fields it gives, ``uprinfo-csv: <file>, row <n>`` (``n`` counts table rows, the
header being row 1; in these CSV files row and line numbers coincide).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import html
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from typing import Any

import attrs

import upr
from upr import states
from upr.errors import DataError, Location, UnknownNameError
from upr.io.importing import Confidence, Importer, ImportSink, Source, allow_large_csv_cells
from upr.io.spreadsheets import open_workbook, sheet_rows
from upr.model.conflicts import Conflict, ConflictKind, ConflictValue
from upr.model.provenance import FieldSource
from upr.model.recommendations import (
    ActionCategory,
    Recommendation,
    Response,
    VoluntaryPledge,
    recommendation_id,
)
from upr.model.reviews import Review
from upr.names import normalise

COLUMNS: tuple[str, ...] = (
    "To",
    "To-Rgrp",
    "To-Org",
    "Text",
    "From",
    "From-Rgrp",
    "From-Org",
    "Response",
    "Action",
    "Issue",
    "Session",
)
"""The columns of a UPR Info export, in the published order."""

REQUIRED_COLUMNS: tuple[str, ...] = ("To", "Text", "From", "Response", "Action", "Issue", "Session")
"""The columns the importers need; the regional-group and organisation columns are optional."""

SESSIONS_COLUMNS: tuple[str, ...] = ("", "To", "To_COW", "Session")
"""The columns of ``sessions.csv`` (row number, state, Correlates of War code, session)."""

PLEDGE_LABEL = "Voluntary Pledge"
"""The Response label UPR Info gives to a state's own voluntary commitment."""

UNKNOWN_SENDER = "(Unknown)"
"""UPR Info's ``From`` value (as ``&#40;Unknown&#41;``) for an unattributed recommendation."""

ISSUES: frozenset[str] = frozenset(
    {
        "Asylum-seekers - refugees",
        "CP rights - general",
        "Civil society",
        "Corruption",
        "Counter-terrorism",
        "Death penalty",
        "Detention",
        "Development",
        "Disabilities",
        "ESC rights - general",
        "Elections",
        "Enforced disappearances",
        "Environment",
        "Extrajudicial executions",
        "Freedom of association and peaceful assembly",
        "Freedom of movement",
        "Freedom of opinion and expression",
        "Freedom of religion and belief",
        "Freedom of the press",
        "General",
        "HIV - Aids",
        "Human rights defenders",
        "Human rights education and training",
        "Human rights violations by state agents",
        "Impunity",
        "Indigenous peoples",
        "Internally displaced persons",
        "International humanitarian law",
        "International instruments",
        "Justice",
        "Labour",
        "Migrants",
        "Minorities",
        "NHRI",
        "National plan of action",
        "Other",
        "Poverty",
        "Public security",
        "Racial discrimination",
        "Right to education",
        "Right to food",
        "Right to health",
        "Right to housing",
        "Right to land",
        "Right to water",
        "Rights of the Child",
        "Sexual Orientation and Gender Identity",
        "Special procedures",
        "Technical assistance and cooperation",
        "Torture and other CID treatment",
        "Trafficking",
        "Treaty bodies",
        "UPR process",
        "Women's rights",
    }
)
"""The 54 UPR Info issues met in the 2008-2014 export (sessions 1-20).

None contains a comma, but :func:`split_issues` keeps any known name that
does whole, so the vocabulary can grow.
"""

_ISSUE_KEYS: dict[str, str] = {normalise(name): name for name in ISSUES}
_MAX_ISSUE_PARTS = max(name.count(",") for name in ISSUES) + 1
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_SESSION = re.compile(r"[0-9]{1,4}")
_LONG_NUMBER = re.compile(r"\d{100}")
_GROUP_LABELS_WITHOUT_GROUP = frozenset({"observer", "unknown", ""})


def clean_text(value: str) -> str:
    """HTML entities decoded (``&#40;`` -> ``(``) and runs of whitespace made one space."""
    return " ".join(html.unescape(value).split())


@lru_cache(maxsize=16_384)
def split_issues(cell: str) -> tuple[str, ...]:
    """The UPR Info issues listed in one ``Issue`` cell, in order, without duplicates.

    The cell is split on commas; adjacent pieces are joined back when together
    they form a known issue name that contains a comma (see :data:`ISSUES`).
    Unknown names are kept as written (cleaned), as UPR Info's vocabulary grows.

    >>> split_issues("Rights of the Child,Women's rights")
    ('Rights of the Child', "Women's rights")
    """
    pieces = [clean_text(p) for p in clean_text(cell).split(",")]
    found: list[str] = []
    i = 0
    while i < len(pieces):
        taken = 1
        for size in range(min(_MAX_ISSUE_PARTS, len(pieces) - i), 1, -1):
            if normalise(",".join(pieces[i : i + size])) in _ISSUE_KEYS:
                taken = size
                break
        name = ", ".join(pieces[i : i + taken]) if taken > 1 else pieces[i]
        name = _ISSUE_KEYS.get(normalise(name), name)
        if name and name not in found:
            found.append(name)
        i += taken
    return tuple(found)


def _column_key(name: str) -> str:
    return normalise(name.strip().lstrip("\ufeff"))


_COLUMN_KEYS: dict[str, str] = {_column_key(c): c for c in COLUMNS}
_SESSIONS_KEYS: tuple[str, ...] = tuple(_column_key(c) for c in SESSIONS_COLUMNS)


def _header_map(header: Sequence[str], known: Mapping[str, str]) -> dict[str, int]:
    """Column name (canonical spelling) -> index, for the known columns of a header."""
    found: dict[str, int] = {}
    for index, name in enumerate(header):
        canonical = known.get(_column_key(name))
        if canonical is not None and canonical not in found:
            found[canonical] = index
    return found


def _require(
    found: Mapping[str, int], required: Iterable[str], where: Location, expected: Iterable[str]
) -> None:
    missing = [c for c in required if c not in found]
    if missing:
        raise DataError(
            attrs.evolve(where, field=missing[0]),
            f"missing column(s): {', '.join(missing)}; expected columns {', '.join(expected)}",
        )


def _header_score(header: Sequence[str]) -> float:
    """Sniff score of a header: exact UPR Info columns, or all required ones."""
    if tuple(h.strip().lstrip("\ufeff") for h in header) == COLUMNS:
        return Confidence.CERTAIN
    if all(c in _header_map(header, _COLUMN_KEYS) for c in REQUIRED_COLUMNS):
        return Confidence.LIKELY
    return Confidence.NONE


# -- text files ------------------------------------------------------------------


_BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16: it starts with the UTF-16 LE mark
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _marked_encoding(head: bytes) -> str | None:
    """The encoding a byte-order mark at the start of ``head`` announces, if any."""
    return next((name for mark, name in _BYTE_ORDER_MARKS if head.startswith(mark)), None)


def _utf16_without_mark(head: bytes) -> str | None:
    """``"little-endian"``/``"big-endian"`` when ``head`` looks like UTF-16 text without
    a byte-order mark (mostly Latin text: one byte of every pair is NUL)."""
    pairs = len(head) // 2
    if pairs < 4:
        return None
    even, odd = head[0 : 2 * pairs : 2].count(0), head[1 : 2 * pairs : 2].count(0)
    if odd >= pairs / 2 and even <= pairs / 50:
        return "little-endian"
    if even >= pairs / 2 and odd <= pairs / 50:
        return "big-endian"
    return None


def _encoding(source: Source) -> str:
    """The encoding of a byte-order mark (UTF-8, UTF-16, UTF-32); else ``utf-8`` for
    valid non-ASCII UTF-8, else ``mac_roman``.

    UTF-16 without a byte-order mark is refused with a :class:`DataError` saying so
    (which byte order is a guess, so the file is not read). Streams the file once
    through an incremental decoder.
    """
    head = source.head(4096)
    marked = _marked_encoding(head)
    if marked is not None:
        return marked
    order = _utf16_without_mark(head)
    if order is not None:
        raise DataError(
            source.location(line=1),
            f"the file is UTF-16 ({order}) text without a byte-order mark; UPR Info CSV"
            " files are read as UTF-8, Mac Roman, or UTF-16 with a byte-order mark: save it"
            " as UTF-8 (Excel: 'CSV UTF-8 (Comma delimited)'; or"
            f" iconv -f UTF-16{order[0].upper()}E -t UTF-8)",
        )
    decoder = codecs.getincrementaldecoder("utf-8")()
    non_ascii = False
    try:
        with source.path.open("rb") as stream:
            while chunk := stream.read(1 << 16):
                non_ascii = non_ascii or not chunk.isascii()
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "mac_roman"
    except OSError as exc:
        raise DataError(source.location(), f"cannot read file: {exc}") from None
    return "utf-8" if non_ascii else "mac_roman"


def _first_line_cells(source: Source) -> list[str]:
    """The cells of the first line of a text file (empty when it is not text)."""
    head = source.head(8192)
    marked = _marked_encoding(head)
    if marked in ("utf-16", "utf-32"):
        # a character cut at the end of the head is dropped; the first line is far shorter
        text = head.decode(marked, errors="ignore")
    elif not head or b"\x00" in head:
        return []
    else:
        text = head.removeprefix(codecs.BOM_UTF8).decode("mac_roman")
    line = _LINE_BREAK.split(text, maxsplit=1)[0]
    try:
        return next(csv.reader([line]), [])
    except csv.Error:
        return []


@attrs.frozen
class _CsvRecord:
    """One CSV record: where it starts, its table row number and its cells by column."""

    location: Location
    row: int
    cells: dict[str, str]


def _csv_records(
    source: Source, sink: ImportSink, known: Mapping[str, str], required: Sequence[str]
) -> Iterator[_CsvRecord]:
    """Stream the records of a CSV file, rejecting malformed ones in ``sink``.

    Raises :class:`DataError` for an empty file or a header without the
    required columns. Empty lines are skipped (they hold no row).
    """
    encoding = _encoding(source)
    allow_large_csv_cells()
    try:
        with source.path.open(encoding=encoding, newline="") as stream:
            reader = csv.reader(stream)
            try:
                header = next(reader)
            except StopIteration:
                raise DataError(source.location(line=1), "empty file: no header row") from None
            except csv.Error as exc:
                raise DataError(source.location(line=1), f"unreadable header: {exc}") from None
            columns = _header_map(header, known)
            _require(columns, required, source.location(line=1), known.values())
            row = 1
            while True:
                start = reader.line_num + 1
                try:
                    cells = next(reader)
                except StopIteration:
                    return
                except csv.Error as exc:
                    row += 1
                    sink.reject(source.location(line=start), f"malformed CSV record: {exc}")
                    continue
                row += 1
                if not cells:
                    continue
                where = source.location(line=start)
                if len(cells) != len(header):
                    field = header[len(cells)] if len(cells) < len(header) else None
                    sink.reject(
                        attrs.evolve(where, field=field),
                        f"{len(cells)} cells where the header has {len(header)} columns",
                    )
                    continue
                yield _CsvRecord(where, row, {c: cells[i] for c, i in columns.items()})
    except UnicodeDecodeError as exc:
        raise DataError(source.location(), f"not {encoding} text: {exc}") from None
    except OSError as exc:
        raise DataError(source.location(), f"cannot read file: {exc}") from None


# -- row mapping ----------------------------------------------------------------


def _field(where: Location, name: str) -> Location:
    return attrs.evolve(where, field=name)


def _state(value: str, where: Location, name: str) -> str:
    try:
        return states.resolve(value).code
    except UnknownNameError as exc:
        raise DataError(_field(where, name), str(exc)) from None


def _session(value: str, where: Location) -> int:
    text = value.strip()
    if text.endswith(".0"):  # a spreadsheet number written as float text
        text = text[:-2]
    if not _SESSION.fullmatch(text):
        raise DataError(_field(where, "Session"), f"not a Working Group session number: {value!r}")
    return int(text)


def _action(value: str, where: Location) -> ActionCategory:
    if _LONG_NUMBER.search(value):  # int() refuses numbers of over 4300 digits
        raise DataError(_field(where, "Action"), f"not an action category: {value[:40]!r}...")
    try:
        return ActionCategory.parse(value)
    except UnknownNameError as exc:
        raise DataError(_field(where, "Action"), str(exc)) from None


def _review(state: str, session: int, where: Location) -> Review:
    try:
        return Review.upr(state, session)
    except UnknownNameError as exc:
        raise DataError(_field(where, "Session"), str(exc)) from None


@lru_cache(maxsize=4_096)
def _group_mismatch(label: str, state: str) -> str | None:
    """The state's own group (or "no regional group") when a regional-group
    label names another group; ``None`` when it agrees or is no group label."""
    label = clean_text(label)
    if normalise(label) in _GROUP_LABELS_WITHOUT_GROUP:
        return None
    try:
        group = states.RegionalGroup.parse(label)
    except UnknownNameError:
        return None
    own = states.get(state).regional_group
    if group is own:
        return None
    return own.value if own is not None else "no regional group"


class _RowMapper:
    """Turns the cells of UPR Info rows of one file into records in a sink."""

    def __init__(self, source: Source, sink: ImportSink) -> None:
        self.file = source.path.name
        self.sink = sink
        self._reviews: set[str] = set()
        self._pledges: dict[str, Location] = {}
        self._group_conflicts: set[tuple[str, str, str]] = set()

    def provenance(self, row: int, sheet: str | None = None) -> FieldSource:
        """Where a row was read: the file and row (with the sheet when a workbook has several)."""
        return self.sink.cite(Location(self.file, row=row, sheet=sheet))

    def add(self, cells: Mapping[str, str], where: Location, source: FieldSource) -> None:
        """Add or reject one row (exactly one call to the sink)."""
        with self.sink.row(where):
            record, review, conflicts = self._build(cells, where, source)
            if isinstance(record, VoluntaryPledge):
                first = self._pledges.get(record.id)
                if first is not None:
                    raise DataError(
                        _field(where, "Text"),
                        f"duplicate voluntary pledge: same state, session and text as {first}",
                    )
                self._pledges[record.id] = where
            if review.id not in self._reviews:
                self._reviews.add(review.id)
                self.sink.add_review(review)
            self.sink.add(record, where)
            for conflict in conflicts:
                self.sink.add_conflict(conflict)

    def _build(
        self, cells: Mapping[str, str], where: Location, source: FieldSource
    ) -> tuple[Recommendation | VoluntaryPledge, Review, list[Conflict]]:
        state = _state(clean_text(cells["To"]), where, "To")
        text = clean_text(cells["Text"])
        if not text:
            raise DataError(_field(where, "Text"), "empty recommendation text")
        review = _review(state, _session(cells["Session"], where), where)
        raw_response = clean_text(cells["Response"])
        themes = split_issues(cells["Issue"])
        rec_id = recommendation_id(symbol=None, paragraph=None, review=review.id, text=text)
        conflicts = self._group_conflicts_of(rec_id, cells, "To-Rgrp", state, source)
        if normalise(raw_response) == normalise(PLEDGE_LABEL):
            pledge_fields = ("text", "state", "session", "themes")
            return (
                VoluntaryPledge(
                    id=rec_id,
                    text=text,
                    review=review.id,
                    state=state,
                    cycle=review.cycle,
                    session=review.session,
                    themes=tuple(sorted(themes)),
                    provenance=(source.with_fields(pledge_fields),),
                ),
                review,
                conflicts,
            )
        sender = clean_text(cells["From"])
        senders: tuple[str, ...] = ()
        if sender != UNKNOWN_SENDER:
            senders = (_state(sender, where, "From"),)
            conflicts += self._group_conflicts_of(rec_id, cells, "From-Rgrp", senders[0], source)
        response = None
        if raw_response:
            try:
                response = Response.parse(raw_response, source=str(source))
            except UnknownNameError as exc:
                raise DataError(_field(where, "Response"), str(exc)) from None
        action = None
        raw_action = clean_text(cells["Action"])
        if raw_action:
            action = _action(raw_action, where)
        fields = ["text", "state_under_review", "session", "recommending_states", "themes"]
        fields += ["response"] if response is not None else []
        fields += ["action_category"] if action is not None else []
        return (
            Recommendation(
                id=rec_id,
                text=text,
                review=review.id,
                mechanism=review.mechanism,
                state_under_review=state,
                cycle=review.cycle,
                session=review.session,
                recommending_states=senders,
                response=response,
                action_category=action,
                themes=themes,
                provenance=(source.with_fields(fields),),
            ),
            review,
            conflicts,
        )

    def _group_conflicts_of(
        self, record: str, cells: Mapping[str, str], column: str, state: str, source: FieldSource
    ) -> list[Conflict]:
        """A conflict when a regional-group label names another group than the state's."""
        label = cells.get(column, "")
        known = _group_mismatch(label, state)
        if known is None:
            return []
        label = clean_text(label)
        key = (record, column, label)
        if key in self._group_conflicts:
            return []
        self._group_conflicts.add(key)
        return [
            Conflict(
                record,
                column,
                (
                    ConflictValue(label, (source.with_fields((column,)),)),
                    ConflictValue(f"{state}: {known}", (FieldSource("upr.states"),)),
                ),
                ConflictKind.SOURCE,
            )
        ]


# -- importers --------------------------------------------------------------------


class UprInfoCsvImporter(Importer):
    """The UPR Info CSV export (recommendations and voluntary pledges)."""

    name = "uprinfo-csv"
    description = "UPR Info database export, CSV (To,To-Rgrp,...,Issue,Session; Mac Roman, CR)"
    extensions = (".csv",)

    def sniff(self, source: Source) -> float:
        """Certain when the first line is the UPR Info header; likely when it has
        the required columns in another order."""
        return _header_score(_first_line_cells(source))

    def read(self, source: Source, sink: ImportSink) -> None:
        """One record per row: recommendation (merged across senders) or pledge."""
        mapper = _RowMapper(source, sink)
        for record in _csv_records(source, sink, _COLUMN_KEYS, REQUIRED_COLUMNS):
            mapper.add(record.cells, record.location, mapper.provenance(record.row))


def _cell_text(value: object) -> str:
    """A spreadsheet value as the text a CSV export would hold."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)


def _blank(values: Sequence[object]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def _sheet_headers(workbook: Any, source: Source) -> list[tuple[Any, list[str]]]:
    """Every worksheet of an open workbook with the text of its first row."""
    found: list[tuple[Any, list[str]]] = []
    for sheet in workbook.worksheets:
        if not hasattr(sheet, "iter_rows"):
            continue
        first = next(sheet_rows(sheet, source), None)
        found.append((sheet, [_cell_text(v) for v in first[1]] if first else []))
    return found


class UprInfoXlsxImporter(Importer):
    """UPR Info export columns in an Excel workbook (old and current labels)."""

    name = "uprinfo-xlsx"
    description = "UPR Info database export, XLSX (same columns as uprinfo-csv)"
    extensions = (".xlsx",)

    def sniff(self, source: Source) -> float:
        """Certain when a sheet's first row is the UPR Info header (reads first rows only)."""
        if source.suffix not in self.extensions or not source.head(4).startswith(b"PK"):
            return Confidence.NONE
        try:
            with open_workbook(source) as workbook:
                headers = _sheet_headers(workbook, source)
        except DataError:
            return Confidence.NONE
        return max((_header_score(h) for _, h in headers), default=Confidence.NONE)

    def read(self, source: Source, sink: ImportSink) -> None:
        """Every sheet whose first row has the required columns; one record per row."""
        with open_workbook(source) as workbook:
            headers = _sheet_headers(workbook, source)
            sheets = []
            for sheet, header in headers:
                columns = _header_map(header, _COLUMN_KEYS)
                if all(c in columns for c in REQUIRED_COLUMNS):
                    sheets.append((sheet, columns))
            if not sheets:
                title = headers[0][0].title if headers else None
                _require({}, REQUIRED_COLUMNS, source.location(sheet=title, row=1), COLUMNS)
            mapper = _RowMapper(source, sink)
            several = len(sheets) > 1
            for sheet, columns in sheets:
                for number, values in sheet_rows(sheet, source):
                    if number == 1 or _blank(values):
                        continue  # the header, or an empty formatted row
                    cells = {
                        c: _cell_text(values[i]) if i < len(values) else ""
                        for c, i in columns.items()
                    }
                    where = source.location(sheet=sheet.title, row=number)
                    source_label = mapper.provenance(number, sheet.title if several else None)
                    mapper.add(cells, where, source_label)


class UprInfoSessionsImporter(Importer):
    """UPR Info ``sessions.csv``: which state was reviewed at which session."""

    name = "uprinfo-sessions"
    description = 'UPR Info review list, CSV ("","To","To_COW","Session"): one review per row'
    extensions = (".csv",)

    def sniff(self, source: Source) -> float:
        """Certain when the first line is exactly ``"","To","To_COW","Session"``."""
        cells = _first_line_cells(source)
        if tuple(_column_key(c) for c in cells) == _SESSIONS_KEYS:
            return Confidence.CERTAIN
        return Confidence.NONE

    def read(self, source: Source, sink: ImportSink) -> None:
        """Each row is one UPR review (``UPR-<state>-<cycle>``), counted as a row."""
        known = {_column_key(c): c for c in SESSIONS_COLUMNS if c}
        for record in _csv_records(source, sink, known, ("To", "Session")):
            where = record.location
            with sink.row(where):
                state = _state(clean_text(record.cells["To"]), where, "To")
                review = _review(state, _session(record.cells["Session"], where), where)
                sink.add_review(review, where)


@upr.hookimpl
def upr_register_importers(register: upr.hookspecs.Register[Importer]) -> None:
    """The UPR Info importers."""
    register(UprInfoCsvImporter())
    register(UprInfoXlsxImporter())
    register(UprInfoSessionsImporter())


__all__ = [
    "COLUMNS",
    "ISSUES",
    "PLEDGE_LABEL",
    "REQUIRED_COLUMNS",
    "SESSIONS_COLUMNS",
    "UNKNOWN_SENDER",
    "UprInfoCsvImporter",
    "UprInfoSessionsImporter",
    "UprInfoXlsxImporter",
    "clean_text",
    "split_issues",
]
