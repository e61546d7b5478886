"""keras.backend, keras.tree, keras.saving.CustomObjectScope/get_registered_object and
keras.utils.get_source_inputs against Keras 3 (numpy backend) on the same inputs."""

import collections
import os

os.environ.setdefault("KERAS_BACKEND", "numpy")

import numpy as np
import pytest

import nnext.keras as nk
from nnext.keras import backend, layers, saving, tree, utils

keras = pytest.importorskip("keras")

Point = collections.namedtuple("Point", ["x", "y"])
STRUCTURES = [
    {"b": [1, (2, None)], "a": 3},
    [1, [2, [3, [4]]]],
    (Point(1, [2, 3]), {"z": 4, "y": (5,)}),
    7,
    None,
    [],
    {"k": {}},
]


# --- keras.backend ------------------------------------------------------------------


def test_backend_name_is_configs():
    assert backend.backend() == nk.config.backend() == "nnext"


def test_image_data_format_is_the_configs():
    assert backend.image_data_format() == keras.backend.image_data_format() == "channels_last"
    backend.set_image_data_format("channels_first")
    try:
        assert nk.config.image_data_format() == "channels_first"
    finally:
        backend.set_image_data_format("channels_last")
    for module in (backend, keras.backend):
        with pytest.raises(ValueError):
            module.set_image_data_format("channels_middle")


def test_get_uid_counts_like_keras_and_clear_session_resets_it():
    for module in (backend, keras.backend):
        module.clear_session()
        assert [module.get_uid("thing"), module.get_uid("thing"), module.get_uid("other")] == [
            1,
            2,
            1,
        ]
        module.clear_session()
        assert module.get_uid("thing") == 1
    backend.clear_session()
    assert layers.Dense(2).name == "dense"
    assert backend.get_uid("dense") == 2  # the name counters are the same counters
    assert layers.Dense(2).name == "dense_2"


@pytest.mark.parametrize(
    "dtype",
    [
        "float16",
        "float32",
        "float64",
        "bfloat16",
        "int8",
        "int32",
        "int64",
        "uint8",
        "bool",
        np.float32,
        np.dtype("int16"),
        "complex64",
    ],
)
def test_dtype_predicates_match_keras(dtype):
    theirs = (keras.backend.is_float_dtype(dtype), keras.backend.is_int_dtype(dtype))
    assert (backend.is_float_dtype(dtype), backend.is_int_dtype(dtype)) == theirs


def test_is_keras_tensor_matches_keras():
    assert backend.is_keras_tensor(nk.Input((3,)))
    assert keras.backend.is_keras_tensor(keras.Input((3,)))
    for value in (np.ones(3), 1.0, nk.ops.ones((2,))):
        assert not backend.is_keras_tensor(value)
    assert not keras.backend.is_keras_tensor(np.ones(3))


# Promotions whose result is 32-bit or narrower: there Keras's NumPy backend and its
# TensorFlow backend (whose 64-bit rules nnext keeps) agree.
PROMOTIONS = [
    ("float32",),
    ("int32", "float32"),
    ("int32", "int16"),
    ("bool", "int32"),
    ("float16", "float32"),
    ("uint8", "int8"),
    ("int32", float),
    ("int16", int),
    (int, float),
    (int,),
    ("bool", float),
    (None, "int32"),
    (np.float32, np.int32),
    (),
]


@pytest.mark.parametrize("dtypes", PROMOTIONS, ids=str)
def test_result_type_matches_keras(dtypes):
    assert backend.result_type(*dtypes) == keras.backend.result_type(*dtypes)


def test_result_type_of_half_types():
    # float16 promotes as in Keras; nnext has no bfloat16, which computes in float32 and
    # promotes as that dtype (Keras: 'bfloat16' alone, 'float32' beside float16).
    assert backend.result_type("float16", float) == keras.backend.result_type("float16", float)
    assert backend.result_type("float16", float) == "float16"
    assert backend.result_type("bfloat16", float) == "float32"
    assert backend.result_type("bfloat16", "float16") == "float32"


def test_result_type_keeps_64_bits_as_on_keras_tensorflow_backend():
    assert backend.result_type("float64", "float32") == "float64"
    assert backend.result_type("int64", "int32") == "int64"
    assert backend.result_type("int64", float) == "float32"


# --- keras.tree ---------------------------------------------------------------------


@pytest.mark.parametrize("structure", STRUCTURES, ids=str)
def test_flatten_with_path_matches_keras(structure):
    assert tree.flatten_with_path(structure) == keras.tree.flatten_with_path(structure)


@pytest.mark.parametrize("structure", STRUCTURES, ids=str)
def test_lists_to_tuples_matches_keras(structure):
    ours, theirs = tree.lists_to_tuples(structure), keras.tree.lists_to_tuples(structure)
    assert ours == theirs and type(ours) is type(theirs)


@pytest.mark.parametrize("top_down", [True, False])
@pytest.mark.parametrize("structure", STRUCTURES, ids=str)
def test_traverse_matches_keras(structure, top_down):
    def visit(mod):
        def f(x):
            if x == 2:
                return mod.MAP_TO_NONE
            if isinstance(x, int):
                return x * 10
            if isinstance(x, tuple) and not hasattr(x, "_fields") and len(x) == 2:
                return "pair"
            return None

        return f

    ours = tree.traverse(visit(tree), structure, top_down=top_down)
    theirs = keras.tree.traverse(visit(keras.tree), structure, top_down=top_down)
    assert ours == theirs


def test_map_shape_structure_matches_keras():
    shapes = {"x": (None, 3), "y": [[1, 2], (4,)], "z": [(None,), {"w": [5, None]}]}

    def func(shape):
        return sum(d or 0 for d in shape)

    assert tree.map_shape_structure(func, shapes) == keras.tree.map_shape_structure(func, shapes)


@pytest.mark.parametrize(
    "shallow,structure",
    [
        ([0, 0], [[1, 2], (3,)]),
        ({"a": 0, "b": [0, 0]}, {"a": [1], "b": [2, 3]}),
        ([0, 0], ((1,), (2,))),
        ([0], [1, 2]),
        ([None, 0], [1, 2]),
        ((0, 0), (1, 2)),
    ],
    ids=str,
)
def test_map_structure_up_to_matches_keras(shallow, structure):
    def run(module):
        try:
            return module.map_structure_up_to(shallow, lambda s: str(s), structure)
        except ValueError:
            return ValueError

    assert run(tree) == run(keras.tree)
    for module in (tree, keras.tree):
        with pytest.raises(ValueError):
            module.map_structure_up_to(shallow, len)


PAIRS = [
    ([1, 2], [3, 4]),
    ([1, 2], (3, 4)),
    ([1, [2]], [1, 2]),
    ({"a": 1, "b": 2}, {"b": 3, "a": 4}),
    ({"a": 1}, {"b": 1}),
    (Point(1, 2), (1, 2)),
    ((1, None), (2, 3)),
    (1, [1]),
    ([1, 2], [1, 2, 3]),
]


def _raises_value_error(fn, *args):
    try:
        fn(*args)
    except ValueError:
        return True
    return False


@pytest.mark.parametrize("a,b", PAIRS, ids=str)
def test_assert_same_structure_and_paths_match_keras(a, b):
    assert _raises_value_error(tree.assert_same_structure, a, b) == _raises_value_error(
        keras.tree.assert_same_structure, a, b
    )
    assert _raises_value_error(tree.assert_same_paths, a, b) == _raises_value_error(
        keras.tree.assert_same_paths, a, b
    )


def test_assert_same_structure_check_types_is_deprecated():
    with pytest.warns(DeprecationWarning):
        tree.assert_same_structure([1], [2], check_types=True)


def test_map_to_none_is_a_class_like_keras():
    assert isinstance(tree.MAP_TO_NONE, type) and tree.MAP_TO_NONE.__name__ == "MAP_TO_NONE"


# --- keras.saving and keras.utils ---------------------------------------------------


def test_custom_object_scope_and_get_registered_object():
    def my_fn(x):
        return x

    assert saving.CustomObjectScope is utils.CustomObjectScope
    for module in (saving, keras.saving):
        assert module.get_registered_object("my_fn_xyz") is None
        with module.CustomObjectScope({"my_fn_xyz": my_fn}):
            assert module.get_registered_object("my_fn_xyz") is my_fn
        assert module.get_registered_object("my_fn_xyz") is None
        assert (
            module.get_registered_object("my_fn_xyz", custom_objects={"my_fn_xyz": my_fn}) is my_fn
        )


def test_get_registered_object_finds_registered_functions():
    @saving.register_keras_serializable(package="nnext_test")
    def registered_fn(x):
        return x

    assert saving.get_registered_object("nnext_test>registered_fn") is registered_fn


def test_get_source_inputs_matches_keras():
    def build(k):
        a, b = k.Input((3,)), k.Input((3,))
        h = k.layers.Dense(4)(a)
        out = k.layers.Add()([h, k.layers.Dense(4)(b), k.layers.Dense(4)(a)])
        return (a, b), out, h

    (a, b), out, h = build(nk)
    (ka, kb), kout, kh = build(keras)
    ours, theirs = utils.get_source_inputs(out), keras.utils.get_source_inputs(kout)
    assert len(ours) == len(theirs) == 2
    assert ours[0] is a and ours[1] is b and theirs[0] is ka and theirs[1] is kb
    assert utils.get_source_inputs(h) == [a] and keras.utils.get_source_inputs(kh)[0] is ka
    assert utils.get_source_inputs(a)[0] is a
    x = np.ones(3)
    assert utils.get_source_inputs(x) is x and keras.utils.get_source_inputs(x) is x
