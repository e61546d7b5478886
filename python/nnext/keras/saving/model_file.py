"""`.keras` files: a whole model in Keras 3's zip layout.

The archive holds `metadata.json` (the writer's version and the date), `config.json` (the
model's serialized config, with its build and compile configs), `model.weights.h5` (its
variables, as a `.weights.h5` file) and `assets/` (files its layers save, see `assets.py`).
Members are stored uncompressed, as Keras writes them.
"""

import datetime
import io
import json
import zipfile

import h5py

from nnext.keras.saving.assets import read_assets, write_assets
from nnext.keras.saving.atomic import atomic_write
from nnext.keras.saving.serialization import (
    custom_object_scope,
    deserialize_keras_object,
    serialize_keras_object,
)
from nnext.keras.saving.state import write_state
from nnext.keras.saving.walk import obj_type
from nnext.keras.saving.weights_file import read_weights_into
from nnext.version import VERSION

MODEL_SUFFIX = ".keras"
_METADATA = "metadata.json"
_CONFIG = "config.json"
_WEIGHTS = "model.weights.h5"
# The Keras release whose format these files follow (and were checked against).
KERAS_FORMAT_VERSION = "3.15.1"
# What a `.keras` file may hold: Keras 3 saves layers as well as models this way.
_MODEL_TYPES = ("Model", "Functional", "Sequential", "Layer")


def save_model(model, filepath):
    """Writes the model's architecture, compile settings, weights and optimizer state to a
    `.keras` file that Keras 3 can also load. An old file is replaced only once the new
    one is complete.

    Example:
        >>> model.save("mnist_mlp.keras")
        >>> restored = nnext.keras.models.load_model("mnist_mlp.keras")
    """
    filepath = str(filepath)
    if not filepath.endswith(MODEL_SUFFIX):
        raise ValueError(
            f"Invalid `filepath` argument: expected a `{MODEL_SUFFIX}` extension. "
            f"Received: filepath={filepath}"
        )
    _check_has_config(model)
    config = json.dumps(serialize_keras_object(model))
    metadata = json.dumps(
        {
            "keras_version": KERAS_FORMAT_VERSION,
            "nnext_version": VERSION,
            "date_saved": datetime.datetime.now().strftime("%Y-%m-%d@%H:%M:%S"),
        }
    )
    weights = io.BytesIO()
    with h5py.File(weights, "w") as f:
        write_state(f, model)
    with atomic_write(filepath) as tmp, zipfile.ZipFile(tmp, "w") as archive:
        archive.writestr(_METADATA, metadata)
        archive.writestr(_CONFIG, config)
        archive.writestr(_WEIGHTS, weights.getvalue())
        write_assets(archive, model)


def load_model(filepath, custom_objects=None, compile=True):
    """Re-creates a model saved with `model.save` (by nnext or by Keras 3).

    Args:
        filepath: path to a `.keras` file.
        custom_objects: dict mapping names to the user's own classes and functions.
        compile: whether to compile the model as it was when saved (and restore its
            optimizer's state).

    Returns:
        The model, with its weights.
    """
    filepath = str(filepath)
    if not filepath.endswith(MODEL_SUFFIX):
        raise ValueError(
            f"Invalid filename: expected a `{MODEL_SUFFIX}` extension. Received: "
            f"filepath={filepath}"
        )
    with _open_archive(filepath) as archive:
        config = _read_config(archive, filepath)
        if not compile:
            config["compile_config"] = None
        model = _model_from_config(config, custom_objects, filepath)
        weights = _read_member(archive, _WEIGHTS, filepath)
        read_weights_into(model, io.BytesIO(weights), f"{filepath} ({_WEIGHTS})")
        # After the weights, as Keras loads each layer's variables before its assets (a
        # 'tf_idf' lookup sets its vocabulary with its loaded IDF weights).
        read_assets(archive, model, filepath)
    return model


def load_weights_from_archive(model, filepath):
    """Loads only the variables of a `.keras` file into an existing model."""
    with _open_archive(filepath) as archive:
        weights = _read_member(archive, _WEIGHTS, filepath)
    read_weights_into(model, io.BytesIO(weights), f"{filepath} ({_WEIGHTS})")


def _read_config(archive, filepath):
    text = _read_member(archive, _CONFIG, filepath)
    try:
        config = json.loads(text)
    except (ValueError, RecursionError) as e:  # bad JSON or UTF-8, or nesting beyond the stack
        raise ValueError(
            f"{filepath} is not a valid .keras file: {_CONFIG} is not valid JSON: "
            f"{type(e).__name__}: {e}"
        ) from None
    if not isinstance(config, dict):  # a damaged file, not a caller's wrong argument
        raise ValueError(  # noqa: TRY004
            f"{filepath} is not a valid .keras file: {_CONFIG} holds a "
            f"{type(config).__name__}, not a serialized model"
        )
    return config


def _model_from_config(config, custom_objects, filepath):
    # A config that is valid JSON but not a model can fail anywhere in deserialization
    # (a missing key, a wrong type, a layer too large to allocate): say which file it was.
    try:
        with custom_object_scope(custom_objects):
            model = deserialize_keras_object(config)
    except Exception as e:
        raise ValueError(
            f"Cannot load {filepath}: its {_CONFIG} does not describe a model that can be "
            f"built: {type(e).__name__}: {e}"
        ) from e
    if obj_type(model) not in _MODEL_TYPES:
        raise ValueError(
            f"Cannot load {filepath}: its {_CONFIG} describes a {type(model).__name__}, "
            "not a model or layer"
        )
    return model


def _open_archive(filepath):
    try:
        return zipfile.ZipFile(filepath, "r")
    except FileNotFoundError:
        raise FileNotFoundError(f"No such file: {filepath}") from None
    except zipfile.BadZipFile as e:
        raise ValueError(
            f"{filepath} is not a valid .keras file (truncated or corrupted?): {e}"
        ) from e


def _read_member(archive, name, filepath):
    try:
        return archive.read(name)
    except KeyError:
        raise ValueError(f"{filepath} is not a valid .keras file: it has no {name}.") from None
    except (zipfile.BadZipFile, OSError, EOFError) as e:  # a CRC mismatch, a cut-off member
        raise ValueError(f"{filepath} is corrupted: cannot read {name}: {e}") from e


def _check_has_config(model):
    # A subclassed model can be rebuilt only from a config it defines itself, as in Keras.
    cls = type(model)
    if model._obj_type() in ("Sequential", "Functional") or model._has_own_config():
        return
    raise NotImplementedError(
        f"Model {cls.__name__} cannot be saved with `save()` because it is a subclassed "
        "model that does not implement `get_config()`. Implement `get_config()` (and "
        "`from_config()` if its constructor needs more than the config), or save its "
        "weights with `save_weights()`."
    )
