"""The ``adaptive_maxpool`` layer kind, declared in one place."""

from __future__ import annotations

from cnncalc.render.emit import Drawing, adaptive_pool_export

# ── The kind: model, spellings, framework names, rule, working (KIND) ──────────────────────


# (kinds engineer's section ends here)


# ── Export and drawing (EXPORT, DRAWING) ────────────────────────────────────────────────────


EXPORT = adaptive_pool_export("Max", "Max")
DRAWING = Drawing("pool")


# (export engineer's section ends here)
