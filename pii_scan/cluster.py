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
    ) -> None:
        super().__init__()
        self.cluster: LocalCluster | None = None
        security = security_from(tls, local=n_local is not None)
        if address and address.startswith(("tls://", "wss://")) and security is None:
            raise ClusterError(
                f"scheduler {mask_url(address)} speaks TLS: set tls_cert and tls_key (and tls_ca_file) "
                "in [inventory] of the configuration"
            )
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
            self.close()
            where = f"scheduler {mask_url(address)}" if address else "the local cluster"
            raise ClusterError(f"{where} cannot be reached: {error_line(err)}") from None
        try:
            self.client.wait_for_workers(1, timeout=timeout)
        except (OSError, TimeoutError):
            self.close()
            raise ClusterError(
                f"scheduler {mask_url(address)}: no worker connected within {timeout:g} s"
            ) from None

    def run(
        self,
        fn: Callable[[Any], Any],
        items: Sequence[Any],
        on_done: OnDone,
        advance: Advance = _nothing,
    ) -> None:
        run = uuid.uuid4().hex[:8]  # keys name the run and the unit's number, never its table or source
        size = batch_size(len(items), len(self.client.scheduler_info().get("workers", {})))
        futures: dict[Any, tuple[tuple[int, ...], bool]] = {}  # future -> (unit numbers, a batch?)
        for start in range(0, len(items), size):
            idx = tuple(range(start, min(start + size, len(items))))
            fut: Any
            if size == 1:
                fut = self.client.submit(call_unit, fn, items[start], retries=RETRIES, pure=False,
                                         key=f"pii-scan-{run}-{start}")  # fmt: skip
            else:
                fut = self.client.submit(call_batch, fn, [items[i] for i in idx], retries=RETRIES,
                                         pure=False, key=f"pii-scan-{run}-b{start}")  # fmt: skip
            futures[fut] = (idx, size > 1)
        pending = as_completed(futures, loop=self.client.loop)
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
                    again = self.client.submit(call_unit, fn, items[i], retries=RETRIES, pure=False,
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

    def close(self) -> None:
        client = getattr(self, "client", None)
        if client is not None:
            client.close()
        if self.cluster is not None:
            self.cluster.close()
            self.cluster = None
