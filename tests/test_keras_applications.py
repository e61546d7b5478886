"""`nnext.keras.applications` against real Keras 3 (its NumPy backend, in this process).

Structure: each architecture built by Keras and by nnext has the same layers in the same
order, with the same names, classes, configs and weight shapes. Numbers: Keras builds small
models with seeded weights and randomized BatchNormalization statistics, saves them with
`save_weights` (and in Keras's legacy `.h5` layout, as ImageNet's files are), and predicts
on fixed images; nnext loads each file and must predict the same. (Inference needs no
gradients, so Keras's NumPy backend serves; building these deep models on its JAX backend
in a child process takes minutes on a loaded machine.)
"""

import json
import re

import numpy as np
import pytest
from keras_reference import keras_numpy

RTOL = 1e-4

# (module, function, arguments): the architectures whose structure is compared.
STRUCTURE_CASES = [
    ("resnet", "ResNet50", {}),
    ("resnet", "ResNet101", {"include_top": False, "input_shape": (32, 32, 3)}),
    ("resnet50", "ResNet50", {"include_top": False, "pooling": "avg"}),
    (
        "resnet_v2",
        "ResNet50V2",
        {"include_top": False, "pooling": "max", "input_shape": (64, 64, 3)},
    ),
    pytest.param(
        "resnet",
        "ResNet152",
        {"include_top": False, "input_shape": (32, 32, 3)},
        marks=pytest.mark.slow,
    ),
    ("resnet_v2", "ResNet101V2", {"classes": 7, "classifier_activation": None}),
    pytest.param("resnet_v2", "ResNet152V2", {"include_top": False}, marks=pytest.mark.slow),
    ("vgg16", "VGG16", {"input_shape": (48, 48, 3), "classes": 10}),
    ("vgg19", "VGG19", {"include_top": False, "pooling": "avg"}),
    ("mobilenet", "MobileNet", {}),
    (
        "mobilenet",
        "MobileNet",
        {
            "alpha": 0.5,
            "depth_multiplier": 2,
            "include_top": False,
            "input_shape": (64, 48, 3),
            "pooling": "max",
        },
    ),
    ("mobilenet_v2", "MobileNetV2", {}),
    (
        "mobilenet_v2",
        "MobileNetV2",
        {"alpha": 1.4, "include_top": False, "input_shape": (97, 61, 3), "pooling": "avg"},
    ),
    ("mobilenet_v2", "MobileNetV2", {"alpha": 0.35, "input_shape": (96, 96, 3)}),
    ("densenet", "DenseNet121", {}),
    pytest.param(
        "densenet", "DenseNet169", {"include_top": False, "pooling": "max"}, marks=pytest.mark.slow
    ),
    pytest.param(
        "densenet", "DenseNet201", {"include_top": False, "pooling": "avg"}, marks=pytest.mark.slow
    ),
    ("efficientnet", "EfficientNetB0", {}),
    (
        "efficientnet",
        "EfficientNetB3",
        {"include_top": False, "input_shape": (32, 32, 3), "pooling": "max"},
    ),
    pytest.param("efficientnet", "EfficientNetB7", {"include_top": False}, marks=pytest.mark.slow),
    ("xception", "Xception", {}),
    ("xception", "Xception", {"include_top": False, "input_shape": (71, 80, 3), "pooling": "max"}),
]

# (case name, module, function, arguments, input shape): the architectures whose numbers
# are compared; small inputs keep the JAX child and nnext fast.
NUMERIC_CASES = [
    (
        "resnet50_top",
        "resnet",
        "ResNet50",
        {"input_shape": (32, 32, 3), "classes": 5, "include_top": True},
        (2, 32, 32, 3),
    ),
    (
        "resnet50v2_avg",
        "resnet_v2",
        "ResNet50V2",
        {"input_shape": (32, 32, 3), "include_top": False, "pooling": "avg"},
        (2, 32, 32, 3),
    ),
    ("vgg16_top", "vgg16", "VGG16", {"input_shape": (32, 32, 3), "classes": 3}, (2, 32, 32, 3)),
    (
        "mobilenet_avg",
        "mobilenet",
        "MobileNet",
        {"input_shape": (33, 35, 3), "alpha": 0.25, "include_top": False, "pooling": "avg"},
        (2, 33, 35, 3),
    ),
    (
        "mobilenet_top",
        "mobilenet",
        "MobileNet",
        {"input_shape": (32, 32, 3), "alpha": 0.25, "classes": 4},
        (2, 32, 32, 3),
    ),
    (
        "mobilenetv2_top",
        "mobilenet_v2",
        "MobileNetV2",
        {"input_shape": (35, 33, 3), "alpha": 0.35, "classes": 4},
        (2, 35, 33, 3),
    ),
    (
        "densenet121_top",
        "densenet",
        "DenseNet121",
        {"input_shape": (32, 32, 3), "classes": 6},
        (2, 32, 32, 3),
    ),
    (
        "efficientnetb0_avg",
        "efficientnet",
        "EfficientNetB0",
        {"input_shape": (33, 32, 3), "include_top": False, "pooling": "avg"},
        (2, 33, 32, 3),
    ),
    (
        "xception_top",
        "xception",
        "Xception",
        {"input_shape": (71, 71, 3), "classes": 3},
        (1, 71, 71, 3),
    ),
]


def images(shape):
    return np.random.default_rng(7).uniform(0, 255, shape).astype("float32")


def _plain(config):
    # Keras keeps tuples where nnext keeps lists; a saved config has lists either way.
    return json.loads(json.dumps(config, default=str))


def _describe(model):
    return [
        (
            layer.name,
            type(layer).__name__,
            _plain(layer.get_config()),
            [tuple(w.shape) for w in layer.weights],
        )
        for layer in model.layers
    ]


@pytest.mark.parametrize(
    ("module", "fn", "kwargs"),
    STRUCTURE_CASES,
    ids=[f"{getattr(c, 'values', c)[1]}-{i}" for i, c in enumerate(STRUCTURE_CASES)],
)
def test_structure_matches_keras(module, fn, kwargs):
    keras = keras_numpy()
    import nnext.keras as nk

    keras.utils.clear_session()
    theirs = getattr(getattr(keras.applications, module), fn)(weights=None, **kwargs)
    nk.utils.clear_session()
    ours = getattr(getattr(nk.applications, module), fn)(weights=None, **kwargs)
    assert ours.name == theirs.name
    assert tuple(ours.output.shape) == tuple(theirs.output.shape)
    expected, got = _describe(theirs), _describe(ours)
    assert [row[:2] for row in got] == [row[:2] for row in expected]
    for mine, ref in zip(got, expected):
        assert mine == ref, mine[0]
    assert ours.count_params() == sum(int(np.prod(w.shape)) for w in theirs.weights)


def _randomize_statistics(model, rng):
    """Seeded initial weights leave BatchNormalization and Normalization identities; other
    statistics make their inference paths (moving or adapted mean and variance) count."""
    for layer in model.layers:
        if type(layer).__name__ == "Normalization":
            shape = tuple(layer.weights[0].shape)
            layer.set_weights(
                [
                    rng.uniform(0.3, 0.7, shape),
                    rng.uniform(0.02, 0.1, shape),
                    np.asarray(layer.weights[2]),
                ]
            )
        if type(layer).__name__ == "BatchNormalization":
            shape = tuple(layer.weights[0].shape)
            layer.set_weights(
                [
                    rng.uniform(0.5, 1.5, shape),
                    rng.normal(0, 0.1, shape),
                    rng.normal(0, 0.1, shape),
                    rng.uniform(0.5, 1.5, shape),
                ]
            )


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """Each numeric case's weight files (in a temporary folder) and Keras's predictions."""
    import h5py

    keras = keras_numpy()
    from keras.src.legacy.saving import legacy_h5_format

    directory = tmp_path_factory.mktemp("applications")
    results = {}
    for name, module, fn, kwargs, shape in NUMERIC_CASES:
        keras.utils.set_random_seed(1)
        model = getattr(getattr(keras.applications, module), fn)(weights=None, **kwargs)
        _randomize_statistics(model, np.random.default_rng(2))
        model.save_weights(str(directory / f"{name}.weights.h5"))
        # Normalization takes set statistics only once loaded (Keras's `finalize_state`).
        model.load_weights(str(directory / f"{name}.weights.h5"))
        with h5py.File(directory / f"{name}_legacy.h5", "w") as f:
            legacy_h5_format.save_weights_to_hdf5_group(f, model)
        results[name] = np.asarray(model.predict(images(shape), verbose=0))
    return directory, results


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # Keras's NumPy backend on NumPy 2
@pytest.mark.parametrize("case", NUMERIC_CASES, ids=[c[0] for c in NUMERIC_CASES])
def test_predictions_match_keras(reference, case):
    import nnext.keras as nk

    directory, expected = reference
    name, module, fn, kwargs, shape = case
    builder = getattr(getattr(nk.applications, module), fn)
    model = builder(weights=str(directory / f"{name}.weights.h5"), **kwargs)
    # Float32 sums over dozens of layers differ in the last bits relative to the outputs'
    # scale, so near-zero outputs get an absolute tolerance from that scale.
    tolerance = {"rtol": RTOL, "atol": RTOL * float(np.abs(expected[name]).max())}
    np.testing.assert_allclose(model.predict(images(shape), verbose=0), expected[name], **tolerance)
    legacy = builder(weights=str(directory / f"{name}_legacy.h5"), **kwargs)
    np.testing.assert_allclose(
        legacy.predict(images(shape), verbose=0), expected[name], **tolerance
    )


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.parametrize("mode", ["caffe", "tf", "torch"])
@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
@pytest.mark.parametrize("rank", [3, 4])
def test_preprocess_input_matches_keras(mode, data_format, rank):
    """Same numbers for arrays (changed in place the same way) and for nnext tensors."""
    keras = keras_numpy()
    import nnext
    import nnext.keras as nk

    shape = (2, 3, 4, 5) if rank == 4 else (3, 4, 5)
    if data_format == "channels_last":
        shape = shape[:-3] + (4, 5, 3)
    x = images(shape)
    theirs_in, ours_in = x.copy(), x.copy()
    theirs = keras.applications.imagenet_utils.preprocess_input(
        theirs_in, data_format=data_format, mode=mode
    )
    ours = nk.applications.imagenet_utils.preprocess_input(
        ours_in, data_format=data_format, mode=mode
    )
    np.testing.assert_allclose(ours, theirs, rtol=1e-6)
    np.testing.assert_array_equal(ours_in, theirs_in)
    tensor = nk.applications.imagenet_utils.preprocess_input(
        nnext.constant(x), data_format=data_format, mode=mode
    )
    np.testing.assert_allclose(np.asarray(tensor), theirs, rtol=1e-5, atol=1e-5)
    integers = nk.applications.imagenet_utils.preprocess_input(
        x.astype("uint8"), data_format=data_format, mode=mode
    )
    assert integers.dtype == np.float32


def _message(call):
    with pytest.raises(ValueError) as info:
        call()
    # Messages that show a function show its address.
    return re.sub(" at 0x[0-9a-f]+", "", str(info.value))


@pytest.mark.parametrize(
    "case",
    [
        ("imagenet_utils.preprocess_input", (np.zeros((1, 2, 2, 3)),), {"mode": "keras"}),
        ("imagenet_utils.preprocess_input", (np.zeros((1, 2, 2, 3)),), {"data_format": "nhwc"}),
        ("imagenet_utils.decode_predictions", (np.zeros((2, 10)),), {}),
        ("resnet.ResNet50", (), {"weights": "no/such/file.h5"}),
        ("resnet.ResNet50", (), {"classes": 10}),
        (
            "resnet.ResNet50",
            (),
            {"weights": None, "include_top": False, "input_shape": (31, 64, 3)},
        ),
        ("resnet.ResNet50", (), {"weights": None, "input_shape": (None, None, 3)}),
        ("resnet.ResNet50", (), {"include_top": False, "input_shape": (64, 64, 1)}),
        ("resnet.ResNet50", (), {"input_shape": (64, 64, 3)}),
        ("resnet.ResNet50", (), {"weights": None, "input_shape": (64, 64)}),
        ("mobilenet_v2.MobileNetV2", (), {"classifier_activation": "relu"}),
        ("mobilenet.MobileNet", (), {"alpha": 0.3}),
        ("mobilenet.MobileNet", (), {"depth_multiplier": 2}),
        ("mobilenet_v2.MobileNetV2", (), {"alpha": 0.3}),
        ("densenet.DenseNet121", (), {"classes": 3}),
        ("efficientnet.EfficientNetB0", (), {"weights": "missing"}),
    ],
    ids=lambda case: f"{case[0]}-{sorted(case[2])}",
)
def test_errors_match_keras(case):
    """Bad arguments raise Keras's ValueError with Keras's message, before any download."""
    keras = keras_numpy()
    import nnext.keras as nk

    path, args, kwargs = case
    module, fn = path.split(".")
    theirs = _message(lambda: getattr(getattr(keras.applications, module), fn)(*args, **kwargs))
    ours = _message(lambda: getattr(getattr(nk.applications, module), fn)(*args, **kwargs))
    assert ours == theirs


def test_decode_predictions_matches_keras(monkeypatch):
    keras = keras_numpy()
    import nnext.keras as nk

    index = {str(i): [f"n{i:08d}", f"class_{i}"] for i in range(1000)}
    monkeypatch.setattr(keras.src.applications.imagenet_utils, "CLASS_INDEX", index)
    monkeypatch.setattr(nk.applications.imagenet_utils, "CLASS_INDEX", index)
    preds = np.random.default_rng(3).random((3, 1000)).astype("float32")
    assert nk.applications.resnet50.decode_predictions(
        preds, top=4
    ) == keras.applications.resnet50.decode_predictions(preds, top=4)


def _offline(monkeypatch):
    import urllib.error
    import urllib.request

    def refuse(*args, **kwargs):
        raise urllib.error.URLError("no network in this test")

    monkeypatch.setattr(urllib.request, "urlopen", refuse)


def test_imagenet_weights_offline_raise_naming_the_url(tmp_path, monkeypatch):
    import nnext.keras as nk

    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    _offline(monkeypatch)
    with pytest.raises(OSError, match="resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5"):
        nk.applications.ResNet50(weights="imagenet", include_top=False)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_imagenet_weights_load_from_the_cache(tmp_path, monkeypatch):
    """weights='imagenet' reads Keras's file name from the cache (here a legacy `.h5` that
    Keras wrote) without downloading; the model then predicts as Keras's."""
    keras = keras_numpy()
    import h5py
    from keras.src.legacy.saving import legacy_h5_format

    import nnext.keras as nk

    kwargs = {"alpha": 0.25, "input_shape": (128, 128, 3), "include_top": False, "pooling": "avg"}
    keras.utils.set_random_seed(4)
    theirs = keras.applications.MobileNet(weights=None, **kwargs)
    _randomize_statistics(theirs, np.random.default_rng(5))
    (tmp_path / "models").mkdir()
    with h5py.File(tmp_path / "models" / "mobilenet_2_5_128_tf_no_top.h5", "w") as f:
        legacy_h5_format.save_weights_to_hdf5_group(f, theirs)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    _offline(monkeypatch)
    ours = nk.applications.MobileNet(weights="imagenet", **kwargs)
    x = images((1, 128, 128, 3))
    expected = theirs.predict(x, verbose=0)
    np.testing.assert_allclose(
        ours.predict(x, verbose=0), expected, rtol=RTOL, atol=RTOL * float(np.abs(expected).max())
    )


def test_input_tensor_builds_on_it():
    """With `input_tensor`, the model's input is the tensor's source Input."""
    import nnext.keras as nk

    image = nk.Input((32, 32, 3))
    scaled = nk.layers.Rescaling(1 / 127.5, offset=-1, name="scale")(image)
    model = nk.applications.MobileNetV2(weights=None, input_tensor=scaled, include_top=False)
    assert model.inputs[0] is image
    assert model.layers[1].name == "scale"
    assert model.output.shape == (None, 1, 1, 1280)
