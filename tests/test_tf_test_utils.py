"""tf.test: TestCase's assertions pass and fail as TensorFlow's do (with its failure
messages), evaluate/cached_session, temp dirs and seeding, Benchmark, main, and the build
queries of a CPU-only build."""

import collections
import os
import random
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import nnext as tf
from nnext import errors


@pytest.fixture
def case():
    """A TestCase to call the assertions on (as a test method would, through self)."""
    return tf.test.TestCase()


def _fails(fn, *args, **kwargs):
    """The message of the AssertionError that fn(*args) raises."""
    with pytest.raises(AssertionError) as info:
        fn(*args, **kwargs)
    return str(info.value)


# -- assertAllClose ----------------------------------------------------------------------


def test_all_close_defaults_are_tensorflows(case):
    case.assertAllClose(1.0, 1.0 + 1.5e-6)  # within atol + rtol * |b| = 2e-6
    message = _fails(case.assertAllClose, 1.0, 1.0 + 3e-6)
    assert "not close lhs = 1.0" in message
    case.assertAllClose([1.0, 2.0], [1.01, 2.0], atol=0.02)
    case.assertAllClose([100.0], [101.0], rtol=0.01, atol=0)
    _fails(case.assertAllClose, [100.0], [102.0], rtol=0.01, atol=0)


def test_all_close_accepts_tensors_and_nests(case):
    t = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    case.assertAllClose(t, [[1.0, 2.0], [3.0, 4.0]])
    case.assertAllClose(np.array([1.0, 2.0]), tf.constant([1.0, 2.0]))
    case.assertAllClose(tf.Variable([1.0]), [1.0])
    Point = collections.namedtuple("Point", ["x", "y"])
    expected = {"a": [tf.constant(1.0), (2.0, 3.0)], "b": Point(x=tf.constant([4.0]), y=5.0)}
    actual = {"b": {"x": [4.0], "y": 5.0}, "a": [1.0, [2.0, 3.0]]}
    case.assertAllClose(expected, actual)
    # Ragged lists are compared element by element.
    case.assertAllClose([[1.0], [2.0, 3.0]], [[1.0], [2.0, 3.0]])
    message = _fails(case.assertAllClose, {"a": [1.0, (2.0, 3.0)]}, {"a": [1.0, (2.0, 3.5)]})
    # The ragged list is compared item by item, so the path names the item.
    assert "Mismatched value: a[a][1] is different from b[a][1]" in message


def test_all_close_failure_message(case):
    message = _fails(case.assertAllClose, [1.0, 2.0, 3.0], [1.0, 2.5, 3.0], msg="mine")
    assert "Mismatched value: a is different from b. mine" in message
    assert "not close where = (array([1]),)" in message
    assert "not close lhs = [2.]" in message and "not close rhs = [2.5]" in message
    assert "not close dif = [0.5]" in message
    assert "dtype = float64, shape = (3,)" in message
    # NumPy's own summary, as assert_allclose prints it under TensorFlow's lines.
    assert "Mismatched elements: 1 / 3" in message
    assert "Max absolute difference" in message and "Max relative difference" in message


def test_all_close_structure_errors(case):
    with pytest.raises(ValueError, match="Can't compare dict to non-dict, a vs b"):
        case.assertAllClose({"a": 1.0}, [1.0])
    # Ragged items of one outer length are compared one by one: the inner shapes differ.
    message = _fails(case.assertAllClose, [[1.0], [2.0, 3.0]], [[1.0], [2.0, 3.0, 4.0]])
    assert "Shape mismatch: expected (2,), got (3,)" in message
    message = _fails(case.assertAllClose, {"a": 1.0}, {"b": 1.0})
    assert "mismatched keys" in message
    message = _fails(case.assertAllClose, [1.0, 2.0], [1.0, 2.0, 3.0])
    assert "Shape mismatch: expected (2,), got (3,)" in message


def test_all_close_nan_and_inf(case):
    case.assertAllClose([np.nan, np.inf], [np.nan, np.inf])
    _fails(case.assertAllClose, [np.nan], [1.0])
    _fails(case.assertAllClose, [np.inf], [-np.inf])


def test_all_close_according_to_type(case):
    a16 = tf.constant([1.0, 2.0], tf.float16)
    b = np.array([1.0005, 2.0], np.float32)
    case.assertAllCloseAccordingToType(a16, b)  # float16: 1e-3 tolerances
    _fails(case.assertAllCloseAccordingToType, np.float32([1.0, 2.0]), b)
    case.assertAllCloseAccordingToType(np.float32([1.0]), np.float32([1.0001]), float_rtol=1e-3)
    _fails(case.assertAllClose, a16, b)  # plain assertAllClose keeps 1e-6


def test_not_all_close(case):
    case.assertNotAllClose([1.0, 2.0], [1.0, 2.1])
    message = _fails(case.assertNotAllClose, [1.0, 2.0], tf.constant([1.0, 2.0]))
    assert message == "The two values are close at all elements"
    case.assertNotAllClose([1.0], [1.05], atol=0.01)
    _fails(case.assertNotAllClose, [1.0], [1.05], atol=0.1)


# -- equality and ordering ---------------------------------------------------------------


def test_all_equal(case):
    case.assertAllEqual(tf.constant([1, 2, 3]), [1, 2, 3])
    case.assertAllEqual([np.nan, 1.0], np.array([np.nan, 1.0]))  # NaN == NaN for floats
    case.assertAllEqual(np.array(["a", "b"]), ["a", "b"])
    case.assertAllEqual(tf.constant(3), 3)  # scalars
    message = _fails(case.assertAllEqual, [1, 2, 3], tf.constant([1, 5, 3]))
    assert "not equal where = (array([1]),)" in message
    assert "not equal lhs = [2]" in message and "not equal rhs = [5]" in message
    assert "Mismatched elements: 1 / 3" in message
    message = _fails(case.assertAllEqual, [1, 2], [[1, 2]])
    assert "Shape mismatch: expected (2,), got (1, 2). Contents: [[1 2]]" in message
    case.assertNotAllEqual([1, 2], [1, 3])
    assert (
        _fails(case.assertNotAllEqual, [1, 2], [1, 2]) == "The two values are equal at all elements"
    )


def test_ordering_assertions(case):
    x = tf.constant([1.0, 2.0, 3.0])
    case.assertAllGreater(x, 0.5)
    case.assertAllLess(x, 3.5)
    case.assertAllGreaterEqual(x, 1.0)
    case.assertAllLessEqual(x, 3.0)
    assert "not greater than" in _fails(case.assertAllGreater, x, 1.0)
    assert "not less than" in _fails(case.assertAllLess, x, 3.0)
    _fails(case.assertAllGreaterEqual, x, 1.5)
    _fails(case.assertAllLessEqual, x, 2.5)


def test_all_in_range(case):
    x = tf.constant([0.0, 0.5, 1.0])
    case.assertAllInRange(x, 0.0, 1.0)
    message = _fails(case.assertAllInRange, x, 0.0, 1.0, open_lower_bound=True)
    assert message.startswith("1 of the 3 element(s) are outside the range (0.0, 1.0]. ")
    assert "[0] : 0.0" in message
    message = _fails(case.assertAllInRange, x, 0.0, 1.0, open_upper_bound=True)
    assert "outside the range [0.0, 1.0)" in message
    message = _fails(case.assertAllInRange, [1.0, np.nan], 0.0, 2.0)
    assert message.startswith("1 of the 2 element(s) are NaN.")
    message = _fails(case.assertAllInRange, np.array([True]), 0, 1)
    assert "does not have an ordered numeric type" in message
    case.assertAllInRange(tf.constant([1, 2]), 1, 2)


def test_all_in_set_and_dtype(case):
    case.assertAllInSet(tf.constant([[1, 2], [2, 1]]), {1, 2})
    message = _fails(case.assertAllInSet, [1, 2, 3, 3], (1, 2))
    assert message == "1 unique element(s) are not in the set (1, 2): [3]"
    case.assertDTypeEqual(tf.constant([1.0]), np.float32)
    case.assertDTypeEqual(tf.constant([1], tf.int64), "int64")
    _fails(case.assertDTypeEqual, tf.constant([1.0]), np.float64)


def test_near_and_array_near(case):
    case.assertNear(1.0, 1.05, 0.1)
    case.assertNear(float("inf"), float("inf"), 0.0)
    assert "1.000000 != 1.500000 +/- 0.100000 (why)" in _fails(
        case.assertNear, 1.0, 1.5, 0.1, "why"
    )
    case.assertArrayNear([1.0, 2.0], tf.constant([1.01, 1.99]).numpy(), 0.02)
    _fails(case.assertArrayNear, [1.0, 2.0], [1.0, 2.5], 0.1)
    _fails(case.assertArrayNear, [1.0], [1.0, 2.0], 0.1)
    case.assertNDArrayNear(np.array([[1.0, 2.0]]), tf.constant([[1.0, 2.001]]), 0.01)
    _fails(case.assertNDArrayNear, np.array([3.0, 0.0]), np.array([0.0, 4.0]), 5.0)  # norm 5


def test_shape_and_device_equal(case):
    case.assertShapeEqual(np.zeros((2, 3)), tf.zeros([2, 3]))
    _fails(case.assertShapeEqual, np.zeros((2, 3)), tf.zeros([3, 2]))
    with pytest.raises(TypeError, match="np_array must be a Numpy ndarray"):
        case.assertShapeEqual([[0.0]], tf.zeros([1, 1]))
    with pytest.raises(TypeError, match="tf_tensor must be a Tensor"):
        case.assertShapeEqual(np.zeros(2), np.zeros(2))
    case.assertDeviceEqual("/cpu:0", tf.DeviceSpec(device_type="CPU", device_index=0))
    assert "are not equal" in _fails(case.assertDeviceEqual, "/cpu:0", "/gpu:0")


def test_raises_op_error_and_predicate_match(case):
    with case.assertRaisesOpError("cannot reshape"):
        tf.reshape(tf.ones([6]), [4])
    with case.assertRaisesWithPredicateMatch(errors.InvalidArgumentError, r"input #1"):
        tf.bitwise.bitwise_and(tf.constant([1]), tf.constant([1], tf.int64))
    with case.assertRaisesWithPredicateMatch(ValueError, lambda e: "boom" in str(e)):
        raise ValueError("boom")
    with (
        pytest.raises(AssertionError, match="OpError not raised"),
        case.assertRaisesOpError("anything"),
    ):
        pass
    with (
        pytest.raises(AssertionError, match="Exception of type <class 'ValueError'>: plain"),
        case.assertRaisesOpError("plain"),
    ):
        raise ValueError("plain")  # not an OpError
    with (
        pytest.raises(AssertionError, match="Exception of type"),
        case.assertRaisesOpError("other text"),
    ):
        tf.reshape(tf.ones([6]), [4])


def test_absl_style_assertions(case):
    case.assertLen([1, 2], 2)
    assert "has length of 1, expected 2" in _fails(case.assertLen, [1], 2)
    case.assertEmpty([])
    _fails(case.assertEmpty, [1])
    case.assertNotEmpty([1])
    _fails(case.assertNotEmpty, ())
    case.assertStartsWith("nnext", "nn")
    _fails(case.assertStartsWith, "nnext", "tf")
    case.assertItemsEqual([1, 2, 2], [2, 1, 2])


# -- evaluate, sessions, temp dirs, seeds -----------------------------------------------


def test_evaluate(case):
    out = case.evaluate({"a": tf.constant([1, 2]), "b": (tf.Variable(3.0), None)})
    assert isinstance(out["a"], np.ndarray) and out["a"].tolist() == [1, 2]
    assert out["b"][0] == np.float32(3.0) and out["b"][1] is None
    assert case.evaluate(lambda: [tf.constant(4)])[0] == 4  # a callable is called first
    with pytest.raises(ValueError, match="Unsupported type <class 'int'>"):
        case.evaluate(3)
    with case.cached_session() as sess:
        assert sess.run(tf.constant([5]))[0] == 5
        with pytest.raises(RuntimeError, match="feed_dict is not supported"):
            sess.run(tf.constant(1), feed_dict={"x": 1})
    with case.session(use_gpu=False) as sess:
        assert sess.run([tf.constant(1.5)]) == [1.5]


class TestCaseBehaviourTest(tf.test.TestCase):
    """Collected by pytest as a unittest case: what a user's test class gets."""

    def test_temp_dir(self):
        path = self.get_temp_dir()
        assert os.path.isdir(path) and path == self.get_temp_dir()
        with open(os.path.join(path, "f.txt"), "w") as f:
            f.write("x")

    def test_seeds_are_reset_in_set_up(self):
        expected = np.random.RandomState(87654321).rand()
        self.assertEqual(np.random.rand(), expected)
        self.assertEqual(random.random(), random.Random(87654321).random())
        first = self.evaluate(tf.random.uniform([3]))
        self.setUp()
        self.assertAllEqual(first, tf.random.uniform([3]))

    def test_a_test_case_is_a_unittest_case(self):
        import unittest

        self.assertIsInstance(self, unittest.TestCase)
        self.assertAllClose(tf.square([2.0, 3.0]), [4.0, 9.0])


def test_temp_dirs_differ_between_tests():
    a, b = tf.test.TestCase(), tf.test.TestCase()
    assert a.get_temp_dir() != b.get_temp_dir()
    assert os.path.dirname(a.get_temp_dir()) == os.path.dirname(b.get_temp_dir())


# -- module functions, Benchmark, main ---------------------------------------------------


def test_build_queries_of_a_cpu_build():
    assert tf.test.is_gpu_available() is False
    assert tf.test.is_gpu_available(cuda_only=True, min_cuda_compute_capability=(3, 5)) is False
    assert tf.test.gpu_device_name() == ""
    assert tf.test.is_built_with_cuda() is False
    assert tf.test.is_built_with_rocm() is False
    assert tf.test.is_built_with_gpu_support() is False
    assert tf.test.is_built_with_xla() is False
    assert tf.test.experimental.sync_devices() is None
    assert not hasattr(tf.test, "create_local_cluster")


def test_disable_with_predicate():
    class Case(tf.test.TestCase):
        @tf.test.disable_with_predicate(pred=lambda: True, skip_message="not here")
        def test_skipped(self):
            raise AssertionError("ran")

        @tf.test.disable_with_predicate(pred=lambda: False, skip_message="runs")
        def test_runs(self):
            self.assertTrue(True)

    import unittest

    result = unittest.TestResult()
    unittest.defaultTestLoader.loadTestsFromTestCase(Case).run(result)
    assert result.testsRun == 2 and not result.failures and not result.errors
    assert [reason for _, reason in result.skipped] == ["not here"]


def test_benchmark_reports_an_entry(capsys):
    class MatmulBenchmark(tf.test.Benchmark):
        def benchmark_matmul(self):
            self.report_benchmark(iters=10, wall_time=0.25, extras={"flops": 2.0, "note": "x"})

        def benchmark_named(self):
            self.report_benchmark(name="custom", metrics=[{"name": "acc", "value": 0.5}])

    bench = MatmulBenchmark()
    bench.benchmark_matmul()
    out = capsys.readouterr().out
    assert 'name: "MatmulBenchmark.benchmark_matmul"' in out
    assert "iters: 10" in out and "wall_time: 0.25" in out and "cpu_time" not in out
    assert 'key: "flops"' in out and "double_value: 2.0" in out and 'string_value: "x"' in out
    bench.benchmark_named()
    out = capsys.readouterr().out
    assert 'name: "MatmulBenchmark.custom"' in out and 'name: "acc"' in out
    assert tf.test.Benchmark.is_abstract() and not MatmulBenchmark.is_abstract()
    assert bench.evaluate([tf.constant(2)])[0] == 2
    with pytest.raises(ValueError, match="Unable to determine calling Benchmark class"):
        tf.test.Benchmark._get_name(object())


@pytest.mark.parametrize("fails", [False, True])
def test_main_runs_the_tests_of_main(tmp_path, fails):
    script = tmp_path / "my_test.py"
    script.write_text(
        textwrap.dedent(
            f"""
            import nnext as tf

            class SquareTest(tf.test.TestCase):
                def test_square(self):
                    self.assertAllEqual(tf.square([2, 3]), [4, {10 if fails else 9}])

            if __name__ == "__main__":
                tf.test.main()
            """
        )
    )
    # The child finds nnext as this process does (installed, or PYTHONPATH=python).
    done = subprocess.run(
        [sys.executable, str(script)], check=False, capture_output=True, text=True
    )
    assert done.returncode == (1 if fails else 0), done.stderr
    assert "Ran 1 test" in done.stderr
    if fails:
        assert "not equal where = (array([1]),)" in done.stderr


# -- compute_gradient --------------------------------------------------------------------


def test_compute_gradient_documented_example():
    theoretical, numerical = tf.test.compute_gradient(lambda x: x * x, [1.0])
    assert len(theoretical) == len(numerical) == 1
    assert theoretical[0].dtype == np.float32 and theoretical[0].shape == (1, 1)
    np.testing.assert_allclose(theoretical[0], [[2.0]])
    np.testing.assert_allclose(numerical[0], [[2.0]], rtol=1e-5)
    tf.test.TestCase().assertAllClose(theoretical, numerical)


def test_compute_gradient_matmul_jacobians():
    a = np.arange(6.0).reshape(2, 3)
    b = np.linspace(-1.0, 1.0, 12).reshape(3, 4)
    theoretical, numerical = tf.test.compute_gradient(tf.matmul, [a, b])
    # y = a @ b flattened row-major: dy/da = kron(I2, b.T), dy/db = kron(a, I4).
    expected = [np.kron(np.eye(2), b.T), np.kron(a, np.eye(4))]
    for t, n, e in zip(theoretical, numerical, expected):
        assert t.shape == e.shape == (8, t.shape[1]) and t.dtype == np.float64
        np.testing.assert_allclose(t, e, atol=1e-12)
        np.testing.assert_allclose(n, e, atol=1e-9)


def test_compute_gradient_finds_a_wrong_gradient():
    @tf.custom_gradient
    def doubled(x):
        return x * 2.0, lambda dy: dy * 3.0  # wrong on purpose

    theoretical, numerical = tf.test.compute_gradient(doubled, [np.ones(2, np.float32)])
    np.testing.assert_allclose(theoretical[0], 3.0 * np.eye(2))
    np.testing.assert_allclose(numerical[0], 2.0 * np.eye(2))
    with pytest.raises(AssertionError):
        tf.test.TestCase().assertAllClose(theoretical, numerical)


def test_compute_gradient_edge_cases():
    theoretical, numerical = tf.test.compute_gradient(lambda x: x[:0], [np.ones(3)])
    assert theoretical[0].shape == numerical[0].shape == (0, 3)
    # An argument the result does not depend on has a zero Jacobian.
    theoretical, _ = tf.test.compute_gradient(lambda x, y: x * 2.0, [[1.0, 2.0], [3.0, 4.0]])
    np.testing.assert_array_equal(theoretical[1], np.zeros((2, 2)))
    with pytest.raises(ValueError, match="`x` must be a list or tuple"):
        tf.test.compute_gradient(lambda x: x, np.ones(2))
    with pytest.raises(AssertionError, match="unsupported type int32 of argument 0"):
        tf.test.compute_gradient(lambda x: x, [[1, 2]])
