"""Automatic model names after Sequential models: Keras wraps a Sequential model's layer
graph in a new automatically named Functional each time it builds (at construction from an
Input, at each `add` once the input is known, at the first call, symbolic or eager), so the models a program
makes afterwards are 'functional_2' and so on (the Vision Transformer example's summary
shows it); compared with real Keras 3."""

import numpy as np
from keras_reference import keras_numpy

from nnext import keras


def model_names(k):
    k.backend.clear_session()
    names = []
    with_input = k.Sequential([k.Input((3,)), k.layers.Dense(2)])
    grown = k.Sequential()
    grown.add(k.Input((3,)))
    grown.add(k.layers.Dense(4))
    grown.add(k.layers.Dense(2))
    called = k.Sequential([k.layers.Dense(2)], name="called")
    inputs = k.Input((3,))
    outputs = called(with_input(inputs) + grown(inputs))
    names.append(k.Model(inputs, outputs).name)
    called_eagerly = k.Sequential([k.layers.Dense(1)])
    called_eagerly(np.ones((4, 3), "float32"))
    names.append(k.Model(inputs, k.layers.Dense(1)(inputs)).name)
    return names + [with_input.name, grown.name, called_eagerly.name]


def test_models_after_sequential_models_are_named_as_keras_names_them():
    ours = model_names(keras)
    assert ours == model_names(keras_numpy())
    assert ours[:2] == ["functional_4", "functional_6"]
