"""Runnable model code for a spec: a PyTorch ``nn.Module`` or a Keras functional model.

The code is written from the computed result (each layer's spec and input shape), so every
``in_channels`` and ``in_features`` is the one cnncalc worked out. Where a framework has no
layer with the same arithmetic, export stops with an :class:`ExportError` naming the layer,
rather than emit code whose shapes or counts differ from the table.
"""

from __future__ import annotations

import keyword
import math
import re
from dataclasses import dataclass, field

from cnncalc import __version__
from cnncalc.engine import formulas as f
from cnncalc.engine.results import LayerResult, NetworkResult, Shape
from cnncalc.errors import LayerError, said
from cnncalc.render.formatting import count_text, shape_text
from cnncalc.spec import activations
from cnncalc.spec import models as m

# Every attribute an ``nn.Module`` has (torch 2.x), written here because torch is not a dependency:
# a layer attribute named ``parameters`` or ``to`` would replace the method and break the model.
# tests/test_export_hostile.py checks this list against ``dir(nn.Module())`` when torch is there.
NN_MODULE_ATTRIBUTES = frozenset({
    "T_destination", "add_module", "apply", "bfloat16", "buffers", "call_super_init", "children", "compile",
    "cpu", "cuda", "double", "dump_patches", "eval", "extra_repr", "float", "forward", "get_buffer",
    "get_extra_state", "get_parameter", "get_submodule", "half", "ipu", "load_state_dict", "modules",
    "mtia", "named_buffers", "named_children", "named_modules", "named_parameters", "parameters",
    "register_backward_hook", "register_buffer", "register_forward_hook", "register_forward_pre_hook",
    "register_full_backward_hook", "register_full_backward_pre_hook", "register_load_state_dict_post_hook",
    "register_load_state_dict_pre_hook", "register_module", "register_parameter",
    "register_state_dict_post_hook", "register_state_dict_pre_hook", "requires_grad_", "set_extra_state",
    "set_submodule", "share_memory", "state_dict", "to", "to_empty", "train", "training", "type", "xpu",
    "zero_grad",
})  # fmt: skip
# Names the generated files use themselves (modules, helper classes, variables of the template).
_TEMPLATE_NAMES = frozenset({"x", "self", "torch", "nn", "inputs", "layers", "keras", "model"})
_HELPER_CLASSES = frozenset({"PerPosition", "Subsampling"})


class ExportError(LayerError):
    """A layer the target framework cannot express with the same arithmetic."""


def identifier(text: str, taken: set[str], reserved: frozenset[str] = frozenset()) -> str:
    """A name from a spec → a unique Python identifier: ``my-conv`` → ``my_conv``, ``1x1`` → ``l_1x1``.

    The one sanitiser for text that becomes a name in generated code: ASCII letters, digits and
    ``_`` only, never a keyword (``None``, ``class``) nor one of ``reserved`` (``parameters_``).

    >>> identifier("conv-1", set()), identifier("class", set()), identifier("C1", {"C1"})
    ('conv_1', 'class_', 'C1_2')
    >>> identifier("parameters", set(), NN_MODULE_ATTRIBUTES), identifier('x";', set())
    ('parameters_', 'x')
    """
    name = re.sub(r"\W", "_", text, flags=re.ASCII).strip("_") or "layer"
    if name[0].isdigit():
        name = f"l_{name}"
    if keyword.iskeyword(name) or name in reserved:
        name += "_"
    candidate, n = name, 1
    while candidate in taken or candidate in reserved:
        n += 1
        candidate = f"{name}_{n}"
    taken.add(candidate)
    return candidate


def class_name(text: str) -> str:
    """``LeNet-5`` → ``LeNet5``; ``AlexNet (torchvision)`` → ``AlexNetTorchvision``: the words in
    CamelCase, then through :func:`identifier` like every other name.

    >>> class_name("LeNet-5"), class_name("AlexNet (torchvision)"), class_name("3x3 net")
    ('LeNet5', 'AlexNetTorchvision', 'Net3x3Net')
    >>> class_name("none"), class_name("per position")
    ('None_', 'PerPosition_')
    """
    words = re.findall(r"[A-Za-z0-9]+", text)
    name = "".join(w[0].upper() + w[1:] for w in words) or "Network"
    return identifier(f"Net{name}" if name[0].isdigit() else name, set(), _HELPER_CLASSES)


def docstring(*lines: str) -> str:
    r"""Lines of text as a triple-quoted literal that reads back as exactly those lines.

    Backslashes and double quotes are escaped, and so is every character that is not printable
    (a newline, CR, ESC, U+2028, a bidi override…), so no text from a spec or a file name can end
    the string, start a statement or break a line.

    >>> print(docstring('x";__import__("os")', "a\nb", "c\\")[3:-3])
    x\";__import__(\"os\")
    a\nb
    c\\
    """
    return '"""' + "\n".join(map(_escaped, lines)) + '"""'


def _escaped(text: str) -> str:
    out = []
    for char in text:
        if char in '\\"':
            out.append("\\" + char)
        elif char.isprintable():
            out.append(char)
        elif "\ud800" <= char <= "\udfff":
            # A lone surrogate (a file name's byte that is not UTF-8) as the text "\udcff": Python
            # 3.13 cleans docstrings as UTF-8 when it compiles them, and fails on the character.
            out.append("\\" + repr(char)[1:-1])
        else:
            out.append(repr(char)[1:-1])  # '\n', '\x1b', '\u2028'
    return "".join(out)


def comment(text: str) -> str:
    r"""A name for a ``#`` comment: its ``repr``, so a newline in it cannot end the comment line.

    >>> print(comment("a\nb"))
      # 'a\nb'
    """
    return f"  # {text!r}"


def number(value: float, layer: LayerResult, field_name: str) -> str:
    """A float as a Python literal (``repr``: exact, unlike ``:g``); NaN and ±inf have no literal."""
    if not math.isfinite(value):
        raise ExportError(
            layer.index - 1,
            layer.layer.name,
            said("export.not_finite", value=value),
            field_name,
            said("hint.export_finite"),
        )
    return repr(float(value))


def _tuple(value: int | tuple[int, ...] | str) -> str:
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, int):
        return str(value)
    return str(value[0]) if len(set(value)) == 1 else "(" + ", ".join(map(str, value)) + ")"


def _per_dim(value: int | tuple[int, ...], rank: int) -> tuple[int, ...]:
    return (value,) * rank if isinstance(value, int) else value


def _same_pads(
    layer: LayerResult, kernel: tuple[int, ...], stride: tuple[int, ...], dilation: tuple[int, ...]
) -> list[tuple[int, int]]:
    spatial = layer.input_shape[1:]
    return [f.same_padding(n, k, s, d) for n, k, s, d in zip(spatial, kernel, stride, dilation, strict=True)]


def _torch_pad(pads: list[tuple[int, int]], value: str) -> str:
    """``nn.ConstantPadNd`` takes the last axis first: (left, right, top, bottom, …)."""
    flat = [p for before_after in reversed(pads) for p in before_after]
    return f"nn.ConstantPad{len(pads)}d(({', '.join(map(str, flat))}), {value})"


@dataclass
class _Module:
    """The PyTorch code being built: attributes in ``__init__`` and the lines of ``forward``."""

    taken: set[str] = field(default_factory=lambda: {"x"})
    init: list[str] = field(default_factory=list)
    forward: list[str] = field(default_factory=list)
    helpers: set[str] = field(default_factory=set)
    # The variable a layer reads and the one it writes: both ``x`` in a chain; in a graph each
    # layer's output has its own name, so that a later layer can take it.
    source: str = "x"
    target: str = "x"

    def add(self, name: str, expression: str) -> None:
        """An attribute for the layer ``name`` (never one of nn.Module's own); a comment keeps
        the spec's name where the attribute had to differ from it."""
        attribute = identifier(name, self.taken, NN_MODULE_ATTRIBUTES)
        note = comment(name) if attribute != name else ""
        self.init.append(f"self.{attribute} = {expression}{note}")
        self.forward.append(f"{self.target} = self.{attribute}({self.source})")
        self.source = self.target


class _Variables:
    """Names for each layer's output in the generated code: ``x`` throughout a chain; in a graph one
    per layer (its name as an identifier), the network's input staying ``x``."""

    def __init__(self, result: NetworkResult) -> None:
        self.result = result
        self.chain = result.is_chain
        taken: set[str] = set(_TEMPLATE_NAMES)
        self.names = {"input": "x"}
        for layer in result.layers:
            self.names[layer.name] = "x" if self.chain else identifier(layer.name, taken, _HELPER_CLASSES)

    def inputs(self, layer: LayerResult) -> list[str]:
        return [self.names[name] for name in _inputs_of(layer, self.result)]

    def of(self, layer: LayerResult) -> tuple[str, str]:
        """(the variable the layer reads, the one it writes)."""
        return self.inputs(layer)[0], self.names[layer.name]

    @property
    def output(self) -> str:
        return self.names[self.result.layers[-1].name]


def _inputs_of(layer: LayerResult, result: NetworkResult) -> list[str]:
    """The names a layer takes: its ``inputs`` in a graph, else the layer before it."""
    return list(layer.inputs)


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
    module = _Module()
    variables = _Variables(result)
    for layer in result.layers:
        module.source, module.target = variables.of(layer)
        if isinstance(layer.layer, (m.Add, m.Concat)):
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


def _torch_layer(module: _Module, layer: LayerResult) -> None:
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


def _torch_pool(module: _Module, layer: LayerResult, spec: m.MaxPool | m.AvgPool, rank: int) -> None:
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


def _torch_activation(module: _Module, layer: LayerResult, function: str | None, own: bool = False) -> None:
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


def _unsupported(layer: LayerResult, framework: str, what: str, field: str) -> ExportError:
    return ExportError(
        layer.index - 1,
        layer.layer.name,
        said("export.unsupported", framework=framework, what=what),
        field,
        said("hint.export_unsupported"),
    )


# --- Keras -------------------------------------------------------------------------------------


def render_keras(result: NetworkResult, source: str | None = None) -> str:
    """A Keras functional model: channels-last input, one call per layer, ``model.summary()``."""
    taken: set[str] = set()
    lines = []
    variables = _Variables(result)
    for layer in result.layers:
        incoming, target = variables.of(layer)
        if isinstance(layer.layer, (m.Add, m.Concat)):
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


def _channels_last(shape: Shape) -> Shape:
    return (*shape[1:], shape[0])


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
