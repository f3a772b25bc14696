"""What a subject search cannot search is said, not answered with nothing: an ``--id`` naming an
unknown table or column (``IdentifierError``), a configured link or ``[subject]`` table naming nothing
(``ConfigError`` naming the configuration line)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from pii_scan.connectors.base import TableInfo
from pii_scan.errors import ConfigError, IdentifierError
from pii_scan.subject.identifiers import Identifier
from pii_scan.subject.links import TableRef
from pii_scan.subject.matching import table_matches

__all__ = ["check_id_targets", "check_config_tables"]


def check_id_targets(ids: Sequence[Identifier], infos: Iterable[TableInfo]) -> None:
    """An ``--id`` naming a table or column no source has cannot be searched: say so (IdentifierError)."""
    infos = list(infos)
    for ident in ids:
        if ident.kind != "id" or not ident.table:
            continue
        tables = [i for i in infos if table_matches(ident.table, i.name)]
        if not tables:
            raise IdentifierError(f"--id {ident.masked}: no table {ident.table!r} in the sources searched")
        if not any(ident.column in i.column_names for i in tables):
            raise IdentifierError(
                f"--id {ident.masked}: no column {ident.column!r} in table {tables[0].name!r}"
            )


def check_config_tables(
    config: Any,
    unresolved: Sequence[tuple[Any, str, str]],
    tables: Iterable[TableRef],
    locations: Sequence[Any],
) -> None:
    """A configured link or ``[subject]`` table naming nothing is a configuration error naming the
    line, once every configured source was searched (a search of some sources cannot tell)."""
    if not all(s in locations for s in getattr(config, "sources", [])):
        return
    for cl, side, missing in unresolved:
        text = f"{cl.from_table}:{cl.from_column} -> {cl.to_table}:{cl.to_column}"
        where = (
            (getattr(cl, "where_to", "") if side == "to" else "") or getattr(cl, "where", "") or config.path
        )
        raise ConfigError(f"{where}: link {text!r} points at nothing: {missing}")
    tables = list(tables)
    lines = getattr(config, "subject_lines", {})
    for key in ("shared_tables", "owned_tables"):
        for name in getattr(config, key, ()):
            if not any(table_matches(name, ref.name) for ref in tables):
                where = lines.get(f"{key}:{name}", config.path)
                raise ConfigError(f"{where}: [subject] {key}: no table {name!r} in the sources searched")
