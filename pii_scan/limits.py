"""Bounds on what one source may cost: the ``[limits]`` of the configuration.

Every connector takes its bounds when it is made (``Connector.limits``), so a connector pickled to
another process keeps them. Commands set them from the configuration (``LIMITS.set``); library calls
given a configuration (``find_subject``, ``run_inventory``) use its bounds; discovery units carry them
as ``ScanOptions.limits``. Without a configuration the defaults apply: they keep discovery of any
one source within a few seconds.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import asdict, dataclass, fields
from typing import Any

__all__ = ["Limits", "LIMITS", "LIMIT_KEYS", "current_limits", "use_limits"]


@dataclass(frozen=True)
class Limits:
    """Per-source bounds. Sizes in bytes; counts are plain numbers."""

    # CSV/TSV: a header wider than this is refused before parsing (600,000 columns took 85 s).
    max_columns: int = 10_000
    # CSV/TSV and JSON Lines: a line longer than this is refused (first line) or skipped (later).
    max_line_bytes: int = 10 * 1024 * 1024
    # Text documents: discovery reads at most this many bytes (head + evenly spaced windows); a
    # subject search still reads the whole document, streamed. 128 KiB of text is about 1.5 s of NLP.
    text_budget_bytes: int = 128 * 1024
    # JSON: objects nested deeper than this are refused with one line (Python's parser stops near 1,000).
    json_max_depth: int = 500
    # Workbooks (.xlsx are zip archives): refused before parsing when their parts expand to more
    # than this, or to over 64 MiB at more than ``max_unzip_ratio`` times the file's size (a zip bomb).
    max_unzipped_bytes: int = 2 * 1024 * 1024 * 1024
    max_unzip_ratio: int = 100

    def as_dict(self) -> dict[str, int]:
        return asdict(self)

    @classmethod
    def from_dict(cls, values: dict[str, Any] | None) -> Limits:
        return cls(**{k: int(v) for k, v in (values or {}).items() if k in LIMIT_KEYS})


LIMIT_KEYS: tuple[str, ...] = tuple(f.name for f in fields(Limits))

LIMITS: ContextVar[Limits] = ContextVar("pii_scan_limits", default=Limits())  # noqa: B039 - frozen


def current_limits() -> Limits:
    return LIMITS.get()


@contextmanager
def use_limits(limits: Limits | dict[str, Any] | None) -> Iterator[Limits]:
    """Connectors made inside the block take ``limits`` (a dict: the non-default ones)."""
    if limits is None:
        yield LIMITS.get()
        return
    value = limits if isinstance(limits, Limits) else Limits.from_dict(limits)
    token = LIMITS.set(value)
    try:
        yield value
    finally:
        LIMITS.reset(token)
