"""The one atomic file writer every ``upr`` output goes through.

A file is written to a temporary file in the target's folder, flushed to disk,
given the mode a plain ``open(path, "w")`` would give it, and renamed over the
target. A failure (an exception, a full disk, Ctrl-C) leaves any previous file
intact and no temporary file behind.

The mode: a new file gets ``0o666`` minus the process umask (``0o644`` with
the usual umask 022), as any program's output does; a file that already exists
keeps its mode. (:func:`tempfile.mkstemp` alone would give ``0o600``.)

>>> import pathlib, tempfile
>>> path = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
>>> with atomic_writer(path) as stream:
...     _ = stream.write("ok")
>>> path.read_text()
'ok'
>>> oct(path.stat().st_mode & 0o777) == oct(0o666 & ~current_umask())
True
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any


def current_umask() -> int:
    """The process umask (read from ``/proc`` where it can be, without changing it)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)  # no way to read it without setting it: put it back at once
    os.umask(mask)
    return mask


def _final_mode(target: Path) -> int:
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        return 0o666 & ~current_umask()


@contextmanager
def _atomic(path: str | Path, mode: str, encoding: str | None) -> Iterator[Any]:
    target = Path(path)
    handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        newline = "" if encoding is not None else None
        with os.fdopen(handle, mode, encoding=encoding, newline=newline) as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp, _final_mode(target))
        Path(temp).replace(target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


@contextmanager
def atomic_writer(path: str | Path, encoding: str = "utf-8") -> Iterator[IO[str]]:
    """A text stream that replaces ``path`` only once completely written.

    Newlines are written as given (``newline=""``), as the :mod:`csv` module needs.
    """
    with _atomic(path, "w", encoding) as stream:
        yield stream


@contextmanager
def atomic_binary_writer(path: str | Path) -> Iterator[IO[bytes]]:
    """:func:`atomic_writer` for binary formats (Parquet, XLSX, GraphML)."""
    with _atomic(path, "wb", None) as stream:
        yield stream


def write_bytes(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically."""
    with atomic_binary_writer(path) as stream:
        stream.write(data)


def write_text(path: str | Path, text: str, encoding: str = "utf-8") -> None:
    """Write ``text`` to ``path`` atomically."""
    with atomic_writer(path, encoding) as stream:
        stream.write(text)


__all__ = ["atomic_binary_writer", "atomic_writer", "current_umask", "write_bytes", "write_text"]
