"""Smoke run of every benchmark at tiny scale, so the suite never rots (no timing assertions).

The corpus is 2,000 synthetic recommendations sampled from the ``tests/data``
slices; the real-file benchmarks read the ``tests/data`` slices of their
formats instead of ``../shared/data`` (``suite.run(..., files=suite.slices())``),
so they run in CI too.
"""

from __future__ import annotations

import warnings
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("pandas")
pytest.importorskip("networkx")

from benchmarks import suite
from benchmarks.generate import (
    UHRI_HEADER,
    UHRI_SHEET,
    UHRI_WRITERS,
    Corpus,
    Profile,
    generate,
    write_corpus,
)

SCALE = 2_000


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    """2,000 synthetic recommendations sampled from the tests/data slices."""
    return write_corpus(tmp_path_factory.mktemp("bench"), SCALE, seed=7, small_sources=True)


def test_generator_is_deterministic_and_readable(corpus: Corpus) -> None:
    import upr

    profile = Profile.read(small=True)
    first = generate(300, seed=3, profile=profile)
    second = generate(300, seed=3, profile=profile)
    assert first.to_records() == second.to_records()
    assert len(upr.load(corpus.jsonl)) == corpus.recommendations == SCALE
    result = upr.read(corpus.csv, errors="collect")
    report = result.report
    assert report.rows_read == corpus.csv_rows
    assert report.rows_read == report.created + report.merged + len(report.rejected)
    assert report.created == SCALE
    assert not report.rejected
    assert corpus.csv.read_bytes().count(b"\r") > 0
    assert b"\n" not in corpus.csv.read_bytes()


@pytest.mark.parametrize("writer", UHRI_WRITERS)
def test_uhri_xlsx_is_the_export_layout_and_round_trips(corpus: Corpus, writer: str) -> None:
    """The UHRI XLSX is detected as ``uhri-xlsx``, every row becomes the JSONL's record."""
    import openpyxl

    import upr

    export = Corpus(
        corpus.jsonl, corpus.csv, corpus.recommendations, corpus.csv_rows, uhri_writer=writer
    ).uhri_xlsx()
    assert export.rows == SCALE
    assert export.size == export.path.stat().st_size
    with zipfile.ZipFile(export.path) as archive:
        shared = "xl/sharedStrings.xml" in archive.namelist()
        sheet_head = archive.open("xl/worksheets/sheet1.xml").read(2000)
    if writer == "excel":  # stored as Excel stores it: shared strings, sized sheet
        assert shared
        assert f'<dimension ref="A1:P{SCALE + 1}"/>'.encode() in sheet_head
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # e.g. openpyxl's "no default style"
        book = openpyxl.load_workbook(export.path, read_only=True)
    try:
        assert book.sheetnames == [UHRI_SHEET]
        header = next(book.worksheets[0].iter_rows(max_row=1, values_only=True))
    finally:
        book.close()
    assert header[:3] == ("Text", "Countries Concerned", "Reccomending Body")
    assert tuple(header) == UHRI_HEADER and len(UHRI_HEADER) == 16

    result = upr.read(export.path, errors="collect")  # format auto-detected
    report = result.report
    assert report.format == "uhri-xlsx"
    assert report.rows_read == export.rows == report.created
    assert report.balanced and not report.rejected
    expected = {r.id: r for r in upr.load(corpus.jsonl)}
    for rec in result.dataset:
        original = expected[rec.id]  # same id: same review, paragraph and text
        assert rec.text == original.text
        assert rec.paragraph == original.paragraph
        assert sorted(rec.recommending_states) == sorted(original.recommending_states)
        assert rec.themes == original.themes
        assert rec.sdg_targets == original.sdg_targets
        assert (rec.response and rec.response.value) == (
            original.response and original.response.value
        )

    if writer == "excel":
        mtime = export.path.stat().st_mtime_ns
        assert corpus.uhri_xlsx() == export  # cached: the .done marker is read back
        assert export.path.stat().st_mtime_ns == mtime


def test_uhri_xlsx_cap_spreads_rows_over_the_corpus(corpus: Corpus) -> None:
    import upr

    capped = Corpus(corpus.jsonl, corpus.csv, corpus.recommendations, corpus.csv_rows, 150)
    export = capped.uhri_xlsx()
    assert export.rows == 150
    assert export.path != corpus.uhri_xlsx().path
    dataset = upr.read(export.path, format="uhri-xlsx", errors="collect").dataset
    assert len(dataset) == 150
    every = upr.load(corpus.jsonl)
    assert len({r.state_under_review for r in dataset}) > 1
    assert {r.cycle for r in dataset} == {r.cycle for r in every}


@pytest.mark.parametrize("name", sorted(suite.BENCHMARKS))
def test_benchmark_produces_a_row(corpus: Corpus, name: str) -> None:
    results = suite.run(corpus, repeat=1, only=[name], files=suite.slices())
    assert [r.name for r in results] == [name]
    result = results[0]
    assert result.upr_times
    if suite.BENCHMARKS[name].run_baseline is not None:
        assert result.baseline_times
    assert result.operation in suite.table(results)
    if name == "sdg-explorer-real":  # data rows of the two slices (their SOURCE.md)
        assert result.rows == 83 + 308


def test_slices_stand_in_for_every_real_file_benchmark() -> None:
    real = {name for name, bench in suite.BENCHMARKS.items() if bench.needs_shared}
    assert real == {"uprinfo-real", "sdg-explorer-real"}
    files = suite.slices()
    assert set(files) == real
    assert all(files[name] and all(p.exists() for p in files[name]) for name in real)


def test_table_lists_every_operation(corpus: Corpus) -> None:
    result = suite.Result("x", "an operation", 10, [0.5], [0.25], 2**20, 2**21)
    text = suite.table([result])
    assert "an operation" in text
    assert "2.00" in text
    assert Path(corpus.jsonl).exists()
