"""Tracking sheets: the spreadsheet national offices keep to track recommendations.

One importer and one exporter, both named ``tracking-sheet``, for XLSX
workbooks and for CSV files holding the tracking table alone. ``upr tracking
template`` writes a workbook prefilled with a review's recommendations; the
same layout reads back (``docs/tracking.md`` documents it for users).

The workbook
    Sheet ``tracking`` (first sheet): one row per recommendation x agency, the
    header in row 1 (:data:`TRACKING_COLUMNS`)::

        review | recommendation id | recommendation | agency | role | group |
        action | status | date | assessor | assessor kind | source | note

    Required columns: :data:`REQUIRED_TRACKING`; columns are found by name, in
    any order. Optional sheets, read when present:

    * ``recommendations`` (:data:`RECOMMENDATION_COLUMNS`): the review's
      recommendations as the template copied them. Each row becomes a
      :class:`~upr.model.recommendations.Recommendation` (id, text, review, symbol,
      paragraph, recommending states, response; mechanism, state and cycle from
      the review id) with provenance ``tracking-sheet:<file>, sheet
      'recommendations', row N``, and the tracking rows' ids are checked
      against them. A sheet with a header and no rows does not restrict the ids.
    * ``agencies`` (:data:`AGENCY_COLUMNS`): each row becomes an
      :class:`~upr.model.tracking.Agency`; tracking rows may then name an agency by
      id, name or alias (matched with :func:`upr.model.tracking.label_key`). Without
      this sheet the agency cell is the agency id, verbatim.
    * ``plans`` (:data:`PLAN_COLUMNS`): one row per review, the
      :class:`~upr.model.tracking.ImplementationPlan`'s id, title, state, adoption
      date and source. Without it, each review's plan is
      ``ImplementationPlan("<review>/tracking", state, review, "Tracking sheet
      for <review>")``.
    * ``read me``: explanations for people; not read.

Row mapping (``tracking``)
    * ``recommendation id`` is required on every filled row. ``review``
      (``UPR-VNM-2``) too, unless the workbook names a single review (sheet
      ``plans`` or ``recommendations``), which is then the default.
    * ``agency`` + ``role`` (``lead`` / ``supporting``) + optional ``group``
      (thematic group) make an :class:`~upr.model.tracking.Assignment` of the
      review's plan. A role or group without an agency, or an agency with
      neither a role nor an action, is an error. The same recommendation and
      agency may appear on several rows (one per update) with the same role
      and group.
    * ``action``: free text; rows of one review with the same action (after
      normalisation) make one :class:`~upr.model.tracking.Action` whose agencies and
      recommendations are those of its rows; id ``<review>/action-<hash>``.
    * ``status`` + ``date`` + ``assessor`` (+ ``assessor kind``, default
      government; ``note``) make an :class:`~upr.model.tracking.Assessment`. The
      status is a label (:data:`upr.model.tracking.STATUS_LABELS`) or a treaty-body
      follow-up grade (``B1``: status mapped, grade kept verbatim). Dates are
      date cells, ``YYYY-MM-DD`` or ``DD/MM/YYYY``.
    * ``source``: the assessment's source when the row has a status, else the
      action's (an action's sources are joined with ``"; "``).
    * ``recommendation``: the text, for people; when the ``recommendations``
      sheet is present it must match the id's text (normalised).

Bad rows (each rejected with sheet, row, column and reason; the rest of the
row is not used): unknown recommendation id (not in the ``recommendations``
sheet), unknown review, agency, role, status, assessor kind; a date that is
not a date or is in the future; a status without date or assessor, a date,
assessor or note without status; a second lead agency for one recommendation
(``duplicate lead agency``); a role or group contradicting an earlier row for
the same recommendation and agency; the same assessor giving another status
on the same date; filled cells beyond the last named column (any sheet). In
the other sheets: missing required cells, duplicate ids or reviews, unknown
states, agency kinds, parent agencies, responses, review ids. Records keep
their row in ``provenance`` (``tracking-sheet:<file>, sheet 'tracking', row 7``).

What is not a row: the header (row 1) of each sheet; rows whose cells are all
empty; *unfilled template rows*, whose only filled cells are ``review``,
``recommendation id`` and ``recommendation`` (the template writes one per
recommendation; they record nothing). The ``read me`` sheet.

Accounting
    Each tracking row is handed to the sink as its review's plan (created at
    the first row when there is no ``plans`` sheet, otherwise merged into the
    plan row); rows of the other sheets as the record they describe. A tracking
    row also yields an action and an assessment: these are side records
    (``sink.add_side``), not counted as rows, so ``rows_read`` is the number of
    data rows in the sheets.

The exporter writes the same layout from a dataset: its recommendations (one
unfilled row each when nothing tracks them), plans, agencies, actions and
assessments. An action's dates, indicator and outcome and a plan's metadata
(CSV) have no column and are not written.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs
import openpyxl

import upr
from upr import states
from upr.errors import DataError, Location, UnknownNameError, UprError
from upr.io import tables
from upr.io.importing import (
    Confidence,
    Importer,
    ImportSink,
    Source,
    allow_large_csv_cells,
    check_archive,
)
from upr.io.safety import restore_cell
from upr.io.spreadsheets import open_workbook, sheet_rows
from upr.model.provenance import FieldSource
from upr.model.recommendations import Recommendation, Response
from upr.model.tracking import (
    FOLLOW_UP_GRADES,
    Action,
    Agency,
    AgencyKind,
    Assessment,
    AssessorKind,
    Assignment,
    AssignmentRole,
    ImplementationPlan,
    ImplementationStatus,
    label_key,
    parse_status_or_grade,
)
from upr.names import closest, normalise

FORMAT = "tracking-sheet"

TRACKING = "tracking"
RECOMMENDATIONS = "recommendations"
AGENCIES = "agencies"
PLANS = "plans"
README = "read me"

TRACKING_COLUMNS: tuple[str, ...] = (
    "review",
    "recommendation id",
    "recommendation",
    "agency",
    "role",
    "group",
    "action",
    "status",
    "date",
    "assessor",
    "assessor kind",
    "source",
    "note",
)
REQUIRED_TRACKING: tuple[str, ...] = (
    "review",
    "recommendation id",
    "agency",
    "role",
    "status",
    "date",
    "assessor",
)
RECOMMENDATION_COLUMNS: tuple[str, ...] = (
    "review",
    "recommendation id",
    "symbol",
    "paragraph",
    "recommendation",
    "recommending states",
    "response",
)
REQUIRED_RECOMMENDATION: tuple[str, ...] = ("review", "recommendation id", "recommendation")
AGENCY_COLUMNS: tuple[str, ...] = ("agency id", "name", "state", "kind", "parent", "aliases")
REQUIRED_AGENCY: tuple[str, ...] = ("agency id", "name", "state")
PLAN_COLUMNS: tuple[str, ...] = ("review", "plan id", "title", "state", "adopted", "source")
REQUIRED_PLAN: tuple[str, ...] = ("review", "plan id", "title")

_TEMPLATE_CELLS = frozenset({"review", "recommendation id", "recommendation"})
_WHITESPACE = re.compile(r"\s+")
_REVIEW = re.compile(r"(?P<mechanism>[A-Z][A-Za-z0-9-]*?)-(?P<state>[A-Z]{3})-(?P<cycle>\d{1,2})")
_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
LIST_SEPARATOR = "; "


class _RowError(UprError):
    """A bad cell: the column and the reason (the row is added by the caller)."""

    def __init__(self, field: str | None, reason: str) -> None:
        self.field = field
        self.reason = reason
        super().__init__(reason)


def _text(value: Any) -> str:
    """A cell as whitespace-normalised text (``""`` when empty)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    return _WHITESPACE.sub(" ", str(value)).strip()


def parse_date(value: Any, field: str = "date") -> dt.date | None:
    """A date cell: a date, ``YYYY-MM-DD`` or ``DD/MM/YYYY`` (``None`` when empty)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool | int | float):
        raise _RowError(field, f"{value!r} is a number, not a date: write YYYY-MM-DD")
    text = str(value).strip()
    dmy = _DMY.fullmatch(text)
    try:
        if dmy is not None:
            day, month, year = (int(p) for p in dmy.groups())
            return dt.date(year, month, day)
        return dt.date.fromisoformat(text[:10] if len(text) > 10 and text[10] in "T " else text)
    except ValueError:
        raise _RowError(
            field, f"{text[:40]!r} is not a date: write YYYY-MM-DD or DD/MM/YYYY"
        ) from None


def parse_review(text: str, field: str = "review") -> tuple[str, str, int]:
    """``"UPR-VNM-2"`` -> ``("UPR", "VNM", 2)``."""
    match = _REVIEW.fullmatch(text)
    if match is None:
        raise _RowError(field, f"{text[:40]!r} is not a review id such as UPR-VNM-2")
    return match["mechanism"], match["state"], int(match["cycle"])


def _role(text: str) -> AssignmentRole:
    try:
        return AssignmentRole(normalise(text))
    except ValueError:
        raise _RowError(
            "role", f"unknown role {text[:40]!r}; expected lead or supporting"
        ) from None


_ASSESSOR_KINDS: dict[str, AssessorKind] = {
    **{normalise(k.value): k for k in AssessorKind},
    **{normalise(k.name): k for k in AssessorKind},
    "nhri": AssessorKind.NHRI,
    "ngo": AssessorKind.NGO,
    "un": AssessorKind.UN_BODY,
}


def _assessor_kind(text: str) -> AssessorKind:
    kind = _ASSESSOR_KINDS.get(normalise(text))
    if kind is None:
        allowed = ", ".join(k.value for k in AssessorKind)
        raise _RowError(
            "assessor kind", f"unknown assessor kind {text[:40]!r}; expected one of {allowed}"
        )
    return kind


def _agency_kind(text: str) -> AgencyKind:
    key = normalise(text)
    for kind in AgencyKind:
        if key in (normalise(kind.value), normalise(kind.name)) or (
            kind is AgencyKind.NHRI and key == "nhri"
        ):
            return kind
    allowed = ", ".join(k.value for k in AgencyKind)
    raise _RowError("kind", f"unknown agency kind {text[:40]!r}; expected one of {allowed}")


def _state(text: str, field: str = "state") -> str:
    try:
        return states.resolve(text).code
    except UnknownNameError as exc:
        raise _RowError(field, str(exc)) from None


# -- reading: tables ----------------------------------------------------------------------


@attrs.frozen
class _Row:
    """One data row: where it is and its cells by column name."""

    where: Location
    number: int
    cells: dict[str, Any]
    problem: str | None = None  # a row that cannot be keyed (cells beyond the header)

    def text(self, column: str) -> str:
        return _text(self.cells.get(column))

    def at(self, field: str | None) -> Location:
        return attrs.evolve(self.where, field=field)


@attrs.frozen
class _Table:
    """A sheet (or CSV file) as rows keyed by header names."""

    name: str
    rows: tuple[_Row, ...]


def _keyed(
    header: Sequence[Any],
    body: Iterable[tuple[int, Sequence[Any]]],
    where: Callable[..., Location],
    required: Sequence[str],
    sheet: str,
) -> tuple[_Row, ...]:
    """Rows keyed by the header; a row with stray cells beyond the header carries a problem."""
    columns: dict[str, int] = {}
    for index, value in enumerate(header):
        name = _text(value).lower().lstrip("\ufeff")
        if name:
            columns.setdefault(name, index)
    missing = [c for c in required if c not in columns]
    if missing:
        raise DataError(
            where(1, missing[0]),
            f"sheet {sheet!r}: missing column(s) {', '.join(missing)}; a tracking sheet has"
            f" {' | '.join(_columns_of(sheet))}",
        )
    width = max(columns.values(), default=-1) + 1
    rows: list[_Row] = []
    for number, values in body:
        if all(_text(v) == "" for v in values):
            continue
        extra = [v for v in values[width:] if _text(v) != ""]
        if extra:
            reason = (
                f"{len(extra)} filled cell(s) beyond the last named column:"
                f" {_text(extra[0])[:40]!r}"
            )
            rows.append(_Row(where(number, None), number, {}, reason))
            continue
        cells = {name: values[i] if i < len(values) else None for name, i in columns.items()}
        rows.append(_Row(where(number, None), number, cells))
    return tuple(rows)


def _columns_of(sheet: str) -> tuple[str, ...]:
    return {
        TRACKING: TRACKING_COLUMNS,
        RECOMMENDATIONS: RECOMMENDATION_COLUMNS,
        AGENCIES: AGENCY_COLUMNS,
        PLANS: PLAN_COLUMNS,
    }.get(sheet, TRACKING_COLUMNS)


_REQUIRED = {
    TRACKING: REQUIRED_TRACKING,
    RECOMMENDATIONS: REQUIRED_RECOMMENDATION,
    AGENCIES: REQUIRED_AGENCY,
    PLANS: REQUIRED_PLAN,
}


def _xlsx_tables(source: Source) -> dict[str, _Table]:
    with open_workbook(source) as workbook:
        return _workbook_tables(source, workbook)


def _workbook_tables(source: Source, workbook: Any) -> dict[str, _Table]:
    tables: dict[str, _Table] = {}
    names = {str(n).strip().lower(): str(n) for n in workbook.sheetnames}
    if TRACKING not in names:
        raise DataError(
            source.location(field="sheet"),
            f"no sheet named {TRACKING!r} (sheets: {', '.join(workbook.sheetnames)[:200]})",
        )
    for key in (PLANS, AGENCIES, RECOMMENDATIONS, TRACKING):
        if key not in names:
            continue
        title = names[key]
        rows = sheet_rows(workbook[title], source)
        first = next(rows, None)
        if first is None:
            raise DataError(
                source.location(sheet=title, row=1), f"sheet {title!r} is empty: no header"
            )

        def where(number: int, field: str | None, title: str = title) -> Location:
            return source.location(sheet=title, row=number, field=field)

        tables[key] = _Table(title, _keyed(first[1], rows, where, _REQUIRED[key], key))
    return tables


def _csv_tables(source: Source) -> dict[str, _Table]:
    def where(number: int, field: str | None) -> Location:
        return source.location(line=number, field=field)

    allow_large_csv_cells()
    try:
        with source.path.open(encoding="utf-8-sig", newline="") as stream:
            reader = csv.reader(stream)
            header = next(reader, None)
            if header is None:
                raise DataError(source.location(line=1), "empty file: no header line")

            def body() -> Iterator[tuple[int, list[str]]]:
                # undo the exporter's formula-injection escape (upr.io.safety)
                for values in reader:
                    yield reader.line_num, [restore_cell(v) for v in values]

            keyed = _keyed(header, body(), where, REQUIRED_TRACKING, TRACKING)
    except UnicodeDecodeError as exc:
        raise DataError(source.location(), f"not UTF-8 text: {exc}") from None
    except csv.Error as exc:
        raise DataError(source.location(), f"malformed CSV: {exc}") from None
    return {TRACKING: _Table(TRACKING, keyed)}


# -- reading: rows to records ---------------------------------------------------------------


@attrs.define
class _Line:
    """The outcome of one row, handed to the sink once every sheet is read."""

    where: Location
    problem: tuple[Location, str] | None = None
    record: Any = None  # the row's record; for tracking rows, the review's plan
    review: str | None = None
    extras: list[Any] = attrs.field(factory=list)


@attrs.define
class _Pending:
    """An assignment, action or assessment being gathered from tracking rows."""

    assignments: dict[tuple[str, str, str], dict[str, Any]] = attrs.field(factory=dict)
    leads: dict[tuple[str, str], tuple[str, int]] = attrs.field(factory=dict)
    actions: dict[tuple[str, str], dict[str, Any]] = attrs.field(factory=dict)
    verdicts: dict[tuple[str, str, dt.date], tuple[Assessment, int]] = attrs.field(factory=dict)
    assessments: dict[Assessment, Assessment] = attrs.field(factory=dict)


class _Reader:
    """Reads the tables of one file into lines and records (two passes)."""

    def __init__(self, source: Source, tables: dict[str, _Table]) -> None:
        self.source = source
        self.file = Path(source.name).name
        self.tables = tables
        self.today = dt.date.today()
        self.plans: dict[str, tuple[ImplementationPlan, int]] = {}
        self.agencies: dict[str, tuple[Agency, int]] = {}
        self.agency_keys: dict[str, str] = {}
        self.recs: dict[str, tuple[Recommendation, int]] = {}
        self.pending = _Pending()
        self.lines: list[_Line] = []
        self._assessment_lines: dict[int, Assessment] = {}

    def provenance(self, where: Location) -> str:
        """``tracking-sheet:<file name>, sheet 'tracking', row 7``."""
        return f"{FORMAT}:{attrs.evolve(where, file=self.file)}"

    def run(self) -> list[_Line]:
        for key, method in (
            (PLANS, self._plan),
            (AGENCIES, self._agency),
            (RECOMMENDATIONS, self._recommendation),
        ):
            table = self.tables.get(key)
            for row in table.rows if table else ():
                self._guard(row, method)
        self._check_parents()
        tracking = self.tables[TRACKING]
        for row in tracking.rows:
            self._guard(row, self._tracking)
        self._finish()
        return self.lines

    def _guard(self, row: _Row, method: Callable[[_Row], _Line | None]) -> None:
        if row.problem is not None:
            self.lines.append(_Line(row.where, (row.where, row.problem)))
            return
        try:
            line = method(row)
        except _RowError as exc:
            line = _Line(row.where, (row.at(exc.field), exc.reason))
        except DataError as exc:
            line = _Line(row.where, (exc.location, exc.reason))
        except UprError as exc:
            line = _Line(row.where, (row.where, str(exc)))
        if line is not None:
            self.lines.append(line)

    # -- plans, agencies, recommendations ----------------------------------------------

    def _plan(self, row: _Row) -> _Line:
        review = _required(row, "review")
        _, code, _ = parse_review(review)
        if review in self.plans:
            raise _RowError(
                "review", f"one plan per review: {review} is already in row {self.plans[review][1]}"
            )
        state = _state(row.text("state")) if row.text("state") else code
        plan = ImplementationPlan(
            _required(row, "plan id"),
            state,
            review,
            _required(row, "title"),
            parse_date(row.cells.get("adopted"), "adopted"),
            row.text("source") or None,
        )
        self.plans[review] = (plan, row.number)
        return _Line(row.where, review=review)

    def _agency(self, row: _Row) -> _Line:
        agency_id = _required(row, "agency id")
        if agency_id in self.agencies:
            raise _RowError(
                "agency id",
                f"duplicate agency id {agency_id!r} (row {self.agencies[agency_id][1]})",
            )
        kind = _agency_kind(row.text("kind")) if row.text("kind") else AgencyKind.OTHER
        aliases = tuple(a.strip() for a in row.text("aliases").split(";") if a.strip())
        agency = Agency(
            agency_id,
            _required(row, "name"),
            _state(_required(row, "state")),
            kind,
            row.text("parent") or None,
            aliases,
        )
        self.agencies[agency_id] = (agency, row.number)
        return _Line(row.where, record=agency)

    def _check_parents(self) -> None:
        for line in self.lines:
            agency = line.record
            if isinstance(agency, Agency) and agency.parent and agency.parent not in self.agencies:
                line.problem = (
                    attrs.evolve(line.where, field="parent"),
                    f"unknown parent agency {agency.parent!r}: not an agency id of this sheet",
                )
                line.record = None
                del self.agencies[agency.id]
        self.agency_keys = {
            label_key(key): agency.id
            for agency, _ in reversed(self.agencies.values())
            for key in (agency.name, *agency.aliases)
        }

    def _recommendation(self, row: _Row) -> _Line:
        review = _required(row, "review")
        mechanism, code, cycle = parse_review(review)
        rec_id = _required(row, "recommendation id")
        if rec_id in self.recs:
            raise _RowError(
                "recommendation id",
                f"duplicate recommendation id {rec_id!r} (row {self.recs[rec_id][1]})",
            )
        where = self.provenance(row.where)
        recommending = []
        for name in re.split(r"[;,]", row.text("recommending states")):
            if name.strip():
                recommending.append(_state(name.strip(), "recommending states"))
        response = None
        if row.text("response"):
            try:
                response = Response.parse(row.text("response"), where)
            except UnknownNameError as exc:
                raise _RowError("response", str(exc)) from None
        rec = Recommendation(
            id=rec_id,
            text=_required(row, "recommendation"),
            review=review,
            mechanism=mechanism,
            state_under_review=code,
            cycle=cycle,
            recommending_states=tuple(recommending),
            response=response,
            symbol=row.text("symbol") or None,
            paragraph=row.text("paragraph") or None,
            provenance=(FieldSource(FORMAT, attrs.evolve(row.where, file=self.file, field=None)),),
        )
        self.recs[rec_id] = (rec, row.number)
        return _Line(row.where, record=rec)

    # -- tracking rows -------------------------------------------------------------------

    def _default_review(self) -> str | None:
        reviews = set(self.plans) | {r.review for r, _ in self.recs.values()}
        return reviews.pop() if len(reviews) == 1 else None

    def _agency_id(self, text: str) -> str:
        if not self.agencies:
            return text
        if text in self.agencies:
            return text
        found = self.agency_keys.get(label_key(text))
        if found is None:
            names = [a.name for a, _ in self.agencies.values()]
            hint = closest(text, [*self.agencies, *names])
            raise _RowError(
                "agency",
                f"unknown agency {text[:60]!r}: not an id, name or alias in sheet 'agencies'"
                + (f"; closest: {', '.join(hint)}" if hint else ""),
            )
        return found

    def _tracking(self, row: _Row) -> _Line | None:
        cells = {c: row.text(c) for c in TRACKING_COLUMNS}
        if not any(v for c, v in cells.items() if c not in _TEMPLATE_CELLS):
            return None  # an unfilled template row (or only an id): records nothing
        rec_id = cells["recommendation id"]
        if not rec_id:
            raise _RowError(
                "recommendation id", "missing: a filled row needs the recommendation id"
            )
        review = cells["review"] or self._default_review()
        if not review:
            raise _RowError("review", "missing: give the review id, e.g. UPR-VNM-2")
        parse_review(review)
        if PLANS in self.tables and review not in self.plans:
            raise _RowError("review", f"review {review!r} has no row in sheet 'plans'")
        if self.recs or (RECOMMENDATIONS in self.tables and self.tables[RECOMMENDATIONS].rows):
            known = self.recs.get(rec_id)
            if known is None:
                hint = closest(rec_id, list(self.recs))
                raise _RowError(
                    "recommendation id",
                    f"unknown recommendation id {rec_id[:60]!r}: not in sheet 'recommendations'"
                    + (f"; closest: {', '.join(hint)}" if hint else ""),
                )
            if known[0].review != review:
                raise _RowError(
                    "review",
                    f"{rec_id} belongs to {known[0].review} (sheet 'recommendations' row"
                    f" {known[1]}), not {review}",
                )
            if cells["recommendation"] and normalise(cells["recommendation"]) != known[0].text_key:
                raise _RowError(
                    "recommendation",
                    f"the text differs from {rec_id} in sheet 'recommendations' row {known[1]}:"
                    " check the id",
                )
        agency = self._agency_id(cells["agency"]) if cells["agency"] else None
        role = _role(cells["role"]) if cells["role"] else None
        if role is not None and agency is None:
            raise _RowError("role", "a role needs an agency")
        if cells["group"] and role is None:
            raise _RowError(
                "group", "a thematic group belongs to an assignment: give agency and role"
            )
        if agency is not None and role is None and not cells["action"]:
            raise _RowError("role", "an agency needs a role (lead or supporting) or an action")
        status: ImplementationStatus | None = None
        grade = None
        if cells["status"]:
            try:
                status, grade = parse_status_or_grade(cells["status"])
            except UnknownNameError as exc:
                raise _RowError("status", str(exc)) from None
        date = parse_date(row.cells.get("date"))
        if date is not None and date > self.today:
            raise _RowError(
                "date", f"{date.isoformat()} is in the future (today is {self.today.isoformat()})"
            )
        if status is None:
            for column in ("date", "assessor", "assessor kind", "note"):
                if cells[column]:
                    raise _RowError(column, f"{column} without a status: give the status too")
            if cells["source"] and not cells["action"]:
                raise _RowError("source", "a source belongs to a status or an action")
        else:
            if date is None:
                raise _RowError("date", "a status needs the date it was assessed")
            if not cells["assessor"]:
                raise _RowError("assessor", "a status needs the assessor who gave it")
        kind = (
            _assessor_kind(cells["assessor kind"])
            if cells["assessor kind"]
            else AssessorKind.GOVERNMENT
        )
        assessment = None
        if status is not None and date is not None:
            assessment = Assessment(
                rec_id,
                date,
                cells["assessor"],
                status,
                kind,
                grade,
                cells["source"] or None,
                cells["note"] or None,
                provenance=self.provenance(row.where),
            )
        self._check_and_keep(row, review, rec_id, agency, role, cells, assessment)
        return _Line(row.where, review=review)

    def _check_and_keep(
        self,
        row: _Row,
        review: str,
        rec_id: str,
        agency: str | None,
        role: AssignmentRole | None,
        cells: dict[str, str],
        assessment: Assessment | None,
    ) -> None:
        """Cross-row checks; only a row that passes all of them changes the state."""
        pending = self.pending
        group = cells["group"] or None
        key = (review, rec_id, agency or "")
        known = pending.assignments.get(key) if role is not None else None
        if role is not None and agency is not None:
            if known is not None and known["role"] is not role:
                raise _RowError(
                    "role",
                    f"{agency} is {known['role'].value} for {rec_id} in row {known['row']}, not"
                    f" {role.value}",
                )
            if known is not None and group and known["group"] and known["group"] != group:
                raise _RowError(
                    "group",
                    f"{agency} works on {rec_id} in group {known['group']!r} (row {known['row']})",
                )
            lead = pending.leads.get((review, rec_id))
            if role is AssignmentRole.LEAD and lead is not None and lead[0] != agency:
                raise _RowError(
                    "role",
                    f"duplicate lead agency: {rec_id} already has lead agency {lead[0]}"
                    f" (row {lead[1]})",
                )
        if assessment is not None:
            verdict = pending.verdicts.get((rec_id, assessment.assessor, assessment.date))
            if verdict is not None and (verdict[0].status, verdict[0].grade) != (
                assessment.status,
                assessment.grade,
            ):
                raise _RowError(
                    "status",
                    f"{assessment.assessor} already gave {rec_id} the status"
                    f" {verdict[0].grade or verdict[0].status.value} on"
                    f" {assessment.date.isoformat()} (row {verdict[1]})",
                )
        # all checks passed: keep
        if role is not None and agency is not None:
            if known is None:
                pending.assignments[key] = {
                    "role": role,
                    "group": group,
                    "row": row.number,
                    "where": self.provenance(row.where),
                }
                if role is AssignmentRole.LEAD:
                    pending.leads[(review, rec_id)] = (agency, row.number)
            elif group and not known["group"]:
                known["group"] = group
        if cells["action"]:
            action = pending.actions.setdefault(
                (review, label_key(cells["action"])),
                {
                    "description": cells["action"],
                    "agencies": set(),
                    "recommendations": set(),
                    "sources": [],
                    "where": self.provenance(row.where),
                    "lines": [],
                },
            )
            if agency is not None:
                action["agencies"].add(agency)
            action["recommendations"].add(rec_id)
            if cells["source"] and assessment is None:
                action["sources"].append(cells["source"])
            action["lines"].append(len(self.lines))
        if assessment is not None:
            pending.verdicts.setdefault(
                (rec_id, assessment.assessor, assessment.date), (assessment, row.number)
            )
            if assessment not in pending.assessments:
                pending.assessments[assessment] = assessment
                self._assessment_lines[len(self.lines)] = assessment

    def _finish(self) -> None:
        """Build plans and actions from the gathered rows and attach them to lines."""
        pending = self.pending
        reviews = list(dict.fromkeys([*self.plans, *(r for r, _, _ in pending.assignments)]))
        reviews += [line.review for line in self.lines if line.review and line.record is None]
        plans: dict[str, ImplementationPlan] = {}
        for review in dict.fromkeys(reviews):
            assignments = tuple(
                Assignment(rec, agency, info["role"], info["group"], provenance=info["where"])
                for (r, rec, agency), info in pending.assignments.items()
                if r == review
            )
            if review in self.plans:
                plans[review] = attrs.evolve(self.plans[review][0], assignments=assignments)
            else:
                _, code, _ = parse_review(review)
                plans[review] = ImplementationPlan(
                    f"{review}/tracking",
                    code,
                    review,
                    f"Tracking sheet for {review}",
                    assignments=assignments,
                )
        for (review, key), info in pending.actions.items():
            digest = hashlib.sha1(key.encode("utf-8"), usedforsecurity=False).hexdigest()[:10]
            action = Action(
                f"{review}/action-{digest}",
                info["description"],
                tuple(sorted(info["agencies"])),
                tuple(sorted(info["recommendations"])),
                source=LIST_SEPARATOR.join(dict.fromkeys(info["sources"])) or None,
                provenance=info["where"],
            )
            for index in info["lines"]:
                self.lines[index].extras.append(action)
        for index, assessment in self._assessment_lines.items():
            self.lines[index].extras.append(assessment)
        for line in self.lines:
            if line.problem is None and line.record is None and line.review is not None:
                line.record = plans[line.review]


def _required(row: _Row, column: str) -> str:
    value = row.text(column)
    if not value:
        raise _RowError(column, f"missing: {column} is required")
    return value


# -- the importer ---------------------------------------------------------------------------


def _is_xlsx(source: Source) -> bool:
    return source.suffix == ".xlsx" or source.head(4).startswith(b"PK")


def _add_side(sink: ImportSink, record: Any, where: Location) -> None:
    """Hand over a record a row yields besides its main record (not a row)."""
    sink.add_side(record)


class TrackingSheetImporter(Importer):
    """Tracking sheets (XLSX workbook or CSV tracking table); layout in the module docstring."""

    name = FORMAT
    description = (
        "national implementation tracking sheet (one row per recommendation x agency;"
        " XLSX with optional recommendations/agencies/plans sheets, or CSV)"
    )
    extensions = (".xlsx", ".csv")

    def sniff(self, source: Source) -> float:
        """Certain when the ``tracking`` sheet (XLSX) or the CSV header has the
        required columns; reads the header row only."""
        if source.head(4).startswith(b"PK"):
            return _sniff_xlsx(source)
        head = source.head(4096).decode("utf-8", errors="replace").lstrip("\ufeff")
        first = head.splitlines()[:1]
        try:
            header = next(csv.reader(first), []) if first else []
        except csv.Error:
            return Confidence.NONE
        names = {h.strip().lower() for h in header}
        return Confidence.CERTAIN if names >= set(REQUIRED_TRACKING) else Confidence.NONE

    def read(self, source: Source, sink: ImportSink) -> None:
        """Read every sheet first, check the rows, then hand them to the sink in
        sheet order (plans, agencies, recommendations, tracking)."""
        tables = _xlsx_tables(source) if _is_xlsx(source) else _csv_tables(source)
        lines = _Reader(source, tables).run()
        for line in lines:
            if line.problem is not None:
                sink.reject(*line.problem)
                continue
            # the sheet's recommendations are already fused: only equal ids merge
            sink.add(line.record, line.where, fuse=not isinstance(line.record, Recommendation))
            for extra in line.extras:
                _add_side(sink, extra, line.where)


def _sniff_xlsx(source: Source) -> float:
    try:
        check_archive(source)
        workbook = openpyxl.load_workbook(source.path, read_only=True, data_only=True)
    except Exception:  # a sniffer must not raise on foreign files
        return Confidence.NONE
    try:
        names = {str(n).strip().lower(): str(n) for n in workbook.sheetnames}
        if TRACKING not in names:
            return Confidence.NONE
        first = next(workbook[names[TRACKING]].iter_rows(max_row=1, values_only=True), ())
    except Exception:  # corrupt sheet XML: not ours to judge here
        return Confidence.NONE
    finally:
        workbook.close()
    header = {_text(v).lower() for v in first}
    return Confidence.CERTAIN if header >= set(REQUIRED_TRACKING) else Confidence.NONE


# -- the exporter ---------------------------------------------------------------------------


@attrs.define
class _Slot:
    """One exported tracking row being filled."""

    agency: str | None = None
    role: AssignmentRole | None = None
    group: str | None = None
    action: Action | None = None
    assessment: Assessment | None = None


def _review_of(dataset: upr.Dataset) -> dict[str, str]:
    found = {r.id: r.review for r in dataset.recommendations}
    for plan in dataset.plans:
        for a in plan.assignments:
            found.setdefault(a.recommendation, plan.review)
    return found


def _slots(
    rec_id: str,
    assignments: list[Assignment],
    actions: list[Action],
    assessments: list[Assessment],
) -> list[_Slot]:
    """Rows for one recommendation that read back as the same records: one per
    assignment (lead first), actions on rows of their agencies, assessments on
    free rows (never beside an action whose source would then be taken for it)."""
    slots = [_Slot(a.agency, a.role, a.group) for a in assignments]
    for action in actions:
        for agency in action.agencies or (None,):
            slot = next(
                (
                    s
                    for s in slots
                    if s.agency == agency
                    and s.action is None
                    and (action.source is None or s.assessment is None)
                ),
                None,
            )
            if slot is None:
                slot = _Slot(agency)
                slots.append(slot)
            slot.action = action
    for assessment in assessments:
        slot = next(
            (
                s
                for s in slots
                if s.assessment is None and (s.action is None or s.action.source is None)
            ),
            None,
        )
        if slot is None:
            slot = _Slot()
            slots.append(slot)
        slot.assessment = assessment
    return slots


def tracking_rows(dataset: upr.Dataset, *, agency_names: bool = True) -> list[dict[str, Any]]:
    """The ``tracking`` table of ``dataset``: dicts keyed by :data:`TRACKING_COLUMNS`.

    Recommendations in dataset order (one unfilled row when nothing tracks
    them), then ids only the tracking records name. ``agency_names`` writes an
    agency's name when it names no other agency (else its id). Dates are
    :class:`datetime.date` values.
    """
    recs = {r.id: r for r in dataset.recommendations}
    reviews = _review_of(dataset)
    counts: dict[str, int] = {}
    for agency in dataset.agencies:
        counts[label_key(agency.name)] = counts.get(label_key(agency.name), 0) + 1
    shown = {
        a.id: a.name if agency_names and counts[label_key(a.name)] == 1 else a.id
        for a in dataset.agencies
    }
    assignments: dict[str, list[Assignment]] = {}
    for plan in dataset.plans:
        for a in plan.assignments:
            known = assignments.setdefault(a.recommendation, [])
            if all(k.agency != a.agency for k in known):
                known.append(a)
    actions: dict[str, list[Action]] = {}
    for action in sorted(dataset.actions, key=lambda x: (x.id, x.description)):
        for named in action.recommendations:
            actions.setdefault(named, []).append(action)
    assessed: dict[str, list[Assessment]] = {}
    for given in dict.fromkeys(dataset.assessments):
        assessed.setdefault(given.recommendation, []).append(given)
    others = sorted((set(assignments) | set(actions) | set(assessed)) - set(recs))
    rows: list[dict[str, Any]] = []
    for rec_id in [*recs, *others]:
        rec = recs.get(rec_id)
        lead_first = sorted(
            assignments.get(rec_id, []), key=lambda a: a.role is not AssignmentRole.LEAD
        )
        dated = sorted(assessed.get(rec_id, []), key=lambda a: (a.date, a.assessor, a.status.value))
        slots = _slots(rec_id, lead_first, actions.get(rec_id, []), dated)
        base = {
            "review": reviews.get(rec_id, ""),
            "recommendation id": rec_id,
            "recommendation": rec.text if rec else "",
        }
        if not slots:
            rows.append({**dict.fromkeys(TRACKING_COLUMNS, ""), **base})
        for slot in slots:
            item = slot.assessment
            source = item.source if item else slot.action.source if slot.action else None
            rows.append(
                {
                    **base,
                    "agency": "" if slot.agency is None else shown.get(slot.agency, slot.agency),
                    "role": slot.role.value if slot.role else "",
                    "group": slot.group or "",
                    "action": slot.action.description if slot.action else "",
                    "status": (item.grade or item.status.value) if item else "",
                    "date": item.date if item else "",
                    "assessor": item.assessor if item else "",
                    "assessor kind": item.assessor_kind.value if item else "",
                    "source": source or "",
                    "note": (item.note or "") if item else "",
                }
            )
    return rows


def _plan_rows(dataset: upr.Dataset) -> list[dict[str, Any]]:
    plans: dict[str, ImplementationPlan] = {}
    for plan in dataset.plans:
        plans.setdefault(plan.review, plan)
    for review in dict.fromkeys(r.review for r in dataset.recommendations):
        if review not in plans:
            _, code, _ = parse_review(review)
            plans[review] = ImplementationPlan(
                f"{review}/tracking", code, review, f"Tracking sheet for {review}"
            )
    return [
        {
            "review": p.review,
            "plan id": p.id,
            "title": p.title,
            "state": p.state,
            "adopted": p.adopted or "",
            "source": p.source or "",
        }
        for p in plans.values()
    ]


def _recommendation_rows(dataset: upr.Dataset) -> list[dict[str, Any]]:
    return [
        {
            "review": r.review,
            "recommendation id": r.id,
            "symbol": r.symbol or "",
            "paragraph": r.paragraph or "",
            "recommendation": r.text,
            "recommending states": LIST_SEPARATOR.join(r.recommending_states),
            "response": r.response.value.value if r.response else "",
        }
        for r in dataset.recommendations
    ]


def _agency_rows(dataset: upr.Dataset) -> list[dict[str, Any]]:
    return [
        {
            "agency id": a.id,
            "name": a.name,
            "state": a.state,
            "kind": a.kind.value,
            "parent": a.parent or "",
            "aliases": LIST_SEPARATOR.join(a.aliases),
        }
        for a in dataset.agencies
    ]


README_LINES = (
    "Tracking sheet (upr tracking-sheet format). Layout: docs/tracking.md of the upr library.",
    "",
    "Sheet 'tracking': one row per recommendation x agency; add a row for each supporting"
    " agency and for each new assessment (keep the earlier ones: they are the history).",
    "review, recommendation id: required on every filled row (copy them from the template row).",
    "recommendation: the text, for reading; it must match the id.",
    "agency: an id, name or alias from sheet 'agencies'.  role: lead or supporting"
    " (one lead agency per recommendation).  group: thematic group (optional).",
    "action: what the agency does (rows with the same action text are one action).",
    "status: not started, in progress, partially implemented, fully implemented, not assessed,"
    " or a treaty-body follow-up grade (A, B, B1, B2, C, C1, C2, D, D1, D2, E).",
    "date: when the status was assessed (YYYY-MM-DD or DD/MM/YYYY; not in the future).",
    "assessor: who assessed (a ministry, the NHRI, an NGO, a UN body).  assessor kind:"
    " government, national human rights institution, non-governmental organisation, UN body.",
    "source: where the status (or, without a status, the action) is documented.  note: free"
    " text about the status.",
    "",
    "Sheets 'recommendations', 'agencies' and 'plans' list what the tracking rows may name.",
    "Rows that break these rules are reported with their row number and column when read.",
)


def _write_xlsx(dataset: upr.Dataset, path: Path) -> None:
    """Every sheet, through the one table writer (:mod:`upr.io.tables`: text stays
    text, with Excel's quote prefix when it starts with a formula trigger)."""
    specs: list[tuple[str, tuple[str, ...], list[dict[str, Any]]]] = [
        (TRACKING, TRACKING_COLUMNS, tracking_rows(dataset)),
        (RECOMMENDATIONS, RECOMMENDATION_COLUMNS, _recommendation_rows(dataset)),
        (AGENCIES, AGENCY_COLUMNS, _agency_rows(dataset)),
        (PLANS, PLAN_COLUMNS, _plan_rows(dataset)),
    ]
    wide = {"recommendation": 60, "action": 40, "source": 30, "note": 30, "title": 40}
    choices = {
        "role": [r.value for r in AssignmentRole],
        "status": [*(s.value for s in ImplementationStatus), *FOLLOW_UP_GRADES],
        "assessor kind": [k.value for k in AssessorKind],
    }
    sheets = [
        tables.Sheet(
            title,
            columns,
            [[row.get(c, "") for c in columns] for row in rows],
            wide,
            frozenset({"recommendation"}),
            choices if title == TRACKING else {},
        )
        for title, columns, rows in specs
    ]
    sheets.append(
        tables.Sheet(
            README,
            (README_LINES[0],),
            [[line] for line in README_LINES[1:]],
            {README_LINES[0]: 120},
        )
    )
    tables.write_xlsx(path, sheets)


def _write_csv(dataset: upr.Dataset, path: Path) -> None:
    """The tracking table as CSV; text cells neutralised against formula
    injection (:func:`upr.io.safety.neutralise_cell`), restored on reading."""
    rows = tracking_rows(dataset, agency_names=False)
    tables.write_csv(
        path,
        TRACKING_COLUMNS,
        [
            [
                _text(v) if isinstance(v, dt.date) else v
                for v in (row.get(c) for c in TRACKING_COLUMNS)
            ]
            for row in rows
        ],
    )


class TrackingSheetExporter(upr.Exporter):
    """Writes a tracking sheet: XLSX (every sheet) or, for a ``.csv`` path, the
    tracking table alone. With no tracking records it is the template."""

    name = FORMAT
    description = "tracking sheet / template (XLSX with all sheets, or CSV tracking table)"
    extensions = (".xlsx",)

    def write(self, dataset: upr.Dataset, path: Path) -> None:
        """Atomic write; the format follows the suffix (``.csv`` or XLSX)."""
        if Path(path).suffix.lower() == ".csv":
            _write_csv(dataset, Path(path))
        else:
            _write_xlsx(dataset, Path(path))


@upr.hookimpl
def upr_register_importers(register: upr.hookspecs.Register[Importer]) -> None:
    """The tracking-sheet importer."""
    register(TrackingSheetImporter())


@upr.hookimpl
def upr_register_exporters(register: upr.hookspecs.Register[upr.Exporter]) -> None:
    """The tracking-sheet exporter (and template writer)."""
    register(TrackingSheetExporter())


__all__ = [
    "AGENCY_COLUMNS",
    "PLAN_COLUMNS",
    "RECOMMENDATION_COLUMNS",
    "REQUIRED_TRACKING",
    "TRACKING_COLUMNS",
    "TrackingSheetExporter",
    "TrackingSheetImporter",
    "parse_date",
    "parse_review",
    "tracking_rows",
]
