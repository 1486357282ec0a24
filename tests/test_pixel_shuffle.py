"""``pixel_shuffle`` (PyTorch's nn.PixelShuffle(r)): C·r²×H×W → C×(H·r)×(W·r), and its inverse
``pixel_unshuffle`` (nn.PixelUnshuffle(r)): C×H×W → C·r²×(H/r)×(W/r); no parameters, no MACs.
Expected numbers are worked by hand from PyTorch's documentation."""

from __future__ import annotations

import json

from tests.conftest import run_cli as cli

ESPCN_TAIL = """
input: [3, 8, 8]
layers:
  - {type: conv, filters: 12, kernel: 3, padding: 1}
  - {type: PixelShuffle, upscale_factor: 2}
"""


def test_shape_params_macs_and_receptive_field(write_spec) -> None:
    done = cli(str(write_spec(ESPCN_TAIL)), "--format", "json", "--rf")
    assert done.returncode == 0, done.stderr
    layer = json.loads(done.stdout)["layers"][1]
    assert layer["type"] == "pixel_shuffle"
    assert layer["output_shape"] == [3, 16, 16]  # 12/2² = 3 channels; 8·2 = 16
    assert (layer["params"], layer["macs"]) == (0, 0)


def test_the_working_in_both_languages(write_spec) -> None:
    path = str(write_spec(ESPCN_TAIL))
    english = cli(path, "--explain").stdout
    assert "C = FC/r² = 12/2² = 3" in english
    assert "OH = H·r = 8·2 = 16" in english
    korean = cli(path, "--explain", "--lang", "ko").stdout
    assert "출력 크기 OW = W·r = 8·2 = 16" in korean


def test_channels_not_a_multiple_of_r_squared_is_one_clear_error(write_spec) -> None:
    path = str(write_spec(ESPCN_TAIL.replace("filters: 12", "filters: 6")))
    done = cli(path)
    assert done.returncode == 2
    assert done.stderr.strip() == (
        f"error: {path}:5: layer 2 (pixel_shuffle_1), upscale_factor: 6 channels cannot be shuffled "
        "by r = 2: they must be a multiple of r² = 4 (give the layer before a multiple of 4 channels "
        "(such as 8), or choose an upscale_factor whose square divides the channels)"
    )


def test_only_a_two_dimensional_map_is_shuffled(write_spec) -> None:
    done = cli(str(write_spec("input: [4, 16]\nlayers:\n  - {type: pixel_shuffle, upscale_factor: 2}\n")))
    assert done.returncode == 2
    assert "pixel_shuffle needs a C×H×W input, got 4×16" in done.stderr


def test_the_errors_are_korean_under_lang_ko(write_spec) -> None:
    path = str(write_spec("input: [4, 16]\nlayers:\n  - {type: pixel_shuffle, upscale_factor: 2}\n"))
    assert "C×H×W 입력이 필요한데 4×16이 들어왔다" in cli(path, "--lang", "ko").stderr  # 십육: 이
    path = str(write_spec(ESPCN_TAIL.replace("filters: 12", "filters: 6"), "six.yaml"))
    assert "채널 6개는 r = 2로 섞을 수 없다" in cli(path, "--lang", "ko").stderr


def test_it_exports_to_pytorch_and_keras_refuses_it_by_name(write_spec) -> None:
    path = str(write_spec(ESPCN_TAIL))
    torch_code = cli("export", path, "--to", "pytorch")
    assert torch_code.returncode == 0, torch_code.stderr
    assert "nn.PixelShuffle(2)" in torch_code.stdout
    keras = cli("export", path, "--to", "keras")
    assert keras.returncode == 2
    assert keras.stderr.startswith(
        f"error: {path}:5: layer 2 (pixel_shuffle_1), type: Keras has no layer for"
    )
    assert "pixel shuffle in PyTorch's channel order" in keras.stderr


def test_the_korean_particle_follows_r_and_counts_have_separators(write_spec) -> None:
    # 10 channels, r = 3: r² = 9 does not divide 10; the next multiple is 18. 3 (삼) takes 으로.
    path = str(write_spec("input: [10, 8, 8]\nlayers:\n  - {type: pixel_shuffle, upscale_factor: 3}\n"))
    assert "채널 10개는 r = 3으로 섞을 수 없다" in cli(path, "--lang", "ko").stderr
    # r = 100,000: r² = 10,000,000,000, written as every other count is.
    path = str(write_spec("input: [3, 32, 32]\nlayers:\n  - {type: pixel_shuffle, upscale_factor: 100000}\n"))
    assert "a multiple of r² = 10,000,000,000 (give the layer before" in cli(path).stderr


# --- pixel_unshuffle ----------------------------------------------------------------------------

UNSHUFFLE = "input: [3, 16, 12]\nlayers:\n  - {type: PixelUnshuffle, downscale_factor: 2}\n"


def test_unshuffle_shape_counts_and_receptive_field(write_spec) -> None:
    done = cli(str(write_spec(UNSHUFFLE)), "--format", "json")
    layer = json.loads(done.stdout)["layers"][0]
    assert layer["type"] == "pixel_unshuffle"
    assert layer["output_shape"] == [12, 8, 6]  # 3·2² = 12 channels; 16/2, 12/2
    assert (layer["params"], layer["macs"]) == (0, 0)
    # An output position (all its channels) reads a 2×2 block (measured with torch's gradient):
    # a window of 2, stride 2, centred half a pixel in.
    assert layer["receptive_field"] == {"size": [2, 2], "jump": [2, 2], "start": [0.5, 0.5]}


def test_unshuffle_working_in_both_languages(write_spec) -> None:
    path = str(write_spec(UNSHUFFLE))
    english = cli(path, "--explain").stdout
    assert "FC = C·r² = 3·2² = 12" in english
    assert "OH = H/r = 16/2 = 8" in english
    assert "출력 크기 OW = W/r = 12/2 = 6" in cli(path, "--explain", "--lang", "ko").stdout


def test_unshuffle_sides_not_a_multiple_of_r_is_one_clear_error(write_spec) -> None:
    path = str(write_spec(UNSHUFFLE.replace("[3, 16, 12]", "[3, 16, 13]")))
    done = cli(path)
    assert done.returncode == 2
    assert done.stderr.strip() == (
        f"error: {path}:3: layer 1 (pixel_unshuffle_1), downscale_factor: a side of 13 cannot be "
        "unshuffled by r = 2: H and W must be multiples of r (give the layer a map whose sides are "
        "multiples of 2 (such as 12 or 14), or choose a downscale_factor that divides them)"
    )
    assert "크기 13은 r = 2로 풀 수 없다" in cli(path, "--lang", "ko").stderr


def test_unshuffle_needs_a_two_dimensional_map(write_spec) -> None:
    done = cli(str(write_spec("input: [4, 16]\nlayers:\n  - {type: pixel_unshuffle, downscale_factor: 2}\n")))
    assert done.returncode == 2
    assert "pixel_unshuffle needs a C×H×W input, got 4×16" in done.stderr
    assert "nn.PixelUnshuffle moves the height and the width into channels" in done.stderr


def test_unshuffle_exports_to_pytorch_and_keras_refuses_it(write_spec) -> None:
    path = str(write_spec(UNSHUFFLE))
    torch_code = cli("export", path, "--to", "pytorch")
    assert "nn.PixelUnshuffle(2)" in torch_code.stdout
    keras = cli("export", path, "--to", "keras")
    assert keras.returncode == 2
    assert "pixel unshuffle in PyTorch's channel order" in keras.stderr
