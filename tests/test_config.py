"""pii-scan.toml: loading, path resolution, secrets from the environment, errors that name the line."""

from __future__ import annotations

import os
import textwrap

import pytest
from sqlalchemy.engine import make_url

from pii_scan.config import (
    Config,
    LinkConfig,
    SourceConfig,
    load_config,
    parse_age,
    parse_link,
    sources_from,
)
from pii_scan.errors import ConfigError

GOOD = """\
# a comment
[inventory]
state_dir = "state"

[thresholds]
sample = 200

[controller]
name = "Voorbeeldfonds vzw"
dpo_email = "dpo@voorbeeldfonds.be"
supervisory_authority = "Gegevensbeschermingsautoriteit"

[[sources]]
name = "files"
location = "data"
exclude = ["*.md"]

[[sources]]
name = "crm"
location = "postgresql+psycopg://crm:${PII_TEST_PW}@db.example.be/crm"
include = ["customers", "orders"]

[[sources]]
name = "local"
location = "sqlite:///crm.sqlite"

[register.contact]
purposes = ["customer service", "invoicing"]
legal_basis = "contract (art. 6(1)(b) GDPR)"
recipients = ["accounting firm"]
retention = "no longer than 10 years after the end of the customer relationship"

[[links]]
from = "weblog.jsonl:user.email"
to = "customers:email"
from_source = "files"
to_source = "crm"

[[links]]
link = "orders.csv:customer_id -> customers.csv:id"

[[retention]]
source = "crm"
table = "customers"
column = "relationship_ended_on"
max_age = "10y"
note = "10 years after the end of the relationship"
"""


def write(tmp_path, text: str, name: str = "pii-scan.toml"):
    p = tmp_path / name
    p.write_text(textwrap.dedent(text), encoding="utf-8")
    return p


def test_good_config_loads_with_paths_resolved_against_its_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("PII_TEST_PW", "s3cret")
    monkeypatch.chdir("/")  # cron runs from anywhere: paths must not depend on the working directory
    cfg = load_config(write(tmp_path, GOOD))
    assert isinstance(cfg, Config)
    assert cfg.sample == 200
    assert cfg.state_dir == str(tmp_path / "state")
    assert cfg.out_dir == str(tmp_path / "inventory")
    assert [s.name for s in cfg.sources] == ["files", "crm", "local"]
    files = cfg.sources[0]
    assert files == SourceConfig("files", str(tmp_path / "data"), (), ("*.md",))
    assert cfg.sources[1].location == "postgresql+psycopg://crm:s3cret@db.example.be/crm"
    assert cfg.sources[1].include == ("customers", "orders")
    assert cfg.sources[2].location == f"sqlite:///{tmp_path / 'crm.sqlite'}"
    assert cfg.controller["name"] == "Voorbeeldfonds vzw"
    contact = cfg.register["contact"]
    assert contact["purposes"] == ["customer service", "invoicing"]
    assert contact["origin"] == ""  # not given: present and empty, so readers can index it
    assert cfg.links == [
        LinkConfig("weblog.jsonl", "user.email", "customers", "email", "files", "crm"),
        LinkConfig("orders.csv", "customer_id", "customers.csv", "id"),
    ]
    rule = cfg.retention[0]
    assert (rule.source, rule.table, rule.column, rule.max_age) == (
        "crm",
        "customers",
        "relationship_ended_on",
        "10y",
    )
    assert rule.max_age_days == 3652


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


@pytest.mark.parametrize(
    "old,new,needle,message",
    [
        ('name = "crm"', 'naem = "crm"', "naem", "unknown key 'naem' in [[sources]] (did you mean 'name'?)"),
        ("[thresholds]", "[treshold]", "[treshold]", "unknown key 'treshold'"),
        ("sample = 200", 'sample = "200"', "sample =", "'sample' must be a whole number"),
        ('exclude = ["*.md"]', 'exclude = "*.md", 3', "exclude", "not valid TOML"),
        ("[register.contact]", "[register.contacts]", "[register.contacts]", "unknown key 'contacts'"),
        ('max_age = "10y"', 'max_age = "ten years"', "max_age", "cannot read the age"),
        ('source = "crm"\ntable', 'source = "crmm"\ntable', 'source = "crmm"', "no source named 'crmm'"),
        (
            'location = "postgresql+psycopg://crm:${PII_TEST_PW}@db.example.be/crm"',
            'location = "postgresql+psycopg://crm:${PII_MISSING_VAR}@db.example.be/crm"',
            "PII_MISSING_VAR",
            "environment variable PII_MISSING_VAR is not set",
        ),
        (
            'location = "postgresql+psycopg://crm:${PII_TEST_PW}@db.example.be/crm"',
            'location = "postgresql+psycopg://crm:hunter2@db.example.be/crm"',
            "hunter2",
            "put it in an environment variable",
        ),
        (
            'location = "postgresql+psycopg://crm:${PII_TEST_PW}@db.example.be/crm"',
            'location = "postgresql+psycopg://crm@db.example.be:notaport/crm"',
            "notaport",
            "not a valid database URL",
        ),
        ('to = "customers:email"', 'to = "customers.email"', "[[links]]", "is not 'table:column'"),
        ('legal_basis = "contract', 'legal_basis = ["contract"]\n#', "legal_basis", "must be a text"),
    ],
)
def test_errors_name_file_and_line(tmp_path, monkeypatch, old, new, needle, message):
    monkeypatch.setenv("PII_TEST_PW", "s3cret")
    monkeypatch.delenv("PII_MISSING_VAR", raising=False)
    assert old in GOOD
    text = GOOD.replace(old, new, 1)
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as exc:
        load_config(path)
    msg = str(exc.value)
    assert msg.startswith(f"{path}:{_line_of(text, needle)}: "), msg
    assert message in msg
    assert "hunter2" not in msg and "s3cret" not in msg  # secrets never echoed
    assert "\n" not in msg


def test_missing_file_and_duplicate_source_names(tmp_path):
    with pytest.raises(ConfigError, match="no such configuration file"):
        load_config(tmp_path / "nope.toml")
    text = '[[sources]]\nname = "a"\nlocation = "x"\n\n[[sources]]\nname = "a"\nlocation = "y"\n'
    with pytest.raises(ConfigError, match=r"pii-scan.toml:6: two sources are named 'a'"):
        load_config(write(tmp_path, text))


def test_key_file_inside_state_dir_is_refused(tmp_path):
    text = '[inventory]\nstate_dir = "st"\nkey_file = "st/key"\n'
    with pytest.raises(ConfigError, match=r":3: key_file must lie outside state_dir"):
        load_config(write(tmp_path, text))


def test_empty_config_gives_documented_defaults(tmp_path):
    cfg = load_config(write(tmp_path, ""))
    assert cfg.sources == [] and cfg.links == [] and cfg.retention == [] and cfg.register == {}
    assert cfg.sample == 1000
    assert cfg.state_dir == str(tmp_path / ".pii-scan")


@pytest.mark.parametrize(
    "text,days,norm",
    [("10y", 3652, "10y"), ("3650d", 3650, "3650d"), ("18 months", 548, "18m"), ("10 jaar", 3652, "10y"),
     ("5 ans", 1826, "5y"), ("2w", 14, "14d"), (30, 30, "30d")],
)  # fmt: skip
def test_parse_age(text, days, norm):
    assert parse_age(text) == (days, norm)


@pytest.mark.parametrize("bad", ["", "10", "ten years", "0y", "-1d", "10 decades", True, 1.5])
def test_parse_age_refuses(bad):
    with pytest.raises(ValueError):
        parse_age(bad)


def test_parse_link():
    assert parse_link("orders.csv:customer_id -> customers.csv:id") == LinkConfig(
        "orders.csv", "customer_id", "customers.csv", "id"
    )
    with pytest.raises(ValueError):
        parse_link("orders.csv:customer_id customers.csv:id")


def test_sources_from(tmp_path):
    cfg = load_config(write(tmp_path, '[[sources]]\nname = "crm"\nlocation = "crm.sqlite"\n'))
    assert [s.name for s in sources_from(cfg)] == ["crm"]
    assert sources_from(cfg, ["crm"]) == cfg.sources  # a configured name selects that source
    assert sources_from(cfg, ["other/dir/"])[0] == SourceConfig("dir", "other/dir/")
    assert sources_from(None, ["x.csv"])[0].location == "x.csv"
    with pytest.raises(ConfigError, match="no sources"):
        sources_from(Config(path=None), [])


def test_secret_is_expanded_only_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("PII_TEST_PW", "p@ss:w/rd")
    text = '[[sources]]\nname = "crm"\nlocation = "postgresql://u:${PII_TEST_PW}@h/db"\n'
    cfg = load_config(write(tmp_path, text))
    url = make_url(cfg.sources[0].location)  # special characters are quoted into a valid URL
    assert (url.username, url.password, url.host, url.database) == ("u", "p@ss:w/rd", "h", "db")
    assert os.environ["PII_TEST_PW"] not in (tmp_path / "pii-scan.toml").read_text()


@pytest.mark.parametrize(
    "include, exclude, file, table, expected",
    [
        ((), (), "crm.sqlite", "customers", True),
        ((), ("support_tickets",), "crm.sqlite", "support_tickets", False),
        ((), ("crm.sqlite:contracts",), "crm.sqlite", "contracts", False),
        ((), ("crm.sqlite:contracts",), "crm.sqlite", "customers", True),
        ((), ("archive/*",), "archive/2019/leden.csv", None, False),
        ((), ("*.tmp",), "scratch/leden.tmp", None, False),
        (("customers",), (), "crm.sqlite", "payments", False),
        (("customers",), (), "crm.sqlite", None, True),  # include names tables: a file is not judged by it
    ],
)
def test_source_selects_units(include, exclude, file, table, expected):
    from pii_scan.config import SourceConfig

    src = SourceConfig("s", "/data", include=include, exclude=exclude)
    assert src.selects(file, table) is expected
