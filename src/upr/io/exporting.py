"""The exporter contract: writers of a Dataset to another file format, registered by plugins.

Which exporters exist is the plugin manager's business; ``upr.export`` (in
:mod:`upr.api`) picks one by name or by the path's suffix (:func:`choose`).
"""

from __future__ import annotations

import abc
from collections.abc import Iterable
from pathlib import Path

from upr.core.dataset import Dataset
from upr.errors import FormatDetectionError


class Exporter(abc.ABC):
    """Base class of exporters; register instances from ``upr_register_exporters``."""

    name: str
    description: str = ""
    extensions: tuple[str, ...] = ()

    @abc.abstractmethod
    def write(self, dataset: Dataset, path: Path) -> None:
        """Write ``dataset`` to ``path`` atomically (see :mod:`upr.io.atomic`)."""


def choose(path: Path, exporters: Iterable[Exporter]) -> Exporter:
    """The one exporter of ``exporters`` whose extensions include the suffix of
    ``path``; none or several is a :class:`~upr.errors.FormatDetectionError`."""
    suffix = path.suffix.lower()
    matches = [e for e in exporters if suffix in e.extensions]
    if len(matches) != 1:
        raise FormatDetectionError(
            str(path),
            f"no exporter writes {suffix or 'files without a suffix'}"
            if not matches
            else "several exporters write this suffix; pass format=",
            [e.name for e in matches],
        )
    return matches[0]


__all__ = ["Exporter", "choose"]
