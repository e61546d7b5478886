"""`ExponentialDecay` and `InverseTimeDecay` called on an array of steps (the TF tutorials
plot a schedule over `np.linspace`): one float32 rate per step, as real Keras 3 computes
them with its tensor ops."""

import numpy as np
import pytest
from keras_reference import keras_numpy

from nnext import keras

STEPS = np.linspace(0, 100000)


@pytest.mark.parametrize("name", ["ExponentialDecay", "InverseTimeDecay"])
@pytest.mark.parametrize("staircase", [False, True])
def test_array_steps_give_keras_rates(name, staircase):
    real = keras_numpy()

    def rates(k):
        schedule = getattr(k.optimizers.schedules, name)(
            0.001, decay_steps=7000, decay_rate=0.5, staircase=staircase
        )
        return np.asarray(schedule(STEPS))

    ours, theirs = rates(keras), rates(real)
    assert ours.shape == theirs.shape == STEPS.shape
    assert ours.dtype == theirs.dtype == np.float32
    np.testing.assert_allclose(ours, theirs, rtol=1e-6)


def test_a_scalar_step_still_gives_one_rate():
    schedule = keras.optimizers.schedules.InverseTimeDecay(0.001, 1000, 1)
    assert np.ndim(schedule(1000)) == 0
    np.testing.assert_allclose(float(schedule(1000)), 0.0005)
