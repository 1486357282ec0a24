"""The ``pixel_unshuffle`` layer kind, declared in one place (pixel_shuffle's inverse)."""

from typing import TYPE_CHECKING, Literal, cast

import cnncalc.kinds.working as w
from cnncalc.engine import formulas as f
from cnncalc.engine.results import Count, LayerResult, Shape, Step
from cnncalc.errors import said
from cnncalc.kinds.base import NOTHING_SAVED, Formula, Invalid, Kind, Outcome, ReceptiveWindow, Say, Working
from cnncalc.kinds.pixel_shuffle import height_and_width
from cnncalc.render.declare import Drawing, Export, refuse
from cnncalc.spec.fields import LayerBase, Size

if TYPE_CHECKING:
    from cnncalc.render.emit import TorchModule

# ── The kind: model, spellings, framework names, rule, working (KIND) ──────────────────────


class PixelUnshuffle(LayerBase):
    """Space to depth (PyTorch's nn.PixelUnshuffle): ``C×H×W`` → ``C·r²×(H/r)×(W/r)``, no parameters."""

    type: Literal["pixel_unshuffle"]
    downscale_factor: Size


class PixelUnshuffleFormula(Formula):
    CHANNELS = "pixel_unshuffle_channels"  # C·r²
    OUTPUT = "pixel_unshuffle_output"  # H/r


def rule(layer: PixelUnshuffle, shape: Shape) -> Outcome:
    sizes_in = height_and_width(shape, "pixel_unshuffle")
    r = layer.downscale_factor
    try:
        out = f.pixel_unshuffle_output_shape(shape, r)
    except f.NotDivisible as exc:
        odd = next(n for n in sizes_in if n % r)
        hint = said(
            "hint.pixel_unshuffle_size", r=Count(r), below=Count(odd // r * r), above=Count(-(-odd // r) * r)
        )
        raise Invalid(exc.args[0], "downscale_factor", hint) from None
    steps = [Step("output_size", PixelUnshuffleFormula.CHANNELS, {"C": shape[0], "r": r}, out[0])]
    steps += [
        Step("output_size", PixelUnshuffleFormula.OUTPUT, {"N": n, "r": r}, size, None, axis)
        for axis, (n, size) in enumerate(zip(sizes_in, out[1:], strict=True))
    ]
    # Output position (i, j), all its channels, reads the r×r block of inputs at (i·r, j·r): a
    # window of r with stride r, as an r×r convolution of stride r.
    windows = tuple(ReceptiveWindow(r, r) for _ in sizes_in)
    return Outcome(out, steps=tuple(steps), windows=windows)


def _channels(step: Step, rank: int, say: Say) -> str:
    o = step.operands
    return f"FC = C·r² = {o['C']}·{o['r']}² = {w.count(step.result)}"


def _output(step: Step, rank: int, say: Say) -> str:
    out, n_sym, _ = w.symbols(step, rank)
    return w.size_line(out, f"{n_sym}/r", f"{step.operands['N']}/{step.operands['r']}", step, say)


KIND = Kind(
    saves=NOTHING_SAVED,  # a permutation
    model=PixelUnshuffle,
    rule=rule,
    working=Working(
        {PixelUnshuffleFormula.CHANNELS: _channels, PixelUnshuffleFormula.OUTPUT: _output},
        channel_symbol="FC",
    ),
    spellings=("pixel_unshuffle", "pixelunshuffle"),
    framework_names=("PixelUnshuffle",),
)


# ── Export and drawing (EXPORT, DRAWING) ────────────────────────────────────────────────────


def _torch(module: "TorchModule", layer: LayerResult) -> None:
    spec = cast("PixelUnshuffle", layer.layer)
    module.add(layer.name, f"nn.PixelUnshuffle({spec.downscale_factor})")


# As pixel_shuffle: Keras' space_to_depth orders the moved channels otherwise (block row, block
# column, channel), so no Keras layer gives PyTorch's map.
EXPORT = Export(torch=_torch, keras=refuse("Keras", "export.what.pixel_unshuffle", "type"))
DRAWING = Drawing("other")
