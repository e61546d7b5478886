"""The image preprocessing and augmentation layers against Keras 3 (numpy backend,
in-process): the same transformation (drawn by Keras's layer) applied by both, inference
mode, configs, `.keras` files both ways, and the random draws' ranges and seeding."""

import os

os.environ.setdefault("KERAS_BACKEND", "numpy")

import keras as real_keras
import numpy as np
import pytest

from nnext import keras as nkeras
from nnext.keras import layers

IMAGES = np.random.default_rng(0).uniform(0, 255, (3, 7, 8, 3)).astype("float32")

# (class name, constructor kwargs): the layers whose transformation a Keras draw defines.
CASES = [
    ("Resizing", {"height": 5, "width": 4}),
    ("Resizing", {"height": 9, "width": 5, "interpolation": "bicubic", "antialias": True}),
    ("Resizing", {"height": 4, "width": 4, "crop_to_aspect_ratio": True}),
    ("Resizing", {"height": 4, "width": 6, "pad_to_aspect_ratio": True, "fill_value": 1.0}),
    ("CenterCrop", {"height": 5, "width": 4}),
    ("CenterCrop", {"height": 9, "width": 4}),
    ("RandomCrop", {"height": 5, "width": 4, "seed": 3}),
    ("RandomCrop", {"height": 9, "width": 4, "seed": 3}),
    ("RandomFlip", {"seed": 1}),
    ("RandomFlip", {"mode": "horizontal", "seed": 2}),
    ("RandomFlip", {"mode": "vertical", "seed": 2}),
    ("RandomTranslation", {"height_factor": 0.2, "width_factor": (-0.3, 0.1), "seed": 1}),
    (
        "RandomTranslation",
        {
            "height_factor": 0.2,
            "width_factor": 0.2,
            "fill_mode": "constant",
            "fill_value": 7.0,
            "interpolation": "nearest",
            "seed": 1,
        },
    ),
    ("RandomRotation", {"factor": 0.2, "seed": 4}),
    ("RandomRotation", {"factor": (-0.5, 0.1), "fill_mode": "wrap", "seed": 4}),
    ("RandomZoom", {"height_factor": 0.3, "seed": 5}),
    (
        "RandomZoom",
        {"height_factor": (-0.2, 0.4), "width_factor": 0.2, "fill_mode": "nearest", "seed": 5},
    ),
    ("RandomContrast", {"factor": 0.5, "seed": 6}),
    ("RandomContrast", {"factor": (0.2, 0.6), "value_range": (0, 100), "seed": 6}),
    ("RandomBrightness", {"factor": 0.3, "seed": 7}),
    ("RandomBrightness", {"factor": (-0.2, 0.5), "value_range": (0, 200), "seed": 7}),
    ("RandomGrayscale", {"factor": 0.6, "seed": 1}),
    ("RandomHue", {"factor": 0.4, "seed": 2}),
    ("RandomHue", {"factor": (0.2, 0.9), "value_range": (0, 300), "seed": 2}),
    ("RandomSaturation", {"factor": 0.7, "seed": 3}),
    ("RandomSaturation", {"factor": (0.1, 0.4), "value_range": (0, 1), "seed": 3}),
    ("Solarization", {"addition_factor": 0.3, "threshold_factor": (0.2, 0.8), "seed": 4}),
    ("Solarization", {"threshold_factor": 0.5, "value_range": (0, 300), "seed": 4}),
    ("AutoContrast", {}),
    ("AutoContrast", {"value_range": (0, 300)}),
    ("RandomInvert", {"factor": 0.7, "seed": 5}),
    ("RandomInvert", {"value_range": (0, 300), "seed": 5}),
    ("RandomPosterization", {"factor": 5, "seed": 6}),
    ("RandomPosterization", {"factor": (3, 3), "seed": 6}),
    ("RandomColorDegeneration", {"factor": 0.8, "seed": 7}),
    ("RandomColorDegeneration", {"factor": (0.3, 0.6), "value_range": (0, 200), "seed": 7}),
    ("MixUp", {"alpha": 0.4, "seed": 1}),
    ("RandomSharpness", {"factor": 0.8, "seed": 2}),
    ("RandomSharpness", {"factor": (0.1, 0.3), "value_range": (0, 300), "seed": 2}),
    ("RandomGaussianBlur", {"factor": 0.9, "kernel_size": 5, "sigma": 0.8, "seed": 3}),
    ("RandomGaussianBlur", {"kernel_size": (3, 5), "sigma": (0.2, 0.9), "seed": 3}),
    ("RandomShear", {"x_factor": 0.3, "seed": 4}),
    ("RandomPerspective", {"seed": 7}),
    (
        "RandomPerspective",
        {
            "factor": (0.4, 0.9),
            "scale": 0.4,
            "interpolation": "nearest",
            "fill_value": 3.0,
            "seed": 7,
        },
    ),
    ("ContrastLimitedAdaptiveHistogramEqualization", {"tile_grid_size": (2, 3)}),
    ("ContrastLimitedAdaptiveHistogramEqualization", {"clip_limit": 0.0, "tile_grid_size": (3, 3)}),
    (
        "ContrastLimitedAdaptiveHistogramEqualization",
        {"clip_limit": 2.0, "value_range": (0, 300), "tile_grid_size": (4, 2)},
    ),
    ("AugMix", {"seed": 8}),
    (
        "AugMix",
        {
            "num_chains": 2,
            "chain_depth": 4,
            "factor": 0.6,
            "alpha": 0.5,
            "all_ops": False,
            "seed": 9,
        },
    ),
    ("RandAugment", {"seed": 8}),
    ("RandAugment", {"num_ops": 4, "factor": (0.2, 0.7), "interpolation": "nearest", "seed": 9}),
    ("CutMix", {"seed": 6}),
    ("CutMix", {"factor": (0.3, 0.6), "seed": 6}),
    ("Equalization", {}),
    ("Equalization", {"value_range": (0, 300), "bins": 64}),
    ("RandomErasing", {"seed": 5}),
    ("RandomErasing", {"factor": 0.7, "scale": 0.5, "fill_value": 9.0, "seed": 5}),
    ("RandomErasing", {"scale": (0.1, 0.2), "fill_value": (1.0, 2.0, 3.0), "seed": 5}),
    (
        "RandomShear",
        {
            "x_factor": (0.1, 0.2),
            "y_factor": 0.4,
            "fill_mode": "constant",
            "interpolation": "nearest",
            "seed": 4,
        },
    ),
]


def _pair(name, kwargs):
    return getattr(real_keras.layers, name)(**kwargs), getattr(layers, name)(**kwargs)


def _as_numpy(transformation):
    if isinstance(transformation, dict):
        return {k: _as_numpy(v) for k, v in transformation.items()}
    if isinstance(transformation, (tuple, list)):
        return type(transformation)(_as_numpy(v) for v in transformation)
    return np.asarray(transformation) if hasattr(transformation, "shape") else transformation


@pytest.mark.parametrize("batched", [True, False])
# RandAugment is compared op by op in test_rand_augment_applies_the_chosen_layers.
@pytest.mark.parametrize("name,kwargs", [c for c in CASES if c[0] != "RandAugment"])
def test_same_transformation_gives_keras_images(name, kwargs, batched):
    theirs, mine = _pair(name, kwargs)
    images = IMAGES if batched else IMAGES[0]
    transformation = theirs.get_random_transformation(images, training=True)
    batch = images if batched else images[None]
    if not batched and name == "RandomRotation":  # Keras applies a single image's matrix
        batch = images[None]
    # Keras's numpy backend adds in place (RandomBrightness): give it a copy.
    want = np.asarray(theirs.transform_images(batch.copy(), transformation, training=True))
    got = mine.transform_images(
        nkeras.ops.convert_to_tensor(batch), _as_numpy(transformation), training=True
    ).numpy()
    assert got.shape == want.shape and got.dtype == want.dtype
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-3)


@pytest.mark.parametrize("name,kwargs", CASES)
def test_inference_matches_keras(name, kwargs):
    theirs, mine = _pair(name, kwargs)
    want = np.asarray(theirs(IMAGES.copy(), training=False))
    got = mine(IMAGES, training=False).numpy()
    assert got.shape == want.shape
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-3)
    single = mine(IMAGES[0], training=False).numpy()
    np.testing.assert_allclose(
        single, np.asarray(theirs(IMAGES[0].copy(), training=False)), rtol=1e-5, atol=1e-3
    )


@pytest.mark.parametrize("name,kwargs", CASES)
def test_config_matches_keras_and_round_trips(name, kwargs):
    theirs, mine = _pair(name, kwargs)
    want, got = theirs.get_config(), mine.get_config()
    want.pop("name"), got.pop("name")
    assert got == want
    try:
        type(theirs).from_config(theirs.get_config())
    except TypeError:  # Keras cannot read its own config back (RandomShear's factors)
        with pytest.raises((TypeError, ValueError), match="factor"):
            type(mine).from_config(mine.get_config())
        return
    again = type(mine).from_config(mine.get_config())
    assert again.get_config() == mine.get_config()


@pytest.mark.parametrize("name,kwargs", CASES)
def test_training_call_shapes_and_seeding(name, kwargs):
    _, mine = _pair(name, kwargs)
    _, twin = _pair(name, kwargs)
    out = mine(IMAGES).numpy()  # a direct call augments, as in Keras
    assert out.shape == tuple(mine.compute_output_shape(IMAGES.shape))
    if "seed" in kwargs:
        np.testing.assert_array_equal(twin(IMAGES).numpy(), out)


def test_flip_and_rotation_draws_follow_keras_ranges():
    flip = layers.RandomFlip(seed=11)
    images = np.tile(IMAGES[:1], (400, 1, 1, 1))
    flips = flip.get_random_transformation(images)["flips"].numpy()
    assert abs(flips.mean() - 0.5) < 0.08
    rotation = layers.RandomRotation((-0.1, 0.25), seed=3)
    angle = rotation.get_random_transformation(images)["angle"].numpy()
    assert angle.min() >= -36.0 and angle.max() <= 90.0 and angle.std() > 20
    zoom = layers.RandomZoom((-0.2, 0.4), seed=3).get_random_transformation(images)
    assert 0.8 <= zoom["height_zoom"].numpy().min() and zoom["height_zoom"].numpy().max() <= 1.4
    contrast = layers.RandomContrast(0.5, seed=2).get_random_transformation(images)
    factors = contrast["contrast_factor"].numpy()
    assert factors.min() >= 1.0 and factors.max() <= 1.5  # Keras reads 0.5 as (0, 0.5)


def test_dict_inputs_carry_labels_and_masks():
    flip = layers.RandomFlip("horizontal", seed=1)
    masks = np.arange(3 * 7 * 8).reshape(3, 7, 8, 1).astype("float32")
    out = flip({"images": IMAGES, "labels": np.arange(3), "segmentation_masks": masks})
    flipped = out["images"].numpy()[:, :, ::-1] == IMAGES  # flipped back equals the input
    per_image = flipped.reshape(3, -1).all(axis=1)
    mask_flipped = (out["segmentation_masks"].numpy()[:, :, ::-1] == masks).reshape(3, -1)
    np.testing.assert_array_equal(per_image, mask_flipped.all(axis=1))
    np.testing.assert_array_equal(out["labels"].numpy(), np.arange(3))
    with pytest.raises(ValueError, match="bounding boxes"):
        flip({"images": IMAGES, "bounding_boxes": {"boxes": np.zeros((3, 1, 4))}})


@pytest.mark.parametrize(
    "make,error,match",
    [
        (lambda: layers.RandomRotation(1.5), ValueError, "factor"),
        (lambda: layers.RandomRotation(0.1, fill_mode="mirror"), NotImplementedError, "fill_mode"),
        (lambda: layers.RandomZoom(-1.0), ValueError, "height_factor"),
        (lambda: layers.RandomTranslation(0.1, (0.1, 0.2, 0.3)), ValueError, "width_factor"),
        (
            lambda: layers.RandomTranslation(0.1, 0.1, interpolation="bicubic"),
            NotImplementedError,
            "interpolation",
        ),
        (lambda: layers.RandomContrast(-0.1), ValueError, "factor"),
        (lambda: layers.RandomBrightness(0.1, value_range=5), ValueError, "value_range"),
        (lambda: layers.RandomFlip(factor=0.3), ValueError, "does not take"),
    ],
)
def test_bad_arguments_raise_as_keras(make, error, match):
    with pytest.raises(error, match=match):
        make()


# Keras's numpy backend saves its variables through a deprecated NumPy path.
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_keras_files_move_both_ways(tmp_path):
    def build(k):
        return k.Sequential(
            [
                k.Input((7, 8, 3)),
                k.layers.Resizing(6, 6),
                k.layers.RandomFlip(seed=1),
                k.layers.RandomRotation(0.1, seed=2),
                k.layers.RandomZoom(0.2, seed=3),
                k.layers.CenterCrop(4, 4),
                k.layers.Flatten(),
                k.layers.Dense(2),
            ]
        )

    theirs = build(real_keras)
    theirs.save(tmp_path / "keras.keras")
    mine = nkeras.models.load_model(tmp_path / "keras.keras")
    want = theirs.predict(IMAGES, verbose=0)
    np.testing.assert_allclose(mine.predict(IMAGES, verbose=0), want, rtol=1e-4, atol=1e-3)
    mine.save(tmp_path / "nnext.keras")
    back = real_keras.saving.load_model(tmp_path / "nnext.keras")
    np.testing.assert_allclose(back.predict(IMAGES, verbose=0), want, rtol=1e-4, atol=1e-3)


# Keras's numpy backend saves its variables through a deprecated NumPy path.
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_keras_files_with_every_shape_keeping_layer(tmp_path):
    # Every layer of CASES that keeps the image shape, in one model (inference passes the
    # images through the augmentations, and through the deterministic layers' maps). Left
    # out, besides the resizing ones: Equalization (Keras's returns its input KerasTensor,
    # a cycle in Keras's own graph) and RandomShear (its config does not load in Keras).
    left_out = ("Resizing", "CenterCrop", "RandomCrop", "Equalization", "RandomShear")
    keep = [(n, k) for n, k in CASES if n not in left_out]

    def build(k):
        model = k.Sequential([k.Input((7, 8, 3))])
        for name, kwargs in keep:
            model.add(getattr(k.layers, name)(**kwargs))
        return model

    theirs = build(real_keras)
    theirs.save(tmp_path / "keras.keras")
    mine = nkeras.models.load_model(tmp_path / "keras.keras")
    assert [type(layer).__name__ for layer in mine.layers] == [n for n, _ in keep]
    want = theirs.predict(IMAGES, verbose=0)
    np.testing.assert_allclose(mine.predict(IMAGES, verbose=0), want, rtol=1e-4, atol=1e-2)
    mine.save(tmp_path / "nnext.keras")
    back = real_keras.saving.load_model(tmp_path / "nnext.keras")
    np.testing.assert_allclose(back.predict(IMAGES, verbose=0), want, rtol=1e-4, atol=1e-2)


def test_augmentation_inside_fit():
    model = nkeras.Sequential(
        [
            layers.Input((7, 8, 3)),
            layers.RandomFlip(seed=1),
            layers.RandomTranslation(0.1, 0.1, seed=2),
            layers.Rescaling(1 / 255),
            layers.Flatten(),
            layers.Dense(1),
        ]
    )
    model.compile("sgd", "mse")
    history = model.fit(IMAGES, np.ones((3, 1)), epochs=2, verbose=0)
    assert np.isfinite(history.history["loss"]).all()


def test_elastic_transform_draws_and_identity_cases():
    # Keras's displacement noise comes from its own generator: compare the draws' ranges,
    # the identity cases, and the configs; the warp itself is ops.image.elastic_transform's.
    theirs, mine = _pair("RandomElasticTransform", {"factor": 0.8, "scale": 0.5, "seed": 3})
    want_config, got_config = theirs.get_config(), mine.get_config()
    want_config.pop("name"), got_config.pop("name")
    assert got_config == want_config
    drawn = mine.get_random_transformation(np.tile(IMAGES[:1], (300, 1, 1, 1)))
    assert abs(drawn["apply_transform"].numpy().mean() - 0.4) < 0.1
    assert 0 <= float(drawn["distortion_factor"].numpy()) <= 0.5
    warped = mine(IMAGES).numpy()
    assert warped.shape == IMAGES.shape and warped.min() >= 0 and warped.max() <= 255
    for kwargs in ({"factor": 0.0}, {"scale": 0.0}):
        theirs, mine = _pair("RandomElasticTransform", kwargs)
        np.testing.assert_allclose(
            mine(IMAGES).numpy(), np.asarray(theirs(IMAGES.copy())), rtol=1e-6
        )
    twin = layers.RandomElasticTransform(seed=4)
    np.testing.assert_array_equal(
        layers.RandomElasticTransform(seed=4)(IMAGES).numpy(), twin(IMAGES).numpy()
    )


def test_rand_augment_applies_the_chosen_layers():
    # Keras's numpy backend adds RandomBrightness's delta in place, even where that layer is
    # not chosen: the reference applies Keras's chosen sublayers one after the other instead.
    theirs, mine = _pair("RandAugment", {"num_ops": 3, "seed": 5})
    for _ in range(4):
        transformation = theirs.get_random_transformation(IMAGES, training=True)
        want = IMAGES.copy()
        names = list(transformation["transforms"])
        for index in np.asarray(transformation["layer_idxes"]):
            layer = getattr(theirs, names[index])
            want = np.asarray(
                layer.transform_images(want.copy(), transformation["transforms"][names[index]])
            )
        got = mine.transform_images(
            nkeras.ops.convert_to_tensor(IMAGES), _as_numpy(transformation)
        ).numpy()
        np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-2)


def test_color_jitter_composes_the_colour_layers():
    # Fixed factors make every draw deterministic: brightness +0.1 of the range, contrast x1,
    # saturation x1 (0.5 / (1 - 0.5)), hue +0.
    kwargs = {
        "brightness_factor": (0.1, 0.1),
        "contrast_factor": (0.0, 0.0),
        "saturation_factor": (0.5, 0.5),
        "hue_factor": (0.0, 0.0),
        "seed": 1,
    }
    theirs, mine = _pair("RandomColorJitter", kwargs)
    want = np.asarray(theirs(IMAGES.copy()))
    np.testing.assert_allclose(mine(IMAGES).numpy(), want, rtol=1e-4, atol=1e-2)
    np.testing.assert_allclose(mine(IMAGES, training=False).numpy(), IMAGES)
    want_config, got_config = theirs.get_config(), mine.get_config()
    want_config.pop("name"), got_config.pop("name")
    assert got_config == want_config
    jitter = layers.RandomColorJitter(brightness_factor=0.5, hue_factor=0.3, seed=2)
    a, b = jitter(IMAGES).numpy(), jitter(IMAGES).numpy()
    assert not np.allclose(a, b) and a.min() >= 0 and a.max() <= 255


@pytest.mark.parametrize("name", ["MixUp", "CutMix"])
def test_label_mixing_matches_keras(name):
    theirs, mine = _pair(name, {"seed": 9})
    labels = np.eye(4, dtype="float32")[[0, 2, 3]]
    transformation = theirs.get_random_transformation(IMAGES, training=True)
    want = np.asarray(theirs.transform_labels(labels.copy(), transformation, training=True))
    got = mine.transform_labels(
        nkeras.ops.convert_to_tensor(labels), _as_numpy(transformation), training=True
    ).numpy()
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
    out = mine({"images": IMAGES, "labels": labels})
    np.testing.assert_allclose(out["labels"].numpy().sum(axis=1), 1.0, rtol=1e-5)


@pytest.mark.parametrize(
    "name,kwargs",
    [
        ("Resizing", {"height": 5, "width": 9, "pad_to_aspect_ratio": True}),
        ("CenterCrop", {"height": 5, "width": 4}),
        ("RandomFlip", {"seed": 1}),
        ("RandomRotation", {"factor": 0.3, "seed": 2}),
        ("RandomZoom", {"height_factor": 0.3, "seed": 2}),
        ("RandomTranslation", {"height_factor": 0.2, "width_factor": 0.2, "seed": 2}),
        ("RandomContrast", {"factor": 0.5, "seed": 3}),
        ("RandomHue", {"factor": 0.5, "seed": 3}),
        ("RandomSaturation", {"factor": 0.5, "seed": 3}),
        ("RandomGrayscale", {"factor": 0.7, "seed": 3}),
        ("RandomSharpness", {"factor": 0.7, "seed": 3}),
        ("RandomErasing", {"seed": 3}),
        ("ContrastLimitedAdaptiveHistogramEqualization", {"tile_grid_size": (2, 2)}),
    ],
)
def test_channels_first_matches_keras(name, kwargs):
    kwargs = {**kwargs, "data_format": "channels_first"}
    theirs, mine = _pair(name, kwargs)
    images = np.ascontiguousarray(IMAGES.transpose(0, 3, 1, 2))
    transformation = theirs.get_random_transformation(images, training=True)
    want = np.asarray(theirs.transform_images(images.copy(), transformation, training=True))
    got = mine.transform_images(
        nkeras.ops.convert_to_tensor(images), _as_numpy(transformation), training=True
    ).numpy()
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-3)
