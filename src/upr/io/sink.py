"""Where an importer puts what it reads: :class:`ImportSink`, and the reports it gives.

An importer hands every row's outcome to an :class:`ImportSink`: a record
(:meth:`~ImportSink.add`), or a rejection with its location
(:meth:`~ImportSink.reject`). The sink counts, raises at the first bad row
(``errors="raise"``) or collects the problems (``errors="collect"``), and at
the end fuses the rows into a Dataset with the same function that fuses
several sources (:func:`upr.core.dataset.fuse`), so that every importer,
first-party or third-party, keeps the invariant

    rows_read == created + merged + len(rejected)

and nothing is dropped without appearing in the report.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal

import attrs

from upr.core import kinds
from upr.core.dataset import Dataset, Lineage, fuse, fuse_datasets
from upr.core.kinds import Policy
from upr.errors import DataError, Location, UprError
from upr.model.conflicts import Conflict
from upr.model.provenance import FieldSource
from upr.model.recommendations import Recommendation, VoluntaryPledge
from upr.model.reviews import Review

ErrorMode = Literal["raise", "collect"]


@attrs.frozen
class Problem:
    """A row that was not imported, or a warning about one: where, and why."""

    location: Location
    reason: str

    def __str__(self) -> str:
        return f"{self.location}: {self.reason}"


@attrs.frozen
class ImportReport:
    """What happened to every row of one source.

    ``created`` counts the records made from the source (after its rows of the
    same record were fused), ``merged`` the rows folded into one of them (one
    UPR Info row per recommending state), ``rejected`` the problems. ``kinds``
    breaks ``created`` down by record type.
    """

    source: str
    format: str
    rows_read: int
    created: int
    merged: int
    rejected: tuple[Problem, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    kinds: dict[str, int] = attrs.field(factory=dict, hash=False)
    warnings: tuple[Problem, ...] = ()

    @property
    def balanced(self) -> bool:
        """True when every row read is accounted for."""
        return self.rows_read == self.created + self.merged + len(self.rejected)

    def summary(self) -> str:
        """One line: ``"x.csv (uprinfo-csv): 120 rows, 80 created, 38 merged, 2 rejected"``."""
        return (
            f"{self.source} ({self.format}): {self.rows_read} rows, {self.created} created, "
            f"{self.merged} merged, {len(self.rejected)} rejected"
        )


@attrs.frozen
class ImportResult:
    """The dataset read and the report for each source."""

    dataset: Dataset
    reports: tuple[ImportReport, ...]

    @property
    def report(self) -> ImportReport:
        """The report of a single source, or the totals over several sources."""
        if len(self.reports) == 1:
            return self.reports[0]
        counts: dict[str, int] = {}
        for r in self.reports:
            for k, v in r.kinds.items():
                counts[k] = counts.get(k, 0) + v
        return ImportReport(
            source=", ".join(r.source for r in self.reports),
            format=", ".join(dict.fromkeys(r.format for r in self.reports)),
            rows_read=sum(r.rows_read for r in self.reports),
            created=sum(r.created for r in self.reports),
            merged=sum(r.merged for r in self.reports),
            rejected=tuple(p for r in self.reports for p in r.rejected),
            conflicts=self.dataset.conflicts,
            kinds=counts,
            warnings=tuple(p for r in self.reports for p in r.warnings),
        )


class ImportSink:
    """Collects what an importer reads; counts rows, fuses, rejects or raises.

    Call exactly one of :meth:`add` (a row is a record) or :meth:`reject` (a
    row is bad) per row read. Side records that are not rows (the review a
    report describes, an assessment beside an assignment, a conflict the
    source shows) go to :meth:`add_review`, :meth:`add_side` and
    :meth:`add_conflict`. :meth:`cite` makes the provenance of a row.
    """

    def __init__(
        self,
        source: str,
        format: str,
        errors: ErrorMode = "raise",
        progress: Callable[[int], None] | None = None,
    ) -> None:
        if errors not in ("raise", "collect"):
            raise ValueError(f"errors must be 'raise' or 'collect', not {errors!r}")
        self.source = source
        self.format = format
        self.errors: ErrorMode = errors
        self._progress = progress
        self.rows_read = 0
        self.rejected: list[Problem] = []
        self.warnings: list[Problem] = []
        self.conflicts: list[Conflict] = []
        self.last_location = Location(source)
        self._rows: dict[str, int] = {}  # rows per collection, to count merged rows
        self._claims: list[Recommendation] = []  # rows to fuse
        self._fused: dict[str, Recommendation] = {}  # records already fused (native files)
        self._fused_at: dict[str, Location] = {}
        self._lineage: dict[str, dict[str, list[Any]]] = {
            "recommendations": {},
            "reviews": {},
            "pledges": {},
        }
        self._reviews: list[Review] = []
        self._pledges: list[VoluntaryPledge] = []
        self._others: dict[str, dict[Any, None]] = {k.attribute: {} for k in kinds.KINDS}
        self._side: dict[str, dict[Any, None]] = {k.attribute: {} for k in kinds.KINDS}
        self._ids: dict[str, dict[str, Any]] = {}
        self._result: Dataset | None = None

    # -- rows ------------------------------------------------------------------------
    def _row(self, location: Location, collection: str | None = None) -> None:
        self.rows_read += 1
        self.last_location = location
        if collection is not None:
            self._rows[collection] = self._rows.get(collection, 0) + 1
        self._result = None
        if self._progress is not None:
            self._progress(self.rows_read)

    def reject(self, location: Location, reason: str) -> None:
        """Record a bad row; raises :class:`DataError` in ``errors="raise"`` mode."""
        self._row(location)
        if self.errors == "raise":
            raise DataError(location, reason)
        self.rejected.append(Problem(location, reason))

    def warn(self, location: Location, reason: str) -> None:
        """Note a data-quality issue in an imported row (not counted, never raises):
        an ambiguous value read one way, a repaired typo."""
        self.warnings.append(Problem(location, reason))

    @contextmanager
    def row(self, location: Location) -> Iterator[None]:
        """Guard one row: a ``upr`` error raised inside rejects the row at ``location``.

        The row must call :meth:`add` inside the block (or raise).
        """
        try:
            yield
        except DataError as exc:
            self.reject(exc.location, exc.reason)
        except UprError as exc:
            self.reject(location, str(exc))

    def cite(self, location: Location, fields: Iterable[str] = ()) -> FieldSource:
        """The provenance of a row read at ``location``: this source's format and
        the location (file name without its folder), vouching for ``fields``
        (default: every field the record gives)."""
        where = attrs.evolve(location, file=Path(location.file).name if location.file else None)
        return FieldSource(self.format, attrs.evolve(where, field=None), tuple(fields))

    def add(self, record: Any, location: Location, *, fuse: bool = True) -> None:
        """Account one row as a record.

        Recommendations are source records: at the end the rows of the same
        recommendation (same id, or same review and text, or a part of its
        paragraph: see :mod:`upr.core.fusion`) become one. Importers of
        already-fused data (``upr``'s own formats) pass ``fuse=False``: the
        record is kept as it is, and another with the same id is rejected.
        Other records: voluntary pledges with the same id are fused, an equal
        record counts as merged, and a different record with the id of one
        added earlier (agencies, plans, actions) is rejected, unless it comes
        from an already-fused file (``fuse=False``), which is taken as it is.
        """
        if isinstance(record, Recommendation):
            if fuse:
                self._row(location, "recommendations")
                self._claims.append(record)
                return
            first = self._fused_at.get(record.id)
            if first is not None:
                self.reject(location, f"another recommendation with id {record.id!r} is at {first}")
                return
            self._row(location, "recommendations")
            self._fused[record.id] = record
            self._fused_at[record.id] = location
            return
        if isinstance(record, VoluntaryPledge):
            self._row(location, "pledges")
            self._pledges.append(record)
            return
        kind = kinds.of(record)
        if fuse and kind.identify is not None and kind.policy is Policy.SET:
            seen = self._ids.setdefault(kind.attribute, {})
            known = seen.get(kind.identify(record))
            if known is not None and known != record:
                self.reject(
                    location,
                    f"another {kind.name} with id {kind.identify(record)!r} differs from it",
                )
                return
            seen[kind.identify(record)] = record
        self._row(location, kind.attribute)
        self._others[kind.attribute][record] = None

    def add_review(self, review: Review, location: Location | None = None) -> None:
        """Record a review.

        Without ``location`` this is side information (the review a report's
        rows belong to) and is not counted as a row. With ``location`` the
        review *is* the row (a file listing reviews). Records of the same review
        are fused.
        """
        if location is not None:
            self._row(location, "reviews")
        self._result = None
        self._reviews.append(review)

    def add_side(self, record: Any) -> None:
        """Store a record a row yields besides its main record (an assessment
        next to an assignment); not counted as a row, equal records kept once."""
        self._result = None
        self._side[kinds.of(record).attribute][record] = None

    def add_conflict(self, conflict: Conflict) -> None:
        """Keep a conflict the source shows, or one recorded in a file (not a row)."""
        self._result = None
        self.conflicts.append(conflict)

    def add_lineage(self, attribute: str, of: str, record: Any, location: Location) -> None:
        """Account one row as a source record behind the already-fused record
        ``of`` (``upr`` JSON Lines lineage lines); it counts as merged."""
        self._row(location, f"lineage:{attribute}")
        self._lineage[attribute].setdefault(of, []).append(record)

    # -- results ----------------------------------------------------------------------
    def recommendations(self) -> tuple[Recommendation, ...]:
        """The recommendations collected so far (fused)."""
        return self.dataset().recommendations

    def dataset(self) -> Dataset:
        """The Dataset of everything added."""
        if self._result is None:
            self._result = self._build()
        return self._result

    def _build(self) -> Dataset:
        others = {name: (*items, *self._side[name]) for name, items in self._others.items()}
        fused = fuse(
            self._claims,
            reviews=self._reviews,
            pledges=self._pledges,
            conflicts=self.conflicts,
            **{k.attribute: others[k.attribute] for k in kinds.KINDS if k.policy is Policy.SET},
        )
        if not self._fused:
            return fused
        # records already fused (upr's own files): kept as they are, with their
        # lineage and every conflict the file recorded
        lineage = Lineage(
            recommendations=list(self._lineage["recommendations"].items()),
            reviews=[*fused.lineage.reviews, *self._lineage["reviews"].items()],
            pledges=[*fused.lineage.pledges, *self._lineage["pledges"].items()],
        )
        known = Dataset._trusted(
            lineage=lineage,
            **{
                kind.attribute: getattr(fused, kind.attribute)
                for kind in kinds.KINDS
                if kind.attribute not in ("recommendations", "conflicts")
            },
            recommendations=tuple(self._fused.values()),
            conflicts=kinds.canonical(self.conflicts),
        )
        if not self._claims:
            return known
        return fuse_datasets([known, fuse(self._claims)])

    def _created(self) -> dict[str, int]:
        result = self.dataset()
        made: dict[str, int] = {}
        for kind in kinds.KINDS:
            rows = self._rows.get(kind.attribute, 0)
            if not rows:
                continue
            if kind.policy is Policy.SET:
                made[kind.name] = len(self._others[kind.attribute])
            else:
                made[kind.name] = min(rows, len(getattr(result, kind.attribute)))
        return made

    def report(self) -> ImportReport:
        """The report for this source."""
        made = self._created()
        created = sum(made.values())
        accounted = self.rows_read - len(self.rejected)
        return ImportReport(
            source=self.source,
            format=self.format,
            rows_read=self.rows_read,
            created=created,
            merged=accounted - created,
            rejected=tuple(self.rejected),
            conflicts=self.dataset().conflicts,
            kinds={k: v for k, v in made.items() if v},
            warnings=tuple(self.warnings),
        )


class StreamSink(ImportSink):
    """A sink that hands every record to a callback and keeps none of them.

    Used by :func:`upr.scan`. Rows are counted as in any sink (rejections are
    kept for the report); records are not fused, since fusing needs the
    records: every added row counts as created. Side records (reviews,
    conflicts, records beside a row) are handed over too, with ``location=None``.
    """

    def __init__(
        self,
        source: str,
        format: str,
        errors: ErrorMode,
        progress: Callable[[int], None] | None,
        handle: Callable[[Any, Location | None], None],
    ) -> None:
        super().__init__(source, format, errors, progress)
        self._handle = handle
        self._made: dict[str, int] = {}

    def _count(self, record: Any) -> None:
        name = type(record).__name__
        self._made[name] = self._made.get(name, 0) + 1

    def add(self, record: Any, location: Location, *, fuse: bool = True) -> None:
        """Count the row and pass the record on."""
        self._row(location)
        self._handle(record, location)
        self._count(record)

    def add_review(self, review: Review, location: Location | None = None) -> None:
        """Pass the review on (counted as a row when it is one)."""
        if location is not None:
            self._row(location)
            self._count(review)
        self._handle(review, location)

    def add_side(self, record: Any) -> None:
        """Pass the side record on (not a row)."""
        self._handle(record, None)

    def add_conflict(self, conflict: Conflict) -> None:
        """Pass the conflict on (not a row)."""
        self._handle(conflict, None)

    def add_lineage(self, attribute: str, of: str, record: Any, location: Location) -> None:
        """Pass the source record on (counted as a row)."""
        self._row(location)
        self._handle(record, location)
        self._count(record)

    def dataset(self) -> Dataset:
        """Nothing is kept: an empty Dataset."""
        return Dataset()

    def report(self) -> ImportReport:
        """The report: every row created or rejected."""
        return ImportReport(
            source=self.source,
            format=self.format,
            rows_read=self.rows_read,
            created=sum(self._made.values()),
            merged=0,
            rejected=tuple(self.rejected),
            kinds=dict(self._made),
            warnings=tuple(self.warnings),
        )


__all__ = ["ErrorMode", "ImportReport", "ImportResult", "ImportSink", "Problem", "StreamSink"]
