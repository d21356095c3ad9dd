"""What is computed from implementation-tracking records.

The records are in :mod:`upr.model.tracking` (and re-exported here, so that
``upr.tracking`` names everything about tracking); the functions here read
them from a :class:`~upr.core.dataset.Dataset` (or any iterable of assessments):

* :func:`status_as_of` / :func:`statuses_as_of`: the latest assessment at or
  before a date **per assessor**. When assessors disagree every assessment is
  kept and the disagreement is reported (:attr:`StatusAsOf.disagreement`,
  :func:`disagreements`); no assessor overrules another.
* :func:`implementation_rate`: counts and rates over a set of recommendations
  as of a date, grouped by review, thematic group, agency, lead agency or
  assessor, with UPR Info's implementation index (fully = 1, partially = 0.5,
  not implemented = 0, averaged over assessors) as a second measure.
* :func:`validate`: tracking records that point at unknown recommendations or
  agencies, a second lead agency, assessments dated in the future.
* :func:`midterm_report`: the tracking state of a review as tables grouped by
  thematic group and agency, written as CSV, XLSX or markdown (through
  :mod:`upr.io.tables`) for a mid-term report.

>>> import datetime as dt
>>> from upr.model.tracking import Assessment, ImplementationStatus
>>> rec, day = "A/HRC/26/6:143.12", dt.date(2016, 6, 30)
>>> a = Assessment(rec, day, "Government", ImplementationStatus.IN_PROGRESS)
>>> status_as_of([a], rec, dt.date(2016, 1, 1)).status
<ImplementationStatus.NOT_ASSESSED: 'not assessed'>
>>> status_as_of([a], rec, dt.date(2017, 1, 1)).status
<ImplementationStatus.IN_PROGRESS: 'in progress'>
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import attrs

from upr.analysis.metrics import CountUnit
from upr.analysis.metrics import Table as MetricTable
from upr.core.dataset import Dataset
from upr.errors import UnknownNameError, UprError
from upr.io import tables
from upr.io.atomic import write_text
from upr.model.tracking import (
    FOLLOW_UP_GRADES,
    SCORES,
    STATUS_LABELS,
    Action,
    Agency,
    AgencyKind,
    Assessment,
    AssessorKind,
    Assignment,
    AssignmentRole,
    FollowUpGrade,
    ImplementationPlan,
    ImplementationStatus,
    follow_up_assessment,
    label_key,
    parse_grade,
    parse_status,
    parse_status_or_grade,
)

_S = ImplementationStatus


# -- status as of a date ----------------------------------------------------------------


def _order(a: Assessment) -> tuple[str, ...]:
    return (a.assessor, a.date.isoformat(), a.status.value, a.grade or "", a.source or "")


@attrs.frozen
class StatusAsOf:
    """What the assessors said about one recommendation as of ``date``.

    ``assessments`` holds, for each assessor, its latest assessment at or before
    ``date`` (several when one assessor gave several on that same day), sorted
    by assessor. ``date=None`` means no cut-off (the latest of all).
    """

    recommendation: str
    date: dt.date | None
    assessments: tuple[Assessment, ...] = ()

    @property
    def judgements(self) -> tuple[Assessment, ...]:
        """The assessments that judge (status other than "not assessed")."""
        return tuple(a for a in self.assessments if a.status is not _S.NOT_ASSESSED)

    @property
    def assessors(self) -> tuple[str, ...]:
        """The assessors heard, sorted."""
        return tuple(sorted({a.assessor for a in self.assessments}))

    @property
    def disagreement(self) -> bool:
        """True when the judgements give more than one status."""
        return len({a.status for a in self.judgements}) > 1

    @property
    def status(self) -> ImplementationStatus | None:
        """The status the assessors agree on; ``NOT_ASSESSED`` without any
        judgement; ``None`` when they disagree (see :attr:`judgements`)."""
        statuses = {a.status for a in self.judgements}
        if not statuses:
            return _S.NOT_ASSESSED
        return statuses.pop() if len(statuses) == 1 else None

    @property
    def score(self) -> float | None:
        """UPR Info's implementation index of this recommendation: each assessor's
        weight (:data:`SCORES`; the mean if it gave several on its latest day),
        averaged over the assessors that judged; ``None`` if none did."""
        per_assessor: dict[str, list[float]] = {}
        for a in self.judgements:
            weight = SCORES[a.status]
            if weight is not None:
                per_assessor.setdefault(a.assessor, []).append(weight)
        if not per_assessor:
            return None
        means = [sum(v) / len(v) for v in per_assessor.values()]
        return sum(means) / len(means)

    def by(self, assessor: str) -> StatusAsOf:
        """The same view restricted to one assessor."""
        return StatusAsOf(
            self.recommendation,
            self.date,
            tuple(a for a in self.assessments if a.assessor == assessor),
        )

    def describe(self) -> str:
        """``"fully implemented"``, ``"not assessed"`` or ``"disputed: X says ...; Y says ..."``."""
        status = self.status
        if status is not None:
            return status.value
        return "disputed: " + "; ".join(
            f"{a.assessor} says {a.grade or a.status.value} ({a.date.isoformat()})"
            for a in self.judgements
        )


def _assessments_of(data: Dataset | Iterable[Assessment]) -> Iterable[Assessment]:
    return data.assessments if isinstance(data, Dataset) else data


def statuses_as_of(
    data: Dataset | Iterable[Assessment],
    date: dt.date | None = None,
    *,
    assessor: str | None = None,
    recommendations: Iterable[str] | None = None,
) -> dict[str, StatusAsOf]:
    """:class:`StatusAsOf` of many recommendations at once (one pass over the data).

    Keys are the ``recommendations`` given (in order, assessed or not) or else
    every recommendation with an assessment. Assessments dated after ``date``
    are ignored, so adding one never changes the result; ``assessor`` keeps
    only that assessor's assessments (exact name).
    """
    wanted = None if recommendations is None else list(dict.fromkeys(recommendations))
    wanted_set = None if wanted is None else set(wanted)
    latest: dict[str, dict[str, list[Assessment]]] = {}
    for item in _assessments_of(data):
        if date is not None and item.date > date:
            continue
        if assessor is not None and item.assessor != assessor:
            continue
        if wanted_set is not None and item.recommendation not in wanted_set:
            continue
        per_assessor = latest.setdefault(item.recommendation, {})
        known = per_assessor.get(item.assessor)
        if known is None or item.date > known[0].date:
            per_assessor[item.assessor] = [item]
        elif item.date == known[0].date and item not in known:
            known.append(item)
    keys = wanted if wanted is not None else sorted(latest)
    return {
        rec: StatusAsOf(
            rec,
            date,
            tuple(sorted((a for group in latest.get(rec, {}).values() for a in group), key=_order)),
        )
        for rec in keys
    }


def status_as_of(
    data: Dataset | Iterable[Assessment],
    recommendation_id: str,
    date: dt.date | None = None,
    *,
    assessor: str | None = None,
) -> StatusAsOf:
    """What was known about one recommendation's implementation on ``date``.

    Per assessor, the latest assessment dated at or before ``date``; when the
    assessors disagree all are kept and :attr:`StatusAsOf.status` is ``None``
    (:attr:`StatusAsOf.disagreement` is true). ``assessor`` restricts the view
    to one assessor.
    """
    return statuses_as_of(data, date, assessor=assessor, recommendations=[recommendation_id])[
        recommendation_id
    ]


@attrs.frozen
class Disagreement:
    """Assessors giving different statuses to one recommendation as of a date."""

    recommendation: str
    date: dt.date | None
    assessments: tuple[Assessment, ...]

    def __str__(self) -> str:
        when = "latest" if self.date is None else f"as of {self.date.isoformat()}"
        said = "; ".join(
            f"{a.assessor} says {a.grade or a.status.value} ({a.date.isoformat()})"
            for a in self.assessments
        )
        return f"{self.recommendation} ({when}): {said}"


def disagreements(
    data: Dataset | Iterable[Assessment],
    date: dt.date | None = None,
    *,
    recommendations: Iterable[str] | None = None,
) -> tuple[Disagreement, ...]:
    """Every recommendation whose assessors disagree as of ``date``, with the
    differing judgements (all kept: the rule is to report, not to choose)."""
    return tuple(
        Disagreement(rec, date, view.judgements)
        for rec, view in statuses_as_of(data, date, recommendations=recommendations).items()
        if view.disagreement
    )


# -- rates ------------------------------------------------------------------------------

RATE_COLUMNS: tuple[str, ...] = (
    "recommendations",
    "assessed",
    _S.FULLY_IMPLEMENTED.value,
    _S.PARTIALLY_IMPLEMENTED.value,
    _S.IN_PROGRESS.value,
    _S.NOT_STARTED.value,
    "disputed",
    _S.NOT_ASSESSED.value,
    "implemented_rate",
    "partially_rate",
    "index",
)
"""Value columns of :func:`implementation_rate` (see :func:`rate_values`)."""

RATE_DIMENSIONS: tuple[str, ...] = ("review", "group", "agency", "lead_agency", "assessor")
"""Grouping dimensions of :func:`implementation_rate`."""

_ASSIGNMENT_DIMENSIONS = ("group", "agency", "lead_agency")


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def rate_values(views: Sequence[StatusAsOf]) -> tuple[Any, ...]:
    """The :data:`RATE_COLUMNS` of a set of recommendations' views.

    ``assessed`` counts recommendations with at least one judgement; the status
    columns count those whose assessors agree, ``disputed`` those whose
    assessors disagree (so ``assessed`` is the sum of the four status columns
    and ``disputed``); ``not assessed`` the rest. ``implemented_rate`` =
    fully implemented / assessed and ``partially_rate`` = partially
    implemented / assessed: a recommendation counts as implemented only when
    its assessors agree. ``index`` is the mean of :attr:`StatusAsOf.score`
    over assessed recommendations (UPR Info's index, averaged over assessors).
    """
    counts = dict.fromkeys(
        (_S.FULLY_IMPLEMENTED, _S.PARTIALLY_IMPLEMENTED, _S.IN_PROGRESS, _S.NOT_STARTED), 0
    )
    disputed = assessed = 0
    scores: list[float] = []
    for view in views:
        if not view.judgements:
            continue
        assessed += 1
        status = view.status
        if status is None:
            disputed += 1
        else:
            counts[status] += 1
        score = view.score
        if score is not None:
            scores.append(score)
    index = round(sum(scores) / len(scores), 4) if scores else None
    return (
        len(views),
        assessed,
        *counts.values(),
        disputed,
        len(views) - assessed,
        _share(counts[_S.FULLY_IMPLEMENTED], assessed),
        _share(counts[_S.PARTIALLY_IMPLEMENTED], assessed),
        index,
    )


def _as_dataset(data: Dataset | Iterable[Assessment]) -> Dataset:
    return data if isinstance(data, Dataset) else Dataset(assessments=tuple(data))


def _assignments(dataset: Dataset) -> dict[str, list[tuple[ImplementationPlan, Assignment]]]:
    found: dict[str, list[tuple[ImplementationPlan, Assignment]]] = {}
    for plan in dataset.plans:
        for assignment in plan.assignments:
            found.setdefault(assignment.recommendation, []).append((plan, assignment))
    return found


def universe(dataset: Dataset, recommendations: Iterable[str] | None = None) -> list[str]:
    """The recommendation ids rates are computed over, in order.

    ``recommendations`` when given; else the dataset's recommendations when it
    has any (tracking records naming other ids are left out: :func:`validate`
    reports them); else every id its plans and assessments name.
    """
    if recommendations is not None:
        return list(dict.fromkeys(recommendations))
    if dataset.recommendations:
        return [r.id for r in dataset.recommendations]
    ids = [a.recommendation for p in dataset.plans for a in p.assignments]
    ids += [a.recommendation for a in dataset.assessments]
    return list(dict.fromkeys(ids))


def _assignment_key(assignment: Assignment, dims: Sequence[str]) -> tuple[str | None, ...]:
    return tuple(assignment.group if d == "group" else assignment.agency for d in dims)


def _sort_key(key: tuple[Any, ...]) -> tuple[tuple[bool, str], ...]:
    return tuple((v is None, str(v)) for v in key)


def implementation_rate(
    data: Dataset | Iterable[Assessment],
    date: dt.date | None = None,
    *,
    by: str | Sequence[str] = (),
    recommendations: Iterable[str] | None = None,
) -> MetricTable:
    """Implementation counts, rates and index as of ``date`` (``None``: latest).

    ``by`` groups by any of :data:`RATE_DIMENSIONS`: ``review``; ``group``
    (thematic group), ``agency`` and ``lead_agency`` from the plans'
    assignments (a recommendation assigned to two agencies counts in both;
    one without assignment falls in the ``None`` group); ``assessor`` (each
    assessor's own view: its latest assessment per recommendation; ``None``
    groups recommendations nobody assessed). Columns: the ``by`` keys, then
    :data:`RATE_COLUMNS` (:func:`rate_values` defines them). The
    recommendations counted are :func:`universe`'s.
    """

    dims = (by,) if isinstance(by, str) else tuple(by)
    for name in dims:
        if name not in RATE_DIMENSIONS:
            raise UnknownNameError("tracking dimension", name, RATE_DIMENSIONS)
    dataset = _as_dataset(data)
    ids = universe(dataset, recommendations)
    views = statuses_as_of(dataset, date, recommendations=ids)
    assigned = _assignments(dataset)
    reviews = {r.id: r.review for r in dataset.recommendations}
    assignment_dims = [d for d in dims if d in _ASSIGNMENT_DIMENSIONS]
    grouped: dict[tuple[Any, ...], list[StatusAsOf]] = {}
    for rec in ids:
        view = views[rec]
        pairs = assigned.get(rec, [])
        combos: list[dict[str, Any]] = [{}]
        if assignment_dims:
            pool = [a for _, a in pairs]
            if "lead_agency" in assignment_dims:
                pool = [a for a in pool if a.role is AssignmentRole.LEAD]
            keys = list(dict.fromkeys(_assignment_key(a, assignment_dims) for a in pool))
            combos = [dict(zip(assignment_dims, k, strict=True)) for k in keys] or [
                dict.fromkeys(assignment_dims)
            ]
        if "review" in dims:
            review = reviews.get(rec) or next((p.review for p, _ in pairs), None)
            combos = [{**c, "review": review} for c in combos]
        seen: list[tuple[dict[str, Any], StatusAsOf]] = []
        if "assessor" in dims:
            names = view.assessors
            seen = [({"assessor": n}, view.by(n)) for n in names] or [({"assessor": None}, view)]
        else:
            seen = [({}, view)]
        for extra, part in seen:
            for combo in combos:
                merged = {**combo, **extra}
                grouped.setdefault(tuple(merged[d] for d in dims), []).append(part)
    if not dims:
        grouped = {(): [views[rec] for rec in ids]}
    rows = tuple(
        (*key, *rate_values(group))
        for key, group in sorted(grouped.items(), key=lambda kv: _sort_key(kv[0]))
    )
    return MetricTable(
        "implementation-rate", CountUnit.PARAGRAPHS, dims, (*dims, *RATE_COLUMNS), rows
    )


def implementation_index(
    data: Dataset | Iterable[Assessment],
    date: dt.date | None = None,
    *,
    recommendations: Iterable[str] | None = None,
) -> float | None:
    """UPR Info's implementation index over the recommendations as of ``date``:
    the mean over assessed recommendations of the mean over assessors of
    fully = 1, partially = 0.5, not (yet) implemented = 0."""
    table = implementation_rate(data, date, recommendations=recommendations)
    value: float | None = table.rows[0][-1] if table.rows else None
    return value


# -- validation -------------------------------------------------------------------------


@attrs.frozen
class TrackingProblem:
    """A tracking record that does not fit the data: what, which field, why, and
    where it was read (``where``, from the record's provenance) when known."""

    record: str
    field: str
    reason: str
    where: str | None = None

    def __str__(self) -> str:
        place = f" ({self.where})" if self.where else ""
        return f"{self.record}{place}, field {self.field!r}: {self.reason}"


def validate(
    dataset: Dataset, tracking: Dataset | None = None, *, today: dt.date | None = None
) -> tuple[TrackingProblem, ...]:
    """Problems of the tracking records of ``tracking`` (default: ``dataset``)
    checked against ``dataset``'s recommendations and agencies.

    Reported: an assignment, action or assessment naming a recommendation the
    dataset does not have (only when it has recommendations); an assignment or
    action naming an agency neither dataset lists (only when agencies are
    listed); a recommendation with more than one lead agency in the plans of
    one review; an assessment dated after ``today`` (default: the current date).
    """
    tracking = dataset if tracking is None else tracking
    today = today or dt.date.today()
    known = {r.id for r in dataset.recommendations} | {r.id for r in tracking.recommendations}
    agencies = {a.id for a in dataset.agencies} | {a.id for a in tracking.agencies}
    problems: list[TrackingProblem] = []

    def check_rec(label: str, rec: str, where: str | None, field: str = "recommendation") -> None:
        if known and rec not in known:
            problems.append(
                TrackingProblem(label, field, f"unknown recommendation id {rec!r}", where)
            )

    leads: dict[tuple[str, str], Assignment] = {}
    for plan in tracking.plans:
        for a in plan.assignments:
            label = f"assignment {a.recommendation} -> {a.agency} (plan {plan.id})"
            check_rec(label, a.recommendation, a.provenance)
            if agencies and a.agency not in agencies:
                problems.append(
                    TrackingProblem(label, "agency", f"unknown agency {a.agency!r}", a.provenance)
                )
            if a.role is AssignmentRole.LEAD:
                first = leads.setdefault((plan.review, a.recommendation), a)
                if first.agency != a.agency:
                    problems.append(
                        TrackingProblem(
                            label,
                            "role",
                            f"a second lead agency: {first.agency!r} already leads"
                            f" {a.recommendation}"
                            + (f" ({first.provenance})" if first.provenance else ""),
                            a.provenance,
                        )
                    )
    for action in tracking.actions:
        label = f"action {action.id}"
        for rec in action.recommendations:
            check_rec(label, rec, action.provenance, "recommendations")
        for agency in action.agencies:
            if agencies and agency not in agencies:
                problems.append(
                    TrackingProblem(
                        label, "agencies", f"unknown agency {agency!r}", action.provenance
                    )
                )
    for item in tracking.assessments:
        label = f"assessment {item.recommendation} by {item.assessor} on {item.date.isoformat()}"
        check_rec(label, item.recommendation, item.provenance)
        if item.date > today:
            problems.append(
                TrackingProblem(
                    label,
                    "date",
                    f"dated {item.date.isoformat()}, after today ({today.isoformat()})",
                    item.provenance,
                )
            )
    return tuple(problems)


# -- mid-term report tables ----------------------------------------------------------------

NO_GROUP = "(no thematic group)"
NOT_ASSIGNED = "(not assigned)"


@attrs.frozen
class TrackingTable:
    """A plain table (header and text rows) that writes itself as CSV or markdown
    through the one table writer (:mod:`upr.io.tables`: formula injection neutralised)."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def to_records(self) -> list[dict[str, str]]:
        """One dict per row."""
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def to_csv(self, path: str | Path) -> None:
        """Write as CSV (UTF-8 with a byte-order mark, which Excel needs), atomically."""
        tables.write_csv(path, self.columns, self.rows)

    def to_markdown(self) -> str:
        """A markdown table (``|`` escaped, line breaks as ``<br>``)."""
        return tables.markdown(self.columns, self.rows)


SUMMARY_COLUMNS: tuple[str, ...] = ("thematic group", "agency", *RATE_COLUMNS)
DETAIL_COLUMNS: tuple[str, ...] = (
    "thematic group",
    "agency",
    "role",
    "recommendation id",
    "paragraph",
    "recommendation",
    "response",
    "status",
    "assessments",
    "actions",
)


def _number(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def _paragraph_key(rec_id: str, paragraph: str | None) -> tuple[Any, ...]:
    parts = re.findall(r"\d+", paragraph or "")
    return (not parts, tuple(int(p) for p in parts), rec_id)


@attrs.frozen
class MidtermReport:
    """The tracking state of a review as of a date: a summary per thematic group
    and agency, and one detail row per recommendation x assigned agency."""

    title: str
    review: str | None
    as_of: dt.date | None
    summary: TrackingTable
    detail: TrackingTable

    def to_markdown(self) -> str:
        """Paste-ready markdown: the summary table, then one section per thematic
        group and one table per agency within it."""
        when = ": latest assessments" if self.as_of is None else f" as of {self.as_of.isoformat()}"
        lines = [f"# {self.title}", "", f"Status{when}.", "", "## Summary", ""]
        lines += [tables.markdown(self.summary.columns, self.summary.rows), ""]
        shown = [c for c in DETAIL_COLUMNS if c not in ("thematic group", "agency")]
        sections: dict[str, dict[str, list[tuple[str, ...]]]] = {}
        for row in self.detail.rows:
            sections.setdefault(row[0], {}).setdefault(row[1], []).append(row[2:])
        for group, agencies in sections.items():
            lines += [f"## {group}", ""]
            for agency, rows in agencies.items():
                lines += [f"### {agency}", "", tables.markdown(shown, rows), ""]
        return "\n".join(lines)

    def to_csv(self, path: str | Path) -> None:
        """The detail table as CSV (``summary.to_csv`` writes the summary)."""
        self.detail.to_csv(path)

    def to_xlsx(self, path: str | Path) -> None:
        """An XLSX workbook with the sheets ``summary`` and ``recommendations``, atomically."""
        wide = {"recommendation": 60, "assessments": 60, "actions": 60}
        tables.write_xlsx(
            path,
            [
                tables.Sheet(
                    "summary", self.summary.columns, self.summary.rows, wide, frozenset(wide)
                ),
                tables.Sheet(
                    "recommendations",
                    self.detail.columns,
                    self.detail.rows,
                    wide,
                    frozenset(self.detail.columns),
                ),
            ],
        )

    def write(self, path: str | Path) -> None:
        """Write by suffix: ``.csv`` (the detail table), ``.xlsx`` or ``.md``."""
        suffix = Path(path).suffix.lower()
        if suffix == ".csv":
            self.to_csv(path)
        elif suffix == ".xlsx":
            self.to_xlsx(path)
        elif suffix in (".md", ".markdown"):
            write_text(path, self.to_markdown())
        else:
            raise UprError(f"{path}: write a mid-term report as .csv, .xlsx or .md")


def midterm_report(
    dataset: Dataset,
    review: str | None = None,
    as_of: dt.date | None = None,
    *,
    title: str | None = None,
) -> MidtermReport:
    """The tracking state of ``review`` (default: every review in ``dataset``) as
    of ``as_of``, grouped by thematic group and agency.

    Detail rows: one per recommendation x assigned agency (lead first), plus one
    ``(not assigned)`` row per recommendation without an assignment; status is
    the agreed status, ``not assessed`` or ``disputed: ...`` naming each
    assessor (:meth:`StatusAsOf.describe`); assessments lists each assessor's
    latest; actions those of that agency for that recommendation. Summary rows:
    :func:`implementation_rate` by group and agency. Agencies are shown by name.
    """
    subset = dataset if review is None else dataset.filter(review=review)
    plans = [p for p in dataset.plans if review is None or p.review == review]
    ids = [r.id for r in subset.recommendations]
    ids += [a.recommendation for p in plans for a in p.assignments if a.recommendation not in ids]
    ids = list(dict.fromkeys(ids))
    if review is not None:
        # subset.filter keeps the plans of this review only; add assignments of ids not in data
        subset = Dataset(
            recommendations=subset.recommendations,
            reviews=subset.reviews,
            agencies=dataset.agencies,
            plans=plans,
            actions=tuple(a for a in dataset.actions if set(a.recommendations) & set(ids)),
            assessments=tuple(a for a in dataset.assessments if a.recommendation in set(ids)),
        )
    names = {a.id: a.name for a in dataset.agencies}
    views = statuses_as_of(subset, as_of, recommendations=ids)
    records = {r.id: r for r in subset.recommendations}
    assigned = _assignments(subset)
    detail: list[tuple[tuple[Any, ...], tuple[str, ...]]] = []
    for rec_id in ids:
        rec = records.get(rec_id)
        view = views[rec_id]
        said = "; ".join(
            f"{a.assessor}: {a.grade or a.status.value} ({a.date.isoformat()})"
            for a in view.assessments
        )
        pairs = sorted(
            assigned.get(rec_id, []),
            key=lambda pa: (pa[1].role is not AssignmentRole.LEAD, names.get(pa[1].agency, "")),
        )
        targets: list[tuple[str | None, str | None, AssignmentRole | None]] = [
            (a.group, a.agency, a.role) for _, a in pairs
        ] or [(None, None, None)]
        for group, agency, role in targets:
            actions = "; ".join(
                x.description
                for x in subset.actions
                if rec_id in x.recommendations
                and (agency is None or not x.agencies or agency in x.agencies)
            )
            agency_name = NOT_ASSIGNED if agency is None else names.get(agency, agency)
            group_name = group or NO_GROUP
            key = (
                group is None,
                group_name,
                agency is None,
                agency_name,
                _paragraph_key(rec_id, rec.paragraph if rec else None),
                role is not AssignmentRole.LEAD,
            )
            detail.append(
                (
                    key,
                    (
                        group_name,
                        agency_name,
                        "-" if role is None else role.value,
                        rec_id,
                        (rec.paragraph if rec else None) or "-",
                        rec.text if rec else "-",
                        rec.response.value.value if rec and rec.response else "-",
                        view.describe(),
                        said or "-",
                        actions or "-",
                    ),
                )
            )
    detail.sort(key=lambda item: item[0])
    rates = implementation_rate(subset, as_of, by=("group", "agency"), recommendations=ids)
    ordered = sorted(
        rates.rows,
        key=lambda row: (
            row[0] is None,
            str(row[0]),
            row[1] is None,
            names.get(row[1], str(row[1])),
        ),
    )
    summary = tuple(
        (
            NO_GROUP if row[0] is None else str(row[0]),
            NOT_ASSIGNED if row[1] is None else names.get(row[1], str(row[1])),
            *(_number(v) for v in row[2:]),
        )
        for row in ordered
    )
    heading = title or (
        f"Implementation of the recommendations of {review}"
        if review
        else "Implementation of recommendations"
    )
    return MidtermReport(
        heading,
        review,
        as_of,
        TrackingTable("summary", SUMMARY_COLUMNS, summary),
        TrackingTable("recommendations", DETAIL_COLUMNS, tuple(row for _, row in detail)),
    )


__all__ = [
    "DETAIL_COLUMNS",
    "FOLLOW_UP_GRADES",
    "NOT_ASSIGNED",
    "NO_GROUP",
    "RATE_COLUMNS",
    "RATE_DIMENSIONS",
    "SCORES",
    "STATUS_LABELS",
    "SUMMARY_COLUMNS",
    "Action",
    "Agency",
    "AgencyKind",
    "Assessment",
    "AssessorKind",
    "Assignment",
    "AssignmentRole",
    "Disagreement",
    "FollowUpGrade",
    "ImplementationPlan",
    "ImplementationStatus",
    "MidtermReport",
    "StatusAsOf",
    "TrackingProblem",
    "TrackingTable",
    "disagreements",
    "follow_up_assessment",
    "implementation_index",
    "implementation_rate",
    "label_key",
    "midterm_report",
    "parse_grade",
    "parse_status",
    "parse_status_or_grade",
    "rate_values",
    "status_as_of",
    "statuses_as_of",
    "universe",
    "validate",
]
