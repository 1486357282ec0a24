"""The one way from a spec to its results: read → expand blocks → validate → calculate → place errors.

Every command goes through here. A file enters at :func:`compute_file`; a spec already parsed
(a :class:`~cnncalc.spec.loader.Document`, as a model importer will build) at
:func:`compute_document`. What comes out keeps its document, so that a problem found later
about one of its layers (while exporting) is placed at that layer's line without reading the
file again (:meth:`Computed.place`).
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from cnncalc.errors import CnncalcError, Problem, display_path
from cnncalc.spec.loader import Document, read_document

if TYPE_CHECKING:
    from cnncalc.engine.check import CheckOutcome
    from cnncalc.engine.conventions import Convention
    from cnncalc.engine.feature_map import FeatureMapResult
    from cnncalc.engine.results import LayerResult, NetworkResult
    from cnncalc.spec.models import Spec
    from cnncalc.spec.paths import NoSpecFiles


class Computed(NamedTuple):
    """A spec, its results, and the document it was read from (for placing later errors)."""

    spec: Spec
    result: NetworkResult
    document: Document

    def place(self, error: CnncalcError) -> CnncalcError:
        """``error`` about one of this spec's layers, with the file and the layer's line."""
        return place(error, self.document)


def read(path: str | Path) -> Document:
    """Read: a file → its data, with where each value stands (every problem a SpecError)."""
    return read_document(path)


def document_of(data: Any, display_name: str) -> Document:
    """A spec already parsed (a mapping from an importer) as a document: its problems name
    ``display_name`` and no line, as there is no text to point into."""
    return Document(display_name, Path(display_name).stem, data, "", True)


def compute_document(document: Document, convention: Convention | None = None) -> Computed:
    """Expand blocks → validate → calculate; an engine error is placed at its layer's line."""
    from cnncalc.engine.calculator import calculate
    from cnncalc.spec.validate import validate_document

    spec = validate_document(document)
    try:
        result = calculate(spec, document.stem, convention)
    except CnncalcError as exc:
        raise place(exc, document) from None
    # Placing a later error needs the text and where the layers were written, not the data
    # (a large spec's data is tens of MB, kept for every spec of a run otherwise).
    return Computed(spec, result, document.without_data())


def compute_file(path: str | Path, convention: Convention | None = None) -> Computed:
    """The whole pipeline for one spec file."""
    return compute_document(read(path), convention)


def compute_exercise(path: str | Path, at: tuple[int, int] = (1, 1)) -> FeatureMapResult:
    """``apply``'s pipeline: read → validate the exercise → convolve or pool → place errors."""
    from cnncalc.engine.feature_map import apply
    from cnncalc.spec.exercise import validate_exercise

    document = read(path)
    exercise = validate_exercise(document)
    try:
        return apply(exercise, document.stem, at)
    except CnncalcError as exc:
        raise place(exc, document) from None


def place(error: CnncalcError, document: Document) -> CnncalcError:
    """Add the file and line to an engine error, which knows only the layer's place (its loc)."""
    from cnncalc.spec.aliases import FIELD_ALIASES

    located = [
        Problem(
            p.message,
            file=document.display_name,
            line=p.line if p.line is not None else document.line_of(p.loc, FIELD_ALIASES),
            loc=p.loc,
            layer_name=p.layer_name,
            hint=p.hint,
            where=p.where,
        )
        for p in error.problems
    ]
    # Not type(error)(located): LayerError's constructor takes a layer, not a list of problems.
    return CnncalcError(located)


# --- checking many files ---------------------------------------------------------------------


def check_paths(arguments: list[str], strict: bool = False, keep_results: bool = False) -> list[CheckOutcome]:
    """Every spec named by ``arguments`` (files, directories, globs), checked in order."""
    from cnncalc.spec.paths import expand_spec_paths

    return check_specs(expand_spec_paths(arguments), strict, keep_results)


def check_specs(
    items: list[Path | NoSpecFiles], strict: bool = False, keep_results: bool = False
) -> list[CheckOutcome]:
    """Every spec file of ``items`` (as :func:`~cnncalc.spec.paths.expand_spec_paths` gives
    them), checked in order, as a list: a spec that passed without a flag keeps only what its
    report lines need (``keep_results`` keeps every layer, for ``--explain``). ``cnncalc check``
    writes each outcome as it comes instead (:func:`check_each`)."""
    outcomes: list[CheckOutcome] = []
    check_each(items, strict, lambda o: outcomes.append(o if keep_results else _for_the_report(o)))
    return outcomes


def check_each(items: list[Path | NoSpecFiles], strict: bool, report: Callable[[CheckOutcome], None]) -> None:
    """Every spec file of ``items`` checked in order, each outcome given to ``report`` as it
    comes; one file's problems never stop the others. Memory stays flat however many files
    when ``report`` keeps little: once it returns, the file's reference cycles are collected
    (the CLI runs with the collector off)."""
    from cnncalc.engine.check import Unusable
    from cnncalc.spec.paths import NoSpecFiles

    for item in items:
        if isinstance(item, NoSpecFiles):
            where = item.argument or "''"
            report(Unusable(where, (Problem(item.message, file=where),)))
        else:
            report(check_file(item, strict))  # held by nothing here once reported
            # Only the objects made since the last call: well under a millisecond a file.
            gc.collect(0)


def check_file(path: Path, strict: bool = False) -> CheckOutcome:
    """One spec's answers checked, or the spec as unusable with every problem found in it."""
    from cnncalc.engine.check import Unusable, check_spec

    try:
        computed = compute_file(path)
    except CnncalcError as exc:
        return Unusable(display_path(path), tuple(exc.problems))
    return check_spec(computed.spec, computed.result, display_path(path), strict)


def _for_the_report(outcome: CheckOutcome) -> CheckOutcome:
    """A passed check with only its flagged layers, and those and its expectations' layers
    slimmed: its report is its ✓ lines (each expectation keeps its own values and its layer's
    place), the spec's name and a warning per flagged layer. A failed check keeps every layer
    for the working. Without this, 1,000 copies of resnet50.yaml held
    691 MB. (The kept result's totals are still the network's; its layers are not all there.)"""
    from cnncalc.engine.check import SpecCheck

    if not isinstance(outcome, SpecCheck) or not outcome.passed:
        return outcome
    kept: dict[int, LayerResult] = {}  # by the whole layer's id: each slimmed once, shared

    def slim(layer: LayerResult) -> LayerResult:
        if id(layer) not in kept:
            kept[id(layer)] = _slim(layer)
        return kept[id(layer)]

    flagged = tuple(slim(layer) for layer in outcome.result.layers if layer.flagged)
    expectations = tuple(
        e if e.layer is None else e._replace(layer=slim(e.layer)) for e in outcome.expectations
    )
    return outcome._replace(result=outcome.result._replace(layers=flagged), expectations=expectations)


def _slim(layer: LayerResult) -> LayerResult:
    """A layer with what a passed check's lines read: its place, shapes, counts, warnings and the
    output-size steps they point to (the rest of the working is a failed check's)."""
    return layer._replace(
        steps=tuple(step for step in layer.steps if step.quantity == "output_size"),
        notes=(),
        inputs=(),
        input_shapes=(),
        receptive_field=None,
        block_path=(),
    )
