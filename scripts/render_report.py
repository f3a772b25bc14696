#!/usr/bin/env python3
"""Render subject-access reports in headless Chromium: a 1280 px screenshot, an A4 PDF and its pages as
PNG, and a check that nothing runs off the page (at 1280 px and at the A4 print width).

    python scripts/render_report.py --out /tmp/reports                 # the examples' person, nl fr en
    python scripts/render_report.py --out /tmp/reports package.zip ... # report.html of given packages

Writes ``<name>-1280.png``, ``<name>.pdf``, ``<name>-page-N.png`` (pdftoppm from poppler-utils, else a
Chromium screenshot at the A4 size) and prints one line per report with the overflow check; exit code
1 when something overflows. The shipped report has no script: the check runs on a copy with one added.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

A4_MM = (210, 297)
PRINT_MARGIN_MM = 12  # left and right, as report.html.j2's @page says
CSS_PX_PER_MM = 96 / 25.4
A4_CONTENT_PX = round((A4_MM[0] - 2 * PRINT_MARGIN_MM) * CSS_PX_PER_MM)  # 703 CSS px
A4_POINTS = (595.28, 841.89)
MIN_TEXT_PT = 10.0  # print text is 10pt (word boxes about 10.8pt high): smaller means shrunk to fit

# Reads every box that may overflow; writes the result into the page, for --dump-dom to carry out.
_CHECK = """<script>
(function () {
  var doc = document.documentElement, bad = [];
  document.querySelectorAll("td, th, dd, dt, p, li, h1, h2, h3, table, dl").forEach(function (el) {
    var right = el.getBoundingClientRect().right;
    if (el.scrollWidth > el.clientWidth + 1 || right > window.innerWidth + 1) {
      bad.push(el.tagName + ": " + (el.textContent || "").trim().slice(0, 60));
    }
  });
  var out = document.createElement("pre");
  out.id = "overflow-check";
  out.textContent = JSON.stringify({viewport: window.innerWidth, page: doc.scrollWidth, overflowing: bad});
  document.body.appendChild(out);
})();
</script>"""


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def _run(args: list[str], profile: Path, timeout: int = 120) -> subprocess.CompletedProcess[str]:
    exe = chromium()
    if exe is None:
        raise RuntimeError("chromium is not installed (apt-get install chromium)")
    cmd = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--hide-scrollbars", f"--user-data-dir={profile}", *args]  # fmt: skip
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)


def overflow(html: Path, width: int, profile: Path, *, print_rules: bool = False) -> dict[str, Any]:
    """Layout at ``width`` CSS px: ``{"viewport", "page", "overflowing": [...]}``. ``print_rules``
    applies the page's ``@media print`` rules on screen (at the A4 width: the print layout)."""
    text = html.read_text(encoding="utf-8")
    if print_rules:
        text = text.replace("@media print", "@media all")
    copy = profile.parent / f"check-{html.stem}-{width}.html"
    copy.write_text(text.replace("</body>", _CHECK + "</body>"), encoding="utf-8")
    res = _run(["--dump-dom", f"--window-size={width},1200", copy.as_uri()], profile)
    m = re.search(r'<pre id="overflow-check">(.*?)</pre>', res.stdout, re.S)
    if not m:
        raise RuntimeError(f"chromium gave no layout for {html.name}: {res.stderr[-500:]}")
    result: dict[str, Any] = json.loads(m.group(1).replace("&quot;", '"').replace("&amp;", "&"))
    return result


def screenshot(html: Path, png: Path, width: int, height: int, profile: Path) -> None:
    _run([f"--screenshot={png}", f"--window-size={width},{height}", html.as_uri()], profile)
    if not png.exists():
        raise RuntimeError(f"chromium wrote no screenshot of {html.name}")


def print_pdf(html: Path, pdf: Path, profile: Path) -> None:
    _run([f"--print-to-pdf={pdf}", "--no-pdf-header-footer", html.as_uri()], profile)
    if not pdf.exists():
        raise RuntimeError(f"chromium wrote no PDF of {html.name}")


def pdf_pages(pdf: Path) -> list[tuple[float, float]]:
    """The size in points of each page (Chromium writes its page dictionaries uncompressed)."""
    raw = pdf.read_bytes().decode("latin-1")
    boxes = re.findall(r"/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]", raw)
    return [(float(x1) - float(x0), float(y1) - float(y0)) for x0, y0, x1, y1 in boxes]


def pdf_to_png(pdf: Path, prefix: Path, html: Path, profile: Path) -> list[Path]:
    """Each page as PNG (pdftoppm, 72 dpi); without poppler-utils, one Chromium screenshot at A4 size."""
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "72", str(pdf), str(prefix)], check=True, timeout=120)
        return sorted(prefix.parent.glob(prefix.name + "-*.png"))
    png = prefix.with_name(prefix.name + "-a4.png")
    screenshot(html, png, A4_CONTENT_PX, round(A4_MM[1] * CSS_PX_PER_MM), profile)
    return [png]


def text_height(pdf: Path) -> float | None:
    """The median height in points of the words in the PDF (pdftotext -bbox, poppler-utils; None
    without it). Chromium shrinks a page whose content is wider than the paper to fit: the text then
    comes out smaller than the CSS says (report.html.j2 prints its text at 10pt and more)."""
    if not shutil.which("pdftotext"):
        return None
    res = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, timeout=120)
    boxes = re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', res.stdout)
    heights = [float(y1) - float(y0) for y0, y1 in boxes]
    return statistics.median(heights) if heights else None


def render(html: Path, out: Path, name: str) -> dict[str, Any]:
    """Screenshot, PDF, page PNGs and the two overflow checks of one report."""
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        profile = Path(tmp) / "profile"
        screen = overflow(html, 1280, profile)
        printed = overflow(html, A4_CONTENT_PX, profile, print_rules=True)
        screenshot(html, out / f"{name}-1280.png", 1280, 2400, profile)
        pdf = out / f"{name}.pdf"
        print_pdf(html, pdf, profile)
        pngs = pdf_to_png(pdf, out / f"{name}-page", html, profile)
    return {"screen": screen, "print": printed, "pages": pdf_pages(pdf), "pngs": [str(p) for p in pngs],
            "text_height": text_height(pdf)}  # fmt: skip


def _example_packages(out: Path) -> list[tuple[str, Path]]:
    """The examples' planted person (email and name: so there are candidates too), nl fr en."""
    from pii_scan.config import load_config
    from pii_scan.export import write_package
    from pii_scan.subject import find_subject

    examples = Path(__file__).resolve().parents[1] / "examples"
    config = load_config(examples / "pii-scan.toml")
    truth = json.loads((examples / ".ground_truth.json").read_text(encoding="utf-8"))["planted_person"]
    given = {"email": [truth["email"]], "name": [f"{truth['first_name']} {truth['last_name']}"]}
    result = find_subject([], given, config)
    made = []
    for lang in ("nl", "fr", "en"):
        zip_path = out / f"example-{lang}.zip"
        write_package(result, zip_path, config, lang=lang)
        made.append((f"report-{lang}", zip_path))
    return made


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("packages", nargs="*", type=Path, help="export zips (default: the examples, nl fr en)")
    ap.add_argument("--out", type=Path, required=True, help="folder for the PNG and PDF files")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    packages = [(p.stem, p) for p in args.packages] or _example_packages(args.out)
    failed = False
    for name, zip_path in packages:
        html = args.out / f"{name}.html"
        html.write_bytes(zipfile.ZipFile(zip_path).read("report.html"))
        res = render(html, args.out, name)
        bad = res["screen"]["overflowing"] + res["print"]["overflowing"]
        height = res["text_height"]
        if height is not None and height < MIN_TEXT_PT:
            bad.append(f"PDF: text {height:.1f} pt high, under {MIN_TEXT_PT} pt: shrunk to fit the paper")
        a4 = all(abs(w - A4_POINTS[0]) < 2 and abs(h - A4_POINTS[1]) < 2 for w, h in res["pages"])
        failed |= bool(bad) or not a4
        print(
            f"{name}: 1280 px page {res['screen']['page']} px, A4 width page {res['print']['page']} px "
            f"(of {A4_CONTENT_PX}), {len(res['pages'])} A4 page(s){'' if a4 else ' NOT A4'}, "
            f"{len(bad)} overflowing box(es); {len(res['pngs'])} PNG(s) in {args.out}"
        )
        for line in bad[:10]:
            print(f"  overflows: {line}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
