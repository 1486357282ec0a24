"""What the working of several kinds shares: the notes' symbols per axis, a sliding window's
output-size templates (conv and pool), and the ``label = formula = numbers = result`` line.

Nothing here computes a size or a count: every number written is an operand or a result the
engine recorded in a :class:`Step`. A template writes its words through ``say`` (render/i18n).
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import TYPE_CHECKING

from cnncalc.engine.pooling import PoolFormula
from cnncalc.engine.results import LayerResult, Step
from cnncalc.engine.windows import WindowFormula

if TYPE_CHECKING:  # for annotations only: `cnncalc solve` loads this module, and no kind
    from cnncalc.kinds.base import Formula, Say, Template

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
KERNEL_KEYS = ("FD", "FH", "FW", "F")
OUT_KEYS = ("OD", "OH", "OW", "O")
IN_KEYS = ("ID", "H", "W", "N")


def count(value: int) -> str:
    """``61706`` → ``61,706``, as every count is written."""
    return f"{value:,}"


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


def symbols(step: Step, rank: int) -> tuple[str, str, str]:
    """The (output, input, kernel) symbols of the step's axis."""
    return _spatial_symbols(step.axis, rank)


def _spatial_symbols(axis: int | None, rank: int) -> tuple[str, str, str]:
    axes = AXIS_SYMBOLS.get(rank, AXIS_SYMBOLS[1])
    return axes[axis if axis is not None and axis < len(axes) else 0]


def input_symbols(order: tuple[int, ...] | None, rank: int) -> list[str]:
    """The symbol of each input axis: ``C, H, W`` in the input's order (None); after a permute,
    of the network's axis each holds (``order``: ``H, W, C`` for ConvNeXt's channels-last block)."""
    axes = order or range(rank + 1)
    return ["C" if axis == 0 else _spatial_symbols(axis - 1, rank)[1] for axis in axes]


def lhs(out: str, say: Say) -> str:
    return f"{say('output_prefix')}{out}"


def size_line(out: str, symbolic: str, numbers: str, step: Step, say: Say) -> str:
    """``출력 크기 OH = H·r = 8·2 = 16``: an output size's formula, numbers put in, result."""
    return f"{lhs(out, say)} = {symbolic} = {numbers} = {step.result}"


def window_quotient(step: Step, n_sym: str, f_sym: str) -> tuple[str, str]:
    """``(H + 2P − FH)/S`` and ``(32 + 2·0 − 5)/1``: the output-size formula up to its ``+ 1``."""
    o = step.operands
    n, f, s, p, d = o["N"], o["F"], o["S"], o["P"], o.get("D", 1)
    if d == 1:
        return f"({n_sym} + 2P − {f_sym})/S", f"({n} + 2·{p} − {f})/{s}"
    return f"({n_sym} + 2P − D({f_sym} − 1) − 1)/S", f"({n} + 2·{p} − {d}·({f} − 1) − 1)/{s}"


def conv_output_numbers(step: Step) -> str:
    """``(7 + 2·1 − 3)/1 + 1 = 7``: a conv_output Step with its operands, and its result."""
    _, numbers = window_quotient(step, "N", "F")
    return f"{numbers} + 1 = {step.result}"


def _conv_output(step: Step, rank: int, say: Say) -> str:
    out, n_sym, f_sym = symbols(step, rank)
    symbolic, numbers = window_quotient(step, n_sym, f_sym)
    symbolic, numbers = f"{symbolic} + 1", f"{numbers} + 1"
    exact = step.exact
    if exact is not None and exact.denominator != 1:
        value = f"{exact.numerator}/{exact.denominator} = {decimal_text(exact)} → "
        value += say("floored", floor=step.result)
        return f"{lhs(out, say)} = {symbolic} = {numbers} = {value}"
    return f"{lhs(out, say)} = {symbolic} = {numbers} = {step.result}"


def _pool_ceil_output(step: Step, rank: int, say: Say) -> str:
    out, n_sym, f_sym = symbols(step, rank)
    symbolic, numbers = window_quotient(step, n_sym, f_sym)
    symbolic, numbers = f"⌈{symbolic}⌉ + 1", f"⌈{numbers}⌉ + 1"
    ceiled = math.ceil(step.exact) if step.exact is not None else step.result
    line = f"{lhs(out, say)} = {symbolic} = {numbers} = {ceiled}"
    if ceiled != step.result:
        line += f"; {say('ceil_dropped', ceil=ceiled, result=step.result)}"
    return line


def _same_output(step: Step, rank: int, say: Say) -> str:
    o = step.operands
    out, n_sym, _ = symbols(step, rank)
    line = f"{lhs(out, say)} = ⌈{n_sym}/S⌉ = ⌈{o['N']}/{o['S']}⌉ = {step.result}"
    sides = _SIDES.get(rank, _SIDES[1])
    axis = step.axis if step.axis is not None and step.axis < len(sides) else 0
    before_key, after_key = sides[axis]
    padding = say(
        "same_padding",
        before=o["P_before"],
        after=o["P_after"],
        side_before=say(before_key),
        side_after=say(after_key),
    )
    return f"{line}; {padding}"


# The templates of windowed_sizes' formulas: every conv and pool kind's working includes them.
WINDOW_TEMPLATES: dict[Formula, Template] = {
    WindowFormula.CONV_OUTPUT: _conv_output,
    WindowFormula.POOL_CEIL_OUTPUT: _pool_ceil_output,
    WindowFormula.SAME_OUTPUT: _same_output,
}


def dims(o: dict[str, int], candidates: tuple[str, ...]) -> tuple[str, str]:
    """The symbols among ``candidates`` that the operands have, and their values, joined by ·."""
    keys = [k for k in candidates if k in o]
    return "·".join(keys), "·".join(str(o[k]) for k in keys)


def kernel(o: dict[str, int]) -> tuple[str, str]:
    return dims(o, KERNEL_KEYS)


def multiplier(o: dict[str, int]) -> tuple[str, str]:
    """``FC·M`` with a depth multiplier, else ``FC``."""
    return ("FC·M", f"{o['C']}·{o['M']}") if o["M"] != 1 else ("FC", str(o["C"]))


def per_group(symbol: str, value: int, groups: int, *, parens: bool = False) -> tuple[str, str]:
    """``FC/G`` and ``64/2`` (in brackets with ``parens``) when grouped, else ``FC`` and ``64``."""
    if groups == 1:
        return symbol, str(value)
    if parens:
        return f"({symbol}/G)", f"({value}/{groups})"
    return f"{symbol}/G", f"{value}/{groups}"


def count_line(label: str, symbolic: str, numbers: str, step: Step, say: Say) -> str:
    """``params = (FH·FW·FC + 1)·FN = (5·5·1 + 1)·6 = 156``: formula, numbers put in, result."""
    return f"{say(label)} = {symbolic} = {numbers} = {count(step.result)}"


def _subsampling_params(step: Step, rank: int, say: Say) -> str:
    c = step.operands["C"]
    return count_line("params", "2·C", f"2·{c}", step, say) + f" ({say('subsampling')})"


# A sliding pool's working: its output sizes, and LeNet-5's trainable subsampling.
POOL_TEMPLATES: dict[Formula, Template] = {
    **WINDOW_TEMPLATES,
    PoolFormula.SUBSAMPLING_PARAMS: _subsampling_params,
}


def pool_params_extras(layer: LayerResult, say: Say) -> list[str]:
    """A pool without a parameter step: it has no weights to learn."""
    if any(step.quantity == "params" for step in layer.steps):
        return []
    return [say("no_params_pool")]
