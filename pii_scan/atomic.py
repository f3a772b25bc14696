"""Atomic output: every file pii-scan writes goes to a temporary file beside its target, then
``os.replace``, so a failure never leaves a half-written register, package or configuration."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from typing import IO, Any

from pii_scan.errors import OutputError

__all__ = ["write_atomic", "write_text_atomic"]


def write_atomic(
    path: str | os.PathLike[str],
    write: Callable[[IO[Any]], object],
    *,
    binary: bool = False,
    mode: int | None = None,
) -> None:
    """Call ``write(fh)`` on a temporary file beside ``path`` and rename it into place.

    ``mode`` (e.g. 0o600 for a subject's package) is set before any byte is written. OS errors become
    one-line ``OutputError``s naming the target; the temporary file is always removed on failure.
    """
    target = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(target))
    if not os.path.isdir(folder):
        raise OutputError(f"{target}: cannot write: the folder {folder} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(target)}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(f"{target}: cannot write: {exc.strerror or exc}") from None
    try:
        if mode is not None:
            os.fchmod(fd, mode)
        fh: IO[Any] = os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="")
        with fh:
            write(fh)
        os.replace(tmp, target)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise OutputError(f"{target}: cannot write: {exc.strerror or exc}") from None
        raise


def write_text_atomic(path: str | os.PathLike[str], text: str) -> None:
    write_atomic(path, lambda fh: fh.write(text))
