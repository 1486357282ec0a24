"""The ``cnncalc`` command: load → validate → calculate → render, nothing more.

Heavy modules (pydantic models, rich) are imported inside the commands that need them, so that
``--help`` and ``--version`` answer at once.
"""

from __future__ import annotations

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
    latex = "latex"
    html = "html"


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
    OutputFormat,
    typer.Option("--format", "-f", help="table, json, markdown, csv, latex or html.", case_sensitive=False),
]
StrictOption = Annotated[
    bool, typer.Option("--strict", help="A stride that does not fit fails the spec (exit 1).")
]


class ConventionChoice(str, Enum):
    pytorch = "pytorch"
    keras = "keras"
    caffe = "caffe"


ConventionOption = Annotated[
    ConventionChoice | None,
    typer.Option(
        "--convention",
        help="Count as this framework does where they differ: pytorch, keras or caffe "
        "(default: the spec's own convention, else the core rules).",
        case_sensitive=False,
    ),
]
SpecsArgument = Annotated[list[Path], typer.Argument(help="Spec files (YAML or JSON).", show_default=False)]


@app.command("run")
def run(
    specs: SpecsArgument,
    output_format: FormatOption = OutputFormat.table,
    strict: StrictOption = False,
    convention: ConventionOption = None,
) -> None:
    """Show every layer's input and output shape, parameters and MACs.

    Example:

        cnncalc specs/lenet5.yaml

        cnncalc specs/*.yaml --format json --strict

        cnncalc specs/lenet5.yaml --convention keras
    """
    results, exit_code = compute_all(specs, convention.value if convention else None)
    if results:
        _print_results(results, output_format, strict)
    if any((strict or r.strict) and r.warnings for r in results):
        exit_code = max(exit_code, EXIT_FAILED)
    raise typer.Exit(exit_code)


class ApplyFormat(str, Enum):
    table = "table"
    json = "json"


def _cell(value: str) -> tuple[int, int]:
    try:
        row, column = (int(part) for part in value.replace(" ", "").split(","))
    except ValueError:
        raise typer.BadParameter(f"expected ROW,COLUMN such as 1,2; got {value!r}") from None
    return row, column


@app.command("apply")
def apply_command(
    files: Annotated[list[Path], typer.Argument(help="Exercise files (YAML or JSON).", show_default=False)],
    output_format: Annotated[
        ApplyFormat, typer.Option("--format", "-f", help="table or json.", case_sensitive=False)
    ] = ApplyFormat.table,
    explain: Annotated[
        bool, typer.Option("--explain", help="Show the output size and one window's multiply-and-sum.")
    ] = False,
    at: Annotated[
        str, typer.Option("--at", help="The output cell ROW,COLUMN (from 1) that --explain works out.")
    ] = "1,1",
) -> None:
    """Convolve or pool small matrices, as the lecture exercises do, and check a hand-worked answer.

    The file gives `input` (a matrix, or one per channel), `kernel` (a matrix, one per channel,
    or for a pool the window size), and optionally `op: conv|maxpool|avgpool`, `stride`,
    `padding`, `bias`, `kernels` (several filters) and `expect` (the answer to check; exit 1 if
    a cell differs).

    Example:

        cnncalc apply examples/seeds_7x7.yaml --explain
    """
    from cnncalc.engine.feature_map import apply
    from cnncalc.errors import CnncalcError
    from cnncalc.spec.exercise import load_exercise
    from cnncalc.spec.validate import locate

    cell = _cell(at)
    results = []
    exit_code = EXIT_OK
    for path in files:
        try:
            exercise, document = load_exercise(path)
            try:
                results.append(apply(exercise, document.stem, cell))
            except CnncalcError as exc:
                raise locate(exc, document) from None
        except CnncalcError as exc:
            for problem in exc.problems:
                print(f"error: {problem}", file=sys.stderr)
            exit_code = EXIT_UNUSABLE
    if results:
        if output_format is ApplyFormat.json:
            from cnncalc.render.feature_map import render_feature_map_json

            sys.stdout.write(render_feature_map_json(results) + "\n")
        else:
            from cnncalc.render.feature_map import render_feature_map

            console = _console()
            for result in results:
                console.print(render_feature_map(result, explain))
    if any(not r.ok for r in results):
        exit_code = max(exit_code, EXIT_FAILED)
    raise typer.Exit(exit_code)


class DrawFormat(str, Enum):
    svg = "svg"
    html = "html"


@app.command("draw")
def draw(
    spec: Annotated[Path, typer.Argument(help="A spec file (YAML or JSON).", show_default=False)],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here (default: standard output).")
    ] = None,
    output_format: Annotated[
        DrawFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="svg, or html: the table and the diagram on one page (default: from -o).",
            case_sensitive=False,
        ),
    ] = None,
    convention: ConventionOption = None,
) -> None:
    """Draw the network as the slides do: a block per layer with its shape, kernel/stride and parameters.

    Flagged layers (a stride that does not fit) are drawn in a warning colour. No PNG: there is
    no pure-Python route; convert the SVG with rsvg-convert or a browser if you need one.

    Example:

        cnncalc draw specs/lenet5.yaml -o lenet5.svg

        cnncalc draw specs/lenet5.yaml -o lenet5.html
    """
    results, exit_code = compute_all([spec], convention.value if convention else None)
    if not results:
        raise typer.Exit(exit_code)
    from cnncalc.render.svg import render_svg

    chosen = output_format or (
        DrawFormat.html if output and output.suffix.lower() in (".html", ".htm") else DrawFormat.svg
    )
    svg = render_svg(results[0])
    if chosen is DrawFormat.html:
        from cnncalc.render.html import render_html

        text = render_html(results, [svg_element(svg)])
    else:
        text = svg
    _write(text, output)
    raise typer.Exit(exit_code)


class Framework(str, Enum):
    pytorch = "pytorch"
    keras = "keras"


@app.command("export")
def export(
    spec: Annotated[Path, typer.Argument(help="A spec file (YAML or JSON).", show_default=False)],
    to: Annotated[Framework, typer.Option("--to", help="pytorch or keras.", case_sensitive=False)],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here (default: standard output).")
    ] = None,
) -> None:
    """Print runnable model code for the spec: a PyTorch nn.Module or a Keras functional model.

    Run the file to see the framework's own output shape and parameter count beside cnncalc's.

    Example:

        cnncalc export specs/lenet5_torch.yaml --to pytorch -o lenet5.py && python lenet5.py
    """
    results, exit_code = compute_all([spec])
    if not results:
        raise typer.Exit(exit_code)
    from cnncalc.errors import CnncalcError
    from cnncalc.render.export import render_keras, render_pytorch
    from cnncalc.spec.loader import read_document
    from cnncalc.spec.validate import locate

    render = render_pytorch if to is Framework.pytorch else render_keras
    try:
        text = render(results[0], spec.name)
    except CnncalcError as exc:
        for problem in locate(exc, read_document(spec)).problems:
            print(f"error: {problem}", file=sys.stderr)
        raise typer.Exit(EXIT_UNUSABLE) from None
    _write(text, output)
    raise typer.Exit(exit_code)


def svg_element(svg: str) -> str:
    """The ``<svg>`` element alone, without the XML declaration, to embed in HTML."""
    return svg[svg.index("<svg") :]


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        print(f"error: {output}: cannot write: {exc.strerror or exc}", file=sys.stderr)
        raise typer.Exit(EXIT_UNUSABLE) from None
    print(f"wrote {output}", file=sys.stderr)


def compute_all(paths: list[Path], convention: str | None = None) -> tuple[list[NetworkResult], int]:
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
                results.append(calculate(spec, document.stem, convention))  # type: ignore[arg-type]
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
    elif output_format is OutputFormat.latex:
        from cnncalc.render.latex import render_latex

        sys.stdout.write("\n".join(render_latex(r) for r in results))
    elif output_format is OutputFormat.html:
        from cnncalc.render.html import render_html

        sys.stdout.write(render_html(results))
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


def main() -> None:
    """Entry point; any exception that escapes here is a bug, reported as such."""
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
