"""`model.compiled_metrics` and `model.compiled_loss`: the Keras 2 names that Keras 3 keeps on
its TensorFlow-backend trainer so that `train_step` overrides written for tf.keras still run.

Each use warns (as Keras 3 does) and forwards to the Keras 3 way: `compiled_metrics` updates
every metric in `model.metrics` (a `Mean`, such as the loss tracker, with the predictions
alone), `compiled_loss` is `compute_loss`.
"""

import warnings

from nnext.keras.metrics import Mean


class _DeprecatedCompiledMetrics:
    """What `model.compiled_metrics` returns: an object with Keras 2's `update_state`."""

    def __init__(self, model):
        self._model = model

    def update_state(self, y, y_pred, sample_weight=None):
        """Updates every metric of the model with this batch, with Keras 3's warning."""
        warnings.warn(
            "`model.compiled_metrics()` is deprecated. Instead, use e.g.:\n"
            "```\nfor metric in self.metrics:\n    metric.update_state(y, y_pred)\n```\n",
            stacklevel=2,
        )
        for metric in self._model.metrics:
            if isinstance(metric, Mean):
                metric.update_state(y_pred, sample_weight=sample_weight)
            else:
                metric.update_state(y, y_pred, sample_weight=sample_weight)


class DeprecatedTrainerShims:
    """Mixin of `Trainer` holding the Keras 2 names."""

    @property
    def compiled_metrics(self):
        """Keras 2's compiled metrics: `update_state(y, y_pred)` updates `self.metrics`."""
        return _DeprecatedCompiledMetrics(self)

    def compiled_loss(self, y, y_pred, sample_weight=None, regularization_losses=None):
        """Keras 2's compiled loss: `compute_loss` of `(y, y_pred)` (penalties included)."""
        warnings.warn(
            "`model.compiled_loss()` is deprecated. Instead, use "
            "`model.compute_loss(x, y, y_pred, sample_weight, training)`.",
            stacklevel=2,
        )
        return self.compute_loss(x=None, y=y, y_pred=y_pred, sample_weight=sample_weight)
