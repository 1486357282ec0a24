"""The ``cnncalc`` command: load → validate → calculate → render, nothing more.

Heavy modules (pydantic models, rich) are imported inside the commands that need them, so that
``--help`` and ``--version`` answer at once.
"""

from __future__ import annotations

import codecs
import gc
import io
import os
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from cnncalc import __version__

if TYPE_CHECKING:
    from cnncalc.engine.results import NetworkResult

EXIT_OK, EXIT_FAILED, EXIT_UNUSABLE = 0, 1, 2


class OutputFormat(str, Enum):
    table = "table"
    json = "json"
    markdown = "markdown"
    csv = "csv"


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


FormatOption = Annotated[
    OutputFormat, typer.Option("--format", "-f", help="table, json, markdown or csv.", case_sensitive=False)
]
StrictOption = Annotated[
    bool, typer.Option("--strict", help="A stride that does not fit fails the spec (exit 1).")
]
SpecsArgument = Annotated[list[Path], typer.Argument(help="Spec files (YAML or JSON).", show_default=False)]


@app.command("run")
def run(
    specs: SpecsArgument, output_format: FormatOption = OutputFormat.table, strict: StrictOption = False
) -> None:
    """Show every layer's input and output shape, parameters and MACs.

    Example:

        cnncalc specs/lenet5.yaml

        cnncalc specs/*.yaml --format json --strict
    """
    results, exit_code = compute_all(specs)
    if results:
        _print_results(results, output_format, strict)
    if any((strict or r.strict) and r.warnings for r in results):
        exit_code = max(exit_code, EXIT_FAILED)
    raise typer.Exit(exit_code)


def compute_all(paths: list[Path]) -> tuple[list[NetworkResult], int]:
    """Compute every spec; report each unusable one on stderr and carry on with the rest."""
    from cnncalc.engine.calculator import calculate
    from cnncalc.errors import CnncalcError, LayerError
    from cnncalc.spec.validate import load_spec, locate

    results = []
    exit_code = EXIT_OK
    for path in paths:
        try:
            spec, document = load_spec(path)
            try:
                results.append(calculate(spec, document.stem))
            except LayerError as exc:
                raise locate(exc, document) from None
        except CnncalcError as exc:
            for problem in exc.problems:
                print(f"error: {problem}", file=sys.stderr)
            exit_code = EXIT_UNUSABLE
    return results, exit_code


def _print_results(results: list[NetworkResult], output_format: OutputFormat, strict: bool) -> None:
    if output_format is OutputFormat.json:
        from cnncalc.render.json import render_json

        sys.stdout.write(render_json(results, strict) + "\n")
    elif output_format is OutputFormat.csv:
        from cnncalc.render.csv import render_csv

        sys.stdout.write(render_csv(results))
    elif output_format is OutputFormat.markdown:
        from cnncalc.render.markdown import render_markdown

        sys.stdout.write("\n".join(render_markdown(r) for r in results))
    else:
        from cnncalc.render.table import render_table

        console = _console()
        for result in results:
            console.print(render_table(result))


def _console() -> Any:
    from rich.console import Console

    # A table piped to a file or a pager still wants room for eight columns.
    return Console(width=None if sys.stdout.isatty() else 140)


EXIT_INTERNAL = 70  # EX_SOFTWARE: a bug in cnncalc


def _escape_what_stdout_cannot_encode() -> None:
    """On an ASCII (or Latin-1…) stdout, write ``×`` as ``\\u00d7`` instead of failing.

    JSON escapes are chosen because non-ASCII text occurs in JSON output only inside strings,
    where ``\\uXXXX`` means the same character: the JSON stays valid and equal.
    """
    encoding = (getattr(sys.stdout, "encoding", None) or "utf-8").lower().replace("_", "-")
    if encoding.startswith("utf"):
        return

    def escape(error: UnicodeError) -> tuple[str, int]:
        assert isinstance(error, UnicodeEncodeError)
        text = error.object[error.start : error.end]
        units = text.encode("utf-16-be")
        codes = (int.from_bytes(units[i : i + 2], "big") for i in range(0, len(units), 2))
        return "".join(f"\\u{code:04x}" for code in codes), error.end

    codecs.register_error("cnncalc-escape", escape)
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(errors="cnncalc-escape")


def main() -> None:
    """Entry point; any exception that escapes here is a bug, reported as such."""
    # A short-lived process that builds a million small objects for a large spec: the cyclic
    # collector would walk them again and again (a third of the run time); reference counting
    # frees everything a run makes.
    gc.disable()
    # pydantic looks for plugins in every installed package's metadata the first time it builds
    # a model (≈10 ms); the models of a calculator have no use for them. A user's own setting wins.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    _escape_what_stdout_cannot_encode()
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        # The reader (``| head``) went away: not an error of ours, and nothing left to say.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
    except Exception as exc:  # the one place where a bug becomes a clean message
        detail = " ".join(f"{type(exc).__name__}: {exc}".split())[:300]
        print(f"cnncalc: internal error, please report: {detail}", file=sys.stderr)
        sys.exit(EXIT_INTERNAL)
