"""`RNN`: runs a recurrent cell over the time axis of a sequence.

A built-in cell (SimpleRNNCell, LSTMCell, GRUCell) whose configuration the fused C++ op
covers hands the whole sequence to `nnext.recurrent_ops` in one call, forward and backward;
any other cell (a cell of the user's own, an activation the fused loop lacks, recurrent
dropout while training) runs step by step here, each step recorded on the tape.
"""

from nnext import _core, array_ops, creation
from nnext import math as nmath
from nnext.keras import backend, regularizers
from nnext.keras.layers.layer import Layer
from nnext.keras.layers.rnn.dropout_rnn_cell import DropoutRNNCell
from nnext.keras.layers.rnn.stacked_rnn_cells import StackedRNNCells
from nnext.keras.variables import owned_variable


def _flatten(structure):
    if isinstance(structure, (list, tuple)):
        return [leaf for item in structure for leaf in _flatten(item)]
    return [structure]


def _pack_like(structure, leaves):
    """`leaves` (a flat iterator) arranged as the nested lists of `structure`."""
    if isinstance(structure, (list, tuple)):
        return [_pack_like(item, leaves) for item in structure]
    return next(leaves)


def check_sequence_rank(layer, inputs, rank=3):
    if len(inputs.shape) != rank:
        raise ValueError(
            f'Input 0 of layer "{layer.name}" is incompatible with the layer: expected '
            f"ndim={rank}, found ndim={len(inputs.shape)}. Full shape received: "
            f"{tuple(inputs.shape)}"
        )


class RNN(Layer):
    """Base class for recurrent layers: applies `cell` at every step of a sequence.

    Args:
        cell: an RNN cell (a layer with `call(inputs, states)` returning
            `(output, new_states)` and a `state_size`), or a list of cells (stacked).
        return_sequences: return the output of every step (`(batch, timesteps, units)`)
            instead of the last one only.
        return_state: also return the final states.
        go_backwards: process the sequence from its last step to its first (the returned
            sequence is then in reversed order).
        stateful: keep the final states of each batch as the initial states of the next.
        unroll: accepted for compatibility; nnext's loop is in C++ either way.
        zero_output_for_mask: masked steps output zeros instead of the previous output.

    Call arguments:
        sequences: `(batch, timesteps, features)`.
        initial_state: list of initial states (zeros when None).
        mask: bool `(batch, timesteps)`; a masked step keeps the previous states.
        training: whether dropout applies.

    Example:
        >>> layer = layers.RNN(layers.LSTMCell(4), return_sequences=True)
        >>> layer(np.ones((2, 5, 3))).shape
        TensorShape([2, 5, 4])
    """

    def __init__(
        self,
        cell,
        return_sequences=False,
        return_state=False,
        go_backwards=False,
        stateful=False,
        unroll=False,
        zero_output_for_mask=False,
        **kwargs,
    ):
        if isinstance(cell, (list, tuple)):
            cell = StackedRNNCells(cell)
        if "call" not in dir(cell):
            raise ValueError(f"Argument `cell` should have a `call` method. Received: cell={cell}")
        if "state_size" not in dir(cell):
            raise ValueError(
                "The RNN cell should have a `state_size` attribute (single integer or list of "
                f"integers, one integer per RNN state). Received: cell={cell}"
            )
        activity_regularizer = kwargs.pop("activity_regularizer", None)
        super().__init__(**kwargs)
        self.activity_regularizer = regularizers.get(activity_regularizer)
        self.zero_output_for_mask = zero_output_for_mask
        self.cell = cell
        self.return_sequences = return_sequences
        self.return_state = return_state
        self.go_backwards = go_backwards
        self.stateful = stateful
        self.unroll = unroll
        self.supports_masking = True
        # A plain list: the states of a stateful layer are not weights (Keras saves none).
        self.states = None
        state_size = cell.state_size
        self.state_size = [state_size] if isinstance(state_size, int) else list(state_size)
        self.single_state = isinstance(state_size, int)

    # -- shapes and masks ------------------------------------------------------------------

    def compute_output_shape(self, sequences_shape, initial_state_shape=None):
        batch, length = sequences_shape[0], sequences_shape[1]
        states_shape = [
            [(batch, s) for s in size] if isinstance(size, (list, tuple)) else (batch, size)
            for size in self.state_size
        ]
        output_size = getattr(self.cell, "output_size", None) or self.state_size[0]
        if not isinstance(output_size, int):
            raise ValueError("output_size must be an integer.")  # noqa: TRY004 -- as Keras
        shape = (batch, length, output_size) if self.return_sequences else (batch, output_size)
        return (shape, *states_shape) if self.return_state else shape

    def compute_mask(self, _, mask):
        """The output mask: the input mask when sequences are returned, else None."""
        if isinstance(mask, (list, tuple)):
            mask = mask[0]
        output_mask = mask if self.return_sequences else None
        if self.return_state:
            return [output_mask] + [None for _ in self.state_size]
        return output_mask

    # -- building and states -------------------------------------------------------------

    def build(self, sequences_shape, initial_state_shape=None):
        step_shape = (sequences_shape[0],) + tuple(sequences_shape[2:])
        if isinstance(self.cell, Layer) and not self.cell.built:
            self.cell._maybe_build(step_shape)
        if self.stateful:
            if sequences_shape[0] is None:
                raise ValueError(
                    "When using `stateful=True` in a RNN, the batch size must be static. "
                    f"Found dynamic batch size: sequence.shape={tuple(sequences_shape)}"
                )
            self.states = [
                owned_variable(self, s, "rnn_state")
                for s in _flatten(self.get_initial_state(sequences_shape[0]))
            ]
        self.built = True

    def get_initial_state(self, batch_size):
        """Zero states (or the cell's own `get_initial_state`), as a list."""
        initial = getattr(self.cell, "get_initial_state", None)
        if initial is None:
            return [
                creation.zeros((batch_size, d), dtype=self.compute_dtype) for d in self.state_size
            ]
        states = initial(batch_size=batch_size)
        return list(states) if isinstance(states, (list, tuple)) else [states]

    def reset_state(self):
        """Zeroes the states of a stateful layer."""
        if self.states is not None:
            for v in self.states:
                v.assign(creation.zeros(tuple(v.shape), dtype=v.dtype))

    reset_states = reset_state

    # -- the computation -----------------------------------------------------------------

    def call(self, sequences, initial_state=None, mask=None, training=False):
        if len(sequences.shape) < 3:
            check_sequence_rank(self, sequences)
        batch = sequences.shape[0]
        if initial_state is None:
            if self.stateful:
                initial_state = _pack_like(self.get_initial_state(batch), iter(self.states))
            else:
                initial_state = self.get_initial_state(batch)
        elif self.stateful and self.states and batch != self.states[0].shape[0]:
            raise ValueError(
                "If an RNN is stateful, the batch size of the input sequences must be the "
                f"same as the batch size of the initial state. \n- Expected batch size: "
                f"{self.states[0].shape[0]}\n- Received batch size: {batch}"
            )
        if not isinstance(initial_state, (list, tuple)):
            initial_state = [initial_state]
        initial_state = _pack_like(
            list(initial_state),
            iter([backend.to_tensor(s, self.compute_dtype) for s in _flatten(initial_state)]),
        )
        if mask is not None:
            mask = backend.to_tensor(mask)
            if mask.dtype.name != "bool":
                mask = nmath.cast(mask, "bool")
            if len(mask.shape) == 3:  # Keras also accepts (batch, timesteps, 1)
                mask = _core.reshape(mask, tuple(mask.shape[:2]))

        result = None
        fused = getattr(self.cell, "_fused_sequence", None)
        if fused is not None:
            result = fused(
                sequences,
                initial_state,
                mask,
                self.go_backwards,
                self.zero_output_for_mask,
                bool(training),
            )
        if result is None:
            result = self._step_loop(sequences, initial_state, mask, training)
        _reset_dropout_masks(self.cell)
        last_output, outputs, states = result

        if self.stateful:
            for variable, state in zip(self.states, _flatten(states)):
                variable.assign(state)
        output = outputs if self.return_sequences else last_output
        if self.activity_regularizer is not None:
            self.add_loss(self.activity_regularizer(output) / max(1, output.shape[0]))
        if self.return_state:
            return (output, *states)
        return output

    def _step_loop(self, sequences, initial_state, mask, training):
        """Keras's `backend.rnn` step by step: each step is a call of the cell, recorded on
        the tape like any other op."""
        cell = self.cell
        steps = sequences.shape[1]
        order = range(steps - 1, -1, -1) if self.go_backwards else range(steps)
        kwargs = {"training": training} if getattr(cell, "_call_has_training", False) else {}
        states = initial_state
        outputs = []
        for t in order:
            output, new_states = cell(sequences[:, t], states, **kwargs)
            if not isinstance(new_states, (list, tuple)):
                new_states = [new_states]
            new_states = list(new_states)
            if mask is not None:
                keep = mask[:, t : t + 1]
                flat = _flatten(states)
                # A masked step outputs the previous output (Keras: the first state of the
                # last cell) or zeros, and keeps every state.
                previous = flat[0] if not isinstance(states[-1], (list, tuple)) else states[-1][0]
                output = nmath.where(keep, output, 0.0 if self.zero_output_for_mask else previous)
                kept = [nmath.where(keep, n, s) for n, s in zip(_flatten(new_states), flat)]
                new_states = _pack_like(new_states, iter(kept))
            outputs.append(output)
            states = new_states
        if outputs:
            sequence = array_ops.stack(outputs, axis=1)
            return outputs[-1], sequence, states
        size = getattr(cell, "output_size", None) or self.state_size[0]
        empty = creation.zeros((sequences.shape[0], 0, size), dtype=self.compute_dtype)
        return _flatten(states)[0], empty, states

    # -- config --------------------------------------------------------------------------

    def get_config(self):
        from nnext.keras.saving import serialize_keras_object

        return {
            **super().get_config(),
            "return_sequences": self.return_sequences,
            "return_state": self.return_state,
            "go_backwards": self.go_backwards,
            "stateful": self.stateful,
            "unroll": self.unroll,
            "zero_output_for_mask": self.zero_output_for_mask,
            "cell": serialize_keras_object(self.cell),
        }

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from nnext.keras.saving import deserialize_keras_object

        config = dict(config)
        cell = deserialize_keras_object(config.pop("cell"), custom_objects)
        dtype = config.get("dtype")
        if isinstance(dtype, dict):
            config["dtype"] = dtype.get("config", {}).get("name")
        return cls(cell, **config)


def _reset_dropout_masks(cell):
    if isinstance(cell, DropoutRNNCell):
        cell.reset_dropout_mask()
        cell.reset_recurrent_dropout_mask()
    for inner in getattr(cell, "cells", ()):
        _reset_dropout_masks(inner)
