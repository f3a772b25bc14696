"""Large tables searched in parts (``pii_scan.chunks``, ``connectors/parts.py``): the parts of a
SQLite table (integer key ranges) and of a CSV file (byte ranges at record starts, quoted line
breaks inside), and a subject search in parts giving exactly the result of the unsplit search,
in this process and on a Dask ``LocalCluster``."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from pii_scan.cli import main
from pii_scan.connectors.parts import record_starts
from pii_scan.connectors.registry import open_source

EMAIL = "jan.peeters@example.be"
ROWS = 3000
PART_ROWS = 700  # lowered from the default (1,000,000) so that a small table is split


@pytest.fixture(autouse=True)
def streamed(monkeypatch) -> None:
    from pii_scan.connectors import arrow_filter

    # files above 0 bytes are too large to keep in memory: streamed, so split (a file pyarrow keeps is
    # never split: read once, every round is answered from memory)
    monkeypatch.setattr(arrow_filter, "MAX_CACHED_BYTES", 0)


def make_sqlite(path: Path) -> Path:
    db = sqlite3.connect(path)
    db.execute(
        "CREATE TABLE customers (id INTEGER PRIMARY KEY, first_name TEXT, last_name TEXT, email TEXT,"
        " phone TEXT, note TEXT)"
    )
    db.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers(id),"
               " total REAL)")  # fmt: skip
    rows = []
    for i in range(1, ROWS + 1):
        # the subject in three parts: once as written, once in capitals (lower(email): a scan)
        email = {7: EMAIL, 1504: EMAIL.upper(), 2990: EMAIL}.get(i, f"person{i}@example.org")
        rows.append(
            (i, f"First{i}", f"Last{i}", email, f"+32 470 {i:06d}", f"customer since {2000 + i % 20}")
        )
    db.executemany("INSERT INTO customers VALUES (?, ?, ?, ?, ?, ?)", rows)
    db.executemany(
        "INSERT INTO orders VALUES (?, ?, ?)", [(i, 1 + i * 7 % ROWS, i / 10) for i in range(1, 500)]
    )
    db.commit()
    db.close()
    return path


def make_csv(path: Path) -> Path:
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\n")
    out.writerow(["name", "email", "remark"])
    for i in range(ROWS):
        email = {3: EMAIL, 1400: EMAIL.title(), 2999: EMAIL}.get(i, f"member{i}@example.org")
        # every fifth remark holds a quoted line break: a part must never start inside one
        remark = f'said "hello"\nand left ({i})' if i % 5 == 0 else f"remark {i}"
        out.writerow([f"Member {i}", email, remark])
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def test_record_starts_never_split_a_quoted_line_break(tmp_path: Path) -> None:
    path = make_csv(tmp_path / "members.csv")
    data = path.read_bytes()
    start = data.index(b"\n") + 1
    targets = list(range(start + 1, len(data), 997))
    with open(path, "rb") as fh:
        bounds = record_starts(fh, start, targets)
    assert len(bounds) > 50 and bounds == sorted(set(bounds))
    header = data[:start]
    whole = pd.read_csv(path, dtype=str)
    pieces = [data[a:b] for a, b in zip([start, *bounds], [*bounds, len(data)], strict=True)]
    joined = pd.concat([pd.read_csv(io.BytesIO(header + p), dtype=str) for p in pieces], ignore_index=True)
    pd.testing.assert_frame_equal(joined, whole)


def test_record_starts_across_blocks(tmp_path: Path, monkeypatch) -> None:
    import pii_scan.connectors.parts as parts

    monkeypatch.setattr(parts, "_BLOCK", 64)  # quoted fields and targets straddle block ends
    path = make_csv(tmp_path / "members.csv")
    data = path.read_bytes()
    start = data.index(b"\n") + 1
    with open(path, "rb") as fh:
        small = record_starts(fh, start, list(range(start + 1, len(data), 401)))
    monkeypatch.setattr(parts, "_BLOCK", 8 << 20)
    with open(path, "rb") as fh:
        large = record_starts(fh, start, list(range(start + 1, len(data), 401)))
    assert small == large and len(small) > 50


def test_sqlite_and_csv_parts_cover_the_table_once(tmp_path: Path) -> None:
    from pii_scan.connectors.base import Filter

    db = open_source(str(make_sqlite(tmp_path / "shop.sqlite")))[0]
    parts = db.parts("customers", PART_ROWS)
    assert parts is not None and len(parts) >= 4
    assert parts[0].lo is None and parts[-1].hi is None and parts[0].column == "id"
    assert db.parts("customers", ROWS) is None  # not larger than the threshold: one unit
    everyone = [Filter("email", "contains_ci", ("@",))]
    ids = [int(i) for p in parts for f in db.select_part("customers", everyone, p).frames for i in f["id"]]
    assert sorted(ids) == list(range(1, ROWS + 1))

    conn = open_source(str(make_csv(tmp_path / "members.csv")))[0]
    table = conn.tables()[0].name
    parts = conn.parts(table, PART_ROWS)
    assert parts is not None and len(parts) >= 4
    got = [conn.select_part(table, everyone, p) for p in parts]
    from pii_scan.connectors import arrow_filter

    arrow_filter.MAX_CACHED_BYTES = 1 << 30  # kept in memory: never split
    assert open_source(str(tmp_path / "members.csv"))[0].parts(table, PART_ROWS) is None
    assert all(g.clean for g in got) and sum(g.rows for g in got) == ROWS
    names = [n for g in got for f in g.frames for n in f["name"]]
    assert names == [f"Member {i}" for i in range(ROWS)]


def _config(tmp_path: Path, part_rows: int) -> Path:
    cfg = tmp_path / f"pii-scan-{part_rows}.toml"
    cfg.write_text(
        f'[inventory]\nstate_dir = ".state"\npart_rows = {part_rows}\n\n'
        '[[sources]]\nname = "shop"\nlocation = "shop.sqlite"\n\n'
        '[[sources]]\nname = "members"\nlocation = "members.csv"\n',
        encoding="utf-8",
    )
    return cfg


def _find(tmp_path: Path, part_rows: int, *extra: str) -> dict:
    args = ["find", "--config", str(_config(tmp_path, part_rows)), "--email", EMAIL, "--format", "json"]
    result = CliRunner().invoke(main, [*args, *extra])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    make_sqlite(tmp_path / "shop.sqlite")
    make_csv(tmp_path / "members.csv")
    return tmp_path


def test_search_in_parts_in_process_gives_the_unsplit_result(data: Path, monkeypatch) -> None:
    import pii_scan.chunks as chunks

    whole = _find(data, PART_ROWS)  # without --scheduler: find_subject, nothing split
    seen: list[tuple[str, int]] = []
    real = chunks.match_part

    def spy(task):
        seen.append((task.table, task.part.lo))
        return real(task)

    monkeypatch.setattr(chunks, "match_part", spy)
    split = _find(data, PART_ROWS, "--scheduler", "in-process")
    assert split == whole
    tables = {t for t, _ in seen}
    assert tables == {"customers", "members.csv"} and len(seen) >= 8  # both tables, in parts
    matched = [r for r in whole["records"] if r["relation"] == "match"]
    assert len(matched) == 6  # three rows in each table, across parts
    assert {r["key"].get("row") for r in matched if r["table"] == "members.csv"} == {4, 1401, 3000}

    seen.clear()
    unsplit = _find(data, 0, "--scheduler", "in-process")  # part_rows = 0: never split
    assert unsplit == whole and not seen


def test_a_part_read_differently_leaves_the_table_whole(data: Path, monkeypatch) -> None:
    from pii_scan.connectors.base import PartHits
    from pii_scan.connectors.delimited import DelimitedConnector

    whole = _find(data, PART_ROWS)
    monkeypatch.setattr(DelimitedConnector, "select_part", lambda self, *a, **k: PartHits([], 0, clean=False))
    assert _find(data, PART_ROWS, "--scheduler", "in-process") == whole


distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cluster():
    with (
        distributed.LocalCluster(
            n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None, silence_logs=40
        ) as c,
        distributed.Client(c) as client,
    ):

        def stream_files() -> None:
            """As ``streamed`` in this process. Defined here, so that cloudpickle sends it by value: a
            worker started while a test had changed the folder cannot import ``tests``."""
            from pii_scan.connectors import arrow_filter

            arrow_filter.MAX_CACHED_BYTES = 0

        client.run(stream_files)  # in the workers
        yield c


def test_search_in_parts_on_the_cluster_gives_the_unsplit_result(data: Path, cluster) -> None:
    from distributed.diagnostics.plugin import SchedulerPlugin

    class Keys(SchedulerPlugin):
        def __init__(self) -> None:
            self.parts: set[str] = set()

        def transition(self, key, start, finish, *args, **kwargs) -> None:
            if str(key).startswith("pii-scan-part-") and finish == "memory":
                self.parts.add(str(key))

    keys = Keys()
    cluster.scheduler.add_plugin(keys, name="part-keys")
    whole = _find(data, PART_ROWS)
    assert _find(data, PART_ROWS, "--scheduler", cluster.scheduler_address) == whole
    assert len(keys.parts) >= 8  # both tables were searched in parts, as tasks of the cluster


def _server_table(url: str) -> None:
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(
            sa.text("CREATE TABLE customers (id INTEGER PRIMARY KEY, name VARCHAR(80), email VARCHAR(120))")
        )
        rows = [
            {
                "id": i,
                "name": f"Klant {i}",
                "email": {9: EMAIL, 1700: EMAIL.upper()}.get(i, f"k{i}@example.org"),
            }
            for i in range(1, ROWS + 1)
        ]
        conn.execute(sa.text("INSERT INTO customers VALUES (:id, :name, :email)"), rows)
    engine.dispose()


@pytest.fixture(scope="module", params=["PII_SCAN_TEST_POSTGRES_URL", "PII_SCAN_TEST_MYSQL_URL"])
def server_url(request):
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "rental_schema", Path(__file__).with_name("rental_schema.py")
    )
    helpers = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(helpers)  # type: ignore[union-attr]
    yield from helpers.fresh_database(request.param, _server_table)


def test_a_server_table_in_key_ranges_gives_the_unsplit_result(server_url: str, monkeypatch) -> None:
    import pii_scan.chunks as chunks
    from pii_scan.executors import InProcessExecutor
    from pii_scan.subject import find_subject, parse_identifiers
    from pii_scan.units import find_subject_on

    ids = parse_identifiers({"email": [EMAIL]})
    seen: list[object] = []
    real = chunks.match_part
    monkeypatch.setattr(chunks, "match_part", lambda task: seen.append(task.part) or real(task))
    whole = find_subject([server_url], ids)
    split = find_subject_on(InProcessExecutor(), [server_url], ids, None, part_rows=PART_ROWS)
    assert len(seen) >= 4 and {p.column for p in seen} == {"id"}  # type: ignore[attr-defined]
    assert [r.to_dict() for r in split.records] == [r.to_dict() for r in whole.records]
    assert len([r for r in whole.records if r.relation == "match"]) == 2
