"""The ``global_maxpool`` layer kind, declared in one place."""

from typing import Literal

from cnncalc.engine.pooling import global_pool_outcome
from cnncalc.kinds.base import Kind, Saves, Working
from cnncalc.render.declare import Drawing, global_pool_export
from cnncalc.spec.fields import LayerBase

# ── The kind: model, spellings, framework names, rule, working (KIND) ──────────────────────


class GlobalMaxPool(LayerBase):
    """Maximum over every spatial position: ``[C, H, W]`` → ``[C]``."""

    type: Literal["global_maxpool"]


KIND = Kind(
    saves=Saves(inputs=True, index_bytes=8),  # the input and the argmax indices (int64)
    model=GlobalMaxPool,
    rule=global_pool_outcome,
    working=Working({}),
    spellings=("global_maxpool", "globalmaxpool", "globalmaxpooling", "global_max_pooling"),
    framework_names=("GlobalMaxPooling1D", "GlobalMaxPooling2D", "GlobalMaxPooling3D"),
    dimensional=True,
)


# ── Export and drawing (EXPORT, DRAWING) ────────────────────────────────────────────────────


EXPORT = global_pool_export("Max", "Max")
DRAWING = Drawing("pool")
