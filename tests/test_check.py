"""``cnncalc check``: every exit code, every expectation kind, JUnit and JSON reports, paths.

Expected numbers are worked by hand from the formulas or taken from the lecture notes, never
copied from cnncalc's output.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from cnncalc.cli import app
from tests.conftest import ROOT, SPECS
from tests.conftest import run_cli as cli

EXAMPLE = ROOT / "examples" / "lenet5_worksheet.yaml"


def check(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["check", *map(str, args)], env={"LANG": "C"})
    assert "Traceback" not in result.stdout + result.stderr
    return result.exit_code, result.stdout, result.stderr


# A small network worked by hand:
#   conv 3→4, 3×3 on 8×8: output 4×6×6; params (3·3·3 + 1)·4 = 112; MACs 4·6·6·3·3·3 = 3,888
#   batchnorm on 4 channels: params 4·4 = 16, of which 2·4 = 8 trainable
#   flatten: 4·6·6 = 144
#   dense 10: params (144 + 1)·10 = 1,450; MACs 144·10 = 1,440
#   totals: params 112 + 16 + 1,450 = 1,578; trainable 1,570; non-trainable 8; MACs 5,328
SMALL = """\
input: [3, 8, 8]
layers:
  - {{type: conv2d, filters: 4, kernel: 3, name: conv{conv}}}
  - {{type: batchnorm, name: bn{bn}}}
  - {{type: flatten, name: flat{flat}}}
  - {{type: dense, units: 10, name: fc{fc}}}
{network}
"""
RIGHT_LAYER = {
    ("conv", "output"): "[4, 6, 6]",
    ("conv", "params"): "112",
    ("conv", "trainable_params"): "112",
    ("conv", "macs"): "3888",
    ("bn", "params"): "16",
    ("bn", "trainable_params"): "8",
    ("flat", "output"): "[144]",
    ("fc", "params"): "1450",
    ("fc", "macs"): "1440",
}
WRONG_LAYER = {
    ("conv", "output"): "[4, 8, 8]",
    ("conv", "params"): "108",
    ("conv", "trainable_params"): "100",
    ("conv", "macs"): "3000",
    ("bn", "params"): "8",
    ("bn", "trainable_params"): "16",
    ("flat", "output"): "[4, 36]",
    ("fc", "params"): "1440",
    ("fc", "macs"): "1450",
}
RIGHT_NETWORK = {
    "output": "[10]",
    "total_params": "1578",
    "trainable_params": "1570",
    "non_trainable_params": "8",
    "total_macs": "5328",
}
WRONG_NETWORK = {
    "output": "[10, 1]",
    "total_params": "1570",
    "trainable_params": "1578",
    "non_trainable_params": "0",
    "total_macs": "5000",
}


def small_spec(layer: tuple[str, str] | None = None, value: str = "", network: str = "") -> str:
    slots = {"conv": "", "bn": "", "flat": "", "fc": ""}
    if layer is not None:
        slots[layer[0]] = f", expect: {{{layer[1]}: {value}}}"
    return SMALL.format(**slots, network=network)


@pytest.mark.parametrize("where", sorted(RIGHT_LAYER), ids=lambda w: f"{w[0]}-{w[1]}")
def test_every_layer_expectation_kind_passes_and_fails(where: tuple[str, str], write_spec) -> None:
    good = write_spec(small_spec(where, RIGHT_LAYER[where]), "good.yaml")
    bad = write_spec(small_spec(where, WRONG_LAYER[where]), "bad.yaml")
    assert check(good)[0] == 0
    code, out, _ = check(bad, "--format", "json")
    assert code == 1
    (entry,) = json.loads(out)["specs"][0]["checks"]
    assert entry["kind"] == where[1] and entry["passed"] is False
    assert entry["expected"] == json.loads(WRONG_LAYER[where])
    assert entry["computed"] == json.loads(RIGHT_LAYER[where])
    assert entry["working"], "a wrong answer comes with its working"


@pytest.mark.parametrize("kind", sorted(RIGHT_NETWORK))
def test_every_network_expectation_kind_passes_and_fails(kind: str, write_spec) -> None:
    good = write_spec(small_spec(network=f"expect: {{{kind}: {RIGHT_NETWORK[kind]}}}"), "good.yaml")
    bad = write_spec(small_spec(network=f"expect: {{{kind}: {WRONG_NETWORK[kind]}}}"), "bad.yaml")
    assert check(good)[0] == 0
    code, out, _ = check(bad, "--format", "json")
    assert code == 1
    (entry,) = json.loads(out)["specs"][0]["checks"]
    assert (entry["scope"], entry["kind"], entry["passed"]) == ("network", kind, False)
    assert entry["computed"] == json.loads(RIGHT_NETWORK[kind])


@pytest.mark.parametrize("where", [str(SPECS), str(SPECS / "*.yaml")], ids=["directory", "quoted_glob"])
def test_shipped_specs_all_pass_exit_0(where: str) -> None:
    code, out, err = check(where)
    assert code == 0, out + err
    assert err == ""
    shipped = len(list(SPECS.glob("*.yaml")))  # the zoo included: every spec states its count
    assert out.rstrip().splitlines()[-1] == f"{shipped} specs: {shipped} passed, 0 failed"


def test_worksheet_shows_each_wrong_answer_with_its_working_exit_1() -> None:
    code, out, err = check(EXAMPLE)
    assert code == 1 and err == ""
    # The worksheet's answers against the lecture notes: C1 (5·5·1 + 1)·6 = 156,
    # C3 (5·5·6 + 1)·16 = 2,416, C5 is 120×1×1, OUTPUT (84 + 1)·10 = 850, and the total is
    # Keras' 61,706 plus the trainable subsampling (1 + 1)·6 + (1 + 1)·16 = 44.
    assert "✗ layer 1 (C1): params: expected 150, computed 156" in out
    assert "params = (FH·FW·FC + 1)·FN = (5·5·1 + 1)·6 = 156" in out
    assert "✗ layer 3 (C3): params: expected 416, computed 2,416" in out
    assert "(5·5·6 + 1)·16 = 2,416" in out
    assert "✗ layer 5 (C5): output: expected 120, computed 120×1×1" in out
    assert "✗ layer 8 (OUTPUT): params: expected 840, computed 850" in out
    assert "✗ network: total params: expected 61,706, computed 61,750" in out
    assert "✓ layer 2 (S2): params 12" in out
    assert out.count("✗") == 5
    assert out.rstrip().splitlines()[-1] == "1 spec: 0 passed, 1 failed"


def test_worksheet_in_korean() -> None:
    result = CliRunner().invoke(app, ["check", str(EXAMPLE), "--lang", "ko"])
    assert result.exit_code == 1
    assert "✗ 1번 층 (C1): 파라미터 개수: 예상 150, 계산 156" in result.stdout
    assert "파라미터 개수 = (FH·FW·FC + 1)·FN = (5·5·1 + 1)·6 = 156" in result.stdout
    assert result.stdout.rstrip().splitlines()[-1] == "명세 1개: 통과 0, 실패 1"


def test_one_bad_file_does_not_stop_the_others_exit_2(write_spec) -> None:
    write_spec(small_spec(("conv", "params"), "112"), "a_good.yaml")
    write_spec("input: [1, 8, 8]\nlayers:\n  - {type: conv2d, filters: 2, kernal: 3}\n", "b_bad.yaml")
    write_spec(small_spec(("fc", "params"), "1440"), "c_wrong.yaml")
    folder = str(Path(write_spec("", "ignored.txt")).parent)
    code, out, err = check(folder)
    assert code == 2
    assert "b_bad.yaml:3: layer 1, kernal: unknown field 'kernal'" in err
    assert "a_good.yaml" in out and "c_wrong.yaml" in out
    assert out.rstrip().splitlines()[-1] == "3 specs: 1 passed, 1 failed, 1 unusable"


def test_missing_file_empty_directory_and_unmatched_glob_are_unusable(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    code, out, err = check(tmp_path / "missing.yaml", tmp_path / "empty", str(tmp_path / "*.yml"))
    assert code == 2
    assert err.count("error: ") == 3
    assert "no such file" in err and "no spec files" in err and "no file matches" in err
    assert out.rstrip().splitlines()[-1] == "3 specs: 0 passed, 0 failed, 3 unusable"


def test_a_flagged_stride_warns_and_fails_only_when_strict(write_spec) -> None:
    # (7 − 3)/3 + 1 = 2.33, floored to 2: 1×2×2
    flagged = (
        "input: [1, 7, 7]\nlayers:\n  - {type: conv2d, filters: 1, kernel: 3, stride: 3, "
        "expect: {output: [1, 2, 2]}}\n"
    )
    loose = write_spec(flagged, "loose.yaml")
    code, out, _ = check(loose)
    assert code == 0
    assert "⚠ layer 1 (conv_1)" in out
    # ToBig's: (7 − 3)/3 + 1 = 2.33 does not fit; S = 1 and 2 do, and P = 1 makes S = 3 fit.
    assert "(7 + 2·0 − 3)/3 + 1 = 7/3 = 2.33… → does not fit, floored to 2" in out
    assert "strides that fit: S = 1, S = 2; with S = 3, paddings that fit: P = 1" in out
    assert check(loose, "--strict")[0] == 1
    strict = write_spec("strict: true\n" + flagged, "strict.yaml")
    code, out, _ = check(strict)
    assert code == 1
    assert "✗ layer 1 (conv_1): stride fits (strict)" in out


def test_junit_report_has_one_case_per_expectation(tmp_path: Path, write_spec) -> None:
    write_spec(small_spec(("conv", "params"), "108", network="expect: {total_params: 1578}"), "wrong.yaml")
    write_spec("input: [1, 8, 8]\nlayers: []\n", "unusable.yaml")
    report = tmp_path / "out" / "report.xml"
    report.parent.mkdir()
    code, _, _ = check(tmp_path / "wrong.yaml", tmp_path / "unusable.yaml", SPECS / "cs231n_conv.yaml",
                       "--junit", report)  # fmt: skip
    assert code == 2
    root = ET.parse(report).getroot()
    assert root.tag == "testsuites"
    # wrong.yaml: 2 expectations (one fails: (3·3·3 + 1)·4 = 112, not 108; the total 1,578 holds);
    # unusable.yaml: 1 error; cs231n_conv.yaml: 4 (its layer's output and params, the network's).
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("7", "1", "1")
    suites = {suite.get("name"): suite for suite in root.iter("testsuite")}
    wrong = suites[str(tmp_path / "wrong.yaml")]
    cases = wrong.findall("testcase")
    assert [case.get("name") for case in cases] == ["layer 1 (conv): params", "network: total params"]
    failure = cases[0].find("failure")
    assert failure is not None
    assert failure.get("message") == "layer 1 (conv): params: expected 108, computed 112"
    assert "(3·3·3 + 1)·4 = 112" in (failure.text or "")
    assert cases[1].find("failure") is None
    error = suites[str(tmp_path / "unusable.yaml")].find("testcase/error")
    assert error is not None and "at least 1" in (error.get("message") or "")
    cs231n = suites[str(SPECS / "cs231n_conv.yaml")]
    assert (cs231n.get("tests"), cs231n.get("failures")) == ("4", "0")


def test_junit_path_that_cannot_be_written_is_exit_2(tmp_path: Path) -> None:
    code, _, err = check(SPECS / "cs231n_conv.yaml", "--junit", tmp_path / "no" / "dir" / "r.xml")
    assert code == 2
    assert "cannot write the JUnit report" in err


def test_json_report_summary_and_statuses(write_spec) -> None:
    bad = write_spec("input: [1, 8, 8]\nlayers:\n  - {type: conv2dd, filters: 2, kernel: 3}\n", "bad.yaml")
    code, out, err = check(SPECS / "cs231n_conv.yaml", bad, "--format", "json")
    assert code == 2
    report = json.loads(out)
    assert report["summary"] == {
        "specs": 2, "passed": 1, "failed": 0, "unusable": 1, "ok": False, "nothing_to_check": 0
    }  # fmt: skip
    good, unusable = report["specs"]
    assert good["status"] == "passed" and good["name"] == "CS231n conv example"
    layer_checks = [(c["kind"], c["computed"]) for c in good["checks"] if c["scope"] == "layer"]
    assert layer_checks == [("output", [10, 32, 32]), ("params", 760)]  # CS231n: (5·5·3 + 1)·10
    assert unusable["status"] == "unusable"
    assert "unknown layer type 'conv2dd'" in unusable["errors"][0]
    assert "unknown layer type 'conv2dd'" in err


def test_explain_on_check_adds_the_working() -> None:
    code, out, _ = check(SPECS / "cs231n_conv.yaml", "--explain")
    assert code == 0
    # CS231n: (32 + 2·2 − 5)/1 + 1 = 32 and (5·5·3 + 1)·10 = 760.
    assert "OH = (H + 2P − FH)/S + 1 = (32 + 2·2 − 5)/1 + 1 = 32" in out
    assert "params = (FH·FW·FC + 1)·FN = (5·5·3 + 1)·10 = 760" in out


def test_a_spec_without_answers_is_not_a_pass(write_spec, tmp_path: Path) -> None:
    # An empty submission proves nothing: "nothing to check", counted apart, and exit 1 (a CI gate
    # over homework must not pass it); before, "passed (no expectations to check)" and exit 0.
    plain = write_spec(small_spec(), "plain.yaml")
    code, out, _ = check(plain, SPECS / "cs231n_conv.yaml")
    assert code == 1
    assert "  → nothing to check (no expect answers in this spec)" in out.splitlines()
    assert "passed (" not in out.split("cs231n_conv.yaml")[0]
    assert out.splitlines()[-1] == "2 specs: 1 passed, 0 failed, 1 with nothing to check"
    code, out, _ = check(plain, "--format", "json")
    report = json.loads(out)
    assert code == 1
    assert report["specs"][0]["status"] == "nothing_to_check"
    assert report["summary"]["nothing_to_check"] == 1 and report["summary"]["ok"] is False
    junit = tmp_path / "report.xml"
    assert check(plain, "--junit", junit)[0] == 1
    root = ET.parse(junit).getroot()
    assert root.get("failures") == "1"
    (failure,) = root.iter("failure")
    assert failure.get("type") == "NothingToCheck"


def test_a_misspelt_answer_is_unusable_with_a_suggestion(write_spec) -> None:
    path = write_spec(
        "input: [1, 8, 8]\nlayers:\n  - {type: conv, filters: 2, kernel: 3, expect: {param: 1}}\n"
        "expect: {total_param: 3}\n"
    )
    code, _, err = check(path)
    assert code == 2
    assert err.splitlines() == [
        f"error: {path}:3: layer 1, expect.param: unknown field 'param' for a layer's expect "
        "(did you mean 'params'?)",
        f"error: {path}:4: expect.total_param: unknown field 'total_param' for 'expect' "
        "(did you mean 'total_params'?)",
    ]


def test_a_directory_is_searched_at_depth_but_not_in_hidden_folders(tmp_path: Path) -> None:
    (tmp_path / "week1").mkdir()
    (tmp_path / ".venv").mkdir()
    (tmp_path / "week1" / "conv.yaml").write_text(small_spec(("conv", "params"), "112"), encoding="utf-8")
    (tmp_path / ".venv" / "noise.yaml").write_text("not: a spec\n", encoding="utf-8")
    code, out, err = check(tmp_path)
    assert (code, err) == (0, "")
    assert out.rstrip().splitlines()[-1] == "1 spec: 1 passed, 0 failed"


def test_an_empty_argument_is_unusable() -> None:
    code, _, err = check("")
    assert code == 2
    assert err == "error: '': an empty argument names no file\n"


def test_every_expectation_kind_has_words_in_both_languages() -> None:
    from cnncalc.engine.check import LAYER_KINDS, NETWORK_KINDS, STRIDE_FITS
    from cnncalc.render.i18n import Lang, t

    for kind in [*LAYER_KINDS, *NETWORK_KINDS, STRIDE_FITS]:
        assert t(f"expect_{kind}", Lang.en) != t(f"expect_{kind}", Lang.ko)


# --- answers as students write them (issue 10) ------------------------------------------------------

# The SMALL network's answers in the ways students write them, each worked by hand above
# (conv 4×6×6 and 112 params, flatten 144, dense 1,450, total 1,578).
WRITTEN = """\
input: [3, 8, 8]
layers:
  - {type: conv2d, filters: 4, kernel: 3, name: conv, expect: {output: "4x6x6", params: "112"}}
  - {type: batchnorm, name: bn, expect: {output: "4×6×6", params: 16.0}}
  - {type: flatten, name: flat, expect: {output: 144}}
  - {type: dense, units: 10, name: fc, expect: {output: "[10]", params: "1,450", macs: "1 440"}}
expect: {output: "(10)", total_params: "1,578", trainable_params: 1_570}
"""


def test_answers_written_as_students_write_them_are_read(write_spec) -> None:
    # Before: '4x6x6' and '1,450' made the whole spec unusable (exit 2).
    code, out, err = check(write_spec(WRITTEN))
    assert (code, err) == (0, "")
    assert "→ passed (11 of 11 expectations hold)" in out
    assert "✓ layer 4 (fc): params 1,450" in out


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("6x14x14", (6, 14, 14)), ("6×14×14", (6, 14, 14)), ("6 x 14 x 14", (6, 14, 14)),
        ("[6, 14, 14]", (6, 14, 14)), ("(6, 14, 14)", (6, 14, 14)), ("6,14,14", (6, 14, 14)),
        ("6@14x14", (6, 14, 14)),  # LeCun et al. 1998: "6@14x14" feature maps
        ([6, 14, 14], (6, 14, 14)), (["6", "14", "14"], (6, 14, 14)), (1176, (1176,)), ("1176", (1176,)),
        ("six by fourteen", None), ("6x0x14", None), ([6, True], None), ("", None), ({"c": 6}, None),
    ],
)  # fmt: skip
def test_read_shape(written: object, read: tuple[int, ...] | None) -> None:
    from cnncalc.engine.check import read_shape

    assert read_shape(tuple(written) if isinstance(written, list) else written) == read


@pytest.mark.parametrize(
    ("written", "read"),
    [
        (11770, 11770), ("11770", 11770), ("11,770", 11770), ("11 770", 11770), ("11_770", 11770),
        ("11\u202f770", 11770), ("61,706", 61706), ("1,000,000", 1000000), (156.0, 156), (0, 0),
        ("1,17,70", None), ("11,770 000", None), ("61.7K", None), ("11.770", None), (156.5, None),
        (True, None), (-3, None), ("１２", None), (None, None),
    ],
)  # fmt: skip
def test_read_count(written: object, read: int | None) -> None:
    from cnncalc.engine.check import read_count

    assert read_count(written) == read


def test_an_answer_that_cannot_be_read_fails_alone(write_spec) -> None:
    text = WRITTEN.replace('params: "112"', 'params: "about 100"').replace("output: 144", 'output: "a lot"')
    path = write_spec(text)
    code, out, err = check(path)
    assert (code, err) == (1, "")  # computed, one answer wrong: not unusable
    lines = out.splitlines()
    assert (
        "  ✗ layer 1 (conv): params: cannot read 'about 100' as a count (write it as 11770 or 11,770)"
        in lines
    )
    assert (
        "  ✗ layer 3 (flat): output: cannot read 'a lot' as a shape (write it as [6, 14, 14] or 6x14x14)"
        in lines
    )
    # the working of the right answer still follows: (3·3·3 + 1)·4 = 112
    assert "    params = (FH·FW·FC + 1)·FN = (3·3·3 + 1)·4 = 112" in lines
    assert "→ FAILED (9 of 11 expectations hold)" in out
    code, out, _ = check(path, "--format", "json")
    (conv_params,) = [
        c for c in json.loads(out)["specs"][0]["checks"] if c["layer"] == 1 and c["kind"] == "params"
    ]
    assert conv_params["expected"] is None and conv_params["answer"] == "about 100"
    assert conv_params["hint"] == "cannot read 'about 100' as a count (write it as 11770 or 11,770)"


def test_a_channels_last_answer_is_hinted(write_spec) -> None:
    # ToBig's C1: 1×32×32, six 5×5 filters → 6×28×28, written H×W×C as [28, 28, 6].
    path = write_spec(
        "input: [1, 32, 32]\nlayers:\n  - {type: conv, filters: 6, kernel: 5, name: C1, "
        "expect: {output: [28, 28, 6]}}\n"
    )
    code, out, _ = check(path)
    assert code == 1
    assert (
        "  ✗ layer 1 (C1): output: expected 28×28×6, computed 6×28×28 "
        "(looks channels-last: 6×28×28 written H×W×C)"
    ) in out.splitlines()
    code, out, _ = check(path, "--format", "json")
    assert json.loads(out)["specs"][0]["checks"][0]["hint"] == "looks channels-last: 6×28×28 written H×W×C"
    ko = CliRunner().invoke(app, ["check", str(path), "--lang", "ko"], env={"LANG": "C"}).stdout
    assert "채널을 마지막에 쓴 것 같다: H×W×C 순서로 쓴 6×28×28" in ko


def test_a_flat_answer_for_a_c11_output_is_hinted() -> None:
    # The worksheet's C5: 16×5×5, 120 5×5 filters → (5 − 5)/1 + 1 = 1: 120×1×1, answered 120.
    code, out, _ = check(EXAMPLE)
    assert code == 1
    assert (
        "  ✗ layer 5 (C5): output: expected 120, computed 120×1×1 "
        "(120×1×1 holds 120 values, but only a flatten makes it a vector of 120)"
    ) in out.splitlines()


def test_unusable_specs_are_listed_in_the_report(write_spec, tmp_path: Path) -> None:
    # `check hw/ > report.txt` keeps every spec: before, an unusable one was only on stderr.
    write_spec("input: [1, 8, 8]\nlayers:\n  - {type: conv, filters: 2, kernal: 3}\n"
               "  - {type: conv, filters: 0, kernel: 3}\n", "bad.yaml")  # fmt: skip
    write_spec(small_spec(("conv", "params"), "112"), "good.yaml")
    code, out, err = check(tmp_path)
    assert code == 2
    bad = tmp_path / "bad.yaml"
    first = f"{bad}:3: layer 1, kernal: unknown field 'kernal' for a conv layer (did you mean 'kernel'?)"
    assert out.splitlines()[:3] == [
        f"{bad} — unusable",
        f"  ✗ error: {first}",
        "  → unusable (1 more problem on stderr)",
    ]
    assert out.splitlines()[-1] == "2 specs: 1 passed, 0 failed, 1 unusable"
    assert f"error: {first}" in err.splitlines()  # still on stderr too, for CI logs


@settings(max_examples=40, deadline=None)
@given(
    shape=st.lists(st.integers(1, 10**6), min_size=1, max_size=4).map(tuple),
    count=st.integers(0, 10**15),
)
def test_every_way_of_writing_an_answer_reads_back(shape: tuple[int, ...], count: int) -> None:
    from cnncalc.engine.check import read_count, read_shape

    for written in ("x".join(map(str, shape)), "×".join(map(str, shape)), str(list(shape)), shape):
        assert read_shape(written) == shape
    for written in (count, str(count), f"{count:,}", f"{count:_}", f"{count:,}".replace(",", " ")):
        assert read_count(written) == count


def test_junit_expands_the_arguments_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A directory and a glob: each argument is expanded once, for the overwrite check and the
    # specs alike (a directory of 10,000 specs was walked twice).
    from cnncalc.spec import paths

    expanded: list[str] = []
    real = paths._expand

    def counted(argument: str) -> object:
        expanded.append(argument)
        return real(argument)

    monkeypatch.setattr(paths, "_expand", counted)
    report = tmp_path / "report.xml"
    code, _, _ = check(EXAMPLE, str(SPECS / "lenet5*.yaml"), "--junit", report)
    assert code in (0, 1)
    assert expanded == [str(EXAMPLE), str(SPECS / "lenet5*.yaml")]
    assert ET.parse(report).getroot().tag == "testsuites"


def test_an_unusable_spec_in_the_korean_report_is_said_in_korean(write_spec) -> None:
    path = str(write_spec("input: [1, 28, 28]\nlayers:\n  - {type: conv, filter: 6, kernel: 5}\n"))
    report = cli("check", path, "--lang", "ko")
    assert report.returncode == 2
    assert (
        f"error: {path}:3: 1번 층, filter: conv 계층에 없는 필드 'filter' (혹시 'filters'인가?)"
        in report.stdout
    )
    assert "unknown field" not in report.stdout  # as on stderr, not the English line
