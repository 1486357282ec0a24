"""``--format latex`` and ``--format html``: the same numbers as the table, in a report's shape."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from tests.conftest import SPECS
from tests.conftest import run_cli as cli


def latex_rows(text: str) -> list[list[str]]:
    body = text.split(r"\begin{tabular}", 1)[1].split(r"\end{tabular}", 1)[0]
    rows = [line for line in body.splitlines() if line.endswith(r"\\")]
    return [re.split(r"(?<!\\)&", row.removesuffix(r"\\")) for row in rows]


def test_latex_is_a_tabular_with_eight_columns_per_row() -> None:
    result = cli(str(SPECS / "lenet5.yaml"), "--format", "latex")
    assert result.returncode == 0, result.stderr
    assert r"\begin{tabular}{rllllrrl}" in result.stdout
    rows = latex_rows(result.stdout)
    # header, input, seven layers; the totals row spans its first four columns.
    assert len(rows) == 10
    assert all(len(row) == 8 for row in rows[:-1])
    assert len(rows[-1]) == 5 and r"\multicolumn{4}{l}" in rows[-1][0]
    # C1: 6×28×28 with (5·5·1 + 1)·6 = 156 parameters, as the seeds count them.
    c1 = [cell.strip() for cell in rows[2]]
    assert c1[:3] == ["1", "C1", "conv"]
    assert c1[4] == r"6$\times$28$\times$28" and c1[5] == "156"
    assert "61,706" in rows[-1][2]


def test_latex_escapes_names_and_bolds_a_flagged_row(write_spec) -> None:
    path = write_spec(
        "input: [1, 7, 7]\nlayers:\n  - {type: conv, filters: 1, kernel: 3, stride: 3, name: my_conv#1}\n"
    )
    text = cli(str(path), "--format", "latex").stdout
    assert r"my\_conv\#1" in text
    row = next(r for r in latex_rows(text) if "my" in r[1])
    assert all(cell.strip().startswith(r"\textbf{") for cell in row if cell.strip())


class _Rows(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[str | None, list[str]]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append((dict(attrs).get("class"), []))
        elif tag in ("td", "th"):
            self._cell = []

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1][1].append("".join(self._cell))
            self._cell = None


def test_html_is_one_page_with_the_table() -> None:
    result = cli(str(SPECS / "stride_mismatch.yaml"), "--format", "html")
    assert result.returncode == 0
    assert result.stdout.startswith("<!DOCTYPE html>")
    parser = _Rows()
    parser.feed(result.stdout)
    classes = [css for css, _ in parser.rows]
    assert classes == [None, "input", "flagged"]
    cells = parser.rows[2][1]
    assert cells[4] == "1×2×2" and cells[5] == "10"  # (3·3·1 + 1)·1 = 10
    assert "7/3 (2.33)" in cells[7]


def test_a_graph_gets_an_inputs_column_in_latex_and_html() -> None:
    latex = cli(str(SPECS / "inception_3a.yaml"), "--format", "latex").stdout
    rows = latex_rows(latex)
    assert [c.strip() for c in rows[0]][:4] == [r"\#", "Name", "Type", "Inputs"]
    assert all(len(row) == 9 for row in rows[:-1])
    concat = next(row for row in rows if "concat" in row[1])
    assert concat[3].count(",") == 3  # the four branches
    parser = _Rows()
    parser.feed(cli(str(SPECS / "inception_3a.yaml"), "--format", "html").stdout)
    header = parser.rows[0][1]
    assert header[3] == "Inputs" and all(len(cells) == 9 for _, cells in parser.rows)
