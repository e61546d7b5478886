"""What the string-taking layers share: inputs as NumPy arrays (strings stay Python
strings, numbers stay numbers), a `__call__` that keeps strings out of Tensor conversion,
and KerasTensor outputs of the layer's own dtype in the functional API."""

import numpy as np

from nnext import _core
from nnext.keras.keras_tensor import KerasTensor, any_symbolic_tensors
from nnext.keras.layers.layer import Layer


def as_array(values):
    """`values` (a Tensor, NumPy array, list or scalar) as a NumPy array; strings and
    bytes become an object array of Python `str`/`bytes`."""
    if isinstance(values, _core.Tensor):
        return values.numpy()
    array = np.asarray(values)
    if array.dtype.kind in "US":
        return array.astype(object)
    if array.dtype.kind == "O":
        return array
    return array


def is_string_array(array):
    return array.dtype.kind in "OUS"


class StringInputLayer(Layer):
    """A layer whose `call` receives NumPy arrays (possibly of strings), not Tensors."""

    def __call__(self, inputs, *args, **kwargs):
        if any_symbolic_tensors((inputs, *args), kwargs):
            return super().__call__(inputs, *args, **kwargs)
        kwargs.pop("training", None)
        if isinstance(inputs, (list, tuple)) and self._takes_several_inputs():
            return self.call([as_array(x) for x in inputs], *args, **kwargs)
        return self.call(as_array(inputs), *args, **kwargs)

    def _takes_several_inputs(self):
        return False

    def compute_output_spec(self, inputs, *args, **kwargs):
        shapes = (
            [tuple(x.shape) for x in inputs]
            if self._takes_several_inputs()
            else tuple(inputs.shape)
        )
        return KerasTensor(self.compute_output_shape(shapes), self.output_dtype)

    @property
    def output_dtype(self):
        return self.compute_dtype
