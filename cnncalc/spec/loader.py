"""Read a YAML or JSON spec into plain Python data, keeping where each value stands.

YAML goes through PyYAML's ``compose`` (the C parser when available), which keeps a line mark
on every node; the nodes are turned into plain data here rather than by PyYAML's constructor so
that only plain types are accepted (no ``!!python/object``) and alias expansion is bounded (a
"billion laughs" document is refused, not expanded). JSON goes through the ``json`` module; its
line marks are recovered only when an error needs them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from cnncalc.errors import CnncalcError, Loc, SpecError

try:
    _YamlLoader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _YamlLoader = yaml.SafeLoader

# A spec of 100,000 layers has about a million nodes; past this an alias bomb is suspected.
MAX_NODES = 5_000_000
MAX_DEPTH = 64
MAX_BYTES = 64 * 1024 * 1024

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"


@dataclass
class Document:
    """A spec file's data, and what is needed to say on which line a value stands."""

    display_name: str
    stem: str
    data: Any
    text: str
    is_json: bool
    _root: yaml.Node | None = field(default=None, repr=False)
    # Where each layer of the expanded (flat) list was written: ("layers", 3) or
    # ("blocks", "basic", "layers", 2). Set once blocks are expanded.
    origins: list[Loc] | None = field(default=None, repr=False)

    def line_of(self, loc: Loc, aliases: dict[str, tuple[str, ...]] | None = None) -> int | None:
        """The 1-based line of the value at ``loc``, or of its nearest existing parent."""
        root = self._root
        if root is None:
            root = _compose_for_lines(self.text, self.is_json)
            self._root = root
        if root is None:
            return None
        origins = self.origins or []
        if len(loc) >= 2 and loc[0] == "layers" and isinstance(loc[1], int) and 0 <= loc[1] < len(origins):
            loc = (*origins[loc[1]], *loc[2:])
        node = root
        line: int = node.start_mark.line + 1
        for part in loc:
            found = _child(node, part, aliases or {})
            if found is None:
                break
            # A field's line is its key's: 'layers:' rather than the first item below it.
            where, node = found
            line = where.start_mark.line + 1
        return line


def read_document(path: str | Path) -> Document:
    """Read ``path`` into a :class:`Document`; any problem is a :class:`SpecError`."""
    path = Path(path)
    name = str(path)
    try:
        if path.is_dir():
            raise SpecError.single("is a directory, not a spec file", file=name)
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise SpecError.single("no such file", file=name) from None
    except PermissionError:
        raise SpecError.single("permission denied: cannot read the file", file=name) from None
    except OSError as exc:
        raise SpecError.single(f"cannot read the file: {exc.strerror or exc}", file=name) from None
    if len(raw) > MAX_BYTES:
        raise SpecError.single(
            f"file is larger than {MAX_BYTES // (1024 * 1024)} MB; a spec is a few kilobytes",
            file=name,
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SpecError.single(
            f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start})",
            file=name,
            hint="save the spec as UTF-8",
        ) from None
    if "\x00" in text:
        raise SpecError.single("binary data (NUL bytes), not a YAML or JSON spec", file=name)
    if not text.strip():
        raise SpecError.single(
            "the file is empty", file=name, hint="a spec needs at least 'input' and 'layers'"
        )
    is_json = path.suffix.lower() == ".json"
    if is_json:
        data = _parse_json(text, name)
        return Document(name, path.stem, data, text, True)
    root = _compose_yaml(text, name)
    data = _to_data(root, name)
    return Document(name, path.stem, data, text, False, root)


def parse_text(text: str, display_name: str = "<spec>", is_json: bool = False) -> Document:
    """Like :func:`read_document`, for a spec held in memory (tests, stdin)."""
    stem = Path(display_name).stem
    if is_json:
        return Document(display_name, stem, _parse_json(text, display_name), text, True)
    root = _compose_yaml(text, display_name)
    return Document(display_name, stem, _to_data(root, display_name), text, False, root)


def _parse_json(text: str, name: str) -> Any:
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise SpecError.single(f"malformed JSON: {exc.msg}", file=name, line=exc.lineno) from None
    except ValueError as exc:  # NaN / Infinity, or an integer too long to parse
        raise SpecError.single(f"malformed JSON: {exc}", file=name) from None
    except RecursionError:
        raise SpecError.single(f"nested deeper than {MAX_DEPTH} levels", file=name) from None


def _reject_constant(token: str) -> Any:
    raise ValueError(f"{token} is not a number a spec can use")


def _compose_yaml(text: str, name: str) -> yaml.Node:
    try:
        node = yaml.compose(text, Loader=_YamlLoader)
    except yaml.MarkedYAMLError as exc:
        raise _yaml_problem(exc, text, name) from None
    except yaml.YAMLError as exc:
        raise SpecError.single(f"malformed YAML: {exc}", file=name) from None
    except RecursionError:
        raise SpecError.single(f"nested deeper than {MAX_DEPTH} levels", file=name) from None
    if node is None:
        raise SpecError.single(
            "the file holds no document", file=name, hint="a spec needs 'input' and 'layers'"
        )
    return node


# What PyYAML's context says was left open → what to close.
_UNCLOSED = {
    "while parsing a flow mapping": "'{'",
    "while parsing a flow sequence": "'['",
    "while scanning a quoted scalar": "quote",
}


def _yaml_problem(exc: yaml.MarkedYAMLError, text: str, name: str) -> CnncalcError:
    """A parse error on the line to fix: an unclosed '[', '{' or quote is reported where it opens,
    not at the end of the file where the parser gave up."""
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or exc.context or "malformed YAML"
    line = mark.line + 1 if mark is not None else None
    hint = None
    opened = _UNCLOSED.get(exc.context or "")
    if opened and exc.context_mark is not None and line is not None and exc.context_mark.line + 1 < line:
        problem = f"{problem} by line {line}"
        line = exc.context_mark.line + 1
        hint = f"close the {opened} opened on line {line}"
    elif mark is not None and text[mark.index : mark.index + 1] == "\t":
        hint = "indent with spaces, not tabs"
    return SpecError.single(f"malformed YAML: {problem}", file=name, line=line, hint=hint)


def _compose_for_lines(text: str, is_json: bool) -> yaml.Node | None:
    # JSON is YAML but for tab indentation; replacing tabs keeps every line number.
    source = text.replace("\t", " ") if is_json else text
    try:
        node: yaml.Node | None = yaml.compose(source, Loader=_YamlLoader)
    except (yaml.YAMLError, RecursionError):
        return None
    return node


def _child(
    node: yaml.Node, part: str | int, aliases: dict[str, tuple[str, ...]]
) -> tuple[yaml.Node, yaml.Node] | None:
    """(the node whose line to report, the child node) for one step of a loc."""
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int):
        items: list[yaml.Node] = node.value
        return (items[part], items[part]) if 0 <= part < len(items) else None
    if isinstance(node, yaml.MappingNode) and isinstance(part, str):
        names = (part, *aliases.get(part, ()))
        pairs: list[tuple[yaml.Node, yaml.Node]] = node.value
        for key, value in pairs:
            if isinstance(key, yaml.ScalarNode) and (key.value in names or key.value.lower() in names):
                return key, value
    return None


class _Budget:
    def __init__(self, name: str) -> None:
        self.name = name
        self.nodes = 0


_constructor = yaml.constructor.SafeConstructor()


def _to_data(root: yaml.Node, name: str) -> Any:
    return _convert(root, _Budget(name), 0)


def _convert(node: yaml.Node, budget: _Budget, depth: int) -> Any:
    budget.nodes += 1
    if budget.nodes > MAX_NODES:
        raise SpecError.single(
            f"the document expands to more than {MAX_NODES:,} values (an alias bomb?)",
            file=budget.name,
            line=node.start_mark.line + 1,
        )
    if depth > MAX_DEPTH:
        raise SpecError.single(
            f"nested deeper than {MAX_DEPTH} levels", file=budget.name, line=node.start_mark.line + 1
        )
    tag = node.tag
    if isinstance(node, yaml.ScalarNode):
        return _scalar(node, budget.name)
    if isinstance(node, yaml.SequenceNode) and tag == _SEQ:
        return [_convert(item, budget, depth + 1) for item in node.value]
    if isinstance(node, yaml.MappingNode) and tag == _MAP:
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                raise SpecError.single(
                    "keys must be plain words (no merge keys, lists or mappings as keys)",
                    file=budget.name,
                    line=line,
                )
            key = str(_scalar(key_node, budget.name))
            if key in mapping:
                raise SpecError.single(
                    f"key '{key}' is given twice in the same mapping",
                    file=budget.name,
                    line=line,
                    hint="remove one of them",
                )
            mapping[key] = _convert(value_node, budget, depth + 1)
        return mapping
    raise SpecError.single(
        f"unsupported YAML tag {tag!r}: a spec holds only numbers, strings, booleans, lists and mappings",
        file=budget.name,
        line=node.start_mark.line + 1,
    )


def _scalar(node: yaml.ScalarNode, name: str) -> Any:
    tag = node.tag
    if tag == _STR:
        return node.value
    if tag == _INT:
        return _constructor.construct_yaml_int(node)
    if tag == _FLOAT:
        return _constructor.construct_yaml_float(node)
    if tag == _BOOL:
        return _constructor.construct_yaml_bool(node)
    if tag == _NULL:
        return None
    raise SpecError.single(
        f"unsupported YAML tag {tag!r}: a spec holds only numbers, strings, booleans, lists and mappings",
        file=name,
        line=node.start_mark.line + 1,
        hint="quote the value if it is meant as text",
    )
