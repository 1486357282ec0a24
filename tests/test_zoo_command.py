"""``cnncalc zoo``: the list from the generated index, a model's table through the main command's
pipeline (every option of it), ``--spec``, and an unknown name; and where the zoo's files ship."""

from __future__ import annotations

import json
import subprocess
import sys

import yaml

from cnncalc import zoo
from cnncalc.zoo.index import ENTRIES
from tests.conftest import ROOT, run_cli


def test_the_list_has_every_model_with_its_input_params_macs_and_field() -> None:
    done = run_cli("zoo")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].split() == ["Model", "Input", "Params", "MACs", "RF"]
    rows = {line.split()[0]: line.split() for line in lines[1 : 1 + len(ENTRIES)]}
    assert list(rows) == zoo.names()  # resnet18 before resnet101
    # torchvision's published figures for ResNet-50: 25,557,032 parameters, 4.089 GMACs.
    assert rows["resnet50"][1:4] == ["3×224×224", "25,557,032", "4.089G"]
    assert f"{len(ENTRIES)} models" in done.stdout
    # The last feature map's receptive field: AlexNet's pool5 195, VGG-16's pool5 212 (Araujo et al.,
    # "Computing Receptive Fields of Convolutional Neural Networks", Distill 2019, Table 1).
    assert (rows["alexnet"][4], rows["vgg16"][4]) == ("195", "212")


def test_the_list_in_json_and_in_korean() -> None:
    items = json.loads(run_cli("zoo", "--format", "json").stdout)
    by_name = {item["name"]: item for item in items}
    assert by_name["resnet50"]["trainable_params"] == 25_557_032
    assert by_name["resnet50"]["input_shape"] == [3, 224, 224]
    assert run_cli("zoo", "--lang", "ko").stdout.split()[:2] == ["모델", "입력"]


def test_a_model_is_the_main_commands_table_of_its_spec() -> None:
    path = zoo.path_of("resnet18")
    assert path is not None
    for options in ([], ["--format", "json"], ["--depth", "1", "--rf"], ["--explain", "--lang", "ko"]):
        mine = run_cli("zoo", "resnet18", *options)
        theirs = run_cli(str(path), *options)
        assert mine.returncode == theirs.returncode == 0, mine.stderr
        assert mine.stdout == theirs.stdout


def test_strict_fails_a_model_whose_strides_do_not_fit_as_the_main_command_does() -> None:
    done = run_cli("zoo", "alexnet", "--strict")  # (224 + 4 − 11)/4 + 1 = 55.25
    assert done.returncode == 1
    assert "stride" in done.stderr


def test_spec_prints_the_file_to_copy() -> None:
    done = run_cli("zoo", "densenet121", "--spec")
    path = zoo.path_of("densenet121")
    assert done.returncode == 0 and path is not None
    assert done.stdout == path.read_text(encoding="utf-8")
    assert yaml.safe_load(done.stdout)["name"] == "densenet121"


def test_an_unknown_name_is_one_line_with_did_you_mean_exit_2() -> None:
    done = run_cli("zoo", "resnet5")
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == "error: no zoo model 'resnet5' (did you mean 'resnet50'?)\n"
    nothing_near = run_cli("zoo", "transformer")
    assert nothing_near.returncode == 2
    assert nothing_near.stderr == "error: no zoo model 'transformer' ('cnncalc zoo' lists the models)\n"
    korean = run_cli("zoo", "resnet5", "--lang", "ko").stderr
    assert korean.startswith("error: 모델 모음에 'resnet5' 모델은 없다")


def test_spec_without_a_name_and_a_list_in_another_format_are_usage_errors() -> None:
    done = run_cli("zoo", "--spec")
    assert (done.returncode, done.stderr.count("\n")) == (2, 1)
    assert "name the model" in done.stderr
    csv = run_cli("zoo", "--format", "csv")
    assert csv.returncode == 2
    assert "the list of models is a table or json" in csv.stderr


def test_the_wheel_ships_the_zoo_where_the_package_looks_for_it() -> None:
    # pip install . (not editable) puts zoo/*.yaml at cnncalc/zoo/specs/, which cnncalc.zoo reads
    # first; .ci/run lists and computes a model from outside the checkout after that install.
    config = (ROOT / "pyproject.toml").read_text(encoding="utf-8")  # tomllib is Python 3.11+
    assert '[tool.hatch.build.targets.wheel.force-include]\n"zoo" = "cnncalc/zoo/specs"\n' in config
    assert zoo._PACKAGED == ROOT / "cnncalc" / "zoo" / "specs"
    assert zoo.directory() == ROOT / "zoo"  # this checkout: the source tree's


def test_the_list_reads_the_index_and_computes_nothing() -> None:
    # A calculator answers at once: the list loads no YAML, no spec, no layer kind and no engine pass.
    probe = (
        "import contextlib, io, sys\n"
        "sys.argv = ['cnncalc', 'zoo']\n"
        "from cnncalc.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
        "    main()\n"
        "print(sorted(m for m in sys.modules if m == 'yaml' or m.startswith(('cnncalc.spec', 'cnncalc.kinds',"
        " 'cnncalc.engine.calculator', 'cnncalc.pipeline'))))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
