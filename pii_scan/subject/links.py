"""The graph of links between tables: declared foreign keys, links from the config, inferred links.

A link ``child.columns -> parent.columns`` says a child row belongs to (points at) a parent row.
Where a source declares no foreign keys at all (legacy and converted databases, files), links are
guessed from column names (``customer_id`` -> ``customer(s)``) and kept only when a sample of the
child's values is contained in the parent's key column; those links say ``kind="inferred"``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pii_scan.connectors.base import Connector, Filter, TableInfo
from pii_scan.subject.locate import infer_primary_key, table_stem

__all__ = ["Link", "LinkGraph", "TableRef"]

CONTAINMENT_SAMPLE = 50  # distinct child values checked against the parent
CONTAINMENT_SHARE = 0.9  # share that must be found for an inferred link to hold
_ID_SUFFIX = re.compile(r"^(?P<stem>.+?)(?:_id|id|_nr|_no|_key)$", re.I)


@dataclass(frozen=True)
class TableRef:
    """A table of one connector: ``conn`` indexes the search's list of connectors."""

    conn: int
    name: str


@dataclass(frozen=True)
class Link:
    child: TableRef
    child_columns: tuple[str, ...]
    parent: TableRef
    parent_columns: tuple[str, ...]
    kind: str = "declared"  # "declared" | "config" | "inferred"

    def describe(self) -> str:
        return (
            f"{self.child.name}.{','.join(self.child_columns)} -> "
            f"{self.parent.name}.{','.join(self.parent_columns)} ({self.kind})"
        )


def _plural_stems(stem: str) -> set[str]:
    out = {stem, stem + "s", stem + "es"}
    if stem.endswith("y"):
        out.add(stem[:-1] + "ies")
    return out


@dataclass
class LinkGraph:
    """Links between the tables of the connectors of one search. Inferred links are confirmed lazily."""

    connectors: Sequence[Connector]
    infos: dict[TableRef, TableInfo]
    groups: dict[int, int]  # connector index -> group (connectors of one location link to each other)
    infer: str = "auto"  # "auto": only in groups that declare no foreign keys; "always"; "never"
    links: list[Link] = field(default_factory=list)
    # configured links that point at nothing: (config link, what is missing), for a ConfigError
    unresolved: list[tuple[Any, str, str]] = field(default_factory=list)  # (link, side, missing)
    _confirmed: dict[Link, bool] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        connectors: Sequence[Connector],
        infos: dict[TableRef, TableInfo],
        groups: dict[int, int],
        config_links: Sequence[Any] = (),
        infer: str = "auto",
        source_groups: dict[str, int] | None = None,
    ) -> LinkGraph:
        graph = cls(connectors, infos, groups, infer)
        by_name: dict[tuple[int, str], TableRef] = {(ref.conn, ref.name): ref for ref in infos}
        declared_groups: set[int] = set()
        for ref, info in infos.items():
            for fk in info.foreign_keys:
                parent = by_name.get((ref.conn, fk.ref_table)) or graph._resolve(fk.ref_table, ref.conn)
                if parent is None:
                    continue
                kind = "inferred" if fk.inferred else "declared"
                if not fk.inferred:
                    declared_groups.add(groups[ref.conn])
                graph.links.append(Link(ref, tuple(fk.columns), parent, tuple(fk.ref_columns), kind))
        for cl in config_links:
            ends: list[TableRef | None] = []
            for table, column, source in (
                (cl.from_table, cl.from_column, getattr(cl, "from_source", None)),
                (cl.to_table, cl.to_column, getattr(cl, "to_source", None)),
            ):
                group = (source_groups or {}).get(source) if source else None
                end = graph._resolve(table, group=group)
                side = "to" if ends else "from"
                if end is None:
                    graph.unresolved.append((cl, side, f"no table {table!r} in the sources searched"))
                elif column not in infos[end].column_names:
                    graph.unresolved.append((cl, side, f"no column {column!r} in {end.name!r}"))
                    end = None
                ends.append(end)
            child, parent = ends
            if child is not None and parent is not None:
                graph.links.append(Link(child, (cl.from_column,), parent, (cl.to_column,), "config"))
        if infer != "never":
            for ref in infos:
                if infer == "always" or groups[ref.conn] not in declared_groups:
                    graph.links.extend(graph._guess(ref))
        return graph

    def _resolve(self, name: str, conn: int | None = None, group: int | None = None) -> TableRef | None:
        """A table by exact name, else by file name or stem (``customers.csv`` / ``customers``)."""
        if conn is not None:
            group = self.groups[conn]
        cands = [r for r in self.infos if group is None or self.groups[r.conn] == group]
        for test in (
            lambda r: r.name == name,
            lambda r: r.name.rsplit("/", 1)[-1] == name.rsplit("/", 1)[-1],
            lambda r: table_stem(r.name) == table_stem(name),
        ):
            hits = [r for r in cands if test(r)]
            if hits:
                return hits[0]
        return None

    def _guess(self, ref: TableRef) -> list[Link]:
        """Candidate links from column names: ``<x>_id`` -> table ``x``/``xs`` key column. Views
        neither point nor are pointed at: their rows are their tables' rows."""
        info = self.infos[ref]
        if info.kind == "view":
            return []
        own_key = set(infer_primary_key(info))
        declared = {c for fk in info.foreign_keys for c in fk.columns}
        group = self.groups[ref.conn]
        parents = {
            table_stem(r.name): r
            for r, i in self.infos.items()
            if self.groups[r.conn] == group and r != ref and i.kind != "view"
        }
        out = []
        for col in info.columns:
            if col.name in own_key or col.name in declared:
                continue
            m = _ID_SUFFIX.match(col.name)
            if not m:
                continue
            stem = m["stem"].lower().rstrip("_")
            words = stem.split("_")
            # manager_staff_id -> staff; support_employee_id -> employee(s)
            tries = [stem] + ["_".join(words[i:]) for i in range(1, len(words))]
            for t in tries:
                target = next((parents[s] for s in _plural_stems(t) if s in parents), None)
                if target is None:
                    continue
                pcols = self._parent_key(target, col.name)
                if pcols:
                    out.append(Link(ref, (col.name,), target, pcols, "inferred"))
                break
        return out

    def _parent_key(self, parent: TableRef, child_column: str) -> tuple[str, ...]:
        info = self.infos[parent]
        pk = infer_primary_key(info)
        names = {c.name.lower(): c.name for c in info.columns}
        if child_column.lower() in names:  # rental.customer_id -> customer.customer_id
            return (names[child_column.lower()],)
        if len(pk) == 1:
            return pk
        return (names["id"],) if "id" in names else ()

    def confirmed(self, link: Link) -> bool:
        """Declared and config links hold; an inferred one holds when sampled values are contained."""
        if link.kind != "inferred":
            return True
        if link not in self._confirmed:
            self._confirmed[link] = self._containment(link)
        return self._confirmed[link]

    def was_confirmed(self, link: Link) -> bool:
        """Whether an inferred link was checked and held (without checking it now)."""
        return self._confirmed.get(link, False)

    def _containment(self, link: Link) -> bool:
        child = self.connectors[link.child.conn]
        parent = self.connectors[link.parent.conn]
        col, pcol = link.child_columns[0], link.parent_columns[0]
        try:
            sample = child.sample(link.child.name, 500)
            values = sorted({_as_key(v) for v in sample[col].dropna().tolist()} - {""})[:CONTAINMENT_SAMPLE]
            if not values:
                return False
            found: set[str] = set()
            for chunk in parent.select(link.parent.name, [Filter(pcol, "equals", tuple(values))]):
                found |= {_as_key(v) for v in chunk[pcol].dropna().tolist()}
        except Exception:  # noqa: BLE001 - an unverifiable guess is no link
            return False
        return len(found & set(values)) >= CONTAINMENT_SHARE * len(values)

    def into(self, table: TableRef) -> list[Link]:
        """Links whose parent is ``table``: rows of other tables pointing at its rows."""
        return [lk for lk in self.links if lk.parent == table and self.confirmed(lk)]

    def out_of(self, table: TableRef) -> list[Link]:
        """Links whose child is ``table``: the rows its rows point at."""
        return [lk for lk in self.links if lk.child == table and self.confirmed(lk)]


def _as_key(value: object) -> str:
    """A key value as the string filters take: ``5.0`` read from a file is ``5``."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "item"):  # numpy scalars
        return _as_key(value.item())
    return str(value).strip()


as_key = _as_key
