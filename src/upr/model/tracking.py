"""National implementation tracking records: agencies, plans, assignments, actions, assessments.

This is what governments and national human-rights institutions record after a
review (OHCHR's National Recommendations Tracking Database, Paraguay's SIMORE):
each recommendation assigned to a lead agency and supporting agencies, actions
planned and taken, and dated judgements of progress. The records are plain
values; what is computed from them (status as of a date, implementation rates,
validation, mid-term tables) is in :mod:`upr.analysis.tracking`.

Status labels (:func:`parse_status`, in English and Vietnamese) and treaty-body
follow-up grades (:func:`parse_grade`, :data:`FOLLOW_UP_GRADES`: A-E and the
legacy B1/B2, C1/C2, D1/D2) map to :class:`ImplementationStatus`, the grade
kept verbatim.

>>> parse_status("thực hiện một phần")
<ImplementationStatus.PARTIALLY_IMPLEMENTED: 'partially implemented'>
>>> parse_grade("b 1").status
<ImplementationStatus.PARTIALLY_IMPLEMENTED: 'partially implemented'>
"""

from __future__ import annotations

import datetime as dt
import enum
import re

import attrs

from upr.errors import UnknownNameError
from upr.names import normalise


class AgencyKind(enum.StrEnum):
    """What sort of national body an agency is."""

    MINISTRY = "ministry"
    DEPARTMENT = "department"
    COURT = "court"
    PARLIAMENT = "parliament"
    NHRI = "national human rights institution"
    OTHER = "other"


@attrs.frozen
class Agency:
    """A national body that implements recommendations.

    ``parent`` is the id of the agency it belongs to (a department inside a
    ministry). ``state`` is the ISO alpha-3 code.
    """

    id: str
    name: str
    state: str
    kind: AgencyKind = AgencyKind.OTHER
    parent: str | None = None
    aliases: tuple[str, ...] = ()


class AssignmentRole(enum.StrEnum):
    """Lead agencies answer for a recommendation; supporting agencies contribute."""

    LEAD = "lead"
    SUPPORTING = "supporting"


@attrs.frozen
class Assignment:
    """A recommendation assigned to an agency, optionally within a thematic group
    (Viet Nam's Master Plan groups, e.g. ``"trafficking in persons"``).

    ``provenance`` says where the record was read (``"sheet.xlsx, sheet
    'tracking', row 7"``); it is not part of the value (not compared).
    """

    recommendation: str
    agency: str
    role: AssignmentRole = AssignmentRole.LEAD
    group: str | None = None
    provenance: str | None = attrs.field(default=None, eq=False)


@attrs.frozen
class ImplementationPlan:
    """A state's plan for implementing one review's recommendations."""

    id: str
    state: str
    review: str
    title: str
    adopted: dt.date | None = None
    source: str | None = None
    assignments: tuple[Assignment, ...] = ()


@attrs.frozen
class Action:
    """Something one or more agencies do for one or more recommendations.

    ``provenance`` (where the record was read) is not compared.
    """

    id: str
    description: str
    agencies: tuple[str, ...] = ()
    recommendations: tuple[str, ...] = ()
    start: dt.date | None = None
    end: dt.date | None = None
    indicator: str | None = None
    outcome: str | None = None
    source: str | None = None
    provenance: str | None = attrs.field(default=None, eq=False)


class ImplementationStatus(enum.StrEnum):
    """Implementation status of a recommendation at a date.

    ``NOT_STARTED`` is also the "not implemented" level of UPR Info's
    three-level scale and of treaty-body grades C and E (see
    :data:`FOLLOW_UP_GRADES`).
    """

    NOT_STARTED = "not started"
    IN_PROGRESS = "in progress"
    PARTIALLY_IMPLEMENTED = "partially implemented"
    FULLY_IMPLEMENTED = "fully implemented"
    NOT_ASSESSED = "not assessed"


class AssessorKind(enum.StrEnum):
    """Who made an assessment."""

    GOVERNMENT = "government"
    NHRI = "national human rights institution"
    NGO = "non-governmental organisation"
    UN_BODY = "UN body"


@attrs.frozen
class Assessment:
    """A dated judgement of a recommendation's implementation by a named assessor.

    Treaty-body follow-up grades (Human Rights Committee A-E, legacy B1/B2,
    C1/C2) are kept verbatim in ``grade`` beside the mapped ``status``
    (:func:`follow_up_assessment`). ``provenance`` (where the record was read)
    is not compared: the same judgement read from two rows is one value.
    """

    recommendation: str
    date: dt.date
    assessor: str
    status: ImplementationStatus
    assessor_kind: AssessorKind = AssessorKind.GOVERNMENT
    grade: str | None = None
    source: str | None = None
    note: str | None = None
    provenance: str | None = attrs.field(default=None, eq=False)


# -- status labels -------------------------------------------------------------------

_S = ImplementationStatus

STATUS_LABELS: dict[str, ImplementationStatus] = {
    **{normalise(s.value): s for s in ImplementationStatus},
    "not implemented": _S.NOT_STARTED,
    "no action": _S.NOT_STARTED,
    "ongoing": _S.IN_PROGRESS,
    "underway": _S.IN_PROGRESS,
    "under way": _S.IN_PROGRESS,
    "partially": _S.PARTIALLY_IMPLEMENTED,
    "partly implemented": _S.PARTIALLY_IMPLEMENTED,
    "partial": _S.PARTIALLY_IMPLEMENTED,
    "implemented": _S.FULLY_IMPLEMENTED,
    "fully": _S.FULLY_IMPLEMENTED,
    "completed": _S.FULLY_IMPLEMENTED,
    "no information": _S.NOT_ASSESSED,
    # Vietnamese, as the seed articles word it (accents are removed by normalise):
    # "đã thực hiện" implemented, "thực hiện một phần" / "hoàn thành một phần"
    # partially, "đang thực hiện" being implemented, "chưa thực hiện" not yet.
    "da thuc hien": _S.FULLY_IMPLEMENTED,
    "da hoan thanh": _S.FULLY_IMPLEMENTED,
    "thuc hien mot phan": _S.PARTIALLY_IMPLEMENTED,
    "hoan thanh mot phan": _S.PARTIALLY_IMPLEMENTED,
    "da hoan thanh mot phan": _S.PARTIALLY_IMPLEMENTED,
    "dang thuc hien": _S.IN_PROGRESS,
    "chua thuc hien": _S.NOT_STARTED,
}
"""Accepted status labels (normalised with :func:`upr.names.normalise`)."""

SCORES: dict[ImplementationStatus, float | None] = {
    _S.FULLY_IMPLEMENTED: 1.0,
    _S.PARTIALLY_IMPLEMENTED: 0.5,
    _S.IN_PROGRESS: 0.0,
    _S.NOT_STARTED: 0.0,
    _S.NOT_ASSESSED: None,
}
"""Implementation-index weight of each status (UPR Info's fully / partially / not
implemented = 1 / 0.5 / 0; "in progress" is not yet implemented; "not assessed"
is no judgement and takes no part)."""


_STROKED_D = str.maketrans({"đ": "d", "Đ": "D"})


def label_key(label: str) -> str:
    """:func:`upr.names.normalise`, with the Vietnamese ``đ``/``Đ`` read as ``d``
    (Unicode does not decompose them, so ``normalise`` would drop them)."""
    return normalise(label.translate(_STROKED_D))


def parse_status(label: str) -> ImplementationStatus:
    """The status a label names (``"Fully implemented"``, ``"ongoing"``, ``"thực hiện
    một phần"``); unknown labels raise :class:`~upr.errors.UnknownNameError`."""
    key = label_key(label)
    if key in STATUS_LABELS:
        return STATUS_LABELS[key]
    raise UnknownNameError("implementation status", label, [s.value for s in ImplementationStatus])


# -- treaty-body follow-up grades ------------------------------------------------------


@attrs.frozen
class FollowUpGrade:
    """A Human Rights Committee follow-up grade and the status it maps to."""

    code: str
    status: ImplementationStatus
    meaning: str
    legacy: bool = False


FOLLOW_UP_GRADES: dict[str, FollowUpGrade] = {
    g.code: g
    for g in (
        FollowUpGrade("A", _S.FULLY_IMPLEMENTED, "reply/action largely satisfactory"),
        FollowUpGrade("B", _S.PARTIALLY_IMPLEMENTED, "reply/action partially satisfactory"),
        FollowUpGrade(
            "B1",
            _S.PARTIALLY_IMPLEMENTED,
            "substantive action taken, additional information required",
            legacy=True,
        ),
        FollowUpGrade(
            "B2",
            _S.PARTIALLY_IMPLEMENTED,
            "initial action taken, additional information and measures required",
            legacy=True,
        ),
        FollowUpGrade("C", _S.NOT_STARTED, "reply/action not satisfactory"),
        FollowUpGrade(
            "C1",
            _S.NOT_STARTED,
            "response received, but the action taken does not implement the recommendation",
            legacy=True,
        ),
        FollowUpGrade(
            "C2",
            _S.NOT_STARTED,
            "response received, but not relevant to the recommendation",
            legacy=True,
        ),
        FollowUpGrade("D", _S.NOT_ASSESSED, "no cooperation: no follow-up report received"),
        FollowUpGrade(
            "D1",
            _S.NOT_ASSESSED,
            "no response received within the deadline",
            legacy=True,
        ),
        FollowUpGrade("D2", _S.NOT_ASSESSED, "no response received after reminders", legacy=True),
        FollowUpGrade(
            "E",
            _S.NOT_STARTED,
            "information or measures contrary to, or rejecting, the recommendation",
        ),
    )
}
"""Human Rights Committee follow-up grades -> status.

Sources: the Committee's note on the follow-up procedure, CCPR/C/108/2 (2013:
A, B1, B2, C1, C2, D1, D2, E), and the simplified criteria summarised in its
follow-up reports since 2017 (e.g. CCPR/C/128/3, para. 2: A, B, C, D, E).
Mapping: A (largely satisfactory) -> fully implemented; B, B1, B2 (partially
satisfactory) -> partially implemented; C, C1, C2 (not satisfactory) and E
(contrary to / rejecting the recommendation) -> not started, i.e. not
implemented; D, D1, D2 (no follow-up information) -> not assessed. The grade
itself is always kept in :attr:`Assessment.grade`.
"""

_GRADE = re.compile(r"(?:grade\s*)?([A-E])\s*([12]?)", re.IGNORECASE)


def parse_grade(raw: str) -> FollowUpGrade:
    """The follow-up grade written as ``"B1"``, ``"b 1"`` or ``"Grade B1"``.

    Unknown grades (``"C3"``, ``"F"``) raise :class:`~upr.errors.UnknownNameError`.
    """
    match = _GRADE.fullmatch(raw.strip())
    code = (match.group(1).upper() + match.group(2)) if match else None
    if code is None or code not in FOLLOW_UP_GRADES:
        raise UnknownNameError("follow-up grade", raw, list(FOLLOW_UP_GRADES))
    return FOLLOW_UP_GRADES[code]


def parse_status_or_grade(text: str) -> tuple[ImplementationStatus, str | None]:
    """A status label, or a follow-up grade (the status it maps to and the grade
    as written). Unknown text raises :class:`~upr.errors.UnknownNameError` naming
    both the statuses and the grades."""
    try:
        return parse_status(text), None
    except UnknownNameError:
        pass
    try:
        return parse_grade(text).status, text.strip()
    except UnknownNameError:
        raise UnknownNameError(
            "implementation status or follow-up grade",
            text,
            [*(s.value for s in ImplementationStatus), *FOLLOW_UP_GRADES],
        ) from None


def follow_up_assessment(
    recommendation: str,
    date: dt.date,
    grade: str,
    *,
    assessor: str = "Human Rights Committee",
    source: str | None = None,
    note: str | None = None,
) -> Assessment:
    """An assessment from a treaty-body follow-up grade: the status mapped by
    :data:`FOLLOW_UP_GRADES`, the grade kept verbatim, assessor kind UN body."""
    mapped = parse_grade(grade)
    return Assessment(
        recommendation,
        date,
        assessor,
        mapped.status,
        AssessorKind.UN_BODY,
        grade=grade.strip(),
        source=source,
        note=note,
    )


__all__ = [
    "FOLLOW_UP_GRADES",
    "SCORES",
    "STATUS_LABELS",
    "Action",
    "Agency",
    "AgencyKind",
    "Assessment",
    "AssessorKind",
    "Assignment",
    "AssignmentRole",
    "FollowUpGrade",
    "ImplementationPlan",
    "ImplementationStatus",
    "follow_up_assessment",
    "label_key",
    "parse_grade",
    "parse_status",
    "parse_status_or_grade",
]
