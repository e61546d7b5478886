"""Every public tensor op on inputs above the grain size (2^18 elements), where the bindings
release the GIL: a binding that still read a Python argument then crashed the interpreter.

The cases run in a child process (this file run as a script) that reports each case as it
starts and ends, so a crash fails the case that caused it, names the signal, and the
remaining cases still run in a fresh child. A guard fails when a public op of `nnext`,
`nnext.math`, `nnext.nn`, `nnext.array_ops`, `nnext.linalg` or `nnext.random` has no case.

    python tests/test_large_inputs.py add cast gather   # run some cases directly
"""

import functools
import inspect
import os
import signal
import subprocess
import sys

import numpy as np
import pytest
from large_input_catalog import catalog_cases, top_level_cases
from large_input_eager_cases import eager_partition_cast_cases

N = 600  # 600 * 600 = 360,000 elements, above the grain size of 2^18 = 262,144
NAMESPACES = ["nnext", "nnext.math", "nnext.nn", "nnext.array_ops", "nnext.linalg", "nnext.random"]
# Public callables that take no tensor, or are not ops: nothing of theirs runs without the GIL.
NOT_TENSOR_OPS = {
    "Input": "a Keras symbolic input",
    "as_dtype": "parses a dtype",
    "empty_cache": "library setting",
    "get_num_threads": "library setting",
    "set_num_threads": "library setting",
    "memory_stats": "library query",
    "set_seed": "library setting",
    "show_config": "library query",
    "function": "wraps a Python function (its ops are checked one by one)",
    "executing_eagerly": "library query",
}


@functools.cache
def _tf():
    import nnext

    return nnext


@functools.cache
def x():
    """A float32 (N, N) tensor with values in [0.1, 1) (valid for log, sqrt, pow)."""
    rng = np.random.default_rng(0)
    return _tf().constant(rng.uniform(0.1, 1.0, (N, N)).astype("float32"))


@functools.cache
def mask():
    return _tf().constant(np.random.default_rng(1).random((N, N)) < 0.5)


@functools.cache
def image():
    """An NHWC image batch of N * N pixels."""
    return _tf().reshape(x(), (1, N, N, 1))


def _ones(*shape):
    return _tf().ones(shape)


def _cases():
    """name -> a function of no arguments that calls the op on a large input."""
    tf = _tf()
    nn = tf.nn
    rows = np.arange(N, dtype="int64")
    unary = [
        "abs",
        "cos",
        "exp",
        "log",
        "log1p",
        "negative",
        "relu",
        "sigmoid",
        "sign",
        "sin",
        "sqrt",
        "square",
        "tanh",
        "is_finite",
        "is_inf",
        "is_nan",
        "elu",
        "gelu",
        "leaky_relu",
        "log_softmax",
        "softmax",
        "softplus",
        "shape",
        "size",
        "rank",
        "zeros_like",
        "ones_like",
        "transpose",
        "shuffle",
        "norm",
    ]
    binary = [
        "add",
        "divide",
        "floordiv",
        "floormod",
        "mod",
        "maximum",
        "minimum",
        "multiply",
        "pow",
        "subtract",
        "truediv",
        "equal",
        "not_equal",
        "greater",
        "greater_equal",
        "less",
        "less_equal",
        "matmul",
    ]
    reductions = ["reduce_sum", "reduce_mean", "reduce_max", "reduce_min", "reduce_prod"]
    cases = {}
    for name in unary:
        cases[name] = functools.partial(lambda n: _op(n)(x()), name)
    for name in binary:
        cases[name] = functools.partial(lambda n: _op(n)(x(), x()), name)
    for name in reductions:
        cases[name] = functools.partial(lambda n: _op(n)(x(), axis=np.int64(0)), name)
    cases.update(
        {
            "logical_not": lambda: tf.logical_not(mask()),
            "logical_and": lambda: tf.logical_and(mask(), mask()),
            "logical_or": lambda: tf.logical_or(mask(), mask()),
            "reduce_any": lambda: tf.reduce_any(mask(), axis=[1]),
            "reduce_all": lambda: tf.reduce_all(mask(), axis=(0,)),
            "argmax": lambda: tf.argmax(x(), axis=np.int32(1), output_type=np.int32),
            "argmin": lambda: tf.argmin(x(), axis=0, output_type="int32"),
            "cast": lambda: tf.cast(x(), np.float64),
            "complex": lambda: tf.math.abs(tf.complex(x(), x()) * x()),
            "clip_by_value": lambda: tf.clip_by_value(x(), np.float32(0.2), 0.8),
            "where": lambda: tf.where(mask(), x(), 0.0),
            "broadcast_to": lambda: tf.broadcast_to(x()[:1], np.array([N, N])),
            "expand_dims": lambda: tf.expand_dims(x(), np.int64(0)),
            "reshape": lambda: tf.reshape(x(), np.array([-1])),
            "squeeze": lambda: tf.squeeze(tf.expand_dims(x(), 0), axis=[0]),
            "tile": lambda: tf.tile(x()[::-1], np.array([2, 1])),
            "pad": lambda: tf.pad(x()[::-1], np.array([[1, 2], [3, 4]]), constant_values=7),
            "concat": lambda: tf.concat([x(), x()], axis=np.int64(0)),
            "stack": lambda: tf.stack([x(), x()], axis=np.int64(1)),
            "split": lambda: tf.split(x(), np.int64(2), axis=np.int64(1)),
            "unstack": lambda: tf.unstack(x()[:, :3], axis=np.int64(1)),
            "gather": lambda: tf.gather(x(), np.array([0, 5]), axis=np.int64(1)),
            "gather_nd": lambda: tf.gather_nd(x(), np.array([[0, 1], [2, 3]])),
            "boolean_mask": lambda: tf.boolean_mask(x(), mask()[0], axis=np.int64(1)),
            "scatter_nd": lambda: tf.scatter_nd(np.array([[1]]), tf.expand_dims(x(), 0), [2, N, N]),
            "one_hot": lambda: tf.one_hot(rows, np.int64(N), axis=np.int64(0), dtype=np.float64),
            "tensordot": lambda: tf.tensordot(x(), x(), axes=np.int64(1)),
            "meshgrid": lambda: tf.meshgrid(tf.range(N), tf.range(N), indexing="ij"),
            "constant": lambda: tf.constant(np.zeros((N, N)), dtype=np.float32),
            "convert_to_tensor": lambda: tf.convert_to_tensor(np.zeros((N, N)), dtype=np.float32),
            "from_dlpack": lambda: tf.from_dlpack(np.zeros((N, N))),
            "fill": lambda: tf.fill(np.array([N, N]), np.float32(2.0)),
            "zeros": lambda: tf.zeros(np.array([N, N]), dtype=np.int64),
            "ones": lambda: tf.ones((N, N), dtype=np.float64),
            "eye": lambda: tf.eye(N, dtype=np.int32),
            "linspace": lambda: tf.linspace(0.0, 1.0, np.int64(N * N)),
            "range": lambda: tf.range(N * N, dtype=np.float64),
            "normal": lambda: tf.random.normal((N, N), dtype=np.float64, seed=np.int64(3)),
            "uniform": lambda: tf.random.uniform((N, N), -5, 5, dtype=np.int32, seed=4),
            "truncated_normal": lambda: tf.random.truncated_normal((N, N), seed=5),
            "dense": lambda: nn.dense(x(), _ones(N, 4), _ones(4), activation="relu"),
            "bias_add": lambda: nn.bias_add(x(), _ones(N)),
            "sigmoid_cross_entropy_with_logits": lambda: nn.sigmoid_cross_entropy_with_logits(
                labels=x(), logits=x()
            ),
            "softmax_cross_entropy_with_logits": lambda: nn.softmax_cross_entropy_with_logits(
                x(), x(), axis=np.int64(0)
            ),
            "sparse_softmax_cross_entropy_with_logits": lambda: (
                nn.sparse_softmax_cross_entropy_with_logits(rows, x())
            ),
            "conv1d": lambda: nn.conv1d(tf.reshape(x(), (1, N * N, 1)), _ones(3, 1, 1), 1, "SAME"),
            "conv2d": lambda: nn.conv2d(image(), _ones(3, 3, 1, 1), 1, "SAME"),
            "conv3d": lambda: nn.conv3d(
                tf.reshape(x(), (1, 60, 60, 100, 1)), _ones(1, 1, 1, 1, 1), 1, "VALID"
            ),
            "convolution": lambda: nn.convolution(image(), _ones(3, 3, 1, 1), padding="SAME"),
            "depthwise_conv2d": lambda: nn.depthwise_conv2d(
                image(), _ones(3, 3, 1, 1), [1, 1, 1, 1], "SAME"
            ),
            "separable_conv2d": lambda: nn.separable_conv2d(
                image(), _ones(3, 3, 1, 1), _ones(1, 1, 1, 1), [1, 1, 1, 1], "SAME"
            ),
            "conv1d_transpose": lambda: nn.conv1d_transpose(
                tf.reshape(x(), (1, N * N, 1)), _ones(3, 1, 1), [1, N * N, 1], 1
            ),
            "conv2d_transpose": lambda: nn.conv2d_transpose(
                image(), _ones(3, 3, 1, 1), [1, N, N, 1], 1
            ),
            "conv3d_transpose": lambda: nn.conv3d_transpose(
                tf.reshape(x(), (1, 60, 60, 100, 1)), _ones(1, 1, 1, 1, 1), [1, 60, 60, 100, 1], 1
            ),
            "conv_transpose": lambda: nn.conv_transpose(
                image(), _ones(3, 3, 1, 1), [1, N, N, 1], 1
            ),
            "avg_pool": lambda: nn.avg_pool(image(), 2, 1, "VALID"),
            "avg_pool1d": lambda: nn.avg_pool1d(tf.reshape(x(), (1, N * N, 1)), 2, 1, "VALID"),
            "avg_pool2d": lambda: nn.avg_pool2d(image(), 2, 1, "SAME"),
            "avg_pool3d": lambda: nn.avg_pool3d(
                tf.reshape(x(), (1, 60, 60, 100, 1)), 2, 1, "VALID"
            ),
            "max_pool": lambda: nn.max_pool(image(), 2, 1, "VALID"),
            "max_pool1d": lambda: nn.max_pool1d(tf.reshape(x(), (1, N * N, 1)), 2, 1, "VALID"),
            "max_pool2d": lambda: nn.max_pool2d(image(), 2, 1, "SAME"),
            "max_pool3d": lambda: nn.max_pool3d(
                tf.reshape(x(), (1, 60, 60, 100, 1)), 2, 1, "VALID"
            ),
            "max_pool_with_argmax": lambda: nn.max_pool_with_argmax(image(), 2, 1, "VALID"),
            "atrous_conv2d": lambda: nn.atrous_conv2d(image(), _ones(3, 3, 1, 1), 2, "SAME"),
            "atrous_conv2d_transpose": lambda: nn.atrous_conv2d_transpose(
                image(), _ones(3, 3, 1, 1), [1, N, N, 1], 2, "SAME"
            ),
            "depthwise_conv2d_backprop_input": lambda: nn.depthwise_conv2d_backprop_input(
                [1, N, N, 1], _ones(3, 3, 1, 1), image(), [1, 1, 1, 1], "SAME"
            ),
            "depthwise_conv2d_backprop_filter": lambda: nn.depthwise_conv2d_backprop_filter(
                image(), [3, 3, 1, 1], image(), [1, 1, 1, 1], "SAME"
            ),
        }
    )
    cases.update(_tensor_cases())
    cases.update(catalog_cases(tf, x, mask, image, N))  # the tf.math/linalg/nn/random catalog
    cases.update(top_level_cases(tf, x, mask, N))
    cases.update(eager_partition_cast_cases(tf, x, N))
    return cases


def _tensor_cases():
    """Operators, indexing, Variables and the tape: the other bindings that release the GIL."""
    tf = _tf()

    def gradient():
        v = tf.Variable(x())
        with tf.GradientTape() as tape:
            y = tf.reduce_sum(tf.tanh(v * v) @ v)
        return tape.gradient(y, v)

    def assign():
        v = tf.Variable(x())
        v.assign(x()[::-1])
        v.assign_add(x())
        v.assign_sub(x()[:1])
        return v

    return {
        "Tensor.__add__": lambda: x() + np.float32(1.0),
        "Tensor.__rsub__": lambda: 1.0 - x(),
        "Tensor.__eq__": lambda: x() == x(),
        "Tensor.__lt__": lambda: x() < 0.5,
        "Tensor.__and__": lambda: mask() & mask(),
        "Tensor.__matmul__": lambda: x() @ x(),
        "Tensor.__getitem__": lambda: x()[np.array([1, 2]), ::-2],
        "Tensor.__getitem__(mask)": lambda: x()[mask()],
        "Tensor.numpy": lambda: x()[::-1].numpy(),
        "Variable.assign": assign,
        "GradientTape.gradient": gradient,
    }


def _op(name):
    tf = _tf()
    for module in (tf, tf.math, tf.nn):
        if hasattr(module, name):
            return getattr(module, name)
    raise AttributeError(name)


def public_ops():
    """The bare names of every public function in NAMESPACES, except NOT_TENSOR_OPS."""
    import importlib

    names = set()
    for namespace in NAMESPACES:
        module = importlib.import_module(namespace)
        for name in module.__all__:
            obj = getattr(module, name)
            if inspect.ismodule(obj) or inspect.isclass(obj) or not callable(obj):
                continue
            if name not in NOT_TENSOR_OPS:
                names.add(name)
    return names


def run_child(names):
    """Runs `names` in a child process: {name: "ok" | "raised <error>"} for the cases that
    finished, plus the name of the case the child died in (or None) and the signal."""
    env = dict(os.environ, PYTHONFAULTHANDLER="1")
    proc = subprocess.run(
        [sys.executable, __file__, *names],
        check=False,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    results, running = {}, None
    for line in proc.stdout.splitlines():
        status, _, rest = line.partition(" ")
        if status == "START":
            running = rest
        elif status == "DONE":
            name, _, outcome = rest.partition("\t")
            results[name] = outcome
            running = None
    died = running if proc.returncode != 0 else None
    if proc.returncode != 0 and died is None:
        raise RuntimeError(
            f"child failed outside any case (rc {proc.returncode}):\n{proc.stderr[-3000:]}"
        )
    return results, died, proc.returncode, proc.stderr


@pytest.fixture(scope="module")
def outcomes():
    """Every case's outcome; a child that crashes is restarted after the crashing case."""
    pending = sorted(_cases())
    results = {}
    while pending:
        done, died, rc, stderr = run_child(pending)
        results.update(done)
        if died is None:
            break
        sig = -rc if rc < 0 else rc - 128
        try:
            sig_name = signal.Signals(sig).name
        except ValueError:
            sig_name = f"exit status {rc}"
        results[died] = f"crashed the interpreter ({sig_name}):\n{stderr[-2000:]}"
        pending = [n for n in pending if n not in results]
    return results


def test_every_public_op_has_a_large_input_case():
    missing = public_ops() - set(_cases())
    assert not missing, f"add a case to tests/test_large_inputs.py for: {sorted(missing)}"


@pytest.mark.parametrize("name", sorted(_cases()))
def test_op_on_large_input(name, outcomes):
    assert outcomes[name] == "ok", f"{name}: {outcomes[name]}"


def main(names):
    cases = _cases()
    for name in names:
        print("START", name, flush=True)
        try:
            cases[name]()
            outcome = "ok"
        except Exception as e:  # noqa: BLE001 (a clean error is still a failure of a valid call)
            outcome = f"raised {type(e).__name__}: {' '.join(str(e).split())[:300]}"
        print(f"DONE {name}\t{outcome}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
