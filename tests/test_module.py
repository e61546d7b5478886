"""tf.Module and tf.name_scope: naming, automatic tracking of Variables and sub-modules."""

import collections

import numpy as np
import pytest

import nnext
from nnext.module import Module, name_scope


class Dense(Module):
    def __init__(self, in_features, out_features, name=None):
        super().__init__(name=name)
        self.w = nnext.Variable(nnext.random.normal([in_features, out_features]), name="w")
        self.b = nnext.Variable(nnext.zeros([out_features]), name="b")

    def __call__(self, x):
        return nnext.nn.relu(x @ self.w + self.b)


class Sequential(Module):
    def __init__(self, name=None):
        super().__init__(name=name)
        self.dense_1 = Dense(in_features=3, out_features=3)
        self.dense_2 = Dense(in_features=3, out_features=2)

    def __call__(self, x):
        return self.dense_2(self.dense_1(x))


def test_default_names_are_snake_case_class_names():
    assert Module().name == "module"
    assert Dense(1, 1).name == "dense"

    class MLPModel(Module):
        """Named from its class: mlp_model."""

    class MyHTTPServer2(Module):
        """Named from its class: my_http_server2."""

    assert MLPModel().name == "mlp_model"
    assert MyHTTPServer2().name == "my_http_server2"
    assert Dense(1, 1, name="first").name == "first"


@pytest.mark.parametrize("bad", ["1abc", "has space", "a-b", "", 3])
def test_invalid_names_raise(bad):
    with pytest.raises(ValueError, match="is not a valid module name. Module names must be valid"):
        Module(name=bad)


def test_variables_and_submodules_are_found_in_attribute_order():
    model = Sequential(name="the_model")
    subs = model.submodules
    assert subs == (model.dense_1, model.dense_2)
    # Sorted by attribute name within each module, each module's own before its children's.
    assert model.variables == (model.dense_1.b, model.dense_1.w, model.dense_2.b, model.dense_2.w)
    assert model.trainable_variables == model.variables
    assert model.non_trainable_variables == ()
    y = model(nnext.constant([[2.0, 2.0, 2.0]]))
    assert y.shape == (1, 2)


def test_tracking_through_lists_tuples_dicts_and_namedtuples():
    Pair = collections.namedtuple("Pair", ["left", "right"])

    class Holder(Module):
        def __init__(self):
            super().__init__()
            self.layers = [Dense(2, 2), Dense(2, 1)]
            self.table = {"b": nnext.Variable(1.0, name="tb"), "a": nnext.Variable(2.0, name="ta")}
            self.pair = Pair(nnext.Variable(3.0, name="l"), (nnext.Variable(4.0, name="r"),))
            self.frozen = nnext.Variable(5.0, trainable=False, name="frozen")
            self.shared = self.frozen  # the same Variable twice counts once
            self.not_a_variable = nnext.constant(1.0)

    h = Holder()
    names = [v.name for v in h.variables]
    # attributes: frozen, layers, not_a_variable, pair, shared, table; dict keys sorted
    assert names == ["frozen:0", "l:0", "r:0", "ta:0", "tb:0", "b:0", "w:0", "b:0", "w:0"]
    assert [v.name for v in h.non_trainable_variables] == ["frozen:0"]
    assert len(h.trainable_variables) == 8
    assert h.submodules == tuple(h.layers)


def test_submodules_are_depth_first_after_direct_children():
    class Tree(Module):
        def __init__(self, depth):
            super().__init__()
            self.children = [Tree(depth - 1), Tree(depth - 1)] if depth else []

    root = Tree(2)
    a, b = root.children
    assert root.submodules == (a, b, a.children[0], a.children[1], b.children[0], b.children[1])


def test_cycles_are_walked_once():
    a, b = Module(name="a"), Module(name="b")
    a.other, b.other = b, a
    a.v = nnext.Variable(1.0)
    assert a.submodules == (b,)
    assert a.variables == (a.v,)


def test_flatten_with_path():
    model = Sequential()
    paths = [
        p
        for p, _ in model._flatten(
            predicate=lambda v: isinstance(v, nnext.Variable), with_path=True
        )
    ]
    assert paths == [("dense_1", "b"), ("dense_1", "w"), ("dense_2", "b"), ("dense_2", "w")]


def test_name_scope_strings():
    with name_scope("outer") as outer:
        assert outer == "outer/"
        with name_scope("inner") as inner:
            assert inner == "outer/inner/"
        with name_scope("absolute/") as absolute:
            assert absolute == "absolute/"
        with name_scope("") as top:
            assert top == ""
    with pytest.raises(ValueError, match="name for name_scope must be a string"):
        name_scope(None)


def test_variables_created_in_a_scope_carry_its_name():
    with name_scope("block"):
        v = nnext.Variable(1.0, name="w")
        u = nnext.Variable(1.0)
    assert v.name.startswith("block/w") and u.name.startswith("block/Variable")
    assert nnext.Variable(1.0, name="free").name.startswith("free")


def test_module_name_scope_and_with_name_scope():
    class Scaler(Module):
        @Module.with_name_scope
        def __call__(self, x):
            """Scales x."""
            if not hasattr(self, "w"):
                self.w = nnext.Variable(2.0, name="w")
            return x * self.w

    with name_scope("outer"):
        s = Scaler()
    assert s.name_scope.name == "outer/scaler/"
    out = s(nnext.constant(3.0))
    assert float(out) == 6.0
    assert s.w.name.startswith("outer/scaler/w")
    assert Scaler.__call__.__doc__ == "Scales x."


def test_training_a_module_with_a_tape():
    # The "Basic training loops" guide's model: y = w x + b fitted by gradient descent.
    class Linear(Module):
        def __init__(self):
            super().__init__()
            self.w = nnext.Variable(5.0)
            self.b = nnext.Variable(0.0)

        def __call__(self, x):
            return self.w * x + self.b

    rng = np.random.default_rng(0)
    x = rng.normal(size=200).astype(np.float32)
    y = 3.0 * x + 2.0
    model = Linear()
    for _ in range(200):
        with nnext.GradientTape() as tape:
            loss = nnext.reduce_mean(nnext.square(model(x) - y))
        db, dw = tape.gradient(loss, model.trainable_variables)  # sorted: b, w
        model.w.assign_sub(0.1 * dw)
        model.b.assign_sub(0.1 * db)
    assert abs(float(model.w) - 3.0) < 1e-3 and abs(float(model.b) - 2.0) < 1e-3
