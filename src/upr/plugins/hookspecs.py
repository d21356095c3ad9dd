"""Hook specifications: the whole plugin interface of ``upr``, in one module.

A plugin is a module (or object) with functions decorated by
:data:`upr.hookimpl`, named like the specifications below. Each hook receives a
``register`` callable and calls it once per object it provides, in the style of
tox 4 and llm; it returns nothing. Plugins are found through the ``upr``
entry-point group; ``upr``'s own importers and metrics are registered the same
way (see ``plugins/upr_plugins``). The hooks are called through pluggy, so
``tryfirst``/``trylast`` and ``wrapper=True`` implementations behave as pluggy
documents: the first implementation called registers a name first, and wins
it.

.. code-block:: python

    import upr

    @upr.hookimpl
    def upr_register_importers(register):
        register(MyImporter())
"""

from __future__ import annotations

from typing import Protocol, TypeVar

import pluggy

from upr.analysis.metrics import Metric
from upr.io.exporting import Exporter
from upr.io.importing import Importer

PROJECT = "upr"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)

T_contra = TypeVar("T_contra", contravariant=True)


class Register(Protocol[T_contra]):
    """The callable a ``upr_register_*`` hook receives: ``register(obj)``."""

    def __call__(self, item: T_contra, /) -> None:
        """Register one object; raises :class:`~upr.errors.PluginError` if invalid."""


@hookspec
def upr_register_importers(register: Register[Importer]) -> None:
    """Register file importers.

    Called once, the first time ``upr`` needs its importers (``upr.read``,
    ``upr plugins``). Call ``register(importer)`` with an instance of a
    :class:`upr.io.importing.Importer` subclass for each format the plugin reads.
    Names must be unique across all plugins.
    """


@hookspec
def upr_register_metrics(register: Register[Metric]) -> None:
    """Register metrics.

    Called once, the first time ``upr`` needs its metrics (``upr.compute``,
    ``upr report``). Call ``register(metric)`` with an instance of a
    :class:`upr.metrics.Metric` subclass for each metric.
    """


@hookspec
def upr_register_exporters(register: Register[Exporter]) -> None:
    """Register exporters (writers of other file formats).

    Called once, the first time ``upr`` needs its exporters. Call
    ``register(exporter)`` with an instance of a :class:`upr.io.exporting.Exporter`
    subclass for each format the plugin writes.
    """
