"""Finding, loading and isolating plugins.

Plugins are discovered through the ``upr`` entry-point group, which is also how
``upr``'s own first-party plugins are found (``[project.entry-points.upr]`` in
``pyproject.toml``). A plugin that fails to import, or raises in a hook, is
recorded as a :class:`PluginFailure` and skipped; everything else keeps working.

>>> import upr
>>> sorted(upr.plugins.default_manager().importers())[:1]  # doctest: +SKIP
['native-csv']
"""

from __future__ import annotations

import importlib.metadata
from collections.abc import Iterable
from functools import cache
from types import ModuleType
from typing import Any, TypeVar

import attrs
import pluggy

from upr import hookspecs
from upr.errors import PluginError, UnknownNameError
from upr.exporting import Exporter
from upr.importing import Importer
from upr.metrics import Metric
from upr.names import closest

ENTRY_POINT_GROUP = "upr"

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


class Manager:
    """A pluggy manager plus ``upr``'s registries and the failures seen.

    Create isolated managers in tests: ``Manager(plugins=[my_module],
    entry_points=False)``.
    """

    def __init__(
        self, plugins: Iterable[tuple[str, object] | object] = (), *, entry_points: bool = True
    ) -> None:
        self.pm = pluggy.PluginManager(hookspecs.PROJECT)
        self.pm.add_hookspecs(hookspecs)
        self.failures: list[PluginFailure] = []
        self.versions: dict[str, str | None] = {}
        self._provided: dict[str, list[str]] = {}
        self._cache: dict[str, dict[str, Any]] = {}
        if entry_points:
            self._load_entry_points()
        for item in plugins:
            name, plugin = item if isinstance(item, tuple) else (_plugin_name(item), item)
            self.register(plugin, name)

    def _load_entry_points(self) -> None:
        for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
            if self.pm.get_plugin(ep.name) is not None:
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
        """Register a plugin module or object (its hooks are validated by pluggy)."""
        name = name or _plugin_name(plugin)
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
        if hook_name in self._cache:
            return self._cache[hook_name]
        found: dict[str, Any] = {}
        hook = getattr(self.pm.hook, hook_name)
        for impl in hook.get_hookimpls():  # registration order: first name wins
            owner: str = impl.plugin_name
            collector = _Collector(owner, kind)
            try:
                impl.function(register=collector)
            except Exception as exc:
                self.record_failure(owner, f"{hook_name} raised {exc!r}")
                continue
            for item in collector.items:
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
        """Every plugin seen (loaded or failed), with version, hooks and failures."""
        self.importers()
        self.metrics()
        self.exporters()
        names = dict.fromkeys([*self.versions, *(f.plugin for f in self.failures)])
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
                )
            )
        return out


class _Collector:
    """The ``register`` callable handed to one plugin's hook implementation."""

    def __init__(self, owner: str, kind: type[Any]) -> None:
        self.owner = owner
        self.kind = kind
        self.items: list[Any] = []

    def __call__(self, item: Any, /) -> None:
        if not isinstance(item, self.kind):
            raise PluginError(
                self.owner, f"registered {item!r}, which is not a {self.kind.__name__}"
            )
        if not isinstance(getattr(item, "name", None), str) or not item.name:
            raise PluginError(self.owner, f"{self.kind.__name__} {item!r} has no name")
        self.items.append(item)


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
    """The process-wide manager with every installed plugin (built on first use)."""
    return Manager()


def manager(plugins: Iterable[object] = (), *, entry_points: bool = True) -> Manager:
    """A new manager: installed plugins (unless ``entry_points=False``) plus ``plugins``."""
    return Manager(plugins, entry_points=entry_points)
