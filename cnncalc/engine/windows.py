"""What the rules of several kinds share: a field given once or per axis, a sliding window's
output sizes (with their working and flags), and the receptive field's stepping.

The arithmetic itself is :mod:`cnncalc.engine.formulas`; this module applies it per axis and
records it as data (steps, flags, windows) for the kinds' rules.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from cnncalc.engine import formulas as f
from cnncalc.engine.outcome import FlatInput, Formula, Invalid, Outcome, ReceptiveWindow, Refused
from cnncalc.engine.results import Dims, Exact, Flag, ReceptiveField, Shape, Step, make_flag
from cnncalc.errors import said

if TYPE_CHECKING:
    from cnncalc.spec.fields import Convention

# At most this many strides (the smallest) and paddings are suggested for a stride that does not fit.
SUGGESTIONS = 8


class WindowFormula(Formula):
    """The output size of a sliding window (conv, pool), as :func:`windowed_sizes` records it."""

    CONV_OUTPUT = "conv_output"  # ⌊(N + 2P − D(F − 1) − 1)/S⌋ + 1
    POOL_CEIL_OUTPUT = "pool_ceil_output"  # ⌈(N + 2P − D(F − 1) − 1)/S⌉ + 1
    SAME_OUTPUT = "same_output"  # ⌈N/S⌉


def spatial(shape: Shape, kind: str) -> tuple[int, ...]:
    """The spatial sizes of ``shape`` (C first), or FlatInput for a flat vector."""
    if len(shape) < 2:
        raise FlatInput(said("error.needs_spatial", kind=kind, shape=Dims(shape)), "type")
    return shape[1:]


def spread(value: int | tuple[int, ...], rank: int) -> tuple[int, ...]:
    """A value given once or per axis, as one value per axis (its count already checked).

    >>> spread(3, 2), spread((3, 1), 2)
    ((3, 3), (3, 1))
    """
    return (value,) * rank if isinstance(value, int) else value


def per_axis(value: int | tuple[int, ...], rank: int, field_name: str) -> tuple[int, ...]:
    """A field given once (``3``) or per axis (``[3, 5]``) → one value per spatial axis."""
    if not isinstance(value, int) and len(value) != rank:
        raise Invalid(
            said(
                "error.per_dim_entries",
                field=field_name,
                count=len(value),
                rank=rank,
                plural="s" if rank != 1 else "",
            ),
            field_name,
            said("hint.per_dim_entries"),
        )
    return spread(value, rank)


def check_padding_rank(padding: int | tuple[int, ...] | str, rank: int) -> None:
    if isinstance(padding, tuple):
        per_axis(padding, rank, "padding")


def channels_divisible(channels: int, filters: int, groups: int) -> None:
    if channels % groups or filters % groups:
        raise Invalid(
            said("error.groups", groups=groups, channels=channels, filters=filters),
            "groups",
            said("hint.groups", channels=channels, filters=filters),
        )


def fit_flag(axis: int, exact: Fraction, operands: dict[str, int], out: int) -> Flag:
    """A stride that does not fit, with the strides and paddings that would."""
    n, kernel, stride = operands["N"], operands["F"], operands["S"]
    dilation = operands.get("D", 1)
    strides: tuple[int, ...] = ()
    paddings: tuple[int, ...] = ()
    if "P" in operands:  # 'same' chooses its own padding; only numeric padding gets suggestions
        strides = f.fitting_strides(n, kernel, operands["P"], dilation, max_stride=SUGGESTIONS)
        paddings = f.fitting_paddings(n, kernel, stride, dilation, limit=SUGGESTIONS)
    args = {
        "axis": axis + 1,
        "exact": exact,
        "out": out,
        "n": n,
        "kernel": kernel,
        "stride": stride,
        "padding": operands.get("P", 0),
    }
    return make_flag(
        "stride_does_not_fit",
        args,
        "" if out == math.floor(exact) else "flag.stride_does_not_fit_rounded_up",
        axis=axis,
        exact=exact,
        result=None if out == math.floor(exact) else out,
        fitting_strides=strides,
        fitting_paddings=paddings,
    )


WindowedSizes = tuple[tuple[int, ...], list[Step], list[Flag], list[Flag], tuple[ReceptiveWindow, ...]]


def windowed_sizes(
    sizes_in: tuple[int, ...],
    kernel: tuple[int, ...],
    stride: tuple[int, ...],
    padding: int | tuple[int, ...] | str,
    dilation: tuple[int, ...],
    ceil_mode: bool = False,
) -> WindowedSizes:
    """Output sizes of a sliding window (conv or pool), with the working, the flags and each
    axis' window for the receptive field."""
    rank = len(sizes_in)
    # Numeric padding per axis, read once for every axis ('valid': none; 'same' uses its own).
    pads = (0,) * rank if isinstance(padding, str) else per_axis(padding, rank, "padding")
    sizes, steps, warnings, notes, windows = [], [], [], [], []
    for axis in range(rank):
        n, k, s, d = sizes_in[axis], kernel[axis], stride[axis], dilation[axis]
        if padding == "same":
            before, after = f.same_padding(n, k, s, d)
            out = f.same_output_size(n, s)
            ops = {"N": n, "F": k, "S": s, "D": d, "P_before": before, "P_after": after}
            exact = Fraction(n + before + after - f.effective_kernel(k, d) + s, s)  # (…)/S + 1
            steps.append(Step("output_size", WindowFormula.SAME_OUTPUT, ops, out, exact, axis))
            if before != after:
                notes.append(
                    make_flag(
                        "same_padding_asymmetric",
                        {"axis": axis + 1, "before": before, "after": after},
                        axis=axis,
                    )
                )
        else:
            p = before = pads[axis]
            ops = {"N": n, "F": k, "S": s, "P": p, "D": d}
            exact = f.conv_output_exact(n, k, s, p, d)
            if ceil_mode:
                out = f.pool_output_size_ceil(n, k, s, p, d)
                steps.append(Step("output_size", WindowFormula.POOL_CEIL_OUTPUT, ops, out, exact, axis))
            else:
                out = f.conv_output_size(n, k, s, p, d)
                steps.append(Step("output_size", WindowFormula.CONV_OUTPUT, ops, out, exact, axis))
        if exact.denominator != 1:
            warnings.append(fit_flag(axis, exact, ops, out))
        sizes.append(out)
        windows.append(ReceptiveWindow(k, s, before, d))
    return tuple(sizes), steps, warnings, notes, tuple(windows)


def convolved(
    layer: Any, shape: Shape, kind: str, groups_of: int | None = None
) -> tuple[tuple[int, ...], WindowedSizes]:
    """A convolution's window on ``shape``: its kernel per axis, and :func:`windowed_sizes`.
    ``groups_of``: the filters, when the channels and filters must divide into ``layer.groups``."""
    sizes_in = spatial(shape, kind)
    rank = len(sizes_in)
    kernel = per_axis(layer.kernel, rank, "kernel")
    stride = per_axis(layer.stride, rank, "stride")
    dilation = per_axis(layer.dilation, rank, "dilation")
    check_padding_rank(layer.padding, rank)
    if groups_of is not None:
        channels_divisible(shape[0], groups_of, layer.groups)
    return kernel, windowed_sizes(sizes_in, kernel, stride, layer.padding, dilation)


def whole(sizes: tuple[int, ...]) -> tuple[ReceptiveWindow, ...]:
    """A window over the whole input: global pooling, and flatten (whatever follows sees it all)."""
    return tuple(ReceptiveWindow(n, n) for n in sizes)


# --- the symbols a step's operands are named by, per number of spatial axes --------------------


# Per number of axes; the names are picked by the sizes' count, so zip needs no strict check.
_OUT_NAMES = {1: ("O",), 2: ("OH", "OW"), 3: ("OD", "OH", "OW")}
_IN_NAMES = {1: ("N",), 2: ("H", "W"), 3: ("ID", "H", "W")}
_KERNEL_NAMES = {1: ("F",), 2: ("FH", "FW"), 3: ("FD", "FH", "FW")}


def out_operands(sizes: tuple[int, ...]) -> dict[str, int]:
    return dict(zip(_OUT_NAMES[len(sizes)], sizes, strict=False))


def in_operands(sizes: tuple[int, ...]) -> dict[str, int]:
    return dict(zip(_IN_NAMES[len(sizes)], sizes, strict=False))


def kernel_operands(kernel: tuple[int, ...]) -> dict[str, int]:
    return dict(zip(_KERNEL_NAMES[len(kernel)], kernel, strict=False))


# --- receptive field ---------------------------------------------------------------------------


def input_field(shape: Shape) -> ReceptiveField | None:
    """The network input's field: each pixel sees itself."""
    rank = len(shape) - 1
    if rank == 0:
        return None
    one, zero = (1,) * rank, (0,) * rank
    return ReceptiveField(one, one, zero)


def receptive_field(
    sources: list[ReceptiveField | None], windows: tuple[ReceptiveWindow, ...] | None
) -> ReceptiveField | None:
    """Along the largest path: per axis, the input whose field is largest, then this layer's window."""
    known = [source for source in sources if source is not None]
    if not known:
        return None
    if len(known) == 1:
        field = known[0]
        if windows is None or all(map(_keeps_field, windows)):
            return field  # relu, batchnorm, a 1×1 conv of stride 1…: the same field (and object)
    else:
        field = _largest(known)
        if windows is None:  # a merge (add, concat): the largest field
            return field
    size, jump, start = list(field.size), list(field.jump), list(field.start)
    for axis, window in enumerate(windows[: len(size)]):
        size[axis], jump[axis], start[axis] = _through(window, size[axis], jump[axis], start[axis])
    return ReceptiveField(tuple(size), tuple(jump), tuple(start))


def _largest(known: list[ReceptiveField]) -> ReceptiveField:
    """Per axis of the first field, the largest field's values there (the first of equals); the
    field itself when it is the largest on every axis (a residual add's block output)."""
    rank = len(known[0].size)
    bests = []
    for axis in range(rank):
        best = known[0]
        for other in known[1:]:
            if _size_on(other, axis) > _size_on(best, axis):
                best = other
        bests.append(best)
    first = bests[0]
    if len(first.size) == rank and all(best is first for best in bests):
        return first
    return ReceptiveField(
        tuple(best.size[axis] for axis, best in enumerate(bests)),
        tuple(best.jump[axis] for axis, best in enumerate(bests)),
        tuple(best.start[axis] for axis, best in enumerate(bests)),
    )


def merged_field(
    sources: list[ReceptiveField | None],
    in_shapes: tuple[Shape, ...],
    out_shape: Shape,
    windows: tuple[ReceptiveWindow, ...] | None,
) -> ReceptiveField | None:
    """A layer's field: :func:`broadcast_field` for a merge that broadcasts a spatial axis, else
    :func:`receptive_field`."""
    if len(in_shapes) > 1 and any(shape[1:] != out_shape[1:] for shape in in_shapes):
        return broadcast_field(sources, in_shapes, out_shape)
    return receptive_field(sources, windows)


def broadcast_field(
    sources: list[ReceptiveField | None], in_shapes: tuple[Shape, ...], out_shape: Shape
) -> ReceptiveField | None:
    """A merge that broadcasts (an SE gate's 1×1 over C×H×W): per axis, the largest field's size
    (the gate sees its whole input), but the jump and start of the largest field among the inputs
    of the output's size, whose grid the output is (the 1-sized input's value is repeated on it)."""
    known = [(field, shape) for field, shape in zip(sources, in_shapes, strict=True) if field is not None]
    if not known:
        return None
    size, jump, start = [], [], []
    for axis in range(len(known[0][0].size)):
        grid = None  # the largest field (the first of equals) among the inputs of the output's size
        largest = _size_on(known[0][0], axis)
        for field, shape in known:
            on_axis = _size_on(field, axis)
            largest = max(largest, on_axis)
            if shape[axis + 1] == out_shape[axis + 1] and (grid is None or on_axis > _size_on(grid, axis)):
                grid = field
        if grid is None:
            grid = known[0][0]
        size.append(largest)
        jump.append(grid.jump[axis])
        start.append(grid.start[axis])
    return ReceptiveField(tuple(size), tuple(jump), tuple(start))


# Per axis of a tensor after a permute, the network's axis it holds: 0 the channels, k the
# spatial axis k (the input's order is 0, 1, …, which is never stored).
Order = tuple[int, ...]


def ordered_field(
    sources: list[ReceptiveField | None],
    orders: list[Order | None],
    in_shapes: tuple[Shape, ...],
    outcome: Outcome,
) -> tuple[ReceptiveField | None, Order | None]:
    """A layer's field and its output's order in a network that permutes axes. The field stays
    per spatial axis of the input, wherever a permute moved the axis: a permute carries it; a
    window slides along the axis the tensor holds there (none along the channels); a layer that
    reads across its first axis when a spatial axis is there (a conv on N×H×W×C) is not followed
    (None: the field is not shown from there on), nor a merge of tensors in different orders."""
    rank = len(in_shapes[0])
    given = [order or tuple(range(len(shape))) for order, shape in zip(orders, in_shapes, strict=True)]
    order = given[0]
    identity = tuple(range(rank))
    if outcome.axes is not None:  # a permute: the same field, the axes in their new order
        moved = tuple(order[axis] for axis in outcome.axes)
        return receptive_field(sources, None), None if moved == identity else moved
    if order == identity and all(other == identity for other in given):
        return merged_field(sources, in_shapes, outcome.output_shape, outcome.windows), None
    if any(other != order for other in given) or len(outcome.output_shape) != rank:
        return None, None  # different orders merged, or the axes reshaped (a flatten): not followed
    return _through_order(receptive_field(sources, None), order, in_shapes[0], outcome), order


def _through_order(
    field: ReceptiveField | None, order: Order, shape: Shape, outcome: Outcome
) -> ReceptiveField | None:
    """``field`` through a layer on a tensor whose axes are in ``order`` (see :func:`ordered_field`)."""
    if field is None:
        return None
    elementwise = not outcome.params and not outcome.macs and outcome.windows is None
    keeps = outcome.keeps_first_axis or (elementwise and outcome.output_shape[0] == shape[0])
    if order[0] != 0 and not keeps:
        return None
    size, jump, start = list(field.size), list(field.jump), list(field.start)
    for position, window in enumerate(outcome.windows or (), start=1):
        axis = order[position] - 1 if position < len(order) else -1  # −1: the channels are there
        if axis >= 0:
            size[axis], jump[axis], start[axis] = _through(window, size[axis], jump[axis], start[axis])
    return ReceptiveField(tuple(size), tuple(jump), tuple(start))


def _keeps_field(window: ReceptiveWindow) -> bool:
    """A window that leaves the field as it is (:func:`_through` gives back its size, jump and
    start): one pixel wide, of stride 1, unpadded, not transposed."""
    return window.kernel == 1 and window.stride == 1 and window.pad_before == 0 and not window.transposed


def _size_on(field: ReceptiveField, axis: int) -> Exact:
    return field.size[axis] if axis < len(field.size) else 0


def _through(window: ReceptiveWindow, r: Exact, j: Exact, c: Exact) -> tuple[Exact, Exact, Exact]:
    k, d = window.kernel, window.dilation
    if window.transposed:
        return f.transposed_receptive_field(r, j, c, k, int(window.stride), int(window.pad_before), d)
    return (
        f.receptive_field_size(r, k, j, d),
        f.receptive_field_jump(j, window.stride),
        f.receptive_field_start(c, k, window.pad_before, j, d),
    )


# --- where a framework refuses a sliding window ------------------------------------------------


def any_above_one(value: int | tuple[int, ...]) -> bool:
    return value > 1 if isinstance(value, int) else any(v > 1 for v in value)


def pytorch_strided_same(layer: Any, convention: Convention | None, shape: Shape) -> Any:
    """A conv's Prepare: ``nn.Conv2d`` refuses ``padding='same'`` with a stride other than 1."""
    if convention == "pytorch" and layer.padding == "same" and any_above_one(layer.stride):
        raise Refused(said("error.pytorch_same_stride"), "padding", said("hint.pytorch_same"))
    return layer
