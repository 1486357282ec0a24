"""A short run of the mutation fuzzer (tools/fuzz.py) and tests that its checks can fail.

The long run is ``python tools/fuzz.py --mutants 10000 --seed 1 --jobs 2 --save fuzz-failures``.
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

import pytest

from tests.conftest import ROOT


def _load_fuzz() -> ModuleType:
    spec = importlib.util.spec_from_file_location("cnncalc_fuzz", ROOT / "tools" / "fuzz.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


fuzz = _load_fuzz()

SHORT_RUN = 100  # mutants of the smaller seeds: a few seconds on two workers
# A seed whose first hundred mutants reach six distinct causes on main before this wave's fixes
# (a lone surrogate in a file name, a 4,000-digit hex, NUL and NEL in names…): a short run that
# finds nothing on broken code would prove nothing.
SEED = 5


@pytest.fixture(scope="module")
def mutator() -> object:
    return fuzz.Mutator(fuzz.load_seeds(small_only=True))


@pytest.mark.xfail(
    strict=False,
    reason="fuzz branch only: on main's code seed 5 finds integers past 4,300 digits (exit 70, loading), "
    "a non-UTF-8 file name in check --junit/--format json (exit 70, streams), NUL and NEL in names on "
    "stdout (safetext, apply); their fixes are on other branches: the coordinator removes this mark "
    "after merging",
)
def test_short_fuzz_run_breaks_no_promise(mutator: object) -> None:
    cases = list(fuzz.make_cases(mutator, SHORT_RUN, SEED))
    report = fuzz.fuzz(cases, jobs=2, timeout=20.0, memory_mb=1024, keep=1)
    assert report.mutants == SHORT_RUN
    assert not report.causes, report.summary()


def test_the_same_seed_gives_the_same_mutants(mutator: object) -> None:
    first = list(fuzz.make_cases(mutator, 30, 7))
    again = list(fuzz.make_cases(mutator, 30, 7))
    other = list(fuzz.make_cases(mutator, 30, 8))
    assert first == again
    assert first != other
    # The mutants are mutated: most differ from their seed's text.
    seeds = {seed.path: seed.text for seed in fuzz.load_seeds(small_only=True)}
    assert sum(case.text != seeds[case.seed_path] for case in first) >= 25


def test_every_command_and_format_is_drawn(mutator: object) -> None:
    cases = list(fuzz.make_cases(mutator, 400, 1))
    lines = [" ".join(case.args) for case in cases]
    for wanted in [
        "--format table",
        "--format json",
        "--format markdown",
        "--format csv",
        "--format latex",
        "--format html",
        "--explain",
        "--rf",
        "--dtype",
        "check {spec}",
        "--junit",
        "draw {spec}",
        "draw {spec} --format html",
        "--to pytorch",
        "--to keras",
        "apply {spec}",
    ]:
        assert any(wanted in line for line in lines), wanted


def test_csv_check_flags_a_formula_and_not_a_negative_number() -> None:
    assert fuzz.check_csv("name,params\n=cmd|' /C calc'!A0,3\n")
    assert fuzz.check_csv('name\n"@SUM(A1)"\n')
    assert fuzz.check_csv('name\n"\tx"\n')
    assert not fuzz.check_csv("name,delta\n'=cmd,-3\nconv,-1.5\n")


def test_export_check_flags_code_from_a_name() -> None:
    escaped = '"""x\\"\\"\\";__import__(\\"os\\")"""\nimport torch\nclass M:\n    pass\n'
    injected = '"""x""";__import__("os").system("touch PWNED");""""""\nimport torch\n'
    assert not fuzz.check_export(escaped)
    assert fuzz.check_export(injected)
    assert fuzz.check_export('"""a\n""" b"""\n')  # does not compile
    assert fuzz.check_export("class M:\n    x = eval('1')\n")


def test_html_check_flags_script_and_broken_nesting() -> None:
    page = "<html><body><table><tr><td>&lt;script&gt;</td></tr></table><br></body></html>"
    assert not fuzz.check_html(page)
    assert fuzz.check_html("<html><body><td><script>alert(1)</script></td></body></html>")
    assert fuzz.check_html("<html><body><td></tr></td></body></html>")
    assert fuzz.check_html("<html><body><img src=x onerror=alert(1)></body></html>")


def test_markdown_check_flags_an_extra_cell_and_raw_html() -> None:
    good = "| # | Name |\n|---|---|\n| 1 | a\\|b |\n"
    assert not fuzz.check_markdown(good)
    assert fuzz.check_markdown("| # | Name |\n|---|---|\n| 1 | a|b |\n")
    assert fuzz.check_markdown("| # | Name |\n|---|---|\n| 1 | <script>x</script> |\n")


def test_problems_name_crashes_controls_and_ill_formed_xml() -> None:
    case = fuzz.Case(0, "specs/lenet5.yaml", "", "lenet5.yaml", ("check", "{spec}", "--junit", "report.xml"))
    clean = {"exit": 0, "stdout": b"ok\n", "stderr": b"", "exception": None, "files": {}}
    assert fuzz.problems_of(case, {**clean, "files": {"report.xml": b"<testsuites/>"}}) == []
    assert fuzz.problems_of(case, {**clean, "files": {"report.xml": b"<a>\x1b</a>"}})
    assert fuzz.problems_of(case, {**clean, "exit": 70, "files": {"report.xml": b"<a/>"}})
    assert fuzz.problems_of(case, {**clean, "stderr": b"\xc2\x9b31m", "files": {"report.xml": b"<a/>"}})
    assert fuzz.problems_of(case, {**clean, "stdout": "\u202e".encode(), "files": {"report.xml": b"<a/>"}})
    assert fuzz.problems_of(case, {"hang": True}) == ["hang: no answer within the timeout"]


def test_a_worker_that_overruns_its_timeout_is_a_hang(mutator: object) -> None:
    case = next(fuzz.make_cases(mutator, 1, 1))
    worker = fuzz.Worker(memory_mb=1024)
    try:
        assert "exit" in worker.run(case, timeout=20.0)  # the first case also pays for the import
        assert worker.run(case, timeout=0.0) == {"hang": True}
        assert "exit" in worker.run(case, timeout=20.0)  # a new worker takes over
    finally:
        worker.stop()


def test_export_check_flags_code_that_compiles_but_fails_when_run() -> None:
    defined = "import torch\nfrom torch import nn\nx = nn.LeakyReLU(negative_slope=float('nan'))\n"
    assert not fuzz.check_export(defined)
    assert fuzz.check_export("from torch import nn\nx = nn.LeakyReLU(negative_slope=nan)\n")
    keras = (
        "from keras import layers\na = layers.ZeroPadding2D(1, name='c_pad')\nb = layers.ReLU(name='c_pad')\n"
    )
    assert fuzz.check_export(keras)
    module = (
        "from torch import nn\nclass M(nn.Module):\n    def __init__(self):\n        self.parameters = 1\n"
    )
    assert fuzz.check_export(module)
