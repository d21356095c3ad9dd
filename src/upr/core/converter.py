"""The one cattrs converter of ``upr``: model objects <-> plain JSON-able data.

Configured in one place, like cattrs' ``preconf`` converters: dates are ISO
strings, enums their values, tuples lists; defaults are omitted when writing.
Reading is strict: unknown keys, wrong types and bad enum values raise
:class:`~upr.errors.SchemaError` naming the file, line and field.

cattrs is imported, and the converters built, on first use (:func:`get`), so
``import upr`` stays fast.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import types
import typing
from functools import cache
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from upr.errors import Location, SchemaError

if TYPE_CHECKING:
    import cattrs

T = TypeVar("T")


def _strict(kind: type[Any], name: str) -> Any:
    def hook(value: Any, _: type[Any]) -> Any:
        if isinstance(value, bool) and kind is not bool:
            raise TypeError(f"expected {name}, got boolean {value!r}")
        if not isinstance(value, kind):
            raise TypeError(f"expected {name}, got {type(value).__name__} {value!r}")
        return value

    return hook


def _structure_float(value: Any, _: type[Any]) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"expected number, got {type(value).__name__} {value!r}")
    return float(value)


def _structure_date(value: Any, _: type[Any]) -> dt.date:
    if not isinstance(value, str):
        raise TypeError(f"expected ISO date string, got {type(value).__name__} {value!r}")
    return dt.date.fromisoformat(value)


def _exactly(kind: type[Any]) -> Any:
    def predicate(candidate: Any) -> bool:
        return candidate is kind

    return predicate


def _is_homogeneous_tuple(kind: Any) -> bool:
    args = typing.get_args(kind)
    return typing.get_origin(kind) is tuple and len(args) == 2 and args[1] is Ellipsis


def _is_optional(kind: Any) -> bool:
    args = typing.get_args(kind)
    return (
        typing.get_origin(kind) in (typing.Union, types.UnionType)
        and len(args) == 2
        and type(None) in args
    )


def _is_enum(kind: Any) -> bool:
    return isinstance(kind, type) and issubclass(kind, enum.Enum)


def _structure_enum(value: Any, kind: type[enum.Enum]) -> enum.Enum:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise TypeError(f"expected a {kind.__name__} value, got {type(value).__name__} {value!r}")
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(repr(m.value) for m in kind)
        raise ValueError(f"{value!r} is not a valid {kind.__name__} (one of {allowed})") from None


def _make(*, detailed: bool = True) -> cattrs.Converter:
    import cattrs  # noqa: PLC0415 - imported on first use: keeps `import upr` fast

    conv = cattrs.Converter(
        forbid_extra_keys=True, omit_if_default=True, detailed_validation=detailed
    )
    # Exact-type predicates: a singledispatch hook for ``str`` would also catch
    # StrEnum subclasses and let bad enum values through.
    for kind, name in ((str, "string"), (int, "integer"), (bool, "boolean")):
        conv.register_structure_hook_func(_exactly(kind), _strict(kind, name))
    conv.register_structure_hook_func(lambda t: t is float, _structure_float)
    conv.register_structure_hook_func(_is_enum, _structure_enum)

    def tuple_hook(kind: Any) -> Any:
        # Resolved once per tuple type: the item hook is looked up here, not per value.
        (item,) = [a for a in typing.get_args(kind) if a is not Ellipsis]
        if item is str:

            def structure_strings(value: Any, _: Any) -> tuple[Any, ...]:
                _expect_list(value)
                for v in value:
                    if not isinstance(v, str):
                        raise TypeError(f"expected string, got {type(v).__name__} {v!r}")
                return tuple(value)

            return structure_strings
        item_hook = conv.get_structure_hook(item)

        def structure_tuple(value: Any, _: Any) -> tuple[Any, ...]:
            _expect_list(value)
            return tuple(item_hook(v, item) for v in value)

        return structure_tuple

    conv.register_structure_hook_factory(_is_homogeneous_tuple, tuple_hook)

    def optional_hook(kind: Any) -> Any:
        (item,) = [a for a in typing.get_args(kind) if a is not type(None)]
        item_hook = conv.get_structure_hook(item)

        def structure_optional(value: Any, _: Any) -> Any:
            return None if value is None else item_hook(value, item)

        return structure_optional

    conv.register_structure_hook_factory(_is_optional, optional_hook)
    conv.register_unstructure_hook(dt.date, dt.date.isoformat)
    conv.register_structure_hook(dt.date, _structure_date)
    return conv


def _expect_list(value: Any) -> None:
    if not isinstance(value, list):
        raise TypeError(f"expected a list, got {type(value).__name__} {value!r}")


@cache
def get() -> cattrs.Converter:
    """The shared converter (built on first use). Plugins that serialise model
    objects should use it, or :func:`to_data` and :func:`from_data`."""
    return _make()


@cache
def _fast() -> cattrs.Converter:
    """The same configuration without cattrs' detailed validation: several times
    faster on valid data. :func:`from_data` tries it first and, on an error, repeats
    the conversion with :func:`get` to find the offending field."""
    return _make(detailed=False)


def to_data(obj: Any) -> Any:
    """Unstructure a model object into JSON-able dicts, lists, strings and numbers."""
    return get().unstructure(obj)


_PATH = re.compile(r"@ \$(?P<path>\S*)")


def from_data(data: Any, cls: type[T], location: Location | None = None) -> T:
    """Structure ``data`` into ``cls``; errors become :class:`SchemaError`.

    The error's location is ``location`` with ``field`` set to the offending
    key path (``recommendations.response.value``).
    """
    try:
        return _fast().structure(data, cls)
    except RecursionError:
        raise SchemaError(
            location or Location(), f"nested too deeply (reading {cls.__name__})"
        ) from None
    except Exception:  # repeated below with detailed validation, for the message
        pass
    import cattrs  # noqa: PLC0415 - already imported by _fast()

    try:
        return get().structure(data, cls)
    except Exception as exc:  # cattrs raises ExceptionGroups and plain errors
        messages = (
            cattrs.transform_error(exc)
            if isinstance(exc, cattrs.BaseValidationError)
            else [str(exc)]
        )
        first = messages[0] if messages else str(exc)
        match = _PATH.search(first)
        field = match.group("path").lstrip(".") if match else None
        reason = _PATH.sub("", first).strip() if match else first
        base = location or Location()
        raise SchemaError(
            attrs.evolve(base, field=field or base.field),
            f"{reason} (reading {cls.__name__})",
        ) from exc
