"""Native JSON Lines: lossless round trip, schema version, located errors, atomic writes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

import upr
from strategies import datasets
from upr import jsonl
from upr.core.dataset import DuplicateIdError
from upr.io.importing import ImporterCrash

SLOW = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SLOW
@given(datasets())
def test_jsonl_round_trip_is_lossless(
    tmp_path_factory: pytest.TempPathFactory, ds: upr.Dataset
) -> None:
    path = tmp_path_factory.mktemp("rt") / "ds.jsonl"
    # the codec keeps any dataset exactly as given (records, order, conflicts, lineage)
    jsonl.write(ds, path)
    assert jsonl.read(path) == ds
    # an import fuses what it reads (reviews by id, conflicts found again), so a
    # dataset as upr makes them, a fused one, comes back unchanged
    fused = ds.merge()
    jsonl.write(fused, path)
    assert upr.load(path, format="upr-jsonl") == fused
    assert jsonl.read(path) == fused


def test_jsonl_round_trip_of_the_dossier(tmp_path: Path) -> None:
    """Real data: the embedded dossier (fused from four sources, with the conflicts
    fusion found and those the sources show, and the source records behind its
    recommendations)."""
    dossier = upr.datasets.viet_nam()
    kinds = {c.kind for c in dossier.conflicts}
    assert {upr.ConflictKind.VALUES, upr.ConflictKind.SOURCE} <= kinds
    assert dossier.lineage.recommendations
    path = tmp_path / "viet-nam.jsonl"
    upr.export(dossier, path)
    assert jsonl.read(path) == dossier
    back = upr.load(path)
    assert back.recommendations == dossier.recommendations
    assert back.lineage == dossier.lineage
    assert back.conflicts == dossier.conflicts
    assert back == dossier


@SLOW
@given(datasets())
def test_detected_format_round_trip(
    tmp_path_factory: pytest.TempPathFactory, ds: upr.Dataset
) -> None:
    path = tmp_path_factory.mktemp("rt") / "data.jsonl"
    jsonl.write(ds, path)
    result = upr.read(path)
    assert result.report.format == "upr-jsonl"
    assert result.report.balanced
    assert result.dataset.recommendations == ds.recommendations


def _write(
    path: Path, *records: dict[str, object], header: dict[str, object] | None = None
) -> Path:
    lines = [json.dumps(header if header is not None else jsonl.header())]
    lines += [json.dumps(r) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


GOOD = {
    "type": "recommendation",
    "id": "A/HRC/26/6:143.12",
    "text": "Ratify CAT",
    "review": "UPR-VNM-2",
    "mechanism": "UPR",
    "state_under_review": "VNM",
    "cycle": 2,
}


def test_good_minimal_record_loads(tmp_path: Path) -> None:
    ds = jsonl.read(_write(tmp_path / "ok.jsonl", GOOD))
    assert ds["A/HRC/26/6:143.12"].cycle == 2


@pytest.mark.parametrize(
    ("change", "field", "reason"),
    [
        ({"colour": "red"}, "", "extra"),
        ({"cycle": "two"}, "cycle", "int"),
        ({"response": {"value": "maybe"}}, "response.value", "ResponseValue"),
        ({"action_category": 9}, "action_category", "ActionCategory"),
        ({"recommending_states": "VNM"}, "recommending_states", ""),
    ],
)
def test_schema_errors_name_file_line_and_field(
    tmp_path: Path, change: dict[str, object], field: str, reason: str
) -> None:
    path = _write(tmp_path / "bad.jsonl", GOOD, {**GOOD, "id": "x", **change})
    with pytest.raises(upr.SchemaError) as info:
        jsonl.read(path)
    err = info.value
    assert err.location.file == str(path)
    assert err.location.line == 3
    message = str(err)
    assert str(path) in message and "line 3" in message
    if field:
        assert err.location.field == field
        assert repr(field) in message
    assert reason.lower() in message.lower()


def test_unknown_record_type(tmp_path: Path) -> None:
    path = _write(tmp_path / "bad.jsonl", {**GOOD, "type": "opinion"})
    with pytest.raises(
        upr.SchemaError, match=r"line 2, field 'type': unknown record type 'opinion'"
    ):
        jsonl.read(path)


def test_bad_json_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(jsonl.header()) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(upr.SchemaError, match="line 2: not valid JSON"):
        jsonl.read(path)


def test_schema_version_is_checked(tmp_path: Path) -> None:
    path = _write(tmp_path / "v9.jsonl", GOOD, header={"upr": "dataset", "schema_version": 9})
    with pytest.raises(upr.SchemaError, match="schema version 9 is not supported") as info:
        jsonl.read(path)
    assert info.value.location.field == "schema_version"


def test_missing_header(tmp_path: Path) -> None:
    path = tmp_path / "nohead.jsonl"
    path.write_text(json.dumps(GOOD) + "\n", encoding="utf-8")
    with pytest.raises(upr.SchemaError, match="line 1, field 'upr': not a upr dataset"):
        jsonl.read(path)


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_text("", encoding="utf-8")
    with pytest.raises(upr.SchemaError, match="empty file"):
        jsonl.read(path)


def test_duplicate_ids_are_an_error(tmp_path: Path) -> None:
    path = _write(tmp_path / "dup.jsonl", GOOD, GOOD)
    with pytest.raises(upr.SchemaError, match="duplicate recommendation id"):
        jsonl.read(path)


def test_every_error_is_an_upr_error() -> None:
    for name in (
        "DataError",
        "SchemaError",
        "UnknownNameError",
        "FormatDetectionError",
        "PluginError",
    ):
        assert issubclass(getattr(upr, name), upr.UprError)
    assert issubclass(ImporterCrash, upr.UprError)
    assert issubclass(DuplicateIdError, upr.UprError)


def test_write_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "ds.jsonl"
    target.write_text("previous content\n", encoding="utf-8")
    ds = upr.Dataset()

    def boom(_: upr.Dataset) -> object:
        yield json.dumps(jsonl.header())
        raise RuntimeError("disk full")

    monkeypatch.setattr(jsonl, "dumps_records", boom)
    with pytest.raises(RuntimeError, match="disk full"):
        jsonl.write(ds, target)
    assert target.read_text(encoding="utf-8") == "previous content\n"
    assert [p.name for p in tmp_path.iterdir()] == ["ds.jsonl"]


@SLOW
@given(datasets())
def test_csv_round_trip_keeps_records(
    tmp_path_factory: pytest.TempPathFactory, ds: upr.Dataset
) -> None:
    path = tmp_path_factory.mktemp("csv") / "flat.csv"
    upr.export(ds, path)
    back = upr.read(path)
    assert back.report.format == "upr-csv"
    assert back.report.balanced

    # the flat CSV keeps every field of to_records(); per-field provenance becomes "*"
    def comparable(records: list[dict[str, object]]) -> list[dict[str, object]]:
        return [{k: v for k, v in r.items() if k != "sources"} for r in records]

    def representable(record: dict[str, object]) -> bool:
        # list cells are "; "-joined and stripped: the documented limits of a flat CSV
        lists = [v for v in record.values() if isinstance(v, list)]
        return all(";" not in x and x == x.strip() for items in lists for x in items)

    expected = [r for r in comparable(ds.to_records()) if representable(r)]
    got = {r["id"]: r for r in comparable(back.dataset.to_records())}
    for record in expected:
        assert got[record["id"]] == record
