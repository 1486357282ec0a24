"""Every option and argument shared by commands, declared once; choices come from their registries
(the one-off commands' own, and ``--lang``, in :mod:`cnncalc.cli.oneoff_options`, re-exported here).

``--convention`` offers the conventions of :data:`cnncalc.choices.Convention`, ``--dtype`` the
precisions of :data:`cnncalc.choices.DTYPE_BYTES` (``run``'s ``--format``, in :mod:`cnncalc.cli.run`,
the formats of :data:`cnncalc.render.outputs.FORMATS`).
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional, get_args

import typer

from cnncalc.choices import DTYPE_BYTES, Convention

# Declared in their own module, which the one-off commands import alone (see its docstring).
from cnncalc.cli.oneoff_options import ChannelsFirstOption as ChannelsFirstOption
from cnncalc.cli.oneoff_options import ChannelsLastOption as ChannelsLastOption
from cnncalc.cli.oneoff_options import ChannelsOption as ChannelsOption
from cnncalc.cli.oneoff_options import DimsOption as DimsOption
from cnncalc.cli.oneoff_options import KernelOption as KernelOption
from cnncalc.cli.oneoff_options import LangOption as LangOption
from cnncalc.cli.oneoff_options import SizeOption as SizeOption


def either(names: list[str]) -> str:
    """``a, b or c``: a list of choices as the help writes it."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


class ReportFormat(str, Enum):
    """``check`` and ``apply``: a report as a table or as JSON."""

    table = "table"
    json = "json"


if TYPE_CHECKING:

    class ConventionChoice(str, Enum):
        """The members are made at run time, one per convention."""

    class Dtype(str, Enum):
        """The members are made at run time, one per precision."""

else:
    # typer offers an Enum's members as the choices, in their order.
    ConventionChoice = Enum("ConventionChoice", [(name, name) for name in get_args(Convention)], type=str)
    Dtype = Enum("Dtype", [(name, name) for name in DTYPE_BYTES], type=str)


StrictOption = Annotated[
    bool,
    typer.Option(
        "--strict",
        help="A warning fails the spec (exit 1): a stride that does not fit, an input or a dense "
        "layer that reads two ways.",
    ),
]
RfOption = Annotated[
    bool, typer.Option("--rf", help="Show each layer's receptive field: size, jump and start.")
]
DtypeOption = Annotated[
    Optional[Dtype],  # noqa: UP045 - typer reads the annotation at run time on Python 3.10
    typer.Option(
        "--dtype",
        help=f"Show each layer's activation memory at this precision: {either(list(DTYPE_BYTES))}.",
        case_sensitive=False,
        show_default=False,
    ),
]
DepthOption = Annotated[
    Optional[int],  # noqa: UP045
    typer.Option(
        "--depth",
        min=0,
        help="Fold blocks nested deeper than this into one row each (0: every block use is one row).",
        show_default=False,
    ),
]
ConventionOption = Annotated[
    Optional[ConventionChoice],  # noqa: UP045 - typer reads the annotation at run time on Python 3.10
    typer.Option(
        "--convention",
        help=f"Count as this framework does where they differ: {either(list(get_args(Convention)))} "
        "(default: the spec's own convention, else the core rules).",
        case_sensitive=False,
    ),
]
SpecsArgument = Annotated[
    list[str],
    typer.Argument(
        help="Spec files (YAML or JSON), directories or quoted globs.", show_default=False, metavar="SPEC"
    ),
]
SpecArgument = Annotated[Path, typer.Argument(help="A spec file (YAML or JSON).", show_default=False)]
OutputOption = Annotated[
    Optional[Path],  # noqa: UP045 - typer reads the annotation at run time on Python 3.10
    typer.Option("--output", "-o", help="Write here (default: standard output)."),
]
ExplainOption = Annotated[
    bool, typer.Option("--explain", help="Show every layer's working: the formulas with the numbers put in.")
]
ReportFormatOption = Annotated[
    ReportFormat, typer.Option("--format", "-f", help="table or json.", case_sensitive=False)
]


def convention_of(choice: ConventionChoice | None) -> Convention | None:
    """``--convention``'s value as the engine takes it."""
    return choice.value if choice is not None else None


# --batch, --train, --optimizer, --amp, --fit (cnncalc.engine.training): only these run its code.
# A plain string, checked by the command: an Enum's class would be made at every start-up.
OPTIMIZERS = ("sgd", "momentum", "adam", "adamw")
BatchOption = Annotated[
    Optional[int],  # noqa: UP045
    typer.Option(
        "--batch",
        min=1,
        help="Samples per batch N (default: the spec's batch:, else 1): MACs, FLOPs and memory per batch.",
        show_default=False,
    ),
]
TrainOption = Annotated[
    bool,
    typer.Option(
        "--train",
        help="Estimate one training step's memory: weights, gradients, optimizer state, the "
        "activations autograd keeps, the input.",
    ),
]
OptimizerOption = Annotated[
    str, typer.Option("--optimizer", help=f"With --train: {either(list(OPTIMIZERS))}.", metavar="NAME")
]
AmpOption = Annotated[
    bool,
    typer.Option("--amp", help="With --train: mixed precision (half-precision activations, fp32 weights)."),
]
FitOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--fit",
        help="The largest batch whose memory fits this budget (16GiB, 512MiB, 8GB), for training "
        "with --train, else for inference.",
        show_default=False,
    ),
]
