"""Parsing the text of a Report of the UPR Working Group (no file I/O, no records).

Shared by the ``wg-report-txt`` and ``wg-report-pdf`` importers
(:mod:`upr_plugins.wgreport`). :func:`parse_report` takes the text of one report
and returns what it says: the document symbol, the State under review, the
Working Group and Human Rights Council sessions, the dates, and every
recommendation paragraph of the section "Conclusions and/or recommendations"
with its recommending States and the response group it was listed in.

Layouts met in the reports (cycles I-IV):

* cycle II-IV: a group paragraph (``143. The following recommendations will be
  examined by Viet Nam ...``) followed by sub-paragraphs ``143.1.`` or ``143.1``
  (several on one line, or one paragraph over several indented lines);
* cycle I: a group paragraph followed by items numbered ``1.``, ``2.``, ... ;
  they are given the paragraph number ``<group>.<item>`` (``96.12``), the way
  the later reports number them;
* the recommending States close each recommendation in parenthesised groups,
  one or several per paragraph (``Ratify CAT (Gabon, Mali, Slovakia); Accede to
  CAT (Togo)``, ``(Algeria) (Cabo Verde)``), with names that contain
  parentheses (``Venezuela (Bolivarian Republic of)``), commas missing
  (``United Kingdom France``) or, in PDF text, semicolons extracted as ``/``.

Page headers and footers (``GE.14-12910``, ``*1412910*``, ``A/HRC/8/27 Page
15``, page numbers), the footnote "The conclusions and recommendations have not
been edited" and footnotes quoting a recommendation "as read during the
interactive dialogue" (with their markers, ``(Egypt)2;``) are removed before
paragraphs are read; line breaks inside a paragraph are joined.

Numbering is read in sequence, so a number inside a recommendation ("ILO
Convention No. 144.") is not taken for a paragraph. Misprints found in the
reports are absorbed: a sub-paragraph whose group number is wrong (``128.12``
between ``129.11`` and ``129.13`` is read as ``129.12``), a garbled number
(``118.09`` after ``118.108``, kept as printed) and gaps (``114.1`` then
``114.5``). A response may also come from a later paragraph: "The response
of Azerbaijan to these recommendations will be included ..." (pending),
"X considers that recommendations 77.13, 77.43 ... have already been
implemented" (those paragraphs), "The recommendations listed above enjoy the
support of Ghana".

Cycle I reports sometimes list recommendations only by their paragraph in the
interactive dialogue ("The recommendations noted in the report in paragraphs
27 (b), (c), 31 ... above did not enjoy the support of China"). Each reference
becomes a paragraph numbered ``27(b)`` whose text is item (b) of dialogue
paragraph 27 (up to the next item or the end of its sentence; when the
paragraph prints no letters, its n-th sentence that recommends; without a
letter, the sentences that recommend) and whose recommending State is the
speaker of that paragraph.
"""

from __future__ import annotations

import bisect
import datetime as dt
import enum
import functools
import re
from collections.abc import Callable

import attrs

from upr import states
from upr.errors import DataError, Location

# -- small helpers -------------------------------------------------------------

_UNITS: dict[str, int] = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "thirtieth": 30,
    "fortieth": 40,
    "fiftieth": 50,
    "sixtieth": 60,
    "seventieth": 70,
}
_TENS: dict[str, int] = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60}
_NUMERIC_ORDINAL = re.compile(r"(\d{1,3})(?:st|nd|rd|th)")


def ordinal(words: str) -> int | None:
    """The number an English ordinal names: ``"twenty-sixth"`` -> 26, ``"18th"`` -> 18.

    ``None`` for anything else.
    """
    parts = words.lower().replace("-", " ").split()
    if len(parts) == 1:
        numeric = _NUMERIC_ORDINAL.fullmatch(parts[0])
        if numeric:
            return int(numeric.group(1))
        return _UNITS.get(parts[0])
    if len(parts) == 2 and parts[0] in _TENS and _UNITS.get(parts[1], 10) < 10:
        return _TENS[parts[0]] + _UNITS[parts[1]]
    return None


_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_DATE = r"(\d{1,2})\s+(January|February|March|April|May|June|July|August|September|October|November|December)\s+(\d{4})"  # noqa: E501


def _date(day: str, month: str, year: str) -> dt.date | None:
    try:
        return dt.date(int(year), _MONTHS.index(month.lower()) + 1, int(day))
    except ValueError:
        return None


def squash(text: str) -> str:
    """One-line form of a paragraph: a word hyphenated at a line end is joined,
    every run of white space becomes one space."""
    text = re.sub(r"(?<=[A-Za-z]-)[ \t]*\n\s*(?=[a-z])", "", text)
    return re.sub(r"\s+", " ", text).strip()


# -- decoding --------------------------------------------------------------------

# Bytes that Mac Roman uses for dashes and quotes (0xD0-0xD5) and those that
# Windows-1252 uses for them (0x91-0x97).
_MAC_PUNCTUATION = frozenset(range(0xD0, 0xD6))
_CP1252_PUNCTUATION = frozenset(range(0x91, 0x98))


def decode(data: bytes) -> tuple[str, str]:
    """Text of a report and the encoding used: UTF-8 when the bytes are valid
    UTF-8, otherwise Mac Roman or Windows-1252, whichever the punctuation bytes
    point to (the shipped text reports are Mac Roman: ``0xD5`` is the right
    quote in ``C\\x99te d\\xd5Ivoire``)."""
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    mac = sum(1 for b in data if b in _MAC_PUNCTUATION)
    windows = sum(1 for b in data if b in _CP1252_PUNCTUATION)
    if windows > mac:
        return data.decode("cp1252", errors="replace"), "cp1252"
    return data.decode("mac_roman"), "mac_roman"


# -- page furniture ------------------------------------------------------------------

_INLINE_NOISE = re.compile(
    r"GE\.\s?\d{2}-\d{3,6}(?:\s*\(E\))?(?:\s+\d{6}){0,2}|\*\d{6,8}\*"
    r"|[*\u2217]{1,3}\s*(?:The\s+)?conclusions\s+and\s+recommendations\s+"
    r"(?:have\s+not\s+been|will\s+not\s+be|were\s+not)\s+edited\.?",
    re.IGNORECASE,
)
_NOISE_LINE = re.compile(
    r"(?:A/HRC/\d+/\d+(?:/Add\.\d+)?\*?)?\s*(?:Page\s+)?\d{0,3}"
    r"|(?:\d{1,3}\s+)?GE\.\s?\d{2}-.*"
    r"|[*\u2217]+"
    r"|[*\u2217]{0,3}\s*(?:The\s+)?conclusions\s+and\s+recommendations\s+"
    r"(?:have\s+not\s+been|will\s+not\s+be|were\s+not)\s+edited\.?",
    re.IGNORECASE,
)
_LINE_BREAK = re.compile(r"\r\n|\r|\n|\f|\v|\x1c|\x1d|\x1e|\x85|\u2028|\u2029")


@attrs.frozen
class _Clean:
    """The text with page furniture blanked, one ``\\n`` per source line."""

    text: str
    line_starts: tuple[int, ...]

    def line(self, offset: int) -> int:
        """1-based source line of an offset."""
        return bisect.bisect_right(self.line_starts, offset)


_FOOTNOTE = re.compile(
    r"\d{1,2}\s+(?:The\s+)?(?:original\s+)?recommendations?\s+(?:as\s+(?:read|delivered|made|formulated)"
    r"|originally|made\s+in|read\s)",
    re.IGNORECASE,
)
_STARTS_WITH_MARKER = re.compile(r"\s*\d{1,3}\.(?:\d{1,3}\.?)?\s")


def _quote_balance(line: str) -> int:
    return line.count("\u201c") - line.count("\u201d")


def _clean(text: str, *, blocks: bool = False) -> _Clean:
    """Blank page furniture and footnotes giving the wording "as read during the
    interactive dialogue" (a footnote cut by a page break loses its tail, the
    line closing its quotation, further down). ``blocks``: a footnote runs on
    to the next blank line (PDF layout text, where footnotes sit at the foot of
    the page)."""
    lines = _LINE_BREAK.split(text)
    kept: list[str] = []
    starts: list[int] = []
    offset = 0
    in_footnote = False
    open_tail = 0  # lines left in which to look for the tail of a cut footnote
    for source_line in lines:
        line = _INLINE_NOISE.sub(" ", source_line)
        stripped = line.strip()
        if _NOISE_LINE.fullmatch(stripped):
            line = ""
        elif _FOOTNOTE.match(stripped):
            in_footnote = blocks or _quote_balance(stripped) > 0
            open_tail = 40 if in_footnote else 0
            line = ""
        elif in_footnote and stripped and not _STARTS_WITH_MARKER.match(line):
            in_footnote = blocks or (_quote_balance(stripped) >= 0 and "\u201d" not in stripped)
            open_tail = 40 if in_footnote else 0
            line = ""
        elif open_tail and _quote_balance(stripped) < 0 and not _STARTS_WITH_MARKER.match(line):
            open_tail = 0
            line = ""
        else:
            in_footnote = False
            open_tail = max(open_tail - 1, 0)
        starts.append(offset)
        kept.append(line)
        offset += len(line) + 1
    return _Clean("\n".join(kept), tuple(starts))


# -- state names -----------------------------------------------------------------------


@functools.cache
def _state_keys() -> frozenset[str]:
    """Lookup keys of every name :func:`upr.states.resolve` knows (codes excluded)."""
    keys: set[str] = set()
    for state in states.all():
        for name in (state.short_name, state.formal_name, *state.aliases):
            keys.add(states.lookup_key(name))
    return frozenset(keys)


_NAME_TRIM = " \t\n.,;:*\"'“”‘’0123456789"


@functools.lru_cache(maxsize=8192)
def resolve_name(name: str) -> str | None:
    """ISO code of a State *name* (never a bare code: ``"NA"`` or ``"CAR"`` in a
    report are not Namibia or the Central African Republic), or ``None``."""
    cleaned = name.strip(_NAME_TRIM)
    if cleaned.lower().startswith("and "):
        cleaned = cleaned[4:].strip(_NAME_TRIM)
    if not cleaned or states.lookup_key(cleaned) not in _state_keys():
        return None
    return states.resolve(cleaned.lower() if cleaned.isupper() else cleaned).code


def _split_top(text: str, separators: str) -> list[str]:
    """Split at separators that are not inside parentheses."""
    parts: list[str] = []
    depth = 0
    current: list[str] = []
    for char in text:
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(depth - 1, 0)
        if depth == 0 and char in separators:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


@functools.lru_cache(maxsize=8192)
def resolve_part(part: str) -> tuple[str, ...] | None:
    """The States one comma-separated piece of a group names, or ``None``.

    A piece is one name (``"Trinidad and Tobago"``), several joined by "and"
    (``"Azerbaijan and Jordan"``) or run together without their comma
    (``"United Kingdom France"``); a name split by a stray space in extracted
    PDF text (``"Azerbai jan"``) is also found. The split with fewest names wins.
    """
    whole = resolve_name(part)
    if whole is not None:
        return (whole,)
    tokens = part.split()
    if len(tokens) < 2 or len(tokens) > 16:
        return None
    best: list[tuple[str, ...] | None] = [None] * (len(tokens) + 1)
    best[0] = ()
    for end in range(1, len(tokens) + 1):
        for start in range(max(0, end - 9), end):
            before = best[start]
            if before is None:
                continue
            segment = tokens[start:end]
            if segment[0].lower() in ("and", "&"):
                segment = segment[1:]
            if not segment:
                continue
            code = resolve_name(" ".join(segment))
            if code is None and 1 < len(segment) <= 3:
                code = resolve_name("".join(segment))
            if code is None:
                continue
            candidate = (*before, code)
            found = best[end]
            if found is None or len(candidate) < len(found):
                best[end] = candidate
    return best[-1]


@attrs.frozen
class GroupReading:
    """What one parenthesised group names: the States found and the pieces that
    are not States."""

    codes: tuple[str, ...]
    unknown: tuple[str, ...]

    @property
    def is_states(self) -> bool:
        """Every piece is a State."""
        return bool(self.codes) and not self.unknown

    @property
    def is_broken(self) -> bool:
        """Some pieces are States, others are not: a spelling that does not resolve."""
        return bool(self.codes) and bool(self.unknown)


def read_group(content: str) -> GroupReading:
    """Read the inside of a parenthesised group as a list of recommending States."""
    whole = resolve_name(content)
    if whole is not None:
        return GroupReading((whole,), ())
    codes: list[str] = []
    unknown: list[str] = []
    previous: tuple[str, tuple[str, ...]] | None = None
    for raw in _split_top(content, ",;/"):
        piece = raw.strip(_NAME_TRIM)
        if not piece:
            continue
        found = resolve_part(piece)
        if found is None and previous is not None:
            # an inverted name cut at its comma: "Venezuela, Bolivarian Republic of"
            joined = resolve_name(f"{previous[0]}, {piece}")
            if joined is not None:
                del codes[len(codes) - len(previous[1]) :]
                codes.append(joined)
                previous = None
                continue
        if found is None:
            unknown.append(piece)
            previous = None
        else:
            codes.extend(found)
            previous = (piece, found)
    return GroupReading(tuple(codes), tuple(unknown))


@attrs.frozen
class _Paren:
    start: int
    end: int  # index after the closing parenthesis (or the end of the text)
    content: str


def _paren_groups(text: str) -> list[_Paren]:
    """Outermost matched parenthesised groups; a last "(" left open whose rest of
    the paragraph names States (``(Iran (Islamic Republic of);``) counts too."""
    stack: list[int] = []
    pairs: list[tuple[int, int]] = []
    for index, char in enumerate(text):
        if char == "(":
            stack.append(index)
        elif char == ")" and stack:
            pairs.append((stack.pop(), index))
    outer: list[_Paren] = []
    for start, end in sorted(pairs):
        if outer and start < outer[-1].end:
            continue
        outer.append(_Paren(start, end + 1, text[start + 1 : end]))
    if stack:
        start = stack[-1]
        if not outer or start > outer[-1].end - 1 or start < outer[0].start:
            rest = text[start + 1 :]
            if read_group(rest).is_states:
                outer = [p for p in outer if p.start < start]
                outer.append(_Paren(start, len(text), rest))
    return outer


_FOOTNOTE_MARK = re.compile(r"\d{1,2}(?=[;.,]|\s|$)")


@attrs.frozen
class Recommenders:
    """The recommending States of one paragraph, or why none could be read.

    ``text`` is the paragraph with a ``/`` that PDF extraction left in place of
    the ``;`` after a group of States put back.
    """

    codes: tuple[str, ...]
    text: str
    problem: str | None = None


def recommenders(text: str) -> Recommenders:
    """Find the parenthesised groups of States in one recommendation paragraph."""
    codes: list[str] = []
    others: list[str] = []
    broken: list[tuple[str, GroupReading]] = []
    fixed = list(text)
    for group in _paren_groups(text):
        reading = read_group(group.content)
        if reading.is_states:
            codes.extend(reading.codes)
            after = group.end
            marker = _FOOTNOTE_MARK.match(text, after)
            if marker:  # "(Egypt)2;": a footnote number
                for index in range(after, marker.end()):
                    fixed[index] = ""
                after = marker.end()
            while after < len(text) and text[after] in " \t":
                after += 1
            if after < len(text) and text[after] == "/":
                fixed[after] = ";"
        elif reading.is_broken:
            broken.append((group.content, reading))
        else:
            others.append(group.content)
    out = "".join(fixed)
    if broken:
        content, reading = broken[0]
        names = ", ".join(repr(u) for u in reading.unknown)
        return Recommenders(
            tuple(codes),
            out,
            f"recommending State(s) {names} in '({squash(content)})' do not resolve to a State",
        )
    if not codes:
        seen = "; ".join(f"({squash(o)[:60]})" for o in others[-3:])
        tail = f" (parenthesised text found: {seen})" if seen else ""
        return Recommenders(
            (), out, f"no parenthesised group of recommending States in the paragraph{tail}"
        )
    return Recommenders(tuple(dict.fromkeys(codes)), out)


# -- responses ------------------------------------------------------------------------


class Disposition(enum.Enum):
    """The response group a recommendation is listed in.

    ``value`` is the label :meth:`upr.Response.parse` maps to the canonical
    response (an "already implemented" group is supported).
    """

    SUPPORTED = "enjoy the support of"
    IMPLEMENTED = "already implemented"
    PENDING = "will be examined"
    NOTED = "did not enjoy the support of"


class Listing(enum.Enum):
    """A numbered list that is not a list of recommendations (the State's
    comments, voluntary commitments)."""

    NOT_RECOMMENDATIONS = "not recommendations"


_NOT_RECOMMENDATIONS = Listing.NOT_RECOMMENDATIONS

_RE_NOTED = re.compile(
    r"\bnot\s+enjoy|\bdid\s+not\b|\bdoes\s+not\s+enjoy|\bdo\s+not\s+enjoy|\brejected\b|\brejects\b"
    r"|cannot\s+be\s+(?:accepted|supported)|\bnot\s+(?:be\s+)?(?:accepted|supported)\b"
    r"|\btakes?\s+note\s+of\s+the\s+recommendations|\bare\s+not\s+relevant\b"
)
_RE_PENDING = re.compile(
    r"will\s+(?:be\s+)?(?:further\s+)?examine|will\s+(?:be\s+)?(?:further\s+)?examined"
    r"|responses?\s+of\s+.{0,120}?\s+(?:to\s+(?:these|the\s+following)\s+recommendations\s+)?"
    r"will\s+be\s+included"
    r"|will\s+provide\s+(?:\w+\s+)?responses?|responses?\s+will\s+be\s+included|will\s+respond"
)
_RE_IMPLEMENTED = re.compile(
    r"already\s+(?:being\s+|been\s+)?implemented|process\s+of\s+(?:being\s+)?implement"
    r"|being\s+implemented"
)
_RE_SUPPORTED = re.compile(
    r"enjoys?\s+(?:the\s+|its\s+)?support|\bsupports?\b|\bagreed\b|\baccepted\b|\baccepts\b"
)
_RE_NOTED_WORD = re.compile(r"\bnoted\b")
_RE_MADE = re.compile(
    r"recommendations?\s+(?:were|was|have\s+been)\s+made|following\s+recommendations?\b"
)
_RE_NOT_RECS = re.compile(r"\b(?:comments?|voluntary|pledges?|commitments?)\b")
_RE_RANGE = re.compile(r"recommendations?\s+(\d{1,3})\s+to\s+(\d{1,3})")
_RE_EARLIER = re.compile(
    r"\bthese\s+recommendations|recommendations\s+(?:listed\s+)?above|above(?:-mentioned)?\s+"
    r"recommendations"
)
_RE_LABELS = re.compile(r"(?<![\d.])(\d{1,3}\.\d{1,3})(?![\d])")
_RE_SPACED_LABEL = re.compile(r"paragraphs?\s+(\d{1,3})\.\s(\d{1,3})(?![\d.])")
_RE_NUMBER_LIST = re.compile(
    r"(?:recommendations?\s+(?:Nos?\.\s*)?|Nos?\.\s*)((?:\d{1,3}(?:\s*,\s*|\s+and\s+))*\d{1,3})(?![\d.])"
)


def classify(intro: str) -> Disposition | Listing | None:
    """The response group an introductory paragraph announces.

    ``None`` when it lists recommendations without saying how the State
    responded (``"the following recommendations were made to Canada:"``);
    :attr:`Listing.NOT_RECOMMENDATIONS` when the numbered items that follow are
    not recommendations (the State's comments, voluntary commitments).
    """
    text = squash(intro).lower()
    if _RE_NOTED.search(text):
        return Disposition.NOTED
    if _RE_PENDING.search(text):
        return Disposition.PENDING
    if _RE_IMPLEMENTED.search(text):
        return Disposition.SUPPORTED if _RE_RANGE.search(text) else Disposition.IMPLEMENTED
    if _RE_SUPPORTED.search(text):
        return Disposition.SUPPORTED
    if _RE_NOTED_WORD.search(text):
        return Disposition.NOTED
    if _RE_MADE.search(text):
        return None
    if _RE_NOT_RECS.search(text):
        return _NOT_RECOMMENDATIONS
    return None


@attrs.frozen
class GroupResponse:
    """A response read from the report: the group it comes from, the sentence
    that announces it (``raw``) and the paragraph of that sentence."""

    disposition: Disposition
    raw: str
    paragraph: str


# -- paragraph scanning ----------------------------------------------------------------------

_HEADING = re.compile(
    r"(?:^[ \t]*|(?<=\s)[IVX]{1,4}\.[ \t]*)(?:Conclusions|CONCLUSIONS)\s+(?i:and\s*(?:/\s*or\s+)?"
    r"recommendations)[\s.*\u2217:]*?(?<![\d.])(\d{1,3})\.(?=\s)",
    re.MULTILINE,
)
_SECTION_END = re.compile(
    r"^[ \t]*(?:(?:Annex|ANNEX)[ \t]*(?:[:\[].*|Composition.*|COMPOSITION.*)?"
    r"|(?:[IVX]+\.[ \t]*)?(?:Voluntary|VOLUNTARY)[ \t]+(?i:pledges|commitments)"
    r"[^;\n]{0,60})[ \t]*$",
    re.MULTILINE,
)
_PREVIOUS_OK = frozenset(".;:)!?\"'”’]")
_BAD_PREVIOUS_WORDS = frozenset(
    {
        "no",
        "nos",
        "para",
        "paras",
        "paragraph",
        "paragraphs",
        "art",
        "article",
        "articles",
        "resolution",
        "resolutions",
        "recommendation",
        "recommendations",
        "decree",
        "decrees",
        "law",
        "laws",
        "rule",
        "rules",
        "convention",
        "conventions",
        "page",
        "pages",
        "protocol",
        "chapter",
        "section",
        "sections",
        "see",
        "number",
        "numbers",
        "act",
        "of",
        "to",
        "in",
        "by",
        "on",
        "at",
        "under",
        "from",
        "item",
        "items",
        "annex",
    }
)
_ABBREVIATIONS = frozenset({"no", "nos", "para", "paras", "art", "arts", "p", "pp"})
_LAST_WORD = re.compile(r"(?<![A-Za-z])([A-Za-z]+)\.?$")
_ANY_DOTTED = re.compile(r"(?<![\w.\-/])(\d{1,3})\.(\d{1,3})\.?(?=[ \t\n\xa0])")


@functools.lru_cache(maxsize=4096)
def _marker(label: str, dotted: bool) -> re.Pattern[str]:
    tail = r"\.?" if dotted else r"\."
    return re.compile(rf"(?<![\w.\-/]){re.escape(label)}{tail}(?=[ \t\n\xa0])")


def _context_ok(text: str, at: int) -> bool:
    line_start = text.rfind("\n", 0, at) + 1
    before = text[line_start:at]
    previous = text[max(0, at - 80) : at].rstrip()
    word = _LAST_WORD.search(previous)
    # "No. 144", "article 12": a reference; "... conventions. 72." ends a sentence
    if (
        word
        and word.group(1).lower() in _BAD_PREVIOUS_WORDS
        and (not previous.endswith(".") or word.group(1).lower() in _ABBREVIATIONS)
    ):
        return False
    if before.strip() == "":
        return True
    stripped = before.rstrip()
    return stripped[-1] in _PREVIOUS_OK


def _find(text: str, label: str, start: int, end: int, *, dotted: bool) -> re.Match[str] | None:
    pattern = _marker(label, dotted)
    for match in pattern.finditer(text, start, end):
        if _context_ok(text, match.start()):
            return match
    return None


@attrs.frozen
class _Item:
    label: str
    start: int
    body: int


@attrs.define
class _Block:
    number: int
    start: int
    body: int
    items: list[_Item] = attrs.field(factory=list)


def _chunk_has_states(text: str) -> bool:
    return bool(recommenders(squash(text)).codes)


def _misprinted(
    text: str, top: int, count: int, start: int, end: int
) -> tuple[str, int, re.Match[str]] | None:
    """The next sub-paragraph when its number is misprinted: the group number
    wrong (``128.12`` between ``129.11`` and ``129.13``: read as ``129.12``) or
    the item number garbled (``118.09`` after ``118.108``: kept as printed)."""
    for match in _ANY_DOTTED.finditer(text, start, end):
        if not _context_ok(text, match.start()):
            continue
        group, item = int(match.group(1)), match.group(2)
        if int(item) == count + 1 and abs(group - top) <= 1:
            return f"{top}.{count + 1}", count + 1, match
        if group == top:
            return f"{top}.{item}", max(int(item), count + 1), match
    return None


def _scan(text: str, first: re.Match[str], end: int) -> list[_Block]:
    """Top-level paragraphs of the section and the numbered items inside each."""
    top = int(first.group(1))
    block = _Block(top, first.start(1), first.end())
    blocks: list[_Block] = []
    pos = first.end()
    style: str | None = None
    count = 0
    known: tuple[int, int, re.Match[str] | None] | None = None  # (top, from, found)
    while True:
        if known is not None and known[0] == top and (known[2] is None or known[2].start() >= pos):
            next_top = known[2]  # still ahead: no need to search again
        else:
            next_top = _find(text, str(top + 1), pos, end, dotted=False)
            if next_top is None:
                later = _find(text, str(top + 2), pos, end, dotted=False)
                if later is not None and not _find(
                    text, str(top + 3), pos, later.start(), dotted=False
                ):
                    next_top = later
            known = (top, pos, next_top)
        limit = next_top.start() if next_top else end
        chosen: tuple[str, int, re.Match[str]] | None = None
        label: str | None = None
        if style != "plain":
            for step in (1, 2, 3):
                found = _find(text, f"{top}.{count + step}", pos, limit, dotted=True)
                if found:
                    chosen = ("dotted", count + step, found)
                    break
            if style == "dotted" and (chosen is None or chosen[1] != count + 1):
                typo = _misprinted(text, top, count, pos, chosen[2].start() if chosen else limit)
                if typo is not None:
                    label, next_count, found = typo
                    chosen = ("dotted", next_count, found)
        if style != "dotted":
            for step in (1, 2, 3):
                found = _find(text, str(count + step), pos, end, dotted=False)
                if found is None or found.start() > limit:
                    continue
                if chosen is not None and chosen[2].start() < found.start():
                    break
                if found.start() == limit and next_top is not None:
                    following = [
                        m
                        for m in (
                            _find(text, str(count + step + 1), found.end(), end, dotted=False),
                            _find(text, str(top + 2), found.end(), end, dotted=False),
                        )
                        if m is not None
                    ]
                    stop = min((m.start() for m in following), default=end)
                    if not _chunk_has_states(text[found.end() : stop]):
                        break
                chosen = ("plain", count + step, found)
                break
        if chosen is not None:
            style, count, match = chosen
            block.items.append(_Item(label or f"{top}.{count}", match.start(), match.end()))
            pos = match.end()
            continue
        blocks.append(block)
        if next_top is None:
            break
        top = int(next_top.group(0).rstrip("."))
        block = _Block(top, next_top.start(), next_top.end())
        pos = next_top.end()
        style = None
        count = 0
    return blocks


# -- the report -------------------------------------------------------------------------------


@attrs.frozen
class Paragraph:
    """One recommendation paragraph of the report.

    ``number`` is the paragraph number (``"143.12"``), ``text`` the paragraph as
    published on one line, ``states`` the ISO codes of the recommending States
    in order of appearance, ``response`` the response group (``None`` when the
    report does not say), ``problem`` why the paragraph cannot be imported.
    """

    number: str
    text: str
    line: int
    states: tuple[str, ...]
    response: GroupResponse | None
    problem: str | None = None
    problem_field: str = "recommending_states"


@attrs.frozen
class Note:
    """A top-level paragraph of the section that lists no recommendation."""

    number: str
    text: str
    line: int


@attrs.frozen
class ParsedReport:
    """Everything read from one report."""

    symbol: str | None
    state: str
    state_name: str
    session: int
    hrc_session: int | None
    date: dt.date | None
    review_date: dt.date | None
    adoption_date: dt.date | None
    documents: tuple[str, ...]
    paragraphs: tuple[Paragraph, ...]
    notes: tuple[Note, ...]
    section_line: int


_TITLE = re.compile(
    r"Report\s+of\s+the\s+Working\s+(?:Group\s+)?on\s+the\s+Universal\s*Periodic\s+Review",
    re.IGNORECASE,
)
_SYMBOL = re.compile(r"(?<![\w/.])A/HRC/(\d{1,2})/(\d{1,3})(?![\d/]|\.\d)")
_WG_SYMBOL = re.compile(r"A/HRC/WG\.6/(\d{1,2})/([A-Z]{3})/([123])\b")
_WG_SESSION = re.compile(r"held\s+its\s+((?:[a-z]+[\s-]+)?[a-z0-9]+)\s+session", re.IGNORECASE)
_HRC_SESSION = re.compile(
    r"Human\s+Rights\s+Council\s+((?:[A-Za-z]+[\s-]+)?[A-Za-z0-9]+)\s+session", re.IGNORECASE
)
_REVIEWED = re.compile(r"[Tt]he\s+review\s+of\s+(.{3,90}?)\s+was\s+held")
_REVIEW_DATE = re.compile(
    r"review\s+of\s+.{3,90}?\s+was\s+held\s+at\s+the\s+.{0,30}?meeting,?\s+(?:held\s+)?on\s+"
    + _DATE,
    re.IGNORECASE | re.DOTALL,
)
_ADOPTION_DATE = re.compile(
    r"At\s+its\s+(?:\w+\s+)?meeting,?\s+(?:held\s+)?on\s+" + _DATE + r",?\s+the\s+Working\s+Group",
    re.IGNORECASE,
)
_DOC_DATE = re.compile(_DATE, re.IGNORECASE)
_INTRO_START = re.compile(r"resolution\s+5/1", re.IGNORECASE)


def looks_like_report(text: str) -> bool:
    """True when the text is headed as a Report of the UPR Working Group."""
    return bool(_TITLE.search(text))


def heading_state(text: str) -> str | None:
    """The State named right after the report title (``"Viet Nam"`` -> ``"VNM"``),
    or ``None`` when there is no such heading (a text that only mentions the title)."""
    found = _state_under_review(_LINE_BREAK.sub("\n", text), "")
    return found[0] if found else None


def _session_word(match: re.Match[str] | None) -> int | None:
    if match is None:
        return None
    words = match.group(1)
    found = ordinal(words)
    if found is None and len(words.split()) > 1:
        found = ordinal(words.replace("-", " ").split()[-1])
    return found


def _state_under_review(head: str, text: str) -> tuple[str, str] | None:
    title = _TITLE.search(head)
    if title is not None:
        lines = head[title.end() :].split("\n")[:10]
        for line in lines:
            for segment in line.split("*"):
                name = segment.strip(" \t.,*")
                code = resolve_name(name) if name else None
                if code is not None:
                    return code, name
    reviewed = _REVIEWED.search(text) if text else None
    if reviewed is not None:
        name = squash(reviewed.group(1))
        code = resolve_name(name)
        if code is not None:
            return code, name
    return None


def parse_report(text: str, source: str, *, lines: bool = True) -> ParsedReport:
    """Read one report; ``source`` names the file in errors.

    A report without a recognisable title, State under review, session or
    recommendations section raises :class:`~upr.errors.DataError`. Paragraphs
    that cannot be read are returned with a ``problem``, never dropped.
    ``lines=False`` leaves line numbers out of error locations (PDF text).
    """
    clean = _clean(text, blocks=not lines)
    body = clean.text

    def where(offset: int | None = None, field: str | None = None) -> Location:
        """A location in this report (with its line when lines are meaningful)."""
        line = clean.line(offset) if (lines and offset is not None) else None
        return Location(source, line=line, field=field)

    if not looks_like_report(body):
        raise DataError(
            where(field="title"),
            "not a Report of the Working Group on the Universal Periodic Review (title not found)",
        )
    intro = _INTRO_START.search(body)
    head = body[: intro.start() if intro else 6000]
    raw_intro = _INTRO_START.search(text)
    raw_head = text[: raw_intro.start() if raw_intro else 6000]

    symbol_match = _SYMBOL.search(raw_head)  # page headers (the symbol alone) are blanked
    symbol = f"A/HRC/{symbol_match.group(1)}/{symbol_match.group(2)}" if symbol_match else None
    hrc_session = int(symbol_match.group(1)) if symbol_match else None
    if hrc_session is None:
        hrc_session = _session_word(_HRC_SESSION.search(head))

    found_state = _state_under_review(head, body)
    if found_state is None:
        title = _TITLE.search(body)
        shown = squash(body[title.end() : title.end() + 80]) if title else ""
        raise DataError(
            where(title.end() if title else None, "state under review"),
            f"State under review not found or not a known State (after the title: {shown!r})",
        )
    state, state_name = found_state

    session = _session_word(_WG_SESSION.search(body))
    wg_symbols = list(_WG_SYMBOL.finditer(body))
    if session is None and wg_symbols:
        session = int(wg_symbols[0].group(1))
    if session is None:
        raise DataError(
            where(field="session"),
            "Working Group session not found (no 'held its ... session' and no "
            "A/HRC/WG.6/<session>/... symbol)",
        )
    documents = tuple(dict.fromkeys(m.group(0) for m in wg_symbols if int(m.group(1)) == session))

    doc_date = _DOC_DATE.search(head)
    review_date = _REVIEW_DATE.search(body)
    adoption = _ADOPTION_DATE.search(body)

    heading = _HEADING.search(body)
    if heading is None:
        raise DataError(
            where(field="Conclusions and/or recommendations"),
            "section 'Conclusions and/or recommendations' not found (no heading followed "
            "by a numbered paragraph)",
        )
    end_match = _SECTION_END.search(body, heading.end())
    end = end_match.start() if end_match else len(body)
    blocks = _scan(body, heading, end)
    paragraphs, notes = _paragraphs(body, blocks, end, clean)
    first_section_paragraph = int(heading.group(1))
    dialogue_start = intro.start() if intro else 0
    referenced: list[Paragraph] = []
    for note in notes:
        referenced.extend(
            _referenced(
                body, clean, note, first_section_paragraph, (dialogue_start, heading.start()), state
            )
        )
    paragraphs = (*paragraphs, *referenced)
    return ParsedReport(
        symbol=symbol,
        state=state,
        state_name=state_name,
        session=session,
        hrc_session=hrc_session,
        date=_date(*doc_date.groups()) if doc_date else None,
        review_date=_date(*review_date.groups()[-3:]) if review_date else None,
        adoption_date=_date(*adoption.groups()) if adoption else None,
        documents=documents,
        paragraphs=paragraphs,
        notes=notes,
        section_line=clean.line(heading.start()),
    )


def _trim_item(text: str) -> str:
    text = re.sub(r"(?<=[;.,)])\s*\d{1,2}$", "", squash(text))
    while True:
        trimmed = re.sub(r"(?:[\s;,.]+|\s+and|\s*/)$", "", text)
        if trimmed == text:
            return text
        text = trimmed


def _paragraphs(
    body: str, blocks: list[_Block], end: int, clean: _Clean
) -> tuple[tuple[Paragraph, ...], tuple[Note, ...]]:
    items: list[Paragraph] = []
    notes: list[Note] = []
    group_of: dict[str, int] = {}
    responses: dict[int, GroupResponse | None] = {}
    overrides: dict[str, GroupResponse] = {}
    last_group: int | None = None
    for index, block in enumerate(blocks):
        block_end = blocks[index + 1].start if index + 1 < len(blocks) else end
        first_item = block.items[0].start if block.items else block_end
        intro = squash(body[block.body : first_item]).rstrip(" :")
        number = str(block.number)
        if not block.items:
            notes.append(Note(number, intro, clean.line(block.start)))
            _apply_note(
                number,
                intro,
                last_group,
                lambda i: blocks[i].number,
                items,
                group_of,
                responses,
                overrides,
            )
            continue
        kind = classify(intro)
        if kind is _NOT_RECOMMENDATIONS:
            notes.append(
                Note(number, squash(body[block.body : block_end]), clean.line(block.start))
            )
            continue
        response = GroupResponse(kind, intro, number) if isinstance(kind, Disposition) else None
        responses[index] = response
        last_group = index
        ranged = _RE_RANGE.search(intro.lower())
        if ranged and _RE_IMPLEMENTED.search(intro.lower()):
            low, high = int(ranged.group(1)), int(ranged.group(2))
            for item_number in range(low, min(high, low + 999) + 1):
                overrides[f"{number}.{item_number}"] = GroupResponse(
                    Disposition.IMPLEMENTED, intro, number
                )
        for position, item in enumerate(block.items):
            item_end = (
                block.items[position + 1].start if position + 1 < len(block.items) else block_end
            )
            found = recommenders(_trim_item(body[item.body : item_end]))
            group_of[item.label] = index
            items.append(
                Paragraph(
                    number=item.label,
                    text=_trim_item(found.text),
                    line=clean.line(item.start),
                    states=found.codes,
                    response=None,
                    problem=found.problem,
                )
            )
    result: list[Paragraph] = []
    for paragraph in items:
        response = responses.get(group_of[paragraph.number])
        override = overrides.get(paragraph.number)
        if override is not None and (
            response is None or response.disposition is Disposition.SUPPORTED
        ):
            response = override
        result.append(attrs.evolve(paragraph, response=response))
    return tuple(result), tuple(notes)


def _apply_note(
    number: str,
    text: str,
    last_group: int | None,
    last_number: Callable[[int], int],
    items: list[Paragraph],
    group_of: dict[str, int],
    responses: dict[int, GroupResponse | None],
    overrides: dict[str, GroupResponse],
) -> None:
    """A paragraph without items may give the response of recommendations listed
    before it: "The response of Azerbaijan to these recommendations will be
    included ..." (pending), "X considers that recommendations 77.13, 77.43 ...
    have already been implemented" or "... the recommendations listed above are
    ... already implemented"."""
    lowered = text.lower()
    if _RE_EARLIER.search(lowered):
        kind = classify(text)
        if isinstance(kind, Disposition) and kind is not Disposition.IMPLEMENTED:
            if last_group is not None and responses.get(last_group) is None:
                responses[last_group] = GroupResponse(kind, text, number)
            return
    if not _RE_IMPLEMENTED.search(lowered) or _RE_NOTED.search(lowered):
        return
    labels = [m.replace(" ", "") for m in _RE_LABELS.findall(text)]
    labels += [f"{a}.{b}" for a, b in _RE_SPACED_LABEL.findall(text)]
    if not labels and last_group is not None:
        listed = _RE_NUMBER_LIST.search(text)
        if listed:
            group_number = last_number(last_group)
            labels = [f"{group_number}.{n}" for n in re.findall(r"\d{1,3}", listed.group(1))]
    if labels:
        for label in labels:
            overrides.setdefault(label, GroupResponse(Disposition.IMPLEMENTED, text, number))
        return
    if "above" in lowered and last_group is not None:
        for paragraph in items:
            if group_of.get(paragraph.number) == last_group:
                overrides.setdefault(
                    paragraph.number, GroupResponse(Disposition.IMPLEMENTED, text, number)
                )


# -- recommendations referred to by paragraph number (cycle I) ------------------------------

_REF_START = re.compile(
    r"(?:recommendations?|remarks)\b[^.]{0,80}?\bparagraphs?\s*:?\s*(?=\d)", re.IGNORECASE
)
_REF_TOKEN = re.compile(r"\s*(?:(\d{1,3})(?!\d|\.\d)|\(([a-z]{1,4})\)|(,|;|and\b|:))")
_ROMAN = frozenset({"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"})
_ITEM_MARK = re.compile(r"(?:\(|(?<=\s))([a-z]{1,4})\)\s*")
_SENTENCE_END = re.compile(r"\.\s+(?=[A-Z])|\.\s*$")


def _references(text: str) -> list[tuple[int, tuple[str, ...]]]:
    """``"27 (b), (c), 31, 35 (g) (i)"`` -> ``[(27, ("b",)), (27, ("c",)), (31, ()),
    (35, ("g", "i"))]``: a parenthesised letter right after another one is a sub-item."""
    start = _REF_START.search(text)
    if start is None:
        return []
    refs: list[tuple[int, tuple[str, ...]]] = []
    pos = start.end()
    number: int | None = None
    adjacent = False
    while True:
        token = _REF_TOKEN.match(text, pos)
        if token is None or token.end() == pos:
            break
        pos = token.end()
        if token.group(1):
            if number is not None and not (refs and refs[-1][0] == number):
                refs.append((number, ()))
            number = int(token.group(1))
            adjacent = False
        elif token.group(2) and number is not None:
            name = token.group(2)
            last = refs[-1] if refs and refs[-1][0] == number else None
            if adjacent and last is not None and name in _ROMAN and len(last[1]) == 1:
                refs[-1] = (number, (*last[1], name))
            elif last is not None and name in _ROMAN and len(last[1]) == 2:
                refs.append((number, (last[1][0], name)))  # "(b) (i) and (ii)"
            else:
                refs.append((number, (token.group(2),)))
            adjacent = True
        else:
            adjacent = False
    if number is not None and not (refs and refs[-1][0] == number):
        refs.append((number, ()))
    if text[pos : pos + 1] == "." and text[pos + 1 : pos + 2].isdigit():
        return []  # "paragraph 103.1": a paragraph of the conclusions, not of the dialogue
    return refs


def _item_text(text: str, letter: str, *, roman: bool = False) -> str | None:
    """The words after ``(letter)`` up to the next item marker or the end of the
    sentence; ``roman``: a sub-item ``(ii)`` ends at the next roman numeral."""
    anchor = text.lower().find("recommend")
    for pattern_start in (max(anchor, 0), 0):
        match = re.search(rf"(?:\(|(?<=\s)){re.escape(letter)}\)\s*", text[pattern_start:])
        if match is not None:
            break
    else:
        return None
    begin = pattern_start + match.end()
    following = chr(ord(letter[-1]) + 1) if len(letter) == 1 else None
    stop = len(text)
    for mark in _ITEM_MARK.finditer(text, begin):
        name = mark.group(1)
        if roman:
            if name in _ROMAN:
                stop = mark.start()
                break
            continue
        if (len(name) == 1 and name not in ("i", "v", "x")) or name == following:
            stop = mark.start()
            break
    sentence = _SENTENCE_END.search(text, begin, stop)
    if sentence is not None:
        stop = sentence.start()
    found = re.sub(r"(?:[\s;,]+|\s+and)+$", "", text[begin:stop]).strip()
    return found or None


def _recommending_sentences(text: str) -> list[str]:
    """Sentences that recommend; failing those, sentences that invite, encourage or urge."""
    sentences = re.split(r"(?<=\.)\s+(?=[A-Z])", text)
    found = [s for s in sentences if "recommend" in s.lower()]
    return found or [s for s in sentences if re.search(r"\b(?:invite|encourage|urge)", s.lower())]


def _dialogue_text(text: str, keys: tuple[str, ...]) -> str | None:
    """The recommendation ``keys`` (``("b",)``, ``("g", "i")``, ``()``) of one
    paragraph of the interactive dialogue. Without a letter: the sentences that
    recommend. A letter the paragraph does not print (the letters were lost):
    the n-th sentence that recommends ((b) -> the second)."""
    sentences = _recommending_sentences(text)
    if not keys:
        return " ".join(sentences).strip() or None
    if not _ITEM_MARK.search(text) and len(keys[0]) == 1:
        index = ord(keys[0]) - ord("a")
        return sentences[index] if 0 <= index < len(sentences) else None
    outer = _item_text(text, keys[0])
    if outer is None or len(keys) == 1:
        return outer
    return _item_text(outer, keys[1], roman=True)


def _split_pair(text: str, keys: tuple[str, ...]) -> bool:
    """True when ``(g) (i)`` names two items, (g) having no sub-item (i)."""
    if len(keys) != 2:
        return False
    outer = _item_text(text, keys[0])
    return outer is not None and _item_text(outer, keys[1], roman=True) is None


def _speaker(text: str, under_review: str) -> str | None:
    """The State that speaks in a dialogue paragraph: its first words, or the
    first State other than the one under review named in its first sentence
    ("While commending Viet Nam ..., Sweden recommended ...")."""
    words = text.split()
    first_sentence = len(_SENTENCE_END.split(text, maxsplit=1)[0].split())
    for start in range(min(first_sentence, len(words))):
        if start and not words[start][:1].isupper() and words[start] != "the":
            continue
        for count in range(min(10, len(words) - start), 0, -1):
            candidate = " ".join(words[start : start + count]).strip(",.;:()")
            code = resolve_name(candidate)
            if code is not None and code != under_review:
                return code
            if code is not None:
                break
    return None


def _dialogue_marker(body: str, number: int, start: int, stop: int) -> re.Match[str] | None:
    """Paragraph ``number`` of the interactive dialogue: the first marker at the
    start of a line, else the first marker after the end of a sentence."""
    first = marker = _find(body, str(number), start, stop, dotted=False)
    while marker is not None:
        if not body[body.rfind("\n", 0, marker.start()) + 1 : marker.start()].strip():
            return marker
        marker = _find(body, str(number), marker.end(), stop, dotted=False)
    return first


def _referenced(
    body: str, clean: _Clean, note: Note, first: int, span: tuple[int, int], under_review: str
) -> list[Paragraph]:
    """Recommendations a cycle-I report lists only by their paragraph in the
    interactive dialogue ("The recommendations noted in the report in
    paragraphs 27 (b), (c), 31 ... above did not enjoy the support of China"):
    one paragraph each, numbered ``27(b)``, text from the dialogue paragraph,
    recommending State its speaker."""
    kind = classify(note.text)
    if not isinstance(kind, Disposition):
        return []
    refs = [(n, keys) for n, keys in _references(note.text) if n < first]
    response = GroupResponse(kind, note.text, note.number)
    start, stop = span
    found: list[Paragraph] = []
    queue = list(refs)
    while queue:
        number, keys = queue.pop(0)
        label = f"{number}{''.join(f'({k})' for k in keys)}"
        marker = _dialogue_marker(body, number, start, stop)
        if marker is None:
            found.append(
                Paragraph(
                    label,
                    "",
                    clean.line(start),
                    (),
                    response,
                    f"paragraph {number} of the interactive dialogue, referred to in "
                    f"paragraph {note.number}, not found",
                    "text",
                )
            )
            continue
        following = _find(body, str(number + 1), marker.end(), stop, dotted=False)
        text = squash(body[marker.end() : following.start() if following else stop])
        if _split_pair(text, keys):
            queue[0:0] = [(number, keys[:1]), (number, keys[1:])]
            continue
        speaker = _speaker(text, under_review)
        item = _dialogue_text(text, keys)
        problem = None
        field = "recommending_states"
        if speaker is None:
            problem = (
                f"no recommending State named in the first sentence of paragraph {number} of the "
                f"interactive dialogue (starts: {text[:40]!r})"
            )
        elif item is None:
            problem = f"item {label} not found in paragraph {number} of the interactive dialogue"
            field = "text"
        found.append(
            Paragraph(
                number=label,
                text=item or "",
                line=clean.line(marker.start()),
                states=(speaker,) if speaker else (),
                response=response,
                problem=problem,
                problem_field=field,
            )
        )
    return found
