"""UN human-rights mechanisms: the UPR, the ten treaty bodies, special procedures.

Source: OHCHR, "The Core International Human Rights Instruments and their
monitoring bodies" and "Human Rights Bodies" (ohchr.org). Committee codes are
the ones OHCHR uses in document symbols (``CCPR/C/...``, ``CAT/C/...``) and in
the Universal Human Rights Index.

>>> import upr
>>> upr.mechanisms.get("ICCPR").code
'CCPR'
"""

from __future__ import annotations

import enum

import attrs

from upr.errors import UnknownNameError
from upr.names import closest, normalise


class MechanismKind(enum.StrEnum):
    """How a mechanism is established."""

    CHARTER_BASED = "charter-based"
    TREATY_BASED = "treaty-based"
    SPECIAL_PROCEDURE = "special procedure"


@attrs.frozen
class Mechanism:
    """A body that reviews states and issues recommendations.

    ``treaties`` lists the codes of the treaties a treaty body monitors (see
    :mod:`upr.treaties`); ``aliases`` are other names users type for it,
    including the treaty's abbreviation (``"ICCPR"`` for the Human Rights Committee).
    """

    code: str
    name: str
    kind: MechanismKind
    treaties: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()


UPR_CODE = "UPR"

_BUILTIN: tuple[Mechanism, ...] = (
    Mechanism(
        "UPR",
        "Universal Periodic Review",
        MechanismKind.CHARTER_BASED,
        aliases=("Universal Periodic Review", "UPR Working Group", "Human Rights Council"),
    ),
    Mechanism(
        "CCPR",
        "Human Rights Committee",
        MechanismKind.TREATY_BASED,
        ("ICCPR", "ICCPR-OP1", "ICCPR-OP2"),
        ("HRC", "HRCttee", "ICCPR", "Human Rights Committee"),
    ),
    Mechanism(
        "CESCR",
        "Committee on Economic, Social and Cultural Rights",
        MechanismKind.TREATY_BASED,
        ("ICESCR", "OP-ICESCR"),
        ("ICESCR",),
    ),
    Mechanism(
        "CERD",
        "Committee on the Elimination of Racial Discrimination",
        MechanismKind.TREATY_BASED,
        ("ICERD",),
        ("ICERD",),
    ),
    Mechanism(
        "CEDAW",
        "Committee on the Elimination of Discrimination against Women",
        MechanismKind.TREATY_BASED,
        ("CEDAW", "OP-CEDAW"),
    ),
    Mechanism(
        "CAT",
        "Committee against Torture",
        MechanismKind.TREATY_BASED,
        ("CAT",),
        ("Committee against Torture",),
    ),
    Mechanism(
        "SPT",
        "Subcommittee on Prevention of Torture",
        MechanismKind.TREATY_BASED,
        ("OP-CAT",),
        ("OP-CAT", "OPCAT"),
    ),
    Mechanism(
        "CRC",
        "Committee on the Rights of the Child",
        MechanismKind.TREATY_BASED,
        ("CRC", "OP-CRC-AC", "OP-CRC-SC", "OP-CRC-IC"),
        ("CRC-OP-AC", "CRC-OP-SC", "CRC-OP-IC"),
    ),
    Mechanism(
        "CMW",
        "Committee on Migrant Workers",
        MechanismKind.TREATY_BASED,
        ("ICMW",),
        ("ICMW", "ICRMW"),
    ),
    Mechanism(
        "CRPD",
        "Committee on the Rights of Persons with Disabilities",
        MechanismKind.TREATY_BASED,
        ("CRPD", "OP-CRPD"),
    ),
    Mechanism(
        "CED",
        "Committee on Enforced Disappearances",
        MechanismKind.TREATY_BASED,
        ("CPED",),
        ("CPED", "ICPPED"),
    ),
)

_BY_CODE: dict[str, Mechanism] = {m.code: m for m in _BUILTIN}
_BY_KEY: dict[str, Mechanism] = {}
for _m in _BUILTIN:
    for _key in (_m.code, _m.name, *_m.aliases):
        _BY_KEY.setdefault(normalise(_key), _m)

_SPECIAL_PREFIXES = ("SR", "IE", "WG")


def all() -> tuple[Mechanism, ...]:
    """Every built-in mechanism: the UPR first, then the ten treaty bodies."""
    return _BUILTIN


def treaty_bodies() -> tuple[Mechanism, ...]:
    """The ten treaty bodies (CCPR, CESCR, CERD, CEDAW, CAT, SPT, CRC, CMW, CRPD, CED)."""
    return tuple(m for m in _BUILTIN if m.kind is MechanismKind.TREATY_BASED)


def special_procedure(code: str, name: str | None = None) -> Mechanism:
    """A special-procedure mandate, e.g. ``special_procedure("SR Torture")``.

    Special procedures are many and change over time, so they are not listed;
    this builds the :class:`Mechanism` for one named mandate.
    """
    code = code.strip()
    if not code:
        raise UnknownNameError("mechanism", code)
    return Mechanism(code, name or code, MechanismKind.SPECIAL_PROCEDURE)


def get(name_or_code: str) -> Mechanism:
    """The mechanism for a code, name or treaty abbreviation.

    ``get("UPR")``, ``get("CCPR")``, ``get("ICCPR")`` and ``get("Human Rights
    Committee")`` all work. Codes of special procedures as the UHRI writes them
    (``"SR on torture"``, ``"IE ..."``, ``"WG ..."``) give a special-procedure
    mechanism. Anything else raises :class:`~upr.errors.UnknownNameError` with
    the closest known names.
    """
    found = _BY_KEY.get(normalise(name_or_code))
    if found is not None:
        return found
    stripped = name_or_code.strip()
    if stripped[:2].upper() in _SPECIAL_PREFIXES and len(stripped) > 2:
        return special_procedure(stripped)
    raise UnknownNameError(
        "mechanism", name_or_code, closest(name_or_code, [m.code for m in _BUILTIN])
    )


def by_code(code: str) -> Mechanism | None:
    """The built-in mechanism with exactly this code, or ``None``."""
    return _BY_CODE.get(code)
