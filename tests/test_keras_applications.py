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
import os
import warnings

import numpy as np
import pytest

RTOL = 1e-4

# (module, function, arguments): the architectures whose structure is compared.
STRUCTURE_CASES = [
    ("resnet", "ResNet50", {}),
    ("resnet", "ResNet101", {"include_top": False, "input_shape": (32, 32, 3)}),
    ("resnet50", "ResNet50", {"include_top": False, "pooling": "avg"}),
    ("resnet_v2", "ResNet50V2", {"include_top": False, "pooling": "max",
                                 "input_shape": (64, 64, 3)}),
    pytest.param("resnet", "ResNet152", {"include_top": False, "input_shape": (32, 32, 3)},
                 marks=pytest.mark.slow),
    ("resnet_v2", "ResNet101V2", {"classes": 7, "classifier_activation": None}),
    pytest.param("resnet_v2", "ResNet152V2", {"include_top": False}, marks=pytest.mark.slow),
    ("vgg16", "VGG16", {"input_shape": (48, 48, 3), "classes": 10}),
    ("vgg19", "VGG19", {"include_top": False, "pooling": "avg"}),
    ("mobilenet", "MobileNet", {}),
    ("mobilenet", "MobileNet", {"alpha": 0.5, "depth_multiplier": 2, "include_top": False,
                                "input_shape": (64, 48, 3), "pooling": "max"}),
    ("mobilenet_v2", "MobileNetV2", {}),
    ("mobilenet_v2", "MobileNetV2", {"alpha": 1.4, "include_top": False,
                                     "input_shape": (97, 61, 3), "pooling": "avg"}),
    ("mobilenet_v2", "MobileNetV2", {"alpha": 0.35, "input_shape": (96, 96, 3)}),
    ("densenet", "DenseNet121", {}),
    pytest.param("densenet", "DenseNet169", {"include_top": False, "pooling": "max"},
                 marks=pytest.mark.slow),
    pytest.param("densenet", "DenseNet201", {"include_top": False, "pooling": "avg"},
                 marks=pytest.mark.slow),
    ("efficientnet", "EfficientNetB0", {}),
    ("efficientnet", "EfficientNetB3", {"include_top": False, "input_shape": (32, 32, 3),
                                        "pooling": "max"}),
    pytest.param("efficientnet", "EfficientNetB7", {"include_top": False},
                 marks=pytest.mark.slow),
]

# (case name, module, function, arguments, input shape): the architectures whose numbers
# are compared; small inputs keep the JAX child and nnext fast.
NUMERIC_CASES = [
    ("resnet50_top", "resnet", "ResNet50", {"input_shape": (32, 32, 3), "classes": 5,
                                            "include_top": True}, (2, 32, 32, 3)),
    ("resnet50v2_avg", "resnet_v2", "ResNet50V2", {"input_shape": (32, 32, 3),
                                                   "include_top": False, "pooling": "avg"},
     (2, 32, 32, 3)),
    ("vgg16_top", "vgg16", "VGG16", {"input_shape": (32, 32, 3), "classes": 3}, (2, 32, 32, 3)),
    ("mobilenet_avg", "mobilenet", "MobileNet", {"input_shape": (33, 35, 3), "alpha": 0.25,
                                                 "include_top": False, "pooling": "avg"},
     (2, 33, 35, 3)),
    ("mobilenet_top", "mobilenet", "MobileNet", {"input_shape": (32, 32, 3), "alpha": 0.25,
                                                 "classes": 4}, (2, 32, 32, 3)),
    ("mobilenetv2_top", "mobilenet_v2", "MobileNetV2", {"input_shape": (35, 33, 3),
                                                        "alpha": 0.35, "classes": 4},
     (2, 35, 33, 3)),
    ("densenet121_top", "densenet", "DenseNet121", {"input_shape": (32, 32, 3), "classes": 6},
     (2, 32, 32, 3)),
    ("efficientnetb0_avg", "efficientnet", "EfficientNetB0",
     {"input_shape": (33, 32, 3), "include_top": False, "pooling": "avg"}, (2, 33, 32, 3)),
]


def images(shape):
    return np.random.default_rng(7).uniform(0, 255, shape).astype("float32")


def keras_numpy():
    """keras on its NumPy backend in this process, or a skip when that is not possible."""
    if os.environ.get("KERAS_BACKEND", "numpy") != "numpy":
        pytest.skip("keras is configured for another backend")
    os.environ["KERAS_BACKEND"] = "numpy"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        keras = pytest.importorskip("keras")
    if keras.backend.backend() != "numpy":
        pytest.skip("keras was imported with another backend")
    return keras


def _plain(config):
    # Keras keeps tuples where nnext keeps lists; a saved config has lists either way.
    return json.loads(json.dumps(config, default=str))


def _describe(model):
    return [(layer.name, type(layer).__name__, _plain(layer.get_config()),
             [tuple(w.shape) for w in layer.weights]) for layer in model.layers]


@pytest.mark.parametrize(("module", "fn", "kwargs"), STRUCTURE_CASES,
                         ids=[f"{getattr(c, 'values', c)[1]}-{i}"
                              for i, c in enumerate(STRUCTURE_CASES)])
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
            layer.set_weights([rng.uniform(0.3, 0.7, shape), rng.uniform(0.02, 0.1, shape),
                               np.asarray(layer.weights[2])])
        if type(layer).__name__ == "BatchNormalization":
            shape = tuple(layer.weights[0].shape)
            layer.set_weights([rng.uniform(0.5, 1.5, shape), rng.normal(0, 0.1, shape),
                               rng.normal(0, 0.1, shape), rng.uniform(0.5, 1.5, shape)])


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
    np.testing.assert_allclose(model.predict(images(shape), verbose=0), expected[name],
                               **tolerance)
    legacy = builder(weights=str(directory / f"{name}_legacy.h5"), **kwargs)
    np.testing.assert_allclose(legacy.predict(images(shape), verbose=0), expected[name],
                               **tolerance)

