"""`StackedRNNCells`: several cells acting as one, each feeding the next within a step."""

from nnext import creation
from nnext.keras.layers.layer import Layer


def _state_list(states):
    return list(states) if isinstance(states, (list, tuple)) else [states]


class StackedRNNCells(Layer):
    """Wraps a list of RNN cells so that `RNN` runs them as one cell: at every step the
    output of each cell is the input of the next; the states are one entry per cell.

    Args:
        cells: a list of RNN cells.

    Example:
        >>> cells = [layers.LSTMCell(8), layers.LSTMCell(4)]
        >>> layers.RNN(layers.StackedRNNCells(cells))(np.ones((2, 5, 3))).shape
        TensorShape([2, 4])
    """

    def __init__(self, cells, **kwargs):
        super().__init__(**kwargs)
        for cell in cells:
            if "call" not in dir(cell):
                raise ValueError(
                    "All cells must have a `call` method. "
                    f"Received cell without a `call` method: {cell}"
                )
            if "state_size" not in dir(cell):
                raise ValueError(
                    "All cells must have a `state_size` attribute. "
                    f"Received cell without a `state_size`: {cell}"
                )
        self.cells = list(cells)

    @property
    def state_size(self):
        return [c.state_size for c in self.cells]

    @property
    def output_size(self):
        last = self.cells[-1]
        if getattr(last, "output_size", None) is not None:
            return last.output_size
        return _state_list(last.state_size)[0]

    def get_initial_state(self, batch_size=None):
        states = []
        for cell in self.cells:
            initial = getattr(cell, "get_initial_state", None)
            if initial is not None:
                states.append(initial(batch_size=batch_size))
            elif isinstance(cell.state_size, int):
                states.append(
                    creation.zeros((batch_size, cell.state_size), dtype=self.compute_dtype)
                )
            else:
                states.append(
                    [
                        creation.zeros((batch_size, d), dtype=self.compute_dtype)
                        for d in cell.state_size
                    ]
                )
        return states

    def call(self, inputs, states, training=False):
        new_states = []
        for cell, cell_states in zip(self.cells, states):
            was_list = isinstance(cell_states, (list, tuple))
            kwargs = {"training": training} if getattr(cell, "_call_has_training", False) else {}
            inputs, cell_states = cell(inputs, _state_list(cell_states), **kwargs)
            cell_states = _state_list(cell_states)
            new_states.append(
                cell_states[0] if len(cell_states) == 1 and not was_list else cell_states
            )
        return inputs, new_states[0] if len(new_states) == 1 else new_states

    def build(self, input_shape):
        batch = input_shape[0]
        for cell in self.cells:
            if isinstance(cell, Layer) and not cell.built:
                cell._maybe_build(tuple(input_shape))
            size = getattr(cell, "output_size", None) or _state_list(cell.state_size)[0]
            input_shape = (batch, size)
        self.built = True

    def get_config(self):
        from nnext.keras.saving import serialize_keras_object

        return {**super().get_config(), "cells": [serialize_keras_object(c) for c in self.cells]}

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from nnext.keras.saving import deserialize_keras_object

        config = dict(config)
        cells = [deserialize_keras_object(c, custom_objects) for c in config.pop("cells")]
        dtype = config.get("dtype")
        if isinstance(dtype, dict):
            config["dtype"] = dtype.get("config", {}).get("name")
        return cls(cells, **config)
