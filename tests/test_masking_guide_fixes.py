"""Masks on KerasTensors, as the "Understanding masking & padding" guide uses them: a layer
called on KerasTensors attaches its output mask (`x._keras_mask`, a bool KerasTensor), and a
layer whose `call` takes `mask` receives it while the graph is being built. Compared with
real Keras 3 on its NumPy backend."""

import numpy as np
from keras_reference import keras_numpy

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
