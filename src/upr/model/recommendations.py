"""Recommendations, the state's response to them, and voluntary pledges.

A recommendation is one paragraph of a Working Group report (``A/HRC/26/6``
paragraph ``143.12``) or of treaty-body concluding observations. One paragraph
can carry several recommending states: in the UPR Info export it appears as one
row per recommending state, here it is one :class:`Recommendation` whose
``recommending_states`` lists them all.
"""

from __future__ import annotations

import enum
import functools
import hashlib
import re

import attrs

from upr.display import ShowsHtml
from upr.errors import UnknownNameError
from upr.model.provenance import FieldSource, canonical
from upr.names import normalise


class ResponseValue(enum.StrEnum):
    """Canonical position of the state under review on a recommendation."""

    SUPPORTED = "supported"
    PARTIALLY_SUPPORTED = "partially supported"
    NOTED = "noted"
    PENDING = "pending"
    NO_CLEAR_POSITION = "no clear position"


# Raw labels as published (UPR Info old and new wording, SDG explorer, UHRI,
# OHCHR matrices, cycle-I Working Group report phrasing), normalised.
_RESPONSE_LABELS: dict[str, ResponseValue] = {
    "accepted": ResponseValue.SUPPORTED,
    "accept": ResponseValue.SUPPORTED,
    "supported": ResponseValue.SUPPORTED,
    "support": ResponseValue.SUPPORTED,
    "enjoy the support of": ResponseValue.SUPPORTED,
    "enjoyed the support of": ResponseValue.SUPPORTED,
    "enjoys the support of": ResponseValue.SUPPORTED,
    "already implemented": ResponseValue.SUPPORTED,
    "noted already implemented": ResponseValue.SUPPORTED,
    "supported already implemented": ResponseValue.SUPPORTED,
    "noted": ResponseValue.NOTED,
    "not supported": ResponseValue.NOTED,
    "not accepted": ResponseValue.NOTED,
    "rejected": ResponseValue.NOTED,
    "did not enjoy the support of": ResponseValue.NOTED,
    "not enjoy the support of": ResponseValue.NOTED,
    "supported noted": ResponseValue.PARTIALLY_SUPPORTED,
    "accepted noted": ResponseValue.PARTIALLY_SUPPORTED,
    "partially supported": ResponseValue.PARTIALLY_SUPPORTED,
    "partially accepted": ResponseValue.PARTIALLY_SUPPORTED,
    "supported in part": ResponseValue.PARTIALLY_SUPPORTED,
    "will be examined": ResponseValue.PENDING,
    "to be examined": ResponseValue.PENDING,
    "pending": ResponseValue.PENDING,
    "no clear position": ResponseValue.NO_CLEAR_POSITION,
    "no response": ResponseValue.NO_CLEAR_POSITION,
    "unclear response": ResponseValue.NO_CLEAR_POSITION,
    "unknown": ResponseValue.NO_CLEAR_POSITION,
    "general response": ResponseValue.NO_CLEAR_POSITION,
}


def parse_response_value(label: str) -> ResponseValue:
    """Canonical value of a published label (``"Accepted"`` -> supported).

    Unknown labels raise :class:`~upr.errors.UnknownNameError` listing the
    accepted ones; an importer turns that into a located problem.
    """
    key = normalise(label)
    if key in _RESPONSE_LABELS:
        return _RESPONSE_LABELS[key]
    try:
        return ResponseValue(key)
    except ValueError:
        raise UnknownNameError(
            "response label", label, sorted({k for k in _RESPONSE_LABELS if " " not in k})
        ) from None


@attrs.frozen
class Response:
    """A state's response: canonical ``value``, the ``raw`` label as published
    and where it was published (``source``, e.g. ``"A/HRC/26/6/Add.1 para 3"``)."""

    value: ResponseValue
    raw: str = ""
    source: str | None = None

    @classmethod
    def parse(cls, raw: str, source: str | None = None) -> Response:
        """Build from a published label, keeping it verbatim."""
        return cls(parse_response_value(raw), raw, source)

    @property
    def supported(self) -> bool:
        """True when fully supported (the numerator of published acceptance rates)."""
        return self.value is ResponseValue.SUPPORTED


class ActionCategory(enum.IntEnum):
    """UPR Info's action category: how much action a recommendation asks for.

    Source: UPR Info, "Database methodology" (action category scale 1-5).
    """

    MINIMAL = 1
    CONTINUING = 2
    CONSIDERING = 3
    GENERAL = 4
    SPECIFIC = 5

    @property
    def label(self) -> str:
        """UPR Info's label, e.g. ``"Continuing action"``."""
        return _ACTION_LABELS[self]

    @classmethod
    def parse(cls, raw: str | int) -> ActionCategory:
        """From ``5``, ``"5"``, ``"Category 5"``, ``"5 - Specific action"`` or the label."""
        if isinstance(raw, int):
            return cls(raw) if 1 <= raw <= 5 else cls._unknown(str(raw))
        digits = re.findall(r"\d+", raw)
        if digits and len(digits[0]) > 2:
            return cls._unknown(raw[:40])
        if digits:
            number = int(digits[0])
            return cls(number) if 1 <= number <= 5 else cls._unknown(raw)
        key = normalise(raw)
        for category, label in _ACTION_LABELS.items():
            if normalise(label) == key or normalise(label).split()[0] == key:
                return category
        return cls._unknown(raw)

    @classmethod
    def _unknown(cls, raw: str) -> ActionCategory:
        raise UnknownNameError("action category", raw, [f"{c.value} - {c.label}" for c in cls])


_ACTION_LABELS: dict[ActionCategory, str] = {
    ActionCategory.MINIMAL: "Minimal action",
    ActionCategory.CONTINUING: "Continuing action",
    ActionCategory.CONSIDERING: "Considering action",
    ActionCategory.GENERAL: "General action",
    ActionCategory.SPECIFIC: "Specific action",
}


class RecommendationKind(enum.StrEnum):
    """Treaty bodies and the UHRI distinguish recommendations from concerns."""

    RECOMMENDATION = "recommendation"
    CONCERN = "concern"


def text_key(text: str) -> str:
    """Normalised text used to match the same recommendation across sources."""
    return normalise(text)


def recommendation_id(*, symbol: str | None, paragraph: str | None, review: str, text: str) -> str:
    """Stable id: ``"A/HRC/26/6:143.12"`` when symbol and paragraph are known;
    ``"UPR-VNM-2:143.12"`` (review and paragraph) without the symbol; otherwise
    the review id and a hash of the normalised text (``"UPR-VNM-2#3f2a9c1e0b7d"``)."""
    if symbol and paragraph:
        return f"{symbol}:{paragraph}"
    if paragraph:
        return f"{review}:{paragraph}"
    digest = hashlib.sha1(text_key(text).encode("utf-8"), usedforsecurity=False).hexdigest()
    return f"{review}#{digest[:12]}"


def _provenance(entries: tuple[FieldSource, ...] | list[FieldSource]) -> tuple[FieldSource, ...]:
    """Provenance is kept canonical (see :func:`upr.model.provenance.canonical`)."""
    if len(entries) == 1 and isinstance(entries, tuple):
        return entries
    return canonical(entries)


def _sorted_unique(values: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Set-valued fields are kept sorted and unique so equal sets compare equal."""
    if not values:
        return ()
    if len(values) == 1:
        return (values[0],) if values[0] else ()
    return tuple(sorted({v for v in values if v}))


@attrs.frozen(cache_hash=True)
class Recommendation(ShowsHtml):
    """One recommendation made to one state in one review.

    States are ISO alpha-3 codes (resolve names with :func:`upr.states.resolve`),
    treaties are codes of :mod:`upr.treaties`, SDG targets codes like ``"16.3"``.
    ``symbol``/``paragraph`` locate it in the UN document; ``provenance`` says
    which source gave which field.
    """

    id: str
    text: str
    review: str
    mechanism: str
    state_under_review: str
    cycle: int
    session: int | None = None
    recommending_states: tuple[str, ...] = attrs.field(default=(), converter=_sorted_unique)
    response: Response | None = None
    action_category: ActionCategory | None = None
    themes: tuple[str, ...] = attrs.field(default=(), converter=_sorted_unique)
    affected_persons: tuple[str, ...] = attrs.field(default=(), converter=_sorted_unique)
    sdg_targets: tuple[str, ...] = attrs.field(default=(), converter=_sorted_unique)
    treaties: tuple[str, ...] = attrs.field(default=(), converter=_sorted_unique)
    symbol: str | None = None
    paragraph: str | None = None
    kind: RecommendationKind = RecommendationKind.RECOMMENDATION
    provenance: tuple[FieldSource, ...] = attrs.field(default=(), converter=_provenance)

    @property
    def response_value(self) -> ResponseValue | None:
        """Shortcut for ``response.value``."""
        return None if self.response is None else self.response.value

    @functools.cached_property
    def text_key(self) -> str:
        """Normalised text (see :func:`text_key`), computed once per record."""
        return text_key(self.text)

    def sources(self, field: str) -> tuple[FieldSource, ...]:
        """The sources that gave ``field`` (entries for ``"*"`` gave every field)."""
        return tuple(p for p in self.provenance if p.gives(field))


@attrs.frozen
class VoluntaryPledge:
    """A commitment a state under review makes on its own initiative.

    UPR Info lists them beside recommendations with response ``Voluntary
    Pledge``; they are not recommendations (nobody recommends them) and are kept
    apart so that counts and acceptance rates are not distorted.
    """

    id: str
    text: str
    review: str
    state: str
    cycle: int
    session: int | None = None
    themes: tuple[str, ...] = ()
    provenance: tuple[FieldSource, ...] = attrs.field(default=(), converter=_provenance)
