"""report.html in headless Chromium, in nl, fr and en: nothing runs off the page at 1280 px nor at the A4
print width, the PDF has A4 pages printed at full size (Chromium shrinks a page that is too wide: its
text then comes out smaller), and the same checks do catch a page that overflows.

The checks live in scripts/render_report.py, which also writes the PNGs for a look by eye."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
_spec = importlib.util.spec_from_file_location("render_report", ROOT / "scripts" / "render_report.py")
render = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
_spec.loader.exec_module(render)  # type: ignore[union-attr]

pytestmark = pytest.mark.skipif(not (EXAMPLES / "pii-scan.toml").exists(), reason="examples/ not generated")


def _need(tool: str | None, what: str) -> None:
    if tool:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} is not installed (.ci/run installs it)")
    pytest.skip(f"{what} is not installed (apt-get install {what})")


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[str, Path]:
    _need(render.chromium(), "chromium")
    from pii_scan.config import load_config
    from pii_scan.export import write_package
    from pii_scan.subject import find_subject

    out = tmp_path_factory.mktemp("render")
    config = load_config(EXAMPLES / "pii-scan.toml")
    truth = json.loads((EXAMPLES / ".ground_truth.json").read_text(encoding="utf-8"))["planted_person"]
    # email and name: the name's mentions in letters are candidates, so marked rows are rendered too
    given = {"email": [truth["email"]], "name": [f"{truth['first_name']} {truth['last_name']}"]}
    result = find_subject([], given, config)
    pages = {}
    for lang in ("nl", "fr", "en"):
        write_package(result, out / f"{lang}.zip", config, lang=lang)
        html = out / f"report-{lang}.html"
        html.write_bytes(zipfile.ZipFile(out / f"{lang}.zip").read("report.html"))
        pages[lang] = html
    return pages


@pytest.mark.parametrize("lang", ["nl", "fr", "en"])
def test_report_fits_1280_px_and_a4_in_chromium(reports, tmp_path, lang) -> None:
    html = reports[lang]
    page = html.read_text(encoding="utf-8")
    assert "<script" not in page and "http://" not in page and "@page { size: A4" in page
    assert "te bevestigen" in page or "à confirmer" in page or "to be confirmed" in page
    profile = tmp_path / "profile"
    screen = render.overflow(html, 1280, profile)
    assert screen["viewport"] == 1280 and screen["page"] <= 1280 and screen["overflowing"] == []
    printed = render.overflow(html, render.A4_CONTENT_PX, profile, print_rules=True)
    assert printed["page"] <= render.A4_CONTENT_PX and printed["overflowing"] == []
    pdf = tmp_path / f"{lang}.pdf"
    render.print_pdf(html, pdf, profile)
    sizes = render.pdf_pages(pdf)
    assert len(sizes) >= 3
    assert all(abs(w - render.A4_POINTS[0]) < 2 and abs(h - render.A4_POINTS[1]) < 2 for w, h in sizes)
    _need(shutil.which("pdftotext"), "poppler-utils")
    height = render.text_height(pdf)
    assert height is not None and height >= render.MIN_TEXT_PT  # printed at full size, not shrunk


def test_the_checks_catch_a_page_that_overflows(tmp_path) -> None:
    _need(render.chromium(), "chromium")
    words = " ".join(["ordinary words of a paragraph"] * 8)
    cells = "".join(f"<td>{c * 40}</td>" for c in "ABC")
    bad = tmp_path / "bad.html"
    bad.write_text(
        "<!DOCTYPE html><html><head><meta charset='utf-8'><style>@page { size: A4; margin: 15mm 12mm; }"
        " body { font-size: 10pt } td { white-space: nowrap }</style></head>"
        f"<body><p>{words}</p><table><tr>{cells}</tr></table></body></html>",
        encoding="utf-8",
    )
    profile = tmp_path / "profile"
    printed = render.overflow(bad, render.A4_CONTENT_PX, profile, print_rules=True)
    assert printed["page"] > render.A4_CONTENT_PX and any(b.startswith("TD") for b in printed["overflowing"])
    pdf = tmp_path / "bad.pdf"
    render.print_pdf(bad, pdf, profile)
    _need(shutil.which("pdftotext"), "poppler-utils")
    height = render.text_height(pdf)
    assert height is not None and height < render.MIN_TEXT_PT  # Chromium shrank it to fit the paper


@pytest.mark.slow  # about 40 s: three reports, screenshots and every page as PNG
def test_script_writes_pngs_of_every_page(tmp_path) -> None:
    _need(render.chromium(), "chromium")
    _need(shutil.which("pdftoppm"), "poppler-utils")
    assert render.main(["--out", str(tmp_path)]) == 0
    for lang in ("nl", "fr", "en"):
        assert (tmp_path / f"report-{lang}-1280.png").stat().st_size > 20_000
        pngs = sorted(tmp_path.glob(f"report-{lang}-page-*.png"))
        assert len(pngs) == len(render.pdf_pages(tmp_path / f"report-{lang}.pdf")) >= 3
        assert all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in pngs)
