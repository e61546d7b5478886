"""``tf.io.gfile``: TensorFlow's file API on the local filesystem, with TensorFlow's
semantics (lazily opened files, ``overwrite=False`` by default, ``isdir`` never raising) and
its exceptions: an ``OSError`` becomes the ``tf.errors`` class TensorFlow maps its errno to
(``NotFoundError``, ``AlreadyExistsError``, ``PermissionDeniedError``,
``FailedPreconditionError``, ...), with TensorFlow's ``"<path>; <reason>"`` message.

Paths are local paths (str, bytes or path-like) or ``file://`` URIs. Other schemes raise
``tf.errors.UnimplementedError`` naming the scheme: nnext has no cloud filesystems.
"""

import contextlib
import errno
import fnmatch
import os
import posixpath
import re
import shutil

from nnext import errors

__all__ = [
    "GFile",
    "copy",
    "exists",
    "get_registered_schemes",
    "glob",
    "isdir",
    "join",
    "listdir",
    "makedirs",
    "mkdir",
    "remove",
    "rename",
    "rmtree",
    "stat",
    "walk",
]

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*)://")

# TensorFlow's errno -> error code table (tensorflow/core/platform/errors.cc), for the
# errors a filesystem call can give; anything else is an UnknownError.
_ERRNO_CLASSES = {
    errors.NotFoundError: ("ENOENT", "ENODEV", "ENXIO", "ESRCH"),
    errors.AlreadyExistsError: ("EEXIST",),
    errors.PermissionDeniedError: ("EPERM", "EACCES", "EROFS"),
    errors.FailedPreconditionError: ("ENOTEMPTY", "EISDIR", "ENOTDIR", "EBUSY", "EBADF"),
    errors.InvalidArgumentError: ("EINVAL", "ENAMETOOLONG", "ELOOP"),
    errors.ResourceExhaustedError: ("ENOSPC", "EDQUOT", "EMFILE", "ENFILE", "ENOMEM"),
    errors.OutOfRangeError: ("EFBIG", "EOVERFLOW", "ERANGE"),
    errors.UnimplementedError: ("ENOSYS", "EXDEV"),
    errors.UnavailableError: ("EAGAIN", "EINTR"),
}
_BY_ERRNO = {
    getattr(errno, name): cls
    for cls, names in _ERRNO_CLASSES.items()
    for name in names
    if hasattr(errno, name)
}


def _str(path):
    path = os.fspath(path)
    return path.decode("utf-8") if isinstance(path, bytes) else path


def _local(path):
    """The local path for ``path`` (str); UnimplementedError for a scheme other than file."""
    path = _str(path)
    match = _SCHEME.match(path)
    if match:
        if match.group(1) == "file":
            return path[len("file://") :]
        raise errors.UnimplementedError(
            None,
            None,
            f"File system scheme '{match.group(1)}' not implemented (file: '{path}'); "
            "nnext's tf.io.gfile reads the local filesystem only",
        )
    return path


def _error(exc, path):
    cls = _BY_ERRNO.get(exc.errno, errors.UnknownError)
    return cls(None, None, f"{path}; {exc.strerror or exc}")


@contextlib.contextmanager
def _translated(path):
    """Runs the block, raising an OSError as its tf.errors class."""
    try:
        yield
    except OSError as exc:
        if isinstance(exc, errors.OpError):
            raise
        raise _error(exc, path) from exc


def _not_found(path):
    return errors.NotFoundError(None, None, f"{path}; No such file or directory")


class GFile:
    """A file, as TensorFlow's ``tf.io.gfile.GFile``: opened lazily on the first read or
    write (so a missing file raises ``NotFoundError`` there, not here), readable and
    writable through separate streams, iterable by line, and a context manager.

    Modes are 'r', 'w', 'a', 'r+', 'w+', 'a+', each with an optional 'b': text mode reads
    ``str`` (UTF-8) and binary mode ``bytes``; ``write`` takes either. As in TensorFlow,
    the write stream appends for modes with 'a' and truncates the file on the first write
    for the others ('r+' included), and ``seek`` moves the read position only.

    Args:
        name: the path (str, bytes, path-like, or a ``file://`` URI).
        mode: the mode, default 'r'.

    Raises:
        tf.errors.InvalidArgumentError: an unknown mode.
        tf.errors.UnimplementedError: a path with a scheme other than ``file://``.

    Example:
        >>> with tf.io.gfile.GFile("/tmp/x.txt", "w") as f:
        ...     f.write("one\\ntwo\\n")
        >>> tf.io.gfile.GFile("/tmp/x.txt").readlines()
        ['one\\n', 'two\\n']
    """

    def __init__(self, name, mode="r"):
        self._name = name
        self._mode = mode
        self._binary = "b" in mode
        bare = mode.replace("b", "")
        if bare not in ("r", "w", "a", "r+", "w+", "a+"):
            raise errors.InvalidArgumentError(
                None, None, "mode is not 'r' or 'w' or 'a' or 'r+' or 'w+' or 'a+'"
            )
        self._readable = bare in ("r", "r+", "a+", "w+")
        self._writable = bare in ("a", "w", "r+", "a+", "w+")
        self._append = "a" in bare
        self._path = _local(name)
        self._reader = None
        self._writer = None

    @property
    def name(self):
        """The file name, as given."""
        return self._name

    @property
    def mode(self):
        """The mode the file was opened with."""
        return self._mode

    def _read_stream(self):
        if self._reader is None:
            if not self._readable:
                raise errors.PermissionDeniedError(None, None, "File isn't open for reading")
            with _translated(self._path):
                self._reader = open(self._path, "rb")  # noqa: SIM115 (closed by close())
        return self._reader

    def _write_stream(self):
        if self._writer is None:
            if not self._writable:
                raise errors.PermissionDeniedError(None, None, "File isn't open for writing")
            with _translated(self._path):
                self._writer = open(self._path, "ab" if self._append else "wb")  # noqa: SIM115
        return self._writer

    def _value(self, data):
        return data if self._binary else data.decode("utf-8")

    def size(self):
        """The file's size in bytes (``stat(name).length``)."""
        return stat(self._name).length

    def write(self, file_content):
        """Writes ``file_content`` (str, encoded as UTF-8, or bytes) at the end of the
        write stream."""
        if isinstance(file_content, str):
            file_content = file_content.encode("utf-8")
        elif not isinstance(file_content, (bytes, bytearray, memoryview)):
            raise TypeError(f"Expected binary or unicode string, got {file_content!r}")
        stream = self._write_stream()
        with _translated(self._path):
            stream.write(file_content)

    def read(self, n=-1):
        """Reads ``n`` bytes (``n=-1``: to the end of the file) from the read position;
        ``str`` in text mode, ``bytes`` in binary mode."""
        stream = self._read_stream()
        with _translated(self._path):
            return self._value(stream.read(None if n == -1 else n))

    def seek(self, offset=None, whence=0, position=None):
        """Moves the read position to ``offset`` bytes from the start (``whence=0``), the
        current position (1) or the end (2). ``position`` is TensorFlow's deprecated
        spelling of ``offset``."""
        stream = self._read_stream()
        if offset is None and position is None:
            raise TypeError("seek(): offset argument required")
        if offset is not None and position is not None:
            raise TypeError("seek(): offset and position may not be set simultaneously.")
        offset = position if offset is None else offset
        if whence == 1:
            offset += self.tell()
        elif whence == 2:
            offset += self.size()
        elif whence != 0:
            raise errors.InvalidArgumentError(
                None, None, f"Invalid whence argument: {whence}. Valid values are 0, 1, or 2."
            )
        with _translated(self._path):
            stream.seek(offset)

    def readline(self):
        """The next line, with its newline; '' (or b'') at the end of the file."""
        stream = self._read_stream()
        with _translated(self._path):
            return self._value(stream.readline())

    def readlines(self):
        """All the remaining lines, as a list."""
        lines = []
        while line := self.readline():
            lines.append(line)
        return lines

    def tell(self):
        """The read position (the write position for write-only modes)."""
        if self._readable:
            return self._read_stream().tell()
        return self._write_stream().tell()

    def flush(self):
        """Pushes written data out of the process (not necessarily onto the disk)."""
        if self._writer is not None:
            with _translated(self._path):
                self._writer.flush()

    def close(self):
        """Closes both streams (flushing the written data); reading again reopens."""
        if self._reader is not None:
            self._reader.close()
            self._reader = None
        if self._writer is not None:
            with _translated(self._path):
                self._writer.close()
            self._writer = None

    def seekable(self):
        """True: GFile supports seek() and tell()."""
        return True

    def __del__(self):
        # `GFile(path).read()` without close() is common TensorFlow code: close quietly.
        if getattr(self, "_reader", None) is not None or getattr(self, "_writer", None):
            with contextlib.suppress(Exception):
                self.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def __iter__(self):
        return self

    def __next__(self):
        line = self.readline()
        if not line:
            raise StopIteration
        return line

    def next(self):
        """The next line (``__next__``; TensorFlow keeps this Python 2 spelling)."""
        return self.__next__()


class FileStatistics:
    """What ``stat`` returns: ``length`` (bytes), ``mtime_nsec`` (the modification time in
    nanoseconds, at TensorFlow's whole-second resolution) and ``is_directory``."""

    def __init__(self, length, mtime_nsec, is_directory):
        self.length = length
        self.mtime_nsec = mtime_nsec
        self.is_directory = is_directory

    def __repr__(self):
        return (
            f"FileStatistics(length={self.length}, mtime_nsec={self.mtime_nsec}, "
            f"is_directory={self.is_directory})"
        )


def exists(path):
    """Whether ``path`` exists (a file or a directory).

    Raises:
        tf.errors.UnimplementedError: a scheme other than ``file://``.
    """
    return os.path.exists(_local(path))


def isdir(path):
    """Whether ``path`` is a directory; False, never an error, otherwise (as TensorFlow,
    which answers False for any failure, an unsupported scheme included)."""
    try:
        return os.path.isdir(_local(path))
    except errors.OpError:
        return False


def remove(path):
    """Deletes the file at ``path``.

    Raises:
        tf.errors.NotFoundError: no such file.
        tf.errors.FailedPreconditionError: ``path`` is a directory (see ``rmtree``).
    """
    local = _local(path)
    with _translated(local):
        os.remove(local)


def mkdir(path):
    """Creates the directory ``path``; its parent must exist (see ``makedirs``).

    Raises:
        tf.errors.AlreadyExistsError: ``path`` exists.
        tf.errors.NotFoundError: the parent directory does not exist.
    """
    local = _local(path)
    with _translated(local):
        os.mkdir(local)


def makedirs(path):
    """Creates the directory ``path`` and any missing parents; succeeds if it exists.

    Raises:
        tf.errors.FailedPreconditionError: ``path`` or one of its parents is a file.
    """
    local = _local(path)
    existing = local
    while existing and not os.path.exists(existing):
        parent = os.path.dirname(existing)
        if parent == existing:
            break
        existing = parent
    if existing and os.path.exists(existing) and not os.path.isdir(existing):
        raise errors.FailedPreconditionError(
            None, None, f"The specified path {existing} is not a directory"
        )
    with _translated(local):
        os.makedirs(local, exist_ok=True)


def _check_target(dst, overwrite):
    if not overwrite and os.path.exists(dst):
        raise errors.AlreadyExistsError(None, None, f"file already exists: {dst}")


def copy(src, dst, overwrite=False):
    """Copies the file ``src`` to ``dst`` (files only, not directories).

    Raises:
        tf.errors.AlreadyExistsError: ``dst`` exists and ``overwrite`` is False.
        tf.errors.NotFoundError: ``src`` does not exist.
        tf.errors.FailedPreconditionError: ``src`` or ``dst`` is a directory.
    """
    src, dst = _local(src), _local(dst)
    _check_target(dst, overwrite)
    if os.path.isdir(src):
        raise errors.FailedPreconditionError(None, None, f"{src}; Is a directory")
    if not os.path.exists(src):
        raise _not_found(src)
    with _translated(dst):
        shutil.copyfile(src, dst)


def rename(src, dst, overwrite=False):
    """Renames or moves the file or directory ``src`` to ``dst``.

    Raises:
        tf.errors.AlreadyExistsError: ``dst`` exists and ``overwrite`` is False.
        tf.errors.NotFoundError: ``src`` does not exist.
        tf.errors.FailedPreconditionError: ``dst`` is a non-empty directory, or a file and
            ``src`` a directory.
    """
    src, dst = _local(src), _local(dst)
    _check_target(dst, overwrite)
    with _translated(src):
        os.replace(src, dst)


def rmtree(path):
    """Deletes ``path`` and everything under it (a file is just deleted).

    Raises:
        tf.errors.NotFoundError: ``path`` does not exist.
    """
    local = _local(path)
    if not os.path.lexists(local):
        raise _not_found(path)
    with _translated(local):
        if os.path.isdir(local) and not os.path.islink(local):
            shutil.rmtree(local)
        else:
            os.remove(local)


def stat(path):
    """The ``FileStatistics`` of ``path``: ``length``, ``mtime_nsec``, ``is_directory``.

    Raises:
        tf.errors.NotFoundError: ``path`` does not exist.
    """
    local = _local(path)
    with _translated(local):
        info = os.stat(local)
    return FileStatistics(info.st_size, int(info.st_mtime) * 10**9, os.path.isdir(local))


def listdir(path):
    """The names of the entries of the directory ``path`` (without '.' and '..'), in
    arbitrary order.

    Raises:
        tf.errors.NotFoundError: ``path`` is not a directory.
    """
    local = _local(path)
    if not os.path.isdir(local):
        raise errors.NotFoundError(None, None, f"Could not find directory {_str(path)}")
    with _translated(local):
        return os.listdir(local)


def join(path, *paths):
    """Joins path components: as ``os.path.join`` for local paths, with '/' for paths with
    a scheme (``join("gs://bucket", "a")`` is ``'gs://bucket/a'``). Touches no file."""
    if "://" in _str(path)[1:]:
        return posixpath.join(path, *paths)
    return os.path.join(path, *paths)


def walk(top, topdown=True, onerror=None):
    """Walks the directory tree under ``top``, yielding ``(dirname, subdirs, files)`` for
    each directory: before its subdirectories with ``topdown``, after them otherwise.

    Args:
        top: the root directory.
        topdown: pre-order (True) or post-order traversal.
        onerror: called with the ``NotFoundError`` of a directory that cannot be listed
            (which is then skipped); None skips silently.
    """
    top = _str(top)
    _local(top)
    try:
        listing = listdir(top)
    except errors.NotFoundError as err:
        if onerror:
            onerror(err)
        return
    subdirs, files = [], []
    for item in listing:
        (subdirs if isdir(join(top, item)) else files).append(item)
    if topdown:
        yield top, subdirs, files
    for subdir in subdirs:
        yield from walk(join(top, subdir), topdown, onerror)
    if not topdown:
        yield top, subdirs, files


def _component(text):
    """(fnmatch pattern, literal or None) for one '/'-free piece of a TensorFlow glob:
    '\\c' matches c, '[^...]' negates a set; literal is the plain name when there is no
    wildcard."""
    out, literal, magic, i, in_set = [], [], False, 0, False
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            out.append(nxt if in_set or nxt.isalnum() else f"[{nxt}]")
            literal.append(nxt)
            i += 2
            continue
        if c == "[" and not in_set:
            in_set = magic = True
            out.append("[")
            if text[i + 1 : i + 2] == "^":
                out.append("!")
                i += 1
        elif c == "]" and in_set:
            in_set = False
            out.append("]")
        else:
            magic = magic or c in "*?"
            out.append(c)
            literal.append(c)
        i += 1
    return "".join(out), None if magic else "".join(literal)


def _glob_one(pattern):
    prefix = "file://" if _SCHEME.match(_str(pattern)) else ""
    local = _local(pattern)
    root, parts = ("/", local[1:]) if local.startswith("/") else ("", local)
    found = [root]
    for piece in parts.split("/"):
        if not piece:
            continue
        regex, literal = _component(piece)
        nxt = []
        for base in found:
            if literal is not None:
                candidate = os.path.join(base, literal) if base else literal
                if os.path.lexists(candidate):
                    nxt.append(candidate)
                continue
            try:
                names = os.listdir(base or ".")
            except OSError:
                continue
            nxt.extend(
                os.path.join(base, name) if base else name
                for name in names
                if fnmatch.fnmatchcase(name, regex)
            )
        found = nxt
    return sorted(prefix + path for path in found if path != root)


def glob(pattern):
    """The paths matching ``pattern`` (or any of an iterable of patterns), TensorFlow's
    syntax: '*' any run of non-'/' characters, '?' one non-'/' character, '[...]' and
    '[^...]' character sets, '\\c' the character c. Hidden files match too.

    Returns:
        A list of paths (sorted per pattern).

    Example:
        >>> tf.io.gfile.glob("/tmp/*.txt")  # doctest: +SKIP
        ['/tmp/x.txt']
    """
    if isinstance(pattern, (str, bytes, os.PathLike)):
        return _glob_one(pattern)
    return [path for single in pattern for path in _glob_one(single)]


def get_registered_schemes():
    """The filesystem schemes that ``tf.io.gfile`` accepts: '' (plain local paths) and
    'file'."""
    return ["", "file"]
