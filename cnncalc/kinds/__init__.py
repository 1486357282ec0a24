"""Every layer kind, one module each, loaded when a spec first uses it.

Each module declares its kind's parts as module attributes (see ``cnncalc/kinds/base.py``).
``NAMES`` lists the kinds in the spec format's order; a kind's name is its module's name. What the
spec reader must know of every kind before it loads one (the spellings of ``type`` and of fields)
is in :mod:`cnncalc.kinds.index`, generated from the modules by ``python tools/kind_index.py``.
LeNet-5 loads three kind modules of twenty: each costs a pydantic model class to create (the
kinds' modules do without ``from __future__ import annotations``, so pydantic takes each field's
type as it is instead of compiling its string).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator, Mapping
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cnncalc.kinds.base import Kind
    from cnncalc.spec.fields import LayerBase

    # Every kind's module and declaration, in NAMES' order (loaded on first use: __getattr__).
    MODULES: tuple[ModuleType, ...]
    KINDS: tuple[Kind, ...]

# In the order the spec format lists them (the schema, known-type lists, the README).
NAMES: tuple[str, ...] = (
    "conv",
    "conv_transpose",
    "depthwise_conv",
    "separable_conv",
    "maxpool",
    "avgpool",
    "global_avgpool",
    "global_maxpool",
    "adaptive_avgpool",
    "adaptive_maxpool",
    "flatten",
    "reshape",
    "dense",
    "dropout",
    "activation",
    "lrn",
    "batchnorm",
    "zero_padding",
    "pixel_shuffle",
    # ── kinds-b ──
    "pixel_unshuffle",
    "upsample",
    "layernorm",
    "groupnorm",
    "instancenorm",
    "scale",
    "add",
    "concat",
    # kinds-a: merging, splitting and shuffling channels, stochastic depth
    "multiply",
    "split",
    "channel_shuffle",
    "stochastic_depth",
    # convnext: the axes reordered (torch.permute)
    "permute",
)


def module(name: str) -> ModuleType:
    """A kind's module (``cnncalc.kinds.conv``), imported the first time it is asked for."""
    if name not in _NAME_SET:
        raise KeyError(name)
    loaded = sys.modules.get(f"{__name__}.{name}")  # asked for once a layer: skip the import lock
    return loaded if loaded is not None else importlib.import_module(f"{__name__}.{name}")


class _KindsByName(Mapping[str, "Kind"]):
    """name → the kind's declaration, loading only the kinds asked for."""

    def __getitem__(self, name: str) -> Kind:
        kind: Kind = module(name).KIND
        return kind

    def __contains__(self, name: object) -> bool:
        return name in _NAME_SET

    def __iter__(self) -> Iterator[str]:
        return iter(NAMES)

    def __len__(self) -> int:
        return len(NAMES)


_NAME_SET = frozenset(NAMES)
BY_NAME: Mapping[str, Kind] = _KindsByName()


def loaded() -> tuple[Kind, ...]:
    """The kinds whose modules are loaded, in NAMES' order."""
    modules = (sys.modules.get(f"{__name__}.{name}") for name in NAMES)
    return tuple(kind for kind in (getattr(m, "KIND", None) for m in modules) if kind is not None)


def kind_of(layer: LayerBase) -> Kind:
    """The declaration of a layer's kind: its model's module's ``KIND``."""
    kind: Kind = sys.modules[type(layer).__module__].KIND
    return kind


def __getattr__(name: str) -> Any:
    """``MODULES`` and ``KINDS``: every kind, for what lists them all (the schema, the tests)."""
    if name == "MODULES":
        return tuple(module(kind) for kind in NAMES)
    if name == "KINDS":
        return tuple(BY_NAME[kind] for kind in NAMES)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
