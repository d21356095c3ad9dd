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

Usage::

    python -m benchmarks.generate --scale 300000 --out /tmp/upr-bench
"""

from __future__ import annotations

import argparse
import csv
import random
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import upr
from upr import cycles, states
from upr.recommendations import (
    ActionCategory,
    FieldSource,
    Recommendation,
    Response,
    recommendation_id,
)
from upr.reviews import Review
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
                    provenance=(FieldSource("*", f"synthetic seed {seed} #{len(recs) + 1}"),),
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


@dataclass
class Corpus:
    """Paths of a generated corpus."""

    jsonl: Path
    csv: Path
    recommendations: int
    csv_rows: int


def write_corpus(
    out: Path, n: int, seed: int = 2024, small_sources: bool = False, quiet: bool = True
) -> Corpus:
    """Generate (or reuse, when already written for the same n and seed) the corpus in ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    stem = f"world-{n}-{seed}{'-small' if small_sources else ''}"
    jsonl, csv_path, done = out / f"{stem}.jsonl", out / f"{stem}.csv", out / f"{stem}.done"
    if done.exists():
        rows = int(done.read_text().split()[1])
        return Corpus(jsonl, csv_path, int(done.read_text().split()[0]), rows)
    started = time.perf_counter()
    dataset = generate(n, seed, Profile.read(small=small_sources))
    dataset.to_jsonl(jsonl)
    rows = write_uprinfo_csv(dataset, csv_path)
    done.write_text(f"{len(dataset)} {rows}\n")
    if not quiet:
        print(
            f"generated {len(dataset)} recommendations ({rows} CSV rows) in "
            f"{time.perf_counter() - started:.1f} s -> {out}"
        )
    return Corpus(jsonl, csv_path, len(dataset), rows)


def main(argv: list[str] | None = None) -> None:
    """Command line: write a corpus."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=300_000)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--out", type=Path, default=Path("/tmp/upr-bench"))
    parser.add_argument("--small-sources", action="store_true")
    args = parser.parse_args(argv)
    write_corpus(args.out, args.scale, args.seed, args.small_sources, quiet=False)


if __name__ == "__main__":
    main()
