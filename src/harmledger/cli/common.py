"""What every command shares: the consoles, the ``--db`` option, and the one error translation."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Annotated, ParamSpec, TypeVar

import typer
from rich.console import Console

from harmledger.errors import HarmledgerError

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db", help="Ledger database URL. Default: $HARMLEDGER_DB or sqlite:///harmledger.db.", show_default=False
    ),
]

P = ParamSpec("P")
R = TypeVar("R")


def fail_on_error(command: Callable[P, R]) -> Callable[P, R]:
    """Turn a library error into one line on stderr and exit status 1, with no traceback."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except HarmledgerError as exc:
            err.print(f"[red]error[/] {exc}", soft_wrap=True)
            raise typer.Exit(1) from None

    return wrapper
