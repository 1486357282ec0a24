"""``cnncalc check`` results → ✓/✗ lines with the working of every wrong answer, or JSON.

The JSON report is documented in the README and is, like the main JSON, only ever extended.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text

from cnncalc.batch import CheckOutcome, Unusable
from cnncalc.engine.check import STRIDE_FITS, Expectation, SpecCheck, Value
from cnncalc.render.explain import (
    flagged_lines,
    layer_header,
    render_explain,
    shape_line,
    shape_trail,
    steps_lines,
    total_line,
)
from cnncalc.render.formatting import count_text, shape_text
from cnncalc.render.i18n import Lang, t
from cnncalc.render.json import flag_dict
from cnncalc.text import json_document, terminal_text

PASS, FAIL, WARN = "✓", "✗", "⚠"
INDENT = "    "


def value_text(value: Value) -> str:
    """A shape as ``6×28×28``, a count as ``61,706``."""
    if isinstance(value, tuple):
        return shape_text(value)
    return count_text(value) if value is not None else "—"


def scope_text(expectation: Expectation, lang: Lang) -> str:
    layer = expectation.layer
    if layer is None:
        return t("network_scope", lang)
    return t("layer_scope", lang, index=layer.index, name=layer.name)


def kind_text(expectation: Expectation, lang: Lang) -> str:
    return t(f"expect_{expectation.kind}", lang)


def working(expectation: Expectation, check: SpecCheck, lang: Lang) -> list[str]:
    """The working that gives the computed value: the substituted formulas, or the sum of layers."""
    layer, result = expectation.layer, check.result
    if layer is not None:
        if expectation.kind == STRIDE_FITS:
            return [line.strip() for line in flagged_lines(layer, lang)]
        if expectation.kind == "output":
            return [
                layer_header(layer, lang),
                *steps_lines(layer, "output_size", lang),
                shape_line(layer, lang),
            ]
        quantity = "macs" if expectation.kind == "macs" else "params"
        lines = steps_lines(layer, quantity, lang)
        return lines or [f"{kind_text(expectation, lang)} = {value_text(expectation.computed)}"]
    if expectation.kind == "output":
        return [shape_trail(result, lang)]
    return [total_line(result, expectation.kind, lang)]


def expectation_line(expectation: Expectation, lang: Lang, marker: bool = True) -> str:
    """``✗ layer 1 (C1): params: expected 150, computed 156``; ``marker=False`` leaves out the ✓/✗."""
    scope, kind = scope_text(expectation, lang), kind_text(expectation, lang)
    mark = (f"{PASS} " if expectation.passed else f"{FAIL} ") if marker else ""
    if expectation.kind == STRIDE_FITS:
        return f"{mark}{scope}: {kind}"
    if expectation.passed:
        return f"{mark}{scope}: {kind} {value_text(expectation.computed)}"
    values = t(
        "expected_computed",
        lang,
        expected=value_text(expectation.expected),
        computed=value_text(expectation.computed),
    )
    return f"{mark}{scope}: {kind}: {values}"


def render_check(check: SpecCheck, lang: Lang) -> Text:
    """One spec's answers, ✓ or ✗, each ✗ followed by its working; flags as warnings."""
    text = Text(terminal_text(f"{check.file} — {check.result.name}"), style="bold")
    flagged_failures = {id(e.layer) for e in check.expectations if e.kind == STRIDE_FITS}
    for expectation in check.expectations:
        line = expectation_line(expectation, lang)
        text.append("\n  " + terminal_text(line), style=None if expectation.passed else "bold red")
        if not expectation.passed:
            for step in working(expectation, check, lang):
                text.append("\n" + INDENT + terminal_text(step))
    for layer in check.result.layers:
        if not layer.flagged or id(layer) in flagged_failures:
            continue
        first, *rest = flagged_lines(layer, lang)
        text.append(
            "\n  "
            + terminal_text(t("warning_flag", lang, index=layer.index, name=layer.name, message=first)),
            style="yellow",
        )
        for line in rest:
            text.append("\n" + INDENT + terminal_text(line.strip()), style="yellow")
    total = len(check.expectations)
    if total == 0:
        verdict = f"{t('spec_passed', lang)} ({t('no_expectations', lang)})"
    else:
        held = t("held", lang, held=check.held, total=total)
        verdict = f"{t('spec_passed' if check.passed else 'spec_failed', lang)} ({held})"
    text.append("\n  → " + verdict, style="green" if check.passed else "bold red")
    return text


def summary_line(outcomes: Sequence[CheckOutcome], lang: Lang) -> str:
    """``12 specs: 11 passed, 1 failed`` (and how many could not be used, if any)."""
    passed, failed, unusable = _tally(outcomes)
    plural = "" if len(outcomes) == 1 else "s"
    line = t("summary", lang, specs=len(outcomes), plural=plural, passed=passed, failed=failed)
    if unusable:
        line += t("summary_unusable", lang, unusable=unusable)
    return line


def _tally(outcomes: Sequence[CheckOutcome]) -> tuple[int, int, int]:
    """How many specs passed, failed and could not be used."""
    passed = sum(isinstance(o, SpecCheck) and o.passed for o in outcomes)
    unusable = sum(isinstance(o, Unusable) for o in outcomes)
    return passed, len(outcomes) - passed - unusable, unusable


def render_check_report(outcomes: Sequence[CheckOutcome], lang: Lang, explain: bool = False) -> Group:
    """Every usable spec's answers (unusable ones are reported on stderr), with ``explain`` each
    spec's whole working, then the summary line; a blank line between the parts."""
    parts: list[RenderableType] = []
    checks = [outcome for outcome in outcomes if isinstance(outcome, SpecCheck)]
    for check in checks:
        parts += [render_check(check, lang), Text("")]
    if explain:
        for check in checks:
            parts += [render_explain(check.result, lang), Text("")]
    parts.append(Text(summary_line(outcomes, lang)))
    return Group(*parts)


# --- JSON --------------------------------------------------------------------------------------------


def check_dict(outcome: CheckOutcome, lang: Lang) -> dict[str, Any]:
    if isinstance(outcome, Unusable):
        return {
            "file": outcome.file,
            "name": None,
            "status": "unusable",
            "strict": None,
            "checks": [],
            "warnings": [],
            "errors": [str(problem) for problem in outcome.problems],
        }
    return {
        "file": outcome.file,
        "name": outcome.result.name,
        "status": "passed" if outcome.passed else "failed",
        "strict": outcome.strict,
        "checks": [_expectation_dict(e, outcome, lang) for e in outcome.expectations],
        "warnings": [flag_dict(flag, layer) for layer, flag in outcome.result.warnings],
        "errors": [],
    }


def _expectation_dict(expectation: Expectation, check: SpecCheck, lang: Lang) -> dict[str, Any]:
    layer = expectation.layer
    return {
        "scope": "network" if layer is None else "layer",
        "layer": None if layer is None else layer.index,
        "layer_name": None if layer is None else layer.name,
        "kind": expectation.kind,
        "expected": _json_value(expectation.expected),
        "computed": _json_value(expectation.computed),
        "passed": expectation.passed,
        "working": [] if expectation.passed else working(expectation, check, lang),
    }


def _json_value(value: Value) -> int | list[int] | None:
    return list(value) if isinstance(value, tuple) else value


def render_check_json(outcomes: Sequence[CheckOutcome], lang: Lang) -> str:
    """``{summary: {specs, passed, failed, unusable, ok}, specs: [...]}``."""
    passed, failed, unusable = _tally(outcomes)
    summary = {
        "specs": len(outcomes),
        "passed": passed,
        "failed": failed,
        "unusable": unusable,
        "ok": passed == len(outcomes),
    }
    report = {"summary": summary, "specs": [check_dict(o, lang) for o in outcomes]}
    return json_document(json.dumps(report, indent=2, ensure_ascii=False))
