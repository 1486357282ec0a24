"""``cnncalc conv``: one convolution from command-line values, with the working."""

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


@commands.command("conv")
def conv(
    input_size: SizeOption,
    kernel: KernelOption,
    stride: Annotated[str, typer.Option("--stride", "-s", help="Stride: 1 or 2x1.")] = "1",
    padding: Annotated[str, typer.Option("--padding", "-p", help="Padding: 0, 1x2, same or valid.")] = "0",
    dilation: Annotated[str, typer.Option("--dilation", "-d", help="Dilation: 1 or 2x2.")] = "1",
    channels: ChannelsOption = None,
    filters: Annotated[int, typer.Option("--filters", "-n", min=1, help="Filters (output channels).")] = 1,
    groups: Annotated[int, typer.Option("--groups", "-g", min=1, help="Groups.")] = 1,
    bias: Annotated[bool, typer.Option("--bias/--no-bias", help="Count a bias per filter.")] = True,
    dims: DimsOption = 2,
    channels_last: ChannelsLastOption = False,
    channels_first: ChannelsFirstOption = False,
    lang: LangOption = None,
) -> None:
    """One convolution, no spec file needed: its output size and parameters, with the working.

    Sizes read as the lecture notes write them: 32 is a 32×32 image, 32x32x3 is height, width,
    channels; --dims 1 or 3 for a signal or a volume.

    Example:

    \b
        cnncalc conv --input 32x32x3 --kernel 5 --filters 10 --padding 2

    \b
        cnncalc conv --input 32 --kernel 5 --filters 6

    \b
        cnncalc conv --input 224x224x3 --kernel 3 --stride 2 --padding same
    """
    from cnncalc.cli import layer_options as one

    given = one.InputOptions(input_size, channels, dims, channels_last, channels_first)
    one.print_oneoff(
        lambda: one.conv_layer(given, kernel, stride, padding, dilation, filters, groups, bias), lang
    )
