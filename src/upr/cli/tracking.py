"""``upr tracking``: tracking-sheet templates, implementation status, mid-term tables.

Registered in :mod:`upr.cli` with ``main.add_command(tracking)``::

    upr tracking template --review UPR-VNM-2 [SOURCE...] -o sheet.xlsx
    upr tracking status SHEET [SOURCE...] [--as-of 2018-12-31] [--by agency] [--format json]
    upr tracking midterm SHEET [SOURCE...] [--review R] [--as-of D] [-o table.xlsx]

SOURCES are any files ``upr import`` reads; without them ``template`` uses the
embedded Viet Nam dossier (:func:`upr.io.datasets.viet_nam`). The sheet is read
with the ``tracking-sheet`` importer and written with its exporter (layout:
``docs/tracking.md``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs
import click

from upr.analysis import tracking as upr_tracking
from upr.analysis.metrics import Table
from upr.api.facade import export
from upr.cli.common import (
    UprGroup,
    dataset_or_dossier,
    dumps,
    format_option,
    note,
    one_line,
    output_option,
    quiet_option,
    read_sources,
    report_dict,
)
from upr.core.dataset import Dataset
from upr.io.sink import ImportReport, ImportResult

FORMAT = "tracking-sheet"
BY_CHOICES = ("agency", "lead_agency", "group", "assessor", "review")

GROUP_EPILOG = """\b
Examples:
  upr tracking template --review UPR-VNM-2 -o sheet.xlsx
  upr tracking status sheet.xlsx --as-of 2018-12-31 --by agency
  upr tracking status sheet.xlsx --format json
  upr tracking midterm sheet.xlsx --review UPR-VNM-2 -o midterm.xlsx

Sheet layout: docs/tracking.md."""


def _dataset(sources: Sequence[Path]) -> Dataset:
    """The fused dataset of SOURCES, or the embedded dossier when none are given."""
    return dataset_or_dossier(sources)[0]


def _date(value: dt.datetime | None) -> dt.date | None:
    return None if value is None else value.date()


@click.group("tracking", cls=UprGroup, epilog=GROUP_EPILOG)
@quiet_option
def tracking() -> None:
    """National implementation tracking: sheet templates, status and mid-term tables."""


TEMPLATE_EPILOG = """\b
Examples:
  upr tracking template --review UPR-VNM-2 -o sheet.xlsx        # embedded dossier
  upr tracking template --review UPR-VNM-2 --response supported -o sheet.csv
  upr tracking template --review UPR-VNM-2 vietnam2014.txt 17-20.csv -o sheet.xlsx

\b
JSON keys (--format json): output, review, recommendations, agencies."""


@tracking.command("template", epilog=TEMPLATE_EPILOG)
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option("--review", required=True, help="Review id, e.g. UPR-VNM-2.")
@click.option(
    "--response",
    "responses",
    multiple=True,
    help="Only recommendations with this response (e.g. supported); repeatable.",
)
@output_option(
    "Template to write (.xlsx: every sheet; .csv: the tracking table only).", required=True
)
@format_option("text", "json", help="Format of the summary (what was written).")
@quiet_option
def template(
    sources: tuple[Path, ...], review: str, responses: tuple[str, ...], output: Path, fmt: str
) -> None:
    """Write a tracking-sheet template prefilled with the recommendations of REVIEW."""
    if output.suffix.lower() not in (".xlsx", ".csv"):
        raise click.BadParameter("write the template as .xlsx or .csv", param_hint="--output")
    dataset = _dataset(sources)
    part = dataset.filter(review=review, response=list(responses) or None)
    if not part.recommendations:
        known = sorted({r.review for r in dataset.recommendations})
        raise click.ClickException(
            f"no recommendations of review {review!r} in the data"
            + (f" (reviews with recommendations: {', '.join(known[:20])})" if known else "")
        )
    state = part.recommendations[0].state_under_review
    sheet = Dataset(
        recommendations=part.recommendations,
        reviews=part.reviews,
        agencies=tuple(a for a in dataset.agencies if a.state == state),
        plans=part.plans,
        actions=part.actions,
        assessments=part.assessments,
    )
    export(sheet, output, format=FORMAT)
    if fmt == "json":
        click.echo(
            dumps(
                {
                    "output": str(output),
                    "review": review,
                    "recommendations": len(sheet.recommendations),
                    "agencies": len(sheet.agencies),
                }
            )
        )
        return
    note(
        f"wrote {output}: {len(sheet.recommendations)} recommendations of {review},"
        f" {len(sheet.agencies)} agencies"
    )


def _read_sheet(sheet: Path) -> ImportResult:
    result = read_sources([sheet], FORMAT)
    report = result.report
    if report.rejected and report.created == report.merged == 0:
        problems = "; ".join(one_line(str(p)) for p in report.rejected[:5])
        raise click.ClickException(f"nothing could be read from {sheet}: {problems}")
    return result


@attrs.frozen
class Checks:
    """What reading a sheet found: its import report, the records that do not fit
    the data, and assessors who disagree."""

    sheet: ImportReport
    problems: tuple[str, ...]
    disagreements: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        """The ``sheet``, ``problems`` and ``disagreements`` keys of the JSON output."""
        return {
            "sheet": report_dict(self.sheet),
            "problems": list(self.problems),
            "disagreements": list(self.disagreements),
        }

    def echo(self) -> None:
        """Text output: the sheet's summary (a note), its rejected rows and the problems."""
        note(self.sheet.summary())
        for problem in self.sheet.rejected:
            click.echo(f"  rejected: {one_line(str(problem))}")
        for line in self.problems:
            click.echo(f"  problem: {line}")
        for line in self.disagreements:
            click.echo(f"  assessors disagree: {line}")


def _tracked(
    sheet: Path, sources: Sequence[Path], review: str | None, as_of: dt.date | None
) -> tuple[Dataset, Dataset, Checks]:
    """(the data to compute over, the sheet's records, the checks)."""
    result = _read_sheet(sheet)
    tracked = result.dataset
    dataset = _dataset(sources).merge(tracked) if sources else tracked
    problems = tuple(one_line(str(p)) for p in upr_tracking.validate(dataset, tracked))
    reviews = [review] if review else sorted({p.review for p in tracked.plans})
    if reviews:
        dataset = dataset.filter(review=reviews)
    disagreements = tuple(one_line(str(d)) for d in upr_tracking.disagreements(dataset, as_of))
    return dataset, tracked, Checks(result.report, problems, disagreements)


def _markdown(table: Table, names: dict[str, str]) -> str:
    def show(column: str, value: object) -> str:
        if value is None:
            return "-"
        if column in ("agency", "lead_agency"):
            return names.get(str(value), str(value))
        return f"{value:.4g}" if isinstance(value, float) else str(value)

    shown = [[show(c, v) for c, v in zip(table.columns, row, strict=True)] for row in table.rows]
    width = len(table.by)
    rows = sorted(shown, key=lambda r: [(v == "-", v) for v in r[:width]])
    lines = ["| " + " | ".join(table.columns) + " |", "|" + "---|" * len(table.columns)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


STATUS_EPILOG = """\b
Examples:
  upr tracking status sheet.xlsx
  upr tracking status sheet.xlsx --as-of 2018-12-31 --by agency --by group
  upr tracking status sheet.csv vietnam2014.txt --by lead_agency
  upr tracking status sheet.xlsx --format json | jq '.tables[0].rows'

\b
JSON keys: as_of, sheet (import report), problems, disagreements, agencies
(id -> name), tables (by, columns, rows: one object per row)."""


@tracking.command("status", epilog=STATUS_EPILOG)
@click.argument("sheet", type=click.Path(path_type=Path))
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option("--as-of", type=click.DateTime(formats=["%Y-%m-%d"]), help="Status on this date.")
@click.option(
    "--by",
    "dims",
    type=click.Choice(BY_CHOICES),
    multiple=True,
    help="Group the rates (repeatable; default: agency, group and assessor tables).",
)
@click.option("--review", default=None, help="Only this review (default: the sheet's reviews).")
@format_option("text", "json", help="text: markdown tables; json: see below.")
@quiet_option
def status(
    sheet: Path,
    sources: tuple[Path, ...],
    as_of: dt.datetime | None,
    dims: tuple[str, ...],
    review: str | None,
    fmt: str,
) -> None:
    """Implementation rates and index of SHEET's recommendations (with SOURCES)."""
    day = _date(as_of)
    dataset, _, checks = _tracked(sheet, sources, review, day)
    names = {a.id: a.name for a in dataset.agencies}
    groupings: list[tuple[str, ...]] = [()]
    groupings += [(d,) for d in dims] if dims else [("agency",), ("group",), ("assessor",)]
    tables = [upr_tracking.implementation_rate(dataset, day, by=by) for by in groupings]
    if fmt == "json":
        data = {
            "as_of": None if day is None else day.isoformat(),
            **checks.to_json(),
            "agencies": names,
            "tables": [
                {"by": list(t.by), "columns": list(t.columns), "rows": t.to_records()}
                for t in tables
            ],
        }
        click.echo(dumps(data))
        return
    checks.echo()
    when = "latest assessments" if day is None else f"as of {day.isoformat()}"
    for by, table in zip(groupings, tables, strict=True):
        title = "all recommendations" if not by else f"by {by[0]}"
        click.echo(f"\nImplementation, {title} ({when}):\n")
        click.echo(_markdown(table, names))


MIDTERM_EPILOG = """\b
Examples:
  upr tracking midterm sheet.xlsx --review UPR-VNM-2          # markdown on stdout
  upr tracking midterm sheet.xlsx --as-of 2016-12-31 -o midterm.xlsx
  upr tracking midterm sheet.xlsx --format json > midterm.json

\b
JSON keys: title, review, as_of, summary and detail (columns, rows: one
object per row), sheet (import report), problems, disagreements."""


def _midterm_json(report: upr_tracking.MidtermReport, checks: Checks) -> dict[str, Any]:
    return {
        "title": report.title,
        "review": report.review,
        "as_of": None if report.as_of is None else report.as_of.isoformat(),
        "summary": {"columns": list(report.summary.columns), "rows": report.summary.to_records()},
        "detail": {"columns": list(report.detail.columns), "rows": report.detail.to_records()},
        **checks.to_json(),
    }


@tracking.command("midterm", epilog=MIDTERM_EPILOG)
@click.argument("sheet", type=click.Path(path_type=Path))
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option("--review", default=None, help="Review id (default: every review of the sheet).")
@click.option("--as-of", type=click.DateTime(formats=["%Y-%m-%d"]), help="Status on this date.")
@output_option("Write .csv (detail), .xlsx (summary and detail) or .md; default: stdout.")
@format_option("markdown", "json", help="What to print on stdout when there is no --output.")
@quiet_option
def midterm(
    sheet: Path,
    sources: tuple[Path, ...],
    review: str | None,
    as_of: dt.datetime | None,
    output: Path | None,
    fmt: str,
) -> None:
    """Mid-term report table: tracking state grouped by thematic group and agency."""
    day = _date(as_of)
    dataset, tracked, checks = _tracked(sheet, sources, review, day)
    reviews = sorted({p.review for p in tracked.plans})
    if review is None and len(reviews) == 1:
        review = reviews[0]
    report = upr_tracking.midterm_report(dataset, review, day)
    if fmt == "json" and output is None:
        click.echo(dumps(_midterm_json(report, checks)))
        return
    checks.echo()
    if output is None:
        click.echo(report.to_markdown())
        return
    report.write(output)
    note(f"wrote {output}: {len(report.detail.rows)} rows")


__all__ = ["Checks", "tracking"]
