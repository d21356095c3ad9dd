"""Plugin system: entry-point discovery, isolation of broken plugins, a real third-party plugin.

Hooks are called through pluggy: the plugin registered last is called first,
``tryfirst``/``trylast`` implementations come first/last, and ``wrapper=True``
implementations wrap the call. The first implementation to register a name wins it.
"""

from __future__ import annotations

import importlib.metadata
import json
import shutil
import types
from collections.abc import Callable, Generator
from pathlib import Path

import pytest
from click.testing import CliRunner

import upr
from upr.cli import main
from upr.io.importing import ImporterCrash
from upr.plugins import DISABLE_VARIABLE, Manager
from upr_plugins import native

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
    table = upr.compute(result.dataset, "states-per-recommendation")
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


def _marked(function: Callable[..., object], **marks: bool) -> types.ModuleType:
    """A plugin with one hook implementation carrying pluggy marks (tryfirst=True, ...)."""
    module = types.ModuleType("fake_plugin")
    setattr(module, function.__name__, upr.hookimpl(**marks)(function))
    return module


class CopyJsonl(native.JsonlImporter):
    """Another importer with the name of a built-in one."""


def _copycat(register: upr.hookspecs.Register[upr.Importer]) -> None:
    register(CopyJsonl())


_copycat.__name__ = "upr_register_importers"


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


def test_duplicate_names_keep_the_one_pluggy_calls_first() -> None:
    """pluggy calls the plugin registered last first: the copycat registered after
    native wins "upr-jsonl"; native's own is the duplicate, reported."""
    manager = Manager(
        [native, ("copycat", _plugin(upr_register_importers=_copycat))], entry_points=False
    )
    importers = manager.importers()
    assert list(importers) == ["upr-jsonl", "upr-csv"]
    assert type(importers["upr-jsonl"]) is CopyJsonl
    assert [f.plugin for f in manager.failures] == ["upr_plugins.native"]
    assert "'upr-jsonl' already registered" in manager.failures[0].reason
    provides = {i.name: i.provides for i in manager.info()}
    assert provides["copycat"] == ("importer:upr-jsonl",)
    assert provides["upr_plugins.native"] == (
        "importer:upr-csv",
        "exporter:upr-jsonl",
        "exporter:upr-csv",
    )


def test_duplicate_names_registered_before_lose_to_later_plugins() -> None:
    manager = Manager(
        [("copycat", _plugin(upr_register_importers=_copycat)), native], entry_points=False
    )
    importers = manager.importers()
    assert list(importers) == ["upr-jsonl", "upr-csv"]
    assert type(importers["upr-jsonl"]) is native.JsonlImporter
    assert [f.plugin for f in manager.failures] == ["copycat"]


def test_a_tryfirst_implementation_wins_a_duplicate_name() -> None:
    # registered first, so called last without the mark; tryfirst puts it first
    manager = Manager([("copycat", _marked(_copycat, tryfirst=True)), native], entry_points=False)
    importers = manager.importers()
    assert type(importers["upr-jsonl"]) is CopyJsonl
    assert list(importers) == ["upr-jsonl", "upr-csv"]
    assert [f.plugin for f in manager.failures] == ["upr_plugins.native"]
    # and trylast makes a plugin registered last lose it
    manager = Manager([native, ("copycat", _marked(_copycat, trylast=True))], entry_points=False)
    assert type(manager.importers()["upr-jsonl"]) is native.JsonlImporter
    assert [f.plugin for f in manager.failures] == ["copycat"]


class Extra(upr.Importer):
    """A do-nothing importer with a name given at creation."""

    def __init__(self, name: str) -> None:
        self.name = name

    def sniff(self, source: upr.Source) -> float:
        return 0.0

    def read(self, source: upr.Source, sink: upr.ImportSink) -> None:
        raise NotImplementedError


def test_a_wrapper_hookimpl_wraps_the_call() -> None:
    seen: list[str] = []

    def upr_register_importers(
        register: upr.hookspecs.Register[upr.Importer],
    ) -> Generator[None, None, None]:
        register(Extra("before"))
        seen.append("before")
        result = yield  # every other implementation runs here
        seen.append("after")
        register(Extra("after"))
        return result

    class Spy:
        """A plain plugin noting when it is called."""

        @upr.hookimpl
        def upr_register_importers(self, register: upr.hookspecs.Register[upr.Importer]) -> None:
            seen.append("spy")
            register(Extra("spy"))

    manager = Manager(
        [("wrapper", _marked(upr_register_importers, wrapper=True)), native, ("spy", Spy())],
        entry_points=False,
    )
    assert list(manager.importers()) == ["before", "spy", "upr-jsonl", "upr-csv", "after"]
    assert seen == ["before", "spy", "after"]
    assert manager.failures == []
    provides = {i.name: i.provides for i in manager.info()}
    assert provides["wrapper"] == ("importer:before", "importer:after")
    assert manager.importers() is manager.importers()  # the hook ran once
    assert seen == ["before", "spy", "after"]


def test_a_raising_plugin_is_left_out_and_the_others_register() -> None:
    def upr_register_importers(register: upr.hookspecs.Register[upr.Importer]) -> None:
        register(Extra("half-done"))
        raise RuntimeError("boom")

    def fine(register: upr.hookspecs.Register[upr.Importer]) -> None:
        register(Extra("fine"))

    # pluggy calls fine, broken, native: the raise interrupts the call before native
    manager = Manager(
        [
            native,
            ("broken", _plugin(upr_register_importers=upr_register_importers)),
            ("fine", _plugin(upr_register_importers=fine)),
        ],
        entry_points=False,
    )
    assert list(manager.importers()) == ["fine", "upr-jsonl", "upr-csv"]  # nothing of broken
    assert [(f.plugin, "RuntimeError('boom')" in f.reason) for f in manager.failures] == [
        ("broken", True)
    ]
    info = {i.name: i for i in manager.info()}
    assert info["broken"].provides == ()
    assert "upr_register_importers raised" in info["broken"].failures[0]
    assert info["fine"].failures == () and info["fine"].provides == ("importer:fine",)
    assert manager.exporters().keys() == {"upr-jsonl", "upr-csv"}  # other hooks unaffected


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
    with pytest.raises(ImporterCrash, match="line 1: importer 'buggy' failed: ZeroDivisionError"):
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


def test_disabled_plugins_are_not_loaded_and_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(DISABLE_VARIABLE, raising=False)
    manager = Manager(disabled=["native"])
    importers = manager.importers()
    assert "upr-jsonl" not in importers and "upr-csv" not in importers
    assert "uprinfo-csv" in importers
    assert "upr-jsonl" not in manager.exporters()
    info = {i.name: i for i in manager.info()}
    assert info["native"].disabled
    assert info["native"].hooks == () and info["native"].provides == ()
    assert not info["uprinfo"].disabled
    assert manager.failures == []
    # a plugin given by hand is disabled by its registration name too
    isolated = Manager([("native", native)], entry_points=False, disabled=["native"])
    assert isolated.importers() == {}
    assert [(i.name, i.disabled) for i in isolated.info()] == [("native", True)]


def test_the_environment_variable_disables_plugins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(DISABLE_VARIABLE, "native, uprinfo")
    manager = Manager(disabled=["sdgexplorer"])
    assert manager.disabled == ("sdgexplorer", "native", "uprinfo")
    importers = manager.importers()
    for name in ("upr-jsonl", "upr-csv", "uprinfo-csv", "sdg-explorer"):
        assert name not in importers, name
    assert "wg-report-txt" in importers
    info = {i.name: i for i in manager.info()}
    assert [n for n, i in info.items() if i.disabled] == ["sdgexplorer", "native", "uprinfo"]
    assert not info["wgreport"].disabled
    monkeypatch.setenv(DISABLE_VARIABLE, "")
    assert "upr-jsonl" in Manager().importers()


def test_cli_disables_a_plugin_for_one_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(DISABLE_VARIABLE, raising=False)
    result = CliRunner().invoke(main, ["-p", "no:uprinfo", "plugins", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    disabled = [p["name"] for p in data["plugins"] if p["disabled"]]
    assert disabled == ["uprinfo"]
    assert "uprinfo-csv" not in {i["name"] for i in data["importers"]}
    # the setting lasts for that command only
    result = CliRunner().invoke(main, ["plugins", "--format", "json"])
    assert "uprinfo-csv" in {i["name"] for i in json.loads(result.output)["importers"]}
