"""Korean, complete: every message in both languages, particles that follow the word before them,
and --lang ko (or a Korean locale) reaching the table, check, warnings, notes and errors."""

from __future__ import annotations

import json
import re
import string
from fractions import Fraction

import pytest

from cnncalc.engine.results import Count, Dims, HugeCount, Names, make_flag
from cnncalc.errors import Problem, said
from cnncalc.render import i18n
from cnncalc.render.i18n import _PAIRS, _TEXT, Lang, fields_of, flag_text, josa, t, written
from tests.conftest import ROOT, SPECS, run_cli
from tests.test_golden import check as check_golden

HANGUL = re.compile("[가-힣]")
# English's own grammar, which Korean does not need ("1 spec" / "2 specs").
# Korean has no plural ending: "{plural}" (an English "s") is English-only wherever it appears.
ENGLISH_ONLY = {"plural", "plural_es"}  # "channels" / "matrices"
# English says nothing where Korean names the quantity ("출력 크기 OH = …" / "OH = …").
EMPTY_IN_ENGLISH = {"output_prefix"}


# --- the catalogue -----------------------------------------------------------------------------------


@pytest.mark.parametrize("key", sorted(_TEXT))
def test_every_message_is_in_both_languages_with_the_same_fields(key: str) -> None:
    english, korean = _TEXT[key]
    assert korean.strip(), f"{key} has no Korean"
    assert english.strip() or key in EMPTY_IN_ENGLISH, f"{key} has no English"
    assert fields_of(korean) == fields_of(english) - ENGLISH_ONLY, key
    # A format spec in Korean is a particle pair; English has none.
    for text, allowed in ((korean, set(_PAIRS) | {""}), (english, {""})):
        specs = {spec for _, name, spec, _ in string.Formatter().parse(text) if name}
        assert specs <= allowed, (key, specs)


def test_the_catalogue_fills_every_field_without_error() -> None:
    for key, (english, _) in _TEXT.items():
        fields = dict.fromkeys(fields_of(english), "7")
        for lang in Lang:
            assert "{" not in t(key, lang, **fields).replace("{type:", ""), key


def test_korean_uses_the_notes_vocabulary() -> None:
    korean = " ".join(ko for _, ko in _TEXT.values())
    for word in ("출력 크기", "파라미터 개수", "스트라이드", "패딩", "필터", "채널", "계층"):
        assert word in korean, word


# --- particles ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "pair", "expected"),
    [
        # The example: …/2 reads 이 (no final consonant) → 가; …/3 reads 삼 → 이.
        ("(7 + 2·0 − 3)/2", "이/가", "(7 + 2·0 − 3)/2가"),
        ("(7 + 2·0 − 3)/3", "이/가", "(7 + 2·0 − 3)/3이"),
        # Each digit as read: 영 일 이 삼 사 오 육 칠 팔 구.
        ("0", "이/가", "0이"),
        ("1", "이/가", "1이"),
        ("2", "이/가", "2가"),
        ("4", "은/는", "4는"),
        ("5", "을/를", "5를"),
        ("6", "을/를", "6을"),
        ("8", "과/와", "8과"),
        ("9", "과/와", "9와"),
        # 10 십, 100 백, 1,000 천, 20,000 이만: the last unit read.
        ("10", "이/가", "10이"),
        ("100", "은/는", "100은"),
        ("1,000", "을/를", "1,000을"),
        ("20000", "이/가", "20000이"),
        # A decimal's digits one by one: 2.35 → …오.
        ("2.35", "이/가", "2.35가"),
        # 으로/로: 로 after a vowel and after ㄹ (1 일, 7 칠, 8 팔), 으로 after other consonants.
        ("1", "으로/로", "1로"),
        ("7", "으로/로", "7로"),
        ("3", "으로/로", "3으로"),
        ("6", "으로/로", "6으로"),
        ("2", "으로/로", "2로"),
        # Closing brackets and shapes: the last item inside.
        ("[3, 5]", "이/가", "[3, 5]가"),
        ("6×28×28", "이/가", "6×28×28이"),
        ("(C1)", "은/는", "(C1)은"),
        # Hangul by its own final consonant; ㄹ takes 로.
        ("필터", "을/를", "필터를"),
        ("채널", "이/가", "채널이"),
        ("채널", "으로/로", "채널로"),
        ("합성곱", "으로/로", "합성곱으로"),
        # Latin letters by their English names (엔, 에스, 엘) or words by their sound (인풋, 덴스).
        ("N", "이/가", "N이"),
        ("S", "이/가", "S가"),
        ("L", "으로/로", "L로"),
        ("input", "이/가", "input이"),
        ("dense", "이/가", "dense가"),
    ],
)
def test_josa(word: str, pair: str, expected: str) -> None:
    assert josa(word, pair) == expected


def test_a_template_writes_the_particle_as_a_format_spec() -> None:
    assert t("does_not_fit", Lang.ko, fraction="(8 + 2·0 − 3)/2") == (
        "⚠ (8 + 2·0 − 3)/2가 정수가 아니다: 스트라이드가 크기에 안 맞는다"
    )
    assert t("does_not_fit", Lang.ko, fraction="(7 + 2·0 − 3)/3").startswith("⚠ (7 + 2·0 − 3)/3이 정수")


# --- operands: the engine passes values, the catalogue writes them --------------------------------


def test_typed_operands_are_written_as_the_notes_write_them() -> None:
    assert written(Dims((3, 32, 32))) == "3×32×32"
    assert written(Count(61706)) == "61,706"  # 60 + 416 + ... : LeNet-5's total, with separators
    assert written(HugeCount(12_345_678_901_234_567_890)) == "1.235e+19"
    assert written(Fraction(7, 3)) == "7/3 ≈ 2.33"  # 7/3 = 2.333…
    assert written(Fraction(4, 2)) == "2"
    assert written(1234) == "1234"  # a plain int (a size, an axis) is not a count
    assert written(Names(("a", "b"))) == "a, b"
    message = said("error.takes_one_input", layer="a conv layer", count=2, names=Names(("a", "b")))
    assert message == "a conv layer takes one input, got 2 (a, b)"


def test_the_particle_follows_the_written_shape_not_the_tuple() -> None:
    # 3×32×32: the last sound is 이 (2) → 가; 1×28×28: 팔 (8) has a final ㄹ → 이
    text = said("error.pixel_shuffle_rank", shape=Dims((3, 32, 32))).text(Lang.ko)
    assert text == "pixel_shuffle은 C×H×W 입력이 필요한데 3×32×32가 들어왔다"
    text = said("error.pixel_shuffle_rank", shape=Dims((1, 28, 28))).text(Lang.ko)
    assert text.endswith("1×28×28이 들어왔다")


def test_a_flag_with_counts_writes_them_with_separators_in_both_languages() -> None:
    flag = make_flag("prelu_slopes_keras", {"count": Count(150528)})  # 3·224·224 = 150,528 slopes
    assert "150,528" in flag_text(flag, Lang.en) and "150,528" in flag_text(flag, Lang.ko)


def test_a_limit_error_writes_its_huge_count_in_scientific_notation() -> None:
    message = said("error.params_too_large", count=HugeCount(2 * 10**18), max=Count(10**15))
    assert message == "parameter count 2.000e+18 exceeds 1,000,000,000,000,000"
    assert message.text(Lang.ko) == "파라미터 개수 2.000e+18이 1,000,000,000,000,000을 넘는다"


# --- the table ---------------------------------------------------------------------------------------


def test_lenet5_table_in_korean(update_goldens: bool) -> None:
    # The same numbers as lenet5.txt (reviewed against ToBig's notes: 61,706 parameters,
    # 416,520 MACs), with the titles, notes and totals in Korean.
    check_golden("lenet5.yaml", "lenet5_ko.txt", update_goldens, lang=Lang.ko)


def test_stride_mismatch_table_in_korean(update_goldens: bool) -> None:
    # 7×7, 3×3 /3: (7 − 3)/3 + 1 = 7/3 → 2.
    check_golden("stride_mismatch.yaml", "stride_mismatch_ko.txt", update_goldens, lang=Lang.ko)


@pytest.mark.parametrize("golden", ["lenet5", "stride_mismatch"])
def test_the_korean_table_has_the_english_tables_numbers(golden: str) -> None:
    numbers = re.compile(r"\d[\d,.×/]*")
    english = (ROOT / "tests" / "golden" / f"{golden}.txt").read_text(encoding="utf-8")
    korean = (ROOT / "tests" / "golden" / f"{golden}_ko.txt").read_text(encoding="utf-8")
    assert numbers.findall(korean) == numbers.findall(english)
    assert HANGUL.search(korean) and not HANGUL.search(english)


def test_lang_ko_reaches_the_table_headers_and_totals() -> None:
    result = run_cli("run", str(SPECS / "lenet5.yaml"), "--lang", "ko")
    assert result.returncode == 0
    header = next(line for line in result.stdout.splitlines() if "이름" in line)
    for title in ("이름", "종류", "입력", "출력", "파라미터 개수", "비고"):
        assert title in header
    # LeNet-5: 156 + 2,416 + 48,120 + 10,164 + 850 = 61,706 parameters, all trainable.
    assert "전체 파라미터 개수: 61,706" in result.stdout
    assert "학습 가능한 파라미터 개수: 61,706" in result.stdout
    assert "학습 불가능한 파라미터 개수: 0" in result.stdout
    # 6·784·25 + 16·100·150 + 120·400 + 120·84 + 84·10 = 416,520.
    assert "전체 연산량(MACs): 416,520 (416.5K)" in result.stdout
    assert "Total params" not in result.stdout and "Notes" not in result.stdout


def test_a_korean_locale_gives_the_korean_table(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "ko_KR.UTF-8")
    assert "전체 파라미터 개수: 61,706" in run_cli("run", str(SPECS / "lenet5.yaml")).stdout
    assert "Total params: 61,706" in run_cli("run", str(SPECS / "lenet5.yaml"), "--lang", "en").stdout


def test_english_stays_as_it_was() -> None:
    result = run_cli("run", str(SPECS / "stride_mismatch.yaml"))
    assert "┃ # ┃ Name  ┃ Type ┃ Input ┃ Output ┃ Params ┃ MACs ┃ Notes" in result.stdout
    assert "⚠ stride does not fit: 7/3 (2.33) → 2" in result.stdout
    assert "⚠ 1 layer(s) with a stride that does not fit: 1 (conv)" in result.stdout


def test_markdown_in_korean() -> None:
    out = run_cli("run", str(SPECS / "lenet5.yaml"), "--format", "markdown", "--lang", "ko").stdout
    assert "| # | 이름 | 종류 | 입력 | 출력 | 파라미터 개수 | 연산량 | 비고 |" in out
    assert "**전체 파라미터 개수:** 61,706 (학습 가능 61,706, 학습 불가능 0)" in out


# --- warnings and notes ------------------------------------------------------------------------------


STRIDE_TWO = """\
input: [1, 8, 8]
layers:
  - {type: conv2d, filters: 1, kernel: 3, stride: 2, name: c}
"""


def test_stride_warning_in_korean_with_the_particle_of_its_last_digit(write_spec) -> None:
    # 8×8, 3×3 /2: (8 + 2·0 − 3)/2 = 2.5, not whole; the fraction ends in 2 (이) → 가.
    out = run_cli("run", str(write_spec(STRIDE_TWO)), "--explain", "--lang", "ko").stdout
    assert "⚠ (8 + 2·0 − 3)/2가 정수가 아니다: 스트라이드가 크기에 안 맞는다" in out
    assert "(8 + 2·0 − 3)/2이" not in out
    # 7×7, 3×3 /3: (7 + 2·0 − 3)/3, ending in 3 (삼) → 이.
    out = run_cli("run", str(SPECS / "stride_mismatch.yaml"), "--explain", "--lang", "ko").stdout
    assert "⚠ (7 + 2·0 − 3)/3이 정수가 아니다: 스트라이드가 크기에 안 맞는다" in out
    assert "⚠ 스트라이드가 안 맞음: 7/3 (2.33) → 2" in out  # the table's notes cell
    assert "⚠ 스트라이드가 크기에 안 맞는 층 1개: 1 (conv)" in out  # under the totals


def test_the_json_message_stays_english(write_spec) -> None:
    # (8 − 3)/2 + 1 = 7/2 = 3.5, floored to 3: the JSON contract's English sentence.
    data = json.loads(run_cli("run", str(write_spec(STRIDE_TWO)), "--format", "json", "--lang", "ko").stdout)
    networks = data if isinstance(data, list) else [data]
    messages = {warning["message"] for warning in networks[0]["warnings"]}
    assert messages == {
        f"stride does not fit on axis {axis}: (N + 2P − D(F − 1) − 1)/S + 1 = 7/2 ≈ 3.50, floored to 3 "
        "(N=8, F=3, S=2, P=0)"
        for axis in (1, 2)
    }


def _flat(text: str) -> str:
    """The text with the console's line wrapping undone (rich breaks long lines at spaces)."""
    return " ".join(text.split())


BATCHNORM = """\
input: [3, 8, 8]
layers:
  - {type: conv2d, filters: 6, kernel: 3, bias: false}
  - {type: batchnorm}
"""


def test_pytorch_convention_note_in_korean(write_spec) -> None:
    # Batch norm on C = 6: PyTorch has γ, β (2·6 = 12 parameters) and the running mean and
    # variance as 12 buffers; Keras counts all 4·6 = 24 as parameters, 12 non-trainable.
    path = str(write_spec(BATCHNORM))
    out = run_cli("run", path, "--convention", "pytorch", "--explain", "--lang", "ko").stdout
    note = (
        "PyTorch는 파라미터 2·C = 12개, 버퍼 2·C = 12개(이동 평균과 분산)로 센다; "
        "Keras라면 파라미터 24개(학습 불가능 12개)"
    )
    assert note in _flat(out)
    assert "PyTorch counts" not in out
    english = run_cli("run", path, "--convention", "pytorch", "--explain").stdout
    assert (
        "PyTorch counts 2·C = 12 parameters and 2·C = 12 buffers (running mean and variance); "
        "Keras would report 24 parameters, 12 of them non-trainable"
    ) in _flat(english)


def test_keras_and_caffe_convention_notes_in_korean(write_spec) -> None:
    out = run_cli("run", str(write_spec(BATCHNORM)), "--convention", "keras", "--explain", "--lang", "ko")
    # Keras: 4·C = 24 parameters, 2·C = 12 of them non-trainable; PyTorch: 12 and 12 buffers.
    note = "Keras는 파라미터 4·C = 24개(학습 불가능 12개)로 센다; PyTorch라면 파라미터 12개, 버퍼 12개"
    assert note in _flat(out.stdout)
    pool = "input: [1, 6, 6]\nlayers:\n  - {type: maxpool, kernel: 3, stride: 2}\n"
    out = run_cli("run", str(write_spec(pool)), "--convention", "caffe", "--explain", "--lang", "ko")
    # Caffe: ⌈(6 − 3)/2⌉ + 1 = 3, where PyTorch and Keras floor: ⌊3/2⌋ + 1 = 2.
    assert "Caffe는 올림한다: ⌈(6 + 2·0 − 3)/2⌉ + 1 = 3 (PyTorch와 Keras는 내림하여 2)" in _flat(out.stdout)


# --- check -------------------------------------------------------------------------------------------


def test_check_report_in_korean() -> None:
    # The worksheet answers 16 things (2 per layer for 7 layers, 2 for the network); 5 are wrong
    # on purpose (C1 and C3 params, C5's output, OUTPUT's params, the total) → 11 hold.
    result = run_cli("check", str(ROOT / "examples" / "lenet5_worksheet.yaml"), "--lang", "ko")
    assert result.returncode == 1
    assert "  → 실패 (답 16개 중 11개 맞음)" in result.stdout
    assert "✗ 1번 층 (C1): 파라미터 개수: 예상 150, 계산 156" in result.stdout
    assert "파라미터 개수 = (FH·FW·FC + 1)·FN = (5·5·1 + 1)·6 = 156" in result.stdout
    assert result.stdout.rstrip().endswith("명세 1개: 통과 0, 실패 1")
    assert "FAILED" not in result.stdout and "expected" not in result.stdout


def test_check_warning_in_korean(write_spec) -> None:
    out = run_cli("check", str(write_spec(STRIDE_TWO)), "--lang", "ko").stdout
    assert "⚠ 1번 층 (c): " in out
    # Strides up to the kernel (3) with (8 − 3)/S whole: S = 1 only; at S = 2, 5 + 2P is odd for
    # every P, so no padding fits.
    assert "맞는 스트라이드: S = 1; S = 2일 때 맞는 패딩 없음" in out


# --- errors ------------------------------------------------------------------------------------------


BAD_SPECS = {
    "unknown field": "input: [1, 32, 32]\nlayers:\n  - {type: conv2d, filters: 6, kernal: 5, name: C1}\n",
    "missing field": "input: [1, 32, 32]\nlayers:\n  - {type: flatten}\n  - {type: dense, name: fc}\n",
    "wrong type": "input: [1, 32, 32]\nlayers:\n  - {type: conv2d, filters: six, kernel: 5}\n",
    "too small": "input: [1, 32, 32]\nlayers:\n  - {type: conv2d, filters: 6, kernel: 5, stride: 0}\n",
    "size ≤ 0": "input: [3, 4, 4]\nlayers:\n  - {type: conv2d, filters: 6, kernel: 5, name: big}\n",
    "groups": "input: [3, 8, 8]\nlayers:\n  - {type: conv2d, filters: 4, kernel: 3, groups: 2}\n",
    "did you mean": "input: [1, 32, 32]\nlayers:\n  - {type: convv2d, filters: 6, kernel: 5}\n",
}
# What the Korean line must say, beyond the numbers and names of the English one.
KOREAN_WORDS = {
    "unknown field": "없는 필드",
    "missing field": "필드가 없다",
    "wrong type": "정수여야 한다",
    "too small": "양의 정수",
    "size ≤ 0": "출력 크기가 0 이하",
    "groups": "공약수",
    "did you mean": "알 수 없는 계층 종류",
}


def _tokens(line: str) -> list[str]:
    """The numbers and quoted names of an error line, in order (the file's path left out)."""
    body = line.split(".yaml", 1)[1]
    return re.findall(r"\d+|'[^']*'", body)


@pytest.mark.parametrize("case", sorted(BAD_SPECS))
def test_error_lines_in_korean_keep_every_number_and_name(case: str, write_spec) -> None:
    path = str(write_spec(BAD_SPECS[case]))
    english = run_cli("run", path)
    korean = run_cli("run", path, "--lang", "ko")
    assert english.returncode == korean.returncode == 2
    assert english.stdout == korean.stdout == ""
    en_lines, ko_lines = english.stderr.splitlines(), korean.stderr.splitlines()
    assert len(en_lines) == len(ko_lines) == 1, korean.stderr
    assert not HANGUL.search(en_lines[0])
    assert HANGUL.search(ko_lines[0]) and KOREAN_WORDS[case] in ko_lines[0], ko_lines[0]
    assert ko_lines[0].startswith(f"error: {path}:")
    assert sorted(_tokens(ko_lines[0])) == sorted(_tokens(en_lines[0])), (en_lines[0], ko_lines[0])


def test_an_empty_file_in_korean(write_spec) -> None:
    result = run_cli("run", str(write_spec("# nothing yet\n")), "--lang", "ko")
    assert result.returncode == 2
    assert result.stderr.endswith(": 파일에 문서가 없다 (명세에는 'input'과 'layers'가 필요하다)\n")


def test_a_missing_file_in_korean() -> None:
    result = run_cli("run", "no/such/spec.yaml", "--lang", "ko")
    assert result.returncode == 2
    assert result.stderr == "error: no/such/spec.yaml: 그런 파일이 없다\n"


def test_problem_text_and_fields() -> None:
    problem = Problem(
        said("error.too_small", sign="≥", bound=1, value=0),
        file="a.yaml",
        line=4,
        loc=("layers", 1, "stride"),
        layer_name="C3",
        hint=said("hint.got", value=said("value.null")),
    )
    assert problem.code == "error.too_small"
    assert problem.args == {"sign": "≥", "bound": 1, "value": 0}
    assert str(problem) == "a.yaml:4: layer 2 (C3), stride: must be ≥ 1, got 0 (got nothing (null))"
    assert problem.text(Lang.en) == str(problem)
    # ≥ 1 reads 일: 이어야 (not 여야); the hint's operand is said in Korean too.
    assert (
        problem.text(Lang.ko)
        == "a.yaml:4: 2번 층 (C3), stride: ≥ 1이어야 한다, 받은 값: 0 (받은 값: 없음 (null))"
    )
    plain = Problem("something English", file="a.yaml")
    assert plain.code is None and plain.text(Lang.ko) == "a.yaml: something English"


def test_junit_report_in_korean(write_spec, tmp_path) -> None:
    report = tmp_path / "report.xml"
    bad = write_spec(BAD_SPECS["unknown field"], "bad.yaml")
    flagged = write_spec(STRIDE_TWO, "flagged.yaml")
    result = run_cli("check", str(bad), str(flagged), "--junit", str(report), "--lang", "ko")
    assert result.returncode == 2
    xml = report.read_text(encoding="utf-8")
    assert "conv 계층에 없는 필드 'kernal' (혹시 'kernel'인가?)" in xml
    # The warning of layer 1: (8 − 3)/2 + 1 = 7/2 ≈ 3.50, floored to 3.
    warning = "1번 층 (c): 1번 축에서 스트라이드가 크기에 안 맞는다: (N + 2P − D(F − 1) − 1)/S + 1 = "
    assert warning + "7/2 ≈ 3.50, 내림하여 3" in xml


def test_one_off_errors_in_korean() -> None:
    # A 5-wide kernel on 3 inputs: ⌊(3 + 0 − 4 − 1)/1⌋ + 1 = −1 ≤ 0.
    result = run_cli("conv", "--input", "3", "--kernel", "5", "--lang", "ko")
    assert result.returncode == 2
    assert result.stderr.startswith(
        "error: --kernel: 출력 크기가 0 이하가 된다: 필터가 입력에 들어가지 않는다 "
    )
    assert "(필터 5, 입력 3, 패딩 0)" in result.stderr
    assert result.stderr.rstrip().endswith("(필터나 스트라이드를 줄이거나, 패딩을 늘리거나, 입력을 키운다)")


def test_a_said_message_survives_copy_and_pickle() -> None:
    import copy
    import pickle

    shaped = said("error.pixel_shuffle_rank", shape=Dims((3, 32, 32)))
    again = pickle.loads(pickle.dumps(shaped))
    assert isinstance(again.args["shape"], Dims) and again.text(Lang.ko).endswith("3×32×32가 들어왔다")

    message = said("error.groups", groups=2, channels=3, filters=4)
    for again in (copy.deepcopy(message), pickle.loads(pickle.dumps(message))):
        assert again == message and again.code == "error.groups"
        assert again.text(Lang.ko) == "groups=2는 입력 채널 수(3)와 필터 개수(4)의 공약수여야 한다"


def test_every_id_the_code_says_is_in_the_catalogue() -> None:
    # A said("…") or a flag's id missing from _TEXT would be a KeyError (an internal error) at
    # the moment a user makes that mistake; ids built from a name are listed by what they take.
    source = "\n".join(path.read_text(encoding="utf-8") for path in (ROOT / "cnncalc").rglob("*.py"))
    literal = set(re.findall(r'said\(\s*"([^"{]+)"', source))
    literal |= set(re.findall(r'"(flag\.[a-z_.]+)"', source))
    built = {f"hint.missing_{f}" for f in ("input", "layers", "filters", "kernel", "units", "output_size")}
    built |= {"hint.missing_channels", "error.per_dim_positive", "error.per_dim_non_negative"}
    built |= {f"flag.convention.{v}" for v in ("pytorch_batchnorm", "pytorch_batchnorm_no_affine")}
    assert len(literal) > 30
    assert literal | built <= set(_TEXT), sorted((literal | built) - set(_TEXT))


def test_every_flag_of_the_shipped_specs_has_its_sentence_in_both_languages() -> None:
    """The engine's flags are data (kind, message_id, args): each one's text must exist and take
    exactly its operands, or the renderers would fall back to the bare kind."""
    from pathlib import Path

    from cnncalc.engine.calculator import calculate
    from cnncalc.errors import CnncalcError
    from cnncalc.render.i18n import flag_key
    from cnncalc.spec.validate import load_spec

    root = Path(__file__).resolve().parent.parent
    seen = set()
    for path in [*sorted((root / "specs").glob("*.yaml")), *sorted((root / "examples").glob("*.yaml"))]:
        spec, document = load_spec(path)
        for convention in (None, "pytorch", "keras", "caffe"):
            try:
                result = calculate(spec, document.stem, convention)  # type: ignore[arg-type]
            except CnncalcError:
                continue
            for layer in result.layers:
                for flag in (*layer.warnings, *layer.notes):
                    key = flag_key(flag)
                    assert key in _TEXT, key
                    for lang in Lang:
                        t(key, lang, **flag.args)  # raises KeyError on a missing operand
                    seen.add(flag.kind)
    assert {"stride_does_not_fit", "convention"} <= seen  # the walk met flags of several kinds


@pytest.mark.parametrize("lang", list(Lang))
def test_every_template_reads_the_same_on_the_fast_path(lang: Lang) -> None:
    """t() writes a template whose fields are bare names with str.format; it must read as the
    particle-aware formatter writes it, for every template and typed operand (Count's commas,
    Dims' ×, a Fraction's ≈)."""
    operands: list[object] = [Count(61706), Dims((3, 32, 32)), Fraction(7, 3), "conv_1", 5]
    for key, texts in _TEXT.items():
        text = texts[lang is Lang.ko]
        names = fields_of(text)
        for operand in operands:
            fields = dict.fromkeys(names, operand)
            try:
                expected = i18n._FORMATTER.format(text, **fields)
            except (ValueError, TypeError):  # a spec such as {n:,} wants a number
                continue
            assert t(key, lang, **fields) == expected, key
