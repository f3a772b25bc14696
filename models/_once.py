"""Thread-safe, process-wide memoisation of the expensive loaders (name lists, spaCy pipelines, the
analyzer). ``functools.lru_cache`` lets two threads build the same thing at once, and two threads
importing Faker's locale modules at once deadlock; one re-entrant lock serialises the first loads."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from functools import lru_cache, wraps
from typing import Any, TypeVar, cast

__all__ = ["once", "load_seconds"]

F = TypeVar("F", bound=Callable[..., Any])
_LOAD_LOCK = threading.RLock()  # re-entrant: one loader may call another
_LOADING = [0, 0.0]  # nesting depth of first loads, seconds spent in outermost first loads


def load_seconds() -> float:
    """Seconds this process spent in first loads (pipelines, name lists, the analyzer): the cost a new
    worker pays once, reported per worker by cluster sweeps."""
    return _LOADING[1]


def once(fn: F) -> F:
    """Memoise ``fn`` per argument tuple; the first computation of each runs under a global lock."""
    memo = lru_cache(maxsize=None)(fn)
    done: set[tuple[Any, ...]] = set()

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        key = (args, tuple(sorted(kwargs.items())))
        if key in done:  # fast path after the first load: no lock
            return memo(*args, **kwargs)
        with _LOAD_LOCK:
            start = time.perf_counter()
            _LOADING[0] += 1
            try:
                result = memo(*args, **kwargs)
            finally:
                _LOADING[0] -= 1
                if _LOADING[0] == 0 and key not in done:  # nested loads count once, in the outermost
                    _LOADING[1] += time.perf_counter() - start
            done.add(key)
            return result

    return cast(F, wrapper)
