"""``tf.Variable``'s name and printed forms, and ``tf.Tensor``'s repr, as TensorFlow 2.21's.

The Variable class lives in the C++ core; this module gives it TensorFlow's Python face:

- ``name`` is TensorFlow's tensor name, ``'x:0'`` (``'Variable:0'`` by default, ``'a/x:0'``
  under ``tf.name_scope('a')``). The ``:0`` is stored in the core itself (the constructor
  appends it), so every Python object the core hands back for the same variable (the tape's
  ``watched_variables``, a compiled function's outputs) reports the same name. Keras
  variables (``nnext.keras.Variable``, a subclass) store their Keras name, without ``:0``.
- ``repr(v)`` and ``str(v)`` are TensorFlow's ``<tf.Variable 'x:0' shape=() dtype=float32,
  numpy=1.0>``, with the type named ``nnext.Variable`` as ``nnext.Tensor`` names the tensor
  (docs/migrating.md: printed forms name nnext where TensorFlow names itself).
- ``numpy=`` is ``ops.numpy_text``'s: NumPy's repr of the value, on a line of its own when
  it spans several, and for a rank-0 value the repr of the Python scalar (``numpy=1.0``,
  ``numpy=3``, ``numpy=True``), for tensors and variables alike.
"""

import typing

from nnext import _core, tensor_shape, variable_options

__all__ = []

_CORE_INIT = _core.Variable.__init__
_RAW_NAME = _core.Variable.__dict__["name"]  # the core's stored name (getter and setter)
_SUFFIX = ":0"
_TYPE_NAMES = {_core.Tensor: "nnext.Tensor", _core.Variable: "nnext.Variable"}


def numpy_text(tensor, is_repr=False):
    """TensorFlow's ``ops.numpy_text``: the value as its repr (or str) in a printed form.

    A rank-0 value's repr is the Python scalar's (``1.0``, not ``np.float32(1.0)`` nor
    ``array(1., dtype=float32)``); text spanning several lines starts on a new line.
    """
    values = tensor.numpy()
    if is_repr:
        text = repr(values.item()) if values.ndim == 0 else repr(values)
    else:
        text = str(values)
    return "\n" + text if "\n" in text else text


def _shape_text(tensor):
    # TensorShape's str: (), (2,), (3, 2)
    return str(tuple(int(d) for d in tensor.shape))


def _tensor_repr(self) -> str:
    return (
        f"<{_TYPE_NAMES[_core.Tensor]}: shape={_shape_text(self)}, dtype={self.dtype.name}, "
        f"numpy={numpy_text(self, is_repr=True)}>"
    )


def _variable_repr(self) -> str:
    return (
        f"<{_TYPE_NAMES[_core.Variable]} '{self.name}' shape={_shape_text(self)} "
        f"dtype={self.dtype.name}, numpy={numpy_text(self, is_repr=True)}>"
    )


def _variable_init(
    self,
    initial_value: typing.Any = None,
    trainable: bool | None = None,
    validate_shape: bool = True,
    caching_device: typing.Any = None,
    name: str | None = None,
    variable_def: typing.Any = None,
    dtype: typing.Any = None,
    import_scope: str | None = None,
    constraint: typing.Any = None,
    synchronization: typing.Any = variable_options.VariableSynchronization.AUTO,
    aggregation: typing.Any = variable_options.VariableAggregation.NONE,
    shape: typing.Any = None,
    experimental_enable_variable_lifting: bool = True,
) -> None:
    """TensorFlow's constructor; the stored name is TensorFlow's, with its ``:0``.

    ``caching_device``, ``import_scope`` and ``experimental_enable_variable_lifting`` place
    or lift variables across devices and graphs, which one eager device has no use for;
    ``variable_def`` (a graph's VariableDef proto) is refused. ``shape``, when given, must be
    compatible with the value's shape.
    """
    del caching_device, import_scope, experimental_enable_variable_lifting, validate_shape
    if variable_def is not None:
        raise ValueError("variable_def (a graph's VariableDef proto) is not supported by nnext")
    trainable, synchronization, aggregation = variable_options.checked(
        trainable, synchronization, aggregation, constraint
    )
    _CORE_INIT(self, initial_value, trainable, name, dtype)
    if shape is not None and not tensor_shape.TensorShape(shape).is_compatible_with(self.shape):
        raise ValueError(
            f"The initial value's shape ({tensor_shape.TensorShape(self.shape)}) is not "
            f"compatible with the explicitly supplied `shape` argument ({shape})."
        )
    _RAW_NAME.fset(self, _RAW_NAME.fget(self) + _SUFFIX)
    self._constraint, self._synchronization, self._aggregation = (
        constraint,
        synchronization,
        aggregation,
    )


def _shared_name(self) -> str:
    """The name without TensorFlow's ``:0`` output index (TF's ``_shared_name``)."""
    name = _RAW_NAME.fget(self)
    return name.removesuffix(_SUFFIX)


# Variables made by the core without this constructor (a copy, a restored one) have the
# defaults.
def _constraint(self) -> typing.Any:
    return self.__dict__.get("_constraint")


def _synchronization(self) -> variable_options.VariableSynchronization:
    return self.__dict__.get("_synchronization", variable_options.VariableSynchronization.AUTO)


def _aggregation(self) -> variable_options.VariableAggregation:
    return self.__dict__.get("_aggregation", variable_options.VariableAggregation.NONE)


def stored_name(variable):
    """The name the core stores for `variable` (with ``:0`` for a ``tf.Variable``)."""
    return _RAW_NAME.fget(variable)


def set_stored_name(variable, name):
    """Stores `name` as the variable's name in the core, exactly as given."""
    _RAW_NAME.fset(variable, name)


def restore(cls, value, trainable, name):
    """A variable of class ``cls`` holding ``value``, with exactly the stored ``name``
    (no name scope prefix, no second ``:0``): copies and unpickling go through here."""
    variable = cls.__new__(cls)
    _CORE_INIT(variable, value, trainable, None, None)
    _RAW_NAME.fset(variable, name)
    return variable


def _copy(self) -> typing.Any:
    return restore(type(self), self, self.trainable, _RAW_NAME.fget(self))


def _deepcopy(self, memo: typing.Any) -> typing.Any:
    return _copy(self)


def _reduce(self) -> tuple[typing.Any, tuple[typing.Any, ...]]:
    return restore, (type(self), self.numpy().copy(), self.trainable, _RAW_NAME.fget(self))


def _install():
    tensor, variable = _core.Tensor, _core.Variable
    tensor.__repr__ = _tensor_repr
    variable.__init__ = _variable_init
    variable.__repr__ = _variable_repr
    variable.__str__ = _variable_repr  # print(variable) shows the repr, as TensorFlow's
    variable.name = property(
        _RAW_NAME.fget, doc="TensorFlow's name of the variable: 'x:0', 'scope/x:0'."
    )
    variable._shared_name = property(_shared_name)
    variable.constraint = property(_constraint, doc="The projection optimizers apply, or None.")
    variable.synchronization = property(_synchronization)
    variable.aggregation = property(_aggregation)
    variable.__copy__ = _copy
    variable.__deepcopy__ = _deepcopy
    variable.__reduce__ = _reduce


_install()
