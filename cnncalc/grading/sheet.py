"""The printable sheet of a worksheet, laid out like the lecture notes' tables: each layer with
its settings (filter (5, 5), 6; stride; padding) and a blank for each answer asked, the totals,
and the two hints the notes give. Markdown, HTML or LaTeX, English or Korean."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from cnncalc.grading.asks import LAYER_ANSWERS, NETWORK_ANSWERS, Ask
from cnncalc.grading.worksheet import TEACHING_FIELDS, Source
from cnncalc.render.formatting import shape_text
from cnncalc.render.i18n import Lang, t
from cnncalc.text import html_text, latex_text, markdown_text

BLANK, NOT_ASKED = "", "—"
# A layer's fields the settings column leaves out: said elsewhere, or not the arithmetic's.
NOT_SETTINGS = TEACHING_FIELDS | {"name", "type", "inputs", "activation", "spatial_dims"}


def settings_text(raw: dict[str, Any]) -> str:
    """``filters 6, kernel 5, stride 1``: a layer's fields as written."""
    from cnncalc.grading.worksheet import value_yaml

    return ", ".join(f"{name} {value_yaml(value)}" for name, value in raw.items() if name not in NOT_SETTINGS)


def sheet_rows(source: Source, asks: Sequence[Ask], lang: Lang) -> list[list[str]]:
    """The table: a header, one row per layer, one row for the network's totals."""
    kinds = [
        kind for kind in LAYER_ANSWERS if any(ask.kind == kind and ask.layer is not None for ask in asks)
    ]
    asked = {(ask.layer, ask.kind) for ask in asks}
    header = ["#", t("sheet.layer", lang), t("sheet.type", lang), t("sheet.settings", lang)]
    header += [t(f"expect_{kind}", lang) for kind in kinds]
    rows = [header]
    result = source.computed.result
    for index, raw in enumerate(source.layers):
        row = [str(index + 1), result.layers[index].name, str(raw.get("type", "")), settings_text(raw)]
        row += [BLANK if (index, kind) in asked else NOT_ASKED for kind in kinds]
        rows.append(row)
    return rows


def totals_rows(asks: Sequence[Ask], lang: Lang) -> list[list[str]]:
    return [
        [t(f"expect_{kind}", lang), BLANK]
        for kind in NETWORK_ANSWERS
        if (None, kind) in {(a.layer, a.kind) for a in asks}
    ]


def _points(asks: Sequence[Ask]) -> int:
    return sum(ask.points for ask in asks)


def _markdown(
    title: str, intro: list[str], rows: list[list[str]], totals: list[list[str]], hints: list[str]
) -> str:
    def table(table_rows: list[list[str]]) -> list[str]:
        header, *body = table_rows
        out = ["| " + " | ".join(markdown_text(cell) for cell in header) + " |", "|" + "---|" * len(header)]
        return out + ["| " + " | ".join(markdown_text(cell) or " " for cell in row) + " |" for row in body]

    lines = [f"# {markdown_text(title)}", "", *(markdown_text(line) for line in intro), "", *table(rows)]
    if len(totals) > 1:
        lines += ["", *table(totals)]
    lines += ["", *(f"- {markdown_text(hint)}" for hint in hints)]
    return "\n".join(lines) + "\n"


def _html(
    title: str, intro: list[str], rows: list[list[str]], totals: list[list[str]], hints: list[str]
) -> str:
    def table(table_rows: list[list[str]]) -> str:
        header, *body = table_rows
        head = "<tr>" + "".join(f"<th>{html_text(cell)}</th>" for cell in header) + "</tr>"
        cells = "".join(
            "<tr>" + "".join(f"<td>{html_text(cell)}</td>" for cell in row) + "</tr>" for row in body
        )
        return f'<table border="1" cellpadding="6">{head}{cells}</table>'

    parts = [f"<h1>{html_text(title)}</h1>", *(f"<p>{html_text(line)}</p>" for line in intro), table(rows)]
    if len(totals) > 1:
        parts.append(table(totals))
    parts.append("<ul>" + "".join(f"<li>{html_text(hint)}</li>" for hint in hints) + "</ul>")
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
        f"<title>{html_text(title)}</title></head><body>\n" + "\n".join(parts) + "\n</body></html>\n"
    )


def _latex(
    title: str, intro: list[str], rows: list[list[str]], totals: list[list[str]], hints: list[str]
) -> str:
    def table(table_rows: list[list[str]]) -> list[str]:
        header, *body = table_rows
        spec = "|" + "l|" * len(header)
        out = [
            f"\\begin{{tabular}}{{{spec}}}",
            "\\hline",
            " & ".join(latex_text(c) for c in header) + " \\\\ \\hline",
        ]
        out += [
            " & ".join(latex_text(c) if c else "\\rule{2.5cm}{0pt}" for c in row) + " \\\\[2ex] \\hline"
            for row in body
        ]
        return [*out, "\\end{tabular}"]

    lines = [
        "\\section*{" + latex_text(title) + "}",
        *(latex_text(line) + "\n" for line in intro),
        *table(rows),
    ]
    if len(totals) > 1:
        lines += ["", "\\medskip", *table(totals)]
    lines += ["", "\\begin{itemize}", *(f"\\item {latex_text(hint)}" for hint in hints), "\\end{itemize}"]
    return "\n".join(lines) + "\n"


WRITERS: dict[str, Callable[[str, list[str], list[list[str]], list[list[str]], list[str]], str]] = {
    "markdown": _markdown,
    "html": _html,
    "latex": _latex,
}
SUFFIXES = {"markdown": ".md", "html": ".html", "latex": ".tex"}


def render_sheet(
    source: Source,
    asks: Sequence[Ask],
    lang: Lang,
    output_format: str = "markdown",
    *,
    variant: str | None = None,
) -> str:
    """The printable sheet in ``output_format``."""
    name = source.computed.result.name
    title = t("sheet.title", lang, name=name) + (f" ({variant})" if variant else "")
    shape = source.computed.result.input_shape
    intro = [
        t("sheet.input", lang, shape=shape_text(shape)),
        t("sheet.instructions", lang, points=_points(asks)),
    ]
    totals = [[t("sheet.totals", lang), ""], *totals_rows(asks, lang)]
    hints = [t("sheet.hint_output", lang), t("sheet.hint_params", lang)]
    rows = sheet_rows(source, asks, lang)
    return WRITERS[output_format](title, intro, rows, totals, hints)
