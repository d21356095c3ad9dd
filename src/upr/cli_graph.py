"""``upr graph SOURCE... --output FILE``: build the recommendation graph and export it.

Registered in :mod:`upr.cli` with ``main.add_command(graph)``.
"""

from __future__ import annotations

import time
from pathlib import Path

import click

from upr.errors import UprError
from upr.importing import read


@click.command("graph")
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o", "--output", required=True, type=click.Path(path_type=Path), help="File to write."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["graphml", "gexf", "json"]),
    default=None,
    help="Export format (default: from the output suffix, .graphml/.gexf/.json).",
)
@click.option("--importer", default=None, help="Importer name for SOURCES (default: detect).")
@click.option(
    "--ratifications/--no-ratifications",
    default=True,
    show_default=True,
    help="Add the reference ratification table for the states in the graph.",
)
@click.option("--repeats/--no-repeats", default=True, show_default=True, help="Repeat edges.")
@click.option("--overlaps/--no-overlaps", default=True, show_default=True, help="Overlap edges.")
def graph(
    sources: tuple[Path, ...],
    output: Path,
    fmt: str | None,
    importer: str | None,
    ratifications: bool,
    repeats: bool,
    overlaps: bool,
) -> None:
    """Read SOURCES, build the recommendation graph, write it to OUTPUT."""
    from upr import graph as upr_graph  # noqa: PLC0415 - keep ``upr --help`` fast

    try:
        chosen = upr_graph.io.format_for(output, fmt)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--output/--format") from exc
    started = time.perf_counter()
    try:
        result = read(list(sources), format=importer, errors="collect")
    except UprError as exc:
        raise click.ClickException(str(exc)) from exc
    for report in result.reports:
        click.echo(report.summary(), err=True)
    built = upr_graph.build(
        result.dataset, ratifications=ratifications, repeats=repeats, overlaps=overlaps
    )
    upr_graph.write(built, output, chosen)
    counts = upr_graph.summary(built)
    nodes = ", ".join(f"{k} {v}" for k, v in counts["nodes"].items())
    edges = ", ".join(f"{k} {v}" for k, v in counts["edges"].items())
    click.echo(
        f"wrote {output} ({chosen}): {built.number_of_nodes()} nodes ({nodes}); "
        f"{built.number_of_edges()} edges ({edges}) in {time.perf_counter() - started:.1f} s"
    )


__all__ = ["graph"]
