"""The one-off commands' output: one layer's working (``conv``, ``pool``) or a solve table.

Each function imports what it alone uses: ``solve`` has no layer to explain.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from cnncalc.render.i18n import Lang, t

if TYPE_CHECKING:
    from rich.console import Group
    from rich.table import Table

    from cnncalc.engine.results import LayerResult
    from cnncalc.engine.solve import Solution

# How each reading of ``--input`` is written, by spatial dimensions (the notes' letters).
_NOTATION: dict[str, dict[int, str]] = {
    "square": {2: "N×N", 3: "N×N×N"},
    "spatial": {1: "N", 2: "H×W", 3: "D×H×W"},
    "channels_last": {1: "N×C", 2: "H×W×C", 3: "D×H×W×C"},
    "channels_first": {1: "C×N", 2: "C×H×W", 3: "C×D×H×W"},
}


class OneOff:
    """A one-off's computed layer and how ``--input`` was read (``square``, ``spatial``,
    ``channels_last`` or ``channels_first``), so that the output can say so. A plain class: a
    NamedTuple's class is made by compiling its source, at every start of a one-off."""

    __slots__ = ("dims", "given", "layer", "reading")

    def __init__(self, layer: LayerResult, given: str, reading: str, dims: int) -> None:
        self.layer = layer
        self.given = given
        self.reading = reading
        self.dims = dims


def render_oneoff(oneoff: OneOff, lang: Lang) -> Text:
    """The layer's working, with a line under the header saying how ``--input`` was read."""
    from cnncalc.render.explain import INDENT
    from cnncalc.render.formatting import shape_text

    text = render_layer(oneoff.layer, lang)
    shape = oneoff.layer.input_shape
    channels = shape[0]
    reading = t(
        "oneoff_reading",
        lang,
        given=oneoff.given,
        notation=_NOTATION[oneoff.reading][oneoff.dims],
        channels=channels,
        plural="" if channels == 1 else "s",
        spatial=shape_text(shape[1:]),
    )
    lines = text.split("\n", allow_blank=True)
    return Text("\n").join([lines[0], Text(INDENT + reading, style="dim"), *lines[1:]])


def render_layer(layer: LayerResult, lang: Lang) -> Text:
    from cnncalc.render.explain import INDENT, layer_lines
    from cnncalc.render.formatting import FLAGGED_STYLE, shape_text

    header = t(
        "oneoff_header",
        lang,
        type=layer.type,
        input=shape_text(layer.input_shape),
        output=shape_text(layer.output_shape),
    )
    text = Text(header, style="bold")
    for line in layer_lines(layer, lang):
        text.append("\n" + INDENT + line, style=FLAGGED_STYLE if line.lstrip().startswith("⚠") else None)
    return text


def render_solution(solution: Solution, lang: Lang) -> Group:
    from rich.console import Group
    from rich.table import Table

    from cnncalc.kinds.working import conv_output_numbers

    dilation = f", D = {solution.dilation}" if solution.dilation != 1 else ""
    span = "F" if solution.dilation == 1 else "D(F − 1) − 1"
    title = t("solve_title", lang, n=solution.n, f=solution.kernel, dilation=dilation, span=span)
    parts: list[Text | Table] = [Text(title, style="bold")]
    if solution.fits:
        table = Table(box=None, show_edge=False, pad_edge=False, padding=(0, 2, 0, 0))
        for column in ("S", "P", t("solve_output", lang), ""):
            table.add_column(column, justify="right" if column in ("S", "P") else "left")
        for step in solution.fits:
            keeps = step.result == solution.n
            mark = f"  ← {t('keeps_size_mark', lang)}" if keeps else ""
            table.add_row(
                str(step.operands["S"]),
                str(step.operands["P"]),
                str(step.result),
                conv_output_numbers(step) + mark,
                style="green" if keeps else None,
            )
        parts.append(table)
        if solution.more:
            parts.append(Text(t("solve_more", lang, shown=len(solution.fits))))
    else:
        parts.append(Text(t("solve_none", lang, output=solution.output)))
    # D(F − 1): how far padding may go, and whether a symmetric one can keep the size (when even).
    reach = solution.dilation * (solution.kernel - 1)
    parts.append(Text(t("solve_limits", lang, span=solution.span, reach=reach), style="dim"))
    parts.append(Text(_keeps_size(solution, reach, lang)))
    return Group(*parts)


def _keeps_size(solution: Solution, reach: int, lang: Lang) -> str:
    if solution.keeps_size is None:
        return t("keeps_size_none", lang, reach=reach)
    if solution.dilation == 1:
        return t("keeps_size", lang, f=solution.kernel, p=solution.keeps_size)
    return t("keeps_size_dilated", lang, d=solution.dilation, f=solution.kernel, p=solution.keeps_size)
