"""``tf.test.TestCase``: ``unittest.TestCase`` with TensorFlow's tensor assertions.

Values (tensors, NumPy arrays, nested lists, tuples, dicts and namedtuples of them) are
compared as TensorFlow's ``TestCase`` compares them: ``assertAllClose`` uses ``rtol=1e-6,
atol=1e-6`` and NumPy's ``|a - b| <= atol + rtol * |b|``; its failure message lists where
the values differ, both sides, the differences and the tolerances, then NumPy's mismatch
count and largest absolute and relative differences. nnext runs eagerly, so ``evaluate``
is ``.numpy()`` over a nest and ``cached_session`` yields an object whose ``run`` is
``evaluate``. (Named so that test collectors do not take it for a test file.)
"""

import atexit
import collections.abc
import contextlib
import math
import random
import re
import shutil
import tempfile
import unittest

import numpy as np

from nnext import _core, nest
from nnext import random as _random
from nnext.device_spec import DeviceSpec
from nnext.errors import OpError

__all__ = ["TestCase"]

DEFAULT_GRAPH_SEED = 87654321  # TensorFlow's random_seed.DEFAULT_GRAPH_SEED
# Extension float types NumPy cannot compare directly: compared as float32, as TF does.
_CUSTOM_FLOATS = ("bfloat16", "float8_e5m2", "float8_e4m3fn")
_temp_root = []


def _process_temp_dir():
    """One temporary folder per process for the tests' folders, removed at exit."""
    if not _temp_root:
        _temp_root.append(tempfile.mkdtemp(prefix="nnext_test_"))
        atexit.register(shutil.rmtree, _temp_root[0], True)
    return _temp_root[0]


class _EagerSession:
    """What ``cached_session()`` yields when running eagerly: ``run(t)`` is
    ``evaluate(t)``."""

    def __init__(self, test_case):
        self._test_case = test_case

    def run(self, fetches, *args, **kwargs):
        """The NumPy values of ``fetches`` (no feeds: there is no graph to feed)."""
        if kwargs.pop("feed_dict", None):
            raise RuntimeError(
                "feed_dict is not supported when eager execution is enabled "
                "(in this case, sess.run(t) is shorthand for t.numpy()"
            )
        if args or kwargs:
            raise RuntimeError(
                "Optional args are not supported when eager execution is enabled "
                "(in this case, sess.run(t) is shorthand for t.numpy()"
            )
        return self._test_case.evaluate(fetches)


def _eval_tensor(value):
    if value is None:
        return None
    if callable(value):
        return _evaluate(value())
    try:
        return value.numpy()
    except AttributeError as error:
        raise ValueError(f"Unsupported type {type(value)!r}.") from error


def _evaluate(tensors):
    return nest.map_structure(_eval_tensor, tensors)


class TestCase(unittest.TestCase):
    """Base class for tests of nnext (TensorFlow's ``tf.test.TestCase``).

    Each test starts from the same random state: Python's, NumPy's and nnext's global
    seeds are set to TensorFlow's default graph seed (87654321) in ``setUp``.

    Example:
        >>> class SquareTest(nnext.test.TestCase):
        ...     def test_square(self):
        ...         self.assertAllClose(nnext.square([2.0, 3.0]), [4.0, 9.0])
    """

    def __init__(self, methodName="runTest"):
        super().__init__(methodName)
        self._tempdir = None

    def setUp(self):
        """Seeds Python's, NumPy's and nnext's generators with 87654321."""
        super().setUp()
        random.seed(DEFAULT_GRAPH_SEED)
        np.random.seed(DEFAULT_GRAPH_SEED)
        _random.set_seed(DEFAULT_GRAPH_SEED)

    def get_temp_dir(self):
        """A temporary directory for this test: the same one on every call in a test,
        another in each test and run (``tempfile.mkdtemp(dir=self.get_temp_dir())`` makes
        more)."""
        if not self._tempdir:
            self._tempdir = tempfile.mkdtemp(dir=_process_temp_dir())
        return self._tempdir

    def evaluate(self, tensors):
        """The NumPy values of a tensor, or of a nest (list, tuple, dict) of tensors.

        Raises:
            ValueError: for a value that is not a tensor (``Unsupported type``).
        """
        return _evaluate(tensors)

    @contextlib.contextmanager
    def cached_session(self, graph=None, config=None, use_gpu=True, force_gpu=False):
        """A context manager giving a session-like object whose ``run`` evaluates tensors
        (nnext runs eagerly; the arguments are accepted for compatibility)."""
        del graph, config, use_gpu, force_gpu
        yield _EagerSession(self)

    session = cached_session

    # -- conversions -------------------------------------------------------------------

    def _GetNdArray(self, a):
        if isinstance(a, _core.Tensor):
            a = a.numpy()
        if not isinstance(a, np.ndarray):
            try:
                return np.array(a)
            except ValueError:
                # Ragged sequences: NumPy no longer infers dtype=object for them.
                return np.array(a, dtype=object)
        return a

    # -- closeness ---------------------------------------------------------------------

    def _assertArrayLikeAllClose(self, a, b, rtol=1e-6, atol=1e-6, msg=None):
        a = self._GetNdArray(a)
        b = self._GetNdArray(b)
        # Small arrays are printed in full; printing a large one is slow.
        if a.shape != b.shape and (b.ndim <= 3 or b.size < 500):
            shape_msg = f"Shape mismatch: expected {a.shape}, got {b.shape} with contents {b}."
        else:
            shape_msg = f"Shape mismatch: expected {a.shape}, got {b.shape}."
        self.assertEqual(a.shape, b.shape, shape_msg)
        msgs = [msg if msg else ""]
        a_dtype = a.dtype
        a = a.astype(np.float32) if a.dtype.name in _CUSTOM_FLOATS else a
        b = b.astype(np.float32) if b.dtype.name in _CUSTOM_FLOATS else b
        if not np.allclose(a, b, rtol=rtol, atol=atol):
            self._report_not_close(a, b, rtol, atol, msgs, a_dtype)

    @staticmethod
    def _report_not_close(a, b, rtol, atol, msgs, a_dtype):
        """Raises NumPy's assert_allclose error with TensorFlow's lines about which elements
        break |a - b| <= atol + rtol * |b| (inf - inf and NaN give no warnings)."""
        with np.errstate(invalid="ignore", over="ignore"):
            cond = np.logical_or(
                np.abs(a - b) > atol + rtol * np.abs(b), np.isnan(a) != np.isnan(b)
            )
            if a.ndim:
                x, y = a[np.where(cond)], b[np.where(cond)]
                msgs.append(f"not close where = {np.where(cond)}")
            else:
                x, y = a, b
            msgs.append(f"not close lhs = {x}")
            msgs.append(f"not close rhs = {y}")
            msgs.append(f"not close dif = {np.abs(x - y)}")
            msgs.append(f"not close tol = {atol + rtol * np.abs(y)}")
            msgs.append(f"dtype = {a_dtype}, shape = {a.shape}")
            np.testing.assert_allclose(
                a, b, rtol=rtol, atol=atol, err_msg="\n".join(msgs), equal_nan=True
            )

    def _assertAllCloseRecursive(self, a, b, rtol=1e-6, atol=1e-6, path=None, msg=None):
        path = path or []
        path_str = ("[" + "][".join(str(p) for p in path) + "]") if path else ""
        msg = msg if msg else ""
        if hasattr(a, "_asdict"):
            a = a._asdict()
        if hasattr(b, "_asdict"):
            b = b._asdict()
        a_is_dict = isinstance(a, collections.abc.Mapping)
        if a_is_dict != isinstance(b, collections.abc.Mapping):
            raise ValueError(f"Can't compare dict to non-dict, a{path_str} vs b{path_str}. {msg}")
        mismatch = f"Mismatched value: a{path_str} is different from b{path_str}. {msg}"
        if a_is_dict:
            self.assertCountEqual(
                a.keys(),
                b.keys(),
                msg=f"mismatched keys: a{path_str} has keys {a.keys()}, but b{path_str} has "
                f"keys {b.keys()}. {msg}",
            )
            for key in a:
                self._assertAllCloseRecursive(a[key], b[key], rtol, atol, [*path, key], msg)
        elif isinstance(a, (list, tuple)):
            # Compared as whole arrays where they convert; element by element otherwise.
            try:
                a_array, b_array = self._GetNdArray(a), self._GetNdArray(b)
                self._assertArrayLikeAllClose(a_array, b_array, rtol, atol, msg=mismatch)
            except (ValueError, TypeError, NotImplementedError):
                if len(a) != len(b):
                    raise ValueError(
                        f"Mismatched length: a{path_str} has {len(a)} items, but "
                        f"b{path_str} has {len(b)} items. {msg}"
                    )
                for index, (a_item, b_item) in enumerate(zip(a, b)):
                    self._assertAllCloseRecursive(
                        a_item, b_item, rtol, atol, [*path, str(index)], msg
                    )
        else:
            try:
                self._assertArrayLikeAllClose(a, b, rtol, atol, msg=mismatch)
            except TypeError as error:
                note = f"Error: a{path_str} has {type(a)}, but b{path_str} has {type(b)}. {msg}"
                error.args = (f"{error.args[0]} : {note}", *error.args[1:])
                raise

    def assertAllClose(self, a, b, rtol=1e-6, atol=1e-6, msg=None):
        """Asserts that two structures of arrays or tensors have near values.

        ``a`` and ``b`` may be nested dicts, namedtuples, tuples and lists; each pair of
        leaves must satisfy ``|a - b| <= atol + rtol * |b|`` elementwise (NaN matches NaN).

        Args:
            a: the expected value (array, tensor, or a nest of them).
            b: the actual value.
            rtol: relative tolerance.
            atol: absolute tolerance.
            msg: optional message to report on failure.

        Raises:
            AssertionError: when some element is not close, or shapes differ.
            ValueError: when only one side is a dict, or sequences differ in length.
        """
        self._assertAllCloseRecursive(a, b, rtol=rtol, atol=atol, msg=msg)

    def assertAllCloseAccordingToType(
        self,
        a,
        b,
        rtol=1e-6,
        atol=1e-6,
        float_rtol=1e-6,
        float_atol=1e-6,
        half_rtol=1e-3,
        half_atol=1e-3,
        bfloat16_rtol=1e-2,
        bfloat16_atol=1e-2,
        msg=None,
    ):
        """``assertAllClose`` with tolerances widened by dtype: at least ``float_*`` for
        float32/complex64, ``half_*`` (1e-3) for float16 and ``bfloat16_*`` (1e-2) for
        bfloat16, whichever side has the dtype."""
        a, b = self._GetNdArray(a), self._GetNdArray(b)
        names = {a.dtype.name, b.dtype.name}
        if names & {"float32", "complex64"}:
            rtol, atol = max(rtol, float_rtol), max(atol, float_atol)
        if "float16" in names:
            rtol, atol = max(rtol, half_rtol), max(atol, half_atol)
        if "bfloat16" in names:
            rtol, atol = max(rtol, bfloat16_rtol), max(atol, bfloat16_atol)
        self.assertAllClose(a, b, rtol=rtol, atol=atol, msg=msg)

    def assertNotAllClose(self, a, b, **kwargs):
        """Asserts that ``a`` and ``b`` are not close at every element (the keywords are
        ``assertAllClose``'s)."""
        try:
            self.assertAllClose(a, b, **kwargs)
        except AssertionError:
            return
        raise AssertionError("The two values are close at all elements")

    def assertAllEqual(self, a, b, msg=None):
        """Asserts that two arrays or tensors have the same shape and values (NaN equals NaN
        for float dtypes)."""
        msg = msg if msg else ""
        a, b = self._GetNdArray(a), self._GetNdArray(b)
        if b.ndim <= 3 or b.size < 500:
            shape_msg = (
                f"Shape mismatch: expected {a.shape}, got {b.shape}. Contents: {b}. \n{msg}."
            )
        else:
            shape_msg = f"Shape mismatch: expected {a.shape}, got {b.shape}. {msg}"
        self.assertEqual(a.shape, b.shape, shape_msg)
        same = a == b
        if a.dtype.name in ("float16", "float32", "float64", "bfloat16"):
            same = np.logical_or(same, np.logical_and(np.isnan(a), np.isnan(b)))
        if not np.all(same):
            diff = np.logical_not(same)
            msgs = [msg]
            if a.ndim:
                x, y = a[np.where(diff)], b[np.where(diff)]
                msgs.append(f"not equal where = {np.where(diff)}")
            else:
                x, y = a, b
            msgs.append(f"not equal lhs = {x}")
            msgs.append(f"not equal rhs = {y}")
            np.testing.assert_array_equal(a, b.astype(a.dtype), err_msg="\n".join(msgs))

    def assertNotAllEqual(self, a, b, msg=None):
        """Asserts that two arrays or tensors differ in at least one element."""
        try:
            self.assertAllEqual(a, b, msg)
        except AssertionError:
            return
        raise AssertionError("The two values are equal at all elements")

    def assertAllGreater(self, a, comparison_target):
        """Asserts that every element of ``a`` is greater than ``comparison_target``."""
        self.assertGreater(np.min(self._GetNdArray(a)), comparison_target)

    def assertAllLess(self, a, comparison_target):
        """Asserts that every element of ``a`` is less than ``comparison_target``."""
        self.assertLess(np.max(self._GetNdArray(a)), comparison_target)

    def assertAllGreaterEqual(self, a, comparison_target):
        """Asserts that every element of ``a`` is at least ``comparison_target``."""
        self.assertGreaterEqual(np.min(self._GetNdArray(a)), comparison_target)

    def assertAllLessEqual(self, a, comparison_target):
        """Asserts that every element of ``a`` is at most ``comparison_target``."""
        self.assertLessEqual(np.max(self._GetNdArray(a)), comparison_target)

    @staticmethod
    def _format_subscripts(subscripts, value, limit=10, indent=2):
        lines = []
        subscripts = np.transpose(subscripts)
        for subscript in subscripts[:limit]:
            lines.append(" " * indent + f"{subscript} : {value[tuple(subscript)]}")
        if len(subscripts) > limit:
            lines.append(" " * indent + "...")
        return lines

    def assertAllInRange(
        self, target, lower_bound, upper_bound, open_lower_bound=False, open_upper_bound=False
    ):
        """Asserts that every element of ``target`` lies in ``[lower_bound, upper_bound]``
        (a bound is open, ``>`` or ``<``, when ``open_lower_bound``/``open_upper_bound``).

        Raises:
            AssertionError: for a non-numeric dtype, NaN elements, or elements outside.
        """
        target = self._GetNdArray(target)
        if not (
            np.issubdtype(target.dtype, np.floating) or np.issubdtype(target.dtype, np.integer)
        ):
            raise AssertionError(
                f"The value of {target} does not have an ordered numeric type, instead it "
                f"has type: {target.dtype}"
            )
        nan_subscripts = np.where(np.isnan(target))
        if np.size(nan_subscripts):
            raise AssertionError(
                f"{len(nan_subscripts[0])} of the {np.size(target)} element(s) are NaN. "
                "Subscripts(s) and value(s) of the NaN element(s):\n"
                + "\n".join(self._format_subscripts(nan_subscripts, target))
            )
        range_str = (
            ("(" if open_lower_bound else "[")
            + f"{lower_bound}, {upper_bound}"
            + (")" if open_upper_bound else "]")
        )
        low = np.less_equal if open_lower_bound else np.less
        high = np.greater_equal if open_upper_bound else np.greater
        violations = np.where(np.logical_or(low(target, lower_bound), high(target, upper_bound)))
        if np.size(violations):
            raise AssertionError(
                f"{len(violations[0])} of the {np.size(target)} element(s) are outside the "
                f"range {range_str}. Subscript(s) and value(s) of the offending elements:\n"
                + "\n".join(self._format_subscripts(violations, target))
            )

    def assertAllInSet(self, target, expected_set):
        """Asserts that every element of ``target`` is in ``expected_set`` (a list, tuple or
        set)."""
        target = self._GetNdArray(target)
        diff = np.setdiff1d(target.flatten(), list(expected_set))
        if np.size(diff):
            raise AssertionError(
                f"{np.size(diff)} unique element(s) are not in the set {expected_set}: {diff}"
            )

    def assertDTypeEqual(self, target, expected_dtype):
        """Asserts that ``target`` (array or tensor) has the NumPy dtype ``expected_dtype``."""
        self.assertEqual(self._GetNdArray(target).dtype, expected_dtype)

    def assertNear(self, f1, f2, err, msg=None):
        """Asserts that the floats ``f1`` and ``f2`` satisfy ``|f1 - f2| <= err`` (or are
        equal, as two infinities)."""
        self.assertTrue(
            f1 == f2 or math.fabs(f1 - f2) <= err,
            "%f != %f +/- %f%s" % (f1, f2, err, f" ({msg})" if msg is not None else ""),  # noqa: UP031
        )

    def assertArrayNear(self, farray1, farray2, err, msg=None):
        """Asserts that two float sequences have one length and ``assertNear`` elements."""
        self.assertEqual(len(farray1), len(farray2), msg=msg)
        for f1, f2 in zip(farray1, farray2):
            self.assertNear(float(f1), float(f2), err, msg=msg)

    def assertNDArrayNear(self, ndarray1, ndarray2, err, msg=None):
        """Asserts that the Euclidean norm of ``ndarray1 - ndarray2`` is below ``err``."""
        difference = self._GetNdArray(ndarray1) - self._GetNdArray(ndarray2)
        self.assertTrue(np.linalg.norm(difference) < err, msg=msg)

    def assertShapeEqual(self, np_array, tf_tensor, msg=None):
        """Asserts that a NumPy array and a tensor have the same shape.

        Raises:
            TypeError: if ``np_array`` is not a NumPy array or scalar, or ``tf_tensor`` not
                a tensor.
        """
        if not isinstance(np_array, (np.ndarray, np.generic)):
            raise TypeError("np_array must be a Numpy ndarray or Numpy scalar")
        if not isinstance(tf_tensor, _core.Tensor):
            raise TypeError("tf_tensor must be a Tensor")
        self.assertAllEqual(np_array.shape, list(tf_tensor.shape), msg=msg)

    def assertDeviceEqual(self, device1, device2, msg=None):
        """Asserts that two device names (strings or ``DeviceSpec``s) name one device."""
        device1, device2 = _canonical_device(device1), _canonical_device(device2)
        self.assertEqual(device1, device2, f"Devices {device1} and {device2} are not equal. {msg}")

    @contextlib.contextmanager
    def assertRaisesWithPredicateMatch(self, exception_type, expected_err_re_or_predicate):
        """A context manager that expects an ``exception_type`` error whose message matches
        the regular expression (searched) or for which the predicate returns True.

        Raises:
            AssertionError: when nothing, another type, or a non-matching error is raised.
        """
        if callable(expected_err_re_or_predicate):
            predicate = expected_err_re_or_predicate
        else:

            def predicate(error):
                text = error.message if isinstance(error, OpError) else str(error)
                return re.search(expected_err_re_or_predicate, text)

        try:
            yield
            self.fail(exception_type.__name__ + " not raised")
        except Exception as error:
            if not isinstance(error, exception_type) or not predicate(error):
                raise AssertionError(f"Exception of type {type(error)}: {error}") from error

    def assertRaisesOpError(self, expected_err_re_or_predicate):
        """``assertRaisesWithPredicateMatch`` for ``tf.errors.OpError`` and its kinds."""
        return self.assertRaisesWithPredicateMatch(OpError, expected_err_re_or_predicate)

    def assertStartsWith(self, actual, expected_start, msg=None):
        """Asserts that the string ``actual`` starts with ``expected_start``."""
        if not actual.startswith(expected_start):
            fail = f"{actual!r} does not start with {expected_start!r}"
            self.fail(fail + (f" : {msg!r}" if msg else ""))

    def assertLen(self, container, expected_len, msg=None):
        """Asserts that ``len(container) == expected_len`` (absl's assertion)."""
        if len(container) != expected_len:
            self.fail(
                f"{container!r} has length of {len(container)}, expected {expected_len}."
                + (f" : {msg}" if msg else "")
            )

    def assertEmpty(self, container, msg=None):
        """Asserts that ``container`` has no elements (absl's assertion)."""
        if len(container):
            self.fail(
                f"{container!r} has length of {len(container)}." + (f" : {msg}" if msg else "")
            )

    def assertNotEmpty(self, container, msg=None):
        """Asserts that ``container`` has elements (absl's assertion)."""
        if not len(container):
            self.fail(f"{container!r} has length of 0." + (f" : {msg}" if msg else ""))

    assertItemsEqual = unittest.TestCase.assertCountEqual


def _canonical_device(device):
    if device is None:
        return ""
    if isinstance(device, DeviceSpec):
        return device.to_string()
    return DeviceSpec.from_string(device).to_string()
