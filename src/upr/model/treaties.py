"""The nine core international human-rights treaties and their optional protocols.

Source: OHCHR, "The Core International Human Rights Instruments and their
monitoring bodies" (ohchr.org, page
core-international-human-rights-instruments-and-their-monitoring-bodies):
names, adoption dates by the General Assembly and monitoring committees.
Ratification status per state is in :mod:`upr.ratifications`.

>>> import upr
>>> upr.treaties.get("Convention against Torture").code
'CAT'
>>> upr.treaties.get("OP-CAT").committee
'SPT'
"""

from __future__ import annotations

import datetime as dt

import attrs

from upr.errors import UnknownNameError
from upr.model import mechanisms
from upr.names import closest, normalise


@attrs.frozen
class Treaty:
    """A core treaty or optional protocol.

    ``committee`` is the code of the monitoring :class:`~upr.mechanisms.Mechanism`
    (``"CCPR"`` for the ICCPR); ``parent`` is the code of the treaty an optional
    protocol belongs to, ``None`` for a core treaty.
    """

    code: str
    name: str
    adopted: dt.date
    committee: str
    parent: str | None = None
    aliases: tuple[str, ...] = ()

    @property
    def is_protocol(self) -> bool:
        """True for an optional protocol."""
        return self.parent is not None

    @property
    def monitoring_body(self) -> mechanisms.Mechanism:
        """The committee that monitors this treaty, as a Mechanism."""
        return mechanisms.get(self.committee)


def _d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


_BUILTIN: tuple[Treaty, ...] = (
    Treaty(
        "ICERD",
        "International Convention on the Elimination of All Forms of Racial Discrimination",
        _d("1965-12-21"),
        "CERD",
        aliases=("CERD convention", "Convention on the Elimination of Racial Discrimination"),
    ),
    Treaty(
        "ICCPR",
        "International Covenant on Civil and Political Rights",
        _d("1966-12-16"),
        "CCPR",
        aliases=("Covenant on Civil and Political Rights", "CCPR"),
    ),
    Treaty(
        "ICESCR",
        "International Covenant on Economic, Social and Cultural Rights",
        _d("1966-12-16"),
        "CESCR",
        aliases=("Covenant on Economic, Social and Cultural Rights", "CESCR"),
    ),
    Treaty(
        "CEDAW",
        "Convention on the Elimination of All Forms of Discrimination against Women",
        _d("1979-12-18"),
        "CEDAW",
    ),
    Treaty(
        "CAT",
        "Convention against Torture and Other Cruel, Inhuman or Degrading Treatment or Punishment",
        _d("1984-12-10"),
        "CAT",
        aliases=("Convention against Torture", "UNCAT"),
    ),
    Treaty(
        "CRC",
        "Convention on the Rights of the Child",
        _d("1989-11-20"),
        "CRC",
        aliases=("UNCRC",),
    ),
    Treaty(
        "ICMW",
        "International Convention on the Protection of the Rights of All Migrant Workers"
        " and Members of Their Families",
        _d("1990-12-18"),
        "CMW",
        aliases=("ICRMW", "CMW", "Migrant Workers Convention"),
    ),
    Treaty(
        "CRPD",
        "Convention on the Rights of Persons with Disabilities",
        _d("2006-12-13"),
        "CRPD",
    ),
    Treaty(
        "CPED",
        "International Convention for the Protection of All Persons from Enforced Disappearance",
        _d("2006-12-20"),
        "CED",
        aliases=("ICPPED", "CED", "Convention on Enforced Disappearance"),
    ),
    Treaty(
        "ICCPR-OP1",
        "Optional Protocol to the International Covenant on Civil and Political Rights",
        _d("1966-12-16"),
        "CCPR",
        "ICCPR",
        ("First Optional Protocol to the ICCPR", "OP1-ICCPR", "ICCPR-OP-1"),
    ),
    Treaty(
        "ICCPR-OP2",
        "Second Optional Protocol to the International Covenant on Civil and Political Rights,"
        " aiming at the abolition of the death penalty",
        _d("1989-12-15"),
        "CCPR",
        "ICCPR",
        ("Second Optional Protocol to the ICCPR", "OP2-ICCPR", "ICCPR-OP-2", "ICCPR-OP2-DP"),
    ),
    Treaty(
        "OP-ICESCR",
        "Optional Protocol to the International Covenant on Economic, Social and Cultural Rights",
        _d("2008-12-10"),
        "CESCR",
        "ICESCR",
        ("ICESCR-OP", "OP-CESCR"),
    ),
    Treaty(
        "OP-CEDAW",
        "Optional Protocol to the Convention on the Elimination of All Forms of"
        " Discrimination against Women",
        _d("1999-10-06"),
        "CEDAW",
        "CEDAW",
        ("CEDAW-OP",),
    ),
    Treaty(
        "OP-CAT",
        "Optional Protocol to the Convention against Torture and Other Cruel, Inhuman"
        " or Degrading Treatment or Punishment",
        _d("2002-12-18"),
        "SPT",
        "CAT",
        ("OPCAT", "CAT-OP"),
    ),
    Treaty(
        "OP-CRC-AC",
        "Optional Protocol to the Convention on the Rights of the Child on the involvement"
        " of children in armed conflict",
        _d("2000-05-25"),
        "CRC",
        "CRC",
        ("CRC-OP-AC", "OPAC"),
    ),
    Treaty(
        "OP-CRC-SC",
        "Optional Protocol to the Convention on the Rights of the Child on the sale of"
        " children, child prostitution and child pornography",
        _d("2000-05-25"),
        "CRC",
        "CRC",
        ("CRC-OP-SC", "OPSC"),
    ),
    Treaty(
        "OP-CRC-IC",
        "Optional Protocol to the Convention on the Rights of the Child on a communications"
        " procedure",
        _d("2011-12-19"),
        "CRC",
        "CRC",
        ("CRC-OP-IC", "OPIC"),
    ),
    Treaty(
        "OP-CRPD",
        "Optional Protocol to the Convention on the Rights of Persons with Disabilities",
        _d("2006-12-13"),
        "CRPD",
        "CRPD",
        ("CRPD-OP",),
    ),
)

_BY_CODE: dict[str, Treaty] = {t.code: t for t in _BUILTIN}
_BY_KEY: dict[str, Treaty] = {}
for _t in _BUILTIN:
    for _key in (_t.code, _t.name, *_t.aliases):
        _BY_KEY.setdefault(normalise(_key), _t)


def all() -> tuple[Treaty, ...]:
    """All 18 instruments: the 9 core treaties, then the 9 optional protocols."""
    return _BUILTIN


def core() -> tuple[Treaty, ...]:
    """The nine core treaties."""
    return tuple(t for t in _BUILTIN if t.parent is None)


def protocols() -> tuple[Treaty, ...]:
    """The nine optional protocols."""
    return tuple(t for t in _BUILTIN if t.parent is not None)


def get(name_or_code: str) -> Treaty:
    """The treaty for a code (``"ICCPR"``), alias (``"OPCAT"``) or full name.

    Raises :class:`~upr.errors.UnknownNameError` naming the closest codes. To
    find treaties *mentioned* in free text use :func:`upr.treaty_mentions.detect`.
    """
    found = _BY_KEY.get(normalise(name_or_code))
    if found is None:
        raise UnknownNameError("treaty", name_or_code, closest(name_or_code, _BY_CODE))
    return found


def codes() -> tuple[str, ...]:
    """The codes of all 18 instruments, core treaties first."""
    return tuple(_BY_CODE)


def monitored_by(mechanism: str) -> tuple[Treaty, ...]:
    """The treaties a committee monitors (``monitored_by("ICCPR")`` accepts aliases)."""
    code = mechanisms.get(mechanism).code
    return tuple(t for t in _BUILTIN if t.committee == code)
