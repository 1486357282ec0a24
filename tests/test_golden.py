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
    # Reviewed against ToBig's notes: 156, 2,416, 48,120, 10,164, 850 → 61,706 (Keras' summary);
    # MACs 6·784·25 + 16·100·150 + 120·400 + 120·84 + 84·10 = 416,520; params 61,706·4 B = 241.0 KiB;
    # activations (4,704 + 1,176 + 1,600 + 400 + 120 + 84 + 10)·4 B = 32,376 B = 31.6 KiB.
    check("lenet5.yaml", "lenet5.txt", update_goldens)


def test_stride_mismatch_table(update_goldens: bool) -> None:
    # 7×7, 3×3 /3: (7 − 3)/3 + 1 = 7/3 → 2; params 3·3·1 + 1 = 10; MACs 2·2·9 = 36; 4 outputs·4 B = 16 B.
    check("stride_mismatch.yaml", "stride_mismatch.txt", update_goldens)


def test_resnet18_folded_with_inputs_rf_and_memory(update_goldens: bool) -> None:
    # Reviewed against torchvision: stage outputs 64×56×56 … 512×7×7, stage parameters
    # 147,968 + 525,568 + 2,099,712 + 8,393,728 trainable (plus 2·C per batchnorm of statistics);
    # receptive field 435 at layer4 (the value usually quoted for ResNet-18): 7, 11 after the pool,
    # 43, 99, 211, 435 after each stage (3×3 convs add 2·jump); MACs 1,814,073,344 (torchvision: 1.81G).
    check("resnet18.yaml", "resnet18_depth0.txt", update_goldens, 170, rf=True, dtype="float16", depth=0)
