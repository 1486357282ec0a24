"""cnncalc/cli/layer_options.py: the one-offs' command-line values read as the lecture notes write
sizes (issue 10), and every bad value named by its option (moved from tests/test_oneoff.py with
cnncalc/oneoff.py, now this module)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from cnncalc.cli.layer_options import _option_errors, one_layer_spec
from cnncalc.errors import CnncalcError
from cnncalc.spec.lazy import validate_spec
from tests.test_oneoff import cnncalc


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("conv", "--input", "0x3", "--kernel", "5"), "--input: every size must be positive"),
        (("conv", "--input", "abc", "--kernel", "5"), "--input: expected a size such as 32"),
        (("conv", "--input", "3", "--kernel", "5"), "--kernel: output size would be ≤ 0"),
        (("conv", "--input", "8", "--kernel", "3", "--channels", "4", "--filters", "6", "--groups", "4"),
         "--groups: groups=4 must divide"),
        (("conv", "--input", "8x8", "--kernel", "3x3x3"), "--kernel: "),
        (("conv", "--input", "8", "--channels-last", "--kernel", "3"), "--input: with --channels-last"),
        (("pool", "--input", "8", "--kernel", "2", "--padding", "-1"), "--padding: "),
    ],
)  # fmt: skip
def test_bad_values_are_one_line_exit_2(args: tuple[str, ...], message: str) -> None:
    code, out, err = cnncalc(*args)
    assert code == 2
    assert out == ""
    assert err.startswith("error: " + message), err


def test_sizes_beyond_int32_are_refused_by_option() -> None:
    code, _, err = cnncalc("conv", "--input", "99999999999x5", "--kernel", "3")
    assert (code, err) == (2, "error: --input: every size must be ≤ 2,147,483,647, got '99999999999x5'\n")
    code, _, err = cnncalc("conv", "--input", "9", "--kernel", "3", "--filters", "99999999999999")
    assert code == 2 and err.startswith("error: --filters: ")


# --- sizes as the lecture notes write them (issue 10) -----------------------------------------------


@pytest.mark.parametrize(
    ("args", "first_line", "reading", "working"),
    [
        # CS231n's 32x32x3 is H×W×C: ten 5×5×3 filters, pad 2 → (32 + 2·2 − 5)/1 + 1 = 32,
        # (5·5·3 + 1)·10 = 760 (before: a 3-D convolution on one channel, 1,260).
        (("conv", "--input", "32x32x3", "--kernel", "5", "--filters", "10", "--padding", "2"),
         "conv: input 3×32×32 → output 10×32×32",
         "--input 32x32x3 read as H×W×C: 3 channels of 32×32",
         ["(5·5·3 + 1)·10 = 760"]),
        # ToBig's S2 written 28x28x6: (28 − 2)/2 + 1 = 14 → 6×14×14 (before: 1×14×14×3).
        (("pool", "--input", "28x28x6", "--kernel", "2"),
         "maxpool: input 6×28×28 → output 6×14×14",
         "--input 28x28x6 read as H×W×C: 6 channels of 28×28",
         ["params = 0"]),
        # N = 32 is a 32×32 image: (32 − 5)/1 + 1 = 28, (5·5·1 + 1)·6 = 156 (before: 1-D, 36).
        (("conv", "--input", "32", "--kernel", "5", "--filters", "6"),
         "conv: input 1×32×32 → output 6×28×28",
         "--input 32 read as N×N: 1 channel of 32×32",
         ["(5·5·1 + 1)·6 = 156"]),
        # HxW is one channel: (28 − 3)/1 + 1 = 26, (3·3·1 + 1)·4 = 40.
        (("conv", "--input", "28x28", "--kernel", "3", "--filters", "4"),
         "conv: input 1×28×28 → output 4×26×26",
         "--input 28x28 read as H×W: 1 channel of 28×28",
         ["(3·3·1 + 1)·4 = 40"]),
        # C×H×W asked for: 3 channels of 32×32, (32 − 5)/1 + 1 = 28, (5·5·3 + 1)·6 = 456.
        (("conv", "--input", "3x32x32", "--channels-first", "--kernel", "5", "--filters", "6"),
         "conv: input 3×32×32 → output 6×28×28",
         "--input 3x32x32 read as C×H×W: 3 channels of 32×32",
         ["(5·5·3 + 1)·6 = 456"]),
        # C3D's first layer: 3 × 16×112×112, 64 3×3×3 filters, pad 1 → 16×112×112 kept,
        # (3·3·3·3 + 1)·64 = 5,248 (Tran et al. 2015; PyTorch Conv3d(3, 64, 3, padding=1) agrees).
        (("conv", "--input", "16x112x112x3", "--dims", "3", "--kernel", "3", "--filters", "64",
          "--padding", "1"),
         "conv: input 3×16×112×112 → output 64×16×112×112",
         "--input 16x112x112x3 read as D×H×W×C: 3 channels of 16×112×112",
         ["(3·3·3·3 + 1)·64 = 5,248"]),
        # 1-D, asked for: a length-100 signal with 2 channels, kernel 5 → 96, (5·2 + 1)·8 = 88.
        (("conv", "--input", "100x2", "--dims", "1", "--kernel", "5", "--filters", "8"),
         "conv: input 2×100 → output 8×96",
         "--input 100x2 read as N×C: 2 channels of 100",
         ["(5·2 + 1)·8 = 88"]),
        # LeNet-5's S2, trainable: 6 maps, a coefficient and a bias each: 2·6 = 12 (LeCun et al. 1998).
        (("pool", "--input", "28x28x6", "--kernel", "2", "--trainable"),
         "avgpool: input 6×28×28 → output 6×14×14",
         "--input 28x28x6 read as H×W×C: 6 channels of 28×28",
         ["params = 2·C = 2·6 = 12"]),
    ],
)  # fmt: skip
def test_sizes_read_as_the_notes_write_them(
    args: tuple[str, ...], first_line: str, reading: str, working: list[str]
) -> None:
    code, out, err = cnncalc(*args)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == first_line
    assert lines[1].strip() == reading
    for line in working:
        assert line in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        # 3x32x32 read as H×W×C would be a 3-pixel-high image with 32 channels: refused, both ways named.
        (("conv", "--input", "3x32x32", "--kernel", "3"),
         "--input: 3x32x32 reads as height × width × channels (32 channels); for 3 channels of 32x32 "
         "write 32x32x3 or add --channels-first"),
        (("conv", "--input", "3x100", "--dims", "1", "--kernel", "3"),
         "--input: 3x100 reads as length × channels (100 channels); for 3 channels of 100 write 100x3"),
        (("conv", "--input", "1x2x3x4", "--kernel", "1"),
         "--input: with --dims 2, give N, HxW or HxWxC, got 4 sizes (1x2x3x4); for a 3-D input add --dims 3"),
        (("conv", "--input", "32x32", "--channels-first", "--kernel", "3"),
         "--input: with --channels-first, give 3 sizes (the channels first), e.g. 3x224x224"),
        (("conv", "--input", "32x32x3", "--channels-first", "--channels-last", "--kernel", "3"),
         "--channels-first: give --channels-first or --channels-last, not both"),
        (("conv", "--input", "32x32x3", "--channels", "1", "--kernel", "3"),
         "--channels: 1 disagrees with the channels 3 in --input"),
        (("conv", "--input", "32", "--dims", "4", "--kernel", "3"), "Invalid value for '--dims'"),
    ],
)  # fmt: skip
def test_sizes_that_cannot_be_read_one_way_are_refused(args: tuple[str, ...], message: str) -> None:
    code, out, err = cnncalc(*args)
    assert (code, out) == (2, "")
    assert message in err


def test_channels_last_flag_keeps_the_literal_reading() -> None:
    # --channels-last says H×W×C on purpose: 3 high, 32 wide, 32 channels; 3×3 kernel →
    # (3 − 3)/1 + 1 = 1 by (32 − 3)/1 + 1 = 30, (3·3·32 + 1)·1 = 289.
    code, out, _ = cnncalc("conv", "--input", "3x32x32", "--channels-last", "--kernel", "3")
    assert code == 0
    assert out.splitlines()[0] == "conv: input 32×3×32 → output 1×1×30"
    assert "(3·3·32 + 1)·1 = 289" in out


def test_reading_line_in_korean() -> None:
    code, out, _ = cnncalc("pool", "--input", "28x28x6", "--kernel", "2", "--lang", "ko")
    assert code == 0
    assert out.splitlines()[1].strip() == "--input 28x28x6 → H×W×C: 채널 6개, 크기 28×28"


# --- the one-layer spec: only the layer's model validates it, as validate_spec would -------------

_ODD = st.one_of(
    st.integers(-2, 0),
    st.just(2**31),
    st.lists(st.integers(0, 9), max_size=5),
    st.sampled_from(["same", "x", True]),
)
_SIZES = st.one_of(
    st.integers(1, 40), st.integers(1, 40), st.just(2**31 - 1), st.integers(-1, 0), st.just(2**31)
)


@st.composite
def _one_off_layers(draw: st.DrawFn) -> dict[str, object]:
    """A layer as conv_layer or pool_layer writes it (its type always theirs), with at times one
    value that no option gives (of the wrong type, out of range) or one field more."""
    kind = draw(st.sampled_from(["conv", "maxpool", "avgpool"]))
    small = st.integers(1, 5)
    layer: dict[str, object] = {
        "type": kind,
        "kernel": draw(st.one_of(small, st.lists(small, min_size=2, max_size=3))),
    }
    layer["padding"] = draw(st.one_of(st.integers(0, 2), st.sampled_from(["same", "valid"])))
    layer["stride"] = draw(small)
    if kind == "conv":
        layer |= {"filters": draw(small), "dilation": draw(small), "groups": 1, "bias": draw(st.booleans())}
    else:
        layer["ceil_mode"] = draw(st.booleans())
    if draw(st.booleans()):
        field = draw(st.sampled_from([*sorted(layer.keys() - {"type"}), "trainable", "filters", "extra"]))
        layer[field] = draw(st.one_of(_ODD, st.booleans(), small))
    return layer


@settings(max_examples=300, deadline=None)
@given(
    shape=st.lists(_SIZES, min_size=2, max_size=4).map(tuple) | st.lists(_SIZES, max_size=5).map(tuple),
    layer=_one_off_layers(),
)
def test_the_one_layer_spec_is_validate_spec_s(shape: tuple[int, ...], layer: dict[str, object]) -> None:
    written = {"input": list(shape), "layout": "channels_first", "layers": [layer]}
    try:
        expected = validate_spec(written)
    except ValidationError as exc:
        with pytest.raises(CnncalcError) as raised:
            one_layer_spec(shape, layer)
        assert raised.value.problems == _option_errors(exc).problems
        return
    spec = one_layer_spec(shape, layer)
    assert spec == expected
    assert spec.model_fields_set == expected.model_fields_set
