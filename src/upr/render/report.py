"""The review report behind ``upr report``: figures per review, side by side with
what governments and the press reported, in text, markdown, JSON or HTML.

The report is a value (:class:`Report`) built by :func:`build`; renderers turn it
into text. JSON output follows :data:`JSON_SCHEMA_VERSION` (documented in
``docs/report.md``).
"""

from __future__ import annotations

import html
import json
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from upr._version import __version__
from upr.analysis.metrics import Metric, Table
from upr.core.dataset import Dataset
from upr.core.fusion import is_document_record, paragraph_key
from upr.errors import UprError
from upr.model import states
from upr.model.figures import Qualifier, ReportedFigure, Unit
from upr.model.recommendations import Recommendation, ResponseValue
from upr.model.reviews import Review

JSON_SCHEMA_VERSION = 1

PARAGRAPHS = "recommendation paragraphs"
ROWS = "recommendation x recommending-state rows"


@attrs.frozen
class ReviewFigures:
    """What the data gives for one review (``None`` where the data has no recommendations).

    ``document`` names the review's Working Group report (or other UN document)
    when some recommendations were read from it (its symbol, or its file when
    no source gives the symbol); ``sections`` counts those by the paragraph
    they are listed under (``("143", 227)``); ``outside`` names the
    recommendations of the data that are not paragraphs of that document, each
    with its sources. The reconciliation of a reported figure uses these to say
    what the computed figure is made of.
    """

    review: str
    state: str
    mechanism: str
    cycle: int
    session: int | None
    recommendations: int
    rows: int
    recommending_states: int
    responses: dict[str, int]
    support_rate: float | None
    implemented_rate: float | None
    partially_implemented_rate: float | None
    sources: tuple[str, ...]
    document: str | None = None
    sections: tuple[tuple[str, int], ...] = ()
    outside: tuple[tuple[str, str], ...] = ()
    responses_by_section: tuple[tuple[str, str, int], ...] = ()
    """``(section, response, count)`` of the paragraphs read from the document."""
    outside_responses: tuple[tuple[str, str], ...] = ()
    """``(id, response)`` of the records in :attr:`outside`."""


@attrs.frozen
class Reconciliation:
    """A reported figure next to the computed one, with the likely cause of a difference."""

    figure: ReportedFigure
    computed: float | None
    difference: float | None
    cause: str


@attrs.frozen
class ReviewSection:
    """One review in the report."""

    figures: ReviewFigures
    reconciliations: tuple[Reconciliation, ...]
    top_themes: tuple[tuple[str, int], ...]
    regional_groups: tuple[tuple[str, int], ...]


@attrs.frozen
class Report:
    """The report: one section per review, plus the filters and sources used."""

    title: str
    filters: dict[str, str]
    sections: tuple[ReviewSection, ...]
    sources: tuple[str, ...]
    conflicts: int


METRICS: tuple[str, ...] = (
    "count",
    "rows",
    "responses",
    "implementation",
    "themes",
    "regional-groups",
)
"""The registered metrics a report is built from (by review)."""


def _source_names(records: Iterable[Recommendation]) -> tuple[str, ...]:
    """The files (or sources) the records were read from."""
    return tuple(sorted({p.location.file or p.source for rec in records for p in rec.provenance}))


def _cite(rec: Recommendation) -> str:
    where = "; ".join(sorted({str(p) for p in rec.provenance})[:2])
    return f"{rec.id} ({where})" if where else rec.id


@attrs.frozen
class _Composition:
    document: str | None
    sections: tuple[tuple[str, int], ...]
    outside: tuple[tuple[str, str], ...]
    responses_by_section: tuple[tuple[str, str, int], ...]
    outside_responses: tuple[tuple[str, str], ...]


def _response_name(rec: Recommendation) -> str:
    return "no response" if rec.response is None else rec.response.value.value


def _composition(recs: Sequence[Recommendation], dataset: Dataset) -> _Composition:
    """The document the review's paragraphs were read from, their count by
    section (and by response), and the recommendations that are not among them."""
    documents: Counter[str] = Counter()
    sections: Counter[str] = Counter()
    responses: Counter[tuple[str, str]] = Counter()
    outside = []
    for rec in recs:
        read = [s for s in dataset.source_records(rec.id) if is_document_record(s)]
        if read:
            for source in read:
                # the entries that read it from its paragraph (not, say, the UPR Info row
                # that gave its response)
                for entry in source.provenance:
                    where = entry.location
                    if where.paragraph == source.paragraph:
                        name = where.symbol or source.symbol or rec.symbol
                        documents[name or where.file or entry.source] += 1
            section = _section(rec.paragraph)
            sections[section] += 1
            responses[(section, _response_name(rec))] += 1
        else:
            outside.append((rec.id, _cite(rec), _response_name(rec)))
    if not documents:
        return _Composition(None, (), (), (), ())
    document = documents.most_common(1)[0][0]
    ordered = tuple(sorted(sections.items(), key=lambda kv: paragraph_key(kv[0])))
    by_response = tuple(
        (section, response, n)
        for (section, response), n in sorted(
            responses.items(), key=lambda kv: (paragraph_key(kv[0][0]), kv[0][1])
        )
    )
    outside.sort()
    return _Composition(
        document,
        ordered,
        tuple((i, cite) for i, cite, _ in outside),
        by_response,
        tuple((i, response) for i, _, response in outside),
    )


def _section(paragraph: str | None) -> str:
    """The paragraph a numbered recommendation is listed under: ``143`` for ``143.12``;
    other paragraphs (``35(b)``, from the interactive dialogue) as ``other``."""
    head, dot, _ = (paragraph or "").partition(".")
    return head if dot and head.isdigit() else "other"


def _by_review(table: Table) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = {}
    for record in table.to_records():
        grouped.setdefault(record["review"], []).append(record)
    return grouped


def review_figures(
    review: Review,
    recs: Sequence[Recommendation],
    dataset: Dataset,
    tables: Mapping[str, dict[str, list[dict[str, Any]]]],
) -> ReviewFigures:
    """The headline figures of one review, from the metric tables by review."""

    def one(metric: str) -> dict[str, Any]:
        found = tables[metric].get(review.id)
        return found[0] if found else {}

    responses = one("responses")
    rows = one("rows")
    done = one("implementation")
    held = _composition(recs, dataset)
    return ReviewFigures(
        review=review.id,
        state=review.state,
        mechanism=review.mechanism,
        cycle=review.cycle,
        session=review.session,
        recommendations=one("count").get("recommendations", 0),
        rows=rows.get("rows", 0),
        recommending_states=rows.get("recommending_states", 0),
        responses={v.value: responses.get(v.value, 0) for v in ResponseValue},
        support_rate=responses.get("support_rate"),
        # over assessed recommendations; disputed ones count as neither (upr.analysis.tracking)
        implemented_rate=done.get("implemented_rate"),
        partially_implemented_rate=done.get("partially_rate"),
        sources=_source_names(recs),
        document=held.document,
        sections=held.sections,
        outside=held.outside,
        responses_by_section=held.responses_by_section,
        outside_responses=held.outside_responses,
    )


def _computed(figure: ReportedFigure, figures: ReviewFigures) -> float | None:
    if figures.recommendations == 0:
        return None
    table: dict[str, float | None] = {
        "recommendations": figures.recommendations,
        "rows": figures.rows,
        "recommending_states": figures.recommending_states,
        "supported": figures.responses[ResponseValue.SUPPORTED.value],
        "noted": figures.responses[ResponseValue.NOTED.value],
        "support_rate": None if figures.support_rate is None else 100 * figures.support_rate,
        "implemented_rate": (
            None if figures.implemented_rate is None else 100 * figures.implemented_rate
        ),
        "partially_implemented_rate": (
            None
            if figures.partially_implemented_rate is None
            else 100 * figures.partially_implemented_rate
        ),
    }
    return table.get(figure.quantity)


def _from_reported(
    figure: ReportedFigure, others: Sequence[ReportedFigure]
) -> tuple[float, str] | None:
    """A rate recomputed from the counts reported beside it (241 of 291)."""
    if figure.quantity != "support_rate":
        return None
    counts = {f.quantity: f.value for f in others if f.unit is Unit.COUNT}
    supported, total = counts.get("supported"), counts.get("recommendations")
    if not supported or not total:
        return None
    return 100 * supported / total, f"{supported:g}/{total:g} reported"


def reconcile(
    figure: ReportedFigure, figures: ReviewFigures, others: Sequence[ReportedFigure] = ()
) -> Reconciliation:
    """Compare one reported figure with the data and explain the difference.

    Without recommendation-level data, a reported rate is checked against the
    counts reported beside it (``others``): "over 83%" against 241/291 = 82.8%.
    """
    computed = _computed(figure, figures)
    derived = _from_reported(figure, others) if computed is None else None
    if derived is not None:
        value, basis = derived
        cause = f"{_cause(figure, figures, value)}; computed from the {basis}"
        return Reconciliation(figure, round(value, 4), round(value - figure.value, 4), cause)
    if computed is None:
        cause = (
            "no recommendation-level data for this review: reported figure only"
            if figures.recommendations == 0
            else f"'{figure.quantity}' is not computed from recommendations"
        )
        return Reconciliation(figure, None, None, cause)
    difference = round(computed - figure.value, 4)
    return Reconciliation(figure, round(computed, 4), difference, _cause(figure, figures, computed))


_RESPONSE_QUANTITIES = {"supported": "supported", "noted": "noted"}
"""Reported quantities that count the recommendations of one response."""


def _what_the_data_holds(figures: ReviewFigures, quantity: str) -> str:
    """What the computed count is made of: the paragraphs of the document by
    section, and the records that are not among them, named (for ``supported``
    and ``noted``: those with that response)."""
    response = _RESPONSE_QUANTITIES.get(quantity)
    if quantity == "recommending_states":
        return (
            f"the data names {figures.recommending_states} distinct recommending states over"
            f" {figures.rows} {ROWS} of {figures.recommendations} recommendations"
        )
    if figures.document is None:
        return f"the data holds {figures.recommendations} records, none read from a UN document"
    if response is None:
        sections = list(figures.sections)
        outside = list(figures.outside)
        what = "paragraphs"
    else:
        sections = [(s, n) for s, r, n in figures.responses_by_section if r == response]
        kept = {i for i, r in figures.outside_responses if r == response}
        outside = [(i, cite) for i, cite in figures.outside if i in kept]
        what = f"{response} paragraphs"
    listed = ", ".join(f"{section}: {n}" for section, n in sections) or "none"
    parts = [f"{sum(n for _, n in sections)} {what} of {figures.document} (by paragraph: {listed})"]
    if outside:
        shown = "; ".join(cite for _, cite in outside[:5])
        more = f"; and {len(outside) - 5} more" if len(outside) > 5 else ""
        parts.append(f"{len(outside)} record(s) not in it: {shown}{more}")
    else:
        parts.append("no record outside it")
    return ", ".join(parts)


def _cause(figure: ReportedFigure, figures: ReviewFigures, computed: float) -> str:
    reported = figure.value
    if figure.unit is Unit.PERCENT:
        if figure.qualifier is Qualifier.OVER:
            return (
                f"matches: {computed:.1f}% is over {reported:g}%"
                if computed > reported
                else f"reported 'over {reported:g}%' but {computed:.1f}% is computed"
                " (rounding up in the statement)"
            )
        if abs(computed - reported) < 0.05:
            return "matches"
        if abs(computed - reported) < 1:
            return f"rounding: {computed:.1f}% computed vs {reported:g}% reported"
        return "differs: check which recommendations were assessed or counted"
    if math.isclose(computed, reported):
        return "matches"
    if figure.quantity == "recommendations" and math.isclose(figures.rows, reported):
        return f"unit: the reported figure counts {ROWS} ({figures.rows}), not {PARAGRAPHS}"
    gap = reported - computed
    held = _what_the_data_holds(figures, figure.quantity)
    if gap > 0:
        return f"data gives {gap:g} fewer: {held}"
    return f"data gives {-gap:g} more: {held}"


def _top(counter: Counter[str], n: int) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:n])


def build(
    dataset: Dataset,
    metrics: Mapping[str, Metric],
    *,
    title: str | None = None,
    filters: dict[str, str] | None = None,
) -> Report:
    """Build the report of every review in ``dataset`` (filter the dataset first)
    from the registered metrics :data:`METRICS` (``upr.build_report`` passes them).

    Reviews known only through reported figures (no recommendation-level data)
    get a section too, so cycles can be shown side by side.
    """
    missing = [name for name in METRICS if name not in metrics]
    if missing:
        raise UprError(
            f"the report needs the metric(s) {', '.join(missing)}, which no enabled plugin"
            " registers (is the 'metrics' plugin disabled?)"
        )
    tables = {name: _by_review(metrics[name].compute(dataset, ("review",))) for name in METRICS}
    by_review: dict[str, list[Recommendation]] = {}
    for rec in dataset:
        by_review.setdefault(rec.review, []).append(rec)
    reviews = {r.id: r for r in dataset.reviews}
    for review_id, recs in by_review.items():
        if review_id not in reviews:
            first = recs[0]
            reviews[review_id] = Review(
                first.mechanism, first.state_under_review, first.cycle, first.session
            )
    figures_by_review: dict[str, list[ReportedFigure]] = {}
    for figure in dataset.figures:
        figures_by_review.setdefault(figure.review, []).append(figure)
    sections = []
    for review in sorted(reviews.values(), key=lambda r: (r.state, r.mechanism, r.cycle)):
        recs = by_review.get(review.id, [])
        computed = review_figures(review, recs, dataset, tables)
        themes = {r["theme"]: r["count"] for r in tables["themes"].get(review.id, [])}
        groups = {
            r["regional_group"]: r["count"]
            for r in tables["regional-groups"].get(review.id, [])
            if r["regional_group"] != "none"
        }
        sections.append(
            ReviewSection(
                computed,
                tuple(
                    reconcile(f, computed, figures_by_review[review.id])
                    for f in figures_by_review.get(review.id, [])
                ),
                _top(Counter(themes), 10),
                _top(Counter(groups), 5),
            )
        )
    names = sorted({states.get(s.figures.state).short_name for s in sections})
    return Report(
        title=title or f"UPR review report: {', '.join(names) or 'empty dataset'}",
        filters=filters or {},
        sections=tuple(sections),
        sources=tuple(sorted({src for s in sections for src in s.figures.sources})),
        conflicts=len(dataset.conflicts),
    )


# -- rendering ---------------------------------------------------------------------


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"


def _figure_text(figure: ReportedFigure) -> str:
    qualifier = "" if figure.qualifier is Qualifier.EXACTLY else f"{figure.qualifier.value} "
    suffix = "%" if figure.unit is Unit.PERCENT else ""
    return f"{qualifier}{figure.value:g}{suffix}"


def _state_name(code: str) -> str:
    state = states.try_resolve(code)
    return state.short_name if state is not None else code


def overview_rows(report: Report) -> list[list[str]]:
    """One row per review: the side-by-side overview shown first in every format."""
    rows = []
    for section in report.sections:
        f = section.figures
        has_data = f.recommendations > 0
        rows.append(
            [
                _state_name(f.state),
                f"{f.mechanism} cycle {f.cycle}",
                str(f.session or "-"),
                str(f.recommendations) if has_data else "-",
                str(f.recommending_states) if has_data else "-",
                str(f.responses["supported"]) if has_data else "-",
                str(f.responses["noted"]) if has_data else "-",
                _pct(f.support_rate),
                _pct(f.implemented_rate),
            ]
        )
    return rows


OVERVIEW_HEADER = [
    "state",
    "review",
    "WG session",
    "recommendations",
    "recommending states",
    "supported",
    "noted",
    "support rate",
    "implemented",
]


def _number(value: float | None, unit: Unit, *, sign: bool = False) -> str:
    if value is None:
        return "-"
    if unit is Unit.PERCENT:
        return f"{value:+.1f} points" if sign else f"{value:.1f}%"
    return f"{value:+g}" if sign else f"{value:g}"


def reconciliation_rows(report: Report) -> list[list[str]]:
    """One row per reported figure: review, quantity, reported, computed, difference, cause."""
    rows = []
    for section in report.sections:
        for item in section.reconciliations:
            rows.append(
                [
                    section.figures.review,
                    item.figure.quantity,
                    _figure_text(item.figure),
                    _number(item.computed, item.figure.unit),
                    _number(item.difference, item.figure.unit, sign=True),
                    item.cause,
                    item.figure.source,
                ]
            )
    return rows


RECONCILIATION_HEADER = [
    "review",
    "quantity",
    "reported",
    "computed",
    "difference",
    "cause",
    "source",
]


def units_note() -> str:
    """The sentence every report prints to say what its counts count."""
    return (
        f"Units: 'recommendations' counts {PARAGRAPHS}; 'recommending states' counts distinct"
        f" states over {ROWS}; support rate = supported / recommendations."
    )


def to_markdown(report: Report) -> str:
    """Paste-ready markdown."""

    def table(header: list[str], rows: list[list[str]]) -> list[str]:
        out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        out += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in rows]
        return out

    lines = [f"# {report.title}", "", units_note(), ""]
    if report.filters:
        lines += ["Filters: " + ", ".join(f"{k}={v}" for k, v in report.filters.items()), ""]
    lines += ["## Reviews", "", *table(OVERVIEW_HEADER, overview_rows(report)), ""]
    recon = reconciliation_rows(report)
    if recon:
        lines += ["## Reported vs computed", "", *table(RECONCILIATION_HEADER, recon), ""]
    for section in report.sections:
        if section.top_themes:
            lines += [f"### Top themes, {section.figures.review}", ""]
            lines += table(
                ["theme", "recommendations"], [[t, str(n)] for t, n in section.top_themes]
            )
            lines.append("")
    lines += ["## Sources", "", *(f"- {s}" for s in report.sources or ("(none)",)), ""]
    if report.conflicts:
        lines += [f"{report.conflicts} conflicts between sources were recorded.", ""]
    return "\n".join(lines)


def to_json(report: Report) -> str:
    """Stable machine-readable JSON (schema: ``docs/report.md``)."""
    data = {
        "upr_report": JSON_SCHEMA_VERSION,
        "generated_by": f"upr {__version__}",
        "title": report.title,
        "filters": report.filters,
        "units": {"recommendations": PARAGRAPHS, "rows": ROWS},
        "sources": list(report.sources),
        "conflicts": report.conflicts,
        "reviews": [
            {
                **attrs.asdict(section.figures),
                "sources": list(section.figures.sources),
                "top_themes": [{"theme": t, "recommendations": n} for t, n in section.top_themes],
                "regional_groups": [{"group": g, "rows": n} for g, n in section.regional_groups],
                "reported": [
                    {
                        "quantity": r.figure.quantity,
                        "reported": r.figure.value,
                        "unit": r.figure.unit.value,
                        "qualifier": r.figure.qualifier.value,
                        "computed": r.computed,
                        "difference": r.difference,
                        "cause": r.cause,
                        "source": r.figure.source,
                        "text": r.figure.text,
                        "date": None if r.figure.date is None else r.figure.date.isoformat(),
                    }
                    for r in section.reconciliations
                ],
            }
            for section in report.sections
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False)


def _bar_chart(title: str, items: Sequence[tuple[str, float]], unit: str = "") -> str:
    if not items:
        return ""
    width, bar_height, label_width = 640, 22, 220
    top = max(v for _, v in items) or 1
    height = bar_height * len(items) + 30
    parts = [
        f'<svg role="img" aria-label="{html.escape(title)}" width="{width}" height="{height}"'
        f' xmlns="http://www.w3.org/2000/svg" font-family="sans-serif" font-size="12">',
        f'<text x="0" y="14" font-weight="bold">{html.escape(title)}</text>',
    ]
    for i, (label, value) in enumerate(items):
        y = 24 + i * bar_height
        length = (width - label_width - 80) * value / top
        parts.append(f'<text x="0" y="{y + 14}">{html.escape(label)}</text>')
        parts.append(
            f'<rect x="{label_width}" y="{y + 2}" width="{length:.1f}" height="{bar_height - 6}"'
            ' fill="#2a6f97"/>'
        )
        parts.append(
            f'<text x="{label_width + length + 4:.1f}" y="{y + 14}">{value:g}{unit}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def to_html(report: Report) -> str:
    """A single self-contained HTML file: tables plus inline SVG charts."""

    def table(header: list[str], rows: list[list[str]]) -> str:
        head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows
        )
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

    with_data = [s for s in report.sections if s.figures.recommendations]
    acceptance = _bar_chart(
        "Support rate by review (%)",
        [(s.figures.review, round(100 * (s.figures.support_rate or 0), 1)) for s in with_data],
        "%",
    )
    responses: Counter[str] = Counter()
    themes: Counter[str] = Counter()
    regions: Counter[str] = Counter()
    for section in with_data:
        responses.update({k: v for k, v in section.figures.responses.items() if v})
        themes.update(dict(section.top_themes))
        regions.update(dict(section.regional_groups))
    charts = "".join(
        [
            acceptance,
            _bar_chart("Responses (recommendations)", sorted(responses.items())),
            _bar_chart("Top themes (recommendations)", _top(themes, 10)),
            _bar_chart("Recommending regional groups (rows)", _top(regions, 5)),
        ]
    )
    recon = reconciliation_rows(report)
    style = (
        "body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em}"
        "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #bbb;padding:4px 8px;"
        "font-size:13px;text-align:left}th{background:#eef}svg{display:block;margin:1.5em 0}"
    )
    sources = "".join(f"<li>{html.escape(s)}</li>" for s in report.sources)
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{html.escape(report.title)}</title><style>{style}</style></head><body>"
        f"<h1>{html.escape(report.title)}</h1><p>{html.escape(units_note())}</p>"
        f"<h2>Reviews</h2>{table(OVERVIEW_HEADER, overview_rows(report))}"
        + (f"<h2>Reported vs computed</h2>{table(RECONCILIATION_HEADER, recon)}" if recon else "")
        + f"<h2>Charts</h2>{charts}<h2>Sources</h2><ul>{sources}</ul>"
        f"<p><small>generated by upr {__version__}</small></p></body></html>"
    )
