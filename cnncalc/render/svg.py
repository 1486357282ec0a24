"""The network drawn as the lecture slides draw it: one volume per layer, left to right.

A feature map C×H×W is a block ("블록 형태"): its front face is H tall and C thick, and its
oblique depth is W, so early layers are tall thin slabs and late ones short thick blocks, as in
the LeNet-5 figure. A flat vector is a thin bar. Layers that keep the shape and add no volume of
their own (activations, dropout, LRN, batch norm) are folded into the caption of the layer before.

The layout (:func:`layout`) is plain data, tested on its own; :func:`render_svg` only draws it
with drawsvg, imported here and nowhere else.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from cnncalc.engine.results import LayerResult, NetworkResult, Shape
from cnncalc.render.formatting import count_text, shape_text, short_count
from cnncalc.spec import models as m

# Colours: (front, top, side) per kind of volume; flagged layers take the warning colour.
PALETTE: dict[str, tuple[str, str, str]] = {
    "input": ("#d9d9d9", "#ececec", "#bdbdbd"),
    "conv": ("#8fb8e8", "#b9d3f2", "#6f9dd3"),
    "pool": ("#f2a7a7", "#f7c8c8", "#dc8585"),
    "dense": ("#b7a2e0", "#d3c6ee", "#9a82cf"),
    "other": ("#a9d8b8", "#cbe9d5", "#86c29b"),
    "warning": ("#f5a623", "#f8c56f", "#d68910"),
}
WARNING_TEXT = "#b45f06"
FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"
FONT_SIZE = 11
CHAR_WIDTH = 6.6  # average advance of FONT at FONT_SIZE, to keep labels apart
GAP = 28
MARGIN = 20
TITLE_HEIGHT = 52
LABEL_LINE = 14
SHEET_OFFSET = 5
MAX_SHEETS = 10
BAR_WIDTH = 12

# Kinds folded into the caption of the volume before them.
_FOLDED = (m.Activation, m.Dropout, m.LRN, m.BatchNorm)
_POOLS = (m.MaxPool, m.AvgPool, m.GlobalAvgPool, m.GlobalMaxPool, m.AdaptiveAvgPool, m.AdaptiveMaxPool)
_CONVS = (m.Conv, m.ConvTranspose, m.DepthwiseConv, m.SeparableConv)


@dataclass
class Volume:
    """One stack of feature maps (or one bar) and its labels; SVG pixels, y down."""

    key: str  # "input" or the layer's name
    kind: str  # a PALETTE key
    shape: Shape
    x: float  # left of the front sheet
    y: float  # top of the front sheet
    width: float  # a sheet's width: W (a bar's: fixed)
    height: float  # a sheet's height: H (a bar's: its length)
    sheets: int  # how many sheets are drawn for the channels
    above: list[str] = field(default_factory=list)  # name, shape
    below: list[str] = field(default_factory=list)  # operation, parameters, folded layers
    flagged: bool = False
    warning: str | None = None

    @property
    def spread(self) -> float:
        """How far the last sheet sits up and right of the first."""
        return (self.sheets - 1) * SHEET_OFFSET

    @property
    def extent(self) -> float:
        return self.width + self.spread

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def centre_y(self) -> float:
        return self.y + self.height / 2


@dataclass
class Arrow:
    start: tuple[float, float]
    end: tuple[float, float]
    label: str = ""


@dataclass
class Diagram:
    title: str
    subtitle: str
    width: float
    height: float
    volumes: list[Volume]
    arrows: list[Arrow]
    label_top: float  # y of the first line above the volumes
    label_bottom: float  # y of the first line below the volumes


def side(size: int) -> float:
    """A spatial size → pixels, on a log scale so that 224 and 5 both fit on a page.

    >>> side(5), side(32), side(224)
    (44.2, 79.0, 115.5)
    """
    return round(14 + 13 * math.log2(max(size, 1)), 1)


def bar_length(units: int) -> float:
    """A vector's length → the bar's height in pixels.

    >>> bar_length(10), bar_length(4096)
    (59.9, 164.0)
    """
    return round(20 + 12 * math.log2(max(units, 1)), 1)


def sheet_count(channels: int) -> int:
    """How many sheets stand for C channels: all of them up to 4, then one more per doubling.

    >>> [sheet_count(c) for c in (1, 3, 6, 16, 64, 512)]
    [1, 3, 5, 6, 8, 10]
    """
    if channels <= 4:
        return channels
    return min(4 + round(math.log2(channels / 4)), MAX_SHEETS)


def layout(result: NetworkResult) -> Diagram:
    """Place a volume for the input and each layer that changes the shape or has its own operation."""
    volumes = [_volume("input", "input", result.input_shape, ["input", _shape_label(result.input_shape)], [])]
    for layer in result.layers:
        if isinstance(layer.layer, _FOLDED) and layer.output_shape == layer.input_shape and volumes:
            volumes[-1].below.append(_folded_label(layer))
            if layer.params:
                volumes[-1].below.append(f"+{count_text(layer.params)} params")
            continue
        volumes.append(
            _volume(
                layer.name,
                _kind(layer),
                layer.output_shape,
                [layer.name, _shape_label(layer.output_shape)],
                _operation_lines(layer),
                layer,
            )
        )
    for volume in volumes:  # the warning goes last, under what was folded in
        if volume.warning:
            volume.below.append(volume.warning)
    lines_above = max(len(v.above) for v in volumes)
    lines_below = max(len(v.below) for v in volumes)
    label_top = TITLE_HEIGHT + MARGIN
    band_top = label_top + lines_above * LABEL_LINE + 6
    mid = band_top + max(v.spread for v in volumes) + max(v.height for v in volumes) / 2

    x: float = MARGIN
    for volume in volumes:
        label_width = max(len(t) for t in volume.above + volume.below) * CHAR_WIDTH
        column = max(volume.extent, label_width)
        volume.x = x + (column - volume.extent) / 2
        volume.y = mid - volume.height / 2
        x += column + GAP
    arrows = [
        Arrow((a.x + a.extent + 2, a.centre_y), (max(b.x - 4, a.x + a.extent + 10), b.centre_y))
        for a, b in itertools.pairwise(volumes)
    ]
    label_bottom = mid + max(v.height for v in volumes) / 2 + 20
    height = label_bottom + lines_below * LABEL_LINE + MARGIN
    title = result.name
    subtitle = (
        f"{count_text(result.total_params)} params · {short_count(result.total_macs)} MACs · "
        f"output {shape_text(result.output_shape, result.channels_last)}"
    )
    width = max(x - GAP + MARGIN, len(subtitle) * CHAR_WIDTH + 2 * MARGIN)
    return Diagram(title, subtitle, width, height, volumes, arrows, label_top, label_bottom)


def _volume(
    key: str, kind: str, shape: Shape, above: list[str], below: list[str], layer: LayerResult | None = None
) -> Volume:
    channels, spatial = shape[0], shape[1:]
    if spatial and math.prod(spatial) > 1:
        height = side(spatial[-2] if len(spatial) >= 2 else spatial[0])
        width = side(spatial[-1]) if len(spatial) >= 2 else side(1)
        sheets = sheet_count(channels)
    else:  # a vector, or C×1×1 (LeNet's C5 "layer 120"): one bar as long as its channels
        height, width, sheets = bar_length(channels), BAR_WIDTH, 1
    warning = None
    if layer is not None and layer.flagged:
        exact = layer.warnings[0].exact
        warning = f"⚠ stride does not fit: {_exact_text(exact)}" if exact is not None else "⚠ flagged"
        kind = "warning"
    return Volume(key, kind, shape, 0, 0, width, height, sheets, above, below, warning is not None, warning)


def _exact_text(exact: Fraction) -> str:
    return f"{exact.numerator}/{exact.denominator} ≈ {float(exact):.2f} → {math.floor(exact)}"


def _kind(layer: LayerResult) -> str:
    if isinstance(layer.layer, _CONVS):
        return "conv"
    if isinstance(layer.layer, _POOLS):
        return "pool"
    if isinstance(layer.layer, m.Dense):
        return "dense"
    return "other"


def _shape_label(shape: Shape) -> str:
    """``(6, 28, 28)`` → ``6@28×28``, as the LeNet-5 figure labels its feature maps."""
    if len(shape) == 1:
        return f"{shape[0]}"
    return f"{shape[0]}@{'×'.join(map(str, shape[1:]))}"


def _pair_text(value: int | tuple[int, ...], rank: int) -> str:
    values = (value,) * rank if isinstance(value, int) else value
    return str(values[0]) if len(set(values)) == 1 else "×".join(map(str, values))


def _operation_lines(layer: LayerResult) -> list[str]:
    """What the layer does, in the slides' words: ``conv 5×5 /1``, ``avgpool 2×2 /2``."""
    spec = layer.layer
    rank = max(len(layer.input_shape) - 1, 1)
    op = layer.type
    if isinstance(spec, (m.Conv, m.ConvTranspose, m.DepthwiseConv, m.SeparableConv, m.MaxPool, m.AvgPool)):
        kernel = (spec.kernel,) * rank if isinstance(spec.kernel, int) else spec.kernel
        stride = spec.stride if spec.stride is not None else spec.kernel
        op = f"{layer.type} {'×'.join(map(str, kernel))} /{_pair_text(stride, rank)}"
        if spec.padding not in (0, "valid"):
            op += f" p{spec.padding if isinstance(spec.padding, str) else _pair_text(spec.padding, rank)}"
    elif isinstance(spec, m.Dense):
        op = f"dense {spec.units}"
    lines = [op]
    activation = getattr(spec, "activation", None)
    if activation:
        lines[0] += f", {activation}"
    lines.append(f"{count_text(layer.params)} params" if layer.params else "no params")
    return lines


def _folded_label(layer: LayerResult) -> str:
    spec = layer.layer
    if isinstance(spec, m.Activation):
        return f"+ {spec.function or spec.type}"
    if isinstance(spec, m.Dropout):
        return f"+ dropout {spec.rate:g}"
    return f"+ {layer.type}"


def render_svg(result: NetworkResult) -> str:
    """The diagram as SVG text."""
    import drawsvg as draw  # heavy and only needed here

    diagram = layout(result)
    drawing = draw.Drawing(diagram.width, diagram.height, font_family=FONT)
    drawing.append(draw.Rectangle(0, 0, diagram.width, diagram.height, fill="white"))
    arrow_head = draw.Marker(-0.1, -0.5, 0.9, 0.5, scale=6, orient="auto")
    arrow_head.append(draw.Lines(-0.1, -0.5, -0.1, 0.5, 0.9, 0, fill="#555", close=True))
    drawing.append(draw.Text(diagram.title, 16, MARGIN, MARGIN + 12, font_weight="bold", class_="title"))
    drawing.append(
        draw.Text(diagram.subtitle, FONT_SIZE, MARGIN, MARGIN + 30, fill="#555", class_="subtitle")
    )
    for arrow in diagram.arrows:
        drawing.append(
            draw.Line(
                *arrow.start,
                *arrow.end,
                stroke="#555",
                stroke_width=1.2,
                marker_end=arrow_head,
                class_="arrow",
            )
        )
    for volume in diagram.volumes:
        drawing.append(_block(draw, volume, diagram))
    return str(drawing.as_svg())


def _block(d: Any, volume: Volume, diagram: Diagram) -> Any:
    front, back, _ = PALETTE[volume.kind]
    css = "layer" + (" flagged" if volume.flagged else "")
    group = d.Group(class_=css, id=f"layer-{_slug(volume.key)}")
    group.append(d.Title(f"{volume.key}: {shape_text(volume.shape)}"))
    for i in reversed(range(volume.sheets)):  # back to front; the back sheets up and to the right
        offset = i * SHEET_OFFSET
        group.append(
            d.Rectangle(
                volume.x + offset,
                volume.y - offset,
                volume.width,
                volume.height,
                fill=front if i == 0 else back,
                stroke="#444",
                stroke_width=0.8,
                class_="sheet",
            )
        )
    centre = volume.x + volume.extent / 2
    for i, text in enumerate(volume.above):
        group.append(
            d.Text(
                text,
                FONT_SIZE,
                centre,
                diagram.label_top + i * LABEL_LINE,
                text_anchor="middle",
                font_weight="bold" if i == 0 else "normal",
                class_="above",
            )
        )
    for i, text in enumerate(volume.below):
        group.append(
            d.Text(
                text,
                FONT_SIZE,
                centre,
                diagram.label_bottom + i * LABEL_LINE,
                text_anchor="middle",
                fill=WARNING_TEXT if text == volume.warning else "#333",
                class_="below",
            )
        )
    return group


def _slug(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in text)
