"""The ``cnncalc`` command: load → validate → calculate → render, nothing more.

Heavy modules (pydantic models, rich) are imported inside the commands that need them, so that
``--help`` and ``--version`` answer at once.
"""

from __future__ import annotations

import codecs
import errno
import gc
import io
import os
import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple, Optional, TypeVar, cast

import typer
from typer.core import TyperGroup

from cnncalc import __version__
from cnncalc.lang import Lang

if TYPE_CHECKING:
    from cnncalc.engine.check import CheckOutcome
    from cnncalc.engine.conventions import Convention
    from cnncalc.engine.results import NetworkResult
    from cnncalc.oneoff import OneOff
    from cnncalc.pipeline import Computed

EXIT_OK, EXIT_FAILED, EXIT_UNUSABLE = 0, 1, 2
_T = TypeVar("_T")


class OutputFormat(str, Enum):
    table = "table"
    json = "json"
    markdown = "markdown"
    csv = "csv"
    latex = "latex"
    html = "html"


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
    OutputFormat,
    typer.Option("--format", "-f", help="table, json, markdown, csv, latex or html.", case_sensitive=False),
]
StrictOption = Annotated[
    bool,
    typer.Option(
        "--strict",
        help="A warning fails the spec (exit 1): a stride that does not fit, an input or a dense "
        "layer that reads two ways.",
    ),
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


class ConventionChoice(str, Enum):
    pytorch = "pytorch"
    keras = "keras"
    caffe = "caffe"


ConventionOption = Annotated[
    Optional[ConventionChoice],  # noqa: UP045 - typer reads the annotation at run time on Python 3.10
    typer.Option(
        "--convention",
        help="Count as this framework does where they differ: pytorch, keras or caffe "
        "(default: the spec's own convention, else the core rules).",
        case_sensitive=False,
    ),
]
SpecsArgument = Annotated[
    list[str],
    typer.Argument(
        help="Spec files (YAML or JSON), directories or quoted globs.", show_default=False, metavar="SPEC"
    ),
]
ExplainOption = Annotated[
    bool, typer.Option("--explain", help="Show every layer's working: the formulas with the numbers put in.")
]
LangOption = Annotated[
    Lang | None,
    typer.Option(
        "--lang",
        help="Language of the working: en or ko (default: ko when the locale is Korean).",
        show_default=False,
    ),
]


@app.command("run")
def run(
    specs: SpecsArgument,
    output_format: FormatOption = OutputFormat.table,
    strict: StrictOption = False,
    explain: ExplainOption = False,
    lang: LangOption = None,
    rf: RfOption = False,
    dtype: DtypeOption = None,
    depth: DepthOption = None,
    convention: ConventionOption = None,
) -> None:
    """Show every layer's input and output shape, parameters and MACs.

    Example:

        cnncalc specs/lenet5.yaml

        cnncalc specs/*.yaml --format json --strict

        cnncalc specs/lenet5.yaml --explain --lang ko

        cnncalc specs/resnet18.yaml --depth 1 --rf --dtype float16

        cnncalc specs/lenet5.yaml --convention keras
    """
    from cnncalc.errors import said

    if explain and output_format in (OutputFormat.csv, OutputFormat.latex, OutputFormat.html):
        _usage_error(said("cli.explain_format"), lang)
    paths, exit_code = _spec_paths(specs, lang)
    computed, computed_code = compute_all(paths, convention.value if convention else None, lang)
    results = [each.result for each in computed]
    exit_code = max(exit_code, computed_code)
    if results and explain:
        from cnncalc.render.explained import render_explained

        console = _console()
        for part in render_explained(results, output_format.value, strict, _lang(lang)):
            if isinstance(part, str):
                sys.stdout.write(part)
            else:
                console.print(part)
    elif results:
        view = _View(rf, dtype.value if dtype else None, depth, _lang(lang))
        _print_results(results, output_format, strict, view)
    if _strict_failures(results, strict, _lang(lang)):
        exit_code = max(exit_code, EXIT_FAILED)
    raise typer.Exit(exit_code)


def _spec_paths(arguments: list[str], lang: Lang | None = None) -> tuple[list[Path], int]:
    """Files, directories and quoted globs → spec files, as ``check`` expands them; an argument
    that names none is reported (exit 2) and the others are still computed."""
    from cnncalc.errors import said
    from cnncalc.spec.paths import NoSpecFiles, expand_spec_paths

    paths, exit_code = [], EXIT_OK
    for item in expand_spec_paths(arguments):
        if isinstance(item, NoSpecFiles):
            _error(
                said("cli.argument", argument=item.argument or repr(item.argument), message=item.message),
                lang=lang,
            )
            exit_code = EXIT_UNUSABLE
        else:
            paths.append(item)
    return paths, exit_code


def _strict_failures(results: list[NetworkResult], strict: bool, lang: Lang = Lang.en) -> bool:
    """Whether a spec fails for a stride that does not fit (``--strict`` or ``strict: true``).

    The table looks the same with or without --strict, so each failure says on stderr why the
    exit code is 1.
    """
    from cnncalc.render.i18n import t
    from cnncalc.text import visible

    failed = False
    for result in results:
        if (strict or result.strict) and result.warnings:
            strided = {layer.index for layer, flag in result.warnings if flag.kind == "stride_does_not_fit"}
            others = [flag.kind for _, flag in result.warnings if flag.kind != "stride_does_not_fit"]
            why = [t("strict_strided", lang, count=len(strided))] if strided else []
            if others:
                why.append(
                    t("strict_warnings", lang, count=len(others), kinds=", ".join(dict.fromkeys(others)))
                )
            source = "--strict" if strict else t("strict_why_spec", lang)
            joined = t("strict_and", lang).join(why)
            print(
                t("strict_failed", lang, name=visible(result.name), why=joined, source=source),
                file=sys.stderr,
            )
            failed = True
    return failed


class ReportFormat(str, Enum):
    table = "table"
    json = "json"


ReportFormatOption = Annotated[
    ReportFormat, typer.Option("--format", "-f", help="table or json.", case_sensitive=False)
]


@app.command("check")
def check(
    specs: Annotated[list[str], typer.Argument(help="Spec files, directories or globs.", show_default=False)],
    output_format: ReportFormatOption = ReportFormat.table,
    junit: Annotated[
        Path | None,
        typer.Option("--junit", help="Also write a JUnit XML report to this file.", dir_okay=False),
    ] = None,
    strict: StrictOption = False,
    explain: ExplainOption = False,
    lang: LangOption = None,
) -> None:
    """Check the answers in each spec's `expect` blocks: ✓ or ✗, with the working of every ✗.

    Answers are read as students write them (6x14x14, [6, 14, 14], 11,770). Exit 0 when every
    answer holds; 1 when one does not or cannot be read (or, strict, a stride does not fit), or
    a spec has no answers at all (nothing to check); 2 when a spec cannot be used. Every spec is
    listed, the unusable ones too; the last line counts them.

    Example:

    \b
        cnncalc check examples/lenet5_worksheet.yaml

    \b
        cnncalc check specs/ --junit report.xml
    """
    from cnncalc.engine.check import Unusable
    from cnncalc.pipeline import check_paths
    from cnncalc.render.check_report import render_check_json, render_check_report

    language = _lang(lang)
    if junit is not None:
        from cnncalc.spec.paths import expand_spec_paths

        _refuse_overwriting(junit, [p for p in expand_spec_paths(specs) if isinstance(p, Path)])
    outcomes = check_paths(specs, strict, keep_results=explain)
    for outcome in outcomes:
        if isinstance(outcome, Unusable):
            _error(*outcome.problems, lang=language)
    if junit is not None:
        _write_junit(junit, outcomes, language)
    if output_format is ReportFormat.json:
        sys.stdout.write(render_check_json(outcomes, language) + "\n")
    else:
        _console().print(render_check_report(outcomes, language, explain), crop=False)
    raise typer.Exit(_check_exit_code(outcomes))


def _check_exit_code(outcomes: list[CheckOutcome]) -> int:
    """2 when a spec is unusable, else 1 when an answer is wrong (or a strict flag), else 0."""
    from cnncalc.engine.check import SpecCheck, Unusable

    if any(isinstance(outcome, Unusable) for outcome in outcomes):
        return EXIT_UNUSABLE
    passed = all(outcome.passed for outcome in outcomes if isinstance(outcome, SpecCheck))
    return EXIT_OK if passed else EXIT_FAILED


def _write_junit(path: Path, outcomes: Any, lang: Lang) -> None:
    from cnncalc.errors import said
    from cnncalc.render.junit import render_junit

    _write_file(path, render_junit(outcomes, lang), said("cli.the_junit_report"))


SizeOption = Annotated[
    str,
    typer.Option(
        "--input",
        "-i",
        help="Input size as the notes write it: 32 (a 32×32 image), 32x32, or 32x32x3 (H×W×C).",
    ),
]
KernelOption = Annotated[str, typer.Option("--kernel", "-k", help="Kernel size: 5 or 3x5.")]
ChannelsOption = Annotated[
    int | None,
    typer.Option(
        "--channels", "-c", min=1, help="Input channels (default 1, or the C of HxWxC).", show_default=False
    ),
]
DimsOption = Annotated[
    int,
    typer.Option(
        "--dims", min=1, max=3, help="Spatial dimensions: 1 (a signal), 2 (an image) or 3 (a volume)."
    ),
]
ChannelsLastOption = Annotated[
    bool,
    typer.Option("--channels-last", help="The last size of --input is the channels (the default reading)."),
]
ChannelsFirstOption = Annotated[
    bool, typer.Option("--channels-first", help="The first size of --input is the channels (3x32x32).")
]


@app.command("conv")
def conv(
    input_size: SizeOption,
    kernel: KernelOption,
    stride: Annotated[str, typer.Option("--stride", "-s", help="Stride: 1 or 2x1.")] = "1",
    padding: Annotated[str, typer.Option("--padding", "-p", help="Padding: 0, 1x2, same or valid.")] = "0",
    dilation: Annotated[str, typer.Option("--dilation", "-d", help="Dilation: 1 or 2x2.")] = "1",
    channels: ChannelsOption = None,
    filters: Annotated[int, typer.Option("--filters", "-n", min=1, help="Filters (output channels).")] = 1,
    groups: Annotated[int, typer.Option("--groups", "-g", min=1, help="Groups.")] = 1,
    bias: Annotated[bool, typer.Option("--bias/--no-bias", help="Count a bias per filter.")] = True,
    dims: DimsOption = 2,
    channels_last: ChannelsLastOption = False,
    channels_first: ChannelsFirstOption = False,
    lang: LangOption = None,
) -> None:
    """One convolution, no spec file needed: its output size and parameters, with the working.

    Sizes read as the lecture notes write them: 32 is a 32×32 image, 32x32x3 is height, width,
    channels; --dims 1 or 3 for a signal or a volume.

    Example:

    \b
        cnncalc conv --input 32x32x3 --kernel 5 --filters 10 --padding 2

    \b
        cnncalc conv --input 32 --kernel 5 --filters 6

    \b
        cnncalc conv --input 224x224x3 --kernel 3 --stride 2 --padding same
    """
    from cnncalc import oneoff

    given = oneoff.InputOptions(input_size, channels, dims, channels_last, channels_first)
    _print_oneoff(
        lambda: oneoff.conv_layer(given, kernel, stride, padding, dilation, filters, groups, bias), lang
    )


@app.command("pool")
def pool(
    input_size: SizeOption,
    kernel: KernelOption,
    stride: Annotated[
        str | None,
        typer.Option("--stride", "-s", help="Stride (default: the kernel).", show_default=False),
    ] = None,
    padding: Annotated[str, typer.Option("--padding", "-p", help="Padding: 0, 1 or same.")] = "0",
    ceil_mode: Annotated[bool, typer.Option("--ceil-mode", help="Round up, as PyTorch's ceil_mode.")] = False,
    average: Annotated[bool, typer.Option("--avg", help="Average pooling (the sizes are the same).")] = False,
    trainable: Annotated[
        bool,
        typer.Option(
            "--trainable",
            help="LeNet-5's trainable subsampling: an average pool, a coefficient and a bias per channel.",
        ),
    ] = False,
    channels: ChannelsOption = None,
    dims: DimsOption = 2,
    channels_last: ChannelsLastOption = False,
    channels_first: ChannelsFirstOption = False,
    lang: LangOption = None,
) -> None:
    """One pooling layer: its output size (and, with --trainable, its parameters), with the working.

    Example:

    \b
        cnncalc pool --input 28x28x6 --kernel 2

    \b
        cnncalc pool --input 28x28x6 --kernel 2 --trainable

    \b
        cnncalc pool --input 7 --dims 1 --kernel 2 --stride 2 --ceil-mode
    """
    from cnncalc import oneoff

    given = oneoff.InputOptions(input_size, channels, dims, channels_last, channels_first)
    _print_oneoff(
        lambda: oneoff.pool_layer(given, kernel, stride, padding, ceil_mode, average, trainable), lang
    )


@app.command("solve")
def solve(
    input_size: Annotated[int, typer.Option("--input", "-i", min=1, help="Input size N (one dimension).")],
    kernel: Annotated[int, typer.Option("--kernel", "-k", min=1, help="Kernel size F.")],
    output: Annotated[
        int | None,
        typer.Option(
            "--output", "-o", min=1, help="Only the pairs giving this output size.", show_default=False
        ),
    ] = None,
    dilation: Annotated[int, typer.Option("--dilation", "-d", min=1, help="Dilation D.")] = 1,
    lang: LangOption = None,
) -> None:
    """The (stride, padding) pairs with which a kernel fits an input, and the padding that keeps the size.

    Example:

    \b
        cnncalc solve --input 7 --kernel 3

    \b
        cnncalc solve --input 32 --kernel 5 --output 32
    """
    from cnncalc.engine.solve import solve as solve_fits
    from cnncalc.render.oneoff import render_solution

    _console().print(render_solution(solve_fits(input_size, kernel, dilation, output), _lang(lang)))


@app.command("schema")
def schema() -> None:
    """Print the JSON Schema of the spec format, for editors (yaml-language-server) and validators.

    Example:

    \b
        cnncalc schema > cnncalc.schema.json
    """
    import json

    from cnncalc.spec.schema import spec_json_schema

    sys.stdout.write(json.dumps(spec_json_schema(), indent=2, ensure_ascii=False) + "\n")


def _print_oneoff(compute: Callable[[], OneOff], lang: Lang | None) -> None:
    from cnncalc.errors import CnncalcError
    from cnncalc.render.oneoff import render_oneoff

    try:
        computed = compute()
    except CnncalcError as exc:
        _error(*exc.problems, lang=lang)
        raise typer.Exit(EXIT_UNUSABLE) from None
    _console().print(render_oneoff(computed, _lang(lang)))


def _lang(lang: Lang | None) -> Lang:
    from cnncalc.lang import detect_lang

    return lang if lang is not None else detect_lang()


def _cell(value: str) -> tuple[int, int]:
    try:
        row, column = (int(part) for part in value.replace(" ", "").split(","))
    except ValueError:
        raise typer.BadParameter(f"expected ROW,COLUMN such as 1,2; got {value!r}") from None
    return row, column


@app.command("apply")
def apply_command(
    files: Annotated[list[Path], typer.Argument(help="Exercise files (YAML or JSON).", show_default=False)],
    output_format: ReportFormatOption = ReportFormat.table,
    explain: Annotated[
        bool, typer.Option("--explain", help="Show the output size and one window's multiply-and-sum.")
    ] = False,
    at: Annotated[
        str, typer.Option("--at", help="The output cell ROW,COLUMN (from 1) that --explain works out.")
    ] = "1,1",
    lang: LangOption = None,
) -> None:
    """Convolve or pool small matrices, as the lecture exercises do, and check a hand-worked answer.

    The file gives `input` (a matrix, or one per channel), `kernel` (a matrix, one per channel,
    or for a pool the window size), and optionally `op: conv|maxpool|avgpool`, `stride`,
    `padding`, `bias`, `kernels` (several filters) and `expect` (the answer to check; exit 1 if
    a cell differs).

    Example:

    \b
        cnncalc apply exercises/tobigs_7x7.yaml --explain --at 2,3
    """
    from cnncalc.pipeline import compute_exercise

    cell = _cell(at)
    results, exit_code = _each_file(files, lambda path: compute_exercise(path, cell), lang)
    if results:
        if output_format is ReportFormat.json:
            from cnncalc.render.feature_map import render_feature_map_json

            sys.stdout.write(render_feature_map_json(results) + "\n")
        else:
            from cnncalc.render.feature_map import render_feature_map

            console = _console()
            for result in results:
                # crop=False: a matrix row wider than the terminal is printed whole, not cut.
                console.print(render_feature_map(result, explain, _lang(lang)), crop=False)
    if any(not r.ok for r in results):
        exit_code = max(exit_code, EXIT_FAILED)
    raise typer.Exit(exit_code)


SpecArgument = Annotated[Path, typer.Argument(help="A spec file (YAML or JSON).", show_default=False)]
OutputOption = Annotated[
    Optional[Path],  # noqa: UP045 - typer reads the annotation at run time on Python 3.10
    typer.Option("--output", "-o", help="Write here (default: standard output)."),
]


class DrawFormat(str, Enum):
    svg = "svg"
    html = "html"


@app.command("draw")
def draw(
    spec: SpecArgument,
    output: OutputOption = None,
    output_format: Annotated[
        Optional[DrawFormat],  # noqa: UP045
        typer.Option(
            "--format",
            "-f",
            help="svg, or html: the table and the diagram on one page (default: from -o).",
            case_sensitive=False,
        ),
    ] = None,
    convention: ConventionOption = None,
    depth: DepthOption = None,
) -> None:
    """Draw the network as the slides do: a block per layer with its shape, kernel/stride and parameters.

    Flagged layers (a stride that does not fit) are drawn in a warning colour. No PNG: there is
    no pure-Python route; convert the SVG with rsvg-convert or a browser if you need one.

    Example:

    \b
        cnncalc draw specs/lenet5.yaml -o lenet5.svg

    \b
        cnncalc draw specs/lenet5.yaml -o lenet5.html
    """
    from cnncalc.errors import said

    suffix = output.suffix.lower() if output else ""
    if output_format is None and suffix not in ("", ".svg", ".html", ".htm"):
        _usage_error(said("cli.draw_suffix", output=output, suffix=suffix))
    computed, exit_code = compute_all([spec], convention.value if convention else None)
    if not computed:
        raise typer.Exit(exit_code)
    from cnncalc.render.svg import render_svg

    results = [computed[0].result]

    chosen = output_format or (DrawFormat.html if suffix in (".html", ".htm") else DrawFormat.svg)
    svg = render_svg(results[0], depth)
    if chosen is DrawFormat.html:
        from cnncalc.render.html import render_html

        text = render_html(results, [svg])
    else:
        text = svg
    if output is None:  # an ASCII stdout gets &#215; for ×, which a browser reads as ×
        from cnncalc.text import encodable_markup

        text = encodable_markup(text, sys.stdout.encoding)
    _write(text, output, (spec,))
    raise typer.Exit(exit_code)


class Framework(str, Enum):
    pytorch = "pytorch"
    keras = "keras"


@app.command("export")
def export(
    spec: SpecArgument,
    to: Annotated[Framework, typer.Option("--to", help="pytorch or keras.", case_sensitive=False)],
    output: OutputOption = None,
) -> None:
    """Print runnable model code for the spec: a PyTorch nn.Module or a Keras functional model.

    Run the file to see the framework's own output shape and parameter count beside cnncalc's.

    Example:

    \b
        cnncalc export specs/lenet5_torch.yaml --to pytorch -o lenet5.py && python lenet5.py
    """
    computed, exit_code = compute_all([spec])
    if not computed:
        raise typer.Exit(exit_code)
    from cnncalc.errors import CnncalcError
    from cnncalc.render.export import render_keras, render_pytorch

    render = render_pytorch if to is Framework.pytorch else render_keras
    try:
        text = render(computed[0].result, spec.name)
    except CnncalcError as exc:
        _error(*computed[0].place(exc).problems)
        raise typer.Exit(EXIT_UNUSABLE) from None
    _write(text, output, (spec,))
    raise typer.Exit(exit_code)


def _write(text: str, output: Path | None, inputs: tuple[Path, ...] = ()) -> None:
    """``text`` to ``-o output``, or to standard output without one."""
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    _refuse_overwriting(output, inputs)
    _write_file(output, text)
    print(f"wrote {_shown(output)}", file=sys.stderr)


def _shown(path: Path) -> str:
    from cnncalc.errors import display_path
    from cnncalc.text import visible

    return visible(display_path(path))


def _refuse_overwriting(output: Path, inputs: list[Path] | tuple[Path, ...]) -> None:
    """Exit 2 when ``output`` is one of the input files: ``-o a.yaml`` would destroy the spec.
    ``samefile`` compares device and inode, so a hard link, a symlink or ``./a.yaml`` count too."""
    from cnncalc.errors import said

    if not output.exists():
        return
    for path in inputs:
        try:
            same = os.path.samefile(output, path)
        except OSError:  # an input that does not exist is reported by the loader
            continue
        if same:
            _usage_error(said("cli.is_input", path=_shown(output), input=_shown(path)))


def _write_file(path: Path, text: str, what: str | None = None) -> None:
    """The one way cnncalc writes a file (``-o``, ``--junit``): whole or not at all.

    The text goes to a temporary file beside the target, which then replaces it, so a full
    disk or an interrupted run never leaves half a report. A target that is not a regular
    file (``/dev/stdout``, a FIFO) is written directly. Text that UTF-8 cannot hold (a file
    name's undecodable bytes) is escaped as on standard output. Any failure is one line, exit 2.
    """
    import tempfile

    from cnncalc.errors import said

    data = text.encode("utf-8", _UNENCODABLE)
    try:
        # Through a symlink to a file, replace the file, not the link.
        target = path.resolve() if path.is_symlink() and path.resolve().is_file() else path
        if target.exists() and not target.is_file():
            with open(target, "wb") as stream:
                stream.write(data)
            return
        mode = target.stat().st_mode & 0o777 if target.exists() else _default_mode()
        try:
            handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        except PermissionError:
            if not target.exists():
                raise
            # A writable file in a directory that takes no new files: written in place.
            with open(target, "wb") as stream:
                stream.write(data)
            return
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.chmod(temporary, mode)
            os.replace(temporary, target)
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError as exc:
        reason = exc.strerror or str(exc)
        _error(
            said("cli.cannot_write", path=_shown(path), what=what or said("cli.the_output"), reason=reason)
        )
        raise typer.Exit(EXIT_UNUSABLE) from None


def _default_mode() -> int:
    """What ``open(path, 'w')`` would give a new file: 0666 less the umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _error(*problems: object, lang: Lang | None = None) -> None:
    """A user's mistake: one ``error:`` line each on stderr, never on stdout, in ``lang`` (by
    default the locale's)."""
    from cnncalc.errors import Problem, Said
    from cnncalc.text import visible

    language = _lang(lang)
    for problem in problems:
        text = problem.text(language) if isinstance(problem, (Problem, Said)) else str(problem)
        print(f"error: {visible(text)}", file=sys.stderr)


def _usage_error(message: str, lang: Lang | None = None) -> None:
    _error(message, lang=lang)
    raise typer.Exit(EXIT_UNUSABLE)


def compute_all(
    paths: list[Path], convention: str | None = None, lang: Lang | None = None
) -> tuple[list[Computed], int]:
    """Compute every spec; report each unusable one on stderr and carry on with the rest."""
    from cnncalc.pipeline import compute_file

    chosen = cast("Convention | None", convention)
    return _each_file(paths, lambda path: compute_file(path, chosen), lang)


def _each_file(
    paths: list[Path], compute: Callable[[Path], _T], lang: Lang | None = None
) -> tuple[list[_T], int]:
    """``compute`` every file; report each unusable one on stderr and carry on with the rest."""
    from cnncalc.errors import CnncalcError

    results = []
    exit_code = EXIT_OK
    for path in paths:
        try:
            results.append(compute(path))
        except CnncalcError as exc:
            _error(*exc.problems, lang=lang)
            exit_code = EXIT_UNUSABLE
    return results, exit_code


class _View(NamedTuple):
    """What the table shows besides the core columns."""

    rf: bool
    dtype: str | None
    depth: int | None
    lang: Lang = Lang.en


def _print_results(
    results: list[NetworkResult], output_format: OutputFormat, strict: bool, view: _View
) -> None:
    if output_format is OutputFormat.json:
        from cnncalc.render.json import render_json

        sys.stdout.write(render_json(results, strict, view.dtype or "float32") + "\n")
    elif output_format is OutputFormat.csv:
        from cnncalc.render.csv import render_csv

        sys.stdout.write(render_csv(results))
    elif output_format is OutputFormat.latex:
        from cnncalc.render.latex import render_latex

        sys.stdout.write("\n".join(render_latex(r) for r in results))
    elif output_format is OutputFormat.html:
        from cnncalc.render.html import render_html
        from cnncalc.text import encodable_markup

        sys.stdout.write(encodable_markup(render_html(results), sys.stdout.encoding))
    elif output_format is OutputFormat.markdown:
        from cnncalc.render.markdown import render_markdown

        sys.stdout.write("\n".join(render_markdown(r, view.rf, view.dtype, view.lang) for r in results))
    else:
        from cnncalc.render.table import render_table

        console = _console()
        for number, result in enumerate(results):
            if number:
                console.print()  # a blank line between one spec's totals and the next title
            table = render_table(result, rf=view.rf, dtype=view.dtype, depth=view.depth, lang=view.lang)
            console.print(table)


def _console() -> Any:
    from rich.console import Console

    from cnncalc.text import guard_console

    # A table piped to a file or a pager still wants room for eight columns, unless COLUMNS
    # says how wide (rich reads it when the width is left to it).
    sized = sys.stdout.isatty() or os.environ.get("COLUMNS", "").strip().isdigit()
    return guard_console(Console(width=None if sized else 140))


EXIT_INTERNAL = 70  # EX_SOFTWARE: a bug in cnncalc


# Text that an output's encoding cannot hold: a lone surrogate (a file name's undecodable byte,
# b'\xff' → U+DCFF) on a UTF-8 stdout or file. Written as a JSON escape, valid in every format.
_UNENCODABLE = "cnncalc-escape"


def _escape_unencodable(error: UnicodeError) -> tuple[str, int]:
    from cnncalc.text import json_escape

    assert isinstance(error, UnicodeEncodeError)
    return "".join(map(json_escape, error.object[error.start : error.end])), error.end


codecs.register_error(_UNENCODABLE, _escape_unencodable)


def _escape_what_stdout_cannot_encode() -> None:
    """On an ASCII (or Latin-1…) stdout, write ``×`` as ``\\u00d7`` instead of failing; on any
    stdout, a file name's undecodable byte (U+DCFF) as ``\\udcff``.

    JSON escapes are chosen because non-ASCII text occurs in JSON output only inside strings,
    where ``\\uXXXX`` means the same character: the JSON stays valid and equal.
    """
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(errors=_UNENCODABLE)


class _ClosedStream(io.TextIOBase):
    """Standard output when the process was started with it closed (``cnncalc … >&-``): writing
    fails as a full disk does, with one line from :func:`main`, not an AttributeError on None."""

    encoding = "utf-8"

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "standard output is closed")

    def isatty(self) -> bool:
        return False


def _prepare_streams() -> None:
    if sys.stdout is None:
        sys.stdout = _ClosedStream()
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - for the whole run
    _escape_what_stdout_cannot_encode()


def _finish(code: str | int | None) -> None:
    """Flush standard output here, where a full disk or a closed descriptor is one line and
    exit 2, instead of at interpreter exit (exit 70, or 120 with a traceback)."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
        sys.exit(1)
    except OSError as exc:
        _silence_stdout()
        _tell(f"error: cannot write to standard output: {exc.strerror or exc}")
        sys.exit(EXIT_UNUSABLE)
    sys.exit(code)


def _tell(line: str) -> None:
    """A last line on stderr, which may itself be full or closed: then there is no one to tell."""
    try:
        print(line, file=sys.stderr, flush=True)
    except OSError:
        return


def _silence_stdout() -> None:
    # What is still buffered would fail again at exit: send it nowhere.
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError):
        sys.stdout = _ClosedStream()
        return


def main() -> None:
    """Entry point; any exception that escapes here is a bug, reported as such."""
    # A short-lived process that builds a million small objects for a large spec: the cyclic
    # collector would walk them again and again (a third of the run time); reference counting
    # frees everything a run makes.
    gc.disable()
    # pydantic looks for plugins in every installed package's metadata the first time it builds
    # a model (≈10 ms); the models of a calculator have no use for them. A user's own setting wins.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    _prepare_streams()
    try:
        app()
    except SystemExit as done:
        _finish(done.code)
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        # The reader (``| head``) went away: not an error of ours, and nothing left to say.
        _silence_stdout()
        sys.exit(1)
    except OSError as exc:
        if exc.errno not in (errno.ENOSPC, errno.EBADF, errno.EIO, errno.EDQUOT, errno.EFBIG):
            _internal_error(exc)
        # Writing standard output failed (a full disk, a closed descriptor): not a bug.
        _silence_stdout()
        _tell(f"error: cannot write to standard output: {exc.strerror or exc}")
        sys.exit(EXIT_UNUSABLE)
    except Exception as exc:  # the one place where a bug becomes a clean message
        _internal_error(exc)
    _finish(0)


def _internal_error(exc: BaseException) -> None:
    detail = " ".join(f"{type(exc).__name__}: {exc}".split())[:300]
    print(f"cnncalc: internal error, please report: {detail}", file=sys.stderr)
    sys.exit(EXIT_INTERNAL)
