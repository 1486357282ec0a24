"""The ``lrn`` layer kind, declared in one place."""

from __future__ import annotations

from typing import Literal

from cnncalc.engine.results import Shape
from cnncalc.kinds.base import Kind, Outcome, Working
from cnncalc.spec.fields import Finite, LayerBase, Size

# ── The kind: model, spellings, framework names, rule, working (KIND) ──────────────────────


class LRN(LayerBase):
    """Local response normalisation (AlexNet): shape unchanged, no parameters."""

    type: Literal["lrn"]
    size: Size = 5
    alpha: Finite = 1e-4
    beta: Finite = 0.75
    k: Finite = 1.0


def rule(layer: LRN, shape: Shape) -> Outcome:
    return Outcome(shape)


KIND = Kind(
    model=LRN,
    rule=rule,
    working=Working({}),
    spellings=("lrn", "local_response_norm", "localresponsenorm"),
    framework_names=("LocalResponseNorm",),
)


# (kinds engineer's section ends here)


# ── Export and drawing (EXPORT, DRAWING) ────────────────────────────────────────────────────


# (export engineer's section ends here)
