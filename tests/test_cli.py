"""The command group (cnncalc/cli/): --version, --help, the commands' registration and choices,
through typer's CliRunner (stdout and stderr apart) and through a real subprocess (``python -m
cnncalc``: main()'s exit codes, stdout and stderr apart)."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from importlib import import_module
from typing import get_args

import pytest
import typer
from typer.testing import CliRunner

from cnncalc import __version__
from cnncalc.cli import app, root
from tests.conftest import ROOT, SPECS

MISMATCH = str(SPECS / "stride_mismatch.yaml")
COMMANDS = (
    "run",
    "check",
    "conv",
    "pool",
    "solve",
    "schema",
    "apply",
    "draw",
    "export",
    "zoo",
    "quiz",
    "grade",
    "import",
)


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_version() -> None:
    code, stdout, _ = invoke("--version")
    assert (code, stdout) == (0, f"cnncalc {__version__}\n")


def test_help_shows_an_example() -> None:
    code, stdout, _ = invoke("--help")
    assert code == 0
    assert "Example:" in stdout
    assert "cnncalc specs/lenet5.yaml" in stdout
    code, stdout, _ = invoke("run", "--help")
    assert code == 0 and "--format" in stdout and "Example:" in stdout


def run_process(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cnncalc", *args], cwd=ROOT, capture_output=True, text=True, timeout=60
    )


def test_python_dash_m_cnncalc() -> None:
    result = run_process(str(SPECS / "alexnet.yaml"), "--format", "json")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    data = json.loads(result.stdout)
    assert data["total_params"] == 61_100_840  # torchvision's published AlexNet count
    assert data["output_shape"] == [1000]
    # torchvision conv1: 64 filters 11×11 /4 p2 on 224: ⌊(224 + 4 − 11)/4⌋ + 1 = ⌊54.25⌋ + 1 = 55
    assert data["layers"][0]["output_shape"] == [64, 55, 55]


def test_exit_codes_through_a_real_process(write_spec) -> None:
    # main() wraps app(): the codes must survive it, and an error must not become a traceback.
    assert run_process(MISMATCH).returncode == 0
    strict = run_process(MISMATCH, "--strict", "--format", "json")
    assert strict.returncode == 1
    assert json.loads(strict.stdout)["ok"] is False
    path = write_spec("input: [1, 8, 8]\nlayers:\n  - {type: conv2dd, filters: 2, kernel: 3}\n")
    result = run_process(str(path))
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        f"error: {path}:3: layer 1: unknown layer type 'conv2dd' (did you mean 'conv'?)"
    ]


def test_every_command_is_listed_in_order_and_has_help_with_an_example() -> None:
    code, stdout, _ = invoke("--help")
    assert code == 0
    listed = [line.split()[0] for line in stdout.split("Commands:")[1].splitlines() if line.strip()]
    assert tuple(listed) == COMMANDS
    for command in COMMANDS:
        code, stdout, stderr = invoke(command, "--help")
        assert (code, stderr) == (0, ""), command
        assert stdout.startswith("Usage: ") and f" {command} [OPTIONS]" in stdout.splitlines()[0], command
        assert "Example:" in stdout, command


def test_convention_choices_come_from_the_spec_models() -> None:
    from cnncalc.cli.options import ConventionChoice
    from cnncalc.spec.models import Convention

    assert [choice.value for choice in ConventionChoice] == list(get_args(Convention))
    code, _, stderr = invoke(MISMATCH, "--convention", "tensorflow")
    assert code == 2
    assert "'tensorflow' is not one of 'pytorch', 'keras', 'caffe'" in stderr


@pytest.mark.parametrize("convention", ["pytorch", "keras", "caffe", "KERAS"])
def test_each_convention_is_accepted_in_any_case(convention: str) -> None:
    code, stdout, _ = invoke(MISMATCH, "--convention", convention, "--format", "json")
    assert code == 0
    assert json.loads(stdout)["convention"] == convention.lower()


def test_dtype_choices_come_from_the_engine_byte_sizes() -> None:
    from cnncalc.cli.options import Dtype
    from cnncalc.engine.results import DTYPE_BYTES

    assert [choice.value for choice in Dtype] == list(DTYPE_BYTES) == ["float32", "float16", "int8"]
    code, _, stderr = invoke(MISMATCH, "--dtype", "int4")
    assert code == 2
    assert "'int4' is not one of 'float32', 'float16', 'int8'" in stderr


@pytest.mark.parametrize(
    ("args", "pydantic"),
    [(["--version"], False), (["--help"], False), (["run", "--help"], True), (["conv", "--help"], True)],
)
def test_help_and_version_load_neither_the_models_nor_the_kinds(args: list[str], pydantic: bool) -> None:
    """They answer at once: no layer kinds, no models, no engine (the choices they offer come from
    cnncalc.choices and render.outputs' registry, which import nothing heavy). A command's help
    loads pydantic only because typer's own help does (typer._adapters), not through cnncalc."""
    probe = (
        "import sys\n"
        f"sys.argv = ['cnncalc', *{args!r}]\n"
        "from cnncalc.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "inner = ('cnncalc.kinds', 'cnncalc.engine', 'cnncalc.spec')\n"
        "heavy = [m for m in sys.modules if m.startswith(inner)]\n"
        "print('HEAVY', sorted(heavy), 'pydantic' in sys.modules)\n"
    )
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().splitlines()[-1] == f"HEAVY [] {pydantic}"


# Each command's module → the command (``import`` is cnncalc.cli.import_model: a keyword).
_MODULE_COMMANDS = {f"cnncalc.cli.{root.MODULES.get(command, command)}": command for command in COMMANDS}


def _imported_after(args: list[str]) -> dict[str, list[str]]:
    """What a fresh process has imported once ``cnncalc ARGS`` has run: the command modules, in
    the order they were imported, and every module; and the models whose validators it built."""
    probe = (
        "import json, sys\n"
        f"sys.argv = ['cnncalc', *{args!r}]\n"
        "from cnncalc.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"names = {_MODULE_COMMANDS!r}\n"
        "commands = [names[m] for m in sys.modules if m in names]\n"
        "models = sys.modules.get('cnncalc.spec.models')\n"
        "built = [m.__name__ for m in [*models.LAYER_MODELS, models.Spec] if m.__pydantic_complete__]"
        " if models else []\n"
        "print(json.dumps({'commands': commands, 'modules': sorted(sys.modules), 'built': sorted(built)}))\n"
    )
    run = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    found: dict[str, list[str]] = json.loads(run.stdout.strip().splitlines()[-1])
    return found


@pytest.mark.parametrize(
    ("args", "commands"),
    [
        (["conv", "-i", "32x32x3", "-k", "5"], ["conv"]),
        (["pool", "-i", "28x28x6", "-k", "2"], ["pool"]),
        (["solve", "-i", "7", "-k", "3"], ["solve"]),
        ([str(SPECS / "lenet5.yaml")], ["run"]),  # the default command
        ([str(SPECS / "lenet5.yaml"), "--format", "json"], ["run"]),
        (["check", "--help"], ["check"]),
        (["--lang", "ko", "no-such.yaml"], ["run"]),
        (["--version"], []),
        (["--help"], list(COMMANDS)),  # the list of commands: each one's help line
        ([], list(COMMANDS)),
    ],
)
def test_only_the_command_that_runs_is_imported(args: list[str], commands: list[str]) -> None:
    assert _imported_after(args)["commands"] == commands


@pytest.mark.parametrize(
    "args",
    [
        ["conv", "-i", "32x32x3", "-k", "5"],
        ["pool", "-i", "28x28x6", "-k", "2"],
        ["solve", "-i", "7", "-k", "3"],
    ],
)
def test_a_one_off_loads_no_yaml_and_no_spec_files(args: list[str]) -> None:
    """A one-off reads no spec: no YAML, no loader, no file validation, no output formats."""
    modules = _imported_after(args)["modules"]
    unused = [
        "yaml",
        "cnncalc.spec.loader",
        "cnncalc.spec.validate",
        "cnncalc.pipeline",
        "cnncalc.render.outputs",
    ]
    if args[0] == "solve":  # no layer either: no model, no calculator, no working of a layer
        unused += ["cnncalc.spec.models", "cnncalc.engine.calculator", "cnncalc.render.explain"]
    assert [name for name in unused if name in modules] == []


@pytest.mark.parametrize(
    ("args", "built"),
    [
        (["conv", "-i", "32x32x3", "-k", "5"], ["Conv"]),
        (["pool", "-i", "28x28x6", "-k", "2"], ["MaxPool"]),
        (["pool", "-i", "28x28x6", "-k", "2", "--trainable"], ["AvgPool"]),
        (["conv", "-i", "32x32x3", "-k", "5", "-g", "2"], ["Conv"]),  # an error: 3 channels in 2 groups
    ],
)
def test_a_one_off_builds_only_its_layers_validator(args: list[str], built: list[str]) -> None:
    """Validated as a spec file is: by the layer's own model, not the union of every kind."""
    assert _imported_after(args)["built"] == built


def _eager_app() -> typer.Typer:
    """The app with every command registered on it, as typer builds it (all at once): what the
    lazy group must answer exactly as."""
    for name in root.COMMANDS:
        import_module(f"cnncalc.cli.{root.MODULES.get(name, name)}")
    eager = copy.copy(root.app)
    eager.registered_commands = sorted(
        root.commands.registered_commands, key=lambda info: root.COMMANDS.index(str(info.name))
    )
    return eager


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--help"],
        ["-h"],
        ["--version"],
        ["--help", "--version"],
        *([command, "--help"] for command in COMMANDS),
        ["conv", "-h"],
        ["conv"],  # a missing option
        ["run"],  # a missing argument
        ["conv", "--fitlers", "3"],  # typer's "Possible options"
        ["--foo"],  # an option of no command: the default command's error
        ["solve", "-i", "7", "-k", "3", "--lang", "en"],
        ["solve", "-i", "0", "-k", "3"],
        ["schema"],
    ],
)
def test_the_lazy_group_answers_as_typer_building_every_command(args: list[str]) -> None:
    runner = CliRunner()
    lazy = runner.invoke(app, args, env={"LANG": "C.UTF-8"})
    eager = runner.invoke(_eager_app(), args, env={"LANG": "C.UTF-8"})
    assert (lazy.exit_code, lazy.stdout, lazy.stderr) == (eager.exit_code, eager.stdout, eager.stderr)


def test_a_first_word_that_is_no_command_is_a_spec_for_run() -> None:
    # "chek" is no command: `cnncalc chek` runs `run chek`, as before, not typer's "No such command".
    code, stdout, stderr = invoke("chek", "--lang", "en")
    assert (code, stdout, stderr) == (2, "", "error: chek: no such file\n")


def test_a_mistyped_option_gets_typers_message() -> None:
    result = run_process("conv", "--fitlers", "3")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.splitlines() == [
        "Usage: python -m cnncalc conv [OPTIONS]",
        "Try 'python -m cnncalc conv -h' for help.",
        "",
        "Error: No such option: --fitlers (Possible options: --filters)",
    ]


def test_help_lists_the_commands_in_order_whichever_was_built_first() -> None:
    invoke("export", "--help")  # built (and imported) before the others
    code, stdout, _ = invoke("--help")
    assert code == 0
    listed = [line.split()[0] for line in stdout.split("Commands:")[1].splitlines() if line.strip()]
    assert tuple(listed) == COMMANDS


def test_python_m_cnncalc_without_its_libraries_says_so_in_one_line() -> None:
    """``python -m cnncalc`` from a checkout with a Python that lacks typer: one line, exit 2."""
    blocked = (
        "import runpy, sys\n"
        "sys.modules['typer'] = None  # as if typer were not installed: its import raises\n"
        "sys.argv = ['cnncalc', 'specs/lenet5.yaml']\n"
        "runpy.run_module('cnncalc', run_name='__main__', alter_sys=True)\n"
    )
    done = subprocess.run([sys.executable, "-c", blocked], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("error: cnncalc needs the library 'typer'")
    assert "pip install ." in lines[0]
