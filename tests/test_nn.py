"""nnext.nn against NumPy formulas: activations, softmax, the fused dense layer and the
cross-entropies; stability at +-1000; float64 central-difference gradient checks; second
derivatives through nested tapes."""

import math

import numpy as np
import pytest
from helpers import assert_same, check_gradient
from shapes_helpers import random_source, tensor

import nnext
from nnext import _core, nn

rand = random_source(0)


def np_softmax(x, axis=-1):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def np_log_softmax(x, axis=-1):
    m = x.max(axis=axis, keepdims=True)
    return x - m - np.log(np.exp(x - m).sum(axis=axis, keepdims=True))


def np_sigmoid(x):
    return 0.5 * (1 + np.tanh(x / 2))


def np_gelu(x):
    return 0.5 * x * (1 + np.vectorize(math.erf)(x / math.sqrt(2)))


def np_gelu_tanh(x):
    return 0.5 * x * (1 + np.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x**3)))


ACTIVATIONS = [
    ("relu", nn.relu, lambda x: np.maximum(x, 0)),
    ("sigmoid", nn.sigmoid, np_sigmoid),
    ("tanh", nn.tanh, np.tanh),
    ("leaky_relu", nn.leaky_relu, lambda x: np.where(x > 0, x, 0.2 * x)),
    (
        "leaky_relu_0.5",
        lambda x: nn.leaky_relu(x, alpha=0.5),
        lambda x: np.where(x > 0, x, 0.5 * x),
    ),
    ("elu", nn.elu, lambda x: np.where(x > 0, x, np.expm1(np.minimum(x, 0)))),
    (
        "elu_2",
        lambda x: nn.elu(x, alpha=2.0),
        lambda x: np.where(x > 0, x, 2 * np.expm1(np.minimum(x, 0))),
    ),
    ("gelu", nn.gelu, np_gelu),
    ("gelu_tanh", lambda x: nn.gelu(x, approximate=True), np_gelu_tanh),
    ("softplus", nn.softplus, lambda x: np.logaddexp(x, 0)),
    ("softmax", nn.softmax, np_softmax),
    ("softmax_axis0", lambda x: nn.softmax(x, axis=0), lambda x: np_softmax(x, 0)),
    ("log_softmax", nn.log_softmax, np_log_softmax),
    ("log_softmax_axis1", lambda x: nn.log_softmax(x, axis=1), lambda x: np_log_softmax(x, 1)),
]
IDS = [a[0] for a in ACTIVATIONS]


@pytest.mark.parametrize("name, fn, reference", ACTIVATIONS, ids=IDS)
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_activation_values(name, fn, reference, dtype):
    x = rand((4, 3, 5), dtype) * 3
    assert_same(fn(tensor(x)), reference(x.astype("float64")), dtype=dtype)


@pytest.mark.parametrize("name, fn, reference", ACTIVATIONS, ids=IDS)
def test_activation_stable_at_large_inputs(name, fn, reference):
    x = np.array([[1000.0, -1000.0, 0.5], [-1000.0, -999.0, 1000.0]], dtype="float32")
    y = fn(tensor(x)).numpy()
    assert np.all(np.isfinite(y))
    np.testing.assert_allclose(y, reference(x.astype("float64")), rtol=1e-6, atol=1e-6)


def test_integer_inputs_compute_in_float64():
    y = nn.softmax(tensor(np.array([1, 2, 3], dtype="int32")))
    assert y.dtype == nnext.float64
    np.testing.assert_allclose(y.numpy(), np_softmax(np.array([1.0, 2.0, 3.0])))


def test_softmax_of_empty_and_strided_inputs():
    assert nn.softmax(tensor(np.zeros((0, 4)))).shape == (0, 4)
    x = rand((4, 6))
    np.testing.assert_allclose(nn.softmax(tensor(x)[:, ::2]).numpy(), np_softmax(x[:, ::2]))
    np.testing.assert_allclose(nn.softmax(tensor(x).T).numpy(), np_softmax(x.T))


@pytest.mark.parametrize("name, fn, reference", ACTIVATIONS, ids=IDS)
def test_activation_gradient(name, fn, reference):
    # Kinks (relu-like functions at 0) are avoided; smooth functions are checked at 0 too.
    x = rand((3, 4)) * 2
    x[np.abs(x) < 0.05] = 0.5
    if name in ("sigmoid", "tanh", "gelu", "gelu_tanh", "softplus", "softmax", "log_softmax"):
        x[0, 0] = 0.0
    check_gradient(fn, [x])


def test_softplus_gradient_at_zero_is_one_half():
    x = tensor(np.zeros(3))
    with nnext.GradientTape() as tape:
        tape.watch(x)
        y = nn.softplus(x)
    np.testing.assert_allclose(tape.gradient(y, x).numpy(), 0.5)


@pytest.mark.parametrize("fn, slope", [(nn.relu, 0.0), (nn.leaky_relu, 0.2), (nn.elu, 1.0)])
def test_gradient_at_zero_follows_tensorflow(fn, slope):
    x = tensor(np.zeros(2))
    with nnext.GradientTape() as tape:
        tape.watch(x)
        y = fn(x)
    np.testing.assert_allclose(tape.gradient(y, x).numpy(), slope)


# --- dense -----------------------------------------------------------------------------

DENSE_ACTIVATIONS = {
    None: lambda z: z,
    "linear": lambda z: z,
    "relu": lambda z: np.maximum(z, 0),
    "sigmoid": np_sigmoid,
    "tanh": np.tanh,
    "softmax": np_softmax,
}


@pytest.mark.parametrize("activation", list(DENSE_ACTIVATIONS))
@pytest.mark.parametrize("x_shape", [(5, 4), (2, 3, 4), (4,)])
@pytest.mark.parametrize("use_bias", [True, False])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_dense_values(activation, x_shape, use_bias, dtype):
    x, kernel, bias = rand(x_shape, dtype), rand((4, 3), dtype), rand((3,), dtype)
    y = nn.dense(tensor(x), tensor(kernel), tensor(bias) if use_bias else None, activation)
    z = x.astype("float64") @ kernel + (bias if use_bias else 0)
    tol = 1e-5 if dtype == "float32" else 1e-12
    assert_same(y, DENSE_ACTIVATIONS[activation](z), rtol=tol, atol=tol, dtype=dtype)


def test_dense_reads_views_in_place():
    x, kernel, bias = rand((6, 4)), rand((4, 3)), rand((3,))
    expected = np.tanh(x[::2] @ kernel + bias)
    kernel_view = tensor(kernel.T.copy()).T
    wide = tensor(np.repeat(x, 2, axis=1))[::2, ::2]
    np.testing.assert_allclose(nn.dense(wide, kernel_view, bias, "tanh").numpy(), expected)


def test_dense_errors():
    with pytest.raises(ValueError, match=r"dense: cannot multiply shapes \(2, 3\) and \(4, 5\)"):
        nn.dense(np.ones((2, 3)), np.ones((4, 5)))
    with pytest.raises(ValueError, match=r"dense: bias must have shape \(5,\)"):
        nn.dense(np.ones((2, 4)), np.ones((4, 5)), np.ones(4))
    with pytest.raises(ValueError, match=r"dense: kernel must have rank 2"):
        nn.dense(np.ones((2, 4)), np.ones(4))
    with pytest.raises(ValueError, match=r"dense: unknown activation 'swish'"):
        nn.dense(np.ones((2, 4)), np.ones((4, 5)), activation="swish")
    with pytest.raises(TypeError, match=r"dense: activation must be None or one of"):
        nn.dense(np.ones((2, 4)), np.ones((4, 5)), activation=len)


@pytest.mark.parametrize("activation", list(DENSE_ACTIVATIONS))
@pytest.mark.parametrize("x_shape", [(3, 4), (2, 2, 4)])
def test_dense_gradient(activation, x_shape):
    x, kernel, bias = rand(x_shape), rand((4, 3)), rand((3,))
    if activation == "relu":
        bias += 0.05 * np.sign(bias)  # keep pre-activations away from the kink

    check_gradient(lambda a, b, c: nn.dense(a, b, c, activation), [x, kernel, bias])


def test_dense_gradient_without_bias_and_of_variables():
    x = tensor(rand((3, 4)))
    kernel = nnext.Variable(rand((4, 2)))
    with nnext.GradientTape() as tape:
        y = nnext.reduce_sum(nn.dense(x, kernel, activation="sigmoid"))
    g_kernel, g_x = tape.gradient(y, [kernel, x])
    assert g_x is None  # x was not watched
    s = np_sigmoid(x.numpy() @ kernel.numpy())
    np.testing.assert_allclose(g_kernel.numpy(), x.numpy().T @ (s * (1 - s)), rtol=1e-12)


@pytest.mark.parametrize("activation", ["linear", "relu", "sigmoid", "tanh", "softmax"])
def test_dense_matches_its_composition(activation):
    """The fused forward and backward against matmul + add + activation under a tape."""
    x, kernel, bias = (tensor(rand(s, "float32")) for s in [(8, 5), (5, 4), (4,)])
    compose = {
        "linear": lambda z: z,
        "relu": nn.relu,
        "sigmoid": nn.sigmoid,
        "tanh": nn.tanh,
        "softmax": nn.softmax,
    }[activation]
    w = tensor(rand((8, 4), "float32"))
    results = []
    for fn in (
        lambda: nn.dense(x, kernel, bias, activation),
        lambda: compose(_core.matmul(x, kernel) + bias),
    ):
        with nnext.GradientTape() as tape:
            tape.watch([x, kernel, bias])
            y = fn()
        results.append([y] + tape.gradient(y, [x, kernel, bias], output_gradients=w))
    for fused, composed in zip(*results):
        np.testing.assert_allclose(fused.numpy(), composed.numpy(), rtol=1e-5, atol=1e-6)


# --- cross-entropies --------------------------------------------------------------------


def test_softmax_cross_entropy_values():
    logits = rand((4, 5)) * 3
    labels = np_softmax(rand((4, 5)))
    loss = nn.softmax_cross_entropy_with_logits(tensor(labels), tensor(logits))
    np.testing.assert_allclose(loss.numpy(), -(labels * np_log_softmax(logits)).sum(-1))
    loss0 = nn.softmax_cross_entropy_with_logits(tensor(labels.T), tensor(logits.T), axis=0)
    np.testing.assert_allclose(loss0.numpy(), loss.numpy())


def test_sparse_softmax_cross_entropy_values():
    logits = rand((2, 3, 5)) * 3
    labels = rand((2, 3), "int64", 0, 4)
    for dtype in ("int32", "int64"):
        loss = nn.sparse_softmax_cross_entropy_with_logits(
            tensor(labels.astype(dtype)), tensor(logits)
        )
        expected = -np.take_along_axis(np_log_softmax(logits), labels[..., None], -1)[..., 0]
        np.testing.assert_allclose(loss.numpy(), expected)


def test_sigmoid_cross_entropy_values():
    logits, labels = rand((3, 4)) * 3, rand((3, 4), low=0.0, high=1.0)
    loss = nn.sigmoid_cross_entropy_with_logits(tensor(labels), tensor(logits))
    p = np_sigmoid(logits)
    np.testing.assert_allclose(loss.numpy(), -(labels * np.log(p) + (1 - labels) * np.log(1 - p)))


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_cross_entropies_stable_at_large_logits(dtype):
    logits = np.array([[1000.0, -1000.0, 0.0], [-1000.0, 1000.0, 999.0]], dtype=dtype)
    labels = np.array([[0.0, 1.0, 0.0], [0.0, 0.5, 0.5]], dtype=dtype)
    dense = nn.softmax_cross_entropy_with_logits(tensor(labels), tensor(logits)).numpy()
    np.testing.assert_allclose(dense, [2000.0, 0.5 * 1.0 + np.log1p(np.exp(-1.0))], rtol=1e-6)
    sparse = nn.sparse_softmax_cross_entropy_with_logits(
        tensor(np.array([1, 2])), tensor(logits)
    ).numpy()
    np.testing.assert_allclose(sparse, [2000.0, 1.0 + np.log1p(np.exp(-1.0))], rtol=1e-6)
    sigmoid = nn.sigmoid_cross_entropy_with_logits(tensor(labels), tensor(logits)).numpy()
    np.testing.assert_allclose(sigmoid, np.logaddexp(0, logits) - logits * labels, rtol=1e-6)


def test_cross_entropy_gradients_stable_at_large_logits():
    logits = np.array([[1000.0, -1000.0, 0.0], [-1000.0, 1000.0, 999.0]])
    labels = np.array([[0.0, 1.0, 0.0], [0.0, 0.5, 0.5]])
    z = tensor(logits)
    with nnext.GradientTape(persistent=True) as tape:
        tape.watch(z)
        dense = nn.softmax_cross_entropy_with_logits(tensor(labels), z)
        sparse = nn.sparse_softmax_cross_entropy_with_logits(tensor(np.array([1, 2])), z)
        sigmoid = nn.sigmoid_cross_entropy_with_logits(tensor(labels), z)
    np.testing.assert_allclose(
        tape.gradient(dense, z).numpy(), np_softmax(logits) - labels, atol=1e-15
    )
    np.testing.assert_allclose(
        tape.gradient(sparse, z).numpy(), np_softmax(logits) - np.eye(3)[[1, 2]], atol=1e-15
    )
    np.testing.assert_allclose(
        tape.gradient(sigmoid, z).numpy(), np_sigmoid(logits) - labels, atol=1e-15
    )


def test_integer_labels_take_the_logits_dtype():
    logits = rand((2, 3), "float32")
    onehot = np.eye(3, dtype="int32")[[0, 2]]
    dense = nn.softmax_cross_entropy_with_logits(tensor(onehot), tensor(logits))
    sigmoid = nn.sigmoid_cross_entropy_with_logits(tensor(onehot), tensor(logits))
    assert dense.dtype == nnext.float32 and sigmoid.dtype == nnext.float32
    np.testing.assert_allclose(dense.numpy(), -(onehot * np_log_softmax(logits)).sum(-1), rtol=1e-6)


def test_cross_entropy_errors():
    with pytest.raises(
        ValueError,
        match=r"softmax_cross_entropy_with_logits: labels and logits "
        r"must have the same shape, got \(2, 3\) and \(2, 4\)",
    ):
        nn.softmax_cross_entropy_with_logits(np.ones((2, 3)), np.ones((2, 4)))
    with pytest.raises(
        ValueError,
        match=r"received a label value of 3 which is outside the "
        r"valid range of \[0, 3\)",
    ):
        nn.sparse_softmax_cross_entropy_with_logits(np.array([0, 3]), np.ones((2, 3)))
    with pytest.raises(ValueError, match=r"received a label value of -1"):
        nn.sparse_softmax_cross_entropy_with_logits(np.array([-1, 0]), np.ones((2, 3)))
    with pytest.raises(TypeError, match=r"labels must be int32 or int64 class indices"):
        nn.sparse_softmax_cross_entropy_with_logits(np.array([0.0, 1.0]), np.ones((2, 3)))
    with pytest.raises(ValueError, match=r"labels of shape \(3,\) do not match logits"):
        nn.sparse_softmax_cross_entropy_with_logits(np.array([0, 1, 2]), np.ones((2, 3)))
    with pytest.raises(ValueError, match=r"sigmoid_cross_entropy_with_logits: labels and logits"):
        nn.sigmoid_cross_entropy_with_logits(np.ones(3), np.ones(4))


@pytest.mark.parametrize("axis", [-1, 0])
def test_softmax_cross_entropy_gradient(axis):
    labels = np_softmax(rand((3, 4)), axis)
    check_gradient(
        lambda lab, z: nn.softmax_cross_entropy_with_logits(lab, z, axis=axis),
        [labels, rand((3, 4)) * 2],
    )


def test_softmax_cross_entropy_gradient_is_softmax_minus_labels():
    logits, labels = rand((3, 4)), np_softmax(rand((3, 4)))
    z = tensor(logits)
    with nnext.GradientTape() as tape:
        tape.watch(z)
        loss = nn.softmax_cross_entropy_with_logits(tensor(labels), z)
    np.testing.assert_allclose(tape.gradient(loss, z).numpy(), np_softmax(logits) - labels)


def test_sparse_softmax_cross_entropy_gradient():
    labels = rand((2, 3), "int64", 0, 3)
    check_gradient(
        lambda z: nn.sparse_softmax_cross_entropy_with_logits(tensor(labels), z),
        [rand((2, 3, 4)) * 2],
    )


def test_sigmoid_cross_entropy_gradient():
    check_gradient(
        nn.sigmoid_cross_entropy_with_logits, [rand((3, 4), low=0.0, high=1.0), rand((3, 4))]
    )


# --- second derivatives -----------------------------------------------------------------


def second_derivative_check(inner, arrays):
    """h(xs) = sum(d(inner(xs))/dx0 * v) computed with nested tapes; its outer-tape
    gradients against central differences of h."""
    v = rand(arrays[0].shape)

    def h(*xs):
        with nnext.GradientTape() as tape:
            tape.watch(xs[0])
            y = inner(*xs)
        return nnext.reduce_sum(tape.gradient(y, xs[0]) * tensor(v))

    # Finite differences of a gradient carry the next derivative's truncation error, hence
    # tolerances looser than check_gradient's defaults.
    check_gradient(h, arrays, rtol=1e-6, atol=1e-8)


def test_matmul_second_derivative():
    second_derivative_check(
        lambda a, b: nnext.reduce_sum(nnext.square(_core.matmul(a, b))),
        [rand((3, 4)), rand((4, 2))],
    )


@pytest.mark.parametrize("activation", ["linear", "sigmoid", "tanh", "softmax"])
def test_dense_second_derivative(activation):
    second_derivative_check(
        lambda x, k, b: nnext.reduce_sum(nnext.square(nn.dense(x, k, b, activation))),
        [rand((3, 4)), rand((4, 2)), rand((2,))],
    )


@pytest.mark.parametrize("name", ["softmax", "log_softmax", "gelu", "softplus", "elu"])
def test_activation_second_derivative(name):
    fn = getattr(nn, name)
    x = rand((2, 3))
    x[np.abs(x) < 0.05] = 0.5
    second_derivative_check(lambda z: nnext.reduce_sum(nnext.square(fn(z))), [x])


def test_cross_entropy_second_derivative():
    labels = np_softmax(rand((2, 3)))
    second_derivative_check(
        lambda z: nnext.reduce_sum(nn.softmax_cross_entropy_with_logits(tensor(labels), z)),
        [rand((2, 3))],
    )
    sparse = np.array([2, 0])
    second_derivative_check(
        lambda z: nnext.reduce_sum(nn.sparse_softmax_cross_entropy_with_logits(tensor(sparse), z)),
        [rand((2, 3))],
    )
