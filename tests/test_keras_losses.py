"""Each loss against its Keras 3 formula, worked out in NumPy (and Keras's documented values)."""

import numpy as np
import pytest

import nnext
from nnext.keras import losses

EPS = 1e-7
Y_TRUE = np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0]], dtype=np.float32)
PROBS = np.array([[0.05, 0.95, 0.0], [0.1, 0.8, 0.1]], dtype=np.float32)
LOGITS = np.array([[1.0, 3.0, -2.0], [0.5, 2.5, 40.0]], dtype=np.float32)


def value(t):
    return np.asarray(t.numpy(), dtype=np.float64)


def np_log_softmax(z):
    z = z - z.max(-1, keepdims=True)
    return z - np.log(np.exp(z).sum(-1, keepdims=True))


def np_cce(t, p):
    p = np.clip(p / p.sum(-1, keepdims=True), EPS, 1 - EPS)
    return -(t * np.log(p)).sum(-1)


def np_bce(t, p):
    p = np.clip(p, EPS, 1 - EPS)
    return -(t * np.log(p) + (1 - t) * np.log(1 - p)).mean(-1)


def test_categorical_crossentropy_matches_keras_example():
    # keras.losses.categorical_crossentropy's docstring: [0.0513, 2.303]
    got = value(losses.categorical_crossentropy(Y_TRUE, PROBS))
    np.testing.assert_allclose(got, [0.0513, 2.303], atol=1e-3)
    np.testing.assert_allclose(got, np_cce(Y_TRUE, PROBS), rtol=1e-6)


def test_categorical_crossentropy_object_reduces_over_batch():
    got = float(losses.CategoricalCrossentropy()(Y_TRUE, PROBS))
    assert got == pytest.approx(np_cce(Y_TRUE, PROBS).mean(), rel=1e-6)


def test_categorical_crossentropy_from_logits_is_stable():
    got = value(losses.categorical_crossentropy(Y_TRUE, LOGITS, from_logits=True))
    expected = -(Y_TRUE * np_log_softmax(LOGITS.astype(np.float64))).sum(-1)
    np.testing.assert_allclose(got, expected, rtol=1e-5)
    assert np.isfinite(got).all()


def test_categorical_crossentropy_label_smoothing():
    got = float(losses.CategoricalCrossentropy(label_smoothing=0.1)(Y_TRUE, PROBS))
    smoothed = Y_TRUE * 0.9 + 0.1 / 3
    assert got == pytest.approx(np_cce(smoothed, PROBS).mean(), rel=1e-6)


def test_sparse_categorical_crossentropy_matches_keras_example():
    labels = np.array([1, 2])
    got = value(losses.sparse_categorical_crossentropy(labels, PROBS))
    np.testing.assert_allclose(got, [0.0513, 2.303], atol=1e-3)
    column = value(losses.sparse_categorical_crossentropy(labels.reshape(2, 1), PROBS))
    np.testing.assert_allclose(column, got)


def test_sparse_categorical_crossentropy_from_logits():
    labels = np.array([1, 2])
    got = float(losses.SparseCategoricalCrossentropy(from_logits=True)(labels, LOGITS))
    expected = -np_log_softmax(LOGITS.astype(np.float64))[[0, 1], labels].mean()
    assert got == pytest.approx(expected, rel=1e-5)


def test_binary_crossentropy_matches_keras_example():
    t = np.array([[0.0, 1.0], [0.0, 0.0]], dtype=np.float32)
    p = np.array([[0.6, 0.4], [0.4, 0.6]], dtype=np.float32)
    got = value(losses.binary_crossentropy(t, p))
    np.testing.assert_allclose(got, [0.916, 0.714], atol=1e-3)
    np.testing.assert_allclose(got, np_bce(t, p), rtol=1e-6)


def test_binary_crossentropy_clips_saturated_probabilities():
    t = np.array([[1.0, 0.0]], dtype=np.float32)
    p = np.array([[0.0, 1.0]], dtype=np.float32)
    got = float(losses.BinaryCrossentropy()(t, p))
    # In float32, as Keras computes it: the bound 1 - 1e-7 rounds to 1 - 2**-23.
    assert got == pytest.approx(float(np_bce(t, p).mean()), rel=1e-5)
    assert np.isfinite(got)


def test_binary_crossentropy_from_logits_and_smoothing():
    t = np.array([[0.0, 1.0], [1.0, 0.0]], dtype=np.float32)
    z = np.array([[-1.5, 2.0], [30.0, -0.2]], dtype=np.float64)
    got = float(losses.BinaryCrossentropy(from_logits=True, label_smoothing=0.2)(t, z))
    ts = t * 0.8 + 0.1
    expected = (np.maximum(z, 0) - z * ts + np.log1p(np.exp(-np.abs(z)))).mean()
    assert got == pytest.approx(expected, rel=1e-5)


def test_mean_squared_and_absolute_error():
    t = np.array([[0.0, 1.0], [0.0, 0.0]])
    p = np.array([[1.0, 1.0], [1.0, 0.0]])
    assert float(losses.MeanSquaredError()(t, p)) == pytest.approx(0.5)
    assert float(losses.MeanAbsoluteError()(t, p)) == pytest.approx(0.5)
    np.testing.assert_allclose(value(losses.mse(t, p)), [0.5, 0.5])
    assert losses.MSE is losses.mse is losses.mean_squared_error


def test_huber_matches_keras_example():
    # keras.losses.huber's docstring: 0.155
    t = [[0.0, 1.0], [0.0, 0.0]]
    p = [[0.6, 0.4], [0.4, 0.6]]
    assert float(losses.Huber()(t, p)) == pytest.approx(0.155, abs=1e-3)
    e = np.array([3.0, -0.5])
    got = float(losses.Huber(delta=1.0)(np.zeros((1, 2)), e.reshape(1, 2)))
    assert got == pytest.approx(np.mean([3.0 - 0.5, 0.125]))


def test_hinge_converts_binary_labels():
    t = np.array([[0.0, 1.0], [1.0, 0.0]])
    p = np.array([[0.3, 0.8], [-0.4, -1.5]])
    expected = np.maximum(1 - (2 * t - 1) * p, 0).mean()
    assert float(losses.Hinge()(t, p)) == pytest.approx(expected, rel=1e-6)


def test_kl_divergence():
    t = np.array([[0.2, 0.8], [1.0, 0.0]])
    p = np.array([[0.5, 0.5], [0.9, 0.1]])
    tc, pc = np.clip(t, EPS, 1), np.clip(p, EPS, 1)
    expected = (tc * np.log(tc / pc)).sum(-1).mean()
    assert float(losses.KLDivergence()(t, p)) == pytest.approx(expected, rel=1e-5)


def test_sample_weight_and_reductions():
    t = np.array([[1.0], [0.0], [2.0]])
    p = np.zeros((3, 1))
    loss = losses.MeanSquaredError()
    assert float(loss(t, p, sample_weight=[1.0, 1.0, 0.5])) == pytest.approx((1 + 0 + 2) / 3)
    assert float(losses.MeanSquaredError(reduction="sum")(t, p)) == pytest.approx(5.0)
    assert value(losses.MeanSquaredError(reduction=None)(t, p)).tolist() == [1.0, 0.0, 4.0]
    with pytest.raises(ValueError, match="reduction"):
        losses.MeanSquaredError(reduction="average")


def test_loss_gradient_flows_through_tape():
    w = nnext.Variable(np.array([[0.5, -0.5, 0.1]], dtype=np.float32))
    with nnext.GradientTape() as tape:
        loss = losses.CategoricalCrossentropy(from_logits=True)(Y_TRUE[:1], w * 2.0)
    grad = np.asarray(tape.gradient(loss, w).numpy())
    z = np.array([[1.0, -1.0, 0.2]])
    softmax = np.exp(z) / np.exp(z).sum()
    np.testing.assert_allclose(grad, 2.0 * (softmax - Y_TRUE[:1]), rtol=1e-5)


def test_string_names_and_bad_identifiers():
    assert losses.get("mse") is losses.mean_squared_error
    assert isinstance(losses.get("CategoricalCrossentropy"), losses.CategoricalCrossentropy)
    with pytest.raises(ValueError, match="Could not interpret loss identifier: msqe"):
        losses.get("msqe")


def test_mismatched_label_shapes_raise():
    with pytest.raises(ValueError, match=r"categorical_crossentropy: .*target.shape=\(2, 2\)"):
        losses.categorical_crossentropy(np.zeros((2, 2)), PROBS)
    with pytest.raises(ValueError, match="sparse_categorical_crossentropy: .*same shape"):
        losses.sparse_categorical_crossentropy(np.zeros((3,)), PROBS)


def test_config_round_trip():
    loss = losses.BinaryCrossentropy(from_logits=True, label_smoothing=0.1)
    config = loss.get_config()
    assert config == {
        "name": "binary_crossentropy",
        "reduction": "sum_over_batch_size",
        "from_logits": True,
        "label_smoothing": 0.1,
        "axis": -1,
    }
    assert losses.BinaryCrossentropy.from_config(config).get_config() == config


@pytest.mark.parametrize(
    "loss",
    [
        losses.MeanSquaredError(),
        losses.MeanAbsoluteError(),
        losses.Huber(),
        losses.Hinge(),
        losses.KLDivergence(),
    ],
)
def test_regression_losses_refuse_to_broadcast_labels(loss):
    with pytest.raises(ValueError, match=r"y_true.shape=\(4, 3\), y_pred.shape=\(4, 2\)"):
        loss(np.zeros((4, 3)), np.zeros((4, 2)))
    assert float(loss(np.zeros(4), np.zeros((4, 1)))) >= 0.0
