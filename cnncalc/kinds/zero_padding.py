"""The ``zero_padding`` layer kind, declared in one place."""

from __future__ import annotations

# ── The kind: model, spellings, framework names, rule, working (KIND) ──────────────────────


# (kinds engineer's section ends here)


# ── Export and drawing (EXPORT, DRAWING) ────────────────────────────────────────────────────


# (export engineer's section ends here)
