"""Rebuild ``uhri-export.xlsx`` and ``uhri-export.json`` from ``../shared/data``.

No real UHRI export is shipped, so these fixtures lay real texts from shipped
files out in the UHRI export format described in ``../shared/data/README.md``
(see ``SOURCE.md`` next to this script for what comes from where). Run from
the repository root::

    /tmp/dev/bin/python tests/data/uhri/build_fixtures.py
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import docx
import openpyxl

from upr import states

HERE = Path(__file__).resolve().parent
SHARED = HERE.parents[3] / "shared" / "data"

HEADER = [
    "Text",
    "Countries Concerned",
    "Reccomending Body",
    "Document Symbol",
    "Themes",
    "Affected Persons",
    "Sdgs",
    "Document Publication Date",
    "UPR Reccomending States",
    "UPR Position",
    "Type",
    "OHCHR Annotation Id",
    "UPR Session",
    "Regions Concerned",
    "Recommending Regions",
    "Date of publication on UHRI",
]

# Official SDG target texts (A/RES/70/1), used as the label after the code.
TARGETS = {
    "4.7": "By 2030, ensure that all learners acquire the knowledge and skills needed to"
    " promote sustainable development, including, among others, through education for"
    " sustainable development and sustainable lifestyles, human rights, gender equality,"
    " promotion of a culture of peace and non-violence, global citizenship and appreciation"
    " of cultural diversity and of culture's contribution to sustainable development",
    "5.2": "Eliminate all forms of violence against all women and girls in the public and"
    " private spheres, including trafficking and sexual and other types of exploitation",
    "16.3": "Promote the rule of law at the national and international levels and ensure"
    " equal access to justice for all",
    "16.a": "Strengthen relevant national institutions, including through international"
    " cooperation, for building capacity at all levels, in particular in developing"
    " countries, to prevent violence and combat terrorism and crime",
}

# Viet Nam, second UPR (Working Group session 18), A/HRC/26/6 dated 2 April 2014.
VNM_PARAGRAPHS = {  # paragraph -> (recommending states, position, SDG targets)
    "143.1": (["Nicaragua", "Albania", "Azerbaijan", "Niger"], "Supported", []),
    "143.6": (["Portugal", "Uruguay"], "Noted", []),
    "143.41": (["Congo", "France", "Madagascar", "Togo"], "Noted", ["16.a"]),
    "143.64": (["Myanmar"], "Supported", ["16.3", "4.7"]),
    "143.105": (["Lithuania"], "Noted", ["16.3"]),
    "143.119": (["Canada"], "Supported", ["5.2"]),
}
VNM_DATE_SERIAL = 41731  # 2014-04-02, "Distr.: General 2 April 2014" in the report
CHINA_PARAGRAPHS = ("28.212", "28.346", "28.219", "28.264")

# Re-laid-out rows: real texts (SDG explorer "Tekst", Viet Nam 2014) under
# treaty-body and special-procedure headings; see SOURCE.md.
RELAID = [
    # (sdg-explorer row, body, symbol, type)
    (35180, "CAT", "CAT/C/VNM/CO/1", "Concerns/Observations"),
    (35275, "CEDAW", "CEDAW/C/VNM/CO/7-8", "Recommendations"),
    (35316, "CRC-OP-SC", "CRC/C/OPSC/VNM/CO/1", "Recommendations"),
    (35334, "SR on freedom of religion or belief", "A/HRC/28/66/Add.2", "Recommendations"),
]


def cell(values: list[str]) -> str:
    """A multi-valued UHRI cell."""
    return "\n".join(f"- {v}" for v in values)


def regions(names: list[str]) -> list[str]:
    """Regional groups of states, in order of first appearance (from upr.states)."""
    out: list[str] = []
    for name in names:
        group = states.resolve(name).regional_group
        if group is not None and group.value not in out:
            out.append(group.value)
    return out


def vietnam_rows() -> list[dict[str, Any]]:
    raw = (SHARED / "wg-reports" / "vietnam2014.txt").read_bytes().decode("mac_roman")
    lines = raw.replace("\r", "\n").split("\n")
    rows = []
    for paragraph, (senders, position, targets) in VNM_PARAGRAPHS.items():
        text = next(line for line in lines if line.startswith(f"{paragraph}. ")).strip()
        rows.append(
            {
                "Text": text,
                "Countries Concerned": cell(["Viet Nam"]),
                "Reccomending Body": cell(["UPR"]),
                "Document Symbol": "A/HRC/26/6",
                "Sdgs": cell([f"{t} - {TARGETS[t]}" for t in targets]),
                "Document Publication Date": VNM_DATE_SERIAL,
                "UPR Reccomending States": cell(senders),
                "UPR Position": position,
                "Type": "Recommendations",
                "UPR Session": "18",
                "Regions Concerned": cell(regions(["Viet Nam"])),
                "Recommending Regions": cell(regions(senders)),
            }
        )
    return rows


def china_rows() -> list[dict[str, Any]]:
    table = docx.Document(str(SHARED / "thematic-lists" / "china-2018-matrix.docx")).tables[0]
    found: dict[str, dict[str, Any]] = {}
    for row in table.rows[1:]:
        recommendation, position, themes = (c.text for c in row.cells[:3])
        first = recommendation.split("\n", 1)[0].strip()
        number = first.split(" ", 1)[0]
        if number not in CHINA_PARAGRAPHS or number in found:
            continue
        senders = re.findall(r"\(([^()]+)\)[;.]?(?=\s|$)", first)
        theme_lines = themes.split("Affected persons:")[0].split("\n")
        persons = [
            p.strip().removeprefix("- ").strip()
            for p in themes.split("Affected persons:")[1].split("\n")
        ]
        theme_list = [t.strip() for t in theme_lines if t.strip() and not t.startswith("S")]
        goals = []
        for t in theme_lines:
            m = re.match(r"S(\d+) SDG \d+ - (.+)$", t.strip())
            if m:
                goals.append(f"{int(m.group(1))} - {m.group(2).strip()}")
        found[number] = {
            "Text": first,
            "Countries Concerned": cell(["China"]),
            "Reccomending Body": cell(["UPR"]),
            "Document Symbol": "A/HRC/40/6",
            "Themes": cell(theme_list),
            "Affected Persons": cell([p for p in persons if p]),
            "Sdgs": cell(goals),
            "UPR Reccomending States": cell(senders),
            "UPR Position": position.strip(),
            "Type": "Recommendations",
            "UPR Session": "31",
            "Regions Concerned": cell(regions(["China"])),
            "Recommending Regions": cell(regions(senders)),
        }
    return [found[p] for p in CHINA_PARAGRAPHS]


def relaid_rows() -> list[dict[str, Any]]:
    book = openpyxl.load_workbook(SHARED / "sdg-explorer" / "upr2.xlsx", read_only=True)
    sheet = book.worksheets[0]
    wanted = {r[0]: r for r in RELAID}
    out: dict[int, dict[str, Any]] = {}
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        if number in wanted:
            _, body, symbol, kind = wanted[number]
            out[number] = {
                "Text": values[2],
                "Countries Concerned": cell(["Viet Nam"]),
                "Reccomending Body": cell([body]),
                "Document Symbol": symbol,
                "Type": kind,
                "Regions Concerned": cell(regions(["Viet Nam"])),
            }
    book.close()
    return [out[r[0]] for r in RELAID]


def main() -> None:
    rows = vietnam_rows() + china_rows() + relaid_rows()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    sheet.append(HEADER)
    for row in rows:
        sheet.append([row.get(h) or None for h in HEADER])
    book.save(HERE / "uhri-export.xlsx")

    def listed(value: str | None) -> list[str]:
        return [v.removeprefix("- ") for v in value.split("\n")] if value else []

    records = [
        {
            "AnnotationId": None,
            "Text": row["Text"],
            "Symbol": row.get("Document Symbol"),
            "Body": listed(row["Reccomending Body"])[0],
            "Countries": listed(row["Countries Concerned"]),
            "Themes": listed(row.get("Themes")),
            "Sdgs": listed(row.get("Sdgs")),
            "AnnotationType": row["Type"],
            "PublicationDate": "2014-04-02" if row.get("Document Publication Date") else None,
        }
        for row in rows
    ]
    (HERE / "uhri-export.json").write_text(
        json.dumps(records, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    main()
