"""`SimpleRNNCell` and `SimpleRNN`: `h_t = activation(x_t @ kernel + h_{t-1} @ recurrent_kernel
+ bias)`."""

from nnext import _core, recurrent_ops
from nnext.keras.layers.rnn.base_cell import BaseCell, dropped
from nnext.keras.layers.rnn.base_rnn_layer import RecurrentLayer


class SimpleRNNCell(BaseCell):
    """One step of a fully connected RNN whose output is fed back as its next input state.

    Args:
        units: positive integer, the size of the output and of the state.
        activation: default 'tanh'; None means linear.
        use_bias: whether to add a bias vector.
        kernel_initializer, recurrent_initializer, bias_initializer: defaults
            'glorot_uniform', 'orthogonal', 'zeros'.
        kernel_regularizer, recurrent_regularizer, bias_regularizer: optional, per weight.
        kernel_constraint, recurrent_constraint, bias_constraint: optional, per weight.
        dropout: fraction of the inputs dropped while training (one mask per sequence).
        recurrent_dropout: fraction of the recurrent state dropped while training.
        seed: seed of the dropout masks.

    Example:
        >>> layers.RNN(layers.SimpleRNNCell(4))(np.ones((2, 5, 3))).shape
        TensorShape([2, 4])
    """

    GATES = 1

    def build(self, input_shape):
        self._add_cell_weights(input_shape, (self.units,), self.bias_initializer)

    def call(self, sequence, states, training=False):
        prev_output = states[0] if isinstance(states, (list, tuple)) else states
        dp_mask = self.get_dropout_mask(sequence)
        rec_dp_mask = self.get_recurrent_dropout_mask(prev_output)
        h = _core.matmul(dropped(sequence, dp_mask, training, self.dropout), self.kernel)
        if self.bias is not None:
            h = h + self.bias
        prev_output = dropped(prev_output, rec_dp_mask, training, self.recurrent_dropout)
        output = self.activation(h + _core.matmul(prev_output, self.recurrent_kernel))
        return output, [output] if isinstance(states, (list, tuple)) else output

    def _run_fused(self, sequences, states, mask, names, go_backwards, zero_output_for_mask):
        return recurrent_ops.simple_rnn(
            sequences,
            self.kernel,
            self.recurrent_kernel,
            self.bias,
            states[0],
            mask,
            names[0],
            go_backwards,
            zero_output_for_mask,
        )


class SimpleRNN(RecurrentLayer):
    """Fully connected RNN over a sequence (`SimpleRNNCell` at every step, one fused C++
    call for the whole sequence).

    Args:
        units, activation, use_bias, dropout, recurrent_dropout, seed: as for `SimpleRNNCell`.
        kernel_initializer, recurrent_initializer, bias_initializer: as for `SimpleRNNCell`.
        kernel_regularizer, recurrent_regularizer, bias_regularizer: as for `SimpleRNNCell`.
        kernel_constraint, recurrent_constraint, bias_constraint: as for `SimpleRNNCell`.
        activity_regularizer: optional penalty on the layer's output.
        return_sequences, return_state, go_backwards, stateful, unroll: as for `RNN`.

    Example:
        >>> layers.SimpleRNN(4, return_sequences=True)(np.ones((2, 5, 3))).shape
        TensorShape([2, 5, 4])
    """

    CELL_ARGUMENTS = (
        "units",
        "activation",
        "use_bias",
        "kernel_initializer",
        "recurrent_initializer",
        "bias_initializer",
        "kernel_regularizer",
        "recurrent_regularizer",
        "bias_regularizer",
        "kernel_constraint",
        "recurrent_constraint",
        "bias_constraint",
        "dropout",
        "recurrent_dropout",
    )  # Keras's SimpleRNN config has no seed (its cell's has)

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
        activity_regularizer=None,
        kernel_constraint=None,
        recurrent_constraint=None,
        bias_constraint=None,
        dropout=0.0,
        recurrent_dropout=0.0,
        return_sequences=False,
        return_state=False,
        go_backwards=False,
        stateful=False,
        unroll=False,
        seed=None,
        **kwargs,
    ):
        cell = SimpleRNNCell(
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
            **self.cell_kwargs(kwargs, "simple_rnn_cell"),
        )
        super().__init__(
            cell,
            return_sequences=return_sequences,
            return_state=return_state,
            go_backwards=go_backwards,
            stateful=stateful,
            unroll=unroll,
            activity_regularizer=activity_regularizer,
            **kwargs,
        )
