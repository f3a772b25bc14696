"""One inventory sweep: expand the configured sources into units, skip unchanged ones, run discovery
on the rest in parallel, check retention rules, compare with the previous sweep.

A unit is one table of one connector (a CSV file, a sheet, a database table). Discovery runs per unit
through ``pii_scan.discovery.scan_table`` with plain picklable arguments, so units run in worker
processes or on Dask workers (``pii_scan.executors``) without sharing anything.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field, replace
from typing import Any

from pii_scan.config import Config, SourceConfig
from pii_scan.errors import PiiScanError
from pii_scan.executors import Executor, Failure, error_line, loads_models
from pii_scan.inventory.state import UnitRecord, keyed_hash
from pii_scan.masking import mask_url
from pii_scan.worker_location import for_workers

__all__ = ["Task", "SourceOutcome", "expand_sources", "run_tasks", "tasks_for", "scan_task", "error_line"]


@dataclass(frozen=True)
class Task:
    """Plain, picklable description of one discovery unit."""

    source: str
    file: str
    table: str
    location: str  # path or URL as scan_table wants it (URL may carry an expanded secret: never stored;
    # for a cluster, tasks_for puts the password's ${VAR} reference back)
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


@loads_models
def scan_task(task: Task) -> list[dict[str, Any]]:
    """Discovery of one unit (runs where the executor sends it): FieldResult dicts, samples masked.
    A URL's ``${VAR}`` password is expanded here, from this worker's environment."""
    from pii_scan import discovery
    from pii_scan.worker_location import on_worker

    results = discovery.scan_table(
        on_worker(task.location), task.table, discovery.ScanOptions(sample=task.sample, limits=task.limits),
        task.root,
    )
    return [r.to_dict() for r in results]


def tasks_for(executor: Executor, tasks: list[Task], refs: dict[str, str]) -> list[Task | Failure]:
    """The tasks as they are sent: for a cluster, a URL's password becomes its ``${VAR}`` reference
    (``refs``: source -> reference); a unit that would carry a password is a Failure instead."""
    if not executor.remote:
        return list(tasks)
    out: list[Task | Failure] = []
    for t in tasks:
        try:
            out.append(replace(t, location=for_workers(t.location, refs.get(t.source, ""))))
        except PiiScanError as err:
            out.append(Failure(type(err).__name__, error_line(err)))
    return out


def run_tasks(
    tasks: list[Task],
    executor: Executor,
    on_done: Callable[[Task, list[dict[str, Any]] | None, str | None], None],
    bar: Callable[[], AbstractContextManager[Callable[[], None]]],
    refs: dict[str, str] | None = None,
) -> None:
    """Run every task on ``executor``; ``on_done(task, results, error)`` is called in this process as
    each ends (only this process writes state and register)."""
    sent = tasks_for(executor, tasks, refs or {})
    runnable = [i for i, t in enumerate(sent) if isinstance(t, Task)]
    with bar() as advance:
        for task, item in zip(tasks, sent, strict=True):
            if isinstance(item, Failure):
                on_done(task, None, item.message)
                advance()

        def done(i: int, result: Any, failure: Failure | None) -> None:
            on_done(tasks[runnable[i]], result, failure.message if failure else None)

        executor.run(scan_task, [sent[i] for i in runnable], done, advance)
