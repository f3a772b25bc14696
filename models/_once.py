"""Thread-safe, process-wide memoisation of the expensive loaders (name lists, spaCy pipelines, the
analyzer). ``functools.lru_cache`` lets two threads build the same thing at once, and two threads
importing Faker's locale modules at once deadlock; one re-entrant lock serialises the first loads."""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import lru_cache, wraps
from typing import Any, TypeVar, cast, overload

__all__ = ["once"]

F = TypeVar("F", bound=Callable[..., Any])
_LOAD_LOCK = threading.RLock()  # re-entrant: one loader may call another


@overload
def once(fn: F, *, lock: threading.RLock | None = None) -> F: ...


@overload
def once(fn: None = None, *, lock: threading.RLock | None = None) -> Callable[[F], F]: ...


def once(fn: F | None = None, *, lock: threading.RLock | None = None) -> F | Callable[[F], F]:
    """Memoise ``fn`` per argument tuple; the first computation of each runs under a global lock
    (or ``lock``: a loader that runs in the background must not block the others)."""
    if fn is None:
        return lambda f: once(f, lock=lock)
    memo = lru_cache(maxsize=None)(fn)
    done: set[tuple[Any, ...]] = set()
    guard = _LOAD_LOCK if lock is None else lock

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        key = (args, tuple(sorted(kwargs.items())))
        if key in done:  # fast path after the first load: no lock
            return memo(*args, **kwargs)
        with guard:
            result = memo(*args, **kwargs)
            done.add(key)
            return result

    return cast(F, wrapper)
