"""A rich renderable that looks exactly like the ``rich.table.Table`` cnncalc prints, fast.

rich lays out every cell through its general machinery (padding, measuring, wrapping): about a
millisecond a row, so a 100,000-layer spec took minutes to print. cnncalc's cells are short
plain texts; when the table's natural width fits the console, its lines are written here
directly, with rich's own box characters and styles (a test holds the two outputs equal,
character by character and style by style). Otherwise (a table wider than the terminal, whose
cells rich must fold) it is handed to ``rich.table.Table`` as before.

Cells are shown as plain text, never read as rich markup: a layer named ``[/b]`` is a name,
not a closing tag (rich raised ``MarkupError`` on it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from rich import box
from rich.cells import cell_len
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult
    from rich.table import Table

Justify = Literal["left", "right"]
_BOX = box.HEAVY_HEAD
_HEADER_STYLE = "table.header"
_TITLE_STYLE = "table.title"


class LayerTable:
    """The subset of ``rich.table.Table`` that cnncalc uses: columns, rows of text, a title."""

    def __init__(
        self, title: str | None = None, title_justify: Justify = "left", **table_options: Any
    ) -> None:
        self.title = title
        self.title_justify = title_justify
        self.table_options = table_options
        self.headers: list[str] = []
        self.justify: list[Justify] = []
        self.overflow: list[str] = []
        self.rows: list[tuple[tuple[str, ...], str | None]] = []
        self._lengths: dict[str, int] = {}  # cell text → columns on screen; most cells repeat

    def add_column(self, header: str = "", justify: Justify = "left", overflow: str = "fold") -> None:
        self.headers.append(header)
        self.justify.append(justify)
        self.overflow.append(overflow)

    def add_row(self, *cells: str, style: str | None = None) -> None:
        self.rows.append((tuple(cells), style))

    def widths(self) -> list[int]:
        """Each column's natural width: its longest cell, plus one space either side."""
        widths = [self._length(header) for header in self.headers]
        for cells, _style in self.rows:
            for column, cell in enumerate(cells):
                length = self._length(cell)
                if length > widths[column]:
                    widths[column] = length
        return [width + 2 for width in widths]

    def _length(self, text: str) -> int:
        length = self._lengths.get(text)
        if length is None:
            length = len(text) if text.isascii() else cell_len(text)
            if len(self._lengths) < 100_000:
                self._lengths[text] = length
        return length

    def to_rich(self) -> Table:
        """The same table as a ``rich.table.Table`` (the cells as plain Text)."""
        from rich.table import Table

        table = Table(
            title=Text(self.title, style=_TITLE_STYLE) if self.title is not None else None,
            title_justify=self.title_justify,
            **self.table_options,
        )
        for header, justify, overflow in zip(self.headers, self.justify, self.overflow, strict=True):
            table.add_column(Text(header), justify=justify, overflow=overflow)  # type: ignore[arg-type]
        for cells, style in self.rows:
            table.add_row(*(Text(cell) for cell in cells), style=style)
        return table

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        width = sum(self.widths()) + len(self.headers) + 1
        if width > options.max_width:
            return Measurement.get(console, options, self.to_rich())
        return Measurement(width, width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        widths = self.widths()
        table_width = sum(widths) + len(widths) + 1
        if not widths or table_width > options.max_width or self.table_options.get("show_lines"):
            yield self.to_rich()
            return
        render_options = options.update(width=table_width, highlight=False, height=None)
        if self.title:
            title = Text(self.title, style=console.get_style(_TITLE_STYLE))
            yield from console.render(title, render_options.update(justify=self.title_justify))
        frame = _BOX.substitute(render_options, safe=console.safe_box)
        border = console.get_style("") + console.get_style("")
        new_line = Segment.line()
        heads = (Segment(frame.head_left, border), Segment(frame.head_vertical, border))
        mids = (Segment(frame.mid_left, border), Segment(frame.mid_vertical, border))
        foots = (Segment(frame.foot_left, border), Segment(frame.foot_vertical, border))
        ends = (Segment(frame.head_right, border), Segment(frame.mid_right, border))
        yield Segment(frame.get_top(widths), border)
        yield new_line
        header_style = console.get_style(_HEADER_STYLE) + console.get_style("")
        yield from self._line(self.headers, widths, header_style, heads, ends[0])
        yield new_line
        yield Segment(frame.get_row(widths, "head", edge=True), border)
        yield new_line
        styles: dict[str | None, Style] = {}
        last = len(self.rows) - 1
        foot_right = Segment(frame.foot_right, border)
        for number, (cells, row_style) in enumerate(self.rows):
            style = styles.get(row_style)
            if style is None:
                style = styles[row_style] = Style.null() + Style.null() + console.get_style(row_style or "")
            if number == last:
                yield from self._line(cells, widths, style, foots, foot_right)
            else:
                yield from self._line(cells, widths, style, mids, ends[1])
            yield new_line
        yield Segment(frame.get_bottom(widths), border)
        yield new_line

    def _line(
        self,
        cells: tuple[str, ...] | list[str],
        widths: list[int],
        style: Style,
        edges: tuple[Segment, Segment],
        right: Segment,
    ) -> RenderResult:
        left, divider = edges
        texts = []
        for column, cell in enumerate(cells):
            room = widths[column] - 2 - cell_len(cell)
            texts.append(
                f" {' ' * room}{cell} " if self.justify[column] == "right" else f" {cell}{' ' * room} "
            )
        if not style and not left.style:
            # Nothing to colour: the whole line as one segment (rich's work is per segment).
            yield Segment(left.text + divider.text.join(texts) + right.text)
            return
        yield left
        for column, text in enumerate(texts):
            if column:
                yield divider
            yield Segment(text, style)
        yield right
