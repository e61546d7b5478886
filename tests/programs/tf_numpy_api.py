"""TensorFlow guide "NumPy API on TensorFlow" (tensorflow.org/guide/tf_numpy): enabling
NumPy behavior, ND arrays and their NumPy methods, type promotion and literal inference
(prefer_float32 on and off), broadcasting, NumPy indexing, the example model, NumPy
interoperability and operator precedence, tf.Tensor and ND array, gradients and batch
Jacobians with GradientTape, tf.function and tf.vectorized_map over the model's
gradients, and device placement with tnp.copy.

Left out: the timings of the tf.function and vectorization cells and the closing
"Performance comparisons" benchmark (timing only; the compiled and vectorized results are
still computed and checked), and the GPU branch of device placement (nnext runs on the
CPU, so the guide's own fallback to "/device:CPU:0" is taken). The histogram is drawn
with matplotlib's Agg backend (no display).
"""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np

import nnext as tf
import nnext.experimental.numpy as tnp

print("Using TensorFlow version %s" % tf.__version__)

# Enabling NumPy behavior
tnp.experimental_enable_numpy_behavior()

# TensorFlow NumPy ND array
# Create an ND array and check out different attributes.
ones = tnp.ones([5, 3], dtype=tnp.float32)
print(
    "Created ND array with shape = %s, rank = %s, "
    "dtype = %s on device = %s\n" % (ones.shape, ones.ndim, ones.dtype, ones.device)
)

# `ndarray` is just an alias to `tf.Tensor`.
print("Is `ones` an instance of tf.Tensor: %s\n" % isinstance(ones, tf.Tensor))

# Try commonly used member functions.
print("ndarray.T has shape %s" % str(ones.T.shape))
print("narray.reshape(-1) has shape %s" % ones.reshape(-1).shape)
assert isinstance(ones, tf.Tensor) and ones.ndim == 2 and ones.dtype == tnp.float32
assert ones.T.shape == (3, 5) and ones.reshape(-1).shape == (15,)

# Type promotion
print("Type promotion for operations")
values = [tnp.asarray(1, dtype=d) for d in (tnp.int32, tnp.int64, tnp.float32, tnp.float64)]
promoted = {}
for i, v1 in enumerate(values):
    for v2 in values[i + 1 :]:
        print("%s + %s => %s" % (v1.dtype.name, v2.dtype.name, (v1 + v2).dtype.name))
        promoted[v1.dtype.name, v2.dtype.name] = (v1 + v2).dtype.name
assert promoted == {
    ("int32", "int64"): "int64",
    ("int32", "float32"): "float64",
    ("int32", "float64"): "float64",
    ("int64", "float32"): "float64",
    ("int64", "float64"): "float64",
    ("float32", "float64"): "float64",
}

print("tnp.asarray(1).dtype == tnp.%s" % tnp.asarray(1).dtype.name)
print("tnp.asarray(1.).dtype == tnp.%s\n" % tnp.asarray(1.0).dtype.name)
assert tnp.asarray(1).dtype == tnp.int64 and tnp.asarray(1.0).dtype == tnp.float64

tnp.experimental_enable_numpy_behavior(prefer_float32=True)
print("When prefer_float32 is True:")
print("tnp.asarray(1.).dtype == tnp.%s" % tnp.asarray(1.0).dtype.name)
print("tnp.add(1., 2.).dtype == tnp.%s" % tnp.add(1.0, 2.0).dtype.name)
assert tnp.asarray(1.0).dtype == tnp.float32 and tnp.add(1.0, 2.0).dtype == tnp.float32

tnp.experimental_enable_numpy_behavior(prefer_float32=False)
print("When prefer_float32 is False:")
print("tnp.asarray(1.).dtype == tnp.%s" % tnp.asarray(1.0).dtype.name)
print("tnp.add(1., 2.).dtype == tnp.%s" % tnp.add(1.0, 2.0).dtype.name)
assert tnp.asarray(1.0).dtype == tnp.float64 and tnp.add(1.0, 2.0).dtype == tnp.float64

# Broadcasting
x = tnp.ones([2, 3])
y = tnp.ones([3])
z = tnp.ones([1, 2, 1])
print(
    "Broadcasting shapes %s, %s and %s gives shape %s"
    % (x.shape, y.shape, z.shape, (x + y + z).shape)
)
assert (x + y + z).shape == (1, 2, 3)

# Indexing
x = tnp.arange(24).reshape(2, 3, 4)

print("Basic indexing")
print(x[1, tnp.newaxis, 1:3, ...], "\n")
assert x[1, tnp.newaxis, 1:3, ...].numpy().tolist() == [[[16, 17, 18, 19], [20, 21, 22, 23]]]

print("Boolean indexing")
print(x[:, (True, False, True)], "\n")
assert x[:, (True, False, True)].shape == (2, 2, 4)

print("Advanced indexing")
print(x[1, (0, 0, 1), tnp.asarray([0, 1, 1])])
assert x[1, (0, 0, 1), tnp.asarray([0, 1, 1])].numpy().tolist() == [12, 13, 17]

# Mutation is currently not supported
try:
    tnp.arange(6)[1] = -1
except TypeError:
    print("Currently, TensorFlow NumPy does not support mutation.")
else:
    raise AssertionError("item assignment must fail")


# Example Model
class Model:
    """Model with a dense and a linear layer."""

    def __init__(self):
        self.weights = None

    def predict(self, inputs):
        if self.weights is None:
            size = inputs.shape[1]
            # Note that type `tnp.float32` is used for performance.
            stddev = tnp.sqrt(size).astype(tnp.float32)
            w1 = tnp.random.randn(size, 64).astype(tnp.float32) / stddev
            bias = tnp.random.randn(64).astype(tnp.float32)
            w2 = tnp.random.randn(64, 2).astype(tnp.float32) / 8
            self.weights = (w1, bias, w2)
        else:
            w1, bias, w2 = self.weights
        y = tnp.matmul(inputs, w1) + bias
        y = tnp.maximum(y, 0)  # Relu
        return tnp.matmul(y, w2)  # Linear projection


model = Model()
# Create input data and compute predictions.
prediction = model.predict(tnp.ones([2, 32], dtype=tnp.float32))
print(prediction)
assert prediction.shape == (2, 2) and prediction.dtype == tnp.float32

# NumPy interoperability
# ND array passed into NumPy function.
np_sum = np.sum(tnp.ones([2, 3]))
print("sum = %s. Class: %s" % (float(np_sum), np_sum.__class__))
assert float(np_sum) == 6.0 and isinstance(np_sum, np.floating)

# `np.ndarray` passed into TensorFlow NumPy function.
tnp_sum = tnp.sum(np.ones([2, 3]))
print("sum = %s. Class: %s" % (float(tnp_sum), tnp_sum.__class__))
assert float(tnp_sum) == 6.0 and isinstance(tnp_sum, tnp.ndarray)

# It is easy to plot ND arrays, given the __array__ interface.
labels = 15 + 2 * tnp.random.randn(1000)
_ = plt.hist(labels)
assert sum(_[0]) == 1000

# Operator precedence
x = tnp.ones([2]) + np.ones([2])
print("x = %s\nclass = %s" % (x, x.__class__))
assert isinstance(x, tf.Tensor) and x.numpy().tolist() == [2.0, 2.0]

# tf.Tensor and ND array
x = tf.constant([1, 2])
print(x)

# `asarray` and `convert_to_tensor` here are no-ops.
tnp_x = tnp.asarray(x)
print(tnp_x)
print(tf.convert_to_tensor(tnp_x))

# Note that tf.Tensor.numpy() will continue to return `np.ndarray`.
print(x.numpy(), x.numpy().__class__)
assert tnp_x is x and isinstance(x.numpy(), np.ndarray)

# TensorFlow interoperability
# ND array passed into TensorFlow function.
tf_sum = tf.reduce_sum(tnp.ones([2, 3], tnp.float32))
print("Output = %s" % tf_sum)

# `tf.Tensor` passed into TensorFlow NumPy function.
tnp_sum = tnp.sum(tf.ones([2, 3]))
print("Output = %s" % tnp_sum)
assert float(tf_sum) == 6.0 and float(tnp_sum) == 6.0

# Operator precedence
x = tnp.ones([2, 2]) + tf.ones([2, 1])
print("x = %s\nClass = %s" % (x, x.__class__))
assert x.shape == (2, 2) and isinstance(x, tf.Tensor)


# Gradients and Jacobians: tf.GradientTape
def create_batch(batch_size=32):
    """Creates a batch of input and labels."""
    return (
        tnp.random.randn(batch_size, 32).astype(tnp.float32),
        tnp.random.randn(batch_size, 2).astype(tnp.float32),
    )


def compute_gradients(model, inputs, labels):
    """Computes gradients of squared loss between model prediction and labels."""
    with tf.GradientTape() as tape:
        assert model.weights is not None
        # Note that `model.weights` need to be explicitly watched since they
        # are not tf.Variables.
        tape.watch(model.weights)
        # Compute prediction and loss
        prediction = model.predict(inputs)
        loss = tnp.sum(tnp.square(prediction - labels))
    # This call computes the gradient through the computation above.
    return tape.gradient(loss, model.weights)


inputs, labels = create_batch()
gradients = compute_gradients(model, inputs, labels)

# Inspect the shapes of returned gradients to verify they match the
# parameter shapes.
print("Parameter shapes:", [w.shape for w in model.weights])
print("Gradient shapes:", [g.shape for g in gradients])
# Verify that gradients are of type ND array.
assert isinstance(gradients[0], tnp.ndarray)
assert [tuple(g.shape) for g in gradients] == [(32, 64), (64,), (64, 2)]


# Computes a batch of jacobians. Each row is the jacobian of an element in the
# batch of outputs w.r.t. the corresponding input batch element.
def prediction_batch_jacobian(inputs):
    with tf.GradientTape() as tape:
        tape.watch(inputs)
        prediction = model.predict(inputs)
    return prediction, tape.batch_jacobian(prediction, inputs)


inp_batch = tnp.ones([16, 32], tnp.float32)
output, batch_jacobian = prediction_batch_jacobian(inp_batch)
# Note how the batch jacobian shape relates to the input and output shapes.
print("Output shape: %s, input shape: %s" % (output.shape, inp_batch.shape))
print("Batch jacobian shape:", batch_jacobian.shape)
assert batch_jacobian.shape == (16, 2, 32)

# Trace compilation: tf.function (the guide times 10 calls of each; here each runs once)
inputs, labels = create_batch(512)
print("Eager performance")
eager_gradients = compute_gradients(model, inputs, labels)

print("\ntf.function compiled performance")
compiled_compute_gradients = tf.function(compute_gradients)
compiled_gradients = compiled_compute_gradients(model, inputs, labels)  # warmup
for eager, compiled in zip(eager_gradients, compiled_gradients):
    np.testing.assert_allclose(compiled.numpy(), eager.numpy(), rtol=1e-4, atol=1e-4)


# Vectorization: tf.vectorized_map
@tf.function
def vectorized_per_example_gradients(inputs, labels):
    def single_example_gradient(arg):
        inp, label = arg
        return compute_gradients(model, tnp.expand_dims(inp, 0), tnp.expand_dims(label, 0))

    # Note that a call to `tf.vectorized_map` semantically maps
    # `single_example_gradient` over each row of `inputs` and `labels`.
    # The interface is similar to `tf.map_fn`.
    # The underlying machinery vectorizes away this map loop which gives
    # nice speedups.
    return tf.vectorized_map(single_example_gradient, (inputs, labels))


batch_size = 128
inputs, labels = create_batch(batch_size)

per_example_gradients = vectorized_per_example_gradients(inputs, labels)
for w, p in zip(model.weights, per_example_gradients):
    print(
        "Weight shape: %s, batch size: %s, per example gradient shape: %s "
        % (w.shape, batch_size, p.shape)
    )
    assert tuple(p.shape) == (batch_size, *w.shape)
# Summed over the batch, the per-example gradients are the batch's gradient.
for whole, per_example in zip(compute_gradients(model, inputs, labels), per_example_gradients):
    np.testing.assert_allclose(tnp.sum(per_example, 0).numpy(), whole.numpy(), rtol=1e-4, atol=1e-4)

# Device placement
print("All logical devices:", tf.config.list_logical_devices())
print("All physical devices:", tf.config.list_physical_devices())

# Try to get the GPU device. If unavailable, fallback to CPU.
try:
    device = tf.config.list_logical_devices(device_type="GPU")[0]
except IndexError:
    device = "/device:CPU:0"

print("Using device: %s" % str(device))
# Run operations in the `tf.device` scope.
# If a GPU is available, these operations execute on the GPU and outputs are
# placed on the GPU memory.
with tf.device(device):
    prediction = model.predict(create_batch(5)[0])

print("prediction is placed on %s" % prediction.device)
assert prediction.device.endswith("CPU:0")

with tf.device("/device:CPU:0"):
    prediction_cpu = tnp.copy(prediction)
print(prediction.device)
print(prediction_cpu.device)
np.testing.assert_array_equal(prediction_cpu.numpy(), prediction.numpy())
