"""``find_subject``: every record of one person across sources, and the records linked to them.

1. Match: per table, push loose filters down (``Connector.select``), confirm each returned row exactly.
2. Walk: from the matched rows, follow links (declared, config, inferred) with a depth limit.
   Rows pointing at the subject's rows are the subject's (``linked``) when the link means "of this
   person" (:mod:`pii_scan.subject.shared` decides); rows a matched row points at are context when
   they hold personal data but no person (an address); a row that is another person's record is
   ``third_party`` (key only) and the walk stops there. Shared rows (a store, an inventory item)
   stop the walk; records a member of staff handled are counted with their keys under
   ``third_party`` and never exported. Every stop is explained in ``stopped_at``. Views are
   searched as the view they are, never walked into or out of (their rows are the tables' rows).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
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
from pii_scan.subject.links import Link, LinkGraph, TableRef, as_key
from pii_scan.subject.locate import TableProfile, profile_table
from pii_scan.subject.matching import (
    Request,
    Verdict,
    build_filters,
    confirm_row,
    document_mentions,
)
from pii_scan.subject.records import INFERRED_LINK_FACTOR, SourceStatus, SubjectRecord, SubjectResult, plain
from pii_scan.subject.shared import Decision, Sharedness
from pii_scan.subject.sources import open_sources, parse_identifiers, wanted

__all__ = ["find_subject", "parse_identifiers"]

MAX_DEPTH = 3
EXPAND_ROUNDS = 1


@dataclass
class _Row:
    ref: TableRef
    record: SubjectRecord
    row: dict[str, Any]


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
        self.policy: Sharedness | None = None  # set with the link graph
        self.stopped: dict[tuple[str, str, str], dict[str, Any]] = {}  # (source, table, via) -> stop
        self.handled: dict[tuple[str, str, str], dict[str, Any]] = {}  # staff-handled rows, keys only
        self._handled_seen: dict[int, set[tuple[Any, ...]]] = {}

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
                filters = build_filters(prof, ref.name, req)
                found = self.select(ref, filters)
                rows = [(pos, row, confirm_row(row, prof, ref.name, req)) for pos, row in found]
            except Exception as exc:  # noqa: BLE001 - one table failing must not stop the others
                self.fail(ref.conn, exc, ref.name)
                continue
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

    # -- 2. walking the links -------------------------------------------------------------------
    def walk(self, graph: LinkGraph, start: list[_Row], max_depth: int) -> None:
        frontier = [r for r in start if r.row]
        depth = 0
        while frontier and depth < max_depth:
            nxt: list[_Row] = []
            by_table: dict[TableRef, list[_Row]] = defaultdict(list)
            for item in frontier:
                by_table[item.ref].append(item)
            for ref, items in by_table.items():
                try:
                    for link in graph.into(ref):
                        nxt += self._children(graph, link, items)
                    for link in graph.out_of(ref):
                        self._parents(link, items)
                except Exception as exc:  # noqa: BLE001 - a failed hop marks the source incomplete
                    self.fail(ref.conn, exc, ref.name)
            frontier = nxt
            depth += 1

    def _rows_by_values(self, ref: TableRef, cols: tuple[str, ...], keys: set[tuple[str, ...]]):
        """Rows of ``ref`` whose ``cols`` hold one of ``keys``: pushed down on the first column."""
        first = tuple(sorted({k[0] for k in keys}))
        for pos, row in self.select(ref, [Filter(cols[0], "equals", first)]):
            k = tuple(as_key(row.get(c)) for c in cols)
            if k in keys:
                yield k, row, pos

    def stop(self, link: Link, decision: Decision) -> None:
        """Say where the walk did not go on, and why (``stopped_at`` in the JSON)."""
        source = self.source(link.child.conn)
        self.stopped.setdefault(
            (source, link.child.name, link.describe()),
            {"source": source, "table": link.child.name, "via": link.describe(), "reason": decision.reason,
             "decision": decision.kind},
        )  # fmt: skip

    def _children(self, graph: LinkGraph, link: Link, items: list[_Row]) -> list[_Row]:
        """Rows pointing at the subject's rows: theirs when the link means "of this person"; a
        person's row is a third party; shared rows and rows staff handled stop the walk."""
        parents: dict[tuple[str, ...], _Row] = {}
        for it in items:
            k = tuple(as_key(it.row.get(c)) for c in link.parent_columns)
            if all(k):
                parents.setdefault(k, it)
        child_prof = self.profiles[link.child]
        if not parents or "view" in (child_prof.kind, self.profiles[link.parent].kind):
            return []  # a view's rows are its tables' rows: searched as they are, never walked
        if child_prof.is_person:
            decision = Decision("person", "another person's record: named by key only")
        else:
            assert self.policy is not None
            decision = self.policy.decide(link)
        out = []
        for k, row, pos in self._rows_by_values(link.child, link.child_columns, set(parents)):
            parent = parents[k]
            if decision.kind != "owned":
                self.stop(link, decision)  # only where rows were there to stop at
            if decision.kind == "person":
                self._third_party(link.child, row, parent, link, pos)
            elif decision.kind == "handled":
                self._handled(link, row, pos, decision)
            elif decision.kind == "shared":
                if child_prof.has_personal_data and parent.record.relation == "match":
                    ctx = self._linked(link.child, row, parent, link, pos)
                    ctx.context = True  # shown as context, never walked on from
                    self.add(ctx)
            elif (rec := self.add(self._linked(link.child, row, parent, link, pos))) is not None:
                out.append(_Row(link.child, rec, row))
        return out

    def _handled(self, link: Link, row: dict[str, Any], pos: int | None, decision: Decision) -> None:
        """A record staff handled: another person's, kept as a key (as find shows keys) and counted."""
        source = self.source(link.child.conn)
        entry = self.handled.setdefault(
            (source, link.child.name, link.describe()),
            {"source": source, "table": link.child.name, "via": link.describe(), "reason": decision.reason,
             "count": 0, "keys": []},
        )  # fmt: skip
        key = self.shown_key(link.child, row, pos)
        if key is None:
            key = self.key_of(link.child, row)
        if not self.profiles[link.child].primary_key and "row" not in key:
            key = {c: mask_value(v) for c, v in key.items()}  # a key made of values: never raw
        seen = self._handled_seen.setdefault(id(entry), set())
        mark = tuple(sorted((k, str(v)) for k, v in key.items()))
        if mark not in seen:  # a set: a member of staff may have handled thousands of records
            seen.add(mark)
            entry["keys"].append(key)
            entry["count"] += 1

    def _parents(self, link: Link, items: list[_Row]) -> None:
        """Rows the subject's rows point at: a person's -> third party; else context for matches."""
        parent_prof = self.profiles[link.parent]
        if not parent_prof.is_person and not parent_prof.has_personal_data:
            return
        if "view" in (parent_prof.kind, self.profiles[link.child].kind):
            return  # views are searched as they are, never walked
        children: dict[tuple[str, ...], _Row] = {}
        for it in items:
            if not parent_prof.is_person and it.record.relation != "match":
                continue  # context only one step from the subject's own record
            k = tuple(as_key(it.row.get(c)) for c in link.child_columns)
            if all(k):
                children.setdefault(k, it)
        if not children:
            return
        for k, row, pos in self._rows_by_values(link.parent, link.parent_columns, set(children)):
            child = children[k]
            if parent_prof.is_person:
                self._third_party(link.parent, row, child, link, pos)
            else:
                rec = self._linked(link.parent, row, child, link, pos)
                rec.context = True
                self.add(rec)

    def _via(self, parent: _Row, link: Link) -> list[dict[str, Any]]:
        step = {"table": parent.record.table, "key": parent.record.key, "link": link.describe()}
        return [*parent.record.via, step]

    def _shown_via(self, parent: _Row, link: Link) -> list[dict[str, Any]]:
        """The path as find shows it: every step's key as find shows that record's key."""
        step = {"table": parent.record.table, "key": parent.record.public_key, "link": link.describe()}
        before = parent.record.via if parent.record.shown_via is None else parent.record.shown_via
        return [*before, step]

    def _linked(
        self, ref: TableRef, row: dict[str, Any], parent: _Row, link: Link, pos: int | None = None
    ) -> SubjectRecord:
        factor = INFERRED_LINK_FACTOR if link.kind == "inferred" else 1.0
        return SubjectRecord(
            source=self.source(ref.conn),
            table=ref.name,
            key=self.key_of(ref, row),
            relation="linked",
            via=self._via(parent, link),
            shown_via=self._shown_via(parent, link),
            confidence=parent.record.confidence * factor,
            confirm=parent.record.confirm,
            inferred=parent.record.inferred or link.kind == "inferred",
            data={k: plain(v) for k, v in row.items()},
            shown_key=self.shown_key(ref, row, pos),
        )

    def _third_party(
        self, ref: TableRef, row: dict[str, Any], parent: _Row, link: Link, pos: int | None = None
    ) -> None:
        key = self.key_of(ref, row)
        shown = self.shown_key(ref, row, pos)
        if not self.profiles[ref].primary_key:  # a key made of values: never keep them raw
            key = {c: mask_value(v) for c, v in key.items()} if shown is None or "row" not in shown else shown
        self.add(
            SubjectRecord(
                source=self.source(ref.conn),
                table=ref.name,
                key=key,
                shown_key=shown,
                relation="third_party",
                via=self._via(parent, link),
                shown_via=self._shown_via(parent, link),
                confidence=parent.record.confidence,
                inferred=parent.record.inferred or link.kind == "inferred",
            )
        )


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
    search = _Search(connectors, groups, chunk_rows)
    discovered: dict[TableRef, dict[str, tuple[str, tuple[str, ...]]]] = {}
    try:
        for i, conn in enumerate(connectors):
            search.status[i] = SourceStatus(search.source(i), "searched")
            try:
                tables = conn.tables()
            except Exception as exc:  # noqa: BLE001
                search.fail(i, exc)
                continue
            search.status[i].tables = len(tables)
            for name, reason in conn.unreadable().items():
                if wanted(locations[groups[i]], name):
                    search.fail(i, PiiScanError(f"cannot be read: {reason}"), name)
            for info in tables:
                if not wanted(locations[groups[i]], info.name):
                    continue
                ref = TableRef(i, info.name)
                search.infos[ref] = info
                try:
                    search.profiles[ref] = profile_table(conn, info)
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
        search.policy = Sharedness(
            graph,
            search.profiles,
            shared_tables=tuple(getattr(config, "shared_tables", ()) or ()),
            owned_tables=tuple(getattr(config, "owned_tables", ()) or ()),
        )
        matches = search.match(req)
        matches += expand_identity(search, req, matches, expand)
        search.walk(graph, matches, max_depth)
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
        stopped_at=list(search.stopped.values()),
        third_party=list(search.handled.values()),
    )
