"""Checks shared by the importer tests: the no-silent-loss invariant and fuzz outcomes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from hypothesis import HealthCheck, settings

import upr
from upr.importing import ImporterCrash


def assert_balanced(report: upr.ImportReport) -> None:
    """Every row read is accounted for, and every rejection says where and why."""
    assert report.rows_read == report.created + report.merged + len(report.rejected), (
        report.summary()
    )
    for problem in report.rejected:
        assert problem.location.file, problem
        assert problem.reason, problem


def read_robustly(path: Path, fmt: str) -> None:
    """Reading ``path`` gives a balanced report, or a upr error that is not an importer
    crash (an unexpected exception escaping the importer is a bug and fails the test)."""
    try:
        result = upr.read(path, format=fmt, errors="collect")
    except ImporterCrash:
        raise
    except upr.UprError:
        return
    assert_balanced(result.report)


def fuzz_settings(max_examples: int) -> settings:
    """Hypothesis settings for importer fuzz tests: no deadline (file I/O), bounded examples."""
    return settings(
        max_examples=max_examples, deadline=None, suppress_health_check=[HealthCheck.too_slow]
    )


def other_test_files(data: Path, own: Path) -> Iterator[Path]:
    """Every file of the test data slices except those under ``own`` (an importer's own
    fixtures): the files that importer must not claim."""
    for path in sorted(data.rglob("*")):
        if path.is_file() and own not in path.parents:
            yield path
