"""cnncalc against onnxruntime on torchvision models exported at another opset (nothing written).

Exports each model as tools/onnx_reference.py does but at ``--opset`` and prints, for each, cnncalc's
total beside the initializers', how many layers were compared with onnxruntime's shapes and those
that differ, or cnncalc's one line where it refuses the file. Run with torch, torchvision, onnx and
onnxruntime::

    /tmp/venv-emit/bin/python tools/onnx_opsets.py --opset 13 convnext_tiny mobilenet_v3_small …
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import onnx
import torch
from onnx_compare import compare
from onnx_reference import Refused, build, cnncalc_json, input_size
from onnx_shapes import initializer_counts, runtime_shapes


def check(name: str, opset: int, folder: Path) -> str:
    path = folder / f"{name}.onnx"
    x = torch.zeros(*input_size(name))
    torch.onnx.export(build(name), x, str(path), dynamo=False, opset_version=opset)
    model = onnx.load(str(path))
    try:
        result = cnncalc_json(path)
    except Refused as exc:
        return f"{name} opset {opset}: cnncalc refuses it: {exc.args[0]}"
    compared, wrong = compare(result["layers"], runtime_shapes(model, input_size(name)))
    return (
        f"{name} opset {opset}: cnncalc {result['total_params']:,} initializers"
        f" {initializer_counts(model)[0]:,}; onnxruntime {compared} of {len(result['layers'])} layers"
        f" compared, {len(wrong)} differ {wrong[:3]}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--opset", type=int, required=True)
    parser.add_argument("models", nargs="+")
    args = parser.parse_args()
    for name in args.models:
        with tempfile.TemporaryDirectory() as folder:
            print(check(name, args.opset, Path(folder)), flush=True)


if __name__ == "__main__":
    main()
