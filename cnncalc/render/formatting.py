"""Small helpers that turn numbers and shapes into text, shared by every renderer."""

from __future__ import annotations

from fractions import Fraction

from cnncalc.engine.results import Exact, Flag, LayerResult, NetworkResult, Shape
from cnncalc.render.i18n import Lang, flag_text, has, t

# How every rich output marks a stride that does not fit.
FLAGGED_STYLE = "bold yellow"


def per_axis_text(values: tuple[Exact, ...] | None) -> str:
    """One value per spatial axis: ``(11, 11)`` → ``11``; ``(3, 5)`` → ``3×5``; ``1/2`` → ``0.5``."""
    if not values:
        return ""
    texts = [str(v.numerator) if v.denominator == 1 else f"{float(v):g}" for v in values]
    return texts[0] if len(set(texts)) == 1 else "×".join(texts)


def number_value(value: Exact) -> int | float:
    """A fraction as JSON: an int when whole."""
    return value.numerator if value.denominator == 1 else float(value)


def shape_text(shape: Shape, channels_last: bool = False) -> str:
    """``(6, 28, 28)`` → ``6×28×28``; channels last (Keras' ``model.summary()``) → ``28×28×6``."""
    if channels_last and len(shape) > 1:
        shape = (*shape[1:], shape[0])
    return "×".join(str(size) for size in shape)


def layout_text(result: NetworkResult, lang: Lang = Lang.en, key: str = "layout_read") -> str:
    """``input read as H×W×C (Keras)``: how a channels-last input was read."""
    axes = {2: "L×C", 3: "H×W×C", 4: "D×H×W×C"}.get(len(result.input_shape), "C")
    source = t("layout_keras", lang) if result.convention == "keras" else ""
    return t(key, lang, axes=axes, source=source, written=shape_text(result.input_shape, True))


def batch_text(result: NetworkResult, bytes_per_value: int = 4, lang: Lang = Lang.en) -> str:
    """``Batch 32: MACs …, activations … per batch``: what scales with N (parameters do not)."""
    batch = result.batch or 1
    return t(
        "batch_line",
        lang,
        batch=batch,
        macs=count_with_short(batch * result.total_macs),
        activations=byte_text(batch * result.activation_bytes(bytes_per_value)),
    )


def count_text(value: int) -> str:
    """``61706`` → ``61,706``."""
    return f"{value:,}"


def short_count(value: int) -> str:
    """``416520`` → ``416.5K``; ``138357544`` → ``138.4M``."""
    for limit, suffix in ((10**12, "T"), (10**9, "G"), (10**6, "M"), (10**3, "K")):
        if abs(value) >= limit:
            return f"{value / limit:.1f}{suffix}"
    return str(value)


def count_with_short(value: int) -> str:
    """``416520`` → ``416,520 (416.5K)``; below a thousand the short form adds nothing: ``36``."""
    return f"{count_text(value)} ({short_count(value)})" if abs(value) >= 1000 else count_text(value)


def byte_text(size: int) -> str:
    """``246824`` → ``241.0 KiB``: binary units, named as such (1 KiB = 1,024 bytes)."""
    value = float(size)
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if value < 1024 or unit == "TiB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")


def ratio_text(value: Fraction) -> str:
    """``Fraction(7, 3)`` → ``7/3``, always numerator/denominator: a fraction as JSON writes it
    (and the start of every notation below that shows one)."""
    return f"{value.numerator}/{value.denominator}"


def fraction_text(value: Fraction) -> str:
    """``Fraction(7, 3)`` → ``7/3 (2.33)``, as tables and ``apply`` write it; a whole number prints
    as itself."""
    if value.denominator == 1:
        return str(value.numerator)
    return f"{ratio_text(value)} ({float(value):.2f})"


def flag_marker(flag: Flag, lang: Lang = Lang.en) -> str:
    """The short form of a flag for a table cell: ``⚠ stride: 7/3 (2.33) → 2``."""
    if flag.kind == "stride_does_not_fit" and flag.exact is not None:
        axis = t("table.marker_axis", lang, axis=flag.axis + 1) if flag.axis is not None else ""
        used = flag.exact.__floor__() if flag.result is None else flag.result
        return t("table.stride_marker", lang, axis=axis, fraction=fraction_text(flag.exact), used=used)
    if has(f"table.warning.{flag.kind}"):
        # A long warning's cell says what and the other count; the line under the totals says all.
        return "⚠ " + t(f"table.warning.{flag.kind}", lang, **flag.args)
    return f"⚠ {flag_text(flag, lang)}"


def flagged_lines(result: NetworkResult, lang: Lang = Lang.en) -> list[str]:
    """``⚠ 1 layer(s) with a stride that does not fit: 3 (C3)`` under the totals, then each other
    warning in full, one line each; none if no warning."""
    strided = [
        layer for layer in result.layers if any(w.kind == "stride_does_not_fit" for w in layer.warnings)
    ]
    lines = [
        t("warning_flag", lang, index=layer.index, name=layer.name, message=flag_text(flag, lang))
        for layer, flag in result.warnings
        if flag.kind != "stride_does_not_fit"
    ]
    if strided:
        which = ", ".join(f"{layer.index} ({layer.name})" for layer in strided)
        lines.insert(0, t("table.flagged", lang, count=len(strided), which=which))
    return lines


def note_marker(flag: Flag, lang: Lang = Lang.en) -> str:
    if has(f"table.note.{flag.kind}"):
        return t(f"table.note.{flag.kind}", lang, **flag.args)
    return flag_text(flag, lang)


def notes_text(layer: LayerResult, lang: Lang = Lang.en) -> str:
    if not layer.warnings and not layer.notes:  # most layers: nothing to say
        return ""
    parts = [flag_marker(flag, lang) for flag in _one_per_fraction(layer.warnings)]
    parts += list(dict.fromkeys(note_marker(flag, lang) for flag in layer.notes))
    return "; ".join(parts)


def _one_per_fraction(flags: tuple[Flag, ...]) -> list[Flag]:
    """A square kernel flags both axes with the same fraction; show it once."""
    by_exact: dict[Fraction | None, list[Flag]] = {}
    for flag in flags:
        by_exact.setdefault(flag.exact, []).append(flag)
    merged = []
    for group in by_exact.values():
        if len(group) > 1:
            merged.append(group[0]._replace(axis=None))
        else:
            merged.append(group[0])
    return merged
