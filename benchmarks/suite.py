# ruff: noqa: PLC0415 - each child imports only its own side (pandas must not inflate upr RSS)
"""The benchmarks of issue 8: ``upr`` against a hand-written pandas/networkx baseline.

Every benchmark side (``upr`` or ``baseline``) runs in its own child process
(``python -m benchmarks.suite worker ...``), so the peak RSS reported for it
(the child's own ``VmHWM``; ``os.wait4`` rusage where ``/proc`` is missing) is
not contaminated by the other side or by another benchmark. Inside the child,
the setup (e.g. loading the Dataset the filter runs on) is not timed; the
operation is timed ``repeat`` times and the child prints the timings as JSON.

Inputs: the synthetic corpus of :mod:`benchmarks.generate` (JSONL, UPR Info
CSV, and the UHRI XLSX, written by the parent on first use), and for the
real-file benchmarks (``uprinfo-real``, ``sdg-explorer-real``) the shipped files
in ``../shared/data``, skipped when it is absent.
"""

from __future__ import annotations

import csv
import gc
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.generate import Corpus, shared_data

TESTS_DATA = Path(__file__).resolve().parents[1] / "tests" / "data"

Setup = Callable[[dict[str, str]], Any]
Operation = Callable[[Any], Any]


@dataclass
class Benchmark:
    """One row of the table: an operation timed with ``upr`` and with a baseline."""

    name: str
    operation: str
    setup_upr: Setup
    run_upr: Operation
    setup_baseline: Setup | None = None
    run_baseline: Operation | None = None
    rows: Callable[[dict[str, str]], int] | None = None
    inner: int = 1
    """Timed calls per repeat (for operations in the millisecond range)."""
    real_files: Callable[[], list[Path]] | None = None
    """The shipped real files a real-file benchmark reads (``[]`` without ../shared/data);
    the parent passes them to the children as ``env["files"]``."""
    prepare: Callable[[Corpus, bool], dict[str, str]] | None = None
    """Run in the parent before the children (e.g. write a cached input); adds to ``env``."""
    min_repeat: int | None = None
    no_rss: bool = False
    """True when the child's RSS says nothing (the timed work runs in a grandchild)."""

    @property
    def needs_shared(self) -> bool:
        """True for a benchmark of real files (skipped when ../shared/data is absent)."""
        return self.real_files is not None


@dataclass
class Result:
    """Measurements of one benchmark."""

    name: str
    operation: str
    rows: int | None
    upr_times: list[float]
    baseline_times: list[float] = field(default_factory=list)
    upr_rss: int | None = None
    baseline_rss: int | None = None
    note: str = ""

    @property
    def upr_median(self) -> float:
        """Median upr time in seconds."""
        return statistics.median(self.upr_times)

    @property
    def baseline_median(self) -> float | None:
        """Median baseline time in seconds (``None``: no baseline)."""
        return statistics.median(self.baseline_times) if self.baseline_times else None

    @property
    def ratio(self) -> float | None:
        """upr / baseline."""
        base = self.baseline_median
        return self.upr_median / base if base else None


# -- helpers used by the benchmark functions (run inside the child) -------------------


def _pandas_frame(jsonl: str) -> Any:
    """The hand-written pandas equivalent of a Dataset: recommendation rows of the JSONL."""
    import pandas as pd

    frame = pd.read_json(jsonl, lines=True)
    frame = frame[frame["type"] == "recommendation"].reset_index(drop=True)
    frame["response_value"] = frame["response"].map(
        lambda r: r.get("value") if isinstance(r, dict) else None
    )
    for column in ("recommending_states", "themes", "sdg_targets"):
        frame[column] = frame[column].map(lambda v: v if isinstance(v, list) else [])
    return frame


def _most_common_state(jsonl: str) -> str:
    counts: dict[str, int] = {}
    with open(jsonl, encoding="utf-8") as stream:
        for line in stream:
            record = json.loads(line)
            if record.get("type") == "recommendation":
                state = record["state_under_review"]
                counts[state] = counts.get(state, 0) + 1
    return max(sorted(counts), key=counts.__getitem__)


def _count_recommendations(env: dict[str, str]) -> int:
    return int(env["recommendations"])


def _uprinfo_real_files() -> list[Path]:
    shared = shared_data()
    return [] if shared is None else sorted((shared / "uprinfo").glob("*-*.csv"))


def _sdg_real_files() -> list[Path]:
    shared = shared_data()
    return [] if shared is None else sorted((shared / "sdg-explorer").glob("upr*.xlsx"))


def slices() -> dict[str, list[Path]]:
    """Small real slices (``tests/data``) standing in for each real-file benchmark's files,
    for smoke runs: ``run(..., files=slices())``."""
    return {
        "uprinfo-real": sorted(
            p for p in (TESTS_DATA / "uprinfo").glob("*_*.csv") if "-" in p.name
        ),
        "sdg-explorer-real": sorted((TESTS_DATA / "sdg-explorer").glob("*.xlsx")),
    }


def _files(env: dict[str, str]) -> list[Path]:
    """The real files the parent chose for this run (``env["files"]``)."""
    return [Path(p) for p in env["files"].split(os.pathsep)]


def _csv_rows(paths: list[Path]) -> int:
    """Data rows (records, not lines: a quoted cell may hold a line break)."""
    total = 0
    for path in paths:
        with path.open(encoding="mac_roman", newline="") as stream:
            total += sum(1 for _ in csv.reader(stream)) - 1
    return total


def _read_upr_csv(paths: list[Path]) -> int:
    import upr

    total = 0
    for path in paths:
        result = upr.read(path, format="uprinfo-csv", errors="collect")
        total += len(result.dataset)
    return total


def _read_pandas_csv(paths: list[Path]) -> int:
    import pandas as pd

    return sum(
        len(pd.read_csv(p, encoding="mac_roman", lineterminator="\r", dtype=str)) for p in paths
    )


def _xlsx_rows(paths: list[Path]) -> int:
    """Data rows of the first sheet of each workbook (header excluded), from the sheet's
    dimension when it has one, else by reading the rows."""
    from openpyxl import load_workbook

    total = 0
    for path in paths:
        book = load_workbook(path, read_only=True)
        try:
            sheet = book.worksheets[0]
            rows = sheet.max_row
            if rows is None:  # no <dimension> (e.g. openpyxl write-only output)
                rows = sum(1 for _ in sheet.iter_rows(values_only=True))
            total += rows - 1
        finally:
            book.close()
    return total


def _read_upr_xlsx(importer: str) -> Operation:
    """The upr side of an XLSX import: ``upr.read`` with the ``importer`` named."""

    def run(paths: list[Path]) -> int:
        import upr

        total = 0
        for path in paths:
            result = upr.read(path, format=importer, errors="collect")
            total += len(result.dataset)
        return total

    return run


def _read_pandas_xlsx(paths: list[Path]) -> int:
    import pandas as pd

    return sum(len(pd.read_excel(p, engine="openpyxl")) for p in paths)


def _uhri_prepare(corpus: Corpus, echo: bool) -> dict[str, str]:
    """Write (or reuse) the corpus's UHRI XLSX before the children start."""
    export = corpus.uhri_xlsx(quiet=not echo)
    return {"uhri_xlsx": str(export.path), "uhri_rows": str(export.rows)}


# -- the benchmarks ----------------------------------------------------------------------


def _load_upr(env: dict[str, str]) -> Any:
    import upr

    return upr.load(env["jsonl"])


def _filter_setup_upr(env: dict[str, str]) -> Any:
    dataset = _load_upr(env)
    state = _most_common_state(env["jsonl"])
    dataset.filter(state=state, cycle=2)  # builds the (cached) indexes
    return dataset, state


def _filter_setup_baseline(env: dict[str, str]) -> Any:
    return _pandas_frame(env["jsonl"]), _most_common_state(env["jsonl"])


def _filter_baseline(state: Any) -> Any:
    frame, code = state
    return frame[(frame["state_under_review"] == code) & (frame["cycle"] == 2)]


def _acceptance_upr(dataset: Any) -> Any:
    import upr

    return upr.compute(dataset, "responses", by=("cycle", "regional_group"))


def _acceptance_setup_baseline(env: dict[str, str]) -> Any:
    import upr

    frame = _pandas_frame(env["jsonl"])
    groups = {s.code: s.regional_group.value for s in upr.states.all() if s.regional_group}
    return frame, groups


def _acceptance_baseline(state: Any) -> Any:
    frame, groups = state
    rows = frame[["id", "cycle", "recommending_states", "response_value"]].explode(
        "recommending_states"
    )
    rows["regional_group"] = rows["recommending_states"].map(groups)
    rows = rows.dropna(subset=["regional_group"]).drop_duplicates(["id", "regional_group"])
    rows["supported"] = rows["response_value"].eq("supported")
    return rows.groupby(["cycle", "regional_group"]).agg(
        recommendations=("id", "size"), support_rate=("supported", "mean")
    )


def _graph_upr(dataset: Any) -> Any:
    import upr.graph

    return upr.graph.build(dataset, repeats=False, overlaps=False, detect_treaties=False)


def _graph_baseline(frame: Any) -> Any:
    """networkx MultiDiGraph with the same node and edge kinds, from the DataFrame."""
    import networkx as nx

    graph = nx.MultiDiGraph()
    columns = ["id", "text", "mechanism", "state_under_review", "cycle", "session", "review"]
    columns += ["response_value", "action_category", "paragraph"]
    records = frame[columns].to_dict("records")
    graph.add_nodes_from((("recommendation", r["id"]), r) for r in records)
    graph.add_nodes_from(
        (("state", s), {"kind": "state"})
        for s in set(frame["state_under_review"]).union(*frame["recommending_states"])
    )
    graph.add_nodes_from((("review", r), {"kind": "review"}) for r in set(frame["review"]))
    for kind, column in (("sdg_target", "sdg_targets"), ("theme", "themes")):
        graph.add_nodes_from(((kind, v), {"kind": kind}) for v in set().union(*frame[column]))
    ids = frame["id"].tolist()
    graph.add_edges_from(
        (("recommendation", i), ("state", s), {"kind": "addressed_to"})
        for i, s in zip(ids, frame["state_under_review"], strict=True)
    )
    graph.add_edges_from(
        (("state", s), ("recommendation", i), {"kind": "recommends"})
        for i, senders in zip(ids, frame["recommending_states"], strict=True)
        for s in senders
    )
    graph.add_edges_from(
        (("recommendation", i), ("review", r), {"kind": "part_of"})
        for i, r in zip(ids, frame["review"], strict=True)
    )
    for kind, node_kind, column in (
        ("advances", "sdg_target", "sdg_targets"),
        ("tagged", "theme", "themes"),
    ):
        graph.add_edges_from(
            (("recommendation", i), (node_kind, v), {"kind": kind})
            for i, values in zip(ids, frame[column], strict=True)
            for v in values
        )
    return graph


def _repeats_upr(dataset: Any) -> Any:
    from upr.analysis import similarity

    return similarity.find_repeats(dataset.recommendations)


def _cold(args: list[str]) -> Operation:
    def run(_: Any) -> Any:
        return subprocess.run(args, check=True, capture_output=True)

    return run


def _upr_script() -> str:
    found = Path(sys.executable).with_name("upr")
    return str(found) if found.exists() else "upr"


BENCHMARKS: dict[str, Benchmark] = {
    b.name: b
    for b in (
        Benchmark(
            "load-jsonl",
            "load native JSONL into a Dataset (peak RSS = Dataset vs DataFrame)",
            lambda env: env,
            _load_upr,
            lambda env: env,
            lambda env: __import__("pandas").read_json(env["jsonl"], lines=True),
            _count_recommendations,
        ),
        Benchmark(
            "uprinfo-real",
            "import UPR Info CSV, the 5 real files",
            _files,
            _read_upr_csv,
            _files,
            _read_pandas_csv,
            lambda env: _csv_rows(_files(env)),
            real_files=_uprinfo_real_files,
        ),
        Benchmark(
            "uprinfo-synthetic",
            "import UPR Info CSV, synthetic",
            lambda env: [Path(env["csv"])],
            _read_upr_csv,
            lambda env: [Path(env["csv"])],
            _read_pandas_csv,
            lambda env: int(env["csv_rows"]),
        ),
        Benchmark(
            "uhri-xlsx",
            "import UHRI XLSX, synthetic (UPR rows only)",
            lambda env: [Path(env["uhri_xlsx"])],
            _read_upr_xlsx("uhri-xlsx"),
            lambda env: [Path(env["uhri_xlsx"])],
            _read_pandas_xlsx,
            lambda env: int(env["uhri_rows"]),
            prepare=_uhri_prepare,
        ),
        Benchmark(
            "sdg-explorer-real",
            "import SDG explorer XLSX, the 2 real files",
            _files,
            _read_upr_xlsx("sdg-explorer"),
            _files,
            _read_pandas_xlsx,
            lambda env: _xlsx_rows(_files(env)),
            real_files=_sdg_real_files,
        ),
        Benchmark(
            "filter",
            "filter by state + cycle (indexes warm)",
            _filter_setup_upr,
            lambda s: s[0].filter(state=s[1], cycle=2),
            _filter_setup_baseline,
            _filter_baseline,
            _count_recommendations,
            inner=20,
        ),
        Benchmark(
            "acceptance",
            "acceptance rate by cycle x regional group",
            _load_upr,
            _acceptance_upr,
            _acceptance_setup_baseline,
            _acceptance_baseline,
            _count_recommendations,
        ),
        Benchmark(
            "graph",
            "build the graph (no similarity edges, no treaty detection)",
            _load_upr,
            _graph_upr,
            lambda env: _pandas_frame(env["jsonl"]),
            _graph_baseline,
            _count_recommendations,
        ),
        Benchmark(
            "repeats",
            "repeat detection across cycles (absolute)",
            _load_upr,
            _repeats_upr,
            rows=_count_recommendations,
            min_repeat=1,
        ),
        Benchmark(
            "import-upr",
            "cold start: import upr (baseline: python -c pass)",
            lambda env: None,
            _cold([sys.executable, "-c", "import upr"]),
            lambda env: None,
            _cold([sys.executable, "-c", "pass"]),
            no_rss=True,
        ),
        Benchmark(
            "upr-help",
            "cold start: upr --help (baseline: python -c pass)",
            lambda env: None,
            _cold([_upr_script(), "--help"]),
            lambda env: None,
            _cold([sys.executable, "-c", "pass"]),
            no_rss=True,
        ),
    )
}


# -- running ------------------------------------------------------------------------------


def worker(name: str, side: str, env: dict[str, str], repeat: int) -> dict[str, Any]:
    """Inside the child: set up, time ``repeat`` runs, return timings and rows."""
    bench = BENCHMARKS[name]
    setup = bench.setup_upr if side == "upr" else bench.setup_baseline
    run = bench.run_upr if side == "upr" else bench.run_baseline
    assert setup is not None
    assert run is not None
    state = setup(env)
    times: list[float] = []
    for _ in range(repeat):
        for _ in range(bench.inner):
            gc.collect()
            started = time.perf_counter()
            result = run(state)
            times.append(time.perf_counter() - started)
            del result
    rows = bench.rows(env) if bench.rows else None
    return {"times": times, "rows": rows, "rss": None if bench.no_rss else _high_water_mark()}


def _high_water_mark() -> int | None:
    """This process's peak RSS in bytes: ``VmHWM`` of /proc/self/status (Linux).

    Not ``getrusage().ru_maxrss``: on Linux that survives fork+exec, so a child
    reports at least its parent's peak RSS at fork time. ``None`` elsewhere
    (the caller then falls back to the child's rusage).
    """
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return None


def _child(
    name: str, side: str, env: dict[str, str], repeat: int
) -> tuple[dict[str, Any], int | None]:
    """Run one side in a child process; (its output, its peak RSS in bytes)."""
    command = [sys.executable, "-m", "benchmarks.suite", "worker", name, side, str(repeat)]
    root = Path(__file__).resolve().parents[1]
    process = subprocess.Popen(
        command,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
    )
    assert process.stdin is not None
    assert process.stdout is not None
    process.stdin.write(json.dumps(env).encode())
    process.stdin.close()
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"benchmark {name} ({side}) failed with status {process.returncode}")
    result = json.loads(output.decode().strip().splitlines()[-1])
    rss = result.get("rss")
    if rss is None and not BENCHMARKS[name].no_rss:
        rss = usage.ru_maxrss * 1024  # not Linux: includes the parent's RSS at fork
    return result, rss


def run(
    corpus: Corpus,
    repeat: int,
    only: list[str] | None = None,
    echo: bool = False,
    files: Mapping[str, Sequence[Path]] | None = None,
) -> list[Result]:
    """Run the benchmarks (all, or the ``only`` names) on ``corpus``; skip what cannot run.

    ``files`` replaces the real files of real-file benchmarks by name (the smoke
    test passes :func:`slices`); without it they read ../shared/data and are
    skipped when it is absent.
    """
    base_env = {
        "jsonl": str(corpus.jsonl),
        "csv": str(corpus.csv),
        "recommendations": str(corpus.recommendations),
        "csv_rows": str(corpus.csv_rows),
    }
    results: list[Result] = []
    for name, bench in BENCHMARKS.items():
        if only and name not in only:
            continue
        env = dict(base_env)
        if bench.real_files is not None:
            chosen = list(files[name]) if files and name in files else bench.real_files()
            if not chosen:
                if echo:
                    print(f"skip {name}: ../shared/data not found", file=sys.stderr)
                continue
            env["files"] = os.pathsep.join(str(p) for p in chosen)
        if bench.prepare is not None:
            env.update(bench.prepare(corpus, echo))
        times = max(1, min(repeat, bench.min_repeat or repeat))
        out, rss = _child(name, "upr", env, times)
        result = Result(name, bench.operation, out["rows"], out["times"], upr_rss=rss)
        if bench.run_baseline is not None:
            base, base_rss = _child(name, "baseline", env, times)
            result.baseline_times = base["times"]
            result.baseline_rss = base_rss
        results.append(result)
        if echo:
            print(f"done {name}: upr {_seconds(result.upr_median)}", file=sys.stderr)
    return results


def _seconds(value: float | None) -> str:
    if value is None:
        return "-"
    if value < 0.01:
        return f"{value * 1000:.3f} ms"
    return f"{value:.3f} s"


def _megabytes(value: int | None) -> str:
    return "-" if value is None else f"{value / 2**20:,.0f} MB"


def table(results: list[Result]) -> str:
    """The results as a Markdown table."""
    lines = [
        "| operation | rows | upr median | baseline median | ratio upr/baseline "
        "| peak RSS upr | peak RSS baseline | runs |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        ratio = "-" if r.ratio is None else f"{r.ratio:.2f}"
        rows = "-" if r.rows is None else f"{r.rows:,}"
        lines.append(
            f"| {r.operation} | {rows} | {_seconds(r.upr_median)} "
            f"| {_seconds(r.baseline_median)} | {ratio} | {_megabytes(r.upr_rss)} "
            f"| {_megabytes(r.baseline_rss)} | {len(r.upr_times)} |"
        )
    return "\n".join(lines)


def _worker_main(argv: list[str]) -> None:
    name, side, repeat = argv[0], argv[1], int(argv[2])
    env = json.loads(sys.stdin.read())
    print(json.dumps(worker(name, side, env, repeat)))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "worker":
        _worker_main(sys.argv[2:])
    else:
        raise SystemExit("usage: python -m benchmarks [--scale N] [--repeat K] [--only NAME]")
