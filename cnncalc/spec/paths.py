"""Command-line arguments → spec files: files as given, directories searched, globs expanded.

A shell expands ``specs/*.yaml`` itself; a quoted glob (as CI configurations often pass) is
expanded here, with ``**`` for any depth.
"""

from __future__ import annotations

import glob
from dataclasses import dataclass
from pathlib import Path

SPEC_SUFFIXES = (".yaml", ".yml", ".json")
_GLOB_CHARS = frozenset("*?[")


@dataclass(frozen=True)
class NoSpecFiles:
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
    path = Path(argument)
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.suffix.lower() in SPEC_SUFFIXES and p.is_file())
        if not files:
            return [NoSpecFiles(argument, "no spec files (.yaml, .yml, .json) in this directory")]
        return list(files)
    if not path.exists() and _GLOB_CHARS & set(argument):
        matches = sorted(Path(m) for m in glob.glob(argument, recursive=True))
        files = [m for m in matches if m.is_file()]
        for directory in (m for m in matches if m.is_dir()):
            files += [p for p in sorted(directory.rglob("*")) if p.suffix.lower() in SPEC_SUFFIXES]
        if not files:
            return [NoSpecFiles(argument, "no file matches this pattern")]
        return list(files)
    return [path]
