"""Global settings of the Keras layer (`keras.config`): default float type, fuzz factor,
image layout, dtype policy, logging and deserialization switches.

This module is the one place these settings live; `keras.backend.floatx()` and the layers,
losses and optimizers read them from here when they are created. Settings with no meaning
on nnext's CPU backend (flash attention, traceback filtering) are kept and reported back so
that programs written for Keras run unchanged.
"""

import os

from nnext.keras.dtype_policies import DTypePolicy

__all__ = [
    "DTypePolicy",
    "backend",
    "disable_flash_attention",
    "disable_interactive_logging",
    "disable_traceback_filtering",
    "dtype_policy",
    "enable_flash_attention",
    "enable_interactive_logging",
    "enable_traceback_filtering",
    "enable_unsafe_deserialization",
    "epsilon",
    "floatx",
    "image_data_format",
    "is_flash_attention_enabled",
    "is_interactive_logging_enabled",
    "is_nnx_enabled",
    "is_traceback_filtering_enabled",
    "max_epochs",
    "max_steps_per_epoch",
    "set_backend",
    "set_dtype_policy",
    "set_epsilon",
    "set_floatx",
    "set_image_data_format",
    "set_max_epochs",
    "set_max_steps_per_epoch",
]

# The float types Keras accepts, and the ones nnext has (no bfloat16).
_KERAS_FLOATX = ("bfloat16", "float16", "float32", "float64")
_NNEXT_FLOATX = ("float16", "float32", "float64")

_settings = {
    "floatx": "float32",
    "epsilon": 1e-7,
    "image_data_format": "channels_last",
    "interactive_logging": True,
    "traceback_filtering": True,
    "flash_attention": None,
    "safe_mode": True,
    "dtype_policy": None,
    # Keras reads these two from the environment at import; so does nnext.
    "max_epochs": int(os.environ["KERAS_MAX_EPOCHS"]) if "KERAS_MAX_EPOCHS" in os.environ else None,
    "max_steps_per_epoch": int(os.environ["KERAS_MAX_STEPS_PER_EPOCH"])
    if "KERAS_MAX_STEPS_PER_EPOCH" in os.environ
    else None,
}


def floatx():
    """The default float type of layers, losses and metrics, as a string ('float32').

    Example:
        >>> keras.config.floatx()
        'float32'
    """
    return _settings["floatx"]


def set_floatx(value):
    """Sets the default float type: 'float32', 'float64' or 'float16' (a float64 model
    trains in float64; float16 computes through float32 kernels, each result rounded to
    float16). nnext has no bfloat16 and refuses it with a ValueError rather than computing
    in another type than asked.

    Example:
        >>> keras.config.set_floatx("float64")
    """
    if value not in _KERAS_FLOATX:
        raise ValueError(f"Unknown `floatx` value: {value}. Expected one of {set(_KERAS_FLOATX)}")
    if value not in _NNEXT_FLOATX:
        raise ValueError(
            f"nnext has no bfloat16 dtype; floatx may be one of {list(_NNEXT_FLOATX)}. "
            f"Received: floatx={value}"
        )
    _settings["floatx"] = str(value)


def epsilon():
    """The fuzz factor added to denominators and used to clip probabilities (1e-7)."""
    return _settings["epsilon"]


def set_epsilon(value):
    """Sets the fuzz factor `epsilon()` returns.

    Example:
        >>> keras.config.set_epsilon(1e-5)
    """
    _settings["epsilon"] = value


def image_data_format():
    """'channels_last' (default) or 'channels_first': where image layers expect channels."""
    return _settings["image_data_format"]


def set_image_data_format(data_format):
    """Sets the default layout of image tensors: 'channels_last' or 'channels_first'."""
    data_format = str(data_format).lower()
    if data_format not in ("channels_first", "channels_last"):
        raise ValueError(
            "The `data_format` argument must be one of {'channels_first', 'channels_last'}. "
            f"Received: data_format={data_format}"
        )
    _settings["image_data_format"] = data_format


def standardize_data_format(data_format):
    """`data_format`, or `image_data_format()` when None, checked and lower-cased."""
    if data_format is None:
        return image_data_format()
    data_format = str(data_format).lower()
    if data_format not in ("channels_first", "channels_last"):
        raise ValueError(
            "The `data_format` argument must be one of {'channels_first', 'channels_last'}. "
            f"Received: data_format={data_format}"
        )
    return data_format


def backend():
    """The name of the backend computing Keras's ops: 'nnext'."""
    return "nnext"


def set_backend(backend):
    """Keras switches between TensorFlow, JAX and PyTorch here; nnext is its own backend.

    Raises:
        ValueError: for any backend other than 'nnext'.
    """
    if backend != "nnext":
        raise ValueError(
            "nnext.keras runs on the nnext backend only; it cannot switch to another "
            f"framework. Received: backend={backend}"
        )


def dtype_policy():
    """The global `DTypePolicy` (that of `floatx()` unless `set_dtype_policy` chose one).

    Example:
        >>> keras.config.dtype_policy()
        <DTypePolicy "float32">
    """
    policy = _settings["dtype_policy"]
    return policy if policy is not None else DTypePolicy(floatx())


def set_dtype_policy(policy):
    """Sets the global dtype policy: a `DTypePolicy` or its name ('float32',
    'mixed_float16'). Layers created afterwards without a `dtype` use it.

    Raises:
        ValueError: for anything else, and for the bfloat16 policies (nnext has no bfloat16).

    Example:
        >>> keras.config.set_dtype_policy("mixed_float16")
        >>> keras.layers.Dense(4).compute_dtype
        'float16'
    """
    if isinstance(policy, str):
        policy = DTypePolicy(policy)
    elif not isinstance(policy, DTypePolicy):
        raise ValueError(  # noqa: TRY004 (Keras raises ValueError here)
            "Invalid `policy` argument. Expected the string name of a policy (such as "
            f"'mixed_float16') or a `DTypePolicy` instance. Received: policy={policy} "
            f"(of type {type(policy)})"
        )
    _settings["dtype_policy"] = policy


def enable_unsafe_deserialization():
    """Allows loading saved `lambda` functions (arbitrary code) from model files."""
    _settings["safe_mode"] = False


def in_safe_mode():
    """Whether deserialization refuses to run saved code (False after
    `enable_unsafe_deserialization`)."""
    return _settings["safe_mode"]


def enable_interactive_logging():
    """Progress bars and messages go to stdout (the default)."""
    _settings["interactive_logging"] = True


def disable_interactive_logging():
    """Progress bars and messages go to Python's `logging` (logger 'nnext') instead of
    stdout, for jobs without a terminal."""
    _settings["interactive_logging"] = False


def is_interactive_logging_enabled():
    """Whether messages are printed to stdout (True) or sent to `logging` (False)."""
    return _settings["interactive_logging"]


def enable_traceback_filtering():
    """Kept for Keras programs: nnext's tracebacks hold no framework frames to filter."""
    _settings["traceback_filtering"] = True


def disable_traceback_filtering():
    """Kept for Keras programs: nnext's tracebacks hold no framework frames to filter."""
    _settings["traceback_filtering"] = False


def is_traceback_filtering_enabled():
    """The traceback-filtering switch as last set (True by default)."""
    return _settings["traceback_filtering"]


def enable_flash_attention():
    """Kept for Keras programs: flash attention is a GPU kernel; nnext's attention is
    computed the same way either way."""
    _settings["flash_attention"] = None


def disable_flash_attention():
    """Kept for Keras programs; see `enable_flash_attention`."""
    _settings["flash_attention"] = False


def is_flash_attention_enabled():
    """The flash-attention switch: None (automatic, the default) or False."""
    return _settings["flash_attention"]


def is_nnx_enabled():
    """Flax NNX is a JAX feature: always False on nnext."""
    return False


def max_epochs():
    """The cap on `fit`'s epochs set by `set_max_epochs` (or `KERAS_MAX_EPOCHS`), or None."""
    return _settings["max_epochs"]


def set_max_epochs(max_epochs):
    """Caps the number of epochs every `fit` runs (None removes the cap), for quick tests."""
    _settings["max_epochs"] = max_epochs


def max_steps_per_epoch():
    """The cap on steps per epoch set by `set_max_steps_per_epoch`, or None."""
    return _settings["max_steps_per_epoch"]


def set_max_steps_per_epoch(max_steps_per_epoch):
    """Caps the number of steps of every epoch of `fit` (None removes the cap)."""
    _settings["max_steps_per_epoch"] = max_steps_per_epoch
