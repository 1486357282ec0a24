"""The ``dropout`` layer kind, declared in one place."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from cnncalc.engine.results import Shape
from cnncalc.kinds.base import Kind, Outcome, Working
from cnncalc.spec.fields import Finite, LayerBase

# ── The kind: model, spellings, framework names, rule, working (KIND) ──────────────────────


class Dropout(LayerBase):
    """Dropout: shape unchanged, no parameters."""

    type: Literal["dropout"]
    rate: Annotated[Finite, Field(ge=0.0, lt=1.0)] = 0.5


def rule(layer: Dropout, shape: Shape) -> Outcome:
    return Outcome(shape)


KIND = Kind(
    model=Dropout,
    rule=rule,
    working=Working({}),
    spellings=("dropout",),
    framework_names=("Dropout",),
    dimensional=True,
    field_aliases={"rate": ("p",)},
)


# (kinds engineer's section ends here)


# ── Export and drawing (EXPORT, DRAWING) ────────────────────────────────────────────────────


# (export engineer's section ends here)
