"""UN member and observer states: codes, UN names, regional groups, aliases.

The 193 UN members and the 2 observer states (Holy See, State of Palestine),
keyed by ISO 3166-1 alpha-3 code. Names are the UN short and formal names;
every other spelling met in UN, UPR Info, DIHR and treaty data (historical UN
names such as "Libyan Arab Jamahiriya", "Swaziland", "Turkey") is an alias.

Source: ``upr/data/states.csv``, built by ``scripts/build_reference.py`` from
the UN names list, the UN regional groups, mledoze/countries and pycountry;
``upr/data/SOURCES.md`` names every source and decision (Türkiye -> WEOG).

>>> from upr import states
>>> states.resolve("Viet Nam").code
'VNM'
>>> states.resolve("Swaziland").short_name
'Eswatini'
>>> str(states.get("GBR"))
'United Kingdom of Great Britain and Northern Ireland'
"""

from __future__ import annotations

import csv
import enum
import functools
import importlib.resources
import io
import re

import attrs

from upr.errors import UnknownNameError
from upr.names import closest, normalise

_DATA_FILE = "data/states.csv"
_CODE = re.compile(r"[A-Z]{2,3}")


class RegionalGroup(enum.StrEnum):
    """The five UN regional groups (used for Council seats and UPR statistics)."""

    AFRICAN = "African"
    ASIA_PACIFIC = "Asia-Pacific"
    EASTERN_EUROPEAN = "Eastern European"
    GRULAC = "GRULAC"
    WEOG = "WEOG"

    @classmethod
    def parse(cls, label: str) -> RegionalGroup:
        """The group a data label names.

        Accepts the values (``"Asia-Pacific"``), UPR Info's labels (``"Africa"``,
        ``"Asia"``, ``"EEG"``, ``"GRULAC"``, ``"WEOG"``) and the groups' full names
        (``"Group of African States"``, ``"Latin American and Caribbean Group"``,
        ``"Western European and other States"``, ...), matched through
        :func:`upr.names.normalise`. ``"Observer"`` (UPR Info's label for the Holy
        See and Palestine) is not a group; it and any other unknown label raise
        :class:`~upr.errors.UnknownNameError`.
        """
        found = _GROUP_BY_KEY.get(normalise(label))
        if found is None:
            raise UnknownNameError("regional group", label, closest(label, _GROUP_LABELS))
        return found


_GROUP_NAMES: dict[RegionalGroup, tuple[str, ...]] = {
    RegionalGroup.AFRICAN: (
        "Africa",
        "African Group",
        "African States",
        "Group of African States",
    ),
    RegionalGroup.ASIA_PACIFIC: (
        "Asia",
        "Asian Group",
        "Asia-Pacific Group",
        "Asia-Pacific States",
        "Asia and the Pacific",
        "Asia and the Pacific Group",
        "Group of Asia-Pacific States",
        "Group of Asia and the Pacific",
    ),
    RegionalGroup.EASTERN_EUROPEAN: (
        "EEG",
        "Eastern Europe",
        "Eastern European Group",
        "Eastern European States",
        "Group of Eastern European States",
    ),
    RegionalGroup.GRULAC: (
        "Latin America and the Caribbean",
        "Latin American and Caribbean Group",
        "Latin American and Caribbean States",
        "Group of Latin American and Caribbean States",
    ),
    RegionalGroup.WEOG: (
        "Western European and Others Group",
        "Western European and Other States",
        "Western European and Other States Group",
        "Western European and Others",
        "Group of Western European and Other States",
    ),
}
_GROUP_LABELS: tuple[str, ...] = tuple(
    label for group, names in _GROUP_NAMES.items() for label in (group.value, *names)
)
_GROUP_BY_KEY: dict[str, RegionalGroup] = {
    normalise(label): group
    for group, names in _GROUP_NAMES.items()
    for label in (group.value, *names)
}


class MembershipStatus(enum.StrEnum):
    """Whether a state is a UN member or a non-member observer state."""

    MEMBER = "member"
    OBSERVER = "observer"


@attrs.frozen
class State:
    """A UN member or observer state.

    ``code`` is the ISO 3166-1 alpha-3 code; ``short_name`` and ``formal_name``
    are the UN's ("Viet Nam", "Socialist Republic of Viet Nam");
    ``regional_group`` is ``None`` for the Holy See and the State of Palestine;
    ``aliases`` are every other spelling :func:`resolve` accepts.
    """

    code: str
    short_name: str
    formal_name: str
    regional_group: RegionalGroup | None
    status: MembershipStatus
    aliases: tuple[str, ...] = ()

    @property
    def alpha2(self) -> str:
        """The ISO 3166-1 alpha-2 code (``"VN"``), from pycountry."""
        return _alpha2(self.code)

    @property
    def is_member(self) -> bool:
        """True for a UN member, False for an observer state."""
        return self.status is MembershipStatus.MEMBER

    def __str__(self) -> str:
        return self.short_name


def lookup_key(name: str) -> str:
    """The form of a name :func:`resolve` compares: normalised, leading "the" removed.

    >>> lookup_key("the Democratic People&#39;s Republic of Korea")
    'democratic people s republic of korea'
    """
    key = normalise(name)
    return key[4:] if key.startswith("the ") else key


@functools.cache
def _alpha2(code: str) -> str:
    import pycountry  # noqa: PLC0415 - imported on first use: keeps `import upr` fast

    country = pycountry.countries.get(alpha_3=code)
    if country is None:  # pragma: no cover - every shipped code is in ISO 3166-1
        raise UnknownNameError("state", code)
    return str(country.alpha_2)


@attrs.frozen
class _Table:
    states: tuple[State, ...]
    by_code: dict[str, State]
    by_alpha2: dict[str, State]
    by_key: dict[str, State]
    names: tuple[str, ...]


@functools.cache
def _table() -> _Table:
    text = importlib.resources.files("upr").joinpath(_DATA_FILE).read_text(encoding="utf-8")
    loaded = []
    for row in csv.DictReader(io.StringIO(text, newline="")):
        group = row["regional_group"]
        loaded.append(
            State(
                code=row["code"],
                short_name=row["short_name"],
                formal_name=row["formal_name"],
                regional_group=RegionalGroup(group) if group else None,
                status=MembershipStatus(row["status"]),
                aliases=tuple(a for a in row["aliases"].split("|") if a),
            )
        )
    ordered = tuple(sorted(loaded, key=lambda s: s.code))
    by_key: dict[str, State] = {}
    names: list[str] = []
    for state in ordered:
        for name in (state.short_name, state.formal_name, *state.aliases):
            by_key.setdefault(lookup_key(name), state)
            names.append(name)
    return _Table(
        states=ordered,
        by_code={s.code: s for s in ordered},
        by_alpha2={s.alpha2: s for s in ordered},
        by_key=by_key,
        names=tuple(names),
    )


def _suggestions(name: str, n: int = 3) -> list[str]:
    """Short names of the states whose names look most like ``name``."""
    table = _table()
    out: list[str] = []
    for hit in closest(name, table.names, n=4 * n):
        short = table.by_key[lookup_key(hit)].short_name
        if short not in out:
            out.append(short)
    return out[:n]


def resolve(name_or_code: str) -> State:
    """The state a code or name stands for.

    Accepts an alpha-3 (``"VNM"``) or alpha-2 (``"VN"``) code in upper case, the
    UN short or formal name, or any alias, compared through
    :func:`upr.names.normalise` (case, accents, apostrophes, punctuation and HTML
    entities do not matter) after dropping a leading "the". It never guesses:
    a name that matches nothing raises :class:`~upr.errors.UnknownNameError`
    naming the closest states.
    """
    found = _lookup(name_or_code)
    if found is None:
        raise UnknownNameError("state", name_or_code, _suggestions(name_or_code))
    return found


def _lookup(name_or_code: str) -> State | None:
    known = _RESOLVED.get(name_or_code)
    if known is not None:
        return known
    table = _table()
    text = name_or_code.strip()
    if _CODE.fullmatch(text):
        found = table.by_code.get(text) or table.by_alpha2.get(text)
        if found is not None:
            return found
    found = table.by_key.get(lookup_key(text))
    if found is not None and len(_RESOLVED) < _RESOLVED_MAX:
        _RESOLVED[name_or_code] = found
    return found


_RESOLVED: dict[str, State] = {}
"""Names already resolved (importers resolve the same few hundred names per row)."""
_RESOLVED_MAX = 65_536


def try_resolve(name_or_code: str) -> State | None:
    """Like :func:`resolve`, but ``None`` for an unknown name (and no suggestions
    computed: cheap enough to call on every word that might be a state)."""
    return _lookup(name_or_code)


@functools.cache
def _groups_by_code() -> dict[str, RegionalGroup | None]:
    return {state.code: state.regional_group for state in all()}


def group_of(code: str) -> RegionalGroup | None:
    """The UN regional group of the state with this alpha-3 code; ``None`` for a
    state without one (Holy See, State of Palestine) or an unknown code.

    A dictionary lookup: cheap enough for per-recommendation loops in metrics.
    """
    return _groups_by_code().get(code)


@functools.lru_cache(maxsize=65_536)
def groups_of(codes: tuple[str, ...]) -> tuple[RegionalGroup, ...]:
    """The distinct regional groups of several states (the recommending states of
    one recommendation), in :class:`RegionalGroup` order; states without a group
    are left out. Cached: a corpus has few distinct combinations of states.
    """
    found = {group_of(code) for code in codes}
    return tuple(g for g in RegionalGroup if g in found)


def get(code: str) -> State:
    """The state with this ISO alpha-3 code (any case).

    Raises :class:`~upr.errors.UnknownNameError` (a ``LookupError``) for any
    other code; use :func:`resolve` for names and alpha-2 codes.
    """
    table = _table()
    found = table.by_code.get(code.strip().upper())
    if found is None:
        raise UnknownNameError("state code", code, closest(code, table.by_code))
    return found


def all() -> tuple[State, ...]:
    """Every UN member and observer state, sorted by code."""
    return _table().states


def members() -> tuple[State, ...]:
    """The 193 UN member states, sorted by code."""
    return tuple(s for s in _table().states if s.status is MembershipStatus.MEMBER)


def observers() -> tuple[State, ...]:
    """The non-member observer states (Holy See, State of Palestine), sorted by code."""
    return tuple(s for s in _table().states if s.status is MembershipStatus.OBSERVER)


def in_group(group: RegionalGroup | str) -> tuple[State, ...]:
    """The states of a regional group (a :class:`RegionalGroup` or any label it parses)."""
    wanted = group if isinstance(group, RegionalGroup) else RegionalGroup.parse(group)
    return tuple(s for s in _table().states if s.regional_group is wanted)
