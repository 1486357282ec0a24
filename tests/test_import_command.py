"""``cnncalc import``: a model file written out as a spec that reads back to the same data; here on
specs themselves (the ONNX and Keras readers have their own tests)."""

from __future__ import annotations

import yaml
from hypothesis import given
from hypothesis import strategies as st

from cnncalc.importers.spec_text import spec_yaml
from tests.conftest import ROOT, run_cli


def test_a_spec_imported_reads_back_as_the_same_network() -> None:
    spec = ROOT / "specs" / "lenet5.yaml"
    done = run_cli("import", str(spec))
    assert done.returncode == 0, done.stderr
    assert yaml.safe_load(done.stdout) == yaml.safe_load(spec.read_text(encoding="utf-8"))
    # One layer a line, as the shipped specs are written.
    layer_lines = [line for line in done.stdout.splitlines() if line.startswith("  - {")]
    assert len(layer_lines) == len(yaml.safe_load(done.stdout)["layers"])


def test_an_unusable_file_is_one_line_and_exit_2() -> None:
    done = run_cli("import", str(ROOT / "no_such_model.onnx"))
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("error:")


# Any name a model file may hold: YAML's specials, quotes, line breaks, words YAML reads as booleans.
names = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12) | st.sampled_from(
    ["yes", "null", "~", "- a", "a: b", "#x", "'", '"', "{}", "[1]", "1e3", "0x10", "&a", "*a", "!t", "%x"]
)


@given(st.lists(names, min_size=1, max_size=4), names)
def test_any_name_round_trips(layer_names: list[str], network_name: str) -> None:
    data = {
        "name": network_name,
        "input": [3, 8, 8],
        "layers": [{"type": "relu", "name": name} for name in layer_names],
    }
    assert yaml.safe_load(spec_yaml(data)) == data
