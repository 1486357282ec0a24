"""``cnncalc draw``: the SVG parsed back, element by element, and the HTML page around it."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET
from pathlib import Path

from cnncalc.engine.calculator import calculate
from cnncalc.render.svg import PALETTE, layout, render_svg
from cnncalc.spec.validate import load_spec
from tests.conftest import ROOT, SPECS
from tests.conftest import run_cli as cli

SVG = "{http://www.w3.org/2000/svg}"


def result_of(name: str):
    spec, document = load_spec(SPECS / name)
    return calculate(spec, document.stem)


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg.encode("utf-8"))


def layer_groups(root: ET.Element) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if "layer" in (g.get("class") or "").split()]


def texts(element: ET.Element) -> list[str]:
    return [t.text or "" for t in element.iter(f"{SVG}text")]


def test_lenet5_reads_like_the_slides() -> None:
    root = parse(render_svg(result_of("lenet5.yaml")))
    groups = layer_groups(root)
    # The input and the seven layers of the seeds' LeNet-5, each its own block.
    assert len(groups) == 8
    labels = [texts(g) for g in groups]
    assert labels[0][:2] == ["input", "1@32×32"]
    # The seeds: C1 6@28×28 with (5·5·1 + 1)·6 = 156 parameters; S2 6@14×14; C3 16@10×10 with
    # (5·5·6 + 1)·16 = 2,416; C5 with (5·5·16 + 1)·120 = 48,120.
    assert labels[1][:2] == ["C1", "6@28×28"]
    assert "conv 5×5 /1, tanh" in labels[1] and "156 params" in labels[1]
    assert labels[2][:2] == ["S2", "6@14×14"]
    assert labels[3][:2] == ["C3", "16@10×10"] and "2,416 params" in labels[3]
    assert "48,120 params" in labels[5]
    # MACs: 6·784·25 + 16·100·150 + 120·400 + 120·84 + 84·10 = 416,520 → 416.5K (pools count none).
    assert "61,706 params · 416.5K MACs · output 10×1×1" in texts(root)


def test_channels_are_stacked_sheets_and_sizes_shrink() -> None:
    diagram = layout(result_of("lenet5.yaml"))
    c1, s2, c3 = diagram.volumes[1:4]
    assert (c1.sheets, c3.sheets) == (5, 6)  # more channels, more sheets
    assert c1.height > s2.height > c3.height  # 28 > 14 > 10
    groups = layer_groups(parse(render_svg(result_of("lenet5.yaml"))))
    assert len(list(groups[1].iter(f"{SVG}rect"))) == 5


def test_volumes_and_labels_do_not_overlap() -> None:
    for name in ("lenet5.yaml", "alexnet.yaml", "vgg16.yaml"):
        diagram = layout(result_of(name))
        for a, b in itertools.pairwise(diagram.volumes):
            if (a.row, a.lane) == (b.row, b.lane):
                assert a.x + a.extent < b.x
        assert diagram.volumes[-1].x + diagram.volumes[-1].extent <= diagram.width


def test_activations_and_dropout_fold_into_the_block_before() -> None:
    diagram = layout(result_of("alexnet.yaml"))
    keys = [v.key for v in diagram.volumes]
    assert "relu_1" not in keys and "dropout_1" not in keys
    conv1 = diagram.volumes[keys.index("conv1")]
    assert "+ relu" in conv1.below
    # input + 5 convs + 3 max pools + adaptive avgpool + flatten + 3 linears
    assert len(diagram.volumes) == 14
    assert len(diagram.arrows) == 13


def test_a_flagged_layer_is_drawn_in_the_warning_colour() -> None:
    root = parse(render_svg(result_of("stride_mismatch.yaml")))
    flagged = [g for g in layer_groups(root) if "flagged" in (g.get("class") or "")]
    assert len(flagged) == 1
    fills = {r.get("fill") for r in flagged[0].iter(f"{SVG}rect")}
    assert PALETTE["warning"][0] in fills
    # (7 − 3)/3 + 1 = 7/3 ≈ 2.33, floored to 2 (the seeds' stride 3 example).
    assert any("7/3 ≈ 2.33 → 2" in t for t in texts(flagged[0]))


def test_cli_writes_svg_and_html(tmp_path: Path) -> None:
    svg_path, html_path = tmp_path / "net.svg", tmp_path / "net.html"
    result = cli("draw", str(SPECS / "lenet5.yaml"), "-o", str(svg_path))
    assert result.returncode == 0, result.stderr
    assert len(layer_groups(parse(svg_path.read_text(encoding="utf-8")))) == 8
    result = cli("draw", str(SPECS / "lenet5.yaml"), "-o", str(html_path))
    assert result.returncode == 0, result.stderr
    page = html_path.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert page.count("<svg") == 1 and "<table>" in page and "<?xml" not in page
    assert "61,706" in page


def test_cli_svg_to_stdout() -> None:
    result = cli("draw", str(SPECS / "cs231n_conv.yaml"))
    assert result.returncode == 0
    labels = texts(parse(result.stdout))
    # CS231n: 32×32×3, ten 5×5 filters, stride 1, pad 2 → 10@32×32 with 760 parameters.
    assert "10@32×32" in labels and "760 params" in labels


def test_cli_draw_bad_spec_is_one_line_exit_2(write_spec) -> None:
    result = cli("draw", str(write_spec("input: [1, 8, 8]\nlayers: []\n")))
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_the_readme_diagram_is_up_to_date() -> None:
    # Regenerate with: cnncalc draw specs/lenet5.yaml -o docs/lenet5.svg
    shipped = (ROOT / "docs" / "lenet5.svg").read_text(encoding="utf-8")
    assert shipped == render_svg(result_of("lenet5.yaml"))


def test_a_long_chain_wraps_onto_rows_with_one_arrow_between_them() -> None:
    diagram = layout(result_of("vgg16.yaml"))
    rows = {v.row for v in diagram.volumes}
    assert len(rows) > 1
    wraps = [a for a in diagram.arrows if a.kind == "wrap"]
    assert len(wraps) == len(rows) - 1
    # Every row starts at the left margin and stays within the page.
    for row in rows:
        members = [v for v in diagram.volumes if v.row == row]
        assert min(v.x for v in members) < 60
        assert max(v.x + v.extent for v in members) <= diagram.width
    # A chain has one arrow into each volume but the input.
    assert len(diagram.arrows) == len(diagram.volumes) - 1


def test_resnet18_reads_like_the_paper_figure() -> None:
    result = result_of("resnet18.yaml")
    diagram = layout(result)
    keys = [v.key for v in diagram.volumes]
    # torchvision's BasicBlock: conv1 and conv2 with their batch norm and relu folded in, then ⊕;
    # the first block of layers 2–4 has a 1×1 projection (downsample) on a lane below.
    adds = [v for v in diagram.volumes if v.kind == "add"]
    assert len(adds) == 8
    projections = [v for v in diagram.volumes if v.key.endswith("downsample.0")]
    assert len(projections) == 3 and all(v.lane == 1 for v in projections)
    assert "layer1.0.bn1" not in keys and "layer1.0.relu_out" not in keys
    assert len(diagram.volumes) == 1 + 2 + 8 * 3 + 3 + 3  # input, stem, blocks, projections, head
    # Five identity shortcuts drop onto their ⊕ from above (over the block, or from the row
    # above); the three projections' arrows go down to them and back up into the ⊕.
    onto_from_above = [
        a for a in diagram.arrows if a.end[0] == a.points[-2][0] and a.end[1] > a.points[-2][1]
    ]
    assert len(onto_from_above) == 5
    assert {a.kind for a in onto_from_above} <= {"skip", "wrap"}
    into = [a for a in diagram.arrows for v in projections if a.end == (v.x - 4, v.centre_y)]
    out_of = [a for a in diagram.arrows for v in projections if a.start == (v.x + v.extent + 2, v.centre_y)]
    assert len(into) == len(out_of) == 3
    assert len({v.row for v in diagram.volumes}) > 1
    root = parse(render_svg(result))
    assert len([c for c in root.iter(f"{SVG}circle")]) == 8


def test_inception_branches_stack_on_lanes_into_the_concat() -> None:
    diagram = layout(result_of("inception_3a.yaml"))
    concat = diagram.volumes[-1]
    assert len(concat.inputs) == 4
    lanes = {diagram_volume.lane for diagram_volume in diagram.volumes}
    assert lanes == {0, 1, 2, 3}
    # concat: 64 + 128 + 32 + 32 = 256 channels (GoogLeNet's inception (3a)).
    assert concat.shape[0] == 256


def test_depth_draws_each_block_as_one_volume() -> None:
    result = result_of("resnet18.yaml")
    stages = layout(result, depth=0)
    assert [v.key for v in stages.volumes] == [
        "input", "conv1", "maxpool", "layer1", "layer2", "layer3", "layer4", "avgpool", "flatten_1", "fc"
    ]  # fmt: skip
    layer2 = stages.volumes[4]
    assert layer2.shape == (128, 28, 28)
    # layer2 of ResNet-18, by hand: convs 3·3·64·128 + 3·3·128·128 + 1·1·64·128 (projection)
    # + 2·3·3·128·128 = 524,288 weights, and five batch norms of 4·128 (γ, β, running mean and
    # variance, as the core counts them): 524,288 + 5·512 = 526,848.
    assert "526,848 params" in layer2.below
    blocks = layout(result, depth=1)
    assert len([v for v in blocks.volumes if v.kind in ("block", "warning") and "." in v.key]) == 8
    assert len(layer_groups(parse(render_svg(result, depth=1)))) == len(blocks.volumes)


def test_the_readme_resnet18_diagram_is_up_to_date() -> None:
    # Regenerate with: cnncalc draw specs/resnet18.yaml -o docs/resnet18.svg
    shipped = (ROOT / "docs" / "resnet18.svg").read_text(encoding="utf-8")
    assert shipped == render_svg(result_of("resnet18.yaml"))


def test_keras_convention_labels_shapes_channels_last(tmp_path: Path) -> None:
    result = cli("draw", str(SPECS / "lenet5.yaml"), "--convention", "keras")
    labels = texts(parse(result.stdout))
    assert "28×28×6" in labels and "6@28×28" not in labels
