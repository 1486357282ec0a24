"""Walking an ONNX graph: the nodes in an order where each input exists (a cycle or a dangling input
is refused), the tensors that are activations (a layer's output, with its shape) or constants
(initializers and what is computed from them and from shapes, folded), and the layers written."""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from cnncalc.engine.results import Count
from cnncalc.errors import said
from cnncalc.importers import onnx_wire as wire
from cnncalc.importers.onnx_wire import Graph, Model, Node, Tensor

INPUT = "input"
MAX_NODES = 100_000  # as a spec's bound on layers after expansion
# Graph names that exporters give every graph: the file's stem says more.
_GENERIC_NAMES = frozenset({"", "main_graph", "torch-jit-export", "torch_jit", "tf2onnx", "graph"})


class Unsupported(Exception):
    """A node (or the file) that cannot be read as a layer: ``args[0]`` says why, with the place."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint


@dataclass
class Act:
    """An activation tensor: the spec's name for it (a layer, a split's part, ``input``) and its
    shape without the batch axis."""

    source: str
    shape: tuple[int, ...]


@dataclass
class Const:
    """A constant tensor: its dims and, when small enough to decode, its values (flat)."""

    dims: tuple[int, ...]
    data: list[Any] | None = None
    tensor: Tensor | None = None  # an initializer, decoded on demand
    initializer: str | None = None  # the initializer it is (through Identity), for counting
    buf: Any = field(default=None, repr=False)

    def values(self) -> list[Any] | None:
        if self.data is None and self.tensor is not None:
            self.data = wire.values(self.buf, self.tensor)
        return self.data

    @property
    def count(self) -> int:
        return math.prod(self.dims)


Handler = Callable[["Reader", Node], None]
# (reader, layer, its inputs' names, their shapes) → the kind's outcome, or the node's error.
Outcome = Callable[["Reader", dict[str, Any], list[str], tuple[tuple[int, ...], ...]], Any]
# What a handler raises on an attribute of the wrong type (ints where a string belongs…).
BROKEN = (TypeError, ValueError, KeyError, IndexError, AttributeError, ZeroDivisionError, OverflowError)


class Reader:
    """One graph being read into a spec's data."""

    def __init__(self, model: Model, buf: Any, stem: str, outcome: Outcome) -> None:
        assert model.graph is not None
        self.outcome = outcome  # the kind's rule on a layer (cnncalc.importers.onnx_ops.outcome_of)
        self.graph: Graph = model.graph
        self.model = model
        self.buf = buf
        self.stem = stem
        self.opset = model.opsets.get("", model.opsets.get("ai.onnx", 0))
        self.acts: dict[str, Act] = {}
        self.consts: dict[str, Const] = {}
        self.layers: list[dict[str, Any]] = []
        self.names: set[str] = {INPUT}
        self.notes: list[str] = []
        self.uses: dict[str, list[str]] = {}  # initializer → the layers that count it
        self.fused: set[int] = set()  # nodes a pattern has read with another
        self.consumers: dict[str, list[int]] = {}
        self.reused: dict[Any, str] = {}  # (input, boundaries) → a split already written
        self.previous = INPUT
        self.index = 0
        self.node = Node()
        self.batch: int | None = None
        self.folded: list[str] = []  # convolutions with a batch norm folded in by the exporter
        self.by_constant: list[str] = []  # x·0.5, x/√2: nodes that are no layer of their own
        self.input_shape: tuple[int, ...] = ()

    # --- the walk ----------------------------------------------------------------------------

    def spec(self, handlers: Mapping[str, Handler], folds: Mapping[str, Handler]) -> dict[str, Any]:
        """The spec's data: ``handlers`` write each op's layer; ``folds`` compute the constants of
        the ops that may only compute constants (Shape, Gather…)."""
        nodes = self.graph.nodes
        if len(nodes) > MAX_NODES:
            raise Unsupported(
                said("error.onnx_too_many_nodes", count=Count(len(nodes)), max=Count(MAX_NODES))
            )
        for name, tensor in self.graph.initializers.items():
            self.consts[name] = Const(tensor.dims, tensor=tensor, initializer=name, buf=self.buf)
        self.input_shape = self._input()
        for index in self._order():
            if index in self.fused:
                continue
            self.index, self.node = index, nodes[index]
            node = self.node
            if node.domain not in ("", "ai.onnx"):
                raise self.fail(said("error.onnx_domain", domain=node.domain))
            self._read(node, handlers, folds.get(node.op_type) if self._foldable(node) else None)
        if not self.layers:
            raise Unsupported(said("error.onnx_no_layers"))
        return self._data(self.input_shape)

    def _read(self, node: Node, handlers: Mapping[str, Handler], fold: Handler | None) -> None:
        """One node: folded, or written by its op's handler. A node whose attributes or inputs are
        not of the types ONNX defines (a hostile or broken file) is its error, not a traceback."""
        handler = fold or handlers.get(node.op_type)
        if handler is None:
            raise self.fail(said("error.onnx_op"), said("hint.onnx_op"))
        try:
            handler(self, node)
        except BROKEN:
            raise self.fail(said("error.onnx_malformed"), said("hint.onnx_file")) from None

    def _foldable(self, node: Node) -> bool:
        """Every input a constant, or a shape read off an activation (``Shape``)."""
        if node.op_type == "Shape":
            return True
        return all(name == "" or name in self.consts for name in node.inputs)

    def _order(self) -> list[int]:
        """The nodes in an order where every input is made before it is read (Kahn's, the file's
        order kept where it is free); a cycle or an input nothing makes is refused."""
        nodes = self.graph.nodes
        made: dict[str, int] = {}
        for index, node in enumerate(nodes):
            for name in node.outputs:
                if name:
                    made[name] = index
        given = set(self.consts) | set(self.acts) | {""}
        waiting = [0] * len(nodes)
        for index, node in enumerate(nodes):
            for name in dict.fromkeys(node.inputs):
                self.consumers.setdefault(name, []).append(index)
                if name in given:
                    continue
                if name not in made:
                    self.index, self.node = index, node
                    raise self.fail(said("error.onnx_dangling", tensor=name), said("hint.onnx_dangling"))
                waiting[index] += 1
        ready = [index for index, count in enumerate(waiting) if count == 0]
        heapq.heapify(ready)
        order: list[int] = []
        while ready:
            index = heapq.heappop(ready)
            order.append(index)
            for name in nodes[index].outputs:
                for later in dict.fromkeys(self.consumers.get(name, [])) if name else ():
                    waiting[later] -= 1
                    if waiting[later] == 0:
                        heapq.heappush(ready, later)
        if len(order) < len(nodes):
            stuck = next(index for index, count in enumerate(waiting) if count > 0)
            self.index, self.node = stuck, nodes[stuck]
            raise self.fail(said("error.onnx_cycle"), said("hint.onnx_cycle"))
        return order

    def _input(self) -> tuple[int, ...]:
        """The graph's one input (those that are not initializers), batch axis dropped."""
        inputs = [info for info in self.graph.inputs if info.name not in self.graph.initializers]
        if len(inputs) != 1:
            names = ", ".join(repr(info.name) for info in inputs[:4])
            raise Unsupported(said("error.onnx_inputs", count=len(inputs), names=names or "-"))
        info = inputs[0]
        if info.dims is None or not 2 <= len(info.dims) <= 5:
            rank = "?" if info.dims is None else len(info.dims)
            raise Unsupported(said("error.onnx_input_rank", input=info.name, rank=rank))
        batch, *rest = info.dims
        for axis, dim in enumerate(rest, start=1):
            if not isinstance(dim, int) or dim <= 0:
                raise Unsupported(
                    said("error.onnx_input_dim", input=info.name, axis=axis, dim=str(dim)),
                    said("hint.onnx_input_dim"),
                )
        if isinstance(batch, int) and batch > 1:
            self.batch = batch
        elif not isinstance(batch, int) or batch <= 0:
            self.notes.append(said("note.onnx_batch", input=info.name, dim=str(batch or "?")))
        shape = tuple(int(d) for d in rest if isinstance(d, int))
        self.acts[info.name] = Act(INPUT, shape)
        return shape

    # --- what handlers use ---------------------------------------------------------------------

    def fail(self, detail: str, hint: str | None = None) -> Unsupported:
        """The problem with the current node, said with its place: node 12 of 65 (name, Op)."""
        node = self.node
        place = said(
            "error.onnx_node",
            index=self.index + 1,
            count=len(self.graph.nodes),
            node=node.name or (node.outputs[0] if node.outputs else "?"),
            op=node.op_type,
            detail=detail,
        )
        return Unsupported(place, hint)

    def act(self, node: Node, position: int = 0) -> Act:
        """The activation the node reads at ``position``; a constant there is refused."""
        name = node.inputs[position] if position < len(node.inputs) else ""
        found = self.acts.get(name)
        if found is None:
            raise self.fail(said("error.onnx_needs_activation", position=position + 1, tensor=name))
        return found

    def const(self, node: Node, position: int) -> Const | None:
        """The constant at ``position`` (None when the input is absent); an activation is refused."""
        name = node.inputs[position] if position < len(node.inputs) else ""
        if name == "":
            return None
        found = self.consts.get(name)
        if found is None:
            raise self.fail(said("error.onnx_needs_constant", position=position + 1, tensor=name))
        return found

    def ints(self, node: Node, position: int) -> list[int] | None:
        """A constant input's values as integers (shapes, pads, axes), or None when absent."""
        data = self._values(node, position)
        return None if data is None else [int(v) for v in data]

    def floats(self, node: Node, position: int) -> list[float] | None:
        """A constant input's values as floats (scales), or None when absent."""
        data = self._values(node, position)
        return None if data is None else [float(v) for v in data]

    def _values(self, node: Node, position: int) -> list[Any] | None:
        found = self.const(node, position)
        if found is None:
            return None
        data = found.values()
        if data is None:
            raise self.fail(said("error.onnx_constant_values", tensor=node.inputs[position]))
        return data

    def alias(self, node: Node, source: Act, position: int = 0) -> None:
        """The node's output is ``source`` itself (Identity, Cast, a pattern's inner nodes)."""
        if position < len(node.outputs) and node.outputs[position]:
            self.acts[node.outputs[position]] = source

    def only_consumer(self, tensor: str) -> Node | None:
        """The one node reading ``tensor`` (None when several or none do, or it is an output)."""
        readers = self.consumers.get(tensor, [])
        if len(readers) != 1 or any(info.name == tensor for info in self.graph.outputs):
            return None
        return self.graph.nodes[readers[0]]

    def consumer_index(self, tensor: str) -> int:
        return self.consumers[tensor][0]

    def emit(self, node: Node, raw: dict[str, Any], sources: list[Act], params: tuple[str, ...] = ()) -> Any:
        """Write the layer ``raw`` for ``node`` reading ``sources``; its output (or a split's
        parts) becomes the node's first output (or outputs). Returns the kind's outcome."""
        name = self.layer_name(node)
        inputs = [source.source for source in sources]
        layer = {**raw, "name": name}
        if inputs != [self.previous]:
            layer["inputs"] = inputs
        outcome = self.outcome(self, layer, inputs, tuple(source.shape for source in sources))
        self.layers.append(layer)
        self.previous = name
        for initializer in params:
            self.uses.setdefault(initializer, []).append(name)
        if outcome.output_shapes:
            for part, (output, shape) in enumerate(zip(node.outputs, outcome.output_shapes, strict=False)):
                if output:
                    self.acts[output] = Act(f"{name}.{part}", shape)
        elif node.outputs:
            self.acts[node.outputs[0]] = Act(name, outcome.output_shape)
        return outcome

    def layer_name(self, node: Node) -> str:
        """The node's name as a layer's (its first output's when it has none), unique, printable
        and at most 200 characters, as a spec's names must be."""
        base = node.name or (node.outputs[0] if node.outputs else "") or node.op_type or "node"
        base = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in base)[:190]
        name, suffix = base, 2
        while name in self.names:
            name, suffix = f"{base}_{suffix}", suffix + 1
        self.names.add(name)
        return name

    # --- the spec's data ------------------------------------------------------------------------

    def _data(self, input_shape: tuple[int, ...]) -> dict[str, Any]:
        name = self.graph.name if self.graph.name not in _GENERIC_NAMES else self.stem
        data: dict[str, Any] = {"name": name, "description": self._description()}
        data["input"] = list(input_shape)
        if self.batch is not None:
            data["batch"] = self.batch
        data["layers"] = self.layers
        return data

    def _description(self) -> str:
        """What the file says that the layers do not: its producer, opset, the initializers'
        count beside what cnncalc counts, sharing, folded batch norms, the batch axis."""
        model = self.model
        counted = sorted({name for name in self.uses})
        held = sum(self.consts[name].count for name in counted if self._is_float(name))
        parts: list[str] = [
            said(
                "note.onnx_read",
                producer=(model.producer or "?") + (" " if model.producer else ""),
                opset=self.opset,
                nodes=len(self.graph.nodes),
                params=Count(held),
            )
        ]
        shared = [(name, layers) for name, layers in self.uses.items() if len(set(layers)) > 1]
        if shared:
            extra = sum(self.consts[name].count * (len(set(layers)) - 1) for name, layers in shared)
            parts.append(
                said("note.onnx_shared", count=len(shared), extra=Count(extra), example=shared[0][0])
            )
        outputs = [self.acts[info.name].source for info in self.graph.outputs if info.name in self.acts]
        if outputs and outputs != [self.layers[-1]["name"]]:
            parts.append(
                said(
                    "note.onnx_outputs",
                    outputs=", ".join(map(repr, outputs[:4])),
                    last=self.layers[-1]["name"],
                )
            )
        if self.folded:
            parts.append(said("note.onnx_folded_bn", count=len(self.folded), example=self.folded[0]))
        if self.by_constant:
            parts.append(
                said("note.onnx_by_constant", count=len(self.by_constant), example=self.by_constant[0])
            )
        parts += self.notes
        return " ".join(str(part) for part in parts)

    def _is_float(self, name: str) -> bool:
        tensor = self.consts[name].tensor
        return tensor is not None and tensor.data_type in wire.FLOAT_TYPES
