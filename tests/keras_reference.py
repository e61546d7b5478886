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
    env = {**os.environ, "KERAS_BACKEND": "jax", "JAX_PLATFORMS": "cpu",
           "TF_CPP_MIN_LOG_LEVEL": "3"}
    child = subprocess.run([sys.executable, str(script), str(path)], env=env,
                           capture_output=True, text=True, timeout=timeout, check=False)
    assert child.returncode == 0, child.stderr[-4000:]
    with np.load(path) as data:
        return dict(data)


def keras_on_jax():
    """In the child: the `keras` module, which must run on JAX."""
    import keras

    if keras.backend.backend() != "jax":
        raise SystemExit(f"keras runs on {keras.backend.backend()}, not jax")
    return keras
