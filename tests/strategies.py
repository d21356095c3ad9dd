"""Hypothesis strategies for ``upr`` model objects (random, not real data)."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

import upr
from upr.model.figures import Qualifier, Unit
from upr.model.recommendations import recommendation_id

STATE_CODES = [s.code for s in upr.states.all()]
TREATY_CODES = list(upr.treaties.codes())
MECHANISM_CODES = [m.code for m in upr.mechanisms.all()]

codes = st.sampled_from(STATE_CODES)
text = st.text(min_size=1, max_size=80)
opt_text = st.none() | text
dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2035, 12, 31))
opt_dates = st.none() | dates
sessions = st.integers(min_value=1, max_value=54)

documents = st.builds(
    upr.Document, symbol=text, kind=st.sampled_from(upr.DocumentKind), date=opt_dates
)
reviews = st.builds(
    upr.Review.upr,
    state=codes,
    session=sessions,
    hrc_session=st.none() | st.integers(1, 70),
    start=opt_dates,
    end=opt_dates,
    documents=st.tuples(documents) | st.just(()),
)
responses = st.builds(
    upr.Response,
    value=st.sampled_from(upr.ResponseValue),
    raw=st.text(max_size=30),
    source=opt_text,
)
locations = st.builds(
    upr.Location,
    file=st.none() | st.sampled_from(["a.csv", "b.xlsx", "vietnam2014.txt"]),
    line=st.none() | st.integers(1, 10_000),
    row=st.none() | st.integers(1, 10_000),
    paragraph=st.none() | st.from_regex(r"\A1[0-9]{2}\.[1-9][0-9]?\Z"),
    sheet=st.none() | st.sampled_from(["Sheet1", "table 2"]),
    symbol=st.none() | st.sampled_from(["A/HRC/26/6", "A/HRC/12/11"]),
)
field_sources = st.builds(
    upr.FieldSource,
    source=st.sampled_from(["uprinfo-csv", "wg-report-txt", "sdg-explorer", "mine"]),
    location=locations,
    fields=st.lists(st.sampled_from(["text", "response", "paragraph", "*"]), max_size=2).map(tuple),
)
conflict_values = st.builds(
    upr.ConflictValue, value=text, sources=st.lists(field_sources, max_size=2).map(tuple)
)
conflicts = st.builds(
    upr.Conflict,
    record=text,
    field=st.sampled_from(["response", "text", "sdg_targets"]),
    values=st.lists(conflict_values, min_size=1, max_size=3).map(tuple),
    kind=st.sampled_from(upr.ConflictKind),
    source_record=opt_text,
)


@st.composite
def recommendations(draw: st.DrawFn) -> upr.Recommendation:
    """A random but well-formed recommendation with a consistent id."""
    review = draw(reviews)
    body = draw(text)
    symbol = draw(
        st.none() | st.just(f"A/HRC/{draw(st.integers(1, 60))}/{draw(st.integers(1, 20))}")
    )
    paragraph = draw(st.none() | st.from_regex(r"\A1[0-9]{2}\.[1-9][0-9]?\Z"))
    return upr.Recommendation(
        id=recommendation_id(symbol=symbol, paragraph=paragraph, review=review.id, text=body),
        text=body,
        review=review.id,
        mechanism=review.mechanism,
        state_under_review=review.state,
        cycle=review.cycle,
        session=review.session,
        recommending_states=tuple(draw(st.lists(codes, max_size=4))),
        response=draw(st.none() | responses),
        action_category=draw(st.none() | st.sampled_from(upr.ActionCategory)),
        themes=tuple(draw(st.lists(text, max_size=3))),
        affected_persons=tuple(draw(st.lists(text, max_size=2))),
        sdg_targets=tuple(draw(st.lists(st.sampled_from(upr.sdgs.targets()), max_size=3))),
        treaties=tuple(draw(st.lists(st.sampled_from(TREATY_CODES), max_size=2))),
        symbol=symbol,
        paragraph=paragraph,
        kind=draw(st.sampled_from(upr.RecommendationKind)),
        provenance=tuple(draw(st.lists(field_sources, max_size=3))),
    )


figures = st.builds(
    upr.ReportedFigure,
    review=text,
    quantity=st.sampled_from(["recommendations", "supported", "support_rate"]),
    value=st.floats(allow_nan=False, allow_infinity=False, width=32),
    source=text,
    unit=st.sampled_from(Unit),
    qualifier=st.sampled_from(Qualifier),
    text=opt_text,
    date=opt_dates,
    language=st.none() | st.sampled_from(["vi", "en"]),
)
ratifications = st.builds(
    upr.Ratification,
    state=codes,
    treaty=st.sampled_from(TREATY_CODES),
    status=st.sampled_from(upr.RatificationStatus),
    year=st.none() | st.integers(1965, 2030),
    source=text,
)
agencies = st.builds(
    upr.Agency,
    id=text,
    name=text,
    state=codes,
    kind=st.sampled_from(upr.AgencyKind),
    parent=opt_text,
)
assignments = st.builds(
    upr.Assignment,
    recommendation=text,
    agency=text,
    role=st.sampled_from(upr.AssignmentRole),
    group=opt_text,
)
plans = st.builds(
    upr.ImplementationPlan,
    id=text,
    state=codes,
    review=text,
    title=text,
    adopted=opt_dates,
    source=opt_text,
    assignments=st.lists(assignments, max_size=3).map(tuple),
)
actions = st.builds(
    upr.Action,
    id=text,
    description=text,
    agencies=st.lists(text, max_size=2).map(tuple),
    recommendations=st.lists(text, max_size=2).map(tuple),
    start=opt_dates,
    end=opt_dates,
    indicator=opt_text,
    outcome=opt_text,
    source=opt_text,
)
assessments = st.builds(
    upr.Assessment,
    recommendation=text,
    date=dates,
    assessor=text,
    status=st.sampled_from(upr.ImplementationStatus),
    assessor_kind=st.sampled_from(upr.AssessorKind),
    grade=st.none() | st.sampled_from(["A", "B", "B1", "C2", "D", "E"]),
    source=opt_text,
    note=opt_text,
)
memberships = st.builds(
    upr.CouncilMembership,
    state=codes,
    start_year=st.integers(2006, 2030),
    end_year=st.integers(2006, 2033),
    source=opt_text,
)
pledges = st.builds(
    upr.VoluntaryPledge,
    id=text,
    text=text,
    review=text,
    state=codes,
    cycle=st.integers(1, 4),
    session=st.none() | sessions,
    themes=st.lists(text, max_size=2).map(tuple),
    provenance=st.lists(field_sources, max_size=2).map(tuple),
)


def _unique(items: list[object], key: str) -> list[object]:
    seen: dict[object, object] = {}
    for item in items:
        seen.setdefault(getattr(item, key), item)
    return list(seen.values())


@st.composite
def datasets(draw: st.DrawFn) -> upr.Dataset:
    """A random Dataset with every collection populated sometimes."""
    recs = _unique(draw(st.lists(recommendations(), max_size=8)), "id")
    revs = _unique(draw(st.lists(reviews, max_size=4)), "id")
    return upr.Dataset(
        recommendations=recs,
        reviews=revs,
        pledges=_unique(draw(st.lists(pledges, max_size=2)), "id"),
        figures=draw(st.lists(figures, max_size=3)),
        ratifications=draw(st.lists(ratifications, max_size=3)),
        memberships=draw(st.lists(memberships, max_size=2)),
        agencies=draw(st.lists(agencies, max_size=2)),
        plans=draw(st.lists(plans, max_size=2)),
        actions=draw(st.lists(actions, max_size=2)),
        assessments=draw(st.lists(assessments, max_size=2)),
        conflicts=draw(st.lists(conflicts, max_size=2)),
    )
