"""``cnncalc solve``: the strides and paddings with which a kernel fits an input."""

# No `from __future__ import annotations`: typer reads the command's signature (cnncalc.cli.root).

from typing import Annotated

import typer

from cnncalc.cli.oneoff_options import LangOption
from cnncalc.cli.output import chosen_lang, console
from cnncalc.cli.root import commands


@commands.command("solve")
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

    console().print(render_solution(solve_fits(input_size, kernel, dilation, output), chosen_lang(lang)))
