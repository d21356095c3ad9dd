"""Peak memory of importing a large file: streaming versus building the Dataset (issue 9).

Writes a native upr JSON Lines file and a UPR Info CSV export of about
``--size`` bytes each (synthetic recommendations from :mod:`benchmarks.generate`:
real texts recombined, real distributions), then reads each one in separate
child processes, each reporting its peak RSS (``VmHWM``) and its RSS at 50
points of the file (at least every 25,000 rows):

``baseline``
    Python with ``upr`` and every plugin loaded, nothing read.
``jsonl-iter``
    :func:`upr.jsonl.iter_records` over the JSONL file, nothing kept: the
    streaming path of the native format.
``jsonl-read``
    ``upr.read(path, format="upr-jsonl")``: the whole Dataset.
``uprinfo-scan``
    :func:`upr.scan` with the ``uprinfo-csv`` importer: every record
    handed to a callback that keeps nothing: the importer's own memory,
    whatever the file size.
``uprinfo-read``
    ``upr.read(path, format="uprinfo-csv")``: the whole Dataset.

Usage::

    python -m benchmarks.stream --size 1GB [--out /tmp/upr-stream] [--only MODE]

The files are cached in ``--out`` (about twice ``--size`` on disk; the free
space is checked first).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import attrs

import upr
from upr import jsonl
from upr.io.atomic import atomic_writer

REPO = Path(__file__).resolve().parents[1]
SAMPLES = 50
"""RSS samples a child takes over the rows of its file (at least every 25,000 rows)."""
CHUNK = 20_000
"""Recommendations generated at a time (about 12 MB of JSONL, 5 MB of CSV)."""

MODES: dict[str, tuple[str, str]] = {
    "baseline": ("", "Python + upr + plugins loaded, nothing read"),
    "jsonl-iter": ("jsonl", "upr.jsonl.iter_records, nothing kept (streaming)"),
    "jsonl-read": ("jsonl", 'upr.read(format="upr-jsonl"): the Dataset'),
    "uprinfo-scan": ("csv", "upr.scan(format='uprinfo-csv'), nothing kept (streaming)"),
    "uprinfo-read": ("csv", 'upr.read(format="uprinfo-csv"): the Dataset'),
}
"""Mode -> (file it reads, what it measures)."""


# -- the files -------------------------------------------------------------------------------


@dataclass
class Files:
    """The generated files and what they hold."""

    jsonl: Path
    csv: Path
    recommendations: int
    csv_rows: int


def parse_size(text: str) -> int:
    """``"1GB"`` -> 1,073,741,824 bytes (binary units: KB, MB, GB; bare number: bytes)."""
    found = re.fullmatch(r"\s*([0-9]+(?:\.[0-9]+)?)\s*([KMG]?)B?\s*", text, re.IGNORECASE)
    if found is None:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (e.g. 5MB, 1GB)")
    power = " KMG".index(found.group(2).upper() or " ")
    return int(float(found.group(1)) * 1024**power)


def _chunks(seed: int, small_sources: bool, chunk: int) -> Iterator[tuple[int, upr.Dataset]]:
    """Datasets of ``chunk`` synthetic recommendations, seeds ``seed``, ``seed + 1``, ..."""
    from benchmarks.generate import Profile, generate  # noqa: PLC0415 - reads real data

    profile = Profile.read(small=small_sources)
    number = 0
    while True:
        yield number, generate(chunk, seed + number, profile)
        number += 1


def write_jsonl(path: Path, size: int, seed: int, small_sources: bool, chunk: int) -> int:
    """Write at least ``size`` bytes of upr JSON Lines (whole lines); returns the
    recommendations written. Chunk ``k`` > 0 renames its ids ``<id>~k`` (each chunk
    restarts the paragraph numbers) and writes only reviews not written before."""
    written = 0
    recommendations = 0
    reviews: set[str] = set()
    with atomic_writer(path) as stream:
        for number, dataset in _chunks(seed, small_sources, chunk):
            new_reviews = [r for r in dataset.reviews if r.id not in reviews]
            reviews.update(r.id for r in new_reviews)
            recs = [r if number == 0 else attrs.evolve(r, id=f"{r.id}~{number}") for r in dataset]
            # the new reviews, then the recommendations (each without its header line)
            parts = (
                (0, _lines(upr.Dataset(reviews=new_reviews))),
                (1, _lines(upr.Dataset(recommendations=recs))),
            )
            if number == 0:
                header = next(jsonl.dumps_records(upr.Dataset()))
                stream.write(header + "\n")
                written += len(header.encode()) + 1
            for is_recommendation, lines in parts:
                for line in lines:
                    stream.write(line + "\n")
                    written += len(line.encode()) + 1
                    recommendations += is_recommendation
                    if written >= size:
                        return recommendations
    return recommendations  # pragma: no cover - the generator never ends


def _lines(dataset: upr.Dataset) -> Iterator[str]:
    """The record lines of ``dataset`` in upr JSON Lines (its header line left out)."""
    lines = jsonl.dumps_records(dataset)
    next(lines)
    return lines


def write_csv(path: Path, size: int, seed: int, small_sources: bool, chunk: int) -> int:
    """Write at least ``size`` bytes of UPR Info CSV (Mac Roman, CR; whole rows) with
    :func:`benchmarks.generate.write_uprinfo_csv`, chunk after chunk; returns the rows."""
    from benchmarks.generate import write_uprinfo_csv  # noqa: PLC0415

    written = 0
    rows = 0
    with tempfile.TemporaryDirectory(dir=path.parent) as folder, path.open("wb") as stream:
        part = Path(folder) / "part.csv"
        for number, dataset in _chunks(seed, small_sources, chunk):
            write_uprinfo_csv(dataset, part)
            data = part.read_bytes()
            header, body = data.split(b"\r", 1)
            if number == 0:
                stream.write(header + b"\r")
                written += len(header) + 1
            if written + len(body) >= size:
                end = body.index(b"\r", max(size - written - 1, 0)) + 1
                body = body[:end]
            stream.write(body)
            written += len(body)
            rows += body.count(b"\r")
            if written >= size:
                return rows
    return rows  # pragma: no cover - the generator never ends


def check_disk(folder: Path, needed: int) -> None:
    """Refuse to start when ``folder``'s file system has less than ``needed`` bytes free."""
    free = shutil.disk_usage(folder).free
    if free < needed:
        raise SystemExit(
            f"{folder}: {free / 2**30:.1f} GB free, {needed / 2**30:.1f} GB needed;"
            " use --out on a larger disk or a smaller --size"
        )


def write_files(
    out: Path,
    size: int,
    seed: int = 2024,
    small_sources: bool = False,
    chunk: int = CHUNK,
    quiet: bool = True,
) -> Files:
    """Generate (or reuse) the JSONL and CSV files of about ``size`` bytes each in ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    stem = f"stream-{size}-{seed}{'-small' if small_sources else ''}"
    files = Files(out / f"{stem}.jsonl", out / f"{stem}.csv", 0, 0)
    done = out / f"{stem}.done"
    if done.exists():
        files.recommendations, files.csv_rows = map(int, done.read_text().split())
        return files
    check_disk(out, 2 * size + 2**30)
    started = time.perf_counter()
    files.recommendations = write_jsonl(files.jsonl, size, seed, small_sources, chunk)
    files.csv_rows = write_csv(files.csv, size, seed, small_sources, chunk)
    done.write_text(f"{files.recommendations} {files.csv_rows}\n")
    if not quiet:
        print(
            f"wrote {files.jsonl} ({files.jsonl.stat().st_size / 2**20:,.0f} MB,"
            f" {files.recommendations:,} recommendations) and {files.csv}"
            f" ({files.csv.stat().st_size / 2**20:,.0f} MB, {files.csv_rows:,} rows)"
            f" in {time.perf_counter() - started:.0f} s",
            flush=True,
        )
    return files


# -- the child: one measurement ----------------------------------------------------------------


def _rss() -> int:
    """Resident set size now, in bytes (0 where /proc is missing)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as stream:
            return int(stream.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return 0


def _peak_rss() -> int:
    """Peak resident set size of this process, in bytes (``VmHWM``)."""
    try:
        with open("/proc/self/status", encoding="ascii") as stream:
            for line in stream:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    import resource  # noqa: PLC0415 - POSIX only

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def measure_here(mode: str, path: str, every: int = 25_000) -> dict[str, Any]:
    """Run ``mode`` on ``path`` in this process; rows, records kept, time, and the RSS
    every ``every`` rows."""
    upr.plugins.default_manager()  # every plugin loaded, as in real use
    samples: list[tuple[int, int]] = []

    def on_row(rows: int) -> None:
        if rows % every == 0:
            samples.append((rows, _rss()))

    outcome: dict[str, Any] = {"mode": mode, "rows": 0, "kept": 0, "created": 0, "merged": 0}
    started = time.perf_counter()
    if mode == "jsonl-iter":
        number = 0
        with open(path, encoding="utf-8") as stream:
            for number, (_, kind, _item) in enumerate(jsonl.iter_records(stream, path), 1):
                outcome["created"] += kind == "recommendation"
                on_row(number)
        outcome["rows"] = number
    elif mode == "uprinfo-scan":
        scanned = upr.scan(path, lambda record, where: None, format="uprinfo-csv", progress=on_row)
        outcome.update(
            rows=scanned.rows_read, created=scanned.created, rejected=len(scanned.rejected)
        )
    elif mode in ("jsonl-read", "uprinfo-read"):
        fmt = "upr-jsonl" if mode == "jsonl-read" else "uprinfo-csv"
        result = upr.read(path, format=fmt, errors="collect", progress=on_row)
        report = result.report
        outcome.update(
            rows=report.rows_read,
            created=report.created,
            merged=report.merged,
            rejected=len(report.rejected),
            kept=len(result.dataset),
            reviews=len(result.dataset.reviews),
        )
    elif mode != "baseline":
        raise SystemExit(f"unknown mode {mode!r}")
    outcome["seconds"] = time.perf_counter() - started
    samples.append((outcome["rows"], _rss()))
    outcome["samples"] = samples
    outcome["peak_rss"] = _peak_rss()
    return outcome


# -- the parent ------------------------------------------------------------------------------


@dataclass
class Measurement:
    """What one child reported."""

    mode: str
    file: str
    file_bytes: int
    rows: int
    kept: int
    seconds: float
    peak_rss: int
    samples: list[tuple[int, int]] = field(default_factory=list)
    created: int = 0
    merged: int = 0
    rejected: int = 0
    reviews: int = 0

    def rss_at(self, share: float) -> int | None:
        """RSS at the first sample at or after ``share`` of the rows (None: no sample)."""
        for rows, rss in self.samples:
            if rows >= share * self.rows and rss:
                return rss
        return None


def measure(files: Files, modes: list[str], echo: bool = False) -> list[Measurement]:
    """Run every mode in its own child process (``python -m benchmarks.stream worker``)."""
    results = []
    for mode in modes:
        kind = MODES[mode][0]
        path = files.jsonl if kind == "jsonl" else files.csv if kind == "csv" else Path(os.devnull)
        rows = files.recommendations if kind == "jsonl" else files.csv_rows
        every = str(min(max(rows // SAMPLES, 1), 25_000))
        done = subprocess.run(
            [sys.executable, "-m", "benchmarks.stream", "worker", mode, str(path), every],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode:
            raise RuntimeError(f"{mode} failed:\n{done.stderr[-3000:]}")
        data = json.loads(done.stdout.splitlines()[-1])
        result = Measurement(
            mode=mode,
            file=path.name if kind else "-",
            file_bytes=path.stat().st_size if kind else 0,
            rows=data["rows"],
            kept=data["kept"],
            seconds=data["seconds"],
            peak_rss=data["peak_rss"],
            samples=[(rows, rss) for rows, rss in data["samples"]],
            created=data["created"],
            merged=data["merged"],
            rejected=data.get("rejected", 0),
            reviews=data.get("reviews", 0),
        )
        results.append(result)
        if echo:
            print(f"{mode}: {result.rows:,} rows, {result.seconds:.0f} s, peak", end=" ")
            print(f"{_mb(result.peak_rss)}", flush=True)
    return results


def _mb(value: int | None) -> str:
    return "-" if not value else f"{value / 2**20:,.0f} MB"


def table(results: list[Measurement]) -> str:
    """The measurements as a Markdown table, with the memory per record kept."""
    baseline = next((r.peak_rss for r in results if r.mode == "baseline"), 0)
    lines = [
        "| mode | what | file | rows | records kept | time | peak RSS"
        " | RSS at 10% / 50% / 100% of rows | per record kept |",
        "|---|---|---|---:|---:|---:|---:|---|---:|",
    ]
    for r in results:
        curve = " / ".join(_mb(r.rss_at(share)) for share in (0.1, 0.5, 1.0))
        per_record = "-"
        if r.kept and baseline:
            per_record = f"{(r.peak_rss - baseline) / r.kept / 1024:,.1f} KB"
        size = f"{r.file} ({r.file_bytes / 2**20:,.0f} MB)" if r.file_bytes else "-"
        lines.append(
            f"| {r.mode} | {MODES[r.mode][1]} | {size} | {r.rows:,} | {r.kept:,}"
            f" | {r.seconds:,.1f} s | {_mb(r.peak_rss)} | {curve if r.rows else '-'}"
            f" | {per_record} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> list[Measurement]:
    """Command line: generate the files (cached), measure, print the table."""
    arguments = sys.argv[1:] if argv is None else argv
    if arguments[:1] == ["worker"]:
        print(json.dumps(measure_here(arguments[1], arguments[2], int(arguments[3]))))
        return []
    parser = argparse.ArgumentParser(prog="python -m benchmarks.stream", description=__doc__)
    parser.add_argument("--size", type=parse_size, default=parse_size("1GB"))
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "upr-stream")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--small-sources", action="store_true", help="sample tests/data only")
    parser.add_argument("--chunk", type=int, default=CHUNK, help="recommendations per chunk")
    parser.add_argument("--only", action="append", choices=sorted(MODES), help="repeatable")
    parser.add_argument("--json", type=Path, help="also write the raw measurements here")
    args = parser.parse_args(arguments)
    files = write_files(args.out, args.size, args.seed, args.small_sources, args.chunk, False)
    modes = [m for m in MODES if args.only is None or m in args.only]
    results = measure(files, modes, echo=True)
    print()
    print(table(results))
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in results], indent=1))
    return results


if __name__ == "__main__":
    main()
