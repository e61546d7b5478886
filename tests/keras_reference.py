"""Real Keras 3's numbers for the parity tests, from a child process on its JAX backend.

A process imports Keras with one backend only, and other tests import it with NumPy's; Keras's
NumPy backend cannot differentiate or train. So each parity file is also a script: run as
`KERAS_BACKEND=jax python tests/test_x.py out.npz`, it computes every case with real Keras
and saves the results, which the test process then compares with nnext's.

Keras 3 and JAX are test dependencies: a reference that cannot be computed fails the test.
"""

import os
import subprocess
import sys

import numpy as np


def run_reference(script, path, timeout=900):
    """Runs `script path` under Keras on JAX and returns the arrays it saved to `path`."""
    env = {
        **os.environ,
        "KERAS_BACKEND": "jax",
        "JAX_PLATFORMS": "cpu",
        "TF_CPP_MIN_LOG_LEVEL": "3",
    }
    child = subprocess.run(
        [sys.executable, str(script), str(path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert child.returncode == 0, child.stderr[-4000:]
    with np.load(path) as data:
        return dict(data)


def keras_on_jax():
    """In the child: the `keras` module, which must run on JAX."""
    import keras

    if keras.backend.backend() != "jax":
        raise SystemExit(f"keras runs on {keras.backend.backend()}, not jax")
    return keras


def run_cases(cases, k):
    """Every case's results, `{name: case(k)}` flattened to one dict `{"name/key": array}`."""
    return {f"{name}/{key}": value for name, run in cases.items() for key, value in run(k).items()}


def assert_case_matches(cases, name, reference, tolerance):
    """nnext's results for case `name` equal Keras's (`reference`, from `run_reference`)."""
    import nnext.keras

    ours = cases[name](nnext.keras)
    theirs = {
        key.removeprefix(f"{name}/"): value
        for key, value in reference.items()
        if key.startswith(f"{name}/")
    }
    assert sorted(ours) == sorted(theirs)
    for key in sorted(theirs):
        np.testing.assert_allclose(ours[key], theirs[key], **tolerance, err_msg=key)


def save_reference(cases, path):
    """The child's work: every case under real Keras, saved to `path`."""
    np.savez(path, **run_cases(cases, keras_on_jax()))


def keras_numpy():
    """Keras in this process, on its NumPy backend (which every in-process comparison uses:
    a process holds one backend, and the child processes hold JAX)."""
    import warnings

    os.environ.setdefault("KERAS_BACKEND", "numpy")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import keras
    assert keras.backend.backend() == "numpy", (
        f"keras was imported with the {keras.backend.backend()} backend"
    )
    return keras
