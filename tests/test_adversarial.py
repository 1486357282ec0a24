"""Bad input, tried on purpose: every case ends in exit code 2, one line per problem on stderr
naming the file, nothing on stdout, no traceback, and in bounded time and memory.

Most cases run in-process through typer's runner (fast); the ones that could crash or exhaust
the interpreter (deep nesting, an alias bomb, a 50 MB file) run in a subprocess with a memory
limit and a timeout.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cnncalc import cli, pipeline
from cnncalc.cli.streams import EXIT_INTERNAL
from cnncalc.spec import loader
from tests.conftest import ROOT

MEMORY_LIMIT = 1024 * 1024 * 1024  # 1 GB of address space for the subprocess cases
TIME_LIMIT = 30  # seconds; each case takes well under a second or two


def run_inline(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli.app, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"uncaught {result.exception!r}") from result.exception
    return result.exit_code, result.stdout, result.stderr


def run_process(*args: str) -> tuple[int, str, str]:
    def limit() -> None:  # pragma: no cover - runs in the child
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))

    done = subprocess.run(
        [sys.executable, "-m", "cnncalc", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=TIME_LIMIT,
        preexec_fn=limit,
    )
    return done.returncode, done.stdout, done.stderr


def assert_refused(outcome: tuple[int, str, str], path: Path | str, *expected: str, lines: int = 1) -> None:
    """Exit 2, nothing on stdout, ``lines`` clean lines on stderr naming the file and the problem."""
    code, stdout, stderr = outcome
    assert "Traceback" not in stderr, stderr
    assert code == 2, (code, stderr)
    assert stdout == ""
    problems = stderr.strip().splitlines()
    assert len(problems) == lines, problems
    for problem in problems:
        assert problem.startswith(f"error: {path}"), problem
    for text in expected:
        assert text in stderr, stderr


def write(tmp_path: Path, content: str | bytes, name: str = "spec.yaml") -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


VALID = "input: [1, 8, 8]\nlayers:\n  - {type: conv2d, filters: 2, kernel: 3}\n"

# (file name, content, what the message must say, how many problems)
CASES: dict[str, tuple[str, str | bytes, tuple[str, ...], int]] = {
    "malformed YAML": ("spec.yaml", "input: [1, 8, 8\nlayers: []\n", ("malformed YAML",), 1),
    "malformed JSON": ("spec.json", '{"input": [1, 8, 8],, "layers": []}', ("malformed JSON", ":1"), 1),
    "JSON NaN": ("spec.json", '{"input": [1, NaN, 8], "layers": []}', ("NaN",), 1),
    "JSON duplicate key": ("spec.json", '{"input": [1, 8], "input": [1, 8]}', ("given twice",), 1),
    "tabs": ("spec.yaml", "input: [1, 8, 8]\nlayers:\n\t- {type: relu}\n", ("tab", ":3"), 1),
    "binary junk": (
        "spec.yaml",
        bytes(range(256)) * 64,
        ("not a YAML or JSON spec; this looks like binary data",),
        1,
    ),
    "NUL bytes": ("spec.yaml", b"input: [1, 8, 8]\x00\x00\x00", ("binary data",), 1),
    "UTF-16": ("spec.yaml", VALID.encode("utf-16"), ("not UTF-8", "save the spec as UTF-8"), 1),
    "non-UTF-8": ("spec.yaml", b"name: caf\xe9\n" + VALID.encode(), ("not UTF-8", "0xe9"), 1),
    "empty file": ("spec.yaml", "", ("empty",), 1),
    "only whitespace": ("spec.yaml", "  \n\n  \n", ("empty",), 1),
    "only comments": ("spec.yaml", "# nothing here\n", ("no document",), 1),
    "python object tag": (
        "spec.yaml",
        "input: !!python/object/apply:os.system ['echo pwned']\nlayers: []\n",
        ("unsupported YAML tag", "python/object/apply", ":1"),
        1,
    ),
    "python name tag": ("spec.yaml", "input: !!python/name:os.system\n", ("unsupported YAML tag",), 1),
    "custom tag": ("spec.yaml", "input: !shape [1, 8, 8]\nlayers: []\n", ("unsupported YAML tag",), 1),
    "set tag": ("spec.yaml", "input: !!set {1, 2}\n", ("unsupported YAML tag",), 1),
    "merge key": ("spec.yaml", "base: &b {input: [1, 8]}\n<<: *b\n", ("merge keys",), 1),
    "two documents": ("spec.yaml", VALID + "---\n" + VALID, ("another",), 1),
    "undefined alias": ("spec.yaml", "input: *nowhere\n", ("undefined alias",), 1),
    "huge integer": (
        "spec.yaml",
        f"input: [1, {10**100}, 8]\nlayers:\n  - {{type: relu}}\n",
        ("input[1]", "2,147,483,647"),
        1,
    ),
    "huge integer in JSON": (
        "spec.json",
        f'{{"input": [1, 8, 8], "layers": [{{"type": "dense", "units": {10**100}}}]}}',
        ("units", "2,147,483,647"),
        1,
    ),
    "float kernel": (
        "spec.yaml",
        "input: [1, 8, 8]\nlayers:\n  - {type: conv2d, filters: 2, kernel: 2.5}\n",
        (":3", "kernel", "2.5"),
        1,
    ),
    "boolean filters": (
        "spec.yaml",
        "input: [1, 8, 8]\nlayers:\n  - {type: conv2d, filters: true, kernel: 3}\n",
        ("filters", "whole number", "true"),
        1,
    ),
    "string units": (
        "spec.yaml",
        "input: [1, 4, 4]\nlayers:\n  - {type: flatten}\n  - {type: dense, units: '10'}\n",
        ("units", "whole number"),
        1,
    ),
    "float that is whole": (
        "spec.yaml",
        "input: [1, 8, 8]\nlayers:\n  - {type: conv2d, filters: 2.0, kernel: 3}\n",
        ("filters",),
        1,
    ),
    "negative size": ("spec.yaml", "input: [1, -8, 8]\nlayers:\n  - {type: relu}\n", ("input[1]", "≥ 1"), 1),
    "zero size": ("spec.yaml", "input: [0, 8, 8]\nlayers:\n  - {type: relu}\n", ("input[0]",), 1),
    "zero kernel": (
        "spec.yaml",
        "input: [1, 8, 8]\nlayers:\n  - {type: conv2d, filters: 2, kernel: 0}\n",
        ("kernel", "positive"),
        1,
    ),
    "negative stride": (
        "spec.yaml",
        "input: [1, 8, 8]\nlayers:\n  - {type: maxpool, kernel: 2, stride: -1}\n",
        ("stride",),
        1,
    ),
    "kernel larger than input": (
        "spec.yaml",
        "input: [1, 4, 4]\nlayers:\n  - {type: conv2d, filters: 2, kernel: 5}\n",
        (":3", "≤ 0"),
        1,
    ),
    "control characters in a name": (
        "spec.yaml",
        'input: [1, 8, 8]\nlayers:\n  - {type: relu, name: "a\\x1b[31mred\\x07"}\n',
        ("name", "control characters"),
        1,
    ),
    "control characters in a type": (
        "spec.yaml",
        'input: [1, 8, 8]\nlayers:\n  - {type: "conv\\x1b[2J"}\n',
        ("unknown layer type", "\\x1b"),
        1,
    ),
    "duplicate layer names": (
        "spec.yaml",
        "input: [1, 8, 8]\nlayers:\n  - {type: relu, name: a}\n  - {type: relu, name: a}\n",
        (":4", "already used by layer 1"),
        1,
    ),
    "duplicate keys": ("spec.yaml", "input: [1, 8, 8]\ninput: [1, 8, 8]\n", ("given twice", ":2"), 1),
    "a list": ("spec.yaml", "- {type: relu}\n", ("not a list",), 1),
    "a scalar": ("spec.yaml", "hello\n", ("single piece of text",), 1),
    "a number": ("spec.json", "42", ("single value",), 1),
    "null": ("spec.yaml", "~\n", ("no document",), 1),
    "layers not a list": ("spec.yaml", "input: [1, 8, 8]\nlayers: 3\n", ("layers", "list"), 1),
    "no layers": ("spec.yaml", "input: [1, 8, 8]\nlayers: []\n", ("at least one layer",), 1),
    "layer not a mapping": ("spec.yaml", "input: [1, 8, 8]\nlayers: [relu]\n", ("layer 1",), 1),
    "mapping as a key": ("spec.yaml", "? {a: 1}\n: 2\n", ("keys must be plain words",), 1),
    "output overflow": (
        "spec.yaml",
        "input: [3, 8, 8]\nlayers:\n"
        "  - {type: zero_padding, padding: 2147483647}\n  - {type: flatten}\n  - {type: dense, units: 9}\n",
        ("layer 1", "exceeds 2,147,483,647"),
        1,
    ),
    "parameter overflow": (
        "spec.yaml",
        "input: [1024, 1, 1]\nlayers:\n"
        "  - {type: conv2d, filters: 2147483647, kernel: 1048576, padding: 524288}\n",
        ("parameter count",),
        1,
    ),
    "name too long": (
        "spec.yaml",
        f"input: [1, 8, 8]\nlayers:\n  - {{type: relu, name: {'x' * 10_000}}}\n",
        ("longer than 200",),
        1,
    ),
    "several problems at once": (
        "spec.yaml",
        "input: [1, 8, 8]\nlayers:\n  - {type: conv2d, filters: 0, kernel: 3}\n  - {type: pool}\n",
        ("filters", "unknown layer type"),
        2,
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_refused(case: str, tmp_path: Path) -> None:
    name, content, expected, lines = CASES[case]
    path = write(tmp_path, content, name)
    assert_refused(run_inline(str(path)), path, *expected, lines=lines)


@pytest.mark.parametrize("output", ["json", "csv", "markdown", "table"])
def test_no_partial_result_on_stdout_whatever_the_format(output: str, tmp_path: Path) -> None:
    path = write(
        tmp_path, "input: [1, 4, 4]\nlayers:\n  - {type: relu}\n  - {type: conv2d, filters: 2, kernel: 9}\n"
    )
    assert_refused(run_inline(str(path), "--format", output), path, "layer 2")


def test_a_bad_file_among_good_ones_is_reported_and_the_exit_code_is_2(tmp_path: Path) -> None:
    good = write(tmp_path, VALID, "good.yaml")
    bad = write(tmp_path, "input: [1, 8, 8]\nlayers: [{type: conv2dd}]\n", "bad.yaml")
    code, stdout, stderr = run_inline(str(good), str(bad), "--format", "json")
    assert code == 2
    assert stderr.strip().splitlines() == [
        f"error: {bad}:2: layer 1: unknown layer type 'conv2dd' (did you mean 'conv'?)"
    ]
    assert '"name": "good"' in stdout


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.yaml"
    assert_refused(run_inline(str(path)), path, "no such file")


def test_directory_given_as_a_file(tmp_path: Path) -> None:
    # A directory is searched for specs (as `check` does); one without any names nothing to read.
    assert_refused(
        run_inline(str(tmp_path)), tmp_path, "no spec files (.yaml, .yml, .json) in this directory"
    )


def test_symlink_loop(tmp_path: Path) -> None:
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(loop)
    assert_refused(run_inline(str(loop)), loop, "cannot read")


def test_file_without_read_permission(tmp_path: Path) -> None:
    path = write(tmp_path, VALID)
    path.chmod(0)
    if os.access(path, os.R_OK):
        pytest.skip("running as root: every file is readable (the in-process test below covers it)")
    assert_refused(run_inline(str(path)), path, "permission denied")


def test_file_without_read_permission_even_as_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, VALID)
    real_open = Path.open

    def refuse(self: Path, *args: object, **kwargs: object) -> object:
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", refuse)
    assert_refused(run_inline(str(path)), path, "permission denied")


def test_a_device_is_refused_without_being_read() -> None:
    # /dev/zero never ends; reading it up to the size limit cost 16 MB and a second.
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero here")
    assert_refused(run_inline("/dev/zero"), "/dev/zero", "is a character device, not a spec file")


def test_a_fifo_is_refused_at_once(tmp_path: Path) -> None:
    # Opening a FIFO with no writer blocks for ever: every command hung on one.
    path = tmp_path / "spec.yaml"
    os.mkfifo(path)
    assert_refused(run_inline(str(path)), path, "is a named pipe (FIFO), not a spec file")
    code, _, stderr = run_inline("check", str(path))
    assert (code, stderr) == (2, f"error: {path}: is a named pipe (FIFO), not a spec file\n")


# --- the ones that could take the interpreter down: in a subprocess, with limits ---------------


def test_a_50_mb_file_is_refused_without_being_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("input: [1, 8, 8]\nlayers:\n")
        line = "  - {type: relu}\n"
        handle.write(line * (50 * 2**20 // len(line)))
    assert path.stat().st_size >= 50 * 2**20
    assert_refused(run_process(str(path)), path, "larger than 16 MB")


BILLION_LAUGHS = """\
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
input: [1, 8, 8]
layers: *i
"""


def test_alias_bomb(tmp_path: Path) -> None:
    path = write(tmp_path, BILLION_LAUGHS)
    assert_refused(run_process(str(path)), path, "alias bomb")


def test_alias_bomb_is_refused_in_process_too() -> None:
    with pytest.raises(Exception, match="alias bomb"):
        loader.parse_text(BILLION_LAUGHS)


@pytest.mark.parametrize("depth", [100, 100_000])
def test_deeply_nested_yaml(depth: int, tmp_path: Path) -> None:
    # PyYAML's C composer recurses per level and crashed (SIGSEGV) past a few thousand.
    path = write(tmp_path, "input: " + "[" * depth + "]" * depth + "\nlayers: []\n")
    assert_refused(run_process(str(path)), path, f"nested deeper than {loader.MAX_DEPTH} levels")


def test_deeply_nested_block_yaml(tmp_path: Path) -> None:
    path = write(tmp_path, "input:\n  " + "- " * 100_000 + "x\n")
    assert_refused(run_process(str(path)), path, "nested deeper")


@pytest.mark.parametrize("depth", [100, 100_000])
def test_deeply_nested_json(depth: int, tmp_path: Path) -> None:
    path = write(tmp_path, '{"input": ' + "[" * depth + "]" * depth + ', "layers": []}', "spec.json")
    assert_refused(run_process(str(path)), path, f"nested deeper than {loader.MAX_DEPTH} levels")


def test_deeply_nested_mappings(tmp_path: Path) -> None:
    depth = 100_000
    path = write(tmp_path, "input: " + "{a: " * depth + "1" + "}" * depth + "\n")
    assert_refused(run_process(str(path)), path, "nested deeper")


# --- a bug is still a bug, but the user never sees a traceback ---------------------------------


def test_an_unexpected_exception_is_one_line_with_exit_70(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*args: object) -> object:
        raise RuntimeError("boom\nwith a second line")

    monkeypatch.setattr(pipeline, "compute_file", broken)
    monkeypatch.setattr(sys, "argv", ["cnncalc", "specs/lenet5.yaml"])
    with pytest.raises(SystemExit) as exit_info:
        cli.main()
    assert exit_info.value.code == EXIT_INTERNAL == 70
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == "cnncalc: internal error, please report: RuntimeError: boom with a second line\n"


# --- where the output goes -----------------------------------------------------------------------


@pytest.mark.parametrize("output", ["table", "json", "markdown", "csv"])
def test_an_ascii_only_stdout_gets_escapes_not_a_crash(output: str, tmp_path: Path) -> None:
    path = write(tmp_path, "input: [1, 8, 8]\nlayers:\n  - {type: relu, name: 'café 😀'}\n")
    done = subprocess.run(
        [sys.executable, "-m", "cnncalc", str(path), "--format", output],
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": "ascii"},
        timeout=TIME_LIMIT,
    )
    assert (done.returncode, done.stderr) == (0, b"")
    done.stdout.decode("ascii")
    # é is U+00E9: escaped, not dropped or replaced by '?', whatever the format.
    assert rb"caf\u00e9" in done.stdout
    if output == "json":
        import json

        assert json.loads(done.stdout)["layers"][0]["name"] == "café 😀"


def test_a_reader_that_goes_away_is_not_an_error_of_ours(tmp_path: Path) -> None:
    path = write(tmp_path, "input: [1, 8, 8]\nlayers:\n" + "  - {type: relu}\n" * 20_000)
    done = subprocess.run(
        f"'{sys.executable}' -m cnncalc '{path}' --format json | head -c 10",
        shell=True,
        capture_output=True,
        text=True,
        timeout=TIME_LIMIT,
        cwd=ROOT,
    )
    assert "Traceback" not in done.stderr
    assert "Error" not in done.stderr
    assert done.stdout == '{\n  "name"'


# --- integers past Python's conversion limit (issue 9): refused before they are converted --------


@pytest.mark.parametrize(
    ("name", "value", "digits"),
    [
        ("spec.yaml", "9" * 5000, 5000),
        ("spec.yaml", "0x" + "f" * 4000, 4000),
        ("spec.yaml", "1" + ":59" * 3000, 6001),  # sexagesimal: 1:59:59:… is 6,001 digits
        ("spec.json", "9" * 5000, 5000),
    ],
    ids=["decimal", "hexadecimal", "sexagesimal", "json"],
)
def test_an_integer_past_the_conversion_limit_is_refused(
    tmp_path: Path, name: str, value: str, digits: int
) -> None:
    # Python refuses to convert more than 4,300 digits: ValueError, exit 70.
    if name.endswith(".json"):
        text = (
            '{"input": [1, 8, 8],\n "layers": [{"type": "conv2d", "filters": ' + value + ', "kernel": 3}]}\n'
        )
    else:
        text = "input: [1, 8, 8]\nlayers:\n  - {type: conv2d, filters: " + value + ", kernel: 3}\n"
    path = write(tmp_path, text, name)
    assert_refused(
        run_inline(str(path)),
        path,
        f"an integer of {digits:,} digits",
        ":2" if name.endswith("json") else ":3",
    )


# --- a quoted glob through symlink loops (issue 9) ------------------------------------------------


def test_a_quoted_glob_through_two_symlink_loops_terminates(tmp_path: Path) -> None:
    # glob.glob followed both loops: d/loop1/loop2/loop1/… branched without end.
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "loop1").symlink_to("..")
    (folder / "loop2").symlink_to("..")
    (folder / "net.yaml").write_text(VALID)
    code, stdout, stderr = run_inline("check", f"{folder}/**/*.yaml")
    assert code == 1, stderr  # VALID has no expect answers: "nothing to check" is exit 1
    assert "net.yaml" in stdout
    assert stdout.splitlines()[-1] == "1 spec: 0 passed, 0 failed, 1 with nothing to check"
    assert "loop" not in stdout + stderr  # found once, not again through the loops


def test_an_apply_cell_past_the_conversion_limit_is_refused(tmp_path: Path) -> None:
    # The cell reached int(): ValueError, exit 70. The loader refuses it for every command.
    text = "op: maxpool\ninput:\n  - [" + "9" * 5000 + ", 1]\n  - [1, 1]\nkernel: 2\n"
    path = write(tmp_path, text)
    assert_refused(run_inline("apply", str(path)), path, ":3: input[0][0]: an integer of 5,000 digits")
