"""`GRUCell` and `GRU` (Cho et al., 2014), Keras's gate order z, r, h."""

from nnext import _core, array_ops, recurrent_ops
from nnext.keras import activations
from nnext.keras.layers.rnn.base_cell import BaseCell, dropped, fused_activation_name
from nnext.keras.layers.rnn.base_rnn_layer import RecurrentLayer


class GRUCell(BaseCell):
    """One GRU step. With `reset_after=True` (Keras 3's default, cuDNN's convention):

        x_z, x_r, x_h = x @ kernel + bias[0];   r_z, r_r, r_h = h_{t-1} @ recurrent_kernel + bias[1]
        z = rec(x_z + r_z),  r = rec(x_r + r_r),  hh = act(x_h + r * r_h)
        h_t = z * h_{t-1} + (1 - z) * hh

    With `reset_after=False` the reset gate scales the state before its product:
    `hh = act(x_h + (r * h_{t-1}) @ recurrent_kernel_h)`, and the bias is one row.

    Args:
        units: positive integer, the size of the output and of the state.
        activation: default 'tanh'; recurrent_activation: default 'sigmoid'.
        use_bias: whether to add bias vectors (shape `(2, 3 * units)` with reset_after).
        kernel_initializer, recurrent_initializer, bias_initializer: defaults
            'glorot_uniform', 'orthogonal', 'zeros'.
        kernel_regularizer, recurrent_regularizer, bias_regularizer: optional, per weight.
        kernel_constraint, recurrent_constraint, bias_constraint: optional, per weight.
        dropout, recurrent_dropout: fractions dropped while training.
        reset_after: apply the reset gate after the recurrent product (default True).
        seed: seed of the dropout masks.

    Example:
        >>> layers.RNN(layers.GRUCell(4))(np.ones((2, 5, 3))).shape
        TensorShape([2, 4])
    """

    GATES = 3

    def __init__(
        self,
        units,
        activation="tanh",
        recurrent_activation="sigmoid",
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
        reset_after=True,
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
        self.reset_after = reset_after
        self.implementation = 1 if self.recurrent_dropout != 0.0 else implementation
        if self.implementation == 1:
            self.dropout_mask_count = 3

    def build(self, input_shape):
        shape = (2, 3 * self.units) if self.reset_after else (3 * self.units,)
        self._add_cell_weights(input_shape, shape, self.bias_initializer)

    def call(self, inputs, states, training=False):
        h_tm1 = states[0] if isinstance(states, (list, tuple)) else states
        dp_mask = self.get_dropout_mask(inputs)
        rec_dp_mask = self.get_recurrent_dropout_mask(h_tm1)
        input_bias = recurrent_bias = None
        if self.bias is not None:
            if self.reset_after:
                input_bias, recurrent_bias = self.bias[0], self.bias[1]
            else:
                input_bias = self.bias
        per_gate = self.implementation == 1
        kernels = array_ops.split(self.kernel, 3, axis=1)
        recurrent = array_ops.split(self.recurrent_kernel, 3, axis=1)
        xs, hs = [], []
        for g in range(3):
            x = dropped(
                inputs, dp_mask[g] if per_gate and dp_mask else dp_mask, training, self.dropout
            )
            xs.append(_core.matmul(x, kernels[g]))
            hs.append(
                dropped(
                    h_tm1,
                    rec_dp_mask[g] if per_gate and rec_dp_mask else rec_dp_mask,
                    training,
                    self.recurrent_dropout,
                )
            )
        if input_bias is not None:
            xs = [x + b for x, b in zip(xs, array_ops.split(input_bias, 3, axis=0))]
        rec = [_core.matmul(hs[g], recurrent[g]) for g in range(2)]
        if recurrent_bias is not None:
            rb = array_ops.split(recurrent_bias, 3, axis=0)
            rec = [r + b for r, b in zip(rec, rb)]
        z = self.recurrent_activation(xs[0] + rec[0])
        r = self.recurrent_activation(xs[1] + rec[1])
        if self.reset_after:
            rec_h = _core.matmul(hs[2], recurrent[2])
            if recurrent_bias is not None:
                rec_h = rec_h + rb[2]
            rec_h = r * rec_h
        else:
            rec_h = _core.matmul(r * hs[2], recurrent[2])
        hh = self.activation(xs[2] + rec_h)
        h = z * h_tm1 + (1 - z) * hh
        return h, [h] if isinstance(states, (list, tuple)) else h

    def _fused_activations(self):
        if not self.reset_after:
            return None
        names = (
            fused_activation_name(self.activation),
            fused_activation_name(self.recurrent_activation),
        )
        return None if None in names else names

    def _run_fused(self, sequences, states, mask, names, go_backwards, zero_output_for_mask):
        return recurrent_ops.gru(
            sequences,
            self.kernel,
            self.recurrent_kernel,
            self.bias,
            states[0],
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
            "reset_after": self.reset_after,
        }


class GRU(RecurrentLayer):
    """Gated Recurrent Unit layer: `GRUCell` over a sequence; with `reset_after=True` (the
    default) forward and backward through time run in one fused C++ call each.

    Args:
        units, activation, recurrent_activation, use_bias, reset_after: as for `GRUCell`.
        kernel_initializer, recurrent_initializer, bias_initializer: as for `GRUCell`.
        kernel_regularizer, recurrent_regularizer, bias_regularizer: as for `GRUCell`.
        kernel_constraint, recurrent_constraint, bias_constraint: as for `GRUCell`.
        dropout, recurrent_dropout, seed: as for `GRUCell`.
        activity_regularizer: optional penalty on the layer's output.
        return_sequences, return_state, go_backwards, stateful, unroll: as for `RNN`.
        use_cudnn: accepted for compatibility ('auto', True or False).

    Example:
        >>> layers.GRU(4)(np.ones((2, 5, 3))).shape
        TensorShape([2, 4])
    """

    CELL_ARGUMENTS = (
        "units",
        "activation",
        "recurrent_activation",
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
        "reset_after",
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
        reset_after=True,
        use_cudnn="auto",
        **kwargs,
    ):
        cell = GRUCell(
            units,
            activation=activation,
            recurrent_activation=recurrent_activation,
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
            reset_after=reset_after,
            seed=seed,
            implementation=kwargs.pop("implementation", 2),
            **self.cell_kwargs(kwargs, "gru_cell"),
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
    reset_after = property(lambda self: self.cell.reset_after)
