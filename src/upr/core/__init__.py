"""The core layer: the :class:`~upr.core.dataset.Dataset` and how sources become one.

:mod:`upr.core.kinds` (the one table of record kinds), :mod:`upr.core.fusion`
(fusion as a function of the set of source records), :mod:`upr.core.dataset`
(the container, merge and filters), :mod:`upr.core.query` (filter criteria),
:mod:`upr.core.records` (the one flat codec), :mod:`upr.core.converter` (the
one cattrs converter) and :mod:`upr.core.frames` (pandas and Arrow). No file
is read or written here (docs/architecture.md).
"""
