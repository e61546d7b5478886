"""`get_source_inputs`: the `keras.Input` tensors a symbolic tensor was computed from."""


def get_source_inputs(tensor):
    """The input tensors (`keras.Input` outputs) at the start of every path that leads to
    `tensor` in the functional graph, each once, in the order they are first reached.

    Always a list, also for a single input; a value that is not a symbolic tensor comes
    back as it is.

    Example:
        >>> x = keras.Input((3,))
        >>> keras.utils.get_source_inputs(layers.Dense(2)(x))[0] is x
        True
    """
    if not hasattr(tensor, "_keras_history"):
        return tensor
    history = tensor._keras_history
    if history is None or not history.operation._inbound_nodes:
        return [tensor]
    node = history.operation._inbound_nodes[history.node_index]
    if not node.input_tensors:  # an input node: the tensors it made are the sources
        return list(node.outputs)
    sources = []
    for parent in node.input_tensors:
        for source in get_source_inputs(parent):
            if all(source is not seen for seen in sources):
                sources.append(source)
    return sources
