"""Record every output cnncalc gives for the shipped specs, examples and exercises, and compare two
recordings: the net under a refactoring that must not change what users see.

    python tools/record.py record /tmp/before      # on the old code
    python tools/record.py record /tmp/after       # on the new code
    python tools/record.py compare /tmp/before /tmp/after

Each case is one command line; its exit code, standard output and standard error are kept in
``<dir>/<case>.out``. ``compare`` asks for equality byte for byte, except that a JSON output may
gain keys (the JSON output is a contract: keys are only added). It prints one line per case that
differs, and exits 1 if any does.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORMATS = ("table", "json", "markdown", "csv", "latex", "html")
CONVENTIONS = ("pytorch", "keras", "caffe")
BAD_SPECS = {
    "bad_type.yaml": "input: [1, 28, 28]\nlayers:\n  - {type: convv, filters: 6, kernel: 5}\n",
    "bad_field.yaml": "input: [1, 28, 28]\nlayers:\n  - {type: conv, filter: 6, kernel: 5}\n",
    "bad_shape.yaml": "input: [3, 8, 8]\nlayers:\n  - {type: conv, filters: 6, kernel: 9}\n",
    "bad_yaml.yaml": "input: [1, 28, 28\nlayers: []\n",
    "channels_last.yaml": "input: [32, 32, 3]\nlayers:\n  - {type: conv, filters: 8, kernel: 3}\n",
    "batch_left_in.yaml": "input: [8, 3, 32, 32]\nlayers:\n  - {type: conv, filters: 8, kernel: 3}\n",
    "no_flatten.yaml": "input: [3, 8, 8]\nlayers:\n  - {type: conv, filters: 4, kernel: 3}\n"
    "  - {type: dense, units: 10}\n",
    "merge.yaml": "input: [8, 16, 16]\nlayers:\n"
    "  - {type: conv, name: a, filters: 8, kernel: 3, padding: 1}\n"
    "  - {type: conv, name: b, filters: 8, kernel: 3, padding: 1, inputs: [input]}\n"
    "  - {type: add, inputs: [a, b]}\n  - {type: concat, inputs: [a, b, input]}\n",
}


def _specs() -> list[str]:
    found = [
        *sorted((ROOT / "specs").glob("*.yaml")),
        *sorted((ROOT / "tests/reference_specs").glob("*.yaml")),
    ]
    found += sorted((ROOT / "examples").glob("*.yaml"))
    return [str(p.relative_to(ROOT)) for p in found]


def cases(bad_dir: Path) -> Iterator[tuple[str, list[str]]]:
    """(case name, arguments) for every recorded command line."""
    for spec in _specs():
        stem = spec.replace("/", "_").removesuffix(".yaml")
        for fmt in FORMATS:
            yield f"{stem}.run.{fmt}", ["run", spec, "--format", fmt]
            yield f"{stem}.run.{fmt}.rf_dtype", ["run", spec, "--format", fmt, "--rf", "--dtype", "float16"]
            yield f"{stem}.run.{fmt}.depth1", ["run", spec, "--format", fmt, "--depth", "1"]
            yield (
                f"{stem}.run.{fmt}.depth0_int8",
                ["run", spec, "--format", fmt, "--depth", "0", "--dtype", "int8"],
            )
        for lang in ("en", "ko"):
            yield f"{stem}.explain.{lang}", ["run", spec, "--explain", "--lang", lang]
            yield (
                f"{stem}.explain.{lang}.rf_dtype_depth",
                [
                    "run",
                    spec,
                    "--explain",
                    "--lang",
                    lang,
                    "--rf",
                    "--dtype",
                    "int8",
                    "--depth",
                    "1",
                ],
            )
        yield f"{stem}.explain.json", ["run", spec, "--explain", "--format", "json", "--dtype", "int8"]
        for convention in CONVENTIONS:
            yield f"{stem}.{convention}.table", ["run", spec, "--convention", convention]
            yield f"{stem}.{convention}.json", ["run", spec, "--convention", convention, "--format", "json"]
            for lang in ("en", "ko"):
                yield (
                    f"{stem}.{convention}.explain.{lang}",
                    [
                        "run",
                        spec,
                        "--convention",
                        convention,
                        "--explain",
                        "--lang",
                        lang,
                    ],
                )
            yield f"{stem}.{convention}.draw", ["draw", spec, "--convention", convention]
        yield f"{stem}.draw.svg", ["draw", spec]
        yield f"{stem}.draw.html", ["draw", spec, "--format", "html"]
        yield f"{stem}.draw.depth0", ["draw", spec, "--depth", "0"]
        yield f"{stem}.export.pytorch", ["export", spec, "--to", "pytorch"]
        yield f"{stem}.export.keras", ["export", spec, "--to", "keras"]
        yield f"{stem}.check.table", ["check", spec]
        yield f"{stem}.check.json", ["check", spec, "--format", "json"]
        for lang in ("en", "ko"):
            yield f"{stem}.check.explain.{lang}", ["check", spec, "--explain", "--lang", lang]
    yield "specs.check.json", ["check", "specs/", "--format", "json"]
    yield "specs.check.table", ["check", "specs/"]
    yield "specs.run.json", ["run", "specs/lenet5.yaml", "specs/resnet18.yaml", "--format", "json"]
    yield "schema", ["schema"]
    yield "zoo.list", ["zoo"]
    yield "zoo.list.json", ["zoo", "--format", "json"]
    for model in ("resnet50", "densenet121", "inception_v3", "r2plus1d_18"):
        yield f"zoo.{model}.json", ["zoo", model, "--format", "json"]
        yield f"zoo.{model}.depth1", ["zoo", model, "--depth", "1", "--rf"]
    yield "zoo.spec", ["zoo", "mobilenet_v2", "--spec"]
    yield "zoo.check.json", ["check", "zoo/", "--format", "json"]
    key, submissions = "examples/class/key.yaml", "examples/class/submissions/"
    for lang in ("en", "ko"):
        yield f"grade.class.{lang}", ["grade", "--key", key, submissions, "--lang", lang]
    yield "grade.class.json", ["grade", "--key", key, submissions, "--format", "json"]
    for exercise in sorted((ROOT / "exercises").glob("*.yaml")):
        name = str(exercise.relative_to(ROOT))
        stem = exercise.stem
        yield f"apply.{stem}", ["apply", name]
        yield f"apply.{stem}.json", ["apply", name, "--format", "json"]
        for lang in ("en", "ko"):
            yield f"apply.{stem}.explain.{lang}", ["apply", name, "--explain", "--lang", lang, "--at", "2,2"]
    for lang in ("en", "ko"):
        yield (
            f"conv.{lang}",
            ["conv", "--input", "32x32x3", "--kernel", "5", "--filters", "6", "--lang", lang],
        )
        yield f"conv.same.{lang}", ["conv", "-i", "7x7", "-k", "3", "-s", "2", "-p", "same", "--lang", lang]
        yield f"pool.{lang}", ["pool", "--input", "28x28x6", "--kernel", "2", "--lang", lang]
        yield f"solve.{lang}", ["solve", "--input", "7", "--kernel", "3", "--lang", lang]
    for name in BAD_SPECS:
        path = str(bad_dir / name)
        stem = name.removesuffix(".yaml")
        for fmt in ("table", "json", "markdown", "csv", "latex", "html"):
            yield f"bad.{stem}.{fmt}", ["run", path, "--format", fmt, "--rf", "--dtype", "int8"]
        for lang in ("en", "ko"):
            yield f"bad.{stem}.explain.{lang}", ["run", path, "--explain", "--lang", lang]
        yield f"bad.{stem}.check", ["check", path, "--format", "json"]
        yield f"bad.{stem}.draw", ["draw", path]
        yield f"bad.{stem}.export", ["export", path, "--to", "pytorch"]
        yield f"bad.{stem}.export.keras", ["export", path, "--to", "keras"]


def record(out: Path) -> None:
    from typer.testing import CliRunner

    from cnncalc.cli import app

    bad_dir = Path("/tmp/cnncalc-record-bad")  # a fixed path: it appears in the errors recorded
    bad_dir.mkdir(parents=True, exist_ok=True)
    for name, text in BAD_SPECS.items():
        (bad_dir / name).write_text(text, encoding="utf-8")
    out.mkdir(parents=True, exist_ok=True)
    os.chdir(ROOT)
    runner = CliRunner()
    count = 0
    for name, args in cases(bad_dir):
        result = runner.invoke(app, args, env={"COLUMNS": "160", "NO_COLOR": "1", "LANG": "C.UTF-8"})
        crash = ""
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            crash = f"UNCAUGHT {result.exception!r}\n"
        text = (
            f"$ cnncalc {' '.join(args)}\nexit {result.exit_code}\n{crash}"
            f"--- stdout\n{result.stdout}--- stderr\n{result.stderr}"
        )
        (out / f"{name}.out").write_text(text, encoding="utf-8")
        count += 1
    print(f"{count} cases recorded in {out}")


_SECTIONS = re.compile(r"\A(?P<head>.*?\n)--- stdout\n(?P<out>.*)--- stderr\n(?P<err>.*)\Z", re.S)


def _gains_keys_only(old: object, new: object) -> bool:
    if isinstance(old, dict) and isinstance(new, dict):
        return all(k in new and _gains_keys_only(v, new[k]) for k, v in old.items())
    if isinstance(old, list) and isinstance(new, list):
        return len(old) == len(new) and all(_gains_keys_only(a, b) for a, b in zip(old, new, strict=True))
    return old == new


def same(old: str, new: str) -> bool:
    if old == new:
        return True
    a, b = _SECTIONS.match(old), _SECTIONS.match(new)
    if not a or not b or a["head"] != b["head"] or a["err"] != b["err"]:
        return False
    try:
        return _gains_keys_only(json.loads(a["out"]), json.loads(b["out"]))
    except ValueError:
        return False


def compare(before: Path, after: Path) -> int:
    names = sorted({p.name for p in before.glob("*.out")} | {p.name for p in after.glob("*.out")})
    differ = 0
    for name in names:
        old, new = before / name, after / name
        if not old.exists() or not new.exists():
            print(f"{name}: only in {'after' if not old.exists() else 'before'}")
            differ += 1
        elif not same(old.read_text(encoding="utf-8"), new.read_text(encoding="utf-8")):
            print(f"{name}: differs (diff {old} {new})")
            differ += 1
    print(f"{len(names)} cases, {len(names) - differ} equal, {differ} differ")
    return 1 if differ else 0


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "record":
        record(Path(argv[1]).resolve())
        return 0
    if len(argv) == 3 and argv[0] == "compare":
        return compare(Path(argv[1]), Path(argv[2]))
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
