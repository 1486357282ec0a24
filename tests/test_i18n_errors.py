"""Korean, complete, for errors: every family of error a student meets (reading the file, YAML and
JSON slips, validation, a layer that cannot be computed, blocks, apply files, one-off options,
export, the command line's own) says what is wrong, and how to fix it, in Korean under a Korean
locale or ``--lang ko``, keeping every number and quoted name of the English line."""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import run_cli

HANGUL = re.compile("[가-힣]")
# Said in Korean before this change already: the layer's place ("2번 층"). The message and hint
# must be Korean beyond it.
PLACE = re.compile(r"\d+번 층")

CONV = "{type: conv2d, filters: 6, kernel: 5}"


def _spec(layers: str, head: str = "input: [1, 32, 32]\n") -> str:
    return head + "layers:\n" + "".join(f"  - {layer}\n" for layer in layers.split("\n"))


# case → (file name, its content (text or bytes), the command before the file, after it, a word the
# Korean line must hold: the notes' word for what is wrong or for the fix)
SPEC_CASES: dict[str, tuple[str, str | bytes, tuple[str, ...], tuple[str, ...], str]] = {
    # --- reading the file (spec/loader.py)
    "binary file": ("model.yaml", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ("run",), (), "PNG 이미지"),
    "not UTF-8": ("latin1.yaml", b"input: [1, 32, 32]  # \xe9\nlayers: []\n", ("run",), (), "UTF-8"),
    "empty file": ("empty.yaml", "   \n", ("run",), (), "비어 있다"),
    "YAML octal": ("octal.yaml", _spec("{type: conv2d, filters: 010, kernel: 5}"), ("run",), (), "8진수"),
    "YAML base 60": ("b60.yaml", _spec("{type: conv2d, filters: 1:30, kernel: 5}"), ("run",), (), "60진수"),
    "YAML binary": ("bin.yaml", _spec("{type: conv2d, filters: 0b110, kernel: 5}"), ("run",), (), "2진수"),
    "long integer": (
        "long.yaml",
        _spec("{type: conv2d, filters: " + "9" * 1001 + ", kernel: 5}"),
        ("run",),
        (),
        "자리",
    ),
    "YAML tag": ("tag.yaml", _spec("{type: !!python/name:os.system conv2d}"), ("run",), (), "태그"),
    "undefined alias": ("alias.yaml", _spec("*conv"), ("run",), (), "별칭"),
    "YAML key twice": (
        "twice.yaml",
        _spec("{type: conv2d, filters: 6, kernel: 5, kernel: 3}"),
        ("run",),
        (),
        "두 번",
    ),
    "YAML unclosed": (
        "open.yaml",
        "input: [1, 32, 32\nlayers:\n  - {type: relu}\n",
        ("run",),
        (),
        "있어야 하는데 없다",
    ),
    "YAML tab": (
        "tab.yaml",
        "input: [1, 32, 32]\nlayers:\n\t- {type: relu}\n",
        ("run",),
        (),
        "토큰을 시작할 수 없는",
    ),
    "nested too deep": ("deep.yaml", "input: " + "[" * 70 + "]" * 70 + "\n", ("run",), (), "중첩"),
    "JSON trailing comma": (
        "comma.json",
        '{"input": [1, 32, 32], "layers": [{"type": "relu"},]}',
        ("run",),
        (),
        "쉼표",
    ),
    "JSON comment": (
        "comment.json",
        '{"input": [1, 32, 32], // the image\n "layers": []}',
        ("run",),
        (),
        "주석",
    ),
    "JSON single quotes": ("quotes.json", "{'input': [1, 32, 32]}", ("run",), (), "큰따옴표"),
    "JSON key twice": (
        "dup.json",
        '{"input": [1, 32, 32], "input": [1, 8, 8], "layers": []}',
        ("run",),
        (),
        "두 번",
    ),
    "JSON NaN": (
        "nan.json",
        '{"input": [1, 32, 32], "layers": [{"type": "dropout", "rate": NaN}]}',
        ("run",),
        (),
        "수가 아니다",
    ),
    # --- validation (spec/validate.py, spec/models.py)
    "not supported yet": ("lstm.yaml", _spec("{type: LSTM}"), ("run",), (), "아직 지원하지 않는다"),
    "unknown activation": (
        "act.yaml",
        _spec("{type: conv2d, filters: 6, kernel: 5, activation: relux}"),
        ("run",),
        (),
        "활성화 함수",
    ),
    "activation with weights": (
        "prelu.yaml",
        _spec("{type: conv2d, filters: 6, kernel: 5, activation: prelu}"),
        ("run",),
        (),
        "가중치",
    ),
    "type and function": ("fn.yaml", _spec("{type: relu, function: tanh}"), ("run",), (), "이미 함수가"),
    "prelu field elsewhere": ("np.yaml", _spec("{type: relu, num_parameters: 1}"), ("run",), (), "prelu에만"),
    "not finite": (
        "eps.yaml",
        _spec("{type: batchnorm, eps: .nan}", "input: [3, 8, 8]\n"),
        ("run",),
        (),
        "유한한 수",
    ),
    "octal left as text": (
        "0o.yaml",
        _spec("{type: conv2d, filters: 0o10, kernel: 5}"),
        ("run",),
        (),
        "10진수",
    ),
    "leading zero left as text": (
        "09.yaml",
        _spec("{type: conv2d, filters: 09, kernel: 5}"),
        ("run",),
        (),
        "앞의 0을 빼고",
    ),
    "input a number": ("n.yaml", _spec("{type: relu}", "input: 32\n"), ("run",), (), "같은 목록이거나"),
    "input sizes": (
        "in.yaml",
        _spec("{type: relu}", "input: {channels: 3, height: 32}\n"),
        ("run",),
        (),
        "받은 것",
    ),
    "more problems": (
        "many.yaml",
        _spec("\n".join(f"{{type: conv2d, filters: 6, kernel: 5, kernal{i}: 1}}" for i in range(22))),
        ("run",),
        (),
        "문제",
    ),
    # --- a layer that cannot be computed (engine/calculator.py, conventions.py)
    "add shapes": (
        "add.yaml",
        _spec(
            "{type: conv2d, filters: 6, kernel: 3, name: a}\n"
            "{type: conv2d, filters: 8, kernel: 3, name: b, inputs: [input]}\n"
            "{type: add, inputs: [a, b]}"
        ),
        ("run",),
        (),
        "형태가 같아야",
    ),
    "add one input": ("add1.yaml", _spec(CONV + "\n{type: add}"), ("run",), (), "둘 이상"),
    "two inputs": (
        "two.yaml",
        _spec("{type: conv2d, filters: 6, kernel: 3, name: a}\n{type: relu, inputs: [a, input]}"),
        ("run",),
        (),
        "하나만",
    ),
    "flat input": ("flat.yaml", _spec("{type: flatten, name: f}\n" + CONV), ("run",), (), "지우거나"),
    "rank": ("rank.yaml", _spec("{type: conv1d, filters: 6, kernel: 5}"), ("run",), (), "차원 계층"),
    "batch left in": ("batch.yaml", _spec(CONV, "input: [1, 3, 32, 32]\n"), ("run",), (), "앞의 1을 뺀다"),
    "per-dimension entries": (
        "dims.yaml",
        _spec("{type: conv2d, filters: 6, kernel: [3, 3, 3]}"),
        ("run",),
        (),
        "항목은",
    ),
    "pool padding": ("pool.yaml", _spec("{type: maxpool, kernel: 2, padding: 2}"), ("run",), (), "절반보다"),
    "prelu count": (
        "slopes.yaml",
        _spec("{type: prelu, num_parameters: 5}", "input: [3, 8, 8]\n"),
        ("run",),
        (),
        "num_parameters는",
    ),
    "pytorch same": (
        "same.yaml",
        _spec(
            "{type: conv2d, filters: 6, kernel: 3, stride: 2, padding: same}",
            "convention: pytorch\ninput: [1, 32, 32]\n",
        ),
        ("run",),
        (),
        "거부한다",
    ),
    # --- blocks (spec/blocks.py)
    "unknown block": (
        "blk.yaml",
        _spec("{block: basci}", "input: [1, 32, 32]\nblocks:\n  basic:\n    layers: [{type: relu}]\n"),
        ("run",),
        (),
        "블록",
    ),
    "unknown block parameter": (
        "param.yaml",
        _spec(
            "{block: basic, width: 8}",
            "input: [1, 32, 32]\nblocks:\n  basic:\n    params: {filters: 6}\n    layers: [{type: relu}]\n",
        ),
        ("run",),
        (),
        "없는 파라미터",
    ),
    "block needs a parameter": (
        "needs.yaml",
        _spec(
            "{block: basic}",
            "input: [1, 32, 32]\nblocks:\n  basic:\n    params: {filters: null}\n"
            "    layers: [{type: conv2d, filters: '${filters}', kernel: 3}]\n",
        ),
        ("run",),
        (),
        "필요한 파라미터",
    ),
    "parameter outside a block": (
        "outside.yaml",
        _spec("{type: conv2d, filters: '${width}', kernel: 3}"),
        ("run",),
        (),
        "블록 파라미터",
    ),
    # --- apply files (spec/exercise.py)
    "apply ragged rows": (
        "ragged.yaml",
        "input: [[1, 2], [3, 4]]\nkernel: [[1, 2], [3]]\n",
        ("apply",),
        (),
        "모든 행의 길이",
    ),
    "apply unknown field": (
        "field.yaml",
        "input: [[1, 2], [3, 4]]\nkernel: [[1]]\nfilter: 3\n",
        ("apply",),
        (),
        "없는 필드",
    ),
    "apply bias count": (
        "bias.yaml",
        "input: [[1, 2], [3, 4]]\nkernel: [[1]]\nbias: [1, 2]\n",
        ("apply",),
        (),
        "bias는",
    ),
    "apply kernel channels": (
        "channels.yaml",
        "input: [[[1, 2], [3, 4]], [[1, 2], [3, 4]]]\nkernel: [[1]]\n",
        ("apply",),
        (),
        "채널마다",
    ),
    # --- export (render/export.py)
    "export refused": (
        "lrn.yaml",
        _spec("{type: lrn, size: 5}", "input: [3, 8, 8]\n"),
        ("export",),
        ("--to", "keras"),
        "국소 응답 정규화",
    ),
}


def _run_both(args: list[str], monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    """The error lines in English (the C locale) and in Korean (a Korean locale)."""
    lines = []
    for locale in ("C", "ko_KR.UTF-8"):
        monkeypatch.setenv("LC_ALL", locale)
        result = run_cli(*args)
        assert result.returncode == 2, (locale, result.stdout, result.stderr)
        assert result.stderr.startswith("error: "), result.stderr
        lines.append(result.stderr)
    return lines[0], lines[1]


def _tokens(text: str) -> Counter[str]:
    """The numbers and quoted names of error lines."""
    return Counter(re.findall(r"\d+|(?<![A-Za-z])'[^']*'", text))  # not PyTorch's or input's


def _assert_korean(english: str, korean: str, word: str) -> None:
    assert len(english.splitlines()) == len(korean.splitlines()), (english, korean)
    assert not HANGUL.search(english), english
    for line in korean.splitlines():
        assert HANGUL.search(PLACE.sub("", line)), line  # the message itself, not only "2번 층"
    assert word in korean, korean
    # Korean may add a number of its own (8진수, 2행); it drops none of the English line's.
    missing = _tokens(english) - _tokens(korean)
    assert not missing, (missing, english, korean)


@pytest.mark.parametrize("case", sorted(SPEC_CASES))
def test_spec_errors_in_korean(case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    name, content, before, after, word = SPEC_CASES[case]
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    english, korean = _run_both([*before, str(path), *after], monkeypatch)
    _assert_korean(english, korean, word)


def test_lang_ko_gives_the_korean_locale_line(
    write_spec: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = str(write_spec(_spec("{type: conv2d, filters: 010, kernel: 5}")))
    monkeypatch.setenv("LC_ALL", "ko_KR.UTF-8")
    by_locale = run_cli("run", path).stderr
    monkeypatch.setenv("LC_ALL", "C")
    by_option = run_cli("run", path, "--lang", "ko").stderr
    # '010' is octal 8 in YAML 1.1: 0·64 + 1·8 + 0 = 8.
    assert by_option == by_locale
    assert by_option == (
        f"error: {path}:3: 1번 층, filters: '010': 앞에 0이 있어 YAML 1.1에서는 8진수 8로 읽는다 "
        "(10을 쓰거나, 8진수를 뜻했다면 8을 쓴다)\n"
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_in_korean(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fifo = tmp_path / "spec.yaml"
    os.mkfifo(fifo)
    english, korean = _run_both(["run", str(fifo)], monkeypatch)
    assert english == f"error: {fifo}: is a named pipe (FIFO), not a spec file\n"
    assert korean == f"error: {fifo}: 명세 파일이 아니라 이름 있는 파이프(FIFO)다\n"


def test_a_file_too_large_in_korean(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * (16 * 1024 * 1024 + 1))
    english, korean = _run_both(["run", str(big)], monkeypatch)
    _assert_korean(english, korean, "16 MB보다 크다")


ONE_OFF_CASES = {
    # CS231n's 3x32x32 written channels first without --channels-first.
    "channels first": (["conv", "--input", "3x32x32", "--kernel", "5"], "읽힌다"),
    "not a size": (["conv", "--input", "32x", "--kernel", "5"], "크기여야 한다"),
    "kernel 0": (["pool", "--input", "28", "--kernel", "0"], "양수여야"),
    "too many sizes": (["conv", "--input", "1x2x3x4", "--kernel", "1"], "--dims 2이면"),
    "both layouts": (
        ["conv", "--input", "32x32x3", "--kernel", "5", "--channels-first", "--channels-last"],
        "하나만",
    ),
    "channels disagree": (["conv", "--input", "32x32x3", "--channels", "1", "--kernel", "5"], "다르다"),
}


@pytest.mark.parametrize("case", sorted(ONE_OFF_CASES))
def test_one_off_option_errors_in_korean(case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    args, word = ONE_OFF_CASES[case]
    english, korean = _run_both(args, monkeypatch)
    _assert_korean(english, korean, word)


def test_no_spec_files_in_korean(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    english, korean = _run_both(["check", str(tmp_path)], monkeypatch)
    assert english == f"error: {tmp_path}: no spec files (.yaml, .yml, .json) in this directory\n"
    assert korean == f"error: {tmp_path}: 이 디렉터리에 명세 파일(.yaml, .yml, .json)이 없다\n"


def test_an_output_that_is_an_input_in_korean(
    write_spec: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = str(write_spec(_spec(CONV)))
    english, korean = _run_both(["export", path, "--to", "pytorch", "-o", path], monkeypatch)
    _assert_korean(english, korean, "입력 파일이다")


def test_apply_and_usage_errors_in_korean(
    write_spec: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A 2×2 input and a 1×1 kernel give a 2×2 output: cell (3, 1) is outside it.
    exercise = str(write_spec("input: [[1, 2], [3, 4]]\nkernel: [[1]]\n", "ex.yaml"))
    english, korean = _run_both(["apply", exercise, "--at", "3,1"], monkeypatch)
    _assert_korean(english, korean, "출력의 밖이다")
    spec = str(write_spec(_spec(CONV)))
    english, korean = _run_both(["run", spec, "--explain", "--format", "csv"], monkeypatch)
    _assert_korean(english, korean, "--explain은")
