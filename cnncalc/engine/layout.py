"""The two slips in writing ``input`` that still compute: the channel axis at the wrong end, and a
batch size left in. Pure rules on the list as written; the calculator runs the other reading and
flags the input only when that reading computes too.

The rule (README, "The spec format"): an image's channel count is 1 to 4 (grey, two-channel,
RGB, RGBA) and each of its spatial sides is at least 8 and at least 4 times that count. So
``[32, 32, 3]`` looks channels-last, while ``[3, 32, 32]``, ``[1, 28, 28]``, a feature map such
as ``[512, 4, 4]`` and a 1-D ``[C, L]`` such as ``[1, 16000]`` do not.
"""

from __future__ import annotations

from collections.abc import Sequence

# An image's channel count: grey, two-channel (stereo, flow), RGB, RGBA.
IMAGE_CHANNELS = range(1, 5)
MIN_SIDE = 8  # a spatial side shorter than this is not an image's
RATIO = 4  # a spatial side is at least this many times the channel count


def _sides_fit(channels: int, sides: Sequence[int]) -> bool:
    return (
        channels in IMAGE_CHANNELS
        and len(sides) >= 1
        and all(n >= MIN_SIDE and n >= RATIO * channels for n in sides)
    )


def looks_channels_last(sizes: Sequence[int]) -> bool:
    """``[*spatial, C]``: the last entry is 1 to 4 and every entry before it is ≥ 8 and ≥ 4·C.

    >>> [looks_channels_last(s) for s in ([32, 32, 3], [3, 32, 32], [1, 28, 28], [512, 4, 4], [1, 16000])]
    [True, False, False, False, False]
    """
    return len(sizes) >= 2 and _sides_fit(sizes[-1], sizes[:-1])


def looks_channels_first(sizes: Sequence[int]) -> bool:
    """``[C, *spatial]``: the first entry is 1 to 4 and every entry after it is ≥ 8 and ≥ 4·C.

    >>> [looks_channels_first(s) for s in ([3, 32, 32], [32, 32, 3], [64, 56, 56])]
    [True, False, False]
    """
    return len(sizes) >= 2 and _sides_fit(sizes[0], sizes[1:])


def without_batch(sizes: Sequence[int]) -> tuple[int, ...] | None:
    """``[1, C, H, W]`` (or ``[1, H, W, C]``): four entries, the first 1, the other three an
    image either way round → that image, channels first; else None. A 1-channel volume such as
    ``[1, 16, 112, 112]`` is not one (16 is not an image's channel count).

    >>> without_batch([1, 3, 224, 224]), without_batch([1, 224, 224, 3]), without_batch([1, 16, 112, 112])
    ((3, 224, 224), (3, 224, 224), None)
    """
    if len(sizes) != 4 or sizes[0] != 1:
        return None
    image = tuple(sizes[1:])
    if looks_channels_first(image):
        return image
    if looks_channels_last(image):
        return (image[-1], *image[:-1])
    return None


def channels_first(sizes: Sequence[int]) -> tuple[int, ...]:
    """``[H, W, C]`` → ``(C, H, W)``: the last entry moved to the front.

    >>> channels_first([32, 32, 3])
    (3, 32, 32)
    """
    return (sizes[-1], *sizes[:-1])


def written(shape: Sequence[int], layout: str) -> list[int]:
    """A channels-first shape as a spec of ``layout`` writes it.

    >>> written((3, 32, 32), "channels_last"), written((3, 32, 32), "channels_first")
    ([32, 32, 3], [3, 32, 32])
    """
    return [*shape[1:], shape[0]] if layout == "channels_last" else list(shape)
