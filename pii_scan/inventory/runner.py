"""``run_inventory``: one sweep from configuration to written register (see the package docstring)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pii_scan import __version__
from pii_scan.config import Config, RetentionRule
from pii_scan.connectors.walk import NOTES
from pii_scan.console import progress
from pii_scan.inventory.diff import compare, is_new_personal, is_new_sensitive
from pii_scan.inventory.overrides import apply_overrides
from pii_scan.inventory.retention import count_expired
from pii_scan.inventory.state import State, UnitRecord, load_key
from pii_scan.inventory.sweep import SourceOutcome, Task, error_line, expand_sources, run_tasks
from pii_scan.inventory.writers import build_document, write_all
from pii_scan.limits import Limits

if TYPE_CHECKING:
    from pii_scan.executors import Executor

__all__ = ["run_inventory", "Inventory", "FAIL_ON"]

FAIL_ON = ("new-personal", "new-sensitive", "retention")


@dataclass
class Inventory:
    document: dict[str, Any]  # the content of inventory.json
    paths: dict[str, str] = field(default_factory=dict)  # format -> written file

    @property
    def partial(self) -> bool:
        return any(s["status"] != "ok" for s in self.document["sources"]) or any(
            r["status"] == "failed" for r in self.document["retention"]
        )

    def triggered(self, conditions: Sequence[str]) -> list[str]:
        """The ``--fail-on`` conditions this sweep meets."""
        changes = self.document["changes"]
        met = {
            "new-personal": any(is_new_personal(c) for c in changes),
            "new-sensitive": any(is_new_sensitive(c) for c in changes),
            "retention": any(r.get("rows_expired", 0) > 0 for r in self.document["retention"]),
        }
        return [c for c in conditions if met[c]]


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def run_inventory(
    config: Config,
    out_dir: str | None = None,
    full: bool = False,
    workers: int | None = None,
    today: dt.date | None = None,
    scheduler: str | None = None,
) -> Inventory:
    """Sweep every configured source, write the register to ``out_dir`` and record the sweep.

    ``scheduler`` (else ``[inventory] scheduler``, else ``workers`` processes) says where discovery
    runs (``pii_scan.executors``); a cluster that cannot be reached raises ClusterError before the
    sweep begins, so nothing is recorded."""
    from pii_scan.executors import make_executor

    with make_executor(scheduler or config.scheduler, workers or config.workers, config.tls) as executor:
        return _sweep(config, out_dir, full, executor, today)


def _sweep(
    config: Config, out_dir: str | None, full: bool, executor: Executor, today: dt.date | None
) -> Inventory:
    started = _now()
    key = load_key(config.key_file, config.state_dir)
    state = State(config.state_dir)
    sweep_id = state.begin(started, __version__, full)
    outcomes: list[SourceOutcome] = []
    try:
        interrupted = state.mark_interrupted(sweep_id)
        for gone in interrupted:  # killed before it could record itself: said once, then kept as such
            NOTES.warning("sweep #%d (started %s) was interrupted: its process is gone; marked so",
                          gone["id"], gone["started_at"])  # fmt: skip
        previous = state.previous(sweep_id)
        signature: dict[str, Any] = {"sample": config.sample, "version": __version__}
        if config.limits != Limits():  # other bounds read other samples: scan again (defaults: as before)
            signature["limits"] = config.limits.as_dict()
        outcomes = expand_sources(config, key, state.latest_good_units(sweep_id), full, signature)
        _discover(outcomes, executor, {s.name: s.password_ref for s in config.sources})
        apply_overrides(outcomes, config.state_dir)  # the officer's corrections (pii-scan serve)
        retention = [_retention(rule, outcomes, today) for rule in config.retention]
        for out in outcomes:
            if out.status != "failed" and any(u.status == "failed" for u in out.units):
                out.status = "partial"
        units = [u for out in outcomes for u in out.units]
        now_sources = {o.name: o.status for o in outcomes}
        changes: list[dict[str, Any]] = []
        if previous is not None:
            # a table that failed last time is compared with its last good reading, if any
            before = state.units_of(previous["id"])
            if any(u.status == "failed" for u in before):  # else no need to read (and parse) them all again
                good = state.latest_good_units(previous["id"] + 1)
                before = [good.get(u.key, u) if u.status == "failed" else u for u in before]
            changes = compare(state.sources_of(previous["id"]), before, now_sources, units)
        finished = _now()
        sweep = {
            "id": sweep_id, "started_at": started, "finished_at": finished, "full": full,
            "units_scanned": sum(u.status == "scanned" for u in units),
            "units_reused": sum(u.status == "reused" for u in units),
            "units_failed": sum(u.status == "failed" for u in units),
            "previous_sweep": previous,
            "interrupted_sweeps": [g["id"] for g in interrupted],  # found still "running", process gone
            "executor": executor.summary(),  # where units ran, per-worker model load time
        }  # fmt: skip
        document = build_document(config, sweep, outcomes, retention, changes)
        paths = write_all(document, out_dir or config.out_dir)
        status = "ok" if all(o.status == "ok" for o in outcomes) else "partial"
        state.finish(sweep_id, finished, status, _source_rows(outcomes), units, retention)
    except BaseException:
        state.abandon(sweep_id)
        raise
    finally:
        for out in outcomes:
            for conn in out.connectors.values():
                conn.close()
        state.close()
    return Inventory(document, paths)


def _discover(outcomes: list[SourceOutcome], executor: Executor, refs: dict[str, str]) -> None:
    pending: dict[tuple[str, str, str], UnitRecord] = {
        u.key: u for out in outcomes for u in out.units if u.status == "pending"
    }
    tasks = [t for out in outcomes for t in out.tasks]

    def done(task: Task, results: list[dict[str, Any]] | None, error: str | None) -> None:
        unit = pending[(task.source, task.file, task.table)]
        if error is None:
            unit.status, unit.results = "scanned", results or []
        else:
            unit.status, unit.error = "failed", error

    @contextmanager
    def bar() -> Iterator[Callable[[], None]]:
        with progress() as p:
            job = p.add_task("discovery", total=len(tasks))
            yield lambda: p.advance(job)

    run_tasks(tasks, executor, done, bar, refs)


def _retention(rule: RetentionRule, outcomes: list[SourceOutcome], today: dt.date | None) -> dict[str, Any]:
    finding: dict[str, Any] = {
        "source": rule.source, "table": rule.table, "column": rule.column, "max_age": rule.max_age,
        "max_age_days": rule.max_age_days, "note": rule.note, "status": "failed", "error": None,
    }  # fmt: skip
    out = next((o for o in outcomes if o.name == rule.source), None)
    if out is None or out.status == "failed":
        finding["error"] = f"source {rule.source!r} could not be read"
        return finding
    matches = [u for u in out.units if rule.table in (u.table, u.file, f"{u.file}:{u.table}")]
    if not matches:
        finding["error"] = f"no table {rule.table!r} in source {rule.source!r}"
        return finding
    unit = matches[0]
    conn = out.connectors.get(unit.file)
    try:
        finding.update(count_expired(conn, unit.table, rule, today))
        finding["status"] = "overdue" if finding["rows_expired"] else "ok"
    except Exception as err:  # noqa: BLE001 - reported as a failed finding, the sweep goes on
        finding["error"] = error_line(err)
    return finding


def _source_rows(outcomes: list[SourceOutcome]) -> list[dict[str, Any]]:
    return [{"name": o.name, "location": o.display, "status": o.status, "error": o.error} for o in outcomes]
