"""A subclassed `Model` built from custom layers that create their weights with
`add_weight`, trained with `fit` on scikit-learn's digits (8x8 images, 10 classes).

    python examples/custom_model.py [--epochs 20]
"""

import argparse

import numpy as np
from sklearn.datasets import load_digits

import nnext
from nnext.keras import Model, layers


class MyDense(layers.Layer):
    """`relu(x @ kernel + bias)` (or no activation for the output layer)."""

    def __init__(self, units, relu=True):
        super().__init__()
        self.units = units
        self.relu = relu

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units), name="kernel")
        self.bias = self.add_weight(shape=(self.units,), initializer="zeros", name="bias")

    def call(self, inputs):
        out = inputs @ self.kernel + self.bias
        return nnext.nn.relu(out) if self.relu else out


class MyModel(Model):
    def __init__(self):
        super().__init__()
        self.fc1 = MyDense(64)
        self.fc2 = MyDense(32)
        self.fc3 = MyDense(10, relu=False)

    def call(self, inputs, training=None):
        return self.fc3(self.fc2(self.fc1(inputs)))


def main(epochs):
    nnext.random.set_seed(0)
    digits = load_digits()
    x = (digits.data / 16.0).astype("float32")
    y = digits.target
    order = np.random.default_rng(0).permutation(len(x))
    x, y = x[order], y[order]
    model = MyModel()
    model.compile(
        optimizer="adam",
        loss=nnext.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=["accuracy"],
    )
    model.fit(x[:1500], y[:1500], epochs=epochs, batch_size=32, verbose=2)
    loss, accuracy = model.evaluate(x[1500:], y[1500:], verbose=0)
    model.summary()
    print(f"test loss: {loss:.4f}")
    print(f"test accuracy: {accuracy:.4f}")
    return accuracy


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=20)
    main(parser.parse_args().epochs)
