"""The gradebook: one row per submission — student, file, variant, score, maximum, status, one
column per answer (the points earned), and the reason a submission lost everything (why it is
unusable, how its network changed). CSV for a spreadsheet, JSON for a script."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from cnncalc.grading.grade import NO_ANSWERS, UNUSABLE, Answer, Graded
from cnncalc.grading.mistakes import Mistake
from cnncalc.grading.report import change_text, mistake_text
from cnncalc.render.i18n import Lang
from cnncalc.text import csv_cell, json_document

FIXED = ("student", "file", "variant", "score", "maximum", "status")


def column(answer: Answer) -> str:
    """An answer's column: ``C1 output``, ``network total_params``."""
    layer = answer.check.layer
    return f"{'network' if layer is None else layer.name} {answer.check.kind}"


def columns(gradeds: Sequence[Graded]) -> list[str]:
    """Every answer's column, in the order the keys ask them (variants may add their own)."""
    seen: dict[str, None] = {}
    for graded in gradeds:
        for answer in graded.answers:
            seen.setdefault(column(answer), None)
    if not seen:
        for graded in gradeds:
            if graded.key is not None:
                for ask in graded.key.asks:
                    name = "network" if ask.layer is None else graded.key.result.layers[ask.layer].name
                    seen.setdefault(f"{name} {ask.kind}", None)
    return list(seen)


def reason(graded: Graded) -> str:
    """Why a submission scored as it did, in English (the gradebook is data)."""
    if graded.status == UNUSABLE:
        return "; ".join(str(problem) for problem in graded.problems[:3])
    if graded.status == NO_ANSWERS:
        return "no answers"
    return "; ".join(change_text(change, Lang.en) for change in graded.changes)


def render_csv(gradeds: Sequence[Graded]) -> str:
    answer_columns = columns(gradeds)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*FIXED, *(csv_cell(name) for name in answer_columns), "reason"])
    for graded in gradeds:
        earned = {column(answer): answer.earned for answer in graded.answers}
        writer.writerow(
            [
                csv_cell(graded.student),
                csv_cell(graded.file),
                csv_cell(graded.variant or ""),
                graded.score,
                graded.maximum,
                graded.status,
                *(earned.get(name, "") for name in answer_columns),
                csv_cell(reason(graded)),
            ]
        )
    return out.getvalue()


def _mistake(mistake: Mistake | None, answer: Answer) -> dict[str, Any] | None:
    if mistake is None:
        return None
    value = mistake.value
    return {
        "kind": mistake.kind,
        "value": list(value) if isinstance(value, tuple) else value,
        "message": mistake_text(mistake, answer.check, Lang.en),
    }


def _answer_dict(answer: Answer) -> dict[str, Any]:
    check = answer.check
    layer = check.layer

    def plain(value: object) -> object:
        return list(value) if isinstance(value, tuple) else value

    written = check.written
    return {
        "layer": None if layer is None else layer.index,
        "layer_name": None if layer is None else layer.name,
        "kind": check.kind,
        "answer": written
        if written is None or isinstance(written, (str, int, float, bool, list))
        else str(written),
        "read_as": plain(check.expected),
        "right": plain(check.computed),
        "correct": check.passed,
        "points": answer.points,
        "earned": answer.earned,
        "hint": check.hint,
        "mistake": _mistake(answer.mistake, answer),
    }


def graded_dict(graded: Graded) -> dict[str, Any]:
    return {
        "student": graded.student,
        "file": graded.file,
        "variant": graded.variant,
        "key": None if graded.key is None else graded.key.file,
        "status": graded.status,
        "score": graded.score,
        "maximum": graded.maximum,
        "changes": [change_text(change, Lang.en) for change in graded.changes],
        "answers": [_answer_dict(answer) for answer in graded.answers],
        "problems": [str(problem) for problem in graded.problems],
    }


def render_json(gradeds: Sequence[Graded]) -> str:
    """``{summary: {submissions, graded, network_changed, no_answers, unusable}, submissions: [...]}``."""
    from cnncalc.render.jsontext import dumps_indented

    statuses = [graded.status for graded in gradeds]
    summary = {"submissions": len(gradeds)}
    for status in ("graded", "network changed", "no answers", "unusable"):
        summary[status.replace(" ", "_")] = statuses.count(status)
    report = {"summary": summary, "submissions": [graded_dict(graded) for graded in gradeds]}
    return json_document(dumps_indented(report))
