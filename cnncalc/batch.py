"""Check many spec files: load → validate → calculate → compare, one file's problems never
stopping the others."""

from __future__ import annotations

import gc
from dataclasses import dataclass, replace
from pathlib import Path

from cnncalc.engine.calculator import calculate
from cnncalc.engine.check import SpecCheck, check_spec
from cnncalc.errors import CnncalcError, Problem, display_path
from cnncalc.spec.paths import NoSpecFiles, expand_spec_paths
from cnncalc.spec.validate import load_spec, locate


@dataclass(frozen=True)
class Unusable:
    """A spec that could not be computed, with every problem found in it."""

    file: str
    problems: tuple[Problem, ...]


CheckOutcome = SpecCheck | Unusable


def check_paths(arguments: list[str], strict: bool = False, keep_results: bool = False) -> list[CheckOutcome]:
    """Every spec named by ``arguments`` (files, directories, globs), checked in order.

    Memory stays flat however many files: a spec that passed without a flag keeps only what its
    report line needs (``keep_results`` keeps every layer, for ``--explain``), and each file's
    reference cycles are collected as it is done (the CLI runs with the collector off).
    """
    outcomes: list[CheckOutcome] = []
    for item in expand_spec_paths(arguments):
        if isinstance(item, NoSpecFiles):
            where = item.argument or "''"
            outcomes.append(Unusable(where, (Problem(item.message, file=where),)))
        else:
            outcome = check_file(item, strict)
            outcomes.append(outcome if keep_results else _for_the_report(outcome))
            # Only the objects made since the last call: well under a millisecond a file.
            gc.collect(0)
    return outcomes


def _for_the_report(outcome: CheckOutcome) -> CheckOutcome:
    """A passed check with only its flagged layers: its report is its ✓ lines (each expectation
    keeps its own values and layer), the spec's name and a warning per flagged layer. A failed
    check keeps every layer for the working. Without this, 1,000 copies of resnet50.yaml held
    691 MB. (The kept result's totals are no longer the network's: only the report reads it.)"""
    if not isinstance(outcome, SpecCheck) or not outcome.passed:
        return outcome
    flagged = tuple(layer for layer in outcome.result.layers if layer.flagged or layer.warnings)
    return replace(outcome, result=replace(outcome.result, layers=flagged))


def check_file(path: Path, strict: bool = False) -> CheckOutcome:
    try:
        spec, document = load_spec(path)
        try:
            result = calculate(spec, document.stem)
        except CnncalcError as exc:
            raise locate(exc, document) from None
    except CnncalcError as exc:
        return Unusable(display_path(path), tuple(exc.problems))
    return check_spec(spec, result, display_path(path), strict)


def exit_code(outcomes: list[CheckOutcome]) -> int:
    """2 when a spec is unusable, else 1 when an answer is wrong (or a strict flag), else 0."""
    if any(isinstance(outcome, Unusable) for outcome in outcomes):
        return 2
    return 0 if all(outcome.passed for outcome in outcomes if isinstance(outcome, SpecCheck)) else 1
