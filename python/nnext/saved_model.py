"""``tf.saved_model``: the names exist and say where to go instead.

A SavedModel is a serialized TensorFlow graph; nnext has no graphs to serialize until its
compiled steps can be exported. Until then, save state with ``nnext.train.Checkpoint``
(tf.Module objects, any Variables) or ``model.save("model.keras")`` /
``model.save_weights("x.weights.h5")`` (Keras models).
"""

import os

__all__ = ["LoadOptions", "SaveOptions", "contains_saved_model", "load", "save"]

_WHERE_INSTEAD = (
    "nnext cannot write or read TensorFlow SavedModels (it has no graphs to serialize yet). "
    "Save state with nnext.train.Checkpoint(...).save(prefix) for tf.Module objects and "
    "Variables, or model.save('model.keras') / model.save_weights('x.weights.h5') for Keras "
    "models."
)


class SaveOptions:
    """Accepted for compatibility; ``save`` raises NotImplementedError."""

    def __init__(
        self,
        namespace_whitelist=None,
        save_debug_info=False,
        function_aliases=None,
        experimental_io_device=None,
        experimental_variable_policy=None,
        experimental_custom_gradients=True,
        experimental_image_format=False,
        experimental_skip_saver=False,
        experimental_sharding_callback=None,
        extra_tags=None,
    ):
        self.function_aliases = function_aliases or {}


class LoadOptions:
    """Accepted for compatibility; ``load`` raises NotImplementedError."""

    def __init__(
        self,
        allow_partial_checkpoint=False,
        experimental_io_device=None,
        experimental_skip_checkpoint=False,
        experimental_variable_policy=None,
        experimental_load_function_aliases=False,
    ):
        self.allow_partial_checkpoint = allow_partial_checkpoint


def save(obj, export_dir, signatures=None, options=None):
    """Raises NotImplementedError naming the formats nnext writes instead."""
    raise NotImplementedError(f"tf.saved_model.save: {_WHERE_INSTEAD}")


def load(export_dir, tags=None, options=None):
    """Raises NotImplementedError naming the formats nnext reads instead."""
    raise NotImplementedError(f"tf.saved_model.load: {_WHERE_INSTEAD}")


def contains_saved_model(export_dir):
    """True when ``export_dir`` holds a ``saved_model.pb`` (which nnext cannot load)."""
    return os.path.isfile(os.path.join(os.fspath(export_dir), "saved_model.pb"))
