"""``--explain``: the engine's :class:`Step` records → the working, in the notation of the lecture notes.

``OH = (H + 2P − FH)/S + 1 = (32 + 2·0 − 5)/1 + 1 = 28`` — the symbolic formula, then the same
formula with the operands substituted, then the result the engine computed. A template is chosen by
the Step's ``formula`` key; terms that do not matter are left out as the notes leave them out
(``D(F − 1)`` only when the dilation is not 1, ``/G`` only when there are groups). Nothing here
computes a size or a count: every number printed is an operand or a result the engine recorded.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction

from rich.text import Text

from cnncalc.engine.results import (
    DTYPE_BYTES,
    Exact,
    Flag,
    FoldedBlock,
    LayerResult,
    NetworkResult,
    ReceptiveField,
    Step,
    fold,
)
from cnncalc.render.formatting import (
    FLAGGED_STYLE,
    batch_text,
    byte_text,
    count_text,
    layout_text,
    per_axis_text,
    shape_text,
)
from cnncalc.render.i18n import Lang, flag_text, t

INDENT = "   "

# (output, input, kernel) symbols per spatial axis, by the number of spatial dimensions.
AXIS_SYMBOLS: dict[int, tuple[tuple[str, str, str], ...]] = {
    1: (("O", "N", "F"),),
    2: (("OH", "H", "FH"), ("OW", "W", "FW")),
    3: (("OD", "ID", "FD"), ("OH", "H", "FH"), ("OW", "W", "FW")),
}
_SIDES: dict[int, tuple[tuple[str, str], ...]] = {
    1: (("side_left", "side_right"),),
    2: (("side_top", "side_bottom"), ("side_left", "side_right")),
    3: (("side_front", "side_back"), ("side_top", "side_bottom"), ("side_left", "side_right")),
}
_KERNEL_KEYS = ("FD", "FH", "FW", "F")
_OUT_KEYS = ("OD", "OH", "OW", "O")
_IN_KEYS = ("ID", "H", "W", "N")


def decimal_text(value: Fraction) -> str:
    """``7/3`` → ``2.33…``; ``221/4`` → ``55.25``; a whole number → itself.

    >>> decimal_text(Fraction(7, 3)), decimal_text(Fraction(221, 4)), decimal_text(Fraction(5))
    ('2.33…', '55.25', '5')
    """
    if value.denominator == 1:
        return str(value.numerator)
    hundredths = value * 100
    if hundredths.denominator == 1:
        return f"{float(value):.2f}".rstrip("0")
    return f"{math.floor(hundredths) / 100:.2f}…"


# --- one Step → text ------------------------------------------------------------------------------


def step_text(step: Step, rank: int, lang: Lang) -> str:
    """One line of working for ``step``; ``rank`` is the layer's number of spatial dimensions."""
    template = _TEMPLATES.get(step.formula)
    if template is None:
        return f"{step.quantity} = {count_text(step.result)}"
    return template(step, rank, lang)


def _symbols(step: Step, rank: int) -> tuple[str, str, str]:
    axes = AXIS_SYMBOLS.get(rank, AXIS_SYMBOLS[1])
    axis = step.axis if step.axis is not None and step.axis < len(axes) else 0
    return axes[axis]


def _lhs(out: str, lang: Lang) -> str:
    return f"{t('output_prefix', lang)}{out}"


def _window_quotient(step: Step, n_sym: str, f_sym: str) -> tuple[str, str]:
    """``(H + 2P − FH)/S`` and ``(32 + 2·0 − 5)/1``: the output-size formula up to its ``+ 1``."""
    o = step.operands
    n, f, s, p, d = o["N"], o["F"], o["S"], o["P"], o.get("D", 1)
    if d == 1:
        return f"({n_sym} + 2P − {f_sym})/S", f"({n} + 2·{p} − {f})/{s}"
    return f"({n_sym} + 2P − D({f_sym} − 1) − 1)/S", f"({n} + 2·{p} − {d}·({f} − 1) − 1)/{s}"


def conv_output_numbers(step: Step) -> str:
    """``(7 + 2·1 − 3)/1 + 1 = 7``: a conv_output Step with its operands, and its result."""
    _, numbers = _window_quotient(step, "N", "F")
    return f"{numbers} + 1 = {step.result}"


def _conv_output(step: Step, rank: int, lang: Lang) -> str:
    out, n_sym, f_sym = _symbols(step, rank)
    symbolic, numbers = _window_quotient(step, n_sym, f_sym)
    symbolic, numbers = f"{symbolic} + 1", f"{numbers} + 1"
    exact = step.exact
    if exact is not None and exact.denominator != 1:
        value = f"{exact.numerator}/{exact.denominator} = {decimal_text(exact)} → "
        value += t("floored", lang, floor=step.result)
        return f"{_lhs(out, lang)} = {symbolic} = {numbers} = {value}"
    return f"{_lhs(out, lang)} = {symbolic} = {numbers} = {step.result}"


def _pool_ceil_output(step: Step, rank: int, lang: Lang) -> str:
    out, n_sym, f_sym = _symbols(step, rank)
    symbolic, numbers = _window_quotient(step, n_sym, f_sym)
    symbolic, numbers = f"⌈{symbolic}⌉ + 1", f"⌈{numbers}⌉ + 1"
    ceiled = math.ceil(step.exact) if step.exact is not None else step.result
    line = f"{_lhs(out, lang)} = {symbolic} = {numbers} = {ceiled}"
    if ceiled != step.result:
        line += f"; {t('ceil_dropped', lang, ceil=ceiled, result=step.result)}"
    return line


def _same_output(step: Step, rank: int, lang: Lang) -> str:
    o = step.operands
    out, n_sym, _ = _symbols(step, rank)
    line = f"{_lhs(out, lang)} = ⌈{n_sym}/S⌉ = ⌈{o['N']}/{o['S']}⌉ = {step.result}"
    sides = _SIDES.get(rank, _SIDES[1])
    axis = step.axis if step.axis is not None and step.axis < len(sides) else 0
    before_key, after_key = sides[axis]
    padding = t(
        "same_padding",
        lang,
        before=o["P_before"],
        after=o["P_after"],
        side_before=t(before_key, lang),
        side_after=t(after_key, lang),
    )
    return f"{line}; {padding}"


def _conv_transpose_output(step: Step, rank: int, lang: Lang) -> str:
    o = step.operands
    out, n_sym, f_sym = _symbols(step, rank)
    n, f, s, p, op, d = o["N"], o["F"], o["S"], o["P"], o.get("OP", 0), o.get("D", 1)
    extra_sym, extra_num = (" + output_padding", f" + {op}") if op else ("", "")
    if d == 1:
        symbolic = f"({n_sym} − 1)·S − 2P + {f_sym}{extra_sym}"
        numbers = f"({n} − 1)·{s} − 2·{p} + {f}{extra_num}"
    else:
        symbolic = f"({n_sym} − 1)·S − 2P + D({f_sym} − 1){extra_sym} + 1"
        numbers = f"({n} − 1)·{s} − 2·{p} + {d}·({f} − 1){extra_num} + 1"
    return f"{_lhs(out, lang)} = {symbolic} = {numbers} = {step.result}"


def _transpose_same_output(step: Step, rank: int, lang: Lang) -> str:
    out, n_sym, _ = _symbols(step, rank)
    return f"{_lhs(out, lang)} = {n_sym}·S = {step.operands['N']}·{step.operands['S']} = {step.result}"


def _zero_padding_output(step: Step, rank: int, lang: Lang) -> str:
    out, n_sym, _ = _symbols(step, rank)
    o = step.operands
    return f"{_lhs(out, lang)} = {n_sym} + 2P = {o['N']} + 2·{o['P']} = {step.result}"


def _flatten(step: Step, rank: int, lang: Lang) -> str:
    values = list(step.operands.values())
    names = {1: ("C",), 2: ("C", "N"), 3: ("C", "H", "W"), 4: ("C", "ID", "H", "W")}.get(
        len(values), tuple(f"d{i}" for i in range(len(values)))
    )
    label = t("output_shape", lang)
    return f"{label} = {'·'.join(names)} = {'·'.join(map(str, values))} = {count_text(step.result)}"


def _concat_channels(step: Step, rank: int, lang: Lang) -> str:
    o = step.operands
    return f"C = {' + '.join(o)} = {' + '.join(str(v) for v in o.values())} = {count_text(step.result)}"


def _kernel(o: dict[str, int]) -> tuple[str, str]:
    return _dims(o, _KERNEL_KEYS)


def _dims(o: dict[str, int], candidates: tuple[str, ...]) -> tuple[str, str]:
    keys = [k for k in candidates if k in o]
    return "·".join(keys), "·".join(str(o[k]) for k in keys)


def _result(step: Step) -> str:
    return count_text(step.result)


def _count_line(label: str, symbolic: str, numbers: str, step: Step, lang: Lang) -> str:
    """``params = (FH·FW·FC + 1)·FN = (5·5·1 + 1)·6 = 156``: formula, numbers put in, result."""
    return f"{t(label, lang)} = {symbolic} = {numbers} = {_result(step)}"


def _conv_params(step: Step, rank: int, lang: Lang) -> str:
    o = step.operands
    k_sym, k_num = _kernel(o)
    channels_sym, channels_num = ("FC/G", f"{o['C']}/{o['G']}") if o["G"] != 1 else ("FC", str(o["C"]))
    if o["bias"]:
        symbolic = f"({k_sym}·{channels_sym} + 1)·FN"
        numbers = f"({k_num}·{channels_num} + 1)·{o['FN']}"
    elif o["G"] != 1:
        symbolic = f"{k_sym}·({channels_sym})·FN"
        numbers = f"{k_num}·({channels_num})·{o['FN']}"
    else:
        symbolic = f"{k_sym}·{channels_sym}·FN"
        numbers = f"{k_num}·{channels_num}·{o['FN']}"
    return _count_line("params", symbolic, numbers, step, lang)


def _conv_transpose_params(step: Step, rank: int, lang: Lang) -> str:
    o = step.operands
    k_sym, k_num = _kernel(o)
    groups_sym, groups_num = ("/G", f"/{o['G']}") if o["G"] != 1 else ("", "")
    symbolic = f"FC·{k_sym}·FN{groups_sym}"
    numbers = f"{o['C']}·{k_num}·{o['FN']}{groups_num}"
    if o["bias"]:
        symbolic += " + FN"
        numbers += f" + {o['FN']}"
    return _count_line("params", symbolic, numbers, step, lang)


def _multiplier(o: dict[str, int]) -> tuple[str, str]:
    return ("FC·M", f"{o['C']}·{o['M']}") if o["M"] != 1 else ("FC", str(o["C"]))


def _depthwise_params(step: Step, rank: int, lang: Lang) -> str:
    o = step.operands
    k_sym, k_num = _kernel(o)
    m_sym, m_num = _multiplier(o)
    symbolic, numbers = f"{m_sym}·{k_sym}", f"{m_num}·{k_num}"
    if o["bias"]:
        symbolic += f" + {m_sym}"
        numbers += f" + {m_num}"
    return _count_line("params", symbolic, numbers, step, lang)


def _separable_params(step: Step, rank: int, lang: Lang) -> str:
    o = step.operands
    k_sym, k_num = _kernel(o)
    m_sym, m_num = _multiplier(o)
    symbolic = f"{m_sym}·{k_sym} + {m_sym}·FN"
    numbers = f"{m_num}·{k_num} + {m_num}·{o['FN']}"
    if o["bias"]:
        symbolic += " + FN"
        numbers += f" + {o['FN']}"
    return _count_line("params", symbolic, numbers, step, lang)


def _dense_params(step: Step, rank: int, lang: Lang) -> str:
    o = step.operands
    if o["bias"]:
        symbolic, numbers = "(in + 1)·units", f"({o['in']} + 1)·{o['units']}"
    else:
        symbolic, numbers = "in·units", f"{o['in']}·{o['units']}"
    return _count_line("params", symbolic, numbers, step, lang)


def _dense_flatten_params(step: Step, rank: int, lang: Lang) -> str:
    """``params = (C·H·W + 1)·units = (30·12·12 + 1)·100 = 432,100``: the flatten, then the dense."""
    o = step.operands
    dims = [value for key, value in o.items() if key.startswith("d")]
    symbols = {1: "C", 2: "C·N", 3: "C·H·W", 4: "C·ID·H·W"}.get(
        len(dims), "·".join(f"d{i}" for i in range(len(dims)))
    )
    numbers = "·".join(map(str, dims))
    if o["bias"]:
        return _count_line("params", f"({symbols} + 1)·units", f"({numbers} + 1)·{o['units']}", step, lang)
    return _count_line("params", f"{symbols}·units", f"{numbers}·{o['units']}", step, lang)


def _dense_last_axis_params(step: Step, rank: int, lang: Lang) -> str:
    """``params = (W + 1)·units = (12 + 1)·100 = 1,300``: nn.Linear reads the last axis only."""
    o = step.operands
    last = _symbols(Step("", "", {}, 0, axis=rank - 1), rank)[1]
    if o["bias"]:
        return _count_line("params", f"({last} + 1)·units", f"({o['in']} + 1)·{o['units']}", step, lang)
    return _count_line("params", f"{last}·units", f"{o['in']}·{o['units']}", step, lang)


def _batchnorm_params(step: Step, rank: int, lang: Lang) -> str:
    c = step.operands["C"]
    factor = 4 if step.operands.get("affine", 1) else 2
    return _count_line("params", f"{factor}·C", f"{factor}·{c}", step, lang)


def _batchnorm_params_pytorch(step: Step, rank: int, lang: Lang) -> str:
    c = step.operands["C"]
    if not step.operands.get("affine", 1):
        return f"{t('params', lang)} = 0 (affine=False)"
    return _count_line("params", "2·C", f"2·{c}", step, lang) + " (PyTorch: γ, β)"


def _prelu_params_pytorch(step: Step, rank: int, lang: Lang) -> str:
    return f"{t('params', lang)} = num_parameters = {_result(step)} (PyTorch nn.PReLU)"


def _prelu_params_keras(step: Step, rank: int, lang: Lang) -> str:
    o = step.operands
    if len(o) < 2:  # one axis kept (or none): nothing to multiply
        return f"{t('params', lang)} = {'·'.join(o) or '1'} = {_result(step)} (Keras PReLU)"
    symbolic, numbers = "·".join(o), "·".join(str(n) for n in o.values())
    return _count_line("params", symbolic, numbers, step, lang) + " (Keras PReLU)"


def _subsampling_params(step: Step, rank: int, lang: Lang) -> str:
    c = step.operands["C"]
    return _count_line("params", "2·C", f"2·{c}", step, lang) + f" ({t('subsampling', lang)})"


def _conv_macs(step: Step, rank: int, lang: Lang) -> str:
    o = step.operands
    out_sym, out_num = _dims(o, _OUT_KEYS)
    k_sym, k_num = _kernel(o)
    channels_sym, channels_num = ("(FC/G)", f"({o['C']}/{o['G']})") if o["G"] != 1 else ("FC", str(o["C"]))
    symbolic = f"FN·{out_sym}·{channels_sym}·{k_sym}"
    numbers = f"{o['FN']}·{out_num}·{channels_num}·{k_num}"
    return _count_line("macs", symbolic, numbers, step, lang)


def _conv_transpose_macs(step: Step, rank: int, lang: Lang) -> str:
    o = step.operands
    in_sym, in_num = _dims(o, _IN_KEYS)
    k_sym, k_num = _kernel(o)
    fn_sym, fn_num = ("(FN/G)", f"({o['FN']}/{o['G']})") if o["G"] != 1 else ("FN", str(o["FN"]))
    symbolic = f"FC·{in_sym}·{fn_sym}·{k_sym}"
    numbers = f"{o['C']}·{in_num}·{fn_num}·{k_num}"
    return _count_line("macs", symbolic, numbers, step, lang)


def _depthwise_macs(step: Step, rank: int, lang: Lang) -> str:
    o = step.operands
    out_sym, out_num = _dims(o, _OUT_KEYS)
    k_sym, k_num = _kernel(o)
    m_sym, m_num = _multiplier(o)
    symbolic, numbers = f"{m_sym}·{out_sym}·{k_sym}", f"{m_num}·{out_num}·{k_num}"
    return _count_line("macs", symbolic, numbers, step, lang)


def _separable_macs(step: Step, rank: int, lang: Lang) -> str:
    o = step.operands
    out_sym, out_num = _dims(o, _OUT_KEYS)
    k_sym, k_num = _kernel(o)
    m_sym, m_num = _multiplier(o)
    symbolic = f"{m_sym}·{out_sym}·{k_sym} + {m_sym}·FN·{out_sym}"
    numbers = f"{m_num}·{out_num}·{k_num} + {m_num}·{o['FN']}·{out_num}"
    return _count_line("macs", symbolic, numbers, step, lang)


def _dense_macs(step: Step, rank: int, lang: Lang) -> str:
    o = step.operands
    if o.get("positions", 1) != 1:
        symbolic, numbers = "in·units·positions", f"{o['in']}·{o['units']}·{o['positions']}"
    else:
        symbolic, numbers = "in·units", f"{o['in']}·{o['units']}"
    return _count_line("macs", symbolic, numbers, step, lang)


_TEMPLATES: dict[str, Callable[[Step, int, Lang], str]] = {
    "conv_output": _conv_output,
    "pool_ceil_output": _pool_ceil_output,
    "same_output": _same_output,
    "conv_transpose_output": _conv_transpose_output,
    "transpose_same_output": _transpose_same_output,
    "zero_padding_output": _zero_padding_output,
    "flatten": _flatten,
    "concat_channels": _concat_channels,
    "conv_params": _conv_params,
    "conv_transpose_params": _conv_transpose_params,
    "depthwise_params": _depthwise_params,
    "separable_params": _separable_params,
    "dense_params": _dense_params,
    "dense_flatten_params": _dense_flatten_params,
    "dense_last_axis_params": _dense_last_axis_params,
    "batchnorm_params": _batchnorm_params,
    "batchnorm_params_pytorch": _batchnorm_params_pytorch,
    "subsampling_params": _subsampling_params,
    "prelu_params_pytorch": _prelu_params_pytorch,
    "prelu_params_keras": _prelu_params_keras,
    "conv_macs": _conv_macs,
    "conv_transpose_macs": _conv_transpose_macs,
    "depthwise_macs": _depthwise_macs,
    "separable_macs": _separable_macs,
    "dense_macs": _dense_macs,
}


# --- flags -----------------------------------------------------------------------------------------


def flag_lines(flag: Flag, step: Step | None, lang: Lang) -> list[str]:
    """What a flagged stride means, and the strides or paddings that would fit."""
    if flag.kind != "stride_does_not_fit" or flag.exact is None:
        return [f"⚠ {flag_text(flag, lang)}"]
    if step is not None and "P" in step.operands:
        _, fraction = _window_quotient(step, "N", "F")
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
            first, *readings = layout_warning_lines(flag, lang)
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


def layout_warning_lines(flag: Flag, lang: Lang) -> list[str]:
    """The warning, and for a dense layer each reading's working (both readings' formulas)."""
    lines = [f"⚠ {flag_text(flag, lang)}"]
    working = flag.args.get("working")
    if isinstance(working, list):
        for reading in working:
            if "formula" in reading:
                step = Step("params", reading["formula"], reading["operands"], reading["result"])
                lines.append(f"  {reading['shape']}: {step_text(step, reading['rank'], lang)}")
    if flag.kind == "dense_not_flat":
        a = flag.args
        dims = str(a["shape"]).split("×")
        symbols = {2: "C·N", 3: "C·H·W", 4: "C·ID·H·W"}.get(len(dims), "·".join(dims))
        last = "N" if len(dims) == 2 else "W"
        readings = (
            ("dense_reading_flatten", symbols, "·".join(dims), a["flatten"]),
            ("dense_reading_channels", "C", a["channels"], a["channels_params"]),
            ("dense_reading_last_axis", last, a["last"], a["last_params"]),
        )
        for label, symbol, value, count in readings:
            symbolic, numbers = (
                (f"({symbol} + 1)·units", f"({value} + 1)·{a['units']}")
                if a["bias"]
                else (f"{symbol}·units", f"{value}·{a['units']}")
            )
            lines.append(f"  {t(label, lang)}: {t('params', lang)} = {symbolic} = {numbers} = {count}")
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


# the symbol of the output's channel axis, by layer type (others keep their input's channels, C)
_CHANNEL_SYMBOLS = {
    "conv": "FN",
    "conv_transpose": "FN",
    "separable_conv": "FN",
    "depthwise_conv": "C·M",
    "dense": "units",
}


def shape_line(layer: LayerResult, lang: Lang) -> str:
    """``output = FN×OH×OW = 6×28×28``: where each axis of the output shape comes from."""
    rank = len(layer.output_shape) - 1
    label = t("output_shape", lang)
    if rank < 1 or rank > 3 or layer.type == "flatten":
        return f"{label} = {shape_text(layer.output_shape)}"
    channel = _CHANNEL_SYMBOLS.get(layer.type, "C")
    axes = "×".join(out for out, _, _ in AXIS_SYMBOLS[rank])
    return f"{label} = {channel}×{axes} = {shape_text(layer.output_shape)}"


def steps_lines(layer: LayerResult, quantity: str, lang: Lang) -> list[str]:
    """The working of one quantity (``output_size``, ``params``, ``macs``) of a layer, flags included."""
    rank = max(len(layer.input_shape) - 1, 1)
    lines: list[str] = []
    for step in layer.steps:
        if step.quantity != quantity:
            continue
        lines.append(step_text(step, rank, lang))
        if quantity == "output_size":
            for flag in layer.warnings:
                if flag.axis == step.axis:
                    lines += [line for line in flag_lines(flag, step, lang) if line not in lines]
    if quantity == "params":
        lines += _params_extras(layer, lang)
    return lines


def _params_extras(layer: LayerResult, lang: Lang) -> list[str]:
    has_step = any(step.quantity == "params" for step in layer.steps)
    if layer.type == "batchnorm" and layer.buffers:
        return [
            t(
                "batchnorm_buffers",
                lang,
                trainable=count_text(layer.trainable_params),
                buffers=count_text(layer.buffers),
            )
        ]
    if layer.type == "batchnorm":
        return [
            t(
                "batchnorm_split",
                lang,
                trainable=count_text(layer.trainable_params),
                non_trainable=count_text(layer.non_trainable_params),
            )
        ]
    if not has_step and layer.type in ("maxpool", "avgpool"):
        return [t("no_params_pool", lang)]
    return []


def layer_lines(layer: LayerResult, lang: Lang, *, rf: bool = False, dtype: str | None = None) -> list[str]:
    """Every line of working of one layer, without its header; ``rf`` adds its receptive field,
    ``dtype`` its output's memory at that precision."""
    lines = steps_lines(layer, "output_size", lang)
    lines += steps_lines(layer, "params", lang)
    lines += steps_lines(layer, "macs", lang)
    for flag in layer.warnings:
        if flag.kind in LAYOUT_WARNINGS:
            lines += layout_warning_lines(flag, lang)
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
        elements="·".join(map(str, layer.output_shape)),
        size=size,
        total=count_text(total),
    )
    shown = byte_text(total)
    return text if shown.endswith(" B") else f"{text} = {shown}"


def _shape_only(layer: LayerResult, lang: Lang) -> str:
    if layer.type in ("global_avgpool", "global_maxpool"):
        return t("global_pool", lang)
    if layer.type in ("adaptive_avgpool", "adaptive_maxpool"):
        return t("adaptive_pool", lang, size=shape_text(layer.output_shape[1:]))
    if layer.input_shape == layer.output_shape and layer.params == 0:
        return t("unchanged", lang)
    return t("no_params", lang)


# --- a whole network -------------------------------------------------------------------------------


# a network total → (the layer attribute it sums, the network attribute that holds it)
_TOTALS = {
    "total_params": ("params", "total_params"),
    "trainable_params": ("trainable_params", "trainable_params"),
    "non_trainable_params": ("non_trainable_params", "non_trainable_params"),
    "total_macs": ("macs", "total_macs"),
}


def total_line(result: NetworkResult, quantity: str, lang: Lang) -> str:
    """``total params = 156 + 2,416 + … = 61,706``: the non-zero layer values the total adds up."""
    layer_attribute, total_attribute = _TOTALS[quantity]
    total: int = getattr(result, total_attribute)
    values: list[int] = [getattr(layer, layer_attribute) for layer in result.layers]
    return _sum_line(t(quantity, lang), values, total)


def shape_trail(result: NetworkResult, lang: Lang) -> str:
    """``1×32×32 → 6×28×28 → … → 10×1×1``: how the output shape came about."""
    shapes = [shape_text(result.input_shape)]
    for layer in result.layers:
        if shape_text(layer.output_shape) != shapes[-1]:
            shapes.append(shape_text(layer.output_shape))
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
    for item in fold(result.layers, depth) if depth is not None else result.layers:
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


def render_explain(
    result: NetworkResult,
    lang: Lang,
    *,
    rf: bool = False,
    dtype: str | None = None,
    depth: int | None = None,
) -> Text:
    """The working as a rich Text: headers bold, flagged lines yellow."""
    text = Text()
    for number, line in enumerate(explain_lines(result, lang, rf=rf, dtype=dtype, depth=depth)):
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
