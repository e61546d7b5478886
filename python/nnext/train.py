"""``tf.train``'s checkpoints: ``Checkpoint``, ``CheckpointManager``, ``latest_checkpoint``.

A checkpoint saves the Variables reachable from the objects given to ``Checkpoint(...)``,
each under the path of attribute names (and list indices or dict keys) that leads to it,
written as TensorFlow writes its keys: ``model/dense_1/w/.ATTRIBUTES/VARIABLE_VALUE``.
``tf.Module`` attributes are walked; other objects (Keras layers, models, optimizers)
contribute their ``variables`` list as ``variables/0``, ``variables/1``, ...

The nnext checkpoint format, for a prefix ``dir/ckpt-3``:

- ``dir/ckpt-3.npz``: a NumPy ``.npz`` archive, one array per key above;
- ``dir/ckpt-3.index.json``: ``{"format": "nnext.checkpoint", "version": 1, "variables":
  {key: {"shape": [...], "dtype": "float32"}}}``, written last, so a checkpoint whose index
  exists is complete;
- ``dir/checkpoint``: TensorFlow's text state file (``model_checkpoint_path: "ckpt-3"`` and
  ``all_model_checkpoint_paths`` lines), read by ``latest_checkpoint``.

Every file is written to a temporary name and renamed into place, so a crash mid-save
leaves the previous checkpoint intact.
"""

import json
import os
import re
import tempfile

import numpy as np

from nnext import _core
from nnext.module import Module, _defer

__all__ = [
    "Checkpoint",
    "CheckpointManager",
    "CheckpointOptions",
    "latest_checkpoint",
    "list_variables",
    "load_variable",
]

_VALUE_SUFFIX = "/.ATTRIBUTES/VARIABLE_VALUE"
_FORMAT = "nnext.checkpoint"
_STATE_FILE = "checkpoint"


class CheckpointOptions:
    """Options for saving and restoring; accepted for compatibility (nnext writes locally)."""

    def __init__(
        self,
        experimental_io_device=None,
        experimental_enable_async_checkpoint=False,
        experimental_write_callbacks=None,
        enable_async=False,
        experimental_skip_slot_variables=False,
        experimental_sharding_callback=None,
    ):
        self.experimental_io_device = experimental_io_device
        self.enable_async = enable_async or experimental_enable_async_checkpoint


# -- walking the object graph --------------------------------------------------------------


def _children(obj):
    """The (name, child) pairs a checkpoint follows from ``obj``."""
    if isinstance(obj, Checkpoint):
        return list(obj._objects.items())
    if isinstance(obj, Module):
        return [
            (k, v)
            for k, v in sorted(vars(obj).items())
            if k not in ("_name", "_scope", "_deferred_restorations")
        ]
    if isinstance(obj, (list, tuple)):
        return [(str(i), v) for i, v in enumerate(obj)]
    if isinstance(obj, dict):
        return [(str(k), obj[k]) for k in sorted(obj, key=str)]
    variables = getattr(obj, "variables", None)
    if variables is not None and not callable(variables):
        return [("variables", list(variables))]
    return []


def _variables_by_key(root):
    """Every Variable reachable from ``root``, keyed by its first path (breadth first, as
    TensorFlow orders its object graph), each Variable once."""
    found, seen = {}, {id(root)}
    queue = [((), root)]
    while queue:
        path, obj = queue.pop(0)
        for name, child in _children(obj):
            if isinstance(child, _core.Variable):
                if id(child) not in seen:
                    seen.add(id(child))
                    found["/".join(path + (name,)) + _VALUE_SUFFIX] = child
            elif id(child) not in seen and not isinstance(child, (str, bytes, int, float)):
                seen.add(id(child))
                queue.append((path + (name,), child))
    return found


# -- files ---------------------------------------------------------------------------------


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


def _write_checkpoint(prefix, variables):
    arrays = {key: np.array(v.numpy()) for key, v in variables.items()}
    index = {
        "format": _FORMAT,
        "version": 1,
        "variables": {
            key: {"shape": list(a.shape), "dtype": a.dtype.name} for key, a in arrays.items()
        },
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


# -- Checkpoint ----------------------------------------------------------------------------


class LoadStatus:
    """What ``Checkpoint.restore`` matched, with TensorFlow's assertions."""

    def __init__(self, unused_keys, unmatched_keys, matched):
        self._unused = sorted(unused_keys)
        self._unmatched = sorted(unmatched_keys)
        self._matched = matched

    def assert_consumed(self):
        """Raises AssertionError unless every saved value and every variable matched."""
        if self._unused:
            raise AssertionError(f"Unresolved object in checkpoint: {self._unused}")
        self.assert_existing_objects_matched()
        return self

    def assert_existing_objects_matched(self):
        """Raises AssertionError if a variable of the restored objects had no saved value."""
        if self._unmatched:
            raise AssertionError(f"Object(s) not found in the checkpoint: {self._unmatched}")
        return self

    def assert_nontrivial_match(self):
        """Raises AssertionError unless at least one variable was restored."""
        if not self._matched:
            raise AssertionError("Nothing was restored from the checkpoint")
        return self

    def expect_partial(self):
        """Silences warnings about unused values (nnext gives none); returns self."""
        return self

    def run_restore_ops(self, session=None):
        """Nothing to run: values are restored immediately."""


class Checkpoint:
    """Groups objects whose Variables are saved and restored together.

    Args:
        root: an optional object whose own children become the checkpoint's.
        **kwargs: named objects (Modules, Variables, Keras models, optimizers, lists and
            dicts of them) to save.

    Example:
        >>> model = nnext.Module()
        >>> model.w = nnext.Variable([1.0, 2.0])
        >>> ckpt = nnext.train.Checkpoint(model=model)
        >>> path = ckpt.save("/tmp/nnext_ckpt_doc/ckpt")  # doctest: +SKIP
        >>> ckpt.restore(path).assert_consumed()  # doctest: +SKIP
    """

    def __init__(self, root=None, **kwargs):
        objects = {}
        if root is not None:
            objects.update(_children(root))
        for name, obj in kwargs.items():
            if obj is None or isinstance(obj, (str, bytes, int, float)):
                raise ValueError(
                    f"`Checkpoint` was expecting a trackable object (an object derived from "
                    f"`Trackable`), got {obj!r}. If you believe this object should be "
                    f"trackable (i.e. it is part of the TensorFlow Python API and manages "
                    f"state), please open an issue."
                )
            objects[name] = obj
        self._objects = objects
        self._save_counter = _core.Variable(0, trainable=False, name="save_counter", dtype="int64")
        self._objects["save_counter"] = self._save_counter

    def __getattr__(self, name):
        objects = self.__dict__.get("_objects", {})
        if name in objects:
            return objects[name]
        raise AttributeError(f"'Checkpoint' object has no attribute '{name}'")

    @property
    def save_counter(self):
        """An int64 Variable counting ``save`` calls (saved with the checkpoint)."""
        return self._save_counter

    def write(self, file_prefix, options=None):
        """Writes a checkpoint at exactly ``file_prefix`` (no counter, no state file)."""
        prefix = os.fspath(file_prefix)
        _write_checkpoint(prefix, _variables_by_key(self))
        return prefix

    def save(self, file_prefix, options=None):
        """Writes ``{file_prefix}-{save_counter}`` and records it as the directory's latest.

        Returns:
            The checkpoint's path prefix, for ``restore``.
        """
        self._save_counter.assign_add(1)
        prefix = f"{os.fspath(file_prefix)}-{int(self._save_counter)}"
        self.write(prefix)
        directory = os.path.dirname(os.path.abspath(prefix))
        _write_state(directory, os.path.abspath(prefix), [os.path.abspath(prefix)])
        return prefix

    def read(self, save_path, options=None):
        """Restores values from ``save_path`` (see ``restore``)."""
        return self.restore(save_path, options)

    def restore(self, save_path, options=None):
        """Assigns the saved values to the Variables reachable now, matched by path.

        Values whose object does not exist (yet) are left unused; ``assert_consumed`` on the
        returned status reports them. ``save_path`` None restores nothing.

        Raises:
            FileNotFoundError: when no checkpoint exists at ``save_path``.
            ValueError: when a saved value's shape differs from its variable's (nothing is
                assigned then).
        """
        if save_path is None:
            return LoadStatus([], [], True)
        prefix = os.fspath(save_path)
        _read_index(prefix)
        arrays = _read_arrays(prefix)
        variables = _variables_by_key(self)
        for key, var in variables.items():
            if key in arrays and tuple(arrays[key].shape) != tuple(var.shape):
                raise ValueError(
                    f"Received incompatible tensor with shape {arrays[key].shape} when "
                    f"attempting to restore variable with shape {tuple(var.shape)} and "
                    f"name {key}."
                )
        matched = [key for key in variables if key in arrays]
        for key in matched:
            variables[key].assign(arrays[key].astype(variables[key].dtype.name))
        unused = set(arrays) - set(matched)
        for key in unused:
            self._defer(key, arrays[key])
        return LoadStatus(unused, set(variables) - set(matched), bool(matched))

    def _defer(self, key, value):
        """Keeps a value whose Variable does not exist yet on the deepest Module of its
        path: it is restored when the Variable is assigned there (deferred restoration)."""
        parts = key[: -len(_VALUE_SUFFIX)].split("/")
        obj, depth = self, 0
        while depth < len(parts) - 1:
            child = dict(_children(obj)).get(parts[depth])
            if child is None or isinstance(child, _core.Variable):
                break
            obj, depth = child, depth + 1
        if isinstance(obj, Module):
            _defer(obj, "/".join(parts[depth:]), value)


class CheckpointManager:
    """Saves numbered checkpoints in a directory and deletes all but the newest few.

    Args:
        checkpoint: the ``Checkpoint`` to save.
        directory: where checkpoints and the state file go.
        max_to_keep: how many checkpoints to keep (None: all).
        keep_checkpoint_every_n_hours: also keep one checkpoint per this many hours.
        checkpoint_name: the file prefix (``ckpt`` gives ``ckpt-1``, ``ckpt-2``, ...).
        step_counter, checkpoint_interval: save only every ``checkpoint_interval`` steps
            of ``step_counter`` (a Variable).
        init_fn: called by ``restore_or_initialize`` when there is nothing to restore.

    Example:
        >>> manager = nnext.train.CheckpointManager(ckpt, "/tmp/run", max_to_keep=3)  # doctest: +SKIP
        >>> manager.save()  # doctest: +SKIP
        '/tmp/run/ckpt-1'
    """

    def __init__(
        self,
        checkpoint,
        directory,
        max_to_keep,
        keep_checkpoint_every_n_hours=None,
        checkpoint_name="ckpt",
        step_counter=None,
        checkpoint_interval=None,
        init_fn=None,
    ):
        if not isinstance(checkpoint, Checkpoint):
            raise TypeError(f"CheckpointManager: expected a Checkpoint, got {checkpoint!r}")
        if max_to_keep is not None and max_to_keep <= 0:
            raise ValueError(
                f"Expected a positive integer or `None` for `max_to_keep`, got {max_to_keep}."
            )
        if checkpoint_interval is not None and step_counter is None:
            raise ValueError(
                "`step_counter` should be passed if `checkpoint_interval` is not None."
            )
        self._checkpoint = checkpoint
        self._directory = os.fspath(directory)
        self._max_to_keep = max_to_keep
        self._keep_hours = keep_checkpoint_every_n_hours
        self._prefix = os.path.join(self._directory, checkpoint_name)
        self._step_counter = step_counter
        self._interval = checkpoint_interval
        self._init_fn = init_fn
        self._last_step = None
        latest, paths = _read_state(self._directory)
        self._checkpoints = [p for p in paths if os.path.exists(p + ".index.json")]
        self._latest = (
            latest
            if latest in self._checkpoints
            else (self._checkpoints[-1] if self._checkpoints else None)
        )

    @property
    def directory(self):
        return self._directory

    @property
    def checkpoint(self):
        return self._checkpoint

    @property
    def latest_checkpoint(self):
        """The newest checkpoint's prefix, or None."""
        return self._latest

    @property
    def checkpoints(self):
        """The kept checkpoints' prefixes, oldest first."""
        return list(self._checkpoints)

    @property
    def checkpoint_interval(self):
        return self._interval

    def save(self, checkpoint_number=None, check_interval=True, options=None):
        """Writes the next numbered checkpoint and deletes the oldest beyond ``max_to_keep``.

        Args:
            checkpoint_number: the number in the file name (default: the checkpoint's
                ``save_counter`` after counting this save).
            check_interval: skip saving when ``checkpoint_interval`` steps have not passed.

        Returns:
            The new checkpoint's prefix, or None when skipped.
        """
        if self._interval is not None and check_interval:
            step = int(self._step_counter)
            if self._last_step is not None and step < self._last_step + self._interval:
                return None
            self._last_step = step
        counter = self._checkpoint.save_counter
        counter.assign_add(1)
        number = int(counter) if checkpoint_number is None else int(checkpoint_number)
        prefix = f"{self._prefix}-{number}"
        self._checkpoint.write(prefix)
        self._checkpoints = [p for p in self._checkpoints if p != prefix] + [prefix]
        self._latest = prefix
        self._sweep()
        _write_state(self._directory, prefix, self._checkpoints)
        return prefix

    def _sweep(self):
        if self._max_to_keep is None:
            return
        while len(self._checkpoints) > self._max_to_keep:
            old = self._checkpoints.pop(0)
            for suffix in (".index.json", ".npz"):
                if os.path.exists(old + suffix):
                    os.remove(old + suffix)

    def restore_or_initialize(self):
        """Restores the latest checkpoint and returns its path, or calls ``init_fn`` and
        returns None when there is none."""
        if self._latest is not None:
            self._checkpoint.restore(self._latest)
            return self._latest
        if self._init_fn is not None:
            self._init_fn()
        return None
