"""Layer names that both the block expansion (:mod:`cnncalc.spec.blocks`) and the calculator use.

A module of its own so that the one-off commands (``conv``, ``pool``), whose calculator needs only
these two, do not load the expansion (≈ 1 ms at start-up).
"""

from __future__ import annotations

# The network's input, as ``inputs`` names it.
INPUT = "input"


def layer_names(layers: list[tuple[str | None, str]]) -> list[str]:
    """Each layer's shown name from (given name, type): unnamed layers get ``conv_1``, ``conv_2``…
    per type, skipping names already taken.

    >>> layer_names([("C1", "conv"), (None, "conv"), (None, "relu"), (None, "conv")])
    ['C1', 'conv_1', 'relu_1', 'conv_2']
    """
    taken = {name for name, _ in layers if name}
    counters: dict[str, int] = {}
    names = []
    for name, kind in layers:
        if name:
            names.append(name)
            continue
        while True:
            counters[kind] = counters.get(kind, 0) + 1
            candidate = f"{kind}_{counters[kind]}"
            if candidate not in taken:
                break
        taken.add(candidate)
        names.append(candidate)
    return names
