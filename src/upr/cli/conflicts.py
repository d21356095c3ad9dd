"""``upr conflicts``: what the sources disagree on, record by record."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from upr.cli.common import (
    UprCommand,
    dataset_or_dossier,
    dumps,
    format_option,
    input_format_option,
    quiet_option,
    results_console,
)
from upr.io import tables
from upr.model.conflicts import Conflict, ConflictKind
from upr.model.provenance import FieldSource

EPILOG = """\b
Examples:
  upr conflicts vietnam2014.txt 17-20.csv upr2.xlsx
  upr conflicts ../shared/data/uprinfo/*.csv --kind match --format json
  upr conflicts --field response --format csv > responses.csv

\b
Kinds: values (the sources of one record give different values; the first is
kept), match (a source record matched several records equally and was fused
with the first), source (a source contradicts itself). Without SOURCES: the
embedded Viet Nam dossier. Exit code 0 when the files were read, conflicts or not."""


def _source_dict(entry: FieldSource) -> dict[str, Any]:
    where = entry.location
    return {
        "source": entry.source,
        "file": where.file,
        "symbol": where.symbol,
        "sheet": where.sheet,
        "line": where.line,
        "row": where.row,
        "paragraph": where.paragraph,
        "key": where.key,
        "fields": list(entry.fields),
    }


def conflict_dict(conflict: Conflict) -> dict[str, Any]:
    """A conflict as JSON: record, field, kind, the source record it was reported
    on (if any), and each value with its sources (the first value is kept)."""
    return {
        "record": conflict.record,
        "field": conflict.field,
        "kind": conflict.kind.value,
        "source_record": conflict.source_record,
        "kept": conflict.kept,
        "values": [
            {"value": v.value, "sources": [_source_dict(s) for s in v.sources]}
            for v in conflict.values
        ],
    }


def _rows(found: list[Conflict]) -> list[list[str]]:
    rows = []
    for conflict in found:
        for index, value in enumerate(conflict.values):
            rows.append(
                [
                    conflict.record if index == 0 else "",
                    conflict.field if index == 0 else "",
                    conflict.kind.value if index == 0 else "",
                    "kept" if index == 0 else "",
                    value.value,
                    "; ".join(map(str, value.sources)) or "-",
                ]
            )
    return rows


HEADER = ["record", "field", "kind", "", "value", "sources"]


@click.command("conflicts", cls=UprCommand, epilog=EPILOG)
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--kind",
    "wanted_kinds",
    multiple=True,
    type=click.Choice([k.value for k in ConflictKind]),
    help="Only conflicts of this kind (repeatable).",
)
@click.option("--field", "fields", multiple=True, help="Only conflicts on this field (repeatable).")
@format_option("text", "json", "csv", help="text: a table; json: a list; csv: one row per value.")
@input_format_option()
@quiet_option
def conflicts(
    sources: tuple[Path, ...],
    wanted_kinds: tuple[str, ...],
    fields: tuple[str, ...],
    fmt: str,
    input_format: str | None,
) -> None:
    """List the conflicts between the sources of the fused dataset: each record and
    field the sources disagree on, every value given and where it was read."""
    dataset, _, _ = dataset_or_dossier(sources, input_format)
    found = [
        c
        for c in dataset.conflicts
        if (not wanted_kinds or c.kind.value in wanted_kinds) and (not fields or c.field in fields)
    ]
    if fmt == "json":
        click.echo(dumps({"conflicts": [conflict_dict(c) for c in found], "count": len(found)}))
        return
    if fmt == "csv":
        click.echo(tables.csv_text(HEADER, _rows(found)), nl=False)
        return
    from rich.table import Table as RichTable  # noqa: PLC0415

    console = results_console()
    shown = RichTable(*HEADER, title=f"{len(found)} conflicts", show_lines=False)
    for row in _rows(found):
        shown.add_row(*row)
    console.print(shown)


__all__ = ["conflict_dict", "conflicts"]
