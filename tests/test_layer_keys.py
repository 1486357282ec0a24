"""Per-layer shortcuts of validation: ``cnncalc.spec.lazy`` reuses the model of a layer written
exactly as an earlier one (never of a named layer, which a network writes once), and
``aliases.normalise_layer`` gives what renaming, implied fields and a dimension in the type name
give, in that order. Each is checked against the plain way: the whole-spec model on every shipped
spec and zoo model, and a reference normalisation on hypothesis-generated layers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from cnncalc.kinds.index import DIMENSIONAL, LOOKUP
from cnncalc.spec import lazy
from cnncalc.spec.aliases import FIELD_ALIASES, IMPLIED_FIELDS, _squash, normalise_layer, resolve_type
from cnncalc.spec.blocks import expand
from cnncalc.spec.loader import read_document
from cnncalc.spec.models import Spec
from tests.conftest import ROOT, SPECS

SHIPPED = sorted(SPECS.glob("*.yaml")) + sorted((ROOT / "zoo").glob("*.yaml"))


def _flat(path: Path) -> Any:
    """A shipped file as ``validate_spec`` is given it: its blocks expanded."""
    document = read_document(path)
    expansion = expand(document.data, document.display_name, document.line_of)
    return {**document.data, "layers": expansion.layers} if expansion.origins else document.data


def _outcome(data: Any) -> Any:
    """A validation's layers (each with the fields it was given), or its errors."""
    try:
        spec = lazy.validate_spec(data)
    except ValidationError as exc:
        return ("errors", _tidy(exc.errors(include_url=False)))
    return ("valid", spec, [(layer, layer.model_fields_set) for layer in spec.layers])


def _tidy(errors: list[Any]) -> list[Any]:
    """Errors comparable: a ctx's exception is equal to another only as itself."""
    return [(e["type"], tuple(e["loc"]), e["msg"], repr(e["input"])) for e in errors]


def _whole(data: Any) -> Any:
    try:
        spec = Spec.model_validate(data)
    except ValidationError as exc:
        return ("errors", _tidy(lazy.tidy_input_errors(exc.errors(include_url=False), data)))
    return ("valid", spec, [(layer, layer.model_fields_set) for layer in spec.layers])


@pytest.mark.parametrize("path", SHIPPED, ids=lambda path: f"{path.parent.name}/{path.stem}")
def test_every_shipped_network_validates_as_the_whole_spec_model_validates_it(path: Path) -> None:
    data = _flat(path)
    assert _outcome(data) == _whole(data)


def test_a_named_layer_has_no_key_and_an_unnamed_one_does() -> None:
    model = lazy._model_of("conv")
    assert model is not None
    assert lazy._written(model, {"type": "conv", "filters": 4, "kernel": 3, "name": "c"}) is None
    assert lazy._written(model, {"type": "conv", "filters": 4, "kernel": 3}) is not None
    assert lazy._written(model, {"type": "conv", "filters": 4, "kernel": [3, 3]}) is None


def test_an_unnamed_layer_written_again_is_the_same_model_and_a_named_one_its_own() -> None:
    layer = {"type": "conv2d", "filters": 4, "kernel": 3}
    data = {
        "input": [1, 8, 8],
        "layers": [layer, dict(layer), {**layer, "name": "a"}, {**layer, "name": "b"}],
    }
    outcome = _outcome(data)
    assert outcome == _whole(data)
    first, again, named_a, named_b = outcome[1].layers
    assert again is first
    assert named_a is not named_b
    assert (named_a.name, named_b.name) == ("a", "b")


def _reference_normalise(data: dict[Any, Any]) -> dict[Any, Any]:
    """The plain normalisation: aliases renamed, then the fields the type's spelling implies,
    then the type as shown, then the spatial dimensions its name says, unless given."""
    lookup = {alias: field for field, aliases in FIELD_ALIASES.items() for alias in aliases}
    out: dict[Any, Any] = {}
    for key, value in data.items():
        canonical = lookup.get(key, key) if isinstance(key, str) else key
        if canonical in out:
            raise ValueError(canonical)
        out[canonical] = value
    raw_type = out.get("type")
    if not isinstance(raw_type, str):
        return out
    for field, value in IMPLIED_FIELDS.get(_squash(raw_type.strip()), {}).items():
        out.setdefault(field, value)
    resolved = resolve_type(raw_type)
    if resolved is not None:
        out["type"] = resolved[1]
        if resolved[2] is not None and "spatial_dims" not in out:
            out["spatial_dims"] = resolved[2]
    return out


SPELLINGS = (
    sorted(LOOKUP)
    + sorted(IMPLIED_FIELDS)
    + [f"{kind}{n}d" for kind in sorted(DIMENSIONAL) for n in (1, 2, 3)]
)
TYPES = st.one_of(
    st.sampled_from(SPELLINGS).flatmap(
        lambda name: st.sampled_from([name, name.upper(), f" {name.title()} ", name.replace("d", "_d")])
    ),
    st.text(max_size=8),
    st.integers(),
    st.none(),
)
# Canonical fields and their aliases, the fields a spelling implies, and a few others.
FIELD_NAMES = st.sampled_from(
    sorted({*FIELD_ALIASES, *(a for names in FIELD_ALIASES.values() for a in names)})
    + sorted({field for implied in IMPLIED_FIELDS.values() for field in implied})
    + ["spatial_dims", "name", "type"]
)
VALUES = st.one_of(st.integers(0, 4), st.booleans(), st.sampled_from(["channels", "flatten", "bilinear"]))


@settings(max_examples=300, deadline=None)
@given(TYPES, st.lists(st.tuples(FIELD_NAMES, VALUES), max_size=5), st.booleans())
def test_normalise_layer_is_the_plain_normalisation(
    raw_type: Any, fields: list[Any], type_first: bool
) -> None:
    rest = dict(fields)
    layer = {"type": raw_type, **rest} if type_first else {**rest, "type": raw_type}

    def outcome(normalise: Any) -> Any:
        try:
            return list(normalise(layer).items())  # in order: pydantic reports extras in it
        except ValueError:
            return "given twice"

    assert outcome(normalise_layer) == outcome(_reference_normalise)
