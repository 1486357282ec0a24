"""Check many spec files: load → validate → calculate → compare, one file's problems never
stopping the others."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cnncalc.engine.calculator import calculate
from cnncalc.engine.check import SpecCheck, check_spec
from cnncalc.errors import CnncalcError, Problem
from cnncalc.spec.paths import NoSpecFiles, expand_spec_paths
from cnncalc.spec.validate import load_spec, locate


@dataclass(frozen=True)
class Unusable:
    """A spec that could not be computed, with every problem found in it."""

    file: str
    problems: tuple[Problem, ...]


CheckOutcome = SpecCheck | Unusable


def check_paths(arguments: list[str], strict: bool = False) -> list[CheckOutcome]:
    """Every spec named by ``arguments`` (files, directories, globs), checked in order."""
    outcomes: list[CheckOutcome] = []
    for item in expand_spec_paths(arguments):
        if isinstance(item, NoSpecFiles):
            where = item.argument or "''"
            outcomes.append(Unusable(where, (Problem(item.message, file=where),)))
        else:
            outcomes.append(check_file(item, strict))
    return outcomes


def check_file(path: Path, strict: bool = False) -> CheckOutcome:
    try:
        spec, document = load_spec(path)
        try:
            result = calculate(spec, document.stem)
        except CnncalcError as exc:
            raise locate(exc, document) from None
    except CnncalcError as exc:
        return Unusable(str(path), tuple(exc.problems))
    return check_spec(spec, result, str(path), strict)


def exit_code(outcomes: list[CheckOutcome]) -> int:
    """2 when a spec is unusable, else 1 when an answer is wrong (or a strict flag), else 0."""
    if any(isinstance(outcome, Unusable) for outcome in outcomes):
        return 2
    return 0 if all(outcome.passed for outcome in outcomes if isinstance(outcome, SpecCheck)) else 1
