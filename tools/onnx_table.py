"""README's table of the ONNX-checked torchvision models, from what tools/onnx_reference.py recorded.

One row per ``tests/reference/onnx/<model>.json`` of a torchvision export: its nodes, cnncalc's layers
and total beside the initializers' and torchvision's count (``tests/reference/zoo/<model>.json``'s
``num_params``), the shape checks, the output, the MACs (cnncalc's on the shipped copy when there is
one, else the one recorded) beside FlopCounterMode's, and the file's size against its copy's. Needs
neither torch nor onnx::

    python tools/onnx_table.py > /tmp/table.md
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "tests" / "reference" / "onnx"
DATA = ROOT / "tests" / "data" / "onnx"
ZOO = ROOT / "tests" / "reference" / "zoo"
HEADER = (
    "| model | input | nodes | layers | cnncalc total | initializers | torchvision's count "
    "| layers vs onnxruntime: compared, differ | vs infer_shapes | output (= onnxruntime's) "
    "| MACs (= FlopCounterMode's) | file → shipped copy |\n|" + "---|" * 12
)


def size(count: int) -> str:
    """Bytes as the table writes them: MB (10^6) for a file, KB (10^3) for its copy."""
    return f"{count / 1e6:.1f} MB" if count >= 1e6 else f"{round(count / 1e3)} KB"


def macs(name: str, reference: dict[str, Any]) -> int | None:
    copy = DATA / f"{name}.onnx"
    if not copy.exists():
        return reference.get("cnncalc_macs")
    done = subprocess.run(
        [sys.executable, "-m", "cnncalc", str(copy), "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    )
    found: int = json.loads(done.stdout)["total_macs"]
    return found


def macs_cell(name: str, reference: dict[str, Any], zoo: dict[str, Any]) -> str:
    """cnncalc's MACs, with FlopCounterMode's where they differ (an auxiliary head the export drops)."""
    counted = macs(name, reference)
    if counted is None:
        return "–"
    if not zoo or zoo["macs"] == counted:
        return f"{counted:,}"
    if zoo.get("options", {}).get("aux_loss"):
        return f"{counted:,} (with its aux head: {zoo['macs']:,})"
    return f"{counted:,} (FlopCounterMode: {zoo['macs']:,})"


def row(path: Path) -> str:
    reference = json.loads(path.read_text(encoding="utf-8"))
    name = reference["model"]
    zoo_path = ZOO / f"{name}.json"
    zoo = json.loads(zoo_path.read_text(encoding="utf-8")) if zoo_path.exists() else {}
    shipped = (DATA / f"{name}.onnx").exists()
    cells = [
        name,
        "×".join(str(d) for d in reference["input"][1:]),
        str(reference["nodes"]),
        str(reference["layers"]),
        f"{reference['cnncalc_total']:,}",
        f"{reference['initializers']:,}",
        f"{zoo['num_params']:,}" if zoo else "–",
        f"{reference['runtime_compared']}, {len(reference['runtime_mismatches'])}",
        f"{reference['compared']}, {len(reference['mismatches'])}",
        "×".join(str(d) for d in reference["runtime_output"]),
        macs_cell(name, reference, zoo),
        f"{size(reference['file_bytes'])} → {size(reference['stripped_bytes'])}"
        + ("" if shipped else ", not shipped"),
    ]
    return "| " + " | ".join(cells) + " |"


def main() -> None:
    paths = [p for p in sorted(REFERENCE.glob("*.json")) if '"torchvision"' in p.read_text(encoding="utf-8")]
    print(HEADER)
    for path in paths:
        print(row(path), flush=True)


if __name__ == "__main__":
    main()
