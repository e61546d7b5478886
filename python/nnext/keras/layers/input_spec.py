"""`InputSpec`: what a layer accepts (rank, sizes of given axes, dtype), checked on each
symbolic call and on the first call with data, with Keras's messages."""

from nnext.keras import tree


class InputSpec:
    """The rank, axis sizes and dtype a layer's input must have.

    Args:
        dtype: the expected dtype name, or None for any.
        shape: the full expected shape (None for free dimensions).
        ndim, max_ndim, min_ndim: the expected rank, or its bounds.
        axes: `{axis: size}` for axes whose size is fixed (after `build`, usually).
        name: the input's name, for the messages.

    Example:
        >>> self.input_spec = layers.InputSpec(min_ndim=2, axes={-1: 784})
    """

    def __init__(
        self,
        dtype=None,
        shape=None,
        ndim=None,
        max_ndim=None,
        min_ndim=None,
        axes=None,
        allow_last_axis_squeeze=False,
        name=None,
        optional=False,
    ):
        self.dtype = dtype
        self.shape = None if shape is None else tuple(shape)
        self.ndim = len(self.shape) if self.shape is not None else ndim
        self.max_ndim = max_ndim
        self.min_ndim = min_ndim
        self.axes = {int(k): v for k, v in (axes or {}).items()}
        self.allow_last_axis_squeeze = allow_last_axis_squeeze
        self.name = name
        self.optional = optional
        if self.axes and (self.ndim is not None or self.max_ndim is not None):
            largest = self.ndim if self.ndim is not None else self.max_ndim
            if max(self.axes) >= largest:
                raise ValueError(
                    f"Axis {max(self.axes)} is greater than the maximum allowed value: "
                    f"{largest - 1}"
                )

    def __repr__(self):
        parts = [
            f"{key}={value}"
            for key, value in (
                ("dtype", self.dtype),
                ("shape", self.shape),
                ("ndim", self.ndim),
                ("max_ndim", self.max_ndim),
                ("min_ndim", self.min_ndim),
                ("axes", self.axes or None),
            )
            if value is not None
        ]
        return f"InputSpec({', '.join(parts)})"

    def get_config(self):
        return {
            "dtype": self.dtype,
            "shape": self.shape,
            "ndim": self.ndim,
            "max_ndim": self.max_ndim,
            "min_ndim": self.min_ndim,
            "axes": self.axes,
        }

    @classmethod
    def from_config(cls, config):
        return cls(**config)


def assert_input_compatibility(input_spec, inputs, layer_name):
    """Raises Keras's ValueError when `inputs` (tensors or KerasTensors) do not satisfy
    `input_spec` (one InputSpec, or a list with one per input)."""
    if not input_spec:
        return
    specs = tree.flatten(input_spec)
    flat = tree.flatten(inputs)
    if len(specs) != len(flat):
        raise ValueError(
            f'Layer "{layer_name}" expects {len(specs)} input(s), but it received '
            f"{len(flat)} input tensors. Inputs received: {inputs}"
        )
    for index, (spec, x) in enumerate(zip(specs, flat)):
        if spec is None:
            continue
        if not hasattr(x, "shape"):
            raise ValueError(
                f"Inputs to a layer should be tensors. Got '{x}' (of type {type(x)}) as "
                f"input for layer '{layer_name}'."
            )
        shape = tuple(x.shape)
        ndim = len(shape)
        prefix = (
            f"Input {index} with name '{spec.name}' of layer '{layer_name}'"
            if spec.name
            else f'Input {index} of layer "{layer_name}"'
        )
        if spec.ndim is not None and not spec.allow_last_axis_squeeze and ndim != spec.ndim:
            raise ValueError(
                f"{prefix} is incompatible with the layer: expected ndim={spec.ndim}, "
                f"found ndim={ndim}. Full shape received: {shape}"
            )
        if spec.max_ndim is not None and ndim > spec.max_ndim:
            raise ValueError(
                f"{prefix} is incompatible with the layer: expected max_ndim="
                f"{spec.max_ndim}, found ndim={ndim}"
            )
        if spec.min_ndim is not None and ndim < spec.min_ndim:
            raise ValueError(
                f"{prefix} is incompatible with the layer: expected min_ndim="
                f"{spec.min_ndim}, found ndim={ndim}. Full shape received: {shape}"
            )
        for axis, size in spec.axes.items():
            if size is None or not -ndim <= axis < ndim:
                continue
            if shape[axis] not in (size, None):
                raise ValueError(
                    f"{prefix} is incompatible with the layer: expected axis {axis} of "
                    f"input shape to have value {size}, but received input with shape "
                    f"{shape}"
                )
        if spec.shape is not None:
            for expected, found in zip(spec.shape, shape):
                if expected is not None and found is not None and expected != found:
                    raise ValueError(
                        f"{prefix} is incompatible with the layer: expected shape="
                        f"{spec.shape}, found shape={shape}"
                    )
