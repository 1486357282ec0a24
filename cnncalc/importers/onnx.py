"""An ONNX model read as the spec it is: each node a layer of cnncalc's kinds, named as the node.

The file is read by :mod:`cnncalc.importers.onnx_wire` (no dependency, weights never loaded). Each
node becomes a layer (``Conv`` → ``conv``, ``Gemm`` → ``dense``, ``Add`` → ``add``…) whose ``inputs``
are the graph's edges; the nodes that only compute shapes (``Shape``, ``Gather``, ``Constant``, a
``Concat`` of constants) are folded into the values they give, and two patterns are read as the
layer they are: ShuffleNet's ``Reshape``–``Transpose``–``Reshape`` (``channel_shuffle``) and a
``MatMul`` with its ``Add`` of a bias (``dense``). Each layer's output shape is computed by its
kind's own rule as the graph is read, so a node that cannot apply is said with its place; an op
outside the set is one error naming the node, its op and its place, never a layer counted as zero.
"""

from __future__ import annotations

import mmap
import struct
from pathlib import Path
from typing import Any

from cnncalc.engine.results import Count
from cnncalc.errors import SpecError, said
from cnncalc.importers import onnx_fold, onnx_ops
from cnncalc.importers.onnx_graph import BROKEN, Reader, Unsupported
from cnncalc.importers.onnx_wire import Model, WireError, read_model
from cnncalc.spec.loader import Document


class ImportedDocument(Document):
    """A spec read from a model file: there are no lines to point to (the spec was never written),
    so a problem names the layer, which is the node, by its index and name."""

    def line_of(self, loc: Any, aliases: Any = None) -> int | None:
        return None


def read(path: Path) -> Document:
    """The spec an ONNX file describes; SpecError (one line) when it is no usable ONNX model."""
    name = str(path)
    with path.open("rb") as handle:
        size = handle.seek(0, 2)
        if size == 0:
            raise SpecError.single(said("error.empty_file"), file=name)
        with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as buf:
            model = _model(buf, name)
            try:
                reader = Reader(model, buf, path.stem, onnx_ops.outcome_of)
                data = reader.spec(onnx_ops.HANDLERS, onnx_fold.FOLDS)
            except Unsupported as exc:
                raise SpecError.single(exc.args[0], file=name, hint=exc.hint) from None
            except BROKEN:  # the graph's own fields (an input's dims…) of a type ONNX never writes
                raise SpecError.single(
                    said("error.onnx_graph_malformed"), file=name, hint=said("hint.onnx_file")
                ) from None
    return ImportedDocument(name, path.stem, data, "", False)


def _model(buf: Any, name: str) -> Model:
    try:
        model = read_model(buf)
    except WireError as exc:
        what, offset = exc.args[0], Count(exc.args[1])
        problem = {
            "truncated": said("error.onnx_truncated", offset=offset),
            "too_large": said("error.onnx_too_large", offset=offset),
        }.get(what) or said("error.onnx_corrupt", offset=offset)
        raise SpecError.single(problem, file=name, hint=said("hint.onnx_file")) from None
    except (struct.error, IndexError):
        raise SpecError.single(
            said("error.onnx_corrupt", offset=Count(0)), file=name, hint=said("hint.onnx_file")
        ) from None
    if model.graph is None or model.ir_version is None:
        raise SpecError.single(said("error.onnx_no_graph"), file=name, hint=said("hint.onnx_file"))
    return model
