"""The callback calls one fit/evaluate/predict run makes under `steps_per_execution`, for
tests/test_steps_per_execution.py: imported with nnext's Keras, and run as a script with real
Keras (`python steps_per_execution_recorder.py N ...` prints the records as JSON)."""

import json
import sys

import numpy as np


def record(keras_module, steps_per_execution):
    calls = []

    class Recorder(keras_module.callbacks.Callback):
        def on_train_batch_begin(self, batch, logs=None):
            calls.append(["train_begin", batch])

        def on_train_batch_end(self, batch, logs=None):
            calls.append(["train_end", batch])

        def on_test_batch_end(self, batch, logs=None):
            calls.append(["test_end", batch])

        def on_predict_batch_end(self, batch, logs=None):
            calls.append(["predict_end", batch, list(logs["outputs"].shape)])

    model = keras_module.Sequential([keras_module.Input((3,)), keras_module.layers.Dense(1)])
    model.compile("sgd", "mse", steps_per_execution=steps_per_execution)
    x, y = np.ones((10, 3), np.float32), np.ones((10, 1), np.float32)
    model.fit(x, y, batch_size=2, epochs=1, verbose=0, callbacks=[Recorder()])
    model.evaluate(x, y, batch_size=2, verbose=0, callbacks=[Recorder()])
    predictions = model.predict(x, batch_size=2, verbose=0, callbacks=[Recorder()])
    iterations = int(np.asarray(model.optimizer.iterations))
    return [calls, list(predictions.shape), model.steps_per_execution, iterations]


if __name__ == "__main__":
    import keras

    print(json.dumps([record(keras, int(n)) for n in sys.argv[1:]]))
