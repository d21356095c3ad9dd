"""Text similarity between recommendations: repeats and overlaps.

Method (plain Python, no dependency): TF-IDF vectors compared by cosine.

* **Terms.** The text is normalised (:func:`upr.names.normalise`: lower case,
  no accents or punctuation); every instrument name, abbreviation and
  protocol phrase found by :mod:`upr.treaty_mentions` is replaced by one
  term per instrument (``treaty:CAT``, ``instrument:rome-statute``), so that
  "Accede to CAT" and "ratify the Convention against Torture and Other Cruel,
  Inhuman or Degrading Treatment" share their treaty term and nothing else
  of the name weighs. Ratification words (ratify, ratification, accede,
  accession, adhere, join, become a party) become the one term ``ratify``.
  Remaining words lose English stop words and are stemmed by a few suffix
  rules (``-ies`` -> ``-y``, ``-ing``, ``-ed``, plural ``-s``).
* **Weights.** ``(1 + log tf) * idf`` with ``idf = 1 + log((N + 1) / (df + 1))``
  over the whole corpus given (document frequency of each term); treaty and
  instrument terms are weighted :data:`INSTRUMENT_WEIGHT` times more, as the
  instrument is what a ratification recommendation is about. Vectors are
  L2-normalised, so the cosine is a dot product.
* **Blocking.** Only recommendations to the same state under review are
  compared, through an inverted index of each state's earlier
  recommendations: the work is the sum over terms of the posting lengths
  within one state, not the square of the corpus.

A **repeat** links a recommendation to the single most similar *earlier*
recommendation to the same state with a score of at least
:data:`REPEAT_THRESHOLD`: earlier means an earlier cycle of the same
mechanism, or, for another mechanism, an earlier date (both dates known).
An **overlap** links a UPR recommendation to the most similar recommendation
of each treaty body to the same state with a score of at least
:data:`OVERLAP_THRESHOLD` (no time order: UPR and treaty bodies run in
parallel).

>>> texts = ["Accede to CAT in a timely manner", "Ratify CAT", "Abolish the death penalty"]
>>> v = Vectorizer.fit(texts)
>>> round(cosine(v.vector(texts[0]), v.vector(texts[1])), 2)
0.77
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence

import attrs

from upr.analysis import treaty_mentions
from upr.model import mechanisms, states
from upr.model.recommendations import Recommendation
from upr.names import normalise

REPEAT_THRESHOLD = 0.5
"""Minimum cosine for a repeat edge (see ``docs/graph.md`` for the validation)."""

OVERLAP_THRESHOLD = 0.5
"""Minimum cosine for an overlap edge."""

INSTRUMENT_WEIGHT = 2.0
"""How much more a treaty or instrument term weighs than a word of the same idf."""

Vector = dict[str, float]
"""A sparse, L2-normalised TF-IDF vector: term -> weight."""

_STOP_WORDS = frozenset(
    " ".join(
        (
            "a about above after again against all also am an and any are as at be because been",
            "before being below between both but by can could did do does doing down during each",
            "few for from further had has have having he her here hers herself him himself his",
            "how i if in into is it its itself just me more most my myself no nor not now of off",
            "on once only or other our ours ourselves out over own same she should so some such",
            "than that the their theirs them themselves then there these they this those through",
            "to too under until up very was we were what when where which while who whom why",
            "will with would you your yours yourself yourselves shall may must upon within",
            "without inter alia etc via per",
        )
    ).split()
)
_RATIFY = re.compile(
    r"^(?:ratif\w*|acced\w*|accession\w*|adher\w*|adhesion|join\w*|reacced\w*|reaccession\w*)$"
)
_BECOME_PARTY = re.compile(r"\bbecom\w*\s+(?:a\s+)?(?:state\s+)?part(?:y|ies)\b")


def _stem(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 5 and word.endswith("ing"):
        return word[:-3]
    if len(word) > 4 and word.endswith("ed"):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


_BRACKETS = re.compile(r"\(([^()]*(?:\([^()]*\)[^()]*)*)\)")
_LIST_SPLIT = re.compile(r",\s*(?![^()]*\))|\s+and\s+")


def strip_attributions(text: str) -> str:
    """The text without bracketed lists of recommending states.

    Working Group reports credit each recommendation to its authors:
    "Ratify CAT (Gabon, Mali, Slovakia); Accede to CAT (Togo);". Who made a
    recommendation is not what it asks, so those brackets are removed before
    comparing texts; brackets holding anything else stay.

    >>> strip_attributions("Ratify CAT (Gabon, Mali, Slovakia); Accede to CAT (Togo);")
    'Ratify CAT ; Accede to CAT ;'
    """
    if "(" not in text:
        return text

    def replace(match: re.Match[str]) -> str:
        parts = [p.strip() for p in _LIST_SPLIT.split(match.group(1)) if p.strip()]
        if parts and all(states.try_resolve(p) is not None for p in parts):
            return ""
        return match.group(0)

    return " ".join(_BRACKETS.sub(replace, text).split())


def _instrument_term(name: str) -> str:
    return "instrument:" + normalise(name).replace(" ", "-")


def terms(text: str, analysis: treaty_mentions.Analysis | None = None) -> Counter[str]:
    """The terms of a text with their counts: words and instrument terms.

    ``analysis`` is :func:`upr.treaty_mentions.analyse` of ``text``, if the
    caller has it already.

    >>> sorted(terms("Accede to CAT in a timely manner"))
    ['manner', 'ratify', 'timely', 'treaty:CAT']
    """
    counts: Counter[str] = Counter()
    stripped = strip_attributions(text)
    if analysis is None or stripped != text:
        analysis = treaty_mentions.analyse(stripped)
    text = stripped
    for mention in analysis.mentions:
        key = (
            f"treaty:{mention.instrument}" if mention.core else _instrument_term(mention.instrument)
        )
        counts[key] += 1
    if analysis.spans:
        pieces, last = [], 0
        for start, end in sorted(analysis.spans):
            if start >= last:
                pieces.append(text[last:start])
                last = end
        pieces.append(text[last:])
        text = " ".join(pieces)
    words = _BECOME_PARTY.sub(" ratify ", normalise(text)).split()
    for word in words:
        if word in _STOP_WORDS or len(word) < 2 or word.isdigit():
            continue
        counts["ratify" if _RATIFY.match(word) else _stem(word)] += 1
    return counts


@attrs.frozen
class Vectorizer:
    """Document frequencies of a corpus, turning texts into TF-IDF vectors."""

    documents: int
    frequencies: Mapping[str, int]

    @classmethod
    def fit(cls, texts: Iterable[str]) -> Vectorizer:
        """Count, for each term, how many of ``texts`` contain it."""
        return cls.fit_terms(terms(text) for text in texts)

    @classmethod
    def fit_terms(cls, documents: Iterable[Mapping[str, int]]) -> Vectorizer:
        """Like :meth:`fit`, from the :func:`terms` of each document."""
        frequencies: Counter[str] = Counter()
        n = 0
        for counts in documents:
            frequencies.update(counts.keys())
            n += 1
        return cls(n, dict(frequencies))

    def idf(self, term: str) -> float:
        """``1 + log((N + 1) / (df + 1))``."""
        return 1.0 + math.log((self.documents + 1) / (self.frequencies.get(term, 0) + 1))

    def weigh(self, counts: Mapping[str, int]) -> Vector:
        """An L2-normalised TF-IDF vector from term counts."""
        vector: Vector = {}
        for term, tf in counts.items():
            weight = (1.0 + math.log(tf)) * self.idf(term)
            if term.startswith(("treaty:", "instrument:")):
                weight *= INSTRUMENT_WEIGHT
            vector[term] = weight
        norm = math.sqrt(sum(w * w for w in vector.values()))
        return {t: w / norm for t, w in vector.items()} if norm else {}

    def vector(self, text: str) -> Vector:
        """The TF-IDF vector of one text."""
        return self.weigh(terms(text))


def cosine(u: Mapping[str, float], v: Mapping[str, float]) -> float:
    """Cosine of two L2-normalised sparse vectors (their dot product)."""
    if len(u) > len(v):
        u, v = v, u
    return sum(w * v.get(t, 0.0) for t, w in u.items())


@attrs.frozen(order=True)
class Link:
    """``source`` is similar to ``target`` with cosine ``score`` (ids of recommendations)."""

    source: str
    target: str
    score: float


def vectorize(
    texts: Sequence[str],
    vectorizer: Vectorizer | None = None,
    analyses: Sequence[treaty_mentions.Analysis] | None = None,
) -> list[Vector]:
    """TF-IDF vectors of ``texts``; the idf is fitted on ``texts`` unless a
    vectorizer is given. ``analyses`` may give the treaty analysis of each text."""
    if analyses is None:
        counts = [terms(text) for text in texts]
    else:
        counts = [terms(text, analysis) for text, analysis in zip(texts, analyses, strict=True)]
    fitted = vectorizer or Vectorizer.fit_terms(counts)
    return [fitted.weigh(c) for c in counts]


class _Index:
    """An inverted index over some vectors of one state's block."""

    def __init__(self) -> None:
        self.postings: dict[str, list[tuple[int, float]]] = defaultdict(list)

    def add(self, position: int, vector: Vector) -> None:
        for term, weight in vector.items():
            self.postings[term].append((position, weight))

    def scores(self, vector: Vector) -> dict[int, float]:
        out: dict[int, float] = defaultdict(float)
        for term, weight in vector.items():
            for position, other in self.postings.get(term, ()):
                out[position] += weight * other
        return out


def _blocks(recs: Sequence[Recommendation]) -> dict[str, list[int]]:
    blocks: dict[str, list[int]] = defaultdict(list)
    for position, rec in enumerate(recs):
        blocks[rec.state_under_review].append(position)
    return blocks


class _Best:
    """The best earlier candidate of each recommendation of one block."""

    def __init__(self, recs: Sequence[Recommendation], threshold: float) -> None:
        self.recs = recs
        self.threshold = threshold
        self.best: dict[int, tuple[float, tuple[int, ...], str, int]] = {}

    def offer(self, later: int, earlier: int, score: float, when: tuple[int, ...]) -> None:
        """Keep ``earlier`` for ``later`` if it scores more (ties: more recent, smaller id)."""
        if score < self.threshold - 1e-12:
            return
        candidate = (round(score, 12), when, _negated(self.recs[earlier].id), earlier)
        current = self.best.get(later)
        if current is None or candidate[:3] > current[:3]:
            self.best[later] = candidate

    def links(self) -> list[Link]:
        """The kept pairs as links."""
        return [
            Link(self.recs[later].id, self.recs[found[3]].id, round(found[0], 4))
            for later, found in self.best.items()
        ]


def find_repeats(
    recs: Sequence[Recommendation],
    *,
    threshold: float = REPEAT_THRESHOLD,
    dates: Mapping[str, dt.date] | None = None,
    vectorizer: Vectorizer | None = None,
    vectors: Sequence[Vector] | None = None,
) -> list[Link]:
    """For each recommendation, its most similar earlier one to the same state.

    Earlier: a lower cycle of the same mechanism, or, across mechanisms, an
    earlier date in ``dates`` (recommendation id -> date; pairs without both
    dates are not compared across mechanisms). Ties go to the most recent
    candidate, then to the smaller id. Returns ``Link(later, earlier, score)``
    for scores of at least ``threshold``, sorted.
    """
    dates = dates or {}
    if vectors is None:
        vectors = vectorize([r.text for r in recs], vectorizer)
    links: list[Link] = []
    for positions in _blocks(recs).values():
        best = _Best(recs, threshold)
        by_mechanism: dict[str, list[int]] = defaultdict(list)
        for p in positions:
            by_mechanism[recs[p].mechanism].append(p)
        for members in by_mechanism.values():
            index = _Index()
            by_cycle: dict[int, list[int]] = defaultdict(list)
            for p in members:
                by_cycle[recs[p].cycle].append(p)
            for cycle in sorted(by_cycle):
                for p in by_cycle[cycle]:
                    for q, score in index.scores(vectors[p]).items():
                        best.offer(p, q, score, (recs[q].cycle,))
                for p in by_cycle[cycle]:
                    index.add(p, vectors[p])
        if len(by_mechanism) > 1:
            dated = sorted((dates[recs[p].id], p) for p in positions if recs[p].id in dates)
            index = _Index()
            pending: list[int] = []
            last_date: dt.date | None = None
            for when, p in dated:
                if when != last_date:
                    for q in pending:
                        index.add(q, vectors[q])
                    pending, last_date = [], when
                for q, score in index.scores(vectors[p]).items():
                    if recs[q].mechanism != recs[p].mechanism:
                        best.offer(p, q, score, (dates[recs[q].id].toordinal(),))
                pending.append(p)
        links.extend(best.links())
    return sorted(links)


def _negated(text: str) -> str:
    """A key that sorts ``text`` in reverse, so that max() prefers the smaller id."""
    return "".join(chr(0x10FFFF - ord(c)) for c in text)


def find_overlaps(
    recs: Sequence[Recommendation],
    *,
    threshold: float = OVERLAP_THRESHOLD,
    vectorizer: Vectorizer | None = None,
    vectors: Sequence[Vector] | None = None,
) -> list[Link]:
    """For each UPR recommendation, the most similar recommendation of each
    treaty body to the same state, when the score reaches ``threshold``.

    Returns ``Link(upr_id, treaty_body_id, score)``, sorted.
    """
    if vectors is None:
        vectors = vectorize([r.text for r in recs], vectorizer)
    links: list[Link] = []
    for positions in _blocks(recs).values():
        upr = [p for p in positions if recs[p].mechanism == mechanisms.UPR_CODE]
        bodies: dict[str, list[int]] = defaultdict(list)
        for p in positions:
            mechanism = mechanisms.by_code(recs[p].mechanism)
            if mechanism is not None and mechanism.kind is mechanisms.MechanismKind.TREATY_BASED:
                bodies[mechanism.code].append(p)
        if not upr or not bodies:
            continue
        for members in bodies.values():
            index = _Index()
            for q in members:
                index.add(q, vectors[q])
            for p in upr:
                scored = [
                    (round(s, 12), _negated(recs[q].id), q)
                    for q, s in index.scores(vectors[p]).items()
                    if s >= threshold - 1e-12
                ]
                if scored:
                    score, _, q = max(scored)
                    links.append(Link(recs[p].id, recs[q].id, round(score, 4)))
    return sorted(links)


__all__ = [
    "INSTRUMENT_WEIGHT",
    "OVERLAP_THRESHOLD",
    "REPEAT_THRESHOLD",
    "Link",
    "Vector",
    "Vectorizer",
    "cosine",
    "find_overlaps",
    "find_repeats",
    "terms",
    "vectorize",
]
