"""Data set loaders: the real caching, checksum, download and parsing code, run on files
generated here (no network). Downloads go through `file://` URLs."""

import gzip
import hashlib
import struct

import numpy as np
import pytest

from nnext.keras.datasets import _files, fashion_mnist, mnist


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv(_files.CACHE_DIR_VARIABLE, str(folder))
    return folder


def sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def md5(path):
    return hashlib.md5(path.read_bytes()).hexdigest()


def make_mnist(path, n_train=6, n_test=4):
    rng = np.random.default_rng(0)
    arrays = {
        "x_train": rng.integers(0, 256, (n_train, 28, 28), dtype=np.uint8),
        "y_train": rng.integers(0, 10, n_train, dtype=np.uint8),
        "x_test": rng.integers(0, 256, (n_test, 28, 28), dtype=np.uint8),
        "y_test": rng.integers(0, 10, n_test, dtype=np.uint8),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez(path, **arrays)
    return arrays


def serve(monkeypatch, module, source):
    """Points `module` at `source` as its download origin, with the matching checksum."""
    monkeypatch.setattr(module, "ORIGIN", source.as_uri())
    monkeypatch.setattr(module, "FILE_HASH", sha256(source))


def test_cache_dir_defaults_to_home(monkeypatch, tmp_path):
    monkeypatch.delenv(_files.CACHE_DIR_VARIABLE, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert _files.cache_dir() == tmp_path / ".nnext" / "datasets"


def test_mnist_downloads_once_then_reads_the_cache(cache, tmp_path, monkeypatch):
    source = tmp_path / "server" / "mnist.npz"
    arrays = make_mnist(source)
    serve(monkeypatch, mnist, source)

    (x_train, y_train), (x_test, y_test) = mnist.load_data()
    assert (cache / "mnist.npz").read_bytes() == source.read_bytes()
    for name, got in zip(
        ["x_train", "y_train", "x_test", "y_test"], [x_train, y_train, x_test, y_test]
    ):
        assert got.dtype == np.uint8
        np.testing.assert_array_equal(got, arrays[name])
    assert x_train.shape == (6, 28, 28) and y_test.shape == (4,)

    source.unlink()  # the origin is gone: the second load must come from the cache
    (again, _), _ = mnist.load_data()
    np.testing.assert_array_equal(again, arrays["x_train"])


def test_mnist_reads_a_copy_put_in_the_cache_by_hand(cache, tmp_path, monkeypatch):
    arrays = make_mnist(cache / "mnist.npz")
    monkeypatch.setattr(mnist, "FILE_HASH", sha256(cache / "mnist.npz"))
    monkeypatch.setattr(mnist, "ORIGIN", (tmp_path / "nowhere.npz").as_uri())
    (_, y_train), _ = mnist.load_data()
    np.testing.assert_array_equal(y_train, arrays["y_train"])


def test_mnist_takes_an_absolute_path(cache, tmp_path, monkeypatch):
    local = tmp_path / "mine" / "digits.npz"
    arrays = make_mnist(local, n_train=3)
    monkeypatch.setattr(mnist, "FILE_HASH", sha256(local))
    (x_train, _), _ = mnist.load_data(path=str(local))
    np.testing.assert_array_equal(x_train, arrays["x_train"])
    assert not cache.exists()


def test_offline_error_says_where_to_put_the_file(cache, tmp_path, monkeypatch):
    monkeypatch.setattr(mnist, "ORIGIN", (tmp_path / "unreachable" / "mnist.npz").as_uri())
    expected = cache / "mnist.npz"
    with pytest.raises(OSError, match="Could not download mnist.npz") as info:
        mnist.load_data()
    message = str(info.value)
    assert f"copy it to {expected}" in message
    assert mnist.FILE_HASH in message and _files.CACHE_DIR_VARIABLE in message
    assert list(cache.iterdir()) == []  # no partial file left behind


def test_stale_cached_copy_is_fetched_again(cache, tmp_path, monkeypatch):
    source = tmp_path / "server" / "mnist.npz"
    arrays = make_mnist(source)
    serve(monkeypatch, mnist, source)
    cache.mkdir()
    (cache / "mnist.npz").write_bytes(source.read_bytes()[:100])  # an interrupted copy
    (x_train, _), _ = mnist.load_data()
    np.testing.assert_array_equal(x_train, arrays["x_train"])
    assert sha256(cache / "mnist.npz") == mnist.FILE_HASH


def test_stale_cached_copy_offline_names_the_mismatch(cache, tmp_path, monkeypatch):
    cache.mkdir()
    (cache / "mnist.npz").write_bytes(b"not the real file")
    monkeypatch.setattr(mnist, "ORIGIN", (tmp_path / "unreachable.npz").as_uri())
    with pytest.raises(OSError, match=r"has sha256 [0-9a-f]{64}, expected " + mnist.FILE_HASH):
        mnist.load_data()


def test_download_with_a_wrong_checksum_is_rejected(cache, tmp_path, monkeypatch):
    source = tmp_path / "server" / "mnist.npz"
    make_mnist(source)
    monkeypatch.setattr(mnist, "ORIGIN", source.as_uri())
    with pytest.raises(ValueError, match="download is corrupted"):
        mnist.load_data()
    assert list(cache.iterdir()) == []


def test_mnist_file_without_the_arrays_is_named(cache, monkeypatch):
    cache.mkdir()
    np.savez(cache / "mnist.npz", x_train=np.zeros((1, 28, 28), np.uint8))
    monkeypatch.setattr(mnist, "FILE_HASH", sha256(cache / "mnist.npz"))
    with pytest.raises(ValueError, match=r"not an MNIST file: it lacks the arrays \['y_train'"):
        mnist.load_data()


def write_idx(path, array):
    header = struct.pack(f">BBBB{array.ndim}I", 0, 0, 0x08, array.ndim, *array.shape)
    path.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(path, "wb") as f:
        f.write(header + array.astype(np.uint8).tobytes())


def make_fashion(folder):
    rng = np.random.default_rng(1)
    arrays = {
        "train-labels-idx1-ubyte.gz": rng.integers(0, 10, 5, dtype=np.uint8),
        "train-images-idx3-ubyte.gz": rng.integers(0, 256, (5, 28, 28), dtype=np.uint8),
        "t10k-labels-idx1-ubyte.gz": rng.integers(0, 10, 3, dtype=np.uint8),
        "t10k-images-idx3-ubyte.gz": rng.integers(0, 256, (3, 28, 28), dtype=np.uint8),
    }
    for name, array in arrays.items():
        write_idx(folder / name, array)
    return arrays


def test_fashion_mnist_downloads_parses_and_caches(cache, tmp_path, monkeypatch):
    server = tmp_path / "server"
    arrays = make_fashion(server)
    monkeypatch.setattr(fashion_mnist, "ORIGIN", server.as_uri() + "/")
    monkeypatch.setattr(fashion_mnist, "FILES", {name: md5(server / name) for name in arrays})

    (x_train, y_train), (x_test, y_test) = fashion_mnist.load_data()
    np.testing.assert_array_equal(y_train, arrays["train-labels-idx1-ubyte.gz"])
    np.testing.assert_array_equal(x_train, arrays["train-images-idx3-ubyte.gz"])
    np.testing.assert_array_equal(y_test, arrays["t10k-labels-idx1-ubyte.gz"])
    np.testing.assert_array_equal(x_test, arrays["t10k-images-idx3-ubyte.gz"])
    assert x_train.dtype == np.uint8 and x_train.shape == (5, 28, 28)
    assert x_train.flags.writeable
    assert sorted(p.name for p in (cache / "fashion-mnist").iterdir()) == sorted(arrays)


def test_fashion_mnist_published_checksums_are_md5():
    assert all(len(digest) == 32 for digest in fashion_mnist.FILES.values())
    assert len(mnist.FILE_HASH) == 64


def test_read_idx_rejects_a_truncated_file(tmp_path):
    path = tmp_path / "images.gz"
    header = struct.pack(">BBBB3I", 0, 0, 0x08, 3, 2, 28, 28)
    with gzip.open(path, "wb") as f:
        f.write(header + bytes(28 * 28))
    with pytest.raises(
        ValueError,
        match=r"holds 784 values, but its header announces shape "
        r"\(2, 28, 28\) \(1568 values\)",
    ):
        fashion_mnist.read_idx(path)


def test_read_idx_rejects_another_format(tmp_path):
    path = tmp_path / "labels.gz"
    with gzip.open(path, "wb") as f:
        f.write(b"\x00\x00\x0d\x01" + bytes(8))  # type code 0x0d is float32
    with pytest.raises(ValueError, match="is not a uint8 IDX file"):
        fashion_mnist.read_idx(path)
