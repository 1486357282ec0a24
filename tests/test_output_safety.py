"""What reaches a terminal, a spreadsheet, a Markdown page or an XML parser is text (issue 9).

A name is data: whatever characters a spec or a file name carries, no control or bidi character
reaches stdout or stderr, no CSV cell is a formula, no Markdown cell splits, and every XML
document parses. The expectations are the formats' own rules, not what cnncalc printed.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.conftest import ROOT, SPECS, run_cli

# What must never be written: C0 controls but the line break, DEL, C1 controls (U+009B is CSI,
# an escape sequence in one character), the bidi embeddings, overrides and isolates, and what
# XML forbids (U+FFFE, U+FFFF, lone surrogates).
FORBIDDEN = (
    {chr(c) for c in range(0x20) if c != 0x0A}
    | {"\x7f"}
    | {chr(c) for c in range(0x80, 0xA0)}
    | {chr(c) for c in range(0x202A, 0x202F)}
    | {chr(c) for c in range(0x2066, 0x206A)}
    | {"\ufffe", "\uffff"}
    | {chr(c) for c in range(0xD800, 0xE000)}
)

ESCAPES = "\x1b]0;T\x07\x1b[31m"  # retitle the window, then turn the text red
# A spec's names refuse C0 controls and DEL (spec/models.py's Name); a file name carries them.
HOSTILE_NAMES = [
    ESCAPES + "x",
    "bell\x07cr\rbs\x08",
    "a\x9b31mb\x85",  # C1: CSI, NEL
    "evil\u202etxt.exe",  # right-to-left override
    "iso\u2066late\u2069\u202a",
    "xml\ufffe\uffff",
]


def in_file_name(name: str) -> bool:
    return any(ord(ch) < 0x20 or ch == "\x7f" or 0xD800 <= ord(ch) < 0xE000 for ch in name)


def forbidden_in(text: str) -> set[str]:
    return {ch for ch in text if ch in FORBIDDEN}


def spec_text(name: str | None, layer_name: str = "c1") -> str:
    """A JSON spec (JSON escapes carry any character, a lone surrogate too), with a stride that
    does not fit: (7 − 3)/3 + 1 = 7/3, so --strict fails it and it has a warning."""
    return json.dumps(
        {
            **({"name": name} if name is not None else {}),
            "input": [1, 7, 7],
            "layers": [
                {"type": "conv2d", "filters": 1, "kernel": 3, "stride": 3, "name": layer_name},
                {"type": "relu", "name": layer_name + "_relu"},
            ],
            "expect": {"total_params": 11},  # 3·3·1 + 1 = 10: a wrong answer, with its working
        }
    )


# Two specs carry them all: a file name with the C0 ones (no name in the spec: the stem is its
# name), and a spec whose name and layer names have the others.
SPEC_NAMES = [name for name in HOSTILE_NAMES if not in_file_name(name)]


@pytest.fixture(params=["file name", "names"])
def hostile(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[str, Path]:
    if request.param == "file name":
        name = "".join(name for name in HOSTILE_NAMES if in_file_name(name))
        path = tmp_path / (name + ".json")
        path.write_text(spec_text(None, layer_name="".join(SPEC_NAMES[:2])), encoding="utf-8")
    else:
        name = "".join(SPEC_NAMES)
        path = tmp_path / "spec.json"
        path.write_text(spec_text(name, layer_name="".join(SPEC_NAMES[2:])), encoding="utf-8")
    return name, path


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--strict"],
        ["--explain"],
        ["--explain", "--format", "markdown"],
        ["--explain", "--format", "json"],
        ["--rf", "--dtype", "int8"],
        ["--format", "markdown"],
        ["--format", "csv"],
        ["--format", "latex"],
        ["--format", "html"],
        ["--format", "json"],
    ],
    ids=lambda args: " ".join(args) or "table",
)
def test_no_control_or_bidi_character_reaches_stdout_or_stderr(
    hostile: tuple[str, Path], args: list[str]
) -> None:
    _name, path = hostile
    result = run_cli(str(path), *args)
    assert result.returncode in (0, 1), result.stderr
    assert not forbidden_in(result.stdout)
    assert not forbidden_in(result.stderr)


def test_names_show_their_escapes(tmp_path: Path) -> None:
    path = tmp_path / (ESCAPES + "x.json")
    path.write_text(spec_text(None, "evil\u202etxt"), encoding="utf-8")
    table = run_cli(str(path)).stdout
    assert "\\x1b]0;T\\x07\\x1b[31mx" in table.splitlines()[0]  # the title, as Python writes it
    assert "evil\\u202etxt" in table
    strict = run_cli(str(path), "--strict")
    assert strict.returncode == 1
    assert "failed: \\x1b]0;T\\x07\\x1b[31mx: 1 layer(s)" in strict.stderr


def test_a_file_name_with_escape_sequences(tmp_path: Path) -> None:
    # No name in the spec: the file's stem is the title, in the table, check and --strict.
    path = tmp_path / (ESCAPES + "x.yaml")
    path.write_text(
        "input: [1, 7, 7]\nlayers:\n  - {type: conv2d, filters: 1, kernel: 3, stride: 3}\n"
        "expect: {total_params: 10}\n",
        encoding="utf-8",
    )
    # (7 − 3)/3 + 1 = 7/3: the stride does not fit, which fails only under --strict; the answer
    # (3·3·1 + 1)·1 = 10 is right.
    for args, code in (
        ([str(path)], 0),
        ([str(path), "--strict"], 1),
        (["check", str(path)], 0),
        (["check", str(path), "--strict"], 1),
    ):
        result = run_cli(*args)
        assert result.returncode == code, args
        assert not forbidden_in(result.stdout + result.stderr), args
        assert "\\x1b[31mx" in result.stdout + result.stderr


def test_check_report_and_its_json(hostile: tuple[str, Path]) -> None:
    _name, path = hostile
    for args in ([], ["--format", "json"], ["--explain"]):
        result = run_cli("check", str(path), *args)
        assert result.returncode == 1  # the wrong total_params
        assert not forbidden_in(result.stdout + result.stderr)
    report = json.loads(run_cli("check", str(path), "--format", "json").stdout)
    assert report["specs"][0]["name"] == _name  # JSON escapes: the same value


def test_json_keeps_the_name_exactly(hostile: tuple[str, Path]) -> None:
    name, path = hostile
    assert json.loads(run_cli(str(path), "--format", "json").stdout)["name"] == name


def test_apply_filters_its_name(tmp_path: Path) -> None:
    path = tmp_path / "exercise.yaml"
    path.write_text(
        json.dumps({"name": "\x9b31m\u202e", "input": [[1, 2], [3, 4]], "kernel": [[1]]}), encoding="utf-8"
    )
    result = run_cli("apply", str(path))
    assert result.returncode == 0, result.stderr
    assert not forbidden_in(result.stdout + result.stderr)
    assert "\\x9b31m\\u202e" in result.stdout


def test_errors_name_a_hostile_key_without_acting_on_it(tmp_path: Path) -> None:
    path = tmp_path / ("bad\x1b[2J.json")
    path.write_text(
        json.dumps(
            {"input": [1, 7, 7], "layers": [{"type": "conv2d", "filters": 1, "kernel": 3, "k\x9b\u202e": 1}]}
        ),
        encoding="utf-8",
    )
    result = run_cli(str(path))
    assert result.returncode == 2
    assert not forbidden_in(result.stderr)
    assert "\\x9b\\u202e" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_rich_markup_in_a_name_prints_literally(tmp_path: Path) -> None:
    path = tmp_path / "spec.json"
    path.write_text(spec_text("[bold]net[/bold]", "[red]c1[/]"), encoding="utf-8")
    for args in ([], ["--explain"], ["check"], ["--strict"]):
        command = ["check", str(path)] if args == ["check"] else [str(path), *args]
        result = run_cli(*command)
        assert "[bold]net[/bold]" in result.stdout + result.stderr
        if args != ["--strict"]:
            assert "[red]c1[/]" in result.stdout


# --- CSV ----------------------------------------------------------------------------------------

FORMULAS = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]


@pytest.mark.parametrize("name", FORMULAS)
def test_csv_text_cells_cannot_start_a_formula(name: str, tmp_path: Path) -> None:
    if in_file_name(name):  # a tab or CR: the spec refuses it in a name, a file name has it
        path = tmp_path / (name + ".json")
        path.write_text(spec_text(None), encoding="utf-8")
    else:
        path = tmp_path / "spec.json"
        path.write_text(spec_text(name, layer_name=name), encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(run_cli(str(path), "--format", "csv").stdout)))
    assert rows
    for row in rows:
        # OWASP: a cell starting with = + - @ tab or CR is prefixed with a quote.
        assert row["spec"].startswith("'")
        for cell in row.values():
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), row
    if not in_file_name(name):
        assert rows[0]["name"].startswith("'")
    # Numbers stay numbers: 3·3·1 + 1 = 10 parameters, 2·2·9 = 36 MACs.
    assert (rows[0]["index"], rows[0]["params"], rows[0]["macs"]) == ("1", "10", "36")


# --- Markdown -----------------------------------------------------------------------------------


def _cells(row: str) -> list[str]:
    """A GFM table row's cells: split at each | that no backslash escapes."""
    cells, cell, escaped = [], "", False
    for ch in row.strip()[1:-1]:
        if ch == "|" and not escaped:
            cells.append(cell)
            cell = ""
            continue
        escaped = ch == "\\" and not escaped
        cell += ch
    return [*cells, cell]


@pytest.mark.parametrize("name", ["a|b", "a\\|b", "<script>alert(1)</script>", "x\\", "*em* _u_ `c` [l](u)"])
def test_markdown_cells_hold_any_name(name: str, tmp_path: Path) -> None:
    path = tmp_path / "spec.json"
    path.write_text(spec_text(name, layer_name=name), encoding="utf-8")
    text = run_cli(str(path), "--format", "markdown").stdout
    rows = [line for line in text.splitlines() if line.startswith("|")]
    header = _cells(rows[0])
    for row in rows[2:]:
        assert len(_cells(row)) == len(header), row
    assert "<script>" not in text
    assert "&lt;script&gt;" in text if "<" in name else True
    # The name cell unescapes (CommonMark: a backslash before punctuation is that character).
    name_cell = _cells(rows[2])[1].strip()
    unescaped, i = "", 0
    while i < len(name_cell):
        if name_cell[i] == "\\" and i + 1 < len(name_cell):
            unescaped += name_cell[i + 1]
            i += 2
        else:
            unescaped += name_cell[i]
            i += 1
    assert unescaped.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&") == name


# --- LaTeX --------------------------------------------------------------------------------------


def test_latex_escapes_its_special_characters(tmp_path: Path) -> None:
    path = tmp_path / "spec.json"
    path.write_text(spec_text("n", layer_name="a\\b{c}$d&e#f_g%h~i^j"), encoding="utf-8")
    text = run_cli(str(path), "--format", "latex").stdout
    # Written by hand from the LaTeX book's list of the ten special characters.
    expected = r"a\textbackslash{}b\{c\}\$d\&e\#f\_g\%h\textasciitilde{}i\textasciicircum{}j"
    row = next(line for line in text.splitlines() if line.startswith(r"\textbf{1} & "))
    assert row.split(" & ")[1] == rf"\textbf{{{expected}}}"  # the flagged layer is bold


# --- XML: JUnit and SVG -------------------------------------------------------------------------

# "\udcff" is how Python reads the byte 0xFF of a file name that is not UTF-8.
XML_HOSTILE = ["xml\ufffe\uffff", "c0\x01\x02\x0b\x0c", "esc" + ESCAPES, "bidi\u202e\x85", "lone\udcff"]


@pytest.mark.parametrize("name", XML_HOSTILE, ids=range(len(XML_HOSTILE)))
def test_junit_and_svg_are_well_formed_for_any_name(name: str, tmp_path: Path) -> None:
    if in_file_name(name):
        path = tmp_path / (name + ".json")
        path.write_text(spec_text(None), encoding="utf-8")
    else:
        path = tmp_path / "spec.json"
        path.write_text(spec_text(name, layer_name=name), encoding="utf-8")
    report = tmp_path / "report.xml"
    result = run_cli("check", str(path), "--junit", str(report))
    assert result.returncode == 1, result.stderr
    root = ET.fromstring(report.read_text(encoding="utf-8"))
    assert root.tag == "testsuites"
    assert root.get("failures") == "1"
    svg = run_cli("draw", str(path))
    assert svg.returncode == 0, svg.stderr
    assert ET.fromstring(svg.stdout).tag.endswith("svg")
    assert not forbidden_in(svg.stdout)
    html = run_cli("draw", str(path), "--format", "html").stdout
    assert not forbidden_in(html)


# --- HTML on an ASCII stdout --------------------------------------------------------------------


@pytest.mark.parametrize("args", [["--format", "html"], ["draw"], ["draw", "--format", "html"]])
def test_html_and_svg_on_an_ascii_stdout_use_character_references(args: list[str]) -> None:
    command = (
        [*args[:1], str(SPECS / "lenet5.yaml"), *args[1:]]
        if args[0] == "draw"
        else [str(SPECS / "lenet5.yaml"), *args]
    )
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    result = subprocess.run(
        [sys.executable, "-m", "cnncalc", *command], capture_output=True, env=env, cwd=ROOT, check=False
    )
    assert result.returncode == 0, result.stderr
    text = result.stdout.decode("ascii")
    assert "6&#215;28&#215;28" in text  # × is U+00D7 = 215
    assert "\\u00d7" not in text


def test_html_shows_markup_in_a_name_as_text(tmp_path: Path) -> None:
    path = tmp_path / "spec.json"
    path.write_text(spec_text("<b>net</b>", layer_name="<script>alert(1)</script>"), encoding="utf-8")
    for args in ([str(path), "--format", "html"], ["draw", str(path), "--format", "html"]):
        page = run_cli(*args).stdout
        assert "<script>" not in page and "<b>net" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
