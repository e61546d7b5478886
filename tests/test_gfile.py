"""tf.io.gfile on the local filesystem: GFile's TensorFlow semantics (lazy opening, text and
binary modes, separate read and write streams, seek/tell, iteration), the path functions,
and TensorFlow's tf.errors classes and messages; schemes other than file:// raise."""

import os

import pytest

import nnext as tf

gfile = tf.io.gfile


@pytest.fixture
def root(tmp_path):
    return str(tmp_path)


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


def read(path):
    with open(path, "rb") as f:
        return f.read()


def test_write_then_read_text_and_binary(root):
    path = gfile.join(root, "a.txt")
    with gfile.GFile(path, "w") as f:
        assert f.name == path and f.mode == "w" and f.seekable()
        f.write("one\n")
        f.write(b"two\n")
        f.write("drei \u00e4\n")
        assert f.tell() == len("one\ntwo\ndrei \u00e4\n".encode())
    with gfile.GFile(path) as f:
        assert f.read() == "one\ntwo\ndrei \u00e4\n"
    with gfile.GFile(path, "rb") as f:
        assert f.read(3) == b"one"
        assert f.readline() == b"\n"
        assert f.readlines() == [b"two\n", "drei \u00e4\n".encode()]
        assert f.readline() == b""
    assert list(gfile.GFile(path)) == ["one\n", "two\n", "drei \u00e4\n"]
    assert gfile.GFile(path).size() == os.path.getsize(path)


def test_seek_and_tell(root):
    path = os.path.join(root, "s.bin")
    write(path, b"0123456789")
    f = gfile.GFile(path, "rb")
    f.seek(3)
    assert f.tell() == 3 and f.read(2) == b"34"
    f.seek(2, whence=1)
    assert f.read(1) == b"7"
    f.seek(-3, 2)
    assert f.read() == b"789"
    f.seek(position=1)  # TensorFlow's deprecated spelling
    assert f.read(1) == b"1"
    with pytest.raises(TypeError, match="offset argument required"):
        f.seek()
    with pytest.raises(TypeError, match="may not be set simultaneously"):
        f.seek(1, position=2)
    with pytest.raises(tf.errors.InvalidArgumentError, match="Invalid whence argument: 3"):
        f.seek(0, 3)
    f.close()
    assert f.read(2) == b"01"  # reading after close reopens at the start, as TensorFlow


def test_append_flush_and_lazy_opening(root):
    path = os.path.join(root, "log.txt")
    f = gfile.GFile(path, "w")
    assert not os.path.exists(path)  # nothing is opened before the first write
    f.write("a")
    f.flush()
    assert read(path) == b"a"
    f.close()
    with gfile.GFile(path, "a") as f:
        f.write("b")
    with gfile.GFile(path, "a+") as f:
        assert f.read() == "ab"
        f.write("c")
    assert read(path) == b"abc"
    with gfile.GFile(path, "r+") as f:
        assert f.read() == "abc"
        f.write("z")  # TensorFlow's r+ truncates on the first write
    assert read(path) == b"z"


def test_mode_and_permission_errors(root):
    path = os.path.join(root, "m.txt")
    write(path, b"x")
    with pytest.raises(tf.errors.InvalidArgumentError, match="mode is not 'r' or 'w'"):
        gfile.GFile(path, "x")
    with pytest.raises(tf.errors.PermissionDeniedError, match="File isn't open for reading"):
        gfile.GFile(path, "w").read()
    with pytest.raises(tf.errors.PermissionDeniedError, match="File isn't open for writing"):
        gfile.GFile(path, "r").write("y")
    with pytest.raises(TypeError, match="Expected binary or unicode string, got 3"):
        gfile.GFile(path, "w").write(3)
    missing = gfile.GFile(os.path.join(root, "missing"))  # lazy: no error yet
    with pytest.raises(tf.errors.NotFoundError, match="missing; No such file or directory"):
        missing.read()
    with pytest.raises(FileNotFoundError):  # NotFoundError is also a FileNotFoundError
        missing.readline()


def test_exists_isdir_listdir_mkdir_makedirs(root):
    sub = gfile.join(root, "d")
    assert not gfile.exists(sub) and not gfile.isdir(sub)
    gfile.mkdir(sub)
    assert gfile.exists(sub) and gfile.isdir(sub)
    with pytest.raises(tf.errors.AlreadyExistsError, match="d; File exists"):
        gfile.mkdir(sub)
    with pytest.raises(tf.errors.NotFoundError):
        gfile.mkdir(gfile.join(root, "no", "parent"))
    deep = gfile.join(root, "x", "y", "z")
    gfile.makedirs(deep)
    gfile.makedirs(deep)  # exists already: fine
    assert gfile.isdir(deep)
    write(gfile.join(sub, "f"), b"1")
    write(gfile.join(sub, ".hidden"), b"2")
    assert sorted(gfile.listdir(sub)) == [".hidden", "f"]
    assert not gfile.isdir(gfile.join(sub, "f"))
    with pytest.raises(tf.errors.NotFoundError, match="Could not find directory"):
        gfile.listdir(gfile.join(sub, "f"))
    with pytest.raises(tf.errors.FailedPreconditionError, match="is not a directory"):
        gfile.makedirs(gfile.join(sub, "f", "g"))


def test_remove_rename_copy_rmtree(root):
    a, b = os.path.join(root, "a"), os.path.join(root, "b")
    write(a, b"A")
    write(b, b"B")
    with pytest.raises(tf.errors.AlreadyExistsError, match="file already exists"):
        gfile.rename(a, b)
    with pytest.raises(tf.errors.AlreadyExistsError, match="file already exists"):
        gfile.copy(a, b)
    gfile.copy(a, b, overwrite=True)
    assert read(b) == b"A"
    c = os.path.join(root, "c")
    gfile.copy(a, c)
    assert read(c) == b"A"
    gfile.rename(c, b, overwrite=True)
    assert not os.path.exists(c) and read(b) == b"A"
    gfile.rename(b, c)
    assert os.path.exists(c) and not os.path.exists(b)
    with pytest.raises(tf.errors.NotFoundError):
        gfile.rename(b, os.path.join(root, "e"))
    with pytest.raises(tf.errors.NotFoundError):
        gfile.copy(b, os.path.join(root, "e"))
    gfile.remove(c)
    with pytest.raises(tf.errors.NotFoundError, match="No such file or directory"):
        gfile.remove(c)
    tree = os.path.join(root, "t", "u")
    os.makedirs(tree)
    write(os.path.join(tree, "f"), b"x")
    with pytest.raises(tf.errors.FailedPreconditionError):
        gfile.remove(tree)
    with pytest.raises(tf.errors.FailedPreconditionError):
        gfile.copy(tree, os.path.join(root, "copy"))
    gfile.rmtree(os.path.join(root, "t"))
    assert not os.path.exists(os.path.join(root, "t"))
    with pytest.raises(tf.errors.NotFoundError):
        gfile.rmtree(os.path.join(root, "t"))
    gfile.rmtree(a)  # a file is simply deleted
    assert not os.path.exists(a)


def test_stat(root):
    path = os.path.join(root, "f")
    write(path, b"12345")
    info = gfile.stat(path)
    assert info.length == 5 and not info.is_directory
    assert info.mtime_nsec == int(os.stat(path).st_mtime) * 10**9
    assert gfile.stat(root).is_directory
    with pytest.raises(tf.errors.NotFoundError):
        gfile.stat(os.path.join(root, "nope"))


def test_walk(root):
    for d in ("a/b", "a/c", "d"):
        os.makedirs(os.path.join(root, d))
    for f in ("top.txt", "a/x", "a/b/y"):
        write(os.path.join(root, f), b"")
    top = {
        (os.path.relpath(d, root), tuple(sorted(s)), tuple(sorted(f)))
        for d, s, f in gfile.walk(root)
    }
    assert top == {
        (".", ("a", "d"), ("top.txt",)),
        ("a", ("b", "c"), ("x",)),
        ("a/b", (), ("y",)),
        ("a/c", (), ()),
        ("d", (), ()),
    }
    order = [os.path.relpath(d, root) for d, _, _ in gfile.walk(root, topdown=False)]
    assert order.index("a/b") < order.index("a") and order[-1] == "."
    pruned = []
    for d, subdirs, _ in gfile.walk(root):
        pruned.append(os.path.relpath(d, root))
        subdirs[:] = [s for s in subdirs if s != "a"]  # pruning works as os.walk's
    assert sorted(pruned) == [".", "d"]
    seen = []
    assert list(gfile.walk(os.path.join(root, "none"), onerror=seen.append)) == []
    assert isinstance(seen[0], tf.errors.NotFoundError)


def test_glob(root):
    for name in ("a.txt", "b.txt", "c.csv", ".h.txt", "q*"):
        write(os.path.join(root, name), b"")
    os.makedirs(os.path.join(root, "sub"))
    write(os.path.join(root, "sub", "d.txt"), b"")
    j = gfile.join
    assert gfile.glob(j(root, "*.txt")) == [j(root, ".h.txt"), j(root, "a.txt"), j(root, "b.txt")]
    assert gfile.glob(j(root, "?.t?t")) == [j(root, "a.txt"), j(root, "b.txt")]
    assert gfile.glob(j(root, "[^a].txt")) == [j(root, "b.txt")]
    assert gfile.glob(j(root, "[ab].*")) == [j(root, "a.txt"), j(root, "b.txt")]
    assert gfile.glob(j(root, "*", "*.txt")) == [j(root, "sub", "d.txt")]  # '*' stops at '/'
    assert gfile.glob(j(root, "q\\*")) == [j(root, "q*")]
    assert gfile.glob(j(root, "c.csv")) == [j(root, "c.csv")]
    assert gfile.glob(j(root, "nothere", "*")) == []
    both = gfile.glob(iter([j(root, "*.csv"), j(root, "sub", "*")]))
    assert both == [j(root, "c.csv"), j(root, "sub", "d.txt")]


def test_file_scheme_and_other_schemes(root):
    path = os.path.join(root, "f.txt")
    with gfile.GFile("file://" + path, "w") as f:
        f.write("hi")
    assert gfile.exists("file://" + path) and gfile.GFile(path).read() == "hi"
    assert gfile.glob("file://" + os.path.join(root, "*.txt")) == ["file://" + path]
    assert "" in gfile.get_registered_schemes() and "file" in gfile.get_registered_schemes()
    for call in (
        lambda: gfile.GFile("gs://bucket/x"),
        lambda: gfile.exists("gs://bucket/x"),
        lambda: gfile.listdir("gs://bucket/x"),
        lambda: gfile.makedirs("gs://bucket/x"),
        lambda: gfile.copy(path, "gs://bucket/x"),
        lambda: gfile.glob("gs://bucket/*"),
        lambda: list(gfile.walk("gs://bucket")),
    ):
        with pytest.raises(tf.errors.UnimplementedError, match="scheme 'gs' not implemented"):
            call()
    with pytest.raises(tf.errors.UnimplementedError, match="scheme 's3'"):
        gfile.stat("s3://b/k")
    assert gfile.isdir("gs://bucket") is False  # TensorFlow's isdir answers False on errors


def test_join():
    assert gfile.join("gs://folder", "file.py") == "gs://folder/file.py"
    assert gfile.join("ram://folder", "a", "b") == "ram://folder/a/b"
    assert gfile.join("folder", "file.py") == os.path.join("folder", "file.py")
    assert gfile.join("/a", "/b") == "/b"  # as os.path.join


def test_io_namespace():
    assert tf.io.gfile is gfile
    for name in gfile.__all__:
        assert getattr(gfile, name).__doc__
    # Whole files as string tensors (nnext/io/file_io.py); the other string ops are not yet.
    assert tf.io.read_file.__doc__ and tf.io.write_file.__doc__
    assert not hasattr(tf.io, "decode_csv") and "decode_" in tf.io.__doc__
