"""Text from a spec or a path, made safe for the place it is written to: one helper per edge.

A name is data. Whatever its characters, it must not move a terminal's cursor or retitle its
window (ESC, C1 controls such as U+009B CSI), reorder the line it sits on (bidi overrides
U+202A–U+202E, U+2066–U+2069), start a spreadsheet formula, split a Markdown cell, or make an XML
document ill-formed (C0 controls, U+FFFE, U+FFFF, lone surrogates). :func:`visible` is the rule
for every edge: each character that is not printable (``str.isprintable``: controls, format
characters such as the bidi controls, line and paragraph separators, surrogates, unassigned and
non-characters) is written as its Python escape, ``\\x1b``, ``\\u202e``. The other helpers add
what their format needs on top of it. Renderers call these; nothing else escapes.
"""

from __future__ import annotations

import re
from typing import Any

_SHORT_ESCAPES = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _escape_char(ch: str) -> str:
    """The escape Python's ``repr`` writes for ``ch``."""
    short = _SHORT_ESCAPES.get(ch)
    if short:
        return short
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def visible(text: str) -> str:
    """``text`` with every character that is not printable written as its escape.

    >>> visible("a\\x1b[31mb\\u202ec\\n")
    'a\\\\x1b[31mb\\\\u202ec\\\\n'
    """
    if text.isprintable():  # the common case, at C speed
        return text
    return "".join(ch if ch.isprintable() else _escape_char(ch) for ch in text)


def _clean_lines(text: str) -> bool:
    """Several lines that are all printable and none ending with a space (the guard's no-op)."""
    if "\n" not in text or text.endswith(" ") or " \n" in text:
        return False
    return text.replace("\n", "").isprintable()


def visible_lines(text: str) -> str:
    """A whole document: :func:`visible` on each line, the line breaks (``\\n``) kept."""
    if text.isprintable():
        return text
    return "\n".join(visible(line) for line in text.split("\n"))


def terminal_text(text: str) -> str:
    """A name (or any text from a spec) for a terminal: :func:`visible`; for a rich ``Text``."""
    return visible(text)


# OWASP's rule against formula injection: a cell a spreadsheet would read as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(text: str) -> str:
    """A text cell of CSV (a name, a type): :func:`visible`, and a leading ``'`` when the
    cell would start with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return.

    Only text from the spec is given here: numbers (negative ones too) are written as numbers.

    >>> csv_cell("=HYPERLINK(1)"), csv_cell("conv1")
    ("'=HYPERLINK(1)", 'conv1')
    """
    if text.startswith(_FORMULA_STARTS):
        text = "'" + text
    return visible(text)


# The characters a Markdown renderer would read as syntax or as HTML inside a table cell.
_MARKDOWN = {
    "\\": "\\\\",
    "|": "\\|",
    "*": "\\*",
    "_": "\\_",
    "`": "\\`",
    "[": "\\[",
    "]": "\\]",
    "<": "&lt;",
    ">": "&gt;",
    "&": "&amp;",
}
# A pattern, not a compiled one: re compiles (and caches) it the first time Markdown is written,
# not at every start-up (this module is loaded by every command).
_MARKDOWN_SPECIAL = r"[\\|*_`\[\]<>&]"


def markdown_text(text: str) -> str:
    """Text for a GitHub-flavoured Markdown table cell or heading: :func:`visible`, then
    backslash, ``|`` and emphasis characters escaped with ``\\``, HTML as entities.

    >>> markdown_text("a\\\\|b <script>")
    'a\\\\\\\\\\\\|b &lt;script&gt;'
    """
    return re.sub(_MARKDOWN_SPECIAL, lambda match: _MARKDOWN[match.group()], visible(text))


def markdown_code_block(lines: list[str]) -> str:
    """Lines in a fenced code block: each :func:`visible`, the fence longer than any run of
    backticks in them (a name of three backticks would otherwise close the block).

    >>> markdown_code_block(["a ``` b"])
    '````\\na ``` b\\n````'
    """
    shown = [visible(line) for line in lines]
    longest = max((len(run) for line in shown for run in re.findall(r"`+", line)), default=0)
    fence = "`" * max(3, longest + 1)
    return "\n".join([fence, *shown, fence])


# LaTeX's special characters, as plain LaTeX (no package) prints them.
_LATEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    # OT1, plain LaTeX's font encoding, prints these as ¡, ¿ and —.
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
}
# The notation of the lecture notes and of cnncalc's notes, in LaTeX's math mode.
_LATEX_SYMBOLS = {
    "×": r"$\times$",
    "−": r"$-$",
    "·": r"$\cdot$",
    "→": r"$\rightarrow$",
    "≈": r"$\approx$",
    "≤": r"$\leq$",
    "⚠": r"\textbf{!}",
    "…": r"\ldots{}",
    "▸": r"$\triangleright$",
    "–": "--",
}


def latex_text(text: str) -> str:
    """Escape LaTeX's special characters and spell the lecture notation in math mode; a control
    character (a line break in a name would end the row) is first written as its escape.

    >>> latex_text("conv_1: 6×28×28 & 50%")
    'conv\\\\_1: 6$\\\\times$28$\\\\times$28 \\\\& 50\\\\%'
    """
    return "".join(_LATEX_SPECIAL.get(ch, _LATEX_SYMBOLS.get(ch, ch)) for ch in visible(text))


def html_text(text: str) -> str:
    """Text for HTML content or an attribute: :func:`visible`, then ``<>&"'`` as entities."""
    from html import escape  # only the HTML output needs it

    return escape(visible(text))


def xml_document(text: str) -> str:
    """A whole XML document (JUnit, SVG) with every character XML forbids (C0 controls, U+FFFE,
    U+FFFF, lone surrogates) — and the controls and bidi characters a terminal would act on —
    written as :func:`visible` escapes. The markup itself is printable ASCII and line breaks,
    so only text from the spec is changed, and the escapes contain no markup characters."""
    return visible_lines(text)


def json_document(text: str) -> str:
    """JSON text with every character that is not printable written as ``\\uXXXX``.

    ``json.dumps(..., ensure_ascii=False)`` escapes C0 controls but writes C1 controls and bidi
    overrides as they are. Outside strings JSON has only printable ASCII and line breaks, so each
    escape is inside a string, where it means the same character: the value is unchanged.
    """
    if _printable_but_line_breaks(text):  # the common case, decided at C speed
        return text
    # Line by line, so that only a line holding such a character is looked at character by character.
    return "\n".join(line if line.isprintable() else _json_line(line) for line in text.split("\n"))


# The ASCII characters that are printable, and the line feed.
_ASCII_PRINTABLE_OR_LF = b"\n" + bytes(range(0x20, 0x7F))


def _printable_but_line_breaks(text: str) -> bool:
    # What is left once a byte table drops printable ASCII and line feeds from the UTF-8 bytes
    # (whole characters: a multi-byte one has no ASCII byte): a few characters to look at,
    # more than twice faster on megabytes than isprintable (surrogatepass: a lone surrogate
    # is kept, and is not printable).
    rest = text.encode("utf-8", "surrogatepass").translate(None, _ASCII_PRINTABLE_OR_LF)
    return rest.decode("utf-8", "surrogatepass").isprintable()


def _json_line(line: str) -> str:
    return "".join(ch if ch.isprintable() else json_escape(ch) for ch in line)


def json_escape(ch: str) -> str:
    """``\\uXXXX`` for each UTF-16 unit of ``ch`` (a surrogate pair beyond the BMP)."""
    units = ch.encode("utf-16-be", "surrogatepass")
    return "".join(f"\\u{int.from_bytes(units[i : i + 2], 'big'):04x}" for i in range(0, len(units), 2))


def encodable_markup(text: str, encoding: str | None) -> str:
    """HTML or SVG for a stream in ``encoding``: each character it cannot encode as a character
    reference (``×`` → ``&#215;``), which means the same character to a browser."""
    name = (encoding or "utf-8").lower().replace("_", "-")
    if name.startswith("utf"):
        return text
    return text.encode(name, "xmlcharrefreplace").decode(name)


def guard_console(console: Any) -> Any:
    """``console`` (a rich ``Console``), with every text it writes passed through
    :func:`visible_lines`: whatever a renderer forgot, no control or bidi character of a name
    reaches the terminal (rich's own colours are styles, added after this, so they stay). And no
    line ends with blanks: rich pads a table's cells and leaves a space at each wrap; a blank
    that shows nothing (no background, underline or reverse video) is dropped at a line's end."""
    from rich.console import RenderHook

    class Guarded:
        def __init__(self, renderable: Any) -> None:
            self.renderable = renderable

        def __rich_console__(self, console: Any, options: Any) -> Any:
            segments = console.render(self.renderable, options)
            if console.color_system is None and _writes_clean_lines(self.renderable, options.max_width):
                # cnncalc's own table and totals, without colour (then where a segment ends is
                # not written): the guard would change none of their many segments' text.
                return segments
            return _guarded(segments)

    class Guard(RenderHook):
        def process_renderables(self, renderables: list[Any]) -> list[Any]:
            return [Guarded(renderable) for renderable in renderables]

    console.push_render_hook(Guard())
    return console


def _guarded(segments: Any) -> Any:
    """rich's ``segments`` as :func:`guard_console` writes them."""
    from rich.segment import Segment

    new_line = Segment.line()
    pending: list[Any] = []  # the line's trailing blanks: written only if text follows
    for segment in segments:
        if segment.control:
            yield from pending
            pending.clear()
            yield segment
            continue
        text = segment.text
        if text == "\n":
            pending.clear()
            yield segment
            continue
        if segment.style is None and _clean_lines(text):
            # Many plain lines (the fast table's): nothing to change, passed on whole.
            if pending and not text.startswith("\n"):
                yield from pending
            pending.clear()
            yield segment
            continue
        if not text.isprintable():
            text = visible_lines(text)
        for number, part in enumerate(text.split("\n")):
            if number:
                pending.clear()
                yield new_line
            body = part.rstrip(" ") if _invisible_blank(segment.style) else part
            if body:
                yield from pending
                pending.clear()
                yield segment if body is segment.text else Segment(body, segment.style)
            if len(body) < len(part):
                pending.append(Segment(part[len(body) :], segment.style))
    yield from pending


def _invisible_blank(style: Any) -> bool:
    return style is None or not (style.bgcolor or style.reverse or style.underline or style.strike)


def _writes_clean_lines(renderable: Any, max_width: int) -> bool:
    """Whether ``renderable`` (or each part of a ``Group``) says that every line it writes at
    ``max_width`` is already as :func:`guard_console` would leave it: printable, and ending in
    no blank (``writes_clean_lines``: cnncalc.render.fasttable's table and totals)."""
    parts = getattr(renderable, "renderables", None)  # a rich Group's
    if isinstance(parts, list):
        return all(_writes_clean_lines(part, max_width) for part in parts)
    says = getattr(renderable, "writes_clean_lines", None)
    return callable(says) and bool(says(max_width))
