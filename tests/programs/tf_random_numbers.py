"""TensorFlow guide "Random number generation": tf.random.Generator objects (from_seed,
the global generator, from_non_deterministic_state, reset_from_seed, split into
independent streams), generators with tf.function (created outside, created inside on the
first call, passed as arguments) and the stateless RNGs.

Left out: the section "Interaction with distribution strategies" (MirroredStrategy over
the two virtual CPUs the setup makes; nnext has one device and no multi-replica
strategies). nnext's numbers are deterministic per seed but not TensorFlow's bit
patterns, so the checks compare draws with each other rather than with the guide's
printed values.
"""

import numpy as np

import nnext as tf

# Setup: the guide makes two virtual CPUs for its distribution-strategy section.
physical_devices = tf.config.list_physical_devices("CPU")
tf.config.experimental.set_virtual_device_configuration(
    physical_devices[0],
    [
        tf.config.experimental.VirtualDeviceConfiguration(),
        tf.config.experimental.VirtualDeviceConfiguration(),
    ],
)
assert physical_devices[0].device_type == "CPU"

# -- The tf.random.Generator class ------------------------------------------------------
g1 = tf.random.Generator.from_seed(1)
first = g1.normal(shape=[2, 3])
print(first)
g2 = tf.random.get_global_generator()
print(g2.normal(shape=[2, 3]))
assert first.shape == (2, 3) and first.dtype == tf.float32
assert tf.random.get_global_generator() is g2

g1 = tf.random.Generator.from_seed(1, alg="philox")
philox = g1.normal(shape=[2, 3])
print(philox)
# The same seed starts the same stream.
np.testing.assert_array_equal(philox.numpy(), first.numpy())

g = tf.random.Generator.from_non_deterministic_state()
print(g.normal(shape=[2, 3]))
other = tf.random.Generator.from_non_deterministic_state().normal(shape=[2, 3])
assert not np.array_equal(g.normal(shape=[2, 3]).numpy(), other.numpy())

g = tf.random.Generator.from_seed(1)
a = g.normal([])
print(a)
b = g.normal([])
print(b)
g.reset_from_seed(1)
c = g.normal([])
print(c)
# Every call changes the state; the reset goes back to the seed's first number.
assert a.shape == () and float(a) != float(b)
assert float(c) == float(a)

# -- Creating independent random-number streams ----------------------------------------
g = tf.random.Generator.from_seed(1)
before = g.normal([])
print(before)
new_gs = g.split(3)
split_draws = []
for new_g in new_gs:
    split_draws.append(float(new_g.normal([])))
    print(split_draws[-1])
after = g.normal([])
print(after)
assert len(new_gs) == 3 and len(set(split_draws)) == 3
# split changed g's state as a draw does: g's next number is its third, not its second.
replay = tf.random.Generator.from_seed(1)
stream = [float(replay.normal([])) for _ in range(3)]
assert float(before) == stream[0] and float(after) == stream[2]

with tf.device("cpu"):  # change "cpu" to the device you want
    g = tf.random.get_global_generator().split(1)[0]
    print(g.normal([]))  # use of g won't cause cross-device copy, unlike the global generator
assert isinstance(g, tf.random.Generator)

# -- Interaction with tf.function -------------------------------------------------------
# Creating generators outside tf.function.
g = tf.random.Generator.from_seed(1)


@tf.function
def foo():
    return g.normal([])


x, y = foo(), foo()
print(x)
# The function draws from g's state: each call a new number, the stream of from_seed(1).
assert [float(x), float(y)] == stream[:2]

# Creating generators inside tf.function (only during the first run).
g = None


@tf.function
def foo():
    global g
    if g is None:
        g = tf.random.Generator.from_seed(1)
    return g.normal([])


x = foo()
print(x)
y = foo()
print(y)
assert isinstance(g, tf.random.Generator)
assert [float(x), float(y)] == stream[:2]

# Passing generators as arguments to tf.function.
num_traces = 0


@tf.function
def foo(g):
    global num_traces
    num_traces += 1
    return g.normal([])


foo(tf.random.Generator.from_seed(1))
foo(tf.random.Generator.from_seed(2))
print(num_traces)
# The guide's text says one trace; TensorFlow prints 2 since 2.5 (generators are traced
# by identity: tensorflow/tensorflow#49463), as nnext does.
assert num_traces == 2

# -- Stateless RNGs ---------------------------------------------------------------------
s1 = tf.random.stateless_normal(shape=[2, 3], seed=[1, 2])
print(s1)
s2 = tf.random.stateless_normal(shape=[2, 3], seed=[1, 2])
print(s2)
np.testing.assert_array_equal(s1.numpy(), s2.numpy())
s3 = tf.random.stateless_normal(shape=[2, 3], seed=[1, 3])
assert not np.array_equal(s1.numpy(), s3.numpy())
u = tf.random.stateless_uniform(shape=[1000], seed=[1, 2])
assert 0.0 <= float(tf.reduce_min(u)) and float(tf.reduce_max(u)) < 1.0
# The seed must be an integer tensor of shape [2].
try:
    tf.random.stateless_normal(shape=[2], seed=[1, 2, 3])
except (ValueError, tf.errors.InvalidArgumentError) as e:
    print(f"{type(e).__name__}: {e}")
else:
    raise AssertionError("a seed of shape [3] must be rejected")

# -- Algorithms -------------------------------------------------------------------------
g = tf.random.Generator.from_seed(1, alg=tf.random.Algorithm.PHILOX)
np.testing.assert_array_equal(g.normal(shape=[2, 3]).numpy(), first.numpy())
print("random numbers guide: OK")
