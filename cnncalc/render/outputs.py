"""The one dispatcher: computed results and a :class:`View` (the format and the options) → what
is printed, so that every option composes with every format and with ``--explain``.

:data:`FORMATS` is the registry of ``--format``'s choices, in the order the help lists them;
each renderer module is imported only when its format is asked for (``--help`` stays fast).

With ``--explain`` the table is followed by the working; JSON's layers gain a ``working`` list of
lines (keys are only added to the public JSON); Markdown's table is followed by the working in a
code block. ``--rf``, ``--dtype`` and ``--depth`` shape the working and every tabular format
(table, Markdown, CSV, LaTeX, HTML) alike.
"""

# No `from __future__ import annotations`: see cnncalc.engine.results (its NamedTuples); the
# names imported for the type checker only are quoted.

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, NamedTuple

from cnncalc.lang import Lang

if TYPE_CHECKING:
    from rich.console import RenderableType as Part  # a str is written to stdout as it is

    from cnncalc.engine.results import NetworkResult
    from cnncalc.render.training import Training  # made only with --batch, --train or --fit


# Named tuples, not dataclasses: a frozen dataclass costs over a millisecond to create at import.
class View(NamedTuple):
    """How the user asked to see the results: everything ``run`` passes to the renderers."""

    format: str = "table"
    explain: bool = False
    lang: Lang = Lang.en
    rf: bool = False  # the receptive field's columns (and lines of working)
    dtype: str | None = None  # a memory column at this precision; JSON's memory too
    depth: int | None = None  # fold blocks nested deeper than this (the table and the working)
    strict: bool = False  # a warning fails the spec (JSON's "ok")
    encoding: str | None = None  # stdout's, for the characters HTML must write as references
    # --batch, --train, --fit (cnncalc.render.training): None without any of them.
    training: "Training | None" = None


class OutputFormat(NamedTuple):
    """One ``--format`` choice: how it renders, and how (if at all) it shows ``--explain``."""

    name: str
    render: "Callable[[Sequence[NetworkResult], View], list[Part]]"
    explain: "Callable[[Sequence[NetworkResult], View], list[Part]] | None" = None


def render_outputs(results: "Sequence[NetworkResult]", view: View) -> "list[Part]":
    """What to print for ``results``, in order: ``str`` parts go to stdout as they are, the
    others through a rich console."""
    chosen = FORMATS[view.format]
    if view.training is not None and view.format == "table":
        from cnncalc.render.training import with_training  # only with --batch, --train or --fit

        return with_training(results, view, chosen.explain if view.explain else chosen.render)
    if view.explain:
        if chosen.explain is None:
            raise ValueError(f"--format {view.format} cannot show --explain")  # the CLI refuses first
        return chosen.explain(results, view)
    return chosen.render(results, view)


def _shares(result: "NetworkResult", view: View) -> list[int] | None:
    """With --train, each layer's share of the step (the ``Train mem`` column); else None."""
    if view.training is None or not view.training.train:
        return None
    from cnncalc.render.training import layer_shares

    return layer_shares(result, view)


def _lines_after(result: "NetworkResult", view: View) -> list[str]:
    """With --batch, --train or --fit, the lines the terminal prints under the totals."""
    if view.training is None:
        return []
    from cnncalc.render.training import lines_of

    return lines_of(result, view)


def explainable() -> list[str]:
    """The formats that can show ``--explain``'s working."""
    return [name for name, chosen in FORMATS.items() if chosen.explain is not None]


# --- each format -----------------------------------------------------------------------------------


def _table(results: "Sequence[NetworkResult]", view: View) -> "list[Part]":
    from rich.text import Text

    from cnncalc.render.table import render_table

    parts: list[Part] = []
    for number, result in enumerate(results):
        if number:
            parts.append(Text(""))  # a blank line between one spec's totals and the next title
        train = _shares(result, view)
        parts.append(
            render_table(result, rf=view.rf, dtype=view.dtype, depth=view.depth, lang=view.lang, train=train)
        )
    return parts


def _table_explained(results: "Sequence[NetworkResult]", view: View) -> "list[Part]":
    from rich.text import Text

    from cnncalc.render.explain import explain_lines, render_explain
    from cnncalc.render.table import render_table

    parts: list[Part] = []
    for result in results:
        train = _shares(result, view)
        table = render_table(
            result, rf=view.rf, dtype=view.dtype, depth=view.depth, lang=view.lang, train=train
        )
        lines = explain_lines(result, view.lang, rf=view.rf, dtype=view.dtype, depth=view.depth)
        working = render_explain(lines)
        parts += [table, Text(""), working]
    return parts


def _json(results: "Sequence[NetworkResult]", view: View) -> "list[Part]":
    from cnncalc.render.json import render_json

    if view.training is not None:
        from cnncalc.render.training import training_json

        return [training_json(results, view) + "\n"]

    return [render_json(list(results), view.strict, view.dtype or "float32") + "\n"]


def _json_explained(results: "Sequence[NetworkResult]", view: View) -> "list[Part]":
    from cnncalc.render.explain import layer_lines
    from cnncalc.render.json import json_document, network_dict

    items = []
    for result in results:
        data = network_dict(result, view.strict, view.dtype or "float32")
        for layer_data, layer in zip(data["layers"], result.layers, strict=True):
            layer_data["working"] = layer_lines(layer, view.lang, rf=view.rf, dtype=view.dtype)
        if view.training is not None:
            from cnncalc.render.training import add_training

            add_training(data, result, view)
        items.append(data)
    return [json_document(items) + "\n"]


def _markdown(results: "Sequence[NetworkResult]", view: View) -> "list[Part]":
    return ["\n".join(_markdown_table(result, view) for result in results)]


def _markdown_table(result: "NetworkResult", view: View) -> str:
    from cnncalc.render.markdown import render_markdown

    return render_markdown(
        result, view.rf, view.dtype, view.lang, view.depth, _shares(result, view), _lines_after(result, view)
    )


def _markdown_explained(results: "Sequence[NetworkResult]", view: View) -> "list[Part]":
    from cnncalc.render.explain import explain_lines
    from cnncalc.text import markdown_code_block

    parts: list[Part] = []
    for result in results:
        working = explain_lines(result, view.lang, rf=view.rf, dtype=view.dtype, depth=view.depth)
        parts.append(_markdown_table(result, view) + "\n" + markdown_code_block(working) + "\n")
    return parts


def _csv(results: "Sequence[NetworkResult]", view: View) -> "list[Part]":
    from cnncalc.render.csv import render_csv

    shares = [_shares(result, view) for result in results]
    train = (
        [share for share in shares if share is not None] if view.training and view.training.train else None
    )
    return [render_csv(list(results), view.rf, view.dtype, view.depth, train)]


def _latex(results: "Sequence[NetworkResult]", view: View) -> "list[Part]":
    from cnncalc.render.latex import render_latex

    return [
        "\n".join(
            render_latex(
                result, view.rf, view.dtype, view.depth, _shares(result, view), _lines_after(result, view)
            )
            for result in results
        )
    ]


def _html(results: "Sequence[NetworkResult]", view: View) -> "list[Part]":
    from cnncalc.render.html import render_html
    from cnncalc.text import encodable_markup

    return [
        encodable_markup(
            render_html(
                list(results),
                rf=view.rf,
                dtype=view.dtype,
                depth=view.depth,
                train=[_shares(result, view) for result in results],
                lines_after=[_lines_after(result, view) for result in results],
            ),
            view.encoding,
        )
    ]


FORMATS: dict[str, OutputFormat] = {
    chosen.name: chosen
    for chosen in (
        OutputFormat("table", _table, _table_explained),
        OutputFormat("json", _json, _json_explained),
        OutputFormat("markdown", _markdown, _markdown_explained),
        OutputFormat("csv", _csv),
        OutputFormat("latex", _latex),
        OutputFormat("html", _html),
    )
}
