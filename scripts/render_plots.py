"""Render the images of ``docs/plots.md`` into ``docs/img/`` with :mod:`upr.plot`.

``python scripts/render_plots.py [--data DIR] [--output DIR]``

Every image is drawn from real data, named in a footnote on the image and in
the caption in ``docs/plots.md``:

- ``vnm-*.png``: the embedded Viet Nam dossier, ``upr.datasets.viet_nam()``
  (UPR cycles I and II recommendation by recommendation, from the Working Group
  reports A/HRC/12/11 and A/HRC/26/6 fused with UPR Info and the SDG-Human
  Rights Data Explorer; cycles III and IV as reported figures);
- ``uprinfo-*.png``: the UPR Info database export in ``shared/data/uprinfo``
  (the five CSV files, sessions 1-20, 2008-2014), read with
  ``upr.load(..., format="uprinfo-csv")``. Skipped, with a message, when the
  folder is absent.

The output is deterministic for a given matplotlib: the Agg backend, a fixed
size and resolution, no timestamp or software tag in the PNG, and a fixed seed
for any spring layout.
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt

import upr
import upr.api.plot as P

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
OUTPUT = ROOT / "docs" / "img"
UPRINFO_FILES = ("1-5.csv", "6-9.csv", "10-13.csv", "14-17.csv", "17-20.csv")

DOSSIER_SOURCE = (
    "Source: upr.datasets.viet_nam() - Working Group reports A/HRC/12/11 (2009) and"
    " A/HRC/26/6 (2014), fused with the UPR Info and SDG-Human Rights Data Explorer exports"
)
REPORTED_SOURCE = (
    "; cycles III-IV: figures reported by Thoi Dai (2019) and the press (2024), not itemised"
)
UPRINFO_SOURCE = (
    "Source: UPR Info database export, sessions 1-20 (2008-2014; cycle 2 to session 20),"
    " shared/data/uprinfo/*.csv (rochelleterman/uprs)"
)

Plot = Callable[[], Any]


def save(ax: Any, path: Path, source: str) -> None:
    """Write the figure of ``ax`` with a source footnote, deterministically."""
    figure = ax.figure
    width = int(figure.get_figwidth() * 17)  # characters of 7 pt text an inch, about
    figure.supxlabel(textwrap.fill(source, width), x=0.01, ha="left", fontsize=7, color="#444444")
    figure.savefig(path, dpi=100, metadata={"Software": None})
    plt.close(figure)
    print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")


def dossier_plots() -> dict[str, tuple[Plot, str]]:
    """The images drawn from the embedded Viet Nam dossier."""
    ds = upr.datasets.viet_nam()
    return {
        "vnm-cycles.png": (
            lambda: P.acceptance_by_cycle(ds, reported=True),
            DOSSIER_SOURCE + REPORTED_SOURCE,
        ),
        "vnm-groups.png": (lambda: P.responses_by_group(ds), DOSSIER_SOURCE),
        "vnm-themes.png": (lambda: P.themes(ds, by_response=True), DOSSIER_SOURCE),
        "vnm-network.png": (lambda: P.recommending_network(ds, top=20), DOSSIER_SOURCE),
    }


def uprinfo_plots(folder: Path) -> dict[str, tuple[Plot, str]]:
    """The images drawn from the UPR Info export (all five CSV files)."""
    ds = upr.load([folder / name for name in UPRINFO_FILES], format="uprinfo-csv")
    return {
        "uprinfo-cycles.png": (lambda: P.acceptance_by_cycle(ds), UPRINFO_SOURCE),
        "uprinfo-groups-recommending.png": (lambda: P.responses_by_group(ds), UPRINFO_SOURCE),
        "uprinfo-groups-reviewed.png": (
            lambda: P.responses_by_group(ds, side="reviewed", normalize=True),
            UPRINFO_SOURCE,
        ),
        "uprinfo-themes.png": (lambda: P.themes(ds, by_response=True), UPRINFO_SOURCE),
        "uprinfo-network.png": (
            lambda: P.recommending_network(ds, top=25, cycle=2, min_weight=6),
            UPRINFO_SOURCE,
        ),
        "uprinfo-co-recommends.png": (
            lambda: P.recommending_network(ds, top=25, kind="co-recommends", min_weight=5),
            UPRINFO_SOURCE,
        ),
    }


def main(argv: list[str] | None = None) -> int:
    """Render every image; return 0, or 1 when the UPR Info folder is missing."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help="the shared/data folder")
    parser.add_argument("--output", type=Path, default=OUTPUT, help="where to write the PNGs")
    args = parser.parse_args(argv)
    args.output.mkdir(parents=True, exist_ok=True)
    jobs = dossier_plots()
    uprinfo = args.data / "uprinfo"
    missing = not uprinfo.is_dir()
    if missing:
        print(f"{uprinfo} not found: the uprinfo-*.png images are not rendered", file=sys.stderr)
    else:
        jobs.update(uprinfo_plots(uprinfo))
    for name, (draw, source) in jobs.items():
        save(draw(), args.output / name, source)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
