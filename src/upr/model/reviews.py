"""Reviews (one state examined by one mechanism in one cycle) and their documents.

A UPR review is identified as ``UPR-<state>-<cycle>`` (``UPR-VNM-2``: Viet Nam's
second review, Working Group session 18, January 2014, report ``A/HRC/26/6``);
a treaty-body review as ``<committee>-<state>-<report number>`` (``CAT-VNM-1``).
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Iterable

import attrs

from upr.display import ShowsHtml
from upr.model import cycles, mechanisms
from upr.model.recommendations import Recommendation


class DocumentKind(enum.StrEnum):
    """The role of a UN document in a review."""

    NATIONAL_REPORT = "national report"
    UN_COMPILATION = "UN compilation"
    STAKEHOLDER_SUMMARY = "stakeholder summary"
    WORKING_GROUP_REPORT = "working group report"
    ADDENDUM = "addendum"
    CONCLUDING_OBSERVATIONS = "concluding observations"
    THEMATIC_LIST = "thematic list"
    MID_TERM_REPORT = "mid-term report"
    OTHER = "other"


_SYMBOL_KINDS: tuple[tuple[re.Pattern[str], DocumentKind], ...] = (
    (re.compile(r"^A/HRC/WG\.6/\d+/[A-Z]{3}/1$"), DocumentKind.NATIONAL_REPORT),
    (re.compile(r"^A/HRC/WG\.6/\d+/[A-Z]{3}/2$"), DocumentKind.UN_COMPILATION),
    (re.compile(r"^A/HRC/WG\.6/\d+/[A-Z]{3}/3$"), DocumentKind.STAKEHOLDER_SUMMARY),
    (re.compile(r"^A/HRC/\d+/\d+/Add\.\d+$"), DocumentKind.ADDENDUM),
    (re.compile(r"^A/HRC/\d+/\d+$"), DocumentKind.WORKING_GROUP_REPORT),
    (
        re.compile(r"^(?:[A-Z]+/C(?:/OP(?:AC|SC))?|E/C\.12)/[A-Z]{3}/CO/[\d\-]+"),
        DocumentKind.CONCLUDING_OBSERVATIONS,
    ),
)


def document_kind(symbol: str) -> DocumentKind:
    """Guess a document's role from its UN symbol.

    >>> document_kind("A/HRC/26/6/Add.1")
    <DocumentKind.ADDENDUM: 'addendum'>
    """
    for pattern, kind in _SYMBOL_KINDS:
        if pattern.match(symbol.strip()):
            return kind
    return DocumentKind.OTHER


@attrs.frozen
class Document:
    """A UN document by symbol, with its role and (when known) its date."""

    symbol: str
    kind: DocumentKind = DocumentKind.OTHER
    date: dt.date | None = None

    @classmethod
    def from_symbol(cls, symbol: str, date: dt.date | None = None) -> Document:
        """A Document whose kind is read from the symbol's shape."""
        symbol = symbol.strip()
        return cls(symbol, document_kind(symbol), date)


def review_id(mechanism: str, state: str, cycle: int) -> str:
    """The stable id of a review: ``review_id("UPR", "VNM", 2) == "UPR-VNM-2"``."""
    return f"{mechanism}-{state}-{cycle}"


@attrs.frozen
class Review(ShowsHtml):
    """One state examined by one mechanism in one cycle.

    ``session`` is the UPR Working Group session (18 for Viet Nam 2014);
    ``hrc_session`` the Human Rights Council session that adopted the outcome
    (26). ``documents`` lists national report, Working Group report, addenda
    or, for a treaty body, concluding observations.
    """

    mechanism: str
    state: str
    cycle: int
    session: int | None = None
    hrc_session: int | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    documents: tuple[Document, ...] = ()

    @property
    def id(self) -> str:
        """``UPR-VNM-2`` style id (see :func:`review_id`)."""
        return review_id(self.mechanism, self.state, self.cycle)

    @property
    def cycle_info(self) -> cycles.Cycle:
        """The :class:`~upr.cycles.Cycle` this review belongs to."""
        return cycles.get(self.mechanism, self.cycle)

    def document(self, kind: DocumentKind) -> Document | None:
        """The first document of a given kind, if any."""
        return next((d for d in self.documents if d.kind is kind), None)

    @classmethod
    def upr(
        cls,
        state: str,
        session: int,
        *,
        hrc_session: int | None = None,
        start: dt.date | None = None,
        end: dt.date | None = None,
        documents: tuple[Document, ...] = (),
    ) -> Review:
        """A UPR review from its Working Group session (the cycle is derived)."""
        cycle = cycles.for_session(session).number
        return cls(mechanisms.UPR_CODE, state, cycle, session, hrc_session, start, end, documents)


def derive_reviews(recommendations: Iterable[Recommendation]) -> tuple[Review, ...]:
    """The reviews the recommendations refer to, as far as they tell.

    One :class:`~upr.model.reviews.Review` per review id, in order of first
    appearance, with mechanism, state, cycle and the first session given; no
    dates, Council session or documents (the recommendations do not carry
    them). A recommendation whose ``review`` is not ``<mechanism>-<state>-<cycle>``
    describes no review that can be rebuilt and is skipped.
    """
    found: dict[str, Review] = {}
    for rec in recommendations:
        if review_id(rec.mechanism, rec.state_under_review, rec.cycle) != rec.review:
            continue
        known = found.get(rec.review)
        if known is None:
            found[rec.review] = Review(
                rec.mechanism, rec.state_under_review, rec.cycle, session=rec.session
            )
        elif known.session is None and rec.session is not None:
            found[rec.review] = attrs.evolve(known, session=rec.session)
    return tuple(found.values())
