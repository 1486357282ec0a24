"""Every layer kind declares every part in its module, and every table that lists kinds is
derived from those declarations: a kind lacking a part fails here, not in a user's export."""

from __future__ import annotations

import ast
import importlib.util
import inspect
import operator
import subprocess
import sys
import typing
from collections.abc import Collection
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any

import pytest

from cnncalc import kinds
from cnncalc.engine import conventions
from cnncalc.engine.calculator import calculate
from cnncalc.engine.results import Step
from cnncalc.errors import LayerError
from cnncalc.kinds.base import Formula, Kind, Working
from cnncalc.render.explain import step_text
from cnncalc.render.i18n import Lang
from cnncalc.spec import models
from cnncalc.spec.aliases import FIELD_ALIASES, known_types, resolve_type
from cnncalc.spec.fields import LayerBase
from cnncalc.spec.schema import FRAMEWORK_NAMES, type_spellings
from cnncalc.spec.validate import load_spec
from tests.conftest import ROOT, SPECS

KIND_DIR = ROOT / "cnncalc" / "kinds"


def _own_formulas(module: Any) -> list[Formula]:
    """The members of the Formula enums a kind's module defines itself."""
    enums = [
        value
        for value in vars(module).values()
        if inspect.isclass(value)
        and issubclass(value, Formula)
        and value.__module__ == getattr(module, "__name__", "")
    ]
    return [member for enum in enums for member in enum]


def missing_parts(module: Any) -> list[str]:
    """What a kind's module fails to declare (an empty list: nothing)."""
    kind = getattr(module, "KIND", None)
    if not isinstance(kind, Kind):
        return ["KIND (a cnncalc.kinds.base.Kind)"]
    missing = []
    if not (inspect.isclass(kind.model) and issubclass(kind.model, LayerBase)) or not kind.model.kind:
        missing.append("model (a LayerBase with type: Literal[...])")
    if (kind.rule is None) == (kind.merge is None):
        missing.append("exactly one of rule and merge")
    if not isinstance(kind.working, Working):
        missing.append("working")
    else:
        missing += [
            f"a template for {f.value}" for f in _own_formulas(module) if f not in kind.working.templates
        ]
    if not kind.spellings or kind.spellings[0] != kind.name:
        missing.append("spellings, the canonical name first")
    if not isinstance(kind.framework_names, tuple):
        missing.append("framework_names")
    return missing


@pytest.mark.parametrize("module", kinds.MODULES, ids=lambda module: module.__name__.rsplit(".", 1)[1])
def test_every_kind_declares_its_kind(module: ModuleType) -> None:
    assert missing_parts(module) == []
    assert module.__name__.rsplit(".", 1)[1] == module.KIND.name  # the module is named for its kind


@pytest.mark.parametrize("module", kinds.MODULES, ids=lambda module: module.__name__.rsplit(".", 1)[1])
def test_every_kind_declares_its_export_and_drawing(module: ModuleType) -> None:
    absent = [part for part in ("EXPORT", "DRAWING") if getattr(module, part, None) is None]
    where = "its module's second section, export and drawing"
    assert not absent, f"{module.__name__} declares no {' or '.join(absent)} ({where})"


def test_the_check_fails_on_a_kind_lacking_a_part() -> None:
    """The checks above can fail: a declaration without its parts is reported, part by part."""
    conv = kinds.conv.KIND
    broken = Kind(model=conv.model, working=Working({}), spellings=(), framework_names=())
    module = SimpleNamespace(__name__="cnncalc.kinds.conv", KIND=broken, ConvFormula=kinds.conv.ConvFormula)
    assert missing_parts(module) == [
        "exactly one of rule and merge",
        "a template for conv_params",
        "a template for conv_macs",
        "spellings, the canonical name first",
    ]
    assert missing_parts(SimpleNamespace()) == ["KIND (a cnncalc.kinds.base.Kind)"]


# --- every table that lists kinds is derived from the declarations ----------------------------


def test_the_tables_follow_the_registry() -> None:
    names = [kind.name for kind in kinds.KINDS]
    assert len(names) == len(set(names)) == len(kinds.MODULES)
    assert [model.kind for model in models.LAYER_MODELS] == names
    assert list(models.MODEL_BY_KIND) == names
    assert known_types() == sorted(names)
    union = typing.get_args(typing.get_args(models.Layer)[0])
    assert [typing.get_args(member)[0] for member in union] == list(models.LAYER_MODELS)
    assert set(FRAMEWORK_NAMES) == {name for kind in kinds.KINDS for name in kind.framework_names}
    # the re-exports other modules import by name
    assert models.Conv is kinds.conv.Conv and models.Concat is kinds.concat.Concat
    assert typing.get_args(models.Convention) == ("pytorch", "keras", "caffe")


def test_the_index_is_generated_from_the_kind_modules() -> None:
    """cnncalc/kinds/index.py (what the reader knows of a kind before loading it) is what
    tools/kind_index.py writes from the modules as they are: a new spelling needs a new index."""
    spec = importlib.util.spec_from_file_location("kind_index", ROOT / "tools" / "kind_index.py")
    assert spec is not None and spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    written = (KIND_DIR / "index.py").read_text(encoding="utf-8")
    assert written == tool.index_text(), "cnncalc/kinds/index.py is stale: run python tools/kind_index.py"


def test_the_index_reads_each_spelling_as_its_kind_does() -> None:
    # resolve_type reads the index; a kind's own shown_type (activations) gives the same type.
    relu, leaky = resolve_type("ReLU"), resolve_type("LeakyReLU")
    assert relu == ("activation", "relu", None) and leaky == ("activation", "leaky_relu", None)
    assert resolve_type("Conv1d") == ("conv", "conv", 1) and resolve_type("Dense2d") is None


@pytest.mark.parametrize("kind", kinds.KINDS, ids=lambda kind: kind.name)
def test_a_kinds_spellings_and_framework_names_resolve_to_it(kind: Kind) -> None:
    for name in (*kind.spellings, *kind.framework_names):
        resolved = resolve_type(name)
        assert resolved is not None and resolved[0] == kind.name, name
    assert type_spellings(kind.name)[: len(kind.types)] == list(kind.types)
    for field, aliases in kind.field_aliases.items():
        assert field in kind.model.model_fields
        assert set(aliases) <= set(FIELD_ALIASES[field])


def test_the_type_is_written_once_and_read_from_the_literal() -> None:
    # conv.py writes "conv" only in `type: Literal["conv"]`; kind, Tag and the tables read it.
    assert kinds.conv.Conv.kind == kinds.conv.KIND.name == "conv"
    assert kinds.activation.KIND.name == "activation"  # the first of the Literal's names
    assert "relu" in kinds.activation.KIND.types


def test_a_kind_module_imports_only_what_it_may() -> None:
    """No kind module imports the models, the calculator or a renderer that lists the kinds
    (each would be an import cycle)."""
    allowed = (  # of the package's own modules (the standard library and pydantic are free)
        "cnncalc.kinds",
        "cnncalc.engine.formulas",
        "cnncalc.engine.results",
        "cnncalc.engine.outcome",
        "cnncalc.engine.windows",
        "cnncalc.engine.pooling",
        "cnncalc.engine",  # `from cnncalc.engine import formulas`
        "cnncalc.spec.fields",
        "cnncalc.spec.activations",
        "cnncalc.spec",  # `from cnncalc.spec import activations`
        "cnncalc.errors",
        "cnncalc.text",
        "cnncalc.render.declare",
        "cnncalc.render.emit",
    )
    for path in sorted(KIND_DIR.glob("*.py")):
        if path.name == "__init__.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
                if node.module in ("cnncalc.engine", "cnncalc.spec"):
                    names = [f"{node.module}.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in (name for name in names if name.startswith("cnncalc")):
                assert name in allowed or name.startswith(("cnncalc.kinds.", "cnncalc.render.emit")), (
                    f"{path.name} imports {name}"
                )


# --- every formula a rule records has a template, in both languages ---------------------------

# Layers whose rules record every formula (with the shipped specs and each convention).
EVERY_FORMULA = """
input: [4, 9, 9]
layers:
  - {type: conv, name: a, filters: 4, kernel: 3, padding: same}
  - {type: conv, name: b, filters: 4, kernel: 2, stride: 2, padding: 1, groups: 2, bias: false}
  - {type: conv_transpose, filters: 4, kernel: 3, stride: 2, padding: same}
  - {type: conv_transpose, filters: 4, kernel: 3, stride: 2, output_padding: 1, dilation: 2, groups: 2}
  - {type: depthwise_conv, kernel: 3, depth_multiplier: 2}
  - {type: separable_conv, filters: 4, kernel: 3, padding: same}
  - {type: maxpool, kernel: 2, ceil_mode: true}
  - {type: avgpool, kernel: 2, trainable: true}
  - {type: batchnorm}
  - {type: prelu}
  - {type: prelu, shared_axes: [1, 2]}
  - {type: zero_padding, padding: 1}
  - {type: conv, name: c, filters: 2, kernel: 1}
  - {type: conv, name: d, filters: 2, kernel: 1, inputs: [c]}
  - {type: concat, inputs: [c, d], name: cd}
  - {type: split, sizes: [2, 2], name: sp}
  - {type: split, chunks: 2, inputs: [sp.1]}
  - {type: channel_shuffle, groups: 2, inputs: [cd]}
  - {type: adaptive_avgpool, output_size: 1, name: gate}
  - {type: multiply, inputs: [gate, cd], name: m}
  - {type: add, inputs: [gate, m]}
  - {type: stochastic_depth, p: 0.2}
  - {type: pixel_shuffle, upscale_factor: 2}
  - {type: pixel_unshuffle, downscale_factor: 1}
  - {type: upsample, scale_factor: 2}
  - {type: upsample, size: [8, 8], mode: bilinear}
  - {type: UpSampling2D, size: 1}
  - {type: layernorm, over: channels}
  - {type: layernorm, normalized_shape: [8, 8]}
  - {type: groupnorm, groups: 1}
  - {type: instancenorm, affine: true, track_running_stats: true}
  - {type: scale}
  - {type: permute, dims: [0, 1, 3, 2]}
  - {type: dense, units: 3}
  - {type: affine, units: 3}
  - {type: flatten}
  - {type: reshape, shape: [-1]}
  - {type: dense, units: 2}
"""


def _recorded_steps(tmp_path: Path) -> list[tuple[Kind, Step, int]]:
    path = tmp_path / "every_formula.yaml"
    path.write_text(EVERY_FORMULA, encoding="utf-8")
    paths = [path, *sorted(SPECS.glob("*.yaml"))]
    found = []
    for spec_path in paths:
        spec, _ = load_spec(spec_path)
        for convention in (None, *typing.get_args(models.Convention)):
            try:
                result = calculate(spec, convention=convention)
            except LayerError:  # a framework that refuses the spec records nothing to check
                continue
            for layer in result.layers:
                rank = max(len(layer.input_shape) - 1, 1)
                found += [(kinds.kind_of(layer.layer), step, rank) for step in layer.steps]
    return found


def test_every_formula_a_rule_records_has_a_template_in_both_languages(tmp_path: Path) -> None:
    recorded = _recorded_steps(tmp_path)
    formulas = {step.formula for _, step, _ in recorded}
    every = {member for module in kinds.MODULES for member in _own_formulas(module)}
    every |= {formula for kind in kinds.KINDS for formula in kind.working.templates}
    assert formulas == every  # the sample records every formula a kind declares
    for kind, step, rank in recorded:
        assert step.formula in kind.working.templates, (
            f"{kind.name} records {step.formula} without a template"
        )
        assert isinstance(step.formula, Formula), f"{kind.name} records a bare string {step.formula!r}"
        english, korean = step_text(step, rank, Lang.en), step_text(step, rank, Lang.ko)
        fallback = f"{step.quantity} = {step.result:,}"  # what step_text writes without a template
        assert fallback not in (english, korean)
        if step.quantity in ("params", "macs"):  # the label is a word: 파라미터 개수, 연산량
            assert english != korean


def test_a_convention_returns_a_new_outcome_and_leaves_the_rules_alone(tmp_path: Path) -> None:
    spec = tmp_path / "bn.yaml"
    spec.write_text("input: [8, 4, 4]\nlayers:\n  - {type: batchnorm}\n", encoding="utf-8")
    layer = load_spec(spec)[0].layers[0]
    outcome = kinds.batchnorm.rule(layer, (8, 4, 4))
    adjusted = conventions.adjust(layer, (8, 4, 4), outcome, "pytorch")
    # 4·C = 32 counted by the rule (Keras); PyTorch: γ, β = 2·C = 16 parameters, 16 buffers.
    assert (outcome.params, outcome.notes) == (32, ())
    assert (adjusted.outcome.params, adjusted.buffers, len(adjusted.outcome.notes)) == (16, 16, 1)
    assert conventions.adjust(layer, (8, 4, 4), outcome, None).outcome is outcome


def test_the_pytorch_reference_builds_every_kind() -> None:
    """tools/reference.py shares no code with cnncalc (it is the independent check), so it is read
    here rather than imported: its builders must name every kind of the registry."""
    tree = ast.parse((ROOT / "tools" / "reference.py").read_text(encoding="utf-8"))
    builders = next(
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.AnnAssign)
        and isinstance(node.target, ast.Name)
        and node.target.id == "BUILDERS"
    )
    assert isinstance(builders, ast.Dict)
    names = [key.value for key in builders.keys if isinstance(key, ast.Constant)]
    assert names == [kind.name for kind in kinds.KINDS]


# --- no import cycles ---------------------------------------------------------------------------


def _runtime_imports(tree: ast.Module, modules: Collection[str] = ()) -> list[str]:
    """Every module a file imports at run time (in functions too; not under TYPE_CHECKING).

    ``from package import submodule`` imports the submodule; the package's ``__init__`` is then
    already running or run (the usual way a package's modules name each other), so it is not
    counted as an import of the package."""
    found: list[str] = []

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                for statement in child.orelse:
                    visit_one(statement)
                continue
            visit_one(child)

    def visit_one(child: ast.AST) -> None:
        if isinstance(child, ast.Import):
            found.extend(alias.name for alias in child.names)
        elif isinstance(child, ast.ImportFrom) and child.level == 0 and child.module:
            named = [f"{child.module}.{alias.name}" for alias in child.names]
            if not all(name in modules for name in named):
                found.append(child.module)
            found.extend(named)
        visit(child)

    visit(tree)
    return found


def _import_graph() -> dict[str, set[str]]:
    modules = {}
    for path in (ROOT / "cnncalc").rglob("*.py"):
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        modules[name] = path
    return {
        name: {
            imported
            for imported in _runtime_imports(ast.parse(path.read_text(encoding="utf-8")), modules)
            if imported in modules and imported not in (name, "cnncalc")
        }
        for name, path in modules.items()
    }


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle (its modules in order), or [] when there is none."""
    done: set[str] = set()

    def walk(name: str, path: list[str]) -> list[str]:
        if name in path:
            return [*path[path.index(name) :], name]
        if name in done:
            return []
        for imported in sorted(graph[name]):
            cycle = walk(imported, [*path, name])
            if cycle:
                return cycle
        done.add(name)
        return []

    for name in sorted(graph):
        cycle = walk(name, [])
        if cycle:
            return cycle
    return []


def test_the_package_has_no_import_cycle() -> None:
    assert _cycle(_import_graph()) == []
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]  # the check can fail


@pytest.mark.parametrize(
    "module",
    ["cnncalc.engine.windows", "cnncalc.engine.pooling", "cnncalc.kinds.base", "cnncalc.spec.fields"],
)
def test_a_shared_helper_imports_first(module: str) -> None:
    """Imported before anything else (a fresh interpreter), so no helper needs the registry."""
    done = subprocess.run(
        [sys.executable, "-c", f"import {module}"], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


# --- kinds/base: what several kinds share ------------------------------------------------------------


def test_a_merge_names_the_first_input_that_disagrees_with_both_shapes() -> None:
    from cnncalc.kinds.base import Invalid, check_inputs_agree

    shapes = ((64, 8, 8), (64, 8, 8), (32, 8, 8))
    check_inputs_agree(("a", "b"), shapes[:2], operator.eq, "error.add_shapes", lambda x, y: "")
    with pytest.raises(Invalid) as raised:
        check_inputs_agree(("a", "b", "c"), shapes, operator.eq, "error.add_shapes", lambda x, y: "fix it")
    (message,) = raised.value.args
    assert (raised.value.field, raised.value.hint) == ("inputs", "fix it")
    assert message.args == {"first": "a", "first_shape": (64, 8, 8), "other": "c", "other_shape": (32, 8, 8)}
    assert "64×8×8" in message and "32×8×8" in message  # written by render/i18n


def test_a_shape_keeping_kind_keeps_the_shape_and_counts_nothing() -> None:
    from cnncalc.kinds.base import same_shape

    outcome = same_shape(None, (96, 55, 55))
    assert outcome.output_shape == (96, 55, 55) and not outcome.params and not outcome.macs
