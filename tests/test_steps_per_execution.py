"""`compile(steps_per_execution=N)` with Keras 3's meaning: the batch hooks of callbacks run
once per group of N batches (begin at the group's first step, end at first + N - 1), every
batch still trains, and predict hands each group's outputs to its hook. Compared with real
Keras (JAX backend, in a child process: its numpy backend cannot fit) on the same data."""

import importlib.util
import json
import os
import pathlib
import subprocess
import sys

import pytest
from steps_per_execution_recorder import record

from nnext import keras

STEPS = [1, 3, 5, 12]
RECORDER = pathlib.Path(__file__).with_name("steps_per_execution_recorder.py")


@pytest.mark.skipif(
    importlib.util.find_spec("keras") is None or importlib.util.find_spec("jax") is None,
    reason="needs Keras 3 and JAX",
)
def test_batch_hooks_run_once_per_execution_as_in_keras():
    env = dict(os.environ, KERAS_BACKEND="jax", JAX_PLATFORMS="cpu")
    done = subprocess.run(
        [sys.executable, str(RECORDER), *map(str, STEPS)],
        check=False,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    want = json.loads(done.stdout.strip().splitlines()[-1])
    for steps_per_execution, expected in zip(STEPS, want):
        got = record(keras, steps_per_execution)
        assert got == expected, steps_per_execution
        assert got[2] == steps_per_execution and got[3] == 5  # every batch trains


def test_compile_keeps_run_eagerly_and_checks_steps_per_execution():
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    model.compile("sgd", "mse", run_eagerly=True, steps_per_execution=4)
    assert model.run_eagerly is True and model.get_compile_config()["steps_per_execution"] == 4
    with pytest.raises(ValueError, match="steps_per_execution"):
        model.compile("sgd", "mse", steps_per_execution=0)
