"""Checks shared by the importer tests: the no-silent-loss invariant and fuzz outcomes."""

from __future__ import annotations

from pathlib import Path

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
