"""Datasets shipped inside the package (no network needed).

``viet_nam()`` is the Viet Nam dossier that ``upr report`` shows by default:
cycles I and II recommendation by recommendation, fused from the Working Group
reports, the UPR Info export and the SDG-Human Rights Data Explorer export;
cycles III and IV as figures reported by the government and the press, with
their sources; Viet Nam's treaty ratifications and Council memberships. It is
built by ``scripts/build_dossier.py`` from ``shared/data`` (see its docstring).
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from upr.core.dataset import Dataset
from upr.errors import UnknownNameError
from upr.io import jsonl

_DOSSIERS = {"viet-nam": "viet-nam.jsonl"}


def names() -> tuple[str, ...]:
    """Names of the embedded datasets."""
    return tuple(_DOSSIERS)


@cache
def get(name: str) -> Dataset:
    """An embedded dataset by name (see :func:`names`)."""
    if name not in _DOSSIERS:
        raise UnknownNameError("embedded dataset", name, names())
    resource = resources.files("upr").joinpath("data", "dossiers", _DOSSIERS[name])
    with resource.open(encoding="utf-8") as stream:
        return jsonl.read_lines(stream, f"upr/data/dossiers/{_DOSSIERS[name]}")


def viet_nam() -> Dataset:
    """The embedded Viet Nam dossier (UPR cycles I-IV)."""
    return get("viet-nam")
