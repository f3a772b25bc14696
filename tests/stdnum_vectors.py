"""python-stdnum's own test vectors: the valid and invalid numbers of its doctests.

Read from the installed modules' docstrings (always there) and, when available, from the doctest files
of python-stdnum's source distribution (``tests/test_be_iban.doctest`` ...): a ``stdnum/tests`` folder
beside the installed package, or the folder named by ``PII_SCAN_STDNUM_TESTS``. Nothing is copied into
this repository (python-stdnum is LGPL)."""

from __future__ import annotations

import doctest
import importlib
import os
import re
from functools import cache
from pathlib import Path

__all__ = ["vectors", "doctest_dir"]

_CALL = re.compile(r"""^(?:\w+\.)?(validate|is_valid)\(\s*(['"])(.+?)\2\s*[,)]""")
_BLOCK = re.compile(r"""^numbers\s*=\s*'''\n(.*?)'''""", re.DOTALL)


def doctest_dir() -> Path | None:
    """The folder holding python-stdnum's ``test_*.doctest`` files, if there is one."""
    given = os.environ.get("PII_SCAN_STDNUM_TESTS")
    candidates = [Path(given)] if given else []
    import stdnum

    candidates.append(Path(stdnum.__file__).parent / "tests")
    for c in candidates:
        if c.is_dir() and any(c.glob("test_*.doctest")):
            return c
    return None


def _line_value(line: str) -> str:
    # "BE 03 7310 1866 4084    KREDBEBB": the number, then (after a wide gap) a BIC or a comment
    return re.split(r"\s{2,}|\t", line.strip())[0]


def _parse(text: str) -> tuple[set[str], set[str]]:
    valid: set[str] = set()
    invalid: set[str] = set()
    examples = doctest.DocTestParser().get_examples(text)
    for i, ex in enumerate(examples):
        src = ex.source.strip()
        m = _CALL.match(src)
        if m and "check_country" not in src:
            failed = ex.want.startswith("Traceback") or ex.want.strip() == "False"
            (invalid if failed else valid).add(m.group(3))
            continue
        block = _BLOCK.match(src)
        if block:
            # the check follows, sometimes after a line that splits off a BIC: "numbers = [(x[:24]..."
            for check_ex in examples[i + 1 : i + 3]:
                check = check_ex.source
                if "is_valid" not in check:
                    continue
                if "check_country" not in check and check_ex.want.strip() == "[]":
                    lines = [_line_value(x) for x in block.group(1).splitlines() if x.strip()]
                    (valid if "not " in check else invalid).update(x for x in lines if x)
                break
    return valid, invalid


@cache
def vectors(module: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(valid, invalid) numbers for a stdnum module such as ``"be.eid"``, sorted."""
    mod = importlib.import_module(f"stdnum.{module}")
    valid, invalid = _parse(mod.__doc__ or "")
    folder = doctest_dir()
    if folder is not None:
        path = folder / f"test_{module.replace('.', '_')}.doctest"
        if path.exists():
            v, i = _parse(path.read_text(encoding="utf-8"))
            valid |= v
            invalid |= i
    # A vector must agree with the installed stdnum (old doctests may lag behind a rule change).
    valid = {v for v in valid if mod.is_valid(v)}
    invalid = {v for v in invalid if not mod.is_valid(v)} - valid
    return tuple(sorted(valid)), tuple(sorted(invalid))
