"""Retention rules: count the rows whose date is older than the maximum age.

SQL tables: two pushed-down ``COUNT``s with the cut-off as a bound parameter (the database does the
work; nothing is read into Python). SQLite keeps dates as text, so values that are not ISO dates are
counted there and, if any, the table is counted like a file instead. Files: chunked pandas, dates
parsed vectorised (ISO first, else day-first as Belgian and Dutch exports write them).
Only counts leave this module: no date or row is stored.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any

import pandas as pd

from pii_scan.config import RetentionRule
from pii_scan.errors import PiiScanError, SourceNotFound

__all__ = ["cutoff_date", "count_expired"]


def cutoff_date(rule: RetentionRule, today: dt.date | None = None) -> dt.date:
    """Today minus the maximum age; years and months on the calendar (29 Feb -> 28 Feb)."""
    today = today or dt.date.today()
    m = re.fullmatch(r"(\d+)([ym])", rule.max_age or "")
    if not m:
        return today - dt.timedelta(days=rule.max_age_days)
    n = int(m.group(1))
    months = n * 12 if m.group(2) == "y" else n
    y, mo = divmod(today.year * 12 + today.month - 1 - months, 12)
    day = min(today.day, calendar.monthrange(y, mo + 1)[1])
    return dt.date(y, mo + 1, day)


def count_expired(
    connector: Any, table: str, rule: RetentionRule, today: dt.date | None = None
) -> dict[str, Any]:
    """Counts for one table: rows, rows with a date, rows past the limit, values that are not dates."""
    cutoff = cutoff_date(rule, today)
    info = connector.table(table)
    if rule.column not in info.column_names:
        raise SourceNotFound(connector.display_name, f"no column {rule.column!r} in {table!r}")
    counts: dict[str, int] | None = None
    method = "sql"
    if getattr(connector, "source_type", "") == "sql" and hasattr(connector, "connect"):
        counts = _count_sql(connector, info, rule.column, cutoff)
    if counts is None:
        method = "rows"
        counts = _count_rows(connector, table, rule.column, cutoff)
    return {"cutoff": cutoff.isoformat(), "method": method, **counts}


def _count_sql(connector: Any, info: Any, column: str, cutoff: dt.date) -> dict[str, int] | None:
    """Pushed-down counts, or None when the database cannot compare the column as a date."""
    import sqlalchemy as sa

    declared = next((c.type for c in info.columns if c.name == column), "").upper()

    name = info.name
    if info.schema and name.startswith(info.schema + "."):
        name = name[len(info.schema) + 1 :]
    col: Any = sa.column(column)
    tbl = sa.table(name, col, schema=info.schema)
    with connector.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if not sqlite and "DATE" not in declared and "TIME" not in declared:
            return None  # dates kept as text: parse them like a file's
        # SQLite compares text: an ISO string bound parameter sorts like a date
        bound: Any = sa.bindparam("cutoff", cutoff.isoformat() if sqlite else cutoff)
        stmt = sa.select(
            sa.func.count(),
            sa.func.count(col),
            sa.func.sum(sa.case((col < bound, 1), else_=0)),
        ).select_from(tbl)
        if sqlite:
            iso = sa.cast(col, sa.Text).op("GLOB")("[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]*")
            non_iso = sa.and_(col.is_not(None), col != "", sa.not_(iso))
            stmt = stmt.add_columns(sa.func.sum(sa.case((non_iso, 1), else_=0)))
        row = conn.execute(stmt).one()
    if sqlite and (row[3] or 0) > 0:
        return None  # text dates in another notation: count them like a file
    return {
        "rows": int(row[0]),
        "rows_dated": int(row[1]),
        "rows_expired": int(row[2] or 0),
        "rows_unparsed": 0,
    }


def _parse_dates(values: pd.Series) -> pd.Series:
    text = values.astype("string").str.strip()
    iso = pd.to_datetime(text, errors="coerce", format="ISO8601", utc=True)
    rest = iso.isna() & text.notna() & (text != "")
    if rest.any():
        iso = iso.copy()
        iso[rest] = pd.to_datetime(text[rest], errors="coerce", dayfirst=True, utc=True, format="mixed")
    return iso


def _count_rows(connector: Any, table: str, column: str, cutoff: dt.date) -> dict[str, int]:
    limit = pd.Timestamp(cutoff, tz="UTC")
    rows = dated = expired = unparsed = 0
    try:
        for chunk in connector.iter_rows(table):
            values = chunk[column]
            rows += len(values)
            if pd.api.types.is_datetime64_any_dtype(values):
                parsed = pd.to_datetime(values, utc=True)
                present = values.notna()
            else:
                present = values.notna() & (values.astype("string").str.strip() != "")
                parsed = _parse_dates(values)
            dated += int(parsed.notna().sum())
            unparsed += int((present & parsed.isna()).sum())
            expired += int((parsed < limit).sum())
    except PiiScanError:
        raise
    except KeyError:
        raise SourceNotFound(connector.display_name, f"no column {column!r} in {table!r}") from None
    return {"rows": rows, "rows_dated": dated, "rows_expired": expired, "rows_unparsed": unparsed}
