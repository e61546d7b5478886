"""TensorFlow guide "Advanced automatic differentiation": stop_recording, reset,
stop_gradient, custom gradients, several tapes, higher-order gradients, input gradient
regularization, Jacobians, a Hessian and a Newton step, batch Jacobians.

Changed from the guide: the imports; plots go to a non-interactive matplotlib backend; the
SavedModel cell of the custom-gradient section is left out (nnext lists tf.saved_model in
API_EXCLUSIONS.md); printed values become assertions.
"""

import matplotlib as mpl

mpl.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

import nnext as tf

mpl.rcParams["figure.figsize"] = (8, 6)
tf.random.set_seed(0)

# -- Controlling gradient recording --------------------------------------------------------

x = tf.Variable(2.0)
y = tf.Variable(3.0)

with tf.GradientTape() as t:
    x_sq = x * x
    with t.stop_recording():
        y_sq = y * y
    z = x_sq + y_sq

grad = t.gradient(z, {"x": x, "y": y})

print("dz/dx:", grad["x"])  # 2*x => 4
print("dz/dy:", grad["y"])
assert float(grad["x"]) == 4.0 and grad["y"] is None

x = tf.Variable(2.0)
y = tf.Variable(3.0)
reset = True

with tf.GradientTape() as t:
    y_sq = y * y
    if reset:
        # Throw out all the tape recorded so far.
        t.reset()
    z = x * x + y_sq

grad = t.gradient(z, {"x": x, "y": y})

print("dz/dx:", grad["x"])  # 2*x => 4
print("dz/dy:", grad["y"])
assert float(grad["x"]) == 4.0 and grad["y"] is None

# -- Stop gradient -------------------------------------------------------------------------

x = tf.Variable(2.0)
y = tf.Variable(3.0)

with tf.GradientTape() as t:
    y_sq = y**2
    z = x**2 + tf.stop_gradient(y_sq)

grad = t.gradient(z, {"x": x, "y": y})

print("dz/dx:", grad["x"])  # 2*x => 4
print("dz/dy:", grad["y"])
assert float(grad["x"]) == 4.0 and grad["y"] is None


# -- Custom gradients ----------------------------------------------------------------------


# Establish an identity operation, but clip during the gradient pass.
@tf.custom_gradient
def clip_gradients(y):
    def backward(dy):
        return tf.clip_by_norm(dy, 0.5)

    return y, backward


v = tf.Variable(2.0)
with tf.GradientTape() as t:
    output = clip_gradients(v * v)
print(t.gradient(output, v))  # calls "backward", which clips 4 to 2
with tf.GradientTape() as t:
    output = clip_gradients(v * v)
assert float(t.gradient(output, v)) == 2.0

# -- Multiple tapes ------------------------------------------------------------------------

x0 = tf.constant(0.0)
x1 = tf.constant(0.0)

with tf.GradientTape() as tape0, tf.GradientTape() as tape1:
    tape0.watch(x0)
    tape1.watch(x1)

    y0 = tf.math.sin(x0)
    y1 = tf.nn.sigmoid(x1)

    y = y0 + y1

    ys = tf.reduce_sum(y)

assert tape0.gradient(ys, x0).numpy() == 1.0  # cos(x) => 1.0
assert tape1.gradient(ys, x1).numpy() == 0.25  # sigmoid(x1)*(1-sigmoid(x1)) => 0.25

# -- Higher-order gradients ----------------------------------------------------------------

x = tf.Variable(1.0)  # Create a Tensorflow variable initialized to 1.0

with tf.GradientTape() as t2:
    with tf.GradientTape() as t1:
        y = x * x * x

    # Compute the gradient inside the outer `t2` context manager
    # which means the gradient computation is differentiable as well.
    dy_dx = t1.gradient(y, x)
d2y_dx2 = t2.gradient(dy_dx, x)

print("dy_dx:", dy_dx.numpy())  # 3 * x**2 => 3.0
print("d2y_dx2:", d2y_dx2.numpy())  # 6 * x => 6.0
assert dy_dx.numpy() == 3.0 and d2y_dx2.numpy() == 6.0

x = tf.random.normal([7, 5])

layer = tf.keras.layers.Dense(10, activation=tf.nn.relu)

with tf.GradientTape() as t2:
    # The inner tape only takes the gradient with respect to the input,
    # not the variables.
    with tf.GradientTape(watch_accessed_variables=False) as t1:
        t1.watch(x)
        y = layer(x)
        out = tf.reduce_sum(layer(x) ** 2)
    # 1. Calculate the input gradient.
    g1 = t1.gradient(out, x)
    # 2. Calculate the magnitude of the input gradient.
    g1_mag = tf.norm(g1)

# 3. Calculate the gradient of the magnitude with respect to the model.
dg1_mag = t2.gradient(g1_mag, layer.trainable_variables)

print([var.shape for var in dg1_mag])
assert [tuple(var.shape) for var in dg1_mag] == [(5, 10), (10,)]

# -- Jacobians -----------------------------------------------------------------------------

x = tf.linspace(-10.0, 10.0, 200 + 1)
delta = tf.Variable(0.0)

with tf.GradientTape() as tape:
    y = tf.nn.sigmoid(x + delta)

dy_dx = tape.jacobian(y, delta)

print(y.shape)
print(dy_dx.shape)
assert y.shape == (201,) and dy_dx.shape == (201,)
np.testing.assert_allclose(dy_dx.numpy(), (y * (1 - y)).numpy(), rtol=1e-5)

plt.plot(x.numpy(), y, label="y")
plt.plot(x.numpy(), dy_dx, label="dy/dx")
plt.legend()
_ = plt.xlabel("x")

x = tf.random.normal([7, 5])
layer = tf.keras.layers.Dense(10, activation=tf.nn.relu)

with tf.GradientTape(persistent=True) as tape:
    y = layer(x)

print(y.shape)
print(layer.kernel.shape)

j = tape.jacobian(y, layer.kernel)
print(j.shape)
assert j.shape == (7, 10, 5, 10)

g = tape.gradient(y, layer.kernel)
print("g.shape:", g.shape)

j_sum = tf.reduce_sum(j, axis=[0, 1])
delta = tf.reduce_max(abs(g - j_sum)).numpy()
assert delta < 1e-3
print("delta:", delta)

# -- Example: Hessian ----------------------------------------------------------------------

x = tf.random.normal([7, 5])
layer1 = tf.keras.layers.Dense(8, activation=tf.nn.relu)
layer2 = tf.keras.layers.Dense(6, activation=tf.nn.relu)

with tf.GradientTape() as t2:
    with tf.GradientTape() as t1:
        x = layer1(x)
        x = layer2(x)
        loss = tf.reduce_mean(x**2)

    g = t1.gradient(loss, layer1.kernel)

h = t2.jacobian(g, layer1.kernel)

print(f"layer.kernel.shape: {layer1.kernel.shape}")
print(f"h.shape: {h.shape}")
assert h.shape == (5, 8, 5, 8)

n_params = tf.reduce_prod(layer1.kernel.shape)

g_vec = tf.reshape(g, [n_params, 1])
h_mat = tf.reshape(h, [n_params, n_params])
np.testing.assert_allclose(h_mat.numpy(), h_mat.numpy().T, atol=1e-5)  # a Hessian is symmetric


def imshow_zero_center(image, **kwargs):
    lim = tf.reduce_max(abs(image))
    plt.imshow(image, vmin=-lim, vmax=lim, cmap="seismic", **kwargs)
    plt.colorbar()


imshow_zero_center(h_mat)

eps = 1e-3
eye_eps = tf.eye(h_mat.shape[0]) * eps

# X(k+1) = X(k) - (∇²f(X(k)))^-1 @ ∇f(X(k))
# h_mat = ∇²f(X(k))
# g_vec = ∇f(X(k))
update = tf.linalg.solve(h_mat + eye_eps, g_vec)

# Reshape the update and apply it to the variable.
_ = layer1.kernel.assign_sub(tf.reshape(update, layer1.kernel.shape))

# -- Batch Jacobian ------------------------------------------------------------------------

x = tf.random.normal([7, 5])

layer1 = tf.keras.layers.Dense(8, activation=tf.nn.elu)
layer2 = tf.keras.layers.Dense(6, activation=tf.nn.elu)

with tf.GradientTape(persistent=True, watch_accessed_variables=False) as tape:
    tape.watch(x)
    y = layer1(x)
    y = layer2(y)

print(y.shape)

j = tape.jacobian(y, x)
print(j.shape)
assert j.shape == (7, 6, 7, 5)

imshow_zero_center(j[:, 0, :, 0])
_ = plt.title("A (batch, batch) slice")


def plot_as_patches(j):
    # Reorder axes so the diagonals will each form a contiguous patch.
    j = tf.transpose(j, [1, 0, 3, 2])
    # Pad in between each patch.
    lim = tf.reduce_max(abs(j))
    j = tf.pad(j, [[0, 0], [1, 1], [0, 0], [1, 1]], constant_values=-lim)
    # Reshape to form a single image.
    s = j.shape
    j = tf.reshape(j, [s[0] * s[1], s[2] * s[3]])
    imshow_zero_center(j, extent=[-0.5, s[2] - 0.5, s[0] - 0.5, -0.5])


plot_as_patches(j)
_ = plt.title("All (batch, batch) slices are diagonal")

j_sum = tf.reduce_sum(j, axis=2)
print(j_sum.shape)
j_select = tf.einsum("bxby->bxy", j)
print(j_select.shape)
np.testing.assert_allclose(j_select.numpy(), j_sum.numpy(), atol=1e-6)

jb = tape.batch_jacobian(y, x)
print(jb.shape)
assert jb.shape == (7, 6, 5)

error = tf.reduce_max(abs(jb - j_sum))
assert error < 1e-3
print(error.numpy())

x = tf.random.normal([7, 5])

layer1 = tf.keras.layers.Dense(8, activation=tf.nn.elu)
bn = tf.keras.layers.BatchNormalization()
layer2 = tf.keras.layers.Dense(6, activation=tf.nn.elu)

with tf.GradientTape(persistent=True, watch_accessed_variables=False) as tape:
    tape.watch(x)
    y = layer1(x)
    y = bn(y, training=True)
    y = layer2(y)

j = tape.jacobian(y, x)
print(f"j.shape: {j.shape}")

plot_as_patches(j)

_ = plt.title("These slices are not diagonal")
_ = plt.xlabel("Don't use `batch_jacobian`")

jb = tape.batch_jacobian(y, x)
print(f"jb.shape: {jb.shape}")
# Batch normalization mixes the rows: off-diagonal blocks are not zero here.
off_diagonal = tf.reduce_max(abs(j[0, :, 1, :])).numpy()
assert off_diagonal > 1e-4, off_diagonal
