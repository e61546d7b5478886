"""`ConvLSTM1D/2D/3D`: LSTMs whose input and recurrent transforms are convolutions, so the
states are feature maps (Shi et al., 2015), as Keras 3's `ConvLSTMCell` and `ConvLSTM`.

Each step convolves the input (with the layer's strides, padding and dilation) and the
previous hidden state ('same', stride 1) into the four gates; the steps run in RNN's step
loop, each one recorded on the tape (the convolutions are nnext's C++ kernels).
"""

from nnext.keras import activations, constraints, initializers, ops, regularizers
from nnext.keras.layers.convolutional import arguments
from nnext.keras.layers.input_spec import InputSpec
from nnext.keras.layers.layer import Layer
from nnext.keras.layers.rnn.dropout_rnn_cell import DropoutRNNCell
from nnext.keras.layers.rnn.rnn import RNN

_CELL_ARGUMENTS = (
    "filters",
    "kernel_size",
    "strides",
    "padding",
    "data_format",
    "dilation_rate",
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
)
_SERIALIZERS = {
    "activation": activations.serialize,
    "recurrent_activation": activations.serialize,
    "kernel_initializer": initializers.serialize,
    "recurrent_initializer": initializers.serialize,
    "bias_initializer": initializers.serialize,
    "kernel_regularizer": regularizers.serialize,
    "recurrent_regularizer": regularizers.serialize,
    "bias_regularizer": regularizers.serialize,
    "kernel_constraint": constraints.serialize,
    "recurrent_constraint": constraints.serialize,
    "bias_constraint": constraints.serialize,
}


class ConvLSTMCell(Layer, DropoutRNNCell):
    """One step of a ConvLSTM over (batch, spatial..., channels) inputs; the state is
    `[h, c]`, two feature maps of `filters` channels."""

    def __init__(
        self,
        rank,
        filters,
        kernel_size,
        strides=1,
        padding="valid",
        data_format=None,
        dilation_rate=1,
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
        super().__init__(**kwargs)
        self.seed = seed
        self.rank = rank
        if rank > 3:
            raise ValueError(
                f"Rank {rank} convolutions are not currently implemented. Received: rank={rank}"
            )
        self.filters = filters
        self.kernel_size = arguments.standardize_tuple(kernel_size, rank, "kernel_size")
        self.strides = arguments.standardize_tuple(strides, rank, "strides", allow_zero=True)
        self.padding = arguments.standardize_padding(padding)
        self.data_format = arguments.standardize_data_format(data_format)
        self.dilation_rate = arguments.standardize_tuple(dilation_rate, rank, "dilation_rate")
        if max(self.strides) > 1 and max(self.dilation_rate) > 1:
            raise ValueError(
                "Specifying `strides > 1` is not compatible with `dilation_rate > 1`. Please "
                f"provide `strides=1` or `dilation_rate=1`. Received: strides={self.strides} "
                f"and dilation_rate={self.dilation_rate}"
            )
        self.activation = activations.get(activation)
        self.recurrent_activation = activations.get(recurrent_activation)
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.recurrent_initializer = initializers.get(recurrent_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.unit_forget_bias = unit_forget_bias
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.recurrent_regularizer = regularizers.get(recurrent_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.recurrent_constraint = constraints.get(recurrent_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.dropout = min(1.0, max(0.0, dropout))
        self.recurrent_dropout = min(1.0, max(0.0, recurrent_dropout))
        self.dropout_mask_count = 4
        self.input_spec = InputSpec(ndim=rank + 2)
        self.state_size = -1

    def build(self, inputs_shape, states_shape=None):
        first = self.data_format == "channels_first"
        self.spatial_dims = tuple(inputs_shape[2:] if first else inputs_shape[1:-1])
        if None in self.spatial_dims:
            raise ValueError(
                "ConvLSTM layers only support static input shapes for the spatial dimension. "
                f"Received invalid input shape: input_shape={tuple(inputs_shape)}"
            )
        channels = inputs_shape[1 if first else -1]
        if channels is None:
            raise ValueError(
                "The channel dimension of the inputs (last axis) should be defined. Found "
                f"None. Full input shape received: input_shape={tuple(inputs_shape)}"
            )
        self.input_dim = channels
        self.kernel = self.add_weight(
            shape=self.kernel_size + (channels, self.filters * 4),
            initializer=self.kernel_initializer,
            name="kernel",
            regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint,
        )
        self.recurrent_kernel = self.add_weight(
            shape=self.kernel_size + (self.filters, self.filters * 4),
            initializer=self.recurrent_initializer,
            name="recurrent_kernel",
            regularizer=self.recurrent_regularizer,
            constraint=self.recurrent_constraint,
        )
        self.bias = None
        if self.use_bias:
            initializer = self.bias_initializer
            if self.unit_forget_bias:

                def initializer(_, *args, **kwargs):  # the forget gate's bias starts at 1
                    return ops.concatenate(
                        [
                            self.bias_initializer((self.filters,), *args, **kwargs),
                            initializers.get("ones")((self.filters,), *args, **kwargs),
                            self.bias_initializer((self.filters * 2,), *args, **kwargs),
                        ]
                    )

            self.bias = self.add_weight(
                shape=(self.filters * 4,),
                name="bias",
                initializer=initializer,
                regularizer=self.bias_regularizer,
                constraint=self.bias_constraint,
            )
        self.built = True

    def call(self, inputs, states, training=False):
        h_tm1, c_tm1 = states[0], states[1]
        inputs_gates = [inputs] * 4
        if training and 0.0 < self.dropout < 1.0:
            inputs_gates = [inputs * m for m in self.get_dropout_mask(inputs)]
        h_gates = [h_tm1] * 4
        if training and 0.0 < self.recurrent_dropout < 1.0:
            h_gates = [h_tm1 * m for m in self.get_recurrent_dropout_mask(h_tm1)]
        kernels = ops.split(self.kernel, 4, axis=self.rank + 1)
        recurrent = ops.split(self.recurrent_kernel, 4, axis=self.rank + 1)
        biases = ops.split(self.bias, 4) if self.use_bias else [None] * 4
        x_i, x_f, x_c, x_o = (
            self.input_conv(x, k, b, padding=self.padding)
            for x, k, b in zip(inputs_gates, kernels, biases)
        )
        h_i, h_f, h_c, h_o = (self.recurrent_conv(h, k) for h, k in zip(h_gates, recurrent))
        i = self.recurrent_activation(x_i + h_i)
        f = self.recurrent_activation(x_f + h_f)
        c = f * c_tm1 + i * self.activation(x_c + h_c)
        o = self.recurrent_activation(x_o + h_o)
        h = o * self.activation(c)
        return h, [h, c]

    def compute_output_shape(self, inputs_shape, states_shape=None):
        first = self.data_format == "channels_first"
        spatial = inputs_shape[2:] if first else inputs_shape[1:-1]
        sizes = [
            arguments.conv_output_size(n, k, s, self.padding, d)
            for n, k, s, d in zip(spatial, self.kernel_size, self.strides, self.dilation_rate)
        ]
        shape = (
            (inputs_shape[0], self.filters, *sizes)
            if first
            else (inputs_shape[0], *sizes, self.filters)
        )
        return shape, [shape, shape]

    def get_initial_state(self, batch_size=None):
        first = self.data_format == "channels_first"
        shape = (
            (batch_size, self.input_dim) + self.spatial_dims
            if first
            else (batch_size,) + self.spatial_dims + (self.input_dim,)
        )
        state_shape = self.compute_output_shape(shape)[0]
        return [
            ops.zeros(state_shape, dtype=self.compute_dtype),
            ops.zeros(state_shape, dtype=self.compute_dtype),
        ]

    def input_conv(self, x, w, b=None, padding="valid"):
        out = ops.conv(
            x,
            w,
            strides=self.strides,
            padding=padding,
            data_format=self.data_format,
            dilation_rate=self.dilation_rate,
        )
        if b is not None:
            shape = (
                (1,) * (self.rank + 1) + (self.filters,)
                if self.data_format == "channels_last"
                else (1, self.filters) + (1,) * self.rank
            )
            out = out + ops.reshape(b, shape)
        return out

    def recurrent_conv(self, x, w):
        return ops.conv(x, w, strides=1, padding="same", data_format=self.data_format)

    def get_config(self):
        config = {name: getattr(self, name) for name in _CELL_ARGUMENTS}
        for name, serialize in _SERIALIZERS.items():
            config[name] = serialize(config[name])
        return {**super().get_config(), **config, "seed": self.seed}


class ConvLSTM(RNN):
    """A ConvLSTM layer of rank 1, 2 or 3 over (batch, time, spatial..., channels)
    sequences; the arguments are `ConvLSTMCell`'s and RNN's."""

    def __init__(
        self,
        rank,
        filters,
        kernel_size,
        strides=1,
        padding="valid",
        data_format=None,
        dilation_rate=1,
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
        return_sequences=False,
        return_state=False,
        go_backwards=False,
        stateful=False,
        **kwargs,
    ):
        cell = ConvLSTMCell(
            rank=rank,
            filters=filters,
            kernel_size=kernel_size,
            strides=strides,
            padding=padding,
            data_format=data_format,
            dilation_rate=dilation_rate,
            activation=activation,
            recurrent_activation=recurrent_activation,
            use_bias=use_bias,
            kernel_initializer=kernel_initializer,
            recurrent_initializer=recurrent_initializer,
            bias_initializer=bias_initializer,
            unit_forget_bias=unit_forget_bias,
            kernel_regularizer=kernel_regularizer,
            recurrent_regularizer=recurrent_regularizer,
            bias_regularizer=bias_regularizer,
            kernel_constraint=kernel_constraint,
            recurrent_constraint=recurrent_constraint,
            bias_constraint=bias_constraint,
            dropout=dropout,
            recurrent_dropout=recurrent_dropout,
            seed=seed,
            name="conv_lstm_cell",
            dtype=kwargs.get("dtype"),
        )
        super().__init__(
            cell,
            return_sequences=return_sequences,
            return_state=return_state,
            go_backwards=go_backwards,
            stateful=stateful,
            **kwargs,
        )
        self.input_spec = InputSpec(ndim=rank + 3)

    def call(self, sequences, initial_state=None, mask=None, training=False):
        if mask is not None:
            raise ValueError(f"{type(self).__name__}: masks are not supported by nnext.")
        return super().call(sequences, initial_state=initial_state, training=training)

    def compute_output_shape(self, sequences_shape, initial_state_shape=None):
        batch, steps = sequences_shape[0], sequences_shape[1]
        step_shape = (batch,) + tuple(sequences_shape[2:])
        state_shape = tuple(self.cell.compute_output_shape(step_shape)[0][1:])
        output = (batch, steps) + state_shape if self.return_sequences else (batch,) + state_shape
        if self.return_state:
            return output, (batch,) + state_shape, (batch,) + state_shape
        return output

    def get_config(self):
        config = super().get_config()
        del config["cell"]
        cell = self.cell.get_config()
        return {
            **config,
            **{name: cell[name] for name in _CELL_ARGUMENTS},
            "activity_regularizer": regularizers.serialize(self.activity_regularizer),
            "seed": self.cell.seed,
        }

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        dtype = config.get("dtype")
        if isinstance(dtype, dict):
            config["dtype"] = dtype.get("config", {}).get("name")
        return cls(**config)


def _conv_lstm_layer(rank):
    class ConvLSTMND(ConvLSTM):
        def __init__(self, filters, kernel_size, **kwargs):
            super().__init__(rank, filters, kernel_size, **kwargs)

    name = f"ConvLSTM{rank}D"
    ConvLSTMND.__name__ = ConvLSTMND.__qualname__ = name
    ConvLSTMND.__doc__ = (
        f"{rank}-D convolutional LSTM over (batch, time, "
        f"{'spatial..., ' if rank > 1 else 'width, '}channels) sequences; "
        "see `ConvLSTM` and `ConvLSTMCell`."
    )
    return ConvLSTMND


ConvLSTM1D = _conv_lstm_layer(1)
ConvLSTM2D = _conv_lstm_layer(2)
ConvLSTM3D = _conv_lstm_layer(3)
