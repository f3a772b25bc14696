"""The public API listed in ``pii_scan.__all__`` resolves, and every error is a PiiScanError."""

import pytest

import pii_scan
from pii_scan import errors


@pytest.mark.parametrize("name", pii_scan.__all__)
def test_public_names_resolve(name):
    assert getattr(pii_scan, name) is not None


def test_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError):
        pii_scan.no_such_thing  # noqa: B018


@pytest.mark.parametrize("name", errors.__all__)
def test_error_tree(name):
    assert issubclass(getattr(errors, name), errors.PiiScanError)


def test_source_errors_are_one_line_and_name_the_source():
    err = errors.SourceCorrupt("exports/leden.csv", "wrong encoding:\n  byte 0x81\tat 12")
    assert str(err) == "exports/leden.csv: wrong encoding: byte 0x81 at 12"
    assert err.source == "exports/leden.csv"
