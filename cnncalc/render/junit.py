"""``cnncalc check --junit FILE``: one test suite per spec, one test case per expectation.

The layout is the one CI systems read (Jenkins, GitLab, GitHub test-report actions): a wrong answer
is a ``<failure>`` whose text is the working, an unusable spec is an ``<error>``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

from cnncalc.engine.check import CheckOutcome, SpecCheck, Unusable
from cnncalc.render.check_report import expectation_line, kind_text, scope_text, working
from cnncalc.render.i18n import Lang, flag_text, t
from cnncalc.text import xml_document


def render_junit(outcomes: Sequence[CheckOutcome], lang: Lang = Lang.en) -> str:
    root = ET.Element("testsuites", name="cnncalc check")
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for outcome in outcomes:
        suite = (
            _unusable_suite(outcome, lang) if isinstance(outcome, Unusable) else _check_suite(outcome, lang)
        )
        root.append(suite)
        for key in totals:
            totals[key] += int(suite.get(key, "0"))
    for key, value in totals.items():
        root.set(key, str(value))
    ET.indent(root)
    return xml_document(ET.tostring(root, encoding="unicode", xml_declaration=True)) + "\n"


def _check_suite(check: SpecCheck, lang: Lang) -> ET.Element:
    suite = ET.Element("testsuite", name=check.file)
    properties = ET.SubElement(suite, "properties")
    ET.SubElement(properties, "property", name="spec", value=check.result.name)
    ET.SubElement(properties, "property", name="strict", value=str(check.strict).lower())
    failures = 0
    for expectation in check.expectations:
        name = f"{scope_text(expectation, lang)}: {kind_text(expectation, lang)}"
        case = ET.SubElement(suite, "testcase", classname=check.file, name=name)
        if not expectation.passed:
            failures += 1
            failure = ET.SubElement(
                case, "failure", message=expectation_line(expectation, lang, marker=False), type="WrongAnswer"
            )
            failure.text = "\n".join(working(expectation, check, lang))
    if not check.expectations:  # an empty submission is not a pass (exit 1, as in the table)
        case = ET.SubElement(suite, "testcase", classname=check.file, name="has answers to check")
        ET.SubElement(case, "failure", message=t("nothing_to_check", lang), type="NothingToCheck")
        failures += 1
    warnings = [
        f"{t('layer_scope', lang, index=layer.index, name=layer.name)}: {flag_text(flag, lang)}"
        for layer, flag in check.result.warnings
    ]
    if warnings:
        ET.SubElement(suite, "system-out").text = "\n".join(warnings)
    suite.set("tests", str(max(len(check.expectations), 1)))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    suite.set("skipped", "0")
    return suite


def _unusable_suite(outcome: Unusable, lang: Lang = Lang.en) -> ET.Element:
    suite = ET.Element("testsuite", name=outcome.file, tests="1", failures="0", errors="1", skipped="0")
    case = ET.SubElement(suite, "testcase", classname=outcome.file, name="spec is usable")
    first = outcome.problems[0].text(lang) if outcome.problems else "unusable"
    error = ET.SubElement(case, "error", message=first, type="SpecError")
    error.text = "\n".join(problem.text(lang) for problem in outcome.problems)
    return suite
