"""Runnable model code for a spec: a PyTorch ``nn.Module`` or a Keras functional model.

The code is written from the computed result (each layer's spec and input shape), so every
``in_channels`` and ``in_features`` is the one cnncalc worked out. Where a framework has no
layer with the same arithmetic, export stops with an :class:`ExportError` naming the layer,
rather than emit code whose shapes or counts differ from the table.
"""

from __future__ import annotations

import math

from cnncalc import __version__, kinds
from cnncalc.engine import formulas as f
from cnncalc.engine.results import LayerResult, NetworkResult
from cnncalc.errors import said
from cnncalc.render.emit import (
    HELPER_CLASSES,
    NN_MODULE_ATTRIBUTES,
    TEMPLATE_NAMES,
    Export,
    ExportError,
    KerasCalls,
    TorchModule,
    class_name,
    comment,
    docstring,
    identifier,
    number,
)
from cnncalc.render.emit import channels_last as _channels_last
from cnncalc.render.emit import literal as _tuple
from cnncalc.render.emit import per_axis as _per_dim
from cnncalc.render.emit import same_pads as _same_pads
from cnncalc.render.emit import torch_pad as _torch_pad
from cnncalc.render.emit import unsupported as _unsupported
from cnncalc.render.formatting import count_text, shape_text
from cnncalc.spec import activations
from cnncalc.spec import models as m

__all__ = ["NN_MODULE_ATTRIBUTES", "ExportError", "comment", "docstring", "identifier", "number"]

# Each kind's emitters, by the kind's name (the module's: "conv", "global_avgpool").
EXPORTS: dict[str, Export] = {
    module.__name__.rsplit(".", 1)[-1]: module.EXPORT for module in kinds.MODULES if hasattr(module, "EXPORT")
}


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

    def inputs(self, layer: LayerResult) -> list[str]:
        return [self.names[name] for name in layer.inputs]

    def of(self, layer: LayerResult) -> tuple[str, str]:
        """(the variable the layer reads, the one it writes)."""
        return self.inputs(layer)[0], self.names[layer.name]

    @property
    def output(self) -> str:
        return self.names[self.result.layers[-1].name]


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


def render_pytorch(result: NetworkResult, source: str | None = None) -> str:
    """An ``nn.Module`` whose ``forward`` follows the spec, and a ``__main__`` that checks it."""
    module = TorchModule()
    variables = Variables(result)
    for layer in result.layers:
        module.source, module.target = variables.of(layer)
        module.sources = variables.inputs(layer)
        emitter = EXPORTS.get(layer.layer.kind)
        if emitter is not None:
            emitter.torch(module, layer)
        elif isinstance(layer.layer, (m.Add, m.Concat)):
            sources = variables.inputs(layer)
            joined = (
                " + ".join(sources)
                if isinstance(layer.layer, m.Add)
                else f"torch.cat([{', '.join(sources)}], dim=1)"
            )
            module.forward.append(f"{module.target} = {joined}")
        else:
            _torch_layer(module, layer)
    name = class_name(result.name)
    batch_shape = ", ".join(map(str, (1, *result.input_shape)))
    out_shape = ", ".join(map(str, (1, *result.output_shape)))
    helpers = "".join(
        text
        for key, text in (("PerPosition", _PER_POSITION), ("Subsampling", _SUBSAMPLING))
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
    model = {name}()
    print(model)
    print("output shape:", tuple(model(torch.zeros({batch_shape})).shape), "(cnncalc: ({out_shape}))")
    print("parameters:", sum(p.numel() for p in model.parameters()), "(cnncalc: {result.trainable_params})")
"""


def _title(result: NetworkResult, source: str | None) -> str:
    return f"{result.name}, exported by cnncalc {__version__}{f' from {source}' if source else ''}."


def _torch_layer(module: TorchModule, layer: LayerResult) -> None:
    spec = layer.layer
    rank = len(layer.input_shape) - 1
    channels = layer.input_shape[0]
    nd = f"{rank}d"
    if isinstance(spec, (m.Conv, m.DepthwiseConv, m.SeparableConv)):
        kernel, stride = _per_dim(spec.kernel, rank), _per_dim(spec.stride, rank)
        dilation = _per_dim(spec.dilation, rank)
        padding = "0"
        if spec.padding == "same":
            pads = _same_pads(layer, kernel, stride, dilation)
            if all(a == b for a, b in pads):
                padding = _tuple(tuple(a for a, _ in pads))
            else:  # TensorFlow's extra row/column after: explicit, as PyTorch pads symmetrically
                module.add(f"{layer.name}_pad", _torch_pad(pads, "0.0"))
        elif spec.padding != "valid":
            padding = _tuple(spec.padding)
        common = f"kernel_size={_tuple(spec.kernel)}"
        if stride != (1,) * rank:
            common += f", stride={_tuple(spec.stride)}"
        if padding != "0":
            common += f", padding={padding}"
        if dilation != (1,) * rank:
            common += f", dilation={_tuple(spec.dilation)}"
        if isinstance(spec, m.Conv):
            groups = f", groups={spec.groups}" if spec.groups != 1 else ""
            bias = "" if spec.bias else ", bias=False"
            module.add(layer.name, f"nn.Conv{nd}({channels}, {spec.filters}, {common}{groups}{bias})")
        elif isinstance(spec, m.DepthwiseConv):
            depth = channels * spec.depth_multiplier
            bias = "" if spec.bias else ", bias=False"
            module.add(layer.name, f"nn.Conv{nd}({channels}, {depth}, {common}, groups={channels}{bias})")
        else:
            depth = channels * spec.depth_multiplier
            module.add(
                f"{layer.name}_depthwise",
                f"nn.Conv{nd}({channels}, {depth}, {common}, groups={channels}, bias=False)",
            )
            bias = "" if spec.bias else ", bias=False"
            module.add(
                f"{layer.name}_pointwise", f"nn.Conv{nd}({depth}, {spec.filters}, kernel_size=1{bias})"
            )
        _torch_activation(module, layer, spec.activation)
    elif isinstance(spec, m.ConvTranspose):
        output_padding: int | tuple[int, ...] = spec.output_padding
        if spec.padding == "same":
            padding, output_padding = _transpose_same(layer, spec, rank)
        else:
            padding = "0" if spec.padding == "valid" else _tuple(spec.padding)
        args = f"{channels}, {spec.filters}, kernel_size={_tuple(spec.kernel)}, stride={_tuple(spec.stride)}"
        args += f", padding={padding}, output_padding={_tuple(output_padding)}"
        args += f", groups={spec.groups}, bias={spec.bias}, dilation={_tuple(spec.dilation)}"
        module.add(layer.name, f"nn.ConvTranspose{nd}({args})")
        _torch_activation(module, layer, spec.activation)
    elif isinstance(spec, (m.MaxPool, m.AvgPool)):
        _torch_pool(module, layer, spec, rank)
    elif isinstance(spec, (m.GlobalAvgPool, m.GlobalMaxPool)):
        kind = "Avg" if isinstance(spec, m.GlobalAvgPool) else "Max"
        module.add(layer.name, f"nn.Sequential(nn.Adaptive{kind}Pool{nd}(1), nn.Flatten())")
    elif isinstance(spec, (m.AdaptiveAvgPool, m.AdaptiveMaxPool)):
        kind = "Avg" if isinstance(spec, m.AdaptiveAvgPool) else "Max"
        module.add(layer.name, f"nn.Adaptive{kind}Pool{nd}({_tuple(spec.output_size)})")
    elif isinstance(spec, m.Flatten):
        module.add(layer.name, "nn.Flatten()")
    elif isinstance(spec, m.Dense):
        bias = "" if spec.bias else ", bias=False"
        linear = f"nn.Linear({channels}, {spec.units}{bias})"
        if rank and spec.reading == "flatten":  # the book's Affine: x.reshape(N, -1) first
            linear = (
                f"nn.Sequential(nn.Flatten(), nn.Linear({math.prod(layer.input_shape)}, {spec.units}{bias}))"
            )
        elif rank and spec.reading == "last_axis":  # nn.Linear itself: the last axis
            linear = f"nn.Linear({layer.input_shape[-1]}, {spec.units}{bias})"
        elif rank:
            module.helpers.add("PerPosition")
            linear = f"PerPosition({linear})"
        module.add(layer.name, linear)
        _torch_activation(module, layer, spec.activation)
    elif isinstance(spec, m.Dropout):
        module.add(layer.name, f"nn.Dropout(p={number(spec.rate, layer, 'rate')})")
    elif isinstance(spec, m.Activation):
        _torch_activation(module, layer, spec.info.name, own=True)
    elif isinstance(spec, m.LRN):
        module.add(
            layer.name,
            f"nn.LocalResponseNorm({spec.size}, alpha={number(spec.alpha, layer, 'alpha')}, "
            f"beta={number(spec.beta, layer, 'beta')}, k={number(spec.k, layer, 'k')})",
        )
    elif isinstance(spec, m.BatchNorm):
        options = f", eps={number(spec.eps, layer, 'eps')}" if spec.eps != 1e-5 else ""
        if not spec.affine:
            options += ", affine=False"
        module.add(layer.name, f"nn.BatchNorm{max(rank, 1)}d({channels}{options})")
    elif isinstance(spec, m.ZeroPadding):
        pads = [(p, p) for p in _per_dim(spec.padding, rank)]
        module.add(layer.name, _torch_pad(pads, "0.0"))
    else:
        raise _unsupported(layer, "PyTorch", said("owner.layer", kind=layer.type), "type")


def _transpose_same(layer: LayerResult, spec: m.ConvTranspose, rank: int) -> tuple[str, tuple[int, ...]]:
    """Keras' ``same`` (output N·S) as PyTorch's padding P and output_padding OP:
    (N − 1)S − 2P + D(F − 1) + OP + 1 = N·S, so 2P − OP = D(F − 1) + 1 − S."""
    pads, extras = [], []
    kernel, stride = _per_dim(spec.kernel, rank), _per_dim(spec.stride, rank)
    dilation = _per_dim(spec.dilation, rank)
    for k, s, d in zip(kernel, stride, dilation, strict=True):
        excess = d * (k - 1) + 1 - s
        pad = max(-(-excess // 2), 0)
        extra = 2 * pad - excess
        if not 0 <= extra < max(s, d):
            raise _unsupported(layer, "PyTorch", said("export.what.transpose_same"), "padding")
        pads.append(pad)
        extras.append(extra)
    return _tuple(tuple(pads)), tuple(extras)


def _torch_pool(module: TorchModule, layer: LayerResult, spec: m.MaxPool | m.AvgPool, rank: int) -> None:
    nd = f"{rank}d"
    kind = "Max" if isinstance(spec, m.MaxPool) else "Avg"
    kernel = _per_dim(spec.kernel, rank)
    stride = kernel if spec.stride is None else _per_dim(spec.stride, rank)
    dilation = _per_dim(spec.dilation, rank) if isinstance(spec, m.MaxPool) else (1,) * rank
    args = f"kernel_size={_tuple(spec.kernel)}"
    if spec.stride is not None and stride != kernel:
        args += f", stride={_tuple(spec.stride)}"
    if spec.padding == "same":
        pads = _same_pads(layer, kernel, stride, dilation)
        if isinstance(spec, m.AvgPool):
            if any(a != b for a, b in pads):
                raise _unsupported(layer, "PyTorch", said("export.what.avgpool_asymmetric"), "padding")
            args += f", padding={_tuple(tuple(a for a, _ in pads))}, count_include_pad=False"
        elif any(pads):
            module.add(f"{layer.name}_pad", _torch_pad(pads, "float('-inf')"))
    elif spec.padding not in (0, "valid"):
        args += f", padding={_tuple(spec.padding)}"
    if isinstance(spec, m.MaxPool) and dilation != (1,) * rank:
        args += f", dilation={_tuple(spec.dilation)}"
    if spec.ceil_mode:
        args += ", ceil_mode=True"
    pool = f"nn.{kind}Pool{nd}({args})"
    if spec.trainable:
        module.helpers.add("Subsampling")
        pool = f"Subsampling({layer.input_shape[0]}, {pool})"
    module.add(layer.name, pool)


def _torch_activation(
    module: TorchModule, layer: LayerResult, function: str | None, own: bool = False
) -> None:
    """The activation's module from the table of activations: the layer itself (``own``), or the
    ``activation`` of a conv or dense layer, as a module of its own after it."""
    info = activations.BY_NAME[function or "linear"]
    if info.name == "linear" and not own:
        return
    if info.torch is None:
        raise _no_activation(layer, "PyTorch", info)
    expression = _torch_prelu(layer) if info.parametric else info.torch
    module.add(layer.name if own else f"{layer.name}_{info.name}", expression)


def _torch_prelu(layer: LayerResult) -> str:
    """``nn.PReLU()`` has one slope, ``nn.PReLU(C)`` one per channel; nothing has one per element."""
    channels = layer.input_shape[0]
    if layer.params == 1:
        return "nn.PReLU()"
    if layer.params == channels:
        return f"nn.PReLU({channels})"
    raise ExportError(
        layer.index - 1,
        layer.layer.name,
        said("export.prelu", channels=channels, count=f"{layer.params:,}"),
        "shared_axes",
        said("hint.export_prelu"),
    )


def _no_activation(layer: LayerResult, framework: str, info: activations.ActivationInfo) -> ExportError:
    why = f": {info.why_not}" if info.why_not else ""
    return ExportError(
        layer.index - 1,
        layer.layer.name,
        said("export.no_activation", framework=framework, name=info.name, why=why),
        "function" if isinstance(layer.layer, m.Activation) else "activation",
        said("hint.export_activation"),
    )


# --- Keras -------------------------------------------------------------------------------------


def render_keras(result: NetworkResult, source: str | None = None) -> str:
    """A Keras functional model: channels-last input, one call per layer, ``model.summary()``."""
    taken: set[str] = set()
    lines = []
    variables = Variables(result)
    for layer in result.layers:
        incoming, target = variables.of(layer)
        emitter = EXPORTS.get(layer.layer.kind)
        if emitter is not None:
            calls = KerasCalls(layer, taken, variables.inputs(layer), target)
            emitter.keras(calls, layer)
            lines += calls.lines()
        elif isinstance(layer.layer, (m.Add, m.Concat)):
            name = identifier(layer.name, taken)
            merge = (
                f"Add(name={name!r})"
                if isinstance(layer.layer, m.Add)
                else f"Concatenate(axis=-1, name={name!r})"
            )
            note = comment(layer.name) if name != layer.name else ""
            lines.append(f"{target} = layers.{merge}([{', '.join(variables.inputs(layer))}]){note}")
        else:
            lines += _keras_layer(layer, taken, incoming, target)
    shape = _channels_last(result.input_shape)
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


def _keras_layer(layer: LayerResult, taken: set[str], source: str = "x", target: str = "x") -> list[str]:
    spec = layer.layer
    rank = len(layer.input_shape) - 1
    nd = f"{rank}D"
    name = identifier(layer.name, taken)
    lines: list[str] = []
    flow = [source]

    def call(expression: str) -> None:
        lines.append(f"{target} = layers.{expression}({flow[0]})")
        flow[0] = target

    after: list[str] = []  # an activation Keras has as a layer only, called after the layer

    def activation(function: str | None) -> str:
        if function is None:
            return ""
        info = activations.BY_NAME[function]
        if info.keras is not None:
            return f", activation={info.keras!r}"
        after.append(_keras_activation(layer, info, identifier(f"{layer.name}_{info.name}", taken)))
        return ""

    def padding_of(padding: int | tuple[int, ...] | str) -> str:
        if isinstance(padding, str):
            return padding
        if any(_per_dim(padding, rank)):
            call(f"ZeroPadding{nd}({_tuple(padding)}, name={identifier(layer.name + '_pad', taken)!r})")
        return "valid"

    if isinstance(spec, (m.Conv, m.DepthwiseConv, m.SeparableConv)):
        pad = padding_of(spec.padding)
        args = f"kernel_size={_tuple(spec.kernel)}, strides={_tuple(spec.stride)}, padding={pad!r}"
        if spec.dilation != 1:
            args += f", dilation_rate={_tuple(spec.dilation)}"
        if not spec.bias:
            args += ", use_bias=False"
        tail = f"{activation(spec.activation)}, name={name!r}"
        if isinstance(spec, m.Conv):
            groups = f", groups={spec.groups}" if spec.groups != 1 else ""
            call(f"Conv{nd}({spec.filters}, {args}{groups}{tail})")
        elif isinstance(spec, m.DepthwiseConv):
            call(f"DepthwiseConv{nd}({args}, depth_multiplier={spec.depth_multiplier}{tail})")
        else:
            call(f"SeparableConv{nd}({spec.filters}, {args}, depth_multiplier={spec.depth_multiplier}{tail})")
    elif isinstance(spec, m.ConvTranspose):
        if spec.groups != 1:
            raise _unsupported(layer, "Keras", said("export.what.grouped_transpose"), "groups")
        numeric = not isinstance(spec.padding, str) and any(_per_dim(spec.padding, rank))
        pad = "same" if spec.padding == "same" else "valid"
        args = f"{spec.filters}, kernel_size={_tuple(spec.kernel)}, strides={_tuple(spec.stride)}"
        args += f", padding={pad!r}"
        if pad == "valid":
            # Keras' default (None) gives N·S + max(F − S, 0); an explicit output_padding gives
            # PyTorch's (N − 1)S + D(F − 1) + 1 + OP, which is cnncalc's number.
            args += f", output_padding={_tuple(spec.output_padding)}"
        if spec.dilation != 1:
            args += f", dilation_rate={_tuple(spec.dilation)}"
        if not spec.bias:
            args += ", use_bias=False"
        call(f"Conv{nd}Transpose({args}{activation(spec.activation)}, name={name!r})")
        if numeric:  # PyTorch's padding P crops P from each side of the output
            call(f"Cropping{nd}({_tuple(spec.padding)}, name={identifier(layer.name + '_crop', taken)!r})")
    elif isinstance(spec, (m.MaxPool, m.AvgPool)):
        kind = "Max" if isinstance(spec, m.MaxPool) else "Average"
        if spec.ceil_mode:
            raise _unsupported(layer, "Keras", said("export.what.ceil_mode"), "ceil_mode")
        if spec.trainable:
            raise _unsupported(layer, "Keras", said("export.what.subsampling"), "trainable")
        if isinstance(spec, m.MaxPool) and spec.dilation != 1:
            raise _unsupported(layer, "Keras", said("export.what.dilated_pool"), "dilation")
        stride = spec.kernel if spec.stride is None else spec.stride
        pad = spec.padding if isinstance(spec.padding, str) else "valid"
        if not isinstance(spec.padding, str) and any(_per_dim(spec.padding, rank)):
            # A max pool ignores its padding's values, so TensorFlow's 'same' is the same pool when
            # it pads P on both sides (Inception's 3×3 /1 p1). Otherwise zeros, then a valid pool:
            # PyTorch's average exactly (count_include_pad), and a max pool as keras.applications'
            # ResNet writes its pool1 (zeros rather than −∞: the same after a ReLU).
            kernel, strides = _per_dim(spec.kernel, rank), _per_dim(stride, rank)
            same = [
                f.same_padding(n, k, st)
                for n, k, st in zip(layer.input_shape[1:], kernel, strides, strict=True)
            ]
            if isinstance(spec, m.MaxPool) and same == [(p, p) for p in _per_dim(spec.padding, rank)]:
                pad = "same"
            else:
                pad = padding_of(spec.padding)
        window = f"pool_size={_tuple(spec.kernel)}, strides={_tuple(stride)}"
        call(f"{kind}Pooling{nd}({window}, padding={pad!r}, name={name!r})")
    elif isinstance(spec, (m.GlobalAvgPool, m.GlobalMaxPool)):
        kind = "Average" if isinstance(spec, m.GlobalAvgPool) else "Max"
        call(f"Global{kind}Pooling{nd}(name={name!r})")
    elif isinstance(spec, (m.AdaptiveAvgPool, m.AdaptiveMaxPool)):
        # Exact only when the output size divides the input: then it is a plain pool of N/O.
        spatial, sizes = layer.input_shape[1:], _per_dim(spec.output_size, rank)
        if any(n % o for n, o in zip(spatial, sizes, strict=True)):
            raise _unsupported(layer, "Keras", said("export.what.adaptive"), "type")
        window = _tuple(tuple(n // o for n, o in zip(spatial, sizes, strict=True)))
        kind = "Average" if isinstance(spec, m.AdaptiveAvgPool) else "Max"
        call(f"{kind}Pooling{nd}(pool_size={window}, strides={window}, name={name!r})")
    elif isinstance(spec, m.Flatten):
        call(f"Flatten(name={name!r})")
    elif isinstance(spec, m.Dense):
        bias = "" if spec.bias else ", use_bias=False"
        if rank and spec.reading == "last_axis":
            raise _unsupported(layer, "Keras", said("export.what.dense_last_axis"), "reading")
        if rank and spec.reading == "flatten":
            call(f"Flatten(name={identifier(layer.name + '_flatten', taken)!r})")
        call(f"Dense({spec.units}{bias}{activation(spec.activation)}, name={name!r})")
    elif isinstance(spec, m.Dropout):
        call(f"Dropout({number(spec.rate, layer, 'rate')}, name={name!r})")
    elif isinstance(spec, m.Activation):
        info = spec.info
        call(
            f"Activation({info.keras!r}, name={name!r})"
            if info.keras is not None
            else _keras_activation(layer, info, name)
        )
    elif isinstance(spec, m.LRN):
        raise _unsupported(layer, "Keras", said("export.what.lrn"), "type")
    elif isinstance(spec, m.BatchNorm):
        if not spec.affine:
            raise _unsupported(layer, "Keras", said("export.what.batchnorm_no_affine"), "affine")
        call(f"BatchNormalization(epsilon={number(spec.eps, layer, 'eps')}, name={name!r})")
    elif isinstance(spec, m.ZeroPadding):
        call(f"ZeroPadding{nd}({_tuple(spec.padding)}, name={name!r})")
    else:
        raise _unsupported(layer, "Keras", said("owner.layer", kind=layer.type), "type")
    for expression in after:
        call(expression)
    if name != layer.name:  # the spec's name, where Keras' had to differ from it
        mains = [i for i, line in enumerate(lines) if f"name={name!r})" in line]
        lines[mains[-1] if mains else -1] += comment(layer.name)
    return lines


def _keras_activation(layer: LayerResult, info: activations.ActivationInfo, name: str) -> str:
    """An activation as a Keras layer (``LeakyReLU(negative_slope=0.01)``, ``PReLU``), where the
    string for ``activation=`` would not be the same function or count."""
    if info.keras_layer is None:
        raise _no_activation(layer, "Keras", info)
    kind, arguments = info.keras_layer
    if info.parametric:
        shared = _keras_shared_axes(layer)
        arguments = "" if shared is None else f"shared_axes={list(shared)}"
    return f"{kind}({arguments}{', ' if arguments else ''}name={name!r})"


def _keras_shared_axes(layer: LayerResult) -> tuple[int, ...] | None:
    """Keras' ``shared_axes`` that give the PReLU the slopes cnncalc counted (None: per element)."""
    spec = layer.layer
    if isinstance(spec, m.Activation) and spec.shared_axes is not None:
        return tuple(spec.shared_axes)
    keras_shape = _channels_last(layer.input_shape)
    if layer.params == math.prod(keras_shape):
        return None
    if layer.params == 1:
        return tuple(range(1, len(keras_shape) + 1))
    return tuple(range(1, len(keras_shape)))  # one per channel (num_parameters: C)
