"""Safe, streaming access to XLSX workbooks for importers.

Every XLSX importer needs the same three things: refuse zip bombs, open the
workbook read-only (rows are streamed, memory stays flat), and turn openpyxl's
assorted exceptions on corrupt files into :class:`~upr.errors.DataError` with
the sheet and row. defusedxml is a dependency of ``upr``, so openpyxl parses
with it and XML entity bombs are refused too.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import openpyxl

from upr.errors import DataError
from upr.io.importing import Source, check_archive


@contextmanager
def open_workbook(source: Source) -> Iterator[Any]:
    """The workbook of ``source``, read-only with cell values (not formulas).

    Raises :class:`~upr.errors.DataError` for a file that is not a readable XLSX.
    """
    check_archive(source)
    try:
        workbook = openpyxl.load_workbook(source.path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many exception types on broken files
        raise DataError(
            source.location(), f"not a readable XLSX workbook: {type(exc).__name__}: {exc}"
        ) from None
    try:
        yield workbook
    finally:
        workbook.close()


def sheet_rows(sheet: Any, source: Source) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """``(row number, values)`` for every row of a read-only sheet, 1-based.

    Corrupt sheet XML met while streaming raises :class:`~upr.errors.DataError`
    naming the sheet and the row.
    """
    title = str(sheet.title)
    iterator = sheet.iter_rows(values_only=True)
    number = 0
    while True:
        try:
            values = next(iterator)
        except StopIteration:
            return
        except Exception as exc:  # openpyxl/defusedxml raise assorted errors on corrupt XML
            raise DataError(
                source.location(sheet=title, row=number + 1),
                f"unreadable sheet data: {type(exc).__name__}: {exc}",
            ) from None
        number += 1
        yield number, tuple(values)


def first_row(source: Source) -> tuple[Any, ...] | None:
    """The first row of the first sheet, or ``None`` if ``source`` is not a
    readable XLSX. For cheap format sniffing: never raises."""
    if not source.head(4).startswith(b"PK"):
        return None
    try:
        with open_workbook(source) as workbook:
            sheets = workbook.worksheets
            if not sheets:
                return None
            return tuple(next(sheets[0].iter_rows(max_row=1, values_only=True), ()))
    except Exception:
        return None
