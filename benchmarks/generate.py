"""Deterministic world-scale corpus generator for the benchmarks.

The corpus is sampled from the shipped real data: states under review,
recommending states (and how many per paragraph), responses, UPR Info action
categories and issues (themes) come from the UPR Info export; SDG targets from
the SDG-Human Rights Data Explorer export. Texts are real recommendation texts
recombined (the head of one real text joined to the tail of another), so text
lengths and vocabulary follow the real ones; a share of later-cycle texts
re-use an earlier-cycle text of the same state with a light edit, as real
repeated recommendations do. Nothing is invented: every word comes from a real
recommendation.

When ``../shared/data`` is absent (or ``small_sources=True``) the profile is
built from the small real slices in ``tests/data``.

Outputs (cached in ``--out``, keyed by scale and seed, each complete only once
its ``.done`` marker is written):

* ``world-<n>-<seed>.jsonl``: the native JSON Lines (``upr.jsonl.write``);
* ``world-<n>-<seed>.csv``: a UPR Info export (one row per recommendation x
  recommending state);
* ``world-<n>-<seed>-uhri-<rows>.xlsx``: an OHCHR Universal Human Rights Index
  export (one row per recommendation, the layout the ``uhri-xlsx`` importer
  reads) of ``rows`` recommendations spread evenly over the corpus (default
  ``min(n, 100_000)``; about 5 s per 100,000 rows), written on first use
  (:meth:`Corpus.uhri_xlsx`) so a run that does not benchmark it does not pay
  for it. The generator makes UPR recommendations only, so the UHRI file holds
  UPR rows only (no treaty-body or special-procedure annotations). It is
  streamed to disk and stored as Excel stores a sheet (shared strings and a
  ``<dimension>``, like the shipped real XLSX files); ``--uhri-writer
  openpyxl`` writes it with openpyxl's write-only mode instead (inline strings,
  no ``<dimension>``: readers then parse the sheet twice and take about twice
  as long, so it is kept for comparison only).

Usage::

    python -m benchmarks.generate --scale 300000 --out /tmp/upr-bench [--uhri-rows N]
"""

from __future__ import annotations

import argparse
import csv
import itertools
import random
import re
import shutil
import time
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import upr
from upr import cycles, states
from upr.model.provenance import FieldSource
from upr.model.recommendations import (
    ActionCategory,
    Recommendation,
    RecommendationKind,
    Response,
    ResponseValue,
    recommendation_id,
)
from upr.model.reviews import Review
from upr_plugins.uhri import XLSX_COLUMNS as UHRI_COLUMNS
from upr_plugins.uprinfo import COLUMNS as UPRINFO_COLUMNS

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"
TESTS_DATA = REPO / "tests" / "data"

UPRINFO_HEADER = UPRINFO_COLUMNS
"""The header of the UPR Info export (the first-party importer's column list)."""

_GROUP_LABEL = {
    states.RegionalGroup.AFRICAN: "Africa",
    states.RegionalGroup.ASIA_PACIFIC: "Asia",
    states.RegionalGroup.EASTERN_EUROPEAN: "EEG",
    states.RegionalGroup.GRULAC: "GRULAC",
    states.RegionalGroup.WEOG: "WEOG",
}
UHRI_HEADER: tuple[str, ...] = tuple(names[0] for names in UHRI_COLUMNS.values())
"""The 16 columns of the UHRI Excel export, as exported ("Reccomending" included)."""
UHRI_SHEET = "Sheet1"
"""Sheet name of the written UHRI export (as in ``tests/data/uhri/uhri-export.xlsx``)."""
UHRI_MAX_ROWS = 100_000
"""Default cap on the rows of the UHRI XLSX (``min(scale, UHRI_MAX_ROWS)``)."""
_UHRI_POSITION: dict[ResponseValue, str] = {
    ResponseValue.SUPPORTED: "Supported",
    ResponseValue.PARTIALLY_SUPPORTED: "Supported/Noted",
    ResponseValue.NOTED: "Noted",
    ResponseValue.PENDING: "Pending",
    ResponseValue.NO_CLEAR_POSITION: "No clear position",
}
"""UHRI's ``UPR Position`` wording of each response (``Response.parse`` reads them back)."""
_UHRI_TYPE: dict[RecommendationKind, str] = {
    RecommendationKind.RECOMMENDATION: "Recommendations",
    RecommendationKind.CONCERN: "Concerns/Observations",
}
SOURCE = "synthetic"
"""The provenance source of generated records (location: ``seed <seed>``, row = the
record's 1-based position in the corpus)."""
REPEAT_SHARE = 0.25
"""Share of recommendations in cycles >= 2 that re-use an earlier text of the same state."""


def shared_data() -> Path | None:
    """``../shared/data`` when present."""
    return SHARED if (SHARED / "uprinfo").is_dir() else None


def source_files(small: bool = False) -> tuple[list[Path], list[Path]]:
    """(UPR Info CSVs, SDG explorer XLSX files) the profile is read from."""
    shared = None if small else shared_data()
    if shared is not None:
        uprinfo = sorted(p for p in (shared / "uprinfo").glob("*-*.csv"))
        sdg = sorted((shared / "sdg-explorer").glob("upr*.xlsx"))[:1]
        return uprinfo, sdg
    uprinfo = sorted(p for p in (TESTS_DATA / "uprinfo").glob("*_*.csv") if "-" in p.name)
    sdg = sorted((TESTS_DATA / "sdg-explorer").glob("*.xlsx"))
    return uprinfo, sdg


def _name_of(code: str) -> str | None:
    """A state name that resolves back to ``code`` (needed to write UPR Info CSV)."""
    try:
        name = states.get(code).short_name
    except upr.UprError:
        return None
    found = states.try_resolve(name)
    ok = found is not None and found.code == code and _encodable(name)
    return name if ok else None


def _encodable(text: str) -> bool:
    try:
        text.encode("mac_roman")
    except UnicodeEncodeError:
        return False
    return "\r" not in text and "\n" not in text


@dataclass
class Profile:
    """Empirical distributions read from real data (lists sampled uniformly)."""

    texts: list[str]
    states_under_review: list[str]
    recommending_states: list[str]
    senders_per_paragraph: list[int]
    responses: list[Response | None]
    actions: list[ActionCategory | None]
    themes: list[tuple[str, ...]]
    sdg_targets: list[tuple[str, ...]]
    source_names: list[str]

    @classmethod
    def read(cls, small: bool = False) -> Profile:
        """The profile of the shipped real files (tests/data slices when ``small``)."""
        uprinfo, sdg = source_files(small)
        recs: list[Recommendation] = []
        for path in uprinfo:
            recs.extend(upr.load(path))
        targets: list[tuple[str, ...]] = []
        for path in sdg:
            targets.extend(r.sdg_targets for r in upr.load(path))
        named = {c for r in recs for c in (r.state_under_review, *r.recommending_states)}
        named = {c for c in named if _name_of(c) is not None}
        recs = [r for r in recs if r.state_under_review in named]
        return cls(
            texts=sorted({r.text for r in recs if _encodable(r.text)}),
            states_under_review=[r.state_under_review for r in recs],
            recommending_states=[s for r in recs for s in r.recommending_states if s in named],
            senders_per_paragraph=[len(r.recommending_states) for r in recs],
            responses=[r.response for r in recs],
            actions=[r.action_category for r in recs],
            themes=[r.themes for r in recs],
            sdg_targets=targets or [()],
            source_names=[p.name for p in (*uprinfo, *sdg)],
        )


def _recombine(rng: random.Random, texts: list[str]) -> str:
    first = rng.choice(texts).split()
    second = rng.choice(texts).split()
    cut_a = max(1, len(first) // 2 + rng.randint(-3, 3))
    cut_b = min(len(second) - 1, max(0, len(second) // 2 + rng.randint(-3, 3)))
    return " ".join(first[:cut_a] + second[cut_b:])


def _edit(rng: random.Random, text: str, texts: list[str]) -> str:
    """A light edit of ``text`` (a few words of another real text appended)."""
    extra = rng.choice(texts).split()
    start = rng.randrange(len(extra))
    return text.rstrip(".") + ", " + " ".join(extra[start : start + rng.randint(2, 6)])


def generate(n: int, seed: int = 2024, profile: Profile | None = None) -> upr.Dataset:
    """A Dataset of ``n`` UPR recommendations sampled from ``profile``, deterministic by seed."""
    profile = profile or Profile.read()
    rng = random.Random(seed)
    population = sorted(set(profile.states_under_review))
    weight = Counter(profile.states_under_review)
    reviews_wanted = [(s, c) for s in population for c in (1, 2, 3, 4)]
    weights = [weight[s] for s, _ in reviews_wanted]
    counts = Counter(rng.choices(range(len(reviews_wanted)), weights=weights, k=n))
    recs: list[Recommendation] = []
    reviews: list[Review] = []
    earlier: dict[str, list[str]] = {}
    for position in sorted(counts):
        state, number = reviews_wanted[position]
        cycle = cycles.upr(number)
        first, last = cycle.first_session or 1, cycle.last_session or 1
        session = first + population.index(state) % (last - first + 1)
        review = Review.upr(state, session)
        reviews.append(review)
        seen: set[str] = set()
        previous = earlier.setdefault(state, [])
        made: list[str] = []
        chapter = rng.randint(80, 160)
        for i in range(1, counts[position] + 1):
            text = ""
            while not text or text in seen:
                if previous and rng.random() < REPEAT_SHARE:
                    text = _edit(rng, rng.choice(previous), profile.texts)
                else:
                    text = _recombine(rng, profile.texts)
            seen.add(text)
            made.append(text)
            senders = rng.choice(profile.senders_per_paragraph)
            recommending: set[str] = set()
            while len(recommending) < max(senders, 1):
                sender = rng.choice(profile.recommending_states)
                if sender != state:
                    recommending.add(sender)
            paragraph = f"{chapter}.{i}"
            recs.append(
                Recommendation(
                    id=recommendation_id(
                        symbol=None, paragraph=paragraph, review=review.id, text=text
                    ),
                    text=text,
                    review=review.id,
                    mechanism="UPR",
                    state_under_review=state,
                    cycle=review.cycle,
                    session=session,
                    recommending_states=tuple(recommending),
                    response=_unsourced(rng.choice(profile.responses)),
                    action_category=rng.choice(profile.actions),
                    themes=rng.choice(profile.themes),
                    sdg_targets=rng.choice(profile.sdg_targets),
                    paragraph=paragraph,
                    provenance=(
                        FieldSource(SOURCE, upr.Location(f"seed {seed}", row=len(recs) + 1)),
                    ),
                )
            )
        previous.extend(made)
    return upr.Dataset(recs, reviews)


def _unsourced(response: Response | None) -> Response | None:
    """The sampled response without the real row's provenance (the record is synthetic)."""
    return None if response is None else Response(response.value, response.raw, None)


def write_uprinfo_csv(dataset: upr.Dataset, path: Path) -> int:
    """Write ``dataset`` as a UPR Info export (Mac Roman, CR line endings); returns data rows.

    One row per recommendation x recommending state, as in the real export.
    """
    rows = 0
    with path.open("w", encoding="mac_roman", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\r")
        writer.writerow(UPRINFO_HEADER)
        for rec in dataset:
            to = states.get(rec.state_under_review)
            response = "" if rec.response is None else _uprinfo_response(rec.response)
            action = "" if rec.action_category is None else str(int(rec.action_category))
            for sender in rec.recommending_states or ("",):
                frm = states.get(sender) if sender else None
                writer.writerow(
                    (
                        to.short_name,
                        _GROUP_LABEL.get(to.regional_group, "Observer")
                        if to.regional_group
                        else "Observer",
                        "",
                        rec.text,
                        frm.short_name if frm else "",
                        (_GROUP_LABEL[frm.regional_group] if frm.regional_group else "Observer")
                        if frm
                        else "",
                        "",
                        response,
                        action,
                        ",".join(rec.themes),
                        rec.session,
                    )
                )
                rows += 1
    return rows


def _uprinfo_response(response: Response) -> str:
    value = response.value.value.lower()
    if "partial" in value:
        return response.raw or "Accepted"
    return "Accepted" if "support" in value or "accept" in value else "Noted"


def _uhri_cell(values: Iterable[str]) -> str | None:
    """A multi-valued UHRI cell: one value per line, each starting with ``"- "``."""
    text = "\n".join(f"- {v}" for v in values)
    return text or None


def _uhri_regions(codes: Iterable[str]) -> list[str]:
    """UN regional groups of states, in order of first appearance."""
    groups: list[str] = []
    for code in codes:
        group = states.get(code).regional_group
        if group is not None and group.value not in groups:
            groups.append(group.value)
    return groups


def uhri_row(rec: Recommendation) -> list[object]:
    """``rec`` as one row of the UHRI Excel export, in :data:`UHRI_HEADER` order.

    The layout is what the ``uhri-xlsx`` importer reads and the fixture
    ``tests/data/uhri/uhri-export.xlsx`` documents: the paragraph number leads
    the text (``143.12 Continue ...``), states and bodies as ``"- name"`` lines,
    SDG targets as ``"- 16.3"`` (the real export appends the target's text,
    which :mod:`upr.sdgs` does not carry), the session as text. The record has
    no document date, annotation id or indexing date: those cells stay empty,
    and so does the symbol when the record has none (the generator's do not).
    """
    senders = rec.recommending_states
    position = None if rec.response is None else _UHRI_POSITION[rec.response.value]
    return [
        f"{rec.paragraph} {rec.text}" if rec.paragraph else rec.text,
        _uhri_cell([states.get(rec.state_under_review).short_name]),
        _uhri_cell([rec.mechanism]),
        rec.symbol,
        _uhri_cell(rec.themes),
        _uhri_cell(rec.affected_persons),
        _uhri_cell(rec.sdg_targets),
        None,  # Document Publication Date
        _uhri_cell(states.get(s).short_name for s in senders),
        position,
        _UHRI_TYPE[rec.kind],
        None,  # OHCHR Annotation Id
        None if rec.session is None else str(rec.session),
        _uhri_cell(_uhri_regions([rec.state_under_review])),
        _uhri_cell(_uhri_regions(senders)),
        None,  # Date of publication on UHRI
    ]


UHRI_WRITERS: tuple[str, ...] = ("excel", "openpyxl")
"""How the UHRI XLSX is stored: ``excel`` (default) as Excel and the real exports
shipped here store a sheet (shared strings table, ``<dimension>`` element);
``openpyxl`` as openpyxl's write-only mode does (inline strings, no
``<dimension>``), which readers parse about twice as slowly."""

_XLSX_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_OOXML_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_XLSX_PARTS: dict[str, str] = {
    "[Content_Types].xml": (
        f'<Types xmlns="{_CT_NS}">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package'
        '.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_OOXML_TYPE}.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml"'
        f' ContentType="{_OOXML_TYPE}.worksheet+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{_OOXML_TYPE}.styles+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml"'
        f' ContentType="{_OOXML_TYPE}.sharedStrings+xml"/></Types>'
    ),
    "_rels/.rels": (
        f'<Relationships xmlns="{_PKG_REL_NS}"><Relationship Id="rId1"'
        f' Type="{_REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        f'<workbook xmlns="{_XLSX_NS}" xmlns:r="{_REL_NS}"><sheets>'
        f'<sheet name="{UHRI_SHEET}" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        f'<Relationships xmlns="{_PKG_REL_NS}">'
        f'<Relationship Id="rId1" Type="{_REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_REL_NS}/styles" Target="styles.xml"/>'
        f'<Relationship Id="rId3" Type="{_REL_NS}/sharedStrings" Target="sharedStrings.xml"/>'
        "</Relationships>"
    ),
    "xl/styles.xml": (
        f'<styleSheet xmlns="{_XLSX_NS}"><fonts count="1"><font><sz val="11"/>'
        '<name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill'
        ' patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
        '</fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/>'
        '</border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0"'
        ' borderId="0"/></cellStyleXfs><cellXfs count="1"><xf numFmtId="0" fontId="0"'
        ' fillId="0" borderId="0" xfId="0"/></cellXfs><cellStyles count="1">'
        '<cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
    ),
}
_XML_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _column(index: int) -> str:
    """Spreadsheet column letters of a 0-based index (0 -> A, 26 -> AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _xml_text(text: str) -> str:
    if _XML_ILLEGAL.search(text):
        raise ValueError(f"character not allowed in XLSX text: {text[:60]!r}")
    return text.translate(_XML_ESCAPES)


def _write_excel_like(rows: Iterable[Sequence[object]], path: Path) -> int:
    """Write ``rows`` (the first is the header) as one sheet stored as Excel stores it.

    The sheet body is streamed to a temporary file first, since its
    ``<dimension>`` (which readers use to size the sheet) precedes the rows;
    the shared strings table (each distinct text once) is kept in memory.
    Returns the data rows.
    """
    strings: dict[str, int] = {}
    columns = [_column(i) for i in range(len(UHRI_HEADER))]
    body = path.with_name(path.name + ".sheetdata")
    number = 0
    try:
        with body.open("w", encoding="utf-8") as stream:
            for number, values in enumerate(rows, start=1):
                cells = [f'<row r="{number}">']
                for column, value in zip(columns, values, strict=True):
                    if value is None:
                        continue
                    if isinstance(value, str):
                        at = strings.setdefault(value, len(strings))
                        cells.append(f'<c r="{column}{number}" t="s"><v>{at}</v></c>')
                    elif isinstance(value, int | float) and not isinstance(value, bool):
                        cells.append(f'<c r="{column}{number}"><v>{value!r}</v></c>')
                    else:
                        raise TypeError(f"cannot store {type(value).__name__} in a cell")
                cells.append("</row>")
                stream.write("".join(cells))
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, xml in _XLSX_PARTS.items():
                archive.writestr(name, _XML_DECLARATION + xml)
            with archive.open("xl/worksheets/sheet1.xml", "w") as member:
                last = f"{columns[-1]}{max(number, 1)}"
                member.write(
                    f'{_XML_DECLARATION}<worksheet xmlns="{_XLSX_NS}">'
                    f'<dimension ref="A1:{last}"/><sheetData>'.encode()
                )
                with body.open("rb") as stream:
                    shutil.copyfileobj(stream, member, 1 << 20)
                member.write(b"</sheetData></worksheet>")
            with archive.open("xl/sharedStrings.xml", "w") as member:
                member.write(
                    f'{_XML_DECLARATION}<sst xmlns="{_XLSX_NS}" count="{len(strings)}"'
                    f' uniqueCount="{len(strings)}">'.encode()
                )
                for text in strings:
                    member.write(f'<si><t xml:space="preserve">{_xml_text(text)}</t></si>'.encode())
                member.write(b"</sst>")
    finally:
        body.unlink(missing_ok=True)
    return max(number - 1, 0)


def _write_openpyxl(rows: Iterable[Sequence[object]], path: Path) -> int:
    """Write ``rows`` (the first is the header) with openpyxl's write-only mode."""
    from openpyxl import Workbook  # noqa: PLC0415 - only this writer needs it

    book = Workbook(write_only=True)
    sheet = book.create_sheet(UHRI_SHEET)
    count = 0
    for values in rows:
        sheet.append(list(values))
        count += 1
    book.save(path)
    return max(count - 1, 0)


def write_uhri_xlsx(records: Iterable[Recommendation], path: Path, writer: str = "excel") -> int:
    """Write ``records`` as a UHRI Excel export, streamed; returns the data rows.

    One sheet (:data:`UHRI_SHEET`), the :data:`UHRI_HEADER` row, then one row
    per record (:func:`uhri_row`). ``writer`` is one of :data:`UHRI_WRITERS`.
    The file is written under a temporary name and renamed when complete.
    """
    write = {"excel": _write_excel_like, "openpyxl": _write_openpyxl}.get(writer)
    if write is None:
        raise ValueError(f"unknown writer {writer!r}; expected one of {', '.join(UHRI_WRITERS)}")
    partial = path.with_name(path.name + ".partial")
    rows = write(itertools.chain([UHRI_HEADER], map(uhri_row, records)), partial)
    partial.replace(path)
    return rows


def _spread(records: Iterable[Recommendation], total: int, wanted: int) -> Iterator[Recommendation]:
    """``wanted`` of the ``total`` records, evenly spaced (every record when equal)."""
    picks = {i * total // wanted for i in range(wanted)} if wanted < total else None
    for index, rec in enumerate(records):
        if picks is None or index in picks:
            yield rec


def _jsonl_recommendations(path: Path) -> Iterator[Recommendation]:
    """The recommendations of a native JSONL file, streamed."""
    with path.open(encoding="utf-8") as stream:
        for _, kind, item in upr.jsonl.iter_records(stream, str(path)):
            if kind == "recommendation":
                yield item


@dataclass
class UhriExport:
    """The UHRI XLSX of a corpus: where, how many rows, how long it took, how big."""

    path: Path
    rows: int
    seconds: float
    """Time it took to write (streaming the JSONL included), when it was generated."""
    size: int
    """File size in bytes."""


@dataclass
class Corpus:
    """Paths of a generated corpus."""

    jsonl: Path
    csv: Path
    recommendations: int
    csv_rows: int
    uhri_rows: int | None = None
    """Rows of the UHRI XLSX; ``None``: ``min(recommendations, UHRI_MAX_ROWS)``."""
    uhri_writer: str = "excel"
    """How the UHRI XLSX is stored, one of :data:`UHRI_WRITERS`."""

    def uhri_xlsx(self, quiet: bool = True) -> UhriExport:
        """The UHRI XLSX of this corpus, written now unless already cached.

        Its recommendations are ``uhri_rows`` of the JSONL's, evenly spaced, so
        every state and cycle is represented whatever the cap. Cached like the
        other outputs: the file is complete once its ``.done`` marker
        (``rows seconds bytes``) exists.
        """
        wanted = min(
            self.recommendations, UHRI_MAX_ROWS if self.uhri_rows is None else self.uhri_rows
        )
        if wanted < 1:
            raise ValueError(f"the UHRI XLSX needs at least one row, not {wanted}")
        suffix = "" if self.uhri_writer == "excel" else f"-{self.uhri_writer}"
        stem = f"{self.jsonl.stem}-uhri-{wanted}{suffix}"
        path, done = self.jsonl.with_name(f"{stem}.xlsx"), self.jsonl.with_name(f"{stem}.done")
        if done.exists() and path.exists():
            cached = done.read_text().split()
            return UhriExport(path, int(cached[0]), float(cached[1]), int(cached[2]))
        started = time.perf_counter()
        records = _spread(_jsonl_recommendations(self.jsonl), self.recommendations, wanted)
        rows = write_uhri_xlsx(records, path, self.uhri_writer)
        seconds = round(time.perf_counter() - started, 3)  # as the marker keeps it
        size = path.stat().st_size
        done.write_text(f"{rows} {seconds:.3f} {size}\n")
        if not quiet:
            print(
                f"wrote the UHRI XLSX: {rows:,} rows, {size / 2**20:,.1f} MB"
                f" in {seconds:.1f} s -> {path}"
            )
        return UhriExport(path, rows, seconds, size)


def write_corpus(
    out: Path,
    n: int,
    seed: int = 2024,
    small_sources: bool = False,
    quiet: bool = True,
    uhri_rows: int | None = None,
    uhri_writer: str = "excel",
) -> Corpus:
    """Generate (or reuse, when already written for the same n and seed) the corpus in ``out``.

    ``uhri_rows`` caps the UHRI XLSX (default ``min(n, UHRI_MAX_ROWS)``),
    ``uhri_writer`` picks its storage (:data:`UHRI_WRITERS`); that file is
    written on first use, see :meth:`Corpus.uhri_xlsx`.
    """
    out.mkdir(parents=True, exist_ok=True)
    stem = f"world-{n}-{seed}{'-small' if small_sources else ''}"
    jsonl, csv_path, done = out / f"{stem}.jsonl", out / f"{stem}.csv", out / f"{stem}.done"
    if done.exists():
        count, rows = (int(v) for v in done.read_text().split()[:2])
        return Corpus(jsonl, csv_path, count, rows, uhri_rows, uhri_writer)
    started = time.perf_counter()
    dataset = generate(n, seed, Profile.read(small=small_sources))
    upr.jsonl.write(dataset, jsonl)
    rows = write_uprinfo_csv(dataset, csv_path)
    done.write_text(f"{len(dataset)} {rows}\n")
    if not quiet:
        print(
            f"generated {len(dataset)} recommendations ({rows} CSV rows) in "
            f"{time.perf_counter() - started:.1f} s -> {out}"
        )
    return Corpus(jsonl, csv_path, len(dataset), rows, uhri_rows, uhri_writer)


def main(argv: list[str] | None = None) -> None:
    """Command line: write a corpus (JSONL, UPR Info CSV and, unless ``--uhri-rows 0``,
    the UHRI XLSX)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=300_000)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--out", type=Path, default=Path("/tmp/upr-bench"))
    parser.add_argument("--small-sources", action="store_true")
    parser.add_argument(
        "--uhri-rows",
        type=int,
        help=f"rows of the UHRI XLSX (default: min(scale, {UHRI_MAX_ROWS:,}); 0: do not write it)",
    )
    parser.add_argument(
        "--uhri-writer",
        choices=UHRI_WRITERS,
        default="excel",
        help="storage of the UHRI XLSX: as Excel writes it (default) or openpyxl write-only",
    )
    args = parser.parse_args(argv)
    corpus = write_corpus(
        args.out,
        args.scale,
        args.seed,
        args.small_sources,
        quiet=False,
        uhri_rows=args.uhri_rows,
        uhri_writer=args.uhri_writer,
    )
    if args.uhri_rows != 0:
        corpus.uhri_xlsx(quiet=False)


if __name__ == "__main__":
    main()
