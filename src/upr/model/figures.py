"""Figures that a government, UN body or newspaper states about a review.

Keeping them as data lets :mod:`upr` reconcile what was reported ("291
recommendations from 122 states, 241 accepted") with what the data computes,
and explain differences (unit, a missing paragraph, rounding).
"""

from __future__ import annotations

import datetime as dt
import enum

import attrs


class Qualifier(enum.StrEnum):
    """How precise a reported figure claims to be."""

    EXACTLY = "exactly"
    OVER = "over"
    UNDER = "under"
    ABOUT = "about"


class Unit(enum.StrEnum):
    """What a reported figure counts."""

    COUNT = "count"
    PERCENT = "percent"


@attrs.frozen
class ReportedFigure:
    """One published figure about one review.

    ``quantity`` names what is counted with the metric names of
    :mod:`upr.metrics` where one fits (``"recommendations"``,
    ``"recommending_states"``, ``"supported"``, ``"support_rate"``,
    ``"implemented_rate"``); ``text`` quotes the statement (translated if needed,
    ``language`` gives the original's), ``source`` names the publication.
    """

    review: str
    quantity: str
    value: float
    source: str
    unit: Unit = Unit.COUNT
    qualifier: Qualifier = Qualifier.EXACTLY
    text: str | None = None
    date: dt.date | None = None
    language: str | None = None
