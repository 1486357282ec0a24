"""The memory of one training step (``--train``) and the largest batch that fits (``--fit``).

A model of what PyTorch holds, checked against its own measurement
(``torch.distributed._tools.mem_tracker.MemTracker``, tests/reference/memory): the parameters
and buffers, the gradients, the optimizer's state, what autograd saves for backward (each kind
declares it: :class:`cnncalc.kinds.base.Saves`), the gradients of the activations in flight
(MemTracker's "temporaries") and the input batch. The step's peak is found by walking the
backward pass layer by layer, last to first: at layer k the saved tensors of layers ≤ k are
still held (a tensor is freed once the first layer that saved it has run its backward), the
weights' gradients of layers ≥ k exist, and the gradient of each activation whose producer is at
or before k and a reader at or after k is in flight. The optimizer's step (every gradient, no
activation) is another candidate, and the end of the forward pass a third: every saved tensor,
the loss's own (cross-entropy keeps its log-softmax, one value per output value) and the network's
outputs, still held while the loss reads them (a segmentation model's, B × classes × H × W, can
outweigh any moment of the backward). Everything scales with the batch but the weights, so the
largest batch under a budget is one division (:func:`largest_batch`).

Left out: the allocator's rounding and fragmentation, the framework's own context (CUDA's, some
hundreds of MiB), cuDNN's workspaces, and the forward pass's transient tensors that nothing saves.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from cnncalc.engine.results import LayerResult, NetworkResult
from cnncalc.kinds import kind_of
from cnncalc.kinds.base import NOTHING_SAVED, Saves

# Optimizer → float32 state values per parameter (SGD's momentum buffer; Adam's two moments).
STATE_PER_PARAM = {"sgd": 0, "momentum": 1, "adam": 2, "adamw": 2}
# Adam keeps a step count per parameter tensor: a float32 scalar each.
STEP_SCALARS = {"sgd": 0, "momentum": 0, "adam": 1, "adamw": 1}
# The step's temporaries, in copies of the tensor being updated (PyTorch's per-tensor loop):
# Adam's denominator, sqrt(v) then its quotient; SGD's updates are in place.
STEP_TEMPORARIES = {"sgd": 0, "momentum": 0, "adam": 2, "adamw": 2}
OPTIMIZER_STEP = "optimizer step"  # peak_at when the step, not a layer's backward, is the peak
LOSS = "loss"  # peak_at when the end of the forward pass, the loss, is the peak
LABEL_BYTES = 8  # one int64 class index per sample
FLOAT = 4


class Term(NamedTuple):
    """One category of the step's memory at its peak, in bytes; ``exact`` or modelled."""

    name: str
    bytes: int
    exact: bool


class LayerMemory(NamedTuple):
    """A layer's share of a training step: its weights with their gradients and optimizer state,
    and the activations its backward is the first to save (a shared tensor is counted once)."""

    name: str
    weights: int  # parameters + gradients + optimizer state + buffers
    saved: int  # activations it saves (batch included)

    @property
    def total(self) -> int:
        return self.weights + self.saved


class TrainingMemory(NamedTuple):
    """A step's memory: the terms at the peak, where it falls, and each layer's share."""

    batch: int
    optimizer: str
    amp: bool
    terms: tuple[Term, ...]
    peak_at: str  # the layer whose backward reaches the peak, or "optimizer step"
    saved_activations: int  # everything the forward pass leaves for backward
    layers: tuple[LayerMemory, ...]
    fixed: int  # the part that does not grow with the batch
    per_sample: int  # the part that does, per sample

    @property
    def total(self) -> int:
        return sum(term.bytes for term in self.terms)

    def term(self, name: str) -> int:
        return next(term.bytes for term in self.terms if term.name == name)


def saves_of(layer: LayerResult) -> Saves:
    """The layer's kind's rule for what its backward keeps (a fused activation adds its tensor)."""
    declared = kind_of(layer.layer).saves
    rule = declared(layer.layer) if callable(declared) else declared or NOTHING_SAVED
    fused = getattr(layer.layer, "activation", None)
    if fused is not None and fused != "linear":
        rule = rule.with_extra_outputs(1)
    return rule


def param_tensors(layer: LayerResult) -> int:
    """How many parameter tensors a layer has: a weight, and a bias when it has one (a norm's
    γ and β): Adam's step counts are one per tensor."""
    if not layer.trainable_params:
        return 0
    spec = layer.layer
    paired = getattr(spec, "bias", False) or getattr(spec, "affine", False) or layer.type == "batchnorm"
    return 2 if paired else 1


def largest_tensor(layer: LayerResult) -> int:
    """The layer's largest parameter tensor: its weight (its bias, one value per output channel,
    apart), or one of a norm's γ and β."""
    tensors = param_tensors(layer)
    if tensors < 2:
        return layer.trainable_params
    if getattr(layer.layer, "bias", False):
        return layer.trainable_params - layer.output_shape[0]
    return layer.trainable_params // 2


def state_bytes(params: int, tensors: int, optimizer: str) -> int:
    """Optimizer state: ``k·4·P`` (k = 0 SGD, 1 momentum, 2 Adam/AdamW) + 4 bytes per tensor (Adam).

    >>> state_bytes(61_706, 10, "adam")
    493688
    """
    return STATE_PER_PARAM[optimizer] * FLOAT * params + STEP_SCALARS[optimizer] * FLOAT * tensors


def estimate(result: NetworkResult, batch: int, optimizer: str = "adam", amp: bool = False) -> TrainingMemory:
    """One training step's memory at batch ``batch`` (see the module's docstring); ``fixed`` and
    ``per_sample`` are the line through it and batch 2N (the peak may move with the batch)."""
    memory = _walk(result, batch, optimizer, amp)
    per_sample = (_walk(result, 2 * batch, optimizer, amp).total - memory.total) // batch
    return memory._replace(fixed=memory.total - batch * per_sample, per_sample=per_sample)


def largest_batch(result: NetworkResult, budget: int, optimizer: str = "adam", amp: bool = False) -> int:
    """The largest N whose step fits ``budget`` bytes (0: not even one sample): doubling, then
    halving the interval (the total grows with N)."""

    def fits(batch: int) -> bool:
        return _walk(result, batch, optimizer, amp).total <= budget

    if not fits(1):
        return 0
    low, high = 1, 2
    while fits(high) and high < 2**40:
        low, high = high, 2 * high
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (middle, high) if fits(middle) else (low, middle)
    return low


def input_bytes(result: NetworkResult, batch: int, size: int = FLOAT) -> int:
    """The input batch and its labels: ``N·(C·H·W·size + 8)`` (an int64 class index a sample)."""
    return batch * (math.prod(result.input_shape) * size + LABEL_BYTES)


_UNITS = {"": 1, "b": 1, "kb": 10**3, "mb": 10**6, "gb": 10**9, "tb": 10**12}
_UNITS |= {"kib": 2**10, "mib": 2**20, "gib": 2**30, "tib": 2**40, "k": 2**10, "m": 2**20, "g": 2**30}


def parse_budget(text: str) -> int | None:
    """``16GiB`` → bytes (KiB, MiB, GiB, TiB are powers of 1,024; kB, MB, GB, TB of 1,000), None
    when it is not a size.

    >>> parse_budget("16GiB"), parse_budget("1.5 GB"), parse_budget("sixteen")
    (17179869184, 1500000000, None)
    """
    import re

    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*", text)
    if match is None or match.group(2).lower() not in _UNITS:
        return None
    value = int(float(match.group(1)) * _UNITS[match.group(2).lower()])
    return value if value > 0 else None


class _Storage(NamedTuple):
    owner: int  # the position of the layer that made it (-1: the input)
    bytes: int


def _walk(result: NetworkResult, batch: int, optimizer: str, amp: bool) -> TrainingMemory:
    layers = result.layers
    act = 2 if amp else FLOAT  # autocast keeps activations in half precision
    storages, first_saver, extras = _saved_storages(layers, batch, act)
    if amp:
        extras = [extra + _autocast_copies(layer, batch) for extra, layer in zip(extras, layers, strict=True)]
    grads = [layer.trainable_params * FLOAT for layer in layers]
    flight = _gradients_in_flight(layers, batch, act)
    weights = result.trainable_params * FLOAT
    buffers = sum(_buffer_bytes(layer) for layer in layers)
    tensors = sum(param_tensors(layer) for layer in layers)
    state = state_bytes(result.trainable_params, tensors, optimizer)
    # Held at layer k: what layers ≤ k saved first (a running sum), and the gradients after k.
    first_saved = list(extras)
    for key, storage in storages.items():
        first_saved[first_saver[key]] += storage.bytes
    held = list(itertools.accumulate(first_saved))
    after = [*list(itertools.accumulate(grads[:0:-1]))[::-1], 0]  # after[k] = sum(grads[k + 1:])
    best = (-1, 0, 0, 0)  # (position, saved, gradients, in flight) at the peak
    for k in range(len(layers) - 1, -1, -1):
        # Layer k's weights' gradient is being made: MemTracker counts it a temporary till then.
        # Under autocast it is first made in half precision for the half copy, then cast.
        making = grads[k] * 3 // 2 if amp and layers[k].macs else grads[k]
        candidate = (k, held[k], after[k], flight[k] + making)
        if sum(candidate[1:]) > sum(best[1:]):
            best = candidate
    # The step itself: every gradient, no activation, the largest tensor's temporaries, which
    # MemTracker counts with the optimizer's state (made while the optimizer runs).
    largest = max((largest_tensor(layer) for layer in layers), default=0)
    step_extra = STEP_TEMPORARIES[optimizer] * FLOAT * largest
    at, saved, gradients, in_flight = best
    in_step = sum(grads) + step_extra > saved + gradients + in_flight
    if in_step:
        at, saved, gradients, in_flight = len(layers), 0, sum(grads), 0
    total_saved = sum(s.bytes for s in storages.values()) + sum(extras) + loss_saved(layers, batch)
    at_loss = _forward_end(layers, storages, batch, act, total_saved)
    if at_loss > saved + gradients + in_flight + (step_extra if in_step else 0):
        at, saved, gradients, in_flight, in_step = -1, at_loss, 0, 0, False
    workspace = 0  # none known on a CPU; cuDNN's is left out
    terms = (
        Term("parameters", weights, True),
        Term("buffers", buffers, True),
        Term("gradients", gradients, in_step),
        Term("optimizer_state", state + (step_extra if in_step else 0), not in_step),
        Term("activations", saved, in_step),
        Term("temporaries", in_flight, in_step),
        Term("input", input_bytes(result, batch), True),
        Term("workspace", workspace, False),
    )
    peak_at = LOSS if at < 0 else layers[at].name if at < len(layers) else OPTIMIZER_STEP
    shares = _shares(layers, storages, first_saver, extras, optimizer)
    return TrainingMemory(batch, optimizer, amp, terms, peak_at, total_saved, shares, 0, 0)


def _forward_end(
    layers: Sequence[LayerResult], storages: dict[str, _Storage], batch: int, act: int, total_saved: int
) -> int:
    """The activations held as the loss is computed: everything saved (the loss's own included)
    and each network output that no backward keeps, read by the loss and freed after it."""
    held = total_saved
    for layer in network_outputs(layers):
        rule = saves_of(layer)
        if not (rule.view or rule.inplace or layer.name in storages):
            held += batch * layer.activation_elements * act
    return held


def _buffer_bytes(layer: LayerResult) -> int:
    """Running statistics (counted as non-trainable parameters or, under ``pytorch``, as buffers)
    in float32, and a batch norm's ``num_batches_tracked`` (an int64)."""
    tracked = 8 if layer.type == "batchnorm" and (layer.buffers or layer.non_trainable_params) else 0
    return (layer.non_trainable_params + layer.buffers) * FLOAT + tracked


def _autocast_copies(layer: LayerResult, batch: int) -> int:
    """What autocast adds to a conv's or a dense layer's saved tensors: the half-precision copy of
    its weights (kept by its backward, though autocast's cache is cleared), and of the network's
    input when it reads it (2 bytes a value)."""
    if not layer.macs:
        return 0
    copies = layer.trainable_params * 2
    if "input" in layer.inputs and saves_of(layer).inputs:
        copies += batch * math.prod(layer.input_shapes[0]) * 2
    return copies


def _saved_storages(
    layers: Sequence[LayerResult], batch: int, act: int
) -> tuple[dict[str, _Storage], dict[str, int], list[int]]:
    """The activation storages some backward keeps, by the name of the tensor that owns the
    storage (a view or an in-place layer's output is its input's), the position of the first
    layer that saves each, and each layer's own saved extras (indices, masks, statistics)."""
    owner = {"input": "input"}  # tensor name → the name of its storage
    size = {"input": 0}  # the input is its own term
    storages: dict[str, _Storage] = {}
    first: dict[str, int] = {}
    extras: list[int] = []
    for k, layer in enumerate(layers):
        rule = saves_of(layer)
        names = (layer.name, *layer.outputs)
        for name in names:
            owner[name] = owner[layer.inputs[0]] if rule.view or rule.inplace else layer.name
        if not (rule.view or rule.inplace):
            size[layer.name] = batch * layer.activation_elements * act
        kept = [owner[source] for source in layer.inputs] if rule.inputs else []
        kept += [owner[layer.name]] if rule.output else []
        for key in kept:
            if key != "input" and key not in first:
                first[key] = k
                storages[key] = _Storage(k, size[key])
        out = batch * math.prod(layer.output_shape)
        extra = out * (rule.index_bytes + rule.extra_outputs * act)
        extras.append(extra + rule.channel_stats * FLOAT * layer.output_shape[0])
    return storages, first, extras


def network_outputs(layers: Sequence[LayerResult]) -> list[LayerResult]:
    """What the loss reads: the last layer, and every layer whose output no later layer reads
    (an aux head: inception_v3's AuxLogits, a segmentation model's ``aux``)."""
    read = {source for layer in layers for source in layer.inputs}
    ends = [layer for layer in layers[:-1] if not read & {layer.name, *layer.outputs}]
    return [*ends, *layers[-1:]]


def loss_saved(layers: Sequence[LayerResult], batch: int) -> int:
    """What cross-entropy keeps for its backward, for each output: its log-softmax, in float32
    under autocast too (torch's derivatives.yaml: ``_log_softmax`` saves ``result``; ``nll_loss``
    reads that tensor and the labels): ``N·4·Σ output elements``."""
    return sum(batch * math.prod(layer.output_shape) * FLOAT for layer in network_outputs(layers))


def _gradients_in_flight(layers: Sequence[LayerResult], batch: int, act: int) -> list[int]:
    """At each layer's backward, the bytes of the activations' gradients then held: a tensor's
    gradient exists from its last reader's backward until its maker's (the network output's from
    the loss), a piece per reader, summed in place once the first reader has run; a
    view's gradient is its input's, and the input has none."""
    readers: dict[str, list[int]] = {}
    for k, layer in enumerate(layers):
        for source in layer.inputs:
            readers.setdefault(source, []).append(k)
    for output in network_outputs(layers):  # the loss reads the outputs: their gradients first
        readers[output.name] = [*readers.get(output.name, []), len(layers) - 1]
    flight = [0] * len(layers)
    for made, layer in enumerate(layers):
        if saves_of(layer).view or layer.name not in readers:
            continue
        gradient = batch * layer.activation_elements * act
        flight[made] += gradient  # summed in place as the pieces arrive: one at its maker
        for k in range(made + 1, max(readers[layer.name]) + 1):
            flight[k] += gradient * sum(1 for reader in readers[layer.name] if reader >= k)
    for k, excess in _passed_through(layers, readers, batch, act).items():
        flight[k] -= excess
    return flight


def _passed_through(
    layers: Sequence[LayerResult], readers: dict[str, list[int]], batch: int, act: int
) -> dict[int, int]:
    """What the pieces above count twice: a layer whose backward hands its output's gradient to
    every input as it is (an add: derivatives.yaml gives self and other ``grad`` itself) makes one
    tensor, not one per input; it is each input's piece until that input's next reader has run
    (then summed into a new tensor), and an input's whole gradient when the add is its only reader."""
    made = {name: k for k, layer in enumerate(layers) for name in (layer.name, *layer.outputs)}
    excess: dict[int, int] = {}
    for r, layer in enumerate(layers):
        if not saves_of(layer).passes_gradient:
            continue
        gradient = batch * layer.activation_elements * act
        count = {r: 1}  # its own output's gradient, counted at its maker
        for source, shape in zip(layer.inputs, layer.input_shapes, strict=True):
            m = made.get(source)
            if m is None or saves_of(layers[m]).view or shape != layer.output_shape:
                continue  # the input (no gradient), a view's, a broadcast one's (summed: a new tensor)
            # Held from the add down to the source's next reader (then summed into a new tensor),
            # or to its maker when the add is its only reader.
            below = max((reader for reader in readers[source] if reader < r), default=m)
            for k in range(below, r + 1):
                count[k] = count.get(k, 0) + 1
        for k, n in count.items():
            if n > 1:
                excess[k] = excess.get(k, 0) + (n - 1) * gradient
    return excess


def _shares(
    layers: Iterable[LayerResult],
    storages: dict[str, _Storage],
    first: dict[str, int],
    extras: list[int],
    optimizer: str,
) -> tuple[LayerMemory, ...]:
    saved_by = [0] * len(extras)
    for key, storage in storages.items():
        saved_by[first[key]] += storage.bytes
    shares = []
    for k, layer in enumerate(layers):
        own = 2 * layer.trainable_params * FLOAT + _buffer_bytes(layer)
        own += state_bytes(layer.trainable_params, param_tensors(layer), optimizer)
        shares.append(LayerMemory(layer.name, own, saved_by[k] + extras[k]))
    return tuple(shares)


# --- FLOPs ---------------------------------------------------------------------------------------


def forward_flops(macs: int) -> int:
    """A multiply-accumulate is 2 FLOPs (a multiply and an add), as FlopCounterMode counts a conv
    and a matmul; nothing else (bias, activations, norms, pools) is counted: ``FLOPs = 2·MACs``.

    >>> forward_flops(416_520)
    833040
    """
    return 2 * macs


def backward_flops(macs: int, has_weights: bool, input_needs_grad: bool) -> int:
    """The backward of a layer with MACs: the gradient with respect to its weights (the same
    product, ``2·MACs``) and with respect to its input (``2·MACs`` again, unless nothing before
    it needs a gradient, as for the first conv): ``≈ 2 × forward``.

    >>> backward_flops(117_600, True, False), backward_flops(240_000, True, True)
    (235200, 960000)
    """
    return forward_flops(macs) * (int(has_weights) + int(input_needs_grad))


def layer_backward_flops(layers: Sequence[LayerResult]) -> list[int]:
    """Each layer's backward FLOPs; a tensor needs a gradient once a layer with trainable
    weights is on its way from the input."""
    needs = {"input": False}
    counts = []
    for layer in layers:
        before = any(needs.get(source, True) for source in layer.inputs)
        has_weights = layer.trainable_params > 0
        counts.append(backward_flops(layer.macs, has_weights, before))
        for name in (layer.name, *layer.outputs):
            needs[name] = before or has_weights
    return counts


# --- inference (--fit without --train) -------------------------------------------------------------


def inference_activations(result: NetworkResult, size: int = FLOAT) -> int:
    """The most activation memory a forward pass without gradients holds at once, per sample:
    at each layer, the outputs made so far that a later layer still reads (the network's output
    till the end; a view or an in-place layer's output is its input's storage, the input is its
    own term). ``inference bytes(N) = weights + N·(input + this)``."""
    layers = result.layers
    last_reader: dict[str, int] = {}
    for k, layer in enumerate(layers):
        for source in layer.inputs:
            last_reader[source] = k
    owner = {"input": "input"}
    live: dict[str, tuple[int, int]] = {}  # storage → (bytes, the last layer that reads it)
    peak = 0
    for k, layer in enumerate(layers):
        rule = saves_of(layer)
        shared = rule.view or rule.inplace
        for name in (layer.name, *layer.outputs):
            owner[name] = owner[layer.inputs[0]] if shared else layer.name
        ends = max((last_reader.get(name, len(layers)) for name in (layer.name, *layer.outputs)), default=k)
        key = owner[layer.name]
        if key != "input":
            bytes_, until = live.get(key, (layer.activation_elements * size, k))
            live[key] = (bytes_, max(until, ends))
        peak = max(peak, sum(bytes_ for bytes_, _ in live.values()))
        live = {name: entry for name, entry in live.items() if entry[1] > k}
    return peak
