"""ReversibleEmbedding against Keras 3 (numpy backend, in-process) with the same weights:
forward embedding, reverse logits (tied and untied, soft cap), shapes, configs, a fit."""

import os

os.environ.setdefault("KERAS_BACKEND", "numpy")

import keras as real_keras
import numpy as np
import pytest

from nnext import keras as nkeras
from nnext.keras import layers

IDS = np.array([[1, 4, 0], [2, 2, 3]])
HIDDEN = np.random.default_rng(0).standard_normal((2, 3, 6)).astype("float32")


# Keras's numpy backend reads its variables through a deprecated NumPy path.
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"tie_weights": False},
        {"logit_soft_cap": 2.0},
        {"mask_zero": True, "tie_weights": False},
    ],
)
def test_reversible_embedding_matches_keras(kwargs):
    theirs = real_keras.layers.ReversibleEmbedding(5, 6, **kwargs)
    mine = layers.ReversibleEmbedding(5, 6, **kwargs)
    theirs.build()
    mine.build()
    assert [w.path.split("/")[-1] for w in theirs.weights] == [
        w.name.split("/")[-1].split(":")[0] for w in mine.weights
    ]
    mine.set_weights(theirs.get_weights())
    np.testing.assert_allclose(mine(IDS).numpy(), np.asarray(theirs(IDS)), rtol=1e-6)
    np.testing.assert_allclose(
        mine(HIDDEN, reverse=True).numpy(),
        np.asarray(theirs(HIDDEN, reverse=True)),
        rtol=1e-5,
        atol=1e-6,
    )
    want_config, got_config = theirs.get_config(), mine.get_config()
    want_config.pop("name"), got_config.pop("name")
    assert got_config == want_config


def test_functional_shapes_and_fit():
    ids = nkeras.Input((3,), dtype="int32")
    embedding = layers.ReversibleEmbedding(7, 4)
    hidden = embedding(ids)
    logits = embedding(layers.Dense(4)(hidden), reverse=True)
    assert hidden.shape == (None, 3, 4) and logits.shape == (None, 3, 7)
    model = nkeras.Model(ids, logits)
    model.compile("adam", nkeras.losses.SparseCategoricalCrossentropy(from_logits=True))
    data = np.random.default_rng(1).integers(0, 7, (16, 3))
    history = model.fit(data, data, epochs=3, verbose=0)
    assert history.history["loss"][-1] < history.history["loss"][0]


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_keras_files_move_both_ways(tmp_path):
    def build(k):
        ids = k.Input((3,), dtype="int32")
        embedding = k.layers.ReversibleEmbedding(5, 6, tie_weights=False, name="tied")
        return k.Model(ids, embedding(k.layers.Dense(6, name="mix")(embedding(ids)), reverse=True))

    theirs = build(real_keras)
    theirs.save(tmp_path / "keras.keras")
    mine = nkeras.models.load_model(tmp_path / "keras.keras")
    want = theirs.predict(IDS, verbose=0)
    np.testing.assert_allclose(mine.predict(IDS, verbose=0), want, rtol=1e-5, atol=1e-6)
    mine.save(tmp_path / "nnext.keras")
    back = real_keras.saving.load_model(tmp_path / "nnext.keras")
    np.testing.assert_allclose(back.predict(IDS, verbose=0), want, rtol=1e-5, atol=1e-6)
