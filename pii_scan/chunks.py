"""A subject search's large tables in parts, so that one table's scan spreads over the workers.

Discovery reads a sample (about 1,000 rows by rowid or byte offset, however large the table): its
cost does not grow with the table, and splitting it would only add tasks. A subject search reads
the whole table instead (its filters: ``lower(email) = ...``, digit suffixes, substrings; an index
serves only some), so a table of millions of rows is most of a search's time. Such a table, above
``[inventory] part_rows`` rows by the connector's estimate, is split where the connector can
(``Connector.parts``: integer key ranges in SQL, byte ranges of delimited files), one task per part:

    the client plans the parts (catalog, min/max of the key, a pass counting quotes in a file)
    each part task: profile the table as the search does, build its filters, read the part, confirm
    its rows -> the subject's confirmed rows (the only raw values that travel, as in a search task)
    the client joins them in part order (file positions shifted by the rows of the parts before)
    the source's own task then runs ``find_subject`` with those rows in place of the first round's
    search of that table: links, expansion rounds and the package are as without parts.

A part that fails or reads differently from the whole (``PartHits.clean``) leaves its table to the
source's task, searched whole: the result never depends on the split.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from pii_scan.executors import loads_models
from pii_scan.worker_location import on_worker

if TYPE_CHECKING:
    from pii_scan.connectors.base import Part
    from pii_scan.executors import Executor, Failure
    from pii_scan.units import SubjectUnit

__all__ = ["PART_ROWS", "MatchPart", "PartRows", "match_part", "plan_parts", "run_subject_units"]

PART_ROWS = 1_000_000  # default [inventory] part_rows: a table larger than this is searched in parts
MIN_ROW_BYTES = 4  # a file smaller than part_rows * this cannot hold part_rows rows: not opened


@dataclass(frozen=True)
class MatchPart:
    """One part of one table of one source of a ``SubjectUnit`` (plain, no password: ``${VAR}``)."""

    unit: int  # index of the SubjectUnit
    source: int  # index of the source within the unit
    location: str  # the file, or the database URL as the unit carries it
    root: str | None
    table: str
    part: Part
    number: int  # of the part within the table
    identifiers: tuple[Any, ...]
    exhaustive: bool
    chunk_rows: int
    limits: dict[str, int] | None


@dataclass
class PartRows:
    """What a part task found: confirmed rows ``(position in part | None, row, verdict)``."""

    rows: list[tuple[int | None, dict[str, Any], Any]]
    n_rows: int
    clean: bool


@loads_models
def match_part(task: MatchPart) -> PartRows:
    """The first round of ``find_subject`` on one part of one table, where it is sent."""
    from pii_scan.connectors.base import DEFAULT_CHUNK_ROWS
    from pii_scan.connectors.filebase import FileConnector
    from pii_scan.discovery import _open
    from pii_scan.limits import use_limits
    from pii_scan.subject.locate import profile_table
    from pii_scan.subject.matching import Request, build_filters, confirm_row

    with use_limits(task.limits):
        conn = _open(on_worker(task.location), task.root)
    try:
        conn.options["exhaustive"] = task.exhaustive
        info = conn.table(task.table)
        prof = profile_table(conn, info)  # seeded sample: the profile the source's task makes
        req = Request(tuple(task.identifiers))
        filters = build_filters(prof, task.table, req)
        if not filters:
            return PartRows([], 0, True)
        hits = conn.select_part(task.table, filters, task.part, task.chunk_rows or DEFAULT_CHUNK_ROWS)
        positioned = isinstance(conn, FileConnector)
        rows: list[tuple[int | None, dict[str, Any], Any]] = []
        for frame in hits.frames:
            for i, row in zip(frame.index, frame.to_dict("records"), strict=True):
                verdict = confirm_row(row, prof, task.table, req)
                if verdict is not None:
                    rows.append((int(i) if positioned else None, row, verdict))
        return PartRows(rows, hits.rows, hits.clean)
    finally:
        conn.close()


def plan_parts(units: Sequence[SubjectUnit], part_rows: int, limits: Any = None) -> list[MatchPart]:
    """The parts of every table above ``part_rows`` rows in the units' sources (opened here)."""
    from pii_scan.connectors.base import DEFAULT_CHUNK_ROWS
    from pii_scan.connectors.filebase import FileConnector
    from pii_scan.connectors.registry import is_url, open_source
    from pii_scan.limits import use_limits
    from pii_scan.subject.sources import wanted

    out: list[MatchPart] = []
    for u, unit in enumerate(units):
        opts = unit.options
        for s, src in enumerate(unit.sources):
            where = str(getattr(src, "location", src))
            try:
                with use_limits(limits):
                    conns = open_source(on_worker(where))
            except Exception:  # noqa: BLE001,S112 - the source's own task reports it
                continue
            for conn in conns:
                try:
                    file = isinstance(conn, FileConnector)
                    if file and os.path.getsize(conn.location) < part_rows * MIN_ROW_BYTES:
                        continue
                    for info in conn.tables():
                        if info.kind not in ("table", "file") or not wanted(src, info.name):
                            continue
                        if info.row_count is None or info.row_count <= part_rows:
                            continue
                        for k, part in enumerate(conn.parts(info.name, part_rows) or ()):
                            out.append(MatchPart(
                                u, s, where if is_url(conn.location) else conn.location,
                                getattr(conn, "root", None), info.name, part, k, tuple(unit.identifiers),
                                bool(opts.get("exhaustive", True)),
                                int(opts.get("chunk_rows") or DEFAULT_CHUNK_ROWS), conn.limits.as_dict(),
                            ))  # fmt: skip
                except Exception:  # noqa: BLE001,S112 - not split: the source's task searches it
                    continue
                finally:
                    conn.close()
    return out


@loads_models
def subject_task(item: Any) -> Any:
    """One task of a search on the cluster: a part of a table, or a unit of sources."""
    from pii_scan.units import subject_unit

    return match_part(item) if isinstance(item, MatchPart) else subject_unit(item)


def join_parts(
    parts: Sequence[MatchPart], found: dict[int, PartRows | None]
) -> dict[int, dict[tuple[int, str], list[tuple[int | None, dict[str, Any], Any]]]]:
    """unit -> (source, table) -> the table's confirmed rows, parts joined in order; a table with a
    failed or unclean part is left out (its source's task searches it whole)."""
    tables: dict[tuple[int, int, str], list[int]] = {}
    for i, p in enumerate(parts):
        tables.setdefault((p.unit, p.source, p.table), []).append(i)
    out: dict[int, dict[tuple[int, str], list[tuple[int | None, dict[str, Any], Any]]]] = {}
    for (u, s, table), idx in tables.items():
        got = [found.get(i) for i in sorted(idx, key=lambda i: parts[i].number)]
        if any(g is None or not g.clean for g in got):
            continue
        rows: list[tuple[int | None, dict[str, Any], Any]] = []
        before = 0
        for g in got:
            assert g is not None
            # a file's row is named by its 1-based position in the whole file
            rows.extend((None if pos is None else before + pos + 1, row, v) for pos, row, v in g.rows)
            before += g.n_rows
        out.setdefault(u, {})[(s, table)] = rows
    return out


def run_subject_units(
    executor: Executor, units: list[SubjectUnit], part_rows: int, limits: Any, advance: Any
) -> tuple[list[Any], dict[int, Failure]]:
    """Results and failures of ``units`` (``subject_unit``), their large tables searched in parts
    first; units with no part run beside the parts."""
    parts = plan_parts(units, part_rows, limits) if part_rows > 0 else []
    waiting = sorted({p.unit for p in parts})
    first: list[Any] = [*parts, *(unit for u, unit in enumerate(units) if u not in set(waiting))]
    alone = [u for u in range(len(units)) if u not in set(waiting)]
    results: list[Any] = [None] * len(units)
    failures: dict[int, Failure] = {}
    found: dict[int, PartRows | None] = {}

    def done_first(i: int, result: Any, failure: Failure | None) -> None:
        if i < len(parts):
            found[i] = result if failure is None else None
            return
        u = alone[i - len(parts)]
        if failure is not None:
            failures[u] = failure
        results[u] = result

    if first:
        executor.run(subject_task, first, done_first, advance)
    joined = join_parts(parts, found)
    second = [replace(units[u], prematched=joined.get(u) or None) for u in waiting]

    def done_second(i: int, result: Any, failure: Failure | None) -> None:
        if failure is not None:
            failures[waiting[i]] = failure
        results[waiting[i]] = result

    if second:
        executor.run(subject_task, second, done_second, advance)
    return results, failures
