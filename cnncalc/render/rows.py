"""The row model of every tabular output: the columns and the rows, as data, built once.

The terminal table, Markdown, LaTeX, HTML and CSV all take their cells from here, so a column
chosen by an option (``--rf``, ``--dtype``, a graph's inputs) appears in each of them alike, and a
merge's row carries every input's shape. Each renderer only formats the cells (and escapes them
through :mod:`cnncalc.text`); :class:`RowTexts` writes the text the four text formats share.

The records are named tuples and a class with slots, not dataclasses: a frozen dataclass costs
a millisecond and more to create at import (the terminal table's start-up).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import Literal, NamedTuple

from cnncalc.engine.results import (
    DTYPE_BYTES,
    Exact,
    Flag,
    FoldedBlock,
    LayerResult,
    NetworkResult,
    ReceptiveField,
    Shape,
    fold,
)
from cnncalc.render.formatting import (
    byte_text,
    count_text,
    notes_text,
    per_axis_text,
    shape_text,
)
from cnncalc.render.i18n import Lang, t

RowRole = Literal["input", "layer", "block"]
# The receptive field's three columns (--rf), in order.
FIELD_COLUMNS = ("rf_size", "rf_jump", "rf_start")
# Every column a table can have, in column_keys' order.
_ORDER = (
    "index",
    "name",
    "type",
    "inputs",
    "input_shape",
    "output_shape",
    "params",
    "macs",
    *FIELD_COLUMNS,
    "memory",
    "train_memory",
    "notes",
)
ALL_COLUMNS = frozenset(_ORDER)
_EMPTY = ("",) * len(_ORDER)


# Right-aligned in every table.
NUMERIC_COLUMNS = frozenset(
    {"index", "params", "macs", "rf_size", "rf_jump", "rf_start", "memory", "train_memory"}
)


class Column(NamedTuple):
    key: str  # one of ALL_COLUMNS

    @property
    def numeric(self) -> bool:
        """Right-aligned: a count or a size."""
        return self.key in NUMERIC_COLUMNS

    def title(self, lang: Lang = Lang.en) -> str:
        """The title in the table, Markdown, LaTeX and HTML (CSV's are its own keys): the
        catalogue's ``col.<key>``."""
        return t(f"col.{self.key}", lang)

    def titled(self, dtype: str | None, lang: Lang = Lang.en) -> str:
        """The title with the memory's precision, ``Memory (int8)``, for a format with no line
        that says it (Markdown, LaTeX, HTML); the terminal's summary says ``Memory (int8): …``."""
        title = self.title(lang)
        return f"{title} ({dtype})" if self.key == "memory" and dtype is not None else title


class Row:
    """One row of a layer table: the network's input, a layer, or a block folded by ``--depth``.

    ``input_shapes`` has one shape per input (several for a merge); the input row has none and
    its ``output_shape`` is the network's input. Counts are ``None`` on the input row.

    A plain class with slots: one is made per layer, and a named tuple of fourteen fields costs
    more to create at import than all of the terminal table's other records.
    """

    __slots__ = (
        "first",
        "input_shapes",
        "inputs",
        "last",
        "layers",
        "macs",
        "memory_bytes",
        "name",
        "output_shape",
        "params",
        "receptive_field",
        "role",
        "train_bytes",
        "trainable_params",
        "type",
    )

    def __init__(
        self,
        role: RowRole,
        first: int | None,  # the layer index (a block's first); None for the input row
        last: int | None,  # a block's last layer index; the layer's own otherwise
        name: str,
        type: str,
        inputs: tuple[str, ...],
        input_shapes: tuple[Shape, ...],
        output_shape: Shape,
        params: int | None = None,
        trainable_params: int | None = None,
        macs: int | None = None,
        receptive_field: ReceptiveField | None = None,
        memory_bytes: int | None = None,  # the output activation at --dtype's precision
        layers: tuple[LayerResult, ...] = (),  # the layer itself, or the block's layers
        train_bytes: int | None = None,  # --train: the layer's (a block's: its layers') share
    ) -> None:
        self.role = role
        self.first = first
        self.last = last
        self.name = name
        self.type = type
        self.inputs = inputs
        self.input_shapes = input_shapes
        self.output_shape = output_shape
        self.params = params
        self.trainable_params = trainable_params
        self.macs = macs
        self.receptive_field = receptive_field
        self.memory_bytes = memory_bytes
        self.layers = layers
        self.train_bytes = train_bytes

    @property
    def flagged(self) -> bool:
        """A layer with a warning, or a block with such a layer."""
        layers = self.layers
        return layers[0].flagged if len(layers) == 1 else any(layer.flagged for layer in layers)


class Rows(NamedTuple):
    """A network's table: the columns the options chose and one row per shown layer or block."""

    result: NetworkResult
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]  # the input row first
    keys: tuple[str, ...]  # the columns' keys, in order


def column_keys(
    result: NetworkResult, rf: bool = False, dtype: str | None = None, train: bool = False
) -> list[str]:
    """The keys of a layer table's columns, in order: inputs for a graph, then --rf, --dtype's
    and --train's."""
    keys = ["index", "name", "type"]
    if not result.is_chain:
        keys.append("inputs")
    keys += ["input_shape", "output_shape", "params", "macs"]
    if rf:
        keys += FIELD_COLUMNS
    if dtype is not None:
        keys.append("memory")
    if train:
        keys.append("train_memory")
    return [*keys, "notes"]


def build_rows(
    result: NetworkResult,
    rf: bool = False,
    dtype: str | None = None,
    depth: int | None = None,
    train: Sequence[int] | None = None,
) -> Rows:
    """The columns and rows of ``result``'s table: ``rf`` adds the receptive field's columns,
    ``dtype`` the memory column, ``depth`` folds blocks nested deeper than that into one row;
    ``train`` (each layer's share of a training step, in ``result.layers``' order) the
    ``train_memory`` column, a folded block's the sum of its layers'."""
    size = DTYPE_BYTES[dtype] if dtype is not None else None
    shown = fold(result.layers, depth)
    first = Row("input", None, None, "input", "", (), (), result.input_shape)
    rows = [first, *(_row(item, size) for item in shown)]
    if train is not None:
        share = {layer.index: part for layer, part in zip(result.layers, train, strict=True)}
        for row in rows[1:]:
            row.train_bytes = sum(share[layer.index] for layer in row.layers)
    columns = tuple(Column(key) for key in column_keys(result, rf, dtype, train is not None))
    return Rows(result, columns, tuple(rows), tuple(column.key for column in columns))


def _row(item: LayerResult | FoldedBlock, bytes_per_value: int | None) -> Row:
    if isinstance(item, FoldedBlock):
        last = item.last
        return Row(
            "block",
            item.first_index,
            last.index,
            item.name,
            item.label,
            item.inputs,
            (item.layers[0].input_shape,),  # the block's input: its first layer's
            last.output_shape,
            item.params,
            item.trainable_params,
            item.macs,
            last.receptive_field,
            last.memory_bytes(bytes_per_value) if bytes_per_value else None,
            item.layers,
        )
    return Row(
        "layer",
        item.index,
        item.index,
        item.name,
        item.type,
        item.inputs,
        item.input_shapes or (item.input_shape,),
        item.output_shape,
        item.params,
        item.trainable_params,
        item.macs,
        item.receptive_field,
        item.memory_bytes(bytes_per_value) if bytes_per_value else None,
        (item,),
    )


def warnings_of(row: Row) -> tuple[Flag, ...]:
    return tuple(flag for layer in row.layers for flag in layer.warnings)


class RowTexts:
    """Writes rows' cells in column order (a cell the row has not is empty), as the table,
    Markdown, LaTeX and HTML show them (before escaping): ``macs`` writes the MACs (the
    terminal's are short). Each distinct shape, MACs count, per-axis value and size is written
    once a table (a chain's rows repeat them)."""

    __slots__ = ("_axes", "_bytes", "_macs", "_pick", "_shapes", "channels_last", "keys", "lang", "macs")

    def __init__(self, rows: Rows, lang: Lang = Lang.en, macs: Callable[[int], str] = count_text) -> None:
        self.lang = lang
        self.channels_last = rows.result.channels_last
        self.macs = macs
        self.keys = frozenset(rows.keys)
        self._pick = itemgetter(*(_ORDER.index(key) for key in rows.keys))  # every table has 9 and more
        self._shapes: dict[Shape, str] = {}
        self._macs: dict[int, str] = {}
        self._axes: dict[tuple[Exact, ...], str] = {}
        self._bytes: dict[int, str] = {}

    def __call__(self, row: Row) -> tuple[str, ...]:
        return self._pick(self.every_cell(row))  # type: ignore[no-any-return]

    def every_cell(self, row: Row) -> tuple[str, ...]:
        """``row``'s cells in every column of :data:`_ORDER`; those the table does not show are
        empty (a 100,000-row table: only the cells shown are written)."""
        if row.role == "input":
            return ("", row.name, *_EMPTY[:3], self.shape(row.output_shape), *_EMPTY[6:])
        keys = self.keys
        macs = self._macs.get(row.macs or 0)
        if macs is None:
            macs = self._macs[row.macs or 0] = self.macs(row.macs or 0)
        field = row.receptive_field if "rf_size" in keys else None
        return (
            str(row.first) if row.first == row.last else f"{row.first}–{row.last}",
            f"▸ {row.name}" if row.role == "block" else row.name,
            row.type,
            ", ".join(row.inputs) if "inputs" in keys else "",
            " + ".join(map(self.shape, row.input_shapes)),
            self.shape(row.output_shape),
            count_text(row.params or 0),
            macs,
            *(
                (self.axes(field.size), self.axes(field.jump), self.axes(field.start))
                if field is not None
                else _EMPTY[:3]
            ),
            self.size(row.memory_bytes) if "memory" in keys and row.memory_bytes is not None else "",
            self.size(row.train_bytes) if row.train_bytes is not None else "",
            _notes(row, self.lang),
        )

    def shape(self, shape: Shape) -> str:
        text = self._shapes.get(shape)
        if text is None:
            text = self._shapes[shape] = shape_text(shape, self.channels_last)
        return text

    def axes(self, values: tuple[Exact, ...]) -> str:
        text = self._axes.get(values)
        if text is None:
            text = self._axes[values] = per_axis_text(values)
        return text

    def size(self, size: int) -> str:
        text = self._bytes.get(size)
        if text is None:
            text = self._bytes[size] = byte_text(size)
        return text


def _notes(row: Row, lang: Lang) -> str:
    if row.role == "layer":
        return notes_text(row.layers[0], lang)
    flagged = sum(1 for layer in row.layers if layer.flagged)
    text = t("table.folded_layers", lang, count=len(row.layers))
    return text + t("table.folded_flagged", lang, count=flagged) if flagged else text


def row_texts(
    rows: Rows, row: Row, lang: Lang = Lang.en, macs: Callable[[int], str] = count_text
) -> tuple[str, ...]:
    """``row``'s cells in column order (a cell the row has not is empty); for many rows, one
    :class:`RowTexts`."""
    return RowTexts(rows, lang, macs)(row)
