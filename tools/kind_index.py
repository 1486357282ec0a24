"""Write ``cnncalc/kinds/index.py``: what the spec reader needs of every kind before loading one.

    python tools/kind_index.py          # after adding a kind or changing its spellings or aliases

The kind modules stay the one place a kind is written; the index is derived from them, so that a
spec loads only the kind modules it uses. ``tests/test_kinds.py`` fails when the index is stale.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INDEX = ROOT / "cnncalc" / "kinds" / "index.py"

HEADER = '''"""What the spec reader needs of every layer kind before it loads one: the spellings of ``type``
and of fields. Generated from the kind modules by ``python tools/kind_index.py``: edit the kind's
module, never this file (``tests/test_kinds.py`` fails when it is out of date).
"""

from __future__ import annotations
'''


def squash(name: str) -> str:
    """As :func:`cnncalc.spec.aliases.squash`: lower case, without ``_`` and ``-``."""
    return name.lower().replace("_", "").replace("-", "")


def index_text() -> str:
    """The index module's source, from the kind modules as they are now."""
    sys.path.insert(0, str(ROOT))
    from cnncalc import kinds

    lookup: dict[str, tuple[str, str]] = {}
    implied: dict[str, dict[str, object]] = {}
    field_aliases: dict[str, tuple[str, ...]] = {}
    for kind in kinds.KINDS:
        for spelling in kind.spellings:
            squashed = squash(spelling)
            lookup[squashed] = (kind.name, kind.shown_type(squashed) if kind.shown_type else kind.name)
        for spelling, fields in kind.implied_fields.items():
            implied[squash(spelling)] = dict(fields)
        for field, aliases in kind.field_aliases.items():
            field_aliases[field] = tuple(dict.fromkeys((*field_aliases.get(field, ()), *aliases)))
    dimensional = [kind.name for kind in kinds.KINDS if kind.dimensional]
    lines = [HEADER]
    lines.append("# A spelling of ``type``, squashed (lower case, no ``_`` or ``-``) → (kind, type shown).")
    lines.append("LOOKUP: dict[str, tuple[str, str]] = {")
    lines += [f"    {_s(key)}: ({_s(kind)}, {_s(shown)})," for key, (kind, shown) in lookup.items()]
    lines.append("}\n")
    lines.append("# Kinds whose names may carry a dimension suffix (conv2d, MaxPool1d).")
    lines.append("DIMENSIONAL: frozenset[str] = frozenset(")
    lines.append("    {")
    lines += [f"        {_s(name)}," for name in dimensional]
    lines.append("    }")
    lines.append(")\n")
    lines.append("# A spelling that says more than its kind (squashed) → the fields it implies.")
    lines.append("IMPLIED_FIELDS: dict[str, dict[str, object]] = {")
    lines += [f"    {_s(key)}: {_mapping(fields)}," for key, fields in implied.items()]
    lines.append("}\n")
    lines.append("# canonical field → its other names, merged over the kinds in their order.")
    lines.append("FIELD_ALIASES: dict[str, tuple[str, ...]] = {")
    lines += [f"    {_s(field)}: {_tuple(names)}," for field, names in field_aliases.items()]
    lines.append("}")
    return "\n".join(lines) + "\n"


def _s(text: str) -> str:
    return json.dumps(text)


def _mapping(fields: dict[str, object]) -> str:
    """A mapping of implied fields as Python source (``True``, not JSON's ``true``)."""
    items = (
        f"{_s(k)}: {v!r}" if isinstance(v, bool) else f"{_s(k)}: {_s(str(v))}" for k, v in fields.items()
    )
    return "{" + ", ".join(items) + "}"


def _tuple(names: tuple[str, ...]) -> str:
    """A tuple of strings as ruff formats it: ``("a",)``, ``("a", "b")``."""
    return f"({_s(names[0])},)" if len(names) == 1 else f"({', '.join(map(_s, names))})"


def main() -> None:
    INDEX.write_text(index_text(), encoding="utf-8")
    print(f"wrote {INDEX.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
