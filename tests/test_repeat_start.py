"""``repeat`` with ``start``: copies numbered from a given number or name, continued across uses
(torchvision's ``features.2`` … ``features.17`` over MobileNetV2's stages, DenseNet's
``denselayer1``, RegNet's ``block1-0``), and its errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from cnncalc.engine.calculator import calculate
from cnncalc.engine.results import FoldedBlock, fold
from cnncalc.errors import SpecError
from cnncalc.spec.loader import parse_text
from cnncalc.spec.validate import validate_document
from tests.conftest import run_cli

BLOCK = """\
input: [4, 8, 8]
blocks:
  unit:
    params: {filters: 4, stride: 1}
    layers:
      - {type: conv2d, filters: "${filters}", kernel: 3, stride: "${stride}", padding: 1, name: conv}
      - {type: relu, name: relu}
layers:
"""


def names(layers: str) -> list[str]:
    network = calculate(validate_document(parse_text(BLOCK + layers, "net.yaml")))
    return [layer.name for layer in network.layers]


def problems(layers: str) -> list[str]:
    with pytest.raises(SpecError) as caught:
        validate_document(parse_text(BLOCK + layers, "net.yaml"))
    return [str(problem) for problem in caught.value.problems]


def test_an_integer_start_numbers_the_copies_and_uses_sharing_a_name_continue() -> None:
    got = names(
        "  - {type: conv2d, filters: 4, kernel: 3, padding: 1, name: features.0}\n"
        "  - {block: unit, name: features, repeat: 1, start: 1}\n"
        "  - {block: unit, name: features, repeat: 2, start: 2, filters: 8, first: {stride: 2}}\n"
    )
    assert got == [
        "features.0",
        "features.1.conv", "features.1.relu",
        "features.2.conv", "features.2.relu",
        "features.3.conv", "features.3.relu",
    ]  # fmt: skip


def test_a_word_ending_in_a_number_counts_up_its_number() -> None:
    assert names("  - {block: unit, name: features.denseblock1, repeat: 2, start: denselayer1}\n") == [
        "features.denseblock1.denselayer1.conv",
        "features.denseblock1.denselayer1.relu",
        "features.denseblock1.denselayer2.conv",
        "features.denseblock1.denselayer2.relu",
    ]
    assert names("  - {block: unit, name: s, repeat: 2, start: block1-9}\n")[::2] == [
        "s.block1-9.conv",
        "s.block1-10.conv",
    ]


def test_without_start_nothing_changes_and_a_name_still_serves_one_use() -> None:
    assert names("  - {block: unit, name: s, repeat: 2}\n") == [
        "s.0.conv",
        "s.0.relu",
        "s.1.conv",
        "s.1.relu",
    ]
    assert any(
        "name 's' is already used" in line
        for line in problems("  - {block: unit, name: s, repeat: 1}\n  - {block: unit, name: s, repeat: 1}\n")
    )


def test_continued_uses_inside_a_block_too() -> None:
    # The block 'stage' numbers 'unit' copies across two uses.
    text = BLOCK.replace(
        "blocks:\n",
        "blocks:\n  stage:\n    layers:\n"
        "      - {block: unit, name: b, repeat: 1, start: 0}\n"
        "      - {block: unit, name: b, repeat: 1, start: 1, filters: 8}\n",
        1,
    )
    network = calculate(validate_document(parse_text(text + "  - {block: stage, name: trunk}\n", "net.yaml")))
    assert [layer.name for layer in network.layers] == [
        "trunk.b.0.conv",
        "trunk.b.0.relu",
        "trunk.b.1.conv",
        "trunk.b.1.relu",
    ]


def test_two_copies_of_one_name_are_an_error() -> None:
    found = problems(
        "  - {block: unit, name: f, repeat: 2, start: 1}\n  - {block: unit, name: f, repeat: 1, start: 2}\n"
    )
    assert found[0].endswith("name 'f.2.conv' is already used by layer 3 (layer names must be unique)")


@pytest.mark.parametrize(
    ("use", "message"),
    [
        ("{block: unit, name: f, start: 1}", "'start' numbers the copies of a 'repeat'"),
        (
            "{block: unit, name: f, repeat: 2, start: -1}",
            "must be the first copy's number or a name ending in one",
        ),
        ("{block: unit, name: f, repeat: 2, start: dense}", "got 'dense'"),
        ("{block: unit, name: f, repeat: 2, start: true}", "got True"),
        ("{block: unit, name: f, repeat: 2, start: [1]}", "got [1]"),
    ],
)
def test_a_start_that_cannot_number_is_one_line_naming_the_field(use: str, message: str) -> None:
    found = problems(f"  - {use}\n")
    assert len(found) == 1
    assert found[0].startswith("net.yaml:9: layers[0] (f), start: ")
    assert message in found[0]


def test_the_cli_reports_it_in_both_languages_exit_2(tmp_path: Path) -> None:
    spec = tmp_path / "net.yaml"
    spec.write_text(BLOCK + "  - {block: unit, name: f, start: 1}\n", encoding="utf-8")
    english = run_cli(str(spec))
    korean = run_cli(str(spec), "--lang", "ko")
    assert english.returncode == korean.returncode == 2
    assert "add repeat: N" in english.stderr
    assert "repeat: N을 더하거나" in korean.stderr
    assert english.stderr.count("\n") == 1


def test_continued_uses_fold_to_one_row_each() -> None:
    text = BLOCK + (
        "  - {block: unit, name: features, repeat: 2, start: 1}\n"
        "  - {block: unit, name: features, repeat: 2, start: 3}\n"
    )
    network = calculate(validate_document(parse_text(text, "net.yaml")))
    rows = fold(network.layers, 0)
    assert [row.label for row in rows if isinstance(row, FoldedBlock)] == ["unit ×2, 1…2", "unit ×2, 3…4"]


def test_a_use_numbered_by_a_word_folds_under_its_block_alone() -> None:
    text = BLOCK + "  - {block: unit, name: features.denseblock1, repeat: 2, start: denselayer1}\n"
    network = calculate(validate_document(parse_text(text, "net.yaml")))
    assert [row.label for row in fold(network.layers, 0) if isinstance(row, FoldedBlock)] == ["unit ×2"]
