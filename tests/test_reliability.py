"""Reliability guarantees (issue 9): no silent loss, formula injection, atomic
writes, determinism, offline, thread safety, encodings.

Per-importer fuzzing lives next to each importer (``tests/test_<importer>.py``),
plugin isolation in ``tests/test_plugins.py``, zip bombs in the importer tests
using :func:`upr.importing.check_archive`. ``docs/reliability.md`` lists every
guarantee and the test proving it. Run with ``-s`` to see the printed figures.
"""

from __future__ import annotations

import csv
import errno
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import upr
import upr.graph
from conftest import TEST_DATA
from strategies import datasets, recommendations
from upr import jsonl, report
from upr.importing import ImporterCrash
from upr.safety import TRIGGERS, neutralise_cell, restore_cell

FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# -- 1. no silent loss: every file of ../shared/data ----------------------------------------

UNCLAIMED: dict[str, str] = {
    "README.md": "documentation of the data folder, not data",
    "reference/mledoze-countries.json": "reference country table, used by upr.states tests",
    "reference/un-country-names-6-languages.xlsx": "reference names, used by upr.states tests",
    "reference/un-regional-groups.csv": "reference regional groups, used by upr.states tests",
    "seeds/000_efa4c1652ed7b492.txt": "news article (prose): figures kept as ReportedFigure",
    "seeds/001_437c9dafada3569e.txt": "news article (prose): figures kept as ReportedFigure",
    "seeds/002_c3bacd149cc95452.txt": "news article (prose): figures kept as ReportedFigure",
    "seeds/003_6da6363b6aa6b8be.txt": "news article (prose): figures kept as ReportedFigure",
    "seeds/004_557b6c496b844eaf.txt": "news article (prose): figures kept as ReportedFigure",
}
"""Files of ``../shared/data`` that no importer reads, and why."""


def _located(problem: upr.Problem) -> bool:
    where = problem.location
    has_place = any(x is not None for x in (where.line, where.row, where.paragraph))
    return bool(where.file) and has_place and bool(problem.reason.strip())


@pytest.mark.shared_data
def test_every_shared_file_is_reconciled(shared_data: Path) -> None:
    """Each file through auto-detection: rows_read == created + merged + rejected,
    every rejection located; files no importer claims are listed in UNCLAIMED."""
    started = time.perf_counter()
    lines = [f"{'file':<48} {'format':<16} {'rows':>7} {'created':>7} {'merged':>7} {'rej':>4}"]
    totals = {"files": 0, "rows": 0, "created": 0, "merged": 0, "rejected": 0}
    unclaimed: list[str] = []
    for path in sorted(p for p in shared_data.rglob("*") if p.is_file()):
        name = path.relative_to(shared_data).as_posix()
        if name in UNCLAIMED:
            with pytest.raises(upr.FormatDetectionError):
                upr.read(path, errors="collect")
            unclaimed.append(name)
            continue
        rep = upr.read(path, errors="collect").report
        assert rep.rows_read == rep.created + rep.merged + len(rep.rejected), rep.summary()
        assert rep.rows_read > 0, f"{name}: no rows read"
        unlocated = [p for p in rep.rejected if not _located(p)]
        assert not unlocated, f"{name}: problems without location or reason: {unlocated[:3]}"
        assert all(p.location.file == str(path) for p in rep.rejected)
        totals["files"] += 1
        totals["rows"] += rep.rows_read
        totals["created"] += rep.created
        totals["merged"] += rep.merged
        totals["rejected"] += len(rep.rejected)
        lines.append(
            f"{name:<48} {rep.format:<16} {rep.rows_read:>7} {rep.created:>7}"
            f" {rep.merged:>7} {len(rep.rejected):>4}"
        )
    assert sorted(unclaimed) == sorted(UNCLAIMED), "a listed unclaimed file disappeared"
    elapsed = time.perf_counter() - started
    lines.append(
        f"files walked {totals['files']} (+{len(unclaimed)} unclaimed, listed), rows reconciled"
        f" {totals['rows']} = {totals['created']} created + {totals['merged']} merged"
        f" + {totals['rejected']} rejected; {elapsed:.0f} s"
    )
    print("\n" + "\n".join(lines))
    assert totals["rows"] == totals["created"] + totals["merged"] + totals["rejected"]


# -- 2. formula injection --------------------------------------------------------------------

HOSTILE = [
    '=HYPERLINK("http://example.invalid","click")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1",
    "\r=1",
    "'=already quoted",
    "'plain apostrophe",
]


@FUZZ
@given(st.text(max_size=40))
def test_neutralise_is_reversible_and_safe(text: str) -> None:
    cell = neutralise_cell(text)
    assert restore_cell(cell) == text
    assert not cell.startswith(TRIGGERS)


def _hostile_dataset() -> upr.Dataset:
    base = next(iter(upr.datasets.viet_nam()))
    recs = []
    for number, text in enumerate(HOSTILE, start=1):
        recs.append(
            upr.Recommendation(
                id=f"hostile-{number}",
                text=text,
                review=base.review,
                mechanism=base.mechanism,
                state_under_review=base.state_under_review,
                cycle=base.cycle,
                themes=(text.strip(),) if number % 2 else (),
            )
        )
    return upr.Dataset(recommendations=recs)


def test_csv_export_neutralises_formulas(tmp_path: Path) -> None:
    ds = _hostile_dataset()
    path = tmp_path / "flat.csv"
    upr.export(ds, path, format="upr-csv")
    with path.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    for row in rows:
        for column, cell in row.items():
            assert not cell.startswith(TRIGGERS), (column, cell)
    texts = {row["id"]: row["text"] for row in rows}
    assert texts["hostile-1"].startswith("'=HYPERLINK")
    assert texts["hostile-7"] == "''=already quoted"
    back = upr.read(path, errors="collect")
    assert back.report.format == "upr-csv" and back.report.balanced
    assert {r.id: r.text for r in back.dataset} == {r.id: r.text for r in ds}
    assert {r.id: r.themes for r in back.dataset} == {r.id: r.themes for r in ds}


@FUZZ
@given(st.lists(recommendations(), max_size=4, unique_by=lambda r: r.id))
def test_csv_round_trip_with_trigger_texts(
    tmp_path_factory: pytest.TempPathFactory, recs: list[upr.Recommendation]
) -> None:
    """Texts prefixed with every trigger still come back exactly (the general
    round-trip property is tests/test_serialization.py::test_csv_round_trip_keeps_records)."""
    import attrs

    prefixed = [
        attrs.evolve(r, text=TRIGGERS[i % len(TRIGGERS)] + r.text, id=f"{r.id}#{i}")
        for i, r in enumerate(recs)
    ]
    ds = upr.Dataset(recommendations=prefixed)
    path = tmp_path_factory.mktemp("inj") / "flat.csv"
    upr.export(ds, path, format="upr-csv")
    back = upr.read(path, format="upr-csv", errors="collect")
    assert back.report.balanced and not back.report.rejected
    # csv turns a lone CR/CRLF inside a quoted cell back unchanged; compare texts exactly
    assert {r.id: r.text for r in back.dataset} == {r.id: r.text for r in ds}


def _tracking_dataset() -> upr.Dataset:
    return _hostile_dataset()


def test_tracking_xlsx_cells_are_text_with_quote_prefix(tmp_path: Path) -> None:
    path = tmp_path / "tracking.xlsx"
    upr.export(_tracking_dataset(), path, format="tracking-sheet")
    book = openpyxl.load_workbook(path)
    checked = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and cell.value.startswith(TRIGGERS):
                    assert cell.quotePrefix, (sheet.title, cell.coordinate)
                    checked += 1
    assert checked >= len(HOSTILE) - 2
    texts = {
        row[1]: row[4]
        for row in book["recommendations"].iter_rows(min_row=2, values_only=True)
        if row[1]
    }
    # the value itself is untouched (lossless for every XLSX reader)
    assert texts["hostile-1"] == HOSTILE[0] and texts["hostile-8"] == HOSTILE[7]
    back = upr.read(path, format="tracking-sheet", errors="collect")
    assert back.report.balanced
    # the tracking reader trims cell whitespace (documented), nothing else changes
    expected = {r.id: r.text.strip() for r in _tracking_dataset()}
    assert {r.id: r.text for r in back.dataset} == expected


def test_tracking_csv_neutralises_and_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "tracking.csv"
    upr.export(_tracking_dataset(), path, format="tracking-sheet")
    with path.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert rows
    for row in rows:
        for column, cell in row.items():
            assert not cell.startswith(TRIGGERS), (column, cell)
    texts = {row["recommendation id"]: row["recommendation"] for row in rows}
    assert texts["hostile-3"] == "'-2+3"
    back = upr.read(path, format="tracking-sheet", errors="collect")
    assert back.report.balanced


# -- 3. atomic writes --------------------------------------------------------------------------


class _FullDisk:
    """A file object that accepts ``budget`` characters, then raises ENOSPC."""

    def __init__(self, stream: Any, budget: int) -> None:
        self._stream = stream
        self._budget = budget

    def write(self, data: Any) -> int:
        if len(data) > self._budget:
            self._stream.write(data[: self._budget])
            self._stream.flush()
            self._budget = 0
            raise OSError(errno.ENOSPC, "No space left on device")
        self._budget -= len(data)
        return int(self._stream.write(data))

    def __enter__(self) -> _FullDisk:
        return self

    def __exit__(self, *exc: object) -> None:
        self._stream.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _disk_fills_after(monkeypatch: pytest.MonkeyPatch, budget: int) -> None:
    real = os.fdopen

    def fdopen(fd: int, *args: Any, **kwargs: Any) -> Any:
        return _FullDisk(real(fd, *args, **kwargs), budget)

    monkeypatch.setattr(os, "fdopen", fdopen)


def _small_dataset() -> upr.Dataset:
    return upr.datasets.viet_nam().filter(cycle=2)


def _graph_write(ds: upr.Dataset, path: Path) -> None:
    upr.graph.write(upr.graph.build(ds, repeats=False, overlaps=False), path)


WRITERS: dict[str, tuple[str, Callable[[upr.Dataset, Path], None]]] = {
    "jsonl": ("ds.jsonl", lambda ds, p: ds.to_jsonl(p)),
    "upr-csv": ("ds.csv", lambda ds, p: upr.export(ds, p, format="upr-csv")),
    "graph-json": ("g.json", _graph_write),
    "graph-graphml": ("g.graphml", _graph_write),
    "tracking-xlsx": ("t.xlsx", lambda ds, p: upr.export(ds, p, format="tracking-sheet")),
    "tracking-csv": ("t.csv", lambda ds, p: upr.export(ds, p, format="tracking-sheet")),
}


@pytest.mark.parametrize("kind", sorted(WRITERS))
def test_enospc_mid_write_keeps_previous_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    name, write = WRITERS[kind]
    target = tmp_path / name
    ds = _small_dataset()
    write(ds, target)  # a good previous version
    previous = target.read_bytes()
    assert len(previous) > 2000
    _disk_fills_after(monkeypatch, 100)
    with pytest.raises(OSError, match="No space left") as info:
        write(upr.Dataset(recommendations=list(ds)[:3]), target)
    assert info.value.errno == errno.ENOSPC
    monkeypatch.undo()
    assert target.read_bytes() == previous
    assert [p.name for p in tmp_path.iterdir()] == [name], "temporary file left behind"


def test_enospc_on_new_file_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _disk_fills_after(monkeypatch, 10)
    with pytest.raises(OSError, match="No space left"):
        _small_dataset().to_jsonl(tmp_path / "new.jsonl")
    monkeypatch.undo()
    assert list(tmp_path.iterdir()) == []


# -- 4. determinism ----------------------------------------------------------------------------


def test_jsonl_export_is_byte_identical(tmp_path: Path) -> None:
    ds = upr.datasets.viet_nam()
    ds.to_jsonl(tmp_path / "a.jsonl")
    ds.to_jsonl(tmp_path / "b.jsonl")
    assert (tmp_path / "a.jsonl").read_bytes() == (tmp_path / "b.jsonl").read_bytes()


@FUZZ
@given(datasets())
def test_jsonl_export_of_random_dataset_is_stable(
    tmp_path_factory: pytest.TempPathFactory, ds: upr.Dataset
) -> None:
    folder = tmp_path_factory.mktemp("det")
    ds.to_jsonl(folder / "a.jsonl")
    jsonl.read(folder / "a.jsonl").to_jsonl(folder / "b.jsonl")
    assert (folder / "a.jsonl").read_bytes() == (folder / "b.jsonl").read_bytes()


_EXPORT_SCRIPT = """
import sys, upr, upr.graph
from pathlib import Path
out = Path(sys.argv[1])
slices = [Path(p) for p in sys.argv[2:]]
ds = upr.read(slices, errors="collect").dataset
ds.to_jsonl(out / "import.jsonl")
upr.graph.write(upr.graph.build(upr.datasets.viet_nam()), out / "graph.json")
"""

DETERMINISM_SLICES = (
    TEST_DATA / "uprinfo" / "17-20_vietnam.csv",
    TEST_DATA / "wg-reports" / "vietnam2014.txt",
    TEST_DATA / "sdg-explorer" / "upr2-slice.xlsx",
)


def test_import_and_graph_exports_are_byte_identical_across_processes(tmp_path: Path) -> None:
    """Two processes with different hash seeds (set and dict order of str keys
    differ) import the same real slices and build the same graph: identical bytes."""
    outputs = []
    for seed in ("1", "4242"):
        out = tmp_path / seed
        out.mkdir()
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [sys.executable, "-c", _EXPORT_SCRIPT, str(out), *map(str, DETERMINISM_SLICES)],
            check=True,
            env=env,
            timeout=300,
        )
        outputs.append(out)
    for name in ("import.jsonl", "graph.json"):
        first, second = ((o / name).read_bytes() for o in outputs)
        assert first == second, f"{name} differs between runs"
        assert len(first) > 1000


def test_reimport_twice_in_process_is_identical(tmp_path: Path) -> None:
    for number in (1, 2):
        upr.read(DETERMINISM_SLICES, errors="collect").dataset.to_jsonl(tmp_path / f"{number}")
    assert (tmp_path / "1").read_bytes() == (tmp_path / "2").read_bytes()


# -- 5. offline -------------------------------------------------------------------------------


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every way to open a connection raises; attempts are recorded."""
    attempts: list[str] = []

    def refuse(name: str) -> Callable[..., Any]:
        def blocked(*args: Any, **kwargs: Any) -> Any:
            attempts.append(f"{name}{args[1:] if name.startswith('socket.') else args}")
            raise OSError(errno.ENETUNREACH, f"network blocked by test: {name}")

        return blocked

    monkeypatch.setattr(socket.socket, "connect", refuse("socket.connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("socket.connect_ex"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    return attempts


def test_everything_works_offline(no_network: list[str], tmp_path: Path) -> None:
    formats: dict[str, int] = {}
    for path in sorted(TEST_DATA.rglob("*")):
        if not path.is_file() or path.suffix in (".md", ".py"):
            continue
        try:
            result = upr.read(path, errors="collect")
        except upr.FormatDetectionError:
            continue  # helper tables of other tests (state spellings, graph pairs)
        assert result.report.balanced
        formats[result.report.format] = formats.get(result.report.format, 0) + 1
    ds = upr.datasets.viet_nam()
    graph = upr.graph.build(ds, ratifications=True)
    upr.graph.write(graph, tmp_path / "g.json")
    pm = upr.plugins.default_manager()
    for name in pm.metrics():
        upr.metrics.compute(ds, name, by="cycle")
    built = report.build(ds)
    report.to_json(built)
    report.to_html(built)
    report.to_markdown(built)
    print(f"\noffline: formats imported {sorted(formats)}; metrics {len(pm.metrics())}")
    assert len(formats) >= 10
    assert no_network == []


# -- 6. concurrency ---------------------------------------------------------------------------


def _work(ds: upr.Dataset) -> list[Any]:
    pm = upr.plugins.default_manager()
    results: list[Any] = [
        [r.id for r in ds.filter(state="Viet Nam", cycle=2, response="Supported")],
        [r.id for r in ds.filter(regional_group="WEOG")],
        [r.id for r in ds.filter(theme=next(t for r in ds for t in r.themes))],
    ]
    for name in sorted(pm.metrics()):
        for by in ((), ("cycle",), ("cycle", "response")):
            results.append(upr.metrics.compute(ds, name, by=by).to_records())
    results.append(report.to_json(report.build(ds)))
    return results


def test_shared_dataset_is_thread_safe() -> None:
    ds = upr.datasets.viet_nam()
    expected = _work(ds)
    barrier = threading.Barrier(8)

    def job(_: int) -> list[Any]:
        barrier.wait()
        return _work(ds)

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(job, range(16)))
    assert all(r == expected for r in results)
    assert ds == upr.datasets.viet_nam()


# -- 7. encodings and line endings -------------------------------------------------------------


def _upr_csv_sample(folder: Path) -> Path:
    path = folder / "native.csv"
    upr.export(upr.datasets.viet_nam().filter(cycle=1), path, format="upr-csv")
    return path


ENCODING_SAMPLES: dict[str, tuple[Callable[[Path], Path], str]] = {
    "uprinfo-csv": (lambda _: TEST_DATA / "uprinfo" / "1-5_argentina.csv", "latin-1"),
    "wg-report-txt": (lambda _: TEST_DATA / "wg-reports" / "vietnam2009.txt", "mac_roman"),
    "ratification-csv": (lambda _: TEST_DATA / "ratification" / "hr_status_icescr.csv", "utf-8"),
    "upr-csv": (_upr_csv_sample, "utf-8"),
}


def _endings(text: str, style: str) -> str:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if style == "mixed":
        ends = ["\n", "\r\n", "\r"]
        return "".join(line + ends[i % 3] for i, line in enumerate(lines[:-1])) + lines[-1]
    return {"lf": "\n", "crlf": "\r\n", "cr": "\r"}[style].join(lines)


VARIANTS: list[tuple[str, str]] = [
    (encoding, ending)
    for encoding in ("original", "utf-8", "utf-8-sig", "utf-16")
    for ending in ("lf", "crlf", "cr", "mixed")
]


@pytest.mark.parametrize("importer", sorted(ENCODING_SAMPLES))
def test_encodings_and_line_endings(tmp_path: Path, importer: str) -> None:
    make, original = ENCODING_SAMPLES[importer]
    source = make(tmp_path)
    text = source.read_bytes().decode(original)
    baseline = upr.read(source, format=importer, errors="collect").report
    outcomes: dict[str, str] = {}
    for encoding, ending in VARIANTS:
        # the file name is kept: importers read the treaty or the state from it
        (tmp_path / f"{encoding}-{ending}").mkdir()
        path = tmp_path / f"{encoding}-{ending}" / source.name
        try:
            data = _endings(text, ending).encode(original if encoding == "original" else encoding)
        except UnicodeEncodeError:
            continue
        path.write_bytes(data)
        try:
            rep = upr.read(path, format=importer, errors="collect").report
        except ImporterCrash as exc:  # pragma: no cover - the failure we test against
            pytest.fail(f"{importer} {encoding}/{ending}: ImporterCrash {exc}")
        except upr.UprError as exc:
            location = getattr(exc, "location", None)
            outcomes[f"{encoding}/{ending}"] = f"error: {exc}"[:90]
            if location is None or location.file != str(path):
                pytest.fail(f"{importer} {encoding}/{ending}: error without location: {exc}")
            continue
        assert rep.balanced, rep.summary()
        for problem in rep.rejected:
            assert problem.location.file == str(path) and problem.reason
        same = rep.created == baseline.created and len(rep.rejected) == len(baseline.rejected)
        if rep.created == 0 and rep.rejected:  # the file refused as a whole, with a location
            outcome = f"refused: {rep.rejected[0].reason}"[:90]
        else:
            outcome = f"{rep.rows_read} rows, {rep.created} created, {len(rep.rejected)} rejected"
        outcomes[f"{encoding}/{ending}"] = outcome + ("" if same else " (differs)")
    print(f"\n{importer}: {len(outcomes)} cases (baseline {baseline.summary()})")
    for case, outcome in outcomes.items():
        print(f"  {case:<20} {outcome}")
    assert len(outcomes) >= 12
    # the original encoding or UTF-8 (with or without BOM), any line endings,
    # reads exactly like the original file
    for encoding, ending in VARIANTS:
        if encoding != "utf-16" and f"{encoding}/{ending}" in outcomes:
            assert "differs" not in outcomes[f"{encoding}/{ending}"], (encoding, ending)


def test_every_exporter_is_in_the_enospc_test() -> None:
    """Guard: a new exporter must be added to WRITERS (atomic-write test)."""
    pm = upr.plugins.default_manager()
    assert set(pm.exporters()) == {"upr-jsonl", "upr-csv", "tracking-sheet"}
