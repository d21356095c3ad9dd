"""DataFrames, Arrow tables and Parquet files (src/upr/core/frames.py, src/upr/io/parquet.py,
plugins/upr_plugins/parquet.py).

Real data: the embedded Viet Nam dossier (``upr.datasets.viet_nam()``); the
Parquet fixtures are written from it at test time. Random datasets come from
``tests/strategies.py``.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import attrs
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import shared_reads
import upr
from importer_checks import assert_balanced, fuzz_settings, other_test_files, read_robustly
from strategies import datasets
from upr.core import frames, records
from upr.core.records import RECORD_COLUMNS
from upr.io import parquet
from upr.io.importing import Confidence, Source, detect
from upr.model.recommendations import recommendation_id
from upr.plugins import default_manager
from upr_plugins.parquet import ParquetImporter

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
SLOW = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture(scope="module")
def dossier() -> upr.Dataset:
    return upr.datasets.viet_nam()


@pytest.fixture(scope="module")
def dossier_parquet(dossier: upr.Dataset) -> Any:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "viet-nam.parquet"
        parquet.write(dossier, path)
        yield path


def _plain(value: Any) -> Any:
    """A DataFrame cell as to_record gives it (pd.NA -> None)."""
    if isinstance(value, list):
        return value
    return None if pd.isna(value) else value


def _frame_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{k: _plain(v) for k, v in row.items()} for row in frame.to_dict("records")]


def _representable(record: dict[str, Any]) -> bool:
    """Blank list items are dropped by every flat format (CSV, frames, Parquet)."""
    return all(x.strip() for v in record.values() if isinstance(v, list) for x in v)


# -- to_pandas -------------------------------------------------------------------
def test_to_pandas_columns_dtypes_and_values(dossier: upr.Dataset) -> None:
    frame = dossier.to_pandas()
    assert tuple(frame.columns) == RECORD_COLUMNS
    assert len(frame) == len(dossier) == 373
    assert frame["cycle"].dtype == "int64"
    assert frame["session"].dtype == "Int64"
    assert frame["action_category"].dtype == "Int64"
    for column in records.TEXT_COLUMNS:
        assert frame[column].dtype == "string", column
    for column in records.LIST_COLUMNS:
        assert frame[column].dtype == object, column
        assert all(isinstance(v, list) for v in frame[column]), column
    assert _frame_records(frame) == dossier.to_records()
    # rows are in the dataset's canonical order (review, then natural paragraph order)
    assert list(frame["id"]) == [r.id for r in dossier]
    assert frame.iloc[0]["id"] == "UPR-VNM-1:35(a)"
    row = frame[frame["id"] == "A/HRC/12/11:99.1"].iloc[0]
    assert row["recommending_states"] == ["DZA"]
    assert row["session"] == 5


def test_to_pandas_of_an_empty_dataset() -> None:
    frame = upr.Dataset().to_pandas()
    assert tuple(frame.columns) == RECORD_COLUMNS
    assert len(frame) == 0
    assert frame["cycle"].dtype == "int64"
    long = upr.Dataset().to_pandas(long=True)
    assert tuple(long.columns) == frames.LONG_COLUMNS
    assert upr.Dataset.from_pandas(frame) == upr.Dataset()


def test_long_form(dossier: upr.Dataset) -> None:
    long = dossier.to_pandas(long=True)
    assert tuple(long.columns) == frames.LONG_COLUMNS
    assert len(long) == sum(max(1, len(r.recommending_states)) for r in dossier) == 430
    assert long["id"].nunique() == len(dossier)
    assert long["recommending_state"].dtype == "string"
    assert long["regional_group"].dtype == "string"
    france = long[long["recommending_state"] == "FRA"]
    assert set(france["regional_group"]) == {"WEOG"}
    # every regional group is the one upr.states gives
    for code, group in zip(long["recommending_state"], long["regional_group"], strict=True):
        expected = upr.states.group_of(code)
        assert (None if pd.isna(group) else group) == (expected and expected.value)


def test_long_form_keeps_recommendations_without_states(dossier: upr.Dataset) -> None:
    recs = list(dossier.recommendations[:3])
    recs[1] = attrs.evolve(recs[1], recommending_states=())
    recs[2] = attrs.evolve(recs[2], recommending_states=("VAT", "FRA"))  # Holy See: no group
    long = upr.Dataset(recs).to_pandas(long=True)
    assert len(long) == 1 + 1 + 2
    alone = long[long["id"] == recs[1].id]
    assert len(alone) == 1
    assert pd.isna(alone["recommending_state"].iloc[0])
    assert pd.isna(alone["regional_group"].iloc[0])
    holy_see = long[long["recommending_state"] == "VAT"]
    assert pd.isna(holy_see["regional_group"].iloc[0])
    back = upr.Dataset.from_pandas(long)
    assert back.to_records() == upr.Dataset(recs).to_records()


# -- from_pandas -----------------------------------------------------------------
def test_from_pandas_round_trip(dossier: upr.Dataset) -> None:
    back = upr.Dataset.from_pandas(dossier.to_pandas())
    assert back.to_records() == dossier.to_records()
    # reviews are derived: what the recommendations say about them
    assert [(r.id, r.session) for r in back.reviews] == [("UPR-VNM-1", 5), ("UPR-VNM-2", 18)]
    assert all(r.documents == () and r.start is None for r in back.reviews)


def test_from_pandas_regroups_long_frames(dossier: upr.Dataset) -> None:
    back = upr.Dataset.from_pandas(dossier.to_pandas(long=True))
    assert back.to_records() == dossier.to_records()


def test_from_pandas_reads_joined_strings(dossier: upr.Dataset) -> None:
    frame = dossier.to_pandas()
    flat = frame.astype(object)
    for column in records.LIST_COLUMNS:
        flat[column] = frame[column].map("; ".join)
    for column in ("cycle", "session", "action_category"):
        flat[column] = [None if pd.isna(v) else str(v) for v in frame[column]]
    back = upr.Dataset.from_pandas(flat)
    assert back.to_records() == dossier.to_records()


def test_from_pandas_reads_a_flat_csv(dossier: upr.Dataset, tmp_path: Path) -> None:
    path = tmp_path / "flat.csv"
    upr.export(dossier, path, format="upr-csv")
    # pandas' own type guessing: floats with NaN for session, NaN for empty cells
    frame = pd.read_csv(path)
    back = upr.Dataset.from_pandas(frame)
    # the CSV exporter guards cells against spreadsheet formulas (a leading "'"),
    # which only upr's CSV importer removes; no dossier cell needs it
    assert back.to_records() == dossier.to_records()


def test_missing_values_in_every_spelling(dossier: upr.Dataset) -> None:
    frame = dossier.to_pandas().head(3).astype(object)
    frame.loc[0, "session"] = float("nan")
    frame.loc[1, "session"] = None
    frame.loc[2, "session"] = pd.NA
    frame.loc[0, "themes"] = None
    frame.loc[1, "themes"] = float("nan")
    frame.loc[0, "response"] = pd.NA
    frame.loc[1, "symbol"] = ""
    back = upr.Dataset.from_pandas(frame)
    assert [r.session for r in back] == [None, None, None]
    assert back.recommendations[0].themes == ()
    assert back.recommendations[0].response is None
    assert back.recommendations[1].symbol is None


def test_minimal_frame_derives_review_and_id() -> None:
    text = "Continue fulfilling its obligations under the international treaties"
    frame = pd.DataFrame(
        {
            "text": [text],
            "mechanism": ["UPR"],
            "state_under_review": ["VNM"],
            "cycle": [1],
            "response": ["Accepted"],  # a published label
            "action_category": ["2 - Continuing action"],
        }
    )
    ds = upr.Dataset.from_pandas(frame)
    rec = ds.recommendations[0]
    assert rec.review == "UPR-VNM-1"
    assert rec.id == recommendation_id(symbol=None, paragraph=None, review="UPR-VNM-1", text=text)
    assert rec.response is not None
    assert rec.response.value is upr.ResponseValue.SUPPORTED
    assert rec.response.raw == "Accepted"  # the published label is kept as the raw one
    assert rec.action_category is upr.ActionCategory.CONTINUING
    assert ds.reviews == (upr.Review("UPR", "VNM", 1),)


def _bad(frame: pd.DataFrame) -> upr.DataError:
    with pytest.raises(upr.DataError) as info:
        upr.Dataset.from_pandas(frame)
    return info.value


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        ("cycle", "two", "whole number"),
        ("cycle", None, "cycle is required"),
        ("cycle", 2.5, "whole number"),
        ("session", True, "whole number"),
        ("text", None, "text is required"),
        ("text", 42, "expected text"),
        ("mechanism", pd.NA, "mechanism is required"),
        ("response", "maybe", "unknown response label"),
        ("action_category", 9, "not 1-5"),
        ("action_category", "lots", "unknown action category"),
        ("kind", "wish", "unknown kind"),
        ("themes", 7, "list of text"),
        ("recommending_states", ["FRA", 3], "list of text"),
    ],
)
def test_bad_cells_name_row_and_column(
    dossier: upr.Dataset, column: str, value: object, reason: str
) -> None:
    frame = dossier.to_pandas().head(5).astype(object)
    frame.at[3, column] = value
    error = _bad(frame)
    assert error.location == upr.Location("<DataFrame>", row=3, field=column)
    assert reason in error.reason


def test_errors_name_the_index_label_when_it_is_not_the_position(dossier: upr.Dataset) -> None:
    frame = dossier.to_pandas().head(3).astype(object)
    frame.index = ["a", "b", "c"]
    frame.loc["c", "cycle"] = "x"
    error = _bad(frame)
    assert error.location.row == 2
    assert "index label 'c'" in error.reason


def test_missing_and_conflicting_columns(dossier: upr.Dataset) -> None:
    frame = dossier.to_pandas()
    error = _bad(frame.drop(columns=["state_under_review"]))
    assert error.location.field == "state_under_review"
    both = dossier.to_pandas(long=True).assign(recommending_states=None)
    assert _bad(both).location.field == "recommending_state"
    doubled = pd.concat([frame, frame[["text"]]], axis=1)
    assert _bad(doubled).location.field == "text"


def test_duplicate_ids_in_a_wide_frame(dossier: upr.Dataset) -> None:
    frame = dossier.to_pandas().head(3)
    frame = pd.concat([frame, frame.iloc[[1]]], ignore_index=True)
    error = _bad(frame)
    assert error.location == upr.Location("<DataFrame>", row=3, field="id")
    assert "first at row 1" in error.reason


def test_long_rows_of_one_recommendation_must_agree(dossier: upr.Dataset) -> None:
    long = dossier.to_pandas(long=True)
    several = long[long["id"].duplicated(keep=False)].reset_index(drop=True)
    several.loc[1, "response"] = (
        "supported" if several.loc[0, "response"] != "supported" else "noted"
    )
    error = _bad(several)
    assert error.location == upr.Location("<DataFrame>", row=1, field="response")
    assert "differs from row 0" in error.reason


@SLOW
@given(datasets())
def test_pandas_round_trip_of_random_datasets(ds: upr.Dataset) -> None:
    expected = [r for r in ds.to_records() if _representable(r)]
    back = upr.Dataset.from_pandas(ds.to_pandas())
    got = {r["id"]: r for r in back.to_records()}
    assert len(got) == len(ds)
    for record in expected:
        assert got[record["id"]] == record
    long = upr.Dataset.from_pandas(ds.to_pandas(long=True))
    assert {r["id"]: r for r in long.to_records()} == got


# -- arrow -----------------------------------------------------------------------
def test_to_arrow_schema_and_values(dossier: upr.Dataset) -> None:
    table = dossier.to_arrow()
    assert table.schema.names == list(RECORD_COLUMNS)
    assert table.num_rows == 373
    types = {field.name: field.type for field in table.schema}
    for column in records.LIST_COLUMNS:
        assert types[column] == pa.list_(pa.string())
    for column in frames.DICTIONARY_COLUMNS:
        assert pa.types.is_dictionary(types[column])
    assert types["cycle"] == pa.int64()
    assert not table.schema.field("cycle").nullable
    assert types["text"] == pa.string()
    assert table.to_pylist() == dossier.to_records()
    header = json.loads(table.schema.metadata[frames.METADATA_KEY])
    assert header["schema_version"] == frames.METADATA_VERSION
    assert [r["cycle"] for r in header["reviews"]] == [1, 2, 3, 4]


@SLOW
@given(datasets())
def test_arrow_values_are_the_records(ds: upr.Dataset) -> None:
    assert ds.to_arrow().to_pylist() == ds.to_records()


# -- parquet ---------------------------------------------------------------------
def test_parquet_round_trip(dossier: upr.Dataset, dossier_parquet: Path) -> None:
    result = upr.read(dossier_parquet)
    assert result.report.format == "upr-parquet"
    assert_balanced(result.report)
    assert result.report.created == 373
    back = result.dataset
    assert back.to_records() == dossier.to_records()
    assert back.reviews == dossier.reviews  # dates, sessions and documents kept
    assert upr.load(dossier_parquet).to_records() == dossier.to_records()
    # provenance collapses to the sources (str(FieldSource) texts, read back vouching
    # for every field), as in the flat CSV
    rec = back["A/HRC/12/11:99.1"]
    assert {p.fields for p in rec.provenance} == {("*",)}
    assert rec.sources("response") == to_sources(dossier["A/HRC/12/11:99.1"])
    assert [str(p) for p in rec.provenance] == records.source_names(dossier["A/HRC/12/11:99.1"])
    # and pandas reads the file as any Parquet file
    assert len(pd.read_parquet(dossier_parquet)) == 373


def to_sources(rec: upr.Recommendation) -> tuple[upr.FieldSource, ...]:
    """What a flat file keeps of the provenance: each source and location, every field."""
    return tuple(upr.FieldSource.parse(text) for text in records.source_names(rec))


def test_parquet_exporter(dossier: upr.Dataset, tmp_path: Path) -> None:
    path = tmp_path / "export.parquet"
    upr.export(dossier, path)
    assert upr.load(path).to_records() == dossier.to_records()


@SLOW
@given(datasets())
def test_parquet_round_trip_of_random_datasets(scratch: Path, ds: upr.Dataset) -> None:
    path = scratch / "random.parquet"
    parquet.write(ds, path)
    result = upr.read(path, errors="collect")
    assert result.report.format == "upr-parquet"
    assert_balanced(result.report)
    assert not result.report.rejected
    # reviews are fused by id on import: the same reviews, in id order
    assert result.dataset.reviews == tuple(sorted(ds.reviews, key=lambda r: r.id))
    expected = [r for r in ds.to_records() if _representable(r)]
    got = {r["id"]: r for r in result.dataset.to_records()}
    assert len(got) == len(ds)
    for record in expected:
        assert got[record["id"]] == record


def test_parquet_written_by_pandas_derives_reviews(dossier: upr.Dataset, tmp_path: Path) -> None:
    path = tmp_path / "pandas.parquet"
    dossier.to_pandas().to_parquet(path)
    back = upr.read(path)
    assert back.report.format == "upr-parquet"
    assert back.dataset.to_records() == dossier.to_records()
    assert [r.id for r in back.dataset.reviews] == ["UPR-VNM-1", "UPR-VNM-2"]


def test_parquet_bad_rows_are_rejected_with_row_and_field(
    dossier: upr.Dataset, tmp_path: Path
) -> None:
    frame = dossier.to_pandas().head(4).astype(object)
    frame["cycle"] = ["1", "one", "2", None]
    path = tmp_path / "bad.parquet"
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), path)
    result = upr.read(path, errors="collect")
    assert_balanced(result.report)
    assert result.report.created == 2
    assert [(p.location.row, p.location.field) for p in result.report.rejected] == [
        (2, "cycle"),
        (4, "cycle"),
    ]
    assert all(p.location.file == str(path) for p in result.report.rejected)
    with pytest.raises(upr.DataError) as info:
        upr.read(path)
    assert info.value.location == upr.Location(str(path), row=2, field="cycle")


def test_non_upr_parquet_names_the_missing_column(tmp_path: Path) -> None:
    path = tmp_path / "other.parquet"
    pq.write_table(pa.table({"country": ["Viet Nam"], "year": [2014]}), path)
    with pytest.raises(upr.DataError) as info:
        upr.read(path)
    assert info.value.location.field == "id"
    assert "not a upr Parquet file" in info.value.reason


def test_parquet_missing_one_column(dossier: upr.Dataset, tmp_path: Path) -> None:
    path = tmp_path / "nosources.parquet"
    pq.write_table(dossier.to_arrow().drop_columns(["sources"]), path)
    with pytest.raises(upr.DataError) as info:
        upr.read(path)
    assert info.value.location == upr.Location(str(path), field="sources")


def test_long_parquet_is_refused_with_a_hint(dossier: upr.Dataset, tmp_path: Path) -> None:
    path = tmp_path / "long.parquet"
    dossier.to_pandas(long=True).to_parquet(path)
    with pytest.raises(upr.DataError, match="from_pandas") as info:
        upr.read(path)
    assert info.value.location.field == "recommending_states"


@pytest.mark.parametrize(
    ("header", "field"),
    [
        (b"not json", "metadata:upr"),
        (b'{"upr": "something else"}', "metadata:upr"),
        (b'{"upr": "recommendations", "schema_version": 99}', "metadata:upr.schema_version"),
        (b'{"upr": "recommendations", "schema_version": 1, "reviews": 3}', "metadata:upr.reviews"),
        (
            b'{"upr": "recommendations", "schema_version": 1, "reviews": [{"state": "VNM"}]}',
            "mechanism",  # the first review of the list lacks its mechanism
        ),
    ],
)
def test_bad_metadata(dossier: upr.Dataset, tmp_path: Path, header: bytes, field: str) -> None:
    path = tmp_path / "meta.parquet"
    table = dossier.to_arrow()
    pq.write_table(table.replace_schema_metadata({b"upr": header}), path)
    with pytest.raises(upr.DataError) as info:
        upr.read(path)
    assert info.value.location.file == str(path)
    assert info.value.location.field == field


def test_write_is_atomic(
    dossier: upr.Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "ds.parquet"
    parquet.write(dossier, target)
    before = target.read_bytes()
    real = pq.ParquetWriter.write_table

    def boom(self: pq.ParquetWriter, table: pa.Table, **kwargs: Any) -> None:
        real(self, table.slice(0, 10), **kwargs)  # part of the data reaches the disk
        raise OSError("disk full")

    monkeypatch.setattr(pq.ParquetWriter, "write_table", boom)
    with pytest.raises(OSError, match="disk full"):
        parquet.write(dossier, target)
    with pytest.raises(OSError, match="disk full"):
        parquet.write(dossier, tmp_path / "new.parquet")
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["ds.parquet"]


# -- detection and fuzz ----------------------------------------------------------
def test_detection(dossier_parquet: Path, tmp_path: Path) -> None:
    importer = ParquetImporter()
    assert importer.sniff(Source(dossier_parquet)) == Confidence.CERTAIN
    assert detect(Source(dossier_parquet), default_manager().importers()).name == "upr-parquet"
    truncated = tmp_path / "cut.bin"
    truncated.write_bytes(dossier_parquet.read_bytes()[:1000])
    assert importer.sniff(Source(truncated)) == Confidence.LIKELY
    with pytest.raises(upr.DataError, match="not a readable Parquet file"):
        upr.read(truncated)
    named = tmp_path / "empty.parquet"
    named.write_bytes(b"")
    assert importer.sniff(Source(named)) == Confidence.EXTENSION
    with pytest.raises(upr.DataError):
        upr.read(named)


def test_does_not_claim_other_formats(tmp_path: Path) -> None:
    importer = ParquetImporter()
    for path in other_test_files(DATA, tmp_path):
        assert importer.sniff(Source(path)) == Confidence.NONE, path
    native = tmp_path / "ds.jsonl"
    upr.jsonl.write(upr.datasets.viet_nam(), native)
    assert importer.sniff(Source(native)) == Confidence.NONE


@pytest.mark.shared_data
def test_does_not_claim_shared_files(shared_data: Path) -> None:
    importer = ParquetImporter()
    for path in sorted(shared_data.rglob("*")):
        if path.is_file():
            assert importer.sniff(Source(path)) == Confidence.NONE, path


@fuzz_settings(80)
@given(st.binary(max_size=2000), st.booleans())
def test_fuzz_random_bytes(scratch: Path, data: bytes, framed: bool) -> None:
    path = scratch / "random.parquet"
    path.write_bytes(b"PAR1" + data + b"PAR1" if framed else data)
    read_robustly(path, "upr-parquet")


@fuzz_settings(80)
@given(st.data())
def test_fuzz_truncated_and_damaged(
    scratch: Path, dossier_parquet: Path, data: st.DataObject
) -> None:
    original = dossier_parquet.read_bytes()
    cut = data.draw(st.integers(0, len(original)))
    damaged = bytearray(original[:cut])
    if damaged and data.draw(st.booleans()):
        at = data.draw(st.integers(0, len(damaged) - 1))
        damaged[at] = data.draw(st.integers(0, 255))
    path = scratch / "damaged.parquet"
    path.write_bytes(bytes(damaged) + (original[-8:] if data.draw(st.booleans()) else b""))
    read_robustly(path, "upr-parquet")


@fuzz_settings(50)
@given(
    st.lists(st.sampled_from(RECORD_COLUMNS), unique=True),
    st.permutations(list(RECORD_COLUMNS)),
)
def test_fuzz_missing_and_shuffled_columns(
    scratch: Path, dossier: upr.Dataset, dropped: list[str], order: list[str]
) -> None:
    table = dossier.to_arrow().slice(0, 20).select(order).drop_columns(dropped)
    path = scratch / "columns.parquet"
    pq.write_table(table, path)
    if dropped:
        with pytest.raises(upr.DataError) as info:
            upr.read(path, format="upr-parquet")
        assert info.value.location.field in dropped
    else:
        result = upr.read(path, format="upr-parquet")
        assert result.dataset.to_records() == dossier.to_records()[:20]


cells = st.none() | st.text(max_size=20) | st.integers() | st.floats() | st.booleans()


@fuzz_settings(60)
@given(st.dictionaries(st.sampled_from(RECORD_COLUMNS), cells, min_size=1))
def test_fuzz_odd_cells(scratch: Path, dossier: upr.Dataset, changes: dict[str, Any]) -> None:
    frame = dossier.to_pandas().head(2).astype(object)
    for column, value in changes.items():
        frame[column] = [value, frame[column].iloc[1]]
    try:
        table = pa.Table.from_pandas(frame, preserve_index=False)
    except (pa.ArrowException, ValueError, TypeError, OverflowError):
        return  # pyarrow cannot store this mix: nothing to read
    path = scratch / "cells.parquet"
    pq.write_table(table, path)
    read_robustly(path, "upr-parquet")
    problem: upr.DataError | None = None
    try:
        upr.Dataset.from_pandas(frame)
    except upr.DataError as exc:
        problem = exc
    if problem is not None:  # a bad cell: in the changed row, naming a changed column
        assert problem.location.row == 0
        assert problem.location.field in changes


# -- optional extras -------------------------------------------------------------
def test_missing_pandas_names_the_extra(
    dossier: upr.Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    frame = dossier.to_pandas()
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r"pip install 'upr\[pandas\]'"):
        dossier.to_pandas()
    with pytest.raises(ImportError, match=r"pip install 'upr\[pandas\]'"):
        upr.Dataset.from_pandas(frame)


def test_missing_pyarrow_names_the_extra(
    dossier: upr.Dataset,
    dossier_parquet: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(ImportError, match=r"pip install 'upr\[arrow\]'"):
        dossier.to_arrow()
    with pytest.raises(ImportError, match=r"pip install 'upr\[arrow\]'"):
        parquet.write(dossier, tmp_path / "x.parquet")
    assert not (tmp_path / "x.parquet").exists()
    with pytest.raises(upr.PluginError, match=r"upr\[arrow\]"):
        upr.read(dossier_parquet)


def test_import_upr_does_not_import_pandas_or_pyarrow() -> None:
    code = (
        "import sys, upr, upr.core.frames\n"
        "upr.plugins.default_manager().importers()\n"
        "heavy = [m for m in ('pandas', 'pyarrow') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# -- real data -------------------------------------------------------------------
@pytest.mark.shared_data
@shared_reads.shared_group
def test_uprinfo_export_survives_parquet(shared_data: Path, tmp_path: Path) -> None:
    files = sorted((shared_data / "uprinfo").glob("*-*.csv"))
    assert len(files) == 5
    original = shared_reads.read_many(files).dataset
    path = tmp_path / "uprinfo.parquet"
    parquet.write(original, path)
    result = upr.read(path)
    assert_balanced(result.report)
    assert result.report.created == len(original) == 39_870
    back = result.dataset
    assert len(back.reviews) == len(original.reviews) == 305
    assert back.reviews == original.reviews
    assert back.to_records() == original.to_records()
    long = original.to_pandas(long=True)
    assert len(long) == sum(max(1, len(r.recommending_states)) for r in original)
