"""The one place where ``run``'s results meet a format: ``--format`` and ``--explain``."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, NamedTuple

from cnncalc.cli.options import OutputFormat
from cnncalc.cli.output import console
from cnncalc.lang import Lang

if TYPE_CHECKING:
    from cnncalc.engine.results import NetworkResult


class View(NamedTuple):
    """What the output shows besides the core columns."""

    rf: bool
    dtype: str | None
    depth: int | None
    lang: Lang = Lang.en


def print_results(
    results: list[NetworkResult], output_format: OutputFormat, strict: bool, view: View, explain: bool = False
) -> None:
    """Print ``results`` in ``output_format``, with every layer's working under ``explain``."""
    if explain:
        from cnncalc.render.explained import render_explained

        shown = console()
        for part in render_explained(results, output_format.value, strict, view.lang):
            if isinstance(part, str):
                sys.stdout.write(part)
            else:
                shown.print(part)
    elif output_format is OutputFormat.json:
        from cnncalc.render.json import render_json

        sys.stdout.write(render_json(results, strict, view.dtype or "float32") + "\n")
    elif output_format is OutputFormat.csv:
        from cnncalc.render.csv import render_csv

        sys.stdout.write(render_csv(results))
    elif output_format is OutputFormat.latex:
        from cnncalc.render.latex import render_latex

        sys.stdout.write("\n".join(render_latex(r) for r in results))
    elif output_format is OutputFormat.html:
        from cnncalc.render.html import render_html
        from cnncalc.text import encodable_markup

        sys.stdout.write(encodable_markup(render_html(results), sys.stdout.encoding))
    elif output_format is OutputFormat.markdown:
        from cnncalc.render.markdown import render_markdown

        sys.stdout.write("\n".join(render_markdown(r, view.rf, view.dtype, view.lang) for r in results))
    else:
        from cnncalc.render.table import render_table

        shown = console()
        for number, result in enumerate(results):
            if number:
                shown.print()  # a blank line between one spec's totals and the next title
            table = render_table(result, rf=view.rf, dtype=view.dtype, depth=view.depth, lang=view.lang)
            shown.print(table)
