"""Gradients of keras.ops against float64 central differences, custom_gradient,
stop_gradient and jvp."""

import numpy as np
import pytest
from helpers import check_gradient
from keras_ops_helpers import (
    CTC_CASE,
    TRANSFORMS,
    arr,
)

from nnext import _core
from nnext.keras import ops


# ---------------------------------------------------------------------------------------
# Gradients in float64 against central differences: (name, inputs, kwargs).
def _grad_rows():
    x34, x234 = arr(3, 4, dtype="float64"), arr(2, 3, 4, dtype="float64")
    sq = arr(3, 3, dtype="float64") + 3 * np.eye(3)
    unary = [
        "tan",
        "sinh",
        "cosh",
        "arctan",
        "arcsinh",
        "erf",
        "erfc",
        "expm1",
        "cbrt",
        "exp2",
        "log2",
        "sinc",
        "silu",
        "gelu",
        "selu",
        "celu",
        "softsign",
        "log_sigmoid",
        "hard_silu",
        "squareplus",
        "sparse_plus",
        "tanh_shrink",
        "relu6",
        "glu",
        "softmax",
        "log_softmax",
        "sparsemax",
        "cumsum",
        "cumprod",
        "sort",
        "logsumexp",
        "var",
        "std",
        "median",
        "flip",
        "roll",
        "tril",
        "triu",
        "diagonal",
        "trace",
        "repeat",
        "ravel",
        "normalize",
        "rms_normalization",
        "layer_normalization",
        "nanmean",
        "ptp",
        "prod",
    ]
    needs = {"roll": {"shift": 1}, "repeat": {"repeats": 2, "axis": 1}}
    for name in unary:
        domain = (0.5, 2.0) if name in ("cumprod", "cbrt", "log2", "prod") else (-1.5, 1.5)
        yield name, [arr(3, 4, lo=domain[0], hi=domain[1], dtype="float64")], needs.get(name, {})
    bounded = ["arcsin", "arccos", "arctanh", "erfinv"]
    for name in bounded:
        yield name, [arr(3, 4, lo=-0.8, hi=0.8, dtype="float64")], {}
    yield "arccosh", [arr(3, 4, lo=1.2, hi=3.0, dtype="float64")], {}
    for name in ["arctan2", "hypot", "logaddexp", "divide", "power", "fmod", "maximum"]:
        yield (
            name,
            [
                arr(3, 4, lo=0.5, hi=2.0, dtype="float64"),
                arr(4, lo=0.5, hi=2.0, dtype="float64", seed=5),
            ],
            {},
        )
    yield "softmax", [x234], {"axis": (0, 2)}
    yield "sum", [x234], {"axis": (0, 2)}
    yield "moments", [x234], {"axes": 1}
    yield "take", [x34, np.array([2, 0, 2])], {"axis": 1}
    yield "take_along_axis", [x34, np.argsort(x34, axis=0)], {"axis": 0}
    yield "top_k", [x34, 2], {}
    yield "einsum", ["ij,jk->ik", x34, arr(4, 2, dtype="float64")], {}
    yield "einsum", ["bij,bjk->bik", x234, arr(2, 4, 3, dtype="float64")], {}
    yield "matmul", [x34, arr(4, 2, dtype="float64")], {}
    yield "quantile", [x34, 0.3], {"axis": 1}
    yield "categorical_crossentropy", [arr(3, 4, lo=0, hi=1, dtype="float64"), x34], {}
    yield (
        "binary_crossentropy",
        [arr(3, 4, lo=0, hi=1, dtype="float64"), arr(3, 4, lo=0.1, hi=0.9, dtype="float64")],
        {},
    )
    yield "sparse_categorical_crossentropy", [np.array([0, 3, 1]), x34], {"from_logits": True}
    yield "segment_sum", [arr(5, 2, dtype="float64"), np.array([0, 0, 1, 2, 2])], {}
    yield "segment_max", [arr(5, 2, dtype="float64"), np.array([0, 0, 1, 2, 2])], {}
    yield "slice_update", [x34, (1, 1), arr(2, 2, dtype="float64")], {}
    yield (
        "dot_product_attention",
        [
            arr(1, 3, 2, 4, dtype="float64"),
            arr(1, 3, 2, 4, dtype="float64", seed=3),
            arr(1, 3, 2, 4, dtype="float64", seed=4),
        ],
        {},
    )
    yield "inv", [sq], {}
    yield "det", [sq], {}
    yield "slogdet", [sq], {}
    yield "solve", [sq, arr(3, 2, dtype="float64")], {}
    yield "solve_triangular", [np.tril(sq), arr(3, 2, dtype="float64")], {"lower": True}
    yield "solve_triangular", [np.triu(sq), arr(3, 2, dtype="float64")], {}
    yield "norm", [x34], {"ord": 3, "axis": 1}
    yield "unfold", [arr(1, 2, 5, 4, dtype="float64")], {"kernel_size": 2, "padding": 1}
    yield (
        "fold",
        [arr(1, 8, 20, dtype="float64")],
        {"output_size": (3, 4), "kernel_size": 2, "padding": 1},
    )
    yield "adaptive_average_pool", [arr(1, 5, 4, 2, dtype="float64")], {"output_size": (2, 3)}
    yield "adaptive_max_pool", [arr(1, 5, 4, 2, dtype="float64")], {"output_size": (2, 3)}
    yield "rearrange", [x234], {"pattern": "a b c -> (b a) c"}
    yield "ctc_loss", [CTC_CASE[0], CTC_CASE[1].astype("float64"), CTC_CASE[2], CTC_CASE[3]], {}


def _wants_grad(value):
    return isinstance(value, np.ndarray) and value.dtype == np.float64


@pytest.mark.parametrize("row", list(_grad_rows()), ids=lambda r: r[0])
def test_gradient_matches_finite_differences(row):
    name, args, kwargs = row
    fn = getattr(ops, name)
    slots = [i for i, a in enumerate(args) if _wants_grad(a)]

    def call(*tensors):
        full = list(args)
        for i, t in zip(slots, tensors):
            full[i] = t
        out = fn(*full, **kwargs)
        if isinstance(out, (tuple, list)):  # differentiate the float outputs, summed
            floats = [o for o in out if o.dtype.is_floating]
            return sum(
                (_core.reduce_sum(o) * (k + 1.0) for k, o in enumerate(floats)),
                _core.zeros([], "float64"),
            )
        return out

    check_gradient(call, [args[i] for i in slots], rtol=1e-6, atol=1e-8, what=name)


def test_symmetric_gradients_of_cholesky_and_eigh():
    """Cholesky and eigh read one triangle of a symmetric input: differentiate through
    A = S + S^T so that finite differences stay on symmetric matrices."""
    base = arr(3, 3, dtype="float64")

    def spd(s):
        return ops.matmul(s, ops.transpose(s)) + ops.eye(3, dtype="float64") * 3.0

    check_gradient(lambda s: ops.cholesky(spd(s)), [base], rtol=1e-6, atol=1e-8)
    check_gradient(lambda s: ops.eigh(spd(s))[0], [base], rtol=1e-6, atol=1e-8)

    def eigvec_invariant(s):  # v diag(w) v^T is sign-independent
        w, v = ops.eigh(spd(s))
        return ops.matmul(v * ops.expand_dims(w, 0), ops.transpose(v))

    check_gradient(eigvec_invariant, [base], rtol=1e-6, atol=1e-8)


def test_custom_gradient_and_stop_gradient():
    import nnext

    @ops.custom_gradient
    def clipped_identity(x):
        def grad(*args, upstream=None):
            if upstream is None:
                (upstream,) = args
            return ops.clip(upstream, -0.5, 0.5)

        return x * 1.0, grad

    x = nnext.constant([1.0, 2.0, 3.0])
    with nnext.GradientTape() as tape:
        tape.watch(x)
        y = ops.sum(clipped_identity(x) * ops.convert_to_tensor([-3.0, 0.2, 4.0]))
    np.testing.assert_allclose(tape.gradient(y, x).numpy(), [-0.5, 0.2, 0.5])
    with nnext.GradientTape() as tape:
        tape.watch(x)
        y = ops.sum(ops.stop_gradient(x) * x)
    np.testing.assert_allclose(tape.gradient(y, x).numpy(), [1.0, 2.0, 3.0])


def test_custom_gradient_errors_surface():
    import nnext

    @ops.custom_gradient
    def broken(x):
        def grad(upstream):
            raise ValueError("no gradient here")

        return x * 2.0, grad

    x = nnext.constant([1.0])
    with nnext.GradientTape() as tape:
        tape.watch(x)
        y = broken(x)
    with pytest.raises(ValueError, match="no gradient here"):
        tape.gradient(y, x)


def test_jvp_matches_jacobian():
    x = arr(3, dtype="float64")
    t = arr(3, dtype="float64", seed=9)
    out, tangent = ops.jvp(lambda v: ops.sin(v) * ops.sum(v), (x,), (t,))
    jac = np.diag(np.cos(x) * x.sum()) + np.outer(np.sin(x), np.ones(3))
    np.testing.assert_allclose(tangent.numpy(), jac @ t, rtol=1e-10)
    np.testing.assert_allclose(out.numpy(), np.sin(x) * x.sum())


def test_fourier_gradients_match_finite_differences():
    x = arr(2, 6, dtype="float64")
    check_gradient(lambda v: ops.rfft(v)[0] + ops.rfft(v)[1] * 2.0, [x], rtol=1e-6, atol=1e-8)
    check_gradient(
        lambda v: ops.stft(v, 4, 2, 4)[1], [arr(1, 12, dtype="float64")], rtol=1e-6, atol=1e-8
    )
    check_gradient(
        lambda r, i: ops.fft((r, i))[1],
        [x, arr(2, 6, dtype="float64", seed=1)],
        rtol=1e-6,
        atol=1e-8,
    )


def test_image_gradients_match_finite_differences():
    image = arr(1, 5, 6, 2, lo=0.0, hi=1.0, dtype="float64")
    transform = TRANSFORMS[:1].astype("float64")
    check_gradient(
        lambda im: ops.image.affine_transform(im, transform), [image], rtol=1e-6, atol=1e-8
    )
    check_gradient(
        lambda im: ops.image.gaussian_blur(im, (3, 3), (1.0, 1.0)), [image], rtol=1e-6, atol=1e-8
    )
    check_gradient(lambda im: ops.image.sobel_edges(im), [image], rtol=1e-6, atol=1e-8)
    other = arr(1, 5, 6, 2, lo=0.0, hi=1.0, dtype="float64", seed=3)
    check_gradient(
        lambda im: ops.image.ssim(im, other, filter_size=3), [image], rtol=1e-6, atol=1e-8
    )
    coords = arr(2, 3, lo=0.2, hi=3.7, dtype="float64")
    grid = arr(5, 4, dtype="float64")
    check_gradient(lambda c: ops.image.map_coordinates(grid, c, 1), [coords], rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("shape", [(5, 3), (4, 4)])
def test_qr_gradients(shape):
    a = arr(*shape, dtype="float64")
    check_gradient(lambda x: ops.qr(x)[0], [a], rtol=1e-6, atol=1e-8)
    check_gradient(lambda x: ops.qr(x)[1], [a], rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("shape", [(5, 3), (3, 5), (4, 4)])
def test_svd_gradients(shape):
    a = arr(*shape, dtype="float64")
    check_gradient(lambda x: ops.svd(x, compute_uv=False), [a], rtol=1e-6, atol=1e-8)

    def sign_free(x):  # squares of U and V^T do not depend on LAPACK's sign choices
        u, s, vh = ops.svd(x, full_matrices=False)
        return ops.concatenate([ops.ravel(u * u), s, ops.ravel(vh * vh)], axis=0)

    check_gradient(sign_free, [a], rtol=1e-6, atol=1e-8)

    def rebuilt(x):  # U S V^T reproduces x, so its gradient is the identity map
        u, s, vh = ops.svd(x, full_matrices=False)
        return ops.matmul(u * ops.expand_dims(s, 0), vh)

    check_gradient(rebuilt, [a], rtol=1e-6, atol=1e-8)
