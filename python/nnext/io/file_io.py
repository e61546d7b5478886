"""`tf.io.read_file` and `tf.io.write_file`: a whole file as one scalar string tensor.

They go through `tf.io.gfile.GFile`, so paths, `file://` URIs and the `tf.errors`
exceptions (NotFoundError for a missing file, ...) are gfile's.
"""

from nnext import string_tensor
from nnext.io import gfile

__all__ = ["read_file", "write_file"]


def read_file(filename, name=None):
    """The contents of `filename` as a scalar string tensor.

    Example:
        >>> nnext.io.read_file("notes.txt").numpy()
        b'first line\\n'
    """
    with gfile.GFile(_path(filename), "rb") as f:
        return string_tensor.convert(f.read())


def write_file(filename, contents, name=None):
    """Writes the scalar string `contents` to `filename`, creating or replacing it."""
    values = string_tensor.as_values(contents)
    if values.ndim != 0:
        raise ValueError(f"contents must be scalar, got shape {list(values.shape)}")
    with gfile.GFile(_path(filename), "wb") as f:
        f.write(values[()])


def _path(filename):
    values = string_tensor.string_values(filename)
    if values is None or values.ndim != 0:
        raise TypeError(f"filename must be a scalar string. Received: {filename!r}")
    return values[()].decode("utf-8")
