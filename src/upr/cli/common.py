"""What every ``upr`` command shares: error handling, ``--quiet``, progress, JSON.

Conventions (``docs/cli.md``):

* **Exit codes**: 0 success; 1 a data problem (a rejected row in ``upr import``
  or ``upr validate``, an unreadable file, any :class:`~upr.errors.UprError`);
  2 a usage error (bad option or argument: click's default).
* A :class:`~upr.errors.UprError` never shows a traceback: :class:`UprCommand`
  and :class:`UprGroup` turn it into one line on stderr naming the file, the
  location, the field and the reason (``Error: x.csv, line 12, field 'To': ...``).
* **stdout** carries the result (tables, reports, JSON); **stderr** carries
  notes (which data was used, per-source import summaries, ``wrote FILE``) and
  the progress display. ``--quiet`` (``upr -q CMD`` or ``upr CMD -q``) hides
  notes and progress, never results or problems.
* The progress display (rich) is drawn on stderr only when it is a terminal.

rich is imported when a progress display or a rich table is drawn, so that
``upr --help`` stays fast.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click
from click.shell_completion import CompletionItem

from upr.api.facade import read
from upr.core import kinds
from upr.core.dataset import Dataset
from upr.errors import UprError
from upr.io import datasets
from upr.io.sink import ErrorMode, ImportReport, ImportResult, Problem
from upr.names import closest
from upr.plugins.manager import default_manager

F = TypeVar("F", bound=Callable[..., Any])

QUIET_KEY = "upr.quiet"
"""Key of the ``--quiet`` flag in ``click.Context.meta`` (shared by nested contexts)."""

DOSSIER = "embedded:viet-nam"
"""How JSON output names the embedded Viet Nam dossier used when no file is given."""


def one_line(text: str) -> str:
    """``text`` with every run of whitespace (line breaks included) as one space."""
    return re.sub(r"\s+", " ", text).strip()


def _os_error_message(exc: OSError) -> str:
    where = exc.filename if exc.filename is not None else "<file>"
    return f"{where}: {exc.strerror or exc}"


@contextmanager
def friendly_errors() -> Iterator[None]:
    """Turn a ``UprError`` or an ``OSError`` into a one-line click error (exit 1)."""
    try:
        yield
    except (click.ClickException, click.exceptions.Exit, click.Abort):
        raise
    except UprError as exc:
        raise click.ClickException(one_line(str(exc))) from exc
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise click.ClickException(one_line(_os_error_message(exc))) from exc


class UprCommand(click.Command):
    """A click command whose ``upr`` errors end as one line on stderr and exit 1."""

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command, translating ``UprError``/``OSError`` (see :func:`friendly_errors`)."""
        with friendly_errors():
            return super().invoke(ctx)


class UprGroup(click.Group):
    """A click group whose commands (and sub-groups) are :class:`UprCommand`/:class:`UprGroup`."""

    command_class = UprCommand
    group_class = type  # sub-groups made with ``@group.group()`` are UprGroups too

    def invoke(self, ctx: click.Context) -> Any:
        """Run the group and its subcommand, translating ``upr`` errors."""
        with friendly_errors():
            return super().invoke(ctx)


def _set_quiet(ctx: click.Context, _param: click.Parameter, value: bool) -> bool:
    if value:
        ctx.meta[QUIET_KEY] = True
    return value


def quiet_option(function: F) -> F:
    """Add ``-q/--quiet`` (no progress display, no notes; results and problems stay)."""
    option = click.option(
        "-q",
        "--quiet",
        is_flag=True,
        expose_value=False,
        is_eager=True,
        callback=_set_quiet,
        help="No progress display and no notes on stderr (results and problems still shown).",
    )
    return option(function)


def is_quiet(ctx: click.Context | None = None) -> bool:
    """True when ``--quiet`` was given to ``upr`` or to the running command."""
    ctx = ctx or click.get_current_context(silent=True)
    return bool(ctx is not None and ctx.meta.get(QUIET_KEY))


def note(message: str) -> None:
    """Print a note on stderr (hidden by ``--quiet``)."""
    if not is_quiet():
        click.echo(message, err=True)


def results_console() -> Any:
    """A rich console for results on stdout: on a terminal as wide as it is; piped
    or redirected, wide enough that no table is cut or wrapped."""
    from rich.console import Console  # noqa: PLC0415 - keep `upr --help` fast

    console = Console(soft_wrap=True)
    if not console.is_terminal:
        console = Console(soft_wrap=True, width=10_000)
    return console


def dumps(data: Any) -> str:
    """Indented JSON, UTF-8 text kept as is; dates and other values as strings."""
    return json.dumps(data, indent=2, ensure_ascii=False, default=str)


def problem_dict(problem: Problem) -> dict[str, Any]:
    """A rejected row or a warning as JSON: where (file, sheet, line, row,
    paragraph, field), why (``reason``), and the one-line ``message``."""
    where = problem.location
    return {
        "file": where.file,
        "sheet": where.sheet,
        "line": where.line,
        "row": where.row,
        "paragraph": where.paragraph,
        "field": where.field,
        "reason": problem.reason,
        "message": one_line(str(problem)),
    }


def report_dict(report: ImportReport) -> dict[str, Any]:
    """An import report as JSON (the ``sources`` items of ``upr import --format json``)."""
    return {
        "source": report.source,
        "format": report.format,
        "rows_read": report.rows_read,
        "created": report.created,
        "merged": report.merged,
        "rejected": len(report.rejected),
        "warnings": len(report.warnings),
        "conflicts": len(report.conflicts),
        "balanced": report.balanced,
        "kinds": dict(report.kinds),
        "rejections": [problem_dict(p) for p in report.rejected],
        "warning_details": [problem_dict(p) for p in report.warnings],
    }


def totals_dict(reports: Sequence[ImportReport]) -> dict[str, int]:
    """Rows read, created, merged, rejected and warnings summed over ``reports``."""
    return {
        "sources": len(reports),
        "rows_read": sum(r.rows_read for r in reports),
        "created": sum(r.created for r in reports),
        "merged": sum(r.merged for r in reports),
        "rejected": sum(len(r.rejected) for r in reports),
        "warnings": sum(len(r.warnings) for r in reports),
    }


def record_counts(dataset: Dataset) -> dict[str, int]:
    """How many records of each kind ``dataset`` holds (:data:`upr.core.kinds.KINDS`
    but conflicts; kinds with none left out)."""
    counts = {
        kind.attribute: len(getattr(dataset, kind.attribute))
        for kind in kinds.KINDS
        if kind.attribute != "conflicts"
    }
    return {kind: n for kind, n in counts.items() if n}


def _check_output(_ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
    if value is None:
        return None
    if value.is_dir():
        raise click.BadParameter(f"{str(value)!r} is a directory, not a file", param=param)
    parent = value.parent
    if not parent.is_dir():
        raise click.BadParameter(f"directory {str(parent)!r} does not exist", param=param)
    return value


def format_option(*choices: str, help: str) -> Callable[[F], F]:
    """``--format`` with ``choices`` (the first is the default): what to print."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(list(choices)),
        default=choices[0],
        show_default=True,
        help=help,
    )


def output_option(help: str, *, required: bool = False) -> Callable[[F], F]:
    """``-o/--output FILE``; a missing directory is a usage error (exit 2)."""
    return click.option(
        "-o",
        "--output",
        required=required,
        type=click.Path(path_type=Path, dir_okay=False),
        callback=_check_output,
        help=help,
    )


def _importer_names() -> list[str]:

    return sorted(default_manager().importers())


def _complete_importer(
    _ctx: click.Context, _param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    return [CompletionItem(n) for n in _importer_names() if n.startswith(incomplete)]


def _check_importer(_ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    names = _importer_names()
    if value not in names:
        hint = closest(value, names)
        raise click.BadParameter(
            f"unknown importer {value!r}"
            + (f" (did you mean {', '.join(hint)}?)" if hint else "")
            + f"; importers: {', '.join(names)}",
            param=param,
        )
    return value


def input_format_option(*names: str) -> Callable[[F], F]:
    """``--input-format NAME``: force an importer (``upr plugins`` lists them).

    ``names`` adds older spellings of the option (``--importer`` in ``upr graph``).
    """
    return click.option(
        "--input-format",
        *names,
        "input_format",
        default=None,
        metavar="IMPORTER",
        callback=_check_importer,
        shell_complete=_complete_importer,
        help="Importer to read the files with (default: detected per file; `upr plugins`).",
    )


def read_sources(
    sources: Sequence[Path], input_format: str | None = None, errors: ErrorMode = "collect"
) -> ImportResult:
    """:func:`upr.read` of ``sources`` with a progress display on stderr (files done,
    rows read) unless quiet or not a terminal."""
    from rich.console import Console  # noqa: PLC0415 - keep `upr --help` fast
    from rich.progress import (  # noqa: PLC0415
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    console = Console(stderr=True)
    shown = not is_quiet() and console.is_terminal
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not shown,
    ) as progress:
        task = progress.add_task("reading", total=len(sources))
        current = [""]

        def started(path: Path) -> None:
            if current[0]:
                progress.advance(task)
            current[0] = path.name
            progress.update(task, description=path.name)

        def advance(rows: int) -> None:
            if rows % 500 == 0:
                progress.update(task, description=f"{current[0]}: {rows:,} rows")

        result = read(
            sources, format=input_format, errors=errors, progress=advance, on_file=started
        )
        progress.advance(task)
    return result


def dataset_or_dossier(
    sources: Sequence[Path], input_format: str | None = None
) -> tuple[Dataset, list[str], tuple[ImportReport, ...]]:
    """The fused dataset of ``sources`` (their import summaries noted on stderr), or
    the embedded Viet Nam dossier when none are given (said on stderr).

    Returns the dataset, what it was read from (file names or :data:`DOSSIER`)
    and the import reports (none for the dossier).
    """
    if sources:
        result = read_sources(sources, input_format)
        for report in result.reports:
            note(report.summary())
            for problem in report.rejected[:5]:
                note(f"  rejected: {one_line(str(problem))}")
            if len(report.rejected) > 5:
                note(f"  ... and {len(report.rejected) - 5} more (upr validate lists them)")
        return result.dataset, [str(s) for s in sources], result.reports
    try:
        dataset = datasets.viet_nam()
    except (OSError, UprError) as exc:
        raise click.ClickException(
            f"no files given and the embedded Viet Nam dossier is not available ({exc});"
            " pass the files to read"
        ) from exc
    note(
        f"no files given: using the embedded Viet Nam dossier (upr.datasets.viet_nam(),"
        f" {len(dataset)} recommendations)"
    )
    return dataset, [DOSSIER], ()


__all__ = [
    "DOSSIER",
    "QUIET_KEY",
    "UprCommand",
    "UprGroup",
    "dataset_or_dossier",
    "dumps",
    "friendly_errors",
    "input_format_option",
    "is_quiet",
    "note",
    "one_line",
    "output_option",
    "problem_dict",
    "quiet_option",
    "read_sources",
    "record_counts",
    "report_dict",
    "results_console",
    "totals_dict",
]
