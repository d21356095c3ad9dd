"""The one table writer: CSV, XLSX and markdown, with formula injection always neutralised.

Every table ``upr`` writes for a spreadsheet (metric tables, mid-term reports,
tracking sheets, the flat CSV) goes through here, so the rules of
:mod:`upr.io.safety` hold everywhere:

* CSV: a text cell starting with a formula trigger (``=``, ``+``, ``-``, ``@``,
  tab, CR) or an apostrophe gets one more leading apostrophe
  (:func:`~upr.io.safety.neutralise_cell`); ``upr``'s own importers remove it.
* XLSX: text cells are strings, never formulas, with Excel's quote-prefix flag
  when they start with a trigger (:func:`~upr.io.safety.xlsx_text_cell`);
  characters XML cannot hold are dropped.
* Files are written atomically (:mod:`upr.io.atomic`).

>>> print(csv_text(["text", "n"], [["=HYPERLINK(x)", 3]]), end="")
text,n
'=HYPERLINK(x),3
>>> csv_text(["text"], [["a" + chr(13) + "b"]]).split(chr(10))[1]  # a CR inside: quoted
'"a\\rb"'
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from upr.io.atomic import atomic_writer, write_bytes
from upr.io.safety import neutralise_value, xlsx_text_cell

Cell = str | int | float | dt.date | None
"""What a table cell may hold."""


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return neutralise_value(value)


def _write_rows(
    stream: Any, columns: Sequence[str], rows: Iterable[Sequence[Cell]], end: str
) -> None:
    """The header and rows, each followed by ``end``; a cell holding a CR or an LF
    is always quoted.

    (:mod:`csv` quotes only cells holding a character of its line terminator: with
    ``"\n"``, a bare CR inside a cell would end the row when read back. Rows are
    made with ``"\r\n"`` and that end is replaced.)
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in itertools.chain((columns,), rows):
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([_csv_cell(v) for v in row])
        stream.write(buffer.getvalue()[:-2] + end)


def csv_text(columns: Sequence[str], rows: Iterable[Sequence[Cell]]) -> str:
    """A table as CSV text (``\\n`` line ends), cells neutralised."""
    buffer = io.StringIO()
    _write_rows(buffer, columns, rows, "\n")
    return buffer.getvalue()


def write_csv(
    path: str | Path, columns: Sequence[str], rows: Iterable[Sequence[Cell]], *, excel: bool = True
) -> None:
    """Write a table as CSV atomically, cells neutralised.

    ``excel=True`` (the default) writes UTF-8 with a byte-order mark and CRLF
    line ends, which Excel needs to read accents; ``excel=False`` plain UTF-8
    and ``\\n``.
    """
    with atomic_writer(path, encoding="utf-8-sig" if excel else "utf-8") as stream:
        _write_rows(stream, columns, rows, "\r\n" if excel else "\n")


def _cell_text(value: str) -> str:
    return value.replace("|", "\\|").replace("\r\n", "<br>").replace("\n", "<br>")


def markdown(columns: Sequence[str], rows: Iterable[Sequence[Cell]]) -> str:
    """A markdown table (``|`` escaped, line breaks as ``<br>``, missing cells ``-``)."""

    def text(value: Cell) -> str:
        if value is None:
            return "-"
        return _cell_text(value.isoformat() if isinstance(value, dt.date) else str(value))

    lines = ["| " + " | ".join(text(c) for c in columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(text(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


@attrs.frozen
class Sheet:
    """One worksheet of :func:`write_xlsx`.

    ``widths`` sets column widths by column name (others are 18); ``wrap``
    names the columns whose cells wrap; ``choices`` gives, by column name, the
    values offered in a drop-down list (other values stay allowed).
    """

    name: str
    columns: tuple[str, ...]
    rows: Sequence[Sequence[Cell]]
    widths: Mapping[str, int] = attrs.field(factory=dict)
    wrap: frozenset[str] = frozenset()
    choices: Mapping[str, Sequence[str]] = attrs.field(factory=dict)


def write_xlsx(path: str | Path, sheets: Sequence[Sheet]) -> None:
    """Write an XLSX workbook atomically: bold frozen header, text never a formula."""
    import openpyxl  # noqa: PLC0415 - only needed for this format; keeps `import upr` light
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # noqa: PLC0415
    from openpyxl.styles import Alignment, Font  # noqa: PLC0415
    from openpyxl.worksheet.datavalidation import DataValidation  # noqa: PLC0415

    book = openpyxl.Workbook()
    for index, spec in enumerate(sheets):
        ws = book.active if index == 0 else book.create_sheet()
        ws.title = spec.name
        ws.append(list(spec.columns))
        for row in spec.rows:
            ws.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row])
            for cell in ws[ws.max_row]:
                xlsx_text_cell(cell)
                if isinstance(cell.value, dt.date):
                    cell.number_format = "yyyy-mm-dd"
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.freeze_panes = "A2"
        for position, column in enumerate(spec.columns, start=1):
            letter = ws.cell(row=1, column=position).column_letter
            ws.column_dimensions[letter].width = spec.widths.get(column, 18)
            if column in spec.wrap:
                for (cell,) in ws.iter_rows(min_row=2, min_col=position, max_col=position):
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
            values = spec.choices.get(column)
            if values:
                rule = DataValidation(
                    type="list", formula1='"' + ",".join(values) + '"', allow_blank=True
                )
                rule.showErrorMessage = False  # other labels (Vietnamese, ...) are read too
                ws.add_data_validation(rule)
                rule.add(f"{letter}2:{letter}{max(len(spec.rows) + 1000, 2000)}")
    buffer = io.BytesIO()
    book.save(buffer)
    write_bytes(path, buffer.getvalue())


__all__ = ["Cell", "Sheet", "csv_text", "markdown", "write_csv", "write_xlsx"]
