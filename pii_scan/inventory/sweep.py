"""One inventory sweep: expand the configured sources into units, skip unchanged ones, run discovery
on the rest in parallel, check retention rules, compare with the previous sweep.

A unit is one table of one connector (a CSV file, a sheet, a database table). Discovery runs per unit
through ``pii_scan.discovery.scan_table`` with plain picklable arguments, so units run in worker
processes (or, later, on Dask workers) without sharing anything.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any

from pii_scan.config import Config, SourceConfig
from pii_scan.errors import PiiScanError
from pii_scan.inventory.state import UnitRecord, keyed_hash
from pii_scan.masking import mask_url

MIN_TASKS_FOR_POOL = 4  # below this, starting workers costs more than it saves

__all__ = ["Task", "SourceOutcome", "expand_sources", "run_tasks", "error_line"]


@dataclass(frozen=True)
class Task:
    """Plain, picklable description of one discovery unit."""

    source: str
    file: str
    table: str
    location: str  # path or URL as scan_table wants it (URL may carry an expanded secret: never stored)
    root: str | None
    sample: int
    limits: dict[str, int] | None = None  # the configuration's [limits], for a worker process


@dataclass
class SourceOutcome:
    name: str
    display: str
    status: str = "ok"  # ok | partial | failed
    error: str | None = None
    units: list[UnitRecord] = field(default_factory=list)  # reused, failed, or waiting for a task
    tasks: list[Task] = field(default_factory=list)
    connectors: dict[str, Any] = field(default_factory=dict)  # file -> open connector (retention)


def error_line(err: BaseException) -> str:
    """One masked line. Our errors are masked at the source; others show only their type and a short,
    URL-masked reason (driver messages do not carry cell values)."""
    if isinstance(err, PiiScanError):
        return " ".join(str(err).split())
    text = " ".join(mask_url(str(err)).split())[:160]
    return f"{type(err).__name__}: {text}" if text else type(err).__name__


def _relative_file(source: SourceConfig, conn: Any) -> str:
    location = conn.location
    if "://" in location and not os.path.exists(location):
        return ""  # a database URL: its tables stand alone
    root = getattr(conn, "root", None) or (source.location if os.path.isdir(source.location) else None)
    if root:
        rel = os.path.relpath(location, root)
        if not rel.startswith(".."):
            return rel.replace(os.sep, "/")
    return os.path.basename(location)


def expand_sources(
    config: Config,
    key: bytes,
    previous: dict[tuple[str, str, str], UnitRecord],
    full: bool,
    signature: dict[str, Any],
) -> list[SourceOutcome]:
    """Open every source, list its units and decide per unit: reuse (unchanged) or scan."""
    from pii_scan.connectors import open_source
    from pii_scan.connectors.filebase import file_fingerprint
    from pii_scan.limits import use_limits

    by_file: dict[tuple[str, str], list[UnitRecord]] = {}
    for unit in previous.values():
        by_file.setdefault((unit.source, unit.file), []).append(unit)

    outcomes = []
    for src in config.sources:
        out = SourceOutcome(src.name, mask_url(src.location))
        outcomes.append(out)
        try:
            with use_limits(config.limits):  # connectors keep them (retention reads them later)
                connectors = open_source(src.location)
        except Exception as err:  # noqa: BLE001 - one failing source must not stop the others
            out.status, out.error = "failed", error_line(err)
            continue
        for conn in connectors:
            file = _relative_file(src, conn)
            if file and not src.selects(file):
                conn.close()
                continue
            out.connectors[file] = conn
            try:
                file_fp = None
                if file and os.path.isfile(conn.location):
                    # the filters are part of it: a changed include/exclude re-lists the file's tables
                    facts = {"file": file_fingerprint(conn.location), "filters": [src.include, src.exclude]}
                    file_fp = keyed_hash(key, {**facts, **signature})
                    old = by_file.get((src.name, file), [])
                    # Shortcut: the file is byte-for-byte unchanged: reuse its units without opening it.
                    if not full and old and all(u.file_fp == file_fp for u in old):
                        for u in old:
                            if src.selects(file, u.table):
                                out.units.append(_reused(u))
                        continue
                for info in conn.tables():
                    if not src.selects(file, info.name):
                        continue
                    _plan_unit(out, src, conn, file, file_fp, info, key, previous, full, signature)
                for name, reason in conn.unreadable().items():  # a broken view is one failed unit
                    if src.selects(file, name):
                        out.units.append(UnitRecord(src.name, file, name, status="failed", error=reason))
            except Exception as err:  # noqa: BLE001 - an unreadable file is one failed unit
                if not file:  # the database itself cannot be read: the source failed
                    out.status, out.error = "failed", error_line(err)
                    continue
                out.units.append(UnitRecord(src.name, file, file, status="failed", error=error_line(err)))
    return outcomes


def _plan_unit(
    out: SourceOutcome,
    src: SourceConfig,
    conn: Any,
    file: str,
    file_fp: str | None,
    info: Any,
    key: bytes,
    previous: dict[tuple[str, str, str], UnitRecord],
    full: bool,
    signature: dict[str, Any],
) -> None:
    unit = UnitRecord(
        source=src.name, file=file, table=info.name, kind=info.kind, row_count=info.row_count,
        row_count_exact=info.row_count_exact, n_columns=len(info.columns), file_fp=file_fp,
    )  # fmt: skip
    try:
        unit.fp = keyed_hash(key, {"table": conn.fingerprint(info.name), **signature})
    except Exception as err:  # noqa: BLE001
        unit.status, unit.error = "failed", error_line(err)
        out.units.append(unit)
        return
    old = previous.get(unit.key)
    if not full and old is not None and old.fp == unit.fp:
        unit.status, unit.results = "reused", old.results
        out.units.append(unit)
        return
    unit.status = "pending"
    out.units.append(unit)
    root = getattr(conn, "root", None)
    limits = conn.limits.as_dict()
    out.tasks.append(Task(src.name, file, info.name, conn.location, root, signature["sample"], limits))


def _reused(old: UnitRecord) -> UnitRecord:
    return UnitRecord(
        source=old.source, file=old.file, table=old.table, kind=old.kind, row_count=old.row_count,
        row_count_exact=old.row_count_exact, n_columns=old.n_columns, file_fp=old.file_fp, fp=old.fp,
        status="reused", results=old.results,
    )  # fmt: skip


# -- running discovery ------------------------------------------------------------------------------


def scan_task(task: Task) -> list[dict[str, Any]]:
    """Discovery of one unit (runs in a worker process): FieldResult dicts, samples already masked."""
    from pii_scan import discovery

    results = discovery.scan_table(
        task.location, task.table, discovery.ScanOptions(sample=task.sample, limits=task.limits), task.root
    )
    return [r.to_dict() for r in results]


def run_tasks(
    tasks: list[Task],
    workers: int,
    on_done: Callable[[Task, list[dict[str, Any]] | None, str | None], None],
    bar: Callable[[], AbstractContextManager[Callable[[], None]]],
    mode: str = "processes",
) -> None:
    """Run every task; ``on_done(task, results, error)`` is called in this process as each ends.

    One worker runs in this process (no start-up cost, and tests can observe the calls). More use a
    process pool: discovery is CPU-bound Python, so threads share one core (``mode="threads"`` is
    kept for measuring, see benchmarks/bench_inventory.py). Workers start with "forkserver", never by
    forking this process: forking after the NLP libraries started their threads can deadlock.
    """
    if workers <= 1 or len(tasks) < MIN_TASKS_FOR_POOL or mode == "serial":
        with bar() as advance:
            for task in tasks:
                try:
                    on_done(task, scan_task(task), None)
                except Exception as err:  # noqa: BLE001
                    on_done(task, None, error_line(err))
                advance()
        return
    pool: Executor
    if mode == "threads":
        pool = ThreadPoolExecutor(max_workers=workers)
    else:
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
        pool = ProcessPoolExecutor(max_workers=min(workers, len(tasks)), mp_context=context)
    with pool, bar() as advance:
        futures: dict[Future[list[dict[str, Any]]], Task] = {pool.submit(scan_task, t): t for t in tasks}
        for fut in as_completed(futures):
            task = futures[fut]
            try:
                on_done(task, fut.result(), None)
            except Exception as err:  # noqa: BLE001
                on_done(task, None, error_line(err))
            advance()
