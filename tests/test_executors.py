"""Executors without a cluster: specs, the configuration, errors without Dask, lazy imports, and the
rule that no password travels in a task sent to cluster workers."""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from pii_scan.cli import main
from pii_scan.config import load_config
from pii_scan.errors import ClusterError, ConfigError, SourceError
from pii_scan.executors import (
    INSTALL_HINT,
    Executor,
    Failure,
    InProcessExecutor,
    PoolExecutor,
    check_spec,
    make_executor,
)
from pii_scan.inventory.sweep import Task, tasks_for
from pii_scan.units import subject_groups
from pii_scan.worker_location import for_workers, on_worker

SECRET = "s3cret-Zq9/@:x"  # characters that must be quoted in a URL


class Remote(Executor):
    """Stands for any executor whose units leave this machine (what tasks_for looks at)."""

    remote = True


def test_specs_name_the_three_executors() -> None:
    assert isinstance(make_executor(""), InProcessExecutor)
    assert isinstance(make_executor("in-process"), InProcessExecutor)
    assert isinstance(make_executor(None, workers=3), PoolExecutor)
    pool = make_executor("processes:2")
    assert isinstance(pool, PoolExecutor) and pool.n == 2
    for good in ("local:2", "tcp://10.0.0.5:8786", "tls://sched.example:8786"):
        assert check_spec(good) == good
    for bad in ("local:0", "local:x", "8786", "http://h:8786", "tcp://"):
        with pytest.raises(ValueError, match="local:N"):
            check_spec(bad)


def test_in_process_and_pool_report_failures_and_keep_going() -> None:
    for ex in (InProcessExecutor(), PoolExecutor(2)):
        got: dict[int, object] = {}

        def done(i: int, result: object, failure: object, got: dict[int, object] = got) -> None:
            got[i] = failure or result

        with ex:
            ex.run(int, ["7", "x", "8", "9", "10"], done)
        assert got[0] == 7 and got[4] == 10
        failure = got[1]
        assert isinstance(failure, Failure) and "ValueError" in failure.message
        assert sum(w["tasks"] for w in ex.summary()["workers"]) == 4  # the failed unit is not counted


def test_configuration_scheduler_and_tls(tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text(
        '[inventory]\nscheduler = "tcp://10.1.2.3:8786"\ntls_ca_file = "ca.pem"\ntls_cert = "c.pem"\n'
        'tls_key = "k.pem"\n\n[[sources]]\nname = "a"\nlocation = "a"\n',
        encoding="utf-8",
    )
    config = load_config(cfg)
    assert config.scheduler == "tcp://10.1.2.3:8786"
    names = {"tls_ca_file": "ca.pem", "tls_cert": "c.pem", "tls_key": "k.pem"}
    assert config.tls == {k: str(tmp_path / v) for k, v in names.items()}
    cfg.write_text('[inventory]\nscheduler = "8786"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"c\.toml:2: scheduler '8786'"):
        load_config(cfg)
    cfg.write_text('[inventory]\ntls_cert = "c.pem"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="tls_key"):
        load_config(cfg)


def test_without_dask_scheduler_is_a_one_line_error(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed -> ImportError
    with pytest.raises(ClusterError, match=r'pip install "pii-scan\[dask\]"'):
        make_executor("local:2")
    (tmp_path / "a.csv").write_text("email\njan@example.be\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["scan", str(tmp_path / "a.csv"), "--scheduler", "local:2"])
    assert result.exit_code == 2
    assert result.output.strip() == f"error: {INSTALL_HINT}"


def test_bad_scheduler_on_the_command_line_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["inventory", "--scheduler", "nowhere"])
    assert result.exit_code == 2
    assert "local:N" in result.output and len(result.output.strip().splitlines()) == 1


_RUNNER = """
import json, sys
from pii_scan.cli import main
try:
    main.main(args=json.loads(sys.argv[1]), prog_name="pii-scan")
except SystemExit:
    pass
print("\\nLOADED=" + json.dumps(sorted(m for m in ("dask", "distributed") if m in sys.modules)))
"""


@pytest.mark.parametrize("kind", ["version", "scan"])
def test_dask_is_not_imported_without_a_scheduler(kind: str, tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("klantnr;email\n1;jan@example.be\n", encoding="utf-8")
    args = ["--version"] if kind == "version" else ["-q", "scan", str(tmp_path / "a.csv"), "--format", "json"]
    proc = subprocess.run(
        [sys.executable, "-c", _RUNNER, json.dumps(args)], capture_output=True, text=True, timeout=300
    )
    marker = [line for line in proc.stdout.splitlines() if line.startswith("LOADED=")]
    assert marker, proc.stdout + proc.stderr
    assert json.loads(marker[-1].removeprefix("LOADED=")) == []
    if kind == "scan":
        assert "jan" not in proc.stdout  # masked (and the scan really ran)
        assert '"category": "contact"' in proc.stdout


def test_no_password_in_a_task_sent_to_workers(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("WIPDASK_CRM_PW", SECRET)
    cfg = tmp_path / "c.toml"
    cfg.write_text(
        '[[sources]]\nname = "crm"\nlocation = "postgresql+psycopg://app:${WIPDASK_CRM_PW}@db.example/crm"\n',
        encoding="utf-8",
    )
    src = load_config(cfg).sources[0]
    assert "s3cret" in src.location  # the client's own connection has it (quoted)
    task = Task("crm", "", "public.customers", src.location, None, 1000)
    local = tasks_for(InProcessExecutor(), [task], {"crm": src.password_ref})
    assert local == [task]  # in this process nothing travels
    sent = tasks_for(Remote(), [task], {"crm": src.password_ref})
    payload = pickle.dumps(sent)
    assert b"s3cret" not in payload and b"Zq9" not in payload
    assert b"${WIPDASK_CRM_PW}" in payload
    # the worker expands the reference from its own environment, back to the client's URL
    assert isinstance(sent[0], Task) and on_worker(sent[0].location) == src.location
    monkeypatch.delenv("WIPDASK_CRM_PW")
    with pytest.raises(SourceError, match="WIPDASK_CRM_PW is not set on worker"):
        on_worker(sent[0].location)


def test_a_password_from_the_command_line_is_not_sent() -> None:
    url = "postgresql://app:hunter2@db.example/crm"
    with pytest.raises(SourceError, match="not sent to cluster workers") as info:
        for_workers(url)
    assert "hunter2" not in str(info.value)
    [failure] = tasks_for(Remote(), [Task("crm", "", "t", url, None, 10)], {})
    assert isinstance(failure, Failure) and "hunter2" not in failure.message
    assert for_workers("/data/crm.sqlite") == "/data/crm.sqlite"
    assert for_workers("postgresql://app@db.example/crm") == "postgresql://app@db.example/crm"


def test_sources_joined_by_links_are_searched_together(tmp_path: Path) -> None:
    from pii_scan.config import LinkConfig, SourceConfig

    a, b, c = (SourceConfig(n, str(tmp_path / n)) for n in "abc")
    assert subject_groups([a, b, c], []) == [[0], [1], [2]]
    joined = LinkConfig("x", "id", "y", "id", from_source="c", to_source="a")
    assert subject_groups([a, b, c], [joined]) == [[0, 2], [1]]
    unnamed = LinkConfig("x", "id", "y", "id")  # could join any two: one task
    assert subject_groups([a, b, c], [unnamed]) == [[0, 1, 2]]


def test_small_units_travel_in_batches_and_a_bad_one_is_sent_again_alone() -> None:
    from pii_scan.cluster import BATCH_MAX, batch_size, call_batch

    assert batch_size(8, 2) == 1 and batch_size(1050, 2) == BATCH_MAX and batch_size(40, 2) == 5
    got = call_batch(_fails_on_three, [1, 2, 3, 4])
    assert [kind for kind, _ in got] == ["ok", "ok", "retry", "ok"]
    assert got[0][1][0] == 2 and got[3][1][0] == 8 and "three" in got[2][1]


def _fails_on_three(n: int) -> int:
    if n == 3:
        raise ValueError("three is out")
    return 2 * n
