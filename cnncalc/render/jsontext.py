"""``json.dumps(value, indent=2, ensure_ascii=False)``, the same text, several times faster.

The standard library's C encoder does not indent; with ``indent`` it falls back to a pure-Python
encoder built of nested generators, which took seconds for a 100,000-layer spec. This does the
same walk with plain recursion, writing pieces to one list joined at the end (a property test
holds the text equal to ``json.dumps``). What repeats is written once per call: the keys of
mappings that share their keys (every layer's), and each distinct list of integers (shapes).
"""

from __future__ import annotations

import json.encoder
from collections.abc import Callable
from typing import Any

from cnncalc.text import json_document

_string: Any = json.encoder.encode_basestring  # the C version when available, as json.dumps uses
_float_repr = float.__repr__
_int_repr = int.__repr__
_INFINITY = float("inf")
_INTS = frozenset({int})
_STRS = frozenset({str})


class Fragment:
    """A value that writes its own text: ``text(newline)`` is what this module would write for
    the value it stands for, placed after ``newline`` (a line break and the value's indent).
    A renderer writes a long list of records so, in one pass, without building their dicts.
    (A plain class: a NamedTuple's class is compiled at import, on every JSON run.)"""

    __slots__ = ("text",)

    def __init__(self, text: Callable[[str], str]) -> None:
        self.text = text


def dumps_indented(value: Any, indent: str = "", string: Callable[[str], str] = _string) -> str:
    """JSON text of ``value`` (dicts with str keys, lists, str, int, float, bool, None);
    ``string`` writes each str (:func:`printable_string`: the text json_document would make)."""
    parts: list[str] = []
    _write(value, "\n" + indent, parts.append, {}, {}, string)
    return "".join(parts)


def printable_string(value: str) -> str:
    """``value`` as a JSON string, with what :func:`~cnncalc.text.json_document` would escape in
    it escaped: a document whose strings are all written so needs no pass of json_document over
    its whole text (a megabyte for a large network, twice as long once a sentence's ``−`` makes
    every character two bytes)."""
    text: str = _string(value)
    return text if text.isprintable() else json_document(text)  # one line: no line break in it


def _write(
    value: Any,
    newline: str,
    out: Callable[[str], None],
    heads: dict[tuple[tuple[str, ...], str], list[str]],
    int_lists: dict[tuple[Any, ...], str],
    string: Callable[[str], str],
) -> None:
    """``value``'s text to ``out``; ``newline`` is a line break and this value's indent.
    ``heads`` and ``int_lists`` remember the text of keys and of lists of integers; ``string``
    writes a str."""
    kind = type(value)
    if kind is dict:
        if not value:
            out("{}")
            return
        inner = newline + "  "
        keys = tuple(value)
        key_heads = heads.get((keys, newline))
        if key_heads is None:  # '{\n  "name": ', ',\n  "type": ', …
            key_heads = heads[keys, newline] = [f",{inner}{string(key)}: " for key in keys]
            key_heads[0] = "{" + key_heads[0][1:]
        for head, item in zip(key_heads, value.values(), strict=True):
            kind = type(item)
            if kind is int:
                out(head + _int_repr(item))
            elif kind is str:
                out(head + string(item))
            else:
                out(head)
                _write(item, inner, out, heads, int_lists, string)
        out(newline + "}")
    elif kind is list or kind is tuple:
        if not value:
            out("[]")
            return
        inner = newline + "  "
        kinds = set(map(type, value))
        if kinds == _INTS:  # shapes: the most common list by far
            key = (*value, newline)
            text = int_lists.get(key)
            if text is None:
                items = ("," + inner).join(map(_int_repr, value))
                text = int_lists[key] = "[" + inner + items + newline + "]"
            out(text)
        elif kinds == _STRS:
            out("[" + inner + ("," + inner).join(map(string, value)) + newline + "]")
        else:
            separator = "[" + inner
            for item in value:
                out(separator)
                _write(item, inner, out, heads, int_lists, string)
                separator = "," + inner
            out(newline + "]")
    elif kind is Fragment:
        out(value.text(newline))
    else:
        out(_scalar(value, string))


def _scalar(value: Any, string: Callable[[str], str]) -> str:
    if isinstance(value, str):
        return str(string(value))
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, float):
        return _float_text(value)
    if isinstance(value, int):
        return _int_repr(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _float_text(value: float) -> str:
    if value != value:
        return "NaN"
    if value == _INFINITY:
        return "Infinity"
    if value == -_INFINITY:
        return "-Infinity"
    return _float_repr(value)
