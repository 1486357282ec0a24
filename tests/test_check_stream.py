"""``cnncalc check`` writes each spec's report as the spec is checked: memory does not grow with
the number of files, and the reports are the documents the standard writers would write whole."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from cnncalc import pipeline
from cnncalc.engine.check import CheckOutcome, SpecCheck, Unusable
from tests.conftest import SPECS, run_cli

FAILED = "input: [1, 8, 8]\nlayers:\n  - {type: conv, filters: 2, kernel: 3, expect: {params: 19}}\n"
UNUSABLE = "input: [1, 8, 8]\nlayers:\n  - {type: convv, filters: 2, kernel: 3}\n"
NOTHING = "input: [1, 8, 8]\nlayers:\n  - {type: conv, filters: 2, kernel: 3}\n"
ODD_NAME = (  # a bidi override and markup in the name; (3·3·1 + 1)·2 = 20 parameters: passes
    'name: "a\\u202eb <&> \\"q\\""\ninput: [1, 8, 8]\n'
    "layers:\n  - {type: conv, filters: 2, kernel: 3, expect: {params: 20}}\n"
)


def _mixed_specs(tmp_path: Path) -> list[str]:
    """A passed, a failed, an unusable spec, one with nothing to check, an odd name, resnet50's flags."""
    written = {"b_failed": FAILED, "c_unusable": UNUSABLE, "d_nothing": NOTHING, "e_odd": ODD_NAME}
    for name, text in written.items():
        (tmp_path / f"{name}.yaml").write_text(text, encoding="utf-8")
    return [
        str(SPECS / "lenet5.yaml"),
        *sorted(str(p) for p in tmp_path.glob("*.yaml")),
        str(SPECS / "resnet50.yaml"),
        str(tmp_path / "missing" / "*.yaml"),
    ]


def test_the_json_report_is_the_document_json_dumps_writes(tmp_path: Path) -> None:
    done = run_cli("check", *_mixed_specs(tmp_path), "--format", "json")
    assert done.returncode == 2
    report = json.loads(done.stdout)
    assert report["summary"] == {
        "specs": 7, "passed": 3, "failed": 1, "unusable": 2, "ok": False, "nothing_to_check": 1
    }  # fmt: skip
    # json.dumps would write the bidi override as it is; cnncalc escapes it (the only difference).
    whole = json.dumps(report, indent=2, ensure_ascii=False).replace("\u202e", "\\u202e") + "\n"
    assert done.stdout == whole


def test_the_junit_report_is_the_document_elementtree_writes(tmp_path: Path) -> None:
    report = tmp_path / "out" / "report.xml"
    report.parent.mkdir()
    done = run_cli("check", *_mixed_specs(tmp_path), "--junit", str(report))
    assert done.returncode == 2
    written = report.read_text(encoding="utf-8")
    root = ET.fromstring(written)
    suites = root.findall("testsuite")
    assert len(suites) == 7
    tests = sum(int(suite.get("tests", "")) for suite in suites)
    # The failures: b_failed's answer and d_nothing's having none; the errors: the unusable two.
    assert [root.get(key) for key in ("tests", "failures", "errors")] == [str(tests), "2", "2"]
    ET.indent(root)
    whole = ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
    assert written == whole.replace("\u202e", "\\u202e")


def test_a_spool_gives_back_what_was_written_past_its_memory(tmp_path: Path) -> None:
    # Over a megabyte, the spool is a temporary file: line breaks and any str come back as written.
    from cnncalc.render.check_report import Spool

    pieces = [f"line {n}\r\n\u00d7 \udcff {'x' * 1000}\n" for n in range(2000)]
    spool = Spool()
    for piece in pieces:
        spool.write(piece)
    assert "".join(spool.read_back()) == "".join(pieces)


def test_check_lets_each_spec_go_before_it_checks_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The report was rendered from every outcome at the end: ≈ 25 KB kept per passed copy of
    # resnet50.yaml (its flagged layers, their steps), 88 MiB for 1,000 copies against 38 MiB
    # for one. Each spec is written as it is checked now, and let go.
    text = (SPECS / "resnet50.yaml").read_text(encoding="utf-8")
    for number in range(4):
        (tmp_path / f"r{number}.yaml").write_text(text, encoding="utf-8")
    kept: list[int] = []  # the outcomes alive as each file is started

    def check_file(path: Path, strict: bool = False) -> CheckOutcome:
        gc.collect()
        kept.append(sum(isinstance(o, (SpecCheck, Unusable)) for o in gc.get_objects()))
        return real(path, strict)

    real = pipeline.check_file
    monkeypatch.setattr(pipeline, "check_file", check_file)
    for arguments in ([], ["--format", "json"], ["--junit", str(tmp_path / "report.xml")]):
        kept.clear()
        done = run_cli("check", str(tmp_path), *arguments)
        assert done.returncode == 0, done.stderr
        assert kept == [0, 0, 0, 0], arguments


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_disk_on_stdout_still_writes_the_junit_report(tmp_path: Path) -> None:
    # The JUnit report was written before the table; the table is printed as it goes now, so a
    # standard output that fails half way must not stop the report (CI reads it, not the log).
    layers = "".join(
        f"  - {{type: conv, filters: 1, kernel: 1, expect: {{params: {n}}}}}\n" for n in range(300)
    )
    spec = tmp_path / "wrong.yaml"  # 300 wrong answers (each conv has 2 parameters): 40 KB of working
    spec.write_text("input: [1, 8, 8]\nlayers:\n" + layers, encoding="utf-8")
    report = tmp_path / "report.xml"
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [sys.executable, "-m", "cnncalc", "check", str(spec), "--junit", str(report)],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip().splitlines() == [
        "error: cannot write to standard output: No space left on device"
    ]
    root = ET.parse(report).getroot()
    assert (root.get("tests"), root.get("failures")) == ("300", "299")  # only params: 2 is right
