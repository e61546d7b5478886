"""`nnext.keras.applications` against real Keras 3.

Structure: each architecture built by Keras (NumPy backend, in this process) and by nnext
has the same layers in the same order, with the same names, classes, configs and weight
shapes. Numbers: Keras on JAX (this file run as a script in a child process) builds small
models with seeded weights and randomized BatchNormalization statistics, saves them with
`save_weights` (and in Keras's legacy `.h5` layout, as ImageNet's files are), and predicts
on fixed images; nnext loads each file and must predict the same.

    KERAS_BACKEND=jax python tests/test_keras_applications.py /tmp/applications_reference.npz
"""

import json
import os
import sys
import warnings

import numpy as np
import pytest
from keras_reference import keras_on_jax, run_reference

TOLERANCE = {"rtol": 1e-4, "atol": 1e-5}

# (module, function, arguments): the architectures whose structure is compared.
STRUCTURE_CASES = [
    ("resnet", "ResNet50", {}),
    ("resnet", "ResNet101", {"include_top": False, "input_shape": (32, 32, 3)}),
    ("resnet50", "ResNet50", {"include_top": False, "pooling": "avg"}),
    ("resnet_v2", "ResNet50V2", {"include_top": False, "pooling": "max",
                                 "input_shape": (64, 64, 3)}),
    ("resnet_v2", "ResNet152V2", {"classes": 7, "classifier_activation": None}),
]

# (case name, module, function, arguments, input shape): the architectures whose numbers
# are compared; small inputs keep the JAX child and nnext fast.
NUMERIC_CASES = [
    ("resnet50_top", "resnet", "ResNet50", {"input_shape": (32, 32, 3), "classes": 5,
                                            "include_top": True}, (2, 32, 32, 3)),
    ("resnet50v2_avg", "resnet_v2", "ResNet50V2", {"input_shape": (32, 32, 3),
                                                   "include_top": False, "pooling": "avg"},
     (2, 32, 32, 3)),
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
                         ids=[f"{m}.{f}-{i}" for i, (m, f, _) in enumerate(STRUCTURE_CASES)])
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


def _randomize_batchnorm(model, rng):
    """Seeded initial weights leave BatchNormalization an identity; other statistics make
    the inference path (moving mean and variance) count."""
    for layer in model.layers:
        if type(layer).__name__ == "BatchNormalization":
            gamma, beta, mean, var = (w.numpy() if hasattr(w, "numpy") else np.asarray(w)
                                      for w in layer.weights)
            layer.set_weights([rng.uniform(0.5, 1.5, gamma.shape), rng.normal(0, 0.1, beta.shape),
                               rng.normal(0, 0.1, mean.shape), rng.uniform(0.5, 1.5, var.shape)])


def make_reference(keras, directory):
    """The child's work: each numeric case's weight files and Keras's predictions."""
    import h5py
    from keras.src.legacy.saving import legacy_h5_format

    results = {}
    for name, module, fn, kwargs, shape in NUMERIC_CASES:
        keras.utils.set_random_seed(1)
        model = getattr(getattr(keras.applications, module), fn)(weights=None, **kwargs)
        _randomize_batchnorm(model, np.random.default_rng(2))
        model.save_weights(os.path.join(directory, f"{name}.weights.h5"))
        with h5py.File(os.path.join(directory, f"{name}_legacy.h5"), "w") as f:
            legacy_h5_format.save_weights_to_hdf5_group(f, model)
        results[f"{name}/predict"] = np.asarray(model.predict(images(shape), verbose=0))
    return results


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    directory = tmp_path_factory.mktemp("applications")
    return directory, run_reference(__file__, directory / "reference.npz")


@pytest.mark.parametrize("case", NUMERIC_CASES, ids=[c[0] for c in NUMERIC_CASES])
def test_predictions_match_keras(reference, case):
    import nnext.keras as nk

    directory, expected = reference
    name, module, fn, kwargs, shape = case
    builder = getattr(getattr(nk.applications, module), fn)
    model = builder(weights=str(directory / f"{name}.weights.h5"), **kwargs)
    np.testing.assert_allclose(model.predict(images(shape), verbose=0),
                               expected[f"{name}/predict"], **TOLERANCE)
    legacy = builder(weights=str(directory / f"{name}_legacy.h5"), **kwargs)
    np.testing.assert_allclose(legacy.predict(images(shape), verbose=0),
                               expected[f"{name}/predict"], **TOLERANCE)


if __name__ == "__main__":
    out = sys.argv[1]
    np.savez(out, **make_reference(keras_on_jax(), os.path.dirname(os.path.abspath(out))))
