"""The layers of Keras 3's catalog beyond Dense, against real Keras 3 on the same weights
and inputs: outputs in inference and training mode, gradients of a loss with respect to
the weights and the inputs, moving statistics after a few training steps, get_config keys
and values, from_config of Keras's own config, and a short `fit` of a model with
BatchNormalization.

Keras's NumPy backend cannot differentiate, so the reference runs on its JAX backend in a
child process (a process imports Keras with one backend only, and other tests import it with
NumPy's). That child is this file run as a script: each case is written once against a module
`k` that is `keras` or `nnext.keras`, and the child saves Keras's results for all of them.

    KERAS_BACKEND=jax python tests/test_keras_layers_catalog.py /tmp/catalog_reference.npz
"""

import inspect
import json
import os
import sys

import numpy as np
import pytest
from keras_reference import keras_numpy, keras_on_jax, run_reference

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


TOKENS = np.array([[0, 1, 1, 4], [3, 3, 2, 0], [5, 4, 4, 4]])
TOKEN_WEIGHTS = data(TOKENS.shape, seed=6)
PREPROCESSING_CASES = {
    "normalization_adapt_array": preprocessing_case(
        "Normalization", data((6, 4)), adapt=data((20, 4), seed=3) * 4.0 + 2.0
    ),
    "normalization_adapt_batches": preprocessing_case(
        "Normalization",
        data((2, 3, 4)),
        adapt=batches_with_targets,
        keras_adapt=adapt_to_concatenation,
        axis=(1, 2),
    ),
    "normalization_axis_none": preprocessing_case(
        "Normalization", data((3, 4)), adapt=data((10, 4), seed=4), axis=None
    ),
    "normalization_fixed_invert": preprocessing_case(
        "Normalization",
        data((3, 2, 4)),
        mean=[1.0, 2.0, 3.0, 4.0],
        variance=[1.0, 4.0, 0.25, 9.0],
        invert=True,
    ),
    "normalization_fixed_scalar": preprocessing_case(
        "Normalization", data((3, 4)), axis=None, mean=2.0, variance=4.0
    ),
    "rescaling": preprocessing_case("Rescaling", np.arange(12).reshape(3, 4), scale=1 / 255.0),
    "rescaling_per_channel": preprocessing_case(
        "Rescaling", data((2, 4)), scale=[1.0, 2.0, 3.0, 4.0], offset=-1.0
    ),
    "category_encoding_multi_hot": preprocessing_case("CategoryEncoding", TOKENS, num_tokens=6),
    "category_encoding_one_hot": preprocessing_case(
        "CategoryEncoding", np.array([[1], [0], [5]]), num_tokens=6, output_mode="one_hot"
    ),
    "category_encoding_count": preprocessing_case(
        "CategoryEncoding", TOKENS, num_tokens=6, output_mode="count"
    ),
    "category_encoding_weighted_count": preprocessing_case(
        "CategoryEncoding",
        TOKENS,
        call_kwargs={"count_weights": TOKEN_WEIGHTS},
        num_tokens=6,
        output_mode="count",
    ),
    "discretization_boundaries": preprocessing_case(
        "Discretization", data((4, 5)), bin_boundaries=[-1.0, 0.0, 0.5]
    ),
    "discretization_one_hot": preprocessing_case(
        "Discretization", data((6,)), bin_boundaries=[-1.0, 0.0, 0.5], output_mode="one_hot"
    ),
    "discretization_adapt": preprocessing_case(
        "Discretization",
        data((4, 5)),
        adapt=data((3000,), seed=7) ** 3,
        keras_adapt=adapt_whole_array,
        num_bins=5,
    ),
    "discretization_adapt_batches_multi_hot": preprocessing_case(
        "Discretization",
        data((4, 5)),
        adapt=lambda: [data((300, 2), seed=s) for s in range(8, 12)],
        keras_adapt=adapt_batch_by_batch,
        num_bins=4,
        epsilon=0.05,
        output_mode="multi_hot",
    ),
}


CONSTRAINTS = [
    ("MaxNorm", {"max_value": 1.5}),
    ("MaxNorm", {"max_value": 0.5, "axis": [0, 1]}),
    ("MinMaxNorm", {"min_value": 1.0, "max_value": 1.2, "rate": 0.5, "axis": 1}),
    ("NonNeg", {}),
    ("UnitNorm", {"axis": 1}),
]
REGULARIZERS = [
    ("L1", {"l1": 0.3}),
    ("L2", {}),
    ("L1L2", {"l1": 0.1, "l2": 0.2}),
    ("OrthogonalRegularizer", {"factor": 0.5}),
    ("OrthogonalRegularizer", {"factor": 0.2, "mode": "columns"}),
]
# Identity's config is left out: Keras writes it empty (losing `gain`); nnext writes
# {"gain": ...}, which Keras's Identity(gain=...) reads back.
INITIALIZERS = [
    ("Orthogonal", {"gain": 1.5, "seed": 3}),
    ("LecunNormal", {"seed": 1}),
    ("LecunUniform", {}),
]


def constraints_regularizers_initializers(k):
    """Each constraint applied to, and each regularizer's penalty of, the same weights;
    the Identity initializer's values; every object's serialized config."""
    if is_nnext(k):
        import nnext.keras.constraints  # noqa: F401 (not yet exported by nnext.keras)
    w = data((4, 3), seed=30)
    out = {}
    for i, (name, kwargs) in enumerate(CONSTRAINTS):
        constraint = getattr(k.constraints, name)(**kwargs)
        out[f"constraint/{i}"] = np.asarray(constraint(w))
        out[f"constraint_config/{i}"] = np.array(json.dumps(k.constraints.serialize(constraint)))
    for i, (name, kwargs) in enumerate(REGULARIZERS):
        regularizer = getattr(k.regularizers, name)(**kwargs)
        out[f"penalty/{i}"] = np.asarray(regularizer(as_tensor(k, w)))
        out[f"regularizer_config/{i}"] = np.array(json.dumps(k.regularizers.serialize(regularizer)))
    for i, (name, kwargs) in enumerate(INITIALIZERS):
        initializer = getattr(k.initializers, name)(**kwargs)
        out[f"initializer_config/{i}"] = np.array(json.dumps(k.initializers.serialize(initializer)))
    out["identity"] = np.asarray(k.initializers.Identity(gain=2.0)((3, 4)))
    return out


def as_tensor(k, w):
    if is_nnext(k):
        import nnext

        return nnext.constant(w)
    return k.ops.convert_to_tensor(w)


def attention_case(class_name, args, call_kwargs=None, **kwargs):
    """A case for a layer of several inputs (`args`: its positional arguments, arrays or
    lists of arrays): outputs and gradients in inference and training mode, and config."""

    def run(k):
        layer = getattr(k.layers, class_name)(**kwargs)
        layer(*args, **(call_kwargs or {}))  # builds it
        set_same_weights(layer)
        out = {}
        for training in (False, True):
            y, grads = forward_and_gradients(k, layer, args, training, **(call_kwargs or {}))
            for i, output in enumerate(y if isinstance(y, list) else [y]):
                out[f"output/{training}/{i}"] = output
            out.update({f"grad/{training}/{i}": g for i, g in enumerate(grads)})
        out["config"] = np.array(json.dumps(config_of(k, layer)))
        return out

    run.class_name = class_name
    return run


Q, V, KEY = data((2, 3, 4), seed=40), data((2, 5, 4), seed=41), data((2, 5, 4), seed=42)
Q_MASK = np.array([[True, True, False], [True, True, True]])
V_MASK = np.array([[True, True, True, False, False], [True, False, True, True, True]])


def spectral_normalization(k):
    """Power iteration and the kernel's rescaling over a few training calls (Keras assigns
    the normalized kernel in place, so these are eager calls, not gradients)."""
    layer = k.layers.SpectralNormalization(k.layers.Dense(3), power_iterations=2)
    return layer_results(k, layer, data((4, 5)), differentiable=False)


spectral_normalization.class_name = "SpectralNormalization"

PADDED = data((3, 4, 2), seed=50)
PADDED[0, 1] = PADDED[2, 3] = 0.5  # padding steps
PADDED[1, 0, 0] = 0.5  # one feature at the mask value does not make a step padding
ATTENTION_CASES = {
    "attention_dot": attention_case("Attention", ([Q, V],)),
    "attention_scaled_key_masks": attention_case(
        "Attention",
        ([Q, V, KEY],),
        call_kwargs={"mask": [Q_MASK, V_MASK], "return_attention_scores": True},
        use_scale=True,
    ),
    "attention_concat_causal": attention_case(
        "Attention",
        ([Q, V],),
        call_kwargs={"use_causal_mask": True},
        score_mode="concat",
        use_scale=True,
    ),
    "additive_attention": attention_case(
        "AdditiveAttention", ([Q, V, KEY],), call_kwargs={"mask": [None, V_MASK]}
    ),
    "additive_attention_unscaled": attention_case("AdditiveAttention", ([Q, V],), use_scale=False),
    "multi_head_attention": attention_case(
        "MultiHeadAttention",
        (data((2, 3, 6), seed=43), data((2, 4, 5), seed=44)),
        num_heads=2,
        key_dim=3,
    ),
    "multi_head_attention_key_masks_scores": attention_case(
        "MultiHeadAttention",
        (data((2, 3, 6), seed=43), data((2, 4, 5), seed=44), data((2, 4, 7), seed=45)),
        call_kwargs={"value_mask": V_MASK[:, :4], "return_attention_scores": True},
        num_heads=3,
        key_dim=2,
        value_dim=4,
        output_shape=(2, 5),
    ),
    "multi_head_attention_causal_gate_no_bias": attention_case(
        "MultiHeadAttention",
        (data((2, 4, 6), seed=46), data((2, 4, 6), seed=47)),
        call_kwargs={"use_causal_mask": True, "return_attention_scores": True},
        num_heads=2,
        key_dim=4,
        use_gate=True,
        use_bias=False,
    ),
    "multi_head_attention_2d_axes": attention_case(
        "MultiHeadAttention",
        (data((2, 3, 2, 4), seed=48), data((2, 3, 2, 4), seed=49)),
        call_kwargs={"return_attention_scores": True},
        num_heads=2,
        key_dim=2,
        attention_axes=(1, 2),
    ),
    "einsum_dense": layer_case(
        "EinsumDense",
        (2, 3, 4),
        equation="abc,cde->abde",
        output_shape=(None, 2, 5),
        bias_axes="de",
    ),
    "einsum_dense_left_ellipsis_activation": layer_case(
        "EinsumDense",
        (2, 3, 2, 4),
        equation="...b,bc->...c",
        output_shape=3,
        bias_axes="c",
        activation="tanh",
    ),
    "einsum_dense_right_ellipsis": layer_case(
        "EinsumDense", (2, 4, 3), equation="ab...,bc->ac...", output_shape=5, bias_axes="c"
    ),
    "masking": layer_case("Masking", PADDED, mask_value=0.5),
    "spectral_normalization": spectral_normalization,
    "group_query_attention": attention_case(
        "GroupQueryAttention",
        (data((2, 3, 6), seed=51), data((2, 4, 6), seed=52), data((2, 4, 5), seed=53)),
        call_kwargs={"value_mask": V_MASK[:, :4], "return_attention_scores": True},
        head_dim=3,
        num_query_heads=4,
        num_key_value_heads=2,
    ),
    "group_query_attention_causal_gate": attention_case(
        "GroupQueryAttention",
        (data((2, 4, 6), seed=54), data((2, 4, 6), seed=55)),
        call_kwargs={"use_causal_mask": True, "return_attention_scores": True},
        head_dim=2,
        num_query_heads=3,
        num_key_value_heads=1,
        use_gate=True,
        use_bias=False,
    ),
}


def pipeline(k):
    L = k.layers
    layer = L.Pipeline(
        [
            L.Rescaling(2.0, offset=-0.5),
            L.UnitNormalization(),
            L.ELU(alpha=0.5),
        ]
    )
    return {
        "output": np.asarray(layer(data((4, 3), seed=56) * 3.0)),
        "config": np.array(json.dumps(config_of(k, layer))),
    }


pipeline.class_name = "Pipeline"


def activity_regularization_losses(k):
    layer = k.layers.ActivityRegularization(l1=0.1, l2=0.2)
    layer(data((4, 5)))
    return {"losses": np.array([float(loss) for loss in layer.losses])}


def fit_with_batch_normalization(k):
    """A small classifier with BatchNormalization (and an activity penalty) trained by
    `fit`: History, every weight (moving statistics included), evaluate and predict."""
    rng = np.random.default_rng(5)
    x = rng.standard_normal((96, 6)).astype("float32") * 3.0 + 1.0
    y = np.eye(3, dtype="float32")[(x @ rng.standard_normal((6, 3))).argmax(-1)]
    model = k.Sequential(
        [
            k.Input((6,)),
            k.layers.Dense(8),
            k.layers.BatchNormalization(momentum=0.9),
            k.layers.ReLU(),
            k.layers.ActivityRegularization(l2=0.01),
            k.layers.Dense(3, activation="softmax"),
        ]
    )
    set_same_weights(model)
    model.compile(
        optimizer=k.optimizers.SGD(0.1, momentum=0.9),
        loss="categorical_crossentropy",
        metrics=["accuracy"],
    )
    history = model.fit(x, y, batch_size=16, epochs=3, shuffle=False, verbose=0)
    out = {f"history/{key}": np.array(v) for key, v in history.history.items()}
    out.update({f"weight/{i}": w for i, w in enumerate(model.get_weights())})
    out["evaluate"] = np.array(model.evaluate(x, y, batch_size=32, verbose=0))
    out["predict"] = model.predict(x[:10], verbose=0)
    return out


CASES = {
    "fit_with_batch_normalization": fit_with_batch_normalization,
    "batch_norm": layer_case("BatchNormalization", (8, 5)),
    "batch_norm_axis1": layer_case(
        "BatchNormalization", (4, 3, 5), axis=1, momentum=0.9, epsilon=0.01
    ),
    "batch_norm_no_scale_center": layer_case(
        "BatchNormalization", (6, 2, 3), scale=False, center=False
    ),
    "layer_norm": layer_case("LayerNormalization", (4, 6)),
    "layer_norm_axes": layer_case("LayerNormalization", (3, 4, 5), axis=[1, 2], epsilon=0.1),
    "layer_norm_middle_axis": layer_case("LayerNormalization", (3, 4, 5), axis=1, center=False),
    "group_norm": layer_case("GroupNormalization", (3, 4, 6), groups=3),
    "group_norm_axis1_instance": layer_case("GroupNormalization", (2, 4, 3), groups=-1, axis=1),
    "unit_norm": layer_case("UnitNormalization", (4, 5)),
    "unit_norm_axes": layer_case("UnitNormalization", (3, 4, 5), axis=[1, 2]),
    "rms_norm": layer_case("RMSNormalization", (4, 6)),
    "rms_norm_two_axes": layer_case("RMSNormalization", (3, 4, 5), axis=[1, 2], epsilon=0.5),
    "elu": layer_case("ELU", (4, 5), alpha=0.7),
    "prelu": layer_case("PReLU", (4, 5)),
    "prelu_shared_axes": layer_case("PReLU", (2, 3, 4, 5), shared_axes=[1, 2]),
    "gaussian_noise": layer_case("GaussianNoise", (4, 5), differentiable=False, stddev=0.3),
    "gaussian_dropout": layer_case("GaussianDropout", (4, 5), differentiable=False, rate=0.3),
    "alpha_dropout": layer_case(
        "AlphaDropout", (4, 5), differentiable=False, rate=0.2, noise_shape=(None, 1)
    ),
    "spatial_dropout_1d": layer_case("SpatialDropout1D", (2, 3, 4), differentiable=False, rate=0.5),
    "spatial_dropout_2d": layer_case(
        "SpatialDropout2D",
        (2, 3, 3, 4),
        differentiable=False,
        rate=0.5,
        data_format="channels_first",
    ),
    "spatial_dropout_3d": layer_case(
        "SpatialDropout3D", (2, 2, 2, 2, 3), differentiable=False, rate=0.5
    ),
    "activity_regularization": layer_case("ActivityRegularization", (4, 5), l1=0.1, l2=0.2),
    "activity_regularization_losses": activity_regularization_losses,
    "pipeline": pipeline,
    "constraints_regularizers_initializers": constraints_regularizers_initializers,
}


CASES.update(PREPROCESSING_CASES)
CASES.update(ATTENTION_CASES)


def catalog_model(k):
    """A Sequential model of the catalog's single-input layers, its weights set alike."""
    normalization = k.layers.Normalization()
    model = k.Sequential(
        [
            k.Input((6,)),
            normalization,
            k.layers.Rescaling(0.5, offset=0.1),
            k.layers.Dense(8),
            k.layers.BatchNormalization(momentum=0.9),
            k.layers.PReLU(),
            k.layers.LayerNormalization(),
            k.layers.EinsumDense("ab,bc->ac", output_shape=8, bias_axes="c"),
            k.layers.GroupNormalization(groups=2),
            k.layers.RMSNormalization(),
            k.layers.ELU(alpha=0.5),
            k.layers.GaussianNoise(0.1),
            k.layers.GaussianDropout(0.1),
            k.layers.AlphaDropout(0.1),
            k.layers.ActivityRegularization(l1=0.01),
            k.layers.UnitNormalization(),
            k.layers.SpectralNormalization(k.layers.Dense(3)),
        ]
    )
    set_same_weights(model)
    # Adapted last: Keras's Normalization computes with the statistics of its latest adapt
    # (or load), not with values `set_weights` writes into its variables.
    normalization.adapt(data((40, 6), seed=60) * 2.0 + 1.0)
    return model


MODEL_INPUTS = data((5, 6), seed=61)


def attention_model(k):
    """A functional model of the multi-input layers: self-attention, attention, their
    sub-layers' weights (MultiHeadAttention's EinsumDense projections) in the file."""
    x = k.Input((4, 8))
    h = k.layers.MultiHeadAttention(num_heads=2, key_dim=3, use_gate=True)(x, x)
    h = k.layers.LayerNormalization()(h)
    h = k.layers.Attention(use_scale=True)([h, x])
    h = k.layers.AdditiveAttention()([h, x, h])
    outputs = k.layers.EinsumDense("abc,cd->abd", output_shape=(None, 3), bias_axes="d")(h)
    model = k.Model(x, outputs)
    set_same_weights(model)
    return model


# name -> (make(k), inputs): the models whose .keras files are exchanged with Keras.
MODELS = {
    "catalog": (catalog_model, MODEL_INPUTS),
    "attention": (attention_model, data((3, 4, 8), seed=62)),
}


def run_all(k):
    """Every case's results as one flat dict `{"case/key": array}`."""
    return {f"{case}/{key}": value for case, run in CASES.items() for key, value in run(k).items()}


# -- the tests ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def reference_dir(reference):
    return reference["__dir__"]


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """Keras 3's results for every case, computed once in a child process."""
    path = tmp_path_factory.mktemp("keras_catalog") / "reference.npz"
    return {**run_reference(__file__, path), "__dir__": path.parent}


@pytest.mark.parametrize("name", sorted(MODELS))
def test_keras_model_file_loads_in_nnext(reference_dir, name):
    """A .keras file Keras wrote, with the catalog's layers, loads in nnext and predicts
    what Keras predicted (and what the same model built in nnext predicts)."""
    import nnext.keras
    from nnext.keras.saving import load_model

    make, inputs = MODELS[name]
    model = load_model(str(reference_dir / f"{name}.keras"))
    expected = np.load(reference_dir / f"{name}_predict.npy")
    np.testing.assert_allclose(model.predict(inputs, verbose=0), expected, **TOLERANCE)
    np.testing.assert_allclose(make(nnext.keras).predict(inputs, verbose=0), expected, **TOLERANCE)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.parametrize("name", sorted(MODELS))
def test_nnext_model_file_loads_in_keras(tmp_path, name):
    """The other way: the .keras file nnext writes loads in Keras (NumPy backend) and
    predicts what nnext predicts."""
    import nnext.keras

    make, inputs = MODELS[name]
    model = make(nnext.keras)
    model.save(str(tmp_path / f"{name}.keras"))
    keras = keras_numpy()
    loaded = keras.saving.load_model(str(tmp_path / f"{name}.keras"))
    np.testing.assert_allclose(
        loaded.predict(inputs, verbose=0), model.predict(inputs, verbose=0), **TOLERANCE
    )


def case_results(reference, case):
    return {
        key.removeprefix(f"{case}/"): value
        for key, value in reference.items()
        if key.startswith(f"{case}/")
    }


@pytest.mark.parametrize("case", sorted(CASES))
def test_numbers_match_keras(case, reference):
    import nnext.keras

    ours = CASES[case](nnext.keras)
    theirs = case_results(reference, case)
    assert sorted(ours) == sorted(theirs)
    for key in sorted(theirs):
        if theirs[key].dtype.kind == "U":  # a config, as JSON
            assert comparable(json.loads(str(ours[key]))) == comparable(
                json.loads(str(theirs[key]))
            ), key
        else:
            np.testing.assert_allclose(ours[key], theirs[key], **TOLERANCE, err_msg=key)


def comparable(value):
    """A config value with what legitimately differs between libraries removed: layer names
    (counters) and digits beyond float32's."""
    if isinstance(value, dict):
        return {k: comparable(v) for k, v in value.items() if k != "name"}
    if isinstance(value, list):
        return [comparable(v) for v in value]
    if isinstance(value, float):  # Keras keeps some factors as float32 tensors
        return float(np.float32(value))
    return value


@pytest.mark.parametrize("case", sorted(c for c in CASES if hasattr(CASES[c], "class_name")))
def test_config_matches_keras_and_reads_keras_config(case, reference):
    import nnext.keras
    from nnext.keras.saving import deserialize_keras_object

    ours = json.loads(str(CASES[case](nnext.keras)["config"]))
    theirs = json.loads(str(case_results(reference, case)["config"]))
    assert sorted(ours) == sorted(theirs)
    assert comparable(ours) == comparable(theirs)
    # Keras's config builds the same layer in nnext, and it writes the config back. A file
    # names the class itself (GroupedQueryAttention for layers.GroupQueryAttention).
    class_name = getattr(nnext.keras.layers, CASES[case].class_name).__name__
    layer = deserialize_keras_object(
        {
            "module": "keras.layers",
            "class_name": class_name,
            "config": theirs,
            "registered_name": None,
        }
    )
    assert type(layer).__name__ == class_name
    assert comparable(json.loads(json.dumps(layer.get_config()))) == comparable(theirs)


# -- behaviour Keras's numbers cannot pin: random layers, errors ------------------------------


def nnext_layers():
    from nnext.keras import layers

    return layers


def test_gaussian_noise_adds_fresh_noise_of_the_given_stddev():
    layer = nnext_layers().GaussianNoise(0.3, seed=4)
    x = np.zeros((200, 100), "float32")
    first, second = np.asarray(layer(x, training=True)), np.asarray(layer(x, training=True))
    assert abs(first.mean()) < 0.01 and abs(first.std() - 0.3) < 0.01
    assert not np.array_equal(first, second)  # a new draw on every call
    again = np.asarray(nnext_layers().GaussianNoise(0.3, seed=4)(x, training=True))
    np.testing.assert_array_equal(first, again)  # reproducible from the seed
    np.testing.assert_array_equal(np.asarray(layer(x)), x)  # inference: the identity


def test_gaussian_dropout_multiplies_by_mean_one_noise():
    rate = 0.2
    y = np.asarray(nnext_layers().GaussianDropout(rate)(np.ones((200, 100)), training=True))
    assert abs(y.mean() - 1.0) < 0.01
    assert abs(y.std() - np.sqrt(rate / (1 - rate))) < 0.01


def alpha_dropout_map(rate):
    """AlphaDropout's `(a, b, dropped_value)`: kept x become `a * x + b`."""
    alpha_p = -1.6732632423543772 * 1.0507009873554805
    a = ((1 - rate) * (1 + rate * alpha_p**2)) ** -0.5
    b = -a * alpha_p * rate
    return a, b, a * alpha_p + b


def test_alpha_dropout_keeps_mean_and_variance():
    rate = 0.3
    layer = nnext_layers().AlphaDropout(rate, seed=1)
    x = np.random.default_rng(0).standard_normal((400, 100)).astype("float32")
    y = np.asarray(layer(x, training=True))
    assert abs(y.mean()) < 0.02 and abs(y.var() - 1.0) < 0.03
    a, b, dropped_value = alpha_dropout_map(rate)
    dropped = np.isclose(y, dropped_value)
    np.testing.assert_allclose(y[~dropped], a * x[~dropped] + b, rtol=1e-5, atol=1e-6)
    assert abs(dropped.mean() - rate) < 0.01
    # noise_shape (None, 1): one draw per example, shared by its features.
    rows = np.asarray(nnext_layers().AlphaDropout(0.5, noise_shape=(None, 1))(x, training=True))
    row_dropped = np.isclose(rows, alpha_dropout_map(0.5)[2])
    assert np.all(row_dropped.all(axis=1) | ~row_dropped.any(axis=1))
    assert 0 < row_dropped.all(axis=1).mean() < 1


@pytest.mark.parametrize(
    "name, shape, kwargs, channel_axis",
    [
        ("SpatialDropout1D", (50, 7, 20), {}, -1),
        ("SpatialDropout2D", (50, 4, 5, 20), {}, -1),
        ("SpatialDropout2D", (50, 20, 4, 5), {"data_format": "channels_first"}, 1),
        ("SpatialDropout3D", (50, 2, 3, 2, 20), {}, -1),
    ],
)
def test_spatial_dropout_drops_whole_channels(name, shape, kwargs, channel_axis):
    layer = getattr(nnext_layers(), name)(0.4, **kwargs)
    y = np.moveaxis(np.asarray(layer(np.ones(shape), training=True)), channel_axis, 1)
    maps = y.reshape(shape[0], shape[channel_axis], -1)
    dropped = (maps == 0).all(axis=-1)
    kept = np.isclose(maps, 1 / 0.6).all(axis=-1)
    assert np.all(dropped | kept)
    assert abs(dropped.mean() - 0.4) < 0.06


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda L: L.GaussianNoise(1.5), r"argument `stddev`.*Received: stddev=1.5"),
        (lambda L: L.GaussianDropout(-0.1), r"argument `rate`.*Received: rate=-0.1"),
        (lambda L: L.AlphaDropout(2), r"argument `rate`.*Received: rate=2"),
        (lambda L: L.SpatialDropout2D(0.1, data_format="nhwc"), r"Received: data_format=nhwc"),
        (lambda L: L.GroupNormalization(groups=0), r"Received: groups=0"),
        (lambda L: L.BatchNormalization(synchronized=True), r"synchronized=True"),
    ],
)
def test_bad_arguments_raise_keras_errors(make, message):
    with pytest.raises(ValueError, match=message):
        make(nnext_layers())


def test_bad_inputs_raise_keras_errors():
    L = nnext_layers()
    with pytest.raises(ValueError, match=r"expected ndim=3, found ndim=2"):
        L.SpatialDropout1D(0.5)(np.ones((2, 3)), training=True)
    with pytest.raises(ValueError, match=r"Number of groups \(4\) must be a multiple"):
        L.GroupNormalization(groups=4)(np.ones((2, 6)))
    with pytest.raises(ValueError, match=r"cannot be more than the number of channels \(2\)"):
        L.GroupNormalization(groups=4)(np.ones((2, 2)))
    with pytest.raises(ValueError, match=r"Axis 2 is out of bounds for input shape \(2, 3\)"):
        L.LayerNormalization(axis=2)(np.ones((2, 3)))
    with pytest.raises(TypeError, match=r"Expected an int or a list/tuple of ints"):
        L.LayerNormalization(axis="x")


@pytest.mark.parametrize("shape", [(6, 6), (3, 8), (10, 4), (2, 3, 5)])
def test_orthogonal_initializer_is_orthogonal(shape):
    from nnext.keras import initializers

    w = initializers.get({"class_name": "OrthogonalInitializer", "config": {"gain": 1.5}})(shape)
    w = np.asarray(w).reshape(-1, shape[-1])
    gram = w @ w.T if w.shape[0] <= w.shape[1] else w.T @ w
    np.testing.assert_allclose(gram, 2.25 * np.eye(len(gram)), atol=1e-5)
    with pytest.raises(ValueError, match=r"at least two-dimensional. Received: shape=\(3,\)"):
        initializers.Orthogonal()((3,))


@pytest.mark.parametrize(
    "name, bound",
    # The truncated normal's stddev is divided by 0.8796... to keep the variance 1 / fan_in.
    [("lecun_uniform", np.sqrt(3 / 400)), ("lecun_normal", 2 / np.sqrt(400) / 0.8796256610)],
)
def test_lecun_initializers_scale_by_fan_in(name, bound):
    from nnext.keras import initializers

    w = np.asarray(initializers.get(name)((400, 300)))
    assert np.abs(w).max() <= bound * (1 + 1e-6)
    assert abs(w.std() - np.sqrt(1 / 400)) < 0.02 * np.sqrt(1 / 400)


def test_identity_initializer_and_its_errors():
    from nnext.keras import initializers

    np.testing.assert_array_equal(
        np.asarray(initializers.identity(3.0)((2, 3))), 3.0 * np.eye(2, 3)
    )
    with pytest.raises(ValueError, match=r"only be used for 2D matrices"):
        initializers.Identity()((2, 2, 2))


def test_regularizer_and_constraint_lookup_and_errors():
    from nnext.keras import constraints, regularizers

    assert isinstance(
        regularizers.get("orthogonal_regularizer"), regularizers.OrthogonalRegularizer
    )
    assert isinstance(
        regularizers.get({"class_name": "L1L2", "config": {"l1": 0.5}}), regularizers.L1L2
    )
    assert isinstance(constraints.get("max_norm"), constraints.MaxNorm)
    assert isinstance(constraints.get("NonNeg"), constraints.NonNeg)
    with pytest.raises(ValueError, match=r"Could not interpret regularizer identifier: l3"):
        regularizers.get("l3")
    with pytest.raises(ValueError, match=r"Could not interpret constraint identifier: wide"):
        constraints.get("wide")
    with pytest.raises(ValueError, match=r"expected a non-negative float.Received: l2=-1"):
        regularizers.L2(-1)
    with pytest.raises(ValueError, match=r"Received: mode=diagonal"):
        regularizers.OrthogonalRegularizer(mode="diagonal")
    with pytest.raises(ValueError, match=r"must have rank 2. Received: inputs.shape=\(3,\)"):
        regularizers.OrthogonalRegularizer()(np.ones(3, "float32"))


def test_masking_computes_keras_mask():
    mask = nnext_layers().Masking(mask_value=0.5).compute_mask(PADDED)
    np.testing.assert_array_equal(
        np.asarray(mask), [[True, False, True, True], [True] * 4, [True, True, True, False]]
    )


def test_constraints_serialize_under_keras_namespace():
    from nnext.keras import constraints
    from nnext.keras.saving import deserialize_keras_object, serialize_keras_object

    config = serialize_keras_object(constraints.MinMaxNorm(0.5, 2.0, rate=0.3, axis=1))
    assert config == {
        "module": "keras.constraints",
        "class_name": "MinMaxNorm",
        "config": {"min_value": 0.5, "max_value": 2.0, "rate": 0.3, "axis": 1},
        "registered_name": None,
    }
    restored = deserialize_keras_object(config)
    assert isinstance(restored, constraints.MinMaxNorm) and restored.rate == 0.3


def test_frozen_batch_normalization_runs_in_inference_mode():
    """Keras 3: `trainable=False` makes BatchNormalization use and keep its moving
    statistics even when called with training=True (how a frozen model is fine-tuned)."""
    layer = nnext_layers().BatchNormalization()
    x = data((8, 3))
    layer(x)
    before = layer.get_weights()
    layer.trainable = False
    frozen = np.asarray(layer(x, training=True))
    np.testing.assert_allclose(frozen, np.asarray(layer(x, training=False)))
    for b, a in zip(before, layer.get_weights()):
        np.testing.assert_array_equal(a, b)
    assert layer.trainable_weights == [] and len(layer.non_trainable_weights) == 4


def test_masked_batch_statistics_ignore_masked_steps():
    """With a mask, BatchNormalization's batch moments count only the unmasked steps."""
    layer = nnext_layers().BatchNormalization(momentum=0.0, center=False, scale=False)
    x = data((2, 5, 3))
    mask = np.array([[True, True, False, True, False], [True, False, True, True, True]])
    layer(x, training=True, mask=mask)
    kept = x[mask]
    np.testing.assert_allclose(layer.moving_mean.numpy(), kept.mean(0), rtol=1e-5)
    np.testing.assert_allclose(layer.moving_variance.numpy(), kept.var(0), rtol=1e-4)


def main(path):
    keras = keras_on_jax()
    np.savez(path, **run_all(keras))
    folder = os.path.dirname(path)
    for name, (make, inputs) in MODELS.items():
        model = make(keras)
        model.save(os.path.join(folder, f"{name}.keras"))
        np.save(os.path.join(folder, f"{name}_predict.npy"), model.predict(inputs, verbose=0))


if __name__ == "__main__":
    main(sys.argv[1])
