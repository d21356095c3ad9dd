"""The io layer: the importer and exporter contracts, and files.

:mod:`upr.io.importing` (the importer contract), :mod:`upr.io.sink` (where an
importer puts rows, and the reports), :mod:`upr.io.exporting`,
:mod:`upr.io.jsonl` (the lossless native format), :mod:`upr.io.parquet`,
:mod:`upr.io.tables` (the one CSV/XLSX/markdown table writer),
:mod:`upr.io.atomic` (the one atomic writer), :mod:`upr.io.safety` (formula
injection), :mod:`upr.io.spreadsheets` and :mod:`upr.io.datasets` (the embedded
dossiers). Which importers exist is not known here: see :mod:`upr.api`.
"""
