"""``python -m cnncalc``: the command line, or one line saying which library is missing.

From a checkout, ``python -m cnncalc`` runs with whatever Python is first on the PATH, which may
not have cnncalc's dependencies (the ``cnncalc`` script that ``pip install .`` writes always has
them): a missing library is a setup problem, said in one line with exit 2, never a traceback.
"""

import sys

# The libraries cnncalc imports (pyproject's dependencies, by their module names).
_REQUIRED = frozenset(
    {"typer", "click", "rich", "pydantic", "pydantic_core", "annotated_types", "yaml", "drawsvg"}
)

try:
    from cnncalc.cli import run
except ModuleNotFoundError as exc:
    missing = (exc.name or "").partition(".")[0]
    if missing not in _REQUIRED:
        raise
    sys.stderr.write(
        f"error: cnncalc needs the library '{missing}', which this Python ({sys.executable}) does not"
        " have (install cnncalc into it with: python -m pip install . — from the project's folder)\n"
    )
    sys.exit(2)

run()
