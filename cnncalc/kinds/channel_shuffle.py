"""The ``channel_shuffle`` layer kind, declared in one place."""

from typing import TYPE_CHECKING, Literal, cast

from cnncalc.engine import formulas as f
from cnncalc.engine.results import Count, LayerResult, Shape, Step
from cnncalc.errors import said
from cnncalc.kinds.base import NOTHING_SAVED, Formula, Invalid, Kind, Outcome, Say, Working
from cnncalc.render.declare import Drawing, Export
from cnncalc.spec.fields import LayerBase, Size

if TYPE_CHECKING:
    from cnncalc.render.emit import KerasCalls, TorchModule

# ── The kind: model, spellings, framework names, rule, working (KIND) ──────────────────────


class ChannelShuffle(LayerBase):
    """ShuffleNet's channel shuffle (PyTorch's nn.ChannelShuffle(g)): the C channels viewed as
    ``g × C/g``, transposed and flattened, so that each group's channels are interleaved; the
    shape is kept, no parameters, no MACs. C must be a multiple of g."""

    type: Literal["channel_shuffle"]
    groups: Size


class ChannelShuffleFormula(Formula):
    GROUP = "channel_shuffle_group"  # C/g channels per group


def rule(layer: ChannelShuffle, shape: Shape) -> Outcome:
    channels, groups = shape[0], layer.groups
    try:
        per_group = f.channel_shuffle_group_size(channels, groups)
    except f.NotDivisible as exc:
        divisors = [g for g in range(2, min(channels - 1, 64) + 1) if channels % g == 0][:4]
        hint = (
            said(
                "hint.channel_shuffle_groups", channels=Count(channels), groups=", ".join(map(str, divisors))
            )
            if divisors
            else said("hint.channel_shuffle_prime", channels=Count(channels))
        )
        raise Invalid(exc.args[0], "groups", hint) from None
    step = Step("output_size", ChannelShuffleFormula.GROUP, {"C": channels, "g": groups}, per_group)
    return Outcome(shape, steps=(step,))


def _group(step: Step, rank: int, say: Say) -> str:
    o = step.operands
    return say("explain.channel_shuffle", channels=o["C"], groups=o["g"], per_group=step.result)


KIND = Kind(
    saves=NOTHING_SAVED,  # a permutation: its backward permutes the gradient back
    model=ChannelShuffle,
    rule=rule,
    working=Working({ChannelShuffleFormula.GROUP: _group}),
    spellings=("channel_shuffle", "channelshuffle"),
    framework_names=("ChannelShuffle",),
)


# ── Export and drawing (EXPORT, DRAWING) ────────────────────────────────────────────────────


def _torch(module: "TorchModule", layer: LayerResult) -> None:
    module.add(layer.name, f"nn.ChannelShuffle({cast('ChannelShuffle', layer.layer).groups})")


def _keras(calls: "KerasCalls", layer: LayerResult) -> None:
    """Keras has no such layer; the same permutation channels-last: ``(…, g, C/g)``, the last two
    axes swapped, and back to ``(…, C)``."""
    groups = cast("ChannelShuffle", layer.layer).groups
    channels, spatial = layer.input_shape[0], layer.input_shape[1:]
    rank = len(spatial)
    grouped = (*spatial, groups, channels // groups)
    swapped = (*range(1, rank + 1), rank + 2, rank + 1)
    calls.call(f"Reshape({grouped}, name={calls.fresh('_groups')!r})")
    calls.call(f"Permute({swapped}, name={calls.fresh('_swap')!r})")
    calls.call(f"Reshape({(*spatial, channels)}, name={calls.name!r})")


EXPORT = Export(torch=_torch, keras=_keras)
DRAWING = Drawing(
    "other", folded=True, caption=lambda layer: f"+ shuffle g={cast('ChannelShuffle', layer.layer).groups}"
)
