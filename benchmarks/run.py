"""cnncalc's benchmark: start-up, scaling to huge specs, many files, and torchinfo beside it.

    python benchmarks/run.py            # everything (about two minutes)
    python benchmarks/run.py --quick    # without the 100,000-layer specs and with fewer runs

Every figure is the median of several runs of a fresh process, timed by wall clock; the runs of
the things compared are interleaved, so that a busy machine slows both alike. It reports numbers
and never fails: targets are printed beside the figures for the reader to judge.
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPECS = ROOT / "specs"

# The layers a generated chain cycles through: every one keeps the 16×32×32 shape.
CHAIN_CYCLE = (
    "  - {type: conv2d, filters: 16, kernel: 3, padding: 1}\n",
    "  - {type: batchnorm}\n",
    "  - {type: relu}\n",
    "  - {type: maxpool, kernel: 3, stride: 1, padding: 1}\n",
)

# What the table command imports from its libraries, and nothing of cnncalc: the floor under it.
LIBRARIES = (
    "import typer, yaml, rich.console, rich.table\n"
    "from pydantic import BaseModel, TypeAdapter\n"
    "TypeAdapter(int)"
)

LENET5_TORCH = """
import torch, torchinfo
from torch import nn
model = nn.Sequential(
    nn.Conv2d(1, 6, 5), nn.Tanh(), nn.AvgPool2d(2),
    nn.Conv2d(6, 16, 5), nn.Tanh(), nn.AvgPool2d(2),
    nn.Conv2d(16, 120, 5), nn.Tanh(), nn.Flatten(),
    nn.Linear(120, 84), nn.Tanh(), nn.Linear(84, 10),
)
torchinfo.summary(model, input_size=(1, 1, 32, 32))
"""

VGG16_TORCH = """
import torch, torchinfo
from torch import nn
layers, channels = [], 3
for width in (64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M", 512, 512, 512, "M"):
    if width == "M":
        layers.append(nn.MaxPool2d(2, 2))
    else:
        layers += [nn.Conv2d(channels, width, 3, padding=1), nn.ReLU(inplace=True)]
        channels = width
model = nn.Sequential(
    *layers, nn.AdaptiveAvgPool2d((7, 7)), nn.Flatten(),
    nn.Linear(512 * 7 * 7, 4096), nn.ReLU(True), nn.Dropout(),
    nn.Linear(4096, 4096), nn.ReLU(True), nn.Dropout(), nn.Linear(4096, 1000),
)
torchinfo.summary(model, input_size=(1, 3, 224, 224))
"""


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="skip the 100,000-layer specs; fewer runs")
    parser.add_argument("--runs", type=int, default=None, help="runs per start-up figure (default 21)")
    parser.add_argument(
        "--torch-python",
        default=os.environ.get("CNNCALC_BENCH_TORCH_PYTHON"),
        help="a Python with torch and torchinfo installed (default: this one, if it has them)",
    )
    args = parser.parse_args(argv)
    runs = args.runs or (9 if args.quick else 21)
    cnncalc = _cnncalc_command()
    _machine(cnncalc)
    with tempfile.TemporaryDirectory(prefix="cnncalc-bench-") as tmp:
        work = Path(tmp)
        startup = _startup(cnncalc, runs)
        _scale(cnncalc, work, quick=args.quick)
        _many_files(cnncalc, work)
        _torchinfo(args.torch_python, startup)


# --- the parts ---------------------------------------------------------------------------------


def _startup(cnncalc: list[str], runs: int) -> float:
    _heading(f"1. Start-up (median of {runs} runs, interleaved)")
    lenet = str(SPECS / "lenet5.yaml")
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "import typer, pydantic, yaml, rich only": [sys.executable, "-c", LIBRARIES],
        "cnncalc specs/lenet5.yaml": [*cnncalc, lenet],
        "cnncalc specs/lenet5.yaml --format json": [*cnncalc, lenet, "--format", "json"],
        "cnncalc --version": [*cnncalc, "--version"],
    }
    times = _interleaved(commands, runs)
    bare = times["python -c pass"]
    for label, seconds in times.items():
        ratio = "" if label == "python -c pass" else f"{seconds / bare:6.1f}× bare"
        print(f"  {label:<42} {_ms(seconds):>10}  {ratio}")
    print(f"  target: the table under 8× bare ({_ms(8 * bare)} here)")
    return times["cnncalc specs/lenet5.yaml"]


def _scale(cnncalc: list[str], work: Path, quick: bool) -> None:
    sizes = (1_000, 10_000) if quick else (1_000, 10_000, 100_000)
    _heading("2. Scale: generated specs (median of 5 runs; 3 at 100,000 layers)")
    shapes: dict[str, Callable[[int], str]] = {"chain": chain_spec}
    if _supports_graphs(cnncalc, work):
        shapes["graph (skip every 4)"] = graph_spec
    else:
        print("  (graphs skipped: this cnncalc has no 'inputs'/'add' yet)")
    print(f"  {'spec':<22} {'layers':>8} {'json':>10} {'step':>7} {'table':>10} {'step':>7}")
    for shape, generate in shapes.items():
        previous: dict[str, float] = {}
        for size in sizes:
            path = work / f"{shape.split()[0]}_{size}.yaml"
            path.write_text(generate(size), encoding="utf-8")
            repeats = 3 if size >= 100_000 else 5
            row = f"  {shape:<22} {size:>8,}"
            for output in ("json", "table"):
                seconds = _median_time([*cnncalc, str(path), "--format", output], repeats)
                step = f"{seconds / previous[output]:6.1f}×" if output in previous else ""
                previous[output] = seconds
                row += f" {_ms(seconds):>10} {step:>7}"
            print(row)
    print("  target: linear (10× layers ≤ 11× time); 10,000 layers under 1 s for JSON")


def _many_files(cnncalc: list[str], work: Path) -> None:
    folder = work / "many"
    folder.mkdir()
    for number in range(500):
        (folder / f"net_{number:03}.yaml").write_text(small_spec(number), encoding="utf-8")
    files = sorted(str(p) for p in folder.iterdir())
    if _has_command(cnncalc, "check"):
        label, command = "cnncalc check DIR", [*cnncalc, "check", str(folder)]
    else:
        label, command = "cnncalc FILE×500 --format json", [*cnncalc, *files, "--format", "json"]
    _heading("3. Many files: 500 specs in one process (median of 3 runs)")
    seconds = _median_time(command, 3)
    print(f"  {label:<42} {_ms(seconds):>10}  ({_ms(seconds / 500)} a file)")
    print("  target: under 3 s")


def _torchinfo(torch_python: str | None, cnncalc_lenet: float) -> None:
    _heading("4. Beside torchinfo.summary (fresh process each, median of 5 runs)")
    python = torch_python or sys.executable
    try:
        probe = subprocess.run([python, "-c", "import torch, torchinfo"], capture_output=True, text=True)
    except OSError:
        probe = subprocess.CompletedProcess([python], 1)
    if probe.returncode != 0:
        print(f"  skipped: {python} has no torch and torchinfo (give one with --torch-python)")
        return
    version = subprocess.run(
        [python, "-c", "import torch, torchinfo; print(torch.__version__, torchinfo.__version__)"],
        capture_output=True,
        text=True,
    ).stdout.split()
    print(f"  torch {version[0]}, torchinfo {version[1]} ({python})")
    cnncalc = _cnncalc_command()
    for name, code, spec in (("LeNet-5", LENET5_TORCH, "lenet5.yaml"), ("VGG-16", VGG16_TORCH, "vgg16.yaml")):
        times = _interleaved({"torchinfo": [python, "-c", code], "cnncalc": [*cnncalc, str(SPECS / spec)]}, 5)
        ratio = times["torchinfo"] / times["cnncalc"]
        print(
            f"  {name:<8} torchinfo {_ms(times['torchinfo']):>10}   cnncalc {_ms(times['cnncalc']):>10}"
            f"   torchinfo takes {ratio:.1f}× as long"
        )


# --- spec generators ---------------------------------------------------------------------------


def chain_spec(layers: int) -> str:
    """A chain of ``layers`` layers that all keep the shape 16×32×32."""
    body = "".join(CHAIN_CYCLE[i % len(CHAIN_CYCLE)] for i in range(layers))
    return f"name: chain of {layers}\ninput: [16, 32, 32]\nlayers:\n{body}"


def graph_spec(layers: int) -> str:
    """Residual blocks of four layers (conv, relu, conv, add), the add taking the block's input."""
    lines = ["  - {type: conv2d, filters: 16, kernel: 3, padding: 1, name: s0}\n"]
    block = 0
    while len(lines) + 4 <= layers:
        block += 1
        lines += [
            "  - {type: conv2d, filters: 16, kernel: 3, padding: 1}\n",
            "  - {type: relu}\n",
            f"  - {{type: conv2d, filters: 16, kernel: 3, padding: 1, name: c{block}}}\n",
            f"  - {{type: add, inputs: [s{block - 1}, c{block}], name: s{block}}}\n",
        ]
    lines += [CHAIN_CYCLE[2]] * (layers - len(lines))
    return f"name: graph of {layers}\ninput: [16, 32, 32]\nlayers:\n{''.join(lines)}"


def small_spec(seed: int) -> str:
    """One of many small, different, valid specs (a LeNet-like net with varied sizes)."""
    size = 28 + seed % 8
    filters = 4 + seed % 13
    kernel = 3 + 2 * (seed % 2)
    return (
        f"name: net {seed}\ninput: [{1 + seed % 3}, {size}, {size}]\nlayers:\n"
        f"  - {{type: conv2d, filters: {filters}, kernel: {kernel}, padding: {kernel // 2}}}\n"
        "  - {type: relu}\n  - {type: maxpool, kernel: 2}\n"
        f"  - {{type: conv2d, filters: {2 * filters}, kernel: 3}}\n"
        "  - {type: batchnorm}\n  - {type: flatten}\n"
        f"  - {{type: dense, units: {32 + seed % 64}}}\n  - {{type: dense, units: 10}}\n"
    )


# --- helpers -----------------------------------------------------------------------------------


def _cnncalc_command() -> list[str]:
    script = Path(sys.executable).with_name("cnncalc")
    if script.exists():
        return [str(script)]
    found = shutil.which("cnncalc")
    return [found] if found else [sys.executable, "-m", "cnncalc"]


def _machine(cnncalc: list[str]) -> None:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor() or cpu
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"cnncalc benchmark: {' '.join(cnncalc)}")
    print(
        f"machine: {os.cpu_count()} CPUs, {cpu}; Python {platform.python_version()}; "
        f"load average {load:.2f} at start"
    )
    # What `pip install .` leaves behind: the package's bytecode. An editable install under
    # PYTHONDONTWRITEBYTECODE would otherwise recompile every module on every run.
    spec = importlib.util.find_spec("cnncalc")
    if spec is not None and spec.submodule_search_locations:
        for location in spec.submodule_search_locations:
            compileall.compile_dir(location, quiet=1)


def _supports_graphs(cnncalc: list[str], work: Path) -> bool:
    probe = work / "graph_probe.yaml"
    probe.write_text(graph_spec(9), encoding="utf-8")
    return subprocess.run([*cnncalc, str(probe), "--format", "json"], capture_output=True).returncode == 0


def _has_command(cnncalc: list[str], name: str) -> bool:
    result = subprocess.run([*cnncalc, name, "--help"], capture_output=True, text=True)
    return result.returncode == 0 and "Usage" in result.stdout and f" {name} " in result.stdout


def _run_once(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def _median_time(command: list[str], runs: int) -> float:
    return statistics.median(_run_once(command) for _ in range(runs))


def _interleaved(commands: dict[str, list[str]], runs: int) -> dict[str, float]:
    for command in commands.values():  # warm the file cache
        _run_once(command)
    samples: dict[str, list[float]] = {label: [] for label in commands}
    for _ in range(runs):
        for label, command in commands.items():
            samples[label].append(_run_once(command))
    return {label: statistics.median(values) for label, values in samples.items()}


def _heading(text: str) -> None:
    print(f"\n{text}")


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms" if seconds < 10 else f"{seconds:,.1f} s"


if __name__ == "__main__":
    main()
