"""Blocks: expansion, names, parameters, repeat/first/when, nesting, folding, and every error path."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from cnncalc.cli import app
from cnncalc.engine.calculator import calculate
from cnncalc.engine.results import FoldedBlock, fold
from cnncalc.errors import SpecError
from cnncalc.spec import blocks, validate
from cnncalc.spec.loader import parse_text
from cnncalc.spec.validate import validate_document

runner = CliRunner()

# Two 3×3 convs with a skip; 'proj' projects the skip when the block strides.
BASIC = """\
input: [4, 8, 8]
blocks:
  basic:
    params: {filters: null, stride: 1, proj: false}
    layers:
      - {type: conv2d, filters: "${filters}", kernel: 3, stride: "${stride}", padding: 1, name: conv1}
      - {type: conv2d, filters: "${filters}", kernel: 3, padding: 1, name: conv2}
      - {type: conv2d, filters: "${filters}", kernel: 1, stride: "${stride}", inputs: [input], name: down,
         when: "${proj}"}
      - {type: add, inputs: [conv2, down], name: add}
layers:
  - {block: basic, filters: 4, repeat: 2, name: stage1}
  - {block: basic, filters: 8, repeat: 2, first: {stride: 2, proj: true}, name: stage2}
  - {type: global_avgpool, name: pool}
"""


def compute(text: str):
    return calculate(validate_document(parse_text(text, "net.yaml")))


def test_names_are_prefixed_torchvision_style_and_dropped_layers_vanish() -> None:
    names = [layer.name for layer in compute(BASIC).layers]
    assert names == [
        "stage1.0.conv1", "stage1.0.conv2", "stage1.0.add",
        "stage1.1.conv1", "stage1.1.conv2", "stage1.1.add",
        "stage2.0.conv1", "stage2.0.conv2", "stage2.0.down", "stage2.0.add",
        "stage2.1.conv1", "stage2.1.conv2", "stage2.1.add",
        "pool",
    ]  # fmt: skip


def test_a_dropped_layer_means_its_input_and_first_applies_to_the_first_copy_only() -> None:
    layers = {layer.name: layer for layer in compute(BASIC).layers}
    # Without the projection, 'down' in the add is the block's input: the previous copy's add.
    assert layers["stage1.1.add"].inputs == ("stage1.1.conv2", "stage1.0.add")
    assert layers["stage1.0.add"].inputs == ("stage1.0.conv2", "input")
    assert layers["stage2.0.down"].inputs == ("stage1.1.add",)
    assert layers["stage2.0.conv1"].output_shape == (8, 4, 4)  # stride 2 in the first copy
    assert layers["stage2.1.conv1"].output_shape == (8, 4, 4)  # stride 1 in the second
    # (9·4 + 1)·4 = 148; (9·4 + 1)·8 = 296; (9·8 + 1)·8 = 584; 1×1 projection (4 + 1)·8 = 40.
    assert compute(BASIC).total_params == 4 * 148 + 296 + 584 + 40 + 2 * 584


def test_block_paths_fold_into_rows_as_deep_as_asked() -> None:
    result = compute(BASIC)
    assert [ref.name for ref in result.layers[0].block_path] == ["stage1", "stage1.0"]
    assert [ref.label for ref in result.layers[0].block_path] == ["basic ×2", "basic"]
    top = fold(result.layers, 0)
    assert [row.name for row in top] == ["stage1", "stage2", "pool"]
    stage2 = top[1]
    assert isinstance(stage2, FoldedBlock)
    assert stage2.params == 296 + 584 + 40 + 2 * 584
    assert stage2.inputs == ("stage1.1.add",)
    assert stage2.last.output_shape == (8, 4, 4)
    assert [row.name for row in fold(result.layers, 1)] == [
        "stage1.0", "stage1.1", "stage2.0", "stage2.1", "pool",
    ]  # fmt: skip
    assert len(fold(result.layers, 2)) == len(result.layers)


def test_depth_folds_the_table(tmp_path: Path) -> None:
    path = tmp_path / "net.yaml"
    path.write_text(BASIC, encoding="utf-8")
    out = runner.invoke(app, [str(path), "--depth", "0"]).stdout
    assert "▸ stage1" in out and "basic ×2" in out and "stage1.0.conv1" not in out
    assert "stage1.0.conv1" in runner.invoke(app, [str(path)]).stdout


def test_nested_blocks_several_inputs_and_text_substitution() -> None:
    result = compute(
        "input: [2, 8, 8]\n"
        "blocks:\n"
        "  conv:\n"
        "    params: {f: null, tag: x}\n"
        "    layers: [{type: conv2d, filters: '${f}', kernel: 3, padding: 1, name: 'c_${tag}'}]\n"
        "  join:\n"
        "    params: {f: null}\n"
        "    inputs: [a, b]\n"
        "    layers:\n"
        "      - {block: conv, f: '${f}', tag: left, name: l, inputs: [a]}\n"
        "      - {block: conv, f: '${f}', tag: right, name: r, inputs: [b]}\n"
        "      - {type: concat, inputs: [l, r], name: cat}\n"
        "layers:\n"
        "  - {type: relu, name: stem}\n"
        "  - {block: join, f: 3, inputs: [stem, input], name: j}\n"
    )
    assert [(layer.name, layer.inputs) for layer in result.layers] == [
        ("stem", ("input",)),
        ("j.l.c_left", ("stem",)),
        ("j.r.c_right", ("input",)),
        ("j.cat", ("j.l.c_left", "j.r.c_right")),
    ]
    assert result.output_shape == (6, 8, 8)


def test_unnamed_layers_in_a_block_are_numbered_within_it() -> None:
    result = compute(
        "input: [1, 4, 4]\nblocks:\n  b:\n    layers: [{type: relu}, {type: relu}]\n"
        "layers:\n  - {block: b, repeat: 2}\n"
    )
    assert [layer.name for layer in result.layers] == [
        "b_1.0.relu_1",
        "b_1.0.relu_2",
        "b_1.1.relu_1",
        "b_1.1.relu_2",
    ]


HEAD = "input: [4, 8, 8]\nblocks:\n  basic:\n    params: {filters: null}\n    layers:\n"
ERRORS = {
    "unknown_block": (
        HEAD
        + "      - {type: conv2d, filters: '${filters}', kernel: 3}\nlayers:\n"
        + "  - {block: basik, filters: 4}\n",
        ["error: {path}:8: layers[0], block: unknown block 'basik' (did you mean 'basic'?)"],
    ),
    "missing_parameter": (
        HEAD
        + "      - {type: conv2d, filters: '${filters}', kernel: 3}\nlayers:\n  - {block: basic, name: b1}\n",
        [
            "error: {path}:8: layers[0] (b1): block 'basic' needs parameter 'filters' "
            "(e.g. {block: basic, filters: ...})"
        ],
    ),
    "unknown_parameter_at_use": (
        HEAD + "      - {type: conv2d, filters: '${filters}', kernel: 3}\nlayers:\n"
        "  - {block: basic, filtres: 4, name: b1}\n",
        [
            "error: {path}:8: layers[0] (b1), filtres: block 'basic' has no parameter 'filtres' "
            "(did you mean 'filters'?)"
        ],
    ),
    "unknown_parameter_in_template": (
        HEAD + "      - {type: conv2d, filters: '${filter}', kernel: 3, name: c}\nlayers:\n"
        "  - {block: basic, filters: 4, name: b1}\n",
        [
            "error: {path}:6: blocks.basic.layers[0] (b1.c), filters: unknown parameter 'filter' in block "
            "'basic' (did you mean 'filters'?)"
        ],
    ),
    "unknown_name_in_block_inputs": (
        HEAD + "      - {type: conv2d, filters: '${filters}', kernel: 3, padding: 1, name: conv1}\n"
        "      - {type: add, inputs: [conv2, input], name: add}\n"
        "layers:\n  - {block: basic, filters: 4, name: b1}\n",
        [
            "error: {path}:7: blocks.basic.layers[1] (b1.add), inputs: unknown name 'conv2' in block "
            "'basic' (did you mean 'conv1'?)"
        ],
    ),
    "later_name_in_block_inputs": (
        HEAD + "      - {type: add, inputs: [conv1, input], name: add}\n"
        "      - {type: conv2d, filters: '${filters}', kernel: 3, padding: 1, name: conv1}\n"
        "layers:\n  - {block: basic, filters: 4, name: b1}\n",
        [
            "error: {path}:6: blocks.basic.layers[0] (b1.add), inputs: 'conv1' comes later in block "
            "'basic'; inputs must be earlier layers (names in block 'basic' so far: input)"
        ],
    ),
    "block_uses_itself": (
        "input: [1, 4, 4]\nblocks:\n  loop:\n    layers:\n      - {block: loop}\n"
        "layers:\n  - {block: loop}\n",
        ["error: {path}:5: blocks.loop.layers[0], block: block 'loop' uses itself (loop → loop)"],
    ),
    "type_and_block": (
        HEAD + "      - {type: relu}\nlayers:\n  - {type: relu, block: basic, filters: 2}\n",
        ["error: {path}:8: layers[0], block: a layer has either 'type' or 'block', not both (remove one)"],
    ),
    "parameter_outside_a_block": (
        "input: [1, 4, 4]\nlayers:\n  - {type: conv2d, filters: '${n}', kernel: 1}\n",
        [
            "error: {path}:3: layers[0], filters: '${n}' is a block parameter, but this layer is not in a "
            "block (parameters are substituted only inside 'blocks')"
        ],
    ),
    "error_inside_a_block_points_to_its_line_once": (
        HEAD + "      - {type: conv2d, filters: '${filters}', kernel: 0, name: c}\nlayers:\n"
        "  - {block: basic, filters: 4, repeat: 3, name: b}\n",
        [
            "error: {path}:6: layer 1 (b.0.c), kernel: must be a positive integer or a list of 1 to 3 of "
            "them (one per spatial dimension), got 0",
        ],
    ),
    "shape_error_inside_a_block": (
        HEAD + "      - {type: conv2d, filters: '${filters}', kernel: 3, name: c}\n"
        "      - {type: add, inputs: [c, input], name: add}\n"
        "layers:\n  - {block: basic, filters: 4, name: b}\n",
        [
            "error: {path}:7: layer 2 (b.add), inputs: add needs inputs of one shape: 'b.c' is 4×6×6 but "
            "'input' is 4×8×8 (add broadcasts only sizes of 1, and only the spatial sizes differ (6×6 "
            "vs 8×8); give both branches the same strides and padding, or resize one)"
        ],
    ),
    "duplicate_name_in_block": (
        HEAD + "      - {type: relu, name: r}\n      - {type: relu, name: r}\n"
        "layers:\n  - {block: basic, filters: 4, name: b}\n",
        [
            "error: {path}:7: blocks.basic.layers[1] (b.r), name: name 'r' is already used in block 'basic' "
            "(layer names must be unique within a block)"
        ],
    ),
    "block_use_name_twice": (
        HEAD + "      - {type: relu, name: r}\nlayers:\n"
        "  - {block: basic, filters: 4, name: b}\n  - {block: basic, filters: 4, name: b}\n",
        ["error: {path}:9: layers[1] (b), name: name 'b' is already used in the spec (names must be unique)"],
    ),
    "bad_repeat": (
        HEAD + "      - {type: relu}\nlayers:\n  - {block: basic, filters: 4, repeat: 0, name: b}\n",
        ["error: {path}:8: layers[0] (b), repeat: must be a positive integer, got 0"],
    ),
    "wrong_number_of_block_inputs": (
        "input: [1, 4, 4]\nblocks:\n  j:\n    inputs: [a, b]\n    layers: [{type: add, inputs: [a, b]}]\n"
        "layers:\n  - {block: j, name: x}\n",
        ["error: {path}:7: layers[0] (x), inputs: block 'j' takes 2 input(s) (a, b), got 1"],
    ),
}


@pytest.mark.parametrize("case", sorted(ERRORS))
def test_block_errors_are_one_line_each_with_place_and_exit_2(case: str, tmp_path: Path) -> None:
    text, expected = ERRORS[case]
    path = tmp_path / "net.yaml"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(app, [str(path)])
    assert result.exit_code == 2, result.stdout
    assert result.stdout == ""
    assert result.stderr.splitlines() == [line.replace("{path}", str(path)) for line in expected]


# --- a block spec equals the same network written out layer by layer --------------------------


def _flat_stage(name: str, filters: int, repeat: int, stride: int, previous: str) -> tuple[list[str], str]:
    """The BASIC block's stage written out by hand, as torchvision's _make_layer would build it."""
    lines = []
    for copy in range(repeat):
        prefix = f"{name}.{copy}"
        s, proj = (stride, stride != 1) if copy == 0 else (1, False)
        lines += [
            f"  - {{type: conv2d, filters: {filters}, kernel: 3, stride: {s}, padding: 1,"
            f" name: {prefix}.conv1, inputs: [{previous}]}}",
            f"  - {{type: conv2d, filters: {filters}, kernel: 3, padding: 1, name: {prefix}.conv2}}",
        ]
        skip = previous
        if proj:
            lines.append(
                f"  - {{type: conv2d, filters: {filters}, kernel: 1, stride: {s}, name: {prefix}.down,"
                f" inputs: [{previous}]}}"
            )
            skip = f"{prefix}.down"
        lines.append(f"  - {{type: add, inputs: [{prefix}.conv2, {skip}], name: {prefix}.add}}")
        previous = f"{prefix}.add"
    return lines, previous


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from([2, 4, 8]), st.integers(1, 3), st.sampled_from([1, 2])),
        min_size=1,
        max_size=3,
    )
)
def test_blocks_expand_to_the_network_written_out(stages: list[tuple[int, int, int]]) -> None:
    channels = 4
    uses, flat, previous = [], [], "input"
    for number, (filters, repeat, stride) in enumerate(stages, start=1):
        if filters != channels and stride == 1:
            stride = 2  # a projection needs a stride here, as in BASIC's 'first'
        first = f", first: {{stride: {stride}, proj: true}}" if stride != 1 else ""
        uses.append(f"  - {{block: basic, filters: {filters}, repeat: {repeat}{first}, name: stage{number}}}")
        lines, previous = _flat_stage(f"stage{number}", filters, repeat, stride, previous)
        flat += lines
        channels = filters
    head = BASIC.split("layers:\n  - {block")[0]
    blocks = compute(head + "layers:\n" + "\n".join(uses) + "\n")
    written = compute("input: [4, 8, 8]\nlayers:\n" + "\n".join(flat) + "\n")
    assert [(r.name, r.inputs, r.output_shape, r.params) for r in blocks.layers] == [
        (r.name, r.inputs, r.output_shape, r.params) for r in written.layers
    ]


# --- bounded work, whatever the blocks (issue 9) ---------------------------------------------------


def refusal(text: str) -> list[str]:
    """The problems a spec is refused with, one line each."""
    with pytest.raises(SpecError) as refused:
        validate_document(parse_text(text, "net.yaml"))
    return [str(problem) for problem in refused.value.problems]


def nested_repeats(levels: int, repeat: int = 2) -> str:
    """``levels`` blocks, each one use of the one below repeated: repeat**levels relus."""
    lines = ["input: [1, 8, 8]", "blocks:", "  b0:\n    layers:\n      - {type: relu}"]
    lines += [
        f"  b{i}:\n    layers:\n      - {{block: b{i - 1}, repeat: {repeat}}}" for i in range(1, levels)
    ]
    lines.append(f"layers:\n  - {{block: b{levels - 1}, repeat: {repeat}}}")
    return "\n".join(lines) + "\n"


def test_a_repeat_of_dropped_layers_is_counted_before_it_runs() -> None:
    # Only dropped layers: the old bound counted kept layers, so 2,147,483,647 copies ran for ever.
    text = (
        "input: [1, 8, 8]\nblocks:\n  b:\n    layers:\n      - {type: relu, when: false}\n"
        "layers:\n  - {block: b, repeat: 2147483647}\n  - {type: flatten}\n"
    )
    (line,) = refusal(text)
    # 2,147,483,647 copies × 1 layer each (dropped, but counted).
    assert line == (
        "net.yaml:7: layers[0], block: the blocks expand to 2,147,483,647 layers (those 'when: false' "
        "drops counted); the limit is 100,000 (block 'b' here gives 2,147,483,647 of them)"
    )


def test_the_count_is_arithmetic_not_an_expansion() -> None:
    # 16 nested 'repeat: 10' (the deepest nesting allowed) are 10^16 layers: counted once per
    # block, not walked (walking them, or counting without the memo, would not end).
    (line,) = refusal(nested_repeats(16, 10))
    assert "the blocks expand to 10,000,000,000,000,000 layers" in line
    assert "the limit is 100,000" in line


def test_a_spec_at_the_limit_expands_and_one_layer_more_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    # The limit made 100 to keep the test fast: 10 uses × 10 copies = 100 layers is at the limit;
    # one more layer is past it.
    monkeypatch.setattr(blocks, "MAX_EXPANDED_LAYERS", 100)
    head = "input: [1, 8, 8]\nblocks:\n  b:\n    layers:\n      - {type: relu}\n"
    ok = head + "layers:\n" + "  - {block: b, repeat: 10}\n" * 10
    assert len(validate_document(parse_text(ok, "net.yaml")).layers) == 100
    (line,) = refusal(ok + "  - {type: relu}\n")
    assert "net.yaml:17: layers[10]: the blocks expand to 101 layers" in line
    assert "the limit is 100" in line


def test_nested_repeats_expand_in_order_with_torchvision_names() -> None:
    # 12 levels of repeat 2: 2^12 = 4,096 layers, the first named b11.0.0.0…, the last b11.1.1.1….
    spec = validate_document(parse_text(nested_repeats(12), "net.yaml"))
    assert len(spec.layers) == 4096
    assert (
        spec.layers[0].name
        == "b11_1.0" + ".b10_1.0" + "".join(f".b{i}_1.0" for i in range(9, -1, -1)) + ".relu_1"
    )
    assert spec.layers[-1].name.startswith("b11_1.1.b10_1.1.")


def test_text_doubling_down_nested_blocks_is_refused_before_it_is_built() -> None:
    # Nine nested blocks each passing p: "${p}" × 10: 10^9 characters at the bottom; it ended in
    # MemoryError (exit 70). Level k holds 10^k characters: b5's is the first past 10,000.
    lines = [
        "input: [1, 8, 8]",
        "blocks:",
        "  b0:\n    params: {p: x}\n    layers:\n      - {type: relu, name: '${p}'}",
    ]
    for i in range(1, 10):
        lines.append(
            f"  b{i}:\n    params: {{p: x}}\n    layers:\n      - {{block: b{i - 1}, p: '{'${p}' * 10}'}}"
        )
    lines.append("layers:\n  - {block: b9, p: a}")
    (line,) = refusal("\n".join(lines) + "\n")
    assert line == (
        "net.yaml:26: blocks.b5.layers[0], p: is 100,000 characters after substitution in block 'b5'; "
        "the limit is 10,000 (a parameter passed down through nested blocks grows at each level)"
    )


def test_a_list_doubling_down_nested_blocks_is_refused() -> None:
    # p: [${p}, ${p}, …] (×10) nine deep is ten references per level, 10^9 items as text.
    lines = [
        "input: [1, 8, 8]",
        "blocks:",
        "  b0:\n    params: {p: x}\n    layers:\n      - {type: relu, name: '${p}'}",
    ]
    for i in range(1, 10):
        refs = ", ".join(["'${p}'"] * 10)
        lines.append(f"  b{i}:\n    params: {{p: x}}\n    layers:\n      - {{block: b{i - 1}, p: [{refs}]}}")
    lines.append("layers:\n  - {block: b9, p: abcdefgh}")
    (line,) = refusal("\n".join(lines) + "\n")
    assert "characters after substitution in block" in line
    assert "the limit is 10,000" in line


def many_problems_counted(lines: list[str], shown: int, more: int) -> None:
    assert len(lines) == shown + 1, lines[-3:]
    assert lines[-1] == f"net.yaml: … and {more:,} more problems"


def test_unknown_blocks_are_reported_twenty_and_counted(monkeypatch: pytest.MonkeyPatch) -> None:
    # 2,000 uses of unknown blocks: 20 lines, then "… and 1,980 more problems". Each reported
    # one searched a "did you mean" (20,000 of them took 26 s); now only the 20 shown do.
    searches = count_calls(monkeypatch, blocks, "_did_you_mean")
    text = "input: [1, 8, 8]\nblocks:\n  basic:\n    layers:\n      - {type: relu}\nlayers:\n" + "".join(
        f"  - {{block: nope{i}}}\n" for i in range(2000)
    )
    lines = refusal(text)
    many_problems_counted(lines, blocks.MAX_PROBLEMS, 1980)
    assert lines[0] == "net.yaml:7: layers[0], block: unknown block 'nope0' (defined blocks: basic)"
    assert searches() == blocks.MAX_PROBLEMS


def test_unknown_input_names_are_reported_twenty_and_counted(monkeypatch: pytest.MonkeyPatch) -> None:
    # 1,500 unknown names took 22 s: a "did you mean" over every earlier name, for each.
    searches = count_calls(monkeypatch, blocks, "_did_you_mean")
    text = "input: [1, 8, 8]\nlayers:\n" + "".join(
        f"  - {{type: relu, name: r{i}, inputs: [zz{i}]}}\n" for i in range(300)
    )
    lines = refusal(text)
    many_problems_counted(lines, blocks.MAX_PROBLEMS, 280)
    assert lines[0].startswith("net.yaml:3: layer 1 (r0), inputs: unknown layer name 'zz0' in inputs")
    assert searches() == blocks.MAX_PROBLEMS


def test_unknown_keys_are_reported_twenty_and_counted(monkeypatch: pytest.MonkeyPatch) -> None:
    # 10,000 unknown keys in one layer took 13 s.
    searches = count_calls(monkeypatch, validate, "suggest_field")
    text = "input: [1, 8, 8]\nlayers:\n  - {type: relu, " + ", ".join(f"k{i}: 1" for i in range(500)) + "}\n"
    lines = refusal(text)
    many_problems_counted(lines, blocks.MAX_PROBLEMS, 480)
    assert lines[0].startswith("net.yaml:3: layer 1, k0: unknown field 'k0'")
    # One search per shown problem, and one per key for "kernal → the missing kernel is noise".
    assert searches() == 2 * blocks.MAX_PROBLEMS


def count_calls(monkeypatch: pytest.MonkeyPatch, module: object, name: str) -> Callable[[], int]:
    calls = 0
    original = getattr(module, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return lambda: calls


def random_blocks_spec(rng: Any) -> str:
    """Blocks using earlier blocks, with repeat (literal or a parameter), first and when."""
    count = rng.randint(1, 4)
    lines = ["input: [1, 8, 8]", "blocks:"]
    for i in range(count):
        params = f"{{n: {rng.randint(1, 3)}, w: {rng.choice(['true', 'false'])}}}"
        lines.append(f"  b{i}:\n    params: {params}\n    layers:")
        for q in range(rng.randint(1, 3)):
            when = rng.choice(["", ", when: '${w}'", ", when: false"])
            if i > 0 and rng.random() < 0.4:
                repeat = rng.choice(["", ", repeat: 3", ", repeat: '${n}'", ", repeat: 2, first: {w: false}"])
                lines.append(f"      - {{block: b{rng.randrange(i)}{repeat}{when}, n: 2, name: u{q}}}")
            else:
                lines.append(f"      - {{type: relu, name: r{q}{when}}}")
    lines.append("layers:")
    for q in range(rng.randint(1, 3)):
        lines.append(f"  - {{block: b{rng.randrange(count)}, repeat: {rng.randint(1, 3)}, name: t{q}}}")
    return "\n".join(lines) + "\n"


@settings(max_examples=40, deadline=None)
@given(st.randoms(use_true_random=False))
def test_the_arithmetic_count_is_the_number_of_layers_expanded(rng: Any) -> None:
    # The bound is only a bound if the count is right: kept and dropped layers alike.
    document = parse_text(random_blocks_spec(rng), "net.yaml")
    expander = blocks._Expander(document.data, "net.yaml", lambda loc: None)
    counted = expander.size_of(document.data["layers"], {}, (), {})
    top = blocks._Scope(
        prefix="", block=None, env={}, names={blocks.INPUT: -1}, path=(), stack=(), counters={}
    )
    expander.expand_list(document.data["layers"], ("layers",), top, -1)
    assert expander.problems == []
    assert expander.work == counted
    assert len(expander.items) <= counted


# --- the size check's bound ----------------------------------------------------------------------

_ROOT = Path(__file__).resolve().parent.parent
_WITH_BLOCKS = [
    path
    for folder in ("zoo", "specs", "examples")
    for path in sorted((_ROOT / folder).glob("*.yaml"))
    if "\nblocks:" in path.read_text(encoding="utf-8")
]


def _sizes(text: str) -> tuple[int | None, int]:
    """The expander's bound and size_of's count for a spec's top-level layers."""
    data = parse_text(text, "spec.yaml").data
    expander = blocks._Expander(data, "spec.yaml", lambda loc: None)
    layers = data["layers"]
    count = sum(expander.size_of([raw], {}, (), {}) for raw in layers)
    return expander.bound(layers, (), {}), count


@pytest.mark.parametrize("path", _WITH_BLOCKS, ids=lambda p: p.stem)
def test_the_bound_holds_size_of_count_for_every_shipped_spec(path: Path) -> None:
    # check_size skips size_of's walk when the bound is small enough: the bound must never be less.
    bound, count = _sizes(path.read_text(encoding="utf-8"))
    assert bound is not None and bound >= count


@settings(max_examples=60, deadline=None)
@given(
    repeats=st.lists(st.integers(-1, 5), min_size=1, max_size=4),
    whens=st.lists(st.booleans(), min_size=1, max_size=4),
)
def test_the_bound_holds_size_of_count_for_nested_uses(repeats: list[int], whens: list[bool]) -> None:
    # Blocks b0 … bn, each using the next (repeated, or dropped by when), the last plain layers.
    lines = ["input: [1, 8, 8]", "blocks:"]
    for level, repeat in enumerate(repeats):
        when = whens[level % len(whens)]
        lines += [f"  b{level}:", "    params: {f: 2}", "    layers:", "      - {type: relu}"]
        if level + 1 < len(repeats):
            lines.append(f"      - {{block: b{level + 1}, repeat: {repeat}, when: {str(when).lower()}}}")
    lines += ["layers:", f"  - {{block: b0, repeat: {max(repeats[0], 1)}}}", "  - {type: relu}"]
    bound, count = _sizes("\n".join(lines) + "\n")
    assert bound is not None and bound >= count


def test_the_bound_leaves_a_parameter_repeat_or_a_block_in_itself_to_size_of() -> None:
    text = (
        "input: [1, 8, 8]\nblocks:\n  a:\n    params: {n: 2}\n    layers:\n"
        "      - {block: b, repeat: '${n}'}\n  b:\n    layers:\n      - {type: relu}\n"
        "  c:\n    layers:\n      - {block: c}\nlayers:\n  - {block: a}\n"
    )
    assert _sizes(text)[0] is None
    assert _sizes(text.replace("  - {block: a}\n", "  - {block: c}\n"))[0] is None
    # A chain of blocks deeper than MAX_NESTING (and than the recursion limit): size_of's to count.
    chain = "".join(f"  b{i}:\n    layers:\n      - {{block: b{i + 1}}}\n" for i in range(2000))
    deep = f"input: [1, 8, 8]\nblocks:\n{chain}  b2000:\n    layers:\n      - {{type: relu}}\nlayers:\n"
    assert _sizes(deep + "  - {block: b0}\n")[0] is None
