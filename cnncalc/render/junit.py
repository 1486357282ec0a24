"""``cnncalc check --junit FILE``: one test suite per spec, one test case per expectation.

The layout is the one CI systems read (Jenkins, GitLab, GitHub test-report actions): a wrong answer
is a ``<failure>`` whose text is the working, an unusable spec is an ``<error>``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence

from cnncalc.engine.check import CheckOutcome, SpecCheck, Unusable
from cnncalc.render.check_report import Spool, expectation_line, kind_text, scope_text, working
from cnncalc.render.i18n import Lang, flag_text, t
from cnncalc.text import xml_document


class JunitReport:
    """The JUnit report, each spec's suite written to a spool as it is checked: the root element
    carries the totals of them all, so the document is written at the end (:meth:`pieces`)."""

    def __init__(self, lang: Lang = Lang.en) -> None:
        self.lang = lang
        self.spool = Spool()
        self.totals = {"tests": 0, "failures": 0, "errors": 0}

    def add(self, outcome: CheckOutcome) -> None:
        if isinstance(outcome, Unusable):
            suite = _unusable_suite(outcome, self.lang)
        else:
            suite = _check_suite(outcome, self.lang)
        for key in self.totals:
            self.totals[key] += int(suite.get(key, "0"))
        ET.indent(suite, level=1)  # as ET.indent of the whole document indents it
        self.spool.write("\n  " + xml_document(ET.tostring(suite, encoding="unicode")))

    def pieces(self) -> Iterator[str]:
        """The document ElementTree writes for the whole tree (declaration, indented), in pieces."""
        totals = "".join(f' {key}="{value}"' for key, value in self.totals.items())
        root = f"<?xml version='1.0' encoding='utf-8'?>\n<testsuites name=\"cnncalc check\"{totals}"
        if not self.totals["tests"]:  # no suite: an empty element
            yield root + " />\n"
            return
        yield root + ">"
        yield from self.spool.read_back()
        yield "\n</testsuites>\n"


def render_junit(outcomes: Sequence[CheckOutcome], lang: Lang = Lang.en) -> str:
    """The whole JUnit report of ``outcomes`` at once (:class:`JunitReport`'s pieces, joined)."""
    report = JunitReport(lang)
    for outcome in outcomes:
        report.add(outcome)
    return "".join(report.pieces())


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
