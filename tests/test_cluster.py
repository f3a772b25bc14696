"""Sweeps, scans and subject searches on a real Dask ``LocalCluster`` of two worker processes.

One cluster serves the module (its workers load the models once, as a real cluster's do). Compared
with an in-process run on the same data: the same register and scan JSON (timestamps and the
``sweep.executor`` key aside), the same export package; a worker killed mid-sweep, a unit failing
on every try, an unreachable scheduler, a source the workers cannot reach.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import threading
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

distributed = pytest.importorskip("distributed")

from pii_scan.cli import main  # noqa: E402
from pii_scan.config import load_config  # noqa: E402
from pii_scan.errors import ClusterError  # noqa: E402
from pii_scan.executors import Failure, make_executor  # noqa: E402
from pii_scan.inventory import run_inventory  # noqa: E402

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
pytestmark = pytest.mark.skipif(not (EXAMPLES / "pii-scan.toml").exists(), reason="examples/ not generated")


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None, silence_logs=40
    ) as c:
        yield c


def copy_examples(dest: Path) -> Path:
    shutil.copytree(EXAMPLES, dest, ignore=shutil.ignore_patterns(".pii-scan", "inventory", "__pycache__"))
    return dest


def comparable(doc: dict) -> dict:
    doc = json.loads(json.dumps(doc))
    doc.pop("generated_at")
    for key in ("started_at", "finished_at", "executor"):
        doc["sweep"].pop(key)
    return doc


@pytest.mark.slow  # the in-process sweep of examples/ plus both workers loading every model: > 20 s
def test_inventory_on_the_cluster_gives_the_in_process_register(cluster, tmp_path: Path) -> None:
    ex = copy_examples(tmp_path / "ex")
    here = run_inventory(load_config(ex / "pii-scan.toml"), out_dir=str(tmp_path / "o1"))
    shutil.rmtree(ex / ".pii-scan")
    there = run_inventory(
        load_config(ex / "pii-scan.toml"), out_dir=str(tmp_path / "o2"), scheduler=cluster.scheduler_address
    )
    assert comparable(there.document) == comparable(here.document)
    assert there.document["sweep"]["units_scanned"] == here.document["sweep"]["units_scanned"] > 10
    executor = there.document["sweep"]["executor"]
    assert executor["kind"] == "dask" and executor["scheduler"] == cluster.scheduler_address
    assert len(executor["workers"]) == 2  # both worked, each loaded its models once
    assert all(w["model_load_seconds"] > 0 for w in executor["workers"])
    assert sum(w["tasks"] for w in executor["workers"]) == there.document["sweep"]["units_scanned"]
    written = (tmp_path / "o2" / "inventory.json").read_text("utf-8")
    assert comparable(json.loads(written)) == comparable(here.document)


def test_scan_on_the_cluster_gives_byte_identical_json(cluster) -> None:
    runner = CliRunner()
    args = [
        "scan",
        str(EXAMPLES / "letters"),
        str(EXAMPLES / "export_leden.csv"),
        str(EXAMPLES / "crm.sqlite"),
    ]
    here = runner.invoke(main, [*args, "--format", "json"])
    there = runner.invoke(main, [*args, "--format", "json", "--scheduler", cluster.scheduler_address])
    assert here.exit_code == there.exit_code == 0, there.output
    assert there.stdout == here.stdout
    assert len(json.loads(there.stdout)) > 20
    assert there.stderr.count(" units, models loaded in ") == 2  # one line per worker


def test_scan_on_the_cluster_keeps_the_configured_limits(cluster, tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text("[limits]\ntext_budget_bytes = 300\n", encoding="utf-8")
    args = ["scan", str(EXAMPLES / "letters"), "--config", str(cfg), "--format", "json"]
    here = CliRunner().invoke(main, args)
    there = CliRunner().invoke(main, [*args, "--scheduler", cluster.scheduler_address])
    assert here.exit_code == there.exit_code == 0, there.output
    assert there.stdout == here.stdout
    assert "within a budget of 300 bytes" in there.stdout  # the workers read no more than configured


def test_export_on_the_cluster_gives_the_same_data_json(cluster, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(EXAMPLES)
    email = json.loads((EXAMPLES / ".ground_truth.json").read_text("utf-8"))["planted_person"]["email"]
    runner = CliRunner()
    for name, extra in (("a", []), ("b", ["--scheduler", cluster.scheduler_address])):
        result = runner.invoke(
            main, ["export", "--email", email, "--out", str(tmp_path / f"{name}.zip"), *extra]
        )
        assert result.exit_code == 0, result.output
    a, b = (json.loads(zipfile.ZipFile(tmp_path / f"{n}.zip").read("data.json")) for n in "ab")
    for doc in (a, b):
        doc.pop("request_id"), doc.pop("created_at")
    assert a == b and a["sources"]


def test_find_splits_unlinked_sources_into_tasks_and_merges_them(cluster) -> None:
    email = json.loads((EXAMPLES / ".ground_truth.json").read_text("utf-8"))["planted_person"]["email"]
    files = [str(EXAMPLES / n) for n in ("crm.sqlite", "export_leden.csv", "missing.csv")]
    args = ["find", *files, "--email", email, "--format", "json"]
    here = CliRunner().invoke(main, args)
    there = CliRunner().invoke(main, [*args, "--scheduler", cluster.scheduler_address])
    assert here.exit_code == there.exit_code == 1  # missing.csv: not searched, in both
    assert json.loads(there.stdout) == json.loads(here.stdout)
    assert len(json.loads(here.stdout)["records"]) >= 2


def test_a_unit_failing_on_every_try_fails_alone(cluster) -> None:
    got: dict[int, object] = {}
    with make_executor(cluster.scheduler_address) as ex:
        ex.run(int, ["7", "not a number", "8"], lambda i, r, f: got.__setitem__(i, f or r))
    assert got[0] == 7 and got[2] == 8
    assert isinstance(got[1], Failure) and got[1].error == "UnitFailed" and "ValueError" in got[1].message


def test_unreachable_scheduler_is_a_one_line_error(tmp_path: Path, monkeypatch) -> None:
    with pytest.raises(ClusterError, match=r"scheduler tcp://127\.0\.0\.1:9 cannot be reached"):
        make_executor("tcp://127.0.0.1:9", timeout=1)
    monkeypatch.setenv("PII_SCAN_SCHEDULER_TIMEOUT", "1")
    ex = copy_examples(tmp_path / "ex")
    result = CliRunner().invoke(main, ["inventory", "--config", str(ex / "pii-scan.toml"),
                                       "--scheduler", "tcp://127.0.0.1:9"])  # fmt: skip
    assert result.exit_code == 2
    assert len(result.output.strip().splitlines()) == 1 and "cannot be reached" in result.output
    assert not (ex / "inventory").exists()  # nothing swept, nothing written


def make_drive(root: Path, n_files: int, n_tables: int) -> Path:
    """Small files and tables without free text: workers need no NLP pipeline for them."""
    rng = random.Random(5)
    (root / "drive").mkdir(parents=True)
    for i in range(n_files):
        rows = [
            f"{i}{r};{rng.choice(['Jan', 'Marie', 'Luc'])};{rng.choice(['Peeters', 'Dubois'])};"
            f"u{i}_{r}@voorbeeld.be;04{rng.randint(70, 99)} {rng.randint(100000, 999999)}"
            for r in range(25)
        ]
        (root / "drive" / f"f{i:03d}.csv").write_text(
            "klantnr;voornaam;naam;email;gsm\n" + "\n".join(rows) + "\n"
        )
    db = sqlite3.connect(root / "erp.sqlite")
    for t in range(n_tables):
        db.execute(f"CREATE TABLE t{t} (id INTEGER PRIMARY KEY, email TEXT, amount REAL)")
        db.executemany(
            f"INSERT INTO t{t} (email, amount) VALUES (?, ?)", [(f"x{r}@voorbeeld.be", r) for r in range(50)]
        )
    db.commit()
    db.close()
    (root / "c.toml").write_text(
        '[inventory]\nstate_dir = "state"\n\n[[sources]]\nname = "drive"\nlocation = "drive"\n\n'
        '[[sources]]\nname = "erp"\nlocation = "erp.sqlite"\n',
        encoding="utf-8",
    )  # fmt: skip
    return root / "c.toml"


def test_a_worker_killed_mid_sweep_still_gives_the_complete_register(cluster, tmp_path: Path) -> None:
    cfg = make_drive(tmp_path / "d", 40, 6)
    here = run_inventory(load_config(cfg), out_dir=str(tmp_path / "o1"))
    shutil.rmtree(tmp_path / "d" / "state")
    client = distributed.Client(cluster.scheduler_address, set_as_default=False)
    pids = client.run(os.getpid)
    out: dict = {}
    sweep = threading.Thread(target=lambda: out.update(inv=run_inventory(
        load_config(cfg), out_dir=str(tmp_path / "o2"), scheduler=cluster.scheduler_address)))  # fmt: skip
    sweep.start()
    victim, deadline = None, time.monotonic() + 120
    while victim is None and time.monotonic() < deadline and sweep.is_alive():
        busy = {w: ks for w, ks in client.processing().items() if ks and w in pids}
        if busy:  # a worker holds units now: kill it, its units must move to the other one
            victim = max(busy, key=lambda w: len(busy[w]))
            os.kill(pids[victim], signal.SIGKILL)
        time.sleep(0.05)
    sweep.join(300)
    client.close()
    assert victim is not None, "the sweep ended before any worker was busy"
    doc = out["inv"].document
    assert doc["sweep"]["units_failed"] == 0
    assert comparable(doc) == comparable(here.document)
    assert doc["sweep"]["units_scanned"] == 46
    assert victim not in cluster.scheduler_info["workers"]  # it died (its nanny started a new one)


@pytest.mark.postgres
def test_a_source_the_workers_cannot_reach_fails_while_the_others_finish(
    cluster, postgres_url: str, tmp_path: Path, monkeypatch
) -> None:
    import sqlalchemy as sa

    eng = sa.create_engine(postgres_url)
    with eng.begin() as conn:
        conn.execute(sa.text("CREATE TABLE wip_dask_people (id int primary key, email text)"))
        conn.execute(
            sa.text("INSERT INTO wip_dask_people VALUES (1, 'an@voorbeeld.be'), (2, 'bo@voorbeeld.be')")
        )
    eng.dispose()
    # the client has the password variable; the workers (started before) do not
    monkeypatch.setenv("WIPDASK_ONLY_ON_CLIENT", "unused-with-trust-auth")
    url = postgres_url.replace("postgres@", "postgres:${WIPDASK_ONLY_ON_CLIENT}@", 1)
    assert "${" in url
    cfg = make_drive(tmp_path / "d", 3, 1)
    cfg.write_text(cfg.read_text() + f'\n[[sources]]\nname = "pg"\nlocation = "{url}"\n', encoding="utf-8")
    doc = run_inventory(
        load_config(cfg), out_dir=str(tmp_path / "o"), scheduler=cluster.scheduler_address
    ).document
    by_name = {s["name"]: s for s in doc["sources"]}
    assert by_name["drive"]["status"] == by_name["erp"]["status"] == "ok"
    pg = by_name["pg"]
    assert pg["status"] != "ok" and pg["tables"]
    assert all(t["status"] == "failed" and "WIPDASK_ONLY_ON_CLIENT is not set on worker" in t["error"]
               for t in pg["tables"])  # fmt: skip
    assert "unused-with-trust-auth" not in json.dumps(doc)


def self_signed(folder: Path) -> dict[str, str]:
    """A certificate for 127.0.0.1 that is its own CA (what the configuration's tls_* keys point at)."""
    import datetime as dt
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "pii-scan test")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
                                                    x509.DNSName("localhost")]), critical=False)
        .sign(key, hashes.SHA256())
    )  # fmt: skip
    (folder / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (folder / "key.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )  # fmt: skip
    )
    return {"tls_ca_file": str(folder / "cert.pem"), "tls_cert": str(folder / "cert.pem"),
            "tls_key": str(folder / "key.pem")}  # fmt: skip


def test_tls_from_the_configuration(tmp_path: Path) -> None:
    pytest.importorskip("cryptography")
    tls = self_signed(tmp_path)
    cfg = tmp_path / "c.toml"
    cfg.write_text(
        f'[inventory]\ntls_ca_file = "{tls["tls_ca_file"]}"\ntls_cert = "{tls["tls_cert"]}"\n'
        f'tls_key = "{tls["tls_key"]}"\n',
        encoding="utf-8",
    )
    config = load_config(cfg)
    got: dict[int, object] = {}
    with make_executor("local:1", tls=config.tls) as ex:
        assert ex.address is not None and ex.address.startswith("tls://")
        ex.run(int, ["41"], lambda i, r, f: got.__setitem__(i, f or r))
        with pytest.raises(ClusterError, match="speaks TLS: set tls_cert and tls_key"):
            make_executor(ex.address, timeout=2)  # no certificate: no talk
    assert got == {0: 41}
