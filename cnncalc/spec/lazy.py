"""Validate a spec with only the layer models it uses.

pydantic builds a model's validator the first time the model is used. ``Spec.model_validate``
goes through the ``Layer`` union and so builds every layer model, which is most of the
validation time of a small spec. Here the top level is validated by ``Spec`` with its ``layers``
left raw, and each layer by its own model, chosen by the union's own discriminator. The errors
are the ones ``Spec.model_validate`` reports (types, locations, inputs, order), so the error
mapping in :mod:`cnncalc.spec.validate` cannot tell the two apart; a property test holds them
equal. ``Spec`` and ``Layer`` stay the definition of record (and the JSON schema).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from pydantic import BaseModel, Field, ValidationError, create_model
from pydantic_core import InitErrorDetails, PydanticCustomError, PydanticKnownError

from cnncalc import kinds
from cnncalc.spec.models import LayerBase, Spec, _layer_kind, validate_layer


def validate_spec(data: Any) -> Spec:
    """``Spec.model_validate(data)``, building only the models of the layer kinds present."""
    head_model = _head_model()
    errors: list[tuple[int, InitErrorDetails]] = []
    head = None
    try:
        head = head_model.model_validate(data)
    except ValidationError as exc:
        head_errors = tidy_input_errors(exc.errors(include_url=False), data)
        errors += [(_field_rank(e["loc"]), _details(e, ())) for e in head_errors]
    rare = _validate_rare(data, errors)
    raw_layers = data.get("layers") if isinstance(data, dict) else None
    layers = _validate_layers(raw_layers, errors) if isinstance(raw_layers, list) else []
    if errors or head is None:
        errors.sort(key=lambda pair: pair[0])  # stable: pydantic reports fields in their order
        raise ValidationError.from_exception_data("Spec", [detail for _, detail in errors])
    values = {name: getattr(head, name) for name in Spec.model_fields}
    values.update(rare)
    values["layers"] = layers
    return Spec.model_construct(head.model_fields_set, **values)


# Top-level fields that most specs leave out and whose validators cost the most to build (the
# whole ``variants`` tree, the blocks' definitions, the network's answers): the head takes them
# as written, and each one a spec has is checked by a model of that field alone.
_RARE = ("blocks", "expect", "variants")


def _validate_rare(data: Any, errors: list[tuple[int, InitErrorDetails]]) -> dict[str, Any]:
    """The :data:`_RARE` fields ``data`` has, validated as ``Spec`` validates them; their errors
    added to ``errors``. Nothing is built for a field the spec does not have."""
    values: dict[str, Any] = {}
    for name in _RARE:
        if not isinstance(data, dict) or name not in data:
            continue
        try:
            values[name] = getattr(_field_model(name).model_validate({name: data[name]}), name)
        except ValidationError as exc:
            errors += [(_field_rank(e["loc"]), _details(e, ())) for e in exc.errors(include_url=False)]
    return values


def _validate_layers(raw_layers: list[Any], errors: list[tuple[int, InitErrorDetails]]) -> list[Any]:
    """Each layer validated by its kind's model; its errors added to ``errors``. A layer written
    exactly as an earlier one (a chain's cycle, a block's copies) is that layer's model again:
    a model is frozen, and validating the same mapping gives an equal one."""
    layers: list[Any] = []
    rank = _field_rank(("layers",))
    models: dict[str | None, type[LayerBase] | None] = {}  # each kind's model, looked up once
    known: dict[tuple[Any, ...], LayerBase] = {}
    for index, raw in enumerate(raw_layers):
        kind = _layer_kind(raw)
        if kind not in models:
            models[kind] = _model_of(kind)
        model = models[kind]
        if model is None:
            unknown = PydanticCustomError("unknown_layer_type", "unknown layer type")
            errors.append((rank, {"type": unknown, "loc": ("layers", index), "input": raw}))
            continue
        key = _written(model, raw)
        layer = known.get(key) if key is not None else None
        if layer is None:
            try:
                layer = validate_layer(model, raw)
            except ValidationError as exc:
                prefix = ("layers", index, kind)
                errors += [(rank, _details(e, prefix)) for e in exc.errors(include_url=False)]
                continue
            if key is not None:
                known[key] = layer
        layers.append(layer)
    return layers


def _written(model: type[LayerBase], raw: Any) -> tuple[Any, ...] | None:
    """A layer as written, as a key: each value with its type (``1``, ``1.0`` and ``true`` are
    equal keys in Python, not equal layers); None when a value is a list or a mapping, and for a
    named layer: a name is written once in a network (twice is an error), so a named layer is
    never written again, and its key would only cost (every layer of a zoo model is named)."""
    if type(raw) is not dict or "name" in raw:
        return None
    key: list[Any] = [model]
    for name, value in raw.items():
        if type(value) not in _SCALARS:
            return None
        key += (name, type(value), value)
    return tuple(key)


_SCALARS = frozenset({str, int, float, bool, type(None)})


def _model_of(kind: str | None) -> type[LayerBase] | None:
    """A kind's model, or None for a type that no kind has."""
    return kinds.BY_NAME[kind].model if kind is not None and kind in kinds.BY_NAME else None


def tidy_input_errors(errors: list[Any], data: Any) -> list[Any]:
    """``input`` is a list or a mapping: report only the errors of the form that was written.

    pydantic tries both members of the union and reports both, under its own names for them
    (``input.list[constrained-int][1]``, ``input.function-after[...]``).
    """
    written = data.get("input") if isinstance(data, dict) else None
    tidy: list[Any] = []
    mixed = False
    for error in errors:
        loc = tuple(error["loc"])
        if len(loc) < 2 or loc[0] != "input" or not isinstance(loc[1], str):
            tidy.append(error)
            continue
        from_list = loc[1].startswith("list[")
        if (isinstance(written, list) and from_list) or (isinstance(written, dict) and not from_list):
            tidy.append({**error, "loc": (loc[0], *loc[2:])})
        elif not isinstance(written, (list, dict)) and not mixed:
            mixed = True
            tidy.append(
                {
                    "type": "input_form",
                    "loc": ("input",),
                    "msg": "must be a list such as [1, 32, 32] or a mapping such as "
                    "{channels: 1, height: 32, width: 32}",
                    "input": written,
                }
            )
    return tidy


@cache
def _head_model() -> type[Spec]:
    class SpecHead(Spec):
        """``Spec`` with its layers left as they were written, each validated on its own."""

        layers: list[Any] = Field(min_length=1)
        blocks: Any = None
        expect: Any = None
        variants: Any = None

    SpecHead.__name__ = SpecHead.__qualname__ = "Spec"  # as pydantic names it in its errors
    return SpecHead


@cache
def _field_model(name: str) -> type[BaseModel]:
    """A model of ``Spec``'s field ``name`` alone, as ``Spec`` declares it, under its config."""
    field: Any = (Spec.model_fields[name].annotation, Spec.model_fields[name])
    return create_model("Spec", __config__=Spec.model_config, **{name: field})


def _field_rank(loc: tuple[Any, ...]) -> int:
    fields = list(Spec.model_fields)
    return fields.index(loc[0]) if loc and loc[0] in fields else len(fields)


def _details(error: Any, prefix: tuple[Any, ...]) -> InitErrorDetails:
    """One of pydantic's reported errors, back into the form that re-raises it unchanged."""
    error_type: str = error["type"]
    context = error.get("ctx")
    kind: Any = (
        error_type if _is_known(error_type) else PydanticCustomError(error_type, error["msg"], context)
    )
    details: InitErrorDetails = {"type": kind, "loc": (*prefix, *error["loc"]), "input": error["input"]}
    if context is not None and isinstance(kind, str):
        details["ctx"] = context
    return details


@cache
def _is_known(error_type: str) -> bool:
    try:
        PydanticKnownError(error_type)  # type: ignore[arg-type]
    except KeyError:
        return False
    except (TypeError, ValueError):  # known, but it needs its context
        return True
    return True
