"""What the commands print and write: the console, ``error:`` lines on stderr, files written
whole or not at all. Only the CLI prints; renderers return text or renderables."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NoReturn

import typer

from cnncalc.cli.streams import EXIT_UNUSABLE, UNENCODABLE
from cnncalc.lang import Lang


def chosen_lang(lang: Lang | None) -> Lang:
    """``--lang``, or the locale's language."""
    from cnncalc.lang import detect_lang

    return lang if lang is not None else detect_lang()


def console() -> Any:
    from rich.console import Console

    from cnncalc.text import guard_console

    # A table piped to a file or a pager still wants room for eight columns, unless COLUMNS
    # says how wide (rich reads it when the width is left to it).
    sized = sys.stdout.isatty() or os.environ.get("COLUMNS", "").strip().isdigit()
    return guard_console(Console(width=None if sized else 140))


def error(*problems: object, lang: Lang | None = None) -> None:
    """A user's mistake: one ``error:`` line each on stderr, never on stdout, in ``lang`` (by
    default the locale's)."""
    from cnncalc.errors import Problem, Said
    from cnncalc.text import visible

    language = chosen_lang(lang)
    for problem in problems:
        text = problem.text(language) if isinstance(problem, (Problem, Said)) else str(problem)
        print(f"error: {visible(text)}", file=sys.stderr)


def usage_error(message: str, lang: Lang | None = None) -> NoReturn:
    error(message, lang=lang)
    raise typer.Exit(EXIT_UNUSABLE)


def write(text: str, output: Path | None, inputs: tuple[Path, ...] = ()) -> None:
    """``text`` to ``-o output``, or to standard output without one."""
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    refuse_overwriting(output, inputs)
    write_file(output, text)
    print(f"wrote {shown(output)}", file=sys.stderr)


def shown(path: Path) -> str:
    from cnncalc.errors import display_path
    from cnncalc.text import visible

    return visible(display_path(path))


def refuse_overwriting(output: Path, inputs: list[Path] | tuple[Path, ...]) -> None:
    """Exit 2 when ``output`` is one of the input files: ``-o a.yaml`` would destroy the spec.
    ``samefile`` compares device and inode, so a hard link, a symlink or ``./a.yaml`` count too."""
    from cnncalc.errors import said

    if not output.exists():
        return
    for path in inputs:
        try:
            same = os.path.samefile(output, path)
        except OSError:  # an input that does not exist is reported by the loader
            continue
        if same:
            usage_error(said("cli.is_input", path=shown(output), input=shown(path)))


def write_file(path: Path, text: str | Iterable[str], what: str | None = None) -> None:
    """The one way cnncalc writes a file (``-o``, ``--junit``): whole or not at all; ``text`` is
    a str or its pieces in order (a report larger than memory should hold at once).

    The text goes to a temporary file beside the target, which then replaces it, so a full
    disk or an interrupted run never leaves half a report. A target that is not a regular
    file (``/dev/stdout``, a FIFO) is written directly. Text that UTF-8 cannot hold (a file
    name's undecodable bytes) is escaped as on standard output. Any failure is one line, exit 2.
    """
    from cnncalc.errors import said

    pieces = [text] if isinstance(text, str) else text
    data = (piece.encode("utf-8", UNENCODABLE) for piece in pieces)
    try:
        _replace(path, data)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        error(said("cli.cannot_write", path=shown(path), what=what or said("cli.the_output"), reason=reason))
        raise typer.Exit(EXIT_UNUSABLE) from None


def _replace(path: Path, data: Iterable[bytes]) -> None:
    import tempfile

    # Through a symlink to a file, replace the file, not the link.
    target = path.resolve() if path.is_symlink() and path.resolve().is_file() else path
    if target.exists() and not target.is_file():
        with open(target, "wb") as stream:
            stream.writelines(data)
        return
    mode = target.stat().st_mode & 0o777 if target.exists() else _default_mode()
    try:
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except PermissionError:
        if not target.exists():
            raise
        # A writable file in a directory that takes no new files: written in place.
        with open(target, "wb") as stream:
            stream.writelines(data)
        return
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.writelines(data)
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        os.unlink(temporary)
        raise


def _default_mode() -> int:
    """What ``open(path, 'w')`` would give a new file: 0666 less the umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
