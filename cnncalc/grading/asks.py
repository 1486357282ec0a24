"""Which answers a key asks, and what each is worth.

A layer's ``ask:`` lists its answers; the spec's ``ask:`` the network's. Without either, a key
asks what ``--ask`` says (``output,params``, say) of every layer worth asking, and the matching
totals; a spec with neither asks what its ``expect`` blocks answer. Points come from the layer's
``points:`` (one number for each answer, or one per answer), else the spec's, else 1.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from cnncalc.engine.check import LAYER_KINDS, NETWORK_KINDS
from cnncalc.engine.results import LayerResult, NetworkResult
from cnncalc.errors import said
from cnncalc.spec.models import Spec

LAYER_ANSWERS = tuple(LAYER_KINDS)  # output, params, trainable_params, macs, rf
NETWORK_ANSWERS = tuple(NETWORK_KINDS)
# An --ask word → the network's total it also asks.
TOTALS = {"output": "output", "params": "total_params", "macs": "total_macs"}
DEFAULT_ASK = ("output", "params")


class Ask(NamedTuple):
    """One answer a key asks: of the layer at ``layer`` (0-based), or of the network (None)."""

    layer: int | None
    kind: str
    points: int


def parse_ask(text: str) -> tuple[str, ...]:
    """``--ask output,params,macs,rf`` → its answer kinds; ValueError (a ``Said``) names an unknown one.

    >>> parse_ask("output, params,rf")
    ('output', 'params', 'rf')
    """
    words = tuple(word.strip().lower() for word in text.split(",") if word.strip())
    unknown = [word for word in words if word not in LAYER_ANSWERS]
    if unknown or not words:
        raise ValueError(said("grade.bad_ask", answer=repr(unknown[0]) if unknown else "''"))
    return tuple(dict.fromkeys(words))


def worth_asking(layer: LayerResult) -> bool:
    """A layer that changes the shape or has parameters: not an activation or a dropout."""
    return layer.output_shape != layer.input_shape or layer.params > 0


def asks_of(spec: Spec, result: NetworkResult, default: Sequence[str] | None = None) -> tuple[Ask, ...]:
    """Every answer the spec asks, layers first (in order), then the network's."""
    chosen = _chosen(spec, default)
    asks: list[Ask] = []
    for index, (layer, computed) in enumerate(zip(spec.layers, result.layers, strict=True)):
        if layer.ask is not None:
            kinds: Sequence[str] = layer.ask
        elif chosen is None:
            kinds = [
                kind for kind in LAYER_ANSWERS if layer.expect and getattr(layer.expect, kind) is not None
            ]
        else:
            kinds = chosen if worth_asking(computed) else ()
        asks += [Ask(index, kind, _points(spec, index, kind)) for kind in LAYER_ANSWERS if kind in kinds]
    if spec.ask is not None:
        totals: Sequence[str] = spec.ask
    elif chosen is None:
        totals = [kind for kind in NETWORK_ANSWERS if spec.expect and getattr(spec.expect, kind) is not None]
    else:
        totals = [TOTALS[kind] for kind in chosen if kind in TOTALS]
    asks += [Ask(None, kind, _points(spec, None, kind)) for kind in NETWORK_ANSWERS if kind in totals]
    return tuple(asks)


def _chosen(spec: Spec, default: Sequence[str] | None) -> Sequence[str] | None:
    """``--ask``'s kinds; without it, None when the spec asks or answers anything itself (its
    ``ask:`` and ``expect`` say), else output and params."""
    if default is not None:
        return default
    written = spec.ask is not None or spec.expect is not None
    written = written or any(layer.ask is not None or layer.expect is not None for layer in spec.layers)
    return None if written else DEFAULT_ASK


def _points(spec: Spec, layer: int | None, kind: str) -> int:
    for points in (spec.layers[layer].points if layer is not None else None, spec.points):
        if isinstance(points, int):
            return points
        if isinstance(points, dict) and kind in points:
            return int(points[kind])
    return 1
