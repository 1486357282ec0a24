"""Command-line arguments → spec files: files as given, directories searched, globs expanded.

A shell expands ``specs/*.yaml`` itself; a quoted glob (as CI configurations often pass) is
expanded here, with ``**`` for any depth.
"""

# No `from __future__ import annotations`: see cnncalc.engine.results (its NamedTuples).

from pathlib import Path
from typing import NamedTuple

from cnncalc.errors import said

SPEC_SUFFIXES = (".yaml", ".yml", ".json")
_GLOB_CHARS = frozenset("*?[")


class NoSpecFiles(NamedTuple):
    """An argument that names no spec file: an empty directory or a glob that matches nothing."""

    argument: str
    message: str


def expand_spec_paths(arguments: list[str]) -> list[Path | NoSpecFiles]:
    """Each argument's spec files in order, without repeats; a file that does not exist is kept
    (the loader reports it with the others' problems)."""
    found: list[Path | NoSpecFiles] = []
    seen: set[Path] = set()
    for argument in arguments:
        for item in _expand(argument):
            if isinstance(item, Path):
                if item in seen:
                    continue
                seen.add(item)
            found.append(item)
    return found


def _expand(argument: str) -> list[Path | NoSpecFiles]:
    if not argument.strip():
        return [NoSpecFiles(argument, said("paths.empty_argument"))]
    path = Path(argument)
    if path.is_dir():
        files = _spec_files(path)
        if not files:
            return [NoSpecFiles(argument, said("paths.no_spec_files"))]
        return list(files)
    if not path.exists() and _GLOB_CHARS & set(argument):
        matches = sorted(_glob(argument))
        files = [m for m in matches if m.is_file()]
        for directory in (m for m in matches if m.is_dir()):
            files += _spec_files(directory)
        if not files:
            return [NoSpecFiles(argument, said("paths.no_match"))]
        return list(files)
    return [path]


def _glob(pattern: str) -> list[Path]:
    """The paths ``pattern`` matches, ``**`` at any depth without following symlinked folders.

    ``glob.glob`` follows them: two symlink loops made ``d/**/*.yaml`` branch without end.
    pathlib's ``**`` does not recurse into symlinks (Python 3.10 to 3.13 alike).
    """
    parts = Path(pattern).parts
    first = next(i for i, part in enumerate(parts) if _GLOB_CHARS & set(part))
    base = Path(*parts[:first]) if first else Path()
    rest = "/".join(parts[first:])
    return list(base.glob(rest))


def _spec_files(directory: Path) -> list[Path]:
    """Spec files under ``directory`` at any depth, skipping hidden folders (``.git``, ``.venv``)."""
    found = []
    for path in sorted(directory.rglob("*")):
        hidden = any(part.startswith(".") for part in path.relative_to(directory).parts[:-1])
        if not hidden and path.suffix.lower() in SPEC_SUFFIXES and path.is_file():
            found.append(path)
    return found
