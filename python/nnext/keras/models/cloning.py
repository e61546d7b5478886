"""`clone_model`: a model of the same architecture with new layers (fresh weights).

Sequential models are rebuilt from cloned layers; functional models replay their graph on
new inputs with every layer cloned (or replaced by `clone_function`, or called through
`call_function`); other models go through their config, as in Keras.
"""

from nnext.keras import tree
from nnext.keras.keras_tensor import is_keras_tensor
from nnext.keras.layers.core.input_layer import Input, InputLayer
from nnext.keras.layers.layer import Layer
from nnext.keras.models.functional import Functional
from nnext.keras.models.sequential import Sequential
from nnext.keras.saving.serialization import deserialize_keras_object, serialize_keras_object


def clone_model(
    model, input_tensors=None, clone_function=None, call_function=None, recursive=False, **kwargs
):
    """A copy of `model`'s architecture on new layers, with freshly initialized weights.

    Args:
        model: a Sequential or functional model (or a model class with `get_config`).
        input_tensors: KerasTensors to build the copy on (new `Input`s by default).
        clone_function: `fn(layer) -> layer` used for every non-input layer (default:
            `layer.__class__.from_config(layer.get_config())`).
        call_function: `fn(layer, *args, **kwargs)` that calls each cloned layer
            (functional models only), e.g. to insert layers after some of them.
        recursive: clone nested Sequential/functional models with `clone_model` too.

    Returns:
        The new model, compiled as `model` is (same compile config) when it was compiled.

    Example:
        >>> new_model = keras.models.clone_model(model)
    """
    cache = kwargs.pop("cache", None)
    if kwargs:
        raise ValueError(f"Unexpected keyword argument(s): {tuple(kwargs.keys())}")
    if isinstance(model, Sequential):
        if call_function is not None:
            raise ValueError(
                "`call_function` argument is not supported with Sequential models.  In a "
                "Sequential model, layers aren't called at model-construction time (they're "
                "merely listed). Use `call_function` with Functional models only. Received "
                f"model of type '{type(model).__name__}', with call_function={call_function}"
            )
        clone = _cloner(clone_function, None, recursive, cache)
        return _compiled_like(model, _clone_sequential(model, clone, input_tensors))
    if isinstance(model, Functional) and (
        type(model).get_config is Functional.get_config or clone_function or input_tensors
    ):
        clone = _cloner(clone_function, call_function, recursive, cache)
        return _compiled_like(model, _clone_functional(model, clone, call_function, input_tensors))
    if clone_function or input_tensors:
        raise ValueError(
            "Arguments `clone_function` and `input_tensors` are only supported for "
            "Sequential models or Functional models. Received model of type "
            f"'{type(model).__name__}', with clone_function={clone_function} and "
            f"input_tensors={input_tensors}"
        )
    if call_function is not None:
        raise ValueError(
            "Argument `call_function` is only supported for Functional models. Received "
            f"model of type '{type(model).__name__}', with call_function={call_function}"
        )
    return deserialize_keras_object(
        serialize_keras_object(model), custom_objects={type(model).__name__: type(model)}
    )


def _cloner(clone_function, call_function, recursive, cache):
    """`clone(layer)`: each layer cloned once (a shared layer stays shared in the copy),
    nested models cloned by `clone_model` when `recursive`."""
    cache = {} if cache is None else cache
    clone_one = clone_function or (lambda layer: layer.__class__.from_config(layer.get_config()))

    def clone(layer):
        if id(layer) not in cache:
            if recursive and isinstance(layer, (Sequential, Functional)):
                cache[id(layer)] = clone_model(
                    layer,
                    clone_function=clone_function,
                    recursive=True,
                    cache=cache,
                    call_function=None if isinstance(layer, Sequential) else call_function,
                )
            else:
                cache[id(layer)] = clone_one(layer)
        return cache[id(layer)]

    return clone


def _clone_sequential(model, clone, input_tensors):
    layers = [clone(layer) for layer in model.layers]
    reference = model._input_layer
    if input_tensors is not None:
        if isinstance(input_tensors, (list, tuple)):
            if len(input_tensors) != 1:
                raise ValueError("Argument `input_tensors` must contain a single tensor.")
            input_tensors = input_tensors[0]
        if not is_keras_tensor(input_tensors):
            raise ValueError(
                "Argument `input_tensors` must be a KerasTensor. Received invalid value: "
                f"input_tensors={input_tensors}"
            )
        name = reference.name if reference is not None else None
        layers = [Input(tensor=input_tensors, name=name)] + layers
    elif reference is not None:
        layers = [
            Input(batch_shape=reference.batch_shape, dtype=reference.dtype, name=reference.name)
        ] + layers
    return Sequential(layers, name=model.name, trainable=model.trainable)


def _clone_functional(model, clone, call_function, input_tensors):
    if input_tensors is not None:
        if not all(is_keras_tensor(x) for x in tree.flatten(input_tensors)):
            raise ValueError(
                "All entries in `input_tensors` must be KerasTensors. Received invalid "
                f"values: inputs_tensors={input_tensors}"
            )
        try:
            tree.assert_same_structure(input_tensors, model.input)
        except ValueError as e:
            raise ValueError(
                "`input_tensors` must have the same structure as model.input"
                f"\nReference structure: {model.input}\nReceived structure: {input_tensors}"
            ) from e
    else:
        input_tensors = tree.map_structure(
            lambda x: Input(batch_shape=x.shape, dtype=x.dtype, name=x.name), model.input
        )
    values = dict(zip((id(t) for t in model.inputs), tree.flatten(input_tensors)))
    for node in model._nodes:
        if isinstance(node.operation, InputLayer):
            continue
        # Layers are cloned; ops (`ops.mean` on a KerasTensor) hold no state and are reused.
        operation = clone(node.operation) if isinstance(node.operation, Layer) else node.operation
        call = (
            operation
            if call_function is None
            else (lambda *args, _op=operation, **kw: call_function(_op, *args, **kw))
        )
        for tensor, value in zip(node.outputs, node.replay(values, call)):
            values[id(tensor)] = value
    outputs = tree.pack_sequence_as(model._outputs_struct, [values[id(t)] for t in model.outputs])
    return Functional(input_tensors, outputs, name=model.name)


def _compiled_like(model, new_model):
    if model.compiled:
        new_model.compile_from_config(model.get_compile_config())
    return new_model
