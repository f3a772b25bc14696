"""``inventory.html``: one self-contained page (inline CSS and SVG, no script, nothing fetched)."""

from __future__ import annotations

import functools
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from pii_scan.config import REGISTER_CATEGORIES

__all__ = ["render_html", "bar_chart"]

# one colour per category, readable on white and distinguishable in grey print
COLOURS = {
    "identification": "#1f5fa8",
    "contact": "#2e8b57",
    "family": "#b8860b",
    "connection": "#6a4c93",
    "financial": "#c0392b",
    "sensitive": "#000000",
}


def bar_chart(
    values: dict[str, int], colours: dict[str, str] | None = None, width: int = 560
) -> dict[str, Any]:
    """Geometry of a horizontal bar chart for the template: label column, bars scaled to the maximum."""
    label_w, bar_h, gap = 170, 22, 8
    top = max(values.values(), default=0) or 1
    bars = []
    for i, (label, value) in enumerate(values.items()):
        length = round((width - label_w - 50) * value / top)
        colour = (colours or {}).get(label, "#1f5fa8")
        bars.append({"label": label, "value": value, "y": i * (bar_h + gap), "w": length, "colour": colour})
    return {
        "bars": bars,
        "width": width,
        "height": len(bars) * (bar_h + gap),
        "label_w": label_w,
        "bar_h": bar_h,
    }


@functools.lru_cache(maxsize=1)  # compiled once per process, not once per sweep
def _env() -> Environment:
    return Environment(
        loader=PackageLoader("pii_scan", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(doc: dict[str, Any]) -> str:
    s = doc["summary"]
    per_source = {name: sum(c.values()) for name, c in s["by_source"].items()}
    return (
        _env()
        .get_template("inventory.html.j2")
        .render(
            doc=doc,
            categories=REGISTER_CATEGORIES,
            colours=COLOURS,
            by_category=bar_chart(s["by_category"], COLOURS),
            by_source=bar_chart(per_source),
        )
    )
