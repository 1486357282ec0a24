"""spec/validate.py: how a validation message quotes the value it got."""

from __future__ import annotations

from cnncalc.spec.fields import shown
from cnncalc.spec.validate import _show


def test_show_says_null_a_mapping_and_a_long_list_in_words() -> None:
    # The catalogue's English: value.null, value.mapping, value.list.
    assert _show(None) == "nothing (null)"
    assert _show({"kernel": 3}) == "a mapping"
    assert _show(list(range(20))) == "a list"  # str() is 70 characters, more than 40


def test_show_quotes_everything_else_as_fields_shown_does() -> None:
    # YAML's booleans, a string quoted, a short list as written, a long text cut to 37 + "...".
    assert _show(True) == "true"
    assert _show("same") == "'same'"
    assert _show([3, 3]) == "[3, 3]"
    assert _show("x" * 50) == "'" + "x" * 36 + "..."
    for value in (False, 3, 2.5, "valid", [1, 2], "y" * 60):
        assert _show(value) == shown(value)
