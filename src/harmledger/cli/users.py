"""``harmledger user``: add, list and remove the accounts of the review workbench.

Typer wiring only; the work is in :mod:`harmledger.ledger.users`.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.table import Table

from harmledger.cli.common import DbOption, err, fail_on_error, out
from harmledger.ledger import Ledger
from harmledger.ledger.users import ROLES, Users

app = typer.Typer(help="Accounts for the review workbench: viewers, analysts, admins.", no_args_is_help=True)


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    password: str = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    return password


@app.command("add")
@fail_on_error
def add(
    name: Annotated[str, typer.Argument(help="User name, no spaces.")],
    role: Annotated[str, typer.Option(help=f"One of {', '.join(ROLES)}.")] = "viewer",
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from the first line of stdin.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Add an account; the password is prompted for (twice) unless --password-stdin."""
    if role not in ROLES:
        err.print(f"[red]error[/] unknown role {role!r}: use one of {', '.join(ROLES)}")
        raise typer.Exit(2)
    password = _read_password(password_stdin)
    with Ledger(db) as ledger:
        user = Users(ledger).add(name, password, role)
    out.print(f"added {user.name} ({user.role})")


@app.command("list")
@fail_on_error
def list_(db: DbOption = None) -> None:
    """List the accounts with their roles."""
    with Ledger(db) as ledger:
        users = Users(ledger).list()
    table = Table("user", "role", "created")
    for user in users:
        table.add_row(user.name, user.role, f"{user.created_at:%Y-%m-%d %H:%M}")
    out.print(table)


@app.command("remove")
@fail_on_error
def remove(name: Annotated[str, typer.Argument(help="User name.")], db: DbOption = None) -> None:
    """Remove an account; its sessions stop working at once. Its decisions stay in the audit log."""
    with Ledger(db) as ledger:
        Users(ledger).remove(name)
    out.print(f"removed {name}")
