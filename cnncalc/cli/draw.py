"""``cnncalc draw``: the network as the slides draw it, as SVG or an HTML page."""

# No `from __future__ import annotations`: typer reads the command's signature (cnncalc.cli.root).

import sys
from enum import Enum
from typing import Annotated, Optional

import typer

from cnncalc.cli.options import (
    ConventionOption,
    DepthOption,
    OutputOption,
    SpecArgument,
    convention_of,
)
from cnncalc.cli.output import usage_error, write
from cnncalc.cli.root import commands
from cnncalc.cli.specs import compute_all


class DrawFormat(str, Enum):
    """``draw --format``."""

    svg = "svg"
    html = "html"


@commands.command("draw")
def draw(
    spec: SpecArgument,
    output: OutputOption = None,
    output_format: Annotated[
        Optional[DrawFormat],  # noqa: UP045
        typer.Option(
            "--format",
            "-f",
            help="svg, or html: the table and the diagram on one page (default: from -o).",
            case_sensitive=False,
        ),
    ] = None,
    convention: ConventionOption = None,
    depth: DepthOption = None,
) -> None:
    """Draw the network as the slides do: a block per layer with its shape, kernel/stride and parameters.

    Flagged layers (a stride that does not fit) are drawn in a warning colour. No PNG: there is
    no pure-Python route; convert the SVG with rsvg-convert or a browser if you need one.

    Example:

    \b
        cnncalc draw specs/lenet5.yaml -o lenet5.svg

    \b
        cnncalc draw specs/lenet5.yaml -o lenet5.html
    """
    from cnncalc.errors import said

    suffix = output.suffix.lower() if output else ""
    if output_format is None and suffix not in ("", ".svg", ".html", ".htm"):
        usage_error(said("cli.draw_suffix", output=output, suffix=suffix))
    computed, exit_code = compute_all([spec], convention_of(convention))
    if not computed:
        raise typer.Exit(exit_code)
    from cnncalc.render.svg import render_svg

    results = [computed[0].result]
    chosen = output_format or (DrawFormat.html if suffix in (".html", ".htm") else DrawFormat.svg)
    svg = render_svg(results[0], depth)
    if chosen is DrawFormat.html:
        from cnncalc.render.html import render_html

        text = render_html(results, [svg])
    else:
        text = svg
    if output is None:  # an ASCII stdout gets &#215; for ×, which a browser reads as ×
        from cnncalc.text import encodable_markup

        text = encodable_markup(text, sys.stdout.encoding)
    write(text, output, (spec,))
    raise typer.Exit(exit_code)
