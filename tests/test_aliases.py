"""Spellings of types and fields, normalised in one place (cnncalc.spec.aliases)."""

from __future__ import annotations

from tests.conftest import run_cli as cli

TWICE = "input: [3, 8, 8]\nlayers:\n  - {type: conv, filters: 4, kernel: 3, kernel_size: 3}\n"


def test_a_field_given_under_two_names_is_one_error_in_each_language(write_spec) -> None:
    path = str(write_spec(TWICE))
    english = cli(path)
    assert english.returncode == 2
    assert english.stderr.strip().endswith("layer 1: 'kernel' is given twice (as 'kernel' and an alias)")
    korean = cli(path, "--lang", "ko")
    assert korean.returncode == 2
    assert "'kernel' 필드가 두 번 주어졌다" in korean.stderr
    assert "given twice" not in korean.stderr
