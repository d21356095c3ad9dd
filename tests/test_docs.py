"""The documentation site builds with ``mkdocs build --strict`` and its generated parts are right.

The build runs once per module, into a temporary folder (never into the
repository: ``site/`` must not appear), the way CI and a contributor run it::

    python -m mkdocs build --strict -f mkdocs.yml -d /tmp/upr-site

Strict mode turns every warning into a failure: broken links and anchors,
unresolved cross-references, a docstring role naming an object that does not
exist (``docs/hooks/griffe_rst.py``), a first-party importer without a page, a
graph node or edge kind missing from ``docs/graph.md``
(``docs/hooks/catalogue.py``).
"""

from __future__ import annotations

import html
import importlib.util
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType

import pytest

pytest.importorskip("mkdocs", reason="mkdocs not installed: pip install -e '.[docs]'")
pytest.importorskip("material", reason="mkdocs-material not installed: pip install -e '.[docs]'")
pytest.importorskip("mkdocstrings_handlers.python", reason="mkdocstrings[python] not installed")

import upr

REPO = Path(__file__).resolve().parents[1]
CONFIG = REPO / "mkdocs.yml"
SRC = Path(upr.__file__).resolve().parent
NOT_API = ("upr.cli",)
"""The command line is documented as commands (docs/cli.md), not as an API."""


def public_modules() -> list[str]:
    """Every module of ``upr`` that needs an API page, packages included: found by
    walking the source tree, so that a new module or layer cannot be forgotten.

    A module is public unless a part of its name starts with ``_`` (``upr._version``,
    ``upr.__main__``) or it is under :data:`NOT_API`.
    """
    found = []
    for path in sorted(SRC.rglob("*.py")):
        parts = ("upr", *path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        name = ".".join(parts)
        if any(p.startswith("_") for p in parts) or "__pycache__" in path.parts:
            continue
        if any(name == n or name.startswith(n + ".") for n in NOT_API):
            continue
        found.append(name)
    return found


API_MODULES = tuple(public_modules())


def api_page(module: str) -> str:
    """``upr`` -> ``api/upr``; ``upr.core.dataset`` -> ``api/core/dataset`` (the site path)."""
    return "api/upr" if module == "upr" else "api/" + module.removeprefix("upr.").replace(".", "/")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built by ``mkdocs build --strict`` into a temporary folder."""
    out = tmp_path_factory.mktemp("site")
    in_repo = REPO / "site"
    existed = in_repo.exists()
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(CONFIG), "-d", str(out)],
        cwd=tmp_path_factory.getbasetemp(),  # not the repository: paths come from the config
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )
    elapsed = time.perf_counter() - start
    assert proc.returncode == 0, f"mkdocs build --strict failed:\n{proc.stderr[-6000:]}"
    assert existed or not in_repo.exists(), "the build wrote site/ into the repository"
    print(f"mkdocs build --strict: {elapsed:.1f} s")
    return out


def text_of(page: Path) -> str:
    """The visible text of a built page (tags dropped, entities decoded)."""
    body = page.read_text(encoding="utf-8")
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.DOTALL)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def test_build_is_strict_clean_and_outside_the_repository(site: Path) -> None:
    assert (site / "index.html").is_file()
    assert not (REPO / "site").exists() or (REPO / "site").stat().st_mtime < site.stat().st_mtime


def test_every_page_rendered_and_no_marker_left(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 40
    for page in pages:
        body = page.read_text(encoding="utf-8")
        assert "<!-- upr:" not in body, f"{page}: generated table marker not replaced"
        assert "--8<--" not in body, f"{page}: snippet not included"


def test_catalogue_lists_every_first_party_plugin(site: Path) -> None:
    manager = upr.plugins.default_manager()
    text = text_of(site / "catalogue" / "index.html")
    first_party = {
        kind: {n for n, obj in table.items() if type(obj).__module__.startswith("upr_plugins.")}
        for kind, table in (
            ("importer", manager.importers()),
            ("metric", manager.metrics()),
            ("exporter", manager.exporters()),
        )
    }
    assert first_party["importer"] and first_party["metric"] and first_party["exporter"]
    for names in first_party.values():
        for name in names:
            assert name in text, f"{name} missing from the catalogue"
    for name in first_party["metric"]:
        metric = manager.metric(name)
        assert " ".join(metric.description.split()) in " ".join(text.split())
        assert metric.unit.value in text
    for dimension in upr.metrics.DIMENSIONS:
        assert dimension in text


def test_each_importer_page_names_its_importers(site: Path) -> None:
    pages = {
        "uprinfo": ["uprinfo-csv", "uprinfo-xlsx", "uprinfo-sessions"],
        "sdg-explorer": ["sdg-explorer"],
        "wg-report": ["wg-report-txt", "wg-report-pdf"],
        "thematic": ["ohchr-thematic"],
        "uhri": ["uhri-xlsx", "uhri-json"],
        "ratification": ["ratification-csv", "ratification-xls"],
        "native": ["upr-jsonl", "upr-csv"],
        "parquet": ["upr-parquet"],
        "tracking-sheet": ["tracking-sheet"],
    }
    for page, names in pages.items():
        text = text_of(site / "importers" / page / "index.html")
        for name in names:
            assert name in text, f"importers/{page}: {name} not described"
            assert upr.plugins.default_manager().importer(name).description.split()[0] in text


def test_public_modules_are_found() -> None:
    # The walk reaches every layer and its modules.
    for module in ("upr", "upr.errors", "upr.model.states", "upr.core.fusion", "upr.io.sink"):
        assert module in API_MODULES
    for module in ("upr.analysis.metrics", "upr.graph.build", "upr.render.report"):
        assert module in API_MODULES
    for module in ("upr.plugins", "upr.plugins.manager", "upr.api.facade", "upr.display"):
        assert module in API_MODULES
    for layer in ("model", "core", "io", "analysis", "graph", "render", "plugins", "api"):
        assert f"upr.{layer}" in API_MODULES
    assert "upr._version" not in API_MODULES and "upr.__main__" not in API_MODULES
    assert len(API_MODULES) > 45


def test_api_reference_has_one_page_per_public_module(site: Path) -> None:
    for module in API_MODULES:
        page = site / api_page(module) / "index.html"
        assert page.is_file(), f"no API page for {module}"
        body = page.read_text(encoding="utf-8")
        assert f'id="{module}"' in body, f"{page}: {module} not rendered by mkdocstrings"
        text = text_of(page)
        # reST roles and double-backquote literals are converted to Markdown.
        assert not re.search(r":(func|class|meth|mod|data|attr|exc):`", text), page
        assert "``" not in text, page


def test_api_reference_has_no_page_of_a_module_that_does_not_exist(site: Path) -> None:
    pages = {str(p.parent.relative_to(site)) for p in (site / "api").rglob("index.html")}
    assert pages == {api_page(m) for m in API_MODULES}


def test_cross_references_in_docstrings_become_links(site: Path) -> None:
    body = (site / "api" / "io" / "importing" / "index.html").read_text(encoding="utf-8")
    # upr.io.importing's module docstring: ":class:`Importer` ... :class:`~upr.io.sink.ImportSink`"
    link = r'<a class="autorefs autorefs-internal"[^>]*href="{}"'
    assert re.search(link.format(r"#upr\.io\.importing\.Importer"), body)
    # to another page of the reference
    assert re.search(link.format(r"\.\./sink/#upr\.io\.sink\.ImportSink"), body)


def test_changelog_is_part_of_the_site(site: Path) -> None:
    text = text_of(site / "changelog" / "index.html")
    assert "Unreleased" in text
    assert upr.__version__ in text


def load_hook(name: str) -> ModuleType:
    """Import one of ``docs/hooks/*.py`` as a module."""
    spec = importlib.util.spec_from_file_location(
        f"docs_hook_{name}", REPO / "docs" / "hooks" / f"{name}.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_rest_to_markdown_conversion() -> None:
    convert = load_hook("griffe_rst").convert
    assert convert("Use ``x = 1`` here.") == "Use `x = 1` here."
    out = convert("See :class:`~upr.errors.DataError` and :func:`upr.read`.")
    assert (
        '<autoref identifier="upr.errors.DataError" optional><code>DataError</code></autoref>'
        in out
    )
    assert '<autoref identifier="upr.read" optional><code>upr.read</code></autoref>' in out
    out = convert("The header::\n\n    a,b,c\n\nafter")
    assert out == "The header:\n\n```text\na,b,c\n```\n\nafter"
    out = convert(".. code-block:: python\n\n    import upr\n")
    assert "```python\nimport upr\n```" in out
    out = convert("Intro.\n\n``term``\n    Its definition,\n    on two lines.\n\nAfter.")
    assert out == "Intro.\n\n`term`\n:   Its definition,\n    on two lines.\n\nAfter."
    out = convert("Example:\n\n>>> 1 + 1\n2")
    assert "```pycon\n>>> 1 + 1\n2\n```" in out
    # Code is left alone.
    assert convert(">>> f(``x``)") == "```pycon\n>>> f(``x``)\n```"
