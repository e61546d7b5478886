"""`DropoutRNNCell`: the dropout masks a recurrent cell reuses at every step of a sequence."""

from nnext import math as nmath
from nnext import random


def _dropout_mask(like, rate, seed):
    """Ones of `like`'s shape, each zeroed with probability `rate` and the rest scaled by
    `1 / (1 - rate)` (inverted dropout, as Keras's `random.dropout` of ones)."""
    keep = random.uniform(tuple(like.shape), dtype=like.dtype, seed=seed) >= rate
    return nmath.cast(keep, like.dtype) * (1.0 / (1.0 - rate))


class DropoutRNNCell:
    """Mixin of the built-in cells: creates the input and recurrent dropout masks once per
    sequence and hands the same ones to every step, as Keras does.

    A cell using it has `dropout`, `recurrent_dropout` and `seed`; with
    `dropout_mask_count` set (LSTM and GRU when `recurrent_dropout` is used) each gate
    gets its own mask.
    """

    dropout_mask_count = None

    def _create_dropout_mask(self, step_input, rate):
        if self.dropout_mask_count is None:
            return _dropout_mask(step_input, rate, self.seed)
        return [_dropout_mask(step_input, rate, self.seed) for _ in range(self.dropout_mask_count)]

    def get_dropout_mask(self, step_input):
        """The input mask of the current sequence (created on first use)."""
        if getattr(self, "_dropout_mask", None) is None and self.dropout > 0:
            self._dropout_mask = self._create_dropout_mask(step_input, self.dropout)
        return getattr(self, "_dropout_mask", None)

    def get_recurrent_dropout_mask(self, step_input):
        """The recurrent-state mask of the current sequence (created on first use)."""
        if getattr(self, "_recurrent_dropout_mask", None) is None and self.recurrent_dropout > 0:
            self._recurrent_dropout_mask = self._create_dropout_mask(
                step_input, self.recurrent_dropout
            )
        return getattr(self, "_recurrent_dropout_mask", None)

    def reset_dropout_mask(self):
        """Forgets the input mask: the next sequence draws a new one."""
        self._dropout_mask = None

    def reset_recurrent_dropout_mask(self):
        """Forgets the recurrent mask: the next sequence draws a new one."""
        self._recurrent_dropout_mask = None
