"""The ``cnncalc`` command: a thin module per command (load → validate → calculate → render
through :mod:`cnncalc.pipeline`), the options declared once in :mod:`cnncalc.cli.options`.

Heavy modules (pydantic models, rich) are imported inside the commands that need them, so that
``--help`` and ``--version`` answer quickly.
"""

# ruff: noqa: I001 - the commands are imported in the order --help lists them
from __future__ import annotations

# Each command module registers its command on import.
from cnncalc.cli import run as _run  # noqa: F401
from cnncalc.cli import check as _check  # noqa: F401
from cnncalc.cli import conv as _conv  # noqa: F401
from cnncalc.cli import pool as _pool  # noqa: F401
from cnncalc.cli import solve as _solve  # noqa: F401
from cnncalc.cli import schema as _schema  # noqa: F401
from cnncalc.cli import apply as _apply  # noqa: F401
from cnncalc.cli import draw as _draw  # noqa: F401
from cnncalc.cli import export as _export  # noqa: F401
from cnncalc.cli.root import app
from cnncalc.cli.streams import main

__all__ = ["app", "main"]
