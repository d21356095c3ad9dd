"""Shared test fixtures.

``shared_data`` points at ``../shared/data`` (real public data described in
its README); tests using it skip with a clear message when it is absent, so
the suite passes on a machine that only has this repository.
"""

from __future__ import annotations

import dataclasses
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


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Full-file checks (marker ``shared_data``) run in one pytest-xdist worker
    (``--dist loadgroup``), so that ``shared_reads`` reads each big file once."""
    import shared_reads

    group = pytest.mark.xdist_group(shared_reads.GROUP)
    for item in items:
        if item.get_closest_marker("shared_data") is not None:
            item.add_marker(group)


_WORKER_TALLIES = "upr_fuzz_tallies"
"""Key of the fuzz tallies a pytest-xdist worker sends back to the controller."""


def pytest_sessionfinish(session: pytest.Session) -> None:
    """On a pytest-xdist worker: send this process's fuzz tallies and run notes."""
    output = getattr(session.config, "workeroutput", None)
    checks = sys.modules.get("importer_checks")
    if output is None or checks is None:
        return
    output[_WORKER_TALLIES] = {
        "tallies": {name: dataclasses.asdict(t) for name, t in checks.FUZZ_TALLY.items()},
        "notes": list(checks.RUN_NOTES),
    }


def pytest_testnodedown(node: object, error: object) -> None:
    """On the controller: add a finished worker's fuzz tallies to this process's."""
    sent = getattr(node, "workeroutput", {}).get(_WORKER_TALLIES)
    if not sent:
        return
    import importer_checks as checks

    for name, values in sent["tallies"].items():
        tally = checks.FUZZ_TALLY.setdefault(name, checks.FuzzTally())
        tally.cases += values["cases"]
        tally.seconds += values["seconds"]
        tally.largest = max(tally.largest, values["largest"])
        if values["slowest"] >= tally.slowest:
            tally.slowest, tally.slowest_input = values["slowest"], values["slowest_input"]
    for note in sent["notes"]:
        if note not in checks.RUN_NOTES:
            checks.RUN_NOTES.append(note)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print the fuzz cases run per importer (counted by ``importer_checks.fuzz_case``,
    summed over the pytest-xdist workers when there are some)."""
    checks = sys.modules.get("importer_checks")
    lines: list[str] = checks.fuzz_summary() if checks is not None else []
    if lines:
        terminalreporter.section("fuzz cases per importer, reliability figures")
        for line in lines:
            terminalreporter.write_line(line)
