"""A subject search's large tables in parts, so that one table's scan spreads over the workers.

Discovery reads a sample (about 1,000 rows by rowid or byte offset, however large the table) and a
document within its text budget: its cost does not grow with the table, and splitting it would only
add tasks. A subject search reads the whole table instead (``lower(email) = ...``, digit suffixes,
substrings: an index serves only some), once per round (the request, then each expansion round), so
a table of millions of rows is most of a search's time. Such a table, above ``[inventory] part_rows``
rows by the connector's estimate, is searched in parts where the connector can split it
(``Connector.parts``: integer key ranges in SQL, byte ranges at record starts in delimited files):

    the source's task (``find_subject`` on a worker) meets the table in a round and splits it
    each part is a task of its own (Dask's ``worker_client``: the source's task waits without
    holding its worker's thread): read the part with the round's filters, confirm every row ->
    the subject's confirmed rows only (the raw values a search task returns anyway)
    the source's task joins them in part order (file rows numbered across the parts) and goes on
    as if it had searched the table itself: links, expansion and the package are as without parts.

A part that fails, or that reads differently from the whole file (``PartHits.clean``), makes the
source's task search the table itself: the result never depends on the split. Outside a Dask worker
(``--scheduler in-process``) the parts run one after the other in the same process.
"""

from __future__ import annotations

import sys
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pii_scan.executors import loads_models
from pii_scan.worker_location import on_worker

if TYPE_CHECKING:
    from pii_scan.connectors.base import Connector, Part

__all__ = ["PART_ROWS", "MatchPart", "PartRows", "PartRunner", "match_part", "join_parts"]

PART_ROWS = 10_000_000  # default [inventory] part_rows: smaller tables cost less whole (bench_parts)
Rows = list[tuple[int | None, dict[str, Any], Any]]  # (position in the file | None, row, verdict)


@dataclass(frozen=True)
class MatchPart:
    """One round's search of one part of one table (plain; a URL's password as its ``${VAR}``)."""

    location: str  # the file, or the database URL as the task's source carries it
    root: str | None
    table: str
    part: Part
    profile: Any  # subject.locate.TableProfile: the columns' roles (no values)
    request: Any  # subject.matching.Request: the identifiers searched for
    exhaustive: bool
    chunk_rows: int
    limits: dict[str, int] | None


@dataclass
class PartRows:
    """Confirmed rows of a part (file positions 0-based within it), its row count, and whether it
    was read as the whole file would be."""

    rows: Rows
    n_rows: int
    clean: bool


@loads_models
def match_part(task: MatchPart) -> PartRows:
    """Search one part where it is sent: the round's filters pushed down, every row confirmed."""
    from pii_scan.connectors.filebase import FileConnector
    from pii_scan.discovery import _open
    from pii_scan.limits import use_limits
    from pii_scan.subject.matching import build_filters, confirm_row

    with use_limits(task.limits):
        conn = _open(on_worker(task.location), task.root)
    try:
        conn.options["exhaustive"] = task.exhaustive
        filters = build_filters(task.profile, task.table, task.request)
        if not filters:
            return PartRows([], 0, True)
        hits = conn.select_part(task.table, filters, task.part, task.chunk_rows)
        positioned = isinstance(conn, FileConnector)
        rows: Rows = []
        for frame in hits.frames:
            for i, row in zip(frame.index, frame.to_dict("records"), strict=True):
                verdict = confirm_row(row, task.profile, task.table, task.request)
                if verdict is not None:
                    rows.append((int(i) if positioned else None, row, verdict))
        return PartRows(rows, hits.rows, hits.clean)
    finally:
        conn.close()


def join_parts(found: Sequence[PartRows | None]) -> Rows | None:
    """The table's confirmed rows, parts in order, a file's rows numbered from 1 across them; None
    when a part failed or was not read as the whole would be."""
    if any(g is None or not g.clean for g in found):
        return None
    rows: Rows = []
    before = 0
    for g in found:
        assert g is not None
        rows.extend((None if pos is None else before + pos + 1, row, v) for pos, row, v in g.rows)
        before += g.n_rows
    return rows


class PartRunner:
    """``find_subject(parts=...)``: called per table and round, returns the confirmed rows of a
    table searched in parts, or None (a small table, one the connector cannot split, a failed
    part): the search then reads the table itself."""

    def __init__(self, locations: Sequence[str], part_rows: int) -> None:
        self.locations = list(locations)  # the task's sources as sent (passwords as ${VAR})
        self.part_rows = part_rows
        self.split: dict[tuple[int, str], list[Part] | None] = {}  # planned once per table

    def __call__(self, source: int, conn: Connector, table: str, profile: Any, request: Any) -> Rows | None:
        from pii_scan.connectors.base import DEFAULT_CHUNK_ROWS
        from pii_scan.connectors.registry import is_url

        try:
            parts = self._parts(source, conn, table)
            if not parts:
                return None
            location = self.locations[source] if is_url(conn.location) else conn.location
            tasks = [
                MatchPart(location, getattr(conn, "root", None), table, part, profile, request,
                          bool(conn.options.get("exhaustive", True)), DEFAULT_CHUNK_ROWS,
                          conn.limits.as_dict())
                for part in parts
            ]  # fmt: skip
            return join_parts(_run(tasks))
        except Exception:  # noqa: BLE001 - not split after all: the search reads the table whole
            return None

    def _parts(self, source: int, conn: Connector, table: str) -> list[Part] | None:
        key = (source, table)
        if key not in self.split:
            info = conn.table(table)
            big = info.kind in ("table", "file") and (info.row_count or 0) > self.part_rows
            self.split[key] = conn.parts(table, self.part_rows) if big else None
        return self.split[key]


def _on_dask_worker() -> bool:
    if "distributed" not in sys.modules:
        return False
    from distributed import get_worker

    try:
        get_worker()
    except ValueError:
        return False
    return True


def _run(tasks: list[MatchPart]) -> list[PartRows | None]:
    """Every part as a task of the cluster this runs on (the caller's thread leaves its worker's
    pool while it waits), or one after the other here; a failed part is None."""
    from pii_scan.executors import UnitFailed, call_unit

    if not _on_dask_worker():
        out: list[PartRows | None] = []
        for t in tasks:
            try:
                result, failure, _ = call_unit(match_part, t)
            except UnitFailed:
                out.append(None)
                continue
            out.append(None if failure else result)
        return out
    from distributed import worker_client

    from pii_scan.cluster import RETRIES

    run = uuid.uuid4().hex[:8]  # keys never name the table or the source
    with worker_client() as client:
        futures = [
            client.submit(
                call_unit, match_part, t, retries=RETRIES, pure=False, key=f"pii-scan-part-{run}-{k}"
            )
            for k, t in enumerate(tasks)
        ]
        out = []
        for fut in futures:
            try:
                result, failure, _ = fut.result()
                out.append(None if failure else result)
            except Exception:  # noqa: BLE001 - after its tries: the table is searched whole
                out.append(None)
            finally:
                fut.release()
        return out
