"""``cnncalc grade``: each submission's answers against what its key's network computes."""

# No `from __future__ import annotations`: typer reads the command's signature (cnncalc.cli.root).

import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from cnncalc.cli.options import LangOption, ReportFormat, ReportFormatOption
from cnncalc.cli.output import chosen_lang, error, refuse_overwriting, shown, usage_error, write_file
from cnncalc.cli.root import commands
from cnncalc.cli.streams import EXIT_FAILED, EXIT_OK, EXIT_UNUSABLE

if TYPE_CHECKING:
    from cnncalc.grading.grade import Graded


class FeedbackFormat(str, Enum):
    markdown = "markdown"
    html = "html"


SubmissionsArgument = Annotated[
    list[str], typer.Argument(help="Submission files, folders or quoted globs.", show_default=False)
]
KeyOption = Annotated[
    Path,
    typer.Option(
        "--key", help="The key: a spec, or a folder of NAME.key.yaml (one per variant).", show_default=False
    ),
]
GradebookOption = Annotated[
    Optional[Path],  # noqa: UP045 - typer reads the annotation at run time on Python 3.10
    typer.Option("--gradebook", help="Write the gradebook here: FILE.csv, or FILE.json.", dir_okay=False),
]
FeedbackOption = Annotated[
    Optional[Path],  # noqa: UP045
    typer.Option("--feedback", help="Write each student's feedback into this folder.", file_okay=False),
]
FeedbackFormatOption = Annotated[
    FeedbackFormat, typer.Option("--feedback-format", help="markdown or html.", case_sensitive=False)
]
AskOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--ask", help="Answers to grade where the key asks none: output,params,macs,rf.", show_default=False
    ),
]

PassMarkOption = Annotated[
    Optional[int],  # noqa: UP045
    typer.Option(
        "--pass-mark",
        min=0,
        help="Exit 1 when a submission scores fewer points than this (CI).",
        show_default=False,
    ),
]


@commands.command("grade")
def grade(
    submissions: SubmissionsArgument,
    key: KeyOption,
    gradebook: GradebookOption = None,
    feedback: FeedbackOption = None,
    feedback_format: FeedbackFormatOption = FeedbackFormat.markdown,
    ask: AskOption = None,
    pass_mark: PassMarkOption = None,
    output_format: ReportFormatOption = ReportFormat.table,
    lang: LangOption = None,
) -> None:
    """Grade submissions against a key: every answer against what the key's network computes.

    A submission whose network differs from the key's is reported "network changed", with the
    differences, and graded against the key all the same. Exit 0 when every submission was
    graded; 1 when one is unusable or has no answers (it scores 0, its reason is in the
    gradebook), or scores under --pass-mark; 2 when the key cannot be used.

    Example:

    \b
        cnncalc grade --key examples/class/key.yaml examples/class/submissions/ --gradebook grades.csv

    \b
        cnncalc grade --key keys/ hw/*/hw3.yaml --feedback feedback/ --lang ko
    """
    from cnncalc.errors import CnncalcError
    from cnncalc.grading.asks import parse_ask
    from cnncalc.grading.grade import grade_paths
    from cnncalc.grading.key import load_keys
    from cnncalc.spec.paths import NoSpecFiles, expand_spec_paths

    language = chosen_lang(lang)
    try:
        asked = parse_ask(ask) if ask is not None else None
    except ValueError as exc:
        usage_error(exc.args[0], language)
    try:
        keys = load_keys(key, asked)
    except CnncalcError as exc:
        error(*exc.problems, lang=language)
        raise typer.Exit(EXIT_UNUSABLE) from None
    items = expand_spec_paths(submissions)
    for item in items:
        if isinstance(item, NoSpecFiles):
            usage_error(f"{item.argument or repr('')}: {item.message}", language)
    paths = [item for item in items if isinstance(item, Path)]
    if gradebook is not None:
        refuse_overwriting(gradebook, paths)
    gradeds = grade_paths(paths, keys)
    _write_outputs(gradeds, gradebook, feedback, feedback_format.value, language)
    _print_report(gradeds, output_format, language)
    raise typer.Exit(exit_code(gradeds, pass_mark))


def exit_code(gradeds: "list[Graded]", pass_mark: "int | None" = None) -> int:
    """1 when a submission is unusable, has no answers, or scores under the pass mark."""
    from cnncalc.grading.grade import NO_ANSWERS, UNUSABLE

    failed = any(g.status in (UNUSABLE, NO_ANSWERS) for g in gradeds)
    failed = failed or (pass_mark is not None and any(g.score < pass_mark for g in gradeds))
    return EXIT_FAILED if failed else EXIT_OK


def _print_report(gradeds: "list[Graded]", output_format: ReportFormat, language: object) -> None:
    """The report as plain lines (no markup, one answer a line whatever the width: grep finds it)."""
    from cnncalc.grading.gradebook import render_json
    from cnncalc.grading.report import report_lines, summary_line
    from cnncalc.lang import Lang
    from cnncalc.text import terminal_text

    assert isinstance(language, Lang)
    if output_format is ReportFormat.json:
        sys.stdout.write(render_json(gradeds) + "\n")
        return
    lines: list[str] = []
    for graded in gradeds:
        lines += [*report_lines(graded, language), ""]
    lines.append(summary_line(gradeds, language))
    sys.stdout.write("\n".join(terminal_text(line) for line in lines) + "\n")


def _write_outputs(
    gradeds: "list[Graded]",
    gradebook: Path | None,
    feedback: Path | None,
    feedback_format: str,
    language: object,
) -> None:
    from cnncalc.errors import said
    from cnncalc.grading.feedback import SUFFIXES, render_feedback
    from cnncalc.grading.gradebook import render_csv, render_json
    from cnncalc.lang import Lang

    assert isinstance(language, Lang)
    if gradebook is not None:
        text = render_json(gradeds) + "\n" if gradebook.suffix.lower() == ".json" else render_csv(gradeds)
        write_file(gradebook, text, "the gradebook")
    if feedback is not None:
        try:
            feedback.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            usage_error(
                said("cli.cannot_make_folder", path=shown(feedback), reason=exc.strerror or exc), language
            )
        for name, graded in zip(feedback_names(gradeds), gradeds, strict=True):
            write_file(
                feedback / (name + SUFFIXES[feedback_format]),
                render_feedback(graded, language, feedback_format),
            )


def feedback_names(gradeds: "list[Graded]") -> list[str]:
    """Each student's feedback file's stem: the name made safe for a file, unique."""
    import re

    names: list[str] = []
    for graded in gradeds:
        base = re.sub(r"[^\w.-]+", "_", graded.student).strip("._") or "student"
        name, number = base, 2
        while name in names:
            name, number = f"{base}-{number}", number + 1
        names.append(name)
    return names
