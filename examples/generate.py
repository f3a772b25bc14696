#!/usr/bin/env python
"""Generate the example data of pii-scan: a small fictional Belgian organisation (Calorix NV/SA).

    python examples/generate.py [--out DIR]

Deterministic: one seed, a fixed "today" (2026-01-15), no clock, sorted JSON keys, SQLite with a fixed
page size and VACUUM, the workbook's zip entries and document dates fixed. Re-running it gives the
same bytes (with the same Faker and SQLite versions). .ground_truth.json is written from the very
values that were planted, for the tests of discovery and subject access.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.dont_write_bytecode = True  # keep examples/ free of __pycache__ (it is scanned as a source)
HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from gen.crm import write_crm  # noqa: E402
from gen.files import write_hr_workbook, write_json, write_text  # noqa: E402
from gen.letters import build_letters  # noqa: E402
from gen.model import TODAY, build_world  # noqa: E402
from gen.sources import crm_tables, hr_rows, members_rows, weblog_records  # noqa: E402
from gen.truth import ground_truth, letter_context  # noqa: E402

SEED = 20260115


def generate(out: Path, seed: int = SEED) -> dict:
    """Write every example file into ``out``; return the ground truth that was written."""
    out.mkdir(parents=True, exist_ok=True)
    world = build_world(seed)
    write_crm(out / "crm.sqlite", crm_tables(world))
    members = members_rows(world, seed, out / "export_leden.csv")
    weblog = weblog_records(world, seed, out / "weblog.jsonl")
    title, header, staff, absence_header, absences = hr_rows(world, seed)
    write_hr_workbook(out / "hr.xlsx", title, header, staff, "M", absence_header, absences)
    letters = build_letters(letter_context(world))
    for name, (_lang, text, _spans) in letters.items():
        write_text(out / name, text)
    truth = ground_truth(world, seed, TODAY, members, weblog, letters, len(staff), len(absences))
    write_json(out / ".ground_truth.json", truth)
    return truth


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="directory to write into (default: examples/)")
    args = parser.parse_args(argv)
    generate(args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
