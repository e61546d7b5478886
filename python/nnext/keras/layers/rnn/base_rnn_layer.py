"""What SimpleRNN, LSTM and GRU share: an `RNN` around one built-in cell whose arguments
the layer exposes as its own (Keras's flat config)."""

from nnext.keras import regularizers
from nnext.keras.layers.rnn.rnn import RNN, check_sequence_rank


def _delegated(name):
    return property(lambda self: getattr(self.cell, name), doc=f"The cell's `{name}`.")


class RecurrentLayer(RNN):
    """An `RNN` over a cell built from the layer's own arguments."""

    CELL_ARGUMENTS = ()  # the cell's config keys the layer exposes

    def __init__(
        self,
        cell,
        return_sequences=False,
        return_state=False,
        go_backwards=False,
        stateful=False,
        unroll=False,
        use_cudnn="auto",
        **kwargs,
    ):
        super().__init__(
            cell,
            return_sequences=return_sequences,
            return_state=return_state,
            go_backwards=go_backwards,
            stateful=stateful,
            unroll=unroll,
            **kwargs,
        )
        if use_cudnn not in ("auto", True, False):
            raise ValueError(
                "Invalid valid received for argument `use_cudnn`. Expected one of "
                f"{{'auto', True, False}}. Received: use_cudnn={use_cudnn}"
            )
        self.use_cudnn = use_cudnn

    @staticmethod
    def cell_kwargs(kwargs, name):
        """The dtype, trainable flag and name the layer passes to its cell, as Keras."""
        return {
            "dtype": kwargs.get("dtype"),
            "trainable": kwargs.get("trainable", True),
            "name": name,
        }

    def call(self, sequences, initial_state=None, mask=None, training=False):
        check_sequence_rank(self, sequences)
        return super().call(sequences, initial_state=initial_state, mask=mask, training=training)

    def get_config(self):
        base = super().get_config()
        cell_config = self.cell.get_config()
        config = {key: cell_config[key] for key in self.CELL_ARGUMENTS}
        config["activity_regularizer"] = regularizers.serialize(self.activity_regularizer)
        base.pop("cell")
        return {**base, **config}

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        dtype = config.get("dtype")
        if isinstance(dtype, dict):
            config["dtype"] = dtype.get("config", {}).get("name")
        return cls(**config)


for _name in (
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
):
    setattr(RecurrentLayer, _name, _delegated(_name))
