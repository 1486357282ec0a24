"""The table users read, for specs/lenet5.yaml, byte for byte.

Regenerate after a deliberate change with ``pytest tests/test_golden.py --update-goldens`` and
review the diff of tests/golden/ against the lecture notes before committing it.
"""

from __future__ import annotations

from io import StringIO

from rich.console import Console

from cnncalc.engine.calculator import calculate
from cnncalc.render.table import render_table
from cnncalc.spec.validate import load_spec
from tests.conftest import ROOT, SPECS

GOLDEN = ROOT / "tests" / "golden"


def rendered(spec_name: str) -> str:
    spec, document = load_spec(SPECS / spec_name)
    console = Console(
        file=StringIO(), width=120, color_system=None, force_terminal=False, legacy_windows=False
    )
    console.print(render_table(calculate(spec, document.stem)))
    output = console.file.getvalue()  # type: ignore[attr-defined]
    assert isinstance(output, str)
    return output


def check(spec_name: str, golden_name: str, update: bool) -> None:
    golden = GOLDEN / golden_name
    output = rendered(spec_name)
    if update:
        golden.write_text(output, encoding="utf-8")
    assert output == golden.read_text(encoding="utf-8"), "run pytest --update-goldens and review the diff"


def test_lenet5_table(update_goldens: bool) -> None:
    check("lenet5.yaml", "lenet5.txt", update_goldens)


def test_stride_mismatch_table(update_goldens: bool) -> None:
    check("stride_mismatch.yaml", "stride_mismatch.txt", update_goldens)
