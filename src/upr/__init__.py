"""upr: a typed library for UN human-rights recommendations.

Universal Periodic Review (UPR) and treaty-body recommendations as typed
objects, read from the formats the UN, UPR Info and research institutes
publish, fused into one :class:`Dataset`, linked in a graph, measured by
metrics and tracked through national implementation.

The package is laid out in layers, each importing only from those below it
(docs/architecture.md): ``upr.model`` (the records), ``upr.core`` (the
dataset, fusion, the flat codec), ``upr.io`` (importer and exporter contract,
files), ``upr.analysis`` (metrics, tracking, text), ``upr.graph``,
``upr.render`` (HTML, the report), ``upr.plugins`` (hooks and manager),
``upr.api`` (what uses the plugins) and ``upr.cli``. This module gathers the
public names.

>>> import upr
>>> upr.states.resolve("Viet Nam").code
'VNM'
>>> upr.mechanisms.get("ICCPR").name
'Human Rights Committee'
"""

import importlib as _importlib
from typing import TYPE_CHECKING as _TYPE_CHECKING

from upr._version import __version__
from upr.analysis import metrics, treaty_mentions
from upr.analysis import tracking as tracking
from upr.analysis.metrics import Metric, Table
from upr.api import plot
from upr.api.facade import build_report, compute, export, load, read, scan
from upr.core.dataset import Dataset, Lineage, fuse
from upr.errors import (
    DataError,
    FormatDetectionError,
    Location,
    PluginError,
    SchemaError,
    UnknownNameError,
    UprError,
)
from upr.io import datasets, jsonl
from upr.io.exporting import Exporter
from upr.io.importing import Importer, Source
from upr.io.sink import ImportReport, ImportResult, ImportSink, Problem
from upr.model import cycles, mechanisms, ratifications, sdgs, states, treaties
from upr.model.conflicts import Conflict, ConflictKind, ConflictValue
from upr.model.council import CouncilMembership
from upr.model.cycles import Cycle
from upr.model.figures import ReportedFigure
from upr.model.mechanisms import Mechanism, MechanismKind
from upr.model.provenance import FieldSource
from upr.model.ratifications import Ratification, RatificationStatus
from upr.model.recommendations import (
    ActionCategory,
    Recommendation,
    RecommendationKind,
    Response,
    ResponseValue,
    VoluntaryPledge,
)
from upr.model.reviews import Document, DocumentKind, Review
from upr.model.states import MembershipStatus, RegionalGroup, State
from upr.model.tracking import (
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
from upr.model.treaties import Treaty
from upr.plugins import hookspecs
from upr.plugins.hookspecs import hookimpl
from upr.render import html as _html  # registers the notebook views of the classes above
from upr.render import report

from upr import plugins  # isort: skip  (the package; its modules are imported above)

if _TYPE_CHECKING:
    from upr import graph

del _html


def __getattr__(name: str) -> object:
    """``upr.graph`` is imported on first use (it pulls in networkx): ``import upr`` stays fast."""
    if name == "graph":
        module = _importlib.import_module("upr.graph")
        globals()[name] = module
        return module
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
    "ConflictKind",
    "ConflictValue",
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
    "Lineage",
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
    "build_report",
    "compute",
    "cycles",
    "datasets",
    "export",
    "fuse",
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
    "scan",
    "sdgs",
    "states",
    "tracking",
    "treaties",
    "treaty_mentions",
]
