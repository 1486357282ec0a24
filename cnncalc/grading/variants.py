"""Variants of a worksheet: the spec's ``variants:`` section gives, for the input and for named
layers, the values a variant may take (a list of choices, or a range ``{min, max, step}``); each
variant draws one of each from a generator seeded by ``--seed``, so the same seed gives the same
variants, and is kept when its strides all fit (or, ``strides: one_misfit``, exactly one layer's
does not) and it differs from those drawn before it."""

from __future__ import annotations

import random
from typing import Any, NamedTuple

from cnncalc.errors import CnncalcError, SpecError, said
from cnncalc.grading.worksheet import Source
from cnncalc.pipeline import Computed
from cnncalc.spec.models import LayerVariants, VariantRange, VariantValues

TRIES = 2000  # draws per variant before giving up (a range with no fitting stride)
MISFIT = "stride_does_not_fit"
SPATIAL = {1: ("length",), 2: ("height", "width"), 3: ("depth", "height", "width")}


class Variant(NamedTuple):
    name: str
    source: Source  # its spec as written (the input and the layers drawn), computed


def variant_names(stem: str, count: int) -> list[str]:
    """``hw3-01`` … ``hw3-12``: numbered from 1, at least two digits.

    >>> variant_names("hw3", 3)
    ['hw3-01', 'hw3-02', 'hw3-03']
    """
    width = max(2, len(str(count)))
    return [f"{stem}-{number:0{width}d}" for number in range(1, count + 1)]


def draw(values: VariantValues, rng: random.Random) -> int:
    if isinstance(values, VariantRange):
        return (
            rng.randrange(values.min, values.max + 1, values.step) if values.max >= values.min else values.min
        )
    return rng.choice(values)


def make_variants(source: Source, count: int, seed: int, strides: str | None = None) -> list[Variant]:
    """``count`` variants of ``source``, the same for the same seed."""
    spec = source.computed.spec
    config = spec.variants
    if config is None:
        raise SpecError.single(said("quiz.no_variants"), file=source.file, hint=said("quiz.hint_no_variants"))
    names = [layer.name for layer in source.computed.result.layers]
    unknown = [name for name in (config.layers or {}) if name not in names]
    if unknown:
        raise SpecError.single(
            said("quiz.unknown_variant_layer", name=unknown[0]),
            file=source.file,
            hint=said("quiz.hint_unknown_variant_layer", names=", ".join(names)),
        )
    policy = strides or config.strides
    rng = random.Random(seed)
    stem = config.name or source.computed.result.name
    variants: list[Variant] = []
    seen: set[str] = set()
    for name in variant_names(_file_stem(stem), count):
        variant = _one(source, name, rng, policy, seen)
        seen.add(repr((variant.source.data.get("input"), variant.source.layers)))
        variants.append(variant)
    return variants


def _file_stem(name: str) -> str:
    import re

    return re.sub(r"[^\w.-]+", "-", name).strip("-.") or "variant"


def _one(source: Source, name: str, rng: random.Random, policy: str, seen: set[str]) -> Variant:
    for attempt in range(TRIES):
        top, layers = _drawn(source, rng)
        data = {key: value for key, value in source.data.items() if key not in ("blocks", "variants")}
        data.update(top)
        if attempt < TRIES // 2 and repr((data.get("input"), layers)) in seen:
            continue  # the same as an earlier variant: draw again (while that is worth trying)
        computed = _computed(data, layers, name)
        if computed is None:
            continue
        misfits = sum(1 for layer in computed.result.layers if any(f.kind == MISFIT for f in layer.warnings))
        if misfits == (1 if policy == "one_misfit" else 0):
            return Variant(name, Source(data, layers, computed, source.file))
    raise SpecError.single(
        said("quiz.no_variant_fits", tries=TRIES, policy=policy),
        file=source.file,
        hint=said("quiz.hint_no_variant_fits"),
    )


def _drawn(source: Source, rng: random.Random) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """One draw: the input (written as a mapping, which names its axes) and the layers."""
    from cnncalc.engine.conventions import read_input
    from cnncalc.spec.aliases import FIELD_ALIASES

    spec = source.computed.spec
    config = spec.variants
    assert config is not None
    top: dict[str, Any] = {}
    if config.input is not None:
        shape = list(read_input(spec, spec.convention).shape)
        if config.input.channels is not None:
            shape[0] = draw(config.input.channels, rng)
        if config.input.size is not None:
            side = draw(config.input.size, rng)
            shape[1:] = [side] * (len(shape) - 1)
        top["input"] = {"channels": shape[0], **dict(zip(SPATIAL[len(shape) - 1], shape[1:], strict=True))}
    layers = [dict(raw) for raw in source.layers]
    names = [layer.name for layer in source.computed.result.layers]
    for layer_name, fields in (config.layers or {}).items():
        raw = layers[names.index(layer_name)]
        for field in LayerVariants.model_fields:
            values = getattr(fields, field)
            if values is None:
                continue
            for alias in FIELD_ALIASES.get(field, ()):
                raw.pop(alias, None)
            raw[field] = draw(values, rng)
    return top, layers


def _computed(data: dict[str, Any], layers: list[dict[str, Any]], name: str) -> Computed | None:
    from cnncalc.pipeline import compute_document, document_of

    try:
        return compute_document(document_of({**data, "layers": layers}, name))
    except CnncalcError:
        return None
