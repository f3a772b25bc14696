"""The officer's register in the workplace, and the commands `serve` and `user`.

An override made in the server is applied by the next `pii-scan inventory` run from the command line;
the register exports as Fides dataset YAML; `user add`/`user token` store hashes only; `serve` refuses a
non-loopback address without TLS."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

pytest.importorskip("fastapi")
pytest.importorskip("multipart")
from starlette.testclient import TestClient  # noqa: E402

from pii_scan.cli import main  # noqa: E402
from pii_scan.config import load_config  # noqa: E402
from pii_scan.server.app import create_app  # noqa: E402

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
KEY = "test-key-of-the-register-012345"


@pytest.fixture()
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PII_SCAN_KEY", KEY)
    (tmp_path / "data").mkdir()
    shutil.copy(EXAMPLES / "export_leden.csv", tmp_path / "data" / "export_leden.csv")
    config = tmp_path / "pii-scan.toml"
    config.write_text('[inventory]\nstate_dir = "state"\nout = "inventory"\n\n'
                      '[[sources]]\nname = "club"\nlocation = "data"\n', encoding="utf-8")  # fmt: skip
    return config


def _inventory(config: Path) -> dict:
    r = CliRunner().invoke(main, ["-q", "inventory", "--config", str(config)])
    assert r.exit_code == 0, r.output
    return json.loads((config.parent / "inventory" / "inventory.json").read_text(encoding="utf-8"))


def _field(doc: dict, column: str) -> dict:
    return next(f for s in doc["sources"] for t in s["tables"] for f in t["fields"] if f["column"] == column)


def _officer(app) -> tuple[TestClient, str]:  # type: ignore[no-untyped-def]
    app.state.store.add_user("olga", "officer", "officer-password-1")
    client = TestClient(app)
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text).group(1)  # type: ignore[union-attr]
    client.post("/login", data={"user": "olga", "password": "officer-password-1", "csrf": token})
    page = client.get("/register").text
    return client, re.search(r'name="csrf" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]


def test_override_in_the_server_is_applied_by_the_next_cli_inventory(site: Path) -> None:
    before = _field(_inventory(site), "Lidnummer")
    app = create_app(load_config(site))
    client, csrf = _officer(app)
    page = client.get("/register").text
    assert "Lidnummer" in page and "export_leden.csv" in page
    client.get("/lang/nl?next=/register")  # the register speaks the reader's language, states included
    dutch = client.get("/register").text
    assert " rijen" in dutch and "in orde" in dutch and " rows<" not in dutch
    client.get("/lang/en?next=/register")
    table = next(t for s in _inventory(site)["sources"] for t in s["tables"])
    form = {"csrf": csrf, "source": "club", "file": table["file"], "table": table["name"],
            "column": "Lidnummer", "category": "none",
            "reason": "club number, not an identifier outside"}  # fmt: skip
    assert client.post("/register/override", data=form, follow_redirects=False).status_code == 303
    listed = client.get("/register").text
    assert "club number, not an identifier outside" in listed and "olga" in listed
    after = _field(_inventory(site), "Lidnummer")  # the command line, not the server
    assert after["category"] == "none" and after["categories"] == []
    assert after["override"]["by"] == "olga" and after["override"]["was"] == before["category"]
    # the officer's other option: another category; and removing the override restores discovery's
    form.update(column="Telefoon", category="sensitive", reason="hotline for patients")
    client.post("/register/override", data=form)
    doc = _inventory(site)
    assert _field(doc, "Telefoon")["category"] == "sensitive"
    form.update(category="", reason="")
    client.post("/register/override", data=form)
    assert _field(_inventory(site), "Telefoon")["category"] == "contact"
    assert any(e["action"] == "overrode category" for e in app.state.store.audit_log())


def test_override_needs_a_reason_and_a_known_category(site: Path) -> None:
    _inventory(site)
    client, csrf = _officer(create_app(load_config(site)))
    base = {"csrf": csrf, "source": "club", "file": "export_leden.csv", "table": "export_leden.csv",
            "column": "Naam"}  # fmt: skip
    blank = {**base, "category": "none", "reason": " "}
    assert client.post("/register/override", data=blank).status_code == 400
    assert client.post("/register/override", data={**base, "category": "x", "reason": "y"}).status_code == 400
    assert client.post("/register/override", data={**base, "csrf": ""}).status_code == 403


def test_register_exports_fides_yaml(site: Path) -> None:
    yaml = pytest.importorskip("yaml")
    _inventory(site)
    client, _ = _officer(create_app(load_config(site)))
    r = client.get("/register/export/fides.yaml")
    assert r.status_code == 200
    dataset = yaml.safe_load(r.text)["dataset"][0]
    assert dataset["fides_key"] == "club"
    fields = {f["name"]: f.get("data_categories", []) for c in dataset["collections"] for f in c["fields"]}
    assert fields["E-mail"] == ["user.contact.email"]
    assert fields["Rijksregisternummer"] == ["user.government_id.national_identification_number"]
    assert fields["Telefoon"] == ["user.contact.phone_number"]
    assert client.get("/register/export/json").json()["format"] == "pii-scan-inventory"
    assert client.get("/register/export/../../pii-scan.toml").status_code == 404


def test_user_commands_store_hashes_and_the_token_works(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runner = CliRunner()
    monkeypatch.setenv("PII_SCAN_PASSWORD", "a-long-password-1")
    r = runner.invoke(main, ["user", "add", "stan", "--role", "staff", "--config", str(site)])
    assert r.exit_code == 0, r.output
    r = runner.invoke(main, ["user", "token", "stan", "--config", str(site)])
    assert r.exit_code == 0, r.output
    token = r.output.strip().splitlines()[-1]
    assert runner.invoke(main, ["user", "token", "nobody", "--config", str(site)]).exit_code == 2
    monkeypatch.setenv("PII_SCAN_PASSWORD", "short")
    assert runner.invoke(main, ["user", "add", "x", "--role", "staff", "--config", str(site)]).exit_code == 2
    db = (site.parent / "state" / "server.sqlite").read_bytes()
    secret = token.split("_", 2)[2]  # the secret itself may hold "_"
    assert b"a-long-password-1" not in db and secret.encode() not in db
    app = create_app(load_config(site))
    client = TestClient(app)
    assert client.get("/api/requests/x", headers={"Authorization": f"Bearer {token}"}).status_code == 404
    assert client.get("/api/requests/x", headers={"Authorization": f"Bearer {token}x"}).status_code == 401


def test_serve_refuses_a_network_address_without_tls(site: Path) -> None:
    r = CliRunner().invoke(main, ["serve", "--config", str(site), "--host", "0.0.0.0"])
    assert r.exit_code == 2 and "tls_cert" in r.output
    bad = site.parent / "bad.toml"
    bad.write_text('[server]\ntls_cert = "cert.pem"\n', encoding="utf-8")
    r = CliRunner().invoke(main, ["serve", "--config", str(bad)])
    assert r.exit_code == 2 and "tls_key" in r.output


def test_the_cli_does_not_load_the_web_framework() -> None:
    code = ("import sys\nfrom pii_scan.cli import main\nfrom pii_scan.inventory import run_inventory\n"
            "web = ('fastapi', 'starlette', 'uvicorn', 'multipart')\n"
            "print(sorted(m for m in web if m in sys.modules))")  # fmt: skip
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.stdout.strip() == "[]", out.stderr


def test_serve_binds_elsewhere_with_tls_or_a_warning(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import logging

    import uvicorn

    calls: list[dict] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append(kw))
    from pii_scan import console

    log = logging.getLogger("pii_scan.server")
    monkeypatch.setattr(log, "handlers", [])  # serve's handler writes to CliRunner's stream: not kept
    monkeypatch.setattr(console, "_quiet", console._quiet)  # serve sets quiet: restored afterwards
    r = CliRunner().invoke(main, ["serve", "--config", str(site), "--host", "0.0.0.0", "--insecure-bind"])
    assert r.exit_code == 0, r.output
    assert "WITHOUT TLS" in r.output and calls[-1]["host"] == "0.0.0.0" and calls[-1]["ssl_certfile"] is None
    assert calls[-1]["access_log"] is False  # uvicorn's log would print query strings
    tls = site.parent / "tls.toml"
    tls.write_text(site.read_text(encoding="utf-8") + '\n[server]\ntls_cert = "c.pem"\ntls_key = "k.pem"\n',
                   encoding="utf-8")  # fmt: skip
    r = CliRunner().invoke(main, ["serve", "--config", str(tls), "--host", "0.0.0.0", "--port", "8443"])
    assert r.exit_code == 0, r.output
    assert "WITHOUT TLS" not in r.output and "https://0.0.0.0:8443/" in r.output
    assert calls[-1]["ssl_certfile"] == str(site.parent / "c.pem") and calls[-1]["port"] == 8443


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("due_days = 0", "due_days must be"),
        ('due_days = "30"', "due_days must be"),
        ('tls_key = "k.pem"', "give both tls_cert and tls_key"),
        ("port = 1", "unknown key"),
    ],
)
def test_server_section_of_the_configuration(tmp_path: Path, body: str, message: str) -> None:
    from pii_scan.errors import ConfigError

    path = tmp_path / "pii-scan.toml"
    path.write_text(f"[server]\n{body}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_config(path)
    path.write_text('[server]\ndue_days = 30\npackages = "out/packages"\n', encoding="utf-8")
    assert load_config(path).server == {"due_days": 30, "packages": str(tmp_path / "out" / "packages")}
