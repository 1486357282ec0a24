"""The small ONNX files of ``tests/data/onnx/``, built with ``onnx.helper``, and ONNX's answers for them.

``ops.onnx`` holds one node of most ops cnncalc reads (Conv with groups and dilation, ConvTranspose,
BatchNormalization, pools, Clip as ReLU6, a squeeze-excitation Mul, ShuffleNet's Reshape–Transpose–
Reshape, Split, a channel Slice, Resize, Pad, LRN, LayerNormalization, ReduceMean, MatMul + Add,
Gemm…); ``tests/reference/onnx/ops.json`` records each node's output shapes by
``onnx.shape_inference.infer_shapes``, the initializers' count and onnxruntime's output shape, for the
tests to compare cnncalc with (it uses none of cnncalc's code). The broken files (a cycle, a dangling
input, an op cnncalc does not read, a general Transpose, two graph inputs) and ``symbolic_batch.onnx``
are built here too. Run with onnx and onnxruntime::

    /tmp/venv-emit/bin/python tools/onnx_test_files.py
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import onnx
import onnxruntime
from onnx import TensorProto, helper, numpy_helper
from onnx_shapes import dump, inferred_shapes, initializer_counts, runtime_shapes

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "onnx"
REFERENCE = ROOT / "tests" / "reference" / "onnx"
RNG = np.random.default_rng(0)


def weight(name: str, *dims: int) -> onnx.TensorProto:
    return numpy_helper.from_array(RNG.standard_normal(dims).astype(np.float32), name)


def ints(name: str, values: list[int]) -> onnx.TensorProto:
    return numpy_helper.from_array(np.array(values, np.int64), name)


def floats(name: str, values: list[float]) -> onnx.TensorProto:
    return numpy_helper.from_array(np.array(values, np.float32), name)


def node(op: str, inputs: list[str], name: str, **attrs: Any) -> onnx.NodeProto:
    return helper.make_node(op, inputs, [name], name=name, **attrs)


def _stem() -> tuple[list[onnx.NodeProto], list[onnx.TensorProto]]:
    """3×32×32 → conv, batch norm, relu6, pools, a grouped dilated conv and a transposed conv."""
    nodes = [
        node("Conv", ["x", "w1", "b1"], "conv1", kernel_shape=[3, 3], pads=[1, 1, 1, 1], strides=[1, 1]),
        node("BatchNormalization", ["conv1", "g1", "be1", "m1", "v1"], "bn1", epsilon=1e-3),
        helper.make_node(
            "Constant", [], ["six"], name="six_c", value=helper.make_tensor("v", TensorProto.FLOAT, [], [6.0])
        ),
        node("Clip", ["bn1", "zero", "six"], "relu6"),
        node("MaxPool", ["relu6"], "pool1", kernel_shape=[3, 3], strides=[2, 2], ceil_mode=1),
        node(
            "Conv",
            ["pool1", "w2"],
            "grouped",
            kernel_shape=[3, 3],
            pads=[2, 2, 2, 2],
            dilations=[2, 2],
            group=4,
        ),
        node("HardSwish", ["grouped"], "hswish"),
        node("ConvTranspose", ["hswish", "wt"], "up", kernel_shape=[2, 2], strides=[2, 2], group=2),
        node("AveragePool", ["up"], "avg", kernel_shape=[2, 2], strides=[2, 2]),
    ]
    inits = [
        weight("w1", 16, 3, 3, 3),
        weight("b1", 16),
        weight("g1", 16),
        weight("be1", 16),
        weight("m1", 16),
        weight("v1", 16),
        floats("zero", [0.0]),
        weight("w2", 16, 4, 3, 3),
        weight("wt", 16, 4, 2, 2),
    ]
    return nodes, inits


def _branches() -> tuple[list[onnx.NodeProto], list[onnx.TensorProto]]:
    """A squeeze-excitation gate, a concat, ShuffleNet's shuffle, a split and a channel slice."""
    nodes = [
        node("GlobalAveragePool", ["avg"], "se_pool"),
        node("Conv", ["se_pool", "ws", "bs"], "se_fc", kernel_shape=[1, 1]),
        node("HardSigmoid", ["se_fc"], "se_gate"),
        node("Mul", ["avg", "se_gate"], "se_scale"),
        node("Concat", ["se_scale", "avg"], "cat", axis=1),
        node("Reshape", ["cat", "shape5"], "view"),
        node("Transpose", ["view"], "shuffle", perm=[0, 2, 1, 3, 4]),
        node("Reshape", ["shuffle", "shape4"], "unview"),
        helper.make_node("Split", ["unview", "halves"], ["s0", "s1"], name="split", axis=1),
        node("Slice", ["s1", "starts", "ends", "axes"], "slice"),
        node("Relu", ["s0"], "relu_a"),
        node("Tanh", ["slice"], "tanh_b"),
        node("Concat", ["relu_a", "tanh_b"], "join", axis=1),
        node("Mul", ["join", "gamma"], "layer_scale"),
    ]
    inits = [
        weight("ws", 8, 8, 1, 1),
        weight("bs", 8),
        ints("shape5", [1, 2, 8, 16, 16]),
        ints("shape4", [1, 16, 16, 16]),
        ints("halves", [8, 8]),
        ints("starts", [2]),
        ints("ends", [6]),
        ints("axes", [1]),
        weight("gamma", 12, 1, 1),
    ]
    return nodes, inits


def _head() -> tuple[list[onnx.NodeProto], list[onnx.TensorProto]]:
    """Resize, pad, LRN, layer norm, a reduce-mean, matmul + add, gemm, softmax."""
    nodes = [
        node("Resize", ["layer_scale", "", "scales"], "resize", mode="linear"),
        node("Pad", ["resize", "pads"], "pad"),
        node("LRN", ["pad"], "lrn", size=3, alpha=2e-4, beta=0.75, bias=2.0),
        node("LayerNormalization", ["lrn", "ln_g", "ln_b"], "ln", axis=-1, epsilon=1e-6),
        node("ReduceMean", ["ln"], "gap", axes=[2, 3], keepdims=0),
        node("Dropout", ["gap"], "drop"),
        node("Identity", ["drop"], "same"),
        node("MatMul", ["same", "wm"], "fc1"),
        node("Add", ["fc1", "bm"], "fc1_bias"),
        node("Sigmoid", ["fc1_bias"], "sig"),
        node("Gemm", ["sig", "wg", "bg"], "fc2", transB=1),
        node("Softmax", ["fc2"], "prob", axis=1),
    ]
    inits = [
        floats("scales", [1.0, 1.0, 2.0, 2.0]),
        ints("pads", [0, 0, 1, 1, 0, 0, 1, 1]),
        weight("ln_g", 34),
        weight("ln_b", 34),
        weight("wm", 12, 12),
        weight("bm", 12),
        weight("wg", 10, 12),
        weight("bg", 10),
    ]
    return nodes, inits


def ops_model() -> onnx.ModelProto:
    nodes, inits = [], []
    for part in (_stem, _branches, _head):
        more_nodes, more_inits = part()
        nodes += more_nodes
        inits += more_inits
    graph = helper.make_graph(
        nodes,
        "ops",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 32, 32])],
        [helper.make_tensor_value_info("prob", TensorProto.FLOAT, [1, 10])],
        inits,
    )
    return helper.make_model(
        graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="onnx_test_files"
    )


def small(
    nodes: list[onnx.NodeProto], inits: list[onnx.TensorProto], inputs: list[Any] | None = None
) -> onnx.ModelProto:
    """A graph of a few nodes on a 1×3×8×8 input (not checked: the broken ones must stay broken)."""
    graph = helper.make_graph(
        nodes,
        "small",
        inputs or [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 8, 8])],
        [helper.make_tensor_value_info(nodes[-1].output[0], TensorProto.FLOAT, None)],
        inits,
    )
    return helper.make_model(
        graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="onnx_test_files"
    )


def small_models() -> dict[str, onnx.ModelProto]:
    """The broken graphs, and a few small ones each testing one thing."""
    w = [weight("w", 4, 3, 1, 1)]
    conv = node("Conv", ["x", "w"], "conv", kernel_shape=[1, 1])
    symbolic = [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 3, 8, 8])]
    two = [
        helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 8, 8]),
        helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 3, 8, 8]),
    ]
    return {
        "cycle": small([node("Add", ["x", "b"], "a"), node("Relu", ["a"], "b")], []),
        "dangling": small([conv, node("Add", ["conv", "ghost"], "add")], w),
        "unsupported_op": small([conv, node("Einsum", ["conv"], "einsum", equation="nchw->nchw")], w),
        "transpose": small([conv, node("Transpose", ["conv"], "swap", perm=[1, 0, 2, 3])], w),
        "channels_last_block": small(
            [
                conv,
                node("Transpose", ["conv"], "to_last", perm=[0, 2, 3, 1]),
                node("Relu", ["to_last"], "relu"),
            ],
            w,
        ),
        "two_inputs": small([node("Add", ["x", "y"], "sum")], [], two),
        "centred": small(  # x − mean(x) over the last axis, no deviation: no layer norm
            [
                conv,
                node("ReduceMean", ["conv"], "mean", axes=[-1]),
                node("Sub", ["conv", "mean"], "centre"),
                node("Relu", ["centre"], "relu"),
            ],
            w,
        ),
        "symbolic_batch": small([conv, node("Relu", ["conv"], "relu")], w, symbolic),
        "two_outputs": _two_outputs(conv, w),
        "gelu": small(
            [
                conv,
                node("Div", ["conv", "root2"], "div"),
                node("Erf", ["div"], "erf"),
                node("Add", ["erf", "one"], "plus1"),
                node("Mul", ["conv", "plus1"], "times_x"),
                node("Mul", ["times_x", "half"], "gelu_out"),
                node("MaxPool", ["gelu_out"], "pool", kernel_shape=[2, 2], strides=[2, 2]),
            ],
            [*w, floats("root2", [1.4142135]), floats("one", [1.0]), floats("half", [0.5])],
        ),
        "by_constant": small(
            [
                conv,
                node("Mul", ["conv", "half"], "halved"),
                node("Div", ["halved", "root2"], "scaled"),
                node("Relu", ["scaled"], "relu"),
            ],
            [*w, floats("half", [0.5]), floats("root2", [1.4142135])],
        ),
        "shared": small(
            [
                conv,
                node("Conv", ["x", "w"], "conv_b", kernel_shape=[1, 1]),
                node("Add", ["conv", "conv_b"], "add"),
            ],
            w,
        ),
    }


def _two_outputs(conv: onnx.NodeProto, w: list[onnx.TensorProto]) -> onnx.ModelProto:
    model = small([conv, node("Relu", ["conv"], "relu"), node("Sigmoid", ["conv"], "gate")], w)
    model.graph.output.insert(0, helper.make_tensor_value_info("relu", TensorProto.FLOAT, None))
    return model


def channels_last_model() -> onnx.ModelProto:
    """As tf2onnx writes a Keras model: N×H×W×C in, transposed for the conv, back before the flatten."""
    nodes = [
        node("Transpose", ["x"], "to_nchw", perm=[0, 3, 1, 2]),
        node("Conv", ["to_nchw", "w", "b"], "conv", kernel_shape=[3, 3]),
        node("Relu", ["conv"], "relu"),
        node("Transpose", ["relu"], "to_nhwc", perm=[0, 2, 3, 1]),
        node("Reshape", ["to_nhwc", "flat"], "flatten"),
        node("Gemm", ["flatten", "wd", "bd"], "dense"),
    ]
    inits = [
        weight("w", 8, 3, 3, 3),
        weight("b", 8),
        ints("flat", [1, -1]),
        weight("wd", 6 * 6 * 8, 5),
        weight("bd", 5),
    ]
    graph = helper.make_graph(
        nodes,
        "keras_model",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 8, 8, 3])],
        [helper.make_tensor_value_info("dense", TensorProto.FLOAT, [1, 5])],
        inits,
    )
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="tf2onnx")


def _layernorm_nodes(x: str, name: str, eps: float, affine: bool) -> list[onnx.NodeProto]:
    """nn.LayerNorm over the last axis as torch.onnx writes it below opset 17 (no
    LayerNormalization op): x − mean, its square's mean + ε, the square root, the division,
    then ·γ + β (the Constants where torch puts them)."""

    def constant(out: str, value: float) -> onnx.NodeProto:
        tensor = helper.make_tensor("v", TensorProto.FLOAT, [], [value])
        return helper.make_node("Constant", [], [out], name=out, value=tensor)

    nodes = [
        node("ReduceMean", [x], f"{name}_mean", axes=[-1]),
        node("Sub", [x, f"{name}_mean"], f"{name}_sub"),
        constant(f"{name}_two", 2.0),
        node("Pow", [f"{name}_sub", f"{name}_two"], f"{name}_pow"),
        node("ReduceMean", [f"{name}_pow"], f"{name}_var", axes=[-1]),
        constant(f"{name}_eps", eps),
        node("Add", [f"{name}_var", f"{name}_eps"], f"{name}_add"),
        node("Sqrt", [f"{name}_add"], f"{name}_sqrt"),
        node("Div", [f"{name}_sub", f"{name}_sqrt"], f"{name}_div"),
    ]
    if affine:
        nodes += [
            node("Mul", [f"{name}_div", f"{name}_gamma"], f"{name}_mul"),
            node("Add", [f"{name}_mul", f"{name}_beta"], f"{name}_out"),
        ]
    return nodes


def layernorm_model() -> onnx.ModelProto:
    """ConvNeXt's channels-last layer norm at opset 13: conv, permute, layer norm (γ, β, ε 1e-6),
    permute back, and a layer norm with no γ and β over the width."""
    nodes = [
        node("Conv", ["x", "w"], "conv", kernel_shape=[3, 3]),
        node("Transpose", ["conv"], "to_last", perm=[0, 2, 3, 1]),
        *_layernorm_nodes("to_last", "ln", 1e-6, affine=True),
        node("Transpose", ["ln_out"], "to_first", perm=[0, 3, 1, 2]),
        *_layernorm_nodes("to_first", "plain", 1e-5, affine=False),
        node("Relu", ["plain_div"], "relu"),
    ]
    inits = [weight("w", 8, 3, 3, 3), weight("ln_gamma", 8), weight("ln_beta", 8)]
    graph = helper.make_graph(
        nodes,
        "layernorm_decomposed",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 8, 8])],
        [helper.make_tensor_value_info("relu", TensorProto.FLOAT, [1, 8, 6, 6])],  # ONNX checks it
        inits,
    )
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="pytorch")


def reference(model: onnx.ModelProto, path: Path) -> dict[str, Any]:
    session = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    out = session.run(None, {"x": np.zeros((1, 3, 32, 32), np.float32)})[0]
    return {
        "model": "ops",
        "onnx": onnx.__version__,
        "onnxruntime": onnxruntime.__version__,
        "initializers": initializer_counts(model)[0],
        "initializers_each_use": initializer_counts(model)[1],
        "runtime_output": list(out.shape[1:]),
        "shapes": inferred_shapes(model),
        "runtime_shapes": runtime_shapes(model, [1, 3, 32, 32]),
    }


def main() -> None:
    DATA.mkdir(parents=True, exist_ok=True)
    REFERENCE.mkdir(parents=True, exist_ok=True)
    model = ops_model()
    onnx.checker.check_model(model, full_check=True)
    onnx.save(model, str(DATA / "ops.onnx"))
    found = reference(model, DATA / "ops.onnx")
    (REFERENCE / "ops.json").write_text(dump(found), encoding="utf-8")
    keras = channels_last_model()
    onnx.checker.check_model(keras, full_check=True)
    onnx.save(keras, str(DATA / "channels_last.onnx"))
    shapes = {
        "model": "channels_last",
        "shapes": inferred_shapes(keras),
        "initializers": initializer_counts(keras)[0],
    }
    (REFERENCE / "channels_last.json").write_text(dump(shapes), encoding="utf-8")
    for name, broken in small_models().items():
        onnx.save(broken, str(DATA / f"{name}.onnx"))
    # After the small graphs, whose weights are drawn first.
    norms = layernorm_model()
    onnx.checker.check_model(norms, full_check=True)
    onnx.save(norms, str(DATA / "layernorm_decomposed.onnx"))
    ran = onnxruntime.InferenceSession(
        str(DATA / "layernorm_decomposed.onnx"), providers=["CPUExecutionProvider"]
    )
    shapes = {
        "model": "layernorm_decomposed",
        "shapes": inferred_shapes(norms),
        "runtime_shapes": runtime_shapes(norms, [1, 3, 8, 8]),
        "initializers": initializer_counts(norms)[0],
        "runtime_output": list(ran.run(None, {"x": np.zeros((1, 3, 8, 8), np.float32)})[0].shape[1:]),
    }
    (REFERENCE / "layernorm_decomposed.json").write_text(dump(shapes), encoding="utf-8")
    print(
        f"ops: {len(found['shapes'])} nodes, {found['initializers']:,} initializers,"
        f" output {found['runtime_output']}"
    )


if __name__ == "__main__":
    main()
