"""A layer with several outputs (``split``): its parts are what later layers take, by name.

Kept apart from the calculator's loop, which only calls here for such a layer (a layer that
takes a split by its own name, which names no output, is refused by ``spec.validate``).
"""

from __future__ import annotations

from cnncalc.engine.outcome import Outcome
from cnncalc.engine.results import LayerResult, ReceptiveField, Shape, make_flag


def with_parts(
    layer: LayerResult,
    outcome: Outcome,
    shapes: dict[str, Shape],
    fields: dict[str, ReceptiveField | None],
    makers: dict[str, tuple[str, str]],
) -> LayerResult:
    """Register each part under its name (``outputs``, or ``<layer>.0``, ``<layer>.1``, …) with
    the layer's receptive field (a part keeps every position), and note them on the layer."""
    names = outcome.output_names or tuple(f"{layer.name}.{k}" for k in range(len(outcome.output_shapes)))
    for name, shape in zip(names, outcome.output_shapes, strict=True):
        shapes[name] = shape
        fields[name] = layer.receptive_field
        makers[name] = (layer.type, layer.name)
    listed = ", ".join(
        f"{name} {'×'.join(map(str, shape))}"
        for name, shape in zip(names, outcome.output_shapes, strict=True)
    )
    note = make_flag("split_parts", {"count": len(names), "parts": listed})
    return layer._replace(outputs=names, output_shapes=outcome.output_shapes, notes=(*layer.notes, note))
