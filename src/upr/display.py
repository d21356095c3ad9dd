"""How an object shows itself in a notebook: one extension point, no renderer.

The model, the dataset and the metric tables have a ``_repr_html_`` method
(Jupyter, VS Code, marimo and the others call it) that asks :func:`html` for
their HTML. :func:`html` is a :func:`functools.singledispatch` function: the
renderers of :mod:`upr.render.html` register one implementation per class.
So the classes know that they can be shown, not how; the renderer sits above
them and imports them, never the other way round (docs/architecture.md).

>>> import upr
>>> "<table" in upr.Dataset()._repr_html_()
True
"""

from __future__ import annotations

import functools
import html as _html
from typing import Any


@functools.singledispatch
def html(obj: Any) -> str:
    """The HTML of ``obj`` for a notebook; without a registered renderer, its escaped repr."""
    return f"<pre>{_html.escape(repr(obj))}</pre>"


class ShowsHtml:
    """Mixin: ``_repr_html_`` through :func:`html` (for attrs classes with slots)."""

    __slots__ = ()

    def _repr_html_(self) -> str:
        """HTML shown by Jupyter (see :mod:`upr.render.html`)."""
        return html(self)


__all__ = ["ShowsHtml", "html"]
