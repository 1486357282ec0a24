"""The ``cnncalc`` command group: ``cnncalc SPEC`` is ``cnncalc run SPEC``, and ``--version``.

Only the command that runs is imported and built. Typer builds a click command for every command
registered on an app each time the app is called (``typer.main.get_command``), though one runs;
so the commands register on :data:`commands`, which is never called, and the group the app makes
is a lazy one, as click's documentation shows ("LazyGroup"): :meth:`DefaultCommandGroup.get_command`
imports a command's module and builds its click command, by typer's own
``get_command_from_info``, when click asks for that command by name. Everything that lists the
commands (``--help``, completion) asks for each of them through click's ``list_commands`` and
``get_command``, so it gets the same commands, in :data:`COMMANDS`' order, as before. Choosing
the command from ``sys.argv`` before typer runs would repeat click's parsing (options before the
command, ``--help`` anywhere, the default command) and would leave ``app`` without its commands
for the in-process tests that call it.

The command modules do without ``from __future__ import annotations``: typer reads a command's
signature twice (``inspect.signature(eval_str=True)``, then ``get_type_hints``) and would compile
and evaluate every string annotation each time, which doubles the cost of building a command.
"""

from __future__ import annotations

from importlib import import_module
from typing import Annotated, Any

import typer
import typer.main
from typer.core import TyperGroup

from cnncalc import __version__

# Each is the module cnncalc.cli.<name>, which registers its command on `commands` when imported;
# in the order --help lists them.
COMMANDS = (
    "run",
    "check",
    "conv",
    "pool",
    "solve",
    "schema",
    "apply",
    "draw",
    "export",
    "zoo",
    "quiz",
    "grade",
    "import",
)
# A command whose module is not named after it (``import`` is a Python keyword).
MODULES = {"import": "import_model"}

commands = typer.Typer()


class DefaultCommandGroup(TyperGroup):
    """``cnncalc SPEC`` means ``cnncalc run SPEC``: any first word that is not a command. Each
    command is imported and built when it is first asked for."""

    default_command = "run"

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in COMMANDS and args[0] not in ("--help", "-h", "--version"):
            args = [self.default_command, *args]
        return super().parse_args(ctx, args)

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name in COMMANDS and cmd_name not in self.commands:
            self.commands[cmd_name] = _build(cmd_name)
        return self.commands.get(cmd_name)


def _build(name: str) -> Any:
    """The click command of ``name``, as typer builds each command of an app."""
    import_module(f"cnncalc.cli.{MODULES.get(name, name)}")
    (info,) = (info for info in commands.registered_commands if info.name == name)
    return typer.main.get_command_from_info(
        info, pretty_exceptions_short=app.pretty_exceptions_short, rich_markup_mode=app.rich_markup_mode
    )


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
