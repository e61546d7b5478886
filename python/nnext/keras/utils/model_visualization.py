"""`plot_model` and `model_to_dot`: a model's layers drawn as a graph with pydot and
Graphviz, when both are installed (they are optional, as in Keras)."""

import os


def _import_pydot():
    try:
        import pydot
    except ImportError:
        return None
    return pydot


def model_to_dot(
    model,
    show_shapes=False,
    show_dtype=False,
    show_layer_names=True,
    rankdir="TB",
    expand_nested=False,
    dpi=200,
    subgraph=False,
    show_layer_activations=False,
    show_trainable=False,
    splines="ortho",
    **kwargs,
):
    """Returns a `pydot.Dot` with one node per layer of `model` and an edge from each layer
    to the next.

    Raises:
        ImportError: pydot is not installed.
        ValueError: the model has not been built.
    """
    if kwargs:
        raise ValueError(f"Unrecognized keyword arguments: {kwargs}")
    if not getattr(model, "built", True):
        raise ValueError(
            "This model has not yet been built. Build the model first by calling `build()` "
            "or by calling the model on a batch of data."
        )
    pydot = _import_pydot()
    if pydot is None:
        raise ImportError("You must install pydot (`pip install pydot`) for model_to_dot to work.")
    dot = pydot.Dot(graph_type="digraph", rankdir=rankdir, dpi=dpi, splines=splines)
    previous = None
    for layer in model.layers:
        label = layer.name if show_layer_names else type(layer).__name__
        if show_layer_names:
            label = f"{layer.name} ({type(layer).__name__})"
        if show_layer_activations and hasattr(layer, "activation"):
            label += f"\nactivation: {getattr(layer.activation, '__name__', layer.activation)}"
        if show_dtype:
            label += f"\ndtype: {getattr(layer, 'dtype', None)}"
        if show_shapes:
            label += f"\noutput shape: {getattr(layer, 'output_shape', '?')}"
        if show_trainable:
            label += f"\ntrainable: {layer.trainable}"
        node = pydot.Node(str(id(layer)), label=label, shape="record")
        dot.add_node(node)
        if previous is not None:
            dot.add_edge(pydot.Edge(previous, str(id(layer))))
        previous = str(id(layer))
    return dot


def plot_model(
    model,
    to_file="model.png",
    show_shapes=False,
    show_dtype=False,
    show_layer_names=False,
    rankdir="TB",
    expand_nested=False,
    dpi=200,
    show_layer_activations=False,
    show_trainable=False,
    splines="ortho",
    **kwargs,
):
    """Draws `model` into the image `to_file` (png, svg, pdf ... by its extension).

    Raises:
        ImportError: pydot or Graphviz is not installed (`pip install pydot` and the
            system package graphviz).
    """
    if _import_pydot() is None:
        raise ImportError("You must install pydot (`pip install pydot`) for `plot_model` to work.")
    dot = model_to_dot(
        model,
        show_shapes=show_shapes,
        show_dtype=show_dtype,
        show_layer_names=show_layer_names,
        rankdir=rankdir,
        expand_nested=expand_nested,
        dpi=dpi,
        show_layer_activations=show_layer_activations,
        show_trainable=show_trainable,
        splines=splines,
        **kwargs,
    )
    extension = os.path.splitext(os.fspath(to_file))[1][1:] or "png"
    try:
        dot.write(to_file, format=extension)
    except (OSError, FileNotFoundError) as e:
        raise ImportError(
            "You must install graphviz (see instructions at https://graphviz.gitlab.io/"
            "download/) for `plot_model` to work."
        ) from e
