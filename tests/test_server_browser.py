"""The staff workplace in headless Chromium (Debian's chromium and chromium-driver, Selenium), on
examples/: log in, open a request for the planted person by email and wait for it; see the four
sources, reveal one record, confirm the candidate; download the package and check its data.json.

Screenshots of each step go to ``$PII_SCAN_BROWSER_ARTIFACTS`` (default ``test-artifacts/browser/``,
git-ignored; CI keeps them). The test skips only when Chromium is absent and PII_SCAN_REQUIRE_BROWSER
is unset; with PII_SCAN_REQUIRE_BROWSER=1 (CI) a missing browser fails it.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import os
import shutil
import socket
import tempfile
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location("web_site", Path(__file__).with_name("web_site.py"))
assert _spec and _spec.loader
web_site = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(web_site)
EMAIL, PASSWORDS, make_site = web_site.EMAIL, web_site.PASSWORDS, web_site.make_site

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
ARTIFACTS = Path(os.environ.get("PII_SCAN_BROWSER_ARTIFACTS") or ROOT / "test-artifacts" / "browser")


def _need_browser() -> None:
    missing = [n for n, p in (("chromium", CHROMIUM), ("chromedriver", DRIVER)) if not p]
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append("selenium (pip install -e '.[test]')")
    if missing:
        reason = f"browser test needs {', '.join(missing)}"
        if os.environ.get("PII_SCAN_REQUIRE_BROWSER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture()
def server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, object]]:
    _need_browser()
    pytest.importorskip("uvicorn")
    import uvicorn

    from pii_scan.config import load_config
    from pii_scan.server.app import create_app

    monkeypatch.setenv("PII_SCAN_KEY", "test-key-of-the-browser-test-01")
    app = create_app(load_config(make_site(tmp_path)))
    app.state.store.add_user("stan", "staff", PASSWORDS["stan"])
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign]
    access = logging.getLogger("pii_scan.server")
    access.addHandler(handler)
    access.setLevel(logging.INFO)
    app.state.log_records = records
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                        access_log=False))  # fmt: skip
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.time() + 30
    while not srv.started and time.time() < deadline:
        time.sleep(0.05)
    assert srv.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}", app
    srv.should_exit = True
    thread.join(10)
    access.removeHandler(handler)


@pytest.fixture()
def browser(tmp_path: Path) -> Iterator[object]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    downloads = tmp_path / "downloads"
    downloads.mkdir()
    profile = tempfile.mkdtemp(prefix="pii-scan-chromium-")
    opts = webdriver.ChromeOptions()
    opts.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", f"--user-data-dir={profile}", "--window-size=1000,800"):
        opts.add_argument(arg)  # fmt: skip
    opts.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                           "download.prompt_for_download": False})  # fmt: skip
    driver = webdriver.Chrome(service=Service(executable_path=str(DRIVER)), options=opts)
    driver.downloads = downloads  # type: ignore[attr-defined]
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def test_staff_answer_a_request_in_the_browser(server, browser) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    base, app = server
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    wait = WebDriverWait(browser, 120)
    step = iter(range(1, 100))

    def shot(name: str) -> None:
        browser.save_screenshot(str(ARTIFACTS / f"{next(step):02d}-{name}.png"))

    browser.get(base + "/lang/en")
    browser.get(base + "/")
    wait.until(ec.presence_of_element_located((By.ID, "user")))
    browser.find_element(By.ID, "user").send_keys("stan")
    browser.find_element(By.ID, "password").send_keys(PASSWORDS["stan"])
    shot("login")
    browser.find_element(By.ID, "login").click()
    wait.until(ec.presence_of_element_located((By.LINK_TEXT, "New request"))).click()

    wait.until(ec.presence_of_element_located((By.ID, "id-email"))).send_keys(EMAIL)
    browser.find_element(By.ID, "requester").send_keys("ticket 2026-118")
    shot("new-request")
    browser.find_element(By.ID, "start").click()

    # the page's script polls the search and reloads when it is done: the counts table appears
    counts = wait.until(ec.presence_of_element_located((By.ID, "counts")))
    rows = [[c.text for c in row.find_elements(By.TAG_NAME, "td")]
            for row in counts.find_elements(By.CSS_SELECTOR, "tbody tr")]  # fmt: skip
    found = {(cells[0], cells[1]) for cells in rows if cells[2] or cells[3]}  # a match or a linked record
    four = {("crm", "customers"), ("files", "export_leden.csv"), ("files", "weblog.jsonl"),
            ("files", "letters/fr_demande_acces_rgpd.txt")}  # fmt: skip
    assert four <= found, found
    assert EMAIL not in browser.page_source.lower()  # masked until revealed
    browser.execute_script("arguments[0].scrollIntoView();", browser.find_element(By.ID, "search-state"))
    shot("result-masked")

    customers = browser.find_element(By.XPATH, "//section[h3[contains(., ': customers')]]")
    customers.find_element(By.CSS_SELECTOR, "button.reveal").click()
    shown = (By.XPATH, "//caption[contains(., 'shown in full')]")
    revealed = wait.until(ec.presence_of_element_located(shown))
    browser.execute_script("arguments[0].scrollIntoView();", revealed)
    assert EMAIL in browser.page_source.lower()
    shot("revealed")

    candidate = browser.find_element(By.CSS_SELECTOR, "section.record.candidate")
    candidate.find_element(By.NAME, "reason").send_keys("her own access request letter")
    candidate.find_element(By.CSS_SELECTOR, "button.confirm").click()
    badge = (By.CSS_SELECTOR, "section.candidate .badge.confirmed")
    wait.until(ec.presence_of_element_located(badge))
    section = browser.find_element(By.CSS_SELECTOR, "section.record.candidate")
    browser.execute_script("arguments[0].scrollIntoView();", section)
    shot("confirmed")

    browser.find_element(By.ID, "build-package").click()
    link = wait.until(ec.presence_of_element_located((By.ID, "download")))
    browser.execute_script("arguments[0].scrollIntoView();", link)
    shot("package")
    link.click()
    deadline = time.time() + 60
    zips: list[Path] = []
    while time.time() < deadline and not zips:
        zips = [p for p in browser.downloads.glob("*.zip")]
        time.sleep(0.2)
    assert zips, "the package was not downloaded"
    data = json.loads(zipfile.ZipFile(zips[0]).read("data.json"))
    tables = {t["table"] for s in data["sources"] for t in s["tables"]}
    assert {"customers", "contracts", "payments", "export_leden.csv", "weblog.jsonl"} <= tables
    assert "letters/fr_demande_acces_rgpd.txt" in tables  # the confirmed candidate
    assert "employees" not in tables  # third parties never
    fields = {f["name"]: f["value"] for s in data["sources"] for t in s["tables"] if t["table"] == "customers"
              for r in t["records"] for f in r["fields"]}  # fmt: skip
    assert fields["email"].lower() == EMAIL
    rid = browser.current_url.split("/requests/")[1].split("#")[0]
    log = "\n".join(r.getMessage() for r in app.state.log_records)
    assert f"POST /requests/{rid}/reveal 200" in log and EMAIL not in log.lower()
    assert {"revealed record", "confirmed candidate", "downloaded package"} <= {
        e["action"] for e in app.state.store.audit_log() if e["request_id"] == rid}  # fmt: skip


@pytest.mark.slow  # a full sweep of the example site (~10 s more): run with -m slow
def test_officer_sweeps_and_overrides_in_the_browser(server, browser) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import Select, WebDriverWait

    base, app = server
    app.state.store.add_user("olga", "officer", PASSWORDS["olga"])
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    wait = WebDriverWait(browser, 180)
    browser.get(base + "/lang/nl")
    browser.get(base + "/register")
    wait.until(ec.presence_of_element_located((By.ID, "user"))).send_keys("olga")
    browser.find_element(By.ID, "password").send_keys(PASSWORDS["olga"])
    browser.find_element(By.ID, "login").click()
    wait.until(ec.presence_of_element_located((By.XPATH, "//button[. = 'Nu inventariseren']"))).click()
    deadline = time.time() + 30
    while app.state.sweep is None and time.time() < deadline:  # the click's POST may still be on its way
        time.sleep(0.1)
    app.state.sweep.join(180)
    browser.get(base + "/register")
    summary = wait.until(ec.presence_of_element_located((By.XPATH, "//summary[contains(., 'export_leden')]")))
    summary.click()
    row = browser.find_element(By.XPATH, "//details[@open]//tr[td[1][. = 'Lidnummer']]")
    Select(row.find_element(By.NAME, "category")).select_by_value("none")
    row.find_element(By.NAME, "reason").send_keys("clubnummer, geen identificatie buiten de club")
    row.find_element(By.TAG_NAME, "button").click()
    wait.until(ec.presence_of_element_located((By.XPATH, "//td[contains(., 'clubnummer, geen')]")))
    browser.find_element(By.XPATH, "//summary[contains(., 'export_leden')]").click()
    browser.execute_script("window.scrollTo(0, 0);")
    browser.save_screenshot(str(ARTIFACTS / "20-register.png"))
    from pii_scan.server.officer import latest_document

    doc = latest_document(app.state.config)
    fields = [f for s in doc["sources"] for t in s["tables"] for f in t["fields"]]
    lid = next(f for f in fields if f["column"] == "Lidnummer")
    assert lid["category"] == "none" and lid["override"]["by"] == "olga"
