"""The project's own hostile-input corpus (issue 11), table-driven.

Every case builds its inputs in a temporary folder, runs one CLI command in-process and checks the
same guarantees: the documented exit code (README "Exit codes and errors"), exactly one ``error:``
line per failing source naming it (control characters escaped), every other stderr line a ``note:``,
no traceback, no raw personal value of the input in stdout, stderr or any written file other than the
subject's export, sources unchanged (bytes and mtime), no half-written output, no ``.tmp`` left over,
no hang (an alarm fails the case). Database cases run on PostgreSQL/MariaDB in databases named
``wiphost_<random>`` (dropped afterwards) when their URLs are set, and skip with the reason otherwise.

Classes: hostile files, special entries, hostile SQL identifiers, injection through identifiers,
configuration and globs, broken configurations, output targets, signals. Not here (see
``tests/test_csv_bounds.py``, ``test_document_bounds.py``, ``test_kill.py``, ``test_pg_terminate.py``,
``test_reliability.py``): huge text, absurd CSV shapes, SIGKILL at random points, connection loss.
"""

from __future__ import annotations

import builtins
import contextlib
import io
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner

from pii_scan.cli import main
from pii_scan.escape import printable

EMAIL = "godelieve.verhaegen@telenet.be"
NAME = "Godelieve Verhaegen"
NN = "85.07.30-033.28"  # a valid Belgian national number
IBAN = "BE71 0961 2345 6769"
PHONE = "0470 12 34 56"
# what must never show outside the subject's export (raw forms and their compact notations)
RAW = (
    "godelieve.verhaegen",
    "Verhaegen",
    "85073003328",
    NN,
    "BE71096123456769",
    IBAN,
    "470 12 34 56",
    "470123456",
)

PEOPLE_CSV = (
    "naam,email,rijksregisternummer,iban,gsm\n"
    f"{NAME},{EMAIL},{NN},{IBAN},{PHONE}\n"
    "Jan Peeters,jan.peeters@example.com,,,\n"
    "An Claes,an.claes@example.com,,,\n"
)
TIMEOUT = 60  # seconds per case before it counts as a hang


class Hang(BaseException):
    """Raised by the alarm: a case that does not finish is a failure, not a stuck suite."""


@dataclass
class Case:
    args: list[str]
    code: int | set[int] = 0
    failing: list[str] = field(default_factory=list)  # names each on its own error line
    out: Path | None = None  # an output that must be whole or absent
    raw_ok: list[Path] = field(default_factory=list)  # the subject's export
    env: dict[str, str] = field(default_factory=dict)
    context: Callable[[], contextlib.AbstractContextManager[object]] | None = None
    input: str | None = None
    stdout_has: list[str] = field(default_factory=list)


CASES: dict[str, Callable[[Path], Case]] = {}


def case(func: Callable[[Path], Case]) -> Callable[[Path], Case]:
    CASES[func.__name__.removeprefix("case_")] = func
    return func


# -- builders --------------------------------------------------------------------------------------


def people(folder: Path, name: str = "people.csv") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(PEOPLE_CSV)
    return path


def sqlite_db(path: Path, statements: list[str], rows: list[tuple[str, tuple[object, ...]]] = ()) -> Path:  # type: ignore[assignment]
    con = sqlite3.connect(path)
    for s in statements:
        con.execute(s)
    for sql, params in rows:
        con.execute(sql, params)
    con.commit()
    con.close()
    return path


def crm(path: Path) -> Path:
    return sqlite_db(
        path,
        ["CREATE TABLE customers (customer_id INTEGER PRIMARY KEY, naam TEXT, email TEXT, gsm TEXT)"],
        [
            ("INSERT INTO customers VALUES (?, ?, ?, ?)", (1, NAME, EMAIL, PHONE)),
            (
                "INSERT INTO customers VALUES (?, ?, ?, ?)",
                (2, "Jan Peeters", "jan.peeters@example.com", None),
            ),
        ],
    )


def q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def hostile_table_db(path: Path, table: str, columns: list[str], index: str | None = None) -> Path:
    cols = ", ".join(f"{q(c)} TEXT" for c in columns)
    stmts = [f"CREATE TABLE {q(table)} (id INTEGER PRIMARY KEY, {cols})"]
    if index:
        stmts.append(f"CREATE INDEX {q(index)} ON {q(table)} ({q(columns[0])})")
    placeholders = ", ".join("?" for _ in columns)
    cl = ", ".join(q(c) for c in columns)
    rows = [(f"INSERT INTO {q(table)} ({cl}) VALUES ({placeholders})", (EMAIL, *[NAME] * (len(columns) - 1)))]
    rows += [
        (
            f"INSERT INTO {q(table)} ({cl}) VALUES ({placeholders})",
            (f"p{i}@example.com", *["Jan Peeters"] * (len(columns) - 1)),
        )
        for i in range(20)
    ]
    return sqlite_db(path, stmts, rows)


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def rezip(data: bytes, replace: dict[str, Callable[[zipfile.ZipFile, zipfile.ZipInfo], None]]) -> bytes:
    """A copy of the zip ``data`` where each member in ``replace`` is written by its function."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename in replace:
                replace[info.filename](dst, info)
            else:
                dst.writestr(info, src.read(info.filename))
    return out.getvalue()


def write_config(folder: Path, text: str) -> Path:
    path = folder / "pii-scan.toml"
    path.write_text(text)
    return path


@contextlib.contextmanager
def denied(*paths: Path) -> Iterator[None]:
    """``paths`` raise PermissionError when opened or listed, as chmod 000 would for a non-root user
    (tests run as root here, where chmod does not stop reading)."""
    targets = {os.path.abspath(p) for p in paths}
    real_open, real_os_open, real_scandir, real_listdir = io.open, os.open, os.scandir, os.listdir

    def hit(p: object) -> bool:
        return isinstance(p, (str, os.PathLike)) and os.path.abspath(os.fspath(p)) in targets

    def fake_open(file: object, *a: object, **k: object) -> object:
        if hit(file):
            raise PermissionError(13, "Permission denied", os.fspath(file))  # type: ignore[arg-type]
        return real_open(file, *a, **k)  # type: ignore[call-overload]

    def fake_os_open(p: object, *a: object, **k: object) -> int:
        if hit(p):
            raise PermissionError(13, "Permission denied", os.fspath(p))  # type: ignore[arg-type]
        return real_os_open(p, *a, **k)  # type: ignore[arg-type]

    def fake_scandir(p: object = ".") -> object:
        if hit(p):
            raise PermissionError(13, "Permission denied", os.fspath(p))  # type: ignore[arg-type]
        return real_scandir(p)  # type: ignore[call-overload]

    def fake_listdir(p: object = ".") -> list[str]:
        if hit(p):
            raise PermissionError(13, "Permission denied", os.fspath(p))  # type: ignore[arg-type]
        return real_listdir(p)  # type: ignore[call-overload]

    # pathlib and zipfile open through io.open, which is builtins.open: patch both names
    builtins.open = io.open = fake_open  # type: ignore[assignment]
    os.open, os.scandir, os.listdir = fake_os_open, fake_scandir, fake_listdir  # type: ignore[assignment]
    try:
        yield
    finally:
        builtins.open = io.open = real_open
        os.open, os.scandir, os.listdir = real_os_open, real_scandir, real_listdir  # type: ignore[assignment]


# -- the checks ------------------------------------------------------------------------------------


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    snap = {}
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            p = os.path.join(dirpath, name)
            if os.path.isfile(p) and not os.path.islink(p):
                with open(p, "rb") as fh:
                    snap[p] = (fh.read(), os.stat(p).st_mtime_ns)
    return snap


@contextlib.contextmanager
def alarm(seconds: int) -> Iterator[None]:
    def ring(signum: int, frame: object) -> None:
        raise Hang(f"no answer within {seconds} s")

    old = signal.signal(signal.SIGALRM, ring)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def run_case(tmp: Path, c: Case) -> None:
    before = snapshot(tmp)
    runner = CliRunner()
    cwd = os.getcwd()
    os.chdir(tmp)
    try:
        with alarm(TIMEOUT), c.context() if c.context else contextlib.nullcontext():
            res = runner.invoke(main, c.args, env={"PII_SCAN_CONFIG": "", **c.env}, input=c.input)
    finally:
        os.chdir(cwd)
    check(tmp, c, res.exit_code, res.stdout, res.stderr, res.exception, before)


def check(
    tmp: Path,
    c: Case,
    code: int,
    stdout: str,
    stderr: str,
    exception: BaseException | None,
    before: dict[str, tuple[bytes, int]],
) -> None:
    shown = f"exit {code}\n--- stdout\n{stdout[-3000:]}\n--- stderr\n{stderr[-3000:]}"
    assert exception is None or isinstance(exception, SystemExit), f"{exception!r}\n{shown}"
    assert "Traceback" not in stdout + stderr, shown
    expected = c.code if isinstance(c.code, set) else {c.code}
    assert code in expected, shown
    lines = [ln for ln in stderr.splitlines() if ln.strip()]
    # an error's second line, click's usage text or its "Aborted!": never one line per problem
    stray = [ln for ln in lines if ln[0].isspace() or ln.startswith(("Usage:", "Try ", "Error:", "Aborted"))]
    assert not stray, f"multi-line error output: {stray}\n{shown}"
    errors = [ln for ln in lines if ln.startswith("error:")]
    if code == 2:
        assert len(errors) == 1, shown
    if code == 1:
        assert errors, shown
    if c.failing and code != 0:
        for name in c.failing:
            assert any(printable(name) in ln for ln in errors), f"{name!r} not named\n{shown}"
    for text in c.stdout_has:
        assert text in stdout, shown
    # raw values: console and every file written (except the subject's own export)
    for value in RAW:
        assert value not in stdout and value not in stderr, f"raw {value!r} shown\n{shown}"
    after = snapshot(tmp)
    allowed = {os.path.abspath(p) for p in c.raw_ok}
    for path, (data, _mtime) in after.items():
        if path in before or path in allowed or path.endswith(("-wal", "-shm", "-journal")):
            continue  # (SQLite's companions belong to the process writing the database)
        text = data.decode("utf-8", "replace")
        for value in RAW:
            assert value not in text, f"raw {value!r} written to {path}"
    # sources untouched (SQLite's own -shm/-wal companions of a WAL database aside)
    for path, (data, mtime) in before.items():
        if path.endswith(("-shm", "-wal")):
            continue
        assert path in after, f"{path} disappeared"
        assert after[path] == (data, mtime), f"{path} was modified"
    leftovers = [p for p in after if p.endswith(".tmp") and p not in before]
    assert not leftovers, leftovers
    if c.out is not None and c.out.exists() and c.out.is_file() and str(c.out) not in before:
        if c.out.suffix == ".zip":
            with zipfile.ZipFile(c.out) as zf:
                assert zf.testzip() is None
        elif c.out.suffix == ".json":
            json.loads(c.out.read_text())


# -- hostile files ---------------------------------------------------------------------------------


@case
def case_xlsx_random_bytes(t: Path) -> Case:
    (t / "d").mkdir()
    (t / "d" / "hr.xlsx").write_bytes(random.Random(1).randbytes(5000))
    people(t / "d")
    return Case(["scan", "d"], 1, ["hr.xlsx"], stdout_has=["people.csv"])


@case
def case_xlsx_zip_of_garbage(t: Path) -> Case:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", b"\x00\xff garbage")
        zf.writestr("xl/workbook.xml", random.Random(2).randbytes(3000))
        zf.writestr("xl/worksheets/sheet1.xml", b"<not xml")
    (t / "hr.xlsx").write_bytes(buf.getvalue())
    return Case(["scan", "hr.xlsx"], 1, ["hr.xlsx"])


@case
def case_xlsx_truncated(t: Path) -> Case:
    data = xlsx_bytes([["naam", "email"], [NAME, EMAIL]])
    (t / "hr.xlsx").write_bytes(data[: len(data) // 2])
    return Case(["sources", "hr.xlsx"], 1, ["hr.xlsx"])


@case
def case_xlsx_16k_columns(t: Path) -> Case:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("wide")
    ws.append([f"c{i}" for i in range(16384)])
    ws.append([EMAIL if i == 5 else i for i in range(16384)])
    wb.save(t / "wide.xlsx")
    return Case(["scan", "--format", "json", "wide.xlsx"], 1, ["wide.xlsx"])


@case
def case_xlsx_huge_shared_strings(t: Path) -> Case:
    data = xlsx_bytes([["naam", "email"], [NAME, EMAIL], ["Jan Peeters", "jan@example.com"]])

    def strings(dst: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
        n = 300_000
        with dst.open(info.filename, "w") as fh:
            fh.write(
                b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
                + f' count="{n}" uniqueCount="{n}">'.encode()
            )
            for s in ("naam", "email", NAME, EMAIL, "Jan Peeters", "jan@example.com"):
                fh.write(f"<si><t>{s}</t></si>".encode())
            fh.write(b"".join(f"<si><t>filler string {i}</t></si>".encode() for i in range(n)))
            fh.write(b"</sst>")

    (t / "strings.xlsx").write_bytes(rezip(data, {"xl/sharedStrings.xml": strings}))
    return Case(["scan", "--format", "json", "strings.xlsx"], {0, 1}, ["strings.xlsx"])


@case
def case_xlsx_zip_bomb(t: Path) -> Case:
    data = xlsx_bytes([["naam", "email"], [NAME, EMAIL]])

    def bomb(dst: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
        head = (
            b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>naam</t></is></c></row>'
        )
        with dst.open(info.filename, "w", force_zip64=True) as fh:
            fh.write(head)
            chunk = b" " * (1 << 20)
            for _ in range(200):  # 200 MB of whitespace, about 200 KB compressed
                fh.write(chunk)
            fh.write(b"</sheetData></worksheet>")

    (t / "bomb.xlsx").write_bytes(rezip(data, {"xl/worksheets/sheet1.xml": bomb}))
    people(t)
    return Case(["scan", "bomb.xlsx", "people.csv"], 1, ["bomb.xlsx"], stdout_has=["people.csv"])


@case
def case_xls_garbage(t: Path) -> Case:
    (t / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + random.Random(3).randbytes(4000))
    return Case(["scan", "old.xls"], 1, ["old.xls"])


@case
def case_csv_nul_bytes(t: Path) -> Case:
    (t / "nul.csv").write_bytes(PEOPLE_CSV.encode().replace(b"Jan Peeters", b"Jan\x00Peeters\x00\x00"))
    return Case(["scan", "--format", "json", "nul.csv"], {0, 1}, ["nul.csv"])


@case
def case_csv_bom_only(t: Path) -> Case:
    (t / "bom.csv").write_bytes(b"\xef\xbb\xbf")
    return Case(["scan", "bom.csv"], 0)


@case
def case_csv_mixed_encodings(t: Path) -> Case:
    data = b"naam;email;opmerking\n" + f"{NAME};{EMAIL};café\n".encode()
    data += "Jérôme Dubois;jerome@example.be;crème brûlée\n".encode("cp1252")
    data += "Zoë Maes;zoe@example.be;élève\n".encode()
    (t / "mixed.csv").write_bytes(data)
    return Case(["scan", "--format", "json", "mixed.csv"], 0, stdout_has=["email"])


@case
def case_csv_headerless_personal_first_row(t: Path) -> Case:
    # the first row is data, not a header: its values become column names and must be masked too
    (t / "noheader.csv").write_text(
        f"{NAME},{EMAIL},{PHONE}\nJan Peeters,jan.peeters@example.com,0470 99 88 77\n"
    )
    return Case(["scan", "noheader.csv"], 0)


@case
def case_csv_headerless_json(t: Path) -> Case:
    (t / "noheader.csv").write_text(
        f"{NAME},{EMAIL},{PHONE}\nJan Peeters,jan.peeters@example.com,0470 99 88 77\n"
    )
    return Case(["scan", "--format", "json", "noheader.csv"], 0)


@case
def case_sources_headerless(t: Path) -> Case:
    (t / "noheader.csv").write_text(
        f"{NAME},{EMAIL},{PHONE}\nJan Peeters,jan.peeters@example.com,0470 99 88 77\n"
    )
    return Case(["sources", "--format", "json", "noheader.csv"], 0)


@case
def case_find_in_headerless_csv(t: Path) -> Case:
    (t / "noheader.csv").write_text(
        f"{NAME},{EMAIL},{PHONE}\nJan Peeters,jan.peeters@example.com,0470 99 88 77\n"
    )
    return Case(["find", "--format", "json", "--email", EMAIL, "noheader.csv"], 0, stdout_has=['"row": 1'])


@case
def case_json_duplicate_keys(t: Path) -> Case:
    (t / "dup.json").write_text(f'[{{"email": "x@example.com", "email": "{EMAIL}", "naam": "{NAME}"}}]')
    return Case(["scan", "--format", "json", "dup.json"], 0)


@case
def case_json_huge_numbers(t: Path) -> Case:
    (t / "big.json").write_text(f'[{{"email": "{EMAIL}", "n": 1e999999, "m": -1e400, "k": {"9" * 5000}}}]')
    return Case(["scan", "--format", "json", "big.json"], {0, 1}, ["big.json"])


@case
def case_json_nan_infinity(t: Path) -> Case:
    (t / "nan.json").write_text(f'[{{"email": "{EMAIL}", "score": NaN, "max": Infinity, "min": -Infinity}}]')
    return Case(["scan", "--format", "json", "nan.json"], 0)


@case
def case_json_scalar_top_level(t: Path) -> Case:
    (t / "d").mkdir()
    (t / "d" / "n.json").write_text("42")
    (t / "d" / "s.json").write_text(json.dumps(EMAIL))
    (t / "d" / "null.json").write_text("null")
    people(t / "d")
    return Case(["scan", "d"], {0, 1}, ["n.json", "s.json", "null.json"], stdout_has=["people.csv"])


@case
def case_json_invalid_utf8(t: Path) -> Case:
    (t / "bad.json").write_bytes(b'[{"email": "' + EMAIL.encode() + b'", "x": "\xff\xfe\xc3"}]')
    return Case(["scan", "bad.json"], {0, 1}, ["bad.json"])


@case
def case_jsonl_of_arrays(t: Path) -> Case:
    (t / "a.jsonl").write_text("\n".join(json.dumps([EMAIL, NAME, i]) for i in range(20)) + "\n")
    return Case(["scan", "--format", "json", "a.jsonl"], {0, 1}, ["a.jsonl"])


@case
def case_jsonl_of_scalars(t: Path) -> Case:
    (t / "s.jsonl").write_text("\n".join(json.dumps(x) for x in [EMAIL, 1, None, True, 2.5] * 4) + "\n")
    return Case(["scan", "--format", "json", "s.jsonl"], {0, 1}, ["s.jsonl"])


@case
def case_jsonl_mixed_objects_and_arrays(t: Path) -> Case:
    lines = [json.dumps({"email": f"p{i}@example.com"}) for i in range(20)] + [json.dumps([EMAIL]), "7"]
    (t / "m.jsonl").write_text("\n".join(lines) + "\n")
    return Case(["find", "--email", "p3@example.com", "m.jsonl"], {0, 1}, ["m.jsonl"])


@case
def case_parquet_garbage(t: Path) -> Case:
    (t / "g.parquet").write_bytes(b"PAR1" + random.Random(4).randbytes(3000) + b"PAR1")
    people(t)
    return Case(["scan", "g.parquet", "people.csv"], 1, ["g.parquet"], stdout_has=["people.csv"])


@case
def case_parquet_text(t: Path) -> Case:
    (t / "t.parquet").write_text(PEOPLE_CSV)
    return Case(["sources", "t.parquet"], 1, ["t.parquet"])


def _zero_byte(ext: str) -> Callable[[Path], Case]:
    def build(t: Path) -> Case:
        (t / "d").mkdir()
        (t / "d" / f"empty{ext}").write_bytes(b"")
        people(t / "d")
        return Case(["scan", "d"], {0, 1}, [f"empty{ext}"], stdout_has=["people.csv"])

    return build


for _ext in (".csv", ".tsv", ".json", ".jsonl", ".parquet", ".txt", ".md", ".xlsx", ".xls", ".sqlite", ".db"):
    CASES[f"zero_byte{_ext.replace('.', '_')}"] = _zero_byte(_ext)


@case
def case_zero_byte_find(t: Path) -> Case:
    (t / "d").mkdir()
    for ext in (".csv", ".json", ".jsonl", ".xlsx", ".parquet", ".txt", ".sqlite"):
        (t / "d" / f"empty{ext}").write_bytes(b"")
    people(t / "d")
    return Case(["find", "--email", EMAIL, "d"], {0, 1}, ["empty.xlsx", "empty.parquet"])


@case
def case_sqlite_not_a_database(t: Path) -> Case:
    (t / "crm.sqlite").write_text(PEOPLE_CSV * 100)
    people(t)
    return Case(["scan", "crm.sqlite", "people.csv"], 1, ["crm.sqlite"], stdout_has=["people.csv"])


@case
def case_sqlite_truncated(t: Path) -> Case:
    db = sqlite_db(
        t / "big.sqlite",
        ["CREATE TABLE customers (id INTEGER PRIMARY KEY, naam TEXT, email TEXT)"],
        [("INSERT INTO customers (naam, email) VALUES (?, ?)", (NAME, EMAIL))]
        + [
            ("INSERT INTO customers (naam, email) VALUES (?, ?)", (f"Jan {i}", f"p{i}@example.com"))
            for i in range(3000)
        ],
    )
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 3])
    return Case(["scan", "big.sqlite"], {0, 1}, ["big.sqlite"])


@case
def case_sqlite_truncated_find(t: Path) -> Case:
    db = sqlite_db(
        t / "big.sqlite",
        ["CREATE TABLE customers (id INTEGER PRIMARY KEY, naam TEXT, email TEXT)"],
        [
            ("INSERT INTO customers (naam, email) VALUES (?, ?)", (f"Jan {i}", f"p{i}@example.com"))
            for i in range(3000)
        ]
        + [("INSERT INTO customers (naam, email) VALUES (?, ?)", (NAME, EMAIL))],
    )
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 3])
    return Case(["find", "--email", EMAIL, "big.sqlite"], 1, ["big.sqlite"])


@case
def case_sqlite_encrypted_looking(t: Path) -> Case:
    (t / "vault.db").write_bytes(random.Random(5).randbytes(4096 * 4))  # what SQLCipher files look like
    return Case(["find", "--email", EMAIL, "vault.db"], 1, ["vault.db"])


@case
def case_sqlite_header_only(t: Path) -> Case:
    (t / "h.sqlite").write_bytes(b"SQLite format 3\x00" + b"\x00" * 84)
    return Case(["sources", "h.sqlite"], {0, 1}, ["h.sqlite"])


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Another process holds an exclusive lock on the database while the case runs."""
    code = (
        "import sqlite3, sys, time\n"
        f"c = sqlite3.connect({str(path)!r}, isolation_level=None)\n"
        "c.execute('BEGIN EXCLUSIVE')\n"
        "print('locked', flush=True)\n"
        "time.sleep(120)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
        yield
    finally:
        proc.kill()
        proc.wait()


@case
def case_sqlite_locked_by_another_process(t: Path) -> Case:
    db = crm(t / "crm.sqlite")
    people(t)
    return Case(
        ["scan", "crm.sqlite", "people.csv"], {0, 1}, ["crm.sqlite"], context=lambda: _locked(db),
        stdout_has=["people.csv"],
    )  # fmt: skip


@case
def case_sqlite_locked_find(t: Path) -> Case:
    db = crm(t / "crm.sqlite")
    return Case(["find", "--email", EMAIL, "crm.sqlite"], {0, 1}, ["crm.sqlite"], context=lambda: _locked(db))


@contextlib.contextmanager
def _wal_writer(path: Path) -> Iterator[None]:
    """A live writer keeps uncheckpointed rows in the -wal file while the case reads the database."""
    code = (
        "import sqlite3, time\n"
        f"c = sqlite3.connect({str(path)!r}, isolation_level=None)\n"
        "c.execute('PRAGMA wal_autocheckpoint=0')\n"
        f"c.execute('INSERT INTO customers VALUES (3, ?, ?, NULL)', ('Zoë Maes', 'zoe.maes@example.be'))\n"
        "print('written', flush=True)\n"
        "time.sleep(120)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "written"
        yield
    finally:
        proc.kill()
        proc.wait()


@case
def case_sqlite_wal_mode(t: Path) -> Case:
    db = crm(t / "crm.sqlite")
    con = sqlite3.connect(db)
    con.execute("PRAGMA journal_mode=WAL")
    con.close()
    return Case(
        ["find", "--format", "json", "--email", "zoe.maes@example.be", "crm.sqlite"], 0,
        context=lambda: _wal_writer(db), stdout_has=['"customer_id": 3'],
    )  # fmt: skip


@case
def case_sqlite_without_rowid_table(t: Path) -> Case:
    sqlite_db(
        t / "w.sqlite",
        ["CREATE TABLE klant (email TEXT PRIMARY KEY, naam TEXT) WITHOUT ROWID"],
        [("INSERT INTO klant VALUES (?, ?)", (EMAIL, NAME))]
        + [("INSERT INTO klant VALUES (?, ?)", (f"p{i}@example.com", f"Jan {i}")) for i in range(50)],
    )
    return Case(["scan", "--sample", "10", "w.sqlite"], 0, stdout_has=["klant"])


@case
def case_sqlite_column_named_rowid(t: Path) -> Case:
    sqlite_db(
        t / "r.sqlite",
        ["CREATE TABLE klant (rowid TEXT, _rowid_ TEXT, oid TEXT, email TEXT)"],
        [("INSERT INTO klant VALUES ('a', 'b', 'c', ?)", (f"p{i}@example.com",)) for i in range(50)]
        + [("INSERT INTO klant VALUES ('x', 'y', 'z', ?)", (EMAIL,))],
    )
    return Case(
        ["find", "--format", "json", "--email", EMAIL, "r.sqlite"], 0, stdout_has=['"relation": "match"']
    )


@case
def case_sqlite_column_named_rowid_scan(t: Path) -> Case:
    sqlite_db(
        t / "r.sqlite",
        ["CREATE TABLE klant (rowid TEXT, _rowid_ TEXT, oid TEXT, email TEXT)"],
        [("INSERT INTO klant VALUES ('a', 'b', 'c', ?)", (f"p{i}@example.com",)) for i in range(3000)],
    )
    return Case(["scan", "--sample", "20", "r.sqlite"], 0, stdout_has=["email"])


# -- special entries -------------------------------------------------------------------------------


@case
def case_unreadable_file_in_dir(t: Path) -> Case:
    (t / "d").mkdir()
    secret = people(t / "d", "secret.csv")
    people(t / "d")
    return Case(["scan", "d"], 1, ["secret.csv"], context=lambda: denied(secret), stdout_has=["people.csv"])


@case
def case_unreadable_subdir(t: Path) -> Case:
    (t / "d" / "locked").mkdir(parents=True)
    people(t / "d" / "locked")
    people(t / "d")
    return Case(["sources", "d"], {0, 1}, ["locked"], context=lambda: denied(t / "d" / "locked"))


@case
def case_unreadable_xlsx_export(t: Path) -> Case:
    (t / "hr.xlsx").write_bytes(xlsx_bytes([["naam", "email"], [NAME, EMAIL]]))
    people(t)
    out = t / "p.zip"
    return Case(
        ["export", "--email", EMAIL, "--out", str(out), "hr.xlsx", "people.csv"], 1, ["hr.xlsx"],
        out=out, raw_ok=[out], context=lambda: denied(t / "hr.xlsx"),
    )  # fmt: skip


@case
def case_unreadable_config(t: Path) -> Case:
    cfg = write_config(t, '[[sources]]\nname = "x"\nlocation = "."\n')
    return Case(["scan", "--config", str(cfg)], 2, ["pii-scan.toml"], context=lambda: denied(cfg))


@case
def case_control_chars_in_file_name(t: Path) -> Case:
    (t / "d").mkdir()
    (t / "d" / "bad\x1b[31m\rname.xlsx").write_bytes(b"not a workbook")
    people(t / "d")
    return Case(["scan", "d"], 1, ["bad\x1b[31m\rname.xlsx"])


@case
def case_source_does_not_exist(t: Path) -> Case:
    people(t)
    return Case(["scan", "missing\ndir", "people.csv"], 1, ["missing\ndir"], stdout_has=["people.csv"])


@case
def case_unsupported_extension(t: Path) -> Case:
    (t / "notes.docx").write_bytes(b"PK\x03\x04")
    return Case(["scan", "notes.docx"], {1, 2}, ["notes.docx"])


# -- hostile SQL identifiers (SQLite) -------------------------------------------------------------

HOSTILE_NAMES = {
    "backtick_comment": ("kl`ant -- x; DROP TABLE y", ["e`mail--", "na;am /* */"]),
    "reserved_words": ("select", ["from", "order", "group", "where"]),
    "unicode": ("klant_ë_日本_🙂", ["é-mail", "naam\u200b", "ＦＵＬＬＷＩＤＴＨ"]),
    "very_long": ("t" * 1500, ["c" * 1200, "n" * 1000]),
    "quotes_brackets": ("[a]\"b'c", ["[email]", "'naam'"]),
    "percent_underscore": ("t%_\\", ["e%mail_", "n\\aam"]),
}


def _sqlite_hostile(key: str, command: str) -> Callable[[Path], Case]:
    table, columns = HOSTILE_NAMES[key]

    def build(t: Path) -> Case:
        hostile_table_db(t / "h.sqlite", table, columns, index=f'ix"{key}; --')
        out = t / "p.zip"
        args = {
            "sources": ["sources", "--format", "json", "h.sqlite"],
            "scan": ["scan", "--format", "json", "h.sqlite"],
            "find": ["find", "--format", "json", "--email", EMAIL, "h.sqlite"],
            "find_id": ["find", "--format", "json", "--id", f"{table}.id=1", "h.sqlite"],
            "export": ["export", "--email", EMAIL, "--out", str(out), "h.sqlite"],
        }[command]
        has = ['"id": 1'] if command.startswith("find") else []
        return Case(args, 0, out=out, raw_ok=[out], stdout_has=has)

    return build


for _key in HOSTILE_NAMES:
    for _cmd in ("scan", "find", "find_id"):
        CASES[f"sqlite_ident_{_key}_{_cmd}"] = _sqlite_hostile(_key, _cmd)
CASES["sqlite_ident_backtick_comment_export"] = _sqlite_hostile("backtick_comment", "export")
CASES["sqlite_ident_very_long_sources"] = _sqlite_hostile("very_long", "sources")


@case
def case_sqlite_ident_hostile_view_and_trigger(t: Path) -> Case:
    db = hostile_table_db(t / "v.sqlite", "k", ["email", "naam"])
    con = sqlite3.connect(db)
    con.execute('CREATE VIEW "v""; DROP TABLE k; --" AS SELECT email, naam FROM k')
    con.execute('CREATE TRIGGER "tr\'" AFTER INSERT ON k BEGIN SELECT 1; END')
    con.commit()
    con.close()
    return Case(["find", "--format", "json", "--email", EMAIL, "v.sqlite"], 0, stdout_has=['"id": 1'])


# -- injection through identifiers, links and globs ------------------------------------------------


@case
def case_id_value_injection(t: Path) -> Case:
    crm(t / "crm.sqlite")
    return Case(
        ["find", "--format", "json", "--id", "customers.customer_id=1 OR 1=1", "crm.sqlite"], {0, 2},
        stdout_has=[],
    )  # fmt: skip


@case
def case_id_value_quote_injection(t: Path) -> Case:
    crm(t / "crm.sqlite")
    return Case(["find", "--format", "json", "--id", "customers.naam=' OR '1'='1", "crm.sqlite"], 0,
                stdout_has=['"records": []'])  # fmt: skip


@case
def case_id_table_injection(t: Path) -> Case:
    crm(t / "crm.sqlite")
    return Case(["find", "--id", "customers; DROP TABLE customers; --.customer_id=1", "crm.sqlite"], 2)


@case
def case_id_column_injection(t: Path) -> Case:
    crm(t / "crm.sqlite")
    return Case(["find", "--id", "customers.customer_id=1 --=1", "crm.sqlite"], {0, 2})


@case
def case_id_malformed(t: Path) -> Case:
    crm(t / "crm.sqlite")
    return Case(["find", "--id", "=", "crm.sqlite"], 2)


@case
def case_id_nul_and_newline(t: Path) -> Case:
    crm(t / "crm.sqlite")
    return Case(["find", "--id", "custo\nmers.customer_id=1\x00", "crm.sqlite"], 2)


@case
def case_email_sql_injection(t: Path) -> Case:
    crm(t / "crm.sqlite")
    return Case(["find", "--email", "' OR '1'='1", "crm.sqlite"], 2)


@case
def case_email_like_wildcards(t: Path) -> Case:
    crm(t / "crm.sqlite")
    people(t)
    return Case(["find", "--format", "json", "--email", "%@%", "crm.sqlite", "people.csv"], {0, 2},
                stdout_has=[])  # fmt: skip


@case
def case_name_like_wildcards(t: Path) -> Case:
    crm(t / "crm.sqlite")
    people(t)
    # "%" and "_" are LIKE wildcards: a name made of them must match nobody
    return Case(["find", "--format", "json", "--name", "% _", "crm.sqlite", "people.csv"], {0, 2})


@case
def case_name_regex_metacharacters(t: Path) -> Case:
    people(t)
    return Case(["find", "--format", "json", "--name", ".* (a+)+$ [", "people.csv"], {0, 2})


@case
def case_name_control_characters(t: Path) -> Case:
    people(t)
    return Case(["find", "--name", "Godelieve\nVerhaegen\x1b[2J", "people.csv"], {0, 2})


@case
def case_config_link_injection(t: Path) -> Case:
    people(t)
    cfg = write_config(
        t,
        '[[sources]]\nname = "files"\nlocation = "."\n\n'
        '[[links]]\nlink = "people.csv:email; DROP TABLE x -- -> people.csv:naam\\n"\n',
    )
    return Case(["find", "--config", str(cfg), "--email", EMAIL], 2, ["pii-scan.toml"])


@case
def case_config_link_to_nothing(t: Path) -> Case:
    people(t)
    cfg = write_config(
        t, '[[sources]]\nname = "files"\nlocation = "."\n\n[[links]]\nlink = "x.csv:a -> \'people.csv\':b"\n'
    )
    return Case(["find", "--config", str(cfg), "--email", EMAIL], 2, ["pii-scan.toml"])


@case
def case_glob_escapes_root(t: Path) -> Case:
    (t / "root").mkdir()
    people(t / "root")
    people(t, "outside.csv")
    cfg = write_config(
        t / "root", '[[sources]]\nname = "files"\nlocation = "."\ninclude = ["../*", "/etc/*"]\n'
    )
    return Case(["sources", "--format", "json", "--config", str(cfg)], {0, 2})


@case
def case_glob_malformed(t: Path) -> Case:
    people(t)
    cfg = write_config(
        t, '[[sources]]\nname = "files"\nlocation = "."\nexclude = ["[", "**/**/**/**/**/**/**/**/**/**/*"]\n'
    )
    return Case(["scan", "--config", str(cfg)], {0, 2}, ["pii-scan.toml"])


@case
def case_source_glob_matches_nothing(t: Path) -> Case:
    return Case(["scan", "*.nothing-here.csv"], 1, ["*.nothing-here.csv"])


# -- broken configurations -------------------------------------------------------------------------


def _config_case(key: str, text: str, command: str, code: int | set[int]) -> Callable[[Path], Case]:
    def build(t: Path) -> Case:
        people(t)
        cfg = write_config(t, text)
        args = {
            "scan": ["scan", "--config", str(cfg)],
            "sources": ["sources", "--config", str(cfg)],
            "find": ["find", "--config", str(cfg), "--email", EMAIL],
            "inventory": ["inventory", "--config", str(cfg)],
            "eval": ["eval", "--config", str(cfg), "--root", ".", "labels.csv"],
        }[command]
        if command == "eval":
            (t / "labels.csv").write_text(
                "dataset,file,table,column,category,subject,notes\nx,people.csv,people,email,contact,person,\n"
            )
        named = "people.csv" if "is_a_file" in key else "pii-scan.toml"  # the path at fault, else the file
        return Case(args, code, [named] if code == 2 else [])

    return build


SRC = '[[sources]]\nname = "files"\nlocation = "."\n'
CONFIGS: dict[str, tuple[str, str, int | set[int]]] = {
    "bad_toml": ("[[sources]\nname = ", "scan", 2),
    "bad_toml_inventory": ('sources = [ {name = "x"', "inventory", 2),
    "sources_wrong_type": ('sources = "everything"\n', "scan", 2),
    "location_wrong_type": ('[[sources]]\nname = "x"\nlocation = 42\n', "sources", 2),
    "include_wrong_type": (SRC + 'include = "*.csv"\n', "scan", {0, 2}),
    "sample_wrong_type": (SRC + '[thresholds]\nsample = "many"\n', "scan", 2),
    "sample_zero": (SRC + "[thresholds]\nsample = 0\n", "scan", 2),
    "sample_absurd": (SRC + "[thresholds]\nsample = 100000000000000000000\n", "scan", 2),
    "unknown_root_key": (SRC + 'colour = "red"\n', "scan", 2),
    "unknown_source_key": (SRC + 'pasword = "x"\n', "find", 2),
    "missing_env_var": (
        '[[sources]]\nname = "db"\nlocation = "postgresql+psycopg://u:${WIPHOST_NOT_SET}@h/db"\n',
        "sources",
        2,
    ),
    "env_var_in_path_missing": (
        '[[sources]]\nname = "f"\nlocation = "${WIPHOST_NOT_SET}/people.csv"\n',
        "scan",
        2,
    ),
    "password_in_url": (
        '[[sources]]\nname = "db"\nlocation = "postgresql+psycopg://u:hunter2@127.0.0.1:1/db"\n',
        "sources",
        2,
    ),
    "duplicate_source_names": (SRC + SRC, "scan", 2),
    "bad_source_name": ('[[sources]]\nname = "../x\\n"\nlocation = "."\n', "scan", 2),
    "limits_negative": (SRC + "[limits]\nmax_columns = -1\n", "scan", 2),
    "limits_string": (SRC + '[limits]\nmax_line_bytes = "10 MB"\n', "scan", 2),
    "limits_absurd": (SRC + "[limits]\njson_max_depth = 100000000000000000000000\n", "scan", 2),
    "limits_float": (SRC + "[limits]\ntext_budget_bytes = 1.5\n", "scan", 2),
    "limits_unknown_key": (SRC + "[limits]\nmax_rows = 5\n", "scan", 2),
    "inventory_out_is_a_file": (SRC + '[inventory]\nout = "people.csv"\n', "inventory", 2),  # names the path
    "state_dir_is_a_file": (SRC + '[inventory]\nstate_dir = "people.csv"\n', "inventory", 2),
    "workers_absurd": (SRC + "[inventory]\nworkers = -3\n", "inventory", 2),
    "retention_bad_age": (
        SRC
        + '[[retention]]\nsource = "files"\ntable = "people.csv"\ncolumn = "email"\nmax_age = "forever"\n',
        "inventory",
        2,
    ),
    "language_unknown": ('language = "klingon"\n' + SRC, "scan", 2),
    "register_wrong_type": (SRC + "[register.contact]\npurposes = 5\n", "inventory", 2),
    "eval_bad_config": ("[thresholds\n", "eval", 2),
}
for _name, (_text, _cmd, _code) in CONFIGS.items():
    CASES[f"config_{_name}"] = _config_case(_name, _text, _cmd, _code)


@case
def case_config_is_a_directory(t: Path) -> Case:
    (t / "cfg.toml").mkdir()
    return Case(["scan", "--config", "cfg.toml"], 2, ["cfg.toml"])


@case
def case_config_env_points_at_missing(t: Path) -> Case:
    return Case(["scan"], 2, ["nowhere.toml"], env={"PII_SCAN_CONFIG": str(t / "nowhere.toml")})


@case
def case_config_binary_garbage(t: Path) -> Case:
    (t / "pii-scan.toml").write_bytes(b"\xff\xfe\x00garbage\x00")
    return Case(["scan", "--config", "pii-scan.toml"], 2, ["pii-scan.toml"])


@case
def case_config_source_is_its_own_output(t: Path) -> Case:
    # a source folder that holds the register being written: the sweep must not read its own output
    people(t)
    cfg = write_config(t, SRC + '[inventory]\nout = "inv"\nstate_dir = ".st"\n')
    return Case(["inventory", "--config", str(cfg)], 0)


@case
def case_config_same_location_twice(t: Path) -> Case:
    people(t)
    cfg = write_config(t, SRC + '[[sources]]\nname = "again"\nlocation = "people.csv"\n')
    return Case(["scan", "--config", str(cfg)], {0, 2})


# -- output targets --------------------------------------------------------------------------------


@case
def case_out_inside_source_dir(t: Path) -> Case:
    people(t / "d")
    out = t / "d" / "fields.json"
    return Case(["scan", "--format", "json", "--out", str(out), "d"], 0, out=out)


@case
def case_out_is_existing_dir(t: Path) -> Case:
    people(t)
    (t / "o").mkdir()
    return Case(["export", "--email", EMAIL, "--out", "o", "people.csv"], 2, ["o"])


@case
def case_out_in_missing_dir(t: Path) -> Case:
    people(t)
    out = t / "nope" / "p.zip"
    return Case(["export", "--email", EMAIL, "--out", str(out), "people.csv"], 2, [str(out)])


@case
def case_out_under_a_file(t: Path) -> Case:
    people(t)
    return Case(["scan", "--out", "people.csv/x.json", "people.csv"], 2, ["people.csv/x.json"])


@case
def case_out_read_only_dir(t: Path) -> Case:
    people(t)
    target = "/proc/wiphost-out.json"  # not writable, even for root
    return Case(["scan", "--format", "json", "--out", target, "people.csv"], 2, [target])


@case
def case_out_with_newline(t: Path) -> Case:
    people(t)
    out = t / "fields\nx.json"
    return Case(["scan", "--format", "json", "--out", str(out), "people.csv"], 0, out=out)


@case
def case_out_is_the_source(t: Path) -> Case:
    src = people(t)
    return Case(["scan", "--format", "json", "--out", str(src), "people.csv"], 2, ["people.csv"])


@case
def case_export_out_is_the_source(t: Path) -> Case:
    db = crm(t / "crm.sqlite")
    return Case(["export", "--email", EMAIL, "--out", str(db), "crm.sqlite"], 2, ["crm.sqlite"])


@case
def case_export_unknown_id_table(t: Path) -> Case:
    crm(t / "crm.sqlite")
    out = t / "p.zip"
    return Case(["export", "--id", "klanten.id=1", "--out", str(out), "crm.sqlite"], 2, ["klanten"], out=out)


@case
def case_inventory_out_read_only(t: Path) -> Case:
    people(t)
    cfg = write_config(t, SRC + '[inventory]\nstate_dir = ".st"\n')
    return Case(["inventory", "--config", str(cfg), "--out", "/proc/wiphost-inv"], 2, ["/proc/wiphost-inv"])


@case
def case_init_over_existing(t: Path) -> Case:
    (t / "pii-scan.toml").write_text("# mine\n")
    return Case(["init"], 2, ["pii-scan.toml"])


@case
def case_init_out_is_dir(t: Path) -> Case:
    (t / "cfg").mkdir()
    return Case(["init", "--out", "cfg"], 2, ["cfg"])


@case
def case_init_out_in_missing_dir(t: Path) -> Case:
    return Case(["init", "--out", "no/such/dir/pii-scan.toml"], 2, ["no/such/dir/pii-scan.toml"])


@case
def case_eval_labels_garbage(t: Path) -> Case:
    (t / "labels.csv").write_bytes(b"\x00\xff\xfe garbage \x00\n\x01")
    return Case(["eval", "--root", ".", "labels.csv"], 2, ["labels.csv"])


@case
def case_eval_labels_missing_columns(t: Path) -> Case:
    (t / "labels.csv").write_text("file,category\npeople.csv,contact\n")
    return Case(["eval", "--root", ".", "labels.csv"], 2, ["labels.csv"])


@case
def case_eval_labels_point_at_corrupt_file(t: Path) -> Case:
    (t / "hr.xlsx").write_bytes(b"garbage")
    people(t)
    (t / "labels.csv").write_text(
        "dataset,file,table,column,category,subject,notes\n"
        "x,hr.xlsx,Sheet,email,contact,person,\nx,people.csv,people,email,contact,person,\n"
    )
    return Case(["eval", "--root", ".", "labels.csv"], 1, ["hr.xlsx"])


@case
def case_eval_labels_escape_root(t: Path) -> Case:
    (t / "r").mkdir()
    (t / "labels.csv").write_text(
        "dataset,file,table,column,category,subject,notes\nx,../../../../etc/passwd,passwd,x,none,person,\n"
    )
    return Case(["eval", "--root", "r", "labels.csv"], {1, 2}, ["passwd"])


# Cases that fail today; each fix removes its names (strict: a case that starts passing must go).
KNOWN_FAILING: set[str] = set()
SLOW: set[str] = set()  # cases over a few seconds


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(
            n,
            marks=([pytest.mark.slow] if n in SLOW else [])
            + ([pytest.mark.xfail(strict=True, reason="known failure")] if n in KNOWN_FAILING else []),
        )
        for n in sorted(CASES)
    ],
)
def test_hostile_input(name: str, tmp_path: Path) -> None:
    run_case(tmp_path, CASES[name](tmp_path))


# -- hostile identifiers on PostgreSQL and MariaDB ------------------------------------------------


def _server_db(env: str) -> Iterator[str]:
    import sqlalchemy as sa
    from sqlalchemy.engine import make_url

    url = os.environ.get(env)
    if not url:
        pytest.skip(f"{env} is not set (no database server configured)")
    try:
        admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except Exception as exc:  # noqa: BLE001 - no server here
        pytest.skip(f"no database server answers at {make_url(url).render_as_string()}: {type(exc).__name__}")
    name = f"wiphost_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(sa.text(f"CREATE DATABASE {name}"))
    try:
        yield make_url(url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            force = " WITH (FORCE)" if admin.dialect.name == "postgresql" else ""
            conn.execute(sa.text(f"DROP DATABASE IF EXISTS {name}{force}"))
        admin.dispose()


PG_TABLES = [  # (schema, table, email column, name column)
    ('we"ird;sch -- x', 'kl"ant; DROP TABLE x; --', 'e"mail', "na'am"),
    ("public", "Klant", "Email", "email"),  # differ only in case from the next table / within it
    ("public", "klant", "EMAIL", "naam"),
    ("public", "select", "from", "order"),
    ("public", "klant_ë_日本", "é-mail", "naam\u200b"),
    ("public", "t" * 63, "c" * 63, "n" * 63),  # PostgreSQL's longest names
]


@pytest.fixture(scope="module")
def pg_hostile() -> Iterator[str]:
    import sqlalchemy as sa

    for url in _server_db("PII_SCAN_TEST_POSTGRES_URL"):
        eng = sa.create_engine(url)
        prep = eng.dialect.identifier_preparer
        with eng.begin() as conn:
            for schema, table, email, naam in PG_TABLES:
                if schema != "public":
                    conn.execute(sa.text(f"CREATE SCHEMA {prep.quote_identifier(schema)}"))
                full = f"{prep.quote_identifier(schema)}.{prep.quote_identifier(table)}"
                conn.execute(sa.text(
                    f"CREATE TABLE {full} (id serial PRIMARY KEY, {prep.quote_identifier(email)} text, "
                    f"{prep.quote_identifier(naam)} text)"
                ))  # fmt: skip
                conn.execute(sa.text(
                    f"CREATE INDEX {prep.quote_identifier('ix' + table[:40] + chr(34) + '; --')} ON {full} "
                    f"(lower({prep.quote_identifier(email)}))"
                ))  # fmt: skip
                cols = f"{prep.quote_identifier(email)}, {prep.quote_identifier(naam)}"
                rows = [{"e": EMAIL, "n": NAME}]
                rows += [{"e": f"p{i}@example.com", "n": f"Jan {i}"} for i in range(30)]
                conn.execute(sa.text(f"INSERT INTO {full} ({cols}) VALUES (:e, :n)"), rows)
        eng.dispose()
        yield url


MY_TABLES = [  # (table, email column, name column); MariaDB names are at most 64 characters
    ("kl`ant; DROP TABLE x; --", "e`mail", "na'am\"x"),
    ("select", "from", "order"),
    ("klant_ë_日本", "é-mail", "naam"),
    ("t" * 64, "c" * 64, "n" * 64),
    ("a'b\"c\\d", "e\\mail", "n_;x"),
]


@pytest.fixture(scope="module")
def my_hostile() -> Iterator[str]:
    import sqlalchemy as sa

    for url in _server_db("PII_SCAN_TEST_MYSQL_URL"):
        eng = sa.create_engine(url)
        prep = eng.dialect.identifier_preparer
        with eng.begin() as conn:
            for table, email, naam in MY_TABLES:
                qt, qe, qn = (prep.quote_identifier(x) for x in (table, email, naam))
                conn.execute(sa.text(
                    f"CREATE TABLE {qt} (id int AUTO_INCREMENT PRIMARY KEY, {qe} varchar(200), {qn} text, "
                    f"INDEX {prep.quote_identifier('ix`' + table[:50])} ({qe})) CHARACTER SET utf8mb4"
                ).execution_options(no_parameters=True))  # fmt: skip
                conn.exec_driver_sql(
                    f"INSERT INTO {qt} ({qe}, {qn}) VALUES (%s, %s)",
                    [(EMAIL, NAME)] + [(f"p{i}@example.com", f"Jan {i}") for i in range(30)],
                )
        eng.dispose()
        yield url


def _server_cases(url: str, tables: list[str], t: Path) -> list[Case]:
    out = t / "p.zip"
    return [
        Case(["sources", "--format", "json", url], 0, stdout_has=[json.dumps(tables[0])[1:-1][:20]]),
        Case(["scan", "--format", "json", "--sample", "20", url], 0),
        Case(["find", "--format", "json", "--email", EMAIL, url], 0, stdout_has=['"id": 1']),
        Case(["export", "--email", EMAIL, "--out", str(out), url], 0, out=out, raw_ok=[out]),
    ] + [
        Case(["find", "--format", "json", "--id", f"{tb}.id=1", url], 0, stdout_has=['"id": 1'])
        for tb in tables
    ]


@pytest.mark.postgres
def test_postgres_hostile_identifiers(pg_hostile: str, tmp_path: Path) -> None:
    for c in _server_cases(pg_hostile, [tb for s, tb, *_ in PG_TABLES if s == "public"], tmp_path):
        run_case(tmp_path, c)


@pytest.mark.mysql
def test_mariadb_hostile_identifiers(my_hostile: str, tmp_path: Path) -> None:
    for c in _server_cases(my_hostile, [tb for tb, *_ in MY_TABLES], tmp_path):
        run_case(tmp_path, c)


# -- signals ---------------------------------------------------------------------------------------


def _default_sigint() -> None:
    # A suite started in the background by a non-interactive shell inherits SIGINT ignored, and Python
    # then keeps it ignored in the child (as a shell user who backgrounds a command expects): the
    # child must get the default, as in a terminal, for the test to be about pii-scan.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_signal_during_scan_is_a_clean_exit(sig: signal.Signals, tmp_path: Path) -> None:
    d = tmp_path / "d"
    for i in range(40):
        people(d, f"p{i}.csv")
        (d / f"letter{i}.txt").write_text(f"Beste {NAME}, uw nummer {NN} en {EMAIL}. " * 200)
    before = snapshot(tmp_path)
    out = tmp_path / "fields.json"
    proc = subprocess.Popen(
        [sys.executable, "-c", "from pii_scan.cli import main; main()",
         "scan", "--format", "json", "--out", str(out), str(d)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "PII_SCAN_CONFIG": ""},
        preexec_fn=_default_sigint,
    )  # fmt: skip
    time.sleep(4)  # inside the scan (imports and model loading take about this long)
    proc.send_signal(sig)
    try:
        stdout, stderr = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        pytest.fail("no exit within 30 s of the signal")
    expected = 128 + sig if sig == signal.SIGTERM else 130
    c = Case([], {expected, 0}, out=out)
    check(tmp_path, c, proc.returncode, stdout, stderr, None, before)
    if proc.returncode != 0:
        assert not out.exists()
