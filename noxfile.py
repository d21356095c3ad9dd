"""Developer sessions: ``nox -s tests``, ``lint``, ``typecheck``, ``docs`` and ``benchmarks``."""

from __future__ import annotations

import nox

nox.options.sessions = ["tests", "lint", "typecheck"]
PLUGIN_EXAMPLE = "./tests/plugin_example"


@nox.session(python="3.11")
def tests(session: nox.Session) -> None:
    """The test suite (full-file checks run when ../shared/data exists)."""
    session.install("-e", ".[test]", PLUGIN_EXAMPLE)
    session.run("python", "-m", "pytest", *session.posargs)


@nox.session(python="3.11")
def lint(session: nox.Session) -> None:
    """ruff lint and format check."""
    session.install("ruff>=0.4")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session(python="3.11")
def typecheck(session: nox.Session) -> None:
    """mypy --strict over the library and the first-party plugins."""
    session.install("-e", ".[test]")
    session.run("mypy", "--strict", "src", "plugins")


@nox.session(python="3.11")
def docs(session: nox.Session) -> None:
    """The documentation site, built strictly (warnings are errors) into ``site/``.

    ``nox -s docs -- serve`` serves it with live reload instead.
    """
    session.install("-e", ".[docs]")
    if session.posargs[:1] == ["serve"]:
        session.run("python", "-m", "mkdocs", "serve")
    else:
        session.run("python", "-m", "mkdocs", "build", "--strict")


@nox.session(python="3.11")
def benchmarks(session: nox.Session) -> None:
    """Speed and memory against pandas/networkx baselines (docs/performance.md).

    ``nox -s benchmarks -- --scale 30000 --repeat 5``; the real-file benchmark
    is skipped when ../shared/data is absent.
    """
    session.install("-e", ".[test,pandas]")
    session.run("python", "-m", "benchmarks", *session.posargs)


@nox.session(python="3.11")
def bench(session: nox.Session) -> None:
    """Alias of ``benchmarks``."""
    benchmarks(session)
