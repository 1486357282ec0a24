"""``cnncalc zoo``'s list of models: the index's figures as an aligned table or as JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence

from cnncalc.lang import Lang
from cnncalc.render.formatting import count_text
from cnncalc.render.i18n import t
from cnncalc.text import visible
from cnncalc.zoo import ZooEntry

_COLUMNS = ("zoo.col.model", "zoo.col.input", "zoo.col.params", "zoo.col.macs", "zoo.col.rf")
_RIGHT = (False, False, True, True, True)  # numbers are right-aligned


def _cells(entry: ZooEntry) -> tuple[str, ...]:
    rf = entry.receptive_field
    return (
        visible(entry.name),
        "×".join(str(n) for n in entry.input_shape),
        count_text(entry.trainable_params),
        f"{entry.total_macs / 1e9:.3f}G",  # as torchvision publishes GMACs
        "×".join(str(n) for n in rf) if len(set(rf)) > 1 else str(rf[0]) if rf else "",
    )


def _line(cells: tuple[str, ...], widths: list[int]) -> str:
    padded = (
        cell.rjust(width) if right else cell.ljust(width)
        for cell, width, right in zip(cells, widths, _RIGHT, strict=True)
    )
    return "  ".join(padded).rstrip()


def zoo_table(entries: Sequence[ZooEntry], lang: Lang = Lang.en) -> str:
    """One line per model, under a header; the closing line says how to see one."""
    rows = [tuple(t(key, lang) for key in _COLUMNS), *(_cells(entry) for entry in entries)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(_COLUMNS))]
    lines = [_line(row, widths) for row in rows]
    return "\n".join([*lines, "", t("zoo.list_footer", lang, count=len(entries))]) + "\n"


def zoo_json(entries: Sequence[ZooEntry]) -> str:
    """The list as JSON: the keys of the main command's JSON where they mean the same."""
    items = [
        {
            "name": entry.name,
            "input_shape": list(entry.input_shape),
            "total_params": entry.total_params,
            "trainable_params": entry.trainable_params,
            "total_macs": entry.total_macs,
            "receptive_field": {"size": list(entry.receptive_field)},
        }
        for entry in entries
    ]
    return json.dumps(items, indent=2, ensure_ascii=False) + "\n"
