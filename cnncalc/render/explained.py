"""``cnncalc SPEC --explain``: the usual output with the working added, in each format.

Table: the table, then the working. JSON: every layer gains a ``working`` list of lines (keys are
only added to the public JSON). Markdown: the table, then the working in a code block.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import RenderableType
from rich.text import Text

from cnncalc.engine.results import NetworkResult
from cnncalc.render.explain import explain_lines, layer_lines, render_explain
from cnncalc.render.i18n import Lang
from cnncalc.render.json import json_document, network_dict
from cnncalc.text import markdown_code_block


def render_explained(
    results: Sequence[NetworkResult], output_format: str, strict: bool, lang: Lang
) -> list[RenderableType | str]:
    """Renderables for the console (table) or text for stdout (json, markdown), in order."""
    if output_format == "json":
        items = []
        for result in results:
            data = network_dict(result, strict)
            for layer_data, layer in zip(data["layers"], result.layers, strict=True):
                layer_data["working"] = layer_lines(layer, lang)
            items.append(data)
        return [json_document(items) + "\n"]
    if output_format == "markdown":
        from cnncalc.render.markdown import render_markdown

        return [
            render_markdown(result, lang=lang)
            + "\n"
            + markdown_code_block(explain_lines(result, lang))
            + "\n"
            for result in results
        ]
    from cnncalc.render.table import render_table

    parts: list[RenderableType | str] = []
    for result in results:
        parts += [render_table(result, lang=lang), Text(""), render_explain(result, lang)]
    return parts
