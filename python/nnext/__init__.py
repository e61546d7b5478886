"""nnext: the TensorFlow/Keras programming model on a C++ core.

``import nnext as tf`` gives the tensor level (``tf.constant``, ``tf.reduce_sum``,
``tf.GradientTape``, ...); ``nnext.keras`` is the Keras-like model level.

This file is only the package's face: every top-level name is defined in a submodule and
listed in that submodule's ``__all__``; the loop below copies those names here. Nothing
inside nnext imports this face, so the order in which submodules load cannot matter.
"""

# First: the OpenMP/OpenBLAS settings read when those libraries start, and the kernels of
# the best x86-64 level this CPU supports, to which _core then binds (nnext/_runtime.py).
from nnext import _runtime  # noqa: F401

# isort: split
# Next: tf.Variable's name ('x:0') and TensorFlow's printed forms on the core's classes, before
# any submodule creates a variable (nnext/variables.py).
from nnext import variables  # noqa: F401

# isort: split
from nnext import (  # noqa: F401  (namespaces: nnext.data, nnext.nn, nnext.train, ...)
    _core,
    _tape,
    aggregation_method,
    array_ops,
    array_utils,
    audio,
    autodiff,
    autograph,
    bitwise,
    cast_ops,
    config,
    control_flow,
    conv_backprop_ops,
    creation,
    data,
    debugging,
    device_spec,
    devices,
    distribute,
    dtypes,
    eager_compat,
    errors,
    experimental,
    image,
    io,
    keras,
    linalg,
    lookup,
    math,
    matrix_functions,
    module,
    nest,
    nn,
    partition_ops,
    random,
    saved_model,
    signal,
    slicing,
    space_batch_ops,
    space_batch_utils,
    string_array_ops,
    strings,
    summary,
    sysconfig,
    tensor_array,
    tensor_shape,
    tensor_spec,
    train,
    variable_options,
    version,
)
from nnext import function as _function_module
from nnext import testing as test  # noqa: F401  (tf.test)

# Modules whose whole `__all__` is part of the top level (as `tf.reduce_sum` is also
# `tf.math.reduce_sum`). Namespaces (`nnext.nn`, `nnext.linalg`, ...) stay namespaces.
_FACE_MODULES = (
    _tape,
    aggregation_method,
    array_ops,
    array_utils,
    autodiff,
    cast_ops,
    config,
    control_flow,
    conv_backprop_ops,
    creation,
    dtypes,
    eager_compat,
    math,
    partition_ops,
    space_batch_ops,
    space_batch_utils,
    tensor_array,
    variable_options,
)

# Names of other modules that TensorFlow also has at its top level.
_ALSO_AT_TOP = {
    _core: (
        "Tensor",
        "Variable",
        "broadcast_to",
        "matmul",
        "squeeze",
        "transpose",
    ),
    string_array_ops: ("expand_dims", "reshape"),
    strings: ("as_string",),
    linalg: ("einsum", "norm"),
    matrix_functions: ("matrix_square_root",),
    random: ("set_seed",),
    module: ("Module", "name_scope"),
    _function_module: ("function", "executing_eagerly"),
    tensor_shape: ("TensorShape",),
    tensor_spec: ("TensorSpec",),
    devices: ("device",),
    device_spec: ("DeviceSpec",),
    debugging: ("Assert", "assert_equal", "assert_greater", "assert_less", "assert_rank", "print"),
    slicing: tuple(name for name in slicing.__all__ if name != "global_norm"),
    keras: (
        "Input",
        "Model",
        "Sequential",
        "activations",
        "callbacks",
        "datasets",
        "initializers",
        "layers",
        "losses",
        "metrics",
        "models",
        "optimizers",
        "utils",
    ),
}


def _face_names():
    for source in _FACE_MODULES:
        for name in source.__all__:
            yield name, getattr(source, name)
    for source, names in _ALSO_AT_TOP.items():
        for name in names:
            yield name, getattr(source, name)


globals().update(_face_names())

__version__ = version.VERSION

# The list is computed from the submodules, which is what keeps it from drifting.
__all__ = sorted(  # noqa: PLE0605
    {name for name, _ in _face_names()}
    | {
        "audio",
        "autograph",
        "bitwise",
        "config",
        "data",
        "debugging",
        "distribute",
        "errors",
        "experimental",
        "image",
        "io",
        "keras",
        "linalg",
        "lookup",
        "math",
        "nest",
        "nn",
        "random",
        "saved_model",
        "signal",
        "strings",
        "summary",
        "sysconfig",
        "test",
        "train",
        "version",
        "__version__",
    }
)
