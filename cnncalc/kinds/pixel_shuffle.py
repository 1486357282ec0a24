"""The ``pixel_shuffle`` layer kind, declared in one place."""

from fractions import Fraction
from typing import TYPE_CHECKING, Literal, cast

import cnncalc.kinds.working as w
from cnncalc.engine import formulas as f
from cnncalc.engine.results import Count, Dims, LayerResult, Shape, Step
from cnncalc.engine.windows import spatial
from cnncalc.errors import said
from cnncalc.kinds.base import NOTHING_SAVED, Formula, Invalid, Kind, Outcome, ReceptiveWindow, Say, Working
from cnncalc.render.declare import Drawing, Export, refuse
from cnncalc.spec.fields import LayerBase, Size

if TYPE_CHECKING:
    from cnncalc.render.emit import TorchModule

# ── The kind: model, spellings, framework names, rule, working (KIND) ──────────────────────


class PixelShuffle(LayerBase):
    """Sub-pixel upsampling (PyTorch's nn.PixelShuffle): ``C·r²×H×W`` → ``C×(H·r)×(W·r)``, no parameters."""

    type: Literal["pixel_shuffle"]
    upscale_factor: Size


class PixelShuffleFormula(Formula):
    CHANNELS = "pixel_shuffle_channels"  # C/r²
    OUTPUT = "pixel_shuffle_output"  # H·r


def height_and_width(shape: Shape, kind: str) -> tuple[int, ...]:
    """The spatial sizes of a C×H×W input, or Invalid: nn.PixelShuffle and nn.PixelUnshuffle move
    channels into exactly H and W, and back."""
    sizes_in = spatial(shape, kind)
    if len(sizes_in) != 2:
        raise Invalid(said(f"error.{kind}_rank", shape=Dims(shape)), "type", said(f"hint.{kind}_rank"))
    return sizes_in


def rule(layer: PixelShuffle, shape: Shape) -> Outcome:
    sizes_in = height_and_width(shape, "pixel_shuffle")
    channels, r = shape[0], layer.upscale_factor
    try:
        out = f.pixel_shuffle_output_shape(shape, r)
    except f.NotDivisible as exc:
        above = (channels // (r * r) + 1) * r * r  # the next multiple of r²
        hint = said("hint.pixel_shuffle_channels", moved=Count(r * r), above=Count(above))
        raise Invalid(exc.args[0], "upscale_factor", hint) from None
    steps = [Step("output_size", PixelShuffleFormula.CHANNELS, {"C": channels, "r": r}, out[0])]
    steps += [
        Step("output_size", PixelShuffleFormula.OUTPUT, {"N": n, "r": r}, size, None, axis)
        for axis, (n, size) in enumerate(zip(sizes_in, out[1:], strict=True))
    ]
    # Output pixel (i, j) is input pixel (⌊i/r⌋, ⌊j/r⌋): a window of 1, stepping 1/r of a pixel.
    windows = tuple(ReceptiveWindow(1, f.exact(Fraction(1, r))) for _ in sizes_in)
    return Outcome(out, steps=tuple(steps), windows=windows)


def _channels(step: Step, rank: int, say: Say) -> str:
    o = step.operands
    return f"C = FC/r² = {o['C']}/{o['r']}² = {step.result}"


def _output(step: Step, rank: int, say: Say) -> str:
    out, n_sym, _ = w.symbols(step, rank)
    return w.size_line(out, f"{n_sym}·r", f"{step.operands['N']}·{step.operands['r']}", step, say)


KIND = Kind(
    saves=NOTHING_SAVED,  # a permutation
    model=PixelShuffle,
    rule=rule,
    working=Working(
        {PixelShuffleFormula.CHANNELS: _channels, PixelShuffleFormula.OUTPUT: _output}, channel_symbol="C"
    ),
    spellings=("pixel_shuffle", "pixelshuffle"),
    framework_names=("PixelShuffle",),
)


# ── Export and drawing (EXPORT, DRAWING) ────────────────────────────────────────────────────


def _torch(module: "TorchModule", layer: LayerResult) -> None:
    spec = cast("PixelShuffle", layer.layer)
    module.add(layer.name, f"nn.PixelShuffle({spec.upscale_factor})")


# Keras' depth_to_space orders the moved channels otherwise (block row, block column, channel),
# so the same weights would not give PyTorch's map: no layer computes the same.
EXPORT = Export(torch=_torch, keras=refuse("Keras", "export.what.pixel_shuffle", "type"))
DRAWING = Drawing("other")
