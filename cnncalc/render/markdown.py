"""A GitHub-flavoured Markdown table, for reports and pull requests."""

from __future__ import annotations

from collections.abc import Sequence

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
    train: Sequence[int] | None = None,
    lines_after: Sequence[str] = (),
) -> str:
    """The layer table; ``rf``, ``dtype`` and ``train`` add the receptive-field, memory and
    training memory columns and ``depth`` folds blocks, as in the terminal table; a network that
    is not a chain shows each layer's inputs. ``lines_after`` (--train's summary) follow the
    totals, a line each."""
    rows = build_rows(result, rf, dtype, depth, train)
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
    if lines_after:  # a hard line break ("  ") each: Markdown runs a paragraph's lines together
        lines += ["  \n".join(markdown_text(line.strip()) for line in lines_after), ""]
    return "\n".join(lines)
