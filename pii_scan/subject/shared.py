"""Where the walk stops: which rows pointing at the subject's rows are theirs, and which are shared.

A row belongs to the subject when it points at the subject's row (or at a row that belongs to the
subject) through a link that means "of this person": an order, invoice, rental, payment, ticket. A
row that many people's rows point at is shared context (a store, a product, an inventory item, a
department): the walk never goes on from it, so nobody else's rows come in through it. Records a
member of staff handled (payments processed, rentals served) point at the customer they are of:
another person's data, counted with their keys, never exported.

The decision, per link ``child -> parent`` walked from the subject's rows of ``parent``:

1. ``[subject] shared_tables`` / ``owned_tables`` in the configuration decide first (shared wins).
2. ``handled``: the parent is staff (an agent table) and the child also points at a customer-like
   person table: the child is that person's record.
3. ``owned``: the child points at a person table that is not staff (``rental.customer_id``): a row
   of a person is never shared context.
4. ``shared``: rows of a person table point at the child (``customer.store_id -> store``): people
   belong to it, not it to a person.
5. ``shared``: fan-in measured on a sample: rows of another table pointing at one child row lead on
   to 2 or more different rows on average (``rental.inventory_id`` -> one inventory item rented by
   3.5 customers), and the child holds no personal columns of its own. Through a junction between two
   tables that are not people (order lines: orders x products) the hub is the side that reaches more
   rows of the other: a product is in many orders, an order holds a few products.
6. otherwise ``owned`` (an invoice line, a payslip).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from pii_scan.connectors.base import Filter
from pii_scan.subject.links import Link, LinkGraph, TableRef, as_key
from pii_scan.subject.locate import TableProfile
from pii_scan.subject.matching import table_matches

__all__ = ["Decision", "Sharedness", "FAN_IN_SHARED", "FAN_IN_SAMPLE"]

FAN_IN_SHARED = 2.0  # distinct rows reached per row, on average: above it, a row is shared by several
FAN_IN_SAMPLE = 500  # rows of the pointing table sampled for the values to measure
FAN_IN_KEYS = 25  # values of which every pointing row is read


@dataclass(frozen=True)
class Decision:
    kind: str  # "owned" | "shared" | "handled"
    reason: str


@dataclass
class Sharedness:
    """Decides, once per link, whether rows pointing at the subject's rows are theirs."""

    graph: LinkGraph
    profiles: Mapping[TableRef, TableProfile]
    shared_tables: Sequence[str] = ()
    owned_tables: Sequence[str] = ()
    _cache: dict[Link, Decision] = field(default_factory=dict)
    _fan_in: dict[TableRef, tuple[float, str] | None] = field(default_factory=dict)
    _rows: dict[tuple[TableRef, str], pd.DataFrame | None] = field(default_factory=dict)

    def decide(self, link: Link) -> Decision:
        if link not in self._cache:
            self._cache[link] = self._decide(link)
        return self._cache[link]

    def _person(self, ref: TableRef, agent: bool | None = None) -> bool:
        prof = self.profiles.get(ref)
        if prof is None or not prof.is_person:
            return False
        return agent is None or prof.is_agent == agent

    def _decide(self, link: Link) -> Decision:
        child, parent = link.child, link.parent
        name = child.name
        if any(table_matches(t, name) for t in self.shared_tables):
            return Decision("shared", "configured in [subject] shared_tables")
        out = [lk for lk in self.graph.out_of(child) if lk != link]
        customers = [lk for lk in out if self._person(lk.parent, agent=False)]
        if self._person(parent, agent=True) and customers:
            return Decision(
                "handled",
                f"handled by the subject (staff): each row is of the person in {customers[0].describe()}",
            )
        if any(table_matches(t, name) for t in self.owned_tables):
            return Decision("owned", "configured in [subject] owned_tables")
        if customers or self._person(parent, agent=False):
            of = customers[0] if customers else link
            return Decision("owned", f"a record of a person ({of.describe()})")
        people = [lk for lk in self.graph.into(child) if self._person(lk.child)]
        if people:
            return Decision("shared", f"people belong to it ({people[0].describe()})")
        fan = self.fan_in(child)
        prof = self.profiles.get(child)
        if fan is not None and fan[0] >= FAN_IN_SHARED and not (prof and prof.has_personal_data):
            return Decision("shared", f"{fan[1]}, and it holds no personal columns")
        return Decision("owned", f"a row pointing at the subject's {parent.name}")

    def fan_in(self, ref: TableRef) -> tuple[float, str] | None:
        """Largest average number of distinct rows of a third table that one row of ``ref`` is
        shared by, through a table pointing at both (sampled), with a readable account."""
        if ref not in self._fan_in:
            self._fan_in[ref] = self._measure(ref)
        return self._fan_in[ref]

    def _measure(self, ref: TableRef) -> tuple[float, str] | None:
        best: tuple[float, str] | None = None
        for into in self.graph.into(ref):
            pointing = into.child
            if pointing == ref or len(into.child_columns) != 1:
                continue
            others = [lk for lk in self.graph.out_of(pointing) if lk != into and len(lk.child_columns) == 1]
            col = into.child_columns[0]
            frame = self._rows_of_some(pointing, col) if others else None
            if frame is None:
                continue
            for lk in others:
                avg = _distinct_per_row(frame, col, lk.child_columns[0])
                if avg is None or avg < FAN_IN_SHARED:
                    continue
                if not self._person(lk.parent):
                    # a junction (order lines: orders x products): the hub is the side whose rows
                    # reach more rows of the other; an order's few products do not make it shared
                    other = self._rows_of_some(pointing, lk.child_columns[0])
                    back = _distinct_per_row(other, lk.child_columns[0], col) if other is not None else None
                    if back is not None and back >= avg:
                        continue
                if best is None or avg > best[0]:
                    best = (
                        avg,
                        f"one row is shared by {avg:.1f} rows of {lk.parent.name} on average "
                        f"(through {pointing.name}.{col} and .{lk.child_columns[0]}, sampled)",
                    )
        return best

    def _rows_of_some(self, ref: TableRef, col: str) -> pd.DataFrame | None:
        """Every row of ``ref`` pointing at a few sampled values of ``col``: the true fan-in of those
        values (a plain row sample would see most values once)."""
        key = (ref, col)
        if key not in self._rows:
            self._rows[key] = self._read_some(ref, col)
        return self._rows[key]

    def _read_some(self, ref: TableRef, col: str) -> pd.DataFrame | None:
        conn = self.graph.connectors[ref.conn]
        try:
            sample = conn.sample(ref.name, FAN_IN_SAMPLE)
            if col not in sample.columns:
                return None
            values = sorted({as_key(v) for v in sample[col].dropna().tolist()} - {""})[:FAN_IN_KEYS]
            if len(values) < 2:
                return None
            chunks = list(conn.select(ref.name, [Filter(col, "equals", tuple(values))]))
        except Exception:  # noqa: BLE001 - no sample, no evidence of sharing
            return None
        return pd.concat(chunks) if chunks else None


def _distinct_per_row(frame: pd.DataFrame, col: str, other: str) -> float | None:
    """Average number of distinct ``other`` values per ``col`` value in ``frame``."""
    if col not in frame.columns or other not in frame.columns:
        return None
    pairs = {
        (as_key(k), as_key(v))
        for k, v in zip(frame[col], frame[other], strict=True)
        if pd.notna(k) and pd.notna(v)
    }
    rows = {k for k, _ in pairs}
    return len(pairs) / len(rows) if len(rows) >= 2 else None
