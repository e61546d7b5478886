"""Logistic regression as a one-unit network: `sigmoid(x @ w + b)` with binary
cross-entropy, trained by plain gradient descent on scikit-learn's breast-cancer data.

    python examples/logistic_regression.py [--epochs 100]
"""

import argparse

import breast_cancer_data

import nnext
from nnext.keras import layers, models, optimizers


def main(epochs):
    nnext.random.set_seed(0)
    (x_train, y_train), (x_test, y_test) = breast_cancer_data.load()
    model = models.Sequential([layers.Dense(1, activation="sigmoid", input_shape=(30,))])
    model.compile(
        optimizer=optimizers.SGD(learning_rate=0.1),
        loss="binary_crossentropy",
        metrics=["accuracy"],
    )
    model.fit(x_train, y_train, epochs=epochs, batch_size=len(x_train), verbose=0)
    loss, accuracy = model.evaluate(x_test, y_test, verbose=0)
    print(f"test loss: {loss:.4f}")
    print(f"test accuracy: {accuracy:.4f}")
    return accuracy


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=100)
    main(parser.parse_args().epochs)
