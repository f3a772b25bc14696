"""The walk from the subject's rows along the links (see :mod:`pii_scan.subject.search`, step 2).

Rows pointing at the subject's rows are theirs (``linked``) when the link means "of this person"
(:class:`~pii_scan.subject.shared.Sharedness` decides); a person's row is a ``third_party`` (key
only); shared rows and rows staff handled stop the walk, each stop explained in ``stopped``; rows
the subject's matched rows point at are context when they hold personal data but no person.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pii_scan.connectors.base import Filter
from pii_scan.masking import mask_value
from pii_scan.subject.links import Link, LinkGraph, TableRef, as_key
from pii_scan.subject.records import INFERRED_LINK_FACTOR, SubjectRecord, plain
from pii_scan.subject.shared import Decision, Sharedness

if TYPE_CHECKING:
    from pii_scan.subject.search import _Search

__all__ = ["Row", "Walker"]


@dataclass
class Row:
    """A row of the search: its table, its record, and its values (empty for a document line)."""

    ref: TableRef
    record: SubjectRecord
    row: dict[str, Any]


class Walker:
    """One walk over ``graph`` for ``search``; ``stopped`` and ``handled`` are plain dicts for the JSON."""

    def __init__(self, search: _Search, graph: LinkGraph, policy: Sharedness) -> None:
        self.search = search
        self.graph = graph
        self.policy = policy
        self.stopped: dict[tuple[str, str, str], dict[str, Any]] = {}  # (source, table, via) -> stop
        # other people's rows reached: staff-handled ("handled") or pointing at another person
        # ("other_person"); keys only
        self.handled: dict[tuple[str, str, str, str], dict[str, Any]] = {}
        self._handled_seen: dict[int, set[tuple[Any, ...]]] = {}

    def run(self, start: list[Row], max_depth: int) -> None:
        """From the subject's rows, ``max_depth`` hops of links."""
        graph = self.graph
        frontier = [r for r in start if r.row]
        depth = 0
        while frontier and depth < max_depth:
            nxt: list[Row] = []
            by_table: dict[TableRef, list[Row]] = defaultdict(list)
            for item in frontier:
                by_table[item.ref].append(item)
            for ref, items in by_table.items():
                try:
                    for link in graph.into(ref):
                        nxt += self._children(link, items)
                    for link in graph.out_of(ref):
                        self._parents(link, items)
                except Exception as exc:  # noqa: BLE001 - a failed hop marks the source incomplete
                    self.search.fail(ref.conn, exc, ref.name)
            frontier = nxt
            depth += 1

    def _rows_by_values(
        self, ref: TableRef, cols: tuple[str, ...], keys: set[tuple[str, ...]]
    ) -> Iterator[tuple[tuple[str, ...], dict[str, Any], int | None]]:
        """Rows of ``ref`` whose ``cols`` hold one of ``keys``: pushed down on the first column."""
        first = tuple(sorted({k[0] for k in keys}))
        for pos, row in self.search.select(ref, [Filter(cols[0], "equals", first)]):
            k = tuple(as_key(row.get(c)) for c in cols)
            if k in keys:
                yield k, row, pos

    def stop(self, link: Link, decision: Decision) -> None:
        """Say where the walk did not go on, and why (``stopped_at`` in the JSON)."""
        source = self.search.source(link.child.conn)
        self.stopped.setdefault(
            (source, link.child.name, link.describe()),
            {"source": source, "table": link.child.name, "via": link.describe(), "reason": decision.reason,
             "decision": decision.kind},
        )  # fmt: skip

    def _children(self, link: Link, items: list[Row]) -> list[Row]:
        """Rows pointing at the subject's rows: theirs when the link means "of this person"; a
        person's row is a third party; shared rows and rows staff handled stop the walk."""
        parents: dict[tuple[str, ...], Row] = {}
        for it in items:
            k = tuple(as_key(it.row.get(c)) for c in link.parent_columns)
            if all(k):
                parents.setdefault(k, it)
        child_prof = self.search.profiles[link.child]
        if not parents or "view" in (child_prof.kind, self.search.profiles[link.parent].kind):
            return []  # a view's rows are its tables' rows: searched as they are, never walked
        if child_prof.is_person:
            decision = Decision("person", "another person's record: named by key only")
        else:
            decision = self.policy.decide(link)
        others = self._person_keys(link) if decision.kind == "owned" else []
        out = []
        for k, row, pos in self._rows_by_values(link.child, link.child_columns, set(parents)):
            parent = parents[k]
            if (whose := self._other_persons(row, others)) is not None:
                # a payment of the subject's rental made by another customer: that customer's record
                decision_here = Decision(
                    "other_person", f"points at another person's row ({whose.describe()})"
                )
                self.stop(link, decision_here)
                self._handled(link, row, pos, decision_here)
                continue
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
                    self.search.add(ctx)
            elif (rec := self.search.add(self._linked(link.child, row, parent, link, pos))) is not None:
                out.append(Row(link.child, rec, row))
        return out

    def _person_keys(self, link: Link) -> list[tuple[Link, set[tuple[str, ...]]]]:
        """Other links of ``link.child`` to customer-like person tables where the subject has
        matched rows, with the keys of those rows."""
        out = []
        for lk in self.graph.out_of(link.child):
            prof = self.search.profiles.get(lk.parent)
            if lk == link or prof is None or not prof.is_person or prof.is_agent:
                continue
            mine = {
                tuple(as_key((r.data or {}).get(c)) for c in lk.parent_columns)
                for r in self.search.records.values()
                if r.relation == "match" and r.table == lk.parent.name
                and r.source == self.search.source(lk.parent.conn) and not r.confirm
            }  # fmt: skip
            if mine:
                out.append((lk, mine))
        return out

    @staticmethod
    def _other_persons(row: dict[str, Any], others: list[tuple[Link, set[tuple[str, ...]]]]) -> Link | None:
        """The link by which ``row`` points at a person who is not the subject, if any."""
        for lk, mine in others:
            k = tuple(as_key(row.get(c)) for c in lk.child_columns)
            if all(v not in ("", "None") for v in k) and k not in mine:
                return lk
        return None

    def _handled(self, link: Link, row: dict[str, Any], pos: int | None, decision: Decision) -> None:
        """A record staff handled: another person's, kept as a key (as find shows keys) and counted."""
        source = self.search.source(link.child.conn)
        entry = self.handled.setdefault(
            (source, link.child.name, link.describe(), decision.kind),
            {"source": source, "table": link.child.name, "via": link.describe(), "reason": decision.reason,
             "decision": decision.kind, "count": 0, "keys": []},
        )  # fmt: skip
        key = self.search.shown_key(link.child, row, pos)
        if key is None:
            key = self.search.key_of(link.child, row)
        if not self.search.profiles[link.child].primary_key and "row" not in key:
            key = {c: mask_value(v) for c, v in key.items()}  # a key made of values: never raw
        seen = self._handled_seen.setdefault(id(entry), set())
        mark = tuple(sorted((k, str(v)) for k, v in key.items()))
        if mark not in seen:  # a set: a member of staff may have handled thousands of records
            seen.add(mark)
            entry["keys"].append(key)
            entry["count"] += 1

    def _parents(self, link: Link, items: list[Row]) -> None:
        """Rows the subject's rows point at: a person's -> third party; else context for matches."""
        parent_prof = self.search.profiles[link.parent]
        if not parent_prof.is_person and not parent_prof.has_personal_data:
            return
        if "view" in (parent_prof.kind, self.search.profiles[link.child].kind):
            return  # views are searched as they are, never walked
        children: dict[tuple[str, ...], Row] = {}
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
                self.search.add(rec)

    def _via(self, parent: Row, link: Link) -> list[dict[str, Any]]:
        step = {"table": parent.record.table, "key": parent.record.key, "link": link.describe()}
        return [*parent.record.via, step]

    def _shown_via(self, parent: Row, link: Link) -> list[dict[str, Any]]:
        """The path as find shows it: every step's key as find shows that record's key."""
        step = {"table": parent.record.table, "key": parent.record.public_key, "link": link.describe()}
        before = parent.record.via if parent.record.shown_via is None else parent.record.shown_via
        return [*before, step]

    def _linked(
        self, ref: TableRef, row: dict[str, Any], parent: Row, link: Link, pos: int | None = None
    ) -> SubjectRecord:
        factor = INFERRED_LINK_FACTOR if link.kind == "inferred" else 1.0
        return SubjectRecord(
            source=self.search.source(ref.conn),
            table=ref.name,
            key=self.search.key_of(ref, row),
            relation="linked",
            via=self._via(parent, link),
            shown_via=self._shown_via(parent, link),
            confidence=parent.record.confidence * factor,
            confirm=parent.record.confirm,
            inferred=parent.record.inferred or link.kind == "inferred",
            data={k: plain(v) for k, v in row.items()},
            shown_key=self.search.shown_key(ref, row, pos),
        )

    def _third_party(
        self, ref: TableRef, row: dict[str, Any], parent: Row, link: Link, pos: int | None = None
    ) -> None:
        key = self.search.key_of(ref, row)
        shown = self.search.shown_key(ref, row, pos)
        if not self.search.profiles[ref].primary_key:  # a key made of values: never keep them raw
            key = {c: mask_value(v) for c, v in key.items()} if shown is None or "row" not in shown else shown
        self.search.add(
            SubjectRecord(
                source=self.search.source(ref.conn),
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
