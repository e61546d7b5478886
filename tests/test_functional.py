"""The functional API: `keras.Input`, layers and operators on KerasTensors, `keras.Model(inputs,
outputs)`, its properties, its errors, and saving it (parity with Keras's training is in
test_keras_functional_parity.py)."""

import json

import numpy as np
import pytest
from keras_reference import keras_numpy

from nnext import keras
from nnext.keras import layers, ops


def two_io_model():
    a = keras.Input((8,), name="a")
    b = keras.Input((4,), name="b")
    shared = layers.Dense(5, activation="relu", name="shared")
    merged = layers.concatenate(
        [shared(layers.Dense(4, name="project")(a)), shared(b)], name="concatenate"
    )
    score = layers.Dense(1, name="score")(merged)
    label = layers.Dense(3, activation="softmax", name="label")(merged)
    return keras.Model(inputs=[a, b], outputs={"score": score, "label": label}, name="two_io")


def data(n=12, seed=0):
    rng = np.random.default_rng(seed)
    return (
        rng.standard_normal((n, 8)).astype("float32"),
        rng.standard_normal((n, 4)).astype("float32"),
    )


def test_input_is_a_symbolic_tensor():
    x = keras.Input(shape=(784,), name="img")
    assert x.shape == (None, 784)
    assert x.dtype == "float32"
    assert repr(x) == (
        "<KerasTensor shape=(None, 784), dtype=float32, sparse=False, ragged=False, name=img>"
    )
    with pytest.raises(TypeError, match="cannot be used as a boolean"):
        bool(x)
    with pytest.raises(ValueError, match="symbolic"):
        np.asarray(x)
    assert keras.Input((3,), batch_size=16).shape == (16, 3)
    assert keras.Input((2,), dtype="int32").dtype == "int32"


def test_layers_and_operators_infer_shapes_without_data():
    x = keras.Input((10, 6))
    assert layers.Dense(3)(x).shape == (None, 10, 3)
    assert layers.Flatten()(x).shape == (None, 60)
    assert layers.Reshape((6, 10))(x).shape == (None, 6, 10)
    assert layers.Permute((2, 1))(x).shape == (None, 6, 10)
    assert (x * 2 + 1).shape == (None, 10, 6)
    assert x[:, 0].shape == (None, 6)
    assert (x @ keras.Input((6, 2), batch_size=None)).shape == (None, 10, 2)
    assert layers.RepeatVector(4)(keras.Input((5,))).shape == (None, 4, 5)
    v = keras.Input((5,))
    assert layers.Dot(axes=1)([v, v]).shape == (None, 1)
    assert layers.Lambda(lambda t: t[:, :2] * 3)(v).shape == (None, 2)


def test_model_properties():
    model = two_io_model()
    assert [t.name for t in model.inputs] == ["a", "b"]
    assert model.input_shape == [(None, 8), (None, 4)]
    assert sorted(model.output_names) == ["label", "score"]
    assert [layer.name for layer in model.layers] == [
        "a",
        "project",
        "b",
        "shared",
        "concatenate",
        "label",
        "score",
    ]
    assert model.get_layer("shared") is model.layers[3]
    assert model.get_layer(index=1).name == "project"
    with pytest.raises(ValueError, match="No such layer: nope"):
        model.get_layer("nope")
    assert model.get_layer("project").output.shape == (None, 4)
    assert model.get_layer("project").input is model.inputs[0]
    shared = model.get_layer("shared")
    assert len(shared._inbound_nodes) == 2  # called on two inputs: one layer, two nodes
    assert len(model.weights) == 2 + 2 + 2 + 2  # project, shared, score, label


def test_calling_runs_the_graph_with_shared_weights():
    model = two_io_model()
    a, b = data()
    out = model([a, b])
    shared = model.get_layer("shared")
    w, bias = (v.numpy() for v in shared.weights)
    project_w, project_b = (v.numpy() for v in model.get_layer("project").weights)
    hidden_a = (a @ project_w + project_b) @ w + bias
    merged = np.concatenate([np.maximum(hidden_a, 0), np.maximum(b @ w + bias, 0)], axis=1)
    score_w, score_b = (v.numpy() for v in model.get_layer("score").weights)
    np.testing.assert_allclose(
        out["score"].numpy(), merged @ score_w + score_b, rtol=1e-5, atol=1e-6
    )
    by_name = model({"a": a, "b": b})
    np.testing.assert_array_equal(by_name["label"].numpy(), out["label"].numpy())


def test_model_as_a_layer_and_sequential_inside():
    inner_in = keras.Input((4,))
    inner = keras.Model(inner_in, layers.Dense(3)(inner_in), name="inner")
    stack = keras.Sequential([layers.Dense(2)])
    x = keras.Input((4,))
    model = keras.Model(x, stack(inner(x)))
    assert model.output_shape == (None, 2)
    values = np.ones((2, 4), "float32")
    np.testing.assert_allclose(model(values).numpy(), stack(inner(values)).numpy(), rtol=1e-6)


def test_bad_graphs_and_inputs_raise_value_errors():
    x = keras.Input((4,))
    other = keras.Input((4,))
    with pytest.raises(ValueError, match="Graph disconnected"):
        keras.Model(x, layers.Add()([x, other]))
    with pytest.raises(
        ValueError,
        match=r"Inputs have incompatible shapes.*\(None, 4\).*"
        r"\(None, 3\)",
    ):
        layers.Add()([x, keras.Input((3,))])
    with pytest.raises(ValueError, match="Concatenate.*matching shapes"):
        layers.Concatenate(axis=1)([keras.Input((2, 3)), keras.Input((4, 5))])
    with pytest.raises(ValueError, match="should be called on a list of inputs"):
        layers.Add()(x)
    model = keras.Model(x, layers.Dense(2)(x))
    with pytest.raises(ValueError, match=r"expected shape=\(None, 4\), found shape=\(3, 5\)"):
        model(np.zeros((3, 5), "float32"))
    with pytest.raises(ValueError, match="expects 1 input"):
        model([np.zeros((3, 4), "float32"), np.zeros((3, 4), "float32")])


def test_unknown_output_names_fail_at_compile():
    model = two_io_model()
    with pytest.raises(
        ValueError,
        match=r"key\(s\) \['scor'\] do not correspond to any model "
        r"output",
    ):
        model.compile(optimizer="adam", loss={"scor": "mse", "label": "mse"})


def test_fit_on_structure_mismatch_fails_before_training():
    model = two_io_model()
    model.compile(optimizer="sgd", loss={"score": "mse", "label": "categorical_crossentropy"})
    a, b = data()
    before = [w.copy() for w in model.get_weights()]
    with pytest.raises(ValueError, match="Data cardinality is ambiguous"):
        model.fit([a, b[:5]], {"score": a[:, :1], "label": a[:, :3]}, verbose=0)
    with pytest.raises(ValueError, match="expects 2 input"):
        model.fit(a, {"score": a[:, :1], "label": a[:, :3]}, verbose=0)
    for w, w0 in zip(model.get_weights(), before):
        np.testing.assert_array_equal(w, w0)


def test_summary_lists_the_graph(capsys):
    two_io_model().summary()
    text = capsys.readouterr().out
    assert 'Model: "two_io"' in text
    assert "shared (Dense)" in text and "(None, 5)" in text
    assert "Total params: 105" in text  # 36 + 25 + 11 + 33


def test_save_and_load_round_trip(tmp_path):
    model = two_io_model()
    model.compile(
        optimizer="adam",
        loss={"score": "mse", "label": "categorical_crossentropy"},
        loss_weights={"score": 2.0, "label": 1.0},
        metrics={"label": ["accuracy"]},
    )
    a, b = data()
    y = {"score": a[:, :1], "label": np.eye(3, dtype="float32")[np.arange(12) % 3]}
    model.fit([a, b], y, epochs=1, verbose=0)
    model.save(tmp_path / "m.keras")
    restored = keras.models.load_model(tmp_path / "m.keras")
    for key, value in model.predict([a, b], verbose=0).items():
        np.testing.assert_array_equal(restored.predict([a, b], verbose=0)[key], value)
    assert [layer.name for layer in restored.layers] == [layer.name for layer in model.layers]
    history = restored.fit([a, b], y, epochs=1, verbose=0).history
    assert sorted(history) == ["label_accuracy", "label_loss", "loss", "score_loss"]
    model.save_weights(tmp_path / "m.weights.h5")
    fresh = two_io_model()
    fresh.load_weights(tmp_path / "m.weights.h5")
    for w, w0 in zip(fresh.get_weights(), model.get_weights()):
        np.testing.assert_array_equal(w, w0)


def test_registered_objects_of_every_kind_save_and_load(tmp_path):
    @keras.saving.register_keras_serializable(package="test_functional")
    class HalfInit(keras.initializers.Initializer):
        def __call__(self, shape, dtype=None):
            return np.full(shape, 0.5, dtype="float32")

        def get_config(self):
            return {}

    @keras.saving.register_keras_serializable(package="test_functional")
    def doubled_relu(x):
        return keras.activations.relu(x) * 2.0

    @keras.saving.register_keras_serializable(package="test_functional")
    class ConstantSchedule(keras.optimizers.schedules.LearningRateSchedule):
        def __init__(self, rate=0.01):
            self.rate = rate

        def __call__(self, step):
            return self.rate

        def get_config(self):
            return {"rate": self.rate}

    class Scale(layers.Layer):  # not registered: found through custom_objects
        def __init__(self, factor=2.0, **kwargs):
            super().__init__(**kwargs)
            self.factor = factor

        def call(self, x):
            return x * self.factor

        def get_config(self):
            return {**super().get_config(), "factor": self.factor}

    x = keras.Input((3,))
    dense = layers.Dense(
        4,
        kernel_initializer=HalfInit(),
        activation=doubled_relu,
        kernel_regularizer=keras.regularizers.L2(0.1),
    )
    model = keras.Model(x, Scale(3.0)(dense(x)))
    model.compile(optimizer=keras.optimizers.SGD(ConstantSchedule(0.02)), loss="mse")
    inputs = np.random.default_rng(1).random((8, 3)).astype("float32")
    model.fit(inputs, np.zeros((8, 4), "float32"), verbose=0)
    model.save(tmp_path / "custom.keras")
    with pytest.raises(ValueError, match="Could not locate class 'Scale'"):
        keras.models.load_model(tmp_path / "custom.keras")
    restored = keras.models.load_model(tmp_path / "custom.keras", custom_objects={"Scale": Scale})
    np.testing.assert_array_equal(
        restored.predict(inputs, verbose=0), model.predict(inputs, verbose=0)
    )
    restored_dense = restored.layers[1]
    assert isinstance(restored_dense.kernel_initializer, HalfInit)
    assert restored_dense.activation is doubled_relu
    assert isinstance(restored.optimizer.learning_rate, ConstantSchedule) or (
        isinstance(getattr(restored.optimizer, "_learning_rate", None), ConstantSchedule)
    )


def test_freezing_a_layer_moves_its_weights_to_non_trainable():
    model = two_io_model()
    model.get_layer("shared").trainable = False
    assert len(model.trainable_weights) == 6
    assert len(model.non_trainable_weights) == 2


def test_built_sequential_models_have_a_functional_view():
    model = keras.Sequential([keras.Input((4,)), layers.Dense(3, name="hidden"), layers.Dense(2)])
    assert model.input_shape == (None, 4) and model.output_shape == (None, 2)
    extractor = keras.Model(model.inputs, [layer.output for layer in model.layers])
    values = np.ones((2, 4), "float32")
    hidden, out = extractor(values)
    np.testing.assert_allclose(out.numpy(), model(values).numpy(), rtol=1e-6)
    np.testing.assert_allclose(hidden.numpy(), model.get_layer("hidden")(values).numpy())
    with pytest.raises(AttributeError, match="no defined inputs yet"):
        _ = keras.Sequential([layers.Dense(2)]).inputs


def test_layers_check_their_input_spec_with_keras_messages():
    dense = layers.Dense(3)
    dense(keras.Input((4,)))
    with pytest.raises(
        ValueError,
        match=r'Input 0 of layer "dense\w*" is incompatible with the '
        r"layer: expected axis -1 of input shape to have value "
        r"4, but received input with shape \(None, 5\)",
    ):
        dense(keras.Input((5,)))
    with pytest.raises(ValueError, match=r"expected min_ndim=2, found ndim=1"):
        layers.Dense(3)(keras.Input((), batch_size=None))
    assert repr(layers.InputSpec(ndim=2)) == "InputSpec(ndim=2)"


def test_weight_constraints_hold_after_every_update(tmp_path):
    x = keras.Input((3,))
    model = keras.Model(
        x,
        layers.Dense(
            4, kernel_constraint=keras.constraints.MaxNorm(0.5), bias_constraint="non_neg"
        )(x),
    )
    model.compile(optimizer=keras.optimizers.SGD(1.0), loss="mse")
    rng = np.random.default_rng(7)
    model.fit(rng.normal(size=(32, 3)) * 10, rng.normal(size=(32, 4)) * 10, epochs=2, verbose=0)
    kernel, bias = model.get_weights()
    assert np.sqrt((kernel**2).sum(axis=0)).max() <= 0.5 + 1e-6
    assert bias.min() >= 0.0
    model.save(tmp_path / "constrained.keras")
    dense = keras.models.load_model(tmp_path / "constrained.keras").layers[1]
    assert isinstance(dense.kernel_constraint, keras.constraints.MaxNorm)
    assert dense.kernel_constraint.max_value == 0.5


def test_sequential_summary_shapes_follow_the_input_batch_shape_as_keras():
    # Keras 3.15 prints these rows: shapes from the first call's or the Input's batch
    # shape, pooling layers (which build no weights) included.
    lines = []
    model = keras.Sequential([layers.Dense(2), layers.MaxPooling1D(2)])
    model(np.ones((1, 4, 3), "float32"))
    model.summary(print_fn=lines.append)
    model = keras.Sequential([keras.Input((8, 8, 3), batch_size=5), layers.MaxPooling2D(2)])
    model.summary(print_fn=lines.append)
    text = "\n".join(lines)
    for row in ("(1, 4, 2)", "(1, 2, 2)", "(5, 4, 4, 3)"):
        assert row in text
    assert "?" not in text


def test_clone_model_builds_new_layers_with_the_same_architecture():
    inputs = keras.Input((4,), name="x")
    hidden = layers.Dense(3, activation="relu", name="hidden")(inputs)
    model = keras.Model(inputs, layers.Dense(2, name="out")(hidden + ops.mean(hidden)))
    model.compile(optimizer="adam", loss="mse", metrics=["mae"])
    clone = keras.models.clone_model(model)
    assert [layer.name for layer in clone.layers] == [layer.name for layer in model.layers]
    assert all(a is not b for a, b in zip(clone.layers[1:], model.layers[1:]))
    assert clone.compiled and clone.get_compile_config() == model.get_compile_config()
    clone.set_weights(model.get_weights())
    values = np.random.default_rng(0).standard_normal((5, 4)).astype("float32")
    np.testing.assert_allclose(clone(values).numpy(), model(values).numpy(), rtol=1e-6)

    # call_function wraps each call: here a Dropout after every Dense, the layers reused.
    def call_function(layer, *args, **kwargs):
        out = layer(*args, **kwargs)
        return layers.Dropout(0.5)(out) if isinstance(layer, layers.Dense) else out

    wrapped = keras.models.clone_model(
        model, clone_function=lambda layer: layer, call_function=call_function
    )
    assert sum(isinstance(layer, layers.Dropout) for layer in wrapped.layers) == 2
    assert wrapped.get_layer("hidden") is model.get_layer("hidden")


def test_clone_model_of_sequential_and_subclassed_models():
    model = keras.Sequential(
        [keras.Input((3,), batch_size=2, name="features"), layers.Dense(4), layers.Dense(1)],
        name="seq",
    )
    clone = keras.models.clone_model(model)
    assert clone.name == "seq" and clone.input_shape == (2, 3)
    assert clone.layers[0] is not model.layers[0]
    with pytest.raises(
        ValueError, match="`call_function` argument is not supported with Sequential models"
    ):
        keras.models.clone_model(model, call_function=lambda layer, x: layer(x))
    # Built on given tensors: the copy's input is that very KerasTensor.
    given = keras.Input((3,))
    on_given = keras.models.clone_model(model, input_tensors=given)
    assert on_given.inputs[0] is given

    class Net(keras.Model):
        def __init__(self, units, **kwargs):
            super().__init__(**kwargs)
            self.units = units
            self.dense = layers.Dense(units)

        def call(self, x):
            return self.dense(x)

        def get_config(self):
            return {"units": self.units}

    net_clone = keras.models.clone_model(Net(5))
    assert isinstance(net_clone, Net) and net_clone.units == 5
    with pytest.raises(ValueError, match="only supported for Sequential models or Functional"):
        keras.models.clone_model(Net(5), clone_function=lambda layer: layer)


def test_models_from_json_and_functional_configs():
    model = keras.Sequential([keras.Input((32,)), layers.Dense(1)])
    again = keras.models.model_from_json(model.to_json())
    assert isinstance(again, keras.Sequential) and again.output_shape == (None, 1)
    inputs = keras.Input((8,))
    functional = keras.Model(inputs, layers.Dense(2)(inputs))
    rebuilt = keras.Model.from_config(functional.get_config())
    assert rebuilt.output_shape == (None, 2) and len(rebuilt.weights) == 2
    assert json.loads(functional.to_json(indent=1))["class_name"] == "Functional"


def test_summary_of_unbuilt_layers_as_keras_3():
    # Keras 3 prints a row per layer, "?" for the shape and "0 (unbuilt)" for the count.
    lines = []
    keras.Sequential([layers.Dense(2), layers.Dense(3)]).summary(print_fn=lines.append)
    text = "\n".join(lines)
    assert text.count("0 (unbuilt)") == 2 and " Total params: 0 (0.00 B)" in text


def test_summary_of_a_subclassed_model_shows_the_shapes_it_was_built_for():
    class Net(keras.Model):
        def __init__(self):
            super().__init__()
            self.first = layers.Dense(3)
            self.second = layers.Dense(2)

        def call(self, x):
            return self.second(self.first(x))

    lines = []
    net = Net()
    net(np.ones((5, 4), "float32"))
    net.summary(print_fn=lines.append)
    # Keras 3.15 prints the batch size of the first call.
    assert "(5, 3)" in "\n".join(lines) and "(5, 2)" in "\n".join(lines)


def test_inputs_are_fitted_to_the_model_input_rank_as_keras():
    # (n,) feeds a (None, 1) input and (n, 4, 1) a (None, 4) input, as Keras adjusts them.
    model = keras.Sequential([keras.Input((1,)), layers.Dense(2)])
    assert model.predict(np.arange(5.0), verbose=0).shape == (5, 2)
    inputs = keras.Input((4,))
    functional = keras.Model(inputs, layers.Dense(3)(inputs))
    assert functional(np.ones((2, 4, 1), "float32")).shape == (2, 3)
    with pytest.raises(ValueError, match="incompatible"):
        functional(np.ones((2, 4, 2), "float32"))


@pytest.mark.parametrize("columns", [60, 100, 140])
def test_summaries_print_as_keras_prints_them(columns, monkeypatch):
    # Byte for byte: the table's column widths follow rich's layout at every width.
    monkeypatch.setenv("COLUMNS", str(columns))
    real = keras_numpy()

    def build(k):
        a, b = k.Input((3,), name="a"), k.Input((3,), name="b")
        x = k.layers.Concatenate(name="cat")([k.layers.Dense(2, name="da")(a), b])
        graph = k.Model([a, b], k.layers.Dense(1, name="out")(x), name="f")
        stack = k.Sequential(
            [k.Input((3,)), k.layers.Dense(2, name="d1"), k.layers.Dense(1, name="d2")], name="s"
        )
        return graph, stack

    for ours, theirs in zip(build(keras), build(real)):
        ours_printed, theirs_printed = [], []
        ours.summary(print_fn=ours_printed.append)
        theirs.summary(print_fn=theirs_printed.append)
        assert ours_printed == theirs_printed
