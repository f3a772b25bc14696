"""Locations as they travel to cluster workers: never with a password in them.

A configured database URL's password is written ``${VAR}`` (``pii_scan.config`` refuses anything else)
and expanded on the client. A task sent to a Dask worker carries the URL with the ``${VAR}`` reference
put back (``for_workers``); the worker expands it from its own environment (``on_worker``). So no secret
is pickled into a task, shown on Dask's dashboard or kept in the scheduler's memory.
"""

from __future__ import annotations

import os
import re
import socket
from urllib.parse import quote

from pii_scan.errors import ConnectionFailed, SourceError
from pii_scan.masking import mask_url

__all__ = ["password_ref", "has_password", "for_workers", "on_worker"]

_USERINFO = re.compile(r"^([^:/]+://)([^@/]*)@(.*)$")
_ENV_REF = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
_REFS_ONLY = re.compile(r"(\$\{[A-Za-z_][A-Za-z0-9_]*\})+")


def _split(location: str) -> tuple[str, str, str, str] | None:
    """``(scheme://, user, password, rest)`` of a URL with user info, else None."""
    m = _USERINFO.match(location)
    if not m or os.path.exists(location):
        return None
    user, _, password = m.group(2).partition(":")
    return m.group(1), user, password, m.group(3)


def password_ref(raw: str) -> str:
    """The password of a URL as written in the configuration (``${VAR}``), or "" when it has none."""
    parts = _split(raw)
    return parts[2] if parts and _REFS_ONLY.fullmatch(parts[2]) else ""


def has_password(location: str) -> bool:
    parts = _split(location)
    return bool(parts and parts[2])


def for_workers(location: str, ref: str = "") -> str:
    """``location`` fit for a task: its password replaced by the ``${VAR}`` reference ``ref``.

    A password with no reference (given on the command line) is not sent: SourceError."""
    parts = _split(location)
    if parts is None or not parts[2]:
        return location
    if not _REFS_ONLY.fullmatch(ref or ""):
        raise SourceError(
            mask_url(location),
            "a password given on the command line is not sent to cluster workers: configure the "
            "source in pii-scan.toml with the password as ${VARIABLE}, set on every worker",
        )
    scheme, user, _, rest = parts
    return f"{scheme}{user}:{ref}@{rest}"


def on_worker(location: str) -> str:
    """Expand the ``${VAR}`` password of a task's URL from this process's environment."""
    parts = _split(location)
    if parts is None or "${" not in parts[2]:
        return location
    scheme, user, password, rest = parts

    def repl(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in os.environ:
            raise ConnectionFailed(
                mask_url(location),
                f"environment variable {name} is not set on worker {socket.gethostname()}",
            )
        return os.environ[name]

    return f"{scheme}{user}:{quote(_ENV_REF.sub(repl, password), safe='')}@{rest}"
