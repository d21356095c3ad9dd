"""Human Rights Council membership.

The Council has 47 members elected by the General Assembly for three-year terms
(General Assembly resolution 60/251, 2006). Viet Nam, for example, served
2014-2016 and 2023-2025 (seed article in ``shared/data/seeds``).
"""

from __future__ import annotations

import attrs

COUNCIL_SEATS = 47
TERM_YEARS = 3


@attrs.frozen
class CouncilMembership:
    """A state's term on the Council, from January of ``start_year`` to December of ``end_year``."""

    state: str
    start_year: int
    end_year: int
    source: str | None = None

    def covers(self, year: int) -> bool:
        """True if the state sat on the Council in ``year``."""
        return self.start_year <= year <= self.end_year
