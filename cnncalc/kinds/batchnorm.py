"""The ``batchnorm`` layer kind, declared in one place."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, cast

from cnncalc.engine.results import LayerResult
from cnncalc.errors import said
from cnncalc.render.emit import Drawing, Export, KerasCalls, TorchModule, number, spatial_rank, unsupported

if TYPE_CHECKING:
    from cnncalc.spec.models import BatchNorm


# ── The kind: model, spellings, framework names, rule, working (KIND) ──────────────────────


# (kinds engineer's section ends here)


# ── Export and drawing (EXPORT, DRAWING) ────────────────────────────────────────────────────


def _torch(module: TorchModule, layer: LayerResult) -> None:
    spec = cast("BatchNorm", layer.layer)
    options = f", eps={number(spec.eps, layer, 'eps')}" if spec.eps != 1e-5 else ""
    if spec.momentum is not None:  # PyTorch's: running = (1 − m)·running + m·batch
        options += f", momentum={number(spec.momentum, layer, 'momentum')}"
    if not spec.affine:
        options += ", affine=False"
    module.add(layer.name, f"nn.BatchNorm{max(spatial_rank(layer), 1)}d({layer.input_shape[0]}{options})")


def _keras(calls: KerasCalls, layer: LayerResult) -> None:
    spec = cast("BatchNorm", layer.layer)
    if not spec.affine:
        raise unsupported(layer, "Keras", said("export.what.batchnorm_no_affine"), "affine")
    options = f"epsilon={number(spec.eps, layer, 'eps')}"
    if spec.momentum is not None:
        options += f", momentum={_keras_momentum(spec.momentum, layer)}"
    calls.call(f"BatchNormalization({options}, name={calls.name!r})")


def _keras_momentum(momentum: float, layer: LayerResult) -> str:
    """PyTorch's momentum m as Keras': Keras keeps ``moving = moving·momentum + batch·(1 − momentum)``,
    so the same update is ``1 − m`` (worked in decimal, so 0.7 gives 0.3, not 0.30000000000000004).

    >>> _keras_momentum(0.1, None), _keras_momentum(0.7, None)  # type: ignore[arg-type]
    ('0.9', '0.3')
    """
    return repr(float(Decimal(1) - Decimal(number(momentum, layer, "momentum"))))


EXPORT = Export(torch=_torch, keras=_keras)
DRAWING = Drawing("other", folded=True)


# (export engineer's section ends here)
