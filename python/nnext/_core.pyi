"""
nnext's C++ core: tensors, kernels, autodiff
"""
from __future__ import annotations
import collections.abc
import nnext.variable_options
import typing
__all__: list[str] = ['Tensor', 'Variable', 'abs', 'adadelta_update', 'adagrad_update', 'adam_update', 'adamax_update', 'adamw_update', 'add', 'angle', 'arccos', 'arccosh', 'arcsin', 'arcsinh', 'arctan', 'arctan2', 'arctanh', 'argmax', 'argmin', 'argsort', 'avg_pool', 'bitwise_and', 'bitwise_invert', 'bitwise_left_shift', 'bitwise_or', 'bitwise_right_shift', 'bitwise_xor', 'boolean_mask', 'broadcast_to', 'cast', 'cbrt', 'ceil', 'clip_by_value', 'complex', 'concat', 'conj', 'conv', 'conv_backprop_filter', 'conv_backprop_input', 'convert_to_tensor', 'cos', 'cosh', 'cumprod', 'cumsum', 'dense', 'divide', 'elu', 'empty_cache', 'equal', 'erf', 'erfc', 'erfinv', 'exp', 'expand_dims', 'expm1', 'eye', 'floor', 'floordiv', 'fmod', 'ftrl_update', 'gather', 'gather_nd', 'gcd', 'gelu', 'get_num_threads', 'greater', 'greater_equal', 'gru', 'hypot', 'imag', 'is_finite', 'is_inf', 'is_nan', 'lamb_update', 'lcm', 'leaky_relu', 'less', 'less_equal', 'linalg_cholesky', 'linalg_det', 'linalg_eigh', 'linalg_inv', 'linalg_lstsq', 'linalg_lu', 'linalg_lu_factor', 'linalg_qr', 'linalg_slogdet', 'linalg_solve', 'linalg_solve_triangular', 'linalg_svd', 'linalg_tridiagonal_solve', 'lion_update', 'log', 'log1p', 'log_softmax', 'logical_and', 'logical_not', 'logical_or', 'lstm', 'matmul', 'max_pool', 'max_pool_with_argmax', 'maximum', 'memory_stats', 'minimum', 'mod', 'multiply', 'nadam_update', 'negative', 'nextafter', 'nonzero', 'not_equal', 'one_hot', 'ones', 'ones_like', 'pad', 'pow', 'random_normal', 'random_permutation', 'random_uniform', 'real', 'reduce_all', 'reduce_any', 'reduce_max', 'reduce_mean', 'reduce_min', 'reduce_prod', 'reduce_sum', 'relu', 'relu_grad', 'reset_peak_memory', 'reshape', 'rmsprop_update', 'round_half_even', 'scatter_nd', 'schedule_free_adamw_update', 'set_num_threads', 'set_seed', 'sgd_update', 'sigmoid', 'sigmoid_cross_entropy_with_logits', 'sign', 'signbit', 'simple_rnn', 'sin', 'sinh', 'softmax', 'softmax_cross_entropy_with_logits', 'softplus', 'sparse_softmax_cross_entropy_with_logits', 'split', 'sqrt', 'square', 'squeeze', 'stack', 'subtract', 'tan', 'tanh', 'tile', 'top_k_indices', 'transpose', 'trunc', 'truncated_normal', 'unstack', 'where', 'zeros', 'zeros_like']
class Tensor:
    """
    An n-dimensional array: shape, dtype and values.
    """
    __array_priority__: typing.ClassVar[int] = 1000
    def __abs__(self) -> Tensor:
        ...
    def __add__(self, arg0: typing.Any) -> Tensor:
        ...
    def __and__(self, arg0: typing.Any) -> Tensor:
        ...
    def __array__(self, dtype: typing.Any = None, copy: typing.Any = None) -> numpy.ndarray:
        ...
    def __bool__(self) -> bool:
        ...
    def __complex__(self) -> typing.Any:
        ...
    def __copy__(self) -> typing.Any:
        ...
    def __deepcopy__(self, arg0: typing.Any) -> Tensor:
        ...
    def __dlpack__(self, **kwargs) -> typing.Any:
        ...
    def __dlpack_device__(self) -> tuple[int, int]:
        ...
    def __eq__(self, arg0: typing.Any) -> typing.Any:
        ...
    def __float__(self) -> float:
        ...
    def __floordiv__(self, arg0: typing.Any) -> Tensor:
        ...
    def __format__(self, arg0: str) -> typing.Any:
        ...
    def __ge__(self, arg0: typing.Any) -> Tensor:
        ...
    def __getitem__(self, arg0: typing.Any) -> Tensor:
        ...
    def __gt__(self, arg0: typing.Any) -> Tensor:
        ...
    def __hash__(self) -> int:
        ...
    def __index__(self) -> int:
        ...
    def __int__(self) -> int:
        ...
    def __invert__(self) -> Tensor:
        ...
    def __iter__(self) -> collections.abc.Iterator:
        ...
    def __le__(self, arg0: typing.Any) -> Tensor:
        ...
    def __len__(self) -> int:
        ...
    def __lt__(self, arg0: typing.Any) -> Tensor:
        ...
    def __matmul__(self, arg0: typing.Any) -> Tensor:
        ...
    def __mod__(self, arg0: typing.Any) -> Tensor:
        ...
    def __mul__(self, arg0: typing.Any) -> Tensor:
        ...
    def __ne__(self, arg0: typing.Any) -> typing.Any:
        ...
    def __neg__(self) -> Tensor:
        ...
    def __or__(self, arg0: typing.Any) -> Tensor:
        ...
    def __pow__(self, arg0: typing.Any) -> Tensor:
        ...
    def __radd__(self, arg0: typing.Any) -> Tensor:
        ...
    def __rand__(self, arg0: typing.Any) -> Tensor:
        ...
    def __reduce__(self) -> tuple[..., tuple[typing.Any]]:
        ...
    def __repr__(self) -> str:
        ...
    def __rfloordiv__(self, arg0: typing.Any) -> Tensor:
        ...
    def __rmatmul__(self, arg0: typing.Any) -> Tensor:
        ...
    def __rmod__(self, arg0: typing.Any) -> Tensor:
        ...
    def __rmul__(self, arg0: typing.Any) -> Tensor:
        ...
    def __ror__(self, arg0: typing.Any) -> Tensor:
        ...
    def __rpow__(self, arg0: typing.Any) -> Tensor:
        ...
    def __rsub__(self, arg0: typing.Any) -> Tensor:
        ...
    def __rtruediv__(self, arg0: typing.Any) -> Tensor:
        ...
    def __str__(self) -> str:
        ...
    def __sub__(self, arg0: typing.Any) -> Tensor:
        ...
    def __truediv__(self, arg0: typing.Any) -> Tensor:
        ...
    def numpy(self) -> typing.Any:
        ...
    @property
    def T(self) -> Tensor:
        ...
    @property
    def _id(self) -> int:
        ...
    @property
    def _keras_mask(self):
        """
        The mask attached to `x` (a bool tensor), or None.
        """
    @_keras_mask.setter
    def _keras_mask(self, mask):
        """
        Attaches `mask` to `x` (None removes it).
        """
    @property
    def device(self) -> str:
        ...
    @property
    def dtype(self) -> typing.Any:
        ...
    @property
    def ndim(self) -> int:
        ...
    @property
    def shape(self) -> typing.Any:
        ...
    @property
    def size(self) -> int:
        ...
class Variable(Tensor):
    """
    A mutable tensor: model weights and optimizer state.
    """
    trainable: bool
    def __copy__(self) -> typing.Any:
        ...
    def __deepcopy__(self, memo: typing.Any) -> typing.Any:
        ...
    def __init__(self, initial_value: typing.Any = None, trainable: bool | None = None, validate_shape: bool = True, caching_device: typing.Any = None, name: str | None = None, variable_def: typing.Any = None, dtype: typing.Any = None, import_scope: str | None = None, constraint: typing.Any = None, synchronization: typing.Any = ..., aggregation: typing.Any = ..., shape: typing.Any = None, experimental_enable_variable_lifting: bool = True) -> None:
        """
        TensorFlow's constructor; the stored name is TensorFlow's, with its ``:0``.
        
            ``caching_device``, ``import_scope`` and ``experimental_enable_variable_lifting`` place
            or lift variables across devices and graphs, which one eager device has no use for;
            ``variable_def`` (a graph's VariableDef proto) is refused. ``shape``, when given, must be
            compatible with the value's shape.
            
        """
    def __reduce__(self) -> tuple[typing.Any, tuple[typing.Any, ...]]:
        ...
    def __repr__(self) -> str:
        ...
    def __str__(self) -> str:
        ...
    def assign(self, value: typing.Any) -> typing.Any:
        ...
    def assign_add(self, delta: typing.Any) -> typing.Any:
        ...
    def assign_sub(self, delta: typing.Any) -> typing.Any:
        ...
    def read_value(self) -> Tensor:
        ...
    def value(self) -> Tensor:
        ...
    @property
    def _shared_name(self) -> str:
        """
        The name without TensorFlow's ``:0`` output index (TF's ``_shared_name``).
        """
    @property
    def aggregation(self) -> nnext.variable_options.VariableAggregation:
        ...
    @property
    def constraint(self) -> typing.Any:
        """
        The projection optimizers apply, or None.
        """
    @property
    def name(self) -> str:
        """
        TensorFlow's name of the variable: 'x:0', 'scope/x:0'.
        """
    @property
    def path(self) -> str:
        ...
    @property
    def synchronization(self) -> nnext.variable_options.VariableSynchronization:
        ...
class _Tape:
    persistent: bool
    def __init__(self, persistent: bool, watch_accessed_variables: bool) -> None:
        ...
    def gradient(self, arg0: collections.abc.Sequence[Tensor], arg1: collections.abc.Sequence[Tensor], arg2: list) -> list:
        ...
    def pop(self) -> None:
        ...
    def push(self) -> None:
        ...
    def watch(self, arg0: Tensor) -> None:
        ...
    def watched_variables(self) -> list:
        ...
    @property
    def recording(self) -> bool:
        ...
class _Trace:
    def __init__(self) -> None:
        ...
    def begin(self) -> None:
        ...
    def check_output(self, arg0: Tensor) -> None:
        ...
    def end(self) -> None:
        ...
    def fail(self, arg0: str) -> None:
        ...
    def input(self, arg0: Tensor) -> Tensor:
        ...
    def replay(self, arg0: collections.abc.Sequence[Tensor], arg1: collections.abc.Sequence[Tensor]) -> list:
        ...
    @property
    def created_variables(self) -> bool:
        ...
    @property
    def failure(self) -> typing.Any:
        ...
    @property
    def num_steps(self) -> int:
        ...
def _any_tape() -> bool:
    ...
def _build_config() -> dict:
    ...
def _call_with_custom_gradient(inputs: collections.abc.Sequence[Tensor], forward: collections.abc.Callable) -> list[Tensor]:
    ...
def _full(arg0: typing.Any, arg1: typing.SupportsFloat | typing.SupportsIndex, arg2: typing.Any) -> Tensor:
    ...
def _linspace(arg0: typing.SupportsFloat | typing.SupportsIndex, arg1: typing.SupportsFloat | typing.SupportsIndex, arg2: typing.SupportsInt | typing.SupportsIndex, arg3: typing.Any) -> Tensor:
    ...
def _range(arg0: typing.SupportsFloat | typing.SupportsIndex, arg1: typing.SupportsFloat | typing.SupportsIndex, arg2: typing.SupportsFloat | typing.SupportsIndex, arg3: typing.Any) -> Tensor:
    ...
def _register_dtypes(arg0: list) -> None:
    ...
def _stateless_random(shape: typing.Any, key0: typing.Any, key1: typing.Any, kind: str, a: typing.SupportsFloat | typing.SupportsIndex, b: typing.SupportsFloat | typing.SupportsIndex, dtype: typing.Any) -> Tensor:
    ...
def _trace_active() -> bool:
    ...
def _trace_note_read(arg0: Tensor, arg1: str) -> None:
    ...
def abs(x: typing.Any, name: typing.Any = None) -> Tensor:
    """
    Computes the absolute value of x, elementwise.
    
    Args:
      x: A tensor, or anything convert_to_tensor accepts.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A tensor of x's shape and dtype.
    """
def adadelta_update(var: typing.Any, grad: typing.Any, accumulated_grad: typing.Any, accumulated_delta: typing.Any, learning_rate: typing.Any, rho: typing.SupportsFloat | typing.SupportsIndex, epsilon: typing.SupportsFloat | typing.SupportsIndex) -> None:
    ...
def adagrad_update(var: typing.Any, grad: typing.Any, accumulator: typing.Any, learning_rate: typing.Any, epsilon: typing.SupportsFloat | typing.SupportsIndex) -> None:
    ...
def adam_update(var: typing.Any, grad: typing.Any, m: typing.Any, v: typing.Any, vhat: typing.Any, learning_rate: typing.Any, beta_1: typing.SupportsFloat | typing.SupportsIndex, beta_2: typing.SupportsFloat | typing.SupportsIndex, epsilon: typing.SupportsFloat | typing.SupportsIndex, step: typing.Any) -> None:
    ...
def adamax_update(var: typing.Any, grad: typing.Any, m: typing.Any, u: typing.Any, learning_rate: typing.Any, beta_1: typing.SupportsFloat | typing.SupportsIndex, beta_2: typing.SupportsFloat | typing.SupportsIndex, epsilon: typing.SupportsFloat | typing.SupportsIndex, step: typing.Any) -> None:
    ...
def adamw_update(var: typing.Any, grad: typing.Any, m: typing.Any, v: typing.Any, vhat: typing.Any, learning_rate: typing.Any, beta_1: typing.SupportsFloat | typing.SupportsIndex, beta_2: typing.SupportsFloat | typing.SupportsIndex, epsilon: typing.SupportsFloat | typing.SupportsIndex, step: typing.Any, weight_decay: typing.SupportsFloat | typing.SupportsIndex) -> None:
    ...
def add(x: typing.Any, y: typing.Any, name: typing.Any = None) -> Tensor:
    """
    Returns x + y elementwise (integers wrap around, as NumPy).
    
    Args:
      x: A tensor, array or Python number.
      y: Likewise; x and y broadcast as in NumPy.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A tensor of the broadcast shape in the promoted dtype (NumPy 2 rules: Python
      numbers are weak).
    
    Raises:
      ValueError: if the shapes do not broadcast.
    """
def angle(input: typing.Any, name: typing.Any = None) -> Tensor:
    ...
def arccos(x: typing.Any, name: typing.Any = None) -> Tensor:
    """
    Computes the inverse cosine of x, elementwise (NaN outside [-1, 1]).
    
    Args:
      x: A tensor, or anything convert_to_tensor accepts; bool computes in float32,
        integers in float64.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A float tensor of x's shape.
    """
def arccosh(x: typing.Any, name: typing.Any = None) -> Tensor:
    """
    Computes the inverse hyperbolic cosine of x, elementwise (NaN below 1).
    
    Args:
      x: A tensor, or anything convert_to_tensor accepts; bool computes in float32,
        integers in float64.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A float tensor of x's shape.
    """
def arcsin(x: typing.Any, name: typing.Any = None) -> Tensor:
    """
    Computes the inverse sine of x, elementwise (NaN outside [-1, 1]).
    
    Args:
      x: A tensor, or anything convert_to_tensor accepts; bool computes in float32,
        integers in float64.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A float tensor of x's shape.
    """
def arcsinh(x: typing.Any, name: typing.Any = None) -> Tensor:
    """
    Computes the inverse hyperbolic sine of x, elementwise.
    
    Args:
      x: A tensor, or anything convert_to_tensor accepts; bool computes in float32,
        integers in float64.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A float tensor of x's shape.
    """
def arctan(x: typing.Any, name: typing.Any = None) -> Tensor:
    """
    Computes the inverse tangent of x, elementwise.
    
    Args:
      x: A tensor, or anything convert_to_tensor accepts; bool computes in float32,
        integers in float64.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A float tensor of x's shape.
    """
def arctan2(x: typing.Any, y: typing.Any, name: typing.Any = None) -> Tensor:
    """
    Computes atan2(x, y) elementwise: the angle in radians, in [-pi, pi], of the point with ordinate x and abscissa y.
    
    Args:
      x: A tensor, array or Python number.
      y: Likewise; x and y broadcast as in NumPy.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A float tensor of the broadcast shape (bool and integers promote to a float
      type).
    
    Raises:
      ValueError: if the shapes do not broadcast.
    """
def arctanh(x: typing.Any, name: typing.Any = None) -> Tensor:
    """
    Computes the inverse hyperbolic tangent of x, elementwise.
    
    Args:
      x: A tensor, or anything convert_to_tensor accepts; bool computes in float32,
        integers in float64.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A float tensor of x's shape.
    """
def argmax(input: typing.Any, axis: typing.Any = None, output_type: typing.Any = 'int64', name: typing.Any = None) -> Tensor:
    """
    Returns the index of the largest value along an axis (first of ties).
    
    Args:
      input: A tensor, or anything convert_to_tensor accepts.
      axis: An int; None means 0, as TensorFlow.
      output_type: int64 (the default) or int32.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      An integer tensor of input's shape without `axis`.
    
    Raises:
      ValueError: if the axis is out of range or has size 0.
    """
def argmin(input: typing.Any, axis: typing.Any = None, output_type: typing.Any = 'int64', name: typing.Any = None) -> Tensor:
    """
    Returns the index of the smallest value along an axis (first of ties).
    
    Args:
      input: A tensor, or anything convert_to_tensor accepts.
      axis: An int; None means 0, as TensorFlow.
      output_type: int64 (the default) or int32.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      An integer tensor of input's shape without `axis`.
    
    Raises:
      ValueError: if the axis is out of range or has size 0.
    """
def argsort(x: typing.Any, axis: typing.SupportsInt | typing.SupportsIndex = -1, descending: bool = False) -> Tensor:
    ...
def avg_pool(input: typing.Any, ksize: typing.Any, strides: typing.Any, padding: typing.Any, op: str = 'avg_pool') -> Tensor:
    ...
def bitwise_and(x: typing.Any, y: typing.Any, name: typing.Any = None) -> Tensor:
    """
    Computes the bitwise AND of x and y, elementwise.
    
    Args:
      x: An integer or bool tensor, array or Python int.
      y: Likewise; x and y broadcast as in NumPy.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A tensor of the broadcast shape in the promoted integer dtype.
    
    Raises:
      TypeError: for float operands.
    """
def bitwise_invert(x: typing.Any, name: typing.Any = None) -> Tensor:
    ...
def bitwise_left_shift(x: typing.Any, y: typing.Any, name: typing.Any = None) -> Tensor:
    """
    Shifts the bits of x left by y places, elementwise.
    
    Args:
      x: An integer or bool tensor, array or Python int.
      y: Likewise; x and y broadcast as in NumPy.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A tensor of the broadcast shape in the promoted integer dtype.
    
    Raises:
      TypeError: for float operands.
    """
def bitwise_or(x: typing.Any, y: typing.Any, name: typing.Any = None) -> Tensor:
    """
    Computes the bitwise OR of x and y, elementwise.
    
    Args:
      x: An integer or bool tensor, array or Python int.
      y: Likewise; x and y broadcast as in NumPy.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A tensor of the broadcast shape in the promoted integer dtype.
    
    Raises:
      TypeError: for float operands.
    """
def bitwise_right_shift(x: typing.Any, y: typing.Any, name: typing.Any = None) -> Tensor:
    """
    Shifts the bits of x right by y places (arithmetic for signed integers), elementwise.
    
    Args:
      x: An integer or bool tensor, array or Python int.
      y: Likewise; x and y broadcast as in NumPy.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A tensor of the broadcast shape in the promoted integer dtype.
    
    Raises:
      TypeError: for float operands.
    """
def bitwise_xor(x: typing.Any, y: typing.Any, name: typing.Any = None) -> Tensor:
    """
    Computes the bitwise XOR of x and y, elementwise.
    
    Args:
      x: An integer or bool tensor, array or Python int.
      y: Likewise; x and y broadcast as in NumPy.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A tensor of the broadcast shape in the promoted integer dtype.
    
    Raises:
      TypeError: for float operands.
    """
def boolean_mask(tensor: typing.Any, mask: typing.Any, axis: typing.Any = None, name: typing.Any = None) -> Tensor:
    ...
def broadcast_to(input: typing.Any, shape: typing.Any, name: typing.Any = None) -> Tensor:
    """
    Broadcasts a tensor to a shape, as NumPy (a view with stride 0).
    
    Args:
      input: A tensor, or anything convert_to_tensor accepts.
      shape: The target shape, a list of ints.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A tensor of `shape`.
    
    Raises:
      ValueError: if input's shape does not broadcast to `shape`.
    """
def cast(x: typing.Any, dtype: typing.Any, name: typing.Any = None) -> Tensor:
    """
    Casts a tensor to a dtype, as NumPy's astype.
    
    Floats to integers truncate toward zero; NaN and out-of-range values become the integer
    minimum (as NumPy on x86); integers wrap around.
    
    Args:
      x: A tensor, or anything convert_to_tensor accepts.
      dtype: The target dtype: an nnext dtype, a NumPy dtype or a name such as "int32".
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A tensor of x's shape in `dtype`.
    
    Raises:
      TypeError: for an unknown dtype.
    """
def cbrt(x: typing.Any, name: typing.Any = None) -> Tensor:
    """
    Computes the cube root of x, elementwise.
    
    Args:
      x: A tensor, or anything convert_to_tensor accepts; bool computes in float32,
        integers in float64.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A float tensor of x's shape.
    """
def ceil(x: typing.Any, name: typing.Any = None) -> Tensor:
    """
    Rounds x up to an integral value, elementwise (integers pass through).
    
    Args:
      x: A tensor, or anything convert_to_tensor accepts.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A tensor of x's shape and dtype.
    """
def clip_by_value(t: typing.Any, clip_value_min: typing.Any, clip_value_max: typing.Any, name: typing.Any = None) -> Tensor:
    """
    Clips values to the range [clip_value_min, clip_value_max].
    
    Args:
      t: A tensor, or anything convert_to_tensor accepts.
      clip_value_min: The lower bound: a number, or a tensor that broadcasts to t's shape.
      clip_value_max: The upper bound, likewise.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A tensor of t's shape and dtype.
    
    Raises:
      ValueError: if a bound does not broadcast to t's shape.
    """
def complex(real: typing.Any, imag: typing.Any, name: typing.Any = None) -> Tensor:
    ...
def concat(values: typing.Any, axis: typing.SupportsInt | typing.SupportsIndex, name: typing.Any = None) -> Tensor:
    ...
def conj(input: typing.Any, name: typing.Any = None) -> Tensor:
    ...
def conv(input: typing.Any, filters: typing.Any, strides: typing.Any, padding: typing.Any, dilations: typing.Any, op: str = 'conv') -> Tensor:
    """
    Channels-last convolution; strides and dilations per spatial axis.
    """
def conv_backprop_filter(input: typing.Any, filter_sizes: typing.Any, out_backprop: typing.Any, strides: typing.Any, padding: typing.Any, dilations: typing.Any, op: str = 'conv_backprop_filter') -> Tensor:
    ...
def conv_backprop_input(input_sizes: typing.Any, filters: typing.Any, out_backprop: typing.Any, strides: typing.Any, padding: typing.Any, dilations: typing.Any, op: str = 'conv_backprop_input') -> Tensor:
    ...
def convert_to_tensor(value: typing.Any, dtype: typing.Any = None, name: typing.Any = None) -> Tensor:
    """
    Converts a value to a Tensor.
    
    Tensors pass through; C-contiguous NumPy arrays of a supported dtype are wrapped without a
    copy; Python floats give float32 and ints int32, as TensorFlow.
    
    Args:
      value: A Tensor, NumPy array, Python number or nested list.
      dtype: The dtype to convert to; None keeps the value's.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A Tensor.
    
    Raises:
      TypeError: for a value of an unsupported type or dtype.
      ValueError: for a ragged nested list.
    """
def cos(x: typing.Any, name: typing.Any = None) -> Tensor:
    """
    Computes the cosine of x (radians), elementwise.
    
    Args:
      x: A tensor, or anything convert_to_tensor accepts; bool computes in float32,
        integers in float64.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A float tensor of x's shape.
    """
def cosh(x: typing.Any, name: typing.Any = None) -> Tensor:
    """
    Computes the hyperbolic cosine of x, elementwise.
    
    Args:
      x: A tensor, or anything convert_to_tensor accepts; bool computes in float32,
        integers in float64.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A float tensor of x's shape.
    """
def cumprod(x: typing.Any, axis: typing.SupportsInt | typing.SupportsIndex = 0, exclusive: bool = False, reverse: bool = False) -> Tensor:
    ...
def cumsum(x: typing.Any, axis: typing.SupportsInt | typing.SupportsIndex = 0, exclusive: bool = False, reverse: bool = False) -> Tensor:
    ...
def dense(x: typing.Any, kernel: typing.Any, bias: typing.Any = None, activation: typing.Any = None) -> Tensor:
    ...
def divide(x: typing.Any, y: typing.Any, name: typing.Any = None) -> Tensor:
    """
    Returns x / y elementwise, in a float type (true division).
    
    Args:
      x: A tensor, array or Python number.
      y: Likewise; x and y broadcast as in NumPy.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A float tensor of the broadcast shape (bool and integers promote to a float
      type).
    
    Raises:
      ValueError: if the shapes do not broadcast.
    """
def elu(features: typing.Any, alpha: typing.SupportsFloat | typing.SupportsIndex = 1.0, name: typing.Any = None) -> Tensor:
    ...
def empty_cache() -> None:
    """
    Frees the blocks nnext's allocator keeps cached for reuse.
    
    A training loop reuses its buffers through this cache; freeing it returns the memory to
    the system (memory_stats()["cached"] is 0 afterwards).
    """
def equal(x: typing.Any, y: typing.Any, name: typing.Any = None) -> Tensor:
    """
    Returns the truth value of x == y, elementwise.
    
    Args:
      x: A tensor, array or Python number.
      y: Likewise; x and y broadcast as in NumPy.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A bool tensor of the broadcast shape.
    
    Raises:
      ValueError: if the shapes do not broadcast.
    """
def erf(x: typing.Any, name: typing.Any = None) -> Tensor:
    """
    Computes the Gauss error function of x, elementwise.
    
    Args:
      x: A tensor, or anything convert_to_tensor accepts; bool computes in float32,
        integers in float64.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A float tensor of x's shape.
    """
def erfc(x: typing.Any, name: typing.Any = None) -> Tensor:
    """
    Computes the complementary error function 1 - erf(x), elementwise.
    
    Args:
      x: A tensor, or anything convert_to_tensor accepts; bool computes in float32,
        integers in float64.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A float tensor of x's shape.
    """
def erfinv(x: typing.Any, name: typing.Any = None) -> Tensor:
    """
    Computes the inverse error function of x, elementwise.
    
    Args:
      x: A tensor, or anything convert_to_tensor accepts; bool computes in float32,
        integers in float64.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A float tensor of x's shape.
    """
def exp(x: typing.Any, name: typing.Any = None) -> Tensor:
    """
    Computes e raised to the power x, elementwise.
    
    Args:
      x: A tensor, or anything convert_to_tensor accepts; bool computes in float32,
        integers in float64.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A float tensor of x's shape.
    """
def expand_dims(input: typing.Any, axis: typing.SupportsInt | typing.SupportsIndex, name: typing.Any = None) -> Tensor:
    """
    Inserts an axis of size 1 (a view).
    
    Args:
      input: A tensor, or anything convert_to_tensor accepts.
      axis: Where the new axis goes, in [-rank - 1, rank].
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A tensor of rank one more than input's.
    
    Raises:
      ValueError: if axis is out of range.
    """
def expm1(x: typing.Any, name: typing.Any = None) -> Tensor:
    """
    Computes exp(x) - 1 elementwise, accurate for small x.
    
    Args:
      x: A tensor, or anything convert_to_tensor accepts; bool computes in float32,
        integers in float64.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A float tensor of x's shape.
    """
def eye(num_rows: typing.SupportsInt | typing.SupportsIndex, num_columns: typing.Any = None, dtype: typing.Any = 'float32', name: typing.Any = None) -> Tensor:
    """
    Creates an identity matrix: ones on the diagonal, zeros elsewhere.
    
    Args:
      num_rows: The number of rows.
      num_columns: The number of columns (num_rows when None).
      dtype: The dtype (float32 by default).
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A (num_rows, num_columns) tensor.
    """
def floor(x: typing.Any, name: typing.Any = None) -> Tensor:
    """
    Rounds x down to an integral value, elementwise (integers pass through).
    
    Args:
      x: A tensor, or anything convert_to_tensor accepts.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A tensor of x's shape and dtype.
    """
def floordiv(x: typing.Any, y: typing.Any, name: typing.Any = None) -> Tensor:
    """
    Returns floor(x / y) elementwise, as Python's //.
    
    Args:
      x: A tensor, array or Python number.
      y: Likewise; x and y broadcast as in NumPy.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A tensor of the broadcast shape in the promoted dtype (NumPy 2 rules: Python
      numbers are weak).
    
    Raises:
      ValueError: if the shapes do not broadcast.
    """
def fmod(x: typing.Any, y: typing.Any, name: typing.Any = None) -> Tensor:
    """
    Returns the remainder of truncated division, elementwise: its sign follows x, as C's fmod.
    
    Args:
      x: A tensor, array or Python number.
      y: Likewise; x and y broadcast as in NumPy.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A float tensor of the broadcast shape (bool and integers promote to a float
      type).
    
    Raises:
      ValueError: if the shapes do not broadcast.
    """
def ftrl_update(var: typing.Any, grad: typing.Any, accumulator: typing.Any, linear: typing.Any, learning_rate: typing.Any, power: typing.SupportsFloat | typing.SupportsIndex, l1: typing.SupportsFloat | typing.SupportsIndex, l2: typing.SupportsFloat | typing.SupportsIndex, l2_shrinkage: typing.SupportsFloat | typing.SupportsIndex) -> None:
    ...
def gather(params: typing.Any, indices: typing.Any, axis: typing.Any = None, batch_dims: typing.SupportsInt | typing.SupportsIndex = 0, name: typing.Any = None) -> Tensor:
    ...
def gather_nd(params: typing.Any, indices: typing.Any, batch_dims: typing.SupportsInt | typing.SupportsIndex = 0, name: typing.Any = None) -> Tensor:
    ...
def gcd(x: typing.Any, y: typing.Any, name: typing.Any = None) -> Tensor:
    """
    Computes the greatest common divisor of |x| and |y|, elementwise.
    
    Args:
      x: An integer or bool tensor, array or Python int.
      y: Likewise; x and y broadcast as in NumPy.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A tensor of the broadcast shape in the promoted integer dtype.
    
    Raises:
      TypeError: for float operands.
    """
def gelu(features: typing.Any, approximate: bool = False, name: typing.Any = None) -> Tensor:
    ...
def get_num_threads() -> int:
    """
    Returns the number of threads of nnext's loops and of OpenBLAS.
    
    The default honours OMP_NUM_THREADS; set_num_threads changes both.
    
    Returns:
      An int.
    """
def greater(x: typing.Any, y: typing.Any, name: typing.Any = None) -> Tensor:
    """
    Returns the truth value of x > y, elementwise.
    
    Args:
      x: A tensor, array or Python number.
      y: Likewise; x and y broadcast as in NumPy.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A bool tensor of the broadcast shape.
    
    Raises:
      ValueError: if the shapes do not broadcast.
    """
def greater_equal(x: typing.Any, y: typing.Any, name: typing.Any = None) -> Tensor:
    """
    Returns the truth value of x >= y, elementwise.
    
    Args:
      x: A tensor, array or Python number.
      y: Likewise; x and y broadcast as in NumPy.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A bool tensor of the broadcast shape.
    
    Raises:
      ValueError: if the shapes do not broadcast.
    """
def gru(inputs: typing.Any, kernel: typing.Any, recurrent_kernel: typing.Any, bias: typing.Any = None, initial_state: typing.Any = None, mask: typing.Any = None, activation: typing.Any = 'tanh', recurrent_activation: typing.Any = 'sigmoid', zero_output_for_mask: bool = False) -> tuple:
    ...
def hypot(x: typing.Any, y: typing.Any, name: typing.Any = None) -> Tensor:
    """
    Computes sqrt(x^2 + y^2) elementwise, without intermediate overflow.
    
    Args:
      x: A tensor, array or Python number.
      y: Likewise; x and y broadcast as in NumPy.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A float tensor of the broadcast shape (bool and integers promote to a float
      type).
    
    Raises:
      ValueError: if the shapes do not broadcast.
    """
def imag(input: typing.Any, name: typing.Any = None) -> Tensor:
    ...
def is_finite(x: typing.Any, name: typing.Any = None) -> Tensor:
    """
    Returns which elements of x are neither infinite nor NaN.
    
    Args:
      x: A tensor, or anything convert_to_tensor accepts.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A bool tensor of x's shape.
    """
def is_inf(x: typing.Any, name: typing.Any = None) -> Tensor:
    """
    Returns which elements of x are +inf or -inf.
    
    Args:
      x: A tensor, or anything convert_to_tensor accepts.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A bool tensor of x's shape.
    """
def is_nan(x: typing.Any, name: typing.Any = None) -> Tensor:
    """
    Returns which elements of x are NaN.
    
    Args:
      x: A tensor, or anything convert_to_tensor accepts.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A bool tensor of x's shape.
    """
def lamb_update(var: typing.Any, grad: typing.Any, m: typing.Any, v: typing.Any, learning_rate: typing.Any, beta_1: typing.SupportsFloat | typing.SupportsIndex, beta_2: typing.SupportsFloat | typing.SupportsIndex, epsilon: typing.SupportsFloat | typing.SupportsIndex, step: typing.Any) -> None:
    ...
def lcm(x: typing.Any, y: typing.Any, name: typing.Any = None) -> Tensor:
    """
    Computes the least common multiple of |x| and |y|, elementwise.
    
    Args:
      x: An integer or bool tensor, array or Python int.
      y: Likewise; x and y broadcast as in NumPy.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A tensor of the broadcast shape in the promoted integer dtype.
    
    Raises:
      TypeError: for float operands.
    """
def leaky_relu(features: typing.Any, alpha: typing.SupportsFloat | typing.SupportsIndex = 0.2, name: typing.Any = None) -> Tensor:
    ...
def less(x: typing.Any, y: typing.Any, name: typing.Any = None) -> Tensor:
    """
    Returns the truth value of x < y, elementwise.
    
    Args:
      x: A tensor, array or Python number.
      y: Likewise; x and y broadcast as in NumPy.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A bool tensor of the broadcast shape.
    
    Raises:
      ValueError: if the shapes do not broadcast.
    """
def less_equal(x: typing.Any, y: typing.Any, name: typing.Any = None) -> Tensor:
    """
    Returns the truth value of x <= y, elementwise.
    
    Args:
      x: A tensor, array or Python number.
      y: Likewise; x and y broadcast as in NumPy.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A bool tensor of the broadcast shape.
    
    Raises:
      ValueError: if the shapes do not broadcast.
    """
def linalg_cholesky(a: typing.Any) -> Tensor:
    ...
def linalg_det(a: typing.Any) -> Tensor:
    ...
def linalg_eigh(a: typing.Any) -> list[Tensor]:
    ...
def linalg_inv(a: typing.Any) -> Tensor:
    ...
def linalg_lstsq(a: typing.Any, b: typing.Any, rcond: typing.SupportsFloat | typing.SupportsIndex = -1.0) -> Tensor:
    ...
def linalg_lu(a: typing.Any) -> list[Tensor]:
    ...
def linalg_lu_factor(a: typing.Any) -> list[Tensor]:
    ...
def linalg_qr(a: typing.Any, complete: bool = False) -> list[Tensor]:
    ...
def linalg_slogdet(a: typing.Any) -> list[Tensor]:
    ...
def linalg_solve(a: typing.Any, b: typing.Any) -> Tensor:
    ...
def linalg_solve_triangular(a: typing.Any, b: typing.Any, lower: bool = False) -> Tensor:
    ...
def linalg_svd(a: typing.Any, full_matrices: bool = True, compute_uv: bool = True) -> list[Tensor]:
    ...
def linalg_tridiagonal_solve(diagonals: typing.Any, rhs: typing.Any, method: str = 'partial_pivoting') -> Tensor:
    ...
def lion_update(var: typing.Any, grad: typing.Any, m: typing.Any, learning_rate: typing.Any, beta_1: typing.SupportsFloat | typing.SupportsIndex, beta_2: typing.SupportsFloat | typing.SupportsIndex) -> None:
    ...
def log(x: typing.Any, name: typing.Any = None) -> Tensor:
    """
    Computes the natural logarithm of x, elementwise (-inf at 0, NaN below).
    
    Args:
      x: A tensor, or anything convert_to_tensor accepts; bool computes in float32,
        integers in float64.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A float tensor of x's shape.
    """
def log1p(x: typing.Any, name: typing.Any = None) -> Tensor:
    """
    Computes log(1 + x) elementwise, accurate for small x.
    
    Args:
      x: A tensor, or anything convert_to_tensor accepts; bool computes in float32,
        integers in float64.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A float tensor of x's shape.
    """
def log_softmax(logits: typing.Any, axis: typing.SupportsInt | typing.SupportsIndex = -1, name: typing.Any = None) -> Tensor:
    ...
def logical_and(x: typing.Any, y: typing.Any, name: typing.Any = None) -> Tensor:
    """
    Returns the truth value of x AND y, elementwise.
    
    Args:
      x: A tensor, array or Python number.
      y: Likewise; x and y broadcast as in NumPy.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A bool tensor of the broadcast shape.
    
    Raises:
      ValueError: if the shapes do not broadcast.
    """
def logical_not(x: typing.Any, name: typing.Any = None) -> Tensor:
    """
    Computes the logical NOT of a bool tensor, elementwise.
    
    Args:
      x: A tensor, or anything convert_to_tensor accepts.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A bool tensor of x's shape.
    """
def logical_or(x: typing.Any, y: typing.Any, name: typing.Any = None) -> Tensor:
    """
    Returns the truth value of x OR y, elementwise.
    
    Args:
      x: A tensor, array or Python number.
      y: Likewise; x and y broadcast as in NumPy.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A bool tensor of the broadcast shape.
    
    Raises:
      ValueError: if the shapes do not broadcast.
    """
def lstm(inputs: typing.Any, kernel: typing.Any, recurrent_kernel: typing.Any, bias: typing.Any = None, initial_state_h: typing.Any = None, initial_state_c: typing.Any = None, mask: typing.Any = None, activation: typing.Any = 'tanh', recurrent_activation: typing.Any = 'sigmoid', zero_output_for_mask: bool = False) -> tuple:
    ...
def matmul(a: typing.Any, b: typing.Any, transpose_a: bool = False, transpose_b: bool = False, name: typing.Any = None) -> Tensor:
    """
    Matrix product a @ b with NumPy's vector and batch-broadcast rules.
    
    transpose_a/transpose_b transpose the last two axes of an operand first (no copy).
    Example: nnext.matmul(tf.ones((4, 3, 28, 32)), tf.ones((4, 3, 32, 2))).shape
    is (4, 3, 28, 2).
    """
def max_pool(input: typing.Any, ksize: typing.Any, strides: typing.Any, padding: typing.Any, op: str = 'max_pool') -> Tensor:
    ...
def max_pool_with_argmax(input: typing.Any, ksize: typing.Any, strides: typing.Any, padding: typing.Any, op: str = 'max_pool_with_argmax') -> tuple[Tensor, Tensor]:
    ...
def maximum(x: typing.Any, y: typing.Any, name: typing.Any = None) -> Tensor:
    """
    Returns the larger of x and y, elementwise (NaN if either is NaN).
    
    Args:
      x: A tensor, array or Python number.
      y: Likewise; x and y broadcast as in NumPy.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A tensor of the broadcast shape in the promoted dtype (NumPy 2 rules: Python
      numbers are weak).
    
    Raises:
      ValueError: if the shapes do not broadcast.
    """
def memory_stats() -> dict:
    ...
def minimum(x: typing.Any, y: typing.Any, name: typing.Any = None) -> Tensor:
    """
    Returns the smaller of x and y, elementwise (NaN if either is NaN).
    
    Args:
      x: A tensor, array or Python number.
      y: Likewise; x and y broadcast as in NumPy.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A tensor of the broadcast shape in the promoted dtype (NumPy 2 rules: Python
      numbers are weak).
    
    Raises:
      ValueError: if the shapes do not broadcast.
    """
def mod(x: typing.Any, y: typing.Any, name: typing.Any = None) -> Tensor:
    """
    Returns the remainder of floor division, elementwise: its sign follows y, as Python's %.
    
    Args:
      x: A tensor, array or Python number.
      y: Likewise; x and y broadcast as in NumPy.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A tensor of the broadcast shape in the promoted dtype (NumPy 2 rules: Python
      numbers are weak).
    
    Raises:
      ValueError: if the shapes do not broadcast.
    """
def multiply(x: typing.Any, y: typing.Any, name: typing.Any = None) -> Tensor:
    """
    Returns x * y elementwise (integers wrap around, as NumPy).
    
    Args:
      x: A tensor, array or Python number.
      y: Likewise; x and y broadcast as in NumPy.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A tensor of the broadcast shape in the promoted dtype (NumPy 2 rules: Python
      numbers are weak).
    
    Raises:
      ValueError: if the shapes do not broadcast.
    """
def nadam_update(var: typing.Any, grad: typing.Any, m: typing.Any, v: typing.Any, learning_rate: typing.Any, beta_2: typing.SupportsFloat | typing.SupportsIndex, epsilon: typing.SupportsFloat | typing.SupportsIndex, mu_t: typing.SupportsFloat | typing.SupportsIndex, mu_next: typing.SupportsFloat | typing.SupportsIndex, prod_t: typing.SupportsFloat | typing.SupportsIndex, prod_next: typing.SupportsFloat | typing.SupportsIndex, beta_1: typing.SupportsFloat | typing.SupportsIndex, step: typing.Any) -> None:
    ...
def negative(x: typing.Any, name: typing.Any = None) -> Tensor:
    """
    Computes -x elementwise (integers wrap around, as NumPy).
    
    Args:
      x: A tensor, or anything convert_to_tensor accepts.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A tensor of x's shape and dtype.
    """
def nextafter(x: typing.Any, y: typing.Any, name: typing.Any = None) -> Tensor:
    """
    Returns the next representable float after x in the direction of y, elementwise.
    
    Args:
      x: A tensor, array or Python number.
      y: Likewise; x and y broadcast as in NumPy.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A float tensor of the broadcast shape (bool and integers promote to a float
      type).
    
    Raises:
      ValueError: if the shapes do not broadcast.
    """
def nonzero(condition: typing.Any) -> Tensor:
    ...
def not_equal(x: typing.Any, y: typing.Any, name: typing.Any = None) -> Tensor:
    """
    Returns the truth value of x != y, elementwise.
    
    Args:
      x: A tensor, array or Python number.
      y: Likewise; x and y broadcast as in NumPy.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A bool tensor of the broadcast shape.
    
    Raises:
      ValueError: if the shapes do not broadcast.
    """
def one_hot(indices: typing.Any, depth: typing.SupportsInt | typing.SupportsIndex, on_value: typing.SupportsFloat | typing.SupportsIndex, off_value: typing.SupportsFloat | typing.SupportsIndex, axis: typing.SupportsInt | typing.SupportsIndex, dtype: typing.Any) -> Tensor:
    ...
def ones(shape: typing.Any, dtype: typing.Any = 'float32', name: typing.Any = None) -> Tensor:
    """
    Creates a tensor of ones.
    
    Args:
      shape: A list of ints.
      dtype: The dtype (float32 by default).
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A tensor of `shape` filled with 1.
    
    Raises:
      ValueError: for a negative dimension.
    """
def ones_like(input: typing.Any, dtype: typing.Any = None, name: typing.Any = None) -> Tensor:
    """
    Creates a tensor of ones with the shape of another.
    
    Args:
      input: A tensor, or anything convert_to_tensor accepts.
      dtype: The dtype; None keeps input's.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A tensor of input's shape filled with 1.
    """
def pad(tensor: typing.Any, paddings: typing.Any, mode: str = 'CONSTANT', constant_values: typing.SupportsFloat | typing.SupportsIndex = 0, name: typing.Any = None) -> Tensor:
    ...
def pow(x: typing.Any, y: typing.Any, name: typing.Any = None) -> Tensor:
    """
    Computes x to the power y, elementwise.
    
    Args:
      x: A tensor, array or Python number.
      y: Likewise; x and y broadcast as in NumPy.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A tensor of the broadcast shape in the promoted dtype (NumPy 2 rules: Python
      numbers are weak).
    
    Raises:
      ValueError: if the shapes do not broadcast.
    """
def random_normal(shape: typing.Any, mean: typing.SupportsFloat | typing.SupportsIndex = 0.0, stddev: typing.SupportsFloat | typing.SupportsIndex = 1.0, dtype: typing.Any = 'float32', seed: typing.Any = None) -> Tensor:
    ...
def random_permutation(n: typing.SupportsInt | typing.SupportsIndex, seed: typing.Any = None) -> Tensor:
    ...
def random_uniform(shape: typing.Any, minval: typing.SupportsFloat | typing.SupportsIndex, maxval: typing.SupportsFloat | typing.SupportsIndex, dtype: typing.Any = 'float32', seed: typing.Any = None) -> Tensor:
    ...
def real(input: typing.Any, name: typing.Any = None) -> Tensor:
    ...
def reduce_all(input_tensor: typing.Any, axis: typing.Any = None, keepdims: bool = False, name: typing.Any = None) -> Tensor:
    """
    Computes the logical AND of elements across the axes of a tensor.
    
    Args:
      input_tensor: A tensor, or anything convert_to_tensor accepts.
      axis: None (every axis), an int or a list of ints; negative counts from
        the end.
      keepdims: Keep each reduced axis, with size 1.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A bool tensor (True over no elements).
    
    Raises:
      ValueError: if an axis is out of range or repeated.
    """
def reduce_any(input_tensor: typing.Any, axis: typing.Any = None, keepdims: bool = False, name: typing.Any = None) -> Tensor:
    """
    Computes the logical OR of elements across the axes of a tensor.
    
    Args:
      input_tensor: A tensor, or anything convert_to_tensor accepts.
      axis: None (every axis), an int or a list of ints; negative counts from
        the end.
      keepdims: Keep each reduced axis, with size 1.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A bool tensor (False over no elements).
    
    Raises:
      ValueError: if an axis is out of range or repeated.
    """
def reduce_max(input_tensor: typing.Any, axis: typing.Any = None, keepdims: bool = False, name: typing.Any = None) -> Tensor:
    """
    Computes the maximum of elements across the axes of a tensor.
    
    Args:
      input_tensor: A tensor, or anything convert_to_tensor accepts.
      axis: None (every axis), an int or a list of ints; negative counts from
        the end.
      keepdims: Keep each reduced axis, with size 1.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      The reduced tensor in the input's dtype (NaN where a reduced element is NaN). An
      empty reduced axis raises ValueError unless the result is empty too.
    
    Raises:
      ValueError: if an axis is out of range or repeated.
    """
def reduce_mean(input_tensor: typing.Any, axis: typing.Any = None, keepdims: bool = False, name: typing.Any = None) -> Tensor:
    """
    Computes the mean of elements across the axes of a tensor.
    
    Args:
      input_tensor: A tensor, or anything convert_to_tensor accepts.
      axis: None (every axis), an int or a list of ints; negative counts from
        the end.
      keepdims: Keep each reduced axis, with size 1.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      The reduced tensor in the input's dtype: an integer mean is TensorFlow's integer
      division, truncated (0 of no elements); a float mean of no elements is NaN; bool
      gives float64.
    
    Raises:
      ValueError: if an axis is out of range or repeated.
    """
def reduce_min(input_tensor: typing.Any, axis: typing.Any = None, keepdims: bool = False, name: typing.Any = None) -> Tensor:
    """
    Computes the minimum of elements across the axes of a tensor.
    
    Args:
      input_tensor: A tensor, or anything convert_to_tensor accepts.
      axis: None (every axis), an int or a list of ints; negative counts from
        the end.
      keepdims: Keep each reduced axis, with size 1.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      The reduced tensor in the input's dtype (NaN where a reduced element is NaN). An
      empty reduced axis raises ValueError unless the result is empty too.
    
    Raises:
      ValueError: if an axis is out of range or repeated.
    """
def reduce_prod(input_tensor: typing.Any, axis: typing.Any = None, keepdims: bool = False, name: typing.Any = None) -> Tensor:
    """
    Computes the product of elements across the axes of a tensor.
    
    Args:
      input_tensor: A tensor, or anything convert_to_tensor accepts.
      axis: None (every axis), an int or a list of ints; negative counts from
        the end.
      keepdims: Keep each reduced axis, with size 1.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      The reduced tensor, in the input's dtype as TensorFlow's (integers wrap around;
      float32 accumulates in float64); bool multiplies into int64.
    
    Raises:
      ValueError: if an axis is out of range or repeated.
    """
def reduce_sum(input_tensor: typing.Any, axis: typing.Any = None, keepdims: bool = False, name: typing.Any = None) -> Tensor:
    """
    Computes the sum of elements across the axes of a tensor.
    
    Args:
      input_tensor: A tensor, or anything convert_to_tensor accepts.
      axis: None (every axis), an int or a list of ints; negative counts from
        the end.
      keepdims: Keep each reduced axis, with size 1.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      The reduced tensor, in the input's dtype as TensorFlow's (integers wrap around;
      float32 accumulates in float64); bool, which TensorFlow refuses, counts in int64.
    
    Raises:
      ValueError: if an axis is out of range or repeated.
    """
def relu(x: typing.Any, name: typing.Any = None) -> Tensor:
    """
    Computes the rectified linear unit max(x, 0), elementwise.
    
    Args:
      x: A tensor, or anything convert_to_tensor accepts.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A tensor of x's shape and dtype.
    """
def relu_grad(x: typing.Any, y: typing.Any, name: typing.Any = None) -> Tensor:
    """
    Internal: the gradient of relu, x where y > 0, else 0.
    
    Args:
      x: A tensor, array or Python number.
      y: Likewise; x and y broadcast as in NumPy.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A tensor of the broadcast shape in the promoted dtype (NumPy 2 rules: Python
      numbers are weak).
    
    Raises:
      ValueError: if the shapes do not broadcast.
    """
def reset_peak_memory() -> None:
    ...
def reshape(tensor: typing.Any, shape: typing.Any, name: typing.Any = None) -> Tensor:
    """
    Gives a tensor a new shape, same elements (a view where it can).
    
    Args:
      tensor: A tensor, or anything convert_to_tensor accepts.
      shape: A list of ints; one of them may be -1, inferred from the size.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A tensor of `shape` holding tensor's elements in row-major order.
    
    Raises:
      ValueError: if the sizes differ or more than one dimension is -1.
    
    Example:
      >>> nnext.reshape(nnext.range(6), [2, -1]).shape
      TensorShape([2, 3])
    """
def rmsprop_update(var: typing.Any, grad: typing.Any, velocity: typing.Any, momentum_slot: typing.Any, average_grad: typing.Any, learning_rate: typing.Any, rho: typing.SupportsFloat | typing.SupportsIndex, momentum: typing.SupportsFloat | typing.SupportsIndex, epsilon: typing.SupportsFloat | typing.SupportsIndex, centered: bool) -> None:
    ...
def round_half_even(x: typing.Any, name: typing.Any = None) -> Tensor:
    """
    Rounds x to the nearest integral value, halves to even, elementwise (as numpy.round).
    
    Args:
      x: A tensor, or anything convert_to_tensor accepts.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A tensor of x's shape and dtype.
    """
def scatter_nd(indices: typing.Any, updates: typing.Any, shape: typing.Any, name: typing.Any = None) -> Tensor:
    ...
def schedule_free_adamw_update(var: typing.Any, grad: typing.Any, z: typing.Any, v: typing.Any, learning_rate: typing.Any, beta_1: typing.SupportsFloat | typing.SupportsIndex, beta_2: typing.SupportsFloat | typing.SupportsIndex, epsilon: typing.SupportsFloat | typing.SupportsIndex, step: typing.Any) -> None:
    ...
def set_num_threads(n: typing.SupportsInt | typing.SupportsIndex) -> None:
    """
    Sets the threads used by nnext's loops and by OpenBLAS.
    """
def set_seed(seed: typing.SupportsInt | typing.SupportsIndex) -> None:
    ...
def sgd_update(var: typing.Any, grad: typing.Any, momentum_slot: typing.Any, learning_rate: typing.Any, momentum: typing.SupportsFloat | typing.SupportsIndex, nesterov: bool) -> None:
    ...
def sigmoid(x: typing.Any, name: typing.Any = None) -> Tensor:
    """
    Computes the logistic sigmoid 1 / (1 + exp(-x)), elementwise.
    
    Args:
      x: A tensor, or anything convert_to_tensor accepts; bool computes in float32,
        integers in float64.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A float tensor of x's shape.
    """
def sigmoid_cross_entropy_with_logits(labels: typing.Any, logits: typing.Any, name: typing.Any = None) -> Tensor:
    ...
def sign(x: typing.Any, name: typing.Any = None) -> Tensor:
    """
    Returns -1, 0 or 1 by the sign of x, elementwise (NaN stays NaN).
    
    Args:
      x: A tensor, or anything convert_to_tensor accepts.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A tensor of x's shape and dtype.
    """
def signbit(x: typing.Any, name: typing.Any = None) -> Tensor:
    """
    Returns which elements of x have their sign bit set (-0.0 included).
    
    Args:
      x: A tensor, or anything convert_to_tensor accepts.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A bool tensor of x's shape.
    """
def simple_rnn(inputs: typing.Any, kernel: typing.Any, recurrent_kernel: typing.Any, bias: typing.Any = None, initial_state: typing.Any = None, mask: typing.Any = None, activation: typing.Any = 'tanh', zero_output_for_mask: bool = False) -> tuple:
    ...
def sin(x: typing.Any, name: typing.Any = None) -> Tensor:
    """
    Computes the sine of x (radians), elementwise.
    
    Args:
      x: A tensor, or anything convert_to_tensor accepts; bool computes in float32,
        integers in float64.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A float tensor of x's shape.
    """
def sinh(x: typing.Any, name: typing.Any = None) -> Tensor:
    """
    Computes the hyperbolic sine of x, elementwise.
    
    Args:
      x: A tensor, or anything convert_to_tensor accepts; bool computes in float32,
        integers in float64.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A float tensor of x's shape.
    """
def softmax(logits: typing.Any, axis: typing.SupportsInt | typing.SupportsIndex = -1, name: typing.Any = None) -> Tensor:
    ...
def softmax_cross_entropy_with_logits(labels: typing.Any, logits: typing.Any, axis: typing.SupportsInt | typing.SupportsIndex = -1, name: typing.Any = None) -> Tensor:
    ...
def softplus(features: typing.Any, name: typing.Any = None) -> Tensor:
    ...
def sparse_softmax_cross_entropy_with_logits(labels: typing.Any, logits: typing.Any, name: typing.Any = None) -> Tensor:
    ...
def split(value: typing.Any, num_or_size_splits: typing.Any, axis: typing.SupportsInt | typing.SupportsIndex = 0, num: typing.Any = None, name: typing.Any = None) -> list[Tensor]:
    ...
def sqrt(x: typing.Any, name: typing.Any = None) -> Tensor:
    """
    Computes the square root of x, elementwise (NaN for negative x).
    
    Args:
      x: A tensor, or anything convert_to_tensor accepts; bool computes in float32,
        integers in float64.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A float tensor of x's shape.
    """
def square(x: typing.Any, name: typing.Any = None) -> Tensor:
    """
    Computes x * x elementwise.
    
    Args:
      x: A tensor, or anything convert_to_tensor accepts.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A tensor of x's shape and dtype.
    """
def squeeze(input: typing.Any, axis: typing.Any = None, name: typing.Any = None) -> Tensor:
    """
    Removes axes of size 1 (a view).
    
    Args:
      input: A tensor, or anything convert_to_tensor accepts.
      axis: None (every axis of size 1), an int or a list of ints.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      The tensor without those axes.
    
    Raises:
      ValueError: if a named axis is out of range or its size is not 1.
    """
def stack(values: typing.Any, axis: typing.SupportsInt | typing.SupportsIndex = 0, name: typing.Any = None) -> Tensor:
    ...
def subtract(x: typing.Any, y: typing.Any, name: typing.Any = None) -> Tensor:
    """
    Returns x - y elementwise (integers wrap around, as NumPy).
    
    Args:
      x: A tensor, array or Python number.
      y: Likewise; x and y broadcast as in NumPy.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A tensor of the broadcast shape in the promoted dtype (NumPy 2 rules: Python
      numbers are weak).
    
    Raises:
      ValueError: if the shapes do not broadcast.
    """
def tan(x: typing.Any, name: typing.Any = None) -> Tensor:
    """
    Computes the tangent of x (radians), elementwise.
    
    Args:
      x: A tensor, or anything convert_to_tensor accepts; bool computes in float32,
        integers in float64.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A float tensor of x's shape.
    """
def tanh(x: typing.Any, name: typing.Any = None) -> Tensor:
    """
    Computes the hyperbolic tangent of x, elementwise.
    
    Args:
      x: A tensor, or anything convert_to_tensor accepts; bool computes in float32,
        integers in float64.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A float tensor of x's shape.
    """
def tile(input: typing.Any, multiples: typing.Any, name: typing.Any = None) -> Tensor:
    ...
def top_k_indices(x: typing.Any, k: typing.SupportsInt | typing.SupportsIndex, sorted: bool = True) -> Tensor:
    ...
def transpose(a: typing.Any, perm: typing.Any = None, conjugate: bool = False, name: typing.Any = None) -> Tensor:
    """
    Permutes the axes of a tensor (a view, no copy).
    
    Args:
      a: A tensor, or anything convert_to_tensor accepts.
      perm: The new order of the axes; None reverses them.
      conjugate: Ignored (nnext has no complex dtypes).
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A tensor whose axis i is a's axis perm[i].
    
    Raises:
      ValueError: if perm is not a permutation of a's axes.
    """
def trunc(x: typing.Any, name: typing.Any = None) -> Tensor:
    """
    Rounds x toward zero, elementwise (integers pass through).
    
    Args:
      x: A tensor, or anything convert_to_tensor accepts.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A tensor of x's shape and dtype.
    """
def truncated_normal(shape: typing.Any, mean: typing.SupportsFloat | typing.SupportsIndex = 0.0, stddev: typing.SupportsFloat | typing.SupportsIndex = 1.0, dtype: typing.Any = 'float32', seed: typing.Any = None) -> Tensor:
    ...
def unstack(value: typing.Any, num: typing.Any = None, axis: typing.SupportsInt | typing.SupportsIndex = 0, name: typing.Any = None) -> list[Tensor]:
    ...
def where(condition: typing.Any, x: typing.Any, y: typing.Any) -> Tensor:
    ...
def zeros(shape: typing.Any, dtype: typing.Any = 'float32', name: typing.Any = None) -> Tensor:
    """
    Creates a tensor of zeros.
    
    Args:
      shape: A list of ints.
      dtype: The dtype (float32 by default).
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A tensor of `shape` filled with 0.
    
    Raises:
      ValueError: for a negative dimension.
    """
def zeros_like(input: typing.Any, dtype: typing.Any = None, name: typing.Any = None) -> Tensor:
    """
    Creates a tensor of zeros with the shape of another.
    
    Args:
      input: A tensor, or anything convert_to_tensor accepts.
      dtype: The dtype; None keeps input's.
      name: Ignored (TensorFlow's op name).
    
    Returns:
      A tensor of input's shape filled with 0.
    """
