"""The files of nnext's checkpoints (see ``nnext.train``): the ``.npz`` values, the
``.index.json`` index (shapes, dtypes, and the other object-graph paths to each saved
Variable), TensorFlow's ``checkpoint`` state file, and the readers ``latest_checkpoint``,
``list_variables``, ``load_variable`` and ``load_checkpoint``.

Every file is written to a temporary name and renamed into place, so a crash mid-save
leaves the previous checkpoint intact.
"""

import json
import os
import re
import tempfile

import numpy as np

__all__ = [
    "CheckpointReader",
    "latest_checkpoint",
    "list_variables",
    "load_checkpoint",
    "load_variable",
]

_VALUE_SUFFIX = "/.ATTRIBUTES/VARIABLE_VALUE"
_FORMAT = "nnext.checkpoint"
_STATE_FILE = "checkpoint"


def _atomic_write(path, write):
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".tmp-" + os.path.basename(path))
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise


def _write_checkpoint(prefix, variables, aliases=None):
    arrays = {key: np.array(v.numpy()) for key, v in variables.items()}
    index = {
        "format": _FORMAT,
        "version": 1,
        "variables": {
            key: {"shape": list(a.shape), "dtype": a.dtype.name} for key, a in arrays.items()
        },
        # Other paths to saved Variables: restoring through any of them works.
        "aliases": dict(aliases or {}),
    }
    _atomic_write(prefix + ".npz", lambda f: np.savez(f, **arrays))
    _atomic_write(prefix + ".index.json", lambda f: f.write(json.dumps(index, indent=1).encode()))


def _read_index(prefix):
    path = os.fspath(prefix) + ".index.json"
    if not os.path.exists(path):
        raise FileNotFoundError(
            f"Failed to find any matching files for {prefix} (expected {path}; nnext reads "
            "checkpoints written by nnext.train.Checkpoint)"
        )
    with open(path) as f:
        index = json.load(f)
    if index.get("format") != _FORMAT:
        raise ValueError(f"{path} is not an nnext checkpoint index")
    return index


def _read_arrays(prefix):
    with np.load(os.fspath(prefix) + ".npz", allow_pickle=False) as data:
        return {key: data[key] for key in data.files}


def _write_state(directory, latest, all_paths):
    def rel(p):
        return os.path.relpath(p, directory)

    lines = [f'model_checkpoint_path: "{rel(latest)}"']
    lines += [f'all_model_checkpoint_paths: "{rel(p)}"' for p in all_paths]
    text = "\n".join(lines) + "\n"
    _atomic_write(os.path.join(directory, _STATE_FILE), lambda f: f.write(text.encode()))


def _read_state(directory):
    """(latest path, all paths) from ``directory``'s state file, or (None, [])."""
    path = os.path.join(directory, _STATE_FILE)
    if not os.path.exists(path):
        return None, []
    latest, paths = None, []
    with open(path) as f:
        for line in f:
            match = re.match(r'\s*(\w+)\s*:\s*"(.*)"\s*$', line)
            if not match:
                continue
            value = match.group(2)
            value = value if os.path.isabs(value) else os.path.join(directory, value)
            if match.group(1) == "model_checkpoint_path":
                latest = value
            elif match.group(1) == "all_model_checkpoint_paths":
                paths.append(value)
    return latest, paths


def latest_checkpoint(checkpoint_dir, latest_filename=None):
    """The prefix of the newest checkpoint recorded in ``checkpoint_dir``, or None.

    Example:
        >>> path = nnext.train.latest_checkpoint("/tmp/training")  # doctest: +SKIP
    """
    latest, _ = _read_state(os.fspath(checkpoint_dir))
    if latest is None or not os.path.exists(latest + ".index.json"):
        return None
    return latest


def list_variables(ckpt_dir_or_file):
    """``[(key, shape)]`` of a checkpoint (a prefix, or a directory: its latest), sorted."""
    prefix = _resolve(ckpt_dir_or_file)
    entries = _read_index(prefix)["variables"]
    return [(key, entries[key]["shape"]) for key in sorted(entries)]


def load_variable(ckpt_dir_or_file, name):
    """The NumPy value saved under key ``name`` (with or without the
    ``/.ATTRIBUTES/VARIABLE_VALUE`` suffix)."""
    arrays = _read_arrays(_resolve(ckpt_dir_or_file))
    for key in (name, name + _VALUE_SUFFIX):
        if key in arrays:
            return arrays[key]
    raise ValueError(f"Key {name} not found in checkpoint {ckpt_dir_or_file}")


class CheckpointReader:
    """Low-level access to a checkpoint's saved values by key (``tf.train.load_checkpoint``).

    Example:
        >>> reader = nnext.train.load_checkpoint("/tmp/training")  # doctest: +SKIP
        >>> reader.get_variable_to_shape_map()  # doctest: +SKIP
        {'model/w/.ATTRIBUTES/VARIABLE_VALUE': [2], ...}
    """

    def __init__(self, prefix):
        self._prefix = prefix
        self._entries = _read_index(prefix)["variables"]

    def get_variable_to_shape_map(self):
        """``{key: shape as a list of ints}`` of every saved value."""
        return {key: list(e["shape"]) for key, e in self._entries.items()}

    def get_variable_to_dtype_map(self):
        """``{key: DType}`` of every saved value."""
        from nnext.dtypes import as_dtype

        return {key: as_dtype(e["dtype"]) for key, e in self._entries.items()}

    def has_tensor(self, key):
        """Whether a value is saved under ``key``."""
        return key in self._entries

    def get_tensor(self, key):
        """The NumPy value saved under ``key``.

        Raises:
            NotFoundError: no value is saved under ``key``.
        """
        if key not in self._entries:
            from nnext.errors import NotFoundError

            raise NotFoundError(None, None, f"Key {key} not found in checkpoint")
        return _read_arrays(self._prefix)[key]


def load_checkpoint(ckpt_dir_or_file):
    """A ``CheckpointReader`` of a checkpoint (a prefix, or a directory: its latest)."""
    return CheckpointReader(_resolve(ckpt_dir_or_file))


def _resolve(ckpt_dir_or_file):
    path = os.fspath(ckpt_dir_or_file)
    if os.path.isdir(path):
        latest = latest_checkpoint(path)
        if latest is None:
            raise ValueError(
                f"Couldn't find 'checkpoint' file or checkpoints in given directory {path}"
            )
        return latest
    return path
