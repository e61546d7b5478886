"""What every application shares around its layers: the checks on `weights` and `classes`,
the input tensor, the functional model, and loading ImageNet or user weights.

ImageNet weights are Keras's legacy `.h5` files (one group per layer, weights in creation
order), read here as Keras 3 reads them: layers with weights are matched in order.
"""

import os

import h5py
import numpy as np

from nnext.keras import config, layers
from nnext.keras.applications import imagenet_utils
from nnext.keras.keras_tensor import is_keras_tensor
from nnext.keras.models import Model
from nnext.keras.utils.file_utils import get_file


def valid_weights(weights):
    """None, 'imagenet' or the path of an existing file."""
    return weights in {"imagenet", None} or os.path.exists(weights)


def check_weights_arg(weights, include_top, classes):
    """Keras's checks: `weights` is None, 'imagenet' or an existing file; ImageNet's
    classifier has 1000 classes."""
    if not valid_weights(weights):
        raise ValueError(
            "The `weights` argument should be either `None` (random initialization), "
            "'imagenet' (pre-training on ImageNet), or the path to the weights file to be "
            f"loaded.  Received: weights={weights}"
        )
    if weights == "imagenet" and include_top and classes != 1000:
        raise ValueError(
            "If using `weights='imagenet'` with `include_top=True`, `classes` should be "
            f"1000.  Received classes={classes}"
        )


def image_input(input_tensor, input_shape, default_size, min_size, include_top, weights):
    """The model's image input: a new `Input`, or `input_tensor` (wrapped when it is not
    a KerasTensor already)."""
    input_shape = imagenet_utils.obtain_input_shape(
        input_shape,
        default_size=default_size,
        min_size=min_size,
        data_format=config.image_data_format(),
        require_flatten=include_top,
        weights=weights,
    )
    return input_layer(input_tensor, input_shape)


def input_layer(input_tensor, input_shape):
    """The image input for a checked `input_shape`."""
    if input_tensor is None:
        return layers.Input(shape=input_shape)
    if not is_keras_tensor(input_tensor):
        return layers.Input(tensor=input_tensor, shape=input_shape)
    return input_tensor


def spatial_size(shape):
    """(rows, cols) of an image shape without the batch axis."""
    if config.image_data_format() == "channels_first":
        return shape[1], shape[2]
    return shape[0], shape[1]


def channel_axis():
    return 3 if config.image_data_format() == "channels_last" else 1


def classifier_or_pooling(
    x,
    include_top,
    pooling,
    classes,
    classifier_activation,
    weights,
    pool_names=("avg_pool", "max_pool"),
    top_pool=True,
):
    """The classifier (global average pooling when `top_pool`, then the Dense layer
    'predictions') or, without it, the optional feature pooling; `pool_names` name the
    pooling layers (None: the automatic name, as Keras leaves some)."""
    if include_top:
        if top_pool:
            x = layers.GlobalAveragePooling2D(name=pool_names[0])(x)
        imagenet_utils.validate_activation(classifier_activation, weights)
        return layers.Dense(classes, activation=classifier_activation, name="predictions")(x)
    if pooling == "avg":
        return layers.GlobalAveragePooling2D(name=pool_names[0])(x)
    if pooling == "max":
        return layers.GlobalMaxPooling2D(name=pool_names[1])(x)
    return x


def source_inputs(tensor):
    """The Input tensors a KerasTensor was computed from (Keras's `get_source_inputs`)."""
    found, seen, stack = [], set(), [tensor]
    while stack:
        t = stack.pop()
        if id(t) in seen:
            continue
        seen.add(id(t))
        history = t._keras_history
        node = history.operation._inbound_nodes[history.node_index] if history else None
        if node is None or not node.input_tensors:
            found.append(t)
        else:
            stack.extend(reversed(node.input_tensors))
    return found[0] if len(found) == 1 else found


def finish(img_input, input_tensor, outputs, name, weights, imagenet_file=None):
    """The functional model, with its weights loaded.

    Args:
        imagenet_file: `(url, file_name, md5)` of the ImageNet weights for this variant, or
            None where Keras offers none (then 'imagenet' builds random weights, as Keras).
    """
    inputs = source_inputs(input_tensor) if input_tensor is not None else img_input
    model = Model(inputs, outputs, name=name)
    if weights == "imagenet":
        if imagenet_file is not None:
            url, file_name, file_hash = imagenet_file
            load(model, get_file(file_name, url, cache_subdir="models", file_hash=file_hash))
    elif weights is not None:
        load(model, weights)
    return model


def load(model, filepath):
    """`model.load_weights(filepath)`, with Keras's legacy `.h5` files read too."""
    path = str(filepath)
    if path.endswith((".h5", ".hdf5")) and not path.endswith(".weights.h5"):
        load_legacy_h5(model, path)
    else:
        model.load_weights(path)


def _names(group, attr):
    return [n.decode("utf8") if hasattr(n, "decode") else str(n) for n in group.attrs.get(attr, [])]


def load_legacy_h5(model, path):
    """Reads a Keras 2 style weights file: each layer with weights takes the next saved
    layer group's values, in order (as Keras's `load_weights_from_hdf5_group`)."""
    with h5py.File(path, "r") as f:
        group = f["model_weights"] if "layer_names" not in f.attrs and "model_weights" in f else f
        saved = [
            name for name in _names(group, "layer_names") if _names(group[name], "weight_names")
        ]
        targets = [
            layer for layer in model.layers if layer.trainable_weights + layer.non_trainable_weights
        ]
        if len(saved) != len(targets):
            raise ValueError(
                "Layer count mismatch when loading weights from file. Model expected "
                f"{len(targets)} layers, found {len(saved)} saved layers."
            )
        updates = []
        for k, (name, layer) in enumerate(zip(saved, targets)):
            variables = layer.trainable_weights + layer.non_trainable_weights
            values = [np.asarray(group[name][w]) for w in _names(group[name], "weight_names")]
            if len(values) != len(variables):
                raise ValueError(
                    f"Weight count mismatch for layer #{k} (named {layer.name} in the current "
                    f"model, {name} in the save file). Layer expects {len(variables)} "
                    f"weight(s). Received {len(values)} saved weight(s)"
                )
            for variable, value in zip(variables, values):
                if tuple(variable.shape) != value.shape:
                    raise ValueError(
                        f"Shape mismatch in layer #{k} (named {layer.name}) for weight "
                        f"{variable.path}. Weight expects shape {tuple(variable.shape)}. "
                        f"Received saved weight with shape {value.shape}"
                    )
                updates.append((variable, value))
    # Every value is checked before the first is assigned: a bad file leaves the model as is.
    for variable, value in updates:
        variable.assign(value)
