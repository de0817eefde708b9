"""Documentation that cannot drift: every command documented with help, the README's two commands."""

from __future__ import annotations

import pytest

from harmledger.cli import app
from harmledger.cli.reference import commands

from .conftest import REPO

CLI_DOC = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(("name", "command"), commands(app), ids=lambda v: v if isinstance(v, str) else "")
def test_every_command_has_help_and_is_documented(name: str, command: object) -> None:
    assert (getattr(command, "help", None) or "").strip(), f"{name} has no help text"
    assert f"## `{name}`" in CLI_DOC, f"{name} is missing from docs/cli.md: run cog -r docs/cli.md"


def test_readme_gives_the_two_setup_commands() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "make run" in readme
    assert "make test" in readme


def test_ci_runs_make_test() -> None:
    assert "make test" in (REPO / ".ci" / "run").read_text(encoding="utf-8")
