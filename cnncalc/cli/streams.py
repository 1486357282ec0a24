"""Standard output and the process's end, in one place: the encoding shim, a closed or failing
stdout, and the exit codes (0 fine, 1 computed but failed, 2 input unusable, 70 a bug)."""

from __future__ import annotations

import codecs
import contextlib
import errno
import gc
import io
import os
import sys
from typing import NoReturn

EXIT_OK, EXIT_FAILED, EXIT_UNUSABLE = 0, 1, 2
EXIT_INTERNAL = 70  # EX_SOFTWARE: a bug in cnncalc

# Text that an output's encoding cannot hold: a lone surrogate (a file name's undecodable byte,
# b'\xff' → U+DCFF) on a UTF-8 stdout or file. Written as a JSON escape, valid in every format.
UNENCODABLE = "cnncalc-escape"


def _escape_unencodable(error: UnicodeError) -> tuple[str, int]:
    from cnncalc.text import json_escape

    assert isinstance(error, UnicodeEncodeError)
    return "".join(map(json_escape, error.object[error.start : error.end])), error.end


codecs.register_error(UNENCODABLE, _escape_unencodable)


def _escape_what_stdout_cannot_encode() -> None:
    """On an ASCII (or Latin-1…) stdout, write ``×`` as ``\\u00d7`` instead of failing; on any
    stdout, a file name's undecodable byte (U+DCFF) as ``\\udcff``.

    JSON escapes are chosen because non-ASCII text occurs in JSON output only inside strings,
    where ``\\uXXXX`` means the same character: the JSON stays valid and equal.
    """
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(errors=UNENCODABLE)


class _ClosedStream(io.TextIOBase):
    """Standard output when the process was started with it closed (``cnncalc … >&-``): writing
    fails as a full disk does, with one line from :func:`main`, not an AttributeError on None."""

    encoding = "utf-8"

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "standard output is closed")

    def isatty(self) -> bool:
        return False


def _prepare_streams() -> None:
    if sys.stdout is None:
        sys.stdout = _ClosedStream()
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - for the whole run
    _escape_what_stdout_cannot_encode()


# Writing standard output failed in one of these ways: not a bug of ours.
_OUTPUT_FAILURES = (errno.ENOSPC, errno.EBADF, errno.EIO, errno.EDQUOT, errno.EFBIG)


def _stdout_failed(exc: OSError) -> NoReturn:
    """The one way a failing standard output ends the run: the reader went away (``| head``,
    exit 1, nothing left to say), or a full disk or a closed descriptor (one line, exit 2)."""
    _silence_stdout()
    if isinstance(exc, BrokenPipeError):
        sys.exit(EXIT_FAILED)
    _tell(f"error: cannot write to standard output: {exc.strerror or exc}")
    sys.exit(EXIT_UNUSABLE)


def _finish(code: str | int | None) -> NoReturn:
    """Flush standard output here, where a full disk or a closed descriptor is one line and
    exit 2, instead of at interpreter exit (exit 70, or 120 with a traceback)."""
    try:
        sys.stdout.flush()
    except OSError as exc:
        _stdout_failed(exc)
    sys.exit(code)


def _tell(line: str) -> None:
    """A last line on stderr, which may itself be full or closed: then there is no one to tell."""
    try:
        print(line, file=sys.stderr, flush=True)
    except OSError:
        return


def _silence_stdout() -> None:
    # What is still buffered would fail again at exit: send it nowhere.
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError):
        sys.stdout = _ClosedStream()
        return


def main() -> None:
    """Entry point; any exception that escapes here is a bug, reported as such."""
    from cnncalc.cli.root import app

    # A short-lived process that builds a million small objects for a large spec: the cyclic
    # collector would walk them again and again (a third of the run time); reference counting
    # frees everything a run makes.
    gc.disable()
    # pydantic looks for plugins in every installed package's metadata the first time it builds
    # a model (≈10 ms); the models of a calculator have no use for them. A user's own setting wins.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    _prepare_streams()
    try:
        app()
    except SystemExit as done:
        _finish(done.code)
    except KeyboardInterrupt:
        sys.exit(130)
    except OSError as exc:
        if not isinstance(exc, BrokenPipeError) and exc.errno not in _OUTPUT_FAILURES:
            _internal_error(exc)
        _stdout_failed(exc)
    except Exception as exc:  # the one place where a bug becomes a clean message
        _internal_error(exc)
    _finish(0)


def run() -> NoReturn:
    """The ``cnncalc`` command's entry (the console script and ``python -m cnncalc``): :func:`main`,
    then the process ends at once, with main's exit code.

    Python's own ending would tear down every module and object the run made, pydantic's, rich's
    and typer's included: ≈ 30 ms of a ≈ 170 ms run, for memory the system frees anyway. By then
    main has written and flushed standard output (a failure there is already its one line and
    exit code), nothing of cnncalc's waits on an atexit hook, and its files are closed; what is
    left is to flush standard error. :func:`main` itself ends by ``SystemExit`` as any Python
    function may, for callers in a process that goes on.
    """
    try:
        main()
        code: str | int | None = EXIT_OK
    except SystemExit as done:
        code = done.code
    if code is None:
        code = EXIT_OK
    elif not isinstance(code, int):  # as sys.exit does with a message
        _tell(str(code))
        code = EXIT_FAILED
    for stream in (sys.stdout, sys.stderr):  # stdout is flushed already, but after an interrupt
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(code)


def _internal_error(exc: BaseException) -> NoReturn:
    detail = " ".join(f"{type(exc).__name__}: {exc}".split())[:300]
    print(f"cnncalc: internal error, please report: {detail}", file=sys.stderr)
    sys.exit(EXIT_INTERNAL)
