"""keras.ops beyond the parity table: control flow, KerasTensor (functional API) inputs, bad
input, Fourier transforms and keras.ops.image."""

import numpy as np
import pytest
from keras_ops_helpers import (
    COORDS,
    CORNERS,
    IMAGES,
    MOVED,
    SIMILAR,
    TRANSFORMS,
    arr,
    compare,
    kops,
)

from nnext.keras import ops
from nnext.keras.keras_tensor import KerasTensor


# ---------------------------------------------------------------------------------------
def test_control_flow_matches_keras():
    x = arr(4, 3)
    np.testing.assert_allclose(
        ops.cond(True, lambda: ops.ones(2), lambda: ops.zeros(2)).numpy(), [1.0, 1.0]
    )
    assert int(ops.fori_loop(0, 5, lambda i, v: v + i, 0)) == 10
    got = ops.while_loop(lambda i, s: i < 4, lambda i, s: (i + 1, s * 2), (0, 1.0))
    want = kops.while_loop(lambda i, s: i < 4, lambda i, s: (i + 1, s * 2), (0, 1.0))
    assert [float(g) for g in got] == [float(w) for w in want]
    assert float(ops.while_loop(lambda v: v < 100, lambda v: v * 3, 1, maximum_iterations=2)) == 9
    carry, ys = ops.scan(lambda c, v: (c + v, c * v), np.zeros(3, "float32"), x)
    kcarry, kys = kops.scan(lambda c, v: (c + v, c * v), np.zeros(3, "float32"), x)
    np.testing.assert_allclose(carry.numpy(), kcarry, rtol=1e-6)
    np.testing.assert_allclose(ys.numpy(), kys, rtol=1e-6)
    carry, ys = ops.scan(lambda c, v: (c + v, c), 0.0, x[:, 0], reverse=True)
    kcarry, kys = kops.scan(lambda c, v: (c + v, c), 0.0, x[:, 0], reverse=True)
    np.testing.assert_allclose(ys.numpy(), kys, rtol=1e-6)
    np.testing.assert_allclose(
        ops.map(lambda v: v * 2.0, x).numpy(), kops.map(lambda v: v * 2.0, x)
    )
    np.testing.assert_allclose(
        ops.vectorized_map(lambda v: ops.sum(v), x).numpy(), x.sum(axis=1), rtol=1e-6
    )
    np.testing.assert_allclose(
        ops.associative_scan(ops.add, x, axis=1).numpy(),
        kops.associative_scan(kops.add, x, axis=1),
        rtol=1e-6,
    )
    np.testing.assert_allclose(
        ops.associative_scan(ops.multiply, x, reverse=True).numpy(),
        kops.associative_scan(kops.multiply, x, reverse=True),
        rtol=1e-5,
    )
    branches = [lambda v: v + 1.0, lambda v: v * 10.0]
    np.testing.assert_allclose(np.asarray(ops.switch(5, branches, x)), x * 10.0)
    vec = ops.vectorize(lambda a, b: a * b + 1.0)
    np.testing.assert_allclose(vec(x, 2.0).numpy(), x * 2.0 + 1.0, rtol=1e-6)
    dot_rows = ops.vectorize(lambda a, b: ops.sum(a * b), signature="(n),(n)->()")
    np.testing.assert_allclose(dot_rows(x, x).numpy(), (x * x).sum(1), rtol=1e-6)
    assert ops.is_tensor(ops.ones(1)) and not ops.is_tensor(np.ones(1))
    assert ops.dtype(x) == "float32" and ops.shape(x) == (4, 3)


# ---------------------------------------------------------------------------------------
SYMBOLIC = [
    ("add", (KerasTensor((None, 3)), KerasTensor((None, 3))), {}, (None, 3), "float32"),
    ("sum", (KerasTensor((None, 3)),), {"axis": 1}, (None,), "float32"),
    ("matmul", (KerasTensor((None, 3)), np.ones((3, 5), "float32")), {}, (None, 5), "float32"),
    ("argmax", (KerasTensor((None, 3)),), {"axis": -1}, (None,), "int32"),
    ("softmax", (KerasTensor((None, 3)),), {"axis": 0}, (None, 3), "float32"),
    ("one_hot", (KerasTensor((None, 3), dtype="int32"), 4), {}, (None, 3, 4), "float32"),
    (
        "concatenate",
        ([KerasTensor((None, 3)), KerasTensor((None, 2))],),
        {"axis": 1},
        (None, 5),
        "float32",
    ),
    ("cumsum", (KerasTensor((None, 3)),), {"axis": 1}, (None, 3), "float32"),
    (
        "einsum",
        ("bi,ij->bj", KerasTensor((None, 3)), np.ones((3, 2), "float32")),
        {},
        (None, 2),
        "float32",
    ),
    ("cast", (KerasTensor((None, 3)), "int64"), {}, (None, 3), "int64"),
    ("inv", (KerasTensor((None, 3, 3)),), {}, (None, 3, 3), "float32"),
    ("repeat", (KerasTensor((None, 3)), 2), {"axis": 1}, (None, 6), "float32"),
]


@pytest.mark.parametrize("name,args,kwargs,shape,dtype", SYMBOLIC, ids=[r[0] for r in SYMBOLIC])
def test_keras_tensor_inputs(name, args, kwargs, shape, dtype):
    out = getattr(ops, name)(*args, **kwargs)
    assert isinstance(out, KerasTensor)
    assert out.shape == shape and out.dtype == dtype


def test_keras_tensor_multiple_outputs():
    values, indices = ops.top_k(KerasTensor((None, 5)), 2)
    assert values.shape == (None, 2) and indices.dtype == "int32"
    mean, var = ops.moments(KerasTensor((None, 4)), axes=0)
    assert mean.shape == (4,) and var.shape == (4,)


# ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "call,error,match",
    [
        (lambda: ops.top_k(np.ones((2, 3)), 4), ValueError, "top_k: k=4"),
        (lambda: ops.inv(np.zeros((2, 2))), ValueError, "inv: the matrix is singular"),
        (lambda: ops.cholesky(-np.eye(2)), ValueError, "not positive definite"),
        (lambda: ops.solve(np.eye(3), np.ones((2, 1))), ValueError, "solve: cannot solve"),
        (lambda: ops.det(np.ones(3)), ValueError, "rank >= 2"),
        (lambda: ops.qr(np.eye(2), mode="r"), ValueError, "mode"),
        (lambda: ops.pad(np.ones(3), 1, mode="median"), ValueError, "unsupported mode"),
        (
            lambda: ops.take_along_axis(np.ones((2, 3)), np.ones(3, "int32"), 1),
            ValueError,
            "same number of dimensions",
        ),
        (lambda: ops.bitwise_and(np.ones(2), np.ones(2)), TypeError, "bitwise_and: expected"),
        (lambda: ops.normalize(np.ones(2), order=0), ValueError, "order"),
        (
            lambda: ops.categorical_crossentropy(np.ones((2, 3)), np.ones((2, 4))),
            ValueError,
            "same shape",
        ),
        (
            lambda: ops.scatter_update(np.ones(2), [[0]], [1.0], reduction="avg"),
            ValueError,
            "Invalid reduction",
        ),
        (lambda: ops.searchsorted(np.ones(3), [1.0], side="middle"), ValueError, "side"),
        (lambda: ops.quantile(np.ones(3), 0.5, method="cubic"), ValueError, "method"),
        (lambda: ops.split(np.ones(5), 2), ValueError, "equal division"),
    ],
)
def test_bad_input_raises(call, error, match):
    with pytest.raises(error, match=match):
        call()


SIGNAL = arr(2, 50)
SPECTRUM = (arr(3, 8), arr(3, 8, seed=1))
STFT = [
    {"window": "hann", "center": True},
    {"window": "hamming", "center": False},
    {"window": None, "center": True},
]


def _fft_rows():
    yield "fft", (SPECTRUM,), {}
    yield "fft2", (SPECTRUM,), {}
    yield "ifft2", (SPECTRUM,), {}
    for n in (None, 6, 11):
        yield "rfft", (SPECTRUM[0],), {"fft_length": n}
    spectrum = tuple(np.asarray(p) for p in kops.rfft(SPECTRUM[0]))
    for n in (None, 7, 12):
        yield "irfft", (spectrum,), {"fft_length": n}
    for kw in STFT:
        yield "stft", (SIGNAL, 10, 4, 16), kw
        frames = tuple(np.asarray(p) for p in kops.stft(SIGNAL, 10, 4, 16, **kw))
        yield "istft", (frames, 10, 4, 16), kw
        yield "istft", (frames, 10, 4, 16), {**kw, "length": 40}


@pytest.mark.parametrize(
    "name,args,kwargs", list(_fft_rows()), ids=lambda v: v if isinstance(v, str) else None
)
def test_fourier_transforms_match_keras(name, args, kwargs):
    compare(name, args, kwargs, rtol=1e-4, atol=2e-5)


def test_image_functions_match_keras():
    images = arr(2, 4, 5, 3, lo=0.0, hi=1.0)
    for name in ("rgb_to_grayscale", "rgb_to_hsv"):
        mine, theirs = getattr(ops.image, name), getattr(kops.image, name)
        compare(name, (images,), fn=mine, reference=theirs)
        compare(
            name,
            (np.transpose(images, (0, 3, 1, 2)),),
            {"data_format": "channels_first"},
            fn=mine,
            reference=theirs,
        )
    hsv = np.asarray(kops.image.rgb_to_hsv(images))
    np.testing.assert_allclose(
        ops.image.hsv_to_rgb(hsv).numpy(), kops.image.hsv_to_rgb(hsv), rtol=1e-5, atol=1e-6
    )
    compare(
        "pad_images", (images, 1, 2, 0, 1), fn=ops.image.pad_images, reference=kops.image.pad_images
    )
    np.testing.assert_allclose(
        ops.image.pad_images(
            images, top_padding=1, left_padding=0, target_height=7, target_width=6
        ).numpy(),
        kops.image.pad_images(
            images, top_padding=1, left_padding=0, target_height=7, target_width=6
        ),
    )
    np.testing.assert_allclose(
        ops.image.crop_images(
            images, top_cropping=1, left_cropping=2, target_height=2, target_width=2
        ).numpy(),
        kops.image.crop_images(
            images, top_cropping=1, left_cropping=2, target_height=2, target_width=2
        ),
    )


def _image_rows():
    for mode in ("constant", "nearest", "wrap", "mirror", "reflect"):
        for interpolation in ("bilinear", "nearest"):
            yield "affine_transform", (IMAGES, TRANSFORMS, interpolation, mode, 0.5), {}
        for order in (0, 1):
            yield "map_coordinates", (arr(6, 7), COORDS, order, mode, 0.3), {}
    yield "affine_transform", (IMAGES[0], TRANSFORMS[0]), {}
    yield (
        "affine_transform",
        (np.transpose(IMAGES, (0, 3, 1, 2)), TRANSFORMS),
        {"data_format": "channels_first"},
    )
    yield "perspective_transform", (IMAGES, CORNERS, MOVED), {}
    yield "perspective_transform", (IMAGES, CORNERS, MOVED, "nearest", 0.2), {}
    yield "gaussian_blur", (IMAGES,), {}
    yield "gaussian_blur", (IMAGES, (3, 5), (1.0, 2.0)), {}
    yield "gaussian_blur", (IMAGES[0], (5, 5), (0.8, 0.8)), {}
    yield "sobel_edges", (IMAGES,), {}
    yield "ssim", (SIMILAR, SIMILAR[::-1]), {}
    yield "ssim", (SIMILAR, np.clip(SIMILAR + 0.05, 0, 1)), {"max_val": 1.0, "filter_size": 5}


@pytest.mark.parametrize(
    "name,args,kwargs", list(_image_rows()), ids=lambda v: v if isinstance(v, str) else None
)
def test_image_warps_and_filters_match_keras(name, args, kwargs):
    compare(
        name,
        args,
        kwargs,
        rtol=1e-5,
        atol=1e-5,
        fn=getattr(ops.image, name),
        reference=getattr(kops.image, name),
    )


def test_elastic_transform_is_seeded_and_identity_without_displacement():
    out = ops.image.elastic_transform(IMAGES, alpha=0.0, seed=3)
    np.testing.assert_allclose(out.numpy(), IMAGES, rtol=1e-6, atol=1e-6)
    a = ops.image.elastic_transform(IMAGES, alpha=3.0, sigma=1.0, seed=5).numpy()
    b = ops.image.elastic_transform(IMAGES, alpha=3.0, sigma=1.0, seed=5).numpy()
    np.testing.assert_array_equal(a, b)
    assert a.shape == IMAGES.shape and not np.allclose(a, IMAGES)


def test_every_table_function_accepts_keras_tensors():
    """Each parity-table row whose first argument is an array runs again with that argument
    a KerasTensor of the same shape: the functional API's result has the concrete result's
    shape and dtype (found by the dry runs)."""
    from keras_ops_other_rows import other_rows
    from test_keras_ops import _binary_rows, _reduce_rows, _unary_rows

    # Output sizes that depend on the values (the dry runs see zeros), and conversions out
    # of the symbolic world.
    value_dependent = {
        "unique",
        "nonzero",
        "bincount",
        "where",
        "histogram",
        "argpartition",
        "convert_to_numpy",
        "size",
        "ndim",
        "shape",
    }
    checked = 0
    for row in [*_unary_rows(), *_binary_rows(), *_reduce_rows(), *other_rows()]:
        name, args, kwargs = row.values
        first = args[0] if args else None
        if name in value_dependent or not isinstance(first, np.ndarray):
            continue
        concrete = getattr(ops, name)(*args, **kwargs)
        symbolic = getattr(ops, name)(
            KerasTensor(first.shape, dtype=str(first.dtype)), *args[1:], **kwargs
        )
        for c, s in zip(_leaves(concrete), _leaves(symbolic), strict=True):
            assert isinstance(s, KerasTensor), name
            assert s.shape == tuple(c.shape), f"{name}: {s.shape} vs {tuple(c.shape)}"
            assert s.dtype == c.dtype.name, f"{name}: {s.dtype} vs {c.dtype.name}"
        checked += 1
    assert checked > 700


def test_batch_agnostic_functions_keep_an_unknown_batch_axis():
    batch = KerasTensor((None, 4, 3))
    for name, kwargs, shape in [
        ("sort", {"axis": -1}, (None, 4, 3)),
        ("cumprod", {"axis": 1}, (None, 4, 3)),
        ("logsumexp", {"axis": -1}, (None, 4)),
        ("var", {"axis": (1, 2)}, (None,)),
        ("moveaxis", {"source": 0, "destination": -1}, (4, 3, None)),
        ("tril", {}, (None, 4, 3)),
        ("pad", {"pad_width": ((0, 0), (1, 1), (0, 2))}, (None, 6, 5)),
        ("layer_normalization", {}, (None, 4, 3)),
        ("sparsemax", {}, (None, 4, 3)),
        ("diagonal", {"axis1": 1, "axis2": 2}, (None, 3)),
        ("flip", {"axis": 1}, (None, 4, 3)),
        ("unfold", {"kernel_size": 2}, (None, 8, 6)),
        ("qr", {}, None),
        ("inv", {}, None),
    ]:
        x = {
            "qr": KerasTensor((None, 3, 3)),
            "inv": KerasTensor((None, 3, 3)),
            "unfold": KerasTensor((None, 2, 4, 3)),
        }.get(name, batch)
        out = getattr(ops, name)(x, **kwargs)
        if shape is not None:
            assert out.shape == shape, f"{name}: {out.shape}"
        else:
            assert all(o.shape == (None, 3, 3) for o in _leaves(out)), name


def _leaves(value):
    if isinstance(value, (list, tuple)):
        return [leaf for v in value for leaf in _leaves(v)]
    return [value]
