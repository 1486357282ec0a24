"""cnncalc on ONNX files, against ONNX itself: every layer's output shape equals what
``onnx.shape_inference.infer_shapes`` gives the node of that name, the output equals onnxruntime's,
and the total equals the float initializers the layers read (each recorded by the tools
``tools/onnx_reference.py`` and ``tools/onnx_test_files.py`` in ``tests/reference/onnx/``, which use
none of cnncalc's code). The files of ``tests/data/onnx/`` are real torch exports of torchvision
models with their weights left out (external data that is not shipped), and small graphs built
with ``onnx.helper``: the tests need neither torch nor onnx."""

from __future__ import annotations

import json
from importlib.util import find_spec, module_from_spec, spec_from_file_location
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT, run_cli

DATA = ROOT / "tests" / "data" / "onnx"
REFERENCE = ROOT / "tests" / "reference" / "onnx"
# The torchvision exports tools/onnx_reference.py recorded (the others are onnx.helper's graphs).
ZOO = sorted(p.stem for p in REFERENCE.glob("*.json") if '"torchvision"' in p.read_text(encoding="utf-8"))


def _json(path: Path, *args: str) -> dict[str, Any]:
    done = run_cli(str(path), "--format", "json", *args)
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def _tool(name: str) -> Any:
    """A module of tools/ (not a package), loaded from its file."""
    location = spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    assert location is not None and location.loader is not None
    module = module_from_spec(location)
    location.loader.exec_module(module)
    return module


# The tools' own comparison, by node name (a split read from a Slice holds the slice among its parts).
_compare = _tool("onnx_compare").compare


def test_the_zoo_exports_are_shipped() -> None:
    assert {"resnet18", "mobilenet_v2", "densenet121", "shufflenet_v2_x1_0"} <= set(ZOO)


def test_every_zoo_model_is_checked_through_onnx() -> None:
    """Each torchvision model of zoo/ has its export's reference and weightless copy (a model
    added to the zoo: run tools/onnx_reference.py on it)."""
    zoo = {path.stem for path in (ROOT / "zoo").glob("*.yaml")}
    assert len(zoo) >= 78 and zoo - set(ZOO) == set()
    assert [m for m in ZOO if not (DATA / f"{m}.onnx").exists()] == []


@pytest.mark.parametrize("model", ZOO)
def test_a_torchvision_export_has_onnx_s_shapes_and_initializers(model: str) -> None:
    reference = json.loads((REFERENCE / f"{model}.json").read_text(encoding="utf-8"))
    result = _json(DATA / f"{model}.onnx")
    compared, wrong = _compare(result["layers"], reference["runtime_shapes"])
    assert wrong == []
    # Every layer is a node of the file (nodes that only compute shapes are folded away).
    assert compared == len(result["layers"])
    inferred, wrong = _compare(result["layers"], reference["shapes"])
    assert wrong == [] and inferred > len(result["layers"]) // 3
    assert result["total_params"] == reference["initializers_each_use"] == reference["initializers"]
    assert result["layers"][-1]["output_shape"] == reference["runtime_output"]


@pytest.mark.parametrize(
    "model", [m for m in ZOO if (ROOT / "tests" / "reference" / "zoo" / f"{m}.json").exists()]
)
def test_an_export_s_macs_are_flopcountermode_s_for_the_model(model: str) -> None:
    """Folding a batch norm into a conv adds no multiply-accumulate: the export's MACs are the
    model's, as tools/zoo_reference.py recorded them (FlopCounterMode's count, halved, eval mode)."""
    reference = json.loads((REFERENCE / f"{model}.json").read_text(encoding="utf-8"))
    zoo = json.loads((ROOT / "tests" / "reference" / "zoo" / f"{model}.json").read_text(encoding="utf-8"))
    assert zoo["input"] == reference["input"]  # exported at the weights' size, as the zoo measured
    if zoo.get("options", {}).get("aux_loss"):
        pytest.skip("the zoo's reference runs the auxiliary head, which the export leaves out")
    assert _json(DATA / f"{model}.onnx")["total_macs"] == zoo["macs"]


def test_most_ops_against_onnx_shape_inference() -> None:
    reference = json.loads((REFERENCE / "ops.json").read_text(encoding="utf-8"))
    result = _json(DATA / "ops.onnx")
    for shapes in (reference["shapes"], reference["runtime_shapes"]):
        compared, wrong = _compare(result["layers"], shapes)
        assert wrong == [] and compared == len(result["layers"]) == 30
    # The file's float initializers less what is no weight: Clip's min (1) and Resize's scales (4).
    assert result["total_params"] == reference["initializers"] - 5
    assert result["layers"][-1]["output_shape"] == reference["runtime_output"]
    kinds = {layer["name"]: layer["type"] for layer in result["layers"]}
    assert (kinds["relu6"], kinds["shuffle"], kinds["se_pool"], kinds["layer_scale"]) == (
        "relu6",
        "channel_shuffle",
        "adaptive_avgpool",
        "scale",
    )
    assert "fc1_bias" not in kinds and kinds["fc1"] == "dense"  # MatMul + Add: one dense layer


def test_a_layer_norm_below_opset_17_is_one_layernorm_layer() -> None:
    """torch.onnx writes nn.LayerNorm as ReduceMean, Sub, Pow, ReduceMean, Add, Sqrt, Div (Mul,
    Add) before opset 17 (ConvNeXt at opset 13): one layernorm layer, named as the first mean,
    with ONNX's shapes and the file's γ and β (onnx_test_files.layernorm_model)."""
    reference = json.loads((REFERENCE / "layernorm_decomposed.json").read_text(encoding="utf-8"))
    path = DATA / "layernorm_decomposed.onnx"
    result = _json(path)
    for shapes in (reference["shapes"], reference["runtime_shapes"]):
        compared, wrong = _compare(result["layers"], shapes)
        assert wrong == [] and compared == len(result["layers"])
    kinds = [(layer["name"], layer["type"]) for layer in result["layers"]]
    assert kinds == [
        ("conv", "conv"),
        ("to_last", "permute"),
        ("ln_mean", "layernorm"),
        ("to_first", "permute"),
        ("plain_mean", "layernorm"),
        ("relu", "relu"),
    ]
    # 8·3·3·3 (the conv, no bias) + 8 + 8 (γ, β) = 232: the file's initializers.
    assert result["total_params"] == reference["initializers"] == 232
    assert result["layers"][-1]["output_shape"] == reference["runtime_output"]
    spec = yaml.safe_load(run_cli("import", str(path)).stdout)
    norms = [layer for layer in spec["layers"] if layer["type"] == "layernorm"]
    assert norms[0]["eps"] == 1e-6 and norms[0]["normalized_shape"] == [8]
    assert norms[1]["elementwise_affine"] is False and norms[1]["normalized_shape"] == [6]


def test_a_keras_export_s_channels_last_transposes_are_read() -> None:
    # tf2onnx's way: N×H×W×C in, Transpose to N×C×H×W for the conv, back before the flatten.
    reference = json.loads((REFERENCE / "channels_last.json").read_text(encoding="utf-8"))
    result = _json(DATA / "channels_last.onnx")
    compared, wrong = _compare(result["layers"], reference["shapes"])
    assert wrong == [] and compared == len(result["layers"]) == 4
    assert result["input_shape"] == [3, 8, 8]
    # conv (3·3·3 + 1)·8 = 224; dense (6·6·8 + 1)·5 = 1,445.
    assert result["total_params"] == reference["initializers"] == 224 + 1445


def test_a_shared_initializer_is_counted_in_each_layer_and_said() -> None:
    spec = yaml.safe_load(run_cli("import", str(DATA / "shared.onnx")).stdout)
    # Two 1×1 convs of 3 → 4 channels read the one weight 'w' (4·3 = 12 values): 24 counted.
    assert _json(DATA / "shared.onnx")["total_params"] == 24
    assert "Initializers shared by several layers (1, such as 'w')" in spec["description"]
    assert "holds 12 values fewer" in spec["description"]


def test_a_graph_of_two_outputs_says_which_the_table_ends_with() -> None:
    spec = yaml.safe_load(run_cli("import", str(DATA / "two_outputs.onnx")).stdout)
    assert [layer["name"] for layer in spec["layers"]] == ["conv", "relu", "gate"]
    assert (
        "The graph's outputs are 'relu', 'gate'; the table's output is the last layer's, 'gate'."
        in (spec["description"])
    )


def test_an_op_by_one_number_is_no_layer_and_is_said() -> None:
    spec = yaml.safe_load(run_cli("import", str(DATA / "by_constant.onnx")).stdout)
    # conv → ·0.5 → /√2 → relu: the relu reads the conv's output, counted as it is.
    assert [layer["name"] for layer in spec["layers"]] == ["conv", "relu"]
    assert "inputs" not in spec["layers"][1]
    assert "2 nodes (such as 'halved') add, multiply or divide by one number" in spec["description"]


def test_torch_s_gelu_of_erf_is_one_gelu_layer() -> None:
    # nn.GELU before opset 20: x·½(1 + erf(x/√2)), five nodes; one layer, 0 parameters.
    layers = _json(DATA / "gelu.onnx")["layers"]
    assert [(x["name"], x["type"]) for x in layers] == [
        ("conv", "conv"),
        ("erf", "gelu"),
        ("pool", "maxpool"),
    ]
    assert layers[2]["inputs"] == ["erf"] and layers[2]["output_shape"] == [4, 4, 4]


def test_import_writes_the_spec_that_computes_the_same(tmp_path: Path) -> None:
    out = tmp_path / "ops.yaml"
    done = run_cli("import", str(DATA / "ops.onnx"), "-o", str(out))
    assert done.returncode == 0, done.stderr
    spec = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert spec["input"] == [3, 32, 32] and spec["layers"][0]["name"] == "conv1"
    # Constants that are only shapes are folded: the Reshape's target is no layer, nor the Constant.
    assert not {"six_c", "view", "unview"} & {layer["name"] for layer in spec["layers"]}
    from_yaml, from_onnx = _json(out), _json(DATA / "ops.onnx")
    assert from_yaml["total_params"] == from_onnx["total_params"] == 1782
    assert [x["output_shape"] for x in from_yaml["layers"]] == [
        x["output_shape"] for x in from_onnx["layers"]
    ]


@pytest.mark.parametrize("model", ["shufflenet_v2_x1_0", "efficientnet_b0", "fcn_resnet50", "convnext_tiny"])
def test_an_imported_export_computes_as_the_file(model: str, tmp_path: Path) -> None:
    out = tmp_path / f"{model}.yaml"
    assert run_cli("import", str(DATA / f"{model}.onnx"), "-o", str(out)).returncode == 0
    from_yaml, from_onnx = _json(out), _json(DATA / f"{model}.onnx")
    for key in ("total_params", "total_macs", "output_shape"):
        assert from_yaml[key] == from_onnx[key], key


@pytest.mark.parametrize(
    "args",
    [
        ("--explain",),
        ("--rf",),
        ("--format", "markdown"),
        ("--format", "csv"),
        ("check",),
        ("draw",),
        ("export", "--to", "pytorch"),
    ],
)
def test_every_command_reads_an_onnx_file(args: tuple[str, ...]) -> None:
    path = str(DATA / "resnet18.onnx")
    command = [*args[:1], path, *args[1:]] if args[0] in ("check", "draw", "export") else [path, *args]
    done = run_cli(*command)
    assert done.returncode in (0, 1), done.stderr  # check: 1 when the stride flags fail it
    assert done.stdout and "Traceback" not in done.stderr


def test_the_description_says_what_the_file_holds() -> None:
    spec = yaml.safe_load(run_cli("import", str(DATA / "resnet18.onnx")).stdout)
    # resnet18: 11,689,512 parameters in PyTorch; the export folds each batch norm (4·C values, of
    # which running statistics 2·C) into the conv before it (C biases): 11,689,512 − 9,600 + 4,800.
    assert "hold 11,684,712 values" in spec["description"]
    assert "pytorch" in spec["description"] and "opset 17" in spec["description"]


def test_the_table_and_json_say_what_the_file_holds() -> None:
    # The folded batch norms change the count: the user reading the table must be told so.
    table = run_cli(str(DATA / "resnet18.onnx"))
    assert "Read from an ONNX file" in table.stdout and "batch norm folded in" in table.stdout
    data = json.loads(run_cli(str(DATA / "resnet18.onnx"), "--format", "json").stdout)
    assert "hold 11,684,712 values" in data["description"]


def test_a_spec_s_description_is_said_and_escaped(write_spec) -> None:
    path = write_spec('description: "two\\x1b[31m lines"\ninput: [1, 8, 8]\nlayers:\n  - {type: relu}\n')
    table = run_cli(str(path))
    assert "two\\x1b[31m lines" in table.stdout and "\x1b" not in table.stdout
    assert json.loads(run_cli(str(path), "--format", "json").stdout)["description"] == "two\x1b[31m lines"


def test_a_transpose_is_a_permute() -> None:
    # ConvNeXt's Permute([0, 2, 3, 1]) exports as this Transpose: the 4×8×8 conv output as 8×8×4
    # (read by a ReLU: not the channels-last Transpose before a flatten or the output of tf2onnx's).
    done = run_cli(str(DATA / "channels_last_block.onnx"), "--format", "json")
    assert done.returncode == 0, done.stderr
    layer = json.loads(done.stdout)["layers"][1]
    assert (layer["name"], layer["type"], layer["output_shape"]) == ("to_last", "permute", [8, 8, 4])


def test_a_symbolic_batch_is_set_to_1_with_a_note() -> None:
    done = run_cli("import", str(DATA / "symbolic_batch.onnx"))
    assert done.returncode == 0, done.stderr
    spec = yaml.safe_load(done.stdout)
    assert spec["input"] == [3, 8, 8] and "batch" not in spec
    assert "The batch axis of 'x' is N: set to 1." in spec["description"]


@pytest.mark.parametrize(
    ("file", "says"),
    [
        ("cycle.onnx", "node 1 of 2 (a, Add): it is on a cycle"),
        ("dangling.onnx", "node 2 of 2 (add, Add): its input 'ghost' is made by no node"),
        ("unsupported_op.onnx", "node 2 of 2 (einsum, Einsum): this op is not one cnncalc reads yet"),
        (
            "transpose.onnx",
            "node 2 of 2 (swap, Transpose): dims [1, 0, 2, 3] moves the batch axis",
        ),
        ("two_inputs.onnx", "the graph has 2 inputs besides its initializers ('x', 'y')"),
        ("centred.onnx", "node 2 of 4 (mean, ReduceMean): a reduction over axes [-1]"),
    ],
)
def test_a_graph_cnncalc_cannot_read_is_one_line_naming_the_node(file: str, says: str) -> None:
    done = run_cli(str(DATA / file))
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and done.stderr.startswith(f"error: {DATA / file}: ")
    assert says in done.stderr


def test_errors_in_korean() -> None:
    done = run_cli(str(DATA / "unsupported_op.onnx"), "--lang", "ko")
    assert "노드 2/2 (einsum, Einsum): cnncalc가 아직 읽지 못하는 연산이다" in done.stderr


def _bad(tmp_path: Path, data: bytes) -> str:
    path = tmp_path / "model.onnx"
    path.write_bytes(data)
    done = run_cli(str(path))
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    return done.stderr


def test_a_truncated_file_is_said_so(tmp_path: Path) -> None:
    whole = (DATA / "resnet18.onnx").read_bytes()
    for cut in (len(whole) // 3, len(whole) - 7):
        assert "the protobuf is cut short at byte" in _bad(tmp_path, whole[:cut])


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,  # an image named .onnx
        b"name: lenet\ninput: [1, 28, 28]\n",  # a spec named .onnx
        bytes([0x0F]) * 64,  # wire type 7: no protobuf
    ],
)
def test_bytes_that_are_no_onnx_model_are_one_line(tmp_path: Path, data: bytes) -> None:
    said = _bad(tmp_path, data)
    assert "not an ONNX model" in said or "cut short" in said


def test_an_empty_file(tmp_path: Path) -> None:
    assert "empty" in _bad(tmp_path, b"")


def test_the_weights_are_never_read() -> None:
    # Every float initializer of the shipped exports is in an external file that does not exist.
    assert not list(DATA.glob("*.weights-not-shipped"))
    assert (DATA / "resnet18.onnx").stat().st_size < 64 * 1024


@pytest.mark.skipif(find_spec("onnx") is None, reason="the onnx package is not installed")
def test_the_wire_reader_reads_what_onnx_load_reads() -> None:
    """cnncalc's protobuf reader against the onnx package's, on every shipped file: the nodes
    (names, ops, edges, attributes' values), the initializers' dims and types, the inputs' shapes."""
    import onnx
    from onnx import helper

    from cnncalc.importers.onnx_wire import read_model

    for path in DATA.glob("*.onnx"):
        theirs = onnx.load(str(path), load_external_data=False)
        ours = read_model(path.read_bytes())
        assert ours.ir_version == theirs.ir_version and ours.producer == theirs.producer_name
        assert ours.opsets == {o.domain: o.version for o in theirs.opset_import}
        assert ours.graph is not None
        for mine, node in zip(ours.graph.nodes, theirs.graph.node, strict=True):
            assert (mine.name, mine.op_type, mine.inputs, mine.outputs) == (
                node.name,
                node.op_type,
                list(node.input),
                list(node.output),
            )
            for attribute in node.attribute:
                value = helper.get_attribute_value(attribute)
                if isinstance(value, list) and all(isinstance(v, int) for v in value):
                    assert mine.attributes[attribute.name].value() == (value or None)
                elif isinstance(value, (int, bytes)):
                    assert mine.attributes[attribute.name].value() == value
        dims = {t.name: (tuple(t.dims), t.data_type) for t in theirs.graph.initializer}
        assert {n: (t.dims, t.data_type) for n, t in ours.graph.initializers.items()} == dims
        shapes = [
            [d.dim_value or d.dim_param for d in i.type.tensor_type.shape.dim] for i in theirs.graph.input
        ]
        assert [i.dims for i in ours.graph.inputs] == shapes


def test_mutated_files_are_read_or_refused_in_one_line(tmp_path: Path) -> None:
    """Bytes flipped, dropped or cut anywhere in a real file: a spec or a SpecError, never another
    exception (a hostile file must not reach a traceback)."""
    import random

    from cnncalc.errors import SpecError
    from cnncalc.importers.onnx import read

    whole = (DATA / "ops.onnx").read_bytes()
    rng = random.Random(14)
    path = tmp_path / "mutant.onnx"
    outcomes = set()
    for _ in range(400):
        data = bytearray(whole)
        for _ in range(rng.randint(1, 4)):
            at = rng.randrange(len(data))
            data[at] = rng.randrange(256)
        if rng.random() < 0.3:
            del data[rng.randrange(len(data)) :]
        path.write_bytes(bytes(data))
        try:
            read(path)
            outcomes.add("read")
        except SpecError as exc:
            assert len(exc.problems) == 1 and "\n" not in str(exc.problems[0])
            outcomes.add("refused")
    assert outcomes == {"read", "refused"}
