"""Activation functions (`keras.activations`)."""

from nnext.keras.activations.activations import (
    elu,
    gelu,
    get,
    leaky_relu,
    linear,
    relu,
    serialize,
    sigmoid,
    silu,
    softmax,
    softplus,
    swish,
    tanh,
)

__all__ = [
    "elu",
    "gelu",
    "get",
    "leaky_relu",
    "linear",
    "relu",
    "serialize",
    "sigmoid",
    "silu",
    "softmax",
    "softplus",
    "swish",
    "tanh",
]
