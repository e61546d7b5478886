"""How the layer catalog's cases run (tests/test_keras_layers_catalog.py): the same weights
and inputs in Keras and nnext, outputs in inference and training mode, gradients of a loss
with respect to weights and inputs, moving statistics after training steps, get_config, and
the case builders for ordinary and preprocessing layers. Every function takes `k`, the
`keras` or `nnext.keras` module."""

import inspect
import json

import numpy as np

TOLERANCE = {"rtol": 2e-5, "atol": 2e-6}


def is_nnext(k):
    return k.__name__.startswith("nnext")


def data(shape, seed=0, low=-2.0, high=2.0):
    return np.random.default_rng(seed).uniform(low, high, shape).astype("float32")


def set_same_weights(layer, seed=1):
    """Overwrites every weight, in Keras's order, with values from a fixed generator:
    variances (named `*variance*`) positive, everything else in [-1, 1)."""
    rng = np.random.default_rng(seed)
    weights = []
    for variable, value in zip(layer.weights, layer.get_weights()):
        if "variance" in variable.name:
            weights.append(rng.uniform(0.5, 2.0, value.shape).astype(value.dtype))
        else:
            weights.append(rng.uniform(-1.0, 1.0, value.shape).astype(value.dtype))
    layer.set_weights(weights)


def loss_of(outputs, sum_fn):
    """`sum(y * c)` over the output(s), each `c` fixed: the loss every gradient is of."""
    outputs = outputs if isinstance(outputs, (tuple, list)) else (outputs,)
    return sum(sum_fn(y * data(tuple(y.shape), seed=99 + i)) for i, y in enumerate(outputs))


def forward_and_gradients(k, layer, args, training, **kwargs):
    """`layer(*args, training=..., **kwargs)`, and the gradients of `loss_of` its outputs
    with respect to every array in `args` (arrays or lists of them) and the trainable
    weights. Moving statistics are updated as a call updates them."""
    flat = [a for arg in args for a in (arg if isinstance(arg, list) else [arg])]

    def rebuild(leaves):
        leaves, out = iter(leaves), []
        for arg in args:
            out.append([next(leaves) for _ in arg] if isinstance(arg, list) else next(leaves))
        return out

    if is_nnext(k):
        import nnext

        tensors = [nnext.constant(a) for a in flat]
        with nnext.GradientTape() as tape:
            for t in tensors:
                tape.watch(t)
            y = layer(*rebuild(tensors), training=training, **kwargs)
            loss = loss_of(y, nnext.reduce_sum)
        grads = tape.gradient(loss, [*tensors, *layer.trainable_variables])
        return as_arrays(y), [np.asarray(g.numpy()) for g in grads]
    import jax
    import jax.numpy as jnp

    trainable = [v.value for v in layer.trainable_variables]
    non_trainable = [v.value for v in layer.non_trainable_variables]
    # stateless_call calls `call` itself, which takes `training` only where it uses it.
    if "training" in inspect.signature(layer.call).parameters:
        kwargs = {**kwargs, "training": training}

    def loss_fn(leaves, trainable):
        y, updated = layer.stateless_call(trainable, non_trainable, *rebuild(leaves), **kwargs)
        return loss_of(y, jnp.sum), (y, updated)

    (_, (y, updated)), grads = jax.value_and_grad(loss_fn, argnums=(0, 1), has_aux=True)(
        [jnp.asarray(a) for a in flat], trainable
    )
    for variable, value in zip(layer.non_trainable_variables, updated):
        variable.assign(value)
    return as_arrays(y), [np.asarray(g) for g in grads[0]] + [np.asarray(g) for g in grads[1]]


def as_arrays(outputs):
    """One array, or one array per output joined in a dict-free flat list."""
    if isinstance(outputs, (tuple, list)):
        return [np.asarray(y) for y in outputs]
    return np.asarray(outputs)


def layer_results(k, layer, x, train_steps=3, differentiable=True):
    """Everything a layer case compares: inference output, training output and gradients,
    the weights after `train_steps` training calls, and the layer's config."""
    layer(x, training=False)  # builds it
    set_same_weights(layer)
    out = {"inference": np.asarray(layer(x, training=False))}
    if differentiable:
        y, grads = forward_and_gradients(k, layer, (x,), training=True)
        out["training"] = y
        out.update({f"grad/{i}": g for i, g in enumerate(grads)})
    for step in range(train_steps):
        layer(data(x.shape, seed=10 + step), training=True)
    out.update({f"weight/{i}": np.asarray(w) for i, w in enumerate(layer.get_weights())})
    out["inference_after"] = np.asarray(layer(x, training=False))
    out["config"] = np.array(json.dumps(config_of(k, layer)))
    return out


def config_of(k, layer):
    """The layer's config as Keras would write it to a .keras file (JSON-ready)."""
    if is_nnext(k):
        from nnext.keras.saving import serialize_keras_object
    else:
        from keras.saving import serialize_keras_object
    return serialize_keras_object(layer)["config"]


def layer_case(class_name, shape, differentiable=True, **kwargs):
    """A case that runs `layer_results` on `k.layers.<class_name>(**kwargs)`, with inputs
    `data(shape)` (or `shape` itself when it is an array)."""
    x = shape if isinstance(shape, np.ndarray) else data(shape)

    def run(k):
        return layer_results(
            k, getattr(k.layers, class_name)(**kwargs), x, differentiable=differentiable
        )

    run.class_name = class_name
    return run


def preprocessing_case(class_name, x, adapt=None, keras_adapt=None, call_kwargs=None, **kwargs):
    """A case for a preprocessing layer: adapted on `adapt` (if given), then called on `x`;
    its output, its weights and its config. `keras_adapt(layer, data)` stands in for
    Keras's `adapt` where that needs TensorFlow (iterables of batches)."""

    def run(k):
        layer = getattr(k.layers, class_name)(**kwargs)
        if adapt is not None:
            batches = adapt() if callable(adapt) else adapt
            if keras_adapt is not None and not is_nnext(k):
                keras_adapt(layer, batches)
            else:
                layer.adapt(batches)
        out = {"output": np.asarray(layer(x, **(call_kwargs or {})))}
        out.update({f"weight/{i}": np.asarray(w) for i, w in enumerate(layer.get_weights())})
        out["config"] = np.array(json.dumps(config_of(k, layer)))
        return out

    run.class_name = class_name
    return run


def batches_with_targets():
    """Batches of unequal sizes, as `(x, y)` tuples and plain arrays, for `adapt`."""
    return [
        (data((5, 3, 4), seed=20), np.zeros(5)),
        data((2, 3, 4), seed=21),
        data((7, 3, 4), seed=22) * 3.0 + 1.0,
    ]


def adapt_to_concatenation(layer, batches):
    """Batch-by-batch moments merged exactly are the moments of all the data at once."""
    layer.adapt(np.concatenate([b[0] if isinstance(b, tuple) else b for b in batches]))


def adapt_batch_by_batch(layer, batches):
    """What Keras's `Discretization.adapt` does, without the TensorFlow it imports."""
    layer.reset_state()
    for batch in batches:
        layer.update_state(batch)
    layer.finalize_state()


def adapt_whole_array(layer, array):
    adapt_batch_by_batch(layer, [array])
