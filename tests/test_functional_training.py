"""Custom training in models: an overridden `train_step` matching the built-in one, the GAN
pattern with two optimizers and its own metric trackers, the logs dict every callback gets,
and `add_loss` joining the training loss."""

import numpy as np
import pytest

from nnext import keras
from nnext.keras import layers


class CustomStepModel(keras.Model):
    """The Keras guide's "Customizing what happens in fit()" model (TensorFlow version)."""

    def train_step(self, data):
        import nnext as tf

        x, y = data
        with tf.GradientTape() as tape:
            y_pred = self(x, training=True)
            loss = self.compute_loss(y=y, y_pred=y_pred)
        gradients = tape.gradient(loss, self.trainable_variables)
        self.optimizer.apply(gradients, self.trainable_variables)
        for metric in self.metrics:
            if metric.name == "loss":
                metric.update_state(loss)
            else:
                metric.update_state(y, y_pred)
        return {m.name: m.result() for m in self.metrics}


def test_overridden_train_step_matches_the_built_in_one():
    rng = np.random.default_rng(2)
    x, y = rng.random((64, 5)).astype("float32"), rng.random((64, 1)).astype("float32")

    def build(cls):
        inputs = keras.Input((5,))
        model = cls(inputs, layers.Dense(1)(layers.Dense(4, activation="tanh")(inputs)))
        model.set_weights(
            [np.full(w.shape, 0.1 * (i + 1), "float32") for i, w in enumerate(model.get_weights())]
        )
        model.compile(optimizer="adam", loss="mse", metrics=["mae"])
        return model

    custom, plain = build(CustomStepModel), build(keras.Model)
    assert isinstance(custom, CustomStepModel)
    ours = custom.fit(x, y, batch_size=16, epochs=3, shuffle=False, verbose=0).history
    theirs = plain.fit(x, y, batch_size=16, epochs=3, shuffle=False, verbose=0).history
    assert sorted(ours) == ["loss", "mae"]
    # The built-in step averages the loss over samples, the guide's over batches: with
    # equal batches they agree.
    for key in theirs:
        np.testing.assert_allclose(ours[key], theirs[key], rtol=1e-5)
    for w, w0 in zip(custom.get_weights(), plain.get_weights()):
        np.testing.assert_allclose(w, w0, rtol=1e-5, atol=1e-7)


def test_gan_pattern_two_optimizers_and_own_trackers():
    import nnext as tf

    class GAN(keras.Model):
        def __init__(self, discriminator, generator, latent_dim):
            super().__init__()
            self.discriminator = discriminator
            self.generator = generator
            self.latent_dim = latent_dim
            self.d_loss_tracker = keras.metrics.Mean(name="d_loss")
            self.g_loss_tracker = keras.metrics.Mean(name="g_loss")

        @property
        def metrics(self):
            return [self.d_loss_tracker, self.g_loss_tracker]

        def compile(self, d_optimizer, g_optimizer, loss_fn):
            super().compile()
            self.d_optimizer = d_optimizer
            self.g_optimizer = g_optimizer
            self.loss_fn = loss_fn

        def train_step(self, real):
            batch = real.shape[0]
            noise = tf.random.normal((batch, self.latent_dim), seed=1)
            fake = self.generator(noise)
            images = tf.concat([fake, real], axis=0)
            labels = tf.concat([tf.ones((batch, 1)), tf.zeros((batch, 1))], axis=0)
            with tf.GradientTape() as tape:
                d_loss = self.loss_fn(labels, self.discriminator(images))
            grads = tape.gradient(d_loss, self.discriminator.trainable_weights)
            self.d_optimizer.apply_gradients(zip(grads, self.discriminator.trainable_weights))
            with tf.GradientTape() as tape:
                g_loss = self.loss_fn(
                    tf.zeros((batch, 1)), self.discriminator(self.generator(noise))
                )
            grads = tape.gradient(g_loss, self.generator.trainable_weights)
            self.g_optimizer.apply_gradients(zip(grads, self.generator.trainable_weights))
            self.d_loss_tracker.update_state(d_loss)
            self.g_loss_tracker.update_state(g_loss)
            return {"d_loss": self.d_loss_tracker.result(), "g_loss": self.g_loss_tracker.result()}

    discriminator = keras.Sequential([keras.Input((6,)), layers.Dense(1, activation="sigmoid")])
    generator = keras.Sequential([keras.Input((3,)), layers.Dense(6)])
    gan = GAN(discriminator, generator, latent_dim=3)
    gan.compile(
        keras.optimizers.Adam(1e-3), keras.optimizers.Adam(1e-3), keras.losses.BinaryCrossentropy()
    )
    before = [w.copy() for w in generator.get_weights()]
    history = gan.fit(
        np.random.default_rng(3).random((32, 6)).astype("float32"),
        batch_size=8,
        epochs=2,
        verbose=0,
    ).history
    assert sorted(history) == ["d_loss", "g_loss"] and len(history["d_loss"]) == 2
    assert all(np.isfinite(history["g_loss"]))
    assert any(not np.array_equal(w, w0) for w, w0 in zip(generator.get_weights(), before))


def test_callbacks_always_receive_a_logs_dict():
    seen = []

    class Recorder(keras.callbacks.Callback):
        def __getattribute__(self, name):
            attribute = super().__getattribute__(name)
            if name.startswith("on_"):

                def hook(*args, **kwargs):
                    logs = kwargs.get(
                        "logs",
                        args[-1]
                        if args and isinstance(args[-1], (dict, type(None)))
                        else "missing",
                    )
                    seen.append((name, logs))
                    return attribute(*args, **kwargs)

                return hook
            return attribute

    x = keras.Input((2,))
    model = keras.Model(x, layers.Dense(1)(x))
    model.compile(optimizer="sgd", loss="mse")
    data = np.ones((8, 2), "float32")
    model.fit(
        data,
        data[:, :1],
        batch_size=4,
        epochs=1,
        validation_split=0.5,
        verbose=0,
        callbacks=[Recorder()],
    )
    model.evaluate(data, data[:, :1], verbose=0, callbacks=[Recorder()])
    model.predict(data, verbose=0, callbacks=[Recorder()])
    assert seen
    assert [name for name, logs in seen if logs is None] == []


def test_add_loss_joins_the_training_loss_and_resets_each_call():
    class ActivityPenalty(layers.Layer):
        def call(self, x):
            self.add_loss(
                0.5 * keras.ops.sum(x * x) if hasattr(keras, "ops") else 0.5 * (x * x).numpy().sum()
            )
            return x

    x = keras.Input((2,))
    model = keras.Model(x, ActivityPenalty()(layers.Dense(2, kernel_initializer="ones")(x)))
    values = np.ones((1, 2), "float32")
    model(values)
    model(values)
    assert len(model.losses) == 1
    assert float(model.losses[0]) == pytest.approx(4.0)
    model.compile(optimizer="sgd", loss="mse")
    loss = model.evaluate(values, np.full((1, 2), 2.0, "float32"), verbose=0)
    assert loss == pytest.approx(4.0)
