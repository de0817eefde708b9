"""The CLI reference in Markdown, generated from the commands themselves.

``docs/cli.md`` embeds this output with cog, and ``make test`` runs ``cog --check``, so
the documentation cannot drift from ``--help``. Typer ships its own copy of click, so
commands and parameters are read by their attributes rather than by click's classes.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import typer


def _walk(command: Any, path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], Any]]:
    yield path, command
    for name in sorted(getattr(command, "commands", {})):
        yield from _walk(command.commands[name], (*path, name))


def commands(app: typer.Typer) -> list[tuple[str, Any]]:
    """Every command and sub-command as ("harmledger gazetteer lookup", command)."""
    root = typer.main.get_command(app)
    return [(" ".join(("harmledger", *path)), cmd) for path, cmd in _walk(root, ())]


def _usage(command: Any) -> str:
    pieces = ["[OPTIONS]"] if any(p.param_type_name == "option" for p in command.params) else []
    for param in command.params:
        if param.param_type_name == "argument":
            pieces.append(param.name.upper() + ("..." if param.nargs == -1 else ""))
    if getattr(command, "commands", None):
        pieces.append("COMMAND [ARGS]...")
    return " ".join(pieces)


def _param_rows(command: Any) -> Iterator[str]:
    for param in command.params:
        if param.param_type_name == "option" and not param.hidden:
            flags = ", ".join(f"`{o}`" for o in (*param.opts, *param.secondary_opts))
            shown = param.default not in (None, False, 0, ()) and param.show_default is not False
            default = f" (default: `{param.default}`)" if shown else ""
            yield f"| {flags} | {' '.join((param.help or '').split())}{default} |"
        elif param.param_type_name == "argument":
            many = "one or more; " if param.nargs == -1 else ""
            yield f"| `{param.name.upper()}` | {many}{' '.join((getattr(param, 'help', None) or '').split())} |"


def markdown(app: typer.Typer) -> str:
    """One section per command: usage, the docstring's first paragraph, a table of its parameters."""
    sections = []
    for name, command in commands(app):
        doc = " ".join((command.help or "").strip().split("\n\n")[0].split())
        rows = list(_param_rows(command))
        table = "\n".join(["| parameter | meaning |", "| --- | --- |", *rows]) if rows else ""
        sections.append(f"## `{name}`\n\n{doc}\n\n```\n{name} {_usage(command)}\n```\n\n{table}".rstrip())
    return "\n\n".join(sections) + "\n"
