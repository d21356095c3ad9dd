"""``upr metrics [PATHS...]``: compute the metrics registered by plugins.

Metric names come from the plugin manager (``upr plugins`` lists them; first
party: ``plugins/upr_plugins/metrics.py``), grouping dimensions from
:data:`upr.analysis.metrics.DIMENSIONS`. Without PATHS the embedded Viet Nam dossier
(:func:`upr.io.datasets.viet_nam`) is used, and a note on stderr says so.

Registered in :mod:`upr.cli` with ``main.add_command(metrics)``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from click.shell_completion import CompletionItem

from upr.analysis.metrics import DIMENSIONS, Metric, Table
from upr.api.facade import compute
from upr.cli.common import (
    UprCommand,
    dataset_or_dossier,
    dumps,
    format_option,
    input_format_option,
    quiet_option,
    report_dict,
    results_console,
)
from upr.io import tables
from upr.plugins.manager import default_manager

DEFAULT_METRICS = ("responses",)
"""What ``upr metrics`` computes without ``--metric``: recommendations, responses
and the support rate."""

EPILOG = """\b
Examples:
  upr metrics                                  # responses of the embedded dossier
  upr metrics --metric responses --by cycle    # Viet Nam cycle I and II
  upr metrics --metric regional-groups --by review --format json
  upr metrics ../shared/data/uprinfo/17-20.csv --metric count --by state --format csv
  upr metrics --list                           # metrics, units and dimensions

\b
JSON keys: source (files read, or "embedded:viet-nam"), imports (import
reports), metrics: one item per --metric with metric, description, unit, by,
columns and rows (one object per row, keyed by column)."""


def _metrics() -> dict[str, Metric]:
    return default_manager().metrics()


def _complete_metric(
    _ctx: click.Context, _param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    return [
        CompletionItem(name, help=metric.description)
        for name, metric in sorted(_metrics().items())
        if name.startswith(incomplete)
    ]


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def _csv(table: Table) -> str:
    return tables.csv_text(table.columns, table.rows)


def _print_tables(tables: list[tuple[Metric, Table]]) -> None:
    from rich.table import Table as RichTable  # noqa: PLC0415

    console = results_console()
    for metric, table in tables:
        title = f"{table.metric}" + (f" by {', '.join(table.by)}" if table.by else "")
        shown = RichTable(title=title, caption=f"{metric.description} (unit: {table.unit.value})")
        width = len(table.by)
        for index, column in enumerate(table.columns):
            shown.add_column(column, justify="left" if index < width else "right", overflow="fold")
        for row in table.rows:
            shown.add_row(*(_cell(v) for v in row))
        console.print(shown)


def _print_list(metrics: dict[str, Metric], fmt: str) -> None:
    items = [
        {
            "name": name,
            "description": metric.description,
            "unit": metric.unit.value,
            "value_columns": list(metric.value_columns),
        }
        for name, metric in sorted(metrics.items())
    ]
    if fmt == "json":
        click.echo(dumps({"metrics": items, "dimensions": sorted(DIMENSIONS)}))
        return
    if fmt == "csv":
        rows = [[str(i["name"]), str(i["unit"]), str(i["description"])] for i in items]
        click.echo(tables.csv_text(["name", "unit", "description"], rows), nl=False)
        return
    for item in items:
        click.echo(f"{item['name']}  [{item['unit']}]")
        click.echo(f"    {item['description']}")
    click.echo(f"\nDimensions for --by: {', '.join(sorted(DIMENSIONS))}")


@click.command("metrics", cls=UprCommand, epilog=EPILOG)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "-m",
    "--metric",
    "names",
    multiple=True,
    metavar="NAME",
    shell_complete=_complete_metric,
    help="Metric to compute (repeatable; default: responses). `upr metrics --list` names them.",
)
@click.option(
    "--by",
    "dims",
    multiple=True,
    type=click.Choice(sorted(DIMENSIONS)),
    metavar="DIMENSION",
    help="Group by this dimension (repeatable: groups are the product): "
    + ", ".join(sorted(DIMENSIONS))
    + ".",
)
@format_option(
    "table",
    "json",
    "csv",
    help="table: one table per metric; json: see below; csv: one metric's table.",
)
@click.option("--list", "list_only", is_flag=True, help="List the metrics and dimensions.")
@input_format_option()
@quiet_option
def metrics(
    paths: tuple[Path, ...],
    names: tuple[str, ...],
    dims: tuple[str, ...],
    fmt: str,
    list_only: bool,
    input_format: str | None,
) -> None:
    """Compute metrics over PATHS (default: the embedded Viet Nam dossier).

    Each metric states its unit: recommendation paragraphs, or recommendation x
    recommending-state rows (the UPR Info unit).
    """
    registered = _metrics()
    if list_only:
        _print_list(registered, fmt)
        return
    chosen = list(dict.fromkeys(names or DEFAULT_METRICS))
    unknown = [n for n in chosen if n not in registered]
    if unknown:
        raise click.BadParameter(
            f"unknown metric {', '.join(map(repr, unknown))}; valid metrics:"
            f" {', '.join(sorted(registered))}",
            param_hint="'--metric'",
        )
    if fmt == "csv" and len(chosen) > 1:
        raise click.UsageError("--format csv writes one table: give one --metric (or use json)")
    dataset, source, reports = dataset_or_dossier(paths, input_format)
    tables = [(registered[n], compute(dataset, n, dims)) for n in chosen]
    if fmt == "json":
        data = {
            "source": source,
            "imports": [report_dict(r) for r in reports],
            "metrics": [
                {
                    "metric": t.metric,
                    "description": m.description,
                    "unit": t.unit.value,
                    "by": list(t.by),
                    "columns": list(t.columns),
                    "rows": t.to_records(),
                }
                for m, t in tables
            ],
        }
        click.echo(dumps(data))
    elif fmt == "csv":
        click.echo(_csv(tables[0][1]), nl=False)
    else:
        _print_tables(tables)


__all__ = ["DEFAULT_METRICS", "metrics"]
