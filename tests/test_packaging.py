"""The wheel ships the package data, the first-party plugins and their entry points.

Builds the wheel from the working tree with pip (hatchling is fetched into
pip's isolated build environment, as on any machine that installs ``upr``
from source) and inspects it. Skipped, saying so, if the build backend
cannot be installed (no package index reachable).
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

import upr

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"wheel build not possible here (build backend unavailable?): {done.stderr}")
    (built,) = out.glob("upr-*.whl")
    return zipfile.ZipFile(built)


def test_version_comes_from_one_place(wheel: zipfile.ZipFile) -> None:
    assert Path(wheel.filename or "").name.startswith(f"upr-{upr.__version__}-")


def test_wheel_holds_package_data_and_typing_marker(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    shipped = {
        f"upr/{p.relative_to(ROOT / 'src' / 'upr').as_posix()}"
        for p in (ROOT / "src" / "upr" / "data").rglob("*")
        if p.is_file()
    }
    assert shipped, "no package data found in src/upr/data"
    assert shipped <= names
    assert {"upr/py.typed", "upr_plugins/py.typed"} <= names


def test_wheel_registers_every_first_party_plugin(wheel: zipfile.ZipFile) -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    declared = project["project"]["entry-points"]["upr"]
    (entry_points,) = [n for n in wheel.namelist() if n.endswith(".dist-info/entry_points.txt")]
    text = wheel.read(entry_points).decode("utf-8")
    names = set(wheel.namelist())
    for name, target in declared.items():
        assert f"{name} = {target}" in text
        assert f"{target.replace('.', '/')}.py" in names
    assert "upr = upr.cli:main" in text
