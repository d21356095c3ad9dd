"""Plots of a :class:`~upr.Dataset` with matplotlib (optional extra ``upr[plot]``).

Every function draws on a matplotlib ``Axes`` and returns it: pass ``ax=`` to
draw into a figure of your own (subplots, a dashboard), or leave it ``None``
and a new figure is made with :func:`matplotlib.pyplot.subplots` (so Jupyter
shows it inline). Nothing here calls ``plt.show()``. The figures count with
:mod:`upr.analysis.metrics` (the same numbers as ``upr report`` and
``upr.compute``) and draw the recommending-state network of
:mod:`upr.graph`.

>>> import upr                                               # doctest: +SKIP
>>> ax = upr.plot.acceptance_by_cycle(upr.datasets.viet_nam())  # doctest: +SKIP
>>> ax.figure.savefig("viet-nam-cycles.png")                # doctest: +SKIP

An empty dataset (or a network with no state left) gives an empty but
labelled ``Axes`` with a "no recommendations" note, not an error, so that a
dashboard whose filter matches nothing still draws. ``docs/plots.md`` shows
each plot on real data.

matplotlib is imported inside the functions, never when ``upr`` is imported;
without it they raise :class:`ImportError` naming the extra to install.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Literal

import attrs

from upr.api.facade import compute
from upr.core.dataset import Dataset
from upr.errors import UnknownNameError
from upr.model import cycles, states
from upr.model.figures import Qualifier, Unit
from upr.model.recommendations import ResponseValue
from upr.model.states import RegionalGroup

if TYPE_CHECKING:
    import networkx as nx
    from matplotlib.axes import Axes

__all__ = [
    "GROUP_COLOURS",
    "NO_GROUP",
    "RESPONSE_COLOURS",
    "acceptance_by_cycle",
    "recommending_network",
    "responses_by_group",
    "themes",
]

INSTALL_HINT = "pip install 'upr[plot]'"

NO_RESPONSE = "no response"
RESPONSES: tuple[str, ...] = (*(v.value for v in ResponseValue), NO_RESPONSE)
"""Response categories in drawing order: the columns of the ``responses`` metric."""

RESPONSE_COLOURS: dict[str, str] = {
    ResponseValue.SUPPORTED.value: "#009E73",
    ResponseValue.PARTIALLY_SUPPORTED.value: "#56B4E9",
    ResponseValue.NOTED.value: "#E69F00",
    ResponseValue.PENDING.value: "#999999",
    ResponseValue.NO_CLEAR_POSITION.value: "#CC79A7",
    NO_RESPONSE: "#D9D9D9",
}
"""Colour of each response (Okabe-Ito palette: readable with colour-vision deficiencies)."""

NO_GROUP = "none"
"""The ``regional-groups`` metric's key for a state without a regional group
(Holy See, State of Palestine) or an unknown code."""

GROUP_COLOURS: dict[str, str] = {
    RegionalGroup.AFRICAN.value: "#E69F00",
    RegionalGroup.ASIA_PACIFIC.value: "#D55E00",
    RegionalGroup.EASTERN_EUROPEAN.value: "#0072B2",
    RegionalGroup.GRULAC.value: "#009E73",
    RegionalGroup.WEOG.value: "#56B4E9",
    NO_GROUP: "#BBBBBB",
}
"""Colour of each UN regional group in :func:`recommending_network`."""

_GROUP_LABELS = {NO_GROUP: "no regional group"}
_REPORTED_OTHER = "not supported"
_ALWAYS = (ResponseValue.SUPPORTED.value, ResponseValue.NOTED.value)
"""Responses drawn even when none occurs (so every bar chart has both)."""


def _pyplot() -> Any:
    """``matplotlib.pyplot``, or an ImportError naming the extra to install."""
    try:
        import matplotlib.pyplot as plt  # noqa: PLC0415 - optional dependency
    except ImportError as exc:
        raise ImportError(f"upr.plot needs matplotlib: {INSTALL_HINT}") from exc
    return plt


def _axes(ax: Axes | None, size: tuple[float, float]) -> Axes:
    plt = _pyplot()
    if ax is not None:
        return ax
    _figure, new = plt.subplots(figsize=size, layout="constrained")
    return new  # type: ignore[no-any-return]


def _scope(dataset: Dataset) -> str:
    """What the data covers, for titles: "Viet Nam" or "193 states under review"
    (the states of the recommendations, else of the reviews)."""
    codes = sorted({r.state_under_review for r in dataset} or {r.state for r in dataset.reviews})
    if not codes:
        return "Empty dataset"
    if len(codes) == 1:
        found = states.try_resolve(codes[0])
        return found.short_name if found is not None else codes[0]
    return f"{len(codes):,} states under review"


def _empty(ax: Axes, what: str = "no recommendations") -> None:
    ax.text(0.5, 0.5, what, transform=ax.transAxes, ha="center", va="center", color="#555555")
    ax.set_xticks([])
    ax.set_yticks([])


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value * 100:.1f}%"


def _share(part: float, whole: float) -> float | None:
    return part / whole if whole else None


def _ink(colour: str) -> str:
    """Black or white, whichever reads better on ``colour`` (a ``#rrggbb`` string)."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "black" if 0.299 * red + 0.587 * green + 0.114 * blue > 140 else "white"


@attrs.frozen
class _Bar:
    """One bar: its label and the count of each response (segment) in it."""

    key: tuple[Any, ...]
    label: str
    segments: dict[str, int]
    total: int
    rate: float | None
    reported: bool = False
    note: str = ""


def _series_label(category: str, reported: bool) -> str:
    return f"{category} (reported figure)" if reported else category


def _draw_bars(
    ax: Axes,
    bars: Sequence[_Bar],
    *,
    stacked: bool,
    horizontal: bool,
    normalize: bool = False,
) -> None:
    """Stacked or grouped bars, one container per (response, reported) series,
    labelled with the response so that tests and legends can find them."""
    series: list[tuple[str, bool]] = []
    for bar in bars:
        for category in bar.segments:
            if (category, bar.reported) not in series:
                series.append((category, bar.reported))
    order = {c: i for i, c in enumerate((*RESPONSES, _REPORTED_OTHER))}
    series.sort(key=lambda s: (s[1], order.get(s[0], len(order))))
    peak = max((100.0 if normalize else float(b.total) for b in bars), default=1.0) or 1.0
    bottoms = [0.0] * len(bars)
    for category, reported in series:
        positions, sizes, starts, widths, members = [], [], [], [], []
        for i, bar in enumerate(bars):
            if bar.reported != reported or category not in bar.segments:
                continue
            count = bar.segments[category]
            size = 100.0 * count / bar.total if normalize and bar.total else float(count)
            if stacked:
                positions.append(float(i))
                widths.append(0.65)
                starts.append(bottoms[i])
                bottoms[i] += size
            else:
                keys = list(bar.segments)
                width = 0.8 / len(keys)
                positions.append(i - 0.4 + width * (keys.index(category) + 0.5))
                widths.append(width)
                starts.append(0.0)
            sizes.append(size)
            members.append(count)
        if not positions:
            continue
        colour = RESPONSE_COLOURS.get(category, "#BBBBBB")
        style: dict[str, Any] = {
            "color": colour,
            "label": _series_label(category, reported),
            "edgecolor": "white",
            "linewidth": 0.6,
        }
        if reported:
            style.update(hatch="///", alpha=0.55, edgecolor="#444444")
        if horizontal:
            ax.barh(positions, sizes, height=widths, left=starts, **style)
        else:
            ax.bar(positions, sizes, width=widths, bottom=starts, **style)
        for x, start, size, count in zip(positions, starts, sizes, members, strict=True):
            if count == 0:
                continue
            inside = size >= 0.06 * peak
            if stacked and not inside:
                continue
            middle = start + size / 2 if stacked else size
            text = f"{size:.0f}%" if normalize else f"{count:,}"
            ink = _ink(colour) if stacked and not reported else "black"
            if horizontal:
                point, shift = (middle, x), (0, 0) if stacked else (3, 0)
                align: dict[str, Any] = {"ha": "center" if stacked else "left", "va": "center"}
            else:
                point, shift = (x, middle), (0, 0) if stacked else (0, 2)
                align = {"ha": "center", "va": "center" if stacked else "bottom"}
            ax.annotate(
                text,
                point,
                xytext=shift,
                textcoords="offset points",
                fontsize=8,
                color=ink,
                **align,
            )


def _title(ax: Axes, text: str) -> None:
    """The title, wrapped to the axes' width (about 11 characters an inch at 12 pt)."""
    inches = ax.bbox.width / ax.figure.dpi
    ax.set_title(textwrap.fill(text, max(40, int(inches * 11))))


def _thousands(axis: Any) -> None:
    from matplotlib.ticker import StrMethodFormatter  # noqa: PLC0415 - optional dependency

    axis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))


def _legend(ax: Axes) -> None:
    handles, labels = ax.get_legend_handles_labels()
    if handles:
        ax.legend(handles, labels, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)


# --- acceptance by cycle ------------------------------------------------------------------


def _cycle_label(mechanism: str | None, number: int) -> str:
    if mechanism is None:
        return f"cycle {number}"
    try:
        cycle = cycles.get(mechanism, number)
    except UnknownNameError:
        return f"{mechanism}\ncycle {number}"
    if cycle.start_year is not None:
        return f"{mechanism} cycle {number}\n{cycle.start_year}-{cycle.end_year}"
    return f"{mechanism}\nreport {number}"


def _reported_bars(dataset: Dataset, known: set[tuple[Any, ...]], split: bool) -> list[_Bar]:
    """Bars from reported figures (``Dataset.figures``) for cycles the dataset
    has no recommendations for: ``recommendations`` and ``supported`` counts of
    each review, summed per cycle."""
    per_review: dict[str, dict[str, tuple[float, Qualifier]]] = {}
    for figure in dataset.figures:
        if figure.unit is Unit.COUNT and figure.quantity in ("recommendations", "supported"):
            per_review.setdefault(figure.review, {})[figure.quantity] = (
                figure.value,
                figure.qualifier,
            )
    sums: dict[tuple[Any, ...], list[float]] = {}
    approximate: set[tuple[Any, ...]] = set()
    for review_id, values in per_review.items():
        review = dataset.review(review_id)
        if review is None or "recommendations" not in values or "supported" not in values:
            continue
        key = (review.mechanism, review.cycle) if split else (review.cycle,)
        if key in known:
            continue
        total = sums.setdefault(key, [0.0, 0.0])
        total[0] += values["recommendations"][0]
        total[1] += values["supported"][0]
        if any(q is not Qualifier.EXACTLY for _, q in values.values()):
            approximate.add(key)
    bars = []
    mechanisms_present = {r.mechanism for r in dataset} | {r.mechanism for r in dataset.reviews}
    for key, (recommended, supported) in sums.items():
        mechanism: str | None = None
        if split:
            mechanism = str(key[0])
        elif len(mechanisms_present) == 1:
            mechanism = next(iter(mechanisms_present))
        bars.append(
            _Bar(
                key=key,
                label=_cycle_label(mechanism, key[-1]),
                segments={
                    ResponseValue.SUPPORTED.value: int(supported),
                    _REPORTED_OTHER: int(recommended - supported),
                },
                total=int(recommended),
                rate=_share(supported, recommended),
                reported=True,
                note="reported, approx." if key in approximate else "reported",
            )
        )
    return bars


def acceptance_by_cycle(
    dataset: Dataset,
    *,
    ax: Axes | None = None,
    by_mechanism: bool | None = None,
    stacked: bool = True,
    reported: bool = False,
    title: str | None = None,
) -> Axes:
    """Responses per review cycle: supported, noted and any other response, as
    stacked (or, with ``stacked=False``, grouped) bars annotated with the counts
    and the support rate.

    Counts are recommendation paragraphs, from the ``responses`` metric
    (``upr.compute(dataset, "responses", by="cycle")``); the rate is
    supported / all recommendations of the cycle (partially supported not
    counted as supported), as the metric defines it.

    ``by_mechanism`` splits the bars by mechanism (UPR cycle 2, CAT report 2);
    ``None`` splits only when the dataset holds more than one mechanism.
    ``reported=True`` adds hatched bars for cycles that have no recommendations
    in the dataset but reported figures (``Dataset.figures``: the number of
    recommendations and of supported ones for a review), e.g. Viet Nam's UPR
    cycles III and IV in the embedded dossier; a cycle with recommendations is
    always drawn from them, never from figures.
    """
    ax = _axes(ax, (9.0, 5.0))
    recs = list(dataset)
    mechanism_set = sorted({r.mechanism for r in recs})
    split = len(mechanism_set) > 1 if by_mechanism is None else by_mechanism
    dims = ("mechanism", "cycle") if split else ("cycle",)
    table = compute(dataset, "responses", by=dims) if recs else None
    bars: list[_Bar] = []
    for row in table.to_records() if table is not None else ():
        key = tuple(row[d] for d in dims)
        mechanism = key[0] if split else (mechanism_set[0] if len(mechanism_set) == 1 else None)
        segments = {c: int(row[c]) for c in RESPONSES if row[c] or c in _ALWAYS}
        bars.append(
            _Bar(
                key,
                _cycle_label(mechanism, key[-1]),
                segments,
                row["recommendations"],
                _share(segments[ResponseValue.SUPPORTED.value], row["recommendations"]),
            )
        )
    if reported:
        bars.extend(_reported_bars(dataset, {b.key for b in bars}, split))
    bars.sort(key=lambda b: tuple(str(k) if isinstance(k, str) else f"{k:09d}" for k in b.key))
    _title(ax, title or f"{_scope(dataset)}: responses to recommendations by cycle")
    ax.set_ylabel("recommendations (paragraphs)")
    if not bars:
        _empty(ax)
        return ax
    _draw_bars(ax, bars, stacked=stacked, horizontal=False)
    ax.set_xticks(range(len(bars)))
    labels = [b.label for b in bars]
    peak = max(b.total if stacked else max(b.segments.values()) for b in bars)
    if stacked:
        for i, bar in enumerate(bars):
            note = f"\n({bar.note})" if bar.note else ""
            ax.annotate(
                f"{bar.total:,}\n{_percent(bar.rate)} supported{note}",
                (i, bar.total),
                xytext=(0, 3),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=8.5,
            )
        ax.set_ylim(0, peak * 1.28)
    else:
        for i, bar in enumerate(bars):
            note = f"\n({bar.note})" if bar.note else ""
            ax.annotate(
                f"{bar.total:,}\n{_percent(bar.rate)} supported{note}",
                (i, max(bar.segments.values())),
                xytext=(0, 14),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=8.5,
            )
        ax.set_ylim(0, peak * 1.35)
    ax.set_xticklabels(labels)
    ax.set_xlim(-0.6, len(bars) - 0.4)
    ax.spines[["top", "right"]].set_visible(False)
    _thousands(ax.yaxis)
    _legend(ax)
    return ax


# --- responses by regional group ----------------------------------------------------------


def _group_order(name: str) -> tuple[int, str]:
    names = [g.value for g in RegionalGroup]
    return (names.index(name), name) if name in names else (len(names), name)


def _recommending_counts(dataset: Dataset) -> dict[str, dict[str, int]]:
    """Rows per (group of the recommending state, response), from the
    ``regional-groups`` metric grouped by response."""
    counts: dict[str, dict[str, int]] = {}
    table = compute(dataset, "regional-groups", by="response")
    for row in table.to_records():
        response = row["response"] if row["response"] is not None else NO_RESPONSE
        group = counts.setdefault(row["regional_group"], {})
        group[response] = group.get(response, 0) + int(row["count"])
    return counts


def _reviewed_counts(dataset: Dataset) -> dict[str, dict[str, int]]:
    """Recommendations per (group of the state under review, response), from the
    ``responses`` metric grouped by state, summed per group."""
    counts: dict[str, dict[str, int]] = {}
    for row in compute(dataset, "responses", by="state").to_records():
        found = states.group_of(row["state"])
        group = counts.setdefault(found.value if found is not None else NO_GROUP, {})
        for response in RESPONSES:
            group[response] = group.get(response, 0) + int(row[response])
    return counts


def responses_by_group(
    dataset: Dataset,
    *,
    ax: Axes | None = None,
    side: Literal["recommending", "reviewed"] = "recommending",
    normalize: bool = False,
    stacked: bool = True,
    title: str | None = None,
) -> Axes:
    """Responses by UN regional group, as horizontal bars (one per group).

    ``side="recommending"`` groups by the regional group of the *recommending*
    state and counts recommendation x recommending-state rows (the UPR Info
    unit): a recommendation made by three states counts once for each of them,
    in its state's group, so three WEOG states add 3 to WEOG and a paragraph
    made by France and Senegal adds 1 to WEOG and 1 to African. The counts are
    the ``regional-groups`` metric grouped by ``response``; a recommendation
    without a known recommending state is not counted. States without a group
    (Holy See, State of Palestine) form a "no regional group" bar.

    ``side="reviewed"`` groups by the group of the *state under review* and
    counts recommendations (paragraphs): the ``responses`` metric by ``state``,
    summed per group.

    ``normalize=True`` draws each bar as percentages of its group (the response
    mix), ``stacked=False`` draws the responses side by side. Each bar is
    annotated with its total and support rate (supported / all).
    """
    if side not in ("recommending", "reviewed"):
        raise ValueError(f"side must be 'recommending' or 'reviewed', not {side!r}")
    ax = _axes(ax, (8.5, 4.6))
    counts: dict[str, dict[str, int]] = {}
    if len(dataset):
        counts = (
            _recommending_counts(dataset) if side == "recommending" else _reviewed_counts(dataset)
        )
    bars = []
    for group in sorted(counts, key=_group_order):
        segments = {
            c: counts[group].get(c, 0) for c in RESPONSES if counts[group].get(c) or c in _ALWAYS
        }
        total = sum(segments.values())
        rate = _share(segments.get(ResponseValue.SUPPORTED.value, 0), total)
        bars.append(_Bar((group,), _GROUP_LABELS.get(group, group), segments, total, rate))
    if side == "recommending":
        unit = "recommendation x recommending-state rows"
        what = "by regional group of the recommending state"
    else:
        unit = "recommendations (paragraphs)"
        what = "by regional group of the state under review"
    _title(ax, title or f"{_scope(dataset)}: responses {what}")
    ax.set_xlabel(f"share of the group's {unit} (%)" if normalize else unit)
    if not bars:
        _empty(ax)
        return ax
    _draw_bars(ax, bars, stacked=stacked, horizontal=True, normalize=normalize)
    ax.set_yticks(range(len(bars)))
    ax.set_yticklabels([b.label for b in bars])
    ax.invert_yaxis()
    peak = 100.0 if normalize else max(b.total for b in bars)
    if stacked:
        for i, bar in enumerate(bars):
            end = 100.0 if normalize else bar.total
            ax.annotate(
                f"n = {bar.total:,}"
                if normalize
                else f"{bar.total:,}: {_percent(bar.rate)} supported",
                (end, i),
                xytext=(4, 0),
                textcoords="offset points",
                ha="left",
                va="center",
                fontsize=8.5,
            )
        ax.set_xlim(0, peak * 1.32)
        if normalize:
            ax.set_xticks(range(0, 101, 20))
    else:
        ax.set_yticklabels([f"{b.label}\n{b.total:,}: {_percent(b.rate)} supported" for b in bars])
        ax.set_xlim(0, peak * 1.12)
    ax.spines[["top", "right"]].set_visible(False)
    if not normalize:
        _thousands(ax.xaxis)
    _legend(ax)
    return ax


# --- themes -------------------------------------------------------------------------------


def themes(
    dataset: Dataset,
    *,
    top: int = 15,
    ax: Axes | None = None,
    by_response: bool = False,
    title: str | None = None,
) -> Axes:
    """The ``top`` most frequent themes as horizontal bars, most frequent first.

    Counts are recommendations (paragraphs) per theme from the ``themes``
    metric; a recommendation with several themes counts under each, so the
    bars may add up to more than the dataset. Each bar is annotated with its
    count and its share of all recommendations. Ties are ordered by name.
    ``by_response=True`` splits each bar by response (the ``themes`` metric
    grouped by ``response``).
    """
    if top < 1:
        raise ValueError(f"top must be at least 1, not {top}")
    height = 1.6 + 0.32 * top
    ax = _axes(ax, (9.0, height))
    rows = compute(dataset, "themes").to_records() if len(dataset) else []
    ranked = sorted(rows, key=lambda r: (-int(r["count"]), str(r["theme"])))[:top]
    split: dict[str, dict[str, int]] = {}
    if by_response and ranked:
        for row in compute(dataset, "themes", by="response").to_records():
            response = row["response"] if row["response"] is not None else NO_RESPONSE
            split.setdefault(row["theme"], {})[response] = int(row["count"])
    bars = []
    for row in ranked:
        if by_response:
            found = split.get(row["theme"], {})
            segments = {c: found.get(c, 0) for c in RESPONSES if found.get(c) or c in _ALWAYS}
        else:
            segments = {"recommendations": int(row["count"])}
        bars.append(
            _Bar(
                (row["theme"],),
                textwrap.shorten(str(row["theme"]), 48, placeholder="..."),
                segments,
                int(row["count"]),
                row["share"],
            )
        )
    shown = f"top {len(bars)} of {len(rows)}" if len(rows) > len(bars) else f"all {len(rows)}"
    if not rows:
        shown = "none"
    _title(ax, title or f"{_scope(dataset)}: most frequent themes ({shown})")
    ax.set_xlabel(
        f"recommendations (paragraphs) with the theme (% of all {len(dataset):,});"
        " one may have several themes"
    )
    if not bars:
        _empty(ax)
        return ax
    if by_response:
        _draw_bars(ax, bars, stacked=True, horizontal=True)
        _legend(ax)
    else:
        ax.barh(
            range(len(bars)),
            [b.total for b in bars],
            height=0.7,
            color="#0072B2",
            label="recommendations",
        )
    for i, bar in enumerate(bars):
        ax.annotate(
            f"{bar.total:,} ({_percent(bar.rate)})",
            (bar.total, i),
            xytext=(3, 0),
            textcoords="offset points",
            ha="left",
            va="center",
            fontsize=8.5,
        )
    ax.set_yticks(range(len(bars)))
    ax.set_yticklabels([b.label for b in bars])
    ax.set_ylim(len(bars) - 0.5, -0.5)
    ax.set_xlim(0, max(b.total for b in bars) * 1.3)
    ax.spines[["top", "right"]].set_visible(False)
    _thousands(ax.xaxis)
    return ax


# --- recommending network -----------------------------------------------------------------


def _network(
    data: Dataset | nx.DiGraph,
    kind: str,
    cycle: int | None,
    mechanism: str,
) -> Any:
    """The state network to draw: ``recommends`` (a DiGraph A -> B, weight =
    recommendations A made to B, from :func:`upr.graph.recommending_network`) or
    ``co-recommends`` (an undirected Graph, weight = recommendations A and B
    made together)."""
    import networkx as nx  # noqa: PLC0415 - keeps ``import upr`` light

    import upr.graph as G  # noqa: PLC0415 - upr.graph imports networkx: keeps `import upr` light

    if isinstance(data, Dataset):
        data = G.build(data, detect_treaties=False, repeats=False, overlaps=False)
    if not isinstance(data, nx.DiGraph):
        raise TypeError(
            "recommending_network needs a Dataset, a recommendation graph (upr.graph.build)"
            f" or a network from upr.graph.recommending_network, not {type(data).__name__}"
        )
    if kind == "recommends":
        if isinstance(data, nx.MultiDiGraph):
            return G.recommending_network(data, cycle=cycle, mechanism=mechanism)
        return data
    if not isinstance(data, nx.MultiDiGraph):
        raise TypeError("kind='co-recommends' needs a Dataset or a recommendation graph")
    wanted = G.mechanism_node(mechanism)[1]
    network = nx.Graph()
    for rec in G.nodes_of_kind(data, G.NodeKind.RECOMMENDATION):
        attributes = data.nodes[rec]
        if attributes.get("mechanism") != wanted:
            continue
        if cycle is not None and attributes.get("cycle") != cycle:
            continue
        makers = sorted(
            u[1] for u, _, key in data.in_edges(rec, keys=True) if key == G.EdgeKind.RECOMMENDS
        )
        for code in makers:
            if code not in network:
                state = data.nodes.get(G.state_node(code), {})
                extra = (
                    {"regional_group": state["regional_group"]} if "regional_group" in state else {}
                )
                network.add_node(code, label=state.get("label", code), made=0, **extra)
            network.nodes[code]["made"] += 1
        for i, first in enumerate(makers):
            for second in makers[i + 1 :]:
                if network.has_edge(first, second):
                    network[first][second]["weight"] += 1
                else:
                    network.add_edge(first, second, weight=1)
    return network


def _node_count(network: Any, code: str) -> int:
    if "made" in network.nodes[code]:
        return int(network.nodes[code]["made"])
    return int(network.degree(code, weight="weight"))


def recommending_network(
    dataset_or_graph: Dataset | nx.DiGraph,
    *,
    ax: Axes | None = None,
    top: int = 25,
    kind: Literal["recommends", "co-recommends"] = "recommends",
    cycle: int | None = None,
    mechanism: str = "UPR",
    min_weight: int = 1,
    layout: Literal["auto", "shell", "circular", "spring"] = "auto",
    edge_labels: bool | None = None,
    seed: int = 0,
    title: str | None = None,
) -> Axes:
    """The network of states, drawn with networkx: nodes are states labelled by
    ISO alpha-3 code and coloured by UN regional group.

    ``kind="recommends"`` (default): an arrow A -> B for the recommendations
    state A made to state B, its width proportional to their number
    (:func:`upr.graph.recommending_network`, which also accepts the ``cycle``
    and ``mechanism`` filters); node size is the number of recommendations a
    state made plus received (weighted degree).

    ``kind="co-recommends"``: an undirected edge between two states for the
    recommendations they made together (one paragraph credited to both),
    weighted by their number; node size is the number of recommendations the
    state made. Useful for one state under review, whose "recommends" network
    is a star.

    ``dataset_or_graph`` is a :class:`~upr.Dataset` (its graph is built without
    treaty detection or similarity edges), a recommendation graph from
    :func:`upr.graph.build` / :func:`upr.graph.read`, or, for ``recommends``, a
    network already made by :func:`upr.graph.recommending_network` (then
    ``cycle``/``mechanism`` are not applied again). Only the ``top`` states by
    node size are drawn (ties by code), with the edges among them of weight at
    least ``min_weight``.

    ``layout``: ``"shell"`` puts the states that received recommendations in
    the middle and the others on a ring (networkx ``shell_layout``: the
    picture of one or a few states under review); ``"circular"`` puts every
    state on a circle ordered by regional group (``circular_layout``: dense
    networks); ``"spring"`` is ``spring_layout`` with ``seed``, so the same
    data always gives the same picture; ``"auto"`` (default) picks ``shell``
    when at most three drawn states received recommendations and some only
    made them, else ``circular``. ``edge_labels`` writes each edge's weight on
    it (default: when at most 30 edges are drawn).
    """
    if top < 1:
        raise ValueError(f"top must be at least 1, not {top}")
    if kind not in ("recommends", "co-recommends"):
        raise ValueError(f"kind must be 'recommends' or 'co-recommends', not {kind!r}")
    if layout not in ("auto", "shell", "circular", "spring"):
        raise ValueError(f"layout must be 'auto', 'shell', 'circular' or 'spring', not {layout!r}")
    ax = _axes(ax, (9.0, 8.0))
    import networkx as nx  # noqa: PLC0415 - keeps ``import upr`` light

    network = _network(dataset_or_graph, kind, cycle, mechanism)
    ranked = sorted(network.nodes, key=lambda n: (-_node_count(network, n), str(n)))[:top]
    # A fresh graph with nodes and edges in sorted order: the same data draws the
    # same picture whatever order the network was built in.
    sub = network.__class__()
    chosen = set(ranked)
    sub.add_nodes_from((n, network.nodes[n]) for n in sorted(chosen, key=str))
    sub.add_edges_from(
        sorted(
            (
                (u, v, d)
                for u, v, d in network.subgraph(chosen).edges(data=True)
                if d.get("weight", 1) >= min_weight
            ),
            key=lambda e: tuple(
                (str(e[0]), str(e[1])) if network.is_directed() else sorted((str(e[0]), str(e[1])))
            ),
        )
    )
    scope = ""
    if isinstance(dataset_or_graph, Dataset):
        covered = dataset_or_graph.filter(mechanism=mechanism, cycle=cycle)
        scope = f"{_scope(covered)}: " if len(covered) else ""
    cycle_text = f" cycle {cycle}" if cycle is not None else ""
    shown = (f"top {len(ranked)} states" if ranked else "no states") + (
        f", edges ≥ {min_weight}" if min_weight > 1 else ""
    )
    what = (
        "who recommends to whom"
        if kind == "recommends"
        else "states making the same recommendations"
    )
    _title(ax, title or f"{scope}{what}, {mechanism}{cycle_text} ({shown})")
    ax.set_axis_off()
    if sub.number_of_nodes() == 0:
        _empty(ax, "no recommending states")
        return ax

    def group(code: Any) -> str:
        return str(sub.nodes[code].get("regional_group", NO_GROUP))

    by_group = sorted(sub.nodes, key=lambda n: (_group_order(group(n)), str(n)))
    receivers = sorted(n for n in sub.nodes if sub.is_directed() and sub.in_degree(n) > 0)
    if layout == "auto":
        star = 0 < len(receivers) <= 3 and len(receivers) < len(sub)
        layout = "shell" if star else "circular"
    if layout == "shell":
        outer = [n for n in by_group if n not in receivers]
        positions = nx.shell_layout(sub, [receivers, outer] if receivers and outer else [by_group])
    elif layout == "circular":
        positions = nx.circular_layout(by_group)
    else:
        positions = nx.spring_layout(sub, seed=seed, weight=None, k=2.0 / max(len(sub), 1) ** 0.5)
    counts = {n: _node_count(network, n) for n in sub.nodes}
    biggest = max(counts.values()) or 1
    sizes = [300 + 1800 * (counts[n] / biggest) ** 0.5 for n in sub.nodes]
    weights = [w for _, _, w in sub.edges(data="weight", default=1)]
    heaviest = max(weights, default=1) or 1
    curve = "arc3,rad=0.08" if layout != "shell" else "arc3"
    edge_style: dict[str, Any] = {
        "width": [0.3 + 4.5 * w / heaviest for w in weights],
        "edge_color": [(0.2, 0.2, 0.2, 0.15 + 0.45 * w / heaviest) for w in weights],
    }
    if sub.is_directed():
        edge_style.update(
            arrows=True,
            arrowstyle="-|>",
            arrowsize=10,
            connectionstyle=curve,
            node_size=sizes,
        )
    nx.draw_networkx_edges(sub, positions, ax=ax, **edge_style)
    nx.draw_networkx_nodes(
        sub,
        positions,
        ax=ax,
        node_size=sizes,
        node_color=[GROUP_COLOURS.get(group(n), GROUP_COLOURS[NO_GROUP]) for n in sub.nodes],
        edgecolors="white",
        linewidths=0.8,
    )
    for ink in ("black", "white"):
        nx.draw_networkx_labels(
            sub,
            positions,
            ax=ax,
            labels={
                n: str(n)
                for n in sub.nodes
                if _ink(GROUP_COLOURS.get(group(n), GROUP_COLOURS[NO_GROUP])) == ink
            },
            font_size=8,
            font_weight="bold",
            font_color=ink,
        )
    if edge_labels if edge_labels is not None else len(weights) <= 30:
        extra = {"connectionstyle": curve} if sub.is_directed() else {}
        nx.draw_networkx_edge_labels(
            sub,
            positions,
            ax=ax,
            edge_labels={(u, v): str(w) for u, v, w in sub.edges(data="weight", default=1)},
            font_size=7,
            label_pos=0.6 if layout == "shell" else 0.5,
            rotate=False,
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85},
            **extra,
        )
    _network_legend(ax, sorted({group(n) for n in sub.nodes}, key=_group_order), kind)
    ax.margins(0.06)
    return ax


def _network_legend(ax: Axes, groups: Iterable[str], kind: str) -> None:
    from matplotlib.lines import Line2D  # noqa: PLC0415 - optional dependency

    handles = [
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            markersize=9,
            markerfacecolor=GROUP_COLOURS.get(g, GROUP_COLOURS[NO_GROUP]),
            markeredgecolor="white",
            label=_GROUP_LABELS.get(g, g),
        )
        for g in groups
    ]
    sizing = (
        "node size: recommendations made + received;  arrow A -> B: recommendations A made to B"
        if kind == "recommends"
        else "node size: recommendations made;  edge: recommendations two states made together"
    )
    ax.legend(
        handles=handles,
        title=sizing,
        title_fontsize=8,
        fontsize=8,
        loc="upper center",
        bbox_to_anchor=(0.5, 0.0),
        ncol=6,
        frameon=False,
        handletextpad=0.2,
        columnspacing=1.0,
    )
