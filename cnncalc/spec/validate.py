"""A spec file → a validated :class:`Spec`, or every problem in it as a :class:`SpecError`.

pydantic's errors are rewritten by their ``type`` (never by their message text) into one line
each, with the file, the line, the layer (index and name) and a hint.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from cnncalc import kinds
from cnncalc.errors import Loc, Problem, Said, SpecError, a_layer, said
from cnncalc.spec.aliases import FIELD_ALIASES, known_types, resolve_type, suggest_field, suggest_type
from cnncalc.spec.blocks import MAX_PROBLEMS, capped, expand, layer_names
from cnncalc.spec.fields import shown
from cnncalc.spec.lazy import validate_spec
from cnncalc.spec.loader import Document, read_document
from cnncalc.spec.models import LayerExpect, Spec


def load_spec(path: str | Path) -> tuple[Spec, Document]:
    """Read and validate one spec file."""
    document = read_document(path)
    return validate_document(document), document


def validate_document(document: Document) -> Spec:
    data = document.data
    if not isinstance(data, dict):
        raise SpecError.single(
            said("error.not_a_mapping_spec", kind=_kind_of(data)),
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
    if expansion.paths:
        spec._block_paths = tuple(expansion.paths)
    return spec


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
                    said("error.duplicate_input_name"),
                    file=document.display_name,
                    line=document.line_of(loc),
                    loc=loc,
                    layer_name=layer.name,
                    hint=said("hint.another_name"),
                )
            )
        elif layer.name in seen:
            problems.append(
                Problem(
                    said("error.duplicate_name", name=layer.name, index=seen[layer.name] + 1),
                    file=document.display_name,
                    line=document.line_of(loc),
                    loc=loc,
                    layer_name=layer.name,
                    hint=said("hint.unique_names"),
                )
            )
        else:
            seen[layer.name] = index
    return problems + _split_problems(spec, seen, document)


def _split_problems(spec: Spec, seen: dict[str, int], document: Document) -> list[Problem]:
    """A split's part named as a layer (or as the input), which would make one name mean two
    outputs; a layer taking a split by its own name (or following it without ``inputs``), which
    names no output: only its parts are."""
    if not any(layer.kind == "split" for layer in spec.layers):
        return []
    names = layer_names([(layer.name, layer.type) for layer in spec.layers])
    splits = {
        names[i]: _parts_of(layer, names[i]) for i, layer in enumerate(spec.layers) if layer.kind == "split"
    }
    problems = []

    def problem(message: Said, index: int, field: str, hint: Said) -> None:
        loc: Loc = ("layers", index, field)
        line = document.line_of(loc)
        problems.append(
            Problem(
                message, file=document.display_name, line=line, loc=loc, layer_name=names[index], hint=hint
            )
        )

    for index, layer in enumerate(spec.layers):
        for part in splits.get(names[index], ()):
            if part in seen or part == "input":
                field = "outputs" if getattr(layer, "outputs", None) else "name"
                problem(said("error.part_name_taken", name=part), index, field, said("hint.another_name"))
        sources = layer.inputs or [names[index - 1] if index else "input"]
        for source in (s for s in sources if s in splits):
            parts = splits[source]
            message = said("error.split_taken_whole", split=source, count=len(parts), parts=", ".join(parts))
            problem(message, index, "inputs", said("hint.split_taken_whole", first=parts[0]))
    return problems


def _parts_of(layer: Any, name: str) -> list[str]:
    """A split's part names as the engine gives them (its ``outputs``, or ``<name>.0``, …)."""
    count = layer.chunks if layer.sizes is None else len(layer.sizes)
    return list(layer.outputs or (f"{name}.{k}" for k in range(count)))


# (a pydantic error, its loc without the discriminator, the layer kind) → (message, hint)
Rewrite = Callable[[Any, Loc, "str | None"], "tuple[str, str | None]"]


def map_errors(
    errors: Sequence[Any],
    file: str,
    line_of: Callable[[Loc], int | None],
    rewrite: Rewrite,
    *,
    where: Callable[[Loc], tuple[Loc, str | None]] | None = None,
    data: Any = None,
    origins: Sequence[Loc] = (),
    misspelt: Collection[Loc] = (),
    cap: int | None = MAX_PROBLEMS,
) -> list[Problem]:
    """The one mapper of pydantic's errors (``exc.errors(include_url=False)``) for specs,
    ``apply``'s exercises and the one-off options: one problem per error, its loc cleaned by
    ``where`` (by default without the discriminator segment), its words chosen by ``rewrite``
    from the error's type.

    A mistake inside a block used eight times is said once, at the block's line (``origins``:
    where each layer of the flat list was written). A required field that an unknown field beside
    it misspells (``misspelt``) is not also said to be missing. Past ``cap`` problems the others
    are counted: each costs a "did you mean" search and a line lookup (10,000 unknown keys took 13 s).
    """
    problems: list[Problem] = []
    seen: set[tuple[Loc, str]] = set()
    more = 0
    for error in errors:
        loc, kind = (where or _strip_tag)(tuple(error["loc"]))
        if error["type"] == "missing" and loc in misspelt:
            continue  # 'kernal: 3' already says "did you mean 'kernel'?"; "kernel is missing" is noise
        written = loc
        if len(loc) >= 2 and loc[0] == "layers" and isinstance(loc[1], int) and loc[1] < len(origins):
            written = (*origins[loc[1]], *loc[2:])
        if cap is not None and len(problems) >= cap:
            key = (written, str(error["type"]))
            if key not in seen:
                seen.add(key)
                more += 1
            continue
        message, hint = rewrite(error, loc, kind)
        if (written, message) in seen:
            continue
        seen.add((written, message))
        problems.append(
            Problem(
                message,
                file=file,
                line=line_of(loc),
                loc=loc,
                layer_name=_layer_name(data, loc),
                hint=hint,
            )
        )
    return capped(problems, more, file)


def unmapped_message(error: Any) -> str:
    """pydantic's own words, for an error type no rewrite knows."""
    return str(error["msg"]).rstrip(".").lower()


def _problems(exc: ValidationError, document: Document, data: Any) -> list[Problem]:
    """A spec's validation errors, placed on their lines."""
    errors = exc.errors(include_url=False)
    return map_errors(
        errors,
        document.display_name,
        lambda loc: document.line_of(loc, FIELD_ALIASES),
        lambda error, loc, kind: _rewrite(error, loc, kind, data),
        data=data,
        origins=document.origins or [],
        misspelt=_misspelt_fields(errors),
    )


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
    if len(loc) >= 3 and loc[0] == "layers" and isinstance(loc[1], int) and loc[2] in kinds.BY_NAME:
        return (loc[0], loc[1], *loc[3:]), str(loc[2])
    return loc, None


def _rewrite(error: Any, loc: Loc, kind: str | None, data: Any) -> tuple[str, str | None]:
    """pydantic's error → (our message, hint), chosen by the error's type."""
    error_type: str = error["type"]
    value = error.get("input")
    context = error.get("ctx") or {}
    field = str(loc[-1]) if loc and isinstance(loc[-1], str) else None
    if error_type == "unknown_layer_type":
        return _unknown_type(value)
    if error_type == "extra_forbidden":
        return _unknown_field(loc, kind, field)
    if error_type == "missing":
        return said("error.missing"), _missing_hint(field)
    found = _wrong_type(error_type, value) or _out_of_bounds(error_type, value, context, loc)
    if found is not None:
        return found
    if error_type == "literal_error":
        return said("error.not_one_of", expected=context.get("expected"), value=_show(value)), None
    if error_type == "string_pattern_mismatch":
        return said("error.control_characters"), None
    if error_type in ("union_tag_not_found",):
        return said("error.no_type"), said("hint.add_type", types=", ".join(known_types()))
    if error_type == "per_dim" and context.get("noun") in ("positive integer", "non-negative integer"):
        noun = "positive" if context["noun"] == "positive integer" else "non_negative"
        return said(f"error.per_dim_{noun}", got=context.get("got")), None
    if error_type == "padding" and "got" in context:
        return said("error.padding", got=context["got"]), None
    if error_type in ("per_dim", "padding"):
        return str(error["msg"]), None
    if error_type == "activation":  # cnncalc.spec.models: an unknown activation, with "did you mean"
        return _activation_problem(error, context)
    if error_type == "finite_number":
        return said("error.not_finite", value=_show(value)), said("hint.finite")
    if error_type == "input_form":  # cnncalc.spec.lazy: an input neither a list nor a mapping
        return said(
            "error.input_form", list="[1, 32, 32]", mapping="{channels: 1, height: 32, width: 32}"
        ), None
    if error_type == "value_error":
        raised = context.get("error")
        if isinstance(raised, Exception) and raised.args and isinstance(raised.args[0], Said):
            return raised.args[0], None  # a model validator's said(...), kept for its Korean
        return str(context.get("error", error["msg"])), None
    return unmapped_message(error), None


def _unknown_type(value: Any) -> tuple[str, str | None]:
    """A layer whose type is missing, a framework layer not supported yet, or a misspelling."""
    raw = value.get("type") if isinstance(value, dict) else None
    if raw is None:
        return said("error.no_type"), said("hint.add_type", types=", ".join(known_types()))
    framework_layer = _not_supported_yet(raw)
    if framework_layer is not None:
        return (
            said("error.not_supported_yet", type=_show(raw), what=framework_layer),
            said("hint.supported_types", types=", ".join(known_types())),
        )
    suggestion = suggest_type(raw)
    hint = (
        said("hint.did_you_mean", suggestion=suggestion)
        if suggestion
        else said("hint.known_types", types=", ".join(known_types()))
    )
    return said("error.unknown_layer_type", type=_show(raw)), hint


def _unknown_field(loc: Loc, kind: str | None, field: str | None) -> tuple[str, str | None]:
    """A field the layer (or its ``expect``, or the spec) does not have, with the closest one."""
    in_expect = kind is not None and loc[2:-1] == ("expect",)
    known = list(LayerExpect.model_fields) if in_expect else _known_fields(kind, loc)
    suggestion = suggest_field(str(field), known) if field else None
    owner = said("owner.expect") if in_expect else a_layer(kind) if kind else _owner(loc)
    hint = (
        said("hint.did_you_mean", suggestion=suggestion)
        if suggestion
        else said("hint.known_fields", fields=", ".join(known))
    )
    return said("error.unknown_field", field=field, owner=owner), hint


def _wrong_type(error_type: str, value: Any) -> tuple[str, str | None] | None:
    """A value of the wrong type: not a whole number, a number, true/false, text, a list or a mapping."""
    if error_type in ("int_type", "int_parsing", "int_from_float"):
        return said("error.not_whole_number", value=_show(value)), _number_text_hint(value)
    if error_type in ("float_type", "float_parsing"):
        return said("error.not_number", value=_show(value)), None
    if error_type == "bool_type":
        return said("error.not_bool", value=_show(value)), None
    if error_type == "string_type":
        return said("error.not_text", value=_show(value)), None
    if error_type in ("list_type", "tuple_type"):
        return said("error.not_list", value=_show(value)), None
    if error_type in ("dict_type", "model_type", "model_attributes_type"):
        return said("error.not_mapping", value=_show(value)), None
    return None


def _out_of_bounds(
    error_type: str, value: Any, context: dict[str, Any], loc: Loc
) -> tuple[str, str | None] | None:
    """A number too small or too large, a list too short or too long, a text too long."""
    if error_type in ("greater_than_equal", "greater_than"):
        bound = context.get("ge", context.get("gt"))
        sign = "≥" if error_type == "greater_than_equal" else ">"
        return said("error.too_small", sign=sign, bound=bound, value=_show(value)), None
    if error_type in ("less_than_equal", "less_than"):
        bound = context.get("le", context.get("lt"))
        sign = "≤" if error_type == "less_than_equal" else "<"
        bound_text = f"{bound:,}" if isinstance(bound, int) else bound
        return said("error.too_large", sign=sign, bound=bound_text), said("hint.got", value=_show(value))
    if error_type == "too_short":
        count = _count(value)
        return said("error.too_short", min=context.get("min_length"), count=count), _too_short_hint(loc)
    if error_type == "too_long":
        return said("error.too_long", max=context.get("max_length"), count=_count(value)), None
    if error_type == "string_too_long":
        return said("error.text_too_long", max=context.get("max_length")), None
    return None


# Layers of PyTorch and Keras that cnncalc does not compute yet (squashed: lower case, no _ or -,
# no 1d/2d/3d) → what they are (an i18n id). Said as "not supported yet", never as a misspelling of
# another.
_NOT_SUPPORTED_YET = {
    "pixelshuffle": "unsupported.pixel_shuffle",
    "unitnormalization": "unsupported.unit_norm",
    "embedding": "unsupported.embedding",
    "rnn": "unsupported.recurrent",
    "simplernn": "unsupported.recurrent",
    "lstm": "unsupported.recurrent",
    "gru": "unsupported.recurrent",
    "multiheadattention": "unsupported.attention",
    "attention": "unsupported.attention",
    "transformer": "unsupported.attention",
    "transformerencoderlayer": "unsupported.attention",
    "transformerdecoderlayer": "unsupported.attention",
    "permute": "unsupported.reshape",
    "unflatten": "unsupported.reshape",
    "cropping": "unsupported.cropping",
    "identity": "unsupported.identity",
    "spatialdropout": "unsupported.spatial_dropout",
    "alphadropout": "unsupported.alpha_dropout",
}


def _activation_problem(error: Any, context: dict[str, Any]) -> tuple[str, str | None]:
    """An activation's error from the operands ``cnncalc.spec.models`` gives: an unknown name
    (``got``, with a ``suggestion`` or the ``known`` names) or one with weights (``name``)."""
    if "got" in context:
        suggestion = context.get("suggestion")
        hint = (
            said("hint.did_you_mean", suggestion=suggestion)
            if suggestion
            else said("hint.known_activations", names=context.get("known", ""))
        )
        return said("error.unknown_activation", got=context["got"]), hint
    if "name" in context:
        name = context["name"]
        return said("error.activation_has_weights", name=name), said("hint.activation_own_layer", name=name)
    return str(error["msg"]), context.get("hint")


def _not_supported_yet(raw: object) -> str | None:
    """What a framework layer cnncalc does not compute yet is (``LSTM`` → a recurrent layer).

    >>> _not_supported_yet("LSTM"), _not_supported_yet("nn.Embedding"), _not_supported_yet("conv")
    ('a recurrent layer', 'an embedding', None)
    """
    if not isinstance(raw, str):
        return None
    squashed = re.sub(r"[_\-\s]", "", raw.strip().lower()).removeprefix("nn.").removeprefix("layers.")
    code = _NOT_SUPPORTED_YET.get(re.sub(r"[123]d$", "", squashed))
    return said(code) if code else None


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
        return said("hint.octal_text", decimal=decimal, quoted=f"'{value}'")
    if re.fullmatch(r"[-+]?0[0-9]+", text):
        return said("hint.leading_zero", value=int(text))
    return None


def _known_fields(kind: str | None, loc: Loc) -> list[str]:
    if kind is not None:
        return [name for name in kinds.BY_NAME[kind].model.model_fields if name != "spatial_dims"]
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
        return said("owner.spec")
    return said("owner.path", path=".".join(str(p) for p in loc[:-1] if isinstance(p, str)))


def _missing_hint(field: str | None) -> str | None:
    examples = ("input", "layers", "filters", "kernel", "units", "output_size", "channels")
    return said(f"hint.missing_{field}") if field in examples else None


def _too_short_hint(loc: Loc) -> str | None:
    if loc == ("input",):
        return said("hint.too_short_input")
    if loc == ("layers",):
        return said("hint.too_short_layers")
    return None


def _layer_name(data: Any, loc: Loc) -> str | None:
    if len(loc) >= 2 and loc[0] == "layers" and isinstance(loc[1], int) and isinstance(data, dict):
        layers = data.get("layers")
        if isinstance(layers, list) and 0 <= loc[1] < len(layers) and isinstance(layers[loc[1]], dict):
            name = layers[loc[1]].get("name")
            return name if isinstance(name, str) else None
    return None


def _show(value: Any) -> str:
    """A value as a validation message quotes it: :func:`cnncalc.spec.fields.shown`, but null, a
    mapping and a long list said in words in the message's language (``fields.shown`` runs inside a
    field's validator, where no language is known, and spells YAML's ``null``)."""
    if value is None:
        return said("value.null")
    if isinstance(value, dict):
        return said("value.mapping")
    if isinstance(value, list) and len(str(value)) > 40:
        return said("value.list")
    return shown(value)


def _count(value: Any) -> int:
    return len(value) if hasattr(value, "__len__") else 0


def _kind_of(value: Any) -> str:
    if isinstance(value, list):
        return said("kind.list")
    if isinstance(value, str):
        return said("kind.text")
    if value is None:
        return said("kind.empty")
    return said("kind.value", value=_show(value))


__all__ = ["load_spec", "resolve_type", "validate_document"]
