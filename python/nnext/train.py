"""``tf.train``'s checkpoints: ``Checkpoint``, ``CheckpointManager``, ``latest_checkpoint``.

A checkpoint saves the Variables reachable from the objects given to ``Checkpoint(...)``
(or assigned to its attributes later), each under the path of attribute names (and list
indices or dict keys) that leads to it, written as TensorFlow writes its keys:
``model/dense_1/w/.ATTRIBUTES/VARIABLE_VALUE``. ``tf.Module`` and Keras layers and models
are walked by their attributes (``net/l1/kernel``); Keras optimizers and other objects
contribute their ``variables`` list as ``variables/0``, ``variables/1``, ... A Variable
reachable by several paths is saved once, and restores through any of them.

``restore`` assigns the values whose Variable exists and keeps the others, restoring each
when its Variable is created or attached (a layer's first call, an optimizer's slots, an
attribute set later), as TensorFlow queues restorations. The save counter is created on
first use, so a Checkpoint only nested in another has none.

The files (nnext's format, for a prefix ``dir/ckpt-3``; see ``nnext.checkpoint_files``):

- ``dir/ckpt-3.npz``: a NumPy ``.npz`` archive, one array per key above;
- ``dir/ckpt-3.index.json``: ``{"format": "nnext.checkpoint", "version": 1, "variables":
  {key: {"shape": [...], "dtype": "float32"}}, "aliases": {other path: key}}``, written
  last, so a checkpoint whose index exists is complete;
- ``dir/checkpoint``: TensorFlow's text state file (``model_checkpoint_path: "ckpt-3"`` and
  ``all_model_checkpoint_paths`` lines), read by ``latest_checkpoint``.
"""

import os
import sys

from nnext import _core
from nnext.checkpoint_files import (
    _VALUE_SUFFIX,
    CheckpointReader,
    _read_arrays,
    _read_index,
    _read_state,
    _write_checkpoint,
    _write_state,
    latest_checkpoint,
    list_variables,
    load_checkpoint,
    load_variable,
)
from nnext.module import Module

__all__ = [
    "Checkpoint",
    "CheckpointManager",
    "CheckpointOptions",
    "CheckpointReader",
    "latest_checkpoint",
    "list_variables",
    "load_checkpoint",
    "load_variable",
]

# Where an object keeps the saved values whose Variable does not exist yet (the name
# nnext.module uses for Modules).
_PENDING = "_deferred_restorations"


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


def _keras_object(obj):
    """Whether ``obj`` is a Keras layer (models included) or optimizer: objects walked by
    their attributes, as TensorFlow's AutoTrackable Keras objects are."""
    for module_name, class_name in (
        ("nnext.keras.layers.layer", "Layer"),
        ("nnext.keras.optimizers.optimizer", "Optimizer"),
    ):
        module = sys.modules.get(module_name)
        if module is not None and isinstance(obj, getattr(module, class_name)):
            return True
    return False


def _followed(value):
    return isinstance(value, (_core.Variable, list, tuple, dict, Module, Checkpoint)) or (
        _keras_object(value)
    )


def _layer_children(layer):
    """A Keras layer's attributes that hold state (sub-layers, Variables, containers),
    without the bookkeeping every layer has; then its sub-layers and own Variables that no
    attribute names (reached under the attribute name first when one does)."""
    skip = layer._layer_attribute_names() | {_PENDING}
    own = vars(layer)
    children = [(k, v) for k, v in sorted(own.items()) if k not in skip and _followed(v)]
    for name in ("_layers", "_trainable_variables", "_non_trainable_variables"):
        if own.get(name):
            children.append((name, list(own[name])))
    return children


def _children(obj):
    """The (name, child) pairs a checkpoint follows from ``obj``."""
    if isinstance(obj, Checkpoint):
        return list(obj._objects.items())
    if isinstance(obj, Module):
        return [
            (k, v) for k, v in sorted(vars(obj).items()) if k not in ("_name", "_scope", _PENDING)
        ]
    if isinstance(obj, (list, tuple)):
        return [(str(i), v) for i, v in enumerate(obj)]
    if isinstance(obj, dict):
        return [(str(k), obj[k]) for k in sorted(obj, key=str)]
    if hasattr(type(obj), "_layer_attribute_names") and _keras_object(obj):
        return _layer_children(obj)
    variables = getattr(obj, "variables", None)
    if variables is not None and not callable(variables):
        return [("variables", list(variables))]
    return []


def _child(obj, name):
    return dict(_children(obj)).get(name)


def _iterator_state(obj):
    if "nnext.data.dataset" not in sys.modules:  # no dataset iterator can exist yet
        return None
    from nnext.data.checkpointing import iterator_state

    return iterator_state(obj)


def _variables_by_key(root, aliases=None):
    """Every Variable reachable from ``root``, keyed by its first path (breadth first, as
    TensorFlow orders its object graph), each Variable once; ``aliases``, when given,
    receives ``{other path: first path}`` for Variables reachable by several paths (the
    object graph's other edges to them)."""
    found, seen, first = {}, {id(root)}, {}
    queue = [((), root)]
    while queue:
        path, obj = queue.pop(0)
        for name, child in _children(obj):
            state = _iterator_state(child)
            if state is not None:  # a tf.data iterator: its position
                if id(child) not in seen:
                    seen.add(id(child))
                    found["/".join(path + (name,)) + "/.ATTRIBUTES/ITERATOR_STATE"] = state
                continue
            if isinstance(child, _core.Variable):
                key = "/".join(path + (name,)) + _VALUE_SUFFIX
                if id(child) not in seen:
                    seen.add(id(child))
                    found[key] = child
                    first[id(child)] = key
                elif aliases is not None and id(child) in first:
                    aliases[key] = first[id(child)]
            elif id(child) not in seen and not isinstance(child, (str, bytes, int, float)):
                seen.add(id(child))
                queue.append((path + (name,), child))
    return found


class _ListWrapper(list):
    """A list assigned to a Checkpoint's attribute (TensorFlow's ``ListWrapper``): Variables
    appended later take the values a restore kept for their index."""

    def append(self, value):
        super().append(value)
        restore_pending(self, str(len(self) - 1), value)

    def extend(self, values):
        for value in values:
            self.append(value)

    def __repr__(self):
        return f"ListWrapper({list.__repr__(self)})"


# -- deferred restoration ------------------------------------------------------------------
# A restored value whose Variable does not exist yet waits on the deepest object of its
# path that can hold it (a Checkpoint, Module, Keras layer or optimizer); assigning the
# Variable (or an object leading to it) there later restores it, as TensorFlow queues
# restorations. Keras layers and optimizers call ``restore_pending`` when they track a
# new Variable or attribute.


def _holds_pending(obj):
    return isinstance(obj, (Checkpoint, Module, _ListWrapper)) or _keras_object(obj)


def _defer(root, path, value):
    """Keeps ``value`` (saved under ``path`` below ``root``, attribute names joined by '/')
    on the deepest holder along the part of ``path`` that exists."""
    parts = path.split("/")
    holder, rest, obj = None, None, root
    for depth, part in enumerate(parts):
        if _holds_pending(obj):
            holder, rest = obj, parts[depth:]
        obj = _child(obj, part)
        if obj is None or isinstance(obj, _core.Variable):
            break
    if holder is not None:
        holder.__dict__.setdefault(_PENDING, {})["/".join(rest)] = value


def _assign_saved(variable, value):
    if tuple(value.shape) != tuple(variable.shape):
        raise ValueError(
            f"Received incompatible tensor with shape {value.shape} when attempting to "
            f"restore variable with shape {tuple(variable.shape)}."
        )
    variable.assign(value.astype(variable.dtype.name))


def restore_pending(holder, name, value):
    """Restores the values ``holder`` keeps for the attribute ``name`` (or an indexed
    path such as ``variables/3``) now that ``value`` is there."""
    pending = holder.__dict__.get(_PENDING)
    if not pending:
        return
    if isinstance(value, _core.Variable):
        if name in pending:
            _assign_saved(value, pending.pop(name))
        return
    prefix = name + "/"
    for key in [k for k in pending if k.startswith(prefix)]:
        saved, rest = pending.pop(key), key[len(prefix) :]
        target = value
        for part in rest.split("/"):
            target = None if target is None else _child(target, part)
        if isinstance(target, _core.Variable):
            _assign_saved(target, saved)
        else:
            _defer(value, rest, saved)


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
        # Created on first use (save, restore or the property), as TensorFlow does: a
        # Checkpoint only nested in another has none.
        self._save_counter = None

    def __getattr__(self, name):
        objects = self.__dict__.get("_objects", {})
        if name in objects:
            return objects[name]
        raise AttributeError(f"'Checkpoint' object has no attribute '{name}'")

    def __setattr__(self, name, value):
        if name.startswith("_"):
            object.__setattr__(self, name, value)
            return
        # Attributes set later are tracked like the constructor's keyword arguments, and
        # take the values a restore kept for them.
        if type(value) is list:
            value = _ListWrapper(value)
        self._objects[name] = value
        restore_pending(self, name, value)

    def _maybe_create_save_counter(self):
        if self._save_counter is None:
            self._save_counter = _core.Variable(
                0, trainable=False, name="save_counter", dtype="int64"
            )
            self._objects["save_counter"] = self._save_counter
            restore_pending(self, "save_counter", self._save_counter)

    @property
    def save_counter(self):
        """An int64 Variable counting ``save`` calls (saved with the checkpoint)."""
        self._maybe_create_save_counter()
        return self._save_counter

    def write(self, file_prefix, options=None):
        """Writes a checkpoint at exactly ``file_prefix`` (no counter, no state file)."""
        prefix = os.fspath(file_prefix)
        aliases = {}
        variables = _variables_by_key(self, aliases)
        _write_checkpoint(prefix, variables, aliases)
        return prefix

    def save(self, file_prefix, options=None):
        """Writes ``{file_prefix}-{save_counter}`` and records it as the directory's latest.

        Returns:
            The checkpoint's path prefix, for ``restore``.
        """
        self.save_counter.assign_add(1)
        prefix = f"{os.fspath(file_prefix)}-{int(self._save_counter)}"
        self.write(prefix)
        directory = os.path.dirname(os.path.abspath(prefix))
        _write_state(directory, os.path.abspath(prefix), [os.path.abspath(prefix)])
        return prefix

    def read(self, save_path, options=None):
        """Restores values from ``save_path`` written by ``write`` (see ``restore``); unlike
        ``restore``, it creates no save counter."""
        return self._restore(save_path, create_save_counter=False)

    def restore(self, save_path, options=None):
        """Assigns the saved values to the Variables reachable now, matched by path.

        Values whose object does not exist (yet) are left unused; ``assert_consumed`` on the
        returned status reports them. ``save_path`` None restores nothing.

        Raises:
            FileNotFoundError: when no checkpoint exists at ``save_path``.
            ValueError: when a saved value's shape differs from its variable's (nothing is
                assigned then).
        """
        return self._restore(save_path, create_save_counter=True)

    def _restore(self, save_path, create_save_counter):
        if save_path is None:
            return LoadStatus([], [], True)
        prefix = os.fspath(save_path)
        aliases = _read_index(prefix).get("aliases", {})
        arrays = _read_arrays(prefix)
        if create_save_counter:
            self._maybe_create_save_counter()
        variables = _variables_by_key(self)

        def saved_key(key):
            return key if key in arrays else aliases.get(key)

        for key, var in variables.items():
            found = saved_key(key)
            if found is not None and tuple(arrays[found].shape) != tuple(var.shape):
                raise ValueError(
                    f"Received incompatible tensor with shape {arrays[found].shape} when "
                    f"attempting to restore variable with shape {tuple(var.shape)} and "
                    f"name {key}."
                )
        matched = [key for key in variables if saved_key(key) is not None]
        for key in matched:
            variables[key].assign(arrays[saved_key(key)].astype(variables[key].dtype.name))
        unused = set(arrays) - {saved_key(key) for key in matched}
        for key in unused:
            if key.endswith(_VALUE_SUFFIX):  # (an iterator's position waits for nothing)
                _defer(self, key[: -len(_VALUE_SUFFIX)], arrays[key])
        for alias, key in aliases.items():
            if key in unused and alias not in variables:
                _defer(self, alias[: -len(_VALUE_SUFFIX)], arrays[key])
        return LoadStatus(unused, set(variables) - set(matched), bool(matched))


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
