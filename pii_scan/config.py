"""The ``pii-scan.toml`` configuration: sources, controller, processing register, links, retention.

``load_config(path)`` reads and validates the whole file. Every problem is a ``ConfigError`` naming the
file and line (``pii-scan.toml:12: unknown key 'sorces'``): a wrong key never falls back to a default.
Secrets come from environment variables written ``${NAME}``; a password written literally inside a
database URL is refused. Relative paths are resolved against the configuration file's folder, so a
configuration works from any working directory (cron).

This module holds the dataclasses and the public functions; the checks of single values and tables
(keys, texts, ``${NAME}``, database URLs, ages, link texts) live in ``pii_scan.config_parse``, which
never imports this module. ``parse_age`` and the key lists are re-exported from here.
"""

from __future__ import annotations

import fnmatch
import os
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pii_scan.config_parse import (
    CONTROLLER_KEYS,
    INVENTORY_KEYS,
    LINK_KEYS,
    REGISTER_CATEGORIES,
    REGISTER_KEYS,
    REGISTER_LIST_KEYS,
    REGISTER_TEXT_KEYS,
    RETENTION_KEYS,
    ROOT_KEYS,
    SERVER_KEYS,
    SOURCE_KEYS,
    SOURCE_NAME,
    SUBJECT_KEYS,
    THRESHOLD_KEYS,
    parse_age,
    split_link,
    table_column,
)
from pii_scan.config_texts import TextsReader
from pii_scan.errors import ConfigError
from pii_scan.limits import LIMIT_KEYS, Limits

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

__all__ = [
    "Config",
    "SourceConfig",
    "LinkConfig",
    "RetentionRule",
    "load_config",
    "find_config",
    "sources_from",
    "parse_age",
    "parse_link",
    "init_config",
    "template_text",
    "DEFAULT_CONFIG_NAME",
    "REGISTER_CATEGORIES",
    "CONTROLLER_KEYS",
    "REGISTER_KEYS",
    "REGISTER_LIST_KEYS",
    "REGISTER_TEXT_KEYS",
]

# Beyond these a value is a typo or an attack, not a setting: a sample of 10**20 rows is the whole
# table, a limit of 2**64 overflows the drivers it reaches.
MAX_SAMPLE = 10_000_000
MAX_LIMIT = 2**40

DEFAULT_CONFIG_NAME = "pii-scan.toml"


@dataclass(frozen=True)
class SourceConfig:
    name: str
    location: str  # absolute path or glob, or SQLAlchemy URL with secrets expanded
    include: tuple[str, ...] = ()  # glob patterns on table names and file paths
    exclude: tuple[str, ...] = ()
    # the URL's password as written (``${VAR}``): cluster workers expand it themselves (worker_location)
    password_ref: str = field(default="", compare=False, repr=False)

    def selects(self, file: str, table: str | None = None) -> bool:
        """Whether include/exclude let a unit through. Patterns match the table name, the file (relative
        to the source) or its base name, or ``file:table``. Without ``table`` only the file is judged,
        by ``exclude`` alone: an include pattern may name a table inside the file."""
        names = {file, os.path.basename(file)} | ({table, f"{file}:{table}"} if table is not None else set())
        names.discard("")

        def hit(patterns: tuple[str, ...]) -> bool:
            return any(fnmatch.fnmatchcase(n, p) for p in patterns for n in names)

        if table is not None and self.include and not hit(self.include):
            return False
        return not hit(self.exclude)


@dataclass(frozen=True)
class LinkConfig:
    """``from_table.from_column`` holds values of ``to_table.to_column`` (a foreign key between files)."""

    from_table: str
    from_column: str
    to_table: str
    to_column: str
    from_source: str | None = None  # a source name, when the table name alone is ambiguous
    to_source: str | None = None
    where: str = field(default="", compare=False)  # "pii-scan.toml:12", for errors naming the line
    where_to: str = field(default="", compare=False)  # the line of ``to`` when written apart


@dataclass(frozen=True)
class RetentionRule:
    """Rows of ``source``/``table`` whose date in ``column`` is older than the limit are overdue."""

    source: str
    table: str
    column: str
    max_age_days: int
    max_age: str = ""  # as written, e.g. "10y": years and months are counted on the calendar
    note: str = ""  # the policy in words, shown in the register


@dataclass
class Config:
    path: str | None
    sources: list[SourceConfig] = field(default_factory=list)
    controller: dict[str, str] = field(default_factory=dict)
    register: dict[str, dict[str, Any]] = field(default_factory=dict)
    links: list[LinkConfig] = field(default_factory=list)
    retention: list[RetentionRule] = field(default_factory=list)
    sample: int = 1000
    state_dir: str = ".pii-scan"  # absolute after load_config
    out_dir: str = "inventory"  # absolute after load_config
    key_file: str | None = None  # HMAC key for fingerprints; never inside state_dir
    # [subject]: tables the subject-access walk treats as shared context / as the subject's own,
    # overriding what the data says; subject_lines: "shared_tables:rental" -> "pii-scan.toml:12"
    shared_tables: tuple[str, ...] = ()
    owned_tables: tuple[str, ...] = ()
    subject_lines: dict[str, str] = field(default_factory=dict)
    search_views: bool = True  # [subject] search_views = false: views that store nothing are skipped
    workers: int = 1  # measured: on 2 cores, worker processes cost more (model loading) than they save
    limits: Limits = field(default_factory=Limits)  # [limits]: what one source may cost
    language: str = "en"  # the language of texts written once (not per language)
    # per-language forms of controller and register texts: "register.contact.purposes" -> {"nl": [...]}
    texts: dict[str, dict[str, Any]] = field(default_factory=dict)
    labels: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)  # see config_texts
    scheduler: str = ""  # "" in process; "local:N" or a Dask scheduler address (pii_scan.executors)
    tls: dict[str, str] = field(default_factory=dict)  # tls_ca_file/tls_cert/tls_key paths for Dask
    part_rows: int = 10_000_000  # a subject search on a cluster splits tables above this (pii_scan.chunks)
    # [server] of `pii-scan serve`: tls_cert, tls_key, packages (absolute paths), due_days (int)
    server: dict[str, Any] = field(default_factory=dict)

    def source(self, name: str) -> SourceConfig:
        for s in self.sources:
            if s.name == name:
                return s
        raise ConfigError(f"{self.path or 'configuration'}: no source named {name!r}")


# -- public helpers ---------------------------------------------------------------------------------


def find_config(path: str | os.PathLike[str] | None = None) -> Config | None:
    """The ``--config`` file if given, else ``$PII_SCAN_CONFIG``, else ``./pii-scan.toml`` if present."""
    if path is not None:
        return load_config(path)
    env = os.environ.get("PII_SCAN_CONFIG")
    if env:
        return load_config(env)
    if os.path.isfile(DEFAULT_CONFIG_NAME):
        return load_config(DEFAULT_CONFIG_NAME)
    return None


def sources_from(config: Config | None, cli_sources: Sequence[str] = ()) -> list[SourceConfig]:
    """Sources for a command: those named on the command line win, else the configured ones.

    A command-line argument that is the name of a configured source selects that source.
    """
    if cli_sources:
        out = []
        for i, loc in enumerate(cli_sources):
            named = [s for s in (config.sources if config else []) if s.name == loc]
            if named:
                out.append(named[0])
            else:
                name = os.path.basename(loc.rstrip("/\\")) if "://" not in loc else f"source{i + 1}"
                out.append(SourceConfig(name=name or f"source{i + 1}", location=loc))
        return out
    if config is not None and config.sources:
        return list(config.sources)
    where = f" in {config.path}" if config and config.path else ""
    raise ConfigError(f"no sources: name one on the command line or add a [[sources]] table{where}")


def parse_link(text: str) -> LinkConfig:
    """``"orders.csv:customer_id -> customers.csv:id"`` -> LinkConfig. Column names may contain dots."""
    return LinkConfig(*split_link(text))


# -- loading ----------------------------------------------------------------------------------------


def load_config(path: str | os.PathLike[str]) -> Config:
    """Read, expand and validate a configuration file. Raises ConfigError naming file and line."""
    p = Path(path)
    label = str(path)
    try:
        raw = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{label}: no such configuration file (create one with 'pii-scan init')") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{label}: cannot read: {type(exc).__name__}") from None
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        where = f"{label}:{m.group(1)}" if m else label
        reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc)) or "invalid TOML"
        raise ConfigError(f"{where}: not valid TOML: {reason}") from None
    return _Loader(label, raw, p.resolve().parent).load(data)


class _Loader(TextsReader):
    """Builds the Config dataclasses from the checked tables (checks themselves: ``config_parse``)."""

    # sections ------------------------------------------------------------------------------------
    def load(self, data: dict[str, Any]) -> Config:
        self.check_keys(data, (), ROOT_KEYS, "the top level")
        cfg = Config(path=self.label)
        self.texts_by_lang = {}
        cfg.language = self.load_language(data)
        self.load_inventory(data, cfg)
        self.load_thresholds(data, cfg)
        cfg.limits = self.load_limits(data.get("limits", {}))
        cfg.controller = self.load_controller(data.get("controller", {}))
        cfg.sources = self.load_sources(data.get("sources", []))
        cfg.register = self.load_register(data.get("register", {}))
        cfg.labels = self.load_labels(data.get("labels", {}))
        cfg.texts = self.texts_by_lang
        cfg.links = self.load_links(data.get("links", []), cfg)
        cfg.retention = self.load_retention(data.get("retention", []), cfg)
        self.load_subject(data, cfg)
        cfg.server = self.load_server(data.get("server", {}))
        return cfg

    def where(self, path: tuple[str | int, ...], value: str | None = None) -> str:
        line = self.lines.line_of(path, value)
        return f"{self.label}:{line}" if line else self.label

    def load_subject(self, data: dict[str, Any], cfg: Config) -> None:
        sub = self.check_keys(data.get("subject", {}), ("subject",), SUBJECT_KEYS, "[subject]")
        if "search_views" in sub:
            if not isinstance(sub["search_views"], bool):
                raise self.error(("subject", "search_views"), "'search_views' must be true or false")
            cfg.search_views = sub["search_views"]
        for key in ("shared_tables", "owned_tables"):
            names = self.texts(sub, ("subject",), key)
            setattr(cfg, key, names)
            for name in names:
                cfg.subject_lines[f"{key}:{name}"] = self.where(("subject", key), name)

    def load_server(self, table: Any) -> dict[str, Any]:
        srv = self.check_keys(table, ("server",), SERVER_KEYS, "[server]")
        out: dict[str, Any] = {}
        for key in ("tls_cert", "tls_key", "packages"):
            value = self.text(srv, ("server",), key)
            if value:
                out[key] = self.resolve(value)
        if "due_days" in srv:
            days = srv["due_days"]
            if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= 92:
                raise self.error(("server", "due_days"), "due_days must be a whole number of days, 1 to 92")
            out["due_days"] = days
        if "staff_see_all" in srv:
            if not isinstance(srv["staff_see_all"], bool):
                raise self.error(("server", "staff_see_all"), "staff_see_all must be true or false")
            out["staff_see_all"] = srv["staff_see_all"]
        if ("tls_cert" in out) != ("tls_key" in out):
            raise self.error(("server",), "give both tls_cert and tls_key, or neither")
        return out

    def load_inventory(self, data: dict[str, Any], cfg: Config) -> None:
        inv = self.check_keys(data.get("inventory", {}), ("inventory",), INVENTORY_KEYS, "[inventory]")
        path = ("inventory",)
        cfg.state_dir = self.resolve(self.text(inv, path, "state_dir") or ".pii-scan")
        cfg.out_dir = self.resolve(self.text(inv, path, "out") or "inventory")
        key_file = self.text(inv, path, "key_file")
        if key_file:
            cfg.key_file = self.resolve(key_file)
            state = os.path.join(cfg.state_dir, "")
            if os.path.join(cfg.key_file, "").startswith(state):
                raise self.error(
                    (*path, "key_file"), "key_file must lie outside state_dir (the key protects it)"
                )
        if "workers" in inv:
            w = inv["workers"]
            if not isinstance(w, int) or isinstance(w, bool) or w < 1:
                raise self.error((*path, "workers"), "'workers' must be a whole number of 1 or more")
            cfg.workers = w
        if "part_rows" in inv:
            n = inv["part_rows"]
            if not isinstance(n, int) or isinstance(n, bool) or n < 0:
                raise self.error((*path, "part_rows"), "'part_rows' must be a whole number (0: never split)")
            cfg.part_rows = n
        self.load_cluster(inv, cfg)

    def load_cluster(self, inv: dict[str, Any], cfg: Config) -> None:
        from pii_scan.executors import check_spec

        path = ("inventory",)
        scheduler = self.text(inv, path, "scheduler")
        if scheduler:
            try:
                cfg.scheduler = check_spec(scheduler)
            except ValueError as exc:
                raise self.error((*path, "scheduler"), str(exc)) from None
        for key in ("tls_ca_file", "tls_cert", "tls_key"):
            value = self.text(inv, path, key)
            if value:
                cfg.tls[key] = self.resolve(value)
        if cfg.tls and not {"tls_cert", "tls_key"} <= set(cfg.tls):
            raise self.error(path, "TLS needs both tls_cert and tls_key (and tls_ca_file to check the peer)")

    def load_thresholds(self, data: dict[str, Any], cfg: Config) -> None:
        th = self.check_keys(data.get("thresholds", {}), ("thresholds",), THRESHOLD_KEYS, "[thresholds]")
        if "sample" in th:
            n = th["sample"]
            if not isinstance(n, int) or isinstance(n, bool) or n < 1 or n > MAX_SAMPLE:
                raise self.error(
                    ("thresholds", "sample"),
                    f"'sample' must be a whole number of rows from 1 to {MAX_SAMPLE:,}, e.g. 1000",
                )
            cfg.sample = n

    def load_limits(self, table: Any) -> Limits:
        """``[limits]``: whole numbers of 1 or more; sizes in bytes (``10_000_000`` is valid TOML)."""
        self.check_keys(table, ("limits",), LIMIT_KEYS, "[limits]")
        for key, value in table.items():
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise self.error(("limits", key), f"{key!r} must be a whole number of 1 or more")
            if value > MAX_LIMIT:
                raise self.error(("limits", key), f"{key!r} must be at most {MAX_LIMIT:,}")
        return Limits(**table)

    def load_sources(self, items: Any) -> list[SourceConfig]:
        if not isinstance(items, list):
            raise self.error(("sources",), "write each source as a [[sources]] table")
        out: list[SourceConfig] = []
        seen: set[str] = set()
        for i, item in enumerate(items):
            path: tuple[str | int, ...] = ("sources", i)
            self.check_keys(item, path, SOURCE_KEYS, "[[sources]]")
            name = self.text(item, path, "name", required=True) or ""
            if not SOURCE_NAME.match(name):
                raise self.error((*path, "name"), f"source name {name!r}: use letters, digits, '_', '-', '.'")
            if name in seen:
                raise self.error((*path, "name"), f"two sources are named {name!r}")
            seen.add(name)
            raw_location = item.get("location")
            location = self.text(item, path, "location", required=True) or ""
            password_ref = ""
            if isinstance(raw_location, str) and "://" in raw_location:
                location = self.check_url(raw_location, (*path, "location"))
                password_ref = _password_ref(raw_location)
            else:
                location = self.resolve(location)
            out.append(
                SourceConfig(
                    name=name,
                    location=location,
                    include=self.texts(item, path, "include"),
                    exclude=self.texts(item, path, "exclude"),
                    password_ref=password_ref,
                )
            )
        return out

    def load_links(self, items: Any, cfg: Config) -> list[LinkConfig]:
        if not isinstance(items, list):
            raise self.error(("links",), "write links as [[links]] tables or a list of 'a:x -> b:y' texts")
        names = {s.name for s in cfg.sources}
        out = []
        for i, item in enumerate(items):
            path: tuple[str | int, ...] = ("links", i)
            try:
                if isinstance(item, str):
                    sl = parse_link(item)
                    where = self.where(("links",), item)
                    out.append(
                        LinkConfig(sl.from_table, sl.from_column, sl.to_table, sl.to_column, where=where)
                    )
                    continue
                self.check_keys(item, path, LINK_KEYS, "[[links]]")
                if "link" in item:
                    link = parse_link(self.text(item, path, "link") or "")
                else:
                    a = table_column(self.text(item, path, "from", required=True) or "")
                    b = table_column(self.text(item, path, "to", required=True) or "")
                    link = LinkConfig(a[0], a[1], b[0], b[1])
            except ValueError as exc:
                raise self.error(
                    path if not isinstance(item, str) else ("links",), str(exc), value=None
                ) from None
            fs, ts = self.text(item, path, "from_source"), self.text(item, path, "to_source")
            for key, src in (("from_source", fs), ("to_source", ts)):
                if src is not None and src not in names:
                    raise self.error((*path, key), f"no source named {src!r}")
            if "link" in item:
                where = where_to = self.where((*path, "link"))
            else:
                where, where_to = self.where((*path, "from")), self.where((*path, "to"))
            out.append(
                LinkConfig(
                    link.from_table, link.from_column, link.to_table, link.to_column, fs, ts, where, where_to
                )
            )
        return out

    def load_retention(self, items: Any, cfg: Config) -> list[RetentionRule]:
        if not isinstance(items, list):
            raise self.error(("retention",), "write each retention rule as a [[retention]] table")
        names = {s.name for s in cfg.sources}
        out = []
        for i, item in enumerate(items):
            path: tuple[str | int, ...] = ("retention", i)
            self.check_keys(item, path, RETENTION_KEYS, "[[retention]]")
            source = self.text(item, path, "source", required=True) or ""
            if source not in names:
                raise self.error((*path, "source"), f"no source named {source!r} (see [[sources]] names)")
            if "max_age" not in item:
                raise self.error(path, "missing key 'max_age' (e.g. max_age = \"10y\")")
            try:
                days, text = parse_age(item["max_age"])
            except ValueError as exc:
                raise self.error((*path, "max_age"), str(exc)) from None
            out.append(
                RetentionRule(
                    source=source,
                    table=self.text(item, path, "table", required=True) or "",
                    column=self.text(item, path, "column", required=True) or "",
                    max_age_days=days,
                    max_age=text,
                    note=self.text(item, path, "note") or "",
                )
            )
        return out


def _password_ref(raw: str) -> str:
    from pii_scan.worker_location import password_ref

    return password_ref(raw)


# -- init -------------------------------------------------------------------------------------------

_EXAMPLE_BLOCK = re.compile(r"(?ms)^# >>> example source.*?\n(.*?)^# <<< example source\n")


def template_text(examples_present: bool) -> str:
    """The commented template; its example source is active only when ``examples/`` is next to it."""
    from importlib.resources import files

    text = files("pii_scan").joinpath("templates", "pii-scan.toml").read_text(encoding="utf-8")
    if examples_present:
        return text

    def comment_out(m: re.Match[str]) -> str:
        body = "".join(f"# {line}" if line.strip() else line for line in m.group(1).splitlines(True))
        return m.group(0).replace(m.group(1), body)

    return _EXAMPLE_BLOCK.sub(comment_out, text)


def init_config(path: str | os.PathLike[str], force: bool = False) -> str:
    """Write the template to ``path`` (atomically); refuses to overwrite an existing file unless ``force``."""
    from pii_scan.atomic import write_text_atomic
    from pii_scan.errors import OutputError

    target = Path(path)
    if target.exists() and not force:
        raise OutputError(f"{target}: already exists; use --force to overwrite it")
    folder = target.resolve().parent
    if not folder.is_dir():
        raise OutputError(f"{target}: folder {folder} does not exist")
    text = template_text((folder / "examples").is_dir())
    write_text_atomic(target, text)
    return str(target)
