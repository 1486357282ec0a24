"""``cnncalc grade`` and ``cnncalc quiz``: the teaching assistant's round trip.

Every number expected here is worked by hand or taken from the lecture notes (ToBig's "LeNet-5
계산 연습": C1 156, S2 12, C3 2,416, S4 32, C5 48,120, F6 10,164, OUTPUT 850), never from
cnncalc's output; the goldens in examples/class/expected are what users read, reviewed in the diff
(regenerate with ``pytest tests/test_grade.py --update-goldens``).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT, run_cli

CLASS = Path("examples/class")
EXPECTED = ROOT / CLASS / "expected"
# The notes' LeNet-5 with trainable subsampling, layer by layer: (output, params).
LENET = {
    "C1": ([6, 28, 28], 156),  # (5·5·1 + 1)·6
    "S2": ([6, 14, 14], 12),  # (1 + 1)·6
    "C3": ([16, 10, 10], 2416),  # (5·5·6 + 1)·16
    "S4": ([16, 5, 5], 32),  # (1 + 1)·16
    "C5": ([120, 1, 1], 48120),  # (5·5·16 + 1)·120
    "F6": ([84], 10164),  # (120 + 1)·84
    "OUTPUT": ([10], 850),  # (84 + 1)·10
}
# Points: one an answer, two for C3's and F6's; 20 in all. Worked for each submission:
SCORES = {
    "ahn": (20, "graded"),  # every answer right
    "baek": (17, "graded"),  # C1 params 150 (−1), C3 params 416 (−2)
    "cho": (18, "network changed"),  # C1 params 150 (−1), total 61,744 (−1)
    "dong": (16, "graded"),  # C1 output, C3 params (−2) and the total unreadable
    "eun": (0, "no answers"),
    "gu": (14, "graded"),  # C1, S2, S4, C5 (−1 each) and C3 (−2) written H×W×C
}


@pytest.fixture
def at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # paths in the goldens are relative, as a TA types them


def golden(path: Path, text: str, update: bool) -> None:
    if update:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), path


def test_the_shipped_key_holds_the_notes_answers() -> None:
    key = yaml.safe_load((ROOT / CLASS / "key.yaml").read_text(encoding="utf-8"))
    answers = {layer["name"]: layer.get("expect") for layer in key["layers"]}
    for name, (output, params) in LENET.items():
        assert answers[name] == {"output": output, "params": params}, name
    assert key["expect"] == {"output": [10], "total_params": sum(p for _, p in LENET.values())}
    assert sum(p for _, p in LENET.values()) == 61750


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_class_example_grades_as_worked_by_hand(
    lang: str, at_root: None, tmp_path: Path, update_goldens: bool
) -> None:
    gradebook, feedback = tmp_path / "grades.csv", tmp_path / "feedback"
    done = run_cli(
        "grade", "--key", str(CLASS / "key.yaml"), str(CLASS / "submissions"),
        "--gradebook", str(gradebook), "--feedback", str(feedback), "--lang", lang,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr  # eun handed in no answers
    rows = list(csv.DictReader(io.StringIO(gradebook.read_text(encoding="utf-8"))))
    assert {row["student"]: (int(row["score"]), row["status"]) for row in rows} == SCORES
    assert {row["maximum"] for row in rows} == {"20"}
    cho = next(row for row in rows if row["student"] == "cho")
    assert cho["reason"] == "layer 1 (C1): bias: true → false"
    assert (cho["C1 params"], cho["C3 params"], cho["network total_params"]) == ("0", "2", "0")
    golden(EXPECTED / f"report.{lang}.txt", done.stdout, update_goldens)
    golden(EXPECTED / "gradebook.csv", gradebook.read_text(encoding="utf-8"), update_goldens)
    for student in SCORES:
        text = (feedback / f"{student}.md").read_text(encoding="utf-8")
        golden(EXPECTED / "feedback" / lang / f"{student}.md", text, update_goldens)


def test_the_json_gradebook(at_root: None, tmp_path: Path, update_goldens: bool) -> None:
    gradebook = tmp_path / "grades.json"
    run_cli(
        "grade", "--key", str(CLASS / "key.yaml"), str(CLASS / "submissions"), "--gradebook", str(gradebook)
    )
    report = json.loads(gradebook.read_text(encoding="utf-8"))
    assert report["summary"] == {
        "submissions": 6, "graded": 4, "network_changed": 1, "no_answers": 1, "unusable": 0,
    }  # fmt: skip
    baek = next(s for s in report["submissions"] if s["student"] == "baek")
    wrong = [a for a in baek["answers"] if not a["correct"]]
    assert [(a["layer_name"], a["kind"], a["answer"], a["right"], a["mistake"]["kind"]) for a in wrong] == [
        ("C1", "params", 150, 156, "bias_left_out"),
        ("C3", "params", 416, 2416, "input_channels_left_out"),
    ]
    golden(EXPECTED / "gradebook.json", gradebook.read_text(encoding="utf-8"), update_goldens)


# --- the likely mistake, by re-running the layer with it made ------------------------------------


def graded_json(key: Path, *submissions: Path, ask: str | None = None) -> dict:
    args = ["grade", "--key", str(key), *map(str, submissions), "--format", "json"]
    done = run_cli(*args, *(["--ask", ask] if ask else []))
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout)


def mistakes_of(report: dict) -> dict[tuple[str, str], str | None]:
    (submission,) = report["submissions"]
    return {
        (a["layer_name"] or "network", a["kind"]): a["mistake"] and a["mistake"]["kind"]
        for a in submission["answers"]
        if not a["correct"]
    }


KEY_CONV = """
input: [3, 32, 32]
layers:
  - {name: conv, type: conv2d, filters: 10, kernel: 5, padding: 2}
  - {name: pool, type: maxpool, kernel: 2, stride: 2, ceil_mode: true, padding: 0}
  - {name: bn, type: batchnorm}
"""


@pytest.mark.parametrize(
    ("answers", "mistakes"),
    [
        # CS231n: 3×32×32, ten 5×5 filters, pad 2 → 10×32×32, (5·5·3 + 1)·10 = 760 parameters.
        ({"conv": {"params": 750}}, {("conv", "params"): "bias_left_out"}),  # 5·5·3·10
        ({"conv": {"params": 260}}, {("conv", "params"): "input_channels_left_out"}),  # (5·5·1 + 1)·10
        ({"conv": {"output": "10x28x28"}}, {("conv", "output"): "padding_left_out"}),  # 32 − 5 + 1
        ({"conv": {"output": "32x32x10"}}, {("conv", "output"): "channels_last"}),
        # MACs = 10·32·32·3·5·5 = 768,000; FLOPs twice that.
        ({"conv": {"macs": 1536000}}, {("conv", "macs"): "flops_for_macs"}),
        # 10×32×32 max-pooled by 2 with ceil_mode: 16×16 either way; the notes' 7×7 case below.
        ({"bn": {"params": 20}}, {("bn", "params"): "batchnorm_pytorch"}),  # γ, β: 2·10 (4·10 = 40)
        ({"conv": {"params": 761}}, {("conv", "params"): None}),  # no mistake gives 761
    ],
)
def test_a_wrong_answer_is_diagnosed_by_making_the_mistake(
    answers: dict, mistakes: dict, write_spec, tmp_path: Path
) -> None:
    key = write_spec(KEY_CONV, "key.yaml")
    data = yaml.safe_load(KEY_CONV)
    for layer in data["layers"]:
        layer["expect"] = answers.get(layer["name"], {})
    submission = write_spec(yaml.safe_dump(data), "kim.yaml")
    report = graded_json(key, submission, ask="output,params,macs")
    assert {k: v for k, v in mistakes_of(report).items() if k in mistakes} == mistakes


def test_floor_where_ceil_mode_rounds_up(write_spec) -> None:
    # 1×7×7 max-pooled by 3, stride 2, ceil_mode: ⌈(7 − 3)/2⌉ + 1 = 3; floored it is also 3, so
    # a 1×8×8 input: ⌈(8 − 3)/2⌉ + 1 = 4 with ceil_mode, ⌊5/2⌋ + 1 = 3 without.
    key = write_spec(
        "input: [1, 8, 8]\nlayers:\n  - {name: p, type: maxpool, kernel: 3, stride: 2, ceil_mode: true}\n",
        "key.yaml",
    )
    sub = write_spec(
        (
            "input: [1, 8, 8]\n"
            "layers:\n"
            "  - {name: p, type: maxpool, kernel: 3, stride: 2, ceil_mode: true, expect: {output: 1x3x3}}\n"
        ),
        "kim.yaml",
    )
    assert mistakes_of(graded_json(key, sub, ask="output"))[("p", "output")] == "floor_for_ceil"


def test_flatten_against_per_position_dense(write_spec) -> None:
    # A dense layer of 10 on a flattened 4×3×3 map: (4·3·3 + 1)·10 = 370; per position on the
    # 4 channels it would be (4 + 1)·10 = 50.
    spec = "input: [4, 3, 3]\nlayers:\n  - {name: fc, type: dense, units: 10, reading: flatten%s}\n"
    key = write_spec(spec % "", "key.yaml")
    sub = write_spec(spec % ", expect: {params: 50}", "kim.yaml")
    assert mistakes_of(graded_json(key, sub, ask="params"))[("fc", "params")] == "dense_per_position"


def test_a_total_with_every_bias_left_out(write_spec) -> None:
    # conv (3·3·1 + 1)·4 = 40, dense on 4·6·6 = 144 inputs: (144 + 1)·10 = 1,450; total 1,490.
    # Without any bias: 36 + 1,440 = 1,476.
    spec = (
        "input: [1, 8, 8]\n"
        "layers:\n"
        "  - {type: conv, filters: 4, kernel: 3}\n"
        "  - {type: flatten}\n"
        "  - {type: dense, units: 10}\n"
        "%s"
    )
    key = write_spec(spec % "", "key.yaml")
    sub = write_spec(spec % "expect: {total_params: 1476}\n", "kim.yaml")
    report = graded_json(key, sub, ask="params")
    assert mistakes_of(report)[("network", "total_params")] == "bias_left_out"


# --- the network changed, graded against the key all the same ------------------------------------

CHAIN = """input: {input}
layers:
  - {{name: C1, type: conv, filters: 6, kernel: {kernel}, expect: {{output: 6x28x28, params: 156}}}}
{extra}  - {{name: F, type: flatten, expect: {{output: 4704}}}}
"""


@pytest.mark.parametrize(
    ("changed", "reason", "score"),
    [
        ({}, "", 3),
        ({"kernel": 3}, "layer 1 (C1): kernel: 5 → 3", 3),
        ({"input": "[3, 32, 32]"}, "input: 1×32×32 → 3×32×32", 3),
        ({"extra": "  - {type: relu}\n"}, "layer 2 (relu_1): added (activation)", 3),
    ],
)
def test_a_changed_network_is_reported_and_graded_against_the_key(
    changed: dict, reason: str, score: int, write_spec, tmp_path: Path
) -> None:
    fields = {"input": "[1, 32, 32]", "kernel": 5, "extra": ""}
    key = write_spec(CHAIN.format(**fields), "key.yaml")
    sub = write_spec(CHAIN.format(**{**fields, **changed}), "kim.yaml")
    gradebook = tmp_path / "grades.csv"
    run_cli("grade", "--key", str(key), str(sub), "--gradebook", str(gradebook), "--ask", "output,params")
    (row,) = csv.DictReader(io.StringIO(gradebook.read_text(encoding="utf-8")))
    # The key: C1 6×28×28 and (5·5·1 + 1)·6 = 156, F 6·28·28 = 4,704 and 0 parameters (left
    # blank), the network's output and total (unanswered): 3 of 6.
    assert (row["reason"], int(row["score"]), row["maximum"]) == (reason, score, "6")
    assert row["status"] == ("network changed" if reason else "graded")


def test_a_removed_layer_s_answers_are_missing(write_spec) -> None:
    key = write_spec(
        (
            "input: [1, 8, 8]\n"
            "layers:\n"
            "  - {name: a, type: conv, filters: 2, kernel: 3}\n"
            "  - {name: b, type: conv, filters: 2, kernel: 3}\n"
        ),
        "key.yaml",
    )
    sub = write_spec(
        "input: [1, 8, 8]\nlayers:\n  - {name: a, type: conv, filters: 2, kernel: 3, expect: {params: 20}}\n",
        "kim.yaml",
    )
    (graded,) = graded_json(key, sub, ask="params")["submissions"]
    assert graded["changes"] == ["layer 2 (b): removed (conv)"]
    # a: (3·3·1 + 1)·2 = 20 ✓; b: no answer; the total 20 + (3·3·2 + 1)·2 = 58 unanswered.
    assert [(a["layer_name"], a["correct"], a["hint"]) for a in graded["answers"]] == [
        ("a", True, None),
        ("b", False, "no_answer"),
        (None, False, "no_answer"),
    ]


# --- answers as students write them; what cannot be used --------------------------------------


def test_answers_are_read_as_students_write_them(write_spec) -> None:
    # 6×14×14 flattened: 1,176 values; conv (5·5·1 + 1)·6 = 156 on 1×18×18 → 6×14×14.
    spec = (
        "input: [1, 18, 18]\n"
        "layers:\n"
        "  - {name: c, type: conv, filters: 6, kernel: 5, expect: {output: %s, params: %s}}\n"
        "  - {name: f, type: flatten, expect: {output: %s}}\n"
    )
    key = write_spec(spec % ("null", "null", "null"), "key.yaml")
    for shape, count, flat in (
        ("6x14x14", 156, 1176),
        ("'6×14×14'", "'156'", "'1176'"),
        ("[6, 14, 14]", "'1 5 6'", "[1176]"),
    ):
        sub = write_spec(spec % (shape, count, flat), "kim.yaml")
        (graded,) = graded_json(key, sub, ask="output,params")["submissions"]
        correct = {(a["layer_name"], a["kind"]): a["correct"] for a in graded["answers"]}
        assert correct[("c", "output")] and correct[("f", "output")], shape
        assert correct[("c", "params")] == (count != "'1 5 6'"), count  # '1 5 6' is not 156


@pytest.mark.parametrize(
    "hostile",
    [
        "input: !!python/object/apply:os.system ['touch /tmp/cnncalc-pwned']\nlayers: []\n",
        "a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1]\n"
        "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
        "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
        "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
        "g: [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n",
        "[" * 100 + "]" * 100,
        "\x00\x01binary",
    ],
)
def test_a_hostile_submission_is_refused_and_scores_zero(hostile: str, write_spec, tmp_path: Path) -> None:
    key = write_spec(CHAIN.format(input="[1, 32, 32]", kernel=5, extra=""), "key.yaml")
    sub = write_spec(hostile, "mallory.yaml")
    gradebook = tmp_path / "grades.csv"
    done = run_cli("grade", "--key", str(key), str(sub), "--gradebook", str(gradebook), "--ask", "output")
    assert done.returncode == 1
    (row,) = csv.DictReader(io.StringIO(gradebook.read_text(encoding="utf-8")))
    assert (row["student"], row["score"], row["status"]) == ("mallory", "0", "unusable")
    assert row["reason"].startswith(str(sub)), row["reason"]
    assert not Path("/tmp/cnncalc-pwned").exists()


def test_an_unusable_key_is_exit_2(write_spec) -> None:
    sub = write_spec(CHAIN.format(input="[1, 32, 32]", kernel=5, extra=""), "kim.yaml")
    done = run_cli("grade", "--key", "missing.yaml", str(sub))
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.startswith("error: missing.yaml")
    done = run_cli("grade", "--key", str(sub), str(sub), "--ask", "outputs")
    assert done.returncode == 2 and "--ask: unknown answer 'outputs'" in done.stderr


def test_the_receptive_field_is_an_answer(write_spec) -> None:
    # Two 3×3 convolutions, stride 1: a 5×5 field (3 + (3 − 1)·1).
    spec = (
        "input: [1, 16, 16]\n"
        "layers:\n"
        "  - {type: conv, filters: 2, kernel: 3}\n"
        "  - {type: conv, filters: 2, kernel: 3, expect: {rf: %s}}\n"
    )
    assert run_cli("check", str(write_spec(spec % 5))).returncode == 0
    assert run_cli("check", str(write_spec(spec % "'5x5'"))).returncode == 0
    done = run_cli("check", str(write_spec(spec % 3)))
    assert done.returncode == 1 and "receptive field: expected 3×3, computed 5×5" in done.stdout


# --- quiz: worksheets, sheets, variants; the round trip ----------------------------------------


def test_a_worksheet_is_the_network_with_blanks_and_its_key_passes_check(tmp_path: Path) -> None:
    sheet = tmp_path / "hw3.yaml"
    done = run_cli("quiz", str(ROOT / CLASS / "lenet5.yaml"), "-o", str(sheet))
    assert done.returncode == 0, done.stderr
    worksheet = yaml.safe_load(sheet.read_text(encoding="utf-8"))
    assert [layer.get("expect") for layer in worksheet["layers"]] == [
        *([{"output": None, "params": None}] * 5),
        None,
        *([{"output": None, "params": None}] * 2),
    ]
    assert "ask" not in worksheet and "variants" not in worksheet
    assert run_cli("check", str(tmp_path / "hw3.key.yaml")).returncode == 0
    (graded,) = graded_json(tmp_path / "hw3.key.yaml", sheet)["submissions"]
    assert (graded["status"], graded["score"], graded["maximum"]) == ("no answers", 0, 20)
    assert (tmp_path / "hw3.md").read_text(encoding="utf-8").startswith("# LeNet-5 — worksheet")


@pytest.mark.parametrize(
    ("output_format", "escaped"),
    [("markdown", "&lt;b&gt;\\|x\\_y"), ("html", "&lt;b&gt;|x_y"), ("latex", "\\textless{}b\\textgreater{}")],
)
def test_the_printable_sheet_escapes_names(
    output_format: str, escaped: str, write_spec, tmp_path: Path
) -> None:
    spec = write_spec("input: [1, 8, 8]\nlayers:\n  - {name: '<b>|x_y', type: conv, filters: 2, kernel: 3}\n")
    run_cli("quiz", str(spec), "-o", str(tmp_path / "w.yaml"), "--format", output_format)
    suffix = {"markdown": ".md", "html": ".html", "latex": ".tex"}[output_format]
    text = (tmp_path / f"w{suffix}").read_text(encoding="utf-8")
    assert escaped in text and "<b>" not in text
    assert yaml.safe_load((tmp_path / "w.yaml").read_text(encoding="utf-8"))["layers"][0]["name"] == "<b>|x_y"


def make_variants(folder: Path, seed: int, count: int = 3, *extra: str) -> list[str]:
    done = run_cli(
        "quiz",
        str(ROOT / CLASS / "lenet5.yaml"),
        "--variants",
        str(count),
        "--seed",
        str(seed),
        "-o",
        str(folder),
        *extra,
    )
    assert done.returncode == 0, done.stderr
    return sorted(p.name for p in folder.iterdir())


def test_variants_are_named_deterministic_and_fit(tmp_path: Path) -> None:
    names = make_variants(tmp_path / "a", 7)
    assert names == [f"hw3-0{i}{suffix}" for i in (1, 2, 3) for suffix in (".key.yaml", ".md", ".yaml")]
    make_variants(tmp_path / "b", 7)
    make_variants(tmp_path / "c", 8)
    texts = {d: [(tmp_path / d / n).read_text(encoding="utf-8") for n in names] for d in "abc"}
    assert texts["a"] == texts["b"] and texts["a"] != texts["c"]
    for name in names:
        if name.endswith(".key.yaml"):
            assert run_cli("check", "--strict", str(tmp_path / "a" / name)).returncode == 0, (
                name
            )  # strides fit
            _check_by_hand(yaml.safe_load((tmp_path / "a" / name).read_text(encoding="utf-8")))


def _check_by_hand(key: dict) -> None:
    """A variant's C1 and C3 worked by hand from the sizes it drew: (N − F)/1 + 1, (F·F·C + 1)·FN."""
    n = key["input"]["height"]
    c1, s2, c3 = key["layers"][0], key["layers"][1], key["layers"][2]
    side = n - c1["kernel"] + 1
    assert c1["expect"] == {
        "output": [c1["filters"], side, side],
        "params": (c1["kernel"] ** 2 + 1) * c1["filters"],
    }
    assert s2["expect"]["output"] == [c1["filters"], side // 2, side // 2] and side % 2 == 0
    assert c3["expect"]["params"] == (c3["kernel"] ** 2 * c1["filters"] + 1) * c3["filters"]


def test_one_misfit_variants_have_exactly_one_stride_that_does_not_fit(tmp_path: Path) -> None:
    make_variants(tmp_path, 3, 2, "--strides", "one-misfit")
    for key in sorted(tmp_path.glob("*.key.yaml")):
        report = json.loads(run_cli(str(key), "--format", "json").stdout)
        flagged = {w["layer"] for w in report["warnings"] if w["kind"] == "stride_does_not_fit"}
        assert len(flagged) == 1, key  # one layer (on each spatial axis)


def _filled(worksheet: Path, key: Path) -> str:
    """A worksheet with a key's answers written in, as a student would."""
    data = yaml.safe_load(worksheet.read_text(encoding="utf-8"))
    answers = yaml.safe_load(key.read_text(encoding="utf-8"))
    for layer, answered in zip(data["layers"], answers["layers"], strict=True):
        if "expect" in layer:
            layer["expect"] = answered["expect"]
    data["expect"] = answers["expect"]
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def test_the_round_trip_quiz_variants_submissions_grade_feedback(tmp_path: Path) -> None:
    hw = tmp_path / "hw3"
    make_variants(hw, 7)
    repos = tmp_path / "class"
    # kim and lee each hand in their own variant, right; park renames the file (the variant:
    # line finds the key); choi copies kim's answers into hw3-03.
    handed = {
        "kim": ("hw3-01", "hw3-01"),
        "lee": ("hw3-02", "hw3-02"),
        "park": ("hw3-03", "hw3"),
        "choi": ("hw3-03", None),
    }
    for student, (variant, file) in handed.items():
        (repos / student).mkdir(parents=True)
        answers = "hw3-01" if student == "choi" else variant
        text = _filled(hw / f"{variant}.yaml", hw / f"{answers}.key.yaml")
        (repos / student / f"{file or variant}.yaml").write_text(text, encoding="utf-8")
    gradebook, feedback = tmp_path / "grades.csv", tmp_path / "feedback"
    done = run_cli(
        "grade", "--key", str(hw), str(repos), "--gradebook", str(gradebook), "--feedback", str(feedback)
    )
    assert done.returncode == 0, done.stderr
    rows = {row["student"]: row for row in csv.DictReader(io.StringIO(gradebook.read_text(encoding="utf-8")))}
    assert {
        name: (row["variant"], row["score"], row["maximum"]) for name, row in rows.items() if name != "choi"
    } == {
        "kim": ("hw3-01", "20", "20"),
        "lee": ("hw3-02", "20", "20"),
        "park": ("hw3-03", "20", "20"),
    }
    assert rows["choi"]["variant"] == "hw3-03" and int(rows["choi"]["score"]) < 20
    assert sorted(p.name for p in feedback.iterdir()) == ["choi.md", "kim.md", "lee.md", "park.md"]
    assert "the right answer is" in (feedback / "choi.md").read_text(encoding="utf-8")


def test_grading_loads_nothing_for_the_other_commands() -> None:
    import subprocess
    import sys

    probe = (
        "import sys\nfrom cnncalc.cli import main\nsys.argv = ['cnncalc', *sys.argv[1:]]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('cnncalc.grading')), file=sys.stderr)\n"
    )
    for arguments in (["specs/lenet5.yaml"], ["check", "examples/lenet5_worksheet.yaml"]):
        done = subprocess.run(
            [sys.executable, "-c", probe, *arguments], cwd=ROOT, capture_output=True, text=True
        )
        assert done.stderr.strip().splitlines()[-1] == "[]", done.stderr


def test_the_grading_benchmark_s_class_grades(tmp_path: Path) -> None:
    from benchmarks import grading

    key, folder = grading.write_class(tmp_path, 12)  # the six examples, twice over
    report = graded_json(key, folder)
    assert report["summary"]["submissions"] == 12
    assert sorted(s["score"] for s in report["submissions"]) == sorted([20, 17, 18, 16, 0, 14] * 2)


def test_html_feedback_escapes_what_the_submission_carries(write_spec, tmp_path: Path) -> None:
    key = write_spec(
        "input: [1, 8, 8]\nlayers:\n  - {name: '<b>', type: conv, filters: 2, kernel: 3}\n", "key.yaml"
    )
    sub = write_spec(
        "input: [1, 8, 8]\nlayers:\n  - {name: '<b>', type: conv, filters: 2, kernel: 3, "
        "expect: {params: '<script>'}}\n",
        "<img src=x>.yaml",
    )
    feedback = tmp_path / "feedback"
    run_cli(
        "grade",
        "--key",
        str(key),
        str(sub),
        "--feedback",
        str(feedback),
        "--feedback-format",
        "html",
        "--ask",
        "params",
    )
    (page,) = feedback.iterdir()
    assert page.name == "img_src_x.html"
    text = page.read_text(encoding="utf-8")
    assert "&lt;script&gt;" in text and "&lt;b&gt;" in text and "&lt;img src=x&gt;" in text
    assert "<script>" not in text and "<b>" not in text and "<img" not in text


def test_points_and_asks_per_layer_and_per_answer(write_spec) -> None:
    # a asks params only (3 points, from the spec's points: {params: 3}); b asks output (2
    # points, its own); the network its total (1, the default). a: (3·3·1 + 1)·2 = 20.
    key = write_spec(
        "input: [1, 8, 8]\npoints: {params: 3}\nask: [total_params]\nlayers:\n"
        "  - {name: a, type: conv, filters: 2, kernel: 3, ask: [params]}\n"
        "  - {name: b, type: conv, filters: 2, kernel: 3, ask: [output], points: 2}\n",
        "key.yaml",
    )
    sub = write_spec(
        "input: [1, 8, 8]\nlayers:\n  - {name: a, type: conv, filters: 2, kernel: 3, expect: {params: 20}}\n"
        "  - {name: b, type: conv, filters: 2, kernel: 3, expect: {output: 2x4x4}}\n",
        "kim.yaml",
    )
    (graded,) = graded_json(key, sub)["submissions"]
    assert [(a["layer_name"], a["kind"], a["points"], a["earned"]) for a in graded["answers"]] == [
        ("a", "params", 3, 3),
        ("b", "output", 2, 2),
        (None, "total_params", 1, 0),
    ]
    assert (graded["score"], graded["maximum"]) == (5, 6)


def test_a_wrong_ask_points_or_variants_is_one_line_each(write_spec) -> None:
    spec = write_spec(
        "input: [1, 8, 8]\npoints: -1\nvariants: {layers: {c: {filter: [1]}}}\n"
        "layers:\n  - {name: c, type: conv, filters: 2, kernel: 3, ask: [outputs], points: {param: 2}}\n"
    )
    done = run_cli(str(spec))
    assert done.returncode == 2 and done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 4, lines
    assert "ask[0]: must be one of 'output', 'params'" in lines[0]
    assert "points: must be a number of points from 0 to 1000" in lines[1] and "got {'param': 2}" in lines[1]
    assert (
        "variants.layers.c.filter: unknown field 'filter'" in lines[3]
        and "did you mean 'filters'?" in lines[3]
    )


def test_the_gradebook_keeps_formulas_out_of_a_spreadsheet(write_spec, tmp_path: Path) -> None:
    key = write_spec(
        "input: [1, 8, 8]\nlayers:\n  - {name: '=1+1', type: conv, filters: 2, kernel: 3}\n", "key.yaml"
    )
    sub = write_spec(
        "input: [1, 8, 8]\nlayers:\n  - {name: '=1+1', type: conv, filters: 2, kernel: 3}\n", "@kim.yaml"
    )
    gradebook = tmp_path / "grades.csv"
    run_cli("grade", "--key", str(key), str(sub), "--gradebook", str(gradebook), "--ask", "params")
    header, row = list(csv.reader(io.StringIO(gradebook.read_text(encoding="utf-8"))))
    assert "'=1+1 params" in header and row[0] == "'@kim"


@pytest.mark.parametrize(("mark", "code"), [(None, 0), (17, 0), (18, 1)])
def test_a_pass_mark_fails_a_score_under_it(mark: int | None, code: int, at_root: None) -> None:
    baek = str(CLASS / "submissions" / "baek.yaml")  # 17 of 20
    done = run_cli(
        "grade", "--key", str(CLASS / "key.yaml"), baek, *(["--pass-mark", str(mark)] if mark else [])
    )
    assert done.returncode == code, done.stderr
