"""The one-off commands' options (``conv``, ``pool``, ``solve``) and ``--lang``, declared once.

A module of their own, re-exported by :mod:`cnncalc.cli.options`: a one-off imports only these,
not that module's Enums (made from their registries) and every other command's declarations,
which cost half a millisecond of its start-up.
"""

from __future__ import annotations

from typing import Annotated

import typer

from cnncalc.lang import Lang

LangOption = Annotated[
    Lang | None,
    typer.Option(
        "--lang",
        help="Language of the working: en or ko (default: ko when the locale is Korean).",
        show_default=False,
    ),
]

# The one-off commands (conv, pool): the input and the kernel as the lecture notes write them.
SizeOption = Annotated[
    str,
    typer.Option(
        "--input",
        "-i",
        help="Input size as the notes write it: 32 (a 32×32 image), 32x32, or 32x32x3 (H×W×C).",
    ),
]
KernelOption = Annotated[str, typer.Option("--kernel", "-k", help="Kernel size: 5 or 3x5.")]
ChannelsOption = Annotated[
    int | None,
    typer.Option(
        "--channels", "-c", min=1, help="Input channels (default 1, or the C of HxWxC).", show_default=False
    ),
]
DimsOption = Annotated[
    int,
    typer.Option(
        "--dims", min=1, max=3, help="Spatial dimensions: 1 (a signal), 2 (an image) or 3 (a volume)."
    ),
]
ChannelsLastOption = Annotated[
    bool,
    typer.Option("--channels-last", help="The last size of --input is the channels (the default reading)."),
]
ChannelsFirstOption = Annotated[
    bool, typer.Option("--channels-first", help="The first size of --input is the channels (3x32x32).")
]
