"""Readers of the model files people already have (an ONNX graph, a Keras model).

Each reader turns its file into the data a spec's YAML would give (a :class:`Document`), so every
command works on the file as on a spec, and ``cnncalc import`` writes that data out as a spec to
edit. A reader is the module ``cnncalc.importers.<format>`` with ``read(path) -> Document``; it is
imported only when a file of its format is read, and it raises ``SpecError`` for a file it cannot
use (one line, naming the node or layer).
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, cast

if TYPE_CHECKING:
    from cnncalc.spec.loader import Document

# A file's suffix (lower case) → the reader's module.
READERS: dict[str, str] = {".onnx": "cnncalc.importers.onnx", ".keras": "cnncalc.importers.keras"}


class Reader(Protocol):
    def read(self, path: Path) -> Document: ...


def reader_for(path: Path) -> Reader | None:
    """The reader of ``path``'s format, by its suffix; None for a spec (YAML or JSON)."""
    module = READERS.get(path.suffix.lower())
    return None if module is None else cast("Reader", import_module(module))
