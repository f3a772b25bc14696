"""The inline entity markup of the project's own written sentences (training/markup.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "training"))
from markup import MarkupError, parse_line, read_markup  # noqa: E402


def test_spans_point_at_the_surface_text() -> None:
    text, spans = parse_line("[Bart De Wever|PER] sprak in [Sint-Niklaas|LOC] met [Radio Brussel|ORG].")
    assert text == "Bart De Wever sprak in Sint-Niklaas met Radio Brussel."
    assert [(text[a:b], lab) for a, b, lab in spans] == [
        ("Bart De Wever", "PER"), ("Sint-Niklaas", "LOC"), ("Radio Brussel", "ORG"),
    ]  # fmt: skip


@pytest.mark.parametrize("bad", ["[Gent|CITY] is mooi.", "[ Gent|LOC] is mooi.", "Gent] is mooi.", "a | b"])
def test_malformed_lines_are_refused(bad: str) -> None:
    with pytest.raises(MarkupError):
        parse_line(bad)


def test_folder_reads_txt_files_in_order_and_names_the_bad_line(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("# comment\n\n[Luik|LOC] ligt aan de Maas.\n", encoding="utf8")
    (tmp_path / "a.txt").write_text("[Jan|PER] komt.\n", encoding="utf8")
    assert [t for t, _ in read_markup(tmp_path)] == ["Jan komt.", "Luik ligt aan de Maas."]
    (tmp_path / "c.txt").write_text("ok\n[x|FOO]\n", encoding="utf8")
    with pytest.raises(MarkupError, match=r"c\.txt:2"):
        read_markup(tmp_path)
