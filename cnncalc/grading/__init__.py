"""Worksheets, variants and grading a class (``cnncalc quiz``, ``cnncalc grade``).

The engine's side: which answers a key asks (:mod:`.asks`), a key loaded and computed once
(:mod:`.key`), how a submission's network differs from its key's (:mod:`.networks`), each answer
graded against the key's computation (:mod:`.grade`) and the likely mistake behind a wrong one,
found by re-running the layer with the mistake made (:mod:`.mistakes`); worksheets and their
variants written from a spec (:mod:`.worksheet`, :mod:`.variants`). The renderers: the gradebook
(:mod:`.gradebook`), each student's feedback (:mod:`.feedback`) and the printable sheet
(:mod:`.sheet`). Nothing in a submission is executed: a submission is read by the spec loader,
with its limits, and validated by the spec's models, as any spec is.
"""
