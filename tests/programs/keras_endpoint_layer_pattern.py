"""Keras example "Endpoint layer pattern" (keras.io/examples/keras_recipes/endpoint_layer_pattern):
a LogisticEndpoint layer that takes the targets and sample weights as inputs, adds its loss
with `add_loss` and updates a BinaryAccuracy metric it owns; a functional model with three
named inputs trained with fit on a dict and compiled without a loss, an inference-only model
sharing its weights (set_weights) used with predict, and the same endpoint inside a
subclassed model.

Changed from the example: the imports only (the data is already random NumPy arrays of the
example's shapes).
"""

import os

os.environ["KERAS_BACKEND"] = "tensorflow"

import numpy as np

import nnext as tf
from nnext import keras


class LogisticEndpoint(keras.layers.Layer):
    def __init__(self, name=None):
        super().__init__(name=name)
        self.loss_fn = keras.losses.BinaryCrossentropy(from_logits=True)
        self.accuracy_metric = keras.metrics.BinaryAccuracy(name="accuracy")

    def call(self, logits, targets=None, sample_weight=None):
        if targets is not None:
            # Compute the training-time loss value and add it
            # to the layer using `self.add_loss()`.
            loss = self.loss_fn(targets, logits, sample_weight)
            self.add_loss(loss)

            # Log the accuracy as a metric (we could log arbitrary metrics,
            # including different metrics for training and inference.)
            self.accuracy_metric.update_state(targets, logits, sample_weight)

        # Return the inference-time prediction tensor (for `.predict()`).
        return tf.nn.softmax(logits)


inputs = keras.Input((764,), name="inputs")
logits = keras.layers.Dense(1)(inputs)
targets = keras.Input((1,), name="targets")
sample_weight = keras.Input((1,), name="sample_weight")
preds = LogisticEndpoint()(logits, targets, sample_weight)
model = keras.Model([inputs, targets, sample_weight], preds)

data = {
    "inputs": np.random.random((1000, 764)),
    "targets": np.random.random((1000, 1)),
    "sample_weight": np.random.random((1000, 1)),
}

model.compile(keras.optimizers.Adam(1e-3))
functional_history = model.fit(data, epochs=2)

inputs = keras.Input((764,), name="inputs")
logits = keras.layers.Dense(1)(inputs)
preds = LogisticEndpoint()(logits, targets=None, sample_weight=None)
inference_model = keras.Model(inputs, preds)

inference_model.set_weights(model.get_weights())

preds = inference_model.predict(np.random.random((1000, 764)))


class LogReg(keras.Model):
    def __init__(self):
        super().__init__()
        self.dense = keras.layers.Dense(1)
        self.logistic_endpoint = LogisticEndpoint()

    def call(self, inputs):
        # Note that all inputs should be in the first argument
        # since we want to be able to call `model.fit(inputs)`.
        logits = self.dense(inputs["inputs"])
        preds = self.logistic_endpoint(
            logits=logits,
            targets=inputs["targets"],
            sample_weight=inputs["sample_weight"],
        )
        return preds


model = LogReg()
data = {
    "inputs": np.random.random((1000, 764)),
    "targets": np.random.random((1000, 1)),
    "sample_weight": np.random.random((1000, 1)),
}

model.compile(keras.optimizers.Adam(1e-3))
subclassed_history = model.fit(data, epochs=2)

# What the example shows: fit trains on the endpoint's own loss (no loss in compile) and logs
# its accuracy metric; the inference model predicts from the same weights (a softmax over one
# logit, so every prediction is 1).
for history in (functional_history, subclassed_history):
    assert sorted(history.history) == ["accuracy", "loss"], history.history
    assert history.history["loss"][-1] < history.history["loss"][0], history.history
assert preds.shape == (1000, 1)
np.testing.assert_allclose(preds, 1.0)
assert len(inference_model.get_weights()) == 2
