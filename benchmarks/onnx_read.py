"""How fast cnncalc reads an ONNX file, beside ``onnx.load`` (issue 14: a 100 MB file in ≤ 1.3× the
time of ``onnx.load`` alone, with peak memory ≤ 1.5× the file's size).

The file is built with ``onnx.helper`` by a Python that has the ``onnx`` package (``--onnx-python``,
else this one): 11 convolutions of 512×512×3×3 float weights (about 104 MB), as a VGG's late
stages hold. Each figure is a fresh process: the time is that of the call alone (``onnx.load(path)``;
cnncalc's ``cnncalc.importers.onnx.read(path)``, the file into the spec's data), the median of the
runs, interleaved; the peak memory is the process's maximum resident set (``ru_maxrss``), imports
and interpreter included, beside the file's size.

    python benchmarks/onnx_read.py --onnx-python /tmp/venv-emit/bin/python

``benchmarks/run.py`` calls :func:`onnx_read` as one of its sections (``--only onnx``); without an
``onnx`` package it is skipped.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import run

TIME_LIMIT = 1.3
MEMORY_LIMIT = 1.5

BUILD = r"""
import sys, numpy as np, onnx
from onnx import TensorProto, helper, numpy_helper
nodes, inits, x = [], [], "x"
for i in range(11):
    w = np.random.default_rng(i).standard_normal((512, 512, 3, 3)).astype(np.float32)
    inits.append(numpy_helper.from_array(w, f"w{i}"))
    nodes.append(helper.make_node("Conv", [x, f"w{i}"], [f"c{i}"], name=f"conv{i}", pads=[1, 1, 1, 1]))
    nodes.append(helper.make_node("Relu", [f"c{i}"], [f"r{i}"], name=f"relu{i}"))
    x = f"r{i}"
x_in = helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 512, 14, 14])
graph = helper.make_graph(nodes, "big", [x_in],
                          [helper.make_tensor_value_info(x, TensorProto.FLOAT, None)], inits)
onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), sys.argv[1])
"""

# One measurement in a fresh process: the call's time and the process's peak resident set.
MEASURE = r"""
import resource, sys, time
from pathlib import Path
path = sys.argv[2]
if sys.argv[1] == "onnx":
    import onnx
    started = time.perf_counter()
    onnx.load(path)
    parse = 0.0
else:
    from cnncalc.importers.onnx import read
    started = time.perf_counter()
    read(Path(path))
elapsed = time.perf_counter() - started
if sys.argv[1] != "onnx":  # the file's protobuf alone, already imported: the rest is first imports
    import mmap
    from cnncalc.importers.onnx_wire import read_model
    with open(path, "rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as buf:
        again = time.perf_counter()
        read_model(buf)
        parse = time.perf_counter() - again
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # kilobytes on Linux
print('{"seconds": %r, "parse": %r, "peak": %d}' % (elapsed, parse, peak))
"""


def _measure(python: str, which: str, path: Path) -> dict[str, float]:
    done = subprocess.run(
        [python, "-c", MEASURE, which, str(path)], capture_output=True, text=True, env=run.child_env()
    )
    if done.returncode != 0:
        raise SystemExit(f"{which} failed: {done.stderr.strip()}")
    result: dict[str, float] = json.loads(done.stdout)
    return result


def onnx_read(cnncalc: run.Cnncalc, onnx_python: str | None, work: Path, runs: int) -> None:
    python = onnx_python or sys.executable
    probe = subprocess.run([python, "-c", "import onnx, numpy"], capture_output=True, env=run.child_env())
    if probe.returncode != 0:
        print(f"  skipped: {python} has no onnx package (give one with --onnx-python)")
        return
    path = work / "big.onnx"
    subprocess.run([python, "-c", BUILD, str(path)], check=True, env=run.child_env())
    size = path.stat().st_size
    samples: dict[str, list[dict[str, float]]] = {"onnx": [], "cnncalc": []}
    for _ in range(runs):  # interleaved, so that a busy machine slows both alike
        samples["onnx"].append(_measure(python, "onnx", path))
        samples["cnncalc"].append(_measure(cnncalc.python, "cnncalc", path))
    seconds = {k: statistics.median(s["seconds"] for s in v) for k, v in samples.items()}
    peaks = {k: max(s["peak"] for s in v) for k, v in samples.items()}
    mb = 1024 * 1024
    print(
        f"  file {size / mb:.1f} MiB; onnx.load {run._ms(seconds['onnx'])}, peak {peaks['onnx'] / mb:.0f} MiB"
    )
    parse = statistics.median(s["parse"] for s in samples["cnncalc"])
    print(
        f"  cnncalc's read {run._ms(seconds['cnncalc'])} (the protobuf alone {parse * 1000:.1f} ms; the rest"
        f" is importing the spec's and kinds' modules), peak {peaks['cnncalc'] / mb:.0f} MiB"
    )
    cnncalc.report(
        run.Target(
            "ONNX: read time / onnx.load's",
            f"{run._ms(seconds['cnncalc'])} / {run._ms(seconds['onnx'])}",
            seconds["cnncalc"] / seconds["onnx"],
            TIME_LIMIT,
        )
    )
    cnncalc.report(
        run.Target(
            "ONNX: peak memory / file size",
            f"{peaks['cnncalc'] / mb:.0f} / {size / mb:.0f} MiB",
            peaks["cnncalc"] / size,
            MEMORY_LIMIT,
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--onnx-python", help="a Python with the onnx package (default: this one)")
    args = parser.parse_args()
    cnncalc = run.Cnncalc([sys.executable, "-m", "cnncalc"], sys.executable)
    with tempfile.TemporaryDirectory(prefix="cnncalc-onnx-") as tmp:
        onnx_read(cnncalc, args.onnx_python, Path(tmp), args.runs)


if __name__ == "__main__":
    main()
