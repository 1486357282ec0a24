"""The sentences of grading, in English or Korean: a change to the network, an answer's line,
the likely mistake; and ``grade``'s report on standard output. Every text from a submission
(names, answers, file names) is data: each output escapes it its own way."""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import cache

from cnncalc.engine.check import SHAPE_KINDS, UNREADABLE, Expectation, Value
from cnncalc.grading.grade import CHANGED, GRADED, NO_ANSWER, NO_ANSWERS, UNUSABLE, Answer, Graded
from cnncalc.grading.mistakes import CHANNELS_LAST_SHAPE, FLAT_SHAPE, Mistake
from cnncalc.grading.networks import ADDED, INPUT, REMOVED, Change
from cnncalc.grading.networks import CHANGED as LAYER_CHANGED
from cnncalc.render.check_report import value_text, written_text
from cnncalc.render.formatting import count_text, shape_text
from cnncalc.render.i18n import Lang, t

PASS, FAIL = "✓", "✗"


def shown_value(value: object) -> str:
    """A field's value as a spec writes it: ``true``, ``none``, ``5``, ``[2, 3]``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "none"
    if isinstance(value, tuple) and all(isinstance(v, int) for v in value):
        return shape_text(value)
    return str(value)


def change_text(change: Change, lang: Lang) -> str:
    """``layer 1 (C1): bias: true → false``, ``layer 6 (flatten_1): added (flatten)``."""
    if change.what == INPUT:
        return t(
            "grade.change",
            lang,
            where=change.field,
            was=shown_value(change.key_value),
            now=shown_value(change.submitted),
        )
    where = t("layer_scope", lang, index=change.place, name=change.name)
    if change.what == ADDED:
        return t("grade.added", lang, where=where, kind=change.submitted)
    if change.what == REMOVED:
        return t("grade.removed", lang, where=where, kind=change.key_value)
    assert change.what == LAYER_CHANGED
    return t(
        "grade.change",
        lang,
        where=f"{where}: {change.field}",
        was=shown_value(change.key_value),
        now=shown_value(change.submitted),
    )


def answer_text(check: Expectation) -> str:
    """The student's answer as read (``6×28×28``), as written when it could not be read."""
    if check.expected is not None:
        return value_text(check.expected)
    return "" if check.written is None else written_text(check.written)


def right_text(check: Expectation) -> str:
    return value_text(check.computed)


@cache
def _words(index: int | None, name: str | None, kind: str, lang: Lang) -> tuple[str, str]:
    """An answer's scope and kind in words (``layer 1 (C1)``, ``params``), said once a class."""
    scope = t("network_scope", lang) if index is None else t("layer_scope", lang, index=index, name=name)
    return scope, t(f"expect_{kind}", lang)


def words(check: Expectation, lang: Lang) -> tuple[str, str]:
    layer = check.layer
    return _words(
        None if layer is None else layer.index, None if layer is None else layer.name, check.kind, lang
    )


def answer_line(answer: Answer, lang: Lang) -> str:
    """``✗ layer 1 (C1): params: answered 150, right 156 (1 point)``."""
    check = answer.check
    scope, kind = words(check, lang)
    if check.passed:
        return f"{PASS} {scope}: {kind} {right_text(check)}"
    if check.hint == NO_ANSWER:
        said = t("grade.no_answer", lang, right=right_text(check))
    elif check.hint == UNREADABLE:
        what = "cannot_read_shape" if check.kind in SHAPE_KINDS else "cannot_read_count"
        said = (
            t(what, lang, written=written_text(check.written))
            + "; "
            + t("grade.right", lang, right=right_text(check))
        )
    else:
        said = t("grade.answered", lang, answer=answer_text(check), right=right_text(check))
    return f"{FAIL} {scope}: {kind}: {said}"


def mistake_text(mistake: Mistake, check: Expectation, lang: Lang) -> str:
    """The likely mistake, in a sentence: ``the bias left out: counted without it, 150``."""
    computed: Value = check.computed
    if mistake.kind == CHANNELS_LAST_SHAPE and isinstance(computed, tuple):
        notation = {2: "N×C", 3: "H×W×C", 4: "D×H×W×C"}.get(len(computed), "…×C")
        return t("hint_channels_last", lang, computed=shape_text(computed), notation=notation)
    if mistake.kind == FLAT_SHAPE and isinstance(computed, tuple):
        return t("hint_flat", lang, computed=shape_text(computed), count=count_text(math.prod(computed)))
    return t(f"mistake.{mistake.kind}", lang, value=value_text(mistake.value))


def status_text(graded: Graded, lang: Lang) -> str:
    return word_of(graded.status, lang)


def word_of(status: str, lang: Lang) -> str:
    """A status in words: ``network changed``, ``네트워크가 바뀜``."""
    return t("grade.status." + status.replace(" ", "_"), lang)


def score_text(graded: Graded, lang: Lang) -> str:
    return t("grade.score", lang, score=graded.score, maximum=graded.maximum)


def report_lines(graded: Graded, lang: Lang) -> list[str]:
    """One submission in ``grade``'s report: who, the score, the changes, every answer."""
    head = f"{graded.student} ({graded.file})"
    if graded.variant:
        head += f" — {graded.variant}"
    if graded.status == UNUSABLE:
        lines = [f"{head}: {status_text(graded, lang)}, {score_text(graded, lang)}"]
        return lines + [f"  {FAIL} error: {problem.text(lang)}" for problem in graded.problems[:1]]
    lines = [
        f"{head}: {score_text(graded, lang)}"
        + (f" ({status_text(graded, lang)})" if graded.status != GRADED else "")
    ]
    lines += [
        f"  ⚠ {t('grade.status.network_changed', lang)}: {change_text(change, lang)}"
        for change in graded.changes
    ]
    for answer in graded.answers:
        line = "  " + answer_line(answer, lang)
        if answer.mistake is not None:
            line += f" ({t('grade.likely', lang)}: {mistake_text(answer.mistake, answer.check, lang)})"
        lines.append(line)
    return lines


def summary_line(gradeds: Sequence[Graded], lang: Lang) -> str:
    """``6 submissions: 1 full marks, 2 network changed, 1 no answers, 1 unusable``."""
    full = sum(1 for g in gradeds if g.status in (GRADED, CHANGED) and g.maximum and g.score == g.maximum)
    counts = {
        status: sum(1 for g in gradeds if g.status == status) for status in (CHANGED, NO_ANSWERS, UNUSABLE)
    }
    parts = [t("grade.summary_full", lang, count=full)]
    parts += [f"{count} {word_of(status, lang)}" for status, count in counts.items() if count]
    plural = "" if len(gradeds) == 1 else "s"
    return t("grade.summary", lang, count=len(gradeds), plural=plural, parts=", ".join(parts))
