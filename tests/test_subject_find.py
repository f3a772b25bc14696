"""find_subject on a small shop database (SQLite always; PostgreSQL and MariaDB when a server answers):
the customer is a match, their invoices and invoice lines are linked, employees are third parties."""

from __future__ import annotations

import importlib.util
import pickle
from pathlib import Path

import pytest

from pii_scan.errors import IdentifierError
from pii_scan.subject import SubjectResult, find_subject

_spec = importlib.util.spec_from_file_location(
    "subject_schema", Path(__file__).with_name("subject_schema.py")
)
shop = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
_spec.loader.exec_module(shop)  # type: ignore[union-attr]


def _by(result: SubjectResult, relation: str, table: str) -> list:
    return sorted(
        next(iter(r.key.values()))
        for r in result.records
        if r.relation == relation and r.table.endswith(table)
    )


def _tables(result: SubjectResult, relation: str) -> set[str]:
    return {r.table.rsplit(".", 1)[-1] for r in result.records if r.relation == relation}


def assert_customer_result(result: SubjectResult) -> None:
    assert result.complete, result.sources
    assert _by(result, "match", "customers") == [10]
    assert _by(result, "linked", "invoices") == [100, 101]
    assert _by(result, "linked", "invoice_lines") == [1000, 1001, 1002]
    assert _by(result, "third_party", "employees") == [1, 2]
    assert _tables(result, "third_party") == {"employees"}
    assert _tables(result, "match") == {"customers"}
    for r in result.records:
        if r.relation == "third_party":
            assert r.data is None  # named by key only
            assert set(r.key) == {"employee_id"}
        else:
            assert r.data is not None and not r.confirm
            assert r.confidence == 1.0 or (r.inferred and r.confidence >= 0.9)
    lines = [r for r in result.records if r.table.endswith("invoice_lines")]
    assert all(
        [step["table"].rsplit(".", 1)[-1] for step in r.via] == ["customers", "invoices"] for r in lines
    )


def assert_employee_result(result: SubjectResult, customers: list[int] | None = None) -> None:
    assert _by(result, "match", "employees") == [1]
    assert _by(result, "third_party", "customers") == ([10, 11] if customers is None else customers)
    # the invoices the employee handled are the customers' records, not the employee's
    assert not [r for r in result.records if "invoice" in r.table]
    assert _tables(result, "linked") == set()


@pytest.fixture(scope="module")
def sqlite_shop(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("shop") / "shop.sqlite"
    shop.build_shop(f"sqlite:///{path}")
    return str(path)


@pytest.fixture(scope="module")
def sqlite_shop_no_fks(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("shop") / "legacy.sqlite"
    shop.build_shop(f"sqlite:///{path}", declare_fks=False)
    return str(path)


def test_customer_by_email_any_case_sqlite(sqlite_shop: str) -> None:
    result = find_subject([sqlite_shop], {"email": ["MARIE.DUPONT@example.BE"]})
    assert_customer_result(result)
    assert all(r.matched_on == ["email"] for r in result.records if r.relation == "match")
    assert not any(r.inferred for r in result.records)


@pytest.mark.parametrize("phone", ["0470 12 34 56", "+32 470 123456", "0032470123456", "0470/12.34.56"])
def test_customer_by_phone_in_any_notation(sqlite_shop: str, phone: str) -> None:
    result = find_subject([sqlite_shop], {"phone": [phone]})
    assert _by(result, "match", "customers") == [10]  # not 12, whose number differs in the last digit


def test_employee_lookup_gives_customers_only_as_third_parties(sqlite_shop: str) -> None:
    assert_employee_result(find_subject([sqlite_shop], {"email": [shop.EMPLOYEE_EMAIL]}))


def test_inferred_links_where_no_foreign_keys_are_declared(sqlite_shop_no_fks: str) -> None:
    result = find_subject([sqlite_shop_no_fks], {"email": [shop.SUBJECT_EMAIL]})
    assert_customer_result(result)
    linked = [r for r in result.records if r.relation == "linked"]
    assert linked and all(r.inferred and r.confidence < 1.0 for r in linked)
    assert any("(inferred)" in link for link in result.links)
    # account_manager_id names no table, so nothing links customers to the employee here; the
    # invoices point at both, and stay the customers'
    assert_employee_result(find_subject([sqlite_shop_no_fks], {"email": [shop.EMPLOYEE_EMAIL]}), customers=[])


def test_links_can_be_switched_off(sqlite_shop_no_fks: str) -> None:
    result = find_subject([sqlite_shop_no_fks], {"email": [shop.SUBJECT_EMAIL]}, infer_links="never")
    assert [r.table for r in result.records] == ["customers"]


def test_name_only_is_a_candidate_to_confirm(sqlite_shop: str) -> None:
    result = find_subject([sqlite_shop], {"name": ["dupont marie"]})  # either order, any case
    match = [r for r in result.records if r.relation == "match"]
    assert [r.key["customer_id"] for r in match] == [10]
    assert match[0].confirm and match[0].confidence < 1.0 and match[0].matched_on == ["name"]
    # its linked rows inherit the doubt
    assert all(r.confirm for r in result.records if r.relation == "linked")


def test_name_particles_are_ignored(sqlite_shop: str) -> None:
    for name in ["Jan Vanderberg", "jan van der berg", "VAN DER BERG Jan"]:
        result = find_subject([sqlite_shop], {"name": [name]})
        assert _by(result, "match", "customers") == [11], name


def test_id_lookup_and_depth_limit(sqlite_shop: str) -> None:
    result = find_subject([sqlite_shop], {"id": ["customers.customer_id=10"]}, max_depth=1)
    assert _by(result, "match", "customers") == [10]
    assert _by(result, "linked", "invoices") == [100, 101]
    assert _by(result, "linked", "invoice_lines") == []  # two links away


def test_result_is_picklable_and_json_has_no_raw_values(sqlite_shop: str) -> None:
    result = find_subject([sqlite_shop], {"email": [shop.SUBJECT_EMAIL]})
    again = pickle.loads(pickle.dumps(result))
    assert len(again.records) == len(result.records)
    text = str(result.to_dict())
    assert "Dupont" not in text and shop.SUBJECT_EMAIL not in text and "470 12" not in text
    assert result.to_dict()["subject"]["identifiers"] == [{"kind": "email", "masked": "M***@example.be"}]


def test_missing_source_is_reported_and_others_searched(sqlite_shop: str, tmp_path: Path) -> None:
    result = find_subject([str(tmp_path / "gone.sqlite"), sqlite_shop], {"email": [shop.SUBJECT_EMAIL]})
    assert not result.complete
    failed = [s for s in result.sources if s.status == "failed"]
    assert len(failed) == 1 and "gone.sqlite" in failed[0].source and failed[0].error
    assert _by(result, "match", "customers") == [10]


def test_malformed_identifiers_are_errors(sqlite_shop: str) -> None:
    with pytest.raises(IdentifierError):
        find_subject([sqlite_shop], {"national_number": ["85.07.30-033.29"]})  # bad checksum
    with pytest.raises(IdentifierError):
        find_subject([sqlite_shop], {})
    with pytest.raises(IdentifierError):
        find_subject([sqlite_shop], {"birth_date": ["14/03/1987"]})


@pytest.mark.postgres
def test_shop_on_postgresql(postgres_url: str) -> None:
    shop.build_shop(postgres_url)
    assert_customer_result(find_subject([postgres_url], {"email": ["marie.dupont@example.be"]}))
    assert_customer_result(find_subject([postgres_url], {"phone": ["0470123456"]}))
    assert_employee_result(find_subject([postgres_url], {"email": [shop.EMPLOYEE_EMAIL]}))


@pytest.mark.mysql
def test_shop_on_mariadb(mysql_url: str) -> None:
    shop.build_shop(mysql_url)
    assert_customer_result(find_subject([mysql_url], {"email": ["marie.dupont@example.be"]}))
    assert_customer_result(find_subject([mysql_url], {"phone": ["0470123456"]}))
    assert_employee_result(find_subject([mysql_url], {"email": [shop.EMPLOYEE_EMAIL]}))
