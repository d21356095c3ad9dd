"""Exporters: writers of a Dataset to another file format, registered by plugins."""

from __future__ import annotations

import abc
from pathlib import Path
from typing import TYPE_CHECKING

from upr.dataset import Dataset

if TYPE_CHECKING:
    from upr.plugins import Manager


class Exporter(abc.ABC):
    """Base class of exporters; register instances from ``upr_register_exporters``."""

    name: str
    description: str = ""
    extensions: tuple[str, ...] = ()

    @abc.abstractmethod
    def write(self, dataset: Dataset, path: Path) -> None:
        """Write ``dataset`` to ``path`` (atomically: see :func:`upr.jsonl.atomic_writer`)."""


def export(
    dataset: Dataset,
    path: str | Path,
    *,
    format: str | None = None,
    manager: Manager | None = None,
) -> None:
    """Write ``dataset`` with the exporter named ``format`` or the one for the path's suffix."""
    from upr.plugins import default_manager  # noqa: PLC0415 - plugins imports this module

    pm = manager or default_manager()
    target = Path(path)
    if format is not None:
        exporter = pm.exporter(format)
    else:
        suffix = target.suffix.lower()
        matches = [e for e in pm.exporters().values() if suffix in e.extensions]
        if len(matches) != 1:
            from upr.errors import FormatDetectionError  # noqa: PLC0415

            raise FormatDetectionError(
                str(target),
                "no exporter for this suffix" if not matches else "several exporters; pass format=",
                [e.name for e in matches],
            )
        exporter = matches[0]
    exporter.write(dataset, target)
