"""keras.utils.image_dataset_from_directory: Keras's file order, labels and splits (checked
against Keras's own directory index), exact pixels, TensorFlow's bilinear resizing (checked
against JAX's linear resize without antialiasing), and a fit on the result."""

import os
import sys

os.environ.setdefault("KERAS_BACKEND", "numpy")

import numpy as np
import pytest

from nnext.keras import layers, models
from nnext.keras.utils import image_dataset_from_directory
from nnext.keras.utils.image_dataset_utils import resize_bilinear, resize_nearest

Image = pytest.importorskip("PIL.Image")

SIZE = (6, 8)  # height, width


@pytest.fixture
def image_folder(tmp_path):
    """Two classes ('cats': 5 images, 'dogs': 7, one in a nested folder) of random pixels,
    plus a text file that must be ignored."""
    rng = np.random.default_rng(0)
    pixels = {}
    for cls, count in (("cats", 5), ("dogs", 7)):
        for i in range(count):
            folder = tmp_path / cls / ("nested" if cls == "dogs" and i == 6 else "")
            folder.mkdir(parents=True, exist_ok=True)
            image = rng.integers(0, 256, SIZE + (3,), dtype=np.uint8)
            path = folder / f"img_{i}.png"
            Image.fromarray(image).save(path)
            pixels[str(path)] = image
    (tmp_path / "cats" / "notes.txt").write_text("not an image")
    return tmp_path, pixels


def collect(ds):
    images, labels = [], []
    for batch_images, batch_labels in ds:
        images.append(batch_images.numpy())
        labels.append(batch_labels.numpy())
    return np.concatenate(images), np.concatenate(labels)


def test_files_labels_and_pixels(image_folder, capsys):
    root, pixels = image_folder
    ds = image_dataset_from_directory(root, image_size=SIZE, batch_size=4, shuffle=False)
    assert "Found 12 files belonging to 2 classes." in capsys.readouterr().out
    assert ds.class_names == ["cats", "dogs"]
    images, labels = collect(ds)
    assert images.shape == (12,) + SIZE + (3,) and images.dtype == np.float32
    assert labels.tolist() == [0] * 5 + [1] * 7
    for image, path in zip(images, ds.file_paths, strict=True):
        np.testing.assert_array_equal(image, pixels[path].astype(np.float32))
    assert ds.file_paths[-1].endswith(os.path.join("dogs", "nested", "img_6.png"))


def test_order_and_splits_follow_keras(image_folder):
    keras_utils = pytest.importorskip("keras.src.utils.dataset_utils")
    root, _ = image_folder
    formats = (".bmp", ".gif", ".jpeg", ".jpg", ".png")
    paths, labels, names = keras_utils.index_directory(
        str(root), "inferred", formats=formats, shuffle=True, seed=7, verbose=False
    )
    train, val = image_dataset_from_directory(
        root,
        image_size=SIZE,
        batch_size=None,
        shuffle=True,
        seed=7,
        validation_split=0.25,
        subset="both",
        verbose=False,
    )
    assert train.file_paths + val.file_paths == list(paths)
    assert len(val.file_paths) == 3 and names == train.class_names
    # The training set is shuffled again each epoch, within a buffer; the labels follow.
    by_path = dict(zip(paths, labels.tolist()))
    images = {tuple(np.asarray(img).ravel()[:12]): int(lab) for img, lab in train}
    assert sorted(images.values()) == sorted(by_path[p] for p in train.file_paths)


def test_label_modes_color_modes_and_layouts(image_folder):
    root, _ = image_folder
    common = {"image_size": (3, 4), "batch_size": 12, "shuffle": False, "verbose": False}
    images, labels = next(
        iter(image_dataset_from_directory(root, label_mode="categorical", **common))
    )
    assert tuple(labels.shape) == (12, 2) and labels.numpy()[:5, 0].tolist() == [1.0] * 5
    _, labels = next(iter(image_dataset_from_directory(root, label_mode="binary", **common)))
    assert tuple(labels.shape) == (12, 1)
    images = next(
        iter(image_dataset_from_directory(root, labels=None, color_mode="grayscale", **common))
    )
    assert tuple(images.shape) == (12, 3, 4, 1)
    images, _ = next(
        iter(image_dataset_from_directory(root, data_format="channels_first", **common))
    )
    assert tuple(images.shape) == (12, 3, 3, 4)
    images, _ = next(iter(image_dataset_from_directory(root, crop_to_aspect_ratio=True, **common)))
    assert tuple(images.shape) == (12, 3, 4, 3)
    images, _ = next(
        iter(
            image_dataset_from_directory(
                root,
                pad_to_aspect_ratio=True,
                image_size=(8, 8),
                batch_size=12,
                shuffle=False,
                verbose=False,
            )
        )
    )
    padded = images.numpy()
    assert padded.shape == (12, 8, 8, 3) and (padded[:, :1] == 0).all()


def test_bilinear_resize_is_tensorflows():
    jax_image = pytest.importorskip("jax.image")
    rng = np.random.default_rng(1)
    image = rng.random((7, 9, 2)).astype(np.float32)
    for height, width in ((14, 18), (3, 4), (7, 9), (5, 13)):
        expected = np.asarray(
            jax_image.resize(image, (height, width, 2), "linear", antialias=False)
        )
        np.testing.assert_allclose(
            resize_bilinear(image, height, width), expected, rtol=1e-5, atol=1e-5
        )
    # 2 -> 4 pixels, half-pixel centres: sources -0.25, 0.25, 0.75, 1.25 (edges clamped).
    np.testing.assert_allclose(
        resize_bilinear(np.array([[[0.0], [4.0]]]), 1, 4).ravel(), [0.0, 1.0, 3.0, 4.0]
    )
    assert resize_nearest(np.arange(4).reshape(1, 4, 1), 1, 2).ravel().tolist() == [1, 3]


def test_errors(image_folder, monkeypatch):
    root, _ = image_folder
    with pytest.raises(ValueError, match="you must provide a `seed` argument"):
        image_dataset_from_directory(root, validation_split=0.2, subset="training")
    with pytest.raises(ValueError, match="`label_mode` argument must be one of"):
        image_dataset_from_directory(root, label_mode="sparse")
    with pytest.raises(ValueError, match="`class_names` passed did not match"):
        image_dataset_from_directory(root, class_names=["birds"], verbose=False)
    empty = root / "empty"
    empty.mkdir()
    with pytest.raises(ValueError, match="No images found in directory"):
        image_dataset_from_directory(empty, labels=None, verbose=False)
    monkeypatch.setitem(sys.modules, "PIL", None)
    with pytest.raises(ImportError, match="pip install pillow"):
        image_dataset_from_directory(root)


def test_fit_on_an_image_folder(image_folder):
    root, _ = image_folder
    ds = image_dataset_from_directory(root, image_size=SIZE, batch_size=4, seed=1, verbose=False)
    net = models.Sequential(
        [layers.Flatten(input_shape=SIZE + (3,)), layers.Dense(2, activation="softmax")]
    )
    net.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    with pytest.warns(UserWarning, match="`shuffle=True` was passed"):
        history = net.fit(ds, epochs=2, verbose=0)
    assert len(history.history["loss"]) == 2
