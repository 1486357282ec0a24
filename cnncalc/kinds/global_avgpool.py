"""The ``global_avgpool`` layer kind, declared in one place."""

from typing import Literal

from cnncalc.engine.pooling import global_pool_outcome
from cnncalc.kinds.base import NOTHING_SAVED, Kind, Working
from cnncalc.render.declare import Drawing, global_pool_export
from cnncalc.spec.fields import LayerBase

# ── The kind: model, spellings, framework names, rule, working (KIND) ──────────────────────


class GlobalAvgPool(LayerBase):
    """Average over every spatial position: ``[C, H, W]`` → ``[C]``."""

    type: Literal["global_avgpool"]


KIND = Kind(
    saves=NOTHING_SAVED,  # a mean: its backward needs only the shape
    model=GlobalAvgPool,
    rule=global_pool_outcome,
    working=Working({}),
    spellings=("global_avgpool", "globalavgpool", "globalaveragepooling", "global_average_pooling"),
    framework_names=("GlobalAveragePooling1D", "GlobalAveragePooling2D", "GlobalAveragePooling3D"),
    dimensional=True,
)


# ── Export and drawing (EXPORT, DRAWING) ────────────────────────────────────────────────────


EXPORT = global_pool_export("Avg", "Average")
DRAWING = Drawing("pool")
