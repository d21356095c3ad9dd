"""Ratification status of the 18 core human-rights instruments, per UN member.

One :class:`Ratification` per (state, treaty): party (with the year of
ratification or accession), signatory, or none. Treaty codes are those of
:mod:`upr.treaties` (``"ICCPR"``, ``"OP-CAT"``, ...).

Source: ``upr/data/ratifications.csv``, built by ``scripts/build_reference.py``
from the ``hr_status_*.csv`` files of world-politics-datalab/
humanrights-treaties-ratification-status (UN Treaty Collection, 2022; years
only). ``upr/data/SOURCES.md`` lists the rows corrected from the files' own
notes (denunciations, signatures tied to the United Kingdom's) and the two
pairs the source does not record (Gabon/OP-CRC-IC, Zimbabwe/OP-CEDAW).
Observer states are not covered.

>>> from upr import ratifications
>>> ratifications.status("Viet Nam", "CAT").value
'party'
"""

from __future__ import annotations

import csv
import enum
import functools
import importlib.resources
import io

import attrs

from upr.errors import UprError
from upr.model import states, treaties

_DATA_FILE = "data/ratifications.csv"


class RatificationStatus(enum.StrEnum):
    """Where a state stands with a treaty."""

    PARTY = "party"
    """Ratified or acceded (or succeeded)."""
    SIGNATORY = "signatory"
    """Signed, not ratified."""
    NONE = "none"
    """No action (or, for a denounced protocol, no longer a party)."""


@attrs.frozen
class Ratification:
    """The status of one state with one treaty.

    ``state`` is an ISO alpha-3 code, ``treaty`` a :mod:`upr.treaties` code;
    ``year`` is the year of ratification or accession of a party, ``None``
    otherwise; ``source`` names the file and its publisher.
    """

    state: str
    treaty: str
    status: RatificationStatus
    year: int | None = None
    source: str = ""


class NotRecordedError(UprError, LookupError):
    """The data has no record for a (state, treaty) pair: the status is unknown."""

    def __init__(self, state: str, treaty: str) -> None:
        self.state = state
        self.treaty = treaty
        super().__init__(f"no ratification record for {state} and {treaty}")


@attrs.frozen
class _Table:
    rows: tuple[Ratification, ...]
    by_state: dict[str, tuple[Ratification, ...]]
    by_pair: dict[tuple[str, str], Ratification]


@functools.cache
def _table() -> _Table:
    text = importlib.resources.files("upr").joinpath(_DATA_FILE).read_text(encoding="utf-8")
    rows = tuple(
        Ratification(
            state=row["state"],
            treaty=row["treaty"],
            status=RatificationStatus(row["status"]),
            year=int(row["year"]) if row["year"] else None,
            source=row["source"],
        )
        for row in csv.DictReader(io.StringIO(text, newline=""))
    )
    by_state: dict[str, list[Ratification]] = {}
    for r in rows:
        by_state.setdefault(r.state, []).append(r)
    return _Table(
        rows=rows,
        by_state={code: tuple(found) for code, found in by_state.items()},
        by_pair={(r.state, r.treaty): r for r in rows},
    )


def all() -> tuple[Ratification, ...]:
    """Every record, sorted by state code, then treaty (core treaties first)."""
    return _table().rows


def for_state(state: str) -> tuple[Ratification, ...]:
    """The records of one state (a code or any name :func:`upr.states.resolve` accepts).

    Empty for an observer state, which the source does not cover.
    """
    return _table().by_state.get(states.resolve(state).code, ())


def for_treaty(treaty: str) -> tuple[Ratification, ...]:
    """The records of one treaty (a code, alias or name :func:`upr.treaties.get` accepts)."""
    code = treaties.get(treaty).code
    return tuple(r for r in _table().rows if r.treaty == code)


def ratification(state: str, treaty: str) -> Ratification | None:
    """The record for a state and a treaty, ``None`` when the data has none.

    Names are resolved through :func:`upr.states.resolve` and
    :func:`upr.treaties.get`; unknown names raise
    :class:`~upr.errors.UnknownNameError`.
    """
    key = (states.resolve(state).code, treaties.get(treaty).code)
    return _table().by_pair.get(key)


def status(state: str, treaty: str) -> RatificationStatus:
    """Whether ``state`` is a party to, a signatory of, or has taken no action on ``treaty``.

    Raises :class:`NotRecordedError` (a ``LookupError``) when the data has no
    record for the pair, rather than guessing ``NONE``.
    """
    found = ratification(state, treaty)
    if found is None:
        raise NotRecordedError(states.resolve(state).code, treaties.get(treaty).code)
    return found.status
