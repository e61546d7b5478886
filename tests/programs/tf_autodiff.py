"""TensorFlow guide "Introduction to gradients and automatic differentiation": gradients of
scalars, of variables in lists and dicts, of a Keras layer; what the tape watches;
intermediate results; persistent tapes; non-scalar targets; control flow; the cases that
give None (unconnected, a variable replaced by a tensor, NumPy in between, integers,
stateful ops) and zeros instead of None."""

import numpy as np

import nnext as tf

x = tf.Variable(3.0)
with tf.GradientTape() as tape:
    y = x**2
dy_dx = tape.gradient(y, x)
print(dy_dx.numpy())
assert dy_dx.numpy() == 6.0

w = tf.Variable(tf.random.normal((3, 2)), name="w")
b = tf.Variable(tf.zeros(2, dtype=tf.float32), name="b")
x = [[1.0, 2.0, 3.0]]
with tf.GradientTape(persistent=True) as tape:
    y = x @ w + b
    loss = tf.reduce_mean(y**2)
[dl_dw, dl_db] = tape.gradient(loss, [w, b])
print(w.shape)
print(dl_dw.shape)
assert dl_dw.shape == w.shape
expected = np.asarray(x).T @ (np.asarray(x) @ w.numpy() + b.numpy()) * (2 / 2)
np.testing.assert_allclose(dl_dw.numpy(), expected, rtol=1e-5)

my_vars = {"w": w, "b": b}
grad = tape.gradient(loss, my_vars)
print(grad["b"])
np.testing.assert_allclose(grad["b"].numpy(), dl_db.numpy())

layer = tf.keras.layers.Dense(2, activation="relu")
x = tf.constant([[1.0, 2.0, 3.0]])
with tf.GradientTape() as tape:
    y = layer(x)
    loss = tf.reduce_mean(y**2)
grad = tape.gradient(loss, layer.trainable_variables)
for var, g in zip(layer.trainable_variables, grad):
    print(f"{var.name}, shape: {g.shape}")
assert [tuple(g.shape) for g in grad] == [(3, 2), (2,)]

# Only trainable variables are watched: not constants, nor a variable plus a number.
x0 = tf.Variable(3.0, name="x0")
x1 = tf.Variable(3.0, name="x1", trainable=False)
x2 = tf.Variable(2.0, name="x2") + 1.0
x3 = tf.constant(3.0, name="x3")
with tf.GradientTape() as tape:
    y = (x0**2) + (x1**2) + (x2**2)
grad = tape.gradient(y, [x0, x1, x2, x3])
for g in grad:
    print(g)
assert grad[0].numpy() == 6.0 and grad[1:] == [None, None, None]
print([var.name for var in tape.watched_variables()])
assert [var.name for var in tape.watched_variables()] == ["x0:0"]

x = tf.constant(3.0)
with tf.GradientTape() as tape:
    tape.watch(x)
    y = x**2
dy_dx = tape.gradient(y, x)
print(dy_dx.numpy())
assert dy_dx.numpy() == 6.0

x0 = tf.Variable(0.0)
x1 = tf.Variable(10.0)
with tf.GradientTape(watch_accessed_variables=False) as tape:
    tape.watch(x1)
    y0 = tf.math.sin(x0)
    y1 = tf.nn.softplus(x1)
    y = y0 + y1
    ys = tf.reduce_sum(y)
grad = tape.gradient(ys, {"x0": x0, "x1": x1})
print("dy/dx0:", grad["x0"])
print("dy/dx1:", grad["x1"].numpy())
assert grad["x0"] is None
np.testing.assert_allclose(grad["x1"].numpy(), 1 / (1 + np.exp(-10.0)), rtol=1e-6)

x = tf.constant(3.0)
with tf.GradientTape() as tape:
    tape.watch(x)
    y = x * x
    z = y * y
print(tape.gradient(z, y).numpy())

x = tf.constant([1, 3.0])
with tf.GradientTape(persistent=True) as tape:
    tape.watch(x)
    y = x * x
    z = y * y
print(tape.gradient(z, x).numpy())
print(tape.gradient(y, x).numpy())
assert tape.gradient(z, x).numpy().tolist() == [4.0, 108.0]
assert tape.gradient(y, x).numpy().tolist() == [2.0, 6.0]
del tape

# Non-scalar targets: the gradient of their sum.
x = tf.Variable(2.0)
with tf.GradientTape(persistent=True) as tape:
    y0 = x**2
    y1 = 1 / x
print(tape.gradient(y0, x).numpy())
print(tape.gradient(y1, x).numpy())
x = tf.Variable(2.0)
with tf.GradientTape() as tape:
    y0 = x**2
    y1 = 1 / x
print(tape.gradient({"y0": y0, "y1": y1}, x).numpy())
x = tf.Variable(2.0)
with tf.GradientTape() as tape:
    y = x * [3.0, 4.0]
print(tape.gradient(y, x).numpy())

x = tf.linspace(-10.0, 10.0, 200 + 1)
with tf.GradientTape() as tape:
    tape.watch(x)
    y = tf.nn.sigmoid(x)
dy_dx = tape.gradient(y, x)
s = 1 / (1 + np.exp(-x.numpy()))
np.testing.assert_allclose(dy_dx.numpy(), s * (1 - s), rtol=1e-4, atol=1e-7)

# Control flow: only the branch taken is recorded.
x = tf.constant(1.0)
v0 = tf.Variable(2.0)
v1 = tf.Variable(2.0)
with tf.GradientTape(persistent=True) as tape:
    tape.watch(x)
    if x > 0.0:
        result = v0
    else:
        result = v1**2
dv0, dv1 = tape.gradient(result, [v0, v1])
print(dv0)
print(dv1)
dx = tape.gradient(result, x)
print(dx)
assert dv0.numpy() == 1.0 and dv1 is None and dx is None

# When gradient returns None.
x = tf.Variable(2.0)
y = tf.Variable(3.0)
with tf.GradientTape() as tape:
    z = y * y
dy_dx = tape.gradient(z, x)
print(dy_dx)
assert dy_dx is None

x = tf.Variable(2.0)
seen = []
for epoch in range(2):
    with tf.GradientTape() as tape:
        y = x + 1
    seen.append(tape.gradient(y, x))
    print(type(x).__name__, ":", seen[-1])
    x = x + 1
assert seen[0].numpy() == 1.0 and seen[1] is None

x = tf.Variable([[1.0, 2.0], [3.0, 4.0]], dtype=tf.float32)
with tf.GradientTape() as tape:
    x2 = x**2
    y = np.mean(x2, axis=0)
    y = tf.reduce_mean(y, axis=0)
grad = tape.gradient(y, x)
print(grad)
assert grad is None

x = tf.constant(10)
with tf.GradientTape() as g:
    g.watch(x)
    y = x * x
grad = g.gradient(y, x)
print(grad)
assert grad is None

x0 = tf.Variable(3.0)
x1 = tf.Variable(0.0)
with tf.GradientTape() as tape:
    x1.assign_add(x0)
    y = x1**2
grad = tape.gradient(y, x0)
print(grad)
assert grad is None

x = tf.Variable([2.0, 2.0])
y = tf.Variable(3.0)
with tf.GradientTape() as tape:
    z = y**2
zeros = tape.gradient(z, x, unconnected_gradients=tf.UnconnectedGradients.ZERO)
print(zeros)
assert zeros.numpy().tolist() == [0.0, 0.0]
