import pytest

from pii_scan.masking import mask_email, mask_url, mask_value


@pytest.mark.parametrize(
    "raw, masked",
    [
        ("jan.peeters@example.be", "j***@example.be"),
        ("Helene.Dubois@Mail.BE", "H***@Mail.BE"),
    ],
)
def test_mask_email_keeps_domain_only(raw, masked):
    assert mask_email(raw) == masked
    assert mask_value(raw) == masked


@pytest.mark.parametrize(
    "raw",
    ["85.07.30-033.28", "BE68 5390 0754 7034", "+32 470 12 34 56", "Drukpersstraat 35", "Peeters"],
)
def test_mask_value_hides_the_middle(raw):
    masked = mask_value(raw)
    assert masked != raw
    assert "*" in masked
    # at most four of the original digits survive (two at each end)
    assert sum(c.isdigit() for c in masked) <= 4
    assert len(masked) <= len(raw) + 20


def test_mask_value_long_text_shows_no_content():
    text = "Mevrouw Peeters belde over haar hospitalisatie in het UZ Gent op 3 januari."
    masked = mask_value(text)
    assert "hospitalisatie" not in masked and "Peeters" not in masked
    assert str(len(text)) in masked


def test_mask_value_empty_and_none():
    assert mask_value(None) == ""
    assert mask_value("  ") == ""
    assert mask_value("ab") == "**"


@pytest.mark.parametrize(
    "url, expected",
    [
        ("postgresql://crm:s3cret@db.local:5432/crm", "postgresql://crm:***@db.local:5432/crm"),
        ("mysql+pymysql://root@127.0.0.1/test", "mysql+pymysql://root@127.0.0.1/test"),
        ("sqlite:///examples/crm.sqlite", "sqlite:///examples/crm.sqlite"),
    ],
)
def test_mask_url(url, expected):
    assert mask_url(url) == expected


def test_mask_value_long_text_with_numbers_hides_its_shape():
    text = "Le client a demandé son numéro national 85.07.30-033.28 pour une attestation."
    masked = mask_value(text)
    assert "85" not in masked[2:] and "28" not in masked and "." not in masked
    assert masked.endswith(f"({len(text)} chars)")
