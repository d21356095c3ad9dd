"""The 17 Sustainable Development Goals and their 169 targets.

Source: United Nations General Assembly resolution A/RES/70/1, "Transforming
our world: the 2030 Agenda for Sustainable Development" (2015); target codes as
in the global indicator framework A/RES/71/313. Goal titles are the short
titles used by the UN Statistics Division.

Spreadsheets store target codes as numbers, so ``4.10`` arrives as ``4.1``.
:func:`targets_for_number` lists every target a number could be.
"""

from __future__ import annotations

from functools import cache

import attrs

from upr.errors import UnknownNameError

# goal: (title, numbered targets, lettered targets)
_GOALS: dict[int, tuple[str, int, int]] = {
    1: ("No poverty", 5, 2),
    2: ("Zero hunger", 5, 3),
    3: ("Good health and well-being", 9, 4),
    4: ("Quality education", 7, 3),
    5: ("Gender equality", 6, 3),
    6: ("Clean water and sanitation", 6, 2),
    7: ("Affordable and clean energy", 3, 2),
    8: ("Decent work and economic growth", 10, 2),
    9: ("Industry, innovation and infrastructure", 5, 3),
    10: ("Reduced inequalities", 7, 3),
    11: ("Sustainable cities and communities", 7, 3),
    12: ("Responsible consumption and production", 8, 3),
    13: ("Climate action", 3, 2),
    14: ("Life below water", 7, 3),
    15: ("Life on land", 9, 3),
    16: ("Peace, justice and strong institutions", 10, 2),
    17: ("Partnerships for the goals", 19, 0),
}


@attrs.frozen
class Goal:
    """An SDG: number, short title, and its target codes (``"4.1"`` ... ``"4.c"``)."""

    number: int
    title: str
    targets: tuple[str, ...]


@cache
def goals() -> tuple[Goal, ...]:
    """All 17 goals in order."""
    out = []
    for number, (title, numbered, lettered) in _GOALS.items():
        codes = [f"{number}.{i}" for i in range(1, numbered + 1)]
        codes += [f"{number}.{chr(ord('a') + i)}" for i in range(lettered)]
        out.append(Goal(number, title, tuple(codes)))
    return tuple(out)


@cache
def targets() -> tuple[str, ...]:
    """All 169 target codes."""
    return tuple(t for g in goals() for t in g.targets)


def goal(number: int | str) -> Goal:
    """Goal by number (``goal(16)`` or ``goal("16")``)."""
    try:
        return goals()[int(number) - 1] if 1 <= int(number) <= 17 else _no_goal(number)
    except ValueError:
        return _no_goal(number)


def _no_goal(number: int | str) -> Goal:
    raise UnknownNameError("SDG", str(number), [str(n) for n in range(1, 18)])


def is_target(code: str) -> bool:
    """True if ``code`` is one of the 169 target codes."""
    return code in _target_set()


@cache
def _target_set() -> frozenset[str]:
    return frozenset(targets())


def target(code: str) -> str:
    """Validate and return a target code (``"16.3"``); unknown codes raise."""
    code = code.strip().lower().rstrip(".")
    if code in _target_set():
        return code
    raise UnknownNameError("SDG target", code, [])


def goal_of(target_code: str) -> int:
    """The goal number of a target code: ``goal_of("16.a") == 16``."""
    return int(target(target_code).split(".")[0])


def targets_for_number(value: float | str) -> tuple[str, ...]:
    """Every target a spreadsheet number may stand for.

    Excel drops trailing zeros, so the number ``16.1`` is target 16.1 or 16.10;
    ``4.1`` can only be 4.1 because goal 4 has no target 4.10. Returns the
    existing candidates, most literal first; empty if none exists.
    """
    text = value if isinstance(value, str) else repr(float(value))
    text = text.strip()
    literal = [text] if text in _target_set() else []
    if "." in text:
        head, tail = text.split(".", 1)
        if tail.isdigit():
            padded = f"{head}.{tail}0"
            if len(tail) == 1 and padded in _target_set():
                literal.append(padded)
    return tuple(literal)
