"""``fields.SchemaOnce``: a kind's model, whose shared field types' core schemas are generated once
and copied, validates and rejects exactly as the same model with every schema generated afresh
(each marker replaced by the type it carries): on every layer of the shipped specs and zoo, and on
hypothesis-generated layers. The JSON schema's byte-equality is ``tests/test_schema.py``'s."""

from __future__ import annotations

import copy
from functools import cache
from typing import Annotated, Any, Union, get_args, get_origin

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError, create_model
from pydantic.fields import FieldInfo

from cnncalc import kinds
from cnncalc.spec.aliases import normalise_layer, resolve_type
from cnncalc.spec.blocks import expand
from cnncalc.spec.fields import LayerBase, SchemaOnce
from cnncalc.spec.loader import read_document
from tests.conftest import ROOT, SPECS

MODELS = [kind.model for kind in kinds.KINDS]


def _plain(annotation: Any) -> Any:
    """``annotation`` with each ``Annotated[T, SchemaOnce(U)]`` in it replaced by ``U``."""
    if get_origin(annotation) is Annotated:
        base, *metadata = get_args(annotation)
        if metadata and isinstance(metadata[0], SchemaOnce):  # what follows it applies to its schema
            base, metadata = metadata[0].field_type, metadata[1:]
        # before a marker, metadata would be skipped (the marker gives its schema without asking)
        assert not any(isinstance(m, SchemaOnce) for m in metadata), "SchemaOnce after other metadata"
        return _annotated(_plain(base), metadata)
    args = get_args(annotation)
    if not args or get_origin(annotation) is None:
        return annotation
    if get_origin(annotation) is list:
        return list[_plain(args[0])]  # type: ignore[misc]
    if get_origin(annotation) in (Union, type(int | None)):
        return Union[tuple(_plain(a) for a in args)]  # noqa: UP007
    return annotation  # Literal, dict: no markers inside


def _annotated(base: Any, metadata: list[Any]) -> Any:
    """``Annotated[base, *metadata]`` (nested Annotated flattens), or ``base`` for no metadata."""
    for item in metadata:
        base = Annotated[base, item]
    return base


def _with_metadata(field: FieldInfo) -> Any:
    return _annotated(field.annotation, field.metadata)


@cache
def _afresh(model: type[LayerBase]) -> type[LayerBase]:
    """``model`` with no SchemaOnce: each field's type written out, so pydantic generates it."""
    fields: dict[str, Any] = {}
    for name, field in model.model_fields.items():
        bare = copy.copy(field)
        bare.metadata = []
        fields[name] = (_plain(_with_metadata(field)), bare)
    plain: type[LayerBase] = create_model(model.__name__, __base__=model, __doc__=model.__doc__, **fields)
    return plain


def _outcome(model: type[LayerBase], raw: Any) -> Any:
    try:
        return ("valid", model.model_validate(raw).model_dump())
    except ValidationError as exc:
        errors = exc.errors(include_url=False)  # a ctx's exception: equal by its repr
        return ("invalid", [{**e, "ctx": {k: repr(v) for k, v in e.get("ctx", {}).items()}} for e in errors])


def _shipped_layers() -> list[dict[str, Any]]:
    """Every layer of the shipped specs and zoo models, blocks expanded, aliases normalised."""
    layers = []
    for path in sorted(SPECS.glob("*.yaml")) + sorted((ROOT / "zoo").glob("*.yaml")):
        document = read_document(path)
        data = document.data
        written = expand(data, document.display_name, document.line_of).layers
        layers += [normalise_layer(raw) for raw in written if isinstance(raw, dict)]
    return layers


def _model_of(raw: dict[str, Any]) -> type[LayerBase] | None:
    resolved = resolve_type(raw.get("type"))
    return kinds.BY_NAME[resolved[0]].model if resolved else None


def test_the_markers_share_layer_base_config() -> None:
    """A schema is generated under its model's config: every model given a copy has the same."""
    for model in MODELS:
        assert model.model_config == LayerBase.model_config, model.__name__


def _markers(annotation: Any) -> list[SchemaOnce]:
    found = [m for m in get_args(annotation) if isinstance(m, SchemaOnce)]
    return found + [m for arg in get_args(annotation) for m in _markers(arg)]


def test_a_marker_carries_no_model() -> None:
    """A model's schema is a reference into the definitions of the model that generated it."""
    for model in MODELS:
        model.model_rebuild()
        for field in model.model_fields.values():
            for marker in _markers(_with_metadata(field)):
                text = repr(marker._schema)
                assert "'definition-ref'" not in text and "'type': 'model'" not in text, model.__name__


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_json_schema_as_afresh(model: type[LayerBase]) -> None:
    assert model.model_json_schema() == _afresh(model).model_json_schema()


def test_shipped_layers_as_afresh() -> None:
    layers = _shipped_layers()
    assert len(layers) > 1000
    for raw in layers:
        model = _model_of(raw)
        assert model is not None, raw
        assert _outcome(model, raw) == _outcome(_afresh(model), raw)


_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 2**31 + 1),
    st.sampled_from([0, 1, 2, 3, 5, 64, 2**31 - 1, 0.5, 1e-5, float("inf"), -0.1]),
    st.sampled_from(["same", "VALID", "relu", "prelu", "swish", "x", "", "conv_1", "a\x00", "input"]),
    st.lists(st.integers(-1, 9), max_size=4),
    st.lists(st.sampled_from(["output", "params", "macs", "nope", "conv_1"]), max_size=6),
    st.dictionaries(st.sampled_from(["output", "params", "macs", "nope"]), st.integers(-1, 5), max_size=2),
)


@st.composite
def _layers(draw: st.DrawFn) -> tuple[type[LayerBase], dict[str, Any]]:
    model = draw(st.sampled_from(MODELS))
    names = [n for n in model.model_fields if n != "type"] + ["bogus"]
    chosen = draw(st.lists(st.sampled_from(names), unique=True, max_size=5))
    raw: dict[str, Any] = {"type": model.kind}
    raw.update({name: draw(_VALUES) for name in chosen})
    return model, raw


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_layers())
def test_generated_layers_as_afresh(case: tuple[type[LayerBase], dict[str, Any]]) -> None:
    model, raw = case
    assert _outcome(model, raw) == _outcome(_afresh(model), raw)


def test_the_models_annotations_are_not_strings() -> None:
    """pydantic compiles a string annotation for every class that has it: the kinds' modules and
    ``spec/fields.py`` (LayerBase) declare their models' field types as they are."""
    paths = [ROOT / "cnncalc" / "kinds" / f"{name}.py" for name in kinds.NAMES]
    for path in [*paths, ROOT / "cnncalc" / "spec" / "fields.py"]:
        assert "from __future__ import annotations" not in path.read_text(encoding="utf-8"), path.name
