"""Directory walking with ``find -xdev`` rules: regular files only, symlinks not followed unless asked
(then with loop detection), one file system, and every skipped entry named in a one-line note.

A FIFO named ``.csv`` would block a reader forever and a dangling symlink has nothing to read: they are
skipped, not failures, so the files beside them are still scanned and the exit code stays clean.
"""

from __future__ import annotations

import errno
import logging
import os
import stat
from collections.abc import Callable, Collection
from contextvars import ContextVar

from pii_scan.escape import printable

__all__ = [
    "EXACT_COUNTS",
    "FOLLOW_SYMLINKS",
    "NOTES",
    "walk_files",
    "special_kind",
    "note_skipped",
    "suffix_in",
]

# Set by the ``--follow-symlinks`` option of the commands that take SOURCEs; library callers pass
# ``follow_symlinks=`` to ``open_source`` instead.
FOLLOW_SYMLINKS: ContextVar[bool] = ContextVar("pii_scan_follow_symlinks", default=False)
# Count SQL rows exactly instead of reading catalog estimates (``--exact-counts``; SqlConnector).
EXACT_COUNTS: ContextVar[bool] = ContextVar("pii_scan_exact_counts", default=False)

# Notes go to this logger: the CLI prints them as one "note:" line each on stderr.
NOTES = logging.getLogger("pii_scan.notes")


def note_skipped(path: str, reason: str) -> None:
    NOTES.warning("skipped %s: %s", printable(path), reason)


def special_kind(mode: int) -> str | None:
    """None for a regular file, else what the entry is (for the note)."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe), not a regular file"
    if stat.S_ISSOCK(mode):
        return "a socket, not a regular file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device, not a regular file"
    if stat.S_ISDIR(mode):
        return "a directory"
    return "not a regular file"


def _broken_link(path: str) -> str:
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symlink loop"
        return "dangling symlink (its target does not exist)"
    return "symlink"


def walk_files(
    root: str,
    wanted: Callable[[str], bool],
    *,
    follow_symlinks: bool = False,
    skip: Callable[[str, str], None] = note_skipped,
) -> list[str]:
    """Sorted paths of the regular files under ``root`` whose name ``wanted`` accepts.

    Hidden entries are ignored silently; a wanted name that is a symlink (not followed, dangling or
    looping) or a special file is reported through ``skip(path, reason)``.
    """
    root_st = os.stat(root)
    seen: set[tuple[int, int]] = {(root_st.st_dev, root_st.st_ino)}
    found: list[str] = []
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            skip(folder, f"cannot list this directory: {exc.strerror or exc}")
            continue
        subdirs: list[str] = []
        for entry in entries:
            if entry.name.startswith(".") or entry.name.startswith("~$"):
                continue
            path = entry.path
            try:
                is_link = entry.is_symlink()
                if is_link and not follow_symlinks:
                    reason = _broken_link(path)
                    if reason == "symlink":
                        reason = "symlink (not followed; use --follow-symlinks)"
                    if wanted(entry.name) or os.path.isdir(path):
                        skip(path, reason)
                    continue
                st = os.stat(path) if is_link else entry.stat(follow_symlinks=False)
            except OSError:
                if wanted(entry.name):
                    skip(path, _broken_link(path))
                continue
            if stat.S_ISDIR(st.st_mode):
                ident = (st.st_dev, st.st_ino)
                if st.st_dev != root_st.st_dev:
                    skip(path, "on another file system (not crossed)")
                elif ident in seen:
                    skip(path, "symlink loop (directory already walked)")
                else:
                    seen.add(ident)
                    subdirs.append(path)
                continue
            if not wanted(entry.name):
                continue
            kind = special_kind(st.st_mode)
            if kind is not None:
                skip(path, kind)
                continue
            found.append(path)
        stack.extend(reversed(subdirs))
    return found  # os.walk's order: a directory's files, then its subdirectories depth first


def suffix_in(extensions: Collection[str]) -> Callable[[str], bool]:
    return lambda name: os.path.splitext(name)[1].lower() in extensions
