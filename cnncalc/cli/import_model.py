"""``cnncalc import``: a model file (ONNX, Keras) written out as the spec it is read as."""

# No `from __future__ import annotations`: typer reads the command's signature (cnncalc.cli.root).

from pathlib import Path
from typing import Annotated

import typer

from cnncalc.cli.options import OutputOption
from cnncalc.cli.output import error, write
from cnncalc.cli.root import commands
from cnncalc.cli.streams import EXIT_UNUSABLE

ModelArgument = Annotated[
    Path,
    typer.Argument(help="A model file: .onnx, .keras, or a Keras model.to_json() file.", show_default=False),
]


@commands.command("import")
def import_model(model: ModelArgument, output: OutputOption = None) -> None:
    """Write a model file as a cnncalc spec (YAML), to read and edit; every command also reads the
    model file itself.

    Example:

    \b
        cnncalc import resnet18.onnx -o resnet18.yaml && cnncalc resnet18.yaml
    """
    from cnncalc.errors import CnncalcError
    from cnncalc.importers.spec_text import spec_yaml
    from cnncalc.spec.loader import read_document

    try:
        document = read_document(model)
    except CnncalcError as exc:
        error(*exc.problems)
        raise typer.Exit(EXIT_UNUSABLE) from None
    write(spec_yaml(document.data), output, (model,))
