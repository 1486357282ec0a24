"""Every layer kind, one module each; everything that lists kinds is derived from ``MODULES``.

Each module declares its kind's parts as module attributes (see ``cnncalc/kinds/base.py``).
"""

from __future__ import annotations

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
    separable_conv,
    zero_padding,
)

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
    add,
    concat,
)
