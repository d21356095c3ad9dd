"""Griffe extension: load the layer folders of ``upr`` that have no ``__init__.py``.

``upr.model``, ``upr.core``, ``upr.io``, ``upr.analysis`` and ``upr.render``
are folders without an ``__init__.py`` inside the regular package ``upr``.
Python imports their modules (the folders act as implicit namespace
subpackages), but Griffe skips every module below a folder without an
``__init__.py`` when its parent is a regular package ("Missing __init__
module?", logged at debug level only), so ``::: upr.core.dataset`` would find
nothing and every cross-reference to these modules would be unresolved.

When Griffe has loaded a regular package, this extension adds each such
folder as a namespace module and loads the modules under it, exactly as
Griffe loads a namespace package. A folder that gains an ``__init__.py`` is
loaded by Griffe itself and left alone here.

Loaded by ``mkdocs.yml`` (``plugins.mkdocstrings.handlers.python.options.extensions``),
before ``griffe_rst.py`` so that the docstrings of these modules are converted too.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import griffe

_log = logging.getLogger("mkdocs.plugins.upr_griffe_namespaces")


class NamespaceFolders(griffe.Extension):
    """Load the folders without ``__init__.py`` of every regular package loaded."""

    def on_package(self, *, pkg: griffe.Module, loader: griffe.GriffeLoader, **kwargs: Any) -> None:
        """Add the namespace folders of ``pkg`` (called once the package is loaded)."""
        self._add_folders(pkg, loader)

    def _add_folders(self, module: griffe.Module, loader: griffe.GriffeLoader) -> None:
        filepath = module.filepath
        if not isinstance(filepath, Path) or filepath.name != "__init__.py":
            return  # a plain module, or a namespace package Griffe handles itself
        for folder in sorted(filepath.parent.iterdir()):
            if not folder.is_dir() or not folder.name.isidentifier():
                continue
            member = module.members.get(folder.name)
            if (folder / "__init__.py").exists():
                if member is not None and not member.is_alias and member.is_module:
                    self._add_folders(member, loader)  # a regular subpackage may have some too
                continue
            if not any(folder.glob("*.py")) or (
                member is not None and not member.is_alias and member.is_module
            ):
                continue
            namespace = griffe.Module(
                folder.name,
                filepath=[folder],
                parent=module,
                lines_collection=loader.lines_collection,
                modules_collection=loader.modules_collection,
            )
            module.set_member(folder.name, namespace)
            try:
                loader._load_submodules(namespace)  # noqa: SLF001 - Griffe's own namespace loading
            except Exception as exc:  # report, so that the strict build fails
                _log.warning("could not load the modules of %s: %r", namespace.path, exc)
                continue
            loader.expand_exports(namespace)
            if not namespace.modules:
                _log.warning("%s: no module loaded from %s", namespace.path, folder)
