"""The spec format as pydantic models: the network, and the layer models joined by a discriminator.

Each layer kind's model is declared in its module of :mod:`cnncalc.kinds` (re-exported here by
name: ``from cnncalc.spec.models import Conv``); the ``Layer`` union and the tables of models are
derived from ``cnncalc.kinds.KINDS``. Aliases (``kernel_size``, ``Conv2D``) are normalised by
:mod:`cnncalc.spec.aliases` before a model sees them (:func:`validate_layer`, the union), so every
model speaks only its canonical field names.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Union

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    ValidationError,
    model_validator,
)
from pydantic_core import InitErrorDetails

from cnncalc.errors import said
from cnncalc.kinds import KINDS
from cnncalc.kinds.activation import Activation as Activation
from cnncalc.kinds.adaptive_avgpool import AdaptiveAvgPool as AdaptiveAvgPool
from cnncalc.kinds.adaptive_maxpool import AdaptiveMaxPool as AdaptiveMaxPool
from cnncalc.kinds.add import Add as Add
from cnncalc.kinds.avgpool import AvgPool as AvgPool
from cnncalc.kinds.batchnorm import BatchNorm as BatchNorm
from cnncalc.kinds.concat import Concat as Concat
from cnncalc.kinds.conv import Conv as Conv
from cnncalc.kinds.conv_transpose import ConvTranspose as ConvTranspose
from cnncalc.kinds.dense import Dense as Dense
from cnncalc.kinds.depthwise_conv import DepthwiseConv as DepthwiseConv
from cnncalc.kinds.dropout import Dropout as Dropout
from cnncalc.kinds.flatten import Flatten as Flatten
from cnncalc.kinds.global_avgpool import GlobalAvgPool as GlobalAvgPool
from cnncalc.kinds.global_maxpool import GlobalMaxPool as GlobalMaxPool
from cnncalc.kinds.lrn import LRN as LRN
from cnncalc.kinds.maxpool import MaxPool as MaxPool
from cnncalc.kinds.pixel_shuffle import PixelShuffle as PixelShuffle
from cnncalc.kinds.separable_conv import SeparableConv as SeparableConv
from cnncalc.kinds.zero_padding import ZeroPadding as ZeroPadding
from cnncalc.spec.aliases import normalise_layer, resolve_type
from cnncalc.spec.fields import MAX_DIM as MAX_DIM
from cnncalc.spec.fields import Convention as Convention
from cnncalc.spec.fields import CountAnswer as CountAnswer
from cnncalc.spec.fields import DenseReading as DenseReading
from cnncalc.spec.fields import LayerBase as LayerBase
from cnncalc.spec.fields import LayerExpect as LayerExpect
from cnncalc.spec.fields import Layout as Layout
from cnncalc.spec.fields import Name, Size
from cnncalc.spec.fields import PerDim as PerDim
from cnncalc.spec.fields import ShapeAnswer as ShapeAnswer


class NetworkExpect(BaseModel):
    """Answers for the whole network, checked by ``cnncalc check``."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)

    output: ShapeAnswer = None
    total_params: CountAnswer = None
    trainable_params: CountAnswer = None
    non_trainable_params: CountAnswer = None
    total_macs: CountAnswer = None


LAYER_MODELS: tuple[type[LayerBase], ...] = tuple(kind.model for kind in KINDS)
MODEL_BY_KIND: dict[str, type[LayerBase]] = {kind.name: kind.model for kind in KINDS}


def _layer_kind(value: Any) -> str | None:
    """The discriminator: a raw layer's ``type`` (any spelling) → its model's kind."""
    if isinstance(value, dict):
        resolved = resolve_type(value.get("type"))
        return resolved[0] if resolved else None
    if isinstance(value, LayerBase):
        return value.kind
    return None


def _normalised(model: type[LayerBase]) -> Any:
    """A layer model that first renames a raw mapping's aliases and spellings."""
    return Annotated[model, BeforeValidator(normalise_layer)]


def validate_layer(model: type[LayerBase], raw: Any) -> LayerBase:
    """One raw layer → ``model``, aliases normalised first, with the errors the ``Layer`` union
    reports (a field given under two names is pydantic's ``value_error`` at the layer)."""
    try:
        data = normalise_layer(raw)
    except ValueError as exc:
        error: InitErrorDetails = {"type": "value_error", "loc": (), "input": raw, "ctx": {"error": exc}}
        raise ValidationError.from_exception_data(model.__name__, [error]) from None
    return model.model_validate(data)


if TYPE_CHECKING:
    Layer = LayerBase
else:  # one member per kind, tagged by its name, in the kinds' order
    Layer = Annotated[
        Union[tuple(Annotated[_normalised(kind.model), Tag(kind.name)] for kind in KINDS)],  # noqa: UP007
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
