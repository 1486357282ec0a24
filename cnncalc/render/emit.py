"""The helpers the layer kinds' emitters share; what a kind declares (``EXPORT``, ``DRAWING``) is
:mod:`cnncalc.render.declare`.

A kind module (``cnncalc/kinds/<kind>.py``) writes its PyTorch and Keras emitters with these,
importing them inside the emitters, so that a table, JSON or one-off run never loads this module;
``render/export.py`` assembles the file. This module imports no renderer and lists no kind, so
every kind module can import it. Text from a spec reaches generated code only through
:func:`identifier`, :func:`docstring`, :func:`comment`, :func:`number` and ``repr``.
"""

from __future__ import annotations

import keyword
import math
import re
from typing import TYPE_CHECKING, Literal

from cnncalc.engine import formulas as f
from cnncalc.engine.results import LayerResult, Shape
from cnncalc.engine.windows import spread
from cnncalc.errors import LayerError, said
from cnncalc.spec import activations

if TYPE_CHECKING:
    from cnncalc.spec.models import (
        AvgPool,
        Conv,
        DepthwiseConv,
        MaxPool,
        SeparableConv,
    )

# Every attribute an ``nn.Module`` has (torch 2.x), written here because torch is not a dependency:
# a layer attribute named ``parameters`` or ``to`` would replace the method and break the model.
# tests/test_emit.py checks this list against ``dir(nn.Module())`` when torch is there.
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
TEMPLATE_NAMES = frozenset({"x", "self", "torch", "nn", "inputs", "layers", "keras", "model"})
HELPER_CLASSES = frozenset({"PerPosition", "Subsampling", "StochasticDepth", "LayerScale"})


class ExportError(LayerError):
    """A layer the target framework cannot express with the same arithmetic."""


# --- What a kind declares ------------------------------------------------------------------------


class TorchModule:
    """The PyTorch code being built: attributes in ``__init__`` and the lines of ``forward``."""

    def __init__(self) -> None:
        self.taken: set[str] = {"x"}
        self.init: list[str] = []
        self.forward: list[str] = []
        self.helpers: set[str] = set()
        # The variables a layer reads and the one it writes: ``x`` in a chain; in a graph each
        # layer's output has its own name, so that a later layer can take it.
        self.sources: list[str] = ["x"]
        self.source = "x"
        self.target = "x"

    def add(self, name: str, expression: str) -> None:
        """An attribute for the layer ``name`` (never one of nn.Module's own); a comment keeps
        the spec's name where the attribute had to differ from it."""
        attribute = identifier(name, self.taken, NN_MODULE_ATTRIBUTES)
        note = comment(name) if attribute != name else ""
        self.init.append(f"self.{attribute} = {expression}{note}")
        self.forward.append(f"{self.target} = self.{attribute}({self.source})")
        self.source = self.target

    def assign(self, expression: str) -> None:
        """A line of ``forward`` with no module of its own (a sum, a concatenation)."""
        self.forward.append(f"{self.target} = {expression}")


class KerasCalls:
    """One layer's Keras calls: ``target = layers.Kind(..., name='…')(source)``, one per line.

    ``name`` is the layer's Keras name (unique in the model); :meth:`lines` adds the activations
    Keras has as layers only, and a comment with the spec's name where Keras' had to differ.
    """

    def __init__(self, layer: LayerResult, taken: set[str], sources: list[str], target: str) -> None:
        self.layer = layer
        self.taken = taken
        self.sources = sources
        self.target = target
        self.name = identifier(layer.name, taken)
        self.nd = f"{spatial_rank(layer)}D"
        self._flow = sources[0]
        self._lines: list[str] = []
        self._after: list[str] = []  # activations Keras has as a layer only, called after the layer

    def call(self, expression: str) -> None:
        """``layers.<expression>`` applied to what the layer reads (or what the last call gave)."""
        self._lines.append(f"{self.target} = layers.{expression}({self._flow})")
        self._flow = self.target

    def merge(self, expression: str) -> None:
        """``layers.<expression>`` applied to the list of the layer's inputs."""
        self._lines.append(f"{self.target} = layers.{expression}([{', '.join(self.sources)}])")
        self._flow = self.target

    def assign(self, expression: str) -> None:
        """A line that is no layer call (``keras.ops.split``), written to the layer's target."""
        self._lines.append(f"{self.target} = {expression}")

    def fresh(self, suffix: str) -> str:
        """A name for a helper layer of this one (``c_pad``), unique in the model."""
        return identifier(self.layer.name + suffix, self.taken)

    def activation(self, function: str | None) -> str:
        """``, activation='relu'`` for a fused activation, or nothing: a layer after it instead
        (``LeakyReLU``) where the string would not be the same function."""
        if function is None:
            return ""
        info = activations.BY_NAME[function]
        if info.keras is not None:
            return f", activation={info.keras!r}"
        own = identifier(f"{self.layer.name}_{info.name}", self.taken)
        self._after.append(keras_activation(self.layer, info, own, "activation"))
        return ""

    def padding(self, padding: int | tuple[int, ...] | str) -> str:
        """Keras' ``padding=`` for a spec's padding: 'same' and 'valid' as they are; a number as a
        ``ZeroPadding`` layer before, then 'valid'."""
        if isinstance(padding, str):
            return padding
        if any(spread(padding, spatial_rank(self.layer))):
            self.call(f"ZeroPadding{self.nd}({literal(padding)}, name={self.fresh('_pad')!r})")
        return "valid"

    def lines(self) -> list[str]:
        """The layer's lines, the Keras-only activation layers last."""
        for expression in self._after:
            self.call(expression)
        lines = self._lines
        if self.name != self.layer.name:  # the spec's name, where Keras' had to differ from it
            mains = [i for i, line in enumerate(lines) if f"name={self.name!r})" in line]
            lines[mains[-1] if mains else -1] += comment(self.layer.name)
        return lines


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
    return identifier(f"Net{name}" if name[0].isdigit() else name, set(), HELPER_CLASSES)


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
            layer.name,
            said("export.not_finite", value=value),
            field_name,
            said("hint.export_finite"),
        )
    return repr(float(value))


def literal(value: int | tuple[int, ...] | str) -> str:
    """A spec's per-axis value as a framework argument: one number when every axis has it.

    >>> literal(3), literal((2, 2)), literal((3, 1)), literal("same")
    ('3', '2', '(3, 1)', "'same'")
    """
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, int):
        return str(value)
    return str(value[0]) if len(set(value)) == 1 else "(" + ", ".join(map(str, value)) + ")"


def spatial_rank(layer: LayerResult) -> int:
    """How many spatial axes the layer's input has: 2 for C×H×W, 0 for a vector."""
    return len(layer.input_shape) - 1


def channels_last(shape: Shape) -> Shape:
    """C×H×W as Keras holds it: H×W×C."""
    return (*shape[1:], shape[0])


# --- Unsupported and activations ------------------------------------------------------------------


def unsupported(layer: LayerResult, framework: str, what: str, field_name: str) -> ExportError:
    return ExportError(
        layer.index - 1,
        layer.name,
        said("export.unsupported", framework=framework, what=what),
        field_name,
        said("hint.export_unsupported"),
    )


def no_activation(
    layer: LayerResult, framework: str, info: activations.ActivationInfo, field_name: str
) -> ExportError:
    why = f": {info.why_not}" if info.why_not else ""
    return ExportError(
        layer.index - 1,
        layer.name,
        said("export.no_activation", framework=framework, name=info.name, why=why),
        field_name,
        said("hint.export_activation"),
    )


def torch_activation(
    module: TorchModule, layer: LayerResult, function: str | None, own: bool = False
) -> None:
    """The activation's module from the table of activations: the layer itself (``own``), or the
    ``activation`` of a conv or dense layer, as a module of its own after it."""
    info = activations.BY_NAME[function or "linear"]
    if info.name == "linear" and not own:
        return
    if info.torch is None:
        raise no_activation(layer, "PyTorch", info, "function" if own else "activation")
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
        layer.name,
        said("export.prelu", channels=channels, count=f"{layer.params:,}"),
        "shared_axes",
        said("hint.export_prelu"),
    )


def keras_activation(
    layer: LayerResult,
    info: activations.ActivationInfo,
    name: str,
    field_name: str,
    shared_axes: list[int] | None = None,
) -> str:
    """An activation as a Keras layer (``LeakyReLU(negative_slope=0.01)``, ``PReLU``), where the
    string for ``activation=`` would not be the same function or count."""
    if info.keras_layer is None:
        raise no_activation(layer, "Keras", info, field_name)
    kind, arguments = info.keras_layer
    if info.parametric:
        shared = _keras_shared_axes(layer, shared_axes)
        arguments = "" if shared is None else f"shared_axes={list(shared)}"
    return f"{kind}({arguments}{', ' if arguments else ''}name={name!r})"


def _keras_shared_axes(layer: LayerResult, given: list[int] | None) -> tuple[int, ...] | None:
    """Keras' ``shared_axes`` that give the PReLU the slopes cnncalc counted (None: per element)."""
    if given is not None:
        return tuple(given)
    keras_shape = channels_last(layer.input_shape)
    if layer.params == math.prod(keras_shape):
        return None
    if layer.params == 1:
        return tuple(range(1, len(keras_shape) + 1))
    return tuple(range(1, len(keras_shape)))  # one per channel (num_parameters: C)


# --- Windows: convolutions and pools --------------------------------------------------------------


def same_pads(
    layer: LayerResult, kernel: tuple[int, ...], stride: tuple[int, ...], dilation: tuple[int, ...]
) -> list[tuple[int, int]]:
    """The (before, after) padding TensorFlow's ``same`` gives each spatial axis of the input."""
    spatial = layer.input_shape[1:]
    return [f.same_padding(n, k, s, d) for n, k, s, d in zip(spatial, kernel, stride, dilation, strict=True)]


def torch_pad(pads: list[tuple[int, int]], value: str) -> str:
    """``nn.ConstantPadNd`` takes the last axis first: (left, right, top, bottom, …)."""
    flat = [p for before_after in reversed(pads) for p in before_after]
    return f"nn.ConstantPad{len(pads)}d(({', '.join(map(str, flat))}), {value})"


def torch_conv_arguments(
    module: TorchModule, layer: LayerResult, spec: Conv | DepthwiseConv | SeparableConv
) -> str:
    """``kernel_size=…`` and the stride, padding and dilation that differ from PyTorch's defaults.
    TensorFlow's ``same`` with an extra row after becomes an explicit pad module first."""
    rank = spatial_rank(layer)
    kernel, stride = spread(spec.kernel, rank), spread(spec.stride, rank)
    dilation = spread(spec.dilation, rank)
    padding = "0"
    if spec.padding == "same":
        pads = same_pads(layer, kernel, stride, dilation)
        if all(a == b for a, b in pads):
            padding = literal(tuple(a for a, _ in pads))
        else:  # TensorFlow's extra row/column after: explicit, as PyTorch pads symmetrically
            module.add(f"{layer.name}_pad", torch_pad(pads, "0.0"))
    elif spec.padding != "valid":
        padding = literal(spec.padding)
    common = f"kernel_size={literal(spec.kernel)}"
    if stride != (1,) * rank:
        common += f", stride={literal(spec.stride)}"
    if padding != "0":
        common += f", padding={padding}"
    if dilation != (1,) * rank:
        common += f", dilation={literal(spec.dilation)}"
    return common


def keras_conv_arguments(calls: KerasCalls, spec: Conv | DepthwiseConv | SeparableConv) -> str:
    """``kernel_size=…, strides=…, padding=…`` and the dilation and bias that differ from Keras'
    defaults; a numeric padding becomes a ZeroPadding layer before."""
    pad = calls.padding(spec.padding)
    args = f"kernel_size={literal(spec.kernel)}, strides={literal(spec.stride)}, padding={pad!r}"
    if spec.dilation != 1:
        args += f", dilation_rate={literal(spec.dilation)}"
    if not spec.bias:
        args += ", use_bias=False"
    return args


def torch_pool(
    module: TorchModule,
    layer: LayerResult,
    spec: MaxPool | AvgPool,
    kind: Literal["Max", "Avg"],
    spec_dilation: int | tuple[int, ...] = 1,
) -> None:
    """``nn.MaxPoolNd`` or ``nn.AvgPoolNd`` (LeNet's trainable subsampling around it); only a max
    pool has a dilation."""
    rank = spatial_rank(layer)
    kernel = spread(spec.kernel, rank)
    stride = kernel if spec.stride is None else spread(spec.stride, rank)
    dilation = spread(spec_dilation, rank)
    args = f"kernel_size={literal(spec.kernel)}"
    if spec.stride is not None and stride != kernel:
        args += f", stride={literal(spec.stride)}"
    if spec.padding == "same":
        pads = same_pads(layer, kernel, stride, dilation)
        if kind == "Avg":
            if any(a != b for a, b in pads):
                raise unsupported(layer, "PyTorch", said("export.what.avgpool_asymmetric"), "padding")
            args += f", padding={literal(tuple(a for a, _ in pads))}, count_include_pad=False"
        elif any(pads):
            module.add(f"{layer.name}_pad", torch_pad(pads, "float('-inf')"))
    elif spec.padding not in (0, "valid"):
        args += f", padding={literal(spec.padding)}"
    if dilation != (1,) * rank:
        args += f", dilation={literal(spec_dilation)}"
    if spec.ceil_mode:
        args += ", ceil_mode=True"
    pool = f"nn.{kind}Pool{rank}d({args})"
    if spec.trainable:
        module.helpers.add("Subsampling")
        pool = f"Subsampling({layer.input_shape[0]}, {pool})"
    module.add(layer.name, pool)


def keras_pool(
    calls: KerasCalls,
    layer: LayerResult,
    spec: MaxPool | AvgPool,
    kind: Literal["Max", "Average"],
    spec_dilation: int | tuple[int, ...] = 1,
) -> None:
    """``MaxPoolingND`` or ``AveragePoolingND``; PyTorch's numeric padding as Keras can have it."""
    rank = spatial_rank(layer)
    if spec.ceil_mode:
        raise unsupported(layer, "Keras", said("export.what.ceil_mode"), "ceil_mode")
    if spec.trainable:
        raise unsupported(layer, "Keras", said("export.what.subsampling"), "trainable")
    if spec_dilation != 1:
        raise unsupported(layer, "Keras", said("export.what.dilated_pool"), "dilation")
    stride = spec.kernel if spec.stride is None else spec.stride
    pad = spec.padding if isinstance(spec.padding, str) else "valid"
    if not isinstance(spec.padding, str) and any(spread(spec.padding, rank)):
        # A max pool ignores its padding's values, so TensorFlow's 'same' is the same pool when
        # it pads P on both sides (Inception's 3×3 /1 p1). Otherwise zeros, then a valid pool:
        # PyTorch's average exactly (count_include_pad), and a max pool as keras.applications'
        # ResNet writes its pool1 (zeros rather than −∞: the same after a ReLU).
        same = same_pads(layer, spread(spec.kernel, rank), spread(stride, rank), (1,) * rank)
        if kind == "Max" and same == [(p, p) for p in spread(spec.padding, rank)]:
            pad = "same"
        else:
            pad = calls.padding(spec.padding)
    window = f"pool_size={literal(spec.kernel)}, strides={literal(stride)}"
    calls.call(f"{kind}Pooling{calls.nd}({window}, padding={pad!r}, name={calls.name!r})")
