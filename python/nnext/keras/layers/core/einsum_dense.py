"""`EinsumDense`: a dense layer whose contraction is an einsum equation."""

import re

from nnext.keras import activations, constraints, initializers, ops, regularizers
from nnext.keras.initializers.initializers import VarianceScaling
from nnext.keras.layers.layer import Layer

# The three forms Keras accepts: "ab,bc->ac", "...b,bc->...c" and "ab...,bc->ac...".
_FORMS = (
    (re.compile(r"([a-zA-Z]+),([a-zA-Z]+)->([a-zA-Z]+)$"), None),
    (re.compile(r"\.\.\.([a-zA-Z]+),([a-zA-Z]+)->\.\.\.([a-zA-Z]+)$"), "left"),
    (re.compile(r"([a-zA-Z]{2,})\.\.\.,([a-zA-Z]+)->([a-zA-Z]+)\.\.\.$"), "right"),
)


def analyze_equation(equation, bias_axes, input_shape, partial_output_shape):
    """`(kernel_shape, bias_shape, output_shape, input_axes, output_axes)` for an
    EinsumDense equation: every kernel axis takes its size from the output (`output_axes`,
    those the kernel shares with the output) or else from the input (`input_axes`)."""
    input_shape = tuple(input_shape)
    for pattern, elided_side in _FORMS:
        match = pattern.match(equation.replace(" ", ""))
        if match:
            break
    else:
        raise ValueError(
            f"Invalid einsum equation '{equation}'. Equations must be in the form "
            "[X],[Y]->[Z], ...[X],[Y]->...[Z], or [X]...,[Y]->[Z]...."
        )
    input_spec, kernel_spec, output_spec = match.groups()
    elided = len(input_shape) - len(input_spec)
    # The output is the batch size, the given trailing sizes, and the elided axes.
    given = (
        [partial_output_shape]
        if isinstance(partial_output_shape, int)
        else list(partial_output_shape)
    )
    if elided > 0 and elided_side == "left":
        output_shape = [input_shape[0], *input_shape[1:elided], *given]
    elif elided > 0 and elided_side == "right":
        output_shape = [input_shape[0], *given, *input_shape[len(input_shape) - elided :]]
    else:
        output_shape = [input_shape[0], *given]
    offset = elided if elided_side == "left" else 0
    input_size = {c: input_shape[i + offset] for i, c in enumerate(input_spec)}
    output_size = {c: output_shape[i + offset] for i, c in enumerate(output_spec)}
    for c in input_spec:
        if c in output_size and output_size[c] is not None and output_size[c] != input_size[c]:
            raise ValueError(
                f"Input shape and output shape do not match at shared dimension '{c}'. "
                f"Input shape is {input_size[c]}, and output shape is {output_size[c]}."
            )
    for c in output_spec:
        if c not in input_spec and c not in kernel_spec:
            raise ValueError(
                f"Dimension '{c}' was specified in the output '{output_spec}' but has no "
                f"corresponding dim in the input spec '{input_spec}' or weight spec "
                f"'{output_spec}'"
            )
    kernel_shape, input_axes, output_axes = [], [], []
    for i, c in enumerate(kernel_spec):
        if c in output_size:
            kernel_shape.append(output_size[c])
            output_axes.append(i)
        elif c in input_size:
            kernel_shape.append(input_size[c])
            input_axes.append(i)
        else:
            raise ValueError(
                f"Weight dimension '{c}' did not have a match in either the input spec "
                f"'{input_spec}' or the output spec '{output_spec}'. For this layer, the "
                "weight must be fully specified."
            )
    bias_shape = None
    if bias_axes is not None:
        for c in bias_axes:
            if c not in output_spec:
                raise ValueError(
                    f"Bias dimension '{c}' was requested, but is not part of the output "
                    f"spec '{output_spec}'"
                )
        # The bias spans the output axes from its first one on (size 1 where it does not
        # vary), plus the elided trailing axes: it broadcasts against the output.
        first = min(output_spec.find(c) for c in bias_axes)
        bias_shape = [output_size[c] if c in bias_axes else 1 for c in output_spec[first:]]
        if elided_side != "left":
            bias_shape += [1] * max(elided, 0)
    return kernel_shape, bias_shape, output_shape, input_axes, output_axes


class EinsumDense(Layer):
    """A dense layer of any rank: `activation(einsum(equation, inputs, kernel) + bias)`.

    The kernel's shape follows from the equation, the input's shape and `output_shape`.
    `"abc,cd->abd"` is a Dense layer over the last axis of a 3D input; MultiHeadAttention
    projects with `"abc,cde->abde"` (kernel `(dim, heads, head_dim)`).

    Args:
        equation: `"ab,bc->ac"`, `"...b,bc->...c"` or `"ab...,bc->ac..."` form.
        output_shape: the output's sizes without the batch axis (None for a size taken
            from the input); an int for one axis.
        activation: name or callable; None means linear.
        bias_axes: letters of the output the bias varies along (None: no bias).
        kernel_initializer, bias_initializer: initializers ('glorot_uniform', 'zeros');
            a VarianceScaling kernel initializer counts fans over the equation's input and
            output axes of the kernel.
        kernel_regularizer, bias_regularizer: optional penalties.
        kernel_constraint, bias_constraint: optional constraints.

    Example:
        >>> layer = layers.EinsumDense("abc,cde->abde", output_shape=(None, 4, 8),
        ...                            bias_axes="de")
        >>> layer(np.ones((2, 5, 3))).shape
        (2, 5, 4, 8)
    """

    def __init__(
        self,
        equation,
        output_shape,
        activation=None,
        bias_axes=None,
        kernel_initializer="glorot_uniform",
        bias_initializer="zeros",
        kernel_regularizer=None,
        bias_regularizer=None,
        kernel_constraint=None,
        bias_constraint=None,
        **kwargs,
    ):
        for unsupported in ("lora_rank", "gptq_unpacked_column_size", "quantization_config"):
            if kwargs.pop(unsupported, None) is not None:
                raise ValueError(f"EinsumDense: `{unsupported}` is not supported by nnext.")
        kwargs.pop("lora_alpha", None)
        if kwargs.pop("activity_regularizer", None) is not None:
            raise ValueError("EinsumDense: `activity_regularizer` is not supported by nnext.")
        super().__init__(**kwargs)
        self.equation = equation
        if isinstance(output_shape, int):
            self.partial_output_shape = (output_shape,)
        else:
            self.partial_output_shape = tuple(output_shape)
        self.bias_axes = bias_axes
        self.activation = activations.get(activation)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)

    def build(self, input_shape):
        kernel_shape, bias_shape, _, input_axes, output_axes = analyze_equation(
            self.equation, self.bias_axes, input_shape, self.partial_output_shape
        )
        initializer = self.kernel_initializer
        if isinstance(initializer, VarianceScaling) and (
            initializer.input_axes is None or initializer.output_axes is None
        ):
            config = {
                **initializer.get_config(),
                "input_axes": input_axes,
                "output_axes": output_axes,
            }
            initializer = type(initializer).from_config(config)
        self.kernel = self.add_weight(
            name="kernel",
            shape=tuple(kernel_shape),
            initializer=initializer,
            regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint,
        )
        self.bias = None
        if bias_shape is not None:
            self.bias = self.add_weight(
                name="bias",
                shape=tuple(bias_shape),
                initializer=self.bias_initializer,
                regularizer=self.bias_regularizer,
                constraint=self.bias_constraint,
            )
        self.built = True

    def call(self, inputs, training=None):
        x = ops.einsum(self.equation, inputs, self.kernel)
        if self.bias is not None:
            x = x + self.bias
        return self.activation(x)

    def compute_output_shape(self, input_shape):
        return tuple(
            analyze_equation(self.equation, self.bias_axes, input_shape, self.partial_output_shape)[
                2
            ]
        )

    def get_config(self):
        return {
            **super().get_config(),
            "output_shape": self.partial_output_shape,
            "equation": self.equation,
            "activation": activations.serialize(self.activation),
            "bias_axes": self.bias_axes,
            "kernel_initializer": initializers.serialize(self.kernel_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "kernel_regularizer": regularizers.serialize(self.kernel_regularizer),
            "bias_regularizer": regularizers.serialize(self.bias_regularizer),
            "activity_regularizer": None,
            "kernel_constraint": constraints.serialize(self.kernel_constraint),
            "bias_constraint": constraints.serialize(self.bias_constraint),
            "quantization_config": None,
        }
