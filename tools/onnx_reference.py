"""ONNX's own answers for torchvision models, to check cnncalc's ONNX reader against.

For each model this exports ``torchvision.models.<name>(weights=None)`` with
``torch.onnx.export(model, x, dynamo=False, opset_version=17)`` on its weights' input size (the
zoo reference's ``input``: 3×224×224, 3×520×520 for the segmentation models…; every
parameter and batch-norm statistic drawn at random first, as trained weights are, so that the
exporter's deduplication of identical initializers, such as zero biases, does not merge them), then records
in ``tests/reference/onnx/<name>.json``:

- every node's output shapes as ``onnx.shape_inference.infer_shapes`` gives them (batch dropped),
  by node name (``shapes``; null where its inference cannot tell, such as a Slice whose bounds are
  computed), and as onnxruntime computes them on zeros (``runtime_shapes``);
- the parameters: the float initializers the nodes read, each counted once (``initializers``);
- the output's shape as ``onnxruntime`` computes it on zeros;
- cnncalc's answers beside them (``python -m cnncalc FILE --format json`` run on this checkout):
  its total, and each layer named as a node compared with that node's inferred shapes.

It also writes ``tests/data/onnx/<name>.onnx``: the same graph with every float initializer moved to
an external file that is not written (data_location EXTERNAL), so the file holds the graph and the
tensors' dims only (a few KB) and the tests read real exports without torch or the weights.
It uses none of cnncalc's code but its command line. Run it with torch, torchvision, onnx and
onnxruntime::

    /tmp/venv-emit/bin/python tools/onnx_reference.py resnet18 mobilenet_v2 …
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import types
from pathlib import Path
from typing import Any

sys.modules.setdefault("torchvision._meta_registrations", types.ModuleType("torchvision._meta_registrations"))

import numpy as np  # noqa: E402
import onnx  # noqa: E402
import onnxruntime  # noqa: E402
import torch  # noqa: E402
import torchvision  # noqa: E402
from onnx_compare import compare  # noqa: E402
from onnx_shapes import FLOATS, dump, inferred_shapes, initializer_counts, runtime_shapes  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "tests" / "reference" / "onnx"
DATA_DIR = ROOT / "tests" / "data" / "onnx"
DEFAULT = [
    "resnet18",
    "mobilenet_v2",
    "densenet121",
    "efficientnet_b0",
    "googlenet",
    "shufflenet_v2_x1_0",
    "squeezenet1_0",
    "fcn_resnet50",
]


def build(name: str) -> torch.nn.Module:
    torch.manual_seed(0)
    if name.startswith(("fcn_", "deeplabv3_", "lraspp_")):
        model = getattr(torchvision.models.segmentation, name)(
            weights=None, weights_backbone=None, aux_loss=False
        )
    else:
        options = (
            {"aux_logits": False, "init_weights": False} if name in ("googlenet", "inception_v3") else {}
        )
        video = name in ("r3d_18", "mc3_18", "r2plus1d_18", "s3d")
        family = torchvision.models.video if video else torchvision.models
        model = getattr(family, name)(weights=None, **options)
    with torch.no_grad():
        for parameter in model.parameters():  # as trained weights: no two alike (zero biases are)
            parameter.uniform_(-0.1, 0.1)
        for module in model.modules():
            if isinstance(module, torch.nn.modules.batchnorm._BatchNorm):
                module.running_mean.uniform_(-0.1, 0.1)
                module.running_var.uniform_(0.5, 1.5)
    return model.eval()


def input_size(name: str) -> list[int]:
    """1×C×H×W at the size the weights are published for (tools/zoo_reference.py records it)."""
    zoo = ROOT / "tests" / "reference" / "zoo" / f"{name}.json"
    return [1, *(json.loads(zoo.read_text(encoding="utf-8"))["input"] if zoo.exists() else [3, 224, 224])]


def export(name: str, path: Path) -> None:
    x = torch.zeros(*input_size(name))
    torch.onnx.export(build(name), x, str(path), dynamo=False, opset_version=17)


def runtime_output(path: Path) -> list[int]:
    session = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    feed = {
        i.name: np.zeros([d if isinstance(d, int) else 1 for d in i.shape], np.float32)
        for i in session.get_inputs()
    }
    return list(session.run(None, feed)[0].shape[1:])


class Refused(Exception):
    """cnncalc refused the export (an op it does not read yet): its one line."""


def cnncalc_json(path: Path) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "cnncalc", str(path), "--format", "json"],
        capture_output=True,
        text=True,
        env=env,
    )
    if done.returncode not in (0, 1):
        raise Refused(done.stderr.strip())
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def stripped(model: onnx.ModelProto, name: str) -> onnx.ModelProto:
    """The graph with its float initializers' data in a file that does not exist."""
    copy = onnx.ModelProto()
    copy.CopyFrom(model)
    for tensor in copy.graph.initializer:
        if tensor.data_type in FLOATS:
            tensor.ClearField("raw_data")
            tensor.ClearField("float_data")
            tensor.data_location = onnx.TensorProto.EXTERNAL
            del tensor.external_data[:]
            entry = tensor.external_data.add()
            entry.key, entry.value = "location", f"{name}.weights-not-shipped"
    for node in copy.graph.node:
        node.ClearField("doc_string")
    return copy


def record(name: str, folder: Path) -> dict[str, Any]:
    path = folder / f"{name}.onnx"
    before = set(folder.iterdir())
    export(name, path)
    file_bytes = sum(f.stat().st_size for f in set(folder.iterdir()) - before)  # with external data
    # Over 2 GB (regnet_y_128gf) torch writes the weights as external data: they stay on disk.
    model = onnx.load(str(path), load_external_data=False)
    external = any(t.data_location == onnx.TensorProto.EXTERNAL for t in model.graph.initializer)
    nodes = inferred_shapes(model)
    ran = runtime_shapes(model, input_size(name), folder if external else None)
    light = DATA_DIR / f"{name}.onnx"
    onnx.save(stripped(model, name), str(light))
    result = cnncalc_json(path)
    compared, wrong = compare(result["layers"], nodes)
    ran_compared, ran_wrong = compare(result["layers"], ran)
    return {
        "model": name,
        "torch": torch.__version__,
        "torchvision": torchvision.__version__,
        "onnx": onnx.__version__,
        "onnxruntime": onnxruntime.__version__,
        "export": f"torch.onnx.export(model, torch.zeros{tuple(input_size(name))}, dynamo=False,"
        " opset_version=17)",
        "input": input_size(name)[1:],
        "file_bytes": file_bytes,
        "stripped_bytes": light.stat().st_size,
        "nodes": len(model.graph.node),
        "initializers": initializer_counts(model)[0],
        "initializers_each_use": initializer_counts(model)[1],
        "runtime_output": runtime_output(path),
        "cnncalc_total": result["total_params"],
        "cnncalc_macs": result["total_macs"],
        "cnncalc_output": result["layers"][-1]["output_shape"],
        "layers": len(result["layers"]),
        "compared": compared,
        "mismatches": wrong,
        "runtime_compared": ran_compared,
        "runtime_mismatches": ran_wrong,
        "shapes": nodes,
        "runtime_shapes": ran,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("models", nargs="*", default=DEFAULT)
    args = parser.parse_args()
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        for name in args.models:
            try:
                found = record(name, Path(folder))
            except Refused as exc:
                (DATA_DIR / f"{name}.onnx").unlink(missing_ok=True)
                print(f"{name}: cnncalc refuses it: {exc.args[0]}", flush=True)
                continue
            (OUT_DIR / f"{name}.json").write_text(dump(found), encoding="utf-8")
            print(
                f"{name}: cnncalc {found['cnncalc_total']:,} initializers {found['initializers']:,}"
                f" shapes: infer_shapes {found['compared']} compared, {len(found['mismatches'])} differ,"
                f" onnxruntime {found['runtime_compared']} compared,"
                f" {len(found['runtime_mismatches'])} differ;"
                f" output cnncalc {found['cnncalc_output']} onnxruntime {found['runtime_output']}",
                flush=True,
            )


if __name__ == "__main__":
    main()
