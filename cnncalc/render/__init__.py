"""Renderers: a computed :class:`NetworkResult` → table, JSON, Markdown or CSV. No arithmetic here."""
