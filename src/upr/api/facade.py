"""The facade: the functions that use the registered plugins.

``read``, ``load`` and ``scan`` choose an importer per file (or take the one
named) from the plugin manager and run it; ``export`` chooses an exporter;
``compute`` computes a registered metric; ``build_report`` builds the review
report from the registered metrics. This is the only place in ``upr`` that
looks plugins up: every layer below takes importers, exporters and metrics as
arguments (docs/architecture.md).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from upr.analysis.metrics import Table
from upr.core.dataset import Dataset, fuse_datasets
from upr.errors import DataError, Location
from upr.io.exporting import choose
from upr.io.importing import Source, detect, run
from upr.io.sink import ErrorMode, ImportReport, ImportResult, ImportSink, StreamSink
from upr.plugins.manager import Manager, default_manager
from upr.render.report import Report, build

Progress = Callable[[int], None]
"""Called with the number of rows read so far in the current file."""


def _manager(manager: Manager | None) -> Manager:
    return manager or default_manager()


def read_one(
    path: str | Path,
    *,
    format: str | None = None,
    errors: ErrorMode = "raise",
    manager: Manager | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Import one file (see :func:`read`)."""
    pm = _manager(manager)
    source = Source(Path(path))
    if not source.path.is_file():
        reason = "is a directory, not a file" if source.path.is_dir() else "no such file"
        raise DataError(source.location(), reason)
    importer = (
        detect(source, pm.importers(), pm.record_failure) if format is None else pm.importer(format)
    )
    sink = run(source, importer, ImportSink(source.name, importer.name, errors, progress))
    return ImportResult(sink.dataset(), (sink.report(),))


def read(
    source: str | Path | Sequence[str | Path],
    *,
    format: str | None = None,
    errors: ErrorMode = "raise",
    manager: Manager | None = None,
    progress: Progress | None = None,
    on_file: Callable[[Path], None] | None = None,
) -> ImportResult:
    """Import one file or several; their records are fused into one dataset.

    The dataset does not depend on the order of the files (fusion is a
    function of the set of source records: :mod:`upr.core.fusion`); the
    reports are in the order given. ``format=None`` asks every registered
    importer how confident it is about each file; pass an importer name
    (``upr plugins`` lists them) to force one. ``errors="raise"`` stops at
    the first bad row with a :class:`~upr.errors.DataError` naming file,
    location, field and reason; ``errors="collect"`` imports the good rows and
    lists the rest in the report. ``on_file(path)`` is called as each file starts.
    """
    paths = [source] if isinstance(source, str | Path) else list(source)
    datasets: list[Dataset] = []
    reports: list[ImportReport] = []
    for path in paths:
        if on_file is not None:
            on_file(Path(path))
        result = read_one(path, format=format, errors=errors, manager=manager, progress=progress)
        datasets.append(result.dataset)
        reports.extend(result.reports)
    if not datasets:
        return ImportResult(Dataset(), ())
    dataset = datasets[0] if len(datasets) == 1 else fuse_datasets(datasets)
    return ImportResult(dataset, tuple(reports))


def load(
    source: str | Path | Sequence[str | Path],
    *,
    format: str | None = None,
    manager: Manager | None = None,
) -> Dataset:
    """``read(source, format=format).dataset``: the Dataset, raising on the first bad row."""
    return read(source, format=format, manager=manager).dataset


def scan(
    path: str | Path,
    handle: Callable[[Any, Location | None], None],
    *,
    format: str | None = None,
    errors: ErrorMode = "collect",
    manager: Manager | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Stream one file through its importer without building a Dataset.

    ``handle(record, location)`` is called for every record as it is read
    (``location`` is ``None`` for side records such as the review a report
    describes); memory stays that of the importer, whatever the file's size
    (docs/reliability.md measures a 1 GB file). Records are not fused, so a
    UPR Info row per recommending state arrives as a record of its own. The
    report accounts for every row as :func:`read` does.

    >>> import tempfile, pathlib, upr
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "viet-nam.jsonl"
    >>> upr.export(upr.datasets.viet_nam(), path)
    >>> kinds = set()
    >>> report = scan(path, lambda record, where: kinds.add(type(record).__name__))
    >>> report.rows_read == report.created + len(report.rejected)
    True
    >>> "Recommendation" in kinds and "Review" in kinds
    True
    """
    pm = _manager(manager)
    source = Source(Path(path))
    importer = (
        detect(source, pm.importers(), pm.record_failure) if format is None else pm.importer(format)
    )
    sink = StreamSink(source.name, importer.name, errors, progress, handle)
    return run(source, importer, sink).report()


def export(
    dataset: Dataset,
    path: str | Path,
    *,
    format: str | None = None,
    manager: Manager | None = None,
) -> None:
    """Write ``dataset`` with the exporter named ``format``, or the one for the path's
    suffix (``.jsonl``: lossless upr JSON Lines; ``.csv``, ``.parquet``, ``.xlsx``:
    see ``upr plugins``)."""
    pm = _manager(manager)
    target = Path(path)
    exporter = (
        pm.exporter(format) if format is not None else choose(target, pm.exporters().values())
    )
    exporter.write(dataset, target)


def compute(
    dataset: Dataset,
    name: str,
    by: str | Sequence[str] = (),
    *,
    manager: Manager | None = None,
) -> Table:
    """Compute the registered metric ``name`` (``upr plugins`` lists them) over ``dataset``,
    grouped ``by`` one or more dimensions (:data:`upr.analysis.metrics.DIMENSIONS`)."""
    dims = (by,) if isinstance(by, str) else tuple(by)
    return _manager(manager).metric(name).compute(dataset, dims)


def build_report(
    dataset: Dataset,
    *,
    title: str | None = None,
    filters: dict[str, str] | None = None,
    manager: Manager | None = None,
) -> Report:
    """The review report of ``dataset`` (:func:`upr.render.report.build`) from the
    registered metrics."""
    return build(dataset, _manager(manager).metrics(), title=title, filters=filters)


__all__ = ["build_report", "compute", "export", "load", "read", "read_one", "scan"]
