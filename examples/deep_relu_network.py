"""A deep network of ReLU layers with a sigmoid output on scikit-learn's breast-cancer data:
30 -> 32 -> 16 -> 8 -> 1, binary cross-entropy, Adam, mini-batches of 32.

    python examples/deep_relu_network.py [--epochs 30]
"""

import argparse

import breast_cancer_data

import nnext
from nnext.keras import layers, models


def main(epochs):
    nnext.random.set_seed(0)
    (x_train, y_train), (x_test, y_test) = breast_cancer_data.load()
    model = models.Sequential(
        [
            layers.Input((30,)),
            layers.Dense(32, activation="relu"),
            layers.Dense(16, activation="relu"),
            layers.Dense(8, activation="relu"),
            layers.Dense(1, activation="sigmoid"),
        ]
    )
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    history = model.fit(
        x_train, y_train, epochs=epochs, batch_size=32, validation_split=0.1, verbose=2
    )
    loss, accuracy = model.evaluate(x_test, y_test, verbose=0)
    print(f"final training loss: {history.history['loss'][-1]:.4f}")
    print(f"test loss: {loss:.4f}")
    print(f"test accuracy: {accuracy:.4f}")
    return accuracy


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=30)
    main(parser.parse_args().epochs)
