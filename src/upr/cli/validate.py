"""``upr validate PATHS...``: check files without writing anything.

Each file is imported on its own with ``errors="collect"`` (format detected, or
``--input-format``); the command prints, per file, the rows read, created,
merged and rejected, every rejected row and every warning (file, location,
field, reason), and exits 1 if any row was rejected or a file could not be read
(or, with ``--strict``, if there is any warning), 0 otherwise.

Registered in :mod:`upr.cli` with ``main.add_command(validate)``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from upr.cli.common import (
    UprCommand,
    dumps,
    format_option,
    input_format_option,
    is_quiet,
    one_line,
    quiet_option,
    read_sources,
    report_dict,
)
from upr.errors import UprError
from upr.io.sink import ImportReport

EPILOG = """\b
Examples:
  upr validate ../shared/data/uprinfo/17-20.csv
  upr validate ../shared/data/wg-reports/*.txt --quiet     # only the problems
  upr validate upr1.xlsx --input-format sdg-explorer-xlsx --format json
  upr validate sheet.xlsx --strict                          # warnings fail too

\b
Exit status: 0 every row imported; 1 a row rejected, a file unreadable
(or a warning, with --strict).

\b
JSON keys: ok, strict, files (source, format, rows_read, created, merged,
rejected, warnings, conflicts, balanced, kinds, rejections, warning_details,
error, ok), totals (files, rows_read, created, merged, rejected, warnings,
errors)."""


def _file_entry(path: Path, input_format: str | None, strict: bool) -> dict[str, Any]:
    """The JSON entry of one file: its report, or the error that stopped it."""
    try:
        result = read_sources([path], input_format, "collect")
    except UprError as exc:
        return {"source": str(path), "format": input_format, "error": one_line(str(exc))}
    report: ImportReport = result.reports[0]
    entry = report_dict(report)
    entry["error"] = (
        None
        if report.balanced
        else (
            f"importer {report.format!r} reported {report.rows_read} rows read but"
            f" {report.created} created + {report.merged} merged + {len(report.rejected)}"
            " rejected: a bug in the importer"
        )
    )
    return entry


def _ok(entry: dict[str, Any], strict: bool) -> bool:
    if entry.get("error"):
        return False
    return not entry["rejected"] and not (strict and entry["warnings"])


def _text(entry: dict[str, Any]) -> list[str]:
    if "rows_read" not in entry:
        message = str(entry["error"])
        prefix = f"{entry['source']}: "
        return [f"ERROR {prefix}{message.removeprefix(prefix)}"]
    status = "ok" if entry["ok"] else "FAIL"
    lines = [
        f"{status} {entry['source']} ({entry['format']}): {entry['rows_read']} rows,"
        f" {entry['created']} created, {entry['merged']} merged, {entry['rejected']} rejected,"
        f" {entry['warnings']} warnings"
    ]
    lines += [f"  rejected: {p['message']}" for p in entry["rejections"]]
    lines += [f"  warning: {p['message']}" for p in entry["warning_details"]]
    if entry["error"]:
        lines.append(f"  error: {entry['error']}")
    return lines


@click.command("validate", cls=UprCommand, epilog=EPILOG)
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@input_format_option()
@format_option("text", "json", help="text: one line per file and one per problem; json: see below.")
@click.option("--strict", is_flag=True, help="Warnings fail the check too (exit 1).")
@quiet_option
@click.pass_context
def validate(
    ctx: click.Context, paths: tuple[Path, ...], input_format: str | None, fmt: str, strict: bool
) -> None:
    """Import each of PATHS (nothing written) and list every rejected row and warning.

    Each file is read on its own, with errors collected; its format is detected
    unless --input-format names the importer. A file that cannot be read at all
    (unknown format, not a zip, missing column) is reported as an error.
    """
    entries = []
    for path in paths:
        entry = _file_entry(path, input_format, strict)
        entry["ok"] = _ok(entry, strict)
        entries.append(entry)
    read_ok = [e for e in entries if "rows_read" in e]
    totals: dict[str, int] = {"files": len(entries)}
    for key in ("rows_read", "created", "merged", "rejected", "warnings"):
        totals[key] = sum(e[key] for e in read_ok)
    totals["errors"] = sum(1 for e in entries if e.get("error"))
    ok = all(e["ok"] for e in entries)
    if fmt == "json":
        click.echo(dumps({"ok": ok, "strict": strict, "files": entries, "totals": totals}))
    else:
        for entry in entries:
            if is_quiet() and entry["ok"]:
                continue
            lines = _text(entry)
            if is_quiet() and "rows_read" in entry:
                lines = lines[1:]  # the problems only
            for line in lines:
                click.echo(line)
        if not is_quiet():
            failed = sum(1 for e in entries if not e["ok"])
            click.echo(
                f"{len(entries)} file(s), {totals['rows_read']} rows: {len(entries) - failed} ok,"
                f" {failed} with problems ({totals['rejected']} rejected,"
                f" {totals['warnings']} warnings, {totals['errors']} unreadable)"
            )
    if not ok:
        ctx.exit(1)


__all__ = ["validate"]
