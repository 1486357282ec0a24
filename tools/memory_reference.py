"""PyTorch's own measurement of a training step's memory: the reference for ``cnncalc --train``.

It shares no code with cnncalc. Each model is built as PyTorch builds it (LeNet-5 in its PyTorch
form by hand, as specs/lenet5_torch.yaml describes it; ResNet-18, VGG-16 and MobileNetV2 by
torchvision.models, no weights; the second held-out round as tests/reference/zoo builds it, at
its input size and with its builder options), trained for two steps (cross-entropy on random
labels, summed over every output a model returns in training mode: an aux head's, a segmentation
model's per pixel; the optimizer's ``step`` then ``zero_grad``), and the second step runs under
``torch.distributed._tools.mem_tracker.MemTracker``: its peak snapshot (parameters, buffers,
gradients, activations, temporaries, optimizer state, total) is what is written, with the
snapshot after the forward pass and torchinfo's estimate (``summary(...).total_*``) beside it
when torchinfo is importable. The first step is outside the tracker so that the optimizer's
state exists, as it does at every later step.

    /tmp/venv-emit/bin/python tools/memory_reference.py            # writes tests/reference/memory/*.json
    /tmp/venv-emit/bin/python tools/memory_reference.py --only lenet5_b256_adam --stdout
    /tmp/venv-emit/bin/python tools/memory_reference.py --device cuda --stdout   # also max_memory_allocated
    /tmp/venv-emit/bin/python tools/memory_reference.py --flops    # FlopCounterMode: tests/.../flops.json
    /tmp/venv-emit/bin/python tools/memory_reference.py --inference   # no_grad peaks: inference.json

On a GPU (``--device cuda``) each run also records ``torch.cuda.max_memory_allocated`` of the
second step, the further check the issue asks for; the JSON is then printed, not committed.
"""

from __future__ import annotations

import argparse
import json
import sys
import types
from pathlib import Path
from typing import Any

import torch
from torch import nn

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "reference" / "memory"

# name → (model, batch, optimizer, mixed precision); the settings issue 16 names, and --amp's
# check (bfloat16 autocast, the CPU's: 2 bytes a value, as float16 on a GPU).
RUNS: dict[str, tuple[str, int, str, bool]] = {
    "lenet5_b256_adam": ("lenet5", 256, "adam", False),
    "resnet18_b8_momentum": ("resnet18", 8, "momentum", False),
    "resnet18_b8_adam": ("resnet18", 8, "adam", False),
    "resnet18_b32_momentum": ("resnet18", 32, "momentum", False),
    "resnet18_b32_adam": ("resnet18", 32, "adam", False),
    "vgg16_b16_adam": ("vgg16", 16, "adam", False),
    "mobilenet_v2_b32_momentum": ("mobilenet_v2", 32, "momentum", False),
    "resnet18_b32_adam_amp": ("resnet18", 32, "adam", True),
    # A batch so small that the optimizer's step, not the backward pass, is the peak.
    "lenet5_b1_adam": ("lenet5", 1, "adam", False),
    "vgg16_b1_adam": ("vgg16", 1, "adam", False),
    "vgg16_b1_momentum": ("vgg16", 1, "momentum", False),
    "mobilenet_v2_b32_momentum_amp": ("mobilenet_v2", 32, "momentum", True),
    # Held out: measured after the rules were written, to see how they carry to other graphs.
    "resnet50_b16_adam": ("resnet50", 16, "adam", False),
    "vgg11_bn_b16_sgd": ("vgg11_bn", 16, "sgd", False),
    "densenet121_b16_momentum": ("densenet121", 16, "momentum", False),
    "efficientnet_b0_b16_adam": ("efficientnet_b0", 16, "adam", False),
    # Held out, second round (permute, layer norm, GELU, split and shuffle, SE, hardswish, upsample…).
    "convnext_tiny_b8_adamw": ("convnext_tiny", 8, "adamw", False),
    "shufflenet_v2_x1_0_b32_momentum": ("shufflenet_v2_x1_0", 32, "momentum", False),
    "mobilenet_v3_large_b32_adam": ("mobilenet_v3_large", 32, "adam", False),
    "regnet_y_400mf_b32_momentum": ("regnet_y_400mf", 32, "momentum", False),
    "squeezenet1_0_b32_sgd": ("squeezenet1_0", 32, "sgd", False),
    "googlenet_b16_momentum": ("googlenet", 16, "momentum", False),
    "inception_v3_b8_momentum": ("inception_v3", 8, "momentum", False),
    "deeplabv3_mobilenet_v3_large_b4_adam": ("deeplabv3_mobilenet_v3_large", 4, "adam", False),
    "efficientnet_v2_s_b8_adam": ("efficientnet_v2_s", 8, "adam", False),
}
SPECS = {"lenet5": "specs/lenet5_torch.yaml"} | {
    name: f"zoo/{name}.yaml"
    for name in (
        "resnet18",
        "vgg16",
        "mobilenet_v2",
        "resnet50",
        "vgg11_bn",
        "densenet121",
        "efficientnet_b0",
        *(model for model, _, _, _ in list(RUNS.values())[16:]),
    )
}
# Models built as the zoo's reference builds them: its input size and builder options
# (tests/reference/zoo/<model>.json: googlenet without aux heads, a segmentation model with its aux).
AS_ZOO = {model for model, _, _, _ in list(RUNS.values())[16:]}


def lenet5() -> nn.Module:
    """LeNet-5 in its PyTorch form (tanh, average pooling, flatten before the classifier)."""
    return nn.Sequential(
        nn.Conv2d(1, 6, 5),
        nn.Tanh(),
        nn.AvgPool2d(2),
        nn.Conv2d(6, 16, 5),
        nn.Tanh(),
        nn.AvgPool2d(2),
        nn.Conv2d(16, 120, 5),
        nn.Tanh(),
        nn.Flatten(),
        nn.Linear(120, 84),
        nn.Tanh(),
        nn.Linear(84, 10),
    )


def build(model: str) -> tuple[nn.Module, tuple[int, ...]]:
    if model == "lenet5":
        return lenet5(), (1, 32, 32)
    # torchvision registers meta kernels that this torch build lacks; shapes need none of them.
    sys.modules.setdefault("torchvision._meta_registrations", types.ModuleType("x"))
    import torchvision

    if model in AS_ZOO:
        zoo = json.loads((ROOT / "tests" / "reference" / "zoo" / f"{model}.json").read_text())
        built = torchvision.models.get_model(model, weights=None, **zoo.get("options", {}))
        return built, tuple(zoo["input"])
    return getattr(torchvision.models, model)(weights=None), (3, 224, 224)


def loss_of(out: Any, y: torch.Tensor) -> Any:
    """Cross-entropy summed over every output the model returns in training mode: an aux head's
    (inception_v3's InceptionOutputs) and a segmentation model's ``out`` and ``aux`` (per pixel)."""
    if isinstance(out, dict):
        out = list(out.values())
    if isinstance(out, (tuple, list)):
        return sum(loss_of(each, y) for each in out)
    if out.dim() == 4:  # per-pixel classes: the label of each sample, everywhere
        return nn.functional.cross_entropy(out, y[:, None, None].expand(-1, *out.shape[2:]))
    return nn.functional.cross_entropy(out, y)


def optimizer_for(name: str, params: Any) -> torch.optim.Optimizer:
    if name == "sgd":
        return torch.optim.SGD(params, lr=0.01)
    if name == "momentum":
        return torch.optim.SGD(params, lr=0.01, momentum=0.9)
    if name == "adam":
        return torch.optim.Adam(params, lr=1e-3)
    return torch.optim.AdamW(params, lr=1e-3)


def forward_loss(model: nn.Module, x: torch.Tensor, y: torch.Tensor, amp: bool) -> Any:
    """The loss; with ``amp`` the forward pass under autocast (bfloat16 on a CPU, float16 on a GPU)."""
    if not amp:
        return loss_of(model(x), y)
    device = x.device.type
    dtype = torch.bfloat16 if device == "cpu" else torch.float16
    with torch.autocast(device_type=device, dtype=dtype):
        return loss_of(model(x), y)


def step(model: nn.Module, opt: torch.optim.Optimizer, x: torch.Tensor, y: torch.Tensor, amp: bool) -> Any:
    loss = forward_loss(model, x, y, amp)
    loss.backward()
    opt.step()
    opt.zero_grad()
    return loss


def measure(name: str, device: str) -> dict[str, Any]:
    from torch.distributed._tools.mem_tracker import MemTracker

    model_name, batch, opt_name, amp = RUNS[name]
    torch.manual_seed(0)
    model, shape = build(model_name)
    model = model.to(device).train()
    opt = optimizer_for(opt_name, model.parameters())
    x = torch.randn(batch, *shape, device=device)
    y = torch.randint(0, 10, (batch,), device=device)
    step(model, opt, x, y, amp)  # the optimizer's state now exists, as at every later step
    tracker = MemTracker()
    tracker.track_external(model, opt, x, y)
    after_forward: dict[str, int] = {}
    if device == "cuda":
        torch.cuda.reset_peak_memory_stats()
    with tracker as mt:
        loss = forward_loss(model, x, y, amp)
        after_forward = _snapshot(mt.get_tracker_snapshot("current"))
        loss.backward()
        opt.step()
        opt.zero_grad()
    data: dict[str, Any] = {
        "model": model_name,
        "spec": SPECS[model_name],
        "batch": batch,
        "optimizer": opt_name,
        "amp": amp,
        "dtype": "bfloat16 autocast" if amp else "float32",
        "torch": torch.__version__,
        "peak": _snapshot(tracker.get_tracker_snapshot("peak")),
        "after_forward": after_forward,
    }
    if device == "cuda":
        data["cuda_max_memory_allocated"] = torch.cuda.max_memory_allocated()
    data["torchinfo"] = None if amp else _torchinfo(model, (batch, *shape), device)
    return data


def _snapshot(snap: dict[Any, dict[str, int]]) -> dict[str, int]:
    """One device's bytes by category (MemTracker's names: Parameter, Buffer, Gradient, …)."""
    (device_snap,) = snap.values()
    return {key: int(value) for key, value in device_snap.items()}


def _torchinfo(model: nn.Module, shape: tuple[int, ...], device: str) -> dict[str, int] | None:
    try:
        from torchinfo import summary
    except ImportError:
        return None
    stats = summary(model, input_size=shape, device=device, verbose=0)
    return {
        "input_bytes": int(stats.total_input),
        "forward_backward_bytes": int(stats.total_output_bytes),
        "params_bytes": int(stats.total_param_bytes),
        "total_bytes": int(stats.total_input + stats.total_output_bytes + stats.total_param_bytes),
    }


def flop_counts(model_name: str) -> dict[str, Any]:
    """FlopCounterMode's FLOPs at batch 1: the forward pass, and the backward of the loss."""
    from torch.utils.flop_counter import FlopCounterMode

    torch.manual_seed(0)
    model, shape = build(model_name)
    model.train()
    x = torch.randn(1, *shape)
    with FlopCounterMode(display=False) as forward:
        out = model(x)
    loss = out.sum()
    with FlopCounterMode(display=False) as backward:
        loss.backward()
    return {
        "model": model_name,
        "spec": SPECS[model_name],
        "torch": torch.__version__,
        "forward_flops": int(forward.get_total_flops()),
        "backward_flops": int(backward.get_total_flops()),
    }


def inference_peak(model_name: str, batch: int) -> dict[str, Any]:
    """MemTracker's peak of one forward pass under ``torch.no_grad()`` (``--fit`` without --train)."""
    from torch.distributed._tools.mem_tracker import MemTracker

    torch.manual_seed(0)
    model, shape = build(model_name)
    model.train()  # batch norm as in training: the batch's statistics (no state is kept apart)
    x = torch.randn(batch, *shape)
    tracker = MemTracker()
    tracker.track_external(model, x)
    with tracker, torch.no_grad():
        model(x)
    return {"model": model_name, "spec": SPECS[model_name], "batch": batch, "torch": torch.__version__} | {
        "peak": _snapshot(tracker.get_tracker_snapshot("peak"))
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", choices=list(RUNS), help="these runs (default: all)")
    parser.add_argument("--stdout", action="store_true", help="print instead of writing the files")
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--flops", action="store_true", help="FlopCounterMode's counts (flops.json)")
    parser.add_argument("--inference", action="store_true", help="no_grad forward peaks (inference.json)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    if args.inference:
        runs = [
            inference_peak(name, 32)
            for name in ("lenet5", "resnet18", "vgg16", "mobilenet_v2", "densenet121")
        ]
        OUT.mkdir(parents=True, exist_ok=True)
        (OUT / "inference.json").write_text(json.dumps(runs, indent=2) + "\n")
        return
    if args.flops:
        counts = [flop_counts(name) for name in ("lenet5", "resnet18", "vgg16", "mobilenet_v2")]
        OUT.mkdir(parents=True, exist_ok=True)
        (OUT / "flops.json").write_text(json.dumps(counts, indent=2) + "\n")
        return
    for name in args.only or RUNS:
        data = measure(name, args.device)
        text = json.dumps(data, indent=2) + "\n"
        if args.stdout or args.device != "cpu":
            print(name, text)
        else:
            OUT.mkdir(parents=True, exist_ok=True)
            (OUT / f"{name}.json").write_text(text)
            print(f"wrote {OUT / name}.json", file=sys.stderr)


if __name__ == "__main__":
    main()
