"""Review cycles: UPR cycles 1-4 and treaty-body reporting cycles.

UPR cycle years and Working Group session ranges. Source: OHCHR, "Universal
Periodic Review" cycle pages and the Working Group session calendar
(ohchr.org/en/hr-bodies/upr). Sessions 1-12 (2008-2011) form cycle 1, 13-26
(2012-2016) cycle 2, 27-40 (2017-2022) cycle 3 and 41-54 (2022-2027) cycle 4.

A treaty body has no fixed calendar: its n-th cycle is the examination of a
state's n-th periodic report (``Cycle("CAT", 2)``), so there are no session
ranges for it.

>>> from upr import cycles
>>> cycles.for_session(18).number
2
"""

from __future__ import annotations

import attrs

from upr.errors import UnknownNameError
from upr.model import mechanisms


@attrs.frozen(order=True)
class Cycle:
    """One reporting cycle of one mechanism.

    For the UPR, ``start_year``/``end_year`` and ``first_session``/``last_session``
    (Working Group sessions) are set; for a treaty body ``number`` is the
    periodic report examined and the other fields are ``None``.
    """

    mechanism: str
    number: int
    start_year: int | None = None
    end_year: int | None = None
    first_session: int | None = None
    last_session: int | None = None

    @property
    def label(self) -> str:
        """Human label: ``"UPR cycle 2 (2012-2016)"`` or ``"CAT report 2"``."""
        if self.mechanism == mechanisms.UPR_CODE:
            return f"UPR cycle {self.number} ({self.start_year}-{self.end_year})"
        return f"{self.mechanism} report {self.number}"

    def __str__(self) -> str:
        return self.label


UPR_CYCLES: tuple[Cycle, ...] = (
    Cycle("UPR", 1, 2008, 2011, 1, 12),
    Cycle("UPR", 2, 2012, 2016, 13, 26),
    Cycle("UPR", 3, 2017, 2022, 27, 40),
    Cycle("UPR", 4, 2022, 2027, 41, 54),
)


def upr(number: int) -> Cycle:
    """UPR cycle ``number`` (1-4)."""
    for cycle in UPR_CYCLES:
        if cycle.number == number:
            return cycle
    raise UnknownNameError("UPR cycle", str(number), [str(c.number) for c in UPR_CYCLES])


def for_session(session: int) -> Cycle:
    """The UPR cycle a Working Group session belongs to."""
    for cycle in UPR_CYCLES:
        if (cycle.first_session or 0) <= session <= (cycle.last_session or 0):
            return cycle
    raise UnknownNameError("UPR Working Group session", str(session))


def for_year(year: int) -> tuple[Cycle, ...]:
    """The UPR cycles running in ``year`` (2022 belongs to cycles 3 and 4)."""
    return tuple(
        c
        for c in UPR_CYCLES
        if c.start_year is not None
        and c.end_year is not None
        and c.start_year <= year <= c.end_year
    )


def get(mechanism: str, number: int) -> Cycle:
    """Cycle ``number`` of a mechanism: UPR cycles carry years and sessions."""
    code = mechanisms.get(mechanism).code
    if code == mechanisms.UPR_CODE:
        return upr(number)
    if number < 1:
        raise UnknownNameError(f"{code} reporting cycle", str(number))
    return Cycle(code, number)
