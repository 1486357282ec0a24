"""Bounds on what a layer may compute: past them a spec is a typo or an attack, never a network.

A dimension is at most 2,147,483,647 (the bound on every size a spec gives); an element count,
a parameter count and a MAC count fit a signed 64-bit integer, as the frameworks store them.
Without these a spec of three zero-padding layers printed sizes with dozens of digits.
"""

from __future__ import annotations

import math

from cnncalc.engine.results import Count, Dims, HugeCount
from cnncalc.errors import said
from cnncalc.spec.fields import MAX_DIM

MAX_COUNT = 2**63 - 1
HINT = said("hint.limits", max_dim=Count(MAX_DIM), max_count=Count(MAX_COUNT))


def size_problem(shape: tuple[int, ...], params: int, macs: int) -> str | None:
    """What is too large about a layer's result, or None.

    >>> size_problem((3, 2**31, 8), 0, 0)
    'output size 2,147,483,648 exceeds 2,147,483,647'
    >>> size_problem((10,), 12, 120) is None
    True
    """
    for size in shape:
        if size > MAX_DIM:
            return said("error.output_too_large", size=Count(size), max=Count(MAX_DIM))
    if math.prod(shape) > MAX_COUNT:
        return said("error.output_elements", shape=Dims(shape), max=Count(MAX_COUNT))
    if params > MAX_COUNT:
        return said("error.params_too_large", count=HugeCount(params), max=Count(MAX_COUNT))
    if macs > MAX_COUNT:
        return said("error.macs_too_large", count=HugeCount(macs), max=Count(MAX_COUNT))
    return None
