"""The words of the explain, check and one-off outputs, in English and in Korean.

The Korean follows the users' lecture notes: 출력 크기, 파라미터 개수, 패딩, 스트라이드, 필터, and
"크기가 안 맞는다" for a stride that does not fit. The formulas themselves (``OH = (H + 2P − FH)/S + 1``)
read the same in both languages, as they do in the notes.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from enum import Enum


class Lang(str, Enum):
    en = "en"
    ko = "ko"


def detect_lang(environ: Mapping[str, str] | None = None) -> Lang:
    """Korean when the locale says so (``LC_ALL``, then ``LC_MESSAGES``, then ``LANG``), else English.

    >>> detect_lang({"LANG": "ko_KR.UTF-8"}).value
    'ko'
    >>> detect_lang({"LC_ALL": "C", "LANG": "ko_KR.UTF-8"}).value
    'en'
    """
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name)
        if value:
            return Lang.ko if value.lower().startswith("ko") else Lang.en
    return Lang.en


# message id → (English, Korean); ``{}`` fields are filled by str.format.
_TEXT: dict[str, tuple[str, str]] = {
    # explain
    "working_title": ("{name} — working", "{name} — 풀이"),
    "input": ("input {shape}", "입력 {shape}"),
    "layer_header": (
        "{index}. {name} ({type}): {input} → {output}",
        "{index}. {name} ({type}): 입력 {input} → 출력 {output}",
    ),
    "oneoff_header": ("{type}: input {input} → output {output}", "{type}: 입력 {input} → 출력 {output}"),
    "output_prefix": ("", "출력 크기 "),
    "params": ("params", "파라미터 개수"),
    "macs": ("MACs", "연산량(MACs)"),
    "output_shape": ("output", "출력"),
    "no_params_pool": (
        "params = 0 (pooling has no weights to learn)",
        "파라미터 개수 = 0 (풀링은 학습되는 가중치가 없다)",
    ),
    "no_params": ("params = 0", "파라미터 개수 = 0"),
    "unchanged": ("shape unchanged, no parameters", "크기 변화 없음, 파라미터 없음"),
    "global_pool": (
        "one value per channel: [C, H, W] → [C]",
        "채널마다 값 하나: [C, H, W] → [C]",
    ),
    "adaptive_pool": (
        "the output size is set by output_size: {size}",
        "출력 크기는 output_size로 정해진다: {size}",
    ),
    "floored": ("does not fit, floored to {floor}", "크기가 안 맞는다, 내림하여 {floor}"),
    "does_not_fit": (
        "⚠ {fraction} is not a whole number: the stride does not fit",
        "⚠ {fraction} 이 정수가 아니다: 스트라이드가 크기에 안 맞는다",
    ),
    "fitting_strides": ("strides that fit: {values}", "맞는 스트라이드: {values}"),
    "fitting_paddings": (
        "with S = {stride}, paddings that fit: {values}",
        "S = {stride} 일 때 맞는 패딩: {values}",
    ),
    "no_fitting_padding": ("with S = {stride}, no padding fits", "S = {stride} 일 때 맞는 패딩 없음"),
    "same_padding": (
        "'same' padding: P = {before} {side_before}, {after} {side_after}",
        "'same' 패딩: {side_before} {before}, {side_after} {after}",
    ),
    "ceil_dropped": (
        "ceil_mode: the last window would start past the input, so it is dropped: {ceil} − 1 = {result}",
        "ceil_mode: 마지막 창이 입력 밖에서 시작하므로 버린다: {ceil} − 1 = {result}",
    ),
    "batchnorm_split": (
        "γ, β trainable: {trainable}; running mean, variance non-trainable: {non_trainable}",
        "γ, β 학습 가능: {trainable}; 이동 평균, 분산 학습 불가: {non_trainable}",
    ),
    "batchnorm_buffers": (
        "γ, β trainable: {trainable}; running mean, variance: {buffers} buffers, not parameters (PyTorch)",
        "γ, β 학습 가능: {trainable}; 이동 평균, 분산: 버퍼 {buffers}개, 파라미터가 아님 (PyTorch)",
    ),
    "subsampling": (
        "LeNet-5's trainable subsampling: a coefficient and a bias per channel",
        "LeNet 한정: 채널마다 계수 하나와 bias 하나",
    ),
    "dense_per_position": (
        "input {shape} is not flat: applied per position on the channel axis, as Keras' Dense",
        "입력 {shape} 이 평평하지 않다: Keras의 Dense처럼 위치마다 채널 축에 적용",
    ),
    "total_params": ("total params", "전체 파라미터 개수"),
    "trainable_params": ("trainable params", "학습 가능한 파라미터 개수"),
    "non_trainable_params": ("non-trainable params", "학습 불가능한 파라미터 개수"),
    "total_macs": ("total MACs", "전체 연산량(MACs)"),
    "network_output": ("output shape", "출력 형태"),
    "shape_trail": ("shapes", "형태 변화"),
    # sides of 'same' padding, by axis
    "side_top": ("top", "위"),
    "side_bottom": ("bottom", "아래"),
    "side_left": ("left", "왼쪽"),
    "side_right": ("right", "오른쪽"),
    "side_front": ("front", "앞"),
    "side_back": ("back", "뒤"),
    # check
    "expect_output": ("output", "출력 형태"),
    "expect_params": ("params", "파라미터 개수"),
    "expect_trainable_params": ("trainable params", "학습 가능한 파라미터 개수"),
    "expect_non_trainable_params": ("non-trainable params", "학습 불가능한 파라미터 개수"),
    "expect_macs": ("MACs", "연산량(MACs)"),
    "expect_total_params": ("total params", "전체 파라미터 개수"),
    "expect_total_macs": ("total MACs", "전체 연산량(MACs)"),
    "expect_stride_fits": ("stride fits (strict)", "스트라이드가 맞음 (strict)"),
    "expected_computed": ("expected {expected}, computed {computed}", "예상 {expected}, 계산 {computed}"),
    "layer_scope": ("layer {index} ({name})", "{index}번 층 ({name})"),
    "network_scope": ("network", "네트워크"),
    "spec_passed": ("passed", "통과"),
    "spec_failed": ("FAILED", "실패"),
    "no_expectations": ("no expectations to check", "확인할 답이 없음"),
    "held": ("{held} of {total} expectations hold", "답 {total}개 중 {held}개 맞음"),
    "warning_flag": ("⚠ layer {index} ({name}): {message}", "⚠ {index}번 층 ({name}): {message}"),
    "summary": (
        "{specs} spec{plural}: {passed} passed, {failed} failed",
        "명세 {specs}개: 통과 {passed}, 실패 {failed}",
    ),
    "summary_unusable": (", {unusable} unusable", ", 사용할 수 없음 {unusable}"),
    # one-offs
    "solve_title": (
        "N = {n}, F = {f}{dilation}: (N + 2P − {span})/S + 1 must be a whole number",
        "N = {n}, F = {f}{dilation}: (N + 2P − {span})/S + 1 이 정수여야 한다",
    ),
    "solve_output": ("output", "출력 크기"),
    "solve_more": (
        "… and more: only the first {shown} are shown (narrow them with --output)",
        "… 더 있다: 처음 {shown}개만 보인다 (--output으로 좁힐 수 있다)",
    ),
    "solve_none": (
        "no (stride, padding) gives output {output}",
        "출력 {output}이 되는 (스트라이드, 패딩) 없음",
    ),
    "solve_limits": (
        "strides up to the kernel span {span} (a larger one skips input), paddings up to {reach}",
        "스트라이드는 필터 폭 {span}까지 (더 크면 입력을 건너뛴다), 패딩은 {reach}까지",
    ),
    "keeps_size": (
        "padding that keeps the size at stride 1: P = (F − 1)/2 = ({f} − 1)/2 = {p}",
        "스트라이드 1에서 크기를 유지하는 패딩: P = (F − 1)/2 = ({f} − 1)/2 = {p}",
    ),
    "keeps_size_dilated": (
        "padding that keeps the size at stride 1: P = D(F − 1)/2 = {d}·({f} − 1)/2 = {p}",
        "스트라이드 1에서 크기를 유지하는 패딩: P = D(F − 1)/2 = {d}·({f} − 1)/2 = {p}",
    ),
    "keeps_size_none": (
        "no symmetric padding keeps the size: D(F − 1) = {reach} is odd (padding 'same' pads one side more)",
        "대칭 패딩으로는 크기를 유지할 수 없다: D(F − 1) = {reach} 이 홀수 ('same'은 한쪽을 더 채운다)",
    ),
    "keeps_size_mark": ("keeps the size", "크기 유지"),
    # apply
    "apply_conv": ("convolution", "합성곱"),
    "apply_maxpool": ("max pooling", "최대 풀링"),
    "apply_avgpool": ("average pooling", "평균 풀링"),
    "apply_setup": (
        "{op}: input {shape} (C×H×W), {what} {kernel}, stride {stride}, padding {padding} → output {out}",
        "{op}: 입력 {shape} (C×H×W), {what} {kernel}, 스트라이드 {stride}, 패딩 {padding} → 출력 {out}",
    ),
    "apply_filters": ("filters FN×C×FH×FW", "필터 FN×C×FH×FW"),
    "apply_window": ("window", "풀링 창"),
    "apply_height": ("height", "높이"),
    "apply_width": ("width", "너비"),
    "apply_both": ("height = width", "높이 = 너비"),
    "apply_output_of": ("output {index} ({what} {index}):", "출력 {index} ({what} {index}):"),
    "apply_filter": ("filter", "필터"),
    "apply_channel": ("channel", "채널"),
    "apply_cell": (
        "cell ({row}, {column}) of output 1, the window at input row {top}, column {left}:",
        "출력 1의 ({row}, {column}) 칸, 입력의 {top}행 {left}열에서 시작하는 창:",
    ),
    "apply_stride": (
        "⚠ stride does not fit on the {axis}: {formula} = {exact}, floored to {result}",
        "⚠ {axis}에서 스트라이드 크기가 안 맞는다: {formula} = {exact}, 내림하여 {result}",
    ),
    "apply_all_match": ("✓ expect: every cell matches ({cells} of {cells})", "✓ expect: {cells}칸 모두 맞다"),
    "apply_differ": (
        "✗ expect: {count} of {cells} cells differ",
        "✗ expect: {cells}칸 중 {count}칸이 다르다",
    ),
    "apply_mismatch": (
        "{where}row {row}, column {column}: expected {expected}, computed {computed}",
        "{where}{row}행 {column}열: 적은 값 {expected}, 계산한 값 {computed}",
    ),
    "apply_output_where": ("output {index}, ", "출력 {index}, "),
    # export / activations: PReLU's slopes, where PyTorch and Keras count them differently
    "flag.prelu_slopes": (
        "PyTorch's nn.PReLU() has 1 parameter (one slope for all); Keras' PReLU() has one per "
        "element: {keras:,}; give num_parameters (1 or {channels}) or shared_axes to say which",
        "PyTorch의 nn.PReLU()는 파라미터 개수가 1개(모든 원소가 기울기 하나를 공유)이고, Keras의 "
        "PReLU()는 원소마다 하나씩 {keras:,}개입니다. num_parameters(1 또는 {channels}) 또는 "
        "shared_axes로 어느 쪽인지 정하세요",
    ),
    "flag.prelu_slopes_keras": (
        "Keras' PReLU() has one slope per element: {count:,} parameters; PyTorch's nn.PReLU() "
        "would have 1 (give num_parameters or shared_axes to say which)",
        "Keras의 PReLU()는 원소마다 기울기가 하나씩이라 파라미터 개수가 {count:,}개입니다. PyTorch의 "
        "nn.PReLU()는 1개입니다(num_parameters 또는 shared_axes로 정하세요)",
    ),
}


def t(key: str, lang: Lang, **fields: object) -> str:
    """The text for ``key`` in ``lang`` with ``fields`` filled in."""
    english, korean = _TEXT[key]
    text = korean if lang is Lang.ko else english
    return text.format(**fields) if fields else text


def english(key: str, **fields: object) -> str:
    """The English text for ``key``: a flag's ``message`` (the JSON contract) is built from it."""
    return t(key, Lang.en, **fields)


def keys() -> list[str]:
    return list(_TEXT)
