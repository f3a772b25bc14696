"""The Dask executor: units of work on a ``distributed`` cluster (imported only when one is asked for).

``DaskExecutor(address="tcp://host:8786")`` connects to a running scheduler; ``DaskExecutor(n_local=2)``
starts a ``LocalCluster`` of two single-threaded worker processes for one run and stops it after.

What travels: each task is a module-level function of pii-scan (pickled by name: workers need pii-scan
installed) and one plain unit (a location with any password as its ``${VAR}`` reference, a table name,
the sample size); each result is masked field results. Workers open the sources themselves, so they
need the same paths (a shared mount) and database hosts as the client. Models load once per worker
process (a per-process cache) and never travel.

Faults: a worker that dies loses its units to the others (the scheduler reschedules them); a unit
that raises an unexpected error is tried ``RETRIES`` more times, then reported failed; a unit whose
workers keep dying is reported failed (``KilledWorker``) after Dask's ``allowed-failures``.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable, Sequence
from typing import Any

from distributed import Client, LocalCluster, as_completed
from distributed.security import Security

from pii_scan.errors import ClusterError
from pii_scan.executors import (
    Advance,
    Executor,
    Failure,
    OnDone,
    UnitFailed,
    _nothing,
    call_unit,
    error_line,
    warm_up,
)
from pii_scan.masking import mask_url

__all__ = ["DaskExecutor", "security_from", "RETRIES"]

RETRIES = 2  # an unexpected error gets two more tries, on whichever workers are free
BATCH_MAX = 16  # units per task at most: a thousand small files are a few dozen tasks, not a thousand


def call_batch(fn: Callable[[Any], Any], items: Sequence[Any]) -> list[tuple[str, Any]]:
    """Several units in one task (the scheduler's cost per task dwarfs a small file's scan). A unit
    that fails unexpectedly comes back as ``("retry", ...)`` and is sent again on its own, with the
    usual retries, so one bad unit never fails its neighbours."""
    out: list[tuple[str, Any]] = []
    for item in items:
        try:
            out.append(("ok", call_unit(fn, item)))
        except UnitFailed as err:
            out.append(("retry", str(err)))
    return out


def batch_size(n_items: int, n_workers: int) -> int:
    """Units per task: about four tasks per worker and round, at most ``BATCH_MAX``; 1 for few units."""
    return max(1, min(BATCH_MAX, n_items // (4 * max(1, n_workers))))


def security_from(tls: dict[str, str] | None, local: bool = False) -> Security | None:
    """``[inventory] tls_ca_file/tls_cert/tls_key`` as Dask's ``Security`` (TLS required). A local
    cluster's scheduler and workers use the same certificate as the client."""
    if not tls:
        return None
    roles = ("client", "scheduler", "worker") if local else ("client",)
    kwargs: dict[str, Any] = {"tls_ca_file": tls.get("tls_ca_file"), "require_encryption": True}
    for role in roles:
        kwargs[f"tls_{role}_cert"] = tls["tls_cert"]
        kwargs[f"tls_{role}_key"] = tls["tls_key"]
    return Security(**kwargs)


class DaskExecutor(Executor):
    kind = "dask"
    remote = True

    def __init__(
        self,
        address: str | None = None,
        n_local: int | None = None,
        tls: dict[str, str] | None = None,
        timeout: float = 10.0,
        background: bool = False,
    ) -> None:
        super().__init__()
        self.cluster: LocalCluster | None = None
        self.client: Client | None = None
        self._warm: list[Any] = []
        self._error: ClusterError | None = None
        security = security_from(tls, local=n_local is not None)
        if address and address.startswith(("tls://", "wss://")) and security is None:
            raise ClusterError(
                f"scheduler {mask_url(address)} speaks TLS: set tls_cert and tls_key (and tls_ca_file) "
                "in [inventory] of the configuration"
            )
        self.address = address
        args = (n_local, security, timeout)
        self._starting: threading.Thread | None = None
        if n_local is not None and background:
            # the workers start (and load their models) while the client lists the sources
            self._starting = threading.Thread(target=self._start_safely, args=args, daemon=True)
            self._starting.start()
        else:
            self._start(*args)

    @property
    def address(self) -> str | None:
        """The scheduler's address: known once the cluster started (waits for a local one)."""
        starting = getattr(self, "_starting", None)
        if starting is not None and starting is not threading.current_thread():
            starting.join()
        return getattr(self, "_address", None)

    @address.setter
    def address(self, value: str | None) -> None:
        self._address = value

    def _start_safely(self, n_local: int | None, security: Security | None, timeout: float) -> None:
        try:
            self._start(n_local, security, timeout)
        except ClusterError as err:
            self._error = err
        except Exception as err:  # noqa: BLE001 - said when the executor is first used
            self._error = ClusterError(f"the local cluster cannot start: {error_line(err)}")

    def _start(self, n_local: int | None, security: Security | None, timeout: float) -> None:
        address = self.address
        try:
            if n_local is not None:
                # one thread per worker: discovery is CPU-bound Python, threads would share one core
                self.cluster = LocalCluster(
                    n_workers=n_local, threads_per_worker=1, processes=True, dashboard_address=None,
                    silence_logs=logging.ERROR, security=security,
                    protocol="tls://" if security else None,
                )  # fmt: skip
                address = self.cluster.scheduler_address
            assert address is not None
            self.address = address
            self.client = Client(address, timeout=f"{timeout}s", security=security, set_as_default=False)
        except (OSError, TimeoutError) as err:
            self._shutdown()
            where = f"scheduler {mask_url(address)}" if address else "the local cluster"
            raise ClusterError(f"{where} cannot be reached: {error_line(err)}") from None
        try:
            self.client.wait_for_workers(1, timeout=timeout)
        except (OSError, TimeoutError):
            self._shutdown()
            raise ClusterError(
                f"scheduler {mask_url(address)}: no worker connected within {timeout:g} s"
            ) from None
        self._warm_up()

    def _warm_up(self) -> None:
        """One task per connected worker loading the models, sent now: a worker loads them while
        the client still lists the sources, instead of in its first unit."""
        assert self.client is not None
        run = uuid.uuid4().hex[:8]
        for i, worker in enumerate(sorted(self.client.scheduler_info().get("workers", {}))):
            fut = self.client.submit(call_unit, warm_up, None, workers=[worker], allow_other_workers=True,
                                     pure=False, key=f"pii-scan-warm-{run}-{i}")  # fmt: skip
            self._warm.append(fut)

    def _ready(self) -> Client:
        if self._starting is not None:
            self._starting.join()
            self._starting = None
        if self._error is not None:
            raise self._error
        assert self.client is not None
        return self.client

    def run(
        self,
        fn: Callable[[Any], Any],
        items: Sequence[Any],
        on_done: OnDone,
        advance: Advance = _nothing,
    ) -> None:
        client = self._ready()
        run = uuid.uuid4().hex[:8]  # keys name the run and the unit's number, never its table or source
        size = batch_size(len(items), len(client.scheduler_info().get("workers", {})))
        futures: dict[Any, tuple[tuple[int, ...], bool]] = {}  # future -> (unit numbers, a batch?)
        for start in range(0, len(items), size):
            idx = tuple(range(start, min(start + size, len(items))))
            fut: Any
            if size == 1:
                fut = client.submit(call_unit, fn, items[start], retries=RETRIES, pure=False,
                                         key=f"pii-scan-{run}-{start}")  # fmt: skip
            else:
                fut = client.submit(call_batch, fn, [items[i] for i in idx], retries=RETRIES,
                                         pure=False, key=f"pii-scan-{run}-b{start}")  # fmt: skip
            futures[fut] = (idx, size > 1)
        pending = as_completed(futures, loop=client.loop)
        for fut in pending:
            idx, batched = futures[fut]
            try:
                answers = fut.result() if batched else [("ok", fut.result())]
            except Exception as err:  # noqa: BLE001 - after every try: these units failed, the rest go on
                name = type(err).__name__
                msg = "its workers died while running it" if name == "KilledWorker" else error_line(err)
                answers = [("failed", Failure(name, msg))] * len(idx)
            finally:
                fut.release()
            for i, (kind, answer) in zip(idx, answers, strict=True):
                if kind == "retry":  # on its own now, with the usual retries
                    again = client.submit(call_unit, fn, items[i], retries=RETRIES, pure=False,
                                               key=f"pii-scan-{run}-{i}")  # fmt: skip
                    futures[again] = ((i,), False)
                    pending.add(again)
                    continue
                if kind == "failed":
                    result, failure = None, answer
                else:
                    result, failure, info = answer
                    self._record(info)
                on_done(i, result, failure)
                advance()

    def summary(self) -> dict[str, Any]:
        if self._starting is not None or self._error is not None:
            try:
                self._ready()
            except ClusterError:
                pass
        return super().summary()

    def close(self) -> None:
        if self._starting is not None:
            self._starting.join()
            self._starting = None
        self._shutdown()

    def _shutdown(self) -> None:
        for fut in self._warm:
            fut.release()
        self._warm = []
        client = self.client
        if client is not None:
            client.close()
            self.client = None
        if self.cluster is not None:
            self.cluster.close()
            self.cluster = None
