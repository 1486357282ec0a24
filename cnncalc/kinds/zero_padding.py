"""The ``zero_padding`` layer kind, declared in one place."""

from typing import TYPE_CHECKING, Literal, cast

import cnncalc.kinds.working as w
from cnncalc.engine.results import LayerResult, Shape, Step
from cnncalc.engine.windows import per_axis, spatial, spread
from cnncalc.kinds.base import NOTHING_SAVED, Formula, Kind, Outcome, ReceptiveWindow, Say, Working
from cnncalc.render.declare import Drawing, Export
from cnncalc.spec.fields import LayerBase, PerDimOrZero

if TYPE_CHECKING:
    from cnncalc.render.emit import KerasCalls, TorchModule

# ── The kind: model, spellings, framework names, rule, working (KIND) ──────────────────────


class ZeroPadding(LayerBase):
    """Zero padding: ``N + 2P`` per spatial dimension."""

    type: Literal["zero_padding"]
    padding: PerDimOrZero = 1


class ZeroPaddingFormula(Formula):
    OUTPUT = "zero_padding_output"  # N + 2P


def rule(layer: ZeroPadding, shape: Shape) -> Outcome:
    sizes_in = spatial(shape, "zero_padding")
    padding = per_axis(layer.padding, len(sizes_in), "padding")
    sizes = tuple(n + 2 * p for n, p in zip(sizes_in, padding, strict=True))
    steps = tuple(
        Step("output_size", ZeroPaddingFormula.OUTPUT, {"N": n, "P": p}, n + 2 * p, None, axis)
        for axis, (n, p) in enumerate(zip(sizes_in, padding, strict=True))
    )
    windows = tuple(ReceptiveWindow(1, 1, p) for p in padding)
    return Outcome((shape[0], *sizes), steps=steps, windows=windows)


def _output(step: Step, rank: int, say: Say) -> str:
    out, n_sym, _ = w.symbols(step, rank)
    return w.size_line(out, f"{n_sym} + 2P", f"{step.operands['N']} + 2·{step.operands['P']}", step, say)


KIND = Kind(
    saves=NOTHING_SAVED,  # its backward slices the gradient
    model=ZeroPadding,
    rule=rule,
    working=Working({ZeroPaddingFormula.OUTPUT: _output}),
    spellings=("zero_padding", "zeropadding", "zeropad", "zero_pad"),
    framework_names=("ZeroPadding1D", "ZeroPadding2D", "ZeroPadding3D"),
    dimensional=True,
)


# ── Export and drawing (EXPORT, DRAWING) ────────────────────────────────────────────────────


def _torch(module: "TorchModule", layer: LayerResult) -> None:
    from cnncalc.render.emit import spatial_rank, torch_pad  # loaded only to export

    spec = cast("ZeroPadding", layer.layer)
    pads = [(p, p) for p in spread(spec.padding, spatial_rank(layer))]
    module.add(layer.name, torch_pad(pads, "0.0"))


def _keras(calls: "KerasCalls", layer: LayerResult) -> None:
    from cnncalc.render.emit import literal  # loaded only to export

    spec = cast("ZeroPadding", layer.layer)
    calls.call(f"ZeroPadding{calls.nd}({literal(spec.padding)}, name={calls.name!r})")


EXPORT = Export(torch=_torch, keras=_keras)
DRAWING = Drawing("other")
