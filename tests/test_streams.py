"""Files and streams: what cnncalc writes, and where it cannot. Never exit 70 (a bug) for a full
disk, a closed stdout, a file name that is not UTF-8 or an output named like an input.

The stream cases need a real process: main()'s exit codes and descriptors are what is tested.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import xml.dom.minidom
from pathlib import Path

import pytest

from tests.conftest import ROOT, SPECS
from tests.conftest import run_cli as cli

LENET = SPECS / "lenet5.yaml"
# b'bad\xff.yaml': not UTF-8; Python holds the byte as the lone surrogate U+DCFF.
BAD_NAME = os.fsdecode(b"bad\xff.yaml")
needs_linux = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="Linux file names and /dev/full"
)


def run(*args: str, cwd: Path = ROOT, **popen: object) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}  # a strict UTF-8 stdout, as in a UTF-8 locale
    return subprocess.run(
        [sys.executable, "-m", "cnncalc", *args], cwd=cwd, env=env, timeout=60, check=False, **popen
    )  # type: ignore[call-overload, no-any-return]


def one_error_line(stderr: bytes, *expected: str) -> None:
    text = stderr.decode("utf-8", "replace")
    assert "Traceback" not in text and "internal error" not in text, text
    lines = text.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), lines
    for part in expected:
        assert part in lines[0], lines[0]


@needs_linux
@pytest.mark.parametrize("args", [(), ("--format", "json")])
def test_a_full_disk_on_stdout_is_one_line_exit_2(args: tuple[str, ...]) -> None:
    # Was: "internal error, please report: OSError: [Errno 28] No space left on device", exit 70.
    with open("/dev/full", "wb") as full:
        done = run(str(LENET), *args, stdout=full, stderr=subprocess.PIPE)
    assert done.returncode == 2
    one_error_line(done.stderr, "cannot write to standard output: No space left on device")


def test_a_closed_stdout_is_one_line_exit_2() -> None:
    # `cnncalc spec.yaml >&-`: sys.stdout is None; was AttributeError 'isatty', exit 70.
    def close_stdout() -> None:  # pragma: no cover - runs in the child
        os.close(1)

    done = run(str(LENET), stderr=subprocess.PIPE, preexec_fn=close_stdout)
    assert done.returncode == 2
    one_error_line(done.stderr, "cannot write to standard output: standard output is closed")


def test_a_closed_stdout_does_not_stop_a_command_that_writes_a_file(tmp_path: Path) -> None:
    def close_stdout() -> None:  # pragma: no cover - runs in the child
        os.close(1)

    out = tmp_path / "lenet5.svg"
    done = run("draw", str(LENET), "-o", str(out), stderr=subprocess.PIPE, preexec_fn=close_stdout)
    assert done.returncode == 0, done.stderr
    assert out.read_text(encoding="utf-8").startswith("<?xml") or "<svg" in out.read_text(encoding="utf-8")


@needs_linux
def test_a_file_name_that_is_not_utf8_reaches_every_output_escaped(tmp_path: Path) -> None:
    # Each of these ended in UnicodeEncodeError (exit 70) on a UTF-8 stdout or file.
    shutil.copy(LENET, tmp_path / BAD_NAME)
    junit = run("check", BAD_NAME, "--junit", "report.xml", cwd=tmp_path, capture_output=True)
    assert junit.returncode == 0, junit.stderr
    report = xml.dom.minidom.parse(str(tmp_path / "report.xml"))  # well-formed
    assert report.documentElement.getElementsByTagName("testsuite")[0].getAttribute("name") == "bad\\xff.yaml"

    checked = run("check", BAD_NAME, "--format", "json", cwd=tmp_path, capture_output=True)
    assert checked.returncode == 0, checked.stderr
    assert json.loads(checked.stdout)["specs"][0]["file"] == "bad\\xff.yaml"

    table = run(BAD_NAME, "--format", "json", cwd=tmp_path, capture_output=True)
    assert table.returncode == 0, table.stderr
    json.loads(table.stdout)

    exported = run("export", BAD_NAME, "--to", "pytorch", "-o", "model.py", cwd=tmp_path, capture_output=True)
    assert exported.returncode == 0, exported.stderr
    compile((tmp_path / "model.py").read_text(encoding="utf-8"), "model.py", "exec")

    drawn = run("draw", BAD_NAME, "-o", "model.svg", cwd=tmp_path, capture_output=True)
    assert drawn.returncode == 0, drawn.stderr
    xml.dom.minidom.parse(str(tmp_path / "model.svg"))


def test_display_path_escapes_undecodable_bytes() -> None:
    from cnncalc.errors import display_path

    assert display_path(BAD_NAME) == "bad\\xff.yaml"
    assert display_path(b"bad\xff.yaml") == "bad\\xff.yaml"
    assert display_path("레이어.yaml") == "레이어.yaml"


@pytest.mark.parametrize("how", ["same", "relative", "hard link", "symlink"])
@pytest.mark.parametrize("command", ["junit", "export", "draw"])
def test_an_output_over_an_input_is_refused_and_the_spec_kept(tmp_path: Path, how: str, command: str) -> None:
    # `check a.yaml --junit a.yaml` and `export a.yaml -o a.yaml` overwrote the spec silently.
    spec = tmp_path / "a.yaml"
    shutil.copy(LENET, spec)
    original = spec.read_bytes()
    suffix = ".svg" if command == "draw" else ".yaml"
    target = {"same": spec, "relative": tmp_path / "." / "a.yaml"}.get(how, tmp_path / f"other{suffix}")
    if how == "hard link":
        os.link(spec, target)
    elif how == "symlink":
        os.symlink(spec, target)
    if command == "draw" and how in ("same", "relative"):
        target = tmp_path / "a.svg"
        os.link(spec, target)  # draw takes only .svg/.html names: the same file under one
    args = {
        "junit": ("check", str(spec), "--junit", str(target)),
        "export": ("export", str(spec), "--to", "pytorch", "-o", str(target)),
        "draw": ("draw", str(spec), "-o", str(target)),
    }[command]
    result = cli(*args)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and "is an input" in result.stderr
    assert spec.read_bytes() == original


def test_an_unwritable_output_is_one_line_and_leaves_nothing_behind(tmp_path: Path) -> None:
    missing = tmp_path / "no" / "such" / "dir" / "x.py"
    result = cli("export", str(LENET), "--to", "pytorch", "-o", str(missing))
    assert result.returncode == 2
    assert result.stderr == f"error: {missing}: cannot write the output: No such file or directory\n"
    result = cli("export", str(LENET), "--to", "pytorch", "-o", str(tmp_path))  # a directory
    assert result.returncode == 2
    assert result.stderr == f"error: {tmp_path}: cannot write the output: Is a directory\n"


@needs_linux
def test_a_full_disk_on_an_output_file_is_one_line_and_keeps_the_old_file(tmp_path: Path) -> None:
    result = cli("export", str(LENET), "--to", "pytorch", "-o", "/dev/full")
    assert (result.returncode, result.stderr) == (
        2,
        "error: /dev/full: cannot write the output: No space left on device\n",
    )


def test_a_write_that_fails_half_way_keeps_the_old_report(tmp_path: Path, monkeypatch) -> None:
    # The text goes to a temporary file that then replaces the target: a disk that fills up
    # before the replace leaves the previous report whole and no temporary file behind.
    report = tmp_path / "report.xml"
    report.write_text("old", encoding="utf-8")

    def full(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    result = cli("check", str(LENET), "--junit", str(report))
    assert result.returncode == 2
    assert result.stderr.endswith(
        f"error: {report}: cannot write the JUnit report: No space left on device\n"
    )
    assert report.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.xml"]


def test_a_written_file_keeps_the_usual_permissions(tmp_path: Path) -> None:
    out = tmp_path / "model.py"
    assert cli("export", str(LENET), "--to", "pytorch", "-o", str(out)).returncode == 0
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask  # not mkstemp's 0600
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary left


def test_a_writable_file_in_a_closed_directory_is_written_in_place(tmp_path: Path, monkeypatch) -> None:
    # No temporary file can be made beside it (simulated: root ignores directory modes), but
    # the file itself may be written, as open(path, 'w') did before.
    import tempfile

    out = tmp_path / "model.py"
    out.write_text("old", encoding="utf-8")

    def refused(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    assert cli("export", str(LENET), "--to", "pytorch", "-o", str(out)).returncode == 0
    assert out.read_text(encoding="utf-8").startswith('"""')
    new = tmp_path / "new.py"
    result = cli("export", str(LENET), "--to", "pytorch", "-o", str(new))
    assert result.returncode == 2
    assert result.stderr == f"error: {new}: cannot write the output: Permission denied\n"


def test_the_process_ends_at_once_with_all_its_output() -> None:
    """``cnncalc`` ends without Python's teardown (cnncalc.cli.run): ≈ 1 MB of JSON through a
    pipe still arrives whole, and a spec that cannot be read still says so with exit 2."""
    done = run("zoo", "efficientnet_v2_l", "--format", "json", stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert done.returncode == 0, done.stderr
    assert len(done.stdout) > 900_000 and done.stdout.endswith(b"}\n")  # many pipe buffers' worth
    document = json.loads(done.stdout)
    assert document["name"] == "efficientnet_v2_l" and document["output_shape"] == [1000]
    missing = run("no-such-spec.yaml", stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert missing.returncode == 2 and missing.stdout == b""
    one_error_line(missing.stderr, "no-such-spec.yaml")


@pytest.mark.parametrize(
    ("ending", "code", "stderr"),
    [
        ("pass", 0, b""),
        ("sys.exit(None)", 0, b""),
        ("sys.exit(1)", 1, b""),
        ("sys.exit('a message')", 1, b"a message\n"),
    ],
)
def test_run_ends_with_mains_exit_as_sys_exit_would(ending: str, code: int, stderr: bytes) -> None:
    """run() turns main's ending into the process's exit status, as Python's own ending would:
    None is 0, a message is printed and is 1; what main printed is flushed first."""
    probe = (
        "import sys\n"
        "from cnncalc.cli import streams\n"
        f"def main():\n    print('written', end='')\n    {ending}\n"
        "streams.main = main\n"
        "streams.run()\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, timeout=60, check=False)
    assert (done.returncode, done.stdout, done.stderr) == (code, b"written", stderr)
