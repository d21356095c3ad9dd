"""The laws of fusion, proved on generated source records and on real slices.

Fusion (:mod:`upr.core.fusion`) is a function of the *set* of source records,
so for datasets ``a``, ``b``, ``c`` made by :func:`upr.fuse`, an import or a merge:

* order does not matter: ``upr.fuse(p) == upr.fuse(q)`` for every permutation ``q`` of ``p``;
* commutativity: ``a.merge(b) == b.merge(a)``;
* associativity: ``a.merge(b).merge(c) == a.merge(b.merge(c)) == a.merge(b, c)``;
* grouping does not matter: fusing the records in any split gives ``upr.fuse`` of all;
* idempotence: ``a.merge(a) == a`` and ``a.merge() == a``;
* nothing is lost: every source record is behind exactly one fused record;
* JSON Lines is canonical and lossless: equal datasets give byte-identical
  files, and a dataset read back merges exactly as the one written.

The generator builds small worlds where sources collide on purpose: Working
Group paragraphs joining several recommendations, the same paragraphs re-typed
by a secondary source (sometimes under a paragraph number the report does not
have), per-state rows of parts of a paragraph (sometimes reworded), repeated
rows, and texts shared by two paragraphs (ambiguous matches).
"""

from __future__ import annotations

import io
import itertools
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import shared_reads
import upr
from upr.model.recommendations import recommendation_id
from upr.model.reviews import review_id

DATA = Path(__file__).parent / "data"

LAWS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# -- a small world of colliding sources --------------------------------------------------

PARTS = (
    "Ratify CAT",
    "Ratify CAT and its Optional Protocol",
    "Consider ratifying the Convention on the Rights of Persons with Disabilities",
    "Abolish the death penalty",
    "Establish a national human rights institution in accordance with the Paris Principles",
    "Guarantee freedom of expression, including on the Internet",
    "Continue efforts to reduce poverty among ethnic minorities",
)
STATES = ("FRA", "AUT", "URY", "DEU", "MEX", "CHL")
REVIEWS = (("VNM", 2, 18, "A/HRC/26/6"), ("VNM", 1, 5, None), ("CHN", 2, 17, "A/HRC/25/5"))
NAMES = {"FRA": "France", "AUT": "Austria", "URY": "Uruguay", "DEU": "Germany",
         "MEX": "Mexico", "CHL": "Chile"}  # fmt: skip


def _rec(
    review: tuple[str, int, int, str | None],
    text: str,
    states: tuple[str, ...],
    *,
    paragraph: str | None = None,
    symbol: str | None = None,
    response: str | None = None,
    themes: tuple[str, ...] = (),
    targets: tuple[str, ...] = (),
    source: upr.FieldSource,
    rec_id: str | None = None,
) -> upr.Recommendation:
    state, cycle, session, _ = review
    rid = review_id("UPR", state, cycle)
    return upr.Recommendation(
        id=rec_id or recommendation_id(symbol=symbol, paragraph=paragraph, review=rid, text=text),
        text=text,
        review=rid,
        mechanism="UPR",
        state_under_review=state,
        cycle=cycle,
        session=session,
        recommending_states=states,
        response=None if response is None else upr.Response.parse(response),
        themes=themes,
        sdg_targets=targets,
        symbol=symbol,
        paragraph=paragraph,
        provenance=(source,),
    )


@st.composite
def worlds(draw: st.DrawFn) -> list[upr.Recommendation]:
    """Source records of one to three reviews, from up to four kinds of source."""
    records: list[upr.Recommendation] = []
    for review in draw(st.lists(st.sampled_from(REVIEWS), min_size=1, max_size=2, unique=True)):
        state, _, _, symbol = review
        paragraphs = []
        for number in range(1, draw(st.integers(1, 4)) + 1):
            chosen = draw(st.lists(st.sampled_from(PARTS), min_size=1, max_size=2, unique=True))
            by = [
                tuple(draw(st.lists(st.sampled_from(STATES), min_size=1, max_size=2, unique=True)))
                for _ in chosen
            ]
            text = "; ".join(
                f"{part} ({', '.join(NAMES[s] for s in who)})"
                for part, who in zip(chosen, by, strict=True)
            )
            paragraphs.append((f"143.{number}", text, chosen, by))
        with_report = draw(st.booleans())
        for paragraph, text, chosen, by in paragraphs:
            states = tuple(sorted({s for who in by for s in who}))
            if with_report:  # the Working Group report, read at its own paragraph
                where = upr.Location(f"{state.lower()}.txt", symbol=symbol, paragraph=paragraph)
                records.append(
                    _rec(review, text, states, paragraph=paragraph, symbol=symbol,
                         response=draw(st.sampled_from(["will be examined", "supported"])),
                         source=upr.FieldSource("wg-report-txt", where))
                )  # fmt: skip
            if draw(st.booleans()):  # a secondary source giving the paragraph number
                number = paragraph if draw(st.integers(0, 4)) else "134.9"  # sometimes unknown
                row = upr.Location("upr2.xlsx", row=draw(st.integers(2, 99)))
                targets = tuple(draw(st.lists(st.sampled_from(["16.3", "4.7"]), max_size=1)))
                records.append(
                    _rec(review, " ".join(chosen), states, paragraph=number, symbol=symbol,
                         response=draw(st.sampled_from(["Supported", "Noted"])),
                         targets=targets, source=upr.FieldSource("sdg-explorer", row))
                )  # fmt: skip
            for part, who in zip(chosen, by, strict=True):  # one row per recommending state
                for recommender in who:
                    if not draw(st.booleans()):
                        continue
                    wording = draw(st.sampled_from([part, part + ".", part.lower()]))
                    row = upr.Location("17-20.csv", row=draw(st.integers(2, 999)))
                    themes = tuple(
                        draw(st.lists(st.sampled_from(["Torture", "Women"]), max_size=1))
                    )
                    records.append(
                        _rec(review, wording, (recommender,),
                             response=draw(st.sampled_from(["Accepted", "Noted"])),
                             themes=themes, source=upr.FieldSource("uprinfo-csv", row))
                    )  # fmt: skip
    if records and draw(st.booleans()):
        records.append(draw(st.sampled_from(records)))  # a repeated row
    return records


def _split(
    draw: st.DrawFn, records: list[upr.Recommendation], parts: int
) -> list[list[upr.Recommendation]]:
    groups: list[list[upr.Recommendation]] = [[] for _ in range(parts)]
    for record in records:
        groups[draw(st.integers(0, parts - 1))].append(record)
    return groups


def _jsonl(dataset: upr.Dataset) -> str:
    return "\n".join(upr.jsonl.dumps_records(dataset))


# -- the laws on generated data -----------------------------------------------------------


@LAWS
@given(worlds(), st.randoms(use_true_random=False))
def test_order_of_source_records_does_not_matter(
    records: list[upr.Recommendation], rnd: object
) -> None:
    shuffled = list(records)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    assert upr.fuse(shuffled) == upr.fuse(records)
    assert _jsonl(upr.fuse(shuffled)) == _jsonl(upr.fuse(records))


@LAWS
@given(st.data())
def test_merge_is_commutative_associative_and_grouping_free(data: st.DataObject) -> None:
    records = data.draw(worlds())
    a, b, c = (upr.fuse(group) for group in _split(data.draw, records, 3))
    whole = upr.fuse(records)
    assert a.merge(b) == b.merge(a)
    assert a.merge(b).merge(c) == a.merge(b.merge(c)) == a.merge(b, c) == c.merge(b, a)
    assert a.merge(b, c) == whole
    assert _jsonl(c.merge(a, b)) == _jsonl(whole)


@LAWS
@given(worlds())
def test_merge_is_idempotent(records: list[upr.Recommendation]) -> None:
    fused = upr.fuse(records)
    assert fused.merge(fused) == fused
    assert fused.merge() == fused
    assert fused.merge(fused, fused) == fused


@LAWS
@given(worlds())
def test_every_source_record_is_behind_exactly_one_recommendation(
    records: list[upr.Recommendation],
) -> None:
    fused = upr.fuse(records)
    behind = Counter(s for rec in fused for s in fused.source_records(rec.id))
    assert set(behind) == set(records)
    assert set(behind.values()) <= {1}
    ids = Counter(r.id for r in set(records))
    for record in records:  # each source record's own id finds its recommendation
        if ids[record.id] == 1:  # (several records may share an id made from a paragraph
            assert record in fused.source_records(fused[record.id].id)  # number the report lacks)
    assert len({rec.id for rec in fused}) == len(fused)


@LAWS
@given(worlds())
def test_a_paragraph_absorbs_every_part_it_contains(records: list[upr.Recommendation]) -> None:
    """Per-state rows of one text (one recommendation: same id) that are a part of
    exactly one report paragraph naming one of their states end in that
    paragraph, all of them: never half."""
    fused = upr.fuse(records)
    reports = [
        r for r in records
        if r.paragraph and any(p.location.paragraph == r.paragraph for p in r.provenance)
    ]  # fmt: skip
    rows: dict[str, list[upr.Recommendation]] = {}
    for row in records:
        if not row.paragraph:
            rows.setdefault(row.id, []).append(row)
    for rec_id, group in rows.items():
        states = {s for row in group for s in row.recommending_states}
        homes = {
            p.paragraph for p in reports
            if p.review == group[0].review
            and group[0].text_key in p.text_key
            and states & set(p.recommending_states)
        }  # fmt: skip
        if len(homes) == 1:
            assert fused[rec_id].paragraph == homes.pop()


@LAWS
@given(worlds())
def test_jsonl_is_lossless_and_merges_like_the_original(records: list[upr.Recommendation]) -> None:
    half = len(records) // 2
    a, b = upr.fuse(records[:half]), upr.fuse(records[half:])
    back = upr.jsonl.read_lines(_jsonl(a).splitlines())
    assert back == a
    assert back.merge(b) == a.merge(b)


@LAWS
@given(records=worlds())
def test_a_jsonl_file_loads_back_as_the_same_dataset(
    scratch: Path, records: list[upr.Recommendation]
) -> None:
    """Through the importer (``upr.load``), not only the reader: lineage and every
    kind of conflict come back."""
    fused = upr.fuse(records)
    path = scratch / "fused.jsonl"
    upr.export(fused, path)
    assert upr.load(path) == fused


def test_fusing_nothing_and_one_record() -> None:
    assert upr.fuse([]) == upr.Dataset().merge()
    record = upr.datasets.viet_nam().recommendations[0]
    assert upr.fuse([record]).recommendations == (record,)
    assert upr.fuse([record, record]).lineage == upr.Lineage()


# -- the laws on arbitrary datasets (not made by fusion) ---------------------------------


@LAWS
@given(st.data())
def test_merge_of_any_datasets_is_commutative_and_associative(data: st.DataObject) -> None:
    from strategies import datasets

    a, b, c = data.draw(datasets()), data.draw(datasets()), data.draw(datasets())
    assert a.merge(b) == b.merge(a)
    assert a.merge(b).merge(c) == a.merge(b.merge(c)) == a.merge(b, c)
    assert a.merge(a) == a.merge()
    assert a.merge().merge() == a.merge()


# -- the laws on real slices ---------------------------------------------------------------

VIET_NAM_2014 = (
    DATA / "wg-reports" / "vietnam2014.txt",  # A/HRC/26/6, all 227 paragraphs
    DATA / "uprinfo" / "17-20_vietnam.csv",  # 22 UPR Info rows of Viet Nam session 18
    DATA / "sdg-explorer" / "upr2-slice.xlsx",  # SDG explorer rows of A/HRC/26/6
)
CHINA_2013 = (
    DATA / "thematic-lists" / "china-2013-matrix.docx",  # OHCHR list for A/HRC/25/5
    DATA / "uprinfo" / "14-17_china.csv",  # the 284 UPR Info rows of China session 17
)


def _counts(dataset: upr.Dataset) -> tuple[int, int, int]:
    responses = Counter(r.response_value for r in dataset)
    return len(dataset), responses[upr.ResponseValue.SUPPORTED], responses[upr.ResponseValue.NOTED]


@pytest.fixture(scope="module")
def viet_nam_parts() -> list[upr.Dataset]:
    return [upr.load(path) for path in VIET_NAM_2014]


def test_real_slices_give_one_dataset_in_every_order(viet_nam_parts: list[upr.Dataset]) -> None:
    files = set()
    for order in itertools.permutations(range(3)):
        first, *rest = (viet_nam_parts[i] for i in order)
        files.add(_jsonl(first.merge(*rest)))
        files.add(_jsonl(upr.load([VIET_NAM_2014[i] for i in order])))
    assert len(files) == 1
    fused = upr.load(VIET_NAM_2014).filter(state="Viet Nam", cycle=2)
    assert _counts(fused) == (
        227,
        len(fused.filter(response="supported")),
        len(fused.filter(response="noted")),
    )
    assert len(fused) == 227  # every UPR Info and SDG explorer row found its paragraph


def test_real_slices_merge_in_every_grouping(viet_nam_parts: list[upr.Dataset]) -> None:
    a, b, c = viet_nam_parts
    whole = a.merge(b, c)
    assert a.merge(b).merge(c) == a.merge(b.merge(c)) == b.merge(c.merge(a)) == whole
    assert whole.merge(whole) == whole
    assert whole.merge(a) == whole  # a part already in it adds nothing


def test_china_thematic_list_and_uprinfo_in_both_orders() -> None:
    lists, info = (upr.load(path) for path in CHINA_2013)
    fused = lists.merge(info)
    assert fused == info.merge(lists)
    assert _jsonl(upr.load(CHINA_2013)) == _jsonl(upr.load(CHINA_2013[::-1]))
    # every UPR Info row found its paragraph of the OHCHR list: 252 recommendations
    assert _counts(fused) == (252, 204, 48)
    assert all(r.paragraph for r in fused)


@pytest.mark.shared_data
def test_viet_nam_cycle_two_full_files_in_every_order(shared_data: Path) -> None:
    paths = [
        shared_data / "wg-reports" / "vietnam2014.txt",
        shared_data / "uprinfo" / "17-20.csv",
        shared_data / "sdg-explorer" / "upr2.xlsx",
    ]
    parts = [shared_reads.read(path).dataset for path in paths]
    texts = set()
    for order in itertools.permutations(range(3)):
        first, *rest = (parts[i] for i in order)
        fused = first.merge(*rest)
        assert _counts(fused.filter(state="Viet Nam", cycle=2)) == (227, 182, 45)
        stream = io.StringIO()
        for line in upr.jsonl.dumps_records(fused):
            stream.write(line + "\n")
        texts.add(stream.getvalue())
    assert len(texts) == 1


@pytest.mark.shared_data
def test_china_full_files_in_both_orders(shared_data: Path) -> None:
    paths = [
        shared_data / "thematic-lists" / "china-2013-matrix.docx",
        shared_data / "uprinfo" / "14-17.csv",
    ]
    lists, info = (shared_reads.read(path).dataset for path in paths)
    fused = lists.merge(info)
    assert _jsonl(fused) == _jsonl(info.merge(lists))
    assert _counts(fused.filter(state="China", cycle=2)) == (252, 204, 48)
