"""`Model.summary` cells too long for their column: Keras's rich table breaks a cell before
the word that no longer fits and crops a word longer than the column with an ellipsis
("input_layer_1[0]…"), as the Siamese-network example's summary shows; compared byte for
byte with real Keras 3 at several terminal widths."""

import pytest
from keras_reference import keras_numpy

from nnext import keras


def siamese_like(k):
    """A shared sub-model called on two inputs (long "Connected to" entries) and layers
    whose names are longer than the first column."""
    # Fresh name counters: the auto-names ("functional", "lambda") then match whatever
    # models earlier tests made.
    k.backend.clear_session()
    inputs = k.layers.Input((6,))
    x = k.layers.BatchNormalization(name="batch_normalization_with_a_long_name")(inputs)
    x = k.layers.Dense(3, activation="tanh", name="d")(x)
    embedding = k.Model(inputs, x, name="embedding")
    input_1 = k.layers.Input((6,), name="first_input_of_the_pair")
    input_2 = k.layers.Input((6,), name="second_input_of_the_pair")
    tower_1, tower_2 = embedding(input_1), embedding(input_2)
    # output_shape given: Keras's NumPy backend infers a Lambda's shape unreliably.
    distance = k.layers.Lambda(
        lambda t: k.ops.sum(t[0] - t[1], axis=1, keepdims=True), output_shape=(1,)
    )([tower_1, tower_2])
    return k.Model([input_1, input_2], distance), embedding


@pytest.mark.parametrize("columns", [50, 80, 120])
def test_long_cells_are_cropped_with_an_ellipsis_as_keras(columns, monkeypatch):
    monkeypatch.setenv("COLUMNS", str(columns))
    real = keras_numpy()
    for ours, theirs in zip(siamese_like(keras), siamese_like(real)):
        ours_printed, theirs_printed = [], []
        ours.summary(print_fn=ours_printed.append)
        theirs.summary(print_fn=theirs_printed.append)
        assert ours_printed == theirs_printed


def test_the_crop_keeps_a_line_of_the_column_width(monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    printed = []
    siamese_like(keras)[0].summary(print_fn=printed.append)
    rows = printed[0].splitlines()
    assert any("…" in row for row in rows)
    assert len({len(row) for row in rows if row.startswith(("│", "┃"))}) == 1
