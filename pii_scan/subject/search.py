"""``find_subject``: every record of one person across sources, and the records linked to them.

1. Match: per table, push loose filters down (``Connector.select``), confirm each returned row exactly.
2. Walk: from the matched rows, follow links (declared, config, inferred) with a depth limit.
   Rows pointing at the subject's rows are the subject's (``linked``) when the link means "of this
   person" (:mod:`pii_scan.subject.shared` decides); rows a matched row points at are context when
   they hold personal data but no person (an address); a row that is another person's record is
   ``third_party`` (key only) and the walk stops there. Shared rows (a store, an inventory item)
   stop the walk; records a member of staff handled are counted with their keys under
   ``third_party`` and never exported. Every stop is explained in ``stopped_at``.

Views and materialized views are searched as the view they are (a matching row is a record of the
view) and never walked into or out of: their rows are their tables' rows. A view that stores nothing
is searched only in the columns its headers name (an email, a phone, a name): its values are not
sampled and its free text is not searched for mentions, since either computes every row of the view
(Pagila's actor_info: 6 s to sample, 9 s to search in PostgreSQL) to find what its tables, searched
themselves, hold. With ``[subject] search_views = false``, such views are not searched at all (named
under the source's ``views_not_searched``); materialized views, stored copies, are searched fully.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

import pandas as pd

from pii_scan.connectors.base import DEFAULT_CHUNK_ROWS, Connector, Filter, TableInfo
from pii_scan.connectors.filebase import FileConnector
from pii_scan.console import track
from pii_scan.errors import PiiScanError
from pii_scan.limits import use_limits
from pii_scan.masking import mask_url, mask_value
from pii_scan.subject.checks import check_config_tables, check_id_targets
from pii_scan.subject.classify import classify_tables, merge_categories
from pii_scan.subject.expand import expand as expand_identity
from pii_scan.subject.identifiers import DEFAULT_REGION, Identifier
from pii_scan.subject.links import LinkGraph, TableRef
from pii_scan.subject.locate import SAMPLE_ROWS, TableProfile, profile_table
from pii_scan.subject.matching import (
    Request,
    Verdict,
    build_filters,
    confirm_row,
    document_mentions,
)
from pii_scan.subject.records import SourceStatus, SubjectRecord, SubjectResult, plain
from pii_scan.subject.shared import Sharedness
from pii_scan.subject.sources import open_sources, parse_identifiers, wanted
from pii_scan.subject.walk import Row as _Row
from pii_scan.subject.walk import Walker

__all__ = ["find_subject", "parse_identifiers"]

MAX_DEPTH = 3
EXPAND_ROUNDS = 1


class _Search:
    def __init__(self, connectors: list[Connector], groups: dict[int, int], chunk_rows: int) -> None:
        self.connectors = connectors
        self.groups = groups
        self.chunk_rows = chunk_rows
        self.infos: dict[TableRef, TableInfo] = {}
        self.profiles: dict[TableRef, TableProfile] = {}
        self.status: dict[int, SourceStatus] = {}
        self.records: dict[tuple[Any, ...], SubjectRecord] = {}
        self.notes: list[str] = []  # what staff should know: identifiers not followed, and why
        # searches a large table in parts (pii_scan.chunks.PartRunner): its confirmed rows, or None
        self.parts: Any = None

    # -- bookkeeping ----------------------------------------------------------------------------
    def source(self, conn: int) -> str:
        return mask_url(self.connectors[conn].display_name)

    def fail(self, conn: int, err: BaseException, table: str | None = None) -> None:
        msg = str(err) if isinstance(err, PiiScanError) else f"{type(err).__name__}: {err}"
        msg = " ".join(msg.split())
        st = self.status[conn]
        if table:
            msg = f"table {table}: {msg}"
            if table not in st.failed_tables:
                st.failed_tables.append(table)
        st.status = "failed"
        st.error = msg if not st.error else f"{st.error}; {msg}"

    def subject_records(self) -> list[SubjectRecord]:
        return [r for r in self.records.values() if r.relation != "third_party"]

    def record_ident(self, ref: TableRef, row: Mapping[str, Any]) -> tuple[Any, ...]:
        key = self.key_of(ref, row)
        return (self.source(ref.conn), ref.name, tuple(sorted((k, str(v)) for k, v in key.items())))

    def describe_key(self, ref: TableRef, row: Mapping[str, Any], pos: int | None = None) -> str:
        """A row by its key as the console may show it (see :meth:`shown_key`)."""
        key = self.shown_key(ref, row, pos)
        key = self.key_of(ref, row) if key is None else key
        return ", ".join(f"{k}={v}" for k, v in key.items())

    def shown_key(self, ref: TableRef, row: Mapping[str, Any], pos: int | None) -> dict[str, Any] | None:
        """The key find shows: None when the primary key holds nothing personal; a personal key
        (an email) masked with the row's position; a row without key by its position in the file."""
        prof = self.profiles[ref]
        pk = prof.primary_key
        if pk and all(c in row for c in pk):
            personal = {c for c in pk if c in prof.roles or prof.categories.get(c, "none") != "none"}
            if not personal:
                return None
            shown: dict[str, Any] = {c: mask_value(row[c]) if c in personal else plain(row[c]) for c in pk}
            if pos is None:
                try:
                    pos = self.connectors[ref.conn].row_position(ref.name, {c: row[c] for c in pk})
                except Exception:  # noqa: BLE001 - the position only helps staff tell rows apart
                    pos = None
            if pos is not None:
                shown["row"] = pos
            return shown
        if pos is not None:
            return {"row": pos}
        return {c: mask_value(v) for c, v in self.key_of(ref, row).items()}

    def key_of(self, ref: TableRef, row: Mapping[str, Any]) -> dict[str, Any]:
        pk = self.profiles[ref].primary_key
        if pk and all(c in row for c in pk):
            return {c: plain(row[c]) for c in pk}
        # no key column: the row's short values identify it
        return {c: plain(v) for c, v in row.items() if not isinstance(v, bytes) and len(str(v)) <= 64}

    def add(self, rec: SubjectRecord) -> SubjectRecord | None:
        """Keep the first record of a row; a row is never both the subject's and a third party's."""
        old = self.records.get(rec.ident)
        if old is None:
            self.records[rec.ident] = rec
            return rec
        if old.confirm and not rec.confirm and rec.relation != "third_party":
            # a mention to confirm that is also reached by a sure link is sure: keep the link
            rec.matched_on = sorted(set(old.matched_on) | set(rec.matched_on))
            self.records[rec.ident] = rec
            return rec
        return None

    def select(self, ref: TableRef, filters: list[Filter]) -> Iterable[tuple[int | None, dict[str, Any]]]:
        """(position, row): files give the row's 1-based position in the file, databases None."""
        if not filters:
            return
        conn = self.connectors[ref.conn]
        positioned = isinstance(conn, FileConnector)
        for chunk in conn.select(ref.name, filters, self.chunk_rows):
            frame: pd.DataFrame = chunk
            positions = [int(i) + 1 for i in frame.index] if positioned else [None] * len(frame)
            yield from zip(positions, frame.to_dict("records"), strict=True)

    # -- 1. matching ----------------------------------------------------------------------------
    def candidates(
        self, req: Request, documents: bool = True
    ) -> Iterator[tuple[TableRef, dict, Verdict, int | None]]:
        """Rows (of every table) holding the request's identifiers, each confirmed exactly."""
        for ref in track(list(self.infos), "searching tables", total=len(self.infos)):
            prof = self.profiles[ref]
            if prof.kind == "document":
                continue
            try:
                pre = None
                if self.parts is not None:  # a large table: in parts, one task each
                    pre = self.parts(self.groups[ref.conn], self.connectors[ref.conn], ref.name, prof, req)
                if pre is not None:
                    rows: list[tuple[int | None, dict, Verdict | None]] = list(pre)
                else:
                    filters = build_filters(prof, ref.name, req)
                    found = self.select(ref, filters)
                    rows = [(pos, row, confirm_row(row, prof, ref.name, req)) for pos, row in found]
            except Exception as exc:  # noqa: BLE001 - one table failing must not stop the others
                self.fail(ref.conn, exc, ref.name)
                continue
            if rows and rows[0][0] is None:  # a database's order is its plan's: in key order instead
                rows.sort(key=lambda r: str(self.key_of(ref, r[1])))
            for pos, row, verdict in rows:
                if verdict is not None:
                    yield ref, row, verdict, pos

    def add_match(self, ref: TableRef, row: dict, verdict: Verdict, pos: int | None = None) -> _Row | None:
        rec = self.add(
            SubjectRecord(
                source=self.source(ref.conn),
                table=ref.name,
                key=self.key_of(ref, row),
                relation="match",
                matched_on=list(verdict.matched_on),
                confidence=verdict.confidence,
                confirm=verdict.confirm,
                data={k: plain(v) for k, v in row.items()},
                shown_key=self.shown_key(ref, row, pos),
            )
        )
        return _Row(ref, rec, row) if rec is not None else None

    def match(self, req: Request) -> list[_Row]:
        found = [r for ref, row, v, p in self.candidates(req) if (r := self.add_match(ref, row, v, p))]
        for ref, prof in self.profiles.items():
            if prof.kind == "document" and ref in self.infos:
                try:
                    found += self._match_document(ref, req)
                except Exception as exc:  # noqa: BLE001
                    self.fail(ref.conn, exc, ref.name)
        return found

    def _match_document(self, ref: TableRef, req: Request) -> list[_Row]:
        out = []
        for line_no, line, kinds in document_mentions(self.connectors[ref.conn], ref.name, req):
            rec = self.add(
                SubjectRecord(
                    source=self.source(ref.conn),
                    table=ref.name,
                    key={"line": line_no},
                    relation="match",
                    matched_on=[f"mention:{k}" for k in kinds],
                    confidence=0.5,
                    confirm=True,
                    data={"line": line_no, "text": line},
                )
            )
            if rec is not None:
                out.append(_Row(ref, rec, {}))
        return out


def find_subject(
    locations: Sequence[Any],
    identifiers: Mapping[str, Iterable[str]] | Sequence[Identifier],
    config: Any = None,
    *,
    max_depth: int = MAX_DEPTH,
    infer_links: str = "auto",
    chunk_rows: int = DEFAULT_CHUNK_ROWS,
    region: str = DEFAULT_REGION,
    expand: int = EXPAND_ROUNDS,
    exhaustive: bool = True,
    classify: bool = False,
    parts: Any = None,
) -> SubjectResult:
    """Every record of one person in ``locations`` (or the config's sources), with linked records.

    ``locations``: paths, globs, directories, database URLs, or the config's SourceConfig objects.
    ``identifiers``: parsed :class:`Identifier` objects or ``{kind: [values]}`` with kinds email, phone,
    national_number, iban, name, birth_date, id (``TABLE.COLUMN=VALUE``). Sources that fail are in
    ``result.sources`` with status ``failed``; the others are searched.

    ``expand``: rounds of searching again with the identifiers of the subject's certain records
    (see :mod:`pii_scan.subject.expand`). ``exhaustive=False`` pushes down only what an index can
    serve (faster on large tables, but a case or notation no index knows is missed). ``classify``:
    field categories from discovery (``scan_connector_table``) on the tables holding the subject's
    records, as the export needs; otherwise from the header dictionary and a small sample.
    ``parts``: searches large tables in parts (``pii_scan.chunks.PartRunner``; every round).
    """
    ids = parse_identifiers(identifiers, region)
    req = Request(tuple(ids))
    if not locations and config is not None:
        locations = list(getattr(config, "sources", []))
    locations = list(locations)
    with use_limits(getattr(config, "limits", None)):  # connectors keep the configured bounds
        connectors, groups, failed = open_sources(locations)
    for conn in connectors:
        conn.options["exhaustive"] = exhaustive  # SQL connectors: complete, or index-served only
        if isinstance(conn, FileConnector):
            conn.one_pass = True  # every round filters the whole file: read it once
    search = _Search(connectors, groups, chunk_rows)
    discovered: dict[TableRef, dict[str, tuple[str, tuple[str, ...]]]] = {}
    search_views = bool(getattr(config, "search_views", True))
    try:
        for i, conn in enumerate(connectors):
            search.status[i] = SourceStatus(search.source(i), "searched")
            try:
                tables = conn.tables()
            except Exception as exc:  # noqa: BLE001
                search.fail(i, exc)
                continue
            search.status[i].tables = len(tables)
            # a view that stores nothing is a query over tables searched themselves: searching it
            # gives their rows again and runs its query (Pagila's actor_info: 15 s a lookup), so
            # [subject] search_views = false leaves such views out
            stores_nothing = set(getattr(conn, "plain_views", ()))
            plain_views = set() if search_views else stores_nothing
            search.status[i].views_not_searched = sorted(
                v for v in plain_views if wanted(locations[groups[i]], v)
            )
            for name, reason in conn.unreadable().items():
                if wanted(locations[groups[i]], name) and name not in plain_views:
                    search.fail(i, PiiScanError(f"cannot be read: {reason}"), name)
            for info in tables:
                if not wanted(locations[groups[i]], info.name) or info.name in plain_views:
                    continue
                ref = TableRef(i, info.name)
                search.infos[ref] = info
                try:
                    # a plain view by its headers only: sampling it computes every row of it
                    sample = 0 if info.name in stores_nothing else SAMPLE_ROWS
                    search.profiles[ref] = profile_table(conn, info, sample)
                except Exception as exc:  # noqa: BLE001
                    search.fail(i, exc, info.name)
                    del search.infos[ref]
        if not failed and all(st.status == "searched" for st in search.status.values()):
            check_id_targets(ids, search.infos.values())
        configured = [getattr(loc, "name", None) for loc in locations]
        graph = LinkGraph.build(
            connectors, search.infos, groups, getattr(config, "links", None) or (), infer=infer_links,
            source_groups={name: i for i, name in enumerate(configured) if name},
        )  # fmt: skip
        if config is not None and not failed and all(s.status == "searched" for s in search.status.values()):
            check_config_tables(config, graph.unresolved, search.infos, locations)
        policy = Sharedness(
            graph,
            search.profiles,
            shared_tables=tuple(getattr(config, "shared_tables", ()) or ()),
            owned_tables=tuple(getattr(config, "owned_tables", ()) or ()),
        )
        walker = Walker(search, graph, policy)
        search.parts = parts
        matches = search.match(req)
        matches += expand_identity(search, req, matches, expand)
        walker.run(matches, max_depth)
        if classify:
            tables = {(r.source, r.table) for r in search.subject_records()}
            held = {ref for ref in search.infos if (search.source(ref.conn), ref.name) in tables}
            discovered = classify_tables(connectors, held, search.notes, getattr(config, "sample", 1000))
        used = sorted(
            {lk.describe() for lk in graph.links if lk.kind != "inferred" or graph.was_confirmed(lk)}
        )
        for i, conn in enumerate(connectors):  # read, but part of it skipped: the answer is incomplete
            reason = conn.partial_reason()
            if reason and i in search.status and search.status[i].status == "searched":
                search.status[i].status, search.status[i].error = "partial", reason
    finally:
        for conn in connectors:
            try:
                conn.close()
            except Exception:  # noqa: BLE001,S110 - closing is best effort
                pass
    categories: dict[str, dict[str, dict[str, str]]] = defaultdict(dict)
    all_categories: dict[str, dict[str, dict[str, list[str]]]] = defaultdict(dict)
    for ref, prof in search.profiles.items():
        main, every = merge_categories(prof.categories, discovered.get(ref))
        categories[search.source(ref.conn)][ref.name] = main
        if ref in discovered:
            all_categories[search.source(ref.conn)][ref.name] = every
    order = {"match": 0, "linked": 1, "third_party": 2}
    records = sorted(
        search.records.values(), key=lambda r: (order[r.relation], r.source, len(r.via), r.table, str(r.key))
    )
    return SubjectResult(
        identifiers=ids,
        records=records,
        sources=failed + [search.status[i] for i in sorted(search.status)],
        categories=dict(categories),
        links=used,
        notes=list(dict.fromkeys(search.notes)),
        field_categories=dict(all_categories),
        stopped_at=list(walker.stopped.values()),
        third_party=list(walker.handled.values()),
    )
