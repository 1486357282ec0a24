"""A LaTeX ``tabular`` to paste into a report; plain LaTeX, no package needed."""

from __future__ import annotations

from cnncalc.engine.results import NetworkResult
from cnncalc.render.formatting import (
    NUMERIC_COLUMNS,
    column_title,
    columns,
    count_text,
    input_shapes_text,
    notes_text,
    shape_text,
)
from cnncalc.text import visible

_SPECIAL = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    # OT1, plain LaTeX's font encoding, prints these as ¡, ¿ and —.
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
}
# The notation the lecture notes and cnncalc's notes use, in math mode.
_SYMBOLS = {
    "×": r"$\times$",
    "−": r"$-$",
    "·": r"$\cdot$",
    "→": r"$\rightarrow$",
    "≈": r"$\approx$",
    "≤": r"$\leq$",
    "⚠": r"\textbf{!}",
    "…": r"\ldots{}",
}


def latex_escape(text: str) -> str:
    """Escape LaTeX's special characters and spell the lecture notation in math mode; a control
    character (a line break in a name would end the row) is first written as its escape.

    >>> latex_escape("conv_1: 6×28×28 & 50%")
    'conv\\\\_1: 6$\\\\times$28$\\\\times$28 \\\\& 50\\\\%'
    """
    return "".join(_SPECIAL.get(ch, _SYMBOLS.get(ch, ch)) for ch in visible(text))


def render_latex(result: NetworkResult) -> str:
    """One ``tabular``: a row per layer, the totals under a rule."""
    keys = columns(result)
    graph = not result.is_chain
    titles = [column_title(key) for key in keys]
    align = "".join("r" if key in NUMERIC_COLUMNS else "l" for key in keys)
    lines = [
        f"% {latex_escape(result.name)}: made by cnncalc; plain LaTeX, no package needed",
        rf"\begin{{tabular}}{{{align}}}",
        r"\hline",
        " & ".join(latex_escape(t) for t in titles) + r" \\",
        r"\hline",
        " & ".join(
            [
                "",
                "input",
                *([""] * (3 if graph else 2)),
                latex_escape(shape_text(result.input_shape, result.channels_last)),
                "",
                "",
                "",
            ]
        )
        + r" \\",
    ]
    for layer in result.layers:
        cells = [
            str(layer.index),
            layer.name,
            layer.type,
            *([", ".join(layer.inputs)] if graph else []),
            input_shapes_text(layer, result.channels_last),
            shape_text(layer.output_shape, result.channels_last),
            count_text(layer.params),
            count_text(layer.macs),
            notes_text(layer),
        ]
        escaped = [latex_escape(c) for c in cells]
        if layer.flagged:  # a stride that does not fit stands out in print as it does in colour
            escaped = [rf"\textbf{{{c}}}" if c else c for c in escaped]
        lines.append(" & ".join(escaped) + r" \\")
    lines += [
        r"\hline",
        rf"\multicolumn{{{5 if graph else 4}}}{{l}}{{Total (trainable {count_text(result.trainable_params)}, "
        rf"non-trainable {count_text(result.non_trainable_params)})}} & "
        f"{latex_escape(shape_text(result.output_shape, result.channels_last))} & "
        f"{count_text(result.total_params)} & "
        rf"{count_text(result.total_macs)} & \\",
        r"\hline",
        r"\end{tabular}",
        "",
    ]
    return "\n".join(lines)
