"""A 4-3-1 sigmoid network learns three samples, one `train_on_batch` step per sample.

The high-level way: Keras's `compile` with a mean-squared-error loss and SGD(0.1), then
`model.train_on_batch` sample by sample for 2000 epochs (float64 inputs, as NumPy gives).

    python examples/mlp_train_on_batch.py [--epochs 2000]
"""

import argparse

import numpy as np

import nnext
from nnext.keras import layers, losses, models, optimizers

X = np.array([[1.0, 0.0, 1.0, 0.0], [1.0, 0.0, 1.0, 1.0], [0.0, 1.0, 0.0, 1.0]])
Y = np.array([[1.0], [1.0], [0.0]])


def build_model():
    model = models.Sequential(
        [
            layers.Dense(3, activation="sigmoid", input_shape=(4,)),
            layers.Dense(1, activation="sigmoid"),
        ]
    )
    model.compile(loss=losses.mse, optimizer=optimizers.SGD(0.1))
    return model


def main(epochs):
    nnext.random.set_seed(1)
    model = build_model()
    for _ in range(epochs):
        for x, y in zip(X, Y):
            model.train_on_batch(np.array([x]), np.array([y]))
    predictions = model.predict(X, verbose=0)
    loss = float(np.mean((predictions - Y) ** 2))
    print("predictions:", predictions.ravel().round(4))
    print(f"final loss: {loss:.6f}")
    return loss


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=2000)
    main(parser.parse_args().epochs)
