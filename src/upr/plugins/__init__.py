"""The plugin layer: the hook specifications (:mod:`upr.plugins.hookspecs`) and the
manager that finds, loads, disables and isolates plugins (:mod:`upr.plugins.manager`).

>>> import upr
>>> "uprinfo-csv" in upr.plugins.default_manager().importers()
True
"""

from upr.plugins.hookspecs import Register, hookimpl, hookspec
from upr.plugins.manager import (
    DISABLE_VARIABLE,
    ENTRY_POINT_GROUP,
    Manager,
    PluginFailure,
    PluginInfo,
    default_manager,
    disabled_by_environment,
)

__all__ = [
    "DISABLE_VARIABLE",
    "ENTRY_POINT_GROUP",
    "Manager",
    "PluginFailure",
    "PluginInfo",
    "Register",
    "default_manager",
    "disabled_by_environment",
    "hookimpl",
    "hookspec",
]
