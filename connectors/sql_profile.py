"""Column profiles that make complete lookups index-served: the notations and letter cases a column
stores its values in, learned by one read of the column and kept until the table changes.

A complete lookup must find a phone number in any notation (``digits_suffix``: the value, stripped
of punctuation, ends with the number's digits) and an email in any case (``equals_ci``). A b-tree
serves neither: on a million rows each is a read of the column, seconds. But a column holds few
notations. Its profile records, from one read:

- ``templates``: the shape of every value made of digits and punctuation, its digits as ``#``
  (``#### ## ## ##``, ``+## ### ## ## ##``), with, per shape, the leading digits its values start with
  (``0``, ``32``, ``0032``) where each such group is shared by at least ``MIN_GROUP`` rows (up to
  ``ENUMERATE_FREE`` digits not recorded are enumerated);
- ``odd_digits``: for values with a letter or other sign among their digits (``tel. 0470…``), the
  16-bit digests of their last ``SUFFIX_KEY`` digits; a number whose digest is not among them cannot
  be such a value;
- ``odd_case``: the digests of the lower-case forms of values that are not one of the usual spellings
  of their lower case (as :func:`sql_lookup.case_variants` lists them: lower, upper, capitalised,
  title, ``First.Last@Example.be``), such as ``ANNA.peeters@EXAMPLE.be``.

With it, ``digits_suffix`` becomes ``col IN (every value of a recorded shape that ends with the
digits)`` and ``equals_ci`` becomes ``col IN (case_variants)``, unless the value's digest is taken (then
the scan, or the case walk, as before): the same rows as the scan, by index seeks (tests compare both
on random columns).

Only non-personal metadata is kept: shapes, leading digits shared by many rows, and 16-bit digests
(65,536 buckets, each the digest of countless possible values: none can be read back). Profiles live in memory
and on disk (``$PII_SCAN_CACHE_DIR``, default ``~/.cache/pii-scan``; an empty value keeps them in
memory only), keyed by the table's fingerprint, so that a change of the data makes them learn again:

- SQLite: the database file's size and modification time, and its WAL's (none within 2 s of a
  write: a write in the same clock tick would not show);
- PostgreSQL: the table's storage (relfilenode) and size, its cumulative inserted/updated/deleted row counts
  and the statistics' reset time (none for a table with partitions or children). A writer's counts
  reach the statistics when its backend flushes them: about a second after its commit, at most
  ``PGSTAT_IDLE_INTERVAL`` (10 s) later, so a lookup in that window may miss a new notation;
- MariaDB: the table's UPDATE_TIME and the server's start (none in the 2 s after an update).

A table without fingerprint (a view, MySQL 8, which caches UPDATE_TIME) is read as before.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from pii_scan.connectors.sql_lookup import case_variants

__all__ = ["ColumnProfile", "learn", "notation_candidates", "fingerprint", "cached_profile"]

PUNCTUATION = " ./-()+"  # what digits_suffix strips before comparing the digits
MAX_TEMPLATES = 64  # shapes before a column counts as free-form (read by scan)
MAX_LEAD = 4  # leading digits recorded per shape (country code with 00, trunk prefix)
MIN_GROUP = 10  # rows a leading-digit group must hold to be recorded (no single person's digits)
BUCKETS = 1 << 16  # digests of values in unusual cases or notations (16 bits: no value behind one)
MAX_ODD = 4096  # such values before a column's profile says nothing (a lookup's bucket is taken 1 in 16)
SUFFIX_KEY = 6  # digits of an unusual notation kept (digested): every lookup's suffix is longer
ENUMERATE_FREE = 3  # leading digits not recorded: up to this many are enumerated (1,000 candidates)
VERSION = 2

_TEMPLATE = str.maketrans("0123456789", "##########")
_PLAIN = str.maketrans("", "", "0123456789" + PUNCTUATION)


_NO_PUNCTUATION = _DIGITS_NL = str.maketrans("", "", PUNCTUATION)  # (regular values: digits, newlines)


def bucket(text: str) -> int:
    """A 16-bit digest of ``text``: which of ``BUCKETS`` a value falls in (no value can be read back)."""
    digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=4).digest()
    return int.from_bytes(digest, "big") % BUCKETS


@dataclass
class ColumnProfile:
    """``odd_case``: buckets of the lower-case forms of values in an unusual case; ``odd_digits``:
    buckets of the last ``SUFFIX_KEY`` digits of values with a letter or other sign among their digits.
    A lookup whose bucket is free needs neither; None: too many to say anything."""

    rows: int = 0
    templates: dict[str, dict[int, list[str] | None]] | None = field(default_factory=dict)
    odd_case: set[int] | None = field(default_factory=set)
    odd_digits: set[int] | None = field(default_factory=set)

    @property
    def case_closed(self) -> bool:
        """Every value is one of the usual spellings of its lower case."""
        return self.odd_case == set()

    def to_json(self) -> dict[str, Any]:
        tmpl = None
        if self.templates is not None:
            tmpl = {t: {str(j): v for j, v in leads.items()} for t, leads in self.templates.items()}
        odd = {
            k: None if v is None else sorted(v)
            for k, v in (("case", self.odd_case), ("digits", self.odd_digits))
        }
        return {"rows": self.rows, "templates": tmpl, "odd_case": odd["case"], "odd_digits": odd["digits"]}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ColumnProfile:
        tmpl = data.get("templates")
        templates = None
        if tmpl is not None:
            templates = {t: {int(j): v for j, v in leads.items()} for t, leads in tmpl.items()}
        odd_case, odd_digits = data.get("odd_case"), data.get("odd_digits")
        return cls(
            int(data.get("rows", 0)),
            templates,
            None if odd_case is None else set(odd_case),
            None if odd_digits is None else set(odd_digits),
        )


def case_served(profile: ColumnProfile, values: list[str]) -> bool:
    """Whether the usual spellings of ``values`` find every stored spelling of them: no value in an
    unusual case shares their lower case's bucket."""
    if profile.odd_case is None:
        return False
    return not any(bucket(v.lower()) in profile.odd_case for v in values)


def covered(value: str) -> bool:
    """Whether ``value`` is one of ``case_variants`` of its lower-case form (what an index finds)."""
    low = value.lower()
    if value == low:
        return True
    if not value.isascii():  # non-ASCII case folding differs between Python and the databases
        return False
    if value in (low.upper(), low.title(), low.capitalize()):
        return True
    if "@" in low:  # the email forms of case_variants, without building them all
        lp, _, dp = low.rpartition("@")
        vl, _, vd = value.rpartition("@")
        if vl in (lp, lp.title(), lp.capitalize()) and vd in (dp, dp.capitalize()):
            return True
    return value in case_variants([low])


def _chunks(conn: sa.Connection, table: sa.TableClause, column: str, chunk: int) -> Iterator[list[Any]]:
    """The column's non-null values, ``chunk`` at a time, straight from the driver's cursor (a
    server-side one where the driver has it): SQLAlchemy's row objects would double the read."""
    col = table.c[column]
    sql = str(sa.select(col).where(col.is_not(None)).compile(dialect=conn.dialect))
    conn.execute(sa.select(sa.literal(1)))  # begin the transaction the named cursor lives in
    raw: Any = conn.connection.dbapi_connection
    backend = conn.dialect.name
    if backend == "postgresql":
        cur = raw.cursor(name="pii_scan_profile")
    elif backend in ("mysql", "mariadb"):
        import pymysql.cursors

        cur = raw.cursor(pymysql.cursors.SSCursor)
    else:
        cur = raw.cursor()
    try:
        cur.execute(sql)
        while rows := cur.fetchmany(chunk):
            yield [r[0] for r in rows]
    finally:
        cur.close()


def _digit_tail(value: str) -> str | None:
    """The last ``SUFFIX_KEY`` signs ``digits_suffix`` compares, for a value with other signs (its
    punctuation removed, a Unicode digit as its ASCII digit: a ``_ci`` collation may equate them);
    None when they are not all digits, so no number's digits can end the value."""
    last = value.rstrip(PUNCTUATION)[-1:]
    if not last or (last.isascii() and not last.isdigit()):  # most such values: a name, an email
        return None
    tail = value.translate(_NO_PUNCTUATION)[-SUFFIX_KEY:]
    if not tail.isascii():
        tail = "".join(str(d) if (d := unicodedata.digit(ch, None)) is not None else ch for ch in tail)
    return tail if len(tail) == SUFFIX_KEY and tail.isascii() and tail.isdigit() else None


class _Learner:
    def __init__(self) -> None:
        self.rows = 0
        self.shapes: Counter[tuple[str, str]] | None = Counter()
        self.odd_case: set[int] | None = set()
        self.odd_digits: set[int] | None = set()

    def add(self, values: list[str]) -> None:
        self.rows += len(values)
        # a chunk at a time: whole-string operations over the values joined by newlines, which no
        # regular value holds (a newline is neither a digit nor punctuation)
        joined = "\n".join(values)
        if self.odd_case is not None and joined != joined.lower():
            for v in values:
                if not covered(v):
                    self.odd_case.add(bucket(v.lower()))
            if len(self.odd_case) > MAX_ODD:
                self.odd_case = None
        if self.shapes is None:
            return
        regular = values
        if len(joined.translate(_PLAIN)) != len(values) - 1:  # some value holds a letter or other sign
            regular = []
            odd = self.odd_digits
            for v in values:
                if not v.translate(_PLAIN):
                    regular.append(v)
                elif odd is not None and (tail := _digit_tail(v)) is not None:
                    odd.add(bucket(tail))
            if odd is not None and len(odd) > MAX_ODD:
                self.odd_digits = None
            joined = "\n".join(regular)
        if regular:
            tmpl = joined.translate(_TEMPLATE).split("\n")
            leads = [d[:MAX_LEAD] for d in joined.translate(_DIGITS_NL).split("\n")]
            self.shapes.update(zip(tmpl, leads, strict=True))
        if self.odd_digits is None or len({t for t, _ in self.shapes}) > MAX_TEMPLATES:
            self.shapes = None

    def profile(self) -> ColumnProfile:
        templates: dict[str, dict[int, list[str] | None]] | None = None
        if self.shapes is not None:
            by_shape: dict[str, Counter[str]] = {}
            for (shape, lead), n in self.shapes.items():
                by_shape.setdefault(shape, Counter())[lead] += n
            templates = {}
            for shape, counts in by_shape.items():
                leads_by: dict[int, list[str] | None] = {}
                for j in range(1, min(MAX_LEAD, shape.count("#")) + 1):
                    groups: Counter[str] = Counter()
                    for lead, n in counts.items():
                        groups[lead[:j]] += n
                    leads_by[j] = sorted(groups) if min(groups.values()) >= MIN_GROUP else None
                templates[shape] = leads_by
        return ColumnProfile(self.rows, templates, self.odd_case, self.odd_digits)


def learn(conn: sa.Connection, table: sa.TableClause, column: str, chunk: int = 50_000) -> ColumnProfile:
    """One read of ``column``: its shapes with their shared leading digits, and the buckets of its
    values in unusual cases or notations."""
    learner = _Learner()
    for raw in _chunks(conn, table, column, chunk):
        learner.add([v if isinstance(v, str) else str(v) for v in raw])
        if learner.shapes is None and learner.odd_case is None:
            break  # nothing left to learn
    return learner.profile()


def _fill(shape: str, digits: str) -> str:
    it = iter(digits)
    return "".join(next(it) if c == "#" else c for c in shape)


def notation_candidates(profile: ColumnProfile, suffixes: list[str], limit: int = 4096) -> list[str] | None:
    """Every value of the column's shapes whose digits end with one of ``suffixes``: exactly the
    values ``digits_suffix`` matches. None when the profile cannot say (free-form values, leading
    digits not recorded, too many candidates): then only a scan is complete."""
    if profile.templates is None or profile.odd_digits is None:
        return None
    if profile.odd_digits and any(
        len(d) < SUFFIX_KEY or bucket(d[-SUFFIX_KEY:]) in profile.odd_digits for d in suffixes
    ):
        return None  # a value in another notation may end with these digits: only a scan can tell
    out: set[str] = set()
    for d in suffixes:
        for shape, leads in profile.templates.items():
            free = shape.count("#") - len(d)
            if free < 0:
                continue
            if free == 0:
                prefixes: list[str] | None = [""]
            elif free > MAX_LEAD:
                return None
            else:
                prefixes = leads.get(free)
                if prefixes is None and free <= ENUMERATE_FREE:  # leading digits not recorded: all of them
                    prefixes = [f"{k:0{free}d}" for k in range(10**free)]
            if prefixes is None:
                return None
            out.update(_fill(shape, p + d) for p in prefixes)
            if len(out) > limit:
                return None
    return sorted(out)


# -- fingerprints and the cache ----------------------------------------------------------------
def fingerprint(conn: sa.Connection, sqlite_file: str | None, table: sa.TableClause) -> str | None:
    """What changes when the table's data changes; None when nothing reliable says so."""
    backend = conn.dialect.name
    try:
        if backend == "sqlite":
            if sqlite_file is None:
                return None
            parts = []
            for path in (sqlite_file, sqlite_file + "-wal"):
                if os.path.exists(path):
                    st = os.stat(path)
                    if time.time_ns() - st.st_mtime_ns < 2_000_000_000:
                        return None  # written just now: a write in the same clock tick would not show
                    parts.append(f"{st.st_size}:{st.st_mtime_ns}")
            return "sqlite:" + "/".join(parts)
        if backend == "postgresql":
            row = conn.execute(
                sa.text(
                    "SELECT c.relfilenode, pg_relation_size(c.oid), s.n_tup_ins, s.n_tup_upd, s.n_tup_del, "
                    "d.stats_reset, pg_postmaster_start_time() "
                    "FROM pg_class c JOIN pg_stat_all_tables s ON s.relid = c.oid "
                    "LEFT JOIN pg_stat_database d ON d.datname = current_database() WHERE c.oid = "
                    "CAST(:t AS regclass) AND c.relkind IN ('r', 'm') "
                    "AND NOT EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhparent = c.oid)"
                ),
                {"t": _qualified(conn, table)},
            ).first()
            return None if row is None else "pg:" + "|".join(map(str, row))
        if backend in ("mysql", "mariadb"):
            if "mariadb" not in str(conn.execute(sa.text("SELECT VERSION()")).scalar()).lower():
                return None  # MySQL 8 caches UPDATE_TIME (information_schema_stats_expiry)
            where = "TABLE_SCHEMA = :s" if table.schema else "TABLE_SCHEMA = DATABASE()"
            row = conn.execute(
                sa.text(
                    "SELECT UPDATE_TIME, NOW(), (SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS "
                    "WHERE VARIABLE_NAME = 'UPTIME') FROM information_schema.TABLES "
                    f"WHERE {where} AND TABLE_NAME = :t"
                ),
                {"s": table.schema, "t": table.name},
            ).first()
            if row is None:
                return None
            updated, now, uptime = row
            if updated is not None and (now - updated).total_seconds() < 2:
                return None  # updated this second: a later update may carry the same time
            started = int(now.timestamp()) - int(uptime or 0)
            return f"mariadb:{updated}|{started // 10}"  # start time to 10 s: NOW() and UPTIME tick apart
    except sa.exc.DBAPIError:
        conn.rollback()
    return None


def _qualified(conn: sa.Connection, table: sa.TableClause) -> str:
    quote = conn.dialect.identifier_preparer.quote
    name = quote(table.name)
    return f"{quote(table.schema)}.{name}" if table.schema else name


_MEMORY: dict[str, tuple[str, ColumnProfile]] = {}


def _cache_dir() -> str | None:
    env = os.environ.get("PII_SCAN_CACHE_DIR")
    if env is not None:
        return env or None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "pii-scan")


def _key(source: str, table: sa.TableClause, column: str) -> str:
    raw = json.dumps([VERSION, source, table.schema, table.name, column])
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def cached_profile(
    conn: sa.Connection, source: str, sqlite_file: str | None, table: sa.TableClause, column: str
) -> ColumnProfile | None:
    """The column's profile: from memory or disk when the table's fingerprint is unchanged, else
    learned now (one read of the column) and kept. None when the table has no fingerprint."""
    fp = fingerprint(conn, sqlite_file, table)
    if fp is None:
        return None
    key = _key(source, table, column)
    hit = _MEMORY.get(key)
    if hit is not None and hit[0] == fp:
        return hit[1]
    folder = _cache_dir()
    path = os.path.join(folder, "profiles", key + ".json") if folder else None
    if path is not None:
        try:
            with open(path, encoding="utf-8") as fh:
                data = json.load(fh)
            if data.get("fingerprint") == fp:
                prof = ColumnProfile.from_json(data["profile"])
                _MEMORY[key] = (fp, prof)
                return prof
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            pass  # no profile, or an unreadable one: learn it again
    prof = learn(conn, table, column)
    if fingerprint(conn, sqlite_file, table) != fp:
        return prof  # the table changed while it was read: good for this lookup only
    _MEMORY[key] = (fp, prof)
    if path is not None:
        _store(path, {"fingerprint": fp, "learned": int(time.time()), "profile": prof.to_json()})
    return prof


def _store(path: str, data: dict[str, Any]) -> None:
    try:
        os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh)
        os.replace(tmp, path)
    except OSError:
        pass  # a cache that cannot be written only costs the next lookup a read
