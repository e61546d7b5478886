"""tf.Variable and keras.Variable: names and printed forms, each as its framework has them.

tf.Variable: TensorFlow 2.21's `name` ('x:0') and repr (resource_variable_ops __repr__ with
ops.numpy_text), the type named nnext.Variable as the tensor is nnext.Tensor. keras.Variable:
Keras 3's name (no ':0'), path and KerasVariable.__repr__, compared with real Keras run in a
child process (KERAS_BACKEND=numpy). Then the users of names: copies and pickles, the tape,
optimizer slots, tf.train.Checkpoint and .weights.h5 files.
"""

import copy
import json
import os
import pickle
import subprocess
import sys

import h5py
import numpy as np
import pytest

import nnext
from nnext import keras

# TensorFlow's own documented outputs, with "tf." printed as "nnext." (docs/migrating.md).
TF_FORMS = [
    (
        lambda: nnext.Variable(1.0, name="x"),
        "<nnext.Variable 'x:0' shape=() dtype=float32, numpy=1.0>",
    ),
    (lambda: nnext.Variable(3), "<nnext.Variable 'Variable:0' shape=() dtype=int32, numpy=3>"),
    (lambda: nnext.Variable(True), "<nnext.Variable 'Variable:0' shape=() dtype=bool, numpy=True>"),
    (
        lambda: nnext.Variable([[1.0, 2.0]]),
        "<nnext.Variable 'Variable:0' shape=(1, 2) dtype=float32, numpy=array([[1., 2.]], dtype=float32)>",
    ),
    (
        lambda: nnext.Variable([[1.0, 2.0], [3.0, 4.0]]),
        (
            "<nnext.Variable 'Variable:0' shape=(2, 2) dtype=float32, numpy=\n"
            "array([[1., 2.],\n       [3., 4.]], dtype=float32)>"
        ),
    ),
]


@pytest.mark.parametrize(("make", "expected"), TF_FORMS)
def test_tf_variable_repr_and_str_are_tensorflows(make, expected):
    v = make()
    assert repr(v) == expected
    assert str(v) == expected  # print(variable) shows the repr, as TensorFlow's


def test_tf_variable_names_carry_the_output_index():
    assert nnext.Variable(1.0, name="x").name == "x:0"
    assert nnext.Variable(1.0).name == "Variable:0"
    with nnext.name_scope("a"):
        v = nnext.Variable(1.0, name="x")
        with nnext.name_scope("b"):
            w = nnext.Variable(1.0)
    assert (v.name, w.name) == ("a/x:0", "a/b/Variable:0")
    assert v._shared_name == "a/x"
    assert repr(v).startswith("<nnext.Variable 'a/x:0' shape=()")
    assert getattr(v, "path", None) is None  # a tf.Variable has no Keras path
    with pytest.raises(AttributeError):
        v.name = "y"  # read-only, as TensorFlow's


def test_tensor_repr_and_str_are_tensorflows():
    assert repr(nnext.constant(1.0)) == "<nnext.Tensor: shape=(), dtype=float32, numpy=1.0>"
    assert str(nnext.constant(1.0)) == "nnext.Tensor(1.0, shape=(), dtype=float32)"
    assert repr(nnext.constant(4)) == "<nnext.Tensor: shape=(), dtype=int32, numpy=4>"
    assert repr(nnext.constant(False)) == "<nnext.Tensor: shape=(), dtype=bool, numpy=False>"
    # numpy_text's repr of the Python scalar: a float32 0.1 shows all of its digits
    assert repr(nnext.constant(0.1)).endswith("numpy=0.10000000149011612>")
    assert repr(nnext.constant([1, 2, 3])) == (
        "<nnext.Tensor: shape=(3,), dtype=int32, numpy=array([1, 2, 3], dtype=int32)>"
    )
    assert str(nnext.constant([[1, 2], [3, 4]])) == (
        "nnext.Tensor(\n[[1 2]\n [3 4]], shape=(2, 2), dtype=int32)"
    )


def test_copies_pickles_and_the_tape_keep_the_name():
    with nnext.name_scope("a"):
        v = nnext.Variable([1.0, 2.0], name="x", trainable=False)
    with nnext.name_scope("elsewhere"):
        copies = [copy.copy(v), copy.deepcopy(v), pickle.loads(pickle.dumps(v))]
    for c in copies:
        assert type(c) is type(v) and c._id != v._id
        assert (c.name, c.trainable) == ("a/x:0", False)
    w = nnext.Variable(2.0, name="w")
    with nnext.GradientTape() as tape:
        y = w * w
    assert [x.name for x in tape.watched_variables()] == ["w:0"]
    assert float(tape.gradient(y, w)) == 4.0


# -- Keras ---------------------------------------------------------------------------------

KERNEL = (np.arange(6, dtype=np.float32).reshape(3, 2) - 2.5) / 7.0


def keras_facts(k):
    """Names, paths and printed forms of Keras variables, as `k` (a keras module) has them."""
    facts = {}

    def record(label, v):
        facts[label] = [v.name, v.path, repr(v), str(v)]

    record("scalar", k.Variable(np.float32(1.5), name="s"))
    record("int", k.Variable(np.array([1, 2, 3], np.int32), name="i"))
    record("bool", k.Variable(np.array(True), name="b"))
    record("float64_array", k.Variable(np.array([[0.25, -1.0]]), name="f"))
    record("initializer", k.Variable("ones", shape=(2, 3), name="o"))
    record("big", k.Variable(np.zeros((12, 12), np.float32), name="z"))
    with k.name_scope("outer"):
        record("scoped", k.Variable(np.float32(2.0), name="x"))
    dense = k.layers.Dense(
        2, name="dense", kernel_initializer=k.initializers.Constant(KERNEL.tolist())
    )
    dense.build((None, 3))
    record("kernel", dense.kernel)
    record("bias", dense.bias)
    optimizer = k.optimizers.Adam(name="adam")
    optimizer.build(dense.trainable_variables)
    facts["adam"] = [[v.name, v.path] for v in optimizer.variables]
    metric = k.metrics.Mean(name="mean")
    facts["mean"] = [[v.name, v.path] for v in metric.variables]
    generator = k.random.SeedGenerator(seed=3, name="seed_generator")
    facts["seed"] = [generator.state.name, generator.state.path]
    for label, args in {
        "slash": {"initializer": 1.0, "name": "a/b"},
        "no_shape": {"initializer": "zeros"},
    }.items():
        try:
            k.Variable(**args)
            facts[label] = None
        except ValueError as error:
            facts[label] = str(error).split(" Received")[0]
    return facts


@pytest.fixture(scope="module")
def real_keras_facts():
    env = {**os.environ, "KERAS_BACKEND": "numpy", "TF_CPP_MIN_LOG_LEVEL": "3"}
    child = subprocess.run(
        [sys.executable, __file__, "--keras-facts"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert child.returncode == 0, child.stderr[-4000:]
    return json.loads(child.stdout.strip().splitlines()[-1])


def test_keras_variables_name_path_and_print_as_keras(real_keras_facts):
    ours = json.loads(json.dumps(keras_facts(keras)))
    assert sorted(ours) == sorted(real_keras_facts)
    for label in sorted(real_keras_facts):
        assert ours[label] == real_keras_facts[label], label


def test_keras_weights_never_get_the_output_index():
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2, name="d")])
    assert [v.name for v in model.weights] == ["kernel", "bias"]
    assert [v.path for v in model.weights] == ["d/kernel", "d/bias"]
    with nnext.name_scope("scope"):  # a TensorFlow name scope does not rename Keras weights
        layer = keras.layers.Dense(1, name="e")
        layer.build((None, 2))
    assert layer.kernel.name == "kernel"
    x = nnext.ones((1, 3))
    with nnext.GradientTape() as tape:
        y = model(x)
    watched = tape.watched_variables()
    # the core hands back other Python objects for the same variables: still Keras's
    assert [(v.name, v.path) for v in watched] == [("kernel", "d/kernel"), ("bias", "d/bias")]
    assert repr(watched[0]) == repr(model.weights[0])
    assert repr(watched[0]).startswith("<Variable path=d/kernel, shape=(3, 2), dtype=float32")
    grads = tape.gradient(y, model.trainable_variables)
    assert all(g is not None for g in grads)
    c = copy.deepcopy(model.weights[0])
    p = pickle.loads(pickle.dumps(model.weights[0]))
    for twin in (c, p):
        assert isinstance(twin, keras.Variable) and (twin.name, twin.path) == ("kernel", "d/kernel")
        np.testing.assert_array_equal(twin.numpy(), model.weights[0].numpy())


def test_optimizer_slots_of_tf_variables_are_keras_sanitised_names():
    # Keras names a slot of a variable without a path after its sanitised name ('x:0' ->
    # 'x_0'), as for TensorFlow variables under Keras's TensorFlow backend.
    v = nnext.Variable(np.ones(2, np.float32), name="x")
    optimizer = keras.optimizers.SGD(0.1, momentum=0.9)
    optimizer.build([v])
    assert [s.name for s in optimizer.variables] == ["iteration", "learning_rate", "x_0_momentum"]
    optimizer.apply_gradients([(nnext.ones(2), v)])
    np.testing.assert_allclose(v.numpy(), [0.9, 0.9], rtol=1e-6)


def test_checkpoint_round_trip_with_tf_names(tmp_path):
    class Net(nnext.Module):
        def __init__(self):
            super().__init__(name="net")
            with self.name_scope:
                self.w = nnext.Variable([1.0, 2.0], name="w")
                self.b = nnext.Variable(0.5, name="b")

    net = Net()
    assert [v.name for v in net.variables] == ["net/b:0", "net/w:0"]
    path = nnext.train.Checkpoint(net=net).save(str(tmp_path / "ckpt"))
    other = Net()
    other.w.assign([0.0, 0.0])
    other.b.assign(0.0)
    nnext.train.Checkpoint(net=other).restore(path)
    np.testing.assert_array_equal(other.w.numpy(), [1.0, 2.0])
    assert float(other.b) == 0.5


def test_weights_files_keep_keras_names(tmp_path):
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2, name="d")])
    model.compile(optimizer="adam", loss="mse")
    model.fit(np.ones((4, 3), np.float32), np.ones((4, 2), np.float32), epochs=1, verbose=0)
    weights = tmp_path / "m.weights.h5"
    model.save_weights(weights)
    keys = []
    with h5py.File(weights) as f:
        f.visit(keys.append)
    assert keys and not any(":" in key for key in keys)
    twin = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2, name="d")])
    twin.load_weights(weights)
    for a, b in zip(model.weights, twin.weights):
        np.testing.assert_array_equal(a.numpy(), b.numpy())
    saved = tmp_path / "m.keras"
    model.save(saved)
    loaded = keras.models.load_model(saved)
    assert [(v.name, v.path) for v in loaded.weights] == [
        ("kernel", "d/kernel"),
        ("bias", "d/bias"),
    ]
    assert [v.name for v in loaded.optimizer.variables] == [
        v.name for v in model.optimizer.variables
    ]


if __name__ == "__main__" and sys.argv[1:] == ["--keras-facts"]:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import keras as real_keras
    assert real_keras.backend.backend() == "numpy"
    print(json.dumps(keras_facts(real_keras)))
