"""The spec files a command was given, each through the pipeline, one file's problems never
stopping the others."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from cnncalc.cli.output import error
from cnncalc.cli.streams import EXIT_OK, EXIT_UNUSABLE
from cnncalc.lang import Lang

if TYPE_CHECKING:
    from cnncalc.engine.conventions import Convention
    from cnncalc.pipeline import Computed

_T = TypeVar("_T")


def spec_paths(arguments: list[str], lang: Lang | None = None) -> tuple[list[Path], int]:
    """Files, directories and quoted globs → spec files, as ``check`` expands them; an argument
    that names none is reported (exit 2) and the others are still computed."""
    from cnncalc.errors import said
    from cnncalc.spec.paths import NoSpecFiles, expand_spec_paths

    paths, exit_code = [], EXIT_OK
    for item in expand_spec_paths(arguments):
        if isinstance(item, NoSpecFiles):
            error(
                said("cli.argument", argument=item.argument or repr(item.argument), message=item.message),
                lang=lang,
            )
            exit_code = EXIT_UNUSABLE
        else:
            paths.append(item)
    return paths, exit_code


def compute_all(
    paths: list[Path], convention: Convention | None = None, lang: Lang | None = None
) -> tuple[list[Computed], int]:
    """Every spec through the pipeline; each unusable one reported on stderr, the rest computed."""
    from cnncalc import pipeline

    return each_file(paths, lambda path: pipeline.compute_file(path, convention), lang)


def each_file(
    paths: list[Path], compute: Callable[[Path], _T], lang: Lang | None = None
) -> tuple[list[_T], int]:
    """``compute`` every file; report each unusable one on stderr and carry on with the rest."""
    from cnncalc.errors import CnncalcError

    results = []
    exit_code = EXIT_OK
    for path in paths:
        try:
            results.append(compute(path))
        except CnncalcError as exc:
            error(*exc.problems, lang=lang)
            exit_code = EXIT_UNUSABLE
    return results, exit_code
