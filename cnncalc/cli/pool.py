"""``cnncalc pool``: one pooling layer from command-line values, with the working."""

# No `from __future__ import annotations`: typer reads the command's signature (cnncalc.cli.root).

from typing import Annotated

import typer

from cnncalc.cli.oneoff_options import (
    ChannelsFirstOption,
    ChannelsLastOption,
    ChannelsOption,
    DimsOption,
    KernelOption,
    LangOption,
    SizeOption,
)
from cnncalc.cli.root import commands


@commands.command("pool")
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
    from cnncalc.cli import layer_options as one

    given = one.InputOptions(input_size, channels, dims, channels_last, channels_first)
    one.print_oneoff(
        lambda: one.pool_layer(given, kernel, stride, padding, ceil_mode, average, trainable), lang
    )
