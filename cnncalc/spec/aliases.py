"""Every accepted spelling of a layer type or a field, normalised in this one place.

Type names are matched case-insensitively, ignoring ``_`` and ``-`` (``Conv2D``, ``conv2d`` and
``conv_2d`` are one name). A name with a dimension (``conv2d``, ``MaxPool1d``) also says how many
spatial dimensions the layer expects, which the engine checks against the input.
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache
from typing import Any

from cnncalc.errors import said
from cnncalc.kinds import NAMES
from cnncalc.kinds.index import DIMENSIONAL, LOOKUP
from cnncalc.kinds.index import FIELD_ALIASES as FIELD_ALIASES
from cnncalc.kinds.index import IMPLIED_FIELDS as IMPLIED_FIELDS
from cnncalc.spec import activations

# Activation layers keep their own name as their type (a ReLU row reads "relu"); the names come
# from the one table of activations (re-exported here for the models and the tests).
ACTIVATION_TYPES = activations.LAYER_TYPES


def _squash(name: str) -> str:
    return name.lower().replace("_", "").replace("-", "")


# "conv2d", "maxpooling1d", and Keras' "conv2dtranspose" with the dimension inside.
_DIM_SUFFIX = re.compile(r"^(?P<pre>[a-z]+?)(?P<dims>[123])d(?P<post>[a-z]*)$")

# A field's other name → the canonical one, renamed on every layer (a field given under an alias
# on a kind without that field is then reported under its canonical name).
_FIELD_LOOKUP = {alias: field for field, aliases in FIELD_ALIASES.items() for alias in aliases}


def resolve_type(raw: object) -> tuple[str, str, int | None] | None:
    """``'Conv2D'`` → ``('conv', 'conv', 2)``: (kind, type shown, spatial dims), or None.

    >>> resolve_type("MaxPooling2D")
    ('maxpool', 'maxpool', 2)
    >>> resolve_type("ReLU")
    ('activation', 'relu', None)
    """
    return _resolve(raw) if isinstance(raw, str) else None


@lru_cache(maxsize=1024)  # a network writes a few spellings thousands of times
def _resolve(raw: str) -> tuple[str, str, int | None] | None:
    squashed = _squash(raw.strip())
    found = LOOKUP.get(squashed)
    if found is not None:
        return found[0], found[1], None
    match = _DIM_SUFFIX.match(squashed)
    if match:
        found = LOOKUP.get(match["pre"] + match["post"])
        if found is not None and found[0] in DIMENSIONAL:
            return found[0], found[0], int(match["dims"])
    return None


# A type is suggested only when difflib's similarity (2·matching letters / all letters) is at
# least this: every typo tried (cnov, conv2dd, maxpol, batchnrom) passes, and UpSampling2D is no
# longer "did you mean 'maxpool'?" (0.5), nor LayerNorm 'batchnorm' (0.56).
TYPE_SUGGESTION_CUTOFF = 0.75


def suggest_type(raw: object) -> str | None:
    """The closest known type name to a misspelt one, for a "did you mean".

    >>> suggest_type("maxpol"), suggest_type("Embedding")
    ('maxpool', None)
    """
    if not isinstance(raw, str):
        return None
    squashed = _squash(raw)
    match = _DIM_SUFFIX.match(squashed)
    candidates = list(LOOKUP)
    cutoff = TYPE_SUGGESTION_CUTOFF
    best = difflib.get_close_matches(squashed, candidates, n=1, cutoff=cutoff)
    if not best and match:
        base = match["pre"] + match["post"]
        best = difflib.get_close_matches(base, candidates, n=1, cutoff=cutoff)
    return LOOKUP[best[0]][0] if best else None


def suggest_field(raw: str, known: list[str]) -> str | None:
    """The closest known field name (or alias) to a misspelt one."""
    pool = known + [alias for alias, field in _FIELD_LOOKUP.items() if field in known]
    best = difflib.get_close_matches(raw.lower(), pool, n=1, cutoff=0.6)
    return best[0] if best else None


def known_types() -> list[str]:
    return sorted(NAMES)


def normalise_layer(data: Any) -> Any:
    """Rename a raw layer mapping's aliases to canonical fields and its type to the kind's.

    Raises ValueError when a field is given under two of its names.
    """
    if not isinstance(data, dict):
        return data
    out: dict[str, Any]
    if _FIELD_LOOKUP.keys().isdisjoint(data):
        out = dict(data)  # no alias among its keys (the common case): nothing to rename
    else:
        out = {}
        for key, value in data.items():
            canonical = _FIELD_LOOKUP.get(key, key) if isinstance(key, str) else key
            if canonical in out:
                raise ValueError(said("error.field_given_twice", field=canonical))
            out[canonical] = value
    raw_type = out.get("type")
    if not isinstance(raw_type, str):
        return out
    shown, defaults = _type_facts(raw_type)
    for field, value in defaults:
        out.setdefault(field, value)
    if shown is not None:
        out["type"] = shown
    return out


@lru_cache(maxsize=1024)  # as _resolve: a few spellings, thousands of times
def _type_facts(raw_type: str) -> tuple[str | None, tuple[tuple[str, object], ...]]:
    """A written type's type shown (None for no known type), and the fields its spelling gives
    when the layer does not: the ones it implies (``affine``: ``reading``), then ``spatial_dims``
    from a dimension in the name (``conv2d``). One table, so a layer is normalised in one pass."""
    implied = IMPLIED_FIELDS.get(_squash(raw_type.strip()), {})
    resolved = resolve_type(raw_type)
    if resolved is None:
        return None, tuple(implied.items())
    _kind, shown, dims = resolved
    spatial = (("spatial_dims", dims),) if dims is not None else ()
    return shown, (*implied.items(), *spatial)
