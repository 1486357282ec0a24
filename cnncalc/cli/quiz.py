"""``cnncalc quiz``: a worksheet from a spec (a blank for every answer asked), its printable
sheet and its key; with ``--variants N``, N of them drawn from the spec's ``variants:``."""

# No `from __future__ import annotations`: typer reads the command's signature (cnncalc.cli.root).

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from cnncalc.cli.options import LangOption
from cnncalc.cli.output import chosen_lang, error, refuse_overwriting, shown, usage_error, write_file
from cnncalc.cli.root import commands
from cnncalc.cli.streams import EXIT_UNUSABLE

if TYPE_CHECKING:
    from cnncalc.grading.worksheet import Source
    from cnncalc.lang import Lang


class SheetFormat(str, Enum):
    markdown = "markdown"
    html = "html"
    latex = "latex"


class Strides(str, Enum):
    fit = "fit"
    one_misfit = "one-misfit"


SpecArgument = Annotated[Path, typer.Argument(help="The spec to make a worksheet of.", show_default=False)]
OutputOption = Annotated[
    Optional[Path],  # noqa: UP045 - typer reads the annotation at run time on Python 3.10
    typer.Option(
        "--output",
        "-o",
        help="The worksheet NAME.yaml (its key and sheet beside it); with --variants, a folder.",
    ),
]
AskOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--ask",
        help="Answers to ask of every layer: output,params,macs,rf (and their totals).",
        show_default=False,
    ),
]
SheetFormatOption = Annotated[
    SheetFormat,
    typer.Option(
        "--format", "-f", help="The printable sheet: markdown, html or latex.", case_sensitive=False
    ),
]
VariantsOption = Annotated[
    Optional[int],  # noqa: UP045
    typer.Option(
        "--variants",
        min=1,
        max=999,
        help="Make this many variants (the spec's variants: ranges).",
        show_default=False,
    ),
]
SeedOption = Annotated[int, typer.Option("--seed", help="The same seed gives the same variants.")]
StridesOption = Annotated[
    Optional[Strides],  # noqa: UP045
    typer.Option(
        "--strides", help="fit: every stride fits; one-misfit: exactly one does not.", show_default=False
    ),
]


@commands.command("quiz")
def quiz(
    spec: SpecArgument,
    output: OutputOption = None,
    ask: AskOption = None,
    sheet_format: SheetFormatOption = SheetFormat.markdown,
    variants: VariantsOption = None,
    seed: SeedOption = 0,
    strides: StridesOption = None,
    lang: LangOption = None,
) -> None:
    """Make a worksheet: the spec with a blank for every answer asked, to fill in and hand in.

    Writes NAME.yaml (the worksheet), NAME.key.yaml (its answers: keep it) and a printable
    sheet (NAME.md, .html or .tex). Without -o, the worksheet goes to standard output.

    Example:

    \b
        cnncalc quiz specs/lenet5.yaml --ask output,params -o hw3.yaml

    \b
        cnncalc quiz examples/class/lenet5.yaml --variants 30 --seed 7 -o hw3/
    """
    from cnncalc.errors import CnncalcError, said
    from cnncalc.grading.asks import parse_ask
    from cnncalc.grading.worksheet import load_source

    language = chosen_lang(lang)
    try:
        asked = parse_ask(ask) if ask is not None else None
    except ValueError as exc:
        usage_error(exc.args[0], language)
    try:
        source = load_source(spec)
        if variants is None:
            _one(source, spec, output, asked, sheet_format.value, language)
        else:
            if output is None:
                usage_error(said("quiz.variants_need_folder"), language)
            policy = None if strides is None else strides.value.replace("-", "_")
            _variants(source, output, variants, seed, policy, asked, sheet_format.value, language)
    except CnncalcError as exc:
        error(*exc.problems, lang=language)
        raise typer.Exit(EXIT_UNUSABLE) from None


def _one(
    source: "Source",
    spec: Path,
    output: Path | None,
    asked: "tuple[str, ...] | None",
    sheet_format: str,
    language: "Lang",
) -> None:
    import sys

    from cnncalc.grading.asks import asks_of
    from cnncalc.grading.sheet import SUFFIXES, render_sheet
    from cnncalc.grading.worksheet import worksheet_text

    asks = asks_of(source.computed.spec, source.computed.result, asked)
    if output is None:
        sys.stdout.write(worksheet_text(source, asks))
        return
    stem = _stem(output)
    written = [output, output.with_name(stem + ".key.yaml"), output.with_name(stem + SUFFIXES[sheet_format])]
    for path in written:
        refuse_overwriting(path, [spec])
    write_file(written[0], worksheet_text(source, asks))
    write_file(written[1], worksheet_text(source, asks, key=True))
    write_file(written[2], render_sheet(source, asks, language, sheet_format))
    for path in written:
        print(f"wrote {shown(path)}", file=sys.stderr)


def _variants(
    source: "Source",
    folder: Path,
    count: int,
    seed: int,
    policy: "str | None",
    asked: "tuple[str, ...] | None",
    sheet_format: str,
    language: "Lang",
) -> None:
    import sys

    from cnncalc.errors import said
    from cnncalc.grading.asks import asks_of
    from cnncalc.grading.sheet import SUFFIXES, render_sheet
    from cnncalc.grading.variants import make_variants
    from cnncalc.grading.worksheet import worksheet_text

    made = make_variants(source, count, seed, policy)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        usage_error(said("cli.cannot_make_folder", path=shown(folder), reason=exc.strerror or exc), language)
    for variant in made:
        asks = asks_of(variant.source.computed.spec, variant.source.computed.result, asked)
        write_file(
            folder / f"{variant.name}.yaml", worksheet_text(variant.source, asks, variant=variant.name)
        )
        write_file(
            folder / f"{variant.name}.key.yaml",
            worksheet_text(variant.source, asks, key=True, variant=variant.name),
        )
        write_file(
            folder / f"{variant.name}{SUFFIXES[sheet_format]}",
            render_sheet(variant.source, asks, language, sheet_format, variant=variant.name),
        )
    print(f"wrote {count} variants, their keys and sheets in {shown(folder)}", file=sys.stderr)


def _stem(path: Path) -> str:
    """``hw3.yaml`` → ``hw3``."""
    name = path.name
    for suffix in (".yaml", ".yml", ".json"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name
