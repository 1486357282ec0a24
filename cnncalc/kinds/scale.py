"""The ``scale`` layer kind, declared in one place: a learned factor per channel (layer scale)."""

from typing import TYPE_CHECKING, Literal, cast

import cnncalc.kinds.working as w
from cnncalc.engine.results import LayerResult, Shape, Step
from cnncalc.kinds.base import SAVES_INPUT, Formula, Kind, Outcome, Say, Working
from cnncalc.render.declare import Drawing, Export, refuse
from cnncalc.spec.fields import Finite, LayerBase

if TYPE_CHECKING:
    from cnncalc.render.emit import TorchModule

# ── The kind: model, spellings, framework names, rule, working (KIND) ──────────────────────


class Scale(LayerBase):
    """A learned factor per channel, broadcast over the positions (ConvNeXt's layer scale γ):
    shape unchanged, C parameters, no MACs."""

    type: Literal["scale"]
    # The factors' initial value (ConvNeXt's layer_scale = 1e-6); no count depends on it.
    init: Finite | None = None


class ScaleFormula(Formula):
    PARAMS = "scale_params"  # C


def rule(layer: Scale, shape: Shape) -> Outcome:
    channels = shape[0]  # the channel axis; a flat vector's features
    step = Step("params", ScaleFormula.PARAMS, {"C": channels}, channels)
    # An elementwise product, y = γ_c·x: no multiply-accumulate, as FlopCounterMode counts (0).
    return Outcome(shape, channels, steps=(step,))


def _params(step: Step, rank: int, say: Say) -> str:
    return f"{say('params')} = C = {w.count(step.result)} (γ)"


KIND = Kind(
    saves=SAVES_INPUT,  # the input (for the factors' gradient)
    model=Scale,
    rule=rule,
    working=Working({ScaleFormula.PARAMS: _params}),
    spellings=("scale", "layer_scale", "layerscale"),
    framework_names=("LayerScale",),
)


# ── Export and drawing (EXPORT, DRAWING) ────────────────────────────────────────────────────


def _torch(module: "TorchModule", layer: LayerResult) -> None:
    from cnncalc.render.emit import number  # loaded only to export

    spec = cast("Scale", layer.layer)
    module.helpers.add("LayerScale")
    init = f", {number(spec.init, layer, 'init')}" if spec.init is not None else ""
    module.add(layer.name, f"LayerScale({layer.input_shape[0]}{init})")


# Keras 3 has no per-channel scale layer in its core (keras.applications' ConvNeXt defines its own).
EXPORT = Export(torch=_torch, keras=refuse("Keras", "export.what.scale", "type"))
DRAWING = Drawing("other", folded=True)
