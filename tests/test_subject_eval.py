"""Opt-in evaluation on Pagila (no declared keys): ``pytest -m eval``."""

from __future__ import annotations

import csv
import os
import re

import pytest

from pii_scan.subject import find_subject

pytestmark = pytest.mark.eval


def test_pagila_mary_smith_through_inferred_links(shared_data: str) -> None:
    db = os.path.join(shared_data, "databases", "pagila", "pagila.sqlite")
    with open(os.path.join(shared_data, "labels", "subject_access_cases.csv"), encoding="utf-8") as fh:
        case = next(r for r in csv.DictReader(fh) if r["case_id"] == "pagila-cust-1")
    expected = {m[1]: int(m[2]) for m in re.finditer(r"(\w+):(\d+)", case["expected_records"])}
    result = find_subject([db], {"email": ["MARY.SMITH@sakilacustomer.org"]})
    got: dict[str, int] = {}
    for r in result.subject_records:
        got[r.table] = got.get(r.table, 0) + 1
    assert got == expected  # customer 1, address 1 (context), rental 32, payment 32
    assert [r.key for r in result.records if r.table == "customer"] == [{"customer_id": 1}]
    assert all(r.inferred for r in result.records if r.relation == "linked")
    assert [r for r in result.records if r.table == "address"][0].context
    third = {r.table for r in result.records if r.relation == "third_party"}
    assert third == {"staff"}
    assert sum(float(r.data["amount"]) for r in result.records if r.table == "payment") == pytest.approx(
        118.68
    )
