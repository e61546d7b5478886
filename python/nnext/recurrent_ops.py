"""Whole-sequence recurrent ops: SimpleRNN, LSTM and GRU layers as single C++ calls.

Each op projects every time step's input with one gemm, runs its gates in a fused C++ step
forward through time, and records the whole sequence on the gradient tape as one node whose
backward pass runs back through time in C++. Weights use Keras 3's layout, so a Keras
layer's `kernel`, `recurrent_kernel` and `bias` can be passed as they are.

Every op returns `(last_output, outputs, states)` as Keras's backend `rnn` does: `outputs`
is `(batch, timesteps, units)` in the order the steps were processed (reversed for
`go_backwards=True`), `last_output` the output of the last processed step and `states` the
list of final states. Second derivatives through these ops are not recorded.
"""

from nnext import _core

__all__ = ["ACTIVATIONS", "gru", "lstm", "simple_rnn"]

# The activations the fused loops evaluate (by Keras name).
ACTIVATIONS = ("linear", "tanh", "sigmoid", "relu", "hard_sigmoid")


def _in_step_order(inputs, mask, go_backwards):
    if mask is not None:
        mask = _core.cast(mask, "bool") if mask.dtype.name != "bool" else mask
    if not go_backwards:
        return inputs, mask
    return inputs[:, ::-1], None if mask is None else mask[:, ::-1]


def _convert(x):
    return x if x is None or isinstance(x, _core.Tensor) else _core.convert_to_tensor(x)


def _last_output(outputs, h, mask, zero_output_for_mask):
    # With zero outputs for masked steps, a masked last step outputs zeros, not the state.
    if mask is not None and zero_output_for_mask:
        return outputs[:, -1]
    return h


def simple_rnn(
    inputs,
    kernel,
    recurrent_kernel,
    bias=None,
    initial_state=None,
    mask=None,
    activation="tanh",
    go_backwards=False,
    zero_output_for_mask=False,
):
    """A SimpleRNN over a whole sequence: `h_t = activation(x_t @ kernel + h_{t-1} @
    recurrent_kernel + bias)`.

    Args:
        inputs: `(batch, timesteps, features)`.
        kernel: `(features, units)`; recurrent_kernel: `(units, units)`; bias: `(units,)`
            or None.
        initial_state: `(batch, units)`, zeros when None.
        mask: bool `(batch, timesteps)` or None; a masked step keeps the state and outputs
            the kept state (zeros with `zero_output_for_mask=True`).
        activation: one of `ACTIVATIONS`.
        go_backwards: process the sequence from its last step to its first.

    Returns:
        `(last_output, outputs, [h])`.

    >>> last, seq, [h] = nnext.recurrent_ops.simple_rnn(np.ones((2, 5, 3), "float32"),
    ...     np.ones((3, 4), "float32"), np.eye(4, dtype="float32"))
    >>> seq.shape
    TensorShape([2, 5, 4])
    """
    inputs, mask = _in_step_order(_convert(inputs), _convert(mask), go_backwards)
    outputs, h = _core.simple_rnn(
        inputs,
        kernel,
        recurrent_kernel,
        bias,
        initial_state,
        mask,
        activation,
        zero_output_for_mask,
    )
    return _last_output(outputs, h, mask, zero_output_for_mask), outputs, [h]


def lstm(
    inputs,
    kernel,
    recurrent_kernel,
    bias=None,
    initial_state_h=None,
    initial_state_c=None,
    mask=None,
    activation="tanh",
    recurrent_activation="sigmoid",
    go_backwards=False,
    zero_output_for_mask=False,
):
    """An LSTM over a whole sequence, Keras's gates i, f, c, o in that order:

        z = x_t @ kernel + h_{t-1} @ recurrent_kernel + bias
        i, f, o = recurrent_activation(z_i, z_f, z_o);  c_t = f * c_{t-1} + i * activation(z_c)
        h_t = o * activation(c_t)

    Args:
        inputs: `(batch, timesteps, features)`.
        kernel: `(features, 4 * units)`; recurrent_kernel: `(units, 4 * units)`; bias:
            `(4 * units,)` or None.
        initial_state_h, initial_state_c: `(batch, units)`, zeros when None.
        mask: bool `(batch, timesteps)` or None (see `simple_rnn`).
        activation, recurrent_activation: names from `ACTIVATIONS`.
        go_backwards: process the sequence from its last step to its first.

    Returns:
        `(last_output, outputs, [h, c])`.
    """
    inputs, mask = _in_step_order(_convert(inputs), _convert(mask), go_backwards)
    outputs, h, c = _core.lstm(
        inputs,
        kernel,
        recurrent_kernel,
        bias,
        initial_state_h,
        initial_state_c,
        mask,
        activation,
        recurrent_activation,
        zero_output_for_mask,
    )
    return _last_output(outputs, h, mask, zero_output_for_mask), outputs, [h, c]


def gru(
    inputs,
    kernel,
    recurrent_kernel,
    bias=None,
    initial_state=None,
    mask=None,
    activation="tanh",
    recurrent_activation="sigmoid",
    go_backwards=False,
    zero_output_for_mask=False,
):
    """A GRU over a whole sequence in Keras 3's default form (`reset_after=True`), gates z,
    r, h in that order:

        x_z, x_r, x_h = x_t @ kernel + bias[0];  r_z, r_r, r_h = h_{t-1} @ recurrent_kernel + bias[1]
        z, r = recurrent_activation(x_z + r_z, x_r + r_r);  hh = activation(x_h + r * r_h)
        h_t = z * h_{t-1} + (1 - z) * hh

    Args:
        inputs: `(batch, timesteps, features)`.
        kernel: `(features, 3 * units)`; recurrent_kernel: `(units, 3 * units)`; bias:
            `(2, 3 * units)` (input bias, recurrent bias) or None.
        initial_state: `(batch, units)`, zeros when None.
        mask, activation, recurrent_activation, go_backwards: as for `lstm`.

    Returns:
        `(last_output, outputs, [h])`.
    """
    inputs, mask = _in_step_order(_convert(inputs), _convert(mask), go_backwards)
    outputs, h = _core.gru(
        inputs,
        kernel,
        recurrent_kernel,
        bias,
        initial_state,
        mask,
        activation,
        recurrent_activation,
        zero_output_for_mask,
    )
    return _last_output(outputs, h, mask, zero_output_for_mask), outputs, [h]
