"""Shared test fixtures.

``shared_data`` points at ``../shared/data`` (real public data described in
its README); tests using it skip with a clear message when it is absent, so
the suite passes on a machine that only has this repository.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
TEST_DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def shared_data() -> Path:
    """The ``../shared/data`` folder, or skip the test saying why."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"{SHARED_DATA} not found: full-file check skipped")
    return SHARED_DATA


@pytest.fixture
def test_data() -> Path:
    """The small real data slices kept in ``tests/data``."""
    return TEST_DATA


@pytest.fixture(scope="module")
def scratch() -> Iterator[Path]:
    """A folder for files written by hypothesis examples."""
    with tempfile.TemporaryDirectory() as folder:
        yield Path(folder)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print the fuzz cases run per importer (counted by ``importer_checks.fuzz_case``)."""
    checks = sys.modules.get("importer_checks")
    lines: list[str] = checks.fuzz_summary() if checks is not None else []
    if lines:
        terminalreporter.section("fuzz cases per importer, reliability figures")
        for line in lines:
            terminalreporter.write_line(line)
