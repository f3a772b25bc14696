"""HTTP tests of the staff workplace (`pii-scan serve`) through Starlette's TestClient, on a copy of
examples/ plus one planted file: sessions, CSRF, roles, escaping, the API, packages and the logs."""

from __future__ import annotations

import importlib.util
import io
import json
import logging
import re
import sqlite3
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("multipart")
from starlette.testclient import TestClient  # noqa: E402

from pii_scan.config import load_config  # noqa: E402
from pii_scan.server.app import create_app  # noqa: E402

_spec = importlib.util.spec_from_file_location("web_site", Path(__file__).with_name("web_site.py"))
assert _spec and _spec.loader
web_site = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(web_site)
EMAIL, TRUTH, SCRIPT, PASSWORDS = web_site.EMAIL, web_site.TRUTH, web_site.SCRIPT, web_site.PASSWORDS
make_site = web_site.make_site


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_site(tmp_path_factory.mktemp("web"))


@pytest.fixture(scope="module")
def app(site: Path):  # type: ignore[no-untyped-def]
    mp = pytest.MonkeyPatch()
    mp.setenv("PII_SCAN_KEY", "test-key-of-the-workplace-0123")
    application = create_app(load_config(site))
    application.state.store.add_user("olga", "officer", PASSWORDS["olga"])
    application.state.store.add_user("stan", "staff", PASSWORDS["stan"])
    application.state.store.add_user("sara", "staff", PASSWORDS["sara"])
    yield application
    mp.undo()


def csrf_of(html: str) -> str:
    m = re.search(r'name="csrf" value="([^"]+)"', html)
    assert m, html[:500]
    return m.group(1)


def login(app, name: str) -> tuple[TestClient, str]:  # type: ignore[no-untyped-def]
    client = TestClient(app)
    token = csrf_of(client.get("/login").text)
    r = client.post("/login", data={"user": name, "password": PASSWORDS[name], "csrf": token},
                    follow_redirects=False)  # fmt: skip
    assert r.status_code == 303, r.text
    return client, csrf_of(client.get("/").text)


def open_request(app, client: TestClient, csrf: str, **ids: str) -> str:  # type: ignore[no-untyped-def]
    r = client.post("/requests", data={"csrf": csrf, "kind": "access", "received": "2026-11-20", **ids},
                    follow_redirects=False)  # fmt: skip
    assert r.status_code == 303, r.text
    rid = r.headers["location"].rsplit("/", 1)[1]
    app.state.jobs.wait(rid, 120)
    assert app.state.store.request(rid)["state"] == "done"
    return rid


def test_healthz_answers_without_login(app) -> None:  # type: ignore[no-untyped-def]
    r = TestClient(app).get("/healthz")
    assert r.status_code == 200 and r.json() == {"status": "ok"}


def test_without_session_pages_redirect_to_login_and_api_answers_401(app) -> None:  # type: ignore[no-untyped-def]
    client = TestClient(app)
    for path in ("/", "/requests/new", "/register", "/audit", "/requests/0123/package"):
        r = client.get(path, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/login"), path
    assert client.get("/api/requests/abc").status_code == 401
    assert client.post("/api/requests", json={"identifiers": {"email": [EMAIL]}}).status_code == 401
    wrong = {"Authorization": "Bearer pst_000000000000_nottherighttoken"}
    assert client.get("/api/requests/abc", headers=wrong).status_code == 401
    assert client.get("/api/register", headers=wrong).status_code == 401


def test_staff_get_403_on_register_pages_and_token(app) -> None:  # type: ignore[no-untyped-def]
    client, _ = login(app, "stan")
    for path in ("/register", "/audit", "/audit.csv", "/register/export/json", "/register/export/fides.yaml"):
        assert client.get(path).status_code == 403, path
    token = app.state.store.new_token("stan")
    assert client.get("/api/register", headers={"Authorization": f"Bearer {token}"}).status_code == 403
    officer, _ = login(app, "olga")
    assert officer.get("/audit").status_code == 200


def test_post_without_csrf_token_is_403(app) -> None:  # type: ignore[no-untyped-def]
    client, csrf = login(app, "stan")
    before = len(app.state.store.requests())
    r = client.post("/requests", data={"email": EMAIL, "kind": "access"})
    assert r.status_code == 403
    r = client.post("/requests", data={"email": EMAIL, "kind": "access", "csrf": csrf + "x"})
    assert r.status_code == 403
    assert client.post("/logout", data={}).status_code == 403
    # the login form too: the double-submit cookie and field must agree
    fresh = TestClient(app)
    fresh.get("/login")
    assert fresh.post("/login", data={"user": "stan", "password": PASSWORDS["stan"]}).status_code == 403
    assert len(app.state.store.requests()) == before  # nothing was opened


def test_cookies_and_headers(app) -> None:  # type: ignore[no-untyped-def]
    client = TestClient(app)
    page = client.get("/login")
    token = csrf_of(page.text)
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "<script>" not in page.text.replace('<script src="/static/app.js" defer></script>', "")
    r = client.post("/login", data={"user": "olga", "password": PASSWORDS["olga"], "csrf": token},
                    follow_redirects=False)  # fmt: skip
    cookie = r.headers["set-cookie"]
    assert "HttpOnly" in cookie and "samesite=strict" in cookie.lower() and "Secure" not in cookie
    assert client.get("/").headers["cache-control"] == "no-store"
    assert "no-store" not in client.get("/static/app.js").headers.get("cache-control", "")
    app.state.tls = True  # under TLS the cookie is Secure
    try:
        secure = TestClient(app, base_url="https://testserver")
        token = csrf_of(secure.get("/login").text)
        r = secure.post("/login", data={"user": "olga", "password": PASSWORDS["olga"], "csrf": token},
                        follow_redirects=False)  # fmt: skip
        assert "Secure" in r.headers["set-cookie"]
    finally:
        app.state.tls = False


def test_repeated_failed_logins_lock_the_account(app) -> None:  # type: ignore[no-untyped-def]
    app.state.store.add_user("lena", "staff", "lena-password-1")
    client = TestClient(app)
    for _ in range(5):
        token = csrf_of(client.get("/login").text)
        r = client.post("/login", data={"user": "lena", "password": "wrong-guess-xx", "csrf": token})
        assert r.status_code == 401
    token = csrf_of(client.get("/login").text)
    r = client.post("/login", data={"user": "lena", "password": "lena-password-1", "csrf": token},
                    follow_redirects=False)  # fmt: skip
    assert r.status_code == 401 and "locked" in r.text


def test_planted_script_renders_escaped(app) -> None:  # type: ignore[no-untyped-def]
    client, csrf = login(app, "stan")
    rid = open_request(app, client, csrf, email="plant@example.be")
    req = app.state.store.request(rid)
    record = next(r["rid"] for r in req["records"] if r["table"] == "notes.csv")
    shown = client.get(f"/requests/{rid}").text
    r = client.post(f"/requests/{rid}/reveal", data={"csrf": csrf, "record": record})
    assert r.status_code == 200 and r.headers["cache-control"] == "no-store"
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text
    for html in (shown, r.text):
        assert "<script>alert" not in html


def test_staff_cannot_reach_other_staffs_requests(app) -> None:  # type: ignore[no-untyped-def]
    stan, csrf = login(app, "stan")
    rid = open_request(app, stan, csrf, email="plant@example.be")
    sara, sara_csrf = login(app, "sara")
    assert sara.get(f"/requests/{rid}").status_code == 404
    assert sara.post(f"/requests/{rid}/reveal", data={"csrf": sara_csrf, "record": "x"}).status_code == 404
    assert rid[:8] not in sara.get("/").text
    officer, _ = login(app, "olga")
    assert officer.get(f"/requests/{rid}").status_code == 200


def test_download_path_stays_in_the_package_folder(app) -> None:  # type: ignore[no-untyped-def]
    jobs = app.state.jobs
    for bad in ("../../etc/passwd", "..", "/etc/passwd", "0" * 31 + "/", "%2e%2e"):
        with pytest.raises(KeyError):
            jobs.package_path(bad)
    client, _ = login(app, "olga")
    assert client.get("/requests/..%2F..%2Fetc%2Fpasswd/package").status_code == 404


def test_full_request_confirm_package_and_no_identifier_in_logs(app, caplog) -> None:  # type: ignore[no-untyped-def]
    caplog.set_level(logging.INFO, logger="pii_scan")
    client, csrf = login(app, "stan")
    rid = open_request(app, client, csrf, email=EMAIL)
    req = app.state.store.request(rid)
    sources = {t["source"].rsplit("/", 1)[-1] for t in req["counts"]["tables"] if t["match"] or t["linked"]}
    assert {"crm.sqlite", "export_leden.csv", "weblog.jsonl", "fr_demande_acces_rgpd.txt"} <= sources
    assert {t["system"] for t in req["counts"]["tables"]} == {"crm", "files"}  # the configured names
    page = client.get(f"/requests/{rid}").text
    assert EMAIL not in page.lower() and TRUTH["national_number"] not in page  # masked by default
    customer = next(r for r in req["records"] if r["table"] == "customers")
    r = client.post(f"/requests/{rid}/reveal", data={"csrf": csrf, "record": customer["rid"]})
    assert EMAIL in r.text.lower()
    candidate = next(r for r in req["records"] if r["confirm"])
    assert client.post(f"/requests/{rid}/decide", data={"csrf": csrf, "record": candidate["rid"],
                       "decision": "confirmed"}).status_code == 400  # a reason is required  # fmt: skip
    decision = {"csrf": csrf, "record": candidate["rid"], "decision": "confirmed", "reason": "her letter"}
    r = client.post(f"/requests/{rid}/decide", follow_redirects=False, data=decision)
    assert r.status_code == 303
    r = client.post(f"/requests/{rid}/package", data={"csrf": csrf, "lang": "fr"}, follow_redirects=False)
    assert r.status_code == 303
    z = client.get(f"/requests/{rid}/package")
    assert z.status_code == 200 and z.headers["content-type"] == "application/zip"
    data = json.loads(zipfile.ZipFile(io.BytesIO(z.content)).read("data.json"))
    tables = {t["table"] for s in data["sources"] for t in s["tables"]}
    assert "letters/fr_demande_acces_rgpd.txt" in tables and "employees" not in tables
    answered = client.post(f"/requests/{rid}/status", data={"csrf": csrf, "status": "answered"})
    assert answered.status_code == 200
    assert app.state.store.request(rid)["status"] == "answered"
    # the audit log names the subject masked, and has every step
    actions = [e["action"] for e in app.state.store.audit_log() if e["request_id"] == rid]
    assert {"opened request", "revealed record", "confirmed candidate", "exported package",
            "downloaded package", "status answered"} <= set(actions)  # fmt: skip
    officer, _ = login(app, "olga")
    audit_csv = officer.get("/audit.csv").text
    assert rid in audit_csv and EMAIL not in audit_csv.lower()
    # no identifier or revealed value in any log line, nor in the workplace's database
    text = "\n".join(rec.getMessage() for rec in caplog.records).lower()
    assert f"/requests/{rid}/reveal" in text
    for secret in (EMAIL, TRUTH["national_number"], TRUTH["iban"].lower(), TRUTH["last_name"].lower()):
        assert secret.lower() not in text
    db = sqlite3.connect(app.state.store.path)
    dump = "\n".join(db.iterdump()).lower()
    db.close()
    for secret in (EMAIL, TRUTH["national_number"], TRUTH["iban"].lower()):
        assert secret.lower() not in dump


def test_rejected_candidate_never_enters_the_package(app) -> None:  # type: ignore[no-untyped-def]
    client, csrf = login(app, "stan")
    rid = open_request(app, client, csrf, email=EMAIL)
    candidate = next(r for r in app.state.store.request(rid)["records"] if r["confirm"])
    client.post(f"/requests/{rid}/decide", data={"csrf": csrf, "record": candidate["rid"],
                "decision": "rejected", "reason": "not hers"})  # fmt: skip
    encrypted = {"csrf": csrf, "encrypt": "1", "passphrase": "long-enough-1"}
    client.post(f"/requests/{rid}/package", data=encrypted)
    import pyzipper

    with pyzipper.AESZipFile(io.BytesIO(client.get(f"/requests/{rid}/package").content)) as zf:
        zf.setpassword(b"long-enough-1")
        data = json.loads(zf.read("data.json"))
    tables = {t["table"] for s in data["sources"] for t in s["tables"]}
    assert "customers" in tables and not any(t.startswith("letters/") for t in tables)


def test_api_create_status_and_package(app) -> None:  # type: ignore[no-untyped-def]
    token = app.state.store.new_token("stan")
    client = TestClient(app)
    auth = {"Authorization": f"Bearer {token}"}
    r = client.post("/api/requests", headers=auth, json={"identifiers": {"email": [EMAIL]}, "kind": "access"})
    assert r.status_code == 201 and set(r.json()) == {"id"}
    rid = r.json()["id"]
    app.state.jobs.wait(rid, 120)
    status = client.get(f"/api/requests/{rid}", headers=auth).json()
    assert status["state"] == "done" and status["counts"]["records"] >= 10
    assert status["counts"]["to_confirm"] == 1
    assert client.get(f"/api/requests/{rid}/package", headers=auth).status_code == 404  # not built yet
    built = client.post(f"/api/requests/{rid}/package", headers=auth)
    assert built.status_code == 201 and built.json()["records"] == status["counts"]["records"] - 1
    z = client.get(f"/api/requests/{rid}/package", headers=auth)
    assert z.status_code == 200
    assert rid in {r["id"] for r in client.get("/api/requests", headers=auth).json()["requests"]}
    names = zipfile.ZipFile(io.BytesIO(z.content)).namelist()
    assert {"data.json", "manifest.json", "report.html"} <= set(names)
    bad = client.post("/api/requests", headers=auth, json={"identifiers": {"national_number": ["123"]}})
    assert bad.status_code == 400 and "123" not in bad.text
    other = app.state.store.new_token("sara")
    assert client.get(f"/api/requests/{rid}", headers={"Authorization": f"Bearer {other}"}).status_code == 404
    assert "/api/requests" in client.get("/openapi.json").json()["paths"]


def test_due_date_one_month_or_configured_days() -> None:
    import datetime as dt

    from pii_scan.server.jobs import due_date

    assert due_date(dt.date(2026, 1, 31)) == dt.date(2026, 2, 28)
    assert due_date(dt.date(2026, 12, 15)) == dt.date(2027, 1, 15)
    assert due_date(dt.date(2026, 1, 31), 30) == dt.date(2026, 3, 2)


def test_progress_is_recorded_while_the_search_runs(app) -> None:  # type: ignore[no-untyped-def]
    seen: list[str] = []
    store = app.state.store
    original = store.update_request

    def spy(rid: str, **fields: object) -> None:
        if "progress" in fields:
            seen.append(str(fields["progress"]))
        original(rid, **fields)

    store.update_request = spy
    try:
        client, csrf = login(app, "stan")
        open_request(app, client, csrf, email="plant@example.be")
    finally:
        del store.update_request
    assert any(re.fullmatch(r"searching tables \d+/\d+", p) for p in seen), seen


def test_after_a_restart_the_result_is_masked_and_reveal_asks_to_search_again(site, app) -> None:  # type: ignore[no-untyped-def]
    client, csrf = login(app, "stan")
    rid = open_request(app, client, csrf, email="plant@example.be")
    record = app.state.store.request(rid)["records"][0]["rid"]
    restarted = create_app(load_config(site))  # same state folder, empty memory
    client, csrf = login(restarted, "stan")
    page = client.get(f"/requests/{rid}").text
    assert "Run the search again" in page and "p***@example.be" in page
    assert client.post(f"/requests/{rid}/reveal", data={"csrf": csrf, "record": record}).status_code == 409
    r = client.post(f"/requests/{rid}/rerun", data={"csrf": csrf, "email": "plant@example.be"},
                    follow_redirects=False)  # fmt: skip
    assert r.status_code == 303
    restarted.state.jobs.wait(rid, 120)
    assert client.post(f"/requests/{rid}/reveal", data={"csrf": csrf, "record": record}).status_code == 200


def test_pages_speak_dutch_french_and_english_and_redirects_stay_on_site(app) -> None:  # type: ignore[no-untyped-def]
    client = TestClient(app)
    assert "Se connecter" in client.get("/login", headers={"Accept-Language": "fr-BE,fr;q=0.9"}).text
    r = client.get("/lang/nl?next=/login", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login"
    assert "Aanmelden" in client.get("/login").text and 'lang="nl"' in client.get("/login").text
    for evil in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        assert client.get(f"/lang/en?next={evil}", follow_redirects=False).headers["location"] == "/"
    assert "Log in" in client.get("/login").text


def test_staff_see_each_others_requests_only_where_allowed(app) -> None:  # type: ignore[no-untyped-def]
    stan, csrf = login(app, "stan")
    rid = open_request(app, stan, csrf, email="plant@example.be")
    sara, _ = login(app, "sara")
    assert sara.get(f"/requests/{rid}").status_code == 404
    app.state.config.server["staff_see_all"] = True  # [server] staff_see_all = true: a shared desk
    try:
        assert sara.get(f"/requests/{rid}").status_code == 200
        assert rid[:8] in sara.get("/").text
    finally:
        app.state.config.server.pop("staff_see_all")
    # viewing is audited as well as acting, with masked identifiers only
    log = [row for row in app.state.store.audit_log() if row["action"] == "viewed request"]
    assert any(row["request_id"] == rid and "plant@example.be" not in row["subject"] for row in log)
