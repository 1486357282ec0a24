"""The ``cnncalc`` command group: ``cnncalc SPEC`` is ``cnncalc run SPEC``, and ``--version``."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from cnncalc import __version__


class DefaultCommandGroup(TyperGroup):
    """``cnncalc SPEC`` means ``cnncalc run SPEC``: any first word that is not a command."""

    default_command = "run"

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h", "--version"):
            args = [self.default_command, *args]
        return super().parse_args(ctx, args)


app = typer.Typer(
    cls=DefaultCommandGroup,
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="""The arithmetic of convolutional networks: every layer's shape, parameters and MACs.

    Example:

        cnncalc specs/lenet5.yaml

        cnncalc specs/alexnet.yaml --format json
    """,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cnncalc {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """The arithmetic of convolutional networks."""
