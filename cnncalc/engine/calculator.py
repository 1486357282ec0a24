"""Apply the kinds' rules layer by layer: a validated :class:`Spec` → a :class:`NetworkResult`.

Each layer kind declares its rule in its module of :mod:`cnncalc.kinds` (found by the model's
class). A rule receives the layer and its input shape and returns an :class:`Outcome`; it raises
:class:`Invalid` when the layer cannot apply to that input, which the loop turns into a
:class:`LayerError` with its place.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import itemgetter
from typing import Any

from cnncalc.engine import conventions
from cnncalc.engine import formulas as f
from cnncalc.engine.layout import channels_first, looks_channels_first, looks_channels_last, without_batch
from cnncalc.engine.layout import written as written_as
from cnncalc.engine.limits import HINT, size_problem
from cnncalc.engine.results import (
    Count,
    Dims,
    Flag,
    LayerResult,
    Names,
    NetworkResult,
    ReceptiveField,
    Shape,
    make_flag,
)
from cnncalc.engine.windows import Order, input_field, merged_field, ordered_field
from cnncalc.errors import LayerError, a_layer, said
from cnncalc.kinds import kind_of
from cnncalc.kinds.base import Adjusted, FlatInput, Invalid, Outcome, Refused
from cnncalc.spec import models as m
from cnncalc.spec.fields import Convention
from cnncalc.spec.names import INPUT, layer_names


def calculate(spec: m.Spec, name: str | None = None, convention: Convention | None = None) -> NetworkResult:
    """Compute every layer's shapes, parameters, MACs and receptive field; raise LayerError at the
    first layer that fails. Layers may take earlier layers by name (``inputs``), so the network is
    a graph computed in the order written. ``convention`` (or the spec's own ``convention:``)
    applies one framework's rules where they differ. An input that looks written the other way
    round (or with a batch size left in) is flagged on the first layer that reads it, with the
    other reading computed too."""
    convention = convention or spec.convention
    reading = conventions.read_input(spec, convention)
    results = _layers(spec, reading.shape, convention, _input_hint(reading))
    flag = _input_flag(spec, reading, convention, results)
    if flag is not None:
        first = next(i for i, layer in enumerate(results) if INPUT in layer.inputs)
        layer = results[first]
        results[first] = layer._replace(warnings=(flag, *layer.warnings))
    return NetworkResult.of(
        spec.name or name or "network",
        reading.shape,
        tuple(results),
        spec.strict,
        convention,
        reading.layout,
        spec.batch,
        spec.description,
    )


def _layers(
    spec: m.Spec, input_shape: Shape, convention: Convention | None, input_hint: str | None
) -> list[LayerResult]:
    names = _layer_names(spec.layers)
    shapes: dict[str, Shape] = {INPUT: input_shape}
    fields: dict[str, ReceptiveField | None] = {INPUT: input_field(input_shape)}
    # Which layer made each shape, (type, name), through layers that keep it: a hint's real culprit.
    makers: dict[str, tuple[str, str]] = {INPUT: (INPUT, INPUT)}
    orders: dict[str, Order] = {}  # the tensors a permute left in another order than the input's
    results: list[LayerResult] = []
    known: dict[Any, Adjusted] = {}  # each distinct layer's outcome on each input shape
    previous = INPUT
    paths = spec.block_paths or ((),) * len(names)  # each layer's blocks, or none for any
    for index, (layer, layer_name, path) in enumerate(zip(spec.layers, names, paths, strict=True)):
        inputs = tuple(layer.inputs) if layer.inputs else (previous,)
        in_shapes = (shapes[inputs[0]],) if len(inputs) == 1 else tuple([shapes[name] for name in inputs])
        # A size error on a layer that reads the input is most often the input written another way.
        hint = input_hint if inputs == (INPUT,) else None
        try:
            built, (outcome, buffers) = _counted(layer, inputs, in_shapes, convention, known)
        except (Invalid, Refused) as exc:
            if isinstance(exc, FlatInput):
                exc.hint = _flat_input_hint(*makers[inputs[0]])
            raise LayerError(index, layer_name, exc.args[0], exc.field, hint or exc.hint) from None
        except f.NonPositiveSize as exc:
            raise _size_error(index, layer_name, exc, hint) from None
        receptive = _field(inputs, in_shapes, outcome, fields, orders, layer_name)
        trainable = outcome.params if outcome.trainable_params is None else outcome.trainable_params
        # The fields in their order, as one tuple (_make: binding 20 arguments costs ~0.3 µs a layer).
        values = (
            index + 1,  # index
            layer_name,  # name
            layer.type,  # type
            in_shapes[0],  # input_shape
            outcome.output_shape,  # output_shape
            outcome.params,  # params
            trainable,  # trainable_params
            outcome.macs,  # macs
            built,  # layer
            outcome.steps,  # steps
            outcome.warnings,  # warnings
            outcome.notes,  # notes
            buffers,  # buffers
            inputs,  # inputs
            in_shapes,  # input_shapes
            receptive,  # receptive_field
            path,  # block_path
            (),  # outputs (a split's, added by _with_parts)
            (),  # output_shapes
            orders.get(inputs[0]),  # input_order
        )
        results.append(LayerResult._make(values))
        if outcome.output_shapes:  # a split: its parts are what later layers take
            results[-1] = _with_parts(results[-1], outcome, shapes, fields, makers, orders)
        shapes[layer_name] = outcome.output_shape
        fields[layer_name] = receptive
        keeps = len(inputs) == 1 and outcome.output_shape == in_shapes[0]
        makers[layer_name] = makers[inputs[0]] if keeps else (layer.type, layer_name)
        previous = layer_name
    return results


def _with_parts(
    layer: LayerResult,
    outcome: Outcome,
    shapes: dict[str, Shape],
    fields: dict[str, ReceptiveField | None],
    makers: dict[str, tuple[str, str]],
    orders: dict[str, Order],
) -> LayerResult:
    """A split's parts registered under their names (a permuted tensor's parts in its order)."""
    from cnncalc.engine import parts  # only a spec with a split needs it

    done = parts.with_parts(layer, outcome, shapes, fields, makers)
    order = orders.get(layer.name)
    if order is not None:
        orders.update(dict.fromkeys(done.outputs, order))
    return done


def _field(
    inputs: tuple[str, ...],
    in_shapes: tuple[Shape, ...],
    outcome: Outcome,
    fields: dict[str, ReceptiveField | None],
    orders: dict[str, Order],
    name: str,
) -> ReceptiveField | None:
    """The layer's receptive field; once a permute has moved axes, followed in their order
    (``orders``, kept only for tensors not in the input's order)."""
    if len(inputs) == 1 and outcome.windows is None and not orders and outcome.axes is None:
        return fields[inputs[0]]  # relu, batchnorm…: receptive_field() gives back the same field
    sources = [fields[source] for source in inputs]
    if not orders and outcome.axes is None:  # every network without a permute
        return merged_field(sources, in_shapes, outcome.output_shape, outcome.windows)
    field, order = ordered_field(sources, [orders.get(source) for source in inputs], in_shapes, outcome)
    if order is not None:
        orders[name] = order
    return field


def _size_error(index: int, layer_name: str, exc: f.NonPositiveSize, hint: str | None) -> LayerError:
    return LayerError(
        index,
        layer_name,
        said("error.size_not_positive", detail=exc.args[0]),
        "kernel",
        hint or said("hint.size_not_positive"),
    )


def _counted(
    layer: m.LayerBase,
    inputs: tuple[str, ...],
    in_shapes: tuple[Shape, ...],
    convention: Convention | None,
    known: dict[Any, Adjusted],
) -> tuple[m.LayerBase, Adjusted]:
    """The layer as the framework builds it, and its outcome as the framework counts it
    (``known``: the outcomes already computed, by :func:`_outcome_key`)."""
    built = conventions.prepare(layer, convention, in_shapes[0])
    key = _outcome_key(built, in_shapes, convention)
    try:
        adjusted = known.get(key)
    except TypeError:  # a field that is a list: no key
        key = adjusted = None
    if adjusted is None:
        outcome = _apply(built, inputs, in_shapes)
        too_large = size_problem(outcome.output_shape, outcome.params, outcome.macs)
        if too_large:
            raise Invalid(too_large, None, HINT)
        adjusted = conventions.adjust(built, in_shapes[0], outcome, convention)
        if key is not None and _keepable(built, outcome):
            known[key] = adjusted
    return built, adjusted


def _outcome_key(layer: m.LayerBase, in_shapes: tuple[Shape, ...], convention: Convention | None) -> Any:
    """What a layer's outcome depends on: the layer's model and fields (not its place in the
    network: its name, inputs and answers), its inputs' shapes and the convention. A network
    repeats its layers (a block's copies, a chain's cycle), and each is computed once. A merge's
    inputs' names are in its errors (raised, never kept) and may be in its flags: :func:`_counted`
    keeps only an outcome without flags, which no name is in."""
    model = type(layer)
    fields = _RULE_FIELDS.get(model)
    if fields is None:
        names = [name for name in model.model_fields if name not in _PLACE_FIELDS]
        fields = _RULE_FIELDS[model] = itemgetter(*names)
    return (model, in_shapes, convention, fields(layer.__dict__))


def _keepable(layer: m.LayerBase, outcome: Outcome) -> bool:
    """Whether the outcome holds for every layer of the same key: a merge's flags may name its
    inputs, so a merge's is kept only without them."""
    return not (outcome.warnings or outcome.notes) or kind_of(layer).merge is None


_PLACE_FIELDS = frozenset({"name", "inputs", "expect", "ask", "points"})  # a worksheet's asks and points too
_RULE_FIELDS: dict[type[m.LayerBase], Callable[[dict[str, Any]], Any]] = {}


# --- the input's layout ------------------------------------------------------------------------


def _input_flag(
    spec: m.Spec,
    reading: conventions.InputReading,
    convention: Convention | None,
    results: list[LayerResult],
) -> Flag | None:
    """A batch size left in, or an input that looks written the other way round, when the other
    reading computes too (a network that computes only as written was written for it)."""
    written, layout = reading.written, reading.layout
    image = None if reading.named else without_batch(written)
    if image is not None:
        kind, other = "input_batch", image
    elif reading.chosen:
        return None
    elif layout == "channels_first" and looks_channels_last(written):
        kind, other = "input_channels_last", channels_first(written)
    elif layout == "channels_last" and looks_channels_first(written):
        kind, other = "input_channels_first", written
    else:
        return None
    try:
        other_results = _layers(spec, other, convention, None)
    except LayerError:
        return None
    other_params = sum(layer.params for layer in other_results)
    shape = reading.shape
    rank = len(shape) - 1
    args: dict[str, object] = {
        "written": list(written),
        "channels": shape[0],
        "spatial": Dims(shape[1:]),
        "rank": rank,
        "params": Count(sum(layer.params for layer in results)),
        "other": Dims(other),
        "other_params": Count(other_params),
        "axes": _LAST_AXES[len(written) - 1],
        "suggested": written_as(other, layout),
    }
    # The first layer's parameter working under each reading, as plain data, for --explain.
    args["working"] = [
        _params_working(Dims(shape), results),
        _params_working(Dims(other), other_results),
    ]
    return make_flag(kind, args)


def _params_working(shape: Dims, results: list[LayerResult]) -> dict[str, object]:
    first = next(layer for layer in results if INPUT in layer.inputs)
    step = next((step for step in first.steps if step.quantity == "params"), None)
    if step is None:
        return {"shape": shape, "rank": len(first.input_shape) - 1}
    return {
        "shape": shape,
        "rank": len(first.input_shape) - 1,
        "formula": step.formula,
        "operands": dict(step.operands),
        "result": step.result,
    }


_LAST_AXES = {1: "L×C", 2: "H×W×C", 3: "D×H×W×C"}


def _input_hint(reading: conventions.InputReading) -> str | None:
    """What a size error on the first layer most likely means about the input as written."""
    written, layout = reading.written, reading.layout
    image = None if reading.named else without_batch(written)
    if image is not None:
        return said("hint.drop_batch", input=written_as(image, layout))
    if reading.chosen:
        return None
    if layout == "channels_first" and _old_channels_last(written):
        return said("hint.channels_first", shape=list(channels_first(written)))
    if layout == "channels_last" and looks_channels_first(written):
        return said("hint.keras_channels_last", input=written_as(written, layout))
    return None


def _old_channels_last(shape: tuple[int, ...]) -> bool:
    """The error hint's wider test: ``[32, 32, 3]`` (H, W, C as Keras prints it) meeting a size
    error is worth a question even where the flag's rule would not fire."""
    return len(shape) >= 3 and shape[-1] in (1, 3, 4) and shape[0] > 4 * shape[-1]


def _inputs_problem(message: str, layer: m.LayerBase, inputs: tuple[str, ...], hint: str) -> Invalid:
    """A layer given the wrong number of inputs: ``message`` names them and their count."""
    return Invalid(
        said(message, layer=a_layer(layer.kind), count=len(inputs), names=Names(inputs)),
        "inputs",
        said(hint),
    )


def _apply(layer: m.LayerBase, inputs: tuple[str, ...], in_shapes: tuple[Shape, ...]) -> Outcome:
    kind = kind_of(layer)
    if kind.merge is not None:
        if len(inputs) < 2:
            raise _inputs_problem("error.needs_two_inputs", layer, inputs, "hint.name_inputs")
        return kind.merge(layer, inputs, in_shapes)
    if len(inputs) != 1:
        raise _inputs_problem("error.takes_one_input", layer, inputs, "hint.join_inputs")
    _check_rank(layer, in_shapes[0])
    assert kind.rule is not None, f"{kind.name} declares neither a rule nor a merge rule"
    return kind.rule(layer, in_shapes[0])


def _layer_names(layers: list[Any]) -> list[str]:
    """The user's names; unnamed layers get ``conv_1``, ``conv_2``… per type, skipping taken names."""
    return layer_names([(layer.name, layer.type) for layer in layers])


def _check_rank(layer: m.LayerBase, shape: Shape) -> None:
    rank = len(shape) - 1
    if layer.spatial_dims is not None and layer.spatial_dims != rank:
        raise (FlatInput if rank == 0 else Invalid)(
            said(
                "error.rank",
                dims=layer.spatial_dims,
                shape=Dims(shape),
                rank=rank,
                plural="s" if rank != 1 else "",
            ),
            "type",
            _rank_hint(layer.spatial_dims, rank),
        )


def _rank_hint(wanted: int, rank: int) -> str:
    if rank + 1 == wanted:
        # [32, 32] for a 2-D layer: the channel count was left out.
        return said("hint.rank_or_channels", rank=rank)
    return said("hint.rank", rank=rank)


# A global pool's form that keeps C×1×1 (PyTorch's AdaptiveAvgPool2d(1), Keras' keepdims=True).
_KEEPDIMS_POOL = {"global_avgpool": "adaptive_avgpool", "global_maxpool": "adaptive_maxpool"}


def _flat_input_hint(kind: str, name: str) -> str:
    """What to do about a flat input, by what made it: a flatten, a global pool, a dense layer or
    the spec's own input."""
    if kind == INPUT:
        return said("hint.flat_input")
    if kind == "flatten":
        return said("hint.flat_after_flatten", name=name)
    if kind in _KEEPDIMS_POOL:
        return said("hint.flat_after_global_pool", kind=kind, name=name, pool=_KEEPDIMS_POOL[kind])
    if kind == "dense":
        return said("hint.flat_after_dense", name=name)
    return said("hint.flat_after_other", name=name, kind=kind)
