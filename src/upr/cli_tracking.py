"""``upr tracking``: tracking-sheet templates, implementation status, mid-term tables.

Registered in :mod:`upr.cli` with ``main.add_command(tracking)``::

    upr tracking template --review UPR-VNM-2 [SOURCE...] -o sheet.xlsx
    upr tracking status SHEET [SOURCE...] [--as-of 2018-12-31] [--by agency]
    upr tracking midterm SHEET [SOURCE...] [--review R] [--as-of D] [-o table.xlsx]

SOURCES are any files ``upr import`` reads; without them ``template`` uses the
embedded Viet Nam dossier (:func:`upr.datasets.viet_nam`). The sheet is read
with the ``tracking-sheet`` importer and written with its exporter (layout:
``docs/tracking.md``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import click

from upr import datasets
from upr import tracking as upr_tracking
from upr.dataset import Dataset
from upr.errors import UprError
from upr.exporting import export
from upr.importing import ImportResult, read
from upr.metrics import Table

FORMAT = "tracking-sheet"
BY_CHOICES = ("agency", "lead_agency", "group", "assessor", "review")


def _fail(exc: UprError) -> click.ClickException:
    return click.ClickException(str(exc))


def _sources(sources: Sequence[Path]) -> Dataset:
    """The fused dataset of SOURCES, or the embedded dossier when none are given."""
    if sources:
        try:
            result = read(list(sources), errors="collect")
        except UprError as exc:
            raise _fail(exc) from exc
        for report in result.reports:
            click.echo(report.summary(), err=True)
        return result.dataset
    try:
        return datasets.viet_nam()
    except (OSError, UprError) as exc:
        raise click.ClickException(
            f"no SOURCES given and the embedded Viet Nam dossier is not available ({exc});"
            " pass the files to read"
        ) from exc


def _date(value: dt.datetime | None) -> dt.date | None:
    return None if value is None else value.date()


@click.group("tracking")
def tracking() -> None:
    """National implementation tracking: sheet templates, status and mid-term tables."""


@tracking.command("template")
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option("--review", required=True, help="Review id, e.g. UPR-VNM-2.")
@click.option(
    "--response",
    "responses",
    multiple=True,
    help="Only recommendations with this response (e.g. supported); repeatable.",
)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(path_type=Path),
    help="Template to write (.xlsx: every sheet; .csv: the tracking table only).",
)
def template(
    sources: tuple[Path, ...], review: str, responses: tuple[str, ...], output: Path
) -> None:
    """Write a tracking-sheet template prefilled with the recommendations of REVIEW."""
    if output.suffix.lower() not in (".xlsx", ".csv"):
        raise click.BadParameter("write the template as .xlsx or .csv", param_hint="--output")
    dataset = _sources(sources)
    try:
        part = dataset.filter(review=review, response=list(responses) or None)
    except UprError as exc:
        raise _fail(exc) from exc
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
    try:
        export(sheet, output, format=FORMAT)
    except UprError as exc:
        raise _fail(exc) from exc
    click.echo(
        f"wrote {output}: {len(sheet.recommendations)} recommendations of {review},"
        f" {len(sheet.agencies)} agencies"
    )


def _read_sheet(sheet: Path) -> ImportResult:
    try:
        result = read(sheet, format=FORMAT, errors="collect")
    except UprError as exc:
        raise _fail(exc) from exc
    report = result.report
    if report.rejected and report.created == report.merged == 0:
        problems = "; ".join(str(p) for p in report.rejected[:5])
        raise click.ClickException(f"nothing could be read from {sheet}: {problems}")
    click.echo(report.summary())
    for problem in report.rejected:
        click.echo(f"  rejected: {problem}")
    return result


def _tracked(
    sheet: Path, sources: Sequence[Path], review: str | None, as_of: dt.date | None
) -> tuple[Dataset, Dataset]:
    """(the data to compute over, the sheet's records); prints the checks."""
    tracked = _read_sheet(sheet).dataset
    dataset = _sources(sources).merge(tracked) if sources else tracked
    problems = upr_tracking.validate(dataset, tracked)
    for problem in problems:
        click.echo(f"  problem: {problem}")
    reviews = [review] if review else sorted({p.review for p in tracked.plans})
    if reviews:
        dataset = dataset.filter(review=reviews)
    for item in upr_tracking.disagreements(dataset, as_of):
        click.echo(f"  assessors disagree: {item}")
    return dataset, tracked


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


@tracking.command("status")
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
def status(
    sheet: Path,
    sources: tuple[Path, ...],
    as_of: dt.datetime | None,
    dims: tuple[str, ...],
    review: str | None,
) -> None:
    """Implementation rates and index of SHEET's recommendations (with SOURCES)."""
    day = _date(as_of)
    dataset, _ = _tracked(sheet, sources, review, day)
    names = {a.id: a.name for a in dataset.agencies}
    when = "latest assessments" if day is None else f"as of {day.isoformat()}"
    groupings: list[tuple[str, ...]] = [()]
    groupings += [(d,) for d in dims] if dims else [("agency",), ("group",), ("assessor",)]
    for by in groupings:
        table = upr_tracking.implementation_rate(dataset, day, by=by)
        title = "all recommendations" if not by else f"by {by[0]}"
        click.echo(f"\nImplementation, {title} ({when}):\n")
        click.echo(_markdown(table, names))


@tracking.command("midterm")
@click.argument("sheet", type=click.Path(path_type=Path))
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option("--review", default=None, help="Review id (default: every review of the sheet).")
@click.option("--as-of", type=click.DateTime(formats=["%Y-%m-%d"]), help="Status on this date.")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Write .csv (detail), .xlsx (summary and detail) or .md; default: markdown on stdout.",
)
def midterm(
    sheet: Path,
    sources: tuple[Path, ...],
    review: str | None,
    as_of: dt.datetime | None,
    output: Path | None,
) -> None:
    """Mid-term report table: tracking state grouped by thematic group and agency."""
    day = _date(as_of)
    dataset, tracked = _tracked(sheet, sources, review, day)
    reviews = sorted({p.review for p in tracked.plans})
    if review is None and len(reviews) == 1:
        review = reviews[0]
    report = upr_tracking.midterm_report(dataset, review, day)
    if output is None:
        click.echo(report.to_markdown())
        return
    try:
        report.write(output)
    except UprError as exc:
        raise _fail(exc) from exc
    click.echo(f"wrote {output}: {len(report.detail.rows)} rows")


__all__ = ["tracking"]
