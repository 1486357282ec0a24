"""A mutation fuzzer for cnncalc: hostile and broken specs through every command and format.

Each mutant is a shipped spec (``specs/``, ``examples/``) or exercise (``exercises/``) with a few
mutations — keys and values deleted, duplicated, retyped, swapped; the text's bytes flipped, cut,
re-indented; hostile names and numbers put in — run through one command line (the main command in
every ``--format``, ``--explain``, ``--rf``, ``--dtype``; ``check`` plain, JSON and JUnit; ``draw``
SVG and HTML; ``export`` to PyTorch and Keras; ``apply``). The promises checked on every run:

- the exit code is 0, 1 or 2, and nothing says ``Traceback`` or ``internal error`` (a *crash*);
- the run ends within the timeout (a *hang*) and within the memory cap (a *memory-out*);
- what it writes is well-formed (*ill-formed* otherwise): JSON parses, JUnit and SVG parse as XML,
  HTML's tags nest, exported code compiles and does nothing but define the model, no CSV cell is
  a formula, no Markdown row gains a cell or a ``<script>``, and no control or bidi character
  reaches stdout or stderr.

The cases run in worker processes (``--worker``), each importing cnncalc once and running the
command in-process with typer's CliRunner, under ``RLIMIT_AS``; the parent kills a worker that
overruns the timeout and starts another. Mutant ``i`` of seed ``S`` is the same on every run.

    python tools/fuzz.py --mutants 5000 --seed 1 --jobs 2 --save fuzz-failures

prints the counts and saves, for each distinct cause, a few failing cases (``spec`` file, the
command line, the result) to reproduce with ``cd <case> && cnncalc <command line>``.
``tests/test_fuzz.py`` runs a short fixed-seed run as part of ``pytest``.
"""

from __future__ import annotations

import argparse
import ast
import csv
import dataclasses
import html.parser
import io
import json
import os
import pickle
import random
import re
import select
import shutil
import struct
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

# ---------------------------------------------------------------------------------------------
# Hostile material

# Names: each breaks some output if it is written raw (code, a terminal, CSV, Markdown, XML, HTML).
HOSTILE_NAMES = [
    'x""";__import__("os").system("touch PWNED");"""',
    "x''';__import__('os').system('touch PWNED');'''",
    "a'b\"c",
    "back\\slash\\",
    "\\N{x}",
    "\\u12",
    "line1\nline2",
    "cr\rx",
    "\x1b]0;T\x07\x1b[31mred",
    "\x1b[2J",
    "c1\x9b31m",
    "nel\x85x",
    "\u202eevil\u202c",
    "\u2066iso\u2069",
    "ls\u2028ps\u2029",
    "a|b",
    "a\\|b",
    "<script>alert(1)</script>",
    "</td></tr><img src=x onerror=alert(1)>",
    "]]><!--",
    "&amp;&#0;",
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\tTAB",
    "\ufffe",
    "\uffff",
    "\x00nul",
    "\x7fdel",
    "\\input{/etc/passwd}",
    "$x^2$ % {",
    "None",
    "class",
    "__init__",
    "parameters",
    "forward",
    "training",
    "c_pad",
    "x",
    "inputs",
    "model",
    "한글 이름",
    "",
    " ",
    "a" * 5000,
]

# Raw YAML scalars put into the text as they are: YAML escapes (the only way to write a lone
# surrogate or a C1 control in a YAML file), YAML 1.1's number forms, sizes past every limit.
HOSTILE_TOKENS = [
    '"\\ud800"',
    '"\\udfff x"',
    '"\\x1b[31mred"',
    '"\\x9b31m"',
    '"\\x85"',
    '"\\u2028"',
    '"\\u202e"',
    '"\\ufffe"',
    '"\\x00"',
    '"\\N{x}"',
    '"\\L\\P"',
    ".nan",
    ".inf",
    "-.inf",
    "1:30",
    "1:59:59:59",
    "010",
    "0o17",
    "0b11",
    "0x1F",
    "0x" + "f" * 4000,
    "1" * 5000,
    "-" + "9" * 400,
    "1e308",
    "1e999",
    "2147483647",
    "9223372036854775808",
    "-1",
    "0",
    "-0",
    "3.5",
    "1_000",
    "true",
    "null",
    "~",
    "''",
    "[]",
    "{}",
    "[[]]",
    "!!binary aGk=",
    "!!python/object/apply:os.system ['touch PWNED']",
    "!!python/name:os.system",
    "*nope",
    "&a 1",
    "2001-12-14",
    "=",
    "<<",
]

HOSTILE_FILENAMES = [
    'x""";__import__("os").system("touch PWNED");""".yaml',
    "\x1b]0;T\x07\x1b[31mx.yaml",
    "c1\x9bx.yaml",
    "\u202egpj.yaml",
    "=cmd.yaml",
    "a|b <script>.yaml",
    "\udcff\udcfe.yaml",  # the bytes ff fe: a file name that is not UTF-8
    "class.yaml",
    "1.yaml",
    "sp ace.yaml",
    "new\nline.yaml",
]

# A few lines that expand: aliases of aliases (YAML's "billion laughs").
BILLION_LAUGHS = [
    "a: &a [x, x, x, x, x, x, x, x, x, x]\n",
    "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n",
    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n",
    "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n",
    "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n",
    "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n",
]


class Raw(str):
    """A scalar written into the YAML text as it is (a token of HOSTILE_TOKENS)."""


# ---------------------------------------------------------------------------------------------
# Seeds and mutations


@dataclass(frozen=True)
class Seed:
    path: str  # relative to ROOT
    text: str
    kind: str  # "spec" or "exercise"


def load_seeds(root: Path = ROOT, small_only: bool = False) -> list[Seed]:
    seeds = []
    for folder, kind in (("specs", "spec"), ("examples", "spec"), ("exercises", "exercise")):
        for path in sorted((root / folder).glob("*.yaml")):
            text = path.read_text(encoding="utf-8")
            if small_only and len(text) > 4000:
                continue
            seeds.append(Seed(f"{folder}/{path.name}", text, kind))
    return seeds


def _harvest(value: Any, keys: set[str], scalars: list[Any]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            keys.add(str(key))
            _harvest(item, keys, scalars)
    elif isinstance(value, list):
        for item in value:
            _harvest(item, keys, scalars)
    else:
        scalars.append(value)


def _containers(value: Any) -> list[Any]:
    """Every dict and list inside value, value included."""
    found = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            found.append(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            found.append(item)
            stack.extend(item)
    return found


class Mutator:
    """Makes mutants of the seeds; every choice comes from the Random it is given."""

    def __init__(self, seeds: list[Seed]) -> None:
        import yaml

        self.seeds = seeds
        self.trees: dict[str, Any] = {}
        keys: set[str] = set()
        scalars: list[Any] = []
        for seed in seeds:
            try:
                tree = yaml.safe_load(seed.text)
            except yaml.YAMLError:
                continue
            self.trees[seed.path] = tree
            _harvest(tree, keys, scalars)
        self.keys = sorted(keys)
        self.scalars = scalars

    # -- values ---------------------------------------------------------------------------

    def hostile_value(self, rng: random.Random) -> Any:
        roll = rng.random()
        if roll < 0.4:
            return rng.choice(HOSTILE_NAMES)
        if roll < 0.8:
            return Raw(rng.choice(HOSTILE_TOKENS))
        return rng.choice(self.scalars)

    def other_type(self, value: Any, rng: random.Random) -> Any:
        """value retyped: a number as a string, a list as a number, a dict as a list…"""
        options: list[Any] = [
            str(value),
            [value],
            {"value": value},
            rng.choice([0, -3, 1.5, True, None, "", [], {}]),
            rng.choice(self.scalars),
        ]
        if isinstance(value, dict):
            options.append(list(value.values()))
            options.append(list(value.keys()))
        if isinstance(value, list) and value:
            options.append(value[0])
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            options.append(float(value))
            options.append(-value)
            options.append(value * 1000003)
        return rng.choice(options)

    # -- tree mutations ---------------------------------------------------------------------

    def mutate_tree(self, tree: Any, rng: random.Random) -> Any:
        containers = [c for c in _containers(tree) if c]
        if not containers:
            return self.hostile_value(rng)
        target = rng.choice(containers)
        op = rng.choice(
            ["delete", "duplicate", "retype", "swap", "rename", "insert", "hostile", "hostile", "name"]
        )
        if isinstance(target, dict):
            key = rng.choice(list(target))
            if op == "delete":
                del target[key]
            elif op == "duplicate":
                target[rng.choice(self.keys)] = target[key]
            elif op == "retype":
                target[key] = self.other_type(target[key], rng)
            elif op == "swap" and len(target) > 1:
                other = rng.choice(list(target))
                target[key], target[other] = target[other], target[key]
            elif op == "rename":
                new = rng.choice([*self.keys, key + "s", key.upper(), rng.choice(HOSTILE_NAMES)])
                target[new] = target.pop(key)
            elif op == "insert":
                target[rng.choice(self.keys)] = rng.choice([*self.scalars, self.hostile_value(rng)])
            elif op == "name":
                target["name"] = rng.choice(HOSTILE_NAMES)
            else:
                target[key] = self.hostile_value(rng)
        else:
            index = rng.randrange(len(target))
            if op == "delete":
                del target[index]
            elif op == "duplicate":
                target.insert(index, target[index])
            elif op == "retype":
                target[index] = self.other_type(target[index], rng)
            elif op == "swap" and len(target) > 1:
                other = rng.randrange(len(target))
                target[index], target[other] = target[other], target[index]
            elif op == "name" and isinstance(target[index], dict):
                target[index]["name"] = rng.choice(HOSTILE_NAMES)
            elif op == "insert":
                target.insert(index, rng.choice(self.scalars))
            else:
                target[index] = self.hostile_value(rng)
        return tree

    # -- text mutations ---------------------------------------------------------------------

    def mutate_text(self, text: str, rng: random.Random) -> str:
        op = rng.choice(
            ["flip", "truncate", "indent", "dupline", "delline", "swaplines", "token", "token", "name",
             "separator", "laughs"]
        )  # fmt: skip
        lines = text.split("\n")
        if op == "flip" and text:
            data = bytearray(text.encode("utf-8", "surrogateescape"))
            for _ in range(rng.randint(1, 4)):
                data[rng.randrange(len(data))] = rng.randrange(256)
            return data.decode("utf-8", "surrogateescape")
        if op == "truncate":
            return text[: rng.randrange(len(text) + 1)]
        if op == "indent":
            index = rng.randrange(len(lines))
            lines[index] = rng.choice(["  ", " ", "\t", ""]) + (
                lines[index][rng.randint(0, 2) :] if rng.random() < 0.5 else lines[index]
            )
            return "\n".join(lines)
        if op == "dupline":
            index = rng.randrange(len(lines))
            lines.insert(index, lines[index])
            return "\n".join(lines)
        if op == "delline":
            del lines[rng.randrange(len(lines))]
            return "\n".join(lines)
        if op == "swaplines":
            a, b = rng.randrange(len(lines)), rng.randrange(len(lines))
            lines[a], lines[b] = lines[b], lines[a]
            return "\n".join(lines)
        if op == "token":
            # A number or a flow scalar replaced by a hostile token.
            spots = [m for m in re.finditer(r"(?<=[:\[, ])\s*[\w.]+(?=\s*[,\]}\n]|$)", text)]
            if spots:
                spot = rng.choice(spots)
                return text[: spot.start()] + " " + rng.choice(HOSTILE_TOKENS) + text[spot.end() :]
            return text
        if op == "name":
            spots = [m for m in re.finditer(r"name: *([^\n,}]*)", text)]
            value = rng.choice([json.dumps(rng.choice(HOSTILE_NAMES)), rng.choice(HOSTILE_TOKENS)])
            if spots:
                spot = rng.choice(spots)
                return text[: spot.start(1)] + value + text[spot.end(1) :]
            return f"name: {value}\n{text}"
        if op == "separator":
            # NEL, LS, PS inside a comment: YAML counts them as line breaks, editors may not.
            index = rng.randrange(len(lines))
            lines[index] += " # " + rng.choice(["\x85", "\u2028", "\u2029", "\r", "\x0c"]) + " x"
            return "\n".join(lines)
        return "".join(BILLION_LAUGHS[: rng.randint(2, len(BILLION_LAUGHS))]) + text

    def mutant(self, number: int, seed: int) -> tuple[Seed, str, str]:
        """Mutant number ``number`` of run ``seed``: (its seed, its text, its file name)."""
        rng = random.Random(f"{seed}:{number}")
        base = rng.choice(self.seeds)
        text = base.text
        if base.path in self.trees and rng.random() < 0.55:
            tree = pickle.loads(pickle.dumps(self.trees[base.path]))  # a deep copy
            for _ in range(rng.choice([1, 1, 2, 3])):
                tree = self.mutate_tree(tree, rng)
            text = emit_yaml(tree, rng)
            if rng.random() < 0.2:
                text = self.mutate_text(text, rng)
        else:
            for _ in range(rng.choice([1, 1, 2, 3])):
                text = self.mutate_text(text, rng)
        name = rng.choice(HOSTILE_FILENAMES) if rng.random() < 0.08 else Path(base.path).name
        return base, text, name


def _scalar(value: Any, rng: random.Random) -> str:
    if isinstance(value, Raw):
        return str(value)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value != value:
            return ".nan"
        if value in (float("inf"), float("-inf")):
            return ".inf" if value > 0 else "-.inf"
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        if re.fullmatch(r"[A-Za-z_][\w.\- ]*[\w.]", value) and value not in ("null", "true", "false"):
            return value
        # JSON's string syntax is YAML's double-quoted scalar; raw or escaped non-ASCII.
        return json.dumps(value, ensure_ascii=rng.random() < 0.5)
    return json.dumps(str(value))


def emit_yaml(value: Any, rng: random.Random, indent: int = 0) -> str:
    """value as block-style YAML, one entry a line (so that errors have line numbers)."""
    pad = " " * indent
    if isinstance(value, dict) and value:
        lines = []
        for key, item in value.items():
            head = f"{pad}{_scalar(key, rng) if not isinstance(key, str) else _scalar(str(key), rng)}:"
            if isinstance(item, (dict, list)) and item and rng.random() < 0.8:
                lines.append(head + "\n" + emit_yaml(item, rng, indent + 2))
            else:
                lines.append(head + " " + _flow(item, rng))
        return "\n".join(lines)
    if isinstance(value, list) and value:
        lines = []
        for item in value:
            if isinstance(item, dict) and item and rng.random() < 0.7:
                inner = emit_yaml(item, rng, indent + 2)
                lines.append(f"{pad}- {inner.lstrip()}")
            else:
                lines.append(f"{pad}- {_flow(item, rng)}")
        return "\n".join(lines)
    return pad + _flow(value, rng)


def _flow(value: Any, rng: random.Random) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_scalar(str(k), rng)}: {_flow(v, rng)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v, rng) for v in value) + "]"
    return _scalar(value, rng)


# ---------------------------------------------------------------------------------------------
# Command lines


def command_line(kind: str, rng: random.Random) -> list[str]:
    """One command line for a spec or an exercise; ``{spec}`` is the mutant's file."""
    if kind == "exercise" and rng.random() < 0.9:
        args = ["apply", "{spec}"]
        if rng.random() < 0.4:
            args += ["--format", "json"]
        if rng.random() < 0.5:
            args += ["--explain", "--at", rng.choice(["1,1", "2,3", "5,5", "0,0", "99,1"])]
        if rng.random() < 0.2:
            args += ["--lang", "ko"]
        return args
    roll = rng.random()
    if roll < 0.45:
        args = ["{spec}", "--format", rng.choice(["table", "json", "markdown", "csv", "latex", "html"])]
        for option, chance in (("--explain", 0.3), ("--rf", 0.3), ("--strict", 0.1)):
            if rng.random() < chance:
                args.append(option)
        if rng.random() < 0.3:
            args += ["--dtype", rng.choice(["float32", "float16", "int8"])]
        if rng.random() < 0.15:
            args += ["--lang", "ko"]
        if rng.random() < 0.1:
            args += ["--convention", rng.choice(["pytorch", "keras", "caffe"])]
        if rng.random() < 0.1:
            args += ["--depth", "0"]
        return args
    if roll < 0.65:
        args = ["check", "{spec}"]
        extra = rng.choice([[], ["--format", "json"], ["--junit", "report.xml"]])
        args += extra
        if rng.random() < 0.2:
            args.append("--strict")
        if rng.random() < 0.2:
            args.append("--explain")
        return args
    if roll < 0.82:
        return ["draw", "{spec}", *rng.choice([[], ["--format", "html"], ["--format", "svg"]])]
    return ["export", "{spec}", "--to", rng.choice(["pytorch", "keras"])]


@dataclass(frozen=True)
class Case:
    number: int
    seed_path: str
    text: str
    filename: str
    args: tuple[str, ...]

    def argv(self) -> list[str]:
        return [self.filename if arg == "{spec}" else arg for arg in self.args]


def make_cases(mutator: Mutator, count: int, seed: int, start: int = 0) -> Iterator[Case]:
    for number in range(start, start + count):
        base, text, filename = mutator.mutant(number, seed)
        rng = random.Random(f"{seed}:{number}:command")
        kind = base.kind if rng.random() < 0.95 else rng.choice(["spec", "exercise"])
        yield Case(number, base.path, text, filename, tuple(command_line(kind, rng)))


# ---------------------------------------------------------------------------------------------
# The worker: one process, cnncalc imported once, one case at a time in a scratch folder


def _send(stream: Any, message: object) -> None:
    data = pickle.dumps(message)
    stream.write(struct.pack("<Q", len(data)) + data)
    stream.flush()


def _read_exact(fd: int, size: int, deadline: float | None) -> bytes:
    chunks = []
    while size:
        if deadline is not None:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
                raise TimeoutError
        chunk = os.read(fd, min(size, 1 << 20))
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def _receive(fd: int, timeout: float | None) -> Any:
    deadline = None if timeout is None else time.monotonic() + timeout
    (size,) = struct.unpack("<Q", _read_exact(fd, 8, deadline))
    return pickle.loads(_read_exact(fd, size, deadline))


def _where(exc: BaseException) -> str:
    """The innermost frame of cnncalc's own code that the exception passed through."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "/cnncalc/" in f.filename.replace(os.sep, "/")]
    frame = (ours or frames or [None])[-1]
    if frame is None:
        return "?"
    filename = frame.filename.replace(os.sep, "/")
    filename = filename[filename.rfind("/cnncalc/") + 1 :] if "/cnncalc/" in filename else Path(filename).name
    return f"{filename}:{frame.lineno} in {frame.name}"


def run_case(case: Case, scratch: Path) -> dict[str, Any]:
    """Run one case in-process; the result as plain data."""
    from typer.testing import CliRunner

    from cnncalc.cli import app

    for item in scratch.iterdir():
        if item.is_dir() and not item.is_symlink():
            shutil.rmtree(item)
        else:
            item.unlink()
    os.chdir(scratch)
    try:
        with open(os.fsencode(case.filename), "wb") as handle:
            handle.write(case.text.encode("utf-8", "surrogateescape"))
    except OSError as error:  # a name the file system refuses: run it under a plain name
        return {"skipped": f"cannot write {case.filename!r}: {error}"}
    started = time.monotonic()
    result = CliRunner().invoke(app, case.argv())
    seconds = time.monotonic() - started
    outcome: dict[str, Any] = {
        "exit": result.exit_code,
        "stdout": result.stdout_bytes,
        "stderr": result.stderr_bytes or b"",
        "exception": None,
        "seconds": seconds,
        "files": {},
        "side_effects": sorted(
            os.fsdecode(p.name)
            for p in scratch.iterdir()
            if os.fsdecode(p.name) not in (case.filename, "report.xml")
        ),
    }
    exc = result.exception
    if exc is not None and not isinstance(exc, SystemExit):
        outcome["exception"] = (type(exc).__name__, _where(exc), " ".join(str(exc).split())[:300])
    junit = scratch / "report.xml"
    if junit.exists():
        outcome["files"]["report.xml"] = junit.read_bytes()
    return outcome


def worker_main() -> None:
    """Read cases from stdin, write results to the original stdout (fd 1 is pointed away)."""
    import gc

    protocol = os.fdopen(os.dup(1), "wb")
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    os.environ["COLUMNS"] = "140"
    # Every module once, before the first case: cnncalc imports renderers lazily, on first use.
    import importlib
    import pkgutil

    from typer.testing import CliRunner

    import cnncalc

    for module in pkgutil.walk_packages(cnncalc.__path__, "cnncalc."):
        if not module.name.endswith("__main__"):  # which would run the command
            importlib.import_module(module.name)
    CliRunner().invoke(cnncalc.cli.app, ["--help"])

    scratch = Path(tempfile.mkdtemp(prefix="cnncalc-fuzz-"))
    source = os.fdopen(os.dup(0), "rb")
    try:
        while True:
            try:
                case = Case(**_receive(source.fileno(), None))
            except EOFError:
                return
            try:
                outcome = run_case(case, scratch)
            except MemoryError:
                outcome = {"exit": None, "exception": ("MemoryError", "worker", ""), "memory": True}
            _send(protocol, outcome)
            gc.collect()
    finally:
        os.chdir("/")
        shutil.rmtree(scratch, ignore_errors=True)


class Worker:
    """A worker process with a memory cap, restarted after a hang, a memory-out or a death."""

    def __init__(self, memory_mb: int) -> None:
        self.memory = memory_mb * 1024 * 1024
        self.process: subprocess.Popen[bytes] | None = None

    def _start(self) -> subprocess.Popen[bytes]:
        def limit() -> None:
            import resource

            resource.setrlimit(resource.RLIMIT_AS, (self.memory, self.memory))

        env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
        return subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "--worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            preexec_fn=limit,
            env=env,
            cwd=ROOT,
        )

    def run(self, case: Case, timeout: float) -> dict[str, Any]:
        if self.process is None or self.process.poll() is not None:
            self.process = self._start()
            # The first case also pays for the import: give it its own time.
            timeout += 30
        assert self.process.stdin is not None and self.process.stdout is not None
        try:
            _send(self.process.stdin, dataclasses.asdict(case))  # plain data: any module can read it
            outcome: dict[str, Any] = _receive(self.process.stdout.fileno(), timeout)
        except TimeoutError:
            self.stop()
            return {"hang": True}
        except (EOFError, BrokenPipeError, OSError):
            code = self.process.wait()
            self.process = None
            return {"died": code}
        if outcome.get("memory") or (outcome.get("exception") or ("",))[0] == "MemoryError":
            outcome["memory"] = True
            self.stop()  # a worker that ran out of memory may be left in any state
        return outcome

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None


# ---------------------------------------------------------------------------------------------
# The properties


CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class _TagChecker(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script" or any(name.startswith("on") for name, _ in attrs):
            self.problems.append(f"html: a <{tag}> with script from the spec")
        if tag not in VOID_TAGS:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID_TAGS:
            return
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"html: </{tag}> closes <{self.stack[-1] if self.stack else 'nothing'}>")
            if tag in self.stack:
                while self.stack.pop() != tag:
                    pass
        else:
            self.stack.pop()


def check_html(text: str) -> list[str]:
    checker = _TagChecker()
    checker.feed(text)
    checker.close()
    problems = checker.problems[:1]
    if checker.stack and not problems:
        problems.append(f"html: <{checker.stack[-1]}> never closed")
    return problems


_FORBIDDEN_CALLS = {"__import__", "eval", "exec", "compile", "open", "getattr", "breakpoint", "system"}


def check_export(text: str) -> list[str]:
    """Exported code compiles and its top level only imports, defines and assigns."""
    try:
        tree = ast.parse(text)
        compile(tree, "<export>", "exec")
    except (SyntaxError, ValueError) as error:
        return [f"export: does not compile: {type(error).__name__}: {str(error).split('(')[0].strip()}"]
    for node in tree.body:
        if isinstance(node, ast.Expr) and not isinstance(node.value, ast.Constant):
            return ["export: a top-level expression that runs (code from the spec)"]
        if not isinstance(
            node, (ast.Expr, ast.Import, ast.ImportFrom, ast.ClassDef, ast.FunctionDef, ast.Assign, ast.If)
        ):
            return [f"export: a top-level {type(node).__name__} statement"]
        if isinstance(node, ast.If) and "__name__" not in ast.unparse(node.test):
            return ["export: a top-level if that is not the __main__ guard"]
    problems = _export_names(tree)
    if problems:
        return problems
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = (
                func.id
                if isinstance(func, ast.Name)
                else func.attr
                if isinstance(func, ast.Attribute)
                else ""
            )
            # nn.Module.eval() takes no argument; the builtin eval needs the code it runs.
            module_eval = name == "eval" and isinstance(func, ast.Attribute) and not node.args
            if name in _FORBIDDEN_CALLS and not (module_eval and not node.keywords):
                return [f"export: calls {name}() (code from the spec)"]
    return []


# What nn.Module already has: a layer stored under one of these names breaks the module at run time.
_MODULE_ATTRIBUTES = {
    "forward", "parameters", "named_parameters", "buffers", "children", "modules", "eval", "train",
    "training", "to", "cuda", "cpu", "state_dict", "load_state_dict", "apply", "zero_grad", "type",
    "float", "double", "half", "register_buffer", "register_module", "add_module", "get_submodule",
    "requires_grad_", "extra_repr", "call_super_init", "dump_patches", "T_destination",
}  # fmt: skip


def _export_names(tree: ast.Module) -> list[str]:
    """Names the exported code uses but never defines (``nan``), Keras layer names given twice,
    PyTorch submodules stored under an ``nn.Module`` attribute: code that compiles but fails."""
    import builtins

    defined = set(dir(builtins))
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            defined |= {(alias.asname or alias.name).split(".")[0] for alias in node.names}
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            defined.add(node.name)
        elif isinstance(node, ast.arg):
            defined.add(node.arg)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            defined.add(node.id)
    keras_names: Counter[str] = Counter()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id not in defined:
            return [f"export: uses a name it never defines ({node.id})"]
        if isinstance(node, ast.Call):
            for keyword in node.keywords:
                if keyword.arg == "name" and isinstance(keyword.value, ast.Constant):
                    keras_names[str(keyword.value.value)] += 1
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.ctx, ast.Store)
            and isinstance(node.value, ast.Name)
            and node.value.id == "self"
            and node.attr in _MODULE_ATTRIBUTES
        ):
            return ["export: a layer stored under an nn.Module attribute (self.<name> = …)"]
    if any(count > 1 for name, count in keras_names.items() if name):
        return ["export: a Keras layer name given twice"]
    return []


def _is_number(cell: str) -> bool:
    try:
        float(cell.replace(",", ""))
    except ValueError:
        return False
    return True


def check_csv(text: str) -> list[str]:
    for row in csv.reader(io.StringIO(text, newline="")):
        for cell in row:
            if cell.startswith(FORMULA_START) and not _is_number(cell):
                return [f"csv: a formula cell starting with {cell[:1]!r}"]
    return []


def _cells(line: str) -> int:
    """The cells of a Markdown table row: the bars not escaped by a backslash, less one."""
    bars = len(re.findall(r"(?<!\\)(?:\\\\)*\|", line))
    return bars - 1


def check_markdown(text: str) -> list[str]:
    problems = []
    if re.search(r"<\s*script", text, re.IGNORECASE):
        problems.append("markdown: a raw <script>")
    width = None
    for line in text.split("\n"):
        if not line.startswith("|"):
            width = None
            continue
        cells = _cells(line)
        if width is None:
            width = cells
        elif cells != width:
            problems.append("markdown: a table row with a different number of cells")
            break
    return problems


def check_xml(data: bytes, what: str) -> list[str]:
    try:
        ET.fromstring(data)
    except ET.ParseError as error:
        return [f"{what}: not well-formed XML ({str(error).split(':')[0]})"]
    return []


def _format_of(args: tuple[str, ...]) -> str:
    if "--to" in args:
        return args[args.index("--to") + 1]
    if "--format" in args:
        return args[args.index("--format") + 1]
    if "--junit" in args:
        return "junit"
    return "svg" if args[0] == "draw" else "table"


def problems_of(case: Case, outcome: dict[str, Any]) -> list[str]:
    """Every promise the run broke, each as one line naming its cause (the grouping key)."""
    if outcome.get("skipped"):
        return []
    if outcome.get("hang"):
        return ["hang: no answer within the timeout"]
    if outcome.get("memory"):
        where = (outcome.get("exception") or ("", "?"))[1]
        return [f"memory-out: MemoryError at {where}"]
    if "died" in outcome:
        return [f"crash: the worker died (exit {outcome['died']})"]
    problems = []
    command = case.args[0] if case.args[0] != "{spec}" else "main"
    exc = outcome["exception"]
    if exc is not None:
        problems.append(f"crash: {exc[0]} at {exc[1]}")
    elif outcome["exit"] not in (0, 1, 2):
        problems.append(f"crash: exit {outcome['exit']}")
    try:
        stdout = outcome["stdout"].decode("utf-8")
        stderr = outcome["stderr"].decode("utf-8")
    except UnicodeDecodeError:
        return [*problems, f"ill-formed: {command}: output is not UTF-8"]
    for stream, text in (("stdout", stdout), ("stderr", stderr)):
        if "Traceback (most recent call last)" in text or "internal error" in text:
            problems.append(f"crash: a traceback or internal error on {stream}")
        found = CONTROL.search(text)
        if found:
            problems.append(
                f"ill-formed: {command}: control character U+{ord(found.group()):04X} on {stream}"
            )
    ok = outcome["exit"] in (0, 1) and exc is None
    fmt = _format_of(case.args)
    shape: list[str] = []
    if fmt == "json" and (stdout.strip() or ok):
        try:
            json.loads(stdout)
        except ValueError:
            shape.append("json: does not parse")
    elif command == "draw" and fmt == "svg" and ok:
        shape += check_xml(outcome["stdout"], "svg")
    elif fmt == "html" and ok:
        shape += check_html(stdout)
    elif fmt == "csv" and ok:
        shape += check_csv(stdout)
    elif fmt == "markdown" and ok:
        shape += check_markdown(stdout)
    if command == "export" and ok:
        shape += check_export(stdout)
    if "--junit" in case.args:
        report = outcome["files"].get("report.xml")
        if report is not None:
            shape += check_xml(report, "junit")
        elif ok:
            shape.append("junit: no report written")
    if outcome.get("side_effects"):
        shape.append(f"side effect: wrote {outcome['side_effects'][:3]}")
    problems += [f"ill-formed: {command} {fmt}: {s}" if not s.startswith("side") else s for s in shape]
    return problems


# ---------------------------------------------------------------------------------------------
# The run


SLOW = 2.0  # seconds: a case this slow is listed (the issue asks for answers well under a second)


@dataclass
class Report:
    mutants: int = 0
    crashes: int = 0
    hangs: int = 0
    memory_outs: int = 0
    ill_formed: int = 0
    skipped: int = 0
    retried: int = 0  # timed out once, answered when run alone with thrice the time
    slow: list[tuple[float, Case]] = field(default_factory=list)  # not a failure: for a look
    causes: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[tuple[Case, dict[str, Any]]]] = field(default_factory=dict)

    def add(self, case: Case, outcome: dict[str, Any], problems: list[str], keep: int) -> None:
        self.mutants += 1
        if outcome.get("seconds", 0) > SLOW:
            self.slow.append((outcome["seconds"], case))
        if outcome.get("skipped"):
            self.skipped += 1
        kinds = {p.split(":")[0] for p in problems}
        self.crashes += "crash" in kinds
        self.hangs += "hang" in kinds
        self.memory_outs += "memory-out" in kinds
        self.ill_formed += bool(kinds & {"ill-formed", "side effect"})
        for problem in dict.fromkeys(problems):
            self.causes[problem] += 1
            kept = self.examples.setdefault(problem, [])
            if len(kept) < keep:
                kept.append((case, outcome))

    def summary(self) -> str:
        lines = [
            f"mutants: {self.mutants}",
            f"crashes: {self.crashes}",
            f"hangs: {self.hangs}",
            f"memory-outs: {self.memory_outs}",
            f"ill-formed outputs: {self.ill_formed}",
        ]
        if self.skipped:
            lines.append(f"skipped (file name refused by the file system): {self.skipped}")
        if self.retried:
            lines.append(f"timed out once but answered alone with thrice the time: {self.retried}")
        if self.slow:
            slowest = sorted(self.slow, key=lambda item: -item[0])[:5]
            lines.append(f"slow (over {SLOW:g} s, not counted as failures): {len(self.slow)}; slowest:")
            lines += [
                f"  {seconds:6.1f} s  mutant {case.number}: {_shell(case.argv())}"
                for seconds, case in slowest
            ]
        if self.causes:
            lines.append(f"distinct causes: {len(self.causes)}")
            for cause, count in self.causes.most_common():
                case = self.examples[cause][0][0]
                lines.append(f"  {count:6d}  {cause}   [e.g. mutant {case.number}: {_shell(case.argv())}]")
        return "\n".join(lines)


def _shell(argv: list[str]) -> str:
    import shlex

    return "cnncalc " + " ".join(shlex.quote(a) if a.isprintable() else repr(a) for a in argv)


def fuzz(
    cases: list[Case],
    jobs: int = 2,
    timeout: float = 10.0,
    memory_mb: int = 1024,
    keep: int = 3,
    progress: Callable[[int], None] | None = None,
) -> Report:
    """Run the cases on ``jobs`` workers; the report counts what each broke."""
    report = Report()
    results: dict[int, tuple[Case, dict[str, Any]]] = {}
    lock = threading.Lock()
    queue = iter(cases)

    def work() -> None:
        worker = Worker(memory_mb)
        try:
            while True:
                with lock:
                    case = next(queue, None)
                if case is None:
                    return
                outcome = worker.run(case, timeout)
                with lock:
                    results[case.number] = (case, outcome)
                    if progress is not None:
                        progress(len(results))
        finally:
            worker.stop()

    threads = [threading.Thread(target=work) for _ in range(max(1, jobs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # A hang on a loaded machine may be a slow answer: each is tried again alone with thrice the
    # time; one that answers then counts by its answer (and is listed as slow), not as a hang.
    hung = [number for number, (_, outcome) in results.items() if outcome.get("hang")]
    if hung:
        worker = Worker(memory_mb)
        try:
            for number in hung:
                case = results[number][0]
                started = time.monotonic()
                outcome = worker.run(case, 3 * timeout)
                if not outcome.get("hang"):
                    outcome["seconds"] = max(outcome.get("seconds", 0.0), time.monotonic() - started)
                    outcome["retried"] = True
                    results[number] = (case, outcome)
                    report.retried += 1
        finally:
            worker.stop()
    for number in sorted(results):  # in mutant order, whatever order the workers finished in
        case, outcome = results[number]
        report.add(case, outcome, problems_of(case, outcome), keep)
    return report


def save(report: Report, folder: Path) -> None:
    """Each cause's kept cases as <folder>/<nn>-<cause>/<mutant>/{spec file, command, result}."""
    folder.mkdir(parents=True, exist_ok=True)
    index = []
    for number, (cause, count) in enumerate(report.causes.most_common(), 1):
        slug = re.sub(r"[^A-Za-z0-9]+", "-", cause).strip("-")[:80]
        for case, outcome in report.examples[cause]:
            where = folder / f"{number:02d}-{slug}" / str(case.number)
            where.mkdir(parents=True, exist_ok=True)
            safe = re.sub(r"[^\w.-]", "_", case.filename)
            (where / "spec.yaml").write_bytes(case.text.encode("utf-8", "surrogateescape"))
            argv = [("spec.yaml" if a == "{spec}" else a) for a in case.args]
            (where / "command").write_text(
                f"# mutant {case.number} of {case.seed_path}; file name {case.filename!r}"
                f" (saved as spec.yaml, original name escaped: {safe})\n{_shell(argv)}\n",
                encoding="utf-8",
            )
            (where / "case.json").write_text(json.dumps(dataclasses.asdict(case)) + "\n", encoding="utf-8")
            shown = {k: v for k, v in outcome.items() if k != "files"}
            (where / "result").write_text(repr(shown)[:20000] + "\n", encoding="utf-8")
        index.append(f"{count:6d}  {number:02d}-{slug}  {cause}")
    (folder / "INDEX").write_text("\n".join(index) + "\n", encoding="utf-8")


def minimize(case: Case, cause: str, worker: Worker, timeout: float) -> Case:
    """The case with as many lines (then characters of the last line) dropped, and as plain a file
    name, as still break the same promise: a short reproduction."""

    def same(candidate: Case) -> bool:
        return cause in problems_of(candidate, worker.run(candidate, timeout))

    if case.filename != "spec.yaml":
        plain = dataclasses.replace(case, filename="spec.yaml")
        if same(plain):
            case = plain
    lines = case.text.split("\n")
    chunk = max(1, len(lines) // 2)
    while chunk >= 1:
        index = len(lines) - chunk
        while index >= 0:
            trial = lines[:index] + lines[index + chunk :]
            if trial and same(dataclasses.replace(case, text="\n".join(trial))):
                lines = trial
            index -= chunk
        chunk //= 2
    return dataclasses.replace(case, text="\n".join(lines))


def _saved_case(where: Path, mutator: Mutator, seed: int) -> Case:
    """A saved case: from its case.json, else made again from its mutant number and the seed."""
    if (where / "case.json").exists():
        fields = json.loads((where / "case.json").read_text(encoding="utf-8"))
        return Case(**{**fields, "args": tuple(fields["args"])})
    return next(make_cases(mutator, 1, seed, int(where.name)))


def minimize_saved(folder: Path, timeout: float, memory_mb: int, seed: int) -> None:
    """For each cause saved in folder, its first case minimized: minimal.yaml and minimal.command."""
    worker = Worker(memory_mb)
    mutator = Mutator(load_seeds())
    try:
        for cause_dir in sorted(p for p in folder.iterdir() if p.is_dir()):
            first = sorted((p for p in cause_dir.iterdir() if p.is_dir()), key=lambda p: int(p.name))[0]
            case = _saved_case(first, mutator, seed)
            outcome = worker.run(case, timeout)
            causes = problems_of(case, outcome)
            wanted = [
                c for c in causes if re.sub(r"[^A-Za-z0-9]+", "-", c).strip("-")[:80] == cause_dir.name[3:]
            ]
            if not wanted:
                print(f"{cause_dir.name}: does not reproduce ({causes})")
                continue
            small = minimize(case, wanted[0], worker, timeout)
            (cause_dir / "minimal.yaml").write_bytes(small.text.encode("utf-8", "surrogateescape"))
            argv = [("minimal.yaml" if a == "{spec}" else a) for a in small.args]
            (cause_dir / "minimal.command").write_text(
                f"# {wanted[0]}\n# file name {small.filename!r}\n{_shell(argv)}\n", encoding="utf-8"
            )
            print(f"{cause_dir.name}: {len(case.text)} -> {len(small.text)} characters")
    finally:
        worker.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mutants", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--start", type=int, default=0, help="first mutant number (to split a run)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per case")
    parser.add_argument("--memory", type=int, default=1024, help="MiB of address space per worker")
    parser.add_argument("--save", type=Path, help="folder for failing cases (a few per cause)")
    parser.add_argument("--keep", type=int, default=3, help="cases saved per cause")
    parser.add_argument(
        "--minimize", type=Path, help="a --save folder (of --seed): shrink each cause's first case"
    )
    parser.add_argument("--only", help="run only the command lines that start so (e.g. export)")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.worker:
        worker_main()
        return 0
    if options.minimize is not None:
        minimize_saved(options.minimize, options.timeout, options.memory, options.seed)
        return 0
    started = time.monotonic()
    mutator = Mutator(load_seeds())
    cases = [
        case
        for case in make_cases(mutator, options.mutants, options.seed, options.start)
        if options.only is None or " ".join(case.args).startswith(options.only)
    ]

    def progress(done: int) -> None:
        if done % 500 == 0:
            print(
                f"... {done}/{len(cases)} in {time.monotonic() - started:.0f} s", file=sys.stderr, flush=True
            )

    report = fuzz(cases, options.jobs, options.timeout, options.memory, options.keep, progress)
    print(f"seed {options.seed}, mutants {options.start}..{options.start + options.mutants - 1}")
    print(report.summary())
    print(f"time: {time.monotonic() - started:.0f} s")
    if options.save is not None:
        save(report, options.save)
        print(f"failing cases: {options.save}/INDEX")
    return 1 if report.causes else 0


if __name__ == "__main__":
    sys.exit(main())
