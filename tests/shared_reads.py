"""Reads of the real files of ``../shared/data``, done once per test process.

Reading the big files (the SDG explorer workbooks take 15-30 s each, all of
``../shared/data`` about two minutes) dominates the test run, and a dozen
full-file checks read the same files. :func:`read` keeps every result: the
datasets are immutable, so sharing them is safe. The tests that use it are in
the pytest-xdist group :data:`GROUP` (``@pytest.mark.xdist_group``), so that
``pytest -n auto --dist loadgroup`` runs them in one worker and each file is
read once in the whole run.

:func:`read_many` fuses the per-file results as ``upr.read`` of the list does
(fusion is a function of the set of source records: the laws of
``tests/test_fusion_laws.py``), so a multi-file read costs no new reading.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path

import pytest

import upr
from upr.core.dataset import fuse_datasets
from upr.io.importing import Source, detect

GROUP = "shared-data-reads"
"""The pytest-xdist group of the tests reading full shared files."""

shared_group = pytest.mark.xdist_group(GROUP)
"""Mark a test (or a module, ``pytestmark = shared_group``) as reading full shared files."""


def _importer(path: Path, format: str | None) -> str:
    if format is not None:
        return format
    return detect(Source(path), upr.plugins.default_manager().importers()).name


@functools.cache
def _read(path: Path, importer: str) -> upr.ImportResult:
    return upr.read(path, format=importer, errors="collect")


def read(path: Path, format: str | None = None) -> upr.ImportResult:
    """``upr.read(path, format=format, errors="collect")``, once per process (the
    importer is detected first, so a forced and a detected read share the result).
    The path is kept as given (not resolved): locations name the file as the test does."""
    return _read(Path(path), _importer(Path(path), format))


def read_many(paths: Sequence[Path], format: str | None = None) -> upr.ImportResult:
    """``upr.read(paths, format=format, errors="collect")`` from the per-file reads."""
    results = [read(path, format) for path in paths]
    datasets = [r.dataset for r in results]
    dataset = datasets[0] if len(datasets) == 1 else fuse_datasets(datasets)
    return upr.ImportResult(dataset, tuple(rep for r in results for rep in r.reports))
