"""How fast ``cnncalc grade`` grades a class: 500 submissions, one fresh process, gradebook and
feedback written (issue 15: ≤ 2 s).

The submissions are the six of ``examples/class/submissions`` (every answer right, two mistakes,
a changed network, unreadable answers, none, channels-last shapes) copied round to 500 students,
so that the wrong answers' diagnoses (which re-run layers) are in the figure.

    python benchmarks/grading.py                 # the figure, and met / not met
    python benchmarks/grading.py --runs 9 --cnncalc /other/venv/bin/cnncalc

``benchmarks/run.py`` calls :func:`grading` as one of its sections (``--only grading``).
"""

from __future__ import annotations

import argparse
import math
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import run

ROOT = Path(__file__).resolve().parent.parent
CLASS = ROOT / "examples" / "class"
SUBMISSIONS = 500
LIMIT_SECONDS = 2.0


def write_class(work: Path, count: int = SUBMISSIONS) -> tuple[Path, Path]:
    """The key and a folder of ``count`` submissions (student-001.yaml, …) under ``work``."""
    folder = work / "submissions"
    folder.mkdir(parents=True, exist_ok=True)
    examples = sorted((CLASS / "submissions").glob("*.yaml"))
    for number in range(count):
        shutil.copyfile(examples[number % len(examples)], folder / f"student-{number + 1:03d}.yaml")
    key = work / "key.yaml"
    shutil.copyfile(CLASS / "key.yaml", key)
    return key, folder


def grade_command(cnncalc: run.Cnncalc, key: Path, folder: Path, work: Path, feedback: bool) -> list[str]:
    command = [
        *cnncalc.command,
        "grade",
        "--key",
        str(key),
        str(folder),
        "--gradebook",
        str(work / "grades.csv"),
    ]
    return command + (["--feedback", str(work / "feedback")] if feedback else [])


def grading(cnncalc: run.Cnncalc, work: Path, runs: int) -> list[run.Target]:
    """Grade 500 submissions in one process, with the gradebook, then with each student's
    feedback too (the median of ``runs`` each), reported as targets. One submission in six is
    blank, so every run exits 1 (a submission with no answers): that is expected."""
    key, folder = write_class(work)
    cases = [
        run.Case(
            f"grade {SUBMISSIONS} submissions (gradebook)", grade_command(cnncalc, key, folder, work, False)
        ),
        run.Case(
            f"grade {SUBMISSIONS} submissions (and feedback)", grade_command(cnncalc, key, folder, work, True)
        ),
    ]
    times = _interleaved(cases, runs, cnncalc.cpu)
    targets = []
    for case in cases:
        seconds = times[case.label]
        targets.append(run.Target(case.label, f"{seconds * 1000:,.0f} ms", seconds, LIMIT_SECONDS, " s"))
        cnncalc.report(targets[-1])
    return targets


def _interleaved(cases: list[run.Case], runs: int, cpu: bool) -> dict[str, float]:
    """As ``run.interleaved``, where exit 1 is the class's blank submission, not an error."""
    import statistics

    failed = set()
    for case in cases:  # warm the file cache and write the bytecode
        if run.run_once(case.command, cpu).code not in (0, 1):
            print(f"  (error: {case.label} fails: is this cnncalc one with `grade`?)")
            failed.add(case.label)
    samples: dict[str, list[float]] = {case.label: [] for case in cases}
    for _ in range(runs):
        for case in cases:
            samples[case.label].append(run.run_once(case.command, cpu).seconds)
    # A command that fails has no figure: its target is not met.
    return {
        label: math.inf if label in failed else statistics.median(values) for label, values in samples.items()
    }


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cnncalc", default=None, help="the cnncalc to measure (default: python -m cnncalc)")
    parser.add_argument(
        "--cpu", action="store_true", help="user + system time instead of wall time (a busy machine)"
    )
    args = parser.parse_args(argv)
    command = [args.cnncalc] if args.cnncalc else [sys.executable, "-m", "cnncalc"]
    cnncalc = run.Cnncalc(command, sys.executable, cpu=args.cpu)
    with tempfile.TemporaryDirectory(prefix="cnncalc-grading-") as work:
        targets = grading(cnncalc, Path(work), args.runs)
    sys.exit(0 if all(target.met for target in targets) else 1)


if __name__ == "__main__":
    main()
