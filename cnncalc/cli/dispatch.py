"""Where ``run``'s results meet the one dispatcher (:mod:`cnncalc.render.outputs`): its parts are
written to stdout (text) or printed by the console (rich renderables)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from cnncalc.cli.output import console

if TYPE_CHECKING:
    from cnncalc.engine.results import NetworkResult
    from cnncalc.render.outputs import View


def print_results(results: list[NetworkResult], view: View) -> None:
    """Print ``results`` as ``view`` asks: its format, ``--explain``, ``--rf``, ``--dtype``, ``--depth``."""
    from cnncalc.render.outputs import render_outputs

    shown = None
    for part in render_outputs(results, view):
        if isinstance(part, str):
            sys.stdout.write(part)
        else:
            shown = console() if shown is None else shown
            shown.print(part)
