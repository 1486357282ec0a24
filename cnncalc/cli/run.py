"""``cnncalc run``: every layer's shapes, parameters and MACs, in any format."""

# No `from __future__ import annotations`: typer reads the command's signature (cnncalc.cli.root).

import sys
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import typer

from cnncalc.cli.dispatch import print_results
from cnncalc.cli.options import (
    OPTIMIZERS,
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
    SpecsArgument,
    StrictOption,
    TrainOption,
    convention_of,
    either,
)
from cnncalc.cli.output import chosen_lang, usage_error
from cnncalc.cli.root import commands
from cnncalc.cli.specs import compute_all, spec_paths
from cnncalc.cli.streams import EXIT_FAILED
from cnncalc.lang import Lang
from cnncalc.render.outputs import FORMATS

if TYPE_CHECKING:
    from cnncalc.engine.results import NetworkResult
    from cnncalc.render.training import Training

    class OutputFormat(str, Enum):
        """The members are made at run time, one per format of the registry."""

        table = "table"

else:
    # typer offers an Enum's members as the choices, in their order.
    OutputFormat = Enum("OutputFormat", [(name, name) for name in FORMATS], type=str)

FormatOption = Annotated[
    OutputFormat,
    typer.Option("--format", "-f", help=f"{either(list(FORMATS))}.", case_sensitive=False),
]


@commands.command("run")
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
    batch: BatchOption = None,
    train: TrainOption = False,
    optimizer: OptimizerOption = "adam",
    amp: AmpOption = False,
    fit: FitOption = None,
) -> None:
    """Show every layer's input and output shape, parameters and MACs.

    Example:

        cnncalc specs/lenet5.yaml

        cnncalc specs/*.yaml --format json --strict

        cnncalc specs/lenet5.yaml --explain --lang ko

        cnncalc specs/resnet18.yaml --depth 1 --rf --dtype float16

        cnncalc specs/lenet5.yaml --convention keras

        cnncalc specs/resnet18.yaml --batch 32 --train --optimizer adam --fit 16GiB
    """
    from cnncalc.errors import said
    from cnncalc.render.outputs import View, explainable

    if explain and output_format.value not in explainable():
        *others, last = explainable()  # the registry has more than one
        usage_error(said("cli.explain_format", formats=", ".join(others), last=last), lang)
    training = _training(output_format.value, batch, train, optimizer, amp, fit, lang)
    paths, exit_code = spec_paths(specs, lang)
    computed, computed_code = compute_all(paths, convention_of(convention), lang)
    results = [each.result if batch is None else each.result._replace(batch=batch) for each in computed]
    exit_code = max(exit_code, computed_code)
    language = chosen_lang(lang)
    if results:
        view = View(
            format=output_format.value,
            explain=explain,
            lang=language,
            rf=rf,
            dtype=dtype.value if dtype else None,
            depth=depth,
            strict=strict,
            encoding=sys.stdout.encoding,
            training=training,
        )
        print_results(results, view)
    if _strict_failures(results, strict, language):
        exit_code = max(exit_code, EXIT_FAILED)
    raise typer.Exit(exit_code)


def _training(
    output_format: str,
    batch: int | None,
    train: bool,
    optimizer: str,
    amp: bool,
    fit: str | None,
    lang: Lang | None,
) -> "Training | None":
    """What --batch, --train and --fit ask for (``--batch N`` over the spec's ``batch:``); None
    without any of them (nothing of it runs)."""
    if batch is None and not train and fit is None:
        return None
    from cnncalc.engine.training import parse_budget
    from cnncalc.errors import said
    from cnncalc.render.training import Training

    if optimizer.lower() not in OPTIMIZERS:
        usage_error(said("cli.optimizer", value=repr(optimizer), known=either(list(OPTIMIZERS))), lang)
    if fit is not None and output_format == "csv":  # its answer is a line; CSV has rows only
        usage_error(said("cli.train_format", format=output_format), lang)

    budget = parse_budget(fit) if fit is not None else None
    if fit is not None and budget is None:
        usage_error(said("cli.fit_budget", value=repr(fit)), lang)
    return Training(train=train, optimizer=optimizer.lower(), amp=amp, fit=budget)


def _strict_failures(results: "list[NetworkResult]", strict: bool, lang: Lang = Lang.en) -> bool:
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
