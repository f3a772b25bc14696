"""Texts of ``pii-scan.toml`` that a data subject reads, per language: the controller, the register and
the labels of sources, tables, columns and categories.

Every such text may be written once (``purposes = ["invoicing"]``, in the file's ``language``, English
unless said otherwise) or per language, as a table (``purposes = {nl = [...], fr = [...], en = [...]}``)
or as dotted keys (``purposes.nl = [...]``); TOML makes both the same table. The plain form stays
where it always was (``Config.register[cat][key]``, ``Config.controller[key]``) so that the inventory
keeps working; the per-language forms go to ``Config.texts`` under ``"register.<cat>.<key>"`` and
``"controller.<key>"``. :func:`pick` chooses the text for a reader and says when it fell back.
"""

from __future__ import annotations

from typing import Any

from pii_scan.config_parse import (
    CONTROLLER_KEYS,
    REGISTER_CATEGORIES,
    REGISTER_KEYS,
    REGISTER_LIST_KEYS,
    REGISTER_TEXT_KEYS,
    TableReader,
)

__all__ = ["TextsReader", "LANGUAGES", "LABEL_KINDS", "pick", "pick_label"]

LANGUAGES = ("nl", "fr", "en")
LABEL_KINDS = ("sources", "tables", "columns", "categories")
# when the reader's language is missing, show the first of these that is there
_FALLBACK = ("en", "nl", "fr")


def pick(by_lang: dict[str, Any], plain: Any, plain_lang: str, lang: str) -> tuple[Any, str | None]:
    """The text for a reader of ``lang`` and the language it is in when that is not ``lang`` (a
    fallback the report must mention); ``(plain, None)`` when nothing is written at all."""
    if by_lang.get(lang):
        return by_lang[lang], None
    if not by_lang and plain:
        return plain, (None if plain_lang == lang else plain_lang)
    for other in _FALLBACK:
        if by_lang.get(other):
            return by_lang[other], other
    return plain, None


Labels = dict[str, dict[str, dict[str, str]]]


def pick_label(labels: Labels, kind: str, names: list[str], lang: str) -> str | None:
    """The first label of ``names`` (most specific first) in ``lang``, or written once for all."""
    table = labels.get(kind, {})
    for name in names:
        entry = table.get(name)
        if entry:
            text = entry.get(lang) or entry.get("*")
            if text:
                return text
    return None


class TextsReader(TableReader):
    """Reads the per-language texts; ``self.texts_by_lang`` collects them while the file is read."""

    texts_by_lang: dict[str, dict[str, Any]]

    def localized(self, table: dict, path: tuple[str | int, ...], key: str, many: bool) -> Any:
        """A text (``many``: a list of texts) written once or per language; returns the plain form."""
        value = table.get(key)
        if not isinstance(value, dict):
            return list(self.texts(table, path, key)) if many else (self.text(table, path, key) or "")
        where = (*path, key)
        self.check_keys(value, where, LANGUAGES, f"'{key}' (one text per language: nl, fr, en)")
        by_lang = {
            lang: list(self.texts(value, where, lang)) if many else (self.text(value, where, lang) or "")
            for lang in value
        }
        if not hasattr(self, "texts_by_lang"):
            self.texts_by_lang = {}
        self.texts_by_lang[".".join(str(p) for p in where)] = by_lang
        # the inventory (art. 30 register, for staff) reads the plain form: English first
        for lang in _FALLBACK:
            if by_lang.get(lang):
                return by_lang[lang]
        return [] if many else ""

    def load_controller(self, table: Any) -> dict[str, str]:
        self.check_keys(table, ("controller",), CONTROLLER_KEYS, "[controller]")
        return {k: self.localized(table, ("controller",), k, many=False) for k in table}

    def load_register(self, table: Any) -> dict[str, dict[str, Any]]:
        self.check_keys(table, ("register",), REGISTER_CATEGORIES, "[register] (categories)")
        out: dict[str, dict[str, Any]] = {}
        for category, entry in table.items():
            path: tuple[str | int, ...] = ("register", category)
            self.check_keys(entry, path, REGISTER_KEYS, f"[register.{category}]")
            rec: dict[str, Any] = {k: self.localized(entry, path, k, many=True) for k in REGISTER_LIST_KEYS}
            rec.update({k: self.localized(entry, path, k, many=False) for k in REGISTER_TEXT_KEYS})
            out[category] = rec
        return out

    def load_language(self, data: dict[str, Any]) -> str:
        lang = self.text(data, (), "language") or "en"
        if lang not in LANGUAGES:
            raise self.error(("language",), f"'language' is one of nl, fr, en, not {lang!r}")
        return lang

    def load_labels(self, table: Any) -> Labels:
        """``[labels.columns] email = {nl = "E-mailadres", ...}`` -> {"columns": {"email": {"nl": ...}}};
        a label written once is stored under ``"*"``."""
        self.check_keys(table, ("labels",), LABEL_KINDS, "[labels]")
        out: Labels = {}
        for kind, entries in table.items():
            path: tuple[str | int, ...] = ("labels", kind)
            if not isinstance(entries, dict):
                raise self.error(path, f"[labels.{kind}] must be a table of names and labels")
            out[kind] = {}
            for name, value in entries.items():
                if isinstance(value, dict):
                    self.check_keys(value, (*path, name), LANGUAGES, f"the label of {name!r} (nl, fr, en)")
                    out[kind][name] = {lang: self.text(value, (*path, name), lang) or "" for lang in value}
                else:
                    out[kind][name] = {"*": self.text(entries, path, name) or ""}
        return out
