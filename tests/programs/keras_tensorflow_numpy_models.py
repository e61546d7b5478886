"""Keras example "Writing Keras Models With TensorFlow NumPy"
(keras.io/examples/keras_recipes/tensorflow_numpy_models): a subclassed regression model
whose build makes its weights with add_weight and whose call is `tnp.matmul` and
`tnp.maximum`; a loss written with `tnp.mean`/`tnp.square`; a TNPDense layer mixed with
Keras's Dense in Sequential models; the same under `tf.distribute.get_strategy()`'s scope;
and fits logged with the TensorBoard callback.

Changed from the example: the imports; the data (no network here): Boston-housing-shaped
arrays (404 training and 102 test rows of 13 features on the dataset's scales, prices from
5 to 50 in thousands, depending on the features) in place of
`keras.datasets.boston_housing.load_data`; 30 epochs instead of 200; the TensorBoard logs
go to a temporary directory; the weights start from a fixed seed.
"""

import os
import shutil
import tempfile

os.environ["KERAS_BACKEND"] = "tensorflow"

import numpy as np

import nnext as tf
import nnext.experimental.numpy as tnp
from nnext import keras
from nnext.keras import layers


def boston_shaped(n, rng):
    """Rows of 13 features on Boston housing's scales and prices that depend on them."""
    scales = np.array([3.6, 11.4, 11.1, 0.07, 0.55, 6.3, 68.6, 3.8, 9.5, 408.2, 18.5, 356.7, 12.7])
    x = scales * rng.lognormal(0.0, 0.3, (n, 13))
    price = 22.5 + 4.0 * (x[:, 5] - 6.3) - 0.5 * (x[:, 12] - 12.7) + rng.normal(0, 2.0, n)
    return x.astype("float64"), np.clip(price, 5.0, 50.0)


rng = np.random.default_rng(113)
(x_train, y_train), (x_test, y_test) = boston_shaped(404, rng), boston_shaped(102, rng)
# Not in the example: a fixed seed, so that the five small nets start from the same weights
# on every run (see the checks at the end).
keras.utils.set_random_seed(5)
input_dim = x_train.shape[1]
EPOCHS = 30
errors = []


def evaluate_model(model: keras.Model):
    _, percent_error = model.evaluate(x_test, y_test, verbose=0)
    print("Mean absolute percent error before training: ", percent_error)
    before = percent_error
    model.fit(x_train, y_train, epochs=EPOCHS, verbose=0)
    _, percent_error = model.evaluate(x_test, y_test, verbose=0)
    print("Mean absolute percent error after training:", percent_error)
    errors.append((before, percent_error))


class TNPForwardFeedRegressionNetwork(keras.Model):
    def __init__(self, blocks=None, **kwargs):
        super().__init__(**kwargs)
        if not isinstance(blocks, list):
            raise ValueError(f"blocks must be a list, got blocks={blocks}")  # noqa: TRY004
        self.blocks = blocks
        self.block_weights = None
        self.biases = None

    def build(self, input_shape):
        current_shape = input_shape[1]
        self.block_weights = []
        self.biases = []
        for i, block in enumerate(self.blocks):
            self.block_weights.append(
                self.add_weight(
                    shape=(current_shape, block),
                    trainable=True,
                    name=f"block-{i}",
                    initializer="glorot_normal",
                )
            )
            self.biases.append(
                self.add_weight(
                    shape=(block,),
                    trainable=True,
                    name=f"bias-{i}",
                    initializer="zeros",
                )
            )
            current_shape = block

        self.linear_layer = self.add_weight(
            shape=(current_shape, 1),
            name="linear_projector",
            trainable=True,
            initializer="glorot_normal",
        )

    def call(self, inputs):
        activations = inputs
        for w, b in zip(self.block_weights, self.biases):
            activations = tnp.matmul(activations, w) + b
            # ReLu activation function
            activations = tnp.maximum(activations, 0.0)

        return tnp.matmul(activations, self.linear_layer)


model = TNPForwardFeedRegressionNetwork(blocks=[3, 3])
model.compile(
    optimizer="adam",
    loss="mean_squared_error",
    metrics=[keras.metrics.MeanAbsolutePercentageError()],
)
evaluate_model(model)


def tnp_mse(y_true, y_pred):
    return tnp.mean(tnp.square(y_true - y_pred), axis=0)


keras.backend.clear_session()
model = TNPForwardFeedRegressionNetwork(blocks=[3, 3])
model.compile(
    optimizer="adam",
    loss=tnp_mse,
    metrics=[keras.metrics.MeanAbsolutePercentageError()],
)
evaluate_model(model)


def tnp_relu(x):
    return tnp.maximum(x, 0)


class TNPDense(keras.layers.Layer):
    def __init__(self, units, activation=None):
        super().__init__()
        self.units = units
        self.activation = activation

    def build(self, input_shape):
        self.w = self.add_weight(
            name="weights",
            shape=(input_shape[1], self.units),
            initializer="random_normal",
            trainable=True,
        )
        self.bias = self.add_weight(
            name="bias",
            shape=(self.units,),
            initializer="zeros",
            trainable=True,
        )

    def call(self, inputs):
        outputs = tnp.matmul(inputs, self.w) + self.bias
        if self.activation:
            return self.activation(outputs)
        return outputs


def create_layered_tnp_model():
    return keras.Sequential(
        [
            TNPDense(3, activation=tnp_relu),
            TNPDense(3, activation=tnp_relu),
            TNPDense(1),
        ]
    )


model = create_layered_tnp_model()
model.compile(
    optimizer="adam",
    loss="mean_squared_error",
    metrics=[keras.metrics.MeanAbsolutePercentageError()],
)
model.build((None, input_dim))
model.summary()
layered_params = model.count_params()

evaluate_model(model)


def create_mixed_model():
    return keras.Sequential(
        [
            TNPDense(3, activation=tnp_relu),
            # The model will have no issue using a normal Dense layer
            layers.Dense(3, activation="relu"),
            # ... or switching back to tnp layers!
            TNPDense(1),
        ]
    )


model = create_mixed_model()
model.compile(
    optimizer="adam",
    loss="mean_squared_error",
    metrics=[keras.metrics.MeanAbsolutePercentageError()],
)
model.build((None, input_dim))
model.summary()

evaluate_model(model)

gpus = tf.config.list_logical_devices("GPU")
if gpus:
    strategy = tf.distribute.MirroredStrategy(gpus)
else:
    # We can fallback to a no-op CPU strategy.
    strategy = tf.distribute.get_strategy()
print("Running with strategy:", str(strategy.__class__.__name__))

with strategy.scope():
    model = create_layered_tnp_model()
    model.compile(
        optimizer="adam",
        loss="mean_squared_error",
        metrics=[keras.metrics.MeanAbsolutePercentageError()],
    )
    model.build((None, input_dim))
    model.summary()
    evaluate_model(model)

keras.backend.clear_session()

log_root = tempfile.mkdtemp()
models = [
    (
        TNPForwardFeedRegressionNetwork(blocks=[3, 3]),
        "TNPForwardFeedRegressionNetwork",
    ),
    (create_layered_tnp_model(), "layered_tnp_model"),
    (create_mixed_model(), "mixed_model"),
]
for model, model_name in models:
    model.compile(
        optimizer="adam",
        loss="mean_squared_error",
        metrics=[keras.metrics.MeanAbsolutePercentageError()],
    )
    model.fit(
        x_train,
        y_train,
        epochs=EPOCHS,
        verbose=0,
        callbacks=[
            keras.callbacks.TensorBoard(log_dir=os.path.join(log_root, f"logs/{model_name}"))
        ],
    )

# What the example shows: models written with TNP train like any Keras model (the percentage
# error falls; a net of 3-unit ReLU layers on the raw features can start with every unit
# dead, as with real Keras, and then stays at 100%: the fixed seed avoids that, and most
# must learn well), the layered model has the weights its layers made
# (13*3+3 + 3*3+3 + 3*1+1), and the TensorBoard callback writes each model's training logs.
print("errors (before, after):", errors)
assert len(errors) == 5
assert all(after < before for before, after in errors), errors
assert sum(after < 60 for _, after in errors) >= 3, errors
assert layered_params == 58
for _, model_name in models:
    assert os.listdir(os.path.join(log_root, "logs", model_name, "train")), model_name
shutil.rmtree(log_root)
