"""Example third-party plugin for ``upr``: a recommendation-matrix CSV importer and a metric."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from typing import Any

import upr
from upr import Importer, ImportSink, Metric, Source
from upr.analysis.metrics import CountUnit
from upr.io.importing import Confidence
from upr.model.recommendations import recommendation_id
from upr.plugins.hookspecs import Register

__version__ = "0.1.0"

COLUMNS = (
    "symbol",
    "state_under_review",
    "session",
    "paragraph",
    "recommendation",
    "recommending_states",
    "position",
)


class MatrixImporter(Importer):
    """One row per recommendation paragraph; recommending states separated by ';'."""

    name = "matrix-csv"
    description = "government recommendation matrix (CSV, one row per paragraph)"
    extensions = (".csv",)

    def sniff(self, source: Source) -> float:
        """Certain when the header is exactly :data:`COLUMNS`."""
        first = source.head(2048).decode("utf-8", errors="replace").splitlines()[:1]
        header = tuple(next(csv.reader(first), [])) if first else ()
        return Confidence.CERTAIN if header == COLUMNS else Confidence.NONE

    def read(self, source: Source, sink: ImportSink) -> None:
        """Every row is one recommendation; a bad row is rejected with its line and column."""
        with source.path.open(encoding="utf-8", newline="") as stream:
            reader = csv.DictReader(stream)
            if tuple(reader.fieldnames or ()) != COLUMNS:
                raise upr.DataError(source.location(line=1), f"expected columns {COLUMNS}")
            for row in reader:
                where = source.location(line=reader.line_num)
                with sink.row(where):
                    sink.add(self._recommendation(row, source, reader.line_num, sink), where)

    def _recommendation(
        self, row: dict[str, str], source: Source, line: int, sink: ImportSink
    ) -> upr.Recommendation:
        def field(name: str) -> upr.Location:
            return source.location(line=line, field=name)

        try:
            state = upr.states.resolve(row["state_under_review"]).code
        except upr.UnknownNameError as exc:
            raise upr.DataError(field("state_under_review"), str(exc)) from None
        if not row["session"].isdigit():
            raise upr.DataError(field("session"), f"not a session number: {row['session']!r}")
        review = upr.Review.upr(state, int(row["session"]))
        recommenders = []
        for name in row["recommending_states"].split(";"):
            try:
                recommenders.append(upr.states.resolve(name.strip()).code)
            except upr.UnknownNameError as exc:
                raise upr.DataError(field("recommending_states"), str(exc)) from None
        try:
            response = (
                upr.Response.parse(row["position"], row["symbol"]) if row["position"] else None
            )
        except upr.UnknownNameError as exc:
            raise upr.DataError(field("position"), str(exc)) from None
        provenance = (sink.cite(source.location(line=line)),)
        return upr.Recommendation(
            id=recommendation_id(
                symbol=row["symbol"],
                paragraph=row["paragraph"],
                review=review.id,
                text=row["recommendation"],
            ),
            text=row["recommendation"],
            review=review.id,
            mechanism=review.mechanism,
            state_under_review=state,
            cycle=review.cycle,
            session=review.session,
            recommending_states=tuple(recommenders),
            response=response,
            symbol=row["symbol"],
            paragraph=row["paragraph"],
            provenance=provenance,
        )


class StatesPerRecommendation(Metric):
    """Mean number of recommending states per recommendation paragraph."""

    name = "states-per-recommendation"
    description = "mean number of recommending states per recommendation paragraph"
    unit = CountUnit.RATIO
    value_columns = ("recommendations", "mean_states")

    def values(self, recs: Sequence[upr.Recommendation], dataset: upr.Dataset) -> tuple[Any, ...]:
        """Count and mean for one group."""
        total = sum(len(r.recommending_states) for r in recs)
        return (len(recs), round(total / len(recs), 3) if recs else None)


@upr.hookimpl
def upr_register_importers(register: Register[Importer]) -> None:
    """Register the matrix importer."""
    register(MatrixImporter())


@upr.hookimpl
def upr_register_metrics(register: Register[Metric]) -> None:
    """Register the metric."""
    register(StatesPerRecommendation())
