"""Identity expansion: the subject's own certain records hold identifiers the request did not give.

A phone lookup finds the CRM customer; that row holds the customer's email, which is how the web
log knows them. One round (configurable) searches again with the strong identifiers (email, phone,
national number, IBAN, from columns located as such) of rows matched with certainty. It never starts
from a candidate (name only, free-text mention), a linked row or a third party, and it never follows
an identifier another person also holds (a family landline, a shared mailbox): that is stopped and
reported as a note for staff.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from pii_scan.errors import IdentifierError
from pii_scan.masking import mask_value
from pii_scan.subject.identifiers import Identifier, name_tokens, parse_identifier
from pii_scan.subject.links import TableRef
from pii_scan.subject.locate import TableProfile
from pii_scan.subject.matching import Request, Verdict, _cell
from pii_scan.subject.records import CERTAIN

if TYPE_CHECKING:
    from pii_scan.subject.search import _Row, _Search

__all__ = ["expand", "EXPANDED", "strong_identifiers"]

EXPANDED = 0.95  # exact, but through the subject's own record rather than the request
STRONG = ("email", "phone", "national_number", "iban")
Key = tuple[str, str]


def strong_identifiers(row: dict[str, Any], prof: TableProfile) -> list[Identifier]:
    """Valid emails, phones, national numbers and IBANs in the row's columns located as such."""
    out = []
    for kind in STRONG:
        for col in prof.columns_for(kind):
            if (v := _cell(row, col)) is None:
                continue
            try:
                out.append(parse_identifier(kind, v))
            except IdentifierError:
                continue  # a malformed value identifies nobody
    return out


def _name_key(row: dict[str, Any], prof: TableProfile) -> str | None:
    for col in prof.columns_for("full_name"):
        if v := _cell(row, col):
            return "".join(sorted(name_tokens(v)))
    parts = [
        v for c in prof.columns_for("first_name") + prof.columns_for("last_name") if (v := _cell(row, c))
    ]
    return "".join(sorted(name_tokens(" ".join(parts)))) if len(parts) >= 2 else None


def _where(search: _Search, row: _Row) -> str:
    src = row.record.source.rstrip("/").rsplit("/", 1)[-1]
    key = ", ".join(f"{k}={v}" for k, v in row.record.public_key.items())
    return f"{src} {row.ref.name} {key}"


def _is_origin(row: _Row) -> bool:
    rec = row.record
    return bool(row.row) and rec.relation == "match" and not rec.confirm and rec.confidence >= CERTAIN


class _Identity:
    """What the subject's certain rows say about them: who another person is, by contrast."""

    def __init__(self, search: _Search, origins: list[_Row]) -> None:
        self.search = search
        self.national: set[str] = set()
        self.names: set[str] = set()
        self.rows: dict[TableRef, set[Any]] = defaultdict(set)  # person tables with a key: their rows
        for o in origins:
            self.learn(o.ref, o.row, o.record.ident)

    def learn(self, ref: TableRef, row: dict[str, Any], ident: Any) -> None:
        prof = self.search.profiles[ref]
        self.national |= {i.value for i in strong_identifiers(row, prof) if i.kind == "national_number"}
        if (name := _name_key(row, prof)) is not None:
            self.names.add(name)
        if prof.is_person and prof.primary_key:
            self.rows[ref].add(ident)

    def other_person(self, ref: TableRef, row: dict[str, Any]) -> bool:
        """A row of a person table that is not the subject: another key in a table where the subject
        has their row, another national number, or another name."""
        prof = self.search.profiles[ref]
        if not prof.is_person:
            return False
        ident = self.search.record_ident(ref, row)
        if ident in self.search.records and self.search.records[ident].relation != "third_party":
            return False  # already the subject's
        if self.rows.get(ref) and ident not in self.rows[ref]:
            return True
        nns = {i.value for i in strong_identifiers(row, prof) if i.kind == "national_number"}
        if self.national and nns and not nns & self.national:
            return True
        name = _name_key(row, prof)
        return bool(self.names) and name is not None and name not in self.names


def expand(search: _Search, req: Request, matches: list[_Row], rounds: int = 1) -> list[_Row]:
    """Rows found from the identifiers of the subject's certain rows (``rounds`` times); notes on
    identifiers not followed go to ``search.notes``."""
    known: set[Key] = {(i.kind, i.value) for i in req.identifiers}
    origins = [m for m in matches if _is_origin(m)]
    identity = _Identity(search, origins)
    added: list[_Row] = []
    for _ in range(max(0, rounds)):
        by_table: dict[TableRef, list[_Row]] = defaultdict(list)
        for o in origins:
            by_table[o.ref].append(o)
        ambiguous = set()
        for ref, rows in by_table.items():
            prof = search.profiles[ref]
            if prof.is_person and prof.primary_key and len({r.record.ident for r in rows}) > 1:
                ambiguous.add(ref)
                search.notes.append(
                    f"{len(rows)} records of {ref.name} hold the identifiers searched for: their other "
                    "identifiers were not searched (they may be different people)"
                )
        new: dict[Key, tuple[Identifier, _Row]] = {}
        for o in origins:
            if o.ref in ambiguous:
                continue
            for ident in strong_identifiers(o.row, search.profiles[o.ref]):
                if (ident.kind, ident.value) not in known:
                    new.setdefault((ident.kind, ident.value), (ident, o))
        if not new:
            break
        known |= set(new)
        hits: dict[Key, list[tuple[TableRef, dict[str, Any], int | None]]] = defaultdict(list)
        sub = Request(tuple(ident for ident, _ in new.values()))
        for ref, row, verdict, pos in search.candidates(sub):
            if verdict.confirm or verdict.confidence < CERTAIN:
                continue  # only exact identifiers in located columns
            for ident in strong_identifiers(row, search.profiles[ref]):
                if (ident.kind, ident.value) in new:
                    hits[(ident.kind, ident.value)].append((ref, row, pos))
        origins = []
        for key, (ident, origin) in new.items():
            holding = hits.get(key, [])
            others = [(r, row, pos) for r, row, pos in holding if identity.other_person(r, row)]
            if others:
                oref, orow, opos = others[0]
                search.notes.append(
                    f"{ident.kind} {mask_value(ident.value)} from {_where(search, origin)} is also in "
                    f"another person's record ({oref.name} {search.describe_key(oref, orow, opos)}): "
                    "not followed"
                )
                continue
            label = f"{ident.kind} (from {_where(search, origin)})"
            for ref, row, pos in holding:
                found = search.add_match(ref, row, Verdict((label,), EXPANDED, False), pos)
                if found is not None:
                    added.append(found)
                    origins.append(found)
                    identity.learn(ref, row, found.record.ident)
    return added
