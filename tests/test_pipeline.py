"""The one pipeline (read → expand blocks → validate → calculate → place errors) that every
command goes through, for files and for specs already parsed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cnncalc import pipeline
from cnncalc.errors import CnncalcError, SpecError
from tests.conftest import SPECS
from tests.conftest import run_cli as cli

# The pool inside the block stands on line 6; used once, it is the network's third layer.
BLOCK_WITH_CEIL_POOL = """\
input: [3, 8, 8]
blocks:
  unit:
    layers:
      - {type: conv2d, filters: 3, kernel: 3, padding: 1}
      - {type: maxpool, kernel: 2, ceil_mode: true, name: pool}
layers:
  - {type: relu, name: stem}
  - {block: unit, name: u}
"""


def _count_reads(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    reads: list[object] = []
    real = pipeline.read_document

    def counted(path: str | Path) -> object:
        reads.append(path)
        return real(path)

    monkeypatch.setattr(pipeline, "read_document", counted)
    return reads


def test_an_export_error_is_placed_at_its_layers_line_in_a_block(
    write_spec, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Keras has no ceil_mode: the error names the pool's own line (6) inside the block, where
    # re-reading the file without the block expansion gave the line of 'layers:' (7).
    path = write_spec(BLOCK_WITH_CEIL_POOL)
    reads = _count_reads(monkeypatch)
    run = cli("export", str(path), "--to", "keras")
    assert run.returncode == 2
    assert run.stdout == ""
    assert run.stderr.startswith(f"error: {path}:6: layer 3 (u.pool), ceil_mode: Keras has no layer")
    assert len(run.stderr.splitlines()) == 1
    assert reads == [path]  # the file is read once, by the pipeline


def test_an_export_error_at_a_top_level_layer(write_spec, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_spec(
        "input: [3, 8, 8]\nlayers:\n  - {type: relu}\n  - {type: maxpool, kernel: 2, ceil_mode: true}\n"
    )
    reads = _count_reads(monkeypatch)
    run = cli("export", str(path), "--to", "keras")
    assert run.returncode == 2
    assert run.stderr.startswith(f"error: {path}:4: layer 2 (maxpool_1), ceil_mode: ")
    assert len(reads) == 1


def test_every_command_reads_a_spec_once(monkeypatch: pytest.MonkeyPatch) -> None:
    reads = _count_reads(monkeypatch)
    lenet = str(SPECS / "lenet5.yaml")
    for args in (
        (lenet,),
        ("run", lenet, "--format", "json"),
        ("draw", lenet),
        ("export", lenet, "--to", "pytorch"),
        ("check", lenet),
    ):
        before = len(reads)
        run = cli(*args)
        assert run.returncode in (0, 1), (args, run.stderr)
        assert len(reads) - before == 1, args


def test_compute_file_keeps_the_spec_the_result_and_the_document() -> None:
    computed = pipeline.compute_file(SPECS / "lenet5.yaml")
    # LeNet-5's C1: (5·5·1 + 1)·6 = 156 parameters; 32 − 5 + 1 = 28.
    first = computed.result.layers[0]
    assert (first.params, first.output_shape) == (156, (6, 28, 28))
    assert len(computed.spec.layers) == len(computed.result.layers)
    assert computed.document.display_name == str(SPECS / "lenet5.yaml")
    assert computed.document.data is None  # the lines are kept for later errors, not the data
    assert computed.document.line_of(("layers", 0)) is not None


def test_a_spec_already_parsed_goes_through_the_same_pipeline() -> None:
    # As a model importer will hand it over: plain data, no file. 8 − 3 + 1 = 6; (3·3·3 + 1)·4 = 112.
    data = {"input": [3, 8, 8], "layers": [{"type": "conv2d", "filters": 4, "kernel": 3}]}
    computed = pipeline.compute_document(pipeline.document_of(data, "imported.onnx"))
    layer = computed.result.layers[0]
    assert (layer.output_shape, layer.params) == ((4, 6, 6), 112)
    assert computed.result.name == "imported"


def test_a_parsed_spec_with_blocks_is_expanded() -> None:
    data = {
        "input": [1, 4, 4],
        "blocks": {"b": {"layers": [{"type": "relu"}, {"type": "relu"}]}},
        "layers": [{"block": "b", "repeat": 2}],
    }
    computed = pipeline.compute_document(pipeline.document_of(data, "imported"))
    assert len(computed.result.layers) == 4  # two uses of a two-layer block


def test_a_parsed_specs_problems_name_it_without_a_line() -> None:
    data = {"input": [3, 8, 8], "layers": [{"type": "conv2d", "filters": 4, "kernel": 9}]}
    with pytest.raises(CnncalcError) as raised:
        pipeline.compute_document(pipeline.document_of(data, "imported.onnx"))
    (problem,) = raised.value.problems
    assert problem.file == "imported.onnx"
    assert problem.line is None
    assert problem.loc[:2] == ("layers", 0)
    data = {"input": [3, 8, 8], "layers": [{"type": "conv2d", "filter": 4, "kernel": 3}]}
    with pytest.raises(SpecError) as invalid:
        pipeline.compute_document(pipeline.document_of(data, "imported.onnx"))
    assert str(invalid.value.problems[0]).startswith("imported.onnx: layer 1, filter: unknown field")


def test_an_engine_error_is_placed_at_its_layers_line(write_spec) -> None:
    # A 9×9 kernel on an 8×8 input: (8 − 9)/1 + 1 = 0, no output; the conv stands on line 3.
    path = write_spec("input: [3, 8, 8]\nlayers:\n  - {type: conv2d, filters: 4, kernel: 9}\n")
    with pytest.raises(CnncalcError) as raised:
        pipeline.compute_file(path)
    (problem,) = raised.value.problems
    assert (problem.file, problem.line, problem.loc[:2]) == (str(path), 3, ("layers", 0))


def test_data_flows_one_way_nothing_below_imports_the_pipeline_or_the_cli() -> None:
    # spec/, engine/ and render/ are below the pipeline and the CLI: importing either from them
    # (at the top or inside a function) sends data back up, as render/ importing batch.py did.
    import ast

    package = Path(pipeline.__file__).parent
    upward = []
    for folder in ("spec", "engine", "render", "kinds"):
        for path in sorted((package / folder).glob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = (
                    [node.module or ""]
                    if isinstance(node, ast.ImportFrom)
                    else [alias.name for alias in node.names]
                    if isinstance(node, ast.Import)
                    else []
                )
                for name in names:
                    if name.split(".")[:2] in (["cnncalc", "cli"], ["cnncalc", "pipeline"]):
                        upward.append(f"{folder}/{path.name}: {name}")
    assert upward == []


def test_checking_many_specs_with_the_collector_off_leaves_no_more_cycles_than_one(tmp_path: Path) -> None:
    # cnncalc's main() runs with the collector off: a cycle made per file would never be freed.
    import gc

    text = (SPECS / "resnet50.yaml").read_text(encoding="utf-8")
    for number in range(50):
        (tmp_path / f"r{number:02}.yaml").write_text(text, encoding="utf-8")
    files = sorted(str(p) for p in tmp_path.glob("*.yaml"))
    pipeline.check_paths(files[:1])  # caches filled first

    def unreachable_after(count: int) -> int:
        gc.collect()
        gc.disable()
        try:
            outcomes = pipeline.check_paths(files[:count])
            left = gc.collect()
        finally:
            gc.enable()
        assert len(outcomes) == count
        return left

    assert unreachable_after(50) <= unreachable_after(1)


def test_a_passed_checks_report_is_the_same_from_what_it_keeps() -> None:
    # A passed check keeps only its flagged layers, slimmed to what their warning lines read.
    import io

    from rich.console import Console

    from cnncalc.render.check_report import render_check_json, render_check_report
    from cnncalc.render.i18n import Lang
    from cnncalc.render.junit import render_junit

    files = [str(SPECS / "resnet50.yaml"), str(SPECS / "lenet5.yaml")]
    kept = pipeline.check_paths(files)
    whole = pipeline.check_paths(files, keep_results=True)
    assert [len(o.result.layers) for o in kept] < [len(o.result.layers) for o in whole]  # type: ignore[union-attr]

    def table(outcomes: list[Any], lang: Lang) -> str:
        console = Console(file=io.StringIO(), width=120, color_system=None)
        console.print(render_check_report(outcomes, lang))
        return console.file.getvalue()  # type: ignore[attr-defined, no-any-return]

    assert "⚠" in table(whole, Lang.en)  # resnet50's strides that do not fit, with their working
    for lang in Lang:
        assert table(kept, lang) == table(whole, lang)
        assert render_check_json(kept, lang) == render_check_json(whole, lang)
        assert render_junit(kept, lang) == render_junit(whole, lang)
