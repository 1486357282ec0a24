"""Compare a spec's ``expect`` answers with what the engine computed: data in, data out.

Every answer becomes one :class:`Expectation` (one JUnit test case, one ✓/✗ line). Under strict
checking, a layer whose stride does not fit becomes a failed expectation of its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from cnncalc.engine.results import LayerResult, NetworkResult
from cnncalc.spec.models import LayerExpect, NetworkExpect, Spec

Value = int | tuple[int, ...] | None

# The order answers are listed in, and the attribute of the result each one is compared with.
LAYER_KINDS: dict[str, str] = {
    "output": "output_shape",
    "params": "params",
    "trainable_params": "trainable_params",
    "macs": "macs",
}
NETWORK_KINDS: dict[str, str] = {
    "output": "output_shape",
    "total_params": "total_params",
    "trainable_params": "trainable_params",
    "non_trainable_params": "non_trainable_params",
    "total_macs": "total_macs",
}
STRIDE_FITS = "stride_fits"


@dataclass(frozen=True, slots=True)
class Expectation:
    """One answer: for a layer (``layer`` set) or the network (``layer`` None)."""

    kind: str  # a key of LAYER_KINDS or NETWORK_KINDS, or STRIDE_FITS
    expected: Value
    computed: Value
    passed: bool
    layer: LayerResult | None = None


@dataclass(frozen=True)
class SpecCheck:
    """A computed spec and its answers, checked."""

    file: str
    result: NetworkResult
    expectations: tuple[Expectation, ...]
    strict: bool

    @property
    def passed(self) -> bool:
        return all(expectation.passed for expectation in self.expectations)

    @property
    def held(self) -> int:
        return sum(expectation.passed for expectation in self.expectations)


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
        expected = _normalise(getattr(expect, kind))
        if expected is not None:
            computed = _normalise(getattr(computed_from, attribute))
            found.append(Expectation(kind, expected, computed, expected == computed, layer))
    return found


def _normalise(value: object) -> Value:
    """Shapes compare as tuples whether they came from YAML lists or the engine's tuples."""
    if isinstance(value, (list, tuple)):
        return tuple(int(v) for v in value)
    if isinstance(value, int):
        return value
    return None
