"""Where units of work run: in this process, in a local process pool, or on a Dask cluster.

    with make_executor("local:2") as ex:         # or "", "in-process", "processes:4", "tcp://host:8786"
        ex.run(fn, items, on_done)                 # on_done(index, result, failure) in this process

One interface, three implementations, chosen by a spec (``--scheduler``, ``[inventory] scheduler``):

    "" / "in-process"     every unit here, one after the other (the default)
    "processes:N"         a local pool of N processes (``[inventory] workers = N``)
    "local:N"             a Dask ``LocalCluster`` of N worker processes for this run
    "tcp://HOST:8786"     an existing Dask scheduler (also tls://, ws://, wss://)

Units are plain: a module-level function and a picklable argument, returning a plain result (masked
already: no raw value comes back). Each runs through ``call_unit``, which turns a deliberate error
(``PiiScanError``: a missing table, a refused connection) into a ``Failure`` at once, and lets anything
else raise so that a cluster retries the unit on another worker. Only the caller of ``run`` writes
state or output; workers never do. Dask is imported only when a Dask spec is used (``pii_scan.cluster``).
"""

from __future__ import annotations

import multiprocessing
import os
import re
import socket
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from types import TracebackType
from typing import Any

from pii_scan.errors import ClusterError, PiiScanError
from pii_scan.masking import mask_url

__all__ = [
    "Executor",
    "InProcessExecutor",
    "PoolExecutor",
    "Failure",
    "UnitFailed",
    "EXECUTORS",
    "make_executor",
    "check_spec",
    "call_unit",
    "loads_models",
    "warm_up",
    "error_line",
    "INSTALL_HINT",
]

MIN_TASKS_FOR_POOL = 4  # below this, starting worker processes costs more than it saves
INSTALL_HINT = '--scheduler needs Dask: pip install "pii-scan[dask]"'
DASK_SCHEMES = ("tcp://", "tls://", "ws://", "wss://", "inproc://", "ucx://")
_COUNT = re.compile(r"^(local|processes):([1-9][0-9]*)$")


@dataclass(frozen=True)
class Failure:
    """A unit that did not give a result: the error's type name and a masked one-line message."""

    error: str
    message: str


class UnitFailed(RuntimeError):
    """An unexpected error inside a unit, carried as a masked line (so a cluster may retry it)."""


OnDone = Callable[[int, Any, "Failure | None"], None]
Advance = Callable[[], None]


def _nothing() -> None:
    pass


def error_line(err: BaseException) -> str:
    """One masked line. Our errors are masked at the source; others show only their type and a short,
    URL-masked reason (driver messages do not carry cell values)."""
    if isinstance(err, (PiiScanError, UnitFailed)):
        return " ".join(str(err).split())
    text = " ".join(mask_url(str(err)).split())[:160]
    return f"{type(err).__name__}: {text}" if text else type(err).__name__


# -- the worker side --------------------------------------------------------------------------------

_PROCESS: dict[str, float] = {}


def _worker_name() -> str:
    if "distributed" in sys.modules:  # inside a Dask worker: its address is how the cluster names it
        try:
            from distributed import get_worker

            return str(get_worker().address)
        except (ImportError, ValueError):
            pass
    return f"{socket.gethostname()}:{os.getpid()}"


def _import_models() -> None:
    """Import the NLP stack once per process, timed: part of what a fresh worker pays first."""
    if "imports" not in _PROCESS:
        start = time.perf_counter()
        import pii_scan.models.analyzer  # noqa: F401 - presidio, spaCy

        _PROCESS["imports"] = time.perf_counter() - start


def _model_seconds() -> float:
    """Seconds this process spent importing the NLP stack and loading models (pipelines, lists)."""
    once = sys.modules.get("pii_scan.models._once")
    return _PROCESS.get("imports", 0.0) + (once.load_seconds() if once is not None else 0.0)


def loads_models(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a unit function that needs the models: ``call_unit`` times their import."""
    fn.loads_models = True  # type: ignore[attr-defined]
    return fn


@loads_models
def warm_up(_: Any = None) -> None:
    """What most units load first, loaded ahead (cluster workers run it as they connect): the
    analyzer with its recognizers and the name lists. NER pipelines stay lazy (only free text needs
    them, and which languages is known only from the text)."""
    from pii_scan.models.analyzer import classify_values
    from pii_scan.models.column_classifier import person_like_share

    classify_values(["jan.peeters@example.be", "+32 470 12 34 56", "BE71 0961 2345 6769"])
    person_like_share(["Jan Peeters", "Marie Dubois"])


def call_unit(fn: Callable[[Any], Any], item: Any) -> tuple[Any, Failure | None, tuple[str, float, float]]:
    """Run one unit where it was sent: ``(result, failure, (worker, model load seconds, CPU seconds
    of the worker process so far))``."""
    if getattr(fn, "loads_models", False):
        _import_models()
    try:
        result, failure = fn(item), None
    except PiiScanError as err:  # deliberate and deterministic: another try would fail the same way
        result, failure = None, Failure(type(err).__name__, error_line(err))
    except Exception as err:  # noqa: BLE001 - raised again as a plain, masked error: retried elsewhere
        raise UnitFailed(error_line(err)) from None
    return result, failure, (_worker_name(), round(_model_seconds(), 3), round(time.process_time(), 3))


# -- the executors ----------------------------------------------------------------------------------


class Executor:
    """Runs units; subclasses say where. ``remote``: units leave this machine (no secret in them)."""

    kind = "in-process"
    remote = False

    def __init__(self) -> None:
        self.address: str | None = None
        self.workers: dict[str, dict[str, Any]] = {}

    def run(
        self, fn: Callable[[Any], Any], items: Sequence[Any], on_done: OnDone, advance: Advance = _nothing
    ) -> None:
        for i, item in enumerate(items):
            try:
                result, failure, info = call_unit(fn, item)
                self._record(info)
            except UnitFailed as err:
                result, failure = None, Failure("UnitFailed", str(err))
            on_done(i, result, failure)
            advance()

    def _record(self, info: tuple[str, float, float]) -> None:
        worker, seconds, cpu = info
        stats = self.workers.setdefault(
            worker, {"worker": worker, "tasks": 0, "model_load_seconds": 0.0, "cpu_seconds": 0.0}
        )
        stats["tasks"] += 1
        # both cumulative per process (cpu_seconds: start-up, imports and units; what a cluster costs)
        stats["model_load_seconds"] = max(stats["model_load_seconds"], seconds)
        stats["cpu_seconds"] = max(stats["cpu_seconds"], cpu)

    def summary(self) -> dict[str, Any]:
        """``{kind, scheduler, workers: [{worker, tasks, model_load_seconds, cpu_seconds}]}``."""
        return {
            "kind": self.kind,
            "scheduler": mask_url(self.address) if self.address else None,
            "workers": [self.workers[w] for w in sorted(self.workers)],
        }

    def close(self) -> None:
        pass

    def __enter__(self) -> Executor:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


class InProcessExecutor(Executor):
    """Every unit in this process: no start-up cost, and tests can observe the calls."""


class PoolExecutor(Executor):
    """A local pool of worker processes. Discovery is CPU-bound Python, so threads would share one
    core. Workers start with "forkserver", never by forking this process: forking after the NLP
    libraries started their threads can deadlock."""

    kind = "processes"

    def __init__(self, workers: int) -> None:
        super().__init__()
        self.n = workers

    def run(
        self, fn: Callable[[Any], Any], items: Sequence[Any], on_done: OnDone, advance: Advance = _nothing
    ) -> None:
        if self.n <= 1 or len(items) < MIN_TASKS_FOR_POOL:
            super().run(fn, items, on_done, advance)
            return
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
        with ProcessPoolExecutor(max_workers=min(self.n, len(items)), mp_context=context) as pool:
            futures: dict[Future[Any], int] = {
                pool.submit(call_unit, fn, item): i for i, item in enumerate(items)
            }
            for fut in as_completed(futures):
                try:
                    result, failure, info = fut.result()
                    self._record(info)
                except Exception as err:  # noqa: BLE001 - a crashed worker fails its units, not the run
                    result, failure = None, Failure(type(err).__name__, error_line(err))
                on_done(futures[fut], result, failure)
                advance()


def _dask(spec: str, workers: int, tls: dict[str, str] | None, timeout: float) -> Executor:
    try:
        import distributed  # noqa: F401 - only to say how to install it when it is missing
    except ImportError:
        raise ClusterError(INSTALL_HINT) from None
    from pii_scan.cluster import DaskExecutor

    m = _COUNT.match(spec)
    if m:
        return DaskExecutor(n_local=int(m.group(2)), tls=tls, timeout=timeout, background=True)
    return DaskExecutor(address=spec, tls=tls, timeout=timeout)


# spec prefix -> factory(spec, workers, tls, timeout); explicit, like the connector registry
EXECUTORS: dict[str, Callable[[str, int, dict[str, str] | None, float], Executor]] = {
    "in-process": lambda spec, workers, tls, timeout: InProcessExecutor(),
    "processes": lambda spec, workers, tls, timeout: PoolExecutor(int(spec.split(":", 1)[1])),
    "local": _dask,
    **dict.fromkeys((s.rstrip("/:") for s in DASK_SCHEMES), _dask),
}


def check_spec(spec: str) -> str:
    """The spec, stripped, if it names an executor; ValueError saying what is accepted otherwise."""
    spec = spec.strip()
    if spec in ("", "in-process") or _COUNT.match(spec):
        return spec
    if spec.startswith(DASK_SCHEMES) and len(spec) > spec.index("://") + 3:
        return spec
    raise ValueError(
        f"scheduler {mask_url(spec)!r}: write local:N (a Dask cluster of N processes on this machine), "
        "processes:N, in-process, or a Dask scheduler address such as tcp://HOST:8786"
    )


def make_executor(
    spec: str | None = None, workers: int = 1, tls: dict[str, str] | None = None, timeout: float | None = None
) -> Executor:
    """The executor a spec names (see the module docstring); ``workers`` > 1 without a spec: a pool.

    Raises ClusterError when Dask is needed but missing, or its scheduler cannot be reached within
    ``timeout`` seconds (default ``$PII_SCAN_SCHEDULER_TIMEOUT``, else 10); ValueError for a spec
    that names nothing."""
    spec = check_spec(spec or "")
    if timeout is None:
        timeout = float(os.environ.get("PII_SCAN_SCHEDULER_TIMEOUT") or 10)
    if not spec:
        return PoolExecutor(workers) if workers > 1 else InProcessExecutor()
    prefix = spec.split(":", 1)[0] if not spec.startswith("in-process") else "in-process"
    return EXECUTORS[prefix](spec, workers, tls, timeout)
