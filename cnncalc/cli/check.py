"""``cnncalc check``: the answers in each spec's ``expect`` blocks, ✓ or ✗."""

# No `from __future__ import annotations`: typer reads the command's signature (cnncalc.cli.root).

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cnncalc.cli.options import ExplainOption, LangOption, ReportFormat, ReportFormatOption, StrictOption
from cnncalc.cli.output import chosen_lang, console, error, refuse_overwriting, write_file
from cnncalc.cli.root import commands
from cnncalc.cli.streams import EXIT_FAILED, EXIT_OK, EXIT_UNUSABLE
from cnncalc.lang import Lang

if TYPE_CHECKING:
    from cnncalc.engine.check import CheckOutcome


@commands.command("check")
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
    from cnncalc.pipeline import check_specs
    from cnncalc.render.check_report import render_check_json, render_check_report
    from cnncalc.spec.paths import expand_spec_paths

    language = chosen_lang(lang)
    items = expand_spec_paths(specs)
    if junit is not None:
        refuse_overwriting(junit, [p for p in items if isinstance(p, Path)])
    outcomes = check_specs(items, strict, keep_results=explain)
    for outcome in outcomes:
        if isinstance(outcome, Unusable):
            error(*outcome.problems, lang=language)
    if junit is not None:
        _write_junit(junit, outcomes, language)
    if output_format is ReportFormat.json:
        sys.stdout.write(render_check_json(outcomes, language) + "\n")
    else:
        console().print(render_check_report(outcomes, language, explain), crop=False)
    raise typer.Exit(exit_code(outcomes))


def exit_code(outcomes: "list[CheckOutcome]") -> int:
    """2 when a spec is unusable, else 1 when an answer is wrong (or a strict flag), else 0."""
    from cnncalc.engine.check import SpecCheck, Unusable

    if any(isinstance(outcome, Unusable) for outcome in outcomes):
        return EXIT_UNUSABLE
    passed = all(outcome.passed for outcome in outcomes if isinstance(outcome, SpecCheck))
    return EXIT_OK if passed else EXIT_FAILED


def _write_junit(path: Path, outcomes: "list[CheckOutcome]", lang: Lang) -> None:
    from cnncalc.errors import said
    from cnncalc.render.junit import render_junit

    write_file(path, render_junit(outcomes, lang), said("cli.the_junit_report"))
