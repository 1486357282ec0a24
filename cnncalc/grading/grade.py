"""Grade a submission against its key: each answer the key asks, read as students write it,
against what the key's network computes — never the submission's own network, whose
differences from the key's are reported (``network changed``) and graded against the key all
the same.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from cnncalc.engine.check import (
    LAYER_KINDS,
    NETWORK_KINDS,
    SHAPE_KINDS,
    UNREADABLE,
    Expectation,
    read_count,
    read_field,
    read_shape,
    receptive_size,
    wrong_answer_hint,
)
from cnncalc.engine.results import LayerResult, NetworkResult
from cnncalc.errors import CnncalcError, Problem, display_path, said
from cnncalc.grading.key import Key, _variant_of
from cnncalc.grading.mistakes import Mistake, layer_mistake, network_mistake
from cnncalc.grading.networks import Change, compare
from cnncalc.spec.blocks import layer_names
from cnncalc.spec.models import Spec

GRADED, CHANGED, NO_ANSWERS, UNUSABLE = "graded", "network changed", "no answers", "unusable"
NO_ANSWER = "no_answer"  # the hint of an answer left blank (or on a layer the submission removed)


class Answer(NamedTuple):
    """One asked answer, checked (``check.layer`` is the key's layer), with its points and the
    likely mistake behind a wrong one."""

    check: Expectation
    points: int
    mistake: Mistake | None

    @property
    def earned(self) -> int:
        return self.points if self.check.passed else 0


class Graded(NamedTuple):
    file: str
    student: str
    variant: str | None
    status: str  # GRADED, CHANGED, NO_ANSWERS or UNUSABLE
    answers: tuple[Answer, ...] = ()
    changes: tuple[Change, ...] = ()
    problems: tuple[Problem, ...] = ()
    key: Key | None = None

    @property
    def score(self) -> int:
        return sum(answer.earned for answer in self.answers)

    @property
    def maximum(self) -> int:
        return self.key.maximum if self.key is not None else 0


def grade_file(path: Path, keys: dict[str, Key], student: str) -> Graded:
    """One submission graded, or unusable (score 0) with why."""
    from cnncalc.pipeline import read
    from cnncalc.spec.validate import validate_document

    file = display_path(path)
    try:
        spec = validate_document(read(path))
    except CnncalcError as exc:
        return Graded(file, student, None, UNUSABLE, problems=tuple(exc.problems))
    key = key_for(spec, path, keys)
    if key is None:
        wanted = spec.variant or _variant_of(path)
        problem = Problem(
            said("grade.no_key_for", variant=wanted), file=file, hint=said("grade.hint_no_key_for")
        )
        return Graded(file, student, wanted, UNUSABLE, problems=(problem,))
    return grade_spec(spec, key, file, student)


def key_for(spec: Spec, path: Path, keys: dict[str, Key]) -> Key | None:
    """The submission's key: the only one, or its variant's (its ``variant:``, else its stem)."""
    if len(keys) == 1:
        return next(iter(keys.values()))
    for variant in (spec.variant, _variant_of(path)):
        if variant is not None and variant in keys:
            return keys[variant]
    return None


def grade_spec(spec: Spec, key: Key, file: str, student: str) -> Graded:
    """A validated submission against ``key``."""
    submitted_names = layer_names([(layer.name, layer.type) for layer in spec.layers])
    comparison = compare(key.spec, spec, key.names, submitted_names, key.layer_fields)
    answers: list[Answer] = []
    own_sums: dict[str, int] = {}
    for ask in key.asks:
        if ask.layer is None:
            continue
        index = comparison.pairs.get(ask.layer)
        expect = spec.layers[index].expect if index is not None else None
        written = getattr(expect, ask.kind) if expect is not None else None
        layer = key.result.layers[ask.layer]
        check = _checked(ask.kind, written, _computed(layer, ask.kind), layer)
        if ask.kind in ("params", "macs") and isinstance(check.expected, int):
            own_sums[ask.kind] = own_sums.get(ask.kind, 0) + check.expected
        answers.append(
            Answer(check, ask.points, layer_mistake(key.spec, key.result, ask.layer, check, key.memo))
        )
    for ask in key.asks:
        if ask.layer is None:
            written = getattr(spec.expect, ask.kind) if spec.expect is not None else None
            check = _checked(ask.kind, written, _total(key.result, ask.kind), None)
            answers.append(
                Answer(check, ask.points, network_mistake(key.spec, key.result, check, own_sums, key.memo))
            )
    answered = any(answer.check.hint != NO_ANSWER for answer in answers)
    status = CHANGED if comparison.changes else GRADED if answered else NO_ANSWERS
    return Graded(file, student, key.variant, status, tuple(answers), comparison.changes, (), key)


def _computed(layer: LayerResult, kind: str) -> object:
    if kind == "rf":
        return receptive_size(layer.receptive_field)
    value = getattr(layer, LAYER_KINDS[kind])
    return tuple(value) if isinstance(value, tuple) else value


def _total(result: NetworkResult, kind: str) -> object:
    value = getattr(result, NETWORK_KINDS[kind])
    return tuple(value) if isinstance(value, tuple) else value


def _checked(kind: str, written: object, computed: object, layer: LayerResult | None) -> Expectation:
    """One answer against the key's value: blank, unreadable, right or wrong (with check's hint)."""
    value = computed if isinstance(computed, (int, tuple)) else None
    if written is None:
        return Expectation(kind, None, value, False, layer, None, NO_ANSWER)
    if kind == "rf":
        expected: object = read_field(written, value)
    else:
        expected = read_shape(written) if kind in SHAPE_KINDS else read_count(written)
    if expected is None:
        return Expectation(kind, None, value, False, layer, written, UNREADABLE)
    passed = expected == value
    hint = None if passed else wrong_answer_hint(expected, value)  # type: ignore[arg-type]
    return Expectation(kind, expected, value, passed, layer, written, hint)  # type: ignore[arg-type]


def student_names(paths: list[Path], variants: set[str]) -> list[str]:
    """Each submission's student: its folder's name when every submission has a folder of its
    own (``kim/hw3.yaml``, ``lee/hw3.yaml``) or its file is named for a variant or shares its
    name with another; else its file's stem (``kim.yaml``)."""
    from collections import Counter

    names = Counter(path.name for path in paths)
    folders = Counter(path.parent for path in paths)
    own_folders = len(paths) > 1 and all(count == 1 for count in folders.values())
    students = []
    for path in paths:
        stem = _variant_of(path)
        by_folder = own_folders or names[path.name] > 1 or stem in variants
        students.append(path.parent.name if by_folder and path.parent.name else stem)
    return students


def grade_paths(paths: list[Path], keys: dict[str, Key]) -> list[Graded]:
    """Every submission, in order; one unusable file never stops the others."""
    variants = set(keys) | {key.variant for key in keys.values() if key.variant}
    return [
        grade_file(path, keys, student)
        for path, student in zip(paths, student_names(paths, variants), strict=True)
    ]
