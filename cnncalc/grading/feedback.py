"""Each student's feedback, Markdown or HTML, in English or Korean: the score, how the network
differs from the worksheet's, every answer (✓ or ✗), and for each wrong one the right answer,
its working (``--explain``'s) and the likely mistake.

The page is built once as a list of parts (heading, paragraph, list, table, working), then
written by a small writer per format, which escapes every text from the submission."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import NamedTuple

from cnncalc.engine.check import SHAPE_KINDS, UNREADABLE, SpecCheck
from cnncalc.grading.grade import NO_ANSWERS, UNUSABLE, Graded
from cnncalc.grading.report import (
    FAIL,
    PASS,
    answer_text,
    change_text,
    mistake_text,
    right_text,
    score_text,
    words,
)
from cnncalc.render.check_report import working, written_text
from cnncalc.render.i18n import Lang, t
from cnncalc.text import html_text, markdown_text


class Part(NamedTuple):
    kind: str  # "heading", "paragraph", "list", "table", "working"
    lines: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    level: int = 2


def feedback_parts(graded: Graded, lang: Lang) -> list[Part]:
    title = t("feedback.title", lang, student=graded.student)
    if graded.key is not None:
        title += f" — {graded.key.result.name}" + (f" ({graded.variant})" if graded.variant else "")
    parts = [
        Part("heading", (title,), level=1),
        Part("paragraph", (f"{t('feedback.score', lang)}: {score_text(graded, lang)}",)),
    ]
    if graded.status == UNUSABLE:
        reasons = tuple(problem.text(lang) for problem in graded.problems)
        return [*parts, Part("paragraph", (t("feedback.unusable", lang),)), Part("list", reasons)]
    if graded.status == NO_ANSWERS:
        parts.append(Part("paragraph", (t("feedback.no_answers", lang),)))
    if graded.changes:
        parts += [
            Part("heading", (t("feedback.changed_title", lang),)),
            Part("paragraph", (t("feedback.changed", lang),)),
            Part("list", tuple(change_text(change, lang) for change in graded.changes)),
        ]
    header = (
        "",
        t("feedback.answer", lang),
        t("feedback.yours", lang),
        t("feedback.right", lang),
        t("feedback.points", lang),
    )
    rows = [header]
    for answer in graded.answers:
        check = answer.check
        mark = PASS if check.passed else FAIL
        rows.append(
            (
                mark,
                ": ".join(words(check, lang)),
                answer_text(check) or "—",
                right_text(check),
                f"{answer.earned}/{answer.points}",
            )
        )
    parts += [Part("heading", (t("feedback.answers", lang),)), Part("table", rows=tuple(rows))]
    if graded.key is not None:
        parts += _wrong_parts(graded, lang)
    return parts


def _wrong_parts(graded: Graded, lang: Lang) -> list[Part]:
    """Each wrong answer: what was written, the right answer's working, the likely mistake."""
    assert graded.key is not None
    wrong = [answer for answer in graded.answers if not answer.check.passed]
    if not wrong:
        return []
    parts = [Part("heading", (t("feedback.wrong_title", lang),))]
    as_check = SpecCheck(graded.key.file, graded.key.result, (), False)
    for answer in wrong:
        check = answer.check
        yours = answer_text(check) or t("feedback.blank", lang)
        parts += [
            Part("heading", (": ".join(words(check, lang)),), level=3),
            Part("paragraph", (t("feedback.you_wrote", lang, answer=yours, right=right_text(check)),)),
            Part("working", tuple(working(check, as_check, lang))),
        ]
        if check.hint == UNREADABLE:
            what = "cannot_read_shape" if check.kind in SHAPE_KINDS else "cannot_read_count"
            parts.append(Part("paragraph", (t(what, lang, written=written_text(check.written)),)))
        if answer.mistake is not None:
            text = mistake_text(answer.mistake, check, lang)
            parts.append(Part("paragraph", (f"{t('feedback.likely', lang)}: {text}",)))
    return parts


# A class's feedback repeats the same cells (6×28×28, 1/1, ✓) thousands of times: each is escaped once.
_markdown = cache(markdown_text)
_html = cache(html_text)


def _markdown_part(part: Part) -> str:
    if part.kind == "heading":
        return "#" * part.level + " " + _markdown(part.lines[0])
    if part.kind == "paragraph":
        return "\n".join(_markdown(line) for line in part.lines)
    if part.kind == "list":
        return "\n".join(f"- {_markdown(line)}" for line in part.lines)
    if part.kind == "working":
        # A fence longer than any run of backticks inside keeps it one block.
        return "\n".join(["```", *(line.replace("`", "'") for line in part.lines), "```"])
    header, *rows = part.rows
    lines = ["| " + " | ".join(_markdown(cell) for cell in header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_markdown(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def _html_part(part: Part) -> str:
    if part.kind == "heading":
        return f"<h{part.level}>{_html(part.lines[0])}</h{part.level}>"
    if part.kind == "paragraph":
        return "".join(f"<p>{_html(line)}</p>" for line in part.lines)
    if part.kind == "list":
        return "<ul>" + "".join(f"<li>{_html(line)}</li>" for line in part.lines) + "</ul>"
    if part.kind == "working":
        return "<pre>" + "\n".join(_html(line) for line in part.lines) + "</pre>"
    header, *rows = part.rows
    head = "<tr>" + "".join(f"<th>{_html(cell)}</th>" for cell in header) + "</tr>"
    body = "".join("<tr>" + "".join(f"<td>{_html(cell)}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<table>{head}{body}</table>"


WRITERS: dict[str, Callable[[Part], str]] = {"markdown": _markdown_part, "html": _html_part}
SUFFIXES = {"markdown": ".md", "html": ".html"}


def render_feedback(graded: Graded, lang: Lang, output_format: str = "markdown") -> str:
    write = WRITERS[output_format]
    body = "\n\n".join(write(part) for part in feedback_parts(graded, lang)) + "\n"
    if output_format == "html":
        title = html_text(t("feedback.title", lang, student=graded.student))
        lang_code = "ko" if lang is Lang.ko else "en"
        return (
            f'<!DOCTYPE html>\n<html lang="{lang_code}"><head><meta charset="utf-8">'
            f"<title>{title}</title></head><body>\n{body}</body></html>\n"
        )
    return body
