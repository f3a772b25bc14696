"""Control characters escaped for one-line messages: a file name holding a newline must not split an
error or a note over two lines (nor move the terminal's cursor)."""

from __future__ import annotations

__all__ = ["printable"]

_CONTROL = {c: f"\\x{c:02x}" for c in [*range(0x20), 0x7F]}
_CONTROL.update({ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t"})


def printable(text: str) -> str:
    """``text`` with control characters escaped (a file name with a newline stays on one line)."""
    return str(text).translate(_CONTROL)
