"""Atomic output: every file pii-scan writes goes to a temporary file beside its target, then
``os.replace``, so a failure never leaves a half-written register, package or configuration.

Temporary files follow one pattern, ``.<target name>.<pid>.<random>.tmp``. A process killed with
SIGKILL cannot remove its own; the next write to the same target removes those older than this run
whose process is gone (``remove_stale_temporaries``).
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
import time
from collections.abc import Callable
from typing import IO, Any

from pii_scan.errors import OutputError
from pii_scan.escape import printable

__all__ = ["write_atomic", "write_text_atomic", "remove_stale_temporaries", "temporary_prefix"]

# When this run started: a temporary file modified before it cannot be one this run is writing.
_RUN_STARTED = time.time()


def temporary_prefix(target: str) -> str:
    return f".{os.path.basename(target)}.{os.getpid()}."


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's live process
        return True
    except OSError:
        return True  # cannot tell: keep the file
    return True


def remove_stale_temporaries(target: str, started: float | None = None) -> list[str]:
    """Remove the temporary files of interrupted writes of ``target``: matching the pattern, modified
    before ``started`` (default: this run's start) and whose process is no longer alive. Returns them."""
    started = _RUN_STARTED if started is None else started
    folder = os.path.dirname(os.path.abspath(target))
    pattern = re.compile(rf"^\.{re.escape(os.path.basename(target))}\.(\d+)\.[A-Za-z0-9_]+\.tmp$")
    removed: list[str] = []
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    for name in names:
        m = pattern.match(name)
        if not m or int(m.group(1)) == os.getpid():
            continue
        path = os.path.join(folder, name)
        try:
            st = os.lstat(path)
            if st.st_mtime >= started or _alive(int(m.group(1))):
                continue
            os.unlink(path)
        except OSError:
            continue  # gone already, or not ours to remove
        removed.append(path)
        logging.getLogger("pii_scan.notes").warning(
            "removed %s: temporary file of an interrupted write (process %s is gone)",
            printable(path),
            m.group(1),
        )
    return removed


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
    remove_stale_temporaries(target)
    try:
        fd, tmp = tempfile.mkstemp(prefix=temporary_prefix(target), suffix=".tmp", dir=folder)
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
