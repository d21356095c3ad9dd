"""First-party metrics: counts, responses, recommending states and regions, action
categories, themes, treaties, SDGs, implementation and agency workload.

Every metric states its unit: *recommendation paragraphs* (one per paragraph of
the Working Group report, however many states made it) or *recommendation x
recommending-state rows* (the UPR Info convention). Published figures use both:
"227 recommendations" counts paragraphs; "recommendations from 122 states"
counts distinct states over rows.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

import upr
from upr import states, tracking
from upr.analysis import similarity
from upr.analysis.metrics import CountUnit, Metric, Table, groups
from upr.core.dataset import Dataset
from upr.model.recommendations import Recommendation, ResponseValue
from upr.model.tracking import AssignmentRole
from upr.plugins.hookspecs import Register


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _sorted_rows(grouped: dict[tuple[Any, ...], Any]) -> list[tuple[tuple[Any, ...], Any]]:
    return sorted(grouped.items(), key=lambda kv: tuple(str(k) for k in kv[0]))


class Count(Metric):
    """Number of recommendation paragraphs."""

    name = "count"
    description = "number of recommendations (paragraphs)"
    unit = CountUnit.PARAGRAPHS
    value_columns = ("recommendations",)

    def values(self, recs: Sequence[Recommendation], dataset: Dataset) -> tuple[Any, ...]:
        """One column: the number of recommendations in the group."""
        return (len(recs),)


class Rows(Metric):
    """Recommendation x recommending-state rows (the UPR Info unit)."""

    name = "rows"
    description = "recommendation x recommending-state rows, and distinct recommending states"
    unit = CountUnit.ROWS
    value_columns = ("rows", "recommending_states")

    def values(self, recs: Sequence[Recommendation], dataset: Dataset) -> tuple[Any, ...]:
        """Rows (a paragraph without a known recommender counts once) and distinct states."""
        rows = sum(max(len(r.recommending_states), 1) for r in recs)
        distinct = len({s for r in recs for s in r.recommending_states})
        return (rows, distinct)


_RESPONSE_COLUMNS = tuple(v.value for v in ResponseValue)


class Responses(Metric):
    """Response breakdown and support (acceptance) rate."""

    name = "responses"
    description = (
        "recommendations by response; support_rate = supported / all recommendations"
        " (partially supported not counted as supported)"
    )
    unit = CountUnit.PARAGRAPHS
    value_columns = ("recommendations", *_RESPONSE_COLUMNS, "no response", "support_rate")

    def values(self, recs: Sequence[Recommendation], dataset: Dataset) -> tuple[Any, ...]:
        """Counts per canonical response, recommendations without one, and the rate."""
        # ResponseValue is a StrEnum: counted by member, looked up by its text
        counts: Counter[str] = Counter(r.response.value for r in recs if r.response is not None)
        missing = sum(1 for r in recs if r.response is None)
        supported = counts[ResponseValue.SUPPORTED.value]
        return (
            len(recs),
            *(counts[c] for c in _RESPONSE_COLUMNS),
            missing,
            _share(supported, len(recs)),
        )


class Distribution(Metric):
    """Count and share of recommendations per value of one dimension, within each group."""

    dimension: str
    value_columns = ("count", "share")

    def compute(self, dataset: Dataset, by: Sequence[str] = ()) -> Table:
        """Shares are of the group's total (a multi-valued dimension may exceed 1 in sum)."""
        totals = {key: len(recs) for key, recs in groups(dataset, by).items()} if by else {}
        whole = len(dataset)
        rows = []
        for key, recs in _sorted_rows(groups(dataset, (*by, self.dimension))):
            total = totals.get(key[:-1], whole) if by else whole
            weight = self._weight(recs)
            rows.append((*key, weight, _share(weight, total)))
        return Table(
            self.name, self.unit, tuple(by), (*by, self.dimension, *self.value_columns), tuple(rows)
        )

    def _weight(self, recs: Sequence[Recommendation]) -> int:
        return len(recs)


class ActionCategories(Distribution):
    """UPR Info action categories 1-5 (None: not categorised)."""

    name = "action-categories"
    description = "recommendations per UPR Info action category (1 minimal ... 5 specific)"
    dimension = "action_category"


class Themes(Distribution):
    """Themes / issues (a recommendation with several themes counts in each)."""

    name = "themes"
    description = "recommendations per theme or issue"
    dimension = "theme"


class SdgTargets(Distribution):
    """SDG targets a recommendation advances."""

    name = "sdg-targets"
    description = "recommendations per SDG target"
    dimension = "sdg_target"


class RecommendingStates(Distribution):
    """Who recommends: rows per recommending state."""

    name = "recommending-states"
    description = "recommendations per recommending state (rows)"
    unit = CountUnit.ROWS
    dimension = "recommending_state"


class RegionalGroups(Distribution):
    """Regional-group shares of recommendation rows."""

    name = "regional-groups"
    description = (
        "recommendation x recommending-state rows per UN regional group of the recommending"
        " state; share of all rows"
    )
    unit = CountUnit.ROWS
    dimension = "regional_group"

    def compute(self, dataset: Dataset, by: Sequence[str] = ()) -> Table:
        """Counts rows, so that a paragraph made by two WEOG states counts twice."""
        rows = []
        outer = groups(dataset, by) if by else {(): list(dataset)}
        for key, recs in _sorted_rows(outer):
            counter: Counter[str] = Counter()
            for rec in recs:
                for code in rec.recommending_states:
                    group = states.group_of(code)
                    counter[group.value if group is not None else "none"] += 1
            total = sum(counter.values())
            for group_name, count in sorted(counter.items()):
                rows.append((*key, group_name, count, _share(count, total)))
        return Table(
            self.name, self.unit, tuple(by), (*by, self.dimension, *self.value_columns), tuple(rows)
        )


_RATIFY = re.compile(r"\b(ratif\w*|accede|accession|become (a )?party)\b", re.IGNORECASE)


class TreatyCoverage(Metric):
    """Recommendations per treaty and how many urge ratification of a treaty not yet ratified."""

    name = "treaty-coverage"
    description = (
        "recommendations per treaty; ratification recommendations (ratify/accede/accession)"
        " and those for treaties the state under review had not ratified (status not 'party')"
    )
    unit = CountUnit.PARAGRAPHS
    value_columns = ("recommendations", "ratification", "ratification_not_party")

    def compute(self, dataset: Dataset, by: Sequence[str] = ()) -> Table:
        """Grouped by treaty within ``by``."""
        party = {(r.state, r.treaty) for r in self._ratifications(dataset) if r.status == "party"}
        rows = []
        for key, recs in _sorted_rows(groups(dataset, (*by, "treaty"))):
            treaty = key[-1]
            urging = [r for r in recs if _RATIFY.search(r.text)]
            not_party = [r for r in urging if (r.state_under_review, treaty) not in party]
            rows.append((*key, len(recs), len(urging), len(not_party)))
        return Table(
            self.name, self.unit, tuple(by), (*by, "treaty", *self.value_columns), tuple(rows)
        )

    @staticmethod
    def _ratifications(dataset: Dataset) -> tuple[upr.Ratification, ...]:
        """The dataset's ratification records, else the package's reference table."""
        return dataset.ratifications or upr.ratifications.all()


class Implementation(Metric):
    """Implementation as of a date (default: the latest assessments), by
    :func:`upr.analysis.tracking.statuses_as_of`: per assessor its latest assessment;
    assessors that disagree are counted as ``disputed``, not overruled."""

    name = "implementation"
    description = (
        "latest assessment per assessor and recommendation: counts per agreed status,"
        " disputed (assessors disagree), implemented_rate = fully implemented / assessed,"
        " index = UPR Info's implementation index (1 / 0.5 / 0, averaged over assessors)"
    )
    unit = CountUnit.PARAGRAPHS
    value_columns = tracking.RATE_COLUMNS

    def __init__(self, as_of: dt.date | None = None) -> None:
        self.as_of = as_of

    def values(self, recs: Sequence[Recommendation], dataset: Dataset) -> tuple[Any, ...]:
        """:func:`upr.analysis.tracking.rate_values` of the group's recommendations."""
        views = tracking.statuses_as_of(dataset, self.as_of, recommendations=[r.id for r in recs])
        return tracking.rate_values(list(views.values()))


class AgencyWorkload(Metric):
    """Recommendations assigned to each agency, as lead and as supporting agency."""

    name = "agency-workload"
    description = "assigned recommendations per agency (lead, supporting) and thematic groups"
    unit = CountUnit.PARAGRAPHS
    value_columns = ("lead", "supporting", "groups")

    def compute(self, dataset: Dataset, by: Sequence[str] = ()) -> Table:
        """Grouped by agency (within ``by`` dimensions of the recommendation)."""
        keyed = groups(dataset, by) if by else {(): list(dataset)}
        names = {a.id: a.name for a in dataset.agencies}
        rows = []
        for key, recs in _sorted_rows(keyed):
            ids = {r.id for r in recs}
            lead: Counter[str] = Counter()
            supporting: Counter[str] = Counter()
            group_names: dict[str, set[str]] = {}
            for plan in dataset.plans:
                for a in plan.assignments:
                    if a.recommendation not in ids:
                        continue
                    (lead if a.role is AssignmentRole.LEAD else supporting)[a.agency] += 1
                    if a.group:
                        group_names.setdefault(a.agency, set()).add(a.group)
            for agency in sorted(set(lead) | set(supporting)):
                rows.append(
                    (
                        *key,
                        names.get(agency, agency),
                        lead[agency],
                        supporting[agency],
                        len(group_names.get(agency, ())),
                    )
                )
        return Table(
            self.name, self.unit, tuple(by), (*by, "agency", *self.value_columns), tuple(rows)
        )


class RepeatRate(Metric):
    """Share of recommendations that repeat an earlier one to the same state."""

    name = "repeat-rate"
    description = (
        "recommendations (after the first cycle) whose most similar earlier recommendation"
        " to the same state, in an earlier cycle, scores at least the repeat threshold"
        " (TF-IDF cosine, upr.analysis.similarity); repeat_rate = repeats / recommendations"
        " that have an earlier cycle in the dataset"
    )
    unit = CountUnit.PARAGRAPHS
    value_columns = ("recommendations", "with_earlier_cycle", "repeats", "repeat_rate")

    def compute(self, dataset: Dataset, by: Sequence[str] = ()) -> Table:
        """Similarity is computed once over the whole dataset, then counted per group."""
        repeats = {link.source for link in similarity.find_repeats(list(dataset))}
        first_cycle: dict[tuple[str, str], int] = {}
        for rec in dataset:
            key = (rec.mechanism, rec.state_under_review)
            first_cycle[key] = min(first_cycle.get(key, rec.cycle), rec.cycle)
        outer = groups(dataset, by) if by else {(): list(dataset)}
        rows = []
        for key, recs in _sorted_rows(outer):
            later = [r for r in recs if r.cycle > first_cycle[(r.mechanism, r.state_under_review)]]
            count = sum(1 for r in later if r.id in repeats)
            rows.append((*key, len(recs), len(later), count, _share(count, len(later))))
        return Table(self.name, self.unit, tuple(by), (*by, *self.value_columns), tuple(rows))


METRICS: tuple[Metric, ...] = (
    Count(),
    Rows(),
    Responses(),
    RecommendingStates(),
    RegionalGroups(),
    ActionCategories(),
    Themes(),
    SdgTargets(),
    TreatyCoverage(),
    Implementation(),
    AgencyWorkload(),
    RepeatRate(),
)


@upr.hookimpl
def upr_register_metrics(register: Register[Metric]) -> None:
    """Register every first-party metric."""
    for metric in METRICS:
        register(metric)
