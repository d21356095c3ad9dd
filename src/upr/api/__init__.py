"""The api layer: what needs the registered plugins.

:mod:`upr.api.facade` (``read``, ``load``, ``scan``, ``export``, ``compute``,
``build_report``) and :mod:`upr.api.plot` (charts of the registered metrics).
Everything here is re-exported by the top-level ``upr`` package.
"""

from upr.api import plot
from upr.api.facade import build_report, compute, export, load, read, read_one, scan

__all__ = ["build_report", "compute", "export", "load", "plot", "read", "read_one", "scan"]
