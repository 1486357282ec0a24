"""The row model (render/rows.py) and the tabular formats that take their cells from it: a
column an option asks for appears in the table, Markdown, LaTeX, HTML and CSV alike, and a
merge's row shows every input's shape. Expectations are worked by hand in the comments."""

from __future__ import annotations

import csv
import io

from cnncalc.engine.calculator import calculate
from cnncalc.render.rows import build_rows, column_keys, row_texts
from cnncalc.spec.models import Spec
from tests.conftest import SPECS
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
    assert (
        "| # | Name | Type | Input | Output | Params | MACs | RF | Jump | Start | Memory (float16) | Notes |"
        in out
    )
    # c2: (3·3·2 + 1)·2 = 38 params; MACs 2·4·4·2·3·3 = 576
    assert "| 2 | c2 | conv | 2×6×6 | 2×4×4 | 38 | 576 | 5 | 1 | 2 | 64 B |  |" in out


def test_latex_gains_the_field_and_memory_columns(write_spec) -> None:  # type: ignore[no-untyped-def]
    plain = cli(str(write_spec(TWO_CONVS)), "--format", "latex").stdout
    assert r"\begin{tabular}{rllllrrl}" in plain and "RF" not in plain
    out = cli(str(write_spec(TWO_CONVS)), "--format", "latex", "--rf", "--dtype", "float16").stdout
    assert r"\begin{tabular}{rllllrrrrrrl}" in out
    # the memory's column says its precision: a LaTeX table has no summary line that would
    title = "Memory (float16)"
    assert (
        rf"\# & Name & Type & Input & Output & Params & MACs & RF & Jump & Start & {title} & Notes \\" in out
    )
    assert (
        r"2 & c2 & conv & 2$\times$6$\times$6 & 2$\times$4$\times$4 & 38 & 576 & 5 & 1 & 2 & 64 B &  \\"
        in out
    )
    # the totals keep their cells under Output, Params and MACs; 20 + 38 = 58 params, 648 + 576 MACs
    assert r"& 2$\times$4$\times$4 & 58 & 1,224 &  &  &  &  & \\" in out


def test_html_gains_the_columns_and_the_memory_at_that_precision(write_spec) -> None:  # type: ignore[no-untyped-def]
    out = cli(str(write_spec(TWO_CONVS)), "--format", "html", "--rf", "--dtype", "float16").stdout
    titles = ("RF", "Jump", "Start", "Memory (float16)")  # the column says its precision
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
    assert rows[0] == [*header.split(","), "rf_size", "rf_jump", "rf_start", "memory_bytes", "dtype"]
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
        "float16",  # the precision the 64 bytes are counted at (2·4·4 values · 2 B)
    ]
    only_rf = list(csv.reader(io.StringIO(cli(str(write_spec(TWO_CONVS)), "--format", "csv", "--rf").stdout)))
    assert only_rf[0][-3:] == ["rf_size", "rf_jump", "rf_start"] and only_rf[1][-3:] == ["3", "1", "1"]


def test_csv_warnings_are_the_english_sentence(write_spec) -> None:  # type: ignore[no-untyped-def]
    # (7 − 3)/3 + 1 = 7/3 ≈ 2.33: not whole, the stride does not fit (floored to 2), on both axes
    path = write_spec("input: [1, 7, 7]\nlayers:\n  - {type: conv, filters: 1, kernel: 3, stride: 3}\n")
    rows = list(csv.reader(io.StringIO(cli(str(path), "--format", "csv").stdout)))
    assert rows[1][9].count("7/3 ≈ 2.33, floored to 2") == 2 and "stride does not fit on axis 2" in rows[1][9]


# Blocks in blocks (an inner conv-batchnorm-relu; an outer of three inners and an add), folded by
# --depth 0 into one row per top-level block. Worked by hand:
# stem: (3·3·3 + 1)·8 = 224 params; MACs 8·32·32·3·3·3 = 221,184.
# inner at f = 8 on 8×32×32: conv (3·3·8 + 1)·8 = 584, batchnorm 4·8 = 32 (γ, β trainable; the
#   running mean and variance not): 616 params, 600 trainable; MACs 8·32·32·3·3·8 = 589,824.
# outer = 3 inners + add (no params, no MACs): 10 layers; stage = outer ×2: 20 layers (2–21),
#   2·3·616 = 3,696 params (3,600 trainable), 2·3·589,824 = 3,538,944 MACs; 8×32×32 in and out.
# maxpool 2: 8×16×16 (layer 22). inner at f = 16 on 8×16×16 (23–25): conv (3·3·8 + 1)·16 = 1,168,
#   batchnorm 4·16 = 64: 1,232 params (1,168 + 32 = 1,200 trainable); MACs 16·16·16·3·3·8 = 294,912.
# global_avgpool: 16 (26); dense (16 + 1)·10 = 170 params, 160 MACs (27).
NESTED = """\
name: nested
input: [3, 32, 32]
blocks:
  inner: {params: {f: null}, layers: [{type: conv, filters: "${f}", kernel: 3, padding: 1},
                                      {type: batchnorm}, {type: relu}]}
  outer: {params: {f: null}, layers: [{block: inner, f: "${f}", name: i1},
                                      {block: inner, f: "${f}", repeat: 2, name: i2},
                                      {type: add, inputs: [i1, i2]}]}
layers:
  - {type: conv, filters: 8, kernel: 3, padding: 1, name: stem}
  - {block: outer, f: 8, repeat: 2, name: stage}
  - {type: maxpool, kernel: 2}
  - {block: inner, f: 16}
  - {type: global_avgpool}
  - {type: dense, units: 10}
"""
# The folded rows' (index, name, type, params, MACs) as every tabular format must show them.
FOLDED = [
    ("1", "stem", "conv", "224", "221,184"),
    ("2–21", "▸ stage", "outer ×2", "3,696", "3,538,944"),
    ("22", "maxpool_1", "maxpool", "0", "0"),
    ("23–25", "▸ inner_1", "inner", "1,232", "294,912"),
    ("26", "global_avgpool_1", "global_avgpool", "0", "0"),
    ("27", "dense_1", "dense", "170", "160"),
]


def test_depth_folds_markdown_as_the_table(write_spec) -> None:  # type: ignore[no-untyped-def]
    out = cli(str(write_spec(NESTED)), "--format", "markdown", "--depth", "0").stdout
    lines = [line for line in out.splitlines() if line.startswith("| ") and not line.startswith("| #")]
    cells = [[cell.strip() for cell in line.strip("| ").split(" | ")] for line in lines]
    shown = [(c[0], c[1], c[2], c[6], c[7]) for c in cells]  # #, Name, Type, Params, MACs
    assert shown == [(i, n.replace("_", r"\_"), k.replace("_", r"\_"), p, m) for i, n, k, p, m in FOLDED]
    assert "| 2–21 | ▸ stage | outer ×2 | stem | 8×32×32 | 8×32×32 | 3,696 | 3,538,944 | 20 layers |" in out
    assert (
        "| 23–25 | ▸ inner\\_1 | inner | maxpool\\_1 | 8×16×16 | 16×16×16 | 1,232 | 294,912 | 3 layers |"
        in out
    )
    assert len(lines) == len(FOLDED) and "i1" not in out  # 6 rows (no input row), nothing inside
    assert "**Total params:** 5,322 (trainable 5,194, non-trainable 128)" in out  # 224+3,696+1,232+170


def test_depth_folds_the_markdown_table_above_the_working(write_spec) -> None:  # type: ignore[no-untyped-def]
    out = cli(str(write_spec(NESTED)), "--explain", "--format", "markdown", "--depth", "0").stdout
    table = out[: out.index("```")]
    assert "| 2–21 | ▸ stage | outer ×2 |" in table and "stage.0.i1" not in table
    assert sum(1 for line in table.splitlines() if line.startswith("| ") and not line.startswith("| #")) == 6


def test_depth_folds_latex_and_html_as_the_table(write_spec) -> None:  # type: ignore[no-untyped-def]
    latex = cli(str(write_spec(NESTED)), "--format", "latex", "--depth", "0").stdout
    row = r"2--21 & $\triangleright$ stage & outer $\times$2 & stem & "
    row += r"8$\times$32$\times$32 & 8$\times$32$\times$32"
    assert row + r" & 3,696 & 3,538,944 & 20 layers \\" in latex
    # the input row, 6 rows, the totals: 8 lines ending in \\ (the header is the 9th)
    assert latex.count("\\\\\n") == 1 + 1 + len(FOLDED) + 1 and "i1" not in latex
    html = cli(str(write_spec(NESTED)), "--format", "html", "--depth", "0").stdout
    assert html.count("<tr>") + html.count("<tr ") == 1 + 1 + len(FOLDED)  # header, input, rows
    for index, name, kind, params, macs in FOLDED:
        cells = f'<td class="num">{index}</td><td>{name}</td><td>{kind}</td>'
        assert cells in html
        assert f'<td class="num">{params}</td><td class="num">{macs}</td>' in html
    assert "i1" not in html


def test_depth_folds_csv_into_well_formed_rows(write_spec) -> None:  # type: ignore[no-untyped-def]
    out = cli(str(write_spec(NESTED)), "--format", "csv", "--depth", "0").stdout
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == (
        [
            "spec",
            "index",
            "name",
            "type",
            "input_shape",
            "output_shape",
            "params",
            "trainable_params",
            "macs",
            "warnings",
            "inputs",
        ]
    )
    # a block's row: its first index, its name, its type as the table shows it, its first layer's
    # input and last layer's output, its summed counts, the inputs it takes from outside
    assert rows[1:] == [
        ["nested", "1", "stem", "conv", "3x32x32", "8x32x32", "224", "224", "221184", "", "input"],
        ["nested", "2", "stage", "outer ×2", "8x32x32", "8x32x32", "3696", "3600", "3538944", "", "stem"],
        ["nested", "22", "maxpool_1", "maxpool", "8x32x32", "8x16x16", "0", "0", "0", "", "stage.1.add_1"],
        [
            "nested",
            "23",
            "inner_1",
            "inner",
            "8x16x16",
            "16x16x16",
            "1232",
            "1200",
            "294912",
            "",
            "maxpool_1",
        ],
        [
            "nested",
            "26",
            "global_avgpool_1",
            "global_avgpool",
            "16x16x16",
            "16",
            "0",
            "0",
            "0",
            "",
            "inner_1.relu_1",
        ],
        ["nested", "27", "dense_1", "dense", "16", "10", "170", "170", "160", "", "global_avgpool_1"],
    ]
    unfolded = list(csv.reader(io.StringIO(cli(str(write_spec(NESTED)), "--format", "csv").stdout)))
    assert len(unfolded) == 1 + 27  # without --depth every layer: 1 + 20 + 1 + 3 + 1 + 1


def test_a_folded_latex_row_is_plain_latex(write_spec) -> None:  # type: ignore[no-untyped-def]
    """The fold marker and the index range are written as LaTeX writes them, not as raw Unicode
    that pdflatex refuses (U+25B8, U+2013)."""
    out = cli(str(SPECS / "resnet18.yaml"), "--format", "latex", "--depth", "1").stdout
    assert "▸" not in out and "–" not in out
    assert r"$\triangleright$ layer1.0" in out
    assert "5--11 &" in out
