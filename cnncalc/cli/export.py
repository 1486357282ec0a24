"""``cnncalc export``: runnable PyTorch or Keras code for a spec."""

# No `from __future__ import annotations`: typer reads the command's signature (cnncalc.cli.root).

from enum import Enum
from typing import Annotated

import typer

from cnncalc.cli.options import OutputOption, SpecArgument
from cnncalc.cli.output import error, write
from cnncalc.cli.root import commands
from cnncalc.cli.specs import compute_all
from cnncalc.cli.streams import EXIT_UNUSABLE


class Framework(str, Enum):
    """``export --to``."""

    pytorch = "pytorch"
    keras = "keras"


@commands.command("export")
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
        error(*computed[0].place(exc).problems)
        raise typer.Exit(EXIT_UNUSABLE) from None
    write(text, output, (spec,))
    raise typer.Exit(exit_code)
