"""cnncalc's benchmark: every target of issue 12 ("Fast on real networks") with its figure and
met / not met.

    python benchmarks/run.py                  # everything (see below for how long)
    python benchmarks/run.py --quick          # fewer runs, no 100,000-layer specs, 200 copies
    python benchmarks/run.py --only startup   # one section: startup, networks, scale, memory, torchinfo,
                                              # grading, onnx (its onnx.load: --torch-python's Python)
    python benchmarks/run.py --cnncalc /tmp/venv-base/bin/cnncalc   # another installed cnncalc
    python benchmarks/run.py --only scale --against /tmp/venv-base/bin/cnncalc   # old beside new

Every figure is the median of several fresh processes, timed by wall clock (``--cpu``: by their
user + system time); the things compared are run interleaved in one loop, so that a busy machine
slows both alike, and each target is a ratio of two such medians (the scale section's absolute
limits excepted). It reports and never fails: each line ends in "met" or "not met", and a summary
repeats every target at the end.

How long: on this 2-core machine a full run is about 6 minutes when it is quiet (the children's
CPU time, which a quiet machine's wall clock follows), and 15 minutes or more while four other
builds share the cores (wall clock; measured 2026-12-02); --quick is about 4 minutes quiet.

Floors. A command's floor is a bare process (same Python, ``PYDANTIC_DISABLE_PLUGINS=__all__`` as
cnncalc sets it) importing, in the same order, the library modules -- neither the standard
library's nor cnncalc's -- that the command itself has in ``sys.modules`` when it finishes, and
ending as the command ends: a cnncalc whose command ends its process at once (``cnncalc.cli.run``,
without Python's teardown) is held against a floor that ends so too, like for like; the floor
ending as a bare process does is printed beside it. The fixed floor is the issue's: ``import
typer, yaml, rich.console, rich.table`` and ``from pydantic import BaseModel, TypeAdapter``.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

if not __package__:  # run as a script: make ``benchmarks`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import specs as generated

ROOT = Path(__file__).resolve().parent.parent
SPECS = ROOT / "specs"
# The zoo's slowest tables (the most layers and the longest names; issue 12's follow-up).
ZOO_LARGEST = ("densenet201", "efficientnet_b7", "efficientnet_v2_l", "convnext_large")
SECTIONS = ("startup", "networks", "scale", "memory", "torchinfo", "grading", "onnx")

FIXED_FLOOR = "import typer, yaml, rich.console, rich.table\nfrom pydantic import BaseModel, TypeAdapter\n"

# Runs cnncalc's main() as its console script does, and writes the modules it imported, in import
# order, to argv[1] when it returns (main, not the script: the script ends the process at once).
RECORDER = r"""
import sys
del sys.path[0]  # python -c's working directory: the installed cnncalc, not a checkout's
before = set(sys.modules)
out, args = sys.argv[1], sys.argv[3:]
sys.argv = ["cnncalc", *args]
from cnncalc.cli import main
try:
    main()
except SystemExit:
    pass
with open(out, "w", encoding="utf-8") as f:
    f.write("\n".join(m for m in list(sys.modules) if m not in before))
"""

# The floor: the modules named in argv[1] (one a line), imported in that order by ``__import__``,
# as an import statement does (``importlib.import_module`` would bypass ``-X importtime``'s log);
# the harnesses below start with the same imports.
IMPORT_LISTED = r"""
for name in open(sys.argv[1], encoding="utf-8").read().split():
    try:
        __import__(name)
    except Exception:
        pass
"""
FLOOR = "import sys\n" + IMPORT_LISTED

# A floor that ends as cnncalc's command does: at once, without Python's teardown.
FLOOR_ENDS_AT_ONCE = "import os\nos._exit(0)\n"

# The harnesses run as cnncalc does: the installed cnncalc, not a checkout's (python -c's working
# directory left off sys.path), pydantic's plugins off; then they import the floor's modules.
_SETUP = r"""
import os, runpy, sys, time
del sys.path[0]
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
"""
# cnncalc's own share: the floor's modules first, then the command timed by perf_counter.
HARNESS = (
    _SETUP
    + IMPORT_LISTED
    + r"""
sys.argv = ["cnncalc", *sys.argv[3:]]
start = time.perf_counter()
try:
    from cnncalc.cli import main  # main, not the console script: that ends the process at once
    main()
except SystemExit:
    pass
elapsed = time.perf_counter() - start
own = sum(name.partition(".")[0] == "cnncalc" for name in sys.modules)
os.write(2, ("cnncalc-bench-total %.6f %d\n" % (elapsed, own)).encode())
"""
)


# The libraries' work for cnncalc's declarations, inside cnncalc's own share: pydantic creating
# model classes and building their validators, and TypeAdapters (typer builds one per option on
# every call). Wrapped by name, as a measurement only (exclusive times: a validator built inside a
# class's creation counts once, as a build); a pydantic without these names is reported as such.
PROBE = (
    _SETUP
    + IMPORT_LISTED
    + r"""
spent = {"classes": 0.0, "validators": 0.0, "adapters": 0.0}
counts = dict.fromkeys(spent, 0)
inner = [0.0]
def timed(kind, call):
    def wrapper(*args, **kwargs):
        outer, inner[0] = inner[0], 0.0
        start = time.perf_counter()
        try:
            return call(*args, **kwargs)
        finally:
            elapsed = time.perf_counter() - start
            spent[kind] += elapsed - inner[0]
            counts[kind] += 1
            inner[0] = outer + elapsed
    return wrapper
try:
    import pydantic
    from pydantic import BaseModel  # pydantic's own classes made before the probe is in place
    from pydantic._internal import _model_construction as construction
    meta = construction.ModelMetaclass
    meta.__new__ = timed("classes", meta.__new__)
    construction.complete_model_class = timed("validators", construction.complete_model_class)
    pydantic.TypeAdapter.__init__ = timed("adapters", pydantic.TypeAdapter.__init__)
except (ImportError, AttributeError):
    os.write(2, b"cnncalc-bench-probe unavailable\n")
    raise SystemExit(0)
target, sys.argv = sys.argv[2], ["cnncalc", *sys.argv[3:]]
sys.stdout = open(os.devnull, "w")
start = time.perf_counter()
try:
    if target == "main":  # cnncalc's main, as its console script runs it
        from cnncalc.cli import main
        main()
    else:  # a Python file (the probe's own test)
        runpy.run_path(target, run_name="__main__")
except SystemExit:
    pass
total = time.perf_counter() - start
line = " ".join(f"{kind} {spent[kind]:.6f} {counts[kind]}" for kind in spent)
os.write(2, f"cnncalc-bench-probe total {total:.6f} {line}\n".encode())
"""
)

# --- what is measured ---------------------------------------------------------------------------


@dataclass
class Sample:
    seconds: float  # wall clock, or user + system time under --cpu
    max_rss_kib: int
    code: int


@dataclass
class Target:
    what: str
    figure: str
    ratio: float
    limit: float
    unit: str = "×"

    @property
    def met(self) -> bool:
        return self.ratio <= self.limit

    def line(self) -> str:
        verdict = "met" if self.met else "NOT MET"
        return (
            f"  {self.what:<52} {self.figure:>20} {self.ratio:6.2f}{self.unit} ≤ "
            f"{self.limit:g}{self.unit}  {verdict}"
        )


@dataclass
class Cnncalc:
    """The cnncalc measured: its command line, and the Python it runs on (for its floors)."""

    command: list[str]
    python: str
    cpu: bool = False
    targets: list[Target] = field(default_factory=list)
    # Another cnncalc (--against) run interleaved with this one in the networks and scale
    # sections: its figure is printed under each target (the targets stay this one's).
    against: Cnncalc | None = None

    def report(self, target: Target) -> None:
        self.targets.append(target)
        print(target.line())


def child_env(**extra: str) -> dict[str, str]:
    """The environment of every measured process: bytecode written once and read after, no
    terminal width but the one a case gives."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "COLUMNS", "LINES")}
    env.update(extra)
    return env


def run_once(command: Sequence[str], cpu: bool = False, env: dict[str, str] | None = None) -> Sample:
    start = time.perf_counter()
    process = subprocess.Popen(
        list(command), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env or child_env()
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = usage.ru_utime + usage.ru_stime if cpu else wall
    return Sample(seconds, usage.ru_maxrss, process.returncode)


@dataclass
class Case:
    label: str
    command: list[str]
    env: dict[str, str] | None = None


def interleaved(cases: Sequence[Case], runs: int, cpu: bool) -> dict[str, float]:
    """The median time of each case over ``runs`` rounds, every round running each case once."""
    for case in cases:  # warm the file cache and write the bytecode
        if run_once(case.command, cpu, case.env).code != 0:
            print(f"  (warning: {case.label} exits with an error)")
    samples: dict[str, list[float]] = {case.label: [] for case in cases}
    for _ in range(runs):
        for case in cases:
            samples[case.label].append(run_once(case.command, cpu, case.env).seconds)
    return {label: statistics.median(values) for label, values in samples.items()}


# --- 1. start-up --------------------------------------------------------------------------------

STARTUP_COMMANDS: dict[str, tuple[list[str], float]] = {
    "cnncalc specs/lenet5.yaml": ([str(SPECS / "lenet5.yaml")], 1.15),
    "cnncalc specs/lenet5.yaml --format json": ([str(SPECS / "lenet5.yaml"), "--format", "json"], 1.1),
    "cnncalc conv ...": (
        ["conv", "--input", "32x32x3", "--kernel", "5", "--filters", "10", "--padding", "2"],
        1.1,
    ),
    "cnncalc pool ...": (["pool", "--input", "28x28x6", "--kernel", "2"], 1.1),
    "cnncalc solve ...": (["solve", "--input", "7", "--kernel", "3"], 1.1),
}


def library_modules(cnncalc: Cnncalc, args: Sequence[str], work: Path) -> list[str]:
    """The library modules (not the standard library's, not cnncalc's) the command has imported
    when it ends, in the order they were imported."""
    out = work / "modules.txt"
    code = [cnncalc.python, "-c", RECORDER, str(out), "main", *args]
    subprocess.run(code, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=child_env(), check=False)
    names = out.read_text(encoding="utf-8").split() if out.exists() else []
    return [name for name in names if _is_library(name)]


def fixed_floor_modules(python: str, work: Path) -> list[str]:
    out = work / "fixed.txt"
    code = f"import sys\nbefore = set(sys.modules)\n{FIXED_FLOOR}"
    code += f"open({str(out)!r}, 'w').write('\\n'.join(m for m in sys.modules if m not in before))"
    subprocess.run([python, "-c", code], env=child_env(), check=False)
    return [name for name in out.read_text(encoding="utf-8").split() if _is_library(name)]


def _is_library(name: str) -> bool:
    top = name.partition(".")[0]
    return top not in sys.stdlib_module_names and top != "cnncalc" and not top.startswith("__")


def import_times(python: str, code_args: Sequence[str], env: dict[str, str]) -> tuple[dict[str, int], str]:
    """Each module's own import time in µs from ``-X importtime``, and the process's stderr."""
    result = subprocess.run(
        [python, "-X", "importtime", *code_args], capture_output=True, text=True, env=env, check=False
    )
    own: dict[str, int] = {}
    for line in result.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            fields = line[len("import time:") :].split("|")
            if fields[0].strip().isdigit():
                own[fields[2].strip()] = int(fields[0])
    return own, result.stderr


def startup(cnncalc: Cnncalc, work: Path, runs: int) -> None:
    _heading(f"1. Start-up (median of {runs} interleaved runs of each)")
    plugins_off = child_env(PYDANTIC_DISABLE_PLUGINS="__all__")
    fixed = fixed_floor_modules(cnncalc.python, work)
    at_once = _ends_at_once(cnncalc)
    cases = [
        Case("python -c pass", [cnncalc.python, "-c", "pass"]),
        Case("fixed floor (typer, yaml, rich, pydantic)", [cnncalc.python, "-c", FIXED_FLOOR], plugins_off),
        Case("cnncalc --version", [*cnncalc.command, "--version"]),
    ]
    modules = {label: library_modules(cnncalc, args, work) for label, (args, _) in STARTUP_COMMANDS.items()}
    floors: dict[tuple[str, ...], str] = {}  # one floor for the commands importing the same modules
    for label, (args, _) in STARTUP_COMMANDS.items():
        names = tuple(modules[label])
        if names not in floors:
            floors[names] = f"floor {'ABCDE'[len(floors)]}"
            listing = work / f"floor-{len(floors)}.txt"
            listing.write_text("\n".join(names), encoding="utf-8")
            cases.append(Case(floors[names], [cnncalc.python, "-c", FLOOR, str(listing)], plugins_off))
            ended = [cnncalc.python, "-c", FLOOR + FLOOR_ENDS_AT_ONCE, str(listing)]
            cases.append(Case(floors[names] + " ended at once", ended, plugins_off))
        cases.append(Case(label, [*cnncalc.command, *args]))
    times = interleaved(cases, runs, cnncalc.cpu)
    bare, fixed_time = times["python -c pass"], times[cases[1].label]
    for case in cases[:3]:
        print(f"  {case.label:<48} {_ms(times[case.label]):>10}  {times[case.label] / bare:5.1f}× bare")
    if at_once:
        print(
            "  cnncalc ends its process at once, without Python's teardown of the modules and objects\n"
            "  it made: each target is against its floor ended so too (like for like); the floor ending\n"
            "  as a bare process does is beside it"
        )
    used: dict[str, float] = {}
    for label, (_, limit) in STARTUP_COMMANDS.items():
        own, floor_label = times[label], floors[tuple(modules[label])]
        plain, ended = times[floor_label], times[floor_label + " ended at once"]
        floor = used[label] = ended if at_once else plain
        print(
            f"  {label:<48} {_ms(own):>10}; {floor_label} {_ms(floor)} ({floor / fixed_time:.2f}× the fixed)"
            + (f"; ending as a bare process does {_ms(plain)}: {own / plain:.2f}×" if at_once else "")
        )
        _extra_modules(cnncalc, modules[label], fixed, work)
        cnncalc.report(Target(f"start-up: {label}", f"{_ms(own)} / {_ms(floor)}", own / floor, limit))
    _own_share(cnncalc, work, modules, used, 3)


def _ends_at_once(cnncalc: Cnncalc) -> bool:
    """Whether this cnncalc's command ends its process without Python's teardown (``cnncalc.cli.run``)."""
    code = "import cnncalc.cli, sys; sys.exit(0 if hasattr(cnncalc.cli, 'run') else 1)"
    return subprocess.run([cnncalc.python, "-c", code], env=child_env(), check=False).returncode == 0


def _extra_modules(cnncalc: Cnncalc, names: list[str], fixed: list[str], work: Path) -> None:
    """How many library modules the command imports beyond the fixed floor, and the largest (by
    their own import time in its floor, under ``-X importtime``)."""
    fixed_set = set(fixed)
    extra = [name for name in names if name not in fixed_set]
    listing = work / "extra.txt"
    listing.write_text("\n".join(names), encoding="utf-8")
    env = child_env(PYDANTIC_DISABLE_PLUGINS="__all__")
    own, _ = import_times(cnncalc.python, ["-c", FLOOR, str(listing)], env)
    largest = sorted(extra, key=lambda name: -own.get(name, 0))[:4]
    shown = ", ".join(f"{name} {own.get(name, 0) / 1000:.1f} ms" for name in largest)
    unused = len(fixed_set - set(names))
    print(
        f"      {len(names)} library modules: {len(extra)} beyond the fixed floor's {len(fixed)}"
        f", {unused} of which it does not import; largest: {shown}"
    )


def _own_share(
    cnncalc: Cnncalc, work: Path, modules: dict[str, list[str]], floors: dict[str, float], runs: int
) -> None:
    print(
        f"  cnncalc's own share, median of {runs}: the command's library modules imported first, then the\n"
        "  command run under -X importtime and timed by perf_counter: (i) the cnncalc.* modules' own\n"
        "  import times; (ii) the rest of that time: the run after (and between) its imports, with the\n"
        "  standard library modules it imports"
    )
    env = child_env(PYDANTIC_DISABLE_PLUGINS="__all__")
    for label, (args, limit) in STARTUP_COMMANDS.items():
        listing = work / "share.txt"
        listing.write_text("\n".join(modules[label]), encoding="utf-8")
        imports, totals, unlogged = [], [], 0
        for _ in range(runs):
            code = ["-c", HARNESS, str(listing), "main", *args]
            own, stderr = import_times(cnncalc.python, code, env)
            logged = {name: us for name, us in own.items() if name.partition(".")[0] == "cnncalc"}
            ends = [line.split() for line in stderr.splitlines() if line.startswith("cnncalc-bench-total")]
            imports.append(sum(logged.values()) / 1e6)
            totals.append(float(ends[0][1]) if ends else float("nan"))
            unlogged = int(ends[0][2]) - len(logged) if ends else 0
        imported, total = statistics.median(imports), statistics.median(totals)
        print(
            f"  {label:<48} {_ms(total):>10}: (i) imports {_ms(imported)}, (ii) after imports"
            f" {_ms(total - imported)}"
        )
        if unlogged > 0:  # importlib.import_module bypasses -X importtime's log
            print(f"      ({unlogged} cnncalc modules imported by importlib are not in the log: in (ii))")
        _library_work(cnncalc, listing, args, limit * floors[label] - floors[label], runs)


def _library_work(cnncalc: Cnncalc, listing: Path, args: Sequence[str], budget: float, runs: int) -> None:
    """Within the own share: the libraries' work for cnncalc's declarations (pydantic's model
    classes and validators, typer's TypeAdapters), beside the time the target leaves for all of
    cnncalc's own share (``budget``: the limit's ratio less one, times the floor)."""
    env = child_env(PYDANTIC_DISABLE_PLUGINS="__all__")
    samples: list[dict[str, tuple[float, int]]] = []
    for _ in range(runs):
        code = [cnncalc.python, "-c", PROBE, str(listing), "main", *args]
        result = subprocess.run(code, capture_output=True, text=True, env=env, check=False)
        for line in result.stderr.splitlines():
            if line.startswith("cnncalc-bench-probe unavailable"):
                print("      (this pydantic has not the names the probe wraps: no breakdown)")
                return
            if line.startswith("cnncalc-bench-probe total"):
                words = line.split()[2:]
                sample = {"total": (float(words[0]), 0)}
                for at in range(1, len(words), 3):
                    sample[words[at]] = (float(words[at + 1]), int(words[at + 2]))
                samples.append(sample)
    if not samples:
        return

    def median(kind: str) -> float:
        return statistics.median(sample[kind][0] for sample in samples)

    kinds = ("classes", "validators", "adapters")
    parts = [median(kind) for kind in kinds]
    tenths = [f"{median(kind) * 1000:.1f} ms ({samples[0][kind][1]})" for kind in kinds]
    print(
        f"      of which the libraries, for cnncalc's declarations: pydantic's model classes {tenths[0]},"
        f" their validators {tenths[1]}, TypeAdapters {tenths[2]}: {sum(parts) * 1000:.1f} ms, against"
        f" the {budget * 1000:.1f} ms the target leaves for the whole own share"
    )


# --- 2. real networks ---------------------------------------------------------------------------


def network_specs(cnncalc: Cnncalc, work: Path) -> list[tuple[str, Path, int]]:
    """The two largest shipped specs (by layers after expansion), the zoo's largest and the
    generated networks."""
    found = []
    for path in sorted(SPECS.glob("*.yaml")):
        layers = _layer_count(cnncalc, path)
        if layers:
            found.append((f"specs/{path.name}", path, layers))
    found.sort(key=lambda item: -item[2])
    chosen = found[:2]
    for model in ZOO_LARGEST:
        path = ROOT / "zoo" / f"{model}.yaml"
        chosen.append((f"zoo {model}", path, _layer_count(cnncalc, path)))
    for label, text in (
        ("DenseNet-121*", generated.densenet121_spec()),
        ("EfficientNet-B0* (no SE)", generated.efficientnet_spec()),
        ("EfficientNet-B0* depth ×3.1", generated.efficientnet_spec(3.1)),  # B7's depth
        ("noted chain*", generated.noted_spec(500)),
    ):
        path = work / f"network-{len(chosen)}.yaml"
        path.write_text(text, encoding="utf-8")
        chosen.append((label, path, _layer_count(cnncalc, path)))
    return chosen


def _layer_count(cnncalc: Cnncalc, path: Path) -> int:
    result = subprocess.run(
        [*cnncalc.command, str(path), "--format", "json"], capture_output=True, text=True, env=child_env()
    )
    try:
        return len(json.loads(result.stdout)["layers"])
    except (ValueError, KeyError, TypeError):
        return 0


# The variants, run on DenseNet-121: a graph of 427 layers with concat, the worst table.
VARIANTS: dict[str, tuple[list[str], dict[str, str]]] = {
    "--rf": (["--rf"], {}),
    "--dtype float16": (["--dtype", "float16"], {}),
    "--depth 1": (["--depth", "1"], {}),
    "COLUMNS=60": ([], {"COLUMNS": "60"}),
    "COLUMNS=100": ([], {"COLUMNS": "100"}),
    "COLUMNS=250": ([], {"COLUMNS": "250"}),
}
VARIED = "DenseNet-121*"
NOTED_VARIANTS: dict[str, tuple[list[str], dict[str, str]]] = {
    "--convention keras": (["--convention", "keras"], {}),
    "COLUMNS=60": VARIANTS["COLUMNS=60"],
}


def _network_cases(cnncalc: Cnncalc, networks: list[tuple[str, Path, int]]) -> Iterator[tuple[Case, str]]:
    """Every case with the LeNet-5 figure it is compared with ("table" or "json")."""
    for label, path, layers in networks:
        name = f"{label} ({layers} layers)"
        yield Case(f"{name} table", [*cnncalc.command, str(path)]), "table"
        yield Case(f"{name} json", [*cnncalc.command, str(path), "--format", "json"]), "json"
        variants = VARIANTS if label == VARIED else NOTED_VARIANTS if label.startswith("noted") else {}
        for variant, (args, env) in variants.items():
            yield Case(f"{name} {variant}", [*cnncalc.command, str(path), *args], child_env(**env)), "table"


def networks(cnncalc: Cnncalc, work: Path, runs: int) -> None:
    _heading(f"2. Real networks, ≤ 1,000 layers, the zoo's largest (median of {runs} runs, with LeNet-5's)")
    print("  (* generated by benchmarks/specs.py; plain runs are not a terminal: 140 columns)")
    specs = network_specs(cnncalc, work)
    sets = [_network_set(install, specs, tag) for install, tag in _installs(cnncalc)]
    every = [case for base, compared in sets for case in (*base.values(), *(c for c, _ in compared))]
    times = interleaved(every, runs, cnncalc.cpu)
    (base, compared), *others = sets
    for case in (case for base_cases, _ in sets for case in base_cases.values()):
        print(f"  {case.label:<48} {_ms(times[case.label]):>10}")
    for number, (case, output) in enumerate(compared):
        reference = times[base[output].label]
        limit = 1.3 if output == "table" else 1.2
        figure = f"{_ms(times[case.label])} / {_ms(reference)}"
        cnncalc.report(Target(case.label, figure, times[case.label] / reference, limit))
        for other_base, other_compared in others:
            other, other_reference = times[other_compared[number][0].label], times[other_base[output].label]
            _against(f"{_ms(other)} / {_ms(other_reference)}", other / other_reference, "×")


def _installs(cnncalc: Cnncalc) -> list[tuple[Cnncalc, str]]:
    """The cnncalc measured and, under --against, the other, with the tag of its cases' labels."""
    return [(cnncalc, "")] + ([(cnncalc.against, " [against]")] if cnncalc.against else [])


def _against(figure: str, ratio: float, unit: str) -> None:
    """The --against cnncalc's figure, under the target it is beside."""
    print(f"    {'against:':<50} {figure:>20} {ratio:6.2f}{unit}")


def _network_set(
    install: Cnncalc, specs: list[tuple[str, Path, int]], tag: str
) -> tuple[dict[str, Case], list[tuple[Case, str]]]:
    """One install's LeNet-5 cases, and each network's with the LeNet-5 figure it is compared with."""
    lenet = str(SPECS / "lenet5.yaml")
    base = {
        "table": Case(f"LeNet-5 table{tag}", [*install.command, lenet]),
        "json": Case(f"LeNet-5 json{tag}", [*install.command, lenet, "--format", "json"]),
    }
    compared = [
        (Case(case.label + tag, case.command, case.env), output)
        for case, output in _network_cases(install, specs)
    ]
    return base, compared


# --- 3. scale -----------------------------------------------------------------------------------


def scale(cnncalc: Cnncalc, work: Path, quick: bool, runs: int) -> None:
    sizes = (1_000, 10_000) if quick else (1_000, 10_000, 100_000)
    _heading(f"3. Scale: generated specs (median of up to {runs} interleaved runs; fewer past 15 s)")
    installs = _installs(cnncalc)
    for shape, generate in (("chain", generated.chain_spec), ("graph", generated.graph_spec)):
        paths = {}
        for size in sizes:
            paths[size] = work / f"{shape}_{size}.yaml"
            paths[size].write_text(generate(size), encoding="utf-8")
        for output in ("json", "table"):
            timed = _sized([install for install, _ in installs], paths, output, runs)
            for (_, tag), times in zip(installs, timed, strict=True):
                row = "  ".join(f"{size:,}: {_ms(seconds)}" for size, seconds in times.items())
                print(f"  {shape} {output:<5} {row}{tag}")
            times, *others = timed
            for size, seconds in times.items():
                if size >= 10_000:
                    limit = 1.0 if size == 10_000 else 8.0
                    cnncalc.report(
                        Target(f"{shape} of {size:,} {output}", _ms(seconds), seconds, limit, " s")
                    )
                    for other in others:
                        _against(_ms(other[size]), other[size], " s")
                    step = seconds / times[size // 10]
                    figure = f"{_ms(seconds)} / {_ms(times[size // 10])}"
                    cnncalc.report(Target(f"{shape} {size // 10:,} → {size:,} {output}", figure, step, 10.5))
                    for other in others:
                        _against(
                            f"{_ms(other[size])} / {_ms(other[size // 10])}",
                            other[size] / other[size // 10],
                            "×",
                        )


def _sized(installs: list[Cnncalc], paths: dict[int, Path], output: str, runs: int) -> list[dict[int, float]]:
    """Each install's median per size over ``runs`` rounds, the installs interleaved in each
    round; a size stops being run once it has taken 15 s (for that install)."""
    samples: list[dict[int, list[float]]] = [{size: [] for size in paths} for _ in installs]
    for _ in range(runs):
        for size, path in paths.items():
            for install, taken in zip(installs, samples, strict=True):
                if sum(taken[size]) < 15:
                    command = [*install.command, str(path), "--format", output]
                    taken[size].append(run_once(command, install.cpu).seconds)
    return [{size: statistics.median(values) for size, values in taken.items()} for taken in samples]


# --- 4. memory ----------------------------------------------------------------------------------


def memory(cnncalc: Cnncalc, work: Path, copies: int, runs: int) -> None:
    _heading(f"4. Memory and many files: cnncalc check, peak RSS by os.wait4 (median of {runs})")
    one, many, small = work / "one", work / "many", work / "small"
    for folder, count in ((one, 1), (many, copies)):
        folder.mkdir()
        for number in range(count):
            shutil.copyfile(SPECS / "resnet50.yaml", folder / f"resnet50_{number:04}.yaml")
    small.mkdir()
    for number in range(500):
        (small / f"net_{number:03}.yaml").write_text(generated.small_spec(number), encoding="utf-8")
    samples = {
        folder: [run_once([*cnncalc.command, "check", str(folder)], cnncalc.cpu)]
        for folder in (one, many, small)
    }
    for _ in range(runs - 1):
        for folder in (one, small):
            samples[folder].append(run_once([*cnncalc.command, "check", str(folder)], cnncalc.cpu))
    rss = {
        folder: statistics.median(sample.max_rss_kib for sample in samples[folder]) / 1024
        for folder in samples
    }
    seconds = {folder: statistics.median(sample.seconds for sample in samples[folder]) for folder in samples}
    print(f"  {'check over 1 copy of specs/resnet50.yaml':<52} {rss[one]:8.1f} MiB in {_ms(seconds[one])}")
    print(f"  {f'check over {copies:,} copies (one run)':<52} {rss[many]:8.1f} MiB in {_ms(seconds[many])}")
    print(
        f"  {'check over 500 small specs':<52} {rss[small]:8.1f} MiB in {_ms(seconds[small])}"
        f" ({_ms(seconds[small] / 500)} a file)"
    )
    figure = f"{rss[many]:.0f} / {rss[one]:.0f} MiB"
    cnncalc.report(Target(f"check peak RSS, {copies:,} specs / 1 spec", figure, rss[many] / rss[one], 1.2))


# --- 5. torchinfo -------------------------------------------------------------------------------

# The networks torchinfo summarises (benchmarks/torch_models.py) and the specs of the same nets.
TORCH_MODELS = {"LeNet-5": "lenet5", "VGG-16": "vgg16", "ResNet-50": "resnet50"}


def torchinfo(cnncalc: Cnncalc, torch_python: str | None, runs: int) -> None:
    _heading(f"5. Beside torchinfo.summary (fresh processes, median of {runs} interleaved runs)")
    python = torch_python or sys.executable
    try:
        probe = subprocess.run(
            [python, "-c", "import torch, torchinfo; print(torch.__version__, torchinfo.__version__)"],
            capture_output=True,
            text=True,
            env=child_env(),
        )
    except OSError:
        probe = subprocess.CompletedProcess([python], 1, "", "")
    if probe.returncode != 0:
        print(f"  skipped: {python} has no torch and torchinfo (give one with --torch-python)")
        return
    torch_version, torchinfo_version = probe.stdout.split()[:2]
    print(f"  torch {torch_version}, torchinfo {torchinfo_version} ({python})")
    for name, model in TORCH_MODELS.items():
        cases = [
            Case("torchinfo", [python, str(Path(__file__).resolve().with_name("torch_models.py")), model]),
            Case("cnncalc", [*cnncalc.command, str(SPECS / f"{model}.yaml")]),
        ]
        times = interleaved(cases, runs, cnncalc.cpu)
        print(
            f"  {name:<10} torchinfo {_ms(times['torchinfo']):>10}   cnncalc {_ms(times['cnncalc']):>10}"
            f"   torchinfo / cnncalc = {times['torchinfo'] / times['cnncalc']:.1f}×"
        )


# --- the run ------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> None:
    args = _parser().parse_args(argv)
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(line_buffering=True)  # each line as it is measured
    cnncalc = _cnncalc(args.cnncalc, args.cpu)
    if args.against:
        cnncalc.against = _cnncalc(args.against, args.cpu)
    only = set(args.only or SECTIONS)
    started = time.perf_counter()
    here = os.getcwd()
    with tempfile.TemporaryDirectory(prefix="cnncalc-bench-") as tmp:
        work = Path(tmp)
        # Every child runs in the temporary folder: ``python -c`` puts its working directory
        # first on sys.path, and a checkout's cnncalc/ there would be imported instead.
        os.chdir(work)
        try:
            _machine(cnncalc, args.quick)
            for section in SECTIONS:
                if section in only:
                    (work / section).mkdir()
                    _run_section(section, cnncalc, work / section, args)
        finally:
            os.chdir(here)
    _heading("7. Summary: every target")
    for target in cnncalc.targets:
        print(target.line())
    met = sum(target.met for target in cnncalc.targets)
    print(
        f"  {met} of {len(cnncalc.targets)} targets met; the run took {time.perf_counter() - started:.0f} s"
    )


# Runs of each figure, (full, --quick), per section: what fits about 6 minutes in all.
RUNS = {
    "startup": (9, 5),
    "networks": (4, 3),
    "scale": (3, 2),
    "memory": (3, 1),
    "torchinfo": (3, 2),
    "grading": (3, 2),
    "onnx": (5, 3),
}


def _run_section(section: str, cnncalc: Cnncalc, work: Path, args: argparse.Namespace) -> None:
    runs = args.runs or RUNS[section][args.quick]
    if section == "startup":
        startup(cnncalc, work, runs)
    elif section == "networks":
        networks(cnncalc, work, runs)
    elif section == "scale":
        scale(cnncalc, work, args.quick, runs)
    elif section == "memory":
        memory(cnncalc, work, 200 if args.quick else 1000, runs)
    elif section == "torchinfo":
        torchinfo(cnncalc, args.torch_python, runs)
    elif section == "grading":
        from benchmarks import grading  # it imports this module

        _heading(f"6. Grading a class: cnncalc grade (median of {runs} interleaved runs)")
        grading.grading(cnncalc, work, runs)
    elif section == "onnx":
        from benchmarks import onnx_read  # it imports this module

        _heading(f"6b. Reading a 100 MB ONNX file, beside onnx.load (median of {runs} interleaved runs)")
        onnx_read.onnx_read(cnncalc, args.torch_python, work, runs)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="fewer runs, no 100,000-layer specs, 200 copies")
    parser.add_argument(
        "--runs", type=int, default=None, help="runs of each figure (default: per section, 3 to 9)"
    )
    parser.add_argument(
        "--only", action="append", choices=SECTIONS, help="run only this section (repeatable)"
    )
    parser.add_argument(
        "--cpu", action="store_true", help="time by the processes' CPU time, not the wall clock"
    )
    parser.add_argument(
        "--cnncalc", default=None, help="the cnncalc to measure (default: the one beside this Python)"
    )
    parser.add_argument(
        "--against",
        default=None,
        help="another installed cnncalc, run interleaved with it in the networks and scale sections",
    )
    parser.add_argument(
        "--torch-python",
        default=os.environ.get("CNNCALC_BENCH_TORCH_PYTHON"),
        help="a Python with torch and torchinfo, and onnx for the onnx section "
        "(default: $CNNCALC_BENCH_TORCH_PYTHON, else this one)",
    )
    return parser


def _cnncalc(path: str | None, cpu: bool) -> Cnncalc:
    """The cnncalc to measure and its Python: a console script's own (its ``#!`` line)."""
    if path is None:
        script = Path(sys.executable).with_name("cnncalc")
        path = str(script) if script.exists() else shutil.which("cnncalc")
    if path is None:
        return Cnncalc([sys.executable, "-m", "cnncalc"], sys.executable, cpu)
    path = os.path.abspath(shutil.which(path) or path)
    first = Path(path).read_bytes()[:200].split(b"\n", 1)[0]
    python = first[2:].decode().strip() if first.startswith(b"#!") else sys.executable
    return Cnncalc([path], python, cpu)


def _machine(cnncalc: Cnncalc, quick: bool) -> None:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    version = subprocess.run(
        [
            cnncalc.python,
            "-c",
            "import platform, sys; del sys.path[0]; import cnncalc as c;"
            " print(platform.python_version(), c.__version__, c.__file__)",
        ],
        capture_output=True,
        text=True,
        env=child_env(),
    ).stdout.split()
    print(f"cnncalc benchmark{' (quick)' if quick else ''}: {' '.join(cnncalc.command)}")
    if len(version) == 3:
        print(f"cnncalc {version[1]} from {Path(version[2]).parent}; Python {version[0]} ({cnncalc.python})")
    print(
        f"machine: {os.cpu_count()} CPUs, {cpu}; load average {os.getloadavg()[0]:.2f} at start; "
        f"timed by {'CPU time' if cnncalc.cpu else 'wall clock'}"
    )


def _heading(text: str) -> None:
    print(f"\n{text}", flush=True)


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms" if seconds < 10 else f"{seconds:,.1f} s"


if __name__ == "__main__":
    main()
