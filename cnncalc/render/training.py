"""What ``--batch``, ``--train`` and ``--fit`` add: FLOPs, a training step's memory, the largest
batch that fits; lines after the table, each layer's share (the table's ``Train mem`` column),
keys added to the JSON (imported only when one of the options is given)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from cnncalc.engine import training as tr
from cnncalc.engine.results import DTYPE_BYTES, NetworkResult
from cnncalc.render.formatting import byte_text, count_text, count_with_short
from cnncalc.render.i18n import Lang, t

if TYPE_CHECKING:
    from cnncalc.render.outputs import View


class Training(NamedTuple):
    """``--batch``/``--train``/``--fit``: what the memory estimate is asked for (``View.training``)."""

    train: bool = False
    optimizer: str = "adam"
    amp: bool = False
    fit: int | None = None  # a budget in bytes


FLOPS_CONVENTION = (
    "a multiply-accumulate is 2 FLOPs; only the products of conv, depthwise, transposed and separable "
    "conv and dense layers are counted (as PyTorch's FlopCounterMode), not biases, activations, norms, "
    "pools or additions; backward = the gradient with respect to the weights (2·MACs) and to the "
    "input (2·MACs), none with respect to the network's input"
)
LEFT_OUT = (
    "the allocator's rounding and fragmentation",
    "the framework's own context (CUDA's: some hundreds of MiB)",
    "cuDNN's workspaces",
    "the forward pass's transient tensors that nothing saves",
)


def batch_of(result: NetworkResult) -> int:
    return result.batch or 1


def memory_of(result: NetworkResult, view: View) -> tr.TrainingMemory:
    assert view.training is not None
    chosen = view.training
    return tr.estimate(result, batch_of(result), chosen.optimizer, chosen.amp)


def fit_of(result: NetworkResult, view: View, memory: tr.TrainingMemory | None) -> dict[str, Any]:
    """The largest batch under ``--fit``: for training with --train (searched: the peak may move
    with the batch), else for inference (the weights, and per sample the input and the outputs
    held at once, :func:`cnncalc.engine.training.inference_activations`)."""
    assert view.training is not None and view.training.fit is not None
    budget = view.training.fit
    if memory is not None:
        chosen = view.training
        largest = tr.largest_batch(result, budget, chosen.optimizer, chosen.amp)
        at_largest = tr.estimate(result, max(1, largest), chosen.optimizer, chosen.amp)
        fixed, per_sample, mode = at_largest.fixed, at_largest.per_sample, "training"
    else:
        size = DTYPE_BYTES[view.dtype or "float32"]
        fixed = result.param_bytes(size)
        per_sample = tr.inference_activations(result, size) + tr.input_bytes(result, 1, size)
        mode = "inference"
        largest = max(0, (budget - fixed) // per_sample) if per_sample > 0 else 0
    return {
        "mode": mode,
        "budget_bytes": budget,
        "largest_batch": largest,
        "fixed_bytes": fixed,
        "per_sample_bytes": per_sample,
        "left_out": list(LEFT_OUT),
    }


# --- JSON ----------------------------------------------------------------------------------------


def training_json(results: Sequence[NetworkResult], view: View) -> str:
    from cnncalc.render.json import json_document, network_dict

    items = []
    for result in results:
        data = network_dict(result, view.strict, view.dtype or "float32")
        add_training(data, result, view)
        items.append(data)
    return json_document(items)


def add_training(data: dict[str, Any], result: NetworkResult, view: View) -> None:
    """The keys --batch, --train and --fit add to a network's JSON (the others keep their meaning:
    every per-layer count stays per sample)."""
    batch = batch_of(result)
    backward = tr.layer_backward_flops(result.layers)
    for layer_data, layer, back in zip(data["layers"], result.layers, backward, strict=True):
        layer_data["flops"] = tr.forward_flops(layer.macs)
        layer_data["backward_flops"] = back
    data["batch"] = batch
    data["total_flops"] = tr.forward_flops(result.total_macs)
    data["backward_flops"] = sum(backward)
    data["batch_flops"] = batch * data["total_flops"]
    data["batch_backward_flops"] = batch * data["backward_flops"]
    data["flops_convention"] = FLOPS_CONVENTION
    assert view.training is not None
    memory = memory_of(result, view) if view.training.train else None
    if memory is not None:
        data["training_memory"] = _memory_dict(memory)
        for layer_data, share in zip(data["layers"], memory.layers, strict=True):
            layer_data["training_memory"] = {
                "weights": share.weights,
                "saved_activations": share.saved,
                "total": share.total,
            }
    if view.training.fit is not None:
        data["fit"] = fit_of(result, view, memory)


def _memory_dict(memory: tr.TrainingMemory) -> dict[str, Any]:
    data: dict[str, Any] = {
        "batch": memory.batch,
        "optimizer": memory.optimizer,
        "amp": memory.amp,
        "peak_at": memory.peak_at,
        "saved_activations": memory.saved_activations,
    }
    for term in memory.terms:
        data[term.name] = {"bytes": term.bytes, "exact": term.exact}
    data["total"] = {"bytes": memory.total, "exact": False}
    data["fixed_bytes"] = memory.fixed
    data["per_sample_bytes"] = memory.per_sample
    data["left_out"] = list(LEFT_OUT)
    return data


# --- the table's lines -----------------------------------------------------------------------------


def layer_shares(result: NetworkResult, view: View) -> list[int]:
    """Each layer's share of the training step, the ``Train mem`` column (JSON's per-layer
    ``training_memory.total``): its weights, their gradients and optimizer state, its buffers,
    and the activations its backward is the first to keep (each storage once)."""
    return [share.total for share in memory_of(result, view).layers]


def with_training(results: Sequence[NetworkResult], view: View, render: Any) -> list[Any]:
    """Each network as ``render`` writes it alone (with --train, its table has the ``Train mem``
    column), followed by its FLOPs, memory and fit lines."""
    from rich.text import Text

    from cnncalc.text import visible

    out: list[Any] = []
    for number, result in enumerate(results):
        if number:
            out.append(Text(""))
        out += render([result], view)
        out.append(Text("\n").join(Text(visible(line)) for line in lines_of(result, view)))
    return out


def lines_of(result: NetworkResult, view: View) -> list[str]:
    lang = view.lang
    batch = batch_of(result)
    forward = tr.forward_flops(result.total_macs)
    backward = sum(tr.layer_backward_flops(result.layers))
    lines = [
        t("train.flops", lang, forward=count_with_short(forward), backward=count_with_short(backward)),
        t("train.flops_convention", lang),
    ]
    if batch != 1 or result.batch is not None:
        lines.append(
            t(
                "train.batch_factor",
                lang,
                batch=batch,
                macs=count_text(result.total_macs),
                batch_macs=count_with_short(batch * result.total_macs),
                flops=count_with_short(batch * forward),
                backward=count_with_short(batch * backward),
            )
        )
    assert view.training is not None
    memory = memory_of(result, view) if view.training.train else None
    if memory is not None:
        lines += memory_lines(memory, lang)
        if view.explain:
            lines += working_lines(memory, result, lang)
    if view.training.fit is not None:
        lines.append(fit_line(fit_of(result, view, memory), lang))
    return lines


def memory_lines(memory: tr.TrainingMemory, lang: Lang) -> list[str]:
    amp = t("train.amp", lang) if memory.amp else ""
    title = {tr.OPTIMIZER_STEP: "train.title_step", tr.LOSS: "train.title_loss"}.get(
        memory.peak_at, "train.title"
    )
    lines = [
        t(
            title,
            lang,
            batch=memory.batch,
            optimizer=memory.optimizer,
            amp=amp,
            total=byte_text(memory.total),
            peak_at=memory.peak_at,
        )
    ]
    for term in memory.terms:
        basis = t("train.exact" if term.exact else "train.modelled", lang)
        name = t(f"train.term.{term.name}", lang)
        lines.append(t("train.term", lang, name=name, bytes=byte_text(term.bytes), basis=basis))
    lines.append(t("train.saved", lang, saved=byte_text(memory.saved_activations)))
    lines.append(t("train.left_out", lang))
    return lines


def working_lines(memory: tr.TrainingMemory, result: NetworkResult, lang: Lang) -> list[str]:
    """--explain: each term's formula with the numbers put in."""
    params = result.trainable_params
    tensors = sum(tr.param_tensors(layer) for layer in result.layers)
    per = tr.STATE_PER_PARAM[memory.optimizer]
    step = tr.STEP_SCALARS[memory.optimizer]
    size = math.prod(result.input_shape)
    return [
        t("train.work.title", lang),
        t("train.work.params", lang, p=count_text(params), value=count_text(memory.term("parameters"))),
        t(
            "train.work.state",
            lang,
            optimizer=memory.optimizer,
            k=per,
            s=step,
            p=count_text(params),
            tensors=tensors,
            value=count_text(memory.term("optimizer_state")),
        ),
        t(
            "train.work.input",
            lang,
            n=memory.batch,
            size=count_text(size),
            value=count_text(memory.term("input")),
        ),
        t("train.work.gradients", lang, peak=memory.peak_at, value=count_text(memory.term("gradients"))),
        t("train.work.activations", lang, peak=memory.peak_at, value=count_text(memory.term("activations"))),
        t("train.work.flight", lang, peak=memory.peak_at, value=count_text(memory.term("temporaries"))),
    ]


def fit_line(fit: dict[str, Any], lang: Lang) -> str:
    args = {
        "budget": byte_text(fit["budget_bytes"]),
        "batch": count_text(fit["largest_batch"]),
        "fixed": byte_text(fit["fixed_bytes"]),
        "per_sample": byte_text(fit["per_sample_bytes"]),
        "mode": t(f"train.fit_{fit['mode']}", lang),
    }
    return t("train.fit" if fit["largest_batch"] else "train.fit_none", lang, **args)
