"""What ``cnncalc apply`` prints: the output feature map, and with ``--explain`` one window's working."""

from __future__ import annotations

import decimal
from decimal import Decimal
from typing import Any

from rich.console import Group
from rich.text import Text

from cnncalc.engine.feature_map import EXACT, FeatureMapResult, SizeStep, Term, Window
from cnncalc.render.formatting import FLAGGED_STYLE, fraction_text, ratio_text
from cnncalc.render.i18n import Lang, t
from cnncalc.render.json import json_document
from cnncalc.text import terminal_text

# Beyond this many products a window's sum is shortened with "…", as the slides do.
MAX_TERMS = 12


def number_text(value: Decimal, decimals: int = 4) -> str:
    """``Decimal('0.5600')`` → ``0.56``; at most ``decimals`` decimals; ``-0`` → ``0``; every
    digit before them (the default 28-digit context rounded a 33-digit sum).

    >>> number_text(Decimal("70.00")), number_text(Decimal(1) / 3), number_text(Decimal("-0.0"))
    ('70', '0.3333', '0')
    >>> number_text(Decimal("123456789012345678901234567890123"))
    '123456789012345678901234567890123'
    """
    with decimal.localcontext(EXACT):
        return _number_text(value, decimals)


def _number_text(value: Decimal, decimals: int = 4) -> str:
    """:func:`number_text` in the caller's (exact) context."""
    if not value.is_finite():
        return "−∞" if value < 0 else "∞"
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -decimals:
        value = value.quantize(Decimal(1).scaleb(-decimals))
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "0") else text


def distinct_texts(expected: Decimal, computed: Decimal) -> tuple[str, str]:
    """Two unequal values as two unequal texts: the expected value as written, the computed one
    to as many decimals, or more until the texts differ (four decimals rounded both ``0.00002``
    and ``0.00001`` to ``0``).

    >>> distinct_texts(Decimal("0.00002"), Decimal("0.00001"))
    ('0.00002', '0.00001')
    >>> distinct_texts(Decimal("70"), Decimal("70.4"))
    ('70', '70.4')
    """
    exponent = expected.as_tuple().exponent
    least = max(4, -exponent if isinstance(exponent, int) else 0)
    written = number_text(expected, least)
    exponent = computed.as_tuple().exponent
    most = max(least, -exponent if isinstance(exponent, int) else 0)
    for decimals in range(least, most + 1):
        text = number_text(computed, decimals)
        if text != written:
            return written, text
    return written, number_text(computed, most)


def number_json(value: Decimal) -> int | float:
    with decimal.localcontext(EXACT):
        return int(value) if value == value.to_integral_value() else float(value)


def render_feature_map(result: FeatureMapResult, explain: bool = False, lang: Lang = Lang.en) -> Group:
    parts: list[Any] = [Text(terminal_text(result.name), style="italic"), Text(_setup_line(result, lang))]
    if explain:
        height, width = result.sizes
        if (height.n, height.kernel, height.stride, height.padding) == (
            width.n,
            width.kernel,
            width.stride,
            width.padding,
        ):
            parts.append(Text(_size_line(height, t("apply_both", lang))))
        else:
            parts += [Text(_size_line(step, t(f"apply_{step.axis}", lang))) for step in result.sizes]
    for step in result.sizes:
        if step.exact.denominator != 1:
            warning = t(
                "apply_stride",
                lang,
                axis=t(f"apply_{step.axis}", lang),
                formula=_size_formula(step),
                exact=fraction_text(step.exact),
                result=step.result,
            )
            parts.append(Text(warning, style=FLAGGED_STYLE))
    for index, matrix in enumerate(result.outputs, start=1):
        if len(result.outputs) > 1:
            what = t("apply_filter" if result.op == "conv" else "apply_channel", lang)
            parts.append(Text(t("apply_output_of", lang, index=index, what=what)))
        parts.append(_grid(matrix))
    if explain:
        parts += explain_lines(result.window, result.op, lang)
    if result.expected:
        parts.append(_expect_text(result, lang))
    return Group(*parts)


def _setup_line(result: FeatureMapResult, lang: Lang) -> str:
    return t(
        "apply_setup",
        lang,
        op=t(f"apply_{result.op}", lang),
        shape="×".join(map(str, result.input_shape)),
        what=t("apply_filters" if result.op == "conv" else "apply_window", lang),
        kernel="×".join(map(str, result.kernel_shape)),
        stride=_pair(result.stride),
        padding=_pair(result.padding),
        out="×".join(map(str, result.output_shape)),
    )


def _pair(pair: tuple[int, int]) -> str:
    return str(pair[0]) if pair[0] == pair[1] else f"{pair[0]}×{pair[1]}"


def _size_formula(step: SizeStep) -> str:
    return f"({step.n} + 2·{step.padding} − {step.kernel})/{step.stride} + 1"


def _size_line(step: SizeStep, label: str) -> str:
    return f"{label}: (N + 2P − F)/S + 1 = {_size_formula(step)} = {fraction_text(step.exact)}" + (
        "" if step.exact.denominator == 1 else f" → {step.result}"
    )


def _grid(matrix: tuple[tuple[Decimal, ...], ...]) -> Text:
    """Right-aligned columns two spaces apart, one line per row, never wrapped (a wrapped row
    is not a matrix). Plain text: a rich Table of 1,000 columns took most of a minute. The
    values are finite (a pool window always holds an input cell), so their text is ASCII and
    its length is its width."""
    texts: dict[Decimal, str] = {}  # an exercise's values repeat: each is written once
    with decimal.localcontext(EXACT):
        cells = [[texts.get(v) or texts.setdefault(v, _number_text(v)) for v in row] for row in matrix]
    widths = [max(map(len, column)) for column in zip(*cells, strict=True)]
    lines = ("  ".join(map(str.rjust, row, widths)) for row in cells)
    return Text("\n".join(lines), no_wrap=True, overflow="ignore")


def explain_lines(window: Window, op: str, lang: Lang = Lang.en) -> list[Text]:
    """One window's multiply-and-sum: ``2·1 + 3·0 + 0·1 + … = 6``."""
    cell = t("apply_cell", lang, row=window.row, column=window.column, top=window.top, left=window.left)
    lines = [Text(cell, style="bold")]
    if op == "maxpool":
        values = ", ".join(
            _value(term) for term in window.terms[0] if not (term.padded and not term.value.is_finite())
        )
        lines.append(Text(f"  max({values}) = {number_text(window.result)}"))
        return lines
    if op == "avgpool":
        terms = window.terms[0]
        added = " + ".join(_value(term) for term in terms)
        lines.append(Text(f"  ({added})/{len(terms)} = {number_text(window.result)}"))
        return lines
    sums = []
    for channel, terms in enumerate(window.terms, start=1):
        with decimal.localcontext(EXACT):
            subtotal = sum((term.value * (term.weight or 0) for term in terms), Decimal(0))
        sums.append(subtotal)
        label = f"{t('apply_channel', lang)} {channel}: " if len(window.terms) > 1 else ""
        lines.append(Text(f"  {label}{_products(terms)} = {number_text(subtotal)}"))
    if len(window.terms) > 1 or window.bias:
        addends = [number_text(s) for s in sums]
        if window.bias:
            addends.append(f"bias {number_text(window.bias)}")
        lines.append(Text(f"  {' + '.join(addends)} = {number_text(window.result)}"))
    return lines


def _value(term: Term) -> str:
    text = number_text(term.value)
    return f"({text})" if term.value < 0 else text


def _products(terms: tuple[Term, ...]) -> str:
    products = [f"{_value(term)}·{_value(Term(term.weight or Decimal(0)))}" for term in terms]
    if len(products) > MAX_TERMS:
        products = [*products[:3], "…", *products[-2:]]
    return " + ".join(products)


def _expect_text(result: FeatureMapResult, lang: Lang) -> Text:
    if result.expect_problem:
        return Text(f"✗ {result.expect_problem}", style="bold red")
    cells = sum(len(m) * len(m[0]) for m in result.outputs)
    if not result.mismatches:
        return Text(t("apply_all_match", lang, cells=cells), style="bold green")
    lines = [t("apply_differ", lang, count=len(result.mismatches), cells=cells)]
    for miss in result.mismatches:
        where = t("apply_output_where", lang, index=miss.map_index) if len(result.outputs) > 1 else ""
        expected, computed = distinct_texts(miss.expected, miss.computed)
        mismatch = t(
            "apply_mismatch",
            lang,
            where=where,
            row=miss.row,
            column=miss.column,
            expected=expected,
            computed=computed,
        )
        lines.append(f"  {mismatch}")
    return Text("\n".join(lines), style="bold red")


def feature_map_dict(result: FeatureMapResult) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": result.name,
        "op": result.op,
        "input_shape": list(result.input_shape),
        "kernel_shape": list(result.kernel_shape),
        "stride": list(result.stride),
        "padding": list(result.padding),
        "output_shape": list(result.output_shape),
        "outputs": [[[number_json(v) for v in row] for row in matrix] for matrix in result.outputs],
        "ok": result.ok,
        "warnings": [
            {"axis": step.axis, "exact": ratio_text(step.exact)}
            for step in result.sizes
            if step.exact.denominator != 1
        ],
    }
    if result.expected:
        data["mismatches"] = [
            {
                "output": m.map_index,
                "row": m.row,
                "column": m.column,
                "expected": number_json(m.expected),
                "computed": number_json(m.computed),
            }
            for m in result.mismatches
        ]
        if result.expect_problem:
            data["expect_problem"] = result.expect_problem
    if result.window is not None:
        data["window"] = {
            "row": result.window.row,
            "column": result.window.column,
            "result": number_json(result.window.result),
        }
    return data


def render_feature_map_json(results: list[FeatureMapResult]) -> str:
    return json_document([feature_map_dict(r) for r in results])
