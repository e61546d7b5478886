"""Keras guide "The Sequential model": building by list and by add(), pop(), deferred
building, summaries while stacking Conv2D/MaxPooling2D, feature extraction through the
functional view, and freezing layers for transfer learning."""

import nnext as tf
from nnext import keras
from nnext.keras import layers

# A Sequential model is the same as calling its layers in turn.
model = keras.Sequential(
    [
        layers.Dense(2, activation="relu", name="layer1"),
        layers.Dense(3, activation="relu", name="layer2"),
        layers.Dense(4, name="layer3"),
    ]
)
x = tf.ones((3, 3))
y = model(x)
assert tuple(y.shape) == (3, 4)

layer1 = layers.Dense(2, activation="relu", name="layer1")
layer2 = layers.Dense(3, activation="relu", name="layer2")
layer3 = layers.Dense(4, name="layer3")
y = layer3(layer2(layer1(tf.ones((3, 3)))))
assert tuple(y.shape) == (3, 4)

# add() and pop(): a Sequential model behaves like a list of layers.
model = keras.Sequential()
model.add(layers.Dense(2, activation="relu"))
model.add(layers.Dense(3, activation="relu"))
model.add(layers.Dense(4))
model.pop()
print(len(model.layers))
assert len(model.layers) == 2

model = keras.Sequential(name="my_sequential")
model.add(layers.Dense(2, activation="relu", name="layer1"))
model.add(layers.Dense(3, activation="relu", name="layer2"))
model.add(layers.Dense(4, name="layer3"))
assert model.name == "my_sequential"

# Layers create their weights on their first call.
layer = layers.Dense(3)
assert layer.weights == []
layer(tf.ones((1, 4)))
assert [tuple(w.shape) for w in layer.weights] == [(4, 3), (3,)]

model = keras.Sequential(
    [
        layers.Dense(2, activation="relu"),
        layers.Dense(3, activation="relu"),
        layers.Dense(4),
    ]
)
model(tf.ones((1, 4)))
print("Number of weights after calling the model:", len(model.weights))
assert len(model.weights) == 6
model.summary()

# An Input first lets summary() show the shapes while the model grows.
model = keras.Sequential()
model.add(keras.Input(shape=(4,)))
model.add(layers.Dense(2, activation="relu"))
model.summary()
assert len(model.layers) == 1

model = keras.Sequential()
model.add(layers.Dense(2, activation="relu", input_shape=(4,)))
model.summary()
assert model.output_shape == (None, 2)

# The debugging workflow: add() + summary() to watch feature maps shrink.
model = keras.Sequential()
model.add(keras.Input(shape=(250, 250, 3)))
model.add(layers.Conv2D(32, 5, strides=2, activation="relu"))
model.add(layers.Conv2D(32, 3, activation="relu"))
model.add(layers.MaxPooling2D(3))
model.summary()
assert model.output_shape == (None, 40, 40, 32)

model.add(layers.Conv2D(32, 3, activation="relu"))
model.add(layers.Conv2D(32, 3, activation="relu"))
model.add(layers.MaxPooling2D(3))
model.add(layers.Conv2D(32, 3, activation="relu"))
model.add(layers.Conv2D(32, 3, activation="relu"))
model.add(layers.MaxPooling2D(2))
model.summary()
assert model.output_shape == (None, 4, 4, 32)
model.add(layers.GlobalMaxPooling2D())
model.add(layers.Dense(10))
assert model.output_shape == (None, 10)

# Feature extraction: every layer of a built Sequential model has an output.
initial_model = keras.Sequential(
    [
        keras.Input(shape=(250, 250, 3)),
        layers.Conv2D(32, 5, strides=2, activation="relu"),
        layers.Conv2D(32, 3, activation="relu"),
        layers.Conv2D(32, 3, activation="relu"),
    ]
)
feature_extractor = keras.Model(
    inputs=initial_model.inputs,
    outputs=[layer.output for layer in initial_model.layers],
)
features = feature_extractor(tf.ones((1, 250, 250, 3)))
assert [tuple(f.shape) for f in features] == [(1, 123, 123, 32), (1, 121, 121, 32),
                                              (1, 119, 119, 32)]

initial_model = keras.Sequential(
    [
        keras.Input(shape=(250, 250, 3)),
        layers.Conv2D(32, 5, strides=2, activation="relu"),
        layers.Conv2D(32, 3, activation="relu", name="my_intermediate_layer"),
        layers.Conv2D(32, 3, activation="relu"),
    ]
)
feature_extractor = keras.Model(
    inputs=initial_model.inputs,
    outputs=initial_model.get_layer(name="my_intermediate_layer").output,
)
features = feature_extractor(tf.ones((1, 250, 250, 3)))
assert tuple(features.shape) == (1, 121, 121, 32)

# Transfer learning: freeze all layers but the last, recompile, train.
model = keras.Sequential([
    keras.Input(shape=(784,)),
    layers.Dense(32, activation="relu"),
    layers.Dense(32, activation="relu"),
    layers.Dense(32, activation="relu"),
    layers.Dense(10),
])
for layer in model.layers[:-1]:
    layer.trainable = False
frozen = [w.numpy().copy() for w in model.layers[0].weights]
model.compile(optimizer="adam",
              loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
data = keras.random.uniform((64, 784))
labels = keras.random.randint((64,), 0, 10)
model.fit(data, labels, epochs=1, verbose=0)
assert len(model.trainable_weights) == 2
for before, after in zip(frozen, model.layers[0].weights):
    assert (before == after.numpy()).all()
