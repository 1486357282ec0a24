"""The spec format as pydantic models: one model per layer kind, joined by a discriminator.

Aliases (``kernel_size``, ``Conv2D``) are normalised by :mod:`cnncalc.spec.aliases` before a
model sees them, so every model speaks only its canonical field names.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    PlainValidator,
    PrivateAttr,
    Tag,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from cnncalc.errors import said
from cnncalc.spec import activations
from cnncalc.spec.aliases import ACTIVATION_TYPES, normalise_layer, resolve_type

# Sizes beyond int32 are a typo or an attack, never a network.
MAX_SIZE = 2**31 - 1

Size = Annotated[int, Field(ge=1, le=MAX_SIZE)]
# The largest count an answer may give (parameters, MACs).
MAX_COUNT = 10**15
Count = Annotated[int, Field(ge=0, le=MAX_COUNT)]


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _per_dim(minimum: int) -> tuple[PlainValidator, WithJsonSchema]:
    noun = "positive integer" if minimum == 1 else "non-negative integer"

    def validate(value: object) -> int | tuple[int, ...]:
        if _is_int(value) and minimum <= value <= MAX_SIZE:  # type: ignore[operator]
            return value  # type: ignore[return-value]
        if (
            isinstance(value, list)
            and 1 <= len(value) <= 3
            and all(_is_int(v) and minimum <= v <= MAX_SIZE for v in value)
        ):
            return tuple(value)
        raise PydanticCustomError(
            "per_dim",
            "must be a {noun} or a list of 1 to 3 of them (one per spatial dimension), got {got}",
            {"noun": noun, "got": _show(value)},
        )

    schema_int = {"type": "integer", "minimum": minimum, "maximum": MAX_SIZE}
    schema = {"anyOf": [schema_int, {"type": "array", "items": schema_int, "minItems": 1, "maxItems": 3}]}
    return PlainValidator(validate), WithJsonSchema(schema)


def _padding(value: object) -> int | tuple[int, ...] | str:
    if isinstance(value, str) and value.lower() in ("same", "valid"):
        return value.lower()
    if _is_int(value) and 0 <= value <= MAX_SIZE:  # type: ignore[operator]
        return value  # type: ignore[return-value]
    if (
        isinstance(value, list)
        and 1 <= len(value) <= 3
        and all(_is_int(v) and 0 <= v <= MAX_SIZE for v in value)
    ):
        return tuple(value)
    raise PydanticCustomError(
        "padding",
        "must be a non-negative integer, a list of them (one per spatial dimension), "
        "'valid' or 'same', got {got}",
        {"got": _show(value)},
    )


def _show(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 40 else text[:37] + "..."


_POSITIVE_VALIDATOR, _POSITIVE_SCHEMA = _per_dim(1)
_NON_NEGATIVE_VALIDATOR, _NON_NEGATIVE_SCHEMA = _per_dim(0)
PerDim = Annotated[int | tuple[int, ...], _POSITIVE_VALIDATOR, _POSITIVE_SCHEMA]
PerDimOrZero = Annotated[int | tuple[int, ...], _NON_NEGATIVE_VALIDATOR, _NON_NEGATIVE_SCHEMA]
Padding = Annotated[
    int | tuple[int, ...] | str,
    PlainValidator(_padding),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "minimum": 0},
                {"type": "array", "items": {"type": "integer", "minimum": 0}, "minItems": 1, "maxItems": 3},
                {"enum": ["valid", "same"]},
            ]
        }
    ),
]
Name = Annotated[str, Field(min_length=1, max_length=200, pattern=r"^[^\x00-\x1f\x7f]+$")]
# A float that must be a number: YAML's .nan and .inf are not an LRN's alpha or a batch norm's eps.
Finite = Annotated[float, Field(allow_inf_nan=False)]


def _activation_name(fused: bool) -> tuple[PlainValidator, WithJsonSchema]:
    """A name from :mod:`cnncalc.spec.activations` → its canonical name, or "did you mean".

    ``fused``: the ``activation`` of a conv or dense layer, where a function with weights of its
    own (PReLU) cannot go, since they would be counted in no row."""

    def validate(value: object) -> str:
        info = activations.lookup(value) if isinstance(value, str) else None
        if info is None:
            suggestion = activations.suggest(value) if isinstance(value, str) else None
            known = f"known activations: {', '.join(activations.names())}"
            raise PydanticCustomError(
                "activation",
                "unknown activation {got}",
                {
                    "got": _show(value),
                    "hint": f"did you mean '{suggestion}'?" if suggestion else known,
                    "suggestion": suggestion or "",
                    "known": ", ".join(activations.names()),
                },
            )
        if fused and info.parametric:
            raise PydanticCustomError(
                "activation",
                "{name} has weights of its own, so it cannot be another layer's activation",
                {
                    "name": info.name,
                    "hint": f"write it as a layer of its own after this one: {{type: {info.name}}}",
                },
            )
        return info.name

    schema = {"type": "string", "description": f"one of {', '.join(activations.names())} (any case)"}
    return PlainValidator(validate), WithJsonSchema(schema)


_ACTIVATION_VALIDATOR, _ACTIVATION_SCHEMA = _activation_name(fused=False)
_FUSED_VALIDATOR, _FUSED_SCHEMA = _activation_name(fused=True)
ActivationName = Annotated[str, _ACTIVATION_VALIDATOR, _ACTIVATION_SCHEMA]
FusedActivation = Annotated[str, _FUSED_VALIDATOR, _FUSED_SCHEMA]
if TYPE_CHECKING:
    ActivationType = str
else:  # the layer types that are activations, from the one table
    ActivationType = Literal[ACTIVATION_TYPES]


def _answer(value: object) -> object:
    """A student's answer, kept as written: ``cnncalc check`` reads ``"6x14x14"``, ``"11,770"`` and
    the other ways students write answers, and fails only the one it cannot read."""
    return value


_SHAPE_ANSWER_SCHEMA = {
    "anyOf": [
        {"type": "array", "items": {"type": ["integer", "string"]}, "minItems": 1, "maxItems": 4},
        {"type": "integer", "minimum": 1},
        {"type": "string", "description": "as students write shapes: 6x14x14, 6×14×14, [6, 14, 14]"},
        {"type": "null"},
    ]
}
_COUNT_ANSWER_SCHEMA = {
    "anyOf": [
        {"type": "integer", "minimum": 0},
        {"type": "string", "description": "with thousands separators: 11,770 or 11 770"},
        {"type": "null"},
    ]
}
ShapeAnswer = Annotated[object, PlainValidator(_answer), WithJsonSchema(_SHAPE_ANSWER_SCHEMA)]
CountAnswer = Annotated[object, PlainValidator(_answer), WithJsonSchema(_COUNT_ANSWER_SCHEMA)]


class LayerExpect(BaseModel):
    """A student's answer for one layer, checked by ``cnncalc check``."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)

    output: ShapeAnswer = None
    params: CountAnswer = None
    trainable_params: CountAnswer = None
    macs: CountAnswer = None


class NetworkExpect(BaseModel):
    """Answers for the whole network, checked by ``cnncalc check``."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)

    output: ShapeAnswer = None
    total_params: CountAnswer = None
    trainable_params: CountAnswer = None
    non_trainable_params: CountAnswer = None
    total_macs: CountAnswer = None


class LayerBase(BaseModel):
    """Fields every layer has."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)
    kind: ClassVar[str]

    name: Name | None = None
    expect: LayerExpect | None = None
    spatial_dims: Literal[1, 2, 3] | None = Field(
        None, description="spatial dimensions the layer expects; set by names such as conv2d"
    )
    inputs: list[Name] | None = Field(
        None,
        min_length=1,
        max_length=64,
        description="names of earlier layers (the network's input is 'input'); default: the previous layer",
    )

    # The blocks this layer was expanded from, outermost first (set by the loader, for folding).
    _block_path: tuple[Any, ...] = PrivateAttr(default=())

    @model_validator(mode="before")
    @classmethod
    def _normalise(cls, data: Any) -> Any:
        return normalise_layer(data)

    @property
    def block_path(self) -> tuple[Any, ...]:
        return self._block_path


class Conv(LayerBase):
    """Convolution: ``OH = (H + 2P − D(FH − 1) − 1)/S + 1``."""

    kind: ClassVar[str] = "conv"
    type: Literal["conv"]
    filters: Size
    kernel: PerDim
    stride: PerDim = 1
    padding: Padding = 0
    dilation: PerDim = 1
    groups: Size = 1
    bias: bool = True
    activation: FusedActivation | None = None


class ConvTranspose(LayerBase):
    """Transposed convolution: ``OH = (H − 1)S − 2P + D(FH − 1) + output_padding + 1``."""

    kind: ClassVar[str] = "conv_transpose"
    type: Literal["conv_transpose"]
    filters: Size
    kernel: PerDim
    stride: PerDim = 1
    padding: Padding = 0
    output_padding: PerDimOrZero = 0
    dilation: PerDim = 1
    groups: Size = 1
    bias: bool = True
    activation: FusedActivation | None = None


class DepthwiseConv(LayerBase):
    """Depthwise convolution: one filter (times ``depth_multiplier``) per input channel."""

    kind: ClassVar[str] = "depthwise_conv"
    type: Literal["depthwise_conv"]
    kernel: PerDim
    depth_multiplier: Size = 1
    stride: PerDim = 1
    padding: Padding = 0
    dilation: PerDim = 1
    bias: bool = True
    activation: FusedActivation | None = None


class SeparableConv(LayerBase):
    """Depthwise convolution followed by a 1×1 (pointwise) convolution to ``filters`` channels."""

    kind: ClassVar[str] = "separable_conv"
    type: Literal["separable_conv"]
    filters: Size
    kernel: PerDim
    depth_multiplier: Size = 1
    stride: PerDim = 1
    padding: Padding = 0
    dilation: PerDim = 1
    bias: bool = True
    activation: FusedActivation | None = None


class MaxPool(LayerBase):
    """Max pooling; ``stride`` defaults to the kernel."""

    kind: ClassVar[str] = "maxpool"
    type: Literal["maxpool"]
    kernel: PerDim
    stride: PerDim | None = None
    padding: Padding = 0
    dilation: PerDim = 1
    ceil_mode: bool = False
    trainable: bool = False


class AvgPool(LayerBase):
    """Average pooling; ``trainable: true`` is LeNet-5's subsampling (a weight and a bias per channel)."""

    kind: ClassVar[str] = "avgpool"
    type: Literal["avgpool"]
    kernel: PerDim
    stride: PerDim | None = None
    padding: Padding = 0
    ceil_mode: bool = False
    trainable: bool = False


class GlobalAvgPool(LayerBase):
    """Average over every spatial position: ``[C, H, W]`` → ``[C]``."""

    kind: ClassVar[str] = "global_avgpool"
    type: Literal["global_avgpool"]


class GlobalMaxPool(LayerBase):
    """Maximum over every spatial position: ``[C, H, W]`` → ``[C]``."""

    kind: ClassVar[str] = "global_maxpool"
    type: Literal["global_maxpool"]


class AdaptiveAvgPool(LayerBase):
    """Average pooling to a fixed ``output_size``, as PyTorch's AdaptiveAvgPool."""

    kind: ClassVar[str] = "adaptive_avgpool"
    type: Literal["adaptive_avgpool"]
    output_size: PerDim


class AdaptiveMaxPool(LayerBase):
    """Max pooling to a fixed ``output_size``, as PyTorch's AdaptiveMaxPool."""

    kind: ClassVar[str] = "adaptive_maxpool"
    type: Literal["adaptive_maxpool"]
    output_size: PerDim


class Flatten(LayerBase):
    """``[C, H, W]`` → ``[C·H·W]``."""

    kind: ClassVar[str] = "flatten"
    type: Literal["flatten"]


# How a dense layer reads a non-flat input C×H×W: ``flatten`` (in = C·H·W, the book's Affine,
# Caffe's InnerProduct), ``channels`` (in = C at each position, Keras' Dense on H×W×C) or
# ``last_axis`` (in = W, PyTorch's nn.Linear on C×H×W).
DenseReading = Literal["flatten", "channels", "last_axis"]


class Dense(LayerBase):
    """Fully connected: ``params = (in + 1)·units``."""

    kind: ClassVar[str] = "dense"
    type: Literal["dense"]
    units: Size
    bias: bool = True
    activation: FusedActivation | None = None
    reading: DenseReading | None = Field(
        None,
        description="on a non-flat input: flatten (in = C·H·W; set by type: affine), channels "
        "(in = C per position, Keras' Dense) or last_axis (in = W, PyTorch's nn.Linear); "
        "default: the convention's, else channels with a warning",
    )


class Dropout(LayerBase):
    """Dropout: shape unchanged, no parameters."""

    kind: ClassVar[str] = "dropout"
    type: Literal["dropout"]
    rate: Annotated[Finite, Field(ge=0.0, lt=1.0)] = 0.5


class Activation(LayerBase):
    """An activation function as its own layer: shape unchanged; only PReLU has parameters."""

    kind: ClassVar[str] = "activation"
    type: ActivationType
    function: ActivationName | None = None
    num_parameters: Size | None = Field(
        None, description="prelu: PyTorch's num_parameters, 1 (one shared slope) or the channels"
    )
    shared_axes: Annotated[list[Annotated[int, Field(ge=1, le=4)]], Field(max_length=4)] | None = Field(
        None, description="prelu: Keras' shared_axes (1-based, channels-last, as Keras numbers them)"
    )

    @model_validator(mode="after")
    def _one_function(self) -> Activation:
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


class LRN(LayerBase):
    """Local response normalisation (AlexNet): shape unchanged, no parameters."""

    kind: ClassVar[str] = "lrn"
    type: Literal["lrn"]
    size: Size = 5
    alpha: Finite = 1e-4
    beta: Finite = 0.75
    k: Finite = 1.0


class BatchNorm(LayerBase):
    """Batch normalisation: γ, β trainable; running mean and variance not (Keras counts all four)."""

    kind: ClassVar[str] = "batchnorm"
    type: Literal["batchnorm"]
    affine: bool = True
    eps: Annotated[Finite, Field(gt=0)] = 1e-5
    momentum: Annotated[Finite, Field(ge=0, le=1)] | None = None


class ZeroPadding(LayerBase):
    """Zero padding: ``N + 2P`` per spatial dimension."""

    kind: ClassVar[str] = "zero_padding"
    type: Literal["zero_padding"]
    padding: PerDimOrZero = 1


class Add(LayerBase):
    """Element-wise sum of its inputs (a residual connection): every input's shape must match."""

    kind: ClassVar[str] = "add"
    type: Literal["add"]


class Concat(LayerBase):
    """Concatenation on the channel axis: spatial sizes must match, channels add up."""

    kind: ClassVar[str] = "concat"
    type: Literal["concat"]


LAYER_MODELS: tuple[type[LayerBase], ...] = (
    Conv,
    ConvTranspose,
    DepthwiseConv,
    SeparableConv,
    MaxPool,
    AvgPool,
    GlobalAvgPool,
    GlobalMaxPool,
    AdaptiveAvgPool,
    AdaptiveMaxPool,
    Flatten,
    Dense,
    Dropout,
    Activation,
    LRN,
    BatchNorm,
    ZeroPadding,
    Add,
    Concat,
)
MODEL_BY_KIND: dict[str, type[LayerBase]] = {model.kind: model for model in LAYER_MODELS}


def _layer_kind(value: Any) -> str | None:
    """The discriminator: a raw layer's ``type`` (any spelling) → its model's kind."""
    if isinstance(value, dict):
        resolved = resolve_type(value.get("type"))
        return resolved[0] if resolved else None
    if isinstance(value, LayerBase):
        return value.kind
    return None


Layer = Annotated[
    Annotated[Conv, Tag("conv")]
    | Annotated[ConvTranspose, Tag("conv_transpose")]
    | Annotated[DepthwiseConv, Tag("depthwise_conv")]
    | Annotated[SeparableConv, Tag("separable_conv")]
    | Annotated[MaxPool, Tag("maxpool")]
    | Annotated[AvgPool, Tag("avgpool")]
    | Annotated[GlobalAvgPool, Tag("global_avgpool")]
    | Annotated[GlobalMaxPool, Tag("global_maxpool")]
    | Annotated[AdaptiveAvgPool, Tag("adaptive_avgpool")]
    | Annotated[AdaptiveMaxPool, Tag("adaptive_maxpool")]
    | Annotated[Flatten, Tag("flatten")]
    | Annotated[Dense, Tag("dense")]
    | Annotated[Dropout, Tag("dropout")]
    | Annotated[Activation, Tag("activation")]
    | Annotated[LRN, Tag("lrn")]
    | Annotated[BatchNorm, Tag("batchnorm")]
    | Annotated[ZeroPadding, Tag("zero_padding")]
    | Annotated[Add, Tag("add")]
    | Annotated[Concat, Tag("concat")],
    Discriminator(
        _layer_kind,
        custom_error_type="unknown_layer_type",
        custom_error_message="unknown layer type",
    ),
]


class InputMapping(BaseModel):
    """``input`` written as a mapping: ``{channels, height, width}``, ``{channels, length}`` or
    ``{channels, depth, height, width}``."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)

    channels: Size
    length: Size | None = None
    depth: Size | None = None
    height: Size | None = None
    width: Size | None = None

    @model_validator(mode="after")
    def _one_layout(self) -> InputMapping:
        given = tuple(f for f in ("length", "depth", "height", "width") if getattr(self, f) is not None)
        if given not in (("length",), ("height", "width"), ("depth", "height", "width")):
            raise ValueError(
                said("error.input_layout_sizes", given=", ".join(given) or said("part.no_spatial_size"))
            )
        return self

    def as_shape(self) -> tuple[int, ...]:
        sizes = (self.length, self.depth, self.height, self.width)
        return (self.channels, *(s for s in sizes if s is not None))


InputList = Annotated[list[Size], Field(min_length=2, max_length=4)]

# The frameworks whose rules cnncalc can follow where they differ (cnncalc.engine.conventions).
Convention = Literal["pytorch", "keras", "caffe"]
# How a list ``input`` is written: [C, *spatial] or [*spatial, C] (Keras' H, W, C).
Layout = Literal["channels_first", "channels_last"]


class BlockDef(BaseModel):
    """A reusable, parameterised list of layers; expanded by :mod:`cnncalc.spec.blocks`."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)

    description: str | None = None
    params: dict[str, Any] = Field(default_factory=dict, description="name → default (null: required)")
    inputs: list[Name] = Field(default_factory=lambda: ["input"], min_length=1)
    layers: list[dict[str, Any]] = Field(min_length=1)


class Spec(BaseModel):
    """A network: an input shape and a list of layers."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)

    name: Name | None = None
    description: str | None = None
    input: InputList | InputMapping = Field(
        description="[C, *spatial] with 1 to 3 spatial dimensions ([*spatial, C] under layout: "
        "channels_last or convention: keras), or a mapping"
    )
    blocks: dict[Name, BlockDef] | None = None
    layers: list[Layer] = Field(min_length=1)
    expect: NetworkExpect | None = None
    strict: bool = Field(False, description="flagged strides fail the spec (as --strict)")
    convention: Convention | None = Field(
        None, description="count as this framework does where they differ (as --convention)"
    )
    layout: Layout | None = Field(
        None,
        description="how a list input is written: channels_first [C, *spatial] or channels_last "
        "[*spatial, C]; default: channels_last under convention keras, else channels_first",
    )
    batch: Size | None = Field(
        None,
        description="samples per batch N: shown, and MACs and activations per batch; counts stay per sample",
    )

    @property
    def input_shape(self) -> tuple[int, ...]:
        """The input as written, channels first for a mapping (the engine reads a list with its
        layout: cnncalc.engine.conventions.read_input)."""
        if isinstance(self.input, InputMapping):
            return self.input.as_shape()
        return tuple(self.input)
