"""keras.ops.image.resize, scale_and_translate, extract_patches and extract_patches_3d
against Keras 3 (numpy backend), gradients against central differences, KerasTensor shapes
and errors."""

import numpy as np
import pytest
from helpers import check_gradient
from keras_ops_helpers import arr, compare, kops

from nnext.keras import layers, ops


def _compare(name, args, kwargs=None, **tol):
    compare(
        name,
        args,
        kwargs,
        fn=getattr(ops.image, name),
        reference=getattr(kops.image, name),
        **({"rtol": 1e-5, "atol": 1e-5} | tol),
    )


@pytest.mark.parametrize(
    "interpolation", ["bilinear", "nearest", "bicubic", "lanczos3", "lanczos5"]
)
@pytest.mark.parametrize("size", [(9, 7), (3, 2), (5, 11)])
@pytest.mark.parametrize("antialias", [False, True])
def test_resize_matches_keras(interpolation, size, antialias):
    images = arr(2, 6, 5, 3, lo=0.0, hi=1.0)
    _compare("resize", (images, size), {"interpolation": interpolation, "antialias": antialias})


@pytest.mark.parametrize(
    "kwargs",
    [
        {"data_format": "channels_first"},
        {"crop_to_aspect_ratio": True},
        {"pad_to_aspect_ratio": True, "fill_value": 0.5},
        {"pad_to_aspect_ratio": True, "data_format": "channels_first"},
    ],
)
@pytest.mark.parametrize("size", [(4, 8), (8, 3)])
def test_resize_layouts_and_aspect_ratio(kwargs, size):
    images = arr(2, 6, 5, 3, lo=0.0, hi=1.0)
    if kwargs.get("data_format") == "channels_first":
        images = np.ascontiguousarray(np.transpose(images, (0, 3, 1, 2)))
    _compare("resize", (images, size), kwargs)
    _compare("resize", (images[0], size), kwargs)  # a single image


def test_resize_integer_images_round_and_keep_dtype():
    images = arr(2, 5, 6, 3, lo=0, hi=255, dtype="int32")
    for interpolation in ("bilinear", "bicubic", "nearest"):
        _compare("resize", (images, (8, 3)), {"interpolation": interpolation})


def test_scale_and_translate_matches_keras():
    images = arr(2, 6, 5, 3, lo=0.0, hi=1.0)
    for method in ("linear", "cubic", "lanczos3"):
        for antialias in (True, False):
            _compare(
                "scale_and_translate",
                (
                    images,
                    (2, 9, 4, 3),
                    np.array([1.5, 0.8], "float32"),
                    np.array([0.5, -1.0], "float32"),
                    (1, 2),
                    method,
                    antialias,
                ),
            )


@pytest.mark.parametrize(
    "images,size,kwargs",
    [
        (arr(2, 8, 9, 3), 3, {}),
        (arr(2, 8, 9, 3), (2, 3), {"strides": 1, "padding": "same"}),
        (arr(2, 8, 9, 3), (2, 2), {"strides": (2, 3), "dilation_rate": 1}),
        (arr(8, 9, 3), 2, {}),
        (arr(2, 3, 8, 9), 3, {"strides": 2, "data_format": "channels_first"}),
        (arr(1, 4, 5, 6, 2), (2, 2, 3), {}),
    ],
)
def test_extract_patches_matches_keras(images, size, kwargs):
    _compare("extract_patches", (images, size), kwargs)


def test_extract_patches_3d_matches_keras():
    volumes = arr(2, 4, 5, 6, 2)
    _compare("extract_patches_3d", (volumes, 2), {})
    _compare("extract_patches_3d", (volumes, (2, 3, 2)), {"strides": 1, "padding": "same"})
    _compare("extract_patches_3d", (volumes[0], (2, 2, 2)), {"strides": (1, 2, 2)})


def test_gradients_against_central_differences():
    images = arr(1, 4, 5, 2, dtype="float64")
    for interpolation in ("bilinear", "bicubic", "nearest"):
        check_gradient(
            lambda x, i=interpolation: ops.image.resize(x, (3, 7), interpolation=i, antialias=True),
            [images],
        )
    check_gradient(lambda x: ops.image.extract_patches(x, 2, strides=1), [images])


def test_symbolic_shapes():
    x = layers.Input((None, None, 3))
    assert ops.image.resize(x, (7, 4)).shape == (None, 7, 4, 3)
    got = ops.image.extract_patches(x, 3, strides=2)
    assert got.shape == (None, None, None, 27)
    fixed = ops.image.extract_patches(layers.Input((9, 8, 3)), (3, 2))
    assert fixed.shape == (None, 3, 4, 18)


@pytest.mark.parametrize(
    "call,error,match",
    [
        (lambda: ops.image.resize(arr(1, 4, 4, 3), (2,)), ValueError, "tuple of 2"),
        (lambda: ops.image.resize(arr(1, 4, 4, 3), (0, 2)), ValueError, "positive"),
        (lambda: ops.image.resize(arr(4, 3), (2, 2)), ValueError, "rank"),
        (
            lambda: ops.image.resize(arr(1, 4, 4, 3), (2, 2), interpolation="area"),
            ValueError,
            "interpolation",
        ),
        (
            lambda: ops.image.resize(arr(1, 4, 4, 3), (2, 2), fill_mode="reflect"),
            ValueError,
            "fill_mode",
        ),
        (
            lambda: ops.image.resize(
                arr(1, 4, 4, 3), (2, 2), crop_to_aspect_ratio=True, pad_to_aspect_ratio=True
            ),
            ValueError,
            "Only one",
        ),
        (lambda: ops.image.extract_patches(arr(1, 4, 4, 3), "2"), TypeError, "size"),
        (lambda: ops.image.extract_patches(arr(1, 4, 4, 3), (2,)), ValueError, "length"),
        (
            lambda: ops.image.scale_and_translate(
                arr(1, 4, 4, 3), (1, 2, 2, 3), [1, 1], [0, 0], (1, 2), "area"
            ),
            ValueError,
            "method",
        ),
    ],
)
def test_bad_arguments(call, error, match):
    with pytest.raises(error, match=match):
        call()
