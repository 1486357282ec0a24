"""One self-contained HTML page: the table, the totals and, from ``draw``, the diagram beside them."""

from __future__ import annotations

from collections.abc import Sequence

from cnncalc.engine.results import DTYPE_BYTES, NetworkResult
from cnncalc.render.formatting import byte_text, count_text, count_with_short, flagged_lines, shape_text
from cnncalc.render.rows import RowTexts, build_rows
from cnncalc.text import html_text as escape

_NUMERIC = ' class="num"'

_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em; color: #222; }
section { display: flex; flex-wrap: wrap; gap: 2em; align-items: flex-start; margin-bottom: 3em; }
table { border-collapse: collapse; font-size: 14px; }
th, td { padding: 4px 10px; border-bottom: 1px solid #ddd; text-align: left; }
th { border-bottom: 2px solid #444; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.input td { color: #888; }
tr.flagged td { background: #fff4e0; font-weight: bold; }
tr.flagged td.notes { color: #a05a00; }
dl { display: grid; grid-template-columns: max-content max-content; gap: 2px 1em; font-size: 14px; }
dt { color: #555; }
dd { margin: 0; font-variant-numeric: tabular-nums; }
p.warning { color: #a05a00; font-weight: bold; }
figure { margin: 0; max-width: 100%; overflow-x: auto; }
""".strip()


def render_html(
    results: list[NetworkResult],
    diagrams: list[str] | None = None,
    rf: bool = False,
    dtype: str | None = None,
    depth: int | None = None,
    train: Sequence[Sequence[int] | None] | None = None,
    lines_after: Sequence[Sequence[str]] | None = None,
) -> str:
    """The page; ``diagrams`` (SVG documents, one per result) are embedded inline next to each
    table; ``rf`` and ``dtype`` add the receptive-field and memory columns (titled with the
    precision) and ``depth`` folds blocks, as in the terminal table; ``dtype`` also sets the
    precision of the memory totals. ``train`` (one per result: each layer's share of a training
    step) adds the training memory column, ``lines_after`` (one list per result: --train's
    summary) a paragraph a line under the totals."""
    title = escape(", ".join(r.name for r in results))
    sections = []
    for i, result in enumerate(results):
        figure = f"<figure>{_svg_element(diagrams[i])}</figure>" if diagrams else ""
        tables = f"{_table(result, rf, dtype, depth, train[i] if train else None)}\n{_totals(result, dtype)}"
        if lines_after:
            tables += "".join(f"\n<p>{escape(line.strip())}</p>" for line in lines_after[i])
        sections.append(
            f"<h2>{escape(result.name)}</h2>\n<section>\n<div>\n{tables}\n</div>\n{figure}\n</section>"
        )
    body = "\n".join(sections)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title} — cnncalc</title>\n<style>\n{_STYLE}\n</style>\n</head>\n"
        f"<body>\n{body}\n</body>\n</html>\n"
    )


def _svg_element(svg: str) -> str:
    """The ``<svg>`` element alone: an XML declaration is not allowed inside an HTML page."""
    return svg[svg.index("<svg") :]


def _table(
    result: NetworkResult, rf: bool, dtype: str | None, depth: int | None, train: Sequence[int] | None
) -> str:
    rows = build_rows(result, rf, dtype, depth, train)
    head = "".join(
        f"<th{_NUMERIC if column.numeric else ''}>{escape(column.titled(dtype))}</th>"
        for column in rows.columns
    )
    # A layer's cells carry their column's class (numbers right-aligned, notes coloured when flagged).
    classes = [
        "num" if column.numeric else "notes" if column.key == "notes" else "" for column in rows.columns
    ]
    lines = []
    row_texts = RowTexts(rows)
    for row in rows.rows:
        texts = row_texts(row)
        if row.role == "input":
            lines.append('<tr class="input">' + "".join(f"<td>{escape(v)}</td>" for v in texts) + "</tr>")
            continue
        tds = "".join(
            f'<td class="{c}">{escape(v)}</td>' if c else f"<td>{escape(v)}</td>"
            for c, v in zip(classes, texts, strict=True)
        )
        css = ' class="flagged"' if row.flagged else ""
        lines.append(f"<tr{css}>{tds}</tr>")
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n" + "\n".join(lines) + "\n</tbody>\n</table>"


def _totals(result: NetworkResult, dtype: str | None) -> str:
    dtype = dtype or "float32"
    size = DTYPE_BYTES[dtype]
    items = [
        ("Total params", count_text(result.total_params)),
        ("Trainable params", count_text(result.trainable_params)),
        ("Non-trainable params", count_text(result.non_trainable_params)),
        ("Total MACs", count_with_short(result.total_macs)),
        ("Output shape", shape_text(result.output_shape, result.channels_last)),
        (
            f"Memory ({dtype})",
            f"params {byte_text(result.param_bytes(size))}, "
            f"activations {byte_text(result.activation_bytes(size))}",
        ),
    ]
    text = "<dl>" + "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in items) + "</dl>"
    # one paragraph a warning: a browser would run lines of one paragraph together
    text += "".join(f'\n<p class="warning">{escape(line)}</p>' for line in flagged_lines(result))
    return text
