"""Build the SYNTHETIC tracking-sheet fixtures of this folder (see SOURCE.md).

The workbook is made the way an office would make it: ``upr`` writes the
template for the real A/HRC/26/6 slice of ``tests/vnm2014.py``, then the
rows below are typed into it. Run from the repository root::

    python tests/data/tracking/build_fixture.py

The recommendation ids and texts and the agency names are real; every
assignment, action, status, date and assessor judgement is invented test input.
"""

from __future__ import annotations

import csv
import datetime as dt
import sys
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

import upr  # noqa: E402
from vnm2014 import DATASET  # noqa: E402

XLSX = HERE / "vnm2-mps-tracking.xlsx"
CSV = HERE / "vnm2-mps-tracking.csv"
SYNTHETIC = "SYNTHETIC test fixture (tests/data/tracking/SOURCE.md)"

# Names from the seed article shared/data/seeds/001_437c9dafada3569e.txt (Bo Cong an,
# its Cuc Doi ngoai, Bo Ngoai giao); ids and aliases as in scripts/build_dossier.py.
AGENCIES = (
    upr.Agency(
        "VNM-MPS",
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
        "VNM-MPS",
        ("Cuc Doi ngoai",),
    ),
    upr.Agency(
        "VNM-MOFA",
        "Ministry of Foreign Affairs",
        "VNM",
        upr.AgencyKind.MINISTRY,
        None,
        ("Bo Ngoai giao",),
    ),
)
PLAN = upr.ImplementationPlan(
    "SYNTHETIC-VNM-UPR2-MPS",
    "VNM",
    "UPR-VNM-2",
    "SYNTHETIC test plan: recommendations of UPR-VNM-2 assigned to the Ministry of Public Security",
    dt.date(2014, 9, 1),
    SYNTHETIC,
)
MPS = "Ministry of Public Security"
NGO = "Example NGO (synthetic)"
CAT = "implementing CAT"
DOSSIER = "Prepare the dossier for the ratification of CAT (synthetic)"

COLUMNS = ("agency", "role", "group", "action", "status", "date", "assessor",
           "assessor kind", "source", "note")  # fmt: skip


def row(paragraph: str, agency: str = "", role: str = "", action: str = "", status: str = "",
        date: dt.date | None = None, assessor: str = MPS, kind: str = "government",
        note: str = "") -> tuple[str, dict[str, object]]:  # fmt: skip
    """One typed row: a recommendation paragraph and its cells by column."""
    assessed = bool(status)
    cells: dict[str, object] = {
        "agency": agency,
        "role": role,
        "group": CAT if role else "",
        "action": action,
        "status": status,
        "date": date,
        "assessor": assessor if assessed else "",
        "assessor kind": kind if assessed else "",
        "source": SYNTHETIC if assessed else "",
        "note": note,
    }
    return paragraph, cells


ROWS = (
    row("143.10", MPS, "lead", DOSSIER, "in progress", dt.date(2014, 12, 31)),
    row("143.10", "Ministry of Foreign Affairs", "supporting", DOSSIER),
    row("143.10", MPS, "lead", "", "fully implemented", dt.date(2015, 12, 31)),
    row("143.12", MPS, "lead", DOSSIER, "fully implemented", dt.date(2015, 12, 31)),
    row("143.13", "Cuc Doi ngoai", "lead", "", "fully implemented", dt.date(2015, 12, 31)),
    row(
        "143.13",
        status="partially implemented",
        date=dt.date(2016, 6, 30),
        assessor=NGO,
        kind="non-governmental organisation",
        note="synthetic: implementing legislation pending",
    ),
)


def build_xlsx() -> None:
    """Template from upr, then the rows typed into it (extra rows appended)."""
    template = upr.Dataset(
        DATASET.recommendations, DATASET.reviews, agencies=AGENCIES, plans=[PLAN]
    )
    upr.export(template, XLSX, format="tracking-sheet")
    book = openpyxl.load_workbook(XLSX)
    sheet = book["tracking"]
    header = [c.value for c in sheet[1]]
    placeholder = {sheet.cell(r, 2).value: r for r in range(2, sheet.max_row + 1)}
    used: set[int] = set()
    for paragraph, cells in ROWS:
        rec_id = f"A/HRC/26/6:{paragraph}"
        row = placeholder[rec_id]
        if row in used:  # another row for the same recommendation: copy the id cells
            row = sheet.max_row + 1
            for column in (1, 2, 3):
                sheet.cell(row, column, sheet.cell(placeholder[rec_id], column).value)
        used.add(row)
        for name, value in cells.items():
            cell = sheet.cell(
                row, header.index(name) + 1, value if value not in ("", None) else None
            )
            if isinstance(value, dt.date):
                cell.number_format = "yyyy-mm-dd"
    book.save(XLSX)


def build_csv() -> None:
    """The same rows as a CSV tracking table: agency ids, dates as DD/MM/YYYY,
    one Vietnamese status label, as an office keeping a CSV might write them."""
    ids = {a.name: a.id for a in AGENCIES} | {"Cuc Doi ngoai": "VNM-MPS-FRD"}
    header = ["review", "recommendation id", *COLUMNS]
    with CSV.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\r\n")
        writer.writerow(header)
        for paragraph, cells in ROWS:
            values = dict(cells)
            if values["status"] == "partially implemented":
                values["status"] = "thực hiện một phần"
            date = values["date"]
            values["date"] = date.strftime("%d/%m/%Y") if isinstance(date, dt.date) else ""
            values["agency"] = ids.get(str(values["agency"]), values["agency"])
            writer.writerow(["UPR-VNM-2", f"A/HRC/26/6:{paragraph}", *values.values()])


if __name__ == "__main__":
    build_xlsx()
    build_csv()
    print(f"wrote {XLSX} and {CSV}")
