"""Every state name in ``../shared/data`` resolves through :func:`upr.states.resolve`.

Walks the real files (UPR Info CSVs, the DIHR SDG explorer workbooks, the UPR
Working Group reports, the ratification tables and the reference files) and
collects each cell or phrase that names a state. Entries that are not states
(placeholders, document symbols, list markers) are listed below, each with the
reason and the file it comes from; a name that neither resolves nor is listed
fails the test, and the failure message lists them all.

Skipped when ``../shared/data`` (next to the repository) is absent.
"""

from __future__ import annotations

import csv
import functools
import html
import io
import json
import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest

from upr import states

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"

pytestmark = [
    pytest.mark.shared_data,
    pytest.mark.skipif(
        not SHARED.is_dir(), reason="../shared/data not found; full-file state-name check skipped"
    ),
]

# Entries found where a state is expected that are not states (compared after
# html.unescape and strip). name -> reason and where.
KNOWN_NON_STATES: dict[str, str] = {
    "(Unknown)": "UPR Info placeholder for an unidentified recommending state "
    "(uprinfo, From = '&#40;Unknown&#41;', 9 rows)",
    "None": "wg-reports/indonesia2008.txt: the 'conclusions' of the cycle I report carry "
    "'(None)' where a recommending state would be",
    "NA": "wg-reports/solomonislands2011.txt 81.23: recommending state 'not available' "
    "(not Namibia's alpha-2 code)",
    "Hague Convention": "wg-reports/japan2012.txt 147.27: abbreviation defined in the text "
    "('1980 Hague Convention ... (Hague Convention)')",
    "A/HRC/WG.6/4/MUS/2": "wg-reports/mauritius2009.txt: document symbol of the OHCHR "
    "compilation cited in the conclusions",
    "Cook Islands": "un-country-names-6-languages.xlsx, marked '**': member of specialized "
    "agencies, not a UN member or observer state",
    "the Cook Islands": "un-country-names-6-languages.xlsx, formal name of the Cook Islands",
    "Niue": "un-country-names-6-languages.xlsx, marked '**': member of specialized agencies, "
    "not a UN member or observer state",
    "Montserrat": "ratification/hr_status_op_crc_ic.csv:116 (iso2 'MS'): a UK territory, "
    "not a UN member; the file lists it and leaves out Gabon",
}

# Sub-item markers "(a)", "(b)", "(ii)" that end a clause inside a recommendation
# (wg-reports/vietnam2009.txt, malaysia2009.txt, mauritius2009.txt).
LIST_MARKER = re.compile(r"(?:[a-h]|i{1,3}|iv|v)")

# Parenthesised recommender lists whose separators are broken in the source:
# the text -> the states it names.
KNOWN_MALFORMED: dict[str, tuple[str, ...]] = {
    # wg-reports/india2008.txt 86.1: "(United Kingdom France, Mexico, ...)": comma missing.
    "United Kingdom France": ("United Kingdom", "France"),
    # wg-reports/bosniaandherzegovina2014.txt 107.104: "(Iran (Islamic Republic of);": the
    # closing parenthesis is missing, so only the inner group ends the recommendation.
    "Islamic Republic of": ("Iran (Islamic Republic of)",),
}

Found = dict[str, dict[str, list[str]]]  # source -> name -> places


def _add(found: Found, source: str, name: str, place: str) -> None:
    name = html.unescape(name).strip()
    if name:
        found[source].setdefault(name, []).append(place)


# -- UPR Info ---------------------------------------------------------------


def _uprinfo_rows(path: Path) -> Iterator[dict[str, str]]:
    # Latin-1, CR-only line endings: csv with newline="" splits on the CRs.
    with path.open(encoding="latin-1", newline="") as stream:
        yield from csv.DictReader(stream)


def _uprinfo(found: Found) -> None:
    folder = SHARED / "uprinfo"
    for path in sorted(folder.glob("*.csv")):
        if path.name == "sessions.csv":
            for line, row in enumerate(_uprinfo_rows(path), start=2):
                _add(found, "uprinfo sessions.csv To", row["To"], f"{path.name}:{line}")
            continue
        source = "uprinfo voluntary.csv" if path.name == "voluntary.csv" else "uprinfo"
        for line, row in enumerate(_uprinfo_rows(path), start=2):
            _add(found, f"{source} To", row["To"], f"{path.name}:{line}")
            _add(found, f"{source} From", row["From"], f"{path.name}:{line}")


def _uprinfo_groups() -> dict[str, list[str]]:
    labels: dict[str, list[str]] = defaultdict(list)
    for path in sorted((SHARED / "uprinfo").glob("*.csv")):
        if path.name == "sessions.csv":
            continue
        for line, row in enumerate(_uprinfo_rows(path), start=2):
            for column in ("To-Rgrp", "From-Rgrp"):
                labels[html.unescape(row[column]).strip()].append(f"{path.name}:{line}")
    return labels


# -- DIHR SDG explorer ----------------------------------------------------------


def _sdg_explorer(found: Found) -> None:
    import openpyxl

    for path in sorted((SHARED / "sdg-explorer").glob("*.xlsx")):
        book = openpyxl.load_workbook(path, read_only=True)
        try:
            for sheet in book.worksheets:
                rows = sheet.iter_rows(values_only=True)
                header = [str(h) for h in next(rows)]
                # "Recommendation" is the State under review; "Tekst" is the text.
                under_review = header.index("Recommendation")
                recommending = header.index("Recommending state")
                for number, row in enumerate(rows, start=2):
                    place = f"{path.name}:{sheet.title}:{number}"
                    for column, label in (
                        (under_review, "state under review"),
                        (recommending, "recommending state"),
                    ):
                        if row[column] is not None:
                            _add(found, f"sdg-explorer {label}", str(row[column]), place)
        finally:
            book.close()


# -- UPR Working Group reports ---------------------------------------------------

_UNDER_REVIEW = re.compile(r"[Tt]he review of (.{3,90}?) was held")
_SECTION = re.compile(
    r"\b(?:I|II|III|IV|V)\.\s*conclusions\s+and\s*(?:/\s*or\s+)?recommendations", re.IGNORECASE
)
_SECTION_END = re.compile(
    r"all\s+conclusions\s+and\s*/?\s*or\s+recommendations\s+contained"
    r"|\bAnnex\s+(?:\[English only\]\s+)?Composition",
    re.IGNORECASE,
)
# A parenthesised group (one level of nesting: "(Venezuela (Bolivarian Republic
# of))") that ends a recommendation: followed by ";", ".", the next paragraph
# number or the end of the section.
_GROUP = re.compile(r"\(((?:[^()]|\([^()]*\))*)\)(?=\s*(?:[;.]|\d+(?:\.\d+)*\.?\s|$))")
_SEPARATOR = re.compile(r"\s*(?:[,;/]|\band\b)\s*")


def _report_text(path: Path) -> str:
    # The README says Latin-1 / Windows-1252, but the bytes are Mac Roman
    # (0xD5 = right quote, 0x99 = o-circumflex in "C\x99te d\xd5Ivoire").
    text = path.read_bytes().decode("mac_roman")
    return re.sub(r"\s+", " ", text)


def _recommendation_section(text: str) -> str:
    heads = list(_SECTION.finditer(text))
    if not heads:
        return ""
    start = heads[-1].end()  # the first match is the table of contents
    end = _SECTION_END.search(text, start)
    return text[start : end.start() if end else len(text)]


def _top_level_pieces(group: str) -> list[tuple[int, int]]:
    """Spans of ``group`` between separators outside nested parentheses."""
    depth = 0
    masked = []
    for char in group:
        if char == "(":
            depth += 1
        masked.append("_" if depth else char)
        if char == ")":
            depth -= 1
    spans = []
    start = 0
    for sep in _SEPARATOR.finditer("".join(masked)):
        spans.append((start, sep.start()))
        start = sep.end()
    spans.append((start, len(group)))
    return [(a, b) for a, b in spans if group[a:b].strip()]


def _is_known(name: str) -> bool:
    return name in KNOWN_NON_STATES or name in KNOWN_MALFORMED or bool(LIST_MARKER.fullmatch(name))


def split_recommenders(group: str) -> list[str]:
    """The names in a parenthesised recommender list, longest resolvable runs first.

    Splits on commas, semicolons, slashes and "and" outside nested parentheses,
    then joins neighbouring pieces back when together they name one state
    ("Trinidad and Tobago", "Venezuela, Bolivarian Republic of"). A piece that
    resolves neither alone nor joined is returned as is, to be reported.
    """
    spans = _top_level_pieces(group)
    names = []
    i = 0
    while i < len(spans):
        for j in range(len(spans) - 1, i - 1, -1):
            candidate = group[spans[i][0] : spans[j][1]].strip()
            if j == i or states.try_resolve(candidate) is not None or _is_known(candidate):
                names.append(candidate)
                i = j + 1
                break
    return names


def _wg_reports(found: Found) -> None:
    for path in sorted((SHARED / "wg-reports").glob("*.txt")):
        text = _report_text(path)
        match = _UNDER_REVIEW.search(text)
        if match is None:
            _add(found, "wg-reports state under review", f"<not found in {path.name}>", path.name)
        else:
            _add(found, "wg-reports state under review", match.group(1), path.name)
        section = _recommendation_section(text)
        if not section:
            _add(found, "wg-reports recommending state", f"<no section in {path.name}>", path.name)
        for group in _GROUP.finditer(section):
            for name in split_recommenders(group.group(1)):
                _add(found, "wg-reports recommending state", name, path.name)


# -- ratification and reference files ---------------------------------------------


def _ratification(found: Found) -> None:
    for path in sorted((SHARED / "ratification").glob("hr_status_*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as stream:
            for line, row in enumerate(csv.DictReader(stream), start=2):
                _add(found, "ratification member", row["member"], f"{path.name}:{line}")


def _reference(found: Found) -> None:
    import openpyxl

    folder = SHARED / "reference"
    with (folder / "un-regional-groups.csv").open(encoding="utf-8-sig", newline="") as stream:
        for line, row in enumerate(csv.DictReader(stream), start=2):
            place = f"un-regional-groups.csv:{line}"
            _add(found, "reference un-regional-groups.csv", row["Name"], place)
            _add(found, "reference un-regional-groups.csv", row["Code"], place)
    book = openpyxl.load_workbook(folder / "un-country-names-6-languages.xlsx", read_only=True)
    try:
        rows = book.worksheets[0].iter_rows(values_only=True)
        header = [str(h) for h in next(rows)]
        columns = [header.index("English short"), header.index("English formal")]
        for number, row in enumerate(rows, start=2):
            if row[columns[1]] is None:
                continue  # blank row and the footnotes explaining "*" and "**"
            for column in columns:
                name = str(row[column]).replace("*", "").strip()  # observer markers
                name = re.sub(r"\s*\((?:the|The)\)$", "", name)  # "Gambia (the)"
                _add(found, "reference un-country-names", name, f"xlsx row {number}")
    finally:
        book.close()
    countries = json.loads((folder / "mledoze-countries.json").read_text(encoding="utf-8"))
    for country in countries:
        # The file covers 250 territories; only UN members and observers are states.
        if country["unMember"] or country["cca3"] in {"PSE", "VAT"}:
            for key in ("common", "official"):
                _add(found, "reference mledoze", country["name"][key], country["cca3"])


@functools.cache
def collected() -> Found:
    """Every state name in the shared data: source -> name -> places."""
    found: Found = defaultdict(dict)
    for collect in (_uprinfo, _sdg_explorer, _wg_reports, _ratification, _reference):
        collect(found)
    return dict(found)


SOURCES = [
    "uprinfo To",
    "uprinfo From",
    "uprinfo voluntary.csv To",
    "uprinfo voluntary.csv From",
    "uprinfo sessions.csv To",
    "sdg-explorer state under review",
    "sdg-explorer recommending state",
    "wg-reports state under review",
    "wg-reports recommending state",
    "ratification member",
    "reference un-regional-groups.csv",
    "reference un-country-names",
    "reference mledoze",
]


@pytest.mark.parametrize("source", SOURCES)
def test_every_state_name_resolves(source: str) -> None:
    names = collected().get(source, {})
    assert names, f"no names collected from {source}: has the file layout changed?"
    unresolved = sorted(
        f"{name!r} ({len(places)}x, e.g. {places[0]})"
        for name, places in names.items()
        if not _is_known(name) and states.try_resolve(name) is None
    )
    assert not unresolved, (
        f"{len(unresolved)} of {len(names)} names in {source} do not resolve:\n"
        + "\n".join(unresolved)
    )


def test_known_non_states_are_still_in_the_data() -> None:
    """The exception lists stay honest: each entry must still occur, and none is a state."""
    seen = {name for names in collected().values() for name in names}
    stale = sorted(set(KNOWN_NON_STATES) - seen)
    assert not stale, f"listed as non-states but no longer found: {stale}"
    for name in KNOWN_NON_STATES:
        if name != "NA":  # NA is Namibia's alpha-2 code; in the report it means "not available"
            assert states.try_resolve(name) is None, name
    for text, parts in KNOWN_MALFORMED.items():
        assert text in seen, text
        assert all(states.try_resolve(p) is not None for p in parts), parts


def test_state_under_review_of_each_report_matches_its_file_name() -> None:
    """The extracted state under review is the one the file is named after."""
    names = collected()["wg-reports state under review"]
    assert len(names) >= 100
    for name, places in names.items():
        state = states.resolve(name)
        for place in places:
            slug = re.sub(r"\d+\.txt$", "", place).lower()
            assert slug, place
            keys = {
                states.lookup_key(a).replace(" ", "") for a in (state.short_name, *state.aliases)
            }
            assert any(slug.replace("-", "") in key or key in slug for key in keys) or slug in {
                "kyrgysztan",  # file name misspelt; the report reviews Kyrgyzstan
                "korea",  # korea2008.txt reviews the Republic of Korea
            }, (place, state.code)


def test_recommenders_of_a_known_paragraph() -> None:
    """wg-reports/vietnam2014.txt 143.15 names France, the Czech Republic, Austria, Uruguay."""
    text = _recommendation_section(_report_text(SHARED / "wg-reports" / "vietnam2014.txt"))
    start = text.index("143.15.")
    paragraph = text[start : text.index("143.16.")]
    names = [n for g in _GROUP.finditer(paragraph) for n in split_recommenders(g.group(1))]
    assert [states.resolve(n).code for n in names] == ["FRA", "CZE", "AUT", "URY"]


def test_split_keeps_names_with_and_commas_and_parentheses() -> None:
    """Names containing 'and', commas or parentheses are not split apart."""
    assert split_recommenders("Trinidad and Tobago, Venezuela (Bolivarian Republic of)") == [
        "Trinidad and Tobago",
        "Venezuela (Bolivarian Republic of)",
    ]
    assert split_recommenders("Venezuela, Bolivarian Republic of") == [
        "Venezuela, Bolivarian Republic of"
    ]
    assert split_recommenders("Canada; Azerbaijan") == ["Canada", "Azerbaijan"]
    assert split_recommenders("Switzerland, and Sweden") == ["Switzerland", "Sweden"]


def test_uprinfo_regional_group_labels_parse() -> None:
    """Every To-Rgrp / From-Rgrp label parses, except the two that are not groups."""
    not_groups = {
        "Observer": "UPR Info's label for the Holy See and Palestine as senders",
        "(Unknown)": "group of the '(Unknown)' recommending state",
    }
    labels = _uprinfo_groups()
    assert set(not_groups) <= set(labels)
    for label in labels:
        if label in not_groups:
            with pytest.raises(LookupError):
                states.RegionalGroup.parse(label)
        else:
            states.RegionalGroup.parse(label)


def test_uprinfo_regional_groups_agree_with_the_reference() -> None:
    """UPR Info's group of each reviewed state is the reference's (Turkey: WEOG in both)."""
    disagreements = set()
    for path in sorted((SHARED / "uprinfo").glob("*.csv")):
        if path.name == "sessions.csv":
            continue
        for row in _uprinfo_rows(path):
            state = states.resolve(row["To"])
            if states.RegionalGroup.parse(row["To-Rgrp"]) is not state.regional_group:
                disagreements.add((state.code, row["To-Rgrp"], state.regional_group))
    assert not disagreements


def test_ratification_members_match_their_iso2_codes() -> None:
    """The member name of each row resolves to the state its iso2 code names."""
    import pycountry

    wrong = set()
    for path in sorted((SHARED / "ratification").glob("hr_status_*.csv")):
        reader = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline=""))
        for row in reader:
            country = pycountry.countries.get(alpha_2=row["iso2"])
            if country is None or country.alpha_3 == "MSR":
                continue  # 'TP', 'S' and Montserrat: reported by scripts/build_reference.py
            if states.resolve(row["member"]).code != country.alpha_3:
                wrong.add((path.name, row["iso2"], row["member"]))
    assert not wrong
