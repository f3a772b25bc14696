"""The workplace tests' site: a copy of examples/ plus one planted file, and its accounts (shared by
test_server.py and test_server_browser.py, loaded by path as subject_schema.py is)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
TRUTH = json.loads((EXAMPLES / ".ground_truth.json").read_text(encoding="utf-8"))["planted_person"]
EMAIL = TRUTH["email"]
SCRIPT = "<script>alert(1)</script>"
PASSWORDS = {"olga": "officer-password-1", "stan": "staff-password-1", "sara": "staff-password-2"}

CONFIG = """
[inventory]
state_dir = "state"
out = "inventory"

[[sources]]
name = "crm"
location = "data/crm.sqlite"

[[sources]]
name = "files"
location = "data"
exclude = ["crm.sqlite"]
"""


def make_site(root: Path) -> Path:
    data = root / "data"
    data.mkdir()
    for name in ("crm.sqlite", "export_leden.csv", "weblog.jsonl"):
        shutil.copy(EXAMPLES / name, data / name)
    shutil.copytree(EXAMPLES / "letters", data / "letters")
    (data / "notes.csv").write_text(f"email,note\nplant@example.be,{SCRIPT}\n", encoding="utf-8")
    (root / "pii-scan.toml").write_text(CONFIG, encoding="utf-8")
    return root / "pii-scan.toml"
