"""``--explain``: the engine's :class:`Step` records → the working, in the notation of the lecture notes.

``OH = (H + 2P − FH)/S + 1 = (32 + 2·0 − 5)/1 + 1 = 28`` — the symbolic formula, then the same
formula with the operands substituted, then the result the engine computed. The templates are the
kinds' own (each kind's ``KIND.working``, in its module, leaves out terms as the notes do:
``D(F − 1)`` only when the dilation is not 1, ``/G`` only when there are groups); this module picks
one by the Step's ``formula`` (:func:`step_text`), then writes a layer's working from its steps and
flags (:func:`layer_lines`) and a network's from its layers and totals (:func:`explain_lines`,
:func:`render_explain` styles it). Nothing here computes a size or a count: every number printed is an
operand or a result the engine recorded.
"""

from __future__ import annotations

from fractions import Fraction
from typing import cast

from rich.text import Text

from cnncalc import kinds
from cnncalc.engine.results import (
    DTYPE_BYTES,
    Dims,
    Exact,
    Flag,
    FoldedBlock,
    LayerResult,
    NetworkResult,
    ReceptiveField,
    Step,
    fold,
)
from cnncalc.kinds import kind_of
from cnncalc.kinds.base import Say, Template
from cnncalc.kinds.working import AXIS_SYMBOLS, decimal_text, input_symbols, window_quotient
from cnncalc.render.formatting import (
    FLAGGED_STYLE,
    batch_text,
    byte_text,
    count_text,
    layout_text,
    per_axis_text,
    shape_text,
)
from cnncalc.render.i18n import Lang, flag_text, t, written

INDENT = "   "

# formula → its template (a formula shared by kinds has one), from the kinds' workings as needed.
_TEMPLATES: dict[str, Template] = {}


def _template(formula: str) -> Template | None:
    """``formula``'s template: from the kinds loaded so far (a step comes from a layer, whose kind
    was loaded to validate it), else from every kind."""
    if formula not in _TEMPLATES:
        for kind in kinds.loaded():
            _TEMPLATES.update(kind.working.templates.items())
    if formula not in _TEMPLATES:
        for kind in kinds.KINDS:
            _TEMPLATES.update(kind.working.templates.items())
    return _TEMPLATES.get(formula)


def _say(lang: Lang) -> Say:
    """The sentences of render/i18n in ``lang``, for the kinds' templates."""

    def say(key: str, **fields: object) -> str:
        return t(key, lang, **fields)

    return say


# --- one Step → text ------------------------------------------------------------------------------


def step_text(step: Step, rank: int, lang: Lang) -> str:
    """One line of working for ``step``; ``rank`` is the layer's number of spatial dimensions."""
    template = _template(step.formula)
    if template is None:
        return f"{step.quantity} = {count_text(step.result)}"
    return template(step, rank, _say(lang))


# --- flags -----------------------------------------------------------------------------------------


def flag_lines(flag: Flag, step: Step | None, lang: Lang) -> list[str]:
    """What a flagged stride means, and the strides or paddings that would fit."""
    if flag.kind != "stride_does_not_fit" or flag.exact is None:
        return [f"⚠ {flag_text(flag, lang)}"]
    if step is not None and "P" in step.operands:
        _, fraction = window_quotient(step, "N", "F")
    elif step is not None and "P_before" in step.operands:
        o = step.operands
        kernel = str(o["F"]) if o.get("D", 1) == 1 else f"{o['D']}·({o['F']} − 1) − 1"
        fraction = f"({o['N']} + {o['P_before']} + {o['P_after']} − {kernel})/{o['S']}"
    else:
        fraction = decimal_text(flag.exact - 1)
    lines = [t("does_not_fit", lang, fraction=fraction)]
    suggestions = []
    if flag.fitting_strides:
        values = ", ".join(f"S = {s}" for s in flag.fitting_strides)
        suggestions.append(t("fitting_strides", lang, values=values))
    if step is not None and "S" in step.operands and "P" in step.operands:
        if flag.fitting_paddings:
            values = ", ".join(f"P = {p}" for p in flag.fitting_paddings)
            suggestions.append(t("fitting_paddings", lang, stride=step.operands["S"], values=values))
        else:
            suggestions.append(t("no_fitting_padding", lang, stride=step.operands["S"]))
    if suggestions:
        lines.append("  " + "; ".join(suggestions))
    return lines


def flagged_lines(layer: LayerResult, lang: Lang) -> list[str]:
    """A flagged layer's non-fitting step (once per distinct fraction) and what would fit."""
    rank = max(len(layer.input_shape) - 1, 1)
    steps = {step.axis: step for step in layer.steps if step.quantity == "output_size"}
    lines: list[str] = []
    seen: set[Fraction | None] = set()
    for flag in layer.warnings:
        if flag.kind in LAYOUT_WARNINGS:
            first, *readings = layout_warning_lines(flag, lang, layer.input_order)
            lines += [first.removeprefix("⚠ "), *readings]
            continue
        if flag.exact in seen:
            continue
        seen.add(flag.exact)
        step = steps.get(flag.axis)
        if step is None:
            lines.append(f"⚠ {flag_text(flag, lang)}")
            continue
        lines.append(step_text(step, rank, lang))
        lines += flag_lines(flag, step, lang)[1:]
    return lines


# Warnings about what the input or a dense layer's input means (cnncalc.engine.calculator).
LAYOUT_WARNINGS = ("input_channels_last", "input_channels_first", "input_batch", "dense_not_flat")


def layout_warning_lines(flag: Flag, lang: Lang, order: tuple[int, ...] | None = None) -> list[str]:
    """The warning, and for a dense layer each reading's working (both readings' formulas);
    ``order``: the layer's input order (LayerResult.input_order), for the axes' symbols."""
    lines = [f"⚠ {flag_text(flag, lang)}"]
    working = flag.args.get("working")
    if isinstance(working, list):
        for reading in working:
            if "formula" in reading:
                step = Step("params", reading["formula"], reading["operands"], reading["result"])
                lines.append(f"  {written(reading['shape'])}: {step_text(step, reading['rank'], lang)}")
    if flag.kind == "dense_not_flat":
        a = flag.args
        dims = [str(size) for size in cast("Dims", a["shape"])]
        # C·H·W, or as a permute left the axes (H·W·C); past three spatial axes, the sizes.
        names = input_symbols(order, len(dims) - 1) if len(dims) <= 4 else None
        symbols, first, last = ("·".join(names), names[0], names[-1]) if names else ("·".join(dims), "C", "W")
        readings = (
            ("dense_reading_flatten", symbols, "·".join(dims), a["flatten"]),
            ("dense_reading_channels", first, a["channels"], a["channels_params"]),
            ("dense_reading_last_axis", last, a["last"], a["last_params"]),
        )
        for label, symbol, value, count in readings:
            symbolic, numbers = (
                (f"({symbol} + 1)·units", f"({value} + 1)·{a['units']}")
                if a["bias"]
                else (f"{symbol}·units", f"{value}·{a['units']}")
            )
            counted = f"{symbolic} = {numbers} = {written(count)}"
            lines.append(f"  {t(label, lang)}: {t('params', lang)} = {counted}")
    return lines


def note_line(flag: Flag, layer: LayerResult, lang: Lang) -> str | None:
    if flag.kind == "dense_reading":
        return flag_text(flag, lang)
    if flag.kind == "dense_per_position":
        return t("dense_per_position", lang, shape=shape_text(layer.input_shape))
    if flag.kind == "same_padding_asymmetric":
        return None  # the 'same' step already says which side got the extra padding
    return flag_text(flag, lang)


# --- one layer -------------------------------------------------------------------------------------


def layer_header(layer: LayerResult, lang: Lang) -> str:
    return t(
        "layer_header",
        lang,
        index=layer.index,
        name=layer.name,
        type=layer.type,
        input=shape_text(layer.input_shape),
        output=shape_text(layer.output_shape),
    )


def shape_line(layer: LayerResult, lang: Lang) -> str:
    """``output = FN×OH×OW = 6×28×28``: where each axis of the output shape comes from."""
    rank = len(layer.output_shape) - 1
    label = t("output_shape", lang)
    working = kind_of(layer.layer).working
    if rank < 1 or rank > 3 or not working.axes_shown:
        return f"{label} = {shape_text(layer.output_shape)}"
    channel = working.channel_symbol
    axes = "×".join(out for out, _, _ in AXIS_SYMBOLS[rank])
    return f"{label} = {channel}×{axes} = {shape_text(layer.output_shape)}"


def steps_lines(layer: LayerResult, quantity: str, lang: Lang) -> list[str]:
    """The working of one quantity (``output_size``, ``params``, ``macs``) of a layer, flags included."""
    rank = max(len(layer.input_shape) - 1, 1)
    lines: list[str] = []
    for step in layer.steps:
        if step.quantity != quantity:
            continue
        lines.append(step_text(_in_its_order(step, layer), rank, lang))
        if quantity == "output_size":
            for flag in layer.warnings:
                if flag.axis == step.axis:
                    lines += [line for line in flag_lines(flag, step, lang) if line not in lines]
    if quantity == "params":
        lines += _params_extras(layer, lang)
    return lines


def _in_its_order(step: Step, layer: LayerResult) -> Step:
    """``step`` with its input's order when a permute moved the axes, for the symbols it writes."""
    return step if layer.input_order is None else step._replace(input_order=layer.input_order)


def _params_extras(layer: LayerResult, lang: Lang) -> list[str]:
    extras = kind_of(layer.layer).working.params_extras
    return extras(layer, _say(lang)) if extras is not None else []


def layer_lines(layer: LayerResult, lang: Lang, *, rf: bool = False, dtype: str | None = None) -> list[str]:
    """Every line of working of one layer, without its header; ``rf`` adds its receptive field,
    ``dtype`` its output's memory at that precision."""
    lines = steps_lines(layer, "output_size", lang)
    lines += steps_lines(layer, "params", lang)
    lines += steps_lines(layer, "macs", lang)
    for flag in layer.warnings:
        if flag.kind in LAYOUT_WARNINGS:
            lines += layout_warning_lines(flag, lang, layer.input_order)
    for flag in layer.notes:
        note = note_line(flag, layer, lang)
        if note and note not in lines:
            lines.append(note)
    if not lines:
        lines.append(_shape_only(layer, lang))
    return lines + option_lines(layer, lang, rf=rf, dtype=dtype)


def option_lines(layer: LayerResult, lang: Lang, *, rf: bool = False, dtype: str | None = None) -> list[str]:
    """What ``--rf`` and ``--dtype`` add to a layer's working: the field it sees, its memory."""
    lines = []
    if rf and layer.receptive_field is not None:
        lines.append(field_line(layer.receptive_field, lang))
    if dtype is not None:
        lines.append(memory_line(layer, dtype, lang))
    return lines


def field_line(field: ReceptiveField, lang: Lang) -> str:
    """``receptive field = 5×5, jump = 1, start = 2``: the input pixels one output sees, the
    input step between neighbouring outputs, and the centre of the first output's field."""

    def axes(values: tuple[Exact, ...]) -> str:
        return "×".join(per_axis_text((value,)) for value in values)

    return t(
        "explain.receptive_field",
        lang,
        size=axes(field.size),
        jump=per_axis_text(field.jump),
        start=per_axis_text(field.start),
    )


def memory_line(layer: LayerResult, dtype: str, lang: Lang) -> str:
    """``memory (int8) = 6·28·28 · 1 B = 4,704 B = 4.6 KiB``: the output's elements × bytes each."""
    size = DTYPE_BYTES[dtype]
    total = layer.memory_bytes(size)
    text = t(
        "explain.memory",
        lang,
        dtype=dtype,
        elements=_elements(layer),
        size=size,
        total=count_text(total),
    )
    shown = byte_text(total)
    return text if shown.endswith(" B") else f"{text} = {shown}"


def _elements(layer: LayerResult) -> str:
    """``6·28·28``; a split's parts ``(58·28·28 + 58·28·28)``."""
    products = ["·".join(map(str, shape)) for shape in layer.output_shapes or (layer.output_shape,)]
    return products[0] if len(products) == 1 else f"({' + '.join(products)})"


def _shape_only(layer: LayerResult, lang: Lang) -> str:
    if layer.type in ("global_avgpool", "global_maxpool"):
        return t("global_pool", lang)
    if layer.type in ("adaptive_avgpool", "adaptive_maxpool"):
        return t("adaptive_pool", lang, size=shape_text(layer.output_shape[1:]))
    if layer.input_shape == layer.output_shape and layer.params == 0:
        return t("unchanged", lang)
    return t("no_params", lang)


# --- a whole network -------------------------------------------------------------------------------


# a network total (its attribute on the network) → the layer attribute it sums
_TOTALS = {
    "total_params": "params",
    "trainable_params": "trainable_params",
    "non_trainable_params": "non_trainable_params",
    "total_macs": "macs",
}


def total_line(result: NetworkResult, quantity: str, lang: Lang) -> str:
    """``total params = 156 + 2,416 + … = 61,706``: the non-zero layer values the total adds up."""
    layer_attribute = _TOTALS[quantity]
    total: int = getattr(result, quantity)
    values: list[int] = [getattr(layer, layer_attribute) for layer in result.layers]
    return _sum_line(t(quantity, lang), values, total)


def shape_trail(result: NetworkResult, lang: Lang) -> str:
    """``1×32×32 → 6×28×28 → … → 10×1×1``: how the output shape came about."""
    shapes = [shape_text(result.input_shape)]
    for layer in result.layers:
        text = shape_text(layer.output_shape)
        if text != shapes[-1]:
            shapes.append(text)
    return f"{t('shape_trail', lang)}: {' → '.join(shapes)}"


def explain_lines(
    result: NetworkResult,
    lang: Lang,
    *,
    rf: bool = False,
    dtype: str | None = None,
    depth: int | None = None,
) -> list[str]:
    """The whole working of a network, as plain lines: ``rf`` adds each layer's receptive field,
    ``dtype`` each layer's memory (and the totals'), ``depth`` folds deeper blocks into their sums."""
    lines = [
        t("working_title", lang, name=result.name),
        t("input", lang, shape=shape_text(result.input_shape)),
    ]
    if result.layout == "channels_last":
        lines[-1] += layout_text(result, lang, "layout_explain")
    for item in fold(result.layers, depth):
        if isinstance(item, FoldedBlock):
            lines += folded_lines(item, lang, rf=rf, dtype=dtype)
            continue
        lines.append(layer_header(item, lang))
        lines += [INDENT + line for line in layer_lines(item, lang, rf=rf, dtype=dtype)]
    lines.append(total_line(result, "total_params", lang))
    if result.non_trainable_params:
        lines.append(total_line(result, "trainable_params", lang))
        lines.append(total_line(result, "non_trainable_params", lang))
    lines.append(total_line(result, "total_macs", lang))
    lines.append(f"{t('network_output', lang)}: {shape_text(result.output_shape)}")
    size = DTYPE_BYTES[dtype or "float32"]
    if dtype is not None:
        params, activations = byte_text(result.param_bytes(size)), byte_text(result.activation_bytes(size))
        lines.append(t("table.memory", lang, dtype=dtype, params=params, activations=activations))
    if result.batch is not None:
        lines.append(batch_text(result, size, lang))
    return lines


def folded_lines(block: FoldedBlock, lang: Lang, *, rf: bool = False, dtype: str | None = None) -> list[str]:
    """A block folded by ``--depth``, as its table row: one header, the sums of its layers'
    parameters and MACs, the field and memory of its output, and every warning inside it."""
    first, last = block.layers[0], block.last
    header = t(
        "layer_header",
        lang,
        index=f"{first.index}–{last.index}",
        name=f"▸ {block.name}",
        type=block.label,
        input=shape_text(first.input_shape),
        output=shape_text(last.output_shape),
    )
    lines = [
        _sum_line(t("params", lang), [layer.params for layer in block.layers], block.params),
        _sum_line(t("macs", lang), [layer.macs for layer in block.layers], block.macs),
        t("explain.folded", lang, count=len(block.layers)),
    ]
    for layer in block.layers:  # a warning is never folded away
        head, *more = flagged_lines(layer, lang) or [""]
        if head:
            lines += [
                f"⚠ {layer.index}. {layer.name}: {head.removeprefix('⚠ ')}",
                *(INDENT + m for m in more),
            ]
    lines += option_lines(last, lang, rf=rf, dtype=dtype)
    return [header, *(INDENT + line for line in lines)]


def _sum_line(label: str, values: list[int], total: int) -> str:
    """``label = 156 + 2,416 = 2,572``: the non-zero values a total adds up."""
    parts = [count_text(value) for value in values if value]
    if len(parts) <= 1:
        return f"{label} = {count_text(total)}"
    return f"{label} = {' + '.join(parts)} = {count_text(total)}"


def render_explain(lines: list[str]) -> Text:
    """The working (:func:`explain_lines`) as a rich Text: headers bold, flagged lines yellow."""
    text = Text()
    for number, line in enumerate(lines):
        if number:
            text.append("\n")
        style = None
        if number == 0:
            style = "bold"
        elif line.lstrip().startswith("⚠"):
            style = FLAGGED_STYLE
        elif not line.startswith(INDENT) and line[:1].isdigit():
            style = "bold"
        text.append(line, style=style)
    return text
