"""A GitHub-flavoured Markdown table, for reports and pull requests."""

from __future__ import annotations

from cnncalc.engine.results import NetworkResult
from cnncalc.render.formatting import COLUMN_TITLES, EXTRA_TITLES, count_text, notes_text, shape_text


def render_markdown(result: NetworkResult) -> str:
    titles = list(COLUMN_TITLES.values())
    graph = not result.is_chain
    if graph:
        titles.insert(3, EXTRA_TITLES["inputs"])
    lines = [
        f"### {_cell(result.name)}",
        "",
        "| " + " | ".join(titles) + " |",
        "|" + "|".join("---:" if t in ("#", "Params", "MACs") else "---" for t in titles) + "|",
    ]
    for layer in result.layers:
        cells = [
            str(layer.index),
            layer.name,
            layer.type,
            shape_text(layer.input_shape),
            shape_text(layer.output_shape),
            count_text(layer.params),
            count_text(layer.macs),
            notes_text(layer),
        ]
        if graph:
            cells.insert(3, ", ".join(layer.inputs))
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    lines += [
        "",
        f"**Total params:** {count_text(result.total_params)} "
        f"(trainable {count_text(result.trainable_params)}, "
        f"non-trainable {count_text(result.non_trainable_params)})  ",
        f"**Total MACs:** {count_text(result.total_macs)}  ",
        f"**Output shape:** {shape_text(result.output_shape)}",
        "",
    ]
    return "\n".join(lines)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
