"""One-off calculations without a spec file: ``cnncalc conv``, ``pool`` and ``solve``.

The command-line values become a one-layer :class:`Spec`, validated by the same models and
computed by the same engine as any spec, so a one-off can never disagree with a spec file.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import ValidationError

from cnncalc.engine.calculator import calculate
from cnncalc.engine.results import LayerResult
from cnncalc.errors import CnncalcError, LayerError, Problem
from cnncalc.spec.models import MAX_SIZE, Spec

_SEPARATORS = re.compile(r"\s*[x×X,*]\s*")


class OptionError(CnncalcError):
    """A command-line value that cannot be used, named by its option."""

    def __init__(self, option: str, message: str, hint: str | None = None) -> None:
        super().__init__([Problem(message, file=option, hint=hint)])


def parse_sizes(text: str, option: str, minimum: int = 1) -> tuple[int, ...]:
    """``'32'`` → ``(32,)``; ``'224x224x3'`` → ``(224, 224, 3)`` (also ``×`` or ``,``).

    >>> parse_sizes("224x224x3", "--input")
    (224, 224, 3)
    """
    parts = _SEPARATORS.split(text.strip())
    if not text.strip() or not all(part.isdigit() for part in parts) or len(parts) > 4:
        raise OptionError(option, f"expected a size such as 32 or 32x32, got {text!r}")
    sizes = tuple(int(part) for part in parts)
    if any(size < minimum for size in sizes):
        noun = "positive" if minimum == 1 else "non-negative"
        raise OptionError(option, f"every size must be {noun}, got {text!r}")
    if any(size > MAX_SIZE for size in sizes):
        raise OptionError(option, f"every size must be ≤ {MAX_SIZE:,}, got {text!r}")
    return sizes


def input_shape(text: str, channels: int | None, channels_last: bool) -> tuple[int, ...]:
    """The channels-first input shape from ``--input``, ``--channels`` and ``--channels-last``."""
    sizes = parse_sizes(text, "--input")
    if channels_last:
        if len(sizes) < 2:
            raise OptionError(
                "--input", "with --channels-last, give the sizes then the channels, e.g. 224x224x3"
            )
        spatial, last = sizes[:-1], sizes[-1]
        if channels is not None and channels != last:
            raise OptionError("--channels", f"{channels} disagrees with the input's last size {last}")
        channels = last
    else:
        spatial = sizes
    if len(spatial) > 3:
        raise OptionError("--input", f"at most 3 spatial sizes, got {len(spatial)}")
    return (channels or 1, *spatial)


def per_dim(text: str, option: str, minimum: int = 1) -> int | list[int]:
    sizes = parse_sizes(text, option, minimum)
    return sizes[0] if len(sizes) == 1 else list(sizes)


def padding_value(text: str) -> int | list[int] | str:
    if text.strip().lower() in ("same", "valid"):
        return text.strip().lower()
    return per_dim(text, "--padding", minimum=0)


def conv_layer(
    size: str,
    channels: int | None,
    channels_last: bool,
    kernel: str,
    stride: str,
    padding: str,
    dilation: str,
    filters: int,
    groups: int,
    bias: bool,
) -> LayerResult:
    """``cnncalc conv``: the options as given on the command line → the computed layer."""
    shape = input_shape(size, channels, channels_last)
    layer = {
        "type": "conv",
        "filters": filters,
        "kernel": per_dim(kernel, "--kernel"),
        "stride": per_dim(stride, "--stride"),
        "padding": padding_value(padding),
        "dilation": per_dim(dilation, "--dilation"),
        "groups": groups,
        "bias": bias,
    }
    return compute_layer(shape, layer)


def pool_layer(
    size: str,
    channels: int | None,
    channels_last: bool,
    kernel: str,
    stride: str | None,
    padding: str,
    ceil_mode: bool,
    average: bool,
) -> LayerResult:
    """``cnncalc pool``: the options as given on the command line → the computed layer."""
    shape = input_shape(size, channels, channels_last)
    layer: dict[str, Any] = {
        "type": "avgpool" if average else "maxpool",
        "kernel": per_dim(kernel, "--kernel"),
        "padding": padding_value(padding),
        "ceil_mode": ceil_mode,
    }
    if stride is not None:  # else the kernel, as in every framework
        layer["stride"] = per_dim(stride, "--stride")
    return compute_layer(shape, layer)


def compute_layer(shape: tuple[int, ...], layer: dict[str, Any]) -> LayerResult:
    """A one-layer network on ``shape``, computed by the engine; problems name the options."""
    try:
        spec = Spec.model_validate({"input": list(shape), "layers": [layer]})
    except ValidationError as exc:
        raise _option_errors(exc) from None
    try:
        return calculate(spec, layer["type"]).layers[0]
    except LayerError as exc:
        problem = exc.problems[0]
        field = str(problem.loc[-1]) if len(problem.loc) > 2 else "kernel"
        raise OptionError(_option(field), problem.message, problem.hint) from None


def _option(field: str) -> str:
    return "--" + field.replace("_", "-")


def _option_errors(exc: ValidationError) -> CnncalcError:
    """pydantic's errors, one per option: ``('layers', 0, 'conv', 'filters')`` is ``--filters``."""
    problems: dict[str, Problem] = {}
    for error in exc.errors(include_url=False):
        loc = error["loc"]
        if loc and loc[0] == "layers" and len(loc) > 3:
            option = _option(str(loc[3]))
        elif loc and loc[0] == "layers":
            option = "--type"
        else:
            option = "--input"
        problems.setdefault(option, Problem(str(error["msg"]).rstrip(".").lower(), file=option))
    return CnncalcError(list(problems.values()))
