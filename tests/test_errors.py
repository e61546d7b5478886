"""Every error path of the tensor core and the tape: the exception type NumPy/TensorFlow
would raise and a message that names the op (and the shapes or dtypes), never a crash."""

import numpy as np
import pytest
from test_elementwise import TABLE, nn_op

import nnext

X = nnext.ones([2, 3])

BINARY_ROWS = [name for name, row in TABLE.items() if row.arity == 2]


@pytest.mark.parametrize("name", BINARY_ROWS)
def test_binary_ops_name_themselves_when_shapes_do_not_broadcast(name):
    a = nnext.ones([2, 3], dtype="int32")
    with pytest.raises(ValueError, match=rf"^{name}: cannot broadcast shapes \(2, 3\) and \(4,\)$"):
        nn_op(name)(a, nnext.ones([4], dtype="int32"))


@pytest.mark.parametrize(
    ("fn", "pattern"),
    [
        (lambda: X + nnext.ones([4]), r"add: cannot broadcast shapes \(2, 3\) and \(4,\)"),
        (
            lambda: X @ nnext.ones([4, 2]),
            r"matmul: cannot multiply shapes \(2, 3\) and \(4, 2\): inner dimensions 3 and 4 differ",
        ),
        (lambda: nnext.where(nnext.ones([4]) > 0, X, X), r"where: cannot broadcast shapes"),
        (
            lambda: nnext.clip_by_value(X, nnext.ones([4]), 2.0),
            r"clip_by_value: cannot broadcast shapes \(2, 3\) and \(4,\)",
        ),
        (
            lambda: nnext.clip_by_value(nnext.ones([3]), nnext.zeros([2, 3]), 2.0),
            r"clip_by_value: a bound of shape \(2, 3\) would broadcast the tensor of shape \(3,\)",
        ),
        (
            lambda: nnext.broadcast_to(X, [4, 3]),
            r"broadcast_to: cannot broadcast shape \(2, 3\) to \(4, 3\)",
        ),
        (
            lambda: nnext.reshape(X, [4]),
            r"reshape: cannot reshape a tensor of shape \(2, 3\) \(6 elements\) into shape \(4,\)",
        ),
        (lambda: nnext.reshape(X, [-1, 4]), r"reshape: cannot reshape a tensor of shape \(2, 3\)"),
        (lambda: nnext.reshape(X, [-1, -1]), r"reshape: only one dimension can be -1"),
        (lambda: nnext.reshape(X, [-2, -3]), r"reshape: invalid dimension -2"),
        (lambda: nnext.transpose(X, [0]), r"transpose: perm has 1 entries for a tensor of rank 2"),
        (lambda: nnext.transpose(X, [1, 1]), r"transpose: perm repeats axis 1"),
        (
            lambda: nnext.squeeze(X, 0),
            r"squeeze: cannot squeeze axis 0 of size 2 in shape \(2, 3\)",
        ),
        (lambda: nnext.reduce_sum(X, axis=[0, -2]), r"reduce_sum: duplicate axis"),
        (
            lambda: nnext.reduce_max(nnext.zeros([0, 2])),
            r"reduce_max: cannot reduce an empty axis of a tensor of shape \(0, 2\)",
        ),
        (lambda: nnext.argmax(nnext.constant(1.0)), r"argmax: cannot reduce a 0-d tensor"),
        (lambda: nnext.argmin(nnext.zeros([0])), r"argmin: attempt to get argmin of an empty axis"),
        (lambda: nnext.norm(X, ord="nuc"), r"norm: unsupported ord 'nuc'"),
        (
            lambda: nnext.norm(X, ord=1, axis=(0, 1, 1)),
            r"norm: axis must be None, an int or a pair",
        ),
        (lambda: nnext.zeros([-1]), r"negative dimension -1 in shape \(-1,\)"),
        (
            lambda: nnext.zeros([None, 2]),
            r"zeros: shape \[None, 2\] has an unknown \(None\) dimension",
        ),
        (lambda: nnext.range(0, 5, 0), r"range: delta must not be zero"),
        (lambda: nnext.range(0, float("inf")), r"range: start, limit and delta must be finite"),
        (lambda: nnext.linspace(0, 1, -1), r"linspace: num must be non-negative"),
        (lambda: nnext.eye(-1), r"eye: dimensions must be non-negative"),
        (lambda: nnext.fill([2], [1, 2]), r"fill: value must be a scalar"),
        (
            lambda: nnext.random.uniform([2], 5, 5, dtype="int32"),
            r"random.uniform: need minval < maxval for integer dtypes",
        ),
        (lambda: nnext.random.uniform([2], dtype="int64"), r"random.uniform: maxval is required"),
        (lambda: nnext.random.shuffle(nnext.constant(1.0)), r"shuffle"),
        (lambda: nnext.set_num_threads(0), r"set_num_threads: the thread count must be at least 1"),
        (lambda: nnext.convert_to_tensor([[1, 2], [3]]), r"convert_to_tensor: cannot convert"),
        (
            lambda: nnext.constant(2**70),
            (
                r"convert_to_tensor: integer 1180591620717411303424 does not "
                r"fit in int64"
            ),
        ),
        (
            lambda: nnext.zeros([2**70]),
            r"zeros: integer 1180591620717411303424 does not fit in int64",
        ),
        (lambda: nnext.constant([2**63]), r"convert_to_tensor: unsigned values above 2\*\*63 - 1"),
        (
            lambda: nnext.Variable([1.0, 2.0]).assign([1.0]),
            (
                r"Variable.assign: cannot assign a value "
                r"of shape \(1,\)"
            ),
        ),
        (lambda: nnext.Variable(), r"Variable: initial_value must be provided"),
        (lambda: bool(X), r"The truth value of a tensor with more than one element is ambiguous"),
        (lambda: bool(nnext.zeros([0])), r"The truth value of an empty tensor is ambiguous"),
        (lambda: X[::0], r"slice step cannot be zero"),
        (lambda: nnext.zeros([1] * 65) + 1.0, r"tensors of rank 65 are not supported"),
    ],
)
def test_value_errors(fn, pattern):
    with pytest.raises(ValueError, match=pattern):
        fn()


@pytest.mark.parametrize(
    ("fn", "pattern"),
    [
        (lambda: -nnext.constant([True]), r"negative: not supported for bool tensors"),
        (lambda: nnext.constant([True]) - True, r"subtract: not supported for bool tensors"),
        (lambda: nnext.pow(nnext.constant([True]), 2), r"pow: not supported for bool tensors"),
        (lambda: nnext.constant([True]) // nnext.constant([True]), r"floordiv: not supported"),
        (lambda: nnext.mod(nnext.constant([True]), True), r"mod: not supported for bool tensors"),
        (lambda: ~X, r"~ is only supported on bool tensors, got float32"),
        (lambda: X & X, r"& is only supported between bool tensors, got float32 and float32"),
        (lambda: nnext.constant([True]) | X[0], r"\| is only supported between bool tensors"),
        (lambda: nnext.cast(X, "bfloat16"), r"unsupported dtype 'bfloat16': expected one of"),
        (lambda: nnext.zeros([2], dtype="bfloat16"), r"unsupported dtype 'bfloat16'"),
        (lambda: nnext.zeros([2], dtype=np.clongdouble), r"unsupported dtype complex256"),
        (lambda: nnext.zeros([2], dtype=object()), r"unsupported dtype"),
        (lambda: nnext.as_dtype("bytes16"), r"unsupported dtype"),
        # Strings convert to string tensors (string_tensor.py), but not to numbers.
        (
            lambda: nnext.convert_to_tensor("abc", dtype="int32"),
            r"Cannot convert 'abc' to EagerTensor of dtype int32",
        ),
        (lambda: nnext.convert_to_tensor(None), r"convert_to_tensor: cannot convert None"),
        (
            lambda: nnext.convert_to_tensor(np.ones(2, np.clongdouble)),
            r"unsupported NumPy dtype complex256",
        ),
        (lambda: nnext.convert_to_tensor(np.array(["a", 1], dtype=object)), r"Failed to convert"),
        (
            lambda: nnext.constant([1, None]),
            (
                r"convert_to_tensor: cannot convert a value of NumPy "
                r"dtype object"
            ),
        ),
        (lambda: X + "a", r"convert_to_tensor: cannot convert 'a'"),
        (lambda: nnext.zeros([2.5]), r"zeros: shape entries must be integers, got 2.5"),
        (lambda: nnext.zeros("ab"), r"zeros: expected a shape"),
        (lambda: nnext.reshape(X, [3.0, 2]), r"reshape: shape entries must be integers"),
        (
            lambda: nnext.reduce_sum(X, axis=1.5),
            (
                r"reduce_sum: axis must be None, an int or a "
                r"sequence of ints, got 1.5"
            ),
        ),
        (lambda: nnext.reduce_mean(X, axis="a"), r"reduce_mean: axis must be None, an int"),
        (lambda: nnext.reduce_max(X, axis=[0, 0.5]), r"reduce_max: axis must be None, an int"),
        (lambda: nnext.argmax(X, axis=[0, 1]), r"argmax: axis must be an int, got \[0, 1\]"),
        (lambda: nnext.argmin(X, axis=0.5), r"argmin: axis must be None, an int"),
        (
            lambda: nnext.random.normal([2], dtype="int32"),
            r"random.normal: dtype must be float16, float32 or float64, got int32",
        ),
        (lambda: nnext.random.uniform([2], maxval=2, dtype="bool"), r"random.uniform"),
        (lambda: len(nnext.constant(1.0)), r"len\(\) of a 0-d tensor"),
        (
            lambda: float(X),
            (
                r"only tensors with one element can be converted to Python scalars, "
                r"got shape \(2, 3\)"
            ),
        ),
        (lambda: [0][nnext.constant(0.0)], r"only integer tensors can be used as an index"),
        (lambda: nnext.eye(2, 2.5), r"eye: expected a shape|eye: shape entries must be integers"),
        (
            lambda: nnext.Variable([1.0]).assign(nnext.constant([1])),
            r"Variable.assign: cannot assign a int32 tensor to a float32 variable",
        ),
    ],
)
def test_type_errors(fn, pattern):
    with pytest.raises(TypeError, match=pattern):
        fn()


@pytest.mark.parametrize(
    ("fn", "pattern"),
    [
        (
            lambda: nnext.reduce_sum(X, axis=2),
            (
                r"reduce_sum: axis 2 is out of range for a tensor of "
                r"rank 2"
            ),
        ),
        (lambda: nnext.reduce_prod(X, axis=-3), r"reduce_prod: axis -3 is out of range"),
        (lambda: nnext.reduce_any(X, axis=(0, 5)), r"reduce_any: axis 5 is out of range"),
        (lambda: nnext.argmax(X, axis=2), r"argmax: axis 2 is out of range for a tensor of rank 2"),
        (lambda: nnext.transpose(X, [0, 2]), r"transpose: axis 2 is out of range"),
        (
            lambda: nnext.expand_dims(X, 3),
            (
                r"expand_dims: axis 3 is out of range for a tensor of "
                r"rank 3"
            ),
        ),
        (lambda: nnext.expand_dims(X, -4), r"expand_dims: axis -4 is out of range"),
        (lambda: nnext.squeeze(X, 2), r"squeeze: axis 2 is out of range"),
        (lambda: nnext.norm(X, axis=2), r"axis 2 is out of range"),
        (lambda: X[2], r"index 2 is out of bounds for axis 0 with size 2"),
        (lambda: X[:, -4], r"index -4 is out of bounds for axis 1 with size 3"),
        (
            lambda: X[0, 0, 0],
            (
                r"too many indices for tensor: tensor is 2-dimensional, but 3 were "
                r"indexed"
            ),
        ),
        (lambda: X[..., ...], r"an index can only have a single ellipsis"),
        (lambda: X[1.5], r"only integers, slices"),
        (lambda: X["a"], r"only integers, slices"),
        (lambda: X[True], r"a bool scalar is not a valid index"),
        (lambda: X[2**70], r"index 1180591620717411303424 is out of bounds"),
    ],
)
def test_index_errors(fn, pattern):
    with pytest.raises(IndexError, match=pattern):
        fn()


def test_slices_with_float_bounds_raise_type_error():
    with pytest.raises(TypeError, match=r"slice indices must be integers"):
        X[1.0:]


def test_huge_slice_bounds_are_clipped_like_python():
    np.testing.assert_array_equal(X[-(2**70) : 2**70].numpy(), np.ones((2, 3), np.float32))


@pytest.mark.parametrize("shape", [[2**40, 2**40], [2**62], [2**31, 2**31, 4], [2**61, 8]])
def test_impossible_allocations_raise_memory_error(shape):
    for make in (nnext.zeros, nnext.ones, lambda s: nnext.random.normal(s)):
        with pytest.raises(MemoryError):
            make(shape)
    with pytest.raises(MemoryError):
        nnext.broadcast_to(nnext.constant(1.0), shape) + 1.0


def test_weak_scalar_overflow():
    with pytest.raises(OverflowError, match=r"Python integer 4294967296 out of bounds for int32"):
        nnext.constant([1]) * 2**32


# The tape's errors.


def test_second_gradient_call_on_a_non_persistent_tape():
    x = nnext.constant(1.0)
    with nnext.GradientTape() as tape:
        tape.watch(x)
        y = x * x
    tape.gradient(y, x)
    with pytest.raises(RuntimeError, match=r"can only be called once on non-persistent tapes"):
        tape.gradient(y, x)


def test_gradient_of_a_non_float_target_is_none_with_a_warning(caplog):
    # TensorFlow warns and returns None (the autodiff guide shows it).
    x = nnext.constant(1.0)
    with nnext.GradientTape() as tape:
        tape.watch(x)
        y = nnext.cast(x, "int32")
    assert tape.gradient(y, x) is None
    assert "The dtype of the target tensor must be floating" in caplog.text
    assert "got nnext.int32" in caplog.text


@pytest.mark.parametrize("value", [3.0, [nnext.constant(1.0), "x"], np.ones(2), None])
def test_watching_a_non_tensor(value):
    with (
        nnext.GradientTape() as tape,
        pytest.raises(TypeError, match=r"GradientTape.watch: expected tensors or Variables"),
    ):
        tape.watch(value)


def test_gradient_with_non_tensor_sources_or_targets():
    x = nnext.constant(1.0)
    with nnext.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = x * 2.0
    with pytest.raises(TypeError, match=r"GradientTape.gradient: expected tensors or Variables"):
        tape.gradient(y, [x, 1.0])
    with pytest.raises(TypeError, match=r"GradientTape.gradient: expected tensors or Variables"):
        tape.gradient(2.0, x)


def test_mismatched_output_gradients():
    x = nnext.constant([1.0, 2.0])
    with nnext.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = x * x
    with pytest.raises(
        ValueError,
        match=r"GradientTape.gradient: output_gradients shape \(3,\) "
        r"does not match the target shape \(2,\)",
    ):
        tape.gradient(y, x, output_gradients=nnext.ones([3]))
    with pytest.raises(
        ValueError,
        match=r"GradientTape.gradient: got 2 output_gradients for 1 "
        r"targets",
    ):
        tape.gradient(y, x, output_gradients=[nnext.ones([2]), nnext.ones([2])])


def test_stop_recording_outside_the_with_block():
    x = nnext.constant(2.0)
    tape = nnext.GradientTape(persistent=True)
    with tape:
        tape.watch(x)
        y = x * x
    with (
        pytest.raises(
            RuntimeError,
            match=r"GradientTape.stop_recording: the tape is not "
            r"recording",
        ),
        tape.stop_recording(),
    ):
        pass
    z = y * 3.0
    assert tape.gradient(z, x) is None  # the tape did not start recording again


def test_entering_a_recording_tape_twice():
    tape = nnext.GradientTape()
    with tape, pytest.raises(RuntimeError, match=r"GradientTape: this tape is already recording"):
        tape.__enter__()


# Nothing crashes: every op on every kind of odd argument raises a Python exception.

ODD_VALUES = [
    None,
    "s",
    object(),
    [[1], [2, 3]],
    np.ones(2, complex),
    2**80,
    float("nan"),
    np.zeros((0, 3)),
    nnext.zeros([0]),
    [],
    (),
    {"a": 1},
    nnext.constant(True),
    np.ones((2, 1, 2), np.float32)[:, :, ::-1],
    nnext.ones([3, 1, 2]).T,
]


@pytest.mark.parametrize("name", list(TABLE))
def test_odd_arguments_never_crash(name):
    fn = nn_op(name)
    arity = TABLE[name].arity
    for value in ODD_VALUES:
        for args in ([value] * arity, [X, value][:arity], [value, X][:arity]):
            try:
                fn(*args)
            except (TypeError, ValueError, IndexError, OverflowError, MemoryError):
                pass


@pytest.mark.parametrize(
    "name",
    [
        "reduce_sum",
        "reduce_mean",
        "reduce_max",
        "reduce_min",
        "reduce_prod",
        "reduce_any",
        "reduce_all",
        "argmax",
        "argmin",
        "reshape",
        "transpose",
        "expand_dims",
        "squeeze",
        "broadcast_to",
        "cast",
        "zeros",
        "ones",
        "fill",
        "range",
        "norm",
    ],
)
def test_odd_arguments_to_other_functions_never_crash(name):
    fn = getattr(nnext, name)
    for a in ODD_VALUES:
        for b in ODD_VALUES + [1, -1, 0, [0, 1], 99]:
            try:
                fn(a, b)
            except (TypeError, ValueError, IndexError, OverflowError, MemoryError):
                pass
