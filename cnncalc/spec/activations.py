"""The one table of activation functions: every name cnncalc accepts, and what each framework calls it.

Everything else that lists activations is derived from :data:`ACTIVATIONS`: the layer types
(``type: relu``), the validation of ``function`` and ``activation`` (with "did you mean"), the
engine's parameter rule and both exporters. Names are matched as layer types are: case-insensitively,
ignoring ``_`` and ``-`` (``LeakyReLU``, ``leaky_relu`` and ``leaky-relu`` are one name).

Each framework's spelling keeps the arithmetic the other one has: ``leaky_relu`` is PyTorch's slope
0.01 in Keras too (Keras' own default is 0.3 for the layer, 0.2 for the function), ``gelu`` the exact
(erf) form in both, ``softmax`` over the channels in both.
"""

# No `from __future__ import annotations`: see cnncalc.engine.results (its NamedTuples).

import difflib
from typing import NamedTuple


class ActivationInfo(NamedTuple):
    """One activation: its canonical name and how each framework writes it.

    ``torch`` is the PyTorch module (``nn.ReLU()``); ``keras`` the string for Keras' ``activation=``
    and ``Activation(...)``, or ``keras_layer`` the layer (class, arguments) where a string would
    change the arithmetic. ``None`` for a framework means it has no such layer, and ``why_not`` says
    why (the export refusal repeats it). ``parametric`` functions have their own weights (PReLU's
    slopes): they are counted and can only be a layer of their own.
    """

    name: str
    spellings: tuple[str, ...] = ()
    torch: str | None = None
    keras: str | None = None
    keras_layer: tuple[str, str] | None = None
    parametric: bool = False
    is_type: bool = True  # usable as a layer's type (``type: relu``); "linear" already means dense
    why_not: str = ""


ACTIVATIONS: tuple[ActivationInfo, ...] = (
    ActivationInfo("linear", ("identity", "none"), "nn.Identity()", "linear", is_type=False),
    ActivationInfo("relu", (), "nn.ReLU()", "relu"),
    ActivationInfo("relu6", (), "nn.ReLU6()", "relu6"),
    ActivationInfo(
        "leaky_relu", ("lrelu",), "nn.LeakyReLU()", keras_layer=("LeakyReLU", "negative_slope=0.01")
    ),
    ActivationInfo("prelu", (), "nn.PReLU()", keras_layer=("PReLU", ""), parametric=True),
    ActivationInfo("elu", (), "nn.ELU()", "elu"),
    ActivationInfo("selu", (), "nn.SELU()", "selu"),
    ActivationInfo("gelu", (), "nn.GELU()", "gelu"),
    ActivationInfo("silu", ("swish",), "nn.SiLU()", "silu"),
    ActivationInfo("mish", (), "nn.Mish()", "mish"),
    ActivationInfo("softplus", (), "nn.Softplus()", "softplus"),
    ActivationInfo("softsign", (), "nn.Softsign()", "softsign"),
    ActivationInfo("sigmoid", ("logistic",), "nn.Sigmoid()", "sigmoid"),
    ActivationInfo("hardsigmoid", ("hard_sigmoid",), "nn.Hardsigmoid()", "hard_sigmoid"),
    ActivationInfo("tanh", (), "nn.Tanh()", "tanh"),
    ActivationInfo("hardswish", ("hard_swish", "hard_silu", "hardsilu"), "nn.Hardswish()", "hard_silu"),
    ActivationInfo("softmax", (), "nn.Softmax(dim=1)", "softmax"),
    ActivationInfo("log_softmax", ("logsoftmax",), "nn.LogSoftmax(dim=1)", "log_softmax"),
)

BY_NAME: dict[str, ActivationInfo] = {info.name: info for info in ACTIVATIONS}


def squash(name: str) -> str:
    """How names are compared: ``Leaky-ReLU`` → ``leakyrelu``."""
    return name.strip().lower().replace("_", "").replace("-", "")


_LOOKUP: dict[str, ActivationInfo] = {
    squash(spelling): info for info in ACTIVATIONS for spelling in (info.name, *info.spellings)
}

# The names that are also layer types, as the table shows them (``type: relu`` → "relu").
TYPE_NAMES: tuple[str, ...] = tuple(info.name for info in ACTIVATIONS if info.is_type)
# Every ``type`` of an activation layer: ``activation`` (with ``function:``) and those names.
LAYER_TYPES: tuple[str, ...] = ("activation", *TYPE_NAMES)
# Every spelling that makes an activation layer (``type: Swish`` reads "silu").
TYPE_SPELLINGS: tuple[str, ...] = LAYER_TYPES + tuple(
    spelling for info in ACTIVATIONS if info.is_type for spelling in info.spellings
)


def lookup(name: str) -> ActivationInfo | None:
    """``'LeakyReLU'`` → the ``leaky_relu`` entry; None for a name not in the table.

    >>> lookup("Swish").name, lookup("bananas")
    ('silu', None)
    """
    return _LOOKUP.get(squash(name))


def lookup_type(name: str) -> ActivationInfo | None:
    """The entry for an activation used as a layer type (``type: PReLU``), or None."""
    info = lookup(name)
    return info if info is not None and info.is_type else None


def suggest(name: str) -> str | None:
    """The closest canonical name to a misspelt one, for a "did you mean".

    >>> suggest("tanhh"), suggest("bananas")
    ('tanh', None)
    """
    best = difflib.get_close_matches(squash(name)[:100], list(_LOOKUP), n=1, cutoff=0.6)
    return _LOOKUP[best[0]].name if best else None


def names() -> list[str]:
    """Every canonical name, in the table's order (for "known activations: …")."""
    return [info.name for info in ACTIVATIONS]


def framework_type_names() -> list[str]:
    """PyTorch's class names of the activations that are layer types (``Hardswish``, ``PReLU``),
    for editors: every one resolves to its activation (types are matched in any case).

    >>> framework_type_names()[:3]
    ['ReLU', 'ReLU6', 'LeakyReLU']
    """
    return [
        info.torch.split("(")[0].removeprefix("nn.") for info in ACTIVATIONS if info.is_type and info.torch
    ]
