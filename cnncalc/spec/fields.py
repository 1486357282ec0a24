"""The field types every layer kind's model is built from, and the fields every layer has.

A kind's module (``cnncalc/kinds/<kind>.py``) imports its fields from here, never from
:mod:`cnncalc.spec.models` (which joins the kinds, so importing it from a kind would be a cycle).
"""

from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, GetCoreSchemaHandler, PlainValidator, WithJsonSchema
from pydantic_core import CoreSchema, PydanticCustomError

from cnncalc.choices import Convention as Convention
from cnncalc.choices import DenseReading as DenseReading
from cnncalc.choices import Layout as Layout
from cnncalc.spec import activations

# Sizes beyond int32 are a typo or an attack, never a network (the engine's bound too).
MAX_DIM = 2**31 - 1

Size = Annotated[int, Field(ge=1, le=MAX_DIM)]


class SchemaOnce:
    """A field type's pydantic core schema, generated the first time a model uses the type and
    copied into every later one: the same schema pydantic would generate again, without its
    Python schema generation (~0.05-0.1 ms a field; every kind's model has LayerBase's fields).

    ``Annotated[T, SchemaOnce(Annotated[T, ...])]``: the first argument is the type as the type
    checker reads it, the marker's the type with its validators and constraints. The marker gives
    its schema without asking pydantic for the inner one, so it must be a field's first metadata
    (a ``Field(max_length=...)`` beside it would be skipped: constraints go inside its type). Only
    for types that name no model (a model's schema is a reference into one model's definitions)
    and are used only by models of LayerBase's config (the config is part of what a schema is
    generated under). ``tests/test_kind_schemas.py`` holds these, and that every kind's model
    validates, rejects and writes its JSON schema as with every schema generated afresh."""

    def __init__(self, field_type: object) -> None:
        self.field_type = field_type
        self._schema: CoreSchema | None = None

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        """pydantic's public hook: a fresh copy of the schema (pydantic adds to a schema it is
        given, so a model never holds the one kept here)."""
        if self._schema is None:
            self._schema = handler.generate_schema(self.field_type)
        copied: CoreSchema = _copied(self._schema)
        return copied


def _copied(value: Any) -> Any:
    """A schema's dicts and lists copied, all the way down; its validators and strings shared."""
    if type(value) is dict:
        return {key: _copied(item) for key, item in value.items()}
    if type(value) is list:
        return [_copied(item) for item in value]
    return value


# The largest count a student's answer may give (parameters, MACs).
MAX_ANSWER_COUNT = 10**15


def shown(value: object) -> str:
    """A value as an error message quotes it: YAML's spelling of booleans and null, cut at 40.

    >>> shown(True), shown(None), shown("x" * 50)
    ('true', 'null', "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...")
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _in_range(value: object, minimum: int) -> bool:
    # type(...) is int first: the common case without a call (this runs on every size of every layer)
    return (type(value) is int or _is_int(value)) and minimum <= value <= MAX_DIM  # type: ignore[operator]


def _one_or_per_axis(minimum: int) -> tuple[PlainValidator, WithJsonSchema]:
    """A field given once for every spatial axis or as a list of one per axis (1 to 3)."""
    noun = "positive integer" if minimum == 1 else "non-negative integer"

    def validate(value: object) -> int | tuple[int, ...]:
        if _in_range(value, minimum):
            return value  # type: ignore[return-value]
        if isinstance(value, list) and 1 <= len(value) <= 3 and all(_in_range(v, minimum) for v in value):
            return tuple(value)
        raise PydanticCustomError(
            "per_dim",
            "must be a {noun} or a list of 1 to 3 of them (one per spatial dimension), got {got}",
            {"noun": noun, "got": shown(value)},
        )

    schema_int = {"type": "integer", "minimum": minimum, "maximum": MAX_DIM}
    schema = {"anyOf": [schema_int, {"type": "array", "items": schema_int, "minItems": 1, "maxItems": 3}]}
    return PlainValidator(validate), WithJsonSchema(schema)


def _padding(value: object) -> int | tuple[int, ...] | str:
    if isinstance(value, str) and value.lower() in ("same", "valid"):
        return value.lower()
    if _in_range(value, 0):
        return value  # type: ignore[return-value]
    if isinstance(value, list) and 1 <= len(value) <= 3 and all(_in_range(v, 0) for v in value):
        return tuple(value)
    raise PydanticCustomError(
        "padding",
        "must be a non-negative integer, a list of them (one per spatial dimension), "
        "'valid' or 'same', got {got}",
        {"got": shown(value)},
    )


_POSITIVE_VALIDATOR, _POSITIVE_SCHEMA = _one_or_per_axis(1)
_NON_NEGATIVE_VALIDATOR, _NON_NEGATIVE_SCHEMA = _one_or_per_axis(0)
PerDim = Annotated[
    int | tuple[int, ...],
    SchemaOnce(Annotated[int | tuple[int, ...], _POSITIVE_VALIDATOR, _POSITIVE_SCHEMA]),
]
PerDimOrZero = Annotated[
    int | tuple[int, ...],
    SchemaOnce(Annotated[int | tuple[int, ...], _NON_NEGATIVE_VALIDATOR, _NON_NEGATIVE_SCHEMA]),
]
_PADDING = Annotated[
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
Padding = Annotated[int | tuple[int, ...] | str, SchemaOnce(_PADDING)]
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
                    "got": shown(value),
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
ActivationName = Annotated[str, SchemaOnce(Annotated[str, _ACTIVATION_VALIDATOR, _ACTIVATION_SCHEMA])]
FusedActivation = Annotated[str, SchemaOnce(Annotated[str, _FUSED_VALIDATOR, _FUSED_SCHEMA])]


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
    rf: ShapeAnswer = Field(None, description="the receptive field's size: 5, or 5x5 per axis")


# The answers a worksheet may ask (``cnncalc quiz``) and their points (``cnncalc grade``).
LayerAnswerKind = Literal["output", "params", "trainable_params", "macs", "rf"]
NetworkAnswerKind = Literal[
    "output", "total_params", "trainable_params", "non_trainable_params", "total_macs"
]
MAX_POINTS = 1000


def points_validator(kinds: tuple[str, ...]) -> tuple[PlainValidator, WithJsonSchema]:
    """``points:``: a whole number of points for every answer, or one per answer kind."""

    def validate(value: object) -> int | dict[str, int] | None:
        if value is None:
            return None
        if _is_int(value) and 0 <= value <= MAX_POINTS:  # type: ignore[operator]
            return value  # type: ignore[return-value]
        if isinstance(value, dict) and all(
            k in kinds and _is_int(v) and 0 <= v <= MAX_POINTS for k, v in value.items()
        ):
            return value
        raise PydanticCustomError(
            "points",
            "must be a number of points from 0 to {most} for each answer, or a mapping of answers "
            "({kinds}) to points (params: 2), got {got}",
            {"most": MAX_POINTS, "kinds": ", ".join(kinds), "got": shown(value)},
        )

    points = {"type": "integer", "minimum": 0, "maximum": MAX_POINTS}
    by_kind = {"type": "object", "propertyNames": {"enum": list(kinds)}, "additionalProperties": points}
    return PlainValidator(validate), WithJsonSchema({"anyOf": [points, by_kind, {"type": "null"}]})


LAYER_POINTS = points_validator(get_args(LayerAnswerKind))
NETWORK_POINTS = points_validator(
    tuple(dict.fromkeys(get_args(LayerAnswerKind) + get_args(NetworkAnswerKind)))
)
LayerPoints = Annotated[object, LAYER_POINTS[0], LAYER_POINTS[1]]
NetworkPoints = Annotated[object, NETWORK_POINTS[0], NETWORK_POINTS[1]]
# LayerBase's ask and inputs with their lengths inside the types (SchemaOnce's schema has them).
_ASK = Annotated[list[LayerAnswerKind], Field(max_length=5)] | None
_INPUTS = Annotated[list[Name], Field(min_length=1, max_length=64)] | None


class LayerBase(BaseModel):
    """Fields every layer has. A subclass's ``type: Literal["conv"]`` is where its kind's name
    is written; ``kind`` is read from it (the first name, for a Literal of several).

    Aliases (``kernel_size``, ``Conv2D``) are normalised before a model sees them
    (:func:`cnncalc.spec.models.validate_layer`), so a model speaks only its canonical names."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)
    kind: ClassVar[str] = ""
    if TYPE_CHECKING:  # each kind declares its own (a field here would come first in every model)
        type: str

    name: Annotated[Name | None, SchemaOnce(Name | None)] = None
    expect: LayerExpect | None = None
    ask: Annotated[list[LayerAnswerKind] | None, SchemaOnce(_ASK)] = Field(
        None, description="the answers a worksheet asks for this layer (cnncalc quiz)"
    )
    points: Annotated[object, SchemaOnce(LayerPoints)] = Field(
        None, description="points for each of this layer's answers, or per answer (cnncalc grade); default 1"
    )
    spatial_dims: Annotated[Literal[1, 2, 3] | None, SchemaOnce(Literal[1, 2, 3] | None)] = Field(
        None, description="spatial dimensions the layer expects; set by names such as conv2d"
    )
    inputs: Annotated[list[Name] | None, SchemaOnce(_INPUTS)] = Field(
        None,
        description="names of earlier layers (the network's input is 'input'); default: the previous layer",
    )

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        names = get_args(cls.model_fields["type"].annotation) if "type" in cls.model_fields else ()
        if names:
            cls.kind = str(names[0])
