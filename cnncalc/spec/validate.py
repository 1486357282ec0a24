"""A spec file → a validated :class:`Spec`, or every problem in it as a :class:`SpecError`.

pydantic's errors are rewritten by their ``type`` (never by their message text) into one line
each, with the file, the line, the layer (index and name) and a hint.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from cnncalc.errors import CnncalcError, Loc, Problem, SpecError
from cnncalc.spec.aliases import FIELD_ALIASES, known_types, resolve_type, suggest_field, suggest_type
from cnncalc.spec.blocks import MAX_PROBLEMS, capped, expand
from cnncalc.spec.lazy import validate_spec
from cnncalc.spec.loader import Document, read_document
from cnncalc.spec.models import MODEL_BY_KIND, LayerExpect, Spec


def load_spec(path: str | Path) -> tuple[Spec, Document]:
    """Read and validate one spec file."""
    document = read_document(path)
    return validate_document(document), document


def validate_document(document: Document) -> Spec:
    data = document.data
    if not isinstance(data, dict):
        raise SpecError.single(
            f"a spec is a mapping with 'input' and 'layers', not {_kind_of(data)}",
            file=document.display_name,
            line=document.line_of(()),
        )
    expansion = expand(data, document.display_name, document.line_of)
    document.origins = expansion.origins or None
    flat = {**data, "layers": expansion.layers} if expansion.origins else data
    try:
        spec = validate_spec(flat)
    except ValidationError as exc:
        raise SpecError(_problems(exc, document, flat)) from None
    duplicates = _duplicate_names(spec, document)
    if duplicates:
        raise SpecError(duplicates)
    for layer, path in zip(spec.layers, expansion.paths, strict=False):
        layer._block_path = path
    return spec


def locate(error: CnncalcError, document: Document) -> CnncalcError:
    """Add the file and line to an engine error, which knows only the layer's place."""
    located = [
        Problem(
            p.message,
            file=document.display_name,
            line=p.line if p.line is not None else document.line_of(p.loc, FIELD_ALIASES),
            loc=p.loc,
            layer_name=p.layer_name,
            hint=p.hint,
            where=p.where,
        )
        for p in error.problems
    ]
    # Not type(error)(located): LayerError's constructor takes a layer, not a list of problems.
    return CnncalcError(located)


def _duplicate_names(spec: Spec, document: Document) -> list[Problem]:
    seen: dict[str, int] = {}
    problems = []
    for index, layer in enumerate(spec.layers):
        if layer.name is None:
            continue
        loc: Loc = ("layers", index, "name")
        if layer.name == "input":
            problems.append(
                Problem(
                    "'input' names the network's input",
                    file=document.display_name,
                    line=document.line_of(loc),
                    loc=loc,
                    layer_name=layer.name,
                    hint="choose another name for the layer",
                )
            )
        elif layer.name in seen:
            problems.append(
                Problem(
                    f"name '{layer.name}' is already used by layer {seen[layer.name] + 1}",
                    file=document.display_name,
                    line=document.line_of(loc),
                    loc=loc,
                    layer_name=layer.name,
                    hint="layer names must be unique",
                )
            )
        else:
            seen[layer.name] = index
    return problems


def _problems(exc: ValidationError, document: Document, data: Any) -> list[Problem]:
    """One problem per error, the first MAX_PROBLEMS of them reported and the others counted:
    each costs a "did you mean" search and a line lookup, and 10,000 unknown keys took 13 s."""
    problems: list[Problem] = []
    seen: set[tuple[Loc, str]] = set()
    origins = document.origins or []
    errors = exc.errors(include_url=False)
    misspelt = _misspelt_fields(errors)
    more = 0
    for error in errors:
        loc, kind = _strip_tag(tuple(error["loc"]))
        if error["type"] == "missing" and loc in misspelt:
            continue  # 'kernal: 3' already says "did you mean 'kernel'?"; "kernel is missing" is noise
        # A mistake inside a block used eight times is reported once, at the block's line.
        written = loc
        if len(loc) >= 2 and loc[0] == "layers" and isinstance(loc[1], int) and loc[1] < len(origins):
            written = (*origins[loc[1]], *loc[2:])
        if len(problems) >= MAX_PROBLEMS:
            key = (written, str(error["type"]))
            if key not in seen:
                seen.add(key)
                more += 1
            continue
        message, hint = _rewrite(error, loc, kind, data)
        if (written, message) in seen:
            continue
        seen.add((written, message))
        problems.append(
            Problem(
                message,
                file=document.display_name,
                line=document.line_of(loc, FIELD_ALIASES),
                loc=loc,
                layer_name=_layer_name(data, loc),
                hint=hint,
            )
        )
    return capped(problems, more, document.display_name)


def _misspelt_fields(errors: Any) -> set[Loc]:
    """The places of required fields that an unknown field next to them is a misspelling of,
    searched for the first MAX_PROBLEMS unknown fields (past them, problems are only counted)."""
    places: set[Loc] = set()
    searched = 0
    for error in errors:
        if error["type"] != "extra_forbidden":
            continue
        loc, kind = _strip_tag(tuple(error["loc"]))
        if loc and isinstance(loc[-1], str):
            searched += 1
            if searched > MAX_PROBLEMS:
                break
            suggestion = suggest_field(loc[-1], _known_fields(kind, loc))
            if suggestion:
                places.add((*loc[:-1], suggestion))
    return places


def _strip_tag(loc: Loc) -> tuple[Loc, str | None]:
    """Drop the discriminator segment pydantic puts after a layer's index: layers.2.conv.kernel."""
    if len(loc) >= 3 and loc[0] == "layers" and isinstance(loc[1], int) and loc[2] in MODEL_BY_KIND:
        return (loc[0], loc[1], *loc[3:]), str(loc[2])
    return loc, None


def _rewrite(error: Any, loc: Loc, kind: str | None, data: Any) -> tuple[str, str | None]:
    """pydantic's error → (our message, hint), chosen by the error's type."""
    error_type: str = error["type"]
    value = error.get("input")
    context = error.get("ctx") or {}
    field = str(loc[-1]) if loc and isinstance(loc[-1], str) else None
    if error_type == "unknown_layer_type":
        raw = value.get("type") if isinstance(value, dict) else None
        if raw is None:
            return "the layer has no 'type'", f"add a type, one of: {', '.join(known_types())}"
        framework_layer = _not_supported_yet(raw)
        if framework_layer is not None:
            return (
                f"layer type {_show(raw)} ({framework_layer}) is not supported by cnncalc yet",
                f"supported types: {', '.join(known_types())}",
            )
        suggestion = suggest_type(raw)
        hint = f"did you mean '{suggestion}'?" if suggestion else f"known types: {', '.join(known_types())}"
        return f"unknown layer type {_show(raw)}", hint
    if error_type == "extra_forbidden":
        in_expect = kind is not None and loc[2:-1] == ("expect",)
        known = list(LayerExpect.model_fields) if in_expect else _known_fields(kind, loc)
        suggestion = suggest_field(str(field), known) if field else None
        owner = "a layer's expect" if in_expect else f"a {kind} layer" if kind else _owner(loc)
        hint = f"did you mean '{suggestion}'?" if suggestion else f"known fields: {', '.join(known)}"
        return f"unknown field '{field}' for {owner}", hint
    if error_type == "missing":
        return "required field is missing", _missing_hint(field, kind)
    if error_type in ("int_type", "int_parsing", "int_from_float"):
        return f"must be a whole number, got {_show(value)}", _number_text_hint(value)
    if error_type in ("float_type", "float_parsing"):
        return f"must be a number, got {_show(value)}", None
    if error_type == "bool_type":
        return f"must be true or false, got {_show(value)}", None
    if error_type == "string_type":
        return f"must be text, got {_show(value)}", None
    if error_type in ("list_type", "tuple_type"):
        return f"must be a list, got {_show(value)}", None
    if error_type in ("dict_type", "model_type", "model_attributes_type"):
        return f"must be a mapping, got {_show(value)}", None
    if error_type in ("greater_than_equal", "greater_than"):
        bound = context.get("ge", context.get("gt"))
        sign = "≥" if error_type == "greater_than_equal" else ">"
        return f"must be {sign} {bound}, got {_show(value)}", None
    if error_type in ("less_than_equal", "less_than"):
        bound = context.get("le", context.get("lt"))
        sign = "≤" if error_type == "less_than_equal" else "<"
        return f"must be {sign} {bound:,}" if isinstance(bound, int) else f"must be {sign} {bound}", (
            f"got {_show(value)}"
        )
    if error_type == "too_short":
        return f"needs at least {context.get('min_length')} entries, got {_count(value)}", _too_short_hint(
            loc
        )
    if error_type == "too_long":
        return f"takes at most {context.get('max_length')} entries, got {_count(value)}", None
    if error_type == "literal_error":
        return f"must be one of {context.get('expected')}, got {_show(value)}", None
    if error_type == "string_pattern_mismatch":
        return "must not contain control characters", None
    if error_type == "string_too_long":
        return f"is longer than {context.get('max_length')} characters", None
    if error_type in ("union_tag_not_found",):
        return "the layer has no 'type'", f"add a type, one of: {', '.join(known_types())}"
    if error_type in ("per_dim", "padding"):
        return str(error["msg"]), None
    if error_type == "value_error":
        return str(context.get("error", error["msg"])), None
    return str(error["msg"]).rstrip(".").lower(), None


# Layers of PyTorch and Keras that cnncalc does not compute yet (squashed: lower case, no _ or -,
# no 1d/2d/3d) → what they are. Said as "not supported yet", never as a misspelling of another.
_NOT_SUPPORTED_YET = {
    "upsampling": "upsampling",
    "upsample": "upsampling",
    "upsamplingnearest": "upsampling",
    "upsamplingbilinear": "upsampling",
    "interpolate": "upsampling",
    "pixelshuffle": "pixel shuffle",
    "layernorm": "layer normalisation",
    "layernormalization": "layer normalisation",
    "groupnorm": "group normalisation",
    "groupnormalization": "group normalisation",
    "instancenorm": "instance normalisation",
    "instancenormalization": "instance normalisation",
    "unitnormalization": "unit normalisation",
    "embedding": "an embedding",
    "rnn": "a recurrent layer",
    "simplernn": "a recurrent layer",
    "lstm": "a recurrent layer",
    "gru": "a recurrent layer",
    "multiheadattention": "attention",
    "attention": "attention",
    "transformer": "attention",
    "transformerencoderlayer": "attention",
    "transformerdecoderlayer": "attention",
    "reshape": "a reshape",
    "permute": "a reshape",
    "unflatten": "a reshape",
    "cropping": "cropping",
    "identity": "an identity",
    "multiply": "an element-wise product",
    "mul": "an element-wise product",
    "spatialdropout": "spatial dropout",
    "alphadropout": "alpha dropout",
}


def _not_supported_yet(raw: object) -> str | None:
    """What a framework layer cnncalc does not compute yet is (``UpSampling2D`` → upsampling).

    >>> _not_supported_yet("UpSampling2D"), _not_supported_yet("nn.LayerNorm"), _not_supported_yet("conv")
    ('upsampling', 'layer normalisation', None)
    """
    if not isinstance(raw, str):
        return None
    squashed = re.sub(r"[_\-\s]", "", raw.strip().lower()).removeprefix("nn.").removeprefix("layers.")
    return _NOT_SUPPORTED_YET.get(re.sub(r"[123]d$", "", squashed))


def _number_text_hint(value: Any) -> str | None:
    """A hint for an integer written in a form the YAML 1.1 loader leaves as text (``0o10``,
    ``09``): the decimal to write.

    >>> _number_text_hint("0o10")
    "write the decimal 8: YAML 1.1 reads '0o10' as text"
    >>> _number_text_hint("09")
    'write 9 without the leading zero'
    """
    if not isinstance(value, str):
        return None
    text = value.strip().replace("_", "")
    if re.fullmatch(r"[-+]?0[oO][0-7]+", text):
        decimal = int(text.replace("o", "").replace("O", ""), 8)
        return f"write the decimal {decimal}: YAML 1.1 reads '{value}' as text"
    if re.fullmatch(r"[-+]?0[0-9]+", text):
        return f"write {int(text)} without the leading zero"
    return None


def _known_fields(kind: str | None, loc: Loc) -> list[str]:
    if kind is not None:
        return [name for name in MODEL_BY_KIND[kind].model_fields if name != "spatial_dims"]
    model: Any = Spec
    for part in loc[:-1]:
        if isinstance(part, str) and part in getattr(model, "model_fields", {}):
            annotation = model.model_fields[part].annotation
            candidates = [
                a for a in getattr(annotation, "__args__", (annotation,)) if hasattr(a, "model_fields")
            ]
            model = candidates[0] if candidates else None
    return list(getattr(model, "model_fields", {}))


def _owner(loc: Loc) -> str:
    if len(loc) <= 1:
        return "the spec"
    return f"'{'.'.join(str(p) for p in loc[:-1] if isinstance(p, str))}'"


def _missing_hint(field: str | None, kind: str | None) -> str | None:
    examples = {
        "input": "e.g. input: [1, 32, 32] (channels, height, width)",
        "layers": "a list of layers, e.g. layers: [{type: conv2d, filters: 6, kernel: 5}]",
        "filters": "the number of output channels, e.g. filters: 16",
        "kernel": "the window size, e.g. kernel: 3",
        "units": "the number of outputs, e.g. units: 10",
        "output_size": "e.g. output_size: [6, 6]",
        "channels": "e.g. channels: 3",
    }
    return examples.get(field or "")


def _too_short_hint(loc: Loc) -> str | None:
    if loc == ("input",):
        return "input is [channels, *spatial] with 1 to 3 spatial sizes, e.g. [3, 224, 224]"
    if loc == ("layers",):
        return "a network needs at least one layer"
    return None


def _layer_name(data: Any, loc: Loc) -> str | None:
    if len(loc) >= 2 and loc[0] == "layers" and isinstance(loc[1], int) and isinstance(data, dict):
        layers = data.get("layers")
        if isinstance(layers, list) and 0 <= loc[1] < len(layers) and isinstance(layers[loc[1]], dict):
            name = layers[loc[1]].get("name")
            return name if isinstance(name, str) else None
    return None


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing (null)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list" if len(str(value)) > 40 else str(value)
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _count(value: Any) -> int:
    return len(value) if hasattr(value, "__len__") else 0


def _kind_of(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "a single piece of text"
    if value is None:
        return "an empty document"
    return f"a single value ({_show(value)})"


__all__ = ["load_spec", "locate", "resolve_type", "validate_document"]
