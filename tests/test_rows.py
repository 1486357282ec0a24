"""The row model (render/rows.py) and the tabular formats that take their cells from it: a
column an option asks for appears in the table, Markdown, LaTeX, HTML and CSV alike, and a
merge's row shows every input's shape. Expectations are worked by hand in the comments."""

from __future__ import annotations

import csv
import io

from cnncalc.engine.calculator import calculate
from cnncalc.render.rows import build_rows, column_keys, row_texts
from cnncalc.spec.models import Spec
from tests.conftest import run_cli as cli

# Two 3×3 stride-1 convs on 1×8×8: 2×6×6, then 2×4×4.
# Receptive field: r = 1 + (3 − 1)·1 = 3, then 3 + (3 − 1)·1 = 5; jump 1 throughout; the centre of
# the first output's field: 0 + (3 − 1)/2 = 1, then 1 + (3 − 1)/2·1 = 2.
# Memory at float16 (2 B a value): 2·6·6 = 72 elements → 144 B; 2·4·4 = 32 → 64 B.
TWO_CONVS = """\
name: two
input: [1, 8, 8]
layers:
  - {type: conv, name: c1, filters: 2, kernel: 3}
  - {type: conv, name: c2, filters: 2, kernel: 3}
"""
# Two 8×16×16 branches, added and concatenated with the input (24×16×16).
MERGE = """\
name: merge
input: [8, 16, 16]
layers:
  - {type: conv, name: a, filters: 8, kernel: 3, padding: 1}
  - {type: conv, name: b, filters: 8, kernel: 3, padding: 1, inputs: [input]}
  - {type: add, name: sum, inputs: [a, b]}
  - {type: concat, name: cat, inputs: [a, b, input]}
"""


def _result(text: str):  # type: ignore[no-untyped-def]
    import yaml

    return calculate(Spec.model_validate(yaml.safe_load(text)), "spec")


def test_columns_follow_the_options() -> None:
    chain, graph = _result(TWO_CONVS), _result(MERGE)
    core = ["index", "name", "type", "input_shape", "output_shape", "params", "macs"]
    assert column_keys(chain) == [*core, "notes"]
    assert column_keys(chain, rf=True, dtype="int8") == [
        *core,
        "rf_size",
        "rf_jump",
        "rf_start",
        "memory",
        "notes",
    ]
    assert column_keys(graph)[:4] == ["index", "name", "type", "inputs"]


def test_rows_carry_the_field_the_memory_and_every_input() -> None:
    rows = build_rows(_result(TWO_CONVS), rf=True, dtype="float16")
    first, c1, c2 = rows.rows
    assert first.role == "input" and first.output_shape == (1, 8, 8)
    assert c2.receptive_field is not None and c2.receptive_field.size == (5, 5)
    assert (c1.memory_bytes, c2.memory_bytes) == (144, 64)
    cells = dict(zip(rows.keys, row_texts(rows, c2), strict=True))
    assert (cells["rf_size"], cells["rf_jump"], cells["rf_start"], cells["memory"]) == ("5", "1", "2", "64 B")
    merge = build_rows(_result(MERGE))
    assert merge.rows[4].input_shapes == ((8, 16, 16), (8, 16, 16), (8, 16, 16))


def test_markdown_shows_every_input_of_a_merge(write_spec) -> None:  # type: ignore[no-untyped-def]
    out = cli(str(write_spec(MERGE)), "--format", "markdown").stdout
    assert "| 3 | sum | add | a, b | 8×16×16 + 8×16×16 | 8×16×16 |" in out
    assert "| 4 | cat | concat | a, b, input | 8×16×16 + 8×16×16 + 8×16×16 | 24×16×16 |" in out


def test_markdown_gains_the_field_and_memory_columns(write_spec) -> None:  # type: ignore[no-untyped-def]
    out = cli(str(write_spec(TWO_CONVS)), "--format", "markdown", "--rf", "--dtype", "float16").stdout
    assert "| # | Name | Type | Input | Output | Params | MACs | RF | Jump | Start | Memory | Notes |" in out
    # c2: (3·3·2 + 1)·2 = 38 params; MACs 2·4·4·2·3·3 = 576
    assert "| 2 | c2 | conv | 2×6×6 | 2×4×4 | 38 | 576 | 5 | 1 | 2 | 64 B |  |" in out


def test_latex_gains_the_field_and_memory_columns(write_spec) -> None:  # type: ignore[no-untyped-def]
    plain = cli(str(write_spec(TWO_CONVS)), "--format", "latex").stdout
    assert r"\begin{tabular}{rllllrrl}" in plain and "RF" not in plain
    out = cli(str(write_spec(TWO_CONVS)), "--format", "latex", "--rf", "--dtype", "float16").stdout
    assert r"\begin{tabular}{rllllrrrrrrl}" in out
    assert r"\# & Name & Type & Input & Output & Params & MACs & RF & Jump & Start & Memory & Notes \\" in out
    assert (
        r"2 & c2 & conv & 2$\times$6$\times$6 & 2$\times$4$\times$4 & 38 & 576 & 5 & 1 & 2 & 64 B &  \\"
        in out
    )
    # the totals keep their cells under Output, Params and MACs; 20 + 38 = 58 params, 648 + 576 MACs
    assert r"& 2$\times$4$\times$4 & 58 & 1,224 &  &  &  &  & \\" in out


def test_html_gains_the_columns_and_the_memory_at_that_precision(write_spec) -> None:  # type: ignore[no-untyped-def]
    out = cli(str(write_spec(TWO_CONVS)), "--format", "html", "--rf", "--dtype", "float16").stdout
    titles = ("RF", "Jump", "Start", "Memory")
    assert "".join(f'<th class="num">{title}</th>' for title in titles) in out
    assert (
        '<td class="num">5</td><td class="num">1</td><td class="num">2</td><td class="num">64 B</td>' in out
    )
    # 58 params · 2 B = 116 B; activations (72 + 32)·2 B = 208 B
    assert "<dt>Memory (float16)</dt><dd>params 116 B, activations 208 B</dd>" in out
    assert (
        "<dt>Memory (float32)</dt><dd>params 232 B, activations 416 B</dd>"
        in cli(str(write_spec(TWO_CONVS)), "--format", "html").stdout
    )


def test_csv_gains_columns_at_the_end_only_when_asked(write_spec) -> None:  # type: ignore[no-untyped-def]
    header = "spec,index,name,type,input_shape,output_shape,params,trainable_params,macs,warnings,inputs"
    plain = cli(str(write_spec(TWO_CONVS)), "--format", "csv").stdout
    assert plain.splitlines()[0] == header
    out = cli(str(write_spec(TWO_CONVS)), "--format", "csv", "--rf", "--dtype", "float16").stdout
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == [*header.split(","), "rf_size", "rf_jump", "rf_start", "memory_bytes"]
    assert rows[2] == [
        "two",
        "2",
        "c2",
        "conv",
        "2x6x6",
        "2x4x4",
        "38",
        "38",
        "576",
        "",
        "c1",
        "5",
        "1",
        "2",
        "64",
    ]
    only_rf = list(csv.reader(io.StringIO(cli(str(write_spec(TWO_CONVS)), "--format", "csv", "--rf").stdout)))
    assert only_rf[0][-3:] == ["rf_size", "rf_jump", "rf_start"] and only_rf[1][-3:] == ["3", "1", "1"]


def test_csv_warnings_are_the_english_sentence(write_spec) -> None:  # type: ignore[no-untyped-def]
    # (7 − 3)/3 + 1 = 7/3 ≈ 2.33: not whole, the stride does not fit (floored to 2), on both axes
    path = write_spec("input: [1, 7, 7]\nlayers:\n  - {type: conv, filters: 1, kernel: 3, stride: 3}\n")
    rows = list(csv.reader(io.StringIO(cli(str(path), "--format", "csv").stdout)))
    assert rows[1][9].count("7/3 ≈ 2.33, floored to 2") == 2 and "stride does not fit on axis 2" in rows[1][9]
