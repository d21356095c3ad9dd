"""HTML summaries shown by Jupyter for datasets, reviews, recommendations and tables.

``Dataset._repr_html_``, ``Review._repr_html_``, ``Recommendation._repr_html_``
and ``Table._repr_html_`` ask :func:`upr.display.html`, for which this module
registers the functions below, so displaying one of those objects in a
notebook shows:

* :func:`dataset_html`: counts (recommendations, reviews, states, cycles,
  mechanisms), the responses with their shares, a per-cycle breakdown,
  conflicts and tracking records, and the first recommendations;
* :func:`review_html`: mechanism, state, cycle with its years, sessions, dates
  and documents;
* :func:`recommendation_html`: the text and every field, names resolved, with
  the sources that gave each field;
* :func:`table_html`: a metric's name, unit and rows.

The output is an HTML fragment with inline styles only: no script, no
stylesheet, no external asset. Every value that comes from data is escaped
with :func:`html.escape`. Colours are translucent so that the output reads on
light and dark notebook themes.

>>> import upr
>>> "Viet Nam" in dataset_html(upr.datasets.viet_nam())
True
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from html import escape
from typing import Any

from upr import display
from upr.analysis.metrics import Table
from upr.core import kinds
from upr.core.dataset import Dataset
from upr.errors import UprError
from upr.model import cycles, mechanisms, sdgs, states, treaties
from upr.model.recommendations import Recommendation, ResponseValue
from upr.model.reviews import Review

DATASET_ROWS = 10
"""Recommendations listed by :func:`dataset_html`."""

TABLE_ROWS = 60
"""Rows of a metric table shown by :func:`table_html`."""

TEXT_CHARS = 120
"""Characters of a recommendation text shown in the dataset listing."""

STATES_CHARS = 60
"""Characters of the recommending-states list shown in the dataset listing."""

CELL_CHARS = 200
"""Characters of one cell shown by :func:`table_html`."""

TITLE_CHARS = 1000
"""Characters of the full value kept in a tooltip (``title`` attribute)."""

CYCLE_ROWS = 12
"""Cycles listed in the per-cycle breakdown of :func:`dataset_html`."""

_NO_RESPONSE = "no response"

# Inline styles. Translucent colours read on light and dark themes alike.
_BOX = (
    "font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,"
    "sans-serif;font-size:13px;line-height:1.4;color:inherit;max-width:1100px"
)
_TITLE = "font-size:15px;font-weight:600;margin:2px 0 8px 0"
_HEADING = (
    "font-size:11px;font-weight:600;text-transform:uppercase;letter-spacing:.05em;"
    "opacity:.7;margin:10px 0 4px 0"
)
_MUTED = "opacity:.65"
_TABLE = "border-collapse:collapse;margin:0 0 6px 0;font-size:12px"
_TH = (
    "text-align:left;padding:3px 8px;border-bottom:1px solid rgba(127,127,127,.5);"
    "font-weight:600;white-space:nowrap;vertical-align:bottom"
)
_TD = "text-align:left;padding:3px 8px;border-bottom:1px solid rgba(127,127,127,.2)"
_TD_TOP = _TD + ";vertical-align:top"
_KEY = _TD_TOP + ";font-weight:600;white-space:nowrap;opacity:.8"
_NUM = "text-align:right;padding:3px 8px;border-bottom:1px solid rgba(127,127,127,.2);" + (
    "font-variant-numeric:tabular-nums;white-space:nowrap"
)
_FLEX = "display:flex;flex-wrap:wrap;gap:8px 32px;align-items:flex-start"
_QUOTE = (
    "margin:4px 0 10px 0;padding:6px 12px;border-left:3px solid rgba(127,127,127,.5);"
    "font-size:14px;white-space:pre-wrap"
)
_BADGE = "display:inline-block;padding:0 6px;border-radius:8px;white-space:nowrap;background:"
_BADGE_COLOURS: dict[str, str] = {
    ResponseValue.SUPPORTED.value: "rgba(46,160,67,.25)",
    ResponseValue.PARTIALLY_SUPPORTED.value: "rgba(56,139,253,.25)",
    ResponseValue.NOTED.value: "rgba(210,153,34,.3)",
    ResponseValue.PENDING.value: "rgba(127,127,127,.25)",
    ResponseValue.NO_CLEAR_POSITION.value: "rgba(163,113,247,.25)",
    _NO_RESPONSE: "rgba(127,127,127,.12)",
}
_BAR_TRACK = (
    "display:inline-block;width:90px;height:8px;background:rgba(127,127,127,.15);"
    "border-radius:4px;vertical-align:middle;overflow:hidden"
)
_BAR_FILL = "display:block;height:8px;background:"


# -- small helpers -------------------------------------------------------------
def _e(value: object) -> str:
    """Escaped text of any value (quotes too, so it is safe in attributes)."""
    return escape(str(value), quote=True)


def _truncate(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, ending in an ellipsis when cut."""
    text = " ".join(text.split()) if len(text) > limit else text
    if len(text) <= limit:
        return text
    return text[: max(limit - 1, 0)].rstrip() + "…"


def _clipped(text: str, limit: int) -> str:
    """Escaped, truncated ``text`` in a span whose tooltip holds more of it."""
    shown = _truncate(text, limit)
    if shown == text:
        return _e(text)
    return f'<span title="{_e(_truncate(text, TITLE_CHARS))}">{_e(shown)}</span>'


def _muted(text: str) -> str:
    """Escaped ``text`` in a dimmed span."""
    return f'<span style="{_MUTED}">{_e(text)}</span>'


def _count(number: int) -> str:
    """A count with thousands separators: ``12,345``."""
    return f"{number:,}"


def _percent(part: int, whole: int) -> str:
    """``part`` as a percentage of ``whole`` with one decimal (``"82.8%"``)."""
    return f"{100 * part / whole:.1f}%" if whole else "–"


def _bar(part: int, whole: int) -> str:
    """A small horizontal bar showing ``part / whole``."""
    share = part / whole if whole else 0.0
    colour = "rgba(56,139,253,.7)"
    return (
        f'<span style="{_BAR_TRACK}"><span style="{_BAR_FILL}{colour};'
        f'width:{100 * share:.1f}%"></span></span>'
    )


def _badge(label: str) -> str:
    """A response value as a coloured label."""
    colour = _BADGE_COLOURS.get(label, "rgba(127,127,127,.2)")
    return f'<span style="{_BADGE}{colour}">{_e(label)}</span>'


def _date(day: dt.date | None) -> str:
    """ISO date, or an empty string."""
    return "" if day is None else day.isoformat()


def _title(text: str, note: str = "") -> str:
    """The heading line of a summary (``text`` bold, ``note`` dimmed)."""
    extra = f" {_muted(note)}" if note else ""
    return f'<div style="{_TITLE}">{_e(text)}{extra}</div>'


def _heading(text: str) -> str:
    """A small section heading."""
    return f'<div style="{_HEADING}">{_e(text)}</div>'


def _box(*parts: str) -> str:
    """The outer container of every summary."""
    return f'<div style="{_BOX}">{"".join(parts)}</div>'


def _key_values(pairs: Iterable[tuple[str, str]]) -> str:
    """A two-column table of labels (escaped here) and values (already HTML)."""
    body = "".join(
        f'<tr><th scope="row" style="{_KEY}">{_e(key)}</th><td style="{_TD_TOP}">{value}</td></tr>'
        for key, value in pairs
    )
    return f'<table style="{_TABLE}"><tbody>{body}</tbody></table>'


def _grid(headers: Sequence[str], rows: Iterable[Sequence[str]], numeric: Sequence[bool]) -> str:
    """A table with ``headers`` (escaped here) and ``rows`` of cells (already HTML).

    ``numeric`` says which columns are right-aligned numbers.
    """
    head = "".join(
        f'<th style="{_TH}{";text-align:right" if num else ""}">{_e(h)}</th>'
        for h, num in zip(headers, numeric, strict=True)
    )
    body = "".join(
        "<tr>"
        + "".join(
            f'<td style="{_NUM if num else _TD_TOP}">{cell}</td>'
            for cell, num in zip(row, numeric, strict=True)
        )
        + "</tr>"
        for row in rows
    )
    return f'<table style="{_TABLE}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _list(values: Iterable[str]) -> str:
    """Already-HTML items joined by commas; a dimmed dash when there are none."""
    items = list(values)
    return ", ".join(items) if items else _muted("–")


# -- names ---------------------------------------------------------------------
def _state_name(code: str) -> str:
    """The UN short name of a state code (the code itself if unknown)."""
    try:
        return states.get(code).short_name
    except UprError:
        return code


def _state_label(code: str) -> str:
    """``Viet Nam (VNM)`` as HTML."""
    name = _state_name(code)
    return _e(code) if name == code else f"{_e(name)} {_muted(f'({code})')}"


def _mechanism_name(code: str) -> str:
    """The full name of a mechanism code (the code itself if unknown)."""
    found = mechanisms.by_code(code)
    return code if found is None else found.name


def _cycle(mechanism: str, number: int) -> cycles.Cycle | None:
    """The cycle, or ``None`` when the mechanism or number is unknown."""
    try:
        return cycles.get(mechanism, number)
    except UprError:
        return None


def _cycle_label(mechanism: str, number: int) -> str:
    """``UPR cycle 2 (2012-2016)`` or ``CAT report 2``."""
    found = _cycle(mechanism, number)
    return f"{mechanism} cycle {number}" if found is None else found.label


def _treaty_label(code: str) -> str:
    """A treaty code with its full name in a tooltip, as HTML."""
    try:
        name = treaties.get(code).name
    except UprError:
        return _e(code)
    return f'<span title="{_e(name)}">{_e(code)}</span> {_muted(name)}'


def _target_order(code: str) -> tuple[int, int, str]:
    """Sort key putting ``16.2`` before ``16.10`` and ``16.a``."""
    goal, _, target = code.partition(".")
    number = int(goal) if goal.isdigit() else 99
    return (number, int(target) if target.isdigit() else 999, target)


def _sdg_targets(codes: Sequence[str]) -> str:
    """Targets grouped by goal: ``Goal 16 Peace, justice ...: 16.3, 16.10``."""
    by_goal: dict[str, list[str]] = {}
    for code in sorted(codes, key=_target_order):
        try:
            goal = sdgs.goal(sdgs.goal_of(code))
            label = f"Goal {goal.number} {goal.title}"
        except (UprError, ValueError):
            label = "unknown goal"
        by_goal.setdefault(label, []).append(code)
    lines = [f"{_muted(label + ':')} {_e(', '.join(found))}" for label, found in by_goal.items()]
    return "<br>".join(lines) if lines else _muted("–")


def _response_cell(rec: Recommendation) -> str:
    """The response of ``rec`` as a badge."""
    return _badge(_NO_RESPONSE if rec.response is None else rec.response.value.value)


# -- dataset -------------------------------------------------------------------
def _response_order(counts: Counter[str]) -> list[str]:
    """Response labels in canonical order, those without recommendations left out."""
    labels = [v.value for v in ResponseValue] + [_NO_RESPONSE]
    return [label for label in labels if counts.get(label)]


def _cycle_breakdown(by_cycle: Counter[tuple[str, int, str]]) -> str:
    """Recommendations and responses per mechanism and cycle."""
    totals: Counter[tuple[str, int]] = Counter()
    supported: Counter[tuple[str, int]] = Counter()
    noted: Counter[tuple[str, int]] = Counter()
    for (mechanism, number, label), n in by_cycle.items():
        totals[mechanism, number] += n
        if label == ResponseValue.SUPPORTED.value:
            supported[mechanism, number] += n
        elif label == ResponseValue.NOTED.value:
            noted[mechanism, number] += n
    keys = sorted(totals)
    rows = [
        (
            _e(_cycle_label(*key)),
            _count(totals[key]),
            _count(supported[key]),
            _count(noted[key]),
            _count(totals[key] - supported[key] - noted[key]),
            _percent(supported[key], totals[key]),
        )
        for key in keys[:CYCLE_ROWS]
    ]
    table = _grid(
        ("cycle", "recommendations", "supported", "noted", "other", "% supported"),
        rows,
        (False, True, True, True, True, True),
    )
    more = len(keys) - CYCLE_ROWS
    note = f"<div>{_muted(f'… {more:,} more cycles')}</div>" if more > 0 else ""
    return _heading("By cycle") + table + note


def _responses(counts: Counter[str], total: int) -> str:
    """Recommendations per response value, with shares and bars."""
    rows = [
        (
            _badge(label),
            _count(counts[label]),
            _percent(counts[label], total),
            _bar(counts[label], total),
        )
        for label in _response_order(counts)
    ]
    return _heading("Responses") + _grid(
        ("response", "recommendations", "share", ""), rows, (False, True, True, False)
    )


def _names_sample(codes: Iterable[str], limit: int = 4) -> str:
    """A few sorted codes, named, as HTML (``Viet Nam, Lao People's ...``)."""
    chosen = sorted(codes)
    shown = ", ".join(_state_name(code) for code in chosen[:limit])
    more = f", … {len(chosen) - limit:,} more" if len(chosen) > limit else ""
    return f" {_muted(f'({shown}{more})')}" if chosen else ""


def _counts(dataset: Dataset, by_cycle: Counter[tuple[str, int, str]]) -> str:
    """The key figures of a dataset as a two-column table."""
    recs = dataset.recommendations
    subjects = {r.state_under_review for r in recs} | {r.state for r in dataset.reviews}
    recommending: set[str] = set()
    for rec in recs:
        recommending.update(rec.recommending_states)
    cycle_keys = {(m, n) for m, n, _ in by_cycle} | {
        (r.mechanism, r.cycle) for r in dataset.reviews
    }
    mechanism_codes = sorted({m for m, _ in cycle_keys})
    cycle_names = ", ".join(f"{m} {n}" for m, n in sorted(cycle_keys)[:8])
    if len(cycle_keys) > 8:
        cycle_names += f", … {len(cycle_keys) - 8:,} more"
    mechanism_names = ", ".join(mechanism_codes[:8]) + (
        f", … {len(mechanism_codes) - 8:,} more" if len(mechanism_codes) > 8 else ""
    )
    pairs = [
        ("recommendations", _count(len(recs))),
        ("reviews", _count(len(dataset.reviews))),
        ("states under review", _count(len(subjects)) + _names_sample(subjects)),
        ("recommending states", _count(len(recommending))),
        (
            "cycles",
            _count(len(cycle_keys)) + (f" {_muted(f'({cycle_names})')}" if cycle_keys else ""),
        ),
        (
            "mechanisms",
            _count(len(mechanism_codes))
            + (f" {_muted(f'({mechanism_names})')}" if mechanism_codes else ""),
        ),
        ("conflicts", _count(len(dataset.conflicts)) + _conflict_hint(len(dataset.conflicts))),
    ]
    pairs += _other_records(dataset)
    return _heading("Contents") + _key_values(pairs)


def _conflict_hint(number: int) -> str:
    """A pointer to ``Dataset.conflicts`` when there are any."""
    return f" {_muted('(fields where sources disagree: see .conflicts)')}" if number else ""


def _other_records(dataset: Dataset) -> list[tuple[str, str]]:
    """Counts of the records other than recommendations, reviews and conflicts
    (:data:`upr.core.kinds.KINDS`), those present only; tracking records together."""
    tracking = [(len(getattr(dataset, k.attribute)), k) for k in kinds.KINDS if k.tracking]
    assignments = sum(len(plan.assignments) for plan in dataset.plans)
    counts = [(n, k.tag, k.label) for n, k in tracking]
    counts.insert(2, (assignments, "assignment", "assignments"))
    pairs = []
    if any(n for n, _, _ in counts):
        total = sum(n for n, _, _ in counts)
        detail = ", ".join(f"{n:,} {one if n == 1 else many}" for n, one, many in counts if n)
        pairs.append(("tracking records", f"{_count(total)} {_muted(f'({detail})')}"))
    shown = ("recommendations", "reviews", "conflicts")
    for kind in kinds.KINDS:
        items = getattr(dataset, kind.attribute)
        if not kind.tracking and kind.attribute not in shown and items:
            pairs.append((kind.label, _count(len(items))))
    return pairs


def _listing(recs: Sequence[Recommendation], rows: int) -> str:
    """The first ``rows`` recommendations as a compact table, and how many are left."""
    shown = recs[:rows]
    cells = [
        (
            f'<span style="white-space:nowrap">{_clipped(rec.id, 40)}</span>',
            f'<span style="white-space:nowrap">'
            f"{_clipped(_state_name(rec.state_under_review), 24)}</span>",
            f'<span style="white-space:nowrap">{_e(rec.mechanism)} {rec.cycle}</span>',
            _response_cell(rec),
            _clipped(", ".join(_state_name(c) for c in rec.recommending_states), STATES_CHARS),
            _clipped(rec.text, TEXT_CHARS),
        )
        for rec in shown
    ]
    table = _grid(
        ("id", "state", "cycle", "response", "recommended by", "text"),
        cells,
        (False, False, False, False, False, False),
    )
    more = len(recs) - len(shown)
    hint = f"… {more:,} more recommendations (iterate the dataset or use .to_pandas())"
    note = f"<div>{_muted(hint)}</div>" if more > 0 else ""
    heading = f"First {len(shown):,} recommendations" if more > 0 else "Recommendations"
    return _heading(heading) + table + note


def dataset_html(dataset: Dataset, *, rows: int = DATASET_ROWS) -> str:
    """HTML summary of a dataset: counts, responses, cycles, first ``rows`` recommendations.

    Counting takes a few passes over the recommendations (no sorting of them),
    so a dataset of hundreds of thousands displays in well under a second.
    """
    recs = dataset.recommendations
    by_cycle: Counter[tuple[str, int, str]] = Counter(
        (r.mechanism, r.cycle, _NO_RESPONSE if r.response is None else r.response.value.value)
        for r in recs
    )
    responses: Counter[str] = Counter()
    for (_, _, label), n in by_cycle.items():
        responses[label] += n
    note = f"{len(recs):,} recommendations, {len(dataset.reviews):,} reviews"
    if not recs and not dataset.reviews:
        note = "empty"
    parts = [_title("upr.Dataset", note)]
    blocks = [f"<div>{_counts(dataset, by_cycle)}</div>"]
    if recs:
        blocks.append(f"<div>{_responses(responses, len(recs))}{_cycle_breakdown(by_cycle)}</div>")
    parts.append(f'<div style="{_FLEX}">{"".join(blocks)}</div>')
    if recs and rows > 0:
        parts.append(_listing(recs, rows))
    return _box(*parts)


# -- review --------------------------------------------------------------------
def _documents(review: Review) -> str:
    """The documents of a review as a table."""
    if not review.documents:
        return _muted("none recorded")
    rows = [(_e(d.symbol), _e(d.kind.value), _e(_date(d.date))) for d in review.documents]
    return _grid(("symbol", "kind", "date"), rows, (False, False, False))


def review_html(review: Review) -> str:
    """HTML summary of a review: mechanism, state, cycle and years, sessions, dates, documents."""
    mechanism = _mechanism_name(review.mechanism)
    group = states.group_of(review.state)
    state = _state_label(review.state) + (f" {_muted(f'· {group.value} group')}" if group else "")
    cycle = _cycle(review.mechanism, review.cycle)
    sessions = []
    if review.session is not None:
        sessions.append(f"Working Group session {review.session}")
    if review.hrc_session is not None:
        sessions.append(f"Human Rights Council session {review.hrc_session}")
    dates = " to ".join(d for d in (_date(review.start), _date(review.end)) if d)
    pairs = [
        ("mechanism", f"{_e(mechanism)} {_muted(f'({review.mechanism})')}"),
        ("state under review", state),
        (
            "cycle",
            _e(f"{review.mechanism} cycle {review.cycle}") if cycle is None else _e(cycle.label),
        ),
        ("sessions", _e(", ".join(sessions)) if sessions else _muted("–")),
        ("dates", _e(dates) if dates else _muted("–")),
        ("documents", _documents(review)),
    ]
    title = f"Review {review.id}"
    return _box(_title(title, f"{_state_name(review.state)}, {mechanism}"), _key_values(pairs))


# -- recommendation ------------------------------------------------------------
def _response_detail(rec: Recommendation) -> str:
    """Response badge, the label as published and where it was published."""
    response = rec.response
    if response is None:
        return _badge(_NO_RESPONSE)
    parts = [_badge(response.value.value)]
    if response.raw:
        parts.append(f"published as “{_e(response.raw)}”")
    if response.source:
        parts.append(_muted(f"({response.source})"))
    return " ".join(parts)


def _provenance(rec: Recommendation) -> str:
    """Each source with the fields it gave (``*``: every field)."""
    fields: dict[str, list[str]] = {}
    for item in rec.provenance:
        fields.setdefault(str(item), []).extend(item.fields)
    if not fields:
        return _muted("none recorded")
    rows = [
        (
            _e(source),
            _e("all fields" if "*" in given else ", ".join(sorted(set(given)))),
        )
        for source, given in sorted(fields.items())
    ]
    return _grid(("source", "fields"), rows, (False, False))


def recommendation_html(rec: Recommendation) -> str:
    """HTML of one recommendation: its text and every field, names resolved, with sources."""
    location = " ".join(
        part
        for part in (rec.symbol or "", f"para {rec.paragraph}" if rec.paragraph else "")
        if part
    )
    category = rec.action_category
    pairs = [
        ("state under review", _state_label(rec.state_under_review)),
        ("review", f"{_e(rec.review)} {_muted(_mechanism_name(rec.mechanism))}"),
        ("cycle", _e(_cycle_label(rec.mechanism, rec.cycle))),
        ("session", _e(rec.session) if rec.session is not None else _muted("–")),
        ("recommended by", _list(_state_label(code) for code in rec.recommending_states)),
        ("response", _response_detail(rec)),
        (
            "action category",
            _muted("–") if category is None else _e(f"{int(category)} – {category.label}"),
        ),
        ("themes", _list(_e(t) for t in rec.themes)),
        ("affected persons", _list(_e(p) for p in rec.affected_persons)),
        ("SDG targets", _sdg_targets(rec.sdg_targets)),
        ("treaties", _list(_treaty_label(t) for t in rec.treaties)),
        ("document", _e(location) if location else _muted("–")),
        ("kind", _e(rec.kind.value)),
        ("sources", _provenance(rec)),
    ]
    return _box(
        _title(f"Recommendation {rec.id}"),
        f'<blockquote style="{_QUOTE}">{_e(rec.text)}</blockquote>',
        _key_values(pairs),
    )


# -- metric table --------------------------------------------------------------
def _cell(value: Any, grouping: bool) -> str:
    """A table cell: numbers formatted (separators for values, not group keys)."""
    if value is None:
        return _muted("–")
    if isinstance(value, bool):
        return _e(value)
    if isinstance(value, int):
        return _e(value) if grouping else _count(value)
    if isinstance(value, float):
        text = f"{value:,.4f}"  # fixed decimals keep a column aligned
        return _e(text)
    if isinstance(value, list | tuple | set | frozenset):
        value = ", ".join(map(str, value))
    return _clipped(str(value), CELL_CHARS)


def _is_number(value: Any) -> bool:
    """True for an int or float that is not a bool."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def table_html(table: Table, *, rows: int = TABLE_ROWS) -> str:
    """HTML of a metric table: its name, unit, grouping and first ``rows`` rows."""
    width = len(table.columns)
    # a row of the wrong length (a plugin's bug) is padded or cut, not a display error
    shown = [(*row, *([None] * (width - len(row))))[:width] for row in table.rows[: max(rows, 0)]]
    grouping = [column in table.by for column in table.columns]
    numeric = [
        bool(shown)
        and not grouping[i]
        and all(_is_number(row[i]) or row[i] is None for row in shown)
        for i in range(width)
    ]
    body = [tuple(_cell(value, grouping[i]) for i, value in enumerate(row)) for row in shown]
    note = f"unit: {table.unit.value}"
    if table.by:
        note += f" · by {', '.join(table.by)}"
    parts = [_title(f"Metric {table.metric}", note)]
    if not table.rows:
        parts.append(f"<div>{_muted('no rows')}</div>")
    else:
        parts.append(_grid(table.columns, body, numeric))
    more = len(table.rows) - len(shown)
    if more > 0:
        hint = f"{len(shown):,} of {len(table.rows):,} rows shown (all: .rows or .to_pandas())"
        parts.append(f"<div>{_muted(hint)}</div>")
    return _box(*parts)


display.html.register(Dataset)(dataset_html)
display.html.register(Review)(review_html)
display.html.register(Recommendation)(recommendation_html)
display.html.register(Table)(table_html)


__all__ = [
    "CELL_CHARS",
    "DATASET_ROWS",
    "STATES_CHARS",
    "TABLE_ROWS",
    "TEXT_CHARS",
    "dataset_html",
    "recommendation_html",
    "review_html",
    "table_html",
]
