"""The file of ``cnncalc apply``: small matrices to convolve or pool by hand, as the slides do.

```yaml
input: [[0, 80, 40], [20, 40, 0], [0, 0, 40]]   # a matrix, or a list of matrices (channels)
kernel: [[0, 0.25], [0.5, 1]]                    # a matrix, or one matrix per input channel
expect: [[70, 30], [10, 40]]                     # optional: the answer worked by hand
```

Numbers are kept as :class:`~decimal.Decimal` made from their shortest written form, so that
``0.06 · 1 + 0.25 · 1 + …`` adds up to exactly ``0.56`` as on the slide, not ``0.5600000000000001``.
"""

from __future__ import annotations

import math
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal, TypeGuard

from pydantic import BaseModel, ConfigDict, Field, PlainValidator, ValidationError
from pydantic_core import PydanticCustomError

from cnncalc.errors import Loc, Problem, Said, SpecError, said
from cnncalc.spec.aliases import FIELD_ALIASES, suggest_field
from cnncalc.spec.loader import Document, read_document
from cnncalc.spec.validate import map_errors, unmapped_message

Matrix = tuple[tuple[Decimal, ...], ...]
Tensor = tuple[Matrix, ...]  # channels of matrices

# A hand exercise is small (a 7×7 slide, a 28×28 digit); past this it is a typo or a real image,
# which is not what apply is for. The bound keeps a run near a second: loading, the products
# (engine.feature_map.MAX_PRODUCTS) and printing every output cell all grow with it.
MAX_CELLS = 100_000
# Integers are exact at any length, but the digits of a product add up (and past 4,300 digits
# Python refuses to print an int): 100 digits is far past any exercise.
MAX_DIGITS = 100


def _number(value: object) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, int) and not -(10**MAX_DIGITS) < value < 10**MAX_DIGITS:
        # The loaders refuse integers past Python's 4,300-digit limit, so str() can count these.
        digits = len(str(abs(value)))
        raise _refused("matrix", said("apply.digits", n=MAX_DIGITS, got=f"{digits:,}"))
    return Decimal(str(value))


def _refused(kind: str, message: Said) -> PydanticCustomError:
    """pydantic's error of ``kind``, its text ``message`` kept whole in ``ctx`` (for its Korean)."""
    return PydanticCustomError(kind, message, {"said": message})


def _depth(value: object) -> int:
    depth = 0
    while isinstance(value, list) and value:
        value = value[0]
        depth += 1
    return depth


def _matrix(rows: object, what: str) -> Matrix:
    if not isinstance(rows, list) or not rows:
        raise _refused("matrix", said("apply.not_rows", what=what))
    out: list[tuple[Decimal, ...]] = []
    for r, row in enumerate(rows, start=1):
        if not isinstance(row, list) or not row:
            raise _refused("matrix", said("apply.row_not_list", what=what, r=r))
        cells = []
        for c, cell in enumerate(row, start=1):
            try:
                number = _number(cell)
            except PydanticCustomError as exc:
                problem = (exc.context or {}).get("said", exc.message())
                raise _refused(
                    "matrix", said("apply.cell_problem", what=what, r=r, c=c, problem=problem)
                ) from None
            if number is None:
                raise _refused("matrix", said("apply.cell_not_number", what=what, r=r, c=c, got=repr(cell)))
            cells.append(number)
        if len(cells) != len(out[0] if out else cells):
            raise _refused("matrix", said("apply.ragged", what=what, r=r, n=len(cells), m=len(out[0])))
        out.append(tuple(cells))
    return tuple(out)


def _tensor(value: object) -> Tensor:
    """A matrix (one channel) or a list of matrices (channels) → a tuple of channels."""
    depth = _depth(value)
    if depth == 2:
        channels: Tensor = (_matrix(value, said("apply.what_matrix")),)
    elif depth == 3 and isinstance(value, list):
        channels = tuple(_matrix(m, said("apply.what_channel", i=i)) for i, m in enumerate(value, start=1))
        shapes = {(len(m), len(m[0])) for m in channels}
        if len(shapes) > 1:
            raise _refused("matrix", said("apply.channel_sizes", shapes=_sizes(shapes)))
    else:
        raise _refused("matrix", said("apply.not_tensor"))
    return channels


def _count(value: object) -> int:
    """The values in nested lists (the loader has bounded their number and depth)."""
    count, pending = 0, [value]
    while pending:
        item = pending.pop()
        if isinstance(item, list):
            pending.extend(item)
        else:
            count += 1
    return count


def _sizes(shapes: set[tuple[int, int]]) -> str:
    return ", ".join(f"{h}×{w}" for h, w in sorted(shapes))


def _kernel(value: object) -> Tensor | tuple[int, int]:
    """A conv kernel (matrix or matrices) or a pool size (an int or ``[height, width]``)."""
    if isinstance(value, int) and not isinstance(value, bool):
        if value < 1:
            raise _refused("matrix", said("apply.pool_size", got=value))
        return (value, value)
    if isinstance(value, list) and _depth(value) == 1:
        if len(value) == 2 and all(isinstance(v, int) and not isinstance(v, bool) and v >= 1 for v in value):
            return (value[0], value[1])
        raise _refused("matrix", said("apply.kernel_form"))
    return _tensor(value)


def _pair(minimum: int) -> PlainValidator:
    def validate(value: object) -> tuple[int, int]:
        if isinstance(value, int) and not isinstance(value, bool) and value >= minimum:
            return (value, value)
        if (
            isinstance(value, list)
            and len(value) == 2
            and all(isinstance(v, int) and not isinstance(v, bool) and v >= minimum for v in value)
        ):
            return (value[0], value[1])
        raise _refused("pair", said("apply.pair", minimum=minimum, got=repr(value)))

    return PlainValidator(validate)


def _numbers(value: object) -> tuple[Decimal, ...]:
    single = _number(value)
    if single is not None:
        return (single,)
    if isinstance(value, list) and value and all(_number(v) is not None for v in value):
        return tuple(Decimal(str(v)) for v in value)
    raise _refused("numbers", said("apply.numbers", got=repr(value)))


TensorField = Annotated[Tensor, PlainValidator(_tensor)]
KernelField = Annotated[Tensor | tuple[int, int], PlainValidator(_kernel)]


class Exercise(BaseModel):
    """One convolution or pooling on small matrices."""

    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)

    name: str | None = None
    description: str | None = None
    op: Literal["conv", "maxpool", "avgpool"] = "conv"
    input: TensorField
    kernel: KernelField | None = None
    kernels: Annotated[list[KernelField], Field(min_length=1)] | None = None
    stride: Annotated[tuple[int, int] | None, _pair(1)] = None
    padding: Annotated[tuple[int, int], _pair(0)] = (0, 0)
    bias: Annotated[tuple[Decimal, ...], PlainValidator(_numbers)] = (Decimal(0),)
    expect: TensorField | None = None


def load_exercise(path: str | Path) -> tuple[Exercise, Document]:
    """Read and validate an ``apply`` file; every problem is a :class:`SpecError` with its line."""
    document = read_document(path)
    return validate_exercise(document), document


def validate_exercise(document: Document) -> Exercise:
    """An ``apply`` file's data → an :class:`Exercise`; every problem a :class:`SpecError`."""
    if not isinstance(document.data, dict):
        raise SpecError.single(
            said("apply.not_mapping"),
            file=document.display_name,
            line=document.line_of(()),
        )
    data = {"op": "conv", **document.data}
    # Counted before any number is converted or any line looked up (both cost seconds for a
    # million numbers), so that a real image is refused at once.
    for key in ("input", "kernel", "kernels", "expect"):
        if _count(data.get(key)) > MAX_CELLS:
            raise SpecError.single(
                said("apply.too_many", max=f"{MAX_CELLS:,}"),
                file=document.display_name,
                loc=(key,),
                hint=said("hint.apply_too_many"),
            )
    if isinstance(data["op"], str):
        data["op"] = data["op"].lower()
    try:
        exercise = Exercise.model_validate(data)
    except ValidationError as exc:
        raise SpecError(_problems(exc, document)) from None
    problems = [
        Problem(message, file=document.display_name, line=document.line_of(loc), loc=loc)
        for loc, message in _consistency(exercise)
    ]
    if problems:
        raise SpecError(problems)
    return exercise


def filters_of(exercise: Exercise) -> list[Tensor]:
    """The conv filters, each with one matrix per input channel (validated by :func:`load_exercise`)."""
    kernels = exercise.kernels if exercise.kernels is not None else [exercise.kernel]
    return [k for k in kernels if _is_tensor(k)]


def pool_size(exercise: Exercise) -> tuple[int, int]:
    kernel = exercise.kernel
    return kernel if _is_size(kernel) else (2, 2)


def _is_size(kernel: object) -> TypeGuard[tuple[int, int]]:
    return isinstance(kernel, tuple) and len(kernel) == 2 and all(isinstance(v, int) for v in kernel)


def _is_tensor(kernel: object) -> TypeGuard[Tensor]:
    return isinstance(kernel, tuple) and bool(kernel) and not _is_size(kernel)


def _consistency(exercise: Exercise) -> list[tuple[Loc, str]]:
    """What the types alone cannot say: kernels that match the input's channels, one bias per filter."""
    problems: list[tuple[Loc, str]] = []
    if exercise.kernel is not None and exercise.kernels is not None:
        problems.append((("kernels",), said("apply.kernel_and_kernels")))
    if exercise.op == "conv":
        return problems + _conv_consistency(exercise)
    return problems + _pool_consistency(exercise)


def _conv_consistency(exercise: Exercise) -> list[tuple[Loc, str]]:
    """A convolution's filters: one matrix per input channel, one size, one bias each."""
    problems: list[tuple[Loc, str]] = []
    channels = len(exercise.input)
    if exercise.kernel is None and exercise.kernels is None:
        return [((), said("apply.conv_needs_kernel"))]
    listed = exercise.kernels if exercise.kernels is not None else [exercise.kernel]
    field = "kernels" if exercise.kernels is not None else "kernel"
    shapes = set()
    for i, kernel in enumerate(listed):
        loc: Loc = (field, i) if field == "kernels" else (field,)
        if not _is_tensor(kernel):
            problems.append((loc, said("apply.kernel_is_size")))
            continue
        matrices = kernel
        if len(matrices) != channels:
            problems.append(
                (
                    loc,
                    said(
                        "apply.kernel_channels",
                        channels=channels,
                        plural="s" if channels > 1 else "",
                        matrices=len(matrices),
                        plural_es="es" if len(matrices) > 1 else "",
                    ),
                )
            )
        shapes.add((len(matrices[0]), len(matrices[0][0])))
        for matrix in matrices:
            if (len(matrix), len(matrix[0])) != (len(matrices[0]), len(matrices[0][0])):
                problems.append((loc, said("apply.kernel_channel_sizes")))
                break
    if len(shapes) > 1:
        problems.append(((field,), said("apply.filter_sizes", sizes=_sizes(shapes))))
    filters = len(listed)
    if len(exercise.bias) not in (1, filters):
        problems.append((("bias",), said("apply.bias_count", filters=filters, count=len(exercise.bias))))
    return problems


def _pool_consistency(exercise: Exercise) -> list[tuple[Loc, str]]:
    """A pool's one window, its size, no bias, and padding no more than half the window."""
    problems: list[tuple[Loc, str]] = []
    if exercise.kernels is not None:
        problems.append((("kernels",), said("apply.pool_one_window", op=exercise.op)))
    elif exercise.kernel is not None and not _is_size(exercise.kernel):
        problems.append(
            (
                ("kernel",),
                said("apply.pool_kernel_matrix", op=exercise.op),
            )
        )
    if exercise.bias != (Decimal(0),):
        problems.append((("bias",), said("apply.pool_bias")))
    # Past ⌊F/2⌋ a window can lie wholly in the padding (a max of −∞); PyTorch refuses it too.
    window = pool_size(exercise)
    if any(p > k // 2 for p, k in zip(exercise.padding, window, strict=True)):
        problems.append(
            (
                ("padding",),
                said("apply.pool_padding", padding=_pair_text(exercise.padding), window=_pair_text(window)),
            )
        )
    return problems


def _pair_text(pair: tuple[int, int]) -> str:
    return str(pair[0]) if pair[0] == pair[1] else f"{pair[0]}×{pair[1]}"


# What the lecture notes (and frameworks) call an exercise's fields: the notes' 필터 is the kernel.
_FIELD_SYNONYMS = {
    "filter": "kernel",
    "filters": "kernels",
    "weight": "kernel",
    "weights": "kernel",
    "image": "input",
    "x": "input",
    "pad": "padding",
    "strides": "stride",
    "answer": "expect",
    "expected": "expect",
    "output": "expect",
    "operation": "op",
    "type": "op",
}


def _field_hint(field: object) -> str:
    """``filter`` → did you mean 'kernel'? (a synonym, or the spec's fuzzy match of a field or
    its alias, said as the field), else the known fields."""
    known = list(Exercise.model_fields)
    raw = str(field).lower()
    suggestion = _FIELD_SYNONYMS.get(raw) or suggest_field(raw, known)
    if suggestion:
        # suggest_field may answer a spec alias (kernel_size); an exercise knows only the field.
        fields = [name for name in known if suggestion in FIELD_ALIASES.get(name, ())]
        return said("hint.did_you_mean", suggestion=fields[0] if fields else suggestion)
    return said("hint.known_fields", fields=", ".join(known))


def _problems(exc: ValidationError, document: Document) -> list[Problem]:
    """An exercise's validation errors, placed on their lines (through the spec's one mapper)."""
    return map_errors(
        exc.errors(include_url=False),
        document.display_name,
        document.line_of,
        _rewrite,
        where=_where,
        cap=None,
    )


def _where(raw: Loc) -> tuple[Loc, str | None]:
    """pydantic puts a validator's name into the loc of a union member; keep the field only."""
    loc = tuple(p for p in raw if isinstance(p, (str, int)))
    return tuple(p for p in loc if not (isinstance(p, str) and p.startswith(("function-", "tuple[")))), None


def _rewrite(error: Any, loc: Loc, kind: str | None) -> tuple[str, str | None]:
    """pydantic's error → (our message, hint), chosen by the error's type."""
    error_type = error["type"]
    if error_type == "extra_forbidden":
        return said("apply.unknown_field", field=loc[-1]), _field_hint(loc[-1])
    if error_type == "missing":
        example = said("hint.example", example="input: [[1, 2], [3, 4]]")
        return said("error.missing"), example if loc == ("input",) else None
    if error_type == "literal_error":
        return said("apply.not_op", got=repr(error.get("input"))), None
    if error_type in ("matrix", "pair", "numbers"):
        return (error.get("ctx") or {}).get("said", error["msg"]), None
    if error_type == "string_type":
        return said("apply.not_text"), None
    return unmapped_message(error), None
