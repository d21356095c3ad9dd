"""upr: a typed library for UN human-rights recommendations.

Universal Periodic Review (UPR) and treaty-body recommendations as typed
objects, read from the formats the UN, UPR Info and research institutes
publish, fused into one :class:`Dataset`, linked in a graph, measured by
metrics and tracked through national implementation.

>>> import upr
>>> upr.states.resolve("Viet Nam").code
'VNM'
>>> upr.mechanisms.get("ICCPR").name
'Human Rights Committee'
"""

import importlib
from typing import TYPE_CHECKING, Any

from upr import (
    cycles,
    jsonl,
    mechanisms,
    metrics,
    ratifications,
    sdgs,
    states,
    tracking,
    treaties,
)
from upr._version import __version__
from upr.council import CouncilMembership
from upr.cycles import Cycle
from upr.dataset import Conflict, Dataset
from upr.errors import (
    DataError,
    FormatDetectionError,
    Location,
    PluginError,
    SchemaError,
    UnknownNameError,
    UprError,
)
from upr.exporting import Exporter, export
from upr.figures import ReportedFigure
from upr.importing import (
    Importer,
    ImportReport,
    ImportResult,
    ImportSink,
    Problem,
    Source,
    load,
    read,
)
from upr.mechanisms import Mechanism, MechanismKind
from upr.metrics import Metric, Table
from upr.ratifications import Ratification, RatificationStatus
from upr.recommendations import (
    ActionCategory,
    FieldSource,
    Recommendation,
    RecommendationKind,
    Response,
    ResponseValue,
    VoluntaryPledge,
)
from upr.reviews import Document, DocumentKind, Review
from upr.states import MembershipStatus, RegionalGroup, State
from upr.tracking import (
    Action,
    Agency,
    AgencyKind,
    Assessment,
    AssessorKind,
    Assignment,
    AssignmentRole,
    ImplementationPlan,
    ImplementationStatus,
)
from upr.treaties import Treaty

if TYPE_CHECKING:
    from upr import datasets, graph, hookspecs, plot, plugins, report, treaty_mentions
    from upr.hookspecs import hookimpl

_LAZY = frozenset(
    {"datasets", "graph", "hookspecs", "plot", "plugins", "report", "treaty_mentions"}
)
"""Submodules imported on first use (``upr.graph`` pulls in networkx, ``upr.plugins``
pluggy and importlib.metadata): keeps ``import upr`` and ``upr --help`` fast (see
docs/performance.md)."""


def __getattr__(name: str) -> Any:
    """Import the lazy submodules (:data:`_LAZY`) and ``hookimpl`` on first access."""
    if name in _LAZY:
        module = importlib.import_module(f"upr.{name}")
        globals()[name] = module
        return module
    if name == "hookimpl":
        marker = importlib.import_module("upr.hookspecs").hookimpl
        globals()[name] = marker
        return marker
    raise AttributeError(f"module 'upr' has no attribute {name!r}")


__all__ = [
    "Action",
    "ActionCategory",
    "Agency",
    "AgencyKind",
    "Assessment",
    "AssessorKind",
    "Assignment",
    "AssignmentRole",
    "Conflict",
    "CouncilMembership",
    "Cycle",
    "DataError",
    "Dataset",
    "Document",
    "DocumentKind",
    "Exporter",
    "FieldSource",
    "FormatDetectionError",
    "ImplementationPlan",
    "ImplementationStatus",
    "ImportReport",
    "ImportResult",
    "ImportSink",
    "Importer",
    "Location",
    "Mechanism",
    "MechanismKind",
    "MembershipStatus",
    "Metric",
    "PluginError",
    "Problem",
    "Ratification",
    "RatificationStatus",
    "Recommendation",
    "RecommendationKind",
    "RegionalGroup",
    "ReportedFigure",
    "Response",
    "ResponseValue",
    "Review",
    "SchemaError",
    "Source",
    "State",
    "Table",
    "Treaty",
    "UnknownNameError",
    "UprError",
    "VoluntaryPledge",
    "__version__",
    "cycles",
    "datasets",
    "export",
    "graph",
    "hookimpl",
    "hookspecs",
    "jsonl",
    "load",
    "mechanisms",
    "metrics",
    "plot",
    "plugins",
    "ratifications",
    "read",
    "report",
    "sdgs",
    "states",
    "tracking",
    "treaties",
    "treaty_mentions",
]
