"""The spec format as pydantic models: the network, and the layer models joined by a discriminator.

Each layer kind's model is declared in its module of :mod:`cnncalc.kinds` (re-exported here by
name: ``from cnncalc.spec.models import Conv``); the ``Layer`` union and the tables of models are
derived from ``cnncalc.kinds``, loading a kind's module only when it is asked for. Aliases
(``kernel_size``, ``Conv2D``) are normalised by :mod:`cnncalc.spec.aliases` before a model sees
them (:func:`validate_layer`, the union), so every model speaks only its canonical field names.
"""

# No `from __future__ import annotations`: pydantic takes each field's type as it is instead of
# compiling its string (as in cnncalc.kinds and cnncalc.spec.fields).

from functools import cache
from typing import TYPE_CHECKING, Annotated, Any, Literal, Union

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    GetCoreSchemaHandler,
    PrivateAttr,
    Tag,
    ValidationError,
    model_validator,
)
from pydantic_core import CoreSchema, InitErrorDetails

from cnncalc import kinds
from cnncalc.errors import said
from cnncalc.spec.aliases import normalise_layer, resolve_type
from cnncalc.spec.fields import MAX_DIM as MAX_DIM
from cnncalc.spec.fields import Convention as Convention
from cnncalc.spec.fields import CountAnswer as CountAnswer
from cnncalc.spec.fields import DenseReading as DenseReading
from cnncalc.spec.fields import LayerAnswerKind as LayerAnswerKind
from cnncalc.spec.fields import LayerBase as LayerBase
from cnncalc.spec.fields import LayerExpect as LayerExpect
from cnncalc.spec.fields import Layout as Layout
from cnncalc.spec.fields import Name, NetworkAnswerKind, NetworkPoints, Size
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
    if not model.__pydantic_complete__:
        _build(model)
    return model.model_validate(data)


def _build(model: type[LayerBase]) -> None:
    """A kind's validator, with :class:`LayerExpect`'s built first: every kind's ``expect`` then
    takes its schema as built, instead of generating it again (five validators' signatures read
    for each kind a spec uses)."""
    LayerExpect.model_rebuild()
    model.model_rebuild()


@cache
def layer_union() -> Any:
    """Any layer: every kind's model, tagged by its name, in the kinds' order, chosen by ``type``
    in any spelling (loads every kind: for the whole-spec model and the schema only)."""
    members = tuple(Annotated[_normalised(kind.model), Tag(kind.name)] for kind in kinds.KINDS)
    return Annotated[
        Union[members],  # noqa: UP007
        Discriminator(
            _layer_kind,
            custom_error_type="unknown_layer_type",
            custom_error_message="unknown layer type",
        ),
    ]


class _AnyLayer:
    """``Spec.layers``' items for pydantic: the :func:`layer_union`, built when the whole-spec
    model is (``cnncalc.spec.lazy`` validates each layer by its own model instead)."""

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return handler(layer_union())


if TYPE_CHECKING:
    AnyLayer = LayerBase
else:
    AnyLayer = _AnyLayer


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
    def _one_layout(self) -> "InputMapping":
        given = tuple(f for f in ("length", "depth", "height", "width") if getattr(self, f) is not None)
        if given not in (("length",), ("height", "width"), ("depth", "height", "width")):
            raise ValueError(
                said("error.input_layout_sizes", given=", ".join(given) or said("part.no_spatial_size"))
            )
        return self

    def as_shape(self) -> tuple[int, ...]:
        sizes = (self.length, self.depth, self.height, self.width)
        return (self.channels, *(s for s in sizes if s is not None))


# An input written as a list: [C, *spatial], 1 to 3 spatial axes.
INPUT_SIZES = range(2, 5)
InputList = Annotated[list[Size], Field(min_length=INPUT_SIZES.start, max_length=INPUT_SIZES.stop - 1)]


class BlockDef(BaseModel):
    """A reusable, parameterised list of layers; expanded by :mod:`cnncalc.spec.blocks`."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)

    description: str | None = None
    params: dict[str, Any] = Field(default_factory=dict, description="name → default (null: required)")
    inputs: list[Name] = Field(default_factory=lambda: ["input"], min_length=1)
    layers: list[dict[str, Any]] = Field(min_length=1)


# --- worksheets and variants (cnncalc quiz, cnncalc grade) ------------------------------------

VariantInt = Annotated[int, Field(ge=0, le=MAX_DIM)]


class VariantRange(BaseModel):
    """Every value from ``min`` to ``max`` (both included) in steps of ``step``."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)

    min: VariantInt
    max: VariantInt
    step: Size = 1


VariantValues = Annotated[list[VariantInt], Field(min_length=1, max_length=1000)] | VariantRange


class LayerVariants(BaseModel):
    """What a variant may change in one layer: each a list of choices or a range."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)

    filters: VariantValues | None = None
    units: VariantValues | None = None
    kernel: VariantValues | None = None
    stride: VariantValues | None = None
    padding: VariantValues | None = None


class InputVariants(BaseModel):
    """What a variant may change in the input: ``size`` sets every spatial side at once."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)

    channels: VariantValues | None = None
    size: VariantValues | None = None


class Variants(BaseModel):
    """``cnncalc quiz --variants N``: the ranges a variant is drawn from, and its name's stem."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)

    name: Name | None = Field(
        None, description="variants are named NAME-01, NAME-02, …; default: the file's stem"
    )
    input: InputVariants | None = None
    layers: dict[Name, LayerVariants] = Field(
        default_factory=dict, description="by layer name (conv_1 for an unnamed one)"
    )
    strides: Literal["fit", "one_misfit"] = Field(
        "fit", description="every stride fits, or exactly one layer's does not"
    )


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
    layers: list[AnyLayer] = Field(min_length=1)
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
    ask: list[NetworkAnswerKind] | None = Field(
        None, max_length=5, description="the network's answers a worksheet asks (cnncalc quiz)"
    )
    points: NetworkPoints = Field(
        None, description="points for every answer, or per answer kind (cnncalc grade); default 1"
    )
    variant: Name | None = Field(None, description="which variant of a worksheet this is (cnncalc quiz)")
    variants: Variants | None = Field(None, description="the ranges cnncalc quiz --variants draws from")

    # Each layer's enclosing blocks, outermost first, set by the loader for folding: kept once
    # for the spec (a private attribute on each layer model cost pydantic's set-up per layer).
    _block_paths: tuple[tuple[Any, ...], ...] = PrivateAttr(default=())

    @property
    def block_paths(self) -> tuple[tuple[Any, ...], ...]:
        """Each layer's blocks (``cnncalc.spec.blocks.BlockRef``), or () when no block was used."""
        return self._block_paths

    @property
    def input_shape(self) -> tuple[int, ...]:
        """The input as written, channels first for a mapping (the engine reads a list with its
        layout: cnncalc.engine.conventions.read_input)."""
        if isinstance(self.input, InputMapping):
            return self.input.as_shape()
        return tuple(self.input)


def __getattr__(name: str) -> Any:
    """The kinds' models by class name (``from cnncalc.spec.models import Conv``), the ``Layer``
    union, ``LAYER_MODELS`` and ``MODEL_BY_KIND``: each loads every kind, so nothing on a
    command's path asks (it reads one kind's model as ``cnncalc.kinds.BY_NAME[name].model``)."""
    if name.startswith("_"):  # the import system's probes (__path__)
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    if name == "Layer":
        return layer_union()
    models = {kind.model.__name__: kind.model for kind in kinds.KINDS}
    if name == "LAYER_MODELS":
        return tuple(models.values())
    if name == "MODEL_BY_KIND":
        return {kind.name: kind.model for kind in kinds.KINDS}
    if name in models:
        return models[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
