"""The render layer: what people read.

:mod:`upr.render.html` (notebook views, registered into :func:`upr.display.html`)
and :mod:`upr.render.report` (the review report and its text, markdown, JSON and
HTML forms; built from the metrics it is given).
"""
