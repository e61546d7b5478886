"""The same 4-3-1 sigmoid network, trained with a `GradientTape` and `apply_gradients`.

The middle way: call the model, compute the loss with a loss object, take the gradients of
the trainable weights and let the optimizer apply them.

    python examples/mlp_gradient_tape.py [--epochs 2000]
"""

import argparse

import numpy as np

import nnext
from nnext.keras import layers, losses, models, optimizers

X = np.array([[1.0, 0.0, 1.0, 0.0], [1.0, 0.0, 1.0, 1.0], [0.0, 1.0, 0.0, 1.0]])
Y = np.array([[1.0], [1.0], [0.0]])


def main(epochs):
    nnext.random.set_seed(1)
    model = models.Sequential(
        [
            layers.Dense(3, activation="sigmoid", input_shape=(4,)),
            layers.Dense(1, activation="sigmoid"),
        ]
    )
    mse = losses.MeanSquaredError()
    optimizer = optimizers.SGD(0.1)
    for _ in range(epochs):
        for x, y in zip(X, Y):
            with nnext.GradientTape() as tape:
                x = nnext.convert_to_tensor(np.array([x]), dtype=nnext.float64)
                y = nnext.convert_to_tensor(np.array([y]), dtype=nnext.float64)
                loss = mse(y, model(x))
            grads = tape.gradient(loss, model.trainable_weights)
            optimizer.apply_gradients(zip(grads, model.trainable_weights))
    predictions = model(X).numpy()
    loss = float(np.mean((predictions - Y) ** 2))
    print("predictions:", predictions.ravel().round(4))
    print(f"final loss: {loss:.6f}")
    return loss


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=2000)
    main(parser.parse_args().epochs)
