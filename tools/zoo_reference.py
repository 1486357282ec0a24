"""The zoo's PyTorch reference: what torchvision itself says about each model, for the zoo's tests.

For each builder (``resnet50``, …) this builds the model as torchvision does (random
initialisation: no weights are downloaded) and records, in ``tests/reference/zoo/<builder>.json``:

- the weights' published metadata: ``num_params`` and ``_ops`` (GMACs at the weights' input size),
  the weights' name and input size (``transforms().crop_size``);
- the model's own count, ``sum(p.numel() for p in model.parameters())``, built as the weights are
  published (GoogLeNet without its aux heads: ``options``);
- ``FlopCounterMode``'s count at that size, halved: multiply-accumulates (in eval mode, as ``_ops``
  is; a model whose aux heads only run in training mode also gets ``macs_with_aux``, which is what a
  spec that has the heads counts);
- per module that holds parameters of its own or has no children (torchvision's leaf modules), by
  its ``named_modules()`` name: its output shape on its last call (batch dropped; ``null`` when the
  forward pass never calls it, such as an aux head in eval mode) and its own parameter count; and,
  for a module that has an ``inplace`` attribute (nn.ReLU, ReLU6, SiLU, Hardswish, Hardsigmoid,
  Dropout…), its value, as a fourth item: whether the module overwrites its input.

It reads no spec and uses none of cnncalc's code. Run it with torch and torchvision::

    /tmp/venv-emit/bin/python tools/zoo_reference.py              # every zoo/*.yaml's builder
    /tmp/venv-emit/bin/python tools/zoo_reference.py resnet50 vgg16

torchvision 0.28's C++ ops do not load against a CPU build of torch 2.13, and ``import
torchvision`` then fails in ``torchvision._meta_registrations``; the model definitions need none of
the ops, so an empty module stands in for it.
"""

from __future__ import annotations

import argparse
import json
import sys
import types
from pathlib import Path
from typing import Any

sys.modules.setdefault("torchvision._meta_registrations", types.ModuleType("torchvision._meta_registrations"))

import torch  # noqa: E402
import torchvision  # noqa: E402
from torch import nn  # noqa: E402
from torch.utils.flop_counter import FlopCounterMode  # noqa: E402
from torchvision import models  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
ZOO = ROOT / "zoo"
OUT_DIR = ROOT / "tests" / "reference" / "zoo"


def weights_of(builder: str) -> Any:
    """The builder's first (reference) weights enum member, whose metadata is published."""
    return next(iter(models.get_model_weights(builder)))


def input_size(weights: Any) -> list[int]:
    """The weights' own input size, channels-first: 3 × crop × crop (video: 3 × frames × crop × crop)."""
    keywords = getattr(weights.transforms, "keywords", {})
    crop = keywords.get("crop_size") or keywords.get("resize_size")
    side = list(crop) if isinstance(crop, (list, tuple)) else [crop, crop]
    if len(side) == 1:
        side = side * 2
    if "video" in weights.__class__.__module__:
        return [3, 16, *side]  # torchvision's video weights: 16-frame clips (their _ops)
    return [3, *side]


def recorded_modules(model: nn.Module) -> list[tuple[str, nn.Module]]:
    """The leaf modules and those holding parameters of their own, in named_modules() order."""
    return [
        (name, module)
        for name, module in model.named_modules()
        if name and (not list(module.children()) or any(True for _ in module.parameters(recurse=False)))
    ]


def run_with_hooks(model: nn.Module, shape: list[int], batch: int) -> dict[str, list[int]]:
    """Each recorded module's output shape on its last call (batch dropped)."""
    outputs: dict[str, list[int]] = {}
    handles = []
    for name, module in recorded_modules(model):

        def hook(_module: nn.Module, _inputs: Any, output: Any, name: str = name) -> None:
            tensor = output[0] if isinstance(output, (tuple, list)) else output
            if isinstance(tensor, torch.Tensor):
                outputs[name] = list(tensor.shape[1:])

        handles.append(module.register_forward_hook(hook))
    with torch.no_grad():
        model(torch.zeros(batch, *shape))
    for handle in handles:
        handle.remove()
    return outputs


def built_as_published(builder: str, weights: Any) -> tuple[nn.Module, dict[str, Any]]:
    """The model as its weights are published: built without weights, a model with aux heads
    keeps them (inception_v3's published 27,161,264 counts them) unless the published count is
    the one without (googlenet's 6,624,904: its builder drops them once the weights are loaded).
    A segmentation model is built without its backbone's weights (no download), and with its aux
    classifier where the published count has it (fcn_resnet50's 35,322,218)."""
    if "segmentation" in type(weights).__module__:
        for options in ({"weights_backbone": None}, {"weights_backbone": None, "aux_loss": True}):
            torch.manual_seed(0)
            model = models.get_model(builder, weights=None, **options).eval()
            if sum(p.numel() for p in model.parameters()) == weights.meta["num_params"]:
                break
        return model, options
    for options in ({}, {"aux_logits": False}):
        torch.manual_seed(0)
        model = models.get_model(builder, weights=None, **options).eval()
        if sum(p.numel() for p in model.parameters()) == weights.meta["num_params"]:
            return model, options
        if not hasattr(model, "aux_logits"):
            break
    return model, options


def reference(builder: str) -> dict[str, Any]:
    weights = weights_of(builder)
    shape = input_size(weights)
    model, options = built_as_published(builder, weights)
    with torch.no_grad(), FlopCounterMode(display=False) as flops:
        model(torch.zeros(1, *shape))
    outputs = run_with_hooks(model, shape, batch=1)
    missed = [name for name, _ in recorded_modules(model) if name not in outputs]
    extra: dict[str, Any] = {}
    if missed:  # aux heads run in training mode only: their shapes and MACs from such a pass
        outputs = {**run_with_hooks(model.train(), shape, batch=2), **outputs}
        with torch.no_grad(), FlopCounterMode(display=False) as training:
            model(torch.zeros(2, *shape))  # batch 2: a batch norm on 1×1 maps needs two samples
        extra["macs_with_aux"] = training.get_total_flops() // 4  # per sample, FLOPs / 2
    return {
        "builder": builder,
        "weights": f"{weights.__class__.__name__}.{weights.name}",
        "torchvision": torchvision.__version__.split("+")[0],
        "torch": torch.__version__.split("+")[0],
        "input": shape,
        **({"options": options} if options else {}),  # given to the builder besides weights=None
        "num_params": weights.meta["num_params"],
        "ops_gmacs": weights.meta["_ops"],
        "model_params": sum(p.numel() for p in model.parameters()),
        "macs": flops.get_total_flops() // 2,
        **extra,
        "modules": [
            [name, outputs.get(name), own_params(module), *inplace(module)]
            for name, module in recorded_modules(model)
        ],
    }


def own_params(module: nn.Module) -> int:
    return sum(p.numel() for p in module.parameters(recurse=False))


def inplace(module: nn.Module) -> list[bool]:
    """``[module.inplace]`` where the module has the attribute (an activation, a dropout), else ``[]``."""
    value = getattr(module, "inplace", None)
    return [value] if isinstance(value, bool) else []


def compact(data: dict[str, Any]) -> str:
    """JSON with one module per line (diffs stay readable; the files stay small)."""
    head = {key: value for key, value in data.items() if key != "modules"}
    lines = [json.dumps(head)[:-1] + ', "modules": [']
    lines += [f"  {json.dumps(entry)}," for entry in data["modules"]]
    lines[-1] = lines[-1].rstrip(",")
    return "\n".join(lines) + "\n]}\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("builders", nargs="*", help="torchvision builder names (default: every zoo/*.yaml)")
    parser.add_argument("--out-dir", type=Path, default=OUT_DIR)
    args = parser.parse_args(argv)
    builders = args.builders or sorted(path.stem for path in ZOO.glob("*.yaml"))
    args.out_dir.mkdir(parents=True, exist_ok=True)
    for builder in builders:
        data = reference(builder)
        target = args.out_dir / f"{builder}.json"
        target.write_text(compact(data), encoding="utf-8")
        print(f"{builder}: {data['model_params']:,} params, {data['macs']:,} MACs → {target.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
