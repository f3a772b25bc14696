"""Console output: tables and progress on a terminal, silence when piped or ``--quiet``."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

__all__ = [
    "stdout", "stderr", "set_quiet", "is_quiet", "progress", "track", "NoteHandler", "PROGRESS_LISTENER"
]  # fmt: skip

# markup off: table cells and messages carry data (column names, values, paths) that must print as
# they are; the few coloured lines ask for markup explicitly and escape what they interpolate.
stdout = Console(highlight=False, soft_wrap=True, markup=False)
stderr = Console(stderr=True, highlight=False, soft_wrap=True, markup=False)
_quiet = False

T = TypeVar("T")


def set_quiet(value: bool) -> None:
    global _quiet
    _quiet = value


def is_quiet() -> bool:
    """Quiet when asked, or when stderr is not a terminal (cron, pipes, tests)."""
    return _quiet or not sys.stderr.isatty()


@contextmanager
def progress() -> Iterator[Progress]:
    p = Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=stderr,
        transient=True,
        disable=is_quiet(),
    )
    with p:
        yield p


# Where a background job (the workplace's search thread) hears of progress: (description, done, total).
PROGRESS_LISTENER: ContextVar[Callable[[str, int, int | None], None] | None] = ContextVar(
    "PROGRESS_LISTENER", default=None
)


def track(items: Iterable[T], description: str, total: int | None = None) -> Iterator[T]:
    listener = PROGRESS_LISTENER.get()
    with progress() as p:
        task = p.add_task(description, total=total)
        for done, item in enumerate(items):
            if listener is not None:
                listener(description, done, total)
            yield item
            p.advance(task)


class NoteHandler(logging.Handler):
    """Prints each note (e.g. a skipped FIFO) as one ``note:`` line on stderr, unless ``--quiet``."""

    def emit(self, record: logging.LogRecord) -> None:
        if _quiet:
            return
        text = " ".join(record.getMessage().split())
        stderr.print(f"note: {text}", markup=False, highlight=False)
