"""What the pooling kinds share: the sliding pool (max and average), the pools over the whole
input or to a fixed size, and where the frameworks count pooling differently.

The arithmetic is :mod:`cnncalc.engine.formulas`; the sliding window is
:func:`cnncalc.engine.windows.windowed_sizes`, as for a convolution.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from cnncalc.engine import formulas as f
from cnncalc.engine.outcome import Adjusted, Formula, Invalid, Outcome, ReceptiveWindow, Refused
from cnncalc.engine.results import FlooredSizes, RoundedUp, RoundedUpSizes, Shape, Step, make_flag
from cnncalc.engine.windows import per_axis, spatial, whole, windowed_sizes
from cnncalc.errors import said

if TYPE_CHECKING:
    from cnncalc.spec.fields import Convention


class PoolFormula(Formula):
    SUBSAMPLING_PARAMS = "subsampling_params"  # 2·C: LeNet-5's trainable subsampling


def pool_outcome(layer: Any, shape: Shape, dilation_field: int | tuple[int, ...], whole_3d: bool) -> Outcome:
    """A sliding pool; ``stride`` defaults to the kernel. ``whole_3d``: a 3-D window must fit
    the input (PyTorch's AvgPool3d refuses a larger one)."""
    sizes_in = spatial(shape, layer.type)
    rank, channels = len(sizes_in), shape[0]
    kernel = per_axis(layer.kernel, rank, "kernel")
    stride = kernel if layer.stride is None else per_axis(layer.stride, rank, "stride")
    dilation = per_axis(dilation_field, rank, "dilation")
    if isinstance(layer.padding, (int, tuple)):
        for axis, p in enumerate(per_axis(layer.padding, rank, "padding")):
            # PyTorch checks the kernel itself, not its dilated span: padding ≤ ⌊F/2⌋.
            if p > kernel[axis] // 2:
                raise Invalid(
                    said("error.pool_padding", p=p, kernel=kernel[axis]), "padding", said("hint.pool_padding")
                )
    if whole_3d and rank == 3 and layer.padding != "same":
        for axis, (n, k) in enumerate(zip(sizes_in, kernel, strict=True)):
            if n < k:
                raise Invalid(
                    said("error.avgpool3d_small", n=n, k=k, axis=axis + 1),
                    "kernel",
                    said("hint.avgpool3d_small"),
                )
    if layer.ceil_mode and layer.padding == "same":
        raise Invalid(said("error.ceil_same"), "ceil_mode")
    sizes, steps, warnings, notes, windows = windowed_sizes(
        sizes_in, kernel, stride, layer.padding, dilation, layer.ceil_mode
    )
    params = 0
    if layer.trainable:
        params = f.subsampling_param_count(channels)
        steps.append(Step("params", PoolFormula.SUBSAMPLING_PARAMS, {"C": channels}, params))
    return Outcome((channels, *sizes), params, None, 0, tuple(steps), tuple(warnings), tuple(notes), windows)


def pool_prepare(layer: Any, convention: Convention | None, shape: Shape) -> Any:
    """PyTorch's pools have no 'same'; Caffe's round up (as ``ceil_mode``)."""
    if convention == "pytorch" and layer.padding == "same":
        raise Refused(said("error.pytorch_pool_same"), "padding", said("hint.pytorch_same"))
    if convention == "caffe" and not layer.ceil_mode and layer.padding != "same":
        return layer.model_copy(update={"ceil_mode": True})
    return layer


def pool_adjust(layer: Any, shape: Shape, outcome: Outcome, convention: Convention | None) -> Adjusted:
    """Under Caffe, one note for the axes where rounding up gave more than the others' floor."""
    if convention != "caffe":
        return Adjusted(outcome)
    rounded: list[RoundedUp] = []
    floors: list[int] = []
    for step in outcome.steps:
        if step.quantity != "output_size" or step.exact is None or step.axis is None:
            continue
        floored = math.floor(step.exact)
        if step.result != floored:
            ops = step.operands
            rounded.append(RoundedUp(ops["N"], ops.get("P", 0), ops["F"], ops["S"], step.result))
            floors.append(floored)
    if not rounded:
        return Adjusted(outcome)
    args = {"shown": RoundedUpSizes(rounded), "floor": FlooredSizes(floors)}
    note = make_flag("convention", args, "flag.convention.caffe_pool")
    return Adjusted(outcome._replace(notes=(*outcome.notes, note)))


def global_pool_outcome(layer: Any, shape: Shape) -> Outcome:
    """Over every spatial position: ``[C, H, W]`` → ``[C]``."""
    return Outcome((shape[0],), windows=whole(spatial(shape, layer.type)))


def adaptive_pool_outcome(layer: Any, shape: Shape) -> Outcome:
    """To a fixed ``output_size``, as PyTorch's AdaptiveAvgPool and AdaptiveMaxPool."""
    sizes_in = spatial(shape, layer.type)
    sizes = per_axis(layer.output_size, len(sizes_in), "output_size")
    # PyTorch's windows run from ⌊i·N/out⌋ to ⌈(i + 1)·N/out⌉, N/out apart: the first is ⌈N/out⌉
    # wide, and the field is the first output's (a later window may be one wider when out ∤ N).
    windows = tuple(
        ReceptiveWindow(-(-n // out), f.exact(Fraction(n, out)))
        for n, out in zip(sizes_in, sizes, strict=True)
    )
    return Outcome((shape[0], *sizes), windows=windows)
