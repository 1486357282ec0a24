"""Runnable model code for a spec: a PyTorch ``nn.Module`` or a Keras functional model.

The code is written from the computed result (each layer's spec and input shape), so every
``in_channels`` and ``in_features`` is the one cnncalc worked out. Where a framework has no
layer with the same arithmetic, export stops with an :class:`ExportError` naming the layer,
rather than emit code whose shapes or counts differ from the table.

Each layer is written by its kind's emitters (``EXPORT`` in ``cnncalc/kinds/<kind>.py``, built
with ``render/emit.py``); this module only assembles them into the file.
"""

from __future__ import annotations

from cnncalc import __version__, kinds
from cnncalc.engine.results import LayerResult, NetworkResult
from cnncalc.render.declare import Export
from cnncalc.render.emit import (
    HELPER_CLASSES,
    TEMPLATE_NAMES,
    KerasCalls,
    TorchModule,
    channels_last,
    class_name,
    docstring,
    identifier,
)
from cnncalc.render.formatting import count_text, shape_text


def _export(kind: str) -> Export:
    """A kind's emitters: ``cnncalc/kinds/<kind>.py``'s ``EXPORT``."""
    export: Export = kinds.module(kind).EXPORT
    return export


class Variables:
    """Names for each layer's output in the generated code: ``x`` throughout a chain; in a graph one
    per layer (its name as an identifier), the network's input staying ``x``."""

    def __init__(self, result: NetworkResult) -> None:
        self.result = result
        self.chain = result.is_chain
        taken: set[str] = set(TEMPLATE_NAMES)
        self.names = {"input": "x"}
        for layer in result.layers:
            self.names[layer.name] = "x" if self.chain else identifier(layer.name, taken, HELPER_CLASSES)
            for part in layer.outputs:  # a split's parts, each a variable of its own
                self.names[part] = identifier(part, taken, HELPER_CLASSES)

    def inputs(self, layer: LayerResult) -> list[str]:
        return [self.names[name] for name in layer.inputs]

    def target(self, layer: LayerResult) -> str:
        """The variable the layer writes (a split: its parts' variables, ``x1, x2``)."""
        if layer.outputs:
            return ", ".join(self.names[part] for part in layer.outputs)
        return self.names[layer.name]

    @property
    def output(self) -> str:
        last = self.result.layers[-1]
        return self.names[last.outputs[0] if last.outputs else last.name]


_PER_POSITION = '''
class PerPosition(nn.Module):
    """A layer applied to the channels at every position, as Keras' Dense on a non-flat input."""

    def __init__(self, layer: nn.Module) -> None:
        super().__init__()
        self.layer = layer

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.layer(x.movedim(1, -1)).movedim(-1, 1)
'''

_SUBSAMPLING = '''
class Subsampling(nn.Module):
    """LeNet-5's trainable subsampling: an average pool, then a weight and a bias per channel."""

    def __init__(self, channels: int, pool: nn.Module) -> None:
        super().__init__()
        self.pool = pool
        self.weight = nn.Parameter(torch.ones(channels))
        self.bias = nn.Parameter(torch.zeros(channels))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        shape = (1, -1) + (1,) * (x.dim() - 2)
        return self.pool(x) * self.weight.view(shape) + self.bias.view(shape)
'''

_STOCHASTIC_DEPTH = '''
class StochasticDepth(nn.Module):
    """torchvision.ops.StochasticDepth: in training, each sample's ("row") or the batch's branch is
    zeroed with probability p and the rest scaled by 1/(1 - p); the identity in eval mode."""

    def __init__(self, p: float, mode: str) -> None:
        super().__init__()
        self.p = p
        self.mode = mode

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if not self.training or self.p == 0.0:
            return x
        survival = 1.0 - self.p
        size = [x.shape[0]] + [1] * (x.dim() - 1) if self.mode == "row" else [1] * x.dim()
        noise = torch.empty(size, dtype=x.dtype, device=x.device).bernoulli_(survival)
        if survival > 0.0:
            noise.div_(survival)
        return x * noise
'''

_LAYER_SCALE = '''
class LayerScale(nn.Module):
    """A learned factor per channel, broadcast over the positions (ConvNeXt's layer scale)."""

    def __init__(self, channels: int, init: float = 1.0) -> None:
        super().__init__()
        self.gamma = nn.Parameter(torch.full((channels,), init))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x * self.gamma.view((1, -1) + (1,) * (x.dim() - 2))
'''


def render_pytorch(result: NetworkResult, source: str | None = None) -> str:
    """An ``nn.Module`` whose ``forward`` follows the spec, and a ``__main__`` that checks it."""
    module = TorchModule()
    variables = Variables(result)
    for layer in result.layers:
        module.sources = variables.inputs(layer)
        module.source, module.target = module.sources[0], variables.target(layer)
        _export(layer.layer.kind).torch(module, layer)
    name = class_name(result.name)
    batch_shape = ", ".join(map(str, (1, *result.input_shape)))
    out_shape = ", ".join(map(str, (1, *result.output_shape)))
    helpers = "".join(
        text
        for key, text in (
            ("PerPosition", _PER_POSITION),
            ("Subsampling", _SUBSAMPLING),
            ("StochasticDepth", _STOCHASTIC_DEPTH),
            ("LayerScale", _LAYER_SCALE),
        )
        if key in module.helpers
    )
    init = "\n".join(f"        {line}" for line in module.init)
    forward = "\n".join(f"        {line}" for line in module.forward)
    doc = docstring(
        _title(result, source),
        "",
        f"cnncalc: input {shape_text(result.input_shape)} → output {shape_text(result.output_shape)}, "
        f"{count_text(result.trainable_params)} trainable parameters.",
    )
    # __main__ checks one sample in eval mode: in training mode batch norm refuses a 1×1 map of
    # one sample (inception_v3's aux head).
    return f"""{doc}

import torch
from torch import nn
{helpers}

class {name}(nn.Module):
    def __init__(self) -> None:
        super().__init__()
{init}

    def forward(self, x: torch.Tensor) -> torch.Tensor:
{forward}
        return {variables.output}


if __name__ == "__main__":
    model = {name}().eval()
    print(model)
    print("output shape:", tuple(model(torch.zeros({batch_shape})).shape), "(cnncalc: ({out_shape}))")
    print("parameters:", sum(p.numel() for p in model.parameters()), "(cnncalc: {result.trainable_params})")
"""


def _title(result: NetworkResult, source: str | None) -> str:
    return f"{result.name}, exported by cnncalc {__version__}{f' from {source}' if source else ''}."


# --- Keras -------------------------------------------------------------------------------------


def render_keras(result: NetworkResult, source: str | None = None) -> str:
    """A Keras functional model: channels-last input, one call per layer, ``model.summary()``."""
    taken: set[str] = set()
    lines = []
    variables = Variables(result)
    for layer in result.layers:
        calls = KerasCalls(layer, taken, variables.inputs(layer), variables.target(layer))
        _export(layer.layer.kind).keras(calls, layer)
        lines += calls.lines()
    shape = channels_last(result.input_shape)
    body = "\n".join(lines)
    doc = docstring(
        _title(result, source),
        "",
        f"cnncalc: input {shape_text(result.input_shape)} (C×H×W; Keras takes it channels-last) → output "
        f"{shape_text(result.output_shape)}, {count_text(result.total_params)} parameters "
        f"({count_text(result.trainable_params)} trainable).",
    )
    return f"""{doc}

import keras
from keras import layers

inputs = keras.Input(shape={_py_tuple(shape)})
x = inputs
{body}
model = keras.Model(inputs, {variables.output}, name={identifier(class_name(result.name), taken)!r})

if __name__ == "__main__":
    model.summary()
"""


def _py_tuple(values: tuple[int, ...]) -> str:
    return "(" + ", ".join(map(str, values)) + ("," if len(values) == 1 else "") + ")"
