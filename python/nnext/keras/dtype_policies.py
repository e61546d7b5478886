"""Dtype policies (`keras.dtype_policies`): the dtype a layer computes in and the dtype it
keeps its variables in, with Keras 3's names, parsing, printed forms and serialization.

`DTypePolicy("float32")` computes and stores in float32; `"mixed_float16"` computes in
float16 and stores variables in float32 (mixed precision). nnext computes float16 through
float32 kernels, rounding each op's result to float16 once, as TensorFlow's CPU kernels do.
nnext has no bfloat16 dtype, so `"mixed_bfloat16"` and `"bfloat16"` raise a ValueError.

The global policy lives in `keras.config` (`dtype_policy`, `set_dtype_policy`); this module
defines the policy classes and the functions that look them up (`get`, `serialize`,
`deserialize`).
"""

from nnext import dtypes

__all__ = ["DTypePolicy", "FloatDTypePolicy", "deserialize", "get", "serialize"]

_MIXED = {"mixed_float16": ("float16", "float32")}
_NO_BFLOAT16 = ("bfloat16", "mixed_bfloat16")


def _parse_name(name):
    """The (compute_dtype, variable_dtype) pair of a policy name."""
    if not isinstance(name, str):
        raise TypeError(
            f"'name' must be a string, such as 'mixed_float16'. Received: name={name} "
            f"(of type {type(name)})"
        )
    if name in _MIXED:
        return _MIXED[name]
    if name in _NO_BFLOAT16:
        raise ValueError(
            f"nnext has no bfloat16 dtype, so it cannot compute the '{name}' policy; use "
            "'mixed_float16' (float16 compute, float32 variables) instead."
        )
    try:
        dtype = dtypes.as_dtype(name).name
    except (TypeError, ValueError):
        raise ValueError(
            f"Cannot convert '{name}' to a mixed precision DTypePolicy. Valid policies include "
            "'mixed_float16', 'mixed_bfloat16', and the name of any float dtype such as "
            "'float32'."
        ) from None
    return dtype, dtype


class DTypePolicy:
    """A dtype policy for a Keras layer: its compute dtype and its variable dtype.

    Args:
        name: a dtype name ('float32', 'float16', 'float64', ...: both dtypes are that one),
            'mixed_float16' (float16 compute, float32 variables), or None for the global
            policy's name.

    Example:
        >>> policy = keras.DTypePolicy("mixed_float16")
        >>> policy.compute_dtype, policy.variable_dtype
        ('float16', 'float32')
        >>> keras.layers.Dense(4, dtype=policy).dtype_policy
        <DTypePolicy "mixed_float16">
    """

    def __init__(self, name=None):
        if name is None:
            from nnext.keras import config

            name = config.dtype_policy().name
        self._compute_dtype, self._variable_dtype = _parse_name(name)
        self._name = name

    @property
    def name(self):
        """The policy's name ('mixed_float16')."""
        return self._name

    @property
    def compute_dtype(self):
        """The dtype layers compute in and return: inputs are cast to it, and so are the
        variables they read while they compute."""
        return self._compute_dtype

    @property
    def variable_dtype(self):
        """The dtype layers create their variables in (float32 under 'mixed_float16')."""
        return self._variable_dtype

    @property
    def quantization_mode(self):
        """None: nnext has no quantized policies."""
        return None

    def convert_input(self, x, autocast, dtype):
        """`x` as a tensor, a floating one cast to `dtype` when `autocast` (integers are left
        alone, as Keras leaves them)."""
        from nnext.keras import backend

        x = backend.to_tensor(x)
        if autocast and x.dtype.is_floating and x.dtype.name != backend.standardize_dtype(dtype):
            return backend.to_tensor(x, backend.standardize_dtype(dtype))
        return x

    def get_config(self):
        return {"name": self._name}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def __eq__(self, other):
        if type(other) not in (DTypePolicy, FloatDTypePolicy):
            return False
        return self._name == other._name

    def __hash__(self):
        return hash(self._name)

    def __repr__(self):
        return f'<DTypePolicy "{self._name}">'


class FloatDTypePolicy(DTypePolicy):
    """Keras's alias of `DTypePolicy` for float policies (it prints as `DTypePolicy`)."""


_CLASSES = {"DTypePolicy": DTypePolicy, "FloatDTypePolicy": FloatDTypePolicy}


def serialize(dtype_policy):
    """The Keras config dict of a policy: module, class_name, config, registered_name.

    Example:
        >>> keras.dtype_policies.serialize(keras.DTypePolicy("mixed_float16"))["config"]
        {'name': 'mixed_float16'}
    """
    return {
        "module": "keras",
        "class_name": type(dtype_policy).__name__,
        "config": dtype_policy.get_config(),
        "registered_name": None,
    }


def deserialize(config, custom_objects=None):
    """The policy a `serialize` dict (or a bare `{'class_name', 'config'}` dict) describes."""
    if not isinstance(config, dict) or "class_name" not in config:
        raise ValueError(f"Could not deserialize a DTypePolicy from config={config}")
    class_name = config["class_name"]
    cls = (custom_objects or {}).get(class_name) or _CLASSES.get(class_name)
    if cls is None:
        raise ValueError(
            f"Unknown DTypePolicy class: '{class_name}'. Expected one of {sorted(_CLASSES)}"
        )
    return cls.from_config(config.get("config", {}))


def get(identifier):
    """A `DTypePolicy` from None (the global policy), a policy, a name or a config dict.

    Example:
        >>> keras.dtype_policies.get("mixed_float16")
        <DTypePolicy "mixed_float16">
    """
    if identifier is None:
        from nnext.keras import config

        return config.dtype_policy()
    if isinstance(identifier, DTypePolicy):
        return identifier
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if isinstance(identifier, str):
        return DTypePolicy(identifier)
    name = getattr(identifier, "name", None)
    if not isinstance(name, str):
        try:
            import numpy as np

            name = np.dtype(identifier).name
        except TypeError:
            name = None
    if name is None:
        raise ValueError(
            "Cannot interpret `dtype` argument. Expected a string or an instance of "
            f"DTypePolicy. Received: dtype={identifier}"
        )
    return DTypePolicy(name)
