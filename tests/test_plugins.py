"""Plugin system: entry-point discovery, isolation of broken plugins, a real third-party plugin."""

from __future__ import annotations

import importlib.metadata
import shutil
import types
from pathlib import Path

import pytest
from click.testing import CliRunner

import upr
from upr.cli import main
from upr.plugins import Manager

MATRIX = Path(__file__).parent / "data" / "matrix" / "viet-nam-2014-matrix.csv"


def test_first_party_plugins_come_from_entry_points() -> None:
    eps = {ep.name: ep.value for ep in importlib.metadata.entry_points(group="upr")}
    assert eps["native"] == "upr_plugins.native"
    manager = upr.plugins.Manager()
    assert {"upr-jsonl", "upr-csv"} <= set(manager.importers())
    assert manager.failures == []


def test_third_party_plugin_is_installed_and_used() -> None:
    """tests/plugin_example is a separate distribution installed by the test command."""
    eps = {ep.name: ep for ep in importlib.metadata.entry_points(group="upr")}
    assert "example-matrix" in eps, "install it: pip install ./tests/plugin_example"
    result = upr.read(MATRIX)  # format detected through the plugin's sniff
    assert result.report.format == "matrix-csv"
    assert result.report.summary().endswith("6 rows, 6 created, 0 merged, 0 rejected")
    para = result.dataset["A/HRC/26/6:143.12"]
    assert para.recommending_states == ("GAB", "MLI", "SVK")
    table = upr.metrics.compute(result.dataset, "states-per-recommendation")
    assert table.to_records() == [{"recommendations": 6, "mean_states": 1.5}]


def test_third_party_errors_name_line_and_field(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    text = MATRIX.read_text(encoding="utf-8").replace("Gabon; Mali", "Gabonn; Mali")
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(upr.DataError) as info:
        upr.read(bad)
    assert info.value.location.line == 4
    assert info.value.location.field == "recommending_states"
    assert "unknown state 'Gabonn'" in str(info.value) and "Gabon" in str(info.value)
    collected = upr.read(bad, errors="collect")
    assert collected.report.balanced and len(collected.report.rejected) == 1
    assert len(collected.dataset) == 5


def _plugin(**hooks: object) -> types.ModuleType:
    module = types.ModuleType("fake_plugin")
    for name, function in hooks.items():
        setattr(module, name, upr.hookimpl(function))  # type: ignore[arg-type]
    return module


def test_a_raising_hook_is_isolated_and_reported() -> None:
    def upr_register_importers(register: object) -> None:
        raise RuntimeError("boom")

    manager = Manager([("broken", _plugin(upr_register_importers=upr_register_importers))])
    assert {"upr-jsonl", "upr-csv"} <= set(manager.importers())
    assert [(f.plugin, "boom" in f.reason) for f in manager.failures] == [("broken", True)]
    info = {i.name: i for i in manager.info()}
    assert info["broken"].failures and info["native"].provides


def test_registering_a_wrong_object_is_reported() -> None:
    def upr_register_importers(register: upr.hookspecs.Register[upr.Importer]) -> None:
        register("not an importer")  # type: ignore[arg-type]

    manager = Manager(
        [("wrong", _plugin(upr_register_importers=upr_register_importers))], entry_points=False
    )
    assert manager.importers() == {}
    assert "not a Importer" in manager.failures[0].reason


def test_duplicate_names_keep_the_first() -> None:
    from upr_plugins import native

    def upr_register_importers(register: upr.hookspecs.Register[upr.Importer]) -> None:
        register(native.JsonlImporter())

    manager = Manager(
        [native, ("copycat", _plugin(upr_register_importers=upr_register_importers))],
        entry_points=False,
    )
    assert list(manager.importers()) == ["upr-jsonl", "upr-csv"]
    assert manager.failures[0].plugin == "copycat"


def test_a_plugin_that_fails_to_import_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    broken = importlib.metadata.EntryPoint(name="ghost", value="no_such_module_xyz", group="upr")
    real = importlib.metadata.entry_points

    def fake(**kwargs: str) -> list[importlib.metadata.EntryPoint]:
        return [*real(**kwargs), broken]

    monkeypatch.setattr(importlib.metadata, "entry_points", fake)
    manager = Manager()
    assert "upr-jsonl" in manager.importers()
    ghost = next(i for i in manager.info() if i.name == "ghost")
    assert "failed to import no_such_module_xyz" in ghost.failures[0]


def test_isolated_manager_has_only_chosen_plugins() -> None:
    manager = Manager(entry_points=False)
    assert manager.importers() == {}
    with pytest.raises(upr.UnknownNameError, match="unknown importer 'upr-jsonl'"):
        manager.importer("upr-jsonl")


def test_detection_errors_list_candidates(tmp_path: Path) -> None:
    unknown = tmp_path / "notes.txt"
    unknown.write_text("nothing to see", encoding="utf-8")
    with pytest.raises(upr.FormatDetectionError, match="no importer recognises this file"):
        upr.read(unknown)
    twin = tmp_path / "twin.csv"
    shutil.copy(MATRIX, twin)

    class Greedy(upr.Importer):
        name = "greedy"

        def sniff(self, source: upr.Source) -> float:
            return 1.0

        def read(self, source: upr.Source, sink: upr.ImportSink) -> None:
            raise NotImplementedError

    def upr_register_importers(register: upr.hookspecs.Register[upr.Importer]) -> None:
        register(Greedy())

    manager = Manager([("greedy", _plugin(upr_register_importers=upr_register_importers))])
    with pytest.raises(upr.FormatDetectionError, match="candidates: .*greedy") as info:
        upr.read(twin, manager=manager)
    assert set(info.value.candidates) == {"greedy", "matrix-csv"}


def test_importer_crash_is_wrapped_with_location(tmp_path: Path) -> None:
    class Buggy(upr.Importer):
        name = "buggy"

        def sniff(self, source: upr.Source) -> float:
            return 0.0

        def read(self, source: upr.Source, sink: upr.ImportSink) -> None:
            sink.reject(source.location(line=1), "first row bad")
            raise ZeroDivisionError("oops")

    def upr_register_importers(register: upr.hookspecs.Register[upr.Importer]) -> None:
        register(Buggy())

    manager = Manager(
        [("buggy", _plugin(upr_register_importers=upr_register_importers))], entry_points=False
    )
    with pytest.raises(
        upr.importing.ImporterCrash, match="line 1: importer 'buggy' failed: ZeroDivisionError"
    ):
        upr.read(MATRIX, format="buggy", errors="collect", manager=manager)


def test_cli_lists_plugins() -> None:
    result = CliRunner().invoke(main, ["plugins"], terminal_width=200)
    assert result.exit_code == 0, result.output
    assert "native" in result.output and "example-matrix" in result.output
    assert "importer:matrix-csv" in result.output


def test_cli_import_writes_jsonl(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(main, ["import", str(MATRIX), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "6 rows, 6 created, 0 merged, 0 rejected" in result.output
    assert len(upr.load(out)) == 6
