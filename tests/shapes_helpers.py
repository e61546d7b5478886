"""What the op tests (gather, join, matmul, nn, optimizer kernels) need beyond helpers.py:
a per-module random source, copying conversion, exact comparison, checked strided views and
nested-tape gradients.
"""

import numpy as np
from helpers import as_layout, assert_same, random_array

import nnext


def random_source(seed):
    """rand(shape, dtype="float64", low=-3.0, high=3.0): helpers.random_array drawing from a
    generator of its own, so that a test module gets the same arrays run alone or in the
    suite."""
    rng = np.random.default_rng(seed)

    def rand(shape, dtype="float64", low=-3.0, high=3.0):
        return random_array(shape, dtype, rng, low, high)

    return rand


def tensor(array):
    """A contiguous tensor holding a copy of `array` (nnext.convert_to_tensor would share a
    C-contiguous array's memory, and a test that changes the array later would change the
    tensor too)."""
    return as_layout(array, "contiguous")[0]


def non_contiguous(array, layout="transposed"):
    """A view in helpers' `layout` ("transposed", "strided" or "reversed") holding the values of
    `array`, checked not to be contiguous so that the test exercises the strided path."""
    view, values = as_layout(array, layout)
    np.testing.assert_array_equal(values, array)
    assert not view.numpy().flags.c_contiguous, f"{layout} view of shape {np.shape(array)}"
    return view


def assert_exact(result, expected, what=""):
    """assert_same with no tolerance: for ops that move values without arithmetic."""
    assert_same(result, expected, what, rtol=0, atol=0)


def nested_gradients(fn, x):
    """(g, gg): g = d sum(fn(x)) / dx from an inner tape and gg = d sum(g) / dx from an
    outer one, which sees g only if the op's backward pass is itself recorded."""
    with nnext.GradientTape() as outer:
        outer.watch(x)
        with nnext.GradientTape() as inner:
            inner.watch(x)
            y = fn(x)
        g = inner.gradient(y, x)
    return g, outer.gradient(g, x)
