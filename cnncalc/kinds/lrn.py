"""The ``lrn`` layer kind, declared in one place."""

from typing import TYPE_CHECKING, Literal, cast

from cnncalc.engine.results import LayerResult
from cnncalc.kinds.base import Kind, Saves, Working, same_shape
from cnncalc.render.declare import Drawing, Export, refuse
from cnncalc.spec.fields import Finite, LayerBase, Size

if TYPE_CHECKING:
    from cnncalc.render.emit import TorchModule

# ── The kind: model, spellings, framework names, rule, working (KIND) ──────────────────────


class LRN(LayerBase):
    """Local response normalisation (AlexNet): shape unchanged, no parameters."""

    type: Literal["lrn"]
    size: Size = 5
    alpha: Finite = 1e-4
    beta: Finite = 0.75
    k: Finite = 1.0


KIND = Kind(
    saves=Saves(
        inputs=True, output=True, extra_outputs=2
    ),  # composed of elementwise ops and an average pool: the input, output and two intermediates
    model=LRN,
    rule=same_shape,
    working=Working({}),
    spellings=("lrn", "local_response_norm", "localresponsenorm"),
    framework_names=("LocalResponseNorm",),
)


# ── Export and drawing (EXPORT, DRAWING) ────────────────────────────────────────────────────


def _torch(module: "TorchModule", layer: LayerResult) -> None:
    from cnncalc.render.emit import number  # loaded only to export

    spec = cast("LRN", layer.layer)
    module.add(
        layer.name,
        f"nn.LocalResponseNorm({spec.size}, alpha={number(spec.alpha, layer, 'alpha')}, "
        f"beta={number(spec.beta, layer, 'beta')}, k={number(spec.k, layer, 'k')})",
    )


EXPORT = Export(torch=_torch, keras=refuse("Keras", "export.what.lrn", "type"))
DRAWING = Drawing("other", folded=True)
