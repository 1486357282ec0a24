"""The table users read, for specs/lenet5.yaml, byte for byte.

Regenerate after a deliberate change with ``pytest tests/test_golden.py --update-goldens`` and
review the diff of tests/golden/ against the lecture notes before committing it.
"""

from __future__ import annotations

from io import StringIO
from typing import Any

from rich.console import Console

from cnncalc.engine.calculator import calculate
from cnncalc.render.table import render_table
from cnncalc.spec.validate import load_spec
from tests.conftest import ROOT, SPECS

GOLDEN = ROOT / "tests" / "golden"


def rendered(spec_name: str, width: int = 120, **view: Any) -> str:
    spec, document = load_spec(SPECS / spec_name)
    console = Console(
        file=StringIO(), width=width, color_system=None, force_terminal=False, legacy_windows=False
    )
    console.print(render_table(calculate(spec, document.stem), **view))
    output = console.file.getvalue()  # type: ignore[attr-defined]
    assert isinstance(output, str)
    return output


def check(spec_name: str, golden_name: str, update: bool, width: int = 120, **view: Any) -> None:
    golden = GOLDEN / golden_name
    output = rendered(spec_name, width, **view)
    if update:
        golden.write_text(output, encoding="utf-8")
    assert output == golden.read_text(encoding="utf-8"), "run pytest --update-goldens and review the diff"


def test_lenet5_table(update_goldens: bool) -> None:
    check("lenet5.yaml", "lenet5.txt", update_goldens)


def test_stride_mismatch_table(update_goldens: bool) -> None:
    check("stride_mismatch.yaml", "stride_mismatch.txt", update_goldens)


def test_resnet18_folded_with_inputs_rf_and_memory(update_goldens: bool) -> None:
    # Reviewed against torchvision: stage outputs 64×56×56 … 512×7×7, stage parameters
    # 147,968 + 525,568 + 2,099,712 + 8,393,728 trainable (plus 2·C per batchnorm of statistics);
    # receptive field 435 at layer4 (the value usually quoted for ResNet-18).
    check("resnet18.yaml", "resnet18_depth0.txt", update_goldens, 170, rf=True, dtype="float16", depth=0)
