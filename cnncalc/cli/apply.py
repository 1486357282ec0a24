"""``cnncalc apply``: convolve or pool small matrices, as the lecture exercises do."""

# No `from __future__ import annotations`: typer reads the command's signature (cnncalc.cli.root).

import sys
from pathlib import Path
from typing import Annotated

import typer

from cnncalc.cli.options import LangOption, ReportFormat, ReportFormatOption
from cnncalc.cli.output import chosen_lang, console
from cnncalc.cli.root import commands
from cnncalc.cli.specs import each_file
from cnncalc.cli.streams import EXIT_FAILED


def _output_cell(value: str) -> tuple[int, int]:
    try:
        row, column = (int(part) for part in value.replace(" ", "").split(","))
    except ValueError:
        raise typer.BadParameter(f"expected ROW,COLUMN such as 1,2; got {value!r}") from None
    return row, column


@commands.command("apply")
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

    cell = _output_cell(at)
    results, exit_code = each_file(files, lambda path: compute_exercise(path, cell), lang)
    if results:
        if output_format is ReportFormat.json:
            from cnncalc.render.feature_map import render_feature_map_json

            sys.stdout.write(render_feature_map_json(results) + "\n")
        else:
            from cnncalc.render.feature_map import render_feature_map

            shown, language = console(), chosen_lang(lang)
            for result in results:
                # crop=False: a matrix row wider than the terminal is printed whole, not cut.
                shown.print(render_feature_map(result, explain, language), crop=False)
    if any(not r.ok for r in results):
        exit_code = max(exit_code, EXIT_FAILED)
    raise typer.Exit(exit_code)
