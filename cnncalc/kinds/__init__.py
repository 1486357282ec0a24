"""Every layer kind, one module each; everything that lists kinds is derived from ``MODULES``.

Each module declares its kind's parts as module attributes (see ``cnncalc/kinds/base.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cnncalc.kinds import (
    activation,
    adaptive_avgpool,
    adaptive_maxpool,
    add,
    avgpool,
    batchnorm,
    concat,
    conv,
    conv_transpose,
    dense,
    depthwise_conv,
    dropout,
    flatten,
    global_avgpool,
    global_maxpool,
    lrn,
    maxpool,
    pixel_shuffle,
    separable_conv,
    zero_padding,
)

if TYPE_CHECKING:
    from cnncalc.kinds.base import Kind
    from cnncalc.spec.fields import LayerBase

# In the order the spec format lists them (the schema, known-type lists, the README).
MODULES = (
    conv,
    conv_transpose,
    depthwise_conv,
    separable_conv,
    maxpool,
    avgpool,
    global_avgpool,
    global_maxpool,
    adaptive_avgpool,
    adaptive_maxpool,
    flatten,
    dense,
    dropout,
    activation,
    lrn,
    batchnorm,
    zero_padding,
    pixel_shuffle,
    add,
    concat,
)

# Every kind's declaration, in that order; by its name (``conv``) and by its model's class.
KINDS: tuple[Kind, ...] = tuple(module.KIND for module in MODULES)
BY_NAME: dict[str, Kind] = {kind.name: kind for kind in KINDS}
BY_MODEL: dict[type[LayerBase], Kind] = {kind.model: kind for kind in KINDS}


def kind_of(layer: LayerBase) -> Kind:
    """The declaration of a layer's kind, found by its model's class."""
    return BY_MODEL[type(layer)]
