"""National implementation tracking: agencies, plans, assignments, actions, assessments.

This is what governments and national human-rights institutions do after a
review (OHCHR's National Recommendations Tracking Database, Paraguay's SIMORE):
assign each recommendation to a lead agency and supporting agencies, plan and
record actions, and judge progress over time.
"""

from __future__ import annotations

import datetime as dt
import enum

import attrs


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
    (Viet Nam's Master Plan groups, e.g. ``"trafficking in persons"``)."""

    recommendation: str
    agency: str
    role: AssignmentRole = AssignmentRole.LEAD
    group: str | None = None


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
    """Something one or more agencies do for one or more recommendations."""

    id: str
    description: str
    agencies: tuple[str, ...] = ()
    recommendations: tuple[str, ...] = ()
    start: dt.date | None = None
    end: dt.date | None = None
    indicator: str | None = None
    outcome: str | None = None
    source: str | None = None


class ImplementationStatus(enum.StrEnum):
    """Implementation status of a recommendation at a date."""

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
    C1/C2) are kept verbatim in ``grade`` beside the mapped ``status``.
    """

    recommendation: str
    date: dt.date
    assessor: str
    status: ImplementationStatus
    assessor_kind: AssessorKind = AssessorKind.GOVERNMENT
    grade: str | None = None
    source: str | None = None
    note: str | None = None
