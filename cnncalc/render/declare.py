"""What each layer kind declares for export and drawing (``EXPORT``, ``DRAWING``): the
records, and the helpers a declaration names (the drawing labels, the emitters of the pools and
of the kinds a framework lacks).

Every kind module imports this when it loads, and a table or JSON run loads kinds but never
exports: so the emitters' helpers (:mod:`cnncalc.render.emit`, ≈0.4 ms to import) are imported
by the emitters themselves, when they run.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Literal, cast

from cnncalc.engine.results import LayerResult
from cnncalc.engine.windows import spread
from cnncalc.errors import said

if TYPE_CHECKING:
    from cnncalc.render.emit import KerasCalls, TorchModule
    from cnncalc.spec.models import (
        AdaptiveAvgPool,
        AdaptiveMaxPool,
        AvgPool,
        Conv,
        ConvTranspose,
        DepthwiseConv,
        MaxPool,
        SeparableConv,
    )

    TorchEmitter = Callable[[TorchModule, LayerResult], None]
    KerasEmitter = Callable[[KerasCalls, LayerResult], None]

# The palette keys a diagram colours a volume by (render/svg.py's PALETTE), and the ⊕ of a sum.
Role = Literal["conv", "pool", "dense", "other", "add"]


class Export:
    """A kind's emitters: each writes the layer into the code being built, or raises
    :class:`ExportError` where the framework has no layer with the same arithmetic.

    Export and Drawing are plain classes with slots, not named tuples: every kind module makes
    one of each at import, and a named tuple's class costs some 100 µs to create (start-up; only
    ``export`` and ``draw`` read them)."""

    __slots__ = ("keras", "torch")

    def __init__(self, torch: TorchEmitter, keras: KerasEmitter) -> None:
        self.torch = torch
        self.keras = keras


def default_caption(layer: LayerResult) -> str:
    """A folded layer under the volume it follows: ``+ batchnorm``."""
    return f"+ {layer.type}"


def default_operation(layer: LayerResult) -> str:
    """A layer's operation line, where its type says it all: ``flatten``."""
    return layer.type


class Drawing:
    """How a diagram draws a kind: ``role`` colours its volume (a ⊕ for ``add``); a ``folded`` kind
    that keeps the shape is written as ``caption`` under the volume before it instead; otherwise
    ``operation`` is its first line under the volume (``conv 5×5 /1, tanh``), above its parameters."""

    __slots__ = ("caption", "folded", "operation", "role")

    def __init__(
        self,
        role: Role,
        folded: bool = False,
        operation: Callable[[LayerResult], str] = default_operation,
        caption: Callable[[LayerResult], str] = default_caption,
    ) -> None:
        self.role = role
        self.folded = folded
        self.operation = operation
        self.caption = caption


def refuse(framework: str, what: str, field_name: str) -> Callable[[object, LayerResult], None]:
    """An emitter for a framework with no such layer: it raises the :class:`ExportError` saying
    so (``what``: the i18n id of the thing it lacks), at the spec's ``field_name``."""

    def emitter(_: object, layer: LayerResult) -> None:
        from cnncalc.render.emit import unsupported  # loaded only to export

        raise unsupported(layer, framework, said(what), field_name)

    return emitter


def global_pool_export(torch_kind: Literal["Max", "Avg"], keras_kind: Literal["Max", "Average"]) -> Export:
    """A global pool: PyTorch's adaptive pool to 1 then a flatten; Keras' ``GlobalMaxPoolingND``."""

    def torch(module: TorchModule, layer: LayerResult) -> None:
        from cnncalc.render.emit import spatial_rank  # loaded only to export

        nd = f"{spatial_rank(layer)}d"
        module.add(layer.name, f"nn.Sequential(nn.Adaptive{torch_kind}Pool{nd}(1), nn.Flatten())")

    def keras(calls: KerasCalls, layer: LayerResult) -> None:
        calls.call(f"Global{keras_kind}Pooling{calls.nd}(name={calls.name!r})")

    return Export(torch, keras)


def adaptive_pool_export(torch_kind: Literal["Max", "Avg"], keras_kind: Literal["Max", "Average"]) -> Export:
    """PyTorch's ``nn.AdaptiveMaxPoolNd``; in Keras a plain pool of N/O, exact only when the output
    size O divides the input N (otherwise the windows differ in width)."""

    def torch(module: TorchModule, layer: LayerResult) -> None:
        from cnncalc.render.emit import literal, spatial_rank  # loaded only to export

        spec = cast("AdaptiveAvgPool | AdaptiveMaxPool", layer.layer)
        module.add(
            layer.name, f"nn.Adaptive{torch_kind}Pool{spatial_rank(layer)}d({literal(spec.output_size)})"
        )

    def keras(calls: KerasCalls, layer: LayerResult) -> None:
        from cnncalc.render.emit import literal, spatial_rank, unsupported  # loaded only to export

        spec = cast("AdaptiveAvgPool | AdaptiveMaxPool", layer.layer)
        spatial, sizes = layer.input_shape[1:], spread(spec.output_size, spatial_rank(layer))
        if any(n % o for n, o in zip(spatial, sizes, strict=True)):
            raise unsupported(layer, "Keras", said("export.what.adaptive"), "type")
        window = literal(tuple(n // o for n, o in zip(spatial, sizes, strict=True)))
        calls.call(
            f"{keras_kind}Pooling{calls.nd}(pool_size={window}, strides={window}, name={calls.name!r})"
        )

    return Export(torch, keras)


# --- Drawing labels -------------------------------------------------------------------------------


def _axes_text(value: int | tuple[int, ...], rank: int) -> str:
    values = spread(value, rank)
    return str(values[0]) if len(set(values)) == 1 else "×".join(map(str, values))


def window_operation(layer: LayerResult) -> str:
    """A windowed layer in the slides' words: ``conv 5×5 /1``, ``maxpool 3×3 /2 p1``."""
    from cnncalc.render.emit import spatial_rank  # loaded only to draw (or export)

    spec = cast("Conv | ConvTranspose | DepthwiseConv | SeparableConv | MaxPool | AvgPool", layer.layer)
    rank = max(spatial_rank(layer), 1)
    stride = spec.stride if spec.stride is not None else spec.kernel
    op = f"{layer.type} {'×'.join(map(str, spread(spec.kernel, rank)))} /{_axes_text(stride, rank)}"
    if spec.padding not in (0, "valid"):
        op += f" p{spec.padding if isinstance(spec.padding, str) else _axes_text(spec.padding, rank)}"
    return op


def with_activation(operation: str, function: str | None) -> str:
    """The operation and its fused activation: ``conv 5×5 /1, tanh``."""
    return f"{operation}, {function}" if function else operation


def conv_operation(layer: LayerResult) -> str:
    """A convolution's window and its fused activation: ``conv 5×5 /1, tanh``."""
    spec = cast("Conv | ConvTranspose | DepthwiseConv | SeparableConv", layer.layer)
    return with_activation(window_operation(layer), spec.activation)
