"""The analysis layer: what is computed from a dataset.

:mod:`upr.analysis.metrics` (the metric contract, tables and grouping; the
metrics themselves are plugins), :mod:`upr.analysis.tracking` (implementation
status, rates, validation, mid-term tables), :mod:`upr.analysis.treaty_mentions`
and :mod:`upr.analysis.similarity` (repeated recommendations).
"""
