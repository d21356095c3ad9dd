"""Smoke run of every benchmark at tiny scale, so the suite never rots (no timing assertions)."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("pandas")
pytest.importorskip("networkx")

from benchmarks import suite
from benchmarks.generate import Profile, generate, shared_data, write_corpus


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """2,000 synthetic recommendations sampled from the tests/data slices."""
    return write_corpus(tmp_path_factory.mktemp("bench"), 2_000, seed=7, small_sources=True)


def test_generator_is_deterministic_and_readable(corpus) -> None:  # type: ignore[no-untyped-def]
    import upr

    profile = Profile.read(small=True)
    first = generate(300, seed=3, profile=profile)
    second = generate(300, seed=3, profile=profile)
    assert first.to_records() == second.to_records()
    assert len(upr.load(corpus.jsonl)) == corpus.recommendations == 2_000
    result = upr.read(corpus.csv, errors="collect")
    report = result.report
    assert report.rows_read == corpus.csv_rows
    assert report.rows_read == report.created + report.merged + len(report.rejected)
    assert report.created == 2_000
    assert not report.rejected
    assert corpus.csv.read_bytes().count(b"\r") > 0
    assert b"\n" not in corpus.csv.read_bytes()


@pytest.mark.parametrize("name", sorted(suite.BENCHMARKS))
def test_benchmark_produces_a_row(corpus, name: str) -> None:  # type: ignore[no-untyped-def]
    if suite.BENCHMARKS[name].needs_shared and shared_data() is None:
        pytest.skip("../shared/data not found: real-file benchmark skipped")
    results = suite.run(corpus, repeat=1, only=[name])
    assert [r.name for r in results] == [name]
    assert results[0].upr_times
    assert name in suite.table(results) or results[0].operation in suite.table(results)


def test_table_lists_every_operation(corpus) -> None:  # type: ignore[no-untyped-def]
    result = suite.Result("x", "an operation", 10, [0.5], [0.25], 2**20, 2**21)
    text = suite.table([result])
    assert "an operation" in text
    assert "2.00" in text
    assert Path(corpus.jsonl).exists()
