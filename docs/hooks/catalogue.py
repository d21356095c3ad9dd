"""mkdocs hook: tables generated from the code at build time, so they cannot drift.

A page asks for a table with an HTML comment (usually on a line of its own):

``<!-- upr:importers -->``
    every first-party importer (name, description, extensions, module);
``<!-- upr:importers NAME ... -->``
    the named importers only (the importer pages); a name no plugin registers
    is a warning, and so is a first-party importer that no page names;
``<!-- upr:exporters -->``, ``<!-- upr:metrics -->``, ``<!-- upr:dimensions -->``
    the exporters; the metrics with description, unit, value columns and the
    ``by`` dimensions they accept (``<!-- upr:metrics summary -->``: one table
    row per metric, linked to the catalogue); the grouping dimensions;
``<!-- upr:mechanisms -->``, ``<!-- upr:cycles -->``, ``<!-- upr:responses -->``,
``<!-- upr:action-categories -->``, ``<!-- upr:record-kinds -->``
    reference tables of the model;
``<!-- upr:public-api -->``
    the names ``import upr`` exports, each with the module that defines it.

Everything comes from ``upr.plugins.default_manager()`` and the ``upr``
modules. Only first-party plugins (``upr_plugins``) are listed: the site
documents ``upr``, not whatever else is installed where it is built. The
graph page's node and edge tables are checked against ``upr.graph.NodeKind``
and ``EdgeKind``. Any problem is logged as a warning, which fails
``mkdocs build --strict``.
"""

from __future__ import annotations

import importlib
import inspect
import logging
import posixpath
import re
from collections.abc import Callable, Iterable
from typing import Any

log = logging.getLogger("mkdocs.plugins.upr_catalogue")

MARKER = re.compile(r"<!--\s*upr:(?P<what>[a-z-]+)(?P<args>[^>]*?)\s*-->")
FIRST_PARTY = "upr_plugins."

_importer_pages: dict[str, str] = {}
"""Importer name -> the page (``src_uri``) whose marker names it, found in ``on_files``."""


def _manager() -> Any:
    from upr.plugins import default_manager  # noqa: PLC0415 - imported when the build runs

    manager = default_manager()
    for failure in manager.failures:
        log.warning("plugin %s failed to load: %s", failure.plugin, failure.reason)
    return manager


def _first_party(table: dict[str, Any]) -> dict[str, Any]:
    return {n: obj for n, obj in table.items() if type(obj).__module__.startswith(FIRST_PARTY)}


def _cell(text: object) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _code(text: object) -> str:
    return f"`{text}`"


def _table(header: Iterable[str], rows: Iterable[Iterable[object]]) -> str:
    head = list(header)
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def importers_table(args: list[str], page: str) -> str:
    """The importers named in ``args`` (all first-party ones when empty)."""
    registered = _manager().importers()
    if args:
        missing = [a for a in args if a not in registered]
        for name in missing:
            log.warning("%s: no installed plugin registers an importer named %r", page, name)
        chosen = {a: registered[a] for a in args if a in registered}
    else:
        chosen = dict(sorted(_first_party(registered).items()))

    def title(name: str) -> str:
        target = _importer_pages.get(name)
        if args or target is None:
            return _code(name)
        return f"[{_code(name)}]({posixpath.relpath(target, posixpath.dirname(page) or '.')})"

    return _table(
        ["importer (`format=`)", "reads", "extensions", "plugin module"],
        (
            (
                title(name),
                imp.description,
                ", ".join(_code(e) for e in imp.extensions),
                _code(type(imp).__module__),
            )
            for name, imp in chosen.items()
        ),
    )


def exporters_table(args: list[str], page: str) -> str:
    """Every first-party exporter."""
    exporters = dict(sorted(_first_party(_manager().exporters()).items()))
    return _table(
        ["exporter (`format=`)", "writes", "extensions", "plugin module"],
        (
            (
                _code(n),
                e.description,
                ", ".join(_code(x) for x in e.extensions),
                _code(type(e).__module__),
            )
            for n, e in exporters.items()
        ),
    )


def metrics_table(args: list[str], page: str) -> str:
    """Every first-party metric: a summary table, then one section per metric."""
    from upr.analysis.metrics import DIMENSIONS  # noqa: PLC0415

    metrics = _first_party(_manager().metrics())
    if args == ["summary"]:
        catalogue = posixpath.relpath("catalogue.md", posixpath.dirname(page) or ".")
        return _table(
            ["metric", "unit", "what it counts"],
            (
                (f"[`{n}`]({catalogue}#metric-{n})", m.unit.value, m.description)
                for n, m in metrics.items()
            ),
        )
    parts = [
        _table(
            ["metric", "unit", "columns"],
            (
                (
                    f"[`{n}`](#metric-{n})",
                    m.unit.value,
                    ", ".join(_code(c) for c in _columns(m)),
                )
                for n, m in metrics.items()
            ),
        )
    ]
    for name, metric in metrics.items():
        dims = tuple(getattr(metric, "dimensions", None) or DIMENSIONS)
        doc = inspect.getdoc(type(metric)) or ""
        summary = doc.split("\n\n", 1)[0].replace("\n", " ")
        own = getattr(metric, "dimension", None)
        parts.append(
            "\n".join(
                [
                    f"### `{name}` {{ #metric-{name} }}",
                    "",
                    _cell(metric.description or summary),
                    "",
                    f"- **unit**: {metric.unit.value}",
                    f"- **columns**: {', '.join(_code(c) for c in _columns(metric))}"
                    + (f" (one row per `{own}` within each group)" if own else ""),
                    f"- **`by=`**: {', '.join(_code(d) for d in dims)}",
                    f"- **class**: `{type(metric).__module__}.{type(metric).__qualname__}`"
                    + (f": {_cell(summary)}" if summary and summary != metric.description else ""),
                ]
            )
        )
    return "\n\n".join(parts)


def _columns(metric: Any) -> tuple[str, ...]:
    own = getattr(metric, "dimension", None)
    return (*((own,) if own else ()), *metric.value_columns)


def dimensions_table(args: list[str], page: str) -> str:
    """The grouping dimensions of :data:`upr.analysis.metrics.DIMENSIONS`."""
    from upr.analysis.metrics import DIMENSIONS  # noqa: PLC0415

    return ", ".join(_code(d) for d in DIMENSIONS)


def mechanisms_table(args: list[str], page: str) -> str:
    """The mechanisms ``upr.mechanisms`` knows."""
    from upr import mechanisms  # noqa: PLC0415

    return _table(
        ["code", "name", "kind", "treaties monitored", "also found as"],
        (
            (
                _code(m.code),
                m.name,
                m.kind.value,
                ", ".join(m.treaties),
                ", ".join(m.aliases),
            )
            for m in mechanisms.all()
        ),
    )


def cycles_table(args: list[str], page: str) -> str:
    """The UPR cycles."""
    from upr import cycles  # noqa: PLC0415

    return _table(
        ["cycle", "years", "Working Group sessions"],
        (
            (c.number, f"{c.start_year}-{c.end_year}", f"{c.first_session}-{c.last_session}")
            for c in cycles.UPR_CYCLES
        ),
    )


def responses_table(args: list[str], page: str) -> str:
    """Canonical responses."""
    from upr.model.recommendations import ResponseValue  # noqa: PLC0415

    return ", ".join(_code(v.value) for v in ResponseValue)


def action_categories_table(args: list[str], page: str) -> str:
    """UPR Info's action categories."""
    from upr.model.recommendations import ActionCategory  # noqa: PLC0415

    return _table(
        ["value", "member", "label"],
        ((int(c), _code(f"ActionCategory.{c.name}"), c.label) for c in ActionCategory),
    )


def record_kinds_table(args: list[str], page: str) -> str:
    """Recommendation kinds."""
    from upr.model.recommendations import RecommendationKind  # noqa: PLC0415

    return ", ".join(_code(k.value) for k in RecommendationKind)


def public_api_table(args: list[str], page: str) -> str:
    """Every name in ``upr.__all__`` and where it is defined."""
    import upr  # noqa: PLC0415

    rows = []
    for name in upr.__all__:
        obj = getattr(upr, name)
        if inspect.ismodule(obj):
            where = obj.__name__
            rows.append((f"[`upr.{name}`][{where}]", "module", ""))
            continue
        module = getattr(obj, "__module__", None) or "upr"
        qual = getattr(obj, "__qualname__", name)
        kind = "class" if inspect.isclass(obj) else "function" if callable(obj) else "value"
        if name == "__version__":
            rows.append(("`upr.__version__`", "value", _code(repr(obj))))
            continue
        if module.startswith("pluggy"):  # the hookimpl marker instance
            rows.append((f"`upr.{name}`", "decorator", "`upr.plugins.hookspecs.hookimpl`"))
            continue
        rows.append((f"[`upr.{name}`][{module}.{qual}]", kind, _code(f"{module}.{qual}")))
    return _table(["name", "kind", "defined as"], rows)


GENERATORS: dict[str, Callable[[list[str], str], str]] = {
    "importers": importers_table,
    "exporters": exporters_table,
    "metrics": metrics_table,
    "dimensions": dimensions_table,
    "mechanisms": mechanisms_table,
    "cycles": cycles_table,
    "responses": responses_table,
    "action-categories": action_categories_table,
    "record-kinds": record_kinds_table,
    "public-api": public_api_table,
}


def on_files(files: Any, config: Any) -> Any:
    """Find which page documents each importer; every first-party importer needs one."""
    _importer_pages.clear()
    for file in files.documentation_pages():
        for match in MARKER.finditer(file.content_string):
            if match["what"] == "importers":
                for name in match["args"].split():
                    _importer_pages.setdefault(name, file.src_uri)
    first_party = set(_first_party(_manager().importers()))
    for name in sorted(first_party - set(_importer_pages)):
        log.warning(
            "importer %r has no documentation page: name it in a <!-- upr:importers ... --> "
            "marker of a page under docs/importers/",
            name,
        )
    return files


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """Replace each ``<!-- upr:... -->`` marker with its generated Markdown."""
    where = page.file.src_uri

    def replace(match: re.Match[str]) -> str:
        what = match["what"]
        args = match["args"].split()
        generator = GENERATORS.get(what)
        if generator is None:
            log.warning("%s: unknown generated table <!-- upr:%s -->", where, what)
            return match[0]
        try:
            return generator(args, where)
        except Exception as exc:  # report it as a warning, do not crash the build
            log.warning("%s: generating <!-- upr:%s --> failed: %r", where, what, exc)
            return match[0]

    markdown = MARKER.sub(replace, markdown)
    if where == "graph.md":
        _check_graph_kinds(markdown, where)
    return markdown


def _check_graph_kinds(markdown: str, where: str) -> None:
    """The node and edge tables of the graph page name every kind the code has."""
    graph = importlib.import_module("upr.graph")
    rows = set(re.findall(r"^\|\s*`([a-z_]+)`\s*\|", markdown, re.MULTILINE))
    for enum_name in ("NodeKind", "EdgeKind"):
        for kind in getattr(graph, enum_name):
            if kind.value not in rows:
                log.warning("%s: no table row for %s %r", where, enum_name, kind.value)
