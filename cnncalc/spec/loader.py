"""Read a YAML or JSON spec into plain Python data, keeping where each value stands.

YAML goes through PyYAML's event parser (libyaml's, when available); the events are turned into
plain data here, iteratively, rather than by PyYAML's composer and constructor, so that only
plain types are accepted (no ``!!python/object``), nesting is bounded without recursion, and
alias expansion is counted (a "billion laughs" document is refused, not expanded). JSON goes
through the ``json`` module. Line marks are recovered (by ``compose``) only when an error needs
them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from cnncalc.errors import CnncalcError, Loc, SpecError, said

try:
    _YamlLoader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _YamlLoader = yaml.SafeLoader

# A spec of 100,000 layers has about a million values and takes 5 to 10 MB; past these bounds
# a file is an alias bomb or not a spec, and is refused before it costs seconds or gigabytes.
MAX_NODES = 2_000_000
MAX_DEPTH = 64
MAX_BYTES = 16 * 1024 * 1024

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
            raise SpecError.single(said("error.is_directory"), file=name)
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise SpecError.single(said("error.no_such_file"), file=name) from None
    except PermissionError:
        raise SpecError.single(said("error.permission_denied"), file=name) from None
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
    return parse_text(text, name, is_json=path.suffix.lower() == ".json")


def parse_text(text: str, display_name: str = "<spec>", is_json: bool = False) -> Document:
    """Like :func:`read_document`, for a spec held in memory (tests, stdin)."""
    stem = Path(display_name).stem
    if is_json:
        return Document(display_name, stem, _parse_json(text, display_name), text, True)
    return Document(display_name, stem, _yaml_data(text, display_name), text, False)


def _parse_json(text: str, name: str) -> Any:
    try:
        data = json.loads(text, parse_constant=_reject_constant, object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as exc:
        before = text[: exc.pos].rstrip()
        hint = (
            "remove the trailing comma" if before.endswith(",") and exc.msg.startswith("Expecting") else None
        )
        raise SpecError.single(
            said("error.malformed_json", detail=f"{exc.msg} (column {exc.colno})"),
            file=name,
            line=exc.lineno,
            hint=hint,
        ) from None
    except ValueError as exc:  # NaN / Infinity, or an integer too long to parse
        raise SpecError.single(f"malformed JSON: {exc}", file=name) from None
    except RecursionError:
        raise SpecError.single(f"nested deeper than {MAX_DEPTH} levels", file=name) from None
    if _depth(data) > MAX_DEPTH:
        raise SpecError.single(f"nested deeper than {MAX_DEPTH} levels", file=name)
    return data


def _depth(data: Any) -> int:
    """How deeply lists and mappings nest, without recursion (as YAML's limit, for JSON)."""
    deepest = 0
    level: list[Any] = [data]
    while level:
        deepest += 1
        if deepest > MAX_DEPTH:
            break
        below: list[Any] = []
        for value in level:
            if isinstance(value, dict):
                below += [v for v in value.values() if isinstance(v, (dict, list))]
            elif isinstance(value, list):
                below += [v for v in value if isinstance(v, (dict, list))]
        level = below
    return deepest


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    mapping = dict(pairs)
    if len(mapping) != len(pairs):
        seen: set[str] = set()
        twice = next(key for key, _ in pairs if key in seen or seen.add(key))  # type: ignore[func-returns-value]
        raise ValueError(f"key '{twice}' is given twice in the same mapping")
    return mapping


def _reject_constant(token: str) -> Any:
    raise ValueError(f"{token} is not a number a spec can use")


def _yaml_data(text: str, name: str) -> Any:
    try:
        data = _load_yaml(text, name)
    except yaml.MarkedYAMLError as exc:
        raise _yaml_problem(exc, text, name) from None
    except yaml.YAMLError as exc:
        raise SpecError.single(f"malformed YAML: {exc}", file=name) from None
    if data is None:
        raise SpecError.single(said("error.no_document"), file=name, hint=said("hint.no_document"))
    return data


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
    elif any(
        p in problem for p in ("mapping values are not allowed", "expected <block end>", "expected key")
    ):
        hint = "check this line's indentation against the lines above it"
    return SpecError.single(said("error.malformed_yaml", detail=problem), file=name, line=line, hint=hint)


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


# Scalars repeat (``conv2d``, ``3``, ``type``): resolving and converting each through PyYAML's
# regular expressions once is most of the load time of a large spec. The cache is bounded.
_SCALARS: dict[tuple[str | None, str, tuple[bool, bool]], Any] = {}
_SCALARS_MAX = 4096
_resolver = yaml.resolver.Resolver()
_constructor = yaml.constructor.SafeConstructor()
_UNSUPPORTED = (
    "unsupported YAML tag {tag!r}: a spec holds only numbers, strings, booleans, lists and mappings"
)
_MERGE = "tag:yaml.org,2002:merge"
_KEYS_HINT = "keys must be plain words (no merge keys, lists or mappings as keys)"


class _Open:
    """A mapping or list being built, with what is needed to finish it."""

    __slots__ = ("anchor", "is_map", "key", "start", "value")

    def __init__(self, value: Any, anchor: str | None, start: int) -> None:
        self.value = value
        self.is_map = isinstance(value, dict)
        self.anchor = anchor
        self.start = start
        self.key: str | None = None


def _load_yaml(text: str, name: str) -> Any:
    """YAML events → plain data, iteratively.

    PyYAML's C composer recurses once per nesting level and crashes the interpreter past a few
    thousand levels, so the document is built here from the parser's events (libyaml's parser
    keeps its own stack), with the depth, the size after alias expansion and the tags checked as
    each value arrives.
    """
    stack: list[_Open] = []
    anchors: dict[str, tuple[Any, int]] = {}
    nodes = 0
    documents = 0
    root: Any = None

    def fail(message: str, mark: Any, hint: str | None = None) -> CnncalcError:
        return SpecError.single(message, file=name, line=mark.line + 1, hint=hint)

    event: Any
    for event in yaml.parse(text, Loader=_YamlLoader):
        kind = type(event)
        top = stack[-1] if stack else None
        if kind is yaml.ScalarEvent:
            nodes += 1
            key = (event.tag, event.value, event.implicit)
            value = _SCALARS.get(key, _SCALARS)
            if value is _SCALARS:
                value = _scalar(event, name)
                if len(_SCALARS) < _SCALARS_MAX:
                    _SCALARS[key] = value
            if value is _MERGE_KEY and not (top is not None and top.is_map and top.key is None):
                raise fail(
                    _UNSUPPORTED.format(tag=_MERGE),
                    event.start_mark,
                    "quote the value if it is meant as text",
                )
            if event.anchor is not None:
                anchors[event.anchor] = (value, 1)
        elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            nodes += 1
            if len(stack) >= MAX_DEPTH:
                raise fail(f"nested deeper than {MAX_DEPTH} levels", event.start_mark)
            if top is not None and top.is_map and top.key is None:
                raise fail(_KEYS_HINT, event.start_mark)
            is_map = kind is yaml.MappingStartEvent
            if event.tag not in (None, "!", _MAP if is_map else _SEQ):
                raise fail(_UNSUPPORTED.format(tag=event.tag), event.start_mark)
            stack.append(_Open({} if is_map else [], event.anchor, nodes))
            continue
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            done = stack.pop()
            top = stack[-1] if stack else None
            value = done.value
            if done.anchor is not None:
                anchors[done.anchor] = (value, nodes - done.start + 1)
        elif kind is yaml.AliasEvent:
            if event.anchor not in anchors:
                raise fail(f"malformed YAML: found undefined alias {event.anchor!r}", event.start_mark)
            value, size = anchors[event.anchor]
            nodes += size
            if nodes > MAX_NODES:
                raise fail(
                    f"the document expands to more than {MAX_NODES:,} values (an alias bomb?)",
                    event.start_mark,
                )
            value = _copy(value)
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise fail("malformed YAML: expected one document, found another", event.start_mark)
            continue
        else:
            continue
        if nodes > MAX_NODES:
            raise fail(
                f"the document expands to more than {MAX_NODES:,} values (an alias bomb?)", event.start_mark
            )
        # Place the finished value: the root, a list item, a mapping's key or its value.
        if top is None:
            root = value
        elif not top.is_map:
            top.value.append(value)
        elif top.key is None:
            if isinstance(value, (dict, list)) or value is _MERGE_KEY:
                raise fail(_KEYS_HINT, event.start_mark)
            key_text = value if type(value) is str else str(value)
            if key_text in top.value:
                raise fail(
                    f"key '{key_text}' is given twice in the same mapping",
                    event.start_mark,
                    "remove one of them",
                )
            top.key = key_text
        else:
            top.value[top.key] = value
            top.key = None
    return root


class _MergeKey:
    """``<<``: YAML's merge key, refused (a spec's keys are plain words)."""


_MERGE_KEY = _MergeKey()


def _copy(value: Any) -> Any:
    # An alias gets its own copy: later steps may rename a layer's keys in place.
    if isinstance(value, dict):
        return {key: _copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy(item) for item in value]
    return value


def _scalar(event: Any, name: str) -> Any:
    tag = event.tag
    if tag is None or tag == "!":
        tag = _resolver.resolve(yaml.ScalarNode, event.value, event.implicit)  # type: ignore[no-untyped-call]
    if tag == _STR:
        return event.value
    if tag in (_INT, _FLOAT, _BOOL):
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark)
        if tag == _INT:
            try:
                return _constructor.construct_yaml_int(node)
            except ValueError:  # past Python's 4,300-digit limit for int(str)
                raise SpecError.single(
                    "an integer with more than 4,300 digits", file=name, line=event.start_mark.line + 1
                ) from None
        if tag == _FLOAT:
            return _constructor.construct_yaml_float(node)
        return _constructor.construct_yaml_bool(node)
    if tag == _NULL:
        return None
    if tag == _MERGE:
        return _MERGE_KEY
    raise SpecError.single(
        _UNSUPPORTED.format(tag=tag),
        file=name,
        line=event.start_mark.line + 1,
        hint="quote the value if it is meant as text",
    )
