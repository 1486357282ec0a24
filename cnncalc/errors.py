"""The user's mistakes, as exceptions that print as one clean line each.

Anything that is not a ``CnncalcError`` reaching the CLI is a bug in cnncalc.
"""

# No `from __future__ import annotations`: see cnncalc.engine.results (its NamedTuples).

from collections.abc import Mapping, Sequence
from typing import NamedTuple

from cnncalc.lang import Lang
from cnncalc.text import visible

Loc = tuple[str | int, ...]


class Said(str):
    """An English sentence that remembers its ``render/i18n`` id and operands, so that it can be
    said again in another language (as gettext's lazy strings): ``said("error.missing")``.

    It is a ``str``, so every place that builds, compares or prints a problem's message or hint
    keeps working; only :meth:`Problem.text` asks for another language. An operand may itself be
    a ``Said`` (``got a mapping``), said in the same language.
    """

    code: str
    args: Mapping[str, object]

    def __new__(cls, code: str, **args: object) -> "Said":
        from cnncalc.render.i18n import english  # data only: errors depends on no renderer

        self = super().__new__(cls, english(code, **args))
        self.code = code
        self.args = args
        return self

    def __reduce_ex__(self, protocol: object) -> tuple[object, ...]:
        # copy and pickle rebuild it from its id and operands (str's way would pass the English text).
        return (_said_again, (self.code, dict(self.args)))

    def text(self, lang: Lang) -> str:
        from cnncalc.render.i18n import t

        fields = {k: v.text(lang) if isinstance(v, Said) else v for k, v in self.args.items()}
        return t(self.code, lang, **fields)


def said(code: str, **args: object) -> Said:
    """The sentence ``code`` of ``render/i18n`` in English, remembering ``code`` and ``args``."""
    return Said(code, **args)


def a_layer(kind: str) -> Said:
    """``a conv layer``, ``an add layer``.

    >>> str(a_layer("conv")), str(a_layer("upsample"))
    ('a conv layer', 'an upsample layer')
    """
    return said("part.an_layer" if kind[:1] in "aeiou" else "owner.layer", kind=kind)


def _said_again(code: str, args: dict[str, object]) -> Said:
    return Said(code, **args)


def in_lang(text: str | None, lang: Lang) -> str | None:
    """``text`` in ``lang`` when it was :func:`said`; other text as it is (English)."""
    return text.text(lang) if isinstance(text, Said) else text


def format_loc(loc: Loc) -> str:
    """``('layers', 2, 'kernel')`` → ``layers[2].kernel``."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


class Problem(NamedTuple):
    """One thing wrong with a spec, with its place: ``lenet5.yaml:12: layers[3] (C3).kernel: …``."""

    message: str
    file: str | None = None
    line: int | None = None
    loc: Loc = ()
    layer_name: str | None = None
    hint: str | None = None
    where: str | None = None  # overrides the place derived from ``loc`` (block definitions)

    @property
    def code(self) -> str | None:
        """The i18n id of the message (``error.missing``), when it has one."""
        return self.message.code if isinstance(self.message, Said) else None

    @property
    def args(self) -> Mapping[str, object]:
        """The message's operands (the field, the value, the bound…)."""
        return self.message.args if isinstance(self.message, Said) else {}

    def text(self, lang: Lang) -> str:
        """The one line in ``lang``: the message, the hint and the place (``3번 층 (C3)``) said in
        it when they were :func:`said`; English text stays English."""
        if lang is Lang.en:
            return str(self)
        message = in_lang(self.message, lang) or ""
        where = self.where if self.where is not None else self._where(lang)
        return str(self._replace(message=message, hint=in_lang(self.hint, lang), where=where))

    def __str__(self) -> str:
        place = self.file or "<spec>"
        if self.line is not None:
            place += f":{self.line}"
        where = self._where()
        text = f"{place}: {where}: {self.message}" if where else f"{place}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        # A key such as ' \x85' (a line break to str.splitlines) must not split the one line, and
        # an ESC or a bidi override in a name must not act on the terminal.
        return visible(text)

    def _where(self, lang: Lang | None = None) -> str:
        if self.where is not None:
            return self.where
        if not self.loc:
            return ""
        if len(self.loc) >= 2 and self.loc[0] == "layers" and isinstance(self.loc[1], int):
            # Layers are numbered from 1 in every output; the loc keeps the list index.
            layer = f"layer {self.loc[1] + 1}"
            if lang is not None:
                from cnncalc.render.i18n import t

                layer = t("error.layer", lang, index=self.loc[1] + 1)
            if self.layer_name:
                layer += f" ({self.layer_name})"
            rest = format_loc(self.loc[2:])
            return f"{layer}, {rest}" if rest else layer
        return format_loc(self.loc)


class CnncalcError(Exception):
    """A problem with the user's input: exit code 2, one line per problem, no traceback."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def single(cls, message: str, **where: object) -> "CnncalcError":
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
