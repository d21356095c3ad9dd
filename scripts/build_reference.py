#!/usr/bin/env python
"""Build the states and ratification reference tables shipped in ``src/upr/data``.

Usage (from the repository root)::

    python scripts/build_reference.py [--data ../shared/data]

Reads, under ``--data``:

* ``reference/un-regional-groups.csv``: UN regional groups by ISO3 code;
* ``reference/un-country-names-6-languages.xlsx``: UN short and formal names;
* ``reference/mledoze-countries.json``: English common/official names, alt spellings;
* ``ratification/hr_status_*.csv``: ratification status of the 18 instruments;

plus ``pycountry`` and the hand-curated ``scripts/state_aliases.csv``, and writes
``src/upr/data/states.csv``, ``src/upr/data/ratifications.csv`` and
``src/upr/data/SOURCES.md``. Output is sorted, so re-running on the same input
gives byte-identical files. Every quirk met on the way (rows that do not map,
conflicting columns, overrides) is printed; nothing is dropped silently.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import re
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import openpyxl  # type: ignore[import-untyped]
import pycountry

REPO = Path(__file__).resolve().parents[1]


def _load_normalise() -> Callable[[str], str]:
    """``upr.names.normalise``, loaded from its file so the package need not import."""
    spec = importlib.util.spec_from_file_location("_upr_names", REPO / "src" / "upr" / "names.py")
    if spec is None or spec.loader is None:
        sys.exit("cannot load src/upr/names.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    function: Callable[[str], str] = module.normalise
    return function


normalise = _load_normalise()

OUT = REPO / "src" / "upr" / "data"
ALIASES_CSV = REPO / "scripts" / "state_aliases.csv"

try:
    from importlib.metadata import version as _version

    PYCOUNTRY_VERSION = _version("pycountry")
except Exception:  # pragma: no cover - pycountry installed without metadata
    PYCOUNTRY_VERSION = "(unknown version)"

RATIFICATION_PUBLISHER = (
    "world-politics-datalab/humanrights-treaties-ratification-status (UN Treaty Collection, 2022)"
)

# ---------------------------------------------------------------------------
# Regional groups
# ---------------------------------------------------------------------------

GROUP_LABELS = {
    "African Group": "African",
    "Asia-Pacific Group": "Asia-Pacific",
    "Eastern European Group": "Eastern European",
    "GRULAC": "GRULAC",
    "WEOG": "WEOG",
}

MLEDOZE_GROUP_LABELS = {
    "African Group": "African",
    "Asia and the Pacific Group": "Asia-Pacific",
    "Eastern European Group": "Eastern European",
    "Latin American and Caribbean Group": "GRULAC",
    "Western European and Others Group": "WEOG",
}

# States listed in more than one group by the reference: the group they belong
# to for elections (Turkey votes with WEOG; it also takes part in Asia-Pacific
# Group meetings, which is why the reference lists it twice).
ELECTORAL_GROUP = {"TUR": "WEOG"}

# ---------------------------------------------------------------------------
# UN names -> ISO alpha-3, where the automatic match is ambiguous or fails
# ---------------------------------------------------------------------------

UN_NAME_CODES = {
    "Holy See": "VAT",
    "State of Palestine": "PSE",
    "Netherlands (Kingdom of the)": "NLD",
}

# English filter for mledoze ``altSpellings``: the list mixes ISO codes, English
# names and native names. Non-ASCII spellings and native names are dropped
# automatically; these ASCII ones are not English (or are adjectives, fragments
# or ordinary English words) and are dropped by hand.
NON_ENGLISH_ALT_SPELLINGS = frozenset(
    {
        "Belgie",
        "Bharat Ganrajya",
        "Crna Gora",
        "Dawlat Libya",
        "Dawlat al-Kuwait",
        "Dhivehi Raajjeyge Jumhooriyya",
        "Dominique",
        "Dzayer",
        "Gabuuti",
        "Gabuutih Ummuuno",
        "Hayastan",
        "Island",
        "Jabuuti",
        "Jamhuri ya Kenya",
        "Jamhuri ya Uganda",
        "Jamhuuriyadda Jabuuti",
        "Kyrgyz Respublikasy",
        "Latvijas Republika",
        "Lietuvos Respublika",
        "Matanitu ko Viti",
        "Mexicanos",
        "Muso oa Lesotho",
        "Naoero",
        "Ngwane",
        "Nihon",
        "Nijar",
        "Nijeriya",
        "Nippon",
        "Oesterreich",
        "Osterreich",
        "Portuguesa",
        "Prathet",
        "Qazaqstan",
        "Ratcha Anachak Thai",
        "Republika Srbija",
        "Republika y'Uburundi",
        "Repubblica di San Marino",
        "Repubblika ta' Malta",
        "Repubulika y'u Rwanda",
        "Respublika Kazakhstan",
        "Ripublik Naoero",
        "Sakartvelo",
        "Sarnam",
        "Sathalanalat Paxathipatai Paxaxon Lao",
        "Shqipnia",
        "Sranangron",
        "Srbija",
        "Suid-Afrika",
        "Swatini",
        "Thai",
        "Timor",
        "Timor Lorosae",
        "Togolese",
        "Ukrayina",
        "Zhongguo",
        "Zhonghua",
        "weSwatini",
        "the Abode of Peace",
    }
)

# ---------------------------------------------------------------------------
# Ratification files
# ---------------------------------------------------------------------------

TREATY_BY_FILE = {
    "icerd": "ICERD",
    "iccpr": "ICCPR",
    "icescr": "ICESCR",
    "cedaw": "CEDAW",
    "cat": "CAT",
    "crc": "CRC",
    "icmw": "ICMW",
    "crpd": "CRPD",
    "cped": "CPED",
    "iccpr_op1": "ICCPR-OP1",
    "iccpr_op2": "ICCPR-OP2",
    "icescr_op": "OP-ICESCR",
    "op_cedaw": "OP-CEDAW",
    "opcat": "OP-CAT",
    "op_crc_ac": "OP-CRC-AC",
    "op_crc_sc": "OP-CRC-SC",
    "op_crc_ic": "OP-CRC-IC",
    "op_crpd": "OP-CRPD",
}
TREATY_ORDER = list(TREATY_BY_FILE.values())

STATUS_BY_LABEL = {"state party": "party", "signatory state": "signatory", "no action": "none"}
FLAGS_BY_STATUS = {
    "party": ("1", "0", "0"),
    "signatory": ("0", "1", "0"),
    "none": ("0", "0", "1"),
}

# (alpha-3, treaty) -> (status, reason). Applied after reading; each is printed.
# Only rows whose own note (or whose own columns) contradict the status column.
RATIFICATION_OVERRIDES: dict[tuple[str, str], tuple[str | None, str]] = {
    ("JAM", "ICCPR-OP1"): (
        "none",
        "source note 'Denounced the OP 1997': no longer a party; the year was the accession",
    ),
    ("TTO", "ICCPR-OP1"): (
        "none",
        "source note 'Denounced the OP in 2000': no longer a party; the year was the accession",
    ),
    ("BRN", "ICERD"): (
        "none",
        "source note: the signature was tied to the UK's ratification (1969 is the UK's)",
    ),
    ("SLB", "ICCPR"): (
        "none",
        "source note \"Signature tied to the UK's\": 1976 is the UK's ratification",
    ),
    ("TUV", "ICCPR"): (
        "none",
        "source note \"Signature tied to the UK's\": 1976 is the UK's ratification",
    ),
    ("TUV", "ICESCR"): (
        "none",
        "source note \"Signature tied to the UK's\": 1976 is the UK's ratification",
    ),
    ("ZWE", "OP-CEDAW"): (
        None,
        "status column says 'state party' but the party flag is 0 and there is no year: "
        "unknown, row left out",
    ),
}


def lookup_key(name: str) -> str:
    """The key :func:`upr.states.resolve` matches on (kept identical to it)."""
    key = normalise(name)
    return key[4:] if key.startswith("the ") else key


def alpha2_of(code: str) -> str:
    """The ISO alpha-2 code of an alpha-3 code."""
    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        sys.exit(f"pycountry has no country {code}")
    return str(country.alpha_2)


def strip_un_markers(name: str) -> str:
    """``'Gambia (the)'`` -> ``'Gambia'``; ``'Holy See (the) *'`` -> ``'Holy See'``."""
    name = name.replace("*", "").strip()
    return re.sub(r"\s*\((?:the|The)\)$", "", name).strip()


def strip_article(name: str) -> str:
    """``'the Republic of Albania'`` -> ``'Republic of Albania'``."""
    return name[4:] if name.startswith("the ") else name


def dedupe(names: Iterable[str]) -> list[str]:
    """Non-empty names, first occurrence kept, original order."""
    return list(dict.fromkeys(n.strip() for n in names if n and n.strip()))


class Builder:
    """Collects the tables and a log of every decision and quirk."""

    def __init__(self, data: Path) -> None:
        self.data = data
        self.notes: list[str] = []
        self.mapping: dict[str, list[str]] = defaultdict(list)
        self.applied: set[tuple[str, str]] = set()

    def note(self, message: str) -> None:
        self.notes.append(message)
        print(message)

    # -- reference files -----------------------------------------------------

    def regional_groups(self) -> dict[str, list[str]]:
        path = self.data / "reference" / "un-regional-groups.csv"
        groups: dict[str, list[str]] = defaultdict(list)
        with path.open(encoding="utf-8-sig", newline="") as stream:
            for row in csv.DictReader(stream):
                label = row["Region"].strip()
                if label not in GROUP_LABELS:
                    sys.exit(f"{path}: unknown regional group label {label!r}")
                groups[row["Code"].strip()].append(GROUP_LABELS[label])
        return groups

    def un_names(self) -> list[tuple[str, str, str, bool]]:
        """(raw short, short, formal, observer) for every state row of the sheet."""
        path = self.data / "reference" / "un-country-names-6-languages.xlsx"
        book = openpyxl.load_workbook(path, read_only=True)
        sheet = book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = next(rows)
        short_i = header.index("English short")
        formal_i = header.index("English formal")
        out = []
        for row in rows:
            short_raw, formal_raw = row[short_i], row[formal_i]
            if not short_raw or formal_raw is None:
                continue  # blank line and footnotes ("*Observer State")
            short_raw, formal_raw = str(short_raw), str(formal_raw)
            if short_raw.rstrip().endswith("**"):
                self.note(
                    f"UN names: skipped {short_raw!r} (member of specialized agencies, "
                    "not a UN member or observer state)"
                )
                continue
            observer = short_raw.rstrip().endswith("*")
            out.append(
                (
                    short_raw.replace("*", "").strip(),
                    strip_un_markers(short_raw),
                    strip_article(formal_raw.replace("*", "").strip()),
                    observer,
                )
            )
        book.close()
        return out

    def mledoze(self) -> dict[str, dict[str, Any]]:
        path = self.data / "reference" / "mledoze-countries.json"
        with path.open(encoding="utf-8") as stream:
            return {c["cca3"]: c for c in json.load(stream)}

    # -- states ----------------------------------------------------------------

    def mledoze_names(self, country: dict[str, Any]) -> list[str]:
        name = country["name"]
        assert isinstance(name, dict)
        natives: set[str] = set()
        for lang, native in name.get("native", {}).items():
            if lang != "eng":
                natives |= {native["official"], native["common"]}
        english = {
            native["official"] for lang, native in name.get("native", {}).items() if lang == "eng"
        }
        english |= {
            native["common"] for lang, native in name.get("native", {}).items() if lang == "eng"
        }
        names = [name["common"], name["official"]]
        alts = country.get("altSpellings", [])
        assert isinstance(alts, list)
        for alt in alts:
            if alt == country.get("cca2") or not alt.isascii() or alt in NON_ENGLISH_ALT_SPELLINGS:
                continue
            if alt in natives and alt not in english:
                continue
            names.append(alt)
        return names

    @staticmethod
    def pycountry_names(code: str) -> list[str]:
        country = pycountry.countries.get(alpha_3=code)
        if country is None:
            sys.exit(f"pycountry has no country {code}")
        return [
            getattr(country, "name", ""),
            getattr(country, "official_name", ""),
            getattr(country, "common_name", ""),
        ]

    def match_un_names(
        self, rows: list[tuple[str, str, str, bool]], mledoze: dict[str, dict[str, Any]]
    ) -> dict[str, tuple[str, str, str, bool]]:
        index: dict[str, set[str]] = defaultdict(set)
        for iso in pycountry.countries:
            for name in self.pycountry_names(iso.alpha_3):
                if name:
                    index[lookup_key(name)].add(iso.alpha_3)
        for cca3, entry in mledoze.items():
            for name in self.mledoze_names(entry):
                index[lookup_key(name)].add(cca3)
        by_code: dict[str, tuple[str, str, str, bool]] = {}
        failed: list[str] = []
        for row in rows:
            _, short, formal, _ = row
            code: str | None = UN_NAME_CODES.get(short)
            if code is None:
                found = index.get(lookup_key(short), set()) | index.get(lookup_key(formal), set())
                if len(found) == 1:
                    code = next(iter(found))
            if code is None:
                failed.append(short)
                continue
            if code in by_code:
                sys.exit(f"UN names: {short!r} and {by_code[code][1]!r} both match {code}")
            by_code[code] = row
        if failed:
            sys.exit(f"UN names without an unambiguous ISO code (add to UN_NAME_CODES): {failed}")
        return by_code

    def curated_aliases(self, codes: set[str]) -> dict[str, list[tuple[str, str]]]:
        aliases: dict[str, list[tuple[str, str]]] = defaultdict(list)
        with ALIASES_CSV.open(encoding="utf-8", newline="") as stream:
            for line, row in enumerate(csv.DictReader(stream), start=2):
                code, alias, note = row["code"].strip(), row["alias"].strip(), row["note"].strip()
                if code not in codes:
                    sys.exit(f"{ALIASES_CSV}:{line}: {code!r} is not a UN member or observer")
                if not alias or not note:
                    sys.exit(f"{ALIASES_CSV}:{line}: alias and note are required")
                if "|" in alias:
                    sys.exit(f"{ALIASES_CSV}:{line}: '|' is the list separator")
                aliases[code].append((alias, note))
        return aliases

    def states(self) -> list[dict[str, str]]:
        groups = self.regional_groups()
        mledoze = self.mledoze()
        un_rows = self.match_un_names(self.un_names(), mledoze)
        members = {c for c, row in un_rows.items() if not row[3]}
        observers = {c for c, row in un_rows.items() if row[3]}
        if members != set(groups):
            sys.exit(
                "UN member list and regional groups disagree: "
                f"only in names {sorted(members - set(groups))}, "
                f"only in groups {sorted(set(groups) - members)}"
            )
        self.note(f"states: {len(members)} members, {len(observers)} observers {sorted(observers)}")
        curated = self.curated_aliases(members | observers)
        table: list[dict[str, Any]] = []
        for code in sorted(un_rows):
            raw_short, short, formal, observer = un_rows[code]
            labels = groups.get(code, [])
            if len(labels) > 1:
                chosen = ELECTORAL_GROUP.get(code)
                if chosen not in labels:
                    sys.exit(f"{code} is in groups {labels}: add it to ELECTORAL_GROUP")
                self.note(
                    f"regional group: {code} listed in {labels}; kept {chosen} "
                    "(the group it votes with in elections)"
                )
                group = chosen
            elif labels:
                group = labels[0]
            else:
                group = ""
                self.note(f"regional group: {code} ({short}) is in no group of the reference")
            m = mledoze.get(code)
            if m is not None:
                m_group = str(m.get("unRegionalGroup", ""))
                if bool(m.get("unMember")) == observer:
                    self.note(
                        f"mledoze: {code} unMember={m.get('unMember')} disagrees with the UN list "
                        f"({'observer' if observer else 'member'}); UN list kept"
                    )
                if MLEDOZE_GROUP_LABELS.get(m_group, "") != group:
                    self.note(f"mledoze: {code} unRegionalGroup={m_group!r}, reference {group!r}")
            names = [raw_short, short, strip_article(formal), formal]
            names += self.pycountry_names(code)
            if m is not None:
                names += self.mledoze_names(m)
            names += [alias for alias, _ in curated.get(code, [])]
            table.append(
                {
                    "code": code,
                    "short_name": short,
                    "formal_name": formal,
                    "regional_group": group,
                    "status": "observer" if observer else "member",
                    "aliases": dedupe(names),
                }
            )
        self.check_aliases(table)
        return [
            {**row, "aliases": "|".join(sorted(row["aliases"], key=lambda a: (a.casefold(), a)))}
            for row in table
        ]

    def check_aliases(self, table: list[dict[str, Any]]) -> None:
        owners: dict[str, set[str]] = defaultdict(set)
        for row in table:
            for alias in row["aliases"]:
                owners[lookup_key(alias)].add(row["code"])
        codes = {row["code"] for row in table}
        alpha2 = {alpha2_of(c) for c in codes}
        clashes = {k: sorted(v) for k, v in owners.items() if len(v) > 1}
        for row in table:
            kept = []
            for alias in row["aliases"]:
                key = lookup_key(alias)
                if key in clashes:
                    self.note(f"aliases: dropped {alias!r} of {row['code']}: also {clashes[key]}")
                    continue
                code_like = key.upper()
                if code_like in (codes | alpha2) and code_like not in (
                    row["code"],
                    alpha2_of(row["code"]),
                ):
                    sys.exit(f"alias {alias!r} of {row['code']} is another state's code")
                kept.append(alias)
            row["aliases"] = kept

    # -- ratifications -----------------------------------------------------------

    def ratifications(self, states: list[dict[str, str]]) -> list[dict[str, str]]:
        codes = {row["code"] for row in states if row["status"] == "member"}
        by_key: dict[str, str] = {}
        for row in states:
            for alias in row["aliases"].split("|"):
                by_key[lookup_key(alias)] = row["code"]
        files = sorted((self.data / "ratification").glob("hr_status_*.csv"))
        if len(files) != len(TREATY_BY_FILE):
            self.note(f"ratification: {len(files)} files, expected {len(TREATY_BY_FILE)}")
        out: list[dict[str, str]] = []
        for path in files:
            stem = path.stem.removeprefix("hr_status_")
            treaty = TREATY_BY_FILE.get(stem)
            if treaty is None:
                sys.exit(f"{path.name}: no treaty code for {stem!r}; add it to TREATY_BY_FILE")
            source = f"{path.name}; {RATIFICATION_PUBLISHER}"
            seen: set[str] = set()
            with path.open(encoding="utf-8-sig", newline="") as stream:
                for line, row in enumerate(csv.DictReader(stream), start=2):
                    where = f"{path.name}:{line}"
                    code = self.ratification_state(where, row, by_key, codes)
                    if code is None:
                        continue
                    if code in seen:
                        sys.exit(f"{where}: second row for {code}")
                    seen.add(code)
                    record = self.ratification_row(where, code, treaty, row)
                    if record is not None:
                        out.append({**record, "source": source})
            for code in sorted(codes - seen):
                self.note(f"{path.name}: no row for UN member {code}; not recorded")
        for message, places in self.mapping.items():
            self.note(f"ratification: {message} ({len(places)}x: {', '.join(places)})")
        for pair in sorted(set(RATIFICATION_OVERRIDES) - self.applied):
            self.note(f"ratification: override {pair} matched no row; check RATIFICATION_OVERRIDES")
        order = {t: i for i, t in enumerate(TREATY_ORDER)}
        out.sort(key=lambda r: (r["state"], order[r["treaty"]]))
        return out

    def ratification_state(
        self, where: str, row: dict[str, str], by_key: dict[str, str], codes: set[str]
    ) -> str | None:
        """The alpha-3 code of a row; quirks are collected in ``self.mapping`` by file."""
        iso2, member = row["iso2"].strip(), row["member"].strip()
        country = pycountry.countries.get(alpha_2=iso2) if len(iso2) == 2 else None
        code = country.alpha_3 if country is not None else None
        by_name = by_key.get(lookup_key(member))
        if code is None:
            if by_name is None:
                self.mapping[f"iso2 {iso2!r} ({member!r}) maps to no state; row left out"].append(
                    where
                )
                return None
            self.mapping[
                f"iso2 {iso2!r} is not a current ISO 3166-1 code; "
                f"member {member!r} resolves to {by_name}, used"
            ].append(where)
            return by_name
        if code not in codes:
            self.mapping[
                f"iso2 {iso2!r} -> {code} ({member!r}) is not a UN member; row left out"
            ].append(where)
            return None
        if by_name != code:
            self.mapping[
                f"member {member!r} resolves to {by_name}, iso2 {iso2!r} to {code}; iso2 used"
            ].append(where)
        return code

    def ratification_row(
        self, where: str, code: str, treaty: str, row: dict[str, str]
    ) -> dict[str, str] | None:
        label = row["status"].strip()
        if label not in STATUS_BY_LABEL:
            sys.exit(f"{where}: unknown status {label!r}")
        status = STATUS_BY_LABEL[label]
        year = row["year ratification or accession"].strip()
        flags = (
            row["state party"].strip(),
            row["signatory"].strip(),
            row["no action"].strip(),
        )
        override = RATIFICATION_OVERRIDES.get((code, treaty))
        if override is not None:
            self.applied.add((code, treaty))
            new_status, reason = override
            self.note(f"{where}: {code} {treaty} {status!r} -> {new_status!r}: {reason}")
            if new_status is None:
                return None
            status = new_status
        elif flags != FLAGS_BY_STATUS[status]:
            self.note(
                f"{where}: {code} {treaty} flags (party, signatory, no action) = {flags} "
                f"disagree with status {label!r}; status column kept (year {year or 'none'})"
            )
        if status == "party" and not year:
            sys.exit(f"{where}: party without a year")
        if status != "party" and year and override is None:
            sys.exit(f"{where}: year {year} for status {status!r}")
        return {
            "state": code,
            "treaty": treaty,
            "status": status,
            "year": year if status == "party" else "",
        }


def write_csv(path: Path, fields: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({f: row[f] for f in fields})


def write_sources(
    path: Path, states: list[dict[str, str]], ratifications: list[dict[str, str]], notes: list[str]
) -> None:
    alias_count = sum(len(r["aliases"].split("|")) for r in states)
    lines = [
        "# Sources of the reference tables",
        "",
        "Generated by `scripts/build_reference.py` (do not edit by hand; re-run it).",
        "Inputs are the files in `../shared/data` named below, as published.",
        "",
        f"## states.csv ({len(states)} rows, {alias_count} aliases)",
        "",
        "| column | source | what was taken |",
        "|---|---|---|",
        "| code | `reference/un-regional-groups.csv` (openclimatedata/countrygroups, CC0) for "
        "the 193 members; the two observers matched by name (Holy See -> VAT, State of "
        "Palestine -> PSE, `UN_NAME_CODES` in the script) | ISO 3166-1 alpha-3 |",
        "| short_name | `reference/un-country-names-6-languages.xlsx` (United Nations list of "
        "country names in the six official languages; the data README names no repository), "
        'column "English short" | the UN short name, trailing `(the)` and observer `*` '
        "removed |",
        '| formal_name | same file, column "English formal" | the UN formal name, leading '
        "`the` removed |",
        "| regional_group | `reference/un-regional-groups.csv`, column `Region` | "
        "`African Group` -> African, `Asia-Pacific Group` -> Asia-Pacific, "
        "`Eastern European Group` -> Eastern European, `GRULAC`, `WEOG` |",
        '| status | `un-country-names-6-languages.xlsx` | rows marked `*` ("Observer State") '
        "-> observer, the others -> member; rows marked `**` (Cook Islands, Niue: members of "
        "specialized agencies) left out |",
        "| aliases | the UN short name as published (with `(the)`) and as stored, the UN "
        "formal name; pycountry "
        f"{PYCOUNTRY_VERSION} (ISO 3166-1 from Debian iso-codes) `name`, `official_name`, "
        "`common_name`; `reference/mledoze-countries.json` (mledoze/countries, ODbL) "
        "`name.common`, `name.official` and the English `altSpellings`; "
        "`scripts/state_aliases.csv` (hand-curated: historical UN names and every spelling "
        "found in `../shared/data` that the above miss, each with a note naming where it "
        "appears) | `\\|`-separated, sorted |",
        "",
        "Decisions:",
        "",
        "- Turkey/Türkiye (TUR) is listed by `un-regional-groups.csv` in both "
        "`Asia-Pacific Group` and `WEOG`. It votes with WEOG in elections, so `WEOG` is kept; "
        "its Asia-Pacific listing is recorded here. The Asia-Pacific group therefore has 54 "
        "states and WEOG 29.",
        "- The United States (an observer of WEOG, listed in it by the reference) -> WEOG; "
        "Kiribati -> Asia-Pacific, as the reference lists them.",
        "- Holy See (VAT): in no regional group -> empty. State of Palestine (PSE): not listed "
        "by `un-regional-groups.csv` -> empty.",
        "- `mledoze-countries.json` marks the Holy See `unMember: true` and Palestine "
        "`unMember: false`; the UN names file (both observer states) is kept.",
        "- mledoze `altSpellings` are filtered to English: ISO codes, non-ASCII spellings, "
        "native names and a hand list of ASCII non-English spellings "
        "(`NON_ENGLISH_ALT_SPELLINGS` in the script) are left out.",
        "- An alias that would resolve to two states is dropped (printed by the script).",
        "",
        f"## ratifications.csv ({len(ratifications)} rows)",
        "",
        "| column | source | what was taken |",
        "|---|---|---|",
        "| state | `ratification/hr_status_*.csv` column `iso2` "
        "(world-politics-datalab/humanrights-treaties-ratification-status, from the UN Treaty "
        "Collection, 2022) | mapped to alpha-3 with pycountry; codes that are not ISO "
        "(`S`, `TP`) are resolved from the `member` column, and reported |",
        "| treaty | the file name | `hr_status_<x>.csv` -> code (`iccpr_op1` -> ICCPR-OP1, "
        "`icescr_op` -> OP-ICESCR, `opcat` -> OP-CAT, `op_crc_ac` -> OP-CRC-AC, ...) |",
        "| status | column `status` | `state party` -> party, `signatory state` -> signatory, "
        "`no action` -> none; the 0/1 columns `state party`, `signatory`, `no action` are "
        "cross-checked and disagreements reported |",
        "| year | column `year ratification or accession` | parties only (a year, no date) |",
        "| source | | the file name and its publisher |",
        "",
        "Overrides (the row's own note or columns contradict its status column):",
        "",
    ]
    for (code, treaty), (status, reason) in sorted(RATIFICATION_OVERRIDES.items()):
        shown = "left out" if status is None else f"-> `{status}`"
        lines.append(f"- {code} {treaty} {shown}: {reason}.")
    lines += [
        "",
        "## Build log",
        "",
        "Every quirk the script met on its last run:",
        "",
        *[f"- {n}" for n in notes],
        "",
    ]
    path.write_text("\n".join(lines), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data",
        type=Path,
        default=REPO.parent / "shared" / "data",
        help="the shared data folder (default: ../shared/data)",
    )
    args = parser.parse_args(argv)
    builder = Builder(args.data)
    states = builder.states()
    ratifications = builder.ratifications(states)
    OUT.mkdir(parents=True, exist_ok=True)
    write_csv(
        OUT / "states.csv",
        ["code", "short_name", "formal_name", "regional_group", "status", "aliases"],
        states,
    )
    write_csv(
        OUT / "ratifications.csv", ["state", "treaty", "status", "year", "source"], ratifications
    )
    write_sources(OUT / "SOURCES.md", states, ratifications, builder.notes)
    print(f"wrote {len(states)} states and {len(ratifications)} ratification rows to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
