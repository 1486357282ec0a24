"""A LaTeX ``tabular`` to paste into a report; plain LaTeX, no package needed."""

from __future__ import annotations

from collections.abc import Sequence

from cnncalc.engine.results import NetworkResult
from cnncalc.render.formatting import count_text, shape_text
from cnncalc.render.rows import RowTexts, build_rows
from cnncalc.text import latex_text


def render_latex(
    result: NetworkResult,
    rf: bool = False,
    dtype: str | None = None,
    depth: int | None = None,
    train: Sequence[int] | None = None,
    lines_after: Sequence[str] = (),
) -> str:
    """One ``tabular``: a row per layer, the totals under a rule; ``rf``, ``dtype`` and ``train``
    add the receptive-field, memory (titled with the precision) and training memory columns and
    ``depth`` folds blocks, as in the terminal table. ``lines_after`` (--train's summary) follow
    the tabular, a paragraph each."""
    rows = build_rows(result, rf, dtype, depth, train)
    keys = rows.keys
    align = "".join("r" if column.numeric else "l" for column in rows.columns)
    lines = [
        f"% {latex_text(result.name)}: made by cnncalc; plain LaTeX, no package needed",
        rf"\begin{{tabular}}{{{align}}}",
        r"\hline",
        " & ".join(latex_text(column.titled(dtype)) for column in rows.columns) + r" \\",
        r"\hline",
    ]
    texts = RowTexts(rows)
    for row in rows.rows:
        escaped = [latex_text(text) for text in texts(row)]
        if row.flagged:  # a stride that does not fit stands out in print as it does in colour
            escaped = [rf"\textbf{{{c}}}" if c else c for c in escaped]
        lines.append(" & ".join(escaped) + r" \\")
    # The totals: a label across the columns up to the input shape, then the output shape, the
    # parameters and the MACs under theirs, the columns after them empty.
    label_span = keys.index("output_shape")
    after = len(keys) - keys.index("macs") - 1
    totals = [
        rf"\multicolumn{{{label_span}}}{{l}}{{Total (trainable {count_text(result.trainable_params)}, "
        rf"non-trainable {count_text(result.non_trainable_params)})}}",
        latex_text(shape_text(result.output_shape, result.channels_last)),
        count_text(result.total_params),
        count_text(result.total_macs),
        *([""] * after),
    ]
    lines += [
        r"\hline",
        " & ".join(totals).rstrip() + r" \\",  # "… & 1,234 & \\": the empty cells unpadded
        r"\hline",
        r"\end{tabular}",
        "",
    ]
    if lines_after:
        lines += [latex_text(line.strip()) + r"\par" for line in lines_after] + [""]
    return "\n".join(lines)
