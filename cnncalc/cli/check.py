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
    from cnncalc.render.check_report import Tally
    from cnncalc.render.junit import JunitReport
    from cnncalc.spec.paths import NoSpecFiles


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
    from cnncalc.spec.paths import expand_spec_paths

    language = chosen_lang(lang)
    items = expand_spec_paths(specs)
    if junit is not None:
        refuse_overwriting(junit, [p for p in items if isinstance(p, Path)])
    tally = _write_reports(items, strict, output_format is ReportFormat.json, junit, explain, language)
    raise typer.Exit(exit_code(tally))


def _write_reports(
    items: "list[Path | NoSpecFiles]",
    strict: bool,
    as_json: bool,
    junit: Path | None,
    explain: bool,
    lang: Lang,
) -> "Tally":
    """Each spec's part of every report written as the spec is checked, and the spec let go:
    memory does not grow with the number of files. JSON and JUnit open with totals, so their
    parts wait in a spool until the end; the table is printed as it goes."""
    from cnncalc.engine.check import Unusable
    from cnncalc.pipeline import check_each
    from cnncalc.render.check_report import JsonReport, Tally, TextReport

    tally = Tally()
    table = None if as_json else TextReport(lang, explain)
    json_report = JsonReport(lang) if as_json else None
    junit_report = _junit_report(lang) if junit is not None else None
    terminal = console()
    stdout_failures: list[OSError] = []

    def report(outcome: "CheckOutcome") -> None:
        tally.add(outcome)
        if isinstance(outcome, Unusable):
            error(*outcome.problems, lang=lang)
        if junit_report is not None:
            junit_report.add(outcome)
        if json_report is not None:
            json_report.add(outcome)
        if table is not None and not stdout_failures:
            try:
                terminal.print(table.add(outcome), crop=False)
            except OSError as exc:
                # The reader went away (| head) or the disk is full: every spec is still
                # checked and the JUnit report written, as when the table came last.
                stdout_failures.append(exc)

    check_each(items, strict, report)
    if junit is not None and junit_report is not None:
        from cnncalc.errors import said

        write_file(junit, junit_report.pieces(), said("cli.the_junit_report"))
    if stdout_failures:
        raise stdout_failures[0]  # one line and its exit code (cnncalc.cli.streams)
    if json_report is not None:
        sys.stdout.writelines(json_report.pieces(tally))
        sys.stdout.write("\n")
    if table is not None:
        terminal.print(table.end(tally), crop=False)
    return tally


def exit_code(tally: "Tally") -> int:
    """2 when a spec is unusable, else 1 when an answer is wrong (or a strict flag) or a spec has
    none to check, else 0."""
    if tally.unusable:
        return EXIT_UNUSABLE
    return EXIT_OK if tally.passed == tally.specs else EXIT_FAILED


def _junit_report(lang: Lang) -> "JunitReport":
    from cnncalc.render.junit import JunitReport

    return JunitReport(lang)
