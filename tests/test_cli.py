"""CLI-wide behaviour: version, and help text on every command (sqlite-utils style)."""

import pytest
from click.testing import CliRunner

from pii_scan import __version__
from pii_scan.cli import main


def test_version():
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_has_help(name):
    command = main.commands[name]
    assert command.help and len(command.help.strip()) > 20, f"{name} has no help text"
    result = CliRunner().invoke(main, [name, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output


def test_expected_commands_are_registered():
    assert {"sources", "scan", "find", "export", "inventory", "init", "eval"} <= set(main.commands)


def test_errors_are_printed_verbatim_not_as_markup(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no ./pii-scan.toml here
    result = CliRunner().invoke(main, ["scan"])
    assert result.exit_code == 2
    assert "[[sources]]" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("name", sorted(set(main.commands) - {"init"}))
def test_every_command_but_init_takes_config(name):
    """Every command reads the configuration (init is the one that writes it)."""
    assert any(p.name == "config_path" for p in main.commands[name].params)
