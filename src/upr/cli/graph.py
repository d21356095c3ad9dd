"""``upr graph SOURCE... --output FILE``: build the recommendation graph and export it.

Registered in :mod:`upr.cli` with ``main.add_command(graph)``. networkx is
imported inside the command (``upr --help`` stays fast).
"""

from __future__ import annotations

import time
from pathlib import Path

import click

from upr.cli.common import (
    UprCommand,
    dumps,
    input_format_option,
    note,
    output_option,
    quiet_option,
    read_sources,
    report_dict,
)

EPILOG = """\b
Examples:
  upr graph ../shared/data/uprinfo/1-5.csv upr1.xlsx -o upr.graphml
  upr graph vietnam.jsonl -o vietnam.json --format json --no-overlaps
  upr graph vietnam.jsonl -o vietnam.gexf --stats-format json | jq .nodes

\b
--format is the format of the graph FILE; --stats-format that of the summary
printed on stdout. JSON summary keys: output, format, nodes, edges,
node_kinds, edge_kinds, seconds, sources (import reports)."""


@click.command("graph", cls=UprCommand, epilog=EPILOG)
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path))
@output_option("Graph file to write (.graphml, .gexf or .json).", required=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["graphml", "gexf", "json"]),
    default=None,
    help="Format of the graph file (default: from the output suffix, .graphml/.gexf/.json).",
)
@input_format_option("--importer")
@click.option(
    "--ratifications/--no-ratifications",
    default=True,
    show_default=True,
    help="Add the reference ratification table for the states in the graph.",
)
@click.option("--repeats/--no-repeats", default=True, show_default=True, help="Repeat edges.")
@click.option("--overlaps/--no-overlaps", default=True, show_default=True, help="Overlap edges.")
@click.option(
    "--stats-format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Format of the summary printed on stdout (node and edge counts).",
)
@quiet_option
def graph(
    sources: tuple[Path, ...],
    output: Path,
    fmt: str | None,
    input_format: str | None,
    ratifications: bool,
    repeats: bool,
    overlaps: bool,
    stats_format: str,
) -> None:
    """Read SOURCES, build the recommendation graph, write it to OUTPUT.

    Nodes: recommendations, states, reviews, cycles, mechanisms, treaties,
    agencies, themes, SDG targets; edges: who recommends what to whom, repeats
    across cycles, overlaps between mechanisms, ratifications (docs/graph.md).
    """
    import upr.graph as upr_graph  # noqa: PLC0415 - networkx: keeps ``upr --help`` fast

    try:
        chosen = upr_graph.io.format_for(output, fmt)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--output/--format") from exc
    started = time.perf_counter()
    result = read_sources(sources, input_format)
    for report in result.reports:
        note(report.summary())
    built = upr_graph.build(
        result.dataset, ratifications=ratifications, repeats=repeats, overlaps=overlaps
    )
    upr_graph.write(built, output, chosen)
    counts = upr_graph.summary(built)
    seconds = time.perf_counter() - started
    if stats_format == "json":
        click.echo(
            dumps(
                {
                    "output": str(output),
                    "format": chosen,
                    "nodes": built.number_of_nodes(),
                    "edges": built.number_of_edges(),
                    "node_kinds": counts["nodes"],
                    "edge_kinds": counts["edges"],
                    "seconds": round(seconds, 3),
                    "sources": [report_dict(r) for r in result.reports],
                }
            )
        )
        return
    nodes = ", ".join(f"{k} {v}" for k, v in counts["nodes"].items())
    edges = ", ".join(f"{k} {v}" for k, v in counts["edges"].items())
    click.echo(
        f"wrote {output} ({chosen}): {built.number_of_nodes()} nodes ({nodes}); "
        f"{built.number_of_edges()} edges ({edges}) in {seconds:.1f} s"
    )


__all__ = ["graph"]
