"""``cnncalc zoo``: the model zoo — the list, a model's table, or its spec to copy."""

# No `from __future__ import annotations`: typer reads the command's signature (cnncalc.cli.root).

import sys
from typing import Annotated

import typer

from cnncalc.cli.options import (
    AmpOption,
    BatchOption,
    ConventionOption,
    DepthOption,
    DtypeOption,
    ExplainOption,
    FitOption,
    LangOption,
    OptimizerOption,
    RfOption,
    StrictOption,
    TrainOption,
)
from cnncalc.cli.output import chosen_lang, usage_error
from cnncalc.cli.root import commands
from cnncalc.cli.run import FormatOption, OutputFormat, run
from cnncalc.lang import Lang

NameArgument = Annotated[
    str | None,
    typer.Argument(
        help="A zoo model, by its torchvision builder's name (resnet50); without one, the list.",
        show_default=False,
    ),
]
SpecFlag = Annotated[bool, typer.Option("--spec", help="Print the model's spec (YAML), to copy and edit.")]


@commands.command("zoo")
def zoo(
    name: NameArgument = None,
    spec: SpecFlag = False,
    output_format: FormatOption = OutputFormat.table,
    strict: StrictOption = False,
    explain: ExplainOption = False,
    lang: LangOption = None,
    rf: RfOption = False,
    dtype: DtypeOption = None,
    depth: DepthOption = None,
    convention: ConventionOption = None,
    batch: BatchOption = None,
    train: TrainOption = False,
    optimizer: OptimizerOption = "adam",
    amp: AmpOption = False,
    fit: FitOption = None,
) -> None:
    """List the model zoo (torchvision's CNNs, as torchvision builds them), or show one model as
    the main command shows a spec: every option of it applies.

    Example:

        cnncalc zoo

        cnncalc zoo resnet50 --depth 1 --rf

        cnncalc zoo densenet121 --format json

        cnncalc zoo vgg16 --spec > my_vgg.yaml
    """
    from cnncalc import zoo as models
    from cnncalc.errors import said

    if name is None:
        if spec:
            usage_error(said("zoo.spec_needs_name"), lang)
        _list(output_format.value, chosen_lang(lang))
        return
    path = models.path_of(name)
    if path is None:
        nearest = models.closest(name)
        hint = said("hint.did_you_mean", suggestion=nearest) if nearest else said("zoo.hint_list")
        usage_error(said("zoo.unknown", name=repr(name), hint=hint), lang)
    if spec:
        sys.stdout.write(path.read_text(encoding="utf-8"))
        return
    run(
        [str(path)], output_format, strict, explain, lang, rf, dtype, depth, convention,
        batch, train, optimizer, amp, fit,
    )  # fmt: skip


def _list(output_format: str, lang: Lang) -> None:
    from cnncalc.errors import said
    from cnncalc.render.zoo_list import zoo_json, zoo_table
    from cnncalc.zoo.index import ENTRIES

    if output_format == "json":
        sys.stdout.write(zoo_json(ENTRIES))
    elif output_format == "table":
        sys.stdout.write(zoo_table(ENTRIES, lang))
    else:
        usage_error(said("zoo.list_format", format=output_format), lang)
