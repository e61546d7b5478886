"""`Sequential`: a plain stack of layers, each feeding the next."""

from nnext.keras.keras_tensor import KerasTensor
from nnext.keras.layers.core.input_layer import InputLayer
from nnext.keras.layers.layer import Layer, structure_changed
from nnext.keras.models.functional import adjust_input_rank, convert_input_dtype
from nnext.keras.models.model import Model
from nnext.keras.utils import naming


class Sequential(Model):
    """A model whose layers are applied one after the other.

    The input shape comes from `input_shape=` on the first layer, an `Input(...)` first,
    `build(input_shape)`, or the first batch; weights are created as soon as it is known.

    Example:
        >>> model = Sequential()
        >>> model.add(layers.Dense(512, activation="relu", input_shape=(784,)))
        >>> model.add(layers.Dense(10, activation="softmax"))
        >>> model.compile(optimizer="rmsprop", loss="categorical_crossentropy")
    """

    def __init__(self, layers=None, trainable=True, name=None):
        super().__init__(trainable=trainable, name=name)
        for layer in layers or []:
            self.add(layer, rebuild=False)
        self._maybe_rebuild()

    @property
    def layers(self):
        """The layers, without the implicit `InputLayer`."""
        return list(self._cached("layers", self._stacked_layers))

    def _stacked_layers(self):
        return [layer for layer in self._layers if not isinstance(layer, InputLayer)]

    @property
    def _input_layer(self):
        if self._layers and isinstance(self._layers[0], InputLayer):
            return self._layers[0]
        return None

    def add(self, layer, rebuild=True):
        """Appends a layer (or an `Input`) to the stack."""
        if isinstance(layer, KerasTensor):
            layer = layer._keras_history.operation
        if not isinstance(layer, Layer):
            raise TypeError(
                "Only instances of `keras.Layer` can be added to a Sequential model. "
                f"Received: {layer} (of type {type(layer)})"
            )
        if isinstance(layer, InputLayer):
            if self._layers:
                raise ValueError(
                    f"Sequential model '{self.name}' already has layers: an `Input` can only "
                    "be added first."
                )
        elif not self._layers and layer._input_shape_arg is not None:
            self._layers.append(InputLayer(shape=layer._input_shape_arg))
        self._layers.append(layer)
        structure_changed()
        self.built = False
        if rebuild:
            self._maybe_rebuild()

    def pop(self, rebuild=True):
        """Removes and returns the last layer."""
        if not self.layers:
            raise TypeError("There are no layers in the model.")
        layer = self._layers.pop()
        structure_changed()
        self.built = False
        if rebuild:
            self._maybe_rebuild()
        return layer

    def _maybe_rebuild(self):
        if self._input_layer is not None and self.layers:
            self.build(self._input_layer.batch_shape)

    def build(self, input_shape=None):
        """Builds every layer in turn from `input_shape` (with the batch axis)."""
        if input_shape is None:
            if self._input_layer is None:
                raise ValueError("You must provide an `input_shape` argument.")
            input_shape = self._input_layer.batch_shape
        input_shape = tuple(input_shape)
        if self._input_layer is None:
            self._layers.insert(0, InputLayer(batch_shape=input_shape))
            structure_changed()
        shape = input_shape
        for layer in self.layers:
            layer._maybe_build(shape)
            shape = layer.compute_output_shape(shape)
        self._build_input_shape = input_shape
        self.built = True
        # As Keras, a built Sequential model has called its layers on the input layer's
        # tensor, so each layer has an `input` and `output` (`layers[i].output.shape`).
        try:
            self._graph()
        except NotImplementedError:
            return
        # Keras wraps that graph in a new automatically named Functional at every build,
        # so the models a program makes after it are numbered after those.
        naming.auto_name("Functional")

    def call(self, inputs, training=None):
        stack = self._cached("layers", self._stacked_layers)
        if not stack:
            raise ValueError(
                f"Sequential model '{self.name}' has no layers. Add layers with `add()` "
                "before calling it."
            )
        x = inputs
        if self._input_layer is not None:
            x = convert_input_dtype(self._input_layer.output.dtype, x)
            x = adjust_input_rank(self._input_layer.batch_shape, x)
        for layer in stack:
            x = layer(x, training=training)
        return x

    @classmethod
    def _obj_type(cls):
        return "Sequential"

    def __call__(self, inputs, training=None, **kwargs):
        if not self.built:
            self._build_input_shape = None
        return Layer.__call__(self, inputs, training=training, **kwargs)

    # -- the functional view Keras gives a built Sequential model ----------------------------

    def _graph(self):
        """`(input, output)` KerasTensors of the layers called in turn on the input layer's
        tensor (made once per layer structure)."""
        if not self.built or self._input_layer is None:
            raise AttributeError(
                f"Sequential model '{self.name}' has no defined inputs yet: build it first "
                "(give the first layer an `input_shape`, start with `keras.Input`, or call "
                "`build`)."
            )

        def connect():
            x = first = self._input_layer.output
            for layer in self.layers:
                x = layer(x)
            return first, x

        return self._cached("functional_graph", connect)

    @property
    def inputs(self):
        return [self._graph()[0]]

    @property
    def outputs(self):
        return [self._graph()[1]]

    @property
    def input(self):
        return self._graph()[0]

    @property
    def output(self):
        return self._graph()[1]

    @property
    def input_shape(self):
        return self._graph()[0].shape

    @property
    def output_shape(self):
        return self._graph()[1].shape

    def _summary_rows(self):
        # As Keras's functional view: shapes follow from the input layer's batch shape
        # (its batch size included), also through layers that build nothing.
        if not self.built or self._input_layer is None:
            return super()._summary_rows()
        rows, shape = [], tuple(self._input_layer.batch_shape)
        for layer in self.layers:
            shape = layer.compute_output_shape(shape)
            rows.append((layer.name, type(layer).__name__, shape, layer.weights))
        return rows

    def compute_output_shape(self, input_shape):
        shape = tuple(input_shape)
        for layer in self.layers:
            shape = layer.compute_output_shape(shape)
        return shape

    def get_config(self):
        from nnext.keras.layers import serialize

        config = {**super().get_config(), "layers": [serialize(layer) for layer in self._layers]}
        if self._input_layer is not None:
            config["build_input_shape"] = list(self._input_layer.batch_shape)
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from nnext.keras.layers import deserialize

        model = cls(name=config.get("name"), trainable=config.get("trainable", True))
        for layer_config in config["layers"]:
            model.add(deserialize(layer_config, custom_objects), rebuild=False)
        build_input_shape = config.get("build_input_shape")
        if build_input_shape and model._input_layer is None:
            model.build(tuple(build_input_shape))
        else:
            model._maybe_rebuild()
        return model
