"""`.weights.h5` files: a model's variables alone, in Keras 3's layout."""

import math

import h5py

from nnext.keras.saving.atomic import atomic_write
from nnext.keras.saving.state import load_state, write_state

WEIGHTS_SUFFIX = ".weights.h5"


def save_weights(model, filepath):
    """Writes the model's (and its optimizer's) variables to a `.weights.h5` file.

    The file replaces any old one at `filepath` only once it is complete.

    Example:
        >>> model.save_weights("mlp.weights.h5")
    """
    filepath = str(filepath)
    if not filepath.endswith(WEIGHTS_SUFFIX):
        raise ValueError(
            f"The filename must end in `{WEIGHTS_SUFFIX}`. Received: filepath={filepath}"
        )
    _check_built(model, "saving")
    with atomic_write(filepath) as tmp, h5py.File(tmp, "w") as f:
        write_state(f, model)


def load_weights(model, filepath):
    """Loads variables saved by `save_weights` (or a `.keras` file's) into `model`.

    The model must have the architecture the file was saved from; otherwise a ValueError
    names what differs and the model is left as it was.
    """
    filepath = str(filepath)
    if filepath.endswith(".keras"):
        from nnext.keras.saving.model_file import load_weights_from_archive

        _check_built(model, "loading weights into")
        load_weights_from_archive(model, filepath)
        return
    if not filepath.endswith(WEIGHTS_SUFFIX):
        raise ValueError(
            f"The filename must end in `{WEIGHTS_SUFFIX}` or `.keras`. "
            f"Received: filepath={filepath}"
        )
    _check_built(model, "loading weights into")
    read_weights_into(model, filepath, filepath)


def read_weights_into(model, source, filename):
    """Loads an HDF5 weights file (a path or a file object) into `model`, all or nothing.

    A damaged file makes h5py raise almost anything while it is read (OSError, RuntimeError
    and KeyError for headers it cannot parse, TypeError or ValueError for nonsense metadata);
    each becomes a ValueError naming `filename`, raised before any variable is assigned.
    """
    with open_weights(source, filename) as f:
        try:
            _check_dataset_sizes(f, model, filename)
            load_state(f, model, filename)
        except (ValueError, FileNotFoundError, PermissionError) as e:
            if filename in str(e):  # already says which file and what is wrong
                raise
            raise _damaged(filename, e) from e
        except Exception as e:
            raise _damaged(filename, e) from e


def _damaged(filename, error):
    return ValueError(
        f"{filename} is not a readable weights file (truncated or corrupted?): "
        f"{type(error).__name__}: {error}"
    )


# Files whose datasets are all this small are read without further checks.
_SMALL_DATASET = 2**20


def _check_dataset_sizes(h5_file, model, filename):
    # A damaged header can claim a dataset of billions of values, which reading would
    # allocate; a dataset larger than every variable of the model cannot load anyway.
    optimizer = getattr(model, "optimizer", None)
    variables = list(model.variables) + list(getattr(optimizer, "variables", None) or [])
    largest = max((math.prod(v.shape) for v in variables), default=0)
    limit = max(largest, _SMALL_DATASET)

    def visit(name, item):
        if isinstance(item, h5py.Dataset) and item.size > limit:
            raise ValueError(
                f"Cannot load {filename} into model '{model.name}': dataset {name} holds "
                f"{item.size} values, more than any variable of the model ({largest})"
            )

    h5_file.visititems(visit)


def open_weights(source, filename):
    """Opens an HDF5 weights file (a path or a file object) for reading, with clear errors."""
    try:
        return h5py.File(source, "r")
    except FileNotFoundError:
        raise FileNotFoundError(f"No such file: {filename}") from None
    except PermissionError:
        raise
    except OSError as e:
        raise ValueError(
            f"{filename} is not a readable weights file (truncated or corrupted?): {e}"
        ) from e


def _check_built(model, doing):
    if not model.built:
        raise ValueError(
            f"You are {doing} a model that has not yet been built. Try building the model "
            "first by calling it on some data or by using `build()`."
        )
