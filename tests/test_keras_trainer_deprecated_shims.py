"""`model.compiled_metrics.update_state` and `model.compiled_loss`, the Keras 2 names Keras 3
keeps on its TensorFlow trainer for old `train_step` overrides, compared with real Keras 3.

TensorFlow is not installed, so Keras's TensorFlow trainer cannot be imported: its warning
texts are read from its source, and the numbers come from Keras on its numpy backend doing
what that trainer's shims do (update every metric of `model.metrics`, a `Mean` with the
predictions alone; `compute_loss` with no `x`).
"""

import ast
import os
import pathlib

os.environ.setdefault("KERAS_BACKEND", "numpy")

import numpy as np
import pytest

from nnext import keras

real_keras = pytest.importorskip("keras")


def _keras_tf_trainer_warning(function_name):
    """The message `warnings.warn` gets in `function_name` of Keras's TensorFlow trainer."""
    path = pathlib.Path(real_keras.__file__).parent / "src/backend/tensorflow/trainer.py"
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.FunctionDef) and node.name == function_name:
            for call in ast.walk(node):
                if isinstance(call, ast.Call) and getattr(call.func, "attr", "") == "warn":
                    return ast.literal_eval(call.args[0])
    raise AssertionError(f"no warning in Keras's {function_name}")


def _data():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(8, 4)).astype("float32")
    y = rng.integers(3, size=(8,))
    return x, y


def _models(compile_kwargs):
    """The same Dense classifier in nnext and in real Keras, compiled alike."""
    ours = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, kernel_regularizer="l2")])
    theirs = real_keras.Sequential(
        [real_keras.Input((4,)), real_keras.layers.Dense(3, kernel_regularizer="l2")]
    )
    theirs.set_weights(ours.get_weights())
    ours.compile(**compile_kwargs(keras))
    theirs.compile(**compile_kwargs(real_keras))
    return ours, theirs


def test_compiled_metrics_update_state_matches_keras():
    x, y = _data()
    ours, theirs = _models(
        lambda k: {"optimizer": "adam", "metrics": [k.metrics.SparseCategoricalAccuracy()]}
    )
    message = _keras_tf_trainer_warning("_compiled_metrics_update_state")
    with pytest.warns(UserWarning) as caught:
        ours.compiled_metrics.update_state(y, ours(x))
    assert str(caught[0].message) == message

    y_pred = theirs(x)
    for metric in theirs.metrics:  # what Keras's TensorFlow trainer's shim does
        if isinstance(metric, real_keras.metrics.Mean):
            metric.update_state(y_pred)
        else:
            metric.update_state(y, y_pred)
    want = theirs.get_metrics_result()
    got = ours.get_metrics_result()
    assert sorted(got) == sorted(want) == ["loss", "sparse_categorical_accuracy"]
    for name in want:
        np.testing.assert_allclose(got[name], float(want[name]), rtol=1e-6, err_msg=name)


def test_compiled_loss_matches_keras_compute_loss():
    x, y = _data()
    ours, theirs = _models(
        lambda k: {"optimizer": "adam", "loss": k.losses.SparseCategoricalCrossentropy(True)}
    )
    message = _keras_tf_trainer_warning("compiled_loss")
    with pytest.warns(UserWarning) as caught:
        got = ours.compiled_loss(y, ours(x))
    assert str(caught[0].message) == message
    # Keras's compute_loss: the compiled loss plus the layers' penalties (its numpy backend
    # cannot sum that list itself, so the two Keras parts are added here).
    y_pred = theirs(x)
    want = float(theirs._compile_loss(y, y_pred)) + sum(float(p) for p in theirs.losses)
    np.testing.assert_allclose(float(got), float(want), rtol=1e-6)


def test_train_step_override_using_compiled_metrics_fits():
    """A tf.keras-style `train_step` (GradientTape, apply_gradients, compiled_metrics) runs
    under fit; its logs are the metrics' results merged with what it returns."""
    import nnext as tf

    class Custom(keras.Model):
        def train_step(self, data):
            x, y = data
            with tf.GradientTape() as tape:
                y_pred = self(x, training=True)
                loss = keras.losses.sparse_categorical_crossentropy(y, y_pred, from_logits=True)
                loss = tf.reduce_mean(loss)
            grads = tape.gradient(loss, self.trainable_variables)
            self.optimizer.apply_gradients(zip(grads, self.trainable_variables))
            self.compiled_metrics.update_state(y, y_pred)
            results = {m.name: m.result() for m in self.metrics}
            results["my_loss"] = loss
            return results

    inputs = keras.Input((4,))
    model = Custom(inputs, keras.layers.Dense(3)(inputs))
    model.compile(optimizer="adam", metrics=["accuracy"])
    x, y = _data()
    with pytest.warns(UserWarning, match="compiled_metrics"):
        history = model.fit(x, y, epochs=2, verbose=0)
    assert sorted(history.history) == ["accuracy", "loss", "my_loss"]
