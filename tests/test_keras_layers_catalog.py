"""The layers of Keras 3's catalog beyond Dense, against real Keras 3 on the same weights
and inputs: outputs in inference and training mode, gradients of a loss with respect to
the weights and the inputs, moving statistics after a few training steps, get_config keys
and values, from_config of Keras's own config, and a short `fit` of a model with
BatchNormalization.

Keras's NumPy backend cannot differentiate, so the reference runs on its JAX backend in a
child process (a process imports Keras with one backend only, and other tests import it with
NumPy's). That child is this file run as a script: each case is written once against a module
`k` that is `keras` or `nnext.keras` (keras_layers_catalog_cases.py, on the helpers of
keras_layers_catalog_harness.py), and the child saves Keras's results for all of them.
Behaviour Keras's numbers cannot pin is in test_keras_layers_behaviour.py.

    KERAS_BACKEND=jax python tests/test_keras_layers_catalog.py /tmp/catalog_reference.npz
"""

import json
import os
import sys

import numpy as np
import pytest
from keras_layers_catalog_cases import CASES, MODELS, run_all
from keras_layers_catalog_harness import TOLERANCE
from keras_reference import keras_numpy, keras_on_jax, run_reference

# -- the tests ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def reference_dir(reference):
    return reference["__dir__"]


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """Keras 3's results for every case, computed once in a child process."""
    path = tmp_path_factory.mktemp("keras_catalog") / "reference.npz"
    return {**run_reference(__file__, path), "__dir__": path.parent}


@pytest.mark.parametrize("name", sorted(MODELS))
def test_keras_model_file_loads_in_nnext(reference_dir, name):
    """A .keras file Keras wrote, with the catalog's layers, loads in nnext and predicts
    what Keras predicted (and what the same model built in nnext predicts)."""
    import nnext.keras
    from nnext.keras.saving import load_model

    make, inputs = MODELS[name]
    model = load_model(str(reference_dir / f"{name}.keras"))
    expected = np.load(reference_dir / f"{name}_predict.npy")
    np.testing.assert_allclose(model.predict(inputs, verbose=0), expected, **TOLERANCE)
    np.testing.assert_allclose(make(nnext.keras).predict(inputs, verbose=0), expected, **TOLERANCE)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.parametrize("name", sorted(MODELS))
def test_nnext_model_file_loads_in_keras(tmp_path, name):
    """The other way: the .keras file nnext writes loads in Keras (NumPy backend) and
    predicts what nnext predicts."""
    import nnext.keras

    make, inputs = MODELS[name]
    model = make(nnext.keras)
    model.save(str(tmp_path / f"{name}.keras"))
    keras = keras_numpy()
    loaded = keras.saving.load_model(str(tmp_path / f"{name}.keras"))
    np.testing.assert_allclose(
        loaded.predict(inputs, verbose=0), model.predict(inputs, verbose=0), **TOLERANCE
    )


def case_results(reference, case):
    return {
        key.removeprefix(f"{case}/"): value
        for key, value in reference.items()
        if key.startswith(f"{case}/")
    }


@pytest.mark.parametrize("case", sorted(CASES))
def test_numbers_match_keras(case, reference):
    import nnext.keras

    ours = CASES[case](nnext.keras)
    theirs = case_results(reference, case)
    assert sorted(ours) == sorted(theirs)
    for key in sorted(theirs):
        if theirs[key].dtype.kind == "U":  # a config, as JSON
            assert comparable(json.loads(str(ours[key]))) == comparable(
                json.loads(str(theirs[key]))
            ), key
        else:
            np.testing.assert_allclose(ours[key], theirs[key], **TOLERANCE, err_msg=key)


def comparable(value):
    """A config value with what legitimately differs between libraries removed: layer names
    (counters) and digits beyond float32's."""
    if isinstance(value, dict):
        return {k: comparable(v) for k, v in value.items() if k != "name"}
    if isinstance(value, list):
        return [comparable(v) for v in value]
    if isinstance(value, float):  # Keras keeps some factors as float32 tensors
        return float(np.float32(value))
    return value


@pytest.mark.parametrize("case", sorted(c for c in CASES if hasattr(CASES[c], "class_name")))
def test_config_matches_keras_and_reads_keras_config(case, reference):
    import nnext.keras
    from nnext.keras.saving import deserialize_keras_object

    ours = json.loads(str(CASES[case](nnext.keras)["config"]))
    theirs = json.loads(str(case_results(reference, case)["config"]))
    assert sorted(ours) == sorted(theirs)
    assert comparable(ours) == comparable(theirs)
    # Keras's config builds the same layer in nnext, and it writes the config back. A file
    # names the class itself (GroupedQueryAttention for layers.GroupQueryAttention).
    class_name = getattr(nnext.keras.layers, CASES[case].class_name).__name__
    layer = deserialize_keras_object(
        {
            "module": "keras.layers",
            "class_name": class_name,
            "config": theirs,
            "registered_name": None,
        }
    )
    assert type(layer).__name__ == class_name
    assert comparable(json.loads(json.dumps(layer.get_config()))) == comparable(theirs)


def main(path):
    keras = keras_on_jax()
    np.savez(path, **run_all(keras))
    folder = os.path.dirname(path)
    for name, (make, inputs) in MODELS.items():
        model = make(keras)
        model.save(os.path.join(folder, f"{name}.keras"))
        np.save(os.path.join(folder, f"{name}_predict.npy"), model.predict(inputs, verbose=0))


if __name__ == "__main__":
    main(sys.argv[1])
