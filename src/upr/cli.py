"""The ``upr`` command line (click): ``upr plugins``, ``upr import``, ``upr report``."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn
from rich.table import Table as RichTable

from upr import plugins as upr_plugins
from upr._version import __version__
from upr.errors import UprError
from upr.importing import ErrorMode, ImportResult, read

console = Console(soft_wrap=True)


@click.group()
@click.version_option(__version__, prog_name="upr")
def main() -> None:
    """upr: UN human-rights recommendations (UPR and treaty bodies)."""


@main.command("plugins")
def plugins_command() -> None:
    """List every plugin: version, hooks, what it provides and any failure."""
    manager = upr_plugins.default_manager()
    table = RichTable("plugin", "version", "hooks", "provides", "status")
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
