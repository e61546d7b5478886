"""Activation functions, by name, as Keras 3 defines them.

Each is a thin wrapper over a differentiable nnext op; `Dense` recognises the ones the
fused C++ kernel implements (see `FUSED`) and never calls them one by one.
"""

from nnext import math as nmath
from nnext import nn
from nnext.keras import ops
from nnext.keras.activations import catalog
from nnext.keras.saving.serialization import (
    deserialize_keras_object,
    get_registered_object,
    serialize_keras_object,
)


def linear(x):
    """Identity: `linear(x) = x`."""
    return x


def relu(x, negative_slope=0.0, max_value=None, threshold=0.0):
    """Rectified linear unit: `max(x, 0)` with Keras's options.

    Args:
        x: input tensor.
        negative_slope: slope below `threshold` (0: values there become 0).
        max_value: the largest value returned (None: no cap).
        threshold: inputs above it pass through; those at or below it become 0, or
            `negative_slope * (x - threshold)`.
    """
    if negative_slope == 0.0 and max_value is None and threshold == 0.0:
        return nn.relu(x)
    x = ops.convert_to_tensor(x)
    if negative_slope != 0.0 and max_value is None and threshold == 0.0:
        return ops.leaky_relu(x, negative_slope=negative_slope)
    below = ops.relu(threshold - x) if negative_slope != 0.0 else None
    if threshold != 0.0:
        out = ops.where(ops.greater(x, ops.cast(threshold, x.dtype)), x, ops.zeros_like(x))
    else:
        out = ops.relu(x)
    if max_value is not None:
        out = ops.clip(out, ops.cast(0.0, x.dtype), ops.cast(max_value, x.dtype))
    if below is not None:
        out = out - negative_slope * below
    return out


def sigmoid(x):
    """Logistic sigmoid: `1 / (1 + exp(-x))`."""
    return nn.sigmoid(x)


def tanh(x):
    """Hyperbolic tangent."""
    return nn.tanh(x)


def softmax(x, axis=-1):
    """Softmax over `axis`: `exp(x) / sum(exp(x), axis)`."""
    return nn.softmax(x, axis=axis)


def leaky_relu(x, negative_slope=0.2):
    """Leaky ReLU: `x` where `x >= 0`, else `negative_slope * x` (Keras's default 0.2)."""
    return nn.leaky_relu(x, alpha=negative_slope)


def elu(x, alpha=1.0):
    """Exponential linear unit: `x` where `x > 0`, else `alpha * (exp(x) - 1)`."""
    if alpha == 1.0:
        return nn.elu(x)
    return nmath.where(x > 0, x, alpha * (nmath.exp(x) - 1.0))


def gelu(x, approximate=False):
    """Gaussian error linear unit (exact erf form unless `approximate`)."""
    return nn.gelu(x, approximate=approximate)


def softplus(x):
    """Softplus: `log(1 + exp(x))`."""
    return nn.softplus(x)


def silu(x):
    """Sigmoid linear unit: `x * sigmoid(x)` (Keras also calls it 'swish')."""
    return nn.silu(x)


ALL = {
    f.__name__: f
    for f in (linear, relu, sigmoid, tanh, softmax, leaky_relu, elu, gelu, softplus, silu)
}
ALL.update({f.__name__: f for f in catalog.CATALOG})
ALL["swish"] = silu  # Keras's aliases; configs store 'silu' and 'hard_silu', found first
ALL["hard_swish"] = catalog.hard_silu
swish = silu

# The activations `nn.dense` applies inside its fused kernel.
FUSED = ("linear", "relu", "sigmoid", "tanh", "softmax")


def canonical_name(activation):
    """The Keras name of a built-in activation, also when given as the tensor-level
    function (`nn.relu`, `nmath.sigmoid` ...), else None."""
    for name, function in ALL.items():
        if activation is function:
            return name
    aliases = {
        "relu": (nn.relu,),
        "sigmoid": (nn.sigmoid, nmath.sigmoid),
        "tanh": (nn.tanh, nmath.tanh),
        "softmax": (nn.softmax,),
        "elu": (nn.elu,),
        "gelu": (nn.gelu,),
        "softplus": (nn.softplus,),
        "leaky_relu": (nn.leaky_relu,),
    }
    for name, functions in aliases.items():
        if any(activation is f for f in functions):
            return name
    return None


def get(identifier):
    """Returns the activation function for a name, a callable or None (linear).

    Example:
        >>> activations.get("relu") is activations.relu
        True
    """
    if identifier is None:
        return linear
    if isinstance(identifier, str):
        found = ALL.get(identifier) or get_registered_object(identifier)
        if found is None:
            raise ValueError(
                f"Could not interpret activation function identifier: {identifier}. "
                f"Expected one of {sorted(ALL)} or a callable."
            )
        return found
    if isinstance(identifier, dict):
        if identifier.get("class_name") == "function" and identifier.get("config") in ALL:
            return ALL[identifier["config"]]
        return get(deserialize_keras_object(identifier))
    if callable(identifier):
        return identifier
    raise ValueError(f"Could not interpret activation function identifier: {identifier}")


def deserialize(config, custom_objects=None):
    """The activation function a config names: a built-in's name ('selu'), a
    `{"class_name": "function", "config": name, ...}` dict, or a registered or
    `custom_objects` function. As in Keras, a string that names no function comes back as
    it is.

    Example:
        >>> activations.deserialize("mish") is activations.mish
        True
    """
    if isinstance(config, str):
        found = ALL.get(config) or get_registered_object(config, custom_objects)
        return config if found is None else found
    if isinstance(config, dict) and config.get("class_name") == "function":
        name = config.get("config")
        if isinstance(name, str) and name in ALL:
            return ALL[name]
    return deserialize_keras_object(config, custom_objects)


def serialize(activation):
    """Returns the name Keras stores in a config for a built-in activation."""
    name = canonical_name(activation)
    if name is not None:
        return name
    return serialize_keras_object(activation)
