"""The ``upr`` command line (click): ``upr plugins``, ``upr import``, ``upr report``."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn
from rich.table import Table as RichTable

from upr import datasets
from upr import plugins as upr_plugins
from upr import report as upr_report
from upr._version import __version__
from upr.cli_graph import graph as graph_command
from upr.cli_tracking import tracking as tracking_command
from upr.errors import UprError
from upr.importing import ErrorMode, ImportResult, read
from upr.jsonl import atomic_writer

console = Console(soft_wrap=True)


@click.group()
@click.version_option(__version__, prog_name="upr")
def main() -> None:
    """upr: UN human-rights recommendations (UPR and treaty bodies)."""


@main.command("plugins")
def plugins_command() -> None:
    """List every plugin: version, hooks, what it provides and any failure."""
    manager = upr_plugins.default_manager()
    table = RichTable()
    for column in ("plugin", "version", "hooks", "provides", "status"):
        table.add_column(column, overflow="fold")
    for info in manager.info():
        status = "[red]" + "; ".join(info.failures) + "[/red]" if info.failures else "ok"
        table.add_row(
            info.name,
            info.version or "-",
            "\n".join(info.hooks),
            "\n".join(info.provides),
            status,
        )
    console.print(table)


def read_with_progress(sources: tuple[Path, ...], fmt: str | None, errors: str) -> ImportResult:
    """Import ``sources`` showing a rich progress line (rows read) on the console."""
    mode: ErrorMode = "collect" if errors == "collect" else "raise"
    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), console=console, transient=True
    ) as progress:
        task = progress.add_task("reading", total=None)

        def advance(rows: int) -> None:
            if rows % 500 == 0:
                progress.update(task, description=f"reading: {rows} rows")

        return read(list(sources), format=fmt, errors=mode, progress=advance)


@main.command("import")
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", default=None, help="Importer name (default: detect).")
@click.option(
    "--errors", type=click.Choice(["raise", "collect"]), default="collect", show_default=True
)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write upr JSON Lines here.")
def import_command(
    sources: tuple[Path, ...], fmt: str | None, errors: str, output: Path | None
) -> None:
    """Read SOURCES, print the import report, optionally write the fused dataset."""
    try:
        result = read_with_progress(sources, fmt, errors)
    except UprError as exc:
        raise click.ClickException(str(exc)) from exc
    for report in result.reports:
        console.print(report.summary())
        for problem in report.rejected[:20]:
            console.print(f"  [yellow]rejected[/yellow] {problem}")
        if len(report.rejected) > 20:
            console.print(f"  ... and {len(report.rejected) - 20} more")
    if result.dataset.conflicts:
        console.print(f"{len(result.dataset.conflicts)} conflicts between sources")
    if output is not None:
        result.dataset.to_jsonl(output)
        console.print(f"wrote {len(result.dataset)} recommendations to {output}")


FORMATS = ("text", "markdown", "json", "html")


def _print_text_report(report: upr_report.Report) -> None:
    console.print(f"[bold]{report.title}[/bold]")
    console.print(upr_report.units_note())
    overview = RichTable(*upr_report.OVERVIEW_HEADER, title="Reviews")
    for row in upr_report.overview_rows(report):
        overview.add_row(*row)
    console.print(overview)
    recon = upr_report.reconciliation_rows(report)
    if recon:
        table = RichTable(*upr_report.RECONCILIATION_HEADER, title="Reported vs computed")
        for row in recon:
            table.add_row(*row)
        console.print(table)
    for section in report.sections:
        if section.top_themes:
            themes = RichTable(
                "theme", "recommendations", title=f"Top themes, {section.figures.review}"
            )
            for theme, count in section.top_themes:
                themes.add_row(theme, str(count))
            console.print(themes)
    console.print("Sources: " + ("; ".join(report.sources) or "(none)"))
    if report.conflicts:
        console.print(f"{report.conflicts} conflicts between sources were recorded.")


@main.command("report")
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option("--state", help="State under review (name or code).")
@click.option("--cycle", type=int, help="Cycle number.")
@click.option("--mechanism", help="Mechanism (UPR, CCPR/ICCPR, CAT, ...).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write to a file.")
def report_command(
    sources: tuple[Path, ...],
    state: str | None,
    cycle: int | None,
    mechanism: str | None,
    fmt: str,
    output: Path | None,
) -> None:
    """Review report. Without SOURCES: the embedded Viet Nam dossier."""
    try:
        if sources:
            result = read_with_progress(sources, None, "collect")
            for item in result.reports:
                console.print(item.summary(), style="dim", highlight=False)
            dataset = result.dataset
        else:
            dataset = datasets.viet_nam()
        filters = {
            k: str(v)
            for k, v in (("state", state), ("cycle", cycle), ("mechanism", mechanism))
            if v is not None
        }
        if filters:
            dataset = dataset.filter(state=state, cycle=cycle, mechanism=mechanism)
        report = upr_report.build(dataset, filters=filters)
    except UprError as exc:
        raise click.ClickException(str(exc)) from exc
    if fmt == "text" and output is None:
        _print_text_report(report)
        return
    rendered = {
        "markdown": upr_report.to_markdown,
        "json": upr_report.to_json,
        "html": upr_report.to_html,
        "text": upr_report.to_markdown,
    }[fmt](report)
    if output is None:
        click.echo(rendered)
    else:
        with atomic_writer(output) as stream:
            stream.write(rendered)
        console.print(f"wrote {output}")


main.add_command(graph_command)
main.add_command(tracking_command)
