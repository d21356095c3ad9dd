"""Build the embedded Viet Nam dossier, ``src/upr/data/dossiers/viet-nam.jsonl``.

Re-runnable from ``shared/data`` (``python scripts/build_dossier.py [--data DIR]``);
the output is committed as package data so ``upr report`` works offline.

Sources, all real and named in the records' provenance:

- Cycles I (2009, A/HRC/12/11) and II (2014, A/HRC/26/6), recommendation by
  recommendation: the Working Group reports (``wg-reports/vietnam2009.txt``,
  ``vietnam2014.txt``), fused with the UPR Info export (``uprinfo/1-5.csv``,
  ``17-20.csv``) and the SDG-Human Rights Data Explorer export
  (``sdg-explorer/upr1.xlsx``, ``upr2.xlsx``); fusion does not depend on the
  order (:mod:`upr.core.fusion`).
- Cycles III (2019) and IV (2024): only figures, as reported by the seed
  articles (``seeds/``) and the press figures listed in ``shared/data/README.md``;
  no recommendation text is invented.
- Viet Nam's treaty ratifications (package table, from ``ratification/``) and
  its Human Rights Council memberships.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

import upr
from upr.model.figures import Qualifier, ReportedFigure, Unit
from upr.model.reviews import review_id

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "src" / "upr" / "data" / "dossiers" / "viet-nam.jsonl"

A_HRC_26_6_P6 = "A/HRC/26/6 para 6 (Working Group report on Viet Nam, 2014)"
A_HRC_26_6_P19 = "A/HRC/26/6 para 19"
PRESS = "press figures listed in shared/data/README.md (not in the seed articles)"
SEED_000 = (
    "Nhan Dan (NDO), 'Viet Nam da thuc hien thanh cong 86,7% cac khuyen nghi UPR chu ky III'"
    " (shared/data/seeds/000_efa4c1652ed7b492.txt)"
)
SEED_001 = (
    "Thoi Dai, '7 nhom van de khuyen nghi cho UPR chu ky III cua Hoi dong Nhan quyen"
    " Lien hop quoc' (shared/data/seeds/001_437c9dafada3569e.txt)"
)
SEED_002 = (
    "'Viet Nam phat huy vai tro thanh vien Hoi dong nhan quyen Lien hop quoc', 16/02/2023"
    " (shared/data/seeds/002_c3bacd149cc95452.txt)"
)

MPS = "VNM-MPS"
MPS_GROUPS = (  # seed 001: the 27 recommendations assigned to the Ministry in 7 groups
    ("studying the establishment of a national human rights institution", 5),
    ("combating trafficking in persons (2 of them partially implemented)", 9),
    ("ensuring civil and political rights", 4),
    ("implementing CAT", 4),
    ("studying accession to CPED", 3),
    ("strengthening human-rights institutions and policy", 1),
    ("sharing experience on the amnesty law and reintegration of prisoners", 1),
)


def figures() -> list[ReportedFigure]:
    """Every reported figure of the dossier, each with its source."""
    c1, c2, c3, c4 = (review_id("UPR", "VNM", n) for n in (1, 2, 3, 4))
    quote_c1 = (
        "In its first UPR in May 2009, Viet Nam received 123 recommendations from 60"
        " countries, 96 of which were accepted."
    )
    quote_c3 = (
        "Viet Nam chap thuan 241 khuyen nghi tren tong so 291 khuyen nghi den tu 122 nuoc (hon 83%)"
    )
    quote_impl = (
        "Viet Nam da thuc hien duoc 86,7% khuyen nghi va 12,4% khuyen nghi da hoan thanh mot phan"
    )
    return [
        ReportedFigure(c1, "recommendations", 123, A_HRC_26_6_P6, text=quote_c1, language="en"),
        ReportedFigure(c1, "recommending_states", 60, A_HRC_26_6_P6, text=quote_c1, language="en"),
        ReportedFigure(c1, "supported", 96, A_HRC_26_6_P6, text=quote_c1, language="en"),
        ReportedFigure(c2, "recommendations", 227, PRESS),
        ReportedFigure(c2, "supported", 182, PRESS),
        ReportedFigure(
            c2,
            "delegations",
            106,
            A_HRC_26_6_P19,
            text="During the interactive dialogue, 106 delegations made statements.",
            language="en",
        ),
        ReportedFigure(c3, "recommendations", 291, SEED_001, text=quote_c3, language="vi"),
        ReportedFigure(c3, "recommending_states", 122, SEED_001, text=quote_c3, language="vi"),
        ReportedFigure(c3, "supported", 241, SEED_001, text=quote_c3, language="vi"),
        ReportedFigure(
            c3, "support_rate", 83, SEED_001, Unit.PERCENT, Qualifier.OVER, quote_c3, None, "vi"
        ),
        ReportedFigure(
            c3, "implemented_rate", 86.7, SEED_000, Unit.PERCENT, text=quote_impl, language="vi"
        ),
        ReportedFigure(
            c3,
            "partially_implemented_rate",
            12.4,
            SEED_000,
            Unit.PERCENT,
            text=quote_impl,
            language="vi",
        ),
        ReportedFigure(c3, f"assigned:{MPS}", 27, SEED_001, language="vi"),
        *(
            ReportedFigure(c3, f"assigned:{MPS}:{group}", count, SEED_001, language="vi")
            for group, count in MPS_GROUPS
        ),
        ReportedFigure(c4, "recommendations", 320, PRESS),
        ReportedFigure(c4, "recommending_states", 133, PRESS),
        ReportedFigure(c4, "supported", 271, PRESS),
    ]


def context() -> upr.Dataset:
    """Reviews known only by figures, agencies, memberships, ratifications."""
    return upr.Dataset(
        reviews=[upr.Review("UPR", "VNM", 3), upr.Review("UPR", "VNM", 4)],
        figures=figures(),
        ratifications=upr.ratifications.for_state("VNM"),
        memberships=[
            upr.CouncilMembership("VNM", 2014, 2016, "shared/data/README.md (seeds summary)"),
            upr.CouncilMembership("VNM", 2023, 2025, SEED_002),
        ],
        agencies=[
            upr.Agency(
                MPS,
                "Ministry of Public Security",
                "VNM",
                upr.AgencyKind.MINISTRY,
                None,
                ("Bo Cong an",),
            ),
            upr.Agency(
                "VNM-MPS-FRD",
                "Foreign Relations Department, Ministry of Public Security",
                "VNM",
                upr.AgencyKind.DEPARTMENT,
                MPS,
                ("Cuc Doi ngoai",),
            ),
        ],
    )


def sources(data: Path) -> list[Path]:
    """The recommendation-level sources, in fusion order (most precise first)."""
    return [
        data / "wg-reports" / "vietnam2009.txt",
        data / "wg-reports" / "vietnam2014.txt",
        data / "sdg-explorer" / "upr1.xlsx",
        data / "sdg-explorer" / "upr2.xlsx",
        data / "uprinfo" / "1-5.csv",
        data / "uprinfo" / "17-20.csv",
    ]


def _read(path: Path) -> upr.ImportResult:
    return upr.read(path, errors="collect")


def build(data: Path, read: Callable[[Path], upr.ImportResult] = _read) -> upr.Dataset:
    """Read (with ``read``), keep Viet Nam, fuse, add the context."""
    dataset = upr.Dataset()
    for path in sources(data):
        result = read(path)
        print(result.report.summary(), file=sys.stderr)
        dataset = dataset.merge(result.dataset.filter(state="VNM"))
    return dataset.merge(context())


def main() -> None:
    """Command-line entry: build and write the dossier, print its headline figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    dataset = build(args.data)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    upr.jsonl.write(dataset, args.output)
    for cycle in (1, 2):
        part = dataset.filter(cycle=cycle)
        supported = len(part.filter(response="supported"))
        noted = len(part.filter(response="noted"))
        print(f"cycle {cycle}: {len(part)} recommendations, {supported} supported, {noted} noted")
    print(f"{len(dataset.conflicts)} conflicts; wrote {args.output}")


if __name__ == "__main__":
    main()
