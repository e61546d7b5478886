"""`LSTMCell` and `LSTM` (Hochreiter 1997), Keras's gate order i, f, c, o."""

from nnext import _core, array_ops, creation, recurrent_ops
from nnext.keras import activations
from nnext.keras.layers.rnn.base_cell import BaseCell, dropped, fused_activation_name
from nnext.keras.layers.rnn.base_rnn_layer import RecurrentLayer


class LSTMCell(BaseCell):
    """One LSTM step:

        z = x @ kernel + h_{t-1} @ recurrent_kernel + bias,  split into i, f, c, o
        c_t = rec(f) * c_{t-1} + rec(i) * act(c),   h_t = rec(o) * act(c_t)

    with `act = activation` and `rec = recurrent_activation`.

    Args:
        units: positive integer, the size of the output and of each state.
        activation: default 'tanh'; recurrent_activation: default 'sigmoid'.
        use_bias: whether to add a bias vector.
        kernel_initializer, recurrent_initializer, bias_initializer: defaults
            'glorot_uniform', 'orthogonal', 'zeros'.
        unit_forget_bias: add 1 to the forget gate's bias at initialization (default True).
        kernel_regularizer, recurrent_regularizer, bias_regularizer: optional, per weight.
        kernel_constraint, recurrent_constraint, bias_constraint: optional, per weight.
        dropout, recurrent_dropout: fractions dropped while training; with recurrent
            dropout every gate gets its own masks (Keras's implementation 1).
        seed: seed of the dropout masks.

    Example:
        >>> layers.RNN(layers.LSTMCell(4))(np.ones((2, 5, 3))).shape
        TensorShape([2, 4])
    """

    GATES = 4

    def __init__(
        self,
        units,
        activation="tanh",
        recurrent_activation="sigmoid",
        use_bias=True,
        kernel_initializer="glorot_uniform",
        recurrent_initializer="orthogonal",
        bias_initializer="zeros",
        unit_forget_bias=True,
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
        implementation = kwargs.pop("implementation", 2)
        super().__init__(
            units,
            activation=activation,
            use_bias=use_bias,
            kernel_initializer=kernel_initializer,
            recurrent_initializer=recurrent_initializer,
            bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer,
            recurrent_regularizer=recurrent_regularizer,
            bias_regularizer=bias_regularizer,
            kernel_constraint=kernel_constraint,
            recurrent_constraint=recurrent_constraint,
            bias_constraint=bias_constraint,
            dropout=dropout,
            recurrent_dropout=recurrent_dropout,
            seed=seed,
            **kwargs,
        )
        self.recurrent_activation = activations.get(recurrent_activation)
        self.unit_forget_bias = unit_forget_bias
        self.implementation = 1 if self.recurrent_dropout != 0.0 else implementation
        if self.implementation == 1:
            self.dropout_mask_count = 4
        self.state_size = [units, units]

    def build(self, input_shape):
        initializer = self.bias_initializer
        if self.unit_forget_bias:
            units = self.units

            def initializer(_, dtype=None):
                return array_ops.concat(
                    [
                        self.bias_initializer((units,), dtype=dtype),
                        creation.ones((units,), dtype=dtype),
                        self.bias_initializer((2 * units,), dtype=dtype),
                    ],
                    0,
                )

        self._add_cell_weights(input_shape, (4 * self.units,), initializer)

    def call(self, inputs, states, training=False):
        h_tm1, c_tm1 = states[0], states[1]
        dp_mask = self.get_dropout_mask(inputs)
        rec_dp_mask = self.get_recurrent_dropout_mask(h_tm1)
        if self.implementation == 1:
            # Each gate sees its own dropout masks, so each gets its own products.
            kernels = array_ops.split(self.kernel, 4, axis=1)
            recurrent = array_ops.split(self.recurrent_kernel, 4, axis=1)
            biases = array_ops.split(self.bias, 4, axis=0) if self.bias is not None else None
            z = []
            for g in range(4):
                x = dropped(inputs, dp_mask and dp_mask[g], training, self.dropout)
                h = dropped(h_tm1, rec_dp_mask and rec_dp_mask[g], training, self.recurrent_dropout)
                zg = _core.matmul(x, kernels[g]) + _core.matmul(h, recurrent[g])
                z.append(zg + biases[g] if biases is not None else zg)
        else:
            x = dropped(inputs, dp_mask, training, self.dropout)
            z = _core.matmul(x, self.kernel) + _core.matmul(h_tm1, self.recurrent_kernel)
            if self.bias is not None:
                z = z + self.bias
            z = array_ops.split(z, 4, axis=1)
        i = self.recurrent_activation(z[0])
        f = self.recurrent_activation(z[1])
        c = f * c_tm1 + i * self.activation(z[2])
        o = self.recurrent_activation(z[3])
        h = o * self.activation(c)
        return h, [h, c]

    def _fused_activations(self):
        names = (
            fused_activation_name(self.activation),
            fused_activation_name(self.recurrent_activation),
        )
        return None if None in names else names

    def _run_fused(self, sequences, states, mask, names, go_backwards, zero_output_for_mask):
        return recurrent_ops.lstm(
            sequences,
            self.kernel,
            self.recurrent_kernel,
            self.bias,
            states[0],
            states[1],
            mask,
            names[0],
            names[1],
            go_backwards,
            zero_output_for_mask,
        )

    def get_config(self):
        return {
            **super().get_config(),
            "recurrent_activation": activations.serialize(self.recurrent_activation),
            "unit_forget_bias": self.unit_forget_bias,
        }


class LSTM(RecurrentLayer):
    """Long Short-Term Memory layer: `LSTMCell` over a sequence, forward and backward
    through time in one fused C++ call each.

    Args:
        units, activation, recurrent_activation, use_bias: as for `LSTMCell`.
        kernel_initializer, recurrent_initializer, bias_initializer: as for `LSTMCell`.
        unit_forget_bias, dropout, recurrent_dropout, seed: as for `LSTMCell`.
        kernel_regularizer, recurrent_regularizer, bias_regularizer: as for `LSTMCell`.
        kernel_constraint, recurrent_constraint, bias_constraint: as for `LSTMCell`.
        activity_regularizer: optional penalty on the layer's output.
        return_sequences, return_state, go_backwards, stateful, unroll: as for `RNN`.
        use_cudnn: accepted for compatibility ('auto', True or False).

    Example:
        >>> seq, h, c = layers.LSTM(4, return_sequences=True, return_state=True)(
        ...     np.ones((2, 5, 3)))
        >>> seq.shape, h.shape
        (TensorShape([2, 5, 4]), TensorShape([2, 4]))
    """

    CELL_ARGUMENTS = (
        "units",
        "activation",
        "recurrent_activation",
        "use_bias",
        "kernel_initializer",
        "recurrent_initializer",
        "bias_initializer",
        "unit_forget_bias",
        "kernel_regularizer",
        "recurrent_regularizer",
        "bias_regularizer",
        "kernel_constraint",
        "recurrent_constraint",
        "bias_constraint",
        "dropout",
        "recurrent_dropout",
        "seed",
    )

    def __init__(
        self,
        units,
        activation="tanh",
        recurrent_activation="sigmoid",
        use_bias=True,
        kernel_initializer="glorot_uniform",
        recurrent_initializer="orthogonal",
        bias_initializer="zeros",
        unit_forget_bias=True,
        kernel_regularizer=None,
        recurrent_regularizer=None,
        bias_regularizer=None,
        activity_regularizer=None,
        kernel_constraint=None,
        recurrent_constraint=None,
        bias_constraint=None,
        dropout=0.0,
        recurrent_dropout=0.0,
        seed=None,
        return_sequences=False,
        return_state=False,
        go_backwards=False,
        stateful=False,
        unroll=False,
        use_cudnn="auto",
        **kwargs,
    ):
        cell = LSTMCell(
            units,
            activation=activation,
            recurrent_activation=recurrent_activation,
            use_bias=use_bias,
            kernel_initializer=kernel_initializer,
            unit_forget_bias=unit_forget_bias,
            recurrent_initializer=recurrent_initializer,
            bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer,
            recurrent_regularizer=recurrent_regularizer,
            bias_regularizer=bias_regularizer,
            kernel_constraint=kernel_constraint,
            recurrent_constraint=recurrent_constraint,
            bias_constraint=bias_constraint,
            dropout=dropout,
            recurrent_dropout=recurrent_dropout,
            seed=seed,
            implementation=kwargs.pop("implementation", 2),
            **self.cell_kwargs(kwargs, "lstm_cell"),
        )
        super().__init__(
            cell,
            return_sequences=return_sequences,
            return_state=return_state,
            go_backwards=go_backwards,
            stateful=stateful,
            unroll=unroll,
            use_cudnn=use_cudnn,
            activity_regularizer=activity_regularizer,
            **kwargs,
        )

    recurrent_activation = property(lambda self: self.cell.recurrent_activation)
    unit_forget_bias = property(lambda self: self.cell.unit_forget_bias)
