"""``--convention pytorch|keras|caffe`` and the spec's ``convention:`` key.

Expected numbers come from the frameworks' documentation: PyTorch's BatchNorm2d(C) has 2·C
parameters (weight, bias) and 2·C buffers (running_mean, running_var); Keras' summary counts all
4·C and shows shapes channels-last; PyTorch's Conv2d refuses padding='same' with a stride; Caffe's
pooling rounds up — bvlc_googlenet's pool1/3x3_s2 turns conv1's 112×112 into 56×56, where a
floor gives 55 (torchvision's GoogLeNet sets ceil_mode=True to match it).
"""

from __future__ import annotations

import json

from cnncalc.engine.calculator import calculate
from cnncalc.engine.results import FlooredSizes, RoundedUp, RoundedUpSizes, make_flag
from cnncalc.render.i18n import Lang, flag_text
from cnncalc.spec.validate import load_spec
from tests.conftest import SPECS
from tests.conftest import run_cli as cli

BN = """
name: bn
input: [3, 32, 32]
layers:
  - {type: conv, filters: 64, kernel: 3, padding: 1, bias: false}
  - {type: batchnorm}
"""
GOOGLENET_POOL1 = """
input: [64, 112, 112]
layers:
  - {type: maxpool, kernel: 3, stride: 2, name: pool1/3x3_s2}
"""


def compute(write_spec, text: str, convention=None):
    spec, document = load_spec(write_spec(text))
    return calculate(spec, document.stem, convention)


def test_without_a_convention_nothing_changes() -> None:
    result = cli(str(SPECS / "lenet5.yaml"), "--format", "json")
    data = json.loads(result.stdout)
    assert "convention" not in data and "buffers" not in data["layers"][0]
    assert data["total_params"] == 61_706


def test_default_batchnorm_is_keras_4c(write_spec) -> None:
    bn = compute(write_spec, BN).layers[1]
    assert (bn.params, bn.trainable_params, bn.buffers) == (256, 128, 0)


def test_pytorch_batchnorm_running_stats_are_buffers(write_spec) -> None:
    result = compute(write_spec, BN, "pytorch")
    bn = result.layers[1]
    assert (bn.params, bn.trainable_params, bn.buffers) == (128, 128, 128)
    # conv 3·3·3·64 = 1,728 without bias, plus γ and β.
    assert result.total_params == 1_728 + 128
    assert result.total_buffers == 128
    assert any(
        "PyTorch counts 2·C = 128 parameters and 2·C = 128 buffers" in flag_text(n, Lang.en) for n in bn.notes
    )


def test_pytorch_refuses_same_with_a_stride(write_spec) -> None:
    path = write_spec(
        "input: [3, 32, 32]\nlayers:\n  - {type: conv, filters: 8, kernel: 3, stride: 2, padding: same}\n"
    )
    result = cli(str(path), "--convention", "pytorch")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith(
        f"error: {path}:3: layer 1 (conv_1), padding: PyTorch refuses padding='same'"
    )
    assert cli(str(path)).returncode == 0  # TensorFlow's 'same' without the convention


def test_pytorch_accepts_same_with_stride_1(write_spec) -> None:
    text = "input: [3, 32, 32]\nlayers:\n  - {type: conv, filters: 8, kernel: 3, padding: same}\n"
    assert compute(write_spec, text, "pytorch").output_shape == (8, 32, 32)


def test_keras_shows_channels_last(write_spec) -> None:
    # Under Keras the input is written as Keras writes it, (H, W, C): Input(shape=(32, 32, 3)).
    keras_bn = BN.replace("input: [3, 32, 32]", "input: [32, 32, 3]")
    result = cli(str(write_spec(keras_bn)), "--convention", "keras")
    assert result.returncode == 0
    assert result.stderr == "" and "⚠" not in result.stdout
    # model.summary(): (None, 32, 32, 64) and 256 parameters for BatchNormalization.
    assert "32×32×64" in result.stdout and "64×32×32" not in result.stdout
    assert "Keras counts 4·C = 256 parameters (128 non-trainable)" in result.stdout.replace(
        "\n", " "
    ).replace("│", "")
    data = json.loads(cli(str(write_spec(keras_bn)), "--convention", "keras", "--format", "json").stdout)
    assert data["output_shape"] == [64, 32, 32]  # JSON stays channels-first: a public contract
    assert data["convention"] == "keras"


def test_caffe_pooling_rounds_up(write_spec) -> None:
    assert compute(write_spec, GOOGLENET_POOL1).output_shape == (64, 55, 55)
    result = compute(write_spec, GOOGLENET_POOL1, "caffe")
    assert result.output_shape == (64, 56, 56)
    notes = [flag_text(n, Lang.en) for n in result.layers[0].notes]
    assert notes == ["Caffe rounds up: ⌈(112 + 2·0 − 3)/2⌉ + 1 = 56 (PyTorch and Keras floor to 55)"]
    # The note carries the numbers, not the sentence: (112 − 3)/2 = 54.5: ⌈54.5⌉ + 1 = 56; ⌊54.5⌋ + 1 = 55.
    (note,) = result.layers[0].notes
    assert note.args == {"shown": (RoundedUp(112, 0, 3, 2, 56),) * 2, "floor": (55, 55)}  # both axes


def test_a_caffe_note_names_each_axis_only_where_they_differ() -> None:
    # 7×9 through a 2/2 pool: ⌈5/2⌉ + 1 = 4 (floor 3) and ⌈7/2⌉ + 1 = 5 (floor 4).
    axes = RoundedUpSizes((RoundedUp(7, 0, 2, 2, 4), RoundedUp(9, 0, 2, 2, 5)))
    flag = make_flag(
        "convention", {"shown": axes, "floor": FlooredSizes((3, 4))}, "flag.convention.caffe_pool"
    )
    assert flag_text(flag, Lang.en) == (
        "Caffe rounds up: ⌈(7 + 2·0 − 2)/2⌉ + 1 = 4; ⌈(9 + 2·0 − 2)/2⌉ + 1 = 5 "
        "(PyTorch and Keras floor to 3; 4)"
    )


def test_a_caffe_note_floors_each_axis_as_the_other_frameworks_do(write_spec) -> None:
    # 7×9 through a 2/2 pool: PyTorch gives ⌊5/2⌋ + 1 = 3 and ⌊7/2⌋ + 1 = 4 (3×3×4); Caffe 4 and 5.
    spec = "input: [3, 7, 9]\nlayers:\n  - {type: maxpool, kernel: 2, stride: 2, name: p}\n"
    assert compute(write_spec, spec, "pytorch").output_shape == (3, 3, 4)
    result = compute(write_spec, spec, "caffe")
    assert result.output_shape == (3, 4, 5)
    (note,) = result.layers[0].notes
    assert flag_text(note, Lang.en).endswith("(PyTorch and Keras floor to 3; 4)")
    assert flag_text(note, Lang.ko).endswith("(PyTorch와 Keras는 내림하여 3; 4)")


def test_caffe_still_floors_convolutions(write_spec) -> None:
    # Caffe's AlexNet conv1 is 227 → (227 − 11)/4 + 1 = 55 exactly; on 228 the fraction shows the rule:
    # (228 − 11)/4 + 1 = 55.25 → 55 (a round-up would give 56): Caffe's convolutions floor.
    text = "input: [3, 228, 228]\nlayers:\n  - {type: conv, filters: 96, kernel: 11, stride: 4}\n"
    assert compute(write_spec, text, "caffe").output_shape == (96, 55, 55)


def test_the_spec_can_set_its_convention_and_the_option_wins(write_spec) -> None:
    path = write_spec("convention: caffe\n" + GOOGLENET_POOL1)
    data = json.loads(cli(str(path), "--format", "json").stdout)
    assert data["output_shape"] == [64, 56, 56] and data["convention"] == "caffe"
    data = json.loads(cli(str(path), "--format", "json", "--convention", "pytorch").stdout)
    assert data["output_shape"] == [64, 55, 55]


def test_an_unknown_convention_is_a_one_line_error(write_spec) -> None:
    result = cli(str(write_spec("convention: tensorflow\n" + GOOGLENET_POOL1)))
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "convention" in result.stderr and "Traceback" not in result.stderr
    usage = cli(str(SPECS / "lenet5.yaml"), "--convention", "tensorflow")
    assert usage.returncode == 2 and "Traceback" not in usage.stderr


def test_explain_says_where_the_convention_changes_the_answer(write_spec) -> None:
    result = cli(str(write_spec(BN)), "--convention", "pytorch", "--explain", "--lang", "en")
    assert result.returncode == 0
    text = " ".join(result.stdout.split())
    assert "params = 2·C = 2·64 = 128 (PyTorch: γ, β)" in text
    assert "running mean, variance: 128 buffers, not parameters (PyTorch)" in text
    assert "Keras would report 256 parameters, 128 of them non-trainable" in text


def test_pytorch_convention_gives_torchvisions_resnet18_count() -> None:
    # torchvision's model card: ResNet-18 has 11,689,512 parameters; its 20 batch norms hold
    # 2·C running statistics each as buffers: 2·(64 + 4·64 + 5·128 + 5·256 + 5·512) = 9,600.
    data = json.loads(cli(str(SPECS / "resnet18.yaml"), "--convention", "pytorch", "--format", "json").stdout)
    assert data["total_params"] == 11_689_512
    assert data["non_trainable_params"] == 0
    assert data["total_buffers"] == 9_600


def test_convention_notes_are_korean_in_the_korean_working(write_spec) -> None:
    """The engine's notes carry a kind and operands; the working writes them in the chosen language.
    BatchNorm2d(64): 2·64 = 128 parameters and 128 buffers; Caffe's pool: ⌈(7 − 2)/2⌉ + 1 = 4."""
    done = cli(str(write_spec(BN)), "--convention", "pytorch", "--explain", "--lang", "ko")
    assert done.returncode == 0, done.stderr
    assert "PyTorch는 파라미터 2·C = 128개, 버퍼 2·C = 128개" in done.stdout
    assert "PyTorch counts" not in done.stdout
    pool = "input: [4, 7, 7]\nlayers:\n  - {type: maxpool, kernel: 2}\n"
    done = cli(str(write_spec(pool, "pool.yaml")), "--convention", "caffe", "--explain", "--lang", "ko")
    assert "Caffe는 올림한다: ⌈(7 + 2·0 − 2)/2⌉ + 1 = 4 (PyTorch와 Keras는 내림하여 3)" in done.stdout
    assert "rounds up" not in done.stdout
