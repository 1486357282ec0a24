"""Read a YAML or JSON spec into plain Python data, keeping where each value stands.

YAML goes through PyYAML's event parser (libyaml's, when available); the events are turned into
plain data here, iteratively, rather than by PyYAML's composer and constructor, so that only
plain types are accepted (no ``!!python/object``), nesting is bounded without recursion, and
alias expansion is counted (a "billion laughs" document is refused, not expanded). JSON goes
through the ``json`` module. Line marks are recovered (by ``compose``) only when an error needs
them.
"""

from __future__ import annotations

import copy
import json
import stat
from collections.abc import Iterator
from importlib import import_module
from pathlib import Path
from typing import Any, cast

import yaml

from cnncalc.errors import CnncalcError, Loc, SpecError, said
from cnncalc.importers import reader_for

try:
    _YamlLoader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _YamlLoader = yaml.SafeLoader

# A spec of 100,000 layers has about a million values and takes 5 to 10 MB; past these bounds
# a file is an alias bomb or not a spec, and is refused before it costs seconds or gigabytes.
MAX_NODES = 2_000_000
MAX_DEPTH = 64
MAX_BYTES = 16 * 1024 * 1024
# Far past 2^63 − 1 (19 digits), the largest count cnncalc computes, and under Python's
# 4,300-digit conversion limit: a longer integer is refused before it is converted (a shorter
# one too large for its field is refused by the field, with its name).
MAX_DIGITS = 1000

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"


class Document:
    """A spec file's data, and what is needed to say on which line a value stands.

    A plain class, not a dataclass: a dataclass costs some 250 µs to create at import (every
    run that reads a spec)."""

    def __init__(
        self,
        display_name: str,
        stem: str,
        data: Any,
        text: str,
        is_json: bool,
        _root: yaml.Node | None = None,
        origins: list[Loc] | None = None,
    ) -> None:
        self.display_name = display_name
        self.stem = stem
        self.data = data
        self.text = text
        self.is_json = is_json
        self._root = _root
        # Where each layer of the expanded (flat) list was written: ("layers", 3) or
        # ("blocks", "basic", "layers", 2). Set once blocks are expanded.
        self.origins = origins

    def without_data(self) -> Document:
        """A copy (of the same class, every attribute kept) whose data is None."""
        copied = copy.copy(self)
        copied.data = None
        return copied

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
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            raise SpecError.single(said("error.is_directory"), file=name)
        if not stat.S_ISREG(mode):
            # Opening a FIFO waits for a writer for ever; a device may never end.
            raise SpecError.single(said("error.not_regular_file", kind=_file_kind(mode)), file=name)
        reader = reader_for(path)
        if reader is not None:
            return reader.read(path)  # a model file (ONNX, Keras): cnncalc.importers
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise SpecError.single(said("error.no_such_file"), file=name) from None
    except PermissionError:
        raise SpecError.single(said("error.permission_denied"), file=name) from None
    except OSError as exc:
        raise SpecError.single(
            said("error.cannot_read_file", reason=exc.strerror or str(exc)), file=name
        ) from None
    if len(raw) > MAX_BYTES:
        raise SpecError.single(
            said("error.file_too_large", mb=MAX_BYTES // (1024 * 1024)),
            file=name,
        )
    binary = _binary_kind(raw, path.suffix.lower())
    if binary is not None:
        raise SpecError.single(
            said("error.binary_file", kind=binary),
            file=name,
            hint=said("hint.binary_file"),
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SpecError.single(
            said("error.not_utf8", byte=f"{raw[exc.start]:02x}", offset=exc.start),
            file=name,
            hint=said("hint.save_utf8"),
        ) from None
    if "\x00" in text:
        raise SpecError.single(said("error.nul_bytes"), file=name)
    if not text.strip():
        raise SpecError.single(said("error.empty_file"), file=name, hint=said("hint.empty_file"))
    return parse_text(text, name, is_json=path.suffix.lower() == ".json")


def _file_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return said("file.fifo")
    if stat.S_ISCHR(mode):
        return said("file.char_device")
    if stat.S_ISBLK(mode):
        return said("file.block_device")
    if stat.S_ISSOCK(mode):
        return said("file.socket")
    return said("file.other")


# A file's first bytes → what it is (the formats a spec is most often mistaken for).
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "binary.png"),
    (b"\xff\xd8\xff", "binary.jpeg"),
    (b"GIF8", "binary.gif"),
    (b"%PDF-", "binary.pdf"),
    (b"PK\x03\x04", "binary.zip"),
    (b"\x89HDF\r\n\x1a\n", "binary.hdf5"),
    (b"\x93NUMPY", "binary.npy"),
    (b"\x1f\x8b", "binary.gzip"),
    (b"\x7fELF", "binary.elf"),
)
_BINARY_SUFFIXES = {
    ".onnx": "binary.onnx",
    ".pt": "binary.pytorch",
    ".pth": "binary.pytorch",
    ".h5": "binary.hdf5",
    ".keras": "binary.keras",
    ".tflite": "binary.tflite",
    ".pb": "binary.protobuf",
}
# Bytes a text spec never holds: C0 controls but tab, line feed and carriage return, and DEL.
_CONTROL = frozenset(range(32)) - {9, 10, 13} | {127}


def _binary_kind(raw: bytes, suffix: str) -> str | None:
    """What a file that is not text looks like, or None when it may be text (checked before
    parsing: PyYAML's own message on binary input is its repr, with ``\\n`` and ``<unicode string>``)."""
    for magic, kind in _MAGIC:
        if raw.startswith(magic):
            return said(kind)
    if raw[4:8] == b"TFL3":
        return said("binary.tflite")
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return None  # UTF-16 text (Windows' "Unicode"): said as not UTF-8, with the fix
    head = raw[:4096]
    controls = sum(1 for byte in head if byte in _CONTROL)
    if b"\x00" not in head and (controls < 3 or controls * 20 <= len(head)):
        return None  # text, perhaps not UTF-8 (that is said next, with the offset)
    if suffix in _BINARY_SUFFIXES:
        return said(_BINARY_SUFFIXES[suffix])
    # An ONNX model is a protobuf ModelProto: field 1 (ir_version, a small varint), then the
    # producer name, the graph or the opset import.
    if len(raw) > 3 and raw[0] == 0x08 and raw[1] < 0x80 and raw[2] in (0x12, 0x1A, 0x22, 0x3A, 0x42):
        return said("binary.onnx")
    if raw[:1] == b"\x80" and raw[1:2] in (b"\x02", b"\x03", b"\x04", b"\x05"):
        return said("binary.pickle")
    return said("binary.data")


def parse_text(text: str, display_name: str = "<spec>", is_json: bool = False) -> Document:
    """Like :func:`read_document`, for a spec held in memory (tests, stdin)."""
    stem = Path(display_name).stem
    if is_json:
        data = _parse_json(text, display_name)
        if isinstance(data, dict) and "class_name" in data:  # a Keras model.to_json(), not a spec
            keras = import_module("cnncalc.importers.keras")  # by name, as reader_for: it imports this module
            if keras.is_model(data):
                return cast(Document, keras.document(data, text, display_name, stem))
        return Document(display_name, stem, data, text, True)
    return Document(display_name, stem, _yaml_data(text, display_name), text, False)


class _LongInteger(ValueError):
    """An integer literal past MAX_DIGITS, refused before Python converts it."""

    def __init__(self, digits: str) -> None:
        super().__init__(digits)
        self.digits = digits


def _json_int(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_DIGITS:
        raise _LongInteger(digits)
    return int(digits)


def _parse_json(text: str, name: str) -> Any:
    try:
        data = json.loads(
            text, parse_constant=_reject_constant, object_pairs_hook=_unique_keys, parse_int=_json_int
        )
    except json.JSONDecodeError as exc:
        message, hint, pos = _json_problem(text, exc.pos)
        line = text.count("\n", 0, pos) + 1
        column = pos - text.rfind("\n", 0, pos)
        raise SpecError.single(
            said("error.malformed_json", detail=said("json.at_column", message=message, column=column)),
            file=name,
            line=line,
            hint=hint,
        ) from None
    except _LongInteger as exc:
        line = text.count("\n", 0, max(text.find(exc.digits), 0)) + 1
        raise SpecError.single(_long_integer(exc.digits.lstrip("-")), file=name, line=line) from None
    except ValueError as exc:  # NaN / Infinity, or a key given twice
        detail = exc.args[0] if exc.args and isinstance(exc.args[0], str) else str(exc)
        raise SpecError.single(said("error.malformed_json", detail=detail), file=name) from None
    except RecursionError:
        raise SpecError.single(said("error.too_deep", max=MAX_DEPTH), file=name) from None
    if _depth(data) > MAX_DEPTH:
        raise SpecError.single(said("error.too_deep", max=MAX_DEPTH), file=name)
    return data


def _json_problem(text: str, pos: int) -> tuple[str, str | None, int]:
    """What is wrong at ``pos``, in cnncalc's words, and where: the json module's messages and
    places differ from one Python version to the next (3.13 says "Illegal trailing comma" at the
    comma where 3.12 said "Expecting property name" at the bracket after it)."""
    if text[pos : pos + 1] == ",":
        after = len(text) - len(text[pos + 1 :].lstrip())
        if text[after : after + 1] in ("}", "]"):
            pos = after
    at = text[pos : pos + 2]
    before = text[:pos].rstrip()
    if not at:
        return said("json.ends_early"), said("hint.json_close", brackets="'{', '['"), pos
    if at in ("//", "/*") or at[0] == "#":
        return said("json.comment"), said("hint.json_comment"), pos
    if at[0] == "'":
        return said("json.single_quotes"), said("hint.json_single_quotes"), pos
    if before.endswith(",") and at[0] in "}]":
        return said("json.trailing_comma", char=at[0]), said("hint.json_trailing_comma"), pos
    shown = repr(at[0]) if at[0].isprintable() else f"U+{ord(at[0]):04X}"
    return said("json.unexpected", shown=shown), None, pos


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
        raise ValueError(said("error.key_twice", name=twice))
    return mapping


def _reject_constant(token: str) -> Any:
    raise ValueError(said("error.not_a_number_constant", token=token))


# U+0085, U+2028 and U+2029 are line breaks to YAML 1.1 (PyYAML) but not to an editor, git or
# YAML 1.2: the parser sees private-use stand-ins (one character each, so every mark keeps its
# place), and text values get the characters back. A file that already holds a stand-in keeps
# its characters as they are.
_BREAKS = {0x85: 0xE085, 0x2028: 0xE028, 0x2029: 0xE029}
_UNBREAKS = {stand_in: char for char, stand_in in _BREAKS.items()}


def _for_parser(text: str) -> tuple[str, bool]:
    """``text`` as PyYAML should see it, and whether text values must be translated back."""
    if not any(chr(char) in text for char in _BREAKS) or any(chr(c) in text for c in _UNBREAKS):
        return text, False
    return text.translate(_BREAKS), True


def _yaml_data(text: str, name: str) -> Any:
    source, translated = _for_parser(text)
    try:
        data = _load_yaml(source, name, translated)
    except yaml.MarkedYAMLError as exc:
        raise _yaml_problem(exc, source, name) from None
    except yaml.YAMLError as exc:
        raise SpecError.single(said("error.malformed_yaml", detail=str(exc)), file=name) from None
    if data is None:
        raise SpecError.single(said("error.no_document"), file=name, hint=said("hint.no_document"))
    return data


# What PyYAML's context says was left open → what to close.
_UNCLOSED = {
    "while parsing a flow mapping": "'{'",
    "while parsing a flow sequence": "'['",
    "while scanning a quoted scalar": "quote",
}


# PyYAML's problems, as they are worded, said again through i18n (other problems stay its words).
_YAML_PROBLEMS: dict[str, tuple[str, dict[str, str]]] = {
    "mapping values are not allowed here": ("yaml.mapping_values", {}),
    "found character that cannot start any token": ("yaml.bad_character", {}),
    "did not find expected ',' or ']'": ("yaml.no_close", {"close": "']'"}),
    "did not find expected ',' or '}'": ("yaml.no_close", {"close": "'}'"}),
    "could not find expected ':'": ("yaml.no_colon", {}),
    "found unexpected end of stream": ("yaml.end_of_stream", {}),
    "did not find expected key": ("yaml.no_key", {}),
    "did not find expected '-' indicator": ("yaml.no_list_item", {}),
}


def _yaml_problem(exc: yaml.MarkedYAMLError, text: str, name: str) -> CnncalcError:
    """A parse error on the line to fix: an unclosed '[', '{' or quote is reported where it opens,
    not at the end of the file where the parser gave up."""
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or exc.context or "malformed YAML"
    if problem in _YAML_PROBLEMS:
        code, args = _YAML_PROBLEMS[problem]
        problem = said(code, **args)
    line = mark.line + 1 if mark is not None else None
    if "nesting depth" in problem:
        # PyYAML ≥ 6.0.4's C parser has a nesting limit of its own, met before cnncalc's.
        return SpecError.single(said("error.too_deep", max=MAX_DEPTH), file=name, line=line)
    hint: str | None = None
    opened = _UNCLOSED.get(exc.context or "")
    if opened and exc.context_mark is not None and line is not None and exc.context_mark.line + 1 < line:
        problem = said("yaml.by_line", problem=problem, line=line)
        line = exc.context_mark.line + 1
        hint = said("hint.yaml_close", opened=said("yaml.quote") if opened == "quote" else opened, line=line)
    elif mark is not None and text[mark.index : mark.index + 1] == "\t":
        hint = said("hint.yaml_tabs")
    elif any(
        p in problem for p in ("mapping values are not allowed", "expected <block end>", "expected key")
    ):
        hint = said("hint.yaml_indent")
    elif "expected '-' indicator" in problem:
        hint = said("hint.yaml_list_indent")
    return SpecError.single(said("error.malformed_yaml", detail=problem), file=name, line=line, hint=hint)


def _compose_for_lines(text: str, is_json: bool) -> yaml.Node | None:
    # JSON is YAML but for tab indentation; replacing tabs keeps every line number.
    source = _for_parser(text.replace("\t", " ") if is_json else text)[0]
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
_MERGE = "tag:yaml.org,2002:merge"


def _unsupported(tag: object) -> str:
    return said("error.yaml_tag", tag=repr(tag))


class _Open:
    """A mapping or list being built, with what is needed to finish it."""

    __slots__ = ("anchor", "is_map", "key", "start", "value")

    def __init__(self, value: Any, anchor: str | None, start: int) -> None:
        self.value = value
        self.is_map = isinstance(value, dict)
        self.anchor = anchor
        self.start = start
        self.key: str | None = None


def _load_yaml(text: str, name: str, translated: bool = False) -> Any:
    """YAML events → plain data, iteratively.

    PyYAML's C composer recurses once per nesting level and crashes the interpreter past a few
    thousand levels, so the document is built here from the parser's events (libyaml's parser
    keeps its own stack), with the depth, the size after alias expansion and the tags checked as
    each value arrives.
    """
    parser = _YamlLoader(text)
    try:
        return _build(iter(parser.get_event, None), name, translated)
    finally:
        parser.dispose()


def _build(events: Iterator[Any], name: str, translated: bool) -> Any:
    # The parser's events taken straight from it: ``yaml.parse`` wraps each in a generator step
    # of its own (a fifth of the load time of a large spec).
    builder = _Builder(name, translated)
    stack, scalar, place = builder.stack, builder.scalar, builder.place  # looked up once: hot
    known = _SCALARS
    documents = 0
    event: Any
    for event in events:
        kind = type(event)
        top = stack[-1] if stack else None
        if kind is yaml.ScalarEvent:
            value = known.get((event.tag, event.value, event.implicit), known)
            if value is known or value is _MERGE_KEY or event.anchor is not None or translated:
                value = scalar(event, top)
            else:  # a scalar met before, with nothing to check: what scalar() would do
                builder.nodes += 1
            if top is not None and top.is_map and builder.nodes <= MAX_NODES:
                if top.key is not None:
                    top.value[top.key] = value  # a mapping's value, the commonest event: as place() does
                    top.key = None
                    continue
                if type(value) is str and value not in top.value:
                    top.key = value  # a mapping's key, met before: as place() takes it
                    continue
        elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            builder.open(event, top, kind is yaml.MappingStartEvent)
            continue
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            value = builder.close()
            top = stack[-1] if stack else None
            if top is not None and not top.is_map and builder.nodes <= MAX_NODES:
                top.value.append(value)  # a list's item (a layer): as place() does
                continue
        elif kind is yaml.AliasEvent:
            value = builder.alias(event)
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                second = said("yaml.second_document")
                raise builder.fail(said("error.malformed_yaml", detail=second), event.start_mark)
            continue
        else:
            continue
        if builder.nodes > MAX_NODES:
            raise builder.fail(said("error.alias_bomb", max=f"{MAX_NODES:,}"), event.start_mark)
        place(value, top, event)
    return builder.root


class _Builder:
    """The document being built from YAML events: the open mappings and lists, the anchors, and
    the count of values (aliases counted at their expanded size)."""

    __slots__ = ("anchors", "name", "nodes", "root", "stack", "translated")

    def __init__(self, name: str, translated: bool) -> None:
        self.name = name
        self.translated = translated
        self.stack: list[_Open] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.nodes = 0
        self.root: Any = None

    def fail(self, message: str, mark: Any, hint: str | None = None) -> CnncalcError:
        return SpecError.single(message, file=self.name, line=mark.line + 1, hint=hint)

    def here(self) -> Loc:
        """Where the value being read goes: ``('layers', 0, 'filters')``."""
        loc: list[str | int] = []
        for frame in self.stack:
            if not frame.is_map:
                loc.append(len(frame.value))
            elif frame.key is not None:
                loc.append(frame.key)
        return tuple(loc)

    def scalar(self, event: Any, top: _Open | None) -> Any:
        self.nodes += 1
        key = (event.tag, event.value, event.implicit)
        value = _SCALARS.get(key, _SCALARS)
        if value is _SCALARS:
            try:
                value = _scalar(event, self.name)
            except _Refused as refused:
                line = event.start_mark.line + 1
                raise SpecError.single(
                    refused.message, file=self.name, line=line, loc=self.here(), hint=refused.hint
                ) from None
            if len(_SCALARS) < _SCALARS_MAX:
                _SCALARS[key] = value
        if self.translated and type(value) is str:
            value = value.translate(_UNBREAKS)
        if value is _MERGE_KEY and not (top is not None and top.is_map and top.key is None):
            raise self.fail(_unsupported(_MERGE), event.start_mark, said("hint.quote_text"))
        if event.anchor is not None:
            self.anchors[event.anchor] = (value, 1)
        return value

    def open(self, event: Any, top: _Open | None, is_map: bool) -> None:
        self.nodes += 1
        if len(self.stack) >= MAX_DEPTH:
            raise self.fail(said("error.too_deep", max=MAX_DEPTH), event.start_mark)
        if top is not None and top.is_map and top.key is None:
            raise self.fail(said("error.yaml_keys"), event.start_mark)
        if event.tag not in (None, "!", _MAP if is_map else _SEQ):
            raise self.fail(_unsupported(event.tag), event.start_mark)
        self.stack.append(_Open({} if is_map else [], event.anchor, self.nodes))

    def close(self) -> Any:
        done = self.stack.pop()
        if done.anchor is not None:
            self.anchors[done.anchor] = (done.value, self.nodes - done.start + 1)
        return done.value

    def alias(self, event: Any) -> Any:
        if event.anchor not in self.anchors:
            undefined = said("yaml.undefined_alias", alias=repr(event.anchor))
            raise self.fail(said("error.malformed_yaml", detail=undefined), event.start_mark)
        value, size = self.anchors[event.anchor]
        self.nodes += size
        if self.nodes > MAX_NODES:
            raise self.fail(said("error.alias_bomb", max=f"{MAX_NODES:,}"), event.start_mark)
        return _copy(value)

    def place(self, value: Any, top: _Open | None, event: Any) -> None:
        """A finished value into its place: the root, a list item, a mapping's key or its value."""
        if top is None:
            self.root = value
        elif not top.is_map:
            top.value.append(value)
        elif top.key is None:
            if isinstance(value, (dict, list)) or value is _MERGE_KEY:
                raise self.fail(said("error.yaml_keys"), event.start_mark)
            key_text = value if type(value) is str else str(value)
            if key_text in top.value:
                twice = said("error.key_twice", name=key_text)
                raise self.fail(twice, event.start_mark, said("hint.key_twice"))
            top.key = key_text
        else:
            top.value[top.key] = value
            top.key = None


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
        if tag == _INT:
            refused = _integer_problem(event.value)
            if refused is not None:
                raise _Refused(*refused)
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark)
        if tag == _INT:  # at most MAX_DIGITS digits (above): within Python's limit for int(str)
            return _constructor.construct_yaml_int(node)
        if tag == _FLOAT:
            return _constructor.construct_yaml_float(node)
        return _constructor.construct_yaml_bool(node)
    if tag == _NULL:
        return None
    if tag == _MERGE:
        return _MERGE_KEY
    raise SpecError.single(
        _unsupported(tag),
        file=name,
        line=event.start_mark.line + 1,
        hint=said("hint.quote_text"),
    )


class _Refused(Exception):
    """A scalar refused before it is converted; the caller adds where it stands."""

    def __init__(self, message: str, hint: str | None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def _long_integer(digits: str) -> str:
    return said("error.long_integer", digits=f"{len(digits):,}", max=f"{MAX_DIGITS:,}")


def _integer_problem(text: str) -> tuple[str, str | None] | None:
    """(message, hint) for an integer YAML 1.1 reads other than as a decimal, or too long to
    convert; None for a plain decimal or hexadecimal one.

    YAML 1.1 (PyYAML) reads ``010`` as 8, ``0b11`` as 3 and ``1:30`` as 90; YAML 1.2 and JSON
    read none of them so. ``0x10`` is 16 in both YAMLs and is accepted. The digits are counted
    before anything is converted (Python refuses to convert more than 4,300).

    >>> _integer_problem("010")[1]
    'write 10, or 8 if octal was meant'
    >>> _integer_problem("1:30")[1]
    "write 90, or quote '1:30' if it is text"
    >>> _integer_problem("0x10") is None
    True
    """
    body = text.replace("_", "").lstrip("+-")
    sign = "-" if text.lstrip().startswith("-") else ""
    digits = body.replace(":", "")
    if digits[:2].lower() in ("0x", "0b"):
        digits = digits[2:]
    if len(digits) > MAX_DIGITS:
        return _long_integer(digits), None
    shown = text if len(text) <= 20 else text[:17] + "..."
    if ":" in body:
        value = 0
        for part in body.split(":"):
            value = value * 60 + int(part)
        return (
            said("error.yaml_sexagesimal", shown=shown, value=f"{sign}{value:,}"),
            said("hint.yaml_sexagesimal", value=f"{sign}{value}", text=text),
        )
    if body[:2] in ("0b", "0B"):
        value = int(body[2:], 2)
        return (
            said("error.yaml_binary", shown=shown, value=f"{sign}{value:,}"),
            said("hint.write_value", value=f"{sign}{value}"),
        )
    if len(body) > 1 and body[0] == "0" and body[1] not in "xX":
        octal, decimal = int(body, 8), int(body)
        if octal != decimal:
            return (
                said("error.yaml_octal", shown=shown, octal=f"{sign}{octal:,}"),
                said("hint.yaml_octal", decimal=f"{sign}{decimal}", octal=f"{sign}{octal}"),
            )
    return None
