"""Which filters to push down for a table, and the exact confirmation of every row they return.

The pushed-down filters are deliberately loose (digits suffixes, substrings): the database or the
vectorized file reader narrows millions of rows to a handful, and each of those is then compared
with the request's identifiers after exact normalisation here, in Python.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import phonenumbers
from stdnum import iban as std_iban
from stdnum.be import nn as be_nn

from pii_scan.connectors.base import Filter
from pii_scan.subject.identifiers import (
    PARTICLES,
    Identifier,
    digits,
    distinctive_tokens,
    iban_bban_digits,
    name_tokens,
    normalise_email,
    normalise_iban,
    normalise_national_number,
    normalise_phone,
    parse_date,
    phone_suffix,
    strip_accents,
)
from pii_scan.subject.locate import TableProfile, table_stem
from pii_scan.subject.records import CANDIDATE_NAME, CERTAIN, MENTION, NAME_AND_BIRTH_DATE

__all__ = ["Request", "build_filters", "confirm_row", "mentions_in_text", "Verdict", "table_matches"]

STRONG = ("email", "phone", "national_number", "iban")
_EMAIL_IN_TEXT = re.compile(r"[\w.+\-']+@[\w\-]+(?:\.[\w\-]+)+", re.UNICODE)
_COMPACT = re.compile(r"[\s.\-/]")


@dataclass(frozen=True)
class Request:
    """The identifiers of one request, grouped and pre-computed for fast row confirmation."""

    identifiers: tuple[Identifier, ...]

    def of(self, kind: str) -> list[Identifier]:
        return [i for i in self.identifiers if i.kind == kind]

    @property
    def emails(self) -> set[str]:
        return {i.value for i in self.of("email")}

    @property
    def phones(self) -> set[str]:
        return {i.value for i in self.of("phone")}

    @property
    def regions(self) -> set[str]:
        return {"BE"} | {i.region for i in self.of("phone")}

    @property
    def birth_dates(self) -> set[str]:
        return {i.value for i in self.of("birth_date")}

    @property
    def name_keys(self) -> set[str]:
        """Compact keys of every order of the name's words: first-last and last-first."""
        keys = set()
        for ident in self.of("name"):
            t = list(ident.tokens)
            keys |= {"".join(t[i:] + t[:i]) for i in range(len(t))}
        return keys


def table_matches(wanted: str, table: str) -> bool:
    """``--id customers.x`` names ``customers``, ``public.customers`` and ``data/customers.csv``."""
    return wanted == table or table_stem(wanted) == table_stem(table)


def _name_values(req: Request) -> tuple[str, ...]:
    out: set[str] = set()
    for ident in req.of("name"):
        raw_words = [w.lower() for w in re.split(r"[\s\-’']+", ident.raw) if w]
        for tok in distinctive_tokens(list(ident.tokens)):
            out.add(tok)
            stripped = tok
            for p in sorted(PARTICLES, key=len, reverse=True):  # "vanderberg" -> "berg"
                if stripped.startswith(p) and len(stripped) - len(p) >= 3:
                    stripped = stripped[len(p) :]
            out.add(stripped)
            if len(tok) >= 5:
                out.add(tok[:4])  # "dupre" asked, "Dupré" stored: the prefix still finds it
        out |= {w for w in raw_words if w not in PARTICLES and len(w) >= 2}
    return tuple(sorted(out))


def _mention_values(req: Request) -> tuple[str, ...]:
    """Substrings a free-text mention of the identifiers contains, in the usual notations."""
    out: set[str] = set(req.emails)
    for e164 in req.phones:
        num = phonenumbers.parse(e164, None)
        nsn = phonenumbers.national_significant_number(num)
        out |= {nsn, e164}
        tail = nsn[-6:]
        out |= {tail, f"{tail[:2]} {tail[2:4]} {tail[4:]}", f"{tail[:2]}.{tail[2:4]}.{tail[4:]}",
                f"{tail[:2]}/{tail[2:4]}/{tail[4:]}", f"{tail[:3]} {tail[3:]}"}  # fmt: skip
    for ident in req.of("national_number"):
        v = ident.value
        out |= {v, v[:6] + "-" + v[6:9] + "-" + v[9:], v[:6] + " " + v[6:9] + " " + v[9:]}
        if len(v) == 11:
            out.add(be_nn.format(v))
    for ident in req.of("iban"):
        out |= {ident.value.lower(), std_iban.format(ident.value).lower()}
    for ident in req.of("name"):
        t = list(ident.tokens)
        out.add(" ".join(t))
        out.add(ident.raw.lower())
    return tuple(sorted(v.lower() for v in out if v))


def build_filters(prof: TableProfile, ref_name: str, req: Request) -> list[Filter]:
    """The OR-ed filters to push down for one table; empty when it cannot hold the subject."""
    filters: list[Filter] = []
    if req.emails:
        filters += [Filter(c, "equals_ci", tuple(sorted(req.emails))) for c in prof.columns_for("email")]
    # Each number twice: its usual notations (equals: an index serves them) and its digits (a scan
    # that finds any notation; SQL connectors skip it when only index-served lookups are asked for).
    if req.phones:
        sfx = tuple(sorted({phone_suffix(p) for p in req.phones}))
        notations = tuple(sorted({n for p in req.phones for n in phone_notations(p)}))
        for c in prof.columns_for("phone"):
            filters += [Filter(c, "equals", notations), Filter(c, "digits_suffix", sfx)]
    if nns := tuple(sorted(i.value for i in req.of("national_number"))):
        notations = tuple(sorted({n for v in nns for n in _nn_notations(v)}))
        for c in prof.columns_for("national_number"):
            filters += [Filter(c, "equals", notations), Filter(c, "digits_suffix", nns)]
    if ibans := req.of("iban"):
        accounts = tuple(sorted({iban_bban_digits(i.value) for i in ibans}))
        notations = tuple(sorted({n for i in ibans for n in (i.value, std_iban.format(i.value))}))
        for c in prof.columns_for("iban"):
            filters += [Filter(c, "equals", notations), Filter(c, "digits_suffix", accounts)]
    if req.of("name"):
        values = _name_values(req)
        cols = prof.columns_for("last_name") + prof.columns_for("full_name")
        if not cols:
            cols = prof.columns_for("first_name")
        filters += [Filter(c, "contains_ci", values) for c in cols]
    for ident in req.of("id"):
        if ident.table and table_matches(ident.table, ref_name) and ident.column in prof.categories:
            filters.append(Filter(ident.column, "equals", (ident.value,)))
    if prof.kind != "document" and prof.free_text:
        mentions = _mention_values(req)
        if mentions:
            filters += [Filter(c, "contains_ci", mentions) for c in prof.free_text]
    return filters


def phone_notations(e164: str) -> set[str]:
    """A phone number as it is usually stored: E.164, international and national, spaced or not."""
    num = phonenumbers.parse(e164, None)
    fmt = phonenumbers.PhoneNumberFormat
    national = phonenumbers.format_number(num, fmt.NATIONAL)
    international = phonenumbers.format_number(num, fmt.INTERNATIONAL)
    return {e164, "00" + e164[1:], e164[1:], international, national, national.replace(" ", ""),
            international.replace(" ", ""), national.replace(" ", "/", 1).replace(" ", ".")}  # fmt: skip


def _nn_notations(v: str) -> set[str]:
    out = {v, f"{v[:6]}-{v[6:9]}-{v[9:]}", f"{v[:6]} {v[6:9]} {v[9:]}"}
    if len(v) == 11:
        out.add(be_nn.format(v))
    return out


def mentions_in_text(text: str, req: Request) -> set[str]:
    """Kinds of identifier mentioned in a free text, each confirmed exactly."""
    found: set[str] = set()
    if not text:
        return found
    if req.emails and any(normalise_email(m) in req.emails for m in _EMAIL_IN_TEXT.findall(text)):
        found.add("email")
    if req.phones:
        for region in req.regions:
            for m in phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.POSSIBLE):
                if phonenumbers.format_number(m.number, phonenumbers.PhoneNumberFormat.E164) in req.phones:
                    found.add("phone")
    compact = _COMPACT.sub("", text).upper()
    for ident in req.of("national_number"):
        if re.search(rf"(?<!\d){ident.value}(?!\d)", compact):
            found.add("national_number")
    for ident in req.of("iban"):
        if ident.value in compact:
            found.add("iban")
    if req.name_keys:
        toks = name_tokens(text)
        keys = req.name_keys
        longest = max(len(k) for k in keys)
        for i in range(len(toks)):
            acc = ""
            for j in range(i, min(i + 8, len(toks))):
                acc += toks[j]
                if acc in keys:
                    found.add("name")
                if len(acc) >= longest:
                    break
    return found


@dataclass(frozen=True)
class Verdict:
    matched_on: tuple[str, ...]
    confidence: float
    confirm: bool


def _cell(row: Mapping[str, Any], col: str) -> str | None:
    v = row.get(col)
    if v is None or (isinstance(v, float) and v != v) or type(v).__name__ in ("NAType", "NaTType"):
        return None
    text = str(v).strip()
    return text or None


def confirm_row(row: Mapping[str, Any], prof: TableProfile, ref_name: str, req: Request) -> Verdict | None:
    """Which identifiers this row holds after exact normalisation; None when it is not the subject."""
    hits: set[str] = set()
    for col in prof.columns_for("email"):
        if (v := _cell(row, col)) and normalise_email(v) in req.emails:
            hits.add("email")
    if req.phones:
        for col in prof.columns_for("phone"):
            if (v := _cell(row, col)) and any(normalise_phone(v, r) in req.phones for r in req.regions):
                hits.add("phone")
    for ident in req.of("national_number"):
        for col in prof.columns_for("national_number"):
            if (v := _cell(row, col)) and (
                normalise_national_number(v) == ident.value or digits(v) == ident.value
            ):
                hits.add("national_number")
    for ident in req.of("iban"):
        account = iban_bban_digits(ident.value)
        for col in prof.columns_for("iban"):
            v = _cell(row, col)
            # an old Belgian account number (096-1234567-69) is the IBAN's account part
            if v and (
                normalise_iban(v) == ident.value or (ident.value.startswith("BE") and digits(v) == account)
            ):
                hits.add("iban")
    for ident in req.of("id"):
        if ident.table and ident.column and table_matches(ident.table, ref_name):
            v = _cell(row, ident.column)
            if v is not None and (v == ident.value or v.removesuffix(".0") == ident.value):
                hits.add(ident.label)
    name_hit = _name_hit(row, prof, req)
    date_state = _birth_date_state(row, prof, req)
    mentions = set()
    for col in prof.free_text:
        if v := _cell(row, col):
            mentions |= mentions_in_text(v, req)
    if hits:
        on = sorted(hits) + (["name"] if name_hit else []) + (["birth_date"] if date_state is True else [])
        return Verdict(tuple(on), CERTAIN, False)
    if name_hit and date_state is not False:  # a namesake with another birth date is someone else
        if date_state is True:
            return Verdict(("name", "birth_date"), NAME_AND_BIRTH_DATE, False)
        return Verdict(("name",), CANDIDATE_NAME, True)
    if mentions:
        return Verdict(tuple(f"mention:{k}" for k in sorted(mentions)), MENTION, True)
    return None


def _name_hit(row: Mapping[str, Any], prof: TableProfile, req: Request) -> bool:
    keys = req.name_keys
    if not keys:
        return False
    for col in prof.columns_for("full_name"):
        if (v := _cell(row, col)) and "".join(name_tokens(v)) in keys:
            return True
    firsts, lasts = prof.columns_for("first_name"), prof.columns_for("last_name")
    for f in firsts:
        for la in lasts:
            fv, lv = _cell(row, f), _cell(row, la)
            if fv and lv and "".join(name_tokens(f"{fv} {lv}")) in keys:
                return True
    return False


def _birth_date_state(row: Mapping[str, Any], prof: TableProfile, req: Request) -> bool | None:
    """True: a birth date column holds the asked date; False: it holds another; None: nothing to say."""
    wanted = req.birth_dates
    if not wanted:
        return None
    seen = None
    for col in prof.columns_for("birth_date"):
        v = row.get(col)
        if _cell(row, col) is None:
            continue
        d = parse_date(v if not isinstance(v, str) else strip_accents(v))
        if d is None:
            continue
        if d.isoformat() in wanted:
            return True
        seen = False
    return seen


def document_lines(text: str, req: Request) -> list[tuple[int, str, tuple[str, ...]]]:
    """(line number, line, kinds) for every line of a document that mentions the subject."""
    out = []
    for n, line in enumerate(text.splitlines(), start=1):
        kinds = mentions_in_text(line, req)
        if kinds:
            out.append((n, line, tuple(sorted(kinds))))
    return out


def document_mentions(
    connector: Any, table: str, req: Request
) -> Iterator[tuple[int, str, tuple[str, ...]]]:
    """``document_lines`` over a document streamed in pieces of whole lines (bounded memory)."""
    for first_line, piece in connector.iter_document(table):
        for n, line, kinds in document_lines(piece, req):
            yield first_line + n - 1, line, kinds


def request_from(identifiers: Sequence[Identifier]) -> Request:
    return Request(tuple(identifiers))
