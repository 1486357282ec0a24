"""Build small Keras models, save each as a model file and record what Keras itself says of it.

Run with a python that has Keras 3 (any backend; torch here)::

    KERAS_BACKEND=torch /tmp/venv-emit/bin/python tools/keras_reference.py

For each model it writes ``tests/data/keras/<model>.keras`` (config.json and metadata.json only:
the weights are not needed to read a model's arithmetic, and they would be megabytes),
``tests/data/keras/<model>.json`` (``model.to_json()``) and ``tests/reference/keras/<model>.json``:
Keras' ``count_params()``, its trainable and non-trainable counts and every layer's output shape
(``layer.output.shape``, the shape Keras computed when the model was built), which
``tests/test_keras_reference.py`` compares with cnncalc's, without Keras.
"""

from __future__ import annotations

import io
import json
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "keras"
REFERENCE = ROOT / "tests" / "reference" / "keras"


def lenet(keras: Any) -> Any:
    """LeNet-5 as the seeds' Keras notebook builds it (Sequential, tanh, average pooling)."""
    layers = keras.layers
    return keras.Sequential(
        [
            keras.Input((32, 32, 1)),
            layers.Conv2D(6, 5, activation="tanh", name="C1"),
            layers.AveragePooling2D(2, name="S2"),
            layers.Conv2D(16, 5, activation="tanh", name="C3"),
            layers.AveragePooling2D(2, name="S4"),
            layers.Conv2D(120, 5, activation="tanh", name="C5"),
            layers.Flatten(name="flatten"),
            layers.Dense(84, activation="tanh", name="F6"),
            layers.Dense(10, activation="softmax", name="OUTPUT"),
        ],
        name="lenet5",
    )


def small_vgg(keras: Any) -> Any:
    """Two VGG blocks and a head: same padding, batch norm, max pooling, dropout, Rescaling."""
    layers = keras.layers
    model = keras.Sequential(name="small_vgg")
    model.add(keras.Input((32, 32, 3)))
    model.add(layers.Rescaling(1 / 255.0))
    for filters in (32, 64):
        for _ in range(2):
            model.add(layers.Conv2D(filters, 3, padding="same", use_bias=False))
            model.add(layers.BatchNormalization())
            model.add(layers.Activation("relu"))
        model.add(layers.MaxPooling2D(2))
        model.add(layers.Dropout(0.25))
    model.add(layers.Flatten())
    model.add(layers.Dense(128, activation="relu"))
    model.add(layers.Dropout(0.5))
    model.add(layers.Dense(10, activation="softmax"))
    return model


def resnet_block(keras: Any) -> Any:
    """A ResNet-style Functional graph: a stride-2 projection shortcut, Add, ReLU layers."""
    layers = keras.layers
    x = inputs = keras.Input((32, 32, 16))
    for stride, filters in ((1, 16), (2, 32)):
        y = layers.Conv2D(filters, 3, strides=stride, padding="same", use_bias=False)(x)
        y = layers.BatchNormalization()(y)
        y = layers.ReLU()(y)
        y = layers.Conv2D(filters, 3, padding="same", use_bias=False)(y)
        y = layers.BatchNormalization()(y)
        if stride != 1:
            x = layers.Conv2D(filters, 1, strides=stride, use_bias=False)(x)
            x = layers.BatchNormalization()(x)
        x = layers.Add()([x, y])
        x = layers.ReLU()(x)
    x = layers.GlobalAveragePooling2D()(x)
    return keras.Model(inputs, layers.Dense(10)(x), name="resnet_block")


def mobilenet_style(keras: Any) -> Any:
    """MobileNet v1/v2-style: DepthwiseConv2D, SeparableConv2D, ReLU(6), a multiplier, an SE gate."""
    layers = keras.layers
    inputs = keras.Input((64, 64, 3))
    x = layers.Conv2D(16, 3, strides=2, padding="same", use_bias=False)(inputs)
    x = layers.BatchNormalization()(x)
    x = layers.ReLU(6.0)(x)
    x = layers.DepthwiseConv2D(3, padding="same", use_bias=False)(x)
    x = layers.BatchNormalization()(x)
    x = layers.ReLU(6.0)(x)
    x = layers.SeparableConv2D(32, 3, strides=2, padding="same")(x)
    x = layers.DepthwiseConv2D(5, depth_multiplier=2, dilation_rate=2, padding="same")(x)
    gate = layers.GlobalAveragePooling2D(keepdims=True)(x)
    gate = layers.Conv2D(16, 1, activation="relu")(gate)
    gate = layers.Conv2D(64, 1, activation="hard_sigmoid")(gate)
    x = layers.Multiply()([x, gate])
    x = layers.Conv2D(48, 1)(x)
    x = layers.LayerNormalization()(x)
    x = layers.GlobalMaxPooling2D()(x)
    return keras.Model(inputs, layers.Dense(5, activation="softmax")(x), name="mobilenet_style")


def unet_style(keras: Any) -> Any:
    """An encoder–decoder: ZeroPadding2D, Conv2DTranspose (valid, kernel < stride too),
    UpSampling2D, Concatenate, PReLU, LeakyReLU."""
    layers = keras.layers
    inputs = keras.Input((30, 30, 2))
    x = layers.ZeroPadding2D(1)(inputs)
    e1 = layers.Conv2D(8, 3, padding="same", activation="relu")(x)
    x = layers.MaxPooling2D(2)(e1)
    e2 = layers.Conv2D(16, 3, padding="same")(x)
    e2 = layers.PReLU(shared_axes=[1, 2])(e2)
    x = layers.MaxPooling2D(2, strides=2, padding="same")(e2)
    x = layers.Conv2DTranspose(16, 2, strides=2)(x)
    x = layers.Concatenate()([x, e2])
    x = layers.LeakyReLU()(x)
    x = layers.UpSampling2D(2)(x)
    x = layers.Concatenate()([x, e1])
    x = layers.Conv2DTranspose(4, 1, strides=2)(x)
    x = layers.ZeroPadding2D(((2, 2), (3, 3)))(x)
    return keras.Model(inputs, layers.Conv2D(3, 1, activation="sigmoid")(x), name="unet_style")


def conv_1d_3d(keras: Any) -> Any:
    """A 1-D signal model (Conv1D, pooling, UpSampling1D, ZeroPadding1D, a Dense before the pool)."""
    layers = keras.layers
    return keras.Sequential(
        [
            keras.Input((128, 4)),
            layers.Conv1D(8, 7, strides=2, padding="same", activation="relu"),
            layers.MaxPooling1D(3),
            layers.ZeroPadding1D(2),
            layers.Conv1D(16, 3, dilation_rate=2),
            layers.UpSampling1D(3),
            layers.AveragePooling1D(2, strides=1),
            layers.Dense(6, name="per_position"),  # Keras' Dense on a (L, C) map: on C at each position
            layers.GlobalAveragePooling1D(),
            layers.Dense(3),
        ],
        name="conv1d",
    )


def volume(keras: Any) -> Any:
    """A 3-D volume model (Conv3D, MaxPooling3D, Conv3DTranspose)."""
    layers = keras.layers
    return keras.Sequential(
        [
            keras.Input((16, 16, 16, 1)),
            layers.Conv3D(4, 3, padding="same", activation="relu"),
            layers.MaxPooling3D(2),
            layers.Conv3D(8, (3, 3, 1)),
            layers.Conv3DTranspose(2, 2, strides=2),
            layers.GlobalMaxPooling3D(),
        ],
        name="volume",
    )


def transfer(keras: Any) -> Any:
    """Transfer learning's shape: a Functional base inside a Sequential, and a Sequential block
    called inside a Functional graph (each nested model's layers are read in its place)."""
    layers = keras.layers
    block = keras.Sequential(
        [keras.Input((16, 16, 8)), layers.Conv2D(8, 3, padding="same"), layers.BatchNormalization()],
        name="block",
    )
    inputs = keras.Input((32, 32, 3), name="image")
    x = layers.Conv2D(8, 3, strides=2, padding="same", name="stem")(inputs)
    x = layers.Add(name="residual")([x, block(x)])
    base = keras.Model(inputs, layers.ReLU(name="base_relu")(x), name="base")
    return keras.Sequential(
        [keras.Input((32, 32, 3)), base, layers.GlobalAveragePooling2D(), layers.Dense(4)], name="transfer"
    )


def resnet50(keras: Any) -> Any:
    return keras.applications.ResNet50(weights=None, input_shape=(224, 224, 3))


def mobilenet_v2(keras: Any) -> Any:
    return keras.applications.MobileNetV2(weights=None, input_shape=(224, 224, 3))


MODELS: dict[str, Callable[[Any], Any]] = {
    "lenet5": lenet,
    "small_vgg": small_vgg,
    "resnet_block": resnet_block,
    "mobilenet_style": mobilenet_style,
    "unet_style": unet_style,
    "conv1d": conv_1d_3d,
    "volume": volume,
    "transfer": transfer,
    "resnet50": resnet50,
    "mobilenet_v2": mobilenet_v2,
}


APPLICATIONS = {"resnet50", "mobilenet_v2"}


def reference(model: Any) -> dict[str, Any]:
    """What Keras says of ``model``: its counts and each layer's output shape (batch dropped)."""
    layers = []
    for layer in _flat_layers(model):
        shape = list(layer.output.shape)[1:]
        layers.append({"name": layer.name, "class": layer.__class__.__name__, "output": shape})
        layers[-1]["params"] = layer.count_params()
    trainable = sum(int(w.numpy().size) for w in model.trainable_weights)
    return {
        "keras_version": __import__("keras").__version__,
        "input": list(model.inputs[0].shape)[1:],
        "count_params": model.count_params(),
        "trainable_params": trainable,
        "non_trainable_params": model.count_params() - trainable,
        "layers": layers,
    }


def _flat_layers(model: Any) -> list[Any]:
    """A model's layers after its input, a nested model's own layers in its place (as cnncalc
    reads it: the nested model's output is its last layer's)."""
    flat = []
    for layer in model.layers:
        if layer.__class__.__name__ == "InputLayer":
            continue
        flat += _flat_layers(layer) if hasattr(layer, "layers") else [layer]
    return flat


def _without_ids(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _without_ids(item) for key, item in value.items() if key != "shared_object_id"}
    if isinstance(value, list):
        return [_without_ids(item) for item in value]
    return value


def config_only(model: Any, path: Path) -> None:
    """``model.save(path)`` without the weights: Keras' config.json and metadata.json, rewritten
    into a ZIP with fixed dates so that a run writes the same bytes."""
    buffer = io.BytesIO()
    model.save(str(path))
    with zipfile.ZipFile(path) as saved:
        members = {name: saved.read(name) for name in ("config.json", "metadata.json")}
    # A shared dtype policy is written with its id(), a memory address: dropped, as Keras 3 reads
    # a config without it.
    members["config.json"] = json.dumps(_without_ids(json.loads(members["config.json"]))).encode()
    metadata = json.loads(members["metadata.json"])
    metadata.pop("date_saved", None)
    members["metadata.json"] = json.dumps(metadata).encode()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in members.items():
            out.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
    path.write_bytes(buffer.getvalue())


def main(names: list[str], data: Path = DATA, references: Path = REFERENCE) -> None:
    import keras

    data.mkdir(parents=True, exist_ok=True)
    references.mkdir(parents=True, exist_ok=True)
    for name in names or list(MODELS):
        keras.backend.clear_session()  # layer names (conv2d_3) count from 0 for each model
        model = MODELS[name](keras)
        config_only(model, data / f"{name}.keras")
        if name not in APPLICATIONS:  # their to_json() is 160 KB each; the .keras file has it
            (data / f"{name}.json").write_text(model.to_json() + "\n")
        (references / f"{name}.json").write_text(json.dumps(reference(model), indent=1) + "\n")
        print(f"{name}: {model.count_params():,} parameters, {len(model.layers)} layers")


if __name__ == "__main__":
    # keras_reference.py [--out DIR] [MODEL ...]: DIR gets the model files and DIR/reference the
    # references (the test that runs Keras writes there, never into tests/).
    args = sys.argv[1:]
    if args[:1] == ["--out"]:
        out = Path(args[1])
        main(args[2:], out, out / "reference")
    else:
        main(args)
