"""The layer catalog's cases (tests/test_keras_layers_catalog.py runs them): preprocessing
layers, constraints/regularizers/initializers, attention and wrapper layers, pipelines, a
`fit` with BatchNormalization, and the models whose .keras files are exchanged with Keras;
`run_all(k)` gives every case's results for `k`, `keras` or `nnext.keras`."""

import json

import numpy as np
from keras_layers_catalog_harness import (
    adapt_batch_by_batch,
    adapt_to_concatenation,
    adapt_whole_array,
    batches_with_targets,
    config_of,
    data,
    forward_and_gradients,
    is_nnext,
    layer_case,
    layer_results,
    preprocessing_case,
    set_same_weights,
)

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
