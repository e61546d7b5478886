"""Metrics: running values over batches, resets, sample weights, Keras's documented values."""

import numpy as np
import pytest

from nnext.keras import metrics


def test_mean_accumulates_and_resets():
    m = metrics.Mean()
    m.update_state([1, 3, 5, 7])
    assert float(m.result()) == pytest.approx(4.0)
    m.update_state(10.0)
    assert float(m.result()) == pytest.approx(26 / 5)
    m.reset_states()
    assert float(m.result()) == 0.0
    m.update_state([1.0, 2.0], sample_weight=[3.0, 1.0])
    assert float(m.result()) == pytest.approx(5 / 4)
    assert [v.name for v in m.variables] == ["total", "count"]


def test_accuracy_compares_values():
    m = metrics.Accuracy()
    m.update_state([[1], [2], [3], [4]], [[0], [2], [3], [4]])
    assert float(m.result()) == pytest.approx(0.75)
    m.reset_state()
    m.update_state(np.array([1, 2]), np.array([1, 2]))
    assert float(m.result()) == 1.0


def test_binary_accuracy_threshold():
    m = metrics.BinaryAccuracy()
    m.update_state([[1], [1], [0], [0]], [[0.98], [1], [0], [0.6]])
    assert float(m.result()) == pytest.approx(0.75)
    strict = metrics.BinaryAccuracy(threshold=0.99)
    strict.update_state([[1], [1]], [[0.98], [1.0]])
    assert float(strict.result()) == pytest.approx(0.5)


def test_categorical_and_sparse_categorical_accuracy():
    probs = np.array([[0.1, 0.9, 0.8], [0.05, 0.95, 0]], np.float32)
    m = metrics.CategoricalAccuracy()
    m.update_state([[0, 0, 1], [0, 1, 0]], probs)
    assert float(m.result()) == pytest.approx(0.5)
    s = metrics.SparseCategoricalAccuracy()
    s.update_state([[2], [1]], probs)
    assert float(s.result()) == pytest.approx(0.5)
    s.update_state(np.array([1, 1]), probs, sample_weight=[0.0, 2.0])
    assert float(s.result()) == pytest.approx((1 + 2) / 4)


def test_call_updates_and_returns_result():
    m = metrics.Mean(name="loss_meter")
    assert float(m(2.0)) == 2.0 and float(m(4.0)) == 3.0
    assert m.get_config() == {"name": "loss_meter", "dtype": "float32"}


def test_get():
    assert isinstance(metrics.get("categorical_accuracy"), metrics.MeanMetricWrapper)
    assert metrics.get("mae").name == "mean_absolute_error"  # Keras: compile renames it
    with pytest.raises(ValueError, match="Could not interpret metric identifier: acuracy"):
        metrics.get("acuracy")
