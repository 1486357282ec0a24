"""``cnncalc check`` results → ✓/✗ lines with the working of every wrong answer, or JSON.

The JSON report is documented in the README and is, like the main JSON, only ever extended.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text

from cnncalc.engine.check import (
    CHANNELS_LAST,
    FAILED,
    FLAT,
    NOTHING_TO_CHECK,
    PASSED,
    SHAPE_KINDS,
    STRIDE_FITS,
    UNREADABLE,
    CheckOutcome,
    Expectation,
    SpecCheck,
    Unusable,
    Value,
)
from cnncalc.render.explain import (
    explain_lines,
    field_line,
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
from cnncalc.render.jsontext import dumps_indented
from cnncalc.text import json_document, terminal_text

PASS, FAIL = "✓", "✗"
UNUSABLE = "unusable"  # the status of a spec that cannot be computed
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
        if expectation.kind == "rf" and layer.receptive_field is not None:
            return [field_line(layer.receptive_field, lang)]
        quantity = "macs" if expectation.kind == "macs" else "params"
        lines = steps_lines(layer, quantity, lang)
        return lines or [f"{kind_text(expectation, lang)} = {value_text(expectation.computed)}"]
    if expectation.kind == "output":
        return [shape_trail(result, lang)]
    return [total_line(result, expectation.kind, lang)]


def written_text(written: object) -> str:
    """An answer as the spec wrote it: ``'6 by 14'`` quoted, ``[6, 14]`` as a list."""
    if isinstance(written, (list, tuple)):
        return "[" + ", ".join(written_text(part) for part in written) + "]"
    if isinstance(written, str):
        return repr(written) if len(written) <= 40 else repr(written[:37] + "...")
    if isinstance(written, bool):
        return "true" if written else "false"
    return str(written)


def hint_text(expectation: Expectation, lang: Lang) -> str | None:
    """The sentence for an Expectation's hint: why the answer cannot be read, or may be wrong."""
    if expectation.hint == UNREADABLE:
        what = "cannot_read_shape" if expectation.kind in SHAPE_KINDS else "cannot_read_count"
        return t(what, lang, written=written_text(expectation.written))
    computed = expectation.computed
    if expectation.hint == CHANNELS_LAST and isinstance(computed, tuple):
        notation = {2: "N×C", 3: "H×W×C", 4: "D×H×W×C"}.get(len(computed), "…×C")
        return t("hint_channels_last", lang, computed=shape_text(computed), notation=notation)
    if expectation.hint == FLAT and isinstance(computed, tuple):
        count = count_text(math.prod(computed))
        return t("hint_flat", lang, computed=shape_text(computed), count=count)
    return None


def expectation_line(expectation: Expectation, lang: Lang, marker: bool = True) -> str:
    """``✗ layer 1 (C1): params: expected 150, computed 156``; ``marker=False`` leaves out the ✓/✗;
    a hint (an answer that cannot be read, or looks channels-last) follows in parentheses."""
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
    hint = hint_text(expectation, lang)
    if expectation.hint == UNREADABLE:
        return f"{mark}{scope}: {kind}: {hint}"
    return f"{mark}{scope}: {kind}: {values}" + (f" ({hint})" if hint else "")


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
    if check.status == NOTHING_TO_CHECK:
        verdict = t("nothing_to_check", lang)
    else:
        held = t("held", lang, held=check.held, total=total)
        verdict = f"{t('spec_passed' if check.passed else 'spec_failed', lang)} ({held})"
    text.append("\n  → " + verdict, style="green" if check.passed else "bold red")
    return text


def render_unusable(outcome: Unusable, lang: Lang) -> Text:
    """An unusable spec in the report too (not only on stderr): its first problem, and how many more."""
    # One problem, one line, as on stderr: a long path is not wrapped (grep finds it whole).
    text = Text(f"{outcome.file} — {t('spec_unusable', lang)}", style="bold", no_wrap=True, overflow="ignore")
    first = outcome.problems[0].text(lang) if outcome.problems else outcome.file
    text.append(f"\n  {FAIL} error: {first}", style="bold red")
    more = len(outcome.problems) - 1
    verdict = t("spec_unusable", lang)
    if more:
        verdict += f" ({t('unusable_more', lang, count=more, plural='s' if more > 1 else '')})"
    text.append("\n  → " + verdict, style="bold red")
    return text


def summary_line(tally: Tally, lang: Lang) -> str:
    """``12 specs: 11 passed, 1 failed`` (and how many had nothing to check or could not be used)."""
    plural = "" if tally.specs == 1 else "s"
    line = t("summary", lang, specs=tally.specs, plural=plural, passed=tally.passed, failed=tally.failed)
    if tally.nothing_to_check:
        line += t("summary_nothing_to_check", lang, count=tally.nothing_to_check)
    if tally.unusable:
        line += t("summary_unusable", lang, unusable=tally.unusable)
    return line


class Tally:
    """How many specs passed, failed, could not be used, and had nothing to check: all that a
    report's summary needs of the specs already written."""

    def __init__(self) -> None:
        self.specs = self.passed = self.failed = self.unusable = self.nothing_to_check = 0

    @classmethod
    def of(cls, outcomes: Iterable[CheckOutcome]) -> Tally:
        tally = cls()
        for outcome in outcomes:
            tally.add(outcome)
        return tally

    def add(self, outcome: CheckOutcome) -> None:
        self.specs += 1
        status = outcome.status if isinstance(outcome, SpecCheck) else UNUSABLE
        if status == PASSED:
            self.passed += 1
        elif status == FAILED:
            self.failed += 1
        elif status == NOTHING_TO_CHECK:
            self.nothing_to_check += 1
        else:
            self.unusable += 1


class Spool:
    """Text written piece by piece and read back once, in order: in memory up to a megabyte, then
    in a temporary file (gone when closed), so that a report of many specs waiting for its first
    line (JSON's summary, JUnit's totals) does not hold them all."""

    def __init__(self) -> None:
        import tempfile

        # newline="": a text's line breaks come back as written; surrogatepass: any str round-trips.
        self._file = tempfile.SpooledTemporaryFile(  # noqa: SIM115 (closed by read_back)
            max_size=1 << 20, mode="w+", encoding="utf-8", errors="surrogatepass", newline=""
        )

    def write(self, text: str) -> None:
        self._file.write(text)

    def read_back(self) -> Iterator[str]:
        """Everything written, in pieces of at most 64 K characters; then the spool is closed."""
        with self._file as file:
            file.seek(0)
            while piece := file.read(1 << 16):
                yield piece


def report_part(outcome: CheckOutcome, lang: Lang) -> Group:
    """One spec in the report (its answers, or why it cannot be used) and the blank line after it."""
    text = render_unusable(outcome, lang) if isinstance(outcome, Unusable) else render_check(outcome, lang)
    return Group(text, Text(""))


class TextReport:
    """The terminal report, written spec by spec as each is checked: every spec in order, with
    ``explain`` each usable spec's whole working after them all, then the summary line."""

    def __init__(self, lang: Lang, explain: bool = False) -> None:
        self.lang = lang
        self.explain = explain
        self.explained: list[SpecCheck] = []  # kept for the working at the end (``explain`` only)

    def add(self, outcome: CheckOutcome) -> RenderableType:
        """``outcome``'s part of the report, to print now."""
        if self.explain and isinstance(outcome, SpecCheck):
            self.explained.append(outcome)
        return report_part(outcome, self.lang)

    def end(self, tally: Tally) -> RenderableType:
        """What follows the last spec: the working (``explain``) and the summary line."""
        parts: list[RenderableType] = []
        for check in self.explained:
            parts += [render_explain(explain_lines(check.result, self.lang)), Text("")]
        parts.append(Text(summary_line(tally, self.lang)))
        return Group(*parts)


def render_check_report(outcomes: Sequence[CheckOutcome], lang: Lang, explain: bool = False) -> Group:
    """The whole terminal report of ``outcomes`` at once (:class:`TextReport`'s parts, in one group)."""
    report = TextReport(lang, explain)
    return Group(*[report.add(outcome) for outcome in outcomes], report.end(Tally.of(outcomes)))


# --- JSON --------------------------------------------------------------------------------------------


def check_dict(outcome: CheckOutcome, lang: Lang) -> dict[str, Any]:
    if isinstance(outcome, Unusable):
        return {
            "file": outcome.file,
            "name": None,
            "status": UNUSABLE,
            "strict": None,
            "checks": [],
            "warnings": [],
            "errors": [str(problem) for problem in outcome.problems],
        }
    return {
        "file": outcome.file,
        "name": outcome.result.name,
        "status": outcome.status.replace(" ", "_"),  # passed, failed or nothing_to_check
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
        "answer": _json_written(expectation.written),
        "hint": hint_text(expectation, lang),
    }


def _json_written(written: object) -> object:
    """The answer as written, as JSON can hold it (a list for a list; text for anything odd)."""
    if isinstance(written, (list, tuple)):
        return [_json_written(part) for part in written]
    if written is None or isinstance(written, (str, int, float, bool)):
        return written
    return str(written)


def _json_value(value: Value) -> int | list[int] | None:
    return list(value) if isinstance(value, tuple) else value


class JsonReport:
    """The JSON report, each spec's object written to a spool as it is checked: the document opens
    with the summary of them all, so it is written at the end (:meth:`pieces`)."""

    def __init__(self, lang: Lang) -> None:
        self.lang = lang
        self.spool = Spool()
        self.separator = "\n    "  # before the first spec; ",\n    " before each other

    def add(self, outcome: CheckOutcome) -> None:
        text = dumps_indented(check_dict(outcome, self.lang), "    ")  # an item of "specs"
        self.spool.write(self.separator + json_document(text))
        self.separator = ",\n    "

    def pieces(self, tally: Tally) -> Iterator[str]:
        """``{summary: {specs, passed, failed, unusable, ok, nothing_to_check}, specs: [...]}``,
        as ``json.dumps(..., indent=2)`` writes it, in pieces."""
        summary = {
            "specs": tally.specs,
            "passed": tally.passed,
            "failed": tally.failed,
            "unusable": tally.unusable,
            "ok": tally.passed == tally.specs,
            "nothing_to_check": tally.nothing_to_check,
        }
        yield '{\n  "summary": ' + dumps_indented(summary, "  ") + ',\n  "specs": ['
        yield from self.spool.read_back()
        yield "\n  ]\n}" if tally.specs else "]\n}"


def render_check_json(outcomes: Sequence[CheckOutcome], lang: Lang) -> str:
    """The whole JSON report of ``outcomes`` at once (:class:`JsonReport`'s pieces, joined)."""
    report = JsonReport(lang)
    for outcome in outcomes:
        report.add(outcome)
    return "".join(report.pieces(Tally.of(outcomes)))
