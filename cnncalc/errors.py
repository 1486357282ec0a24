"""The user's mistakes, as exceptions that print as one clean line each.

Anything that is not a ``CnncalcError`` reaching the CLI is a bug in cnncalc.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

Loc = tuple[str | int, ...]


def format_loc(loc: Loc) -> str:
    """``('layers', 2, 'kernel')`` → ``layers[2].kernel``."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a spec, with its place: ``lenet5.yaml:12: layers[3] (C3).kernel: …``."""

    message: str
    file: str | None = None
    line: int | None = None
    loc: Loc = ()
    layer_name: str | None = None
    hint: str | None = None
    where: str | None = None  # overrides the place derived from ``loc`` (block definitions)

    def __str__(self) -> str:
        place = self.file or "<spec>"
        if self.line is not None:
            place += f":{self.line}"
        where = self._where()
        text = f"{place}: {where}: {self.message}" if where else f"{place}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        if not text.isprintable():
            # A key such as ' \x85' (a line break to str.splitlines) must not split the one line.
            text = "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode() for ch in text)
        return text

    def _where(self) -> str:
        if self.where is not None:
            return self.where
        if not self.loc:
            return ""
        if len(self.loc) >= 2 and self.loc[0] == "layers" and isinstance(self.loc[1], int):
            # Layers are numbered from 1 in every output; the loc keeps the list index.
            layer = f"layer {self.loc[1] + 1}"
            if self.layer_name:
                layer += f" ({self.layer_name})"
            rest = format_loc(self.loc[2:])
            return f"{layer}, {rest}" if rest else layer
        return format_loc(self.loc)


class CnncalcError(Exception):
    """A problem with the user's input: exit code 2, one line per problem, no traceback."""

    exit_code = 2

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def single(cls, message: str, **where: object) -> CnncalcError:
        return cls([Problem(message, **where)])  # type: ignore[arg-type]


class SpecError(CnncalcError):
    """The spec file cannot be read or does not describe a network."""


class LayerError(CnncalcError):
    """A layer cannot be computed on its input (a size ≤ 0, groups that do not divide, …).

    Raised by the engine, which knows nothing of files; the CLI adds the file and line.
    """

    def __init__(
        self,
        index: int,
        name: str | None,
        message: str,
        field: str | None = None,
        hint: str | None = None,
    ) -> None:
        loc: Loc = ("layers", index) + ((field,) if field else ())
        super().__init__([Problem(message, loc=loc, layer_name=name, hint=hint)])


def display_path(path: object) -> str:
    """A path as text that any output can carry: bytes that are not UTF-8 (``b'\\xff.yaml'``,
    which Python holds as the lone surrogate U+DCFF) are written ``\\xff``.

    >>> display_path("bad\\udcff.yaml")
    'bad\\\\xff.yaml'
    """
    import os

    text = os.fsdecode(path) if isinstance(path, (str, bytes, os.PathLike)) else str(path)
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate that is no undecodable byte: \ud800
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return raw.decode("utf-8", "backslashreplace")
