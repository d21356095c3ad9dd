"""Spreadsheet formula injection: neutralising exported cells, reversibly.

Recommendation texts, themes and notes come from outside (UN documents, NGO
exports, people editing tracking sheets). A cell whose text starts with
``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return, which some
spreadsheets skip before evaluating) is run as a formula when a CSV file is
opened in Excel or LibreOffice (``=HYPERLINK(...)``, ``=cmd|...``, DDE).

The rule (CSV exports of ``upr``: ``upr-csv`` and the tracking-sheet CSV)
    A text cell that starts with one of :data:`TRIGGERS` **or with an
    apostrophe** is written with one more leading apostrophe ``'``. The
    spreadsheet then shows text, never evaluates it.

    Escaping the apostrophe too makes the rule a bijection, so the importers of
    ``upr``'s own formats undo it exactly (:func:`restore_cell` removes one
    leading apostrophe, if any) and round trips stay lossless: a text
    ``'=x`` is written ``''=x`` and read back ``'=x``. Importers of *other*
    formats (UPR Info, UHRI, ...) never strip anything: a leading apostrophe in
    those files is data.

XLSX exports
    Use :func:`xlsx_text_cell`: the cell is stored as a string (never a
    formula) with Excel's own *quote prefix* style flag, which is what Excel
    records when a person types ``'=x``: the value stays exactly the text
    (every reader, ``upr`` or not, gets it unchanged) and editing the cell in
    Excel keeps it text.
"""

from __future__ import annotations

from typing import Any

TRIGGERS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet treat a cell as a formula."""

ESCAPE = "'"
"""The prefix added to neutralised cells (and to cells already starting with it)."""


def needs_neutralising(text: str) -> bool:
    """True if ``text`` starts with a formula trigger (see :data:`TRIGGERS`)."""
    return text.startswith(TRIGGERS)


def neutralise_cell(text: str) -> str:
    """``text`` as written to a CSV cell: one apostrophe added when it starts
    with a formula trigger or an apostrophe, unchanged otherwise.

    >>> neutralise_cell("=1+1"), neutralise_cell("'quoted"), neutralise_cell("Ratify CAT")
    ("'=1+1", "''quoted", 'Ratify CAT')
    """
    if text.startswith(TRIGGERS) or text.startswith(ESCAPE):
        return ESCAPE + text
    return text


def restore_cell(text: str) -> str:
    """The inverse of :func:`neutralise_cell`: one leading apostrophe removed.

    Only for cells of ``upr``'s own CSV exports; ``restore_cell(neutralise_cell(t)) == t``
    for every string ``t``.

    >>> restore_cell("'=1+1"), restore_cell("''quoted"), restore_cell("Ratify CAT")
    ('=1+1', "'quoted", 'Ratify CAT')
    """
    return text[1:] if text.startswith(ESCAPE) else text


def neutralise_value(value: Any) -> Any:
    """:func:`neutralise_cell` for strings; other values (numbers, dates, None) unchanged."""
    return neutralise_cell(value) if isinstance(value, str) else value


def restore_value(value: Any) -> Any:
    """:func:`restore_cell` for strings; other values unchanged."""
    return restore_cell(value) if isinstance(value, str) else value


def xlsx_text_cell(cell: Any) -> None:
    """Make an openpyxl cell holding a string safe: string type (not a formula)
    and, when it starts with a trigger, Excel's quote-prefix flag. The value is
    not changed."""
    value = cell.value
    if not isinstance(value, str):
        return
    if cell.data_type == "f":
        cell.data_type = "s"
    if needs_neutralising(value):
        cell.quotePrefix = True


__all__ = [
    "ESCAPE",
    "TRIGGERS",
    "needs_neutralising",
    "neutralise_cell",
    "neutralise_value",
    "restore_cell",
    "restore_value",
    "xlsx_text_cell",
]
