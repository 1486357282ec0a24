"""What the spec reader needs of every layer kind before it loads one: the spellings of ``type``
and of fields. Generated from the kind modules by ``python tools/kind_index.py``: edit the kind's
module, never this file (``tests/test_kinds.py`` fails when it is out of date).
"""

from __future__ import annotations

# A spelling of ``type``, squashed (lower case, no ``_`` or ``-``) → (kind, type shown).
LOOKUP: dict[str, tuple[str, str]] = {
    "conv": ("conv", "conv"),
    "convolution": ("conv", "conv"),
    "convnd": ("conv", "conv"),
    "convtranspose": ("conv_transpose", "conv_transpose"),
    "convtransposend": ("conv_transpose", "conv_transpose"),
    "deconv": ("conv_transpose", "conv_transpose"),
    "deconvolution": ("conv_transpose", "conv_transpose"),
    "transposedconv": ("conv_transpose", "conv_transpose"),
    "depthwiseconv": ("depthwise_conv", "depthwise_conv"),
    "depthwise": ("depthwise_conv", "depthwise_conv"),
    "separableconv": ("separable_conv", "separable_conv"),
    "separable": ("separable_conv", "separable_conv"),
    "maxpool": ("maxpool", "maxpool"),
    "maxpooling": ("maxpool", "maxpool"),
    "avgpool": ("avgpool", "avgpool"),
    "averagepooling": ("avgpool", "avgpool"),
    "avgpooling": ("avgpool", "avgpool"),
    "globalavgpool": ("global_avgpool", "global_avgpool"),
    "globalaveragepooling": ("global_avgpool", "global_avgpool"),
    "globalmaxpool": ("global_maxpool", "global_maxpool"),
    "globalmaxpooling": ("global_maxpool", "global_maxpool"),
    "adaptiveavgpool": ("adaptive_avgpool", "adaptive_avgpool"),
    "adaptivemaxpool": ("adaptive_maxpool", "adaptive_maxpool"),
    "flatten": ("flatten", "flatten"),
    "dense": ("dense", "dense"),
    "linear": ("dense", "dense"),
    "fc": ("dense", "dense"),
    "affine": ("dense", "dense"),
    "fullyconnected": ("dense", "dense"),
    "dropout": ("dropout", "dropout"),
    "activation": ("activation", "activation"),
    "relu": ("activation", "relu"),
    "relu6": ("activation", "relu6"),
    "leakyrelu": ("activation", "leaky_relu"),
    "prelu": ("activation", "prelu"),
    "elu": ("activation", "elu"),
    "selu": ("activation", "selu"),
    "gelu": ("activation", "gelu"),
    "silu": ("activation", "silu"),
    "mish": ("activation", "mish"),
    "softplus": ("activation", "softplus"),
    "softsign": ("activation", "softsign"),
    "sigmoid": ("activation", "sigmoid"),
    "hardsigmoid": ("activation", "hardsigmoid"),
    "tanh": ("activation", "tanh"),
    "hardswish": ("activation", "hardswish"),
    "softmax": ("activation", "softmax"),
    "logsoftmax": ("activation", "log_softmax"),
    "lrelu": ("activation", "leaky_relu"),
    "swish": ("activation", "silu"),
    "logistic": ("activation", "sigmoid"),
    "hardsilu": ("activation", "hardswish"),
    "lrn": ("lrn", "lrn"),
    "localresponsenorm": ("lrn", "lrn"),
    "batchnorm": ("batchnorm", "batchnorm"),
    "batchnormalization": ("batchnorm", "batchnorm"),
    "zeropadding": ("zero_padding", "zero_padding"),
    "zeropad": ("zero_padding", "zero_padding"),
    "pixelshuffle": ("pixel_shuffle", "pixel_shuffle"),
    "add": ("add", "add"),
    "sum": ("add", "add"),
    "residual": ("add", "add"),
    "concat": ("concat", "concat"),
    "concatenate": ("concat", "concat"),
    "cat": ("concat", "concat"),
    "multiply": ("multiply", "multiply"),
    "mul": ("multiply", "multiply"),
    "product": ("multiply", "multiply"),
    "split": ("split", "split"),
    "chunk": ("split", "split"),
    "channelshuffle": ("channel_shuffle", "channel_shuffle"),
    "stochasticdepth": ("stochastic_depth", "stochastic_depth"),
    "droppath": ("stochastic_depth", "stochastic_depth"),
}

# Kinds whose names may carry a dimension suffix (conv2d, MaxPool1d).
DIMENSIONAL: frozenset[str] = frozenset(
    {
        "conv",
        "conv_transpose",
        "depthwise_conv",
        "separable_conv",
        "maxpool",
        "avgpool",
        "global_avgpool",
        "global_maxpool",
        "adaptive_avgpool",
        "adaptive_maxpool",
        "dropout",
        "batchnorm",
        "zero_padding",
    }
)

# A spelling that says more than its kind (squashed) → the fields it implies.
IMPLIED_FIELDS: dict[str, dict[str, object]] = {
    "affine": {"reading": "flatten"},
}

# canonical field → its other names, merged over the kinds in their order.
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "filters": ("out_channels",),
    "kernel": ("kernel_size", "pool_size"),
    "stride": ("strides",),
    "dilation": ("dilation_rate",),
    "bias": ("use_bias",),
    "units": ("out_features",),
    "rate": ("p",),
    "eps": ("epsilon",),
}
