"""Behaviour of the catalog's layers that Keras's numbers cannot pin (moved from
test_keras_layers_catalog.py): the random layers (GaussianNoise, GaussianDropout,
AlphaDropout, SpatialDropout) by their statistics, Keras's errors for bad arguments and
inputs, the initializers' defining properties, regularizer/constraint lookup and
serialization, Masking, and BatchNormalization frozen or under a mask."""

import numpy as np
import pytest
from keras_layers_catalog_cases import PADDED
from keras_layers_catalog_harness import data


def nnext_layers():
    from nnext.keras import layers

    return layers


def test_gaussian_noise_adds_fresh_noise_of_the_given_stddev():
    layer = nnext_layers().GaussianNoise(0.3, seed=4)
    x = np.zeros((200, 100), "float32")
    first, second = np.asarray(layer(x, training=True)), np.asarray(layer(x, training=True))
    assert abs(first.mean()) < 0.01 and abs(first.std() - 0.3) < 0.01
    assert not np.array_equal(first, second)  # a new draw on every call
    again = np.asarray(nnext_layers().GaussianNoise(0.3, seed=4)(x, training=True))
    np.testing.assert_array_equal(first, again)  # reproducible from the seed
    np.testing.assert_array_equal(np.asarray(layer(x)), x)  # inference: the identity


def test_gaussian_dropout_multiplies_by_mean_one_noise():
    rate = 0.2
    y = np.asarray(nnext_layers().GaussianDropout(rate)(np.ones((200, 100)), training=True))
    assert abs(y.mean() - 1.0) < 0.01
    assert abs(y.std() - np.sqrt(rate / (1 - rate))) < 0.01


def alpha_dropout_map(rate):
    """AlphaDropout's `(a, b, dropped_value)`: kept x become `a * x + b`."""
    alpha_p = -1.6732632423543772 * 1.0507009873554805
    a = ((1 - rate) * (1 + rate * alpha_p**2)) ** -0.5
    b = -a * alpha_p * rate
    return a, b, a * alpha_p + b


def test_alpha_dropout_keeps_mean_and_variance():
    rate = 0.3
    layer = nnext_layers().AlphaDropout(rate, seed=1)
    x = np.random.default_rng(0).standard_normal((400, 100)).astype("float32")
    y = np.asarray(layer(x, training=True))
    assert abs(y.mean()) < 0.02 and abs(y.var() - 1.0) < 0.03
    a, b, dropped_value = alpha_dropout_map(rate)
    dropped = np.isclose(y, dropped_value)
    np.testing.assert_allclose(y[~dropped], a * x[~dropped] + b, rtol=1e-5, atol=1e-6)
    assert abs(dropped.mean() - rate) < 0.01
    # noise_shape (None, 1): one draw per example, shared by its features.
    rows = np.asarray(nnext_layers().AlphaDropout(0.5, noise_shape=(None, 1))(x, training=True))
    row_dropped = np.isclose(rows, alpha_dropout_map(0.5)[2])
    assert np.all(row_dropped.all(axis=1) | ~row_dropped.any(axis=1))
    assert 0 < row_dropped.all(axis=1).mean() < 1


@pytest.mark.parametrize(
    "name, shape, kwargs, channel_axis",
    [
        ("SpatialDropout1D", (50, 7, 20), {}, -1),
        ("SpatialDropout2D", (50, 4, 5, 20), {}, -1),
        ("SpatialDropout2D", (50, 20, 4, 5), {"data_format": "channels_first"}, 1),
        ("SpatialDropout3D", (50, 2, 3, 2, 20), {}, -1),
    ],
)
def test_spatial_dropout_drops_whole_channels(name, shape, kwargs, channel_axis):
    layer = getattr(nnext_layers(), name)(0.4, **kwargs)
    y = np.moveaxis(np.asarray(layer(np.ones(shape), training=True)), channel_axis, 1)
    maps = y.reshape(shape[0], shape[channel_axis], -1)
    dropped = (maps == 0).all(axis=-1)
    kept = np.isclose(maps, 1 / 0.6).all(axis=-1)
    assert np.all(dropped | kept)
    assert abs(dropped.mean() - 0.4) < 0.06


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda L: L.GaussianNoise(1.5), r"argument `stddev`.*Received: stddev=1.5"),
        (lambda L: L.GaussianDropout(-0.1), r"argument `rate`.*Received: rate=-0.1"),
        (lambda L: L.AlphaDropout(2), r"argument `rate`.*Received: rate=2"),
        (lambda L: L.SpatialDropout2D(0.1, data_format="nhwc"), r"Received: data_format=nhwc"),
        (lambda L: L.GroupNormalization(groups=0), r"Received: groups=0"),
        (lambda L: L.BatchNormalization(synchronized=True), r"synchronized=True"),
    ],
)
def test_bad_arguments_raise_keras_errors(make, message):
    with pytest.raises(ValueError, match=message):
        make(nnext_layers())


def test_bad_inputs_raise_keras_errors():
    L = nnext_layers()
    with pytest.raises(ValueError, match=r"expected ndim=3, found ndim=2"):
        L.SpatialDropout1D(0.5)(np.ones((2, 3)), training=True)
    with pytest.raises(ValueError, match=r"Number of groups \(4\) must be a multiple"):
        L.GroupNormalization(groups=4)(np.ones((2, 6)))
    with pytest.raises(ValueError, match=r"cannot be more than the number of channels \(2\)"):
        L.GroupNormalization(groups=4)(np.ones((2, 2)))
    with pytest.raises(ValueError, match=r"Axis 2 is out of bounds for input shape \(2, 3\)"):
        L.LayerNormalization(axis=2)(np.ones((2, 3)))
    with pytest.raises(TypeError, match=r"Expected an int or a list/tuple of ints"):
        L.LayerNormalization(axis="x")


@pytest.mark.parametrize("shape", [(6, 6), (3, 8), (10, 4), (2, 3, 5)])
def test_orthogonal_initializer_is_orthogonal(shape):
    from nnext.keras import initializers

    w = initializers.get({"class_name": "OrthogonalInitializer", "config": {"gain": 1.5}})(shape)
    w = np.asarray(w).reshape(-1, shape[-1])
    gram = w @ w.T if w.shape[0] <= w.shape[1] else w.T @ w
    np.testing.assert_allclose(gram, 2.25 * np.eye(len(gram)), atol=1e-5)
    with pytest.raises(ValueError, match=r"at least two-dimensional. Received: shape=\(3,\)"):
        initializers.Orthogonal()((3,))


@pytest.mark.parametrize(
    "name, bound",
    # The truncated normal's stddev is divided by 0.8796... to keep the variance 1 / fan_in.
    [("lecun_uniform", np.sqrt(3 / 400)), ("lecun_normal", 2 / np.sqrt(400) / 0.8796256610)],
)
def test_lecun_initializers_scale_by_fan_in(name, bound):
    from nnext.keras import initializers

    w = np.asarray(initializers.get(name)((400, 300)))
    assert np.abs(w).max() <= bound * (1 + 1e-6)
    assert abs(w.std() - np.sqrt(1 / 400)) < 0.02 * np.sqrt(1 / 400)


def test_identity_initializer_and_its_errors():
    from nnext.keras import initializers

    np.testing.assert_array_equal(
        np.asarray(initializers.identity(3.0)((2, 3))), 3.0 * np.eye(2, 3)
    )
    with pytest.raises(ValueError, match=r"only be used for 2D matrices"):
        initializers.Identity()((2, 2, 2))


def test_regularizer_and_constraint_lookup_and_errors():
    from nnext.keras import constraints, regularizers

    assert isinstance(
        regularizers.get("orthogonal_regularizer"), regularizers.OrthogonalRegularizer
    )
    assert isinstance(
        regularizers.get({"class_name": "L1L2", "config": {"l1": 0.5}}), regularizers.L1L2
    )
    assert isinstance(constraints.get("max_norm"), constraints.MaxNorm)
    assert isinstance(constraints.get("NonNeg"), constraints.NonNeg)
    with pytest.raises(ValueError, match=r"Could not interpret regularizer identifier: l3"):
        regularizers.get("l3")
    with pytest.raises(ValueError, match=r"Could not interpret constraint identifier: wide"):
        constraints.get("wide")
    with pytest.raises(ValueError, match=r"expected a non-negative float.Received: l2=-1"):
        regularizers.L2(-1)
    with pytest.raises(ValueError, match=r"Received: mode=diagonal"):
        regularizers.OrthogonalRegularizer(mode="diagonal")
    with pytest.raises(ValueError, match=r"must have rank 2. Received: inputs.shape=\(3,\)"):
        regularizers.OrthogonalRegularizer()(np.ones(3, "float32"))


def test_masking_computes_keras_mask():
    mask = nnext_layers().Masking(mask_value=0.5).compute_mask(PADDED)
    np.testing.assert_array_equal(
        np.asarray(mask), [[True, False, True, True], [True] * 4, [True, True, True, False]]
    )


def test_constraints_serialize_under_keras_namespace():
    from nnext.keras import constraints
    from nnext.keras.saving import deserialize_keras_object, serialize_keras_object

    config = serialize_keras_object(constraints.MinMaxNorm(0.5, 2.0, rate=0.3, axis=1))
    assert config == {
        "module": "keras.constraints",
        "class_name": "MinMaxNorm",
        "config": {"min_value": 0.5, "max_value": 2.0, "rate": 0.3, "axis": 1},
        "registered_name": None,
    }
    restored = deserialize_keras_object(config)
    assert isinstance(restored, constraints.MinMaxNorm) and restored.rate == 0.3


def test_frozen_batch_normalization_runs_in_inference_mode():
    """Keras 3: `trainable=False` makes BatchNormalization use and keep its moving
    statistics even when called with training=True (how a frozen model is fine-tuned)."""
    layer = nnext_layers().BatchNormalization()
    x = data((8, 3))
    layer(x)
    before = layer.get_weights()
    layer.trainable = False
    frozen = np.asarray(layer(x, training=True))
    np.testing.assert_allclose(frozen, np.asarray(layer(x, training=False)))
    for b, a in zip(before, layer.get_weights()):
        np.testing.assert_array_equal(a, b)
    assert layer.trainable_weights == [] and len(layer.non_trainable_weights) == 4


def test_masked_batch_statistics_ignore_masked_steps():
    """With a mask, BatchNormalization's batch moments count only the unmasked steps."""
    layer = nnext_layers().BatchNormalization(momentum=0.0, center=False, scale=False)
    x = data((2, 5, 3))
    mask = np.array([[True, True, False, True, False], [True, False, True, True, True]])
    layer(x, training=True, mask=mask)
    kept = x[mask]
    np.testing.assert_allclose(layer.moving_mean.numpy(), kept.mean(0), rtol=1e-5)
    np.testing.assert_allclose(layer.moving_variance.numpy(), kept.var(0), rtol=1e-4)
