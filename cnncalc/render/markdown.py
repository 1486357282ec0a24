"""A GitHub-flavoured Markdown table, for reports and pull requests."""

from __future__ import annotations

from cnncalc.engine.results import NetworkResult
from cnncalc.render.formatting import count_text, shape_text
from cnncalc.render.i18n import Lang, t
from cnncalc.render.rows import RowTexts, build_rows
from cnncalc.text import markdown_text


def render_markdown(
    result: NetworkResult,
    rf: bool = False,
    dtype: str | None = None,
    lang: Lang = Lang.en,
    depth: int | None = None,
) -> str:
    """The layer table; ``rf`` and ``dtype`` add the receptive-field and memory columns and
    ``depth`` folds blocks, as in the terminal table; a network that is not a chain shows each
    layer's inputs."""
    rows = build_rows(result, rf, dtype, depth)
    lines = [
        f"### {markdown_text(result.name)}",
        "",
        "| " + " | ".join(column.titled(dtype, lang) for column in rows.columns) + " |",
        "|" + "|".join("---:" if column.numeric else "---" for column in rows.columns) + "|",
    ]
    texts = RowTexts(rows, lang)
    for row in rows.rows[1:]:  # no input row: the heading's table starts at the first layer
        lines.append("| " + " | ".join(markdown_text(text) for text in texts(row)) + " |")
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
