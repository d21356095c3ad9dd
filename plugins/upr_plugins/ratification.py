"""Treaty ratification tables: ``hr_status_*.csv`` and the OHCHR status export (``.xls``).

Two importers, each turning one table row into one
:class:`~upr.ratifications.Ratification` (``sink.add(ratification, location)``):

``ratification-csv``
    The ``hr_status_<treaty>.csv`` files of world-politics-datalab/
    humanrights-treaties-ratification-status (UN Treaty Collection, 2022; one
    file per treaty, one row per UN member)::

        iso2,member,state party,year ratification or accession,signatory,no action,status,note

    The treaty is named by the file name only (:data:`TREATY_BY_FILE_KEY`:
    ``hr_status_iccpr_op1.csv`` -> ``ICCPR-OP1``, ``hr_status_icescr_op.csv``
    -> ``OP-ICESCR``, ``hr_status_opcat.csv`` -> ``OP-CAT``, ...); a file whose
    name names no treaty cannot be read (:class:`~upr.errors.DataError` on the
    ``file name`` field). The ``note`` column is optional (it is missing from
    ``hr_status_op_crc_ic.csv``). Columns are found by name, so a re-ordered
    header is read too; empty cells beyond the header are tolerated, other
    extra cells reject the row.

``ratification-xls``
    The OHCHR ratification-status export (Excel 97 ``.xls``, read with xlrd):
    a title row naming the treaty (``International Covenant on Economic,
    Social and Cultural Rights [Last Updated: 10/10/2025 11:26:54]``), a
    header row ``Country | Date of Signature (dd/mm/yyyy) | Date of
    Ratification/Accession | Date of acceptance of individual communications
    procedure | Date of acceptance of inquiry procedure``, one row per country
    with Excel dates, then a blank row and two note rows (``Definitions and
    metadata: ...``, ``Source: ...``). The treaty comes from the title row
    (:func:`upr.treaties.get` on the text before ``[``); when the title does not
    name one, from the file name ``ohchr-export-<TREATY>-<date>.xls``.

Row mapping, CSV:

* State: ``iso2`` when it is the alpha-2 code of a state :mod:`upr.states`
  knows, otherwise ``member`` through :func:`upr.states.resolve` (the files
  use ``TP`` for Timor-Leste and ``S`` for South Sudan; that fallback is
  written into the record's ``source``). When both resolve to different states
  the row is rejected (field ``iso2``); when neither does (``MS``/
  ``Montserrat``, not a UN member or observer state) the row is rejected
  (field ``member``): nothing is dropped silently.
* Status: the ``status`` column (``state party`` -> party, ``signatory
  state`` -> signatory, ``no action`` -> none) is authoritative. The 0/1
  flag columns ``state party``, ``signatory``, ``no action`` are only
  checked: when they disagree with ``status`` the status is kept and the
  disagreement is written into ``source``. Values other than ``0``, ``1`` or
  empty reject the row.
* Notes that contradict the status override it, as in
  ``upr.ratifications``' package data: a note saying the protocol was
  denounced (Jamaica and Trinidad and Tobago, ICCPR-OP1) or that the
  signature was tied to the United Kingdom's ratification (Brunei/ICERD,
  Solomon Islands/ICCPR, Tuvalu/ICCPR and ICESCR: the year is the UK's) gives
  status none and no year. Every other note (``as Eswatini``, ``Found as
  Cabo Verde in the UN Treaty Collection``) is kept verbatim in ``source``.
* Year: parties only; it must be a year (``1982``, or ``1982.0`` from a
  re-saved file) between the treaty's adoption and next year. A party row
  with neither a year nor a ``state party`` flag of ``1`` (Zimbabwe/OP-CEDAW)
  is rejected as unknown; a year on a signatory or no-action row is rejected.

Row mapping, XLS: the Country cell is resolved with
:func:`upr.states.resolve` (Cook Islands, Niue and the European Union are
rejected as not UN member or observer states); a ratification/accession date
makes a party (year of that date), otherwise a signature date a signatory,
otherwise none. Dates may be Excel dates or ``dd/mm/yyyy`` text; a date
before the treaty's adoption rejects the row. :class:`Ratification` keeps a
year only, so the full dates (signature, ratification/accession, acceptance
of the individual communications and inquiry procedures) are written into
``source``. The individual-communications date is not turned into an
OP-ICESCR record (a row gives one record); in the shipped export it agrees
with the OP-ICESCR table wherever it is filled, but is empty for 8 of its 26
parties.

``source`` is ``"<file> line <n>"`` (CSV) or ``"<file> row <n>"`` (XLS,
the spreadsheet row), followed by ``"; "``-separated remarks.

What is not a row: the header line (CSV) and lines whose cells are all
empty; in the XLS, the rows above the header (the title), the header row,
entirely empty rows and the trailing note
rows whose only cell starts with ``Definitions and metadata:`` or
``Source:``. Every other line or row is added or rejected exactly once.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import xlrd

import upr
from upr import states, treaties
from upr.errors import DataError, Location
from upr.io.importing import Confidence, Importer, ImportSink, Source, allow_large_csv_cells
from upr.model.ratifications import Ratification, RatificationStatus
from upr.names import normalise

TREATY_BY_FILE_KEY: dict[str, str] = {
    "icerd": "ICERD",
    "iccpr": "ICCPR",
    "icescr": "ICESCR",
    "cedaw": "CEDAW",
    "cat": "CAT",
    "crc": "CRC",
    "icmw": "ICMW",
    "crpd": "CRPD",
    "cped": "CPED",
    "iccpr_op1": "ICCPR-OP1",
    "iccpr_op2": "ICCPR-OP2",
    "icescr_op": "OP-ICESCR",
    "op_cedaw": "OP-CEDAW",
    "opcat": "OP-CAT",
    "op_crc_ac": "OP-CRC-AC",
    "op_crc_sc": "OP-CRC-SC",
    "op_crc_ic": "OP-CRC-IC",
    "op_crpd": "OP-CRPD",
}
"""``hr_status_<key>.csv`` -> :mod:`upr.treaties` code, for the 18 files published."""

CSV_COLUMNS: tuple[str, ...] = (
    "iso2",
    "member",
    "state party",
    "year ratification or accession",
    "signatory",
    "no action",
    "status",
)
"""Required CSV columns, in the published order; ``note`` may follow."""
NOTE_COLUMN = "note"

_STATUS_LABELS: dict[str, RatificationStatus] = {
    "state party": RatificationStatus.PARTY,
    "party": RatificationStatus.PARTY,
    "signatory state": RatificationStatus.SIGNATORY,
    "signatory": RatificationStatus.SIGNATORY,
    "no action": RatificationStatus.NONE,
    "none": RatificationStatus.NONE,
}
_FLAG_COLUMNS: dict[RatificationStatus, str] = {
    RatificationStatus.PARTY: "state party",
    RatificationStatus.SIGNATORY: "signatory",
    RatificationStatus.NONE: "no action",
}
_DENOUNCED = re.compile(r"\bdenounc", re.IGNORECASE)
_TIED_TO_UK = re.compile(
    r"signature\s+(?:was\s+)?tied\s+to\s+(?:the\s+)?(?:UK|United\s+Kingdom)", re.IGNORECASE
)
_ISO2 = re.compile(r"[A-Z]{2}")
_YEAR = re.compile(r"(\d{4})(?:\.0+)?")


def treaty_from_file_name(source: Source) -> str:
    """The treaty code a ``hr_status_<key>.csv`` file name stands for.

    Raises :class:`~upr.errors.DataError` (field ``file name``) when the name
    names no treaty: the CSV itself does not say which treaty it is about.
    """
    stem = source.path.stem.lower()
    key = stem.removeprefix("hr_status_")
    code = TREATY_BY_FILE_KEY.get(key)
    if code is not None:
        return code
    for candidate in (key, key.replace("_", "-")):
        try:
            return treaties.get(candidate).code
        except upr.UnknownNameError:
            continue
    raise DataError(
        source.location(field="file name"),
        f"cannot tell the treaty from the file name {source.path.name!r}: expected"
        f" hr_status_<treaty>.csv with <treaty> one of {', '.join(TREATY_BY_FILE_KEY)}",
    )


def _earliest_year(treaty: str) -> int:
    return treaties.get(treaty).adopted.year


def _latest_year() -> int:
    return dt.date.today().year + 1


# -- CSV -------------------------------------------------------------------------


def _header_index(header: Sequence[str]) -> dict[str, int]:
    """Column name (normalised: lower case, stripped, BOM removed) -> position."""
    index: dict[str, int] = {}
    for position, name in enumerate(header):
        index.setdefault(name.strip().lstrip("\ufeff").strip().lower(), position)
    return index


def _first_line(source: Source) -> list[str]:
    text = source.head(4096).decode("utf-8", errors="replace").lstrip("\ufeff")
    lines = text.splitlines()
    if not lines:
        return []
    try:
        return next(csv.reader(lines[:1]), [])
    except csv.Error:
        return []


class _CsvRow:
    """One CSV data row and how to point at its cells."""

    def __init__(self, source: Source, line: int, cells: list[str], index: dict[str, int]):
        self.source = source
        self.line = line
        self.cells = cells
        self.index = index

    def where(self, field: str | None = None) -> Location:
        return self.source.location(line=self.line, field=field)

    def get(self, column: str) -> str:
        position = self.index.get(column)
        if position is None or position >= len(self.cells):
            return ""
        return self.cells[position].strip()

    def fail(self, column: str | None, reason: str) -> DataError:
        return DataError(self.where(column), reason)


def _csv_state(row: _CsvRow, remarks: list[str]) -> str:
    iso2 = row.get("iso2")
    member = row.get("member")
    by_code = None
    if _ISO2.fullmatch(iso2):
        found = states.try_resolve(iso2)
        if found is not None and found.alpha2 == iso2:
            by_code = found
    by_name = states.try_resolve(member) if member else None
    if by_code is not None and by_name is not None and by_code.code != by_name.code:
        raise row.fail(
            "iso2",
            f"iso2 {iso2!r} is {by_code.code} ({by_code.short_name}) but member {member!r}"
            f" is {by_name.code} ({by_name.short_name})",
        )
    if by_code is not None:
        return by_code.code
    if by_name is not None:
        remarks.append(f"iso2 {iso2!r} is not a known alpha-2 code; state from member {member!r}")
        return by_name.code
    raise row.fail(
        "member",
        f"neither iso2 {iso2!r} nor member {member!r} is a UN member or observer state"
        " known to upr.states",
    )


def _csv_flags(row: _CsvRow) -> dict[RatificationStatus, str]:
    flags: dict[RatificationStatus, str] = {}
    for status, column in _FLAG_COLUMNS.items():
        value = row.get(column)
        if value not in ("", "0", "1"):
            raise row.fail(column, f"flag must be 0, 1 or empty, not {value!r}")
        flags[status] = value
    return flags


def _csv_year(row: _CsvRow, treaty: str) -> int | None:
    column = CSV_COLUMNS[3]
    text = row.get(column)
    if not text:
        return None
    match = _YEAR.fullmatch(text)
    if match is None:
        raise row.fail(column, f"not a year: {text!r}")
    year = int(match.group(1))
    if not _earliest_year(treaty) <= year <= _latest_year():
        raise row.fail(
            column,
            f"year {year} is outside {_earliest_year(treaty)}-{_latest_year()}"
            f" ({treaty} was adopted in {_earliest_year(treaty)})",
        )
    return year


def _csv_ratification(row: _CsvRow, treaty: str) -> Ratification:
    """Build the record of one ``hr_status_*.csv`` row (see the module docstring)."""
    remarks: list[str] = []
    state = _csv_state(row, remarks)
    label = row.get("status")
    status = _STATUS_LABELS.get(normalise(label))
    if status is None:
        raise row.fail(
            "status",
            f"unknown status {label!r}; expected 'state party', 'signatory state' or 'no action'",
        )
    flags = _csv_flags(row)
    year = _csv_year(row, treaty)
    note = row.get(NOTE_COLUMN)
    expected = {s: "1" if s is status else "0" for s in _FLAG_COLUMNS}
    if flags != expected:
        shown = "/".join(flags[s] or "empty" for s in _FLAG_COLUMNS)
        remarks.append(
            f"flags (state party/signatory/no action) {shown} disagree with status"
            f" {label!r}; status kept"
        )
    if status is RatificationStatus.PARTY:
        if _DENOUNCED.search(note):
            remarks.append(f"status {label!r} overridden by the note: denounced, no longer a party")
            status, year = RatificationStatus.NONE, None
        elif _TIED_TO_UK.search(note):
            remarks.append(
                f"status {label!r} overridden by the note: the signature was tied to the"
                " United Kingdom's ratification, whose year this is"
            )
            status, year = RatificationStatus.NONE, None
        elif year is None and flags[RatificationStatus.PARTY] != "1":
            raise row.fail(
                "status",
                f"status {label!r} but no year and the 'state party' flag is"
                f" {flags[RatificationStatus.PARTY] or 'empty'}: the status is unknown",
            )
    elif year is not None:
        raise row.fail(CSV_COLUMNS[3], f"year {year} given for status {label!r} (parties only)")
    if note:
        remarks.append(f"note: {note}")
    source = "; ".join([f"{row.source.path.name} line {row.line}", *remarks])
    return Ratification(state=state, treaty=treaty, status=status, year=year, source=source)


class RatificationCsvImporter(Importer):
    """``hr_status_<treaty>.csv`` ratification tables (one row per UN member)."""

    name = "ratification-csv"
    description = (
        "treaty ratification status tables hr_status_<treaty>.csv"
        " (world-politics-datalab, UN Treaty Collection)"
    )
    extensions = (".csv",)

    def sniff(self, source: Source) -> float:
        """Certain when the first line is the published header; likely when it has
        the same columns in another order."""
        header = [c.strip().lower() for c in _first_line(source)]
        if tuple(header[: len(CSV_COLUMNS)]) == CSV_COLUMNS:
            return Confidence.CERTAIN
        if header and all(c in header for c in CSV_COLUMNS):
            return Confidence.LIKELY
        return Confidence.NONE

    def read(self, source: Source, sink: ImportSink) -> None:
        """One :class:`Ratification` per data line; the treaty is the file name's."""
        treaty = treaty_from_file_name(source)
        line = 1
        allow_large_csv_cells()
        try:
            with source.path.open(encoding="utf-8-sig", newline="") as stream:
                reader = csv.reader(stream)
                header = next(reader, None)
                if header is None:
                    raise DataError(source.location(line=1), "empty file: no header line")
                index = _header_index(header)
                missing = [c for c in CSV_COLUMNS if c not in index]
                if missing:
                    raise DataError(
                        source.location(line=1, field=missing[0]),
                        f"missing column(s): {', '.join(missing)}",
                    )
                width = max(index[c] for c in CSV_COLUMNS) + 1
                for cells in reader:
                    line = reader.line_num
                    if not any(c.strip() for c in cells):
                        continue  # an empty line is not a row
                    row = _CsvRow(source, line, cells, index)
                    if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
                        sink.reject(
                            row.where(),
                            f"{len(cells)} cells but the header has {len(header)} columns",
                        )
                        continue
                    if len(cells) < width:
                        absent = [c for c in CSV_COLUMNS if index[c] >= len(cells)]
                        sink.reject(
                            row.where(absent[0] if absent else None),
                            f"{len(cells)} cells; missing value(s) for {', '.join(absent)}",
                        )
                        continue
                    with sink.row(row.where()):
                        sink.add(_csv_ratification(row, treaty), row.where())
        except UnicodeDecodeError as exc:
            raise DataError(source.location(line=line + 1), f"not UTF-8 text: {exc}") from None
        except csv.Error as exc:
            raise DataError(source.location(line=line + 1), f"malformed CSV: {exc}") from None


# -- XLS -------------------------------------------------------------------------

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_XLS_MARKERS = ("Date of Ratification/Accession", "Date of Signature")
_FOOTER = re.compile(r"^\s*(definitions and metadata|source)\s*:", re.IGNORECASE)
_TEXT_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})\s*[a-zA-Z]?")
_FILE_TREATY = re.compile(r"ohchr-export-(.+?)-\d{4}-\d{2}-\d{2}$", re.IGNORECASE)
_HEADER_SEARCH_ROWS = 10

_XLS_COLUMNS: dict[str, str] = {
    "country": "Country",
    "date of signature": "Date of Signature",
    "date of ratification": "Date of Ratification/Accession",
    "date of acceptance of individual communications": "Date of acceptance of individual"
    " communications procedure",
    "date of acceptance of inquiry": "Date of acceptance of inquiry procedure",
}
_XLS_REQUIRED = ("country", "date of signature", "date of ratification")
_XLS_LABELS: dict[str, str] = {
    "date of signature": "signature",
    "date of ratification": "ratification/accession",
    "date of acceptance of individual communications": "individual communications accepted",
    "date of acceptance of inquiry": "inquiry procedure accepted",
}


def _has_marker(data: bytes, marker: str) -> bool:
    return marker.encode("latin-1") in data or marker.encode("utf-16-le") in data


class _Sheet:
    """The first worksheet of an ``.xls`` workbook, with cell access that never crashes."""

    def __init__(self, source: Source) -> None:
        self.source = source
        try:
            self.book: Any = xlrd.open_workbook(str(source.path), on_demand=True)
            if self.book.nsheets < 1:
                raise DataError(source.location(), "workbook has no worksheet")
            self.sheet: Any = self.book.sheet_by_index(0)
        except DataError:
            raise
        except Exception as exc:  # xlrd raises many types on malformed files
            raise DataError(
                source.location(),
                f"cannot open as an Excel 97 (.xls) workbook: {type(exc).__name__}: {exc}",
            ) from None
        self.name = str(self.sheet.name)

    def close(self) -> None:
        self.book.release_resources()

    @property
    def nrows(self) -> int:
        return int(self.sheet.nrows)

    def row(self, index: int) -> list[tuple[int, Any]]:
        """(cell type, value) pairs of a 0-based row."""
        return [(int(c.ctype), c.value) for c in self.sheet.row(index)]

    def where(self, row: int, field: str | None = None) -> Location:
        return self.source.location(sheet=self.name, row=row, field=field)


def _cell_text(cell: tuple[int, Any]) -> str:
    ctype, value = cell
    if ctype == xlrd.XL_CELL_TEXT:
        return str(value).strip()
    if ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return ""
    return str(value).strip()


def _is_blank(cells: list[tuple[int, Any]]) -> bool:
    return all(_cell_text(c) == "" for c in cells)


def _column_key(label: str) -> str | None:
    key = normalise(label)
    for prefix in _XLS_COLUMNS:
        if key.startswith(prefix):
            return prefix
    return None


class RatificationXlsImporter(Importer):
    """The OHCHR ratification-status export of one treaty (``.xls``)."""

    name = "ratification-xls"
    description = "OHCHR ratification status export of one treaty (Excel 97 .xls)"
    extensions = (".xls",)

    def sniff(self, source: Source) -> float:
        """Certain for an Excel 97 file whose first 64 KB hold the export's column
        labels; an ``.xls`` named ``ohchr-export-*`` is likely; another ``.xls``
        only matches by extension."""
        head = source.head(65536)
        if not head.startswith(_OLE_MAGIC):
            return Confidence.NONE
        if all(_has_marker(head, m) for m in _XLS_MARKERS):
            return Confidence.CERTAIN
        if source.suffix in self.extensions:
            if source.path.name.lower().startswith("ohchr-export"):
                return Confidence.LIKELY
            return Confidence.EXTENSION
        return Confidence.NONE

    def read(self, source: Source, sink: ImportSink) -> None:
        """One :class:`Ratification` per country row of the first worksheet."""
        sheet = _Sheet(source)
        try:
            header_at, columns, title = self._layout(sheet)
            treaty = self._treaty(sheet, title)
            for index in range(header_at + 1, sheet.nrows):
                cells = sheet.row(index)
                if _is_blank(cells) or self._is_note(cells):
                    continue
                where = sheet.where(index + 1)
                with sink.row(where):
                    record = self._record(sheet, index + 1, cells, columns, treaty)
                    sink.add(record, where)
        finally:
            sheet.close()

    @staticmethod
    def _is_note(cells: list[tuple[int, Any]]) -> bool:
        first = _cell_text(cells[0]) if cells else ""
        return bool(_FOOTER.match(first)) and all(_cell_text(c) == "" for c in cells[1:])

    @staticmethod
    def _layout(sheet: _Sheet) -> tuple[int, dict[str, int], str]:
        """(0-based header row, column key -> position, title text above the header)."""
        title = ""
        for index in range(min(sheet.nrows, _HEADER_SEARCH_ROWS)):
            cells = sheet.row(index)
            texts = [_cell_text(c) for c in cells]
            if texts and normalise(texts[0]) == "country":
                columns: dict[str, int] = {}
                for position, text in enumerate(texts):
                    key = _column_key(text)
                    if key is not None:
                        columns.setdefault(key, position)
                missing = [k for k in _XLS_REQUIRED if k not in columns]
                if missing:
                    raise DataError(
                        sheet.where(index + 1, _XLS_COLUMNS[missing[0]]),
                        f"missing column(s): {', '.join(_XLS_COLUMNS[k] for k in missing)}",
                    )
                return index, columns, title
            if not title:
                title = next((t for t in texts if t), "")
        raise DataError(
            sheet.where(1, "Country"),
            f"no header row starting with 'Country' in the first {_HEADER_SEARCH_ROWS} rows",
        )

    @staticmethod
    def _treaty(sheet: _Sheet, title: str) -> str:
        """The treaty named by the title row, else by the file name."""
        from_title = None
        name = title.split("[", 1)[0].strip()
        if name:
            try:
                from_title = treaties.get(name).code
            except upr.UnknownNameError:
                from_title = None
        match = _FILE_TREATY.match(Path(sheet.source.path).stem)
        from_file = None
        if match:
            try:
                from_file = treaties.get(match.group(1)).code
            except upr.UnknownNameError:
                from_file = None
        if from_title and from_file and from_title != from_file:
            raise DataError(
                sheet.where(1, "title"),
                f"the title names {from_title} but the file name names {from_file}",
            )
        found = from_title or from_file
        if found is None:
            raise DataError(
                sheet.where(1, "title"),
                f"cannot tell the treaty: title {title!r} names none and the file name"
                " is not ohchr-export-<treaty>-<yyyy-mm-dd>.xls",
            )
        return found

    def _record(
        self,
        sheet: _Sheet,
        row: int,
        cells: list[tuple[int, Any]],
        columns: dict[str, int],
        treaty: str,
    ) -> Ratification:
        country_at = columns["country"]
        country = _cell_text(cells[country_at]) if country_at < len(cells) else ""
        if not country:
            raise DataError(sheet.where(row, "Country"), "empty country")
        state = states.try_resolve(country)
        if state is None:
            raise DataError(
                sheet.where(row, "Country"),
                f"{country!r} is not a UN member or observer state known to upr.states",
            )
        dates: dict[str, dt.date] = {}
        for key, position in columns.items():
            if key == "country" or position >= len(cells):
                continue
            found = self._date(sheet, row, cells[position], key, treaty)
            if found is not None:
                dates[key] = found
        ratified = dates.get("date of ratification")
        if ratified is not None:
            status, year = RatificationStatus.PARTY, ratified.year
        elif "date of signature" in dates:
            status, year = RatificationStatus.SIGNATORY, None
        else:
            status, year = RatificationStatus.NONE, None
        remarks = [f"{_XLS_LABELS[k]} {d.isoformat()}" for k, d in dates.items()]
        source = "; ".join([f"{Path(sheet.source.path).name} row {row}", *remarks])
        return Ratification(
            state=state.code, treaty=treaty, status=status, year=year, source=source
        )

    @staticmethod
    def _date(
        sheet: _Sheet, row: int, cell: tuple[int, Any], key: str, treaty: str
    ) -> dt.date | None:
        ctype, value = cell
        field = _XLS_COLUMNS[key]
        if ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK) or _cell_text(cell) == "":
            return None
        found: dt.date | None = None
        if ctype in (xlrd.XL_CELL_DATE, xlrd.XL_CELL_NUMBER):
            try:
                found = xlrd.xldate_as_datetime(float(value), sheet.book.datemode).date()
            except (ValueError, OverflowError, TypeError, xlrd.xldate.XLDateError):
                found = None
        elif ctype == xlrd.XL_CELL_TEXT:
            match = _TEXT_DATE.fullmatch(str(value).strip())
            if match:
                day, month, year = (int(g) for g in match.groups())
                try:
                    found = dt.date(year, month, day)
                except ValueError:
                    found = None
        if found is None:
            raise DataError(sheet.where(row, field), f"not a date: {_cell_text(cell)!r}")
        adopted = treaties.get(treaty).adopted
        if found < adopted or found.year > _latest_year():
            raise DataError(
                sheet.where(row, field),
                f"date {found.isoformat()} is outside {adopted.isoformat()} (adoption of"
                f" {treaty}) - {_latest_year()}",
            )
        return found


@upr.hookimpl
def upr_register_importers(register: upr.hookspecs.Register[Importer]) -> None:
    """The ratification-table importers."""
    register(RatificationCsvImporter())
    register(RatificationXlsImporter())


__all__ = [
    "CSV_COLUMNS",
    "TREATY_BY_FILE_KEY",
    "RatificationCsvImporter",
    "RatificationXlsImporter",
    "treaty_from_file_name",
]
