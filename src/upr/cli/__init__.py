"""The ``upr`` command line (click).

Commands: ``import``, ``validate``, ``report``, ``metrics``, ``graph``,
``tracking``, ``conflicts``, ``plugins``; the global options ``--quiet`` and
``-p no:NAME`` / ``--disable-plugin NAME``; conventions (exit codes,
``--quiet``, ``--format json``, stdout/stderr, shell completion) in
:mod:`upr.cli.common` and ``docs/cli.md``. Each command group lives in its own
module (:mod:`upr.cli.graph`, :mod:`upr.cli.metrics`, :mod:`upr.cli.tracking`,
:mod:`upr.cli.validate`, :mod:`upr.cli.conflicts`); heavy libraries are
imported inside the commands so that ``upr --help`` stays fast.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import click
from click.shell_completion import CompletionItem

import upr.plugins.manager as plugin_manager
from upr._version import __version__
from upr.api.facade import build_report, export
from upr.cli.common import (
    UprGroup,
    dataset_or_dossier,
    dumps,
    format_option,
    input_format_option,
    is_quiet,
    note,
    one_line,
    output_option,
    quiet_option,
    read_sources,
    record_counts,
    report_dict,
    results_console,
    totals_dict,
)
from upr.cli.conflicts import conflicts as conflicts_command
from upr.cli.graph import graph as graph_command
from upr.cli.metrics import metrics as metrics_command
from upr.cli.tracking import tracking as tracking_command
from upr.cli.validate import validate as validate_command
from upr.io.atomic import atomic_writer
from upr.io.sink import ErrorMode, ImportResult
from upr.render import report as upr_report

MAIN_EPILOG = """\b
Examples:
  upr plugins                                  # importers, metrics, exporters
  upr validate ../shared/data/uprinfo/*.csv    # exit 1 if a row is rejected
  upr import ../shared/data/uprinfo/17-20.csv -o uprinfo.jsonl
  upr report --state "Viet Nam" --format markdown
  upr metrics --metric responses --by cycle --format json
  upr graph vietnam.jsonl -o vietnam.graphml
  upr tracking template --review UPR-VNM-2 -o sheet.xlsx
  upr conflicts wg.txt uprinfo.csv --format json
  upr -p no:sdgexplorer plugins                # without a built-in plugin

\b
Exit codes: 0 ok; 1 data problem (rejected rows in import/validate,
unreadable file, a upr error: one line on stderr naming file, location,
field and reason); 2 usage error (bad option or argument).

\b
Shell completion (commands, options, importer and metric names, files):
  bash: eval "$(_UPR_COMPLETE=bash_source upr)"    # add to ~/.bashrc
  zsh:  eval "$(_UPR_COMPLETE=zsh_source upr)"     # add to ~/.zshrc
  fish: _UPR_COMPLETE=fish_source upr | source     # ~/.config/fish/completions/upr.fish

Documentation: docs/cli.md."""


def _disable_plugins(ctx: click.Context, _param: click.Parameter, value: tuple[str, ...]) -> None:
    """``--disable-plugin NAME`` / ``-p no:NAME``: add to the plugins not loaded
    (:data:`upr.plugins.manager.DISABLE_VARIABLE`) before any is.

    The setting lasts for this invocation only: when the command ends the
    variable is restored and the process-wide manager forgotten again, so that
    ``main(...)`` called in-process (tests, notebooks) does not leave plugins
    disabled for the code that runs after it.
    """
    if _param.name == "pytest_style":
        wrong = [v for v in value if not v.startswith("no:") or not v[3:]]
        if wrong:
            raise click.BadParameter(
                f"{wrong[0]!r}: -p only disables a plugin, as `-p no:NAME`"
                " (plugins are found through the `upr` entry points)",
                ctx=ctx,
                param=_param,
            )
        names = [v[3:] for v in value]
    else:
        names = list(value)
    if not names:
        return
    variable = plugin_manager.DISABLE_VARIABLE
    before = os.environ.get(variable)
    known = plugin_manager.disabled_by_environment()
    os.environ[variable] = ",".join(dict.fromkeys([*known, *names]))
    plugin_manager.default_manager.cache_clear()

    def restore() -> None:
        if before is None:
            os.environ.pop(variable, None)
        else:
            os.environ[variable] = before
        plugin_manager.default_manager.cache_clear()

    ctx.call_on_close(restore)


@click.group(cls=UprGroup, epilog=MAIN_EPILOG)
@click.version_option(__version__, "-V", "--version", prog_name="upr")
@click.option(
    "--disable-plugin",
    "disabled",
    multiple=True,
    metavar="NAME",
    expose_value=False,
    is_eager=True,
    callback=_disable_plugins,
    help="Do not load the plugin NAME (repeatable; also the environment variable"
    " UPR_DISABLE_PLUGINS=a,b).",
)
@click.option(
    "-p",
    "pytest_style",
    multiple=True,
    metavar="no:NAME",
    expose_value=False,
    is_eager=True,
    callback=_disable_plugins,
    help="The same as pytest's: `-p no:uprinfo` does not load the plugin uprinfo.",
)
@quiet_option
def main() -> None:
    """upr: UN human-rights recommendations (UPR and treaty bodies).

    Read the files the UN, UPR Info and research institutes publish, check
    them, fuse them, and compute reports, metrics, graphs and tracking tables.
    Without files, report and metrics use the embedded Viet Nam dossier.
    """


# -- plugins -------------------------------------------------------------------------------

PLUGINS_EPILOG = """\b
Examples:
  upr plugins
  upr plugins --format json | jq '.importers[].name'"""


@main.command("plugins", epilog=PLUGINS_EPILOG)
@format_option(
    "text", "json", help="text: a table; json: plugins, importers, metrics and exporters."
)
@quiet_option
def plugins_command(fmt: str) -> None:
    """List every plugin: version, hooks, what it provides and any failure.

    JSON keys: plugins (name, version, hooks, provides, failures, disabled), importers
    (name, description, extensions), metrics (name, description, unit),
    exporters (name, description, extensions).
    """
    manager = plugin_manager.default_manager()
    infos = manager.info()
    if fmt == "json":
        data = {
            "plugins": [
                {
                    "name": i.name,
                    "version": i.version,
                    "hooks": list(i.hooks),
                    "provides": list(i.provides),
                    "failures": list(i.failures),
                    "disabled": i.disabled,
                }
                for i in infos
            ],
            "importers": [
                {"name": n, "description": x.description, "extensions": list(x.extensions)}
                for n, x in sorted(manager.importers().items())
            ],
            "metrics": [
                {"name": n, "description": m.description, "unit": m.unit.value}
                for n, m in sorted(manager.metrics().items())
            ],
            "exporters": [
                {"name": n, "description": x.description, "extensions": list(x.extensions)}
                for n, x in sorted(manager.exporters().items())
            ],
        }
        click.echo(dumps(data))
        return
    from rich.table import Table as RichTable  # noqa: PLC0415

    table = RichTable()
    for column in ("plugin", "version", "hooks", "provides", "status"):
        table.add_column(column, overflow="fold")
    for info in infos:
        if info.failures:
            status = "[red]" + "; ".join(info.failures) + "[/red]"
        else:
            status = "disabled" if info.disabled else "ok"
        table.add_row(
            info.name, info.version or "-", "\n".join(info.hooks), "\n".join(info.provides), status
        )
    results_console().print(table)


# -- import --------------------------------------------------------------------------------


def read_with_progress(
    sources: tuple[Path, ...], fmt: str | None, errors: str = "collect"
) -> ImportResult:
    """Import ``sources`` with a progress display on stderr (see :func:`read_sources`)."""
    mode: ErrorMode = "raise" if errors == "raise" else "collect"
    return read_sources(sources, fmt, mode)


IMPORT_EPILOG = """\b
Examples:
  upr import ../shared/data/uprinfo/17-20.csv -o uprinfo.jsonl
  upr import upr1.xlsx upr2.xlsx vietnam2014.txt -o fused.jsonl
  upr import 1-5.csv --input-format uprinfo-csv --format json > summary.json
  upr import report.pdf --errors raise         # stop at the first bad row

\b
Exit status 1 when a row was rejected (the good rows are still written)."""

IMPORT_SHOWN = 20
"""Rejected rows listed per source in text output (``--format json`` lists all)."""


def _import_format(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """``--format text|json``; an importer name is still accepted there (the option's
    former meaning) and moved to ``--input-format`` with a note."""
    if value in ("text", "json"):
        return value

    if value in plugin_manager.default_manager().importers():
        note(f"--format {value}: use --input-format {value} to choose the importer")
        ctx.meta["upr.import.legacy_format"] = value
        return "text"
    raise click.BadParameter(
        f"{value!r} is not one of 'text', 'json' (choose an importer with --input-format)",
        param=param,
    )


def _complete_text_json(
    _ctx: click.Context, _param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    return [CompletionItem(x) for x in ("text", "json") if x.startswith(incomplete)]


@main.command("import", epilog=IMPORT_EPILOG)
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path))
@input_format_option()
@click.option(
    "--errors",
    type=click.Choice(["raise", "collect"]),
    default="collect",
    show_default=True,
    help="collect: import the good rows and list the rejected ones; raise: stop at the first.",
)
@output_option(
    "Write the fused dataset here, in the format of the suffix (.jsonl: lossless upr"
    " JSON Lines; .csv, .parquet, .xlsx: see `upr plugins`)."
)
@click.option(
    "--format",
    "fmt",
    default="text",
    show_default=True,
    callback=_import_format,
    shell_complete=_complete_text_json,
    metavar="[text|json]",
    help="Summary format: text, or json (keys: sources, totals, recommendations, records,"
    " conflicts, output).",
)
@quiet_option
@click.pass_context
def import_command(
    ctx: click.Context,
    sources: tuple[Path, ...],
    input_format: str | None,
    errors: str,
    output: Path | None,
    fmt: str,
) -> None:
    """Read SOURCES, print the import report, optionally write the fused dataset.

    Every row read is created, merged with the other rows of its
    recommendation in the same file (one UPR Info row per recommending state),
    or rejected with its file, location, field and reason. The files are then
    fused, whatever their order; -o writes the format of the file's suffix.
    """
    legacy = ctx.meta.get("upr.import.legacy_format")
    result = read_with_progress(sources, input_format or legacy, errors)
    if output is not None:
        export(result.dataset, output)  # the exporter for the suffix (.jsonl, .csv, .parquet)
    rejected = sum(len(r.rejected) for r in result.reports)
    if fmt == "json":
        click.echo(
            dumps(
                {
                    "sources": [report_dict(r) for r in result.reports],
                    "totals": totals_dict(result.reports),
                    "recommendations": len(result.dataset),
                    "records": record_counts(result.dataset),
                    "conflicts": len(result.dataset.conflicts),
                    "output": None if output is None else str(output),
                }
            )
        )
    else:
        for report in result.reports:
            if not is_quiet():
                click.echo(report.summary())
            for problem in report.rejected[:IMPORT_SHOWN]:
                click.echo(f"  rejected: {one_line(str(problem))}")
            if len(report.rejected) > IMPORT_SHOWN:
                click.echo(
                    f"  ... and {len(report.rejected) - IMPORT_SHOWN} more"
                    f" (upr validate {report.source} lists every one)"
                )
        if result.dataset.conflicts:
            note(f"{len(result.dataset.conflicts)} conflicts between sources")
        if output is not None:
            counts = ", ".join(f"{n} {k}" for k, n in record_counts(result.dataset).items())
            note(f"wrote {output} ({counts or 'no records'})")
    if rejected:
        ctx.exit(1)


# -- report --------------------------------------------------------------------------------

FORMATS = ("text", "markdown", "json", "html")

REPORT_EPILOG = """\b
Examples:
  upr report                                   # the embedded Viet Nam dossier
  upr report --cycle 2 --format markdown
  upr report ../shared/data/uprinfo/*.csv --state "Viet Nam" --format json -o vnm.json
  upr report --format html -o viet-nam.html

\b
JSON schema: docs/report.md (keys upr_report, title, filters, units, sources,
conflicts, reviews)."""


def _print_text_report(report: upr_report.Report) -> None:
    from rich.table import Table as RichTable  # noqa: PLC0415

    console = results_console()
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


@main.command("report", epilog=REPORT_EPILOG)
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option("--state", help="State under review (name or code).")
@click.option("--cycle", type=int, help="Cycle number.")
@click.option("--mechanism", help="Mechanism (UPR, CCPR/ICCPR, CAT, ...).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@output_option("Write to this file instead of stdout.")
@input_format_option()
@quiet_option
def report_command(
    sources: tuple[Path, ...],
    state: str | None,
    cycle: int | None,
    mechanism: str | None,
    fmt: str,
    output: Path | None,
    input_format: str | None,
) -> None:
    """Review report: figures per review, reported vs computed, top themes.

    Without SOURCES: the embedded Viet Nam dossier.
    """
    dataset, _, _ = dataset_or_dossier(sources, input_format)
    filters = {
        k: str(v)
        for k, v in (("state", state), ("cycle", cycle), ("mechanism", mechanism))
        if v is not None
    }
    if filters:
        dataset = dataset.filter(state=state, cycle=cycle, mechanism=mechanism)
    report = build_report(dataset, filters=filters)
    if fmt == "text" and output is None:
        _print_text_report(report)
        return
    renderers: dict[str, Any] = {
        "markdown": upr_report.to_markdown,
        "json": upr_report.to_json,
        "html": upr_report.to_html,
        "text": upr_report.to_markdown,
    }
    rendered: str = renderers[fmt](report)
    if output is None:
        click.echo(rendered)
    else:
        with atomic_writer(output) as stream:
            stream.write(rendered)
        note(f"wrote {output}")


main.add_command(validate_command)
main.add_command(conflicts_command)
main.add_command(metrics_command)
main.add_command(graph_command)
main.add_command(tracking_command)


__all__ = ["main", "read_with_progress"]
