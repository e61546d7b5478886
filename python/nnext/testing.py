"""``tf.test``: a ``unittest.TestCase`` with TensorFlow's assertions, and build queries.

``tf.test.TestCase`` compares tensors, NumPy arrays and nested lists, tuples, dicts and
namedtuples of them as TensorFlow's does: ``assertAllClose`` uses ``rtol=1e-6,
atol=1e-6`` and NumPy's ``|a - b| <= atol + rtol * |b|``, and its failure message lists
where the values differ, both sides, the differences and tolerances, then NumPy's mismatch
count and largest absolute and relative differences. ``evaluate`` gives the NumPy values
of tensors; nnext runs eagerly, so ``cached_session`` and ``session`` are context managers
whose ``run`` is ``evaluate``. nnext is a CPU-only build: the GPU queries answer False
and ``gpu_device_name`` the empty string.

(The module is called ``testing`` so that test collectors do not take it for a test file;
``nnext.test`` is its public name. ``TestCase`` lives in ``nnext/testcase.py``.)
"""

import inspect
import types
import unittest

import numpy as np

from nnext import _core
from nnext._tape import GradientTape
from nnext.testcase import TestCase, _evaluate

__all__ = [
    "Benchmark",
    "TestCase",
    "compute_gradient",
    "disable_with_predicate",
    "experimental",
    "gpu_device_name",
    "is_built_with_cuda",
    "is_built_with_gpu_support",
    "is_built_with_rocm",
    "is_built_with_xla",
    "is_gpu_available",
    "main",
]


class Benchmark:
    """Base class for benchmarks: ``benchmark*`` methods time code and call
    ``report_benchmark``, which logs one entry (printed in TensorFlow's text form).

    Example:
        >>> class MatmulBenchmark(nnext.test.Benchmark):
        ...     def benchmark_matmul(self):
        ...         self.report_benchmark(iters=10, wall_time=0.01)
    """

    @classmethod
    def is_abstract(cls):
        """True for ``Benchmark`` itself (a class with no benchmark base but this one)."""
        return len(cls.mro()) <= 2

    def _get_name(self, overwrite_name=None):
        """``ClassName.method`` of the outermost benchmark method on the call stack."""
        calling, method = None, None
        for frame in reversed(inspect.stack()):
            if isinstance(frame.frame.f_locals.get("self"), Benchmark):
                calling, method = frame.frame.f_locals["self"], frame.function
                break
        if calling is None:
            raise ValueError("Unable to determine calling Benchmark class.")
        return f"{type(calling).__name__}.{overwrite_name or method}"

    def report_benchmark(
        self,
        iters=None,
        cpu_time=None,
        wall_time=None,
        throughput=None,
        extras=None,
        name=None,
        metrics=None,
    ):
        """Reports one benchmark entry: printed as TensorFlow prints its
        ``BenchmarkEntries`` when no report file is requested.

        Args:
            iters: the number of iterations timed.
            cpu_time: CPU seconds per iteration.
            wall_time: wall-clock seconds per iteration.
            throughput: e.g. MB/s.
            extras: a dict of extra numbers or strings.
            name: overrides the method name in ``ClassName.method``.
            metrics: a list of dicts with ``name``, ``value`` and optional
                ``min_value``/``max_value``.
        """
        lines = ["entry {", f'  name: "{self._get_name(name)}"']
        for key, value in (
            ("iters", iters),
            ("cpu_time", cpu_time),
            ("wall_time", wall_time),
            ("throughput", throughput),
        ):
            if value is not None:
                lines.append(f"  {key}: {value}")
        for key, value in sorted((extras or {}).items()):
            kind = "string_value" if isinstance(value, str) else "double_value"
            shown = f'"{value}"' if isinstance(value, str) else float(value)
            lines += ["  extras {", f'    key: "{key}"', "    value {", f"      {kind}: {shown}"]
            lines += ["    }", "  }"]
        for metric in metrics or ():
            lines += ["  metrics {"]
            lines += [
                f'    {k}: "{v}"' if k == "name" else f"    {k}: {v}" for k, v in metric.items()
            ]
            lines += ["  }"]
        print("\n".join([*lines, "}"]))

    def evaluate(self, tensors):
        """The NumPy values of a tensor or a nest of tensors."""
        return _evaluate(tensors)


_GRADIENT_DTYPES = ("float16", "bfloat16", "float32", "float64")


def _theoretical_jacobian(f, y, xs, param):
    """Rows of dy/dx[param], one backward pass per element of y (TensorFlow's way)."""
    x = xs[param]
    x_size, y_size = int(np.prod(x.shape)), int(np.prod(y.shape))
    jacobian = np.zeros((y_size, x_size), dtype=x.dtype.as_numpy_dtype)
    dy = np.zeros(y.shape, dtype=y.dtype.as_numpy_dtype)

    def gradient():
        with GradientTape() as tape:
            tape.watch(x)
            out = f(*xs)
        return tape.gradient(out, x, output_gradients=_core.convert_to_tensor(dy))

    for row in range(y_size):
        dy.flat[row] = 1
        grad = gradient()
        if grad is not None:
            jacobian[row, :] = np.asarray(grad.numpy()).ravel()
        dy.flat[row] = 0
    if y_size == 0:
        grad = gradient()
        grad = np.zeros(x.shape) if grad is None else grad.numpy()
        if grad.shape != tuple(x.shape):
            raise ValueError(
                f"Empty gradient has wrong shape: expected {tuple(x.shape)}, got {grad.shape}"
            )
        if np.any(grad):
            raise ValueError("Empty tensor with nonzero gradients")
    return jacobian


def _numeric_jacobian(f, y, xs, param, delta):
    """Columns of dy/dx[param] by central differences ``(f(x + d) - f(x - d)) / 2d``."""
    arrays = [np.array(x.numpy()) for x in xs]
    x = arrays[param]
    y_size = int(np.prod(y.shape))
    scale = np.asarray(2 * delta, dtype=y.dtype.as_numpy_dtype)[()]
    jacobian = np.zeros((y_size, x.size), dtype=x.dtype)

    def value():
        return np.asarray(_core.convert_to_tensor(f(*map(_core.convert_to_tensor, arrays))).numpy())

    for col in range(x.size):
        original = x.flat[col]
        x.flat[col] = original + delta
        y_pos = value()
        x.flat[col] = original - delta
        y_neg = value()
        x.flat[col] = original
        jacobian[:, col] = ((y_pos - y_neg) / scale).ravel()
    return jacobian


def compute_gradient(f, x, delta=None):
    """The theoretical (backpropagated) and numeric Jacobians of ``y = f(*x)``.

    Args:
        f: the function, called with the arguments as tensors.
        x: a list or tuple of the arguments (values convertible to tensors).
        delta: the perturbation of the central differences (default ``1 / 1024``, exactly
            representable in binary).

    Returns:
        A pair of tuples, theoretical then numeric, of one 2-D NumPy array per argument:
        ``y_size`` rows by ``x_size`` columns (the arguments' and the result's element
        counts), in the argument's dtype.

    Raises:
        ValueError: if ``x`` is not a list or tuple, or the result is empty but its
            gradient is not.

    Example:
        >>> theoretical, numerical = nnext.test.compute_gradient(lambda x: x * x, [1.0])
        >>> theoretical
        (array([[2.]], dtype=float32),)
    """
    if not isinstance(x, (list, tuple)):
        raise ValueError(  # noqa: TRY004 - the error TensorFlow raises
            "`x` must be a list or tuple of values convertible to a Tensor (arguments to "
            f"`f`), not a {type(x)}"
        )
    if delta is None:
        delta = 1.0 / 1024
    xs = [_core.convert_to_tensor(value) for value in x]
    y = _core.convert_to_tensor(f(*xs))
    for index, value in enumerate(xs):
        if value.dtype.name not in _GRADIENT_DTYPES:
            raise AssertionError(
                f"Cannot compute gradient for unsupported type {value.dtype.name} of "
                f"argument {index}"
            )
    if y.dtype.name not in _GRADIENT_DTYPES:
        raise AssertionError(f"Cannot compute gradient for unsupported type {y.dtype.name} of y")
    pairs = [
        (_theoretical_jacobian(f, y, xs, i), _numeric_jacobian(f, y, xs, i, delta))
        for i in range(len(xs))
    ]
    return tuple(zip(*pairs))


def main(argv=None):
    """Runs the tests of the ``__main__`` module (``unittest.main``; ``argv`` defaults to
    ``sys.argv``) and exits with their status."""
    return unittest.main(module="__main__", argv=argv)


def is_gpu_available(cuda_only=False, min_cuda_compute_capability=None):
    """Whether a GPU is available: always False, nnext computes on the CPU."""
    del cuda_only, min_cuda_compute_capability
    return False


def gpu_device_name():
    """The name of a GPU device if one is available, else '' (always '' in nnext)."""
    return ""


def is_built_with_cuda():
    """Whether nnext was built with CUDA support: False (a CPU-only build)."""
    return False


def is_built_with_rocm():
    """Whether nnext was built with ROCm support: False (a CPU-only build)."""
    return False


def is_built_with_gpu_support():
    """Whether nnext was built with any GPU support (CUDA or ROCm): False."""
    return is_built_with_cuda() or is_built_with_rocm()


def is_built_with_xla():
    """Whether nnext was built with XLA: False (``jit_compile`` replays C++ traces
    instead)."""
    return False


def disable_with_predicate(pred, skip_message):
    """Decorates a test method so that it is skipped when ``pred()`` is true.

    Args:
        pred: a function of no arguments; the test is skipped when it returns True.
        skip_message: the reason reported for the skip.
    """

    def decorator(func):
        def wrapper(self, *args, **kwargs):
            if pred():
                self.skipTest(skip_message)
            return func(self, *args, **kwargs)

        wrapper.__name__, wrapper.__doc__ = func.__name__, func.__doc__
        return wrapper

    return decorator


def _sync_devices():
    """Waits until every device has finished its queued work: nnext's CPU ops complete
    before they return, so there is nothing to wait for."""


experimental = types.SimpleNamespace(sync_devices=_sync_devices)
experimental.__doc__ = "``tf.test.experimental``: ``sync_devices``."
