"""The network drawn as the lecture slides draw it: one volume per layer, left to right.

A feature map C×H×W is a stack of sheets ("블록 형태", the LeNet-5 figure's "6@28×28"): each sheet
H×W on a log scale, more sheets for more channels. A vector is a bar. Layers that keep the shape
and add no volume of their own (activations, dropout, LRN, batch norm: their kind's ``DRAWING`` is
``folded``) are folded into the caption of the volume they follow. A graph's branches run on lanes
below the main path, a sum is a ⊕ with its shortcut arching over the block, and a long network
wraps onto rows.

The layout (:func:`layout`) is plain data, tested on its own; :func:`render_svg` only draws it
with drawsvg, imported there and nowhere else.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from cnncalc import kinds
from cnncalc.engine.results import FoldedBlock, LayerResult, NetworkResult, Shape, fold
from cnncalc.render.declare import Drawing
from cnncalc.render.formatting import count_text, ratio_text, shape_text, short_count
from cnncalc.text import visible, xml_document

# Colours: (front, top, side) per kind of volume; flagged layers take the warning colour.
PALETTE: dict[str, tuple[str, str, str]] = {
    "input": ("#d9d9d9", "#ececec", "#bdbdbd"),
    "conv": ("#8fb8e8", "#b9d3f2", "#6f9dd3"),
    "pool": ("#f2a7a7", "#f7c8c8", "#dc8585"),
    "dense": ("#b7a2e0", "#d3c6ee", "#9a82cf"),
    "other": ("#a9d8b8", "#cbe9d5", "#86c29b"),
    "block": ("#9fc5c8", "#c6dfe1", "#7fb0b4"),
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
ADD_RADIUS = 10
ARC_BAND = 22
LANE_GAP = 18
ROW_GAP = 30
MAX_ROW_WIDTH = 1500


def _drawing(kind: str) -> Drawing:
    """How a kind is drawn: ``cnncalc/kinds/<kind>.py``'s ``DRAWING``."""
    drawing: Drawing = kinds.module(kind).DRAWING
    return drawing


@dataclass
class Volume:
    """One stack of feature maps (or one bar, or one ⊕) and its labels; SVG pixels, y down."""

    key: str  # "input" or the layer's name
    kind: str  # a PALETTE key, or "add"
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
    inputs: list[str] = field(default_factory=list)  # keys of the volumes it takes
    column: int = 0  # longest path from the input
    lane: int = 0  # 0: the main path; branches below it
    row: int = 0  # a long network wraps onto several rows
    label_top: float = 0  # baseline of the first line above
    label_bottom: float = 0  # baseline of the first line below

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
    """A polyline whose last point carries the arrow head."""

    points: list[tuple[float, float]]
    kind: str = "flow"  # "flow", "branch" (between lanes), "skip" (over a lane), "wrap" (to the next row)

    @property
    def start(self) -> tuple[float, float]:
        return self.points[0]

    @property
    def end(self) -> tuple[float, float]:
        return self.points[-1]


@dataclass
class Diagram:
    title: str
    subtitle: str
    width: float
    height: float
    volumes: list[Volume]
    arrows: list[Arrow]


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


def layout(result: NetworkResult, depth: int | None = None) -> Diagram:
    """Place a volume for the input and each layer that changes the shape or has its own operation;
    branches go on lanes under the main path, and a long network wraps onto rows. With ``depth``,
    the blocks nested deeper than that are one volume each (as the table's ``--depth``)."""
    volumes = _volumes(result, depth)
    if result.channels_last:  # Keras' convention: shapes as model.summary() shows them, H×W×C
        for volume in volumes:
            if len(volume.above) == 2:
                volume.above[1] = shape_text(volume.shape, channels_last=True)
    by_key = {v.key: v for v in volumes}
    _place_columns_and_lanes(volumes, by_key)
    widths = _column_widths(volumes)
    rows = _rows(volumes, by_key, widths)
    _place_x(volumes, rows, widths)
    skips = _skip_edges(volumes, by_key)
    # Lanes that need room above for an arc: the sources of skips, and the lanes where an arrow
    # from the row above comes in past the lane's first volume.
    arcs = {(by_key[src].row, by_key[src].lane) for src, _ in skips}
    arcs |= {(v.row, v.lane) for v in volumes for src in v.inputs if _enters_over(by_key[src], v, volumes)}
    arc_y, row_bottom, bottom = _place_y(volumes, len(rows), arcs)
    arrows = [
        _arrow(
            by_key[src],
            volume,
            arc_y,
            row_bottom,
            (src, volume.key) in skips,
            _enters_over(by_key[src], volume, volumes),
        )
        for volume in volumes
        for src in volume.inputs
    ]
    subtitle = (
        f"{count_text(result.total_params)} params · {short_count(result.total_macs)} MACs · "
        f"output {shape_text(result.output_shape, result.channels_last)}"
    )
    right = max(v.x + max(v.extent, _label_width(v)) for v in volumes)
    width = max(right + MARGIN, len(subtitle) * CHAR_WIDTH + 2 * MARGIN)
    height = bottom - ROW_GAP - LANE_GAP + MARGIN
    return Diagram(result.name, subtitle, width, height, volumes, arrows)


def _place_x(volumes: list[Volume], rows: list[list[int]], widths: dict[int, float]) -> None:
    """x: columns left to right within their row, each volume centred in its column."""
    left: dict[int, float] = {}
    for columns in rows:
        x = float(MARGIN)
        for column in columns:
            left[column] = x
            x += widths[column] + GAP
    row_of = {column: r for r, columns in enumerate(rows) for column in columns}
    for volume in volumes:
        volume.row = row_of[volume.column]
        volume.x = left[volume.column] + (widths[volume.column] - volume.extent) / 2


def _place_y(
    volumes: list[Volume], row_count: int, arcs: set[tuple[int, int]]
) -> tuple[dict[tuple[int, int], float], dict[int, float], float]:
    """y: rows top to bottom, lanes within a row; each lane has its labels, and room for skip arcs.
    Returns each arc band's y by (row, lane), each row's bottom, and the bottom of the last."""
    y = float(TITLE_HEIGHT + MARGIN - LABEL_LINE)
    arc_y: dict[tuple[int, int], float] = {}
    row_bottom: dict[int, float] = {}
    for r in range(row_count):
        for lane in sorted({v.lane for v in volumes if v.row == r}):
            members = [v for v in volumes if v.row == r and v.lane == lane]
            if (r, lane) in arcs:
                arc_y[(r, lane)] = y + ARC_BAND / 2
                y += ARC_BAND
            label_top = y + LABEL_LINE
            band_top = label_top + (max(len(v.above) for v in members) - 1) * LABEL_LINE + 10
            tallest = max(v.height for v in members)
            mid = band_top + max(v.spread for v in members) + tallest / 2
            label_bottom = mid + tallest / 2 + 20
            for v in members:
                v.label_top, v.label_bottom = label_top, label_bottom
                v.y = mid - v.height / 2
            y = label_bottom + (max(len(v.below) for v in members) - 1) * LABEL_LINE + LANE_GAP
        row_bottom[r] = y
        y += ROW_GAP
    return arc_y, row_bottom, y


def _volumes(result: NetworkResult, depth: int | None = None) -> list[Volume]:
    """A volume per layer, except shape-keeping layers folded into the one volume they follow,
    and with ``depth`` a volume per folded block."""
    input_volume = _volume(
        "input", "input", result.input_shape, ["input", _shape_label(result.input_shape)], []
    )
    volumes = [input_volume]
    alias: dict[str, str] = {"input": "input"}  # a layer's name → the volume that shows it
    consumers: dict[str, int] = {}
    for layer in result.layers:
        for name in layer.inputs:
            consumers[name] = consumers.get(name, 0) + 1
    by_key = {"input": input_volume}
    for row in fold(result.layers, depth):
        if isinstance(row, FoldedBlock):
            volume = _block_volume(row, [alias[name] for name in row.inputs])
            volumes.append(volume)
            by_key[volume.key] = volume
            for inner in row.layers:
                alias.update(dict.fromkeys((inner.name, *inner.outputs), volume.key))
            continue
        layer = row
        drawing = _drawing(layer.layer.kind)
        inputs = [alias[name] for name in layer.inputs]
        if (
            drawing.folded
            and layer.output_shape == layer.input_shape
            and len(inputs) == 1
            and consumers.get(layer.inputs[0], 0) == 1
            and inputs[0] != "input"
        ):
            target = by_key[inputs[0]]
            label = drawing.caption(layer)
            if layer.params:
                label += f" ({count_text(layer.params)} params)"
            target.below.append(label)
            alias[layer.name] = target.key
            continue
        volume = _volume(
            layer.name,
            drawing.role,
            layer.output_shape,
            [layer.name, _shape_label(layer.output_shape)],
            [drawing.operation(layer), f"{count_text(layer.params)} params" if layer.params else "no params"],
            layer,
        )
        if volume.kind == "add":  # ⊕ is labelled only by what follows it; arrows come in from all sides
            volume.above, volume.below = [], []
        volume.inputs = list(dict.fromkeys(inputs))
        volumes.append(volume)
        by_key[volume.key] = volume
        alias.update(dict.fromkeys((layer.name, *layer.outputs), volume.key))  # a split: its parts too
    for volume in volumes:  # the warning goes last, under what was folded in
        if volume.warning:
            volume.below += volume.warning.split("\n")
    return volumes


def _block_volume(block: FoldedBlock, inputs: list[str]) -> Volume:
    """A folded block: drawn as its output, labelled with the block and its parameters."""
    last = block.last
    below = [block.label, f"{count_text(block.params)} params" if block.params else "no params"]
    volume = _volume(
        block.name, "block", last.output_shape, [block.name, _shape_label(last.output_shape)], below
    )
    if any(layer.flagged for layer in block.layers):
        volume.kind, volume.flagged = "warning", True
    volume.inputs = list(dict.fromkeys(inputs))
    return volume


def _place_columns_and_lanes(volumes: list[Volume], by_key: dict[str, Volume]) -> None:
    """Column: the longest path from the input. Lane: the first input's, else the next free one."""
    taken: dict[int, set[int]] = {0: {0}}
    for volume in volumes[1:]:
        sources = [by_key[k] for k in volume.inputs]
        volume.column = 1 + max(s.column for s in sources)
        used = taken.setdefault(volume.column, set())
        lane = sources[0].lane
        while lane in used:
            lane += 1
        volume.lane = lane
        used.add(lane)


def _label_width(volume: Volume) -> float:
    if volume.kind == "add":  # its folded layers are written beside it, over the arrow out
        return 2 * ADD_RADIUS + max((len(t) for t in volume.below), default=0) * CHAR_WIDTH * 0.8
    return max(len(t) for t in volume.above + volume.below) * CHAR_WIDTH


def _column_widths(volumes: list[Volume]) -> dict[int, float]:
    widths: dict[int, float] = {}
    for v in volumes:
        widths[v.column] = max(widths.get(v.column, 0.0), v.extent, _label_width(v))
    return widths


def _rows(volumes: list[Volume], by_key: dict[str, Volume], widths: dict[int, float]) -> list[list[int]]:
    """Wrap the columns onto rows no wider than MAX_ROW_WIDTH, cutting only where a single arrow
    runs along the main lane from one column to the next (never through a branch or a skip)."""
    edges = [(by_key[src], v) for v in volumes for src in v.inputs]
    columns = sorted(widths)
    cuttable = set()
    for column in columns[:-1]:
        # A row may end after a column whose one main-lane volume feeds everything that goes on:
        # its arrows then run back to the left edge together (ResNet's block boundaries).
        sources = {a.key: a for a, b in edges if a.column <= column < b.column}
        if len(sources) == 1:
            (source,) = sources.values()
            if source.column == column and source.lane == 0:
                cuttable.add(column)
    rows: list[list[int]] = [[]]
    width = 0.0
    for column in columns:
        if rows[-1] and width + widths[column] > MAX_ROW_WIDTH:
            cuts = [c for c in rows[-1] if c in cuttable]
            if cuts:
                keep = rows[-1][: rows[-1].index(cuts[-1]) + 1]
                rows[-1], carried = keep, rows[-1][len(keep) :]
                rows.append(carried)
                width = sum(widths[c] + GAP for c in carried)
        rows[-1].append(column)
        width += widths[column] + GAP
    return rows


def _skip_edges(volumes: list[Volume], by_key: dict[str, Volume]) -> set[tuple[str, str]]:
    """Edges along one lane that jump over a volume on it: drawn as an arc above the lane."""
    skips = set()
    for v in volumes:
        for src_key in v.inputs:
            src = by_key[src_key]
            if src.lane != v.lane or src.row != v.row:
                continue
            between = [
                w for w in volumes if w.lane == v.lane and w.row == v.row and src.column < w.column < v.column
            ]
            if between:
                skips.add((src_key, v.key))
    return skips


def _enters_over(src: Volume, dst: Volume, volumes: list[Volume]) -> bool:
    """An arrow from an earlier row into a volume that is not the first on its lane."""
    return src.row != dst.row and any(
        w.row == dst.row and w.lane == dst.lane and w.column < dst.column for w in volumes
    )


def _arrow(
    src: Volume,
    dst: Volume,
    arc_y: dict[tuple[int, int], float],
    row_bottom: dict[int, float],
    skip: bool,
    over: bool,
) -> Arrow:
    sx, sy = src.x + src.extent + 2, src.centre_y
    dx, dy = dst.x - 4, dst.centre_y
    if src.row != dst.row:  # back to the left edge, one row down
        down = row_bottom[src.row] + ROW_GAP / 2
        points = [(sx, sy), (sx + 10, sy), (sx + 10, down), (MARGIN / 2, down)]
        if over:  # past the lane's first volume: along the arc band, then down into it
            top = arc_y[(dst.row, dst.lane)]
            if dst.kind == "add":
                cx = dst.x + ADD_RADIUS
                points += [(MARGIN / 2, top), (cx, top), (cx, dst.y - 3)]
            else:
                points += [(MARGIN / 2, top), (dx - 8, top), (dx - 8, dy), (dx, dy)]
        else:
            points += [(MARGIN / 2, dy), (dx, dy)]
        return Arrow(points, "wrap")
    if skip:
        top = arc_y[(src.row, src.lane)]
        if dst.kind == "add":  # the identity arrow drops onto the ⊕ from above, as in the ResNet figure
            cx = dst.x + ADD_RADIUS
            return Arrow([(sx, sy), (sx + 8, sy), (sx + 8, top), (cx, top), (cx, dst.y - 3)], "skip")
        return Arrow([(sx, sy), (sx + 8, sy), (sx + 8, top), (dx - 8, top), (dx - 8, dy), (dx, dy)], "skip")
    if src.lane != dst.lane:
        # Down to a branch: turn at once and run along the branch's lane; back up: run along the
        # branch and turn just before the volume that takes it.
        if dst.kind == "add" and dst.lane < src.lane:  # a projection rises into the ⊕ from below
            cx = dst.x + ADD_RADIUS
            return Arrow([(sx, sy), (cx, sy), (cx, dst.y + dst.height + 3)], "branch")
        turn = sx + 8 if dst.lane > src.lane else dx - 8
        return Arrow([(sx, sy), (turn, sy), (turn, dy), (dx, dy)], "branch")
    return Arrow([(sx, sy), (max(dx, sx + 8), dy)])


def _volume(
    key: str, kind: str, shape: Shape, above: list[str], below: list[str], layer: LayerResult | None = None
) -> Volume:
    channels, spatial = shape[0], shape[1:]
    if kind == "add":  # ⊕, as the ResNet figure draws a residual sum
        height, width, sheets = 2.0 * ADD_RADIUS, 2.0 * ADD_RADIUS, 1
    elif spatial and math.prod(spatial) > 1:
        height = side(spatial[-2] if len(spatial) >= 2 else spatial[0])
        width = side(spatial[-1]) if len(spatial) >= 2 else side(1)
        sheets = sheet_count(channels)
    else:  # a vector, or C×1×1 (LeNet's C5 "layer 120"): one bar as long as its channels
        height, width, sheets = bar_length(channels), BAR_WIDTH, 1
    warning = None
    if layer is not None and layer.flagged:
        exact = layer.warnings[0].exact
        # On two lines, so that the column stays as narrow as its volume.
        warning = f"⚠ stride does not fit:\n{_exact_text(exact)}" if exact is not None else "⚠ flagged"
        kind = "warning"
    return Volume(key, kind, shape, 0, 0, width, height, sheets, above, below, warning is not None, warning)


def _exact_text(exact: Fraction) -> str:
    """``7/3 ≈ 2.33 → 2``: the diagram's own notation, with the size the layer uses."""
    return f"{ratio_text(exact)} ≈ {float(exact):.2f} → {math.floor(exact)}"


def _shape_label(shape: Shape) -> str:
    """``(6, 28, 28)`` → ``6@28×28``, as the LeNet-5 figure labels its feature maps: the channels,
    then the map's size as every other output writes a shape."""
    if len(shape) == 1:
        return shape_text(shape)
    return f"{shape[0]}@{shape_text(shape[1:])}"


def render_svg(result: NetworkResult, depth: int | None = None) -> str:
    """The diagram as SVG text."""
    import drawsvg as draw  # heavy and only needed here

    diagram = layout(result, depth)
    drawing = draw.Drawing(round(diagram.width), round(diagram.height), font_family=FONT)
    drawing.append(draw.Rectangle(0, 0, round(diagram.width), round(diagram.height), fill="white"))
    arrow_head = draw.Marker(-0.1, -0.5, 0.9, 0.5, scale=6, orient="auto")
    arrow_head.append(draw.Lines(-0.1, -0.5, -0.1, 0.5, 0.9, 0, fill="#555", close=True))
    drawing.append(
        draw.Text(visible(diagram.title), 16, MARGIN, MARGIN + 12, font_weight="bold", class_="title")
    )
    drawing.append(
        draw.Text(visible(diagram.subtitle), FONT_SIZE, MARGIN, MARGIN + 30, fill="#555", class_="subtitle")
    )
    for arrow in diagram.arrows:
        flat = [round(c, 1) for point in arrow.points for c in point]
        drawing.append(
            draw.Lines(
                *flat,
                fill="none",
                stroke="#555",
                stroke_width=1.2,
                stroke_linejoin="round",
                marker_end=arrow_head,
                class_=f"arrow {arrow.kind}",
            )
        )
    for volume in diagram.volumes:
        drawing.append(_block(draw, volume))
    return xml_document(str(drawing.as_svg()))


def _block(d: Any, volume: Volume) -> Any:
    css = "layer" + (" flagged" if volume.flagged else "")
    group = d.Group(class_=css, id=f"layer-{_slug(volume.key)}")
    group.append(d.Title(visible(f"{volume.key}: {shape_text(volume.shape)}")))
    if volume.kind == "add":
        _sum_sign(d, group, volume)
    else:
        _sheets(d, group, volume)
    centre = round(volume.x + volume.extent / 2, 1)
    for i, text in enumerate(volume.above):
        weight = "bold" if i == 0 else "normal"
        top = volume.label_top + i * LABEL_LINE
        group.append(
            _label(d, text, FONT_SIZE, centre, top, text_anchor="middle", font_weight=weight, class_="above")
        )
    if volume.kind == "add":
        beside = volume.x + 2 * ADD_RADIUS + 4
        for i, text in enumerate(volume.below):
            top = volume.centre_y - 4 - i * (LABEL_LINE - 3)
            group.append(
                _label(d, text.removeprefix("+ "), FONT_SIZE - 2, beside, top, fill="#333", class_="beside")
            )
        return group
    warned = volume.warning.split("\n") if volume.warning else []
    for i, text in enumerate(volume.below):
        top = volume.label_bottom + i * LABEL_LINE
        fill = WARNING_TEXT if text in warned else "#333"
        group.append(_label(d, text, FONT_SIZE, centre, top, text_anchor="middle", fill=fill, class_="below"))
    return group


def _label(d: Any, text: str, size: int, x: float, y: float, **attributes: str) -> Any:
    """One line of a volume's label at (x, y), rounded to a tenth, its text made visible."""
    return d.Text(visible(text), size, round(x, 1), round(y, 1), **attributes)


def _sum_sign(d: Any, group: Any, volume: Volume) -> None:
    """⊕, as the ResNet figure draws a residual sum."""
    cx, cy = volume.x + ADD_RADIUS, volume.centre_y
    group.append(d.Circle(cx, cy, ADD_RADIUS, fill="white", stroke="#444", stroke_width=1.2, class_="sum"))
    group.append(d.Line(cx - 6, cy, cx + 6, cy, stroke="#444", stroke_width=1.5))
    group.append(d.Line(cx, cy - 6, cx, cy + 6, stroke="#444", stroke_width=1.5))


def _sheets(d: Any, group: Any, volume: Volume) -> None:
    """The stack of sheets, back to front, each up and right of the one before."""
    front, back, _ = PALETTE.get(volume.kind, PALETTE["other"])
    for i in reversed(range(volume.sheets)):
        offset = i * SHEET_OFFSET
        group.append(
            d.Rectangle(
                round(volume.x + offset, 1),
                round(volume.y - offset, 1),
                volume.width,
                volume.height,
                fill=front if i == 0 else back,
                stroke="#444",
                stroke_width=0.8,
                class_="sheet",
            )
        )


def _slug(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in text)
