"""`Model`: a `Layer` that trains (compile/fit/evaluate/predict), summarises and saves.

Subclass it (create layers in `__init__`, chain them in `call`), or call it with inputs and
outputs: `Model(inputs, outputs)` returns a functional model (`models/functional.py`).
"""

from nnext import creation
from nnext.keras.layers.layer import Layer
from nnext.keras.models.summary import print_summary
from nnext.keras.trainers.trainer import Trainer


class Model(Trainer, Layer):
    """A layer with a training loop.

    Example:
        >>> class MLP(Model):
        ...     def __init__(self):
        ...         super().__init__()
        ...         self.hidden = layers.Dense(3, activation="sigmoid")
        ...         self.out = layers.Dense(1, activation="sigmoid")
        ...     def call(self, x):
        ...         return self.out(self.hidden(x))
        >>> model = MLP()
        >>> model.compile(optimizer="sgd", loss="mse")
    """

    def __new__(cls, *args, **kwargs):
        if cls is Model and (args or "inputs" in kwargs or "outputs" in kwargs):
            from nnext.keras.models.functional import Functional

            # Python then runs Functional.__init__ with the same arguments.
            return object.__new__(Functional)
        return object.__new__(cls)

    def __init__(self, *args, **kwargs):
        if args or "inputs" in kwargs or "outputs" in kwargs:
            raise TypeError(
                f"{type(self).__name__}.__init__ got `inputs`/`outputs`: a subclass of "
                "`Model` that builds a functional graph in its own `__init__` is not supported "
                "by nnext; build the graph outside and call `keras.Model(inputs, outputs)`, or "
                "chain layers in `call`."
            )
        Layer.__init__(self, **kwargs)
        self._init_trainer()

    @classmethod
    def _obj_type(cls):
        return "Model"

    def build(self, input_shape):
        """Creates the weights by running `call` once on zeros of `input_shape`
        (a `None` batch size becomes 1)."""
        shape = tuple(1 if d is None else d for d in input_shape)
        self.built = True
        self._build_input_shape = tuple(input_shape)
        self.call(creation.zeros(shape, dtype=self.dtype))

    def __call__(self, inputs, training=None, **kwargs):
        """Runs the model on NumPy arrays or Tensors (inference unless `training=True`, or
        the training flag of an outer call); returns a Tensor."""
        return super().__call__(inputs, training=training, **kwargs)

    def _summary_rows(self):
        rows = []
        for layer in self.layers:
            shape = None
            if layer._build_input_shape is not None:
                # The batch size a layer first saw is not part of the model: show None.
                built = (None,) + tuple(layer._build_input_shape)[1:]
                shape = layer.compute_output_shape(built)
            rows.append((layer.name, type(layer).__name__, shape, layer.weights))
        return rows

    def summary(self, line_length=None, positions=None, print_fn=None, expand_nested=False,
                show_trainable=False, layer_range=None):
        """Prints the layers, their output shapes and parameter counts, and the totals."""
        if not self.built:
            raise ValueError(
                "This model has not yet been built. Build the model first by calling "
                "`build()` or by calling the model on a batch of data."
            )
        print_summary(self, self._summary_rows(), line_length=line_length, print_fn=print_fn)

    def save(self, filepath, overwrite=True, **kwargs):
        """Saves architecture, weights and optimizer state to a Keras 3 `.keras` file."""
        from nnext.keras import saving

        saving.save_model(self, filepath)

    def save_weights(self, filepath, overwrite=True):
        """Saves the weights to a Keras 3 `.weights.h5` file."""
        from nnext.keras import saving

        saving.save_weights(self, filepath)

    def load_weights(self, filepath, skip_mismatch=False, **kwargs):
        """Loads weights written by `save_weights` (or by Keras 3)."""
        from nnext.keras import saving

        saving.load_weights(self, filepath)

    def get_config(self):
        return Layer.get_config(self)
