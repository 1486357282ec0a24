"""A GitHub-flavoured Markdown table, for reports and pull requests."""

from __future__ import annotations

from cnncalc.engine.results import NetworkResult
from cnncalc.render.formatting import (
    NUMERIC_COLUMNS,
    column_title,
    columns,
    count_text,
    field_cells,
    notes_text,
    shape_text,
)
from cnncalc.render.i18n import Lang, t
from cnncalc.text import markdown_text


def render_markdown(
    result: NetworkResult, rf: bool = False, dtype: str | None = None, lang: Lang = Lang.en
) -> str:
    """The layer table; ``rf`` and ``dtype`` add the receptive-field and memory columns, as in the
    terminal table, and a network that is not a chain shows each layer's inputs."""
    keys = columns(result, rf, dtype)
    lines = [
        f"### {_cell(result.name)}",
        "",
        "| " + " | ".join(column_title(key, lang) for key in keys) + " |",
        "|" + "|".join("---:" if key in NUMERIC_COLUMNS else "---" for key in keys) + "|",
    ]
    last = result.channels_last
    for layer in result.layers:
        cells = {
            "index": str(layer.index),
            "name": layer.name,
            "type": layer.type,
            "inputs": ", ".join(layer.inputs),
            "input_shape": shape_text(layer.input_shape, last),
            "output_shape": shape_text(layer.output_shape, last),
            "params": count_text(layer.params),
            "macs": count_text(layer.macs),
            **field_cells(layer, dtype),
            "notes": notes_text(layer, lang),
        }
        lines.append("| " + " | ".join(_cell(cells[key]) for key in keys) + " |")
    lines += [
        "",
        t(
            "md.total_params",
            lang,
            total=count_text(result.total_params),
            trainable=count_text(result.trainable_params),
            non_trainable=count_text(result.non_trainable_params),
        )
        + "  ",
        t("md.total_macs", lang, value=count_text(result.total_macs)) + "  ",
        t("md.output_shape", lang, value=shape_text(result.output_shape, result.channels_last)),
        "",
    ]
    return "\n".join(lines)


def _cell(text: str) -> str:
    return markdown_text(text)
