"""Finding, loading, disabling and isolating plugins.

Plugins are discovered through the ``upr`` entry-point group, which is also how
``upr``'s own first-party plugins are found (``[project.entry-points.upr]`` in
``pyproject.toml``). Hooks are called through pluggy, so ``tryfirst``,
``trylast`` and ``wrapper=True`` implementations behave as pluggy documents.

A plugin that fails to import, or raises in a hook, is recorded as a
:class:`PluginFailure` and left out of that hook; everything else keeps
working. A plugin can be disabled, built-in or not, as pytest's ``-p no:NAME``
does: ``Manager(disabled=["uprinfo"])``, the environment variable
:data:`DISABLE_VARIABLE` (``UPR_DISABLE_PLUGINS=uprinfo,sdgexplorer``), or
``upr --disable-plugin uprinfo`` on the command line.

>>> manager = Manager(entry_points=False)
>>> manager.importers()
{}
"""

from __future__ import annotations

import importlib.metadata
import os
import sys
from collections.abc import Iterable
from functools import cache
from types import CodeType, FrameType, ModuleType, TracebackType
from typing import Any, TypeVar

import attrs
import pluggy

from upr.analysis.metrics import Metric
from upr.errors import PluginError, UnknownNameError
from upr.io.exporting import Exporter
from upr.io.importing import Importer
from upr.names import closest
from upr.plugins import hookspecs

ENTRY_POINT_GROUP = "upr"
"""The entry-point group plugins are found through."""

DISABLE_VARIABLE = "UPR_DISABLE_PLUGINS"
"""Environment variable naming plugins not to load (entry-point names, comma-separated)."""

T = TypeVar("T")


@attrs.frozen
class PluginFailure:
    """A plugin that could not be loaded or whose hook raised."""

    plugin: str
    reason: str


@attrs.frozen
class PluginInfo:
    """What ``upr plugins`` shows for one plugin."""

    name: str
    version: str | None
    hooks: tuple[str, ...]
    provides: tuple[str, ...]
    failures: tuple[str, ...]
    disabled: bool = False


def disabled_by_environment() -> tuple[str, ...]:
    """The plugin names :data:`DISABLE_VARIABLE` lists."""
    value = os.environ.get(DISABLE_VARIABLE, "")
    return tuple(name.strip() for name in value.split(",") if name.strip())


class Manager:
    """A pluggy manager plus ``upr``'s registries and the failures seen.

    Create isolated managers in tests: ``Manager(plugins=[my_module],
    entry_points=False)``. ``disabled`` names plugins (entry-point or
    registration names) never to load, in addition to :data:`DISABLE_VARIABLE`.
    """

    def __init__(
        self,
        plugins: Iterable[tuple[str, object] | object] = (),
        *,
        entry_points: bool = True,
        disabled: Iterable[str] = (),
    ) -> None:
        self.pm = pluggy.PluginManager(hookspecs.PROJECT)
        self.pm.add_hookspecs(hookspecs)
        self.failures: list[PluginFailure] = []
        self.versions: dict[str, str | None] = {}
        self.disabled: tuple[str, ...] = tuple(
            dict.fromkeys([*disabled, *disabled_by_environment()])
        )
        for name in self.disabled:
            self.pm.set_blocked(name)
        self._provided: dict[str, list[str]] = {}
        self._cache: dict[str, dict[str, Any]] = {}
        if entry_points:
            self._load_entry_points()
        for item in plugins:
            name, plugin = item if isinstance(item, tuple) else (_plugin_name(item), item)
            self.register(plugin, name)

    def _load_entry_points(self) -> None:
        for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
            if self.pm.is_blocked(ep.name) or self.pm.get_plugin(ep.name) is not None:
                continue
            version = ep.dist.version if ep.dist is not None else None
            self.versions[ep.name] = version
            try:
                plugin = ep.load()
            except Exception as exc:
                self.record_failure(ep.name, f"failed to import {ep.value}: {exc!r}")
                continue
            self.register(plugin, ep.name)

    def register(self, plugin: object, name: str | None = None) -> None:
        """Register a plugin module or object (its hooks are validated by pluggy);
        a disabled name is skipped."""
        name = name or _plugin_name(plugin)
        if self.pm.is_blocked(name):
            return
        try:
            self.pm.register(plugin, name)
        except (ValueError, pluggy.PluginValidationError) as exc:
            self.record_failure(name, f"invalid plugin: {exc}")
            return
        self.versions.setdefault(name, _version_of(plugin))
        self._cache.clear()

    def record_failure(self, plugin: str, reason: str) -> None:
        """Note that a plugin misbehaved (shown by ``upr plugins``)."""
        self.failures.append(PluginFailure(plugin, reason))

    def _collect(self, hook_name: str, kind: type[Any]) -> dict[str, Any]:
        """Call a register hook through pluggy; a plugin whose implementation
        raises is recorded and the hook is called again without it."""
        if hook_name in self._cache:
            return self._cache[hook_name]
        hook = getattr(self.pm.hook, hook_name)
        owners = {impl.function.__code__: impl.plugin_name for impl in hook.get_hookimpls()}
        left_out: list[str] = []
        while True:
            collector = _Collector(kind, owners)
            caller = (
                self.pm.subset_hook_caller(
                    hook_name, remove_plugins=[self.pm.get_plugin(n) for n in left_out]
                )
                if left_out
                else hook
            )
            try:
                caller(register=collector)
            except Exception as exc:
                culprit = _culprit(exc.__traceback__, owners)
                if culprit is None or culprit in left_out:
                    self.record_failure(culprit or "?", f"{hook_name} raised {exc!r}")
                    collector = _Collector(kind, owners)
                    break
                self.record_failure(culprit, f"{hook_name} raised {exc!r}")
                left_out.append(culprit)
                continue
            break
        found: dict[str, Any] = {}
        for owner, item in collector.items:
            if item.name in found:
                self.record_failure(
                    owner, f"{kind.__name__} name {item.name!r} already registered; ignored"
                )
                continue
            found[item.name] = item
            self._provided.setdefault(owner, []).append(f"{kind.__name__.lower()}:{item.name}")
        self._cache[hook_name] = found
        return found

    def importers(self) -> dict[str, Importer]:
        """Registered importers by name."""
        return self._collect("upr_register_importers", Importer)

    def metrics(self) -> dict[str, Metric]:
        """Registered metrics by name."""
        return self._collect("upr_register_metrics", Metric)

    def exporters(self) -> dict[str, Exporter]:
        """Registered exporters by name."""
        return self._collect("upr_register_exporters", Exporter)

    def importer(self, name: str) -> Importer:
        """The importer called ``name``; unknown names raise with suggestions."""
        return _lookup("importer", name, self.importers())

    def metric(self, name: str) -> Metric:
        """The metric called ``name``."""
        return _lookup("metric", name, self.metrics())

    def exporter(self, name: str) -> Exporter:
        """The exporter called ``name``."""
        return _lookup("exporter", name, self.exporters())

    def info(self) -> list[PluginInfo]:
        """Every plugin seen (loaded, failed or disabled), with version, hooks and failures."""
        self.importers()
        self.metrics()
        self.exporters()
        names = dict.fromkeys([*self.versions, *(f.plugin for f in self.failures), *self.disabled])
        out = []
        for name in names:
            plugin = self.pm.get_plugin(name)
            hooks = (
                tuple(sorted(h.name for h in self.pm.get_hookcallers(plugin) or ()))
                if plugin is not None
                else ()
            )
            out.append(
                PluginInfo(
                    name=name,
                    version=self.versions.get(name),
                    hooks=hooks,
                    provides=tuple(self._provided.get(name, ())),
                    failures=tuple(f.reason for f in self.failures if f.plugin == name),
                    disabled=name in self.disabled,
                )
            )
        return out


def _owner_frame(frame: FrameType | None, owners: dict[CodeType, str]) -> str | None:
    while frame is not None:
        owner = owners.get(frame.f_code)
        if owner is not None:
            return owner
        frame = frame.f_back
    return None


def _culprit(tb: TracebackType | None, owners: dict[CodeType, str]) -> str | None:
    """The plugin whose hook implementation raised: the innermost implementation
    frame of the traceback."""
    found = None
    while tb is not None:
        owner = owners.get(tb.tb_frame.f_code)
        if owner is not None:
            found = owner
        tb = tb.tb_next
    return found


class _Collector:
    """The ``register`` callable handed to every implementation of one hook; it
    notes which plugin registered what (the implementation calling it)."""

    def __init__(self, kind: type[Any], owners: dict[CodeType, str]) -> None:
        self.kind = kind
        self.owners = owners
        self.items: list[tuple[str, Any]] = []

    def __call__(self, item: Any, /) -> None:
        owner = _owner_frame(sys._getframe(1), self.owners) or "?"
        if not isinstance(item, self.kind):
            raise PluginError(owner, f"registered {item!r}, which is not a {self.kind.__name__}")
        if not isinstance(getattr(item, "name", None), str) or not item.name:
            raise PluginError(owner, f"{self.kind.__name__} {item!r} has no name")
        self.items.append((owner, item))


def _lookup(kind: str, name: str, table: dict[str, T]) -> T:
    if name in table:
        return table[name]
    raise UnknownNameError(kind, name, closest(name, table) or sorted(table))


def _plugin_name(plugin: object) -> str:
    if isinstance(plugin, ModuleType):
        return plugin.__name__
    return f"{type(plugin).__module__}.{type(plugin).__qualname__}"


def _version_of(plugin: object) -> str | None:
    version = getattr(plugin, "__version__", None)
    return version if isinstance(version, str) else None


@cache
def default_manager() -> Manager:
    """The process-wide manager with every installed plugin but the disabled ones
    (built on first use; ``default_manager.cache_clear()`` forgets it)."""
    return Manager()


__all__ = [
    "DISABLE_VARIABLE",
    "ENTRY_POINT_GROUP",
    "Manager",
    "PluginFailure",
    "PluginInfo",
    "default_manager",
    "disabled_by_environment",
]
