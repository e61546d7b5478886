"""fit/evaluate/predict take a PyTorch DataLoader as Keras 3 does. PyTorch is not a test
dependency: a stand-in `torch` module (its DataLoader class and tensors that convert through
`.detach().cpu().numpy()`) is put in sys.modules, the only place nnext looks."""

import sys
import types

import numpy as np
import pytest

from nnext import keras


class FakeTensor:
    def __init__(self, array):
        self.array = np.asarray(array)

    def detach(self):
        return self

    def cpu(self):
        return self

    def numpy(self):
        return self.array


class FakeDataLoader:
    """Batches of (x, y) FakeTensors in order, `batch_size` rows each."""

    def __init__(self, x, y, batch_size):
        self.x, self.y, self.batch_size = x, y, batch_size

    def __len__(self):
        return (len(self.x) + self.batch_size - 1) // self.batch_size

    def __iter__(self):
        for start in range(0, len(self.x), self.batch_size):
            stop = start + self.batch_size
            yield [FakeTensor(self.x[start:stop]), FakeTensor(self.y[start:stop])]


@pytest.fixture
def fake_torch(monkeypatch):
    torch = types.ModuleType("torch")
    torch.utils = types.SimpleNamespace(data=types.SimpleNamespace(DataLoader=FakeDataLoader))
    monkeypatch.setitem(sys.modules, "torch", torch)


def model():
    keras.utils.set_random_seed(0)
    m = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="softmax")])
    m.compile(optimizer="sgd", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return m


def test_a_dataloader_trains_as_its_arrays_do(fake_torch):
    rng = np.random.default_rng(0)
    x = rng.standard_normal((50, 4)).astype("float32")
    y = rng.integers(0, 3, 50)
    with pytest.warns(UserWarning, match="provided as a torch DataLoader"):
        from_loader = model().fit(
            FakeDataLoader(x, y, 16), epochs=2, verbose=0, validation_data=FakeDataLoader(x, y, 25)
        )
    from_arrays = model().fit(
        x, y, batch_size=16, epochs=2, verbose=0, shuffle=False, validation_data=(x, y)
    )
    for key, values in from_arrays.history.items():
        np.testing.assert_allclose(from_loader.history[key], values, rtol=1e-6, err_msg=key)
    trained = model()
    trained.fit(FakeDataLoader(x, y, 16), epochs=1, verbose=0, shuffle=False)
    assert trained.predict(FakeDataLoader(x, y, 16), verbose=0).shape == (50, 3)
    with pytest.raises(
        ValueError, match="When providing `x` as a torch DataLoader, `y` should not be passed"
    ):
        trained.fit(FakeDataLoader(x, y, 16), y, verbose=0)
    with pytest.raises(ValueError, match="`class_weight` is not supported for torch"):
        trained.fit(FakeDataLoader(x, y, 16), class_weight={0: 1.0}, verbose=0, shuffle=False)
