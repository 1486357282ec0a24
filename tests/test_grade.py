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
