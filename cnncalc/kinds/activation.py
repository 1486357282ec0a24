"""The ``activation`` layer kind, declared in one place."""

from typing import TYPE_CHECKING, Annotated, Literal, cast

from pydantic import Field, model_validator

import cnncalc.kinds.working as w
from cnncalc.engine import formulas as f
from cnncalc.engine.results import Count, Dims, Shape, Step, make_flag
from cnncalc.errors import said
from cnncalc.kinds.base import Adjusted, Formula, Invalid, Kind, Outcome, Saves, Say, Working
from cnncalc.spec import activations
from cnncalc.spec.fields import ActivationName, LayerBase, Size

if TYPE_CHECKING:
    from cnncalc.render.emit import KerasCalls, TorchModule
    from cnncalc.spec.fields import Convention

    ActivationType = str
else:  # the layer types that are activations, from the one table
    ActivationType = Literal[activations.LAYER_TYPES]


from cnncalc.engine.results import LayerResult
from cnncalc.render.declare import Drawing, Export

# ── The kind: model, spellings, framework names, rule, working (KIND) ──────────────────────


class Activation(LayerBase):
    """An activation function as its own layer: shape unchanged; only PReLU has parameters."""

    type: ActivationType
    function: ActivationName | None = None
    num_parameters: Size | None = Field(
        None, description="prelu: PyTorch's num_parameters, 1 (one shared slope) or the channels"
    )
    shared_axes: Annotated[list[Annotated[int, Field(ge=1, le=4)]], Field(max_length=4)] | None = Field(
        None, description="prelu: Keras' shared_axes (1-based, channels-last, as Keras numbers them)"
    )
    inplace: bool = Field(
        False,
        description="computed in place (PyTorch's inplace=True, as torchvision builds its ReLUs): the "
        "output shares its input's storage (the memory estimates of --train and --fit); no count changes",
    )

    @model_validator(mode="after")
    def _one_function(self) -> "Activation":
        if self.type == "activation" and self.function is None:
            raise ValueError(said("error.activation_needs_function"))
        if self.type != "activation" and self.function not in (None, self.type):
            raise ValueError(said("error.activation_two_functions", type=self.type, function=self.function))
        given = [name for name in ("num_parameters", "shared_axes") if getattr(self, name) is not None]
        if given and not self.info.parametric:
            raise ValueError(said("error.prelu_only_field", field=given[0], name=self.info.name))
        if len(given) == 2:
            raise ValueError(said("error.prelu_both"))
        return self

    @property
    def info(self) -> activations.ActivationInfo:
        """The function's entry in the table of activations."""
        return activations.BY_NAME[self.function or self.type]


class PReLUFormula(Formula):
    PARAMS_PYTORCH = "prelu_params_pytorch"  # num_parameters: 1 or C
    PARAMS_KERAS = "prelu_params_keras"  # the sizes of the axes not shared: H·W·C


def rule(layer: Activation, shape: Shape) -> Outcome:
    """No parameters, but PReLU's slopes: PyTorch's ``num_parameters`` (1 by default, or C), or
    Keras' one per element but along ``shared_axes``. Without either, PyTorch's default: 1 (a
    ``keras`` convention makes it Keras' default, in :func:`adjust`)."""
    if not layer.info.parametric:
        return Outcome(shape)
    channels = shape[0]
    if layer.shared_axes is not None:
        keras_shape = (*shape[1:], channels)
        outside = [axis for axis in layer.shared_axes if axis > len(keras_shape)]
        if outside:
            raise Invalid(
                said("error.shared_axes", axis=outside[0], shape=Dims(shape), count=len(keras_shape)),
                "shared_axes",
                said("hint.shared_axes", axes=list(range(1, len(keras_shape)))),
            )
        params = f.prelu_param_count(keras_shape, tuple(layer.shared_axes))
        return Outcome(shape, params, steps=(keras_step(keras_shape, layer.shared_axes, params),))
    count = layer.num_parameters or 1
    if count not in (1, channels):
        raise Invalid(
            said("error.prelu_count", channels=channels, count=count),
            "num_parameters",
            said("hint.prelu_count", channels=channels),
        )
    step = Step("params", PReLUFormula.PARAMS_PYTORCH, {"n": count}, count)
    if layer.num_parameters is not None:
        return Outcome(shape, count, steps=(step,))
    keras = f.prelu_param_count((*shape[1:], channels))
    note = make_flag("prelu_slopes", {"keras": Count(keras), "channels": channels})
    return Outcome(shape, count, steps=(step,), notes=(note,))


def keras_step(keras_shape: Shape, shared_axes: list[int] | tuple[int, ...], params: int) -> Step:
    """The working of Keras' PReLU count: the sizes of the axes not shared, named H, W, C…"""
    names = {2: ("N", "C"), 3: ("H", "W", "C"), 4: ("D", "H", "W", "C")}.get(len(keras_shape), ("C",))
    kept = {
        name: n
        for axis, (name, n) in enumerate(zip(names, keras_shape, strict=False), 1)
        if axis not in shared_axes
    }
    return Step("params", PReLUFormula.PARAMS_KERAS, kept, params)


def adjust(layer: Activation, shape: Shape, outcome: Outcome, convention: "Convention | None") -> Adjusted:
    """Keras' ``PReLU()`` has a slope per element where PyTorch's ``nn.PReLU()`` has one."""
    if convention != "keras" or not layer.info.parametric:
        return Adjusted(outcome)
    if layer.num_parameters is not None or layer.shared_axes is not None:
        return Adjusted(outcome)
    keras_shape = (*shape[1:], shape[0])
    params = f.prelu_param_count(keras_shape)
    note = make_flag("prelu_slopes_keras", {"count": Count(params)})
    return Adjusted(
        outcome._replace(params=params, steps=(keras_step(keras_shape, (), params),), notes=(note,))
    )


def _params_pytorch(step: Step, rank: int, say: Say) -> str:
    return f"{say('params')} = num_parameters = {w.count(step.result)} (PyTorch nn.PReLU)"


def _params_keras(step: Step, rank: int, say: Say) -> str:
    o = step.operands
    if len(o) < 2:  # one axis kept (or none): nothing to multiply
        return f"{say('params')} = {'·'.join(o) or '1'} = {w.count(step.result)} (Keras PReLU)"
    symbolic, numbers = "·".join(o), "·".join(str(n) for n in o.values())
    return w.count_line("params", symbolic, numbers, step, say) + " (Keras PReLU)"


def _shown_type(squashed: str) -> str:
    """``leakyrelu`` → ``leaky_relu``: an activation layer's type is its function's name."""
    info = activations.lookup_type(squashed)
    return info.name if info is not None else squashed


# The functions whose gradient PyTorch computes from the output (derivatives.yaml: relu's
# threshold_backward(grad, result), tanh_backward, sigmoid_backward, softmax's); ELU, SELU and
# leaky ReLU do so in place; the others' derivatives read the input (ReLU6 is hardtanh_backward
# on self), so in place autograd first saves a clone of the input.
_FROM_OUTPUT = frozenset({"relu", "tanh", "sigmoid", "softmax", "log_softmax"})
_FROM_OUTPUT_IN_PLACE = frozenset({"elu", "selu", "leaky_relu"})


def saves(layer: Activation) -> Saves:
    """What its backward keeps: the output (ReLU, tanh, sigmoid…) or the input (GELU, SiLU,
    ReLU6…), one tensor either way (none for the identity). In place (``inplace: true``) the
    output is the input's storage; a function that reads its input then keeps a clone of it."""
    name = layer.info.name
    if name == "linear":
        return Saves(view=True)
    if name in _FROM_OUTPUT or (layer.inplace and name in _FROM_OUTPUT_IN_PLACE):
        return Saves(output=True, inplace=layer.inplace)
    if layer.inplace:
        return Saves(inplace=True, extra_outputs=1)
    return Saves(inputs=True)


KIND = Kind(
    saves=saves,
    model=Activation,
    rule=rule,
    working=Working({PReLUFormula.PARAMS_PYTORCH: _params_pytorch, PReLUFormula.PARAMS_KERAS: _params_keras}),
    spellings=activations.TYPE_SPELLINGS,
    framework_names=(*activations.framework_type_names(), "Activation"),
    type_names=activations.LAYER_TYPES,
    shown_type=_shown_type,
    adjust=adjust,
)


# ── Export and drawing (EXPORT, DRAWING) ────────────────────────────────────────────────────


def _torch(module: "TorchModule", layer: LayerResult) -> None:
    from cnncalc.render.emit import torch_activation  # loaded only to export

    spec = cast("Activation", layer.layer)
    torch_activation(module, layer, spec.info.name, own=True)


def _keras(calls: "KerasCalls", layer: LayerResult) -> None:
    from cnncalc.render.emit import keras_activation  # loaded only to export

    spec = cast("Activation", layer.layer)
    info = spec.info
    calls.call(
        f"Activation({info.keras!r}, name={calls.name!r})"
        if info.keras is not None
        else keras_activation(layer, info, calls.name, "function", spec.shared_axes)
    )


def _caption(layer: LayerResult) -> str:
    spec = cast("Activation", layer.layer)
    return f"+ {spec.function or spec.type}"


EXPORT = Export(torch=_torch, keras=_keras)
DRAWING = Drawing("other", folded=True, caption=_caption)
