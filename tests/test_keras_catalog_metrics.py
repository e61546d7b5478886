"""Every metric of the catalog against real Keras 3 (numpy backend): the same batches fed
through `update_state` (with and without sample weights), `result`, `reset_state`,
`get_config` and the string names `compile` accepts."""

import os
import re
import warnings

import numpy as np
import pytest

os.environ.setdefault("KERAS_BACKEND", "numpy")
real_keras = pytest.importorskip("keras")

from nnext.keras import metrics

RNG = np.random.default_rng(1)


def _base_name(name):
    return re.sub(r"_\d+$", "", name)


N, C = 16, 5


def _batches(kind, seed):
    rng = np.random.default_rng(seed)
    probs = rng.uniform(0.01, 0.99, (N, C)).astype(np.float32)
    soft = (probs / probs.sum(-1, keepdims=True)).astype(np.float32)
    if kind == "binary":
        return (rng.uniform(size=(N, C)) > 0.5).astype(np.float32), probs
    if kind == "binary1d":
        return (rng.uniform(size=N) > 0.5).astype(np.float32), probs[:, 0]
    if kind == "one_hot":
        return np.eye(C, dtype=np.float32)[rng.integers(0, C, N)], soft
    if kind == "sparse":
        return rng.integers(0, C, N), soft
    if kind == "sparse_ids":  # class ids against class ids, some outside [0, C)
        return rng.integers(0, C, N), rng.integers(-1, C + 1, N)
    if kind == "sparse_col":
        return rng.integers(0, C, (N, 1)), soft
    if kind == "real":
        return rng.normal(size=(N, C)).astype(np.float32), rng.normal(size=(N, C)).astype(
            np.float32
        )
    if kind == "positive":
        return rng.uniform(0.1, 3, (N, C)).astype(np.float32), probs
    if kind == "logits":
        return (rng.uniform(size=(N, C)) > 0.5).astype(np.float32), rng.normal(0, 2, (N, C)).astype(
            np.float32
        )
    raise AssertionError(kind)


# (class name, constructor kwargs, data kind)
CASES = [
    ("MeanSquaredError", {}, "real"),
    ("MeanAbsoluteError", {}, "real"),
    ("RootMeanSquaredError", {}, "real"),
    ("MeanAbsolutePercentageError", {}, "positive"),
    ("MeanSquaredLogarithmicError", {}, "positive"),
    ("CosineSimilarity", {}, "real"),
    ("LogCoshError", {}, "real"),
    ("R2Score", {}, "real"),
    ("R2Score", {"class_aggregation": "variance_weighted_average"}, "real"),
    ("R2Score", {"class_aggregation": None}, "real"),
    ("R2Score", {"num_regressors": 2}, "real"),
    ("BinaryCrossentropy", {}, "binary"),
    ("BinaryCrossentropy", {"from_logits": True, "label_smoothing": 0.1}, "logits"),
    ("CategoricalCrossentropy", {}, "one_hot"),
    ("CategoricalCrossentropy", {"label_smoothing": 0.2}, "one_hot"),
    ("SparseCategoricalCrossentropy", {}, "sparse"),
    ("SparseCategoricalCrossentropy", {"ignore_class": 1}, "sparse"),
    ("KLDivergence", {}, "one_hot"),
    ("Poisson", {}, "positive"),
    ("Hinge", {}, "binary"),
    ("SquaredHinge", {}, "binary"),
    ("CategoricalHinge", {}, "one_hot"),
    ("TopKCategoricalAccuracy", {}, "one_hot"),
    ("TopKCategoricalAccuracy", {"k": 2}, "one_hot"),
    ("SparseTopKCategoricalAccuracy", {"k": 2}, "sparse"),
    ("SparseTopKCategoricalAccuracy", {"k": 3}, "sparse_col"),
    ("TruePositives", {}, "binary"),
    ("TrueNegatives", {"thresholds": [0.2, 0.5, 0.8]}, "binary"),
    ("FalsePositives", {"thresholds": 0.3}, "binary"),
    ("FalseNegatives", {}, "binary1d"),
    ("Precision", {}, "binary"),
    ("Precision", {"thresholds": [0.1, 0.6]}, "binary"),
    ("Precision", {"top_k": 2}, "binary"),
    ("Precision", {"class_id": 1}, "binary"),
    ("Recall", {}, "binary1d"),
    ("Recall", {"top_k": 3, "class_id": 2}, "binary"),
    ("AUC", {}, "binary1d"),
    ("AUC", {"num_thresholds": 50}, "binary"),
    ("AUC", {"curve": "PR"}, "binary1d"),
    ("AUC", {"curve": "PR", "summation_method": "majoring"}, "binary"),
    ("AUC", {"summation_method": "minoring"}, "binary"),
    ("AUC", {"curve": "PRGAIN"}, "binary"),
    ("AUC", {"multi_label": True}, "binary"),
    ("AUC", {"multi_label": True, "curve": "PR", "num_labels": C}, "binary"),
    ("AUC", {"thresholds": [0.25, 0.5, 0.75]}, "binary1d"),
    ("AUC", {"from_logits": True}, "logits"),
    ("PrecisionAtRecall", {"recall": 0.6}, "binary1d"),
    ("RecallAtPrecision", {"precision": 0.5}, "binary"),
    ("SensitivityAtSpecificity", {"specificity": 0.7}, "binary"),
    ("SpecificityAtSensitivity", {"sensitivity": 0.4, "num_thresholds": 20}, "binary1d"),
    ("F1Score", {}, "one_hot"),
    ("F1Score", {"average": "macro", "threshold": 0.5}, "binary"),
    ("F1Score", {"average": "micro", "threshold": 0.4}, "binary"),
    ("FBetaScore", {"beta": 2.0, "average": "weighted", "threshold": 0.5}, "binary"),
    ("FBetaScore", {"beta": 0.5}, "one_hot"),
    ("PearsonCorrelation", {}, "real"),
    ("ConcordanceCorrelation", {}, "real"),
    ("IoU", {"num_classes": C, "target_class_ids": [0, 2]}, "sparse_ids"),
    ("IoU", {"num_classes": C, "target_class_ids": [1], "ignore_class": 3}, "sparse_ids"),
    ("MeanIoU", {"num_classes": C}, "sparse_ids"),
    ("MeanIoU", {"num_classes": C, "sparse_y_pred": False}, "sparse"),
    ("BinaryIoU", {}, "binary1d"),
    ("BinaryIoU", {"target_class_ids": [1], "threshold": 0.3}, "binary1d"),
    ("OneHotIoU", {"num_classes": C, "target_class_ids": [0, 1, 4]}, "one_hot"),
    ("OneHotMeanIoU", {"num_classes": C}, "one_hot"),
]


def _ids(case):
    return f"{case[0]}-{'-'.join(f'{k}={v}' for k, v in case[1].items())}-{case[2]}"


@pytest.mark.parametrize("case", CASES, ids=[_ids(c) for c in CASES])
@pytest.mark.parametrize("weighted", [False, True])
def test_metric_matches_keras_over_several_batches(case, weighted):
    name, kwargs, kind = case
    ours = getattr(metrics, name)(**kwargs)
    theirs = getattr(real_keras.metrics, name)(**kwargs)
    for seed in range(3):
        y_true, y_pred = _batches(kind, seed)
        weights = np.random.default_rng(10 + seed).uniform(0, 2, N).astype(np.float32)
        if "IoU" in name:  # integer-valued weights: the confusion matrix counts in int32
            weights = np.round(weights * 2).astype(np.int32)
        sw = weights if weighted else None
        ours.update_state(y_true, y_pred, sample_weight=sw)
        with np.errstate(invalid="ignore"):  # Keras zeroes ignored rows, then divides 0 / 0
            theirs.update_state(y_true, y_pred, sample_weight=sw)
        with np.errstate(all="ignore"):  # Keras's numpy backend divides by 0 before masking
            want = np.asarray(theirs.result())
        got = np.asarray(ours.result())
        assert got.shape == want.shape
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
    ours.reset_state()
    theirs.reset_state()
    with np.errstate(all="ignore"), warnings.catch_warnings():
        # After a reset R2Score(num_regressors=2) warns that 2 regressors exceed 0 samples.
        warnings.simplefilter("ignore", UserWarning)
        want = np.asarray(theirs.result())
        got = np.asarray(ours.result())
    np.testing.assert_allclose(got, want, atol=1e-7)


@pytest.mark.parametrize("case", CASES, ids=[_ids(c) for c in CASES])
def test_metric_config_matches_keras_and_round_trips(case):
    name, kwargs, _ = case
    ours = getattr(metrics, name)(**kwargs)
    theirs = getattr(real_keras.metrics, name)(**kwargs)
    # Auto-generated names ('auc_3') carry per-process counters that differ between the two.
    assert {**ours.get_config(), "name": _base_name(ours.name)} == {
        **theirs.get_config(),
        "name": _base_name(theirs.name),
    }
    assert type(ours).from_config(ours.get_config()).get_config() == ours.get_config()
    restored = metrics.deserialize(metrics.serialize(ours))
    assert type(restored) is type(ours)
    assert restored.get_config() == ours.get_config()


def test_sum_and_mean_weigh_samples_as_keras():
    values = RNG.normal(size=(4, 3)).astype(np.float32)
    for weights in (
        None,
        np.array([1.0, 0.0, 2.0, 0.5], np.float32),
        RNG.uniform(size=(4, 3)).astype(np.float32),
        2.0,
    ):
        for cls in ("Sum", "Mean"):
            ours, theirs = getattr(metrics, cls)(), getattr(real_keras.metrics, cls)()
            for _ in range(2):
                ours.update_state(values, sample_weight=weights)
                theirs.update_state(values, sample_weight=weights)
            np.testing.assert_allclose(float(ours.result()), float(theirs.result()), rtol=1e-6)


@pytest.mark.parametrize(
    "name",
    [
        "mse",
        "MSE",
        "mae",
        "mape",
        "msle",
        "bce",
        "auc",
        "precision",
        "recall",
        "AUC",
        "Precision",
        "r2_score",
        "root_mean_squared_error",
        "top_k_categorical_accuracy",
        "f1_score",
        "categorical_crossentropy",
        "kl_divergence",
        "true_positives",
        "log_cosh_error",
        "cosine_similarity",
        "binary_accuracy",
        "pearson_correlation",
        "concordance_correlation",
    ],
)
def test_string_names_resolve_like_keras(name):
    ours, theirs = metrics.get(name), real_keras.metrics.get(name)
    assert type(ours).__name__ == type(theirs).__name__
    assert _base_name(ours.name) == _base_name(theirs.name)


def test_unknown_name_and_bad_arguments_raise_like_keras():
    with pytest.raises(ValueError, match="Could not interpret metric identifier: aucc"):
        metrics.get("aucc")
    with pytest.raises(ValueError, match="Invalid AUC curve value"):
        metrics.AUC(curve="XY")
    with pytest.raises(ValueError, match="`num_thresholds` must be an integer > 1"):
        metrics.AUC(num_thresholds=1)
    with pytest.raises(ValueError, match=r"`recall` must be in the range \[0, 1\]"):
        metrics.PrecisionAtRecall(recall=1.5)
    with pytest.raises(ValueError, match="Invalid `average` argument value"):
        metrics.F1Score(average="mean")
    with pytest.raises(ValueError, match="R2Score expects 2D inputs"):
        metrics.R2Score().update_state(np.zeros(3), np.zeros(3))


def test_compile_names_resolve_through_compile_utils():
    from nnext.keras.trainers import compile_utils

    y_true, y_pred = _batches("binary1d", 0)
    metric = compile_utils.resolve_metric("auc", (N,), (N,))
    metric.update_state(y_true, y_pred)
    reference = real_keras.metrics.AUC()
    reference.update_state(y_true, y_pred)
    assert metric.name == "auc"
    np.testing.assert_allclose(float(metric.result()), float(reference.result()), rtol=1e-6)


def test_compile_with_metric_names_logs_keras_values():
    from nnext import random as nrandom
    from nnext.keras import layers, models

    nrandom.set_seed(0)
    rng = np.random.default_rng(5)
    x = rng.normal(size=(64, 4)).astype(np.float32)
    y = (x[:, :1] + 0.3 * rng.normal(size=(64, 1)) > 0).astype(np.float32)
    model = models.Sequential([layers.Dense(1, activation="sigmoid", input_shape=(4,))])
    names = ["mse", "mae", "auc", "precision", "recall", "bce", "msle", "binary_accuracy"]
    model.compile(optimizer="sgd", loss="binary_crossentropy", metrics=names)
    history = model.fit(x, y, epochs=1, batch_size=64, verbose=0)
    assert set(history.history) == {"loss", *names}
    logs = model.evaluate(x, y, verbose=0, return_dict=True, batch_size=64)
    predictions = np.asarray(model.predict(x, verbose=0))
    for name in names:
        reference = real_keras.metrics.get(name)
        reference.update_state(y, predictions)
        np.testing.assert_allclose(logs[name], float(reference.result()), rtol=1e-5, err_msg=name)


def test_a_custom_metric_written_for_keras_runs_unchanged():
    class CountPositives(metrics.Metric):
        def __init__(self, name="count_positives", **kwargs):
            super().__init__(name=name, **kwargs)
            self.positives = self.add_variable(
                shape=(), initializer="zeros", aggregation="sum", name="positives"
            )
            self.seen = self.add_weight(name="seen")

        def update_state(self, y_true, y_pred, sample_weight=None):
            y_pred = np.asarray(y_pred)
            self.positives.assign_add(float((y_pred > 0.5).sum()))
            self.seen.assign_add(float(y_pred.size))

        def result(self):
            return self.positives / self.seen

    m = CountPositives()
    m.update_state(None, [0.2, 0.7, 0.9, 0.1])
    assert float(m.result()) == 0.5
    m.reset_state()
    assert [float(v) for v in m.variables] == [0.0, 0.0]
    assert m.get_config() == {"name": "count_positives", "dtype": "float32"}
