"""What SimpleRNNCell, LSTMCell and GRUCell share: arguments, weights, configs, and the
hand-off of a whole sequence to the fused op in `nnext.recurrent_ops`."""

from nnext import _core, creation, recurrent_ops
from nnext.keras import activations, constraints, initializers, regularizers
from nnext.keras.layers.layer import Layer
from nnext.keras.layers.rnn.dropout_rnn_cell import DropoutRNNCell


def fused_activation_name(function):
    """The name the fused recurrent loop knows `function` by, or None."""
    name = activations.activations.canonical_name(function)
    return name if name in recurrent_ops.ACTIVATIONS else None


class BaseCell(Layer, DropoutRNNCell):
    """A cell with `GATES` gates per unit: kernel `(input_dim, GATES * units)`,
    recurrent_kernel `(units, GATES * units)` and a bias, in Keras's layout."""

    GATES = 1

    def __init__(
        self,
        units,
        activation="tanh",
        use_bias=True,
        kernel_initializer="glorot_uniform",
        recurrent_initializer="orthogonal",
        bias_initializer="zeros",
        kernel_regularizer=None,
        recurrent_regularizer=None,
        bias_regularizer=None,
        kernel_constraint=None,
        recurrent_constraint=None,
        bias_constraint=None,
        dropout=0.0,
        recurrent_dropout=0.0,
        seed=None,
        **kwargs,
    ):
        if not isinstance(units, int) or isinstance(units, bool) or units <= 0:
            raise ValueError(
                "Received an invalid value for argument `units`, expected a positive "
                f"integer, got {units}."
            )
        super().__init__(**kwargs)
        self.units = units
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.recurrent_initializer = initializers.get(recurrent_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.recurrent_regularizer = regularizers.get(recurrent_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.recurrent_constraint = constraints.get(recurrent_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.dropout = min(1.0, max(0.0, dropout))
        self.recurrent_dropout = min(1.0, max(0.0, recurrent_dropout))
        self.seed = seed
        self.state_size = units
        self.output_size = units

    def _add_cell_weights(self, input_shape, bias_shape, bias_initializer):
        width = self.GATES * self.units
        self.kernel = self.add_weight(
            shape=(input_shape[-1], width),
            name="kernel",
            initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint,
        )
        self.recurrent_kernel = self.add_weight(
            shape=(self.units, width),
            name="recurrent_kernel",
            initializer=self.recurrent_initializer,
            regularizer=self.recurrent_regularizer,
            constraint=self.recurrent_constraint,
        )
        self.bias = None
        if self.use_bias:
            self.bias = self.add_weight(
                shape=bias_shape,
                name="bias",
                initializer=bias_initializer,
                regularizer=self.bias_regularizer,
                constraint=self.bias_constraint,
            )
        self.built = True

    def get_initial_state(self, batch_size=None):
        """Zero states `(batch_size, units)`, one per entry of `state_size`."""
        sizes = self.state_size if isinstance(self.state_size, list) else [self.state_size]
        return [creation.zeros((batch_size, d), dtype=self.compute_dtype) for d in sizes]

    # -- the fused sequence ----------------------------------------------------------------

    def _fused_sequence(
        self, sequences, initial_state, mask, go_backwards, zero_output_for_mask, training
    ):
        """The whole sequence in one C++ call, or None when this configuration needs the
        step loop (an activation the loop lacks, per-gate dropout masks while training)."""
        names = self._fused_activations()
        if names is None or len(sequences.shape) != 3:
            return None
        dropping = training and 0.0 < self.dropout < 1.0
        if training and 0.0 < self.recurrent_dropout < 1.0:
            return None
        if dropping and self.dropout_mask_count is not None:
            return None
        if dropping:
            # One input mask for every step, as Keras's implementation 2.
            mask_row = self.get_dropout_mask(sequences[:, 0])
            sequences = sequences * _core.expand_dims(mask_row, 1)
        states = [s for s in initial_state]
        return self._run_fused(sequences, states, mask, names, go_backwards, zero_output_for_mask)

    def _fused_activations(self):
        name = fused_activation_name(self.activation)
        return None if name is None else (name,)

    # -- config --------------------------------------------------------------------------

    def get_config(self):
        return {
            **super().get_config(),
            "units": self.units,
            "activation": activations.serialize(self.activation),
            "use_bias": self.use_bias,
            "kernel_initializer": initializers.serialize(self.kernel_initializer),
            "recurrent_initializer": initializers.serialize(self.recurrent_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "kernel_regularizer": regularizers.serialize(self.kernel_regularizer),
            "recurrent_regularizer": regularizers.serialize(self.recurrent_regularizer),
            "bias_regularizer": regularizers.serialize(self.bias_regularizer),
            "kernel_constraint": constraints.serialize(self.kernel_constraint),
            "recurrent_constraint": constraints.serialize(self.recurrent_constraint),
            "bias_constraint": constraints.serialize(self.bias_constraint),
            "dropout": self.dropout,
            "recurrent_dropout": self.recurrent_dropout,
            "seed": self.seed,
        }


def dropped(x, mask, training, rate):
    """`x * mask` while training with a dropout rate in (0, 1), else `x`."""
    return x * mask if training and 0.0 < rate < 1.0 and mask is not None else x
