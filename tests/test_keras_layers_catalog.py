"""The layers of Keras 3's catalog beyond Dense, against real Keras 3 on the same weights
and inputs: outputs in inference and training mode, gradients of a loss with respect to
the weights and the inputs, moving statistics after a few training steps, get_config keys
and values, from_config of Keras's own config, and a short `fit` of a model with
BatchNormalization.

Keras's NumPy backend cannot differentiate, so the reference runs on its JAX backend in a
child process (a process imports Keras with one backend only, and other tests import it with
NumPy's). That child is this file run as a script: each case is written once against a module
`k` that is `keras` or `nnext.keras`, and the child saves Keras's results for all of them.

    KERAS_BACKEND=jax python tests/test_keras_layers_catalog.py /tmp/catalog_reference.npz
"""

import inspect
import json
import os
import subprocess
import sys

import numpy as np
import pytest

TOLERANCE = {"rtol": 2e-5, "atol": 2e-6}


def is_nnext(k):
    return k.__name__.startswith("nnext")


def data(shape, seed=0, low=-2.0, high=2.0):
    return np.random.default_rng(seed).uniform(low, high, shape).astype("float32")


def set_same_weights(layer, seed=1):
    """Overwrites every weight, in Keras's order, with values from a fixed generator:
    variances (named `*variance*`) positive, everything else in [-1, 1)."""
    rng = np.random.default_rng(seed)
    weights = []
    for variable, value in zip(layer.weights, layer.get_weights()):
        if "variance" in variable.name:
            weights.append(rng.uniform(0.5, 2.0, value.shape).astype(value.dtype))
        else:
            weights.append(rng.uniform(-1.0, 1.0, value.shape).astype(value.dtype))
    layer.set_weights(weights)


def forward_and_gradients(k, layer, x, training):
    """`layer(x, training=...)`, and the gradients of `sum(y * c)` (c fixed) with respect to
    `x` and the trainable weights. Moving statistics are updated as a call updates them."""
    if is_nnext(k):
        import nnext

        x = nnext.constant(x)
        with nnext.GradientTape() as tape:
            tape.watch(x)
            y = layer(x, training=training)
            cotangent = data(tuple(y.shape), seed=99)
            loss = nnext.reduce_sum(y * cotangent)
        grads = tape.gradient(loss, [x, *layer.trainable_variables])
        return np.asarray(y.numpy()), [np.asarray(g.numpy()) for g in grads]
    import jax
    import jax.numpy as jnp

    trainable = [v.value for v in layer.trainable_variables]
    non_trainable = [v.value for v in layer.non_trainable_variables]

    # stateless_call calls `call` itself, which takes `training` only where it uses it.
    flags = {"training": training} if "training" in inspect.signature(layer.call).parameters else {}

    def loss_fn(x, trainable):
        y, updated = layer.stateless_call(trainable, non_trainable, x, **flags)
        return jnp.sum(y * data(tuple(y.shape), seed=99)), (y, updated)

    (_, (y, updated)), grads = jax.value_and_grad(loss_fn, argnums=(0, 1), has_aux=True)(
        jnp.asarray(x), trainable
    )
    for variable, value in zip(layer.non_trainable_variables, updated):
        variable.assign(value)
    return np.asarray(y), [np.asarray(grads[0])] + [np.asarray(g) for g in grads[1]]


def layer_results(k, layer, x, train_steps=3, differentiable=True):
    """Everything a layer case compares: inference output, training output and gradients,
    the weights after `train_steps` training calls, and the layer's config."""
    layer(x, training=False)  # builds it
    set_same_weights(layer)
    out = {"inference": np.asarray(layer(x, training=False))}
    if differentiable:
        y, grads = forward_and_gradients(k, layer, x, training=True)
        out["training"] = y
        out.update({f"grad/{i}": g for i, g in enumerate(grads)})
    for step in range(train_steps):
        layer(data(x.shape, seed=10 + step), training=True)
    out.update({f"weight/{i}": np.asarray(w) for i, w in enumerate(layer.get_weights())})
    out["inference_after"] = np.asarray(layer(x, training=False))
    out["config"] = np.array(json.dumps(config_of(k, layer)))
    return out


def config_of(k, layer):
    """The layer's config as Keras would write it to a .keras file (JSON-ready)."""
    if is_nnext(k):
        from nnext.keras.saving import serialize_keras_object
    else:
        from keras.saving import serialize_keras_object
    return serialize_keras_object(layer)["config"]


def layer_case(class_name, shape, differentiable=True, **kwargs):
    def run(k):
        return layer_results(
            k, getattr(k.layers, class_name)(**kwargs), data(shape), differentiable=differentiable
        )

    run.class_name = class_name
    return run


CASES = {
    "batch_norm": layer_case("BatchNormalization", (8, 5)),
    "batch_norm_axis1": layer_case(
        "BatchNormalization", (4, 3, 5), axis=1, momentum=0.9, epsilon=0.01
    ),
    "batch_norm_no_scale_center": layer_case(
        "BatchNormalization", (6, 2, 3), scale=False, center=False
    ),
    "layer_norm": layer_case("LayerNormalization", (4, 6)),
    "layer_norm_axes": layer_case("LayerNormalization", (3, 4, 5), axis=[1, 2], epsilon=0.1),
    "layer_norm_middle_axis": layer_case("LayerNormalization", (3, 4, 5), axis=1, center=False),
    "group_norm": layer_case("GroupNormalization", (3, 4, 6), groups=3),
    "group_norm_axis1_instance": layer_case("GroupNormalization", (2, 4, 3), groups=-1, axis=1),
    "unit_norm": layer_case("UnitNormalization", (4, 5)),
    "unit_norm_axes": layer_case("UnitNormalization", (3, 4, 5), axis=[1, 2]),
    "rms_norm": layer_case("RMSNormalization", (4, 6)),
    "rms_norm_two_axes": layer_case("RMSNormalization", (3, 4, 5), axis=[1, 2], epsilon=0.5),
}


def run_all(k):
    """Every case's results as one flat dict `{"case/key": array}`."""
    return {f"{case}/{key}": value for case, run in CASES.items() for key, value in run(k).items()}


# -- the tests ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """Keras 3's results for every case, computed once in a child process."""
    path = tmp_path_factory.mktemp("keras_catalog") / "reference.npz"
    env = {
        **os.environ,
        "KERAS_BACKEND": "jax",
        "JAX_PLATFORMS": "cpu",
        "TF_CPP_MIN_LOG_LEVEL": "3",
    }
    child = subprocess.run(
        [sys.executable, __file__, str(path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    if child.returncode == 3:
        pytest.skip(f"Keras 3 on its JAX backend is not importable: {child.stderr.strip()}")
    assert child.returncode == 0, child.stderr[-4000:]
    with np.load(path) as archive:
        return dict(archive)


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
    theirs.pop("config")
    ours.pop("config")
    assert sorted(ours) == sorted(theirs)
    for key in sorted(theirs):
        np.testing.assert_allclose(ours[key], theirs[key], **TOLERANCE, err_msg=key)


def comparable(value):
    """A config value with what legitimately differs between libraries removed: layer names
    (counters) and the dtype policy's wrapping."""
    if isinstance(value, dict):
        return {k: comparable(v) for k, v in value.items() if k != "name"}
    if isinstance(value, list):
        return [comparable(v) for v in value]
    return value


@pytest.mark.parametrize("case", sorted(c for c in CASES if hasattr(CASES[c], "class_name")))
def test_config_matches_keras_and_reads_keras_config(case, reference):
    import nnext.keras
    from nnext.keras.saving import deserialize_keras_object

    ours = json.loads(str(CASES[case](nnext.keras)["config"]))
    theirs = json.loads(str(case_results(reference, case)["config"]))
    assert sorted(ours) == sorted(theirs)
    assert comparable(ours) == comparable(theirs)
    # Keras's config builds the same layer in nnext, and it writes the config back.
    layer = deserialize_keras_object(
        {
            "module": "keras.layers",
            "class_name": CASES[case].class_name,
            "config": theirs,
            "registered_name": None,
        }
    )
    assert type(layer).__name__ == CASES[case].class_name
    assert comparable(json.loads(json.dumps(layer.get_config()))) == comparable(theirs)


def main(path):
    try:
        import keras
    except ImportError as e:
        print(e, file=sys.stderr)
        sys.exit(3)
    if keras.backend.backend() != "jax":
        print(f"keras runs on {keras.backend.backend()}, not jax", file=sys.stderr)
        sys.exit(3)
    np.savez(path, **run_all(keras))


if __name__ == "__main__":
    main(sys.argv[1])
