"""Compare a spec's ``expect`` answers with what the engine computed: data in, data out.

Every answer becomes one :class:`Expectation` (one JUnit test case, one ✓/✗ line). Answers are
read as students write them (``"6x14x14"``, ``[6, 14, 14]``, ``"11,770"``); one that cannot be
read fails alone. Under strict checking, a layer whose stride does not fit becomes a failed
expectation of its own.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction
from typing import NamedTuple

from cnncalc.engine.results import LayerResult, NetworkResult, ReceptiveField
from cnncalc.errors import Problem
from cnncalc.spec.fields import MAX_ANSWER_COUNT
from cnncalc.spec.models import LayerExpect, NetworkExpect, Spec

Value = int | tuple[int, ...] | None

# The order answers are listed in, and the attribute of the result each one is compared with.
LAYER_KINDS: dict[str, str] = {
    "output": "output_shape",
    "params": "params",
    "trainable_params": "trainable_params",
    "macs": "macs",
    "rf": "receptive_field",
}
NETWORK_KINDS: dict[str, str] = {
    "output": "output_shape",
    "total_params": "total_params",
    "trainable_params": "trainable_params",
    "non_trainable_params": "non_trainable_params",
    "total_macs": "total_macs",
}
SHAPE_KINDS = frozenset({"output", "rf"})
STRIDE_FITS = "stride_fits"

# Why an answer may be wrong in a way worth saying (the renderer words them):
CHANNELS_LAST = "channels_last"  # [28, 28, 6] for 6×28×28: the right sizes, channels written last
FLAT = "flat"  # 120 for 120×1×1: the right number of values, but not flattened
UNREADABLE = "unreadable"  # "six by fourteen": no shape or count could be read

PASSED, FAILED, NOTHING_TO_CHECK = "passed", "failed", "nothing to check"


class Expectation(NamedTuple):
    """One answer: for a layer (``layer`` set) or the network (``layer`` None).

    ``written`` is the answer as the spec wrote it; ``expected`` is what it was read as (None when
    it could not be read, and then ``hint`` is UNREADABLE).
    """

    kind: str  # a key of LAYER_KINDS or NETWORK_KINDS, or STRIDE_FITS
    expected: Value
    computed: Value
    passed: bool
    layer: LayerResult | None = None
    written: object = None
    hint: str | None = None  # CHANNELS_LAST, FLAT or UNREADABLE


class SpecCheck(NamedTuple):
    """A computed spec and its answers, checked."""

    file: str
    result: NetworkResult
    expectations: tuple[Expectation, ...]
    strict: bool

    @property
    def status(self) -> str:
        """PASSED, FAILED, or NOTHING_TO_CHECK: a spec without answers proves nothing."""
        if not self.expectations:
            return NOTHING_TO_CHECK
        return PASSED if self.held == len(self.expectations) else FAILED

    @property
    def passed(self) -> bool:
        return self.status == PASSED

    @property
    def held(self) -> int:
        return sum(expectation.passed for expectation in self.expectations)


class Unusable(NamedTuple):
    """A spec that could not be computed, with every problem found in it."""

    file: str
    problems: tuple[Problem, ...]


CheckOutcome = SpecCheck | Unusable


def check_spec(spec: Spec, result: NetworkResult, file: str, strict: bool = False) -> SpecCheck:
    """Every expectation of ``spec`` against ``result``; ``strict`` (or the spec's own) fails flags."""
    strict = strict or spec.strict
    expectations: list[Expectation] = []
    for layer in result.layers:
        expectations += _compare(layer.layer.expect, LAYER_KINDS, layer, layer)
        if strict and layer.flagged:
            expectations.append(Expectation(STRIDE_FITS, None, None, False, layer))
    expectations += _compare(spec.expect, NETWORK_KINDS, result, None)
    return SpecCheck(file, result, tuple(expectations), strict)


def _compare(
    expect: LayerExpect | NetworkExpect | None,
    kinds: dict[str, str],
    computed_from: LayerResult | NetworkResult,
    layer: LayerResult | None,
) -> list[Expectation]:
    """One Expectation per answer ``expect`` gives, in the order of ``kinds``."""
    if expect is None:
        return []
    found = []
    for kind, attribute in kinds.items():
        written = getattr(expect, kind)
        if written is None:
            continue
        computed: Value
        expected: Value
        if kind == "rf":
            computed = receptive_size(getattr(computed_from, attribute))
            expected = read_field(written, computed)
        else:
            computed = _normalise(getattr(computed_from, attribute))
            expected = read_shape(written) if kind in SHAPE_KINDS else read_count(written)
        if expected is None:
            found.append(Expectation(kind, None, computed, False, layer, written, UNREADABLE))
            continue
        passed = expected == computed
        hint = None if passed else wrong_answer_hint(expected, computed)
        found.append(Expectation(kind, expected, computed, passed, layer, written, hint))
    return found


def wrong_answer_hint(expected: Value, computed: Value) -> str | None:
    """CHANNELS_LAST when the answer is the computed shape with the channels moved last (H×W×C),
    FLAT when it is a vector of as many values as a computed C×1×1 (only a flatten gives that).

    >>> wrong_answer_hint((28, 28, 6), (6, 28, 28))
    'channels_last'
    >>> wrong_answer_hint((120,), (120, 1, 1))
    'flat'
    """
    if not (isinstance(expected, tuple) and isinstance(computed, tuple)):
        return None
    if len(computed) >= 2 and expected == (*computed[1:], computed[0]):
        return CHANNELS_LAST
    if len(expected) == 1 and len(computed) > 1 and math.prod(computed) == expected[0]:
        return FLAT
    return None


_BRACKETS = "[]()"
_SHAPE_SEPARATORS = re.compile(r"\s*[x×X*,@]\s*|\s+")
# 11,770 · 11 770 · 11_770 · 11'770, one separator throughout (and thin or no-break spaces).
_THOUSANDS = re.compile("[0-9]{1,3}(?:([, _'\\u00a0\\u2009\\u202f])[0-9]{3})?(?:\\1[0-9]{3})*")


def read_shape(written: object) -> tuple[int, ...] | None:
    """A shape as students write it, or None: ``[6, 14, 14]``, ``"6x14x14"``, ``"6×14×14"``,
    ``"(6, 14, 14)"``, ``"6@14x14"`` (LeCun's maps@size), and one number for a flat vector.

    >>> read_shape("6x14x14"), read_shape("[6, 14, 14]"), read_shape(1176)
    ((6, 14, 14), (6, 14, 14), (1176,))
    >>> read_shape("6 by 14") is None
    True
    """
    if isinstance(written, (list, tuple)):
        sizes = [_size(part) for part in written]
    elif isinstance(written, str):
        text = written.strip().strip(_BRACKETS).strip()
        sizes = [_size(part) for part in _SHAPE_SEPARATORS.split(text)] if text else [None]
    else:
        sizes = [_size(written)]
    if not 1 <= len(sizes) <= 4 or any(size is None or size < 1 for size in sizes):
        return None
    return tuple(size for size in sizes if size is not None)


def read_count(written: object) -> int | None:
    """A count as students write it, or None: ``11770``, ``"11,770"``, ``"11 770"``, ``"11_770"``.

    >>> read_count("11,770"), read_count(156), read_count("1,17,70")
    (11770, 156, None)
    """
    if isinstance(written, str):
        text = written.strip()
        if text.isdigit() and text.isascii():
            return _bounded(int(text))
        if _THOUSANDS.fullmatch(text):
            return _bounded(int(re.sub("[^0-9]", "", text)))
        return None
    return _size(written)


def _size(value: object) -> int | None:
    """A whole number written as an int, a digit string or an integral float (``156.0``)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return _bounded(value)
    if isinstance(value, float) and value.is_integer():
        return _bounded(int(value))
    if isinstance(value, str) and value.strip().isdigit() and value.strip().isascii():
        return _bounded(int(value.strip()))
    return None


def receptive_size(field: ReceptiveField | None) -> tuple[int, ...] | None:
    """A receptive field's size per axis, when every side is a whole number of pixels."""
    if field is None or any(size.denominator != 1 for size in map(Fraction, field.size)):
        return None
    return tuple(int(size) for size in field.size)


def read_field(written: object, computed: Value) -> tuple[int, ...] | None:
    """A receptive field as students write it: ``5x5``, or one number for a square field.

    >>> read_field(5, (5, 5)), read_field("5x5", (5, 5))
    ((5, 5), (5, 5))
    """
    shape = read_shape(written)
    if shape is not None and len(shape) == 1 and isinstance(computed, tuple) and len(computed) > 1:
        return shape * len(computed)
    return shape


def _bounded(value: int) -> int | None:
    return value if 0 <= value <= MAX_ANSWER_COUNT else None


def _normalise(value: object) -> Value:
    """Shapes compare as tuples whether they came from YAML lists or the engine's tuples."""
    if isinstance(value, (list, tuple)):
        return tuple(int(v) for v in value)
    if isinstance(value, int):
        return value
    return None
