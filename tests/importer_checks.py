"""Checks shared by the importer tests: the no-silent-loss invariant and fuzz outcomes.

Every fuzz case goes through :func:`read_robustly`, which also

* counts the case for its importer and keeps the slowest time and the largest
  input (:data:`FUZZ_TALLY`; ``conftest.py`` prints the table at the end of the
  run), and
* bounds its wall-clock time (:func:`fuzz_case`): a case running longer than
  :data:`CASE_TIME_LIMIT` fails naming the importer, the file and its size, so a
  hang in an importer is a test failure, never a stuck test run.
"""

from __future__ import annotations

import atexit
import faulthandler
import os
import signal
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import IO, Any

import pytest
from hypothesis import HealthCheck, settings

import upr
from upr.io.importing import ImporterCrash

CASE_TIME_LIMIT = 10.0
"""Seconds one fuzz case (one ``upr.read`` of one file) may take."""

HARD_STOP_FACTOR = 3
"""A case still running after ``HARD_STOP_FACTOR * limit`` seconds (stuck in C code that
never returns to Python, so the alarm cannot interrupt it) makes :mod:`faulthandler`
write every thread's stack to :func:`hang_log` and exit the process: the run stops,
it does not hang."""


@dataclass
class FuzzTally:
    """What the fuzz cases of one importer did in this test run."""

    cases: int = 0
    seconds: float = 0.0
    slowest: float = 0.0
    slowest_input: str = ""
    largest: int = 0

    def add(self, elapsed: float, size: int, label: str) -> None:
        """Count one case that took ``elapsed`` seconds on ``size`` bytes."""
        self.cases += 1
        self.seconds += elapsed
        if elapsed >= self.slowest:
            self.slowest = elapsed
            self.slowest_input = f"{label} ({size:,} bytes)"
        self.largest = max(self.largest, size)


FUZZ_TALLY: dict[str, FuzzTally] = {}
"""Importer name -> its fuzz cases in this process (filled by :func:`fuzz_case`)."""


class CaseTimeout(BaseException):
    """Raised by the alarm in a fuzz case that ran past :data:`CASE_TIME_LIMIT`.

    A ``BaseException``: importer code catching ``Exception`` cannot swallow it,
    and :func:`upr.read` does not wrap it as an ``ImporterCrash``.
    """


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise CaseTimeout


def _can_alarm() -> bool:
    """SIGALRM timers exist (POSIX) and we are on the main thread (signals go there)."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


_HANG_LOG: list[IO[str]] = []


def hang_log() -> Path:
    """Where the hard stop writes every thread's stack before exiting the process."""
    return Path(tempfile.gettempdir()) / f"upr-fuzz-hang-{os.getpid()}.txt"


def _hard_stop(after: float) -> None:
    """Arm :mod:`faulthandler`: stacks to :func:`hang_log`, then exit, after ``after`` s.

    Pytest captures file descriptor 2 while tests run, so a stack written there
    would vanish with the process: the log is a file.
    """
    if not _HANG_LOG:
        _HANG_LOG.append(hang_log().open("w", encoding="utf-8"))
        atexit.register(_drop_hang_log)
    faulthandler.dump_traceback_later(after, exit=True, file=_HANG_LOG[0])


def _drop_hang_log() -> None:
    """At a normal exit the log is empty: remove it (a hard stop skips this)."""
    _HANG_LOG[0].close()
    hang_log().unlink(missing_ok=True)


@contextmanager
def fuzz_case(
    importer: str, size: int, label: str = "", limit: float | None = None, count: bool = True
) -> Iterator[None]:
    """Run one fuzz case of ``importer`` on an input of ``size`` bytes: count it in
    :data:`FUZZ_TALLY` (unless ``count`` is false), time it, and fail the test if it
    runs longer than ``limit`` seconds (default :data:`CASE_TIME_LIMIT`).

    The limit is an ``ITIMER_REAL`` alarm, on the main thread where SIGALRM exists
    (Linux, macOS; elsewhere the case is only counted and timed). The alarm
    interrupts Python code, including a regular expression backtracking in C; code
    stuck in C that never returns to Python is ended by the hard stop
    (:data:`HARD_STOP_FACTOR`). A timer already armed by someone else is re-armed
    afterwards with its remaining time.
    """
    limit = CASE_TIME_LIMIT if limit is None else limit
    alarm = _can_alarm()
    previous_handler: Any = None
    previous_delay = 0.0
    if alarm:
        previous_handler = signal.signal(signal.SIGALRM, _alarm)
        previous_delay, _ = signal.setitimer(signal.ITIMER_REAL, limit)
        _hard_stop(limit * HARD_STOP_FACTOR)
    started = time.perf_counter()
    try:
        yield
    except CaseTimeout:
        elapsed = time.perf_counter() - started
        pytest.fail(
            f"fuzz case of importer {importer!r} ran over the {limit:g} s limit (stopped after"
            f" {elapsed:.1f} s) on {label or 'an input'} of {size:,} bytes",
            pytrace=False,
        )
    finally:
        if alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            faulthandler.cancel_dump_traceback_later()
            signal.signal(signal.SIGALRM, previous_handler)
        elapsed = time.perf_counter() - started
        if previous_delay:
            signal.setitimer(signal.ITIMER_REAL, max(previous_delay - elapsed, 0.001))
        if count:
            FUZZ_TALLY.setdefault(importer, FuzzTally()).add(elapsed, size, label)


def assert_balanced(report: upr.ImportReport) -> None:
    """Every row read is accounted for, and every rejection says where and why."""
    assert report.rows_read == report.created + report.merged + len(report.rejected), (
        report.summary()
    )
    for problem in report.rejected:
        assert problem.location.file, problem
        assert problem.reason, problem


def read_robustly(path: Path, fmt: str) -> upr.ImportResult | upr.UprError:
    """Reading ``path`` gives a balanced report, or a upr error that is not an importer
    crash (an unexpected exception escaping the importer is a bug and fails the test).

    One fuzz case of ``fmt``: counted and time-bounded by :func:`fuzz_case`. Returns
    the result, or the error that refused the file.
    """
    upr.plugins.default_manager()  # loading the plugins is not the importer's time
    size = path.stat().st_size if path.is_file() else 0
    with fuzz_case(fmt, size, path.name):
        try:
            result = upr.read(path, format=fmt, errors="collect")
        except ImporterCrash:
            raise
        except upr.UprError as exc:
            return exc
    assert_balanced(result.report)
    return result


def fuzz_settings(max_examples: int) -> settings:
    """Hypothesis settings for importer fuzz tests: no deadline (file I/O), bounded examples."""
    return settings(
        max_examples=max_examples, deadline=None, suppress_health_check=[HealthCheck.too_slow]
    )


RUN_NOTES: list[str] = []
"""Figures tests want printed at the end of the run (:func:`note`)."""


def note(line: str) -> None:
    """Print ``line`` in the end-of-run summary (next to the fuzz table), even without ``-s``."""
    RUN_NOTES.append(line)


def fuzz_summary() -> list[str]:
    """The lines printed at the end of the test run: fuzz cases, total and slowest
    time, largest input per importer, the registered importers not fuzzed, and the
    :data:`RUN_NOTES`."""
    if not FUZZ_TALLY:
        return list(RUN_NOTES)
    names = sorted(FUZZ_TALLY, key=lambda n: (-FUZZ_TALLY[n].cases, n))
    lines = [
        "fuzz cases run per importer: " + ", ".join(f"{n} {FUZZ_TALLY[n].cases}" for n in names),
        f"{'importer':<18} {'cases':>6} {'total s':>8} {'max s':>7} {'largest input':>16}"
        "  slowest case",
    ]
    for name in names:
        tally = FUZZ_TALLY[name]
        lines.append(
            f"{name:<18} {tally.cases:>6} {tally.seconds:>8.1f} {tally.slowest:>7.2f}"
            f" {tally.largest:>10,} bytes  {tally.slowest_input}"
        )
    total = sum(t.cases for t in FUZZ_TALLY.values())
    slowest = max(t.slowest for t in FUZZ_TALLY.values())
    lines.append(
        f"{total} fuzz cases, slowest {slowest:.2f} s (limit {CASE_TIME_LIMIT:g} s per case)"
    )
    registered = set(upr.plugins.default_manager().importers())
    missing = sorted(registered - set(FUZZ_TALLY))
    if missing:
        lines.append("registered importers without fuzz cases in this run: " + ", ".join(missing))
    return lines + RUN_NOTES


def other_test_files(data: Path, own: Path) -> Iterator[Path]:
    """Every file of the test data slices except those under ``own`` (an importer's own
    fixtures): the files that importer must not claim."""
    for path in sorted(data.rglob("*")):
        if path.is_file() and own not in path.parents:
            yield path
