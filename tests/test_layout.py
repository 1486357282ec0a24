"""How ``input`` is read: channels-first by default, channels-last under Keras or ``layout:``; an
input written the other way round, or with a batch size left in, is flagged with both readings.

Every expected count is worked by hand from the conv formula ``(FH·FW·C + 1)·FN`` (a 3-D conv:
``(FD·FH·FW·C + 1)·FN``) and the output size ``(N + 2P − F)/S + 1``; Keras' own numbers are the
ones its documentation gives for ``Conv2D(10, 5, padding="same")`` on ``Input((32, 32, 3))``:
``(5·5·3 + 1)·10 = 760`` parameters, output ``(None, 32, 32, 10)``.
"""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from cnncalc.engine.layout import looks_channels_last, without_batch
from tests.conftest import run_cli as cli

CS231N = """
input: [32, 32, 3]
layers:
  - {type: conv2d, filters: 10, kernel: 5, padding: 2}
"""


def data_of(path, *options: str) -> dict:
    result = cli(str(path), "--format", "json", *options)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def kinds(data: dict) -> list[str]:
    return [warning["kind"] for warning in data["warnings"]]


# --- channels-last written, read channels-first ----------------------------------------------------


def test_a_channels_last_input_is_flagged_with_both_readings(write_spec) -> None:
    data = data_of(write_spec(CS231N))
    # As written, C = 32, H = 32, W = 3: (5·5·32 + 1)·10 = 8,010; OW = (3 + 2·2 − 5)/1 + 1 = 3.
    assert data["total_params"] == 8_010 and data["output_shape"] == [10, 32, 3]
    assert kinds(data) == ["input_channels_last"]
    message = data["warnings"][0]["message"]
    # The other reading, 3×32×32: (5·5·3 + 1)·10 = 760.
    for part in ("[32, 32, 3]", "H×W×C", "32 channels of 32×3", "8,010", "3×32×32", "760", "[3, 32, 32]"):
        assert part in message, part
    assert "layout: channels_last" in message


def test_explain_shows_the_first_layer_under_both_readings(write_spec) -> None:
    text = " ".join(cli(str(write_spec(CS231N)), "--explain", "--lang", "en").stdout.split())
    assert "32×32×3: params = (FH·FW·FC + 1)·FN = (5·5·32 + 1)·10 = 8,010" in text
    assert "3×32×32: params = (FH·FW·FC + 1)·FN = (5·5·3 + 1)·10 = 760" in text


def test_the_flag_fails_under_strict_and_shows_in_the_table(write_spec) -> None:
    path = write_spec(CS231N)
    strict = cli(str(path), "--strict")
    assert strict.returncode == 1
    assert "input_channels_last" in strict.stderr
    table = cli(str(path))
    assert table.returncode == 0
    assert "⚠ input looks channels-last (H×W×C): as 3×32×32, 760 params" in table.stdout
    assert "looks channels-last (H×W×C): read channels-first it is 32 channels" in " ".join(
        table.stdout.split()
    )


def test_layout_channels_last_reads_it_and_silences_the_flag(write_spec) -> None:
    data = data_of(write_spec("layout: channels_last\n" + CS231N))
    assert data["warnings"] == []
    assert data["total_params"] == 760  # (5·5·3 + 1)·10
    assert data["input_shape"] == [3, 32, 32] and data["output_shape"] == [10, 32, 32]  # JSON: C first
    assert data["layout"] == "channels_last"
    table = cli(str(write_spec("layout: channels_last\n" + CS231N)))
    assert "input read as H×W×C" in table.stdout
    assert "32×32×10" in table.stdout  # shown as the input was written


def test_keras_reads_the_input_as_keras_writes_it(write_spec) -> None:
    path = write_spec(CS231N.replace("padding: 2", "padding: same"))
    for data in (data_of(path, "--convention", "keras"), data_of(write_spec("convention: keras\n" + CS231N))):
        assert data["total_params"] == 760 and data["warnings"] == []
        assert data["output_shape"] == [10, 32, 32]
    table = cli(str(path), "--convention", "keras")
    assert "input read as H×W×C (Keras)" in table.stdout
    assert "32×32×10" in table.stdout and "32×3×32" not in table.stdout  # model.summary(): (None, 32, 32, 10)


def test_keras_reads_1d_and_3d_channels_last(write_spec) -> None:
    # Conv1D(8, 3) on Input((100, 2)): (3·2 + 1)·8 = 56 parameters, output (98, 8).
    one = data_of(
        write_spec("input: [100, 2]\nlayers:\n  - {type: conv1d, filters: 8, kernel: 3}\n"),
        "--convention",
        "keras",
    )
    assert (one["total_params"], one["output_shape"]) == (56, [8, 98])
    # Conv3D(4, 3) on Input((16, 32, 32, 3)): (3·3·3·3 + 1)·4 = 328, output (14, 30, 30, 4).
    three = data_of(
        write_spec("input: [16, 32, 32, 3]\nlayers:\n  - {type: conv3d, filters: 4, kernel: 3}\n"),
        "--convention",
        "keras",
    )
    assert (three["total_params"], three["output_shape"]) == (328, [4, 14, 30, 30])


def test_under_keras_a_channels_first_list_is_flagged(write_spec) -> None:
    text = "input: [3, 32, 32]\nlayers:\n  - {type: conv2d, filters: 10, kernel: 5, padding: same}\n"
    data = data_of(write_spec(text), "--convention", "keras")
    # Read as H = 3, W = 32, C = 32: (5·5·32 + 1)·10 = 8,010; read C×H×W it is 760.
    assert data["total_params"] == 8_010
    assert kinds(data) == ["input_channels_first"]
    assert "760" in data["warnings"][0]["message"] and "[32, 32, 3]" in data["warnings"][0]["message"]
    silenced = data_of(write_spec("layout: channels_first\n" + text), "--convention", "keras")
    assert silenced["warnings"] == [] and silenced["total_params"] == 760


def test_real_channels_first_inputs_are_never_flagged(write_spec) -> None:
    cases = {
        "[3, 32, 32]": "{type: conv2d, filters: 10, kernel: 5}",
        "[1, 28, 28]": "{type: conv2d, filters: 6, kernel: 5}",
        "[512, 4, 4]": "{type: conv2d, filters: 8, kernel: 3}",  # a feature map
        "[1, 16000]": "{type: conv1d, filters: 8, kernel: 80, stride: 16}",  # 1-D audio [C, L]
        "[2, 16000]": "{type: conv1d, filters: 8, kernel: 80, stride: 16}",
        "[1, 16, 112, 112]": "{type: conv3d, filters: 8, kernel: 3}",  # a 1-channel volume
    }
    for shape, layer in cases.items():
        data = data_of(write_spec(f"input: {shape}\nlayers:\n  - {layer}\n"))
        assert data["warnings"] == [], shape


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 4), st.integers(8, 512), st.integers(8, 512))
def test_rule_never_flags_an_image_written_channels_first(c: int, h: int, w: int) -> None:
    assert not looks_channels_last([c, h, w])
    assert without_batch([c, h, w]) is None


def test_a_named_input_is_never_flagged(write_spec) -> None:
    text = (
        "input: {channels: 32, height: 32, width: 3}\n"
        "layers:\n  - {type: conv2d, filters: 10, kernel: 3, padding: 1}\n"
    )
    assert data_of(write_spec(text))["warnings"] == []


def test_no_flag_when_the_other_reading_does_not_compute(write_spec) -> None:
    # groups = 32 needs 32 input channels: as written C = 32 works, as 3×32×32 it cannot apply,
    # so the network was written for what it says.
    text = "input: [32, 32, 3]\nlayers:\n  - {type: conv2d, filters: 32, kernel: 1, groups: 32}\n"
    data = data_of(write_spec(text))
    assert data["warnings"] == [] and data["total_params"] == 64  # (1·1·32/32 + 1)·32


def test_a_size_error_still_hints_the_channels_last_reading(write_spec) -> None:
    text = "input: [32, 32, 3]\nlayers:\n  - {type: conv2d, filters: 10, kernel: 5}\n"
    result = cli(str(write_spec(text)))
    assert result.returncode == 2
    assert "did you mean [3, 32, 32]?" in result.stderr


# --- a batch size left in --------------------------------------------------------------------------

RESNET_STEM = """
input: [1, 3, 224, 224]
layers:
  - {type: conv, filters: 64, kernel: 7, stride: 2, padding: 3}
"""


def test_a_leading_1_is_flagged_as_a_batch_size(write_spec) -> None:
    data = data_of(write_spec(RESNET_STEM))
    # As written it is 3-D, 1 channel of 3×224×224: (7·7·7·1 + 1)·64 = 344·64 = 22,016.
    assert data["total_params"] == 22_016
    assert "input_batch" in kinds(data)
    message = next(w["message"] for w in data["warnings"] if w["kind"] == "input_batch")
    # Without the 1 it is 3×224×224, 2-D: (7·7·3 + 1)·64 = 148·64 = 9,472.
    for part in ("[1, 3, 224, 224]", "22,016", "3×224×224", "9,472", "input: [3, 224, 224]", "batch:"):
        assert part in message, part
    assert cli(str(write_spec(RESNET_STEM)), "--strict").returncode == 1


def test_a_leading_1_before_a_channels_last_image(write_spec) -> None:
    text = "input: [1, 224, 224, 3]\nlayers:\n  - {type: conv, filters: 8, kernel: 3, padding: 1}\n"
    data = data_of(write_spec(text))
    message = data["warnings"][0]["message"]
    # Without the 1, and channels first: 3×224×224, (3·3·3 + 1)·8 = 224 parameters.
    assert data["warnings"][0]["kind"] == "input_batch" and "224 parameters" in message
    assert "input: [3, 224, 224]" in message
    keras = data_of(write_spec(text), "--convention", "keras")
    assert "input: [224, 224, 3]" in keras["warnings"][0]["message"]  # as Keras writes it


def test_a_2d_layer_on_a_batched_input_hints_to_drop_the_1(write_spec) -> None:
    result = cli(str(write_spec(RESNET_STEM.replace("type: conv,", "type: conv2d,"))))
    assert result.returncode == 2
    assert "drop the leading 1 (a batch size?): input: [3, 224, 224]" in result.stderr


def test_batch_is_shown_and_counts_stay_per_sample(write_spec) -> None:
    text = "input: [1, 32, 32]\nbatch: 4\nlayers:\n  - {type: conv2d, filters: 6, kernel: 5}\n"
    data = data_of(write_spec(text))
    # LeNet's C1: (5·5·1 + 1)·6 = 156 parameters whatever N; MACs 6·28·28·1·5·5 = 117,600 per
    # sample, 4·117,600 = 470,400 per batch; output 6·28·28 = 4,704 values · 4 bytes = 18,816 per
    # sample, 75,264 per batch.
    assert data["warnings"] == []
    assert (data["total_params"], data["total_macs"], data["activation_bytes"]) == (156, 117_600, 18_816)
    assert (data["batch"], data["batch_macs"], data["batch_activation_bytes"]) == (4, 470_400, 75_264)
    table = cli(str(write_spec(text)))
    assert "Batch 4: MACs 470,400 (470.4K), activations 73.5 KiB per batch" in table.stdout
    assert "batch" not in data_of(write_spec(text.replace("batch: 4\n", "")))


def test_layout_and_batch_are_in_the_schema() -> None:
    from cnncalc.spec.schema import spec_json_schema

    properties = spec_json_schema()["properties"]
    assert properties["layout"]["anyOf"][0]["enum"] == ["channels_first", "channels_last"]
    assert "batch" in properties


def test_a_bad_layout_is_a_one_line_error(write_spec) -> None:
    result = cli(str(write_spec("layout: hwc\n" + CS231N)))
    assert result.returncode == 2 and "layout" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_every_layout_flag_has_both_languages_with_the_same_operands() -> None:
    import string

    from cnncalc.render.i18n import _TEXT

    kinds = ("input_channels_last", "input_channels_first", "input_batch", "dense_not_flat", "dense_reading")
    for kind in kinds:
        english, korean = _TEXT[f"flag.{kind}"]
        fields = [
            {name for _, name, _, _ in string.Formatter().parse(text) if name} for text in (english, korean)
        ]
        assert fields[0] == fields[1], kind
