"""The importer contract: :class:`Importer`, :class:`ImportSink`, reports, and :func:`read`.

An importer turns one file into model objects. It does not build a Dataset
itself: it hands every row's outcome to an :class:`ImportSink`, which merges
rows of the same recommendation, counts, and either raises at the first bad row
(``errors="raise"``) or collects problems (``errors="collect"``). That is how
every importer, first-party or third-party, keeps the invariant

    rows_read == created + merged + len(rejected)

so that nothing is dropped without appearing in the report.
"""

from __future__ import annotations

import abc
import csv
import enum
import zipfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import attrs

from upr.council import CouncilMembership
from upr.dataset import Conflict, Dataset, RecommendationIndex, merge_reviews
from upr.errors import DataError, FormatDetectionError, Location, UprError
from upr.figures import ReportedFigure
from upr.ratifications import Ratification
from upr.recommendations import Recommendation, VoluntaryPledge
from upr.reviews import Review
from upr.tracking import Action, Agency, Assessment, ImplementationPlan

if TYPE_CHECKING:
    from upr.plugins import Manager

ErrorMode = Literal["raise", "collect"]

MAX_ARCHIVE_BYTES = 512 * 1024 * 1024
"""Largest total uncompressed size accepted for an XLSX/DOCX (zip) file."""
MAX_COMPRESSION_RATIO = 200
"""Largest uncompressed/compressed ratio of one archive member (zip-bomb guard)."""


class ImporterCrash(DataError):
    """An importer raised something other than a ``upr`` error: a bug in the importer.

    The location is the last row the importer reported before failing.
    """


@attrs.frozen
class Source:
    """A file offered to importers: its path plus cheap access to its first bytes."""

    path: Path

    @property
    def name(self) -> str:
        """The file name, as shown in reports."""
        return str(self.path)

    @property
    def suffix(self) -> str:
        """Lower-case extension with the dot (``".csv"``)."""
        return self.path.suffix.lower()

    def head(self, size: int = 8192) -> bytes:
        """The first ``size`` bytes (empty for unreadable files)."""
        try:
            with self.path.open("rb") as stream:
                return stream.read(size)
        except OSError:
            return b""

    def location(self, **where: Any) -> Location:
        """A :class:`Location` in this file: ``source.location(row=3, field="To")``."""
        return Location(self.name, **where)


@attrs.frozen
class Problem:
    """A row that was not imported: where, and why."""

    location: Location
    reason: str

    def __str__(self) -> str:
        return f"{self.location}: {self.reason}"


@attrs.frozen
class ImportReport:
    """What happened to every row of one source.

    ``created`` counts new records, ``merged`` rows folded into a record created
    earlier from the same source (one UPR Info row per recommending state),
    ``rejected`` the problems. ``kinds`` breaks ``created`` down by record type.
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
        kinds: dict[str, int] = {}
        for r in self.reports:
            for k, v in r.kinds.items():
                kinds[k] = kinds.get(k, 0) + v
        return ImportReport(
            source=", ".join(r.source for r in self.reports),
            format=", ".join(dict.fromkeys(r.format for r in self.reports)),
            rows_read=sum(r.rows_read for r in self.reports),
            created=sum(r.created for r in self.reports),
            merged=sum(r.merged for r in self.reports),
            rejected=tuple(p for r in self.reports for p in r.rejected),
            conflicts=self.dataset.conflicts,
            kinds=kinds,
            warnings=tuple(p for r in self.reports for p in r.warnings),
        )


class ImportSink:
    """Collects what an importer reads; counts rows, merges, rejects or raises.

    Call exactly one of :meth:`add` (a row became or joined a record) or
    :meth:`reject` (a row was bad) per row read. Side records that are not rows
    (the review a report describes) go to :meth:`add_review`.
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
        self.created = 0
        self.merged = 0
        self.kinds: dict[str, int] = {}
        self.rejected: list[Problem] = []
        self.warnings: list[Problem] = []
        self.conflicts: list[Conflict] = []
        self.last_location = Location(source)
        self._index = RecommendationIndex()
        self._reviews: dict[str, Review] = {}
        self._others: dict[str, list[Any]] = {}
        self._ids: dict[str, dict[str, int]] = {}

    def _row(self, location: Location) -> None:
        self.rows_read += 1
        self.last_location = location
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

    def add(self, record: Any, location: Location, *, fuse: bool = True) -> str:
        """Account one row as a record; returns ``"created"`` or ``"merged"``.

        A recommendation that is the same as one added earlier (same id, or same
        review and text, or a part of its paragraph: see
        :class:`~upr.dataset.RecommendationIndex`) is merged into it. Importers of
        already-fused data (native files) pass ``fuse=False``: only equal ids merge.
        """
        self._row(location)
        if isinstance(record, Recommendation):
            return self._add_recommendation(record, fuse)
        kind = type(record).__name__
        record_id = getattr(record, "id", None)
        if fuse and isinstance(record_id, str):
            seen = self._ids.setdefault(kind, {})
            if record_id in seen:
                if self._others[kind][seen[record_id]] == record:
                    # the same record again (a repeated pledge line): counted, kept once
                    self.merged += 1
                    return "merged"
                self.rows_read -= 1  # reject() counts the row again
                self.reject(location, f"another {kind} with id {record_id!r} differs from it")
                return "rejected"
            seen[record_id] = len(self._others.get(kind, ()))
        self._others.setdefault(kind, []).append(record)
        self._created(kind)
        return "created"

    def _created(self, kind: str) -> None:
        self.created += 1
        self.kinds[kind] = self.kinds.get(kind, 0) + 1

    def _add_recommendation(self, rec: Recommendation, fuse: bool) -> str:
        if self._index.add(rec, fuse=fuse):
            self._created("Recommendation")
            return "created"
        self.merged += 1
        return "merged"

    def add_review(self, review: Review, location: Location | None = None) -> None:
        """Record a review.

        Without ``location`` this is side information (the review a report's
        rows belong to) and is not counted as a row. With ``location`` the
        review *is* the row (a file listing reviews): it counts as created, or
        merged into a review with the same id.
        """
        known = self._reviews.get(review.id)
        self._reviews[review.id] = review if known is None else merge_reviews(known, review)
        if location is not None:
            self._row(location)
            if known is None:
                self._created("Review")
            else:
                self.merged += 1

    def add_side(self, record: Any) -> None:
        """Store a record a row yields besides its main record (an assessment
        next to an assignment); not counted as a row, equal records kept once."""
        kind = type(record).__name__
        bucket = self._others.setdefault(kind, [])
        if record not in bucket:
            bucket.append(record)

    def add_conflict(self, conflict: Conflict) -> None:
        """Carry over a conflict recorded by an earlier merge (not counted as a row)."""
        self.conflicts.append(conflict)

    def recommendations(self) -> tuple[Recommendation, ...]:
        """The recommendations collected so far."""
        return self._index.records()

    def dataset(self) -> Dataset:
        """The Dataset of everything added."""
        others = self._others

        def of(cls: type[Any]) -> list[Any]:
            return others.get(cls.__name__, [])

        return Dataset(
            recommendations=self._index.records(),
            reviews=tuple(self._reviews.values()),
            pledges=of(VoluntaryPledge),
            figures=of(ReportedFigure),
            ratifications=of(Ratification),
            memberships=of(CouncilMembership),
            agencies=of(Agency),
            plans=of(ImplementationPlan),
            actions=of(Action),
            assessments=of(Assessment),
            conflicts=(*self.conflicts, *self._index.conflicts),
        )

    def report(self) -> ImportReport:
        """The report for this source."""
        return ImportReport(
            source=self.source,
            format=self.format,
            rows_read=self.rows_read,
            created=self.created,
            merged=self.merged,
            rejected=tuple(self.rejected),
            conflicts=(*self.conflicts, *self._index.conflicts),
            kinds=dict(self.kinds),
            warnings=tuple(self.warnings),
        )


class Importer(abc.ABC):
    """Base class of importers. Subclass it and register an instance from the
    ``upr_register_importers`` hook.

    ``name`` is the format name users pass as ``format=``; ``extensions`` the
    file suffixes it usually reads (``(".csv",)``).
    """

    name: str
    description: str = ""
    extensions: tuple[str, ...] = ()

    @abc.abstractmethod
    def sniff(self, source: Source) -> float:
        """How confident this importer is that it reads ``source``: 0.0 (no) to 1.0 (sure).

        Look at the file name and :meth:`Source.head`; never read the whole file.
        """

    @abc.abstractmethod
    def read(self, source: Source, sink: ImportSink) -> None:
        """Read ``source``, calling ``sink.add`` or ``sink.reject`` once per row.

        Raise :class:`~upr.errors.DataError` (with a location) for a file that
        cannot be read at all (wrong encoding, missing columns).
        """


MAX_CSV_CELL = 64 * 2**20
"""Largest CSV cell the importers read (64 MiB): Python's :mod:`csv` refuses
cells over 131,072 characters by default, which a long recommendation text or
a concatenated note can exceed."""


def allow_large_csv_cells() -> None:
    """Raise :func:`csv.field_size_limit` to :data:`MAX_CSV_CELL` (never lower it).

    CSV importers call it before reading so that ``upr-csv`` reads back every
    text ``upr`` writes. The limit is process-wide; raising it is idempotent
    and safe to call from several threads.
    """
    if csv.field_size_limit() < MAX_CSV_CELL:
        csv.field_size_limit(MAX_CSV_CELL)


def check_archive(source: Source) -> None:
    """Refuse zip files (XLSX, DOCX) that are not zips or whose members would
    expand beyond :data:`MAX_ARCHIVE_BYTES` or :data:`MAX_COMPRESSION_RATIO`."""
    try:
        with zipfile.ZipFile(source.path) as archive:
            total = 0
            for info in archive.infolist():
                total += info.file_size
                ratio = info.file_size / max(info.compress_size, 1)
                if info.file_size > 1_000_000 and ratio > MAX_COMPRESSION_RATIO:
                    raise DataError(
                        source.location(field=info.filename),
                        f"archive member expands {ratio:.0f}x (limit {MAX_COMPRESSION_RATIO}x);"
                        " refusing a possible zip bomb",
                    )
            if total > MAX_ARCHIVE_BYTES:
                raise DataError(
                    source.location(),
                    f"archive expands to {total} bytes (limit {MAX_ARCHIVE_BYTES})",
                )
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise DataError(source.location(), f"not a valid zip-based file: {exc}") from None


class Confidence(float, enum.Enum):
    """Conventional sniff scores."""

    NONE = 0.0
    EXTENSION = 0.3
    LIKELY = 0.7
    CERTAIN = 1.0


def detect(source: Source, manager: Manager) -> Importer:
    """The importer most confident about ``source``; ambiguity or none is an error."""
    scores: list[tuple[float, str]] = []
    for name, importer in manager.importers().items():
        try:
            score = float(importer.sniff(source))
        except Exception as exc:
            manager.record_failure(name, f"sniff failed: {exc!r}")
            continue
        if score > 0:
            scores.append((score, name))
    scores.sort(reverse=True)
    if not scores or scores[0][0] < Confidence.EXTENSION:
        raise FormatDetectionError(
            source.name, "no importer recognises this file", [n for _, n in scores]
        )
    ties = [n for s, n in scores if s == scores[0][0]]
    if len(ties) > 1:
        raise FormatDetectionError(
            source.name, "several importers claim this file equally; pass format=", ties
        )
    return manager.importers()[scores[0][1]]


def read_one(
    path: str | Path,
    *,
    format: str | None = None,
    errors: ErrorMode = "raise",
    manager: Manager | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Import one file (see :func:`read`)."""
    sink = _run(path, ImportSink, format, errors, manager, progress)
    return ImportResult(sink.dataset(), (sink.report(),))


SinkT = TypeVar("SinkT", bound="ImportSink")


def _run(
    path: str | Path,
    make_sink: Callable[[str, str, ErrorMode, Callable[[int], None] | None], SinkT],
    format: str | None,
    errors: ErrorMode,
    manager: Manager | None,
    progress: Callable[[int], None] | None,
) -> SinkT:
    """Detect the importer, run it into a new sink; unexpected exceptions
    become :class:`ImporterCrash` with the last location."""
    from upr.plugins import default_manager  # noqa: PLC0415 - plugins imports this module

    pm = manager or default_manager()
    source = Source(Path(path))
    if not source.path.is_file():
        raise DataError(source.location(), "no such file")
    importer = detect(source, pm) if format is None else pm.importer(format)
    sink = make_sink(source.name, importer.name, errors, progress)
    try:
        importer.read(source, sink)
    except DataError as exc:
        if errors == "raise":
            raise
        sink.rejected.append(Problem(exc.location, exc.reason))
        sink.rows_read += 1
    except UprError:
        raise
    except Exception as exc:
        raise ImporterCrash(
            sink.last_location, f"importer {importer.name!r} failed: {type(exc).__name__}: {exc}"
        ) from exc
    return sink


class StreamSink(ImportSink):
    """A sink that hands every record to a callback and keeps none of them.

    Used by :func:`scan`. Rows are counted as in any sink (rejections are kept
    for the report); records are not merged, since merging needs the records:
    every added row counts as created. Side records (reviews, conflicts,
    records beside a row) are handed over too, with ``location=None``.
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

    def add(self, record: Any, location: Location, *, fuse: bool = True) -> str:
        """Count the row and pass the record on."""
        self._row(location)
        self._handle(record, location)
        self._created(type(record).__name__)
        return "created"

    def add_review(self, review: Review, location: Location | None = None) -> None:
        """Pass the review on (counted as a row when it is one)."""
        if location is not None:
            self._row(location)
            self._created("Review")
        self._handle(review, location)

    def add_side(self, record: Any) -> None:
        """Pass the side record on (not a row)."""
        self._handle(record, None)

    def add_conflict(self, conflict: Conflict) -> None:
        """Pass the conflict on (not a row)."""
        self._handle(conflict, None)


def scan(
    path: str | Path,
    handle: Callable[[Any, Location | None], None],
    *,
    format: str | None = None,
    errors: ErrorMode = "collect",
    manager: Manager | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Stream one file through its importer without building a Dataset.

    ``handle(record, location)`` is called for every record as it is read
    (``location`` is ``None`` for side records such as the review a report
    describes); memory stays that of the importer, whatever the file's size
    (docs/reliability.md measures a 1 GB file). Records are not merged, so a
    UPR Info row per recommending state arrives as a record of its own. The
    report accounts for every row as :func:`read` does.

    >>> import tempfile, pathlib, upr
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "viet-nam.jsonl"
    >>> upr.datasets.viet_nam().to_jsonl(path)
    >>> kinds = set()
    >>> report = scan(path, lambda record, where: kinds.add(type(record).__name__))
    >>> report.rows_read == report.created + len(report.rejected)
    True
    >>> "Recommendation" in kinds and "Review" in kinds
    True
    """

    def make(
        source: str, name: str, mode: ErrorMode, on_row: Callable[[int], None] | None
    ) -> StreamSink:
        return StreamSink(source, name, mode, on_row, handle)

    return _run(path, make, format, errors, manager, progress).report()


def read(
    source: str | Path | Sequence[str | Path],
    *,
    format: str | None = None,
    errors: ErrorMode = "raise",
    manager: Manager | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Import one file or several (their datasets are merged, sources in order).

    ``format=None`` asks every registered importer how confident it is about
    each file; pass an importer name (``upr plugins`` lists them) to force one.
    ``errors="raise"`` stops at the first bad row with a :class:`~upr.errors.DataError`
    naming file, location, field and reason; ``errors="collect"`` imports the
    good rows and lists the rest in the report.
    """
    paths = [source] if isinstance(source, str | Path) else list(source)
    datasets: list[Dataset] = []
    reports: list[ImportReport] = []
    for path in paths:
        result = read_one(path, format=format, errors=errors, manager=manager, progress=progress)
        datasets.append(result.dataset)
        reports.extend(result.reports)
    if not datasets:
        return ImportResult(Dataset(), ())
    dataset = datasets[0].merge(*datasets[1:]) if len(datasets) > 1 else datasets[0]
    return ImportResult(dataset, tuple(reports))


def load(
    source: str | Path | Sequence[str | Path],
    *,
    format: str | None = None,
    manager: Manager | None = None,
) -> Dataset:
    """``read(source, format=format).dataset``: the Dataset, raising on the first bad row."""
    return read(source, format=format, manager=manager).dataset
