"""The ``cnncalc`` command: a thin module per command (load → validate → calculate → render
through :mod:`cnncalc.pipeline`), the options declared once in :mod:`cnncalc.cli.options`.

Only the command that runs is imported (:mod:`cnncalc.cli.root`), and heavy modules (pydantic
models, rich) inside the commands that need them, so that ``--help`` and ``--version`` answer
quickly.
"""

from __future__ import annotations

from cnncalc.cli.root import app
from cnncalc.cli.streams import main, run

__all__ = ["app", "main", "run"]
