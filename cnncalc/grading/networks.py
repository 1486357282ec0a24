"""How a submission's network differs from its key's: the input, and each layer changed, added
or removed.

The layers are lined up by :class:`difflib.SequenceMatcher` on what each layer is (its kind and
fields, without its name, answers, asks and points), so a layer added in the middle does not
shift every answer after it onto the wrong layer. A replaced run of layers is paired in order:
a changed kernel is one layer changed, not one removed and one added.
"""

from __future__ import annotations

from difflib import SequenceMatcher
from typing import Any, NamedTuple

from cnncalc.spec.fields import LayerBase
from cnncalc.spec.models import Spec

# What a layer's signature leaves out: it names, answers, asks and scores, not computes.
NOT_THE_NETWORK = frozenset({"name", "expect", "ask", "points", "type", "spatial_dims"})
CHANGED, ADDED, REMOVED, INPUT = "changed", "added", "removed", "input"


class Change(NamedTuple):
    """One difference: ``what`` is CHANGED (``field`` from ``key_value`` to ``submitted``),
    ADDED, REMOVED or INPUT (``field`` input or convention). ``place`` is the layer's
    place from 1 (the key's, or the submission's for an added layer)."""

    what: str
    place: int | None
    name: str | None
    field: str | None
    key_value: object
    submitted: object


class Comparison(NamedTuple):
    changes: tuple[Change, ...]
    pairs: dict[int, int]  # a key layer's index → the submission layer it lines up with (0-based)


def layer_fields(layer: LayerBase) -> dict[str, Any]:
    """What the layer computes from: its kind and fields, one value per axis written once
    (``kernel: [5, 5]`` is ``kernel: 5``), ``padding: valid`` as 0."""
    fields: dict[str, Any] = {"kind": layer.kind}
    for name in type(layer).model_fields:
        if name not in NOT_THE_NETWORK:
            fields[name] = _plain(getattr(layer, name))
    if fields.get("stride", 0) is None and "kernel" in fields:  # a pool's stride is its kernel
        fields["stride"] = fields["kernel"]
    return fields


def _plain(value: object) -> object:
    if isinstance(value, (list, tuple)):
        items = [_plain(item) for item in value]
        return items[0] if items and all(item == items[0] for item in items) else tuple(items)
    if value == "valid":
        return 0
    return value


def compare(
    key: Spec,
    submitted: Spec,
    key_names: list[str],
    submitted_names: list[str],
    key_fields: list[dict[str, Any]] | None = None,
) -> Comparison:
    """Every difference between the two networks, and which layers line up (``key_fields``: the
    key's :func:`layer_fields`, computed once for a class)."""
    changes = _input_changes(key, submitted)
    key_fields = key_fields or [layer_fields(layer) for layer in key.layers]
    sub_fields = [layer_fields(layer) for layer in submitted.layers]
    matcher = SequenceMatcher(None, _lined_up(key), _lined_up(submitted), autojunk=False)
    pairs: dict[int, int] = {}
    for _tag, k1, k2, s1, s2 in matcher.get_opcodes():
        paired = min(k2 - k1, s2 - s1)
        for k, s in zip(range(k1, k1 + paired), range(s1, s1 + paired), strict=True):
            pairs[k] = s
            changes += _field_changes(k, key_names[k], key_fields[k], sub_fields[s])
        for k in range(k1 + paired, k2):
            changes.append(Change(REMOVED, k + 1, key_names[k], None, key_fields[k]["kind"], None))
        for s in range(s1 + paired, s2):
            changes.append(Change(ADDED, s + 1, submitted_names[s], None, None, sub_fields[s]["kind"]))
    return Comparison(tuple(changes), pairs)


def _lined_up(spec: Spec) -> list[tuple[str, str | None]]:
    """What lines layers up: their kind and the name written (a worksheet keeps the key's names)."""
    return [(layer.kind, layer.name) for layer in spec.layers]


def _input_changes(key: Spec, submitted: Spec) -> list[Change]:
    """The input as read (channels first, whichever way it was written) and the convention."""
    from cnncalc.engine.conventions import read_input

    found = []
    for field, key_value, value in (
        ("input", read_input(key, key.convention).shape, read_input(submitted, submitted.convention).shape),
        ("convention", key.convention, submitted.convention),
    ):
        if key_value != value:
            found.append(Change(INPUT, None, None, field, key_value, value))
    return found


def _field_changes(index: int, name: str, key_fields: dict[str, Any], fields: dict[str, Any]) -> list[Change]:
    if key_fields["kind"] != fields["kind"]:
        return [Change(CHANGED, index + 1, name, "type", key_fields["kind"], fields["kind"])]
    return [
        Change(CHANGED, index + 1, name, field, value, fields.get(field))
        for field, value in key_fields.items()
        if fields.get(field) != value
    ]
