"""Line numbers of keys in a TOML text, for error messages.

``tomllib`` returns plain dicts without positions, so the configuration loader finds the line of a key
here: a light scan of table headers and ``key =`` lines (enough for hand-written configuration files).
"""

from __future__ import annotations

import re

__all__ = ["KeyLines"]

_BARE_OR_QUOTED = r'(?:[A-Za-z0-9_\-]+|"[^"]*"|\'[^\']*\')'
_KEY = re.compile(rf"^({_BARE_OR_QUOTED}(?:\s*\.\s*{_BARE_OR_QUOTED})*)\s*=")
_AOT = re.compile(r"^\[\[\s*([^\]]+?)\s*\]\]")
_TABLE = re.compile(r"^\[\s*([^\]]+?)\s*\]")

Path = tuple[str | int, ...]


def _split(dotted: str) -> tuple[str, ...]:
    parts = re.findall(rf"{_BARE_OR_QUOTED}", dotted)
    return tuple(p[1:-1] if p[:1] in "\"'" else p for p in parts)


class KeyLines:
    """Maps key paths such as ``("sources", 1, "location")`` to 1-based line numbers."""

    def __init__(self, text: str) -> None:
        self.text_lines = text.splitlines()
        self.lines: dict[Path, int] = {}
        aot_index: dict[Path, int] = {}
        current: Path = ()
        in_multiline: str | None = None
        for no, line in enumerate(self.text_lines, 1):
            s = line.strip()
            if in_multiline:
                if in_multiline in s:
                    in_multiline = None
                continue
            if not s or s.startswith("#"):
                continue
            m = _AOT.match(s)
            if m:
                name: Path = _split(m.group(1))
                idx = aot_index.get(name, -1) + 1
                aot_index[name] = idx
                current = (*name, idx)
                self.lines.setdefault(name, no)
                self.lines.setdefault(current, no)
                continue
            m = _TABLE.match(s)
            if m:
                name = _split(m.group(1))
                # [a.b] after [[a]] belongs to the last [[a]] element
                if len(name) > 1 and name[:1] in aot_index:
                    name = (name[0], aot_index[name[:1]], *name[1:])
                current = name
                self.lines.setdefault(current, no)
                continue
            m = _KEY.match(s)
            if m:
                path = (*current, *_split(m.group(1)))
                self.lines.setdefault(path, no)
                rest = s[m.end() :]
                for quote in ('"""', "'''"):
                    if rest.count(quote) == 1:
                        in_multiline = quote

    def line_of(self, path: Path, value: str | None = None) -> int | None:
        """The line of ``path`` or of its nearest known parent; with ``value``, the first line from
        there that contains it (an item of a multi-line list, a ``${VAR}`` reference)."""
        p = tuple(path)
        while p and p not in self.lines:
            p = p[:-1]
        start = self.lines.get(p) if p else None
        if value is not None:
            for no in range(start or 1, len(self.text_lines) + 1):
                if value in self.text_lines[no - 1]:
                    return no
        return start
