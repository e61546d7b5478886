"""keras.ops conv, conv_transpose, depthwise_conv, separable_conv, max_pool and average_pool
against Keras 3 (numpy backend, which runs JAX's lax kernels), their gradients against
central differences, their symbolic (KerasTensor) shapes and their errors."""

import numpy as np
import pytest
from helpers import check_gradient
from keras_ops_helpers import arr, compare, kops

from nnext.keras import layers, ops

CONV_CASES = [
    # inputs, kernel, kwargs
    (arr(2, 9, 3), arr(3, 3, 4, seed=1), {}),
    (arr(2, 9, 3), arr(4, 3, 4, seed=1), {"strides": 2, "padding": "same"}),
    (arr(2, 10, 3), arr(3, 3, 2, seed=1), {"dilation_rate": 2, "padding": "same"}),
    (arr(2, 7, 8, 3), arr(3, 3, 3, 5, seed=1), {}),
    (arr(2, 7, 8, 4), arr(2, 3, 2, 6, seed=1), {"strides": (2, 1), "padding": "same"}),
    (arr(1, 8, 8, 2), arr(3, 3, 2, 3, seed=1), {"dilation_rate": (2, 1), "padding": "SAME"}),
    (arr(2, 3, 7, 8), arr(3, 2, 3, 4, seed=1), {"data_format": "channels_first"}),
    (arr(1, 5, 6, 7, 2), arr(2, 3, 2, 2, 3, seed=1), {"strides": 2, "padding": "same"}),
]


@pytest.mark.parametrize("inputs,kernel,kwargs", CONV_CASES)
def test_conv_matches_keras(inputs, kernel, kwargs):
    compare("conv", (inputs, kernel), kwargs, rtol=1e-5, atol=1e-5)


TRANSPOSE_CASES = [
    (arr(2, 5, 3), arr(3, 4, 3, seed=1), {}),
    (arr(2, 5, 3), arr(3, 4, 3, seed=1), {"strides": 2, "padding": "same"}),
    (arr(2, 5, 3), arr(4, 2, 3, seed=1), {"strides": 3, "output_padding": 1}),
    (arr(2, 4, 5, 3), arr(3, 3, 2, 3, seed=1), {"strides": (2, 1), "padding": "same"}),
    (arr(1, 4, 4, 2), arr(2, 2, 3, 2, seed=1), {"strides": 2, "output_padding": (1, 0)}),
    (arr(1, 4, 4, 2), arr(3, 3, 3, 2, seed=1), {"dilation_rate": 2, "padding": "same"}),
    (arr(2, 2, 4, 5), arr(3, 3, 3, 2, seed=1), {"strides": 2, "data_format": "channels_first"}),
    (arr(1, 3, 3, 3, 2), arr(2, 2, 2, 3, 2, seed=1), {"strides": 2, "padding": "same"}),
]


@pytest.mark.parametrize("inputs,kernel,kwargs", TRANSPOSE_CASES)
def test_conv_transpose_matches_keras(inputs, kernel, kwargs):
    compare("conv_transpose", (inputs, kernel), kwargs, rtol=1e-5, atol=1e-5)


DEPTHWISE_CASES = [
    (arr(2, 9, 3), arr(3, 3, 2, seed=1), {}),
    (arr(2, 7, 8, 3), arr(3, 3, 3, 2, seed=1), {"strides": 2, "padding": "same"}),
    (arr(2, 3, 7, 8), arr(2, 3, 3, 1, seed=1), {"data_format": "channels_first"}),
    (arr(1, 8, 8, 2), arr(3, 3, 2, 3, seed=1), {"dilation_rate": 2}),
]


@pytest.mark.parametrize("inputs,kernel,kwargs", DEPTHWISE_CASES)
def test_depthwise_conv_matches_keras(inputs, kernel, kwargs):
    compare("depthwise_conv", (inputs, kernel), kwargs, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize(
    "inputs,depthwise,pointwise,kwargs",
    [
        (arr(2, 7, 8, 3), arr(3, 3, 3, 2, seed=1), arr(1, 1, 6, 4, seed=2), {}),
        (arr(2, 9, 3), arr(3, 3, 2, seed=1), arr(1, 6, 5, seed=2), {"strides": 2}),
        (
            arr(1, 3, 6, 7),
            arr(2, 2, 3, 1, seed=1),
            arr(1, 1, 3, 2, seed=2),
            {"padding": "same", "data_format": "channels_first"},
        ),
    ],
)
def test_separable_conv_matches_keras(inputs, depthwise, pointwise, kwargs):
    compare("separable_conv", (inputs, depthwise, pointwise), kwargs, rtol=1e-5, atol=1e-5)


POOL_CASES = [
    (arr(2, 9, 3), 2, {"strides": 2}),
    (arr(2, 9, 3), 3, {"strides": 2, "padding": "same"}),
    (arr(2, 7, 8, 3), (2, 3), {"strides": (1, 2)}),
    (arr(2, 7, 8, 3), 3, {"strides": (2, 1), "padding": "same"}),
    (arr(2, 3, 7, 8), 2, {"strides": 1, "data_format": "channels_first"}),
    (arr(1, 5, 6, 7, 2), 2, {"strides": 2, "padding": "same"}),
]


@pytest.mark.parametrize("kind", ["max_pool", "average_pool"])
@pytest.mark.parametrize("inputs,pool_size,kwargs", POOL_CASES)
def test_pooling_matches_keras(kind, inputs, pool_size, kwargs):
    compare(kind, (inputs, pool_size), kwargs)


@pytest.mark.parametrize("kind", ["max_pool", "average_pool"])
def test_pooling_strides_default_to_pool_size(kind):
    # Keras's numpy backend fails on strides=None (it expands pool_size twice): compare
    # nnext's default with Keras given the strides explicitly.
    x = arr(2, 7, 8, 3)
    want = getattr(kops, kind)(x, (2, 3), strides=(2, 3))
    np.testing.assert_allclose(getattr(ops, kind)(x, (2, 3)).numpy(), want, rtol=1e-6)


def test_submodule_and_float64():
    # Keras's numpy backend convolves through JAX in float32; nnext keeps float64 (as
    # Keras on TensorFlow does), so only the values compare.
    x, k = arr(1, 6, 6, 2, dtype="float64"), arr(3, 3, 2, 2, seed=1, dtype="float64")
    compare("conv", (x, k), fn=ops.nn.conv, reference=kops.nn.conv, check_dtype=False)
    assert ops.nn.conv(x, k).dtype.name == "float64"
    assert ops.nn.max_pool(x, 2).dtype.name == "float64"


def test_gradients_against_central_differences():
    x, k = arr(1, 5, 6, 2, dtype="float64"), arr(3, 2, 2, 3, seed=1, dtype="float64")
    check_gradient(lambda a, b: ops.conv(a, b, strides=2, padding="same"), [x, k])
    kt = arr(3, 3, 3, 2, seed=1, dtype="float64")
    check_gradient(lambda a, b: ops.conv_transpose(a, b, strides=2), [x, kt])
    kd = arr(2, 2, 2, 2, seed=1, dtype="float64")
    check_gradient(lambda a, b: ops.depthwise_conv(a, b, padding="same"), [x, kd])
    check_gradient(lambda a: ops.average_pool(a, 2, 1, padding="same"), [x])
    check_gradient(lambda a: ops.max_pool(a, 2), [x])


def test_symbolic_shapes_follow_keras():
    x = layers.Input((None, 8, 3))
    kernel = arr(3, 3, 3, 4)
    shapes = {
        "conv": (ops.conv(x, kernel, 2, "same"), kops.conv(_kx(), kernel, 2, "same")),
        "conv_valid": (ops.conv(x, kernel), kops.conv(_kx(), kernel)),
        "depthwise_conv": (
            ops.depthwise_conv(x, arr(3, 3, 3, 2), 2),
            kops.depthwise_conv(_kx(), arr(3, 3, 3, 2), 2),
        ),
        "separable_conv": (
            ops.separable_conv(x, arr(3, 3, 3, 2), arr(1, 1, 6, 5)),
            kops.separable_conv(_kx(), arr(3, 3, 3, 2), arr(1, 1, 6, 5)),
        ),
        "average_pool": (
            ops.average_pool(x, 3, 2, "same"),
            kops.average_pool(_kx(), 3, 2, "same"),
        ),
        "conv_transpose": (
            ops.conv_transpose(x, arr(3, 3, 5, 3), 2),
            kops.conv_transpose(_kx(), arr(3, 3, 5, 3), 2),
        ),
        "max_pool": (ops.max_pool(x, 2, 2), kops.max_pool(_kx(), 2, 2)),
    }
    for name, (mine, theirs) in shapes.items():
        assert tuple(mine.shape) == tuple(theirs.shape), name


def test_functional_model_replays_the_ops():
    from nnext import keras as nkeras

    x = layers.Input((6, 6, 2))
    kernel = arr(3, 3, 2, 4)
    y = ops.max_pool(ops.conv(x, kernel, padding="same"), 2, 2)
    model = nkeras.Model(x, y)
    data = arr(3, 6, 6, 2, seed=5)
    want = kops.max_pool(kops.conv(data, kernel, padding="same"), 2, 2)
    np.testing.assert_allclose(model(data).numpy(), want, rtol=1e-5, atol=1e-5)


def _kx():
    import keras

    return keras.KerasTensor((None, None, 8, 3))


@pytest.mark.parametrize(
    "call,match",
    [
        (lambda: ops.conv(arr(1, 5, 5, 4), arr(3, 3, 3, 2)), "evenly divisible"),
        (lambda: ops.conv(arr(1, 2, 2, 1), arr(3, 3, 1, 2)), "empty output"),
        (lambda: ops.conv(arr(1, 5, 5, 1), arr(3, 3, 1, 2), padding="causal"), "padding"),
        (lambda: ops.conv(arr(1, 5, 5, 1), arr(3, 3, 1, 2), strides=(1, 1, 1)), "strides"),
        (lambda: ops.conv(arr(1, 5, 5, 1), arr(3, 3, 1, 2), data_format="NHWC"), "data_format"),
        (lambda: ops.depthwise_conv(arr(1, 5, 5, 2), arr(3, 3, 3, 1)), "input channels"),
        (lambda: ops.conv_transpose(arr(1, 5, 5, 2), arr(3, 3, 2, 3)), "input channels"),
        (lambda: ops.max_pool(arr(1, 5, 5, 2), 2, padding="full"), "padding"),
        (lambda: ops.max_pool(arr(5, 5), 2), "rank"),
    ],
)
def test_bad_arguments_raise_value_error(call, match):
    with pytest.raises(ValueError, match=match):
        call()


# Keras's numpy backend saves its variables through a deprecated NumPy path.
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.parametrize("direction", ["nnext_to_keras", "keras_to_nnext"])
def test_graphs_with_the_ops_move_between_keras_files(direction, tmp_path):
    # (conv_transpose is left out: Keras 3.15's ConvTranspose op swaps padding and
    # output_padding in its call, so its own graphs do not run.)
    import keras as real_keras

    from nnext import keras as nkeras

    def build(k, o):
        x = k.Input((6, 6, 2))
        h = k.layers.Conv2D(3, 1, name="project")(x)
        y = o.max_pool(o.conv(h, arr(3, 3, 3, 2, seed=1), padding="same"), 2, 2)
        y = o.depthwise_conv(y, arr(2, 2, 2, 2, seed=2), padding="same")
        y = o.separable_conv(y, arr(2, 2, 4, 1, seed=3), arr(1, 1, 4, 3, seed=4))
        y = o.average_pool(y, 2, strides=1, padding="same")
        y = o.image.extract_patches(o.image.resize(y, (5, 5), interpolation="bicubic"), 2)
        return k.Model(x, y)

    data = arr(2, 6, 6, 2, seed=5)
    path = tmp_path / "ops.keras"
    source = build(nkeras, ops) if direction == "nnext_to_keras" else build(real_keras, kops)
    source.save(path)
    loaded = (
        real_keras.saving.load_model(path)
        if direction == "nnext_to_keras"
        else nkeras.models.load_model(path)
    )
    np.testing.assert_allclose(
        np.asarray(loaded.predict(data, verbose=0)),
        np.asarray(source.predict(data, verbose=0)),
        rtol=1e-4,
        atol=1e-5,
    )
