"""The ``cnncalc`` command: load → validate → calculate → render, nothing more.

Heavy modules (pydantic models, rich) are imported inside the commands that need them, so that
``--help`` and ``--version`` answer at once.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple, Optional

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


class Dtype(str, Enum):
    float32 = "float32"
    float16 = "float16"
    int8 = "int8"


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
RfOption = Annotated[
    bool, typer.Option("--rf", help="Show each layer's receptive field: size, jump and start.")
]
DtypeOption = Annotated[
    Optional[Dtype],  # noqa: UP045 - typer reads the annotation at run time on Python 3.10
    typer.Option(
        "--dtype",
        help="Show each layer's activation memory at this precision: float32, float16 or int8.",
        case_sensitive=False,
        show_default=False,
    ),
]
DepthOption = Annotated[
    Optional[int],  # noqa: UP045
    typer.Option(
        "--depth",
        min=0,
        help="Fold blocks nested deeper than this into one row each (0: every block use is one row).",
        show_default=False,
    ),
]
SpecsArgument = Annotated[list[Path], typer.Argument(help="Spec files (YAML or JSON).", show_default=False)]


@app.command("run")
def run(
    specs: SpecsArgument,
    output_format: FormatOption = OutputFormat.table,
    strict: StrictOption = False,
    rf: RfOption = False,
    dtype: DtypeOption = None,
    depth: DepthOption = None,
) -> None:
    """Show every layer's input and output shape, parameters and MACs.

    Example:

        cnncalc specs/lenet5.yaml

        cnncalc specs/*.yaml --format json --strict

        cnncalc specs/resnet18.yaml --depth 1 --rf --dtype float16
    """
    results, exit_code = compute_all(specs)
    if results:
        view = _View(rf, dtype.value if dtype else None, depth)
        _print_results(results, output_format, strict, view)
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


class _View(NamedTuple):
    """What the table shows besides the core columns."""

    rf: bool = False
    dtype: str | None = None
    depth: int | None = None


def _print_results(
    results: list[NetworkResult], output_format: OutputFormat, strict: bool, view: _View | None = None
) -> None:
    view = view or _View()
    if output_format is OutputFormat.json:
        from cnncalc.render.json import render_json

        sys.stdout.write(render_json(results, strict, view.dtype or "float32") + "\n")
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
            console.print(render_table(result, rf=view.rf, dtype=view.dtype, depth=view.depth))


def _console() -> Any:
    from rich.console import Console

    # A table piped to a file or a pager still wants room for eight columns.
    return Console(width=None if sys.stdout.isatty() else 140)


def main() -> None:
    """Entry point; any exception that escapes here is a bug, reported as such."""
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
