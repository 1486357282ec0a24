"""The words of the explain, check and one-off outputs, in English and in Korean.

The Korean follows the users' lecture notes: 출력 크기, 파라미터 개수, 패딩, 스트라이드, 필터, and
"크기가 안 맞는다" for a stride that does not fit. The formulas themselves (``OH = (H + 2P − FH)/S + 1``)
read the same in both languages, as they do in the notes.

This module imports only the languages and the engine's operand types (``engine/results``), no
renderer, so ``errors`` may use it. The engine's flags carry a kind and operands only; :func:`flag_text`
writes their sentences (the JSON's ``message`` is the English one).

A Korean template writes a particle as a format spec: ``{fraction:이/가}`` is the fraction
followed by 이 or 가 as the fraction is read (:func:`josa`).
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from fractions import Fraction
from functools import cache
from typing import Any, Protocol

from cnncalc.engine.results import Count, Dims, FlooredSizes, HugeCount, Names, RoundedUpSizes

# The languages live in a module of their own: the CLI declares --lang without this catalogue.
from cnncalc.lang import Lang as Lang
from cnncalc.lang import detect_lang as detect_lang

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
        "⚠ {fraction:이/가} 정수가 아니다: 스트라이드가 크기에 안 맞는다",
    ),
    "fitting_strides": ("strides that fit: {values}", "맞는 스트라이드: {values}"),
    "fitting_paddings": (
        "with S = {stride}, paddings that fit: {values}",
        "S = {stride}일 때 맞는 패딩: {values}",
    ),
    "no_fitting_padding": ("with S = {stride}, no padding fits", "S = {stride}일 때 맞는 패딩 없음"),
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
        "입력 {shape:이/가} 평평하지 않다: Keras의 Dense처럼 위치마다 채널 축에 적용",
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
        "N = {n}, F = {f}{dilation}: (N + 2P − {span})/S + 1이 정수여야 한다",
    ),
    "solve_output": ("output", "출력 크기"),
    "solve_more": (
        "… and more: only the first {shown} are shown (narrow them with --output)",
        "… 더 있다: 처음 {shown}개만 보인다 (--output으로 좁힐 수 있다)",
    ),
    "solve_none": (
        "no (stride, padding) gives output {output}",
        "출력 {output:이/가} 되는 (스트라이드, 패딩) 없음",
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
        "대칭 패딩으로는 크기를 유지할 수 없다: D(F − 1) = {reach:이/가} 홀수 ('same'은 한쪽을 더 채운다)",
    ),
    "keeps_size_mark": ("keeps the size", "크기 유지"),
    # checks: answers as students write them, specs with nothing to check, unusable specs listed
    "cannot_read_shape": (
        "cannot read {written} as a shape (write it as [6, 14, 14] or 6x14x14)",
        "{written}: 형태로 읽을 수 없다 ([6, 14, 14] 또는 6x14x14처럼 쓴다)",
    ),
    "cannot_read_count": (
        "cannot read {written} as a count (write it as 11770 or 11,770)",
        "{written}: 개수로 읽을 수 없다 (11770 또는 11,770처럼 쓴다)",
    ),
    "hint_channels_last": (
        "looks channels-last: {computed} written {notation}",
        "채널을 마지막에 쓴 것 같다: {notation} 순서로 쓴 {computed}",
    ),
    "hint_flat": (
        "{computed} holds {count} values, but only a flatten makes it a vector of {count}",
        "{computed} 안의 값은 {count}개지만, flatten을 거쳐야 길이 {count}의 벡터가 된다",
    ),
    "nothing_to_check": (
        "nothing to check (no expect answers in this spec)",
        "확인할 것 없음 (이 명세에는 expect 답이 없다)",
    ),
    "summary_nothing_to_check": (", {count} with nothing to check", ", 확인할 것 없음 {count}"),
    "spec_unusable": ("unusable", "사용할 수 없음"),
    "unusable_more": ("{count} more problem{plural} on stderr", "문제 {count}개 더, stderr에"),
    # checks: how a one-off read --input
    "oneoff_reading": (
        "--input {given} read as {notation}: {channels} channel{plural} of {spatial}",
        "--input {given} → {notation}: 채널 {channels}개, 크기 {spatial}",
    ),
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
    # --- korean: warnings and notes (engine Flag: "flag.<kind>", or its message_id) ---------------
    "flag.stride_does_not_fit": (
        "stride does not fit on axis {axis}: (N + 2P − D(F − 1) − 1)/S + 1 = {exact}, floored to {out} "
        "(N={n}, F={kernel}, S={stride}, P={padding})",
        "{axis}번 축에서 스트라이드가 크기에 안 맞는다: (N + 2P − D(F − 1) − 1)/S + 1 = {exact}, "
        "내림하여 {out} (N={n}, F={kernel}, S={stride}, P={padding})",
    ),
    "flag.stride_does_not_fit_rounded_up": (
        "stride does not fit on axis {axis}: (N + 2P − D(F − 1) − 1)/S + 1 = {exact}, rounded up to {out} "
        "(N={n}, F={kernel}, S={stride}, P={padding})",
        "{axis}번 축에서 스트라이드가 크기에 안 맞는다: (N + 2P − D(F − 1) − 1)/S + 1 = {exact}, "
        "올림하여 {out} (N={n}, F={kernel}, S={stride}, P={padding})",
    ),
    "flag.same_padding_asymmetric": (
        "'same' pads axis {axis} with {before} before and {after} after "
        "(TensorFlow puts the extra one after)",
        "'same' 패딩: {axis}번 축의 앞에 {before}, 뒤에 {after} (TensorFlow는 남는 한 칸을 뒤에 넣는다)",
    ),
    "flag.dense_per_position": (
        "input {shape} is not flat: applied to the {channels} channels at each of the {positions} "
        "positions, as Keras' Dense does; add a flatten before it for PyTorch's nn.Linear",
        "입력 {shape:이/가} 평평하지 않다: Keras의 Dense처럼 {positions}개 위치마다 채널 {channels}개에 "
        "적용한다; PyTorch의 nn.Linear로 계산하려면 앞에 flatten을 넣는다",
    ),
    "flag.convention.pytorch_batchnorm": (
        "PyTorch counts 2·C = {trainable} parameters and 2·C = {buffers} buffers (running mean and "
        "variance); Keras would report {keras_params} parameters, {buffers} of them non-trainable",
        "PyTorch는 파라미터 2·C = {trainable}개, 버퍼 2·C = {buffers}개(이동 평균과 분산)로 센다; "
        "Keras라면 파라미터 {keras_params}개(학습 불가능 {buffers}개)",
    ),
    "flag.convention.pytorch_batchnorm_no_affine": (
        "PyTorch counts no parameters and 2·C = {buffers} buffers (running mean and variance); Keras "
        "would report {keras_params} parameters, {buffers} of them non-trainable",
        "PyTorch는 파라미터 없이 버퍼 2·C = {buffers}개(이동 평균과 분산)만 센다; "
        "Keras라면 파라미터 {keras_params}개(학습 불가능 {buffers}개)",
    ),
    "flag.convention.keras_batchnorm": (
        "Keras counts {factor}·C = {params} parameters ({non_trainable} non-trainable); PyTorch would "
        "report {trainable} parameters and {non_trainable} buffers",
        "Keras는 파라미터 {factor}·C = {params}개(학습 불가능 {non_trainable}개)로 센다; "
        "PyTorch라면 파라미터 {trainable}개, 버퍼 {non_trainable}개",
    ),
    "flag.convention.caffe_pool": (
        "Caffe rounds up: {shown} (PyTorch and Keras floor to {floor})",
        "Caffe는 올림한다: {shown} (PyTorch와 Keras는 내림하여 {floor})",
    ),
    # --- korean: the table's column titles, its notes cells and the totals under it -------------
    "col.index": ("#", "#"),
    "col.name": ("Name", "이름"),
    "col.type": ("Type", "종류"),
    "col.input_shape": ("Input", "입력"),
    "col.output_shape": ("Output", "출력"),
    "col.params": ("Params", "파라미터 개수"),
    "col.macs": ("MACs", "연산량"),  # the totals say 연산량(MACs); the column stays narrow
    "col.notes": ("Notes", "비고"),
    "col.inputs": ("Inputs", "입력 출처"),
    "col.rf_size": ("RF", "수용 영역"),
    "col.rf_jump": ("Jump", "점프"),
    "col.rf_start": ("Start", "시작"),
    "col.memory": ("Memory", "메모리"),
    "col.train_memory": ("Train mem", "학습 메모리"),
    "table.stride_marker": (
        "⚠ stride does not fit{axis}: {fraction} → {used}",
        "⚠ 스트라이드가 안 맞음{axis}: {fraction} → {used}",
    ),
    "table.marker_axis": (" axis {axis}", " ({axis}번 축)"),
    "table.note.dense_per_position": (
        "per position (Keras Dense on a non-flat input)",
        "위치마다 적용 (Keras Dense)",
    ),
    "table.note.same_padding_asymmetric": ("same: extra padding after", "same: 남는 패딩은 뒤쪽"),
    "table.note.dense_reading": ("reading: {reading}", "reading: {reading}"),
    "table.warning.input_channels_last": (
        "input looks channels-last ({axes}): as {other}, {other_params} params",
        "입력이 채널 마지막({axes}) 같다: {other:으로/로} 읽으면 파라미터 {other_params}개",
    ),
    "table.warning.input_channels_first": (
        "input looks channels-first: as {other}, {other_params} params",
        "입력이 채널 먼저 같다: {other:으로/로} 읽으면 파라미터 {other_params}개",
    ),
    "table.warning.input_batch": (
        "leading 1 looks like a batch size: without it {other}, {other_params} params",
        "앞의 1은 배치 크기 같다: 빼면 {other}, 파라미터 {other_params}개",
    ),
    "table.warning.dense_not_flat": (
        "not flat: per position {channels_params}; flattened {flatten}; last axis {last_params}",
        "평평하지 않음: 위치마다 {channels_params}; 평탄화 {flatten}; 마지막 축 {last_params}",
    ),
    "table.folded_layers": ("{count} layers", "층 {count}개"),
    "table.folded_flagged": ("; ⚠ {count} stride(s) do not fit", "; ⚠ 스트라이드가 안 맞는 층 {count}개"),
    "table.total_params": ("Total params: {value}", "전체 파라미터 개수: {value}"),
    "table.trainable_params": ("Trainable params: {value}", "학습 가능한 파라미터 개수: {value}"),
    "table.non_trainable_params": ("Non-trainable params: {value}", "학습 불가능한 파라미터 개수: {value}"),
    "table.total_macs": ("Total MACs: {value}", "전체 연산량(MACs): {value}"),
    "table.output_shape": ("Output shape: {value}", "출력 형태: {value}"),
    "table.buffers": ("Buffers (not parameters): {value}", "버퍼 (파라미터가 아님): {value}"),
    "table.memory": (
        "Memory ({dtype}): params {params}, activations {activations}",
        "메모리 ({dtype}): 파라미터 {params}, 활성값 {activations}",
    ),
    "table.flagged": (
        "⚠ {count} layer(s) with a stride that does not fit: {which}",
        "⚠ 스트라이드가 크기에 안 맞는 층 {count}개: {which}",
    ),
    "md.total_params": (
        "**Total params:** {total} (trainable {trainable}, non-trainable {non_trainable})",
        "**전체 파라미터 개수:** {total} (학습 가능 {trainable}, 학습 불가능 {non_trainable})",
    ),
    "md.total_macs": ("**Total MACs:** {value}", "**전체 연산량(MACs):** {value}"),
    "md.output_shape": ("**Output shape:** {value}", "**출력 형태:** {value}"),
    "strict_failed": ("failed: {name}: {why} ({source})", "실패: {name}: {why} ({source})"),
    "strict_strided": (
        "{count} layer(s) with a stride that does not fit",
        "스트라이드가 크기에 안 맞는 층 {count}개",
    ),
    "strict_warnings": ("{count} warning(s): {kinds}", "경고 {count}개: {kinds}"),
    "strict_and": (" and ", ", "),
    "strict_why_spec": ("strict: true in the spec", "명세의 strict: true"),
    # --- korean: errors (cnncalc.errors.said: "error.<what>" and "hint.<what>") -----------------
    "error.layer": ("layer {index}", "{index}번 층"),
    "error.no_type": ("the layer has no 'type'", "계층에 'type'이 없다"),
    "hint.add_type": ("add a type, one of: {types}", "type을 넣는다, 다음 중 하나: {types}"),
    "error.unknown_layer_type": ("unknown layer type {type}", "알 수 없는 계층 종류 {type}"),
    "hint.did_you_mean": ("did you mean '{suggestion}'?", "혹시 '{suggestion}'인가?"),
    "hint.known_types": ("known types: {types}", "알려진 종류: {types}"),
    "error.unknown_field": ("unknown field '{field}' for {owner}", "{owner}에 없는 필드 '{field}'"),
    "owner.layer": ("a {kind} layer", "{kind} 계층"),
    "owner.expect": ("a layer's expect", "계층의 expect"),
    "owner.spec": ("the spec", "명세"),
    "owner.path": ("'{path}'", "'{path}'"),
    "hint.known_fields": ("known fields: {fields}", "알려진 필드: {fields}"),
    "error.missing": ("required field is missing", "꼭 필요한 필드가 없다"),
    "hint.missing_input": (
        "e.g. input: [1, 32, 32] (channels, height, width)",
        "예: input: [1, 32, 32] (채널, 높이, 너비)",
    ),
    "hint.missing_layers": (
        "a list of layers, e.g. layers: [{{type: conv2d, filters: 6, kernel: 5}}]",
        "계층의 목록, 예: layers: [{{type: conv2d, filters: 6, kernel: 5}}]",
    ),
    "hint.missing_filters": (
        "the number of output channels, e.g. filters: 16",
        "출력 채널 수(필터 개수), 예: filters: 16",
    ),
    "hint.missing_kernel": ("the window size, e.g. kernel: 3", "필터(창)의 크기, 예: kernel: 3"),
    "hint.missing_units": ("the number of outputs, e.g. units: 10", "출력의 개수, 예: units: 10"),
    "hint.missing_output_size": ("e.g. output_size: [6, 6]", "예: output_size: [6, 6]"),
    "hint.missing_channels": ("e.g. channels: 3", "예: channels: 3"),
    "error.not_whole_number": ("must be a whole number, got {value}", "정수여야 한다, 받은 값: {value}"),
    "error.not_number": ("must be a number, got {value}", "수여야 한다, 받은 값: {value}"),
    "error.not_bool": ("must be true or false, got {value}", "true 또는 false여야 한다, 받은 값: {value}"),
    "error.not_text": ("must be text, got {value}", "문자열이어야 한다, 받은 값: {value}"),
    "error.not_list": ("must be a list, got {value}", "목록이어야 한다, 받은 값: {value}"),
    "error.not_mapping": ("must be a mapping, got {value}", "매핑이어야 한다, 받은 값: {value}"),
    "error.too_small": (
        "must be {sign} {bound}, got {value}",
        "{sign} {bound:이어야/여야} 한다, 받은 값: {value}",
    ),
    "error.too_large": ("must be {sign} {bound}", "{sign} {bound:이어야/여야} 한다"),
    "hint.got": ("got {value}", "받은 값: {value}"),
    "error.too_short": (
        "needs at least {min} entries, got {count}",
        "항목이 {min}개 이상 필요하다, 받은 개수: {count}",
    ),
    "hint.too_short_input": (
        "input is [channels, *spatial] with 1 to 3 spatial sizes, e.g. [3, 224, 224]",
        "input은 [채널, *공간 크기]이고 공간 크기는 1~3개, 예: [3, 224, 224]",
    ),
    "hint.too_short_layers": ("a network needs at least one layer", "네트워크에는 계층이 하나 이상 필요하다"),
    "error.too_long": ("takes at most {max} entries, got {count}", "항목은 최대 {max}개, 받은 개수: {count}"),
    "error.not_one_of": (
        "must be one of {expected}, got {value}",
        "{expected} 중 하나여야 한다, 받은 값: {value}",
    ),
    "error.control_characters": ("must not contain control characters", "제어 문자를 넣을 수 없다"),
    "error.text_too_long": ("is longer than {max} characters", "{max}자보다 길다"),
    "error.per_dim_positive": (
        "must be a positive integer or a list of 1 to 3 of them (one per spatial dimension), got {got}",
        "양의 정수이거나 그런 수 1~3개의 목록(공간 차원마다 하나)이어야 한다, 받은 값: {got}",
    ),
    "error.per_dim_non_negative": (
        "must be a non-negative integer or a list of 1 to 3 of them (one per spatial dimension), got {got}",
        "0 이상의 정수이거나 그런 수 1~3개의 목록(공간 차원마다 하나)이어야 한다, 받은 값: {got}",
    ),
    "error.padding": (
        "must be a non-negative integer, a list of them (one per spatial dimension), 'valid' or 'same', "
        "got {got}",
        "0 이상의 정수, 그런 수의 목록(공간 차원마다 하나), 'valid' 또는 'same'이어야 한다, 받은 값: {got}",
    ),
    "value.null": ("nothing (null)", "없음 (null)"),
    "value.mapping": ("a mapping", "매핑"),
    "value.list": ("a list", "목록"),
    "error.size_not_positive": ("output size would be ≤ 0: {detail}", "출력 크기가 0 이하가 된다: {detail}"),
    "hint.size_not_positive": (
        "use a smaller kernel or stride, more padding, or a larger input",
        "필터나 스트라이드를 줄이거나, 패딩을 늘리거나, 입력을 키운다",
    ),
    "error.kernel_does_not_fit": (
        "kernel {kernel}{dilation} does not fit in input {n} with padding {padding}: {formula}",
        "필터가 입력에 들어가지 않는다 (필터 {kernel}{dilation}, 입력 {n}, 패딩 {padding}): {formula}",
    ),
    "part.dilation": (" (dilation {dilation})", " (팽창 {dilation})"),
    "part.padding_sides": ("{before} before, {after} after", "앞 {before}, 뒤 {after}"),
    "error.groups": (
        "groups={groups} must divide both the input channels ({channels}) and the filters ({filters})",
        "groups={groups:은/는} 입력 채널 수({channels})와 필터 개수({filters})의 공약수여야 한다",
    ),
    "hint.groups": (
        "choose groups among the common divisors of {channels} and {filters}",
        "groups는 {channels:과/와} {filters}의 공약수 중에서 고른다",
    ),
    "error.duplicate_input_name": (
        "'input' names the network's input",
        "'input'은 네트워크의 입력을 가리키는 이름이다",
    ),
    "hint.another_name": ("choose another name for the layer", "계층에 다른 이름을 붙인다"),
    "error.duplicate_name": (
        "name '{name}' is already used by layer {index}",
        "이름 '{name}': 이미 {index}번 층이 쓰는 이름이다",
    ),
    "hint.unique_names": ("layer names must be unique", "계층 이름은 서로 달라야 한다"),
    "error.not_a_mapping_spec": (
        "a spec is a mapping with 'input' and 'layers', not {kind}",
        "명세는 'input'과 'layers'가 있는 매핑이어야 한다, 받은 것: {kind}",
    ),
    "kind.list": ("a list", "목록"),
    "kind.text": ("a single piece of text", "문자열 하나"),
    "kind.empty": ("an empty document", "빈 문서"),
    "kind.value": ("a single value ({value})", "값 하나 ({value})"),
    "error.no_such_file": ("no such file", "그런 파일이 없다"),
    "error.is_directory": ("is a directory, not a spec file", "명세 파일이 아니라 디렉터리다"),
    "error.permission_denied": (
        "permission denied: cannot read the file",
        "권한이 없다: 파일을 읽을 수 없다",
    ),
    "error.malformed_yaml": ("malformed YAML: {detail}", "YAML 형식이 잘못되었다: {detail}"),
    "error.no_document": ("the file holds no document", "파일에 문서가 없다"),
    "hint.no_document": ("a spec needs 'input' and 'layers'", "명세에는 'input'과 'layers'가 필요하다"),
    "error.malformed_json": ("malformed JSON: {detail}", "JSON 형식이 잘못되었다: {detail}"),
    # --- korean2: errors of reading a spec file (spec/loader.py) --------------------------------
    "error.not_regular_file": ("is {kind}, not a spec file", "명세 파일이 아니라 {kind:이다/다}"),
    "file.fifo": ("a named pipe (FIFO)", "이름 있는 파이프(FIFO)"),
    "file.char_device": ("a character device", "문자 장치"),
    "file.block_device": ("a block device", "블록 장치"),
    "file.socket": ("a socket", "소켓"),
    "file.other": ("not a regular file", "일반 파일이 아닌 것"),
    "error.cannot_read_file": ("cannot read the file: {reason}", "파일을 읽을 수 없다: {reason}"),
    "error.file_too_large": (
        "file is larger than {mb} MB; a spec is a few kilobytes",
        "파일이 {mb} MB보다 크다; 명세는 몇 킬로바이트면 된다",
    ),
    "error.binary_file": (
        "not a YAML or JSON spec; this looks like {kind}",
        "YAML이나 JSON 명세가 아니다; {kind}처럼 보인다",
    ),
    "hint.binary_file": (
        "a spec is a text file describing the layers, e.g. specs/lenet5.yaml",
        "명세는 계층을 적은 텍스트 파일이다, 예: specs/lenet5.yaml",
    ),
    "binary.png": ("a PNG image", "PNG 이미지"),
    "binary.jpeg": ("a JPEG image", "JPEG 이미지"),
    "binary.gif": ("a GIF image", "GIF 이미지"),
    "binary.pdf": ("a PDF document", "PDF 문서"),
    "binary.zip": (
        "a ZIP archive, as a Keras .keras or PyTorch .pt model is",
        "ZIP 압축 파일 (Keras .keras나 PyTorch .pt 모델이 이 형식이다)",
    ),
    "binary.hdf5": ("an HDF5 file, as a Keras .h5 model is", "HDF5 파일 (Keras .h5 모델이 이 형식이다)"),
    "binary.npy": ("a NumPy array (.npy)", "NumPy 배열 (.npy)"),
    "binary.gzip": ("a gzip archive", "gzip 압축 파일"),
    "binary.elf": ("a program (ELF)", "프로그램 (ELF)"),
    "binary.onnx": ("an ONNX model", "ONNX 모델"),
    "binary.pytorch": ("a PyTorch model", "PyTorch 모델"),
    "binary.keras": ("a Keras .keras model (a ZIP archive)", "Keras .keras 모델 (ZIP 압축 파일)"),
    "binary.tflite": ("a TensorFlow Lite model", "TensorFlow Lite 모델"),
    "binary.protobuf": ("a TensorFlow protobuf", "TensorFlow protobuf"),
    "binary.pickle": (
        "a Python pickle, as an older PyTorch .pt file is",
        "Python pickle (예전 PyTorch .pt 파일이 이 형식이다)",
    ),
    "binary.data": ("binary data", "바이너리 데이터"),
    # Keras models (cnncalc/importers/keras.py)
    "keras.not_zip": (
        "not a Keras model: a .keras file is a ZIP archive, and this one is not ({reason})",
        "Keras 모델이 아니다: .keras 파일은 ZIP 압축 파일인데 이 파일은 아니다 ({reason})",
    ),
    "keras.no_config": (
        "not a Keras model: the archive has no config.json (it holds {members})",
        "Keras 모델이 아니다: 압축 파일에 config.json이 없다 (들어 있는 것: {members})",
    ),
    "keras.nothing": ("nothing", "없음"),
    "keras.too_many_members": (
        "the archive has {count} members, more than {max}: not a Keras model",
        "압축 파일의 항목이 {count}개로 {max}개를 넘는다: Keras 모델이 아니다",
    ),
    "keras.config_too_large": (
        "config.json is larger than {mb} MB uncompressed: not a model's configuration (a ZIP bomb?)",
        "config.json의 압축을 풀면 {mb} MB를 넘는다: 모델 구성이 아니다 (ZIP 폭탄?)",
    ),
    "keras.encrypted": ("config.json is encrypted", "config.json이 암호화되어 있다"),
    "keras.bad_member": (
        "config.json cannot be read from the archive ({reason})",
        "압축 파일에서 config.json을 읽을 수 없다 ({reason})",
    ),
    "hint.keras_save": (
        "save the model with model.save('model.keras') in Keras 3, or write model.to_json() to a .json file",
        "Keras 3에서 model.save('model.keras')로 저장하거나 model.to_json()을 .json 파일로 쓰면 된다",
    ),
    "keras.folded": (
        "Read from a Keras model. {count} ZeroPadding2D layer(s) ({pairs}) are no rows of their "
        "own: each is the 'same' padding of the layer after it, as TensorFlow pads (0 parameters "
        "either way; the shapes are Keras')",
        "Keras 모델에서 읽었다. ZeroPadding2D 층 {count}개({pairs})는 따로 행이 되지 않는다: 각각 "
        "다음 층의 'same' 패딩이다, TensorFlow가 채우는 대로 (어느 쪽이든 파라미터 0, 형태는 Keras의 것)",
    ),
    "keras.not_a_model": (
        "not a Keras model: its configuration is not a mapping with class_name and config",
        "Keras 모델이 아니다: 구성이 class_name과 config가 있는 매핑이 아니다",
    ),
    "keras.model_class": (
        "the model is a {model_class}: cnncalc reads Sequential and Functional models",
        "모델이 {model_class}이다: cnncalc는 Sequential과 Functional 모델을 읽는다",
    ),
    "hint.keras_model_class": (
        "a subclassed model's layers are its Python code; rebuild it as a Functional model",
        "서브클래싱한 모델의 층은 파이썬 코드 안에 있다; Functional 모델로 다시 만들면 된다",
    ),
    "keras.no_layers": ("the model has no layers", "모델에 층이 없다"),
    "keras.bad_layer": (
        "not a Keras layer's configuration (a field is missing or has the wrong type)",
        "Keras 층의 구성이 아니다 (필드가 없거나 형식이 틀리다)",
    ),
    "keras.second_input": (
        "a second InputLayer: cnncalc reads models with one input",
        "두 번째 InputLayer: cnncalc는 입력이 하나인 모델을 읽는다",
    ),
    "keras.shared_layer": (
        "the layer is called {count} times (a shared layer): cnncalc computes each layer once, on one input",
        "이 층은 {count}번 호출된다 (공유 층): cnncalc는 층마다 입력 하나로 한 번 계산한다",
    ),
    "hint.keras_shared": (
        "write the model as a spec, one layer per call, with inputs: naming each call's input",
        "모델을 스펙으로 쓰되 호출마다 층을 하나씩, inputs:로 각 호출의 입력을 적으면 된다",
    ),
    "keras.several_inputs": (
        "the model has {count} inputs ({names}): cnncalc reads models with one input",
        "모델의 입력이 {count}개다 ({names}): cnncalc는 입력이 하나인 모델을 읽는다",
    ),
    "keras.output_not_last": (
        "the model's outputs ({names}) are not its last layer alone: cnncalc reads models whose one "
        "output is the last layer",
        "모델의 출력 ({names})이 마지막 층 하나가 아니다: cnncalc는 출력이 마지막 층 하나인 모델을 읽는다",
    ),
    "keras.unknown_inbound": (
        "its input '{ref}' is not an earlier layer of the model",
        "입력 '{ref}'는 모델의 앞선 층이 아니다",
    ),
    "keras.name_taken": (
        "the name '{name}' is another layer's, or cnncalc's name for the model's input",
        "이름 '{name}'은 다른 층의 이름이거나 cnncalc에서 모델 입력을 가리키는 이름이다",
    ),
    "keras.no_input_shape": (
        "the model has no input shape (it was never built)",
        "모델에 입력 크기가 없다 (빌드된 적이 없다)",
    ),
    "keras.unknown_size": (
        "the input's size on axis {axis} is unknown (None)",
        "입력의 {axis}번 축 크기를 모른다 (None)",
    ),
    "hint.keras_input": (
        "build the model on keras.Input(shape=(224, 224, 3)), every size given, and save it again",
        "keras.Input(shape=(224, 224, 3))처럼 모든 크기를 주고 모델을 만들어 다시 저장하면 된다",
    ),
    "keras.bad_size": (
        "the input's size on axis {axis} is {got}, not a whole number",
        "입력의 {axis}번 축 크기가 {got}이다: 정수가 아니다",
    ),
    "keras.custom_layer": (
        "a custom layer ({registered}): its shapes are computed by its Python code, which cnncalc never runs",
        "사용자 정의 층 ({registered}): 크기를 파이썬 코드가 계산하는데, cnncalc는 코드를 실행하지 않는다",
    ),
    "hint.keras_custom": (
        "build the model from Keras' own layers, or write the layer in a spec as cnncalc layers",
        "Keras 기본 층으로 모델을 만들거나, 그 층을 스펙에서 cnncalc 층으로 쓰면 된다",
    ),
    "keras.unknown_class": (
        "not a Keras layer cnncalc knows",
        "cnncalc가 아는 Keras 층이 아니다",
    ),
    "hint.keras_known": (
        'the layers cnncalc reads are listed in README\'s "Reading ONNX and Keras models"',
        'cnncalc가 읽는 층은 README의 "Reading ONNX and Keras models"에 있다',
    ),
    "keras.unsupported": (
        "{field} = {value} is not supported",
        "{field} = {value}는 지원하지 않는다",
    ),
    "hint.keras_axis": (
        "cnncalc normalises and concatenates on the channels, Keras' axis=-1",
        "cnncalc는 채널(Keras의 axis=-1)에 대해서만 정규화하고 이어 붙인다",
    ),
    "hint.keras_norm": (
        "cnncalc's norms have both γ and β, only γ, or neither",
        "cnncalc의 정규화 층은 γ와 β가 둘 다 있거나, γ만 있거나, 둘 다 없다",
    ),
    "keras.asymmetric_padding": (
        "padding {value} is not the same on both sides of an axis: "
        "cnncalc's zero_padding pads both sides equally",
        "padding {value}가 축의 양쪽에서 다르다: cnncalc의 zero_padding은 양쪽을 똑같이 채운다",
    ),
    "hint.keras_asymmetric": (
        "pad both sides equally, or use padding='same' on the next layer "
        "(TensorFlow's 'same' puts the extra pixel after)",
        "양쪽을 똑같이 채우거나, 다음 층에 padding='same'을 쓰면 된다 "
        "(TensorFlow의 'same'은 남는 픽셀을 뒤쪽에 둔다)",
    ),
    "error.not_utf8": (
        "not UTF-8 text (byte 0x{byte} at offset {offset})",
        "UTF-8 텍스트가 아니다 (오프셋 {offset}의 바이트 0x{byte})",
    ),
    "hint.save_utf8": ("save the spec as UTF-8", "명세를 UTF-8로 저장한다"),
    "error.nul_bytes": (
        "binary data (NUL bytes), not a YAML or JSON spec",
        "YAML이나 JSON 명세가 아니라 바이너리 데이터다 (NUL 바이트)",
    ),
    "error.empty_file": ("the file is empty", "파일이 비어 있다"),
    "hint.empty_file": (
        "a spec needs at least 'input' and 'layers'",
        "명세에는 적어도 'input'과 'layers'가 필요하다",
    ),
    "json.at_column": ("{message} (column {column})", "{message} ({column}열)"),
    "json.ends_early": ("the file ends before the document does", "문서가 끝나기 전에 파일이 끝난다"),
    "hint.json_close": ("close every {brackets} and quote", "{brackets}와 따옴표를 모두 닫는다"),
    "json.comment": ("JSON has no comments", "JSON에는 주석이 없다"),
    "hint.json_comment": (
        "remove them, or rename the file to .yaml and write # comments",
        "주석을 지우거나, 파일 이름을 .yaml로 바꾸고 # 주석을 쓴다",
    ),
    "json.single_quotes": (
        "JSON strings take double quotes, not single quotes",
        "JSON 문자열은 작은따옴표가 아니라 큰따옴표로 쓴다",
    ),
    "hint.json_single_quotes": (
        'write "…", or rename the file to .yaml: YAML takes either',
        '"…"처럼 쓰거나, 파일 이름을 .yaml로 바꾼다: YAML은 둘 다 받는다',
    ),
    "json.trailing_comma": ("a comma before '{char}'", "'{char}' 앞에 쉼표가 있다"),
    "hint.json_trailing_comma": ("remove the trailing comma", "끝의 쉼표를 지운다"),
    "json.unexpected": ("unexpected {shown}", "예상하지 못한 {shown}"),
    "error.key_twice": (
        "key '{name}' is given twice in the same mapping",
        "키 '{name}': 같은 매핑에 두 번 나온다",
    ),
    "hint.key_twice": ("remove one of them", "둘 중 하나를 지운다"),
    "error.not_a_number_constant": (
        "{token} is not a number a spec can use",
        "{token}: 명세에 쓸 수 있는 수가 아니다",
    ),
    "error.too_deep": ("nested deeper than {max} levels", "{max}단계보다 깊이 중첩되어 있다"),
    "error.long_integer": (
        "an integer of {digits} digits; cnncalc reads integers of at most {max} digits",
        "{digits}자리 정수다; cnncalc는 최대 {max}자리 정수까지 읽는다",
    ),
    "yaml.by_line": ("{problem} by line {line}", "{problem} ({line}행까지)"),
    "hint.yaml_close": ("close the {opened} opened on line {line}", "{line}행에서 연 것을 닫는다: {opened}"),
    "yaml.quote": ("quote", "따옴표"),
    # PyYAML's most frequent problems, word for word in English
    "yaml.mapping_values": (
        "mapping values are not allowed here",
        "여기에는 매핑 값(key: value)을 쓸 수 없다",
    ),
    "yaml.bad_character": (
        "found character that cannot start any token",
        "토큰을 시작할 수 없는 문자가 있다",
    ),
    "yaml.no_close": ("did not find expected ',' or {close}", "{close} 또는 ','가 있어야 하는데 없다"),
    "yaml.no_colon": ("could not find expected ':'", "':'가 있어야 하는데 없다"),
    "yaml.end_of_stream": ("found unexpected end of stream", "예상하지 못한 곳에서 파일이 끝난다"),
    "yaml.no_key": ("did not find expected key", "키가 있어야 하는데 없다"),
    "yaml.no_list_item": ("did not find expected '-' indicator", "'-' 표시가 있어야 하는데 없다"),
    "hint.yaml_tabs": ("indent with spaces, not tabs", "탭이 아니라 공백으로 들여쓴다"),
    "hint.yaml_indent": (
        "check this line's indentation against the lines above it",
        "이 행의 들여쓰기를 위의 행들과 맞춰 본다",
    ),
    "hint.yaml_list_indent": (
        "check this line's indentation: a list item's keys are indented past its '-'",
        "이 행의 들여쓰기를 확인한다: 목록 항목의 키는 '-'보다 더 들여쓴다",
    ),
    "error.yaml_tag": (
        "unsupported YAML tag {tag}: a spec holds only numbers, strings, booleans, lists and mappings",
        "지원하지 않는 YAML 태그 {tag}: 명세에는 수, 문자열, 불리언, 목록, 매핑만 쓴다",
    ),
    "hint.quote_text": ("quote the value if it is meant as text", "문자열로 쓰려면 값을 따옴표로 감싼다"),
    "error.yaml_keys": (
        "keys must be plain words (no merge keys, lists or mappings as keys)",
        "키는 평범한 단어여야 한다 (병합 키, 목록, 매핑은 키가 될 수 없다)",
    ),
    "yaml.undefined_alias": ("found undefined alias {alias}", "정의되지 않은 별칭 {alias}"),
    "yaml.second_document": (
        "expected one document, found another",
        "문서는 하나여야 하는데 또 있다",
    ),
    "error.alias_bomb": (
        "the document expands to more than {max} values (an alias bomb?)",
        "문서를 펼치면 값이 {max}개를 넘는다 (alias 폭탄?)",
    ),
    "error.yaml_sexagesimal": (
        "'{shown}' is a base-60 (sexagesimal) number in YAML 1.1, {value}",
        "'{shown}': YAML 1.1에서는 60진수로 읽어 {value}",
    ),
    "hint.yaml_sexagesimal": (
        "write {value}, or quote '{text}' if it is text",
        "{value:을/를} 쓰거나, 문자열이면 '{text}'처럼 따옴표로 감싼다",
    ),
    "error.yaml_binary": (
        "'{shown}' is a binary number in YAML 1.1, {value}",
        "'{shown}': YAML 1.1에서는 2진수로 읽어 {value}",
    ),
    "hint.write_value": ("write {value}", "{value:을/를} 쓴다"),
    "error.yaml_octal": (
        "'{shown}' has a leading zero, which YAML 1.1 reads as octal: {octal}",
        "'{shown}': 앞에 0이 있어 YAML 1.1에서는 8진수 {octal:으로/로} 읽는다",
    ),
    "hint.yaml_octal": (
        "write {decimal}, or {octal} if octal was meant",
        "{decimal:을/를} 쓰거나, 8진수를 뜻했다면 {octal:을/를} 쓴다",
    ),
    # --- korean2: errors of validating a spec (spec/validate.py, spec/models.py) ---------------
    "error.not_supported_yet": (
        "layer type {type} ({what}) is not supported by cnncalc yet",
        "계층 종류 {type}({what}): cnncalc는 아직 지원하지 않는다",
    ),
    "hint.supported_types": ("supported types: {types}", "지원하는 종류: {types}"),
    "unsupported.pixel_shuffle": ("pixel shuffle", "픽셀 셔플"),
    "unsupported.unit_norm": ("unit normalisation", "단위 정규화"),
    "unsupported.embedding": ("an embedding", "임베딩"),
    "unsupported.recurrent": ("a recurrent layer", "순환 계층"),
    "unsupported.attention": ("attention", "어텐션"),
    "unsupported.reshape": ("a reshape", "형태 바꾸기(reshape)"),
    "unsupported.cropping": ("cropping", "자르기(cropping)"),
    "unsupported.identity": ("an identity", "항등 계층"),
    "unsupported.spatial_dropout": ("spatial dropout", "공간 드롭아웃"),
    "unsupported.alpha_dropout": ("alpha dropout", "알파 드롭아웃"),
    "error.not_finite": ("must be a finite number, got {value}", "유한한 수여야 한다, 받은 값: {value}"),
    "hint.finite": ("write a number, e.g. 1e-05", "수를 쓴다, 예: 1e-05"),
    "hint.octal_text": (
        "write the decimal {decimal}: YAML 1.1 reads {quoted} as text",
        "10진수 {decimal:을/를} 쓴다: YAML 1.1은 {quoted:을/를} 문자열로 읽는다",
    ),
    "hint.leading_zero": ("write {value} without the leading zero", "앞의 0을 빼고 {value:을/를} 쓴다"),
    "error.unknown_activation": ("unknown activation {got}", "알 수 없는 활성화 함수 {got}"),
    "hint.known_activations": ("known activations: {names}", "알려진 활성화 함수: {names}"),
    "error.activation_has_weights": (
        "{name} has weights of its own, so it cannot be another layer's activation",
        "{name}: 자기 가중치가 있어 다른 계층의 activation이 될 수 없다",
    ),
    "hint.activation_own_layer": (
        "write it as a layer of its own after this one: {{type: {name}}}",
        "이 계층 뒤에 따로 계층으로 쓴다: {{type: {name}}}",
    ),
    "error.activation_needs_function": (
        "a layer of type 'activation' needs its 'function', e.g. function: relu",
        "type이 'activation'인 계층에는 'function'이 필요하다, 예: function: relu",
    ),
    "error.activation_two_functions": (
        "type '{type}' already names the function, and 'function' says '{function}'; "
        "write type: activation with function: {function}",
        "'function'의 값 '{function}': type '{type}'에서 이미 함수가 정해졌다; "
        "type: activation과 function: {function:으로/로} 쓴다",
    ),
    "error.prelu_only_field": (
        "'{field}' is a field of prelu only, not of {name}",
        "'{field}'는 prelu에만 있는 필드다, {name}에는 없다",
    ),
    "error.prelu_both": (
        "give num_parameters (PyTorch) or shared_axes (Keras), not both",
        "num_parameters(PyTorch)와 shared_axes(Keras) 중 하나만 쓴다",
    ),
    "error.input_layout_sizes": (
        "give 'length' (1-D), 'height' and 'width' (2-D), or 'depth', 'height' and 'width' (3-D); "
        "got {given}",
        "'length'(1차원), 'height'와 'width'(2차원), 또는 'depth', 'height', 'width'(3차원)를 쓴다; "
        "받은 것: {given}",
    ),
    "part.no_spatial_size": ("no spatial size", "공간 크기 없음"),
    "error.input_form": (
        "must be a list such as {list} or a mapping such as {mapping}",
        "{list} 같은 목록이거나 {mapping} 같은 매핑이어야 한다",
    ),
    "error.more_problems": ("… and {count} more problem{plural}", "… 그리고 문제 {count}개 더"),
    # --- korean2: errors of computing a layer (engine/calculator.py, conventions.py, limits.py) ----
    "part.an_layer": ("an {kind} layer", "{kind} 계층"),
    "error.needs_two_inputs": (
        "{layer} needs at least two inputs, got {count} ({names})",
        "{layer}에는 입력이 둘 이상 필요하다, 받은 개수: {count} ({names})",
    ),
    "hint.name_inputs": (
        "name them, e.g. inputs: [conv2, input]",
        "입력을 적는다, 예: inputs: [conv2, input]",
    ),
    "error.takes_one_input": (
        "{layer} takes one input, got {count} ({names})",
        "{layer}에는 입력이 하나만 들어간다, 받은 개수: {count} ({names})",
    ),
    "hint.join_inputs": ("join them first with an add or concat layer", "먼저 add나 concat 계층으로 합친다"),
    "error.rank": (
        "a {dims}-D layer cannot take input {shape} ({rank} spatial dimension{plural})",
        "{dims}차원 계층은 입력 {shape:을/를} 받을 수 없다 (공간 차원 {rank}개)",
    ),
    "hint.rank_or_channels": (
        "use the {rank}-D form of the layer, or put the channel count first in input: [C, *spatial]",
        "{rank}차원 계층을 쓰거나, input의 맨 앞에 채널 수를 넣는다: [C, *spatial]",
    ),
    "hint.rank": ("use the {rank}-D form of the layer", "{rank}차원 계층을 쓴다"),
    "error.needs_spatial": (
        "{kind} needs a spatial input [C, *spatial], got {shape}",
        "{kind}에는 공간 크기가 있는 입력 [C, *spatial]이 필요하다, 받은 값: {shape}",
    ),
    "hint.flat_input": (
        "the input is flat: give its spatial sizes, e.g. input: [C, H, W]",
        "입력이 평평하다: 공간 크기를 준다, 예: input: [C, H, W]",
    ),
    "hint.flat_after_flatten": (
        "remove the flatten before it ('{name}'), or move it after this layer",
        "앞의 flatten('{name}')을 지우거나, 이 계층 뒤로 옮긴다",
    ),
    "hint.flat_after_global_pool": (
        "{kind} ('{name}') gives a flat C; for the C×1×1 a 1×1 conv takes, "
        "use {{type: {pool}, output_size: 1}}",
        "{kind}('{name}')의 출력은 평평한 C다; 1×1 합성곱 계층이 받는 C×1×1을 얻으려면 "
        "{{type: {pool}, output_size: 1}}을 쓴다",
    ),
    "hint.flat_after_dense": (
        "'{name}' (dense) gives a flat vector: put this layer before the dense layers",
        "'{name}'(dense)의 출력은 평평한 벡터다: 이 계층을 완전연결 계층들 앞에 둔다",
    ),
    "hint.flat_after_other": (
        "its input, from '{name}' ({kind}), is a flat vector: put this layer before the flatten",
        "'{name}'({kind})에서 오는 입력이 평평한 벡터다: 이 계층을 flatten 앞에 둔다",
    ),
    "error.per_dim_entries": (
        "{field} has {count} entries but the input has {rank} spatial dimension{plural}",
        "{field}의 항목은 {count}개인데 입력의 공간 차원은 {rank}개다",
    ),
    "hint.per_dim_entries": (
        "give one entry per spatial dimension, or a single integer",
        "공간 차원마다 하나씩 쓰거나, 정수 하나를 쓴다",
    ),
    "error.output_padding_too_large": (
        "output_padding {op} must be smaller than the stride ({s}) or the dilation ({d})",
        "output_padding {op:은/는} 스트라이드({s})나 dilation({d})보다 작아야 한다",
    ),
    "hint.pytorch_refuses": ("PyTorch refuses it otherwise", "그렇지 않으면 PyTorch가 거부한다"),
    "error.output_padding_same": (
        "output_padding {op} with padding 'same': Keras would give "
        "(N − 1)S + (D(F − 1) + 1) mod 2 + output_padding, not N·S",
        "패딩 'same'에 output_padding {op}: Keras는 N·S가 아니라 "
        "(N − 1)S + (D(F − 1) + 1) mod 2 + output_padding을 낸다",
    ),
    "hint.output_padding_same": (
        "leave output_padding out for Keras' N·S, or give the padding as a number",
        "Keras의 N·S를 원하면 output_padding을 빼거나, 패딩을 수로 준다",
    ),
    "error.pool_padding": (
        "padding {p} is more than half the kernel {kernel}",
        "패딩 {p:이/가} 필터 크기 {kernel}의 절반보다 크다",
    ),
    "hint.pool_padding": (
        "PyTorch requires padding ≤ kernel/2 for pooling",
        "PyTorch의 풀링 계층은 패딩 ≤ kernel/2여야 한다",
    ),
    "error.avgpool3d_small": (
        "input {n} is smaller than the kernel {k} on axis {axis}",
        "{axis}번 축에서 입력 {n:이/가} 필터 크기 {k}보다 작다",
    ),
    "hint.avgpool3d_small": (
        "PyTorch's AvgPool3d refuses this even with padding or ceil_mode",
        "PyTorch의 AvgPool3d는 패딩이나 ceil_mode가 있어도 이를 거부한다",
    ),
    "error.ceil_same": (
        "ceil_mode applies to numeric padding, not 'same'",
        "ceil_mode는 'same'이 아니라 수로 준 패딩에만 쓴다",
    ),
    "error.shared_axes": (
        "shared_axes has axis {axis}, but the input {shape} has {count} axes in Keras "
        "(numbered 1 to {count}, channels last)",
        "shared_axes에 축 {axis:이/가} 있지만 입력 {shape:은/는} Keras에서 축이 {count}개다 "
        "(1부터 {count}까지, 채널이 마지막)",
    ),
    "hint.shared_axes": (
        "share the spatial axes with shared_axes: {axes}",
        "공간 축을 공유하려면 shared_axes: {axes}",
    ),
    "error.prelu_count": (
        "PyTorch's PReLU takes num_parameters 1 or the input's channels ({channels}), got {count}",
        "PyTorch의 PReLU에서 num_parameters는 1 또는 입력의 채널 수({channels})여야 한다, 받은 값: {count}",
    ),
    "hint.prelu_count": (
        "num_parameters: 1 shares one slope; num_parameters: {channels} gives one per channel",
        "num_parameters: 1이면 기울기 하나를 공유하고, num_parameters가 {channels}이면 채널마다 하나다",
    ),
    "error.add_shapes": (
        "add needs inputs of one shape: '{first}' is {first_shape} but '{other}' is {other_shape}",
        "add의 입력은 형태가 같아야 한다: '{first}'의 형태는 {first_shape}, '{other}'의 형태는 {other_shape}",
    ),
    "hint.add_rank": (
        "give both branches the same rank (flatten both, or neither)",
        "두 갈래의 차원 수를 맞춘다 (둘 다 flatten하거나, 둘 다 하지 않는다)",
    ),
    "hint.add_spatial": (
        "add broadcasts only sizes of 1, and only the spatial sizes differ ({a} vs {b}); give both "
        "branches the same strides and padding, or resize one",
        "add는 크기 1만 브로드캐스트하는데, 공간 크기만 다르다 ({a} 대 {b}); 두 갈래의 스트라이드와 "
        "패딩을 맞추거나 한쪽의 크기를 바꾼다",
    ),
    "hint.add_channels": (
        "only the channels differ ({a} vs {b}): project the {shape} branch with a 1×1 conv, "
        "{filters} filters",
        "채널 수만 다르다 ({a} 대 {b}): {shape} 갈래를 필터 {filters}개의 1×1 합성곱으로 투영한다",
    ),
    "hint.add_downsample": (
        "project the {shape} branch with a 1×1 conv, {filters} filters, stride {stride} "
        "(as ResNet's downsample)",
        "{shape} 갈래를 필터 {filters}개, 스트라이드 {stride}의 1×1 합성곱으로 투영한다 "
        "(ResNet의 downsample처럼)",
    ),
    "hint.add_both": (
        "the channels differ ({a} vs {b}) and so do the spatial sizes ({c} vs {d}): give both "
        "branches the same strides and padding, then project the channels with a 1×1 conv",
        "채널 수({a} 대 {b})도 공간 크기({c} 대 {d})도 다르다: 두 갈래의 스트라이드와 패딩을 "
        "맞춘 다음 1×1 합성곱으로 채널을 투영한다",
    ),
    "error.concat_spatial": (
        "concat joins channels, so spatial sizes must match: '{first}' is {first_shape} but "
        "'{other}' is {other_shape}",
        "concat은 채널을 이어 붙이므로 공간 크기가 같아야 한다: '{first}'의 형태는 {first_shape}, "
        "'{other}'의 형태는 {other_shape}",
    ),
    "hint.concat_spatial": (
        "pad, crop or resize one branch so both have the same spatial size",
        "한쪽 갈래에 패딩을 넣거나, 자르거나, 크기를 바꿔 공간 크기를 맞춘다",
    ),
    "hint.drop_batch": (
        "drop the leading 1 (a batch size?): input: {input}",
        "앞의 1을 뺀다 (배치 크기?): input: {input}",
    ),
    "hint.channels_first": (
        "input is channels-first [C, *spatial]: did you mean {shape}?",
        "input은 채널이 먼저다 [C, *spatial]: 혹시 {shape}인가?",
    ),
    "hint.keras_channels_last": (
        "under Keras input is channels-last [*spatial, C]: did you mean {input}? (or layout: channels_first)",
        "Keras에서 input은 채널이 마지막이다 [*spatial, C]: 혹시 {input}인가? (또는 layout: channels_first)",
    ),
    "error.pytorch_same_stride": (
        "PyTorch refuses padding='same' with a stride other than 1",
        "PyTorch는 스트라이드가 1이 아닐 때 padding='same'을 거부한다",
    ),
    "error.pytorch_pool_same": (
        "PyTorch's pooling layers have no padding='same'",
        "PyTorch의 풀링 계층에는 padding='same'이 없다",
    ),
    "hint.pytorch_same": (
        "give the padding as a number, or leave out the convention for TensorFlow's 'same'",
        "패딩을 수로 주거나, TensorFlow의 'same'을 쓰려면 convention을 뺀다",
    ),
    "error.output_too_large": (
        "output size {size} exceeds {max}",
        "출력 크기 {size:이/가} {max:을/를} 넘는다",
    ),
    "error.output_elements": (
        "output of {shape} has more than {max} elements",
        "출력 {shape}의 원소가 {max}개를 넘는다",
    ),
    "error.params_too_large": (
        "parameter count {count} exceeds {max}",
        "파라미터 개수 {count:이/가} {max:을/를} 넘는다",
    ),
    "error.macs_too_large": (
        "MAC count {count} exceeds {max}",
        "연산량(MACs) {count:이/가} {max:을/를} 넘는다",
    ),
    "hint.limits": (
        "sizes are at most {max_dim} per dimension and counts at most {max_count}",
        "크기는 차원마다 최대 {max_dim}, 개수는 최대 {max_count}이다",
    ),
    # --- korean2: errors of blocks and their expansion (spec/blocks.py) --------------------------
    "block.not_mapping_blocks": (
        "must be a mapping of block names to definitions",
        "블록 이름을 정의에 대응시키는 매핑이어야 한다",
    ),
    "block.not_mapping": (
        "a block is a mapping with 'layers' (and optionally 'params', 'inputs')",
        "블록은 'layers'가 있는 매핑이다 ('params', 'inputs'는 넣어도 된다)",
    ),
    "block.unknown_field": ("unknown field '{field}' for a block", "블록에 없는 필드 '{field}'"),
    "block.no_layers": (
        "a block needs a non-empty list of 'layers'",
        "블록에는 비어 있지 않은 'layers' 목록이 필요하다",
    ),
    "block.params_not_mapping": (
        "must be a mapping of parameter names to defaults (null: required)",
        "파라미터 이름을 기본값에 대응시키는 매핑이어야 한다 (null: 꼭 주어야 함)",
    ),
    "block.param_not_word": (
        "parameter name '{name}' must be a word (letters, digits, _)",
        "파라미터 이름 '{name}': 단어여야 한다 (글자, 숫자, _)",
    ),
    "block.param_reserved": (
        "'{name}' cannot be a parameter: it already means something on a block's use",
        "'{name}': 파라미터가 될 수 없다, 블록을 쓸 때 이미 뜻이 있는 이름이다",
    ),
    "block.inputs_not_names": (
        "must be a list of distinct names for the block's inputs",
        "블록 입력들의 서로 다른 이름 목록이어야 한다",
    ),
    "block.too_many_layers": (
        "the blocks expand to more than {max} layers",
        "블록을 펼치면 계층이 {max}개를 넘는다",
    ),
    "block.name_used": (
        "name '{name}' is already used in {where}",
        "이름 '{name}': {where}에서 이미 쓰는 이름이다",
    ),
    "part.block": ("block '{block}'", "블록 '{block}'"),
    "hint.unique_in_block": (
        "layer names must be unique within a block",
        "블록 안에서 계층 이름은 서로 달라야 한다",
    ),
    "hint.unique": ("names must be unique", "이름은 서로 달라야 한다"),
    "block.type_and_block": (
        "a layer has either 'type' or 'block', not both",
        "계층에는 'type'과 'block' 중 하나만 쓴다",
    ),
    "hint.remove_one": ("remove one", "하나를 지운다"),
    "block.unknown": ("unknown block {block}", "알 수 없는 블록 {block}"),
    "hint.defined_blocks": ("defined blocks: {blocks}", "정의된 블록: {blocks}"),
    "hint.define_block": ("define it under 'blocks:' at the top", "맨 위의 'blocks:' 아래에 정의한다"),
    "block.uses_itself": (
        "block '{block}' uses itself ({chain})",
        "블록 '{block}': 자기 자신을 쓴다 ({chain})",
    ),
    "block.too_deep": (
        "blocks are nested deeper than {max} levels",
        "블록이 {max}단계보다 깊이 중첩되어 있다",
    ),
    "error.not_positive": ("must be a positive integer, got {value}", "양의 정수여야 한다, 받은 값: {value}"),
    "block.first_not_mapping": (
        "must be a mapping of parameters for the first copy",
        "첫 번째 사본에 줄 파라미터의 매핑이어야 한다",
    ),
    "block.no_param": (
        "block '{block}' has no parameter '{name}'",
        "블록 '{block}'에 없는 파라미터 '{name}'",
    ),
    "block.inputs_count": (
        "block '{block}' takes {count} input(s) ({names}), got {got}",
        "블록 '{block}'의 입력은 {count}개다 ({names}), 받은 개수: {got}",
    ),
    "block.needs_params": (
        "block '{block}' needs parameter{plural} {names}",
        "블록 '{block}'에 필요한 파라미터: {names}",
    ),
    "hint.example": ("e.g. {example}", "예: {example}"),
    "block.inputs_not_list": (
        "must be a list of earlier layers' names",
        "앞선 계층들의 이름 목록이어야 한다",
    ),
    "block.input_later": (
        "'{name}' comes later in block '{block}'; inputs must be earlier layers",
        "'{name}': 블록 '{block}'에서 뒤에 나온다; 입력은 앞선 계층이어야 한다",
    ),
    "block.unknown_name": ("unknown name '{name}' in block '{block}'", "블록 '{block}'에 없는 이름 '{name}'"),
    "hint.names_so_far": (
        "names in block '{block}' so far: {names}",
        "블록 '{block}'에서 지금까지의 이름: {names}",
    ),
    "block.param_outside": (
        "{ref} is a block parameter, but this layer is not in a block",
        "{ref}: 블록 파라미터인데 이 계층은 블록 안에 있지 않다",
    ),
    "hint.param_outside": (
        "parameters are substituted only inside 'blocks'",
        "파라미터는 'blocks' 안에서만 대입된다",
    ),
    "block.unknown_param": (
        "unknown parameter '{name}' in block '{block}'",
        "블록 '{block}'에 없는 파라미터 '{name}'",
    ),
    "hint.its_params": ("its parameters: {names}", "파라미터: {names}"),
    "hint.no_params": ("it takes no parameters", "파라미터가 없다"),
    "hint.block_no_params": ("the block declares no params", "블록에 선언된 params가 없다"),
    "block.value_too_long": (
        "is {count} characters after substitution; the limit is {max}",
        "대입한 뒤의 길이: {count}자; 한도는 {max}자다",
    ),
    "block.value_too_long_in": (
        "is {count} characters after substitution in block '{block}'; the limit is {max}",
        "블록 '{block}'에서 대입한 뒤의 길이: {count}자; 한도는 {max}자다",
    ),
    "hint.value_grows": (
        "a parameter passed down through nested blocks grows at each level",
        "중첩된 블록을 거쳐 전달되는 파라미터는 단계마다 길어진다",
    ),
    "part.more_than": ("more than {count}", "{count} 초과"),
    "block.expands_to": (
        "the blocks expand to {count} layers (those 'when: false' drops counted); the limit is {max}",
        "블록을 펼치면 계층이 {count}개다 ('when: false'로 빠지는 것도 센다); 한도는 {max}개다",
    ),
    "hint.block_gives": (
        "block {block} here gives {count} of them",
        "여기의 블록 {block}에서 {count}개가 나온다",
    ),
    # --- korean2: errors of an apply file (spec/exercise.py) -------------------------------------
    "apply.digits": ("a number has at most {n} digits, got {got}", "수는 최대 {n}자리다, 받은 자릿수: {got}"),
    "apply.what_matrix": ("the matrix", "행렬"),
    "apply.what_channel": ("channel {i}", "채널 {i}"),
    "apply.not_rows": (
        "{what} must be a non-empty list of rows",
        "{what}: 비어 있지 않은 행의 목록이어야 한다",
    ),
    "apply.row_not_list": (
        "{what}: row {r} must be a non-empty list of numbers",
        "{what}: {r}행은 비어 있지 않은 수의 목록이어야 한다",
    ),
    "apply.cell_problem": ("{what}: row {r}, column {c}: {problem}", "{what}: {r}행 {c}열: {problem}"),
    "apply.cell_not_number": (
        "{what}: row {r}, column {c} must be a number, got {got}",
        "{what}: {r}행 {c}열은 수여야 한다, 받은 값: {got}",
    ),
    "apply.ragged": (
        "{what}: row {r} has {n} number(s) but row 1 has {m}; every row needs the same length",
        "{what}: {r}행의 수는 {n}개인데 1행은 {m}개다; 모든 행의 길이가 같아야 한다",
    ),
    "apply.channel_sizes": (
        "every channel must have the same height and width, got {shapes}",
        "모든 채널의 높이와 너비가 같아야 한다, 받은 크기: {shapes}",
    ),
    "apply.not_tensor": (
        "must be a matrix (a list of rows of numbers) or a list of matrices, one per channel",
        "행렬(수로 된 행의 목록)이거나 채널마다 하나씩인 행렬의 목록이어야 한다",
    ),
    "apply.pool_size": (
        "a pool size must be ≥ 1, got {got}",
        "풀링 크기는 1 이상이어야 한다, 받은 값: {got}",
    ),
    "apply.kernel_form": (
        "must be a matrix (a list of rows), or for a pool a size: an integer or [height, width]",
        "행렬(행의 목록)이어야 한다, 풀링이면 크기: 정수 또는 [높이, 너비]",
    ),
    "apply.pair": (
        "must be an integer ≥ {minimum} or a list [height, width] of them, got {got}",
        "{minimum} 이상의 정수이거나 그런 수의 목록 [높이, 너비]여야 한다, 받은 값: {got}",
    ),
    "apply.numbers": (
        "must be a number or a list of numbers (one per filter), got {got}",
        "수이거나 수의 목록(필터마다 하나)이어야 한다, 받은 값: {got}",
    ),
    "apply.not_mapping": (
        "an apply file is a mapping with 'input' and 'kernel'",
        "apply 파일은 'input'과 'kernel'이 있는 매핑이다",
    ),
    "apply.too_many": (
        "more than {max} numbers: too large to work by hand",
        "수가 {max}개를 넘는다: 손으로 풀기에는 너무 크다",
    ),
    "hint.apply_too_many": (
        "apply is for the small matrices of exercises; use cnncalc SPEC for real networks",
        "apply는 연습 문제의 작은 행렬을 위한 것이다; 실제 네트워크에는 cnncalc SPEC을 쓴다",
    ),
    "apply.kernel_and_kernels": (
        "give either 'kernel' or 'kernels', not both",
        "'kernel'과 'kernels' 중 하나만 쓴다",
    ),
    "apply.conv_needs_kernel": (
        "a convolution needs a 'kernel' (a matrix) or 'kernels' (several)",
        "합성곱에는 'kernel'(행렬 하나)이나 'kernels'(여러 개)가 필요하다",
    ),
    "apply.kernel_is_size": (
        "a convolution kernel is a matrix of weights, not a size",
        "합성곱의 필터는 크기가 아니라 가중치의 행렬이다",
    ),
    "apply.kernel_channels": (
        "the input has {channels} channel{plural} but the kernel has {matrices} matrix{plural_es}; "
        "give one per channel",
        "입력의 채널은 {channels}개인데 필터의 행렬은 {matrices}개다; 채널마다 하나씩 준다",
    ),
    "apply.kernel_channel_sizes": (
        "every channel of a kernel must have the same size",
        "필터의 모든 채널은 크기가 같아야 한다",
    ),
    "apply.filter_sizes": (
        "all filters must have the same size, got {sizes}",
        "모든 필터의 크기가 같아야 한다, 받은 크기: {sizes}",
    ),
    "apply.bias_count": (
        "give one bias, or one per filter ({filters}), not {count}",
        "bias는 하나, 또는 필터마다 하나({filters}개)를 준다, {count}개가 아니다",
    ),
    "apply.pool_one_window": (
        "{op} takes one window size in 'kernel'",
        "{op}: 'kernel'에 창 크기 하나를 준다",
    ),
    "apply.pool_kernel_matrix": (
        "for {op}, kernel is the window size (e.g. 2 or [2, 2]), not a matrix",
        "{op}에서 kernel은 행렬이 아니라 창 크기다 (예: 2 또는 [2, 2])",
    ),
    "apply.pool_bias": ("pooling has no bias", "풀링에는 bias가 없다"),
    "apply.pool_padding": (
        "{padding} is more than half the window {window}: a window would see only padding "
        "(PyTorch requires padding ≤ kernel/2 for pooling)",
        "{padding:이/가} 창 크기 {window}의 절반보다 크다: 창이 패딩만 보게 된다 "
        "(PyTorch의 풀링 계층은 패딩 ≤ kernel/2여야 한다)",
    ),
    "apply.unknown_field": ("unknown field '{field}'", "없는 필드 '{field}'"),
    "apply.not_op": (
        "must be conv, maxpool or avgpool, got {got}",
        "conv, maxpool, avgpool 중 하나여야 한다, 받은 값: {got}",
    ),
    "apply.not_text": ("must be text", "문자열이어야 한다"),
    # --- korean2: errors of the one-off commands' options (oneoff.py) ---------------------------
    "oneoff.bad_size": (
        "expected a size such as 32 or 32x32, got {text}",
        "32나 32x32 같은 크기여야 한다, 받은 값: {text}",
    ),
    "oneoff.not_positive": (
        "every size must be positive, got {text}",
        "모든 크기는 양수여야 한다, 받은 값: {text}",
    ),
    "oneoff.not_non_negative": (
        "every size must be non-negative, got {text}",
        "모든 크기는 0 이상이어야 한다, 받은 값: {text}",
    ),
    "oneoff.too_large": (
        "every size must be ≤ {max}, got {text}",
        "모든 크기는 {max} 이하여야 한다, 받은 값: {text}",
    ),
    "oneoff.reads_as": (
        "{text} reads as {notation} ({channels} channels); for {first} channel{plural} of {rest} write "
        "{written} or add --channels-first (--channels-last keeps the first reading)",
        "{text:은/는} {notation}(채널 {channels}개)로 읽힌다; 크기 {rest}의 채널 {first}개라면 "
        "{written:으로/로} 쓰거나 --channels-first를 넣는다 (--channels-last는 처음 읽은 대로 둔다)",
    ),
    "notation.last1": ("length × channels", "길이 × 채널"),
    "notation.last2": ("height × width × channels", "높이 × 너비 × 채널"),
    "notation.last3": ("depth × height × width × channels", "깊이 × 높이 × 너비 × 채널"),
    "oneoff.channels_disagree": (
        "{channels} disagrees with the channels {given} in --input",
        "{channels:은/는} --input의 채널 수 {given:과/와} 다르다",
    ),
    "oneoff.layout_sizes": (
        "with --channels-{layout}, give {count} sizes (the channels {layout}), e.g. {example}",
        "--channels-{layout}이면 크기를 {count}개 준다, 예: {example}",
    ),
    "oneoff.dims_sizes": (
        "with --dims {dims}, give {forms}, got {count} sizes ({text}){more}",
        "--dims {dims}이면 {forms} 꼴로 준다, 받은 크기 {count}개 ({text}){more}",
    ),
    "oneoff.forms1": ("N or NxC", "N 또는 NxC"),
    "oneoff.forms2": ("N, HxW or HxWxC", "N, HxW 또는 HxWxC"),
    "oneoff.forms3": ("N, DxHxW or DxHxWxC", "N, DxHxW 또는 DxHxWxC"),
    "oneoff.more_3d": ("; for a 3-D input add --dims 3", "; 3차원 입력이면 --dims 3을 넣는다"),
    "oneoff.both_layouts": (
        "give --channels-first or --channels-last, not both",
        "--channels-first와 --channels-last 중 하나만 쓴다",
    ),
    # --- korean2: export's refusals (render/export.py) --------------------------------------------
    "export.not_finite": ("{value} is not a number", "{value}: 수가 아니다"),
    "hint.export_finite": ("write a finite number", "유한한 수를 쓴다"),
    "export.prelu": (
        "PyTorch's nn.PReLU has 1 slope or one per channel ({channels}), not {count} "
        "(Keras' one per element)",
        "PyTorch의 nn.PReLU는 기울기가 1개이거나 채널마다 하나({channels}개)다, {count}개가 아니다 "
        "(Keras는 원소마다 하나)",
    ),
    "hint.export_prelu": (
        "give num_parameters: 1 or num_parameters: C, or export to Keras",
        "num_parameters: 1 또는 num_parameters: C를 주거나, Keras로 내보낸다",
    ),
    "export.no_activation": (
        "{framework} has no layer for activation '{name}'{why}",
        "{framework}에는 활성화 함수 '{name}'의 계층이 없다{why}",
    ),
    "hint.export_activation": (
        "change the activation, or export to the other framework",
        "활성화 함수를 바꾸거나, 다른 프레임워크로 내보낸다",
    ),
    "export.unsupported": (
        "{framework} has no layer for {what} with the same arithmetic",
        "{what}: {framework}에는 같은 계산을 하는 계층이 없다",
    ),
    "hint.export_unsupported": (
        "change the layer, or export to the other framework",
        "계층을 바꾸거나, 다른 프레임워크로 내보낸다",
    ),
    "export.what.transpose_same": (
        "this transposed convolution with padding 'same'",
        "패딩 'same'인 이 전치 합성곱",
    ),
    "export.what.avgpool_asymmetric": (
        "average pooling with asymmetric 'same' padding",
        "비대칭 'same' 패딩의 평균 풀링",
    ),
    "export.what.grouped_transpose": ("a grouped transposed convolution", "그룹 전치 합성곱"),
    "export.what.ceil_mode": ("ceil_mode", "ceil_mode"),
    "export.what.subsampling": ("LeNet's trainable subsampling", "LeNet의 학습되는 서브샘플링"),
    "export.what.dilated_pool": ("a dilated pool", "dilation이 있는 풀링"),
    "export.what.adaptive": (
        "adaptive pooling to a size that does not divide the input",
        "입력 크기를 나누어떨어지게 하지 않는 크기로의 적응형 풀링",
    ),
    "export.what.dense_last_axis": (
        "a dense layer on the last axis of C×H×W",
        "C×H×W의 마지막 축에 적용하는 완전연결 계층",
    ),
    "export.what.lrn": ("local response normalisation", "국소 응답 정규화(LRN)"),
    "export.what.pixel_shuffle": (
        "a pixel shuffle in PyTorch's channel order",
        "PyTorch의 채널 순서를 따르는 픽셀 셔플",
    ),
    "export.what.batchnorm_no_affine": (
        "batch norm without affine (use center/scale)",
        "affine 없는 배치 정규화 (center/scale을 쓴다)",
    ),
    # --- korean2: the command line's own errors (cli.py, spec/paths.py) --------------------------
    "cli.is_input": (
        "{path}: is an input ({input}); write the output to another file",
        "{path}: 입력 파일이다 ({input}); 출력은 다른 파일에 쓴다",
    ),
    "cli.cannot_write": (
        "{path}: cannot write {what}: {reason}",
        "{path}: {what:을/를} 쓸 수 없다: {reason}",
    ),
    "cli.the_output": ("the output", "출력"),
    "cli.the_junit_report": ("the JUnit report", "JUnit 보고서"),
    "paths.empty_argument": ("an empty argument names no file", "빈 인자는 어떤 파일도 가리키지 않는다"),
    "paths.no_spec_files": (
        "no spec files (.yaml, .yml, .json) in this directory",
        "이 디렉터리에 명세 파일(.yaml, .yml, .json)이 없다",
    ),
    "paths.no_match": ("no file matches this pattern", "이 패턴에 맞는 파일이 없다"),
    "cli.argument": ("{argument}: {message}", "{argument}: {message}"),
    # --- korean2: apply's engine limits (engine/feature_map.py) and usage errors (cli.py) ---------
    "apply.empty_output": ("the output would be empty: {detail}", "출력이 비게 된다: {detail}"),
    "apply.too_large": (
        "too large to work by hand: {cells} padded input cells and {products} products "
        "(at most {max_cells} and {max_products})",
        "손으로 풀기에는 너무 크다: 패딩한 입력 {cells}칸, 곱셈 {products}번 "
        "(최대 {max_cells}칸, {max_products}번)",
    ),
    "hint.apply_too_large": (
        "apply is for the small matrices of exercises; use cnncalc SPEC for shapes of real networks",
        "apply는 연습 문제의 작은 행렬을 위한 것이다; 실제 네트워크의 형태에는 cnncalc SPEC을 쓴다",
    ),
    "apply.at_outside": (
        "--at {row},{column} is outside the {shape} output",
        "--at {row},{column}: {shape} 출력의 밖이다",
    ),
    "cli.explain_format": (
        "--explain works with --format {formats} or {last}",
        "--explain은 --format {formats}, {last}에서만 쓴다",
    ),
    "cli.draw_suffix": (
        "-o {output}: draw writes SVG or HTML, not '{suffix}' "
        "(convert the SVG with rsvg-convert or a browser for PNG or PDF)",
        "-o {output}: draw는 '{suffix}'가 아니라 SVG나 HTML을 쓴다 "
        "(PNG나 PDF는 SVG를 rsvg-convert나 브라우저로 변환한다)",
    ),
    # layout: the input's layout, a batch size left in, a dense layer on a non-flat input (flags)
    "flag.input_channels_last": (
        "input {written} looks channels-last ({axes}): read channels-first it is {channels} channels "
        "of {spatial}, {params} parameters; as {axes} it would be {other}, {other_params} parameters; "
        "write layout: channels_last or reorder to {suggested}",
        "입력 {written}: 채널이 마지막({axes})인 것 같다. 채널을 먼저로 읽으면 {spatial} 크기의 채널 "
        "{channels}개, 파라미터 개수 {params}; {axes}로 읽으면 {other}, 파라미터 개수 {other_params}; "
        "layout: channels_last를 쓰거나 순서를 {suggested:으로/로} 바꾼다",
    ),
    "flag.input_channels_first": (
        "input {written} looks channels-first but is read as {axes} (Keras): {channels} channels of "
        "{spatial}, {params} parameters; read channels-first it would be {other}, {other_params} "
        "parameters; write layout: channels_first or reorder to {suggested}",
        "입력 {written}: 채널이 먼저인 것 같지만 {axes}로 읽었다 (Keras): {spatial} 크기의 채널 "
        "{channels}개, 파라미터 개수 {params}; 채널을 먼저로 읽으면 {other}, 파라미터 개수 "
        "{other_params}; layout: channels_first를 쓰거나 순서를 {suggested:으로/로} 바꾼다",
    ),
    "flag.input_batch": (
        "input {written} starts with 1, like a batch size: read as given it is {channels} channel(s) "
        "of {spatial} ({rank}-D), {params} parameters; without the 1 it is {other}, {other_params} "
        "parameters; drop it: input: {suggested} (a batch size goes in batch:)",
        "입력 {written}: 배치 크기처럼 1로 시작한다. 적힌 대로 읽으면 {spatial} 크기({rank}차원)의 "
        "채널 {channels}개, 파라미터 개수 {params}; 1을 빼면 {other}, 파라미터 개수 {other_params}; "
        "1을 뺀다: input: {suggested} (배치 크기는 batch:에 적는다)",
    ),
    "flag.dense_not_flat": (
        "input {shape} is not flat: read per position on the {channels} channels (Keras' Dense), "
        "{channels_params} parameters; flattened first (the book's Affine) it would be {flatten}, on "
        "the last axis {last} (PyTorch's nn.Linear) {last_params}; add a flatten before it, or say "
        "which with reading: flatten|channels|last_axis or a convention",
        "입력 {shape}: 평평하지 않다. 위치마다 채널 {channels}개에 적용(Keras의 Dense)하여 파라미터 "
        "개수 {channels_params}; 먼저 평탄화하면(책의 Affine) {flatten}, 마지막 축 {last}에 "
        "적용하면(PyTorch의 nn.Linear) {last_params}; 앞에 flatten을 넣거나 reading: "
        "flatten|channels|last_axis 또는 convention으로 정한다",
    ),
    "flag.dense_reading": (
        "input {shape} is not flat: reading: {reading}, {params} parameters (flatten: {flatten}; "
        "channels: {channels_params}; last_axis: {last_params})",
        "입력 {shape}: 평평하지 않다. reading: {reading}, 파라미터 개수 {params} (flatten: "
        "{flatten}; channels: {channels_params}; last_axis: {last_params})",
    ),
    "layout_read": ("input read as {axes}{source}", "입력을 {axes}로 읽음{source}"),
    "layout_keras": (" (Keras)", " (Keras)"),
    "layout_explain": (" = {written} read as {axes}{source}", " = {written}, {axes}로 읽음{source}"),
    "batch_line": (
        "Batch {batch}: MACs {macs}, activations {activations} per batch (the counts above are per sample)",
        "배치 {batch}: 배치당 연산량(MACs) {macs}, 활성값 {activations} (위의 값은 샘플 하나당)",
    ),
    # --batch, --train, --fit (render/training)
    "train.flops": (
        "FLOPs per sample: forward {forward}, backward {backward}",
        "샘플 하나당 FLOPs: 순전파 {forward}, 역전파 {backward}",
    ),
    "train.flops_convention": (
        "  (a multiply-accumulate = 2 FLOPs; only conv and dense products, as FlopCounterMode counts; "
        "backward = gradients with respect to the weights and to the input, 2·MACs each, none with "
        "respect to the network's input)",
        "  (곱셈-덧셈 하나 = FLOP 2개; conv와 dense의 곱만 센다 (FlopCounterMode처럼); "
        "역전파 = 가중치에 대한 기울기와 입력에 대한 기울기, 각 2·MACs, 네트워크 입력에 대한 기울기는 없다)",
    ),
    "train.batch_factor": (
        "Batch N = {batch}: MACs N × {macs} = {batch_macs}; FLOPs forward {flops}, "
        "backward {backward} per batch",
        "배치 N = {batch}: MACs N × {macs} = {batch_macs}; 배치당 FLOPs 순전파 {flops}, 역전파 {backward}",
    ),
    "train.title": (
        "Training memory, one step (batch {batch}, {optimizer}{amp}): {total} at its peak "
        "(the backward of {peak_at})",
        "학습 메모리, 한 스텝 (배치 {batch}, {optimizer}{amp}): 최고점 {total} ({peak_at}의 역전파)",
    ),
    "train.title_loss": (
        "Training memory, one step (batch {batch}, {optimizer}{amp}): {total} at its peak (the "
        "loss, at the end of the forward pass: every activation and the loss's log-softmax held)",
        "학습 메모리, 한 스텝 (배치 {batch}, {optimizer}{amp}): 최고점 {total} "
        "(순전파 끝의 손실: 활성값 전부와 손실의 log-softmax를 가짐)",
    ),
    "train.title_step": (
        "Training memory, one step (batch {batch}, {optimizer}{amp}): {total} at its peak (the "
        "optimizer's step, every gradient present)",
        "학습 메모리, 한 스텝 (배치 {batch}, {optimizer}{amp}): 최고점 {total} "
        "(옵티마이저 스텝, 기울기 모두 있음)",
    ),
    "train.amp": (", mixed precision", ", 혼합 정밀도"),
    "train.term": ("  {name}: {bytes} ({basis})", "  {name}: {bytes} ({basis})"),
    "train.exact": ("exact", "정확"),
    "train.modelled": ("modelled", "모형"),
    "train.term.parameters": ("parameters", "파라미터"),
    "train.term.buffers": ("buffers (running statistics)", "버퍼 (이동 통계)"),
    "train.term.gradients": ("gradients of the weights", "가중치의 기울기"),
    "train.term.optimizer_state": ("optimizer state", "옵티마이저 상태"),
    "train.term.activations": ("activations kept for backward", "역전파를 위해 남긴 활성값"),
    "train.term.temporaries": ("gradients in flight", "전달 중인 기울기"),
    "train.term.input": ("input batch and labels", "입력 배치와 레이블"),
    "train.term.workspace": (
        "workspace (none known on a CPU; cuDNN's is left out)",
        "작업 공간 (CPU에서는 알려진 것 없음; cuDNN의 것은 뺐다)",
    ),
    "train.saved": (
        "  after the forward pass autograd holds {saved} of activations",
        "  순전파가 끝나면 autograd가 활성값 {saved}를 들고 있다",
    ),
    "train.left_out": (
        "  left out: the allocator's rounding and fragmentation, the framework's own context (CUDA's: "
        "some hundreds of MiB), cuDNN's workspaces",
        "  빠진 것: 할당자의 반올림과 단편화, 프레임워크 자체의 컨텍스트 (CUDA: 수백 MiB), cuDNN 작업 공간",
    ),
    "train.fit": (
        "Largest batch in {budget} ({mode}): {batch} ({fixed} fixed + {per_sample} per sample)",
        "{budget}에 들어가는 가장 큰 배치 ({mode}): {batch} (고정 {fixed} + 샘플당 {per_sample})",
    ),
    "train.fit_none": (
        "Not one sample fits in {budget} ({mode}): {fixed} fixed + {per_sample} per sample",
        "{budget}에는 샘플 하나도 들어가지 않는다 ({mode}): 고정 {fixed} + 샘플당 {per_sample}",
    ),
    "train.fit_training": ("training, as --train estimates it", "학습, --train의 추정"),
    "train.fit_inference": (
        "inference: the weights, the input and the outputs held at once",
        "추론: 가중치, 입력, 한꺼번에 들고 있는 출력",
    ),
    "train.work.title": ("Training memory — working (bytes):", "학습 메모리 — 풀이 (바이트):"),
    "train.work.params": (
        "  parameters = 4·P = 4 × {p} = {value}",
        "  파라미터 = 4·P = 4 × {p} = {value}",
    ),
    "train.work.state": (
        "  optimizer state ({optimizer}) = {k}·4·P + {s}·4·tensors = {k}·4 × {p} + {s}·4 × {tensors} "
        "= {value}",
        "  옵티마이저 상태 ({optimizer}) = {k}·4·P + {s}·4·텐서 수 = {k}·4 × {p} + {s}·4 × {tensors} "
        "= {value}",
    ),
    "train.work.input": (
        "  input = N·(C·H·W·4 + 8) = {n} × ({size}·4 + 8) = {value} (an int64 label a sample)",
        "  입력 = N·(C·H·W·4 + 8) = {n} × ({size}·4 + 8) = {value} (샘플마다 int64 레이블 하나)",
    ),
    "train.work.gradients": (
        "  gradients = 4 × the trainable parameters of the layers after {peak} = {value}",
        "  기울기 = 4 × {peak} 뒤 층들의 학습 파라미터 = {value}",
    ),
    "train.work.activations": (
        "  activations = every tensor the backward of {peak} and the layers before it still needs, once "
        "(by each kind's rule: a conv or dense layer its input, ReLU its output, batch norm its input "
        "and 2·C statistics, max pool its input and int64 indices, dropout a bool mask) = {value}",
        "  활성값 = {peak}와 그 앞 층들의 역전파가 아직 쓰는 텐서마다 한 번 (종류별 규칙: conv와 dense는 "
        "입력, ReLU는 출력, 배치 정규화는 입력과 2·C 통계, 최대 풀링은 입력과 int64 인덱스, 드롭아웃은 "
        "bool 마스크) = {value}",
    ),
    "train.work.flight": (
        "  gradients in flight = each activation's gradient, from its last reader's backward to its "
        "maker's, and {peak}'s weights' gradient being made = {value}",
        "  전달 중인 기울기 = 활성값마다 마지막으로 읽은 층의 역전파부터 만든 층의 역전파까지의 기울기, "
        "그리고 {peak}가 만들고 있는 가중치 기울기 = {value}",
    ),
    "cli.optimizer": (
        "--optimizer {value}: not an optimizer cnncalc knows; use {known}",
        "--optimizer {value}: cnncalc가 모르는 옵티마이저다; {known} 중 하나를 쓴다",
    ),
    "cli.train_format": (
        "--fit's answer is a line, which --format {format} has no place for; use table, json, markdown, "
        "latex or html (--train shows in every format, in csv as the train_memory_bytes column)",
        "--fit의 답은 한 줄이라 --format {format}에는 들어갈 곳이 없다; table, json, markdown, latex, "
        "html 중 하나를 쓴다 (--train은 모든 형식에서 보이고, csv에서는 train_memory_bytes 열이다)",
    ),
    "cli.fit_budget": (
        "--fit {value}: not a size; write it as 16GiB, 512MiB, 8GB or a number of bytes",
        "--fit {value}: 크기가 아니다; 16GiB, 512MiB, 8GB 또는 바이트 수로 적는다",
    ),
    "dense_reading_flatten": ("flattened first (the book's Affine)", "먼저 평탄화 (책의 Affine)"),
    "dense_reading_channels": (
        "per position on the channels (Keras' Dense)",
        "위치마다 채널에 (Keras의 Dense)",
    ),
    "dense_reading_last_axis": (
        "on the last axis (PyTorch's nn.Linear)",
        "마지막 축에 (PyTorch의 nn.Linear)",
    ),
    # safetext: the table on a narrow terminal (render/fasttable.py)
    "table_left_out": (
        "Not shown at {width} columns: {columns} (a wider terminal shows them)",
        "{width}칸 너비라 보이지 않는 열: {columns} (터미널을 넓히면 보인다)",
    ),
    # export / activations: PReLU's slopes, where PyTorch and Keras count them differently
    "flag.prelu_slopes": (
        "PyTorch's nn.PReLU() has 1 parameter (one slope for all); Keras' PReLU() has one per "
        "element: {keras}; give num_parameters (1 or {channels}) or shared_axes to say which",
        "PyTorch의 nn.PReLU()는 파라미터 개수가 1개(모든 원소가 기울기 하나를 공유)이고, Keras의 "
        "PReLU()는 원소마다 하나씩 {keras}개다; num_parameters(1 또는 {channels}) 또는 "
        "shared_axes로 어느 쪽인지 정한다",
    ),
    "flag.prelu_slopes_keras": (
        "Keras' PReLU() has one slope per element: {count} parameters; PyTorch's nn.PReLU() "
        "would have 1 (give num_parameters or shared_axes to say which)",
        "Keras의 PReLU()는 원소마다 기울기가 하나씩이라 파라미터 개수가 {count}개다; PyTorch의 "
        "nn.PReLU()라면 1개 (num_parameters 또는 shared_axes로 정한다)",
    ),
    # ── rows ──
    # --explain with --rf, --dtype and --depth (render/explain.py)
    "explain.receptive_field": (
        "receptive field = {size}, jump = {jump}, start = {start}",
        "수용 영역 = {size}, 점프 = {jump}, 시작 = {start}",
    ),
    "explain.memory": (
        "memory ({dtype}) = {elements} · {size} B = {total} B",
        "메모리 ({dtype}) = {elements} · {size} B = {total} B",
    ),
    "explain.folded": (
        "{count} layers folded (a larger --depth shows each one's working)",
        "층 {count}개를 접었다 (--depth를 키우면 층마다 풀이가 보인다)",
    ),
    # ── kinds ──
    "error.field_given_twice": (
        "'{field}' is given twice (as '{field}' and an alias)",
        "'{field}' 필드가 두 번 주어졌다 (제 이름으로 한 번, 별칭으로 한 번)",
    ),
    "error.pixel_shuffle_channels": (
        "{channels} channels cannot be shuffled by r = {r}: they must be a multiple of r² = {moved}",
        "채널 {channels}개는 r = {r:으로/로} 섞을 수 없다: 채널 수가 r² = {moved}의 배수여야 한다",
    ),
    "hint.pixel_shuffle_channels": (
        "give the layer before a multiple of {moved} channels (such as {above}), or choose an "
        "upscale_factor whose square divides the channels",
        "앞 층의 채널 수를 {moved}의 배수(예: {above})로 하거나, 제곱이 채널 수를 나누는 "
        "upscale_factor를 고른다",
    ),
    "error.pixel_shuffle_rank": (
        "pixel_shuffle needs a C×H×W input, got {shape}",
        "pixel_shuffle은 C×H×W 입력이 필요한데 {shape:이/가} 들어왔다",
    ),
    "hint.pixel_shuffle_rank": (
        "nn.PixelShuffle moves channels into the height and the width: give it a 2-D feature map",
        "nn.PixelShuffle은 채널을 높이와 너비로 옮긴다: 2차원 특성 맵을 준다",
    ),
    # ── kinds-a ──
    "error.multiply_shapes": (
        "multiply needs inputs that broadcast: '{first}' is {first_shape} but '{other}' is {other_shape}",
        "multiply의 입력은 브로드캐스트되어야 한다: '{first}'의 형태는 {first_shape}, "
        "'{other}'의 형태는 {other_shape}",
    ),
    "hint.multiply_flat_gate": (
        "a flat [{channels}] gate cannot scale a feature map (with the batch axis in front it would "
        "meet the width): keep it {keep} with adaptive_avgpool, output_size: 1, as torchvision's "
        "SqueezeExcitation does",
        "납작한 [{channels}] 게이트로는 특성 맵을 곱할 수 없다 (배치 축이 앞에 붙으면 너비와 맞물린다): "
        "torchvision의 SqueezeExcitation처럼 adaptive_avgpool, output_size: 1로 {keep} 형태를 유지한다",
    ),
    "hint.broadcast": (
        "inputs broadcast when they have the same number of axes and on each axis the sizes are "
        "equal or one of them is 1 (NumPy's rule)",
        "입력은 축 개수가 같고 축마다 크기가 같거나 한쪽이 1일 때 브로드캐스트된다 (NumPy의 규칙)",
    ),
    "explain.broadcast": (
        "{axis}: {sizes} → {result} (broadcast: a size of 1 is repeated to the others')",
        "{axis}: {sizes} → {result} (브로드캐스트: 크기 1은 다른 입력의 크기만큼 반복된다)",
    ),
    "explain.elementwise_macs": (
        "MACs = 0: an element-wise product, which cnncalc does not count (as PyTorch's "
        "FlopCounterMode counts no element-wise operation)",
        "MACs = 0: 원소별 곱이라 세지 않는다 (PyTorch의 FlopCounterMode도 원소별 연산은 세지 않는다)",
    ),
    "error.permute_no_batch": (
        "dims {dims} on {shape} leaves out the batch axis: dims are written as torch.permute "
        "writes them, the batch axis (0) first",
        "{shape}에 dims {dims}: 배치 축이 빠졌다. dims는 torch.permute처럼 배치 축(0)을 맨 앞에 두고 적는다",
    ),
    "hint.permute_no_batch": (
        "the same order with the batch axis is dims: {dims}",
        "배치 축을 넣은 같은 순서는 dims: {dims}",
    ),
    "error.permute_not_order": (
        "dims {dims} is not an order of the {rank} axes of N×{shape} (the batch axis and the "
        "input's): each of 0…{rank}−1 once",
        "dims {dims}: N×{shape}의 축 {rank}개(배치 축과 입력의 축)의 순서가 아니다. 0…{rank}−1을 "
        "한 번씩 적는다",
    ),
    "hint.permute_not_order": (
        "write each axis once, the batch axis first: {identity} keeps the order; torchvision's "
        "ConvNeXt moves the channels last with [0, 2, 3, 1]",
        "축마다 한 번씩, 배치 축을 맨 앞에 적는다: {identity}는 순서를 그대로 둔다. torchvision의 "
        "ConvNeXt는 [0, 2, 3, 1]로 채널을 맨 뒤로 보낸다",
    ),
    "error.permute_batch": (
        "dims {dims} moves the batch axis: cnncalc's shapes are per sample",
        "dims {dims}: 배치 축을 옮긴다. cnncalc의 형태는 샘플 하나의 것이다",
    ),
    "hint.permute_batch": (
        "keep 0 first and order the other axes (for a transpose of the batch, there is no layer)",
        "0을 맨 앞에 두고 나머지 축의 순서만 정한다 (배치를 옮기는 층은 없다)",
    ),
    "explain.permute": (
        "torch.permute(x, ({dims})): {before} → {after}; the axes reordered, no parameters, "
        "no MACs (the receptive field stays with each spatial axis)",
        "torch.permute(x, ({dims})): {before} → {after}; 축의 순서만 바뀐다, 파라미터 없음, "
        "MACs 없음 (수용 영역은 공간 축마다 그대로 따라간다)",
    ),
    # ── ONNX files (cnncalc/importers/onnx*.py) ──
    "error.onnx_truncated": (
        "not a complete ONNX model: the protobuf is cut short at byte {offset} (a truncated "
        "download or copy?)",
        "완전한 ONNX 모델이 아니다: protobuf가 {offset}번째 바이트에서 끊겼다 (내려받기나 복사가 덜 되었나?)",
    ),
    "error.onnx_corrupt": (
        "not an ONNX model: the bytes are no protobuf (corrupt near byte {offset})",
        "ONNX 모델이 아니다: protobuf가 아니다 ({offset}번째 바이트 근처가 손상됨)",
    ),
    "error.onnx_too_large": (
        "the ONNX graph holds more than two million entries near byte {offset}: not a network cnncalc reads",
        "ONNX 그래프의 항목이 {offset}번째 바이트 근처에서 이백만 개를 넘는다: cnncalc가 읽는 "
        "신경망이 아니다",
    ),
    "hint.onnx_file": (
        "export the model again (torch.onnx.export, tf2onnx) or check it with onnx.checker.check_model",
        "모델을 다시 내보내거나(torch.onnx.export, tf2onnx) onnx.checker.check_model로 확인한다",
    ),
    "error.onnx_no_graph": (
        "not an ONNX model: no ir_version and graph in it",
        "ONNX 모델이 아니다: ir_version과 graph가 없다",
    ),
    "error.onnx_too_many_nodes": (
        "the graph has {count} nodes; cnncalc reads at most {max} layers",
        "그래프의 노드가 {count}개다; cnncalc는 계층을 최대 {max}개까지 읽는다",
    ),
    "error.onnx_node": (
        "node {index} of {count} ({node}, {op}): {detail}",
        "노드 {index}/{count} ({node}, {op}): {detail}",
    ),
    "error.onnx_domain": (
        "an op of the domain {domain!r}, outside ONNX's own: cnncalc cannot tell its shapes",
        "ONNX 자체가 아닌 도메인 {domain!r}의 연산이다: cnncalc는 그 모양을 알 수 없다",
    ),
    "error.onnx_op": (
        "this op is not one cnncalc reads yet",
        "cnncalc가 아직 읽지 못하는 연산이다",
    ),
    "hint.onnx_op": (
        "the ops read are listed in the README's 'Reading ONNX and Keras models'; cnncalc import "
        "writes a spec where the layer can be written by hand",
        "읽는 연산은 README의 'Reading ONNX and Keras models'에 있다; 다른 부분은 cnncalc import로 명세를 "
        "만든 뒤 손으로 적는다",
    ),
    "error.onnx_no_layers": (
        "the graph computes no layer (only constants)",
        "그래프가 계층을 하나도 계산하지 않는다 (상수뿐이다)",
    ),
    "error.onnx_dangling": (
        "its input {tensor!r} is made by no node and is neither an initializer nor a graph input",
        "입력 {tensor!r}를 만드는 노드가 없고, initializer도 그래프 입력도 아니다",
    ),
    "hint.onnx_dangling": (
        "the file is incomplete or was edited by hand; onnx.checker.check_model names the same input",
        "파일이 불완전하거나 손으로 고쳐졌다; onnx.checker.check_model도 같은 입력을 가리킨다",
    ),
    "error.onnx_cycle": (
        "it is on a cycle: its inputs depend on its own output",
        "순환 안에 있다: 입력이 자기 출력에 의존한다",
    ),
    "hint.onnx_cycle": (
        "an ONNX graph is acyclic (loops are a Loop node); the file is corrupt or edited by hand",
        "ONNX 그래프에는 순환이 없다 (반복은 Loop 노드로 쓴다); 파일이 손상되었거나 손으로 고쳐졌다",
    ),
    "error.onnx_inputs": (
        "the graph has {count} inputs besides its initializers ({names}); cnncalc reads networks "
        "of one input",
        "그래프에 initializer 말고 입력이 {count}개 있다 ({names}); cnncalc는 입력이 하나인 신경망을 읽는다",
    ),
    "error.onnx_input_rank": (
        "the graph input {input!r} has {rank} axes; cnncalc reads N×C and N×C×(1 to 3 spatial axes)",
        "그래프 입력 {input!r}의 축이 {rank}개다; cnncalc는 N×C와 N×C×(공간 축 1~3개)를 읽는다",
    ),
    "error.onnx_input_dim": (
        "axis {axis} of the graph input {input!r} is {dim}, not a size: only the batch axis may be symbolic",
        "그래프 입력 {input!r}의 축 {axis}이 크기가 아닌 {dim}이다: 기호로 둘 수 있는 것은 배치 축뿐이다",
    ),
    "hint.onnx_input_dim": (
        "export with a fixed input size (torch.onnx.export with dynamic_axes on the batch only)",
        "입력 크기를 고정해 내보낸다 (torch.onnx.export의 dynamic_axes는 배치 축에만)",
    ),
    "error.onnx_malformed": (
        "its attributes or inputs are not of the types ONNX defines for this op",
        "속성이나 입력이 ONNX가 이 연산에 정한 형식이 아니다",
    ),
    "error.onnx_graph_malformed": (
        "the graph's fields are not of the types ONNX defines (a broken or hand-made file)",
        "그래프의 필드가 ONNX가 정한 형식이 아니다 (망가졌거나 손으로 만든 파일)",
    ),
    "error.onnx_needs_activation": (
        "input {position} ({tensor!r}) is a constant where cnncalc reads a layer's output",
        "입력 {position}({tensor!r})이 상수다; cnncalc는 여기에 계층의 출력을 읽는다",
    ),
    "error.onnx_needs_constant": (
        "input {position} ({tensor!r}) is computed by the graph where cnncalc needs a constant "
        "(a weight, a shape)",
        "입력 {position}({tensor!r})을 그래프가 계산한다; cnncalc는 여기에 상수(가중치, 모양)가 필요하다",
    ),
    "error.onnx_constant_values": (
        "the values of {tensor!r} are needed (a shape or a factor) but are not in the file or too large",
        "{tensor!r}의 값(모양이나 배율)이 필요한데 파일에 없거나 너무 크다",
    ),
    "error.onnx_fold": (
        "a computation on constants that cnncalc does not fold",
        "cnncalc가 미리 계산하지 못하는 상수 연산이다",
    ),
    "error.onnx_layer_fields": (
        "its attributes give {field} = {value}, which the layer cannot take",
        "속성에서 나온 {field} = {value}는 계층이 받을 수 없는 값이다",
    ),
    "error.onnx_same_lower": (
        "auto_pad SAME_LOWER (the extra padding before) has no spec equivalent",
        "auto_pad SAME_LOWER(남는 패딩을 앞에 둠)는 명세로 쓸 수 없다",
    ),
    "error.onnx_asymmetric_pads": (
        "pads {pads} differ between the start and the end of an axis (or pad N or C)",
        "pads {pads}가 축의 앞과 뒤에서 다르다 (또는 N이나 C를 패딩한다)",
    ),
    "hint.onnx_asymmetric_pads": (
        "cnncalc's padding is the same on both sides of each spatial axis",
        "cnncalc의 패딩은 공간 축마다 양쪽이 같다",
    ),
    "error.onnx_attribute": (
        "its {name} is not supported",
        "{name}은 지원하지 않는다",
    ),
    "error.onnx_matmul": (
        "a MatMul by a weight of other than two axes",
        "가중치의 축이 두 개가 아닌 MatMul이다",
    ),
    "error.onnx_reduce": (
        "a reduction over axes {axes}: only every spatial axis (a global pool) is read",
        "축 {axes}에 대한 축약이다: 모든 공간 축에 대한 것(전역 풀링)만 읽는다",
    ),
    "error.onnx_erf": (
        "an Erf that is not part of a GELU, x·½(1 + erf(x/√2))",
        "GELU x·½(1 + erf(x/√2))의 일부가 아닌 Erf이다",
    ),
    "hint.onnx_erf": (
        "cnncalc reads Erf as torch.onnx writes nn.GELU: Div, Erf, Add 1, Mul by x",
        "cnncalc는 torch.onnx가 nn.GELU를 쓰는 꼴(Div, Erf, Add 1, x와 Mul)의 Erf를 읽는다",
    ),
    "error.onnx_clip": (
        "Clip({low}, {high}) is no activation cnncalc has",
        "Clip({low}, {high})은 cnncalc에 있는 활성화 함수가 아니다",
    ),
    "hint.onnx_clip": (
        "Clip(0, 6) is read as ReLU6 and Clip(0) as ReLU",
        "Clip(0, 6)은 ReLU6로, Clip(0)은 ReLU로 읽는다",
    ),
    "error.onnx_elementwise": (
        "an element-wise op that is no add or multiply of two layers",
        "두 계층의 add나 multiply가 아닌 원소별 연산이다",
    ),
    "error.onnx_elementwise_constant": (
        "an element-wise op with a constant of dims {dims}",
        "모양이 {dims}인 상수와의 원소별 연산이다",
    ),
    "hint.onnx_elementwise": (
        "cnncalc reads Add and Mul of two layers, Mul by one factor per channel (scale) and any op "
        "by a single number",
        "cnncalc는 두 계층의 Add와 Mul, 채널마다 배율 하나인 Mul(scale), 숫자 하나와의 연산을 읽는다",
    ),
    "error.onnx_axis": (
        "axis {axis} is not the channel axis",
        "axis {axis}는 채널 축이 아니다",
    ),
    "hint.onnx_axis": (
        "cnncalc joins, splits and flattens on the channel axis (axis 1), as CNNs do",
        "cnncalc는 CNN처럼 채널 축(axis 1)으로 잇고, 나누고, 펼친다",
    ),
    "error.onnx_reshape_batch": (
        "a reshape to {shape} that does not keep the batch axis first",
        "배치 축을 맨 앞에 두지 않는 {shape}로의 reshape이다",
    ),
    "hint.onnx_reshape_batch": (
        "cnncalc reads a reshape whose first size is the batch (N, 1, 0 or -1)",
        "cnncalc는 첫 크기가 배치(N, 1, 0, -1)인 reshape를 읽는다",
    ),
    "error.onnx_slice": (
        "a Slice that is not a contiguous range of channels",
        "연속한 채널 범위가 아닌 Slice이다",
    ),
    "hint.onnx_slice": (
        "cnncalc reads a Slice of channels (axis 1, step 1) as a split",
        "cnncalc는 채널(axis 1, step 1)의 Slice를 split으로 읽는다",
    ),
    "error.onnx_resize": (
        "a Resize that changes N or C, or gives neither scales nor sizes",
        "N이나 C를 바꾸거나, scales도 sizes도 주지 않는 Resize이다",
    ),
    "error.onnx_pad": (
        "a Pad that is not zeros (its mode is not constant, or its value is not 0)",
        "0으로 채우지 않는 Pad이다 (mode가 constant가 아니거나 value가 0이 아니다)",
    ),
    "hint.onnx_pad": (
        "cnncalc reads zero padding (zero_padding)",
        "cnncalc는 0 패딩(zero_padding)을 읽는다",
    ),
    "note.onnx_read": (
        "Read from an ONNX file ({producer}opset {opset}, {nodes} nodes); its float initializers "
        "used by the layers hold {params} values.",
        "ONNX 파일에서 읽었다 ({producer}opset {opset}, 노드 {nodes}개); 계층이 쓰는 float "
        "initializer의 값은 {params}개다.",
    ),
    "note.onnx_shared": (
        "Initializers shared by several layers ({count}, such as {example!r}) are counted in each: "
        "the file holds {extra} values fewer than the total.",
        "여러 계층이 함께 쓰는 initializer({count}개, 예: {example!r})는 계층마다 센다: 파일에는 "
        "합계보다 {extra}개 적게 들어 있다.",
    ),
    "note.onnx_batch": (
        "The batch axis of {input!r} is {dim}: set to 1.",
        "{input!r}의 배치 축이 {dim}이다: 1로 둔다.",
    ),
    "note.onnx_channels_last": (
        "The input is transposed from channels-last by {node!r}: read channels-first.",
        "입력을 {node!r}가 channels-last에서 바꾼다: channels-first로 읽는다.",
    ),
    "note.onnx_channels_last_back": (
        "{node!r} transposes back to channels-last before a flatten: no layer (the same elements).",
        "{node!r}는 펼치기 전에 channels-last로 되돌린다: 계층이 아니다 (원소는 같다).",
    ),
    "note.onnx_outputs": (
        "The graph's outputs are {outputs}; the table's output is the last layer's, {last!r}.",
        "그래프의 출력은 {outputs}이다; 표의 출력은 마지막 계층 {last!r}의 것이다.",
    ),
    "note.onnx_by_constant": (
        "{count} nodes (such as {example!r}) add, multiply or divide by one number: no layer of their "
        "own (the layer before them, with no parameters).",
        "노드 {count}개(예: {example!r})는 숫자 하나를 더하거나 곱하거나 나눈다: 따로 계층이 되지 않는다 "
        "(파라미터 없이 앞 계층의 출력 그대로).",
    ),
    "note.onnx_folded_bn": (
        "{count} convolutions (such as {example!r}) have a batch norm folded in by the exporter (their "
        "weights are tensors torch.onnx computed, named onnx::…): each batch norm's 4·C values (γ, β "
        "and the running statistics) became C biases, so the total is the file's, below the source "
        "model's. A bias the source had, or a fold by another exporter, cannot be told apart.",
        "합성곱 {count}개(예: {example!r})에는 내보내는 도구가 배치 정규화를 합쳐 넣었다 (가중치가 "
        "torch.onnx가 계산한 onnx::… 텐서다): 배치 정규화마다 값 4·C개(γ, β, 이동 통계)가 편향 C개가 "
        "되었으므로 합계는 파일의 것이고 원래 모델보다 적다. 원래 있던 편향이나 다른 도구의 합침은 "
        "구별할 수 없다.",
    ),
    # ── reshape (the kind) ──
    "error.reshape_two_inferred": (
        "reshape's shape {target} has more than one -1: only one size can be inferred",
        "reshape의 shape {target}에 -1이 둘 이상이다: 추론할 수 있는 크기는 하나뿐이다",
    ),
    "error.reshape_copy_axis": (
        "reshape's shape {target} has a 0 (copy the input's size) past the input's {rank} axes ({shape})",
        "reshape의 shape {target}에 입력의 축 {rank}개({shape}) 너머를 복사하라는 0이 있다",
    ),
    "error.reshape_count": (
        "reshape cannot view {shape} ({count} elements) as {target}: the element count must stay the same",
        "reshape는 {shape}(원소 {count}개)를 {target}로 볼 수 없다: 원소 개수가 같아야 한다",
    ),
    "hint.reshape": (
        "give sizes whose product is {count}, without the batch axis, or one -1 to infer",
        "곱이 {count}인 크기를 배치 축 없이 주거나, 추론할 하나를 -1로 준다",
    ),
    "explain.reshape": (
        "elements = {product} = {count}, the same in the new shape: no parameters",
        "원소 = {product} = {count}, 새 모양에서도 같다: 파라미터 없음",
    ),
    "error.channel_shuffle_groups": (
        "{channels} channels cannot be shuffled in {groups} groups: C must be a multiple of g",
        "채널 {channels}개는 {groups}개 그룹으로 섞을 수 없다: C가 g의 배수여야 한다",
    ),
    "hint.channel_shuffle_groups": (
        "choose groups that divide {channels} (such as {groups}), or give the layer before a "
        "multiple of groups channels",
        "{channels}의 약수인 groups(예: {groups})를 고르거나, 앞 층의 채널 수를 groups의 배수로 한다",
    ),
    "hint.channel_shuffle_prime": (
        "{channels} channels have no divisor but 1 and themselves: give the layer before a multiple "
        "of groups channels",
        "채널 {channels}개는 1과 자신 말고는 약수가 없다: 앞 층의 채널 수를 groups의 배수로 한다",
    ),
    "explain.channel_shuffle": (
        "C/g = {channels}/{groups} = {per_group} channels a group, interleaved: shape unchanged, "
        "no parameters",
        "C/g = {channels}/{groups} = 그룹마다 채널 {per_group}개, 서로 엇갈려 놓인다: 크기 변화 없음, "
        "파라미터 없음",
    ),
    "export.what.stochastic_depth_one": (
        "stochastic depth with rate (p) = 1 (Dropout's rate must be below 1)",
        "rate(p) = 1인 stochastic depth (Dropout의 rate는 1보다 작아야 한다)",
    ),
    "error.split_how": (
        "a split takes chunks: N (torch.chunk) or sizes: [C1, C2, …] (torch.split), exactly one of them",
        "split에는 chunks: N(torch.chunk)과 sizes: [C1, C2, …](torch.split) 중 정확히 하나를 준다",
    ),
    "error.split_outputs": (
        "outputs names {names} parts but the split makes {parts}",
        "outputs는 부분 {names}개의 이름을 주지만 split이 만드는 부분은 {parts}개다",
    ),
    "error.split_outputs_twice": (
        "outputs names a part twice: each part needs its own name",
        "outputs에 같은 이름이 두 번 있다: 부분마다 이름이 달라야 한다",
    ),
    "error.split_sizes": (
        "sizes {sizes} = {total} do not add up to the input's {channels} channels",
        "sizes {sizes} = {total}의 합이 입력의 채널 수 {channels:과/와} 맞지 않는다",
    ),
    "hint.split_sizes_last": (
        "torch.split needs sizes that sum to C = {channels}: for instance {sizes}",
        "torch.split의 sizes는 합이 C = {channels:이어야/여야} 한다: 예를 들어 {sizes}",
    ),
    "hint.split_sizes": (
        "torch.split needs sizes that sum to C = {channels}",
        "torch.split의 sizes는 합이 C = {channels:이어야/여야} 한다",
    ),
    "error.chunk_parts": (
        "torch.chunk splits C = {channels} into parts of ⌈{channels}/{chunks}⌉ = {size} channels, the "
        "last what is left: {sizes}, {parts} parts, not {chunks}",
        "torch.chunk는 C = {channels:을/를} ⌈{channels}/{chunks}⌉ = {size}채널씩, 마지막은 남는 만큼 "
        "나눈다: {sizes}, 부분 {parts}개이지 {chunks}개가 아니다",
    ),
    "hint.chunk_parts": (
        "choose chunks that divide {channels}, or give each part's channels with sizes: [...]",
        "{channels}의 약수인 chunks를 고르거나, sizes: [...]로 부분마다 채널 수를 준다",
    ),
    "explain.split_chunk": (
        "part = ⌈C/n⌉ = ⌈{channels}/{chunks}⌉ = {size} channels (the last: what is left)",
        "부분 = ⌈C/n⌉ = ⌈{channels}/{chunks}⌉ = 채널 {size}개 (마지막 부분은 남는 만큼)",
    ),
    "flag.chunk_uneven": (
        "{channels} channels are not a multiple of {chunks}: torch.chunk gives {size} a part and "
        "the last {last}",
        "채널 {channels}개는 {chunks}의 배수가 아니다: torch.chunk는 부분마다 {size}개, "
        "마지막에 {last}개를 준다",
    ),
    "flag.split_parts": (
        "{count} outputs: {parts}",
        "출력 {count}개: {parts}",
    ),
    "error.split_taken_whole": (
        "'{split}' is split into {count} parts ({parts}): a layer takes one of them by name",
        "'{split}' 층은 부분 {count}개({parts})로 나뉜다: 층은 그중 하나를 이름으로 받는다",
    ),
    "hint.split_taken_whole": (
        "name the part in inputs, such as inputs: [{first}]",
        "inputs에 부분의 이름을 쓴다, 예: inputs: [{first}]",
    ),
    "error.part_name_taken": (
        "the split's part '{name}' has the name of a layer (or of the input)",
        "split의 부분 '{name}'의 이름이 다른 층(또는 input)의 이름과 같다",
    ),
    # ── kinds-b ──
    "error.pixel_unshuffle_rank": (
        "pixel_unshuffle needs a C×H×W input, got {shape}",
        "pixel_unshuffle은 C×H×W 입력이 필요한데 {shape:이/가} 들어왔다",
    ),
    "hint.pixel_unshuffle_rank": (
        "nn.PixelUnshuffle moves the height and the width into channels: give it a 2-D feature map",
        "nn.PixelUnshuffle은 높이와 너비를 채널로 옮긴다: 2차원 특성 맵을 준다",
    ),
    "error.pixel_unshuffle_size": (
        "a side of {n} cannot be unshuffled by r = {r}: H and W must be multiples of r",
        "크기 {n:은/는} r = {r:으로/로} 풀 수 없다: H와 W가 r의 배수여야 한다",
    ),
    "hint.pixel_unshuffle_size": (
        "give the layer a map whose sides are multiples of {r} (such as {below} or {above}), or "
        "choose a downscale_factor that divides them",
        "변의 길이가 {r}의 배수(예: {below}, {above})인 맵을 주거나, 변을 나누는 downscale_factor를 고른다",
    ),
    "export.what.pixel_unshuffle": (
        "a pixel unshuffle in PyTorch's channel order",
        "PyTorch의 채널 순서를 따르는 픽셀 언셔플",
    ),
    "export.what.scale": ("a learned per-channel scale (layer scale)", "채널별 학습 배율(layer scale)"),
    "error.groupnorm_groups": (
        "{channels} channels cannot be split into {groups} groups: C must be a multiple of groups",
        "채널 {channels}개는 {groups}개 그룹으로 나눌 수 없다: C가 groups의 배수여야 한다",
    ),
    "hint.groupnorm_groups": (
        "choose groups that divide the channels, such as {below} or {above}",
        "채널 수를 나누는 groups를 고른다, 예: {below} 또는 {above}",
    ),
    "hint.groupnorm_groups_one": (
        "choose groups that divide the channels, such as {value}",
        "채널 수를 나누는 groups를 고른다, 예: {value}",
    ),
    "instancenorm_statistics": (
        "running mean, variance (non-trainable, counted as batch norm's)",
        "이동 평균, 분산 (학습 불가, 배치 정규화처럼 센다)",
    ),
    "flag.convention.pytorch_instancenorm": (
        "PyTorch counts {trainable} parameters and 2·C = {buffers} buffers (running mean and "
        "variance, track_running_stats=True); counted as Keras counts batch norm's: {keras_params}",
        "PyTorch는 파라미터 {trainable}개, 버퍼 2·C = {buffers}개(이동 평균과 분산, "
        "track_running_stats=True)로 센다; Keras가 배치 정규화를 세는 방식이라면 {keras_params}개",
    ),
    "export.what.instancenorm_running": (
        "instance normalisation with running statistics (track_running_stats)",
        "이동 통계(track_running_stats)를 쓰는 인스턴스 정규화",
    ),
    "layernorm_over_channels": (
        "over the C channels at each position",
        "위치마다 채널 C개에 대해",
    ),
    "layernorm_over_first_axis": (
        "over the {axis} axis at each position, put first by a permute",
        "permute가 맨 앞에 둔 {axis} 축에 대해 위치마다",
    ),
    "layernorm_last_axes": (
        "nn.LayerNorm over the last axes {shape}",
        "마지막 축 {shape}에 대한 nn.LayerNorm",
    ),
    "error.layernorm_both": (
        "over: channels and normalized_shape are two different layer norms",
        "over: channels와 normalized_shape는 서로 다른 계층 정규화다",
    ),
    "hint.layernorm_both": (
        "keep over: channels for the channels at each position (ConvNeXt's LayerNorm2d), or "
        "normalized_shape for nn.LayerNorm over the last axes",
        "위치마다 채널에 대해서라면(ConvNeXt의 LayerNorm2d) over: channels를, 마지막 축에 대해서라면 "
        "normalized_shape(nn.LayerNorm)를 남긴다",
    ),
    "error.layernorm_shape": (
        "normalized_shape {given} is not the last axes of the input {shape}",
        "normalized_shape {given:이/가} 입력 {shape}의 마지막 축이 아니다",
    ),
    "hint.layernorm_shape": (
        "nn.LayerNorm normalises the trailing axes: write them as they are, e.g. {ending}",
        "nn.LayerNorm은 뒤쪽 축을 정규화한다: 그 크기대로 쓴다, 예: {ending}",
    ),
    "flag.layernorm_unspecified": (
        "layer norm on {shape} without over or normalized_shape: computed over the channels at each "
        "position, as Keras' LayerNormalization() (axis=-1), {channels} parameters; PyTorch's "
        "nn.LayerNorm has no default, and over {normalized_shape} it would be {all_axes}: write "
        "over: channels or normalized_shape",
        "over나 normalized_shape가 없는 {shape}의 계층 정규화: Keras의 LayerNormalization()(axis=-1)처럼 "
        "위치마다 채널에 대해 계산해 파라미터 {channels}개; PyTorch의 nn.LayerNorm에는 기본값이 없고, "
        "{normalized_shape}에 대해서라면 {all_axes}개: over: channels나 normalized_shape를 쓴다",
    ),
    "error.layernorm_pytorch_default": (
        "PyTorch's nn.LayerNorm needs normalized_shape: it has no default on a feature map",
        "PyTorch의 nn.LayerNorm에는 normalized_shape가 필요하다: 특성 맵에서 기본값이 없다",
    ),
    "hint.layernorm_choose": (
        "write over: channels for the channels at each position (ConvNeXt's LayerNorm2d, "
        "{channels} parameters), or normalized_shape: {normalized_shape} (nn.LayerNorm over every "
        "axis, {all_axes} parameters)",
        "위치마다 채널에 대해서라면 over: channels(ConvNeXt의 LayerNorm2d, 파라미터 {channels}개), "
        "모든 축에 대해서라면 normalized_shape: {normalized_shape}(nn.LayerNorm, "
        "파라미터 {all_axes}개)를 쓴다",
    ),
    "flag.convention.keras_layernorm": (
        "Keras' LayerNormalization() normalises the last axis, the channels at each position: "
        "{params} parameters",
        "Keras의 LayerNormalization()은 마지막 축, 곧 위치마다 채널을 정규화한다: 파라미터 {params}개",
    ),
    "error.upsample_axes": (
        "{field} gives {given} values for {rank} spatial axes",
        "{field}에 값 {given}개가 있는데 공간 축은 {rank}개다",
    ),
    "hint.upsample_axes": (
        "give one value for every axis, or a list of {rank}",
        "모든 축에 값 하나를 주거나, {rank}개의 목록을 준다",
    ),
    "error.upsample_both": (
        "scale_factor and size are both given",
        "scale_factor와 size가 함께 주어졌다",
    ),
    "hint.upsample_both": (
        "keep one: scale_factor (output ⌊N·s⌋) or size (PyTorch's output size), as F.interpolate takes one",
        "하나만 남긴다: scale_factor(출력 ⌊N·s⌋) 또는 size(PyTorch의 출력 크기); "
        "F.interpolate도 하나만 받는다",
    ),
    "error.upsample_neither": (
        "upsample needs scale_factor or size",
        "upsample에는 scale_factor나 size가 필요하다",
    ),
    "hint.upsample_neither": (
        "write scale_factor: 2 for twice the size, or size: [H, W] for an output size "
        "(Keras' UpSampling2D(size=2) is a factor: type UpSampling2D reads size so)",
        "두 배라면 scale_factor: 2를, 출력 크기라면 size: [H, W]를 쓴다 "
        "(Keras의 UpSampling2D(size=2)는 배율이다: type UpSampling2D는 size를 그렇게 읽는다)",
    ),
    "error.upsample_mode": (
        "mode {mode} is not for {rank} spatial axes",
        "mode {mode}는 공간 축 {rank}개에 쓰지 않는다",
    ),
    "hint.upsample_mode": (
        "on {rank} spatial axes PyTorch interpolates with nearest or {fits}",
        "공간 축 {rank}개에서 PyTorch는 nearest나 {fits}로 보간한다",
    ),
    "error.upsample_align_nearest": (
        "align_corners is only for the interpolating modes",
        "align_corners는 보간하는 mode에만 쓴다",
    ),
    "hint.upsample_align_nearest": (
        "drop align_corners, or choose mode linear, bilinear, bicubic or trilinear "
        "(PyTorch refuses it with nearest)",
        "align_corners를 빼거나, mode를 linear, bilinear, bicubic, trilinear 중에서 고른다 "
        "(PyTorch는 nearest와 함께 쓰면 거부한다)",
    ),
    "error.upsample_empty": (
        "⌊{n}·{s}⌋ = {out}: the output would be empty",
        "⌊{n}·{s}⌋ = {out}: 출력이 비게 된다",
    ),
    "hint.upsample_empty": (
        "choose a scale_factor of at least 1/{n}",
        "scale_factor를 1/{n} 이상으로 고른다",
    ),
    "flag.upsample_rounding": (
        "⌊{n}·{s}⌋ is {out}, not {exact}: PyTorch multiplies in floating point, {n}·{s} = {product}",
        "⌊{n}·{s}⌋ = {out}, {exact}가 아니다: PyTorch는 부동소수점으로 곱한다, {n}·{s} = {product}",
    ),
    "flag.upsample_size_factor": (
        "size {size} read as the factor, as Keras' UpSampling (output {output}); PyTorch's "
        "Upsample(size=…) is the output size: write size_is: output for that",
        "size {size:을/를} Keras의 UpSampling처럼 배율로 읽었다(출력 {output}); PyTorch의 "
        "Upsample(size=…)은 출력 크기다: 그렇게 읽으려면 size_is: output을 쓴다",
    ),
    "flag.upsample_size_output": (
        "size {size} read as the output size, as PyTorch's Upsample(size=…); Keras' "
        "UpSampling2D(size=…) is a factor: write size_is: factor (or type UpSampling2D) for that",
        "size {size:을/를} PyTorch의 Upsample(size=…)처럼 출력 크기로 읽었다; Keras의 "
        "UpSampling2D(size=…)는 배율이다: 그렇게 읽으려면 size_is: factor(또는 type UpSampling2D)를 쓴다",
    ),
    "upsample_float": ("PyTorch's floating-point product", "PyTorch의 부동소수점 곱"),
    "upsample_output_size": ("PyTorch's size: the output size", "PyTorch의 size: 출력 크기"),
    "error.upsample_scale_factor": (
        "must be a positive number (at most 1,000,000) or a list of 1 to 3 of them (one per spatial "
        "dimension), got {got}",
        "양수(1,000,000 이하)이거나 그런 수 1~3개의 목록(공간 차원마다 하나)이어야 한다, 받은 값: {got}",
    ),
    "error.layernorm_normalized_shape": (
        "must be a positive integer or a list of 1 to 4 of them (the input's last sizes), got {got}",
        "양의 정수이거나 그런 수 1~4개의 목록(입력의 마지막 크기들)이어야 한다, 받은 값: {got}",
    ),
    "export.what.upsample": (
        "this resizing (Keras' UpSampling takes whole factors, nearest or bilinear without align_corners)",
        "이 크기 바꾸기(Keras의 UpSampling은 정수 배율, nearest나 align_corners 없는 bilinear만 받는다)",
    ),
    # ── zoo ──
    # repeat's start: numbering the copies (spec/blocks.py)
    "block.start_needs_repeat": (
        "'start' numbers the copies of a 'repeat', and this use has no 'repeat'",
        "'start'는 'repeat'의 사본에 번호를 매기는데, 이 사용에는 'repeat'가 없다",
    ),
    "hint.start_needs_repeat": (
        "add repeat: N (repeat: 1 for one numbered copy), or drop start",
        "repeat: N을 더하거나 (번호 붙은 사본 하나면 repeat: 1) start를 지운다",
    ),
    "block.start_not_number": (
        "must be the first copy's number or a name ending in one, got {value}",
        "첫 사본의 번호나 번호로 끝나는 이름이어야 한다, 받은 값: {value}",
    ),
    "hint.start": (
        "e.g. start: 2 (copies 2, 3, …) or start: denselayer1 (denselayer1, denselayer2, …)",
        "예: start: 2 (사본 2, 3, …) 또는 start: denselayer1 (denselayer1, denselayer2, …)",
    ),
    # cnncalc zoo (cli/zoo.py, render/zoo_list.py)
    "zoo.unknown": ("no zoo model {name} ({hint})", "모델 모음에 {name} 모델은 없다 ({hint})"),
    "zoo.hint_list": ("'cnncalc zoo' lists the models", "'cnncalc zoo'가 모델 목록을 보여 준다"),
    "zoo.spec_needs_name": (
        "--spec prints one model's spec: name the model (cnncalc zoo resnet50 --spec)",
        "--spec은 모델 하나의 명세를 출력한다: 모델 이름을 준다 (cnncalc zoo resnet50 --spec)",
    ),
    "zoo.list_format": (
        "the list of models is a table or json, not {format}; a model's table takes every format "
        "(cnncalc zoo resnet50 --format {format})",
        "모델 목록은 table 또는 json이다 ({format}는 안 된다); 모델 하나의 표는 모든 형식을 받는다 "
        "(cnncalc zoo resnet50 --format {format})",
    ),
    "zoo.col.model": ("Model", "모델"),
    "zoo.col.input": ("Input", "입력"),
    "zoo.col.params": ("Params", "파라미터"),
    "zoo.col.macs": ("MACs", "MACs"),
    "zoo.col.rf": ("RF", "수용 영역"),
    "zoo.list_footer": (
        "{count} models, as torchvision builds them (params: trainable, as torchvision counts them). "
        "cnncalc zoo NAME shows one; --spec prints its spec.",
        "모델 {count}개, torchvision이 만드는 그대로 (파라미터: 학습되는 것, torchvision이 세는 대로). "
        "cnncalc zoo NAME이 하나를 보여 주고, --spec이 그 명세를 출력한다.",
    ),
    # ── grade ──
    "expect_rf": ("receptive field", "수용 영역"),
    "grade.key_asks_nothing": ("the key asks for no answer", "키가 묻는 답이 하나도 없다"),
    "grade.hint_key_asks_nothing": (
        "give its layers ask: [output, params], or grade with --ask output,params",
        "층에 ask: [output, params]를 쓰거나 --ask output,params로 채점한다",
    ),
    "grade.no_key_files": (
        "no key files (NAME.key.yaml) in this folder",
        "이 폴더에 키 파일(NAME.key.yaml)이 없다",
    ),
    "grade.hint_no_key_files": (
        "cnncalc quiz SPEC --variants N -o DIR writes them",
        "cnncalc quiz SPEC --variants N -o DIR이 만든다",
    ),
    "grade.no_key_for": ("no key for variant '{variant}'", "변형 '{variant}'의 키가 없다"),
    "grade.hint_no_key_for": (
        "write the worksheet's variant: line back as it was, or name the file after its variant",
        "워크시트의 variant: 줄을 원래대로 두거나, 파일 이름을 변형 이름으로 한다",
    ),
    "grade.change": ("{where}: {was} → {now}", "{where}: {was} → {now}"),
    "grade.added": ("{where}: added ({kind})", "{where}: 추가됨 ({kind})"),
    "grade.removed": ("{where}: removed ({kind})", "{where}: 빠짐 ({kind})"),
    "grade.no_answer": ("no answer (right: {right})", "답이 없다 (정답: {right})"),
    "grade.right": ("right: {right}", "정답: {right}"),
    "grade.answered": ("answered {answer}, right {right}", "답 {answer}, 정답 {right}"),
    "grade.likely": ("likely", "아마도"),
    "grade.score": ("{score} of {maximum} points", "{maximum}점 만점에 {score}점"),
    "grade.status.graded": ("graded", "채점됨"),
    "grade.status.network_changed": ("network changed", "네트워크가 바뀜"),
    "grade.status.no_answers": ("no answers", "답이 없음"),
    "grade.status.unusable": ("unusable", "읽을 수 없음"),
    "grade.summary": ("{count} submission{plural}: {parts}", "제출 {count}개: {parts}"),
    "grade.summary_full": ("{count} with full marks", "만점 {count}"),
    "mistake.bias_left_out": (
        "the bias left out: counted without it, {value}",
        "편향(bias)을 빼먹었다: 편향 없이 세면 {value}",
    ),
    "mistake.input_channels_left_out": (
        "the input channels left out (FC = 1): that gives {value}",
        "입력 채널 수(FC)를 빼먹었다: FC = 1로 세면 {value}",
    ),
    "mistake.padding_left_out": (
        "the padding left out (P = 0): that gives {value}",
        "패딩을 빼먹었다: P = 0이면 {value}",
    ),
    "mistake.stride_left_out": (
        "the stride left out (S = 1): that gives {value}",
        "스트라이드를 빼먹었다: S = 1이면 {value}",
    ),
    "mistake.ceil_for_floor": (
        "rounded up where the size is rounded down (floor): rounding up gives {value}",
        "내림할 곳에서 올림했다: 올림하면 {value}",
    ),
    "mistake.floor_for_ceil": (
        "rounded down where ceil_mode rounds up: rounding down gives {value}",
        "ceil_mode는 올림하는데 내림했다: 내림하면 {value}",
    ),
    "mistake.dense_flattened": (
        "the map flattened first (in = C·H·W): that gives {value}",
        "특성 맵을 먼저 펼쳐서(flatten, in = C·H·W) 셌다: 그러면 {value}",
    ),
    "mistake.dense_per_position": (
        "the dense layer applied at each position, on the channels (in = C): that gives {value}",
        "펼치지 않고 위치마다 채널에 적용했다(in = C): 그러면 {value}",
    ),
    "mistake.dense_last_axis": (
        "the dense layer applied on the last axis, as PyTorch's nn.Linear (in = W): that gives {value}",
        "PyTorch의 nn.Linear처럼 마지막 축에 적용했다(in = W): 그러면 {value}",
    ),
    "mistake.batchnorm_pytorch": (
        "the batch norm counted as PyTorch counts it (γ and β; the running mean and variance are "
        "buffers): {value}",
        "배치 정규화를 PyTorch처럼 셌다(γ와 β만; 이동 평균과 분산은 버퍼): {value}",
    ),
    "mistake.batchnorm_keras": (
        "the batch norm counted as Keras counts it (γ, β and the running mean and variance): {value}",
        "배치 정규화를 Keras처럼 셌다(γ, β, 이동 평균, 이동 분산): {value}",
    ),
    "mistake.flops_for_macs": (
        "FLOPs given for MACs: a multiply-accumulate is 2 FLOPs, and {value} is 2 × the MACs",
        "MACs 대신 FLOPs를 적었다: 곱셈-덧셈 하나가 FLOP 2개라 {value} = 2 × MACs",
    ),
    "mistake.own_layer_answers": (
        "your total adds up your own layer answers ({value}): right the layers marked ✗ and it follows",
        "층마다 적은 답을 더한 값이다({value}): ✗ 표시된 층을 고치면 합계도 맞는다",
    ),
    "feedback.title": ("Feedback: {student}", "피드백: {student}"),
    "feedback.score": ("Score", "점수"),
    "feedback.unusable": (
        "Your submission could not be read, so it scored 0. What is wrong with it:",
        "제출한 파일을 읽을 수 없어 0점이다. 문제:",
    ),
    "feedback.no_answers": (
        "Your submission has no answers: fill in the blanks under each expect: and submit it again.",
        "제출한 파일에 답이 없다: 각 expect: 아래의 빈칸을 채워 다시 제출한다.",
    ),
    "feedback.changed_title": ("Your network differs from the worksheet's", "네트워크가 워크시트와 다르다"),
    "feedback.changed": (
        "Your answers are graded against the worksheet's network, not yours. What you changed:",
        "답은 제출한 네트워크가 아니라 워크시트의 네트워크로 채점했다. 바뀐 곳:",
    ),
    "feedback.answers": ("Answers", "답"),
    "feedback.answer": ("answer", "문항"),
    "feedback.yours": ("yours", "제출한 답"),
    "feedback.right": ("right", "정답"),
    "feedback.points": ("points", "점수"),
    "feedback.wrong_title": ("What went wrong, and the working", "틀린 답과 풀이"),
    "feedback.blank": ("nothing", "아무것도"),
    "feedback.you_wrote": (
        "You wrote {answer}; the right answer is {right}.",
        "제출한 답은 {answer}, 정답은 {right}.",
    ),
    "feedback.likely": ("Likely mistake", "틀린 까닭(추정)"),
    "quiz.no_variants": ("the spec has no variants: section", "스펙에 variants: 항목이 없다"),
    "quiz.hint_no_variants": (
        "add one: under variants:, input: size: [28, 32] and layers: C1: filters: [4, 6, 8], for instance",
        "variants: 아래에 예를 들어 input: size: [28, 32]와 layers: C1: filters: [4, 6, 8]을 쓴다",
    ),
    "quiz.unknown_variant_layer": ("variants: no layer named '{name}'", "variants: '{name}'이라는 층이 없다"),
    "quiz.hint_unknown_variant_layer": ("the layers are {names}", "층 이름: {names}"),
    "quiz.no_variant_fits": (
        "no variant found in {tries} draws whose strides are as asked ({policy})",
        "{tries}번 뽑아도 스트라이드가 조건({policy})에 맞는 변형이 없다",
    ),
    "quiz.hint_no_variant_fits": (
        "widen the ranges in variants:, or choose sizes the strides divide",
        "variants:의 범위를 넓히거나 스트라이드로 나누어떨어지는 크기를 고른다",
    ),
    "sheet.title": ("{name} — worksheet", "{name} — 계산 연습"),
    "sheet.layer": ("layer", "층"),
    "sheet.type": ("type", "종류"),
    "sheet.settings": ("settings", "설정"),
    "sheet.input": ("Input: {shape} (C×H×W)", "입력: {shape} (C×H×W)"),
    "sheet.instructions": (
        "Fill in every blank ({points} points), then write the same answers under expect: in the "
        "worksheet file.",
        "빈칸을 모두 채운다({points}점). 같은 답을 워크시트 파일의 expect: 아래에도 적는다.",
    ),
    "sheet.totals": ("network", "네트워크"),
    "sheet.hint_output": (
        "Hint 1: output size = (input size + 2·padding − filter size)/stride + 1 = (H + 2P − FH)/S + 1",
        "[Hint1] 출력 크기 = (input_size + 2*padding - filter_size)/stride + 1 = (IH + 2*P - FH)/S + 1",
    ),
    "sheet.hint_params": (
        "Hint 2: params = (weights per filter + bias)·filters = (FH·FW·FC + 1)·FN",
        "[Hint2] 파라미터 개수 = (filter 하나 당 가중치 개수 + bias 개수) x filter 개수 "
        "= (FH x FW x FC + 1) x FN",
    ),
    "grade.bad_ask": (
        "--ask: unknown answer {answer} (choose from output, params, trainable_params, macs, rf)",
        "--ask: 알 수 없는 답 {answer} (output, params, trainable_params, macs, rf 중에서 고른다)",
    ),
    "cli.cannot_make_folder": (
        "cannot make the folder {path}: {reason}",
        "폴더 {path:을/를} 만들 수 없다: {reason}",
    ),
    "quiz.variants_need_folder": (
        "--variants needs -o DIR: the folder to write the variants and their keys in",
        "--variants에는 변형과 키를 쓸 폴더 -o DIR이 필요하다",
    ),
}


def t(key: str, lang: Lang, **fields: object) -> str:
    """The text for ``key`` in ``lang`` with ``fields`` filled in."""
    english_text, korean = _TEXT[key]
    text = korean if lang is Lang.ko else english_text
    if not fields and "{" not in text:
        return text
    if _plain_fields(text):  # no format spec, no particle: str.format of the written operands
        return text.format_map({name: written(value) for name, value in fields.items()})
    return _FORMATTER.format(text, **fields)


def english(key: str, **fields: object) -> str:
    """The English text of ``key``: an error's own words (``errors.Said``)."""
    return t(key, Lang.en, **fields)


def has(key: str) -> bool:
    return key in _TEXT


class _Flag(Protocol):
    @property
    def kind(self) -> str: ...
    @property
    def args(self) -> Mapping[str, object]: ...
    @property
    def message_id(self) -> str: ...


def flag_key(flag: _Flag) -> str:
    """The id of a flag's sentence: its ``message_id``, else ``flag.<kind>``."""
    return flag.message_id or f"flag.{flag.kind}"


def flag_text(flag: _Flag, lang: Lang) -> str:
    """A warning's or note's sentence: its text (:func:`flag_key`) filled with its ``args`` in
    ``lang`` (``Lang.en``: the JSON's ``message`` and CSV's warnings). A flag without a text or
    its operands (a bug, which tests/test_i18n.py catches for every shipped spec) says its kind
    and operands rather than failing the output."""
    key = flag_key(flag)
    if key in _TEXT:
        try:
            return t(key, lang, **flag.args)
        except (KeyError, IndexError):
            pass
    operands = ", ".join(f"{name}={written(value)}" for name, value in flag.args.items())
    return f"{flag.kind} ({operands})" if operands else flag.kind


# --- particles (조사) --------------------------------------------------------------------------------

# particle pair → (after a final consonant, after a vowel)
_PAIRS: dict[str, tuple[str, str]] = {
    "이/가": ("이", "가"),
    "은/는": ("은", "는"),
    "을/를": ("을", "를"),
    "과/와": ("과", "와"),
    "으로/로": ("으로", "로"),
    "이다/다": ("이다", "다"),
    "이어야/여야": ("이어야", "여야"),
}
# How each digit is read (Sino-Korean): whether it ends in a final consonant (받침), and whether
# that consonant is ㄹ (으로/로 takes 로 after ㄹ, as after a vowel).
_DIGIT_READINGS = "영일이삼사오육칠팔구"
# Trailing zeros of a whole number → the last unit read: 10 십, 100 백, 1000 천, 10⁴ 만, 10⁸ 억, 10¹² 조.
_UNIT_READINGS = {1: "십", 2: "백", 3: "천"}
_MYRIAD_READINGS = {1: "만", 2: "억", 3: "조", 4: "경"}
# Latin letters as their English names are read: only L, M, N, R end in a consonant (엘, 엠, 엔, 알).
_LETTER_READINGS = {
    "a": "에이", "b": "비", "c": "씨", "d": "디", "e": "이", "f": "에프", "g": "지", "h": "에이치",
    "i": "아이", "j": "제이", "k": "케이", "l": "엘", "m": "엠", "n": "엔", "o": "오", "p": "피",
    "q": "큐", "r": "알", "s": "에스", "t": "티", "u": "유", "v": "브이", "w": "더블유", "x": "엑스",
    "y": "와이", "z": "지",
}  # fmt: skip
# The last sound of an English word, by its last letters: a closing consonant stays (input → 인풋),
# s, x, f, v, z, ch, sh, ge, se, ce… take a vowel (dense → 덴스, conv → 컨브).
_WORD_ENDINGS = (
    ("ng", "ㅇ"), ("ck", "ㄱ"), ("ll", "ㄹ"),
    ("l", "ㄹ"), ("m", "ㅁ"), ("n", "ㄴ"), ("k", "ㄱ"), ("t", "ㅅ"), ("p", "ㅂ"), ("b", "ㅂ"),
    ("d", "ㄷ"), ("g", "ㄱ"),
)  # fmt: skip


def _final(syllable: str) -> int:
    """The final consonant (종성) index of a Hangul syllable: 0 none, 8 ㄹ."""
    return (ord(syllable) - 0xAC00) % 28


def _last_sound(word: str) -> str | None:
    """The last syllable as ``word`` is read aloud (``"2"`` → 이, ``"(C1)"`` → 일, ``"10"`` → 십),
    or a bare consonant (``"input"`` → ㅅ); None when there is nothing to read."""
    text = word.rstrip()
    # Closing brackets, quotes, dots, ellipses and the like are not read: the item before them is.
    end = len(text)
    while end and not (text[end - 1].isalnum()):
        end -= 1
    text = text[:end]
    if not text:
        return None
    last = text[-1]
    if "가" <= last <= "힣":
        return last
    if last.isdigit():
        start = end
        while start and (text[start - 1].isdigit() or text[start - 1] == ","):
            start -= 1
        digits = text[start:].replace(",", "")
        if start and text[start - 1] == ".":  # a decimal's digits are read one by one
            return _DIGIT_READINGS[int(digits[-1])]
        whole = digits.lstrip("0")
        if not whole:
            return "영"
        zeros = len(whole) - len(whole.rstrip("0"))
        if zeros == 0:
            return _DIGIT_READINGS[int(whole[-1])]
        if zeros % 4:
            return _UNIT_READINGS[zeros % 4]
        return _MYRIAD_READINGS.get(zeros // 4, "경")
    if last.isascii() and last.isalpha():
        start = end
        while start and text[start - 1].isascii() and text[start - 1].isalpha():
            start -= 1
        latin = text[start:]
        if len(latin) == 1 or latin.isupper():  # a symbol or an acronym: its letters' names
            return _LETTER_READINGS[last.lower()][-1]
        lower = latin.lower()
        for ending, sound in _WORD_ENDINGS:
            if lower.endswith(ending):
                return sound
        return "아"  # a vowel sound
    return None


def josa(word: str, pair: str) -> str:
    """``word`` followed by the particle of ``pair`` that its last sound takes.

    이/가, 은/는, 을/를, 과/와, 으로/로: the first after a final consonant (받침), the second
    after a vowel (and 로 after ㄹ). Digits are read as Sino-Korean numbers, Latin letters by
    their English names or words' sounds; brackets and formulas by their last item.

    >>> josa("(7 + 2·0 − 3)/2", "이/가")
    '(7 + 2·0 − 3)/2가'
    >>> josa("(7 + 2·0 − 3)/3", "이/가")
    '(7 + 2·0 − 3)/3이'
    >>> josa("필터", "을/를"), josa("채널", "으로/로"), josa("10", "은/는")
    ('필터를', '채널로', '10은')
    """
    first, second = _PAIRS[pair]
    sound = _last_sound(word)
    if sound is None:
        return f"{word}{first}({second})" if pair != "으로/로" else f"{word}(으)로"
    if "가" <= sound <= "힣":
        final = _final(sound)
        has_final, rieul = final != 0, final == 8
    else:  # a bare consonant (ㄱ, ㄹ, …) from an English word's last sound
        has_final, rieul = sound != "아", sound == "ㄹ"
    if pair == "으로/로":
        return word + (first if has_final and not rieul else second)
    return word + (first if has_final else second)


def written(value: object) -> str:
    """An operand as a sentence writes it: a :class:`Dims` ``3×32×32``, a :class:`Count`
    ``61,706``, a :class:`HugeCount` ``1.235e+19``, Caffe's :class:`RoundedUpSizes`
    ``⌈(7 + 2·0 − 2)/2⌉ + 1 = 4``, :class:`Names` ``a, b``, a ``Fraction`` ``7/3 ≈ 2.33`` (a whole
    one as itself); anything else as ``str``."""
    if isinstance(value, Dims):
        return "×".join(str(size) for size in value)
    if isinstance(value, Count):
        return f"{value:,}"
    if isinstance(value, HugeCount):
        return f"{value:.3e}"
    if isinstance(value, Names):
        return ", ".join(value)
    if isinstance(value, RoundedUpSizes):
        texts = [f"⌈({r.n} + 2·{r.padding} − {r.kernel})/{r.stride}⌉ + 1 = {r.size}" for r in value]
        return texts[0] if len(set(texts)) == 1 else "; ".join(texts)
    if isinstance(value, FlooredSizes):
        return str(value[0]) if len(set(value)) == 1 else "; ".join(map(str, value))
    if isinstance(value, Fraction):
        if value.denominator == 1:
            return str(value.numerator)
        return f"{value.numerator}/{value.denominator} ≈ {float(value):.2f}"
    return format(value)


class _Formatter(string.Formatter):
    """``str.format`` that writes typed operands (:func:`written`) and reads a particle pair as the
    format spec: ``{size:이/가}`` (on the written text: ``3×32×32가``)."""

    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec in _PAIRS:
            return josa(written(value), format_spec)
        if not format_spec:
            return written(value)
        return str(super().format_field(value, format_spec))


_FORMATTER = _Formatter()


@cache  # the catalogue's templates: a few hundred
def _plain_fields(text: str) -> bool:
    """Every ``{field}`` of ``text`` is a bare name, without conversion or format spec, so
    :class:`_Formatter` would write each as :func:`written` does (a table's notes: thousands)."""
    try:
        parts = list(string.Formatter().parse(text))
    except ValueError:
        return False
    return all(
        name is None or (name.isidentifier() and not spec and conversion is None)
        for _, name, spec, conversion in parts
    )


def fields_of(text: str) -> set[str]:
    """The ``{fields}`` a template fills (without their format specs)."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}
