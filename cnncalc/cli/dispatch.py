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
            shown.print(part, crop=not _within(part, shown.width))


def _within(part: object, width: int) -> bool:
    """A table and its totals proven no wider than the console: rich's cropping of each of
    their lines (a table of 1,000 folded names has 2,500) would change nothing."""
    from rich.console import Group

    if not isinstance(part, Group):
        return False
    from cnncalc.render.fasttable import within_width

    return within_width(part, width)
