"""A key: a spec computed once, the answers it asks, and the variant it is the key of.

``--key`` names one key file or a folder of them (``cnncalc quiz --variants`` writes
``hw3-07.key.yaml`` beside each ``hw3-07.yaml``); a submission's key is then found by its
``variant:``, or by its file's stem.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

from cnncalc.engine.results import NetworkResult
from cnncalc.errors import SpecError, display_path, said
from cnncalc.grading.asks import Ask, asks_of
from cnncalc.grading.mistakes import Memo
from cnncalc.grading.networks import layer_fields
from cnncalc.spec.models import Spec

KEY_SUFFIXES = (".key.yaml", ".key.yml", ".key.json")


class Key(NamedTuple):
    file: str
    spec: Spec
    result: NetworkResult
    asks: tuple[Ask, ...]
    variant: str | None
    memo: Memo  # what each likely mistake gives, computed once for the key (cnncalc.grading.mistakes)
    layer_fields: list[dict[str, Any]]  # what each layer computes from (cnncalc.grading.networks)
    names: list[str]

    @property
    def maximum(self) -> int:
        return sum(ask.points for ask in self.asks)


def load_key(path: Path, ask: Sequence[str] | None = None) -> Key:
    """One key file, computed; a key that asks nothing is refused (every score would be 0 of 0)."""
    from cnncalc.pipeline import compute_file

    computed = compute_file(path)
    asks = asks_of(computed.spec, computed.result, ask)
    if not asks:
        raise SpecError.single(
            said("grade.key_asks_nothing"), file=display_path(path), hint=said("grade.hint_key_asks_nothing")
        )
    spec, result = computed.spec, computed.result
    fields = [layer_fields(layer) for layer in spec.layers]
    names = [layer.name for layer in result.layers]
    return Key(display_path(path), spec, result, asks, spec.variant, {}, fields, names)


def load_keys(path: Path, ask: Sequence[str] | None = None) -> dict[str, Key]:
    """The keys ``--key`` names, by variant: one file, or every ``*.key.yaml`` of a folder (a
    folder without any: its specs, each a key)."""
    if not path.is_dir():
        key = load_key(path, ask)
        return {key.variant or _variant_of(path): key}
    files = sorted(p for p in path.iterdir() if p.name.endswith(KEY_SUFFIXES) and p.is_file())
    if not files:
        raise SpecError.single(
            said("grade.no_key_files"), file=display_path(path), hint=said("grade.hint_no_key_files")
        )
    return {_variant_of(file): load_key(file, ask) for file in files}


def _variant_of(path: Path) -> str:
    """``hw3-07.key.yaml`` → ``hw3-07``; ``lenet5.yaml`` → ``lenet5``."""
    name = path.name
    for suffix in (*KEY_SUFFIXES, ".yaml", ".yml", ".json"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return path.stem
