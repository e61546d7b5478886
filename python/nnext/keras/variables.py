"""``keras.Variable``: a Keras 3 variable, named and printed as Keras names and prints it.

A subclass of the core's Variable (so every op, the tape and the optimizer kernels take it
as a ``tf.Variable``), with Keras's face instead of TensorFlow's:

- ``name`` is the name it was given (``'kernel'``), without TensorFlow's ``:0`` and without
  the name scope: the core stores exactly this name, so the tape's ``watched_variables``
  report it too.
- ``path`` is where it lives: the name scope and the name (``'dense/kernel'``); a layer's,
  metric's or optimizer's variables are created with their owner's name as the scope.
- ``repr``/``str`` are Keras's ``KerasVariable.__repr__``: ``<Variable path=dense/kernel,
  shape=(3, 2), dtype=float32, value=[[...]]>`` (``value=`` is ``str`` of the NumPy array).

Every variable that Keras itself creates (layer weights, metric state, optimizer slots and
counters, seed generator state, RNN states) is one of these; ``tf.Variable`` stays the
core's class, named ``'x:0'`` (nnext/variables.py).
"""

import weakref

import numpy as np

from nnext import _core
from nnext import variables as tf_variables
from nnext.keras import config
from nnext.keras.utils.naming import auto_name
from nnext.module import _name_scope_prefix

__all__ = ["Variable", "owned_variable"]

# The Keras variable behind each core variable id, so that another Python object for the
# same variable (the core's watched_variables and compiled outputs make new ones) prints as
# Keras prints it and knows its path.
_BY_ID = weakref.WeakValueDictionary()

_AGGREGATIONS = (None, "none", "mean", "sum", "only_first_replica")
_SYNCHRONIZATIONS = (None, "none", "on_read", "on_write", "auto")


def _keras_dtype(value):
    # Keras converts an initial value as its backends do: 64-bit floats and integers become
    # floatx() and int32 (an nnext Tensor keeps its dtype).
    if isinstance(value, _core.Tensor):
        return None
    kind = np.asarray(value).dtype
    if kind == np.float64:
        return config.floatx()
    if kind == np.int64:
        return "int32"
    return None


class Variable(_core.Variable):
    """A Keras variable: a mutable tensor with a name and a path.

    Args:
        initializer: the initial value (array, number, Tensor), or an initializer (a name
            such as ``'zeros'``, or a callable taking ``(shape, dtype)``), which then needs
            ``shape``.
        shape: the shape, for an initializer.
        dtype: the dtype; by default the initial value's (64-bit values become
            ``floatx()`` and int32, as in Keras), or ``floatx()`` for an initializer.
        trainable: whether optimizers update it.
        autocast: kept for Keras programs (nnext computes in the variable's dtype).
        aggregation: ``'none'``, ``'mean'``, ``'sum'`` or ``'only_first_replica'``.
        synchronization: ``'none'``, ``'on_read'``, ``'on_write'`` or ``'auto'``.
        name: the name (``'variable'``, ``'variable_1'`` ... by default); no ``/``.

    Example:
        >>> v = keras.Variable(np.ones(2, np.float32), name="w")
        >>> (v.name, v.path)
        ('w', 'w')
        >>> v
        <Variable path=w, shape=(2,), dtype=float32, value=[1. 1.]>
    """

    def __init__(
        self,
        initializer,
        shape=None,
        dtype=None,
        trainable=True,
        autocast=True,
        aggregation="none",
        synchronization="auto",
        name=None,
        **kwargs,
    ):
        kwargs.pop("layout", None)
        if kwargs:
            raise TypeError(f"Variable() got unexpected keyword arguments: {sorted(kwargs)}")
        name = name or auto_name(type(self).__name__)
        if not isinstance(name, str) or "/" in name:
            raise ValueError(
                "Argument `name` must be a string and cannot contain character `/`. "
                f"Received: name={name}"
            )
        if aggregation not in _AGGREGATIONS:
            raise ValueError(
                "Invalid value for argument `aggregation`. Expected one of `None`, "
                "`'none'`, `'mean'`, `'sum'`, `'only_first_replica'`. "
                f"Received: aggregation={aggregation}"
            )
        if synchronization not in _SYNCHRONIZATIONS:
            raise ValueError(
                "Invalid value for argument `synchronization`. Expected one of `None`, "
                "`'none'`, `'on_read'`, `'on_write'`, `'auto'`. "
                f"Received: synchronization={synchronization}"
            )
        if isinstance(initializer, str):
            from nnext.keras import initializers  # initializers import saving: load late

            initializer = initializers.get(initializer)
        if callable(initializer) and not isinstance(initializer, _core.Tensor):
            if shape is None:
                raise ValueError(
                    "When creating a Variable from an initializer, the `shape` argument "
                    f"should be specified. Received: initializer={initializer} "
                    f"and shape={shape}"
                )
            dtype = dtype or config.floatx()
            value = initializer(tuple(int(d) for d in shape), dtype=dtype)
        else:
            value = initializer
            dtype = dtype or _keras_dtype(value)
        super().__init__(value, trainable=trainable, name=name, dtype=dtype)
        tf_variables.set_stored_name(self, name)  # Keras's name: no name scope, no ':0'
        scope = _name_scope_prefix()
        self._path = f"{scope}{name}"
        self.autocast = bool(autocast)
        self.aggregation = aggregation or "none"
        self.synchronization = synchronization or "none"
        _BY_ID[self._id] = self

    # Keras's string forms, where tf.Variable's properties give enums: plain attributes here.
    aggregation = "none"
    synchronization = "auto"

    @property
    def name(self):
        """The variable's name, e.g. ``'kernel'``."""
        return tf_variables.stored_name(self)

    @property
    def constraint(self):
        """The projection the optimizer applies after each update, or None."""
        return self.__dict__.get("_constraint")

    @constraint.setter
    def constraint(self, value):
        if value is not None and not callable(value):
            raise ValueError(
                "Invalid value for attribute `constraint`. Expected a callable (such as a "
                "`keras.constraints.Constraint` instance) or `None`. "
                f"Received: constraint={value}"
            )
        self._constraint = value

    @property
    def path(self):
        """Where the variable lives: its owner's name and its own, e.g. ``'dense/kernel'``."""
        return self._path

    def __repr__(self):
        return (
            f"<Variable path={self.path}, shape={tuple(int(d) for d in self.shape)}, "
            f"dtype={self.dtype.name}, value={self.numpy()}>"
        )

    __str__ = __repr__

    def _state(self):
        return (
            self.trainable,
            self.name,
            self.path,
            self.autocast,
            self.aggregation,
            self.synchronization,
        )

    def __copy__(self):
        return _restore(type(self), self, *self._state())

    def __deepcopy__(self, memo):
        return self.__copy__()

    def __reduce__(self):
        return _restore, (type(self), self.numpy().copy(), *self._state())


def _restore(cls, value, trainable, name, path, autocast, aggregation, synchronization):
    """A copy (or unpickled) Keras variable: the same name, path and flags."""
    variable = tf_variables.restore(cls, value, trainable, name)
    variable._path = path
    variable.autocast, variable.aggregation = autocast, aggregation
    variable.synchronization = synchronization
    _BY_ID[variable._id] = variable
    return variable


def owned_variable(owner, value, name, trainable=False, dtype=None):
    """A Keras Variable of `owner` (a layer, metric, optimizer or seed generator, named
    ``owner.name``), at Keras's path ``'<owner>/<name>'``."""
    variable = Variable(value, trainable=trainable, name=name, dtype=dtype)
    variable._path = f"{owner.name}/{variable.name}"
    return variable


def _core_repr(self) -> str:
    keras_variable = _BY_ID.get(self._id)
    if keras_variable is not None:
        return repr(keras_variable)
    return _TF_REPR(self)


def _core_path(self) -> str:
    keras_variable = _BY_ID.get(self._id)
    if keras_variable is None:
        raise AttributeError(f"'{type(self).__name__}' object has no attribute 'path'")
    return keras_variable.path


# Another Python object of a Keras variable (from the core) prints and paths as Keras's; a
# tf.Variable has no path (AttributeError, so `getattr(v, "path", None)` is None).
_TF_REPR = _core.Variable.__repr__
_core.Variable.__repr__ = _core_repr
_core.Variable.__str__ = _core_repr
_core.Variable.path = property(_core_path)
