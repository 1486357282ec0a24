"""A rich renderable that looks exactly like the ``rich.table.Table`` cnncalc prints, fast, and
that never breaks a number or a shape on a narrow terminal.

rich lays out every cell through its general machinery (padding, measuring, wrapping): about a
millisecond a row, so a 100,000-layer spec took minutes to print. cnncalc's cells are short
plain texts; when the table's natural width fits the console, its lines are written here
directly, with rich's own box characters and styles (tests hold the two outputs equal,
character by character and style by style). A row of characters one column wide each (nearly
every row) is one ``str.format`` of a template made once a table, and one segment.

When it does not fit, rich would fold every cell, numbers too (``3×224×2`` / ``24``). Here
instead, in this order, until the table fits:

the notes wrap at spaces (never inside a word), optional columns are left out in the order of
their ``drop`` rank (the table says which, under it), and names, types and inputs (never
numbers, shapes or notes) fold inside a word; :meth:`LayerTable.layout` has the steps.

Numbers and shapes are never broken. No line ends with a space: the title is not padded.

Cells are shown as plain text, never read as rich markup: a layer named ``[/b]`` is a name,
not a closing tag (rich raised ``MarkupError`` on it); and every cell and the title pass through
:func:`cnncalc.text.terminal_text`, so no control or bidi character reaches the terminal.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import zip_longest
from operator import itemgetter
from typing import TYPE_CHECKING, Any, Literal

from rich import box
from rich.cells import cell_len
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

from cnncalc.render.i18n import Lang, t
from cnncalc.text import terminal_text

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult

Justify = Literal["left", "right"]
_BOX = box.HEAVY_HEAD
_HEADER_STYLE = "table.header"
_TITLE_STYLE = "table.title"
_NOTE_STYLE = "dim"
_NEW_LINE = Segment.line()
# Plain lines written as one segment: rich splits a segment's lines by partitioning what is left
# of it, once a line, so a long segment costs its length squared.
_LINES_A_SEGMENT = 16
_PRINTABLE_ASCII = "".join(map(chr, range(0x20, 0x7F)))
# A wrapped column keeps at least this many columns while others can still give way.
_NOTES_SOFT_MINIMUM = 24
# Optional columns ranked below _DROPPED_FIRST go before names fold, those from _DROPPED_LAST
# on only when nothing else gives way. Names fold to the wide width first, then (the last
# resort, on a very narrow terminal) to the narrow one.
_DROPPED_FIRST = 2
_DROPPED_LAST = 5
_FOLD_WIDE = 16
_FOLD_NARROW = 8


class LayerTable:
    """The subset of ``rich.table.Table`` that cnncalc uses: columns, rows of text, a title."""

    def __init__(
        self,
        title: str | None = None,
        title_justify: Justify = "left",
        lang: Lang = Lang.en,
        **table_options: Any,
    ) -> None:
        self.title = terminal_text(title) if title is not None else None
        self.lang = lang
        self.title_justify = title_justify
        self.table_options = table_options
        self.headers: list[str] = []
        self.justify: list[Justify] = []
        self.overflow: list[str] = []
        self.wrap: list[bool] = []
        self.fold: list[bool] = []
        self.drop: list[int | None] = []
        self.rows: list[tuple[tuple[str, ...], str | None]] = []
        self._lengths: dict[str, int] = {}  # cell text → columns on screen; most cells repeat
        self._natural: list[int] | None = None  # widths(), once all rows are in
        self._cells_one_column = True  # whether every cell's characters are (widths() says)
        # Characters rich measures one column wide, and the rest.
        self._narrow = set(_PRINTABLE_ASCII)
        self._not_narrow: set[str] = set()
        self._laid_out: tuple[int, tuple[list[int], list[int]]] | None = None  # the last layout()

    def add_column(
        self,
        header: str = "",
        justify: Justify = "left",
        overflow: str = "fold",
        *,
        wrap: bool = False,
        fold: bool = False,
        drop: int | None = None,
    ) -> None:
        """``wrap``: the column's text may wrap at spaces; ``fold``: also inside a word (the last
        resort; never for numbers); ``drop``: left out when the table does not fit, lowest first."""
        self.headers.append(terminal_text(header))
        self.justify.append(justify)
        self.overflow.append(overflow)
        self.wrap.append(wrap or fold)
        self.fold.append(fold)
        self.drop.append(drop)

    def add_row(self, *cells: str, style: str | None = None) -> None:
        if not "".join(cells).isprintable():  # one test a row: nearly every row is plain text
            cells = tuple(terminal_text(cell) for cell in cells)
        self.rows.append((cells, style))
        self._natural = None
        self._laid_out = None

    def widths(self) -> list[int]:
        """Each column's natural width: its longest cell, plus one space either side."""
        if self._natural is None:
            widths = [self._length(header) for header in self.headers]
            self._cells_one_column = True
            # Column by column, each distinct text once; one column a character: measured by len.
            for column, texts in enumerate(zip(*(cells for cells, _style in self.rows), strict=True)):
                distinct = set(texts)
                one_column = self._one_column_each("".join(distinct))
                self._cells_one_column = self._cells_one_column and one_column
                widths[column] = max(widths[column], *map(len if one_column else self._length, distinct))
            self._natural = [width + 2 for width in widths]
        return self._natural

    def cells_one_column(self) -> bool:
        """Whether every cell is of one-column characters (found by :meth:`widths`)."""
        self.widths()
        return self._cells_one_column

    def _length(self, text: str) -> int:
        length = self._lengths.get(text)
        if length is None:
            length = len(text) if text.isascii() else cell_len(text)
            if len(self._lengths) < 100_000:
                self._lengths[text] = length
        return length

    def _one_column_each(self, text: str) -> bool:
        """Whether each character of ``text`` is one column wide on screen: then its length
        is its width (str.format and len may pad and measure it)."""
        if self._narrow.issuperset(text):
            return True
        for char in set(text) - self._narrow - self._not_narrow:
            # A joiner or variation selector measures 0 alone: never taken for narrow.
            (self._narrow if cell_len(char) == 1 else self._not_narrow).add(char)
        return self._narrow.issuperset(text)

    def _styles(self) -> set[str | None]:
        return {style for _cells, style in self.rows}

    def _longest_words(self) -> list[int]:
        """Each column's longest word (text between spaces), plus the padding: the narrowest it
        can wrap to without breaking a word."""
        longest = [max((cell_len(word) for word in header.split(" ")), default=0) for header in self.headers]
        for column, wrap in enumerate(self.wrap):
            if wrap and self.rows:
                # Each distinct text once; its words are those of all of them, one space apart.
                words = " ".join({cells[column] for cells, _style in self.rows}).split(" ")
                measure = len if self._one_column_each("".join(words)) else self._length
                longest[column] = max(longest[column], *map(measure, words))
        return [length + 2 for length in longest]

    def layout(self, max_width: int, natural: list[int] | None = None) -> tuple[list[int], list[int]]:
        """The columns shown (indices) and their widths, for ``max_width`` columns of screen.

        Until the table fits: notes wrap to a few words a line; the first optional columns are
        left out; names and inputs fold to :data:`_FOLD_WIDE`; more optional columns go; notes
        wrap to their longest word; names fold to :data:`_FOLD_NARROW`; the last optional columns
        go.
        """
        natural = natural or self.widths()
        shown = list(range(len(natural)))
        if _total(natural) <= max_width:
            return shown, natural
        words = self._longest_words()
        widths = list(natural)
        notes = [c for c in shown if self.wrap[c] and not self.fold[c]]
        folded = [c for c in shown if self.fold[c]]
        droppable = sorted((c for c in shown if self.drop[c] is not None), key=lambda c: self.drop[c] or 0)

        def fits() -> bool:
            return _total([widths[c] for c in shown]) <= max_width

        def narrow(columns: list[int], floor: list[int]) -> None:
            for column in columns:
                widths[column] = min(widths[column], max(floor[column], 3))

        first = [c for c in droppable if (self.drop[c] or 0) < _DROPPED_FIRST]
        last = [c for c in droppable if (self.drop[c] or 0) >= _DROPPED_LAST]
        middle = [c for c in droppable if c not in first and c not in last]
        steps: list[tuple[str, Any]] = [
            ("narrow", (notes, [max(w, _NOTES_SOFT_MINIMUM) for w in words])),
            *(("drop", c) for c in first),
            ("narrow", (folded, [min(n, _FOLD_WIDE + 2) for n in natural])),
            *(("drop", c) for c in middle),
            ("narrow", (notes, words)),
            ("narrow", (folded, [min(n, _FOLD_NARROW + 2) for n in natural])),
            *(("drop", c) for c in last),
        ]
        for action, argument in steps:
            if fits():
                break
            if action == "drop":
                shown.remove(argument)
            else:
                narrow(*argument)
        # Room left over goes back to the narrowed columns, notes (the last) first.
        room = max_width - _total([widths[c] for c in shown])
        for column in reversed([c for c in shown if self.wrap[c]]):
            grow = min(room, natural[column] - widths[column])
            if grow > 0:
                widths[column] += grow
                room -= grow
        return shown, [widths[c] for c in shown]

    def _layout(self, max_width: int) -> tuple[list[int], list[int]]:
        """:meth:`layout` at the natural widths, kept for the next call at the same width."""
        if self._laid_out is None or self._laid_out[0] != max_width:
            self._laid_out = (max_width, self.layout(max_width, self.widths()))
        return self._laid_out[1]

    def within(self, max_width: int) -> bool:
        """Whether no line this table writes at ``max_width`` is wider: then rich's cropping of
        each line (``Console.print``'s ``crop``) changes nothing. Proven only where every text is
        of one-column characters, the table fits, every narrowed column that wraps at spaces
        holds its longest word (one that folds always fits a character a line) and the title
        and the note under the table fold to the width."""
        if max_width < 1 or self.table_options.get("show_lines"):
            return False
        shown, widths = self._layout(max_width)
        if not widths or _total(widths) > max_width:
            return False
        texts = [*self.headers, self.title or ""]
        if len(shown) < len(self.headers):
            left_out = ", ".join(h for c, h in enumerate(self.headers) if c not in shown)
            texts.append(t("table_left_out", self.lang, width=max_width, columns=left_out))
        if not (self.cells_one_column() and self._one_column_each("".join(texts))):
            return False
        natural = self.widths()
        narrowed = [(c, width) for c, width in zip(shown, widths, strict=True) if width < natural[c]]
        if any(not self.fold[c] for c, _width in narrowed):
            words = self._longest_words()
            return all(self.fold[c] or width >= words[c] for c, width in narrowed)
        return True

    def writes_clean_lines(self, max_width: int) -> bool:
        """Whether every line written at ``max_width`` is already as cnncalc.text's guard would
        leave it: printable (every text passed :func:`~cnncalc.text.terminal_text`) and ending
        in a border or a word (:func:`wrap_words`), never a blank. Not where rich's ``Table``
        writes it instead (:meth:`to_rich`: it pads the title)."""
        return not self.table_options.get("show_lines") and bool(self._layout(max_width)[1])

    def to_rich(self) -> Any:
        """The same table as a ``rich.table.Table`` (the cells as plain Text), under its title."""
        from rich.console import Group
        from rich.table import Table

        table = Table(**self.table_options)
        for header, justify, overflow in zip(self.headers, self.justify, self.overflow, strict=True):
            table.add_column(Text(header), justify=justify, overflow=overflow)  # type: ignore[arg-type]
        for cells, style in self.rows:
            table.add_row(*(Text(cell) for cell in cells), style=style)
        if self.title is None:
            return table
        return Group(Text(self.title, style=_TITLE_STYLE), table)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        width = min(_total(self.widths()), options.max_width)
        return Measurement(width, width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        natural = self.widths()
        shown, widths = self._layout(options.max_width)
        if not widths or self.table_options.get("show_lines"):
            yield self.to_rich()
            return
        new_line = Segment.line()
        if self.title:
            title_style = console.get_style(_TITLE_STYLE)
            for line in wrap_words(self.title, options.max_width, fold=True):
                yield Segment(line, title_style)
                yield new_line
        # At its natural widths no cell wraps; else only a narrowed column's cells may.
        narrowed = [] if widths is natural else [i for i, c in enumerate(shown) if widths[i] < natural[c]]
        columns = _Columns(
            widths,
            [self.justify[c] for c in shown],
            [self.fold[c] for c in shown],
            narrowed,
            self._length,
            self._one_column_each,
        )
        render_options = options.update(width=_total(widths), highlight=False, height=None)
        frame = _BOX.substitute(render_options, safe=console.safe_box)
        border = console.get_style("") + console.get_style("")
        heads, mids, foots = (
            _edges(border, *edges)
            for edges in (
                (frame.head_left, frame.head_vertical, frame.head_right),
                (frame.mid_left, frame.mid_vertical, frame.mid_right),
                (frame.foot_left, frame.foot_vertical, frame.foot_right),
            )
        )
        yield Segment(frame.get_top(widths), border)
        yield new_line
        header_style = console.get_style(_HEADER_STYLE) + console.get_style("")
        headers = tuple(self.headers[c] for c in shown)
        yield from columns.row(headers, header_style, heads)
        yield Segment(frame.get_row(widths, "head", edge=True), border)
        yield new_line
        styles = {
            name: Style.null() + Style.null() + console.get_style(name or "") for name in self._styles()
        }
        shown_cells = None if len(shown) == len(self.headers) else _picker(shown)
        yield from columns.body(self.rows, styles, shown_cells, mids, foots, self.cells_one_column())
        yield Segment(frame.get_bottom(widths), border)
        yield new_line
        if len(shown) < len(self.headers):
            left_out = ", ".join(h for c, h in enumerate(self.headers) if c not in shown)
            note = t("table_left_out", self.lang, width=options.max_width, columns=left_out)
            note_style = console.get_style(_NOTE_STYLE)
            for line in wrap_words(note, options.max_width, fold=True):
                yield Segment(line, note_style)
                yield new_line


def _picker(shown: list[int]) -> Callable[[tuple[str, ...]], tuple[str, ...]]:
    """The cells of the ``shown`` columns, as a tuple (itemgetter of one index gives the cell)."""
    if len(shown) == 1:
        return lambda cells: (cells[shown[0]],)
    return itemgetter(*shown)


def _total(widths: list[int]) -> int:
    """A table's width: its columns and a border between and around them."""
    return sum(widths) + len(widths) + 1


# A row's left edge, its dividers and its right edge.
_Edges = tuple[Segment, Segment, Segment]


def _edges(style: Style, left: str, divider: str, right: str) -> _Edges:
    return Segment(left, style), Segment(divider, style), Segment(right, style)


class _Columns:
    """The shown columns' widths, justification and folding: what every row is written with."""

    __slots__ = ("_templates", "folds", "justify", "length", "narrowed", "one_column_each", "widths")

    def __init__(
        self,
        widths: list[int],
        justify: list[Justify],
        folds: list[bool],
        narrowed: list[int],
        length: Callable[[str], int],
        one_column_each: Callable[[str], bool],
    ) -> None:
        self.widths = widths
        self.justify = justify
        self.folds = folds
        self.narrowed = narrowed  # the columns narrower than their longest cell
        self.length = length  # a text's columns on screen
        self.one_column_each = one_column_each  # its length is its width
        self._templates: dict[_Edges, str] = {}

    def body(
        self,
        rows: list[tuple[tuple[str, ...], str | None]],
        styles: dict[str | None, Style],
        shown: Callable[[tuple[str, ...]], tuple[str, ...]] | None,
        mids: _Edges,
        foots: _Edges,
        one_column: bool = False,
    ) -> RenderResult:
        """The table's rows, with ``styles`` for their styles' names and the cells ``shown``
        (all if None); the last row between ``foots``, the others between ``mids``.
        ``one_column``: every cell is known to be of one-column characters.

        Lines with nothing to colour go out together, as one segment of many lines: rich's work
        (and cnncalc's guard's, cnncalc.text) is per segment, and the characters are the same."""
        last = len(rows) - 1
        plain = not mids[0].style
        templates = (self._template(mids), self._template(foots))  # not looked up once a row
        lines: list[str] = []  # plain lines not yet written
        for number, (all_cells, row_style) in enumerate(rows):
            cells = all_cells if shown is None else shown(all_cells)
            style = styles[row_style]
            edges = foots if number == last else mids
            if not (plain and not style and not edges[0].style):
                if lines:
                    yield _lines(lines)
                    lines = []
                yield from self.row(cells, style, edges)
            elif one_column or self.one_column_each("".join(cells)):
                # The common row: its lengths are its widths, padded by str.format.
                lines += self.one_column_lines(cells, edges, templates[number == last])
            else:
                lines += self.plain_lines(cells, edges)
            if len(lines) >= _LINES_A_SEGMENT:
                yield _lines(lines)
                lines = []
        if lines:
            yield _lines(lines)

    def one_column_lines(self, cells: tuple[str, ...], edges: _Edges, template: str) -> list[str]:
        """:meth:`plain_lines` for cells of one-column characters, quicker: only a narrowed
        column's cell may wrap, each text's length is its width, and str.format pads it with
        ``template`` (``edges``' :meth:`_template`)."""
        columns: list[list[str]] | None = None  # each cell's lines, once one wraps
        for column in self.narrowed:
            cell, room = cells[column], self.widths[column] - 2
            if len(cell) > room:
                if columns is None:
                    columns = [[text] for text in cells]
                columns[column] = wrap_words(cell, room, self.folds[column], measure=len)
        if columns is None:
            return [template.format(*cells)]
        return [template.format(*line) for line in zip_longest(*columns, fillvalue="")]

    def plain_lines(self, cells: tuple[str, ...], edges: _Edges) -> list[str]:
        """The lines of a row with nothing to colour, as :meth:`row` writes them (as text: no
        segment a line, the long names of a deep network fold nearly every row)."""
        if self.fits(cells):
            return [self._plain_line(cells, edges)]
        widths, length = self.widths, self.length
        wrapped = [
            wrap_words(cell, width - 2, fold) if length(cell) > width - 2 else [cell]
            for cell, width, fold in zip(cells, widths, self.folds, strict=True)
        ]
        height = max(map(len, wrapped))
        return [
            self._plain_line(tuple(lines[number] if number < len(lines) else "" for lines in wrapped), edges)
            for number in range(height)
        ]

    def _plain_line(self, cells: tuple[str, ...], edges: _Edges) -> str:
        """:meth:`line`'s one segment, for a line with nothing to colour."""
        if self.one_column_each("".join(cells)):  # str.format pads it right
            return self._template(edges).format(*cells)
        left, divider, right = edges
        return left.text + divider.text.join(self._padded(cells)) + right.text

    def fits(self, cells: tuple[str, ...]) -> bool:
        """Whether the row is one line: no cell of a narrowed column is wider than the column."""
        length, widths = self.length, self.widths
        return all(length(cells[column]) <= widths[column] - 2 for column in self.narrowed)

    def line_row(self, cells: tuple[str, ...], style: Style, edges: _Edges) -> RenderResult:
        """A row known to fit on one line."""
        yield from self.line(cells, style, edges)
        yield _NEW_LINE

    def row(self, cells: tuple[str, ...], style: Style, edges: _Edges) -> RenderResult:
        """One row of the table: one line, or as many as its most wrapped cell needs."""
        if self.fits(cells):
            yield from self.line_row(cells, style, edges)
            return
        widths, length = self.widths, self.length
        wrapped = [
            wrap_words(cell, width - 2, fold) if length(cell) > width - 2 else [cell]
            for cell, width, fold in zip(cells, widths, self.folds, strict=True)
        ]
        height = max(len(lines) for lines in wrapped)
        for number in range(height):
            line = tuple(lines[number] if number < len(lines) else "" for lines in wrapped)
            yield from self.line(line, style, edges)
            yield _NEW_LINE

    def line(self, cells: tuple[str, ...], style: Style, edges: _Edges) -> RenderResult:
        """One line of cells, each padded to its column's width."""
        left, divider, right = edges
        if not style and not left.style:
            # Nothing to colour: the whole line as one segment (rich's work is per segment).
            yield Segment(self._plain_line(cells, edges))
            return
        yield left
        for column, text in enumerate(self._padded(cells)):
            if column:
                yield divider
            yield Segment(text, style)
        yield right

    def _padded(self, cells: tuple[str, ...]) -> list[str]:
        """Each cell with a space either side, padded to its column's width as it justifies."""
        widths, justify, length = self.widths, self.justify, self.length
        texts = []
        for column, cell in enumerate(cells):
            room = widths[column] - 2 - length(cell)
            texts.append(f" {' ' * room}{cell} " if justify[column] == "right" else f" {cell}{' ' * room} ")
        return texts

    def _template(self, edges: _Edges) -> str:
        """A format string that writes a line of cells between ``edges``, for cells of
        one-column characters (str.format pads by length)."""
        template = self._templates.get(edges)
        if template is None:
            left, divider, right = (edge.text.replace("{", "{{").replace("}", "}}") for edge in edges)
            cells = [
                f" {{:{'>' if justify == 'right' else '<'}{width - 2}}} "
                for width, justify in zip(self.widths, self.justify, strict=True)
            ]
            template = self._templates[edges] = left + divider.join(cells) + right
        return template


def _lines(lines: list[str]) -> Segment:
    """Lines with nothing to colour as one segment, each ended by a line break."""
    lines.append("")
    return Segment("\n".join(lines))


def wrap_words(
    text: str, width: int, fold: bool = False, measure: Callable[[str], int] = cell_len
) -> list[str]:
    """``text`` in lines of at most ``width`` columns, broken at spaces; a word longer than a line
    is folded only if ``fold``, else it gets a line of its own. No line ends with a space.
    ``measure`` is a text's width: ``len`` for a text of one-column characters.

    >>> wrap_words("stride does not fit: 225/2 (112.50) → 112", 12)
    ['stride does', 'not fit:', '225/2', '(112.50) →', '112']
    """
    width = max(width, 1)
    if fold and measure is len and " " not in text:
        # One word of one-column characters (a deep block's name): cut every ``width``.
        return [text[start : start + width] for start in range(0, len(text), width)] or [""]
    # A line's width is the sum of its words' and spaces' (measured once each, not the line
    # again per word), unless a joiner or variation selector may change a character's width.
    additive = "\u200d" not in text and "\ufe0f" not in text
    lines: list[str] = []
    line, taken = "", 0  # the line being filled, and its width
    for word in text.split(" "):
        if not word:
            continue
        size = measure(word)
        if line and taken + 1 + size <= width:
            line += " " + word
            taken = taken + 1 + size if additive else measure(line)
            continue
        if line:
            lines.append(line)
        line, taken = word, size
        while fold and taken > width:
            head, line = _split_at_width(line, width, measure is len)
            lines.append(head)
            taken = measure(line)
    if line or not lines:
        lines.append(line)
    return lines


def _split_at_width(word: str, width: int, one_column_each: bool = False) -> tuple[str, str]:
    if one_column_each or word.isascii():  # no need to measure each character (a deep block's name)
        return word[:width], word[width:]
    taken = 0
    for index, char in enumerate(word):
        taken += cell_len(char)
        if taken > width:
            return word[: max(index, 1)], word[max(index, 1) :]
    return word, ""


class TextLines:
    """Lines of text, each wrapped at spaces to the console's width, none ending with a space
    (rich's own wrapping leaves one at each break). Every line passes through
    :func:`cnncalc.text.terminal_text`."""

    def __init__(self, lines: list[tuple[str, str | None]]) -> None:
        self.lines = [(terminal_text(text), style) for text, style in lines]

    def writes_clean_lines(self, max_width: int) -> bool:
        """Always (see :meth:`LayerTable.writes_clean_lines`): each line passed terminal_text and
        is wrapped by :func:`wrap_words`."""
        return True

    def within(self, max_width: int) -> bool:
        """Whether no line is wider than ``max_width`` (see :meth:`LayerTable.within`): one-column
        characters fold to it."""
        text = "".join(text for text, _style in self.lines)
        return max_width >= 1 and all(cell_len(char) == 1 for char in set(text))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        new_line = Segment.line()
        for text, style in self.lines:
            line_style = console.get_style(style) if style else None
            for line in wrap_words(text, options.max_width, fold=True):
                yield Segment(line, line_style)
                yield new_line


def within_width(renderable: Any, max_width: int) -> bool:
    """Whether ``renderable`` (a table, its totals, or a ``Group`` of them) writes no line wider
    than ``max_width``: then it may be printed without rich's cropping of every line."""
    from rich.console import Group

    if isinstance(renderable, Group):
        return all(within_width(part, max_width) for part in renderable.renderables)
    return isinstance(renderable, (LayerTable, TextLines)) and renderable.within(max_width)
