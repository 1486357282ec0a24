"""Blocks and graph wiring: a spec's ``blocks`` and ``inputs`` → one flat list of layers.

A spec may define named, parameterised lists of layers and use them as layers::

    blocks:
      basic:
        params: {filters: null, stride: 1}          # null: the use must give it
        layers:
          - {type: conv2d, filters: ${filters}, kernel: 3, stride: ${stride}, name: conv1}
          - {type: add, inputs: [conv1, input]}       # 'input' is the block's input
    layers:
      - {block: basic, filters: 64, repeat: 2, first: {stride: 2}, name: layer1}

Expanding that gives ``layer1.0.conv1``, ``layer1.0.add_1``, ``layer1.1.conv1``, … (torchvision's
names). ``${name}`` alone as a value is replaced by the parameter's value (any type); inside a
longer text it is replaced by its text. ``when: false`` drops a layer, and a name that referred to
it refers to its input instead. The engine never sees a block: it gets plain layer mappings whose
``inputs`` name earlier layers by their full names, each remembering where it was written
(``origins``, for error lines) and which blocks it came from (``paths``, for folding tables).
"""

from __future__ import annotations

import contextlib
import difflib
import functools
import re
from collections.abc import Callable
from typing import Any, NamedTuple

from cnncalc import kinds
from cnncalc.errors import Loc, Problem, SpecError, format_loc, said
from cnncalc.spec.aliases import resolve_type
from cnncalc.spec.names import INPUT as INPUT
from cnncalc.spec.names import layer_names as layer_names

# Far more than any real network; past this a repeat inside a repeat is a typo or an attack.
# Both are counted before anything is expanded, layers dropped by 'when: false' included.
MAX_EXPANDED_LAYERS = 100_000
MAX_NESTING = 16
# A value after substitution, in characters (a list or mapping counted as its text): a name is
# at most 200; past this, parameters passed down nested blocks are doubling it.
MAX_VALUE_CHARS = 10_000
# Problems reported one by one; the rest are counted ("… and 9,980 more problems"), so that a
# file of 20,000 mistakes answers at once instead of searching a "did you mean" for each.
MAX_PROBLEMS = 20
# A layer of a block named so takes the copy's own name (``features.1.0``), not ``<copy>.<name>``.
COPY = "."

_WHOLE = re.compile(r"^\$\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}$")
_PART = re.compile(r"\$\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}")
_USE_KEYS = ("block", "name", "repeat", "start", "first", "inputs", "when")
# A copy name that counts up: its text, then its number (``denselayer1``, ``block1-0``).
_NUMBERED = re.compile(r"^([A-Za-z0-9_-]*?)([0-9]+)$")
_BLOCK_KEYS = ("params", "inputs", "layers", "description")

# A reference to an earlier layer: its flat index, -1 for the network's input, or (at the top
# level) a name resolved once every layer has its final name.
Ref = int | str
LineOf = Callable[[Loc], int | None]


class BlockRef(NamedTuple):
    """One enclosing block of a layer: ``layer1`` (``basic ×2``), then ``layer1.0`` (``basic``)."""

    name: str
    label: str


class Expansion(NamedTuple):
    """The flat layers, and for each where it was written and which blocks enclose it."""

    layers: list[dict[str, Any]]
    origins: list[Loc]
    paths: list[tuple[BlockRef, ...]]


class _Item(NamedTuple):
    raw: Any  # a layer mapping, or whatever else was written (left for the layer model to report)
    origin: Loc
    path: tuple[BlockRef, ...]
    refs: list[Ref] | None  # None: the previous layer


class _Scope(NamedTuple):
    """A block instance (or the network) being expanded."""

    prefix: str  # "" at the top level, "layer1.0" inside a block
    block: str | None  # the block's name, None at the top level
    env: dict[str, Any]
    names: dict[str, Ref]  # local name → reference
    path: tuple[BlockRef, ...]
    stack: tuple[str, ...]
    counters: dict[str, int]  # a name's uses so far in this scope (given, never shared)


class _Use(NamedTuple):
    """One use of a block (``{block: basic, filters: 64, first: {stride: 2}}``), read so far."""

    block_name: str
    definition: Any
    values: dict[str, Any]  # the parameters it gives (repeat, first and name taken out)
    first: dict[str, Any]  # the parameters for its first copy only
    refs: list[Ref]  # its inputs
    loc: Loc


class _Expander:
    def __init__(self, data: dict[str, Any], file: str, line_of: LineOf) -> None:
        self.file = file
        self.line_of = line_of
        self.problems: list[Problem] = []
        self.seen: set[tuple[Loc, str]] = set()
        self.more = 0  # problems past MAX_PROBLEMS, counted
        self.work = 0  # entries expanded, dropped ones included
        self.weights: dict[int, tuple[Any, int]] = {}  # id(list or dict) → (it, its length): weight()
        self.walks: dict[int, tuple[Any, tuple[Any, ...]]] = {}  # id(layer) → (it, its keys): walked()
        self.items: list[_Item] = []
        self.current: tuple[Loc, str | None] = ((), None)  # the layer being expanded, for messages
        self.blocks = self._read_blocks(data.get("blocks"))

    # --- reporting ---------------------------------------------------------------------------

    def problem(self, message: str, loc: Loc, hint: str | Callable[[], str | None] | None = None) -> None:
        """Report a problem; ``hint`` may be a function, called only for the problems shown."""
        # A block used eight times has its mistake reported once.
        key = (loc, message)
        if key in self.seen:
            return
        self.seen.add(key)
        if len(self.problems) >= MAX_PROBLEMS:
            self.more += 1
            return
        self.problems.append(
            Problem(
                message,
                file=self.file,
                line=self.line_of(loc),
                loc=loc,
                hint=hint() if callable(hint) else hint,
                where=self.place(loc),
            )
        )

    def reported(self) -> list[Problem]:
        """The problems shown, and a last line counting the others."""
        return capped(self.problems, self.more, self.file)

    def place(self, loc: Loc) -> str:
        """Where in the file, with the layer's name: ``blocks.basic.layers[2] (layer1.0.conv1), kernel``."""
        item = next(
            (loc[: i + 1] for i in range(1, len(loc)) if isinstance(loc[i], int) and loc[i - 1] == "layers"),
            None,
        )
        if item is None:
            return format_loc(loc)
        at, name = self.current
        rest = format_loc(loc[len(item) :])
        named = f"{format_loc(item)} ({name})" if name is not None and at == item else format_loc(item)
        return f"{named}, {rest}" if rest else named

    # --- block definitions -------------------------------------------------------------------

    def _read_blocks(self, raw: Any) -> dict[str, dict[str, Any]]:
        if raw is None:
            return {}
        if not isinstance(raw, dict):
            self.problem(said("block.not_mapping_blocks"), ("blocks",))
            return {}
        blocks: dict[str, dict[str, Any]] = {}
        for name, definition in raw.items():
            loc: Loc = ("blocks", name)
            if not isinstance(definition, dict):
                self.problem(said("block.not_mapping"), loc)
                continue
            unknown = [key for key in definition if key not in _BLOCK_KEYS]
            for key in unknown:
                self.problem(
                    said("block.unknown_field", field=key), (*loc, key), hint=_did_you_mean(key, _BLOCK_KEYS)
                )
            layers = definition.get("layers")
            if not isinstance(layers, list) or not layers:
                self.problem(
                    said("block.no_layers"),
                    (*loc, "layers") if "layers" in definition else loc,
                )
                continue
            params = definition.get("params", {})
            if params is None:
                params = {}
            if not isinstance(params, dict):
                self.problem(said("block.params_not_mapping"), (*loc, "params"))
                continue
            bad = [key for key in params if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", str(key))]
            for key in bad:
                self.problem(said("block.param_not_word", name=key), (*loc, "params", key))
            reserved = [key for key in params if key in _USE_KEYS or key == "type"]
            for key in reserved:
                self.problem(
                    said("block.param_reserved", name=key),
                    (*loc, "params", key),
                )
            inputs = definition.get("inputs", [INPUT])
            if (
                not isinstance(inputs, list)
                or not inputs
                or not all(isinstance(i, str) and i for i in inputs)
                or len(set(inputs)) != len(inputs)
            ):
                self.problem(said("block.inputs_not_names"), (*loc, "inputs"))
                continue
            if bad or reserved or unknown:
                continue
            blocks[str(name)] = {"params": params, "inputs": inputs, "layers": layers}
        return blocks

    # --- expansion ---------------------------------------------------------------------------

    def expand_list(self, layers: list[Any], base: Loc, scope: _Scope, previous: Ref) -> Ref:
        """Expand ``layers`` in ``scope`` after ``previous``; return the reference to the last output."""
        written = [raw.get("name") if isinstance(raw, dict) else None for raw in layers]
        for position, raw in enumerate(layers):
            loc: Loc = (*base, position)
            if self.work > MAX_EXPANDED_LAYERS:  # check_size() counted this; here it is held
                self.problem(said("block.too_many_layers", max=f"{MAX_EXPANDED_LAYERS:,}"), loc)
                raise _Stop
            if not isinstance(raw, dict):
                # Left for the layer model to report ("must be a mapping").
                self.work += 1
                self.items.append(_Item(raw, loc, scope.path, None))
                previous = len(self.items) - 1
                continue
            written_name = raw.get("name")
            if isinstance(written_name, str):
                full_name = f"{scope.prefix}.{written_name}" if scope.prefix else written_name
                self.current = (loc, full_name)
            else:
                self.current = (loc, None)
            here = self.current
            values = self.substitute(raw, scope, loc)
            if values is None:
                continue
            when = values.pop("when", True)
            if not isinstance(when, bool):
                at = (*loc, "when")
                self.problem(said("error.not_bool", value=repr(when)), at)
                continue
            refs = self.resolve_inputs(values.pop("inputs", None), scope, loc, written, position)
            local = values.get("name")
            is_use = "block" in values
            continues = is_use and "start" in values  # uses numbering one name's copies share it
            output: Ref | None
            if not when:
                # A dropped layer passes its (first) input on, under its own name too.
                self.work += 1
                output = refs[0] if refs else previous
            elif is_use:
                output = self.expand_use(values, loc, scope, refs, previous)
            else:
                output, local = self.add_layer(values, loc, scope, refs, previous)
            if output is None:
                continue
            self.current = here  # the block's layers moved it
            if isinstance(local, str) and not continues:
                self.register(scope, local, output, loc, is_use or not when)
                if not is_use:
                    self.register_parts(values, scope, local, output if not when else None, loc)
            elif isinstance(local, str):
                scope.names[local] = output
            previous = output
        return previous

    def add_layer(
        self, values: dict[str, Any], loc: Loc, scope: _Scope, refs: list[Ref] | None, previous: Ref
    ) -> tuple[Ref, Any]:
        """Append one layer; return its reference and its local name."""
        local = values.get("name")
        if scope.block is not None:
            if not isinstance(local, str):
                local = self.auto_name(values.get("type"), scope)
            # name: . is the copy's own name: a parameter of the block module itself (ConvNeXt's
            # layer_scale is features.1.0's, not one of its children's).
            values["name"] = scope.prefix if local == COPY else f"{scope.prefix}.{local}"
            if refs is None:
                refs = [previous]
        elif refs is None and previous != len(self.items) - 1:
            refs = [previous]  # the previous entry was a block whose last layer was dropped
        self.work += 1
        self.items.append(_Item(values, loc, scope.path, refs))
        return len(self.items) - 1, local

    def register(self, scope: _Scope, local: str, output: Ref, loc: Loc, is_use: bool) -> None:
        # Top-level layers' names are checked with the flat list (validate._duplicate_names).
        if local in scope.names and (scope.block is not None or is_use):
            where = said("part.block", block=scope.block) if scope.block is not None else said("owner.spec")
            self.problem(
                said("block.name_used", name=local, where=where),
                (*loc, "name"),
                said("hint.unique_in_block") if scope.block else said("hint.unique"),
            )
        scope.names[local] = output

    def register_parts(
        self, values: dict[str, Any], scope: _Scope, local: str, dropped_to: Ref | None, loc: Loc
    ) -> None:
        """A split's parts under their local names (``x1``, ``split.0``): each its full name, or,
        when the split is dropped, what it would have split (as its own name then means)."""
        parts = _part_names(values, local)
        if not parts:
            return
        if scope.block is not None and dropped_to is None and isinstance(values.get("outputs"), list):
            values["outputs"] = [f"{scope.prefix}.{part}" for part in parts]
        for part in parts:
            full = f"{scope.prefix}.{part}" if scope.prefix else part
            self.register(scope, part, full if dropped_to is None else dropped_to, loc, False)

    def expand_use(
        self, values: dict[str, Any], loc: Loc, scope: _Scope, refs: list[Ref] | None, previous: Ref
    ) -> Ref | None:
        """A block use (``{block: basic, filters: 64, repeat: 2}``) → its layers, expanded in
        place; its output, or None when a problem was reported."""
        found = self.used_block(values, loc, scope)
        if found is None:
            return None
        block_name, definition = found
        use = self.use_options(values, loc)
        if use is None:
            return None
        first, name, copies = use
        if not isinstance(name, str):
            name = self.auto_name_block(block_name, scope)
        refs = refs if refs is not None else [previous]
        use_of = _Use(block_name, definition, values, first, refs, loc)
        if not self.use_fits(use_of):
            return None
        full = f"{scope.prefix}.{name}" if scope.prefix else name
        return self.expand_copies(use_of, copies, full, scope)

    def used_block(self, values: dict[str, Any], loc: Loc, scope: _Scope) -> tuple[str, Any] | None:
        """The block a use names and its definition, when it may be used here."""
        if "type" in values:
            self.problem(said("block.type_and_block"), (*loc, "block"), said("hint.remove_one"))
            return None
        block_name = values.pop("block")
        definition = self.blocks.get(block_name) if isinstance(block_name, str) else None
        if definition is None:
            known = sorted(self.blocks)
            self.problem(
                said("block.unknown", block=repr(block_name)),
                (*loc, "block"),
                lambda: (
                    _did_you_mean(str(block_name), known)
                    or (
                        said("hint.defined_blocks", blocks=", ".join(known))
                        if known
                        else said("hint.define_block")
                    )
                ),
            )
            return None
        if block_name in scope.stack:
            chain = " → ".join((*scope.stack, block_name))
            self.problem(said("block.uses_itself", block=block_name, chain=chain), (*loc, "block"))
            return None
        if len(scope.stack) >= MAX_NESTING:
            self.problem(said("block.too_deep", max=MAX_NESTING), (*loc, "block"))
            return None
        return block_name, definition

    def use_options(
        self, values: dict[str, Any], loc: Loc
    ) -> tuple[dict[str, Any], Any, list[str] | None] | None:
        """A use's ``first``, ``name`` and its copies' names (from ``repeat`` and ``start``; None
        without ``repeat``), taken out of ``values`` (its parameters)."""
        repeat = values.pop("repeat", None)
        if repeat is not None and (not isinstance(repeat, int) or isinstance(repeat, bool) or repeat < 1):
            self.problem(said("error.not_positive", value=repr(repeat)), (*loc, "repeat"))
            return None
        start = values.pop("start", None)
        if start is not None and repeat is None:
            self.problem(said("block.start_needs_repeat"), (*loc, "start"), said("hint.start_needs_repeat"))
            return None
        copies = copy_names(start, repeat) if repeat is not None else None
        if copies is None and repeat is not None:
            bad = said("block.start_not_number", value=repr(start))
            self.problem(bad, (*loc, "start"), said("hint.start"))
            return None
        first = values.pop("first", None) or {}
        if not isinstance(first, dict):
            self.problem(said("block.first_not_mapping"), (*loc, "first"))
            return None
        return first, values.pop("name", None), copies

    def use_fits(self, use: _Use) -> bool:
        """Whether a use gives only the block's parameters and as many inputs as it takes."""
        params: dict[str, Any] = use.definition["params"]
        ok = True
        for key in (*use.values, *use.first):
            if key not in params:
                ok = False
                field_loc = (*use.loc, "first", key) if key in use.first else (*use.loc, key)
                self.problem(
                    said("block.no_param", block=use.block_name, name=key),
                    field_loc,
                    functools.partial(_params_hint, key, list(params)),
                )
        block_inputs: list[str] = use.definition["inputs"]
        if len(use.refs) != len(block_inputs):
            ok = False
            self.problem(
                said(
                    "block.inputs_count",
                    block=use.block_name,
                    count=len(block_inputs),
                    names=", ".join(block_inputs),
                    got=len(use.refs),
                ),
                (*use.loc, "inputs"),
            )
        return ok

    def expand_copies(self, use: _Use, copies: list[str] | None, full: str, scope: _Scope) -> Ref | None:
        """Each copy of a used block (one per name in ``copies``, or one unnumbered copy when
        None), each reading the one before."""
        params: dict[str, Any] = use.definition["params"]
        block_inputs: list[str] = use.definition["inputs"]
        path = scope.path
        if copies is not None:
            label = f"{use.block_name} ×{len(copies)}"
            if copies[0].isdigit() and copies[0] != "0":  # uses continuing one name's numbering: a row each
                label += f", {copies[0]}…{copies[-1]}" if len(copies) > 1 else f", {copies[0]}"
            path = (*path, BlockRef(full, label))
        output: Ref = use.refs[0]
        for copy, copy_name in enumerate(copies or [""]):
            env = {**params, **use.values, **(use.first if copy == 0 else {})}
            missing = [key for key, value in env.items() if value is None]
            if missing:
                self.problem(
                    said(
                        "block.needs_params",
                        block=use.block_name,
                        plural="s" if len(missing) > 1 else "",
                        names=", ".join(repr(m) for m in missing),
                    ),
                    use.loc,
                    said("hint.example", example=f"{{block: {use.block_name}, {missing[0]}: ...}}"),
                )
                return None
            prefix = f"{full}.{copy_name}" if copies is not None else full
            inner = _Scope(
                prefix=prefix,
                block=use.block_name,
                env=env,
                names=dict(zip(block_inputs, [output, *use.refs[1:]] if copy else use.refs, strict=True)),
                path=(*path, BlockRef(prefix, use.block_name)),
                stack=(*scope.stack, use.block_name),
                counters={},
            )
            first_input = inner.names[block_inputs[0]]
            output = self.expand_list(
                use.definition["layers"], ("blocks", use.block_name, "layers"), inner, first_input
            )
        return output

    def resolve_inputs(
        self, raw: Any, scope: _Scope, loc: Loc, written: list[Any], position: int
    ) -> list[Ref] | None:
        if raw is None:
            return None
        if not isinstance(raw, list) or not raw or not all(isinstance(n, str) and n for n in raw):
            self.problem(
                said("block.inputs_not_list"),
                (*loc, "inputs"),
                said("hint.example", example="[conv1, input]"),
            )
            return None
        refs: list[Ref] = []
        for name in raw:
            if name in scope.names:
                refs.append(scope.names[name])
                continue
            if scope.block is None:
                refs.append(name)  # an automatic name, or a mistake: checked once all names are final
                continue
            known = list(scope.names)
            hint = functools.partial(_names_hint, name, known, scope.block)
            message = (
                said("block.input_later", name=name, block=scope.block)
                if name in written[position + 1 :]
                else said("block.unknown_name", name=name, block=scope.block)
            )
            self.problem(message, (*loc, "inputs"), hint)
        return refs if len(refs) == len(raw) else None

    def substitute(self, raw: dict[str, Any], scope: _Scope, loc: Loc) -> dict[str, Any] | None:
        """``raw`` with its ``${…}`` replaced, as a new mapping; None when a problem was reported."""
        result = dict(raw)
        walked = self.walked(raw)
        if not walked:
            return result  # most layers: nothing to substitute
        before = (len(self.problems), self.more)

        def lookup(name: str, at: Loc) -> Any:
            if name in scope.env:
                return scope.env[name]
            if scope.block is None:
                self.problem(
                    said("block.param_outside", ref=f"'${{{name}}}'"),
                    at,
                    said("hint.param_outside"),
                )
            else:
                self.problem(
                    said("block.unknown_param", name=name, block=scope.block),
                    at,
                    functools.partial(_params_hint, name, list(scope.env), said("hint.block_no_params")),
                )
            return _UNKNOWN

        def too_long(length: int, at: Loc) -> None:
            count, limit = _count_text(length), f"{MAX_VALUE_CHARS:,}"
            self.problem(
                said("block.value_too_long_in", count=count, block=scope.block, max=limit)
                if scope.block
                else said("block.value_too_long", count=count, max=limit),
                at,
                said("hint.value_grows"),
            )

        for key in walked:
            result[key] = self.value_of(raw[key], (*loc, key), lookup, too_long)
        return result if (len(self.problems), self.more) == before else None

    def walked(self, raw: dict[str, Any]) -> tuple[Any, ...]:
        """The keys of ``raw`` whose values hold a ``${…}`` (value_of gives back any other value as
        it is), found once for each mapping: a block's layer is substituted for every copy."""
        known = self.walks.get(id(raw))
        if known is None or known[0] is not raw:
            keys = tuple(key for key, value in raw.items() if _has_param(value))
            known = self.walks[id(raw)] = (raw, keys)  # the layer is kept, so its id is not reused
        return known[1]

    def value_of(
        self, value: Any, at: Loc, lookup: Callable[[str, Loc], Any], too_long: Callable[[int, Loc], None]
    ) -> Any:
        """``value`` with its ``${…}`` replaced, its size counted before it is built:
        ``_UNKNOWN`` when a name is unknown or the result would pass MAX_VALUE_CHARS."""
        if isinstance(value, str):
            if "${" not in value:
                return value
            whole = _WHOLE.match(value)
            if whole:
                return lookup(whole[1], at)
            matches = list(_PART.finditer(value))
            found = [lookup(match[1], at) for match in matches]
            if any(item is _UNKNOWN for item in found):
                return _UNKNOWN
            length = len(value) - sum(len(m[0]) for m in matches) + sum(self.weight(v) for v in found)
            if length > MAX_VALUE_CHARS:
                too_long(length, at)
                return _UNKNOWN
            parts = iter(found)
            return _PART.sub(lambda _: str(next(parts)), value)
        built: list[Any] | dict[Any, Any]
        if isinstance(value, list):
            built = [self.value_of(item, (*at, i), lookup, too_long) for i, item in enumerate(value)]
            items: Any = built
        elif isinstance(value, dict):
            built = {key: self.value_of(item, (*at, key), lookup, too_long) for key, item in value.items()}
            items = built.values()
        else:
            return value
        if any(item is _UNKNOWN for item in items):
            return _UNKNOWN
        originals = value.values() if isinstance(value, dict) else value
        if all(new is old for new, old in zip(items, originals, strict=True)):
            return value  # nothing substituted: as written, and the file's size bounds it
        length = self.weight(built)
        if length > MAX_VALUE_CHARS:
            too_long(length, at)
            return _UNKNOWN
        return built

    def weight(self, value: Any) -> int:
        """About ``len(str(value))``, computed without building it: a list holding the same
        parameter ten times, nested nine deep, is 10⁹ characters as text but ten references."""
        if isinstance(value, str):
            return len(value)
        if not isinstance(value, (list, dict)):
            return len(str(value))  # an integer has at most loader.MAX_DIGITS digits
        known = self.weights.get(id(value))
        if known is not None and known[0] is value:
            return known[1]
        if isinstance(value, dict):
            total = sum(len(str(key)) + self.weight(item) + 4 for key, item in value.items())
        else:
            total = sum(self.weight(item) + 2 for item in value)
        total = min(total + 2, _HUGE)
        self.weights[id(value)] = (value, total)  # the value is kept, so its id is not reused
        return total

    # --- the size of an expansion, before it happens -------------------------------------------

    def check_size(self, layers: list[Any]) -> None:
        """Refuse, before expanding, a spec whose blocks expand past MAX_EXPANDED_LAYERS."""
        bound = self.bound(layers, (), {})
        if bound is not None and bound <= MAX_EXPANDED_LAYERS:
            return  # size_of's count, for any parameters, is at most this: nothing to refuse
        total = 0
        memo: dict[Any, int] = {}
        for position, raw in enumerate(layers):
            count = self.size_of([raw], {}, (), memo)
            total = min(total + count, _HUGE)
            if total > MAX_EXPANDED_LAYERS:
                block = raw.get("block") if isinstance(raw, dict) else None
                hint = (
                    said("hint.block_gives", block=repr(block), count=_count_text(count))
                    if count > 1
                    else None
                )
                self.problem(
                    said("block.expands_to", count=_count_text(total), max=f"{MAX_EXPANDED_LAYERS:,}"),
                    ("layers", position, "block") if block is not None else ("layers", position),
                    hint,
                )
                raise _Stop

    def size_of(
        self, layers: list[Any], env: dict[str, Any], stack: tuple[str, ...], memo: dict[Any, int]
    ) -> int:
        """How many layers expanding ``layers`` with ``env`` goes through, those dropped by
        ``when: false`` included, by arithmetic: a use of a block repeated N times is N times the
        block's count (computed once more for ``first``)."""

        def quiet(name: str, at: Loc) -> Any:
            return env.get(name, _UNKNOWN)

        def ignore(length: int, at: Loc) -> None:
            pass  # the expansion reports it, and expands nothing there

        total = 0
        for raw in layers:
            total += 1  # a layer, kept or dropped, or a use that expands nothing
            if not isinstance(raw, dict) or "block" not in raw:
                continue
            values = self.value_of(raw, (), quiet, ignore)
            # A use that the expansion refuses expands nothing: it counts once.
            if values is _UNKNOWN or values.get("when", True) is False or "type" in values:
                continue
            block = values.get("block")
            definition = self.blocks.get(block) if isinstance(block, str) else None
            repeat = values.get("repeat", 1)
            first = values.get("first") or {}
            if (
                definition is None
                or block in stack
                or len(stack) >= MAX_NESTING
                or not isinstance(repeat, int)
                or isinstance(repeat, bool)
                or repeat < 1
                or not isinstance(first, dict)
            ):
                continue
            rest = {**definition["params"], **{k: v for k, v in values.items() if k not in _USE_KEYS}}
            head = {**rest, **first}
            if any(value is None for value in head.values()) or any(v is None for v in rest.values()):
                continue
            inner = (*stack, str(block))
            total -= 1  # the use itself is no layer: its block's layers are
            total += self.block_size(str(block), head, inner, memo)
            if repeat > 1:
                total += (repeat - 1) * self.block_size(str(block), rest, inner, memo)
            total = min(total, _HUGE)
        return total

    def bound(self, layers: list[Any], stack: tuple[str, ...], memo: dict[str, int | None]) -> int | None:
        """At least what :meth:`size_of` counts for ``layers`` whatever the parameters, without
        substituting any (a use counts its ``repeat`` times its block's bound, where size_of
        counts at most that); None when a use's block or repeat is a ``${…}``, a block uses
        itself or uses nest past MAX_NESTING: only size_of can count those."""
        total = 0
        for raw in layers:
            block = raw.get("block") if isinstance(raw, dict) else None
            if block is None:
                total += 1
                continue
            repeat = raw.get("repeat", 1)
            if _has_param(block) or _has_param(repeat) or block in stack or len(stack) >= MAX_NESTING:
                return None
            definition = self.blocks.get(block) if isinstance(block, str) else None
            if definition is None or not isinstance(repeat, int) or isinstance(repeat, bool) or repeat < 1:
                total += 1  # a use size_of counts once (the expansion refuses it)
                continue
            if block not in memo:
                memo[block] = self.bound(definition["layers"], (*stack, block), memo)
            inner = memo[block]
            if inner is None:
                return None
            total = min(total + repeat * inner, _HUGE)
        return total

    def block_size(
        self, block: str, env: dict[str, Any], stack: tuple[str, ...], memo: dict[Any, int]
    ) -> int:
        key = (block, stack, tuple((name, repr(value)) for name, value in sorted(env.items())))
        if key not in memo:
            memo[key] = self.size_of(self.blocks[block]["layers"], env, stack, memo)
        return memo[key]

    def auto_name(self, raw_type: Any, scope: _Scope) -> str:
        resolved = _resolve_type(raw_type) if isinstance(raw_type, str) else None
        kind = resolved[1] if resolved else str(raw_type)
        scope.counters[kind] = scope.counters.get(kind, 0) + 1
        name = f"{kind}_{scope.counters[kind]}"
        while name in scope.names:
            scope.counters[kind] += 1
            name = f"{kind}_{scope.counters[kind]}"
        return name

    def auto_name_block(self, block: str, scope: _Scope) -> str:
        key = f"block:{block}"
        scope.counters[key] = scope.counters.get(key, 0) + 1
        return f"{block}_{scope.counters[key]}"


# Counts are saturated here: no bound needs more, and 10**4300 cannot be printed.
_HUGE = 10**18


def _count_text(count: int) -> str:
    return f"{count:,}" if count < _HUGE else said("part.more_than", count=f"{_HUGE:,}")


class _Unknown:
    """A substitution that failed (an unknown name, a value too long)."""


_UNKNOWN: Any = _Unknown()


class _Stop(Exception):
    """Expansion cannot go on (too many layers)."""


_resolve_type = functools.lru_cache(maxsize=256)(resolve_type)


def _params_hint(name: str, known: list[str], none: str | None = None) -> str:
    if known:
        return _did_you_mean(name, known) or said("hint.its_params", names=", ".join(known))
    return none or said("hint.no_params")


def _names_hint(name: str, known: list[str], block: str | None) -> str:
    return _did_you_mean(name, known) or said("hint.names_so_far", block=block, names=", ".join(known))


def capped(problems: list[Problem], more: int, file: str | None) -> list[Problem]:
    """``problems``, and a last line counting the ``more`` that were not reported one by one."""
    if not more:
        return problems
    more_line = said("error.more_problems", count=f"{more:,}", plural="s" if more > 1 else "")
    return [*problems, Problem(more_line, file=file)]


def _did_you_mean(name: str, known: Any) -> str | None:
    best = difflib.get_close_matches(name, [str(k) for k in known], n=1, cutoff=0.6)
    return said("hint.did_you_mean", suggestion=best[0]) if best else None


def copy_names(start: Any, repeat: int) -> list[str] | None:
    """The names of a repeat's copies: ``0``, ``1``, … by default; from ``start``, an integer or a
    word ending in one (torchvision's ``denselayer1``, ``block1-0``); None for any other start.

    >>> copy_names(None, 2), copy_names(2, 3), copy_names("denselayer1", 2), copy_names("block1-0", 2)
    (['0', '1'], ['2', '3', '4'], ['denselayer1', 'denselayer2'], ['block1-0', 'block1-1'])
    """
    if start is None:
        start = 0
    if isinstance(start, int) and not isinstance(start, bool) and start >= 0:
        return [str(start + copy) for copy in range(repeat)]
    found = _NUMBERED.match(start) if isinstance(start, str) else None
    if found is None:
        return None
    text, number = found[1], int(found[2])
    return [f"{text}{number + copy}" for copy in range(repeat)]


def _raw_names(raws: list[Any]) -> list[str]:
    entries: list[tuple[str | None, str]] = []
    for raw in raws:
        if not isinstance(raw, dict):
            entries.append((None, "layer"))
            continue
        name = raw.get("name")
        raw_type = raw.get("type")
        resolved = _resolve_type(raw_type) if isinstance(raw_type, str) else None
        entries.append((name if isinstance(name, str) else None, resolved[1] if resolved else "layer"))
    return layer_names(entries)


def expand(data: dict[str, Any], file: str, line_of: LineOf) -> Expansion:
    """Expand a spec's blocks and wire its ``inputs``; every problem at once as a SpecError."""
    layers = data.get("layers")
    if not isinstance(layers, list) or not (layers or data.get("blocks")):
        # Nothing to expand: the model reports a missing or malformed 'layers'.
        return Expansion(layers if isinstance(layers, list) else [], [], [])
    if "blocks" not in data and all(_plain(raw) for raw in layers):
        return Expansion(layers, [], [])  # a chain with nothing to expand or wire: the common case
    wired = _wired(layers) if "blocks" not in data else None
    if wired is not None:
        return wired
    expander = _Expander(data, file, line_of)
    top = _Scope(prefix="", block=None, env={}, names={INPUT: -1}, path=(), stack=(), counters={})
    with contextlib.suppress(_Stop):
        expander.check_size(layers)
        if not expander.problems:
            expander.expand_list(layers, ("layers",), top, -1)
    if expander.problems:
        raise SpecError(expander.reported())
    items = expander.items
    raws = [item.raw for item in items]
    names = _raw_names(raws)
    index_of: dict[str, int] = {}
    problems: list[Problem] = []
    more = 0
    for index, item in enumerate(items):
        if item.refs is not None:
            resolved: list[str] = []
            for ref in item.refs:
                if isinstance(ref, int):
                    resolved.append(names[ref] if ref >= 0 else INPUT)
                elif ref == INPUT or ref in index_of:
                    resolved.append(ref)
                elif len(problems) >= MAX_PROBLEMS:
                    more += 1
                else:
                    problems.append(_unknown_top_name(ref, index, item, names, index_of, file, line_of))
            if isinstance(item.raw, dict):
                item.raw["inputs"] = resolved
        if names[index] not in index_of:
            index_of[names[index]] = index
        for part in _part_names(item.raw, names[index]):
            index_of.setdefault(part, index)
    if problems:
        raise SpecError(capped(problems, more, file))
    flat = [item.raw for item in items]
    return Expansion(flat, [item.origin for item in items], [item.path for item in items])


def _part_names(raw: Any, name: str) -> list[str]:
    """The names a split layer's parts are known by (``cnncalc.kinds.split.part_names``); none
    for any other layer."""
    if not isinstance(raw, dict) or not isinstance(raw.get("type"), str):
        return []
    resolved = _resolve_type(raw["type"])
    if not resolved or resolved[0] != "split":
        return []
    names: list[str] = kinds.module("split").part_names(raw, name)
    return names


def _plain(raw: Any) -> bool:
    """A layer with no block, no wiring and no ``${…}`` among its values (the costly walk is skipped)."""
    if not isinstance(raw, dict):
        return True
    if "block" in raw or "inputs" in raw or "when" in raw:
        return False
    for value in raw.values():  # noqa: SIM110  (a loop: any() over a generator runs a frame per layer)
        if isinstance(value, str) and "${" in value:
            return False
    return True


def _unknown_top_name(
    name: str,
    index: int,
    item: _Item,
    names: list[str],
    index_of: dict[str, int],
    file: str,
    line_of: LineOf,
) -> Problem:
    loc: Loc = (*item.origin, "inputs")
    if name in names[index:]:
        later = names.index(name, index)
        message = f"'{name}' is layer {later + 1}, not before this one; inputs must be earlier layers"
        hint = "move the layer, or name an earlier one"
    else:
        message = f"unknown layer name '{name}' in inputs"
        hint = _did_you_mean(name, [INPUT, *index_of]) or "the network's input is called 'input'"
    return Problem(
        message,
        file=file,
        line=line_of(loc),
        loc=("layers", index, "inputs"),
        layer_name=names[index],
        hint=hint,
    )


def _wired(layers: list[Any]) -> Expansion | None:
    """A graph written out without blocks (each ``inputs`` naming the input or earlier layers):
    what the expander gives, without its walk of every value. None when a layer needs the walk
    (a ``${…}``, a ``when``, a block, inputs that are not earlier layers' names: its problems)."""
    if len(layers) > MAX_EXPANDED_LAYERS:
        return None
    earlier = {INPUT}
    flat: list[dict[str, Any]] = []
    for raw, name in zip(layers, _raw_names(layers), strict=True):
        if not isinstance(raw, dict) or "block" in raw or "when" in raw or _has_param(raw):
            return None
        values = dict(raw)
        if "inputs" in raw:  # the expander's resolved list, put last as it puts it
            inputs = values.pop("inputs")
            if not isinstance(inputs, list) or not inputs:
                return None
            for source in inputs:  # a loop: any() would run a generator's frame per layer
                if not (isinstance(source, str) and source and source in earlier):
                    return None
            values["inputs"] = list(inputs)
        flat.append(values)
        earlier.add(name)
    return Expansion(flat, [("layers", index) for index in range(len(flat))], [()] * len(flat))


def _has_param(value: Any) -> bool:
    """A ``${…}`` anywhere in ``value`` (outside blocks, the expander reports it)."""
    kind = type(value)
    if kind is str:
        return "${" in value
    if kind is dict:
        items = value.values()
    elif kind is list:
        items = value
    else:  # a number, None; or a subclass of str, dict or list
        return _has_param_in(value)
    for item in items:  # a loop, not any(): a generator's frame per value of every layer
        kind = type(item)
        if kind is str:
            if "${" in item:
                return True
        elif kind is not int and kind is not float and item is not None and _has_param(item):
            return True
    return False


def _has_param_in(value: Any) -> bool:
    if isinstance(value, str):
        return "${" in value
    if isinstance(value, dict):
        return any(_has_param(item) for item in value.values())
    if isinstance(value, list):
        return any(_has_param(item) for item in value)
    return False
