"""``cnncalc conv`` and ``pool``: one layer from command-line values, no spec file needed.

The values become a one-layer :class:`Spec`, its layer validated as a spec file's is (by the
layer's own model alone) and computed by the same engine as any spec, so a one-off can never
disagree with a spec file.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import typer
from pydantic import ValidationError

from cnncalc import kinds
from cnncalc.cli import output
from cnncalc.cli.streams import EXIT_UNUSABLE
from cnncalc.engine.calculator import calculate
from cnncalc.errors import CnncalcError, LayerError, Problem, said
from cnncalc.lang import Lang
from cnncalc.render.oneoff import OneOff, render_oneoff
from cnncalc.spec.models import INPUT_SIZES, MAX_DIM, Spec, validate_layer

if TYPE_CHECKING:
    from cnncalc.engine.results import LayerResult

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
        raise OptionError(option, said("oneoff.bad_size", text=repr(text)))
    sizes = tuple(int(part) for part in parts)
    if any(size < minimum for size in sizes):
        code = "oneoff.not_positive" if minimum == 1 else "oneoff.not_non_negative"
        raise OptionError(option, said(code, text=repr(text)))
    if any(size > MAX_DIM for size in sizes):
        raise OptionError(option, said("oneoff.too_large", max=f"{MAX_DIM:,}", text=repr(text)))
    return sizes


def input_shape(
    text: str, channels: int | None, layout: str | None = None, dims: int = 2
) -> tuple[tuple[int, ...], str]:
    """The channels-first input shape from ``--input`` as the lecture notes write sizes, and how it
    was read (for the line under the header; the renderer words it).

    With ``dims`` spatial dimensions (``--dims``, default 2): one number N is N×N (a square image;
    N×N×N in 3-D, a length N in 1-D); ``dims`` numbers are the spatial sizes (``HxW``); one more is
    the channels, last as the notes write them (``HxWxC``, CS231n's 32x32x3), or first with
    ``layout="first"`` (``--channels-first``: ``3x32x32``). The channels are ``--channels`` or 1.

    >>> input_shape("32x32x3", None)[0]
    (3, 32, 32)
    >>> input_shape("32", None)[0]
    (1, 32, 32)
    """
    sizes = parse_sizes(text, "--input")
    if len(sizes) == dims + 1:
        return _with_channels(text, sizes, channels, layout, dims)
    if layout is not None:
        example = {1: "100x3", 2: "224x224x3", 3: "16x112x112x3"}[dims]
        if layout == "first":
            example = {1: "3x100", 2: "3x224x224", 3: "3x16x112x112"}[dims]
        raise OptionError(
            "--input",
            said("oneoff.layout_sizes", layout=layout, count=dims + 1, example=example),
        )
    if len(sizes) == 1:
        return (channels or 1, *sizes * dims), "square" if dims > 1 else "spatial"
    if len(sizes) == dims:
        return (channels or 1, *sizes), "spatial"
    more = "" if dims == 3 else said("oneoff.more_3d")
    raise OptionError(
        "--input",
        said(
            "oneoff.dims_sizes",
            dims=dims,
            forms=said(f"oneoff.forms{dims}"),
            count=len(sizes),
            text=text,
            more=more,
        ),
    )


def _with_channels(
    text: str, sizes: tuple[int, ...], channels: int | None, layout: str | None, dims: int
) -> tuple[tuple[int, ...], str]:
    """``--input`` with one size more than ``dims``: the channels, last or (``layout="first"``) first."""
    if layout is None and _looks_channels_first(sizes):
        first, rest = sizes[0], "x".join(str(s) for s in sizes[1:])
        raise OptionError(
            "--input",
            said(
                "oneoff.reads_as",
                text=text,
                notation=said(f"notation.last{dims}"),
                channels=sizes[-1],
                first=first,
                plural="s" if first != 1 else "",
                rest=rest,
                written=f"{rest}x{first}",
            ),
        )
    if layout == "first":
        given, spatial, how = sizes[0], sizes[1:], "channels_first"
    else:
        given, spatial, how = sizes[-1], sizes[:-1], "channels_last"
    if channels is not None and channels != given:
        raise OptionError("--channels", said("oneoff.channels_disagree", channels=channels, given=given))
    return (given or 1, *spatial), how


def _looks_channels_first(sizes: tuple[int, ...]) -> bool:
    """``3x32x32``: a first size of 1, 3 or 4 (grey, RGB, RGBA) before sizes more than four times it
    is C×H×W written the wrong way for the HxWxC reading. Wider than the engine's flag
    (:func:`cnncalc.engine.layout.looks_channels_first`, which also wants sides of at least 8): a
    one-off is refused with both readings, so a small ``1x5x5`` is asked about too."""
    return sizes[0] in (1, 3, 4) and all(size > 4 * sizes[0] for size in sizes[1:])


def per_dim(text: str, option: str, minimum: int = 1) -> int | list[int]:
    sizes = parse_sizes(text, option, minimum)
    return sizes[0] if len(sizes) == 1 else list(sizes)


def padding_value(text: str) -> int | list[int] | str:
    if text.strip().lower() in ("same", "valid"):
        return text.strip().lower()
    return per_dim(text, "--padding", minimum=0)


class InputOptions:
    """``--input``, ``--channels``, ``--dims`` and the layout flags, as given. A plain class: a
    NamedTuple's class is made by compiling its source, at every start of a one-off."""

    __slots__ = ("channels", "channels_first", "channels_last", "dims", "size")

    def __init__(
        self,
        size: str,
        channels: int | None = None,
        dims: int = 2,
        channels_last: bool = False,
        channels_first: bool = False,
    ) -> None:
        self.size = size
        self.channels = channels
        self.dims = dims
        self.channels_last = channels_last
        self.channels_first = channels_first

    def shape(self) -> tuple[tuple[int, ...], str]:
        if self.channels_last and self.channels_first:
            raise OptionError("--channels-first", said("oneoff.both_layouts"))
        layout = "last" if self.channels_last else "first" if self.channels_first else None
        shape, reading = input_shape(self.size, self.channels, layout, self.dims)
        return shape, reading


def conv_layer(
    given: InputOptions,
    kernel: str,
    stride: str,
    padding: str,
    dilation: str,
    filters: int,
    groups: int,
    bias: bool,
) -> OneOff:
    """``cnncalc conv``: the options as given on the command line → the computed layer."""
    shape, reading = given.shape()
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
    return OneOff(compute_layer(shape, layer), given.size.strip(), reading, given.dims)


def pool_layer(
    given: InputOptions,
    kernel: str,
    stride: str | None,
    padding: str,
    ceil_mode: bool,
    average: bool,
    trainable: bool = False,
) -> OneOff:
    """``cnncalc pool``: the options as given on the command line → the computed layer.

    ``trainable`` is LeNet-5's subsampling, an average pool with a coefficient and a bias per
    channel, as a spec's ``{type: avgpool, trainable: true}``.
    """
    shape, reading = given.shape()
    layer: dict[str, Any] = {
        "type": "avgpool" if average or trainable else "maxpool",
        "kernel": per_dim(kernel, "--kernel"),
        "padding": padding_value(padding),
        "ceil_mode": ceil_mode,
    }
    if trainable:
        layer["trainable"] = True
    if stride is not None:  # else the kernel, as in every framework
        layer["stride"] = per_dim(stride, "--stride")
    return OneOff(compute_layer(shape, layer), given.size.strip(), reading, given.dims)


def compute_layer(shape: tuple[int, ...], layer: dict[str, Any]) -> LayerResult:
    """A one-layer network on ``shape``, computed by the engine; problems name the options."""
    spec = one_layer_spec(shape, layer)
    try:
        return calculate(spec, layer["type"]).layers[0]
    except LayerError as exc:
        problem = exc.problems[0]
        field = str(problem.loc[-1]) if len(problem.loc) > 2 else "kernel"
        raise OptionError(_option(field), problem.message, problem.hint) from None


def one_layer_spec(shape: tuple[int, ...], layer: dict[str, Any]) -> Spec:
    """``validate_spec`` of the one-layer spec on ``shape``, its problems named by option.

    The spec's head is written here, channels first (no layout guess applies), and its input is
    valid whenever every size is (INPUT_SIZES of them, from 1 to MAX_DIM: an oversized ``--channels``
    is not): then only the layer is validated, by its kind's model, and the head model that
    ``validate_spec`` would build for these three fields is never made. Any problem goes to
    ``validate_spec`` itself, which reports it as for a spec file.
    """
    written = {"input": list(shape), "layout": "channels_first", "layers": [layer]}
    if len(shape) in INPUT_SIZES and all(1 <= size <= MAX_DIM for size in shape):
        try:
            checked = validate_layer(kinds.BY_NAME[layer["type"]].model, layer)
        except ValidationError:
            pass  # reported below, as validate_spec reports it
        else:
            fields = set(written)
            return Spec.model_construct(fields, input=list(shape), layout="channels_first", layers=[checked])
    from cnncalc.spec.lazy import validate_spec  # only for a problem

    try:
        return validate_spec(written)
    except ValidationError as exc:
        raise _option_errors(exc) from None


def _option(field: str) -> str:
    return "--" + field.replace("_", "-")


def _option_errors(exc: ValidationError) -> CnncalcError:
    """pydantic's errors (through the spec's one mapper), one per option, in pydantic's words:
    ``('layers', 0, 'conv', 'filters')`` is ``--filters``."""
    from cnncalc.spec.validate import map_errors, unmapped_message  # only on an error

    mapped = map_errors(
        exc.errors(include_url=False),
        "",
        lambda loc: None,
        lambda error, loc, kind: (unmapped_message(error), None),
        cap=None,
    )
    problems: dict[str, Problem] = {}
    for problem in mapped:
        loc = problem.loc
        if loc and loc[0] == "layers" and len(loc) > 2:
            option = _option(str(loc[2]))
        elif loc and loc[0] == "layers":
            option = "--type"
        else:
            option = "--input"
        problems.setdefault(option, Problem(problem.message, file=option))
    return CnncalcError(list(problems.values()))


def print_oneoff(compute: Callable[[], OneOff], lang: Lang | None) -> None:
    """The computed layer's working, or its problems (exit 2)."""
    try:
        computed = compute()
    except CnncalcError as exc:
        output.error(*exc.problems, lang=lang)
        raise typer.Exit(EXIT_UNUSABLE) from None
    output.console().print(render_oneoff(computed, output.chosen_lang(lang)))
