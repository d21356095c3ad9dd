"""Treaty mentions in English recommendation texts.

Most recommendations name the treaty they are about only in their text
("Accede to CAT in a timely manner", "ratify the Second Optional Protocol to
ICCPR"). :func:`detect` returns the codes of :mod:`upr.treaties` a text names;
:func:`find` returns every mention with its position and whether the text asks
the state to ratify, accede to or sign the instrument.

>>> from upr import treaty_mentions
>>> treaty_mentions.detect("Ratify CAT and its Optional Protocol (Austria, Uruguay)")
('CAT', 'OP-CAT')
>>> treaty_mentions.detect("Consider ratifying the Optional Protocols to the CRC")
('OP-CRC-AC', 'OP-CRC-SC')
>>> treaty_mentions.non_core("Ratify the Rome Statute of the International Criminal Court")
('Rome Statute',)

What counts as a mention (the rules the hand-checked sample in
``tests/data/treaty-mentions`` was annotated by, measured in ``docs/graph.md``):

* a core treaty or optional protocol named by its full name, a shortened or
  misspelt form ("Convention against Torture", "International Covenant to the
  Civil and Political Rights", "Convention for the Elimination of All Forms of
  Discrimination against Women") or an abbreviation (``CAT``, ``ICRMW``,
  ``CPRD``, ``ICPPED``, ``OP-CAT``, ``ICCPR-OP 2``, ``CRC-OP-SC``, ...);
  a bare abbreviation counts even where the text uses it for the committee
  ("in line with CERD recommendations");
* "the Optional Protocol to X" is the protocol only, not X; "X and its
  Optional Protocol", "X and the Optional Protocol thereto" are both;
  "X, Y and their (respective) Optional Protocols" give the protocols of each;
* "Optional Protocols to A, B and C" (plural) give the protocol of each; a
  listed treaty without an optional protocol (ICERD, ICMW, CPED) counts itself;
* an optional protocol whose parent treaty is not named anywhere in the
  text ("ratify the Optional Protocols to the core treaties") counts for nothing;
* the ICCPR's protocols: "Optional Protocol to the ICCPR" (its official name)
  is the first, "Second" or "aiming at the abolition of the death penalty" the
  second, the plural both; the CRC's: named by subject ("on the sale of
  children", "on the involvement of children in armed conflict", "on a
  communications procedure") or by ordinal (third = communications
  procedure); "the (two) Optional Protocols to the CRC" are the sale of
  children and armed conflict protocols (the two substantive protocols, the
  only ones before 2011); "the three/all Optional Protocols" all three; a
  singular unspecified "Optional Protocol to the CRC" counts for nothing;
* "the two/both International Covenants" are the ICCPR and the ICESCR;
* committees are not treaties: "Committee against Torture", "the CEDAW
  Committee", "Human Rights Committee", "Committee on Enforced
  Disappearances (CPED)" count for nothing;
* instruments other than the 18 core ones (Rome Statute, ILO conventions,
  refugee and statelessness conventions, regional conventions, ...) are not
  treaties of :mod:`upr.treaties`: :func:`non_core` names them, :func:`detect`
  ignores them;
* "the Covenant" or "the Convention" alone is not resolved from context.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

import attrs

from upr.model import treaties

# -- patterns -----------------------------------------------------------------

# Distinctive words that close a core treaty's name after "Convention"/"Covenant".
_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("CAT", r"torture\b"),
    ("ICERD", r"racial\s+discrimination"),
    ("CEDAW", r"discriminations?\s+against\s+wom[ae]n\b"),
    ("CRC", r"rights?\s+(?:of|on)\s+(?:the\s+)?child(?:ren)?\b|child(?:ren)?['’]?s?\s+rights\b"),
    ("CRPD", r"(?:persons|people)\s+with\s+disabilit(?:y|ies)\b|disabilit(?:y|ies)\b|disabled\b"),
    ("ICMW", r"migrants?['’]?\s+workers\b|migrants?\b"),
    (
        "CPED",
        r"(?:enforced|forced|involuntary)(?:\s+(?:and|or)\s+involuntary)?\s+disappearances?\b",
    ),
    ("ICCPR", r"civil\s*(?:and|&)\s*political\b"),
    ("ICESCR", r"economic[\s,]+social\b"),
)

# Up to nine words between "Convention" and the keyword, starting with a word
# that can open a treaty's name ("on", "against", "for the", ...): no punctuation,
# no "and"/"or", no pronoun or verb-like glue, no other instrument word (so two
# names, or a name and the rest of the sentence, never run together).
_GAP = (
    r"(?:\s+(?:on|against|for|of|to|relating|concerning|the|\[)[\w\[]*)?"
    r"(?:\s+(?!(?:and|or|convention|covenant|protocols?|committee|statute|its|their|which|that"
    r"|this|these|those|by|into|under|within|as|is|are|has|have|in)\b)[\w'’\-/&\[]+){0,8}?"
)
_HEAD = r"(?:(?:International|UN|U\.N\.|United\s+Nations)\s+)?(?:Convention|Covenant)s?"

# Instruments that are not among the 18 core treaties (reported, never linked).
# Order matters only between patterns that can start at the same position.
_NON_CORE: tuple[tuple[str, str], ...] = (
    ("Rome Statute", r"Rome\s+Statute"),
    (
        "Agreement on the Privileges and Immunities of the ICC",
        r"Agreement\s+on\s+(?:the\s+)?Privileges\s+and\s+Immunities(?:\s+of\s+the"
        r"(?:\s+International\s+Criminal)?\s+Court|\s+of\s+the\s+ICC)?|\bAPIC\b",
    ),
    (
        "ILO convention",
        r"(?:\bILO|International\s+Labou?r\s+Organi[sz]ation)(?:['’]s)?"
        r"(?:\s+(?!Convention)[\w()\-,]+){0,6}?\s+Conventions?"
        r"(?:\s+(?:No|Nos|n°)?\.?\s*\d+(?:\s*(?:,|and|&)\s*(?:No\.?\s*)?\d+)*)?"
        r"|\bConventions?\s+(?:No|Nos|n°)\.?\s*\d+(?:\s*(?:,|and|&)\s*\d+)*"
        r"|\bConventions?\s+\d{2,3}\b(?:\s*(?:,|and|&)\s*\d{2,3}\b)*"
        r"|\bDomestic\s+Workers\s+Convention",
    ),
    (
        "Refugee Convention",
        r"Conventions?\s+(?:relating\s+to|on)\s+the\s+Status\s+of\s+Refugees"
        r"(?:\s+and\s+(?:its|the)\s+(?:1967\s+)?Protocol(?:\s+thereto)?)?"
        r"|Refugees?\s+Convention",
    ),
    (
        "Statelessness conventions",
        r"Conventions?\s+(?:relating\s+to\s+the\s+Status\s+of\s+Stateless\s+Persons"
        r"|on\s+the\s+(?:Reduction|Status)\s+of\s+Statelessness|on\s+the\s+Status\s+of"
        r"\s+Stateless\s+Persons|on\s+Statelessness)",
    ),
    (
        "Genocide Convention",
        r"Convention\s+(?:on|for)\s+the\s+Prevention\s+and\s+Punishment\s+of\s+the\s+Crime"
        r"\s+of\s+Genocide|Genocide\s+Convention",
    ),
    (
        "Convention against Discrimination in Education",
        r"(?:UNESCO\s+)?Convention\s+against\s+Discrimination\s+in\s+Education",
    ),
    (
        "Convention against Transnational Organized Crime and its Protocols",
        r"Convention\s+(?:against|on)\s+Transnational\s+Organi[sz]ed\s+Crime"
        r"|Palermo\s+Protocol|Protocol\s+to\s+Prevent,?\s+Suppress\s+and\s+Punish",
    ),
    ("Convention against Corruption", r"Convention\s+against\s+Corruption"),
    (
        "Istanbul Convention",
        r"Istanbul\s+Convention|Convention\s+on\s+Preventing\s+and\s+Combating\s+Violence",
    ),
    (
        "regional convention",
        r"(?:European|Inter-?\s?American|American|African(?:\s+Union)?|Arab|ASEAN"
        r"|Council\s+of\s+Europe)(?:\s+(?!Convention)[\w\-]+){0,3}?\s+"
        r"(?:Convention|Charter|Committee)(?:\s+(?:on|for|against|to)(?:\s+the)?"
        r"(?:\s+(?!and\b)[\w\-]+){0,8}?\s+(?:torture|women|rights|child|disabilit\w*"
        r"|freedoms|minorities|persons))?",
    ),
    ("Geneva Conventions", r"Geneva\s+Conventions?(?:\s+of\s+1949)?"),
    ("Hague Convention", r"Hague\s+(?:Convention|Regulations)"),
    (
        "Convention on the Non-Applicability of Statutory Limitations",
        r"Convention\s+on\s+the\s+Non-?\s?Applicability\s+of\s+Statutory\s+Limitations",
    ),
    (
        "Framework Convention for the Protection of National Minorities",
        r"Framework\s+Convention\s+for\s+the\s+Protection\s+of\s+National\s+Minorities",
    ),
    ("Kampala Convention", r"Kampala\s+Convention"),
)

# Committees: never a treaty mention, and an abbreviation in brackets right
# after one ("Committee on Enforced Disappearances (CPED)") is the committee's.
_COMMITTEE = (
    r"(?:Sub-?\s?)?[Cc]ommittee\s+(?:on|against|for)"
    + _GAP
    + r"\s+(?:"
    + "|".join(k for _, k in _KEYWORDS)
    + r")|Human\s+Rights\s+Committee|\bHR\s+Committee"
    r"|\b(?:CAT|CEDAW|CRC|CERD|CESCR|CCPR|CRPD|CED|CMW|SPT)\s+Committee"
)

# Core-treaty abbreviations (case-sensitive).
_CORE_ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    ("CAT", r"UNCAT|CAT"),
    ("ICCPR", r"ICCPR|CCPR"),
    ("ICESCR", r"ICESCR|ICESR|CESCR"),
    ("CEDAW", r"CEDAW"),
    ("CRC", r"UNCRC|CRC"),
    ("CRPD", r"UNCRPD|CRPD|CPRD|ICRPD"),
    ("ICMW", r"ICRMW|ICMW|CMW|CMRW|ICRMWC"),
    ("CPED", r"ICPPED|ICCPED|CPED|CED|ICED"),
    ("ICERD", r"ICERD|CERD"),
)

# Optional-protocol abbreviations (case-sensitive), longest forms first; "~" is
# an optional separator: "OP-CAT", "OP CAT", "OPCAT", "OP- CRC-SC".
_PROTOCOL_ABBREVIATIONS: tuple[tuple[str, str], ...] = tuple(
    (code, pattern.replace("~", r"(?:-\s?|\s)?"))
    for code, pattern in (
        ("OP-CRC-AC", r"(?:OP~)?CRC~(?:OP~)?AC(?:~OP)?|OP~AC|OPAC"),
        ("OP-CRC-SC", r"(?:OP~)?CRC~(?:OP~)?SC(?:~OP)?|OP~SC|OPSC|OP~CSC~SC"),
        ("OP-CRC-IC", r"(?:OP~)?CRC~(?:OP~)?IC(?:~OP)?|OP~IC|OPIC|OP~3~CRC|CRC~OP~3"),
        ("ICCPR-OP2", r"ICCPR~OP~2(?:~DP)?|OP~2~ICCPR"),
        ("ICCPR-OP1", r"ICCPR~OP(?:~1)?|OP~1~ICCPR|OP~ICCPR|ICCPROP"),
        ("OP-ICESCR", r"OP~I?CESC?R|I?CESC?R~OP"),
        ("OP-CEDAW", r"OP~CEDAW|CEDAW~OP"),
        ("OP-CAT", r"OP~CAT|CAT~OP"),
        ("OP-CRPD", r"OP~C(?:RP|PR)D|C(?:RP|PR)D~OP"),
    )
)

# Short forms ("Torture Convention") and both Covenants at once.
_SHORT_FORMS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("CAT",), r"(?:Anti-?)?Torture\s+Convention"),
    (("ICMW",), r"Migrant\s+Workers['’]?\s+Convention"),
    (("CRC",), r"(?:Child\s+Rights|Children['’]s(?:\s+Rights)?)\s+Convention"),
    (("CRPD",), r"Disabilit(?:y|ies)\s+Convention"),
    (("CEDAW",), r"Women['’]s\s+Convention"),
    (("CPED",), r"Enforced\s+Disappearances?\s+Convention"),
    (
        ("ICCPR", "ICESCR"),
        r"(?:two|both)\s+(?:(?:International|UN)\s+)?Covenants\b"
        r"|(?-i:International\s+Covenants)\b(?!\s+on\s+(?:Civil|Economic))",
    ),
    (("ICCPR",), r"International\s+(?:on\s+)?Civil\s+and\s+Political\s+Rights"),
)

_ORDINALS = {
    "first": 1,
    "1st": 1,
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "1": 1,
    "2": 2,
    "3": 3,
}
_OPTIONAL_PROTOCOL = (
    r"(?:(?P<ordinal>first|second|third|1st|2nd|3rd)\s+)?"
    r"(?:Optional\s+Protocols?|Protocols?(?=\s+(?:to|of)\s+(?:the\s+)?(?:UN\s+)?"
    r"(?:International\s+)?(?:Convention|Covenant)))"
    r"(?P<numbers>\s+(?:No\.?\s*)?[123](?:\s*(?:,|and|&)\s*[123])*(?![\w.]))?"
)
_OP_ABBREVIATION = r"(?-i:OPs|OP(?P<op_number>[123])?)(?![\w-])"

# Subjects naming a protocol: (code, pattern, needs a lead word, needs a named parent).
_SUBJECTS: tuple[tuple[str, str, bool, bool], ...] = (
    (
        "OP-CRC-AC",
        r"(?:involvement|use|participation|recruitment)\s+of\s+children\s+in\s+armed\s+conflicts?",
        True,
        False,
    ),
    ("OP-CRC-AC", r"children\s+(?:in|and)\s+armed\s+conflicts?", True, False),
    ("OP-CRC-SC", r"sale\s+of\s+children", True, False),
    ("OP-CRC-SC", r"child\s+(?:prostitution|pornography)", False, False),
    ("OP-CRC-IC", r"communications?\s+procedures?", True, False),
    (
        "OP-CRC-IC",
        r"individual\s+(?:complaints?|communications?|petitions?|grievances?)",
        False,
        True,
    ),
    (
        "ICCPR-OP2",
        r"aim(?:ing|ed)?\s+at\s+(?:the\s+)?abolish\w*|abolition\s+of\s+the\s+death\s+penalty",
        False,
        False,
    ),
)
_SUBJECT_CODES: tuple[tuple[str, bool], ...] = tuple((c, p) for c, _, _, p in _SUBJECTS)
_SUBJECT_LEAD = (
    r"(?:on|concerning|relating\s+to|related\s+to|regarding|aim(?:ing|ed)\s+at|to\s+abolish)\b"
)

_RATIFY_WORDS = (
    r"ratif\w*|acced\w*|accession\w*|adher\w*|adhesion|sign\w*|join\w*|becom\w*\s+(?:a\s+)?part"
    r"\w*|party|parties|re-?accession|reaccede"
)
_OTHER_VERBS = (
    r"implement\w*|harmoni[sz]\w*|compl\w*|withdr[ae]w\w*|lift\w*|incorporat\w*|align\w*"
    r"|bring\w*|respect\w*|review\w*|report\w*|submit\w*|cooperat\w*|domesticat\w*|fulfil\w*"
    r"|apply\w*|adopt\w*|enact\w*|amend\w*|ensur\w*|conform\w*|line\s+with|accordance"
    r"|provisions|obligations|under|recogni[sz]\w*|reservations?|declarations?|article"
)


def _alternation() -> str:
    parts: list[str] = []
    for i, (_, pattern) in enumerate(_NON_CORE):
        parts.append(rf"(?P<noncore{i}>(?i:{pattern}))")
    parts.append(rf"(?P<committee>(?i:{_COMMITTEE}))")
    for i, (_, pattern) in enumerate(_PROTOCOL_ABBREVIATIONS):
        parts.append(rf"(?P<proto{i}>(?<![\w-])(?:{pattern})(?![\w]))")
    parts.append(rf"(?P<op>\b(?i:{_OPTIONAL_PROTOCOL})\b|(?<![\w-]){_OP_ABBREVIATION})")
    for i, (_, pattern) in enumerate(_SHORT_FORMS):
        parts.append(rf"(?P<short{i}>\b(?i:{pattern}))")
    keyword = "|".join(rf"(?P<kw{i}>{k})" for i, (_, k) in enumerate(_KEYWORDS))
    parts.append(rf"(?P<name>\b(?i:{_HEAD}{_GAP}\s+(?:{keyword})))")
    for i, (_, pattern) in enumerate(_CORE_ABBREVIATIONS):
        parts.append(rf"(?P<abbr{i}>(?<![\w-])(?:{pattern})(?![\w])(?!\s+Committee))")
    return "|".join(parts)


@cache
def _scanner() -> re.Pattern[str]:
    # Every instrument name starts a word: testing that first lets the engine
    # skip positions inside words without trying each alternative there.
    return re.compile(rf"(?<!\w)(?:{_alternation()})")


_SUBJECT_RE = re.compile(
    "|".join(
        rf"(?P<s{i}>{_SUBJECT_LEAD}\s+(?:the\s+|a\s+)?(?:{pattern}))"
        if lead
        else rf"(?P<s{i}>{pattern})"
        for i, (_, pattern, lead, _) in enumerate(_SUBJECTS)
    ),
    re.IGNORECASE,
)
# Between "Optional Protocol" and its parent: "to the", "of", "(OP-CAT) to".
_CONNECTOR = re.compile(
    r"\s*(?:[\(\[][\w\s-]{1,15}[\)\]]\s*)?(?:of\s+(?:\d{4}|19\d\d)\s+)?"
    r"(?:(?:to|of|on|under|for)\s+(?:(?:the|both)\s+)*|the\s+)",
    re.IGNORECASE,
)
# "the Optional Protocol to the Convention": the treaty named just before.
_ANAPHORA = re.compile(
    r"\s*(?:to|of)\s+(?:the\s+|this\s+|that\s+)?(?:said\s+)?(?:Convention|Covenant)\b", re.I
)
_THERETO = re.compile(r"\s*(?:thereto|to\s+(?:it|them|these|those)\b)", re.IGNORECASE)
_LIST_SEPARATOR = re.compile(
    r"\s*(?:,\s*(?:and\s+|as\s+well\s+as\s+)?|and\s+|as\s+well\s+as\s+)(?:the\s+)?",
    re.IGNORECASE,
)
_ADJACENT = re.compile(
    r"\s*(?:,\s*)?(?:and|as\s+well\s+as|plus|together\s+with|with)?\s*"
    r"(?:(?:the|its|their)\s*)*(?:(?:respective|corresponding|relevant)\s+)?"
    r"(?:(?:two|both|three|all)\s+)?",
    re.IGNORECASE,
)
_POSSESSIVE = re.compile(
    r"\b(?:its|their|respective|thereto)\b\s*(?:the\s+)?(?:(?:respective|corresponding|relevant)\s+)?"
    r"(?:(?:two|both|three|all|first|second|third)\s+)?$",
    re.IGNORECASE,
)
_PLURAL_OWNER = re.compile(r"\btheir\b|\brespective\b|\bcorresponding\b", re.IGNORECASE)
_QUANTITY = re.compile(
    r"\b(?P<q>two|both|three|all)\s+(?:of\s+the\s+|the\s+|its\s+|their\s+)?$", re.IGNORECASE
)
# An abbreviation restating the name just before it: "... Child (CRC)", "... Punishment OP-CAT".
_RESTATEMENT = re.compile(r"\s*[\(\[]?\s*")
_CLOSING = re.compile(r"\s*[\)\]]")
_DEATH_PENALTY = re.compile(r"death\s+penalty", re.IGNORECASE)
# Where one request ends and the next begins: "(Belgium);", "; Ratify", ". Ensure".
_CLAUSE_BREAK = re.compile(r"\)\s*[;.]|[;:.]\s*(?=[A-Z])|\(\w[\w .'’,-]*\)\s*(?=[A-Z])")
# Verbs joined by "and"/"or"/",": "ratify and implement CAT" asks to ratify it.
_VERB_JOIN = re.compile(r"\s*(?:,|and|or|and/or|and-or|/|-)?\s*(?:fully\s+|effectively\s+)?")
_RATIFY_RE = re.compile(rf"\b(?:{_RATIFY_WORDS})\b", re.IGNORECASE)
_VERB_RE = re.compile(rf"\b(?:{_RATIFY_WORDS}|{_OTHER_VERBS})\b", re.IGNORECASE)


# -- public API ------------------------------------------------------------------


@attrs.frozen
class Mention:
    """One instrument named in a text.

    ``instrument`` is a :mod:`upr.treaties` code when ``core`` is true,
    otherwise the name of a non-core instrument (``"Rome Statute"``).
    ``start``/``end`` locate the words that name it (for a protocol named
    through its parent, the words "Optional Protocol"); ``ratification`` is
    true when the nearest verb before it asks to ratify, accede to, sign or
    join it ("consider ratifying", "accession to", "become a party to").
    """

    instrument: str
    core: bool
    start: int
    end: int
    text: str
    ratification: bool = False


@attrs.define
class _Atom:
    kind: str  # "core" | "proto" | "op" | "committee" | "noncore"
    codes: tuple[str, ...]
    start: int
    end: int
    ordinals: frozenset[int] = frozenset()
    every: bool = False
    plural: bool = False
    quantity: str | None = None
    consumed: bool = False


def _atoms(text: str) -> list[_Atom]:
    atoms: list[_Atom] = []
    for match in _scanner().finditer(text):
        group = match.lastgroup or ""
        start, end = match.span()
        if group.startswith("noncore"):
            atoms.append(_Atom("noncore", (_NON_CORE[int(group[7:])][0],), start, end))
        elif group == "committee":
            atoms.append(_Atom("committee", (), start, end))
        elif group.startswith("proto"):
            atoms.append(_Atom("proto", (_PROTOCOL_ABBREVIATIONS[int(group[5:])][0],), start, end))
        elif group == "op":
            atoms.append(_op_atom(match, text))
        elif group.startswith("short"):
            atoms.append(_Atom("core", _SHORT_FORMS[int(group[5:])][0], start, end))
        elif group == "name":
            index = next(i for i in range(len(_KEYWORDS)) if match.group(f"kw{i}") is not None)
            atoms.append(_Atom("core", (_KEYWORDS[index][0],), start, end))
        elif group.startswith("abbr"):
            atoms.append(_Atom("core", (_CORE_ABBREVIATIONS[int(group[4:])][0],), start, end))
    return _merge_abbreviations(atoms, text)


def _merge_abbreviations(atoms: list[_Atom], text: str) -> list[_Atom]:
    """Fold an abbreviation that restates the name before it into that name.

    "Convention on the Rights of the Child (CRC)", "... Punishment OP-CAT",
    "Committee on Enforced Disappearances (CPED)": one mention, not two.
    """
    merged: list[_Atom] = []
    for atom in atoms:
        if merged and atom.kind in ("core", "proto"):
            previous = merged[-1]
            gap = text[previous.end : atom.start]
            same = previous.kind == "committee" or (
                previous.kind == atom.kind and set(atom.codes) <= set(previous.codes)
            )
            if same and _RESTATEMENT.fullmatch(gap):
                closing = _CLOSING.match(text, atom.end)
                previous.end = closing.end() if closing else atom.end
                continue
        merged.append(atom)
    return merged


def _op_atom(match: re.Match[str], text: str) -> _Atom:
    words = match.group(0)
    ordinals: set[int] = set()
    for name in ("ordinal", "op_number"):
        value = match.group(name)
        if value:
            ordinals.add(_ORDINALS[value.lower()])
    numbers = match.group("numbers")
    if numbers:
        ordinals.update(int(n) for n in re.findall(r"\d", numbers))
    plural = bool(re.search(r"Protocols\b|OPs\b", words, re.IGNORECASE)) or len(ordinals) > 1
    found = _QUANTITY.search(text, max(0, match.start() - 20), match.start())
    quantity = None
    every = False
    if found is not None and found.end() == match.start():
        quantity = found.group("q").lower()
        plural = True
        every = quantity in ("three", "all")
    return _Atom("op", (), match.start(), match.end(), frozenset(ordinals), every, plural, quantity)


def _group_before(atoms: list[_Atom], index: int, text: str) -> list[_Atom]:
    """The coordinated list of core atoms ending just before ``atoms[index]``, nearest first."""
    j = index - 1
    while j >= 0 and atoms[j].kind != "core":
        j -= 1
    if j < 0:
        return []
    group = [atoms[j]]
    while j > 0:
        previous = atoms[j - 1]
        if previous.kind != "core" or not _LIST_SEPARATOR.fullmatch(
            text[previous.end : atoms[j].start]
        ):
            break
        group.append(previous)
        j -= 1
    return group


def _subjects(text: str, start: int, stop: int, parents: set[str]) -> list[str]:
    """Protocols named by subject between ``start`` and ``stop``, consistent with the parents."""
    out: list[str] = []
    for match in _SUBJECT_RE.finditer(text, start, stop):
        code, needs_parent = _SUBJECT_CODES[int((match.lastgroup or "s0")[1:])]
        owner = treaties.get(code).parent
        if (parents and owner not in parents) or (needs_parent and not parents):
            continue
        out.append(code)
    return out


def _protocols_of(parent: str, op: _Atom) -> tuple[str, ...] | None:
    """Codes of the protocols meant by "(ordinal) Optional Protocol(s) to <parent>".

    ``None`` when the parent has no optional protocol; empty when it has
    several and the words do not say which (a singular "Optional Protocol to
    the CRC").
    """
    own = tuple(t.code for t in treaties.protocols() if t.parent == parent)
    if not own:
        return None
    if len(own) == 1:
        return own
    numbered = dict(enumerate(own, start=1))  # ICCPR: OP1, OP2; CRC: AC, SC, IC
    if op.every:
        return own
    if op.ordinals:
        return tuple(numbered[n] for n in sorted(op.ordinals) if n in numbered)
    if parent == "ICCPR":
        return own if op.plural else own[:1]
    return own[:2] if op.plural else ()


def _resolve(text: str, atoms: list[_Atom]) -> list[tuple[str, _Atom]]:
    """Codes and the atom naming them, after reading protocol phrases."""
    found: list[tuple[str, _Atom]] = []
    by_start = {a.start: i for i, a in enumerate(atoms)}
    for index, atom in enumerate(atoms):
        if atom.kind != "op":
            continue
        parents: list[_Atom] = []
        explicit = False
        connector = _CONNECTOR.match(text, atom.end)
        if connector is not None and connector.end() in by_start:
            first = by_start[connector.end()]
            if atoms[first].kind == "core":
                explicit = True
                parents = [atoms[first], *_listed_after(atoms, first, text, atom)]
        if explicit:
            for parent in parents:
                parent.consumed = True
            after = parents[-1].end
        else:
            parents = _implicit_parents(atoms, index, text)
            after = atom.end
            anaphora = _ANAPHORA.match(text, atom.end)
            if anaphora is not None and not parents:
                group = _group_before(atoms, index, text)
                parents = group[:1]
                after = anaphora.end()
        stop = next((a.start for a in atoms if a.start >= after), len(text))
        parent_codes = {code for parent in parents for code in parent.codes}
        codes = _subjects(text, atom.end, min(stop, after + 250), parent_codes)
        if not codes and 2 in atom.ordinals and not parents and _DEATH_PENALTY.search(text):
            codes = ["ICCPR-OP2"]
        if not codes:
            for parent in parents:
                for code in parent.codes:
                    protocols = _protocols_of(code, atom)
                    if protocols is None:
                        if explicit:  # "Optional Protocols to CEDAW, CRPD and CED": CED itself
                            found.append((code, parent))
                    else:
                        codes.extend(protocols)
        found.extend((code, atom) for code in codes)
    for atom in atoms:
        if atom.kind in ("core", "proto") and not atom.consumed:
            found.extend((code, atom) for code in atom.codes)
    return found


def _listed_after(atoms: list[_Atom], first: int, text: str, op: _Atom) -> list[_Atom]:
    """Further parents of a plural protocol phrase: "Protocols to A, B and C"."""
    if not op.plural or op.ordinals or op.every:
        return []
    if op.quantity in ("two", "both") and atoms[first].codes[0] in ("ICCPR", "CRC"):
        return []  # "the two Optional Protocols to the CRC and CEDAW ...": the CRC's two
    listed: list[_Atom] = []
    j = first
    while j + 1 < len(atoms):
        candidate = atoms[j + 1]
        if candidate.kind != "core" or not _LIST_SEPARATOR.fullmatch(
            text[atoms[j].end : candidate.start]
        ):
            break
        if j + 2 < len(atoms) and atoms[j + 2].kind == "op":
            between = text[candidate.end : atoms[j + 2].start]
            if _POSSESSIVE.search(between) or _ADJACENT.fullmatch(between):
                break  # "... and CEDAW and its Optional Protocol": CEDAW stands alone
        listed.append(candidate)
        j += 1
    return listed


def _implicit_parents(atoms: list[_Atom], index: int, text: str) -> list[_Atom]:
    """Parents of "its Optional Protocol", "the Optional Protocol thereto", "X and the OP"."""
    op = atoms[index]
    group = _group_before(atoms, index, text)
    if not group:
        return []
    nearest = group[0]
    gap = text[nearest.end : op.start]
    thereto = _THERETO.match(text, op.end) is not None
    possessive = _POSSESSIVE.search(text, 0, op.start) is not None
    adjacent = _ADJACENT.fullmatch(gap) is not None and atoms[index - 1] is nearest
    if not (possessive or thereto or adjacent):
        return []
    if _PLURAL_OWNER.search(gap) or (op.plural and thereto and len(group) > 1 and adjacent):
        return group
    return [nearest]


def _ratification(text: str, position: int) -> bool:
    clause_start = 0
    for brk in _CLAUSE_BREAK.finditer(text, 0, position):
        clause_start = brk.end()
    verbs = list(_VERB_RE.finditer(text, clause_start, position))
    index = len(verbs) - 1
    while index >= 0:
        if _RATIFY_RE.fullmatch(verbs[index].group(0)):
            return True
        if index == 0 or not _VERB_JOIN.fullmatch(
            text, verbs[index - 1].end(), verbs[index].start()
        ):
            return False
        index -= 1
    return False


# Texts without any of these cannot name an instrument: most texts are skipped at once.
_TRIGGER = re.compile(
    r"(?i:conven|covenant|protocol|statute|privileges|committee|hague|geneva|ilo\b|civil\s+and\s+pol)"
    r"|CAT|CCPR|CESC?R|ICESR|CEDAW|CRC|C[PR][PR]D|CMW|RMW|CMRW|CED|PED|CERD|OP|APIC"
)


@attrs.frozen
class Analysis:
    """What :func:`analyse` finds in one text: the mentions and the spans naming instruments."""

    mentions: tuple[Mention, ...]
    spans: tuple[tuple[int, int], ...]


def analyse(text: str) -> Analysis:
    """Mentions (:func:`find`) and instrument spans (:func:`instrument_spans`) in one pass."""
    if _TRIGGER.search(text) is None:
        return Analysis((), ())
    atoms = _atoms(text)
    spans = tuple((a.start, a.end) for a in atoms if a.kind != "committee")
    found: list[tuple[str, bool, _Atom]] = [
        (code, True, atom) for code, atom in _resolve(text, atoms)
    ]
    found.extend((atom.codes[0], False, atom) for atom in atoms if atom.kind == "noncore")
    out = [
        Mention(
            name,
            core,
            atom.start,
            atom.end,
            text[atom.start : atom.end],
            _ratification(text, atom.start),
        )
        for name, core, atom in found
    ]
    out.sort(key=lambda m: (m.start, m.instrument))
    return Analysis(tuple(out), spans)


def find(text: str) -> tuple[Mention, ...]:
    """Every instrument named in ``text``, in order of appearance.

    A treaty named twice gives two mentions; non-core instruments are included
    with ``core=False``. See the module docstring for the rules.
    """
    return analyse(text).mentions


_ORDER = {code: i for i, code in enumerate(treaties.codes())}


def sort_codes(codes: Iterable[str]) -> tuple[str, ...]:
    """Treaty codes without repeats, in the order of :func:`upr.treaties.codes`."""
    return tuple(sorted(set(codes), key=lambda c: _ORDER.get(c, len(_ORDER))))


def detect(text: str) -> tuple[str, ...]:
    """Codes of the core treaties and protocols ``text`` names.

    In the order of :func:`upr.treaties.codes`.

    >>> detect("Accede to CAT in a timely manner (Australia, Sweden)")
    ('CAT',)
    >>> detect("Ratify the Second Optional Protocol to ICCPR (Portugal, Uruguay)")
    ('ICCPR-OP2',)
    """
    return sort_codes(m.instrument for m in find(text) if m.core)


def to_ratify(text: str) -> tuple[str, ...]:
    """Codes of the treaties ``text`` asks to ratify, accede to, sign or join.

    >>> to_ratify("Withdraw its reservations to CEDAW and ratify its Optional Protocol")
    ('OP-CEDAW',)
    """
    return sort_codes(m.instrument for m in find(text) if m.core and m.ratification)


def non_core(text: str) -> tuple[str, ...]:
    """Names of the instruments other than the 18 core ones that ``text`` names.

    These are reported, never linked to a treaty: ``"Rome Statute"``,
    ``"ILO convention"``, ``"Refugee Convention"``, ``"regional convention"``, ...
    """
    return tuple(dict.fromkeys(m.instrument for m in find(text) if not m.core))


def instrument_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Where ``text`` names instruments: every name, abbreviation and protocol phrase.

    Includes the parent named in "Optional Protocol to X" and non-core
    instruments, not committees. Used to mask treaty names before comparing
    texts (:mod:`upr.analysis.similarity`), so that "CAT" and "the Convention
    against Torture and Other Cruel, Inhuman or Degrading Treatment" weigh alike.
    """
    return analyse(text).spans


def asks_ratification(text: str) -> bool:
    """True when the text uses ratification words at all (ratify, accede, sign, join, ...)."""
    return _RATIFY_RE.search(text) is not None


__all__ = [
    "Analysis",
    "Mention",
    "analyse",
    "asks_ratification",
    "detect",
    "find",
    "instrument_spans",
    "non_core",
    "sort_codes",
    "to_ratify",
]
