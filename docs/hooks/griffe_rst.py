"""Griffe extension: render the reST-flavoured docstrings of ``upr`` as Markdown.

The docstrings of ``upr`` are written for people reading the source and for
Sphinx-style tools: ````literal```` text, cross-reference roles
(``:func:`resolve```, ``:class:`~upr.errors.DataError```), ``::`` literal
blocks, ``.. code-block:: python`` directives and reST definition lists
(a term line followed by an indented definition). mkdocstrings renders
docstrings as Markdown, so before they are parsed this extension rewrites
each docstring (the source files are not touched):

* ````x```` becomes ```x```;
* a role becomes an *optional* autorefs cross-reference: a link when the
  target is rendered somewhere in the site, plain code otherwise (so a
  reference to an undocumented helper never breaks the strict build). Relative
  names are resolved in the scope of the object, as Sphinx does. A ``upr``
  name that does not exist at all is a mistake in a docstring: it is logged
  as a warning, which fails ``mkdocs build --strict``;
* literal blocks and ``code-block`` directives become fenced code blocks;
* definition lists become Markdown definition lists (the ``def_list``
  extension), so the format descriptions of the importer modules render as
  they read in the source.

Loaded by ``mkdocs.yml`` (``plugins.mkdocstrings.handlers.python.options.extensions``).
"""

from __future__ import annotations

import builtins
import html
import logging
import re
import sys
from typing import Any

import griffe

_log = logging.getLogger("mkdocs.plugins.upr_griffe_rst")

ROLE = re.compile(
    r":(?:py:)?(?P<role>func|class|meth|mod|data|attr|exc|obj|const|type)"
    r":`(?P<tilde>~?)(?P<body>[^`]+)`"
)
LITERAL = re.compile(r"``(?P<text>[^`]+?)``")
BULLET = re.compile(r"^(?:[*+-]|\d+[.)]|#\.)\s")
# Top-level packages whose objects mkdocstrings does not load: references to them are
# rendered as code (not links) and never warned about.
FOREIGN_ROOTS = (
    "builtins",
    "networkx",
    "pandas",
    "pyarrow",
    "matplotlib",
    "pluggy",
    "attrs",
    "cattrs",
)

unresolved: list[tuple[str, str]] = []
"""(object path, role target) pairs naming a ``upr`` object that does not exist."""


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


class RestToMarkdown(griffe.Extension):
    """Rewrite every docstring of the loaded packages from reST to Markdown."""

    def __init__(self) -> None:
        super().__init__()
        self._done: set[str] = set()

    def on_object(self, *, obj: griffe.Object, loader: griffe.GriffeLoader, **kwargs: Any) -> None:
        """Convert ``obj``'s docstring in place (the tree is complete here)."""
        if obj.is_alias or obj.docstring is None or obj.path in self._done:
            return
        self._done.add(obj.path)
        obj.docstring.value = convert(obj.docstring.value, obj, loader)

    def on_package(self, *, pkg: griffe.Module, loader: griffe.GriffeLoader, **kwargs: Any) -> None:
        """The package itself (``on_object`` does not see the top-level module)."""
        self.on_object(obj=pkg, loader=loader)


def convert(text: str, obj: griffe.Object | None = None, loader: Any = None) -> str:
    """The Markdown version of the reST docstring ``text`` of ``obj``."""
    lines = _doctests(_blocks(text.splitlines()))
    lines = _definition_lists(lines)
    out = []
    in_fence = False
    for line in lines:
        if line.lstrip().startswith("```"):
            in_fence = not in_fence
            out.append(line)
            continue
        if in_fence or line.lstrip().startswith((">>>", "... ")):
            out.append(line)
            continue
        converted = ROLE.sub(lambda m: _role(m, obj, loader), line)
        out.append(LITERAL.sub(lambda m: f"`{m['text']}`", converted))
    return "\n".join(out)


def _blocks(lines: list[str]) -> list[str]:
    """``::`` literal blocks and ``.. code-block::`` directives -> fenced blocks."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        language = None
        if stripped.startswith(".. code-block::") or stripped.startswith(".. code::"):
            language = stripped.split("::", 1)[1].strip() or "text"
            base = _indent(line)
        elif stripped.endswith("::") and not stripped.startswith(".."):
            language = "text"
            base = _indent(line)
            if stripped == "::":
                pass  # a lone marker: drop it
            else:
                # "text::" -> "text:"; "text ::" -> "text"
                kept = (
                    line.rstrip()[:-2].rstrip() if stripped.endswith(" ::") else line.rstrip()[:-1]
                )
                out.append(kept)
        else:
            out.append(line)
            i += 1
            continue
        # Collect the indented block after optional blank lines.
        j = i + 1
        while j < len(lines) and not lines[j].strip():
            j += 1
        block: list[str] = []
        while j < len(lines) and (not lines[j].strip() or _indent(lines[j]) > base):
            block.append(lines[j])
            j += 1
        while block and not block[-1].strip():
            block.pop()
        if not block:
            i += 1
            continue
        depth = min(_indent(b) for b in block if b.strip())
        pad = " " * base
        out.append("")
        out.append(f"{pad}```{language}")
        out.extend(pad + b[depth:] if b.strip() else "" for b in block)
        out.append(f"{pad}```")
        out.append("")
        i = j
    return out


def _doctests(lines: list[str]) -> list[str]:
    """Doctest blocks (``>>>`` lines and their output) -> fenced ``pycon`` blocks."""
    out: list[str] = []
    in_fence = False
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.lstrip().startswith("```"):
            in_fence = not in_fence
        if in_fence or not line.lstrip().startswith(">>>"):
            out.append(line)
            i += 1
            continue
        base = _indent(line)
        block = []
        while i < len(lines) and lines[i].strip():
            block.append(lines[i][base:] if _indent(lines[i]) >= base else lines[i].lstrip())
            i += 1
        pad = " " * base
        if out and out[-1].strip():
            out.append("")
        out += [f"{pad}```pycon", *(pad + b for b in block), f"{pad}```"]
    return out


def _definition_lists(lines: list[str]) -> list[str]:
    """reST definition lists (term, then an indented body) -> ``def_list`` syntax."""
    out: list[str] = []
    i = 0
    in_fence = False
    while i < len(lines):
        line = lines[i]
        if line.lstrip().startswith("```"):
            in_fence = not in_fence
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        prev_blank = not out or not out[-1].strip()
        is_term = (
            not in_fence
            and prev_blank
            and line.strip()
            and not BULLET.match(line.lstrip())
            and not line.lstrip().startswith((">>>", "```", ":"))
            and nxt.strip()
            and _indent(nxt) > _indent(line)
            and not nxt.lstrip().startswith("```")
        )
        if not is_term:
            out.append(line)
            i += 1
            continue
        base = _indent(line)
        out.append(line)
        j = i + 1
        body: list[str] = []
        while j < len(lines) and (not lines[j].strip() or _indent(lines[j]) > base):
            body.append(lines[j])
            j += 1
        trailing = 0
        while body and not body[-1].strip():
            body.pop()
            trailing += 1
        depth = min(_indent(b) for b in body if b.strip())
        pad = " " * (base + 4)
        for k, b in enumerate(body):
            content = b[depth:] if b.strip() else ""
            if k == 0:
                out.append(" " * base + ":   " + content)
            else:
                out.append(pad + content if content else "")
        out.extend([""] * trailing)
        i = j
    return out


def _role(match: re.Match[str], obj: griffe.Object | None, loader: Any) -> str:
    body = match["body"].strip()
    title_part = None
    if body.endswith(">") and "<" in body:
        title_part, body = body[:-1].split("<", 1)
        title_part, body = title_part.strip(), body.strip()
    target = body.lstrip("~.")
    identifier = _resolve(target, obj, loader)
    if title_part:
        title = title_part
    elif match["tilde"]:
        title = target.rsplit(".", 1)[-1]
    else:
        title = target
    return (
        f'<autoref identifier="{html.escape(identifier)}" optional>'
        f"<code>{html.escape(title)}</code></autoref>"
    )


def _resolve(target: str, obj: griffe.Object | None, loader: Any) -> str:
    """The canonical path of ``target`` seen from ``obj`` (``target`` when unknown)."""
    if obj is None:
        return target
    head, _, rest = target.partition(".")
    candidates = []
    try:
        resolved = obj.resolve(head)
        candidates.append(resolved + ("." + rest if rest else ""))
    except Exception:  # not in scope (NameResolutionError and others): try the absolute path
        pass
    candidates.append(target)
    for candidate in candidates:
        found = _lookup(candidate, loader)
        if found is not None:
            return found
    if head in dir(builtins):
        return f"builtins.{target}"
    if head not in FOREIGN_ROOTS and head not in sys.stdlib_module_names:
        unresolved.append((obj.path, target))
        _log.warning("docstring of %s: cross-reference %r names no object", obj.path, target)
    return candidates[0]


def _lookup(path: str, loader: Any) -> str | None:
    if loader is None:
        return None
    try:
        found = loader.modules_collection[path]
    except Exception:  # not loaded, or not found
        return None
    try:
        return str(found.final_target.path) if found.is_alias else str(found.path)
    except Exception:  # an alias to something not loaded (pluggy, attrs)
        return path
