"""The ``stochastic_depth`` layer kind, declared in one place."""

from typing import TYPE_CHECKING, Annotated, Literal, cast

from pydantic import Field

from cnncalc.engine.results import LayerResult
from cnncalc.errors import said
from cnncalc.kinds.base import NOTHING_SAVED, Kind, Working, same_shape
from cnncalc.render.declare import Drawing, Export
from cnncalc.spec.fields import Finite, LayerBase

if TYPE_CHECKING:
    from cnncalc.render.emit import KerasCalls, TorchModule

# ── The kind: model, spellings, framework names, rule, working (KIND) ──────────────────────


class StochasticDepth(LayerBase):
    """Stochastic depth (torchvision.ops.StochasticDepth(p, mode)): in training a residual branch
    is dropped with probability ``rate`` (torchvision's ``p``, accepted as well), for each sample
    (``row``) or for the whole batch (``batch``), and scaled by 1/(1 − rate) otherwise; the
    identity at inference. Shape unchanged, no parameters, no MACs."""

    type: Literal["stochastic_depth"]
    rate: Annotated[Finite, Field(ge=0.0, le=1.0)]
    mode: Literal["row", "batch"] = "row"


KIND = Kind(
    saves=NOTHING_SAVED,  # a mask of one value per sample (negligible)
    model=StochasticDepth,
    rule=same_shape,
    working=Working({}),
    spellings=("stochastic_depth", "stochasticdepth", "drop_path", "droppath"),
    framework_names=("StochasticDepth",),
    field_aliases={"rate": ("p",)},
)


# ── Export and drawing (EXPORT, DRAWING) ────────────────────────────────────────────────────


def _torch(module: "TorchModule", layer: LayerResult) -> None:
    """A helper class of the exported file (torchvision.ops.StochasticDepth's code): the export
    needs nothing but torch."""
    from cnncalc.render.emit import number  # loaded only to export

    spec = cast("StochasticDepth", layer.layer)
    module.helpers.add("StochasticDepth")
    module.add(layer.name, f"StochasticDepth({number(spec.rate, layer, 'rate')}, {spec.mode!r})")


def _keras(calls: "KerasCalls", layer: LayerResult) -> None:
    """Keras' Dropout with a noise shape of one value per sample (``row``) or per batch drops and
    scales as stochastic depth does."""
    from cnncalc.render.emit import number, unsupported  # loaded only to export

    spec = cast("StochasticDepth", layer.layer)
    if spec.rate >= 1.0:
        raise unsupported(layer, "Keras", said("export.what.stochastic_depth_one"), "p")
    ones = (1,) * len(layer.input_shape)
    noise = f"(None, {', '.join(map(str, ones))})" if spec.mode == "row" else str((1, *ones))
    calls.call(f"Dropout({number(spec.rate, layer, 'rate')}, noise_shape={noise}, name={calls.name!r})")


def _caption(layer: LayerResult) -> str:
    return f"+ stochastic depth {cast('StochasticDepth', layer.layer).rate:g}"


EXPORT = Export(torch=_torch, keras=_keras)
DRAWING = Drawing("other", folded=True, caption=_caption)
