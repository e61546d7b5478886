"""Masks on KerasTensors, as the "Understanding masking & padding" guide uses them: a layer
called on KerasTensors attaches its output mask (`x._keras_mask`, a bool KerasTensor), and a
layer whose `call` takes `mask` receives it while the graph is being built. Compared with
real Keras 3 (its NumPy backend in process; its JAX backend in a child process for the
attention case, whose tensors carry masks)."""

import sys
import warnings

import numpy as np
import pytest
from keras_reference import assert_case_matches, keras_numpy, run_reference, save_reference

import nnext


def describe(x):
    """A KerasTensor's shape and its mask's shape and dtype ('none' without a mask)."""
    mask = getattr(x, "_keras_mask", None)
    mask_text = "none" if mask is None else f"{tuple(mask.shape)} {mask.dtype}"
    return f"{tuple(x.shape)} mask={mask_text}"


def symbolic_masks(k):
    layers = k.layers
    seen = []

    class RecordsMask(layers.Layer):
        def __init__(self):
            super().__init__()
            self.supports_masking = True

        def call(self, inputs, mask=None):
            seen.append(mask is not None)
            return inputs

    class Split(layers.Layer):
        def call(self, inputs):
            return k.ops.split(inputs, 2, axis=1)

        def compute_mask(self, inputs, mask=None):
            return None if mask is None else k.ops.split(mask, 2, axis=1)

    class Drops(layers.Layer):  # supports_masking stays False: the mask is destroyed
        def call(self, inputs):
            return inputs

    out = {}
    ids = k.Input(shape=(None,), dtype="int32")
    out["input"] = describe(ids)
    emb = layers.Embedding(50, 4, mask_zero=True)(ids)
    out["embedding"] = describe(emb)
    dense = layers.Dense(3)(emb)
    out["dense"] = describe(dense)
    out["dense_keeps_the_same_mask"] = str(dense._keras_mask is emb._keras_mask)
    out["recorded"] = describe(RecordsMask()(dense))
    out["lstm_sequences"] = describe(layers.LSTM(5, return_sequences=True)(emb))
    out["lstm_last"] = describe(layers.LSTM(5)(emb))
    fixed = k.Input(shape=(6, 2))
    masked = layers.Masking()(fixed)
    out["masking"] = describe(masked)
    first, second = Split()(masked)
    out["split"] = describe(first) + " | " + describe(second)
    out["unmasked_split"] = describe(Split()(fixed)[0])
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out["dropped"] = describe(Drops()(masked))
    out["call_saw_mask"] = str(seen[0])
    return out


def test_keras_tensors_carry_masks_as_in_keras():
    ours = symbolic_masks(nnext.keras)
    theirs = symbolic_masks(keras_numpy())
    assert ours == theirs
    assert ours["embedding"] == "(None, None, 4) mask=(None, None) bool"
    assert ours["call_saw_mask"] == "True"


def test_a_mask_consuming_layer_gets_its_mask_while_the_graph_is_built():
    """The guide's TemporalSoftmax asserts `mask is not None` in `call`, which runs when it is
    called on KerasTensors; the model then softmaxes over its last axis of size 1."""
    keras = nnext.keras
    ops = keras.ops

    class TemporalSoftmax(keras.layers.Layer):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.supports_masking = True

        def call(self, inputs, mask=None):
            assert mask is not None
            broadcast_float_mask = ops.expand_dims(ops.cast(mask, "float32"), -1)
            inputs_exp = ops.exp(inputs) * broadcast_float_mask
            inputs_sum = ops.sum(inputs_exp * broadcast_float_mask, axis=-1, keepdims=True)
            return inputs_exp / inputs_sum

    inputs = keras.Input(shape=(None,), dtype="int32")
    x = keras.layers.Embedding(input_dim=10, output_dim=8, mask_zero=True)(inputs)
    x = keras.layers.Dense(1)(x)
    outputs = TemporalSoftmax()(x)
    assert tuple(outputs.shape) == (None, None, 1)
    model = keras.Model(inputs, outputs)
    ids = np.array([[1, 2, 0], [3, 0, 0]])
    y = np.asarray(model(ids))
    np.testing.assert_allclose(y[ids != 0], 1.0, rtol=1e-6)
    assert np.isnan(y[ids == 0]).all()


def attention_on_masked_embeddings(k):
    """MultiHeadAttention on Embedding(mask_zero=True) outputs, eagerly and in a model: the
    query's mask masks the attention, and the output carries it."""
    ids = np.array([[3, 5, 0, 0], [1, 2, 4, 0]])
    embedding = k.layers.Embedding(8, 4, mask_zero=True)
    attention = k.layers.MultiHeadAttention(num_heads=2, key_dim=3)
    x = embedding(ids)
    attention(x, x)  # builds it
    rng = np.random.default_rng(0)
    for layer in (embedding, attention):
        layer.set_weights([rng.normal(size=w.shape) for w in layer.get_weights()])
    x = embedding(ids)
    y = attention(x, x)
    inputs = k.Input(shape=(None,), dtype="int32")
    e = embedding(inputs)
    model = k.Model(inputs, attention(e, e))
    # Rows of masked queries attend to nothing; what they hold differs between Keras's
    # backends (JAX's attention kernel, TensorFlow's softmax), so only the kept rows count.
    kept = (ids != 0)[..., None]
    return {
        "eager": np.where(kept, np.asarray(y), 0.0),
        "eager_mask": np.asarray(y._keras_mask),
        "model": np.where(kept, np.asarray(model(ids)), 0.0),
    }


CASES = {"attention_on_masked_embeddings": attention_on_masked_embeddings}


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    return run_reference(__file__, tmp_path_factory.mktemp("masking_guide") / "reference.npz")


def test_multi_head_attention_takes_the_query_mask_from_the_tensor_as_keras(reference):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no "destroys the mask" warning from the projections
        assert_case_matches(
            CASES, "attention_on_masked_embeddings", reference, {"rtol": 1e-5, "atol": 1e-6}
        )


if __name__ == "__main__":
    save_reference(CASES, sys.argv[1])
