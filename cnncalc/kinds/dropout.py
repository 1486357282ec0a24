"""The ``dropout`` layer kind, declared in one place."""

from typing import TYPE_CHECKING, Annotated, Literal, cast

from pydantic import Field

from cnncalc.engine.results import LayerResult
from cnncalc.kinds.base import Kind, Saves, Working, same_shape
from cnncalc.render.declare import Drawing, Export
from cnncalc.spec.fields import Finite, LayerBase

if TYPE_CHECKING:
    from cnncalc.render.emit import KerasCalls, TorchModule

# ── The kind: model, spellings, framework names, rule, working (KIND) ──────────────────────


class Dropout(LayerBase):
    """Dropout: shape unchanged, no parameters."""

    type: Literal["dropout"]
    rate: Annotated[Finite, Field(ge=0.0, lt=1.0)] = 0.5


KIND = Kind(
    saves=Saves(index_bytes=1),  # the mask, one bool per element
    model=Dropout,
    rule=same_shape,
    working=Working({}),
    spellings=("dropout",),
    framework_names=("Dropout",),
    dimensional=True,
    field_aliases={"rate": ("p",)},
)


# ── Export and drawing (EXPORT, DRAWING) ────────────────────────────────────────────────────


def _torch(module: "TorchModule", layer: LayerResult) -> None:
    from cnncalc.render.emit import number  # loaded only to export

    spec = cast("Dropout", layer.layer)
    module.add(layer.name, f"nn.Dropout(p={number(spec.rate, layer, 'rate')})")


def _keras(calls: "KerasCalls", layer: LayerResult) -> None:
    from cnncalc.render.emit import number  # loaded only to export

    spec = cast("Dropout", layer.layer)
    calls.call(f"Dropout({number(spec.rate, layer, 'rate')}, name={calls.name!r})")


def _caption(layer: LayerResult) -> str:
    return f"+ dropout {cast('Dropout', layer.layer).rate:g}"


EXPORT = Export(torch=_torch, keras=_keras)
DRAWING = Drawing("other", folded=True, caption=_caption)
